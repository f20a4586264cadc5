//! OIDC/RRSA: the token file is exchanged with an anonymous `AssumeRoleWithOIDC` on the
//! configured STS endpoint.

use crate::fake::{in_an_hour, reply, sts_answer, FakeServer, TempDir};
use smc_runtime::credentials::{
    CredentialsError, OidcProvider, ProvideCredentials, ProviderConfig,
};

const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.payload-oidc-token.sig";

fn config(dir: &TempDir, sts: &FakeServer) -> ProviderConfig {
    let token_file = dir.write("token", &format!("{JWT}\n"));
    ProviderConfig::isolated()
        .with_vars([
            ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::123:role/pod"),
            (
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                "acs:ram::123:oidc-provider/ack",
            ),
            (
                "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
                token_file.to_str().unwrap(),
            ),
            ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-session"),
        ])
        .with_sts_endpoint(&sts.url)
}

#[tokio::test]
async fn exchanges_the_token_file_anonymously_with_the_token_in_the_body() {
    let expiration = in_an_hour();
    let answer = sts_answer("STS.oidc", "oidc-secret", "oidc-sts-token", &expiration);
    let sts = FakeServer::start(move |_| answer.clone()).await;
    let dir = TempDir::new();
    let c = OidcProvider::from_env(&config(&dir, &sts))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.oidc");
    assert_eq!(c.access_key_secret(), "oidc-secret");
    assert_eq!(c.security_token(), Some("oidc-sts-token"));
    assert_eq!(
        c.expiration(),
        smc_runtime::time::parse_timestamp(&expiration)
    );

    let seen = sts.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!((r.method.as_str(), r.path()), ("POST", "/"));
    let query = r.query();
    let names: Vec<&str> = query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["Action", "Format", "Version", "Timestamp"]);
    assert_eq!(r.param("Action").as_deref(), Some("AssumeRoleWithOIDC"));
    assert_eq!(r.param("Version").as_deref(), Some("2015-04-01"));
    assert!(!r.target.contains("payload-oidc-token"), "token in the URL");
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = r.form();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("OIDCToken"), Some(JWT));
    assert_eq!(get("RoleArn"), Some("acs:ram::123:role/pod"));
    assert_eq!(
        get("OIDCProviderArn"),
        Some("acs:ram::123:oidc-provider/ack")
    );
    assert_eq!(get("RoleSessionName"), Some("pod-session"));
    assert_eq!(get("DurationSeconds"), Some("3600"));
    assert_eq!(r.param("Signature"), None);
    assert_eq!(r.param("AccessKeyId"), None);
}

#[tokio::test]
async fn a_refusal_carries_code_and_request_id_but_not_the_token() {
    let body = format!(
        r#"{{"RequestId":"req-9","Code":"AuthenticationFail.OIDCToken.Invalid","Message":"token {JWT} is invalid"}}"#
    );
    let sts = FakeServer::start(move |_| reply(400, body.clone())).await;
    let dir = TempDir::new();
    let err = OidcProvider::from_env(&config(&dir, &sts))
        .provide()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::Rejected { status: 400, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert_eq!(
        text,
        "STS AssumeRoleWithOIDC refused the request (HTTP 400, code \
         AuthenticationFail.OIDCToken.Invalid, request id req-9): token *** is invalid"
    );
    assert!(!format!("{err:?}").contains("payload-oidc-token"));
}
