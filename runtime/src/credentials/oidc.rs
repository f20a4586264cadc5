//! The chain's second source, OIDC/RRSA (a Kubernetes service account, say): an OIDC token
//! read from a file is exchanged for a RAM role's temporary credentials with the anonymous STS
//! call `AssumeRoleWithOIDC`. Set up by `ALIBABA_CLOUD_ROLE_ARN`,
//! `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.

use super::config::ProviderConfig;
use super::sts::{self, RoleSession, ENV_ROLE_SESSION_NAME};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::transport::BoxFuture;
use std::path::PathBuf;

/// The role to assume.
pub(crate) const ENV_ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The RAM OIDC identity provider.
pub(crate) const ENV_OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The file holding the OIDC token (re-read at every refresh: the platform rotates it).
pub(crate) const ENV_OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";

/// Assumes a RAM role with an OIDC token. Fetches on every call: put it behind a
/// [`CachingProvider`](super::CachingProvider) when used alone.
#[derive(Debug, Clone)]
pub struct OidcProvider {
    config: ProviderConfig,
    /// `None`: read role, provider and token file from the environment when asked.
    settings: Option<OidcSettings>,
}

/// An explicitly configured OIDC role.
#[derive(Debug, Clone)]
struct OidcSettings {
    session: RoleSession,
    provider_arn: String,
    token_file: PathBuf,
    sts_region: Option<String>,
    vpc: bool,
}

impl OidcProvider {
    /// The chain's form: role, provider and token file from the variables of `config` (plus the
    /// optional `ALIBABA_CLOUD_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_STS_REGION`,
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`); not configured while any of the three is unset.
    pub fn from_env(config: &ProviderConfig) -> Self {
        Self {
            config: config.clone(),
            settings: None,
        }
    }

    /// An explicit role: assume `role_arn` through the identity provider `provider_arn` with
    /// the token in `token_file`.
    pub fn new(
        config: &ProviderConfig,
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        Self {
            config: config.clone(),
            settings: Some(OidcSettings {
                session: RoleSession::new(role_arn),
                provider_arn: provider_arn.into(),
                token_file: token_file.into(),
                sts_region: None,
                vpc: false,
            }),
        }
    }

    /// `RoleSessionName` of an explicit role (default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
    /// `smc-runtime-<ms>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        if let Some(s) = &mut self.settings {
            s.session.session_name = Some(name.into());
        }
        self
    }

    /// `DurationSeconds` of an explicit role (default 3600; at least 900).
    pub fn duration_seconds(mut self, seconds: u64) -> Self {
        if let Some(s) = &mut self.settings {
            s.session.duration_seconds = seconds;
        }
        self
    }

    /// A policy narrowing an explicit role's permissions.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        if let Some(s) = &mut self.settings {
            s.session.policy = Some(policy.into());
        }
        self
    }

    /// The STS region of an explicit role (`sts-vpc.` host when `vpc`).
    pub fn sts_region(mut self, region: impl Into<String>, vpc: bool) -> Self {
        if let Some(s) = &mut self.settings {
            s.sts_region = Some(region.into());
            s.vpc = vpc;
        }
        self
    }

    /// The explicit settings, or those of the environment.
    fn settings(&self) -> Result<OidcSettings, CredentialsError> {
        if let Some(s) = &self.settings {
            return Ok(s.clone());
        }
        let vars = [ENV_ROLE_ARN, ENV_OIDC_PROVIDER_ARN, ENV_OIDC_TOKEN_FILE];
        let values: Vec<Option<String>> = vars.iter().map(|v| self.config.var(v)).collect();
        match values.as_slice() {
            [Some(role), Some(provider), Some(file)] => {
                let mut session = RoleSession::new(role.clone());
                session.session_name = self.config.var(ENV_ROLE_SESSION_NAME);
                Ok(OidcSettings {
                    session,
                    provider_arn: provider.clone(),
                    token_file: PathBuf::from(file),
                    sts_region: None,
                    vpc: false,
                })
            }
            _ => {
                let missing: Vec<&str> = vars
                    .iter()
                    .zip(&values)
                    .filter(|(_, v)| v.is_none())
                    .map(|(name, _)| *name)
                    .collect();
                Err(CredentialsError::not_configured(format!(
                    "{} unset or empty",
                    missing.join(", ")
                )))
            }
        }
    }
}

impl ProvideCredentials for OidcProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let s = self.settings()?;
            let token =
                std::fs::read_to_string(&s.token_file).map_err(|error| CredentialsError::Read {
                    path: s.token_file.clone(),
                    error,
                })?;
            let token = token.trim();
            if token.is_empty() {
                return Err(CredentialsError::invalid(format!(
                    "the OIDC token file {} is empty",
                    s.token_file.display()
                )));
            }
            let endpoint = self.config.sts_endpoint(s.sts_region.as_deref(), s.vpc);
            sts::assume_role_with_oidc(&self.config, &endpoint, &s.provider_arn, token, &s.session)
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn not_configured_names_the_unset_variables() {
        let config = ProviderConfig::isolated().with_vars([(ENV_ROLE_ARN, "acs:ram::1:role/r")]);
        let err = OidcProvider::from_env(&config).provide().await.unwrap_err();
        assert!(err.is_not_configured());
        assert_eq!(
            err.to_string(),
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE unset or empty"
        );
    }

    #[tokio::test]
    async fn a_missing_token_file_is_a_read_error_naming_it() {
        let config = ProviderConfig::isolated().with_vars([
            (ENV_ROLE_ARN, "acs:ram::1:role/r"),
            (ENV_OIDC_PROVIDER_ARN, "acs:ram::1:oidc-provider/p"),
            (ENV_OIDC_TOKEN_FILE, "/nonexistent/smc-runtime/token"),
        ]);
        let err = OidcProvider::from_env(&config).provide().await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read /nonexistent/smc-runtime/token"
        );
    }
}
