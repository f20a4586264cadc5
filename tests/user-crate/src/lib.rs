//! A user crate that generates its client from its own API reference page.
//!
//! `specs/smc/StartReplicationJob.md` is expanded by [`smc_macros::api!`] into the
//! [`start_replication_job`] module and [`Client::start_replication_job`]; the hand-written
//! IR `ir/ExerciseEveryShape.json` (every shape the generator supports) is expanded by
//! [`smc_macros::api_ir!`] into [`exercise_every_shape`]; `specs/acme/ListWidgets.md`, a ROA
//! action whose JSON body is a list, into [`list_widgets`]. The tests in `tests/` drive all three
//! through a fake in-process transport.

#![deny(missing_docs)]

/// The user's client: wraps the runtime client; generated methods are added to it.
#[derive(Debug, Clone)]
pub struct Client(pub smc_runtime::Client);

impl AsRef<smc_runtime::Client> for Client {
    fn as_ref(&self) -> &smc_runtime::Client {
        &self.0
    }
}

smc_macros::api!("specs/smc/StartReplicationJob.md", client = crate::Client);

smc_macros::api_ir!("ir/ExerciseEveryShape.json", client = crate::Client);

smc_macros::api!("specs/acme/ListWidgets.md", client = crate::Client);
