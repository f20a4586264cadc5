//! What a proc macro expands to when it cannot generate code: one `compile_error!` per
//! problem, each naming `path:line`, and nothing else that would cause follow-up errors.

use crate::diag::{Diagnostic, Severity};
use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// `compile_error!("message")`, located at `span`.
pub fn compile_error(message: &str, span: Span) -> TokenStream {
    quote_spanned!(span=> ::core::compile_error!(#message);)
}

/// One `compile_error!` per error diagnostic (`path:line: error: message [kind]`); warnings
/// are skipped. Empty when there is no error.
pub fn compile_errors(diagnostics: &[Diagnostic], span: Span) -> TokenStream {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| compile_error(&d.to_string(), span))
        .collect()
}
