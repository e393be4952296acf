//! The XML passes recordings need: masking element text (secrets when
//! writing, volatile values when matching) and finding the operation (the
//! first child of the SOAP Body).

use quick_xml::events::{BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::{NsReader, Reader};
use quick_xml::Writer;

/// SOAP 1.1 and 1.2 envelope namespaces.
const ENVELOPES: [&[u8]; 2] = [
    b"http://schemas.xmlsoap.org/soap/envelope/",
    b"http://www.w3.org/2003/05/soap-envelope",
];

/// `xml` with the text directly inside every element whose local name
/// `hit` selects replaced by `with`. Input that is not well-formed XML is
/// replaced as a whole (it cannot be masked reliably).
pub(crate) fn mask(xml: &[u8], hit: &dyn Fn(&str) -> bool, with: &str) -> Vec<u8> {
    try_mask(xml, hit, with)
        .unwrap_or_else(|| format!("(not XML: {} bytes)", xml.len()).into_bytes())
}

fn try_mask(xml: &[u8], hit: &dyn Fn(&str) -> bool, with: &str) -> Option<Vec<u8>> {
    let mut r = Reader::from_reader(xml);
    r.config_mut().check_end_names = true;
    let mut w = Writer::new(Vec::with_capacity(xml.len()));
    // Per open element: whether its direct text is masked, and that text
    // held back until the element ends.
    let mut stack: Vec<(bool, Vec<Event<'static>>)> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf).ok()?.into_owned();
        buf.clear();
        match &ev {
            Event::Eof => break,
            Event::Start(e) => {
                flush(&mut w, stack.last_mut(), with)?;
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push((hit(&local), Vec::new()));
            }
            Event::End(_) => {
                let (masked, held) = stack.pop()?;
                flush(&mut w, Some(&mut (masked, held)), with)?;
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                if let Some((true, held)) = stack.last_mut() {
                    held.push(ev);
                    continue;
                }
            }
            _ => flush(&mut w, stack.last_mut(), with)?,
        }
        w.write_event(ev).ok()?;
    }
    stack.is_empty().then(|| w.into_inner())
}

/// Writes the held text of a masked element: `with`, unless it is a
/// boolean (`IsValidToken` holds no secret; its decoder needs the value)
/// or whitespace.
fn flush(
    w: &mut Writer<Vec<u8>>,
    top: Option<&mut (bool, Vec<Event<'static>>)>,
    with: &str,
) -> Option<()> {
    let Some((true, held)) = top else {
        return Some(());
    };
    if held.is_empty() {
        return Some(());
    }
    let events = std::mem::take(held);
    // Whitespace between children, or a boolean: kept.
    let keep = match events.as_slice() {
        [Event::Text(t)] => matches!(t.as_ref().trim_ascii(), b"" | b"true" | b"false"),
        _ => false,
    };
    if keep {
        for e in events {
            w.write_event(e).ok()?;
        }
    } else {
        w.write_event(Event::Text(BytesText::new(with))).ok()?;
    }
    Some(())
}

/// `{namespace}local` of the first element inside the SOAP Body, if any.
pub(crate) fn operation(xml: &[u8]) -> Option<String> {
    let mut r = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut in_body = false;
    loop {
        let (ns, ev) = r.read_resolved_event_into(&mut buf).ok()?;
        let (e, empty) = match &ev {
            Event::Eof => return None,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let ns = match ns {
            ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
            _ => String::new(),
        };
        if in_body {
            return Some(if ns.is_empty() {
                local
            } else {
                format!("{{{ns}}}{local}")
            });
        }
        if depth == 1 && local == "Body" && ENVELOPES.contains(&ns.as_bytes()) {
            if empty {
                return None;
            }
            in_body = true;
        }
        if !empty {
            depth += 1;
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENV: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><w:MessageID xmlns:w="urn:wsa">uuid:1</w:MessageID></s:Header><s:Body><a:Login xmlns:a="urn:a"><a:user>jo &amp; co</a:user><a:Password>p&lt;w<![CDATA[d]]></a:Password><a:empty/></a:Login></s:Body></s:Envelope>"#;

    #[test]
    fn masks_direct_text_of_selected_elements() {
        let out = mask(
            ENV.as_bytes(),
            &|l| l.to_ascii_lowercase().contains("password"),
            "***",
        );
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<a:Password>***</a:Password>"), "{out}");
        assert!(out.contains("<a:user>jo &amp; co</a:user>"), "{out}");
        assert!(!out.contains("p&lt;w") && !out.contains("CDATA"), "{out}");
        // Booleans stay (`IsValidToken`): they hold no secret.
        let b = mask(
            b"<r><IsValidToken>true</IsValidToken><Token>t</Token></r>",
            &|l| l.contains("Token"),
            "***",
        );
        assert_eq!(
            b,
            b"<r><IsValidToken>true</IsValidToken><Token>***</Token></r>"
        );
        let nested = mask(
            b"<UsernameToken> <P>x</P> </UsernameToken>",
            &|l| l.contains("Token"),
            "***",
        );
        assert_eq!(nested, b"<UsernameToken> <P>x</P> </UsernameToken>");
        // Nothing selected: the same bytes.
        assert_eq!(mask(ENV.as_bytes(), &|_| false, "x"), ENV.as_bytes());
        // Not XML: replaced as a whole, never passed through.
        let bad = mask(b"<a><Password>secret</a>", &|_| true, "***");
        assert!(!String::from_utf8_lossy(&bad).contains("secret"));
    }

    #[test]
    fn operation_is_the_first_body_child() {
        assert_eq!(operation(ENV.as_bytes()).as_deref(), Some("{urn:a}Login"));
        let v12 = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><Ping/></e:Body></e:Envelope>"#;
        assert_eq!(operation(v12.as_bytes()).as_deref(), Some("Ping"));
        assert_eq!(operation(b"<x/>"), None);
        assert_eq!(operation(b"not xml <"), None);
    }
}
