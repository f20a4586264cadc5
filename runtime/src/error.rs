//! [`SdkError`], a failed call, which separates construction, timeout, dispatch, response and
//! service failures, and the error of each stage.

use crate::operation::BuildError;
use crate::params::ParamsError;
use crate::signer::SignError;
use crate::transport::TransportError;
use std::error::Error;
use std::fmt;
use std::time::Duration;

/// The request could not be built, flattened or signed; nothing was sent.
#[derive(Debug)]
pub struct ConstructionError {
    kind: ConstructionKind,
}

/// The cause of a [`ConstructionError`].
#[derive(Debug)]
enum ConstructionKind {
    Build(BuildError),
    Params(ParamsError),
    Sign(SignError),
    Nonce(String),
    /// A ROA action: its name and request line.
    Roa(&'static str, &'static str),
}

impl ConstructionError {
    /// The OS random source failed while making a `SignatureNonce`.
    pub(crate) fn nonce(message: impl fmt::Display) -> Self {
        Self {
            kind: ConstructionKind::Nonce(message.to_string()),
        }
    }

    /// `action` is a ROA action (request line `line`), which this runtime cannot send yet.
    pub(crate) fn roa(action: &'static str, line: &'static str) -> Self {
        Self {
            kind: ConstructionKind::Roa(action, line),
        }
    }

    /// True when the operation is a ROA action, which this runtime does not send (yet).
    pub fn is_unsupported_roa(&self) -> bool {
        matches!(self.kind, ConstructionKind::Roa(..))
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
}

impl From<BuildError> for ConstructionError {
    fn from(e: BuildError) -> Self {
        Self {
            kind: ConstructionKind::Build(e),
        }
    }
}

impl From<ParamsError> for ConstructionError {
    fn from(e: ParamsError) -> Self {
        Self {
            kind: ConstructionKind::Params(e),
        }
    }
}

impl From<SignError> for ConstructionError {
    fn from(e: SignError) -> Self {
        Self {
            kind: ConstructionKind::Sign(e),
        }
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConstructionKind::Build(e) => write!(f, "{e}"),
            ConstructionKind::Params(e) => write!(f, "{e}"),
            ConstructionKind::Sign(e) => write!(f, "{e}"),
            ConstructionKind::Nonce(m) => write!(f, "cannot generate a signature nonce: {m}"),
            ConstructionKind::Roa(action, line) => write!(
                f,
                "`{action}` is a ROA action (`{line}`); this runtime sends RPC-style calls only"
            ),
        }
    }
}

impl Error for ConstructionError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            ConstructionKind::Build(e) => Some(e),
            ConstructionKind::Params(e) => Some(e),
            ConstructionKind::Sign(e) => Some(e),
            ConstructionKind::Nonce(_) | ConstructionKind::Roa(..) => None,
        }
    }
}

/// The attempt did not complete in time (client timeout or a transport-level timeout).
#[derive(Debug)]
pub struct TimeoutError {
    limit: Option<Duration>,
    source: Option<TransportError>,
}

impl TimeoutError {
    /// The client-level timeout elapsed.
    pub(crate) fn elapsed(limit: Duration) -> Self {
        Self {
            limit: Some(limit),
            source: None,
        }
    }

    /// The transport reported a timeout of its own (connect or read).
    pub(crate) fn from_transport(source: TransportError) -> Self {
        Self {
            limit: None,
            source: Some(source),
        }
    }

    /// The client timeout that elapsed, if the client (not the transport) gave up.
    pub fn limit(&self) -> Option<Duration> {
        self.limit
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.limit, &self.source) {
            (Some(limit), _) => write!(f, "no response within {limit:?}"),
            (None, Some(e)) => write!(f, "{e}"),
            (None, None) => write!(f, "no response in time"),
        }
    }
}

impl Error for TimeoutError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn Error + 'static))
    }
}

/// The transport failed (connect, TLS, I/O); the request may or may not have reached the server.
#[derive(Debug)]
pub struct DispatchError {
    source: TransportError,
}

impl DispatchError {
    /// Wraps a non-timeout transport failure.
    pub(crate) fn new(source: TransportError) -> Self {
        Self { source }
    }

    /// The underlying transport error.
    pub fn transport_error(&self) -> &TransportError {
        &self.source
    }
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)
    }
}

impl Error for DispatchError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.source)
    }
}

/// A response arrived but could not be decoded (neither the expected output nor a service error).
#[derive(Debug)]
pub struct ResponseError {
    status: u16,
    body_excerpt: String,
    message: String,
    cause: Option<Box<dyn Error + Send + Sync>>,
}

impl ResponseError {
    /// Maximum number of characters of the body kept in [`ResponseError::body_excerpt`].
    pub const EXCERPT_CHARS: usize = 256;

    /// A response with `status` and `body` that could not be decoded because of `message`/`cause`.
    pub(crate) fn new(
        status: u16,
        body: &[u8],
        message: impl Into<String>,
        cause: Option<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        let text = String::from_utf8_lossy(body);
        let mut body_excerpt: String = text.chars().take(Self::EXCERPT_CHARS).collect();
        if text.chars().nth(Self::EXCERPT_CHARS).is_some() {
            body_excerpt.push('…');
        }
        Self {
            status,
            body_excerpt,
            message: message.into(),
            cause,
        }
    }

    /// The HTTP status of the undecodable response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first characters of the body (lossy UTF-8), for diagnostics.
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.message)?;
        if let Some(cause) = &self.cause {
            write!(f, " ({cause})")?;
        }
        write!(f, "; body: {:?}", self.body_excerpt)
    }
}

impl Error for ResponseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause
            .as_ref()
            .map(|e| e.as_ref() as &(dyn Error + 'static))
    }
}

/// The service answered with an error; `err()` is the operation's typed error.
#[derive(Debug)]
pub struct ServiceError<E> {
    err: E,
    status: u16,
}

impl<E> ServiceError<E> {
    /// Pairs a typed service error with the HTTP status it came with.
    pub fn new(err: E, status: u16) -> Self {
        Self { err, status }
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
        write!(f, "{}", self.err)
    }
}

impl<E: Error + 'static> Error for ServiceError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.err)
    }
}

/// Everything that can go wrong with a call, by stage.
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E> {
    /// The request could not be built, serialised or signed; nothing was sent.
    Construction(ConstructionError),
    /// The attempt timed out.
    Timeout(TimeoutError),
    /// The transport failed (connect, TLS, I/O).
    Dispatch(DispatchError),
    /// The response could not be decoded (status, body excerpt, cause).
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

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.status()),
            Self::Response(e) => Some(e.status()),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction(e) => write!(f, "failed to construct request: {e}"),
            Self::Timeout(e) => write!(f, "request timed out: {e}"),
            Self::Dispatch(e) => write!(f, "dispatch failure: {e}"),
            Self::Response(e) => write!(f, "response error: {e}"),
            Self::Service(e) => write!(f, "service error: {e}"),
        }
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

    #[test]
    fn displays() {
        assert_eq!(
            meta().to_string(),
            "ReplicationJob.InvalidStatus: The specified replication job status is invalid."
        );
        assert_eq!(
            BuildError::missing("job_id", "JobId").to_string(),
            "missing required field `job_id` (JobId)"
        );
        let e: SdkError<ErrorMeta> = SdkError::Service(ServiceError::new(meta(), 400));
        assert_eq!(
            e.to_string(),
            "service error: ReplicationJob.InvalidStatus: The specified replication job status is invalid."
        );
        let src = e.source().unwrap().to_string();
        assert!(src.starts_with("ReplicationJob.InvalidStatus"));
        assert_eq!(e.status(), Some(400));
        assert_eq!(e.into_service_error(), Some(meta()));
    }

    #[test]
    fn construction_from_build_error_chains() {
        let e: SdkError<ErrorMeta> = SdkError::construction(BuildError::missing("job_id", "JobId"));
        assert_eq!(
            e.to_string(),
            "failed to construct request: missing required field `job_id` (JobId)"
        );
        let inner = e.source().unwrap();
        assert!(inner.source().unwrap().to_string().contains("job_id"));
        match &e {
            SdkError::Construction(c) => assert_eq!(c.build_error().unwrap().field(), "job_id"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(e.as_service_error().is_none());
    }

    #[test]
    fn response_error_excerpt_is_bounded() {
        let body = "x".repeat(1000);
        let e = ResponseError::new(502, body.as_bytes(), "not JSON", None);
        assert_eq!(e.status(), 502);
        assert_eq!(
            e.body_excerpt().chars().count(),
            ResponseError::EXCERPT_CHARS + 1
        );
        assert!(e.to_string().starts_with("HTTP 502: not JSON; body: "));
        let e = ResponseError::new(200, &[0xff, b'a'], "bad", None);
        assert_eq!(e.body_excerpt(), "\u{fffd}a");
    }
}
