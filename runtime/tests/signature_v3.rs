//! Signature v3 (ACS3-HMAC-SHA256) behaviour beyond the data vectors (`tests/vectors.rs`):
//! STS, a form body, GET, the URL, collisions. Each signed request is re-verified from what it
//! carries (headers, URL, body) with the step functions, as a server would.

use smc_runtime::signer::v3;
use smc_runtime::{
    Credentials, HttpMethod, HttpRequest, SignError, Signer, SignerV3, SigningRequest,
};

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Strict percent-decoding (no `+` for space).
fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next().unwrap(), bytes.next().unwrap()];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap());
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap()
}

/// Recomputes the signature as a server would: from the `Authorization` header's signed-header
/// list, the headers, the decoded query and the body bytes. Returns the signed header names, or
/// why the request does not verify.
fn verify(request: &HttpRequest, access_key_id: &str, secret: &str) -> Result<Vec<String>, String> {
    let auth = request.header("authorization").expect("Authorization");
    let rest = auth
        .strip_prefix("ACS3-HMAC-SHA256 Credential=")
        .expect("algorithm then credential");
    let (credential, rest) = rest.split_once(",SignedHeaders=").unwrap();
    let (signed, signature) = rest.split_once(",Signature=").unwrap();
    assert_eq!(credential, access_key_id);
    let names: Vec<String> = signed.split(';').map(str::to_owned).collect();
    let headers: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            (
                n.clone(),
                request.header(n).expect("signed header sent").to_owned(),
            )
        })
        .collect();
    let (canonical_headers, signed_again) = v3::canonical_headers(&headers);
    assert_eq!(signed_again, signed);
    let query: Vec<(String, String)> = request
        .url
        .split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap();
                    (decode(k), decode(v))
                })
                .collect()
        })
        .unwrap_or_default();
    let payload = v3::hex_sha256(&request.body);
    if request.header("x-acs-content-sha256") != Some(payload.as_str()) {
        return Err("x-acs-content-sha256 is not the body's hash".into());
    }
    let canonical = v3::canonical_request(
        &request.method,
        &v3::canonical_query(&query),
        &canonical_headers,
        signed,
        &payload,
    );
    if signature != v3::signature(&v3::string_to_sign(&canonical), secret) {
        return Err("signature does not match".into());
    }
    Ok(names)
}

fn request<'a>(creds: &'a Credentials, method: HttpMethod) -> SigningRequest<'a> {
    SigningRequest {
        method,
        endpoint: "http://127.0.0.1:8080",
        action: "StopReplicationJob",
        version: "2019-06-01",
        query: params(&[("JobId", "j-1 *~"), ("Tag.10", "b"), ("Tag.1", "a")]),
        form: Vec::new(),
        timestamp: "2023-10-26T10:22:32Z",
        nonce: "3156853299f313e23d1673dc12e1703d",
        credentials: creds,
        headers: Vec::new(),
    }
}

#[test]
fn no_common_parameters_in_the_query_and_the_host_keeps_its_port() {
    let creds = Credentials::new("id", "secret");
    let signed = SignerV3.sign(request(&creds, HttpMethod::Post)).unwrap();
    assert_eq!(signed.method, "POST");
    assert_eq!(
        signed.url,
        "http://127.0.0.1:8080/?JobId=j-1%20%2A~&Tag.1=a&Tag.10=b"
    );
    assert!(signed.body.is_empty());
    assert_eq!(signed.header("host"), Some("127.0.0.1:8080"));
    assert_eq!(signed.header("x-acs-action"), Some("StopReplicationJob"));
    assert_eq!(signed.header("x-acs-version"), Some("2019-06-01"));
    assert_eq!(signed.header("x-acs-date"), Some("2023-10-26T10:22:32Z"));
    assert_eq!(signed.header("content-type"), None, "no body, no type");
    assert_eq!(signed.header("accept"), Some("application/json"));
    let names = verify(&signed, "id", "secret").unwrap();
    assert_eq!(
        names.join(";"),
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    );
    assert_eq!(
        verify(&signed, "id", "other"),
        Err("signature does not match".into())
    );
}

#[test]
fn sts_token_is_a_signed_header() {
    let creds = Credentials::new("STS.id", "secret").with_security_token("tok/en+= x");
    let signed = SignerV3.sign(request(&creds, HttpMethod::Post)).unwrap();
    assert_eq!(signed.header("x-acs-security-token"), Some("tok/en+= x"));
    assert!(!signed.url.contains("SecurityToken"));
    let names = verify(&signed, "STS.id", "secret").unwrap();
    assert!(
        names.contains(&"x-acs-security-token".to_owned()),
        "{names:?}"
    );
}

#[test]
fn form_parameters_go_in_the_body_covered_by_the_payload_hash() {
    let creds = Credentials::new("id", "secret");
    let mut r = request(&creds, HttpMethod::Post);
    r.form = params(&[("Tag.1.Key", "k y*"), ("Content", "")]);
    let signed = SignerV3.sign(r).unwrap();
    assert_eq!(signed.body, b"Tag.1.Key=k%20y%2A&Content=");
    assert_eq!(
        signed.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_ne!(
        signed.header("x-acs-content-sha256"),
        Some(v3::EMPTY_PAYLOAD_SHA256)
    );
    assert!(!signed.url.contains("Tag.1.Key"), "{}", signed.url);
    let names = verify(&signed, "id", "secret").unwrap();
    assert!(names.contains(&"content-type".to_owned()), "{names:?}");

    // Another body under the same headers fails verification: the body is signed.
    let mut tampered = signed.clone();
    tampered.body = b"Tag.1.Key=other&Content=".to_vec();
    assert_eq!(
        verify(&tampered, "id", "secret"),
        Err("x-acs-content-sha256 is not the body's hash".into())
    );
    let mut tampered = signed.clone();
    tampered.url.push_str("&Extra=1");
    assert_eq!(
        verify(&tampered, "id", "secret"),
        Err("signature does not match".into())
    );
}

#[test]
fn get_signs_its_method_and_a_query_less_url_ends_in_slash() {
    let creds = Credentials::new("id", "secret");
    let post = SignerV3.sign(request(&creds, HttpMethod::Post)).unwrap();
    let get = SignerV3.sign(request(&creds, HttpMethod::Get)).unwrap();
    assert_eq!(get.method, "GET");
    verify(&get, "id", "secret").unwrap();
    assert_ne!(
        post.header("authorization"),
        get.header("authorization"),
        "the method is signed"
    );

    let mut bare = request(&creds, HttpMethod::Get);
    bare.query.clear();
    let signed = SignerV3.sign(bare).unwrap();
    assert_eq!(signed.url, "http://127.0.0.1:8080/");
    verify(&signed, "id", "secret").unwrap();
}

#[test]
fn common_parameter_names_and_duplicates_are_refused() {
    let creds = Credentials::new("id", "secret");
    for clash in ["Action", "Signature", "SecurityToken", "Timestamp"] {
        let mut r = request(&creds, HttpMethod::Post);
        r.form = params(&[(clash, "x")]);
        let err = SignerV3.sign(r).unwrap_err();
        assert!(
            matches!(&err, SignError::ReservedParameter { name } if name == clash),
            "{err:?}"
        );
    }
    let mut r = request(&creds, HttpMethod::Post);
    r.form = params(&[("JobId", "again")]);
    let err = SignerV3.sign(r).unwrap_err();
    assert!(
        matches!(&err, SignError::DuplicateParameter { name } if name == "JobId"),
        "{err:?}"
    );
}
