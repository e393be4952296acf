//! SOAP-encoding multi-reference values, resolved before decoding.
//!
//! rpc/encoded stacks serialize a value referenced more than once (and, for some stacks,
//! every struct) once, with an identifier, and refer to it elsewhere:
//! * SOAP 1.1 §5.2.1/§5.4.1: `<second href="#ref1"/>` → the element with `id="ref1"`;
//! * SOAP 1.2 Part 2 §3.1.5.1: `<second enc:ref="ref1"/>` → `enc:id="ref1"`
//!   (`enc` = `http://www.w3.org/2003/05/soap-encoding`); PHP writes `enc:ref="#ref1"`,
//!   which is read alike.
//!
//! [`resolve`] rewrites the document so that each referencing element holds a copy of the
//! referenced element's attributes (except its identifier) and content, recursively, and the
//! generated decoders never see a reference. The target's in-scope namespace declarations
//! are copied onto the referencing element, so content moved from a `multiRef` sibling of
//! the response element (Axis) or from another branch of the tree (PHP) keeps its meaning.
//!
//! SOAP 1.1 `href` attributes count as references only in a document that declares the SOAP
//! 1.1 encoding namespace (encoded messages do), so that a literal document with an
//! XHTML-like `<a href="#top">` is left alone.
//!
//! Hostile input: a dangling reference, a reference cycle, more than [`MAX_REFERENCES`]
//! substitutions or an output larger than [`MAX_GROWTH`] times the input (plus 1 MiB; chains
//! of references can otherwise grow exponentially) are `invalid-reference` errors. A
//! document that quick-xml cannot parse is passed through unchanged for the reader to
//! report precisely.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::xml::{DecodeError, DecodeErrorKind, Limits};

/// SOAP 1.2 encoding namespace (`enc:id`, `enc:ref`).
const ENC12: &[u8] = b"http://www.w3.org/2003/05/soap-encoding";
/// SOAP 1.1 encoding namespace: `href` attributes are references only in documents that
/// declare it (encoded messages do; a literal document may carry XHTML-like `href`s).
const ENC11: &[u8] = b"http://schemas.xmlsoap.org/soap/encoding/";
/// Most references substituted in one document.
pub const MAX_REFERENCES: usize = 100_000;
/// The resolved document may be at most this many times the input (plus 1 MiB).
pub const MAX_GROWTH: usize = 16;

/// A namespace declaration as written: prefix (empty for the default) and URI (raw).
type Decl = (Vec<u8>, Vec<u8>);

/// An element carrying an identifier.
struct Target {
    /// Byte offset just after the start tag's `>` (or `/>`).
    content_start: usize,
    /// Byte offset of the end tag's `<` (equal to `content_start` for an empty element).
    content_end: usize,
    /// Its attributes as written, the identifier left out (`key="raw value"`).
    attributes: Vec<RawAttribute>,
    /// Every namespace declaration in scope at the element (its own included).
    in_scope: Vec<Decl>,
}

/// An element that refers to a target.
struct Ref {
    start: usize,
    end: usize,
    id: String,
    /// The element's qualified name as written.
    name: Vec<u8>,
    /// Its other attributes as written (the reference left out).
    attributes: Vec<RawAttribute>,
    /// The URI its own prefix (or the default namespace) is bound to at that place.
    name_ns: Vec<u8>,
}

/// An open element during the scan: its target under construction (identifier, target)
/// when it has an identifier, and the index of its reference when it is one.
type OpenElement = (Option<(String, Target)>, Option<usize>);

/// Resolves the multi-reference values of `doc` (see the module docs). Borrows `doc`
/// unchanged when it has no reference.
pub(crate) fn resolve<'a>(doc: &'a [u8], limits: &Limits) -> Result<Cow<'a, [u8]>, DecodeError> {
    if !may_have_reference(doc) {
        return Ok(Cow::Borrowed(doc));
    }
    let Some((targets, refs)) = scan(doc, limits) else {
        return Ok(Cow::Borrowed(doc));
    };
    if refs.is_empty() {
        return Ok(Cow::Borrowed(doc));
    }
    let mut out = Emitter {
        doc,
        targets: &targets,
        refs: &refs,
        out: Vec::with_capacity(doc.len() + doc.len() / 2),
        budget: MAX_REFERENCES,
        max_len: doc.len().saturating_mul(MAX_GROWTH).saturating_add(1 << 20),
        open: Vec::new(),
    };
    out.emit(0, doc.len())?;
    Ok(Cow::Owned(out.out))
}

/// `ref` followed by optional white space and `=`: an `href=` or `enc:ref=` attribute may
/// be present (a cheap test that keeps documents without references on the fast path).
fn may_have_reference(doc: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = doc.get(i..).and_then(|rest| find(rest, b"ref")) {
        let after = doc
            .get(i + p + 3..)
            .unwrap_or_default()
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        if after == Some(&b'=') {
            return true;
        }
        i += p + 3;
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    // SIMD substring search: this runs over every response before decoding.
    memchr::memmem::find(hay, needle)
}

fn invalid(message: String) -> DecodeError {
    DecodeError::new(DecodeErrorKind::InvalidReference, message)
}

/// Finds the identified elements and the references. `None` when quick-xml fails.
/// Beyond `limits` (depth, attributes per element, declarations in scope) it gives up too,
/// so that its cost stays linear; the reader then reports the limit.
fn scan(doc: &[u8], limits: &Limits) -> Option<(HashMap<String, Target>, Vec<Ref>)> {
    let encoded11 = find(doc, ENC11).is_some();
    let max_in_scope = limits.max_attributes.max(256);
    let mut declared = 0usize;
    let mut reader = quick_xml::Reader::from_reader(doc);
    // Per open element: its own declarations and, when it has an identifier, its target
    // under construction (content_end filled at its end tag).
    let mut scopes: Vec<Vec<Decl>> = Vec::new();
    let mut open: Vec<OpenElement> = Vec::new();
    let mut targets = HashMap::new();
    let mut refs = Vec::new();
    loop {
        let before = usize::try_from(reader.buffer_position()).ok()?;
        let event = reader.read_event().ok()?;
        let after = usize::try_from(reader.buffer_position()).ok()?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = doc.get(after.checked_sub(2)?..after) == Some(b"/>");
                let (decls, attributes) = split_attributes(&e)?;
                declared += decls.len();
                scopes.push(decls);
                if scopes.len() > limits.max_depth
                    || declared > max_in_scope
                    || attributes.len() > limits.max_attributes
                {
                    return None;
                }
                let candidate = attributes
                    .iter()
                    .any(|(k, _)| matches!(split_qname(k).1, b"id" | b"href" | b"ref"));
                if !candidate {
                    if empty {
                        declared -= scopes.pop().map_or(0, |d| d.len());
                    } else {
                        open.push((None, None));
                    }
                    continue;
                }
                let in_scope = flatten(&scopes);
                let mut id = None;
                let mut reference = None;
                let mut kept = Vec::new();
                for (key, value) in attributes {
                    let (prefix, local) = split_qname(&key);
                    let ns = prefix.map(|p| lookup(&in_scope, p));
                    match (ns, local) {
                        (None, b"id") => id = Some(text(&value)?),
                        (Some(Some(ENC12)), b"id") => id = Some(text(&value)?),
                        (None, b"href") if encoded11 && value.first() == Some(&b'#') => {
                            reference = Some(text(value.get(1..)?)?)
                        }
                        // An IDREF (SOAP 1.2 Part 2 §3.1.5.2); PHP's ext/soap writes the
                        // SOAP 1.1 form `#id`. No IDREF holds a `#`: a leading one is dropped.
                        (Some(Some(ENC12)), b"ref") => {
                            reference = Some(text(value.strip_prefix(b"#").unwrap_or(&value))?)
                        }
                        _ => kept.push((key, value)),
                    }
                }
                let name = e.name().as_ref().to_vec();
                let ref_index = reference.is_some().then_some(refs.len());
                if let Some(id) = reference {
                    let prefix = split_qname(&name).0.unwrap_or_default();
                    refs.push(Ref {
                        start: before,
                        end: after, // for a non-empty element: set at its end tag
                        id,
                        name_ns: lookup(&in_scope, prefix).unwrap_or_default().to_vec(),
                        name,
                        attributes: kept.clone(),
                    });
                }
                let target = id.map(|id| {
                    let t = Target {
                        content_start: after,
                        content_end: after,
                        attributes: kept,
                        in_scope,
                    };
                    (id, t)
                });
                if empty {
                    declared -= scopes.pop().map_or(0, |d| d.len());
                    if let Some((id, t)) = target {
                        targets.entry(id).or_insert(t);
                    }
                } else {
                    open.push((target, ref_index));
                }
            }
            Event::End(_) => {
                declared -= scopes.pop().map_or(0, |d| d.len());
                let (target, ref_index) = open.pop()?;
                if let Some((id, mut t)) = target {
                    t.content_end = before;
                    targets.entry(id).or_insert(t);
                }
                // A reference with content covers it whole (SOAP 1.1 §5.4.1 gives it none).
                if let Some(r) = ref_index.and_then(|i| refs.get_mut(i)) {
                    r.end = after;
                }
            }
            Event::Eof if scopes.is_empty() => break,
            Event::Eof => return None, // unclosed elements
            _ => {}
        }
    }
    Some((targets, refs))
}

/// An attribute as written: qualified name and raw value.
type RawAttribute = (Vec<u8>, Vec<u8>);

/// (namespace declarations, other attributes) of a start tag, values raw.
fn split_attributes(e: &BytesStart<'_>) -> Option<(Vec<Decl>, Vec<RawAttribute>)> {
    let mut decls = Vec::new();
    let mut attributes = Vec::new();
    for a in e.attributes().with_checks(false) {
        let a = a.ok()?;
        let key = a.key.as_ref();
        if key == b"xmlns" {
            decls.push((Vec::new(), a.value.to_vec()));
        } else if let Some(p) = key.strip_prefix(b"xmlns:") {
            decls.push((p.to_vec(), a.value.to_vec()));
        } else {
            attributes.push((key.to_vec(), a.value.to_vec()));
        }
    }
    Some((decls, attributes))
}

/// Every declaration in scope, innermost last wins (later entries shadow earlier ones).
fn flatten(scopes: &[Vec<Decl>]) -> Vec<Decl> {
    let mut all: Vec<Decl> = Vec::new();
    for (p, uri) in scopes.iter().flatten() {
        all.retain(|(q, _)| q != p);
        all.push((p.clone(), uri.clone()));
    }
    all
}

fn lookup<'a>(in_scope: &'a [Decl], prefix: &[u8]) -> Option<&'a [u8]> {
    in_scope
        .iter()
        .rev()
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u.as_slice())
}

fn split_qname(name: &[u8]) -> (Option<&[u8]>, &[u8]) {
    match name.iter().position(|&b| b == b':') {
        Some(i) => (name.get(..i), name.get(i + 1..).unwrap_or_default()),
        None => (None, name),
    }
}

fn text(raw: &[u8]) -> Option<String> {
    std::str::from_utf8(raw).ok().map(|s| s.trim().to_string())
}

struct Emitter<'a> {
    doc: &'a [u8],
    targets: &'a HashMap<String, Target>,
    refs: &'a [Ref],
    out: Vec<u8>,
    budget: usize,
    max_len: usize,
    /// Identifiers being expanded (cycle detection).
    open: Vec<&'a str>,
}

impl<'a> Emitter<'a> {
    /// Copies `doc[from..to]`, replacing each outermost reference in it by its target.
    fn emit(&mut self, from: usize, to: usize) -> Result<(), DecodeError> {
        let first = self.refs.partition_point(|r| r.start < from);
        let mut cursor = from;
        for r in self.refs.get(first..).unwrap_or_default() {
            if r.start >= to {
                break;
            }
            if r.start < cursor {
                continue; // inside a reference already replaced
            }
            self.copy(cursor, r.start)?;
            self.substitute(r)?;
            cursor = r.end.min(to).max(cursor);
        }
        self.copy(cursor, to)
    }

    fn copy(&mut self, from: usize, to: usize) -> Result<(), DecodeError> {
        let bytes = self.doc.get(from..to).unwrap_or_default();
        self.push(bytes)
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if self.out.len() + bytes.len() > self.max_len {
            return Err(invalid(format!(
                "resolving multi-reference values would grow the document past {} bytes",
                self.max_len
            )));
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    fn substitute(&mut self, r: &'a Ref) -> Result<(), DecodeError> {
        let id = r.id.as_str();
        let Some(t) = self.targets.get(id) else {
            return Err(invalid(format!(
                "reference to `{id}`: no element has that identifier"
            )));
        };
        if self.open.contains(&id) {
            return Err(invalid(format!(
                "the multi-reference value `{id}` contains a reference to itself"
            )));
        }
        self.budget = self.budget.checked_sub(1).ok_or_else(|| {
            invalid(format!(
                "more than {MAX_REFERENCES} multi-reference substitutions"
            ))
        })?;
        // The start tag: the referencing element's name and the binding of its prefix
        // (which it may have declared itself), the rest of the target's namespace context,
        // the target's attributes, then the referencing element's other attributes.
        let (prefix, _) = split_qname(&r.name);
        let prefix = prefix.unwrap_or_default();
        let mut tag = Vec::with_capacity(64);
        tag.push(b'<');
        tag.extend_from_slice(&r.name);
        write_namespace(&mut tag, prefix, &r.name_ns);
        for (p, uri) in &t.in_scope {
            if p.as_slice() != prefix {
                write_namespace(&mut tag, p, uri);
            } else if *uri != r.name_ns && uses_prefix(self.doc, t, p) {
                return Err(invalid(format!(
                    "the multi-reference value `{id}` uses the prefix `{}`, bound otherwise \
                     where it is referenced",
                    String::from_utf8_lossy(p)
                )));
            }
        }
        for (k, v) in &t.attributes {
            write_attribute(&mut tag, k, v);
        }
        for (k, v) in &r.attributes {
            if !t.attributes.iter().any(|(tk, _)| tk == k) {
                write_attribute(&mut tag, k, v);
            }
        }
        tag.push(b'>');
        self.push(&tag)?;
        self.open.push(id);
        self.emit(t.content_start, t.content_end)?;
        self.open.pop();
        let mut end = Vec::with_capacity(r.name.len() + 3);
        end.extend_from_slice(b"</");
        end.extend_from_slice(&r.name);
        end.push(b'>');
        self.push(&end)
    }
}

/// ` xmlns:prefix="uri"`, or ` xmlns="uri"` for the default namespace.
fn write_namespace(tag: &mut Vec<u8>, prefix: &[u8], uri: &[u8]) {
    if prefix.is_empty() {
        write_attribute(tag, b"xmlns", uri);
    } else {
        write_attribute(tag, &[b"xmlns:".as_slice(), prefix].concat(), uri);
    }
}

/// ` key="value"` (the value raw as written, re-quoted with `"`).
fn write_attribute(tag: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    tag.push(b' ');
    tag.extend_from_slice(key);
    tag.extend_from_slice(b"=\"");
    for &b in value {
        if b == b'"' {
            tag.extend_from_slice(b"&quot;");
        } else {
            tag.push(b);
        }
    }
    tag.push(b'"');
}

/// Whether the target (its content or attributes) may use `prefix` (in names or QName
/// values): then it cannot move under another binding of that prefix.
fn uses_prefix(doc: &[u8], t: &Target, prefix: &[u8]) -> bool {
    let content = doc.get(t.content_start..t.content_end).unwrap_or_default();
    if prefix.is_empty() {
        // Unprefixed element names in the content are in the default namespace.
        return content.contains(&b'<');
    }
    let needle = [prefix, b":"].concat();
    find(content, &needle).is_some()
        || t.attributes
            .iter()
            .any(|(k, v)| k.starts_with(&needle) || v.starts_with(&needle))
}

#[cfg(test)]
#[path = "multiref_tests.rs"]
mod tests;
