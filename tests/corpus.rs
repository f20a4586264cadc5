//! The real English pages (`../shared/corpus`, 234 pages of smc and ecs, and
//! `../shared/corpus-wide`, 486 pages of cdn, gpdb, vod, ros, ga and elasticsearch) through the
//! whole pipeline: every page lowers without errors, the generated code of all pages compiles
//! as one crate (a module per product), and every valid JSON and XML sample round-trips
//! through its generated response type.
//!
//! Slow (a crate of every page is built): run by `.ci/run` with `--include-ignored`, or by hand
//! with `cargo test -p smc-tests --test corpus -- --include-ignored`. Skips with a notice when
//! the corpora are absent locally; fails under CI.

mod standalone;

use smc_codegen::Generator;
use smc_tests::inputs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[test]
#[ignore = "slow: builds a crate of every corpus page (about 5 minutes)"]
fn all_pages_compile_and_round_trip_their_samples() {
    let (Some(corpus), Some(wide)) = (inputs::shared("corpus"), inputs::shared("corpus-wide"))
    else {
        return;
    };
    let pages = Generator::new().load(&[corpus, wide]).unwrap();
    let failed: Vec<String> = pages
        .iter()
        .filter(|p| p.failed())
        .flat_map(|p| p.diagnostics().iter().map(|d| d.to_string()))
        .filter(|d| d.contains(": error: "))
        .collect();
    assert!(
        failed.is_empty(),
        "pages with errors:\n{}",
        failed.join("\n")
    );

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = workspace.join("target/corpus-crate");
    let n = standalone::write_crate(
        &dir,
        "smc-corpus-check",
        &pages,
        &workspace.join("runtime").canonicalize().unwrap(),
    )
    .unwrap();
    assert_eq!(n, pages.len(), "every page is written");

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
    // Pinned, so that a change that quietly skips samples (or stops finding them) fails here;
    // a reader that finds more samples updates these numbers in the same commit.
    let counts = roundtrip_counts(&out).expect("the roundtrip binary prints its counts");
    assert_eq!(
        counts, ROUNDTRIP_COUNTS,
        "(passed, failed, skipped) samples changed"
    );
}

/// `(passed, failed, skipped)` samples of the round trip of both corpora: every JSON sample
/// that parses, and the XML samples but for 61 the pages got wrong (54 not well-formed, 7 with
/// no root element around their fields), which are skipped.
const ROUNDTRIP_COUNTS: (usize, usize, usize) = (1226, 0, 61);

/// The counts of the roundtrip binary's last line, `roundtrip: P passed, F failed, S skipped`.
fn roundtrip_counts(out: &str) -> Option<(usize, usize, usize)> {
    let line = out
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("roundtrip: "))?;
    let mut numbers = line
        .split(", ")
        .map(|part| part.split(' ').next().and_then(|n| n.parse().ok()));
    Some((numbers.next()??, numbers.next()??, numbers.next()??))
}

#[test]
fn roundtrip_counts_are_read_from_the_last_line() {
    let out = "json smc/X: lost A\nroundtrip: 410 passed, 1 failed, 3 skipped\n";
    assert_eq!(roundtrip_counts(out), Some((410, 1, 3)));
    assert_eq!(roundtrip_counts("no counts"), None);
}
