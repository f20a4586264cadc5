//! RPC signature version 1.0 (HMAC-SHA1), which the vendor's documentation now calls "V2".
//!
//! Sort every parameter (common, query and form) by raw name in byte order, percent-encode
//! names and values (RFC 3986), join `name=value` with `&`, then
//! StringToSign = `METHOD&%2F&` + percentEncode(canonical query), and
//! Signature = Base64(HMAC-SHA1(secret + "&", StringToSign)). `Signature` goes in the query.
//!
//! The canonical query is built here, not with form_urlencoded, which writes space as `+`
//! and leaves `*` as is; both would change the signature.

use super::{check_params, SignError, Signer, SigningRequest};
use crate::credentials::Credentials;
use crate::encode::{encode_pairs, percent_encode, percent_encode_into};
use crate::method::HttpMethod;
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
/// `Content-Type` of a POST (form body or none, as the vendor's SDKs send it).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Builds the canonicalized query string: every pair except `Signature`, sorted by raw name
/// (then value), each side percent-encoded, joined with `&`. Empty values stay as `Name=`.
pub fn canonical_query(params: &[(String, String)]) -> String {
    canonical_of(params.iter().filter(|(k, _)| k != "Signature").collect())
}

/// Sorts `pairs` by raw name (then value) and writes them as [`encode_pairs`] does.
fn canonical_of(mut pairs: Vec<&(String, String)>) -> String {
    pairs.sort_unstable();
    encode_pairs(pairs.into_iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// `METHOD&%2F&` + percentEncode(canonical query).
pub fn string_to_sign(method: &str, canonical_query: &str) -> String {
    let mut out = String::with_capacity(method.len() + 4 + canonical_query.len() * 3 / 2);
    out.push_str(method);
    out.push_str("&%2F&");
    percent_encode_into(&mut out, canonical_query);
    out
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

/// The v1 common parameters of one attempt (without `Signature`); `SecurityToken` only with
/// STS credentials.
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

/// The v1 (HMAC-SHA1) signer: common and query parameters in the URL query with `Signature`
/// appended; form parameters (signed alongside the query ones) in an
/// `application/x-www-form-urlencoded` body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignerV1;

impl Signer for SignerV1 {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        check_params(&request.query, &request.form)?;
        let mut in_url = common_params(
            request.action,
            request.version,
            request.credentials,
            request.timestamp,
            request.nonce,
        );
        in_url.extend(request.query);
        let url_query = canonical_of(in_url.iter().collect());
        let canonical = if request.form.is_empty() {
            url_query.clone()
        } else {
            canonical_of(in_url.iter().chain(&request.form).collect())
        };
        let method = request.method.as_str();
        let sig = signature(
            &string_to_sign(method, &canonical),
            request.credentials.access_key_secret(),
        );
        let mut headers = Vec::with_capacity(2);
        if request.method == HttpMethod::Post {
            headers.push(("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()));
        }
        headers.push(("Accept".to_owned(), "application/json".to_owned()));
        Ok(HttpRequest {
            method: method.to_owned(),
            url: format!(
                "{}/?{url_query}&Signature={}",
                request.endpoint,
                percent_encode(&sig)
            ),
            headers,
            body: encode_pairs(request.form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .into_bytes(),
        })
    }
}
