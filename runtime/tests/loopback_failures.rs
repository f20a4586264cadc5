//! The default (reqwest) transport against a local server that fails on purpose: retried 5xx
//! and throttling answers, a refused connection, a connection that never completes (connect
//! timeout), a server that never answers (attempt timeout), bodies over the size limit, and
//! undecodable bodies.

mod common;

use common::server::{json, json_with, Answer, FullBacklog, Reply, Server};
use common::{stop, StopReplicationJobError};
use smc_runtime::{
    Client, ClientBuilder, Credentials, DisplayErrorContext, RetryConfig, SdkError,
    SignatureVersion, TimeoutConfig, TimeoutKind,
};
use std::error::Error as _;
use std::time::{Duration, Instant};

const SECRET: &str = "loopback-failure-secret";

/// Quick retries, so the tests take little real time.
fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(200))
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .endpoint(url)
        .credentials(Credentials::new("AKID-loopback", SECRET))
        .retry_config(fast_retries())
}

#[tokio::test]
async fn a_503_then_a_throttled_answer_are_retried_and_the_third_attempt_succeeds() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = Server::start(|n, _| match n {
            0 => json(
                503,
                r#"{"RequestId":"R-1","Code":"ServiceUnavailable","Message":"try later"}"#,
            ),
            1 => json_with(
                400,
                r#"{"RequestId":"R-2","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#,
                &[("x-ratelimit-user-api", "Limit:10,Remain:0,TimeLeft:150")],
            ),
            _ => json(200, r#"{"RequestId":"R-3"}"#),
        })
        .await;
        let client = builder(&server.url)
            .signature_version(version)
            .build()
            .unwrap();
        let started = Instant::now();
        let (out, meta) = client.call_with_meta(&stop("j-1")).await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "waited TimeLeft"
        );
        assert_eq!(out.request_id.as_deref(), Some("R-3"));
        assert_eq!((meta.attempts(), meta.status()), (3, 200));

        let received = server.received();
        assert_eq!(received.len(), 3);
        let nonces: std::collections::HashSet<_> =
            received.iter().map(|r| r.nonce().unwrap()).collect();
        assert_eq!(nonces.len(), 3, "{version:?}: a fresh nonce per attempt");
        let retry_headers: Vec<_> = received
            .iter()
            .map(|r| {
                (
                    r.header("x-acs-retry-attempts"),
                    r.header("x-acs-retry-delay"),
                )
            })
            .collect();
        assert_eq!(retry_headers[0], (None, None));
        assert_eq!(retry_headers[1].0, Some("1"));
        assert_eq!(retry_headers[2], (Some("2"), Some("150")));
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_and_reports_its_attempts() {
    let url = common::server::closed_url();
    let client = builder(&url).build().unwrap();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    assert!(
        matches!(&err, SdkError::Dispatch(d) if d.is_connect()),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
    assert_eq!(
        err.source().map(ToString::to_string).as_deref(),
        Some("the HTTP transport could not connect")
    );
}

/// What a connect timeout looks like through reqwest: the connection to a listener whose
/// accept queue is full never completes (Linux drops the SYN), and reqwest's `connect_timeout`
/// reports an error that is both a connect error and a timeout.
#[tokio::test]
async fn a_connection_that_never_completes_is_a_connect_timeout() {
    let listener = FullBacklog::start().await;
    let client = builder(&listener.url)
        .timeout_config(
            TimeoutConfig::new()
                .with_connect_timeout(Duration::from_millis(300))
                .with_attempt_timeout(Duration::from_secs(5)),
        )
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    let elapsed = started.elapsed();
    let report = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::Timeout(e) => {
            assert_eq!(e.kind(), TimeoutKind::Connect, "{report}");
            assert_eq!(e.limit(), None, "reported by the transport");
        }
        other => panic!("expected a connect timeout, got {other:?}: {report}"),
    }
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert!(
        report.starts_with("request has timed out: the HTTP transport timed out connecting"),
        "{report}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_an_attempt_timeout() {
    let server = Server::start(|_, _| Answer::Silence).await;
    let client = builder(&server.url)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(900));
    match &err {
        SdkError::Timeout(e) => {
            assert_eq!(e.kind(), TimeoutKind::Attempt);
            assert_eq!(e.limit(), Some(Duration::from_millis(300)));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(err.attempts(), 3);
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_not_retried() {
    let server = Server::start(|_, _| Answer::Close).await;
    let err = builder(&server.url)
        .build()
        .unwrap()
        .call(&stop("j-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::Dispatch(d) if !d.is_connect()),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.received().len(), 1);
}

fn big_reply(status: u16, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-acs-request-id".into(), "BIG-RID".into()),
        ],
        body,
        delay: Duration::ZERO,
        chunked: None,
        declared_length: None,
    }
}

fn assert_too_large(err: &SdkError<StopReplicationJobError>, status: u16, limit: usize) {
    match err {
        SdkError::Response(r) => {
            assert_eq!(r.body_limit(), Some(limit), "{r}");
            assert_eq!(r.status(), status);
            assert_eq!(r.request_id(), Some("BIG-RID"));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_declared_length_over_the_limit_fails_before_reading() {
    // The server declares 40 MiB, sends a few bytes and keeps the connection open: only a
    // client that stops at the header returns before its attempt timeout.
    let server = Server::start(|_, _| {
        Answer::Reply(Reply {
            declared_length: Some(40 * 1024 * 1024),
            ..big_reply(200, b"{\"RequestId\":".to_vec())
        })
    })
    .await;
    let client = builder(&server.url)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    assert_eq!(client.max_response_bytes(), 32 * 1024 * 1024);
    let started = Instant::now();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_too_large(&err, 200, 32 * 1024 * 1024);
    assert_eq!(err.attempts(), 1, "a 2xx over the limit is final");
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "response error: HTTP 200: the body exceeds the limit of 33554432 bytes; \
         request id BIG-RID"
    );
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_stops_at_the_limit() {
    let server = Server::start(|_, _| {
        Answer::Reply(Reply {
            chunked: Some(512),
            ..big_reply(200, vec![b' '; 8 * 1024])
        })
    })
    .await;
    let client = builder(&server.url)
        .max_response_bytes(4096)
        .build()
        .unwrap();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    assert_too_large(&err, 200, 4096);

    // A body of exactly the limit is read.
    let body = format!("{{\"RequestId\":\"EXACT\"}}{}", " ".repeat(4096 - 21));
    assert_eq!(body.len(), 4096);
    let server = Server::start(move |_, _| {
        Answer::Reply(Reply {
            chunked: Some(1000),
            ..big_reply(200, body.clone().into_bytes())
        })
    })
    .await;
    let client = builder(&server.url)
        .max_response_bytes(4096)
        .build()
        .unwrap();
    let out = client.call(&stop("j-1")).await.unwrap();
    assert_eq!(out.request_id.as_deref(), Some("EXACT"));
}

#[tokio::test]
async fn undecodable_bodies_keep_status_request_id_and_first_bytes() {
    let server = Server::start(|_, _| {
        Answer::Reply(big_reply(
            502,
            b"<html><body>Bad Gateway</body></html>".to_vec(),
        ))
    })
    .await;
    let client = builder(&server.url)
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    match &err {
        SdkError::Response(r) => {
            assert_eq!(r.status(), 502);
            assert_eq!(r.request_id(), Some("BIG-RID"));
            assert_eq!(r.body_excerpt(), "<html><body>Bad Gateway</body></html>");
            assert_eq!(r.body_limit(), None);
        }
        other => panic!("expected a response error, got {other:?}"),
    }

    // A 2xx body cut short: the request id is found in the bytes, 256 bytes are kept.
    let body = format!(
        r#"{{"RequestId":"IN-BODY-7","Items":["{}"#,
        "y".repeat(1000)
    );
    let server = Server::start(move |_, _| json(200, &body)).await;
    let client = builder(&server.url).build().unwrap();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    match &err {
        SdkError::Response(r) => {
            assert_eq!(r.status(), 200);
            assert_eq!(r.request_id(), Some("IN-BODY-7"));
            assert_eq!(r.body_excerpt().len(), 256 + '…'.len_utf8());
            assert!(r.body_excerpt().starts_with(r#"{"RequestId":"IN-BODY-7","#));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(err.attempts(), 1, "an undecodable 2xx is not retried");
    let report = DisplayErrorContext(&err).to_string();
    assert!(
        report.starts_with(
            "response error: HTTP 200: cannot decode the StopReplicationJob response; \
             request id IN-BODY-7; body: "
        ),
        "{report}"
    );
}
