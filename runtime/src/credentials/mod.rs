//! Access-key credentials (optionally with an STS token), the environment provider and its
//! [`CredentialsError`].

use std::fmt;

/// Environment variable holding the access key id.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the access key secret.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an optional STS security token.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Why no credentials could be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// Required environment variables are unset or empty.
    #[error(
        "{} unset or empty; set ALIBABA_CLOUD_ACCESS_KEY_ID and \
         ALIBABA_CLOUD_ACCESS_KEY_SECRET or pass ClientBuilder::credentials",
        .variables.join(", ")
    )]
    MissingEnv {
        /// The variables that are unset or empty.
        variables: Vec<&'static str>,
    },
}

/// An access key pair plus optional STS token. `Debug` never prints the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// Long-term credentials from an access key id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token, sent as the signed `SecurityToken` parameter.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (both must be
    /// non-empty) and the optional `ALIBABA_CLOUD_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over an arbitrary variable lookup (testable without touching the
    /// process environment).
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let non_empty = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let missing: Vec<&'static str> = [ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET]
            .into_iter()
            .filter(|name| non_empty(name).is_none())
            .collect();
        match (
            non_empty(ENV_ACCESS_KEY_ID),
            non_empty(ENV_ACCESS_KEY_SECRET),
        ) {
            (Some(id), Some(secret)) => {
                let creds = Self::new(id, secret);
                Ok(match non_empty(ENV_SECURITY_TOKEN) {
                    Some(token) => creds.with_security_token(token),
                    None => creds,
                })
            }
            _ => Err(CredentialsError::MissingEnv { variables: missing }),
        }
    }

    /// The access key id (sent as `AccessKeyId`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret, for signers only; never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
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
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let c = Credentials::new("AKID", "very-secret-value").with_security_token("sts-token-xyz");
        let dbg = format!("{c:?}");
        assert!(dbg.contains("AKID"));
        assert!(!dbg.contains("very-secret-value"));
        assert!(!dbg.contains("sts-token-xyz"));
    }

    #[test]
    fn env_lookup_reads_all_three() {
        let c = Credentials::from_lookup(lookup(&[
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "secret"),
            (ENV_SECURITY_TOKEN, "tok"),
        ]))
        .unwrap();
        assert_eq!(c.access_key_id(), "id");
        assert_eq!(c.access_key_secret(), "secret");
        assert_eq!(c.security_token(), Some("tok"));
    }

    #[test]
    fn env_lookup_ignores_empty_token() {
        let c = Credentials::from_lookup(lookup(&[
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "secret"),
            (ENV_SECURITY_TOKEN, ""),
        ]))
        .unwrap();
        assert_eq!(c.security_token(), None);
    }

    #[test]
    fn env_lookup_missing_or_empty_is_an_error_naming_the_variable() {
        let err = Credentials::from_lookup(lookup(&[(ENV_ACCESS_KEY_ID, "id")])).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(ENV_ACCESS_KEY_SECRET), "{msg}");
        assert!(!msg.contains(&format!("{ENV_ACCESS_KEY_ID},")), "{msg}");

        let err = Credentials::from_lookup(lookup(&[
            (ENV_ACCESS_KEY_ID, ""),
            (ENV_ACCESS_KEY_SECRET, "s"),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains(ENV_ACCESS_KEY_ID));
    }
}
