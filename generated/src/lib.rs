//! Typed client for Alibaba Cloud Server Migration Center (SMC), API version 2019-06-01.
//!
//! Every action documented by a page in the workspace's `specs/` folder becomes, at build time,
//! a request type with a builder, a response type, a per-action error enum and a method on
//! [`Client`]:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = smc::Client::from_env()?;
//! let response = client
//!     .stop_replication_job()
//!     .job_id("j-bw526m1vi6x21qh****")
//!     .send()
//!     .await?;
//! println!("RequestId: {}", response.request_id.unwrap_or_default());
//! # Ok(())
//! # }
//! ```
//!
//! Requests are signed by [`smc_runtime`], with signature v3 (ACS3-HMAC-SHA256) unless the
//! builder says otherwise (`signature_version`, `method`); service errors come back as the
//! action's error enum inside [`SdkError::Service`].

pub use smc_runtime::{Credentials, ErrorMeta, SdkError};

/// The default SMC endpoint (the service has one central endpoint).
pub const DEFAULT_ENDPOINT: &str = "https://smc.aliyuncs.com";

/// SMC client: one method per action in `specs/smc/`, each returning a fluent request builder.
///
/// Cheap to clone; wraps a [`smc_runtime::Client`] that holds the endpoint, credentials and
/// HTTP transport.
#[derive(Debug, Clone)]
pub struct Client {
    inner: smc_runtime::Client,
}

impl Client {
    /// A client for the default endpoint with credentials from the vendor's default chain
    /// (environment, OIDC, CLI profile, `credentials.ini`, ECS RAM role, credentials URI; see
    /// [`smc_runtime::DefaultCredentialsChain`]), looked up at the first call, not here.
    pub fn from_env() -> Result<Self, smc_runtime::ConfigError> {
        Self::builder().build().map(Self::from_runtime)
    }

    /// A runtime client builder preset with the SMC endpoint; pass the result of `build()`
    /// to [`Client::from_runtime`].
    pub fn builder() -> smc_runtime::ClientBuilder {
        smc_runtime::Client::builder().endpoint(DEFAULT_ENDPOINT)
    }

    /// Wraps an already configured runtime client (custom endpoint, transport, credentials).
    pub fn from_runtime(inner: smc_runtime::Client) -> Self {
        Client { inner }
    }
}

impl AsRef<smc_runtime::Client> for Client {
    fn as_ref(&self) -> &smc_runtime::Client {
        &self.inner
    }
}

include!(concat!(env!("OUT_DIR"), "/apis.rs"));

/// The SMC actions, re-exported at the crate root for convenience.
pub use self::smc::*;
