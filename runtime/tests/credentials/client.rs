//! The client asks its provider on every call: the default chain when none is given, resolved
//! at call time, cached across calls.

use crate::common;
use crate::fake::{closed_url, in_an_hour, reply, session_json, FakeServer, TempDir};
use smc_runtime::credentials::{DefaultCredentialsChain, ProviderConfig};
use smc_runtime::{Client, DisplayErrorContext, SdkError, SignatureVersion};
use std::sync::Arc;

#[tokio::test]
async fn calls_sign_with_what_the_chain_found_and_fetch_it_once() {
    let body = format!(
        "{{{}}}",
        session_json("STS.client", "client-secret", "client-token", &in_an_hour())
    );
    let uri = FakeServer::start(move |_| reply(200, body.clone())).await;
    let smc = FakeServer::start(|_| reply(200, r#"{"RequestId":"r-1"}"#)).await;
    let home = TempDir::new();
    let config = ProviderConfig::isolated()
        .with_home(home.path())
        .with_metadata_url(closed_url())
        .with_vars([("ALIBABA_CLOUD_CREDENTIALS_URI", uri.url.as_str())]);
    // v1, whose query parameters and signature the fake checks.
    let client = Client::builder()
        .endpoint(&smc.url)
        .signature_version(SignatureVersion::V1)
        .credentials_provider(Arc::new(DefaultCredentialsChain::with_config(config)))
        .build()
        .unwrap();
    assert!(uri.seen().is_empty(), "build() resolves nothing");
    for _ in 0..2 {
        let out = client.call(&common::stop("j-1")).await.unwrap();
        assert_eq!(out.request_id.as_deref(), Some("r-1"));
    }
    assert_eq!(uri.seen().len(), 1);
    let calls = smc.seen();
    assert_eq!(calls.len(), 2);
    for call in &calls {
        assert_eq!(call.param("AccessKeyId").as_deref(), Some("STS.client"));
        assert_eq!(call.param("SecurityToken").as_deref(), Some("client-token"));
        crate::fake::assert_signed_with(call, "client-secret");
    }
    assert_eq!(
        client.credentials().await.unwrap().access_key_id(),
        "STS.client"
    );
}

#[tokio::test]
async fn with_nothing_configured_the_call_fails_listing_the_sources_and_sends_nothing() {
    let smc = FakeServer::start(|_| reply(200, "{}")).await;
    let home = TempDir::new();
    let config = ProviderConfig::isolated()
        .with_home(home.path())
        .with_metadata_url(closed_url());
    let client = Client::builder()
        .endpoint(&smc.url)
        .credentials_provider(Arc::new(DefaultCredentialsChain::with_config(config)))
        .build()
        .unwrap();
    let err = client.call(&common::stop("j-1")).await.unwrap_err();
    let SdkError::Construction(c) = &err else {
        panic!("{err:?}");
    };
    assert!(c
        .credentials_error()
        .is_some_and(|e| matches!(e, smc_runtime::CredentialsError::NotFound { .. })));
    let text = DisplayErrorContext(&err).to_string();
    assert!(
        text.starts_with("failed to construct request: no credentials to sign the request with: no credentials found; tried environment: "),
        "{text}"
    );
    assert!(smc.seen().is_empty());
}
