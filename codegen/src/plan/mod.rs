//! The Rust plan: every generated item with its Rust name next to its XML
//! name, decided from the [`Model`](crate::model::Model). No tokens here.
//!
//! Types live in an arena ([`Plan::types`]) addressed by [`TypeId`]; only
//! types reachable from the generated operations are planned, in the order
//! they are first reached, so output is deterministic and small.

mod api;
mod arrays;
mod builtins;
mod clients;
mod content;
mod names;
mod public;
mod settle;
mod shapes;
mod types;

#[cfg(test)]
mod tests;

pub use api::*;
pub use builtins::Builtin;

use crate::model::QName;

/// Index into [`Plan::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The Rust type of a field, attribute or parameter (before `Option`/`Vec`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RsTy {
    /// A type of the runtime or std (`String`, `i32`, ...).
    Builtin(Builtin),
    /// A generated type.
    Ref(TypeId),
    /// Raw XML of the element (unknown or unmappable content).
    Any,
}

/// How often a field occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurs {
    /// Exactly once: `T`.
    Required,
    /// Zero or once: `Option<T>`.
    Optional,
    /// Repeated: `Vec<T>` (with the upper bound, if any).
    Many(Option<u32>),
}

/// A field of a generated struct that maps to a child element.
#[derive(Debug, Clone)]
pub struct ElementField {
    /// Rust field name.
    pub name: String,
    /// Element name on the wire.
    pub xml: QName,
    /// Item type.
    pub ty: RsTy,
    /// Occurrence.
    pub occurs: Occurs,
    /// `nillable="true"`: a required field becomes `Option<T>` (`None` is
    /// sent as `xsi:nil`), a repeated one `Vec<Option<T>>`.
    pub nillable: bool,
    /// Needs a `Box` (recursive type).
    pub boxed: bool,
    /// Position in the sequence (elements of `xs:all` share one position).
    pub position: usize,
    /// Documentation.
    pub doc: Option<String>,
    /// Holds a credential: redacted in `Debug`.
    pub sensitive: bool,
    /// For a choice field: the alternatives (the field's type is the
    /// generated choice enum, `ty == RsTy::Ref(enum)`).
    pub choice: Option<TypeId>,
    /// SOAP-encoded array items: any child element name is an item
    /// (`xml` is the name used when encoding).
    pub any_name: bool,
    /// The element is an array wrapper (`ArrayOfX`) used as `Vec<X>`: `ty`,
    /// `occurs` and `nillable` describe the items; the wrapper stays on the
    /// wire.
    pub array: Option<ArrayWrap>,
}

/// An array wrapper element whose items a field holds directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrayWrap {
    /// The wrapper type (it decodes the wrapper element).
    pub wrapper: TypeId,
    /// The wrapper type's field holding the items.
    pub field: String,
    /// The item element.
    pub item: QName,
    /// The wrapper element's own occurrence: required or optional (an
    /// empty optional array is not written), or repeated (jagged arrays,
    /// `Vec<Vec<T>>`: one wrapper element per inner `Vec`).
    pub occurs: Occurs,
    /// The items are array wrappers themselves (`ArrayOfArrayOfX` used as
    /// `Vec<Vec<X>>`): each item element wraps the values as this says (its
    /// `occurs` is repeated).
    pub inner: Option<Box<ArrayWrap>>,
}

impl ArrayWrap {
    /// How many `Vec` layers this adds around the items' own shape.
    pub fn layers(&self) -> u8 {
        u8::from(matches!(self.occurs, Occurs::Many(_)))
            + self.inner.as_ref().map_or(0, |i| i.layers())
    }
}

impl ElementField {
    /// The field's Rust type.
    pub fn shape(&self) -> Shape {
        Shape {
            ty: self.ty.clone(),
            occurs: self.occurs,
            nillable: self.nillable,
            boxed: self.boxed,
            arrays: self.array.as_ref().map_or(0, ArrayWrap::layers),
        }
    }
}

/// A field that maps to an attribute.
#[derive(Debug, Clone)]
pub struct AttributeField {
    /// Rust field name.
    pub name: String,
    /// Attribute name on the wire.
    pub xml: QName,
    /// Its (simple) type.
    pub ty: RsTy,
    /// `use="required"` without default: `T`, else `Option<T>`.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// Holds a credential.
    pub sensitive: bool,
}

/// A generated struct.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// The XML type or element this comes from (for docs and customisation).
    pub xml: Option<QName>,
    /// Documentation.
    pub doc: Option<String>,
    /// Attribute fields, in declaration order (base first).
    pub attributes: Vec<AttributeField>,
    /// Element fields, in sequence order (base first).
    pub elements: Vec<ElementField>,
    /// Simple content: (field name, the text value's type).
    pub text: Option<(String, RsTy)>,
    /// Catch-all for `xs:any`: the name of a `Vec<AnyElement>` field that
    /// keeps unknown child elements as raw XML.
    pub any: Option<String>,
    /// Whether `Default` can be derived.
    pub default: bool,
    /// A SOAP-encoded array (restriction of `soapenc:Array`): the item type
    /// of its `wsdl:arrayType`, written on the wire as
    /// `SOAP-ENC:arrayType="p:Item[n]"` (SOAP 1.1 §5.4.2).
    pub soap_array: Option<QName>,
}

/// A generated enum for an `xs:enumeration` simple type.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// The XML type.
    pub xml: Option<QName>,
    /// Documentation.
    pub doc: Option<String>,
    /// (Rust variant name, exact XML value, doc).
    pub variants: Vec<(String, String, Option<String>)>,
}

/// A generated enum for an `xs:choice` between elements.
#[derive(Debug, Clone)]
pub struct ChoiceDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// One variant per alternative element.
    pub variants: Vec<ChoiceVariant>,
    /// `Default` is the first alternative with its default (it has one).
    pub default: bool,
}

/// An alternative of a choice.
#[derive(Debug, Clone)]
pub struct ChoiceVariant {
    /// Rust variant name.
    pub name: String,
    /// Element name on the wire.
    pub xml: QName,
    /// Payload type.
    pub ty: RsTy,
    /// The alternative repeats: `Vec<T>` payload.
    pub many: bool,
    /// Needs a `Box`.
    pub boxed: bool,
    /// The alternative is an array wrapper used as `Vec<T>` (`many` is
    /// set, `ty` is the item type); the wrapper element stays on the wire,
    /// once.
    pub array: Option<ArrayWrap>,
}

/// A type with derived types: an enum over the base and every type derived
/// from it, selected by `xsi:type` on the wire.
#[derive(Debug, Clone)]
pub struct PolyDef {
    /// Rust name.
    pub name: String,
    /// The base type.
    pub base: QName,
    /// (Rust variant name, XML type name, its struct, boxed), base first.
    pub variants: Vec<PolyVariant>,
    /// `Default` is the first variant's default: the base type's, or for
    /// an abstract base the first derived type's (its struct has one).
    pub default: bool,
}

/// One type of a [`PolyDef`].
#[derive(Debug, Clone)]
pub struct PolyVariant {
    /// Rust variant name.
    pub name: String,
    /// The XML type (`xsi:type` value).
    pub xml: QName,
    /// The struct for the type's content.
    pub ty: TypeId,
    /// Needs a `Box` (recursive).
    pub boxed: bool,
}

/// A user type standing for a schema type (`Builder::extern_type`): no
/// item is generated, fields use the path.
#[derive(Debug, Clone)]
pub struct ExternDef {
    /// The absolute Rust path of the user's type.
    pub path: String,
    /// The XML type it stands for.
    pub xml: QName,
    /// A simple type: the user's type also implements `TextValue` (used in
    /// attributes and simple content).
    pub simple: bool,
}

/// Extra derives and attributes on a generated type (customisation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// Derive macro paths, validated.
    pub derives: Vec<String>,
    /// Outer attributes, validated.
    pub attributes: Vec<String>,
}

/// A planned type.
#[derive(Debug, Clone)]
pub enum TypePlan {
    /// A struct.
    Struct(StructDef),
    /// An enumeration.
    Enum(EnumDef),
    /// A choice.
    Choice(ChoiceDef),
    /// A base type or one derived from it.
    Poly(PolyDef),
    /// A user type (nothing generated).
    Extern(ExternDef),
}

impl TypePlan {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypePlan::Struct(s) => &s.name,
            TypePlan::Enum(e) => &e.name,
            TypePlan::Choice(c) => &c.name,
            TypePlan::Poly(p) => &p.name,
            TypePlan::Extern(x) => &x.path,
        }
    }

    /// Whether values of the type are text (`TextValue`): enumerations and
    /// extern simple types.
    pub fn is_text(&self) -> bool {
        match self {
            TypePlan::Enum(_) => true,
            TypePlan::Extern(x) => x.simple,
            _ => false,
        }
    }
}

/// Everything to emit for one WSDL.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Types, in first-reached order.
    pub types: Vec<TypePlan>,
    /// Clients.
    pub clients: Vec<ClientDef>,
    /// The operation functions the clients' methods call.
    pub ops: Vec<OpFn>,
    /// The structs of declared response header blocks.
    pub response_headers: Vec<ResponseHeaders>,
    /// Namespaces used on the wire → constant name, in first-use order.
    pub namespaces: Vec<(String, String)>,
    /// Warnings for constructs kept as raw XML or simplified.
    pub warnings: Vec<crate::model::Warning>,
    /// Warnings that have no place in a file (customisation keys that
    /// match nothing).
    pub notes: Vec<String>,
    /// Extra derives and attributes per type (customisation).
    pub extras: std::collections::BTreeMap<TypeId, Extras>,
    /// Per type: (needs `Encode`, needs `Decode`), from what the operations
    /// send and receive.
    pub directions: Vec<(bool, bool)>,
    /// Generated types of fault detail entries with their element
    /// (`soapgen_runtime::FaultDetail`): only types that are the detail of
    /// exactly one element.
    pub fault_details: Vec<(TypeId, QName)>,
    /// Per type: whether it is generated (shown by the public API or needed
    /// to encode or decode; an array wrapper only sent, every holder of
    /// which was unwrapped, is not).
    pub generated: Vec<bool>,
}

impl Plan {
    /// The constant name for a namespace (must have been registered).
    pub fn ns_const(&self, ns: &str) -> Option<&str> {
        self.namespaces
            .iter()
            .find(|(n, _)| n == ns)
            .map(|(_, c)| c.as_str())
    }
}

/// Options that shape the plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Case-insensitive substrings of field names whose values are secrets.
    pub sensitive: Vec<String>,
    /// Only these services (by local name); empty = all.
    pub services: Vec<String>,
    /// Generate both `Encode` and `Decode` for every type (for round-trip
    /// tests or servers), not only the direction the operations use.
    pub both_directions: bool,
    /// Use array wrapper types (`ArrayOfX`: one repeated element and
    /// nothing else) as `Vec<X>` in fields, parameters and results.
    pub unwrap_arrays: bool,
    /// Customisation keyed by XML names.
    pub custom: crate::custom::Customisation,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            sensitive: [
                "password",
                "secret",
                "token",
                "connectionstring",
                "apikey",
                "credential",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            services: Vec::new(),
            both_directions: false,
            unwrap_arrays: true,
            custom: Default::default(),
        }
    }
}

/// Plans the Rust items for a model.
pub fn plan(model: &crate::model::Model, opts: &PlanOptions) -> crate::error::Result<Plan> {
    let mut planner = types::Planner::new(model, opts);
    let mut drafts = clients::plan_clients(&mut planner)?;
    let (mut plan, wants) = planner.finish();
    plan.response_headers = std::mem::take(&mut drafts.response_headers);
    if opts.unwrap_arrays {
        for rh in &mut plan.response_headers {
            settle::unwrap_response_headers(&plan.types, rh);
        }
    }
    (plan.clients, plan.ops) = settle::settle(&plan.types, drafts, opts.unwrap_arrays);
    names::assign(&mut plan, &wants, model.entry.as_ref());
    plan.fault_details = fault_details(&plan);
    plan.directions = if opts.both_directions {
        vec![(true, true); plan.types.len()]
    } else {
        directions(&plan)
    };
    plan.generated = public::generated(&plan);
    Ok(plan)
}

/// The generated types (not `extern_type` ones) that are the detail of
/// exactly one fault element, in first-declared order.
fn fault_details(plan: &Plan) -> Vec<(TypeId, QName)> {
    let mut all: Vec<(TypeId, QName)> = Vec::new();
    for f in plan
        .clients
        .iter()
        .flat_map(|c| &c.methods)
        .flat_map(|m| &m.faults)
    {
        if let Some((q, Some(RsTy::Ref(id)))) = &f.detail {
            // A user's type (`extern_type`) may live in another crate.
            if matches!(plan.types[id.0], TypePlan::Extern(_)) {
                continue;
            }
            if !all.iter().any(|(i, e)| i == id && e == q) {
                all.push((*id, q.clone()));
            }
        }
    }
    let once = |id: &TypeId| all.iter().filter(|(i, _)| i == id).count() == 1;
    all.iter().filter(|(id, _)| once(id)).cloned().collect()
}

/// Which types are sent (need `Encode`) and which are received (need
/// `Decode`): everything reachable from request and response roots.
fn directions(plan: &Plan) -> Vec<(bool, bool)> {
    let mut enc = Vec::new();
    let mut dec = Vec::new();
    let push = |v: &mut Vec<TypeId>, t: &RsTy| {
        if let RsTy::Ref(id) = t {
            v.push(*id);
        }
    };
    for op in &plan.ops {
        op.params.iter().for_each(|p| push(&mut enc, &p.shape.ty));
        // Headers given as items are written through their wrapper type.
        op.headers.iter().for_each(|(_, _, t)| push(&mut enc, t));
        match &op.request {
            Request::Wrapped { ty, .. } => enc.push(*ty),
            Request::Parts { parts, .. } => parts.iter().for_each(|p| push(&mut enc, &p.ty)),
        }
        if let Response::Element { ty, .. } = &op.response {
            push(&mut dec, ty);
        }
    }
    for rh in &plan.response_headers {
        rh.fields.iter().for_each(|(_, _, t)| push(&mut dec, t));
    }
    for m in plan.clients.iter().flat_map(|c| &c.methods) {
        for f in &m.faults {
            if let Some((_, Some(t))) = &f.detail {
                push(&mut dec, t);
            }
        }
    }
    // Unwrapped arrays decode through their wrapper type (and encode
    // without it).
    let reach = |roots: Vec<TypeId>, decode: bool| -> Vec<bool> {
        let mut seen = vec![false; plan.types.len()];
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            let mut next = |t: &RsTy| {
                if let RsTy::Ref(i) = t {
                    stack.push(*i);
                }
            };
            match &plan.types[id.0] {
                TypePlan::Struct(s) => {
                    s.elements.iter().for_each(|f| next(&f.ty));
                    s.elements
                        .iter()
                        .filter_map(|f| f.array.as_ref())
                        .filter(|_| decode)
                        .for_each(|a| next(&RsTy::Ref(a.wrapper)));
                    s.attributes.iter().for_each(|a| next(&a.ty));
                    if let Some((_, t)) = &s.text {
                        next(t);
                    }
                }
                TypePlan::Choice(c) => {
                    c.variants.iter().for_each(|v| next(&v.ty));
                    c.variants
                        .iter()
                        .filter_map(|v| v.array.as_ref())
                        .filter(|_| decode)
                        .for_each(|a| next(&RsTy::Ref(a.wrapper)));
                }
                TypePlan::Poly(p) => p.variants.iter().for_each(|v| next(&RsTy::Ref(v.ty))),
                TypePlan::Enum(_) | TypePlan::Extern(_) => {}
            }
        }
        seen
    };
    let (e, d) = (reach(enc, false), reach(dec, true));
    e.into_iter().zip(d).collect()
}
