//! Snapshot tests: for every page in `specs/`, the IR and the expanded Rust are snapshotted;
//! for every product, its client type.
//!
//! A new page gets its two snapshots automatically (review them with `cargo insta review`);
//! editing a page makes `cargo insta test` show the diff of both.

use smc_codegen::Generator;

#[test]
fn every_spec_page() {
    insta::glob!("../../specs", "**/*.md", |path| {
        let generator = Generator::new();
        let bytes = std::fs::read(path).expect("readable spec page");
        let spec = generator.lower(path, &bytes);
        let api = spec
            .api()
            .unwrap_or_else(|| panic!("{} has errors: {:#?}", path.display(), spec.diagnostics()));
        insta::assert_snapshot!("ir", generator.ir_json(api));
        let code = generator.code(api, None).expect("emitted code parses");
        insta::assert_snapshot!("rust", code);
    });
}

/// Every product in `specs/` gets one client type, emitted from its pages' hosts and versions.
#[test]
fn every_product_client() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let generator = Generator::new().root(root);
    let specs = generator.load(&["specs"]).expect("specs/ is readable");
    let products = generator.products(&specs);
    assert!(products.len() >= 2, "{products:?}");
    for product in &products {
        let code = generator
            .client_code(product)
            .expect("emitted client parses");
        insta::assert_snapshot!(format!("client@{}", product.code), code);
    }
}
