//! The resolved model of a WSDL 1.1 description and its XML Schemas.
//!
//! Produced by [`crate::read`], consumed by [`crate::plan`]. Nothing here is
//! Rust-specific: names are XML names, every QName is already resolved to
//! `{namespace}local` form, and every component remembers where it was
//! defined (`Loc`) so later stages can report errors with file:line:column.

pub mod wsdl;
pub mod xsd;

use std::fmt;
use std::sync::Arc;

pub use wsdl::*;
pub use xsd::*;

/// XML Schema namespace.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// XML Schema instance namespace.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// SOAP 1.1 encoding namespace (SOAP-ENC).
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// The XML namespace (`xml:lang`, ...).
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// An expanded XML name. `ns` is empty for "no namespace".
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    /// Namespace URI, `""` when the name is in no namespace.
    pub ns: Arc<str>,
    /// Local part.
    pub local: Arc<str>,
}

impl QName {
    /// Builds a QName.
    pub fn new(ns: impl Into<Arc<str>>, local: impl Into<Arc<str>>) -> Self {
        QName {
            ns: ns.into(),
            local: local.into(),
        }
    }
    /// Whether this name is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        &*self.ns == ns && &*self.local == local
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ns.is_empty() {
            write!(f, "{}", self.local)
        } else {
            write!(f, "{{{}}}{}", self.ns, self.local)
        }
    }
}

impl fmt::Debug for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A position in a source file (1-based line and column).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// The file as the user named it (or as reached through imports).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

impl fmt::Debug for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Everything read from one WSDL entry point: its (transitively imported)
/// WSDL definitions and all schemas.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The entry file.
    pub entry: Option<Loc>,
    /// All files read, in the order they were first loaded (for
    /// `cargo:rerun-if-changed`).
    pub files: Vec<std::path::PathBuf>,
    /// Merged WSDL definitions from the entry and every `wsdl:import`.
    pub wsdl: Definitions,
    /// All schema components from every schema reached.
    pub schema: SchemaSet,
    /// Non-fatal problems found while reading (unsupported constructs kept as raw XML, ...).
    pub warnings: Vec<Warning>,
}

/// A non-fatal problem, reported by the generator (build.rs prints it as a cargo warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub loc: Loc,
    /// What.
    pub message: String,
}
