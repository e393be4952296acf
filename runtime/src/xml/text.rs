//! Character-level helpers of the reader: document validation (UTF-8, illegal control
//! characters), entity and character references, attribute-value normalisation and
//! line-end normalisation.

use std::borrow::Cow;

use crate::xml::error::DecodeErrorKind;

/// A problem found at character level; the reader turns it into a `DecodeError` with a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub kind: DecodeErrorKind,
    pub message: String,
}

impl Problem {
    pub fn new(kind: DecodeErrorKind, message: impl Into<String>) -> Self {
        Problem {
            kind,
            message: message.into(),
        }
    }

    fn syntax(message: impl Into<String>) -> Self {
        Self::new(DecodeErrorKind::XmlSyntax, message)
    }
}

/// XML white space: space, tab, LF, CR.
#[inline]
pub(crate) fn is_xml_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Trims XML white space (not Unicode white space) from both ends.
pub(crate) fn trim_xml_ws(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// Checks that `bytes` is UTF-8 and contains no character XML 1.0 forbids
/// (C0 controls other than tab, LF, CR; U+FFFE; U+FFFF). Returns the text and a problem
/// with its byte offset.
pub(crate) fn validate_document(bytes: &[u8]) -> Result<&str, (usize, Problem)> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        (
            e.valid_up_to(),
            Problem::new(
                DecodeErrorKind::InvalidUtf8,
                "byte sequence is not valid UTF-8",
            ),
        )
    })?;
    if let Some(pos) = find_illegal_char(bytes) {
        let what = match bytes.get(pos) {
            Some(0) => "a NUL character".to_owned(),
            Some(&b) if b < 0x20 => format!("the control character U+{b:04X}"),
            _ => "the non-character U+FFFE/U+FFFF".to_owned(),
        };
        return Err((
            pos,
            Problem::syntax(format!("{what} is not allowed in XML")),
        ));
    }
    Ok(text)
}

/// Position of the first byte starting an illegal XML character, if any.
fn find_illegal_char(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut base = 0;
    for chunk in bytes.chunks(CHUNK) {
        // Branch-free screening of a whole chunk (vectorises well); look closer only on a
        // hit. Tab, line feed and carriage return do not count, so that pretty-printed
        // documents (a line end or indent in most chunks) stay on the fast path.
        let suspicious = chunk.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xEF)
        });
        if suspicious {
            for (i, &b) in chunk.iter().enumerate() {
                let pos = base + i;
                if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
                    return Some(pos);
                }
                if b == 0xEF
                    && bytes.get(pos + 1) == Some(&0xBF)
                    && matches!(bytes.get(pos + 2), Some(0xBE) | Some(0xBF))
                {
                    return Some(pos);
                }
            }
        }
        base += chunk.len();
    }
    None
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let upto = src.get(..offset.min(src.len())).unwrap_or(src);
    let line = upto.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = upto.rfind('\n').map_or(0, |i| i + 1);
    let col = upto.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// Whether `c` matches the XML 1.0 `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Resolves the body of a reference (`amp`, `#65`, `#x41`) to its character.
pub(crate) fn resolve_reference(name: &str) -> Result<char, Problem> {
    match name {
        "amp" => return Ok('&'),
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "quot" => return Ok('"'),
        "apos" => return Ok('\''),
        _ => {}
    }
    let Some(num) = name.strip_prefix('#') else {
        return Err(Problem::new(
            DecodeErrorKind::EntityForbidden,
            format!(
                "reference to undefined entity `&{}`; only the 5 predefined entities are allowed (no DTD)",
                crate::xml::error::bounded(name, 64)
            ),
        ));
    };
    let (digits, radix) = match num.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (num, 10),
    };
    let bad = || {
        Problem::syntax(format!(
            "invalid character reference `&{};`",
            crate::xml::error::bounded(name, 32)
        ))
    };
    if digits.is_empty() || digits.len() > 12 || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(bad());
    }
    let value = u32::from_str_radix(digits, radix).map_err(|_| bad())?;
    match char::from_u32(value) {
        Some(c) if is_xml_char(c) => Ok(c),
        _ => Err(bad()),
    }
}

/// Appends `raw` (text or CDATA without references) to `out` with CRLF and lone CR turned
/// into LF.
pub(crate) fn push_normalized_newlines(out: &mut String, raw: &str) {
    if !has_cr(raw) {
        out.push_str(raw);
        return;
    }
    let mut rest = raw;
    while let Some(i) = rest.find('\r') {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push('\n');
        let after = rest.get(i + 1..).unwrap_or_default();
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
}

/// Whether `s` holds a CR (SIMD search).
#[inline]
pub(crate) fn has_cr(s: &str) -> bool {
    memchr::memchr(b'\r', s.as_bytes()).is_some()
}

/// `raw` with line ends normalised, borrowed when there is no CR.
#[cfg(test)]
pub(crate) fn normalize_newlines(raw: &str) -> Cow<'_, str> {
    if raw.contains('\r') {
        let mut s = String::with_capacity(raw.len());
        push_normalized_newlines(&mut s, raw);
        Cow::Owned(s)
    } else {
        Cow::Borrowed(raw)
    }
}

/// Decodes an attribute value as XML 1.0 section 3.3.3 requires: references resolved,
/// literal tab/LF/CR (and CRLF) turned into a space, `<` rejected. Borrowed when nothing
/// needs to change.
pub(crate) fn unescape_attribute(raw: &str) -> Result<Cow<'_, str>, Problem> {
    // SIMD screening: `&`, `<` or a tab/LF/CR anywhere?
    let bytes = raw.as_bytes();
    let special = memchr::memchr3(b'&', b'<', b'\r', bytes).is_some()
        || memchr::memchr2(b'\t', b'\n', bytes).is_some();
    if !special {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '<', '\t', '\n', '\r']) {
        out.push_str(rest.get(..i).unwrap_or_default());
        let tail = rest.get(i..).unwrap_or_default();
        let mut chars = tail.chars();
        match chars.next() {
            Some('&') => {
                let body = chars.as_str();
                let end = body
                    .find(';')
                    .ok_or_else(|| Problem::syntax("unterminated reference in attribute value"))?;
                out.push(resolve_reference(body.get(..end).unwrap_or_default())?);
                rest = body.get(end + 1..).unwrap_or_default();
            }
            Some('<') => return Err(Problem::syntax("`<` is not allowed in an attribute value")),
            Some('\r') => {
                out.push(' ');
                let after = chars.as_str();
                rest = after.strip_prefix('\n').unwrap_or(after);
            }
            _ => {
                out.push(' ');
                rest = chars.as_str();
            }
        }
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_utf8_and_controls() {
        assert!(validate_document(b"<a>ok\t\r\n</a>").is_ok());
        let (pos, p) = validate_document(b"<a>\xE9</a>").unwrap_err();
        assert_eq!((pos, p.kind), (3, DecodeErrorKind::InvalidUtf8));
        let (pos, p) = validate_document(b"<a>x\0y</a>").unwrap_err();
        assert_eq!((pos, p.kind), (4, DecodeErrorKind::XmlSyntax));
        let long = [b"<a>".as_slice(), &[b'x'; 100], b"\x01</a>"].concat();
        assert_eq!(validate_document(&long).unwrap_err().0, 103);
        assert!(validate_document("<a>\u{FFFF}</a>".as_bytes()).is_err());
        assert!(validate_document("<a>\u{FFFD}é</a>".as_bytes()).is_ok());
        // Pretty-printed: white space in every chunk, a control character among it, at
        // every offset within a chunk.
        let pretty = "<a>\n\t<b>x</b>\r\n".repeat(20);
        assert!(validate_document(pretty.as_bytes()).is_ok());
        for at in 0..40 {
            let mut doc = pretty.clone().into_bytes();
            doc.insert(3 + at, 0x0B);
            assert_eq!(validate_document(&doc).unwrap_err().0, 3 + at, "at {at}");
        }
    }

    #[test]
    fn references() {
        assert_eq!(resolve_reference("amp").unwrap(), '&');
        assert_eq!(resolve_reference("#65").unwrap(), 'A');
        assert_eq!(resolve_reference("#x1F600").unwrap(), '😀');
        assert_eq!(resolve_reference("#13").unwrap(), '\r');
        for bad in [
            "#0",
            "#xD800",
            "#x110000",
            "#1",
            "#xFFFE",
            "#",
            "#x",
            "#X41",
            "#99999999999999",
        ] {
            let p = resolve_reference(bad).unwrap_err();
            assert_eq!(p.kind, DecodeErrorKind::XmlSyntax, "{bad}");
        }
        assert_eq!(
            resolve_reference("nbsp").unwrap_err().kind,
            DecodeErrorKind::EntityForbidden
        );
    }

    #[test]
    fn newline_normalisation() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_newlines("abc"), Cow::Borrowed(_)));
        assert_eq!(normalize_newlines("\r\r\n"), "\n\n");
    }

    #[test]
    fn attribute_values() {
        assert!(matches!(
            unescape_attribute("plain").unwrap(),
            Cow::Borrowed("plain")
        ));
        assert_eq!(
            unescape_attribute("a&amp;b&#10;c\td\r\ne").unwrap(),
            "a&b\nc d e"
        );
        assert_eq!(
            unescape_attribute("&nope;").unwrap_err().kind,
            DecodeErrorKind::EntityForbidden
        );
        assert_eq!(
            unescape_attribute("a<b").unwrap_err().kind,
            DecodeErrorKind::XmlSyntax
        );
        assert_eq!(
            unescape_attribute("a&amp").unwrap_err().kind,
            DecodeErrorKind::XmlSyntax
        );
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }
}
