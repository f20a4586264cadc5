//! [`ProviderConfig`]: everything the credential sources read or talk to, in one value, so a
//! test can hand them a fixed environment, a temporary home directory and loopback servers.

use super::CredentialsError;
use crate::transport::Transport;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The metadata service of an ECS instance.
pub(crate) const DEFAULT_METADATA_URL: &str = "http://100.100.100.200";
/// The central STS endpoint.
pub(crate) const DEFAULT_STS_ENDPOINT: &str = "https://sts.aliyuncs.com";
/// Names the STS region (`sts.<region>.aliyuncs.com`).
pub(crate) const ENV_STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true` selects the VPC STS endpoint (`sts-vpc.<region>.aliyuncs.com`).
pub(crate) const ENV_VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";

/// A variable lookup: the process environment, or a fixed map in tests.
type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where the credential sources look: environment variables, the home directory, the STS
/// endpoint, the metadata service and the HTTP transport. Cheap to clone.
///
/// [`ProviderConfig::from_process`] is the real thing; [`ProviderConfig::isolated`] starts
/// from nothing, for tests. `Debug` shows no variable values.
#[derive(Clone)]
pub struct ProviderConfig {
    vars: Arc<Lookup>,
    home: Option<PathBuf>,
    sts_endpoint: Option<String>,
    metadata_url: Option<String>,
    transport: Option<Arc<dyn Transport>>,
}

impl ProviderConfig {
    /// The process environment (read when a source is asked, not now), the home directory from
    /// `HOME` (or `USERPROFILE`), the vendor's endpoints and a reqwest transport.
    pub fn from_process() -> Self {
        let home = ["HOME", "USERPROFILE"]
            .into_iter()
            .find_map(|name| std::env::var_os(name).filter(|v| !v.is_empty()))
            .map(PathBuf::from);
        Self {
            vars: Arc::new(|name: &str| std::env::var(name).ok()),
            home,
            sts_endpoint: None,
            metadata_url: None,
            transport: None,
        }
    }

    /// No environment variables and no home directory: no source is set up until configured
    /// here. Meant for tests, which then never depend on the machine they run on.
    pub fn isolated() -> Self {
        Self {
            vars: Arc::new(|_: &str| None),
            home: None,
            sts_endpoint: None,
            metadata_url: None,
            transport: None,
        }
    }

    /// Replaces the environment with exactly these variables.
    pub fn with_vars<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.vars = Arc::new(move |name: &str| map.get(name).cloned());
        self
    }

    /// The home directory holding `.aliyun/config.json` and `.alibabacloud/credentials.ini`.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// Sends every STS call to `url` (`scheme://host[:port]`, or a bare host for HTTPS)
    /// instead of the endpoint derived from the region, e.g. a loopback fake.
    pub fn with_sts_endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint = Some(url.into());
        self
    }

    /// The ECS metadata service base URL (default `http://100.100.100.200`).
    pub fn with_metadata_url(mut self, url: impl Into<String>) -> Self {
        self.metadata_url = Some(url.into());
        self
    }

    /// The transport for STS, metadata and credentials-URI requests (default: a reqwest client
    /// made per request; the metadata one bypasses proxies and connects within 1 s).
    pub fn with_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The variable's value, if set and non-empty.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        (self.vars)(name).filter(|v| !v.is_empty())
    }

    /// Whether the variable is `true` (any case), the vendor's spelling of an on switch.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The home directory, if known.
    pub(crate) fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// Reads a credentials file: the one the variable `env_file` names, else `home_path` below
    /// the home directory. Returns the path and its text. A default file that is absent, or no
    /// home directory, is "not configured"; a named file that is absent, or any other read
    /// failure, is an error naming the file.
    pub(crate) fn read_file(
        &self,
        env_file: &str,
        home_path: &str,
    ) -> Result<(PathBuf, String), CredentialsError> {
        let (path, named) = match self.var(env_file) {
            Some(file) => (PathBuf::from(file), true),
            None => match self.home() {
                Some(home) => (home.join(home_path), false),
                None => {
                    return Err(CredentialsError::not_configured(format!(
                        "no home directory to find {home_path} in"
                    )))
                }
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok((path, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => Err(
                CredentialsError::not_configured(format!("{} does not exist", path.display())),
            ),
            Err(error) => Err(CredentialsError::Read { path, error }),
        }
    }

    /// The injected transport, if any.
    pub(crate) fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }

    /// The metadata service base URL, without a trailing slash.
    pub(crate) fn metadata_url(&self) -> &str {
        self.metadata_url
            .as_deref()
            .unwrap_or(DEFAULT_METADATA_URL)
            .trim_end_matches('/')
    }

    /// The STS endpoint: the configured override, else `sts[-vpc].<region>.aliyuncs.com` for
    /// `region` (or `ALIBABA_CLOUD_STS_REGION`), else the central `sts.aliyuncs.com`. `vpc`
    /// (or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`) picks the VPC host when a region is known.
    pub(crate) fn sts_endpoint(&self, region: Option<&str>, vpc: bool) -> String {
        if let Some(url) = &self.sts_endpoint {
            let url = url.trim_end_matches('/');
            return if url.contains("://") {
                url.to_owned()
            } else {
                format!("https://{url}")
            };
        }
        let region = region
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .or_else(|| self.var(ENV_STS_REGION));
        let prefix = if vpc || self.flag(ENV_VPC_ENDPOINT_ENABLED) {
            "sts-vpc"
        } else {
            "sts"
        };
        match region {
            Some(region) => format!("https://{prefix}.{region}.aliyuncs.com"),
            None => DEFAULT_STS_ENDPOINT.to_owned(),
        }
    }
}

impl Default for ProviderConfig {
    /// [`ProviderConfig::from_process`].
    fn default() -> Self {
        Self::from_process()
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("home", &self.home)
            .field("sts_endpoint", &self.sts_endpoint)
            .field("metadata_url", &self.metadata_url)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_endpoint_override_region_vpc_and_default() {
        let c = ProviderConfig::isolated();
        assert_eq!(c.sts_endpoint(None, false), "https://sts.aliyuncs.com");
        assert_eq!(
            c.sts_endpoint(Some("cn-hangzhou"), false),
            "https://sts.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            c.sts_endpoint(Some("cn-hangzhou"), true),
            "https://sts-vpc.cn-hangzhou.aliyuncs.com"
        );
        let env = c.clone().with_vars([
            (ENV_STS_REGION, "cn-beijing"),
            (ENV_VPC_ENDPOINT_ENABLED, "TRUE"),
        ]);
        assert_eq!(
            env.sts_endpoint(None, false),
            "https://sts-vpc.cn-beijing.aliyuncs.com"
        );
        let fake = env.with_sts_endpoint("http://127.0.0.1:9/");
        assert_eq!(fake.sts_endpoint(Some("x"), true), "http://127.0.0.1:9");
        assert_eq!(
            c.with_sts_endpoint("sts.example.test")
                .sts_endpoint(None, false),
            "https://sts.example.test"
        );
    }

    #[test]
    fn empty_variables_count_as_unset_and_debug_shows_no_values() {
        let c = ProviderConfig::isolated().with_vars([("A", ""), ("B", "value-xyz")]);
        assert_eq!(c.var("A"), None);
        assert_eq!(c.var("B").as_deref(), Some("value-xyz"));
        assert!(!c.flag("B"));
        assert!(!format!("{c:?}").contains("value-xyz"));
    }
}
