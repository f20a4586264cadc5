//! A hand-written operation shaped like generated code, shared by the integration tests, a
//! loopback server that fails on purpose ([`server`]) and a `tracing` subscriber that keeps
//! everything ([`capture`]).
#![allow(dead_code)]

pub mod capture;
pub mod server;

use serde::{Deserialize, Serialize};
use smc_runtime::{de, ErrorMeta, Operation, ProvideErrorMetadata, Unhandled};
use std::error::Error;
use std::fmt;

#[derive(Debug, Clone, Serialize)]
pub struct StopReplicationJob {
    #[serde(rename = "JobId")]
    pub job_id: String,
    #[serde(rename = "Tag", skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct StopReplicationJobOutput {
    #[serde(rename = "RequestId", deserialize_with = "de::string")]
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StopReplicationJobError {
    ReplicationJobInvalidStatus(ErrorMeta),
    Unhandled(Unhandled),
}

impl From<ErrorMeta> for StopReplicationJobError {
    fn from(meta: ErrorMeta) -> Self {
        match meta.code.as_str() {
            "ReplicationJob.InvalidStatus" => Self::ReplicationJobInvalidStatus(meta),
            _ => Self::Unhandled(Unhandled::new(meta)),
        }
    }
}

/// Accessors like the generated ones.
impl StopReplicationJobError {
    pub fn meta(&self) -> &ErrorMeta {
        match self {
            Self::ReplicationJobInvalidStatus(m) => m,
            Self::Unhandled(u) => u.meta(),
        }
    }
}

impl ProvideErrorMetadata for StopReplicationJobError {
    fn meta(&self) -> Option<&ErrorMeta> {
        Some(StopReplicationJobError::meta(self))
    }
}

impl fmt::Display for StopReplicationJobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.meta(), f)
    }
}

impl std::error::Error for StopReplicationJobError {}

impl Operation for StopReplicationJob {
    const ACTION: &'static str = "StopReplicationJob";
    const VERSION: &'static str = "2019-06-01";
    type Output = StopReplicationJobOutput;
    type Error = StopReplicationJobError;
}

pub fn stop(job_id: &str) -> StopReplicationJob {
    StopReplicationJob {
        job_id: job_id.into(),
        tag: vec![],
    }
}

/// The `Display` text of `err` and of every error along its `source()` chain, outermost first.
pub fn chain(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut texts = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        texts.push(e.to_string());
        next = e.source();
    }
    texts
}
