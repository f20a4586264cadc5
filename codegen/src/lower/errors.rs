//! The error table: one [`ErrorCode`] per distinct code, with a unique variant name.

use super::table::{cell, cell_line, ErrorColumns};
use super::Ctx;
use crate::dialect::Section;
use crate::ident;
use crate::ir::ErrorCode;
use std::collections::HashSet;

/// Variant names the generated error enum already uses.
const RESERVED: &[&str] = &["Unhandled"];

/// Reads the error codes of `section` (none when the page has no error table).
pub(crate) fn lower(section: Option<&Section>, ctx: &mut Ctx<'_>) -> Vec<ErrorCode> {
    let Some(section) = section else {
        return Vec::new();
    };
    let mut out: Vec<ErrorCode> = Vec::new();
    let mut variants: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    for tbl in &section.tables {
        let Some(cols) = ErrorColumns::of(&tbl.header) else {
            continue;
        };
        for row in &tbl.rows {
            let code = cell(row, cols.code).trim().to_string();
            if code.is_empty() {
                ctx.diags.warn(
                    row.line,
                    "empty-error-code",
                    "error row without a code; skipped",
                );
                continue;
            }
            let status_text = cell(row, cols.status);
            let http_status = status_text
                .trim()
                .get(..3)
                .and_then(|s| s.parse::<u16>().ok());
            let message = cell(row, cols.message).to_string();
            if let Some(first) = out.iter().find(|e| e.code == code) {
                if first.message != message || first.http_status != http_status {
                    ctx.diags.warn(
                        cell_line(row, cols.code),
                        "duplicate-error-code",
                        format!(
                            "error code `{code}` repeats (first on line {}) with a different \
                             message or status; the first is kept",
                            first.line
                        ),
                    );
                }
                continue;
            }
            let base = ident::variant_name(&code);
            let mut variant = base.clone();
            let mut n = 2;
            while !variants.insert(variant.clone()) {
                variant = format!("{base}{n}");
                n += 1;
            }
            out.push(ErrorCode {
                http_status,
                code,
                variant,
                message,
                description: cell(row, cols.description).to_string(),
                line: row.line,
            });
        }
    }
    out
}
