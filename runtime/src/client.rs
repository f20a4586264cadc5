//! The client: configuration, and the generic `call` that signs, sends and decodes.

use crate::credentials::Credentials;
use crate::error::{
    ConfigError, ConstructionError, DispatchError, ResponseError, SdkError, ServiceError,
    TimeoutError,
};
use crate::error_meta::ErrorMeta;
use crate::operation::Operation;
use crate::signer::{Signer, SignerV1, SigningRequest};
use crate::transport::{HttpResponse, ReqwestTransport, Transport};
use crate::{endpoint, error_meta, nonce, params, time, xml};
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
    credentials: Credentials,
    transport: Arc<dyn Transport>,
    signer: Arc<dyn Signer>,
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

    /// The access key id this client signs with.
    pub fn access_key_id(&self) -> &str {
        self.inner.credentials.access_key_id()
    }

    /// Flattens, signs (v1 HMAC-SHA1 by default), sends and decodes one call of `O`.
    pub async fn call<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        if let Some(line) = O::ROA {
            return Err(SdkError::Construction(ConstructionError::roa(
                O::ACTION,
                line,
            )));
        }
        let params = params::to_params(input).map_err(SdkError::construction)?;
        let response = self
            .send(O::ACTION, O::VERSION, params)
            .await
            .map_err(|e| match e {
                AttemptError::Construction(e) => SdkError::Construction(e),
                AttemptError::Timeout(e) => SdkError::Timeout(e),
                AttemptError::Dispatch(e) => SdkError::Dispatch(e),
            })?;
        if (200..300).contains(&response.status) {
            decode_success::<O::Output>(&response).map_err(|e| {
                SdkError::Response(ResponseError::new(
                    response.status,
                    &response.body,
                    format!("cannot decode {} response", O::ACTION),
                    Some(e),
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
        params: Vec<(String, String)>,
    ) -> Result<HttpResponse, AttemptError> {
        let inner = &*self.inner;
        let nonce = nonce::new_nonce()
            .map_err(|e| AttemptError::Construction(ConstructionError::nonce(e)))?;
        let timestamp = time::now_timestamp();
        let request = inner
            .signer
            .sign(SigningRequest {
                method: "POST",
                endpoint: &inner.endpoint,
                action,
                version,
                params,
                timestamp: &timestamp,
                nonce: &nonce,
                credentials: &inner.credentials,
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
        None => SdkError::Response(ResponseError::new(
            response.status,
            &response.body,
            "error response without a decodable Code",
            None,
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
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// Configures a [`Client`]; every method takes and returns `Self`.
#[derive(Default)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    transport: Option<Arc<dyn Transport>>,
    signer: Option<Arc<dyn Signer>>,
    timeout: Option<Duration>,
}

impl ClientBuilder {
    /// The endpoint base URL (default `https://smc.aliyuncs.com`): `scheme://host[:port]`, or a
    /// bare host, which gets `https://`; a trailing `/` is dropped. Checked at `build`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The credentials to sign with (default: [`Credentials::from_env`] at `build`).
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(c);
        self
    }

    /// The HTTP transport (default: [`ReqwestTransport`]).
    pub fn transport(mut self, t: Arc<dyn Transport>) -> Self {
        self.transport = Some(t);
        self
    }

    /// The request signer (default: [`SignerV1`], HMAC-SHA1).
    pub fn signer(mut self, s: Arc<dyn Signer>) -> Self {
        self.signer = Some(s);
        self
    }

    /// The per-attempt timeout (default 10 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let endpoint = endpoint::normalize(self.endpoint.as_deref().unwrap_or(DEFAULT_ENDPOINT))
            .map_err(ConfigError::invalid_endpoint)?;
        let credentials = match self.credentials {
            Some(c) => c,
            None => Credentials::from_env()?,
        };
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => Arc::new(ReqwestTransport::new()?),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                credentials,
                transport,
                signer: self.signer.unwrap_or_else(|| Arc::new(SignerV1)),
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .field("signer", &self.signer)
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_bad_endpoint_is_a_config_error_with_the_reason_as_source() {
        let err = Client::builder()
            .endpoint("ftp://x")
            .credentials(Credentials::new("AKID", "secret"))
            .build()
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid endpoint");
        let reason = err.source().map(ToString::to_string).unwrap_or_default();
        assert!(reason.contains("`ftp://x`"), "{reason}");
        let client = Client::builder()
            .endpoint("HTTP://127.0.0.1:8080/")
            .credentials(Credentials::new("AKID", "secret"))
            .build()
            .unwrap();
        assert_eq!(client.endpoint(), "http://127.0.0.1:8080");
    }

    #[test]
    fn builder_defaults_and_debug_redaction() {
        let client = Client::builder()
            .credentials(Credentials::new("AKID", "top-secret-123"))
            .build()
            .unwrap();
        assert_eq!(client.endpoint(), DEFAULT_ENDPOINT);
        assert_eq!(client.timeout(), DEFAULT_TIMEOUT);
        assert_eq!(client.access_key_id(), "AKID");
        let dbg = format!("{client:?}");
        assert!(dbg.contains("AKID") && dbg.contains("SignerV1"), "{dbg}");
        assert!(!dbg.contains("top-secret-123"), "{dbg}");
        let builder = Client::builder().credentials(Credentials::new("A", "top-secret-123"));
        assert!(!format!("{builder:?}").contains("top-secret-123"));
    }
}
