//! Which planned types are generated: those the public API shows (in a
//! parameter, a result, a header, a fault detail, or a field or variant of
//! such a type) and those the generated code needs to encode or decode. An
//! array wrapper whose every holder was unwrapped and that is only sent is
//! neither, and is not generated.

use super::{Plan, RsTy, TypeId, TypePlan};

/// Per type: whether it is generated.
pub(super) fn generated(plan: &Plan) -> Vec<bool> {
    let mut roots: Vec<TypeId> = Vec::new();
    let mut push = |t: &RsTy| {
        if let RsTy::Ref(id) = t {
            roots.push(*id);
        }
    };
    for op in &plan.ops {
        op.params.iter().for_each(|p| push(&p.shape.ty));
        op.returns.iter().for_each(|s| push(&s.ty));
    }
    for rh in &plan.response_headers {
        rh.fields.iter().for_each(|(_, _, t)| push(t));
    }
    for m in plan.clients.iter().flat_map(|c| &c.methods) {
        for f in &m.faults {
            if let Some((_, Some(t))) = &f.detail {
                push(t);
            }
        }
    }
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
    seen.iter()
        .zip(&plan.directions)
        .map(|(&public, &(enc, dec))| public || enc || dec)
        .collect()
}
