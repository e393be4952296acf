//! The streaming pull reader: quick-xml tokenises a borrowed `&[u8]`, this module adds
//! namespace resolution, well-formedness checks and resource limits.
//!
//! Nothing here recurses on input depth, allocates per element name, or pre-allocates from
//! input-declared sizes. The open-element path is a stack of borrowed names; the path string
//! is only built when an error is created.

use std::borrow::Cow;

use quick_xml::events::Event;

use super::element::{Element, NsUri, XML_NS};
use super::text;
use crate::xml::error::{DecodeError, DecodeErrorKind};
use crate::xml::limits::Limits;

/// Internal results: boxed errors keep the hot-path `Result`s small.
pub(super) type Res<T> = Result<T, Box<DecodeError>>;

/// One open element.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame<'a> {
    pub(super) qname: &'a str,
    pub(super) local: &'a str,
    /// Length of the binding stack before this element's declarations.
    pub(super) ns_start: usize,
}

/// One namespace declaration in scope (`prefix = ""` for the default namespace).
#[derive(Debug, Clone)]
pub(super) struct Binding<'a> {
    pub(super) prefix: &'a str,
    pub(super) uri: NsUri<'a>,
}

/// What [`Reader::step`] found.
pub(crate) enum Step<'a> {
    /// A start tag; its frame is pushed.
    Start(Element<'a>),
    /// The end tag of the innermost open element; the caller pops it with `pop`.
    End,
    /// Raw character data (no references inside; line ends not yet normalised).
    Text(&'a str),
    /// The content of a CDATA section (line ends not yet normalised).
    CData(&'a str),
    /// A decoded entity or character reference.
    Char(char),
    /// End of input with no element open.
    Eof,
}

/// Streaming pull reader over a borrowed UTF-8 document. See the crate docs for the
/// calling protocol used by generated code.
pub struct Reader<'a> {
    pub(super) src: &'a str,
    pub(super) xml: quick_xml::Reader<&'a [u8]>,
    pub(super) max_depth: usize,
    pub(super) max_attributes: usize,
    pub(super) max_name_len: usize,
    pub(super) frames: Vec<Frame<'a>>,
    pub(super) bindings: Vec<Binding<'a>>,
    pub(super) scratch: Vec<(&'a str, &'a str)>,
    /// The attributes (as written) of the last start tag whose only attribute was
    /// `xmlns="…"`, and the namespace it declared (see `start`).
    pub(super) repeated_decl: Option<(&'a str, NsUri<'a>)>,
    /// The innermost element was self-closed: its `End` is still to be reported.
    pub(super) pending_empty: bool,
    pub(super) seen_root: bool,
    /// quick-xml stands between two tokens, so [`Reader::fast_step`] may read the next one.
    pub(super) fast: bool,
    /// Bytes of namespace declarations [`Reader::capture`] has added so far: bounded by
    /// [`capture_budget`], so that capturing many elements under a long namespace URI
    /// stays linear in the input.
    pub(super) captured_decls: usize,
    /// [`Limits::deadline`], checked when `until_check` reaches 0.
    pub(super) deadline: Option<std::time::Instant>,
    pub(super) until_check: u32,
    /// [`Limits::strict`]: unknown elements are errors.
    pub(super) strict: bool,
    /// The first element that arrived in another namespace than the schema's (see
    /// [`Reader::unknown`]), described for a later `missing-required-element` error.
    pub(super) misplaced: Option<Box<(String, String)>>,
}

/// Tokens read between two looks at the clock when a deadline is set.
const DEADLINE_CHECK_EVERY: u32 = 512;

/// At most this many bytes of inherited declarations are added by all captures of one
/// document together: 8 times the document plus 1 MiB.
fn capture_budget(src_len: usize) -> usize {
    src_len.saturating_mul(8).saturating_add(1 << 20)
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("path", &self.path())
            .field("position", &self.xml.buffer_position())
            .finish()
    }
}

impl<'a> Reader<'a> {
    /// A reader over `xml`, which must be UTF-8 (a UTF-8 BOM is skipped; use
    /// [`crate::xml::to_utf8`] for UTF-16). The whole input is checked for invalid UTF-8
    /// (`invalid-utf8`) and characters XML forbids, such as NUL (`xml-syntax`).
    pub fn new(xml: &'a [u8], limits: &Limits) -> Result<Reader<'a>, DecodeError> {
        let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
        let src = text::validate_document(xml).map_err(|(pos, p)| {
            let valid = std::str::from_utf8(xml.get(..pos).unwrap_or_default()).unwrap_or("");
            let (line, col) = text::line_col(valid, pos);
            DecodeError::new(
                p.kind,
                format!("{} (line {line}, column {col}, byte {pos})", p.message),
            )
        })?;
        let mut reader = quick_xml::Reader::from_reader(src.as_bytes());
        let config = reader.config_mut();
        config.check_end_names = false; // checked here against the borrowed name stack
        config.expand_empty_elements = false;
        config.trim_text(false);
        config.allow_dangling_amp = false;
        config.check_comments = true;
        // End tags are matched here; quick-xml's own stack misses the tags `fast_step` read.
        config.allow_unmatched_ends = true;
        Ok(Reader {
            src,
            xml: reader,
            max_depth: limits.max_depth,
            max_attributes: limits.max_attributes,
            max_name_len: limits.max_name_len,
            frames: Vec::with_capacity(16),
            bindings: Vec::with_capacity(16),
            scratch: Vec::new(),
            repeated_decl: None,
            pending_empty: false,
            seen_root: false,
            fast: false,
            captured_decls: 0,
            deadline: limits.deadline,
            until_check: DEADLINE_CHECK_EVERY,
            strict: limits.strict,
            misplaced: None,
        })
    }

    /// The document element. Skips the XML declaration, comments, PIs and white space
    /// before it; a DOCTYPE is `dtd-forbidden`.
    pub fn root(&mut self) -> Result<Element<'a>, DecodeError> {
        if self.seen_root {
            return Err(self.error(DecodeErrorKind::XmlSyntax, "root() called twice"));
        }
        loop {
            match self.step()? {
                Step::Start(el) => {
                    self.seen_root = true;
                    return Ok(el);
                }
                Step::Text(t) if t.bytes().all(text::is_xml_ws) => {}
                Step::Text(_) | Step::CData(_) | Step::Char(_) => {
                    return Err(self.error(
                        DecodeErrorKind::XmlSyntax,
                        "character data before the root element",
                    ))
                }
                Step::End => {
                    return Err(self.error(DecodeErrorKind::XmlSyntax, "unexpected end tag"))
                }
                Step::Eof => return Err(self.error(DecodeErrorKind::XmlSyntax, "no root element")),
            }
        }
    }

    /// The next child element of the current element, skipping text, comments and PIs.
    /// Returns `None` after consuming the current element's end tag (immediately when it
    /// was self-closed).
    pub fn next_child(&mut self) -> Result<Option<Element<'a>>, DecodeError> {
        loop {
            match self.step()? {
                Step::Start(el) => return Ok(Some(el)),
                Step::End => {
                    self.pop();
                    return Ok(None);
                }
                Step::Text(_) | Step::CData(_) | Step::Char(_) => {}
                Step::Eof => return Ok(None),
            }
        }
    }

    /// Skips the rest of `el` (which must be the element just returned), subtree included.
    /// Iterative: any depth up to the limit is fine.
    pub fn skip(&mut self, el: &Element<'_>) -> Result<(), DecodeError> {
        let target = el.depth;
        while self.frames.len() > target {
            match self.step()? {
                Step::End => self.pop(),
                Step::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Skips the rest of the innermost open element, subtree included.
    #[doc(hidden)]
    pub fn skip_current(&mut self) -> Result<(), DecodeError> {
        let target = self.frames.len().saturating_sub(1);
        while self.frames.len() > target {
            match self.step()? {
                Step::End => self.pop(),
                Step::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// The character data of `el` up to its end tag: text and CDATA concatenated,
    /// references decoded, comments and PIs removed, CRLF/CR turned into LF. Never
    /// trimmed. A child element is `unexpected-element`.
    pub fn read_text(&mut self, el: &Element<'_>) -> Result<Cow<'a, str>, DecodeError> {
        let text = self.read_text_unpopped(el)?;
        self.pop();
        Ok(text)
    }

    /// Reads `el`'s text as an `xs:QName` and resolves it against the namespaces in scope on
    /// `el` (declarations on `el` itself included). White space around it is ignored; an
    /// unprefixed name takes the default namespace. Returns `(namespace, local name)`.
    pub fn read_qname(&mut self, el: &Element<'_>) -> Result<(String, String), DecodeError> {
        match self.read_qname_lenient(el)? {
            Ok(q) => Ok(q),
            Err(raw) => Err(self
                .error_for(
                    el,
                    DecodeErrorKind::InvalidValue { xsd_type: "QName" },
                    "invalid or unresolvable xs:QName",
                )
                .with_found(format!("{raw:?}"))),
        }
    }

    /// Like [`Reader::read_qname`], but an invalid or unresolvable QName is returned as
    /// `Err(trimmed text)` instead of an error.
    pub(crate) fn read_qname_lenient(
        &mut self,
        el: &Element<'_>,
    ) -> Result<Result<(String, String), String>, DecodeError> {
        let raw = self.read_text_unpopped(el)?;
        let value = text::trim_xml_ws(&raw);
        let (prefix, local) = value.split_once(':').unwrap_or(("", value));
        let out = match self.lookup(prefix) {
            Some(ns) if !local.is_empty() && !local.contains(':') => {
                Ok((ns.to_string(), local.to_owned()))
            }
            _ => Err(value.to_owned()),
        };
        self.pop();
        Ok(out)
    }

    /// Appends the character data of the whole document (inside the root) to `out`.
    pub(crate) fn collect_text(&mut self, out: &mut String) -> Result<(), DecodeError> {
        loop {
            match self.step()? {
                Step::Text(t) | Step::CData(t) => {
                    if !self.frames.is_empty() {
                        text::push_normalized_newlines(out, t);
                    }
                }
                Step::Char(c) => out.push(c),
                Step::Start(_) => self.seen_root = true,
                Step::End => self.pop(),
                Step::Eof => return Ok(()),
            }
        }
    }

    /// The raw XML of `el`'s subtree (from its start tag to its end tag), with the namespace
    /// declarations in scope added to its start tag so that it stands alone.
    pub fn capture(&mut self, el: &Element<'_>) -> Result<String, DecodeError> {
        let decls = self.inherited_declarations(el);
        self.captured_decls = self.captured_decls.saturating_add(decls.len());
        if self.captured_decls > capture_budget(self.src.len()) {
            return Err(self.error_for(
                el,
                DecodeErrorKind::TooLarge,
                "captured elements repeat more inherited namespace declarations than the \
                 document's size allows",
            ));
        }
        self.skip(el)?;
        let end = if el.empty {
            el.span.1
        } else {
            usize::try_from(self.xml.buffer_position()).unwrap_or(usize::MAX)
        };
        let (start, name_end) = (el.span.0, el.span.0 + 1 + el.qname.len());
        let (Some(head), Some(tail)) = (self.src.get(start..name_end), self.src.get(name_end..end))
        else {
            return Err(self.error(DecodeErrorKind::XmlSyntax, "cannot capture element"));
        };
        let mut out = String::with_capacity(head.len() + decls.len() + tail.len());
        out.push_str(head);
        out.push_str(&decls);
        out.push_str(tail);
        Ok(out)
    }

    /// After the root element has been consumed: checks that only comments, PIs and white
    /// space follow (a second root element is `xml-syntax`). Any unconsumed content of the
    /// root is skipped (and checked) first.
    #[doc(hidden)]
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        if !self.seen_root {
            self.root()?;
        }
        loop {
            match self.step()? {
                Step::Start(el) if el.depth == 0 => {
                    return Err(self.error(
                        DecodeErrorKind::XmlSyntax,
                        format!("more than one root element (found a second <{}>)", el.qname),
                    ))
                }
                Step::End => self.pop(),
                Step::Text(t) if self.frames.is_empty() && !t.bytes().all(text::is_xml_ws) => {
                    return Err(self.error(
                        DecodeErrorKind::XmlSyntax,
                        "character data after the root element",
                    ))
                }
                Step::CData(_) | Step::Char(_) if self.frames.is_empty() => {
                    return Err(self.error(
                        DecodeErrorKind::XmlSyntax,
                        "character data after the root element",
                    ))
                }
                Step::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Pops the innermost open element (after [`Step::End`]).
    pub(crate) fn pop(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.bindings.truncate(f.ns_start);
        }
    }

    /// The namespace bound to `prefix` in the current scope (`""` = default namespace).
    /// Cheap: a borrowed URI, or a shared one (never a copy of the URI).
    pub(crate) fn lookup(&self, prefix: &str) -> Option<NsUri<'a>> {
        if prefix.is_empty() {
            let default = self.bindings.iter().rev().find(|b| b.prefix.is_empty());
            return Some(default.map_or(NsUri::Borrowed(""), |b| b.uri.clone()));
        }
        if prefix == "xml" {
            return Some(NsUri::Borrowed(XML_NS));
        }
        self.bindings
            .iter()
            .rev()
            .find(|b| b.prefix == prefix)
            .map(|b| b.uri.clone())
    }

    /// Reads character data up to the current element's end tag, leaving the frame open.
    fn read_text_unpopped(&mut self, _el: &Element<'_>) -> Result<Cow<'a, str>, DecodeError> {
        let mut acc: Cow<'a, str> = Cow::Borrowed("");
        loop {
            if self.fast && !self.pending_empty {
                // Text and references up to the next `<` in one scan (usually all of it).
                self.fast_text(&mut acc)?;
            }
            match self.step()? {
                Step::Text(t) | Step::CData(t) => {
                    if acc.is_empty() && !text::has_cr(t) {
                        if let Cow::Borrowed(_) = acc {
                            acc = Cow::Borrowed(t);
                            continue;
                        }
                    }
                    text::push_normalized_newlines(acc.to_mut(), t);
                }
                Step::Char(c) => acc.to_mut().push(c),
                Step::Start(child) => {
                    return Err(self
                        .error_for(
                            &child,
                            DecodeErrorKind::UnexpectedElement,
                            "element found where only text is allowed",
                        )
                        .with_found(child.expanded_name()))
                }
                Step::End => return Ok(acc),
                Step::Eof => {
                    return Err(self.error(DecodeErrorKind::XmlSyntax, "unexpected end of input"))
                }
            }
        }
    }

    /// `xmlns` declarations for every binding in scope above `el` that `el` does not
    /// redeclare itself.
    fn inherited_declarations(&self, el: &Element<'_>) -> String {
        let Some(frame) = self.frames.get(el.depth) else {
            return String::new();
        };
        let own_end = self
            .frames
            .get(el.depth + 1)
            .map_or(self.bindings.len(), |f| f.ns_start);
        let own = self
            .bindings
            .get(frame.ns_start..own_end)
            .unwrap_or_default();
        let inherited = self.bindings.get(..frame.ns_start).unwrap_or_default();
        let mut seen = std::collections::HashSet::new();
        let mut decls = String::new();
        for b in inherited.iter().rev() {
            if !seen.insert(b.prefix) || own.iter().any(|o| o.prefix == b.prefix) {
                continue;
            }
            if b.prefix.is_empty() {
                if b.uri.is_empty() {
                    continue;
                }
                decls.push_str(" xmlns=\"");
            } else {
                decls.push_str(" xmlns:");
                decls.push_str(b.prefix);
                decls.push_str("=\"");
            }
            super::writer::escape_attribute_into(&mut decls, &b.uri);
            decls.push('"');
        }
        decls
    }

    /// `s` (a slice quick-xml borrowed from the input) as a `&'a str` of the source.
    fn source_slice(&self, s: &[u8]) -> Res<&'a str> {
        if s.is_empty() {
            return Ok("");
        }
        let offset = (s.as_ptr() as usize).wrapping_sub(self.src.as_ptr() as usize);
        self.src
            .get(offset..offset.wrapping_add(s.len()))
            .ok_or_else(|| self.err(DecodeErrorKind::XmlSyntax, "internal: event outside input"))
    }

    fn quick_xml_error(&self, e: quick_xml::Error) -> Box<DecodeError> {
        let pos = usize::try_from(self.xml.error_position()).unwrap_or(0);
        let kind = match &e {
            quick_xml::Error::Syntax(quick_xml::errors::SyntaxError::UnclosedDoctype) => {
                DecodeErrorKind::DtdForbidden
            }
            _ => DecodeErrorKind::XmlSyntax,
        };
        Box::new(self.error_at_offset(kind, e.to_string(), pos))
    }

    /// Counts one token; every [`DEADLINE_CHECK_EVERY`] tokens, fails once the deadline
    /// has passed.
    #[inline]
    pub(super) fn tick(&mut self) -> Res<()> {
        if let Some(deadline) = self.deadline {
            self.until_check -= 1;
            if self.until_check == 0 {
                self.until_check = DEADLINE_CHECK_EVERY;
                if std::time::Instant::now() >= deadline {
                    return Err(self.err(
                        DecodeErrorKind::Timeout,
                        "the call's deadline passed while the response was decoded",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The next event, with comments/PIs dropped, DOCTYPE rejected, start tags fully
    /// processed (frame pushed) and end tags checked against the open element.
    pub(crate) fn step(&mut self) -> Res<Step<'a>> {
        if self.pending_empty {
            self.pending_empty = false;
            return Ok(Step::End);
        }
        loop {
            self.tick()?;
            if self.fast {
                if let Some(step) = self.fast_step() {
                    return step;
                }
            }
            let before = usize::try_from(self.xml.buffer_position()).unwrap_or(usize::MAX);
            let event = self.xml.read_event().map_err(|e| self.quick_xml_error(e))?;
            // After a text event quick-xml has consumed the `<` or `&` that ended it.
            self.fast = !matches!(event, Event::Text(_) | Event::Eof);
            match event {
                Event::Start(e) => {
                    let content = self.source_slice(&e)?;
                    return self.start(content, false).map(Step::Start);
                }
                Event::Empty(e) => {
                    let content = self.source_slice(&e)?;
                    let el = self.start(content, true)?;
                    self.pending_empty = true;
                    return Ok(Step::Start(el));
                }
                Event::End(e) => {
                    let name = self.source_slice(&e)?;
                    return match self.frames.last() {
                        Some(f) if f.qname == name => Ok(Step::End),
                        Some(f) => Err(self.err(
                            DecodeErrorKind::XmlSyntax,
                            format!(
                                "mismatched end tag </{}>, expected </{}>",
                                crate::xml::error::bounded(name, 64),
                                f.qname
                            ),
                        )),
                        None => Err(self.err(
                            DecodeErrorKind::XmlSyntax,
                            format!(
                                "end tag </{}> without start tag",
                                crate::xml::error::bounded(name, 64)
                            ),
                        )),
                    };
                }
                Event::Text(t) => {
                    let s = self.source_slice(&t)?;
                    if !s.is_empty() {
                        return Ok(Step::Text(s));
                    }
                }
                Event::CData(c) => return Ok(Step::CData(self.source_slice(&c)?)),
                Event::GeneralRef(r) => {
                    let name = self.source_slice(&r)?;
                    return text::resolve_reference(name)
                        .map(Step::Char)
                        .map_err(|p| self.problem(p));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(_) => {
                    if before != 0 {
                        return Err(self.err(
                            DecodeErrorKind::XmlSyntax,
                            "XML declaration is only allowed at the very start",
                        ));
                    }
                }
                Event::DocType(_) => {
                    return Err(self.err(
                        DecodeErrorKind::DtdForbidden,
                        "DOCTYPE declarations are forbidden in SOAP messages",
                    ))
                }
                Event::Eof => {
                    if let Some(f) = self.frames.last() {
                        return Err(self.err(
                            DecodeErrorKind::XmlSyntax,
                            format!("unexpected end of input: <{}> is not closed", f.qname),
                        ));
                    }
                    return Ok(Step::Eof);
                }
            }
        }
    }
}
