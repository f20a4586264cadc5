//! Compile-fail cases for `smc_macros::api!` / `api_ir!` / `client!` (cases and expected `.stderr` in
//! `ui/`): a page with errors reports every `path:line: error:`, a missing page and bad
//! arguments give one clear error each, and nothing panics.
//!
//! trybuild compiles the cases in its own project (`<target>/tests/trybuild/smc-tests/`), whose
//! `CARGO_MANIFEST_DIR` is where `api!` resolves paths; the pages are copied there first.
//!
//! Slow: run by `.ci/run` with `--include-ignored`, or by hand with
//! `cargo test -p smc-tests --test macro_ui -- --include-ignored`.

use std::path::Path;

#[test]
#[ignore = "slow: trybuild compiles every case (about a minute); .ci/run includes it"]
fn macro_ui() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target tmp dir has a parent");
    let pages = target.join("tests/trybuild/smc-tests/ui/pages");
    std::fs::create_dir_all(&pages).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/pages");
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), pages.join(entry.file_name())).unwrap();
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
