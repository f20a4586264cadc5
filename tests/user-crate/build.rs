//! Copies the hand-written IR fixtures from `ir/` to `OUT_DIR/ir/`, where `api_ir!` reads
//! them (the `smc` crate's build.rs lowers pages instead; this crate only proves the macro).

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
    if let Err(e) = copy_dir(&from, &to) {
        eprintln!("copying {} to {}: {e}", from.display(), to.display());
        std::process::exit(1);
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}
