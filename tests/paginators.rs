//! Paginators over loopback, page-number style: the generated `smc` client pages
//! DescribeReplicationJobs (`PageNumber`/`PageSize`, `TotalCount`, main list
//! `ReplicationJobs.ReplicationJob`) against a server serving three pages, and stops on the
//! last page by `TotalCount`, on an empty page, or after an error. The token style is tested
//! in the user crate (`tests/user-crate/tests/paginators.rs`), on a hand-written IR.

use smc::describe_replication_jobs::ReplicationJob;
use smc_runtime::{ProvideErrorMetadata, SdkError};
use smc_tests::loopback::{serve, Log, Params};

/// A client of the server `answer` runs (at most 10 requests).
fn client(answer: impl Fn(&Params) -> (u16, String) + Send + 'static) -> (smc::Client, Log) {
    let (endpoint, log) = serve(10, answer).expect("a loopback server");
    let config = smc::Config::builder()
        .endpoint(endpoint)
        .credentials(smc::Credentials::new("id", "secret"))
        .build()
        .expect("a config");
    (smc::Client::new(&config), log)
}

/// A page holding jobs `ids`, reporting `total` (if any) and page size 2.
fn page(ids: &[&str], total: Option<u32>) -> (u16, String) {
    let jobs: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"JobId":"{id}"}}"#))
        .collect();
    let total = total
        .map(|t| format!(r#""TotalCount":{t},"#))
        .unwrap_or_default();
    (
        200,
        format!(
            r#"{{"RequestId":"R",{total}"PageSize":2,"ReplicationJobs":{{"ReplicationJob":[{}]}}}}"#,
            jobs.join(",")
        ),
    )
}

/// The `PageNumber` of each request, and that each kept the page size and name set.
fn numbers(log: &Log) -> Vec<String> {
    let log = log.lock().unwrap();
    for params in log.iter() {
        assert_eq!(
            params.get("PageSize").map(String::as_str),
            Some("2"),
            "{params:?}"
        );
        assert_eq!(
            params.get("Name").map(String::as_str),
            Some("web"),
            "{params:?}"
        );
    }
    log.iter()
        .map(|p| p.get("PageNumber").cloned().unwrap_or_default())
        .collect()
}

fn ids(jobs: &[ReplicationJob]) -> Vec<&str> {
    jobs.iter().filter_map(ReplicationJob::job_id).collect()
}

#[tokio::test]
async fn three_pages_end_on_the_last_full_page_by_total_count() {
    // Six jobs, two a page: page 3 is exactly full and the last; a fourth would be an error.
    let (client, log) = client(
        |params| match params.get("PageNumber").map(String::as_str) {
            Some("1") => page(&["j-1", "j-2"], Some(6)),
            Some("2") => page(&["j-3", "j-4"], Some(6)),
            Some("3") => page(&["j-5", "j-6"], Some(6)),
            _ => (
                400,
                r#"{"Code":"InvalidPageNumber","Message":"past the end"}"#.into(),
            ),
        },
    );
    let call = || client.describe_replication_jobs().name("web").page_size(2);
    let jobs = call()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("every item");
    assert_eq!(ids(&jobs), ["j-1", "j-2", "j-3", "j-4", "j-5", "j-6"]);
    assert_eq!(numbers(&log), ["1", "2", "3"]);

    // The pages themselves, from a start page set on the builder.
    log.lock().unwrap().clear();
    let mut pages = call().page_number(2).into_paginator().send();
    let first = pages.next().await.expect("a page").expect("no error");
    assert_eq!(first.total_count, Some(6));
    assert!(pages.next().await.expect("a page").is_ok());
    assert!(pages.next().await.is_none(), "page 3 is the last");
    assert_eq!(numbers(&log), ["2", "3"]);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_without_a_total() {
    let (client, log) = client(
        |params| match params.get("PageNumber").map(String::as_str) {
            Some("1") => page(&["j-1", "j-2"], None),
            Some("2") => page(&["j-3", "j-4"], None),
            _ => page(&[], None),
        },
    );
    let pages = client
        .describe_replication_jobs()
        .name("web")
        .page_size(2)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 3);
    assert_eq!(numbers(&log), ["1", "2", "3"]);
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_stream() {
    let (client, log) = client(
        |params| match params.get("PageNumber").map(String::as_str) {
            Some("1") => page(&["j-1", "j-2"], Some(10)),
            _ => (
                403,
                r#"{"RequestId":"R-403","Code":"Forbidden.RAM","Message":"no"}"#.into(),
            ),
        },
    );
    let mut items = client
        .describe_replication_jobs()
        .name("web")
        .page_size(2)
        .into_paginator()
        .items();
    let mut got = Vec::new();
    let err = loop {
        match items.next().await {
            Some(Ok(job)) => got.push(job),
            Some(Err(e)) => break e,
            None => panic!("the stream ended without the error"),
        }
    };
    assert_eq!(ids(&got), ["j-1", "j-2"]);
    assert!(matches!(err, SdkError::Service(_)), "{err:?}");
    assert_eq!(err.code(), Some("Forbidden.RAM"));
    assert_eq!(err.request_id(), Some("R-403"));
    assert!(items.next().await.is_none());
    assert_eq!(numbers(&log), ["1", "2"]);
}
