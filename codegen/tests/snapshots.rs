//! Snapshot tests: for every page in `specs/`, the IR and the expanded Rust are snapshotted.
//!
//! A new page gets its two snapshots automatically (review them with `cargo insta review`);
//! editing a page makes `cargo insta test` show the diff of both.

use smc_codegen::emit::{self, EmitOptions};
use smc_codegen::lower::{self, Options};
use smc_codegen::{render, specs};

#[test]
fn every_spec_page() {
    insta::glob!("../../specs", "**/*.md", |path| {
        let bytes = std::fs::read(path).expect("readable spec page");
        let options = Options {
            product: specs::product_of(path),
            fallback_version: None,
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("page");
        let lowered = lower::lower(name, &bytes, &options);
        let api = lowered
            .api
            .unwrap_or_else(|| panic!("{name} has errors: {:#?}", lowered.diagnostics));
        let ir = serde_json::to_string_pretty(&api).expect("IR serialises");
        insta::assert_snapshot!("ir", ir);
        let code =
            render::render(emit::emit(&api, &EmitOptions::default())).expect("emitted code parses");
        insta::assert_snapshot!("rust", code);
    });
}
