//! The response side of an operation function: the call itself and the
//! closure decoding the first body element into the returned value.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Ctx};
use crate::plan::{OpFn, Response, Take};

/// The `soap_client.call…_boxed(…)` expression: a `CallFuture` that owns the client
/// handle and the request's encoders (`move` closures over the parameters).
pub(super) fn call(
    cx: &Ctx<'_>,
    op: &OpFn,
    op_const: TokenStream,
    headers: TokenStream,
    body: TokenStream,
) -> TokenStream {
    let rt = cx.rt;
    let decode = match &op.response {
        Response::OneWay => {
            return quote!(soap_client.call_one_way_boxed(soap_version, &#op_const, move #headers, move #body));
        }
        Response::Ignore => quote!(|_r, _el| ::std::result::Result::Ok(())),
        Response::Element {
            element, ty, take, ..
        } => {
            let t = cx.item_ty(ty);
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            let expect = quote!(#rt::__private::expect_body_element::<#t>(r, el, #ns, #local));
            match take {
                Take::Whole => quote!(|r, el| { #expect }),
                Take::Nothing => quote!(|r, el| { #expect.map(|_| ()) }),
                Take::Field(f) => {
                    let f = ident(f);
                    quote!(|r, el| { #expect.map(|v| v.#f) })
                }
                // A nillable result element: `xsi:nil` is `None`.
                Take::NilOrWhole => quote! {
                    |r, el| match el {
                        ::std::option::Option::Some(e) if e.is(#ns, #local) && e.is_nil() => {
                            r.skip(&e)?;
                            ::std::result::Result::Ok(::std::option::Option::None)
                        }
                        el => #expect.map(::std::option::Option::Some),
                    }
                },
            }
        }
    };
    // Declared response headers: the body comes with the header blocks.
    let call = if op.response_headers.is_some() {
        quote!(call_with_headers_boxed)
    } else {
        quote!(call_boxed)
    };
    quote!(soap_client.#call(soap_version, &#op_const, move #headers, move #body, #decode))
}
