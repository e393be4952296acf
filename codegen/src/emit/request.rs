//! The request side of an operation function: the closures writing the
//! SOAP header entries and the body.

use proc_macro2::TokenStream;
use quote::quote;

use super::encode::write_one;
use super::{ident, Ctx};
use crate::plan::{OpFn, PartEncoding, Request, RpcWrapper};

/// Statements run before the call (building a wrapped request's struct).
pub(super) fn prepare(cx: &Ctx<'_>, op: &OpFn) -> TokenStream {
    // Parameters holding array items: wrapped again for writing.
    let headers: Vec<&str> = op.headers.iter().map(|(n, _, _)| n.as_str()).collect();
    let wraps = op.params.iter().filter_map(|p| {
        let (id, field) = p.wrap.as_ref()?;
        let (pi, fi) = (ident(&p.name), ident(field));
        let w = cx.item_ty(&crate::plan::RsTy::Ref(*id));
        let value = if p.name == *field {
            quote!(#w { #fi })
        } else {
            quote!(#w { #fi: #pi })
        };
        Some(if headers.contains(&p.name.as_str()) {
            quote! {
                let #pi = if #pi.is_empty() {
                    ::std::option::Option::None
                } else {
                    ::std::option::Option::Some(#value)
                };
            }
        } else {
            quote!(let #pi = #value;)
        })
    });
    let wraps: TokenStream = wraps.collect();
    let Request::Wrapped { ty, fields, .. } = &op.request else {
        return wraps;
    };
    let sname = cx.item_ty(&crate::plan::RsTy::Ref(*ty));
    let inits = fields.iter().map(|(field, param)| {
        let (fi, pi) = (ident(field), ident(param));
        if field == param {
            quote!(#fi,)
        } else {
            quote!(#fi: #pi,)
        }
    });
    quote!(#wraps let body = #sname { #(#inits)* };)
}

/// The closure writing the header entries (`|w| ...`).
pub(super) fn encode_headers(cx: &Ctx<'_>, op: &OpFn) -> TokenStream {
    if op.headers.is_empty() {
        return quote!(|_w| {});
    }
    let writes = op.headers.iter().map(|(name, xml, ty)| {
        let n = ident(name);
        let one = write_one(cx, &xml.ns, &xml.local, ty, quote!(v));
        quote!(if let ::std::option::Option::Some(v) = &#n { #one })
    });
    quote!(|w| { #(#writes)* })
}

/// The closure writing the body content (`|w| ...`).
pub(super) fn encode_body(cx: &Ctx<'_>, op: &OpFn) -> TokenStream {
    let rt = cx.rt;
    let (wrapper, parts) = match &op.request {
        Request::Wrapped { element, .. } => {
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            return quote!(|w| w.element(#ns, #local, &body));
        }
        Request::Parts { wrapper, parts } => (wrapper, parts),
    };
    let writes: Vec<TokenStream> = parts
        .iter()
        .map(|bp| {
            let p = ident(&bp.param);
            let ns = cx.ns(&bp.xml.ns);
            let local = bp.xml.local.as_ref();
            match &bp.how {
                PartEncoding::Typed(t) => {
                    let tns = t.ns.as_ref();
                    let tl = t.local.as_ref();
                    quote!(w.element(#ns, #local, &#rt::__private::Typed { value: &#p, ns: #tns, local: #tl });)
                }
                PartEncoding::Nillable => {
                    let one = write_one(cx, &bp.xml.ns, &bp.xml.local, &bp.ty, quote!(v));
                    quote! {
                        match &#p {
                            ::std::option::Option::Some(v) => { #one }
                            ::std::option::Option::None => w.nil_element(#ns, #local),
                        }
                    }
                }
                PartEncoding::Plain => write_one(cx, &bp.xml.ns, &bp.xml.local, &bp.ty, quote!(&#p)),
            }
        })
        .collect();
    match wrapper {
        Some(RpcWrapper { element, encoded }) => {
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            let style = if *encoded {
                quote!(::std::option::Option::Some(#rt::__private::SOAP_ENCODING))
            } else {
                quote!(::std::option::Option::None)
            };
            let w = if writes.is_empty() {
                quote!(_w)
            } else {
                quote!(w)
            };
            quote!(|w| w.element(#ns, #local, &#rt::__private::Content { encoding_style: #style, write: |#w: &mut #rt::xml::Writer| { #(#writes)* } }))
        }
        None if writes.is_empty() => quote!(|_w| {}),
        None => quote!(|w| { #(#writes)* }),
    }
}
