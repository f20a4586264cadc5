//! Mutation fuzzing of read → lower → emit → render, seeded with the spec pages, the pages of
//! other products' dialects in `tests/pages` and the real pages beside the repository (the
//! English corpus and corpus-wide, and the Chinese corpus-zh): truncated tables, stray `|`,
//! unbalanced code fences, huge cells, invalid UTF-8, deleted, duplicated and swapped lines,
//! and input nested thousands of levels deep (dotted names, `└` and container rows, JSON and
//! XML samples, markdown). No input may panic or overflow the stack, every emitted token
//! stream must parse as Rust, and every diagnostic must name `path:line`.
//!
//! A second target fuzzes the IR files `api_ir!` reads: the IR of the seed pages, serialised
//! as a build script writes it, then cut, nested deep, given values of the wrong type, huge
//! strings and odd names. Reading it must give an IR or a diagnostic naming the file, and an
//! IR that reads must emit code that parses.
//!
//! Proptests: each case is a seed plus one to three mutations, so a failure shrinks to the
//! smallest mutation list that still fails and proptest records it for replay. Each target runs
//! batches of cases for 3 seconds in the everyday run; the slow run (`--include-ignored`, as
//! `.ci/run` does) for `SMC_FUZZ_SECS` seconds (default 60).

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
    // The specs, the pages of other products' dialects written for the tests, the real pages.
    let mut dirs = vec![root.join("specs"), root.join("codegen/tests/pages")];
    for corpus in ["corpus", "corpus-wide", "corpus-zh"] {
        dirs.extend(common::shared(corpus));
    }
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
    /// A row whose dotted name has this many levels, after a table row.
    DeepName(Index, usize),
    /// This many rows after a table row, each nested in the one before: by `└` marks when
    /// true, else as container rows in alphabetical order.
    NestedRows(Index, usize, bool),
    /// A member nested this many levels deep after a line opening a JSON object: objects when
    /// true, else arrays.
    DeepJson(Index, usize, bool),
    /// Elements nested this many levels deep after a line opening an XML element.
    DeepXml(Index, usize),
    /// A line of markdown nested this many levels deep: block quotes, list items, brackets or
    /// emphasis.
    DeepMarkdown(Index, usize, Index),
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
        (i(), 1usize..6_000).prop_map(|(a, n)| Mutation::DeepName(a, n)),
        (i(), 1usize..80, any::<bool>()).prop_map(|(a, n, m)| Mutation::NestedRows(a, n, m)),
        (i(), 1usize..10_000, any::<bool>()).prop_map(|(a, n, o)| Mutation::DeepJson(a, n, o)),
        (i(), 1usize..10_000).prop_map(|(a, n)| Mutation::DeepXml(a, n)),
        (i(), 1usize..10_000, i()).prop_map(|(a, n, k)| Mutation::DeepMarkdown(a, n, k)),
    ]
}

/// Index of the line after the line that `at` picks among those `is` accepts, or after a line
/// of the whole page when none does.
fn after_line(lines: &[Vec<u8>], at: &Index, is: impl Fn(&str) -> bool) -> usize {
    let picked: Vec<usize> = (0..lines.len())
        .filter(|&i| is(String::from_utf8_lossy(&lines[i]).trim()))
        .collect();
    match picked.as_slice() {
        [] => at.index(lines.len()) + 1,
        some => some[at.index(some.len())] + 1,
    }
}

/// A table row (`|...|`).
fn is_row(line: &str) -> bool {
    line.starts_with('|')
}

/// A line that opens a JSON object (`{`, `"Key": {`, `[{`).
fn opens_object(line: &str) -> bool {
    line.ends_with('{')
}

/// A line that opens an XML element (`<Tag>`).
fn opens_element(line: &str) -> bool {
    line.starts_with('<') && line.ends_with('>') && !line.starts_with("</") && !line.ends_with("/>")
}

/// `A0.A1.….A{n-1}`.
fn dotted_name(n: usize) -> String {
    let levels: Vec<String> = (0..n).map(|i| format!("A{i}")).collect();
    levels.join(".")
}

/// `n` rows, each nested in the one before (see [`Mutation::NestedRows`]).
fn nested_rows(n: usize, marks: bool) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| match marks {
            true => format!("|{}Level{i}|Struct|No| |Level {i}. |", "└".repeat(i + 1)),
            false => format!("|Level{i:03}|Struct| |Level {i}. |"),
        })
        .map(String::into_bytes)
        .collect()
}

/// A JSON member nested `n` levels deep, ending in a comma.
fn deep_json(n: usize, objects: bool) -> String {
    let (open, close) = if objects {
        ("{\"Deep\": ", "}")
    } else {
        ("[", "]")
    };
    format!("\"Deep\": {}1{},", open.repeat(n), close.repeat(n))
}

/// A line of markdown nested `n` levels deep, of the kind `kind` picks.
fn deep_markdown(n: usize, kind: &Index) -> String {
    match kind.index(5) {
        0 => ">".repeat(n) + " quoted",
        1 => "- ".repeat(n) + "item",
        2 => "[".repeat(n) + "link" + &"](u)".repeat(n),
        3 => "*".repeat(n) + "stress" + &"*".repeat(n),
        _ => "<div>".repeat(n) + "html",
    }
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
        Mutation::DeepName(l, levels) => {
            let row = format!("|{}|String|No|x|Deep. |", dotted_name(*levels));
            lines.insert(after_line(&lines, l, is_row), row.into_bytes());
        }
        Mutation::NestedRows(l, rows, marks) => {
            let at = after_line(&lines, l, is_row);
            lines.splice(at..at, nested_rows(*rows, *marks));
        }
        Mutation::DeepJson(l, depth, objects) => {
            let member = deep_json(*depth, *objects);
            lines.insert(after_line(&lines, l, opens_object), member.into_bytes());
        }
        Mutation::DeepXml(l, depth) => {
            let xml = "<A>".repeat(*depth) + "x" + &"</A>".repeat(*depth);
            lines.insert(after_line(&lines, l, opens_element), xml.into_bytes());
        }
        Mutation::DeepMarkdown(l, depth, kind) => {
            let line = deep_markdown(*depth, kind);
            lines.insert(l.index(n + 1), line.into_bytes());
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
    fuzz_pages_for(3);
}

/// A long run (`SMC_FUZZ_SECS`, default 60), which `.ci/run` includes.
#[test]
#[ignore = "slow: fuzzes for SMC_FUZZ_SECS seconds (default 60)"]
fn mutated_pages_never_panic_long_run() {
    fuzz_pages_for(long_run_secs());
}

/// A few seconds of fuzzing IR files, in the everyday test run.
#[test]
fn mutated_ir_files_never_panic() {
    fuzz_ir_for(3);
}

/// A long run of the IR target (`SMC_FUZZ_SECS`, default 60), which `.ci/run` includes.
#[test]
#[ignore = "slow: fuzzes IR files for SMC_FUZZ_SECS seconds (default 60)"]
fn mutated_ir_files_never_panic_long_run() {
    fuzz_ir_for(long_run_secs());
}

/// `SMC_FUZZ_SECS`, default 60.
fn long_run_secs() -> u64 {
    std::env::var("SMC_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60)
}

/// Fuzzes batches of mutated seed pages for `secs` seconds; panics on the first failure.
fn fuzz_pages_for(secs: u64) {
    let pages = seeds();
    assert!(!pages.is_empty());
    let strategy = (any::<Index>(), prop::collection::vec(mutation(), 1..4));
    fuzz_for("pages", secs, &strategy, |(page, mutations), name| {
        let (path, original) = &pages[page.index(pages.len())];
        *name = path.display().to_string();
        let mut bytes = original.clone();
        for m in mutations {
            apply(m, &mut bytes);
        }
        run_one(name, &bytes)
    });
}

/// Runs batches of 256 cases of `strategy` through `case` for `secs` seconds; panics on the
/// first failure or panic. `case` names its input (in its second argument, first thing) and
/// says what is wrong with it.
fn fuzz_for<S: Strategy>(
    what: &str,
    secs: u64,
    strategy: &S,
    case: impl Fn(&S::Value, &mut String) -> Result<(), String>,
) {
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
        let result = runner.run(strategy, |value| {
            cases.set(cases.get() + 1);
            let mut name = String::from("(unnamed input)");
            let outcome = catch_unwind(AssertUnwindSafe(|| case(&value, &mut name)));
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
    println!("fuzz: {cases} mutated {what} in {batches} batches, {secs} s, no panic");
    assert!(cases >= batches * 256 && batches > 0);
}

/// An IR file to mutate: the seed page it was lowered from, its IR as a build script writes
/// it, and one request parameter and one response field of it without members (the pieces
/// deep trees are built of).
struct IrSeed {
    page: String,
    json: String,
    param: Option<String>,
    field: Option<String>,
}

/// The IR of every seed page that lowers.
fn ir_seeds() -> Vec<IrSeed> {
    let generator = Generator::new();
    let dirs: Vec<PathBuf> = seeds().into_iter().map(|(path, _)| path).collect();
    let specs = generator.load(&dirs).unwrap();
    let leaf = |mut value: serde_json::Value| {
        value["children"] = serde_json::json!([]);
        value.to_string()
    };
    specs
        .iter()
        .filter_map(|spec| {
            let api = spec.api()?;
            let param = api.request.first().map(|p| leaf(serde_json::json!(p)));
            let field = api.response.first().map(|f| leaf(serde_json::json!(f)));
            Some(IrSeed {
                page: spec.path.display().to_string(),
                json: generator.ir_json(api),
                param,
                field,
            })
        })
        .collect()
}

/// One edit of an IR file's text; positions are proptest indexes, scaled when applied.
#[derive(Debug, Clone)]
enum IrMutation {
    Truncate(Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InvalidUtf8(Index),
    /// The `"children": []` that `Index` picks holds members nested this many levels deep.
    DeepChildren(Index, usize),
    /// The type that `Index` picks becomes lists nested this many levels deep.
    DeepType(Index, usize),
    /// This many `[` (no longer JSON) at a byte position.
    DeepBrackets(Index, usize),
    /// The value of the member that the first `Index` picks becomes one of another type.
    WrongType(Index, Index),
    /// A string of about this many bytes goes into the string value `Index` picks.
    HugeString(Index, usize),
    /// The name (wire, Rust, struct, variant, action, ...) `Index` picks becomes an odd one.
    OddName(Index, Index),
}

fn ir_mutation() -> impl Strategy<Value = IrMutation> {
    let i = any::<Index>;
    prop_oneof![
        i().prop_map(IrMutation::Truncate),
        i().prop_map(IrMutation::DeleteLine),
        i().prop_map(IrMutation::DuplicateLine),
        (i(), i()).prop_map(|(a, b)| IrMutation::SwapLines(a, b)),
        i().prop_map(IrMutation::InvalidUtf8),
        (i(), 1usize..10_000).prop_map(|(a, n)| IrMutation::DeepChildren(a, n)),
        (i(), 1usize..10_000).prop_map(|(a, n)| IrMutation::DeepType(a, n)),
        (i(), 1usize..10_000).prop_map(|(a, n)| IrMutation::DeepBrackets(a, n)),
        (i(), i()).prop_map(|(a, b)| IrMutation::WrongType(a, b)),
        (i(), 1usize..200_000).prop_map(|(a, n)| IrMutation::HugeString(a, n)),
        (i(), i()).prop_map(|(a, b)| IrMutation::OddName(a, b)),
    ]
}

/// Values of every JSON type, for [`IrMutation::WrongType`].
const VALUES: &[&str] = &[
    "null",
    "0",
    "-1",
    "1.5",
    "1e999",
    "18446744073709551616",
    "true",
    "\"x\"",
    "\"\"",
    "[]",
    "{}",
    "[1, \"a\"]",
    "{\"kind\": \"nope\"}",
];

/// Odd names, for [`IrMutation::OddName`] and the rename a macro may be given.
const ODD_NAMES: &[&str] = &[
    "",
    "_",
    "__",
    "r#",
    "r#type",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "1st",
    "a b",
    "a-b",
    "é",
    "中文",
    "A::B",
    "x\\\"y",
    "Vec",
    "Option",
    "Result",
    "Unhandled",
    "build",
    "ñandú_ü",
    "\\u0000",
    "0x",
    "async",
    "dyn",
];

/// The byte offsets where `needle` starts in `text`.
fn offsets(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle).map(|(at, _)| at).collect()
}

/// The offset `at` picks among `offsets`, if any.
fn pick(offsets: &[usize], at: &Index) -> Option<usize> {
    (!offsets.is_empty()).then(|| offsets[at.index(offsets.len())])
}

/// Members nested `depth` levels deep, built from `leaf` (a member whose `"children"` is
/// `[]`), as JSON text: never as a `serde_json::Value`, whose recursive `Drop` the depth
/// would overflow.
fn deep_members(leaf: &str, depth: usize) -> String {
    let (before, after) = leaf.split_once("\"children\":[]").unwrap_or((leaf, ""));
    let open = format!("{before}\"children\":[");
    let close = format!("]{after}");
    format!("{}{leaf}{}", open.repeat(depth), close.repeat(depth))
}

/// Applies `m` to the IR file `seed` being mutated into `text`.
fn apply_ir(m: &IrMutation, seed: &IrSeed, text: &mut Vec<u8>) {
    if let IrMutation::Truncate(at) = m {
        text.truncate(at.index(text.len() + 1));
        return;
    }
    if let IrMutation::DeepBrackets(at, n) = m {
        let p = at.index(text.len() + 1);
        text.splice(p..p, std::iter::repeat_n(b'[', *n));
        return;
    }
    if let IrMutation::InvalidUtf8(at) = m {
        let p = at.index(text.len() + 1);
        text.splice(p..p, [0xff, 0xfe, 0xc3]);
        return;
    }
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    match m {
        IrMutation::DeleteLine(l) => {
            lines.remove(l.index(n));
        }
        IrMutation::DuplicateLine(l) => {
            let i = l.index(n);
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        IrMutation::SwapLines(a, b) => lines.swap(a.index(n), b.index(n)),
        _ => {
            let mut s = String::from_utf8_lossy(text).into_owned();
            edit_ir_text(m, seed, &mut s);
            *text = s.into_bytes();
            return;
        }
    }
    *text = lines.join(&b'\n');
}

/// Applies the mutations of `m` that edit the IR as text (see [`IrMutation`]).
fn edit_ir_text(m: &IrMutation, seed: &IrSeed, s: &mut String) {
    match m {
        IrMutation::DeepChildren(at, depth) => {
            let empty = offsets(s, "\"children\": []");
            let Some(p) = pick(&empty, at) else { return };
            // Members of the request are parameters, those after `"response"` fields.
            let response = s.find("\"response\":").is_some_and(|r| p > r);
            let leaf = if response { &seed.field } else { &seed.param };
            let Some(leaf) = leaf else { return };
            let deep = format!("\"children\": [{}]", deep_members(leaf, *depth));
            s.replace_range(p..p + "\"children\": []".len(), &deep);
        }
        IrMutation::DeepType(at, depth) => {
            let Some(p) = pick(&offsets(s, "\"ty\": {"), at) else {
                return;
            };
            let start = p + "\"ty\": ".len();
            let Some(len) = s[start..].find('}') else {
                return;
            };
            let ty = format!(
                "{}{{\"kind\": \"string\"}}{}",
                "{\"kind\": \"list\", \"item\": ".repeat(*depth),
                "}".repeat(*depth)
            );
            // Up to the type's first `}`: a scalar's or a struct's whole type; in a list's,
            // a cut that leaves the JSON unbalanced, an error case of its own.
            s.replace_range(start..start + len + 1, &ty);
        }
        IrMutation::WrongType(at, value) => {
            let Some(p) = pick(&offsets(s, "\": "), at) else {
                return;
            };
            let start = p + "\": ".len();
            let end = s[start..].find('\n').map_or(s.len(), |e| start + e);
            let keep_comma = s[start..end].ends_with(',');
            let value = VALUES[value.index(VALUES.len())];
            let replacement = if keep_comma {
                format!("{value},")
            } else {
                value.to_string()
            };
            s.replace_range(start..end, &replacement);
        }
        IrMutation::HugeString(at, size) => {
            let Some(p) = pick(&offsets(s, "\": \""), at) else {
                return;
            };
            let piece = "Ab é中 `x` <b>\\n\\u00e9 ";
            let huge = piece.repeat(size / piece.len() + 1);
            let start = p + "\": \"".len();
            s.insert_str(start, &huge);
        }
        IrMutation::OddName(at, name) => {
            let keys = [
                "_name\": \"",
                "\"name\": \"",
                "\"variant\": \"",
                "\"action\": \"",
                "\"product\": \"",
                "\"code\": \"",
            ];
            let mut all: Vec<usize> = keys
                .iter()
                .flat_map(|k| offsets(s, k).into_iter().map(move |o| o + k.len()))
                .collect();
            all.sort_unstable();
            let Some(start) = pick(&all, at) else { return };
            let Some(len) = s[start..].find('"') else {
                return;
            };
            s.replace_range(start..start + len, ODD_NAMES[name.index(ODD_NAMES.len())]);
        }
        _ => {}
    }
}

/// Reads the IR file `bytes` named `path` as `api_ir!` does and emits it with `rename`: a
/// problem is a diagnostic naming the file and a line of it; an IR that reads emits code
/// that parses.
fn run_ir(path: &str, bytes: &[u8], rename: Option<&str>) -> Result<(), String> {
    let generator = Generator::new();
    match generator.read_ir(path, bytes) {
        Err(d) => {
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            let text = d.to_string();
            let named = text.starts_with(&format!("{path}:")) && d.line <= lines;
            if !named || !matches!(d.kind, "invalid-ir" | "too-deep") {
                return Err(format!(
                    "diagnostic without a usable location or kind: {text}"
                ));
            }
            Ok(())
        }
        Ok(api) => {
            let code = generator.code(&api, rename);
            code.map(|_| ())
                .map_err(|e| format!("emitted code does not parse: {e}"))
        }
    }
}

/// Fuzzes batches of mutated IR files for `secs` seconds; panics on the first failure.
fn fuzz_ir_for(secs: u64) {
    let seeds = ir_seeds();
    assert!(!seeds.is_empty());
    let rename = prop::option::weighted(0.2, any::<Index>());
    let strategy = (
        any::<Index>(),
        prop::collection::vec(ir_mutation(), 1..4),
        rename,
    );
    fuzz_for(
        "IR files",
        secs,
        &strategy,
        |(seed, mutations, rename), name| {
            let seed = &seeds[seed.index(seeds.len())];
            let rename = rename.as_ref().map(|r| ODD_NAMES[r.index(ODD_NAMES.len())]);
            *name = format!("IR of {} (rename {rename:?})", seed.page);
            let mut bytes = seed.json.clone().into_bytes();
            for m in mutations {
                apply_ir(m, seed, &mut bytes);
            }
            run_ir("out/ir.json", &bytes, rename)
        },
    );
}
