//! Reading parameter and error tables: columns matched by meaning, types and flags parsed.

use crate::dialect::{Cell, Row, Table};
use crate::ir::{Position, Type};

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
            let slot = match key(&cell.text).as_str() {
                "parameter" | "parameters" | "name" | "field" | "parametername" | "fieldname"
                | "attribute" | "attributes" => Some(Col::Name),
                "type" | "datatype" => Some(Col::Ty),
                "position" | "location" | "in" => Some(Col::Position),
                "description" | "meaning" | "remarks" | "note" => Some(Col::Description),
                k if k.starts_with("required") => Some(Col::Required),
                // `Example`, `Example value`, `Sample`, `Sample response`, `Value`.
                k if k.starts_with("example") || k.starts_with("sample") || k == "value" => {
                    Some(Col::Example)
                }
                _ => None,
            };
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
            let col = error_column(&key(&cell.text));
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
    Some(match key(name).as_str() {
        "string" | "str" => Type::String,
        "integer" | "int" | "int32" => Type::Integer,
        "long" | "int64" => Type::Long,
        "boolean" | "bool" => Type::Boolean,
        "float" => Type::Float,
        "double" | "number" => Type::Double,
        _ => return None,
    })
}

/// Generic spellings of containers: `String[]`, `array<string>`, `List<Tag>`, `array<object>`
/// (a list whose element the rows after it describe), `map<string, string>`.
fn generic(t: &str) -> Option<DocType> {
    if let Some(item) = t.strip_suffix("[]") {
        let item = item.trim();
        return (!item.is_empty()).then(|| DocType::ArrayOf(item.to_string()));
    }
    let (outer, rest) = t.split_once('<')?;
    let inner = rest.strip_suffix('>')?.trim();
    match outer.trim().to_ascii_lowercase().as_str() {
        "array" | "list" => {
            let element_rows =
                inner.is_empty() || matches!(key(inner).as_str(), "object" | "struct");
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
        let t = text.trim();
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
        match key(t).as_str() {
            "repeatlist" | "list" | "array" => DocType::List,
            "struct" | "object" => DocType::Struct,
            "json" | "map" => DocType::Json,
            _ => DocType::Unknown(t.to_string()),
        }
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
    matches!(
        key(text).as_str(),
        "yes" | "true" | "required" | "y" | "mandatory"
    )
}

/// The `Position` column: Query (default), Body, Path, Header.
pub(crate) fn position(text: &str) -> Option<Position> {
    Some(match key(text).as_str() {
        "query" | "" => Position::Query,
        "body" | "formdata" | "form" => Position::Body,
        "path" => Position::Path,
        "header" => Position::Header,
        _ => return None,
    })
}

/// An optional example: empty cells become `None`.
pub(crate) fn example(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

/// A name cell read as `(depth, name)`: the depth is the number of `└` marks, the name the
/// text without marks and backticks, trimmed.
pub(crate) fn row_name(raw: &str) -> (usize, String) {
    let depth = raw.matches('└').count();
    let name: String = raw.chars().filter(|&c| c != '└' && c != '`').collect();
    (depth, name.trim().to_string())
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
    fn parses_spelled_out_lists() {
        assert_eq!(key("Required?"), "required");
        assert_eq!(
            DocType::parse("ARRAY OF Tag"),
            DocType::ArrayOf("Tag".into())
        );
        assert_eq!(DocType::parse("list of  x "), DocType::ArrayOf("x".into()));
        assert_eq!(DocType::parse("Array"), DocType::List);
    }

    #[test]
    fn reads_name_cells() {
        let read = |raw| {
            let (depth, name) = row_name(raw);
            (depth, name.to_string())
        };
        assert_eq!(read(" JobId "), (0, "JobId".into()));
        assert_eq!(read("└└ `Key` "), (2, "Key".into()));
        assert_eq!(read("€x"), (0, "€x".into()));
        assert_eq!(read("`"), (0, "".into()));
        assert_eq!(read("└ A`B └"), (2, "AB".into()));
        assert_eq!(read(" └ `\u{a0}` "), (1, "".into()));
    }

    #[test]
    fn error_headers_match_by_words() {
        let column = |header| error_column(&key(header));
        assert_eq!(column("HTTP status code"), Some(0));
        assert_eq!(column("Status code"), Some(0));
        assert_eq!(column("Error code"), Some(1));
        assert_eq!(column("Error information"), Some(2));
        assert_eq!(column("Message"), Some(2));
        assert_eq!(column("Meaning"), Some(3));
        // A misspelt status header still names a code.
        assert_eq!(column("HTTP stauts code"), Some(0));
        assert_eq!(column("Remarks"), None);
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
