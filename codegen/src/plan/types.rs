//! The type planner: XSD types and elements → arena of Rust types.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::builtins::{self, BuiltinKind};
use super::content::Collector;
use super::names::{Want, WantKind};
use super::{
    Builtin, ChoiceDef, EnumDef, ExternDef, Extras, Plan, PlanOptions, PolyDef, PolyVariant, RsTy,
    StructDef, TypeId, TypePlan,
};
use crate::ident::{self, NameSpace};
use crate::model::{
    ComplexContent, ComplexType, ElementDecl, Model, QName, SimpleType, SimpleVariety, TypeDef,
    TypeRef, Warning,
};

/// Deepest chain of simple-type derivations or nested content followed.
pub(super) const MAX_DEPTH: usize = 64;

/// What a pending struct is built from.
#[derive(Clone, Copy)]
enum Source<'m> {
    Complex(&'m ComplexType),
}

/// Plans types on demand, starting from the operations.
pub struct Planner<'m> {
    pub(super) model: &'m Model,
    pub(super) opts: &'m PlanOptions,
    pub(super) types: Vec<TypePlan>,
    pub(super) names: NameSpace,
    pub(super) warnings: Vec<Warning>,
    namespaces: Vec<(String, String)>,
    named: BTreeMap<QName, RsTy>,
    structs: BTreeMap<QName, TypeId>,
    /// Direct derivations (base → types extending or restricting it); the
    /// transitive closure is computed per base when used, so a deep chain
    /// costs linear, not quadratic, work.
    direct: BTreeMap<QName, Vec<QName>>,
    elements: BTreeMap<QName, RsTy>,
    pending: VecDeque<(TypeId, Source<'m>)>,
    /// Customisation keys that matched a planned type.
    matched: BTreeSet<QName>,
    /// Field renames that matched a field: (type key, XML local name).
    pub(super) matched_fields: BTreeSet<(QName, String)>,
    /// Rename targets already given to a type (a second type with the same
    /// XML name, element and type, is numbered).
    renamed: BTreeSet<String>,
    extras: BTreeMap<TypeId, Extras>,
    /// Per type: the name it asks for (final names are given by
    /// [`super::names::assign`] once everything is planned).
    pub(super) wants: Vec<Want>,
    /// The struct whose content is being collected, with its name so far.
    current: Option<(TypeId, String)>,
}

impl<'m> Planner<'m> {
    /// A planner over `model`.
    pub fn new(model: &'m Model, opts: &'m PlanOptions) -> Self {
        Planner {
            model,
            opts,
            types: Vec::new(),
            // Rename targets are kept for the types renamed to them.
            names: NameSpace::with_reserved(
                &opts
                    .custom
                    .types
                    .values()
                    .filter_map(|c| c.rename.as_deref())
                    .collect::<Vec<_>>(),
            ),
            warnings: Vec::new(),
            namespaces: Vec::new(),
            named: BTreeMap::new(),
            structs: BTreeMap::new(),
            direct: direct_derivations(model),
            elements: BTreeMap::new(),
            pending: VecDeque::new(),
            matched: BTreeSet::new(),
            matched_fields: BTreeSet::new(),
            renamed: BTreeSet::new(),
            extras: BTreeMap::new(),
            wants: Vec::new(),
            current: None,
        }
    }

    /// Registers a namespace used on the wire and returns its constant name.
    pub fn use_ns(&mut self, ns: &str) {
        if ns.is_empty() || self.namespaces.iter().any(|(n, _)| n == ns) {
            return;
        }
        let name = format!("NS_{}", self.namespaces.len());
        self.namespaces.push((ns.to_string(), name));
    }

    /// Plans every pending struct (which may queue more).
    pub fn drain(&mut self) {
        while let Some((id, src)) = self.pending.pop_front() {
            match src {
                Source::Complex(ct) => {
                    let (name, xml) = match &self.types[id.0] {
                        TypePlan::Struct(s) => (s.name.clone(), s.xml.clone()),
                        t => (t.name().to_string(), None),
                    };
                    self.current = Some((id, name.clone()));
                    let mut c = Collector::new(self, &name);
                    if let Some(q) = xml {
                        c.rename_fields(q);
                    }
                    c.complex(ct, 0);
                    let def = c.finish();
                    self.current = None;
                    if let TypePlan::Struct(s) = &mut self.types[id.0] {
                        s.attributes = def.attributes;
                        s.elements = def.elements;
                        s.text = def.text;
                        s.any = def.any;
                        s.soap_array = def.soap_array;
                    }
                }
            }
        }
    }

    /// Adds a type to the arena under a fresh name derived from `want`.
    /// A type whose XML name is customised takes its rename (struct or
    /// enumeration) and its extra derives and attributes.
    pub(super) fn add(&mut self, mut plan: TypePlan) -> TypeId {
        let key = match &plan {
            TypePlan::Struct(s) => s.xml.clone(),
            TypePlan::Enum(e) => e.xml.clone(),
            TypePlan::Poly(p) => Some(p.base.clone()),
            TypePlan::Choice(_) | TypePlan::Extern(_) => None,
        };
        let custom = key.as_ref().and_then(|k| self.opts.custom.get(k));
        let rename = custom
            .and_then(|c| c.rename.as_deref())
            .filter(|_| matches!(plan, TypePlan::Struct(_) | TypePlan::Enum(_)));
        let want = plan.name().to_string();
        let kind = match (&self.current, rename) {
            (_, Some(r)) => WantKind::Renamed(r.to_string()),
            (Some((parent, pname)), None)
                if want.len() > pname.len() && want.starts_with(pname.as_str()) =>
            {
                WantKind::Nested(*parent, want[pname.len()..].to_string())
            }
            _ => WantKind::Plain(want.clone()),
        };
        self.wants.push(Want {
            kind,
            loc: None,
            element: false,
        });
        let name = match rename {
            Some(r) if self.renamed.insert(r.to_string()) => r.to_string(),
            Some(r) => self.names.claim(r),
            None => self.names.claim(plan.name()),
        };
        match &mut plan {
            TypePlan::Struct(s) => s.name = name,
            TypePlan::Enum(e) => e.name = name,
            TypePlan::Choice(c) => c.name = name,
            TypePlan::Poly(p) => p.name = name,
            TypePlan::Extern(_) => unreachable!("extern types are added by `extern_ty`"),
        }
        self.types.push(plan);
        let id = TypeId(self.types.len() - 1);
        if let (Some(k), Some(c)) = (key, custom) {
            if !c.derives.is_empty() || !c.attributes.is_empty() {
                self.extras.insert(
                    id,
                    Extras {
                        derives: c.derives.clone(),
                        attributes: c.attributes.clone(),
                    },
                );
            }
            self.matched.insert(k);
        }
        id
    }

    /// The user's type for a schema type mapped with `extern_type`, if any.
    fn extern_ty(&mut self, q: &QName, simple: bool) -> Option<RsTy> {
        let path = self.opts.custom.extern_path(q)?.to_string();
        self.matched.insert(q.clone());
        self.wants.push(Want {
            kind: WantKind::Extern,
            loc: None,
            element: false,
        });
        self.types.push(TypePlan::Extern(ExternDef {
            path,
            xml: q.clone(),
            simple,
        }));
        Some(RsTy::Ref(TypeId(self.types.len() - 1)))
    }

    /// The Rust name a type wants: its rename, or from its XML local name.
    fn want_name(&self, q: &QName) -> String {
        self.opts
            .custom
            .rename(q)
            .map_or_else(|| ident::type_name(&q.local), str::to_string)
    }

    fn new_struct(&mut self, want: &str, xml: Option<QName>, ct: &'m ComplexType) -> TypeId {
        let id = self.add(TypePlan::Struct(StructDef {
            name: ident::type_name(want),
            xml,
            doc: ct.doc.clone(),
            attributes: Vec::new(),
            elements: Vec::new(),
            text: None,
            any: None,
            default: true,
            soap_array: None,
        }));
        self.wants[id.0].loc = Some(ct.loc.clone());
        self.pending.push_back((id, Source::Complex(ct)));
        id
    }

    /// The Rust type of a global element's content (its type).
    pub fn element_ty(&mut self, name: &QName) -> Option<RsTy> {
        if let Some(t) = self.elements.get(name) {
            return Some(t.clone());
        }
        let decl: &'m ElementDecl = self.model.schema.elements.get(name)?;
        let anonymous_simple =
            matches!(&decl.ty, TypeRef::Anonymous(d) if matches!(**d, TypeDef::Simple(_)));
        if matches!(decl.ty, TypeRef::Anonymous(_)) {
            if let Some(t) = self.extern_ty(name, anonymous_simple) {
                self.elements.insert(name.clone(), t.clone());
                return Some(t);
            }
        }
        let ty = match &decl.ty {
            TypeRef::Anonymous(def) => match &**def {
                TypeDef::Complex(ct) => {
                    let id = self.new_struct(&name.local, Some(name.clone()), ct);
                    self.wants[id.0].element = true;
                    RsTy::Ref(id)
                }
                TypeDef::Simple(st) => self.simple_ty(st, &name.local, 0),
            },
            TypeRef::Named(q) => self.named_ty(q, 0),
        };
        self.elements.insert(name.clone(), ty.clone());
        Some(ty)
    }

    /// The Rust type for a type reference; `ctx` names anonymous types.
    pub fn type_ref(&mut self, t: &'m TypeRef, ctx: &str, depth: usize) -> RsTy {
        match t {
            TypeRef::Named(q) => self.named_ty(q, depth),
            TypeRef::Anonymous(def) => match &**def {
                TypeDef::Complex(ct) => RsTy::Ref(self.new_struct(ctx, None, ct)),
                TypeDef::Simple(st) => self.simple_ty(st, ctx, depth),
            },
        }
    }

    /// The Rust type for a named type (built-in or user-defined).
    pub fn named_ty(&mut self, q: &QName, depth: usize) -> RsTy {
        if let Some(t) = self.named.get(q) {
            return t.clone();
        }
        let model = self.model;
        let simple = !matches!(model.schema.types.get(q), Some(TypeDef::Complex(_)));
        if let Some(t) = self.extern_ty(q, simple) {
            self.named.insert(q.clone(), t.clone());
            return t;
        }
        // WCF's serialization types keep their .NET meaning whatever their schema says.
        let wcf = builtins::wcf(&q.ns, &q.local);
        let ty = match (wcf, model.schema.types.get(q)) {
            (Some(b), _) => RsTy::Builtin(b),
            (None, Some(TypeDef::Complex(ct))) => self.complex_named(q, ct),
            (None, Some(TypeDef::Simple(st))) => self.simple_ty(st, &q.local, depth),
            (None, None) => match builtins::lookup(&q.ns, &q.local) {
                Some(BuiltinKind::Simple(b)) => RsTy::Builtin(b),
                Some(BuiltinKind::AnyType) => RsTy::Any,
                None => {
                    // The reader validated references; anything left is a
                    // type from a namespace we have no schema for.
                    RsTy::Builtin(Builtin::String)
                }
            },
        };
        self.named.insert(q.clone(), ty.clone());
        ty
    }

    /// The plain struct of a named complex type.
    fn struct_of(&mut self, q: &QName, ct: &'m ComplexType) -> TypeId {
        if let Some(id) = self.structs.get(q) {
            return *id;
        }
        let id = self.new_struct(&q.local, Some(q.clone()), ct);
        self.structs.insert(q.clone(), id);
        id
    }

    /// A named complex type: its struct, or, when other types derive from
    /// it, an enum over it and its derived types (chosen by `xsi:type`).
    fn complex_named(&mut self, q: &QName, ct: &'m ComplexType) -> RsTy {
        let base = self.struct_of(q, ct);
        let Some(derived) = self.derived_from(q) else {
            return RsTy::Ref(base);
        };
        let model = self.model;
        let mut vnames = NameSpace::new();
        let mut variants = Vec::new();
        if !ct.is_abstract {
            variants.push(PolyVariant {
                name: vnames.claim(&self.want_name(q)),
                xml: q.clone(),
                ty: base,
                boxed: false,
            });
        }
        for d in &derived {
            let Some(TypeDef::Complex(dct)) = model.schema.types.get(d) else {
                continue;
            };
            if dct.is_abstract {
                continue;
            }
            let ty = self.struct_of(d, dct);
            self.use_ns(&d.ns);
            variants.push(PolyVariant {
                name: vnames.claim(&self.want_name(d)),
                xml: d.clone(),
                ty,
                boxed: false,
            });
        }
        if variants.len() <= 1 && !ct.is_abstract {
            return RsTy::Ref(base);
        }
        if variants.is_empty() {
            return RsTy::Ref(base);
        }
        self.use_ns(&q.ns);
        let id = self.add(TypePlan::Poly(PolyDef {
            name: format!("{}Kind", self.want_name(q)),
            base: q.clone(),
            variants,
            default: true,
        }));
        RsTy::Ref(id)
    }

    /// The Rust type for a simple type: an enum for enumerations, else the
    /// built-in it derives from.
    pub fn simple_ty(&mut self, st: &'m SimpleType, ctx: &str, depth: usize) -> RsTy {
        if depth > MAX_DEPTH {
            return RsTy::Builtin(Builtin::String);
        }
        match &st.variety {
            SimpleVariety::Restriction {
                base, enumerations, ..
            } if !enumerations.is_empty() => {
                let base_ty = self.type_ref(base, ctx, depth + 1);
                if !matches!(base_ty, RsTy::Builtin(_) | RsTy::Ref(_)) {
                    return base_ty;
                }
                let mut vnames = NameSpace::with_reserved(&["Other"]);
                let variants = enumerations
                    .iter()
                    .map(|v| {
                        let want = enum_variant_name(&v.value);
                        (vnames.claim(&want), v.value.clone(), v.doc.clone())
                    })
                    .collect();
                let id = self.add(TypePlan::Enum(EnumDef {
                    name: ident::type_name(st.name.as_ref().map_or(ctx, |n| &n.local)),
                    xml: st.name.clone(),
                    doc: st.doc.clone(),
                    variants,
                }));
                self.wants[id.0].loc = Some(st.loc.clone());
                RsTy::Ref(id)
            }
            SimpleVariety::Restriction { base, .. } => match self.type_ref(base, ctx, depth + 1) {
                // A restriction of a complex type with simple content cannot
                // be a simple type; keep the lexical value.
                RsTy::Ref(id) if !self.types[id.0].is_text() => RsTy::Builtin(Builtin::String),
                t => t,
            },
            // Lists and unions keep their exact lexical form.
            SimpleVariety::List { .. } | SimpleVariety::Union { .. } => {
                RsTy::Builtin(Builtin::String)
            }
        }
    }

    /// Adds a choice enum.
    pub(super) fn add_choice(&mut self, def: ChoiceDef) -> TypeId {
        self.add(TypePlan::Choice(def))
    }

    /// Finishes: drains pending types, decides boxing and `Default`.
    /// Returns the plan and the names its types ask for.
    pub fn finish(mut self) -> (Plan, Vec<Want>) {
        self.drain();
        if self.opts.unwrap_arrays {
            super::arrays::unwrap_arrays(&mut self.types);
        }
        super::shapes::decide_boxing(&mut self.types);
        super::shapes::decide_default(&mut self.types);
        let notes =
            self.opts
                .custom
                .unused(&self.matched, &self.matched_fields, &self.model.schema);
        let plan = Plan {
            types: self.types,
            clients: Vec::new(),
            ops: Vec::new(),
            response_headers: Vec::new(),
            namespaces: self.namespaces,
            warnings: self.warnings,
            notes,
            extras: self.extras,
            directions: Vec::new(),
            fault_details: Vec::new(),
            generated: Vec::new(),
        };
        (plan, self.wants)
    }

    /// Whether an XML field name holds a secret.
    pub(super) fn is_sensitive(&self, xml_local: &str) -> bool {
        let l = xml_local.to_ascii_lowercase();
        self.opts
            .sensitive
            .iter()
            .any(|p| l.contains(&p.to_ascii_lowercase()))
    }
}

/// For every complex type, the complex types derived from it directly by
/// `complexContent` extension or restriction.
fn direct_derivations(model: &Model) -> BTreeMap<QName, Vec<QName>> {
    let mut direct: BTreeMap<QName, Vec<QName>> = BTreeMap::new();
    for (name, t) in &model.schema.types {
        if let TypeDef::Complex(ct) = t {
            if let ComplexContent::Extension { base, .. }
            | ComplexContent::Restriction { base, .. } = &ct.content
            {
                if base != name && matches!(model.schema.types.get(base), Some(TypeDef::Complex(_)))
                {
                    direct.entry(base.clone()).or_default().push(name.clone());
                }
            }
        }
    }
    direct
}

impl Planner<'_> {
    /// The complex types derived from `base` (directly or not), sorted;
    /// `None` when there are none.
    fn derived_from(&self, base: &QName) -> Option<Vec<QName>> {
        let mut all = std::collections::BTreeSet::new();
        let mut stack: Vec<&QName> = self.direct.get(base)?.iter().collect();
        while let Some(d) = stack.pop() {
            if d != base && all.insert(d) {
                if let Some(more) = self.direct.get(d) {
                    stack.extend(more);
                }
            }
        }
        Some(all.into_iter().cloned().collect())
    }
}

/// A variant name for an enumeration value.
fn enum_variant_name(value: &str) -> String {
    let camel = ident::camel(value);
    if camel.is_empty() {
        let named: String = value
            .chars()
            .map(|c| match c {
                '+' => "Plus".to_string(),
                '-' => "Minus".to_string(),
                '*' => "Star".to_string(),
                '/' => "Slash".to_string(),
                '.' => "Dot".to_string(),
                ' ' => "Space".to_string(),
                _ => String::new(),
            })
            .collect();
        return ident::fix(named, if value.is_empty() { "Empty" } else { "Value" });
    }
    ident::fix(camel, "Value")
}
