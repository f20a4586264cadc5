//! The cache in front of a fetching source: one request for many concurrent callers, a new one
//! once the credentials are within 180 s of expiry.

use crate::fake::{in_100_seconds, in_an_hour, reply, session_json, FakeServer, Reply};
use smc_runtime::credentials::{
    CachingProvider, CredentialsUriProvider, ProvideCredentials, ProviderConfig,
};
use std::sync::Arc;
use std::time::Duration;

async fn uri_server(expiration: String, delay: Duration) -> FakeServer {
    let body = format!("{{{}}}", session_json("STS.cached", "s", "t", &expiration));
    FakeServer::start(move |_| Reply {
        delay,
        ..reply(200, body.clone())
    })
    .await
}

fn cached(server: &FakeServer) -> CachingProvider {
    let config = ProviderConfig::isolated()
        .with_vars([("ALIBABA_CLOUD_CREDENTIALS_URI", server.url.as_str())]);
    CachingProvider::new(Arc::new(CredentialsUriProvider::new(&config)))
}

#[tokio::test]
async fn sixteen_concurrent_callers_cause_exactly_one_request() {
    let server = uri_server(in_an_hour(), Duration::from_millis(200)).await;
    let cache = Arc::new(cached(&server));
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.provide().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().access_key_id(), "STS.cached");
    }
    assert_eq!(server.seen().len(), 1);
    cache.provide().await.unwrap();
    assert_eq!(server.seen().len(), 1, "an hour left: still cached");
}

#[tokio::test]
async fn credentials_about_to_expire_are_refreshed_on_the_next_call() {
    let server = uri_server(in_100_seconds(), Duration::ZERO).await;
    let cache = cached(&server);
    cache.provide().await.unwrap();
    assert_eq!(server.seen().len(), 1);
    cache.provide().await.unwrap();
    assert_eq!(server.seen().len(), 2);
}
