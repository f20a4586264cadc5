//! RPC signature v1 (HMAC-SHA1) against the vectors of protocol.md section 1, byte for byte.

use smc_runtime::encode::percent_encode;
use smc_runtime::signer::v1::{canonical_query, sign_params, signature, string_to_sign};
use smc_runtime::{Credentials, SignError, Signer, SignerV1, SigningRequest};

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Checks the canonical query (if given), StringToSign (if given) and signature of one case.
fn check(
    method: &str,
    secret: &str,
    input: &[(&str, &str)],
    canonical: Option<&str>,
    sts: Option<&str>,
    expected_signature: &str,
) {
    let p = params(input);
    let c = canonical_query(&p);
    if let Some(expected) = canonical {
        assert_eq!(c, expected, "canonical query");
    }
    let s = string_to_sign(method, &c);
    if let Some(expected) = sts {
        assert_eq!(s, expected, "string to sign");
    }
    assert!(s.starts_with(&format!("{method}&%2F&")));
    assert_eq!(signature(&s, secret), expected_signature, "signature");
    assert_eq!(sign_params(method, &p, secret), expected_signature);
}

// Vector A, protocol.md 1.2 (ECS DescribeRegions, official doc). Input deliberately unsorted.
const VECTOR_A: &[(&str, &str)] = &[
    ("Timestamp", "2016-02-23T12:46:24Z"),
    ("Action", "DescribeRegions"),
    ("SignatureVersion", "1.0"),
    ("Format", "XML"),
    ("AccessKeyId", "testid"),
    ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
    ("Version", "2014-05-26"),
    ("SignatureMethod", "HMAC-SHA1"),
];

#[test]
fn vector_a_describe_regions() {
    check(
        "GET",
        "testsecret",
        VECTOR_A,
        Some("AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"),
        Some("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
    );
    assert_eq!(
        percent_encode("OLeaidS1JvxuMvnyHOwuJ+uX5qY="),
        "OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
    );
}

#[test]
fn vector_a_ignores_an_existing_signature_param() {
    let mut p = params(VECTOR_A);
    p.push(("Signature".into(), "stale".into()));
    assert_eq!(
        sign_params("GET", &p, "testsecret"),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
}

// Vector B, protocol.md 1.3 (ECS DescribeDedicatedHosts, V2 doc).
const VECTOR_B: &[(&str, &str)] = &[
    ("AccessKeyId", "testid"),
    ("Action", "DescribeDedicatedHosts"),
    ("Format", "JSON"),
    ("RegionId", "cn-beijing"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"),
    ("SignatureVersion", "1.0"),
    ("Timestamp", "2023-03-13T08:34:30Z"),
    ("Version", "2014-05-26"),
];
const VECTOR_B_CANONICAL: &str = "AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureVersion=1.0&Timestamp=2023-03-13T08%3A34%3A30Z&Version=2014-05-26";

#[test]
fn vector_b_get() {
    let sts = format!("GET&%2F&{}", percent_encode(VECTOR_B_CANONICAL));
    check(
        "GET",
        "testsecret",
        VECTOR_B,
        Some(VECTOR_B_CANONICAL),
        Some(&sts),
        "9NaGiOspFP5UPcwX8Iwt2YJXXuk=",
    );
}

#[test]
fn vector_b_post() {
    let sts = format!("POST&%2F&{}", percent_encode(VECTOR_B_CANONICAL));
    check(
        "POST",
        "testsecret",
        VECTOR_B,
        Some(VECTOR_B_CANONICAL),
        Some(&sts),
        "ZvQ9xGiFnquSJRvj+WE6kdSpTwU=",
    );
}

// Vector C, protocol.md 1.5 (Go SDK unit test): empty values and a space in a value.
const VECTOR_C: &[(&str, &str)] = &[
    ("AccessKeyId", "accessKeyId"),
    ("Action", ""),
    ("Format", "JSON"),
    ("RegionId", "regionId"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureNonce", "MOCK_UUID"),
    ("SignatureType", ""),
    ("SignatureVersion", "1.0"),
    ("Timestamp", "mock date"),
    ("Version", ""),
];

#[test]
fn vector_c_empty_values_and_space() {
    check(
        "GET",
        "accessKeySecret",
        VECTOR_C,
        Some("AccessKeyId=accessKeyId&Action=&Format=JSON&RegionId=regionId&SignatureMethod=HMAC-SHA1&SignatureNonce=MOCK_UUID&SignatureType=&SignatureVersion=1.0&Timestamp=mock%20date&Version="),
        Some("GET&%2F&AccessKeyId%3DaccessKeyId%26Action%3D%26Format%3DJSON%26RegionId%3DregionId%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DMOCK_UUID%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3Dmock%2520date%26Version%3D"),
        "7loPmFjvDnzOVnQeQNj85S6nFGY=",
    );
}

#[test]
fn vector_c_with_security_token() {
    let mut input = VECTOR_C.to_vec();
    input.push(("SecurityToken", "accessKeyStsToken"));
    check(
        "GET",
        "accessKeySecret",
        &input,
        None,
        None,
        "5Nxdcler+ihqWqv0Hr2On4PsBf4=",
    );
}

// Vector D, protocol.md 1.6 (self-computed SMC StopReplicationJob, POST; `*` must be %2A).
const VECTOR_D_CANONICAL: &str = "AccessKeyId=testid&Action=StopReplicationJob&Format=JSON&JobId=j-bw526m1vi6x21qh%2A%2A%2A%2A&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2019-06-01";

#[test]
fn vector_d_smc_stop_replication_job() {
    check(
        "POST",
        "testsecret",
        &[
            ("AccessKeyId", "testid"),
            ("Action", "StopReplicationJob"),
            ("Format", "JSON"),
            ("JobId", "j-bw526m1vi6x21qh****"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2019-06-01"),
        ],
        Some(VECTOR_D_CANONICAL),
        None,
        "ZX/MhN9tf0YTovPbPtKc+du1xAU=",
    );
}

#[test]
fn vector_d_through_the_signer_trait() {
    let creds = Credentials::new("testid", "testsecret");
    let request = SignerV1
        .sign(SigningRequest {
            method: "POST",
            endpoint: "https://smc.aliyuncs.com",
            action: "StopReplicationJob",
            version: "2019-06-01",
            params: params(&[("JobId", "j-bw526m1vi6x21qh****")]),
            timestamp: "2016-02-23T12:46:24Z",
            nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            credentials: &creds,
        })
        .unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        format!(
            "https://smc.aliyuncs.com/?{VECTOR_D_CANONICAL}&Signature=ZX%2FMhN9tf0YTovPbPtKc%2Bdu1xAU%3D"
        )
    );
    assert!(request.body.is_empty());
    assert!(request.headers.contains(&(
        "Content-Type".to_string(),
        "application/x-www-form-urlencoded".to_string()
    )));
}

#[test]
fn signer_adds_security_token_and_rejects_collisions() {
    let creds = Credentials::new("accessKeyId", "accessKeySecret").with_security_token("tok en");
    let base = SigningRequest {
        method: "POST",
        endpoint: "http://127.0.0.1:1",
        action: "A",
        version: "V",
        params: Vec::new(),
        timestamp: "2016-02-23T12:46:24Z",
        nonce: "n",
        credentials: &creds,
    };
    let request = SignerV1.sign(base.clone()).unwrap();
    assert!(
        request.url.contains("&SecurityToken=tok%20en&"),
        "{}",
        request.url
    );

    for clash in ["Action", "Signature", "SecurityToken"] {
        let mut r = base.clone();
        r.params = params(&[(clash, "x")]);
        let err = SignerV1.sign(r).unwrap_err();
        assert!(
            matches!(&err, SignError::ReservedParameter { name } if name == clash),
            "{err:?}"
        );
        assert!(err.to_string().contains(clash), "{err}");
    }

    let mut r = base.clone();
    r.params = params(&[("JobId", "a"), ("JobId", "b")]);
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
