//! `Client::call` end to end over a fake in-process transport: wire shape and signature (v1 and
//! v3, GET and POST, body parameters), success decoding, JSON/XML service errors, undecodable
//! bodies, timeouts and transport failures.

mod common;

use common::{chain, stop, StopReplicationJob, StopReplicationJobError, StopReplicationJobOutput};
use serde::Serialize;
use smc_runtime::signer::v1::sign_params;
use smc_runtime::signer::v3;
use smc_runtime::{
    BoxFuture, Client, Credentials, DisplayErrorContext, HttpMethod, HttpRequest, HttpResponse,
    Operation, SdkError, SignatureVersion, Transport, TransportError,
};
use std::error::Error as _;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET: &str = "loopback-secret-value";

// ---- a fake transport that records requests and answers from a closure ----

type Responder = dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync;

struct FakeTransport {
    seen: Mutex<Vec<HttpRequest>>,
    delay: Option<Duration>,
    respond: Box<Responder>,
}

impl fmt::Debug for FakeTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FakeTransport")
    }
}

impl Transport for FakeTransport {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            if let Some(d) = self.delay {
                tokio::time::sleep(d).await;
            }
            let answer = (self.respond)(&request);
            self.seen.lock().unwrap().push(request);
            answer
        })
    }
}

fn fake(
    respond: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
) -> Arc<FakeTransport> {
    Arc::new(FakeTransport {
        seen: Mutex::new(Vec::new()),
        delay: None,
        respond: Box::new(respond),
    })
}

fn answer(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    })
}

/// A client with the default signature version (v3) and method (POST).
fn client(transport: Arc<FakeTransport>, credentials: Credentials) -> Client {
    Client::builder()
        .endpoint("http://loopback.test")
        .credentials(credentials)
        .transport(transport)
        .build()
        .unwrap()
}

fn client_with(
    transport: Arc<FakeTransport>,
    credentials: Credentials,
    version: SignatureVersion,
    method: HttpMethod,
) -> Client {
    Client::builder()
        .endpoint("http://loopback.test")
        .credentials(credentials)
        .transport(transport)
        .signature_version(version)
        .method(method)
        .build()
        .unwrap()
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

// ---- query parsing with a strict percent-decoder ----

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            assert_ne!(
                bytes[i], b'+',
                "`+` must never appear unencoded in the query"
            );
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn query_params(url: &str) -> Vec<(String, String)> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    assert_eq!(base, "http://loopback.test/");
    form_params(query)
}

fn form_params(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// The operation's parameters as the server sees them (query and form, less v1's common
/// ones), sorted.
fn operation_params(request: &HttpRequest) -> Vec<(String, String)> {
    let mut all = query_params(&request.url);
    all.extend(form_params(&String::from_utf8_lossy(&request.body)));
    all.retain(|(k, _)| !smc_runtime::signer::RESERVED_PARAMETERS.contains(&k.as_str()));
    all.sort();
    all
}

/// Asserts a request is signed as `version` for `method`, recomputing the signature from what
/// was received; returns the operation's parameters (query and form).
fn assert_signed(
    request: &HttpRequest,
    version: SignatureVersion,
    method: HttpMethod,
    access_key_id: &str,
) -> Vec<(String, String)> {
    assert_eq!(request.method, method.as_str());
    if !request.body.is_empty() {
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }
    match version {
        SignatureVersion::V1 => assert_signed_v1(request, access_key_id),
        _ => assert_signed_v3(request, access_key_id),
    }
    operation_params(request)
}

/// A v3 request: `x-acs-*` headers, and an `Authorization` that recomputes from the headers it
/// names, the received query and the body.
fn assert_signed_v3(request: &HttpRequest, access_key_id: &str) {
    for (name, value) in [
        ("x-acs-action", "StopReplicationJob"),
        ("x-acs-version", "2019-06-01"),
        ("host", "loopback.test"),
    ] {
        assert_eq!(request.header(name), Some(value), "{name}");
    }
    let nonce = request.header("x-acs-signature-nonce").unwrap();
    assert!(nonce.len() == 32 && nonce.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_timestamp(request.header("x-acs-date").unwrap());
    let query = query_params(&request.url);
    assert!(
        query.iter().all(|(k, _)| k != "Action" && k != "Signature"),
        "no v1 common parameters: {query:?}"
    );
    let auth = request.header("authorization").unwrap();
    let (head, signature) = auth.split_once(",Signature=").unwrap();
    let (credential, signed) = head
        .strip_prefix("ACS3-HMAC-SHA256 Credential=")
        .unwrap()
        .split_once(",SignedHeaders=")
        .unwrap();
    assert_eq!(credential, access_key_id);
    let headers: Vec<(String, String)> = signed
        .split(';')
        .map(|n| (n.to_owned(), request.header(n).unwrap().to_owned()))
        .collect();
    let (canonical_headers, _) = v3::canonical_headers(&headers);
    let payload = v3::hex_sha256(&request.body);
    assert_eq!(
        request.header("x-acs-content-sha256"),
        Some(payload.as_str())
    );
    let canonical = v3::canonical_request(
        &request.method,
        &v3::canonical_query(&query),
        &canonical_headers,
        signed,
        &payload,
    );
    assert_eq!(
        signature,
        v3::signature(&v3::string_to_sign(&canonical), SECRET),
        "signature recomputed from the received request"
    );
}

/// `yyyy-MM-ddTHH:mm:ssZ`.
fn assert_timestamp(ts: &str) {
    let ts = ts.as_bytes();
    assert_eq!(ts.len(), 20);
    assert_eq!(
        (ts[4], ts[7], ts[10], ts[13], ts[16], ts[19]),
        (b'-', b'-', b'T', b':', b':', b'Z')
    );
}

fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A v1 request: valid common params in the query and a signature that recomputes from the
/// query and the form body together.
fn assert_signed_v1(request: &HttpRequest, access_key_id: &str) {
    let params = query_params(&request.url);
    assert_eq!(
        params.last().unwrap().0,
        "Signature",
        "Signature is appended last"
    );
    for (name, value) in [
        ("Action", "StopReplicationJob"),
        ("Version", "2019-06-01"),
        ("Format", "JSON"),
        ("AccessKeyId", access_key_id),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
    ] {
        assert_eq!(get(&params, name), Some(value), "{name}");
    }
    let nonce = get(&params, "SignatureNonce").unwrap();
    assert!(nonce.len() == 32 && nonce.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_timestamp(get(&params, "Timestamp").unwrap());

    let mut unsigned: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    unsigned.extend(form_params(&String::from_utf8_lossy(&request.body)));
    assert_eq!(
        get(&params, "Signature").unwrap(),
        sign_params(&request.method, &unsigned, SECRET),
        "signature recomputed from the received query and body"
    );
}

// ---- tests ----

#[tokio::test]
async fn success_is_signed_and_decoded() {
    for version in VERSIONS {
        for method in [HttpMethod::Post, HttpMethod::Get] {
            let t = fake(|_| {
                answer(
                    200,
                    r#"{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"}"#,
                )
            });
            let c = client_with(
                t.clone(),
                Credentials::new("AKID-loop", SECRET),
                version,
                method,
            );
            let out = c
                .call(&StopReplicationJob {
                    job_id: "j-running ***".into(),
                    tag: vec!["a".into(), "b".into()],
                })
                .await
                .unwrap();
            assert_eq!(
                out.request_id.as_deref(),
                Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E")
            );
            c.call(&stop("j-2")).await.unwrap();

            let seen = t.seen.lock().unwrap();
            assert_eq!(seen.len(), 2);
            let first = assert_signed(&seen[0], version, method, "AKID-loop");
            assert_eq!(get(&first, "JobId"), Some("j-running ***"));
            assert_eq!(get(&first, "Tag.1"), Some("a"));
            assert_eq!(get(&first, "Tag.2"), Some("b"));
            assert!(
                seen[0].body.is_empty(),
                "no BODY parameters: everything in the query"
            );
            assert!(
                seen[0].url.contains("JobId=j-running%20%2A%2A%2A&"),
                "{}",
                seen[0].url
            );
            assert_signed(&seen[1], version, method, "AKID-loop");
            let nonce = |r: &HttpRequest| match version {
                SignatureVersion::V1 => {
                    get(&query_params(&r.url), "SignatureNonce").map(str::to_owned)
                }
                _ => r.header("x-acs-signature-nonce").map(str::to_owned),
            };
            assert_ne!(nonce(&seen[0]), nonce(&seen[1]), "fresh nonce per call");
        }
    }
}

#[tokio::test]
async fn default_client_signs_v3_and_posts() {
    let t = fake(|_| answer(200, r#"{"RequestId":"r"}"#));
    let c = client(t.clone(), Credentials::new("AKID-default", SECRET));
    assert_eq!(c.method(), HttpMethod::Post);
    c.call(&stop("j-1")).await.unwrap();
    let seen = t.seen.lock().unwrap();
    assert_signed(
        &seen[0],
        SignatureVersion::V3,
        HttpMethod::Post,
        "AKID-default",
    );
    assert_eq!(seen[0].url, "http://loopback.test/?JobId=j-1");
}

#[tokio::test]
async fn security_token_is_sent_and_signed() {
    for version in VERSIONS {
        let t = fake(|_| answer(200, r#"{"RequestId":"r"}"#));
        let c = client_with(
            t.clone(),
            Credentials::new("STS.id", SECRET).with_security_token("token/with+chars="),
            version,
            HttpMethod::Post,
        );
        c.call(&stop("j-1")).await.unwrap();
        let seen = t.seen.lock().unwrap();
        assert_signed(&seen[0], version, HttpMethod::Post, "STS.id");
        let query = query_params(&seen[0].url);
        let (in_query, in_header) = match version {
            SignatureVersion::V1 => (Some("token/with+chars="), None),
            _ => (None, Some("token/with+chars=")),
        };
        assert_eq!(get(&query, "SecurityToken"), in_query, "{version:?}");
        assert_eq!(
            seen[0].header("x-acs-security-token"),
            in_header,
            "{version:?}"
        );
    }
}

/// StopReplicationJob as a page might define it with `Tag` in the body.
#[derive(Serialize)]
struct WithBody {
    #[serde(rename = "JobId")]
    job_id: String,
    #[serde(rename = "Tag")]
    tag: Vec<Tagged>,
    #[serde(rename = "Tags")]
    tags: String,
}

#[derive(Serialize)]
struct Tagged {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Value")]
    value: String,
}

impl Operation for WithBody {
    const ACTION: &'static str = "StopReplicationJob";
    const VERSION: &'static str = "2019-06-01";
    const BODY: &'static [&'static str] = &["Tag"];
    type Output = StopReplicationJobOutput;
    type Error = StopReplicationJobError;
}

#[tokio::test]
async fn body_parameters_go_in_a_signed_form_on_post_and_in_the_query_on_get() {
    let input = WithBody {
        job_id: "j-1".into(),
        tag: vec![
            Tagged {
                key: "k 1".into(),
                value: "v*1".into(),
            },
            Tagged {
                key: "k2".into(),
                value: String::new(),
            },
        ],
        tags: "not under Tag".into(),
    };
    let mut want = vec![
        ("JobId".to_owned(), "j-1".to_owned()),
        ("Tag.1.Key".to_owned(), "k 1".to_owned()),
        ("Tag.1.Value".to_owned(), "v*1".to_owned()),
        ("Tag.2.Key".to_owned(), "k2".to_owned()),
        ("Tag.2.Value".to_owned(), String::new()),
        ("Tags".to_owned(), "not under Tag".to_owned()),
    ];
    want.sort();
    for version in VERSIONS {
        let t = fake(|_| answer(200, r#"{"RequestId":"r"}"#));
        let c = client_with(
            t.clone(),
            Credentials::new("id", SECRET),
            version,
            HttpMethod::Post,
        );
        c.call(&input).await.unwrap();
        let get_client = client_with(
            t.clone(),
            Credentials::new("id", SECRET),
            version,
            HttpMethod::Get,
        );
        get_client.call(&input).await.unwrap();

        let seen = t.seen.lock().unwrap();
        let post = &seen[0];
        assert_eq!(assert_signed(post, version, HttpMethod::Post, "id"), want);
        assert_eq!(
            String::from_utf8_lossy(&post.body),
            "Tag.1.Key=k%201&Tag.1.Value=v%2A1&Tag.2.Key=k2&Tag.2.Value=",
            "{version:?}"
        );
        let query = query_params(&post.url);
        assert!(
            query.iter().all(|(k, _)| !k.starts_with("Tag.")),
            "{query:?}"
        );
        assert_eq!(get(&query, "Tags"), Some("not under Tag"));

        let get_request = &seen[1];
        assert_eq!(
            assert_signed(get_request, version, HttpMethod::Get, "id"),
            want
        );
        assert!(get_request.body.is_empty(), "a GET has no body");
        assert_eq!(
            get(&query_params(&get_request.url), "Tag.2.Value"),
            Some("")
        );
    }
}

#[tokio::test]
async fn json_service_error_is_typed() {
    let body = r#"{"RequestId":"E1","HostId":"smc.aliyuncs.com","Code":"ReplicationJob.InvalidStatus","Message":"The specified replication job status is invalid.","Recommend":"https://api.aliyun.com/troubleshoot?q=ReplicationJob.InvalidStatus"}"#;
    let t = fake(move |_| answer(400, body));
    let c = client(t, Credentials::new("id", SECRET));
    let err = c.call(&stop("j-ready")).await.unwrap_err();
    assert_eq!(err.to_string(), "service error");
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "service error: ReplicationJob.InvalidStatus: The specified replication job status is invalid."
    );
    assert_eq!(err.status(), Some(400));
    assert!(err.source().is_some());
    match &err {
        SdkError::Service(s) => assert_eq!(s.status(), 400),
        other => panic!("expected a service error, got {other:?}"),
    }
    match err.into_service_error().unwrap() {
        StopReplicationJobError::ReplicationJobInvalidStatus(meta) => {
            assert_eq!(meta.request_id.as_deref(), Some("E1"));
            assert_eq!(meta.host_id.as_deref(), Some("smc.aliyuncs.com"));
            assert!(meta
                .recommend
                .unwrap()
                .starts_with("https://api.aliyun.com/"));
            assert_eq!(meta.http_status, 400);
        }
        other => panic!("wrong variant {other:?}"),
    }
}

#[tokio::test]
async fn xml_service_error_is_decoded() {
    let t = fake(|_| {
        Ok(HttpResponse {
            status: 404,
            headers: vec![("Content-Type".into(), "text/xml;charset=utf-8".into())],
            body: b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><RequestId>X1</RequestId><HostId>smc.aliyuncs.com</HostId><Code>InvalidAccessKeyId.NotFound</Code><Message>Specified access key is not found.</Message></Error>".to_vec(),
        })
    });
    let c = client(t, Credentials::new("id", SECRET));
    let err = c.call(&stop("j-1")).await.unwrap_err();
    let service = err.as_service_error().unwrap();
    assert!(matches!(service, StopReplicationJobError::Unhandled(_)));
    assert_eq!(service.meta().code, "InvalidAccessKeyId.NotFound");
    assert_eq!(service.meta().message, "Specified access key is not found.");
    assert_eq!(service.meta().request_id.as_deref(), Some("X1"));
    assert_eq!(service.meta().http_status, 404);
    // The same metadata through the trait, on the typed error and on the whole `SdkError`.
    use smc_runtime::ProvideErrorMetadata;
    for (code, message, id) in [
        (err.code(), err.message(), err.request_id()),
        (
            ProvideErrorMetadata::code(service),
            ProvideErrorMetadata::message(service),
            ProvideErrorMetadata::request_id(service),
        ),
    ] {
        assert_eq!(code, Some("InvalidAccessKeyId.NotFound"));
        assert_eq!(message, Some("Specified access key is not found."));
        assert_eq!(id, Some("X1"));
    }
}

#[tokio::test]
async fn xml_success_is_decoded_by_content_type_or_markup() {
    let t = fake(|_| {
        Ok(HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/xml;charset=UTF-8".into())],
            body: b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StopReplicationJobResponse>\n  <RequestId>X-9</RequestId>\n</StopReplicationJobResponse>".to_vec(),
        })
    });
    let out = client(t, Credentials::new("id", SECRET))
        .call(&stop("j-1"))
        .await
        .unwrap();
    assert_eq!(out.request_id.as_deref(), Some("X-9"));

    // A JSON content type with a body that opens markup is still XML.
    let t = fake(|_| {
        answer(
            200,
            "\n  <StopReplicationJobResponse><RequestId>X-10</RequestId></StopReplicationJobResponse>",
        )
    });
    let out = client(t, Credentials::new("id", SECRET))
        .call(&stop("j-1"))
        .await
        .unwrap();
    assert_eq!(out.request_id.as_deref(), Some("X-10"));

    let t = fake(|_| answer(200, "<StopReplicationJobResponse><RequestId>X</Request>"));
    let err = client(t, Credentials::new("id", SECRET))
        .call(&stop("j-1"))
        .await
        .unwrap_err();
    let cause = err.source().unwrap().source().unwrap().to_string();
    assert!(cause.starts_with("invalid XML at line 1"), "{cause}");
    assert!(matches!(err, SdkError::Response(ref r) if r.status() == 200));
}

#[tokio::test]
async fn garbage_bodies_are_response_errors() {
    let t = fake(|_| answer(502, "<html>Bad Gateway</html>"));
    let c = client(t, Credentials::new("id", SECRET));
    match c.call(&stop("j-1")).await.unwrap_err() {
        SdkError::Response(r) => {
            assert_eq!(r.status(), 502);
            assert_eq!(r.body_excerpt(), "<html>Bad Gateway</html>");
        }
        other => panic!("expected a response error, got {other:?}"),
    }

    let t = fake(|_| answer(200, "not json at all"));
    let c = client(t, Credentials::new("id", SECRET));
    let err = c.call(&stop("j-1")).await.unwrap_err();
    assert_eq!(err.to_string(), "response error");
    let report = DisplayErrorContext(&err).to_string();
    assert!(
        report.starts_with("response error: HTTP 200: cannot decode the StopReplicationJob"),
        "{report}"
    );
    assert!(
        err.source().unwrap().source().is_some(),
        "serde_json cause chained"
    );
    match err {
        SdkError::Response(r) => assert_eq!(r.body_excerpt(), "not json at all"),
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
async fn slow_transport_times_out() {
    let t = Arc::new(FakeTransport {
        seen: Mutex::new(Vec::new()),
        delay: Some(Duration::from_secs(5)),
        respond: Box::new(|_| answer(200, "{}")),
    });
    let c = Client::builder()
        .credentials(Credentials::new("id", SECRET))
        .transport(t)
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.call(&stop("j-1")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    match &err {
        SdkError::Timeout(e) => assert_eq!(e.limit(), Some(Duration::from_millis(50))),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "request has timed out: no response within 50ms"
    );
}

#[tokio::test]
async fn transport_failures_map_to_dispatch_or_timeout() {
    let t = fake(|_| Err(TransportError::other("connection refused")));
    let err = client(t, Credentials::new("id", SECRET))
        .call(&stop("j-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    let causes = chain(&err);
    assert_eq!(causes.last().unwrap(), "connection refused", "{causes:?}");

    let t = fake(|_| Err(TransportError::timeout("read timed out")));
    let err = client(t, Credentials::new("id", SECRET))
        .call(&stop("j-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
}

#[derive(Serialize)]
struct BadParams {
    #[serde(rename = "Ratio")]
    ratio: f64,
}

impl Operation for BadParams {
    const ACTION: &'static str = "StopReplicationJob";
    const VERSION: &'static str = "2019-06-01";
    type Output = StopReplicationJobOutput;
    type Error = StopReplicationJobError;
}

/// An action whose output holds a number, for decoding failures.
#[derive(Serialize)]
struct CountJobs;

/// The output of [`CountJobs`].
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CountOutput {
    #[serde(rename = "Count", deserialize_with = "smc_runtime::de::i64")]
    _count: Option<i64>,
}

impl Operation for CountJobs {
    const ACTION: &'static str = "CountJobs";
    const VERSION: &'static str = "2019-06-01";
    type Output = CountOutput;
    type Error = StopReplicationJobError;
}

#[derive(Serialize)]
struct Collides {
    #[serde(rename = "Action")]
    action: String,
}

impl Operation for Collides {
    const ACTION: &'static str = "StopReplicationJob";
    const VERSION: &'static str = "2019-06-01";
    type Output = StopReplicationJobOutput;
    type Error = StopReplicationJobError;
}

#[derive(Serialize)]
struct RoaAction {
    #[serde(rename = "ClusterId")]
    cluster_id: String,
}

impl Operation for RoaAction {
    const ACTION: &'static str = "DescribeClusterNodes";
    const VERSION: &'static str = "2015-12-15";
    const ROA: Option<&'static str> = Some("GET /clusters/[ClusterId]/nodes");
    type Output = StopReplicationJobOutput;
    type Error = StopReplicationJobError;
}

#[tokio::test]
async fn roa_actions_are_refused_before_anything_is_sent() {
    let t = fake(|_| answer(200, "{}"));
    let c = client(t.clone(), Credentials::new("id", SECRET));
    let err = c
        .call(&RoaAction {
            cluster_id: "c-1".into(),
        })
        .await
        .unwrap_err();
    match &err {
        SdkError::Construction(e) => assert!(e.is_unsupported_roa(), "{e}"),
        other => panic!("expected construction, got {other:?}"),
    }
    let message = DisplayErrorContext(&err).to_string();
    assert!(
        message.contains("DescribeClusterNodes")
            && message.contains("GET /clusters/[ClusterId]/nodes"),
        "{message}"
    );
    assert!(t.seen.lock().unwrap().is_empty());
    // An RPC operation on the same client still goes out.
    c.call(&stop("j-1")).await.unwrap();
    assert_eq!(t.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn construction_errors_send_nothing() {
    let t = fake(|_| answer(200, "{}"));
    let c = client(t.clone(), Credentials::new("id", SECRET));
    let err = c.call(&BadParams { ratio: f64::NAN }).await.unwrap_err();
    match &err {
        SdkError::Construction(e) => assert!(e.params_error().is_some()),
        other => panic!("expected construction, got {other:?}"),
    }
    let err = c
        .call(&Collides {
            action: "Other".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    let report = DisplayErrorContext(&err).to_string();
    assert_eq!(
        report,
        "failed to construct request: request could not be signed: \
         parameter `Action` collides with a common parameter"
    );
    assert!(t.seen.lock().unwrap().is_empty());
}

#[test]
fn client_debug_hides_secret() {
    let c = client(
        fake(|_| answer(200, "{}")),
        Credentials::new("AKID-visible", SECRET).with_security_token("sts-hidden-token"),
    );
    let dbg = format!("{c:?}");
    assert!(dbg.contains("AKID-visible"), "{dbg}");
    assert!(!dbg.contains(SECRET), "{dbg}");
    assert!(!dbg.contains("sts-hidden-token"), "{dbg}");
    let creds = format!("{:?}", Credentials::new("a", SECRET));
    assert!(!creds.contains(SECRET));
    assert_eq!(c.clone().endpoint(), "http://loopback.test");
}

#[tokio::test]
async fn no_message_along_a_source_chain_repeats_its_cause() {
    let responders: Vec<Box<Responder>> = vec![
        Box::new(|_| answer(400, r#"{"Code":"X.Y","Message":"m"}"#)),
        Box::new(|_| answer(502, "<html>Bad Gateway</html>")),
        Box::new(|_| answer(200, "not json at all")),
        Box::new(|_| answer(200, "<StopReplicationJobResponse><RequestId>X</Request>")),
        Box::new(|_| Err(TransportError::other("connection refused"))),
        Box::new(|_| Err(TransportError::timeout("read timed out"))),
    ];
    let mut errors = Vec::new();
    for respond in responders {
        let t = Arc::new(FakeTransport {
            seen: Mutex::new(Vec::new()),
            delay: None,
            respond,
        });
        let c = client(t, Credentials::new("id", SECRET));
        errors.push(c.call(&stop("j-1")).await.unwrap_err());
    }
    // An XML body whose value does not fit its field's type.
    let c = client(
        fake(|_| answer(200, "<R><Count>many</Count></R>")),
        Credentials::new("id", SECRET),
    );
    errors.push(c.call(&CountJobs).await.unwrap_err());
    let c = client(fake(|_| answer(200, "{}")), Credentials::new("id", SECRET));
    errors.push(c.call(&BadParams { ratio: f64::NAN }).await.unwrap_err());
    errors.push(
        c.call(&Collides {
            action: "Other".into(),
        })
        .await
        .unwrap_err(),
    );
    for err in &errors {
        let causes = chain(err);
        assert!(causes.len() >= 2, "{causes:?}");
        for pair in causes.windows(2) {
            assert!(!pair[0].contains(&pair[1]), "printed twice: {causes:?}");
        }
    }
}
