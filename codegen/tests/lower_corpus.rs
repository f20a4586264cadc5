//! Lowers every page of the shared corpus (when present) and checks the result.

mod common;

use serde_json::Value;
use smc_codegen::diag::Severity;
use smc_codegen::ir::Field;
use smc_codegen::Generator;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The corpus pages (see [`common::shared`]).
fn corpus() -> Option<PathBuf> {
    common::shared("corpus")
}

/// Every key of every object in `sample` must be a field at the same place in `fields`; a
/// list the sample draws bare may sit in the wrapper the table and the XML sample show.
fn covers(fields: &[Field], sample: &Value, path: &str, missing: &mut Vec<String>) {
    let objects: Vec<&serde_json::Map<String, Value>> = match sample {
        Value::Object(m) => vec![m],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => return,
    };
    if let (Value::Array(_), [element]) = (sample, fields) {
        if !objects.iter().any(|m| m.contains_key(&element.wire_name)) {
            let path = format!("{path}.{}", element.wire_name);
            return covers(&element.children, sample, &path, missing);
        }
    }
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
    let Some(root) = corpus() else { return };
    // As `smc-codegen check` and build.rs read pages: per-folder fallback version included.
    let pages = Generator::new().load(&[root]).unwrap();
    assert!(pages.len() >= 200, "expected the 234-page corpus");
    let mut errors = Vec::new();
    let mut uncovered = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for page in &pages {
        for d in page.diagnostics() {
            *kinds.entry(d.kind).or_default() += 1;
            if d.severity == Severity::Error {
                errors.push(d.to_string());
            }
        }
        let Some(api) = page.api() else {
            continue;
        };
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
    let Some(root) = corpus() else { return };
    let generator = Generator::new();
    let mut lowered = 0;
    for page in generator.discover(&[root]).unwrap() {
        let text = std::fs::read_to_string(&page).unwrap();
        for k in 0..=50 {
            let mut cut = text.len() * k / 50;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let part = &text[..cut];
            let spec = generator.lower(&page, part.as_bytes());
            let name = format!("{} cut at byte {cut}", page.display());
            // The IR is withheld exactly when there is an error.
            assert_eq!(
                spec.api().is_none(),
                spec.failed(),
                "{name}: {:#?}",
                spec.diagnostics()
            );
            // Every diagnostic names a line of what was read.
            let lines = part.split('\n').count();
            for d in spec.diagnostics() {
                assert!(d.line <= lines, "{name}: line {} of {lines}: {d}", d.line);
            }
            // An empty page has no title; the whole page lowers.
            if cut == 0 {
                assert!(spec.diagnostics().iter().any(|d| d.kind == "missing-title"));
            }
            if k == 50 {
                assert!(!spec.failed(), "{name}: {:#?}", spec.diagnostics());
                lowered += 1;
            }
        }
    }
    assert!(lowered >= 200, "only {lowered} whole pages lowered");
}
