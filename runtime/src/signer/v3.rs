//! Signature V3, ACS3-HMAC-SHA256, the default of the vendor's current SDKs.
//!
//! CanonicalRequest = METHOD `\n` `/` `\n` CanonicalQuery `\n` CanonicalHeaders `\n`
//! SignedHeaders `\n` HashedPayload, where CanonicalQuery is the query sorted by raw name with
//! names and values percent-encoded (RFC 3986, as in v1), CanonicalHeaders is one
//! `name:value\n` per signed header (lowercase names, sorted, trimmed values), SignedHeaders
//! joins their names with `;`, and HashedPayload is the lowercase hex SHA-256 of the body.
//! StringToSign = `ACS3-HMAC-SHA256\n` + hex SHA-256(CanonicalRequest); Signature = hex
//! HMAC-SHA256(key = secret, without v1's `&`); it travels in the `Authorization` header.
//!
//! The action, version, date and nonce are `x-acs-*` headers, not query parameters; form
//! parameters are covered by the payload hash only. Signed headers: `host`, every `x-acs-*`
//! header, `content-type` when there is a body, and any further header of the attempt (such as
//! a retry's `x-acs-retry-attempts`).

use super::{check_params, SignError, Signer, SigningRequest};
use crate::encode::encode_pairs;
use crate::transport::HttpRequest;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The algorithm name, first word of `Authorization` and first line of the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// Lowercase hex SHA-256 of an empty body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// `Content-Type` of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The canonical query: pairs sorted by raw name (then value), each side percent-encoded,
/// joined with `&`; empty for no parameters.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_unstable();
    encode_pairs(sorted.into_iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    out
}

/// Lowercase hex SHA-256 of `bytes` (the payload hash and the hashed canonical request).
pub fn hex_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The headers a [`SignerV3`] signs for `request` with this payload hash, in no particular
/// order: `host`, `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256`, `x-acs-security-token` with STS credentials, `content-type`
/// when `has_body`, and the request's further [`headers`](SigningRequest::headers).
pub fn headers_to_sign(
    request: &SigningRequest<'_>,
    payload_sha256: &str,
    has_body: bool,
) -> Vec<(String, String)> {
    let mut headers = vec![
        ("host".to_owned(), request.host().to_owned()),
        ("x-acs-action".to_owned(), request.action.to_owned()),
        ("x-acs-version".to_owned(), request.version.to_owned()),
        ("x-acs-date".to_owned(), request.timestamp.to_owned()),
        ("x-acs-signature-nonce".to_owned(), request.nonce.to_owned()),
        ("x-acs-content-sha256".to_owned(), payload_sha256.to_owned()),
    ];
    if let Some(token) = request.credentials.security_token() {
        headers.push(("x-acs-security-token".to_owned(), token.to_owned()));
    }
    if has_body {
        headers.push(("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()));
    }
    headers.extend(request.headers.iter().cloned());
    headers
}

/// The canonical headers (`name:value\n` each: lowercase names, sorted, values trimmed, the
/// values of a repeated name sorted and joined with `,`) and the signed-headers list (the
/// names joined with `;`).
pub fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut lowered: Vec<(String, &str)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim()))
        .collect();
    lowered.sort_unstable();
    let mut canonical = String::new();
    let mut signed = String::new();
    let mut previous: Option<&str> = None;
    for (name, value) in &lowered {
        if previous == Some(name.as_str()) {
            canonical.pop();
            canonical.push(',');
        } else {
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(name);
            canonical.push_str(name);
            canonical.push(':');
        }
        canonical.push_str(value);
        canonical.push('\n');
        previous = Some(name);
    }
    (canonical, signed)
}

/// The canonical request; the URI of an RPC call is always `/`.
pub fn canonical_request(
    method: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &str,
    payload_sha256: &str,
) -> String {
    format!(
        "{method}\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload_sha256}"
    )
}

/// `ACS3-HMAC-SHA256\n` + lowercase hex SHA-256(canonical request).
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", hex_sha256(canonical_request.as_bytes()))
}

/// Lowercase hex HMAC-SHA256(key = secret, string to sign).
pub fn signature(string_to_sign: &str, access_key_secret: &str) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail; stay panic-free anyway.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The `Authorization` header value:
/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<list>,Signature=<hex>`.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

/// The v3 (ACS3-HMAC-SHA256) signer: query parameters in the URL, form parameters in an
/// `application/x-www-form-urlencoded` body, everything else in signed headers plus
/// `Authorization`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignerV3;

impl Signer for SignerV3 {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        check_params(&request.query, &request.form)?;
        let body =
            encode_pairs(request.form.iter().map(|(k, v)| (k.as_str(), v.as_str()))).into_bytes();
        let payload = hex_sha256(&body);
        let mut headers = headers_to_sign(&request, &payload, !body.is_empty());
        let (canonical, signed) = canonical_headers(&headers);
        let query = canonical_query(&request.query);
        let method = request.method.as_str();
        let sig = signature(
            &string_to_sign(&canonical_request(
                method, &query, &canonical, &signed, &payload,
            )),
            request.credentials.access_key_secret(),
        );
        headers.push((
            "Authorization".to_owned(),
            authorization(request.credentials.access_key_id(), &signed, &sig),
        ));
        headers.push(("Accept".to_owned(), "application/json".to_owned()));
        let url = if query.is_empty() {
            format!("{}/", request.endpoint)
        } else {
            format!("{}/?{query}", request.endpoint)
        };
        Ok(HttpRequest {
            method: method.to_owned(),
            url,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn empty_payload_hash() {
        assert_eq!(hex_sha256(b""), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn canonical_headers_lowercase_sort_trim_and_join_repeats() {
        let (canonical, signed) = canonical_headers(&pairs(&[
            ("X-Acs-B", " 2 "),
            ("host", "h"),
            ("x-acs-a", "z"),
            ("X-ACS-A", "y"),
        ]));
        assert_eq!(canonical, "host:h\nx-acs-a:y,z\nx-acs-b:2\n");
        assert_eq!(signed, "host;x-acs-a;x-acs-b");
        assert_eq!(canonical_headers(&[]), (String::new(), String::new()));
    }

    #[test]
    fn canonical_query_sorts_raw_names_and_encodes_both_sides() {
        assert_eq!(canonical_query(&[]), "");
        assert_eq!(
            canonical_query(&pairs(&[
                ("b", "x y*"),
                ("a b", ""),
                ("A.10", "~"),
                ("A.1.", "/")
            ])),
            "A.1.=%2F&A.10=~&a%20b=&b=x%20y%2A"
        );
    }
}
