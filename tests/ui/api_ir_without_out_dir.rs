// `api_ir!` reads below OUT_DIR, which only exists for crates with a build script.
smc_macros::api_ir!("ir/smc/StopReplicationJob.json");

fn main() {}
