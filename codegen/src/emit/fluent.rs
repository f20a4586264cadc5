//! The fluent builder: `client.action().field(v).send().await`, a request builder that owns a
//! clone of the runtime client (an `Arc`), so that `send()` is a `'static + Send` future that
//! can be spawned; it builds the request and hands it to the generic `Client::call`.

use super::request::{Setter, SetterKind};
use super::{docs::code, docs::Doc, ActionNames, Cx};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits the fluent builder struct and its setters and `send`.
pub(crate) fn emit(cx: &Cx<'_>, api: &Api, names: &ActionNames, setters: &[Setter]) -> TokenStream {
    let rt = cx.rt;
    let ActionNames {
        builder,
        response,
        error,
        fluent,
        ..
    } = names;
    let methods = setters.iter().map(|s| {
        let Setter {
            name,
            set_name,
            ty,
            kind,
            doc,
        } = s;
        let one = quote! {
            #doc
            pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                self.inner = self.inner.#name(value);
                self
            }
        };
        match (kind, set_name) {
            (SetterKind::List, Some(set_name)) => quote! {
                #one
                /// Replaces all elements of this list parameter.
                pub fn #set_name(mut self, items: Vec<#ty>) -> Self {
                    self.inner = self.inner.#set_name(items);
                    self
                }
            },
            _ => one,
        }
    });
    let doc = Doc::new()
        .md(format!(
            "Fluent call of {}: set parameters, then `send().await`. Returned by the client method.",
            code(&api.action).unwrap_or_default()
        ))
        .attrs();
    let send_doc = Doc::new()
        .md("Builds the request (a missing required parameter is an `SdkError::Construction`), signs and sends it, and decodes the response or the service error. The future owns the call, so it is `'static + Send` (it can be `tokio::spawn`ed).")
        .attrs();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #fluent {
            client: #rt::Client,
            inner: #builder,
        }

        impl #fluent {
            /// A fluent call on `client` (a clone of the handle) with no parameters set.
            pub fn new(client: #rt::Client) -> Self {
                Self { client, inner: #builder::default() }
            }

            /// The parameters set so far.
            pub fn as_input(&self) -> &#builder {
                &self.inner
            }

            #(#methods)*

            #send_doc
            pub async fn send(self) -> Result<#response, #rt::SdkError<#error>> {
                let input = self.inner.build().map_err(#rt::SdkError::construction)?;
                self.client.call(&input).await
            }
        }
    }
}
