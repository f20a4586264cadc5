//! The first source of the chain: `ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional `ALIBABA_CLOUD_SECURITY_TOKEN`.

use super::config::ProviderConfig;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::transport::BoxFuture;

/// Environment variable holding the access key id.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the access key secret.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an optional STS security token.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Reads the three variables through `lookup`: id and secret must both be non-empty; an empty
/// token counts as none. Otherwise [`CredentialsError::MissingEnv`] lists the missing ones.
pub(crate) fn from_lookup(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Credentials, CredentialsError> {
    let non_empty = |name: &str| lookup(name).filter(|v| !v.is_empty());
    match (
        non_empty(ENV_ACCESS_KEY_ID),
        non_empty(ENV_ACCESS_KEY_SECRET),
    ) {
        (Some(id), Some(secret)) => {
            let creds = Credentials::new(id, secret);
            Ok(match non_empty(ENV_SECURITY_TOKEN) {
                Some(token) => creds.with_security_token(token),
                None => creds,
            })
        }
        (id, secret) => Err(CredentialsError::MissingEnv {
            variables: [(ENV_ACCESS_KEY_ID, id), (ENV_ACCESS_KEY_SECRET, secret)]
                .into_iter()
                .filter(|(_, value)| value.is_none())
                .map(|(name, _)| name)
                .collect(),
        }),
    }
}

/// Credentials from the environment variables of a [`ProviderConfig`]; when they are unset it
/// answers [`CredentialsError::NotConfigured`] naming them.
#[derive(Debug, Clone)]
pub struct EnvironmentProvider {
    config: ProviderConfig,
}

impl EnvironmentProvider {
    /// Reads the variables of `config` each time it is asked.
    pub fn new(config: &ProviderConfig) -> Self {
        Self {
            config: config.clone(),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = from_lookup(|name| self.config.var(name)).map_err(|e| match e {
            CredentialsError::MissingEnv { variables } => {
                CredentialsError::not_configured(format!("{} unset or empty", variables.join(", ")))
            }
            other => other,
        });
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> ProviderConfig {
        ProviderConfig::isolated().with_vars(pairs.iter().copied())
    }

    #[tokio::test]
    async fn reads_all_three() {
        let c = EnvironmentProvider::new(&config(&[
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "secret"),
            (ENV_SECURITY_TOKEN, "tok"),
        ]))
        .provide()
        .await
        .unwrap();
        assert_eq!(c.access_key_id(), "id");
        assert_eq!(c.access_key_secret(), "secret");
        assert_eq!(c.security_token(), Some("tok"));
        assert_eq!(c.expiration(), None);
    }

    #[tokio::test]
    async fn an_empty_token_is_no_token() {
        let c = EnvironmentProvider::new(&config(&[
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "secret"),
            (ENV_SECURITY_TOKEN, ""),
        ]))
        .provide()
        .await
        .unwrap();
        assert_eq!(c.security_token(), None);
    }

    #[tokio::test]
    async fn unset_or_empty_is_not_configured_naming_the_variables() {
        let err = EnvironmentProvider::new(&config(&[(ENV_ACCESS_KEY_ID, "id")]))
            .provide()
            .await
            .unwrap_err();
        assert!(err.is_not_configured());
        assert_eq!(
            err.to_string(),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET unset or empty"
        );

        let err = EnvironmentProvider::new(&config(&[
            (ENV_ACCESS_KEY_ID, ""),
            (ENV_ACCESS_KEY_SECRET, "s"),
        ]))
        .provide()
        .await
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "ALIBABA_CLOUD_ACCESS_KEY_ID unset or empty"
        );
    }

    #[test]
    fn from_lookup_names_every_missing_variable() {
        let err = from_lookup(|_| None).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(
                "ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET unset or empty"
            ),
            "{msg}"
        );
    }
}
