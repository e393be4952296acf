//! Servers (`Builder::server`): per port, a service trait with one method
//! per operation and a handler type that implements the runtime's
//! `server::Endpoint` over it — decoding requests and encoding responses
//! with the same generated codecs the client uses (the plan then asks for
//! both directions of every type).
//!
//! Supported shapes: document/literal wrapped, and bare with one body part.
//! Other operations (rpc, several bare parts, response wrappers that cannot
//! be built from the return value) are left out of the trait; the handler
//! answers them with a `Server` fault that says so. SOAP headers are not
//! passed to the service.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, Ctx};
use crate::plan::{ClientDef, Method, OpFn, PartEncoding, Request, Response, RsTy, Take, TypePlan};

/// One operation as the server handles it.
struct Served {
    /// The trait method.
    decl: TokenStream,
    /// The match arm: `(NS, "local") => { ... }`.
    arm: TokenStream,
}

/// The service trait and the handler of one port, or nothing when none of
/// its operations can be served.
pub(super) fn emit_server(cx: &Ctx<'_>, c: &ClientDef) -> TokenStream {
    let rt = cx.rt;
    let service = format_ident!("{}Service", c.name);
    let server = format_ident!("{}Server", c.name);
    let mut keys = BTreeSet::new();
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut unsupported = Vec::new();
    for m in &c.methods {
        let op = cx.op(m);
        match served(cx, m, op) {
            Some((key, s)) if keys.insert(key.clone()) => {
                decls.push(s.decl);
                arms.push(s.arm);
            }
            Some(_) => {}
            None => unsupported.push(op.operation.clone()),
        }
    }
    let doc = format!(
        " The `{}` port as a service: implement it (one method per operation) and serve it \
         with [`{server}`].",
        c.port
    );
    let mut server_doc = format!(
        " Serves a [`{service}`] over HTTP with `{}::server::serve(listener, {server}(service))`: \
         SOAP 1.1 and 1.2 at any path, the response in the request's version, an `Err(Fault)` \
         as a SOAP fault (HTTP 500).",
        rt.to_string().replace(' ', "")
    );
    if !unsupported.is_empty() {
        server_doc.push_str(&format!(
            "\n\n Not served (answered with a fault): {}.",
            unsupported.join(", ")
        ));
    }
    let unknown = if unsupported.is_empty() {
        quote!(::std::format!("unknown operation `{{{}}}{}`", ns, local))
    } else {
        let names = unsupported.join(", ");
        quote!(::std::format!("unknown operation `{{{}}}{}` (not served: {})", ns, local, #names))
    };
    let fail = quote!(::std::result::Result::Err(#rt::server::Fault::client(#unknown)));
    let dispatch = if arms.is_empty() {
        fail
    } else {
        quote! {
            match (ns.as_str(), local.as_str()) {
                #(#arms)*
                _ => #fail,
            }
        }
    };
    quote! {
        #[doc = #doc]
        pub trait #service: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#decls)*
        }

        #[doc = #server_doc]
        #[derive(Debug, Clone, Default)]
        pub struct #server<S>(pub S);

        impl<S: #service> #rt::server::Endpoint for #server<S> {
            fn handle<'a>(&'a self, request: #rt::server::Request<'a>) -> #rt::server::HandleFuture<'a> {
                ::std::boxed::Box::pin(async move {
                    let (ns, local) = request.operation()?;
                    #dispatch
                })
            }
        }
    }
}

/// The dispatch key (`ns`, `local`) and the code of one operation.
fn served(cx: &Ctx<'_>, m: &Method, op: &OpFn) -> Option<((String, String), Served)> {
    let rt = cx.rt;
    let headers: Vec<&str> = op.headers.iter().map(|(n, _, _)| n.as_str()).collect();
    let body_params: Vec<_> = op
        .params
        .iter()
        .filter(|p| !headers.contains(&p.name.as_str()))
        .collect();
    // Decoding the request into the body parameters.
    let (key, decode, args): ((String, String), TokenStream, Vec<TokenStream>) = match &op.request {
        Request::Wrapped {
            element,
            ty,
            fields,
        } => {
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            let sty = cx.item_ty(&RsTy::Ref(*ty));
            let args = body_params
                .iter()
                .map(|p| {
                    let f = fields.iter().find(|(_, param)| *param == p.name)?;
                    let f = ident(&f.0);
                    Some(quote!(body.#f))
                })
                .collect::<Option<Vec<_>>>()?;
            // No parameters: the request is still checked.
            let decode = if args.is_empty() {
                quote!(let _: #sty = request.read_element(#ns, #local)?;)
            } else {
                quote!(let body: #sty = request.read_element(#ns, #local)?;)
            };
            (
                (element.ns.to_string(), element.local.to_string()),
                decode,
                args,
            )
        }
        Request::Parts {
            wrapper: None,
            parts,
        } if parts.len() == 1 && body_params.len() == 1 => {
            let part = &parts[0];
            let ns = cx.ns(&part.xml.ns);
            let local = part.xml.local.as_ref();
            let t = cx.item_ty(&part.ty);
            let decode = match part.how {
                PartEncoding::Plain => quote!(let body: #t = request.read_element(#ns, #local)?;),
                PartEncoding::Nillable => quote! {
                    let body: ::std::option::Option<#t> = request.read(|r, el| match el {
                        ::std::option::Option::Some(e) if e.is(#ns, #local) && e.is_nil() => {
                            r.skip(&e)?;
                            ::std::result::Result::Ok(::std::option::Option::None)
                        }
                        el => #rt::__private::expect_body_element::<#t>(r, el, #ns, #local)
                            .map(::std::option::Option::Some),
                    })?;
                },
                PartEncoding::Typed(_) => return None,
            };
            // A part given as array items: the wrapper's field.
            let arg = match &body_params[0].wrap {
                Some((_, f)) => {
                    let f = ident(f);
                    quote!(body.#f)
                }
                None => quote!(body),
            };
            (
                (part.xml.ns.to_string(), part.xml.local.to_string()),
                decode,
                vec![arg],
            )
        }
        Request::Parts { .. } => return None,
    };
    // Encoding the return value.
    let reply = match &op.response {
        Response::OneWay => quote!(::std::result::Result::Ok(::std::option::Option::None)),
        Response::Ignore => {
            quote!(::std::result::Result::Ok(::std::option::Option::Some(#rt::server::response(request.version, |_w| {}))))
        }
        Response::Element {
            element, ty, take, ..
        } => {
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            let write = match take {
                Take::Whole => quote!(|w| w.element(#ns, #local, &result)),
                Take::NilOrWhole => quote! {
                    |w| match &result {
                        ::std::option::Option::Some(v) => w.element(#ns, #local, v),
                        ::std::option::Option::None => w.nil_element(#ns, #local),
                    }
                },
                Take::Nothing => quote!(|w| w.element(#ns, #local, "")),
                Take::Field(f) => {
                    let RsTy::Ref(id) = ty else { return None };
                    let TypePlan::Struct(s) = &cx.plan.types[id.0] else {
                        return None;
                    };
                    let sty = cx.item_ty(ty);
                    let fi = ident(f);
                    let only = s.elements.len() == 1
                        && s.attributes.is_empty()
                        && s.text.is_none()
                        && s.any.is_none();
                    let init = if f == "result" {
                        quote!(result)
                    } else {
                        quote!(#fi: result)
                    };
                    let build = if only {
                        quote!(#sty { #init })
                    } else if s.default {
                        quote!(#sty { #init, ..::std::default::Default::default() })
                    } else {
                        return None;
                    };
                    quote!(|w| w.element(#ns, #local, &#build))
                }
            };
            quote!(::std::result::Result::Ok(::std::option::Option::Some(#rt::server::response(request.version, #write))))
        }
    };
    let name = ident(&m.name);
    let params: Vec<TokenStream> = body_params
        .iter()
        .map(|p| {
            let n = ident(&p.name);
            let t = cx.shape_ty(&p.shape);
            quote!(#n: #t)
        })
        .collect();
    let ret = cx.returns(op);
    let mut doc = m.doc.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Operation `{}`.", op.operation));
    for f in &m.faults {
        if let Some((el, _)) = &f.detail {
            doc.push_str(&format!(
                "\n\nDeclared fault `{}`: `Fault::with_detail` with element `{el}`.",
                f.name
            ));
        }
    }
    let doc = doc_attrs(Some(&doc));
    let allow = if params.len() + 1 > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let decl = quote! {
        #doc
        #allow
        fn #name(&self, #(#params),*) -> impl ::std::future::Future<Output = ::std::result::Result<#ret, #rt::server::Fault>> + ::std::marker::Send;
    };
    let ns = cx.ns(&key.0);
    let local = key.1.as_str();
    let call = if op.returns.is_none() {
        quote!(self.0.#name(#(#args),*).await?;)
    } else {
        quote!(let result = self.0.#name(#(#args),*).await?;)
    };
    let arm = quote! {
        (#ns, #local) => {
            #decode
            #call
            #reply
        }
    };
    Some((key, Served { decl, arm }))
}
