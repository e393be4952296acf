//! `xs:schema` → components of the [`SchemaSet`](crate::model::SchemaSet).
//!
//! Names: global components take the schema's target namespace; local
//! elements and attributes take it only when qualified (`form`, else
//! `elementFormDefault` / `attributeFormDefault`). A chameleon include (a
//! schema without targetNamespace included into one with) takes the
//! includer's namespace, also for its own no-namespace references.
//!
//! This file reads the schema level (imports, includes, global components);
//! [`super::xsd_types`] reads type definitions and particles. Recursion
//! follows the nesting of the schema and stops at [`MAX_DEPTH`] (`too-deep`).

use std::sync::Arc;

use roxmltree::Node;

use super::check::{self, Space};
use super::loader::Source;
use super::xsd_types::{attribute_decl, attribute_items, complex_type, particle, simple_type};
use super::{children_in, docs, is_true, ImportKind, Pending, RefKind, State};
use crate::error::ErrorKind;
use crate::model::*;

/// Deepest nesting of schema elements read.
pub(crate) const MAX_DEPTH: u32 = 256;

/// Facets kept as name/value (enumerations are kept separately).
pub(super) const FACETS: &[&str] = &[
    "length",
    "minLength",
    "maxLength",
    "pattern",
    "whiteSpace",
    "maxInclusive",
    "maxExclusive",
    "minInclusive",
    "minExclusive",
    "totalDigits",
    "fractionDigits",
];

/// Per-schema-document context.
pub(super) struct Cx<'s> {
    pub src: &'s Source,
    pub tns: Arc<str>,
    pub elem_qualified: bool,
    pub attr_qualified: bool,
    /// `Some(tns)` in a chameleon include.
    pub chameleon: Option<Arc<str>>,
    /// Inside `xs:redefine`.
    pub redefine: bool,
}

pub(super) fn xs_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    children_in(node, XSD_NS)
}

pub(super) fn xs_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    xs_children(node).find(|c| c.tag_name().name() == name)
}

/// `xs:annotation/xs:documentation` text.
pub(super) fn doc_of(node: Node<'_, '_>) -> Option<String> {
    let ann = xs_child(node, "annotation")?;
    docs::join(
        xs_children(ann)
            .filter(|c| c.tag_name().name() == "documentation")
            .filter_map(docs::text_of),
    )
}

pub(super) fn any_type() -> TypeRef {
    TypeRef::Named(QName::new(XSD_NS, "anyType"))
}

pub(super) fn any_simple_type() -> TypeRef {
    TypeRef::Named(QName::new(XSD_NS, "anySimpleType"))
}

/// Reads one `xs:schema` element (a schema document's root, or inline in
/// `wsdl:types`). `chameleon`: the includer's namespace for a schema without
/// targetNamespace.
pub(crate) fn read_schema(
    st: &mut State<'_>,
    src: &Source,
    schema: Node<'_, '_>,
    chameleon: Option<Arc<str>>,
) {
    let own = schema.attribute("targetNamespace").map(str::trim);
    let tns = match (own, &chameleon) {
        (Some(t), _) => st.intern(t),
        (None, Some(c)) => c.clone(),
        (None, None) => st.intern(""),
    };
    let chameleon = if own.is_none() { chameleon } else { None };
    let cx = Cx {
        src,
        tns: tns.clone(),
        elem_qualified: schema.attribute("elementFormDefault").map(str::trim) == Some("qualified"),
        attr_qualified: schema.attribute("attributeFormDefault").map(str::trim)
            == Some("qualified"),
        chameleon,
        redefine: false,
    };
    for child in xs_children(schema) {
        top_level(st, &cx, child);
    }
}

fn top_level(st: &mut State<'_>, cx: &Cx<'_>, child: Node<'_, '_>) {
    let src = cx.src;
    match child.tag_name().name() {
        "import" => {
            if let Some(loc) = child.attribute("schemaLocation") {
                st.enqueue(Pending {
                    location: loc.to_string(),
                    base: src.base.clone(),
                    from: src.loc(child),
                    kind: ImportKind::Schema,
                    namespace: Some(
                        child
                            .attribute("namespace")
                            .unwrap_or("")
                            .trim()
                            .to_string(),
                    ),
                });
            }
        }
        name @ ("include" | "redefine") => {
            let redefine = name == "redefine";
            match child.attribute("schemaLocation") {
                Some(loc) => st.enqueue(Pending {
                    location: loc.to_string(),
                    base: src.base.clone(),
                    from: src.loc(child),
                    kind: ImportKind::Include {
                        tns: cx.tns.clone(),
                    },
                    namespace: Some(cx.tns.to_string()),
                }),
                None => st.diag(
                    ErrorKind::Unsupported,
                    src.loc(child),
                    format!("xs:{name} without schemaLocation"),
                ),
            }
            if redefine {
                st.warn(
                    src.loc(child),
                    "xs:redefine is treated like xs:include: the redefinitions replace the \
                     original components (those derived from themselves are ignored)",
                );
                let inner = Cx {
                    src: cx.src,
                    tns: cx.tns.clone(),
                    elem_qualified: cx.elem_qualified,
                    attr_qualified: cx.attr_qualified,
                    chameleon: cx.chameleon.clone(),
                    redefine: true,
                };
                // Only redefinitions: no nested include/redefine (no recursion).
                for c in xs_children(child).filter(|c| {
                    matches!(
                        c.tag_name().name(),
                        "complexType" | "simpleType" | "group" | "attributeGroup"
                    )
                }) {
                    top_level(st, &inner, c);
                }
            }
        }
        "element" => global_element(st, cx, child),
        kind @ ("complexType" | "simpleType") => {
            let Some(name) = global_name(st, cx, child) else {
                return;
            };
            let def = if kind == "complexType" {
                TypeDef::Complex(Box::new(complex_type(st, cx, child, Some(name.clone()), 1)))
            } else {
                TypeDef::Simple(simple_type(st, cx, child, Some(name.clone()), 1))
            };
            let loc = src.loc(child);
            if cx.redefine && derives_from_itself(&def, &name) {
                // A redefinition refers to the original by its own name: keep
                // the original (replacing it would make the type its own base).
                st.warn(
                    loc,
                    format!("redefinition of `{name}` derives from the original: ignored"),
                );
                return;
            }
            let map = &mut st.model.schema.types;
            check::insert(
                map,
                &mut st.diags,
                &mut st.redefined,
                Space::Type,
                name,
                def,
                loc,
                cx.redefine,
            );
        }
        "group" => {
            let Some(name) = global_name(st, cx, child) else {
                return;
            };
            let loc = src.loc(child);
            let particle = xs_children(child)
                .find(|c| matches!(c.tag_name().name(), "sequence" | "choice" | "all"))
                .and_then(|c| particle(st, cx, c, 1))
                .unwrap_or_else(|| Particle {
                    min: 1,
                    max: MaxOccurs::Bounded(1),
                    term: Term::Sequence(Vec::new()),
                    loc: loc.clone(),
                });
            if cx.redefine && refers_to_group(&particle, &name) {
                st.warn(
                    loc,
                    format!("redefinition of group `{name}` refers to the original: ignored"),
                );
                return;
            }
            let def = ModelGroupDef {
                name: name.clone(),
                particle,
                loc: loc.clone(),
            };
            let map = &mut st.model.schema.groups;
            check::insert(
                map,
                &mut st.diags,
                &mut st.redefined,
                Space::Group,
                name,
                def,
                loc,
                cx.redefine,
            );
        }
        "attributeGroup" => {
            let Some(name) = global_name(st, cx, child) else {
                return;
            };
            let loc = src.loc(child);
            let (attributes, any_attribute) = attribute_items(st, cx, child, 1);
            let self_ref = attributes
                .iter()
                .any(|a| matches!(a, AttributeItem::GroupRef(g, _) if *g == name));
            if cx.redefine && self_ref {
                st.warn(
                    loc,
                    format!(
                        "redefinition of attribute group `{name}` refers to the original: ignored"
                    ),
                );
                return;
            }
            let def = AttributeGroupDef {
                name: name.clone(),
                attributes,
                any_attribute,
                loc: loc.clone(),
            };
            let map = &mut st.model.schema.attribute_groups;
            check::insert(
                map,
                &mut st.diags,
                &mut st.redefined,
                Space::AttributeGroup,
                name,
                def,
                loc,
                cx.redefine,
            );
        }
        "attribute" => {
            let Some(name) = global_name(st, cx, child) else {
                return;
            };
            let loc = src.loc(child);
            let mut decl = attribute_decl(st, cx, child, name.clone(), 1);
            decl.loc = loc.clone();
            let map = &mut st.model.schema.attributes;
            check::insert(
                map,
                &mut st.diags,
                &mut st.redefined,
                Space::Attribute,
                name,
                decl,
                loc,
                false,
            );
        }
        _ => {}
    }
}

/// Whether a type's base is the type itself (`xs:redefine` of `T` extending `T`).
fn derives_from_itself(def: &TypeDef, name: &QName) -> bool {
    match def {
        TypeDef::Complex(c) => match &c.content {
            ComplexContent::Extension { base, .. } | ComplexContent::Restriction { base, .. } => {
                base == name
            }
            ComplexContent::Simple {
                base: TypeRef::Named(base),
                ..
            } => base == name,
            _ => false,
        },
        TypeDef::Simple(s) => {
            matches!(&s.variety, SimpleVariety::Restriction { base: TypeRef::Named(base), .. } if base == name)
        }
    }
}

/// Whether a particle refers to group `name` (depth is bounded by parsing).
fn refers_to_group(p: &Particle, name: &QName) -> bool {
    match &p.term {
        Term::GroupRef(g) => g == name,
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            items.iter().any(|i| refers_to_group(i, name))
        }
        _ => false,
    }
}

/// `name=` of a global component, in the target namespace.
fn global_name(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> Option<QName> {
    match node.attribute("name").map(str::trim) {
        Some(n) if !n.is_empty() => Some(QName {
            ns: cx.tns.clone(),
            local: Arc::from(n),
        }),
        _ => {
            let what = node.tag_name().name();
            st.diag(
                ErrorKind::Unsupported,
                cx.src.loc(node),
                format!("global xs:{what} without name="),
            );
            None
        }
    }
}

/// The depth guard: `false` (and an error) when nesting is too deep.
pub(super) fn depth_ok(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> bool {
    if depth > MAX_DEPTH {
        st.diag(
            ErrorKind::TooDeep,
            cx.src.loc(node),
            format!("schema components nested deeper than {MAX_DEPTH} levels"),
        );
        return false;
    }
    true
}

pub(super) fn type_ref(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    attr: &str,
) -> Option<QName> {
    st.qname_ref(cx.src, node, attr, RefKind::Type, cx.chameleon.as_ref())
}

/// The type of an element: `type=`, an inline type, or `None` when neither.
pub(super) fn element_type(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    depth: u32,
) -> Option<TypeRef> {
    if node.attribute("type").is_some() {
        return Some(type_ref(st, cx, node, "type").map_or_else(any_type, TypeRef::Named));
    }
    let inline =
        xs_children(node).find(|c| matches!(c.tag_name().name(), "complexType" | "simpleType"))?;
    Some(anonymous(st, cx, inline, depth + 1))
}

pub(super) fn anonymous(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    depth: u32,
) -> TypeRef {
    let def = if node.tag_name().name() == "complexType" {
        TypeDef::Complex(Box::new(complex_type(st, cx, node, None, depth)))
    } else {
        TypeDef::Simple(simple_type(st, cx, node, None, depth))
    };
    TypeRef::Anonymous(Box::new(def))
}

fn global_element(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) {
    let Some(name) = global_name(st, cx, node) else {
        return;
    };
    let explicit = element_type(st, cx, node, 1);
    if explicit.is_none() && node.attribute("substitutionGroup").is_some() {
        st.untyped_elements.push(name.clone());
    }
    let heads = st.qname_list_ref(
        cx.src,
        node,
        "substitutionGroup",
        RefKind::Element,
        cx.chameleon.as_ref(),
    );
    let loc = cx.src.loc(node);
    let decl = ElementDecl {
        name: name.clone(),
        ty: explicit.unwrap_or_else(any_type),
        nillable: is_true(node.attribute("nillable")),
        is_abstract: is_true(node.attribute("abstract")),
        substitution_group: heads.into_iter().next(),
        default: node.attribute("default").map(str::to_string),
        fixed: node.attribute("fixed").map(str::to_string),
        doc: doc_of(node),
        loc: loc.clone(),
    };
    let map = &mut st.model.schema.elements;
    check::insert(
        map,
        &mut st.diags,
        &mut st.redefined,
        Space::Element,
        name,
        decl,
        loc,
        false,
    );
}

/// After all schemas are read: substitution groups, and the type of
/// untyped substitution group members (their head's type).
pub(crate) fn finish(st: &mut State<'_>) {
    let schema = &mut st.model.schema;
    let mut subs: std::collections::BTreeMap<QName, Vec<QName>> = Default::default();
    for e in schema.elements.values() {
        if let Some(head) = &e.substitution_group {
            subs.entry(head.clone()).or_default().push(e.name.clone());
        }
    }
    for members in subs.values_mut() {
        members.sort();
        members.dedup();
    }
    schema.substitutions = subs;
    let untyped: std::collections::HashSet<QName> = std::mem::take(&mut st.untyped_elements)
        .into_iter()
        .collect();
    for name in &untyped {
        // The nearest head with a type of its own (bounded: cycles stop).
        let mut cur = name.clone();
        let mut ty = None;
        for _ in 0..64 {
            let Some(head) = schema
                .elements
                .get(&cur)
                .and_then(|e| e.substitution_group.clone())
            else {
                break;
            };
            let Some(h) = schema.elements.get(&head) else {
                break;
            };
            if !untyped.contains(&head) {
                ty = Some(h.ty.clone());
                break;
            }
            cur = head;
        }
        if let (Some(ty), Some(e)) = (ty, schema.elements.get_mut(name)) {
            e.ty = ty;
        }
    }
}
