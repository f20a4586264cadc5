//! Retries, backoff, throttling waits and timeouts, over a scripted in-process transport with
//! tokio's clock paused: the waits are virtual, so their length is measured exactly and the
//! tests take no real time.

mod common;

use common::{stop, StopReplicationJobError};
use smc_runtime::{
    BoxFuture, Client, Credentials, DisplayErrorContext, HttpRequest, HttpResponse, RetryConfig,
    SdkError, SignatureVersion, TimeoutConfig, TimeoutKind, Transport, TransportError,
};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

const SECRET: &str = "retry-secret-value";

type Script = dyn Fn(usize) -> Result<HttpResponse, TransportError> + Send + Sync;

/// Answers the n-th request (0-based) from a script, after `delay`; records every request.
struct Scripted {
    seen: Mutex<Vec<HttpRequest>>,
    delay: Duration,
    script: Box<Script>,
}

impl fmt::Debug for Scripted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Scripted")
    }
}

impl Transport for Scripted {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let n = {
                let mut seen = self.seen.lock().unwrap();
                seen.push(request);
                seen.len() - 1
            };
            tokio::time::sleep(self.delay).await;
            (self.script)(n)
        })
    }
}

impl Scripted {
    fn new(
        script: impl Fn(usize) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    ) -> Arc<Self> {
        Self::slow(Duration::ZERO, script)
    }

    fn slow(
        delay: Duration,
        script: impl Fn(usize) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(Self {
            seen: Mutex::new(Vec::new()),
            delay,
            script: Box::new(script),
        })
    }

    fn seen(&self) -> Vec<HttpRequest> {
        self.seen.lock().unwrap().clone()
    }
}

fn answer(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    answer_with(status, body, &[])
}

fn answer_with(
    status: u16,
    body: &str,
    headers: &[(&str, &str)],
) -> Result<HttpResponse, TransportError> {
    let mut all = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    all.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Ok(HttpResponse {
        status,
        headers: all,
        body: body.as_bytes().to_vec(),
    })
}

const OK: &str = r#"{"RequestId":"OK-1"}"#;
const UNAVAILABLE: &str = r#"{"RequestId":"U-1","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}"#;
const THROTTLED: &str = r#"{"RequestId":"T-1","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
const INVALID_STATUS: &str = r#"{"RequestId":"E-1","Code":"ReplicationJob.InvalidStatus","Message":"The specified replication job status is invalid."}"#;

fn client(transport: Arc<Scripted>) -> Client {
    builder(transport).build().unwrap()
}

fn builder(transport: Arc<Scripted>) -> smc_runtime::ClientBuilder {
    Client::builder()
        .endpoint("http://retry.test")
        .credentials(Credentials::new("AKID-retry", SECRET))
        .transport(transport)
}

/// The signature nonce, v1 (`SignatureNonce` in the query) or v3 (header).
fn nonce(request: &HttpRequest) -> String {
    request
        .url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("SignatureNonce="))
        .or_else(|| request.header("x-acs-signature-nonce"))
        .expect("a nonce")
        .to_owned()
}

#[tokio::test(start_paused = true)]
async fn a_500_and_a_503_are_retried_then_the_call_succeeds() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let t = Scripted::new(|n| match n {
            0 => answer(500, "<html>Internal Server Error</html>"),
            1 => answer(503, UNAVAILABLE),
            _ => answer(200, OK),
        });
        let c = builder(t.clone())
            .signature_version(version)
            .build()
            .unwrap();
        let (out, meta) = c.call_with_meta(&stop("j-1")).await.unwrap();
        assert_eq!(out.request_id.as_deref(), Some("OK-1"));
        assert_eq!(meta.attempts(), 3);
        assert_eq!(meta.status(), 200);
        assert_eq!(meta.request_id(), Some("OK-1"));

        let seen = t.seen();
        assert_eq!(seen.len(), 3);
        // Each attempt is signed afresh; retries say which retry they are.
        let nonces: std::collections::HashSet<String> = seen.iter().map(nonce).collect();
        assert_eq!(nonces.len(), 3, "{version:?}: a fresh nonce per attempt");
        assert_eq!(seen[0].header("x-acs-retry-attempts"), None);
        assert_eq!(seen[1].header("x-acs-retry-attempts"), Some("1"));
        assert_eq!(seen[2].header("x-acs-retry-attempts"), Some("2"));
        for retry in &seen[1..] {
            let delay: u64 = retry.header("x-acs-retry-delay").unwrap().parse().unwrap();
            assert!(delay < 400, "{delay}");
        }
        if version == SignatureVersion::V3 {
            // v3 signs every x-acs-* header, the retry's included.
            let auth = seen[1].header("authorization").unwrap();
            assert!(
                auth.contains("x-acs-retry-attempts;x-acs-retry-delay;"),
                "{auth}"
            );
            assert!(seen.iter().all(|r| r.header("x-acs-date").is_some()));
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_throttled_answer_is_waited_out_for_its_time_left() {
    let t = Scripted::new(|n| match n {
        0 => answer_with(
            400,
            THROTTLED,
            &[
                ("x-ratelimit-user-api", "Limit:100,Remain:0,TimeLeft:1500"),
                ("x-ratelimit-user", "Limit:1000,Remain:3,TimeLeft:700"),
            ],
        ),
        _ => answer(200, OK),
    });
    let c = client(t.clone());
    let started = Instant::now();
    let (_, meta) = c.call_with_meta(&stop("j-1")).await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_millis(1500));
    assert_eq!(meta.attempts(), 2);
    assert_eq!(meta.elapsed(), Duration::from_millis(1500));
    let seen = t.seen();
    assert_eq!(seen[1].header("x-acs-retry-delay"), Some("1500"));

    // Without a TimeLeft the ordinary backoff applies: under 100 ms before the first retry.
    let t = Scripted::new(|n| match n {
        0 => answer(400, r#"{"Code":"Throttling","Message":"slow down"}"#),
        1 => answer(400, r#"{"Code":"Throttling.Api","Message":"slow down"}"#),
        _ => answer(200, OK),
    });
    let started = Instant::now();
    let (_, meta) = client(t).call_with_meta(&stop("j-1")).await.unwrap();
    assert_eq!(meta.attempts(), 3);
    assert!(started.elapsed() < Duration::from_millis(300));

    // A TimeLeft over the backoff cap waits the cap.
    let t = Scripted::new(|n| match n {
        0 => answer_with(400, THROTTLED, &[("x-ratelimit-user", "TimeLeft:60000")]),
        _ => answer(200, OK),
    });
    let c = builder(t)
        .retry_config(RetryConfig::standard().with_max_backoff(Duration::from_secs(2)))
        .build()
        .unwrap();
    let started = Instant::now();
    c.call(&stop("j-1")).await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn an_invalid_status_is_final_and_counts_one_attempt() {
    let t = Scripted::new(|_| answer(400, INVALID_STATUS));
    let err = client(t.clone()).call(&stop("j-ready")).await.unwrap_err();
    assert_eq!(t.seen().len(), 1);
    assert_eq!(err.attempts(), 1);
    assert!(matches!(
        err.as_service_error(),
        Some(StopReplicationJobError::ReplicationJobInvalidStatus(_))
    ));
}

#[tokio::test(start_paused = true)]
async fn attempts_stop_at_the_configured_maximum() {
    for (retry, want) in [
        (RetryConfig::standard(), 3),
        (RetryConfig::standard().with_max_attempts(5), 5),
        (RetryConfig::disabled(), 1),
    ] {
        let t = Scripted::new(|_| answer(503, UNAVAILABLE));
        let c = builder(t.clone()).retry_config(retry).build().unwrap();
        let err = c.call(&stop("j-1")).await.unwrap_err();
        assert_eq!(t.seen().len(), want);
        assert_eq!(err.attempts(), want as u32);
        assert_eq!(err.status(), Some(503));
        let code = err.as_service_error().map(|e| e.meta().code.as_str());
        assert_eq!(code, Some("ServiceUnavailable"));
    }
    // A 5xx without an error code is retried too, and ends as a response error.
    let t = Scripted::new(|_| answer(502, "<html>Bad Gateway</html>"));
    let err = client(t.clone()).call(&stop("j-1")).await.unwrap_err();
    assert_eq!(t.seen().len(), 3);
    assert!(
        matches!(&err, SdkError::Response(r) if r.status() == 502),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
}

#[tokio::test(start_paused = true)]
async fn backoff_is_full_jitter_under_the_doubling_ceiling() {
    // Ceilings 100 ms then 200 ms: three attempts wait under 300 ms in all, whatever the draw.
    for _ in 0..20 {
        let t = Scripted::new(|_| answer(500, "{}"));
        let started = Instant::now();
        client(t).call(&stop("j-1")).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(300));
    }
    // The cap bounds each wait: base 10 s, cap 1 s, 4 attempts: under 3 s.
    let t = Scripted::new(|_| answer(500, "{}"));
    let c = builder(t)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_secs(10))
                .with_max_backoff(Duration::from_secs(1)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    c.call(&stop("j-1")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn connect_failures_and_timeouts_are_retried_other_transport_failures_are_not() {
    let t = Scripted::new(|_| Err(TransportError::connect("connection refused")));
    let err = client(t.clone()).call(&stop("j-1")).await.unwrap_err();
    assert!(
        matches!(&err, SdkError::Dispatch(d) if d.is_connect()),
        "{err:?}"
    );
    assert_eq!((t.seen().len(), err.attempts()), (3, 3));

    let t = Scripted::new(|_| Err(TransportError::timeout("read timed out")));
    let err = client(t.clone()).call(&stop("j-1")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Timeout(_)), "{err:?}");
    assert_eq!((t.seen().len(), err.attempts()), (3, 3));

    let t = Scripted::new(|n| match n {
        0 => Err(TransportError::connect_timeout("connect timed out")),
        _ => answer(200, OK),
    });
    let (_, meta) = client(t).call_with_meta(&stop("j-1")).await.unwrap();
    assert_eq!(meta.attempts(), 2);

    // Reset after the request was written: the service may have acted on it.
    let t = Scripted::new(|_| Err(TransportError::other("connection reset by peer")));
    let err = client(t.clone()).call(&stop("j-1")).await.unwrap_err();
    assert!(
        matches!(&err, SdkError::Dispatch(d) if !d.is_connect()),
        "{err:?}"
    );
    assert_eq!((t.seen().len(), err.attempts()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn each_attempt_has_its_own_timeout() {
    let t = Scripted::slow(Duration::from_secs(60), |_| answer(200, OK));
    let c = builder(t.clone())
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.call(&stop("j-1")).await.unwrap_err();
    let elapsed = started.elapsed();
    match &err {
        SdkError::Timeout(e) => {
            assert_eq!(e.kind(), TimeoutKind::Attempt);
            assert_eq!(e.limit(), Some(Duration::from_secs(1)));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(err.attempts(), 3);
    assert_eq!(t.seen().len(), 3);
    // Three attempts of 1 s and two waits under 100 ms and 200 ms.
    assert!(
        elapsed >= Duration::from_secs(3) && elapsed < Duration::from_millis(3300),
        "{elapsed:?}"
    );
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "request has timed out: no response within 1s"
    );
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_covers_every_attempt_and_wait() {
    let t = Scripted::slow(Duration::from_secs(4), |_| answer(503, UNAVAILABLE));
    let c = builder(t.clone())
        .timeout_config(TimeoutConfig::new().with_operation_timeout(Duration::from_secs(6)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.call(&stop("j-1")).await.unwrap_err();
    assert_eq!(started.elapsed(), Duration::from_secs(6));
    match &err {
        SdkError::Timeout(e) => {
            assert_eq!(e.kind(), TimeoutKind::Operation);
            assert_eq!(e.limit(), Some(Duration::from_secs(6)));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(err.attempts(), 2, "cut short during the second attempt");
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "request has timed out: the call did not complete within 6s"
    );
}

#[tokio::test(start_paused = true)]
async fn a_wait_past_the_operation_deadline_returns_the_last_error_at_once() {
    let t = Scripted::new(|_| {
        answer_with(400, THROTTLED, &[("x-ratelimit-user-api", "TimeLeft:5000")])
    });
    let c = builder(t.clone())
        .timeout_config(TimeoutConfig::new().with_operation_timeout(Duration::from_secs(2)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.call(&stop("j-1")).await.unwrap_err();
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(err.attempts(), 1);
    let code = err.as_service_error().map(|e| e.meta().code.as_str());
    assert_eq!(code, Some("Throttling.User"));
}

#[tokio::test(start_paused = true)]
async fn a_custom_transport_is_held_to_the_body_limit() {
    let t =
        Scripted::new(|_| answer_with(503, &"x".repeat(2000), &[("x-acs-request-id", "BIG-1")]));
    let c = builder(t.clone())
        .max_response_bytes(1024)
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = c.call(&stop("j-1")).await.unwrap_err();
    match &err {
        SdkError::Response(r) => {
            assert_eq!(r.body_limit(), Some(1024));
            assert_eq!(r.status(), 503);
            assert_eq!(r.request_id(), Some("BIG-1"));
            assert_eq!(r.body_excerpt(), "");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "response error: HTTP 503: the body exceeds the limit of 1024 bytes; request id BIG-1"
    );
}

#[tokio::test(start_paused = true)]
async fn credentials_are_asked_again_for_every_attempt() {
    use smc_runtime::credentials::ProvideCredentials;
    use smc_runtime::CredentialsError;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);
    impl ProvideCredentials for Counting {
        fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(Credentials::new("AKID", SECRET)) })
        }
    }
    let provider = Arc::new(Counting::default());
    let t = Scripted::new(|n| match n {
        0 | 1 => answer(500, "{}"),
        _ => answer(200, OK),
    });
    let c = Client::builder()
        .endpoint("http://retry.test")
        .credentials_provider(provider.clone())
        .transport(t)
        .build()
        .unwrap();
    c.call(&stop("j-1")).await.unwrap();
    assert_eq!(provider.0.load(Ordering::SeqCst), 3);

    // Credentials that fail at the retry end the call; only the first attempt was sent.
    #[derive(Debug, Default)]
    struct FailSecond(AtomicUsize);
    impl ProvideCredentials for FailSecond {
        fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                match n {
                    0 => Ok(Credentials::new("AKID", SECRET)),
                    _ => Err(CredentialsError::Invalid {
                        reason: "expired".into(),
                    }),
                }
            })
        }
    }
    let t = Scripted::new(|_| answer(500, "{}"));
    let c = Client::builder()
        .endpoint("http://retry.test")
        .credentials_provider(Arc::new(FailSecond::default()))
        .transport(t.clone())
        .build()
        .unwrap();
    let err = c.call(&stop("j-1")).await.unwrap_err();
    assert!(
        matches!(&err, SdkError::Construction(e) if e.credentials_error().is_some()),
        "{err:?}"
    );
    assert_eq!((err.attempts(), t.seen().len()), (1, 1));
}
