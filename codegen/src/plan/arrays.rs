//! Array wrappers: a struct whose only content is one repeated element
//! (.NET's `ArrayOfX`, Axis' `ArrayOf_xsd_string`, ...) is used as `Vec<X>`
//! wherever a field holds it, the wrapper element kept on the wire.

use super::{ArrayWrap, ChoiceVariant, ElementField, Occurs, RsTy, TypeId, TypePlan};
use crate::model::QName;

/// What an array wrapper holds.
struct Items {
    field: String,
    xml: QName,
    ty: RsTy,
    max: Option<u32>,
    nillable: bool,
    /// Items are the alternatives of a choice (the enum is `ty`).
    choice: Option<TypeId>,
    /// SOAP-encoded array: any child element is an item.
    any_name: bool,
    /// The items are arrays themselves (`ArrayOfArrayOfX`).
    inner: Option<ArrayWrap>,
}

/// The items of `t` if it is an array wrapper: no attributes, text or
/// wildcard, exactly one element field (maybe a choice), repeated; its
/// items may be arrays of values (two levels at most).
fn items(t: &TypePlan) -> Option<Items> {
    let TypePlan::Struct(s) = t else { return None };
    let [f] = s.elements.as_slice() else {
        return None;
    };
    let Occurs::Many(max) = f.occurs else {
        return None;
    };
    let inner = match &f.array {
        None => None,
        Some(a) if matches!(a.occurs, Occurs::Many(_)) && a.inner.is_none() => Some(a.clone()),
        Some(_) => return None,
    };
    // Raw XML items (`ArrayOfanyType`) carry their own element name, in the
    // wrapper's field as in an unwrapped one.
    let plain = s.attributes.is_empty() && s.text.is_none() && s.any.is_none();
    plain.then(|| Items {
        field: f.name.clone(),
        xml: f.xml.clone(),
        ty: f.ty.clone(),
        max,
        nillable: f.nillable,
        choice: f.choice,
        any_name: f.any_name,
        inner,
    })
}

/// The items field of `ty` if it is an array wrapper whose items a
/// parameter or a result can hold directly (as the wrapper's field type).
pub(super) fn items_field<'t>(types: &'t [TypePlan], ty: &RsTy) -> Option<&'t ElementField> {
    let RsTy::Ref(id) = ty else { return None };
    let TypePlan::Struct(s) = &types[id.0] else {
        return None;
    };
    let [f] = s.elements.as_slice() else {
        return None;
    };
    let many = matches!(
        f.array.as_ref().map_or(f.occurs, |a| a.occurs),
        Occurs::Many(_)
    );
    (many
        && matches!(f.occurs, Occurs::Many(_))
        && !f.boxed
        && s.attributes.is_empty()
        && s.text.is_none()
        && s.any.is_none())
    .then_some(f)
}

/// Rewrites every single (required or optional) field whose type is an
/// array wrapper into a field of the items. Runs before boxing is decided
/// (a `Vec` never needs a box) and before `Default` (a `Vec` has one).
pub(super) fn unwrap_arrays(types: &mut [TypePlan]) {
    // Repeated wrappers first (jagged arrays), so that `ArrayOfArrayOfX`
    // becomes a wrapper of `Vec<X>` items.
    let wrappers: Vec<Option<Items>> = types.iter().map(items).collect();
    for t in types.iter_mut() {
        if let TypePlan::Struct(s) = t {
            for f in &mut s.elements {
                unwrap_repeated(f, &wrappers);
            }
        }
    }
    let wrappers: Vec<Option<Items>> = types.iter().map(items).collect();
    for t in types.iter_mut() {
        match t {
            TypePlan::Struct(s) => {
                for f in &mut s.elements {
                    unwrap_field(f, &wrappers);
                }
            }
            TypePlan::Choice(c) => {
                for v in &mut c.variants {
                    unwrap_variant(v, &wrappers);
                }
            }
            TypePlan::Enum(_) | TypePlan::Poly(_) | TypePlan::Extern(_) => {}
        }
    }
}

/// An alternative of a choice that is one array wrapper element holds the
/// items as `Vec<T>`. Items that are nillable, alternatives themselves or
/// any element stay wrapped: a variant has no place for them.
fn unwrap_variant(v: &mut ChoiceVariant, wrappers: &[Option<Items>]) {
    let RsTy::Ref(id) = v.ty else { return };
    let Some(items) = &wrappers[id.0] else { return };
    if v.many || items.nillable || items.choice.is_some() || items.any_name || items.inner.is_some()
    {
        return;
    }
    v.array = Some(ArrayWrap {
        wrapper: TypeId(id.0),
        field: items.field.clone(),
        item: items.xml.clone(),
        occurs: Occurs::Required,
        inner: None,
    });
    v.ty = items.ty.clone();
    v.many = true;
    v.boxed = false;
}

fn unwrap_field(f: &mut ElementField, wrappers: &[Option<Items>]) {
    let RsTy::Ref(id) = f.ty else { return };
    let Some(items) = &wrappers[id.0] else { return };
    if f.choice.is_some() || f.any_name || matches!(f.occurs, Occurs::Many(_)) {
        return;
    }
    f.array = Some(ArrayWrap {
        wrapper: TypeId(id.0),
        field: items.field.clone(),
        item: items.xml.clone(),
        occurs: f.occurs,
        inner: items.inner.clone().map(Box::new),
    });
    f.ty = items.ty.clone();
    f.occurs = Occurs::Many(items.max);
    f.nillable = items.nillable;
    f.boxed = false;
    f.choice = items.choice;
    f.any_name = items.any_name;
}

/// A repeated field whose type is an array wrapper of values holds
/// `Vec<Vec<T>>`: one wrapper element per inner `Vec`. A nil wrapper element
/// decodes as an empty inner `Vec` (nil and empty inner arrays are not told
/// apart; empty ones are written as empty wrapper elements).
fn unwrap_repeated(f: &mut ElementField, wrappers: &[Option<Items>]) {
    let RsTy::Ref(id) = f.ty else { return };
    let Some(items) = &wrappers[id.0] else { return };
    // Items that are arrays themselves would make a third level (and their
    // wrapper changes in this same pass): kept as they are.
    let nested = matches!(items.ty, RsTy::Ref(i) if wrappers[i.0].is_some());
    if f.choice.is_some()
        || f.any_name
        || f.array.is_some()
        || items.inner.is_some()
        || nested
        || !matches!(f.occurs, Occurs::Many(_))
    {
        return;
    }
    f.array = Some(ArrayWrap {
        wrapper: TypeId(id.0),
        field: items.field.clone(),
        item: items.xml.clone(),
        occurs: f.occurs,
        inner: None,
    });
    f.ty = items.ty.clone();
    f.occurs = Occurs::Many(items.max);
    f.nillable = items.nillable;
    f.boxed = false;
    f.choice = items.choice;
    f.any_name = items.any_name;
}
