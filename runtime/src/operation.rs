//! The trait every generated request type implements.

use crate::error::ErrorMeta;

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
