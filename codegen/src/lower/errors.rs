//! The error table: one [`ErrorCode`] per documented row. Rows of one code (the vendor often
//! lists a code several times, with one message per situation) share one variant name; only a
//! row that repeats an earlier one exactly is dropped, with a warning.

use super::table::{cell, cell_line, ErrorColumns};
use super::Ctx;
use crate::dialect::Section;
use crate::ir::ErrorCode;
use std::collections::HashMap;

/// Reads the error codes of `section` (none when the page has no error table).
pub(crate) fn lower(section: Option<&Section>, ctx: &mut Ctx<'_>) -> Vec<ErrorCode> {
    let Some(section) = section else {
        return Vec::new();
    };
    let mut out: Vec<ErrorCode> = Vec::new();
    // Index in `out` of each code's first row, keyed by the code as written on the page.
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for tbl in &section.tables {
        let Some(cols) = ErrorColumns::of(&tbl.header) else {
            continue;
        };
        for row in tbl.rows() {
            let row = &row;
            let code = cell(row, cols.code).trim();
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
            let message = cell(row, cols.message);
            let description = cell(row, cols.description);
            let variant = match first_of.get(code).and_then(|&i| out.get(i)) {
                // A code seen before shares its variant, unless the row repeats one exactly.
                Some(first) => {
                    let same = out.iter().find(|e| {
                        e.code == code && e.message == message && e.http_status == http_status
                    });
                    if let Some(same) = same {
                        ctx.diags.warn(
                            cell_line(row, cols.code),
                            "duplicate-error-code",
                            format!(
                                "error row repeats line {} (same code `{code}`, status and message); dropped",
                                same.line
                            ),
                        );
                        continue;
                    }
                    first.variant.clone()
                }
                None => {
                    let variant = ctx.variant_name(code);
                    first_of.insert(code, out.len());
                    variant
                }
            };
            out.push(ErrorCode {
                http_status,
                code: code.to_string(),
                variant,
                message: message.to_string(),
                description: description.to_string(),
                line: row.line,
            });
        }
    }
    out
}
