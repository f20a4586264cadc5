//! Paginators over loopback, token style: `ListGadgets` (a hand-written IR of an invented
//! product: request `NextToken`/`MaxResults`, response `NextToken` and a top-level list
//! `Gadgets`) against a server serving three pages. Each request carries the previous page's
//! token; the stream stops on a missing or empty token, a repeated token and an empty page.

use smc_runtime::Credentials;
use smc_tests::loopback::{serve, Log, Params};
use smc_user_crate_example::Client;

/// A client of the server `answer` runs (at most 10 requests).
fn serve_gadgets(answer: impl Fn(&Params) -> (u16, String) + Send + 'static) -> (Client, Log) {
    let (endpoint, log) = serve(10, answer).expect("a loopback server");
    let runtime = smc_runtime::Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new("id", "secret"))
        .build()
        .expect("a client");
    (Client(runtime), log)
}

/// A page of gadgets `ids`, with `next` as its `NextToken` (`None`: no such key).
fn page(ids: &[&str], next: Option<&str>) -> (u16, String) {
    let gadgets: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"GadgetId":"{id}","Color":"red"}}"#))
        .collect();
    let next = next
        .map(|t| format!(r#""NextToken":"{t}","#))
        .unwrap_or_default();
    (
        200,
        format!(
            r#"{{"RequestId":"R",{next}"Gadgets":[{}]}}"#,
            gadgets.join(",")
        ),
    )
}

/// Serves three pages behind tokens `t2` and `t3`; the third ends with `last`.
fn three_pages(last: Option<&'static str>) -> impl Fn(&Params) -> (u16, String) {
    move |params| match params.get("NextToken").map(String::as_str) {
        None => page(&["g-1", "g-2"], Some("t2")),
        Some("t2") => page(&["g-3", "g-4"], Some("t3")),
        Some("t3") => page(&["g-5"], last),
        Some(_) => (400, r#"{"Code":"InvalidToken","Message":"m"}"#.into()),
    }
}

/// The `NextToken` of each request (`-` for none), checking each kept the other parameters.
fn tokens(log: &Log) -> Vec<String> {
    let log = log.lock().unwrap();
    for params in log.iter() {
        assert_eq!(params.get("Color").map(String::as_str), Some("red"));
        assert_eq!(params.get("MaxResults").map(String::as_str), Some("2"));
    }
    log.iter()
        .map(|p| p.get("NextToken").cloned().unwrap_or_else(|| "-".into()))
        .collect()
}

#[tokio::test]
async fn tokens_lead_through_three_pages_until_none_is_left() {
    // The last page has no token, then an empty one: both end the stream.
    for last in [None, Some("")] {
        let (client, log) = serve_gadgets(three_pages(last));
        let gadgets = client
            .list_gadgets()
            .color("red")
            .max_results(2)
            .into_paginator()
            .items()
            .try_collect()
            .await
            .expect("every item");
        let ids: Vec<_> = gadgets
            .iter()
            .filter_map(|g| g.gadget_id.as_deref())
            .collect();
        assert_eq!(ids, ["g-1", "g-2", "g-3", "g-4", "g-5"], "{last:?}");
        assert_eq!(tokens(&log), ["-", "t2", "t3"], "{last:?}");
    }
}

#[tokio::test]
async fn a_repeated_token_or_an_empty_page_ends_the_stream() {
    // Page 3 hands back its own token: following it would loop forever.
    let (client, log) = serve_gadgets(three_pages(Some("t3")));
    let call = || client.list_gadgets().color("red").max_results(2);
    let pages = call()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(tokens(&log), ["-", "t2", "t3"]);

    // An empty page ends it even with a token; a start token set on the builder is sent.
    let (client, log) =
        serve_gadgets(
            |params: &Params| match params.get("NextToken").map(String::as_str) {
                Some("t2") => page(&["g-3"], Some("t3")),
                _ => page(&[], Some("t4")),
            },
        );
    let call = client
        .list_gadgets()
        .color("red")
        .max_results(2)
        .next_token("t2");
    let mut pages = call.into_paginator().send();
    let first = pages.next().await.expect("a page").expect("no error");
    assert_eq!(first.next_token.as_deref(), Some("t3"));
    assert_eq!(
        pages
            .next()
            .await
            .expect("a page")
            .expect("no error")
            .gadgets,
        Some(vec![])
    );
    assert!(pages.next().await.is_none());
    assert_eq!(tokens(&log), ["t2", "t3"]);
}
