//! Reading: a WSDL 1.1 entry file and everything it imports → [`Model`].
//!
//! * `locate` finds imported documents (http(s) only through the URL map,
//!   then the built-in `catalog` of standard schemas; never over the
//!   network), `loader` decodes and parses them (DTDs
//!   rejected), `state` reads each document once and resolves QNames;
//! * `wsdl` reads `wsdl:definitions`; `xsd` and `xsd_types` read
//!   `xs:schema`; `docs` normalises documentation;
//! * `check` validates the result: every QName reference resolves, no
//!   duplicates, no overloaded operations. All problems are reported at once.
//!
//! Locations (`Loc.file`) are deterministic: the entry path as given, imports
//! relative to the entry's directory, documents reached by URL as the URL.

mod catalog;
mod check;
mod docs;
mod loader;
mod locate;
mod state;
mod wsdl;
mod xsd;
mod xsd_types;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use roxmltree::Node;

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::model::{Loc, Model, QName};
/// Decodes a document's bytes as the reader does (BOM, UTF-16, declared encoding).
#[cfg(feature = "fetch")]
pub(crate) use loader::decode as decode_document;
use loader::Source;
pub(crate) use state::{ImportKind, Pending, RefKind, RefRec, State};

/// WSDL 1.1 namespace.
pub(crate) const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
/// WSDL 2.0 namespace.
pub(crate) const WSDL2_NS: &str = "http://www.w3.org/ns/wsdl";

/// How imports are located.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// URL (or URL prefix, when it ends with '/') → local file (or
    /// directory), like an XML catalog. Longest prefix wins; among equal
    /// keys the first.
    pub url_map: Vec<(String, PathBuf)>,
    /// Accept references to components that are defined nowhere (broken
    /// real-world WSDLs): each becomes a warning instead of an error, and the
    /// missing component is replaced by a placeholder — an element or type
    /// allowing any content (like `xs:anyType`), an empty message / port
    /// type / group; ports of undefined bindings and `soap:header`s of
    /// missing parts are dropped. Off by default.
    pub lenient: bool,
}

impl ReadOptions {
    /// Maps a URL (or a URL prefix ending with `/`) to a local file (or
    /// directory).
    pub fn map_url(&mut self, url: impl Into<String>, path: impl Into<PathBuf>) -> &mut Self {
        self.url_map.push((url.into(), path.into()));
        self
    }

    /// Loads URL mappings from a tab-separated file. Two formats:
    ///
    /// * with a header line naming the columns `name`, `url` and
    ///   `local_path` (like the corpus' `URLMAP.tsv`): each `local_path` is
    ///   relative to `<dir of the tsv>/<name>/`;
    /// * otherwise `url<TAB>path` lines (an optional header whose first field
    ///   is `url`, blank lines and `#` comments are skipped), each path
    ///   relative to the tsv's directory.
    pub fn load_url_map_tsv(&mut self, tsv: &Path) -> Result<()> {
        let shown = loader::slashes(tsv);
        let text = std::fs::read_to_string(tsv).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                None,
                format!("cannot read URL map `{shown}`: {e}"),
            )
        })?;
        let dir = tsv.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut lines = text.lines().enumerate().peekable();
        let header: Vec<&str> = lines
            .peek()
            .map(|(_, l)| l.split('\t').collect())
            .unwrap_or_default();
        let col = |n: &str| header.iter().position(|h| h.trim() == n);
        let bad = |i: usize, what: &str| {
            let loc = Loc {
                file: Arc::from(shown.as_str()),
                line: i as u32 + 1,
                col: 1,
            };
            Error::new(ErrorKind::Io, Some(loc), format!("URL map: {what}"))
        };
        if let (Some(n), Some(u), Some(p)) = (col("name"), col("url"), col("local_path")) {
            lines.next();
            for (i, line) in lines {
                if line.trim().is_empty() {
                    continue;
                }
                let f: Vec<&str> = line.split('\t').collect();
                match (f.get(n), f.get(u), f.get(p)) {
                    (Some(name), Some(url), Some(path)) => {
                        self.map_url(url.trim(), dir.join(name.trim()).join(path.trim()));
                    }
                    _ => return Err(bad(i, "expected name, url and local_path columns")),
                }
            }
        } else {
            for (i, line) in lines {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                let mut f = line.split('\t');
                match (f.next(), f.next()) {
                    (Some(u), _) if i == 0 && u.trim() == "url" => {}
                    (Some(url), Some(path)) => {
                        self.map_url(url.trim(), dir.join(path.trim()));
                    }
                    _ => return Err(bad(i, "expected `url<TAB>path`")),
                }
            }
        }
        Ok(())
    }
}

/// Reads the WSDL 1.1 file at `path` with all its `wsdl:import`s and schema
/// imports/includes into a [`Model`]. Every problem found is reported.
pub fn read_wsdl(path: &Path, opts: &ReadOptions) -> Result<Model> {
    state::read(path, opts)
}

/// What kind of document a root element makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RootKind {
    Wsdl11,
    Wsdl20,
    Schema,
    Other,
}

pub(crate) fn root_kind(root: Node<'_, '_>) -> RootKind {
    let ns = root.tag_name().namespace().unwrap_or("");
    match (ns, root.tag_name().name()) {
        (WSDL_NS, "definitions") => RootKind::Wsdl11,
        (WSDL2_NS, _) => RootKind::Wsdl20,
        (crate::model::XSD_NS, "schema") => RootKind::Schema,
        _ => RootKind::Other,
    }
}

/// The error for a document that is not WSDL 1.1.
pub(crate) fn not_wsdl(src: &Source, root: Node<'_, '_>, kind: RootKind) -> Diagnostic {
    let ns = root.tag_name().namespace().unwrap_or("");
    let name = QName::new(ns, root.tag_name().name());
    let (kind, message) = match kind {
        RootKind::Wsdl20 => (
            ErrorKind::UnsupportedWsdl2,
            format!(
                "WSDL 2.0 is not supported (root element `{name}`); soapgen reads WSDL 1.1 \
                 (`{{{WSDL_NS}}}definitions`)"
            ),
        ),
        RootKind::Schema => (
            ErrorKind::NotWsdl,
            format!(
                "not a WSDL document: the root element is an XML Schema `{name}` (xs:schema); \
                 expected `{{{WSDL_NS}}}definitions`"
            ),
        ),
        _ => (
            ErrorKind::NotWsdl,
            format!(
                "not a WSDL 1.1 document: the root element is `{name}` ({}); expected \
                 `definitions` in namespace `{WSDL_NS}`",
                if ns.is_empty() {
                    "no namespace".to_string()
                } else {
                    format!("namespace `{ns}`")
                }
            ),
        ),
    };
    Diagnostic {
        kind,
        loc: Some(src.loc(root)),
        message,
    }
}

/// Parses a boolean attribute value (`true`/`1`).
pub(crate) fn is_true(v: Option<&str>) -> bool {
    matches!(v.map(str::trim), Some("true") | Some("1"))
}

/// The element children of `node` in namespace `ns`.
pub(crate) fn children_in<'a, 'i>(
    node: Node<'a, 'i>,
    ns: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().namespace() == Some(ns))
}
