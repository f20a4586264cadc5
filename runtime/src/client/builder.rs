//! [`ClientBuilder`] and [`ConfigError`], the reasons a client cannot be built.

use super::endpoint::{self, EndpointError};
use super::{Client, Inner, DEFAULT_ENDPOINT, DEFAULT_MAX_RESPONSE_BYTES};
use crate::config::RegionError;
use crate::credentials::{Credentials, DefaultCredentialsChain, ProvideCredentials};
use crate::method::HttpMethod;
use crate::retry::RetryConfig;
use crate::signer::{SignatureVersion, Signer};
use crate::timeout::TimeoutConfig;
use crate::transport::{ReqwestTransport, Transport, TransportError};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Why [`ClientBuilder::build`] failed: which part of the configuration is unusable (the details
/// are the [`source`](std::error::Error::source)). Missing credentials are not among them: the
/// default chain is asked at call time, and its failure is that call's error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The endpoint cannot be used as the base URL of RPC calls.
    #[error("invalid endpoint")]
    Endpoint(#[from] EndpointError),
    /// The default HTTP transport could not be created.
    #[error("cannot create the HTTP transport")]
    Transport(#[source] TransportError),
    /// The region (set on a [`Config`](crate::Config) or read from `ALIBABA_CLOUD_REGION_ID`)
    /// is not a region id.
    #[error("invalid region")]
    Region(#[from] RegionError),
}

/// Configures a [`Client`]; every method takes and returns `Self`. Cloning copies the settings
/// (the credentials provider, transport and signer are shared, not duplicated).
#[derive(Default, Clone)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    transport: Option<Arc<dyn Transport>>,
    signer: Option<Arc<dyn Signer>>,
    method: Option<HttpMethod>,
    timeouts: TimeoutConfig,
    retry: RetryConfig,
    max_response_bytes: Option<usize>,
}

impl ClientBuilder {
    /// The endpoint base URL (default `https://smc.aliyuncs.com`): `scheme://host[:port]`, or a
    /// bare host, which gets `https://`; a trailing `/` is dropped. Checked at `build`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Fixed credentials to sign with (default: the [`DefaultCredentialsChain`], asked at
    /// call time).
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(Arc::new(c));
        self
    }

    /// A credentials provider asked on every call (default: the [`DefaultCredentialsChain`],
    /// which caches). A provider that fetches over the network should cache too: wrap it in a
    /// [`CachingProvider`](crate::credentials::CachingProvider).
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The HTTP transport (default: [`ReqwestTransport`]).
    pub fn transport(mut self, t: Arc<dyn Transport>) -> Self {
        self.transport = Some(t);
        self
    }

    /// Signs with the built-in signer of `version` (default: [`SignatureVersion::V3`],
    /// ACS3-HMAC-SHA256, as the vendor's current SDKs). Replaces any earlier
    /// [`signer`](Self::signer).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signer = Some(version.signer());
        self
    }

    /// A signer of your own (wrapping a built-in one, say). Replaces any earlier
    /// [`signature_version`](Self::signature_version).
    pub fn signer(mut self, s: Arc<dyn Signer>) -> Self {
        self.signer = Some(s);
        self
    }

    /// The HTTP method of every call (default: [`HttpMethod::Post`], as the vendor's SDKs send
    /// RPC calls; an operation's body parameters need it). GET sends every parameter in the
    /// query.
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// The per-attempt timeout (default 10 s); the other timeouts stay as they are.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeouts = self.timeouts.with_attempt_timeout(d);
        self
    }

    /// All timeouts at once: connect (default 5 s, applied by the default transport only),
    /// per attempt (10 s) and whole call (none). Replaces an earlier [`timeout`](Self::timeout).
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How failed attempts are retried (default [`RetryConfig::standard`]: 3 attempts,
    /// full-jitter backoff from 100 ms capped at 20 s); [`RetryConfig::disabled`] for none.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body accepted, in bytes (default 32 MiB). A larger one is an
    /// `SdkError::Response` naming the limit; the default transport stops reading at the limit
    /// (or before reading, when `Content-Length` is over it).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Validates the configuration and builds the client. Credentials are not resolved here:
    /// without explicit ones the default chain is asked at the first call, so building never
    /// blocks on the network or fails because nothing is configured yet.
    pub fn build(mut self) -> Result<Client, ConfigError> {
        let endpoint = endpoint::normalize(self.endpoint.as_deref().unwrap_or(DEFAULT_ENDPOINT))?;
        let transport = self.share_resources()?;
        Ok(self.build_with(endpoint, transport))
    }

    /// The endpoint set so far, as given (not normalised).
    pub(crate) fn endpoint_setting(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// Fills in the default credentials chain and a default transport where none is set, and
    /// keeps them, so that every client built from a clone of this builder shares one
    /// credentials cache and one connection pool; returns the transport.
    pub(crate) fn share_resources(&mut self) -> Result<Arc<dyn Transport>, ConfigError> {
        let transport: Arc<dyn Transport> = match &self.transport {
            Some(t) => t.clone(),
            None => Arc::new(
                ReqwestTransport::with_connect_timeout(self.timeouts.connect_timeout())
                    .map_err(ConfigError::Transport)?
                    .with_max_response_bytes(
                        self.max_response_bytes
                            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                    ),
            ),
        };
        self.transport = Some(transport.clone());
        if self.credentials.is_none() {
            self.credentials = Some(Arc::new(DefaultCredentialsChain::new()));
        }
        Ok(transport)
    }

    /// The client for an already normalised `endpoint` and a resolved `transport`: the part of
    /// [`build`](Self::build) that cannot fail.
    pub(crate) fn build_with(self, endpoint: String, transport: Arc<dyn Transport>) -> Client {
        let credentials = match self.credentials {
            Some(c) => c,
            None => Arc::new(DefaultCredentialsChain::new()),
        };
        let max_response_bytes = self
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        Client {
            inner: Arc::new(Inner {
                endpoint,
                credentials,
                transport,
                signer: self
                    .signer
                    .unwrap_or_else(|| SignatureVersion::default().signer()),
                method: self.method.unwrap_or_default(),
                timeouts: self.timeouts,
                retry: self.retry,
                max_response_bytes,
            }),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .field("signer", &self.signer)
            .field("method", &self.method)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
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
    fn building_without_credentials_succeeds_and_reads_nothing_yet() {
        let client = Client::builder().build().unwrap();
        let dbg = format!("{client:?}");
        assert!(dbg.contains("DefaultCredentialsChain"), "{dbg}");
    }

    #[tokio::test]
    async fn builder_defaults_and_debug_redaction() {
        let client = Client::builder()
            .credentials(Credentials::new("AKID", "top-secret-123"))
            .build()
            .unwrap();
        assert_eq!(client.endpoint(), DEFAULT_ENDPOINT);
        assert_eq!(client.timeout(), crate::DEFAULT_TIMEOUT);
        assert_eq!(client.timeout_config(), TimeoutConfig::default());
        assert_eq!(client.retry_config(), &RetryConfig::standard());
        assert_eq!(client.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
        assert_eq!(client.credentials().await.unwrap().access_key_id(), "AKID");
        let dbg = format!("{client:?}");
        assert!(dbg.contains("AKID") && dbg.contains("SignerV3"), "{dbg}");
        assert!(dbg.contains("method: Post"), "{dbg}");
        assert_eq!(client.method(), HttpMethod::Post);
        assert!(!dbg.contains("top-secret-123"), "{dbg}");
        let builder = Client::builder().credentials(Credentials::new("A", "top-secret-123"));
        assert!(!format!("{builder:?}").contains("top-secret-123"));
    }

    #[test]
    fn signature_version_and_signer_replace_each_other_last_one_wins() {
        let build = |b: ClientBuilder| {
            let c = b.credentials(Credentials::new("A", "s")).build().unwrap();
            format!("{c:?}")
        };
        let v1 = build(Client::builder().signature_version(SignatureVersion::V1));
        assert!(v1.contains("signer: SignerV1"), "{v1}");
        let v3 = build(
            Client::builder()
                .signer(SignatureVersion::V1.signer())
                .signature_version(SignatureVersion::V3),
        );
        assert!(v3.contains("signer: SignerV3"), "{v3}");
        let get = Client::builder()
            .method(HttpMethod::Get)
            .credentials(Credentials::new("A", "s"))
            .build()
            .unwrap();
        assert_eq!(get.method(), HttpMethod::Get);
    }
}
