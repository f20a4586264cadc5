//! The injectable HTTP transport seam and the default reqwest (rustls) implementation.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed, `Send` future, as returned by [`Transport::send`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A fully signed HTTP request, ready to send. `Debug` redacts what would let a reader replay
/// it or act as the caller: the `Signature` and `SecurityToken` query values, the signature in
/// `Authorization` and the `x-acs-security-token` header value.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// HTTP method, `GET` or `POST`.
    pub method: String,
    /// Absolute URL including the (signed) query string.
    pub url: String,
    /// Request headers, in order.
    pub headers: Vec<(String, String)>,
    /// Request body: a form body, or empty.
    pub body: Vec<u8>,
}

/// What `Debug` prints instead of a secret value.
const REDACTED: &str = "** redacted **";
/// Query parameters whose value `HttpRequest`'s `Debug` hides.
const SECRET_QUERY_PARAMS: &[&str] = &["Signature", "SecurityToken"];
/// Headers (lowercase) whose value `HttpRequest`'s `Debug` hides.
const SECRET_HEADERS: &[&str] = &["authorization", "x-acs-security-token"];

/// `url` with the value of every [`SECRET_QUERY_PARAMS`] pair replaced by [`REDACTED`]. Those
/// names are unreserved, so their encoded form is their name.
fn redacted_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_QUERY_PARAMS.contains(&name) => format!("{name}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// A header value as `Debug` shows it: an `Authorization` keeps its algorithm, credential and
/// signed-header list but not its signature; the other [`SECRET_HEADERS`] show nothing.
fn redacted_header(name: &str, value: &str) -> String {
    if !SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
        return value.to_owned();
    }
    match value.split_once(",Signature=") {
        Some((head, _)) if name.eq_ignore_ascii_case("authorization") => {
            format!("{head},Signature={REDACTED}")
        }
        _ => REDACTED.to_owned(),
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), redacted_header(name, value)))
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redacted_url(&self.url))
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// A raw HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers (names as sent; values lossily decoded as UTF-8).
    pub headers: Vec<(String, String)>,
    /// Response body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl HttpRequest {
    /// The first header named `name` (ASCII case-insensitive), e.g. to check what a signer
    /// added in a test transport.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// The value of the first of `headers` named `name` (ASCII case-insensitive).
pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Sends one HTTP request; tests and the emulator plug their own implementation in here.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and returns the response, whatever its status. A failure must not quote
    /// `request.url`: it carries `AccessKeyId`, `SecurityToken` and `Signature`.
    fn send<'a>(
        &'a self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;
}

/// A transport failure. [`is_timeout`](Self::is_timeout) and [`is_connect`](Self::is_connect)
/// say what kind it is, which decides between `SdkError::Timeout` and `SdkError::Dispatch` and
/// whether the call is retried; [`too_large`](Self::too_large) reports a response whose body
/// exceeded the size limit. `Display` says only which kind it is; the transport's own error is
/// the [`source`](Error::source).
#[derive(Debug, thiserror::Error)]
#[error("{}", .kind.describe())]
pub struct TransportError {
    kind: TransportErrorKind,
    #[source]
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// The kinds of [`TransportError`].
#[derive(Debug)]
enum TransportErrorKind {
    /// Anything else: TLS, I/O after connecting, a malformed request.
    Other,
    /// No connection could be made (refused, unreachable, DNS).
    Connect,
    /// A timeout after connecting (reading the response).
    Timeout,
    /// No connection within the connect timeout.
    ConnectTimeout,
    /// The response body is larger than the limit.
    TooLarge(BodyTooLarge),
}

impl TransportErrorKind {
    fn describe(&self) -> String {
        match self {
            Self::Other => "the HTTP transport failed".to_owned(),
            Self::Connect => "the HTTP transport could not connect".to_owned(),
            Self::Timeout => "the HTTP transport timed out".to_owned(),
            Self::ConnectTimeout => "the HTTP transport timed out connecting".to_owned(),
            Self::TooLarge(t) => format!(
                "the HTTP {} response body exceeds the limit of {} bytes",
                t.status, t.limit
            ),
        }
    }
}

/// A response whose body was not read because it exceeds the size limit: what is known of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTooLarge {
    status: u16,
    limit: usize,
    request_id: Option<String>,
}

impl BodyTooLarge {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The limit, in bytes, that the body exceeds.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The `x-acs-request-id` response header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl TransportError {
    /// A timeout reported by the transport after connecting (reading the response).
    pub fn timeout(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::with(TransportErrorKind::Timeout, source)
    }

    /// No connection within the transport's connect timeout.
    pub fn connect_timeout(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::with(TransportErrorKind::ConnectTimeout, source)
    }

    /// No connection could be made (refused, unreachable, name not resolved): the request
    /// surely did not reach the server.
    pub fn connect(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::with(TransportErrorKind::Connect, source)
    }

    /// Any other failure (TLS, I/O after connecting, malformed request): the request may have
    /// reached the server.
    pub fn other(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::with(TransportErrorKind::Other, source)
    }

    /// A response of `status` whose body exceeds `limit` bytes, with the `x-acs-request-id`
    /// header if it had one.
    pub fn too_large(status: u16, limit: usize, request_id: Option<String>) -> Self {
        Self {
            kind: TransportErrorKind::TooLarge(BodyTooLarge {
                status,
                limit,
                request_id,
            }),
            source: None,
        }
    }

    fn with(kind: TransportErrorKind, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// Whether this failure is a timeout (connecting or reading).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Timeout | TransportErrorKind::ConnectTimeout
        )
    }

    /// Whether no connection was made (refused, unreachable, or the connect timeout).
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout
        )
    }

    /// The response whose body exceeded the size limit, if that is the failure.
    pub fn too_large_response(&self) -> Option<&BodyTooLarge> {
        match &self.kind {
            TransportErrorKind::TooLarge(t) => Some(t),
            _ => None,
        }
    }
}

/// The default transport: a shared `reqwest::Client` with rustls. It reads a response body in
/// chunks and stops with [`TransportError::too_large`] once it exceeds the size limit, so an
/// oversized answer costs at most the limit in memory (a `Content-Length` over the limit fails
/// before anything is read).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_body: usize,
}

impl ReqwestTransport {
    /// Connect timeout of the default client (the per-attempt timeout is the `Client`'s).
    pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
    /// Largest response body read by default: 32 MiB.
    pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

    /// Creates a transport with a new reqwest client (rustls, 5 s connect timeout, 32 MiB body
    /// limit); fails only if the TLS backend cannot be initialised.
    pub fn new() -> Result<Self, TransportError> {
        Self::with_connect_timeout(Self::CONNECT_TIMEOUT)
    }

    /// Like [`new`](Self::new) with another connect timeout.
    pub fn with_connect_timeout(connect_timeout: Duration) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .user_agent(concat!("smc-runtime/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(TransportError::other)?;
        Ok(Self::from_client(client))
    }

    /// Wraps an existing reqwest client (custom proxies, TLS roots, pools), with the default
    /// body limit.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self {
            client,
            max_body: Self::MAX_RESPONSE_BYTES,
        }
    }

    /// The same transport with another response body limit, in bytes.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// The response body limit, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_body
    }

    /// Sends `request` with reqwest, mapping its errors to [`TransportError`].
    async fn send_inner(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(TransportError::other)?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut response = builder
            .body(request.body)
            .send()
            .await
            .map_err(map_reqwest_error)?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let too_large = |headers: &[(String, String)]| {
            let request_id = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(REQUEST_ID_HEADER))
                .map(|(_, v)| v.clone());
            TransportError::too_large(status, self.max_body, request_id)
        };
        let declared = response.content_length();
        if declared.is_some_and(|n| n > self.max_body as u64) {
            return Err(too_large(&headers));
        }
        // Trust a declared length for the first allocation only up to a modest size.
        let mut body = Vec::with_capacity(declared.map_or(0, |n| {
            usize::try_from(n).unwrap_or(usize::MAX).min(64 * 1024)
        }));
        while let Some(chunk) = response.chunk().await.map_err(map_reqwest_error)? {
            if body.len() + chunk.len() > self.max_body {
                return Err(too_large(&headers));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// The response header carrying the request id.
pub(crate) const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// Classifies a reqwest error (connect, connect timeout, timeout or other), dropping the URL it
/// carries: the URL is the signed request (`AccessKeyId`, `SecurityToken`, `Signature`) and
/// must not reach logs.
fn map_reqwest_error(e: reqwest::Error) -> TransportError {
    let e = e.without_url();
    match (e.is_connect(), e.is_timeout()) {
        (true, true) => TransportError::connect_timeout(e),
        (true, false) => TransportError::connect(e),
        (false, true) => TransportError::timeout(e),
        (false, false) => TransportError::other(e),
    }
}

impl Transport for ReqwestTransport {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(self.send_inner(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_signature_token_and_authorization_signature() {
        let request = HttpRequest {
            method: "POST".into(),
            url: "https://h/?AccessKeyId=id&SecurityToken=stsTOKEN9%2B&JobId=j&Signature=c2ln%3D"
                .into(),
            headers: vec![
                (
                    "Authorization".into(),
                    "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=abc123".into(),
                ),
                ("x-acs-security-token".into(), "stsTOKEN9+".into()),
                ("authorization".into(), "Basic dXNlcjpwYXNz".into()),
                ("x-acs-action".into(), "A".into()),
            ],
            body: b"Tag.1=v".to_vec(),
        };
        let dbg = format!("{request:?}");
        for secret in ["stsTOKEN9", "c2ln", "abc123", "dXNlcjpwYXNz"] {
            assert!(!dbg.contains(secret), "`{secret}` in {dbg}");
        }
        for kept in [
            "AccessKeyId=id",
            "JobId=j",
            "SecurityToken=** redacted **",
            "Signature=** redacted **",
            "Credential=id,SignedHeaders=host,Signature=** redacted **",
            "(\"x-acs-action\", \"A\")",
            "Tag.1=v",
        ] {
            assert!(dbg.contains(kept), "`{kept}` missing in {dbg}");
        }
        let no_query = HttpRequest {
            url: "https://h/".into(),
            ..request
        };
        assert!(format!("{no_query:?}").contains("url: \"https://h/\""));
    }

    #[test]
    fn header_lookup_is_case_insensitive() {
        let r = HttpResponse {
            status: 200,
            headers: vec![("Content-Type".into(), "text/xml".into())],
            body: vec![],
        };
        assert_eq!(r.header("content-type"), Some("text/xml"));
        assert_eq!(r.header("x-missing"), None);
    }

    #[test]
    fn transport_error_kinds() {
        let t = TransportError::timeout("read timed out");
        assert!(t.is_timeout());
        assert_eq!(t.to_string(), "the HTTP transport timed out");
        assert_eq!(t.source().unwrap().to_string(), "read timed out");
        assert!(!t.is_connect() && t.too_large_response().is_none());
        let o = TransportError::other(String::from("connection reset"));
        assert!(!o.is_timeout() && !o.is_connect());
        assert_eq!(o.to_string(), "the HTTP transport failed");
        assert_eq!(o.source().unwrap().to_string(), "connection reset");
        let c = TransportError::connect("connection refused");
        assert!(c.is_connect() && !c.is_timeout());
        assert_eq!(c.to_string(), "the HTTP transport could not connect");
        let ct = TransportError::connect_timeout("timed out");
        assert!(ct.is_connect() && ct.is_timeout());
        assert_eq!(ct.to_string(), "the HTTP transport timed out connecting");
        let big = TransportError::too_large(502, 1024, Some("RID".into()));
        assert!(!big.is_connect() && !big.is_timeout() && big.source().is_none());
        assert_eq!(
            big.to_string(),
            "the HTTP 502 response body exceeds the limit of 1024 bytes"
        );
        let info = big.too_large_response().unwrap();
        assert_eq!(
            (info.status(), info.limit(), info.request_id()),
            (502, 1024, Some("RID"))
        );
    }

    #[tokio::test]
    async fn reqwest_transport_connection_refused_is_dispatch_not_timeout() {
        // Bind then drop a listener so the port is (very likely) closed.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let t = ReqwestTransport::new().unwrap();
        let err = t
            .send(HttpRequest {
                method: "POST".into(),
                url: format!("http://127.0.0.1:{port}/"),
                headers: vec![],
                body: vec![],
            })
            .await
            .unwrap_err();
        assert!(!err.is_timeout(), "{err}");
        assert!(err.is_connect(), "{err}");
    }

    #[tokio::test]
    async fn reqwest_transport_rejects_bad_method() {
        let t = ReqwestTransport::new().unwrap();
        let err = t
            .send(HttpRequest {
                method: "BAD METHOD".into(),
                url: "http://127.0.0.1:9/".into(),
                headers: vec![],
                body: vec![],
            })
            .await
            .unwrap_err();
        assert!(!err.is_timeout());
    }
}
