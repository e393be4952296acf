//! `xs:schema` → components of the [`SchemaSet`](crate::model::SchemaSet).
//!
//! Names: global components take the schema's target namespace; local
//! elements and attributes take it only when qualified (`form`, else
//! `elementFormDefault` / `attributeFormDefault`). A chameleon include (a
//! schema without targetNamespace included into one with) takes the
//! includer's namespace, also for its own no-namespace references.
//!
//! Recursion follows the nesting of the schema and stops at
//! [`MAX_DEPTH`] (`too-deep`).

use std::sync::Arc;

use roxmltree::Node;

use super::check::{self, Space};
use super::loader::Source;
use super::{children_in, docs, is_true, ImportKind, Pending, RefKind, State, WSDL_NS};
use crate::error::ErrorKind;
use crate::model::*;

/// Deepest nesting of schema elements read.
pub(crate) const MAX_DEPTH: u32 = 256;

/// Facets kept as name/value (enumerations are kept separately).
const FACETS: &[&str] = &[
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
struct Cx<'s> {
    src: &'s Source,
    tns: Arc<str>,
    elem_qualified: bool,
    attr_qualified: bool,
    /// `Some(tns)` in a chameleon include.
    chameleon: Option<Arc<str>>,
    /// Inside `xs:redefine`.
    redefine: bool,
}

fn xs_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    children_in(node, XSD_NS)
}

fn xs_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    xs_children(node).find(|c| c.tag_name().name() == name)
}

/// `xs:annotation/xs:documentation` text.
fn doc_of(node: Node<'_, '_>) -> Option<String> {
    let ann = xs_child(node, "annotation")?;
    docs::join(
        xs_children(ann)
            .filter(|c| c.tag_name().name() == "documentation")
            .filter_map(docs::text_of),
    )
}

fn any_type() -> TypeRef {
    TypeRef::Named(QName::new(XSD_NS, "anyType"))
}

fn any_simple_type() -> TypeRef {
    TypeRef::Named(QName::new(XSD_NS, "anySimpleType"))
}

/// Reads one `xs:schema` element (a schema document's root, or inline in
/// `wsdl:types`). `chameleon`: the includer's namespace for a schema without
/// targetNamespace; `redefine`: the document was reached by `xs:redefine`.
pub(crate) fn read_schema(
    st: &mut State<'_>,
    src: &Source,
    schema: Node<'_, '_>,
    chameleon: Option<Arc<str>>,
    _redefine: bool,
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
                    namespace: Some(child.attribute("namespace").unwrap_or("").trim().to_string()),
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
                    kind: ImportKind::Include { tns: cx.tns.clone(), redefine },
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
                     original components",
                );
                let inner = Cx { redefine: true, chameleon: cx.chameleon.clone(), ..*cx };
                for c in xs_children(child) {
                    top_level(st, &inner, c);
                }
            }
        }
        "element" => global_element(st, cx, child),
        kind @ ("complexType" | "simpleType") => {
            let Some(name) = global_name(st, cx, child) else { return };
            let def = if kind == "complexType" {
                TypeDef::Complex(complex_type(st, cx, child, Some(name.clone()), 1))
            } else {
                TypeDef::Simple(simple_type(st, cx, child, Some(name.clone()), 1))
            };
            let loc = src.loc(child);
            let map = &mut st.model.schema.types;
            check::insert(map, &mut st.diags, &mut st.redefined, Space::Type, name, def, loc, cx.redefine);
        }
        "group" => {
            let Some(name) = global_name(st, cx, child) else { return };
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
            let def = ModelGroupDef { name: name.clone(), particle, loc: loc.clone() };
            let map = &mut st.model.schema.groups;
            check::insert(map, &mut st.diags, &mut st.redefined, Space::Group, name, def, loc, cx.redefine);
        }
        "attributeGroup" => {
            let Some(name) = global_name(st, cx, child) else { return };
            let loc = src.loc(child);
            let (attributes, any_attribute) = attribute_items(st, cx, child, 1);
            let def = AttributeGroupDef { name: name.clone(), attributes, any_attribute, loc: loc.clone() };
            let map = &mut st.model.schema.attribute_groups;
            check::insert(map, &mut st.diags, &mut st.redefined, Space::AttributeGroup, name, def, loc, cx.redefine);
        }
        "attribute" => {
            let Some(name) = global_name(st, cx, child) else { return };
            let loc = src.loc(child);
            let mut decl = attribute_decl(st, cx, child, name.clone(), 1);
            decl.loc = loc.clone();
            let map = &mut st.model.schema.attributes;
            check::insert(map, &mut st.diags, &mut st.redefined, Space::Attribute, name, decl, loc, false);
        }
        _ => {}
    }
}

/// `name=` of a global component, in the target namespace.
fn global_name(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> Option<QName> {
    match node.attribute("name").map(str::trim) {
        Some(n) if !n.is_empty() => Some(QName { ns: cx.tns.clone(), local: Arc::from(n) }),
        _ => {
            let what = node.tag_name().name();
            st.diag(ErrorKind::Unsupported, cx.src.loc(node), format!("global xs:{what} without name="));
            None
        }
    }
}

/// The depth guard: `false` (and an error) when nesting is too deep.
fn depth_ok(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> bool {
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

fn type_ref(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, attr: &str) -> Option<QName> {
    st.qname_ref(cx.src, node, attr, RefKind::Type, cx.chameleon.as_ref())
}

/// The type of an element: `type=`, an inline type, or `None` when neither.
fn element_type(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> Option<TypeRef> {
    if node.attribute("type").is_some() {
        return Some(type_ref(st, cx, node, "type").map_or_else(any_type, TypeRef::Named));
    }
    let inline = xs_children(node).find(|c| matches!(c.tag_name().name(), "complexType" | "simpleType"))?;
    Some(anonymous(st, cx, inline, depth + 1))
}

fn anonymous(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> TypeRef {
    let def = if node.tag_name().name() == "complexType" {
        TypeDef::Complex(complex_type(st, cx, node, None, depth))
    } else {
        TypeDef::Simple(simple_type(st, cx, node, None, depth))
    };
    TypeRef::Anonymous(Box::new(def))
}

fn global_element(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) {
    let Some(name) = global_name(st, cx, node) else { return };
    let explicit = element_type(st, cx, node, 1);
    if explicit.is_none() && node.attribute("substitutionGroup").is_some() {
        st.untyped_elements.push(name.clone());
    }
    let heads = st.qname_list_ref(cx.src, node, "substitutionGroup", RefKind::Element, cx.chameleon.as_ref());
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
    check::insert(map, &mut st.diags, &mut st.redefined, Space::Element, name, decl, loc, false);
}

/// `minOccurs` / `maxOccurs`.
fn occurs(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> (u32, MaxOccurs) {
    let mut parse = |attr: &str| -> Option<u32> {
        let v = node.attribute(attr)?.trim();
        if v == "unbounded" && attr == "maxOccurs" {
            return None;
        }
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            // Large bounds are tolerated (clamped): they only mean "many".
            return Some(v.parse::<u64>().map_or(u32::MAX, |n| n.min(u32::MAX as u64) as u32));
        }
        let loc = cx.src.attr_loc(node, attr);
        st.diag(ErrorKind::Unsupported, loc, format!("invalid {attr}=\"{v}\" (expected a non-negative integer{})", if attr == "maxOccurs" { " or `unbounded`" } else { "" }));
        Some(1)
    };
    let min = if node.attribute("minOccurs").is_some() { parse("minOccurs").unwrap_or(1) } else { 1 };
    let max = match node.attribute("maxOccurs") {
        None => MaxOccurs::Bounded(1),
        Some(_) => parse("maxOccurs").map_or(MaxOccurs::Unbounded, MaxOccurs::Bounded),
    };
    (min, max)
}

/// A particle: local element, element ref, sequence/choice/all, group ref, any.
fn particle(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> Option<Particle> {
    if !depth_ok(st, cx, node, depth) {
        return None;
    }
    let loc = cx.src.loc(node);
    let term = match node.tag_name().name() {
        "element" => {
            if node.attribute("ref").is_some() {
                let q = st.qname_ref(cx.src, node, "ref", RefKind::Element, cx.chameleon.as_ref())?;
                Term::ElementRef(q)
            } else {
                Term::Element(local_element(st, cx, node, depth)?)
            }
        }
        kind @ ("sequence" | "choice" | "all") => {
            let items = xs_children(node).filter_map(|c| particle(st, cx, c, depth + 1)).collect();
            match kind {
                "sequence" => Term::Sequence(items),
                "choice" => Term::Choice(items),
                _ => Term::All(items),
            }
        }
        "group" => Term::GroupRef(st.qname_ref(cx.src, node, "ref", RefKind::Group, cx.chameleon.as_ref())?),
        "any" => Term::Any {
            namespace: node.attribute("namespace").unwrap_or("##any").trim().to_string(),
            process_contents: node.attribute("processContents").unwrap_or("strict").trim().to_string(),
        },
        _ => return None,
    };
    let (min, max) = occurs(st, cx, node);
    Some(Particle { min, max, term, loc })
}

fn local_element(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> Option<LocalElement> {
    let loc = cx.src.loc(node);
    let Some(name) = node.attribute("name").map(str::trim).filter(|n| !n.is_empty()) else {
        st.diag(ErrorKind::Unsupported, loc, "local xs:element without name= or ref=");
        return None;
    };
    let qualified = match node.attribute("form").map(str::trim) {
        Some("qualified") => true,
        Some("unqualified") => false,
        _ => cx.elem_qualified,
    };
    let ns = if qualified { cx.tns.clone() } else { st.intern("") };
    Some(LocalElement {
        name: QName { ns, local: Arc::from(name) },
        ty: element_type(st, cx, node, depth).unwrap_or_else(any_type),
        nillable: is_true(node.attribute("nillable")),
        default: node.attribute("default").map(str::to_string),
        fixed: node.attribute("fixed").map(str::to_string),
        doc: doc_of(node),
        loc,
    })
}

/// Attributes, attribute group refs and `anyAttribute` among `node`'s children.
fn attribute_items(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> (Vec<AttributeItem>, bool) {
    let mut items = Vec::new();
    let mut any = false;
    for c in xs_children(node) {
        let loc = cx.src.loc(c);
        match c.tag_name().name() {
            "attribute" if c.attribute("ref").is_some() => {
                let Some(name) = st.qname_ref(cx.src, c, "ref", RefKind::Attribute, cx.chameleon.as_ref()) else { continue };
                let use_ = c.attribute("use").map(str::trim);
                items.push(AttributeItem::Ref {
                    name,
                    required: use_ == Some("required"),
                    default: c.attribute("default").map(str::to_string),
                    fixed: c.attribute("fixed").map(str::to_string),
                    loc,
                });
            }
            "attribute" => {
                let Some(local) = c.attribute("name").map(str::trim).filter(|n| !n.is_empty()) else {
                    st.diag(ErrorKind::Unsupported, loc, "xs:attribute without name= or ref=");
                    continue;
                };
                let qualified = match c.attribute("form").map(str::trim) {
                    Some("qualified") => true,
                    Some("unqualified") => false,
                    _ => cx.attr_qualified,
                };
                let ns = if qualified { cx.tns.clone() } else { st.intern("") };
                let decl = attribute_decl(st, cx, c, QName { ns, local: Arc::from(local) }, depth + 1);
                items.push(AttributeItem::Attribute(decl));
            }
            "attributeGroup" => {
                if let Some(q) = st.qname_ref(cx.src, c, "ref", RefKind::AttributeGroup, cx.chameleon.as_ref()) {
                    items.push(AttributeItem::GroupRef(q, loc));
                }
            }
            "anyAttribute" => any = true,
            _ => {}
        }
    }
    (items, any)
}

fn attribute_decl(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, name: QName, depth: u32) -> AttributeDecl {
    let ty = if node.attribute("type").is_some() {
        type_ref(st, cx, node, "type").map_or_else(any_simple_type, TypeRef::Named)
    } else if let Some(inline) = xs_child(node, "simpleType") {
        if depth_ok(st, cx, inline, depth + 1) {
            anonymous(st, cx, inline, depth + 1)
        } else {
            any_simple_type()
        }
    } else {
        any_simple_type()
    };
    let use_ = node.attribute("use").map(str::trim);
    AttributeDecl {
        name,
        ty,
        required: use_ == Some("required"),
        prohibited: use_ == Some("prohibited"),
        default: node.attribute("default").map(str::to_string),
        fixed: node.attribute("fixed").map(str::to_string),
        doc: doc_of(node),
        loc: cx.src.loc(node),
    }
}

/// The first particle child (sequence / choice / all / group).
fn content_particle(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, depth: u32) -> Option<Particle> {
    let c = xs_children(node).find(|c| matches!(c.tag_name().name(), "sequence" | "choice" | "all" | "group"))?;
    particle(st, cx, c, depth + 1)
}

fn complex_type(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, name: Option<QName>, depth: u32) -> ComplexType {
    let mut ct = ComplexType {
        name,
        doc: doc_of(node),
        loc: cx.src.loc(node),
        is_abstract: is_true(node.attribute("abstract")),
        mixed: is_true(node.attribute("mixed")),
        content: ComplexContent::Empty,
        attributes: Vec::new(),
        any_attribute: false,
        array_type: None,
    };
    if !depth_ok(st, cx, node, depth) {
        return ct;
    }
    for c in xs_children(node) {
        match c.tag_name().name() {
            kind @ ("simpleContent" | "complexContent") => {
                if kind == "complexContent" && is_true(c.attribute("mixed")) {
                    ct.mixed = true;
                }
                let Some(d) = xs_children(c).find(|d| matches!(d.tag_name().name(), "extension" | "restriction")) else {
                    st.diag(ErrorKind::Unsupported, cx.src.loc(c), format!("xs:{kind} without xs:extension or xs:restriction"));
                    continue;
                };
                let restriction = d.tag_name().name() == "restriction";
                let base = type_ref(st, cx, d, "base").unwrap_or_else(|| QName::new(XSD_NS, "anyType"));
                let (attrs, any) = attribute_items(st, cx, d, depth + 1);
                ct.attributes.extend(attrs);
                ct.any_attribute |= any;
                ct.content = if kind == "simpleContent" {
                    ComplexContent::Simple { base: TypeRef::Named(base), restriction }
                } else {
                    let particle = content_particle(st, cx, d, depth + 1);
                    if restriction {
                        ct.array_type = array_type(st, cx, d);
                        ComplexContent::Restriction { base, particle }
                    } else {
                        ComplexContent::Extension { base, particle }
                    }
                };
            }
            "sequence" | "choice" | "all" | "group" => {
                if let Some(p) = particle(st, cx, c, depth + 1) {
                    ct.content = ComplexContent::Particle(p);
                }
            }
            _ => {}
        }
    }
    let (attrs, any) = attribute_items(st, cx, node, depth + 1);
    ct.attributes.extend(attrs);
    ct.any_attribute |= any;
    ct
}

/// `wsdl:arrayType="tns:Item[]"` on an attribute of a SOAP-ENC array restriction.
fn array_type(st: &mut State<'_>, cx: &Cx<'_>, restriction: Node<'_, '_>) -> Option<ArrayType> {
    for a in xs_children(restriction).filter(|c| c.tag_name().name() == "attribute") {
        let Some(attr) = a
            .attributes()
            .find(|at| at.name() == "arrayType" && matches!(at.namespace(), Some(WSDL_NS) | Some(SOAP_ENC_NS)))
        else {
            continue;
        };
        let value = attr.value().trim();
        let split = value.find('[').unwrap_or(value.len());
        let (written, dims) = value.split_at(split);
        let item = st.resolve_qname(cx.src, a, attr.name(), written.trim(), cx.chameleon.as_ref())?;
        let loc = cx.src.loc_at(attr.range_qname().start);
        st.refs.push(super::RefRec { kind: RefKind::Type, name: item.clone(), written: written.trim().to_string(), loc });
        return Some(ArrayType { item, dims: dims.trim().to_string() });
    }
    None
}

fn simple_type(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>, name: Option<QName>, depth: u32) -> SimpleType {
    let loc = cx.src.loc(node);
    let doc = doc_of(node);
    let mut variety = None;
    if depth_ok(st, cx, node, depth) {
        for c in xs_children(node) {
            match c.tag_name().name() {
                "restriction" => {
                    let base = if c.attribute("base").is_some() {
                        type_ref(st, cx, c, "base").map_or_else(any_simple_type, TypeRef::Named)
                    } else if let Some(inline) = xs_child(c, "simpleType") {
                        anonymous(st, cx, inline, depth + 1)
                    } else {
                        any_simple_type()
                    };
                    let mut enumerations = Vec::new();
                    let mut facets = Vec::new();
                    for f in xs_children(c) {
                        let fname = f.tag_name().name();
                        let value = f.attribute("value").unwrap_or("").to_string();
                        if fname == "enumeration" {
                            enumerations.push(EnumValue { value, doc: doc_of(f) });
                        } else if FACETS.contains(&fname) {
                            facets.push((fname.to_string(), value));
                        }
                    }
                    variety = Some(SimpleVariety::Restriction { base, enumerations, facets });
                }
                "list" => {
                    let item = if c.attribute("itemType").is_some() {
                        type_ref(st, cx, c, "itemType").map_or_else(any_simple_type, TypeRef::Named)
                    } else if let Some(inline) = xs_child(c, "simpleType") {
                        anonymous(st, cx, inline, depth + 1)
                    } else {
                        any_simple_type()
                    };
                    variety = Some(SimpleVariety::List { item });
                }
                "union" => {
                    let mut members: Vec<TypeRef> = st
                        .qname_list_ref(cx.src, c, "memberTypes", RefKind::Type, cx.chameleon.as_ref())
                        .into_iter()
                        .map(TypeRef::Named)
                        .collect();
                    for inline in xs_children(c).filter(|m| m.tag_name().name() == "simpleType") {
                        members.push(anonymous(st, cx, inline, depth + 1));
                    }
                    variety = Some(SimpleVariety::Union { members });
                }
                _ => {}
            }
        }
        if variety.is_none() {
            st.diag(ErrorKind::Unsupported, loc.clone(), "xs:simpleType without xs:restriction, xs:list or xs:union");
        }
    }
    let variety = variety.unwrap_or(SimpleVariety::Restriction {
        base: any_simple_type(),
        enumerations: Vec::new(),
        facets: Vec::new(),
    });
    SimpleType { name, doc, loc, variety }
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
    let untyped: std::collections::HashSet<QName> =
        std::mem::take(&mut st.untyped_elements).into_iter().collect();
    for name in &untyped {
        // The nearest head with a type of its own (bounded: cycles stop).
        let mut cur = name.clone();
        let mut ty = None;
        for _ in 0..64 {
            let Some(head) = schema.elements.get(&cur).and_then(|e| e.substitution_group.clone())
            else {
                break;
            };
            let Some(h) = schema.elements.get(&head) else { break };
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
