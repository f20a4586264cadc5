//! Support shared by the workspace-level tests (`tests/*.rs`) and the user-crate tests:
//! independent oracles for the vendor's wire rules, written without the runtime so that tests
//! never check the runtime against itself, where outside inputs are found ([`inputs`]), and a
//! loopback HTTP server ([`loopback`]).
//! Dependency-free on purpose.

pub mod inputs;
pub mod loopback;
pub mod oracle;
pub mod percent;
