//! A user crate that generates its clients from its own API reference pages.
//!
//! - [`smc`]: `specs/smc/` holds one page of the SMC product. [`smc_macros::client!`] expands
//!   that folder into the product's own client type, [`smc::Client`] (built from a shared
//!   `smc_runtime::Config`, reaching the host its pages show, `smc.aliyuncs.com`), and
//!   [`smc_macros::api!`] expands `specs/smc/StartReplicationJob.md` into the
//!   [`smc::start_replication_job`] module and [`smc::Client::start_replication_job`].
//! - A hand-written [`Client`] (any type with `AsRef<smc_runtime::Client>` works) gets the
//!   actions of the hand-written IR `ir/ExerciseEveryShape.json` (every shape the generator
//!   supports), expanded by [`smc_macros::api_ir!`] into [`exercise_every_shape`], and of
//!   `specs/acme/ListWidgets.md`, a ROA action whose JSON body is a list, into [`list_widgets`],
//!   and of the hand-written IR `ir/ListGadgets.json` (an invented action paged by `NextToken`)
//!   into [`list_gadgets`], and `ir/DescribeGadget.json` (the same product: one gadget) into
//!   [`describe_gadget`]. The build script finds the response struct those two share
//!   (`Gadget`) and [`smc_macros::api_types!`] expands it once, in [`types`].
//!
//! The tests in `tests/` drive all three through a fake in-process transport.

#![deny(missing_docs)]

/// The SMC product: its generated client and the action of `specs/smc/`.
pub mod smc {
    smc_macros::client!("specs/smc");

    smc_macros::api!(
        "specs/smc/StartReplicationJob.md",
        client = crate::smc::Client
    );
}

/// The user's own client: wraps the runtime client; generated methods are added to it.
#[derive(Debug, Clone)]
pub struct Client(pub smc_runtime::Client);

impl AsRef<smc_runtime::Client> for Client {
    fn as_ref(&self) -> &smc_runtime::Client {
        &self.0
    }
}

smc_macros::api_ir!("ir/ExerciseEveryShape.json", client = crate::Client);

smc_macros::api_types!("ir/_types.json");

smc_macros::api_ir!(
    "ir/ListGadgets.json",
    client = crate::Client,
    types = "ir/_types.json"
);

smc_macros::api_ir!(
    "ir/DescribeGadget.json",
    client = crate::Client,
    types = "ir/_types.json"
);

smc_macros::api!("specs/acme/ListWidgets.md", client = crate::Client);
