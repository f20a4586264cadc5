//! [`CachingProvider`]: keeps the last credentials and asks the source again only when they
//! are about to expire, once for any number of concurrent callers.

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::transport::BoxFuture;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Temporary credentials are refreshed when this little of their lifetime is left, as the
/// vendor's SDKs do, so a request never goes out signed with credentials that expire in flight.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(180);

/// Caches what `inner` provides. Credentials without an expiration are kept for good; those
/// with one are refreshed once fewer than [`REFRESH_BEFORE_EXPIRY`] remain. Callers arriving
/// during a refresh wait for it and share its result (one request for all of them). If a
/// refresh fails while the cached credentials have not yet expired, those are returned.
pub struct CachingProvider {
    inner: Arc<dyn ProvideCredentials>,
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl CachingProvider {
    /// Caches `inner`.
    pub fn new(inner: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            inner,
            cached: tokio::sync::Mutex::new(None),
        }
    }
}

/// Whether `c` must be refreshed at `now`.
fn stale(c: &Credentials, now: SystemTime) -> bool {
    c.expiration()
        .is_some_and(|at| at.duration_since(now).unwrap_or_default() <= REFRESH_BEFORE_EXPIRY)
}

/// Whether `c` no longer works at `now`.
fn expired(c: &Credentials, now: SystemTime) -> bool {
    c.expiration().is_some_and(|at| at <= now)
}

impl ProvideCredentials for CachingProvider {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            // Held across the refresh: concurrent callers queue here and then find it fresh.
            let mut slot = self.cached.lock().await;
            if let Some(c) = slot.as_ref().filter(|c| !stale(c, SystemTime::now())) {
                return Ok(c.clone());
            }
            match self.inner.provide().await {
                Ok(fresh) => {
                    *slot = Some(fresh.clone());
                    Ok(fresh)
                }
                Err(e) => match slot.as_ref() {
                    Some(c) if !expired(c, SystemTime::now()) => Ok(c.clone()),
                    _ => Err(e),
                },
            }
        })
    }
}

impl fmt::Debug for CachingProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingProvider")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts calls; answers credentials expiring `lifetime` from now, or fails after `ok`
    /// successes.
    #[derive(Debug)]
    struct Counting {
        calls: AtomicUsize,
        lifetime: Option<Duration>,
        ok: usize,
    }

    impl ProvideCredentials for Counting {
        fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let lifetime = self.lifetime;
            let ok = n < self.ok;
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                if !ok {
                    return Err(CredentialsError::invalid("source down"));
                }
                let c = Credentials::new(format!("id-{n}"), "s").with_security_token("t");
                Ok(match lifetime {
                    Some(l) => c.with_expiration(SystemTime::now() + l),
                    None => c,
                })
            })
        }
    }

    fn counting(lifetime: Option<Duration>, ok: usize) -> Arc<Counting> {
        Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime,
            ok,
        })
    }

    #[tokio::test]
    async fn long_lived_and_unexpiring_credentials_are_fetched_once() {
        for lifetime in [None, Some(Duration::from_secs(3600))] {
            let source = counting(lifetime, usize::MAX);
            let cache = CachingProvider::new(source.clone());
            for _ in 0..3 {
                assert_eq!(cache.provide().await.unwrap().access_key_id(), "id-0");
            }
            assert_eq!(source.calls.load(Ordering::SeqCst), 1);
        }
    }

    #[tokio::test]
    async fn credentials_within_the_refresh_window_are_refreshed_on_the_next_call() {
        let source = counting(Some(Duration::from_secs(170)), usize::MAX);
        let cache = CachingProvider::new(source.clone());
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "id-0");
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "id-1");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_refresh() {
        let source = counting(Some(Duration::from_secs(3600)), usize::MAX);
        let cache = Arc::new(CachingProvider::new(source.clone()));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide().await })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().access_key_id(), "id-0");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_unexpired_credentials_and_reports_expired_ones() {
        let source = counting(Some(Duration::from_secs(100)), 1);
        let cache = CachingProvider::new(source.clone());
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "id-0");
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "id-0");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);

        let source = counting(Some(Duration::ZERO), 1);
        let cache = CachingProvider::new(source.clone());
        cache.provide().await.unwrap();
        let err = cache.provide().await.unwrap_err();
        assert_eq!(err.to_string(), "source down");
    }
}
