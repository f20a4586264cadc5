//! The generator: the one entry point from pages to IR, tokens and formatted Rust.
//!
//! `generated/build.rs`, the `api!`/`api_ir!` proc macros, the `smc-codegen` binary and the
//! tests all go through [`Generator`], so they find the same pages, lower them with the same
//! options, give colliding actions the same Rust names and emit the same code.

use crate::diag::{Diagnostic, Severity};
use crate::emit::{self, EmitOptions};
use crate::ir::Api;
use crate::lower::{self, Lowered, Options};
use crate::product::Product;
use crate::{depth, render, specs};
use proc_macro2::TokenStream;
use quote::ToTokens;
use std::io;
use std::path::{Path, PathBuf};

/// Settings for turning API reference pages into code, in the manner of
/// `prost_build::Config`: build one, then [`load`](Generator::load) pages and ask for the IR,
/// [`tokens`](Generator::tokens) or formatted [`code`](Generator::code) of each.
///
/// ```
/// use smc_codegen::Generator;
///
/// let generator = Generator::new().root(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
/// let specs = generator.load(&["specs/smc"]).expect("specs/ is readable");
/// let stop = specs.iter().find(|s| s.path.ends_with("StopReplicationJob.md")).unwrap();
/// assert!(!stop.failed());
/// // Diagnostics name the page as it was given: `specs/smc/StopReplicationJob.md:12: ...`.
/// let code = generator.spec_code(stop).unwrap().expect("no error");
/// assert!(code.contains("pub struct StopReplicationJobRequest"));
/// // One client type per product, placed next to the product's actions.
/// let products = generator.products(&specs);
/// assert_eq!(products[0].host, "smc.aliyuncs.com");
/// assert!(generator.client_code(&products[0]).unwrap().contains("pub struct Client"));
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    /// Folder that relative page paths are looked up in (`None`: the working directory).
    root: Option<PathBuf>,
    /// Client type and runtime path the emitted code names.
    emit: EmitOptions,
}

impl Default for Generator {
    fn default() -> Self {
        Self::new()
    }
}

/// One page and what lowering it produced.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The page's path as the caller gave it (relative paths stay relative to the root).
    pub path: PathBuf,
    /// IR and diagnostics.
    pub lowered: Lowered,
    /// Base name for the page's Rust items when the action's own would collide with another
    /// page's of the same product (actions differing only in letter case); `None` otherwise.
    pub rename: Option<String>,
}

impl Spec {
    /// The IR, absent when the page has an error.
    pub fn api(&self) -> Option<&Api> {
        self.lowered.api.as_ref()
    }

    /// Every warning and error found in the page, sorted by line.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.lowered.diagnostics
    }

    /// True when at least one diagnostic is an error.
    pub fn failed(&self) -> bool {
        self.diagnostics()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

impl Generator {
    /// Pages resolved against the working directory; emitted code names `crate::Client` and
    /// `::smc_runtime`.
    pub fn new() -> Self {
        Generator {
            root: None,
            emit: EmitOptions::default(),
        }
    }

    /// Looks relative page paths up under `dir` while diagnostics keep naming them as given,
    /// so a build script reports `specs/smc/X.md:12: ...` without changing the process's
    /// working directory.
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.root = Some(dir.into());
        self
    }

    /// The client type that gets one method per action (default `crate::Client`); it must
    /// implement `AsRef<smc_runtime::Client>`.
    pub fn client(mut self, path: impl ToTokens) -> Self {
        self.emit.client = path.to_token_stream();
        self
    }

    /// The path of the runtime crate in emitted code (default `::smc_runtime`), for a crate
    /// that renamed or re-exports it.
    pub fn runtime(mut self, path: impl ToTokens) -> Self {
        self.emit.runtime = path.to_token_stream();
        self
    }

    /// Where a page path given by the caller is on disk.
    fn locate(&self, path: &Path) -> PathBuf {
        match &self.root {
            Some(root) if path.is_relative() => root.join(path),
            _ => path.to_path_buf(),
        }
    }

    /// The markdown pages under `paths` (files, or folders searched recursively), sorted, as
    /// paths in the caller's terms. A file named explicitly is kept whatever its extension; a
    /// path that does not exist is an error naming it.
    pub fn discover(&self, paths: &[impl AsRef<Path>]) -> io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let found = specs::discover(&self.locate(path))?;
            out.extend(found.into_iter().map(|full| self.relative(path, full)));
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// `full`, found under the caller's `given` path, written in the caller's terms again.
    fn relative(&self, given: &Path, full: PathBuf) -> PathBuf {
        let located = self.locate(given);
        match full.strip_prefix(&located) {
            Ok(rest) if rest.as_os_str().is_empty() => given.to_path_buf(),
            Ok(rest) => given.join(rest),
            Err(_) => full,
        }
    }

    /// Reads and lowers every page under `paths`. Pages of one product in one folder share a
    /// fallback API version (the one most of them state) for the pages that state none (the
    /// product of a page is the one its debugging link or sample request names, else its
    /// folder's); actions of one product whose Rust names would collide get a
    /// [`Spec::rename`]. An unreadable file is an error diagnostic of its page, not a failure
    /// of the whole set.
    pub fn load(&self, paths: &[impl AsRef<Path>]) -> io::Result<Vec<Spec>> {
        let files = self.discover(paths)?;
        let sources: Vec<io::Result<Vec<u8>>> = files
            .iter()
            .map(|p| std::fs::read(self.locate(p)))
            .collect();
        let fallback = specs::folder_versions(&files, &sources);
        let mut out: Vec<Spec> = files
            .into_iter()
            .zip(sources)
            .map(|(path, source)| {
                let fallback_version = match (&source, path.parent()) {
                    (Ok(bytes), Some(dir)) => {
                        let product = specs::page_product(&path, &String::from_utf8_lossy(bytes));
                        fallback.get(&(dir.to_path_buf(), product)).cloned()
                    }
                    _ => None,
                };
                let lowered = match source {
                    Ok(bytes) => lower_with(&path, &bytes, fallback_version),
                    Err(e) => unreadable(&path, &e),
                };
                Spec {
                    path,
                    lowered,
                    rename: None,
                }
            })
            .collect();
        name_collisions(&mut out);
        Ok(out)
    }

    /// Lowers one page held in memory (`path` names it in diagnostics and gives its product
    /// folder); no sibling pages, so no fallback version and no rename.
    pub fn lower(&self, path: impl AsRef<Path>, bytes: &[u8]) -> Spec {
        let path = path.as_ref().to_path_buf();
        let lowered = lower_with(&path, bytes, None);
        Spec {
            path,
            lowered,
            rename: None,
        }
    }

    /// Reads an IR file (JSON of one [`Api`], as [`Generator::ir_json`] writes it); a bad file
    /// is an error diagnostic naming `path` and the line. A file nested deeper than any IR
    /// lowered from a page is a `too-deep` error, found before it is parsed, so that the
    /// recursive code that would walk it (serde, emission, `Drop`) never sees it.
    pub fn read_ir(&self, path: &str, bytes: &[u8]) -> Result<Api, Diagnostic> {
        if let Some(at) = depth::json_too_deep(bytes, depth::MAX_IR_JSON_DEPTH) {
            return Err(Diagnostic {
                path: path.to_string(),
                line: 1 + depth::line_of(bytes, at),
                severity: Severity::Error,
                kind: depth::KIND,
                message: depth::message("the IR", depth::MAX_IR_JSON_DEPTH),
            });
        }
        let api = serde_json::from_slice::<Api>(bytes).map_err(|e| Diagnostic {
            path: path.to_string(),
            line: e.line(),
            severity: Severity::Error,
            kind: "invalid-ir",
            message: format!("invalid IR JSON: {e}"),
        })?;
        match depth::ir_too_deep(&api) {
            Some((what, limit)) => Err(Diagnostic {
                path: path.to_string(),
                line: 0,
                severity: Severity::Error,
                kind: depth::KIND,
                message: depth::message(&what, limit),
            }),
            None => Ok(api),
        }
    }

    /// The IR of one action as the pretty JSON that build scripts write and `api_ir!` reads.
    pub fn ir_json(&self, api: &Api) -> String {
        // An `Api` holds only strings, numbers, vectors and options: serialising cannot fail.
        serde_json::to_string_pretty(api).unwrap_or_default()
    }

    /// The tokens of one action: its module, re-exports and client method. `rename` is the
    /// page's [`Spec::rename`] (or the `rename = "..."` a macro was given).
    pub fn tokens(&self, api: &Api, rename: Option<&str>) -> TokenStream {
        let options = EmitOptions {
            rename: rename.map(str::to_string),
            ..self.emit.clone()
        };
        emit::emit(api, &options)
    }

    /// The response structs that several of one product's actions declare identically, to emit
    /// once ([`types_tokens`](Self::types_tokens)) and name from each action
    /// ([`tokens_shared`](Self::tokens_shared)).
    pub fn shared_types(&self, apis: &[&Api]) -> emit::SharedTypes {
        emit::SharedTypes::of(apis)
    }

    /// Reads a product's shared structs as a build script wrote them
    /// ([`SharedTypes::to_json`](emit::SharedTypes::to_json)); an error names `path`.
    pub fn read_types(&self, path: &str, bytes: &[u8]) -> Result<emit::SharedTypes, Diagnostic> {
        let invalid = |line: usize, kind: &'static str, message: String| Diagnostic {
            path: path.to_string(),
            line,
            severity: Severity::Error,
            kind,
            message,
        };
        if let Some(at) = depth::json_too_deep(bytes, depth::MAX_IR_JSON_DEPTH) {
            let message = depth::message("the shared types file", depth::MAX_IR_JSON_DEPTH);
            return Err(invalid(1 + depth::line_of(bytes, at), depth::KIND, message));
        }
        emit::SharedTypes::from_json(bytes).map_err(|e| {
            invalid(
                e.line(),
                "invalid-ir",
                format!("invalid shared types JSON: {e}"),
            )
        })
    }

    /// The tokens of `pub mod types { ... }`, a product's shared response structs, to place
    /// in the module that holds the product's actions.
    pub fn types_tokens(&self, shared: &emit::SharedTypes) -> TokenStream {
        emit::emit_types(shared, &self.emit)
    }

    /// The formatted Rust of [`types_tokens`](Self::types_tokens).
    pub fn types_code(&self, shared: &emit::SharedTypes) -> Result<String, syn::Error> {
        render::render(self.types_tokens(shared))
    }

    /// The tokens of one action (see [`tokens`](Self::tokens)) whose nested response structs
    /// that are in `shared` are named from the product's `types` module rather than emitted.
    pub fn tokens_shared(
        &self,
        api: &Api,
        rename: Option<&str>,
        shared: &emit::SharedTypes,
    ) -> TokenStream {
        let options = EmitOptions {
            rename: rename.map(str::to_string),
            ..self.emit.clone()
        };
        emit::emit_with(api, &options, Some(shared))
    }

    /// The formatted Rust of [`tokens_shared`](Self::tokens_shared).
    pub fn code_shared(
        &self,
        api: &Api,
        rename: Option<&str>,
        shared: &emit::SharedTypes,
    ) -> Result<String, syn::Error> {
        render::render(self.tokens_shared(api, rename, shared))
    }

    /// The formatted Rust of one action (for snapshots, `smc-codegen expand` and crates
    /// written to disk); an error means the emitter produced tokens that do not parse.
    pub fn code(&self, api: &Api, rename: Option<&str>) -> Result<String, syn::Error> {
        render::render(self.tokens(api, rename))
    }

    /// The products of the loaded pages that have an IR (see [`Product`]: code, version, central
    /// and regional hosts), sorted by code.
    pub fn products(&self, specs: &[Spec]) -> Vec<Product> {
        Product::group(specs.iter().filter_map(Spec::api))
    }

    /// The tokens of one product's client type, `pub struct Client`, to place in the module
    /// that holds the product's actions (expanded with [`client`](Self::client) naming it):
    /// built from a shared `Config` for the product's `Service`, one per product.
    pub fn client_tokens(&self, product: &Product) -> TokenStream {
        emit::emit_client(product, &self.emit)
    }

    /// The formatted Rust of one product's client type (see
    /// [`client_tokens`](Self::client_tokens)).
    pub fn client_code(&self, product: &Product) -> Result<String, syn::Error> {
        render::render(self.client_tokens(product))
    }

    /// The formatted Rust of a loaded page, `None` when the page has errors.
    pub fn spec_code(&self, spec: &Spec) -> Option<Result<String, syn::Error>> {
        let api = spec.api()?;
        Some(self.code(api, spec.rename.as_deref()))
    }
}

/// Lowers one page, its product taken from its folder.
fn lower_with(path: &Path, bytes: &[u8], fallback_version: Option<String>) -> Lowered {
    let options = Options {
        product: specs::product_of(path),
        fallback_version,
    };
    lower::lower(&path.display().to_string(), bytes, &options)
}

/// What a page that cannot be read lowers to: one error naming it.
fn unreadable(path: &Path, error: &io::Error) -> Lowered {
    Lowered {
        api: None,
        diagnostics: vec![Diagnostic {
            path: path.display().to_string(),
            line: 0,
            severity: Severity::Error,
            kind: "unreadable",
            message: format!("cannot read file: {error}"),
        }],
    }
}

/// Gives each page whose action's Rust names collide with an earlier page's of the same
/// product its [`Spec::rename`], and says so in a warning.
fn name_collisions(specs_: &mut [Spec]) {
    let apis: Vec<Option<&Api>> = specs_.iter().map(Spec::api).collect();
    let renames = crate::names::rust_renames(&apis);
    for (spec, rename) in specs_.iter_mut().zip(renames) {
        if let (Some(rename), Some(api)) = (&rename, &spec.lowered.api) {
            spec.lowered.diagnostics.push(Diagnostic {
                path: spec.path.display().to_string(),
                line: 1,
                severity: Severity::Warning,
                kind: "action-name-collision",
                message: format!(
                    "action `{}` maps to the same Rust names as another `{}` action; \
                     its items are generated as `{rename}`",
                    api.action, api.product
                ),
            });
        }
        spec.rename = rename;
    }
}
