//! Identifier conversion and keyword escaping.
