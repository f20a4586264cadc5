//! The trait every generated request type implements, and the error its builder returns.

use crate::error_meta::ErrorMeta;

/// A callable API action: its request (this type, flattened by [`crate::params::to_params`]),
/// its action/version names, which parameters go in the body, and its typed output and error.
pub trait Operation: serde::Serialize + Send + Sync {
    /// The API action name, e.g. `StopReplicationJob`.
    const ACTION: &'static str;
    /// The API version, e.g. `2019-06-01`.
    const VERSION: &'static str;
    /// The product code, e.g. `smc`, shown as the `product` field of the call's tracing span;
    /// empty, the default, when the generator does not set it.
    const PRODUCT: &'static str = "";
    /// `Some(request line)` for a ROA (RESTful) action, e.g. `GET /clusters/[ClusterId]/nodes`
    /// (empty when its page documents none); `None`, the default, for an RPC action. This
    /// runtime sends RPC calls only: calling a ROA operation is a construction error, before
    /// anything is sent, rather than an RPC request the service would reject.
    const ROA: Option<&'static str> = None;
    /// Top-level wire names of the parameters the operation's page places in the request body
    /// (e.g. `["Content", "Tag"]`); empty, the default, when every parameter goes in the query.
    /// A parameter flattened from one of them (`Tag.1.Key` from `Tag`) goes with it. On a POST
    /// these travel in an `application/x-www-form-urlencoded` body (signed with the query by
    /// v1, through the payload hash by v3); a GET has no body, so there they join the query.
    const BODY: &'static [&'static str] = &[];
    /// The decoded success body.
    type Output: serde::de::DeserializeOwned + Send;
    /// The typed service error, classified from the server's [`ErrorMeta`] by code.
    type Error: From<ErrorMeta> + std::error::Error + Send + Sync + 'static;
}

/// Returned by generated request builders when a required field is missing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("missing required field `{field}` ({wire})")]
pub struct BuildError {
    field: &'static str,
    wire: &'static str,
}

impl BuildError {
    /// A missing required field: `field` is the Rust field name, `wire` the wire parameter name.
    pub fn missing(field: &'static str, wire: &'static str) -> Self {
        Self { field, wire }
    }

    /// The Rust field name of the missing field.
    pub fn field(&self) -> &str {
        self.field
    }

    /// The wire parameter name of the missing field.
    pub fn wire(&self) -> &str {
        self.wire
    }
}

/// Whether the flattened wire parameter `name` belongs to one of the top-level `body` names:
/// it is one of them, or extends one with `.` (`Tag.1.Key` belongs to `Tag`, `Tags` does not).
pub(crate) fn in_body(name: &str, body: &[&str]) -> bool {
    body.iter().any(|top| {
        name.strip_prefix(top)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::{in_body, BuildError};

    #[test]
    fn body_membership_follows_the_flattened_prefix() {
        let body = ["Tag", "Content"];
        for name in ["Tag", "Tag.1", "Tag.1.Key", "Content"] {
            assert!(in_body(name, &body), "{name}");
        }
        for name in ["Tags", "Tag1", "tag.1", "JobId", "Con", ""] {
            assert!(!in_body(name, &body), "{name}");
        }
        assert!(!in_body("Tag", &[]));
    }

    #[test]
    fn build_error_names_the_field_and_its_wire_name() {
        let e = BuildError::missing("job_id", "JobId");
        assert_eq!(e.to_string(), "missing required field `job_id` (JobId)");
        assert_eq!((e.field(), e.wire()), ("job_id", "JobId"));
    }
}
