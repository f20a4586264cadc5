//! `cargo bench -p smc-codegen`: per-page cost of page → IR and page → formatted Rust over the
//! real corpus (`../shared/corpus`), next to a plain pulldown-cmark pass over the same bytes.
//!
//! A plain `harness = false` binary built with the bench profile: each figure is the median of
//! several rounds over every page, printed in µs per page with the ratio to the plain pass.

use pulldown_cmark::{Options as MdOptions, Parser};
use smc_codegen::diag::Diagnostics;
use smc_codegen::dialect;
use smc_codegen::Generator;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// Which passes to run: all by default; `SMC_BENCH_PASS=plain`, `=read` (markdown → page
/// only) or `=ir` runs only that one (for profiling a single pass under `perf record`).
fn only() -> Option<String> {
    std::env::var("SMC_BENCH_PASS")
        .ok()
        .filter(|p| !p.is_empty())
}

/// Rounds per figure; `SMC_BENCH_ROUNDS` lowers it for profiling runs.
fn rounds() -> usize {
    std::env::var("SMC_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(15)
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !corpus.is_dir() {
        println!(
            "notice: {} not found; nothing to benchmark",
            corpus.display()
        );
        return;
    }
    let generator = Generator::new();
    let files = generator.discover(&[corpus]).expect("corpus readable");
    // The path as diagnostics print it, made once (not a cost of reading a page).
    let pages: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("page readable");
            (p.display().to_string(), bytes)
        })
        .collect();
    let n = pages.len() as f64;
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    println!(
        "corpus: {} pages, {} KiB, median of {} rounds",
        pages.len(),
        bytes / 1024,
        rounds()
    );

    let plain_pass = || {
        for (_, b) in &pages {
            let text = decode(b);
            let events = Parser::new_ext(&text, MdOptions::ENABLE_TABLES).count();
            black_box(events);
        }
    };
    let ir_pass = || {
        for (p, b) in &pages {
            black_box(generator.lower(p, b));
        }
    };
    let read_pass = || {
        for (path, b) in &pages {
            let text = decode(b);
            let mut diags = Diagnostics::new(path);
            black_box(dialect::read(&text, &mut diags));
        }
    };
    if let Some(pass) = only() {
        let us = match pass.as_str() {
            "plain" => median_us(plain_pass),
            "read" => median_us(read_pass),
            _ => median_us(ir_pass),
        };
        println!("{pass}: {:.1} µs/page", us / n);
        return;
    }
    // The three passes run round-robin, so that a slow spell of a shared machine hits all
    // of them alike; each figure is a median over rounds, and so is each ratio.
    let mut passes: [&mut dyn FnMut(); 3] =
        [&mut { plain_pass }, &mut { read_pass }, &mut { ir_pass }];
    let times = interleaved(&mut passes);
    let [plain, read, to_ir] = [0, 1, 2].map(|k| median(times.iter().map(|t| t[k])) / n);
    let ratio = |k: usize| median(times.iter().map(|t| t[k] / t[0]));
    let specs: Vec<_> = pages.iter().map(|(p, b)| generator.lower(p, b)).collect();
    let emit_only = median_us(|| {
        for spec in &specs {
            black_box(generator.spec_code(spec).and_then(Result::ok));
        }
    }) / n;
    let to_rust = to_ir + emit_only;

    println!("{:<36} {:>10}  {:>8}", "pass", "µs/page", "vs plain");
    row("plain pulldown-cmark (tables on)", plain, 1.0);
    row("markdown → Page (dialect reader)", read, ratio(1));
    row("page → IR (read + lower + lints)", to_ir, ratio(2));
    row("page → formatted Rust", to_rust, to_rust / plain);
    // Reading is a tiny share of a build (rustc on the generated code is nearly all of it):
    // the figure to watch is that page → IR stays well under a millisecond.
    println!(
        "page → IR is {:.2}× the plain pass (median of per-round ratios), {:.0} µs per page",
        ratio(2),
        to_ir
    );
}

/// Wall time in µs of every pass in every round (after one warm-up round), the passes
/// taking turns within each round.
fn interleaved(passes: &mut [&mut dyn FnMut()]) -> Vec<Vec<f64>> {
    for pass in passes.iter_mut() {
        pass();
    }
    (0..rounds())
        .map(|_| {
            passes
                .iter_mut()
                .map(|pass| {
                    let start = Instant::now();
                    pass();
                    start.elapsed().as_secs_f64() * 1e6
                })
                .collect()
        })
        .collect()
}

/// The median of `values` (0 when there are none).
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The page as text, decoded as `lower::lower` does (strict UTF-8: every corpus page is
/// valid; the lossy fallback only keeps the plain pass going on a bad file).
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn row(name: &str, us: f64, ratio: f64) {
    println!("{name:<36} {us:>10.1}  {ratio:>7.2}×");
}

/// Median wall time of [`rounds`] runs of `f`, in µs (after one warm-up run).
fn median_us(mut f: impl FnMut()) -> f64 {
    let rounds = rounds();
    f();
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[rounds / 2]
}
