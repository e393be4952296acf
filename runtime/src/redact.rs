//! Secrets kept out of logs, errors and `Debug`: one set of sensitive-name patterns
//! ([`DEFAULT_SENSITIVE_NAMES`], replaced by `Options::sensitive_names`) applied by an
//! XML-aware redactor to logged envelopes, recorded exchanges and the body excerpts of
//! errors; URL userinfo removed. The generator's default for the fields whose generated
//! `Debug` hides the value is the same list (a test keeps them equal).

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::reader::Reader;
use quick_xml::Writer;

/// Case-insensitive fragments of element and attribute local names whose values are
/// secrets: an `AccessToken`, `ClientSecret`, `password="..."` or `ApiKey` is redacted.
pub const DEFAULT_SENSITIVE_NAMES: [&str; 6] = [
    "password",
    "secret",
    "token",
    "connectionstring",
    "apikey",
    "credential",
];

/// What replaces a redacted value.
pub(crate) const MASK: &str = "***";

/// The default patterns as owned strings (for `Options`).
pub(crate) fn default_patterns() -> Vec<String> {
    DEFAULT_SENSITIVE_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Whether the local part of `qname` (after any `prefix:`) contains one of `patterns`
/// (lower case), ignoring ASCII case.
pub(crate) fn matches(patterns: &[String], qname: &str) -> bool {
    let local = qname
        .rsplit(':')
        .next()
        .unwrap_or(qname)
        .to_ascii_lowercase();
    patterns.iter().any(|p| local.contains(p.as_str()))
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

/// `xml` with secrets replaced by `***`, by the default patterns (see [`redact_xml`]).
pub fn redact_envelope(xml: &str) -> String {
    redact_xml(xml, &default_patterns())
}

/// `xml` with secrets replaced by `***`: the values of attributes whose local name matches
/// one of `patterns` (lower-case fragments), and all text, CDATA and comments anywhere
/// inside an element whose local name matches (except white space and the booleans
/// `true`/`false`, which hold no secret). Parsed as XML (quick-xml), so quotes, `>`
/// and `/>` inside attribute values are read as values. Never fails: where the input stops
/// being well-formed (or ends inside a tag, as a cut excerpt does), the rest is replaced by
/// a note with its length.
pub fn redact_xml(xml: &str, patterns: &[String]) -> String {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut w = Writer::new(Vec::with_capacity(xml.len()));
    // Number of open elements, and the depth of the outermost open sensitive one.
    let mut depth = 0usize;
    let mut secret_from: Option<usize> = None;
    // Whether the last thing written inside a secret was already the mask.
    let mut masked = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => e,
            Err(_) => {
                let rest = xml.len().saturating_sub(at);
                let mut out = String::from_utf8_lossy(&w.into_inner()).into_owned();
                out.push_str(&format!("(unparsed: {rest} bytes)"));
                return out;
            }
        };
        let written = match event {
            Event::Start(e) => {
                depth += 1;
                if secret_from.is_none() && matches(patterns, &local(&e)) {
                    secret_from = Some(depth);
                }
                masked = false;
                w.write_event(Event::Start(redact_attributes(&e, patterns)))
            }
            Event::Empty(e) => {
                masked = false;
                w.write_event(Event::Empty(redact_attributes(&e, patterns)))
            }
            Event::End(e) => {
                if secret_from == Some(depth) {
                    secret_from = None;
                }
                depth = depth.saturating_sub(1);
                masked = false;
                w.write_event(Event::End(e))
            }
            // White space and booleans hold no secret, and a recorded `IsValidToken`
            // must still decode when replayed.
            Event::Text(t)
                if secret_from.is_some()
                    && matches!(t.as_ref().trim_ascii(), b"" | b"true" | b"false") =>
            {
                w.write_event(Event::Text(t))
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) | Event::Comment(_)
                if secret_from.is_some() =>
            {
                if masked {
                    Ok(())
                } else {
                    masked = true;
                    w.write_event(Event::Text(BytesText::from_escaped(MASK)))
                }
            }
            other => w.write_event(other),
        };
        if written.is_err() {
            break;
        }
    }
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// `e` with the values of sensitive attributes replaced by the mask (an attribute that
/// does not parse is dropped).
fn redact_attributes<'a>(e: &BytesStart<'a>, patterns: &[String]) -> BytesStart<'static> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    for a in e.attributes().with_checks(false).flatten() {
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let qname = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        if matches(patterns, &key) && !qname.starts_with("xmlns") {
            out.push_attribute((qname.as_str(), MASK));
        } else {
            let value = String::from_utf8_lossy(&a.value).into_owned();
            out.push_attribute(quick_xml::events::attributes::Attribute {
                key: quick_xml::name::QName(qname.as_bytes()),
                value: value.as_bytes().into(),
            });
        }
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
            assert!(matches(&default_patterns(), n), "{n}");
        }
        for n in ["UserName", "IPAddress", "UserId", "pass"] {
            assert!(!matches(&default_patterns(), n), "{n}");
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

    #[test]
    fn attributes_nested_text_and_tricky_values_are_redacted() {
        let p = default_patterns();
        let xml = "<a password=\"p1\" user=\"u\" x:ApiKey='k/>2' xmlns:x=\"urn:x\">\
                   <Credential><Inner><Deep>c3</Deep> t4 </Inner><!-- c5 --></Credential>\
                   <Note a=\"/>\">ok</Note><ClientSecret>&amp;s6</ClientSecret></a>";
        let r = redact_xml(xml, &p);
        for secret in ["p1", "k/>2", "c3", "t4", "c5", "s6"] {
            assert!(!r.contains(secret), "{secret} in {r}");
        }
        for kept in [
            "user=\"u\"",
            "<Note",
            ">ok</Note>",
            "xmlns:x=\"urn:x\"",
            "<Deep>",
        ] {
            assert!(r.contains(kept), "{kept} missing in {r}");
        }
        // Configured patterns replace the defaults.
        let r = redact_xml(
            "<Pin>1234</Pin><Password>x</Password>",
            &["pin".to_string()],
        );
        assert_eq!(r, "<Pin>***</Pin><Password>x</Password>");
    }

    #[test]
    fn cut_or_broken_input_never_shows_what_follows() {
        let p = default_patterns();
        // An excerpt cut inside a sensitive attribute or element.
        let r = redact_xml("<a><b AccessToken=\"abcdef", &p);
        assert!(!r.contains("abcdef"), "{r}");
        let r = redact_xml("<a><AccessToken>abcdef", &p);
        assert!(!r.contains("abcdef"), "{r}");
        let r = redact_xml("<a></b><Password>zz</Password>", &p);
        assert!(!r.contains("zz"), "{r}");
        // Not XML at all (an HTML error page is still read as markup).
        let r = redact_xml("Bad gateway", &p);
        assert_eq!(r, "Bad gateway");
    }

    #[test]
    fn client_debug_shows_no_userinfo() {
        let c = crate::Client::new("https://user:pw-secret@host.example/svc");
        let b = crate::Client::builder("https://user:pw-secret@host.example/svc");
        for shown in [format!("{c:?}"), format!("{b:?}")] {
            assert!(!shown.contains("pw-secret"), "{shown}");
            assert!(shown.contains("host.example"), "{shown}");
        }
    }
}
