//! RPC signature version 1.0 (HMAC-SHA1), as in protocol.md section 1.
//!
//! Sort parameters by raw name (byte order), percent-encode names and values (RFC 3986), join
//! `name=value` with `&`, then StringToSign = `METHOD&%2F&` + percentEncode(canonical query), and
//! Signature = Base64(HMAC-SHA1(secret + "&", StringToSign)).
//!
//! The canonical query is built here, not with form_urlencoded, which writes space as `+`
//! and leaves `*` as is; both would change the signature.

use super::{SignError, Signer, SigningRequest};
use crate::credentials::Credentials;
use crate::encode::percent_encode;
use crate::transport::HttpRequest;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Value of the `SignatureMethod` parameter.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
/// Value of the `SignatureVersion` parameter.
pub const SIGNATURE_VERSION: &str = "1.0";
/// Value of the `Format` parameter the client requests.
pub const FORMAT: &str = "JSON";

/// Builds the canonicalized query string: every pair except `Signature`, sorted by raw name
/// (then value), each side percent-encoded, joined with `&`. Empty values stay as `Name=`.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> =
        params.iter().filter(|(k, _)| k != "Signature").collect();
    sorted.sort();
    let mut out = String::new();
    for (i, (k, v)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

/// `METHOD&%2F&` + percentEncode(canonical query).
pub fn string_to_sign(method: &str, canonical_query: &str) -> String {
    format!("{method}&%2F&{}", percent_encode(canonical_query))
}

/// Base64(HMAC-SHA1(key = secret + "&", string_to_sign)).
pub fn signature(string_to_sign: &str, access_key_secret: &str) -> String {
    let key = format!("{access_key_secret}&");
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail; stay panic-free anyway.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key.as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Signs `params` (all of them, common ones included) for `method` in one step.
pub fn sign_params(method: &str, params: &[(String, String)], access_key_secret: &str) -> String {
    signature(
        &string_to_sign(method, &canonical_query(params)),
        access_key_secret,
    )
}

/// The v1 common parameters of one attempt (without `Signature`).
pub fn common_params(
    action: &str,
    version: &str,
    credentials: &Credentials,
    timestamp: &str,
    nonce: &str,
) -> Vec<(String, String)> {
    let mut params = vec![
        ("Action".to_owned(), action.to_owned()),
        ("Version".to_owned(), version.to_owned()),
        ("Format".to_owned(), FORMAT.to_owned()),
        (
            "AccessKeyId".to_owned(),
            credentials.access_key_id().to_owned(),
        ),
        ("SignatureMethod".to_owned(), SIGNATURE_METHOD.to_owned()),
        ("SignatureVersion".to_owned(), SIGNATURE_VERSION.to_owned()),
        ("SignatureNonce".to_owned(), nonce.to_owned()),
        ("Timestamp".to_owned(), timestamp.to_owned()),
    ];
    if let Some(token) = credentials.security_token() {
        params.push(("SecurityToken".to_owned(), token.to_owned()));
    }
    params
}

/// The v1 (HMAC-SHA1) signer: all parameters in the URL query, `Signature` appended, empty
/// `application/x-www-form-urlencoded` body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignerV1;

impl Signer for SignerV1 {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        let mut params = common_params(
            request.action,
            request.version,
            request.credentials,
            request.timestamp,
            request.nonce,
        );
        let common = params.len();
        for (name, value) in request.params {
            let (reserved, own) = params.split_at(common);
            if name == "Signature" || reserved.iter().any(|(k, _)| *k == name) {
                return Err(SignError::ReservedParameter { name });
            }
            if own.iter().any(|(k, _)| *k == name) {
                return Err(SignError::DuplicateParameter { name });
            }
            params.push((name, value));
        }
        let canonical = canonical_query(&params);
        let sig = signature(
            &string_to_sign(request.method, &canonical),
            request.credentials.access_key_secret(),
        );
        Ok(HttpRequest {
            method: request.method.to_owned(),
            url: format!(
                "{}/?{canonical}&Signature={}",
                request.endpoint,
                percent_encode(&sig)
            ),
            headers: vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ),
                ("Accept".to_owned(), "application/json".to_owned()),
            ],
            body: Vec::new(),
        })
    }
}
