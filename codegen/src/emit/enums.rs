//! Enums for the string parameters and fields whose page lists their valid values
//! ([`crate::ir::EnumValue`]): one variant per documented value and `Unknown(String)` for any
//! other text, so decoding never fails on a value the page does not know and the text goes
//! back out as it came.
//!
//! Each enum is a definition, two `match`es (wire text ↔ variant) and one-line trait impls;
//! decoding, encoding and serialising are the runtime's generic code for
//! `model::ValueEnum`.

use super::docs::{code, Doc};
use super::Cx;
use crate::ident;
use crate::ir::EnumValue;
use crate::names::Scope;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The enum type for a value named `wire` (the parameter's or field's wire name) with the
/// documented `values`, emitted into `cx.structs` the first time; a later value of the same
/// wire name and values (the same field in a request and its response) names the same enum.
pub(crate) fn enum_type(cx: &mut Cx<'_>, wire: &str, values: &[EnumValue]) -> TokenStream {
    let texts: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
    if let Some((_, _, id)) = cx.enums.iter().find(|(w, t, _)| w == wire && *t == texts) {
        return quote!(#id);
    }
    let id = super::ident(&cx.types.claim(&ident::type_name(wire)));
    let item = item(cx.rt, &id, wire, values);
    cx.structs.push(item);
    cx.enums.push((wire.to_string(), texts, id.clone()));
    quote!(#id)
}

/// The enum `id` of the values of `wire`, and its impls.
fn item(rt: &TokenStream, id: &Ident, wire: &str, values: &[EnumValue]) -> TokenStream {
    let mut scope = Scope::value_variants();
    // Hand-written IR may repeat a value; one variant (and one match arm) each.
    let mut values = values.to_vec();
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| seen.insert(v.value.clone()));
    let variants: Vec<Ident> = values
        .iter()
        .map(|v| super::ident(&scope.claim(&ident::variant_name(&v.value))))
        .collect();
    let wires: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let docs = values.iter().map(|v| {
        Doc::new()
            .text(&v.description)
            .md(format!(
                "Wire value: {}.",
                code(&v.value).unwrap_or_default()
            ))
            .attrs()
    });
    let doc = Doc::new()
        .md(format!(
            "The values of {} that the page documents. Any other value is kept in `Unknown`, so decoding never fails and the text is sent back unchanged; build one from its text with `From<&str>`.",
            code(wire).unwrap_or_default()
        ))
        .attrs();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #id {
            #(#docs #variants,)*
            /// A value the page does not document, as sent. Prefer `as_str()` to matching its
            /// text: a value documented later becomes a variant of its own.
            Unknown(String),
        }

        impl #id {
            /// The value as the wire carries it (an `Unknown` value's own text).
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl #rt::model::ValueEnum for #id {
            fn from_wire(s: String) -> Self {
                match s.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::Unknown(s),
                }
            }
            fn as_str(&self) -> &str {
                #id::as_str(self)
            }
        }

        impl From<&str> for #id {
            fn from(s: &str) -> Self {
                #rt::model::ValueEnum::from_wire(s.to_owned())
            }
        }

        impl From<String> for #id {
            fn from(s: String) -> Self {
                #rt::model::ValueEnum::from_wire(s)
            }
        }

        /// The empty text (`Unknown("")`), as `String::default()` is: a nested request struct
        /// defaults its required members.
        impl ::core::default::Default for #id {
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        impl ::core::fmt::Display for #id {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::serde::Serialize for #id {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                #rt::model::serialize_value(self, s)
            }
        }
    }
}
