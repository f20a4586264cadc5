//! Copies the hand-written IR fixtures from `ir/` to `OUT_DIR/ir/`, where `api_ir!` reads
//! them (the `smc` crate's build.rs lowers pages instead; this crate only proves the macros),
//! and writes `OUT_DIR/ir/_types.json`: the response structs those actions share, found by
//! `smc_codegen::Generator::shared_types`, for `api_types!`.

use smc_codegen::Generator;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=ir");
    let (Some(manifest), Some(out)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        eprintln!("CARGO_MANIFEST_DIR and OUT_DIR must be set (run through cargo)");
        std::process::exit(1);
    };
    let from = Path::new(&manifest).join("ir");
    let to = Path::new(&out).join("ir");
    if let Err(e) = copy_and_share(&from, &to) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

/// Copies every fixture of `from` into `to` and writes their shared types next to them.
fn copy_and_share(from: &Path, to: &Path) -> Result<(), String> {
    let generator = Generator::new();
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let mut apis = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", from.display()))?
            .path();
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.file_name().unwrap_or_default();
        std::fs::write(to.join(name), &bytes).map_err(|e| format!("{}: {e}", to.display()))?;
        let api = generator
            .read_ir(&path.display().to_string(), &bytes)
            .map_err(|d| d.to_string())?;
        apis.push(api);
    }
    let apis: Vec<_> = apis.iter().collect();
    let shared = generator.shared_types(&apis);
    let file = to.join("_types.json");
    std::fs::write(&file, shared.to_json()).map_err(|e| format!("{}: {e}", file.display()))
}
