//! The `smc` crate's cargo features pick its products: built with `--no-default-features
//! --features ecs`, it holds the `ecs` module and client only (no `smc` module, no root
//! re-export), and the build script said nothing about undeclared features.
//!
//! Slow (a separate build of the `smc` crate and its dependencies): run by `.ci/run` with
//! `--include-ignored`, or by hand with
//! `cargo test -p smc-tests --test features -- --include-ignored`.

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "slow: builds the smc crate with one product's feature"]
fn one_products_feature_builds_that_product_alone() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "-p",
            "smc",
            "--no-default-features",
            "--features",
            "ecs",
            "--message-format=json",
        ])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target/features-check"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the ecs-only build failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let messages: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let out_dir = messages
        .iter()
        .filter(|m| m["reason"] == "build-script-executed")
        .find(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|id| id.contains("generated#smc@"))
        })
        .and_then(|m| m["out_dir"].as_str())
        .expect("the smc build script ran")
        .to_string();
    let apis = std::fs::read_to_string(Path::new(&out_dir).join("apis.rs")).unwrap();
    let modules: Vec<&str> = apis.lines().filter(|l| l.starts_with("pub mod ")).collect();
    assert_eq!(modules, ["pub mod ecs {"], "{apis}");
    assert!(apis.contains("api_ir!(\"ir/ecs/DescribeRegions.json\""));
    assert!(!apis.contains("ir/smc/"), "{apis}");
    // Every product in specs/ has its feature declared: no build-script warning asks for one
    // (cargo prints those on stderr when the script runs).
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("declares no feature"), "{stderr}");
}
