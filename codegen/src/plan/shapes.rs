//! Shapes decided once the arena is complete: which fields need a `Box`
//! (a type reaching itself other than through a `Vec`) and which types
//! implement `Default`. Every emitter uses these decisions as they are.

use super::{Occurs, RsTy, TypeId, TypePlan};

/// Marks fields that need `Box`: a struct reaching itself through fields
/// that are not behind a `Vec`.
pub(super) fn decide_boxing(types: &mut [TypePlan]) {
    let edges = |t: &TypePlan| -> Vec<TypeId> {
        match t {
            TypePlan::Struct(s) => s
                .elements
                .iter()
                .filter(|f| !matches!(f.occurs, Occurs::Many(_)))
                .filter_map(|f| {
                    if let RsTy::Ref(id) = f.ty {
                        Some(id)
                    } else {
                        None
                    }
                })
                .collect(),
            TypePlan::Choice(c) => c
                .variants
                .iter()
                .filter(|v| !v.many)
                .filter_map(|v| {
                    if let RsTy::Ref(id) = v.ty {
                        Some(id)
                    } else {
                        None
                    }
                })
                .collect(),
            TypePlan::Poly(p) => p.variants.iter().map(|v| v.ty).collect(),
            TypePlan::Enum(_) | TypePlan::Extern(_) => Vec::new(),
        }
    };
    let graph: Vec<Vec<TypeId>> = types.iter().map(edges).collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut seen = vec![false; graph.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if std::mem::replace(&mut seen[n.0], true) {
                continue;
            }
            stack.extend(graph[n.0].iter().copied());
        }
        false
    };
    let boxes: Vec<Vec<usize>> = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let me = TypeId(i);
            let targets: Vec<(Option<TypeId>, bool)> = match t {
                TypePlan::Struct(s) => s
                    .elements
                    .iter()
                    .map(|f| {
                        (
                            if let RsTy::Ref(id) = f.ty {
                                Some(id)
                            } else {
                                None
                            },
                            matches!(f.occurs, Occurs::Many(_)),
                        )
                    })
                    .collect(),
                TypePlan::Choice(c) => c
                    .variants
                    .iter()
                    .map(|v| {
                        (
                            if let RsTy::Ref(id) = v.ty {
                                Some(id)
                            } else {
                                None
                            },
                            v.many,
                        )
                    })
                    .collect(),
                TypePlan::Poly(p) => p.variants.iter().map(|v| (Some(v.ty), false)).collect(),
                TypePlan::Enum(_) | TypePlan::Extern(_) => Vec::new(),
            };
            targets
                .iter()
                .enumerate()
                .filter(|(_, (t, many))| !many && t.is_some_and(|t| reaches(t, me)))
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    for (t, b) in types.iter_mut().zip(boxes) {
        match t {
            TypePlan::Struct(s) => b.iter().for_each(|&k| s.elements[k].boxed = true),
            TypePlan::Choice(c) => b.iter().for_each(|&k| c.variants[k].boxed = true),
            TypePlan::Poly(p) => b.iter().for_each(|&k| p.variants[k].boxed = true),
            TypePlan::Enum(_) | TypePlan::Extern(_) => {}
        }
    }
}

/// `Default` is derived when every non-optional field's type has one; an
/// enumeration defaults to its first value, a choice to its first
/// alternative, a derived-type enum to its first type (the base unless it
/// is abstract).
pub(super) fn decide_default(types: &mut [TypePlan]) {
    loop {
        let mut changed = false;
        for i in 0..types.len() {
            let ty_ok = |t: &RsTy| match t {
                RsTy::Builtin(b) => b.has_default(),
                RsTy::Any => true,
                RsTy::Ref(id) => match &types[id.0] {
                    TypePlan::Struct(o) => o.default,
                    TypePlan::Poly(p) => p.default,
                    TypePlan::Choice(c) => c.default,
                    TypePlan::Enum(e) => !e.variants.is_empty(),
                    // The documented requirement of an extern type.
                    TypePlan::Extern(_) => true,
                },
            };
            let ok = match &types[i] {
                TypePlan::Struct(s) => {
                    s.elements
                        .iter()
                        // A boxed required field is recursive: no default.
                        .all(|f| {
                            f.occurs != Occurs::Required || f.nillable || (!f.boxed && ty_ok(&f.ty))
                        })
                        && s.attributes.iter().all(|a| !a.required || ty_ok(&a.ty))
                        && s.text.as_ref().is_none_or(|(_, t)| ty_ok(t))
                }
                TypePlan::Poly(p) => p
                    .variants
                    .first()
                    .is_some_and(|v| !v.boxed && ty_ok(&RsTy::Ref(v.ty))),
                TypePlan::Choice(c) => c
                    .variants
                    .first()
                    .is_some_and(|v| v.many || (!v.boxed && ty_ok(&v.ty))),
                TypePlan::Enum(_) | TypePlan::Extern(_) => continue,
            };
            let slot = match &mut types[i] {
                TypePlan::Struct(s) => &mut s.default,
                TypePlan::Poly(p) => &mut p.default,
                TypePlan::Choice(c) => &mut c.default,
                TypePlan::Enum(_) | TypePlan::Extern(_) => continue,
            };
            if *slot && !ok {
                *slot = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
