//! The trait every generated request type implements, and the error its builder returns.

use crate::error_meta::ErrorMeta;

/// A callable API action: its request (this type, flattened by [`crate::params::to_params`]),
/// its action/version names, and its typed output and error.
pub trait Operation: serde::Serialize + Send + Sync {
    /// The API action name, e.g. `StopReplicationJob`.
    const ACTION: &'static str;
    /// The API version, e.g. `2019-06-01`.
    const VERSION: &'static str;
    /// `Some(request line)` for a ROA (RESTful) action, e.g. `GET /clusters/[ClusterId]/nodes`
    /// (empty when its page documents none); `None`, the default, for an RPC action. This
    /// runtime sends RPC calls only: calling a ROA operation is a construction error, before
    /// anything is sent, rather than an RPC request the service would reject.
    const ROA: Option<&'static str> = None;
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

#[cfg(test)]
mod tests {
    use super::BuildError;

    #[test]
    fn build_error_names_the_field_and_its_wire_name() {
        let e = BuildError::missing("job_id", "JobId");
        assert_eq!(e.to_string(), "missing required field `job_id` (JobId)");
        assert_eq!((e.field(), e.wire()), ("job_id", "JobId"));
    }
}
