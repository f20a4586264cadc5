//! Lowers every page of the shared corpus (when present) and checks the result.

use serde_json::Value;
use smc_codegen::diag::Severity;
use smc_codegen::ir::Field;
use smc_codegen::lower::{lower, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        eprintln!("corpus not found at {}; skipping", root.display());
        return None;
    }
    let mut pages = Vec::new();
    for product in std::fs::read_dir(&root).ok()?.flatten() {
        for page in std::fs::read_dir(product.path()).ok()?.flatten() {
            if page.path().extension().is_some_and(|e| e == "md") {
                pages.push(page.path());
            }
        }
    }
    pages.sort();
    Some(pages)
}

fn product(page: &Path) -> Option<String> {
    page.parent()
        .and_then(|p| p.file_name())
        .map(|p| p.to_string_lossy().into_owned())
}

fn options(page: &Path) -> Options {
    Options {
        product: product(page),
        fallback_version: None,
    }
}

/// The version most pages of each product folder state, as a build would pass it to pages
/// that state none (older pages have no debugging link).
fn sibling_versions(pages: &[PathBuf]) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for page in pages {
        let bytes = std::fs::read(page).unwrap();
        if let Some(api) = lower("p.md", &bytes, &options(page)).api {
            *counts
                .entry((product(page).unwrap_or_default(), api.version))
                .or_default() += 1;
        }
    }
    let mut best: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for ((product, version), n) in counts {
        let slot = best.entry(product).or_default();
        if n > slot.0 {
            *slot = (n, version);
        }
    }
    best.into_iter().map(|(p, (_, v))| (p, v)).collect()
}

/// Every key of every object in `sample` must be a field at the same place in `fields`.
fn covers(fields: &[Field], sample: &Value, path: &str, missing: &mut Vec<String>) {
    let objects: Vec<&serde_json::Map<String, Value>> = match sample {
        Value::Object(m) => vec![m],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => return,
    };
    for m in objects {
        for (k, v) in m {
            match fields.iter().find(|f| &f.wire_name == k) {
                Some(f) => covers(&f.children, v, &format!("{path}.{k}"), missing),
                None => missing.push(format!("{path}.{k}")),
            }
        }
    }
}

#[test]
fn corpus_lowers_without_errors_and_covers_samples() {
    let Some(pages) = corpus() else { return };
    assert!(pages.len() >= 200, "expected the 234-page corpus");
    let mut errors = Vec::new();
    let mut uncovered = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let versions = sibling_versions(&pages);
    for page in &pages {
        let bytes = std::fs::read(page).unwrap();
        let path = page.display().to_string();
        let mut opts = options(page);
        opts.fallback_version = product(page).and_then(|p| versions.get(&p).cloned());
        let out = lower(&path, &bytes, &opts);
        for d in &out.diagnostics {
            *kinds.entry(d.kind).or_default() += 1;
            if d.severity == Severity::Error {
                errors.push(d.to_string());
            }
        }
        let Some(api) = out.api else { continue };
        let Some(json) = api.samples.json.as_deref() else {
            continue;
        };
        if let Ok(mut sample @ Value::Object(_)) = serde_json::from_str::<Value>(json.trim()) {
            // Keys are read trimmed (`" InstanceId "` is a typo of the page, warned about).
            smc_codegen::lower::trim_sample_keys(&mut sample);
            let mut missing = Vec::new();
            covers(&api.response, &sample, &api.action, &mut missing);
            uncovered.extend(missing);
        }
    }
    eprintln!("{} pages; diagnostics per kind: {kinds:#?}", pages.len());
    assert!(errors.is_empty(), "errors:\n{}", errors.join("\n"));
    assert!(
        uncovered.is_empty(),
        "sample keys missing from the response tree:\n{}",
        uncovered.join("\n")
    );
}

#[test]
fn truncated_corpus_pages_never_panic() {
    let Some(pages) = corpus() else { return };
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let opts = options(page);
        for k in 0..50 {
            let mut cut = text.len() * k / 50;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let out = lower("t.md", &text.as_bytes()[..cut], &opts);
            assert!(out.api.is_some() || !out.diagnostics.is_empty());
        }
    }
}
