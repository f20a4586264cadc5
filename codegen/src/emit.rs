//! Emission: an [`Api`](crate::ir::Api) becomes Rust tokens.

use proc_macro2::TokenStream;

/// Options for emission.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the client type that gets the fluent method, e.g. `crate::Client`.
    pub client: TokenStream,
    /// Path of the runtime crate, e.g. `::smc_runtime`.
    pub runtime: TokenStream,
}

/// Emits the items for one action.
pub fn emit(api: &crate::ir::Api, options: &EmitOptions) -> TokenStream {
    let _ = (api, options);
    TokenStream::new()
}
