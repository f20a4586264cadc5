//! `write-crate <dir> <crate-name> <pages>...`: writes the standalone crate of every page under
//! `<pages>` (folders or files) into `<dir>`, the crate `tests/corpus.rs` builds, with the same
//! writer (`tests/standalone.rs`); files whose contents did not change are not rewritten, so an
//! incremental build sees only what changed. Prints the number of actions written. A page with
//! an error is named on stderr and fails the run.

#[path = "../../tests/standalone.rs"]
mod standalone;

use smc_codegen::Generator;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(n) => {
            println!("{n}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("write-crate: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<usize, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, name, pages @ ..] = args.as_slice() else {
        return Err("usage: write-crate <dir> <crate-name> <pages>...".into());
    };
    if pages.is_empty() {
        return Err("usage: write-crate <dir> <crate-name> <pages>...".into());
    }
    let specs = Generator::new()
        .load(pages)
        .map_err(|e| format!("reading the pages: {e}"))?;
    let errors: Vec<String> = specs
        .iter()
        .filter(|s| s.failed())
        .flat_map(|s| s.diagnostics().iter().map(ToString::to_string))
        .filter(|d| d.contains(": error: "))
        .collect();
    if !errors.is_empty() {
        return Err(format!("pages with errors:\n{}", errors.join("\n")));
    }
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime
        .canonicalize()
        .map_err(|e| format!("{}: {e}", runtime.display()))?;
    standalone::write_crate(&PathBuf::from(dir), name, &specs, &runtime)
        .map_err(|e| format!("writing {dir}: {e}"))
}
