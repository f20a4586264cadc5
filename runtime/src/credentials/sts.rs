//! The two STS calls the chain needs, as plain RPC requests to `sts.aliyuncs.com` (or the
//! configured endpoint): `AssumeRole`, signed (v1) with the source credentials, for the RAM role
//! modes, and `AssumeRoleWithOIDC`, anonymous, for OIDC/RRSA. Both answer
//! `{"Credentials": {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}}`.

use super::config::ProviderConfig;
use super::http::{self, Purpose};
use super::{Credentials, CredentialsError};
use crate::encode::percent_encode;
use crate::method::HttpMethod;
use crate::signer::{Signer, SignerV1, SigningRequest};
use crate::transport::{HttpRequest, HttpResponse};
use crate::{nonce, time};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The STS API version both calls use.
const STS_VERSION: &str = "2015-04-01";
/// Deadline of one STS request (the vendor's 5 s connect plus 10 s read).
const STS_TIMEOUT: Duration = Duration::from_secs(15);
/// Role session length asked for when none is configured, as the vendor's SDKs.
pub(crate) const DEFAULT_DURATION_SECONDS: u64 = 3600;
/// STS refuses role sessions shorter than 15 minutes.
const MIN_DURATION_SECONDS: u64 = 900;
/// Names the role session when no name is configured.
pub(crate) const ENV_ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";

/// What both calls ask for: the role, the session's name and length, and an optional policy
/// narrowing the role's permissions.
#[derive(Debug, Clone)]
pub(crate) struct RoleSession {
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) duration_seconds: u64,
    pub(crate) policy: Option<String>,
}

impl RoleSession {
    /// A session of [`DEFAULT_DURATION_SECONDS`] on `role_arn` with a default name.
    pub(crate) fn new(role_arn: impl Into<String>) -> Self {
        Self {
            role_arn: role_arn.into(),
            session_name: None,
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: None,
        }
    }

    /// `RoleArn`, `RoleSessionName`, `DurationSeconds` and `Policy` as request parameters; the
    /// session name defaults to `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `smc-runtime-<ms>`.
    fn params(&self, config: &ProviderConfig) -> Result<Vec<(String, String)>, CredentialsError> {
        if self.duration_seconds < MIN_DURATION_SECONDS {
            return Err(CredentialsError::invalid(format!(
                "the role session of {} lasts {} s; STS needs at least {MIN_DURATION_SECONDS} s",
                self.role_arn, self.duration_seconds
            )));
        }
        let session_name = self
            .session_name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| config.var(ENV_ROLE_SESSION_NAME))
            .unwrap_or_else(|| {
                let ms = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_millis())
                    .unwrap_or(0);
                format!("smc-runtime-{ms}")
            });
        let mut params = vec![
            ("RoleArn".to_owned(), self.role_arn.clone()),
            ("RoleSessionName".to_owned(), session_name),
            (
                "DurationSeconds".to_owned(),
                self.duration_seconds.to_string(),
            ),
        ];
        if let Some(policy) = self.policy.as_ref().filter(|p| !p.is_empty()) {
            params.push(("Policy".to_owned(), policy.clone()));
        }
        Ok(params)
    }
}

/// `AssumeRole` on `endpoint`, signed with `source`; `external_id` is the role's optional
/// `ExternalId` condition.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    endpoint: &str,
    source: &Credentials,
    session: &RoleSession,
    external_id: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    const SERVICE: &str = "STS AssumeRole";
    let mut params = session.params(config)?;
    if let Some(id) = external_id.filter(|id| !id.is_empty()) {
        params.push(("ExternalId".to_owned(), id.to_owned()));
    }
    let nonce = nonce::new_nonce()
        .map_err(|e| CredentialsError::invalid(format!("no signature nonce for {SERVICE}: {e}")))?;
    let timestamp = time::now_timestamp();
    let request = SignerV1
        .sign(SigningRequest {
            method: HttpMethod::Post,
            endpoint,
            action: "AssumeRole",
            version: STS_VERSION,
            query: params,
            form: Vec::new(),
            timestamp: &timestamp,
            nonce: &nonce,
            credentials: source,
            headers: Vec::new(),
        })
        .map_err(|e| CredentialsError::invalid(format!("cannot sign {SERVICE}: {e}")))?;
    let response = http::send(config, Purpose::Service, SERVICE, request, STS_TIMEOUT).await?;
    let secrets = [
        source.access_key_secret(),
        source.security_token().unwrap_or_default(),
    ];
    read_answer(SERVICE, &response, &secrets)
}

/// `AssumeRoleWithOIDC` on `endpoint`: anonymous (the OIDC token is the proof), with the token
/// in the form body rather than the URL, where it could end up in logs.
pub(crate) async fn assume_role_with_oidc(
    config: &ProviderConfig,
    endpoint: &str,
    oidc_provider_arn: &str,
    oidc_token: &str,
    session: &RoleSession,
) -> Result<Credentials, CredentialsError> {
    const SERVICE: &str = "STS AssumeRoleWithOIDC";
    let mut form = session.params(config)?;
    form.push(("OIDCProviderArn".to_owned(), oidc_provider_arn.to_owned()));
    form.push(("OIDCToken".to_owned(), oidc_token.to_owned()));
    let query = [
        ("Action", "AssumeRoleWithOIDC"),
        ("Format", "JSON"),
        ("Version", STS_VERSION),
        ("Timestamp", &time::now_timestamp()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", percent_encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let request = HttpRequest {
        method: "POST".to_owned(),
        url: format!("{endpoint}/?{query}"),
        headers: vec![
            (
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: body.into_bytes(),
    };
    let response = http::send(config, Purpose::Service, SERVICE, request, STS_TIMEOUT).await?;
    read_answer(SERVICE, &response, &[oidc_token])
}

/// The `Credentials` object of a 200 answer, or the scrubbed error of any other.
fn read_answer(
    service: &'static str,
    response: &HttpResponse,
    secrets: &[&str],
) -> Result<Credentials, CredentialsError> {
    if response.status != 200 {
        return Err(http::rejected(service, response, secrets));
    }
    let map = http::json_object(service, &response.body)?;
    match map.get("Credentials") {
        Some(serde_json::Value::Object(inner)) => http::session_credentials(service, inner),
        _ => Err(http::bad(service, "`Credentials` is missing")),
    }
}
