//! The macro arguments: `"path" [, client = path] [, runtime = path] [, rename = "Name"]
//! [, types = "file"] [,]`.

use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Path, Token};

/// Parsed macro input.
pub(crate) struct Args {
    /// The file to expand, as written.
    pub(crate) path: LitStr,
    /// `client = ...`, the type that gets the method.
    pub(crate) client: Option<Path>,
    /// `runtime = ...`, the runtime crate path.
    pub(crate) runtime: Option<Path>,
    /// `rename = "..."`, the base name of the Rust items when it must differ from the action.
    pub(crate) rename: Option<LitStr>,
    /// `types = "..."`, the product's shared types file (relative to `OUT_DIR`), for `api_ir!`.
    pub(crate) types: Option<LitStr>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(input.error(
                "expected a path string, e.g. `api!(\"specs/smc/StopReplicationJob.md\")`",
            ));
        }
        let path: LitStr = input.parse()?;
        let mut args = Args {
            path,
            client: None,
            runtime: None,
            rename: None,
            types: None,
        };
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let text = match key.to_string().as_str() {
                "rename" => Some(&mut args.rename),
                "types" => Some(&mut args.types),
                _ => None,
            };
            if let Some(text) = text {
                if text.is_some() {
                    return Err(syn::Error::new(key.span(), format!("`{key}` given twice")));
                }
                *text = Some(input.parse()?);
                continue;
            }
            let slot = match key.to_string().as_str() {
                "client" => &mut args.client,
                "runtime" => &mut args.runtime,
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                        "unknown argument `{other}`: expected `client = path`, `runtime = path`, `rename = \"Name\"` or `types = \"file\"`"
                    ),
                    ))
                }
            };
            if slot.is_some() {
                return Err(syn::Error::new(key.span(), format!("`{key}` given twice")));
            }
            *slot = Some(input.parse()?);
        }
        Ok(args)
    }
}
