//! Type definitions and their content: `xs:complexType`, `xs:simpleType`,
//! particles (local elements, element refs, sequence / choice / all, group
//! refs, wildcards) and attribute uses. Nesting is bounded by
//! [`MAX_DEPTH`](super::xsd::MAX_DEPTH).

use std::sync::Arc;

use roxmltree::Node;

use super::xsd::{
    anonymous, any_simple_type, any_type, depth_ok, doc_of, element_type, type_ref, xs_child,
    xs_children, Cx, FACETS,
};
use super::{is_true, RefKind, RefRec, State, WSDL_NS};
use crate::error::ErrorKind;
use crate::model::*;

/// `minOccurs` / `maxOccurs`.
pub(super) fn occurs(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> (u32, MaxOccurs) {
    let mut parse = |attr: &str| -> Option<u32> {
        let v = node.attribute(attr)?.trim();
        if v == "unbounded" && attr == "maxOccurs" {
            return None;
        }
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            // Large bounds are tolerated (clamped): they only mean "many".
            return Some(
                v.parse::<u64>()
                    .map_or(u32::MAX, |n| n.min(u32::MAX as u64) as u32),
            );
        }
        let loc = cx.src.attr_loc(node, attr);
        st.diag(
            ErrorKind::Unsupported,
            loc,
            format!(
                "invalid {attr}=\"{v}\" (expected a non-negative integer{})",
                if attr == "maxOccurs" {
                    " or `unbounded`"
                } else {
                    ""
                }
            ),
        );
        Some(1)
    };
    let min = if node.attribute("minOccurs").is_some() {
        parse("minOccurs").unwrap_or(1)
    } else {
        1
    };
    let max = match node.attribute("maxOccurs") {
        None => MaxOccurs::Bounded(1),
        Some(_) => parse("maxOccurs").map_or(MaxOccurs::Unbounded, MaxOccurs::Bounded),
    };
    (min, max)
}

/// A particle: local element, element ref, sequence/choice/all, group ref, any.
pub(super) fn particle(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    depth: u32,
) -> Option<Particle> {
    if !depth_ok(st, cx, node, depth) {
        return None;
    }
    let loc = cx.src.loc(node);
    let term = match node.tag_name().name() {
        "element" => {
            if node.attribute("ref").is_some() {
                let q =
                    st.qname_ref(cx.src, node, "ref", RefKind::Element, cx.chameleon.as_ref())?;
                Term::ElementRef(q)
            } else {
                Term::Element(local_element(st, cx, node, depth)?)
            }
        }
        kind @ ("sequence" | "choice" | "all") => {
            let items = xs_children(node)
                .filter_map(|c| particle(st, cx, c, depth + 1))
                .collect();
            match kind {
                "sequence" => Term::Sequence(items),
                "choice" => Term::Choice(items),
                _ => Term::All(items),
            }
        }
        "group" => {
            if node.attribute("ref").is_none() {
                st.diag(ErrorKind::Unsupported, loc, "local xs:group without ref=");
                return None;
            }
            let q = st.qname_ref(cx.src, node, "ref", RefKind::Group, cx.chameleon.as_ref())?;
            Term::GroupRef(q)
        }
        "any" => Term::Any {
            namespace: node
                .attribute("namespace")
                .unwrap_or("##any")
                .trim()
                .to_string(),
            process_contents: node
                .attribute("processContents")
                .unwrap_or("strict")
                .trim()
                .to_string(),
        },
        _ => return None,
    };
    let (min, max) = occurs(st, cx, node);
    Some(Particle {
        min,
        max,
        term,
        loc,
    })
}

pub(super) fn local_element(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    depth: u32,
) -> Option<LocalElement> {
    let loc = cx.src.loc(node);
    let Some(name) = node
        .attribute("name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        st.diag(
            ErrorKind::Unsupported,
            loc,
            "local xs:element without name= or ref=",
        );
        return None;
    };
    let qualified = match node.attribute("form").map(str::trim) {
        Some("qualified") => true,
        Some("unqualified") => false,
        _ => cx.elem_qualified,
    };
    let ns = if qualified {
        cx.tns.clone()
    } else {
        st.intern("")
    };
    Some(LocalElement {
        name: QName {
            ns,
            local: Arc::from(name),
        },
        ty: element_type(st, cx, node, depth).unwrap_or_else(any_type),
        nillable: is_true(node.attribute("nillable")),
        default: node.attribute("default").map(str::to_string),
        fixed: node.attribute("fixed").map(str::to_string),
        doc: doc_of(node),
        loc,
    })
}

/// Attributes, attribute group refs and `anyAttribute` among `node`'s children.
pub(super) fn attribute_items(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    depth: u32,
) -> (Vec<AttributeItem>, bool) {
    let mut items = Vec::new();
    let mut any = false;
    for c in xs_children(node) {
        let loc = cx.src.loc(c);
        match c.tag_name().name() {
            "attribute" if c.attribute("ref").is_some() => {
                let Some(name) =
                    st.qname_ref(cx.src, c, "ref", RefKind::Attribute, cx.chameleon.as_ref())
                else {
                    continue;
                };
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
                let Some(local) = c.attribute("name").map(str::trim).filter(|n| !n.is_empty())
                else {
                    st.diag(
                        ErrorKind::Unsupported,
                        loc,
                        "xs:attribute without name= or ref=",
                    );
                    continue;
                };
                let qualified = match c.attribute("form").map(str::trim) {
                    Some("qualified") => true,
                    Some("unqualified") => false,
                    _ => cx.attr_qualified,
                };
                let ns = if qualified {
                    cx.tns.clone()
                } else {
                    st.intern("")
                };
                let decl = attribute_decl(
                    st,
                    cx,
                    c,
                    QName {
                        ns,
                        local: Arc::from(local),
                    },
                    depth + 1,
                );
                items.push(AttributeItem::Attribute(decl));
            }
            "attributeGroup" => {
                if let Some(q) = st.qname_ref(
                    cx.src,
                    c,
                    "ref",
                    RefKind::AttributeGroup,
                    cx.chameleon.as_ref(),
                ) {
                    items.push(AttributeItem::GroupRef(q, loc));
                }
            }
            "anyAttribute" => any = true,
            _ => {}
        }
    }
    (items, any)
}

pub(super) fn attribute_decl(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    name: QName,
    depth: u32,
) -> AttributeDecl {
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
pub(super) fn content_particle(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    depth: u32,
) -> Option<Particle> {
    let c = xs_children(node)
        .find(|c| matches!(c.tag_name().name(), "sequence" | "choice" | "all" | "group"))?;
    particle(st, cx, c, depth + 1)
}

pub(super) fn complex_type(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    name: Option<QName>,
    depth: u32,
) -> ComplexType {
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
                let Some(d) = xs_children(c)
                    .find(|d| matches!(d.tag_name().name(), "extension" | "restriction"))
                else {
                    st.diag(
                        ErrorKind::Unsupported,
                        cx.src.loc(c),
                        format!("xs:{kind} without xs:extension or xs:restriction"),
                    );
                    continue;
                };
                let restriction = d.tag_name().name() == "restriction";
                let base =
                    type_ref(st, cx, d, "base").unwrap_or_else(|| QName::new(XSD_NS, "anyType"));
                let (attrs, any) = attribute_items(st, cx, d, depth + 1);
                ct.attributes.extend(attrs);
                ct.any_attribute |= any;
                ct.content = if kind == "simpleContent" {
                    ComplexContent::Simple {
                        base: TypeRef::Named(base),
                        restriction,
                    }
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
pub(super) fn array_type(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    restriction: Node<'_, '_>,
) -> Option<ArrayType> {
    for a in xs_children(restriction).filter(|c| c.tag_name().name() == "attribute") {
        let Some(attr) = a.attributes().find(|at| {
            at.name() == "arrayType" && matches!(at.namespace(), Some(WSDL_NS) | Some(SOAP_ENC_NS))
        }) else {
            continue;
        };
        let value = attr.value().trim();
        let split = value.find('[').unwrap_or(value.len());
        let (written, dims) = value.split_at(split);
        let item = st.resolve_qname(
            cx.src,
            a,
            attr.name(),
            written.trim(),
            cx.chameleon.as_ref(),
        )?;
        let loc = cx.src.loc_at(attr.range_qname().start);
        st.refs.push(RefRec {
            kind: RefKind::Type,
            name: item.clone(),
            written: written.trim().to_string(),
            loc,
        });
        return Some(ArrayType {
            item,
            dims: dims.trim().to_string(),
        });
    }
    None
}

pub(super) fn simple_type(
    st: &mut State<'_>,
    cx: &Cx<'_>,
    node: Node<'_, '_>,
    name: Option<QName>,
    depth: u32,
) -> SimpleType {
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
                            enumerations.push(EnumValue {
                                value,
                                doc: doc_of(f),
                            });
                        } else if FACETS.contains(&fname) {
                            facets.push((fname.to_string(), value));
                        }
                    }
                    variety = Some(SimpleVariety::Restriction {
                        base,
                        enumerations,
                        facets,
                    });
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
                        .qname_list_ref(
                            cx.src,
                            c,
                            "memberTypes",
                            RefKind::Type,
                            cx.chameleon.as_ref(),
                        )
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
            st.diag(
                ErrorKind::Unsupported,
                loc.clone(),
                "xs:simpleType without xs:restriction, xs:list or xs:union",
            );
        }
    }
    let variety = variety.unwrap_or(SimpleVariety::Restriction {
        base: any_simple_type(),
        enumerations: Vec::new(),
        facets: Vec::new(),
    });
    SimpleType {
        name,
        doc,
        loc,
        variety,
    }
}
