//! The last step of client planning, once boxing is decided: final parameter and result
//! shapes, and the sharing and naming of operation functions between ports.

use std::collections::HashMap;

use super::api::{ClientDef, OpFn, OpId, PartEncoding, Request, Response, ResponseHeaders, Take};
use super::clients::Drafts;
use super::{ElementField, RsTy, TypeId, TypePlan};
use crate::ident::NameSpace;

/// Once boxing is decided: gives wrapped parameters and returned fields
/// their final shapes, shares identical operation functions between ports
/// and names them. Returns the operation functions.
pub(super) fn settle(
    types: &[TypePlan],
    drafts: Drafts,
    unwrap_arrays: bool,
) -> (Vec<ClientDef>, Vec<OpFn>) {
    let Drafts {
        mut clients, ops, ..
    } = drafts;
    // Unnamed while sharing is decided (names are set at the end), so
    // candidates compare with `==`; indexed by operation and SOAPAction,
    // which equal functions share (a linear scan is quadratic in the
    // operations of a WSDL with thousands of them).
    let mut shared: Vec<OpFn> = Vec::new();
    let mut fn_names: Vec<String> = Vec::new();
    let mut by_action: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut names = NameSpace::new();
    for (client, ops) in clients.iter_mut().zip(ops) {
        for (method, mut op) in client.methods.iter_mut().zip(ops) {
            settle_shapes(types, &mut op);
            if unwrap_arrays {
                unwrap_parts(types, &mut op);
            }
            op.name.clear();
            // Two ports bind an operation alike when everything the
            // function does is equal: compare the plans, names aside.
            let candidates = by_action
                .entry((op.operation.clone(), op.soap_action.clone()))
                .or_default();
            let found = candidates.iter().copied().find(|&i| shared[i] == op);
            method.op = match found {
                Some(i) => OpId(i),
                None => {
                    fn_names
                        .push(names.claim(&format!("op_{}", method.name.trim_start_matches("r#"))));
                    candidates.push(shared.len());
                    shared.push(op);
                    OpId(shared.len() - 1)
                }
            };
        }
    }
    for (op, name) in shared.iter_mut().zip(fn_names) {
        op.name = name;
    }
    (clients, shared)
}

fn field<'t>(types: &'t [TypePlan], ty: TypeId, name: &str) -> Option<&'t ElementField> {
    match &types[ty.0] {
        TypePlan::Struct(s) => s.elements.iter().find(|f| f.name == name),
        _ => None,
    }
}

/// Parameters and results that are fields of a wrapper take the field's
/// exact shape (boxing included), so values move between them unchanged.
fn settle_shapes(types: &[TypePlan], op: &mut OpFn) {
    if let Request::Wrapped { ty, fields, .. } = &op.request {
        for (fname, pname) in fields {
            let (Some(f), Some(param)) = (
                field(types, *ty, fname),
                op.params.iter_mut().find(|p| p.name == *pname),
            ) else {
                continue;
            };
            param.shape = f.shape();
        }
    }
    if let Response::Element {
        ty: RsTy::Ref(id),
        take: Take::Field(fname),
        ..
    } = &op.response
    {
        if let Some(f) = field(types, *id, fname) {
            op.returns = Some(f.shape());
        }
    }
}

/// Response header blocks whose type is an array wrapper are given as
/// their items.
pub(super) fn unwrap_response_headers(types: &[TypePlan], rh: &mut ResponseHeaders) {
    rh.items = rh
        .fields
        .iter()
        .map(|(_, _, ty)| {
            super::arrays::items_field(types, ty).map(|f| (f.name.clone(), f.shape()))
        })
        .collect();
}

/// Body parts, headers and bare results whose type is an array wrapper
/// take the items (`Vec<T>`); the operation function wraps them, the
/// wrapper element stays on the wire.
fn unwrap_parts(types: &[TypePlan], op: &mut OpFn) {
    let items = |ty: &RsTy| {
        super::arrays::items_field(types, ty).map(|f| {
            let shape = f.shape();
            (shape, f.name.clone())
        })
    };
    let mut wrapped: Vec<(String, RsTy)> = Vec::new();
    if let Request::Parts { parts, .. } = &op.request {
        // A nillable part keeps `Option<Wrapper>`: nil and empty differ.
        wrapped.extend(
            parts
                .iter()
                .filter(|p| p.how != PartEncoding::Nillable)
                .map(|p| (p.param.clone(), p.ty.clone())),
        );
    }
    wrapped.extend(op.headers.iter().map(|(n, _, t)| (n.clone(), t.clone())));
    for (name, ty) in wrapped {
        let (Some((shape, field)), Some(param), &RsTy::Ref(id)) = (
            items(&ty),
            op.params.iter_mut().find(|p| p.name == name),
            &ty,
        ) else {
            continue;
        };
        param.shape = shape;
        param.wrap = Some((id, field));
    }
    if let Response::Element {
        ty,
        take: take @ Take::Whole,
        ..
    } = &mut op.response
    {
        if let Some((shape, field)) = items(ty) {
            *take = Take::Field(field);
            op.returns = Some(shape);
        }
    }
}
