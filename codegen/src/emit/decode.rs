//! `Decode`: one streaming pass over the children of an element, matching
//! expanded names (never prefixes), enforcing `xs:sequence` order and
//! occurrence through a table of the element names the fields take (`Reader::field`);
//! elements no field takes go to `Reader::unknown_field` (skipped whole and logged, or
//! errors in strict mode; a namespace mismatch is named).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, Ctx};
use crate::plan::{ElementField, EnumDef, Occurs, PolyDef, RsTy, StructDef, TypePlan};

pub(super) fn emit_decode(cx: &Ctx<'_>, t: &TypePlan) -> TokenStream {
    match t {
        TypePlan::Struct(s) => decode_struct(cx, s),
        TypePlan::Enum(e) => decode_enum(cx, e),
        TypePlan::Choice(_) | TypePlan::Extern(_) => TokenStream::new(),
        TypePlan::Poly(p) => decode_poly(cx, p),
    }
}

fn decode_enum(cx: &Ctx<'_>, e: &EnumDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&e.name);
    quote! {
        impl #rt::xml::Decode for #name {
            fn decode(r: &mut #rt::xml::Reader<'_>, el: &#rt::xml::Element<'_>) -> ::std::result::Result<Self, #rt::DecodeError> {
                let s = r.read_text(el)?;
                ::std::result::Result::Ok(Self::from(&*s))
            }
        }
    }
}

/// The local variable holding a field while decoding.
fn var(i: usize) -> proc_macro2::Ident {
    format_ident!("f{}", i)
}

/// The arm(s) for an element field: its entry in the decoder's table of element
/// names (`(ns, local, position)`, see `Reader::field`) and what to do with a child
/// that is it. The arms are one flat `match` on the table index: no `else if` chain
/// (its nesting grows with the number of fields; rustc overflowed its stack on a type
/// with 7,500 fields) and no name test per field in the generated code.
fn field_arms(cx: &Ctx<'_>, i: usize, f: &ElementField) -> Vec<(TokenStream, TokenStream)> {
    let rt = cx.rt;
    let v = var(i);
    let pos = proc_macro2::Literal::usize_unsuffixed(f.position);
    if let Some(a) = &f.array {
        // The wrapper element, decoded by the wrapper type; repeated for
        // jagged arrays (a nil one is an empty inner array).
        let ns = cx.ns(&f.xml.ns);
        let local = f.xml.local.as_ref();
        let store = match a.occurs {
            Occurs::Many(max) => {
                let max = match max {
                    Some(n) => {
                        let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
                        quote!(::std::option::Option::Some(#n))
                    }
                    None => quote!(::std::option::Option::None),
                };
                quote!(r.repeated_nillable_field(&child, &mut #v, #max))
            }
            _ => quote!(r.optional_field(&child, &mut #v)),
        };
        return vec![(quote!((#ns, #local, #pos)), store)];
    }
    let choice = f.choice.and_then(|id| match &cx.plan.types[id.0] {
        TypePlan::Choice(c) => Some(c),
        _ => None,
    });
    if let Some(choice) = choice {
        let cname = ident(&choice.name);
        return choice
            .variants
            .iter()
            .map(|var_| {
                let ns = cx.ns(&var_.xml.ns);
                let local = var_.xml.local.as_ref();
                let vn = ident(&var_.name);
                let item_ty = cx.item_ty(&var_.ty);
                // A `Box` or `Vec` here (the variant's, the field's) is where a recursive
                // type can reach itself: the decode goes through the runtime's
                // stack-growth point, like boxed and repeated struct fields do.
                let recursion_point =
                    var_.boxed || var_.many || f.boxed || matches!(f.occurs, Occurs::Many(_));
                let mut value = if var_.boxed {
                    quote!(<::std::boxed::Box<#item_ty> as #rt::xml::Decode>::decode(r, &child)?)
                } else if recursion_point {
                    quote!(#rt::__private::decode_nested::<#item_ty>(r, &child)?)
                } else {
                    quote!(<#item_ty as #rt::xml::Decode>::decode(r, &child)?)
                };
                // An unwrapped array: the wrapper element, once, decoded by
                // the wrapper type; its items are the payload.
                let many = var_.many && var_.array.is_none();
                if let Some(a) = &var_.array {
                    let wrapper = cx.item_ty(&RsTy::Ref(a.wrapper));
                    let items = ident(&a.field);
                    value = quote!(#rt::__private::decode_nested::<#wrapper>(r, &child)?.#items);
                }
                // A boxed choice field (recursive types) holds `Box<Choice>`.
                let boxed = |e: TokenStream| if f.boxed { quote!(::std::boxed::Box::new(#e)) } else { e };
                let one = boxed(quote!(#cname::#vn(#value)));
                let first = boxed(quote!(#cname::#vn(::std::vec![#value])));
                let slot = if f.boxed { quote!(#v.as_deref_mut()) } else { quote!(&mut #v) };
                let store = match (f.occurs, many) {
                    (Occurs::Many(_), false) => quote!(#v.push(#cname::#vn(#value));),
                    (Occurs::Many(_), true) => quote!(#v.push(#cname::#vn(::std::vec![#value]));),
                    (_, false) => quote! {
                        if #v.is_some() {
                            return ::std::result::Result::Err(r.unexpected(&child, "at most one alternative of the choice"));
                        }
                        #v = ::std::option::Option::Some(#one);
                    },
                    (_, true) => quote! {
                        match #slot {
                            ::std::option::Option::None => #v = ::std::option::Option::Some(#first),
                            ::std::option::Option::Some(#cname::#vn(items)) => items.push(#value),
                            #[allow(unreachable_patterns)]
                            ::std::option::Option::Some(_) => return ::std::result::Result::Err(r.unexpected(&child, "at most one alternative of the choice")),
                        }
                    },
                };
                (
                    quote!((#ns, #local, #pos)),
                    quote!({ #store ::std::result::Result::Ok(()) }),
                )
            })
            .collect();
    }
    let ns = cx.ns(&f.xml.ns);
    let local = f.xml.local.as_ref();
    let max = match f.occurs {
        Occurs::Many(Some(n)) => {
            let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
            quote!(::std::option::Option::Some(#n))
        }
        _ => quote!(::std::option::Option::None),
    };
    let store = match (f.occurs, f.nillable) {
        (Occurs::Required, false) => quote!(r.required_field(&child, &mut #v)),
        (Occurs::Required, true) | (Occurs::Optional, _) => {
            quote!(r.optional_field(&child, &mut #v))
        }
        (Occurs::Many(_), false) => quote!(r.repeated_field(&child, &mut #v, #max)),
        (Occurs::Many(_), true) => quote!(r.repeated_nillable_field(&child, &mut #v, #max)),
    };
    // A field that takes any element has an empty name in the table.
    let local = if f.any_name { "" } else { local };
    vec![(quote!((#ns, #local, #pos)), store)]
}

fn decode_struct(cx: &Ctx<'_>, s: &StructDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&s.name);
    let mut lets = Vec::new();
    let mut inits = Vec::new();
    // Locals are `a{i}` (attributes) and `f{i}` (elements), never the fields' own names: an
    // attribute called `r`, `el` or `f1` would shadow the reader, the element or a field's
    // local. A field that happens to be called like its local is `x: x`, which clippy
    // flags, hence the `allow` then.
    let mut same_name = false;
    for (i, a) in s.attributes.iter().enumerate() {
        let f = ident(&a.name);
        let av = format_ident!("a{}", i);
        same_name |= f == av;
        let ns = cx.ns(&a.xml.ns);
        let local = a.xml.local.as_ref();
        let ty = cx.item_ty(&a.ty);
        let at = format!("@{local}");
        if a.required {
            lets.push(quote! {
                let #av: #ty = r.required(r.attribute_value(el, #ns, #local)?, el, #at)?;
            });
        } else {
            lets.push(
                quote!(let #av: ::std::option::Option<#ty> = r.attribute_value(el, #ns, #local)?;),
            );
        }
        inits.push(quote!(#f: #av,));
    }
    let has_children = !s.elements.is_empty() || s.any.is_some();
    if let Some((n, t)) = &s.text {
        let f = ident(n);
        let ty = cx.item_ty(t);
        if has_children {
            // Mixed content with fields: the text is not kept separately.
            inits.push(quote!(#f: ::std::default::Default::default(),));
        } else {
            lets.push(quote!(let #f = <#ty as #rt::xml::Decode>::decode(r, el)?;));
            inits.push(quote!(#f,));
        }
    }
    let mut arms = Vec::new();
    for (i, f) in s.elements.iter().enumerate() {
        let v = var(i);
        let fname = ident(&f.name);
        same_name |= fname == v;
        if let Some(a) = &f.array {
            // Decoded by the wrapper type; absent or nil is empty.
            let wrapper = cx.item_ty(&crate::plan::RsTy::Ref(a.wrapper));
            let items = ident(&a.field);
            if matches!(a.occurs, Occurs::Many(_)) {
                lets.push(quote!(let mut #v: ::std::vec::Vec<::std::option::Option<#wrapper>> = ::std::vec::Vec::new();));
                inits.push(quote!(#fname: #v.into_iter().map(|a| a.map(|a| a.#items).unwrap_or_default()).collect(),));
            } else {
                lets.push(quote!(let mut #v: ::std::option::Option<::std::option::Option<#wrapper>> = ::std::option::Option::None;));
                inits.push(quote!(#fname: #v.flatten().map(|a| a.#items).unwrap_or_default(),));
            }
            arms.extend(field_arms(cx, i, f));
            continue;
        }
        // Every local is declared with its type: left to inference, thousands of them
        // made type checking quadratic (15 s of `cargo check` for 2,500 fields).
        let fty = cx.shape_ty(&f.shape());
        match (f.occurs, f.choice.is_some()) {
            (Occurs::Many(_), _) => {
                lets.push(quote!(let mut #v: #fty = ::std::vec::Vec::new();));
                inits.push(quote!(#fname: #v,));
            }
            (Occurs::Required, true) => {
                lets.push(
                    quote!(let mut #v: ::std::option::Option<#fty> = ::std::option::Option::None;),
                );
                let what = choice_names(cx, f);
                inits.push(quote!(#fname: r.required(#v, el, #what)?,));
            }
            (Occurs::Optional, true) => {
                lets.push(quote!(let mut #v: #fty = ::std::option::Option::None;));
                inits.push(quote!(#fname: #v,));
            }
            (Occurs::Required, false) => {
                lets.push(
                    quote!(let mut #v: ::std::option::Option<#fty> = ::std::option::Option::None;),
                );
                let local = f.xml.local.as_ref();
                inits.push(quote!(#fname: r.required(#v, el, #local)?,));
            }
            (Occurs::Optional, false) => {
                lets.push(
                    quote!(let mut #v: ::std::option::Option<#fty> = ::std::option::Option::None;),
                );
                inits.push(quote!(#fname: #v.flatten(),));
            }
        }
        arms.extend(field_arms(cx, i, f));
    }
    // What to do with a child no field takes, as a `Result<(), DecodeError>`.
    let fallback = match &s.any {
        Some(n) => {
            let f = ident(n);
            lets.push(
                quote!(let mut #f: ::std::vec::Vec<#rt::xml::AnyElement> = ::std::vec::Vec::new();),
            );
            inits.push(quote!(#f,));
            quote!(<#rt::xml::AnyElement as #rt::xml::Decode>::decode(r, &child).map(|v| #f.push(v)))
        }
        None if arms.is_empty() => quote!(r.unknown(&child, &[])),
        None => quote!(r.unknown_field(&child, FIELDS)),
    };
    let children = if s.text.is_some() && !has_children {
        TokenStream::new()
    } else if arms.is_empty() {
        quote! {
            while let ::std::option::Option::Some(child) = r.next_child()? {
                #fallback?;
            }
        }
    } else {
        // Every arm is a `Result`, propagated once: one `?` per struct, not per field,
        // keeps the decoder's control flow (and rustc's borrow checking) small.
        let (entries, stores): (Vec<_>, Vec<_>) = arms.into_iter().unzip();
        let idx = (0..stores.len()).map(proc_macro2::Literal::usize_unsuffixed);
        quote! {
            const FIELDS: &[#rt::xml::FieldName<'static>] = &[#(#entries),*];
            let mut at = 0usize;
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match r.field(&child, FIELDS, &mut at)? {
                    #(::std::option::Option::Some(#idx) => #stores,)*
                    _ => #fallback,
                }?;
            }
        }
    };
    let el_used = !s.attributes.is_empty()
        || s.text.is_some()
        || s.elements.iter().any(|f| f.occurs == Occurs::Required);
    let el = if el_used { quote!(el) } else { quote!(_el) };
    let allow = if same_name {
        quote!(#[allow(clippy::redundant_field_names)])
    } else {
        TokenStream::new()
    };
    quote! {
        impl #rt::xml::Decode for #name {
            #allow
            fn decode(r: &mut #rt::xml::Reader<'_>, #el: &#rt::xml::Element<'_>) -> ::std::result::Result<Self, #rt::DecodeError> {
                #(#lets)*
                #children
                ::std::result::Result::Ok(Self {
                    #(#inits)*
                })
            }
        }
    }
}

fn choice_names(cx: &Ctx<'_>, f: &ElementField) -> String {
    let Some(id) = f.choice else {
        return String::new();
    };
    match &cx.plan.types[id.0] {
        TypePlan::Choice(c) => c
            .variants
            .iter()
            .map(|v| v.xml.local.to_string())
            .collect::<Vec<_>>()
            .join("|"),
        _ => String::new(),
    }
}

fn decode_poly(cx: &Ctx<'_>, p: &PolyDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&p.name);
    let wrap = |v: &crate::plan::PolyVariant| {
        let n = ident(&v.name);
        let ty = cx.item_ty(&RsTy::Ref(v.ty));
        // A boxed variant can be where a recursive type reaches itself: `Box<T>`'s
        // `Decode` is the runtime's stack-growth point.
        let value = if v.boxed {
            quote!(<::std::boxed::Box<#ty> as #rt::xml::Decode>::decode(r, el)?)
        } else {
            quote!(<#ty as #rt::xml::Decode>::decode(r, el)?)
        };
        quote!(Self::#n(#value))
    };
    let arms = p.variants.iter().filter(|v| v.xml != p.base).map(|v| {
        let ns = cx.ns(&v.xml.ns);
        let local = v.xml.local.as_ref();
        let value = wrap(v);
        quote!(::std::option::Option::Some((ns, local)) if ns == #ns && local == #local => #value,)
    });
    // Without `xsi:type` (or with an unknown one) the declared type is read;
    // an abstract base has no variant of its own, so its first derived type
    // stands in.
    let fallback = p.variants.first().map(wrap).unwrap_or_else(|| {
        // A type with no decodable member (the plan never makes one, but generated
        // code must not panic on input): a typed error.
        quote!(return ::std::result::Result::Err(r.error_for(
            el,
            #rt::DecodeErrorKind::UnexpectedElement,
            "no type to decode this element as",
        )))
    });
    quote! {
        impl #rt::xml::Decode for #name {
            fn decode(r: &mut #rt::xml::Reader<'_>, el: &#rt::xml::Element<'_>) -> ::std::result::Result<Self, #rt::DecodeError> {
                let ty = el.xsi_type(r);
                ::std::result::Result::Ok(match ty.as_ref().map(|(ns, local)| (&**ns, &**local)) {
                    #(#arms)*
                    _ => #fallback,
                })
            }
        }
    }
}
