//! RFC 3986 percent-encoding as Alibaba Cloud signing requires it.
//!
//! Unreserved characters (`A-Z a-z 0-9 - _ . ~`) pass through; every other UTF-8 byte becomes
//! `%XY` with uppercase hex. Unlike form encoders, space is `%20` (never `+`), `*` is `%2A` and
//! `~` stays literal.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes `input` with the strict RFC 3986 unreserved set used by signature v1 and v3.
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    for &byte in input.as_bytes() {
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    out
}

/// Whether `byte` is in the RFC 3986 unreserved set and therefore never encoded.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

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
}
