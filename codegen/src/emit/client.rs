//! Client types: one per port, one `async fn` per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::encode::write_one;
use super::{doc_attrs, ident, Ctx};
use crate::markdown::code;
use crate::model::SoapVersion;
use crate::plan::{BodyShape, ClientDef, Method, Occurs, Returns, TypePlan};

/// The operation functions shared by the clients of one module: ports that
/// bind the same operation the same way (SOAP 1.1 and 1.2 ports of one
/// service) call one function with their SOAP version.
#[derive(Default)]
pub(super) struct SharedOps {
    /// The functions, in first-use order.
    pub fns: Vec<TokenStream>,
    by_body: std::collections::BTreeMap<String, proc_macro2::Ident>,
    names: crate::ident::NameSpace,
    /// Response-header structs already emitted.
    header_types: std::collections::BTreeSet<String>,
}

pub(super) fn emit_client(cx: &Ctx<'_>, c: &ClientDef, shared: &mut SharedOps) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&c.name);
    let version = match c.version {
        SoapVersion::Soap11 => "SOAP 1.1",
        SoapVersion::Soap12 => "SOAP 1.2",
    };
    let mut doc = if c.service.is_empty() {
        format!(
            "Client for binding {} ({version}); no service declares an address for it.",
            code(&c.port)
        )
    } else {
        format!(
            "Client for port {} of service {} ({version}).",
            code(&c.port),
            code(&c.service)
        )
    };
    if let Some(d) = &c.doc {
        doc = format!("{d}\n\n{doc}");
    }
    if let Some(a) = c.addressing {
        let v = match a {
            crate::model::Addressing::W3c2005 => "1.0",
            crate::model::Addressing::Submission2004 => "2004/08",
        };
        doc.push_str(&format!(
            "\n\nThe binding requires WS-Addressing {v}: every request carries `wsa:Action`, \
             `wsa:MessageID`, `wsa:ReplyTo` and `wsa:To`, and the response's `wsa:RelatesTo` is checked."
        ));
    }
    let doc = doc_attrs(Some(&doc));
    let (default_endpoint, default_impl) = match &c.address {
        Some(addr) => (
            quote! {
                /// The endpoint given by the WSDL's `soap:address`.
                pub const DEFAULT_ENDPOINT: &'static str = #addr;
            },
            quote! {
                impl ::std::default::Default for #name {
                    /// A client for [`Self::DEFAULT_ENDPOINT`].
                    fn default() -> Self {
                        Self::new(Self::DEFAULT_ENDPOINT)
                    }
                }
            },
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    // A binding that requires WS-Addressing gets it whatever client it is built from.
    let (new_client, from_client) = match c.addressing {
        None => (quote!(#rt::Client::new(endpoint)), quote!(Self { client })),
        Some(a) => {
            let v = match a {
                crate::model::Addressing::W3c2005 => quote!(#rt::wsa::WsaVersion::W3c2005),
                crate::model::Addressing::Submission2004 => {
                    quote!(#rt::wsa::WsaVersion::Submission2004)
                }
            };
            (
                quote!(#rt::Client::new(endpoint).with_addressing(#v)),
                quote! {
                    Self {
                        client: if client.addressing().is_some() {
                            client
                        } else {
                            client.with_addressing(#v)
                        },
                    }
                },
            )
        }
    };
    let methods: Vec<TokenStream> = c
        .methods
        .iter()
        .map(|m| emit_method(cx, c, m, shared))
        .collect();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            client: #rt::Client,
        }
        impl #name {
            #default_endpoint
            /// A client for `endpoint` with the default transport and options.
            pub fn new(endpoint: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { client: #new_client }
            }
            /// A client over a configured runtime client (transport, timeouts, limits).
            pub fn from_client(client: #rt::Client) -> Self {
                #from_client
            }
            /// The underlying runtime client.
            pub fn client(&self) -> &#rt::Client {
                &self.client
            }
            #(#methods)*
        }
        #default_impl
    }
}

fn param_ty(cx: &Ctx<'_>, m: &Method) -> Vec<TokenStream> {
    m.params
        .iter()
        .map(|p| {
            let n = ident(&p.name);
            let t = cx.field_ty(&p.ty, p.occurs, p.nillable, false);
            quote!(#n: #t)
        })
        .collect()
}

fn emit_method(cx: &Ctx<'_>, c: &ClientDef, m: &Method, shared: &mut SharedOps) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&m.name);
    let op = &m.operation;
    let action = &m.soap_action;
    let version = match c.version {
        SoapVersion::Soap11 => quote!(#rt::SoapVersion::Soap11),
        SoapVersion::Soap12 => quote!(#rt::SoapVersion::Soap12),
    };
    let mut doc = m.doc.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Calls operation {}", code(&op.to_string())));
    if !action.is_empty() {
        doc.push_str(&format!(" (SOAPAction {})", code(&action.to_string())));
    }
    doc.push('.');
    for (fname, el) in &m.faults {
        match el {
            Some(el) => doc.push_str(&format!(
                "\n\nMay fail with fault {}: its detail element {} decodes with `Fault::detail_as`.",
                code(&fname.to_string()),
                code(&el.to_string())
            )),
            None => doc.push_str(&format!("\n\nMay fail with fault {}.", code(&fname.to_string()))),
        }
    }
    let doc = doc_attrs(Some(&doc));
    let mut params = param_ty(cx, m);
    for h in &m.headers {
        let n = ident(&h.name);
        let t = cx.item_ty(&h.ty);
        params.push(quote!(#n: ::std::option::Option<#t>));
    }

    // Request body.
    let (prep, encode_body) = match &m.request {
        BodyShape::Wrapped { element, ty } => {
            let TypePlan::Struct(s) = &cx.plan.types[ty.0] else {
                unreachable!("wrappers are structs")
            };
            let sname = ident(&s.name);
            let inits = s.elements.iter().zip(&m.params).map(|(f, p)| {
                let (fi, pi) = (ident(&f.name), ident(&p.name));
                if f.name == p.name {
                    quote!(#fi,)
                } else {
                    quote!(#fi: #pi,)
                }
            });
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            (
                quote!(let body = #sname { #(#inits)* };),
                quote!(|w| w.element(#ns, #local, &body)),
            )
        }
        BodyShape::Parts {
            wrapper,
            parts,
            encoded,
        } => {
            let writes: Vec<TokenStream> = parts
                .iter()
                .zip(&m.params)
                .map(|(bp, p)| {
                    let p = ident(&p.name);
                    match (&bp.xsi_type, encoded) {
                        (Some(t), true) => {
                            let tns = t.ns.as_ref();
                            let tl = t.local.as_ref();
                            let ns = cx.ns(&bp.xml.ns);
                            let local = bp.xml.local.as_ref();
                            quote!(w.element(#ns, #local, &#rt::Typed { value: &#p, ns: #tns, local: #tl });)
                        }
                        _ if bp.nillable => {
                            let one = write_one(cx, &bp.xml.ns, &bp.xml.local, &bp.ty, quote!(v));
                            let ns = cx.ns(&bp.xml.ns);
                            let local = bp.xml.local.as_ref();
                            quote! {
                                match &#p {
                                    ::std::option::Option::Some(v) => { #one }
                                    ::std::option::Option::None => w.nil_element(#ns, #local),
                                }
                            }
                        }
                        _ => write_one(cx, &bp.xml.ns, &bp.xml.local, &bp.ty, quote!(&#p)),
                    }
                })
                .collect();
            let body = match wrapper {
                Some(wq) => {
                    let ns = cx.ns(&wq.ns);
                    let local = wq.local.as_ref();
                    let style = if *encoded {
                        quote!(::std::option::Option::Some(#rt::SOAP_ENCODING))
                    } else {
                        quote!(::std::option::Option::None)
                    };
                    let w = if writes.is_empty() {
                        quote!(_w)
                    } else {
                        quote!(w)
                    };
                    quote!(|w| w.element(#ns, #local, &#rt::Content { encoding_style: #style, write: |#w: &mut #rt::xml::Writer| { #(#writes)* } }))
                }
                None if writes.is_empty() => quote!(|_w| {}),
                None => quote!(|w| { #(#writes)* }),
            };
            (TokenStream::new(), body)
        }
    };
    let encode_headers = if m.headers.is_empty() {
        quote!(|_w| {})
    } else {
        let writes = m.headers.iter().map(|h| {
            let n = ident(&h.name);
            let one = write_one(cx, &h.xml.ns, &h.xml.local, &h.ty, quote!(v));
            quote!(if let ::std::option::Option::Some(v) = &#n { #one })
        });
        quote!(|w| { #(#writes)* })
    };
    let op_const = quote!(#rt::Operation { name: #op, soap_action: #action });
    // Declared response headers: the shared function returns the response with its header
    // blocks, the plain method drops them, `*_with_headers` types them.
    let with_headers = m
        .response_headers
        .as_ref()
        .filter(|_| !matches!(m.returns, Returns::OneWay));
    let call_fn = if with_headers.is_some() {
        quote!(call_with_headers)
    } else {
        quote!(call)
    };

    let (ret_ty, call) = match &m.returns {
        Returns::OneWay => (
            quote!(()),
            quote!(soap_client.call_one_way(soap_version, &#op_const, #encode_headers, #encode_body).await),
        ),
        Returns::Unit => (
            quote!(()),
            quote!(soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |_r, _el| ::std::result::Result::Ok(())).await),
        ),
        Returns::WrappedField { element, ty, field } => {
            let TypePlan::Struct(s) = &cx.plan.types[ty.0] else {
                unreachable!("wrappers are structs")
            };
            let sname = ident(&s.name);
            let f = &s.elements[*field];
            let fname = ident(&f.name);
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            (
                cx.field_ty(&f.ty, f.occurs, f.nillable, f.boxed),
                quote! {
                    soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |r, el| {
                        #rt::xml::expect_body_element::<#sname>(r, el, #ns, #local).map(|v| v.#fname)
                    }).await
                },
            )
        }
        Returns::Wrapper { element, ty } => {
            let TypePlan::Struct(s) = &cx.plan.types[ty.0] else {
                unreachable!("wrappers are structs")
            };
            let sname = ident(&s.name);
            let ns = cx.ns(&element.ns);
            let local = element.local.as_ref();
            if s.elements.is_empty() {
                (
                    quote!(()),
                    quote! {
                        soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |r, el| {
                            #rt::xml::expect_body_element::<#sname>(r, el, #ns, #local).map(|_| ())
                        }).await
                    },
                )
            } else {
                (
                    quote!(#sname),
                    quote! {
                        soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |r, el| {
                            #rt::xml::expect_body_element::<#sname>(r, el, #ns, #local)
                        }).await
                    },
                )
            }
        }
        Returns::Parts { wrapper, parts, ty } => match (wrapper, ty) {
            (Some(wq), Some(ty)) => {
                let TypePlan::Struct(s) = &cx.plan.types[ty.0] else {
                    unreachable!("outputs are structs")
                };
                let sname = ident(&s.name);
                let ns = cx.ns(&wq.ns);
                let local = wq.local.as_ref();
                let (rt_ty, map) = match s.elements.as_slice() {
                    [] => (quote!(()), quote!(.map(|_| ()))),
                    [f] => {
                        let fname = ident(&f.name);
                        (
                            cx.field_ty(&f.ty, Occurs::Optional, false, f.boxed),
                            quote!(.map(|v| v.#fname)),
                        )
                    }
                    _ => (quote!(#sname), TokenStream::new()),
                };
                (
                    rt_ty,
                    quote! {
                        soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |r, el| {
                            #rt::xml::expect_body_element::<#sname>(r, el, #ns, #local) #map
                        }).await
                    },
                )
            }
            _ => match parts.first() {
                None => (
                    quote!(()),
                    quote!(soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |_r, _el| ::std::result::Result::Ok(())).await),
                ),
                Some(bp) if bp.nillable => {
                    // A nillable result element: `xsi:nil` is `None`.
                    let t = cx.item_ty(&bp.ty);
                    let ns = cx.ns(&bp.xml.ns);
                    let local = bp.xml.local.as_ref();
                    (
                        quote!(::std::option::Option<#t>),
                        quote! {
                            soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |r, el| match el {
                                ::std::option::Option::Some(e) if e.is(#ns, #local) && e.is_nil() => {
                                    r.skip(&e)?;
                                    ::std::result::Result::Ok(::std::option::Option::None)
                                }
                                el => #rt::xml::expect_body_element::<#t>(r, el, #ns, #local).map(::std::option::Option::Some),
                            }).await
                        },
                    )
                }
                Some(bp) => {
                    // Document/literal bare: the first body element is the result.
                    let t = cx.item_ty(&bp.ty);
                    let ns = cx.ns(&bp.xml.ns);
                    let local = bp.xml.local.as_ref();
                    (
                        t.clone(),
                        quote! {
                            soap_client.#call_fn(soap_version, &#op_const, #encode_headers, #encode_body, |r, el| {
                                #rt::xml::expect_body_element::<#t>(r, el, #ns, #local)
                            }).await
                        },
                    )
                }
            },
        },
    };
    // The WSDL decides the parameter count (wrapped operations often have many).
    let allow_many = |n: usize| {
        if n > 7 {
            quote!(#[allow(clippy::too_many_arguments)])
        } else {
            TokenStream::new()
        }
    };
    // `self` + parameters for the method; client + version + parameters
    // for the shared function.
    let allow = allow_many(params.len() + 1);
    let allow_shared = allow_many(params.len() + 2);
    let args: Vec<TokenStream> = m
        .params
        .iter()
        .map(|p| p.name.as_str())
        .chain(m.headers.iter().map(|h| h.name.as_str()))
        .map(|n| {
            let n = ident(n);
            quote!(#n)
        })
        .collect();
    let shared_ret = if with_headers.is_some() {
        quote!(#rt::Response<#ret_ty>)
    } else {
        ret_ty.clone()
    };
    let body = quote! {
        (soap_client: &#rt::Client, soap_version: #rt::SoapVersion, #(#params),*) -> ::std::result::Result<#shared_ret, #rt::Error> {
            #prep
            #call
        }
    };
    let key = body.to_string();
    let fname = match shared.by_body.get(&key) {
        Some(f) => f.clone(),
        None => {
            let f = ident(
                &shared
                    .names
                    .claim(&format!("op_{}", m.name.trim_start_matches("r#"))),
            );
            let fdoc = format!(
                " {} over any SOAP version (shared by the ports that bind it alike).",
                code(&op.to_string())
            );
            shared.fns.push(quote! {
                #[doc = #fdoc]
                #allow_shared
                async fn #f #body
            });
            shared.by_body.insert(key, f.clone());
            f
        }
    };
    let Some(rh) = with_headers else {
        return quote! {
            #doc
            #allow
            pub async fn #name(&self, #(#params),*) -> ::std::result::Result<#ret_ty, #rt::Error> {
                #fname(&self.client, #version, #(#args),*).await
            }
        };
    };
    let hname = ident(&rh.method);
    let hty = ident(&rh.type_name);
    if shared.header_types.insert(rh.type_name.clone()) {
        shared.fns.push(emit_header_struct(cx, op, rh));
    }
    let hdoc = doc_attrs(Some(&format!(
        "Like `{}`, and also returns the response's SOAP header blocks: the ones the \
         binding declares typed, the others as XML.",
        m.name
    )));
    quote! {
        #doc
        #allow
        pub async fn #name(&self, #(#params),*) -> ::std::result::Result<#ret_ty, #rt::Error> {
            #fname(&self.client, #version, #(#args),*).await.map(|r| r.body)
        }
        #hdoc
        #allow
        pub async fn #hname(&self, #(#params),*) -> ::std::result::Result<(#ret_ty, #hty), #rt::Error> {
            let r = #fname(&self.client, #version, #(#args),*).await?;
            let headers = #hty::from_blocks(r.headers, &self.client.options().limits)?;
            ::std::result::Result::Ok((r.body, headers))
        }
    }
}

/// The struct of the response header blocks an operation's binding declares.
fn emit_header_struct(cx: &Ctx<'_>, op: &str, rh: &crate::plan::ResponseHeaders) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&rh.type_name);
    let doc = doc_attrs(Some(&format!(
        "The SOAP header blocks of a `{op}` response: those the binding declares, decoded, and \
         any others as XML."
    )));
    let fields = rh.fields.iter().map(|h| {
        let f = ident(&h.name);
        let t = cx.item_ty(&h.ty);
        let fdoc = doc_attrs(Some(&format!(
            "`{}` (`{{{}}}{}`), when the response carries it.",
            h.xml.local, h.xml.ns, h.xml.local
        )));
        quote! { #fdoc pub #f: ::std::option::Option<#t>, }
    });
    let inits = rh.fields.iter().map(|h| {
        let f = ident(&h.name);
        quote!(#f: ::std::option::Option::None,)
    });
    let arms = rh.fields.iter().map(|h| {
        let f = ident(&h.name);
        let t = cx.item_ty(&h.ty);
        let ns = h.xml.ns.as_ref();
        let local = h.xml.local.as_ref();
        quote! {
            if b.is(#ns, #local) {
                out.#f = ::std::option::Option::Some(b.decode::<#t>(limits)?);
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
