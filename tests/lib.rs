//! Support shared by the workspace-level tests (`tests/*.rs`) and the user-crate tests:
//! independent oracles for the vendor's wire rules, written without the runtime so that tests
//! never check the runtime against itself. Dependency-free on purpose.

pub mod oracle;
pub mod percent;
