//! End to end over loopback: the generated `smc` client talks real HTTP to a local server
//! that verifies the signature, v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256), with its own code,
//! not the runtime's, and the common parameters (v1 query parameters, v3 `x-acs-*` headers),
//! then answers like SMC does. Every test runs with both signature versions.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Digest as _;
use smc::{SdkError, StopReplicationJobError};
use smc_runtime::SignatureVersion;
use smc_tests::percent::{decode, rfc3986};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Several products in one crate: each client reaches its own endpoint with its own version.
#[path = "e2e_products.rs"]
mod products;

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// The decoded query.
    params: BTreeMap<String, String>,
    /// The headers, names lowercased.
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The v3 signature of `seen` over the headers `signed` names (`;`-separated).
fn expected_v3_signature(seen: &Seen, signed: &str) -> String {
    let query: Vec<String> = seen
        .params
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect();
    let headers: String = signed
        .split(';')
        .map(|name| {
            let value = seen.headers.get(name).map(String::as_str).unwrap_or("");
            format!("{name}:{}\n", value.trim())
        })
        .collect();
    let canonical = format!(
        "{}\n/\n{}\n{headers}\n{signed}\n{}",
        seen.method,
        query.join("&"),
        hex(&sha2::Sha256::digest(&seen.body))
    );
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&sha2::Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Checks a v3 request: required headers, all signed, payload hash, signature; `Err` is the
/// error answer to send.
fn check_v3(seen: &Seen) -> Result<(), (u16, String)> {
    let h = &seen.headers;
    let auth = h.get("authorization").cloned().unwrap_or_default();
    let parsed = auth
        .strip_prefix("ACS3-HMAC-SHA256 Credential=")
        .and_then(|rest| rest.split_once(",SignedHeaders="))
        .and_then(|(id, rest)| rest.split_once(",Signature=").map(|(s, sig)| (id, s, sig)));
    let Some((id, signed, signature)) = parsed else {
        return Err((
            400,
            format!(r#"{{"Code":"IncompleteSignature","Message":"{auth}"}}"#),
        ));
    };
    let names: Vec<&str> = signed.split(';').collect();
    let problems: Vec<&str> = [
        (id == KEY_ID, "Credential"),
        (
            h.get("x-acs-action").map(String::as_str) == Some("StopReplicationJob"),
            "x-acs-action",
        ),
        (
            h.get("x-acs-version").map(String::as_str) == Some("2019-06-01"),
            "x-acs-version",
        ),
        (
            h.get("x-acs-signature-nonce")
                .is_some_and(|n| !n.is_empty()),
            "x-acs-signature-nonce",
        ),
        (
            h.get("x-acs-date").is_some_and(|t| is_timestamp(t)),
            "x-acs-date",
        ),
        (
            h.get("x-acs-content-sha256") == Some(&hex(&sha2::Sha256::digest(&seen.body))),
            "x-acs-content-sha256",
        ),
        (
            h.keys()
                .filter(|k| k.starts_with("x-acs-") || *k == "host")
                .all(|k| names.contains(&k.as_str())),
            "SignedHeaders",
        ),
        (!seen.params.contains_key("Action"), "no v1 Action"),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, name)| name)
    .collect();
    if !problems.is_empty() {
        return Err((
            400,
            format!(r#"{{"Code":"MissingParameter","Message":"bad {problems:?}"}}"#),
        ));
    }
    if signature != expected_v3_signature(seen, signed) {
        return Err((400, SIGNATURE_MISMATCH.into()));
    }
    Ok(())
}

const SIGNATURE_MISMATCH: &str = r#"{"RequestId":"R-SIG","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation."}"#;

fn expected_signature(method: &str, params: &BTreeMap<String, String>) -> String {
    let canonical: Vec<String> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect();
    let string_to_sign = format!("{method}&%2F&{}", rfc3986(&canonical.join("&")));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{SECRET}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks the request and picks the answer: (status, JSON body).
fn answer(seen: &Seen) -> (u16, String) {
    let verified = if seen.headers.contains_key("authorization") {
        check_v3(seen)
    } else {
        check_v1(seen)
    };
    if let Err(answer) = verified {
        return answer;
    }
    match seen.params.get("JobId").map(String::as_str) {
        Some(id) if id.starts_with("j-running") => (
            200,
            r#"{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"}"#.into(),
        ),
        _ => (
            400,
            r#"{"RequestId":"R-400","HostId":"smc.aliyuncs.com","Code":"ReplicationJob.InvalidStatus","Message":"The specified replication job status is invalid.","Recommend":"https://api.aliyun.com/troubleshoot?q=ReplicationJob.InvalidStatus"}"#.into(),
        ),
    }
}

/// Checks a v1 request: common parameters and signature; `Err` is the error answer to send.
fn check_v1(seen: &Seen) -> Result<(), (u16, String)> {
    let p = &seen.params;
    let problems: Vec<&str> = [
        (
            p.get("Action").map(String::as_str) == Some("StopReplicationJob"),
            "Action",
        ),
        (
            p.get("Version").map(String::as_str) == Some("2019-06-01"),
            "Version",
        ),
        (
            p.get("Format").map(String::as_str) == Some("JSON"),
            "Format",
        ),
        (
            p.get("AccessKeyId").map(String::as_str) == Some(KEY_ID),
            "AccessKeyId",
        ),
        (
            p.get("SignatureMethod").map(String::as_str) == Some("HMAC-SHA1"),
            "SignatureMethod",
        ),
        (
            p.get("SignatureVersion").map(String::as_str) == Some("1.0"),
            "SignatureVersion",
        ),
        (
            p.get("SignatureNonce").is_some_and(|n| !n.is_empty()),
            "SignatureNonce",
        ),
        (
            p.get("Timestamp").is_some_and(|t| is_timestamp(t)),
            "Timestamp",
        ),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, name)| name)
    .collect();
    if !problems.is_empty() {
        return Err((
            400,
            format!(r#"{{"Code":"MissingParameter","Message":"bad {problems:?}"}}"#),
        ));
    }
    let signature = p.get("Signature").cloned().unwrap_or_default();
    if signature != expected_signature(&seen.method, p) {
        return Err((400, SIGNATURE_MISMATCH.into()));
    }
    Ok(())
}

/// `yyyy-MM-ddTHH:mm:ssZ`.
fn is_timestamp(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && b.iter()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

/// A minimal HTTP/1.1 server on 127.0.0.1 answering like SMC: one request per connection.
async fn serve(log: Arc<Mutex<Vec<Seen>>>) -> String {
    serve_with(log, answer).await
}

/// A minimal HTTP/1.1 server on 127.0.0.1 that records each request and answers it with
/// `answer`: one request per connection.
async fn serve_with(log: Arc<Mutex<Vec<Seen>>>, answer: fn(&Seen) -> (u16, String)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    let n = socket.read(&mut chunk).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let headers: BTreeMap<String, String> = head
                    .lines()
                    .skip(1)
                    .filter_map(|line| line.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                    .collect();
                let length: usize = headers
                    .get("content-length")
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    let n = socket.read(&mut chunk).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = buf[head_end..head_end + length].to_vec();
                let request_line = head.lines().next().unwrap_or_default().to_string();
                let mut parts = request_line.split(' ');
                let method = parts.next().unwrap_or_default().to_string();
                let target = parts.next().unwrap_or_default();
                let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
                let params = query
                    .split('&')
                    .filter(|kv| !kv.is_empty())
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                        (decode(k), decode(v))
                    })
                    .collect();
                let seen = Seen {
                    method,
                    params,
                    headers,
                    body,
                };
                let (status, body) = answer(&seen);
                log.lock().unwrap().push(seen);
                let reason = if status == 200 { "OK" } else { "Bad Request" };
                let response = format!(
                    "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

async fn client(version: SignatureVersion) -> (smc::Client, Arc<Mutex<Vec<Seen>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let endpoint = serve(log.clone()).await;
    let config = smc::Config::builder()
        .endpoint(endpoint)
        .credentials(smc::Credentials::new(KEY_ID, SECRET))
        .signature_version(version)
        .build()
        .unwrap();
    (smc::Client::new(&config), log)
}

#[tokio::test]
async fn success_is_decoded_into_the_typed_response() {
    for version in VERSIONS {
        success_with(version).await;
    }
}

async fn success_with(version: SignatureVersion) {
    let (client, log) = client(version).await;
    let response = client
        .stop_replication_job()
        .job_id("j-running-bw526m1vi6x21qh****")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.request_id.as_deref(),
        Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E")
    );
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].params["JobId"], "j-running-bw526m1vi6x21qh****");
    assert_eq!(
        seen[0].headers.contains_key("authorization"),
        version == SignatureVersion::V3,
        "{version:?}"
    );
}

#[tokio::test]
async fn invalid_status_is_the_typed_variant() {
    for version in VERSIONS {
        invalid_status_with(version).await;
    }
}

async fn invalid_status_with(version: SignatureVersion) {
    let (client, _log) = client(version).await;
    let err = client
        .stop_replication_job()
        .job_id("j-stopped")
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(service) = &err else {
        panic!("expected a service error, got {err:?}");
    };
    assert_eq!(service.status(), 400);
    let e = service.err();
    assert!(
        matches!(e, StopReplicationJobError::ReplicationJobInvalidStatus(_)),
        "{e:?}"
    );
    assert_eq!(e.variant_name(), "ReplicationJobInvalidStatus");
    assert_eq!(e.code(), "ReplicationJob.InvalidStatus");
    assert_eq!(
        e.message(),
        "The specified replication job status is invalid."
    );
    assert_eq!(e.request_id(), Some("R-400"));
    assert_eq!(e.host_id(), Some("smc.aliyuncs.com"));
    assert!(e.recommend().unwrap_or_default().contains("troubleshoot"));
    assert_eq!(
        e.to_string(),
        "ReplicationJob.InvalidStatus: The specified replication job status is invalid."
    );
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_by_the_server() {
    for version in VERSIONS {
        wrong_secret_with(version).await;
    }
}

async fn wrong_secret_with(version: SignatureVersion) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let endpoint = serve(log).await;
    let config = smc::Config::builder()
        .endpoint(endpoint)
        .credentials(smc::Credentials::new(KEY_ID, "not-the-secret"))
        .signature_version(version)
        .build()
        .unwrap();
    let err = smc::Client::new(&config)
        .stop_replication_job()
        .job_id("j-running-1")
        .send()
        .await
        .unwrap_err();
    let e = err.as_service_error().expect("service error");
    assert!(matches!(e, StopReplicationJobError::Unhandled(_)));
    assert_eq!(e.code(), "SignatureDoesNotMatch", "{version:?}");
}

#[tokio::test]
async fn a_missing_required_field_never_reaches_the_wire() {
    let (client, log) = client(SignatureVersion::default()).await;
    let err = client.stop_replication_job().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    let report = smc_runtime::DisplayErrorContext(&err).to_string();
    assert!(report.contains("job_id"), "{report}");
    assert!(log.lock().unwrap().is_empty());
}
