//! [`RamRoleArnProvider`]: temporary credentials of a RAM role, obtained with STS `AssumeRole`
//! signed by source credentials (an access key, or another provider as in the CLI's
//! `ChainableRamRoleArn` mode).

use super::config::ProviderConfig;
use super::sts::{self, RoleSession};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::transport::BoxFuture;
use std::sync::Arc;

/// Assumes a RAM role with STS `AssumeRole`, signed with whatever `source` provides. Fetches on
/// every call: put it behind a [`CachingProvider`](super::CachingProvider) when used alone.
#[derive(Debug, Clone)]
pub struct RamRoleArnProvider {
    config: ProviderConfig,
    source: Arc<dyn ProvideCredentials>,
    session: RoleSession,
    external_id: Option<String>,
    sts_region: Option<String>,
    vpc: bool,
}

impl RamRoleArnProvider {
    /// Assumes `role_arn` (e.g. `acs:ram::123456:role/name`) with the credentials of `source`,
    /// through the STS endpoint of `config`.
    pub fn new(
        config: &ProviderConfig,
        source: Arc<dyn ProvideCredentials>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self {
            config: config.clone(),
            source,
            session: RoleSession::new(role_arn),
            external_id: None,
            sts_region: None,
            vpc: false,
        }
    }

    /// `RoleSessionName` (default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `smc-runtime-<ms>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session.session_name = Some(name.into());
        self
    }

    /// `DurationSeconds` (default 3600; STS needs at least 900).
    pub fn duration_seconds(mut self, seconds: u64) -> Self {
        self.session.duration_seconds = seconds;
        self
    }

    /// A policy narrowing the role's permissions for this session.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.session.policy = Some(policy.into());
        self
    }

    /// The `ExternalId` the role's trust policy requires, if any.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// The STS region (`sts.<region>.aliyuncs.com`, or `sts-vpc.` when `vpc`), unless the
    /// config overrides the endpoint.
    pub fn sts_region(mut self, region: impl Into<String>, vpc: bool) -> Self {
        self.sts_region = Some(region.into());
        self.vpc = vpc;
        self
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let source = self.source.provide().await?;
            let endpoint = self
                .config
                .sts_endpoint(self.sts_region.as_deref(), self.vpc);
            sts::assume_role(
                &self.config,
                &endpoint,
                &source,
                &self.session,
                self.external_id.as_deref(),
            )
            .await
        })
    }
}
