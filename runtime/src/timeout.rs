//! [`TimeoutConfig`]: how long a call may wait to connect, for one attempt, and in all.

use std::time::Duration;

/// A client's timeouts: connecting (5 s), each attempt (10 s, from sending the request to the
/// end of the response body), and optionally the whole call, retries and the waits between
/// them included (none by default: the attempts and backoff bound it). Each fires as an
/// `SdkError::Timeout` whose [`TimeoutError::kind`](crate::TimeoutError::kind) says which.
///
/// The connect timeout is applied by the default transport, which the client builds with it;
/// a transport passed to [`ClientBuilder::transport`](crate::ClientBuilder::transport) keeps
/// its own. A connect timeout longer than the attempt timeout never fires: the attempt
/// timeout does.
///
/// ```
/// # use smc_runtime::TimeoutConfig;
/// # use std::time::Duration;
/// let t = TimeoutConfig::default().with_operation_timeout(Duration::from_secs(30));
/// assert_eq!(t.attempt_timeout(), Duration::from_secs(10));
/// assert_eq!(t.operation_timeout(), Some(Duration::from_secs(30)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeoutConfig {
    connect: Duration,
    attempt: Duration,
    operation: Option<Duration>,
}

impl TimeoutConfig {
    /// Connect timeout by default.
    pub const DEFAULT_CONNECT: Duration = Duration::from_secs(5);
    /// Per-attempt timeout by default.
    pub const DEFAULT_ATTEMPT: Duration = Duration::from_secs(10);

    /// 5 s to connect, 10 s per attempt, no limit on the whole call.
    pub const fn new() -> Self {
        Self {
            connect: Self::DEFAULT_CONNECT,
            attempt: Self::DEFAULT_ATTEMPT,
            operation: None,
        }
    }

    /// The longest wait for a connection.
    pub const fn with_connect_timeout(mut self, d: Duration) -> Self {
        self.connect = d;
        self
    }

    /// The longest an attempt may take, from sending to the end of the response body.
    pub const fn with_attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt = d;
        self
    }

    /// The longest a whole call may take, every attempt and wait included.
    pub const fn with_operation_timeout(mut self, d: Duration) -> Self {
        self.operation = Some(d);
        self
    }

    /// No limit on the whole call (the default).
    pub const fn without_operation_timeout(mut self) -> Self {
        self.operation = None;
        self
    }

    /// The connect timeout.
    pub const fn connect_timeout(&self) -> Duration {
        self.connect
    }

    /// The per-attempt timeout.
    pub const fn attempt_timeout(&self) -> Duration {
        self.attempt
    }

    /// The whole-call timeout, if any.
    pub const fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::new()
    }
}
