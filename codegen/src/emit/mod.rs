//! Plan → tokens. One emitter per concern: type definitions, XML encoding,
//! XML decoding, clients. Every path in generated code is absolute so
//! schema types named `String`, `Option` or `Result` cannot break it.

mod client;
mod decode;
mod encode;
mod ops;
mod request;
mod response;
mod server;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::plan::{Method, Occurs, OpFn, Param, Plan, RsTy, Shape, TypeId, TypePlan};

/// Emission settings.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate in generated code.
    pub runtime: TokenStream,
    /// Derive `serde::Serialize`/`Deserialize` (with XML names).
    pub serde: bool,
    /// Also emit blocking clients (`mod blocking`).
    pub blocking: bool,
    /// Also emit a service trait and a server handler per port.
    pub server: bool,
}

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub rt: &'a TokenStream,
    pub serde: bool,
    /// Path from the emitted code's module to the generated types (empty,
    /// or `super::` inside `mod blocking`).
    pub scope: TokenStream,
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
                if let TypePlan::Extern(x) = &self.plan.types[id.0] {
                    // Validated as an absolute path when the builder resolved it.
                    return x
                        .path
                        .parse()
                        .unwrap_or_else(|_| quote!(::std::string::String));
                }
                let name = ident(self.plan.types[id.0].name());
                let scope = &self.scope;
                quote!(#scope #name)
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

    /// Tokens for a planned shape.
    pub fn shape_ty(&self, s: &Shape) -> TokenStream {
        let mut t = self.field_ty(&s.ty, s.occurs, s.nillable, s.boxed);
        for _ in 0..s.arrays {
            t = quote!(::std::vec::Vec<#t>);
        }
        t
    }

    /// `name: Type` for each parameter.
    pub fn params(&self, params: &[Param]) -> Vec<TokenStream> {
        params
            .iter()
            .map(|p| {
                let n = ident(&p.name);
                let t = self.shape_ty(&p.shape);
                quote!(#n: #t)
            })
            .collect()
    }

    /// The Rust type an operation returns.
    pub fn returns(&self, op: &OpFn) -> TokenStream {
        match &op.returns {
            Some(s) => self.shape_ty(s),
            None => quote!(()),
        }
    }

    /// The operation function a method calls.
    pub fn op(&self, m: &Method) -> &OpFn {
        &self.plan.ops[m.op.0]
    }

    /// A generated item by its Rust name (in this emitter's scope).
    pub fn item_ty_named(&self, name: &str) -> TokenStream {
        let name = ident(name);
        let scope = &self.scope;
        quote!(#scope #name)
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

/// A part of the generated module, emitted (and formatted) on its own, possibly on
/// another thread: the module is the namespace constants, then its parts' items in the
/// order [`parts`] lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The async client types.
    Clients,
    /// The operation functions `plan.ops[range]`.
    Ops(std::ops::Range<usize>),
    /// The response-header structs.
    HeaderStructs,
    /// `mod blocking`.
    Blocking,
    /// The server traits and handlers.
    Servers,
    /// The types `plan.types[range]` (those generated), each with its `Encode`/`Decode`
    /// impls as the operations need them.
    Types(std::ops::Range<usize>),
    /// The `FaultDetail` impls.
    FaultDetails,
}

/// The parts of the module in output order, operations and types in ranges of `batch`
/// (only one range's tokens exist at once).
pub fn parts(plan: &Plan, opts: &EmitOptions, batch: usize) -> Vec<Part> {
    let ranges = |n: usize| {
        (0..n)
            .step_by(batch.max(1))
            .map(move |s| s..(s + batch.max(1)).min(n))
    };
    let mut parts = vec![Part::Clients];
    parts.extend(ranges(plan.ops.len()).map(Part::Ops));
    parts.push(Part::HeaderStructs);
    if opts.blocking {
        parts.push(Part::Blocking);
    }
    if opts.server {
        parts.push(Part::Servers);
    }
    parts.extend(ranges(plan.types.len()).map(Part::Types));
    parts.push(Part::FaultDetails);
    parts
}

/// The items of one part of the module.
pub fn emit_part(plan: &Plan, opts: &EmitOptions, part: &Part) -> Vec<TokenStream> {
    let cx = Ctx {
        plan,
        rt: &opts.runtime,
        serde: opts.serde,
        scope: TokenStream::new(),
    };
    match part {
        Part::Clients => plan
            .clients
            .iter()
            .map(|c| client::emit_client(&cx, c, client::Flavor::Async))
            .collect(),
        Part::Ops(range) => plan
            .ops
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .map(|op| ops::emit_op(&cx, op))
            .collect(),
        Part::HeaderStructs => plan
            .response_headers
            .iter()
            .map(|rh| ops::emit_header_struct(&cx, rh))
            .collect(),
        Part::Blocking => vec![blocking(&cx)],
        Part::Servers => plan
            .clients
            .iter()
            .map(|c| server::emit_server(&cx, c))
            .collect(),
        Part::Types(range) => {
            let start = range.start;
            plan.types
                .get(range.clone())
                .unwrap_or_default()
                .iter()
                .zip(plan.directions.get(start..).unwrap_or_default())
                .enumerate()
                .map(|(k, pair)| (start + k, pair))
                .filter(|(i, _)| plan.generated.get(*i).copied().unwrap_or(true))
                .map(|(i, (t, &(needs_enc, needs_dec)))| {
                    let def = types::emit_type(&cx, t, plan.extras.get(&TypeId(i)));
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
                .collect()
        }
        Part::FaultDetails => plan
            .fault_details
            .iter()
            .map(|(id, el)| {
                let rt = cx.rt;
                let name = cx.item_ty(&crate::plan::RsTy::Ref(*id));
                let (ns, local) = (&*el.ns, &*el.local);
                let doc = format!(
                    " The detail entry {}: `fault.detail::<{}>()` decodes it.",
                    crate::markdown::code(&el.to_string()),
                    plan.types[id.0].name()
                );
                quote! {
                    #[doc = #doc]
                    impl #rt::FaultDetail for #name {
                        const NAMESPACE: &'static str = #ns;
                        const NAME: &'static str = #local;
                    }
                }
            })
            .collect(),
    }
}

/// The namespace constants the code refers to (`used`: their names, see
/// [`used_namespaces`]); no dead code.
pub fn namespace_consts(
    plan: &Plan,
    used: &std::collections::BTreeSet<String>,
) -> Vec<TokenStream> {
    plan.namespaces
        .iter()
        .filter(|(_, name)| used.contains(name))
        .map(|(uri, name)| {
            let name = format_ident!("{}", name);
            let doc = format!(" Namespace {}.", crate::markdown::code(uri));
            quote! {
                #[doc = #doc]
                const #name: &str = #uri;
            }
        })
        .collect()
}

/// Adds the namespace constants `items` refer to.
pub fn used_namespaces(items: &[TokenStream], out: &mut std::collections::BTreeSet<String>) {
    for ts in items {
        collect_idents(ts, out);
    }
}

/// `mod blocking`: a blocking client per port, over the same operation
/// functions.
fn blocking(cx: &Ctx<'_>) -> TokenStream {
    let inner = Ctx {
        scope: quote!(super::),
        ..*cx
    };
    let clients = cx
        .plan
        .clients
        .iter()
        .map(|c| client::emit_client(&inner, c, client::Flavor::Blocking));
    quote! {
        /// Blocking clients, for synchronous code: the same ports, constructors and
        /// operations, as plain functions.
        ///
        /// The caller needs no async runtime (the calls run on one that
        /// `soapgen_runtime` starts on first use); the async clients need tokio.
        pub mod blocking {
            #(#clients)*
        }
    }
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
