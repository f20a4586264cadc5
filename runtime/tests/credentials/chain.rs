//! The default chain: the vendor's order, the list of reasons when nothing is set up, and the
//! stop at a source that is set up but broken.

use crate::fake::{closed_url, in_an_hour, reply, session_json, FakeServer, TempDir};
use smc_runtime::credentials::{
    CredentialsError, DefaultCredentialsChain, ProvideCredentials, ProviderConfig,
};

/// Nothing set up: an empty home and no metadata service.
fn bare(home: &TempDir) -> ProviderConfig {
    ProviderConfig::isolated()
        .with_home(home.path())
        .with_metadata_url(closed_url())
}

const INI: &str =
    "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n";

#[tokio::test]
async fn nothing_found_lists_every_source_in_order_with_its_reason() {
    let home = TempDir::new();
    let err = DefaultCredentialsChain::with_config(bare(&home))
        .provide()
        .await
        .unwrap_err();
    let CredentialsError::NotFound { tried } = &err else {
        panic!("{err:?}");
    };
    let names: Vec<&str> = tried.iter().map(|t| t.name).collect();
    assert_eq!(
        names,
        [
            "environment",
            "OIDC",
            "CLI profile",
            "credentials file",
            "ECS RAM role",
            "credentials URI"
        ]
    );
    let h = home.path().display();
    let reasons: Vec<&str> = tried.iter().map(|t| t.reason.as_str()).collect();
    assert_eq!(
        reasons[0],
        "ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET unset or empty"
    );
    assert_eq!(
        reasons[1],
        "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE unset or empty"
    );
    assert_eq!(
        reasons[2],
        format!("{h}/.aliyun/config.json does not exist")
    );
    assert_eq!(
        reasons[3],
        format!("{h}/.alibabacloud/credentials.ini does not exist")
    );
    assert!(
        reasons[4].starts_with("no metadata service answered at http://127.0.0.1:"),
        "{}",
        reasons[4]
    );
    assert_eq!(reasons[5], "ALIBABA_CLOUD_CREDENTIALS_URI unset or empty");
    let text = err.to_string();
    assert!(
        text.starts_with("no credentials found; tried environment: ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{text}"
    );
    for name in names {
        assert!(
            text.contains(&format!("; {name}: ")) || text.contains(&format!("tried {name}: ")),
            "{text}"
        );
    }
}

#[tokio::test]
async fn the_environment_comes_first_even_when_later_sources_are_set_up() {
    let home = TempDir::new();
    home.write(".alibabacloud/credentials.ini", INI);
    let uri = FakeServer::start(|_| reply(500, "")).await;
    let config = bare(&home).with_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_CREDENTIALS_URI", uri.url.as_str()),
    ]);
    let c = DefaultCredentialsChain::with_config(config)
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "env-id");
    assert!(uri.seen().is_empty());
}

#[tokio::test]
async fn unset_sources_are_skipped_down_to_the_ini_file_and_the_credentials_uri() {
    let home = TempDir::new();
    home.write(".alibabacloud/credentials.ini", INI);
    let c = DefaultCredentialsChain::with_config(bare(&home))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ini-id");

    let body = format!("{{{}}}", session_json("STS.uri", "s", "t", &in_an_hour()));
    let uri = FakeServer::start(move |_| reply(200, body.clone())).await;
    let home = TempDir::new();
    let config = bare(&home).with_vars([("ALIBABA_CLOUD_CREDENTIALS_URI", uri.url.as_str())]);
    let c = DefaultCredentialsChain::with_config(config)
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.uri");
}

#[tokio::test]
async fn a_broken_source_stops_the_chain_with_its_file_and_line() {
    let home = TempDir::new();
    let path = home.write(
        ".aliyun/config.json",
        "{\n  \"current\": \"a\"\n  \"profiles\": []\n}\n",
    );
    home.write(".alibabacloud/credentials.ini", INI);
    let err = DefaultCredentialsChain::with_config(bare(&home))
        .provide()
        .await
        .unwrap_err();
    let texts = crate::chain_texts(&err);
    assert_eq!(texts[0], "the CLI profile credentials source failed");
    assert!(
        texts[1].starts_with(&format!("{}:3: invalid JSON", path.display())),
        "{texts:?}"
    );
}

#[tokio::test]
async fn the_source_that_answered_is_asked_again_when_its_credentials_near_expiry() {
    let body = format!(
        "{{{}}}",
        session_json("STS.short", "s", "t", &crate::fake::in_100_seconds())
    );
    let uri = FakeServer::start(move |_| reply(200, body.clone())).await;
    let home = TempDir::new();
    let config = bare(&home).with_vars([("ALIBABA_CLOUD_CREDENTIALS_URI", uri.url.as_str())]);
    let chain = DefaultCredentialsChain::with_config(config);
    chain.provide().await.unwrap();
    chain.provide().await.unwrap();
    assert_eq!(
        uri.seen().len(),
        2,
        "100 s left is inside the 180 s refresh window"
    );
}
