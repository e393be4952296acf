//! SOAP header blocks: the ones a request carries beyond what the WSDL declares
//! ([`HeaderBlock`]: raw XML or any [`Encode`] value, with `mustUnderstand` and
//! `actor`/`role`), and the ones a response carries ([`ResponseHeader`]: raw XML with its
//! namespace declarations, decodable into a generated type).
// Handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::fmt;

use super::SoapVersion;
use crate::xml::{self, Decode, DecodeError, Encode, Limits, Writer};

/// A raw header block that is not one well-formed element
/// (becomes [`crate::Error::InvalidHeader`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHeader(pub String);

impl fmt::Display for InvalidHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidHeader {}

/// One header block to put in a request's `Header`.
///
/// Built from raw XML ([`HeaderBlock::raw`]) or from a value ([`HeaderBlock::element`]);
/// [`must_understand`](HeaderBlock::must_understand) and [`actor`](HeaderBlock::actor)
/// add the SOAP attributes in the envelope's own namespace, spelled for the version of
/// the call (`mustUnderstand="1"` and `actor` in SOAP 1.1, `mustUnderstand="true"` and
/// `role` in SOAP 1.2).
///
/// `Debug` shows the element's name, never its content (header blocks carry credentials).
#[derive(Clone, PartialEq, Eq)]
pub struct HeaderBlock {
    xml: String,
    /// Byte offset just after the root element's name in its start tag.
    name_end: usize,
    namespace: String,
    local: String,
    must_understand: bool,
    actor: Option<String>,
}

impl fmt::Debug for HeaderBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderBlock")
            .field("namespace", &self.namespace)
            .field("local", &self.local)
            .field("must_understand", &self.must_understand)
            .field("actor", &self.actor)
            .finish_non_exhaustive()
    }
}

impl HeaderBlock {
    /// A header block from raw XML: exactly one element (namespace declarations it uses
    /// must be on it or inside it; surrounding white space is dropped). Fails when `xml`
    /// is not one well-formed element.
    pub fn raw(xml: impl Into<String>) -> Result<HeaderBlock, InvalidHeader> {
        let xml = xml.into();
        let trimmed = xml.trim();
        let (namespace, local, name_end) = inspect(trimmed)
            .map_err(|message| InvalidHeader(format!("{message} (in a raw header block)")))?;
        Ok(HeaderBlock {
            xml: trimmed.to_owned(),
            name_end,
            namespace,
            local,
            must_understand: false,
            actor: None,
        })
    }

    /// A header block `{ns}local` whose attributes and content are `value` (a generated
    /// type, a string, a number...).
    pub fn element<T: Encode + ?Sized>(ns: &str, local: &str, value: &T) -> HeaderBlock {
        let xml = xml::encode_element(ns, local, value);
        HeaderBlock {
            name_end: 1 + local.len(),
            xml,
            namespace: ns.to_owned(),
            local: local.to_owned(),
            must_understand: false,
            actor: None,
        }
    }

    /// A block the runtime wrote itself: `xml` is one well-formed element `{ns}local`
    /// whose start-tag name ends at `name_end`.
    pub(crate) fn trusted(xml: String, ns: &str, local: &str, name_end: usize) -> HeaderBlock {
        HeaderBlock {
            xml,
            name_end,
            namespace: ns.to_owned(),
            local: local.to_owned(),
            must_understand: false,
            actor: None,
        }
    }

    /// Sets `mustUnderstand` (the receiver must fault if it does not process the block).
    pub fn must_understand(mut self, yes: bool) -> HeaderBlock {
        self.must_understand = yes;
        self
    }

    /// Targets the block at a SOAP 1.1 `actor` / SOAP 1.2 `role` URI.
    pub fn actor(mut self, uri: impl Into<String>) -> HeaderBlock {
        self.actor = Some(uri.into());
        self
    }

    /// The namespace of the block's element.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The local name of the block's element.
    pub fn local_name(&self) -> &str {
        &self.local
    }

    /// The XML as given (without the SOAP attributes this block adds when written).
    pub fn xml(&self) -> &str {
        &self.xml
    }

    /// Writes the block into a request Header whose envelope prefix is bound to
    /// `version`'s namespace (as [`super::write_request`] binds it).
    pub fn write(&self, version: SoapVersion, w: &mut Writer) {
        let (head, tail) = self.xml.split_at(self.name_end.min(self.xml.len()));
        w.raw(head);
        let p = version.prefix();
        if self.must_understand {
            let value = match version {
                SoapVersion::Soap11 => "1",
                SoapVersion::Soap12 => "true",
            };
            w.raw(&format!(" {p}:mustUnderstand=\"{value}\""));
        }
        if let Some(actor) = &self.actor {
            let name = match version {
                SoapVersion::Soap11 => "actor",
                SoapVersion::Soap12 => "role",
            };
            w.raw(&format!(" {p}:{name}=\""));
            w.text(actor);
            w.raw("\"");
        }
        w.raw(tail);
    }
}

/// Namespace, local name and the end of the name of the single root element of `xml`.
fn inspect(xml: &str) -> Result<(String, String, usize), String> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let mut r = quick_xml::NsReader::from_str(xml);
    let mut root: Option<(String, String, usize)> = None;
    let mut depth = 0usize;
    loop {
        let pos = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
        let event = r
            .read_resolved_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match event {
            (ns, Event::Start(ref s)) | (ns, Event::Empty(ref s)) => {
                let empty = matches!(event.1, Event::Empty(_));
                if depth == 0 {
                    if root.is_some() {
                        return Err("more than one element".into());
                    }
                    let namespace = match ns {
                        ResolveResult::Bound(n) => String::from_utf8_lossy(n.0).into_owned(),
                        ResolveResult::Unbound => String::new(),
                        ResolveResult::Unknown(p) => {
                            return Err(format!(
                                "undeclared prefix `{}`",
                                String::from_utf8_lossy(&p)
                            ))
                        }
                    };
                    let local = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                    let start = xml.get(pos..).map_or(0, |t| t.find('<').unwrap_or(0));
                    root = Some((namespace, local, pos + start + 1 + s.name().as_ref().len()));
                }
                if !empty {
                    depth += 1;
                }
            }
            (_, Event::End(_)) => depth = depth.saturating_sub(1),
            (_, Event::Text(t)) if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err("text outside the element".into());
            }
            (_, Event::CData(_)) if depth == 0 => return Err("text outside the element".into()),
            (_, Event::DocType(_)) => return Err("a DTD is not allowed".into()),
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("unclosed element".into());
    }
    root.ok_or_else(|| "no element".into())
}

/// One header block of a response: its element name and its XML, with the namespace
/// declarations in scope copied onto it so that it stands alone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResponseHeader {
    /// The element's namespace (`""` when unqualified).
    pub namespace: String,
    /// The element's local name.
    pub local: String,
    /// The element as standalone XML.
    pub xml: String,
}

impl ResponseHeader {
    /// Whether this block is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.namespace == ns && self.local == local
    }

    /// Decodes the block into `T` (a generated header type).
    pub fn decode<T: Decode>(&self, limits: &Limits) -> Result<T, DecodeError> {
        xml::decode_element(self.xml.as_bytes(), &self.namespace, &self.local, limits)
    }

    /// The text content of a simple block such as `<wsa:RelatesTo>id</wsa:RelatesTo>`.
    pub fn text(&self) -> Option<String> {
        self.decode::<String>(&Limits::default()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(b: &HeaderBlock, v: SoapVersion) -> String {
        let mut w = Writer::new();
        b.write(v, &mut w);
        w.into_string()
    }

    #[test]
    fn raw_blocks_get_soap_attributes_per_version() {
        let b = HeaderBlock::raw("  <t:Tag xmlns:t=\"urn:t\">a&amp;b</t:Tag>\n")
            .unwrap()
            .must_understand(true)
            .actor("urn:next&");
        assert_eq!((b.namespace(), b.local_name()), ("urn:t", "Tag"));
        assert_eq!(
            written(&b, SoapVersion::Soap11),
            "<t:Tag soap:mustUnderstand=\"1\" soap:actor=\"urn:next&amp;\" xmlns:t=\"urn:t\">a&amp;b</t:Tag>"
        );
        assert_eq!(
            written(&b, SoapVersion::Soap12),
            "<t:Tag soap12:mustUnderstand=\"true\" soap12:role=\"urn:next&amp;\" xmlns:t=\"urn:t\">a&amp;b</t:Tag>"
        );
        let plain = HeaderBlock::raw("<Session xmlns=\"urn:s\"/>").unwrap();
        assert_eq!(
            written(&plain, SoapVersion::Soap11),
            "<Session xmlns=\"urn:s\"/>"
        );
    }

    #[test]
    fn raw_blocks_are_checked() {
        for bad in [
            "",
            "text",
            "<a/><b/>",
            "<a>",
            "<p:a/>",
            "<a/>tail",
            "<!DOCTYPE a><a/>",
            "<a></b>",
        ] {
            assert!(HeaderBlock::raw(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn element_blocks_and_debug() {
        let b = HeaderBlock::element("urn:s", "SessionId", "secret-value").must_understand(true);
        assert_eq!(
            written(&b, SoapVersion::Soap11),
            "<SessionId soap:mustUnderstand=\"1\" xmlns=\"urn:s\">secret-value</SessionId>"
        );
        assert!(!format!("{b:?}").contains("secret-value"));
    }

    #[test]
    fn response_headers_decode() {
        let h = ResponseHeader {
            namespace: "urn:s".into(),
            local: "Id".into(),
            xml: "<s:Id xmlns:s=\"urn:s\">42</s:Id>".into(),
        };
        assert!(h.is("urn:s", "Id"));
        assert_eq!(h.text().as_deref(), Some("42"));
        assert_eq!(h.decode::<u32>(&Limits::default()).unwrap(), 42);
    }
}
