//! [`DefaultCredentialsChain`]: the vendor's sources in the vendor's order, behind one cache.
//!
//! A source that is not set up ([`CredentialsError::NotConfigured`]) is skipped, and when all
//! are, the error lists every source and why. The first source that answers is kept for later
//! refreshes, as the vendor's SDKs do. Unlike them, a source that is set up but fails (a
//! malformed file, STS refusing the role) stops the chain with its error instead of falling
//! through to a later source: falling through would silently switch to another identity (the
//! node's instance role instead of a pod's OIDC role, say) and hide the broken configuration.

use super::cache::CachingProvider;
use super::config::ProviderConfig;
use super::{
    CliProfileProvider, Credentials, CredentialsError, CredentialsUriProvider, EcsRamRoleProvider,
    EnvironmentProvider, IniFileProvider, OidcProvider, ProvideCredentials, Skipped,
};
use crate::transport::BoxFuture;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The default credential chain, cached: environment, OIDC/RRSA, CLI profile,
/// `credentials.ini`, ECS RAM role, credentials URI. Nothing is read until the first call, so
/// creating it never fails or blocks; temporary credentials are refreshed before they expire.
///
/// Environment variables honoured: `ALIBABA_CLOUD_ACCESS_KEY_ID`,
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`; `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`,
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_STS_REGION`,
/// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`; `ALIBABA_CLOUD_PROFILE`, `ALIBABA_CLOUD_CONFIG_FILE`,
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`; `ALIBABA_CLOUD_CREDENTIALS_FILE`;
/// `ALIBABA_CLOUD_ECS_METADATA_DISABLED`, `ALIBABA_CLOUD_ECS_METADATA`,
/// `ALIBABA_CLOUD_IMDSV1_DISABLED`; `ALIBABA_CLOUD_CREDENTIALS_URI`.
pub struct DefaultCredentialsChain {
    cache: CachingProvider,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment and home directory.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::from_process())
    }

    /// The chain over `config` (tests: a fixed environment, temporary home, loopback fakes).
    pub fn with_config(config: ProviderConfig) -> Self {
        let sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)> = vec![
            ("environment", Arc::new(EnvironmentProvider::new(&config))),
            ("OIDC", Arc::new(OidcProvider::from_env(&config))),
            ("CLI profile", Arc::new(CliProfileProvider::new(&config))),
            ("credentials file", Arc::new(IniFileProvider::new(&config))),
            ("ECS RAM role", Arc::new(EcsRamRoleProvider::new(&config))),
            (
                "credentials URI",
                Arc::new(CredentialsUriProvider::new(&config)),
            ),
        ];
        Self {
            cache: CachingProvider::new(Arc::new(Chain {
                sources,
                chosen: Mutex::new(None),
            })),
        }
    }
}

impl Default for DefaultCredentialsChain {
    /// [`DefaultCredentialsChain::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide()
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DefaultCredentialsChain")
    }
}

/// The sources in order, and the index of the one that answered first.
#[derive(Debug)]
struct Chain {
    sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>,
    chosen: Mutex<Option<usize>>,
}

impl Chain {
    /// The source that answered before, if any.
    fn chosen(&self) -> Option<usize> {
        self.chosen.lock().map_or(None, |c| *c)
    }

    /// Remembers the source that answered.
    fn choose(&self, index: usize) {
        if let Ok(mut c) = self.chosen.lock() {
            *c = Some(index);
        }
    }
}

impl ProvideCredentials for Chain {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let failed = |name, error| CredentialsError::Source {
                name,
                error: Box::new(error),
            };
            if let Some((name, source)) = self.chosen().and_then(|i| self.sources.get(i)) {
                return source.provide().await.map_err(|e| failed(*name, e));
            }
            let mut tried = Vec::new();
            for (index, (name, source)) in self.sources.iter().enumerate() {
                match source.provide().await {
                    Ok(credentials) => {
                        self.choose(index);
                        return Ok(credentials);
                    }
                    Err(CredentialsError::NotConfigured { reason }) => {
                        tried.push(Skipped { name, reason });
                    }
                    Err(e) => return Err(failed(*name, e)),
                }
            }
            Err(CredentialsError::NotFound { tried })
        })
    }
}
