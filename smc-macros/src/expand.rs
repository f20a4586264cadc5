//! One expansion: parse the arguments, read the file, lower (page) or parse (IR), emit.
//! Every failure becomes `compile_error!`s; a panic anywhere below is caught and reported.

use crate::args::Args;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use smc_codegen::emit::fallback::{compile_error, compile_errors};
use smc_codegen::ir::Api;
use smc_codegen::Generator;
use std::path::{Path, PathBuf};
use syn::LitStr;

/// Which kind of file the macro reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source {
    /// A markdown page relative to `CARGO_MANIFEST_DIR`.
    Page,
    /// An IR JSON file relative to `OUT_DIR`.
    Ir,
    /// A folder of one product's pages relative to `CARGO_MANIFEST_DIR`: its client type.
    Client,
    /// A product's shared types file relative to `OUT_DIR`: its `types` module.
    Types,
}

/// Expands the macro input, never panicking.
pub(crate) fn run(input: TokenStream, source: Source) -> TokenStream {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match source {
        Source::Client => crate::client::expand(input),
        _ => expand(input, source),
    }));
    match result {
        Ok(Ok(tokens)) | Ok(Err(tokens)) => tokens,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            compile_error(
                &format!("internal error in smc-macros (please report it): {detail}"),
                Span::call_site(),
            )
        }
    }
}

/// The expansion, or the compile errors to return instead.
fn expand(input: TokenStream, source: Source) -> Result<TokenStream, TokenStream> {
    let args: Args = syn::parse2(input).map_err(|e| e.to_compile_error())?;
    let span = args.path.span();
    let rel = args.path.value();
    let (bytes, track) = read(&args.path, source)?;
    let mut generator = Generator::new();
    if let Some(client) = &args.client {
        generator = generator.client(client);
    }
    if let Some(runtime) = &args.runtime {
        generator = generator.runtime(runtime);
    }
    if let Source::Types = source {
        let shared = generator
            .read_types(&rel, &bytes)
            .map_err(|d| compile_error(&d.to_string(), span))?;
        let items = generator.types_tokens(&shared);
        return Ok(quote!(#items #track));
    }
    let api = match source {
        Source::Ir => generator
            .read_ir(&rel, &bytes)
            .map_err(|d| compile_error(&d.to_string(), span)),
        _ => from_page(&generator, &rel, &bytes, span),
    };
    let api = match api {
        Ok(api) => api,
        Err(errors) => return Err(quote!(#errors #track)),
    };
    let rename = args.rename.as_ref().map(LitStr::value);
    let items = match &args.types {
        None => generator.tokens(&api, rename.as_deref()),
        Some(types) => {
            let (bytes, types_track) = read(types, Source::Types)?;
            let shared = generator
                .read_types(&types.value(), &bytes)
                .map_err(|d| compile_error(&d.to_string(), types.span()))?;
            let items = generator.tokens_shared(&api, rename.as_deref(), &shared);
            quote!(#items #types_track)
        }
    };
    Ok(quote!(#items #track))
}

/// The bytes of the file at `path` (relative to the folder `source` names) and an item that
/// makes editing it re-expand the macro (proc macro file reads are not tracked).
fn read(path: &LitStr, source: Source) -> Result<(Vec<u8>, Option<TokenStream>), TokenStream> {
    let (span, rel) = (path.span(), path.value());
    let (base_var, what) = match source {
        Source::Page | Source::Client => ("CARGO_MANIFEST_DIR", "page"),
        Source::Ir => ("OUT_DIR", "IR file"),
        Source::Types => ("OUT_DIR", "shared types file"),
    };
    let base = std::env::var_os(base_var).ok_or_else(|| {
        let hint = match source {
            Source::Page | Source::Client => "compile with cargo",
            Source::Ir => "`api_ir!` reads files a build script wrote to OUT_DIR: add a build.rs",
            Source::Types => {
                "`api_types!` reads files a build script wrote to OUT_DIR: add a build.rs"
            }
        };
        compile_error(
            &format!("{rel}: error: environment variable {base_var} is not set ({hint})"),
            span,
        )
    })?;
    let full: PathBuf = Path::new(&base).join(&rel);
    let bytes = std::fs::read(&full).map_err(|e| {
        compile_error(
            &format!(
                "{rel}: error: cannot read the {what} at {} ({base_var} + path): {e}",
                full.display()
            ),
            span,
        )
    })?;
    let track = full.to_str().map(|p| {
        quote!(
            const _: &str = ::core::include_str!(#p);
        )
    });
    Ok((bytes, track))
}

/// Lowers a page; errors are every error diagnostic as `path:line: error: message`.
fn from_page(
    generator: &Generator,
    rel: &str,
    bytes: &[u8],
    span: Span,
) -> Result<Api, TokenStream> {
    let spec = generator.lower(rel, bytes);
    let errors = compile_errors(spec.diagnostics(), span);
    match spec.lowered.api {
        Some(api) if errors.is_empty() => Ok(api),
        _ if !errors.is_empty() => Err(errors),
        _ => Err(compile_error(
            &format!("{rel}:1: error: the page produced no API and no error diagnostic"),
            span,
        )),
    }
}
