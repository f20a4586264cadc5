//! Input nested deeper than the reader allows (`lower::MAX_DEPTH` levels of parameters, fields
//! and samples; IR files accordingly) is a `too-deep` error naming `path:line`, never a stack
//! overflow, which would abort the process (the proc macros' `catch_unwind` cannot catch it).
//!
//! Every page runs on a thread with a 256 KiB stack, far less than a test thread's 2 MiB or the
//! 8 MiB of a build script's main thread, to show that the bound, not a big stack, keeps the
//! reader alive; pages nested right up to the bound still lower and emit there. IR files that
//! get past the depth check run on 512 KiB (see [`IR_STACK`]).

use smc_codegen::diag::{Diagnostic, Severity};
use smc_codegen::lower::MAX_DEPTH;
use smc_codegen::Generator;
use std::fmt::Write as _;

/// The stack the pages (and the IR files stopped by the depth check) are read on.
const SMALL_STACK: usize = 256 * 1024;

/// The stack the IR cases that get past the depth check run on: serde's derived deserializers
/// take about 5 KiB of stack per level of JSON in a debug build (more for the internally
/// tagged `Type`), so IR nested up to its bound (about 70 levels of JSON) needs more than
/// [`SMALL_STACK`], still far from a test thread's 2 MiB or the 8 MiB rustc gives proc macros.
const IR_STACK: usize = 2 * SMALL_STACK;

/// Runs `f` on a thread with a [`SMALL_STACK`]; a stack overflow would abort the test binary.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    on_stack(SMALL_STACK, f)
}

/// Runs `f` on a thread with a stack of `size` bytes.
fn on_stack<T: Send + 'static>(size: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(size)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic")
}

/// A page with the given request rows, response rows and examples (after `## Examples`).
fn page(request: &str, response: &str, examples: &str) -> String {
    format!(
        "# DoThing\n\nDoes a thing.\n\n## Debugging\n\n\
         [Debug](https://api.aliyun.com/#product=Fabrikam&api=DoThing&type=RPC&version=2023-05-01)\n\n\
         ## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
         |Action|String|Yes|DoThing|The action. |\n{request}\n\
         ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n\
         |RequestId|String|R-1|The ID. |\n{response}\n## Examples\n\n{examples}"
    )
}

/// The diagnostics of lowering `text` (on a small stack), and whether the IR came out.
fn lower(text: String) -> (Vec<Diagnostic>, bool) {
    on_small_stack(move || {
        let generator = Generator::new();
        let spec = generator.lower("fabrikam/DoThing.md", text.as_bytes());
        // What lowers also emits and renders, on the same small stack.
        if let Some(code) = generator.spec_code(&spec) {
            code.expect("emitted code parses");
        }
        let api = spec.api().is_some();
        (spec.lowered.diagnostics, api)
    })
}

/// The one `too-deep` error among `diags`, which withhold the IR.
fn too_deep(diags: &[Diagnostic], lowered: bool) -> &Diagnostic {
    let deep: Vec<&Diagnostic> = diags.iter().filter(|d| d.kind == "too-deep").collect();
    let [d] = deep.as_slice() else {
        panic!("expected one too-deep error: {diags:#?}");
    };
    assert_eq!(d.severity, Severity::Error);
    assert!(!lowered, "the IR is withheld");
    let limit = format!("nests deeper than {MAX_DEPTH} levels");
    assert!(d.to_string().contains(&limit), "{d}");
    d
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

/// `A0.A1.….A{n-1}`: a dotted name of `n` levels.
fn dotted(n: usize) -> String {
    (0..n)
        .map(|i| format!("A{i}"))
        .collect::<Vec<_>>()
        .join(".")
}

/// A JSON object nested `n` levels deep: `{"A":{"A":…1…}}`, one level per line.
fn nested_json(n: usize) -> String {
    let mut out = String::new();
    for _ in 0..n {
        out.push_str("{\"A\":\n");
    }
    out.push('1');
    out.push_str(&"}".repeat(n));
    out
}

#[test]
fn a_dotted_name_thousands_of_levels_deep_is_an_error() {
    let row = format!("|{}|String|No|x|Deep. |", dotted(5_000));
    let text = page(&row, "", "");
    let (diags, lowered) = lower(text.clone());
    let d = too_deep(&diags, lowered);
    assert_eq!(d.line, line_of(&text, "|A0.A1."));
    assert!(d.message.starts_with("parameter `A0.A1.A2."), "{d}");
    // The message shows the start of the name, not all 5,000 levels of it.
    assert!(d.message.len() < 300, "{d}");
}

#[test]
fn request_rows_nested_by_marks_past_the_bound_are_an_error() {
    let mut rows = String::new();
    for i in 0..MAX_DEPTH + 10 {
        let _ = writeln!(rows, "|{}P{i}|Struct|No| |Level {i}. |", "└".repeat(i));
    }
    let text = page(&rows, "", "");
    let (diags, lowered) = lower(text.clone());
    let d = too_deep(&diags, lowered);
    assert_eq!(d.line, line_of(&text, &format!("P{MAX_DEPTH}|")));
}

#[test]
fn response_rows_nested_ten_thousand_deep_are_an_error() {
    // Each `Struct` row opens a scope its successor (later in the alphabet) goes into.
    let mut rows = String::new();
    for i in 0..10_000 {
        let _ = writeln!(rows, "|F{i:05}|Struct| |Level {i}. |");
    }
    let text = page("", &rows, "");
    let (diags, lowered) = lower(text.clone());
    let d = too_deep(&diags, lowered);
    assert!(d.message.starts_with("response field `F"), "{d}");
    assert!(d.line < line_of(&text, "|F00040|"), "{d}");
}

#[test]
fn a_json_sample_nested_ten_thousand_deep_is_an_error() {
    let sample = format!("```json\n{}\n```\n", nested_json(10_000));
    let text = page("", "", &sample);
    let (diags, lowered) = lower(text.clone());
    let d = too_deep(&diags, lowered);
    assert!(d.message.starts_with("the JSON sample"), "{d}");
    // The line of the first bracket past the bound (one level per line).
    assert_eq!(d.line, line_of(&text, "```json") + 1 + MAX_DEPTH);
    let arrays = format!("```json\n{}\n```\n", "[".repeat(10_000));
    let (diags, lowered) = lower(page("", "", &arrays));
    too_deep(&diags, lowered);
}

#[test]
fn an_xml_sample_nested_ten_thousand_deep_is_an_error() {
    let mut xml = String::from("<DoThingResponse>\n");
    for _ in 0..10_000 {
        xml.push_str("<A>\n");
    }
    let sample = format!("```xml\n{xml}```\n");
    let text = page("", "", &sample);
    let (diags, lowered) = lower(text.clone());
    let d = too_deep(&diags, lowered);
    assert!(d.message.starts_with("the XML sample"), "{d}");
    assert_eq!(d.line, line_of(&text, "<DoThingResponse>") + 1 + MAX_DEPTH);
}

#[test]
fn a_deep_roa_body_sample_never_nests_rows_past_the_bound() {
    // Rows named like the body's members nest into the body's containers: a body deeper than
    // the bound nests them too deep.
    let mut rows = String::new();
    for _ in 0..MAX_DEPTH + 5 {
        rows.push_str("|A|Struct|No| |A level. |\n");
    }
    let roa = |body: String| {
        let sample = format!("```\nPOST /things HTTP/1.1\nHost:f.aliyuncs.com\n\n{body}\n```\n");
        page(&rows, "", &sample)
    };
    let text = roa(nested_json(MAX_DEPTH + 5));
    let (diags, lowered) = lower(text.clone());
    let d = too_deep(&diags, lowered);
    assert_eq!(d.line, line_of(&text, "|A|") + MAX_DEPTH);
    // A body deeper than serde_json reads (128 levels) is not used: the rows stay at the top,
    // where all but the first repeat it.
    let (diags, lowered) = lower(roa(nested_json(10_000)));
    assert!(lowered, "{diags:#?}");
    assert!(
        diags.iter().all(|d| d.kind == "duplicate-param"),
        "{diags:#?}"
    );
}

#[test]
fn pages_nested_up_to_the_bound_lower_and_emit_on_a_small_stack() {
    let row = format!("|{}|String|No|x|Deep. |", dotted(MAX_DEPTH));
    let sample = format!("```json\n{}\n```\n", nested_json(MAX_DEPTH));
    let (diags, lowered) = lower(page(&row, "", &sample));
    assert!(lowered, "{diags:#?}");
    assert!(diags.iter().all(|d| d.kind != "too-deep"), "{diags:#?}");
}

/// The IR of a page nested up to the bound, as a build script writes it.
fn ir_at_the_bound() -> String {
    let row = format!("|{}|String|No|x|Deep. |", dotted(MAX_DEPTH));
    let sample = format!("```json\n{}\n```\n", nested_json(MAX_DEPTH));
    let text = page(&row, "", &sample);
    let generator = Generator::new();
    let spec = generator.lower("fabrikam/DoThing.md", text.as_bytes());
    generator.ir_json(spec.api().expect("lowers"))
}

#[test]
fn an_ir_file_nested_ten_thousand_deep_is_an_error() {
    let ir = ir_at_the_bound();
    // Replace the deepest parameter's `"children": []` with 10,000 more levels.
    let deeper = ir.replacen(
        "\"children\": []",
        &format!(
            "\"children\": {}{}",
            "[{\"children\": ".repeat(10_000),
            "[]}]".repeat(10_000)
        ),
        1,
    );
    let d = on_small_stack(move || read_ir(&deeper)).expect_err("too deep");
    assert_eq!((d.kind, d.severity), ("too-deep", Severity::Error));
    assert!(d.to_string().starts_with("out/DoThing.json:"), "{d}");
    assert!(d.message.contains("the IR nests deeper than"), "{d}");
}

#[test]
fn an_ir_file_within_the_json_bound_but_too_deep_is_an_error() {
    // A type nested 40 lists deep fits the JSON bound, but each level costs the emitted
    // code's parser and formatter tens of KiB of stack.
    let mut ir: serde_json::Value = serde_json::from_str(&ir_at_the_bound()).expect("JSON");
    let mut ty = serde_json::json!({"kind": "string"});
    for _ in 0..40 {
        ty = serde_json::json!({"kind": "list", "item": ty});
    }
    ir["request"][0]["ty"] = ty;
    let deep_type = ir.to_string();
    let d = on_stack(IR_STACK, move || read_ir(&deep_type)).expect_err("too deep");
    assert_eq!(d.kind, "too-deep");
    assert!(d.message.starts_with("the type of parameter `A0`"), "{d}");
}

/// Reads the IR file `text` as `api_ir!` does, and renders its code.
fn read_ir(text: &str) -> Result<String, Diagnostic> {
    let generator = Generator::new();
    let api = generator.read_ir("out/DoThing.json", text.as_bytes())?;
    Ok(generator.code(&api, None).expect("renders"))
}

#[test]
fn an_ir_file_at_the_bound_reads_and_renders() {
    let ir = ir_at_the_bound();
    let code = on_stack(IR_STACK, move || read_ir(&ir));
    assert!(code.expect("reads").contains("pub struct A31"));
}
