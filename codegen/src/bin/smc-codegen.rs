//! `smc-codegen`: the command-line face of the code generator.
//!
//! ```text
//! smc-codegen check PATH...   diagnostics for every page, the kinds of page read, then
//!                             `N passed, M failed`
//! smc-codegen ir PATH...      the IR of the pages as one JSON array
//! smc-codegen expand PATH     the formatted Rust the proc macro emits for the page
//! ```

use smc_codegen::diag::Severity;
use smc_codegen::ir::{Api, Language, Style};
use smc_codegen::{Generator, Spec};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  smc-codegen check PATH...   print diagnostics; exit 1 if a page has an error
  smc-codegen ir PATH...      print the IR of the pages as one JSON array
  smc-codegen expand PATH     print the Rust code emitted for one page";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let paths: Vec<PathBuf> = rest.iter().map(PathBuf::from).collect();
    if paths.is_empty() && command != "help" && command != "--help" {
        eprintln!("smc-codegen {command}: no PATH given\n{USAGE}");
        return ExitCode::from(2);
    }
    let result = match command.as_str() {
        "check" => check(&paths),
        "ir" => ir(&paths),
        "expand" => expand(&paths),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => {
            eprintln!("smc-codegen: unknown command `{other}`\n{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    result.unwrap_or_else(|message| {
        eprintln!("smc-codegen: {message}");
        ExitCode::from(2)
    })
}

fn load(paths: &[PathBuf]) -> Result<Vec<Spec>, String> {
    let pages = Generator::new().load(paths).map_err(|e| e.to_string())?;
    if pages.is_empty() {
        return Err("no markdown pages found".into());
    }
    Ok(pages)
}

/// The kind of page an action was read from: its language and style (English first, RPC
/// before ROA).
fn page_kind(api: &Api) -> (Language, Style) {
    (api.language, api.style)
}

/// A page kind as printed: `en RPC`, `zh ROA`.
fn kind_name((language, style): (Language, Style)) -> String {
    let style = match style {
        Style::Rpc => "RPC",
        Style::Roa => "ROA",
    };
    format!("{} {style}", language.code())
}

/// Prints every diagnostic, a count per diagnostic kind, a count per kind of page read
/// (`en RPC: 198, zh ROA: 3`), and `N passed, M failed`.
fn check(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let pages = load(paths)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut per_kind: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    let mut per_page_kind: BTreeMap<(Language, Style), usize> = BTreeMap::new();
    let (mut passed, mut failed) = (0usize, 0usize);
    for page in &pages {
        for d in &page.lowered.diagnostics {
            let _ = writeln!(out, "{d}");
            *per_kind.entry((d.severity, d.kind)).or_default() += 1;
        }
        if let Some(api) = page.api() {
            *per_page_kind.entry(page_kind(api)).or_default() += 1;
        }
        if page.failed() {
            failed += 1;
        } else {
            passed += 1;
        }
    }
    if !per_kind.is_empty() {
        let _ = writeln!(out, "\ndiagnostics by kind:");
        for ((severity, kind), n) in &per_kind {
            let sev = match severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            let _ = writeln!(out, "  {n:>5} {sev} {kind}");
        }
        let _ = writeln!(out);
    }
    let read: Vec<String> = per_page_kind
        .iter()
        .map(|(&kind, n)| format!("{}: {n}", kind_name(kind)))
        .collect();
    if !read.is_empty() {
        let _ = writeln!(out, "pages read: {}", read.join(", "));
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints the IR of all pages as one JSON array; diagnostics go to stderr.
fn ir(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let pages = load(paths)?;
    let mut apis = Vec::new();
    let mut failed = false;
    for page in &pages {
        for d in &page.lowered.diagnostics {
            eprintln!("{d}");
        }
        match &page.lowered.api {
            Some(api) => apis.push(api),
            None => failed = true,
        }
    }
    let json = serde_json::to_string_pretty(&apis).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints the prettyplease-formatted Rust that the proc macro emits for one page.
fn expand(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let pages = load(paths)?;
    let [page] = pages.as_slice() else {
        return Err(format!("expand takes one page, got {}", pages.len()));
    };
    for d in &page.lowered.diagnostics {
        eprintln!("{d}");
    }
    let Some(api) = &page.lowered.api else {
        return Ok(ExitCode::FAILURE);
    };
    let code = Generator::new()
        .code(api, page.rename.as_deref())
        .map_err(|e| format!("emitted code does not parse: {e}"))?;
    print!("{code}");
    Ok(ExitCode::SUCCESS)
}
