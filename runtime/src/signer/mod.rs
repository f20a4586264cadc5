//! Request signing behind a small trait seam: the client hands a [`SigningRequest`] to a
//! [`Signer`] and gets back the HTTP request to send. v1 (HMAC-SHA1) lives in [`v1`]; a v3
//! (ACS3-HMAC-SHA256) signer can be added as another implementation without touching the client.

pub mod v1;

use crate::credentials::Credentials;
use crate::transport::HttpRequest;
use std::fmt;

pub use v1::SignerV1;

/// Everything a signer needs to turn one call attempt into an HTTP request.
#[derive(Debug, Clone)]
pub struct SigningRequest<'a> {
    /// HTTP method (`POST` for the generated clients).
    pub method: &'a str,
    /// Endpoint base URL without trailing slash, e.g. `https://smc.aliyuncs.com`.
    pub endpoint: &'a str,
    /// API action, e.g. `StopReplicationJob`.
    pub action: &'a str,
    /// API version, e.g. `2019-06-01`.
    pub version: &'a str,
    /// The operation's flattened parameters (no common parameters).
    pub params: Vec<(String, String)>,
    /// UTC timestamp `yyyy-MM-ddTHH:mm:ssZ` of this attempt.
    pub timestamp: &'a str,
    /// Fresh nonce of this attempt.
    pub nonce: &'a str,
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
}

/// Turns a [`SigningRequest`] into a signed [`HttpRequest`].
pub trait Signer: Send + Sync + fmt::Debug {
    /// Signs one attempt; must not reuse anything between attempts except the inputs.
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError>;
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// An operation parameter has the name of one the signer sets itself (`Action`,
    /// `AccessKeyId`, `Signature`, ...).
    #[error("parameter `{name}` collides with a common parameter")]
    ReservedParameter {
        /// The parameter's wire name.
        name: String,
    },
    /// An operation parameter appears twice.
    #[error("parameter `{name}` is set twice")]
    DuplicateParameter {
        /// The parameter's wire name.
        name: String,
    },
    /// A [`Signer`] implemented outside this crate failed for a reason of its own.
    #[error(transparent)]
    Custom(Box<dyn std::error::Error + Send + Sync>),
}

impl SignError {
    /// Wraps another signer's failure (an error, or a message as `&str`/`String`).
    pub fn custom(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Custom(source.into())
    }
}
