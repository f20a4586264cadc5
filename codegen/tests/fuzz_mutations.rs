//! Mutation fuzzing of read → lower → emit → render, seeded with the spec pages and the real
//! corpus: truncated tables, stray `|`, unbalanced code fences, huge cells, invalid UTF-8,
//! deleted, duplicated and swapped lines. No input may panic, every emitted token stream must
//! parse as Rust, and every diagnostic must name `path:line`.
//!
//! Runs for `SMC_FUZZ_SECS` seconds (default 3; CI sets about a minute). Deterministic for a
//! given `SMC_FUZZ_SEED`; a failure prints the seed and the mutation to replay it.

use smc_codegen::emit::{self, EmitOptions};
use smc_codegen::lower::{self, Options};
use smc_codegen::{render, specs};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: tiny, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![root.join("specs")];
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        dirs.push(corpus);
    } else {
        println!(
            "notice: {} not found; fuzzing the specs only",
            corpus.display()
        );
    }
    specs::discover(&dirs)
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Applies one random mutation, returning its name.
fn mutate(rng: &mut Rng, page: &mut Vec<u8>) -> &'static str {
    let mut lines: Vec<Vec<u8>> = page.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let at = rng.below(lines.len());
    let name = match rng.below(10) {
        0 => {
            let cut = rng.below(page.len() + 1);
            page.truncate(cut);
            return "truncate";
        }
        1 => {
            let pos = rng.below(lines[at].len() + 1);
            lines[at].insert(pos, b'|');
            "insert-pipe"
        }
        2 => {
            lines.insert(at, b"```".to_vec());
            "unbalanced-fence"
        }
        3 => {
            let huge = "x\\*y ".repeat(20_000 + rng.below(20_000));
            let pos = rng.below(lines[at].len() + 1);
            lines[at].splice(pos..pos, huge.bytes());
            "huge-cell"
        }
        4 => {
            let pos = rng.below(lines[at].len() + 1);
            lines[at].splice(pos..pos, [0xff, 0xfe, 0xc3]);
            "invalid-utf8"
        }
        5 => {
            lines.remove(at);
            "delete-line"
        }
        6 => {
            let line = lines[at].clone();
            lines.insert(at, line);
            "duplicate-line"
        }
        7 => {
            let other = rng.below(lines.len());
            lines.swap(at, other);
            "swap-lines"
        }
        8 => {
            let pos = rng.below(lines[at].len() + 1);
            lines[at].splice(pos..pos, "\u{a0}└".bytes());
            "nbsp-and-tree-prefix"
        }
        _ => {
            let pos = rng.below(lines[at].len() + 1);
            lines[at].truncate(pos);
            "cut-line"
        }
    };
    *page = lines.join(&b'\n');
    name
}

fn run_one(path: &str, bytes: &[u8]) -> Result<(), String> {
    let lowered = lower::lower(path, bytes, &Options::default());
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    for d in &lowered.diagnostics {
        let text = d.to_string();
        if !text.starts_with(&format!("{path}:")) || d.line > lines {
            return Err(format!("diagnostic without a usable location: {text}"));
        }
    }
    if let Some(api) = &lowered.api {
        let tokens = emit::emit(api, &EmitOptions::default());
        render::render(tokens).map_err(|e| format!("emitted code does not parse: {e}"))?;
    }
    Ok(())
}

#[test]
fn mutated_pages_never_panic() {
    let secs: u64 = std::env::var("SMC_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("SMC_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_abcd);
    let pages = seeds();
    assert!(!pages.is_empty());
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut rng = Rng(seed | 1);
    let mut runs = 0u64;
    while Instant::now() < deadline {
        let (path, original) = &pages[rng.below(pages.len())];
        let mut page = original.clone();
        let mut applied = Vec::new();
        for _ in 0..=rng.below(3) {
            applied.push(mutate(&mut rng, &mut page));
        }
        let name = path.display().to_string();
        let outcome = catch_unwind(AssertUnwindSafe(|| run_one(&name, &page)));
        let problem = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(_) => Some("panicked".to_string()),
        };
        if let Some(problem) = problem {
            panic!(
                "{name} after {applied:?} (run {runs}, SMC_FUZZ_SEED={seed}): {problem}\n--- input (lossy) ---\n{}",
                String::from_utf8_lossy(&page).chars().take(4000).collect::<String>()
            );
        }
        runs += 1;
    }
    println!("fuzz: {runs} mutated pages in {secs} s, no panic");
    assert!(runs > 0);
}
