//! The chain's last source: `GET` on `ALIBABA_CLOUD_CREDENTIALS_URI`, a local service answering
//! `{"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}` (and optionally
//! `"Code": "Success"`).

use super::config::ProviderConfig;
use super::http::{self, Purpose};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::transport::{BoxFuture, HttpRequest};
use std::fmt;
use std::time::Duration;

/// The URI to ask.
pub(crate) const ENV_CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
/// Deadline of one request (the vendor's 5 s connect plus 10 s read).
const URI_TIMEOUT: Duration = Duration::from_secs(15);
/// Service name used in errors.
const SERVICE: &str = "the credentials URI";

/// Temporary credentials from a credentials URI. Fetches on every call: put it behind a
/// [`CachingProvider`](super::CachingProvider) when used alone. `Debug` shows the URI without
/// its query, which may carry a token.
#[derive(Clone)]
pub struct CredentialsUriProvider {
    config: ProviderConfig,
    uri: Option<String>,
}

impl CredentialsUriProvider {
    /// Asks the URI in `ALIBABA_CLOUD_CREDENTIALS_URI` of `config` (read when asked); not
    /// configured while it is unset.
    pub fn new(config: &ProviderConfig) -> Self {
        Self {
            config: config.clone(),
            uri: None,
        }
    }

    /// Asks `uri` instead of the variable's.
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }
}

impl fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsUriProvider")
            .field("config", &self.config)
            .field("uri", &self.uri.as_deref().map(http::shown_url))
            .finish()
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let Some(uri) = self
                .uri
                .clone()
                .or_else(|| self.config.var(ENV_CREDENTIALS_URI))
            else {
                return Err(CredentialsError::not_configured(format!(
                    "{ENV_CREDENTIALS_URI} unset or empty"
                )));
            };
            let request = HttpRequest {
                method: "GET".to_owned(),
                url: uri,
                headers: vec![("Accept".to_owned(), "application/json".to_owned())],
                body: Vec::new(),
            };
            let response = http::send(
                &self.config,
                Purpose::Service,
                SERVICE,
                request,
                URI_TIMEOUT,
            )
            .await?;
            if response.status != 200 {
                return Err(http::rejected(SERVICE, &response, &[]));
            }
            let map = http::json_object(SERVICE, &response.body)?;
            match map.get("Code").and_then(|c| c.as_str()) {
                None | Some("Success") => http::session_credentials(SERVICE, &map),
                Some(code) => Err(http::bad(
                    SERVICE,
                    format!("`Code` is {code:?}, not \"Success\""),
                )),
            }
        })
    }
}
