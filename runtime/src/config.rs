//! [`Config`], the settings shared by the clients of every product (as `aws_config`'s
//! `SdkConfig`), and [`Service`], where one product is served.
//!
//! A config is built once (credentials provider, region, endpoint override, timeout, signature
//! version, HTTP method, transport) and each product's generated client takes it:
//! `smc::ecs::Client::new(&config)`. The clients share the config's credentials provider (and
//! so its cache) and its transport (and so its connection pool); each resolves its own
//! endpoint from its [`Service`]: the config's endpoint override if set, else the product's
//! regional host with the config's region if the product has one and a region is set, else
//! the product's central host.

use crate::client::{normalize_endpoint, Client, ClientBuilder, ConfigError};
use crate::credentials::{Credentials, ProvideCredentials};
use crate::method::HttpMethod;
use crate::retry::RetryConfig;
use crate::signer::{SignatureVersion, Signer};
use crate::timeout::TimeoutConfig;
use crate::transport::Transport;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The environment variable [`Config::from_env`] reads the region from.
pub const REGION_ENV: &str = "ALIBABA_CLOUD_REGION_ID";

/// Why a region cannot be used: it is not a region id such as `cn-hangzhou`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{region}` is not a region id (lowercase letters, digits and `-`, such as `cn-hangzhou`)")]
pub struct RegionError {
    region: String,
}

impl RegionError {
    /// The region as given.
    pub fn region(&self) -> &str {
        &self.region
    }
}

/// Checks a region id: ASCII letters, digits and inner `-`, at most 64 characters; it is
/// lowercased (`CN-Hangzhou` → `cn-hangzhou`) and surrounding whitespace dropped.
fn region_id(raw: &str) -> Result<String, RegionError> {
    let region = raw.trim().to_ascii_lowercase();
    let valid = !region.is_empty()
        && region.len() <= 64
        && !region.starts_with('-')
        && !region.ends_with('-')
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(region)
    } else {
        Err(RegionError {
            region: raw.to_owned(),
        })
    }
}

/// The region an environment variable's `value` names: none when unset or blank.
fn env_region(value: Option<std::ffi::OsString>) -> Option<String> {
    value
        .map(|v| v.to_string_lossy().trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Where a product is served, and the API version its pages state: generated once per
/// product from its pages (`smc::ecs::Client::SERVICE`).
///
/// ```
/// use smc_runtime::Service;
///
/// const ECS: Service =
///     Service::new("ecs", "2014-05-26", "ecs.aliyuncs.com").regional("ecs.{region}.aliyuncs.com");
/// assert_eq!(ECS.endpoint(Some("eu-central-1")), "https://ecs.eu-central-1.aliyuncs.com");
/// assert_eq!(ECS.endpoint(None), "https://ecs.aliyuncs.com");
/// const SMC: Service = Service::new("smc", "2019-06-01", "smc.aliyuncs.com");
/// assert_eq!(SMC.endpoint(Some("cn-hangzhou")), "https://smc.aliyuncs.com");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Service {
    product: &'static str,
    version: &'static str,
    host: &'static str,
    regional_host: Option<&'static str>,
}

impl Service {
    /// A product served at one central `host` (`smc.aliyuncs.com`) whatever the region;
    /// `version` is the API version most of its pages state (each action still sends its own).
    pub const fn new(product: &'static str, version: &'static str, host: &'static str) -> Self {
        Service {
            product,
            version,
            host,
            regional_host: None,
        }
    }

    /// The same product served per region at `template`, whose `{region}` is replaced by the
    /// region id (`ecs.{region}.aliyuncs.com`); the central host serves calls without a region.
    pub const fn regional(mut self, template: &'static str) -> Self {
        self.regional_host = Some(template);
        self
    }

    /// The product code, e.g. `ecs`.
    pub fn product(&self) -> &'static str {
        self.product
    }

    /// The API version most of the product's pages state, e.g. `2014-05-26`.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The central host, e.g. `smc.aliyuncs.com`.
    pub fn host(&self) -> &'static str {
        self.host
    }

    /// The regional host template, e.g. `ecs.{region}.aliyuncs.com`; `None` for a product
    /// served centrally only.
    pub fn regional_host(&self) -> Option<&'static str> {
        self.regional_host
    }

    /// The endpoint (`https://host`) for `region`: the regional host when the product has one
    /// and a region is given, the central host otherwise. An explicit endpoint set on the
    /// [`Config`] is not consulted here; it wins over this (see [`Client::with_config`]).
    pub fn endpoint(&self, region: Option<&str>) -> String {
        match (self.regional_host, region) {
            (Some(template), Some(region)) => {
                format!("https://{}", template.replace("{region}", region))
            }
            _ => format!("https://{}", self.host),
        }
    }
}

/// Settings shared by the clients of every product: build one, then hand it to each
/// product's `Client::new(&config)`. Cheap to clone.
///
/// ```
/// use smc_runtime::{Config, Credentials, Service};
///
/// let config = Config::builder()
///     .region("cn-shanghai")
///     .credentials(Credentials::new("AKID", "secret"))
///     .build()
///     .unwrap();
/// const ECS: Service =
///     Service::new("ecs", "2014-05-26", "ecs.aliyuncs.com").regional("ecs.{region}.aliyuncs.com");
/// let ecs = smc_runtime::Client::with_config(&config, &ECS);
/// assert_eq!(ecs.endpoint(), "https://ecs.cn-shanghai.aliyuncs.com");
/// ```
#[derive(Clone)]
pub struct Config {
    /// Every client setting but the endpoint; the transport and credentials provider are
    /// filled in, so that clones share them.
    settings: ClientBuilder,
    /// The transport the settings hold.
    transport: Arc<dyn Transport>,
    /// The endpoint override, normalised.
    endpoint: Option<String>,
    /// The region id, checked.
    region: Option<String>,
}

impl Config {
    /// Starts a config: no region, no endpoint override, the default credentials chain, the
    /// default transport, signature v3, POST, a 10 s timeout.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder preset from the environment: the region from `ALIBABA_CLOUD_REGION_ID` (when
    /// set and not empty); credentials come from the default chain, asked at the first call.
    pub fn builder_from_env() -> ConfigBuilder {
        ConfigBuilder {
            region: env_region(std::env::var_os(REGION_ENV)),
            ..ConfigBuilder::default()
        }
    }

    /// The config of [`builder_from_env`](Self::builder_from_env), built. Fails only on an
    /// invalid `ALIBABA_CLOUD_REGION_ID` or when the HTTP transport cannot be created; missing
    /// credentials are the first call's error, not this one's.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::builder_from_env().build()
    }

    /// The region id, e.g. `cn-hangzhou`.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint override (`scheme://host[:port]`), which every product's client uses.
    pub fn endpoint_override(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// A builder holding this config's settings, to derive another config from it (a second
    /// region, or an endpoint override for one product's client); it shares the credentials
    /// provider and transport.
    pub fn to_builder(&self) -> ConfigBuilder {
        let mut settings = self.settings.clone();
        if let Some(endpoint) = &self.endpoint {
            settings = settings.endpoint(endpoint.clone());
        }
        ConfigBuilder {
            settings,
            region: self.region.clone(),
        }
    }

    /// The endpoint a client of `service` uses with this config: the override, else the
    /// service's endpoint for the region.
    pub fn endpoint_for(&self, service: &Service) -> String {
        match &self.endpoint {
            Some(endpoint) => endpoint.clone(),
            None => service.endpoint(self.region.as_deref()),
        }
    }
}

impl Client {
    /// The runtime client of one product under a shared `config`, reaching
    /// [`Config::endpoint_for`]`(service)`. Never fails: the config was checked when built.
    pub fn with_config(config: &Config, service: &Service) -> Client {
        let endpoint = config.endpoint_for(service);
        // A generated host is already an origin; normalising only lowercases it. If it is not
        // (a template that makes no host), it is kept as is and the first call says why.
        let endpoint = normalize_endpoint(&endpoint).unwrap_or(endpoint);
        config
            .settings
            .clone()
            .build_with(endpoint, config.transport.clone())
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Builds a [`Config`]; every method takes and returns `Self`. Any [`ClientBuilder`] setting
/// carries over through `From<ClientBuilder>`.
#[derive(Debug, Default, Clone)]
pub struct ConfigBuilder {
    /// Every client setting; its endpoint is the override.
    settings: ClientBuilder,
    /// The region id, as given (checked at `build`).
    region: Option<String>,
}

impl From<ClientBuilder> for ConfigBuilder {
    /// A config with every setting of `builder`; its endpoint, if set, is the override.
    fn from(builder: ClientBuilder) -> Self {
        ConfigBuilder {
            settings: builder,
            region: None,
        }
    }
}

impl ConfigBuilder {
    /// The region id (`cn-hangzhou`): products served per region are called at their regional
    /// host; centrally served ones ignore it. Checked at `build`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An endpoint every product's client uses instead of its own (`scheme://host[:port]`, or
    /// a bare host, which gets `https://`); it always wins over the region. Checked at `build`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.settings = self.settings.endpoint(url);
        self
    }

    /// Fixed credentials to sign with (default: the default chain, asked at call time).
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.settings = self.settings.credentials(c);
        self
    }

    /// A credentials provider asked on every call (see
    /// [`ClientBuilder::credentials_provider`]).
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.settings = self.settings.credentials_provider(provider);
        self
    }

    /// The HTTP transport (default: [`ReqwestTransport`](crate::ReqwestTransport)).
    pub fn transport(mut self, t: Arc<dyn Transport>) -> Self {
        self.settings = self.settings.transport(t);
        self
    }

    /// Signs with the built-in signer of `version` (default: v3).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.settings = self.settings.signature_version(version);
        self
    }

    /// A signer of your own.
    pub fn signer(mut self, s: Arc<dyn Signer>) -> Self {
        self.settings = self.settings.signer(s);
        self
    }

    /// The HTTP method of every call (default: POST).
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.settings = self.settings.method(method);
        self
    }

    /// The per-attempt timeout (default 10 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.settings = self.settings.timeout(d);
        self
    }

    /// All timeouts at once (see [`ClientBuilder::timeout_config`]).
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.settings = self.settings.timeout_config(timeouts);
        self
    }

    /// How failed attempts are retried (see [`ClientBuilder::retry_config`]).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.settings = self.settings.retry_config(retry);
        self
    }

    /// The largest response body accepted (see [`ClientBuilder::max_response_bytes`]).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.settings = self.settings.max_response_bytes(limit);
        self
    }

    /// Checks the region and the endpoint override and creates the default transport when
    /// none is set. Credentials are not resolved: the default chain is asked at the first call.
    pub fn build(self) -> Result<Config, ConfigError> {
        let mut settings = self.settings;
        let endpoint = settings
            .endpoint_setting()
            .map(normalize_endpoint)
            .transpose()?;
        let region = self.region.as_deref().map(region_id).transpose()?;
        let transport = settings.share_resources()?;
        Ok(Config {
            settings,
            transport,
            endpoint,
            region,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    const ECS: Service =
        Service::new("ecs", "2014-05-26", "ecs.aliyuncs.com").regional("ecs.{region}.aliyuncs.com");
    const SMC: Service = Service::new("smc", "2019-06-01", "smc.aliyuncs.com");

    fn config_of(b: ConfigBuilder) -> Config {
        b.credentials(Credentials::new("AKID", "top-secret-123"))
            .build()
            .unwrap()
    }

    #[test]
    fn override_beats_region_beats_central_host() {
        let none = config_of(Config::builder());
        assert_eq!(
            Client::with_config(&none, &ECS).endpoint(),
            "https://ecs.aliyuncs.com"
        );
        assert_eq!(
            Client::with_config(&none, &SMC).endpoint(),
            "https://smc.aliyuncs.com"
        );
        let regional = config_of(Config::builder().region("CN-Hangzhou "));
        assert_eq!(regional.region(), Some("cn-hangzhou"));
        assert_eq!(
            Client::with_config(&regional, &ECS).endpoint(),
            "https://ecs.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            Client::with_config(&regional, &SMC).endpoint(),
            "https://smc.aliyuncs.com"
        );
        let local = config_of(
            Config::builder()
                .region("cn-hangzhou")
                .endpoint("http://127.0.0.1:9/"),
        );
        assert_eq!(local.endpoint_override(), Some("http://127.0.0.1:9"));
        for service in [ECS, SMC] {
            assert_eq!(
                Client::with_config(&local, &service).endpoint(),
                "http://127.0.0.1:9"
            );
        }
    }

    #[test]
    fn bad_regions_and_endpoints_fail_the_build_naming_the_part() {
        for bad in [
            "",
            " ",
            "cn hangzhou",
            "-cn",
            "cn-",
            "cn_hangzhou",
            "cn.hangzhou",
        ] {
            let err = Config::builder().region(bad).build().unwrap_err();
            assert_eq!(err.to_string(), "invalid region", "{bad:?}");
            let reason = err.source().map(ToString::to_string).unwrap_or_default();
            assert!(reason.contains(&format!("`{bad}`")), "{reason}");
        }
        let err = Config::builder().endpoint("ftp://x").build().unwrap_err();
        assert_eq!(err.to_string(), "invalid endpoint");
    }

    #[tokio::test]
    async fn clients_share_the_settings_and_the_credentials_provider() {
        let config = config_of(
            Config::builder()
                .timeout(Duration::from_secs(3))
                .method(HttpMethod::Get),
        );
        let (ecs, smc) = (
            Client::with_config(&config, &ECS),
            Client::with_config(&config, &SMC),
        );
        for client in [&ecs, &smc] {
            assert_eq!(client.timeout(), Duration::from_secs(3));
            assert_eq!(client.method(), HttpMethod::Get);
            assert_eq!(client.credentials().await.unwrap().access_key_id(), "AKID");
        }
        let dbg = format!("{config:?}");
        assert!(!dbg.contains("top-secret-123"), "{dbg}");
        // A derived config keeps the settings and changes only what it sets.
        let derived = config
            .to_builder()
            .endpoint("http://127.0.0.1:1")
            .build()
            .unwrap();
        let client = Client::with_config(&derived, &ECS);
        assert_eq!(client.endpoint(), "http://127.0.0.1:1");
        assert_eq!(client.timeout(), Duration::from_secs(3));
        // Any runtime client setting carries over.
        let from_client: ConfigBuilder = Client::builder().timeout(Duration::from_secs(7)).into();
        let client = Client::with_config(&config_of(from_client), &SMC);
        assert_eq!(client.timeout(), Duration::from_secs(7));
    }

    #[test]
    fn the_environment_region_is_read_when_set_and_not_blank() {
        assert_eq!(env_region(None), None);
        assert_eq!(env_region(Some(" ".into())), None);
        assert_eq!(
            env_region(Some(" cn-beijing\n".into())).as_deref(),
            Some("cn-beijing")
        );
        let config = Config::builder_from_env().region("ap-southeast-1").build();
        assert_eq!(config.unwrap().region(), Some("ap-southeast-1"));
    }

    #[test]
    fn a_default_config_shares_one_default_credentials_chain() {
        let config = Config::builder().build().unwrap();
        let dbg = format!("{:?}", Client::with_config(&config, &SMC));
        assert!(dbg.contains("DefaultCredentialsChain"), "{dbg}");
    }
}
