//! Request signing behind a small trait seam: the client hands a [`SigningRequest`] to a
//! [`Signer`] and gets back the HTTP request to send. Two signers ship: [`SignerV1`] (RPC
//! signature 1.0, HMAC-SHA1, in [`v1`]) and [`SignerV3`] (ACS3-HMAC-SHA256, in [`v3`]); the
//! client picks one by [`SignatureVersion`].

pub mod v1;
pub mod v3;

use crate::credentials::Credentials;
use crate::method::HttpMethod;
use crate::transport::HttpRequest;
use std::fmt;
use std::sync::Arc;

pub use v1::SignerV1;
pub use v3::SignerV3;

/// Everything a signer needs to turn one call attempt into an HTTP request. `Debug` shows the
/// parameters but not the secret or the security token (see [`Credentials`]).
#[derive(Debug, Clone)]
pub struct SigningRequest<'a> {
    /// HTTP method; it is part of what is signed.
    pub method: HttpMethod,
    /// Endpoint base URL `scheme://host[:port]` without trailing slash, e.g.
    /// `https://smc.aliyuncs.com`; v3 signs its host part as the `host` header.
    pub endpoint: &'a str,
    /// API action, e.g. `StopReplicationJob`.
    pub action: &'a str,
    /// API version, e.g. `2019-06-01`.
    pub version: &'a str,
    /// The operation's flattened parameters sent in the URL query (no common parameters).
    pub query: Vec<(String, String)>,
    /// The operation's flattened parameters sent in an `application/x-www-form-urlencoded`
    /// body, in this order (empty: no body). The client fills it for POST only.
    pub form: Vec<(String, String)>,
    /// UTC timestamp `yyyy-MM-ddTHH:mm:ssZ` of this attempt (`Timestamp` in v1, `x-acs-date`
    /// in v3).
    pub timestamp: &'a str,
    /// Fresh nonce of this attempt (`SignatureNonce` in v1, `x-acs-signature-nonce` in v3).
    pub nonce: &'a str,
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// Further headers of this attempt, e.g. `x-acs-retry-attempts` on a retry: v3 signs them
    /// with its own headers, v1 sends them unsigned (it signs parameters only).
    pub headers: Vec<(String, String)>,
}

impl SigningRequest<'_> {
    /// The endpoint's `host[:port]`, as the HTTP `Host` header carries it.
    pub fn host(&self) -> &str {
        self.endpoint
            .split_once("://")
            .map_or(self.endpoint, |(_, rest)| rest)
            .trim_end_matches('/')
    }
}

/// Turns a [`SigningRequest`] into a signed [`HttpRequest`].
pub trait Signer: Send + Sync + fmt::Debug {
    /// Signs one attempt; must not reuse anything between attempts except the inputs.
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError>;
}

/// Which built-in signer a client uses; the default is v3, as the vendor's current SDKs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// RPC signature 1.0: HMAC-SHA1 over the sorted query, `Signature` in the query
    /// ([`SignerV1`]). The vendor calls it "V2" now and recommends v3.
    V1,
    /// ACS3-HMAC-SHA256: HMAC-SHA256 over a canonical request, `Authorization` header
    /// ([`SignerV3`]).
    #[default]
    V3,
}

impl SignatureVersion {
    /// The built-in signer of this version.
    pub fn signer(self) -> Arc<dyn Signer> {
        match self {
            Self::V1 => Arc::new(SignerV1),
            Self::V3 => Arc::new(SignerV3),
        }
    }
}

/// Names an RPC gateway reads as common parameters (v1 sets them itself). An operation
/// parameter of one of these names is refused whatever the signature version, so a request
/// never means two things.
pub const RESERVED_PARAMETERS: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// Refuses operation parameters (query and form together) that use a reserved name or appear
/// twice.
fn check_params(query: &[(String, String)], form: &[(String, String)]) -> Result<(), SignError> {
    let mut names: Vec<&str> = Vec::with_capacity(query.len() + form.len());
    for (name, _) in query.iter().chain(form) {
        if RESERVED_PARAMETERS.contains(&name.as_str()) {
            return Err(SignError::ReservedParameter { name: name.clone() });
        }
        names.push(name);
    }
    names.sort_unstable();
    match names.windows(2).find(|pair| pair[0] == pair[1]) {
        Some(pair) => Err(SignError::DuplicateParameter {
            name: pair[0].to_owned(),
        }),
        None => Ok(()),
    }
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// An operation parameter has the name of a common parameter ([`RESERVED_PARAMETERS`]:
    /// `Action`, `AccessKeyId`, `Signature`, ...).
    #[error("parameter `{name}` collides with a common parameter")]
    ReservedParameter {
        /// The parameter's wire name.
        name: String,
    },
    /// An operation parameter appears twice (in the query, the form, or one in each).
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), String::new()))
            .collect()
    }

    #[test]
    fn reserved_and_duplicate_names_are_refused_across_query_and_form() {
        assert!(check_params(&pairs(&["JobId", "Tag.1"]), &pairs(&["Tag.2"])).is_ok());
        for name in RESERVED_PARAMETERS {
            let err = check_params(&[], &pairs(&[name])).unwrap_err();
            assert!(matches!(&err, SignError::ReservedParameter { name: n } if n == name));
        }
        let err = check_params(&pairs(&["A", "JobId"]), &pairs(&["JobId"])).unwrap_err();
        assert!(matches!(&err, SignError::DuplicateParameter { name } if name == "JobId"));
        // Reserved names are matched exactly: other cases and prefixes are ordinary names.
        assert!(check_params(&pairs(&["action", "Action.1", "SignatureType"]), &[]).is_ok());
    }

    #[test]
    fn host_is_the_endpoint_without_scheme() {
        let creds = Credentials::new("a", "s");
        let mut r = SigningRequest {
            method: HttpMethod::Post,
            endpoint: "http://127.0.0.1:8080",
            action: "A",
            version: "V",
            query: Vec::new(),
            form: Vec::new(),
            timestamp: "t",
            nonce: "n",
            credentials: &creds,
            headers: Vec::new(),
        };
        assert_eq!(r.host(), "127.0.0.1:8080");
        r.endpoint = "smc.aliyuncs.com/";
        assert_eq!(r.host(), "smc.aliyuncs.com");
    }

    #[test]
    fn further_headers_are_signed_by_v3_and_sent_unsigned_by_v1() {
        let creds = Credentials::new("a", "s");
        let request = |headers: Vec<(String, String)>| SigningRequest {
            method: HttpMethod::Post,
            endpoint: "https://smc.aliyuncs.com",
            action: "StopReplicationJob",
            version: "2019-06-01",
            query: vec![("JobId".into(), "j-1".into())],
            form: Vec::new(),
            timestamp: "2016-02-23T12:46:24Z",
            nonce: "n-1",
            credentials: &creds,
            headers,
        };
        let retry = vec![("x-acs-retry-attempts".to_owned(), "1".to_owned())];
        let header = |r: &HttpRequest, name: &str| r.header(name).map(str::to_owned);

        let plain = SignerV3.sign(request(Vec::new())).unwrap();
        let retried = SignerV3.sign(request(retry.clone())).unwrap();
        assert_eq!(
            header(&retried, "x-acs-retry-attempts").as_deref(),
            Some("1")
        );
        let auth = header(&retried, "authorization").unwrap();
        assert!(
            auth.contains(
                ",SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;\
                 x-acs-retry-attempts;x-acs-signature-nonce;x-acs-version,"
            ),
            "{auth}"
        );
        assert_ne!(header(&plain, "authorization"), Some(auth));

        let plain = SignerV1.sign(request(Vec::new())).unwrap();
        let retried = SignerV1.sign(request(retry)).unwrap();
        assert_eq!(
            header(&retried, "x-acs-retry-attempts").as_deref(),
            Some("1")
        );
        assert_eq!(plain.url, retried.url, "v1 signs parameters only");
    }

    #[test]
    fn default_version_is_v3() {
        assert_eq!(SignatureVersion::default(), SignatureVersion::V3);
        assert_eq!(format!("{:?}", SignatureVersion::V1.signer()), "SignerV1");
        assert_eq!(format!("{:?}", SignatureVersion::V3.signer()), "SignerV3");
    }
}
