//! Final type names, decided once everything is planned: the clients and
//! the types users construct or receive get the clean names first; types
//! hidden by unwrapping (request and response wrappers of the wrapped
//! convention, array wrappers) yield. Names of the std prelude and the
//! `soapgen_runtime` items of the API ([`ident::RESERVED_TYPES`]) are never
//! taken, unless the user renames a type
//! to one (customisation renames are given first, as asked). Every name that differs from
//! the one the XML name asks for is reported as a generator warning.

use std::collections::BTreeMap;

use super::api::{Request, Response, Take};
use super::{Plan, RsTy, TypeId, TypePlan};
use crate::ident::{self, NameSpace};
use crate::model::{Loc, Warning};

/// The name a type asks for, as recorded when it was planned.
#[derive(Debug, Clone)]
pub(super) struct Want {
    /// A name of its own (from an XML name), or the name of the type it is
    /// nested in followed by a suffix (anonymous types, choices): the
    /// nested name follows its parent's wanted name, not a numbered one.
    pub kind: WantKind,
    /// Where the type comes from, for the warning.
    pub loc: Option<Loc>,
    /// A struct for an element's anonymous type (else for a named type).
    pub element: bool,
}

/// See [`Want::kind`].
#[derive(Debug, Clone)]
pub(super) enum WantKind {
    /// Its own name.
    Plain(String),
    /// Parent's wanted name + suffix.
    Nested(TypeId, String),
    /// A rename the user asked for (customisation): given first, as is.
    Renamed(String),
    /// A user type (`extern_type`): no name to give.
    Extern,
}

/// Who holds a name, for the warning about a type that did not get it.
enum Holder {
    Reserved,
    Renamed,
    Client(String),
    Type(String),
    /// A choice enum (named after its struct, numbered, never reported).
    Choice,
}

/// Renames the clients, types and response header structs of `plan`.
pub(super) fn assign(plan: &mut Plan, wants: &[Want], entry: Option<&Loc>) {
    let base = base_wants(plan, wants);
    let visible = visible(plan);
    let mut names = NameSpace::new();
    let mut holders: BTreeMap<String, Holder> = ident::RESERVED_TYPES
        .iter()
        .map(|r| (r.to_string(), Holder::Reserved))
        .collect();
    let mut warnings = Vec::new();
    let mut take = |want: &str, what: String, holder: Holder, loc: Option<&Loc>| -> String {
        let unreserved = match holder {
            Holder::Renamed => want.to_string(),
            _ => ident::unreserved_type(want),
        };
        let got = names.claim(&unreserved);
        // A choice enum has no XML name: its numbered name is not a rename.
        let quiet = matches!(holder, Holder::Choice);
        if got != want && !quiet {
            let why = match holders.get(want) {
                Some(Holder::Reserved) => {
                    "a name of the std prelude or of `soapgen_runtime`'s API".to_string()
                }
                Some(Holder::Client(c)) => format!("the client of port `{c}`"),
                Some(Holder::Renamed) => "the rename of another type".to_string(),
                Some(Holder::Type(t)) => t.clone(),
                Some(Holder::Choice) => "a choice enum".to_string(),
                None => "taken".to_string(),
            };
            warnings.push(Warning {
                loc: loc.or(entry).cloned().unwrap_or_else(|| Loc {
                    file: "".into(),
                    line: 0,
                    col: 0,
                }),
                message: format!("{what} is named `{got}`: `{want}` is {why}"),
            });
        }
        holders.entry(got.clone()).or_insert(holder);
        got
    };
    // Renames the user asked for come first (they take reserved names too).
    for (i, w) in wants.iter().enumerate() {
        if let WantKind::Renamed(r) = &w.kind {
            let got = take(
                r,
                format!("the type renamed `{r}`"),
                Holder::Renamed,
                w.loc.as_ref(),
            );
            set_name(&mut plan.types[i], got);
        }
    }
    for c in &mut plan.clients {
        let want = ident::type_name(&c.port);
        let what = format!("the client of port `{}`", c.port);
        c.name = take(&want, what, Holder::Client(c.port.clone()), None);
    }
    let describe = |t: &TypePlan, want: &str, element: bool| -> String {
        match t {
            TypePlan::Struct(s) => match &s.xml {
                Some(x) if element => format!("the struct of element `{x}`"),
                Some(x) => format!("the struct of type `{x}`"),
                None => format!("the struct `{want}` (an anonymous type)"),
            },
            TypePlan::Enum(e) => match &e.xml {
                Some(x) => format!("the enum of type `{x}`"),
                None => format!("the enum `{want}` (an anonymous type)"),
            },
            TypePlan::Poly(p) => format!("the enum of type `{}` and its derived types", p.base),
            TypePlan::Choice(_) => format!("the choice enum `{want}`"),
            TypePlan::Extern(x) => format!("the user type `{}`", x.path),
        }
    };
    let named = |i: &usize| matches!(wants[*i].kind, WantKind::Plain(_) | WantKind::Nested(..));
    let order = (0..plan.types.len())
        .filter(named)
        .filter(|&i| visible[i])
        .map(Some)
        .chain([None])
        .chain(
            (0..plan.types.len())
                .filter(named)
                .filter(|&i| !visible[i])
                .map(Some),
        );
    for slot in order {
        let Some(i) = slot else {
            // The response header structs are returned by `…_with_headers`.
            for h in &mut plan.response_headers {
                let want = ident::type_name(&format!("{}ResponseHeaders", h.operation));
                let what = format!("the response headers of `{}`", h.operation);
                h.type_name = take(&want, what.clone(), Holder::Type(what), None);
            }
            continue;
        };
        let want = &base[i];
        let what = describe(&plan.types[i], want, wants[i].element);
        let holder = match plan.types[i] {
            TypePlan::Choice(_) => Holder::Choice,
            _ => Holder::Type(what.clone()),
        };
        let got = take(want, what, holder, wants[i].loc.as_ref());
        set_name(&mut plan.types[i], got);
    }
    plan.warnings.extend(warnings);
}

fn set_name(t: &mut TypePlan, name: String) {
    match t {
        TypePlan::Struct(s) => s.name = name,
        TypePlan::Enum(e) => e.name = name,
        TypePlan::Choice(c) => c.name = name,
        TypePlan::Poly(p) => p.name = name,
        TypePlan::Extern(_) => {}
    }
}

/// Each type's wanted name, nested names resolved (a parent is planned
/// before the types nested in it).
fn base_wants(plan: &Plan, wants: &[Want]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(wants.len());
    for (i, w) in wants.iter().enumerate() {
        let name = match &w.kind {
            WantKind::Plain(n) | WantKind::Renamed(n) => n.clone(),
            WantKind::Extern => String::new(),
            WantKind::Nested(p, suffix) if p.0 < i => format!("{}{suffix}", out[p.0]),
            WantKind::Nested(..) => plan.types[i].name().to_string(),
        };
        out.push(match &plan.types[i] {
            TypePlan::Choice(_) => item_choice(name),
            _ => name,
        });
    }
    out
}

/// A choice enum is named after its struct; the items of an `ArrayOfX`
/// wrapper are `XChoice`, not `ArrayOfXChoice`: the wrapper is usually
/// unwrapped, and the enum is then what users see, in a `Vec`.
fn item_choice(name: String) -> String {
    match name.strip_prefix("ArrayOf") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => name,
    }
}

/// The types that appear in the API: parameters, results, fault details,
/// response headers, and everything their fields reach. Wrappers the
/// unwrapping hides are not reached through their wrapped field.
pub(super) fn visible(plan: &Plan) -> Vec<bool> {
    let mut stack = Vec::new();
    let mut push = |t: &RsTy| {
        if let RsTy::Ref(id) = t {
            stack.push(*id);
        }
    };
    for op in &plan.ops {
        op.params.iter().for_each(|p| push(&p.shape.ty));
        if let Some(r) = &op.returns {
            push(&r.ty);
        }
        // A part given as array items shows the items, not its wrapper.
        if let Request::Parts { parts, .. } = &op.request {
            parts
                .iter()
                .filter(|p| {
                    !op.params
                        .iter()
                        .any(|q| q.name == p.param && q.wrap.is_some())
                })
                .for_each(|p| push(&p.ty));
        }
        if let Response::Element {
            ty,
            take: Take::Whole | Take::NilOrWhole,
            ..
        } = &op.response
        {
            push(ty);
        }
    }
    for m in plan.clients.iter().flat_map(|c| &c.methods) {
        for f in &m.faults {
            if let Some((_, Some(t))) = &f.detail {
                push(t);
            }
        }
    }
    for h in &plan.response_headers {
        for (i, (_, _, t)) in h.fields.iter().enumerate() {
            match h.items.get(i).and_then(Option::as_ref) {
                Some((_, items)) => push(&items.ty),
                None => push(t),
            }
        }
    }
    let mut seen = vec![false; plan.types.len()];
    while let Some(TypeId(i)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let mut next = |t: &RsTy| {
            if let RsTy::Ref(id) = t {
                stack.push(*id);
            }
        };
        match &plan.types[i] {
            TypePlan::Struct(s) => {
                s.elements.iter().for_each(|f| next(&f.ty));
                s.attributes.iter().for_each(|a| next(&a.ty));
                if let Some((_, t)) = &s.text {
                    next(t);
                }
            }
            TypePlan::Choice(c) => c.variants.iter().for_each(|v| next(&v.ty)),
            TypePlan::Poly(p) => p.variants.iter().for_each(|v| next(&RsTy::Ref(v.ty))),
            TypePlan::Enum(_) | TypePlan::Extern(_) => {}
        }
    }
    seen
}
