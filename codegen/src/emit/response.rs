//! The response side of an action: the response struct and its nested structs.
//!
//! Every field is an `Option`, decoded by the runtime's `model` module, because real responses
//! omit fields, send numbers as strings and single objects where lists are documented. Each
//! struct implements `model::Model` (one expression per field) and serde's traits through it,
//! not by derive: the derives expanded to a visitor and a wrapper type per field in every
//! action, most of the generated crate's compile time. The types also serialise (skipping
//! `None`) so page samples can be round-tripped in tests.
//!
//! Users read responses through accessors (`job_id() -> Option<&str>`, `jobs() -> &[Job]`);
//! a list wrapper (`Jobs.Job`) is flattened into its list; the structs are `#[non_exhaustive]`
//! and have builders (newtypes around the struct) so tests can make them.

use super::docs::{code, Doc};
use super::{enums, scalar_type, ActionNames, Cx, Shape};
use crate::ident;
use crate::ir::{Api, Field, Type};
use crate::names::{prefer, Scope};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The Rust type of a response value of type `ty` (nested structs take `f.children`); a
/// wrapper struct (see [`wrapped_list`]) is its list.
pub(crate) fn value_type(cx: &mut Cx<'_>, ty: &Type, f: &Field) -> TokenStream {
    if let Some(list) = wrapped_list(f).filter(|_| matches!(ty, Type::Struct { .. })) {
        return value_type(cx, &list.ty, list);
    }
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

/// The only member of the struct field `f` when that member is a list: `f` is then a wrapper
/// (`{"Jobs": {"Job": [..]}}`, the form XML gives every list) and is emitted as that list, so
/// `jobs()` reads the items whether a body carries the wrapper or not. The wrapper struct is
/// not emitted.
pub(crate) fn wrapped_list(f: &Field) -> Option<&Field> {
    match (&f.ty, f.children.as_slice()) {
        (Type::Struct { .. }, [only]) if matches!(only.ty, Type::List { .. }) => Some(only),
        _ => None,
    }
}

/// How a field's accessor reads it.
enum Access {
    /// `Option<&str>` (`as_deref`).
    Str,
    /// `Option<T>` for a `Copy` scalar.
    Copy(TokenStream),
    /// `&[T]`, empty when absent.
    List(TokenStream),
    /// `Option<&T>` (`as_ref`).
    Ref(TokenStream),
}

/// One resolved field of a response struct.
struct Member {
    /// The field definition.
    def: TokenStream,
    /// Field name.
    id: Ident,
    /// Wire name.
    wire: String,
    /// The element name a wrapped list's items are wrapped in (see [`wrapped_list`]).
    inner: Option<String>,
    /// Doc of the accessor (the field's description).
    doc: TokenStream,
    /// How the accessor reads it.
    access: Access,
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
            let list = wrapped_list(f);
            let wire_doc = match list.and_then(|l| code(&l.wire_name)) {
                Some(inner) => format!(
                    "Wire name: {}, items wrapped in {inner} (read with or without the wrapper).",
                    code(&f.wire_name).unwrap_or_else(|| "(empty)".into())
                ),
                None => format!(
                    "Wire name: {}.",
                    code(&f.wire_name).unwrap_or_else(|| "(empty)".into())
                ),
            };
            let doc = Doc::new()
                .text(&f.description)
                .md(wire_doc)
                .example(f.example.as_deref())
                .attrs();
            let def = quote! {
                #doc
                pub #id: Option<#ty>,
            };
            let accessor_doc = if f.description.trim().is_empty() {
                Doc::new().md(format!(
                    "Wire name: {}.",
                    code(&f.wire_name).unwrap_or_default()
                ))
            } else {
                Doc::new().text(&f.description)
            }
            .attrs();
            let access = match list.map_or(&f.ty, |l| &l.ty) {
                Type::String if f.values.is_empty() => Access::Str,
                // A value enum (see `enums`): read by reference.
                Type::String => Access::Ref(ty),
                Type::Integer | Type::Long | Type::Boolean | Type::Float | Type::Double => {
                    Access::Copy(ty)
                }
                // The element type, already emitted with the field's type.
                Type::List { item } => Access::List(value_type(cx, item, list.unwrap_or(f))),
                Type::Struct { .. } | Type::Json => Access::Ref(ty),
            };
            Member {
                def,
                id,
                wire: f.wire_name.clone(),
                inner: list.map(|l| l.wire_name.clone()),
                doc: accessor_doc,
                access,
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

/// A response struct definition, its accessors and builder ([`methods`]) and its decoding: the
/// runtime's `model::Model` (one expression per field; the tolerant rules live in the runtime)
/// and serde impls that call it.
fn container(cx: &mut Cx<'_>, id: &Ident, doc: &TokenStream, members: &[Member]) -> TokenStream {
    let rt = cx.rt;
    let defs = members.iter().map(|m| &m.def);
    let wires: Vec<&str> = members.iter().map(|m| m.wire.as_str()).collect();
    let takes = members.iter().map(|m| {
        let (id, wire) = (&m.id, &m.wire);
        match &m.inner {
            Some(inner) => quote!(#id: f.take_wrapped(#wire, #inner),),
            None => quote!(#id: f.take(#wire),),
        }
    });
    let puts = members.iter().map(|m| {
        let (id, wire) = (&m.id, &m.wire);
        match &m.inner {
            Some(inner) => quote!(.put_wrapped(#wire, #inner, &self.#id)),
            None => quote!(.put(#wire, &self.#id)),
        }
    });
    // A struct without fields takes none: its `f` is not mutated.
    let mutable = (!members.is_empty()).then(|| quote!(mut));
    let methods = methods(cx, id, members);
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #id {
            #(#defs)*
        }

        #methods

        impl #rt::model::Model for #id {
            const SHAPE: #rt::model::Shape = #rt::model::Shape::Struct(&[#(#wires),*]);
            fn decode(v: #rt::serde_json::Value) -> #rt::model::Decoded<Self> {
                let #mutable f = #rt::model::Fields::of(v, Self::SHAPE)?;
                let value = Self { #(#takes)* };
                f.finish(value)
            }
            fn encode(&self) -> #rt::serde_json::Value {
                #rt::model::Object::new()#(#puts)*.into_value()
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

/// The accessors of struct `id` (one per field, named like it; `builder` and `default` are
/// taken) and its builder `…Builder`, a newtype around the struct with a setter per field (for
/// a list, one that appends an item and a `set_…` that replaces the list, as request builders
/// do): output structs are `#[non_exhaustive]`, so tests and mocks build them this way.
///
/// Compile time: like every generated method they are marked `#[inline]` (see `emit::inline`),
/// so a crate compiles (codegens) only those it calls, and the builder derives nothing (its `Debug`/`Clone` impls would be compiled
/// for every struct); the setters are generic (`impl Into`) and compiled only when called.
fn methods(cx: &mut Cx<'_>, id: &Ident, members: &[Member]) -> TokenStream {
    let rt = cx.rt;
    let builder = super::ident(&cx.types.claim(&format!("{id}Builder")));
    // An accessor `default` would hide the struct's `Default::default()`.
    let mut getters = Scope::methods(&["builder", "default"]);
    let mut setters = Scope::methods(&["build"]);
    let mut accessors = Vec::with_capacity(members.len());
    let mut sets = Vec::with_capacity(members.len());
    for m in members {
        let Member { id: field, doc, .. } = m;
        let name = super::ident(&getters.claim(&field.to_string()));
        let set = super::ident(&setters.claim(&field.to_string()));
        let plain = ident::unraw(&field.to_string()).to_string();
        let set_doc = format!(" Sets `{plain}`.");
        accessors.push(match &m.access {
            Access::Str => quote! {
                #doc
                pub fn #name(&self) -> Option<&str> { self.#field.as_deref() }
            },
            Access::Copy(ty) => quote! {
                #doc
                pub fn #name(&self) -> Option<#ty> { self.#field }
            },
            Access::Ref(ty) => quote! {
                #doc
                pub fn #name(&self) -> Option<&#ty> { self.#field.as_ref() }
            },
            Access::List(ty) => quote! {
                #doc
                pub fn #name(&self) -> &[#ty] { #rt::model::slice(&self.#field) }
            },
        });
        sets.push(match &m.access {
            Access::List(ty) => {
                let replace = super::ident(&setters.claim(&format!("set_{plain}")));
                let replace_doc = format!(" Replaces the items of `{plain}`.");
                quote! {
                    #[doc = #set_doc]
                    #[doc = ""]
                    #[doc = " Appends one item; call repeatedly for several."]
                    pub fn #set(mut self, item: impl Into<#ty>) -> Self {
                        #rt::model::push(&mut self.0.#field, item.into());
                        self
                    }
                    #[doc = #replace_doc]
                    pub fn #replace(mut self, items: Vec<#ty>) -> Self {
                        self.0.#field = Some(items);
                        self
                    }
                }
            }
            Access::Str => quote! {
                #[doc = #set_doc]
                pub fn #set(mut self, value: impl Into<String>) -> Self {
                    self.0.#field = Some(value.into());
                    self
                }
            },
            Access::Copy(ty) | Access::Ref(ty) => quote! {
                #[doc = #set_doc]
                pub fn #set(mut self, value: impl Into<#ty>) -> Self {
                    self.0.#field = Some(value.into());
                    self
                }
            },
        });
    }
    let builder_doc = format!(
        " Builder of [`{id}`], for tests and mocks: a setter per field, then [`build`]({builder}::build)."
    );
    let build_doc = format!(" The [`{id}`] with the fields set so far.");
    let builder_fn_doc = format!(" A [`{builder}`] with no field set.");
    quote! {
        impl #id {
            #(#accessors)*
            #[doc = #builder_fn_doc]
            pub fn builder() -> #builder {
                #builder(::core::default::Default::default())
            }
        }

        #[doc = #builder_doc]
        pub struct #builder(#id);

        impl #builder {
            #(#sets)*
            #[doc = #build_doc]
            pub fn build(self) -> #id {
                self.0
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
