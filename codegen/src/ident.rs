//! Identifier conversion and keyword escaping.
//!
//! Every Rust name the generator writes comes from a wire name on a page (`JobId`,
//! `ReplicationJob.InvalidStatus`, `type`), so each helper here turns arbitrary text into a
//! valid, idiomatic identifier: snake case for fields, modules and methods, upper camel case
//! for types and variants, keywords escaped (`r#type`) or suffixed where raw identifiers are
//! not allowed (`self_`), a leading digit prefixed with `_`, and characters that cannot
//! appear in an identifier dropped. Case conversion is `heck`'s; this module adds what heck
//! cannot know: keyword escaping and the dialect's rule on non-ASCII text. None of these
//! functions panic.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that cannot be raw identifiers (`r#self` is invalid): these get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Keywords (strict, reserved and edition-dependent) that need escaping as identifiers.
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// The case a converted name is written in.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    /// `job_id`: words lowercased, joined with `_`.
    Snake,
    /// `JobId`: words capitalised, joined directly.
    UpperCamel,
}

/// Converts `wire` to `case` with `heck`, after [`ascii_words`].
fn convert(wire: &str, case: Case) -> String {
    let words = ascii_words(wire);
    match case {
        Case::Snake => words.to_snake_case(),
        Case::UpperCamel => words.to_upper_camel_case(),
    }
}

/// The dialect's rule on top of heck's word boundaries: only ASCII letters and digits make
/// words. Non-ASCII characters are dropped, joining their neighbours (`Größe` → `Gre`), so
/// that every name is plain ASCII; other ASCII characters separate words (`Tag.N.Key`,
/// `Disk-Category`).
fn ascii_words(wire: &str) -> String {
    wire.chars()
        .filter(char::is_ascii)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Makes a converted name a usable identifier: non-empty, not starting with a digit,
/// keywords escaped (`r#type`) or suffixed (`self_`).
fn finish(mut name: String, fallback: &str) -> String {
    if name.is_empty() {
        name.push_str(fallback);
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    } else if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if is_keyword(&name) {
        name.insert_str(0, "r#");
    }
    name
}

/// Rust field name for a wire name: `JobId` → `job_id`, `type` → `r#type`, `self` → `self_`,
/// `1stDisk` → `_1st_disk`.
pub fn field_name(wire: &str) -> String {
    finish(convert(wire, Case::Snake), "field")
}

/// Rust type name for a wire name: `replication_job` → `ReplicationJob`, `Self` → `Self_`.
pub fn type_name(wire: &str) -> String {
    finish(convert(wire, Case::UpperCamel), "Unnamed")
}

/// Enum variant name for an error code: `ReplicationJob.InvalidStatus` →
/// `ReplicationJobInvalidStatus`.
pub fn variant_name(code: &str) -> String {
    finish(convert(code, Case::UpperCamel), "Unnamed")
}

/// Module name for an action: `StopReplicationJob` → `stop_replication_job`.
pub fn module_name(action: &str) -> String {
    finish(convert(action, Case::Snake), "action")
}

/// Client method name for an action: `StopReplicationJob` → `stop_replication_job`.
pub fn method_name(action: &str) -> String {
    finish(convert(action, Case::Snake), "action")
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
    fn word_boundaries_are_hecks() {
        // An uppercase run ends before the letter that starts the next word.
        assert_eq!(type_name("HTTPServer"), "HttpServer");
        assert_eq!(field_name("OSSBucket"), "oss_bucket");
        assert_eq!(variant_name("Forbidden.RAM"), "ForbiddenRam");
        // Digits stay with the letters before them.
        assert_eq!(field_name("IPv6Address"), "i_pv6_address");
        assert_eq!(field_name("Ipv6AddressCount"), "ipv6_address_count");
        assert_eq!(type_name("ab1C"), "Ab1C");
        // Actions differing only in case convert alike (`specs::rust_renames` separates them).
        assert_eq!(
            module_name("DescribeAutoSnapshotPolicyEX"),
            module_name("DescribeAutoSnapshotPolicyEx")
        );
        assert_eq!(field_name("-Job--Id-"), "job_id");
        assert_eq!(type_name("Zone.notFound"), "ZoneNotFound");
    }

    #[test]
    fn only_ascii_letters_and_digits_make_words() {
        assert_eq!(ascii_words("Größe"), "Gre");
        assert_eq!(ascii_words("Tag.N_Key"), "Tag N Key");
        assert_eq!(field_name("Größe"), "gre");
        assert_eq!(type_name("Σ_data\u{a0}disk"), "Datadisk");
    }

    #[test]
    fn raw_helpers() {
        assert!(is_raw("r#type"));
        assert!(!is_raw("job_id"));
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("job_id"), "job_id");
    }
}
