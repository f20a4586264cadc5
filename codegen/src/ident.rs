//! Identifier conversion and keyword escaping.
//!
//! Every Rust name the generator writes comes from a wire name on a page (`JobId`,
//! `ReplicationJob.InvalidStatus`, `type`), so each helper here turns arbitrary text into a
//! valid, idiomatic identifier: snake case for fields, modules and methods, upper camel case
//! for types and variants, keywords escaped (`r#type`) or suffixed where raw identifiers are
//! not allowed (`self_`), a leading digit prefixed with `_`, and characters that cannot
//! appear in an identifier dropped. None of these functions panic.

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

/// The case of the last cased letter since the previous word boundary.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lower,
    Upper,
}

/// Converts `wire` to `case` with the word boundaries `heck` 0.5 finds, in one pass over
/// the bytes into one allocation: every ASCII character other than a letter or digit
/// separates words, non-ASCII characters are dropped (joining their neighbours: `Größe` →
/// `Gre`), a lowercase letter or digit run followed by an uppercase letter ends a word, and
/// an uppercase run followed by a lowercase letter ends before its last letter
/// (`HTTPServer` → `HTTP Server`).
fn convert(wire: &str, case: Case) -> String {
    let mut out = String::with_capacity(wire.len() + 4);
    if !plain_camel_into(wire, case, &mut out) {
        out.clear();
        words_into(wire, case, &mut out);
    }
    out
}

/// Writes `wire` in `case` to `out` when it is plain camel case — ASCII with a letter or
/// digit, every run of letters and digits starting with an uppercase letter, every other
/// uppercase letter preceded (digits aside) by a lowercase one, like
/// `InvalidParameter.JobId` or `Ipv6Address` — and returns true; otherwise returns false,
/// `out` then holding junk. In such a name each uppercase letter starts a word and nothing
/// else does, so the conversion needs no word search: the runs joined for upper camel case,
/// a `_` before every uppercase letter but the first and everything lowercased for snake
/// case. Converting while checking reads most names (nearly all are plain) once.
fn plain_camel_into(wire: &str, case: Case, out: &mut String) -> bool {
    let snake = case == Case::Snake;
    let mut in_run = false;
    let mut after_lower = false;
    for b in wire.bytes() {
        if b.is_ascii_uppercase() {
            if in_run && !after_lower {
                return false;
            }
            if !snake {
                out.push(char::from(b));
            } else {
                if !out.is_empty() {
                    out.push('_');
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
            in_run = true;
            after_lower = false;
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if !in_run {
                return false;
            }
            after_lower |= b.is_ascii_lowercase();
            out.push(char::from(b));
        } else if b.is_ascii() {
            in_run = false;
        } else {
            return false;
        }
    }
    // Every run starts with an uppercase letter, so something was written iff there is a run.
    !out.is_empty()
}

/// The general conversion (see [`convert`]) of `wire` into `out`, searching word boundaries.
fn words_into(wire: &str, case: Case, out: &mut String) {
    // Every byte of a multi-byte UTF-8 sequence is non-ASCII, so dropping those bytes drops
    // exactly the non-ASCII characters.
    let mut bytes = wire.bytes().filter(u8::is_ascii);
    let mut next = bytes.next();
    let mut starts_word = true;
    let mut mode = Mode::Boundary;
    while let Some(c) = next {
        next = bytes.next();
        if !c.is_ascii_alphanumeric() {
            starts_word = true;
            mode = Mode::Boundary;
            continue;
        }
        let after = next.unwrap_or(b' ');
        // An uppercase run followed by a lowercase letter: its last letter starts a word.
        if mode == Mode::Upper && c.is_ascii_uppercase() && after.is_ascii_lowercase() {
            starts_word = true;
        }
        let lower = c.to_ascii_lowercase();
        if starts_word {
            starts_word = false;
            match case {
                Case::Snake => {
                    if !out.is_empty() {
                        out.push('_');
                    }
                    out.push(char::from(lower));
                }
                Case::UpperCamel => out.push(char::from(c.to_ascii_uppercase())),
            }
        } else {
            out.push(char::from(lower));
        }
        if c.is_ascii_lowercase() {
            mode = Mode::Lower;
        } else if c.is_ascii_uppercase() {
            mode = Mode::Upper;
        }
        // A lowercase letter (or digits after one) followed by an uppercase letter ends a word.
        if mode == Mode::Lower && after.is_ascii_uppercase() {
            starts_word = true;
            mode = Mode::Boundary;
        }
    }
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

    /// The conversion `heck` 0.5 gives after dropping non-ASCII characters and turning other
    /// ASCII punctuation into spaces: the reference the byte-level conversion must match.
    fn heck_reference(wire: &str, snake: bool) -> String {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let sanitized: String = wire
            .chars()
            .filter(char::is_ascii)
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        if snake {
            sanitized.to_snake_case()
        } else {
            sanitized.to_upper_camel_case()
        }
    }

    #[test]
    fn conversion_matches_heck_on_generated_names() {
        let alphabet: Vec<char> = "aBcXyZ019_.- ÄßΣé\u{a0}".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut checked = 0;
        for len in 0..12 {
            for _ in 0..400 {
                let wire: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                assert_eq!(
                    convert(&wire, Case::Snake),
                    heck_reference(&wire, true),
                    "{wire:?}"
                );
                assert_eq!(
                    convert(&wire, Case::UpperCamel),
                    heck_reference(&wire, false),
                    "{wire:?}"
                );
                checked += 1;
            }
        }
        for wire in [
            "HTTPServer",
            "IPv6Address",
            "Ipv6AddressCount",
            "OSSBucket",
            "ECSRAMRole",
            "a1B",
            "A1b",
            "AB1c",
            "Tag.N.Key",
            "InvalidParameter.JobId",
            "JobId",
            "A1b",
            "A1B",
            "Ab1C",
            "Ab1c2D",
            "Ipv6Address.V4",
            "Forbidden.RAM",
            "Zone.notFound",
            "-Job--Id-",
            "Job Id",
        ] {
            assert_eq!(convert(wire, Case::Snake), heck_reference(wire, true));
            assert_eq!(convert(wire, Case::UpperCamel), heck_reference(wire, false));
        }
        assert_eq!(checked, 12 * 400);
        assert_eq!(field_name("IPv6Address"), "i_pv6_address");
        assert_eq!(type_name("HTTPServer"), "HttpServer");
    }

    #[test]
    fn raw_helpers() {
        assert!(is_raw("r#type"));
        assert!(!is_raw("job_id"));
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("job_id"), "job_id");
    }
}
