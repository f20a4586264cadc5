//! [`SdkError`], a failed call, by stage (construction, timeout, dispatch, response, service),
//! and the error of each stage.
//!
//! Every `Display` here says only what failed at its own stage; what caused it is the
//! [`source`](Error::source), so walking the chain ([`DisplayErrorContext`]) prints each message
//! once. Stage wrappers that add nothing of their own ([`DispatchError`], a transport timeout)
//! are transparent: they show their cause's message and continue with its source.

use crate::credentials::CredentialsError;
use crate::operation::BuildError;
use crate::params::ParamsError;
use crate::signer::SignError;
use crate::transport::TransportError;
use std::error::Error;
use std::fmt;
use std::time::Duration;

/// The request could not be built, flattened or signed (no credentials to sign with counts
/// too); nothing was sent to the service.
#[derive(Debug)]
pub struct ConstructionError {
    kind: ConstructionKind,
    attempts: u32,
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl Error for ConstructionError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.kind.source()
    }
}

/// The step of construction that failed.
#[derive(Debug, thiserror::Error)]
enum ConstructionKind {
    #[error("request could not be built")]
    Build(#[source] BuildError),
    #[error("request parameters could not be flattened")]
    Params(#[source] ParamsError),
    #[error("request could not be signed")]
    Sign(#[source] SignError),
    #[error("no credentials to sign the request with")]
    Credentials(#[source] CredentialsError),
    #[error("no signature nonce could be generated")]
    Nonce(#[source] getrandom::Error),
    #[error("`{action}` is a ROA action (`{line}`); this runtime sends RPC-style calls only")]
    Roa {
        action: &'static str,
        line: &'static str,
    },
}

impl ConstructionError {
    /// A construction error before any attempt was sent.
    fn of(kind: ConstructionKind) -> Self {
        Self { kind, attempts: 0 }
    }

    /// The same error after `attempts` attempts were sent (a retry could not be signed).
    pub(crate) fn after(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The OS random source failed while making a `SignatureNonce`.
    pub(crate) fn nonce(source: getrandom::Error) -> Self {
        Self::of(ConstructionKind::Nonce(source))
    }

    /// The credentials provider gave no credentials to sign with.
    pub(crate) fn credentials(source: CredentialsError) -> Self {
        Self::of(ConstructionKind::Credentials(source))
    }

    /// `action` is a ROA action (request line `line`), which this runtime cannot send yet.
    pub(crate) fn roa(action: &'static str, line: &'static str) -> Self {
        Self::of(ConstructionKind::Roa { action, line })
    }

    /// True when the operation is a ROA action, which this runtime does not send (yet).
    pub fn is_unsupported_roa(&self) -> bool {
        matches!(self.kind, ConstructionKind::Roa { .. })
    }

    /// The missing-field error, if that is the cause.
    pub fn build_error(&self) -> Option<&BuildError> {
        match &self.kind {
            ConstructionKind::Build(e) => Some(e),
            _ => None,
        }
    }

    /// The parameter-flattening error, if that is the cause.
    pub fn params_error(&self) -> Option<&ParamsError> {
        match &self.kind {
            ConstructionKind::Params(e) => Some(e),
            _ => None,
        }
    }

    /// The credentials error, if no credentials could be had to sign with.
    pub fn credentials_error(&self) -> Option<&CredentialsError> {
        match &self.kind {
            ConstructionKind::Credentials(e) => Some(e),
            _ => None,
        }
    }

    /// The signing error, if that is the cause.
    pub fn sign_error(&self) -> Option<&SignError> {
        match &self.kind {
            ConstructionKind::Sign(e) => Some(e),
            _ => None,
        }
    }
}

impl From<BuildError> for ConstructionError {
    fn from(e: BuildError) -> Self {
        Self::of(ConstructionKind::Build(e))
    }
}

impl From<ParamsError> for ConstructionError {
    fn from(e: ParamsError) -> Self {
        Self::of(ConstructionKind::Params(e))
    }
}

impl From<SignError> for ConstructionError {
    fn from(e: SignError) -> Self {
        Self::of(ConstructionKind::Sign(e))
    }
}

/// The call did not complete in time; [`kind`](Self::kind) says which timeout fired.
#[derive(Debug)]
pub struct TimeoutError {
    kind: TimeoutKind,
    /// The client's limit that elapsed; `None` when the transport reported the timeout.
    limit: Option<Duration>,
    /// The transport's own timeout error, when it reported one.
    transport: Option<TransportError>,
    attempts: u32,
}

/// Which timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// No connection within the connect timeout (reported by the transport).
    Connect,
    /// One attempt got no complete response within the per-attempt timeout (or the transport
    /// timed out reading it).
    Attempt,
    /// The whole call, retries and the waits between them included, exceeded the operation
    /// timeout.
    Operation,
}

impl TimeoutError {
    /// The client's per-attempt timeout elapsed.
    pub(crate) fn attempt(limit: Duration) -> Self {
        Self {
            kind: TimeoutKind::Attempt,
            limit: Some(limit),
            transport: None,
            attempts: 1,
        }
    }

    /// The client's operation timeout elapsed.
    pub(crate) fn operation(limit: Duration) -> Self {
        Self {
            kind: TimeoutKind::Operation,
            limit: Some(limit),
            transport: None,
            attempts: 1,
        }
    }

    /// The transport reported a timeout of its own: connecting, or reading.
    pub(crate) fn from_transport(source: TransportError) -> Self {
        Self {
            kind: if source.is_connect() {
                TimeoutKind::Connect
            } else {
                TimeoutKind::Attempt
            },
            limit: None,
            transport: Some(source),
            attempts: 1,
        }
    }

    /// The same error after `attempts` attempts.
    pub(crate) fn after(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Which timeout fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The client timeout that elapsed, if the client (not the transport) gave up.
    pub fn limit(&self) -> Option<Duration> {
        self.limit
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.transport, self.kind, self.limit) {
            (Some(transport), _, _) => fmt::Display::fmt(transport, f),
            (None, TimeoutKind::Operation, Some(limit)) => {
                write!(f, "the call did not complete within {limit:?}")
            }
            (None, _, Some(limit)) => write!(f, "no response within {limit:?}"),
            (None, _, None) => f.write_str("timed out"),
        }
    }
}

/// Transparent over a transport timeout: its message is shown, its cause is the source.
impl Error for TimeoutError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.transport.as_ref().and_then(|t| t.source())
    }
}

/// The transport failed (connect, TLS, I/O); the request may or may not have reached the server.
#[derive(Debug)]
pub struct DispatchError {
    source: TransportError,
    attempts: u32,
}

/// Transparent: shows the transport error's message, and continues with its source.
impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl Error for DispatchError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.source()
    }
}

impl DispatchError {
    /// Wraps a non-timeout transport failure.
    pub(crate) fn new(source: TransportError) -> Self {
        Self {
            source,
            attempts: 1,
        }
    }

    /// The same error after `attempts` attempts.
    pub(crate) fn after(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Whether no connection was made, so the request surely did not reach the server.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// The underlying transport error.
    pub fn transport_error(&self) -> &TransportError {
        &self.source
    }
}

/// A response arrived but could not be used: its body is not the expected output nor a service
/// error, or it exceeds the size limit. Keeps the status, the request id when one was found
/// (the `x-acs-request-id` header or a `RequestId` in the body) and the first bytes of the body.
#[derive(Debug)]
pub struct ResponseError {
    status: u16,
    request_id: Option<String>,
    body_excerpt: String,
    kind: ResponseKind,
    cause: Option<Box<dyn Error + Send + Sync>>,
    attempts: u32,
}

/// What about the response could not be used.
#[derive(Debug)]
enum ResponseKind {
    /// A 2xx body that is not the operation's output.
    Output { action: &'static str },
    /// A non-2xx body without an error code.
    NoErrorCode,
    /// A body over the size limit, not read.
    TooLarge { limit: usize },
}

impl fmt::Display for ResponseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Output { action } => write!(f, "cannot decode the {action} response"),
            Self::NoErrorCode => f.write_str("error response without a decodable Code"),
            Self::TooLarge { limit } => {
                write!(f, "the body exceeds the limit of {limit} bytes")
            }
        }
    }
}

impl ResponseError {
    /// Maximum number of bytes of the body kept in [`ResponseError::body_excerpt`].
    pub const EXCERPT_BYTES: usize = 256;

    /// A 2xx response to `action` whose body (`cause`) is not the operation's output.
    pub(crate) fn undecodable_output(
        status: u16,
        body: &[u8],
        action: &'static str,
        cause: Box<dyn Error + Send + Sync>,
    ) -> Self {
        Self::new(status, body, ResponseKind::Output { action }, Some(cause))
    }

    /// A non-2xx response whose body holds no service error code.
    pub(crate) fn no_error_code(status: u16, body: &[u8]) -> Self {
        Self::new(status, body, ResponseKind::NoErrorCode, None)
    }

    /// A response of `status` whose body exceeds `limit` bytes and was not read.
    pub(crate) fn too_large(status: u16, limit: usize, request_id: Option<String>) -> Self {
        Self {
            request_id,
            ..Self::new(status, &[], ResponseKind::TooLarge { limit }, None)
        }
    }

    /// Keeps the first [`Self::EXCERPT_BYTES`] bytes of `body` (lossy UTF-8) and the
    /// `RequestId` found in it.
    fn new(
        status: u16,
        body: &[u8],
        kind: ResponseKind,
        cause: Option<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        let kept = &body[..body.len().min(Self::EXCERPT_BYTES)];
        let mut body_excerpt = String::from_utf8_lossy(kept).into_owned();
        if body.len() > kept.len() {
            body_excerpt.push('…');
        }
        Self {
            status,
            request_id: crate::request_id::in_body(body),
            body_excerpt,
            kind,
            cause,
            attempts: 1,
        }
    }

    /// The request id of the `x-acs-request-id` header, which wins over one in the body.
    pub(crate) fn with_request_id(mut self, header: Option<&str>) -> Self {
        if let Some(id) = header {
            self.request_id = Some(id.to_owned());
        }
        self
    }

    /// The same error after `attempts` attempts.
    pub(crate) fn after(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id, from the `x-acs-request-id` header or a `RequestId` in the body.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The first [`Self::EXCERPT_BYTES`] bytes of the body (lossy UTF-8, `…` when cut), for
    /// diagnostics; empty when the body was over the size limit and not read.
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }

    /// The size limit the body exceeds, if that is the problem.
    pub fn body_limit(&self) -> Option<usize> {
        match self.kind {
            ResponseKind::TooLarge { limit } => Some(limit),
            _ => None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.kind)?;
        if let Some(id) = &self.request_id {
            write!(f, "; request id {id}")?;
        }
        if !matches!(self.kind, ResponseKind::TooLarge { .. }) {
            write!(f, "; body: {:?}", self.body_excerpt)?;
        }
        Ok(())
    }
}

impl Error for ResponseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn Error + 'static))
    }
}

/// The service answered with an error; `err()` is the operation's typed error. Transparent:
/// it displays as the typed error, whose source is its source.
#[derive(Debug)]
pub struct ServiceError<E> {
    err: E,
    status: u16,
    attempts: u32,
}

impl<E> ServiceError<E> {
    /// Pairs a typed service error with the HTTP status it came with (after one attempt).
    pub fn new(err: E, status: u16) -> Self {
        Self {
            err,
            status,
            attempts: 1,
        }
    }

    /// The same error after `attempts` attempts.
    pub(crate) fn after(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The typed error (match on its variants).
    pub fn err(&self) -> &E {
        &self.err
    }

    /// Consumes this wrapper, returning the typed error.
    pub fn into_err(self) -> E {
        self.err
    }

    /// The HTTP status (informational; classify by code, not status).
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.err, f)
    }
}

impl<E: Error> Error for ServiceError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.err.source()
    }
}

/// Everything that can go wrong with a call, by stage. `Display` names the stage only (as
/// smithy-rs's `SdkError` does); the stage's error is the [`source`](Error::source), and for
/// [`SdkError::Service`] that is the typed service error itself.
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E> {
    /// The request could not be built, serialised or signed; nothing was sent.
    Construction(ConstructionError),
    /// A timeout fired (connect, per attempt, or the whole operation).
    Timeout(TimeoutError),
    /// The transport failed (connect, TLS, I/O).
    Dispatch(DispatchError),
    /// The response could not be used: undecodable or over the size limit (status, request
    /// id, body excerpt, cause).
    Response(ResponseError),
    /// The service answered with a documented or unhandled error.
    Service(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// A construction failure from anything convertible (e.g. a [`BuildError`]).
    pub fn construction(e: impl Into<ConstructionError>) -> Self {
        Self::Construction(e.into())
    }

    /// The typed service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(e.err()),
            _ => None,
        }
    }

    /// Consumes the error, returning the typed service error if there is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service(e) => Some(e.into_err()),
            _ => None,
        }
    }

    /// How many attempts the call sent: 0 when it failed before sending anything (a missing
    /// parameter, no credentials), more than 1 when it was retried.
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Construction(e) => e.attempts,
            Self::Timeout(e) => e.attempts,
            Self::Dispatch(e) => e.attempts,
            Self::Response(e) => e.attempts,
            Self::Service(e) => e.attempts,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.status()),
            Self::Response(e) => Some(e.status()),
            _ => None,
        }
    }
}

impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Construction(_) => "failed to construct request",
            Self::Timeout(_) => "request has timed out",
            Self::Dispatch(_) => "dispatch failure",
            Self::Response(_) => "response error",
            Self::Service(_) => "service error",
        })
    }
}

impl<E: Error + 'static> Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Construction(e) => Some(e),
            Self::Timeout(e) => Some(e),
            Self::Dispatch(e) => Some(e),
            Self::Response(e) => Some(e),
            Self::Service(e) => Some(e.err()),
        }
    }
}

/// Displays an error with its whole `source()` chain, `outer: cause: root cause`, for logs and
/// command-line messages (an error's own `Display` names its stage only).
///
/// ```
/// # use smc_runtime::{BuildError, DisplayErrorContext, ErrorMeta, SdkError};
/// let err: SdkError<ErrorMeta> = SdkError::construction(BuildError::missing("job_id", "JobId"));
/// assert_eq!(
///     DisplayErrorContext(&err).to_string(),
///     "failed to construct request: request could not be built: \
///      missing required field `job_id` (JobId)"
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DisplayErrorContext<E>(pub E);

impl<E: Error> fmt::Display for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            write!(f, ": {cause}")?;
            next = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error_meta::ErrorMeta;

    fn meta() -> ErrorMeta {
        ErrorMeta {
            code: "ReplicationJob.InvalidStatus".into(),
            message: "The specified replication job status is invalid.".into(),
            request_id: Some("RID".into()),
            host_id: None,
            recommend: None,
            http_status: 400,
        }
    }

    /// The `Display` text of `err` and of each error along its `source()` chain.
    fn chain(err: &(dyn Error + 'static)) -> Vec<String> {
        let mut texts = Vec::new();
        let mut next = Some(err);
        while let Some(e) = next {
            texts.push(e.to_string());
            next = e.source();
        }
        texts
    }

    /// No message along the chain repeats the message of the error it wraps.
    fn assert_each_message_once(err: &(dyn Error + 'static)) -> Vec<String> {
        let texts = chain(err);
        for pair in texts.windows(2) {
            assert!(!pair[0].contains(&pair[1]), "printed twice: {texts:?}");
        }
        texts
    }

    fn transport_failure() -> TransportError {
        TransportError::other(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "connection refused",
        ))
    }

    #[test]
    fn every_stage_names_itself_and_chains_its_cause_once() {
        let cases: Vec<(SdkError<ErrorMeta>, Vec<&str>)> = vec![
            (
                SdkError::construction(BuildError::missing("job_id", "JobId")),
                vec![
                    "failed to construct request",
                    "request could not be built",
                    "missing required field `job_id` (JobId)",
                ],
            ),
            (
                SdkError::construction(ParamsError::NonFiniteFloat {
                    parameter: "Ratio".into(),
                }),
                vec![
                    "failed to construct request",
                    "request parameters could not be flattened",
                    "a non-finite float is not supported (parameter `Ratio`)",
                ],
            ),
            (
                SdkError::construction(SignError::ReservedParameter {
                    name: "Action".into(),
                }),
                vec![
                    "failed to construct request",
                    "request could not be signed",
                    "parameter `Action` collides with a common parameter",
                ],
            ),
            (
                SdkError::Construction(ConstructionError::credentials(CredentialsError::Source {
                    name: "CLI profile",
                    error: Box::new(CredentialsError::invalid("profile `p` has no mode")),
                })),
                vec![
                    "failed to construct request",
                    "no credentials to sign the request with",
                    "the CLI profile credentials source failed",
                    "profile `p` has no mode",
                ],
            ),
            (
                SdkError::Construction(ConstructionError::roa("ListWidgets", "GET /widgets")),
                vec![
                    "failed to construct request",
                    "`ListWidgets` is a ROA action (`GET /widgets`); this runtime sends \
                     RPC-style calls only",
                ],
            ),
            (
                SdkError::Timeout(TimeoutError::attempt(Duration::from_millis(50))),
                vec!["request has timed out", "no response within 50ms"],
            ),
            (
                SdkError::Timeout(TimeoutError::from_transport(TransportError::timeout(
                    "read timed out",
                ))),
                vec![
                    "request has timed out",
                    "the HTTP transport timed out",
                    "read timed out",
                ],
            ),
            (
                SdkError::Timeout(TimeoutError::operation(Duration::from_secs(30))),
                vec![
                    "request has timed out",
                    "the call did not complete within 30s",
                ],
            ),
            (
                SdkError::Timeout(TimeoutError::from_transport(
                    TransportError::connect_timeout("deadline has elapsed"),
                )),
                vec![
                    "request has timed out",
                    "the HTTP transport timed out connecting",
                    "deadline has elapsed",
                ],
            ),
            (
                SdkError::Response(ResponseError::too_large(503, 1024, Some("RID-9".into()))),
                vec![
                    "response error",
                    "HTTP 503: the body exceeds the limit of 1024 bytes; request id RID-9",
                ],
            ),
            (
                SdkError::Response(ResponseError::no_error_code(
                    502,
                    br#"{"RequestId":"RID-8","Oops":1}"#,
                )),
                vec![
                    "response error",
                    "HTTP 502: error response without a decodable Code; request id RID-8; \
                     body: \"{\\\"RequestId\\\":\\\"RID-8\\\",\\\"Oops\\\":1}\"",
                ],
            ),
            (
                SdkError::Dispatch(DispatchError::new(transport_failure())),
                vec![
                    "dispatch failure",
                    "the HTTP transport failed",
                    "connection refused",
                ],
            ),
            (
                SdkError::Response(ResponseError::undecodable_output(
                    200,
                    b"not json",
                    "StopReplicationJob",
                    "expected value at line 1 column 1".into(),
                )),
                vec![
                    "response error",
                    "HTTP 200: cannot decode the StopReplicationJob response; body: \"not json\"",
                    "expected value at line 1 column 1",
                ],
            ),
            (
                SdkError::Service(ServiceError::new(meta(), 400)),
                vec![
                    "service error",
                    "ReplicationJob.InvalidStatus: The specified replication job status is \
                     invalid.",
                ],
            ),
        ];
        for (err, want) in cases {
            assert_eq!(assert_each_message_once(&err), want, "{err:?}");
            assert_eq!(DisplayErrorContext(&err).to_string(), want.join(": "));
        }
    }

    #[test]
    fn service_errors_expose_the_typed_error() {
        let e: SdkError<ErrorMeta> = SdkError::Service(ServiceError::new(meta(), 400));
        let source = e.source().and_then(|s| s.downcast_ref::<ErrorMeta>());
        assert_eq!(source, Some(&meta()));
        assert_eq!(e.status(), Some(400));
        assert_eq!(e.as_service_error(), Some(&meta()));
        assert_eq!(e.into_service_error(), Some(meta()));
        let wrapper = ServiceError::new(meta(), 400);
        assert_eq!(wrapper.to_string(), meta().to_string());
        assert!(wrapper.source().is_none());
    }

    #[test]
    fn construction_keeps_the_typed_cause() {
        let e: SdkError<ErrorMeta> = SdkError::construction(BuildError::missing("job_id", "JobId"));
        match &e {
            SdkError::Construction(c) => {
                assert_eq!(c.build_error().map(BuildError::field), Some("job_id"));
                assert!(c.params_error().is_none() && c.sign_error().is_none());
                assert!(!c.is_unsupported_roa());
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(e.as_service_error().is_none());
        assert_eq!(e.status(), None);
    }

    #[test]
    fn timeouts_say_which_fired_and_errors_count_attempts() {
        let attempt = TimeoutError::attempt(Duration::from_secs(10));
        assert_eq!(
            (attempt.kind(), attempt.limit()),
            (TimeoutKind::Attempt, Some(Duration::from_secs(10)))
        );
        let operation = TimeoutError::operation(Duration::from_secs(1));
        assert_eq!(operation.kind(), TimeoutKind::Operation);
        let connect = TimeoutError::from_transport(TransportError::connect_timeout("x"));
        assert_eq!(
            (connect.kind(), connect.limit()),
            (TimeoutKind::Connect, None)
        );
        let read = TimeoutError::from_transport(TransportError::timeout("x"));
        assert_eq!(read.kind(), TimeoutKind::Attempt);

        let built: SdkError<ErrorMeta> = SdkError::construction(BuildError::missing("a", "A"));
        assert_eq!(built.attempts(), 0, "nothing was sent");
        let service: SdkError<ErrorMeta> = SdkError::Service(ServiceError::new(meta(), 400));
        assert_eq!(service.attempts(), 1);
        let retried: SdkError<ErrorMeta> = SdkError::Timeout(operation.after(3));
        assert_eq!(retried.attempts(), 3);
        let dispatch: SdkError<ErrorMeta> =
            SdkError::Dispatch(DispatchError::new(transport_failure()).after(2));
        assert_eq!(dispatch.attempts(), 2);
    }

    #[test]
    fn response_error_excerpt_is_bounded() {
        let body = "x".repeat(1000);
        let e = ResponseError::no_error_code(502, body.as_bytes());
        assert_eq!(e.status(), 502);
        assert_eq!(
            e.body_excerpt().chars().count(),
            ResponseError::EXCERPT_BYTES + 1
        );
        assert!(e
            .to_string()
            .starts_with("HTTP 502: error response without a decodable Code; body: "));
        let e = ResponseError::no_error_code(200, &[0xff, b'a']);
        assert_eq!(e.body_excerpt(), "\u{fffd}a");
    }
}
