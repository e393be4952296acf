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
/// WCF's `ser:guid` (`http://schemas.microsoft.com/2003/10/Serialization/`).
pub use uuid::Uuid;

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
    (@no_encode $($t:ty),*) => {$(
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
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode_content(&self, w: &mut Writer) {
                w.text(&self.to_text())
            }
        }
        xsd_value!(@no_encode $t);
    )*};
}

/// The number of fraction digits of the seconds in a lexical date/time (`None`: no fraction).
fn fraction_digits(v: &str) -> Option<u8> {
    let (_, frac) = v.rsplit_once('.')?;
    let n = frac.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0).then(|| u8::try_from(n.min(9)).unwrap_or(9))
}

/// Writes the fraction of `nanos` with exactly `digits` digits (shortest of 3, 6, 9 when
/// `None`, no fraction when zero).
fn fmt_fraction(nanos: u32, digits: Option<u8>, out: &mut String) {
    let nanos = nanos % 1_000_000_000;
    let all = format!("{nanos:09}");
    let n = match digits {
        Some(d) => usize::from(d.clamp(1, 9)),
        None if nanos == 0 => return,
        None if nanos % 1_000_000 == 0 => 3,
        None if nanos % 1_000 == 0 => 6,
        None => 9,
    };
    out.push('.');
    out.push_str(all.get(..n).unwrap_or(&all));
}

/// A date/time type: a chrono value, the time zone or its absence, and (for types with
/// seconds) how many fraction digits were written, so values round-trip byte-exact
/// (`.1234567`, as .NET writes, stays seven digits). Equality and hashing look at the
/// value and time zone only.
macro_rules! zoned {
    ($(#[$doc:meta])* $name:ident, $inner:ty, $xsd:literal, $format:literal, $has_fraction:literal) => {
        $(#[$doc])*
        ///
        /// `Default` is chrono's default value (1970-01-01, midnight) without a time
        /// zone, so structs holding one have `Default` for `..Default::default()`; like
        /// any default, a value to replace before sending.
        #[derive(Debug, Clone, Copy, Eq, Default)]
        pub struct $name {
            /// The value as written, without its time zone.
            pub value: $inner,
            /// The time zone, `None` when the value had none.
            pub offset: Option<FixedOffset>,
            /// Fraction digits of the seconds as written (at most 9); `None` writes the
            /// shortest of 3, 6 or 9 digits, or none for whole seconds.
            pub fraction_digits: Option<u8>,
        }

        impl $name {
            /// A value with the given time zone (`None`: unspecified).
            pub fn new(value: $inner, offset: Option<FixedOffset>) -> Self {
                $name { value, offset, fraction_digits: None }
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value && self.offset == other.offset
            }
        }

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.value.hash(state);
                self.offset.hash(state);
            }
        }

        impl From<$inner> for $name {
            /// A value without a time zone.
            fn from(value: $inner) -> Self {
                $name::new(value, None)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ParseError;
            /// Parses the XSD lexical form.
            fn from_str(s: &str) -> Result<Self, ParseError> {
                <$name as TextValue>::from_text(s).map_err(|_| ParseError { xsd_type: $xsd })
            }
        }

        impl TextValue for $name {
            fn to_text(&self) -> Cow<'_, str> {
                let mut s = self.value.format($format).to_string();
                if $has_fraction {
                    fmt_fraction(nanos_of(&self.value), self.fraction_digits, &mut s);
                }
                fmt_tz(&self.offset, &mut s);
                Cow::Owned(s)
            }
            fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
                let (v, offset) = split_tz(collapse(s)).map_err(|_| invalid($xsd))?;
                let parse_format = if $has_fraction { concat!($format, "%.f") } else { $format };
                let value = <$inner>::parse_from_str(v, parse_format).map_err(|_| invalid($xsd))?;
                let fraction_digits = if $has_fraction { fraction_digits(v) } else { None };
                Ok($name { value, offset, fraction_digits })
            }
        }
    };
}

/// Nanoseconds of a value with a time of day (0 for dates).
trait Nanos {
    fn nanos(&self) -> u32;
}
impl Nanos for NaiveDateTime {
    fn nanos(&self) -> u32 {
        chrono::Timelike::nanosecond(self)
    }
}
impl Nanos for NaiveTime {
    fn nanos(&self) -> u32 {
        chrono::Timelike::nanosecond(self)
    }
}
impl Nanos for NaiveDate {
    fn nanos(&self) -> u32 {
        0
    }
}
fn nanos_of(v: &impl Nanos) -> u32 {
    v.nanos()
}

zoned!(
    /// `xs:dateTime`: a date and time with an optional time zone.
    ///
    /// ```
    /// use soapgen_runtime::xsd::DateTime;
    /// let t: DateTime = "2024-02-29T13:45:00.1234567+02:00".parse().unwrap();
    /// assert_eq!(t.to_string(), "2024-02-29T13:45:00.1234567+02:00");
    /// let utc: chrono::DateTime<chrono::FixedOffset> = t.to_chrono().unwrap();
    /// assert_eq!(utc.to_rfc3339(), "2024-02-29T13:45:00.123456700+02:00");
    /// ```
    DateTime, NaiveDateTime, "dateTime", "%Y-%m-%dT%H:%M:%S", true
);
zoned!(
    /// `xs:date`: a date with an optional time zone.
    Date, NaiveDate, "date", "%Y-%m-%d", false
);
zoned!(
    /// `xs:time`: a time of day with an optional time zone.
    Time, NaiveTime, "time", "%H:%M:%S", true
);

impl DateTime {
    /// The value as a chrono date-time with its offset; `None` when it has no time zone
    /// (use [`DateTime::value`] for the local value then).
    pub fn to_chrono(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let offset = self.offset?;
        self.value.and_local_timezone(offset).single()
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    fn from(t: chrono::DateTime<FixedOffset>) -> Self {
        DateTime::new(t.naive_local(), Some(*t.offset()))
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    /// A value in UTC (written with `Z`).
    fn from(t: chrono::DateTime<chrono::Utc>) -> Self {
        DateTime::new(t.naive_utc(), FixedOffset::east_opt(0))
    }
}

impl TryFrom<DateTime> for chrono::DateTime<FixedOffset> {
    type Error = ParseError;
    /// Fails for a value without a time zone.
    fn try_from(t: DateTime) -> Result<Self, ParseError> {
        t.to_chrono().ok_or(ParseError {
            xsd_type: "dateTime",
        })
    }
}

/// A lexical value that is not valid for its XSD type (from `FromStr` of the `xsd` types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// The XSD type, e.g. `dateTime`.
    pub xsd_type: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid xs:{} value", self.xsd_type)
    }
}

impl std::error::Error for ParseError {}

macro_rules! from_str_via_text {
    ($($t:ty => $xsd:literal),*) => {$(
        impl std::str::FromStr for $t {
            type Err = ParseError;
            /// Parses the XSD lexical form.
            fn from_str(s: &str) -> Result<Self, ParseError> {
                <$t as TextValue>::from_text(s).map_err(|_| ParseError { xsd_type: $xsd })
            }
        }
    )*};
}
from_str_via_text!(Duration => "duration", Base64Binary => "base64Binary", HexBinary => "hexBinary");

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

xsd_value!(DateTime, Date, Time, Duration, HexBinary);
xsd_value!(@no_encode Base64Binary);

/// As base64 text, or as an MTOM/XOP attachment when the writer collects them.
impl Encode for Base64Binary {
    fn encode_content(&self, w: &mut Writer) {
        w.binary(&self.0)
    }
}

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

    #[test]
    fn date_time_defaults_are_the_epoch_without_time_zone() {
        assert_eq!(DateTime::default().to_text(), "1970-01-01T00:00:00");
        assert_eq!(Date::default().to_text(), "1970-01-01");
        assert_eq!(Time::default().to_text(), "00:00:00");
    }

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
        round::<Time>("23:59:59.5", "23:59:59.5");
        round::<DateTime>(
            "2009-06-15T13:45:30.1234567-07:00",
            "2009-06-15T13:45:30.1234567-07:00",
        );
        round::<DateTime>("2009-06-15T13:45:30.0000000", "2009-06-15T13:45:30.0000000");
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
    fn conversions_from_and_to_chrono() {
        use chrono::TimeZone;
        let utc = chrono::Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        let t = DateTime::from(utc);
        assert_eq!(t.to_string(), "2024-01-02T03:04:05Z");
        let back: chrono::DateTime<FixedOffset> = t.try_into().unwrap();
        assert_eq!(back, utc);
        let local: DateTime = "2024-01-02T03:04:05".parse().unwrap();
        assert!(local.to_chrono().is_none());
        assert_eq!(
            "nope".parse::<DateTime>().unwrap_err().to_string(),
            "invalid xs:dateTime value"
        );
        let d: Duration = "PT1H".parse().unwrap();
        assert_eq!(d.hours, 1);
        // Equality is about the value, not the lexical precision.
        assert_eq!(
            "2024-01-02T03:04:05.5Z".parse::<DateTime>().unwrap(),
            "2024-01-02T03:04:05.500Z".parse::<DateTime>().unwrap()
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
