//! The chain's fourth source: a section of `~/.alibabacloud/credentials.ini`
//! (`ALIBABA_CLOUD_CREDENTIALS_FILE` names another file), the section being
//! `ALIBABA_CLOUD_PROFILE`, else `default`.
//!
//! Each section has a `type`: `access_key` (`access_key_id`, `access_key_secret`),
//! `ecs_ram_role` (optional `role_name`), `ram_role_arn` (an access key plus `role_arn`,
//! `role_session_name`, optional `policy`) or `oidc_role_arn` (`role_arn`,
//! `oidc_provider_arn`, `oidc_token_file_path`, optional `role_session_name`, `policy`).
//!
//! The INI reader is hand-written rather than `rust-ini`/`configparser`: the vendor's dialect
//! is a few rules (sections, `key = value` or `key: value`, `#`/`;` comment lines, a value
//! ending at its first `#`, keys case-insensitive), and owning it keeps every error a
//! file-and-line message that never echoes the line, which may hold a secret.

use super::cli_profile::{Required, ENV_PROFILE};
use super::config::ProviderConfig;
use super::{
    Credentials, CredentialsError, EcsRamRoleProvider, OidcProvider, ProvideCredentials,
    RamRoleArnProvider,
};
use crate::transport::BoxFuture;
use std::path::Path;
use std::sync::Arc;

/// Names another credentials file.
pub(crate) const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// The section read when `ALIBABA_CLOUD_PROFILE` is unset.
const DEFAULT_SECTION: &str = "default";

/// Credentials from a section of the credentials file; the role types fetch on every call, so
/// put it behind a [`CachingProvider`](super::CachingProvider) when used alone.
#[derive(Debug, Clone)]
pub struct IniFileProvider {
    config: ProviderConfig,
    section: Option<String>,
}

impl IniFileProvider {
    /// Reads the credentials file of `config` (its variables and home directory, read when
    /// asked).
    pub fn new(config: &ProviderConfig) -> Self {
        Self {
            config: config.clone(),
            section: None,
        }
    }

    /// Uses this section instead of `ALIBABA_CLOUD_PROFILE` or `default`.
    pub fn section(mut self, name: impl Into<String>) -> Self {
        self.section = Some(name.into());
        self
    }

    /// The provider for the selected section.
    fn select(&self) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let (path, text) = self
            .config
            .read_file(ENV_CREDENTIALS_FILE, ".alibabacloud/credentials.ini")?;
        let ini = Ini::parse(&path, &text)?;
        let name = self
            .section
            .clone()
            .or_else(|| self.config.var(ENV_PROFILE))
            .unwrap_or_else(|| DEFAULT_SECTION.to_owned());
        let Some(section) = ini.sections.iter().find(|s| s.name == name) else {
            return Err(CredentialsError::not_configured(format!(
                "{} has no section [{name}]",
                path.display()
            )));
        };
        section.provider(&self.config, &path)
    }
}

impl ProvideCredentials for IniFileProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.select()?.provide().await })
    }
}

/// A parsed INI file.
#[derive(Debug)]
struct Ini {
    sections: Vec<Section>,
}

/// One `[name]` section: its line and its entries (key lowercased, value, line).
#[derive(Debug)]
struct Section {
    name: String,
    line: usize,
    entries: Vec<(String, String, usize)>,
}

impl Ini {
    /// Parses `text`; anything that is not a section header, an entry, a comment or blank is
    /// an error naming `path` and the line.
    fn parse(path: &Path, text: &str) -> Result<Self, CredentialsError> {
        let malformed = |line: usize, reason: String| CredentialsError::Malformed {
            path: path.to_owned(),
            line,
            reason,
        };
        let mut sections: Vec<Section> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim_start_matches('\u{feff}').trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(header) = line.strip_prefix('[') {
                let Some(name) = header.strip_suffix(']').map(str::trim) else {
                    return Err(malformed(line_no, "a section header lacks its `]`".into()));
                };
                if name.is_empty() {
                    return Err(malformed(line_no, "a section header has no name".into()));
                }
                if let Some(first) = sections.iter().find(|s| s.name == name) {
                    return Err(malformed(
                        line_no,
                        format!("section [{name}] repeats the one at line {}", first.line),
                    ));
                }
                sections.push(Section {
                    name: name.to_owned(),
                    line: line_no,
                    entries: Vec::new(),
                });
                continue;
            }
            let Some(at) = line.find(['=', ':']) else {
                return Err(malformed(
                    line_no,
                    "expected `[section]`, `key = value` or a comment".into(),
                ));
            };
            let key = line[..at].trim().to_ascii_lowercase();
            if key.is_empty() {
                return Err(malformed(line_no, "an entry has no key".into()));
            }
            let value = line[at + 1..].split('#').next().unwrap_or_default().trim();
            let Some(section) = sections.last_mut() else {
                return Err(malformed(
                    line_no,
                    format!("`{key}` comes before any [section]"),
                ));
            };
            if let Some((_, _, first)) = section.entries.iter().find(|(k, _, _)| *k == key) {
                return Err(malformed(
                    line_no,
                    format!(
                        "`{key}` repeats the one at line {first} in [{}]",
                        section.name
                    ),
                ));
            }
            section.entries.push((key, value.to_owned(), line_no));
        }
        Ok(Self { sections })
    }
}

impl Section {
    /// The value of `key`, if present and non-empty.
    fn get(&self, key: &str) -> Option<String> {
        self.entries
            .iter()
            .find(|(k, v, _)| k == key && !v.is_empty())
            .map(|(_, v, _)| v.clone())
    }

    /// The value of a key the section's type needs; missing is an error at the section's line.
    fn required(&self, path: &Path, kind: &str, key: &str) -> Result<String, CredentialsError> {
        self.get(key).ok_or_else(|| CredentialsError::Malformed {
            path: path.to_owned(),
            line: self.line,
            reason: format!("section [{}] of type {kind} has no `{key}`", self.name),
        })
    }

    /// The provider this section describes.
    fn provider(
        &self,
        config: &ProviderConfig,
        path: &Path,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let kind = self
            .get("type")
            .ok_or_else(|| CredentialsError::Malformed {
                path: path.to_owned(),
                line: self.line,
                reason: format!("section [{}] has no `type`", self.name),
            })?;
        let access_key = || -> Result<Credentials, CredentialsError> {
            Ok(Credentials::new(
                self.required(path, &kind, "access_key_id")?,
                self.required(path, &kind, "access_key_secret")?,
            ))
        };
        Ok(match kind.as_str() {
            "access_key" => Arc::new(access_key()?),
            "ecs_ram_role" => {
                let ecs = EcsRamRoleProvider::new(config);
                Arc::new(Required {
                    context: format!("section [{}] of {}", self.name, path.display()),
                    inner: match self.get("role_name") {
                        Some(role) => ecs.role_name(role),
                        None => ecs,
                    },
                })
            }
            "ram_role_arn" => {
                let mut p = RamRoleArnProvider::new(
                    config,
                    Arc::new(access_key()?),
                    self.required(path, &kind, "role_arn")?,
                )
                .session_name(self.required(path, &kind, "role_session_name")?);
                if let Some(policy) = self.get("policy") {
                    p = p.policy(policy);
                }
                Arc::new(p)
            }
            "oidc_role_arn" => {
                let mut p = OidcProvider::new(
                    config,
                    self.required(path, &kind, "role_arn")?,
                    self.required(path, &kind, "oidc_provider_arn")?,
                    self.required(path, &kind, "oidc_token_file_path")?,
                );
                if let Some(name) = self.get("role_session_name") {
                    p = p.session_name(name);
                }
                if let Some(policy) = self.get("policy") {
                    p = p.policy(policy);
                }
                Arc::new(p)
            }
            other => {
                let line = self
                    .entries
                    .iter()
                    .find(|(k, _, _)| k == "type")
                    .map_or(self.line, |(_, _, l)| *l);
                return Err(CredentialsError::Malformed {
                    path: path.to_owned(),
                    line,
                    reason: format!(
                        "type `{other}` is not supported (access_key, ecs_ram_role, \
                         ram_role_arn, oidc_role_arn are)"
                    ),
                });
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Ini, String> {
        Ini::parse(Path::new("/c.ini"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_sections_entries_and_comments() {
        let ini = parse(
            "\u{feff}# top comment\n[default]\ntype = access_key\nAccess_Key_Id: id # note\n; c\n\n[other]\nk=v\n",
        )
        .unwrap();
        assert_eq!(ini.sections.len(), 2);
        let d = &ini.sections[0];
        assert_eq!((d.name.as_str(), d.line), ("default", 2));
        assert_eq!(d.get("type").as_deref(), Some("access_key"));
        assert_eq!(d.get("access_key_id").as_deref(), Some("id"));
        assert_eq!(ini.sections[1].get("k").as_deref(), Some("v"));
    }

    #[test]
    fn every_malformed_line_is_an_error_with_file_and_line_and_no_text() {
        for (text, want) in [
            ("[default\n", "/c.ini:1: a section header lacks its `]`"),
            ("\n[ ]\n", "/c.ini:2: a section header has no name"),
            ("k = v\n", "/c.ini:1: `k` comes before any [section]"),
            (
                "[a]\nsecret-value-xyz\n",
                "/c.ini:2: expected `[section]`, `key = value` or a comment",
            ),
            ("[a]\n = v\n", "/c.ini:2: an entry has no key"),
            (
                "[a]\n[b]\n[a]\n",
                "/c.ini:3: section [a] repeats the one at line 1",
            ),
            (
                "[a]\nk=1\nK=2\n",
                "/c.ini:3: `k` repeats the one at line 2 in [a]",
            ),
        ] {
            assert_eq!(parse(text).unwrap_err(), want, "{text:?}");
        }
    }
}
