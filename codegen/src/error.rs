//! Errors of the generator. Every error that comes from an input file names
//! the file, line and column, and the offending name.

use std::fmt;

use crate::model::Loc;

/// What went wrong, as a stable kebab-case kind (see [`ErrorKind::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not well-formed XML (or is empty).
    NotXml,
    /// Well-formed XML, but not a WSDL 1.1 `definitions` document.
    NotWsdl,
    /// A QName refers to a component that does not exist.
    UndefinedReference,
    /// A QName uses a prefix that is not declared.
    UndeclaredPrefix,
    /// An imported or included file does not exist / cannot be read.
    MissingImport,
    /// An import by http(s) URL without a catalog mapping or opt-in.
    RemoteImportForbidden,
    /// A WSDL 2.0 description.
    UnsupportedWsdl2,
    /// The same component defined twice.
    DuplicateName,
    /// Overloaded operation names in one port type.
    UnsupportedOverloading,
    /// Any other construct the generator does not support.
    Unsupported,
    /// A DTD (`<!DOCTYPE`) in a WSDL or schema.
    DtdForbidden,
    /// Nesting or import depth limit.
    TooDeep,
    /// No SOAP 1.1 / 1.2 binding to generate a client for.
    NoSoapBinding,
    /// Reading a file failed.
    Io,
    /// Writing the output failed, or the generated code did not format.
    Output,
    /// Two WSDLs of one build would be generated as the same module.
    ModuleCollision,
    /// A customisation (`type_attribute`, `derive`, `rename_type`,
    /// `extern_type`, `module_name`) that is malformed or contradicts another.
    Customisation,
}

impl ErrorKind {
    /// The kebab-case name of the kind (`undefined-reference`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotXml => "not-xml",
            ErrorKind::NotWsdl => "not-wsdl",
            ErrorKind::UndefinedReference => "undefined-reference",
            ErrorKind::UndeclaredPrefix => "undeclared-prefix",
            ErrorKind::MissingImport => "missing-import",
            ErrorKind::RemoteImportForbidden => "remote-import-forbidden",
            ErrorKind::UnsupportedWsdl2 => "unsupported-wsdl2",
            ErrorKind::DuplicateName => "duplicate-name",
            ErrorKind::UnsupportedOverloading => "unsupported-overloading",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::DtdForbidden => "dtd-forbidden",
            ErrorKind::TooDeep => "too-deep",
            ErrorKind::NoSoapBinding => "no-soap-binding",
            ErrorKind::Io => "io",
            ErrorKind::Output => "output",
            ErrorKind::ModuleCollision => "module-collision",
            ErrorKind::Customisation => "customisation",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, with its location when it comes from an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Kind.
    pub kind: ErrorKind,
    /// `file:line:column` of the offending element or attribute.
    pub loc: Option<Loc>,
    /// Human-readable message; names the offending QName as written.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.loc {
            Some(loc) => write!(f, "{loc}: {} [{}]", self.message, self.kind),
            None => write!(f, "{} [{}]", self.message, self.kind),
        }
    }
}

/// The generator's error: one or more diagnostics (all problems found in one
/// run are reported, not just the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// Every problem found; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// A single-diagnostic error.
    pub fn new(kind: ErrorKind, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Error {
            diagnostics: vec![Diagnostic {
                kind,
                loc,
                message: message.into(),
            }],
        }
    }
    /// The first diagnostic's kind.
    pub fn kind(&self) -> ErrorKind {
        self.diagnostics
            .first()
            .map_or(ErrorKind::Unsupported, |d| d.kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self
            .diagnostics
            .iter()
            .any(|d| d.kind == ErrorKind::UndefinedReference)
        {
            write!(
                f,
                "\n(to generate anyway, each undefined reference a warning: \
                 `Builder::lenient(true)` in build.rs, `--lenient` on the command line)"
            )?;
        }
        Ok(())
    }
}

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
