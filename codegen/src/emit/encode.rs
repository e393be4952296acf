//! `Encode` (and `TextValue` for enumerations): plain generated functions
//! over the runtime's XML writer — no serde, cheap to compile.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Ctx};
use crate::model::QName;
use crate::plan::{
    ChoiceDef, ElementField, EnumDef, Occurs, PolyDef, RsTy, StructDef, TypeId, TypePlan,
};

pub(super) fn emit_encode(cx: &Ctx<'_>, t: &TypePlan) -> TokenStream {
    match t {
        TypePlan::Struct(s) => encode_struct(cx, s),
        TypePlan::Enum(e) => encode_enum(cx, e),
        TypePlan::Choice(c) => encode_choice(cx, c),
        TypePlan::Poly(p) => encode_poly(cx, p),
        TypePlan::Extern(_) => TokenStream::new(),
    }
}

/// Writes one element holding `value` (an expression of type `&T`).
pub(super) fn write_one(
    cx: &Ctx<'_>,
    ns: &str,
    local: &str,
    ty: &RsTy,
    value: TokenStream,
) -> TokenStream {
    let rt = cx.rt;
    match ty {
        // Raw XML carries its own element.
        RsTy::Any => quote!(#rt::xml::Encode::encode_content(#value, w);),
        _ => {
            let ns = cx.ns(ns);
            quote!(w.element(#ns, #local, #value);)
        }
    }
}

/// Writes wrapper element `xml` (of array wrapper type `wrapper`) around
/// the items `access` (a place holding a `Vec`), written as field `items`.
fn write_wrapper(
    cx: &Ctx<'_>,
    xml: &QName,
    wrapper: TypeId,
    items: &ElementField,
    access: TokenStream,
) -> TokenStream {
    let rt = cx.rt;
    let write_items = write_field(cx, items, access.clone());
    let ns = cx.ns(&xml.ns);
    let local = xml.local.as_ref();
    match soap_array(cx, wrapper) {
        // An unwrapped SOAP-encoded array keeps its `SOAP-ENC:arrayType`.
        Some(item) => {
            let (item_ns, item_local) = (item.ns.as_ref(), item.local.as_ref());
            quote! {
                w.element(#ns, #local, &#rt::__private::SoapArray {
                    item_ns: #item_ns,
                    item_local: #item_local,
                    len: #access.len(),
                    write: |w: &mut #rt::xml::Writer| { #write_items },
                });
            }
        }
        None => quote! {
            w.element(#ns, #local, &#rt::__private::Content {
                encoding_style: ::std::option::Option::None,
                write: |w: &mut #rt::xml::Writer| { #write_items },
            });
        },
    }
}

/// Statements writing element field `f` whose value is `access` (a place).
pub(super) fn write_field(cx: &Ctx<'_>, f: &ElementField, access: TokenStream) -> TokenStream {
    let rt = cx.rt;
    if let Some(a) = &f.array {
        // The wrapper element around the items (which may be arrays too).
        let items = ElementField {
            xml: a.item.clone(),
            array: a.inner.as_deref().cloned(),
            ..f.clone()
        };
        return match a.occurs {
            Occurs::Optional => {
                let wrapper = write_wrapper(cx, &f.xml, a.wrapper, &items, access.clone());
                quote!(if !#access.is_empty() { #wrapper })
            }
            Occurs::Required => write_wrapper(cx, &f.xml, a.wrapper, &items, access),
            // Jagged: one wrapper element per inner `Vec`.
            Occurs::Many(_) => {
                let wrapper = write_wrapper(cx, &f.xml, a.wrapper, &items, quote!((*items)));
                quote!(for items in &#access { #wrapper })
            }
        };
    }
    if f.choice.is_some() {
        return match f.occurs {
            Occurs::Required => quote!(#rt::xml::Encode::encode_content(&#access, w);),
            Occurs::Optional => {
                quote!(if let ::std::option::Option::Some(v) = &#access { #rt::xml::Encode::encode_content(v, w); })
            }
            Occurs::Many(_) => {
                quote!(for v in &#access { #rt::xml::Encode::encode_content(v, w); })
            }
        };
    }
    let ns_tokens = cx.ns(&f.xml.ns);
    let local = f.xml.local.as_ref();
    let one = write_one(cx, &f.xml.ns, local, &f.ty, quote!(v));
    let nil = quote!(w.nil_element(#ns_tokens, #local););
    match (f.occurs, f.nillable) {
        (Occurs::Required, false) => write_one(cx, &f.xml.ns, local, &f.ty, quote!(&#access)),
        (Occurs::Required, true) => quote! {
            match &#access {
                ::std::option::Option::Some(v) => { #one }
                ::std::option::Option::None => { #nil }
            }
        },
        (Occurs::Optional, _) => quote!(if let ::std::option::Option::Some(v) = &#access { #one }),
        (Occurs::Many(_), false) => quote!(for v in &#access { #one }),
        (Occurs::Many(_), true) => quote! {
            for v in &#access {
                match v {
                    ::std::option::Option::Some(v) => { #one }
                    ::std::option::Option::None => { #nil }
                }
            }
        },
    }
}

/// The item type of a SOAP-encoded array type (`soapenc:Array` restriction).
fn soap_array<'a>(cx: &Ctx<'a>, id: TypeId) -> Option<&'a QName> {
    match cx.plan.types.get(id.0) {
        Some(TypePlan::Struct(s)) => s.soap_array.as_ref(),
        _ => None,
    }
}

fn encode_struct(cx: &Ctx<'_>, s: &StructDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&s.name);
    let mut attrs: Vec<TokenStream> = s
        .attributes
        .iter()
        .map(|a| {
            let f = ident(&a.name);
            let ns = cx.ns(&a.xml.ns);
            let local = a.xml.local.as_ref();
            if a.required {
                quote!(w.attribute(#ns, #local, &#rt::xml::TextValue::to_text(&self.#f));)
            } else {
                quote!(if let ::std::option::Option::Some(v) = &self.#f { w.attribute(#ns, #local, &#rt::xml::TextValue::to_text(v)); })
            }
        })
        .collect();
    // SOAP 1.1 §5.4.2: an encoded array names its items' type and number.
    let items = s.elements.iter().find(|f| f.any_name);
    if let (Some(item), Some(f)) = (&s.soap_array, items) {
        let (item_ns, item_local) = (item.ns.as_ref(), item.local.as_ref());
        let f = ident(&f.name);
        attrs.push(
            quote!(#rt::__private::soap_array_type(w, #item_ns, #item_local, self.#f.len());),
        );
    }
    let attr_fn = if attrs.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            fn encode_attributes(&self, w: &mut #rt::xml::Writer) {
                #(#attrs)*
            }
        }
    };
    let mut body = Vec::new();
    if let Some((n, _)) = &s.text {
        let f = ident(n);
        body.push(quote!(#rt::xml::Encode::encode_content(&self.#f, w);));
    }
    for e in &s.elements {
        let f = ident(&e.name);
        body.push(write_field(cx, e, quote!(self.#f)));
    }
    if let Some(n) = &s.any {
        let f = ident(n);
        body.push(quote!(for v in &self.#f { #rt::xml::Encode::encode_content(v, w); }));
    }
    let w = if body.is_empty() {
        quote!(_w)
    } else {
        quote!(w)
    };
    quote! {
        impl #rt::xml::Encode for #name {
            #attr_fn
            fn encode_content(&self, #w: &mut #rt::xml::Writer) {
                #(#body)*
            }
        }
    }
}

fn encode_enum(cx: &Ctx<'_>, e: &EnumDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&e.name);
    quote! {
        impl #rt::xml::Encode for #name {
            fn encode_content(&self, w: &mut #rt::xml::Writer) {
                w.text(self.as_str());
            }
        }
    }
}

fn encode_choice(cx: &Ctx<'_>, c: &ChoiceDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&c.name);
    let arms = c.variants.iter().map(|v| {
        let n = ident(&v.name);
        if let Some(a) = &v.array {
            // The wrapper element, its items inside.
            let items = ElementField {
                name: String::new(),
                xml: a.item.clone(),
                ty: v.ty.clone(),
                occurs: Occurs::Many(None),
                nillable: false,
                boxed: false,
                position: 0,
                doc: None,
                sensitive: false,
                choice: None,
                any_name: false,
                array: None,
            };
            let wrapper = write_wrapper(cx, &v.xml, a.wrapper, &items, quote!((*items)));
            return quote!(Self::#n(items) => { #wrapper });
        }
        let one = write_one(cx, &v.xml.ns, &v.xml.local, &v.ty, quote!(v));
        if v.many {
            quote!(Self::#n(items) => { for v in items { #one } })
        } else {
            quote!(Self::#n(v) => { #one })
        }
    });
    quote! {
        impl #rt::xml::Encode for #name {
            fn encode_content(&self, w: &mut #rt::xml::Writer) {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn encode_poly(cx: &Ctx<'_>, p: &PolyDef) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&p.name);
    let attrs = p.variants.iter().map(|v| {
        let n = ident(&v.name);
        if v.xml == p.base {
            quote!(Self::#n(v) => #rt::xml::Encode::encode_attributes(v, w),)
        } else {
            let ns = cx.ns(&v.xml.ns);
            let local = v.xml.local.as_ref();
            quote!(Self::#n(v) => {
                w.xsi_type(#ns, #local);
                #rt::xml::Encode::encode_attributes(v, w);
            })
        }
    });
    let content = p.variants.iter().map(|v| {
        let n = ident(&v.name);
        quote!(Self::#n(v) => #rt::xml::Encode::encode_content(v, w),)
    });
    quote! {
        impl #rt::xml::Encode for #name {
            fn encode_attributes(&self, w: &mut #rt::xml::Writer) {
                match self {
                    #(#attrs)*
                }
            }
            fn encode_content(&self, w: &mut #rt::xml::Writer) {
                match self {
                    #(#content)*
                }
            }
        }
    }
}
