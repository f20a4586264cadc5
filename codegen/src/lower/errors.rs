//! The error table: one [`ErrorCode`] per documented row. Rows of one code (the vendor often
//! lists a code several times, with one message per situation) share one variant name; only a
//! row that repeats an earlier one exactly is dropped, with a warning.

use super::table::{cell, cell_line, ErrorColumns};
use super::Ctx;
use crate::dialect::{Row, Section};
use crate::ir::ErrorCode;

/// Reads the error codes of `section` (none when the page has no error table).
pub(crate) fn lower(section: Option<&Section>, ctx: &mut Ctx<'_>) -> Vec<ErrorCode> {
    let Some(section) = section else {
        return Vec::new();
    };
    let mut out: Vec<ErrorCode> = Vec::new();
    for tbl in &section.tables {
        let Some(cols) = ErrorColumns::of(&tbl.header) else {
            continue;
        };
        for row in tbl.rows() {
            if let Some(error) = read_row(row, &cols, &out, ctx) {
                out.push(error);
            }
        }
    }
    out
}

/// The error code of a row, with the variant of the `earlier` rows of its code if any; `None`,
/// with a warning, for a row without a code or one that repeats an earlier row exactly.
fn read_row(
    row: &Row,
    cols: &ErrorColumns,
    earlier: &[ErrorCode],
    ctx: &mut Ctx<'_>,
) -> Option<ErrorCode> {
    let code = cell(row, cols.code).trim();
    if code.is_empty() {
        let message = "error row without a code; skipped";
        ctx.diags.warn(row.line, "empty-error-code", message);
        return None;
    }
    let http_status = cell(row, cols.status)
        .trim()
        .get(..3)
        .and_then(|s| s.parse::<u16>().ok());
    let message = cell(row, cols.message);
    let variant = match earlier.iter().find(|e| e.code == code) {
        Some(first) => {
            let repeated = earlier
                .iter()
                .find(|e| e.code == code && e.message == message && e.http_status == http_status);
            if let Some(same) = repeated {
                ctx.diags.warn(
                    cell_line(row, cols.code),
                    "duplicate-error-code",
                    format!(
                        "error row repeats line {} (same code `{code}`, status and message); dropped",
                        same.line
                    ),
                );
                return None;
            }
            first.variant.clone()
        }
        None => ctx.variant_name(code),
    };
    Some(ErrorCode {
        http_status,
        code: code.to_string(),
        variant,
        message: message.to_string(),
        description: cell(row, cols.description).to_string(),
        line: row.line,
    })
}
