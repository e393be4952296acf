//! Character encodings of response documents.
//!
//! Accepted: UTF-8 with or without BOM; UTF-16 LE/BE with BOM (or recognisable from a
//! leading `<?` without BOM), transcoded to UTF-8; ISO-8859-1 (also `latin1`) when the XML
//! declaration says so, transcoded losslessly; `US-ASCII` read as UTF-8. Any other declared
//! encoding is rejected as `invalid-utf8` ("unsupported encoding").

use std::borrow::Cow;

use crate::xml::error::{DecodeError, DecodeErrorKind};

/// Converts a response document to UTF-8 as described in the module docs. The UTF-8 BOM is
/// removed. UTF-8 validity itself is checked by [`super::Reader::new`].
pub fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Cow::Borrowed(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    if bytes.starts_with(b"<\0?\0") {
        return utf16(bytes, u16::from_le_bytes).map(Cow::Owned);
    }
    if bytes.starts_with(b"\0<\0?") {
        return utf16(bytes, u16::from_be_bytes).map(Cow::Owned);
    }
    match declared_encoding(bytes) {
        None => Ok(Cow::Borrowed(bytes)),
        Some(enc) => match enc.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" | "us-ascii" | "ascii" => Ok(Cow::Borrowed(bytes)),
            "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" => {
                Ok(Cow::Owned(latin1(bytes)))
            }
            other => Err(DecodeError::new(
                DecodeErrorKind::InvalidUtf8,
                format!(
                    "unsupported document encoding `{}` (UTF-8, UTF-16 with BOM and ISO-8859-1 are supported)",
                    crate::xml::error::bounded(other, 40)
                ),
            )),
        },
    }
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<Vec<u8>, DecodeError> {
    let invalid = |m: &str| DecodeError::new(DecodeErrorKind::InvalidUtf8, m.to_owned());
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
    fn declared_encodings() {
        let latin = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9</a>";
        assert_eq!(
            &*to_utf8(latin).unwrap(),
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>".as_bytes()
        );
        let other = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>";
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
