//! Start-tag processing of the reader: name checks, attribute scanning (counted against the
//! limit before anything else), namespace declarations, prefix resolution, duplicate checks,
//! `xsi:nil` and `xsi:type`.

use std::borrow::Cow;

use super::element::{clark, Attr, Element, Extra, NsUri, XML_NS, XSI_NS};
use super::reader::{Binding, Frame, Reader, Res};
use super::text::{self, Problem};
use crate::xml::error::DecodeErrorKind;

/// Namespace bindings in scope are limited to `max(max_attributes, this)`, so that prefix
/// lookups (a short reverse scan) stay cheap even in hostile documents.
const MIN_BINDINGS_IN_SCOPE: usize = 256;

impl<'a> Reader<'a> {
    /// Processes a start tag (`content` = name and attributes) and pushes its frame.
    pub(super) fn start(&mut self, content: &'a str, empty: bool) -> Res<Element<'a>> {
        if content.is_empty() {
            return Err(self.err(DecodeErrorKind::XmlSyntax, "empty tag name"));
        }
        // Offset of the `<` that opens this tag.
        let pos = (content.as_ptr() as usize)
            .wrapping_sub(self.src.as_ptr() as usize)
            .saturating_sub(1);
        let name_end = content
            .bytes()
            .position(text::is_xml_ws)
            .unwrap_or(content.len());
        let qname = content.get(..name_end).unwrap_or_default();
        let rest = content.get(name_end..).unwrap_or_default();
        if qname.len() > self.max_name_len {
            return Err(self.err(
                DecodeErrorKind::TooLarge,
                format!(
                    "element name of {} bytes exceeds the limit of {}",
                    qname.len(),
                    self.max_name_len
                ),
            ));
        }
        if self.frames.len() >= self.max_depth || super::stack::exhausted() {
            if self.frames.len() < self.max_depth {
                return Err(self.err(
                    DecodeErrorKind::TooDeep,
                    format!(
                        "element nesting at depth {} would exhaust the stack",
                        self.frames.len()
                    ),
                ));
            }
            return Err(self.err(
                DecodeErrorKind::TooDeep,
                format!(
                    "element nesting deeper than the limit of {}",
                    self.max_depth
                ),
            ));
        }
        let (prefix, local) = split_name(qname).map_err(|p| self.problem(p))?;
        let tag = Tag {
            qname,
            prefix,
            local,
            content,
            pos,
            empty,
        };

        if rest.bytes().all(text::is_xml_ws) {
            // Fast path: no attributes, no declarations.
            let el = self.build_element(&tag, &[], 0)?;
            self.frames.push(Frame {
                qname,
                local,
                ns_start: self.bindings.len(),
            });
            return Ok(el);
        }
        // The same lone default-namespace declaration, byte for byte, as the last start tag
        // that had one (ASMX writes `xmlns="…"` on every field): its meaning does not depend
        // on the context, so the binding is reused without scanning or unescaping it again.
        if let Some((same, uri)) = &self.repeated_decl {
            if *same == rest {
                let uri = uri.clone();
                return self.start_with_default(&tag, uri);
            }
        }
        // 1. Scan attributes, counting first: fail on the limit before any other check.
        let mut raw = std::mem::take(&mut self.scratch);
        raw.clear();
        let scanned = scan_attributes(rest, &mut raw, self.max_attributes, self.max_name_len);
        let result = scanned
            .map_err(|p| self.problem(p))
            .and_then(|()| self.resolve_start(&tag, &raw));
        if result.is_ok() && matches!(raw.as_slice(), [("xmlns", _)]) {
            if let Some(b) = self.bindings.last() {
                self.repeated_decl = Some((rest, b.uri.clone()));
            }
        }
        self.scratch = raw;
        result
    }

    /// A start tag whose only attribute declares the default namespace `uri`.
    fn start_with_default(&mut self, tag: &Tag<'a>, uri: NsUri<'a>) -> Res<Element<'a>> {
        let ns_start = self.bindings.len();
        if ns_start >= self.max_attributes.max(MIN_BINDINGS_IN_SCOPE) {
            return Err(self.too_many_bindings());
        }
        self.bindings.push(Binding { prefix: "", uri });
        match self.build_element(tag, &[], 0) {
            Ok(el) => {
                self.frames.push(Frame {
                    qname: tag.qname,
                    local: tag.local,
                    ns_start,
                });
                Ok(el)
            }
            Err(e) => {
                self.bindings.truncate(ns_start);
                Err(e)
            }
        }
    }

    fn too_many_bindings(&self) -> Box<crate::xml::DecodeError> {
        self.err(
            DecodeErrorKind::TooLarge,
            format!(
                "more than {} namespace declarations in scope",
                self.max_attributes.max(MIN_BINDINGS_IN_SCOPE)
            ),
        )
    }

    fn resolve_start(&mut self, tag: &Tag<'a>, raw: &[(&'a str, &'a str)]) -> Res<Element<'a>> {
        let (qname, local) = (tag.qname, tag.local);
        // 2. Duplicate names (bounded by max_attributes, so the square is bounded too).
        for (i, (name, _)) in raw.iter().enumerate() {
            if raw.iter().take(i).any(|(n, _)| n == name) {
                return Err(self.err(
                    DecodeErrorKind::XmlSyntax,
                    format!("duplicate attribute `{name}` on <{qname}>"),
                ));
            }
        }
        // 3. Namespace declarations.
        let ns_start = self.bindings.len();
        let mut regular = 0usize;
        for &(name, value) in raw {
            let decl_prefix = if name == "xmlns" {
                Some("")
            } else {
                name.strip_prefix("xmlns:")
            };
            let Some(p) = decl_prefix else {
                regular += 1;
                continue;
            };
            let uri = text::unescape_attribute(value).map_err(|e| self.problem(e))?;
            if name != "xmlns" {
                let bad = p.is_empty()
                    || p.contains(':')
                    || p == "xmlns"
                    || uri.is_empty()
                    || (p == "xml") != (uri == XML_NS);
                if bad {
                    self.bindings.truncate(ns_start);
                    return Err(self.err(
                        DecodeErrorKind::XmlSyntax,
                        format!("illegal namespace declaration `{name}=\"{uri}\"`"),
                    ));
                }
            }
            if self.bindings.len() >= self.max_attributes.max(MIN_BINDINGS_IN_SCOPE) {
                self.bindings.truncate(ns_start);
                return Err(self.too_many_bindings());
            }
            self.bindings.push(Binding {
                prefix: p,
                uri: uri.into(),
            });
        }
        let result = self.build_element(tag, raw, regular);
        match result {
            Ok(el) => {
                self.frames.push(Frame {
                    qname,
                    local,
                    ns_start,
                });
                Ok(el)
            }
            Err(e) => {
                self.bindings.truncate(ns_start);
                Err(e)
            }
        }
    }

    fn build_element(
        &self,
        tag: &Tag<'a>,
        raw: &[(&'a str, &'a str)],
        regular: usize,
    ) -> Res<Element<'a>> {
        let Tag {
            qname,
            prefix,
            local,
            content,
            pos,
            empty,
        } = *tag;
        let undeclared = |p: &str| {
            self.err(
                DecodeErrorKind::XmlSyntax,
                format!("undeclared namespace prefix `{p}` in <{qname}>"),
            )
        };
        let ns = self.lookup(prefix).ok_or_else(|| undeclared(prefix))?;
        if prefix == "xmlns" {
            return Err(undeclared(prefix));
        }
        let mut el = Element {
            qname,
            local,
            ns,
            empty,
            nil: false,
            depth: self.frames.len(),
            extra: None,
            span: (pos, pos + content.len() + if empty { 3 } else { 2 }),
        };
        if regular == 0 {
            return Ok(el);
        }
        let mut extra = Box::new(Extra {
            attrs: Vec::with_capacity(regular),
            xsi_type: None,
        });
        for &(name, value) in raw {
            if name == "xmlns" || name.starts_with("xmlns:") {
                continue;
            }
            let (aprefix, alocal) = split_name(name).map_err(|p| self.problem(p))?;
            let ans = if aprefix.is_empty() {
                NsUri::Borrowed("")
            } else {
                self.lookup(aprefix).ok_or_else(|| undeclared(aprefix))?
            };
            if !aprefix.is_empty() && extra.attrs.iter().any(|a| a.local == alocal && a.ns == ans) {
                return Err(self.err(
                    DecodeErrorKind::XmlSyntax,
                    format!("duplicate attribute {} on <{qname}>", clark(&ans, alocal)),
                ));
            }
            let value = text::unescape_attribute(value).map_err(|p| self.problem(p))?;
            if ans == XSI_NS {
                match alocal {
                    "nil" => el.nil = matches!(text::trim_xml_ws(&value), "true" | "1"),
                    "type" => extra.xsi_type = self.resolve_qname_value(&value),
                    _ => {}
                }
            }
            extra.attrs.push(Attr {
                ns: ans,
                local: alocal,
                value,
            });
        }
        el.extra = Some(extra);
        Ok(el)
    }

    fn resolve_qname_value(&self, value: &Cow<'a, str>) -> Option<(NsUri<'a>, Cow<'a, str>)> {
        let split = |v: &str| -> Option<(usize, usize)> {
            let t = text::trim_xml_ws(v);
            let start = t.as_ptr() as usize - v.as_ptr() as usize;
            let colon = t.find(':').map_or(0, |c| c + 1);
            (colon < t.len()).then_some((start + colon, start + t.len()))
        };
        let (a, b) = split(value)?;
        let prefix = text::trim_xml_ws(value)
            .split_once(':')
            .map_or("", |(p, _)| p);
        let ns = self.lookup(prefix)?;
        let local = match value {
            Cow::Borrowed(v) => Cow::Borrowed(v.get(a..b)?),
            Cow::Owned(v) => Cow::Owned(v.get(a..b)?.to_owned()),
        };
        Some((ns, local))
    }
}

/// The parts of a start tag being processed.
#[derive(Clone, Copy)]
struct Tag<'a> {
    qname: &'a str,
    prefix: &'a str,
    local: &'a str,
    /// Name and attributes, as between `<` and `>` / `/>`.
    content: &'a str,
    /// Offset of the `<`.
    pos: usize,
    empty: bool,
}

/// Bytes that can never be in a name (`:` is checked apart).
#[allow(clippy::indexing_slicing)] // const evaluation: an out-of-range index fails the build
static NOT_IN_NAME: [bool; 256] = {
    let mut t = [false; 256];
    let bad = b"<>&\"'=/!?; \t\n\r";
    let mut i = 0;
    while i < bad.len() {
        t[bad[i] as usize] = true;
        i += 1;
    }
    t
};

/// Splits a QName into prefix and local name, checking the basic name syntax.
fn split_name(name: &str) -> Result<(&str, &str), Problem> {
    // One pass: find the colon and reject characters that can never be in a name.
    let bytes = name.as_bytes();
    let colon = memchr::memchr(b':', bytes);
    // Branch-free screening with a table (a colon counts only after the first one).
    let after_colon = colon.map_or(bytes.len(), |c| c + 1);
    let ok = !bytes.is_empty()
        && !bytes.iter().fold(false, |bad, &b| {
            bad | NOT_IN_NAME.get(usize::from(b)).copied().unwrap_or(true)
        })
        && memchr::memchr(b':', bytes.get(after_colon..).unwrap_or_default()).is_none();
    let starts_ok = |s: &str| {
        s.as_bytes()
            .first()
            .is_some_and(|&b| !(b.is_ascii_digit() || b == b'-' || b == b'.'))
    };
    let (prefix, local) = match colon {
        Some(i) => (
            name.get(..i).unwrap_or_default(),
            name.get(i + 1..).unwrap_or_default(),
        ),
        None => ("", name),
    };
    if ok && starts_ok(local) && (colon.is_none() || starts_ok(prefix)) {
        Ok((prefix, local))
    } else {
        Err(Problem::new(
            DecodeErrorKind::XmlSyntax,
            format!(
                "invalid XML name `{}`",
                crate::xml::error::bounded(name, 64)
            ),
        ))
    }
}

/// Scans `name="value"` pairs, counting them against `max` before anything else is checked.
fn scan_attributes<'a>(
    rest: &'a str,
    out: &mut Vec<(&'a str, &'a str)>,
    max: usize,
    max_name_len: usize,
) -> Result<(), Problem> {
    let syntax = |m: &str| Problem::new(DecodeErrorKind::XmlSyntax, m.to_owned());
    let bytes = rest.as_bytes();
    let mut i = 0usize;
    let skip_ws = |mut i: usize| {
        while bytes.get(i).is_some_and(|&b| text::is_xml_ws(b)) {
            i += 1;
        }
        i
    };
    loop {
        let start = skip_ws(i);
        if start >= bytes.len() {
            return Ok(());
        }
        if start == i && i != 0 {
            return Err(syntax("attributes must be separated by white space"));
        }
        if out.len() >= max {
            return Err(Problem::new(
                DecodeErrorKind::TooLarge,
                format!("more than {max} attributes and namespace declarations on one element"),
            ));
        }
        let mut j = start;
        while bytes
            .get(j)
            .is_some_and(|&b| b != b'=' && !text::is_xml_ws(b))
        {
            j += 1;
        }
        let name = rest.get(start..j).unwrap_or_default();
        if name.len() > max_name_len {
            return Err(Problem::new(
                DecodeErrorKind::TooLarge,
                format!(
                    "attribute name of {} bytes exceeds the limit of {max_name_len}",
                    name.len()
                ),
            ));
        }
        j = skip_ws(j);
        if bytes.get(j) != Some(&b'=') {
            return Err(syntax("expected `=` after attribute name"));
        }
        j = skip_ws(j + 1);
        let quote = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(syntax("attribute value must be quoted")),
        };
        let value_start = j + 1;
        let Some(len) = bytes
            .get(value_start..)
            .and_then(|v| memchr::memchr(quote, v))
        else {
            return Err(syntax("unterminated attribute value"));
        };
        let value = rest.get(value_start..value_start + len).unwrap_or_default();
        out.push((name, value));
        i = value_start + len + 1;
    }
}
