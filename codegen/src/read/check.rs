//! Validation of what was read: duplicate definitions (reported at the
//! second one, as they are inserted), QName references that resolve to
//! nothing, overloaded operations, binding operations without a port type
//! operation, and `soap:header`/`soap:body` parts missing from their message.
//! Every problem is reported, not just the first.

use std::collections::{BTreeMap, HashSet};

use super::{RefKind, RefRec, WSDL_NS};
use crate::error::{Diagnostic, ErrorKind};
use crate::model::*;

/// The built-in datatypes of XML Schema 1.0 (Part 2), plus the two ur-types.
pub(crate) const XSD_BUILTINS: &[&str] = &[
    "anyType", "anySimpleType", "string", "boolean", "decimal", "float", "double", "duration",
    "dateTime", "time", "date", "gYearMonth", "gYear", "gMonthDay", "gDay", "gMonth", "hexBinary",
    "base64Binary", "anyURI", "QName", "NOTATION", "normalizedString", "token", "language",
    "NMTOKEN", "NMTOKENS", "Name", "NCName", "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES",
    "integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    "positiveInteger",
];

/// SOAP 1.2 encoding namespace.
pub(crate) const SOAP12_ENC_NS: &str = "http://www.w3.org/2003/05/soap-encoding";

/// Whether `{XSD}local` is a built-in datatype.
pub(crate) fn is_xsd_builtin(local: &str) -> bool {
    XSD_BUILTINS.contains(&local)
}

/// Symbol spaces, for duplicate detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Space {
    Type,
    Element,
    Group,
    AttributeGroup,
    Attribute,
    Message,
    PortType,
    Binding,
    Service,
}

impl Space {
    fn what(self) -> &'static str {
        match self {
            Space::Type => "type",
            Space::Element => "element",
            Space::Group => "model group",
            Space::AttributeGroup => "attribute group",
            Space::Attribute => "attribute",
            Space::Message => "message",
            Space::PortType => "portType",
            Space::Binding => "binding",
            Space::Service => "service",
        }
    }
}

/// Things with a source location.
pub(crate) trait Located {
    fn location(&self) -> &Loc;
}

macro_rules! located {
    ($($t:ty),*) => { $(impl Located for $t { fn location(&self) -> &Loc { &self.loc } })* };
}
located!(ElementDecl, ModelGroupDef, AttributeGroupDef, AttributeDecl, Message, PortType, Binding, Service);

impl Located for TypeDef {
    fn location(&self) -> &Loc {
        self.loc()
    }
}

/// Inserts a global definition. A second definition of the same name is a
/// `duplicate-name` error at the second one — except for `xs:redefine`:
/// definitions inside it (`redefine`) replace the original ones.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert<T: Located>(
    map: &mut BTreeMap<QName, T>,
    diags: &mut Vec<Diagnostic>,
    redefined: &mut HashSet<(u8, QName)>,
    space: Space,
    name: QName,
    value: T,
    loc: Loc,
    redefine: bool,
) {
    let key = (space as u8, name.clone());
    if redefine {
        redefined.insert(key);
        map.insert(name, value);
        return;
    }
    if redefined.contains(&key) {
        return;
    }
    match map.get(&name) {
        Some(first) => diags.push(Diagnostic {
            kind: ErrorKind::DuplicateName,
            loc: Some(loc),
            message: format!(
                "{} `{}` is defined twice (`{name}`; first definition at {})",
                space.what(),
                name.local,
                first.location()
            ),
        }),
        None => {
            map.insert(name, value);
        }
    }
}

/// Namespaces that have at least one schema component.
fn loaded_namespaces(s: &SchemaSet) -> HashSet<&str> {
    let mut out = HashSet::new();
    out.extend(s.types.keys().map(|q| &*q.ns));
    out.extend(s.elements.keys().map(|q| &*q.ns));
    out.extend(s.attributes.keys().map(|q| &*q.ns));
    out.extend(s.attribute_groups.keys().map(|q| &*q.ns));
    out.extend(s.groups.keys().map(|q| &*q.ns));
    out
}

/// Whether a reference resolves (to a definition or an implicitly known
/// component: XSD built-ins, SOAP-ENC, `wsdl:arrayType`, `xml:*`).
fn resolves(model: &Model, loaded: &HashSet<&str>, kind: RefKind, q: &QName) -> bool {
    let s = &model.schema;
    let w = &model.wsdl;
    let ns = &*q.ns;
    let local = &*q.local;
    let soapenc = (ns == SOAP_ENC_NS || ns == SOAP12_ENC_NS) && !loaded.contains(ns);
    match kind {
        RefKind::Type => {
            s.types.contains_key(q) || (ns == XSD_NS && is_xsd_builtin(local)) || soapenc
        }
        RefKind::Element => s.elements.contains_key(q) || ns == XSD_NS || soapenc,
        RefKind::Attribute => {
            s.attributes.contains_key(q)
                || soapenc
                || (ns == WSDL_NS && local == "arrayType")
                || (ns == XML_NS
                    && !loaded.contains(ns)
                    && matches!(local, "lang" | "space" | "base" | "id"))
        }
        RefKind::AttributeGroup => {
            s.attribute_groups.contains_key(q)
                || soapenc
                || (ns == XML_NS && !loaded.contains(ns) && local == "specialAttrs")
        }
        RefKind::Group => s.groups.contains_key(q),
        RefKind::Message => w.messages.contains_key(q),
        RefKind::PortType => w.port_types.contains_key(q),
        RefKind::Binding => w.bindings.contains_key(q) || w.other_bindings.contains(q),
    }
}

/// Every recorded reference must resolve; `suppressed` names are into
/// namespaces whose import already failed (not reported twice).
pub(crate) fn check_references(
    model: &Model,
    refs: &[RefRec],
    suppressed: impl Fn(&QName) -> bool,
) -> Vec<Diagnostic> {
    let loaded = loaded_namespaces(&model.schema);
    let mut out = Vec::new();
    for r in refs {
        if resolves(model, &loaded, r.kind, &r.name) || suppressed(&r.name) {
            continue;
        }
        out.push(Diagnostic {
            kind: ErrorKind::UndefinedReference,
            loc: Some(r.loc.clone()),
            message: format!("undefined {} `{}` ({})", r.kind.what(), r.written, r.name),
        });
    }
    out
}

fn undefined(loc: &Loc, message: String) -> Diagnostic {
    Diagnostic { kind: ErrorKind::UndefinedReference, loc: Some(loc.clone()), message }
}

/// Operations: no overloading (WS-I BP R2304), binding operations match
/// port type operations, header and body parts exist in their messages.
pub(crate) fn check_operations(model: &Model) -> Vec<Diagnostic> {
    let w = &model.wsdl;
    let mut out = Vec::new();
    for pt in w.port_types.values() {
        let mut seen = HashSet::new();
        for op in &pt.operations {
            if !seen.insert(op.name.as_str()) {
                out.push(Diagnostic {
                    kind: ErrorKind::UnsupportedOverloading,
                    loc: Some(op.loc.clone()),
                    message: format!(
                        "operation `{}` is defined more than once in portType `{}` ({}): \
                         overloaded operations are not supported (WS-I Basic Profile R2304)",
                        op.name, pt.name.local, pt.name
                    ),
                });
            }
        }
    }
    for b in w.bindings.values() {
        let pt = w.port_types.get(&b.port_type);
        let mut seen = HashSet::new();
        for op in &b.operations {
            if !seen.insert(op.name.as_str()) {
                out.push(Diagnostic {
                    kind: ErrorKind::UnsupportedOverloading,
                    loc: Some(op.loc.clone()),
                    message: format!(
                        "operation `{}` is bound more than once in binding `{}`: overloaded \
                         operations are not supported (WS-I Basic Profile R2304)",
                        op.name, b.name.local
                    ),
                });
                continue;
            }
            let Some(pt) = pt else { continue };
            let Some(abs) = pt.operations.iter().find(|o| o.name == op.name) else {
                out.push(undefined(
                    &op.loc,
                    format!(
                        "binding `{}` operation `{}` has no operation of that name in portType `{}`",
                        b.name.local, op.name, pt.name
                    ),
                ));
                continue;
            };
            for (bm, am) in [(&op.input, &abs.input), (&op.output, &abs.output)] {
                let Some(bm) = bm else { continue };
                for h in &bm.headers {
                    if let Some(m) = w.messages.get(&h.message) {
                        if !m.parts.iter().any(|p| p.name == h.part) {
                            out.push(undefined(
                                &h.loc,
                                format!(
                                    "soap:header part `{}` is not a part of message `{}`",
                                    h.part, h.message
                                ),
                            ));
                        }
                    }
                }
                let (Some(parts), Some(am)) = (&bm.parts, am) else { continue };
                let Some(m) = w.messages.get(&am.message) else { continue };
                for p in parts {
                    if !m.parts.iter().any(|mp| &mp.name == p) {
                        out.push(undefined(
                            &op.loc,
                            format!(
                                "soap:body parts=\"{p}\" of operation `{}` is not a part of \
                                 message `{}`",
                                op.name, am.message
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}
