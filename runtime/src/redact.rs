//! Redaction of envelopes before they are logged.

/// Local-name fragments (lower case) whose element text is never logged.
const SENSITIVE: [&str; 4] = ["password", "secret", "token", "connectionstring"];

/// Whether the local part of `qname` names sensitive data (case-insensitive substring
/// match of `password`, `secret`, `token` or `connectionstring`).
pub(crate) fn is_sensitive(qname: &str) -> bool {
    let local = qname
        .rsplit(':')
        .next()
        .unwrap_or(qname)
        .to_ascii_lowercase();
    SENSITIVE.iter().any(|s| local.contains(s))
}

/// `url` without its `user:password@` part (for errors, logs and `Debug`). A string that
/// does not parse as a URL is cut at its last `@` before the path, to err on the safe side.
pub(crate) fn url_without_userinfo(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            if !u.username().is_empty() || u.password().is_some() {
                let _ = u.set_username("");
                let _ = u.set_password(None);
            }
            u.to_string()
        }
        Err(_) => {
            let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let authority = rest.get(..authority_end).unwrap_or_default();
            match authority.rfind('@') {
                Some(at) => format!("{scheme}://{}", rest.get(at + 1..).unwrap_or_default()),
                None => url.to_owned(),
            }
        }
    }
}

/// `xml` with the text directly inside sensitive elements replaced by `***`.
///
/// A lexical pass, good enough for logs: it never fails, and on malformed input it errs on
/// the side of redacting.
pub fn redact_envelope(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut redact_next_text = false;
    while let Some(lt) = rest.find('<') {
        let text = rest.get(..lt).unwrap_or_default();
        if redact_next_text && !text.is_empty() {
            out.push_str("***");
        } else {
            out.push_str(text);
        }
        let tag_and_more = rest.get(lt..).unwrap_or_default();
        let end = if tag_and_more.starts_with("<![CDATA[") {
            tag_and_more.find("]]>").map(|i| i + 3)
        } else if tag_and_more.starts_with("<!--") {
            tag_and_more.find("-->").map(|i| i + 3)
        } else {
            tag_and_more.find('>').map(|i| i + 1)
        };
        let Some(end) = end else {
            out.push_str(if redact_next_text {
                "***"
            } else {
                tag_and_more
            });
            return out;
        };
        let tag = tag_and_more.get(..end).unwrap_or_default();
        if tag.starts_with("<![CDATA[") {
            out.push_str(if redact_next_text { "***" } else { tag });
        } else {
            out.push_str(tag);
            let is_start = !tag.starts_with("</")
                && !tag.starts_with("<?")
                && !tag.starts_with("<!")
                && !tag.ends_with("/>");
            if is_start {
                let name = tag
                    .trim_start_matches('<')
                    .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap_or_default();
                redact_next_text = is_sensitive(name);
            } else if !tag.starts_with("<!--") && !tag.starts_with("<?") {
                redact_next_text = false;
            }
        }
        rest = tag_and_more.get(end..).unwrap_or_default();
    }
    if redact_next_text && !rest.is_empty() {
        out.push_str("***");
    } else {
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_removed() {
        assert_eq!(
            url_without_userinfo("https://u:p%40ss@host:8443/svc.asmx?x=1"),
            "https://host:8443/svc.asmx?x=1"
        );
        assert_eq!(url_without_userinfo("http://host/a"), "http://host/a");
        assert_eq!(url_without_userinfo("bad://u:secret@"), "bad://");
        assert!(!url_without_userinfo("not a url u:secret@h").contains("secret"));
    }

    #[test]
    fn sensitive_names() {
        for n in [
            "Password",
            "q1:password",
            "AccessToken",
            "ClientSecret",
            "ProductionConnectionString",
        ] {
            assert!(is_sensitive(n), "{n}");
        }
        for n in ["UserName", "IPAddress", "UserId", "pass"] {
            assert!(!is_sensitive(n), "{n}");
        }
    }

    #[test]
    fn redacts_only_sensitive_text() {
        let xml = "<a><UserName>jdoe</UserName><Password>s3cr&amp;t</Password>\
                   <p:AccessToken xmlns:p=\"x\"><![CDATA[tok]]></p:AccessToken><Token/><IP>1.2.3.4</IP></a>";
        let r = redact_envelope(xml);
        assert!(r.contains("<UserName>jdoe</UserName>"), "{r}");
        assert!(r.contains("<Password>***</Password>"), "{r}");
        assert!(!r.contains("s3cr"), "{r}");
        assert!(!r.contains("tok]]"), "{r}");
        assert!(r.contains("<Token/>"), "{r}");
        assert!(r.contains("<IP>1.2.3.4</IP>"), "{r}");
    }

    #[test]
    fn comments_do_not_leak_and_truncated_input_is_safe() {
        let r = redact_envelope("<Password>ab<!-- c -->cd</Password>");
        assert!(!r.contains("ab") && !r.contains("cd"), "{r}");
        let r = redact_envelope("<Password>secret-without-end");
        assert!(!r.contains("secret-without-end"), "{r}");
    }
}
