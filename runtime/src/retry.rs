//! [`RetryConfig`]: how many attempts a call may make and how long it waits between them; and
//! the rules deciding which failures are retried.
//!
//! Retried: connect failures (nothing reached the server), timeouts of one attempt (connect or
//! response), HTTP 5xx whatever the body, and the service codes `Throttling`,
//! `Throttling.User`, `Throttling.Api` and `ServiceUnavailable` whatever the status. Any
//! other failure is final: another service error (`ReplicationJob.InvalidStatus` is a state
//! the caller must resolve), a transport failure after connecting (the request may have been
//! acted on), a request that could not be built or signed, an undecodable 2xx body.
//!
//! The wait before retry `n` (1 for the second attempt) is "full jitter": uniformly random
//! between zero and `min(max_backoff, initial_backoff × 2^(n-1))`. A throttling answer that
//! says how long its limit lasts (the `TimeLeft` of its `x-ratelimit-user-api` or
//! `x-ratelimit-user` header) is waited out instead, up to `max_backoff`.

use std::time::Duration;

/// How a client retries failed attempts: [`standard`](Self::standard) by default (3 attempts,
/// full-jitter exponential backoff from 100 ms, capped at 20 s), or
/// [`disabled`](Self::disabled). Each attempt is signed afresh (new nonce and timestamp) and a
/// retry carries `x-acs-retry-attempts` (and `x-acs-retry-delay`, in milliseconds), as the
/// vendor's SDKs send them.
///
/// ```
/// # use smc_runtime::RetryConfig;
/// # use std::time::Duration;
/// let retry = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(50));
/// assert_eq!(retry.max_attempts(), 5);
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

/// The retry strategy of a [`RetryConfig`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retry the retryable failures (see [`RetryConfig`]) with full-jitter exponential backoff,
    /// waiting out a throttling answer's `TimeLeft` when it gives one.
    #[default]
    Standard,
}

impl RetryConfig {
    /// Attempts per call by default (the first one included).
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// Base of the exponential backoff by default.
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(100);
    /// Longest wait between two attempts by default.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

    /// Standard mode: 3 attempts, backoff from 100 ms capped at 20 s.
    pub const fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
        }
    }

    /// One attempt per call, never retried.
    pub const fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// At most `n` attempts per call, the first one included (0 counts as 1).
    pub const fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = if n == 0 { 1 } else { n };
        self
    }

    /// The base of the exponential backoff (the ceiling of the first wait).
    pub const fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The longest wait between two attempts, a throttling answer's `TimeLeft` included.
    pub const fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// The strategy.
    pub const fn mode(&self) -> RetryMode {
        self.mode
    }

    /// Attempts per call, the first one included (at least 1).
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The base of the exponential backoff.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between two attempts.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The wait before retry `retry` (1 before the second attempt): `told` (a throttling
    /// answer's `TimeLeft`) when given, else full jitter over the exponential ceiling; never
    /// more than [`max_backoff`](Self::max_backoff). `random` is a uniformly random `u64`.
    pub(crate) fn delay(&self, retry: u32, told: Option<Duration>, random: u64) -> Duration {
        if let Some(told) = told {
            return told.min(self.max_backoff);
        }
        let doubling = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        // `random / 2^64` of the ceiling: uniform over [0, ceiling). (A ceiling over 2^64 ns,
        // some 584 years, would overflow: it is waited in full.)
        let nanos = ceiling
            .as_nanos()
            .checked_mul(u128::from(random))
            .map_or(ceiling.as_nanos(), |product| product >> 64);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Service codes retried whatever their HTTP status.
const RETRYABLE_CODES: &[&str] = &[
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
    "ServiceUnavailable",
];

/// Service codes of a throttling answer, whose `TimeLeft` header sets the wait.
const THROTTLING_CODES: &[&str] = &["Throttling", "Throttling.User", "Throttling.Api"];

/// Whether an answer with `status` and service error `code` (if it had one) is retried.
pub(crate) fn is_retryable_answer(status: u16, code: Option<&str>) -> bool {
    status >= 500 || code.is_some_and(|c| RETRYABLE_CODES.contains(&c))
}

/// Whether `code` is one of the throttling codes.
pub(crate) fn is_throttling(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
}

/// How long a throttling answer says its limit lasts: the larger `TimeLeft` of the
/// `x-ratelimit-user-api` and `x-ratelimit-user` headers, each a comma-separated list of
/// `key:value` pairs (e.g. `Limit:100,Remain:0,TimeLeft:1200,Reset:1700000000`). The vendor's
/// SDKs wait that many milliseconds. `None` when neither header has a positive whole
/// `TimeLeft`.
pub(crate) fn throttling_time_left(headers: &[(String, String)]) -> Option<Duration> {
    ["x-ratelimit-user-api", "x-ratelimit-user"]
        .iter()
        .filter_map(|name| time_left(crate::transport::find_header(headers, name)?))
        .max()
        .map(Duration::from_millis)
}

/// The positive `TimeLeft` of one header value; a value that is not a whole number counts as
/// absent.
fn time_left(value: &str) -> Option<u64> {
    value.split(',').find_map(|pair| {
        let (key, value) = pair.split_once(':')?;
        if key.trim() != "TimeLeft" || value.contains(':') {
            return None;
        }
        value.trim().parse::<u64>().ok().filter(|&ms| ms > 0)
    })
}

/// A uniformly random `u64` for the jitter; the OS source, or the clock's nanoseconds when it
/// fails (the jitter only spreads clients apart, it guards nothing).
pub(crate) fn jitter_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| {
                u64::from(d.subsec_nanos()).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn time_left_is_the_larger_of_the_two_headers_in_milliseconds() {
        let h = headers(&[
            (
                "X-RateLimit-User-Api",
                "Limit:100,Remain:0,TimeLeft:1200,Reset:1700000000",
            ),
            ("x-ratelimit-user", "Limit:1000,Remain:10,TimeLeft:300"),
        ]);
        assert_eq!(throttling_time_left(&h), Some(Duration::from_millis(1200)));
        let h = headers(&[("x-ratelimit-user", "TimeLeft:300,Limit:1000")]);
        assert_eq!(throttling_time_left(&h), Some(Duration::from_millis(300)));
        let h = headers(&[("x-ratelimit-user-api", " Limit : 5 , TimeLeft : 42 ")]);
        assert_eq!(throttling_time_left(&h), Some(Duration::from_millis(42)));
    }

    #[test]
    fn bad_or_missing_time_left_counts_as_absent() {
        for value in [
            "",
            "Limit:100,Remain:0",
            "TimeLeft:",
            "TimeLeft:soon",
            "TimeLeft:-5",
            "TimeLeft:0",
            "TimeLeft:1.5",
            "TimeLeft:1:2",
            "timeleft:100",
            "TimeLeft=100",
            "TimeLeft:99999999999999999999999",
        ] {
            let h = headers(&[("x-ratelimit-user-api", value)]);
            assert_eq!(throttling_time_left(&h), None, "{value:?}");
        }
        assert_eq!(throttling_time_left(&[]), None);
        let h = headers(&[("x-other", "TimeLeft:100")]);
        assert_eq!(throttling_time_left(&h), None);
        // One bad header does not hide the other.
        let h = headers(&[
            ("x-ratelimit-user-api", "TimeLeft:x"),
            ("x-ratelimit-user", "TimeLeft:7"),
        ]);
        assert_eq!(throttling_time_left(&h), Some(Duration::from_millis(7)));
    }

    #[test]
    fn full_jitter_stays_under_the_doubling_ceiling_and_the_cap() {
        let c = RetryConfig::standard();
        let max = u64::MAX;
        assert_eq!(c.delay(1, None, 0), Duration::ZERO);
        let just_under =
            |d: Duration, ceiling: Duration| d < ceiling && ceiling - d < Duration::from_micros(1);
        assert!(just_under(
            c.delay(1, None, max),
            Duration::from_millis(100)
        ));
        assert!(just_under(
            c.delay(2, None, max),
            Duration::from_millis(200)
        ));
        assert!(just_under(
            c.delay(3, None, max),
            Duration::from_millis(400)
        ));
        assert_eq!(c.delay(2, None, max / 2 + 1), Duration::from_millis(100));
        // 100 ms · 2^10 > 20 s: capped; huge retry numbers do not overflow.
        assert!(just_under(c.delay(11, None, max), Duration::from_secs(20)));
        assert!(just_under(
            c.delay(u32::MAX, None, max),
            Duration::from_secs(20)
        ));
        // A throttling answer's wait wins, up to the cap.
        let told = Some(Duration::from_millis(1500));
        assert_eq!(c.delay(1, told, 0), Duration::from_millis(1500));
        assert_eq!(
            c.delay(1, Some(Duration::from_secs(60)), 0),
            Duration::from_secs(20)
        );
        // Spread: different seeds, different waits.
        let waits: std::collections::HashSet<Duration> =
            (0..20).map(|_| c.delay(3, None, jitter_seed())).collect();
        assert!(waits.len() > 10, "{waits:?}");
    }

    #[test]
    fn config_defaults_and_setters() {
        let c = RetryConfig::default();
        assert_eq!(c, RetryConfig::standard());
        assert_eq!(c.mode(), RetryMode::Standard);
        assert_eq!(
            (c.max_attempts(), c.initial_backoff(), c.max_backoff()),
            (3, Duration::from_millis(100), Duration::from_secs(20))
        );
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(c.clone().with_max_attempts(0).max_attempts(), 1);
        let c = c
            .with_max_attempts(7)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5));
        assert_eq!(
            (c.max_attempts(), c.initial_backoff(), c.max_backoff()),
            (7, Duration::from_millis(1), Duration::from_millis(5))
        );
    }

    #[test]
    fn which_answers_are_retried() {
        for (status, code) in [
            (500, None),
            (502, None),
            (503, Some("ServiceUnavailable")),
            (500, Some("InternalError")),
            (400, Some("Throttling")),
            (400, Some("Throttling.User")),
            (400, Some("Throttling.Api")),
            (429, Some("Throttling")),
            (400, Some("ServiceUnavailable")),
        ] {
            assert!(is_retryable_answer(status, code), "{status} {code:?}");
        }
        for (status, code) in [
            (400, Some("ReplicationJob.InvalidStatus")),
            (400, Some("SignatureDoesNotMatch")),
            (404, Some("InvalidAccessKeyId.NotFound")),
            (400, Some("ServiceUnavailable.RegionMaintaining")),
            (404, None),
            (429, None),
        ] {
            assert!(!is_retryable_answer(status, code), "{status} {code:?}");
        }
        assert!(is_throttling("Throttling.Api") && !is_throttling("ServiceUnavailable"));
    }
}
