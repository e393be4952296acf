//! MTOM/XOP: reading `multipart/related; type="application/xop+xml"` responses and writing
//! requests as MTOM packages.
//!
//! Reading: the root part is the one whose `Content-ID` is the `start` parameter (the first
//! part when there is none); every `xop:Include href="cid:…"` in it is replaced by the
//! base64 text of the part it references, so the ordinary decoders read `base64Binary`
//! fields whether the content came inline or as a binary part. A package whose root has no
//! `xop:Include` (WCF answers this way from MTOM endpoints) costs no copy: the root is a
//! slice of the body. The response-size limit applies to the whole multipart body (the
//! transport enforces it while reading).
//!
//! Writing: the envelope becomes the root part (`application/xop+xml`) of a
//! `multipart/related` body, and every `base64Binary` value (written with
//! [`crate::xml::Writer::binary`]) a binary part referenced by `xop:Include`.
// Handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use base64::Engine as _;
use bytes::Bytes;

use crate::soap::SoapVersion;

/// The XOP namespace.
pub const XOP_NS: &str = "http://www.w3.org/2004/08/xop/include";

/// Why an MTOM package could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MtomError(pub String);

impl std::fmt::Display for MtomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `content_type` is `multipart/related` (case-insensitive).
pub fn is_multipart_related(content_type: &str) -> bool {
    media_type(content_type).eq_ignore_ascii_case("multipart/related")
}

fn media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or_default().trim()
}

/// The value of parameter `name` of a `Content-Type` (quotes removed).
pub fn parameter(content_type: &str, name: &str) -> Option<String> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = q.char_indices();
            let mut end = q.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, c)) = chars.next() {
                            value.push(c);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            let next = q.get(end..).unwrap_or_default();
            (value, next.split_once(';').map_or("", |(_, n)| n))
        } else {
            match after.split_once(';') {
                Some((v, n)) => (v.trim().to_owned(), n),
                None => (after.trim().to_owned(), ""),
            }
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(value);
        }
        if next.is_empty() {
            return None;
        }
        rest = next;
    }
}

struct Part {
    id: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

fn unbracket(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(id)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn parts(body: &Bytes, boundary: &str) -> Result<Vec<Part>, MtomError> {
    let delim = format!("--{boundary}");
    let delim = delim.as_bytes();
    let mut pos = find(body, delim, 0)
        .ok_or_else(|| MtomError(format!("no part delimiter `--{boundary}` in the body")))?;
    let mut parts = Vec::new();
    loop {
        let after = pos + delim.len();
        if body.get(after..after + 2) == Some(b"--") {
            break;
        }
        // Skip transport padding and the CRLF after the delimiter.
        let line_end =
            find(body, b"\n", after).ok_or_else(|| MtomError("truncated multipart body".into()))?;
        let headers_start = line_end + 1;
        let (headers_end, content_start) = match find(body, b"\r\n\r\n", headers_start) {
            Some(i) if body.get(headers_start..headers_start + 2) != Some(b"\r\n") => (i, i + 4),
            _ if body.get(headers_start..headers_start + 2) == Some(b"\r\n") => {
                (headers_start, headers_start + 2)
            }
            _ => match find(body, b"\n\n", headers_start) {
                Some(i) => (i, i + 2),
                None => return Err(MtomError("a part has no end of headers".into())),
            },
        };
        let next = find(body, delim, content_start)
            .ok_or_else(|| MtomError("a part is not closed by a delimiter".into()))?;
        let mut content_end = next;
        if content_end >= content_start + 2
            && body.get(content_end - 2..content_end) == Some(b"\r\n")
        {
            content_end -= 2;
        } else if content_end > content_start
            && body.get(content_end - 1..content_end) == Some(b"\n")
        {
            content_end -= 1;
        }
        let head =
            String::from_utf8_lossy(body.get(headers_start..headers_end).unwrap_or_default());
        let mut part = Part {
            id: None,
            content_type: None,
            body: body.slice(content_start..content_end),
        };
        let mut encoding = None;
        for line in head.lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-id" => part.id = Some(unbracket(value).to_owned()),
                "content-type" => part.content_type = Some(value.to_owned()),
                "content-transfer-encoding" => encoding = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
        if encoding.as_deref() == Some("base64") {
            let clean: Vec<u8> = part
                .body
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(clean)
                .map_err(|e| MtomError(format!("a base64 part does not decode: {e}")))?;
            part.body = Bytes::from(decoded);
        }
        parts.push(part);
        pos = next;
    }
    Ok(parts)
}

/// The root XML of an MTOM/XOP package, with every `xop:Include` replaced by the base64
/// text of the part it references. `content_type` is the HTTP `Content-Type`.
pub fn read_package(content_type: &str, body: &Bytes) -> Result<Bytes, MtomError> {
    let boundary = parameter(content_type, "boundary")
        .filter(|b| !b.is_empty())
        .ok_or_else(|| MtomError("multipart/related without a boundary".into()))?;
    let parts = parts(body, &boundary)?;
    let start = parameter(content_type, "start");
    let root_index = match &start {
        Some(s) => parts
            .iter()
            .position(|p| p.id.as_deref() == Some(unbracket(s)))
            .ok_or_else(|| MtomError(format!("no part has the start Content-ID `{s}`")))?,
        None => 0,
    };
    let root = parts
        .get(root_index)
        .ok_or_else(|| MtomError("a multipart body without parts".into()))?;
    if let Some(ct) = &root.content_type {
        let media = media_type(ct).to_ascii_lowercase();
        if !(media == "application/xop+xml"
            || media == "text/xml"
            || media == "application/soap+xml")
        {
            return Err(MtomError(format!("the root part is `{ct}`, not XML")));
        }
    }
    resolve_includes(&root.body, &parts)
}

fn resolve_includes(root: &Bytes, parts: &[Part]) -> Result<Bytes, MtomError> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    if find(root, b"Include", 0).is_none() {
        return Ok(root.clone());
    }
    let text =
        std::str::from_utf8(root).map_err(|_| MtomError("the root part is not UTF-8".into()))?;
    let mut r = quick_xml::NsReader::from_str(text);
    // (start, end, part index) of each xop:Include element.
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    loop {
        let before = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
        let (ns, event) = r
            .read_resolved_event()
            .map_err(|e| MtomError(format!("the root part is not well-formed: {e}")))?;
        let xop = matches!(ns, ResolveResult::Bound(n) if n.0 == XOP_NS.as_bytes());
        let after = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(ref s) | Event::Empty(ref s)
                if xop && s.local_name().as_ref() == b"Include" =>
            {
                let href = s
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"href")
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .ok_or_else(|| MtomError("xop:Include without href".into()))?;
                let cid = href.strip_prefix("cid:").ok_or_else(|| {
                    MtomError(format!("xop:Include href `{href}` is not a cid: URL"))
                })?;
                let cid = percent_decode(cid);
                let index = parts
                    .iter()
                    .position(|p| p.id.as_deref() == Some(cid.as_str()))
                    .ok_or_else(|| {
                        MtomError(format!("xop:Include references a missing part `{cid}`"))
                    })?;
                let start = before + text.get(before..).map_or(0, |t| t.find('<').unwrap_or(0));
                if matches!(event, Event::Empty(_)) {
                    spans.push((start, after, index));
                } else {
                    open = Some((start, index));
                }
            }
            Event::End(_) => {
                if let Some((start, index)) = open.take() {
                    spans.push((start, after, index));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if spans.is_empty() {
        return Ok(root.clone());
    }
    let engine = &base64::engine::general_purpose::STANDARD;
    let mut out = Vec::with_capacity(
        root.len()
            + spans
                .iter()
                .filter_map(|s| parts.get(s.2))
                .map(|p| p.body.len() * 4 / 3 + 4)
                .sum::<usize>(),
    );
    let mut copied = 0;
    for (start, end, index) in spans {
        out.extend_from_slice(root.get(copied..start).unwrap_or_default());
        if let Some(p) = parts.get(index) {
            let encoded = engine.encode(&p.body);
            out.extend_from_slice(encoded.as_bytes());
        }
        copied = end;
    }
    out.extend_from_slice(root.get(copied..).unwrap_or_default());
    Ok(Bytes::from(out))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            if let Some(v) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Wraps a request envelope as the root part of an MTOM package. Returns the
/// `Content-Type` header value and the body. For SOAP 1.2 the action is an `action`
/// parameter of the `Content-Type` (as WCF sends it).
pub fn write_package(
    version: SoapVersion,
    soap_action: &str,
    envelope: &[u8],
    attachments: &[Vec<u8>],
) -> (String, Vec<u8>) {
    let boundary = format!("uuid:{}", uuid::Uuid::new_v4());
    let start = "<root.message@soapgen>";
    let start_info = match version {
        SoapVersion::Soap11 => "text/xml",
        SoapVersion::Soap12 => "application/soap+xml",
    };
    let mut content_type = format!(
        "multipart/related; type=\"application/xop+xml\"; start=\"{start}\"; start-info=\"{start_info}\"; boundary=\"{boundary}\""
    );
    if version == SoapVersion::Soap12 && !soap_action.is_empty() {
        content_type.push_str(&format!("; action=\"{}\"", soap_action.replace('"', "%22")));
    }
    let mut body = Vec::with_capacity(envelope.len() + 300);
    body.extend_from_slice(format!("--{boundary}\r\nContent-ID: {start}\r\nContent-Type: application/xop+xml; charset=utf-8; type=\"{start_info}\"\r\nContent-Transfer-Encoding: binary\r\n\r\n").as_bytes());
    body.extend_from_slice(envelope);
    for (n, part) in attachments.iter().enumerate() {
        body.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-ID: <{n}@soapgen>\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(part);
    }
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (content_type, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/related; charset=utf-8; boundary=\"uuid:b+id=1\"; type=\"application/xop+xml\"; start=\"<http://tempuri.org/0>\"; start-info=\"text/xml\"";

    fn package(root: &str, extra: &[(&str, &[u8])]) -> Bytes {
        let mut b = Vec::new();
        b.extend_from_slice(b"--uuid:b+id=1\r\nContent-ID: <http://tempuri.org/0>\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: application/xop+xml;charset=utf-8;type=\"text/xml\"\r\n\r\n");
        b.extend_from_slice(root.as_bytes());
        for (id, data) in extra {
            b.extend_from_slice(format!("\r\n--uuid:b+id=1\r\nContent-ID: <{id}>\r\nContent-Transfer-Encoding: binary\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            b.extend_from_slice(data);
        }
        b.extend_from_slice(b"\r\n--uuid:b+id=1--\r\n");
        Bytes::from(b)
    }

    #[test]
    fn parameters() {
        assert_eq!(parameter(CT, "boundary").as_deref(), Some("uuid:b+id=1"));
        assert_eq!(
            parameter(CT, "START").as_deref(),
            Some("<http://tempuri.org/0>")
        );
        assert_eq!(
            parameter("a/b; x=1;y=\"q\\\"r\"", "y").as_deref(),
            Some("q\"r")
        );
        assert_eq!(parameter("a/b", "x"), None);
        assert!(is_multipart_related(CT));
        assert!(!is_multipart_related("text/xml"));
    }

    #[test]
    fn root_only_package_is_a_slice() {
        let root = "<e>no binary part</e>";
        let body = package(root, &[]);
        let got = read_package(CT, &body).unwrap();
        assert_eq!(&got[..], root.as_bytes());
        assert_eq!(
            got.as_ptr(),
            body[body.len() - got.len() - "\r\n--uuid:b+id=1--\r\n".len()..].as_ptr()
        );
    }

    #[test]
    fn includes_are_resolved_by_content_id() {
        let root = "<e xmlns:x=\"http://www.w3.org/2004/08/xop/include\"><a><x:Include href=\"cid:p%401\"/></a><b><Include xmlns=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:two\"></Include></b></e>";
        let data: Vec<u8> = (0..300u32).map(|i| (i % 251) as u8).collect();
        let got = read_package(CT, &package(root, &[("p@1", &data), ("two", b"\r\n--x")])).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&data);
        assert_eq!(
            std::str::from_utf8(&got).unwrap(),
            format!("<e xmlns:x=\"http://www.w3.org/2004/08/xop/include\"><a>{b64}</a><b>DQotLXg=</b></e>")
        );
    }

    #[test]
    fn hostile_packages_are_errors() {
        let root = "<e><x:Include xmlns:x=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:none\"/></e>";
        for (ct, body) in [
            (CT, package(root, &[])),
            ("multipart/related", package("<e/>", &[])),
            (CT, Bytes::from_static(b"no delimiter")),
            (
                CT,
                Bytes::from_static(
                    b"--uuid:b+id=1\r\nContent-ID: <http://tempuri.org/0>\r\n\r\n<e/>",
                ),
            ),
            (
                "multipart/related; boundary=\"uuid:b+id=1\"; start=\"<other>\"",
                package("<e/>", &[]),
            ),
        ] {
            assert!(read_package(ct, &body).is_err(), "{ct}");
        }
    }

    #[test]
    fn written_packages_read_back() {
        for v in [SoapVersion::Soap11, SoapVersion::Soap12] {
            let (ct, body) = write_package(v, "urn:a", b"<env/>", &[]);
            assert!(is_multipart_related(&ct), "{ct}");
            let root = read_package(&ct, &Bytes::from(body)).unwrap();
            assert_eq!(&root[..], b"<env/>");
            let env = "<e><x:Include xmlns:x=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:0@soapgen\"/></e>";
            let bin = b"\x00\r\n--uuid:".to_vec();
            let (ct, body) = write_package(v, "", env.as_bytes(), &[bin]);
            let root = read_package(&ct, &Bytes::from(body)).unwrap();
            assert_eq!(&root[..], b"<e>AA0KLS11dWlkOg==</e>");
        }
    }
}
