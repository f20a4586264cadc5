//! A product's client type, emitted once per product: `pub struct Client` wrapping the
//! runtime client, built from a shared `Config` for the product's `Service` (its hosts and
//! version, from its pages). Each action's method is emitted with the action
//! ([`super::emit`]), as `impl Client { ... }` next to it.

use super::docs::{code, Doc};
use crate::product::Product;
use proc_macro2::TokenStream;
use quote::quote;

/// The client struct of `product`, its constructors and its `AsRef` to the runtime client.
pub(crate) fn emit(product: &Product, rt: &TokenStream) -> TokenStream {
    let Product {
        code: product_code,
        version,
        host,
        regional_host,
        ..
    } = product;
    let name = code(product_code).unwrap_or_default();
    let central = code(host).unwrap_or_default();
    let resolution = match regional_host.as_deref().and_then(code) {
        Some(template) => format!(
            "Endpoint: the config's endpoint override if set, else {template} with the \
             config's region, else {central}."
        ),
        None => format!(
            "Endpoint: the config's endpoint override if set, else {central} (the product is \
             served centrally, whatever the region)."
        ),
    };
    let doc = Doc::new()
        .md(format!(
            "Client of the {name} product (API version {}): one method per action, each \
             returning a fluent builder whose `send()` is a `'static + Send` future.",
            code(version).unwrap_or_default()
        ))
        .md(resolution)
        .md(
            "Cheap to clone (an `Arc` inside) and `Send + Sync`: build one from a shared \
             config and clone it into tasks.",
        )
        .attrs();
    let service = match regional_host {
        Some(template) => quote! {
            #rt::Service::new(#product_code, #version, #host).regional(#template)
        },
        None => quote!(#rt::Service::new(#product_code, #version, #host)),
    };
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #rt::Client,
        }

        impl Client {
            /// Where this product is served and the API version most of its pages state (each
            /// action sends its own page's version).
            pub const SERVICE: #rt::Service = #service;

            /// A client with the shared `config`'s credentials, region, endpoint override,
            /// timeout, signing and transport.
            pub fn new(config: &#rt::Config) -> Self {
                Self::from_runtime(#rt::Client::with_config(config, &Self::SERVICE))
            }

            /// A client with `Config::from_env()`: the region from
            /// `ALIBABA_CLOUD_REGION_ID`, credentials from the default chain (asked at the
            /// first call, not here).
            pub fn from_env() -> ::core::result::Result<Self, #rt::ConfigError> {
                #rt::Config::from_env().map(|config| Self::new(&config))
            }

            /// Wraps a runtime client configured by hand; its endpoint is used as it is.
            pub fn from_runtime(inner: #rt::Client) -> Self {
                Self { inner }
            }

            /// The runtime client calls go through (endpoint, settings).
            pub fn runtime(&self) -> &#rt::Client {
                &self.inner
            }
        }

        impl ::core::convert::AsRef<#rt::Client> for Client {
            fn as_ref(&self) -> &#rt::Client {
                &self.inner
            }
        }
    }
}
