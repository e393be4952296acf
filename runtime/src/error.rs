//! The error types of the runtime.
//!
//! One [`Error`] enum is returned by every client call. [`Error::kind`] maps it onto a
//! small, stable set of [`ErrorKind`]s whose [`ErrorKind::as_str`] names are used by test
//! harnesses. XML decoding problems are described by a [`DecodeError`] carrying the element
//! path, what was expected and what was found.
//!
//! No error ever contains the request body (it may carry passwords). Response bodies only
//! appear as a bounded excerpt in [`Error::HttpStatus`] and [`Error::WrongContentType`].

use std::fmt;

use crate::soap::{Fault, ReadError};
use crate::xml::{DecodeError, DecodeErrorKind};

/// Every error a generated client call can return.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The TCP/TLS connection to the endpoint could not be established.
    #[error("cannot connect to the SOAP endpoint: {message}")]
    Connect {
        /// What went wrong, as reported by the transport.
        message: String,
    },
    /// A connect, request or read timeout expired.
    #[error("SOAP request timed out: {message}")]
    Timeout {
        /// What timed out.
        message: String,
    },
    /// Any other transport failure (invalid URL, TLS, I/O, ...).
    #[error("SOAP transport error: {message}")]
    Transport {
        /// What went wrong, as reported by the transport.
        message: String,
    },
    /// The server's HTTP response was malformed (bad status line, invalid chunk size,
    /// conflicting `Content-Length`, ...).
    #[error("malformed HTTP response: {message}")]
    HttpProtocol {
        /// What was malformed.
        message: String,
    },
    /// The connection was closed before the whole body arrived (short `Content-Length`
    /// body or missing final chunk).
    #[error("HTTP response body truncated: {message}")]
    TruncatedBody {
        /// Details from the transport.
        message: String,
    },
    /// A non-2xx response that is not a SOAP fault (including every 3xx).
    #[error(
        "{operation}: HTTP status {status} from {endpoint}{}{}",
        fmt_ct(content_type),
        fmt_excerpt(body_excerpt)
    )]
    HttpStatus {
        /// The operation being called.
        operation: &'static str,
        /// The endpoint URL without any `user:password@`.
        endpoint: String,
        /// The HTTP status code.
        status: u16,
        /// The response `Content-Type`, if any.
        content_type: Option<String>,
        /// The start of the response body (at most about 2 KiB, lossily decoded).
        body_excerpt: String,
    },
    /// A 2xx response whose media type is not XML.
    #[error(
        "{operation}: HTTP status {status} from {endpoint} with non-XML content type `{content_type}`{}",
        fmt_excerpt(body_excerpt)
    )]
    WrongContentType {
        /// The operation being called.
        operation: &'static str,
        /// The endpoint URL without any `user:password@`.
        endpoint: String,
        /// The HTTP status code.
        status: u16,
        /// The response `Content-Type`.
        content_type: String,
        /// The start of the response body (at most about 2 KiB, lossily decoded).
        body_excerpt: String,
    },
    /// A 2xx response with an empty body where a response element was required.
    #[error(
        "{operation}: HTTP status {status} from {endpoint} with an empty body where a SOAP response was expected"
    )]
    EmptyBody {
        /// The operation being called.
        operation: &'static str,
        /// The endpoint URL without any `user:password@`.
        endpoint: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The endpoint is not an absolute `http`/`https` URL: reported by
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) and
    /// [`Client::try_new`](crate::Client::try_new), and by the first call of a client made
    /// with the infallible [`Client::new`](crate::Client::new).
    #[error("invalid SOAP endpoint URL `{endpoint}`: {message}")]
    InvalidEndpoint {
        /// The endpoint as given, without any `user:password@`.
        endpoint: String,
        /// Why it is not usable.
        message: String,
    },
    /// The response body is larger than `Options::max_response_bytes`.
    #[error("HTTP response body larger than the limit of {limit} bytes{}", fmt_declared(*declared))]
    ResponseTooLarge {
        /// The configured limit.
        limit: usize,
        /// The declared `Content-Length`, when that is what exceeded the limit.
        declared: Option<u64>,
    },
    /// The server answered 401 Unauthorized: no credentials were configured, or the
    /// server refused them, or it asked for a scheme this client cannot answer.
    #[error(
        "{operation}: HTTP 401 Unauthorized from {endpoint}: {reason}; the server offers {}",
        fmt_schemes(offered)
    )]
    Unauthorized {
        /// The operation being called.
        operation: &'static str,
        /// The endpoint URL without any `user:password@`.
        endpoint: String,
        /// The authentication schemes of the `WWW-Authenticate` headers (`Basic`,
        /// `Digest`, `NTLM`, ...), in order.
        offered: Vec<String>,
        /// What went wrong (never a credential).
        reason: String,
    },
    /// TLS failed: the server certificate is not trusted (unknown CA, wrong host, expired),
    /// the server required a client certificate, or the handshake failed otherwise.
    #[error("TLS error: {message}")]
    Tls {
        /// What went wrong, as reported by rustls.
        message: String,
    },
    /// The server answered with a SOAP fault.
    #[error("{0}")]
    Fault(Box<Fault>),
    /// The response could not be decoded (XML syntax, limits, SOAP structure, schema).
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// A request header block given as raw XML is not one well-formed element.
    #[error("invalid SOAP header block: {message}")]
    InvalidHeader {
        /// What is wrong with it.
        message: String,
    },
    /// WS-Addressing: the response does not answer the request (`wsa:RelatesTo`).
    #[error("WS-Addressing: {message}")]
    Addressing {
        /// What did not match.
        message: String,
    },
    /// A `multipart/related` (MTOM/XOP) response could not be unpacked.
    #[error("MTOM/XOP response: {message}")]
    Mtom {
        /// What is wrong with the package.
        message: String,
    },
}

impl From<crate::soap::InvalidHeader> for Error {
    fn from(e: crate::soap::InvalidHeader) -> Error {
        Error::InvalidHeader { message: e.0 }
    }
}

fn fmt_ct(ct: &Option<String>) -> String {
    match ct {
        Some(ct) => format!(" (content type `{ct}`)"),
        None => String::new(),
    }
}

fn fmt_excerpt(excerpt: &str) -> String {
    let collapsed: String = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return String::new();
    }
    let mut short: String = collapsed.chars().take(160).collect();
    if short.len() < collapsed.len() {
        short.push_str("...");
    }
    format!(": {short}")
}

fn fmt_schemes(offered: &[String]) -> String {
    if offered.is_empty() {
        "no scheme (no WWW-Authenticate header)".to_owned()
    } else {
        offered.join(", ")
    }
}

fn fmt_declared(declared: Option<u64>) -> String {
    match declared {
        Some(n) => format!(" (declared Content-Length {n})"),
        None => String::new(),
    }
}

impl Error {
    /// The stable kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Connect { .. } => ErrorKind::Connect,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::HttpProtocol { .. } => ErrorKind::HttpProtocol,
            Error::TruncatedBody { .. } => ErrorKind::TruncatedBody,
            Error::HttpStatus { .. } => ErrorKind::HttpStatus,
            Error::WrongContentType { .. } => ErrorKind::WrongContentType,
            Error::EmptyBody { .. } => ErrorKind::EmptyBody,
            Error::ResponseTooLarge { .. } => ErrorKind::TooLarge,
            Error::InvalidEndpoint { .. } => ErrorKind::InvalidEndpoint,
            Error::Unauthorized { .. } => ErrorKind::Unauthorized,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::Fault(_) => ErrorKind::Fault,
            Error::Decode(e) => e.kind.into(),
            Error::InvalidHeader { .. } => ErrorKind::InvalidHeader,
            Error::Addressing { .. } => ErrorKind::Addressing,
            Error::Mtom { .. } => ErrorKind::Mtom,
        }
    }

    /// The SOAP fault, when this error is one.
    pub fn as_fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// The decode error, when this error is one.
    pub fn as_decode(&self) -> Option<&DecodeError> {
        match self {
            Error::Decode(e) => Some(e),
            _ => None,
        }
    }

    /// The operation whose call failed, when the error names it (HTTP status and
    /// content errors, 401, faults, decode errors).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::HttpStatus { operation, .. }
            | Error::WrongContentType { operation, .. }
            | Error::EmptyBody { operation, .. }
            | Error::Unauthorized { operation, .. } => Some(operation),
            Error::Fault(f) => f.operation,
            Error::Decode(d) => d.operation,
            _ => None,
        }
    }

    /// The endpoint (without any `user:password@`) the error is about, when it names it.
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            Error::HttpStatus { endpoint, .. }
            | Error::WrongContentType { endpoint, .. }
            | Error::EmptyBody { endpoint, .. }
            | Error::Unauthorized { endpoint, .. }
            | Error::InvalidEndpoint { endpoint, .. } => Some(endpoint),
            Error::Fault(f) => f.endpoint.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status carried by this error, if any.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::HttpStatus { status, .. }
            | Error::WrongContentType { status, .. }
            | Error::EmptyBody { status, .. } => Some(*status),
            Error::Unauthorized { .. } => Some(401),
            _ => None,
        }
    }
}

impl From<DecodeErrorKind> for ErrorKind {
    fn from(kind: DecodeErrorKind) -> ErrorKind {
        match kind {
            DecodeErrorKind::XmlSyntax => ErrorKind::XmlSyntax,
            DecodeErrorKind::InvalidUtf8 => ErrorKind::InvalidUtf8,
            DecodeErrorKind::DtdForbidden => ErrorKind::DtdForbidden,
            DecodeErrorKind::EntityForbidden => ErrorKind::EntityForbidden,
            DecodeErrorKind::TooLarge => ErrorKind::TooLarge,
            DecodeErrorKind::TooDeep => ErrorKind::TooDeep,
            DecodeErrorKind::NotSoap => ErrorKind::NotSoap,
            DecodeErrorKind::VersionMismatch => ErrorKind::VersionMismatch,
            DecodeErrorKind::MissingRequiredElement => ErrorKind::MissingRequiredElement,
            DecodeErrorKind::UnexpectedElement => ErrorKind::UnexpectedElement,
            DecodeErrorKind::InvalidValue { xsd_type } => ErrorKind::InvalidValue { xsd_type },
            DecodeErrorKind::WrongNamespace => ErrorKind::WrongNamespace,
            DecodeErrorKind::Timeout => ErrorKind::Timeout,
            DecodeErrorKind::InvalidReference => ErrorKind::InvalidReference,
        }
    }
}

impl DecodeErrorKind {
    /// The corresponding client-level [`ErrorKind`].
    pub fn error_kind(self) -> ErrorKind {
        self.into()
    }
}

impl DecodeError {
    /// The stable kind as an [`ErrorKind`].
    pub fn error_kind(&self) -> ErrorKind {
        self.kind.into()
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Fault(f) => Error::Fault(f),
            ReadError::Decode(d) => Error::Decode(d),
        }
    }
}

impl From<Fault> for Error {
    fn from(f: Fault) -> Self {
        Error::Fault(Box::new(f))
    }
}

/// The stable classification of an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Non-2xx response that is not a SOAP fault.
    HttpStatus,
    /// Malformed HTTP.
    HttpProtocol,
    /// Connection closed before the body was complete.
    TruncatedBody,
    /// 2xx with an empty body where a response was required.
    EmptyBody,
    /// 2xx with a non-XML media type.
    WrongContentType,
    /// Not well-formed XML.
    XmlSyntax,
    /// Bytes illegal in the document's encoding.
    InvalidUtf8,
    /// A `<!DOCTYPE` was present.
    DtdForbidden,
    /// A reference to an entity other than the five predefined ones.
    EntityForbidden,
    /// A size limit was exceeded.
    TooLarge,
    /// The nesting-depth limit was exceeded.
    TooDeep,
    /// Well-formed XML that is not a SOAP envelope.
    NotSoap,
    /// The envelope is of the other SOAP version.
    VersionMismatch,
    /// A required element is absent (or nil while not nillable).
    MissingRequiredElement,
    /// An element out of order, repeated too often, or of the wrong name.
    UnexpectedElement,
    /// Text outside the lexical space or range of its XSD type.
    InvalidValue {
        /// The XSD type name, e.g. `int`, `boolean`, `double`.
        xsd_type: &'static str,
    },
    /// Right local name, wrong namespace.
    WrongNamespace,
    /// A SOAP-encoding multi-reference that is dangling, cyclic or beyond the limits.
    InvalidReference,
    /// The server answered with a SOAP fault.
    Fault,
    /// Cannot connect.
    Connect,
    /// A timeout expired.
    Timeout,
    /// Any other transport failure.
    Transport,
    /// A raw request header block is not one well-formed element.
    InvalidHeader,
    /// WS-Addressing `RelatesTo` mismatch.
    Addressing,
    /// A malformed MTOM/XOP package.
    Mtom,
    /// The endpoint is not an absolute `http`/`https` URL.
    InvalidEndpoint,
    /// HTTP 401: missing, refused or unanswerable credentials.
    Unauthorized,
    /// TLS failure (untrusted server certificate, client certificate required, ...).
    Tls,
}

impl ErrorKind {
    /// The kebab-case name of the kind (`http-status`, `invalid-int`, `fault`, ...).
    ///
    /// [`ErrorKind::InvalidValue`] gives `invalid-int` for the XSD integer types,
    /// `invalid-bool` for `boolean` and `invalid-value` otherwise.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::HttpStatus => "http-status",
            ErrorKind::HttpProtocol => "http-protocol",
            ErrorKind::TruncatedBody => "truncated-body",
            ErrorKind::EmptyBody => "empty-body",
            ErrorKind::WrongContentType => "wrong-content-type",
            ErrorKind::XmlSyntax => "xml-syntax",
            ErrorKind::InvalidUtf8 => "invalid-utf8",
            ErrorKind::DtdForbidden => "dtd-forbidden",
            ErrorKind::EntityForbidden => "entity-forbidden",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::TooDeep => "too-deep",
            ErrorKind::NotSoap => "not-soap",
            ErrorKind::VersionMismatch => "version-mismatch",
            ErrorKind::MissingRequiredElement => "missing-required-element",
            ErrorKind::UnexpectedElement => "unexpected-element",
            ErrorKind::InvalidValue { xsd_type } => crate::xml::invalid_value_name(xsd_type),
            ErrorKind::WrongNamespace => "wrong-namespace",
            ErrorKind::InvalidReference => "invalid-reference",
            ErrorKind::Fault => "fault",
            ErrorKind::Connect => "connect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::InvalidHeader => "invalid-header",
            ErrorKind::Addressing => "addressing",
            ErrorKind::Mtom => "mtom",
            ErrorKind::InvalidEndpoint => "invalid-endpoint",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Tls => "tls",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names() {
        let int = ErrorKind::InvalidValue { xsd_type: "int" };
        assert_eq!(int.as_str(), "invalid-int");
        assert_eq!(
            ErrorKind::InvalidValue {
                xsd_type: "boolean"
            }
            .as_str(),
            "invalid-bool"
        );
        assert_eq!(
            ErrorKind::InvalidValue { xsd_type: "double" }.as_str(),
            "invalid-value"
        );
        assert_eq!(ErrorKind::HttpStatus.as_str(), "http-status");
        assert_eq!(
            ErrorKind::MissingRequiredElement.as_str(),
            "missing-required-element"
        );
        let e = Error::EmptyBody {
            operation: "Op",
            endpoint: "http://h/".into(),
            status: 200,
        };
        assert_eq!(e.kind().as_str(), "empty-body");
        assert_eq!(e.http_status(), Some(200));
        assert_eq!(e.operation(), Some("Op"));
        assert_eq!(e.endpoint(), Some("http://h/"));
        assert_eq!(
            e.to_string(),
            "Op: HTTP status 200 from http://h/ with an empty body where a SOAP response was expected"
        );
    }

    #[test]
    fn decode_kind_names_agree() {
        use DecodeErrorKind as D;
        for k in [
            D::XmlSyntax,
            D::InvalidUtf8,
            D::DtdForbidden,
            D::EntityForbidden,
            D::TooLarge,
            D::TooDeep,
            D::NotSoap,
            D::VersionMismatch,
            D::MissingRequiredElement,
            D::UnexpectedElement,
            D::InvalidValue { xsd_type: "int" },
            D::InvalidValue {
                xsd_type: "boolean",
            },
            D::InvalidValue { xsd_type: "date" },
            D::WrongNamespace,
            D::InvalidReference,
        ] {
            assert_eq!(k.as_str(), k.error_kind().as_str());
        }
    }
}
