//! The client and its generic `call`, which flattens, signs, sends and decodes one operation.
//! It is configured through [`ClientBuilder`] ([`builder`]), whose endpoint check lives in
//! [`endpoint`].

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
use crate::signer::{Signer, SigningRequest};
use crate::transport::{HttpResponse, Transport};
use crate::{error_meta, nonce, params, time, xml};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The endpoint used when none is configured.
pub const DEFAULT_ENDPOINT: &str = "https://smc.aliyuncs.com";
/// The per-attempt timeout used when none is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// A configured client; cheap to clone (shared state behind an `Arc`). `Debug` never shows the
/// secret.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Shared client state.
struct Inner {
    endpoint: String,
    /// Asked on every call; the default chain and [`crate::credentials::CachingProvider`]
    /// answer from their cache until temporary credentials near expiry.
    credentials: Arc<dyn ProvideCredentials>,
    transport: Arc<dyn Transport>,
    signer: Arc<dyn Signer>,
    method: HttpMethod,
    timeout: Duration,
}

/// How one attempt failed before a response was decoded (non-generic, so it is compiled once).
enum AttemptError {
    Construction(ConstructionError),
    Timeout(TimeoutError),
    Dispatch(DispatchError),
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
        self.inner.timeout
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

    /// Flattens, signs (v3 ACS3-HMAC-SHA256 by default), sends and decodes one call of `O`. On
    /// a POST the parameters named by [`Operation::BODY`] go in a form body, the rest in the
    /// query; a GET sends them all in the query.
    pub async fn call<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        if let Some(line) = O::ROA {
            return Err(SdkError::Construction(ConstructionError::roa(
                O::ACTION,
                line,
            )));
        }
        let params = params::to_params(input).map_err(SdkError::construction)?;
        let (query, form) = split_body(params, O::BODY, self.inner.method);
        let response = self
            .send(O::ACTION, O::VERSION, query, form)
            .await
            .map_err(|e| match e {
                AttemptError::Construction(e) => SdkError::Construction(e),
                AttemptError::Timeout(e) => SdkError::Timeout(e),
                AttemptError::Dispatch(e) => SdkError::Dispatch(e),
            })?;
        if (200..300).contains(&response.status) {
            decode_success::<O::Output>(&response).map_err(|e| {
                SdkError::Response(ResponseError::undecodable_output(
                    response.status,
                    &response.body,
                    O::ACTION,
                    e,
                ))
            })
        } else {
            Err(decode_error(response))
        }
    }

    /// Signs one attempt (fresh timestamp and nonce) and sends it within the timeout.
    async fn send(
        &self,
        action: &str,
        version: &str,
        query: Vec<(String, String)>,
        form: Vec<(String, String)>,
    ) -> Result<HttpResponse, AttemptError> {
        let inner = &*self.inner;
        let credentials = inner
            .credentials
            .provide()
            .await
            .map_err(|e| AttemptError::Construction(ConstructionError::credentials(e)))?;
        let nonce = nonce::new_nonce()
            .map_err(|e| AttemptError::Construction(ConstructionError::nonce(e)))?;
        let timestamp = time::now_timestamp();
        let request = inner
            .signer
            .sign(SigningRequest {
                method: inner.method,
                endpoint: &inner.endpoint,
                action,
                version,
                query,
                form,
                timestamp: &timestamp,
                nonce: &nonce,
                credentials: &credentials,
            })
            .map_err(|e| AttemptError::Construction(e.into()))?;
        match tokio::time::timeout(inner.timeout, inner.transport.send(request)).await {
            Err(_) => Err(AttemptError::Timeout(TimeoutError::elapsed(inner.timeout))),
            Ok(Err(e)) if e.is_timeout() => {
                Err(AttemptError::Timeout(TimeoutError::from_transport(e)))
            }
            Ok(Err(e)) => Err(AttemptError::Dispatch(DispatchError::new(e))),
            Ok(Ok(response)) => Ok(response),
        }
    }
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

/// Turns a non-2xx response into a typed service error, or a response error if undecodable.
fn decode_error<E: From<ErrorMeta>>(response: HttpResponse) -> SdkError<E> {
    match error_meta::parse_error_meta(response.status, &response.body) {
        Some(meta) => SdkError::Service(ServiceError::new(E::from(meta), response.status)),
        None => SdkError::Response(ResponseError::no_error_code(
            response.status,
            &response.body,
        )),
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
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}
