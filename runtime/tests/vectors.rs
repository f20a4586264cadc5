//! Signature test vectors kept as data, one folder per case under `tests/vectors/`:
//! `input.json` (where the case comes from and its inputs), `canonical_request.txt` (v1: the
//! canonicalized query string), `string_to_sign.txt` and `signature.txt`, compared byte for
//! byte.
//!
//! Each case is checked through the public step functions of its signature version and, when
//! it gives the signer's inputs (`signer_input`), through the [`Signer`] itself: the signed
//! request must carry exactly that signature.

use serde::Deserialize;
use smc_runtime::encode::{encode_pairs, percent_encode};
use smc_runtime::signer::{v1, v3};
use smc_runtime::{
    Credentials, HttpMethod, HttpRequest, Signer, SignerV1, SignerV3, SigningRequest,
};
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    source: String,
    signature_version: String,
    method: String,
    access_key_secret: String,
    /// v1: every parameter signed, common ones included.
    #[serde(default)]
    params: Option<Vec<(String, String)>>,
    #[serde(default)]
    signer_input: Option<SignerInput>,
}

/// What the client hands a signer, less the secret (top level) and the method (top level).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignerInput {
    endpoint: String,
    access_key_id: String,
    security_token: Option<String>,
    action: String,
    version: String,
    timestamp: String,
    nonce: String,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
}

struct Case {
    name: String,
    input: Input,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

fn cases() -> Vec<Case> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            input: serde_json::from_str(&read(dir, "input.json"))
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display())),
            canonical_request: read(dir, "canonical_request.txt"),
            string_to_sign: read(dir, "string_to_sign.txt"),
            signature: read(dir, "signature.txt"),
        })
        .collect()
}

fn method(case: &Case) -> HttpMethod {
    match case.input.method.as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => panic!("{}: method {other}", case.name),
    }
}

fn credentials(case: &Case, si: &SignerInput) -> Credentials {
    let c = Credentials::new(&si.access_key_id, &case.input.access_key_secret);
    match &si.security_token {
        Some(token) => c.with_security_token(token),
        None => c,
    }
}

fn sign(case: &Case, si: &SignerInput, signer: &dyn Signer) -> HttpRequest {
    let creds = credentials(case, si);
    signer
        .sign(SigningRequest {
            method: method(case),
            endpoint: &si.endpoint,
            action: &si.action,
            version: &si.version,
            query: si.query.clone(),
            form: si.form.clone(),
            timestamp: &si.timestamp,
            nonce: &si.nonce,
            credentials: &creds,
            headers: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

fn check_v1(case: &Case) {
    let name = &case.name;
    let m = case.input.method.as_str();
    let secret = &case.input.access_key_secret;
    if let Some(params) = &case.input.params {
        let canonical = v1::canonical_query(params);
        assert_eq!(canonical, case.canonical_request, "{name}: canonical query");
        let sts = v1::string_to_sign(m, &canonical);
        assert_eq!(sts, case.string_to_sign, "{name}: string to sign");
        assert_eq!(
            v1::signature(&sts, secret),
            case.signature,
            "{name}: signature"
        );
        assert_eq!(v1::sign_params(m, params, secret), case.signature, "{name}");
    }
    if let Some(si) = &case.input.signer_input {
        let request = sign(case, si, &SignerV1);
        assert_eq!(request.method, m, "{name}");
        let signature = format!("&Signature={}", percent_encode(&case.signature));
        if si.form.is_empty() {
            // Without a form body the URL query is the canonical query, then the signature.
            assert_eq!(
                request.url,
                format!("{}/?{}{signature}", si.endpoint, case.canonical_request),
                "{name}: signed URL"
            );
            assert!(request.body.is_empty(), "{name}");
        } else {
            // With one, the URL carries the signed set less the form, which is the body.
            let params = case.input.params.as_ref().expect("params with a form");
            let in_url: Vec<(String, String)> = params
                .iter()
                .filter(|(k, _)| !si.form.iter().any(|(f, _)| f == k))
                .cloned()
                .collect();
            assert_eq!(
                request.url,
                format!(
                    "{}/?{}{signature}",
                    si.endpoint,
                    v1::canonical_query(&in_url)
                ),
                "{name}: signed URL"
            );
            let body = encode_pairs(si.form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            assert_eq!(request.body, body.as_bytes(), "{name}: form body");
        }
    }
    assert!(
        case.input.params.is_some() || case.input.signer_input.is_some(),
        "{name}: nothing to check"
    );
}

fn check_v3(case: &Case) {
    let name = &case.name;
    let si = case
        .input
        .signer_input
        .as_ref()
        .unwrap_or_else(|| panic!("{name}: v3 vectors need signer_input"));
    let creds = credentials(case, si);
    let signing = SigningRequest {
        method: method(case),
        endpoint: &si.endpoint,
        action: &si.action,
        version: &si.version,
        query: si.query.clone(),
        form: si.form.clone(),
        timestamp: &si.timestamp,
        nonce: &si.nonce,
        credentials: &creds,
        headers: Vec::new(),
    };
    let body = encode_pairs(si.form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let payload = v3::hex_sha256(body.as_bytes());
    let headers = v3::headers_to_sign(&signing, &payload, !body.is_empty());
    let (canonical_headers, signed_headers) = v3::canonical_headers(&headers);
    let canonical = v3::canonical_request(
        &case.input.method,
        &v3::canonical_query(&si.query),
        &canonical_headers,
        &signed_headers,
        &payload,
    );
    assert_eq!(
        canonical, case.canonical_request,
        "{name}: canonical request"
    );
    let sts = v3::string_to_sign(&canonical);
    assert_eq!(sts, case.string_to_sign, "{name}: string to sign");
    let sig = v3::signature(&sts, &case.input.access_key_secret);
    assert_eq!(sig, case.signature, "{name}: signature");

    let request = sign(case, si, &SignerV3);
    assert_eq!(request.method, case.input.method, "{name}");
    assert_eq!(
        request.header("authorization"),
        Some(v3::authorization(&si.access_key_id, &signed_headers, &case.signature).as_str()),
        "{name}: Authorization"
    );
    for (k, v) in &headers {
        assert_eq!(request.header(k), Some(v.as_str()), "{name}: header {k}");
    }
    let query = v3::canonical_query(&si.query);
    let want_url = if query.is_empty() {
        format!("{}/", si.endpoint)
    } else {
        format!("{}/?{query}", si.endpoint)
    };
    assert_eq!(request.url, want_url, "{name}: URL");
    assert_eq!(request.body, body.as_bytes(), "{name}: body");
}

#[test]
fn every_vector_reproduces_byte_for_byte() {
    let cases = cases();
    let mut seen = Vec::new();
    for case in &cases {
        assert!(
            !case.input.source.is_empty(),
            "{}: say where it comes from",
            case.name
        );
        match case.input.signature_version.as_str() {
            "v1" => check_v1(case),
            "v3" => check_v3(case),
            other => panic!("{}: signature_version {other}", case.name),
        }
        seen.push(case.name.as_str());
    }
    // The official and cross-checked cases the runtime must keep reproducing.
    for must in [
        "v1-a-describe-regions",
        "v1-b-describe-dedicated-hosts-get",
        "v1-b-describe-dedicated-hosts-post",
        "v1-c-empty-values-and-space",
        "v1-c-security-token",
        "v1-d-smc-stop-replication-job",
        "v1-sts-form-body",
        "v3-official-run-instances",
        "v3-e-smc-stop-replication-job",
        "v3-sts-form-body",
    ] {
        assert!(seen.contains(&must), "vector {must} missing: {seen:?}");
    }
}

#[test]
fn a_changed_byte_is_caught() {
    // The comparison is not vacuous: the official v3 vector with another nonce, or v1's
    // vector A with another method, no longer matches.
    let case = cases()
        .into_iter()
        .find(|c| c.name == "v3-official-run-instances")
        .unwrap();
    let canonical = case
        .canonical_request
        .replace("3156853299f313e23d1673dc12e1703d", "x");
    assert_ne!(
        v3::signature(
            &v3::string_to_sign(&canonical),
            &case.input.access_key_secret
        ),
        case.signature
    );
    let a = cases()
        .into_iter()
        .find(|c| c.name == "v1-a-describe-regions")
        .unwrap();
    let params = a.input.params.unwrap();
    assert_ne!(v1::sign_params("POST", &params, "testsecret"), a.signature);
    assert_ne!(v1::sign_params("GET", &params, "testsecret&"), a.signature);
}
