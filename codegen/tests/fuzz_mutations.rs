//! Mutation fuzzing of read → lower → emit → render, seeded with the spec pages, the pages of
//! other products' dialects in `tests/pages` and the real corpora (English and Chinese):
//! truncated tables, stray `|`, unbalanced code fences, huge cells, invalid UTF-8, deleted,
//! duplicated and swapped lines.
//! No input may panic, every emitted token stream must parse as Rust, and every diagnostic must
//! name `path:line`.
//!
//! A proptest: each case is a seed page plus one to three mutations, so a failure shrinks to
//! the smallest mutation list that still fails and proptest records it for replay. Runs batches
//! of cases for 3 seconds in the everyday run; the slow run (`--include-ignored`, as `.ci/run`
//! does) for `SMC_FUZZ_SECS` seconds (default 60).

mod common;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use smc_codegen::Generator;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // The specs, the pages of other products' dialects written for the tests, the corpus.
    let mut dirs = vec![root.join("specs"), root.join("codegen/tests/pages")];
    dirs.extend(common::shared("corpus"));
    dirs.extend(common::shared("corpus-zh"));
    Generator::new()
        .discover(&dirs)
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// One edit of a page; positions are proptest indexes, scaled to the page when applied.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    InsertPipe(Index, Index),
    UnbalancedFence(Index),
    HugeCell(Index, Index, u16),
    InvalidUtf8(Index, Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    NbspAndTreePrefix(Index, Index),
    CutLine(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    prop_oneof![
        i().prop_map(Mutation::Truncate),
        (i(), i()).prop_map(|(a, b)| Mutation::InsertPipe(a, b)),
        i().prop_map(Mutation::UnbalancedFence),
        (i(), i(), 0u16..20_000).prop_map(|(a, b, n)| Mutation::HugeCell(a, b, n)),
        (i(), i()).prop_map(|(a, b)| Mutation::InvalidUtf8(a, b)),
        i().prop_map(Mutation::DeleteLine),
        i().prop_map(Mutation::DuplicateLine),
        (i(), i()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::NbspAndTreePrefix(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::CutLine(a, b)),
    ]
}

/// Applies `m` to `page` (split into lines; a page always has at least one line).
fn apply(m: &Mutation, page: &mut Vec<u8>) {
    if let Mutation::Truncate(at) = m {
        let cut = at.index(page.len() + 1);
        page.truncate(cut);
        return;
    }
    let mut lines: Vec<Vec<u8>> = page.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    let splice = |line: &mut Vec<u8>, pos: &Index, bytes: &[u8]| {
        let p = pos.index(line.len() + 1);
        line.splice(p..p, bytes.iter().copied());
    };
    match m {
        Mutation::Truncate(_) => {}
        Mutation::InsertPipe(l, p) => splice(&mut lines[l.index(n)], p, b"|"),
        Mutation::UnbalancedFence(l) => lines.insert(l.index(n), b"```".to_vec()),
        Mutation::HugeCell(l, p, k) => {
            let huge = "x\\*y ".repeat(20_000 + usize::from(*k));
            splice(&mut lines[l.index(n)], p, huge.as_bytes());
        }
        Mutation::InvalidUtf8(l, p) => splice(&mut lines[l.index(n)], p, &[0xff, 0xfe, 0xc3]),
        Mutation::DeleteLine(l) => {
            lines.remove(l.index(n));
        }
        Mutation::DuplicateLine(l) => {
            let i = l.index(n);
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        Mutation::SwapLines(a, b) => lines.swap(a.index(n), b.index(n)),
        Mutation::NbspAndTreePrefix(l, p) => {
            splice(&mut lines[l.index(n)], p, "\u{a0}└".as_bytes())
        }
        Mutation::CutLine(l, p) => {
            let line = &mut lines[l.index(n)];
            let cut = p.index(line.len() + 1);
            line.truncate(cut);
        }
    }
    *page = lines.join(&b'\n');
}

fn run_one(path: &str, bytes: &[u8]) -> Result<(), String> {
    let generator = Generator::new();
    let spec = generator.lower(path, bytes);
    let lowered = &spec.lowered;
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    for d in &lowered.diagnostics {
        let text = d.to_string();
        if !text.starts_with(&format!("{path}:")) || d.line > lines {
            return Err(format!("diagnostic without a usable location: {text}"));
        }
    }
    if let Some(code) = generator.spec_code(&spec) {
        code.map_err(|e| format!("emitted code does not parse: {e}"))?;
    }
    Ok(())
}

/// A few seconds of fuzzing, in the everyday test run.
#[test]
fn mutated_pages_never_panic() {
    fuzz_for(3);
}

/// A long run (`SMC_FUZZ_SECS`, default 60), which `.ci/run` includes.
#[test]
#[ignore = "slow: fuzzes for SMC_FUZZ_SECS seconds (default 60)"]
fn mutated_pages_never_panic_long_run() {
    let secs = std::env::var("SMC_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    fuzz_for(secs);
}

/// Fuzzes batches of mutated seed pages for `secs` seconds; panics on the first failure.
fn fuzz_for(secs: u64) {
    let pages = seeds();
    assert!(!pages.is_empty());
    let strategy = (any::<Index>(), prop::collection::vec(mutation(), 1..4));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let config = Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    };
    let mut batches = 0u64;
    let cases = std::cell::Cell::new(0u64);
    while Instant::now() < deadline {
        // A fresh runner (and seed) per batch: a runner counts its successes across `run`
        // calls, so reusing one would stop testing after its first batch.
        let mut runner = TestRunner::new(config.clone());
        let result = runner.run(&strategy, |(page, mutations)| {
            cases.set(cases.get() + 1);
            let (path, original) = &pages[page.index(pages.len())];
            let mut bytes = original.clone();
            for m in &mutations {
                apply(m, &mut bytes);
            }
            let name = path.display().to_string();
            let outcome = catch_unwind(AssertUnwindSafe(|| run_one(&name, &bytes)));
            match outcome {
                Ok(Ok(())) => Ok(()),
                Ok(Err(problem)) => Err(TestCaseError::fail(format!("{name}: {problem}"))),
                Err(_) => Err(TestCaseError::fail(format!("{name}: panicked"))),
            }
        });
        if let Err(e) = result {
            panic!("{e}");
        }
        batches += 1;
    }
    let cases = cases.get();
    println!("fuzz: {cases} mutated pages in {batches} batches, {secs} s, no panic");
    assert!(cases >= batches * 256 && batches > 0);
}
