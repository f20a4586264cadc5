//! The dialect reader: markdown bytes become a [`Page`] of sections, tables and samples.

/// A page read from markdown.
#[derive(Debug, Clone, Default)]
pub struct Page {}
