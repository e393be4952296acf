//! [`Encode`], [`Decode`] and [`TextValue`] for the built-in simple types, following the
//! XSD lexical rules: strings are exact; other types have surrounding white space collapsed;
//! `xs:boolean` is exactly `true|false|1|0`; integers accept a sign and leading zeros and
//! are range-checked; floats accept `INF`, `-INF` and `NaN`.
//!
//! Further XSD types (dates, decimals, base64) get their own `impl` blocks here, each
//! with the `simple_type!` macro once `TextValue` is implemented.

use std::borrow::Cow;

use super::text::trim_xml_ws;
use super::{Decode, Element, Encode, Reader, TextValue, Writer};
use crate::xml::error::{DecodeError, DecodeErrorKind};

/// Implements `Decode` through `TextValue` (element text parsed with `from_text`).
macro_rules! decode_via_text {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
                r.decode_text(el)
            }
        }
    )*};
}

// ---- strings ----

impl TextValue for String {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        Ok(s.to_owned())
    }
}

impl Encode for String {
    fn encode_content(&self, w: &mut Writer) {
        w.text(self)
    }
}

impl Encode for str {
    fn encode_content(&self, w: &mut Writer) {
        w.text(self)
    }
}

impl Decode for String {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        r.read_text(el).map(Cow::into_owned)
    }
}

// ---- boolean ----

impl TextValue for bool {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        match trim_xml_ws(s) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(DecodeErrorKind::InvalidValue {
                xsd_type: "boolean",
            }),
        }
    }
}

impl Encode for bool {
    fn encode_content(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" })
    }
}

decode_via_text!(bool);

// ---- integers ----

/// Parses an XSD integer lexical form (`[+-]?[0-9]+`, leading zeros allowed).
fn parse_int<T: std::str::FromStr>(
    s: &str,
    xsd_type: &'static str,
    unsigned: bool,
) -> Result<T, DecodeErrorKind> {
    let err = DecodeErrorKind::InvalidValue { xsd_type };
    let t = trim_xml_ws(s);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err);
    }
    if unsigned && t.starts_with('-') {
        // "-0", "-000" denote zero in the unsigned types; anything else is out of range.
        return if digits.bytes().all(|b| b == b'0') {
            "0".parse().map_err(|_| err)
        } else {
            Err(err)
        };
    }
    t.parse().map_err(|_| err)
}

macro_rules! integer {
    ($($t:ty => $xsd:literal, $unsigned:literal, $write:ident, $wide:ty);* $(;)?) => {$(
        impl TextValue for $t {
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
                parse_int(s, $xsd, $unsigned)
            }
        }
        impl Encode for $t {
            fn encode_content(&self, w: &mut Writer) {
                w.$write(<$wide>::from(*self))
            }
        }
        decode_via_text!($t);
    )*};
}

integer! {
    i8 => "byte", false, write_i64, i64;
    i16 => "short", false, write_i64, i64;
    i32 => "int", false, write_i64, i64;
    i64 => "long", false, write_i64, i64;
    u8 => "unsignedByte", true, write_u64, u64;
    u16 => "unsignedShort", true, write_u64, u64;
    u32 => "unsignedInt", true, write_u64, u64;
    u64 => "unsignedLong", true, write_u64, u64;
}

// ---- floating point ----

macro_rules! float {
    ($($t:ty => $xsd:literal);* $(;)?) => {$(
        impl TextValue for $t {
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF" } else { "-INF" }.to_owned()
                } else {
                    format!("{:?}", self)
                })
            }
            fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
                let err = DecodeErrorKind::InvalidValue { xsd_type: $xsd };
                match trim_xml_ws(s) {
                    "INF" | "+INF" => Ok(<$t>::INFINITY),
                    "-INF" => Ok(<$t>::NEG_INFINITY),
                    "NaN" => Ok(<$t>::NAN),
                    t if !t.is_empty()
                        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E')) =>
                    {
                        t.parse().map_err(|_| err)
                    }
                    _ => Err(err),
                }
            }
        }
        impl Encode for $t {
            fn encode_content(&self, w: &mut Writer) {
                w.raw(&self.to_text())
            }
        }
        decode_via_text!($t);
    )*};
}

float! {
    f32 => "float";
    f64 => "double";
}

// ---- Box ----

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode_attributes(&self, w: &mut Writer) {
        (**self).encode_attributes(w)
    }
    fn encode_content(&self, w: &mut Writer) {
        (**self).encode_content(w)
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        // A recursion point of recursive types: see `stack`.
        super::stack::grow(|| T::decode(r, el)).map(Box::new)
    }
}

impl<T: TextValue> TextValue for Box<T> {
    fn to_text(&self) -> Cow<'_, str> {
        (**self).to_text()
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        T::from_text(s).map(Box::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_err() -> DecodeErrorKind {
        DecodeErrorKind::InvalidValue { xsd_type: "int" }
    }

    #[test]
    fn booleans_are_strict() {
        for (s, v) in [
            ("true", true),
            ("false", false),
            ("1", true),
            ("0", false),
            (" \ttrue\n", true),
        ] {
            assert_eq!(bool::from_text(s), Ok(v), "{s:?}");
        }
        for s in ["yes", "TRUE", "True", "", "2", "t"] {
            assert_eq!(
                bool::from_text(s),
                Err(DecodeErrorKind::InvalidValue {
                    xsd_type: "boolean"
                }),
                "{s:?}"
            );
        }
    }

    #[test]
    fn ints_follow_xsd() {
        assert_eq!(i32::from_text("+42"), Ok(42));
        assert_eq!(i32::from_text(" 0042 "), Ok(42));
        assert_eq!(i32::from_text("-2147483648"), Ok(i32::MIN));
        assert_eq!(i32::from_text("2147483647"), Ok(i32::MAX));
        for s in [
            "2147483648",
            "99999999999",
            "abc",
            "",
            "+",
            "1.0",
            "1 2",
            "0x10",
            "--1",
            "+-1",
        ] {
            assert_eq!(i32::from_text(s), Err(int_err()), "{s:?}");
        }
        assert_eq!(u32::from_text("-0"), Ok(0));
        assert!(u32::from_text("-1").is_err());
        assert_eq!(u8::from_text("255"), Ok(255));
        assert!(u8::from_text("256").is_err());
        assert_eq!(i64::from_text("-9223372036854775808"), Ok(i64::MIN));
    }

    #[test]
    fn floats_follow_xsd() {
        assert_eq!(f64::from_text("INF"), Ok(f64::INFINITY));
        assert_eq!(f64::from_text("-INF"), Ok(f64::NEG_INFINITY));
        assert!(f64::from_text("NaN").unwrap().is_nan());
        assert_eq!(f64::from_text(" 1.5e3 "), Ok(1500.0));
        for s in ["inf", "infinity", "nan", "", "1,5", "Infinity"] {
            assert!(f64::from_text(s).is_err(), "{s:?}");
        }
        assert_eq!(f64::INFINITY.to_text(), "INF");
        assert_eq!(f64::NEG_INFINITY.to_text(), "-INF");
        assert_eq!(f32::NAN.to_text(), "NaN");
        assert_eq!(1.5f64.to_text(), "1.5");
        assert_eq!(f64::from_text(&1e300f64.to_text()), Ok(1e300));
    }

    #[test]
    fn strings_are_exact() {
        assert_eq!(String::from_text("  a b \n"), Ok("  a b \n".to_owned()));
    }
}
