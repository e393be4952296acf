//! One recorded exchange per file: a few `name: value` lines, then the
//! request and response bodies, each preceded by its length in bytes (so
//! any body round-trips exactly and the file still reads well in a diff).
//!
//! ```text
//! soapgen-exchange 1
//! operation: {http://services.sajan.com/}Authenticate
//! url: http://127.0.0.1:8080/AuthenticationService.asmx
//! request-header: Content-Type: text/xml; charset=utf-8
//! request-header: SOAPAction: "http://services.sajan.com/Authenticate"
//! status: 200
//! content-type: text/xml; charset=utf-8
//! request-body: 341
//! <soap:Envelope ...>...</soap:Envelope>
//! response-body: 402
//! <soap:Envelope ...>...</soap:Envelope>
//! ```

const MAGIC: &str = "soapgen-exchange 1";

/// A recorded request and its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exchange {
    pub operation: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request: Vec<u8>,
    pub status: u16,
    pub content_type: Option<String>,
    pub response: Vec<u8>,
}

/// One line, whatever the value holds.
fn line(v: &str) -> String {
    v.replace(['\r', '\n'], " ")
}

pub(crate) fn write(x: &Exchange) -> Vec<u8> {
    let mut out = format!(
        "{MAGIC}\noperation: {}\nurl: {}\n",
        line(&x.operation),
        line(&x.url)
    );
    for (k, v) in &x.request_headers {
        out.push_str(&format!("request-header: {}: {}\n", line(k), line(v)));
    }
    out.push_str(&format!("status: {}\n", x.status));
    if let Some(ct) = &x.content_type {
        out.push_str(&format!("content-type: {}\n", line(ct)));
    }
    let mut out = out.into_bytes();
    for (name, body) in [("request-body", &x.request), ("response-body", &x.response)] {
        out.extend_from_slice(format!("{name}: {}\n", body.len()).as_bytes());
        out.extend_from_slice(body);
        out.push(b'\n');
    }
    out
}

/// Parses a file written by [`write`]; the error says what is wrong.
pub(crate) fn read(bytes: &[u8]) -> Result<Exchange, String> {
    let mut rest = bytes;
    let next_line = |rest: &mut &[u8]| -> Result<String, String> {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("unexpected end of file")?;
        let (l, r) = rest.split_at(end);
        *rest = r.get(1..).unwrap_or_default();
        String::from_utf8(l.to_vec()).map_err(|_| "a header line is not UTF-8".to_string())
    };
    if next_line(&mut rest)? != MAGIC {
        return Err(format!(
            "not a recorded exchange (first line is not `{MAGIC}`)"
        ));
    }
    let mut x = Exchange {
        operation: String::new(),
        url: String::new(),
        request_headers: Vec::new(),
        request: Vec::new(),
        status: 0,
        content_type: None,
        response: Vec::new(),
    };
    let body = |rest: &mut &[u8], len: &str| -> Result<Vec<u8>, String> {
        let n: usize = len
            .trim()
            .parse()
            .map_err(|_| format!("bad body length `{len}`"))?;
        if rest.len() < n + 1 || rest.get(n) != Some(&b'\n') {
            return Err("a body is shorter than its declared length".into());
        }
        let b = rest.get(..n).unwrap_or_default().to_vec();
        *rest = rest.get(n + 1..).unwrap_or_default();
        Ok(b)
    };
    loop {
        let l = next_line(&mut rest)?;
        let (k, v) = l
            .split_once(": ")
            .ok_or_else(|| format!("bad line `{l}`"))?;
        match k {
            "operation" => x.operation = v.to_string(),
            "url" => x.url = v.to_string(),
            "request-header" => {
                let (hk, hv) = v
                    .split_once(": ")
                    .ok_or_else(|| format!("bad header `{v}`"))?;
                x.request_headers.push((hk.to_string(), hv.to_string()));
            }
            "status" => x.status = v.parse().map_err(|_| format!("bad status `{v}`"))?,
            "content-type" => x.content_type = Some(v.to_string()),
            "request-body" => x.request = body(&mut rest, v)?,
            "response-body" => {
                x.response = body(&mut rest, v)?;
                return Ok(x);
            }
            _ => return Err(format!("unknown line `{k}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_any_bytes() {
        let x = Exchange {
            operation: "{urn:a}Op".into(),
            url: "http://h/p".into(),
            request_headers: vec![("SOAPAction".into(), "\"urn:a/Op\"".into())],
            request: b"<a>\nresponse-body: 3\n</a>".to_vec(),
            status: 500,
            content_type: Some("text/xml".into()),
            response: vec![0, 159, 146, 150, b'\n'],
        };
        assert_eq!(read(&write(&x)).unwrap(), x);
        let mut cut = write(&x);
        cut.truncate(cut.len() - 3);
        assert!(read(&cut).unwrap_err().contains("shorter"));
        assert!(read(b"GET / HTTP/1.1\n").is_err());
        assert!(read(b"").is_err());
    }
}
