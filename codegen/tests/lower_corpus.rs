//! Lowers every page of the shared English corpora (`corpus` and `corpus-wide`, when present)
//! and checks the result.

mod common;

use serde_json::Value;
use smc_codegen::diag::Severity;
use smc_codegen::ir::{Field, Type};
use smc_codegen::Generator;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The English corpora present (see [`common::shared`]): `corpus` (234 pages of smc and ecs)
/// and `corpus-wide` (486 pages of cdn, gpdb, vod, ros, ga and elasticsearch).
fn corpora() -> Vec<PathBuf> {
    ["corpus", "corpus-wide"]
        .into_iter()
        .filter_map(common::shared)
        .collect()
}

/// Every key of every object in `sample` must be a field at the same place in `fields`, but
/// for the keys inside a `Json` field (a `Map`: its keys are data, not fields); a list the
/// sample draws bare may sit in the wrapper the table and the XML sample show.
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
                // A `Json` field's keys are data; a scalar the table documents keeps what the
                // sample draws there as its JSON text.
                Some(f) if f.ty == Type::Json || f.children.is_empty() => {}
                Some(f) => covers(&f.children, v, &format!("{path}.{k}"), missing),
                None => missing.push(format!("{path}.{k}")),
            }
        }
    }
}

#[test]
fn corpus_lowers_without_errors_and_covers_samples() {
    let roots = corpora();
    if roots.is_empty() {
        return;
    }
    // As `smc-codegen check` and build.rs read pages: per-folder fallback version included.
    let pages = Generator::new().load(&roots).unwrap();
    assert!(
        pages.len() >= 200 * roots.len(),
        "expected the 234 + 486 pages"
    );
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
        // Read as lowering reads it: keys trimmed, an `<Action>Response` root dropped.
        if let Some(sample @ Value::Object(_)) = smc_codegen::lower::sample_json(api) {
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
    let roots = corpora();
    if roots.is_empty() {
        return;
    }
    let generator = Generator::new();
    let mut lowered = 0;
    for page in generator.discover(&roots).unwrap() {
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
            // A whole page lowers: alone, without the sibling pages a page that states no
            // API version takes it from (see `corpus_lowers_without_errors_and_covers_samples`).
            if k == 50 {
                let errors: Vec<_> = spec
                    .diagnostics()
                    .iter()
                    .filter(|d| d.severity == Severity::Error && d.kind != "no-version")
                    .collect();
                assert!(errors.is_empty(), "{name}: {errors:#?}");
                lowered += 1;
            }
        }
    }
    assert!(
        lowered >= 200 * roots.len(),
        "only {lowered} whole pages lowered"
    );
}
