//! [`Encode`], [`Decode`] and [`TextValue`] for the .NET serialization types that WCF
//! publishes in `http://schemas.microsoft.com/2003/10/Serialization/` and that have an
//! exact Rust counterpart:
//!
//! - `ser:guid` (an `xs:string` restricted to the hyphenated 8-4-4-4-12 hex form) →
//!   [`uuid::Uuid`] (re-exported as [`crate::xsd::Uuid`]); written in lower case, as WCF
//!   writes it; accepted in either case;
//! - `ser:char` (an `xs:int` holding a UTF-16 code unit) → [`char`]; a value that is no
//!   Unicode scalar value (a lone surrogate, a negative number) is `invalid-value`.
//!
//! `ser:duration` is an `xs:duration` and uses [`crate::xsd::Duration`].

use std::borrow::Cow;

use super::text::trim_xml_ws;
use super::{Decode, Element, Encode, Reader, TextValue, Writer};
use crate::xml::error::{DecodeError, DecodeErrorKind};

impl TextValue for uuid::Uuid {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.hyphenated().to_string())
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let t = trim_xml_ws(s);
        // The pattern of ser:guid: only the hyphenated form (uuid also parses braces,
        // `urn:uuid:` and the simple form).
        if t.len() != 36 {
            return Err(DecodeErrorKind::InvalidValue { xsd_type: "guid" });
        }
        uuid::Uuid::try_parse(t).map_err(|_| DecodeErrorKind::InvalidValue { xsd_type: "guid" })
    }
}

impl Encode for uuid::Uuid {
    fn encode_content(&self, w: &mut Writer) {
        let mut buf = uuid::Uuid::encode_buffer();
        w.raw(self.hyphenated().encode_lower(&mut buf))
    }
}

impl Decode for uuid::Uuid {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        r.decode_text(el)
    }
}

impl TextValue for char {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(u32::from(*self).to_string())
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let err = DecodeErrorKind::InvalidValue { xsd_type: "char" };
        let n = <i32 as TextValue>::from_text(s).map_err(|_| err)?;
        u32::try_from(n).ok().and_then(char::from_u32).ok_or(err)
    }
}

impl Encode for char {
    fn encode_content(&self, w: &mut Writer) {
        w.write_u64(u64::from(u32::from(*self)))
    }
}

impl Decode for char {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        r.decode_text(el)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_lexical_forms() {
        let g = uuid::Uuid::from_text(" 6F9619FF-8B86-D011-B42D-00C04FC964FF\n").unwrap();
        assert_eq!(g.to_text(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
        for bad in [
            "",
            "6f9619ff8b86d011b42d00c04fc964ff",
            "{6f9619ff-8b86-d011-b42d-00c04fc964ff}",
            "urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff",
            "6f9619ff-8b86-d011-b42d-00c04fc964fg",
        ] {
            assert_eq!(
                uuid::Uuid::from_text(bad),
                Err(DecodeErrorKind::InvalidValue { xsd_type: "guid" }),
                "{bad:?}"
            );
        }
        let mut w = Writer::new();
        w.element("urn:x", "id", &g);
        assert!(w
            .into_string()
            .contains(">6f9619ff-8b86-d011-b42d-00c04fc964ff<"));
    }

    #[test]
    fn char_is_a_code_point() {
        assert_eq!(char::from_text("65"), Ok('A'));
        assert_eq!(char::from_text(" 233 "), Ok('é'));
        assert_eq!('€'.to_text(), "8364");
        for bad in ["", "A", "-1", "55296", "1114112", "99999999999"] {
            assert_eq!(
                char::from_text(bad),
                Err(DecodeErrorKind::InvalidValue { xsd_type: "char" }),
                "{bad:?}"
            );
        }
        let mut w = Writer::new();
        w.element("urn:x", "c", &'A');
        assert!(w.into_string().contains(">65<"));
    }
}
