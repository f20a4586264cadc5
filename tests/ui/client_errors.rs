// `client!` on a folder none of whose pages lowers, on a missing folder, and with an
// argument it does not take: one clear error each.
mod bad {
    smc_macros::client!("ui/pages");
}
mod missing {
    smc_macros::client!("ui/no_such_folder");
}
mod renamed {
    smc_macros::client!("ui/pages", rename = "Other");
}

fn main() {}
