//! Pretty-printing of emitted tokens (for snapshots and `smc-codegen expand`).

use proc_macro2::TokenStream;

/// Formats `tokens` as a Rust source file with prettyplease.
pub fn render(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(prettyplease::unparse(&file))
}
