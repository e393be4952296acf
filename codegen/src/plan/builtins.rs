//! Built-in XSD (and SOAP-ENC) datatypes → Rust types.

use crate::model::{SOAP_ENC_NS, XSD_NS};

/// A Rust type provided by std or the runtime for a built-in XSD type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `String` (string, token, anyURI, QName as written, dates for now, ...).
    String,
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `i128` (`xs:integer`, `nonPositiveInteger`, `negativeInteger`).
    I128,
    /// `u128` (`xs:nonNegativeInteger`, `positiveInteger`).
    U128,
    /// `rust_decimal::Decimal` (`xs:decimal`), re-exported by the runtime.
    Decimal,
    /// `xsd::DateTime`.
    DateTime,
    /// `xsd::Date`.
    Date,
    /// `xsd::Time`.
    Time,
    /// `xsd::Duration`.
    Duration,
    /// `xsd::Base64Binary`.
    Base64Binary,
    /// `xsd::HexBinary`.
    HexBinary,
    /// `xsd::Uuid` (`uuid::Uuid`; WCF's `ser:guid`).
    Uuid,
    /// `char` (WCF's `ser:char`, a code point written as an integer).
    Char,
}

impl Builtin {
    /// Whether the type implements `Default`: all do (the date/time types
    /// default to 1970-01-01, midnight, no time zone).
    pub fn has_default(self) -> bool {
        true
    }

    /// Path of the Rust type: a primitive, an absolute std path, or a path
    /// starting with `xsd::` relative to the runtime crate.
    pub fn rust_path(self) -> &'static str {
        match self {
            Builtin::String => "::std::string::String",
            Builtin::Bool => "bool",
            Builtin::I8 => "i8",
            Builtin::I16 => "i16",
            Builtin::I32 => "i32",
            Builtin::I64 => "i64",
            Builtin::U8 => "u8",
            Builtin::U16 => "u16",
            Builtin::U32 => "u32",
            Builtin::U64 => "u64",
            Builtin::F32 => "f32",
            Builtin::F64 => "f64",
            Builtin::I128 => "i128",
            Builtin::U128 => "u128",
            Builtin::Decimal => "xsd::Decimal",
            Builtin::DateTime => "xsd::DateTime",
            Builtin::Date => "xsd::Date",
            Builtin::Time => "xsd::Time",
            Builtin::Duration => "xsd::Duration",
            Builtin::Base64Binary => "xsd::Base64Binary",
            Builtin::HexBinary => "xsd::HexBinary",
            Builtin::Uuid => "xsd::Uuid",
            Builtin::Char => "char",
        }
    }
}

/// What a built-in type name maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinKind {
    /// A simple value.
    Simple(Builtin),
    /// `xs:anyType`: any content, kept as raw XML.
    AnyType,
}

/// The namespace of the .NET serialization types WCF publishes (`ser:guid`, ...).
pub const WCF_SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// The WCF serialization types whose meaning a plain restriction would lose: `ser:guid`
/// (a patterned string) → `Uuid`, `ser:char` (an int) → `char`, `ser:duration` → `Duration`.
/// Looked up before the schema's own definitions of these types.
pub fn wcf(ns: &str, local: &str) -> Option<Builtin> {
    if ns != WCF_SERIALIZATION_NS {
        return None;
    }
    match local {
        "guid" => Some(Builtin::Uuid),
        "char" => Some(Builtin::Char),
        "duration" => Some(Builtin::Duration),
        _ => None,
    }
}

/// Maps `{ns}local` to a built-in, if it is one (XSD or SOAP-ENC namespace).
pub fn lookup(ns: &str, local: &str) -> Option<BuiltinKind> {
    if ns != XSD_NS && ns != SOAP_ENC_NS && ns != "http://www.w3.org/1999/XMLSchema" {
        return None;
    }
    use Builtin::*;
    let b = match local {
        "anyType" => return Some(BuiltinKind::AnyType),
        "boolean" => Bool,
        "byte" => I8,
        "short" => I16,
        "int" => I32,
        "long" => I64,
        "unsignedByte" => U8,
        "unsignedShort" => U16,
        "unsignedInt" => U32,
        "unsignedLong" => U64,
        "float" => F32,
        "double" => F64,
        "integer" | "nonPositiveInteger" | "negativeInteger" => I128,
        "nonNegativeInteger" | "positiveInteger" => U128,
        "decimal" => Decimal,
        "dateTime" | "dateTimeStamp" => DateTime,
        "date" => Date,
        "time" => Time,
        "duration" | "dayTimeDuration" | "yearMonthDuration" => Duration,
        "base64Binary" | "base64" => Base64Binary,
        "hexBinary" => HexBinary,
        // Strings, names, URIs, QNames (as written) and the Gregorian
        // fragments keep their exact lexical form.
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "NMTOKEN"
        | "NMTOKENS" | "ID" | "IDREF" | "IDREFS" | "ENTITY" | "ENTITIES" | "anyURI" | "QName"
        | "NOTATION" | "anySimpleType" | "gYear" | "gYearMonth" | "gMonth" | "gMonthDay"
        | "gDay" => String,
        // SOAP-ENC arrays and structs without a schema: raw XML.
        "Array" | "Struct" => return Some(BuiltinKind::AnyType),
        _ => {
            if ns == SOAP_ENC_NS {
                String
            } else {
                return None;
            }
        }
    };
    Some(BuiltinKind::Simple(b))
}
