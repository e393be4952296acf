//! The XML writer: appends to a `Vec<u8>`, escapes as needed, emits `xmlns="..."` only
//! where the default namespace changes (ASMX style) and declares prefixes for namespaced
//! attributes and `xsi:type` values on demand.

use super::element::XSI_NS;
use super::Encode;

/// The XML Schema namespace (bound to `xsd` on SOAP envelopes).
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// A prefix declared by the writer, in scope until the element at `depth` closes.
#[derive(Debug, Clone)]
struct PrefixBinding {
    prefix: String,
    ns: String,
    depth: usize,
}

/// Fast XML writer used by generated `Encode` impls and the envelope builder.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
    /// Default namespaces pushed by open elements, concatenated; `default_stack` holds ranges.
    default_buf: String,
    default_stack: Vec<(usize, usize)>,
    prefixes: Vec<PrefixBinding>,
    depth: usize,
    next_prefix: usize,
    in_start_tag: bool,
    /// MTOM: binary values written as `xop:Include` references, in order (`None`: inline).
    attachments: Option<Vec<Vec<u8>>>,
}

impl Writer {
    /// An empty writer with no namespace in scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with `capacity` bytes reserved.
    pub fn with_capacity(capacity: usize) -> Self {
        Writer {
            buf: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// From now on, binary values ([`Writer::binary`]) become MTOM/XOP attachments.
    #[doc(hidden)]
    pub fn collect_attachments(&mut self) {
        self.attachments.get_or_insert_with(Vec::new);
    }

    /// The attachments collected so far (part `n` is referenced as `cid:n@soapgen`).
    #[doc(hidden)]
    pub fn take_attachments(&mut self) -> Vec<Vec<u8>> {
        self.attachments.take().unwrap_or_default()
    }

    /// Writes binary content: an `xop:Include` reference to a new attachment when
    /// attachments are collected, base64 text otherwise.
    pub fn binary(&mut self, bytes: &[u8]) {
        use base64::Engine as _;
        match &mut self.attachments {
            Some(parts) => {
                let n = parts.len();
                parts.push(bytes.to_vec());
                self.raw(&format!(
                    "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:{n}@soapgen\"/>"
                ));
            }
            None => {
                let text = base64::engine::general_purpose::STANDARD.encode(bytes);
                self.raw(&text);
            }
        }
    }

    /// Declares that `prefix` is bound to `ns` by enclosing markup the caller writes itself
    /// (used by the envelope for `xsi`, `xsd` and the SOAP prefix).
    #[doc(hidden)]
    pub fn assume_prefix(&mut self, prefix: &str, ns: &str) {
        self.prefixes.push(PrefixBinding {
            prefix: prefix.to_owned(),
            ns: ns.to_owned(),
            depth: 0,
        });
    }

    /// Whether a prefix for `ns` is in scope (declared by the writer or assumed): lets an
    /// encoder follow its context (e.g. the SOAP envelope version around an encoded body).
    #[doc(hidden)]
    pub fn in_scope(&self, ns: &str) -> bool {
        self.prefixes.iter().any(|p| p.ns == ns)
    }

    /// Writes `<local>` with the content and attributes of `value`, then `</local>`
    /// (or `<local/>` when nothing was written inside). Emits `xmlns="ns"` only when `ns`
    /// differs from the default namespace in scope; `ns = ""` means unqualified.
    pub fn element<T: Encode + ?Sized>(&mut self, ns: &str, local: &str, value: &T) {
        self.buf.push(b'<');
        self.buf.extend_from_slice(local.as_bytes());
        let pushed = self.open_scope(ns);
        let outer = std::mem::replace(&mut self.in_start_tag, true);
        value.encode_attributes(self);
        self.in_start_tag = false;
        let gt = self.buf.len();
        self.buf.push(b'>');
        value.encode_content(self);
        if self.buf.len() == gt + 1 {
            self.buf.truncate(gt);
            self.buf.extend_from_slice(b"/>");
        } else {
            self.buf.extend_from_slice(b"</");
            self.buf.extend_from_slice(local.as_bytes());
            self.buf.push(b'>');
        }
        self.close_scope(pushed);
        self.in_start_tag = outer;
    }

    /// Writes `<local xsi:nil="true"/>`.
    pub fn nil_element(&mut self, ns: &str, local: &str) {
        self.element(ns, local, &Nil);
    }

    /// Writes an attribute. Only valid from within `Encode::encode_attributes` (ignored
    /// elsewhere). Declares a prefix for a non-empty `ns` when none is in scope.
    pub fn attribute(&mut self, ns: &str, local: &str, value: &str) {
        if !self.in_start_tag {
            debug_assert!(false, "Writer::attribute called outside encode_attributes");
            return;
        }
        let prefix = if ns.is_empty() {
            None
        } else {
            Some(self.prefix_for(ns))
        };
        self.buf.push(b' ');
        if let Some(i) = prefix {
            let p = self
                .prefixes
                .get(i)
                .map(|b| b.prefix.as_bytes())
                .unwrap_or_default();
            self.buf.extend_from_slice(p);
            self.buf.push(b':');
        }
        self.buf.extend_from_slice(local.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        escape_into(&mut self.buf, value, true);
        self.buf.push(b'"');
    }

    /// Writes `xsi:type="p:local"`, declaring `p` for `ns` when needed. Only valid from within
    /// `Encode::encode_attributes`.
    pub fn xsi_type(&mut self, ns: &str, local: &str) {
        self.qname_attribute(XSI_NS, "type", ns, local, "");
    }

    /// Writes an attribute `{ns}local` whose value is the QName `p:value_local` followed by
    /// `suffix` (e.g. `SOAP-ENC:arrayType="xsd:string[3]"`), declaring `p` for `value_ns`
    /// when needed. Only valid from within `Encode::encode_attributes`.
    pub fn qname_attribute(
        &mut self,
        ns: &str,
        local: &str,
        value_ns: &str,
        value_local: &str,
        suffix: &str,
    ) {
        if !self.in_start_tag {
            debug_assert!(
                false,
                "Writer::qname_attribute called outside encode_attributes"
            );
            return;
        }
        let value = if value_ns.is_empty() {
            format!("{value_local}{suffix}")
        } else {
            let i = self.prefix_for(value_ns);
            let p = self
                .prefixes
                .get(i)
                .map(|b| b.prefix.as_str())
                .unwrap_or_default();
            format!("{p}:{value_local}{suffix}")
        };
        self.attribute(ns, local, &value);
    }

    /// Writes character data, escaping `&`, `<`, `>` and CR (as `&#13;`).
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.buf, s, false);
    }

    /// Writes `xml` verbatim (it must be well-formed in context).
    pub fn raw(&mut self, xml: &str) {
        self.buf.extend_from_slice(xml.as_bytes());
    }

    /// Writes the decimal digits of `n` (no allocation).
    #[doc(hidden)]
    pub fn write_i64(&mut self, n: i64) {
        if n < 0 {
            self.buf.push(b'-');
        }
        self.write_u64(n.unsigned_abs());
    }

    /// Writes the decimal digits of `n` (no allocation).
    #[doc(hidden)]
    pub fn write_u64(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        self.buf
            .extend_from_slice(digits.get(i..).unwrap_or_default());
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Number of bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Drops everything written after the first `len` bytes.
    #[doc(hidden)]
    pub fn truncate(&mut self, len: usize) {
        self.buf.truncate(len);
    }

    /// The written bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// The written document as a string.
    pub fn into_string(self) -> String {
        String::from_utf8(self.buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn current_default(&self) -> &str {
        match self.default_stack.last() {
            Some(&(a, b)) => self.default_buf.get(a..b).unwrap_or_default(),
            None => "",
        }
    }

    /// Starts the scope of a new element whose start tag is being written.
    fn open_scope(&mut self, ns: &str) -> bool {
        self.depth += 1;
        if ns == self.current_default() {
            return false;
        }
        self.buf.extend_from_slice(b" xmlns=\"");
        escape_into(&mut self.buf, ns, true);
        self.buf.push(b'"');
        let start = self.default_buf.len();
        self.default_buf.push_str(ns);
        self.default_stack.push((start, self.default_buf.len()));
        true
    }

    fn close_scope(&mut self, pushed_default: bool) {
        if pushed_default {
            if let Some((start, _)) = self.default_stack.pop() {
                self.default_buf.truncate(start);
            }
        }
        while self.prefixes.last().is_some_and(|p| p.depth == self.depth) {
            self.prefixes.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// Index in `prefixes` of a binding for `ns`, declaring one on the current start tag
    /// when none is in scope.
    fn prefix_for(&mut self, ns: &str) -> usize {
        if let Some(i) = self.prefixes.iter().rposition(|p| p.ns == ns) {
            let prefix = self.prefixes.get(i).map(|p| p.prefix.as_str());
            // Usable only if not shadowed by a later binding of the same prefix.
            let shadowed = self
                .prefixes
                .iter()
                .skip(i + 1)
                .any(|p| Some(p.prefix.as_str()) == prefix);
            if !shadowed {
                return i;
            }
        }
        let preferred = match ns {
            XSI_NS => Some("xsi"),
            XSD_NS => Some("xsd"),
            _ => None,
        };
        let prefix = match preferred {
            Some(p) if !self.prefixes.iter().any(|b| b.prefix == p) => p.to_owned(),
            _ => loop {
                self.next_prefix += 1;
                let candidate = format!("q{}", self.next_prefix);
                if !self.prefixes.iter().any(|b| b.prefix == candidate) {
                    break candidate;
                }
            },
        };
        self.buf.extend_from_slice(b" xmlns:");
        self.buf.extend_from_slice(prefix.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        escape_into(&mut self.buf, ns, true);
        self.buf.push(b'"');
        self.prefixes.push(PrefixBinding {
            prefix,
            ns: ns.to_owned(),
            depth: self.depth,
        });
        self.prefixes.len() - 1
    }
}

/// An element with `xsi:nil="true"` and no content.
struct Nil;

impl Encode for Nil {
    fn encode_attributes(&self, w: &mut Writer) {
        w.attribute(XSI_NS, "nil", "true");
    }
    fn encode_content(&self, _w: &mut Writer) {}
}

/// Appends `s` escaped: `& < >` and CR always; in attributes also `"`, tab and LF.
pub(crate) fn escape_into(buf: &mut Vec<u8>, s: &str, attribute: bool) {
    if attribute {
        escape::<true>(buf, s.as_bytes());
    } else {
        escape::<false>(buf, s.as_bytes());
    }
}

/// [`escape_into`] for text (`ATTR = false`) or attribute values: copies the runs
/// between the bytes to escape whole.
fn escape<const ATTR: bool>(buf: &mut Vec<u8>, mut rest: &[u8]) {
    buf.reserve(rest.len());
    while let Some(i) = find_special::<ATTR>(rest) {
        let Some((run, tail)) = rest.split_at_checked(i) else {
            break;
        };
        buf.extend_from_slice(run);
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        buf.extend_from_slice(match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#13;",
            b'"' => b"&quot;",
            b'\n' => b"&#10;",
            _ => b"&#9;",
        });
        rest = tail;
    }
    buf.extend_from_slice(rest);
}

/// Whether `b` must be escaped (in text, or in an attribute value when `ATTR`).
#[inline(always)]
fn special<const ATTR: bool>(b: u8) -> bool {
    (b == b'&')
        | (b == b'<')
        | (b == b'>')
        | (b == b'\r')
        | (ATTR & ((b == b'"') | (b == b'\n') | (b == b'\t')))
}

/// Index of the first byte of `bytes` to escape: 16 bytes at a time with a test
/// without branches (which the compiler vectorises), then byte by byte.
#[inline]
fn find_special<const ATTR: bool>(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(16);
    let mut base = 0;
    for chunk in &mut chunks {
        let hit = chunk.iter().fold(false, |hit, &b| hit | special::<ATTR>(b));
        if hit {
            return chunk
                .iter()
                .position(|&b| special::<ATTR>(b))
                .map(|i| base + i);
        }
        base += 16;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| special::<ATTR>(b))
        .map(|i| base + i)
}

/// Appends `s` escaped for an attribute value to a `String`.
pub(crate) fn escape_attribute_into(out: &mut String, s: &str) {
    let mut v = std::mem::take(out).into_bytes();
    escape_into(&mut v, s, true);
    *out =
        String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

#[cfg(test)]
mod escape_tests {
    /// The plain definition [`super::escape_into`] must agree with.
    fn reference(s: &str, attribute: bool) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\r' => out.push_str("&#13;"),
                '"' if attribute => out.push_str("&quot;"),
                '\n' if attribute => out.push_str("&#10;"),
                '\t' if attribute => out.push_str("&#9;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escapes_like_the_definition_at_every_position() {
        let specials = ['&', '<', '>', '\r', '"', '\n', '\t', 'é', 'x', ';', '='];
        for len in 0..40 {
            for (k, special) in specials.iter().enumerate() {
                for at in 0..len {
                    let s: String = (0..len)
                        .map(|i| {
                            if i == at || i % (k + 3) == 0 {
                                *special
                            } else {
                                'a'
                            }
                        })
                        .collect();
                    for attribute in [false, true] {
                        let mut buf = Vec::new();
                        super::escape_into(&mut buf, &s, attribute);
                        assert_eq!(
                            String::from_utf8(buf).unwrap(),
                            reference(&s, attribute),
                            "{s:?} attribute={attribute}"
                        );
                    }
                }
            }
        }
    }
}
