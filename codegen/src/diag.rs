//! Diagnostics: every problem found in a page, collected rather than first-error-only.
//!
//! Each diagnostic names the page and the 1-based line it is about, and prints as
//! `path:line: warning|error: message`, the format editors and CI logs understand.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is: errors stop code generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A real inconsistency in the page; code is still generated.
    Warning,
    /// The page cannot be turned into code.
    Error,
}

/// One problem with a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path of the page as given by the caller (e.g. `specs/smc/StopReplicationJob.md`).
    pub path: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    /// Warning or error.
    pub severity: Severity,
    /// Short stable kind, e.g. `summary-verb`, used to count diagnostics per kind.
    pub kind: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}: {}: {} [{}]",
            self.path,
            self.line.max(1),
            sev,
            self.message,
            self.kind
        )
    }
}

/// Collects diagnostics for one page (the serde_derive `Ctxt` pattern).
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    path: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// A collector for the page at `path`.
    pub fn new(path: impl Into<String>) -> Self {
        Diagnostics {
            path: path.into(),
            items: Vec::new(),
        }
    }

    /// The page path diagnostics are reported against.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Records a warning at `line`.
    pub fn warn(&mut self, line: usize, kind: &'static str, message: impl Into<String>) {
        self.push(line, Severity::Warning, kind, message.into());
    }

    /// Records an error at `line`.
    pub fn error(&mut self, line: usize, kind: &'static str, message: impl Into<String>) {
        self.push(line, Severity::Error, kind, message.into());
    }

    fn push(&mut self, line: usize, severity: Severity, kind: &'static str, message: String) {
        self.items.push(Diagnostic {
            path: self.path.clone(),
            line,
            severity,
            kind,
            message,
        });
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics recorded so far, in the order found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Consumes the collector, returning its diagnostics sorted by line.
    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| d.line);
        self.items
    }
}
