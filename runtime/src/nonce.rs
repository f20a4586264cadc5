//! Fresh `SignatureNonce` values: 16 random bytes as 32 lowercase hex characters.
//!
//! Hex by hand: one `format!` per byte does not warrant a `hex` dependency.

/// Returns a new random nonce, or the OS randomness error.
pub(crate) fn new_nonce() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::new_nonce;

    #[test]
    fn nonces_are_hex_and_fresh() {
        let a = new_nonce().unwrap();
        let b = new_nonce().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
