//! The response side of an action: the response struct and its nested structs.
//!
//! Every field is an `Option`, decoded by the runtime's `model` module, because real responses
//! omit fields, send numbers as strings and single objects where lists are documented. Each
//! struct implements `model::Model` (one expression per field) and serde's traits through it,
//! not by derive: the derives expanded to a visitor and a wrapper type per field in every
//! action, most of the generated crate's compile time. The types also serialise (skipping
//! `None`) so page samples can be round-tripped in tests.

use super::docs::{code, Doc};
use super::{enums, scalar_type, ActionNames, Cx, Shape};
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
        Type::Struct { name, .. } => nested_struct(cx, name, f),
        Type::String if !f.values.is_empty() => enums::enum_type(cx, &f.wire_name, &f.values),
        scalar => scalar_type(cx.rt, scalar),
    }
}

/// One resolved field of a response struct: its definition, Rust name and wire name.
struct Member {
    def: TokenStream,
    id: Ident,
    wire: String,
}

/// The fields of one struct level.
fn fields(cx: &mut Cx<'_>, fields: &[Field]) -> Vec<Member> {
    let mut names = Scope::fields();
    fields
        .iter()
        .map(|f| {
            let wanted = prefer(&f.rust_name, ident::field_name(&f.wire_name), false);
            let id = super::ident(&names.claim(&wanted));
            let ty = value_type(cx, &f.ty, f);
            let doc = Doc::new()
                .text(&f.description)
                .md(format!(
                    "Wire name: {}.",
                    code(&f.wire_name).unwrap_or_else(|| "(empty)".into())
                ))
                .example(f.example.as_deref())
                .attrs();
            let def = quote! {
                #doc
                pub #id: Option<#ty>,
            };
            Member {
                def,
                id,
                wire: f.wire_name.clone(),
            }
        })
        .collect()
}

/// The type of the nested response struct `name` whose members are `f.children`: a struct of
/// the product's `types` module when it is shared, else one of the action's own (emitted once).
fn nested_struct(cx: &mut Cx<'_>, name: &str, f: &Field) -> TokenStream {
    if let Some(shared) = cx.shared.and_then(|s| s.name(f)) {
        let id = super::ident(shared);
        return if cx.in_types {
            quote!(#id)
        } else {
            quote!(super::types::#id)
        };
    }
    let (id, fresh) = cx.struct_name(name, Shape::Response(f.children.clone()));
    if fresh {
        let item = struct_item(cx, &id, f);
        cx.structs.push(item);
    }
    quote!(#id)
}

/// The shared struct `name` of a product's `types` module, whose members are `f.children`.
pub(crate) fn shared_struct(cx: &mut Cx<'_>, name: &str, f: &Field) -> TokenStream {
    struct_item(cx, &super::ident(name), f)
}

/// The struct `id` whose members are `f.children`, documented by `f`.
fn struct_item(cx: &mut Cx<'_>, id: &Ident, f: &Field) -> TokenStream {
    let members = fields(cx, &f.children);
    let doc = Doc::new()
        .text(&f.description)
        .md(format!(
            "Element of the response field {}.",
            code(&f.wire_name).unwrap_or_default()
        ))
        .attrs();
    container(cx, id, &doc, &members)
}

/// A response struct definition and its decoding: the runtime's `model::Model` (one
/// expression per field; the tolerant rules live in the runtime) and serde impls that call it.
fn container(cx: &Cx<'_>, id: &Ident, doc: &TokenStream, members: &[Member]) -> TokenStream {
    let rt = cx.rt;
    let defs = members.iter().map(|m| &m.def);
    let ids: Vec<&Ident> = members.iter().map(|m| &m.id).collect();
    let wires: Vec<&str> = members.iter().map(|m| m.wire.as_str()).collect();
    // A struct without fields takes none: its `f` is not mutated.
    let mutable = (!members.is_empty()).then(|| quote!(mut));
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #id {
            #(#defs)*
        }

        impl #rt::model::Model for #id {
            const SHAPE: #rt::model::Shape = #rt::model::Shape::Struct(&[#(#wires),*]);
            fn decode(v: #rt::serde_json::Value) -> #rt::model::Decoded<Self> {
                let #mutable f = #rt::model::Fields::of(v, Self::SHAPE)?;
                let value = Self { #(#ids: f.take(#wires)?,)* };
                f.finish(value)
            }
            fn encode(&self) -> #rt::serde_json::Value {
                #rt::model::Object::new()#(.put(#wires, &self.#ids))*.into_value()
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #id {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                #rt::model::deserialize(d)
            }
        }

        impl #rt::serde::Serialize for #id {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                #rt::model::serialize(self, s)
            }
        }
    }
}

/// Emits the response struct (nested structs go to `cx.structs`); for a list body, the struct
/// of one element (`…ResponseItem`) and the response as a `Vec` of it.
pub(crate) fn emit(cx: &mut Cx<'_>, api: &Api, names: &ActionNames) -> TokenStream {
    let members = fields(cx, &api.response);
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
        let element = container(cx, &item, &item_doc, &members);
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
    container(cx, &names.response, &doc, &members)
}
