//! RPC signature version 1.0 (HMAC-SHA1), which the vendor's documentation now calls "V2".
//!
//! Sort every parameter (common, query and form) by raw name in byte order, percent-encode
//! names and values (RFC 3986), join `name=value` with `&`, then
//! StringToSign = `METHOD&%2F&` + percentEncode(canonical query), and
//! Signature = Base64(HMAC-SHA1(secret + "&", StringToSign)). `Signature` goes in the query.
//!
//! The canonical query is built here, not with form_urlencoded, which writes space as `+`
//! and leaves `*` as is; both would change the signature.

use super::{SignError, Signer, SigningRequest, RESERVED_PARAMETERS};
use crate::credentials::Credentials;
use crate::encode::{encode_pairs, percent_encode_into};
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
///
/// Its result equals the step functions above ([`canonical_query`], [`string_to_sign`],
/// [`signature`]) applied to [`common_params`] plus the request's parameters; it gets there in
/// one pass, with no owned copy of the parameters: the canonical query is written straight into
/// the URL and, encoded a second time, into the string to sign (the benchmark's target is
/// twice the cost of the bare HMAC-SHA1 and Base64).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignerV1;

impl Signer for SignerV1 {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        let SigningRequest {
            method,
            endpoint,
            action,
            version,
            mut query,
            form,
            timestamp,
            nonce,
            credentials,
            headers: extra_headers,
        } = request;
        for (name, _) in query.iter().chain(&form) {
            if RESERVED_PARAMETERS.contains(&name.as_str()) {
                return Err(SignError::ReservedParameter { name: name.clone() });
            }
        }
        // The common parameters, in sorted order; `SecurityToken` only with STS.
        let id = credentials.access_key_id();
        let with_token;
        let without_token;
        let common: &[(&str, &str)] = match credentials.security_token() {
            Some(token) => {
                with_token = [
                    ("AccessKeyId", id),
                    ("Action", action),
                    ("Format", FORMAT),
                    ("SecurityToken", token),
                    ("SignatureMethod", SIGNATURE_METHOD),
                    ("SignatureNonce", nonce),
                    ("SignatureVersion", SIGNATURE_VERSION),
                    ("Timestamp", timestamp),
                    ("Version", version),
                ];
                &with_token
            }
            None => {
                without_token = [
                    ("AccessKeyId", id),
                    ("Action", action),
                    ("Format", FORMAT),
                    ("SignatureMethod", SIGNATURE_METHOD),
                    ("SignatureNonce", nonce),
                    ("SignatureVersion", SIGNATURE_VERSION),
                    ("Timestamp", timestamp),
                    ("Version", version),
                ];
                &without_token
            }
        };
        // The operation's own parameters sorted by name: the query, and with a form body also
        // query and form together, which is what gets signed. Reserved names were refused
        // above, so equal neighbours are the operation's own duplicates.
        query.sort_unstable();
        let mut with_form: Vec<(&str, &str)> = Vec::new();
        if !form.is_empty() {
            with_form.extend(
                query
                    .iter()
                    .chain(&form)
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            );
            with_form.sort_unstable();
        }
        let duplicate = if form.is_empty() {
            first_duplicate(query.iter().map(|(k, _)| k.as_str()))
        } else {
            first_duplicate(with_form.iter().map(|(k, _)| *k))
        };
        if let Some(name) = duplicate {
            return Err(SignError::DuplicateParameter {
                name: name.to_owned(),
            });
        }

        let method_name = method.as_str();
        // The URL and the string to sign (bytes, for the HMAC) get their worst case at once: 3
        // bytes per byte in the URL (then `&Signature=` and 28 Base64 bytes, each up to 3), 5
        // in the string to sign.
        let (raw, pairs) = (
            raw_len(common) + raw_len(&query),
            common.len() + query.len(),
        );
        let mut url = String::with_capacity(endpoint.len() + 2 + 3 * raw + 2 * pairs + 11 + 3 * 28);
        url.push_str(endpoint);
        url.push_str("/?");
        let (raw, pairs) = (raw + raw_len(&form), pairs + form.len());
        let mut to_sign = Vec::with_capacity(method_name.len() + 5 + 5 * raw + 6 * pairs);
        to_sign.extend_from_slice(method_name.as_bytes());
        to_sign.extend_from_slice(b"&%2F&");
        if form.is_empty() {
            // The URL carries the whole signed set.
            write_canonical(common, &query, &mut url, &mut to_sign);
        } else {
            write_canonical(common, &with_form, &mut String::new(), &mut to_sign);
            write_canonical(common, &query, &mut url, &mut Vec::new());
        }
        url.push_str("&Signature=");
        push_signature(&mut url, &to_sign, credentials.access_key_secret());

        let mut headers = Vec::with_capacity(2 + extra_headers.len());
        if method == HttpMethod::Post {
            headers.push(("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()));
        }
        headers.push(("Accept".to_owned(), "application/json".to_owned()));
        headers.extend(extra_headers);
        Ok(HttpRequest {
            method: method_name.to_owned(),
            url,
            headers,
            body: encode_pairs(form.iter().map(|(k, v)| (k.as_str(), v.as_str()))).into_bytes(),
        })
    }
}

/// The bytes of the names and values of `pairs`.
fn raw_len<S: AsRef<str>>(pairs: &[(S, S)]) -> usize {
    pairs
        .iter()
        .map(|(k, v)| k.as_ref().len() + v.as_ref().len())
        .sum()
}

/// The first name equal to the one before it, in a sorted sequence.
fn first_duplicate<'a>(sorted: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut previous = None;
    for name in sorted {
        if previous == Some(name) {
            return Some(name);
        }
        previous = Some(name);
    }
    None
}

/// Uppercase hex digits of percent-encoding.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether each byte is RFC 3986 unreserved (`A-Z a-z 0-9 - _ . ~`), a byte left as it is.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

/// Appends the canonical query of the name-sorted `common` and `own` parameters (merged; no
/// name in both) to `once` and its percent-encoding to `twice`, in one pass: an unreserved
/// byte goes to both as is, another byte is `%XY` in `once` and so `%25XY` in `twice`, and the
/// separators `=` and `&` are `%3D` and `%26` in `twice`. The common names are known to be
/// unreserved and are copied without a look.
fn write_canonical<S: AsRef<str>>(
    common: &[(&str, &str)],
    own: &[(S, S)],
    once: &mut String,
    twice: &mut Vec<u8>,
) {
    let (mut c, mut o) = (0, 0);
    loop {
        let (name, value, plain_name) = match (common.get(c), own.get(o)) {
            (Some(&(common_name, _)), Some((name, value))) if name.as_ref() < common_name => {
                o += 1;
                (name.as_ref(), value.as_ref(), false)
            }
            (Some(&(name, value)), _) => {
                c += 1;
                (name, value, true)
            }
            (None, Some((name, value))) => {
                o += 1;
                (name.as_ref(), value.as_ref(), false)
            }
            (None, None) => return,
        };
        if c + o > 1 {
            once.push('&');
            twice.extend_from_slice(b"%26");
        }
        if plain_name {
            once.push_str(name);
            twice.extend_from_slice(name.as_bytes());
        } else {
            encode_twice(name, once, twice);
        }
        once.push('=');
        twice.extend_from_slice(b"%3D");
        encode_twice(value, once, twice);
    }
}

/// Appends the percent-encoding of `input` to `once` and the encoding of that to `twice`:
/// runs of unreserved bytes (most values are one run) are copied whole, each byte of another
/// character is written as `%XY` and `%25XY`.
fn encode_twice(mut input: &str, once: &mut String, twice: &mut Vec<u8>) {
    loop {
        let run = input
            .bytes()
            .position(|b| !UNRESERVED[usize::from(b)])
            .unwrap_or(input.len());
        // The run is ASCII, so it ends on a character boundary.
        let (plain, rest) = input.split_at_checked(run).unwrap_or((input, ""));
        once.push_str(plain);
        twice.extend_from_slice(plain.as_bytes());
        let Some(c) = rest.chars().next() else {
            return;
        };
        let (encoded, rest) = rest.split_at(c.len_utf8());
        for b in encoded.bytes() {
            let (hi, lo) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]);
            once.push('%');
            once.push(char::from(hi));
            once.push(char::from(lo));
            twice.extend_from_slice(&[b'%', b'2', b'5', hi, lo]);
        }
        input = rest;
    }
}

/// Appends the percent-encoded [`signature`] of `string_to_sign` to `url`, keying the HMAC
/// from a stack buffer when `secret&` fits in one SHA-1 block.
fn push_signature(url: &mut String, string_to_sign: &[u8], access_key_secret: &str) {
    let secret = access_key_secret.as_bytes();
    let mut block = [0u8; 64];
    let owned;
    let key: &[u8] = if secret.len() < block.len() {
        block[..secret.len()].copy_from_slice(secret);
        block[secret.len()] = b'&';
        &block[..=secret.len()]
    } else {
        owned = [secret, b"&"].concat();
        &owned
    };
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail; stay panic-free anyway.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return;
    };
    mac.update(string_to_sign);
    let mut base64 = [0u8; 28];
    let len = base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut base64)
        .unwrap_or(0);
    for &b in &base64[..len] {
        match b {
            b'+' => url.push_str("%2B"),
            b'/' => url.push_str("%2F"),
            b'=' => url.push_str("%3D"),
            _ => url.push(char::from(b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::percent_encode;

    #[test]
    fn one_pass_encoding_equals_encoding_twice() {
        let long = "abcdefgh12345678 *~abcdefghijklmnopé迁😀xyz-_.~ABCDEFG";
        for input in [
            "",
            "abc",
            "a b*c~d",
            "é迁😀",
            "%41=&+/",
            "-_.~AZaz09",
            "x y",
            long,
        ] {
            let (mut once, mut twice) = ("pre".to_owned(), b"fix".to_vec());
            write_canonical(&[], &[(input, input)], &mut once, &mut twice);
            let enc = percent_encode(input);
            assert_eq!(once, format!("pre{enc}={enc}"), "{input:?}");
            let enc2 = percent_encode(&format!("{enc}={enc}"));
            assert_eq!(twice, format!("fix{enc2}").as_bytes(), "{input:?}");
        }
        // Merged by name: common ("A", "Format") around the operation's ("B b", "C", "迁").
        let common = [("A", "x=y"), ("Format", "JSON")];
        let own = [("B b", ""), ("C", "&"), ("迁", "v")];
        let (mut once, mut twice) = (String::new(), Vec::new());
        write_canonical(&common, &own, &mut once, &mut twice);
        let want = "A=x%3Dy&B%20b=&C=%26&Format=JSON&%E8%BF%81=v";
        assert_eq!(once, want);
        assert_eq!(twice, percent_encode(want).as_bytes());
        let (mut once, mut twice) = (String::new(), Vec::new());
        write_canonical(&[], &own[..0], &mut once, &mut twice);
        assert!(once.is_empty() && twice.is_empty());
    }

    #[test]
    fn long_and_short_secrets_sign_like_the_step_function() {
        let secrets = [
            String::new(),
            "s".to_owned(),
            "k".repeat(62),
            "k".repeat(63),
            "k".repeat(64),
            "é".repeat(40),
        ];
        for secret in &secrets {
            let mut url = String::new();
            push_signature(&mut url, b"POST&%2F&A%3D1", secret);
            let want = percent_encode(&signature("POST&%2F&A%3D1", secret));
            assert_eq!(url, want, "{}", secret.len());
        }
    }
}
