//! The reading state: the queue of imports (each document read once, by
//! content identity), the references found (checked at the end), QName
//! resolution against the namespaces in scope, and the final checks.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use roxmltree::Node;

use super::loader::{self, Base, Source, Target};
use super::{check, locate, not_wsdl, root_kind, wsdl, xsd, ReadOptions, RootKind};
use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::model::{Loc, Model, QName, Warning, XML_NS};

/// Reads an entry file and everything it imports.
pub(super) fn read(path: &Path, opts: &ReadOptions) -> Result<Model> {
    let given = loader::slashes(path);
    let abs = loader::lexical_absolute(path);
    let key = std::fs::canonicalize(&abs).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            None,
            format!("cannot read WSDL file `{given}`: {e}"),
        )
    })?;
    // Imported files are named relative to the current directory (under build.rs: the
    // crate being built), like the entry as given; absolutely when the entry was given
    // absolutely (an empty directory means "absolute").
    let entry_dir = if path.is_absolute() {
        PathBuf::new()
    } else {
        loader::lexical_absolute(Path::new("."))
    };
    let target = Target {
        path: abs.clone(),
        key: key.clone(),
        display: Arc::from(given.as_str()),
        base: Base::File(abs),
        builtin: None,
    };
    let src = loader::load(&target).map_err(|d| Error {
        diagnostics: vec![d],
    })?;
    let mut st = State::new(opts, entry_dir);
    st.model.files.push(target.path.clone());
    let id = st.identity(&key, &src.text);
    st.seen.insert(
        id,
        Seen {
            is_wsdl: true,
            own_tns: None,
            chameleons: HashSet::new(),
        },
    );
    {
        let doc = src.parse().map_err(|d| Error {
            diagnostics: vec![d],
        })?;
        let root = doc.root_element();
        match root_kind(root) {
            RootKind::Wsdl11 => {}
            kind => {
                return Err(Error {
                    diagnostics: vec![not_wsdl(&src, root, kind)],
                })
            }
        }
        st.model.entry = Some(src.loc(root));
        wsdl::read_definitions(&mut st, &src, root, true);
    }
    while let Some(p) = st.queue.pop_front() {
        st.process(p);
    }
    st.finish()
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
    /// `wsdl:part type=` (tolerates naming an element, see `check::sanitize`).
    PartType,
}

impl RefKind {
    pub(crate) fn what(self) -> &'static str {
        match self {
            RefKind::Type | RefKind::PartType => "type",
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
    Include { tns: Arc<str> },
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
    /// File (canonical path) → identity of its content: documents with
    /// identical bytes (the same schema mirrored under two URLs) are one.
    ident: HashMap<PathBuf, PathBuf>,
    content: HashMap<(u64, usize), PathBuf>,
    /// An import failed: undefined references are then not reported (they
    /// would mostly be consequences of the missing document).
    import_failed: bool,
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
            ident: HashMap::new(),
            content: HashMap::new(),
            import_failed: false,
            redefined: HashSet::new(),
            untyped_elements: Vec::new(),
            interned: HashSet::new(),
        }
    }

    /// Records a problem.
    pub fn diag(&mut self, kind: ErrorKind, loc: Loc, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            kind,
            loc: Some(loc),
            message: message.into(),
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, loc: Loc, message: impl Into<String>) {
        self.model.warnings.push(Warning {
            loc,
            message: message.into(),
        });
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
            self.diag(
                ErrorKind::Unsupported,
                loc,
                format!("invalid QName `{written}` in {attr}="),
            );
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
                        format!("undeclared namespace prefix `{p}` in QName `{written}` ({attr}=)"),
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
        Some(QName {
            ns,
            local: Arc::from(local),
        })
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
        self.refs.push(RefRec {
            kind,
            name: q.clone(),
            written: written.to_string(),
            loc,
        });
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
        let Some(value) = node.attribute(attr) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for written in value.split_whitespace() {
            if let Some(q) = self.resolve_qname(src, node, attr, written, chameleon) {
                let loc = src.attr_loc(node, attr);
                self.refs.push(RefRec {
                    kind,
                    name: q.clone(),
                    written: written.to_string(),
                    loc,
                });
                out.push(q);
            }
        }
        out
    }

    /// Whether a document (by identity) still has to be read: not yet, or a
    /// chameleon schema included into a namespace it was not read for yet.
    fn wanted(&mut self, id: &Path, chameleon: &Option<Arc<str>>) -> bool {
        match self.seen.get_mut(id) {
            None => true,
            Some(seen) => match (chameleon, seen.is_wsdl, &seen.own_tns) {
                (Some(t), false, None) => seen.chameleons.insert(t.clone()),
                _ => false,
            },
        }
    }

    /// The identity of a loaded file: the first file with the same content.
    fn identity(&mut self, key: &Path, text: &str) -> PathBuf {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        let id = self
            .content
            .entry((h.finish(), text.len()))
            .or_insert_with(|| key.to_path_buf())
            .clone();
        self.ident.insert(key.to_path_buf(), id.clone());
        id
    }

    /// Processes one queued import: locate, load once, parse, dispatch.
    fn process(&mut self, p: Pending) {
        let target = match locate::resolve(&p.location, &p.base, self.opts, &self.entry_dir) {
            Ok(t) => t,
            Err((kind, msg)) => {
                self.diag(kind, p.from.clone(), msg);
                self.import_failed = true;
                return;
            }
        };
        let chameleon = match &p.kind {
            ImportKind::Include { tns, .. } => Some(tns.clone()),
            _ => None,
        };
        let known = self.ident.get(&target.key).cloned();
        if let Some(id) = &known {
            if !self.wanted(id, &chameleon) {
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
                self.import_failed = true;
                return;
            }
        };
        let id = match known {
            Some(id) => id,
            None => {
                if target.builtin.is_none() {
                    self.model.files.push(target.path.clone());
                }
                let id = self.identity(&target.key, &src.text);
                if id != target.key && !self.wanted(&id, &chameleon) {
                    return;
                }
                id
            }
        };
        let doc = match src.parse() {
            Ok(d) => d,
            Err(d) => {
                self.diags.push(d);
                self.import_failed = true;
                self.seen.entry(id).or_insert(Seen {
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
        let seen = self.seen.entry(id).or_insert(Seen {
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
                xsd::read_schema(self, &src, root, cham);
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
        let warnings = check::sanitize(&mut self.model);
        self.model.warnings.extend(warnings);
        if !self.import_failed {
            let undefined = check::check_references(&self.model, &self.refs);
            if self.opts.lenient {
                let mut warnings = check::placeholders(&mut self.model, &undefined);
                warnings.extend(check::sanitize(&mut self.model));
                self.model.warnings.extend(warnings);
            } else {
                self.diags
                    .extend(undefined.iter().map(|r| check::undefined_ref(r)));
            }
        }
        let (errors, warnings) = check::check_operations(&mut self.model, self.opts.lenient);
        self.diags.extend(errors);
        self.model.warnings.extend(warnings);
        // Ports of non-SOAP (or undefined) bindings are not kept.
        let bindings = &self.model.wsdl.bindings;
        for svc in self.model.wsdl.services.values_mut() {
            svc.ports.retain(|p| bindings.contains_key(&p.binding));
        }
        if self.model.wsdl.bindings.is_empty() && !self.import_failed {
            let others: Vec<String> = self
                .model
                .wsdl
                .other_bindings
                .iter()
                .map(|q| q.to_string())
                .collect();
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
            self.diags.push(Diagnostic {
                kind: ErrorKind::NoSoapBinding,
                loc,
                message: msg,
            });
        }
        if self.diags.is_empty() {
            Ok(self.model)
        } else {
            Err(Error {
                diagnostics: self.diags,
            })
        }
    }
}
