//! How deep input may nest: every tree the toolkit builds from input (request parameters,
//! response fields, samples, IR files) is walked by recursive code (lowering, emission, serde,
//! `Drop`), so its depth is bounded where it is read, with a `too-deep` error, and no input can
//! exhaust the stack. A stack overflow aborts the process: the proc macros' `catch_unwind`
//! cannot turn it into a compile error.

use crate::diag::Diagnostics;
use crate::ir::{Api, Field, Param, Type};

/// How many levels a page's request parameters (`A.B.C`, `└` rows, body members), response
/// fields (nested rows) and JSON/XML samples may nest. The real pages nest at most 10 levels
/// (a JSON sample's list counts one level, its objects another); deeper is a `too-deep` error.
pub const MAX_DEPTH: usize = 32;

/// How many levels of JSON an IR file may nest: an IR lowered from a page nests two levels of
/// JSON per level of parameters or fields (an object and its `children`), and a few around them.
pub(crate) const MAX_IR_JSON_DEPTH: usize = 2 * MAX_DEPTH + 8;

/// How deep a type of an IR file may nest (`List` of `List` of ...): lowering writes at most a
/// list of structs or scalars. Each level costs the emitted code's parser and formatter tens
/// of KiB of stack (a debug build), far more than a level of structs, which are emitted side
/// by side.
pub(crate) const MAX_TYPE_DEPTH: usize = 4;

/// The diagnostic kind of input nested deeper than the bound.
pub(crate) const KIND: &str = "too-deep";

/// The message of a `too-deep` diagnostic: `{what} nests deeper than {limit} levels`.
pub(crate) fn message(what: &str, limit: usize) -> String {
    format!("{what} nests deeper than {limit} levels; it is not read, so that no input can exhaust the stack")
}

/// Records a `too-deep` error at `line`: `what` nests deeper than [`MAX_DEPTH`].
pub(crate) fn report(diags: &mut Diagnostics, line: usize, what: &str) {
    diags.error(line, KIND, message(what, MAX_DEPTH));
}

/// `name` cut to a length a diagnostic can show (a name thousands of levels deep is long).
pub(crate) fn shorten(name: &str) -> String {
    const KEEP: usize = 60;
    match name.char_indices().nth(KEEP) {
        Some((at, _)) => format!("{}…", name.get(..at).unwrap_or(name)),
        None => name.to_string(),
    }
}

/// The byte offset in the JSON `text` of the first `{` or `[` that opens a level deeper than
/// `limit`, brackets inside strings not counted; `None` when the text stays within the bound.
/// A scan of the text, so that it can run before a parser that recurses per level.
pub(crate) fn json_too_deep(text: &[u8], limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, &byte) in text.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return Some(at);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// What in `api` nests deeper than an IR may (parameters or fields deeper than [`MAX_DEPTH`],
/// a type deeper than [`MAX_TYPE_DEPTH`]), as `(what, limit)` for the message; `None` when
/// it stays within the bounds. Walks the trees with a stack of its own, not by recursion.
pub(crate) fn ir_too_deep(api: &Api) -> Option<(String, usize)> {
    tree_too_deep(&api.request, "parameter")
        .or_else(|| tree_too_deep(&api.response, "response field"))
}

/// A request parameter or a response field: a node of the trees [`ir_too_deep`] walks.
trait Member: Sized {
    fn wire(&self) -> &str;
    fn ty(&self) -> &Type;
    fn children(&self) -> &[Self];
}

impl Member for Param {
    fn wire(&self) -> &str {
        &self.wire_name
    }
    fn ty(&self) -> &Type {
        &self.ty
    }
    fn children(&self) -> &[Self] {
        &self.children
    }
}

impl Member for Field {
    fn wire(&self) -> &str {
        &self.wire_name
    }
    fn ty(&self) -> &Type {
        &self.ty
    }
    fn children(&self) -> &[Self] {
        &self.children
    }
}

/// The first member of the tree `roots` (of `item`s) that is too deep or has a type that
/// nests too deep, as `(what, limit)`.
fn tree_too_deep<T: Member>(roots: &[T], item: &str) -> Option<(String, usize)> {
    let mut todo: Vec<(usize, &T)> = roots.iter().map(|m| (1, m)).collect();
    while let Some((depth, member)) = todo.pop() {
        let name = shorten(member.wire());
        if depth > MAX_DEPTH {
            return Some((format!("{item} `{name}`"), MAX_DEPTH));
        }
        if type_depth(member.ty()) > MAX_TYPE_DEPTH {
            return Some((format!("the type of {item} `{name}`"), MAX_TYPE_DEPTH));
        }
        todo.extend(member.children().iter().map(|c| (depth + 1, c)));
    }
    None
}

/// How many levels `ty` has: 1 for a scalar or struct, one more per `List`.
fn type_depth(mut ty: &Type) -> usize {
    let mut levels = 1;
    while let Type::List { item } = ty {
        ty = item;
        levels += 1;
    }
    levels
}

/// 0-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &[u8], offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    memchr::memchr_iter(b'\n', before).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_counts_brackets_outside_strings() {
        let scan = |text: &str, limit| json_too_deep(text.as_bytes(), limit);
        assert_eq!(scan(r#"{"a": [1, {"b": 2}]}"#, 3), None);
        assert_eq!(scan(r#"{"a": [1, {"b": 2}]}"#, 2), Some(10));
        assert_eq!(scan(r#"{"a": "[[[[\"{{{{"}"#, 1), None);
        assert_eq!(scan("[[]] [[]]", 2), None);
        assert_eq!(scan("]]]][[", 1), Some(5));
        assert_eq!(scan(&"[".repeat(10_000), MAX_DEPTH), Some(MAX_DEPTH));
    }

    #[test]
    fn lines_and_names_for_messages() {
        assert_eq!(line_of(b"a\nb\nc", 4), 2);
        assert_eq!(line_of(b"a\nb", 99), 1);
        assert_eq!(shorten("A.B"), "A.B");
        let long = "A.".repeat(100);
        assert_eq!(shorten(&long).chars().count(), 61);
        assert!(shorten(&"é".repeat(100)).ends_with('…'));
    }
}
