//! The ECS RAM role over a fake metadata service: IMDSv2 token first, v1 fallback, and the
//! fallback's refusal when `ALIBABA_CLOUD_IMDSV1_DISABLED=true`.

use crate::fake::{closed_url, in_an_hour, reply, session_json, FakeServer, Reply, Seen};
use smc_runtime::credentials::{
    CredentialsError, EcsRamRoleProvider, ProvideCredentials, ProviderConfig,
};

const ROLES: &str = "/latest/meta-data/ram/security-credentials/";

/// A metadata service; `v2` decides whether it hands out tokens (else 403 to the PUT).
async fn imds(v2: bool, code: &'static str) -> FakeServer {
    let body = format!(
        r#"{{"Code":"{code}","LastUpdated":"2024-01-01T00:00:00Z",{}}}"#,
        session_json("STS.ecs", "ecs-secret", "ecs-token", &in_an_hour())
    );
    FakeServer::start(move |r: &Seen| -> Reply {
        match (r.method.as_str(), r.path()) {
            ("PUT", "/latest/api/token") if v2 => reply(200, "v2-session-token"),
            ("PUT", "/latest/api/token") => reply(403, "forbidden"),
            ("GET", ROLES) => reply(200, "instance-role\n"),
            ("GET", "/latest/meta-data/ram/security-credentials/instance-role") => {
                reply(200, body.clone())
            }
            _ => reply(404, "not found"),
        }
    })
    .await
}

fn config(server: &FakeServer) -> ProviderConfig {
    ProviderConfig::isolated().with_metadata_url(&server.url)
}

#[tokio::test]
async fn imdsv2_puts_for_a_token_with_the_ttl_header_then_reads_role_and_credentials_with_it() {
    let server = imds(true, "Success").await;
    let c = EcsRamRoleProvider::new(&config(&server))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ecs");
    assert_eq!(c.access_key_secret(), "ecs-secret");
    assert_eq!(c.security_token(), Some("ecs-token"));
    assert!(c.expiration().is_some());

    let seen = server.seen();
    let steps: Vec<(&str, &str)> = seen.iter().map(|r| (r.method.as_str(), r.path())).collect();
    assert_eq!(
        steps,
        [
            ("PUT", "/latest/api/token"),
            ("GET", ROLES),
            (
                "GET",
                "/latest/meta-data/ram/security-credentials/instance-role"
            ),
        ]
    );
    assert_eq!(
        seen[0].header("X-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for read in &seen[1..] {
        assert_eq!(
            read.header("x-aliyun-ecs-metadata-token"),
            Some("v2-session-token")
        );
    }
}

#[tokio::test]
async fn a_refused_token_falls_back_to_imdsv1_reads_without_it() {
    let server = imds(false, "Success").await;
    let c = EcsRamRoleProvider::new(&config(&server))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ecs");
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen[1..]
        .iter()
        .all(|r| r.header("x-aliyun-ecs-metadata-token").is_none()));
}

#[tokio::test]
async fn imdsv1_disabled_refuses_the_fallback() {
    let server = imds(false, "Success").await;
    let cfg = config(&server).with_vars([("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]);
    let err = EcsRamRoleProvider::new(&cfg).provide().await.unwrap_err();
    assert!(
        matches!(err, CredentialsError::Rejected { status: 403, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the ECS metadata service (IMDSv2 token) refused the request (HTTP 403): no IMDSv2 \
         token, and ALIBABA_CLOUD_IMDSV1_DISABLED=true forbids IMDSv1"
    );
    assert_eq!(server.seen().len(), 1, "no v1 read after the refused token");
}

#[tokio::test]
async fn a_named_role_skips_the_listing() {
    let server = imds(true, "Success").await;
    let cfg = config(&server).with_vars([("ALIBABA_CLOUD_ECS_METADATA", "instance-role")]);
    EcsRamRoleProvider::new(&cfg).provide().await.unwrap();
    assert!(server.seen().iter().all(|r| r.path() != ROLES));
}

#[tokio::test]
async fn a_code_other_than_success_is_a_bad_response() {
    let server = imds(true, "Failure").await;
    let err = EcsRamRoleProvider::new(&config(&server))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the ECS metadata service (role credentials) answered without usable credentials: \
         `Code` is \"Failure\", not \"Success\""
    );
}

#[tokio::test]
async fn no_service_no_role_or_disabled_is_not_configured() {
    let err = EcsRamRoleProvider::new(&ProviderConfig::isolated().with_metadata_url(closed_url()))
        .provide()
        .await
        .unwrap_err();
    assert!(err.is_not_configured(), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("no metadata service answered at http://127.0.0.1:"),
        "{err}"
    );

    let no_role = FakeServer::start(|r: &Seen| match r.method.as_str() {
        "PUT" => reply(200, "tok"),
        _ => reply(404, ""),
    })
    .await;
    let err = EcsRamRoleProvider::new(&config(&no_role))
        .provide()
        .await
        .unwrap_err();
    assert!(err.is_not_configured());
    assert_eq!(
        err.to_string(),
        "no RAM role is attached to this ECS instance"
    );

    let server = imds(true, "Success").await;
    let off = config(&server).with_vars([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "TRUE")]);
    let err = EcsRamRoleProvider::new(&off).provide().await.unwrap_err();
    assert!(err.is_not_configured());
    assert!(server.seen().is_empty());
}
