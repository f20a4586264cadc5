//! Percent-encoding as the vendor signs (the RPC signature encodes each name and value this way
//! before sorting and joining them) and its inverse.

/// RFC 3986: `A-Za-z0-9-_.~` kept, every other UTF-8 byte `%XY` with uppercase hex
/// (space `%20`, `*` `%2A`, `~` literal).
pub fn rfc3986(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a query component (`%XY` and `+`), as a server reading the request would.
/// Panics on malformed input: it only reads what the tests' own client produced.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
            i += 3;
        } else {
            out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_documented_examples_and_decodes_back() {
        assert_eq!(rfc3986("a b*~é&="), "a%20b%2A~%C3%A9%26%3D");
        assert_eq!(decode("a%20b%2A~%C3%A9%26%3D"), "a b*~é&=");
    }
}
