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
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
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

/// A transport failure; [`TransportError::is_timeout`] decides between `SdkError::Timeout` and
/// `SdkError::Dispatch`. `Display` says only which of the two it is; the transport's own error
/// is the [`source`](Error::source).
#[derive(Debug, thiserror::Error)]
#[error("{}", if *.timeout { "the HTTP transport timed out" } else { "the HTTP transport failed" })]
pub struct TransportError {
    timeout: bool,
    #[source]
    source: Box<dyn Error + Send + Sync>,
}

impl TransportError {
    /// A timeout reported by the transport (connect or read).
    pub fn timeout(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            timeout: true,
            source: source.into(),
        }
    }

    /// Any other failure (connect refused, TLS, I/O, malformed request).
    pub fn other(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            timeout: false,
            source: source.into(),
        }
    }

    /// Whether this failure is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.timeout
    }
}

/// The default transport: a shared `reqwest::Client` with rustls.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Connect timeout of the default client (the per-attempt timeout is the `Client`'s).
    pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

    /// Creates a transport with a new reqwest client (rustls, 5 s connect timeout); fails only
    /// if the TLS backend cannot be initialised.
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(Self::CONNECT_TIMEOUT)
            .user_agent(concat!("smc-runtime/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(TransportError::other)?;
        Ok(Self { client })
    }

    /// Wraps an existing reqwest client (custom proxies, TLS roots, pools).
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }

    /// Sends `request` with reqwest, mapping its errors to [`TransportError`].
    async fn send_inner(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(TransportError::other)?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = builder
            .body(request.body)
            .send()
            .await
            .map_err(map_reqwest_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.bytes().await.map_err(map_reqwest_error)?.to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Classifies a reqwest error as timeout or other, dropping the URL it carries: the URL is the
/// signed request (`AccessKeyId`, `SecurityToken`, `Signature`) and must not reach logs.
fn map_reqwest_error(e: reqwest::Error) -> TransportError {
    let e = e.without_url();
    if e.is_timeout() {
        TransportError::timeout(e)
    } else {
        TransportError::other(e)
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
        let o = TransportError::other(String::from("connection refused"));
        assert!(!o.is_timeout());
        assert_eq!(o.to_string(), "the HTTP transport failed");
        assert_eq!(o.source().unwrap().to_string(), "connection refused");
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
