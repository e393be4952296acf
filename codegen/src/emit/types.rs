//! Type definitions: structs, enumerations, choices, and a redacting
//! `Debug` for types that hold secrets.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, Ctx};
use crate::markdown::code;
use crate::plan::{ChoiceDef, EnumDef, Extras, Occurs, PolyDef, StructDef, TypePlan};

pub(super) fn emit_type(cx: &Ctx<'_>, t: &TypePlan, extras: Option<&Extras>) -> TokenStream {
    let none = Extras::default();
    let x = extras.unwrap_or(&none);
    match t {
        TypePlan::Struct(s) => emit_struct(cx, s, x),
        TypePlan::Enum(e) => emit_enum(cx, e, x),
        TypePlan::Choice(c) => emit_choice(cx, c, x),
        TypePlan::Poly(p) => emit_poly(cx, p, x),
        // The user's type: nothing to generate.
        TypePlan::Extern(_) => TokenStream::new(),
    }
}

/// `#[derive(...)]` of the generated derives plus the customisation's
/// (those already present left out), then the customisation's attributes.
/// Both were validated when the builder resolved them.
/// `manual` names traits implemented by hand (never derived again).
fn derives_and_attributes(derives: &[&str], manual: &[&str], x: &Extras) -> TokenStream {
    let mut all: Vec<&str> = derives.to_vec();
    for d in &x.derives {
        let bare = d.rsplit("::").next().unwrap_or(d).trim();
        if !all.iter().chain(manual).any(|a| a == d || *a == bare) {
            all.push(d);
        }
    }
    let paths = all.iter().map(|d| {
        d.parse::<TokenStream>()
            .unwrap_or_else(|_| quote!(::std::fmt::Debug))
    });
    let attrs = x
        .attributes
        .iter()
        .map(|a| a.parse::<TokenStream>().unwrap_or_default());
    quote!(#[derive(#(#paths),*)] #(#attrs)*)
}

fn serde_derive(cx: &Ctx<'_>) -> TokenStream {
    if cx.serde {
        quote!(#[derive(::serde::Serialize, ::serde::Deserialize)])
    } else {
        TokenStream::new()
    }
}

fn serde_rename(cx: &Ctx<'_>, xml: &str) -> TokenStream {
    if cx.serde {
        quote!(#[serde(rename = #xml)])
    } else {
        TokenStream::new()
    }
}

fn struct_doc(s: &StructDef) -> String {
    let mut doc = s.doc.clone().unwrap_or_default();
    if let Some(x) = &s.xml {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("XML: {}.", code(&x.to_string())));
    }
    doc
}

/// Above this many fields, `PartialEq` and a redacting `Debug` are written
/// as one statement per field: the derive's `a == b && c == d && ...` and a
/// `.field(..).field(..)` chain nest one level per field, and rustc
/// overflows its stack on a few thousand.
const WIDE: usize = 64;

fn emit_struct(cx: &Ctx<'_>, s: &StructDef, x: &Extras) -> TokenStream {
    let name = ident(&s.name);
    let doc = doc_attrs(Some(&struct_doc(s)));
    let sensitive =
        s.attributes.iter().any(|a| a.sensitive) || s.elements.iter().any(|f| f.sensitive);
    let wide = s.attributes.len() + s.elements.len() > WIDE;
    let mut derives = vec!["Clone"];
    if !wide {
        derives.push("PartialEq");
    }
    if !sensitive {
        derives.insert(0, "Debug");
    }
    if s.default {
        derives.push("Default");
    }
    // Written by hand for secrets and wide structs (below).
    let mut manual = Vec::new();
    if sensitive {
        manual.push("Debug");
    }
    if wide {
        manual.push("PartialEq");
    }
    let derives = derives_and_attributes(&derives, &manual, x);
    let serde = serde_derive(cx);
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    for a in &s.attributes {
        let f = ident(&a.name);
        let ty = cx.field_ty(
            &a.ty,
            if a.required {
                Occurs::Required
            } else {
                Occurs::Optional
            },
            false,
            false,
        );
        let d = doc_attrs(Some(
            &a.doc
                .clone()
                .unwrap_or_else(|| format!("Attribute {}.", code(&a.xml.local))),
        ));
        let rn = serde_rename(cx, &a.xml.local);
        fields.push(quote!(#d #rn pub #f: #ty,));
        debug_fields.push((a.name.clone(), a.sensitive));
    }
    for e in &s.elements {
        let f = ident(&e.name);
        let ty = cx.shape_ty(&e.shape());
        let default_doc = if let Some(a) = &e.array {
            if e.choice.is_some() {
                format!("Element `{}`: the items it wraps.", e.xml.local)
            } else {
                format!(
                    "Element `{}`: the `{}` items it wraps.",
                    e.xml.local, a.item.local
                )
            }
        } else if e.choice.is_some() {
            "One of several elements.".to_string()
        } else {
            format!("Element {}.", code(&e.xml.local))
        };
        let d = doc_attrs(Some(&e.doc.clone().unwrap_or(default_doc)));
        let rn = if e.choice.is_some() && e.array.is_none() {
            TokenStream::new()
        } else {
            serde_rename(cx, &e.xml.local)
        };
        fields.push(quote!(#d #rn pub #f: #ty,));
        debug_fields.push((e.name.clone(), e.sensitive));
    }
    if let Some((n, t)) = &s.text {
        let f = ident(n);
        let ty = cx.item_ty(t);
        fields.push(quote!(#[doc = " The element's text content."] pub #f: #ty,));
        debug_fields.push((n.clone(), false));
    }
    if let Some(n) = &s.any {
        let f = ident(n);
        let rt = cx.rt;
        fields.push(quote!(#[doc = " Child elements not described by the schema (`xs:any`), as raw XML."] pub #f: ::std::vec::Vec<#rt::xml::AnyElement>,));
        debug_fields.push((n.clone(), false));
    }
    let debug_impl = if sensitive {
        let rt = cx.rt;
        let label_name = &s.name;
        let entries = debug_fields.iter().map(|(n, secret)| {
            let f = ident(n);
            let label = n.trim_start_matches("r#");
            if *secret {
                quote!(.field(#label, &#rt::__private::Redacted(&self.#f)))
            } else {
                quote!(.field(#label, &self.#f))
            }
        });
        if wide {
            quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        let mut d = f.debug_struct(#label_name);
                        #(d #entries;)*
                        d.finish()
                    }
                }
            }
        } else {
            quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_struct(#label_name)
                            #(#entries)*
                            .finish()
                    }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let eq_impl = if wide {
        let checks = debug_fields.iter().map(|(n, _)| {
            let f = ident(n);
            quote!(if self.#f != other.#f { return false; })
        });
        quote! {
            impl ::std::cmp::PartialEq for #name {
                fn eq(&self, other: &Self) -> bool {
                    #(#checks)*
                    true
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #derives
        #serde
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
        #eq_impl
    }
}

fn emit_enum(cx: &Ctx<'_>, e: &EnumDef, x: &Extras) -> TokenStream {
    let derives = derives_and_attributes(
        &["Debug", "Clone", "PartialEq", "Eq", "Hash", "Default"],
        &[],
        x,
    );
    let rt = cx.rt;
    let name = ident(&e.name);
    let mut doc = e.doc.clone().unwrap_or_default();
    if let Some(x) = &e.xml {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("XML: {}.", code(&x.to_string())));
    }
    // The first listed value is the default (`#[default]`).
    if let Some((_, value, _)) = e.variants.first() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&format!(
            "The default is the first value the schema lists, {}.",
            code(value)
        ));
    }
    let doc = doc_attrs(Some(&doc));
    let serde = serde_derive(cx);
    let variants = e.variants.iter().enumerate().map(|(i, (v, value, d))| {
        let v = ident(v);
        let d = doc_attrs(Some(&d.clone().unwrap_or_else(|| code(value))));
        let rn = serde_rename(cx, value);
        let default = if i == 0 {
            quote!(#[default])
        } else {
            TokenStream::new()
        };
        quote!(#d #rn #default #v,)
    });
    let as_str = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(Self::#v => #value,)
    });
    let from = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(#value => Self::#v,)
    });
    let other_serde = if cx.serde {
        quote!(#[serde(untagged)])
    } else {
        TokenStream::new()
    };
    quote! {
            #doc
            #derives
            #serde
            pub enum #name {
                #(#variants)*
                /// A value the schema does not list, kept as received.
                #other_serde
                Other(::std::string::String),
            }
            impl #name {
                /// The value as it appears in XML.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#as_str)*
                        Self::Other(s) => s,
                    }
                }
            }
    impl #rt::xml::TextValue for #name {
                fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                    ::std::borrow::Cow::Borrowed(self.as_str())
                }
                fn from_text(s: &str) -> ::std::result::Result<Self, #rt::DecodeErrorKind> {
                    ::std::result::Result::Ok(Self::from(s))
                }
            }
            impl ::std::convert::From<&str> for #name {
                fn from(s: &str) -> Self {
                    match s {
                        #(#from)*
                        other => Self::Other(::std::string::String::from(other)),
                    }
                }
            }
        }
}

fn emit_choice(cx: &Ctx<'_>, c: &ChoiceDef, x: &Extras) -> TokenStream {
    let manual: &[&str] = if c.default { &["Default"] } else { &[] };
    let derives = derives_and_attributes(&["Debug", "Clone", "PartialEq"], manual, x);
    let name = ident(&c.name);
    let serde = serde_derive(cx);
    let variants = c.variants.iter().map(|v| {
        let n = ident(&v.name);
        let mut ty = cx.item_ty(&v.ty);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        if v.many {
            ty = quote!(::std::vec::Vec<#ty>);
        }
        let d = format!(" Element {}.", code(&v.xml.local));
        let rn = serde_rename(cx, &v.xml.local);
        quote!(#[doc = #d] #rn #n(#ty),)
    });
    let mut doc = c
        .doc
        .clone()
        .unwrap_or_else(|| "One of several alternative elements (`xs:choice`).".to_string());
    let default_impl = c.variants.first().filter(|_| c.default).map(|v| {
        doc.push_str(&format!(
            "\n\nThe default is the first alternative, {}, with its default.",
            code(&v.xml.local)
        ));
        let n = ident(&v.name);
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#n(::std::default::Default::default())
                }
            }
        }
    });
    let doc = doc_attrs(Some(&doc));
    quote! {
        #doc
        #derives
        #[allow(clippy::large_enum_variant)]
        #serde
        pub enum #name {
            #(#variants)*
        }
        #default_impl
    }
}

fn emit_poly(cx: &Ctx<'_>, p: &PolyDef, x: &Extras) -> TokenStream {
    // `Default` is implemented by hand when the base has one.
    let manual: &[&str] = if p.default { &["Default"] } else { &[] };
    let derives = derives_and_attributes(&["Debug", "Clone", "PartialEq"], manual, x);
    let name = ident(&p.name);
    let serde = serde_derive(cx);
    let variants = p.variants.iter().map(|v| {
        let n = ident(&v.name);
        let mut ty = cx.item_ty(&crate::plan::RsTy::Ref(v.ty));
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let d = format!(" {}.", code(&v.xml.to_string()));
        quote!(#[doc = #d] #n(#ty),)
    });
    let mut doc = format!(
        " {} or a type derived from it; on the wire the derived types carry `xsi:type`.",
        code(&p.base.to_string())
    );
    if p.default {
        if p.variants[0].xml == p.base {
            doc.push_str(" The default is the base type's default.");
        } else {
            doc.push_str(&format!(
                " The base type is abstract: the default is {}'s default.",
                code(&p.variants[0].xml.to_string())
            ));
        }
    }
    let default_impl = p.default.then(|| {
        let base = ident(&p.variants[0].name);
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#base(::std::default::Default::default())
                }
            }
        }
    });
    // Each type converts into the enum: `let k: BaseKind = derived.into();`.
    let froms = p.variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = cx.item_ty(&crate::plan::RsTy::Ref(v.ty));
        let value = if v.boxed {
            quote!(::std::boxed::Box::new(v))
        } else {
            quote!(v)
        };
        quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(v: #ty) -> Self {
                    Self::#n(#value)
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #derives
        #[allow(clippy::large_enum_variant)]
        #serde
        pub enum #name {
            #(#variants)*
        }
        #default_impl
        #(#froms)*
    }
}
