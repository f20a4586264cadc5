//! `smc-codegen`: turns Alibaba Cloud API reference pages (markdown) into Rust client code.
//!
//! Data flows one way: [`dialect`] reads a page into a [`dialect::Page`] (sections, tables,
//! samples, each with source lines); [`lower`] turns it into the typed [`ir::Api`], checking
//! it as it goes and collecting [`diag::Diagnostic`]s; [`emit`] turns an `Api` into tokens
//! that the `smc-macros` proc macro returns and that [`render`] pretty-prints.
//!
//! [`Generator`] is the one entry point over all of it: build scripts, the proc macros, the
//! `smc-codegen` binary and the tests find, lower, name and emit pages through it. Every Rust
//! name either side writes is decided by the rules of one module, `names`.

mod depth;
pub mod diag;
pub mod dialect;
pub mod emit;
mod generator;
pub mod ident;
pub mod ir;
pub mod lower;
mod names;
pub mod product;
pub mod render;
mod specs;

pub use generator::{Generator, Spec};
