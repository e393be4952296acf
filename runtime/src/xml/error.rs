//! The XML codec's error: [`DecodeError`] with its [`DecodeErrorKind`].
//!
//! The kinds include two that only the layers above raise (`NotSoap`, `VersionMismatch`,
//! for the SOAP envelope) so that every decoding problem of a response has one type.

use std::fmt;

/// What kind of decoding problem a [`DecodeError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Not well-formed XML (including illegal characters, bad character references,
    /// undeclared prefixes, duplicate attributes).
    XmlSyntax,
    /// Bytes illegal in the document's encoding.
    InvalidUtf8,
    /// A `<!DOCTYPE` was present.
    DtdForbidden,
    /// A reference to an entity other than `amp`, `lt`, `gt`, `quot`, `apos`.
    EntityForbidden,
    /// Attribute count or name length limit exceeded.
    TooLarge,
    /// Nesting-depth limit exceeded.
    TooDeep,
    /// Not a SOAP envelope (wrong root, no or several `Body`).
    NotSoap,
    /// The envelope namespace is the other SOAP version's.
    VersionMismatch,
    /// A required element is absent, or nil while not nillable.
    MissingRequiredElement,
    /// An element out of sequence order, repeated too often, or unexpected here.
    UnexpectedElement,
    /// Text outside the lexical space or range of an XSD type.
    InvalidValue {
        /// The XSD type name, e.g. `int`, `boolean`.
        xsd_type: &'static str,
    },
    /// Right local name, wrong namespace.
    WrongNamespace,
    /// The deadline of [`crate::xml::Limits::deadline`] passed while reading.
    Timeout,
    /// A SOAP-encoding multi-reference (`href="#id"`, `enc:ref`) that is dangling, cyclic,
    /// or beyond the limits on references.
    InvalidReference,
}

impl DecodeErrorKind {
    /// The kebab-case name of the kind (`xml-syntax`, `invalid-int`, `not-soap`, ...): the
    /// same names as `soapgen_runtime::ErrorKind::as_str`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecodeErrorKind::XmlSyntax => "xml-syntax",
            DecodeErrorKind::InvalidUtf8 => "invalid-utf8",
            DecodeErrorKind::DtdForbidden => "dtd-forbidden",
            DecodeErrorKind::EntityForbidden => "entity-forbidden",
            DecodeErrorKind::TooLarge => "too-large",
            DecodeErrorKind::TooDeep => "too-deep",
            DecodeErrorKind::NotSoap => "not-soap",
            DecodeErrorKind::VersionMismatch => "version-mismatch",
            DecodeErrorKind::MissingRequiredElement => "missing-required-element",
            DecodeErrorKind::UnexpectedElement => "unexpected-element",
            DecodeErrorKind::InvalidValue { xsd_type } => invalid_value_name(xsd_type),
            DecodeErrorKind::WrongNamespace => "wrong-namespace",
            DecodeErrorKind::Timeout => "timeout",
            DecodeErrorKind::InvalidReference => "invalid-reference",
        }
    }
}

/// The kind name of an invalid value of XSD type `xsd_type`.
pub(crate) fn invalid_value_name(xsd_type: &str) -> &'static str {
    match xsd_type {
        "int" | "long" | "short" | "byte" | "integer" | "unsignedInt" | "unsignedLong"
        | "unsignedShort" | "unsignedByte" | "nonNegativeInteger" | "positiveInteger"
        | "negativeInteger" | "nonPositiveInteger" => "invalid-int",
        "boolean" => "invalid-bool",
        _ => "invalid-value",
    }
}

/// A problem found while decoding an XML document: what kind, where (element path), what
/// was expected and found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// What kind of problem.
    pub kind: DecodeErrorKind,
    /// The operation being called (filled in by the client).
    pub operation: Option<&'static str>,
    /// The element path, e.g. `/Envelope/Body/AuthenticateResponse/AuthenticateResult/UserId`
    /// (local names; empty when the problem is outside any element).
    pub path: String,
    /// What was expected, when known.
    pub expected: Option<Box<str>>,
    /// What was found, when known (bounded in length).
    pub found: Option<Box<str>>,
    /// A human-readable description, including the position where available.
    pub message: Box<str>,
}

impl DecodeError {
    /// A new error of `kind` with `message` and no path.
    pub fn new(kind: DecodeErrorKind, message: impl Into<String>) -> Self {
        DecodeError {
            kind,
            operation: None,
            path: String::new(),
            expected: None,
            found: None,
            message: message.into().into_boxed_str(),
        }
    }

    /// Sets the path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets what was expected.
    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into().into_boxed_str());
        self
    }

    /// Sets what was found (truncated to 128 characters).
    pub fn with_found(mut self, found: impl AsRef<str>) -> Self {
        self.found = Some(bounded(found.as_ref(), 128).into_boxed_str());
        self
    }
}

/// `s` cut to at most `max` characters, with `...` appended when cut.
pub(crate) fn bounded(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", s.get(..i).unwrap_or_default()),
        None => s.to_owned(),
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "{} ({})", self.message, self.kind.as_str())?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        match (&self.expected, &self.found) {
            (Some(e), Some(x)) => write!(f, "; expected {e}, found {x}"),
            (Some(e), None) => write!(f, "; expected {e}"),
            (None, Some(x)) => write!(f, "; found {x}"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<Box<DecodeError>> for DecodeError {
    fn from(e: Box<DecodeError>) -> Self {
        *e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_error_display_has_context() {
        let mut e = DecodeError::new(
            DecodeErrorKind::InvalidValue { xsd_type: "int" },
            "invalid xs:int value",
        )
        .with_path("/Envelope/Body/R/UserId")
        .with_expected("xs:int")
        .with_found("\"abc\"");
        e.operation = Some("Authenticate");
        let s = e.to_string();
        assert!(s.contains("Authenticate"), "{s}");
        assert!(s.contains("/Envelope/Body/R/UserId"), "{s}");
        assert!(s.contains("invalid-int"), "{s}");
        assert!(s.contains("abc"), "{s}");
    }

    #[test]
    fn bounded_cuts_on_char_boundary() {
        assert_eq!(bounded("äöü", 2), "äö...");
        assert_eq!(bounded("ab", 2), "ab");
    }
}
