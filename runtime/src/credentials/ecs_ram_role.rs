//! The chain's fifth source: the RAM role attached to the ECS instance, from the instance
//! metadata service (`http://100.100.100.200`).
//!
//! IMDSv2 first: `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds: 21600`
//! returns a session token, sent as `x-aliyun-ecs-metadata-token` on the reads that follow. If
//! the token is refused, the reads go without it (IMDSv1) unless
//! `ALIBABA_CLOUD_IMDSV1_DISABLED=true`. The role name comes from the profile,
//! `ALIBABA_CLOUD_ECS_METADATA`, or `GET /latest/meta-data/ram/security-credentials/`; the
//! credentials from `GET /latest/meta-data/ram/security-credentials/<role>` as
//! `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}`.
//! `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` turns the source off.

use super::config::ProviderConfig;
use super::http::{self, Purpose};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::encode::percent_encode;
use crate::transport::{BoxFuture, HttpRequest, HttpResponse};
use std::time::Duration;

/// Turns the source off.
pub(crate) const ENV_ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// Names the role, saving the listing request.
pub(crate) const ENV_ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Forbids the fallback to IMDSv1 when the v2 token is refused.
pub(crate) const ENV_IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// Header asking for a token of this lifetime.
pub(crate) const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
/// Header carrying the token on reads.
pub(crate) const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";
/// Token lifetime asked for (6 hours, as the vendor's SDKs).
const TOKEN_TTL_SECONDS: &str = "21600";
/// Deadline of one metadata request (the vendor's 1 s connect plus 1 s read).
const METADATA_TIMEOUT: Duration = Duration::from_secs(2);
/// Path of the role listing; the role's credentials are below it.
const ROLES_PATH: &str = "/latest/meta-data/ram/security-credentials/";
/// Service names used in errors.
const TOKEN_SERVICE: &str = "the ECS metadata service (IMDSv2 token)";
const ROLE_SERVICE: &str = "the ECS metadata service (RAM role)";
const CREDENTIALS_SERVICE: &str = "the ECS metadata service (role credentials)";

/// The instance RAM role's temporary credentials. Fetches on every call: put it behind a
/// [`CachingProvider`](super::CachingProvider) when used alone.
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    config: ProviderConfig,
    role_name: Option<String>,
}

impl EcsRamRoleProvider {
    /// Asks the metadata service of `config` (variables read when asked).
    pub fn new(config: &ProviderConfig) -> Self {
        Self {
            config: config.clone(),
            role_name: None,
        }
    }

    /// Uses this role instead of `ALIBABA_CLOUD_ECS_METADATA` or the listing.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role_name = Some(name.into()).filter(|n: &String| !n.is_empty());
        self
    }

    /// One metadata request, with the token when there is one.
    async fn get(
        &self,
        service: &'static str,
        path: &str,
        token: Option<&str>,
    ) -> Result<HttpResponse, CredentialsError> {
        let mut headers = Vec::new();
        if let Some(token) = token {
            headers.push((TOKEN_HEADER.to_owned(), token.to_owned()));
        }
        let request = HttpRequest {
            method: "GET".to_owned(),
            url: format!("{}{path}", self.config.metadata_url()),
            headers,
            body: Vec::new(),
        };
        http::send(
            &self.config,
            Purpose::Metadata,
            service,
            request,
            METADATA_TIMEOUT,
        )
        .await
    }

    /// The IMDSv2 token, or `None` to go on with IMDSv1. An unreachable service means this is
    /// no ECS instance: not configured.
    async fn token(&self) -> Result<Option<String>, CredentialsError> {
        let base = self.config.metadata_url();
        let request = HttpRequest {
            method: "PUT".to_owned(),
            url: format!("{base}/latest/api/token"),
            headers: vec![(TOKEN_TTL_HEADER.to_owned(), TOKEN_TTL_SECONDS.to_owned())],
            body: Vec::new(),
        };
        let response = match http::send(
            &self.config,
            Purpose::Metadata,
            TOKEN_SERVICE,
            request,
            METADATA_TIMEOUT,
        )
        .await
        {
            Ok(response) => response,
            Err(CredentialsError::Unreachable { error, .. }) => {
                return Err(CredentialsError::not_configured(format!(
                    "no metadata service answered at {base} ({})",
                    crate::error::DisplayErrorContext(&error)
                )))
            }
            Err(other) => return Err(other),
        };
        let token = String::from_utf8_lossy(&response.body).trim().to_owned();
        if response.status == 200 && !token.is_empty() {
            return Ok(Some(token));
        }
        if self.config.flag(ENV_IMDSV1_DISABLED) {
            return Err(CredentialsError::Rejected {
                service: TOKEN_SERVICE,
                status: response.status,
                code: None,
                message: Some(format!(
                    "no IMDSv2 token, and {ENV_IMDSV1_DISABLED}=true forbids IMDSv1"
                )),
                request_id: None,
            });
        }
        Ok(None)
    }

    /// The role name: explicit, from `ALIBABA_CLOUD_ECS_METADATA`, or the first one listed.
    async fn role(&self, token: Option<&str>) -> Result<String, CredentialsError> {
        if let Some(role) = self
            .role_name
            .clone()
            .or_else(|| self.config.var(ENV_ECS_METADATA))
        {
            return Ok(role);
        }
        let response = self.get(ROLE_SERVICE, ROLES_PATH, token).await?;
        let listing = String::from_utf8_lossy(&response.body);
        let first = listing.lines().map(str::trim).find(|l| !l.is_empty());
        match (response.status, first) {
            (200, Some(role)) => Ok(role.to_owned()),
            (200 | 404, _) => Err(CredentialsError::not_configured(
                "no RAM role is attached to this ECS instance",
            )),
            _ => Err(http::rejected(ROLE_SERVICE, &response, &[])),
        }
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            if self.config.flag(ENV_ECS_METADATA_DISABLED) {
                return Err(CredentialsError::not_configured(format!(
                    "{ENV_ECS_METADATA_DISABLED}=true"
                )));
            }
            let token = self.token().await?;
            let role = self.role(token.as_deref()).await?;
            let path = format!("{ROLES_PATH}{}", percent_encode(&role));
            let response = self
                .get(CREDENTIALS_SERVICE, &path, token.as_deref())
                .await?;
            if response.status != 200 {
                return Err(http::rejected(CREDENTIALS_SERVICE, &response, &[]));
            }
            let map = http::json_object(CREDENTIALS_SERVICE, &response.body)?;
            match map.get("Code").and_then(|c| c.as_str()) {
                Some("Success") => http::session_credentials(CREDENTIALS_SERVICE, &map),
                Some(code) => Err(http::bad(
                    CREDENTIALS_SERVICE,
                    format!("`Code` is {code:?}, not \"Success\""),
                )),
                None => Err(http::bad(CREDENTIALS_SERVICE, "`Code` is missing")),
            }
        })
    }
}
