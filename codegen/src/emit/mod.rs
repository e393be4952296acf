//! Plan → tokens. One emitter per concern: type definitions, XML encoding,
//! XML decoding, clients. Every path in generated code is absolute so
//! schema types named `String`, `Option` or `Result` cannot break it.

mod client;
mod decode;
mod encode;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::plan::{Occurs, Plan, RsTy};

/// Emission settings.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate in generated code.
    pub runtime: TokenStream,
    /// Derive `serde::Serialize`/`Deserialize` (with XML names).
    pub serde: bool,
    /// The source file named in the `@generated` header.
    pub source: String,
}

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub rt: &'a TokenStream,
    pub serde: bool,
}

impl Ctx<'_> {
    /// Tokens for an item type (no Option/Vec/Box).
    pub fn item_ty(&self, t: &RsTy) -> TokenStream {
        let rt = self.rt;
        match t {
            RsTy::Builtin(b) => {
                let path: TokenStream = b
                    .rust_path()
                    .parse()
                    .unwrap_or_else(|_| quote!(::std::string::String));
                if b.rust_path().starts_with("xsd::") {
                    quote!(#rt::#path)
                } else {
                    path
                }
            }
            RsTy::Ref(id) => {
                let name = ident(self.plan.types[id.0].name());
                quote!(#name)
            }
            RsTy::Any => quote!(#rt::xml::AnyElement),
        }
    }

    /// Tokens for a field type with its occurrence.
    pub fn field_ty(&self, t: &RsTy, occurs: Occurs, nillable: bool, boxed: bool) -> TokenStream {
        let mut item = self.item_ty(t);
        if boxed {
            item = quote!(::std::boxed::Box<#item>);
        }
        match occurs {
            Occurs::Required if nillable => quote!(::std::option::Option<#item>),
            Occurs::Required => item,
            Occurs::Optional => quote!(::std::option::Option<#item>),
            Occurs::Many(_) if nillable => quote!(::std::vec::Vec<::std::option::Option<#item>>),
            Occurs::Many(_) => quote!(::std::vec::Vec<#item>),
        }
    }

    /// The namespace constant (or `""`) for a namespace URI.
    pub fn ns(&self, ns: &str) -> TokenStream {
        match self.plan.ns_const(ns) {
            Some(c) => {
                let c = format_ident!("{}", c);
                quote!(#c)
            }
            None => quote!(#ns),
        }
    }
}

/// An identifier, raw when it starts with `r#`.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]`, one attribute per line so docs print as `///`. The
/// text is Markdown already made safe: WSDL text by
/// [`crate::markdown::from_text`], names and values by
/// [`crate::markdown::code`].
pub(crate) fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let lines = doc.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// Emits the whole module.
pub fn emit(plan: &Plan, opts: &EmitOptions) -> TokenStream {
    let items = emit_items(plan, opts);
    quote!(#(#items)*)
}

/// Emits the module as a list of token streams of whole items (what
/// [`crate::format::format_items`] formats one at a time).
pub fn emit_items(plan: &Plan, opts: &EmitOptions) -> Vec<TokenStream> {
    let cx = Ctx {
        plan,
        rt: &opts.runtime,
        serde: opts.serde,
    };
    let types: Vec<TokenStream> = plan
        .types
        .iter()
        .zip(&plan.directions)
        .map(|(t, &(needs_enc, needs_dec))| {
            let def = types::emit_type(&cx, t);
            let enc = if needs_enc {
                encode::emit_encode(&cx, t)
            } else {
                TokenStream::new()
            };
            let dec = if needs_dec {
                decode::emit_decode(&cx, t)
            } else {
                TokenStream::new()
            };
            quote! { #def #enc #dec }
        })
        .collect();
    let mut shared = client::SharedOps::default();
    let mut clients: Vec<TokenStream> = plan
        .clients
        .iter()
        .map(|c| client::emit_client(&cx, c, &mut shared))
        .collect();
    clients.extend(shared.fns);
    // Only the namespace constants the code refers to (no dead code).
    let mut used = std::collections::BTreeSet::new();
    for ts in types.iter().chain(&clients) {
        collect_idents(ts, &mut used);
    }
    let consts = plan
        .namespaces
        .iter()
        .filter(|(_, name)| used.contains(name))
        .map(|(uri, name)| {
            let name = format_ident!("{}", name);
            let doc = format!(" Namespace {}.", crate::markdown::code(uri));
            quote! {
                #[doc = #doc]
                const #name: &str = #uri;
            }
        });
    consts.chain(clients).chain(types).collect()
}

fn collect_idents(ts: &TokenStream, out: &mut std::collections::BTreeSet<String>) {
    for tt in ts.clone() {
        match tt {
            proc_macro2::TokenTree::Ident(i) => {
                let s = i.to_string();
                if s.starts_with("NS_") {
                    out.insert(s);
                }
            }
            proc_macro2::TokenTree::Group(g) => collect_idents(&g.stream(), out),
            _ => {}
        }
    }
}
