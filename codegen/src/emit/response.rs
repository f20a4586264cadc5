//! The response side of an action: the response struct and its nested structs.
//!
//! Every field is an `Option` with `#[serde(default)]` and the runtime's tolerant decoder
//! for its type, because real responses omit fields, send numbers as strings and single
//! objects where lists are documented. The types also serialise (skipping `None`) so page
//! samples can be round-tripped in tests.

use super::docs::{code, Doc};
use super::{scalar_type, ActionNames, Cx, Shape};
use crate::ident;
use crate::ir::{Api, Field, Type};
use crate::names::{prefer, Scope};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The Rust type of a response value of type `ty` (nested structs take `f.children`).
fn value_type(cx: &mut Cx<'_>, ty: &Type, f: &Field) -> TokenStream {
    match ty {
        Type::List { item } => {
            let inner = value_type(cx, item, f);
            quote!(Vec<#inner>)
        }
        Type::Struct { name, .. } => {
            let name = nested_struct(cx, name, f);
            quote!(#name)
        }
        scalar => scalar_type(cx.rt, scalar),
    }
}

/// The runtime decoder for a field of type `ty`, if it needs one.
fn decoder(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::String => Some("de::string"),
        Type::Integer => Some("de::i32"),
        Type::Long => Some("de::i64"),
        Type::Boolean => Some("de::bool"),
        Type::Float | Type::Double => Some("de::f64"),
        Type::List { .. } => Some("de::list"),
        Type::Json | Type::Struct { .. } => None,
    }
}

/// The field definitions of one struct level.
fn fields(cx: &mut Cx<'_>, fields: &[Field]) -> Vec<TokenStream> {
    let mut names = Scope::fields();
    fields
        .iter()
        .map(|f| {
            let wanted = prefer(&f.rust_name, ident::field_name(&f.wire_name), false);
            let id = super::ident(&names.claim(&wanted));
            let ty = value_type(cx, &f.ty, f);
            let wire = &f.wire_name;
            let doc = Doc::new()
                .text(&f.description)
                .md(format!(
                    "Wire name: {}.",
                    code(&f.wire_name).unwrap_or_else(|| "(empty)".into())
                ))
                .example(f.example.as_deref())
                .attrs();
            let with = decoder(&f.ty).map(|d| {
                let path = cx.rt_fn(d);
                quote!(deserialize_with = #path,)
            });
            quote! {
                #doc
                #[serde(rename = #wire, #with skip_serializing_if = "Option::is_none")]
                pub #id: Option<#ty>,
            }
        })
        .collect()
}

/// Emits (once) the nested response struct `name` whose members are `f.children`.
fn nested_struct(cx: &mut Cx<'_>, name: &str, f: &Field) -> Ident {
    let (id, fresh) = cx.struct_name(name, Shape::Response(f.children.clone()));
    if !fresh {
        return id;
    }
    let defs = fields(cx, &f.children);
    let doc = Doc::new()
        .text(&f.description)
        .md(format!(
            "Element of the response field {}.",
            code(&f.wire_name).unwrap_or_default()
        ))
        .attrs();
    let item = container(cx, &id, &doc, &defs);
    cx.structs.push(item);
    id
}

/// A response struct definition with the shared derives and serde attributes.
fn container(cx: &Cx<'_>, id: &Ident, doc: &TokenStream, defs: &[TokenStream]) -> TokenStream {
    let rt = cx.rt;
    let krate = cx.rt_fn("serde");
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, #rt::serde::Serialize, #rt::serde::Deserialize)]
        #[serde(crate = #krate, default)]
        pub struct #id {
            #(#defs)*
        }
    }
}

/// Emits the response struct (nested structs go to `cx.structs`); for a list body, the struct
/// of one element (`…ResponseItem`) and the response as a `Vec` of it.
pub(crate) fn emit(cx: &mut Cx<'_>, api: &Api, names: &ActionNames) -> TokenStream {
    let defs = fields(cx, &api.response);
    let action = code(&api.action).unwrap_or_default();
    if api.response_list {
        let item = quote::format_ident!("{}Item", names.response);
        let item_doc = Doc::new()
            .md(format!(
                "One element of the response of {action}, whose JSON body is a list. Every field is optional because services omit fields."
            ))
            .attrs();
        let list_doc = Doc::new()
            .md(format!(
                "Response of {action}: the decoded JSON body, a list."
            ))
            .attrs();
        let response = &names.response;
        let element = container(cx, &item, &item_doc, &defs);
        return quote! {
            #element
            #list_doc
            pub type #response = Vec<#item>;
        };
    }
    let doc = Doc::new()
        .md(format!(
            "Response of {action}: the decoded JSON body. Every field is optional because services omit fields."
        ))
        .attrs();
    container(cx, &names.response, &doc, &defs)
}
