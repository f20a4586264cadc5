//! `ALIBABA_CLOUD_CREDENTIALS_URI` against a fake local credentials service.

use crate::fake::{in_an_hour, reply, session_json, FakeServer};
use smc_runtime::credentials::{
    CredentialsError, CredentialsUriProvider, ProvideCredentials, ProviderConfig,
};

fn config(uri: &str) -> ProviderConfig {
    ProviderConfig::isolated().with_vars([("ALIBABA_CLOUD_CREDENTIALS_URI", uri)])
}

#[tokio::test]
async fn gets_the_uri_and_reads_temporary_credentials() {
    let body = format!(
        "{{{}}}",
        session_json("STS.uri", "uri-secret", "uri-token", &in_an_hour())
    );
    let server = FakeServer::start(move |_| reply(200, body.clone())).await;
    let uri = format!("{}/credentials?auth=query-secret", server.url);
    let c = CredentialsUriProvider::new(&config(&uri))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.uri");
    assert_eq!(c.security_token(), Some("uri-token"));
    assert!(c.expiration().is_some());
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("GET", "/credentials?auth=query-secret")
    );
}

#[tokio::test]
async fn errors_name_the_uri_without_its_query() {
    let server = FakeServer::start(|r| match r.path() {
        "/down" => reply(500, r#"{"Code":"Internal","Message":"try later"}"#),
        "/partial" => reply(200, r#"{"AccessKeyId":"id","AccessKeySecret":"s"}"#),
        "/failed" => reply(200, r#"{"Code":"Failed","AccessKeyId":"id"}"#),
        _ => reply(200, "not json"),
    })
    .await;
    for (path, want) in [
        ("/down", "the credentials URI refused the request (HTTP 500, code Internal): try later"),
        ("/partial", "the credentials URI answered without usable credentials: `SecurityToken` is missing"),
        ("/failed", "the credentials URI answered without usable credentials: `Code` is \"Failed\", not \"Success\""),
        ("/text", "the credentials URI answered without usable credentials: the body is not JSON"),
    ] {
        let uri = format!("{}{path}?token=query-secret", server.url);
        let err = CredentialsUriProvider::new(&config(&uri)).provide().await.unwrap_err();
        assert_eq!(err.to_string(), want);
        assert!(!format!("{err:?}").contains("query-secret"));
    }
}

#[tokio::test]
async fn unreachable_names_the_url_and_unset_is_not_configured() {
    let url = format!("{}/creds?token=query-secret", crate::fake::closed_url());
    let err = CredentialsUriProvider::new(&config(&url))
        .provide()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::Unreachable { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("cannot reach the credentials URI at http://127.0.0.1:"),
        "{err}"
    );
    assert!(!crate::chain_texts(&err).concat().contains("query-secret"));

    let err = CredentialsUriProvider::new(&ProviderConfig::isolated())
        .provide()
        .await
        .unwrap_err();
    assert!(err.is_not_configured());
    assert_eq!(
        err.to_string(),
        "ALIBABA_CLOUD_CREDENTIALS_URI unset or empty"
    );
}
