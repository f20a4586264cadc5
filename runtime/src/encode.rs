//! RFC 3986 percent-encoding as Alibaba Cloud signing requires it.
//!
//! Unreserved characters (`A-Z a-z 0-9 - _ . ~`) pass through; every other UTF-8 byte becomes
//! `%XY` with uppercase hex. Unlike form encoders, space is `%20` (never `+`), `*` is `%2A` and
//! `~` stays literal.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every ASCII byte except the RFC 3986 unreserved set; non-ASCII bytes are always encoded.
const POP_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `input` with the strict RFC 3986 unreserved set used by signature v1 and v3.
pub fn percent_encode(input: &str) -> String {
    utf8_percent_encode(input, POP_ENCODE_SET).to_string()
}

/// Appends [`percent_encode`]`(input)` to `out` without an intermediate string.
pub fn percent_encode_into(out: &mut String, input: &str) {
    out.extend(utf8_percent_encode(input, POP_ENCODE_SET));
}

/// `name=value` pairs in the given order, each side [`percent_encode`]d, joined by `&`; an
/// empty value stays as `name=`. This is a form body as the client sends it, and (pairs sorted
/// first) the canonical query string of both signature versions.
pub fn encode_pairs<'a, I>(pairs: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = String::new();
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, name);
        out.push('=');
        percent_encode_into(&mut out, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{encode_pairs, percent_encode};

    #[test]
    fn tricky_characters() {
        assert_eq!(percent_encode("a b"), "a%20b");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("~"), "~");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("/"), "%2F");
        assert_eq!(percent_encode("!'()"), "%21%27%28%29");
        assert_eq!(percent_encode("=&%:"), "%3D%26%25%3A");
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("迁移"), "%E8%BF%81%E7%A7%BB");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn every_byte_matches_the_rfc_3986_rule() {
        for byte in 0u8..=0x7f {
            let text = char::from(byte).to_string();
            let unreserved = byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte);
            let want = if unreserved {
                text.clone()
            } else {
                format!("%{byte:02X}")
            };
            assert_eq!(percent_encode(&text), want, "byte {byte:#04x}");
        }
    }

    #[test]
    fn pairs_keep_their_order_and_empty_values() {
        assert_eq!(encode_pairs([]), "");
        assert_eq!(
            encode_pairs([("b", "x y"), ("A", ""), ("é", "=&")]),
            "b=x%20y&A=&%C3%A9=%3D%26"
        );
    }
}
