//! Proc macros that expand an Alibaba Cloud API reference page into a typed Rust client.
//!
//! # Using the macro on your own page
//!
//! 1. Depend on both crates (serde is not needed: generated code derives through the
//!    runtime's re-export):
//!    ```toml
//!    [dependencies]
//!    smc-macros = "0.1"
//!    smc-runtime = "0.1"
//!    ```
//! 2. Put the page (vendor markdown dialect) in your crate, e.g. `specs/smc/StartReplicationJob.md`.
//!    The folder name (`smc`) is the product code used when the page does not state one.
//! 3. Get the product's client type from its folder of pages with
//!    [`client!`](macro@client) (its hosts and API version come from the pages), then expand
//!    each page next to it, naming it (this example expands the workspace's seed pages,
//!    hence the `../`):
//!    ```
//!    pub mod smc {
//!        smc_macros::client!("../specs/smc");
//!        smc_macros::api!("../specs/smc/StopReplicationJob.md", client = crate::smc::Client);
//!    }
//!
//!    fn main() {
//!        let request = smc::StopReplicationJobRequest::builder().job_id("j-1").build().unwrap();
//!        assert_eq!(request.job_id, "j-1");
//!        assert_eq!(smc::Client::SERVICE.host(), "smc.aliyuncs.com");
//!        let config = smc_runtime::Config::builder().region("cn-hangzhou").build().unwrap();
//!        let client = smc::Client::new(&config);
//!        let _call = client.stop_replication_job().job_id("j-1"); // .send().await
//!    }
//!    ```
//!    The paths are relative to your crate's `Cargo.toml` directory (`CARGO_MANIFEST_DIR`);
//!    `client` defaults to `crate::Client` and `runtime = path` (default `::smc_runtime`)
//!    names the runtime crate if you renamed it. Editing a page re-expands the macro. Any type
//!    that implements `AsRef<smc_runtime::Client>` can take the actions instead of a generated
//!    client (`pub struct Client(smc_runtime::Client)`, say).
//!
//! [`api_ir!`](macro@api_ir) does the same from an IR JSON file that a build script wrote
//! below `OUT_DIR` (the `smc` crate's build.rs lowers every page once and prints warnings).
//!
//! A page with errors expands to one `compile_error!` per error, each `path:line: error: ...`;
//! warnings are ignored here (the build script and the `smc-codegen` CLI print them). The
//! macros never panic.

// The crate example needs its own `fn main`: the expanded page names `crate::Client`, which
// must sit at the doctest's crate root rather than inside the `main` rustdoc would wrap it in.
#![allow(clippy::needless_doctest_main)]

mod args;
mod client;
mod expand;

use proc_macro::TokenStream;

/// Expands the API reference page at the given path (relative to `CARGO_MANIFEST_DIR`) into
/// its action module, re-exports and client method: `api!("specs/smc/X.md")` or
/// `api!("specs/smc/X.md", client = crate::MyClient)`.
#[proc_macro]
pub fn api(input: TokenStream) -> TokenStream {
    expand::run(input.into(), expand::Source::Page).into()
}

/// Expands one IR JSON file (an `Api`, as written by a build script) at the given path
/// relative to `OUT_DIR`: `api_ir!("ir/smc/X.json", client = crate::Client)`; with
/// `types = "ir/smc/_types.json"` its nested response structs that the product shares are
/// named from the `types` module [`api_types!`](macro@api_types) expands.
#[proc_macro]
pub fn api_ir(input: TokenStream) -> TokenStream {
    expand::run(input.into(), expand::Source::Ir).into()
}

/// Expands a product's shared response structs, from the file a build script wrote below
/// `OUT_DIR` (`smc_codegen::emit::SharedTypes::to_json`), into `pub mod types`:
/// `api_types!("ir/smc/_types.json")`. The product's actions name them when expanded with
/// `api_ir!("ir/smc/X.json", types = "ir/smc/_types.json")`, so a struct that many actions
/// return is compiled once.
#[proc_macro]
pub fn api_types(input: TokenStream) -> TokenStream {
    expand::run(input.into(), expand::Source::Types).into()
}

/// Expands the client type of the product whose pages are in the given folder (relative to
/// `CARGO_MANIFEST_DIR`): `pub struct Client` with `SERVICE` (its hosts and version, from the
/// pages), `new(&smc_runtime::Config)`, `from_env()`, `from_runtime(..)` and
/// `AsRef<smc_runtime::Client>`, for the actions that [`api!`](macro@api) expands next to it
/// with `client = path::to::Client`: `client!("specs/acme")` or
/// `client!("specs/acme", runtime = my_runtime)`. Adding a page to the folder does not
/// re-expand it; editing one does.
#[proc_macro]
pub fn client(input: TokenStream) -> TokenStream {
    expand::run(input.into(), expand::Source::Client).into()
}
