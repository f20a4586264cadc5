//! Support shared by the codegen test binaries: where the real pages are, and the pages
//! written for the tests, lowered. Each binary uses some of it.
#![allow(dead_code)]

use smc_codegen::ir::{Api, Field};
use smc_codegen::{Generator, Spec};
use std::path::{Path, PathBuf};

/// The folder `../shared/<name>` of real vendor pages (`corpus`, `corpus-wide`,
/// `corpus-zh`), or `None` with a notice when it is absent. Under CI (`CI` set) an absent
/// folder fails the test instead, so CI can never pass without reading the pages.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !ci,
        "{} not found, and CI is set: the test cannot be skipped",
        dir.display()
    );
    eprintln!("notice: {} not found; skipped", dir.display());
    None
}

/// A page of `tests/pages/<folder>/` (written for the tests), lowered with its sibling pages as
/// the CLI lowers a folder; its generated code must parse, and it must have no error.
pub fn load_spec(folder: &str, name: &str) -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pages")
        .join(folder);
    let generator = Generator::new();
    let page = generator
        .load(&[dir])
        .expect("pages readable")
        .into_iter()
        .find(|p| p.path.ends_with(name))
        .unwrap_or_else(|| panic!("no page {folder}/{name}"));
    match generator.spec_code(&page) {
        Some(code) => code.expect("emitted tokens parse"),
        None => panic!("{folder}/{name} has errors: {:#?}", page.diagnostics()),
    };
    page
}

/// The IR of [`load_spec`]'s page and the kinds of its diagnostics.
pub fn load_page(folder: &str, name: &str) -> (Api, Vec<&'static str>) {
    let page = load_spec(folder, name);
    let kinds = page.diagnostics().iter().map(|d| d.kind).collect();
    (page.lowered.api.expect("no errors"), kinds)
}

/// The response field `wire` among `fields`.
pub fn field<'a>(fields: &'a [Field], wire: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no {wire} in {fields:#?}"))
}

/// The wire names of `fields`, in order.
pub fn wires(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.wire_name.as_str()).collect()
}
