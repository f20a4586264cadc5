// A page with two errors: each becomes its own `path:line: error:` compile error.
smc_macros::api!("ui/pages/bad_request_table.md");

fn main() {}
