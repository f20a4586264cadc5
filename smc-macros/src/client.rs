//! `client!("specs/acme")`: the client type of the product whose pages are in a folder, as
//! `generated/build.rs` emits it for each product (`Generator::client_tokens`).

use crate::args::Args;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use smc_codegen::emit::fallback::{compile_error, compile_errors};
use smc_codegen::Generator;
use std::path::Path;

/// Expands the macro input, never panicking (the caller catches panics too).
pub(crate) fn expand(input: TokenStream) -> Result<TokenStream, TokenStream> {
    let args: Args = syn::parse2(input).map_err(|e| e.to_compile_error())?;
    let span = args.path.span();
    let rel = args.path.value();
    if args.client.is_some() || args.rename.is_some() {
        return Err(compile_error(
            "`client!` takes a folder of pages and `runtime = path` only",
            span,
        ));
    }
    let base = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
        compile_error(
            &format!("{rel}: error: environment variable CARGO_MANIFEST_DIR is not set (compile with cargo)"),
            span,
        )
    })?;
    let mut generator = Generator::new().root(Path::new(&base));
    if let Some(runtime) = &args.runtime {
        generator = generator.runtime(runtime);
    }
    let specs = generator
        .load(&[&rel])
        .map_err(|e| compile_error(&format!("{rel}: error: cannot read the pages: {e}"), span))?;
    // Editing a page re-expands the macro (proc macro file reads are not tracked).
    let track = specs.iter().filter_map(|s| {
        let full = Path::new(&base).join(&s.path);
        full.to_str().map(|p| {
            quote!(
                const _: &str = ::core::include_str!(#p);
            )
        })
    });
    let track = quote!(#(#track)*);
    let products = generator.products(&specs);
    match products.as_slice() {
        [product] => {
            let client = generator.client_tokens(product);
            Ok(quote!(#client #track))
        }
        [] => {
            // Say why: every page's errors (`path:line: error: ...`), or that there is none.
            let errors: TokenStream = specs
                .iter()
                .map(|s| compile_errors(s.diagnostics(), span))
                .collect();
            match errors.is_empty() {
                true => Err(no_product(&rel, span)),
                false => Err(errors),
            }
        }
        many => {
            let codes: Vec<&str> = many.iter().map(|p| p.code.as_str()).collect();
            Err(compile_error(
                &format!(
                    "{rel}: error: the pages document several products ({}); give `client!` the folder of one",
                    codes.join(", ")
                ),
                span,
            ))
        }
    }
}

/// The error for a folder that holds no page.
fn no_product(rel: &str, span: Span) -> TokenStream {
    compile_error(
        &format!("{rel}: error: no API reference page (`*.md`) in this folder"),
        span,
    )
}
