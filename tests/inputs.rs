//! Inputs some tests need from outside the repository: the real vendor pages beside it and
//! the vendor's Python modules. Locally a missing input skips the test with a notice; under
//! CI (`CI` set) it fails the test, so CI can never pass without running it.

use std::path::{Path, PathBuf};

/// True when running under CI (`CI` set to anything but empty or `false`).
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
}

/// Reports a missing input: a notice locally (the caller then skips), a panic under CI.
pub fn missing(what: &str) {
    assert!(
        !in_ci(),
        "{what} is missing, and CI is set: the test cannot be skipped"
    );
    eprintln!("notice: {what} is missing; test skipped");
}

/// The folder `../shared/<name>` of real vendor pages (`corpus`, `corpus-wide`, `corpus-zh`)
/// beside the workspace, or `None` after [`missing`] when it is absent.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        missing(&dir.display().to_string());
        None
    }
}
