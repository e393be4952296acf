//! `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one header value may hold several
//! challenges, each a scheme followed by a token68 or by comma-separated `name=value`
//! parameters (values are tokens or quoted strings).

/// One challenge of a `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    /// The scheme as the server wrote it (`Digest`, `NTLM`, ...).
    pub scheme: String,
    /// The token68 form (`NTLM <base64>`), if any.
    pub token: Option<String>,
    /// `name=value` parameters, names lower-cased, quoted values unescaped.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of parameter `name` (lower-case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the scheme is `scheme` (case-insensitive).
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }
}

/// All challenges of all `WWW-Authenticate` header values, in order. Malformed parts are
/// skipped (a hostile header never panics and never grows beyond its own size).
pub(crate) fn parse(values: &[String]) -> Vec<Challenge> {
    let mut out = Vec::new();
    for v in values {
        parse_one(v, &mut out);
    }
    out
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        self.s.get(self.i..).unwrap_or_default()
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }
    fn skip_ws_commas(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | ',')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> &str {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or_default()
    }
    /// A token68: token characters plus `/` and trailing `=`.
    fn token68(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || "-._~+/".contains(c))
        {
            self.i += 1;
        }
        while self.peek() == Some('=') {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or_default().to_owned()
    }
    fn quoted(&mut self) -> String {
        let mut v = String::new();
        self.i += 1; // opening quote
        let mut escaped = false;
        while let Some(c) = self.peek() {
            self.i += c.len_utf8();
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => return v,
                _ => {
                    v.push(c);
                    escaped = false;
                }
            }
        }
        v
    }
}

fn parse_one(s: &str, out: &mut Vec<Challenge>) {
    let mut c = Cursor { s, i: 0 };
    loop {
        c.skip_ws_commas();
        if c.peek().is_none() {
            return;
        }
        let scheme = c.token().to_owned();
        if scheme.is_empty() {
            // Not a token: skip one character and resynchronise.
            c.i += c.peek().map_or(1, char::len_utf8);
            continue;
        }
        let mut ch = Challenge {
            scheme,
            token: None,
            params: Vec::new(),
        };
        c.skip_ws();
        // A token68 is followed by end, or a comma, and is not `name=`.
        let save = c.i;
        let name = c.token().to_owned();
        c.skip_ws();
        if !name.is_empty() && c.peek() == Some('=') && !c.rest().starts_with("==") {
            c.i = save;
            params(&mut c, &mut ch);
        } else {
            c.i = save;
            let t = c.token68();
            if !t.is_empty() {
                ch.token = Some(t);
            }
        }
        out.push(ch);
    }
}

/// Reads `name=value` pairs until the next challenge (a token not followed by `=`).
fn params(c: &mut Cursor<'_>, ch: &mut Challenge) {
    loop {
        c.skip_ws_commas();
        let save = c.i;
        let name = c.token().to_ascii_lowercase();
        c.skip_ws();
        if name.is_empty() || c.peek() != Some('=') {
            c.i = save;
            return;
        }
        c.i += 1;
        c.skip_ws();
        let value = if c.peek() == Some('"') {
            c.quoted()
        } else {
            c.token().to_owned()
        };
        ch.params.push((name, value));
    }
}

/// The schemes offered, in order, without duplicates (for error messages).
pub(crate) fn schemes(challenges: &[Challenge]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in challenges {
        if !out.iter().any(|s| s.eq_ignore_ascii_case(&c.scheme)) {
            out.push(c.scheme.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_challenges_in_one_value() {
        let v = vec![
            r#"Digest realm="a, b", nonce="n\"1", qop="auth,auth-int", algorithm=SHA-256, Basic realm="x""#
                .to_owned(),
            "Negotiate".to_owned(),
            "NTLM TlRMTVNTUAACAAAA==".to_owned(),
        ];
        let c = parse(&v);
        assert_eq!(c.len(), 4, "{c:?}");
        assert!(c[0].is("digest"));
        assert_eq!(c[0].param("realm"), Some("a, b"));
        assert_eq!(c[0].param("nonce"), Some("n\"1"));
        assert_eq!(c[0].param("qop"), Some("auth,auth-int"));
        assert_eq!(c[0].param("algorithm"), Some("SHA-256"));
        assert!(c[1].is("Basic"));
        assert_eq!(c[1].param("realm"), Some("x"));
        assert!(c[2].is("Negotiate") && c[2].token.is_none());
        assert_eq!(c[3].token.as_deref(), Some("TlRMTVNTUAACAAAA=="));
        assert_eq!(schemes(&c), ["Digest", "Basic", "Negotiate", "NTLM"]);
    }

    #[test]
    fn hostile_values_do_not_panic() {
        for v in [
            "",
            ",,,",
            "\"",
            "=",
            "Digest =",
            "Digest a=\"unterminated",
            "ü ö=1",
            "NTLM ===",
        ] {
            let _ = parse(&[v.to_owned()]);
        }
    }
}
