//! Reading parameter and error tables: columns matched by meaning, types and flags parsed.

use super::trimmed;
use crate::dialect::{Cell, Row, Table};
use crate::ir::{Position, Type};
use std::borrow::Cow;

/// Column indexes of a parameter table, matched by header meaning.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Columns {
    pub name: Option<usize>,
    pub ty: Option<usize>,
    pub required: Option<usize>,
    pub example: Option<usize>,
    pub description: Option<usize>,
    pub position: Option<usize>,
}

/// Column indexes of an error table.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ErrorColumns {
    pub status: Option<usize>,
    pub code: Option<usize>,
    pub message: Option<usize>,
    pub description: Option<usize>,
}

/// Header text reduced to lowercase ASCII letters and digits (`Required?` → `required`).
pub(crate) fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Calls `f` with the bytes of [`key`]`(text)`, built on the stack when it is short (the
/// cells matched per row — types, flags, positions — almost always are). Bytes, not a `str`:
/// the key is matched against literals, and checking it is UTF-8 cost more than the match.
pub(crate) fn with_key<R>(text: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let mut buf = [0u8; 32];
    let mut len = 0;
    for b in text.bytes().filter(u8::is_ascii_alphanumeric) {
        match buf.get_mut(len) {
            Some(slot) => *slot = b.to_ascii_lowercase(),
            None => return f(key(text).as_bytes()),
        }
        len += 1;
    }
    f(buf.get(..len).unwrap_or_default())
}

/// The parameter-table columns a header cell can name.
#[derive(Clone, Copy)]
enum Col {
    Name,
    Ty,
    Position,
    Description,
    Required,
    Example,
}

impl Columns {
    /// Matches the header of a parameter table; `None` unless it has a name column.
    pub fn of(header: &[Cell]) -> Option<Columns> {
        let mut c = Columns::default();
        for (i, cell) in header.iter().enumerate() {
            let slot = with_key(&cell.text, |k| match k {
                b"parameter" | b"parameters" | b"name" | b"field" | b"parametername"
                | b"fieldname" => Some(Col::Name),
                b"type" | b"datatype" => Some(Col::Ty),
                b"position" | b"location" | b"in" => Some(Col::Position),
                b"description" | b"meaning" | b"remarks" | b"note" => Some(Col::Description),
                k if k.starts_with(b"required") => Some(Col::Required),
                k if k.starts_with(b"example") || k == b"sample" || k == b"value" => {
                    Some(Col::Example)
                }
                _ => None,
            });
            let slot = match slot {
                Some(Col::Name) => &mut c.name,
                Some(Col::Ty) => &mut c.ty,
                Some(Col::Position) => &mut c.position,
                Some(Col::Description) => &mut c.description,
                Some(Col::Required) => &mut c.required,
                Some(Col::Example) => &mut c.example,
                None => continue,
            };
            slot.get_or_insert(i);
        }
        c.name.map(|_| c)
    }
}

/// The error-table column a header key names: 0 status, 1 code, 2 message, 3 description.
fn error_column(key: &str) -> Option<u8> {
    match key {
        // The usual headers, matched without substring searches; each gets the column the
        // searches below would give it.
        "httpstatuscode" | "httpcode" | "http" | "statuscode" => Some(0),
        "errorcode" | "code" => Some(1),
        "errormessage" | "message" | "errorinformation" => Some(2),
        "description" | "meaning" => Some(3),
        k if k.contains("http") || k.contains("status") => Some(0),
        k if k.contains("code") => Some(1),
        k if k.contains("message") || k.contains("information") => Some(2),
        k if k.contains("description") || k.contains("meaning") => Some(3),
        _ => None,
    }
}

impl ErrorColumns {
    /// Matches the header of an error table; `None` unless it has an error-code column.
    pub fn of(header: &[Cell]) -> Option<ErrorColumns> {
        let mut c = ErrorColumns::default();
        for (i, cell) in header.iter().enumerate() {
            let col = with_key(&cell.text, |k| error_column(std::str::from_utf8(k).ok()?));
            let slot = match col {
                Some(0) => &mut c.status,
                Some(1) => &mut c.code,
                Some(2) => &mut c.message,
                Some(3) => &mut c.description,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c.code.map(|_| c)
    }
}

/// Text of the cell at `col` in `row` (empty when the column or cell is missing).
pub(crate) fn cell(row: &Row, col: Option<usize>) -> &str {
    col.and_then(|i| row.cells.get(i))
        .map(|c| &*c.text)
        .unwrap_or("")
}

/// Line of the cell at `col`, falling back to the row's line.
pub(crate) fn cell_line(row: &Row, col: Option<usize>) -> usize {
    col.and_then(|i| row.cells.get(i))
        .map(|c| c.line)
        .filter(|&l| l > 0)
        .unwrap_or(row.line)
}

/// The first table in `tables` whose header `accept`s.
pub(crate) fn find<C>(
    tables: &[Table],
    accept: impl Fn(&[Cell]) -> Option<C>,
) -> Option<(&Table, C)> {
    tables
        .iter()
        .find_map(|t| accept(&t.header).map(|c| (t, c)))
}

/// A documented type as written in the Type column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DocType {
    /// No type given (a bare struct row, or a missing cell).
    Missing,
    /// A scalar type.
    Scalar(Type),
    /// `RepeatList`, `List`, `Array`: a list of unstated items.
    List,
    /// `Array of X` / `List of X`: `X` as written.
    ArrayOf(String),
    /// `Struct`, `Object`.
    Struct,
    /// `Json`, `Map`.
    Json,
    /// Anything else, as written.
    Unknown(String),
}

/// Parses a scalar type name.
pub(crate) fn scalar(name: &str) -> Option<Type> {
    with_key(name, |k| {
        Some(match k {
            b"string" | b"str" => Type::String,
            b"integer" | b"int" | b"int32" => Type::Integer,
            b"long" | b"int64" => Type::Long,
            b"boolean" | b"bool" => Type::Boolean,
            b"float" => Type::Float,
            b"double" | b"number" => Type::Double,
            _ => return None,
        })
    })
}

/// Generic spellings of containers: `String[]`, `array<string>`, `List<Tag>`, `array<object>`
/// (a list whose element the rows after it describe), `map<string, string>`.
fn generic(t: &str) -> Option<DocType> {
    if let Some(item) = t.strip_suffix("[]") {
        let item = item.trim();
        return (!item.is_empty()).then(|| DocType::ArrayOf(item.to_string()));
    }
    // Checked first: the search for `<` cost more than the rest of a usual type's parse.
    if !t.ends_with('>') {
        return None;
    }
    let (outer, rest) = t.split_once('<')?;
    let inner = rest.strip_suffix('>')?.trim();
    match outer.trim().to_ascii_lowercase().as_str() {
        "array" | "list" => {
            let element_rows =
                inner.is_empty() || with_key(inner, |k| matches!(k, b"object" | b"struct"));
            Some(if element_rows {
                DocType::List
            } else {
                DocType::ArrayOf(inner.to_string())
            })
        }
        "map" => Some(DocType::Json),
        _ => None,
    }
}

impl DocType {
    /// Parses the Type column.
    pub fn parse(text: &str) -> DocType {
        let t = trimmed(text);
        if t.is_empty() {
            return DocType::Missing;
        }
        if let Some(parsed) = generic(t) {
            return parsed;
        }
        if let Some(ty) = scalar(t) {
            return DocType::Scalar(ty);
        }
        for prefix in ["array of ", "list of "] {
            if t.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            {
                let item = t.get(prefix.len()..).unwrap_or("").trim();
                return DocType::ArrayOf(item.to_string());
            }
        }
        with_key(t, |k| match k {
            b"repeatlist" | b"list" | b"array" => DocType::List,
            b"struct" | b"object" => DocType::Struct,
            b"json" | b"map" => DocType::Json,
            _ => DocType::Unknown(t.to_string()),
        })
    }

    /// True for types whose following rows may be members (`Struct`, `Array of X`, lists).
    pub fn is_container(&self) -> bool {
        match self {
            DocType::Struct | DocType::List => true,
            DocType::ArrayOf(item) => scalar(item).is_none(),
            _ => false,
        }
    }

    /// True for list types.
    pub fn is_list(&self) -> bool {
        matches!(self, DocType::List | DocType::ArrayOf(_))
    }

    /// Element name of `Array of X` when `X` is not a scalar.
    pub fn element_name(&self) -> Option<&str> {
        match self {
            DocType::ArrayOf(item) if scalar(item).is_none() && !item.is_empty() => {
                Some(item.as_str())
            }
            _ => None,
        }
    }

    /// The scalar (or JSON) type of a leaf with this documented type; `None` when unknown.
    pub fn leaf(&self) -> Option<Type> {
        match self {
            DocType::Scalar(t) => Some(t.clone()),
            DocType::List => Some(Type::List {
                item: Box::new(Type::String),
            }),
            DocType::ArrayOf(item) => Some(Type::List {
                item: Box::new(scalar(item).unwrap_or(Type::Json)),
            }),
            DocType::Struct | DocType::Json => Some(Type::Json),
            DocType::Missing | DocType::Unknown(_) => None,
        }
    }
}

/// `Yes`, `yes.`, `true`, `Required` → true; anything else false.
pub(crate) fn required(text: &str) -> bool {
    with_key(text, |k| {
        matches!(k, b"yes" | b"true" | b"required" | b"y" | b"mandatory")
    })
}

/// The `Position` column: Query (default), Body, Path, Header.
pub(crate) fn position(text: &str) -> Option<Position> {
    with_key(text, |k| {
        Some(match k {
            b"query" | b"" => Position::Query,
            b"body" | b"formdata" | b"form" => Position::Body,
            b"path" => Position::Path,
            b"header" => Position::Header,
            _ => return None,
        })
    })
}

/// An optional example: empty cells become `None`.
pub(crate) fn example(text: &str) -> Option<&str> {
    let t = trimmed(text);
    (!t.is_empty()).then_some(t)
}

/// A name cell read as `(depth, name)`: the depth is the number of `└` marks, the name the
/// text without marks and backticks, trimmed. Borrowed unless marks sit inside the name.
pub(crate) fn row_name(raw: &str) -> (usize, Cow<'_, str>) {
    // `└` is U+2514 (bytes E2 94 94): no E2 byte and no backtick means nothing to remove.
    if !raw.bytes().any(|b| b == 0xE2 || b == b'`') {
        return (0, Cow::Borrowed(trimmed(raw)));
    }
    let depth = raw.matches('└').count();
    let is_mark = |c: char| c == '└' || c == '`';
    // Marks usually only lead or trail the name (`└└ Key`, `` `Key` ``): a slice then.
    let inner = raw.trim_matches(|c: char| is_mark(c) || c.is_whitespace());
    if !inner.contains(is_mark) {
        return (depth, Cow::Borrowed(inner));
    }
    let name: String = raw.chars().filter(|&c| c != '└' && c != '`').collect();
    let trimmed = name.trim();
    if trimmed.len() == name.len() {
        (depth, Cow::Owned(name))
    } else {
        (depth, Cow::Owned(trimmed.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types() {
        assert_eq!(DocType::parse("int"), DocType::Scalar(Type::Integer));
        assert_eq!(DocType::parse("Bool"), DocType::Scalar(Type::Boolean));
        assert_eq!(DocType::parse("RepeatList"), DocType::List);
        assert_eq!(
            DocType::parse("Array of ReplicationJob"),
            DocType::ArrayOf("ReplicationJob".into())
        );
        assert_eq!(DocType::parse("Map"), DocType::Json);
        assert_eq!(DocType::parse("Object"), DocType::Struct);
        assert_eq!(DocType::parse("Blob"), DocType::Unknown("Blob".into()));
        assert_eq!(
            DocType::parse("String[]"),
            DocType::ArrayOf("String".into())
        );
        assert_eq!(
            DocType::parse("array<string>"),
            DocType::ArrayOf("string".into())
        );
        assert_eq!(DocType::parse("List<Tag>"), DocType::ArrayOf("Tag".into()));
        assert_eq!(DocType::parse("array<object>"), DocType::List);
        assert_eq!(DocType::parse("map<string, string>"), DocType::Json);
        assert_eq!(DocType::parse("[]"), DocType::Unknown("[]".into()));
        assert!(!DocType::parse("array<string>").is_container());
        assert!(DocType::parse("Array of Tag").is_container());
        assert!(!DocType::parse("Array of String").is_container());
    }

    #[test]
    fn stack_keys_match_heap_keys() {
        let long = "Required ".repeat(8);
        for text in [
            "",
            "Required?",
            "Int 32",
            "ü-Body",
            long.as_str(),
            "a".repeat(32).as_str(),
            "a".repeat(33).as_str(),
        ] {
            assert_eq!(
                with_key(text, <[u8]>::to_vec),
                key(text).into_bytes(),
                "{text:?}"
            );
        }
        assert_eq!(
            DocType::parse("ARRAY OF Tag"),
            DocType::ArrayOf("Tag".into())
        );
        assert_eq!(DocType::parse("list of  x "), DocType::ArrayOf("x".into()));
        assert_eq!(DocType::parse("Array"), DocType::List);
    }

    #[test]
    fn reads_name_cells() {
        assert_eq!(row_name(" JobId "), (0, Cow::Borrowed("JobId")));
        assert_eq!(row_name("└└ `Key` "), (2, Cow::Owned("Key".to_string())));
        assert_eq!(row_name("€x"), (0, Cow::Borrowed("€x")));
        assert_eq!(row_name("`"), (0, Cow::Borrowed("")));
        assert!(matches!(row_name("└ `Key` "), (1, Cow::Borrowed("Key"))));
        assert_eq!(row_name("└ A`B └"), (2, Cow::Owned("AB".to_string())));
        assert_eq!(row_name(" └ `\u{a0}` "), (1, Cow::Borrowed("")));
    }

    #[test]
    fn error_headers_match_by_search() {
        let by_search = |k: &str| {
            if k.contains("http") || k.contains("status") {
                Some(0)
            } else if k.contains("code") {
                Some(1)
            } else if k.contains("message") || k.contains("information") {
                Some(2)
            } else if k.contains("description") || k.contains("meaning") {
                Some(3)
            } else {
                None
            }
        };
        for header in [
            "HTTP status code",
            "HttpCode",
            "HTTP",
            "Status code",
            "Error code",
            "Code",
            "Error message",
            "Message",
            "Error information",
            "Description",
            "Meaning",
            "HTTP stauts code",
            "Remarks",
        ] {
            let k = key(header);
            assert_eq!(error_column(&k), by_search(&k), "{header:?}");
        }
    }

    #[test]
    fn parses_flags() {
        assert!(required("Yes."));
        assert!(required("TRUE"));
        assert!(!required("No"));
        assert!(!required(""));
        assert_eq!(position("Body"), Some(Position::Body));
        assert_eq!(position("cookie"), None);
    }
}
