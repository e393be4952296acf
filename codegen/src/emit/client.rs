//! Client types: one per port, one method per operation, each calling the
//! shared operation function (see `ops`): `async fn`s, and plain `fn`s in
//! the `blocking` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, Ctx};
use crate::markdown::code;
use crate::model::SoapVersion;
use crate::plan::{ClientDef, Method, RsTy};

/// Which client is emitted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    /// `async fn` methods, in the module itself.
    Async,
    /// Plain `fn` methods that block, in `mod blocking` (a child module).
    Blocking,
}

pub(super) fn emit_client(cx: &Ctx<'_>, c: &ClientDef, flavor: Flavor) -> TokenStream {
    let rt = cx.rt;
    let name = ident(&c.name);
    let doc = doc_attrs(Some(&client_doc(c, flavor)));
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
        .map(|m| emit_method(cx, c, m, flavor))
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

fn client_doc(c: &ClientDef, flavor: Flavor) -> String {
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
    let doc = match flavor {
        Flavor::Async => doc,
        Flavor::Blocking => format!(
            "Blocking {}{}\n\nEach method blocks the calling thread until the call completes; in async code use the async `super::{}`.",
            &doc[..1].to_lowercase(),
            &doc[1..],
            c.name.trim_start_matches("r#"),
        ),
    };
    match &c.doc {
        Some(d) => format!("{d}\n\n{doc}"),
        None => doc,
    }
}

/// The documentation of a method: the operation's, what it calls, and
/// its declared faults.
pub(super) fn method_doc(cx: &Ctx<'_>, m: &Method) -> TokenStream {
    let op = cx.op(m);
    let mut doc = m.doc.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Calls operation {}", code(&op.operation)));
    if !op.soap_action.is_empty() {
        doc.push_str(&format!(" (SOAPAction {})", code(&op.soap_action)));
    }
    doc.push('.');
    if !m.faults.is_empty() {
        doc.push_str("\n\n# Faults\n");
    }
    for f in &m.faults {
        let typed = f.detail.as_ref().and_then(|(el, ty)| {
            let RsTy::Ref(id) = ty.as_ref()? else {
                return None;
            };
            cx.plan
                .fault_details
                .iter()
                .any(|(i, e)| i == id && e == el)
                .then(|| cx.plan.types[id.0].name())
        });
        match (&f.detail, typed) {
            (Some(_), Some(t)) => doc.push_str(&format!(
                "\n- {}: its detail decodes with `fault.detail::<{t}>()` (the fault from \
                 `err.as_fault()`).",
                code(&f.name),
            )),
            (Some((el, _)), None) => doc.push_str(&format!(
                "\n- {}: its detail element {} decodes with `Fault::detail_as`.",
                code(&f.name),
                code(&el.to_string())
            )),
            (None, _) => doc.push_str(&format!("\n- {}.", code(&f.name))),
        }
    }
    doc_attrs(Some(&doc))
}

/// The SOAP version constant of a client.
pub(super) fn version(cx: &Ctx<'_>, c: &ClientDef) -> TokenStream {
    let rt = cx.rt;
    match c.version {
        SoapVersion::Soap11 => quote!(#rt::SoapVersion::Soap11),
        SoapVersion::Soap12 => quote!(#rt::SoapVersion::Soap12),
    }
}

/// `#[allow(clippy::too_many_arguments)]` when a function takes more
/// than seven arguments (the WSDL decides the count).
pub(super) fn allow_many(n: usize) -> TokenStream {
    if n > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    }
}

fn emit_method(cx: &Ctx<'_>, c: &ClientDef, m: &Method, flavor: Flavor) -> TokenStream {
    let rt = cx.rt;
    let op = cx.op(m);
    let name = ident(&m.name);
    let doc = method_doc(cx, m);
    let params = cx.params(&op.params);
    let args = op.params.iter().map(|p| ident(&p.name));
    let ret = cx.returns(op);
    let f = ident(&op.name);
    let version = version(cx, c);
    // `self` + parameters.
    let allow = allow_many(op.params.len() + 1);
    let args: Vec<_> = args.collect();
    // With declared response headers the operation function returns them
    // too: the plain method drops them, `*_with_headers` types them.
    let (body, with_headers) = match (&m.with_headers, op.response_headers) {
        (Some(hname), Some(rh)) => {
            let hname = ident(hname);
            let hty = cx.item_ty_named(&cx.plan.response_headers[rh].type_name);
            let hdoc = doc_attrs(Some(&format!(
                "Like `{}`, and also returns the response's SOAP header blocks: the ones the \
                 binding declares typed, the others as XML.",
                m.name.trim_start_matches("r#")
            )));
            (quote!(.map(|r| r.body)), Some((hname, hty, hdoc)))
        }
        _ => (TokenStream::new(), None),
    };
    let with_headers = with_headers.map(|(hname, hty, hdoc)| {
        let call = match flavor {
            Flavor::Async => quote!(#f(self.client.clone(), #version, #(#args),*).await?),
            Flavor::Blocking => quote! {
                #rt::__private::block_on(super::#f(self.client.clone(), #version, #(#args),*))?
            },
        };
        let asyncness = match flavor {
            Flavor::Async => quote!(async),
            Flavor::Blocking => TokenStream::new(),
        };
        quote! {
            #hdoc
            #allow
            pub #asyncness fn #hname(&self, #(#params),*) -> ::std::result::Result<(#ret, #hty), #rt::Error> {
                let r = #call;
                let headers = #hty::from_blocks(r.headers, &self.client.options().limits)?;
                ::std::result::Result::Ok((r.body, headers))
            }
        }
    });
    // The operation function owns a handle to the client (`Client` is a
    // cheap handle) and the arguments, so its future is `'static`: the async
    // method returns it as is (a boxed `CallFuture`, no future of its own to
    // type-check per port), and the blocking method hands it to the runtime's
    // executor.
    let plain = match flavor {
        Flavor::Async if body.is_empty() => quote! {
            #doc
            #allow
            pub fn #name(&self, #(#params),*) -> #rt::CallFuture<#ret> {
                #f(self.client.clone(), #version, #(#args),*)
            }
        },
        Flavor::Async => quote! {
            #doc
            #allow
            pub async fn #name(&self, #(#params),*) -> ::std::result::Result<#ret, #rt::Error> {
                #f(self.client.clone(), #version, #(#args),*).await #body
            }
        },
        Flavor::Blocking => quote! {
            #doc
            #allow
            pub fn #name(&self, #(#params),*) -> ::std::result::Result<#ret, #rt::Error> {
                #rt::__private::block_on(super::#f(self.client.clone(), #version, #(#args),*)) #body
            }
        },
    };
    quote!(#plain #with_headers)
}
