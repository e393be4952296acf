//! Reading: a WSDL 1.1 entry file and everything it imports → [`Model`].
//!
//! * [`loader`] locates, decodes and parses documents (each document once;
//!   DTDs rejected; http(s) imports only through the URL map);
//! * [`wsdl`] reads `wsdl:definitions`, [`xsd`] reads `xs:schema`;
//! * [`check`] validates the result: every QName reference resolves, no
//!   duplicates, no overloaded operations. All problems are reported at once.
//!
//! Locations (`Loc.file`) are deterministic: the entry path as given, imports
//! relative to the entry's directory, documents reached by URL as the URL.

mod check;
mod docs;
mod loader;
mod wsdl;
mod xsd;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use roxmltree::Node;

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::model::{Loc, Model, QName, Warning, XML_NS};
use loader::{Base, Source, Target};

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
            Error::new(ErrorKind::Io, None, format!("cannot read URL map `{shown}`: {e}"))
        })?;
        let dir = tsv.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut lines = text.lines().enumerate().peekable();
        let header: Vec<&str> = lines.peek().map(|(_, l)| l.split('\t').collect()).unwrap_or_default();
        let col = |n: &str| header.iter().position(|h| h.trim() == n);
        let bad = |i: usize, what: &str| {
            let loc = Loc { file: Arc::from(shown.as_str()), line: i as u32 + 1, col: 1 };
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
    let given = loader::slashes(path);
    let abs = loader::lexical_absolute(path);
    let key = std::fs::canonicalize(&abs).map_err(|e| {
        Error::new(ErrorKind::Io, None, format!("cannot read WSDL file `{given}`: {e}"))
    })?;
    let entry_dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let target = Target {
        path: abs.clone(),
        key: key.clone(),
        display: Arc::from(given.as_str()),
        base: Base::File(abs),
    };
    let src = loader::load(&target).map_err(|d| Error { diagnostics: vec![d] })?;
    let mut st = State::new(opts, entry_dir);
    st.model.files.push(target.path.clone());
    st.seen.insert(key, Seen { is_wsdl: true, own_tns: None, chameleons: HashSet::new() });
    {
        let doc = src.parse().map_err(|d| Error { diagnostics: vec![d] })?;
        let root = doc.root_element();
        match root_kind(root) {
            RootKind::Wsdl11 => {}
            kind => return Err(Error { diagnostics: vec![not_wsdl(&src, root, kind)] }),
        }
        st.model.entry = Some(src.loc(root));
        wsdl::read_definitions(&mut st, &src, root, true);
    }
    while let Some(p) = st.queue.pop_front() {
        st.process(p);
    }
    st.finish()
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
                "not a WSDL 1.1 document: the root element is `{name}` (namespace `{ns}`); \
                 expected `definitions` in namespace `{WSDL_NS}`"
            ),
        ),
    };
    Diagnostic { kind, loc: Some(src.loc(root)), message }
}

/// What a reference must resolve to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    Type,
    Element,
    Attribute,
    AttributeGroup,
    Group,
    Message,
    PortType,
    Binding,
}

impl RefKind {
    pub(crate) fn what(self) -> &'static str {
        match self {
            RefKind::Type => "type",
            RefKind::Element => "element",
            RefKind::Attribute => "attribute",
            RefKind::AttributeGroup => "attribute group",
            RefKind::Group => "model group",
            RefKind::Message => "message",
            RefKind::PortType => "portType",
            RefKind::Binding => "binding",
        }
    }
}

/// A QName reference found while reading, checked by [`check`] at the end.
#[derive(Debug, Clone)]
pub(crate) struct RefRec {
    pub kind: RefKind,
    pub name: QName,
    pub written: String,
    pub loc: Loc,
}

/// How an imported document is reached.
#[derive(Debug, Clone)]
pub(crate) enum ImportKind {
    /// `wsdl:import`.
    Wsdl,
    /// `xs:import`.
    Schema,
    /// `xs:include` / `xs:redefine` into a schema with this target namespace.
    Include { tns: Arc<str>, redefine: bool },
}

/// An import waiting to be processed.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub location: String,
    pub base: Base,
    pub from: Loc,
    pub kind: ImportKind,
    pub namespace: Option<String>,
}

/// A document already read.
struct Seen {
    is_wsdl: bool,
    /// The schema's own targetNamespace (`None` when it has none: chameleon).
    own_tns: Option<String>,
    /// Namespaces a chameleon schema was already included into.
    chameleons: HashSet<Arc<str>>,
}

/// Reading state shared by the WSDL and XSD readers.
pub(crate) struct State<'o> {
    opts: &'o ReadOptions,
    entry_dir: PathBuf,
    pub model: Model,
    pub diags: Vec<Diagnostic>,
    pub refs: Vec<RefRec>,
    queue: VecDeque<Pending>,
    seen: HashMap<PathBuf, Seen>,
    /// Namespaces whose import failed (references into them are not
    /// reported again); `None` in the set: an import without namespace failed.
    failed_ns: HashSet<Option<String>>,
    /// Components defined inside `xs:redefine` (kind tag, name).
    pub redefined: HashSet<(u8, QName)>,
    /// Global elements without an explicit type (inherit their head's).
    pub untyped_elements: Vec<QName>,
    interned: HashSet<Arc<str>>,
}

impl<'o> State<'o> {
    fn new(opts: &'o ReadOptions, entry_dir: PathBuf) -> Self {
        State {
            opts,
            entry_dir,
            model: Model::default(),
            diags: Vec::new(),
            refs: Vec::new(),
            queue: VecDeque::new(),
            seen: HashMap::new(),
            failed_ns: HashSet::new(),
            redefined: HashSet::new(),
            untyped_elements: Vec::new(),
            interned: HashSet::new(),
        }
    }

    /// Records a problem.
    pub fn diag(&mut self, kind: ErrorKind, loc: Loc, message: impl Into<String>) {
        self.diags.push(Diagnostic { kind, loc: Some(loc), message: message.into() });
    }

    /// Records a warning.
    pub fn warn(&mut self, loc: Loc, message: impl Into<String>) {
        self.model.warnings.push(Warning { loc, message: message.into() });
    }

    /// Shares namespace strings between all QNames.
    pub fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.interned.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.interned.insert(a.clone());
        a
    }

    /// Queues an import.
    pub fn enqueue(&mut self, p: Pending) {
        self.queue.push_back(p);
    }

    /// Resolves a QName written in an attribute value at `node`. `chameleon`
    /// is the target namespace that no-namespace names take in a chameleon
    /// include. Records an undeclared prefix as an error.
    pub fn resolve_qname(
        &mut self,
        src: &Source,
        node: Node<'_, '_>,
        attr: &str,
        written: &str,
        chameleon: Option<&Arc<str>>,
    ) -> Option<QName> {
        let (prefix, local) = match written.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, written),
        };
        let valid = |s: &str| !s.is_empty() && !s.contains(':');
        if !valid(local) || prefix.is_some_and(|p| !valid(p)) {
            let loc = src.attr_loc(node, attr);
            self.diag(ErrorKind::Unsupported, loc, format!("invalid QName `{written}` in {attr}="));
            return None;
        }
        let ns = match prefix {
            Some("xml") => XML_NS,
            Some(p) => match node.lookup_namespace_uri(Some(p)) {
                Some(ns) => ns,
                None => {
                    let loc = src.attr_loc(node, attr);
                    self.diag(
                        ErrorKind::UndeclaredPrefix,
                        loc,
                        format!(
                            "undeclared namespace prefix `{p}` in QName `{written}` ({attr}=)"
                        ),
                    );
                    return None;
                }
            },
            None => node.lookup_namespace_uri(None).unwrap_or(""),
        };
        let ns = match chameleon {
            Some(t) if ns.is_empty() => t.clone(),
            _ => self.intern(ns),
        };
        Some(QName { ns, local: Arc::from(local) })
    }

    /// Resolves the QName in attribute `attr` of `node` (if present) and
    /// records it as a reference of `kind`.
    pub fn qname_ref(
        &mut self,
        src: &Source,
        node: Node<'_, '_>,
        attr: &str,
        kind: RefKind,
        chameleon: Option<&Arc<str>>,
    ) -> Option<QName> {
        let written = node.attribute(attr)?.trim();
        let q = self.resolve_qname(src, node, attr, written, chameleon)?;
        let loc = src.attr_loc(node, attr);
        self.refs.push(RefRec { kind, name: q.clone(), written: written.to_string(), loc });
        Some(q)
    }

    /// Like [`State::qname_ref`] for a whitespace-separated list of QNames.
    pub fn qname_list_ref(
        &mut self,
        src: &Source,
        node: Node<'_, '_>,
        attr: &str,
        kind: RefKind,
        chameleon: Option<&Arc<str>>,
    ) -> Vec<QName> {
        let Some(value) = node.attribute(attr) else { return Vec::new() };
        let mut out = Vec::new();
        for written in value.split_whitespace() {
            if let Some(q) = self.resolve_qname(src, node, attr, written, chameleon) {
                let loc = src.attr_loc(node, attr);
                self.refs.push(RefRec { kind, name: q.clone(), written: written.to_string(), loc });
                out.push(q);
            }
        }
        out
    }

    fn import_failed(&mut self, ns: Option<String>) {
        self.failed_ns.insert(ns);
    }

    /// Processes one queued import: locate, load once, parse, dispatch.
    fn process(&mut self, p: Pending) {
        let target = match loader::resolve(&p.location, &p.base, self.opts, &self.entry_dir) {
            Ok(t) => t,
            Err((kind, msg)) => {
                self.diag(kind, p.from.clone(), msg);
                self.import_failed(p.namespace);
                return;
            }
        };
        let chameleon = match &p.kind {
            ImportKind::Include { tns, .. } => Some(tns.clone()),
            _ => None,
        };
        if let Some(seen) = self.seen.get_mut(&target.key) {
            let again = match (&chameleon, seen.is_wsdl, &seen.own_tns) {
                (Some(t), false, None) => seen.chameleons.insert(t.clone()),
                _ => false,
            };
            if !again {
                return;
            }
        }
        let src = match loader::load(&target) {
            Ok(s) => s,
            Err(mut d) => {
                if d.loc.is_none() {
                    d.loc = Some(p.from.clone());
                }
                self.diags.push(d);
                self.import_failed(p.namespace);
                return;
            }
        };
        if !self.seen.contains_key(&target.key) {
            self.model.files.push(target.path.clone());
        }
        let doc = match src.parse() {
            Ok(d) => d,
            Err(d) => {
                self.diags.push(d);
                self.import_failed(p.namespace);
                self.seen.entry(target.key).or_insert(Seen {
                    is_wsdl: true,
                    own_tns: None,
                    chameleons: HashSet::new(),
                });
                return;
            }
        };
        let root = doc.root_element();
        let kind = root_kind(root);
        let own_tns = root.attribute("targetNamespace").map(str::to_string);
        let seen = self.seen.entry(target.key).or_insert(Seen {
            is_wsdl: kind != RootKind::Schema,
            own_tns: own_tns.clone(),
            chameleons: HashSet::new(),
        });
        if let Some(t) = &chameleon {
            seen.chameleons.insert(t.clone());
        }
        match kind {
            RootKind::Wsdl11 => wsdl::read_definitions(self, &src, root, false),
            RootKind::Schema => {
                let redefine = matches!(p.kind, ImportKind::Include { redefine: true, .. });
                if let (ImportKind::Schema, Some(ns)) = (&p.kind, &p.namespace) {
                    if own_tns.as_deref().unwrap_or("") != ns {
                        let msg = format!(
                            "xs:import declares namespace `{ns}` but `{}` has targetNamespace `{}`",
                            src.file,
                            own_tns.as_deref().unwrap_or("")
                        );
                        self.warn(p.from.clone(), msg);
                    }
                }
                let cham = if own_tns.is_none() { chameleon } else { None };
                xsd::read_schema(self, &src, root, cham, redefine);
            }
            other => {
                let d = not_wsdl(&src, root, other);
                self.diags.push(d);
            }
        }
    }

    /// Post-processing and validation after all documents are read.
    fn finish(mut self) -> Result<Model> {
        xsd::finish(&mut self);
        // Ports of non-SOAP (or undefined) bindings are not kept.
        let bindings = &self.model.wsdl.bindings;
        for svc in self.model.wsdl.services.values_mut() {
            svc.ports.retain(|p| bindings.contains_key(&p.binding));
        }
        let suppress_all = self.failed_ns.contains(&None);
        let failed: HashSet<String> = self.failed_ns.iter().flatten().cloned().collect();
        let mut found = check::check_references(&self.model, &self.refs, |q| {
            suppress_all || failed.contains(&*q.ns)
        });
        found.extend(check::check_operations(&self.model));
        self.diags.extend(found);
        if self.model.wsdl.bindings.is_empty() && self.failed_ns.is_empty() {
            let others: Vec<String> =
                self.model.wsdl.other_bindings.iter().map(|q| q.to_string()).collect();
            let msg = if others.is_empty() {
                "no SOAP 1.1 or SOAP 1.2 binding found: soapgen generates SOAP clients only"
                    .to_string()
            } else {
                format!(
                    "no SOAP 1.1 or SOAP 1.2 binding found (only non-SOAP bindings: {}); \
                     soapgen generates SOAP clients only",
                    others.join(", ")
                )
            };
            let loc = self.model.entry.clone();
            self.diags.push(Diagnostic { kind: ErrorKind::NoSoapBinding, loc, message: msg });
        }
        if self.diags.is_empty() {
            Ok(self.model)
        } else {
            Err(Error { diagnostics: self.diags })
        }
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
    node.children().filter(move |c| c.is_element() && c.tag_name().namespace() == Some(ns))
}
