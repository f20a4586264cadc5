//! The real corpus (`../shared/corpus`, 234 pages of smc and ecs) through the whole pipeline:
//! every page lowers without errors, the generated code of all pages compiles as one crate,
//! and every valid JSON sample round-trips through its generated response type.
//!
//! Skips with a notice when the corpus is absent (a fresh clone without `../shared`).

use smc_codegen::specs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("notice: {} not found; corpus tests skipped", dir.display());
        None
    }
}

#[test]
fn all_pages_compile_and_round_trip_their_samples() {
    let Some(corpus) = corpus() else { return };
    let pages = specs::load(&[corpus]).unwrap();
    let failed: Vec<String> = pages
        .iter()
        .filter(|p| p.failed())
        .flat_map(|p| p.lowered.diagnostics.iter().map(|d| d.to_string()))
        .filter(|d| d.contains(": error: "))
        .collect();
    assert!(
        failed.is_empty(),
        "pages with errors:\n{}",
        failed.join("\n")
    );
    let apis: Vec<_> = pages.into_iter().filter_map(|p| p.lowered.api).collect();

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = workspace.join("target/corpus-crate");
    let n = smc_codegen::standalone::write_crate(
        &dir,
        "smc-corpus-check",
        &apis,
        &workspace.join("runtime").canonicalize().unwrap(),
    )
    .unwrap();
    assert_eq!(n, apis.len());

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = workspace.join("target/corpus-target");
    // Dependencies first, so the timing below is the generated code's own build time.
    let deps = Command::new(&cargo)
        .args(["build", "-q", "-p", "smc-runtime"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(deps.success());
    // Always time a full build of the generated code, even when nothing changed since last run.
    let clean = Command::new(&cargo)
        .args(["clean", "-q", "-p", "smc-corpus-check"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(clean.success());
    let start = Instant::now();
    let build = Command::new(&cargo)
        .args(["build", "--bin", "roundtrip"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(
        build.status.success(),
        "the corpus crate does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    println!(
        "corpus crate: {n} actions built in {secs:.1} s ({:.0} ms per action)",
        secs * 1000.0 / n as f64
    );

    let run = Command::new(target.join("debug/roundtrip"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    println!("{out}");
    assert!(run.status.success(), "samples lost keys:\n{out}");
}
