//! The client and its generic `call`, which flattens one operation, hands its parameters to the
//! non-generic attempt loop (sign, send, judge, retry, trace) and decodes what that loop ends
//! with. It is configured through [`ClientBuilder`] ([`builder`]), whose endpoint check lives
//! in [`endpoint`].

mod builder;
mod endpoint;

pub use builder::{ClientBuilder, ConfigError};
pub(crate) use endpoint::normalize as normalize_endpoint;
pub use endpoint::EndpointError;

use crate::credentials::{Credentials, CredentialsError, ProvideCredentials};
use crate::error::{
    ConstructionError, DispatchError, ResponseError, SdkError, ServiceError, TimeoutError,
};
use crate::error_meta::ErrorMeta;
use crate::method::HttpMethod;
use crate::operation::{self, Operation};
use crate::retry::{self, RetryConfig};
use crate::signer::{Signer, SigningRequest};
use crate::timeout::TimeoutConfig;
use crate::transport::{HttpResponse, Transport, REQUEST_ID_HEADER};
use crate::{error_meta, nonce, params, request_id, time, xml};
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument as _;

/// The endpoint used when none is configured.
pub const DEFAULT_ENDPOINT: &str = "https://smc.aliyuncs.com";
/// The per-attempt timeout used when none is configured.
pub const DEFAULT_TIMEOUT: Duration = TimeoutConfig::DEFAULT_ATTEMPT;
/// The largest response body read when no limit is configured: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// A configured client; cheap to clone (shared state behind an `Arc`). `Debug` never shows the
/// secret.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Shared client state.
struct Inner {
    endpoint: String,
    /// Asked on every attempt; the default chain and [`crate::credentials::CachingProvider`]
    /// answer from their cache until temporary credentials near expiry.
    credentials: Arc<dyn ProvideCredentials>,
    transport: Arc<dyn Transport>,
    signer: Arc<dyn Signer>,
    method: HttpMethod,
    timeouts: TimeoutConfig,
    retry: RetryConfig,
    max_response_bytes: usize,
}

/// What a successful call took: attempts, final status, request id and time. Returned by
/// [`Client::call_with_meta`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallMeta {
    attempts: u32,
    status: u16,
    request_id: Option<String>,
    elapsed: Duration,
}

impl CallMeta {
    /// How many attempts the call made (more than 1 when it was retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id: the `x-acs-request-id` header, or the body's `RequestId`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The time the whole call took, waits between attempts included.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

/// What identifies an operation to the non-generic part of a call.
struct CallInfo {
    product: &'static str,
    action: &'static str,
    version: &'static str,
}

/// How a call ended (non-generic, so the attempt loop is compiled once).
enum Ended {
    /// A 2xx response, to decode into the operation's output.
    Success(HttpResponse),
    /// The service's error answer, with its HTTP status.
    Service(ErrorMeta, u16),
    /// Nothing usable came back.
    Failed(Failure),
}

/// A failure other than a service error (non-generic).
enum Failure {
    Construction(ConstructionError),
    Timeout(TimeoutError),
    Dispatch(DispatchError),
    Response(ResponseError),
}

impl Failure {
    /// The same failure, recording that the call started `attempts` attempts. A construction
    /// failure stopped the last one before it was sent, so it does not count.
    fn after(self, attempts: u32) -> Self {
        match self {
            Self::Construction(e) => Self::Construction(e.after(attempts.saturating_sub(1))),
            Self::Timeout(e) => Self::Timeout(e.after(attempts)),
            Self::Dispatch(e) => Self::Dispatch(e.after(attempts)),
            Self::Response(e) => Self::Response(e.after(attempts)),
        }
    }

    fn into_sdk_error<E>(self) -> SdkError<E> {
        match self {
            Self::Construction(e) => SdkError::Construction(e),
            Self::Timeout(e) => SdkError::Timeout(e),
            Self::Dispatch(e) => SdkError::Dispatch(e),
            Self::Response(e) => SdkError::Response(e),
        }
    }
}

/// One attempt's outcome, judged: how it would end the call, and whether to retry instead.
struct Judged {
    ended: Ended,
    /// `Some(told)` to retry, waiting `told` if the answer said how long (throttling).
    retry: Option<Option<Duration>>,
    /// Why it is retried, for the retry event.
    reason: &'static str,
    status: Option<u16>,
    request_id: Option<String>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint base URL (scheme and host, no trailing slash).
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeouts.attempt_timeout()
    }

    /// The timeouts: connect, per attempt, whole call.
    pub fn timeout_config(&self) -> TimeoutConfig {
        self.inner.timeouts
    }

    /// How failed attempts are retried.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.inner.retry
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// The credentials the next call signs with, resolving them now if needed (the default
    /// chain reads nothing until asked). For diagnostics such as showing the access key id.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.inner.credentials.provide().await
    }

    /// The HTTP method calls are sent with.
    pub fn method(&self) -> HttpMethod {
        self.inner.method
    }

    /// Flattens, signs (v3 ACS3-HMAC-SHA256 by default), sends and decodes one call of `O`,
    /// retrying as the [`RetryConfig`] says. On a POST the parameters named by
    /// [`Operation::BODY`] go in a form body, the rest in the query; a GET sends them all in
    /// the query.
    pub async fn call<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        self.call_with_meta(input).await.map(|(output, _)| output)
    }

    /// Like [`call`](Self::call), also returning what the call took ([`CallMeta`]: attempts,
    /// status, request id, time). A failed call's attempts are
    /// [`SdkError::attempts`].
    pub async fn call_with_meta<O: Operation>(
        &self,
        input: &O,
    ) -> Result<(O::Output, CallMeta), SdkError<O::Error>> {
        if let Some(line) = O::ROA {
            return Err(SdkError::Construction(ConstructionError::roa(
                O::ACTION,
                line,
            )));
        }
        let params = params::to_params(input).map_err(SdkError::construction)?;
        let (query, form) = split_body(params, O::BODY, self.inner.method);
        let info = CallInfo {
            product: O::PRODUCT,
            action: O::ACTION,
            version: O::VERSION,
        };
        let (ended, meta) = self.execute(&info, query, form).await;
        match ended {
            Ended::Success(response) => match decode_success::<O::Output>(&response) {
                Ok(output) => Ok((output, meta)),
                Err(e) => Err(SdkError::Response(undecodable(
                    &response,
                    O::ACTION,
                    e,
                    meta.attempts,
                ))),
            },
            Ended::Service(error, status) => Err(SdkError::Service(
                ServiceError::new(O::Error::from(error), status).after(meta.attempts),
            )),
            Ended::Failed(failure) => Err(failure.into_sdk_error()),
        }
    }

    /// Runs the attempts of one call inside its `call` span, within the operation timeout.
    async fn execute(&self, info: &CallInfo, query: Params, form: Params) -> (Ended, CallMeta) {
        let span = tracing::info_span!(
            "call",
            product = info.product,
            action = info.action,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = tokio::time::Instant::now();
        let attempts = AtomicU32::new(0);
        let operation = self.inner.timeouts.operation_timeout();
        let deadline = operation.map(|limit| started + limit);
        let run = self
            .attempts(info, &query, &form, &attempts, &span, deadline)
            .instrument(span.clone());
        let (ended, status, request_id) = match operation {
            None => run.await,
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(done) => done,
                Err(_) => (
                    Ended::Failed(Failure::Timeout(TimeoutError::operation(limit))),
                    None,
                    None,
                ),
            },
        };
        let elapsed = started.elapsed();
        span.record(
            "elapsed_ms",
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        );
        let attempts = attempts.load(Ordering::Relaxed);
        let ended = match ended {
            Ended::Failed(failure) => Ended::Failed(failure.after(attempts)),
            other => other,
        };
        let meta = CallMeta {
            attempts,
            status: status.unwrap_or_default(),
            request_id,
            elapsed,
        };
        (ended, meta)
    }

    /// Makes attempts until one is final, the attempts are used up, or the next wait would
    /// pass the operation deadline (then the last failure is returned at once, rather than
    /// a timeout after waiting for nothing). Counts attempts in `counter`, which outlives this
    /// future when the operation timeout cancels it.
    async fn attempts(
        &self,
        info: &CallInfo,
        query: &Params,
        form: &Params,
        counter: &AtomicU32,
        span: &tracing::Span,
        deadline: Option<tokio::time::Instant>,
    ) -> (Ended, Option<u16>, Option<String>) {
        let retry = &self.inner.retry;
        let mut previous_delay = None;
        let mut n = 0u32;
        loop {
            n += 1;
            counter.store(n, Ordering::Relaxed);
            span.record("attempt", n);
            let answer = self
                .attempt(info, query.clone(), form.clone(), n, previous_delay)
                .await;
            let judged = judge(answer);
            if let Some(status) = judged.status {
                span.record("status", status);
            }
            if let Some(id) = &judged.request_id {
                span.record("request_id", id.as_str());
            }
            let done = (judged.ended, judged.status, judged.request_id);
            let Some(told) = judged.retry else {
                return done;
            };
            if n >= retry.max_attempts() {
                return done;
            }
            let delay = retry.delay(n, told, retry::jitter_seed());
            if deadline.is_some_and(|d| tokio::time::Instant::now() + delay >= d) {
                return done;
            }
            tracing::debug!(
                attempt = n,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason = judged.reason,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            previous_delay = Some(delay);
        }
    }

    /// Signs attempt `n` (fresh credentials, timestamp and nonce; a retry carries
    /// `x-acs-retry-attempts` and `x-acs-retry-delay`) and sends it within the attempt timeout.
    async fn attempt(
        &self,
        info: &CallInfo,
        query: Params,
        form: Params,
        n: u32,
        previous_delay: Option<Duration>,
    ) -> Result<HttpResponse, Failure> {
        let inner = &*self.inner;
        let credentials = inner
            .credentials
            .provide()
            .await
            .map_err(|e| Failure::Construction(ConstructionError::credentials(e)))?;
        let nonce =
            nonce::new_nonce().map_err(|e| Failure::Construction(ConstructionError::nonce(e)))?;
        let timestamp = time::now_timestamp();
        let mut headers = Vec::new();
        if n > 1 {
            headers.push(("x-acs-retry-attempts".to_owned(), (n - 1).to_string()));
            if let Some(delay) = previous_delay {
                headers.push((
                    "x-acs-retry-delay".to_owned(),
                    delay.as_millis().to_string(),
                ));
            }
        }
        let request = inner
            .signer
            .sign(SigningRequest {
                method: inner.method,
                endpoint: &inner.endpoint,
                action: info.action,
                version: info.version,
                query,
                form,
                timestamp: &timestamp,
                nonce: &nonce,
                credentials: &credentials,
                headers,
            })
            .map_err(|e| Failure::Construction(e.into()))?;
        let limit = inner.timeouts.attempt_timeout();
        match tokio::time::timeout(limit, inner.transport.send(request)).await {
            Err(_) => Err(Failure::Timeout(TimeoutError::attempt(limit))),
            Ok(Err(e)) if e.is_timeout() => Err(Failure::Timeout(TimeoutError::from_transport(e))),
            Ok(Err(e)) => match e.too_large_response() {
                Some(big) => Err(Failure::Response(ResponseError::too_large(
                    big.status(),
                    big.limit(),
                    big.request_id().map(str::to_owned),
                ))),
                None => Err(Failure::Dispatch(DispatchError::new(e))),
            },
            // A transport of the caller's own may hand over any size: hold it to the limit too.
            Ok(Ok(response)) if response.body.len() > inner.max_response_bytes => {
                Err(Failure::Response(ResponseError::too_large(
                    response.status,
                    inner.max_response_bytes,
                    response.header(REQUEST_ID_HEADER).map(str::to_owned),
                )))
            }
            Ok(Ok(response)) => Ok(response),
        }
    }
}

/// Decides how one attempt's outcome ends the call and whether it is retried (see
/// [`crate::retry`] for the rules).
fn judge(answer: Result<HttpResponse, Failure>) -> Judged {
    let response = match answer {
        Ok(response) => response,
        Err(failure) => {
            let (retry, reason) = match &failure {
                Failure::Timeout(_) => (true, "timeout"),
                Failure::Dispatch(d) if d.is_connect() => (true, "connect error"),
                Failure::Response(r) => (r.status() >= 500, "server error"),
                _ => (false, ""),
            };
            let (status, request_id) = match &failure {
                Failure::Response(r) => (Some(r.status()), r.request_id().map(str::to_owned)),
                _ => (None, None),
            };
            return Judged {
                ended: Ended::Failed(failure),
                retry: retry.then_some(None),
                reason,
                status,
                request_id,
            };
        }
    };
    let status = response.status;
    if (200..300).contains(&status) {
        return Judged {
            request_id: request_id::of_response(&response),
            ended: Ended::Success(response),
            retry: None,
            reason: "",
            status: Some(status),
        };
    }
    let header_id = response.header(REQUEST_ID_HEADER).map(str::to_owned);
    match error_meta::parse_error_meta(status, &response.body) {
        Some(mut meta) => {
            if meta.request_id.is_none() {
                meta.request_id = header_id.clone();
            }
            let throttled = retry::is_throttling(&meta.code);
            let retry = retry::is_retryable_answer(status, Some(&meta.code)).then(|| {
                throttled
                    .then(|| retry::throttling_time_left(&response.headers))
                    .flatten()
            });
            let reason = if throttled {
                "throttled"
            } else if status >= 500 {
                "server error"
            } else {
                "service unavailable"
            };
            Judged {
                request_id: header_id.or_else(|| meta.request_id.clone()),
                ended: Ended::Service(meta, status),
                retry,
                reason,
                status: Some(status),
            }
        }
        None => {
            let error = ResponseError::no_error_code(status, &response.body)
                .with_request_id(header_id.as_deref());
            Judged {
                request_id: error.request_id().map(str::to_owned),
                ended: Ended::Failed(Failure::Response(error)),
                retry: (status >= 500).then_some(None),
                reason: "server error",
                status: Some(status),
            }
        }
    }
}

/// A 2xx response to `action` whose body (`cause`) is not the operation's output.
fn undecodable(
    response: &HttpResponse,
    action: &'static str,
    cause: Box<dyn std::error::Error + Send + Sync>,
    attempts: u32,
) -> ResponseError {
    ResponseError::undecodable_output(response.status, &response.body, action, cause)
        .with_request_id(response.header(REQUEST_ID_HEADER))
        .after(attempts)
}

/// Flattened wire parameters, `(name, value)`.
type Params = Vec<(String, String)>;

/// Splits flattened parameters into (query, form body): on a POST those under a `body` name
/// go in the form, keeping their order; a GET has no body, so everything stays in the query.
fn split_body(params: Params, body: &[&str], method: HttpMethod) -> (Params, Params) {
    if method == HttpMethod::Get || body.is_empty() {
        return (params, Vec::new());
    }
    params
        .into_iter()
        .partition(|(name, _)| !operation::in_body(name, body))
}

/// Decodes a 2xx body as JSON, or as XML ([`crate::xml`]) when the content type names XML or the
/// body opens with markup.
fn decode_success<T: serde::de::DeserializeOwned>(
    response: &HttpResponse,
) -> Result<T, Box<dyn std::error::Error + Send + Sync>> {
    let says_xml = response.headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("content-type") && value.to_ascii_lowercase().contains("xml")
    });
    let looks_xml = response
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
        || response.body.starts_with("\u{feff}<".as_bytes());
    if says_xml || looks_xml {
        let text = std::str::from_utf8(&response.body)?;
        Ok(xml::from_xml(text)?)
    } else {
        Ok(serde_json::from_slice(&response.body)?)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("transport", &self.inner.transport)
            .field("signer", &self.inner.signer)
            .field("method", &self.inner.method)
            .field("timeouts", &self.inner.timeouts)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish()
    }
}
