//! The chain's third source: a profile of the Alibaba Cloud CLI's `~/.aliyun/config.json`
//! (`ALIBABA_CLOUD_CONFIG_FILE` names another file; `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`
//! turns the source off).
//!
//! The file is `{"current": "<name>", "profiles": [{"name", "mode", ...}]}`; the profile used
//! is `ALIBABA_CLOUD_PROFILE`, else `current`. Modes: `AK` (`access_key_id`,
//! `access_key_secret`), `StsToken` (+ `sts_token`), `RamRoleArn` (an access key plus
//! `ram_role_arn`, optional `ram_session_name`, `expired_seconds`, `sts_region`, `enable_vpc`,
//! `policy`, `external_id`), `EcsRamRole` (optional `ram_role_name`), `OIDC`
//! (`oidc_provider_arn`, `oidc_token_file`, `ram_role_arn`) and `ChainableRamRoleArn`
//! (`source_profile` whose credentials assume `ram_role_arn`). The file is read each time the
//! source is asked, which the chain's cache makes once per credential lifetime.

use super::config::ProviderConfig;
use super::Credentials;
use super::{
    CredentialsError, EcsRamRoleProvider, OidcProvider, ProvideCredentials, RamRoleArnProvider,
};
use crate::transport::BoxFuture;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;

/// Names another CLI configuration file.
pub(crate) const ENV_CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
/// Turns the source off when `true`.
pub(crate) const ENV_CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// Picks the profile (here and in `credentials.ini`).
pub(crate) const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// The modes this runtime reads, for error messages.
const SUPPORTED_MODES: &str = "AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn";

/// Credentials from a CLI profile; RAM-role modes fetch on every call, so put it behind a
/// [`CachingProvider`](super::CachingProvider) when used alone.
#[derive(Debug, Clone)]
pub struct CliProfileProvider {
    config: ProviderConfig,
    profile: Option<String>,
}

impl CliProfileProvider {
    /// Reads the CLI file of `config` (its variables and home directory, read when asked).
    pub fn new(config: &ProviderConfig) -> Self {
        Self {
            config: config.clone(),
            profile: None,
        }
    }

    /// Uses this profile instead of `ALIBABA_CLOUD_PROFILE` or `current`.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The provider for the selected profile of the file.
    fn select(&self) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        if self.config.flag(ENV_CLI_PROFILE_DISABLED) {
            return Err(CredentialsError::not_configured(format!(
                "{ENV_CLI_PROFILE_DISABLED}=true"
            )));
        }
        let (path, text) = self
            .config
            .read_file(ENV_CONFIG_FILE, ".aliyun/config.json")?;
        let file = ConfigFile::parse(&path, &text)?;
        let name = match self
            .profile
            .clone()
            .or_else(|| self.config.var(ENV_PROFILE))
            .or_else(|| file.current.clone())
        {
            Some(name) => name,
            None => {
                return Err(CredentialsError::not_configured(format!(
                    "{} names no current profile and {ENV_PROFILE} is unset",
                    path.display()
                )))
            }
        };
        if file.profile(&name).is_none() {
            return Err(CredentialsError::not_configured(format!(
                "{} has no profile `{name}`",
                path.display()
            )));
        }
        file.provider(&self.config, &name, &mut Vec::new())
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.select()?.provide().await })
    }
}

/// The parsed file: its path (for messages), `current` and the profiles.
struct ConfigFile<'a> {
    path: &'a Path,
    current: Option<String>,
    profiles: Vec<Map<String, Value>>,
}

impl<'a> ConfigFile<'a> {
    /// Parses `text`; a syntax error names the file and line, never quoting the text.
    fn parse(path: &'a Path, text: &str) -> Result<Self, CredentialsError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let reason = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            CredentialsError::Malformed {
                path: path.to_owned(),
                line: e.line(),
                reason: format!("invalid JSON at column {}: {reason}", e.column()),
            }
        })?;
        let shape = |what: &str| CredentialsError::invalid(format!("{}: {what}", path.display()));
        let Value::Object(mut top) = value else {
            return Err(shape("the top level is not a JSON object"));
        };
        let current = match top.remove("current") {
            Some(Value::String(s)) if !s.is_empty() => Some(s),
            Some(Value::String(_) | Value::Null) | None => None,
            Some(_) => return Err(shape("`current` is not a string")),
        };
        let profiles = match top.remove("profiles") {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::Object(map) => Ok(map),
                    _ => Err(shape("an entry of `profiles` is not an object")),
                })
                .collect::<Result<_, _>>()?,
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(shape("`profiles` is not a list")),
        };
        Ok(Self {
            path,
            current,
            profiles,
        })
    }

    /// The profile called `name`.
    fn profile(&self, name: &str) -> Option<Profile<'_>> {
        self.profiles
            .iter()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .map(|fields| Profile {
                path: self.path,
                name: name.to_owned(),
                fields,
            })
    }

    /// The provider for profile `name`; `seen` holds the profiles already on the
    /// `source_profile` path, to refuse cycles.
    fn provider(
        &self,
        config: &ProviderConfig,
        name: &str,
        seen: &mut Vec<String>,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let Some(p) = self.profile(name) else {
            return Err(CredentialsError::invalid(format!(
                "{} has no profile `{name}` (the source_profile of `{}`)",
                self.path.display(),
                seen.last().map_or("", String::as_str)
            )));
        };
        if seen.iter().any(|s| s == name) {
            return Err(CredentialsError::invalid(format!(
                "{}: the source_profile chain {} -> {name} is a cycle",
                self.path.display(),
                seen.join(" -> ")
            )));
        }
        seen.push(name.to_owned());
        let mode = p.string("mode")?.unwrap_or_default();
        let access_key = || -> Result<Credentials, CredentialsError> {
            Ok(Credentials::new(
                p.required(&mode, "access_key_id")?,
                p.required(&mode, "access_key_secret")?,
            ))
        };
        let provider: Arc<dyn ProvideCredentials> = match mode.as_str() {
            "AK" => Arc::new(access_key()?),
            "StsToken" => {
                Arc::new(access_key()?.with_security_token(p.required(&mode, "sts_token")?))
            }
            "RamRoleArn" => Arc::new(p.ram_role(config, &mode, Arc::new(access_key()?))?),
            "ChainableRamRoleArn" => {
                let source_name = p.required(&mode, "source_profile")?;
                let source = self.provider(config, &source_name, seen)?;
                Arc::new(p.ram_role(config, &mode, source)?)
            }
            "EcsRamRole" => {
                let ecs = EcsRamRoleProvider::new(config);
                Arc::new(Required {
                    context: p.context(&mode),
                    inner: match p.string("ram_role_name")? {
                        Some(role) => ecs.role_name(role),
                        None => ecs,
                    },
                })
            }
            "OIDC" => {
                let mut oidc = OidcProvider::new(
                    config,
                    p.required(&mode, "ram_role_arn")?,
                    p.required(&mode, "oidc_provider_arn")?,
                    p.required(&mode, "oidc_token_file")?,
                );
                if let Some(n) = p.string("ram_session_name")? {
                    oidc = oidc.session_name(n);
                }
                if let Some(s) = p.seconds()? {
                    oidc = oidc.duration_seconds(s);
                }
                if let Some(policy) = p.string("policy")? {
                    oidc = oidc.policy(policy);
                }
                if let Some(region) = p.string("sts_region")? {
                    oidc = oidc.sts_region(region, p.flag("enable_vpc"));
                }
                Arc::new(oidc)
            }
            "" => {
                return Err(CredentialsError::invalid(format!(
                    "profile `{name}` in {} has no mode",
                    self.path.display()
                )))
            }
            other => {
                return Err(CredentialsError::invalid(format!(
                    "profile `{name}` in {} uses mode `{other}`, which this client does not \
                     support (it reads {SUPPORTED_MODES}); set {ENV_CLI_PROFILE_DISABLED}=true \
                     to skip the CLI configuration",
                    self.path.display()
                )))
            }
        };
        seen.pop();
        Ok(provider)
    }
}

/// One profile's fields, with the file and name for messages.
struct Profile<'a> {
    path: &'a Path,
    name: String,
    fields: &'a Map<String, Value>,
}

impl Profile<'_> {
    /// `profile `x` (mode M) in <path>`.
    fn context(&self, mode: &str) -> String {
        format!(
            "profile `{}` (mode {mode}) in {}",
            self.name,
            self.path.display()
        )
    }

    /// A string field; absent, null or empty is `None`, any other type an error.
    fn string(&self, key: &str) -> Result<Option<String>, CredentialsError> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.is_empty())),
            Some(_) => Err(CredentialsError::invalid(format!(
                "profile `{}` in {}: `{key}` is not a string",
                self.name,
                self.path.display()
            ))),
        }
    }

    /// A string field the mode needs.
    fn required(&self, mode: &str, key: &str) -> Result<String, CredentialsError> {
        self.string(key)?.ok_or_else(|| {
            CredentialsError::invalid(format!("{} has no `{key}`", self.context(mode)))
        })
    }

    /// `expired_seconds`: a number (or numeric string); absent or 0 means the default.
    fn seconds(&self) -> Result<Option<u64>, CredentialsError> {
        let value = match self.fields.get("expired_seconds") {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            Some(_) => None,
        };
        match value {
            Some(0) => Ok(None),
            Some(n) => Ok(Some(n)),
            None => Err(CredentialsError::invalid(format!(
                "profile `{}` in {}: `expired_seconds` is not a whole number of seconds",
                self.name,
                self.path.display()
            ))),
        }
    }

    /// A boolean field (`true` or `"true"`).
    fn flag(&self, key: &str) -> bool {
        match self.fields.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// The `AssumeRole` provider of a `RamRoleArn` or `ChainableRamRoleArn` profile.
    fn ram_role(
        &self,
        config: &ProviderConfig,
        mode: &str,
        source: Arc<dyn ProvideCredentials>,
    ) -> Result<RamRoleArnProvider, CredentialsError> {
        let mut p = RamRoleArnProvider::new(config, source, self.required(mode, "ram_role_arn")?);
        if let Some(n) = self.string("ram_session_name")? {
            p = p.session_name(n);
        }
        if let Some(s) = self.seconds()? {
            p = p.duration_seconds(s);
        }
        if let Some(policy) = self.string("policy")? {
            p = p.policy(policy);
        }
        if let Some(id) = self.string("external_id")? {
            p = p.external_id(id);
        }
        if let Some(region) = self.string("sts_region")? {
            p = p.sts_region(region, self.flag("enable_vpc"));
        }
        Ok(p)
    }
}

/// A provider a profile asked for by name: "not configured" from it (no metadata service,
/// say) is a configuration error of that profile, not a reason to move down the chain.
#[derive(Debug)]
pub(crate) struct Required<P> {
    pub(crate) context: String,
    pub(crate) inner: P,
}

impl<P: ProvideCredentials> ProvideCredentials for Required<P> {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.inner
                .provide()
                .await
                .map_err(|e| e.required(&self.context))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_file_and_line_without_quoting_the_text() {
        let path = Path::new("/tmp/config.json");
        let text = "{\n  \"current\": \"default\",\n  \"profiles\": [\n    {\"name\": \"default\" \"access_key_secret\": \"s3cr3t-value\"}\n  ]\n}";
        let Err(err) = ConfigFile::parse(path, text) else {
            panic!("parsed");
        };
        let msg = err.to_string();
        assert!(
            msg.starts_with("/tmp/config.json:4: invalid JSON at column"),
            "{msg}"
        );
        assert!(!msg.contains("s3cr3t"), "{msg}");
    }

    #[test]
    fn shape_errors_name_the_file() {
        let path = Path::new("/x/config.json");
        for (text, want) in [
            ("[]", "/x/config.json: the top level is not a JSON object"),
            (
                r#"{"profiles": {}}"#,
                "/x/config.json: `profiles` is not a list",
            ),
            (
                r#"{"current": 1}"#,
                "/x/config.json: `current` is not a string",
            ),
            (
                r#"{"profiles": [1]}"#,
                "/x/config.json: an entry of `profiles` is not an object",
            ),
        ] {
            let Err(err) = ConfigFile::parse(path, text) else {
                panic!("parsed {text}");
            };
            assert_eq!(err.to_string(), want);
        }
    }
}
