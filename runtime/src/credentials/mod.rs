//! Credentials and where they come from.
//!
//! [`Credentials`] is the plain value a signer uses: an access key pair, optionally an STS
//! security token and the time it expires. [`ProvideCredentials`] is anything that produces
//! them asynchronously: a fixed value, one source of the vendor's default chain, a cache in front
//! of a source, or the whole chain ([`DefaultCredentialsChain`]).
//!
//! The default chain asks, in the vendor's order: the environment ([`EnvironmentProvider`]),
//! OIDC/RRSA ([`OidcProvider`]), the Alibaba Cloud CLI profile ([`CliProfileProvider`]), the
//! `credentials.ini` file ([`IniFileProvider`]), the ECS instance RAM role over the metadata
//! service ([`EcsRamRoleProvider`]) and `ALIBABA_CLOUD_CREDENTIALS_URI`
//! ([`CredentialsUriProvider`]). Every source reads its inputs (environment variables, home
//! directory, STS endpoint, metadata URL, HTTP transport) from a [`ProviderConfig`], so tests
//! run each one against temporary files and loopback fakes without touching the process.
//!
//! Secrets never leave: `Debug` of [`Credentials`] redacts the secret and the token, and no
//! [`CredentialsError`] text (nor anything along its `source()` chain) quotes a secret, a
//! token, an OIDC token or a response body that could hold one.

mod cache;
mod chain;
mod cli_profile;
mod config;
mod credentials_uri;
mod ecs_ram_role;
mod env;
mod error;
mod http;
mod ini_file;
mod oidc;
mod ram_role_arn;
mod sts;

pub use cache::{CachingProvider, REFRESH_BEFORE_EXPIRY};
pub use chain::DefaultCredentialsChain;
pub use cli_profile::CliProfileProvider;
pub use config::ProviderConfig;
pub use credentials_uri::CredentialsUriProvider;
pub use ecs_ram_role::EcsRamRoleProvider;
pub use env::{EnvironmentProvider, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_SECURITY_TOKEN};
pub use error::{CredentialsError, Skipped};
pub use ini_file::IniFileProvider;
pub use oidc::OidcProvider;
pub use ram_role_arn::RamRoleArnProvider;

use crate::time::format_timestamp;
use crate::transport::BoxFuture;
use std::fmt;
use std::time::SystemTime;

/// Produces credentials on demand; the client asks once per call, so a provider that fetches
/// them over the network belongs behind a [`CachingProvider`] (the default chain already is).
///
/// Object safe (a boxed future), so `Arc<dyn ProvideCredentials>` works.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns credentials, or why there are none. A source that is simply not set up here
    /// answers [`CredentialsError::NotConfigured`], which the default chain skips.
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// A fixed value provides itself.
impl ProvideCredentials for Credentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// An access key pair plus optional STS token and expiry. `Debug` never prints the secret or
/// the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials from an access key id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token, sent as the signed `SecurityToken` parameter.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Sets when temporary credentials stop working; [`CachingProvider`] refreshes them
    /// [`REFRESH_BEFORE_EXPIRY`] earlier.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (both must be
    /// non-empty) and the optional `ALIBABA_CLOUD_SECURITY_TOKEN`. Only the environment: the
    /// whole default chain is [`DefaultCredentialsChain`].
    pub fn from_env() -> Result<Self, CredentialsError> {
        env::from_lookup(|name| std::env::var(name).ok())
    }

    /// The access key id (sent as `AccessKeyId`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret, for signers only; never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if any; never log it.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When these credentials expire (`None` for long-term access keys).
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.expiration.map(format_timestamp))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn debug_redacts_secret_and_token_and_shows_expiry() {
        let c = Credentials::new("AKID", "very-secret-value")
            .with_security_token("sts-token-xyz")
            .with_expiration(UNIX_EPOCH + Duration::from_secs(1_456_231_584));
        let dbg = format!("{c:?}");
        assert!(dbg.contains("AKID"), "{dbg}");
        assert!(dbg.contains("2016-02-23T12:46:24Z"), "{dbg}");
        assert!(!dbg.contains("very-secret-value"), "{dbg}");
        assert!(!dbg.contains("sts-token-xyz"), "{dbg}");
    }

    #[tokio::test]
    async fn a_fixed_value_provides_itself() {
        let c = Credentials::new("AKID", "s").with_security_token("t");
        let provider: std::sync::Arc<dyn ProvideCredentials> = std::sync::Arc::new(c.clone());
        assert_eq!(provider.provide().await.unwrap(), c);
    }
}
