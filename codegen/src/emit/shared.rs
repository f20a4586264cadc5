//! Response structs shared within a product: a nested struct that several actions of one
//! product declare identically (same IR name, wire names, Rust names, types and members, at
//! every depth; descriptions and examples may differ) is emitted once in the product's
//! `types` module and named from each action as `super::types::Name`, instead of once per
//! action. Each action keeps its own request and response types and its other nested structs.

use super::{response, Cx};
use crate::ident;
use crate::ir::{Api, Field, Type};
use crate::names::{ActionItems, Scope};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// One shared struct as [`SharedTypes::to_json`] writes it: its `types` name and the field
/// whose members it holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Item {
    name: String,
    field: Field,
}

/// The shared response structs of one product, found by [`SharedTypes::of`].
#[derive(Debug, Clone, Default)]
pub struct SharedTypes {
    /// (IR struct name, shape key) → name in the `types` module.
    names: HashMap<(String, String), String>,
    /// The shared structs in order of first use: name, and the field whose members they are
    /// (its first occurrence, whose descriptions document the struct).
    items: Vec<(String, Field)>,
}

impl SharedTypes {
    /// The nested response structs that at least two of `apis` (one product's actions) declare
    /// identically.
    pub fn of(apis: &[&Api]) -> SharedTypes {
        // Every struct, the actions it appears in, and its first occurrence.
        let mut uses: BTreeMap<(String, String), HashSet<usize>> = BTreeMap::new();
        let mut first: Vec<((String, String), Field)> = Vec::new();
        for (i, api) in apis.iter().enumerate() {
            visit(&api.response, &mut |label, f| {
                let key = (label.to_string(), shape_key(&f.children));
                let actions = uses.entry(key.clone()).or_default();
                if actions.is_empty() {
                    first.push((key, f.clone()));
                }
                actions.insert(i);
            });
        }
        let mut scope = Scope::shared_types();
        let mut items = Vec::new();
        for (key, field) in first {
            if uses.get(&key).map_or(0, HashSet::len) < 2 {
                continue;
            }
            items.push((scope.claim(&ident::type_name(&key.0)), field));
        }
        SharedTypes::from_items(items)
    }

    /// The shared structs named `items` (name in the `types` module, field whose members the
    /// struct holds), each found again by its label and members.
    fn from_items(items: Vec<(String, Field)>) -> SharedTypes {
        let names = items
            .iter()
            .filter_map(|(name, f)| {
                let key = (label(f)?.to_string(), shape_key(&f.children));
                Some((key, name.clone()))
            })
            .collect();
        SharedTypes { names, items }
    }

    /// The shared structs as JSON, for a build script to hand to the proc macros
    /// (`api_types!`, and `api_ir!(.., types = ..)`), which read it back with
    /// [`from_json`](Self::from_json).
    pub fn to_json(&self) -> String {
        let items: Vec<Item> = self
            .items
            .iter()
            .map(|(name, field)| Item {
                name: name.clone(),
                field: field.clone(),
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_default()
    }

    /// Reads what [`to_json`](Self::to_json) wrote.
    pub fn from_json(bytes: &[u8]) -> Result<SharedTypes, serde_json::Error> {
        let items: Vec<Item> = serde_json::from_slice(bytes)?;
        Ok(SharedTypes::from_items(
            items.into_iter().map(|i| (i.name, i.field)).collect(),
        ))
    }

    /// True when no struct is shared.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many structs are shared.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The `types` name of the struct that the field `f` holds, if it is shared.
    pub(crate) fn name(&self, f: &Field) -> Option<&str> {
        let label = label(f)?;
        self.names
            .get(&(label.to_string(), shape_key(&f.children)))
            .map(String::as_str)
    }
}

/// Calls `f` with the [`label`] and field of every nested struct under `fields`, parents first
/// (list wrappers, which are not emitted as structs, left out).
fn visit(fields: &[Field], f: &mut impl FnMut(&str, &Field)) {
    for field in fields {
        // A wrapper is emitted as its list (see `response::wrapped_list`), not as a struct.
        let wrapper = response::wrapped_list(field).is_some();
        if let Some(label) = label(field).filter(|_| !wrapper) {
            f(label, field);
        }
        visit(&field.children, f);
    }
}

/// What the struct the field `f` holds (itself or as list items) is called across actions:
/// its documented element name, else the field's wire name. (The IR name is unique within one
/// action only: a response `Tag` is `Tag2` where the request has a `Tag` too.)
fn label(f: &Field) -> Option<&str> {
    match element(&f.ty)? {
        Type::Struct {
            doc_name: Some(doc),
            ..
        } => Some(doc),
        _ => Some(&f.wire_name),
    }
}

/// The struct type that `ty` is or holds as list items.
fn element(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Struct { .. } => Some(ty),
        Type::List { item } => element(item),
        _ => None,
    }
}

/// What makes two structs' members the same generated code: Rust and wire names, types
/// (nested structs by [`label`]) and members at every depth; not descriptions, examples or
/// lines.
fn shape_key(children: &[Field]) -> String {
    let mut key = String::new();
    for c in children {
        let _ = write!(
            key,
            "{:?}|{:?}|{}|{:?}[{}]",
            c.wire_name,
            c.rust_name,
            type_key(&c.ty),
            label(c),
            shape_key(&c.children)
        );
    }
    key
}

/// A type in a [`shape_key`]: scalars by name, lists by item, structs (named by the
/// member's [`label`]) as `{}`.
fn type_key(ty: &Type) -> String {
    match ty {
        Type::List { item } => format!("[{}]", type_key(item)),
        Type::Struct { .. } => "{}".to_string(),
        scalar => format!("{scalar:?}"),
    }
}

/// The `types` module of a product: each shared struct, as an action would emit it.
pub(crate) fn emit(shared: &SharedTypes, rt: &TokenStream) -> TokenStream {
    let items = ActionItems::new("Types");
    let mut cx = Cx::new(rt, &items);
    cx.shared = Some(shared);
    cx.in_types = true;
    // The shared structs' names are taken first, so that no value enum or builder takes one.
    for (name, _) in &shared.items {
        cx.types.claim(name);
    }
    let structs: Vec<TokenStream> = shared
        .items
        .iter()
        .map(|(name, field)| response::shared_struct(&mut cx, name, field))
        .collect();
    let nested = &cx.structs;
    quote! {
        /// Response structs that several actions of this product share (identical members),
        /// emitted once; each action's module names them.
        pub mod types {
            #(#structs)*
            #(#nested)*
        }
    }
}
