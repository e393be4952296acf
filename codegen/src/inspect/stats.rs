//! Figures about the generated API, over the same plan the emitters use:
//! how many fields are `Option`, and how often an array wrapper type (a
//! struct whose only content is one repeated element, whatever its name)
//! still shows in a public field, variant or method signature.

use crate::plan::{Occurs, Plan, RsTy, Shape, TypeId, TypePlan};

/// Figures about one generated module's public API
/// ([`super::Inspection::api_stats`]); add them up over many WSDLs with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiStats {
    /// Fields of generated structs (elements, attributes, text) and of
    /// response header structs.
    pub fields: usize,
    /// Of those, fields whose type is `Option<…>`.
    pub option_fields: usize,
    /// Fields and choice variants whose type mentions an array wrapper type.
    pub wrapper_fields: usize,
    /// Client methods (one per operation per port).
    pub signatures: usize,
    /// Methods with a parameter or a result mentioning an array wrapper type.
    pub wrapper_signatures: usize,
    /// Declared faults whose detail type is an array wrapper type.
    pub wrapper_faults: usize,
    /// Generated (public) types that are array wrappers.
    pub wrapper_types: usize,
}

impl std::ops::AddAssign for ApiStats {
    fn add_assign(&mut self, o: Self) {
        self.fields += o.fields;
        self.option_fields += o.option_fields;
        self.wrapper_fields += o.wrapper_fields;
        self.signatures += o.signatures;
        self.wrapper_signatures += o.wrapper_signatures;
        self.wrapper_faults += o.wrapper_faults;
        self.wrapper_types += o.wrapper_types;
    }
}

impl std::fmt::Display for ApiStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let share = if self.fields == 0 {
            0.0
        } else {
            100.0 * self.option_fields as f64 / self.fields as f64
        };
        write!(
            f,
            "Option fields {}/{} ({share:.1}%); array wrappers: {} public types, {} fields/variants, {}/{} method signatures, {} fault details",
            self.option_fields,
            self.fields,
            self.wrapper_types,
            self.wrapper_fields,
            self.wrapper_signatures,
            self.signatures,
            self.wrapper_faults
        )
    }
}

/// Whether a planned type is an array wrapper: a struct with no
/// attributes, text or wildcard and one element field that repeats on the
/// wire (a field holding the items of an unwrapped array repeats only if
/// its wrapper element does).
fn is_wrapper(plan: &Plan, t: &RsTy) -> bool {
    let RsTy::Ref(id) = t else { return false };
    match &plan.types[id.0] {
        TypePlan::Struct(s) => {
            s.attributes.is_empty()
                && s.text.is_none()
                && s.any.is_none()
                && matches!(s.elements.as_slice(), [f] if matches!(
                    f.array.as_ref().map_or(f.occurs, |a| a.occurs),
                    Occurs::Many(_)
                ))
        }
        _ => false,
    }
}

fn is_option(s: &Shape) -> bool {
    s.occurs == Occurs::Optional || (s.occurs == Occurs::Required && s.nillable)
}

pub(super) fn api_stats(plan: &Plan) -> ApiStats {
    let mut st = ApiStats::default();
    for (i, t) in plan.types.iter().enumerate() {
        if !plan.generated.get(i).copied().unwrap_or(true) {
            continue;
        }
        match t {
            TypePlan::Struct(s) => {
                st.wrapper_types += usize::from(is_wrapper(plan, &RsTy::Ref(TypeId(i))));
                for f in &s.elements {
                    st.fields += 1;
                    st.option_fields += usize::from(is_option(&f.shape()));
                    st.wrapper_fields += usize::from(is_wrapper(plan, &f.ty));
                }
                for a in &s.attributes {
                    st.fields += 1;
                    st.option_fields += usize::from(!a.required);
                }
                st.fields += usize::from(s.text.is_some());
            }
            TypePlan::Choice(c) => {
                st.wrapper_fields += c
                    .variants
                    .iter()
                    .filter(|v| is_wrapper(plan, &v.ty))
                    .count();
            }
            TypePlan::Enum(_) | TypePlan::Poly(_) | TypePlan::Extern(_) => {}
        }
    }
    for rh in &plan.response_headers {
        for (i, (_, _, ty)) in rh.fields.iter().enumerate() {
            st.fields += 1;
            if rh.items.get(i).is_some_and(Option::is_some) {
                continue;
            }
            st.option_fields += 1;
            st.wrapper_fields += usize::from(is_wrapper(plan, ty));
        }
    }
    for m in plan.clients.iter().flat_map(|c| &c.methods) {
        let op = &plan.ops[m.op.0];
        st.signatures += 1;
        let wrapped = op
            .params
            .iter()
            .map(|p| &p.shape)
            .chain(&op.returns)
            .any(|s| is_wrapper(plan, &s.ty));
        st.wrapper_signatures += usize::from(wrapped);
        st.wrapper_faults += m
            .faults
            .iter()
            .filter(|f| matches!(&f.detail, Some((_, Some(t))) if is_wrapper(plan, t)))
            .count();
    }
    st
}
