// A page that does not exist: one compile error naming the path.
smc_macros::api!("ui/pages/does_not_exist.md");

fn main() {}
