//! Value types for built-in XSD datatypes that have no exact std
//! equivalent: date/time types (time zone kept, or its absence), durations,
//! decimals (no float), big integers, binary data. Each round-trips its
//! value losslessly through its XSD lexical form.

use std::borrow::Cow;
use std::fmt;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::xml::{Decode, Element, Encode, Reader, TextValue, Writer};
use crate::xml::{DecodeError, DecodeErrorKind};

pub use rust_decimal::Decimal;

fn invalid(xsd_type: &'static str) -> DecodeErrorKind {
    DecodeErrorKind::InvalidValue { xsd_type }
}

fn collapse(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r'])
}

/// Splits a trailing time zone (`Z`, `+hh:mm`, `-hh:mm`) off a lexical value.
fn split_tz(s: &str) -> Result<(&str, Option<FixedOffset>), ()> {
    if let Some(rest) = s.strip_suffix('Z') {
        return Ok((rest, FixedOffset::east_opt(0)));
    }
    let b = s.as_bytes();
    if b.len() >= 6 {
        let at = b.len() - 6;
        let sign = b.get(at).copied();
        if matches!(sign, Some(b'+') | Some(b'-')) && b.get(at + 3) == Some(&b':') {
            let hh: i32 = s
                .get(at + 1..at + 3)
                .and_then(|x| x.parse().ok())
                .ok_or(())?;
            let mm: i32 = s.get(at + 4..).and_then(|x| x.parse().ok()).ok_or(())?;
            if hh > 14 || mm > 59 {
                return Err(());
            }
            let secs = (hh * 3600 + mm * 60) * if sign == Some(b'-') { -1 } else { 1 };
            return Ok((s.get(..at).ok_or(())?, FixedOffset::east_opt(secs)));
        }
    }
    Ok((s, None))
}

fn fmt_tz(tz: &Option<FixedOffset>, out: &mut String) {
    if let Some(tz) = tz {
        let secs = tz.local_minus_utc();
        if secs == 0 {
            out.push('Z');
        } else {
            let sign = if secs < 0 { '-' } else { '+' };
            let a = secs.abs();
            out.push_str(&format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60));
        }
    }
}

macro_rules! xsd_value {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode_content(&self, w: &mut Writer) {
                w.text(&self.to_text())
            }
        }
        impl Decode for $t {
            fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
                r.decode_text(el)
            }
        }
        #[cfg(feature = "serde")]
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_text())
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <$t as TextValue>::from_text(&s).map_err(|_| serde::de::Error::custom(concat!("invalid ", stringify!($t))))
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_text())
            }
        }
    )*};
}

/// A date/time type: a chrono value plus the time zone, or its absence, with
/// the XSD lexical form given as a chrono format.
macro_rules! zoned {
    ($(#[$doc:meta])* $name:ident, $inner:ty, $xsd:literal, $format:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name {
            /// The value as written, without its time zone.
            pub value: $inner,
            /// The time zone, `None` when the value had none.
            pub offset: Option<FixedOffset>,
        }

        impl TextValue for $name {
            fn to_text(&self) -> Cow<'_, str> {
                let mut s = self.value.format($format).to_string();
                fmt_tz(&self.offset, &mut s);
                Cow::Owned(s)
            }
            fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
                let (v, offset) = split_tz(collapse(s)).map_err(|_| invalid($xsd))?;
                let value = <$inner>::parse_from_str(v, $format).map_err(|_| invalid($xsd))?;
                Ok($name { value, offset })
            }
        }
    };
}

zoned!(
    /// `xs:dateTime`: a date and time with an optional time zone.
    DateTime, NaiveDateTime, "dateTime", "%Y-%m-%dT%H:%M:%S%.f"
);
zoned!(
    /// `xs:date`: a date with an optional time zone.
    Date, NaiveDate, "date", "%Y-%m-%d"
);
zoned!(
    /// `xs:time`: a time of day with an optional time zone.
    Time, NaiveTime, "time", "%H:%M:%S%.f"
);

/// `xs:duration`: `PnYnMnDTnHnMnS`, every component kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    /// A leading `-`.
    pub negative: bool,
    /// Years.
    pub years: u64,
    /// Months.
    pub months: u64,
    /// Days.
    pub days: u64,
    /// Hours.
    pub hours: u64,
    /// Minutes.
    pub minutes: u64,
    /// Seconds, with their fraction.
    pub seconds: Decimal,
}

impl TextValue for Duration {
    fn to_text(&self) -> Cow<'_, str> {
        let mut s = String::from(if self.negative { "-P" } else { "P" });
        for (v, u) in [(self.years, 'Y'), (self.months, 'M'), (self.days, 'D')] {
            if v != 0 {
                s.push_str(&format!("{v}{u}"));
            }
        }
        if self.hours != 0 || self.minutes != 0 || !self.seconds.is_zero() {
            s.push('T');
            for (v, u) in [(self.hours, 'H'), (self.minutes, 'M')] {
                if v != 0 {
                    s.push_str(&format!("{v}{u}"));
                }
            }
            if !self.seconds.is_zero() {
                s.push_str(&format!("{}S", self.seconds));
            }
        }
        if s.ends_with('P') {
            s.push_str("T0S");
        }
        Cow::Owned(s)
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let err = || invalid("duration");
        let s = collapse(s);
        let (negative, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let rest = rest.strip_prefix('P').ok_or_else(err)?;
        let (date, time) = match rest.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return Err(err()),
            None => (rest, None),
        };
        if date.is_empty() && time.is_none() {
            return Err(err());
        }
        let mut d = Duration {
            negative,
            ..Default::default()
        };
        let mut num = String::new();
        for c in date.chars() {
            match c {
                '0'..='9' => num.push(c),
                'Y' | 'M' | 'D' => {
                    let v: u64 = num.parse().map_err(|_| err())?;
                    num.clear();
                    match c {
                        'Y' => d.years = v,
                        'M' => d.months = v,
                        _ => d.days = v,
                    }
                }
                _ => return Err(err()),
            }
        }
        for c in time.unwrap_or("").chars() {
            match c {
                '0'..='9' | '.' => num.push(c),
                'H' | 'M' => {
                    let v: u64 = num.parse().map_err(|_| err())?;
                    num.clear();
                    if c == 'H' {
                        d.hours = v
                    } else {
                        d.minutes = v
                    }
                }
                'S' => {
                    d.seconds = num.parse().map_err(|_| err())?;
                    num.clear();
                }
                _ => return Err(err()),
            }
        }
        if !num.is_empty() {
            return Err(err());
        }
        Ok(d)
    }
}

impl TextValue for Decimal {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let s = collapse(s);
        let s = s.strip_prefix('+').unwrap_or(s);
        if s.contains(['e', 'E']) {
            return Err(invalid("decimal"));
        }
        s.parse().map_err(|_| invalid("decimal"))
    }
}

impl Encode for Decimal {
    fn encode_content(&self, w: &mut Writer) {
        w.text(&self.to_string())
    }
}

impl Decode for Decimal {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        r.decode_text(el)
    }
}

/// `xs:base64Binary`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Binary(pub Vec<u8>);

impl TextValue for Base64Binary {
    fn to_text(&self) -> Cow<'_, str> {
        use base64::Engine;
        Cow::Owned(base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        use base64::Engine;
        // Line breaks and spaces inside base64 text are allowed.
        let compact: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact)
            .map(Base64Binary)
            .map_err(|_| invalid("base64Binary"))
    }
}

/// `xs:hexBinary`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HexBinary(pub Vec<u8>);

impl TextValue for HexBinary {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.iter().map(|b| format!("{b:02X}")).collect())
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let s = collapse(s);
        if s.len() % 2 != 0 {
            return Err(invalid("hexBinary"));
        }
        (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<Vec<u8>>>()
            .map(HexBinary)
            .ok_or_else(|| invalid("hexBinary"))
    }
}

xsd_value!(DateTime, Date, Time, Duration, Base64Binary, HexBinary);

impl TextValue for i128 {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let s = collapse(s);
        s.strip_prefix('+')
            .unwrap_or(s)
            .parse()
            .map_err(|_| invalid("integer"))
    }
}

impl TextValue for u128 {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
        let s = collapse(s);
        s.strip_prefix('+')
            .unwrap_or(s)
            .parse()
            .map_err(|_| invalid("integer"))
    }
}

macro_rules! big_int {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode_content(&self, w: &mut Writer) {
                w.text(&self.to_string())
            }
        }
        impl Decode for $t {
            fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
                r.decode_text(el)
            }
        }
    )*};
}
big_int!(i128, u128);

#[cfg(test)]
mod tests {
    use super::*;

    fn round<T: TextValue + PartialEq + fmt::Debug>(s: &str, canonical: &str) {
        let v = T::from_text(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        assert_eq!(v.to_text(), canonical, "{s}");
        assert_eq!(T::from_text(&v.to_text()).ok(), Some(v));
    }

    #[test]
    fn lexical_round_trips() {
        round::<DateTime>(
            "2024-02-29T13:45:00.125+02:00",
            "2024-02-29T13:45:00.125+02:00",
        );
        round::<DateTime>(" 2024-02-29T13:45:00Z ", "2024-02-29T13:45:00Z");
        round::<DateTime>("2024-02-29T13:45:00", "2024-02-29T13:45:00");
        round::<Date>("2024-02-29-05:00", "2024-02-29-05:00");
        round::<Time>("23:59:59.5", "23:59:59.500");
        round::<Duration>("-P1Y2M3DT4H5M6.7S", "-P1Y2M3DT4H5M6.7S");
        round::<Duration>("PT0S", "PT0S");
        round::<Decimal>("+001.50", "1.50");
        round::<Base64Binary>("aGVs\nbG8=", "aGVsbG8=");
        round::<HexBinary>("0aff", "0AFF");
        round::<i128>(
            "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105728",
        );
    }

    #[test]
    fn invalid_values_are_rejected() {
        assert!(DateTime::from_text("2024-02-30T00:00:00").is_err());
        assert!(DateTime::from_text("2024-01-01T00:00:00+15:00").is_err());
        assert!(Duration::from_text("P").is_err());
        assert!(Duration::from_text("P1S").is_err());
        assert!(Duration::from_text("PT").is_err());
        assert!(Decimal::from_text("1e5").is_err());
        assert!(HexBinary::from_text("abc").is_err());
        assert!(Base64Binary::from_text("***").is_err());
    }
}
