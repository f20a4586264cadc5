//! Secrets stay out of what gets printed: a failed call's error never shows the signed request
//! (not the secret, the signature, the security token or the signed URL) in `Display`, `Debug`
//! or anywhere along `source()`; and `Debug` of a signed `HttpRequest` or of a
//! `SigningRequest` shows neither the secret, the token nor the signature. For v1 and v3.
//! Over real loopback calls that fail (refused, connect timeout, attempt timeout, 500) or
//! succeed, after retries, everything a program could print is searched too: the error and its
//! chain, the output and its metadata, the client, and every `tracing` span field and event.

mod common;

use common::capture::Capture;
use common::server::{closed_url, json, Answer, FullBacklog, Server};
use common::stop;
use smc_runtime::signer::{SignError, SignatureVersion, Signer, SigningRequest};
use smc_runtime::{
    Client, Credentials, DisplayErrorContext, HttpMethod, HttpRequest, RetryConfig, SdkError,
    TimeoutConfig,
};
use std::error::Error;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "secret-never-printed";
const TOKEN: &str = "sts-token-never-printed";

/// A built-in signer, keeping a copy of every request it signs so the test knows the
/// signature.
#[derive(Debug)]
struct RecordingSigner {
    inner: Arc<dyn Signer>,
    signed: Mutex<Vec<HttpRequest>>,
}

impl RecordingSigner {
    fn new(version: SignatureVersion) -> Self {
        Self {
            inner: version.signer(),
            signed: Mutex::new(Vec::new()),
        }
    }
}

impl Signer for RecordingSigner {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        let signed = self.inner.sign(request)?;
        self.signed.lock().unwrap().push(signed.clone());
        Ok(signed)
    }
}

/// The signature a signed request carries: v1's `Signature` query value (as encoded in the
/// URL), or v3's hex signature in `Authorization`.
fn signature_of(request: &HttpRequest) -> String {
    if let Some((_, sig)) = request.url.rsplit_once("&Signature=") {
        return sig.to_owned();
    }
    request
        .headers
        .iter()
        .find(|(k, _)| k == "Authorization")
        .and_then(|(_, v)| v.rsplit_once(",Signature="))
        .map(|(_, sig)| sig.to_owned())
        .expect("a v1 or v3 signature")
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

/// Every `Display` and `Debug` text of `err` and of each error along its `source()` chain.
fn all_texts(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut texts = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
        next = e.source();
    }
    texts
}

#[tokio::test]
async fn connection_refused_error_shows_no_secret_signature_or_token() {
    // Bind then drop a listener so the loopback port is (very likely) closed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    for version in VERSIONS {
        let signer = Arc::new(RecordingSigner::new(version));
        let client = Client::builder()
            .endpoint(format!("http://127.0.0.1:{port}"))
            .credentials(Credentials::new("AKID-leak-test", SECRET).with_security_token(TOKEN))
            .signer(signer.clone())
            .build()
            .unwrap();
        let err = client.call(&stop("j-1")).await.unwrap_err();
        assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");

        let request = signer
            .signed
            .lock()
            .unwrap()
            .pop()
            .expect("the call was signed");
        let signature = signature_of(&request);
        let texts = all_texts(&err);
        assert!(texts.len() >= 4, "expected a cause chain, got {texts:?}");
        for text in &texts {
            for needle in [
                SECRET,
                TOKEN,
                &signature,
                request.url.as_str(),
                "Signature=",
                "SecurityToken=",
                "AccessKeyId=",
                "ACS3-HMAC-SHA256",
            ] {
                assert!(
                    !text.contains(needle),
                    "{version:?}: `{needle}` leaked in {text:?}"
                );
            }
        }
    }
}

#[test]
fn debug_of_signing_and_signed_requests_redacts_secret_token_and_signature() {
    let creds = Credentials::new("AKID-debug", SECRET).with_security_token(TOKEN);
    for version in VERSIONS {
        for method in [HttpMethod::Get, HttpMethod::Post] {
            let request = SigningRequest {
                method,
                endpoint: "https://smc.aliyuncs.com",
                action: "StopReplicationJob",
                version: "2019-06-01",
                query: vec![("JobId".into(), "j-visible".into())],
                form: vec![("Tag.1".into(), "form-visible".into())],
                timestamp: "2016-02-23T12:46:24Z",
                nonce: "nonce-visible",
                credentials: &creds,
                headers: Vec::new(),
            };
            let before = format!("{request:?}");
            let signed = version.signer().sign(request).unwrap();
            let signature = signature_of(&signed);
            let after = format!("{signed:?}");
            for text in [&before, &after] {
                for needle in [SECRET, TOKEN, signature.as_str()] {
                    assert!(
                        !text.contains(needle),
                        "{version:?} {method}: `{needle}` in {text}"
                    );
                }
                // What helps debugging stays.
                for visible in ["AKID-debug", "j-visible", "form-visible", "nonce-visible"] {
                    assert!(
                        text.contains(visible),
                        "{version:?} {method}: {visible} in {text}"
                    );
                }
            }
            assert!(after.contains("** redacted **"), "{after}");
            // The request itself still carries them: only `Debug` hides them.
            let raw = format!("{} {:?}", signed.url, signed.headers);
            assert!(raw.contains(TOKEN) && raw.contains(&signature), "{raw}");
        }
    }
}

/// How a loopback call is set up to end.
#[derive(Debug, Clone, Copy)]
enum Ending {
    Refused,
    ConnectTimeout,
    AttemptTimeout,
    ServerError,
    Success,
}

/// Whether `needle` occurs in `text` other than as a redacted value (`Signature=** redacted
/// **`, as `Debug` of a signed request shows it; the test's recording signer is part of the
/// client's `Debug`).
fn leaks(text: &str, needle: &str) -> bool {
    text.match_indices(needle)
        .any(|(at, _)| !text[at + needle.len()..].starts_with("** redacted **"))
}

/// The percent-decoded form of a v1 signature as the URL carries it.
fn decoded(signature: &str) -> String {
    signature
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=")
}

#[tokio::test]
async fn nothing_printed_or_traced_about_a_call_shows_a_secret() {
    let server = Server::start(|_, request| {
        match request.query_param("JobId").unwrap_or_default() {
            "j-silent" => Answer::Silence,
            "j-broken" => json(
                500,
                r#"{"RequestId":"R-500","Code":"InternalError","Message":"An error occurred."}"#,
            ),
            _ => json(200, r#"{"RequestId":"R-200"}"#),
        }
    })
    .await;
    let refused = closed_url();
    let full = FullBacklog::start().await;
    for version in VERSIONS {
        for ending in [
            Ending::Refused,
            Ending::ConnectTimeout,
            Ending::AttemptTimeout,
            Ending::ServerError,
            Ending::Success,
        ] {
            let (url, job) = match ending {
                Ending::Refused => (refused.as_str(), "j-1"),
                Ending::ConnectTimeout => (full.url.as_str(), "j-1"),
                Ending::AttemptTimeout => (server.url.as_str(), "j-silent"),
                Ending::ServerError => (server.url.as_str(), "j-broken"),
                Ending::Success => (server.url.as_str(), "j-running"),
            };
            let signer = Arc::new(RecordingSigner::new(version));
            let client = Client::builder()
                .endpoint(url)
                .credentials(Credentials::new("AKID-leak-test", SECRET).with_security_token(TOKEN))
                .signer(signer.clone())
                .retry_config(
                    RetryConfig::standard()
                        .with_max_attempts(2)
                        .with_initial_backoff(Duration::from_millis(5)),
                )
                .timeout_config(
                    TimeoutConfig::new()
                        .with_connect_timeout(Duration::from_millis(200))
                        .with_attempt_timeout(Duration::from_millis(300)),
                )
                .build()
                .unwrap();

            // Before the call: afterwards the test's recording signer, which `Debug` of the
            // client includes, holds the signed requests (redacted, but with their URLs).
            let mut texts = vec![format!("{client:?}")];
            let (capture, guard) = Capture::install();
            let result = client.call_with_meta(&stop(job)).await;
            drop(guard);

            match &result {
                Ok((output, meta)) => {
                    assert!(matches!(ending, Ending::Success), "{ending:?}: {meta:?}");
                    texts.push(format!("{output:?}"));
                    texts.push(format!("{meta:?}"));
                }
                Err(err) => {
                    let stage_ok = match ending {
                        Ending::Refused => matches!(err, SdkError::Dispatch(_)),
                        Ending::ConnectTimeout | Ending::AttemptTimeout => {
                            matches!(err, SdkError::Timeout(_))
                        }
                        Ending::ServerError => matches!(err, SdkError::Service(_)),
                        Ending::Success => false,
                    };
                    assert!(stage_ok, "{version:?} {ending:?}: {err:?}");
                    assert_eq!(err.attempts(), 2, "{version:?} {ending:?}: retried");
                    texts.extend(all_texts(err));
                    texts.push(DisplayErrorContext(err).to_string());
                }
            }
            let traced = capture.all_text();
            assert!(
                traced.iter().any(|t| t == "call"),
                "{version:?} {ending:?}: the call span was captured: {traced:?}"
            );
            texts.extend(traced);

            let signed = signer.signed.lock().unwrap().clone();
            let want = if matches!(ending, Ending::Success) {
                1
            } else {
                2
            };
            assert_eq!(
                signed.len(),
                want,
                "{version:?} {ending:?}: attempts signed"
            );
            let mut needles = vec![
                SECRET.to_owned(),
                TOKEN.to_owned(),
                "Signature=".to_owned(),
                "SecurityToken=".to_owned(),
            ];
            for request in &signed {
                let signature = signature_of(request);
                needles.push(decoded(&signature));
                needles.push(signature);
                if version == SignatureVersion::V1 {
                    needles.push(request.url.clone());
                }
            }
            for text in &texts {
                for needle in &needles {
                    assert!(
                        !leaks(text, needle),
                        "{version:?} {ending:?}: `{needle}` leaked in {text:?}"
                    );
                }
            }
        }
    }
}
