// Malformed macro arguments are reported at the offending token.
smc_macros::api!(42);
smc_macros::api!("ui/pages/bad_request_table.md", colour = crate::Client);
smc_macros::api!("ui/pages/bad_request_table.md", client = crate::A, client = crate::B);

fn main() {}
