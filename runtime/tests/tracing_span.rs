//! One `call` span per call, its fields recorded as they become known (product, action, each
//! attempt, request id, status, elapsed time), and a `retrying` event inside it before each
//! retry; captured with a subscriber that keeps every span, field and event.

mod common;

use common::capture::Capture;
use common::server::{closed_url, json, json_with, Server};
use common::{StopReplicationJobError, StopReplicationJobOutput};
use serde::Serialize;
use smc_runtime::{Client, Credentials, Operation, RetryConfig};
use std::time::Duration;

/// StopReplicationJob as a generator that knows its product would declare it.
#[derive(Serialize)]
struct Stop {
    #[serde(rename = "JobId")]
    job_id: String,
}

impl Operation for Stop {
    const ACTION: &'static str = "StopReplicationJob";
    const VERSION: &'static str = "2019-06-01";
    const PRODUCT: &'static str = "smc";
    type Output = StopReplicationJobOutput;
    type Error = StopReplicationJobError;
}

fn stop() -> Stop {
    Stop {
        job_id: "j-1".into(),
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .credentials(Credentials::new("AKID-trace", "trace-secret"))
        .retry_config(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(100)),
        )
        .build()
        .unwrap()
}

/// The values recorded for `field` on `span`, in order.
fn recorded<'a>(span: &'a common::capture::SpanRecord, field: &str) -> Vec<&'a str> {
    span.fields
        .iter()
        .filter(|(k, _)| k == field)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[tokio::test]
async fn a_retried_call_is_one_span_with_a_retrying_event_per_retry() {
    let server = Server::start(|n, _| match n {
        0 => json(503, r#"{"RequestId":"R-1","Code":"ServiceUnavailable"}"#),
        1 => json_with(
            400,
            r#"{"RequestId":"R-2","Code":"Throttling.User"}"#,
            &[("x-ratelimit-user", "TimeLeft:20")],
        ),
        _ => json(200, r#"{"RequestId":"R-3"}"#),
    })
    .await;
    let (capture, _guard) = Capture::install();
    client(&server.url).call(&stop()).await.unwrap();

    let calls: Vec<_> = capture
        .spans()
        .into_iter()
        .filter(|s| s.name == "call")
        .collect();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let span = &calls[0];
    assert_eq!(span.field("product"), Some("smc"));
    assert_eq!(span.field("action"), Some("StopReplicationJob"));
    assert_eq!(recorded(span, "attempt"), ["1", "2", "3"]);
    assert_eq!(recorded(span, "status"), ["503", "400", "200"]);
    assert_eq!(recorded(span, "request_id"), ["R-1", "R-2", "R-3"]);
    let elapsed: u64 = span.field("elapsed_ms").unwrap().parse().unwrap();
    assert!(elapsed >= 20, "{elapsed}");

    let retries: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.field("message") == Some("retrying"))
        .collect();
    assert_eq!(retries.len(), 2, "{retries:?}");
    for (event, (attempt, reason)) in retries
        .iter()
        .zip([("1", "server error"), ("2", "throttled")])
    {
        assert_eq!(event.span, Some(span.id), "inside the call span");
        assert_eq!(event.target, "smc_runtime::client");
        assert_eq!(event.field("attempt"), Some(attempt));
        assert_eq!(event.field("reason"), Some(reason));
    }
    assert_eq!(retries[1].field("delay_ms"), Some("20"), "the TimeLeft");
}

#[tokio::test]
async fn every_call_has_its_span_failed_ones_too() {
    let server = Server::start(|_, _| json(200, r#"{"RequestId":"OK"}"#)).await;
    let (capture, _guard) = Capture::install();
    let ok = client(&server.url);
    ok.call(&stop()).await.unwrap();
    ok.call(&stop()).await.unwrap();
    client(&closed_url()).call(&stop()).await.unwrap_err();

    let calls: Vec<_> = capture
        .spans()
        .into_iter()
        .filter(|s| s.name == "call")
        .collect();
    assert_eq!(calls.len(), 3);
    for ok in &calls[..2] {
        assert_eq!(recorded(ok, "attempt"), ["1"]);
        assert_eq!(ok.field("status"), Some("200"));
        assert_eq!(ok.field("request_id"), Some("OK"));
    }
    let refused = &calls[2];
    assert_eq!(recorded(refused, "attempt"), ["1", "2", "3"]);
    assert_eq!(refused.field("status"), None, "no answer, no status");
    assert!(refused.field("elapsed_ms").is_some());
    // A product the operation does not declare is empty.
    let (capture, _guard) = Capture::install();
    ok.call(&common::stop("j-2")).await.unwrap();
    let spans = capture.spans();
    let span = spans.iter().find(|s| s.name == "call").unwrap();
    assert_eq!(span.field("product"), Some(""));
}
