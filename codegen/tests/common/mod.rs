//! Support shared by the codegen test binaries: where the real pages are.

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
