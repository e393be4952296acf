//! Validation of what was read: duplicate definitions (reported at the
//! second one, as they are inserted), QName references that resolve to
//! nothing, overloaded operations, `soap:header` parts missing from their
//! message. Every problem is reported, not just the first.
//!
//! Defects that real-world WSDLs have and whose intent is clear are repaired
//! with a warning instead ([`sanitize`]); with `ReadOptions::lenient`,
//! undefined components are replaced by placeholders ([`placeholders`]).

use std::collections::{BTreeMap, HashSet};

use super::{RefKind, RefRec, WSDL_NS};
use crate::error::{Diagnostic, ErrorKind};
use crate::model::*;

/// Apache SOAP's namespace (`xml-soap:Map`, `Vector`, ...), used by rpc/encoded
/// WSDLs without a schema.
pub(crate) const APACHE_SOAP_NS: &str = "http://xml.apache.org/xml-soap";

/// The built-in datatypes of XML Schema 1.0 (Part 2), plus the two ur-types.
pub(crate) const XSD_BUILTINS: &[&str] = &[
    "anyType",
    "anySimpleType",
    "string",
    "boolean",
    "decimal",
    "float",
    "double",
    "duration",
    "dateTime",
    "time",
    "date",
    "gYearMonth",
    "gYear",
    "gMonthDay",
    "gDay",
    "gMonth",
    "hexBinary",
    "base64Binary",
    "anyURI",
    "QName",
    "NOTATION",
    "normalizedString",
    "token",
    "language",
    "NMTOKEN",
    "NMTOKENS",
    "Name",
    "NCName",
    "ID",
    "IDREF",
    "IDREFS",
    "ENTITY",
    "ENTITIES",
    "integer",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
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
located!(
    ElementDecl,
    ModelGroupDef,
    AttributeGroupDef,
    AttributeDecl,
    Message,
    PortType,
    Binding,
    Service
);

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

/// Whether a type name resolves: defined, an XSD built-in, or in a SOAP
/// encoding / Apache SOAP namespace whose schema was not read (rpc/encoded
/// WSDLs use those without importing them).
fn type_resolves(s: &SchemaSet, loaded: &HashSet<&str>, q: &QName) -> bool {
    let ns = &*q.ns;
    s.types.contains_key(q)
        || (ns == XSD_NS && is_xsd_builtin(&q.local))
        || (implicit_ns(ns) && !loaded.contains(ns))
}

fn implicit_ns(ns: &str) -> bool {
    ns == SOAP_ENC_NS || ns == SOAP12_ENC_NS || ns == APACHE_SOAP_NS
}

/// Whether a reference resolves (to a definition or an implicitly known
/// component: XSD built-ins, SOAP-ENC, `wsdl:arrayType`, `xml:*`).
fn resolves(model: &Model, loaded: &HashSet<&str>, kind: RefKind, q: &QName) -> bool {
    let s = &model.schema;
    let w = &model.wsdl;
    let ns = &*q.ns;
    let local = &*q.local;
    let implicit = implicit_ns(ns) && !loaded.contains(ns);
    match kind {
        RefKind::Type => type_resolves(s, loaded, q),
        RefKind::PartType => type_resolves(s, loaded, q) || s.elements.contains_key(q),
        RefKind::Element => s.elements.contains_key(q) || ns == XSD_NS || implicit,
        RefKind::Attribute => {
            s.attributes.contains_key(q)
                || implicit
                || (ns == WSDL_NS && local == "arrayType")
                || (ns == XML_NS
                    && !loaded.contains(ns)
                    && matches!(local, "lang" | "space" | "base" | "id"))
        }
        RefKind::AttributeGroup => {
            s.attribute_groups.contains_key(q)
                || implicit
                || (ns == XML_NS && !loaded.contains(ns) && local == "specialAttrs")
        }
        RefKind::Group => s.groups.contains_key(q),
        RefKind::Message => w.messages.contains_key(q),
        RefKind::PortType => w.port_types.contains_key(q),
        RefKind::Binding => w.bindings.contains_key(q) || w.other_bindings.contains(q),
    }
}

/// The references that resolve to nothing, in the order they were found.
pub(crate) fn check_references<'r>(model: &Model, refs: &'r [RefRec]) -> Vec<&'r RefRec> {
    let loaded = loaded_namespaces(&model.schema);
    refs.iter()
        .filter(|r| !resolves(model, &loaded, r.kind, &r.name))
        .collect()
}

/// The error for an undefined reference.
pub(crate) fn undefined_ref(r: &RefRec) -> Diagnostic {
    Diagnostic {
        kind: ErrorKind::UndefinedReference,
        loc: Some(r.loc.clone()),
        message: format!(
            "undefined {} `{}` ({}); to generate anyway, each undefined reference a warning: \
             `Builder::lenient(true)` in build.rs, `--lenient` on the command line",
            r.kind.what(),
            r.written,
            r.name
        ),
    }
}

fn warning(loc: &Loc, message: String) -> Warning {
    Warning {
        loc: loc.clone(),
        message,
    }
}

/// A particle allowing any content: `<xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/>`.
fn any_particle(loc: &Loc) -> Particle {
    let any = Particle {
        min: 0,
        max: MaxOccurs::Unbounded,
        term: Term::Any {
            namespace: "##any".into(),
            process_contents: "lax".into(),
        },
        loc: loc.clone(),
    };
    Particle {
        min: 1,
        max: MaxOccurs::Bounded(1),
        term: Term::Sequence(vec![any]),
        loc: loc.clone(),
    }
}

/// Lenient mode: defines a placeholder for every undefined component.
pub(crate) fn placeholders(model: &mut Model, undefined: &[&RefRec]) -> Vec<Warning> {
    let mut out = Vec::new();
    for r in undefined {
        let (q, loc) = (r.name.clone(), r.loc.clone());
        let s = &mut model.schema;
        let w = &mut model.wsdl;
        let what = match r.kind {
            RefKind::Type | RefKind::PartType => {
                s.types.entry(q.clone()).or_insert_with(|| {
                    TypeDef::Complex(Box::new(ComplexType {
                        name: Some(q.clone()),
                        doc: None,
                        loc: loc.clone(),
                        is_abstract: false,
                        mixed: true,
                        content: ComplexContent::Particle(any_particle(&loc)),
                        attributes: Vec::new(),
                        any_attribute: true,
                        array_type: None,
                    }))
                });
                "replaced by a type allowing any content"
            }
            RefKind::Element => {
                s.elements.entry(q.clone()).or_insert_with(|| ElementDecl {
                    name: q.clone(),
                    ty: TypeRef::Named(QName::new(XSD_NS, "anyType")),
                    nillable: false,
                    is_abstract: false,
                    substitution_group: None,
                    default: None,
                    fixed: None,
                    doc: None,
                    loc: loc.clone(),
                });
                "replaced by an element of type xs:anyType"
            }
            RefKind::Attribute => {
                s.attributes
                    .entry(q.clone())
                    .or_insert_with(|| AttributeDecl {
                        name: q.clone(),
                        ty: TypeRef::Named(QName::new(XSD_NS, "anySimpleType")),
                        required: false,
                        prohibited: false,
                        default: None,
                        fixed: None,
                        doc: None,
                        loc: loc.clone(),
                    });
                "replaced by an attribute of type xs:anySimpleType"
            }
            RefKind::AttributeGroup => {
                s.attribute_groups
                    .entry(q.clone())
                    .or_insert_with(|| AttributeGroupDef {
                        name: q.clone(),
                        attributes: Vec::new(),
                        any_attribute: true,
                        loc: loc.clone(),
                    });
                "replaced by xs:anyAttribute"
            }
            RefKind::Group => {
                s.groups.entry(q.clone()).or_insert_with(|| ModelGroupDef {
                    name: q.clone(),
                    particle: any_particle(&loc),
                    loc: loc.clone(),
                });
                "replaced by a group allowing any content"
            }
            RefKind::Message => {
                w.messages.entry(q.clone()).or_insert_with(|| Message {
                    name: q.clone(),
                    parts: Vec::new(),
                    loc: loc.clone(),
                });
                "replaced by an empty message"
            }
            RefKind::PortType => {
                w.port_types.entry(q.clone()).or_insert_with(|| PortType {
                    name: q.clone(),
                    operations: Vec::new(),
                    loc: loc.clone(),
                });
                "replaced by an empty portType (its binding's operations are dropped)"
            }
            RefKind::Binding => "the port is dropped",
        };
        out.push(warning(
            &loc,
            format!(
                "undefined {} `{}` ({}): {what} (lenient)",
                r.kind.what(),
                r.written,
                r.name
            ),
        ));
    }
    out
}

/// Repairs, with a warning, defects whose intent is clear:
/// * `wsdl:part type=` naming a global element (no such type): the part
///   takes that element's type (or the element, when its type is anonymous);
/// * a binding operation bound twice (the first is kept), or with no
///   operation of that name in the port type (dropped);
/// * `soap:body parts=` naming parts the message does not have (removed).
pub(crate) fn sanitize(model: &mut Model) -> Vec<Warning> {
    let mut out = Vec::new();
    let loaded: HashSet<String> = loaded_namespaces(&model.schema)
        .into_iter()
        .map(str::to_string)
        .collect();
    let loaded: HashSet<&str> = loaded.iter().map(String::as_str).collect();
    let schema = &model.schema;
    for m in model.wsdl.messages.values_mut() {
        for p in &mut m.parts {
            let PartKind::Type(q) = &p.kind else { continue };
            if type_resolves(schema, &loaded, q) {
                continue;
            }
            let Some(e) = schema.elements.get(q) else {
                continue;
            };
            let (kind, what) = match &e.ty {
                TypeRef::Named(t) => (PartKind::Type(t.clone()), format!("its type `{t}`")),
                TypeRef::Anonymous(_) => (PartKind::Element(q.clone()), "the element".to_string()),
            };
            out.push(warning(
                &p.loc,
                format!(
                    "part `{}` has type=`{q}`, which is an element, not a type: using {what}",
                    p.name
                ),
            ));
            p.kind = kind;
        }
    }
    let w = &mut model.wsdl;
    for b in w.bindings.values_mut() {
        let pt = w.port_types.get(&b.port_type);
        let mut seen = HashSet::new();
        b.operations.retain(|op| {
            if !seen.insert(op.name.clone()) {
                out.push(warning(
                    &op.loc,
                    format!("operation `{}` is bound twice in binding `{}`: the first is used", op.name, b.name.local),
                ));
                return false;
            }
            if let Some(pt) = pt {
                if !pt.operations.iter().any(|o| o.name == op.name) {
                    out.push(warning(
                        &op.loc,
                        format!(
                            "binding `{}` operation `{}` is not an operation of portType `{}`: ignored",
                            b.name.local, op.name, pt.name
                        ),
                    ));
                    return false;
                }
            }
            true
        });
        let Some(pt) = pt else { continue };
        for op in &mut b.operations {
            let Some(abs) = pt.operations.iter().find(|o| o.name == op.name) else {
                continue;
            };
            for (bm, am) in [(&mut op.input, &abs.input), (&mut op.output, &abs.output)] {
                let (Some(bm), Some(am)) = (bm, am) else {
                    continue;
                };
                let (Some(parts), Some(m)) = (&mut bm.parts, w.messages.get(&am.message)) else {
                    continue;
                };
                parts.retain(|p| {
                    let ok = m.parts.iter().any(|mp| &mp.name == p);
                    if !ok {
                        out.push(warning(
                            &op.loc,
                            format!(
                                "soap:body parts=\"{p}\" of operation `{}`: message `{}` has no such part (ignored)",
                                op.name, am.message
                            ),
                        ));
                    }
                    ok
                });
            }
        }
    }
    out
}

/// Errors about operations: overloaded port type operations (WS-I BP R2304)
/// and `soap:header` parts missing from their message (lenient: the header
/// is dropped with a warning).
pub(crate) fn check_operations(
    model: &mut Model,
    lenient: bool,
) -> (Vec<Diagnostic>, Vec<Warning>) {
    let w = &mut model.wsdl;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for pt in w.port_types.values() {
        let mut seen = HashSet::new();
        for op in &pt.operations {
            if !seen.insert(op.name.as_str()) {
                errors.push(Diagnostic {
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
    let messages = &w.messages;
    for b in w.bindings.values_mut() {
        for op in &mut b.operations {
            for bm in [&mut op.input, &mut op.output].into_iter().flatten() {
                bm.headers.retain(|h| {
                    let Some(m) = messages.get(&h.message) else {
                        return true;
                    };
                    if m.parts.iter().any(|p| p.name == h.part) {
                        return true;
                    }
                    let msg = format!(
                        "soap:header part `{}` is not a part of message `{}`",
                        h.part, h.message
                    );
                    if lenient {
                        warnings.push(warning(&h.loc, format!("{msg}: header dropped (lenient)")));
                        false
                    } else {
                        errors.push(Diagnostic {
                            kind: ErrorKind::UndefinedReference,
                            loc: Some(h.loc.clone()),
                            message: msg,
                        });
                        true
                    }
                });
            }
        }
    }
    (errors, warnings)
}
