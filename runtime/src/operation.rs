//! The trait every generated request type implements.

use crate::error::ErrorMeta;

/// A callable API action: its request (this type, flattened by [`crate::params::to_params`]),
/// its action/version names, and its typed output and error.
pub trait Operation: serde::Serialize + Send + Sync {
    /// The API action name, e.g. `StopReplicationJob`.
    const ACTION: &'static str;
    /// The API version, e.g. `2019-06-01`.
    const VERSION: &'static str;
    /// The decoded success body.
    type Output: serde::de::DeserializeOwned + Send;
    /// The typed service error, classified from the server's [`ErrorMeta`] by code.
    type Error: From<ErrorMeta> + std::error::Error + Send + Sync + 'static;
}
