//! Typed clients for Alibaba Cloud products, generated at build time from the API reference
//! pages in the workspace's `specs/` folder, one folder per product.
//!
//! Each product becomes a module with its own [client type](crate::smc::Client)
//! (`smc::smc::Client`, `smc::ecs::Client`, ...): one method per action, each returning a
//! fluent builder; a request type with a builder, a response type and an error enum per
//! action. The seed product, Server Migration Center (SMC), is also re-exported at the crate
//! root (`smc::Client`, `smc::StopReplicationJobRequest`, ...).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = smc::Client::from_env()?;
//! let response = client
//!     .stop_replication_job()
//!     .job_id("j-bw526m1vi6x21qh****")
//!     .send()
//!     .await?;
//! println!("RequestId: {}", response.request_id().unwrap_or_default());
//! # Ok(())
//! # }
//! ```
//!
//! # Several products, one config
//!
//! As with aws-sdk-rust, a [`Config`] is built once (credentials provider, region, endpoint
//! override, timeout, signature version, method, transport) and each product's client is
//! made from it; clients are `Clone + Send + Sync` handles (an `Arc` inside), and a fluent
//! call owns a clone, so `send()` is a `'static + Send` future:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = smc::Config::builder().region("cn-hangzhou").build()?; // or Config::from_env()
//! let ecs = smc::ecs::Client::new(&config); // https://ecs.cn-hangzhou.aliyuncs.com
//! let migration = smc::smc::Client::new(&config); // https://smc.aliyuncs.com (central)
//! let regions = tokio::spawn(ecs.describe_regions().accept_language("en-US").send());
//! migration.stop_replication_job().job_id("j-...").send().await?;
//! let regions = regions.await??;
//! // `Regions.Region` on the wire: list wrappers are flattened into the accessor.
//! for region in regions.regions() {
//!     println!("{:?}", region.region_id());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A product's endpoint ([`Service`], `Client::SERVICE`) comes from its pages: the config's
//! endpoint override always wins; else a product whose pages show a regional host
//! (`ecs.cn-hangzhou.aliyuncs.com`) is called at `<product>.<region>.aliyuncs.com` when the
//! config has a region (`.region(..)`, or `ALIBABA_CLOUD_REGION_ID` with
//! [`Config::from_env`]); else its central host (`smc.aliyuncs.com`). Each request carries
//! its own page's `Version`.
//!
//! # Cargo features
//!
//! One feature per product folder (`smc`, `ecs`, ...), and `all`, the default, for every
//! product in `specs/`. A crate that calls one product compiles only that one:
//! `smc = { ..., default-features = false, features = ["ecs"] }`. Adding a product folder to
//! `specs/` means adding one line, `<product> = []`, under `[features]` in this crate's
//! `Cargo.toml` (the build warns until it is there; `all` builds it meanwhile).
//!
//! Requests are signed by [`smc_runtime`], with signature v3 (ACS3-HMAC-SHA256) unless the
//! config says otherwise (`signature_version`, `method`); service errors come back as the
//! action's error enum inside [`SdkError::Service`].

#![warn(missing_docs)]

pub use smc_runtime::{
    Config, ConfigBuilder, ConfigError, Credentials, ErrorMeta, SdkError, Service,
};

include!(concat!(env!("OUT_DIR"), "/apis.rs"));

/// The SMC client and actions, re-exported at the crate root (`smc::Client` is
/// `smc::smc::Client`).
#[cfg(smc_product = "smc")]
pub use self::smc::*;
