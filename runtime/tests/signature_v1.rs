//! RPC signature v1 (HMAC-SHA1) behaviour beyond the data vectors (`tests/vectors.rs`):
//! where parameters go (query, form body), STS, collisions, sort order and encoding.

use smc_runtime::encode::percent_encode;
use smc_runtime::signer::v1::{canonical_query, sign_params, string_to_sign};
use smc_runtime::{Credentials, HttpMethod, SignError, Signer, SignerV1, SigningRequest};

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The decoded `name=value` pairs of a query string or form body.
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
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

const VECTOR_D_PARAMS: &[(&str, &str)] = &[
    ("AccessKeyId", "testid"),
    ("Action", "StopReplicationJob"),
    ("Format", "JSON"),
    ("JobId", "j-bw526m1vi6x21qh****"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
    ("SignatureVersion", "1.0"),
    ("Timestamp", "2016-02-23T12:46:24Z"),
    ("Version", "2019-06-01"),
];

#[test]
fn an_existing_signature_param_is_not_signed() {
    let mut p = params(VECTOR_D_PARAMS);
    let want = sign_params("POST", &p, "testsecret");
    assert_eq!(want, "ZX/MhN9tf0YTovPbPtKc+du1xAU=");
    p.push(("Signature".into(), "stale".into()));
    assert_eq!(sign_params("POST", &p, "testsecret"), want);
}

fn stop_request<'a>(creds: &'a Credentials, method: HttpMethod) -> SigningRequest<'a> {
    SigningRequest {
        method,
        endpoint: "https://smc.aliyuncs.com",
        action: "StopReplicationJob",
        version: "2019-06-01",
        query: params(&[("JobId", "j-bw526m1vi6x21qh****")]),
        form: Vec::new(),
        timestamp: "2016-02-23T12:46:24Z",
        nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        credentials: creds,
        headers: Vec::new(),
    }
}

#[test]
fn post_and_get_sign_their_own_method_and_only_post_says_form() {
    let creds = Credentials::new("testid", "testsecret");
    let post = SignerV1
        .sign(stop_request(&creds, HttpMethod::Post))
        .unwrap();
    let get = SignerV1
        .sign(stop_request(&creds, HttpMethod::Get))
        .unwrap();
    assert_eq!((post.method.as_str(), get.method.as_str()), ("POST", "GET"));
    let p = params(VECTOR_D_PARAMS);
    for (request, method) in [(&post, "POST"), (&get, "GET")] {
        let sig = sign_params(method, &p, "testsecret");
        assert!(
            request
                .url
                .ends_with(&format!("&Signature={}", percent_encode(&sig))),
            "{method}: {}",
            request.url
        );
        assert!(request.body.is_empty());
    }
    assert_ne!(post.url, get.url, "the method is signed");
    let content_type = |r: &smc_runtime::HttpRequest| {
        r.headers
            .iter()
            .find(|(k, _)| k == "Content-Type")
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        content_type(&post).as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(content_type(&get), None, "a GET has no body to describe");
}

#[test]
fn form_parameters_go_in_the_body_and_are_signed_with_the_query() {
    let creds = Credentials::new("testid", "testsecret").with_security_token("tok/en+=");
    let mut request = stop_request(&creds, HttpMethod::Post);
    request.form = params(&[("Tag.1.Key", "k y*"), ("Content", ""), ("Desc", "é~")]);
    let signed = SignerV1.sign(request).unwrap();
    let body = String::from_utf8(signed.body.clone()).unwrap();
    assert_eq!(
        body, "Tag.1.Key=k%20y%2A&Content=&Desc=%C3%A9~",
        "form order kept"
    );

    let (_, query) = signed.url.split_once('?').unwrap();
    let in_url = decode_pairs(query);
    let names: Vec<&str> = in_url.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        names.contains(&"JobId") && names.contains(&"SecurityToken"),
        "{names:?}"
    );
    for form_name in ["Tag.1.Key", "Content", "Desc"] {
        assert!(
            !names.contains(&form_name),
            "{form_name} is in the body only"
        );
    }
    // The signature covers the query and the form together.
    let (signature, unsigned): (Vec<_>, Vec<_>) =
        in_url.into_iter().partition(|(k, _)| k == "Signature");
    let mut all = unsigned.clone();
    all.extend(decode_pairs(&body));
    assert_eq!(signature[0].1, sign_params("POST", &all, "testsecret"));
    assert_ne!(signature[0].1, sign_params("POST", &unsigned, "testsecret"));
}

#[test]
fn signer_adds_security_token_and_rejects_collisions() {
    let creds = Credentials::new("accessKeyId", "accessKeySecret").with_security_token("tok en");
    let base = SigningRequest {
        method: HttpMethod::Post,
        endpoint: "http://127.0.0.1:1",
        action: "A",
        version: "V",
        query: Vec::new(),
        form: Vec::new(),
        timestamp: "2016-02-23T12:46:24Z",
        nonce: "n",
        credentials: &creds,
        headers: Vec::new(),
    };
    let request = SignerV1.sign(base.clone()).unwrap();
    assert!(
        request.url.contains("&SecurityToken=tok%20en&"),
        "{}",
        request.url
    );

    for clash in ["Action", "Signature", "SecurityToken"] {
        let mut r = base.clone();
        r.form = params(&[(clash, "x")]);
        let err = SignerV1.sign(r).unwrap_err();
        assert!(
            matches!(&err, SignError::ReservedParameter { name } if name == clash),
            "{err:?}"
        );
        assert!(err.to_string().contains(clash), "{err}");
    }

    let mut r = base.clone();
    r.query = params(&[("JobId", "a")]);
    r.form = params(&[("JobId", "b")]);
    let err = SignerV1.sign(r).unwrap_err();
    assert!(
        matches!(&err, SignError::DuplicateParameter { name } if name == "JobId"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "parameter `JobId` is set twice");
}

#[test]
fn sorting_is_by_raw_name_in_byte_order() {
    let p = params(&[
        ("Key.2", "c"),
        ("Key.10", "b"),
        ("Key.1", "a"),
        ("key", "lower"),
        ("Key", "upper"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", "n"),
        ("SignatureMethod", "m"),
    ]);
    assert_eq!(
        canonical_query(&p),
        "Key=upper&Key.1=a&Key.10=b&Key.2=c&SignatureMethod=m&SignatureNonce=n&SignatureVersion=1.0&key=lower"
    );
}

#[test]
fn empty_values_are_kept_and_tricky_chars_encoded() {
    let p = params(&[
        ("Name", ""),
        ("Desc", "a b*c~d+e/f!g'h(i)j"),
        ("Uni", "迁移é"),
    ]);
    assert_eq!(
        canonical_query(&p),
        "Desc=a%20b%2Ac~d%2Be%2Ff%21g%27h%28i%29j&Name=&Uni=%E8%BF%81%E7%A7%BB%C3%A9"
    );
    // The StringToSign encodes the canonical query a second time.
    assert_eq!(
        string_to_sign("POST", "Name=&X=a%20b"),
        "POST&%2F&Name%3D%26X%3Da%2520b"
    );
}
