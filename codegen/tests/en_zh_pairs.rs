//! The cross-language oracle: an action documented by an English page (`corpus`,
//! `corpus-wide`) and a Chinese page (`corpus-zh`, same product folder and file name) must
//! lower to the same IR, prose aside.
//!
//! Prose, not compared: the summary and description, every parameter's, field's and error's
//! description, example values (`example`: the pages' sample values are often translated or
//! re-drawn), error messages, the verbatim samples, source line numbers and the page's
//! language; nor is the order of rows (each page arranges its tables its own way, and the
//! order of fields changes nothing on the wire). Everything else is compared: product, version, style, action, endpoint, route,
//! whether the body is a list, every parameter (wire and documented name, Rust name, type,
//! list style, required flag, position, children), every response field (wire and Rust name,
//! type, children) and the errors (status and code).
//!
//! Each difference is printed as one line, `product/Action: where what: en X, zh Y`. A
//! difference must be a real difference between the two pages (each page read right) and
//! then be listed in `tests/en_zh_differences.txt` with both pages' lines and why; anything
//! else is a reader bug to fix. An entry may also be `open:` (not yet judged; counted and
//! printed). A listed difference that no longer occurs fails too, so the list stays true.

mod common;

use smc_codegen::ir::{Api, ErrorCode, Field, Param, Type};
use smc_codegen::{Generator, Spec};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One difference between the IRs of a pair: a stable key line, and the page line (1-based,
/// 0 when not from a row) on each side.
struct Difference {
    key: String,
    en_line: usize,
    zh_line: usize,
}

/// Collects the differences of one pair.
struct Diff<'a> {
    pair: &'a str,
    out: Vec<Difference>,
}

impl Diff<'_> {
    /// Records `what` differing at `place` when `en != zh`.
    fn value<T: std::fmt::Debug + PartialEq>(
        &mut self,
        place: &str,
        what: &str,
        (en, zh): (T, T),
        lines: (usize, usize),
    ) {
        if en != zh {
            self.out.push(Difference {
                key: format!("{}: {place} {what}: en {en:?}, zh {zh:?}", self.pair),
                en_line: lines.0,
                zh_line: lines.1,
            });
        }
    }

    /// Records an item present on one side only.
    fn only(&mut self, place: &str, side: &str, line: usize) {
        let (en_line, zh_line) = if side == "en" { (line, 0) } else { (0, line) };
        self.out.push(Difference {
            key: format!("{}: {place} only in {side}", self.pair),
            en_line,
            zh_line,
        });
    }
}

/// A type as compared: struct names included (they come from wire names).
fn ty(t: &Type) -> String {
    match t {
        Type::List { item } => format!("list of {}", ty(item)),
        Type::Struct { name, doc_name } => match doc_name {
            Some(d) => format!("struct {name} ({d})"),
            None => format!("struct {name}"),
        },
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Compares two lists of items keyed by wire name (in any order): the English side's, then
/// the Chinese side's extra items.
fn by_name<'t, T>(
    diff: &mut Diff<'_>,
    place: &str,
    (en, zh): (&'t [T], &'t [T]),
    name: impl Fn(&T) -> &str,
    line: impl Fn(&T) -> usize,
    mut same: impl FnMut(&mut Diff<'_>, &str, &'t T, &'t T),
) {
    for e in en {
        let at = format!("{place}.{}", name(e));
        match zh.iter().find(|z| name(z) == name(e)) {
            Some(z) => same(diff, &at, e, z),
            None => diff.only(&at, "en", line(e)),
        }
    }
    for z in zh.iter().filter(|z| !en.iter().any(|e| name(e) == name(z))) {
        diff.only(&format!("{place}.{}", name(z)), "zh", line(z));
    }
}

/// Compares two request parameters.
fn params(diff: &mut Diff<'_>, place: &str, e: &Param, z: &Param) {
    let lines = (e.line, z.line);
    diff.value(place, "doc_name", (&e.doc_name, &z.doc_name), lines);
    diff.value(place, "rust_name", (&e.rust_name, &z.rust_name), lines);
    diff.value(place, "type", (ty(&e.ty), ty(&z.ty)), lines);
    diff.value(place, "style", (e.style, z.style), lines);
    diff.value(place, "required", (e.required, z.required), lines);
    diff.value(place, "position", (e.position, z.position), lines);
    by_name(
        diff,
        place,
        (&e.children, &z.children),
        |p| &p.wire_name,
        |p| p.line,
        params,
    );
}

/// Compares two response fields.
fn fields(diff: &mut Diff<'_>, place: &str, e: &Field, z: &Field) {
    let lines = (e.line, z.line);
    diff.value(place, "rust_name", (&e.rust_name, &z.rust_name), lines);
    diff.value(place, "type", (ty(&e.ty), ty(&z.ty)), lines);
    by_name(
        diff,
        place,
        (&e.children, &z.children),
        |f| &f.wire_name,
        |f| f.line,
        fields,
    );
}

/// The compared part of an error row: status and code. (Its variant name follows from the
/// code and from which of the codes sharing a name comes first, so it is row order.)
fn error_key(e: &ErrorCode) -> String {
    let status = e.http_status.map_or("-".to_string(), |s| s.to_string());
    format!("{status} {}", e.code)
}

/// Every difference between the IRs of one pair, prose aside.
fn compare(pair: &str, en: &Api, zh: &Api) -> Vec<Difference> {
    let mut diff = Diff {
        pair,
        out: Vec::new(),
    };
    let d = &mut diff;
    d.value("api", "product", (&en.product, &zh.product), (0, 0));
    d.value("api", "version", (&en.version, &zh.version), (0, 0));
    d.value("api", "style", (en.style, zh.style), (0, 0));
    d.value("api", "action", (&en.action, &zh.action), (0, 0));
    d.value("api", "endpoint", (&en.endpoint, &zh.endpoint), (0, 0));
    d.value("api", "route", (&en.route, &zh.route), (0, 0));
    let list = (en.response_list, zh.response_list);
    d.value("api", "response_list", list, (0, 0));
    by_name(
        d,
        "request",
        (&en.request, &zh.request),
        |p| &p.wire_name,
        |p| p.line,
        params,
    );
    by_name(
        d,
        "response",
        (&en.response, &zh.response),
        |f| &f.wire_name,
        |f| f.line,
        fields,
    );
    let errors = |api: &Api| -> BTreeMap<String, usize> {
        api.errors.iter().map(|e| (error_key(e), e.line)).collect()
    };
    let (ee, ez) = (errors(en), errors(zh));
    for (k, &line) in ee.iter().filter(|(k, _)| !ez.contains_key(*k)) {
        d.only(&format!("error {k}"), "en", line);
    }
    for (k, &line) in ez.iter().filter(|(k, _)| !ee.contains_key(*k)) {
        d.only(&format!("error {k}"), "zh", line);
    }
    diff.out
}

/// The pages of `corpus` by `product/Action` (folder and file stem).
fn pages(corpus: &Path) -> BTreeMap<String, Spec> {
    let specs = Generator::new().load(&[corpus]).expect("corpus readable");
    specs
        .into_iter()
        .filter_map(|spec| {
            let stem = spec.path.file_stem()?.to_str()?.to_string();
            let folder = spec.path.parent()?.file_name()?.to_str()?.to_string();
            Some((format!("{folder}/{stem}"), spec))
        })
        .collect()
}

/// Line `line` (1-based) of the file at `path`, trimmed, or `-` for none.
fn source_line(path: &Path, line: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match line.checked_sub(1).and_then(|i| text.lines().nth(i)) {
        Some(l) => format!("{}:{line}: {}", shown(path), l.trim()),
        None => "-".to_string(),
    }
}

/// `corpus-zh/ecs/X.md` for a path under the shared folder.
fn shown(path: &Path) -> String {
    let parts: Vec<_> = path.iter().rev().take(3).collect();
    let parts: Vec<String> = parts
        .into_iter()
        .rev()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The entries of `tests/en_zh_differences.txt`: each listed difference line (at the
/// margin; `#` starts a comment) with whether it is settled (`why:`, a real page difference)
/// or still `open:`. Every entry must say one or the other, with a reason.
fn listed() -> BTreeMap<String, bool> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/en_zh_differences.txt");
    let text = std::fs::read_to_string(&path).expect("tests/en_zh_differences.txt");
    let mut out = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            assert!(last.is_none(), "entry {last:?} gives no why: or open:");
            last = Some(line.to_string());
            continue;
        }
        let line = line.trim();
        let settled = match line.split_once(':') {
            Some(("why", reason)) | Some(("open", reason)) => {
                assert!(!reason.trim().is_empty(), "empty reason for {last:?}");
                line.starts_with("why")
            }
            _ => continue,
        };
        if let Some(key) = last.take() {
            out.insert(key, settled);
        }
    }
    assert!(last.is_none(), "entry {last:?} gives no why: or open:");
    out
}

#[test]
fn en_and_zh_pages_lower_to_the_same_ir() {
    let (Some(en1), Some(en2), Some(zh)) = (
        common::shared("corpus"),
        common::shared("corpus-wide"),
        common::shared("corpus-zh"),
    ) else {
        return;
    };
    let mut english = pages(&en1);
    english.extend(pages(&en2));
    let chinese = pages(&zh);
    let (mut equal, mut differ) = (0usize, 0usize);
    let mut found: Vec<(Difference, &Spec, &Spec)> = Vec::new();
    for (name, z) in &chinese {
        let Some(e) = english.get(name) else { continue };
        let Some(za) = z.api() else {
            panic!("{name}: the Chinese page does not lower");
        };
        // A failing English page is the English reader's to fix (lower_corpus reports it).
        let Some(ea) = e.api() else {
            println!("{name}: skipped, the English page does not lower");
            continue;
        };
        let diffs = compare(name, ea, za);
        if diffs.is_empty() {
            equal += 1;
        } else {
            differ += 1;
            found.extend(diffs.into_iter().map(|d| (d, e, z)));
        }
    }
    println!("en/zh pairs: {equal} equal, {differ} differ");
    let listed = listed();
    let mut unlisted = String::new();
    let mut seen = BTreeSet::new();
    for (d, e, z) in &found {
        println!("{}", d.key);
        seen.insert(d.key.clone());
        if !listed.contains_key(&d.key) {
            unlisted.push_str(&format!(
                "{}\n  en: {}\n  zh: {}\n",
                d.key,
                source_line(&e.path, d.en_line),
                source_line(&z.path, d.zh_line)
            ));
        }
    }
    let open = listed.values().filter(|&&settled| !settled).count();
    println!(
        "listed: {} page differences, {open} open",
        listed.len() - open
    );
    let stale: Vec<&String> = listed.keys().filter(|k| !seen.contains(*k)).collect();
    assert!(
        unlisted.is_empty(),
        "differences neither fixed nor listed in tests/en_zh_differences.txt:\n{unlisted}"
    );
    assert!(
        stale.is_empty(),
        "listed differences that no longer occur (remove them): {stale:#?}"
    );
    assert!(equal + differ > 0, "no en/zh pairs found");
}

#[test]
fn twin_pages_written_for_the_tests_lower_alike() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let english = pages(&dir.join("contoso"));
    let chinese = pages(&dir.join("contoso-zh"));
    assert_eq!(chinese.len(), 2);
    for (name, z) in &chinese {
        let e = &english[name.replace("contoso-zh", "contoso").as_str()];
        let (Some(ea), Some(za)) = (e.api(), z.api()) else {
            panic!("{name}: a twin does not lower");
        };
        let diffs: Vec<String> = compare(name, ea, za).into_iter().map(|d| d.key).collect();
        assert!(diffs.is_empty(), "{diffs:#?}");
        assert_ne!(
            ea.summary, za.summary,
            "prose is kept in each page's language"
        );
    }
}
