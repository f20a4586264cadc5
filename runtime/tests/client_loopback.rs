//! `Client::call` end to end over a fake in-process transport: wire shape, signature, success
//! decoding, JSON/XML service errors, undecodable bodies, timeouts and transport failures.

mod common;

use common::{chain, stop, StopReplicationJob, StopReplicationJobError, StopReplicationJobOutput};
use serde::Serialize;
use smc_runtime::signer::v1::sign_params;
use smc_runtime::{
    BoxFuture, Client, Credentials, DisplayErrorContext, HttpRequest, HttpResponse, Operation,
    SdkError, Transport, TransportError,
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

fn client(transport: Arc<FakeTransport>, credentials: Credentials) -> Client {
    Client::builder()
        .endpoint("http://loopback.test")
        .credentials(credentials)
        .transport(transport)
        .build()
        .unwrap()
}

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
    let (base, query) = url.split_once('?').unwrap();
    assert_eq!(base, "http://loopback.test/");
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Asserts the request carries valid common params and a signature that recomputes.
fn assert_signed(request: &HttpRequest, access_key_id: &str) -> Vec<(String, String)> {
    assert_eq!(request.method, "POST");
    assert!(request.body.is_empty());
    assert!(request
        .headers
        .iter()
        .any(|(k, v)| k == "Content-Type" && v == "application/x-www-form-urlencoded"));
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
    let ts = get(&params, "Timestamp").unwrap().as_bytes().to_vec();
    assert_eq!(ts.len(), 20);
    assert_eq!(
        (ts[4], ts[7], ts[10], ts[13], ts[16], ts[19]),
        (b'-', b'-', b'T', b':', b':', b'Z')
    );

    let unsigned: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    assert_eq!(
        get(&params, "Signature").unwrap(),
        sign_params("POST", &unsigned, SECRET),
        "signature recomputed from the received query"
    );
    params
}

// ---- tests ----

#[tokio::test]
async fn success_is_signed_and_decoded() {
    let t = fake(|_| {
        answer(
            200,
            r#"{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"}"#,
        )
    });
    let c = client(t.clone(), Credentials::new("AKID-loop", SECRET));
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
    let first = assert_signed(&seen[0], "AKID-loop");
    assert_eq!(get(&first, "JobId"), Some("j-running ***"));
    assert_eq!(get(&first, "Tag.1"), Some("a"));
    assert_eq!(get(&first, "Tag.2"), Some("b"));
    assert_eq!(get(&first, "SecurityToken"), None);
    assert!(
        seen[0].url.contains("JobId=j-running%20%2A%2A%2A&"),
        "{}",
        seen[0].url
    );
    let second = assert_signed(&seen[1], "AKID-loop");
    assert_ne!(
        get(&first, "SignatureNonce"),
        get(&second, "SignatureNonce"),
        "fresh nonce per call"
    );
}

#[tokio::test]
async fn security_token_is_sent_and_signed() {
    let t = fake(|_| answer(200, r#"{"RequestId":"r"}"#));
    let c = client(
        t.clone(),
        Credentials::new("STS.id", SECRET).with_security_token("token/with+chars="),
    );
    c.call(&stop("j-1")).await.unwrap();
    let seen = t.seen.lock().unwrap();
    let params = assert_signed(&seen[0], "STS.id");
    assert_eq!(get(&params, "SecurityToken"), Some("token/with+chars="));
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
        Box::new(|_| answer(200, "<R><RequestId><A>1</A></RequestId></R>")),
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
