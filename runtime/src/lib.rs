//! Runtime for generated Alibaba Cloud RPC clients.
//!
//! Generated request types implement [`Operation`]; [`Client::call`] flattens them into wire
//! parameters ([`params`]), signs them ([`signer`]: v3 ACS3-HMAC-SHA256 by default, or v1
//! HMAC-SHA1, as a GET or a POST whose form body carries the operation's
//! [`BODY`](Operation::BODY) parameters), sends them through a pluggable [`Transport`] and
//! decodes the answer into the typed output or a typed service error built from [`ErrorMeta`].
//! Shared logic lives here so each generated action stays small: the generic part of a call
//! only flattens the input and decodes the output; signing, sending, retrying and tracing are
//! compiled once.
//!
//! A failed attempt is retried as [`RetryConfig`] says (3 attempts by default, full-jitter
//! exponential backoff, throttling answers waited out), each attempt signed afresh; the
//! [`TimeoutConfig`] bounds connecting, each attempt and optionally the whole call; a body over
//! the size limit (32 MiB by default) is an error, not an allocation. Every call runs in one
//! `call` [`tracing`](https://docs.rs/tracing) span (`product`, `action`, `attempt`,
//! `request_id`, `status`, `elapsed_ms`), and a `retrying` event precedes each retry; none of
//! them carries a secret, a token or a signature.
//!
//! Clients of several products share one [`Config`] (credentials provider, region, endpoint
//! override, timeout, signature version, method, transport): each product's generated client
//! is `Client::new(&config)`, a [`Client::with_config`] for its [`Service`] (where the product
//! is served, as its pages show).
//!
//! Credentials come from a [`ProvideCredentials`] asked on every call: fixed [`Credentials`], or
//! by default the vendor's chain ([`DefaultCredentialsChain`], see [`credentials`]), cached.
//!
//! Each stage owns its error: [`EndpointError`], [`RegionError`] and [`ConfigError`] for setting a client up;
//! [`CredentialsError`], [`ParamsError`], [`SignError`] and [`TransportError`] for one call, which
//! [`SdkError`] wraps by stage. Their `Display` names what failed at that stage only and the
//! cause is the `source()`; [`DisplayErrorContext`] prints the whole chain.
//! [`ProvideErrorMetadata`] reads the service's code, message and request id from any of these
//! errors, and from every generated action error, whose catch-all variant holds an opaque
//! [`Unhandled`].
//!
//! A paged action's generated paginator streams its pages or their items through
//! [`paginator::PageStream`] and [`paginator::ItemStream`].

#![warn(missing_docs)]

mod client;
mod config;
pub mod credentials;
pub mod de;
pub mod encode;
mod error;
mod error_meta;
mod lenient;
mod method;
pub mod model;
mod nonce;
mod operation;
pub mod paginator;
pub mod params;
mod provide_meta;
mod request_id;
mod retry;
pub mod signer;
pub mod time;
mod timeout;
mod transport;
pub mod xml;

pub use client::{
    CallMeta, Client, ClientBuilder, ConfigError, EndpointError, DEFAULT_ENDPOINT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
pub use config::{Config, ConfigBuilder, RegionError, Service, REGION_ENV};
pub use credentials::{Credentials, CredentialsError, DefaultCredentialsChain, ProvideCredentials};
pub use error::{
    ConstructionError, DispatchError, DisplayErrorContext, ResponseError, SdkError, ServiceError,
    TimeoutError, TimeoutKind,
};
pub use error_meta::ErrorMeta;
pub use method::HttpMethod;
pub use operation::{BuildError, Operation};
pub use params::ParamsError;
pub use provide_meta::{ProvideErrorMetadata, Unhandled};
pub use retry::{RetryConfig, RetryMode};
pub use signer::{SignError, SignatureVersion, Signer, SignerV1, SignerV3, SigningRequest};
pub use timeout::TimeoutConfig;
pub use transport::{
    BodyTooLarge, BoxFuture, HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError,
};

/// Re-exported so generated code can derive through `#[serde(crate = "::smc_runtime::serde")]`
/// without the user's crate depending on serde directly.
pub use serde;
/// Re-exported for generated `Json`-typed fields (`serde_json::Value`).
pub use serde_json;
