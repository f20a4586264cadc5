//! The expected wire shape of a request value, written by hand, and the vendor's naming rules
//! (`Name.1`, `Tag.1.Key`, `SystemDisk.Category`, absent values omitted).

use std::collections::HashMap;

/// Flattened wire parameters: `(name, value)` pairs.
pub type Params = Vec<(String, String)>;

/// The wire shape of one value, as the vendor's documentation describes it.
#[derive(Debug)]
pub enum Wire {
    /// `None`: not sent at all.
    Absent,
    /// One `name=value` pair.
    Scalar(String),
    /// `name.1`, `name.2`, … (1-based); an empty list sends nothing.
    List(Vec<Wire>),
    /// `name.Member` for each member (members named at the top level have no prefix).
    Struct(Vec<(&'static str, Wire)>),
}

/// A string value.
pub fn text(s: &str) -> Wire {
    Wire::Scalar(s.to_owned())
}

/// An integer: plain decimal (`-5`, `0`, `2147483647`), what `Display` prints.
pub fn int(v: impl std::fmt::Display) -> Wire {
    Wire::Scalar(v.to_string())
}

/// A flag: `true` / `false`.
pub fn boolean(v: bool) -> Wire {
    Wire::Scalar(if v { "true" } else { "false" }.to_owned())
}

/// An optional string.
pub fn opt_text(v: &Option<String>) -> Wire {
    v.as_deref().map_or(Wire::Absent, text)
}

/// An optional integer.
pub fn opt_int<T: std::fmt::Display>(v: &Option<T>) -> Wire {
    v.as_ref().map_or(Wire::Absent, int)
}

/// An optional flag.
pub fn opt_bool(v: &Option<bool>) -> Wire {
    v.map_or(Wire::Absent, boolean)
}

/// An optional float: the shortest decimal text that reads back as the same number.
pub fn opt_float(v: &Option<f64>) -> Wire {
    v.map_or(Wire::Absent, |v| Wire::Scalar(format!("{v}")))
}

/// A list whose items map through `f`.
pub fn list<T>(items: &[T], f: impl Fn(&T) -> Wire) -> Wire {
    Wire::List(items.iter().map(f).collect())
}

/// The vendor's naming rules: `prefix.Member`, `prefix.<1-based index>`, absent omitted.
pub fn flatten_into(prefix: Option<&str>, wire: &Wire, out: &mut Params) {
    let child = |name: &str| match prefix {
        Some(p) => format!("{p}.{name}"),
        None => name.to_owned(),
    };
    match wire {
        Wire::Absent => {}
        Wire::Scalar(v) => out.push((prefix.unwrap_or_default().to_owned(), v.clone())),
        Wire::List(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_into(Some(&child(&(i + 1).to_string())), item, out);
            }
        }
        Wire::Struct(members) => {
            for (name, member) in members {
                flatten_into(Some(&child(name)), member, out);
            }
        }
    }
}

/// Expected params of a top-level request, sorted.
pub fn expected(wire: &Wire) -> Params {
    let mut out = Vec::new();
    flatten_into(None, wire, &mut out);
    out.sort();
    out
}

/// Length of every list in `wire`, keyed by its concrete name (`DataDisk.3.Part` → 11).
pub fn list_lengths(prefix: Option<&str>, wire: &Wire, out: &mut HashMap<String, usize>) {
    let child = |name: &str| match prefix {
        Some(p) => format!("{p}.{name}"),
        None => name.to_owned(),
    };
    match wire {
        Wire::Absent | Wire::Scalar(_) => {}
        Wire::List(items) => {
            out.insert(prefix.unwrap_or_default().to_owned(), items.len());
            for (i, item) in items.iter().enumerate() {
                list_lengths(Some(&child(&(i + 1).to_string())), item, out);
            }
        }
        Wire::Struct(members) => {
            for (name, member) in members {
                list_lengths(Some(&child(name)), member, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_get_one_based_dotted_names() {
        let wire = Wire::Struct(vec![
            ("Id", text("x")),
            ("Gone", Wire::Absent),
            (
                "DataDisk",
                list(&[2], |_| {
                    Wire::Struct(vec![("Part", list(&[true], |b| boolean(*b)))])
                }),
            ),
        ]);
        assert_eq!(
            expected(&wire),
            vec![
                ("DataDisk.1.Part.1".to_string(), "true".to_string()),
                ("Id".to_string(), "x".to_string()),
            ]
        );
        let mut lengths = HashMap::new();
        list_lengths(None, &wire, &mut lengths);
        assert_eq!(lengths.get("DataDisk"), Some(&1));
        assert_eq!(lengths.get("DataDisk.1.Part"), Some(&1));
    }
}
