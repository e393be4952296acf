//! Character encodings of response documents, decided as XML 1.0 Appendix F and RFC 7303
//! say: a byte order mark first, then the HTTP `charset` parameter, then the `encoding` of
//! the XML declaration, else UTF-8.
//!
//! UTF-8 (BOM optional) is read in place. UTF-16 LE/BE (with BOM, or recognisable from a
//! leading `<` without one), ISO-8859-1 (exactly, byte for code point) and every other
//! encoding `encoding_rs` knows (`windows-1252`, `Shift_JIS`, ...) are transcoded to UTF-8.
//! An unknown encoding, bytes invalid in the encoding, or a second byte order mark are
//! `invalid-utf8` errors.

use std::borrow::Cow;

use encoding_rs::Encoding;

use crate::xml::error::{DecodeError, DecodeErrorKind};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn invalid(message: impl Into<String>) -> DecodeError {
    DecodeError::new(DecodeErrorKind::InvalidUtf8, message)
}

/// Converts a response document to UTF-8 as described in the module docs (no HTTP
/// charset: BOM, then declaration). The UTF-8 BOM is removed. UTF-8 validity itself is
/// checked by [`super::Reader::new`].
pub fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return no_second_bom(Cow::Borrowed(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    if let Some(le) = utf16_without_bom(bytes) {
        return utf16(
            bytes,
            if le {
                u16::from_le_bytes
            } else {
                u16::from_be_bytes
            },
        )
        .map(Cow::Owned);
    }
    match declared_encoding(bytes) {
        None => Ok(Cow::Borrowed(bytes)),
        Some(label) => decode_as(bytes, label, "declared"),
    }
}

/// Applies the HTTP `charset` parameter of a response: returns the document as
/// [`to_utf8`] must read it. A byte order mark still decides first; otherwise `charset`
/// decides, over the XML declaration. A document transcoded here (or whose declaration
/// the charset overrides) comes back as UTF-8 with a UTF-8 BOM, which tells [`to_utf8`]
/// that it is UTF-8 whatever its declaration says.
pub(crate) fn apply_charset<'b>(
    bytes: &'b [u8],
    charset: Option<&str>,
) -> Result<Cow<'b, [u8]>, DecodeError> {
    let Some(charset) = charset.map(|c| c.trim().trim_matches('"')) else {
        return Ok(Cow::Borrowed(bytes));
    };
    let has_bom = [UTF8_BOM, b"\xFF\xFE", b"\xFE\xFF"]
        .iter()
        .any(|b| bytes.starts_with(b));
    if has_bom {
        return Ok(Cow::Borrowed(bytes));
    }
    if is_utf8_label(charset) {
        return Ok(match declared_encoding(bytes) {
            Some(d) if !is_utf8_label(d) => Cow::Owned(with_bom(bytes)),
            _ => Cow::Borrowed(bytes),
        });
    }
    let utf8 = if charset.eq_ignore_ascii_case("utf-16") {
        // No BOM: the byte order shows in the first `<` (RFC 2781: big-endian otherwise).
        let le = utf16_without_bom(bytes).unwrap_or(false);
        utf16(
            bytes,
            if le {
                u16::from_le_bytes
            } else {
                u16::from_be_bytes
            },
        )?
    } else if charset.eq_ignore_ascii_case("utf-16le") && utf16_without_bom(bytes).is_some() {
        utf16(bytes, u16::from_le_bytes)?
    } else if charset.eq_ignore_ascii_case("utf-16be") && utf16_without_bom(bytes).is_some() {
        utf16(bytes, u16::from_be_bytes)?
    } else {
        decode_as(bytes, charset, "HTTP charset")?.into_owned()
    };
    Ok(Cow::Owned(with_bom(&utf8)))
}

fn is_utf8_label(label: &str) -> bool {
    ["utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8"]
        .iter()
        .any(|u| label.eq_ignore_ascii_case(u))
}

fn with_bom(utf8: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(UTF8_BOM.len() + utf8.len());
    out.extend_from_slice(UTF8_BOM);
    out.extend_from_slice(utf8);
    out
}

/// Whether `bytes` start with `<` in UTF-16 without a BOM: `Some(true)` little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(b"<\0") {
        Some(true)
    } else if bytes.starts_with(b"\0<") {
        Some(false)
    } else {
        None
    }
}

/// Decodes `bytes` in the encoding named `label` (`source`: where the name came from).
fn decode_as<'b>(bytes: &'b [u8], label: &str, source: &str) -> Result<Cow<'b, [u8]>, DecodeError> {
    if is_utf8_label(label) {
        return Ok(Cow::Borrowed(bytes));
    }
    match label.to_ascii_lowercase().as_str() {
        // Exactly ISO-8859-1 (encoding_rs reads this label as windows-1252, as browsers do).
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" => {
            return Ok(Cow::Owned(latin1(bytes)))
        }
        _ => {}
    }
    let unsupported = || {
        invalid(format!(
            "unsupported {source} encoding `{}`",
            crate::xml::error::bounded(label, 40)
        ))
    };
    let enc = Encoding::for_label_no_replacement(label.as_bytes()).ok_or_else(unsupported)?;
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        // An ASCII-readable document cannot be UTF-16 without a BOM.
        return Err(invalid(format!(
            "the {source} encoding is UTF-16 but the document is not (no byte order mark)"
        )));
    }
    let text = enc
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            invalid(format!(
                "bytes invalid in the {source} encoding {}",
                enc.name()
            ))
        })?;
    no_second_bom(Cow::Owned(text.into_owned().into_bytes()))
}

/// A document may carry one byte order mark, not two.
fn no_second_bom(doc: Cow<'_, [u8]>) -> Result<Cow<'_, [u8]>, DecodeError> {
    if doc.starts_with(UTF8_BOM) {
        return Err(invalid("more than one byte order mark"));
    }
    Ok(doc)
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<Vec<u8>, DecodeError> {
    let chunks = bytes.chunks_exact(2);
    if !chunks.remainder().is_empty() {
        return Err(invalid("UTF-16 document has an odd number of bytes"));
    }
    let units = chunks.map(|c| {
        from([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    let mut out = String::with_capacity(bytes.len());
    for c in char::decode_utf16(units) {
        out.push(c.map_err(|_| invalid("invalid UTF-16 (unpaired surrogate)"))?);
    }
    if out.starts_with('\u{FEFF}') {
        return Err(invalid("more than one byte order mark"));
    }
    Ok(out.into_bytes())
}

fn latin1(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|&b| char::from(b))
        .collect::<String>()
        .into_bytes()
}

/// The `encoding` pseudo-attribute of a leading XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let head = bytes.get(..bytes.len().min(256))?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(head.get(5..end)?).ok()?;
    let after = decl.split_once("encoding")?.1.trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = after.get(1..)?;
    value.split_once(quote).map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(&*to_utf8(b"\xEF\xBB\xBF<a/>").unwrap(), b"<a/>");
        assert_eq!(&*to_utf8(b"<a/>").unwrap(), b"<a/>");
    }

    #[test]
    fn utf16_both_orders() {
        let s = "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>é😀</a>";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(&*to_utf8(&le).unwrap(), s.as_bytes());
        assert_eq!(&*to_utf8(&be).unwrap(), s.as_bytes());
        let no_bom: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(&*to_utf8(&no_bom).unwrap(), s.as_bytes());
        assert_eq!(
            to_utf8(&le[..le.len() - 1]).unwrap_err().kind,
            DecodeErrorKind::InvalidUtf8
        );
        assert_eq!(
            to_utf8(&[0xFF, 0xFE, 0x00, 0xD8]).unwrap_err().kind,
            DecodeErrorKind::InvalidUtf8
        );
    }

    #[test]
    fn one_byte_order_mark_only() {
        let two = b"\xEF\xBB\xBF\xEF\xBB\xBF<a/>";
        assert_eq!(to_utf8(two).unwrap_err().kind, DecodeErrorKind::InvalidUtf8);
        let utf16_two: Vec<u8> =
            [0xFF, 0xFE, 0xFF, 0xFE, b'<', 0, b'a', 0, b'/', 0, b'>', 0].into();
        assert_eq!(
            to_utf8(&utf16_two).unwrap_err().kind,
            DecodeErrorKind::InvalidUtf8
        );
        assert_eq!(
            apply_charset(two, Some("utf-8"))
                .and_then(|d| to_utf8(&d).map(|c| c.into_owned()))
                .unwrap_err()
                .kind,
            DecodeErrorKind::InvalidUtf8
        );
    }

    /// What the reader gets: the charset applied, then `to_utf8`.
    fn read(bytes: &[u8], charset: Option<&str>) -> Result<String, DecodeErrorKind> {
        let doc = apply_charset(bytes, charset).map_err(|e| e.kind)?;
        let utf8 = to_utf8(&doc).map_err(|e| e.kind)?;
        String::from_utf8(utf8.into_owned()).map_err(|_| DecodeErrorKind::InvalidUtf8)
    }

    #[test]
    fn bom_then_charset_then_declaration() {
        // The HTTP charset alone (no declaration).
        assert_eq!(
            read(b"<a>\xE9\x80</a>", Some("iso-8859-1")).unwrap(),
            "<a>\u{e9}\u{80}</a>"
        );
        assert_eq!(
            read(b"<a>\xE9\x80</a>", Some("windows-1252")).unwrap(),
            "<a>\u{e9}\u{20ac}</a>"
        );
        assert_eq!(
            read(b"<a>\x82\xA0</a>", Some("\"Shift_JIS\"")).unwrap(),
            "<a>\u{3042}</a>"
        );
        let utf16be: Vec<u8> = "<a>\u{e9}</a>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let utf16le: Vec<u8> = "<a>\u{e9}</a>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(read(&utf16be, Some("utf-16")).unwrap(), "<a>\u{e9}</a>");
        assert_eq!(read(&utf16le, Some("UTF-16")).unwrap(), "<a>\u{e9}</a>");
        assert_eq!(read(&utf16le, Some("utf-16le")).unwrap(), "<a>\u{e9}</a>");
        // The charset wins over the declaration...
        let declared = b"<?xml version='1.0' encoding='utf-8'?><a>\xE9</a>";
        assert_eq!(
            read(declared, Some("iso-8859-1")).unwrap(),
            "<?xml version='1.0' encoding='utf-8'?><a>\u{e9}</a>"
        );
        let latin_decl = "<?xml version='1.0' encoding='iso-8859-1'?><a>\u{e9}</a>";
        assert_eq!(
            read(latin_decl.as_bytes(), Some("utf-8")).unwrap(),
            latin_decl
        );
        // ... and the BOM over the charset.
        assert_eq!(
            read(b"\xEF\xBB\xBF<a>\xC3\xA9</a>", Some("iso-8859-1")).unwrap(),
            "<a>\u{e9}</a>"
        );
        // Without a charset the declaration decides, with encoding_rs for the rest.
        let sjis = b"<?xml version='1.0' encoding='Shift_JIS'?><a>\x82\xA0</a>";
        assert_eq!(
            read(sjis, None).unwrap(),
            "<?xml version='1.0' encoding='Shift_JIS'?><a>\u{3042}</a>"
        );
        // Unknown encodings and bytes invalid in the encoding are errors.
        assert_eq!(
            read(b"<a/>", Some("x-no-such")),
            Err(DecodeErrorKind::InvalidUtf8)
        );
        assert_eq!(
            read(b"<a>\x82</a>", Some("Shift_JIS")),
            Err(DecodeErrorKind::InvalidUtf8)
        );
        // UTF-16 without a BOM or a leading `<` is read big-endian (RFC 2781): not XML.
        assert_ne!(read(b"<a/>", Some("utf-16")).as_deref(), Ok("<a/>"));
    }

    #[test]
    fn declared_encodings() {
        let latin = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9</a>";
        assert_eq!(
            &*to_utf8(latin).unwrap(),
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>".as_bytes()
        );
        let other = b"<?xml version=\"1.0\" encoding=\"x-unknown\"?><a/>";
        assert_eq!(
            to_utf8(other).unwrap_err().kind,
            DecodeErrorKind::InvalidUtf8
        );
        assert!(matches!(
            to_utf8(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>").unwrap(),
            Cow::Borrowed(_)
        ));
    }
}
