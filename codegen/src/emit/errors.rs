//! The error enum of an action: one variant per documented code, each holding the runtime's
//! `ErrorMeta`, plus `Unhandled` holding the runtime's opaque `Unhandled` (so no code can be
//! matched inside it). Classification is by code string, never by status. Every enum
//! implements the runtime's `ProvideErrorMetadata`.

use super::docs::{code, Doc};
use super::{ActionNames, Cx};
use crate::ident;
use crate::ir::Api;
use crate::names::{prefer, Scope};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// Emits the error enum and its `From<ErrorMeta>`, `Display`, `Error`, `ProvideErrorMetadata`
/// and accessor impls.
pub(crate) fn emit(cx: &Cx<'_>, api: &Api, names: &ActionNames) -> TokenStream {
    let rt = cx.rt;
    let error = &names.error;
    let mut variants = Scope::variants();
    let mut codes = HashSet::new();
    let mut defs = Vec::new();
    let mut arms = Vec::new();
    let mut idents = Vec::new();
    let mut labels = Vec::new();
    for e in &api.errors {
        if !codes.insert(e.code.as_str()) {
            continue;
        }
        let wanted = prefer(&e.variant, ident::variant_name(&e.code), true);
        let variant = super::ident(&variants.claim(&wanted));
        let mut doc = Doc::new();
        // Every documented situation of this code: its description, status and message.
        for case in api.errors.iter().filter(|c| c.code == e.code) {
            let status = case
                .http_status
                .map(|s| format!(" (HTTP {s})"))
                .unwrap_or_default();
            doc = doc
                .text(&case.description)
                .md(format!(
                    "Code {}{status}.",
                    code(&case.code).unwrap_or_else(|| "(empty)".into())
                ))
                .md(match code(&case.message) {
                    Some(m) => format!("Message: {m}"),
                    None => String::new(),
                });
        }
        let doc = doc.attrs();
        let code_str = &e.code;
        defs.push(quote! {
            #doc
            #variant(#rt::ErrorMeta),
        });
        arms.push(quote!(#code_str => Self::#variant(meta),));
        labels.push(variant.to_string().trim_start_matches("r#").to_string());
        idents.push(variant);
    }
    // The documented variants' arm of `meta()`; none when the page documents no code.
    let documented = (!idents.is_empty()).then(|| quote!(#(Self::#idents(meta))|* => meta,));
    let action = code(&api.action).unwrap_or_default();
    let doc = Doc::new()
        .md(format!(
            "Errors documented for {action}, plus [`{error}::Unhandled`] for any other code."
        ))
        .md("Match the documented variants and fall back with `_`; `code()`, `message()` and `request_id()` work on every variant (and through `ProvideErrorMetadata`).")
        .attrs();
    // `Debug` only, as aws-sdk's operation errors: a derive repeats every variant once more,
    // and an action documents ten codes on average (compile time, see README).
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #error {
            #(#defs)*
            /// A code this page does not document (or a gateway-wide code). Do not match it to
            /// handle a particular code: a code documented later gets its own variant and stops
            /// arriving here. Match the documented variants, fall back with `_`, and read the
            /// code with `code()`.
            Unhandled(#rt::Unhandled),
        }

        impl ::core::convert::From<#rt::ErrorMeta> for #error {
            fn from(meta: #rt::ErrorMeta) -> Self {
                match meta.code.as_str() {
                    #(#arms)*
                    _ => Self::Unhandled(#rt::Unhandled::new(meta)),
                }
            }
        }

        impl ::core::fmt::Display for #error {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.meta(), f)
            }
        }

        impl ::std::error::Error for #error {}

        impl #rt::ProvideErrorMetadata for #error {
            fn meta(&self) -> ::core::option::Option<&#rt::ErrorMeta> {
                ::core::option::Option::Some(#error::meta(self))
            }
        }

        impl #error {
            /// Everything the service sent about the error.
            pub fn meta(&self) -> &#rt::ErrorMeta {
                match self {
                    #documented
                    Self::Unhandled(unhandled) => unhandled.meta(),
                }
            }
            /// The error code, e.g. `InternalError`.
            pub fn code(&self) -> &str {
                &self.meta().code
            }
            /// The error message sent by the service.
            pub fn message(&self) -> &str {
                &self.meta().message
            }
            /// The request ID, for support tickets.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().request_id.as_deref()
            }
            /// The host ID, if the service sent one.
            pub fn host_id(&self) -> Option<&str> {
                self.meta().host_id.as_deref()
            }
            /// The service's diagnosis link, if it sent one.
            pub fn recommend(&self) -> Option<&str> {
                self.meta().recommend.as_deref()
            }
            /// The variant's name, e.g. `"Unhandled"`, for logs and metrics.
            pub fn variant_name(&self) -> &'static str {
                match self {
                    #(Self::#idents(_) => #labels,)*
                    Self::Unhandled(_) => "Unhandled",
                }
            }
        }
    }
}
