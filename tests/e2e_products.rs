//! Part of the `e2e` test binary: `specs/` holds two products, SMC (served centrally,
//! `2019-06-01`) and ECS (its page shows a regional host, `2014-05-26`), and the `smc` crate
//! has one client per product built from one shared config.
//!
//! A rerouting transport sends every request, whatever its host, to one loopback server and
//! keeps the `Host` the client chose; the server checks the signature (v1 or v3, with the
//! parent module's own code, so the v3 signature proves the product's host was signed) and
//! records host, action and version.

use super::{
    expected_signature, expected_v3_signature, serve_with, Seen, KEY_ID, SECRET, VERSIONS,
};
use smc_runtime::{
    BoxFuture, HttpRequest, HttpResponse, ReqwestTransport, SignatureVersion, Transport,
    TransportError,
};
use std::sync::{Arc, Mutex};

/// Sends every request to `to` (`http://127.0.0.1:port`) instead of its own host, with a
/// `Host` header naming the host it was meant for; records the URLs it was given.
#[derive(Debug)]
struct Reroute {
    to: String,
    inner: ReqwestTransport,
    urls: Mutex<Vec<String>>,
}

impl Transport for Reroute {
    fn send<'a>(
        &'a self,
        mut request: HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        self.urls.lock().unwrap().push(request.url.clone());
        let rest = request.url.split_once("://").map_or("", |(_, r)| r);
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("host"))
        {
            request.headers.push(("host".into(), host.to_owned()));
        }
        request.url = format!("{}{path}", self.to);
        Box::pin(async move { self.inner.send(request).await })
    }
}

/// A header, or a v1 query parameter when the request is v1 (`Version`, `Action`).
fn common(seen: &Seen, v3_header: &str, v1_param: &str) -> Option<String> {
    seen.headers
        .get(v3_header)
        .or_else(|| seen.params.get(v1_param))
        .cloned()
}

/// Checks the signature, then answers by action like the two services do.
fn answer(seen: &Seen) -> (u16, String) {
    let signed = match seen.headers.get("authorization") {
        Some(auth) => auth
            .split_once(",SignedHeaders=")
            .and_then(|(_, rest)| rest.split_once(",Signature="))
            .is_some_and(|(names, sig)| sig == expected_v3_signature(seen, names)),
        None => {
            seen.params.get("AccessKeyId").map(String::as_str) == Some(KEY_ID)
                && seen.params.get("Signature")
                    == Some(&expected_signature(&seen.method, &seen.params))
        }
    };
    if !signed {
        return (
            400,
            r#"{"Code":"SignatureDoesNotMatch","Message":"m"}"#.into(),
        );
    }
    match common(seen, "x-acs-action", "Action").as_deref() {
        Some("DescribeRegions") => (
            200,
            r#"{"RequestId":"R-ECS","Regions":{"Region":[{"RegionId":"cn-hangzhou","RegionEndpoint":"ecs.cn-hangzhou.aliyuncs.com","Status":"available"}]}}"#.into(),
        ),
        Some("StopReplicationJob") => (200, r#"{"RequestId":"R-SMC"}"#.into()),
        _ => (400, r#"{"Code":"InvalidAction.NotFound","Message":"m"}"#.into()),
    }
}

/// What the server saw of each request: (Host, action, version).
fn calls(log: &Mutex<Vec<Seen>>) -> Vec<(String, String, String)> {
    log.lock()
        .unwrap()
        .iter()
        .map(|seen| {
            (
                seen.headers.get("host").cloned().unwrap_or_default(),
                common(seen, "x-acs-action", "Action").unwrap_or_default(),
                common(seen, "x-acs-version", "Version").unwrap_or_default(),
            )
        })
        .collect()
}

/// Calls one action of each product; panics on any error.
async fn call_both(config: &smc::Config) {
    let ecs = smc::ecs::Client::new(config);
    let migration = smc::smc::Client::new(config);
    let regions = ecs
        .describe_regions()
        .accept_language("en-US")
        .send()
        .await
        .unwrap();
    assert_eq!(regions.request_id(), Some("R-ECS"));
    // `Regions.Region` is flattened: the accessor gives the items.
    let [region] = regions.regions() else {
        panic!("one region: {regions:?}");
    };
    assert_eq!(region.region_id(), Some("cn-hangzhou"));
    let stopped = migration
        .stop_replication_job()
        .job_id("j-1")
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.request_id(), Some("R-SMC"));
}

fn triple(host: &str, action: &str, version: &str) -> (String, String, String) {
    (host.into(), action.into(), version.into())
}

#[tokio::test]
async fn two_products_reach_their_own_endpoints_with_their_own_versions() {
    for version in VERSIONS {
        two_products_with(version).await;
    }
}

async fn two_products_with(version: SignatureVersion) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let server = serve_with(log.clone(), answer).await;
    let reroute = Arc::new(Reroute {
        to: server.clone(),
        inner: ReqwestTransport::new().unwrap(),
        urls: Mutex::new(Vec::new()),
    });
    let base = smc::Config::builder()
        .credentials(smc::Credentials::new(KEY_ID, SECRET))
        .signature_version(version)
        .transport(reroute.clone());

    // With a region: ECS, whose page shows a regional host, is called in the region; SMC,
    // served centrally, at its one host. Each request carries its own page's version.
    call_both(&base.clone().region("cn-hangzhou").build().unwrap()).await;
    // Without a region, ECS falls back to its central host.
    call_both(&base.clone().build().unwrap()).await;
    assert_eq!(
        calls(&log),
        [
            triple(
                "ecs.cn-hangzhou.aliyuncs.com",
                "DescribeRegions",
                "2014-05-26"
            ),
            triple("smc.aliyuncs.com", "StopReplicationJob", "2019-06-01"),
            triple("ecs.aliyuncs.com", "DescribeRegions", "2014-05-26"),
            triple("smc.aliyuncs.com", "StopReplicationJob", "2019-06-01"),
        ],
        "{version:?}"
    );
    let urls = reroute.urls.lock().unwrap().clone();
    let origins: Vec<&str> = urls
        .iter()
        .map(|u| u.split_once("/?").map_or(u.as_str(), |(o, _)| o))
        .collect();
    assert_eq!(
        origins,
        [
            "https://ecs.cn-hangzhou.aliyuncs.com",
            "https://smc.aliyuncs.com",
            "https://ecs.aliyuncs.com",
            "https://smc.aliyuncs.com",
        ]
    );

    // An explicit endpoint wins over the region, for every product, and needs no rerouting.
    log.lock().unwrap().clear();
    let direct = smc::Config::builder()
        .credentials(smc::Credentials::new(KEY_ID, SECRET))
        .signature_version(version)
        .region("cn-hangzhou")
        .endpoint(server.clone())
        .build()
        .unwrap();
    call_both(&direct).await;
    let host = server.trim_start_matches("http://");
    assert_eq!(
        calls(&log),
        [
            triple(host, "DescribeRegions", "2014-05-26"),
            triple(host, "StopReplicationJob", "2019-06-01"),
        ]
    );
}

#[tokio::test]
async fn each_product_can_have_its_own_loopback_server() {
    let (ecs_log, smc_log) = (
        Arc::new(Mutex::new(Vec::new())),
        Arc::new(Mutex::new(Vec::new())),
    );
    let ecs_server = serve_with(ecs_log.clone(), answer).await;
    let smc_server = serve_with(smc_log.clone(), answer).await;
    let config = smc::Config::builder()
        .credentials(smc::Credentials::new(KEY_ID, SECRET))
        .endpoint(smc_server)
        .build()
        .unwrap();
    // One product's client from a derived config: same settings, its own endpoint.
    let ecs_config = config.to_builder().endpoint(ecs_server).build().unwrap();
    let ecs = smc::ecs::Client::new(&ecs_config);
    let migration = smc::Client::new(&config);
    ecs.describe_regions().send().await.unwrap();
    migration
        .stop_replication_job()
        .job_id("j-1")
        .send()
        .await
        .unwrap();
    let versions = |log: &Mutex<Vec<Seen>>| -> Vec<(String, String)> {
        calls(log).into_iter().map(|(_, a, v)| (a, v)).collect()
    };
    assert_eq!(
        versions(&ecs_log),
        [("DescribeRegions".to_string(), "2014-05-26".to_string())]
    );
    assert_eq!(
        versions(&smc_log),
        [("StopReplicationJob".to_string(), "2019-06-01".to_string())]
    );
}

/// Fails to compile unless `f` can be spawned.
fn spawnable<F: std::future::Future + Send + 'static>(f: F) -> F {
    f
}

#[tokio::test]
async fn a_fluent_call_is_a_static_send_future_that_can_be_spawned() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<smc::Client>();
    shareable::<smc::ecs::Client>();
    shareable::<smc::Config>();

    let log = Arc::new(Mutex::new(Vec::new()));
    let config = smc::Config::builder()
        .credentials(smc::Credentials::new(KEY_ID, SECRET))
        .endpoint(serve_with(log.clone(), answer).await)
        .build()
        .unwrap();
    let client = smc::Client::new(&config);
    let handle = tokio::spawn(spawnable(client.stop_replication_job().job_id("j").send()));
    let ecs = tokio::spawn(smc::ecs::Client::new(&config).describe_regions().send());
    // The calls own their handles: the clients can go before the tasks finish.
    drop(client);
    drop(config);
    let stopped = handle.await.unwrap().unwrap();
    assert_eq!(stopped.request_id(), Some("R-SMC"));
    assert_eq!(
        ecs.await.unwrap().unwrap().request_id.as_deref(),
        Some("R-ECS")
    );
    assert_eq!(log.lock().unwrap().len(), 2);
}
