//! Complex-type content → struct fields: sequences flattened, choices of
//! elements as enums, `xs:all` as one unordered position, extension bases
//! first, attributes and simple content.

use super::types::{Planner, MAX_DEPTH};
use super::{AttributeField, Builtin, ChoiceDef, ChoiceVariant, ElementField, Occurs, RsTy};
use crate::ident::{self, NameSpace};
use crate::model::{
    AttributeDecl, AttributeItem, ComplexContent, ComplexType, MaxOccurs, Particle, QName, Term,
    TypeDef, TypeRef, Warning,
};

/// The collected content of one struct.
pub(super) struct Content {
    pub attributes: Vec<AttributeField>,
    pub elements: Vec<ElementField>,
    pub text: Option<(String, RsTy)>,
    pub any: Option<String>,
    pub soap_array: Option<QName>,
}

/// Walks a complex type's content model.
pub(super) struct Collector<'a, 'm> {
    p: &'a mut Planner<'m>,
    ctx: String,
    names: NameSpace,
    attributes: Vec<AttributeField>,
    elements: Vec<ElementField>,
    text: Option<RsTy>,
    any: bool,
    position: usize,
    soap_array: Option<QName>,
    /// Field renames (XML local name → Rust name) of the struct's
    /// customisation, and the struct's XML name.
    renames: Option<(QName, std::collections::BTreeMap<String, String>)>,
    given: std::collections::BTreeSet<String>,
    /// Where the collected type is declared (for rename warnings).
    loc: Option<crate::model::Loc>,
}

/// Combined occurrence of a particle inside its parents.
fn combine(outer: Occurs, min: u32, max: MaxOccurs) -> Occurs {
    let inner = match max {
        MaxOccurs::Bounded(0) | MaxOccurs::Bounded(1) if min >= 1 => Occurs::Required,
        MaxOccurs::Bounded(0) | MaxOccurs::Bounded(1) => Occurs::Optional,
        MaxOccurs::Bounded(n) => Occurs::Many(Some(n)),
        MaxOccurs::Unbounded => Occurs::Many(None),
    };
    match (outer, inner) {
        (Occurs::Required, i) => i,
        (Occurs::Optional, Occurs::Required) => Occurs::Optional,
        (Occurs::Optional, i) => i,
        (Occurs::Many(_), _) => Occurs::Many(None),
    }
}

impl<'a, 'm> Collector<'a, 'm> {
    pub fn new(p: &'a mut Planner<'m>, ctx: &str) -> Self {
        Collector {
            p,
            ctx: ctx.to_string(),
            names: NameSpace::new(),
            attributes: Vec::new(),
            elements: Vec::new(),
            text: None,
            any: false,
            position: 0,
            soap_array: None,
            renames: None,
            given: Default::default(),
            loc: None,
        }
    }

    /// Applies the field renames customised for the struct `{ns}local`:
    /// their names are kept for them.
    pub fn rename_fields(&mut self, xml: QName) {
        let Some(fields) = self.p.opts.custom.get(&xml).map(|c| c.fields.clone()) else {
            return;
        };
        if fields.is_empty() {
            return;
        }
        let targets: Vec<&str> = fields.values().map(String::as_str).collect();
        self.names = NameSpace::with_reserved(&targets);
        self.renames = Some((xml, fields));
    }

    /// The field name for an element or attribute: its customised rename
    /// (the first field of that local name), or from the XML name.
    fn field_name(&mut self, local: &str) -> String {
        if let Some((xml, fields)) = &self.renames {
            if let Some(n) = fields.get(local) {
                self.p
                    .matched_fields
                    .insert((xml.clone(), local.to_string()));
                // Reserved for it; an attribute and an element of the same
                // local name: the second is numbered.
                if self.given.insert(n.clone()) {
                    return n.clone();
                }
                return self.names.claim(n);
            }
        }
        let want = ident::field_name(local);
        let got = self.names.claim(&want);
        if got != want {
            if let Some(loc) = self.loc.clone() {
                let message = format!(
                    "field {} is named `{got}`: another field of the type is `{want}`",
                    crate::markdown::code(local),
                );
                self.warn(&loc, message);
            }
        }
        got
    }

    pub fn finish(mut self) -> Content {
        let text = self.text.take().map(|t| (self.names.claim("value"), t));
        let any = self.any.then(|| self.names.claim("any"));
        Content {
            attributes: self.attributes,
            elements: self.elements,
            text,
            any,
            soap_array: self.soap_array,
        }
    }

    fn warn(&mut self, loc: &crate::model::Loc, message: String) {
        self.p.warnings.push(Warning {
            loc: loc.clone(),
            message,
        });
    }

    /// Collects a complex type (its base first).
    pub fn complex(&mut self, ct: &'m ComplexType, depth: usize) {
        if self.loc.is_none() {
            self.loc = Some(ct.loc.clone());
        }
        if depth > MAX_DEPTH {
            self.warn(
                &ct.loc,
                "type derivation too deep; content kept as raw XML".into(),
            );
            self.any = true;
            return;
        }
        match &ct.content {
            ComplexContent::Empty => {}
            ComplexContent::Particle(p) => self.particle(p, Occurs::Required, depth),
            ComplexContent::Simple { base, .. } => self.simple_base(base, depth),
            ComplexContent::Extension { base, particle } => {
                self.base(base, depth);
                if let Some(p) = particle {
                    self.particle(p, Occurs::Required, depth);
                }
            }
            ComplexContent::Restriction { base, particle } => match particle {
                Some(p) => self.particle(p, Occurs::Required, depth),
                None if base.is(crate::model::SOAP_ENC_NS, "Array") => match &ct.array_type {
                    // `wsdl:arrayType="tns:Item[]"`: items of that type, whatever
                    // their element names.
                    Some(at) if !at.dims.contains("][") && !at.dims.contains(',') => {
                        let ty = self.p.named_ty(&at.item, depth + 1);
                        self.element(QName::new("", "item"), ty, Occurs::Many(None), false, None);
                        if let Some(f) = self.elements.last_mut() {
                            f.any_name = true;
                        }
                        self.soap_array = Some(at.item.clone());
                    }
                    _ => self.any = true,
                },
                None => self.base(base, depth),
            },
        }
        if ct.mixed && self.text.is_none() && self.elements.is_empty() {
            self.any = true;
        }
        for a in &ct.attributes {
            self.attribute_item(a, depth);
        }
    }

    /// The content of a base type of an extension.
    fn base(&mut self, base: &QName, depth: usize) {
        let model = self.p.model;
        match model.schema.types.get(base) {
            Some(TypeDef::Complex(b)) => self.complex(b, depth + 1),
            Some(TypeDef::Simple(_)) | None => match self.p.named_ty(base, depth + 1) {
                RsTy::Any => self.any = true,
                t => self.text = Some(t),
            },
        }
    }

    /// `xs:simpleContent`: the text type, and attributes of a complex base.
    fn simple_base(&mut self, base: &'m TypeRef, depth: usize) {
        let model = self.p.model;
        if let TypeRef::Named(q) = base {
            if let Some(TypeDef::Complex(b)) = model.schema.types.get(q) {
                return self.complex(b, depth + 1);
            }
        }
        let ctx = format!("{}Value", self.ctx);
        self.text = Some(match self.p.type_ref(base, &ctx, depth + 1) {
            RsTy::Ref(id) if !self.p.types[id.0].is_text() => RsTy::Builtin(Builtin::String),
            RsTy::Any => RsTy::Builtin(Builtin::String),
            t => t,
        });
    }

    fn particle(&mut self, p: &'m Particle, outer: Occurs, depth: usize) {
        if depth > MAX_DEPTH {
            self.any = true;
            return;
        }
        if p.max == MaxOccurs::Bounded(0) {
            return;
        }
        let occurs = combine(outer, p.min, p.max);
        match &p.term {
            Term::Element(le) => {
                let ctx = format!("{}{}", self.ctx, ident::camel(&le.name.local));
                let ty = self.p.type_ref(&le.ty, &ctx, depth + 1);
                self.element(le.name.clone(), ty, occurs, le.nillable, le.doc.clone());
            }
            Term::ElementRef(q) if self.p.model.schema.substitutions.contains_key(q) => {
                self.substitution_group(q, occurs);
            }
            Term::ElementRef(q) => {
                let ty = self.p.element_ty(q).unwrap_or(RsTy::Any);
                let model = self.p.model;
                let decl = model.schema.elements.get(q);
                let nillable = decl.is_some_and(|d| d.nillable);
                let doc = decl.and_then(|d| d.doc.clone());
                self.element(q.clone(), ty, occurs, nillable, doc);
            }
            Term::Sequence(items) => {
                for it in items {
                    self.particle(it, occurs, depth + 1);
                }
            }
            Term::All(items) => {
                let start = self.position;
                for it in items {
                    self.position = start;
                    self.particle(it, occurs, depth + 1);
                }
                self.position = start + 1;
            }
            Term::Choice(items) => self.choice(items, occurs, depth),
            Term::GroupRef(q) => {
                let model = self.p.model;
                if let Some(g) = model.schema.groups.get(q) {
                    self.particle(&g.particle, occurs, depth + 1);
                }
            }
            Term::Any { .. } => self.any = true,
        }
    }

    fn element(
        &mut self,
        xml: QName,
        ty: RsTy,
        occurs: Occurs,
        nillable: bool,
        doc: Option<String>,
    ) {
        // A second declaration of the same element name in one content model
        // (e.g. repeated in two choice branches) merges into one repeated field.
        if let Some(f) = self
            .elements
            .iter_mut()
            .find(|f| f.xml == xml && f.choice.is_none())
        {
            f.occurs = Occurs::Many(None);
            return;
        }
        self.p.use_ns(&xml.ns);
        let name = self.field_name(&xml.local);
        let sensitive =
            matches!(ty, RsTy::Builtin(Builtin::String)) && self.p.is_sensitive(&xml.local);
        self.elements.push(ElementField {
            name,
            xml,
            ty,
            occurs,
            nillable,
            boxed: false,
            position: self.position,
            doc,
            sensitive,
            choice: None,
            any_name: false,
            array: None,
        });
        self.position += 1;
    }

    /// `xs:choice`: an enum when every alternative is a single element;
    /// otherwise the alternatives' fields become optional.
    fn choice(&mut self, items: &'m [Particle], occurs: Occurs, depth: usize) {
        let simple = items
            .iter()
            .all(|it| matches!(it.term, Term::Element(_) | Term::ElementRef(_)));
        if !simple || items.is_empty() {
            let inner = if matches!(occurs, Occurs::Many(_)) {
                occurs
            } else {
                Occurs::Optional
            };
            for it in items {
                self.particle(it, inner, depth + 1);
            }
            return;
        }
        let enum_name = format!("{}Choice", self.ctx);
        let mut vnames = NameSpace::new();
        let mut variants = Vec::new();
        for it in items {
            let (xml, ty) = match &it.term {
                Term::Element(le) => {
                    let ctx = format!("{}{}", self.ctx, ident::camel(&le.name.local));
                    (le.name.clone(), self.p.type_ref(&le.ty, &ctx, depth + 1))
                }
                Term::ElementRef(q) => (q.clone(), self.p.element_ty(q).unwrap_or(RsTy::Any)),
                _ => continue,
            };
            self.p.use_ns(&xml.ns);
            variants.push(ChoiceVariant {
                name: vnames.claim(&ident::type_name(&xml.local)),
                xml,
                ty,
                many: !matches!(it.max, MaxOccurs::Bounded(0) | MaxOccurs::Bounded(1)),
                boxed: false,
                array: None,
            });
        }
        let occurs = if items.iter().any(|it| it.min == 0) && occurs == Occurs::Required {
            Occurs::Optional
        } else {
            occurs
        };
        self.push_choice(enum_name, None, variants, occurs, "choice");
    }

    /// A reference to the head of a substitution group: any non-abstract
    /// member (transitively) may stand in its place, so it becomes a choice.
    fn substitution_group(&mut self, head: &QName, occurs: Occurs) {
        let model = self.p.model;
        let mut members = Vec::new();
        let mut stack = vec![head.clone()];
        while let Some(q) = stack.pop() {
            if members.contains(&q) {
                continue;
            }
            if let Some(more) = model.schema.substitutions.get(&q) {
                stack.extend(more.iter().rev().cloned());
            }
            members.push(q);
        }
        let mut vnames = NameSpace::new();
        let mut variants = Vec::new();
        for q in members {
            if model.schema.elements.get(&q).is_some_and(|d| d.is_abstract) {
                continue;
            }
            let ty = self.p.element_ty(&q).unwrap_or(RsTy::Any);
            self.p.use_ns(&q.ns);
            variants.push(ChoiceVariant {
                name: vnames.claim(&ident::type_name(&q.local)),
                xml: q,
                ty,
                many: false,
                boxed: false,
                array: None,
            });
        }
        if variants.is_empty() {
            self.any = true;
            return;
        }
        let doc = format!(
            "{} or an element of its substitution group.",
            crate::markdown::code(&head.to_string())
        );
        let name = format!("{}{}", self.ctx, ident::type_name(&head.local));
        self.push_choice(
            name,
            Some(doc),
            variants,
            occurs,
            &ident::field_name(&head.local),
        );
    }

    fn push_choice(
        &mut self,
        enum_name: String,
        doc: Option<String>,
        variants: Vec<ChoiceVariant>,
        occurs: Occurs,
        field: &str,
    ) {
        let id = self.p.add_choice(ChoiceDef {
            name: enum_name,
            doc,
            variants,
            default: true,
        });
        let name = self.names.claim(field);
        self.elements.push(ElementField {
            name,
            xml: QName::new("", ""),
            ty: RsTy::Ref(id),
            occurs,
            nillable: false,
            boxed: false,
            position: self.position,
            doc: None,
            sensitive: false,
            choice: Some(id),
            any_name: false,
            array: None,
        });
        self.position += 1;
    }

    fn attribute_item(&mut self, a: &'m AttributeItem, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let model = self.p.model;
        match a {
            AttributeItem::Attribute(d) => self.attribute(d, d.required, d.default.is_some()),
            AttributeItem::Ref {
                name,
                required,
                default,
                ..
            } => {
                if let Some(d) = model.schema.attributes.get(name) {
                    self.attribute(d, *required, default.is_some() || d.default.is_some());
                }
            }
            AttributeItem::GroupRef(q, _) => {
                if let Some(g) = model.schema.attribute_groups.get(q) {
                    for it in &g.attributes {
                        self.attribute_item(it, depth + 1);
                    }
                }
            }
        }
    }

    fn attribute(&mut self, d: &'m AttributeDecl, required: bool, has_default: bool) {
        if d.prohibited || self.attributes.iter().any(|f| f.xml == d.name) {
            return;
        }
        let ctx = format!("{}{}", self.ctx, ident::camel(&d.name.local));
        let ty = match self.p.type_ref(&d.ty, &ctx, 1) {
            RsTy::Ref(id) if !self.p.types[id.0].is_text() => RsTy::Builtin(Builtin::String),
            RsTy::Any => RsTy::Builtin(Builtin::String),
            t => t,
        };
        self.p.use_ns(&d.name.ns);
        let name = self.field_name(&d.name.local);
        let sensitive =
            matches!(ty, RsTy::Builtin(Builtin::String)) && self.p.is_sensitive(&d.name.local);
        self.attributes.push(AttributeField {
            name,
            xml: d.name.clone(),
            ty,
            required: required && !has_default,
            doc: d.doc.clone(),
            sensitive,
        });
    }
}
