//! Identifier conversion and keyword escaping.
//!
//! Every Rust name the generator writes comes from a wire name on a page (`JobId`,
//! `ReplicationJob.InvalidStatus`, `type`), so each helper here turns arbitrary text into a
//! valid, idiomatic identifier: snake case for fields, modules and methods, upper camel case
//! for types and variants, keywords escaped (`r#type`) or suffixed where raw identifiers are
//! not allowed (`self_`), a leading digit prefixed with `_`, and characters that cannot
//! appear in an identifier dropped. None of these functions panic.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords (strict, reserved and edition-dependent) that need escaping as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid): these get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Keeps only ASCII letters and digits; every other ASCII character becomes a word break,
/// non-ASCII characters are dropped.
fn sanitize(wire: &str) -> String {
    wire.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c)
            } else if c.is_ascii() {
                Some(' ')
            } else {
                None
            }
        })
        .collect()
}

/// Makes a converted name a usable identifier: non-empty, not starting with a digit,
/// keywords escaped (`r#type`) or suffixed (`self_`).
fn finish(name: String, fallback: &str) -> String {
    let name = if name.is_empty() {
        fallback.to_string()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// Rust field name for a wire name: `JobId` → `job_id`, `type` → `r#type`, `self` → `self_`,
/// `1stDisk` → `_1st_disk`.
pub fn field_name(wire: &str) -> String {
    finish(sanitize(wire).to_snake_case(), "field")
}

/// Rust type name for a wire name: `replication_job` → `ReplicationJob`, `Self` → `Self_`.
pub fn type_name(wire: &str) -> String {
    finish(sanitize(wire).to_upper_camel_case(), "Unnamed")
}

/// Enum variant name for an error code: `ReplicationJob.InvalidStatus` →
/// `ReplicationJobInvalidStatus`.
pub fn variant_name(code: &str) -> String {
    finish(sanitize(code).to_upper_camel_case(), "Unnamed")
}

/// Module name for an action: `StopReplicationJob` → `stop_replication_job`.
pub fn module_name(action: &str) -> String {
    finish(sanitize(action).to_snake_case(), "action")
}

/// Client method name for an action: `StopReplicationJob` → `stop_replication_job`.
pub fn method_name(action: &str) -> String {
    finish(sanitize(action).to_snake_case(), "action")
}

/// True when `name` (as returned by the helpers above) is a raw identifier like `r#type`.
pub fn is_raw(name: &str) -> bool {
    name.starts_with("r#")
}

/// The identifier without a raw prefix (`r#type` → `type`), for messages and doc text.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_snake_case() {
        assert_eq!(field_name("JobId"), "job_id");
        assert_eq!(field_name("RequestId"), "request_id");
        assert_eq!(field_name("SourceId"), "source_id");
        assert_eq!(field_name("InstanceType"), "instance_type");
        assert_eq!(field_name("already_snake"), "already_snake");
    }

    #[test]
    fn field_names_escape_keywords() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(field_name("Async"), "r#async");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("Gen"), "r#gen");
    }

    #[test]
    fn field_names_handle_odd_input() {
        assert_eq!(field_name("1stDisk"), "_1st_disk");
        assert_eq!(field_name("Disk-Category"), "disk_category");
        assert_eq!(field_name("Tag.N.Key"), "tag_n_key");
        assert_eq!(field_name("Größe"), "gre");
        assert_eq!(field_name(""), "field");
        assert_eq!(field_name("ü"), "field");
        assert_eq!(field_name("\u{a0}JobId\u{a0}"), "job_id");
    }

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(type_name("ReplicationJob"), "ReplicationJob");
        assert_eq!(type_name("replication_job"), "ReplicationJob");
        assert_eq!(type_name("data disk"), "DataDisk");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("9Lives"), "_9lives");
        assert_eq!(type_name(""), "Unnamed");
    }

    #[test]
    fn variant_names_join_dotted_codes() {
        assert_eq!(
            variant_name("ReplicationJob.InvalidStatus"),
            "ReplicationJobInvalidStatus"
        );
        assert_eq!(variant_name("InternalError"), "InternalError");
        assert_eq!(
            variant_name("InvalidParameter.JobId"),
            "InvalidParameterJobId"
        );
        assert_eq!(variant_name("Forbidden.RAM"), "ForbiddenRam");
        assert_eq!(variant_name("404"), "_404");
    }

    #[test]
    fn module_and_method_names() {
        assert_eq!(module_name("StopReplicationJob"), "stop_replication_job");
        assert_eq!(method_name("StopReplicationJob"), "stop_replication_job");
        assert_eq!(
            module_name("DescribeReplicationJobs"),
            "describe_replication_jobs"
        );
        assert_eq!(method_name("Move"), "r#move");
    }

    #[test]
    fn every_result_parses_as_an_identifier() {
        for wire in [
            "type", "self", "Self", "crate", "super", "fn", "1a", "", "__", "a.b", "ü", "Match",
        ] {
            for name in [field_name(wire), module_name(wire), method_name(wire)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{wire:?} -> {name:?}"
                );
            }
            for name in [type_name(wire), variant_name(wire)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{wire:?} -> {name:?}"
                );
            }
        }
    }

    #[test]
    fn raw_helpers() {
        assert!(is_raw("r#type"));
        assert!(!is_raw("job_id"));
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("job_id"), "job_id");
    }
}
