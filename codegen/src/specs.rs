//! Finding spec pages on disk.
