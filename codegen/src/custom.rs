//! Customisation keyed by XML names (`{namespace}Local`): extra derives and
//! attributes on generated types, type renames and extern types (prost's
//! `extern_path`). The [`Builder`](crate::Builder) records what the user
//! asked for as written; [`Requests::resolve`] validates every entry (keys,
//! attribute syntax, identifiers, paths) into a [`Customisation`] the
//! planner reads, so nothing unchecked reaches the generated code.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Error, ErrorKind};
use crate::model::QName;

/// One request, as the user wrote it.
#[derive(Debug, Clone)]
enum Ask {
    Attribute(String),
    Derive(Vec<String>),
    Rename(String),
    RenameField(String, String),
    Extern(String),
}

impl Ask {
    fn option(&self) -> &'static str {
        match self {
            Ask::Attribute(_) => "type_attribute",
            Ask::Derive(_) => "derive",
            Ask::Rename(_) => "rename_type",
            Ask::RenameField(..) => "rename_field",
            Ask::Extern(_) => "extern_type",
        }
    }
}

/// The customisations asked for, unchecked, in call order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Requests {
    asks: Vec<(String, Ask)>,
}

/// What applies to one XML name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeCustom {
    /// Extra derives (each a valid path), in the order given.
    pub derives: Vec<String>,
    /// Extra outer attributes (each parses as attributes).
    pub attributes: Vec<String>,
    /// The Rust name of the type instead of the one derived from the XML name.
    pub rename: Option<String>,
    /// A user type (an absolute path) used instead of generating one.
    pub extern_path: Option<String>,
    /// Field renames: XML local name of an element or attribute → Rust
    /// field name.
    pub fields: BTreeMap<String, String>,
    /// The options that named this key (for the unused-key warning).
    pub options: Vec<&'static str>,
}

/// Validated customisation, keyed by XML name.
#[derive(Debug, Clone, Default)]
pub struct Customisation {
    /// Per XML name (a named type, or a global element with an anonymous type).
    pub types: BTreeMap<QName, TypeCustom>,
}

impl Customisation {
    /// The customisation of a type or element, if any.
    pub fn get(&self, q: &QName) -> Option<&TypeCustom> {
        self.types.get(q)
    }

    /// The extern path for a named type, if any.
    pub fn extern_path(&self, q: &QName) -> Option<&str> {
        self.types.get(q)?.extern_path.as_deref()
    }

    /// The rename for a type, if any.
    pub fn rename(&self, q: &QName) -> Option<&str> {
        self.types.get(q)?.rename.as_deref()
    }
}

impl Customisation {
    /// A warning per key that matched no generated type (`matched`: the
    /// keys the planner used).
    pub fn unused(
        &self,
        matched: &std::collections::BTreeSet<QName>,
        fields: &std::collections::BTreeSet<(QName, String)>,
        schema: &crate::model::SchemaSet,
    ) -> Vec<String> {
        let unused_fields = self
            .types
            .iter()
            .filter(|(q, _)| matched.contains(*q))
            .flat_map(|(q, c)| {
                c.fields
                    .keys()
                    .filter(|l| !fields.contains(&((*q).clone(), (*l).clone())))
                    .map(move |l| {
                        format!(
                            "customisation `{q}` (rename_field `{l}`): the type has no element or \
                         attribute with local name `{l}`"
                        )
                    })
            });
        let unused_types = self
            .types
            .iter()
            .filter(|(q, _)| !matched.contains(*q))
            .map(|(q, c)| {
                let why = if schema.types.contains_key(q) || schema.elements.contains_key(q) {
                    "it is not used by the generated operations (or is a built-in or \
                     .NET serialization type)"
                } else {
                    "no type or global element has that name (keys are `{namespace}Local`)"
                };
                format!(
                    "customisation `{q}` ({}) matches no generated type: {why}",
                    c.options.join(", ")
                )
            });
        unused_types.chain(unused_fields).collect()
    }
}

impl Requests {
    pub(crate) fn attribute(&mut self, key: String, attr: String) {
        self.asks.push((key, Ask::Attribute(attr)));
    }
    pub(crate) fn derive(&mut self, key: String, derives: Vec<String>) {
        self.asks.push((key, Ask::Derive(derives)));
    }
    pub(crate) fn rename(&mut self, key: String, name: String) {
        self.asks.push((key, Ask::Rename(name)));
    }
    pub(crate) fn rename_field(&mut self, key: String, local: String, name: String) {
        self.asks.push((key, Ask::RenameField(local, name)));
    }
    pub(crate) fn extern_type(&mut self, key: String, path: String) {
        self.asks.push((key, Ask::Extern(path)));
    }

    /// Validates every request; all problems are reported together.
    pub(crate) fn resolve(&self) -> Result<Customisation, Error> {
        let mut out = Customisation::default();
        let mut problems = Vec::new();
        let mut bad = |message: String| {
            problems.push(Diagnostic {
                kind: ErrorKind::Customisation,
                loc: None,
                message,
            })
        };
        for (key, ask) in &self.asks {
            let opt = ask.option();
            let q = match parse_key(key) {
                Ok(q) => q,
                Err(why) => {
                    bad(format!("{opt}(\"{key}\"): {why}"));
                    continue;
                }
            };
            let c = out.types.entry(q).or_default();
            if !c.options.contains(&opt) {
                c.options.push(opt);
            }
            match ask {
                Ask::Attribute(a) => {
                    match syn::parse::Parser::parse_str(syn::Attribute::parse_outer, a) {
                        Ok(attrs) if !attrs.is_empty() => c.attributes.push(a.clone()),
                        Ok(_) => bad(format!("{opt}(\"{key}\", \"{a}\"): no attribute given")),
                        Err(e) => bad(format!(
                            "{opt}(\"{key}\", \"{a}\"): not Rust outer attributes \
                         (`#[...]`): {e}"
                        )),
                    }
                }
                Ask::Derive(ds) => {
                    if ds.is_empty() {
                        bad(format!("{opt}(\"{key}\"): no derive given"));
                    }
                    for d in ds {
                        match syn::parse_str::<syn::Path>(d) {
                            Ok(_) if !c.derives.contains(d) => c.derives.push(d.clone()),
                            Ok(_) => {}
                            Err(e) => bad(format!(
                                "{opt}(\"{key}\", \"{d}\"): not a derive macro path: {e}"
                            )),
                        }
                    }
                }
                Ask::Rename(n) => {
                    if let Some(old) = &c.rename {
                        if old != n {
                            bad(format!(
                                "{opt}(\"{key}\"): renamed twice, to `{old}` and to `{n}`"
                            ));
                        }
                    } else if !is_type_ident(n) {
                        bad(format!(
                            "{opt}(\"{key}\", \"{n}\"): not a usable type name (an \
                             identifier, not a keyword, not `_`)"
                        ));
                    } else {
                        c.rename = Some(n.clone());
                    }
                }
                Ask::RenameField(local, n) => {
                    let usable = n != "_" && n != "self" && syn::parse_str::<syn::Ident>(n).is_ok();
                    if !usable {
                        bad(format!(
                            "{opt}(\"{key}\", \"{local}\", \"{n}\"): not a usable field name (an \
                             identifier, not a keyword)"
                        ));
                    } else if c.fields.values().any(|v| v == n) {
                        bad(format!(
                            "{opt}(\"{key}\", \"{local}\", \"{n}\"): another field of the type \
                             is renamed to `{n}`"
                        ));
                    } else if let Some(old) = c.fields.insert(local.clone(), n.clone()) {
                        if &old != n {
                            bad(format!(
                                "{opt}(\"{key}\", \"{local}\"): renamed twice, to `{old}` and \
                                 to `{n}`"
                            ));
                        }
                    }
                }
                Ask::Extern(p) => {
                    let absolute = p.starts_with("::") || p.starts_with("crate::");
                    match syn::parse_str::<syn::Path>(p) {
                        Ok(_) if absolute => {
                            if c.extern_path.as_ref().is_some_and(|o| o != p) {
                                bad(format!("{opt}(\"{key}\"): mapped to two paths"));
                            }
                            c.extern_path = Some(p.clone());
                        }
                        Ok(_) => bad(format!(
                            "{opt}(\"{key}\", \"{p}\"): the path must be absolute \
                             (`crate::...` or `::other_crate::...`): generated code \
                             uses it from nested modules"
                        )),
                        Err(e) => bad(format!("{opt}(\"{key}\", \"{p}\"): not a type path: {e}")),
                    }
                }
            }
        }
        // An extern type is not generated: nothing else can apply to it.
        let mut renamed: BTreeMap<&str, &QName> = BTreeMap::new();
        for (q, c) in &out.types {
            if c.extern_path.is_some()
                && (c.rename.is_some()
                    || !c.attributes.is_empty()
                    || !c.derives.is_empty()
                    || !c.fields.is_empty())
            {
                bad(format!(
                    "`{q}` is an extern type: it is not generated, so renames, derives and \
                     attributes cannot apply to it"
                ));
            }
            if let Some(n) = &c.rename {
                if let Some(other) = renamed.insert(n, q) {
                    bad(format!("`{other}` and `{q}` are both renamed to `{n}`"));
                }
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Error {
                diagnostics: problems,
            })
        }
    }
}

/// `{namespace}Local` (or `Local` for no namespace) → QName.
fn parse_key(key: &str) -> Result<QName, String> {
    let (ns, local) = match key.strip_prefix('{') {
        Some(rest) => rest
            .split_once('}')
            .ok_or("expected `{namespace}Local`: no closing `}`")?,
        None => ("", key),
    };
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    if local.is_empty()
        || local.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        || !local.chars().all(name_char)
    {
        return Err(format!(
            "`{local}` is not an XML local name (expected `{{namespace}}Local`)"
        ));
    }
    Ok(QName::new(ns, local))
}

/// An identifier usable as a type name.
fn is_type_ident(n: &str) -> bool {
    n != "_" && n != "Self" && syn::parse_str::<syn::Ident>(n).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(f: impl FnOnce(&mut Requests)) -> Result<Customisation, Error> {
        let mut r = Requests::default();
        f(&mut r);
        r.resolve()
    }

    #[test]
    fn valid_requests_resolve_by_qname() {
        let c = one(|r| {
            r.attribute("{urn:x}Order".into(), "#[derive(Hash)] #[repr(C)]".into());
            r.derive(
                "{urn:x}Order".into(),
                vec!["Eq".into(), "::serde::Serialize".into()],
            );
            r.rename("{urn:x}Order".into(), "PurchaseOrder".into());
            r.extern_type("Money".into(), "crate::money::Money".into());
        })
        .unwrap();
        let order = c.get(&QName::new("urn:x", "Order")).unwrap();
        assert_eq!(order.derives, ["Eq", "::serde::Serialize"]);
        assert_eq!(order.rename.as_deref(), Some("PurchaseOrder"));
        assert_eq!(
            c.extern_path(&QName::new("", "Money")),
            Some("crate::money::Money")
        );
    }

    #[test]
    fn invalid_requests_are_typed_errors_all_reported() {
        let e = one(|r| {
            r.attribute("{urn:x}A".into(), "derive(Hash)".into());
            r.attribute("{urn:x}A".into(), "#[x] fn f() {}".into());
            r.derive("{urn:x}A".into(), vec!["Hash Eq".into()]);
            r.rename("{urn:x}B".into(), "fn".into());
            r.rename("{urn:x".into(), "X".into());
            r.extern_type("{urn:x}C".into(), "money::Money".into());
            r.rename("{urn:x}D".into(), "Same".into());
            r.rename("{urn:x}E".into(), "Same".into());
        })
        .unwrap_err();
        assert!(e
            .diagnostics
            .iter()
            .all(|d| d.kind == ErrorKind::Customisation));
        let text = e.to_string();
        for part in [
            "derive(Hash)",
            "fn f()",
            "Hash Eq",
            "\"fn\"",
            "no closing",
            "must be absolute",
            "both renamed to `Same`",
        ] {
            assert!(text.contains(part), "{part} not in {text}");
        }
        assert_eq!(e.diagnostics.len(), 7, "{text}");
    }

    #[test]
    fn extern_types_take_no_other_customisation() {
        let e = one(|r| {
            r.extern_type("{urn:x}C".into(), "::m::C".into());
            r.derive("{urn:x}C".into(), vec!["Hash".into()]);
        })
        .unwrap_err();
        assert!(e.to_string().contains("is an extern type"), "{e}");
    }
}
