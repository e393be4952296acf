//! The operation functions: one `fn` per distinct operation of the module, over a
//! runtime client and a SOAP version, returning the runtime's boxed `CallFuture` (no
//! `async` in generated code: compiling a state machine per operation was most of the
//! cost of a large client). Client methods (async and blocking) call them.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::allow_many;
use super::{ident, request, response, Ctx};
use crate::plan::OpFn;

pub(super) fn emit_op(cx: &Ctx<'_>, op: &OpFn) -> TokenStream {
    let rt = cx.rt;
    let f = ident(&op.name);
    let params = cx.params(&op.params);
    let mut ret = cx.returns(op);
    if op.response_headers.is_some() {
        ret = quote!(#rt::Response<#ret>);
    }
    let prep = request::prepare(cx, op);
    let headers = request::encode_headers(cx, op);
    let body = request::encode_body(cx, op);
    let name = &op.operation;
    let action = &op.soap_action;
    let op_const = quote!(#rt::Operation { name: #name, soap_action: #action });
    let call = response::call(cx, op, op_const, headers, body);
    let doc = format!(
        " {} over any SOAP version (shared by the ports that bind it alike).",
        crate::markdown::code(name)
    );
    // Client + version + parameters.
    let allow = allow_many(op.params.len() + 2);
    quote! {
        #[doc = #doc]
        #allow
        fn #f(soap_client: #rt::Client, soap_version: #rt::SoapVersion, #(#params),*) -> #rt::CallFuture<#ret> {
            #prep
            #call
        }
    }
}

/// The struct of the response header blocks an operation's binding declares.
pub(super) fn emit_header_struct(cx: &Ctx<'_>, rh: &crate::plan::ResponseHeaders) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&rh.type_name);
    let doc = super::doc_attrs(Some(&format!(
        "The SOAP header blocks of a {} response: those the binding declares, decoded, and \
         any others as XML.",
        crate::markdown::code(&rh.operation)
    )));
    let items = |i: usize| rh.items.get(i).and_then(Option::as_ref);
    let fields = rh.fields.iter().enumerate().map(|(i, (n, xml, ty))| {
        let f = ident(n);
        let (t, when) = match items(i) {
            Some((_, shape)) => (
                cx.shape_ty(shape),
                "its items, empty when the response does not carry it",
            ),
            None => {
                let t = cx.item_ty(ty);
                (
                    quote!(::std::option::Option<#t>),
                    "when the response carries it",
                )
            }
        };
        let fdoc = super::doc_attrs(Some(&format!(
            "{} ({}), {when}.",
            crate::markdown::code(&xml.local),
            crate::markdown::code(&xml.to_string())
        )));
        quote! { #fdoc pub #f: #t, }
    });
    let inits = rh.fields.iter().enumerate().map(|(i, (n, _, _))| {
        let f = ident(n);
        match items(i) {
            Some(_) => quote!(#f: ::std::vec::Vec::new(),),
            None => quote!(#f: ::std::option::Option::None,),
        }
    });
    let arms = rh.fields.iter().enumerate().map(|(i, (n, xml, ty))| {
        let f = ident(n);
        let t = cx.item_ty(ty);
        let ns = xml.ns.as_ref();
        let local = xml.local.as_ref();
        let value = match items(i) {
            Some((field, _)) => {
                let field = ident(field);
                quote!(b.decode::<#t>(limits)?.#field)
            }
            None => quote!(::std::option::Option::Some(b.decode::<#t>(limits)?)),
        };
        quote! {
            if b.is(#ns, #local) {
                out.#f = #value;
                continue;
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            /// Header blocks the binding does not declare, as XML.
            pub other: ::std::vec::Vec<#rt::ResponseHeader>,
        }
        impl #name {
            /// Sorts a response's header blocks into the declared fields and `other`.
            pub fn from_blocks(
                blocks: ::std::vec::Vec<#rt::ResponseHeader>,
                limits: &#rt::xml::Limits,
            ) -> ::std::result::Result<Self, #rt::DecodeError> {
                let mut out = Self { #(#inits)* other: ::std::vec::Vec::new() };
                for b in blocks {
                    #(#arms)*
                    out.other.push(b);
                }
                ::std::result::Result::Ok(out)
            }
        }
    }
}
