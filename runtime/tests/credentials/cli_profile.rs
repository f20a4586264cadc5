//! The CLI's `~/.aliyun/config.json`: each of the modes, profile selection, and every way the
//! file can be wrong.

use crate::fake::{
    assert_signed_with, closed_url, in_an_hour, reply, session_json, sts_answer, FakeServer,
    TempDir,
};
use smc_runtime::credentials::{
    CliProfileProvider, CredentialsError, ProvideCredentials, ProviderConfig,
};

/// A home directory whose `.aliyun/config.json` holds `json`.
fn home_with(json: &str) -> TempDir {
    let home = TempDir::new();
    home.write(".aliyun/config.json", json);
    home
}

fn config(home: &TempDir) -> ProviderConfig {
    ProviderConfig::isolated().with_home(home.path())
}

const PROFILES: &str = r#"{
  "current": "ak",
  "profiles": [
    {"name": "ak", "mode": "AK", "access_key_id": "cli-id", "access_key_secret": "cli-secret", "region_id": "cn-hangzhou"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": "sts-secret", "sts_token": "sts-token"},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": "src-id", "access_key_secret": "src-secret",
     "ram_role_arn": "acs:ram::1:role/ops", "ram_session_name": "ops-session", "expired_seconds": 1200,
     "policy": "{\"Version\":\"1\"}", "external_id": "ext-7"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "profile-role"},
    {"name": "mid", "mode": "ChainableRamRoleArn", "source_profile": "ak", "ram_role_arn": "acs:ram::1:role/mid"},
    {"name": "top", "mode": "ChainableRamRoleArn", "source_profile": "mid", "ram_role_arn": "acs:ram::1:role/top"},
    {"name": "sso", "mode": "CloudSSO"},
    {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "r"},
    {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "r"},
    {"name": "half", "mode": "RamRoleArn", "access_key_id": "i", "access_key_secret": "s"}
  ]
}"#;

async fn provide(
    config: &ProviderConfig,
    profile: &str,
) -> Result<smc_runtime::Credentials, CredentialsError> {
    CliProfileProvider::new(config)
        .profile(profile)
        .provide()
        .await
}

#[tokio::test]
async fn ak_mode_is_the_current_profile_unless_alibaba_cloud_profile_names_another() {
    let home = home_with(PROFILES);
    let c = CliProfileProvider::new(&config(&home))
        .provide()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret()),
        ("cli-id", "cli-secret")
    );
    assert_eq!(c.security_token(), None);

    let chosen = config(&home).with_vars([("ALIBABA_CLOUD_PROFILE", "sts")]);
    let c = CliProfileProvider::new(&chosen).provide().await.unwrap();
    assert_eq!(c.access_key_id(), "STS.cli");
}

#[tokio::test]
async fn sts_token_mode_adds_the_token() {
    let home = home_with(PROFILES);
    let c = provide(&config(&home), "sts").await.unwrap();
    assert_eq!(c.access_key_secret(), "sts-secret");
    assert_eq!(c.security_token(), Some("sts-token"));
}

#[tokio::test]
async fn ram_role_arn_mode_assumes_the_role_with_a_signed_assume_role() {
    let answer = sts_answer("STS.role", "role-secret", "role-token", &in_an_hour());
    let sts = FakeServer::start(move |_| answer.clone()).await;
    let home = home_with(PROFILES);
    let c = provide(&config(&home).with_sts_endpoint(&sts.url), "role")
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.role");
    assert_eq!(c.security_token(), Some("role-token"));
    assert!(c.expiration().is_some());

    let seen = sts.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!(r.method, "POST");
    for (name, want) in [
        ("Action", "AssumeRole"),
        ("Version", "2015-04-01"),
        ("AccessKeyId", "src-id"),
        ("RoleArn", "acs:ram::1:role/ops"),
        ("RoleSessionName", "ops-session"),
        ("DurationSeconds", "1200"),
        ("Policy", "{\"Version\":\"1\"}"),
        ("ExternalId", "ext-7"),
        ("SignatureMethod", "HMAC-SHA1"),
    ] {
        assert_eq!(r.param(name).as_deref(), Some(want), "{name}");
    }
    assert_eq!(r.param("SecurityToken"), None);
    assert_signed_with(r, "src-secret");
}

#[tokio::test]
async fn ecs_ram_role_mode_asks_the_metadata_service_for_the_named_role() {
    let body = format!(
        r#"{{"Code":"Success",{}}}"#,
        session_json("STS.ecs", "ecs-secret", "ecs-token", &in_an_hour())
    );
    let imds = FakeServer::start(move |r| match r.path() {
        "/latest/api/token" => reply(200, "imds-token"),
        _ => reply(200, body.clone()),
    })
    .await;
    let home = home_with(PROFILES);
    let c = provide(&config(&home).with_metadata_url(&imds.url), "ecs")
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ecs");
    let paths: Vec<String> = imds.seen().iter().map(|r| r.path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/latest/api/token",
            "/latest/meta-data/ram/security-credentials/profile-role"
        ]
    );
}

#[tokio::test]
async fn ecs_ram_role_mode_without_a_metadata_service_is_an_error_not_a_skip() {
    let home = home_with(PROFILES);
    let err = provide(&config(&home).with_metadata_url(closed_url()), "ecs")
        .await
        .unwrap_err();
    assert!(matches!(err, CredentialsError::Invalid { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("profile `ecs` (mode EcsRamRole) in "),
        "{text}"
    );
    assert!(
        text.contains("no metadata service answered at http://127.0.0.1:"),
        "{text}"
    );
}

#[tokio::test]
async fn chainable_ram_role_arn_signs_each_hop_with_the_previous_hops_credentials() {
    let expiration = in_an_hour();
    let sts = FakeServer::start(move |r| match r.param("RoleArn").as_deref() {
        Some("acs:ram::1:role/mid") => {
            sts_answer("STS.mid", "mid-secret", "mid-token", &expiration)
        }
        _ => sts_answer("STS.top", "top-secret", "top-token", &expiration),
    })
    .await;
    let home = home_with(PROFILES);
    let c = provide(&config(&home).with_sts_endpoint(&sts.url), "top")
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.top");

    let seen = sts.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].param("RoleArn").as_deref(),
        Some("acs:ram::1:role/mid")
    );
    assert_eq!(seen[0].param("AccessKeyId").as_deref(), Some("cli-id"));
    assert_signed_with(&seen[0], "cli-secret");
    assert_eq!(
        seen[1].param("RoleArn").as_deref(),
        Some("acs:ram::1:role/top")
    );
    assert_eq!(seen[1].param("AccessKeyId").as_deref(), Some("STS.mid"));
    assert_eq!(seen[1].param("SecurityToken").as_deref(), Some("mid-token"));
    assert_signed_with(&seen[1], "mid-secret");
}

#[tokio::test]
async fn unusable_profiles_are_errors_naming_file_and_profile() {
    let home = home_with(PROFILES);
    let file = home.path().join(".aliyun/config.json");
    let file = file.display();
    for (profile, want) in [
        (
            "sso",
            format!(
                "profile `sso` in {file} uses mode `CloudSSO`, which this client does not \
                 support (it reads AK, StsToken, RamRoleArn, EcsRamRole, OIDC, \
                 ChainableRamRoleArn); set ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true to skip the \
                 CLI configuration"
            ),
        ),
        (
            "loop-a",
            format!("{file}: the source_profile chain loop-a -> loop-b -> loop-a is a cycle"),
        ),
        (
            "half",
            format!("profile `half` (mode RamRoleArn) in {file} has no `ram_role_arn`"),
        ),
    ] {
        let err = provide(&config(&home), profile).await.unwrap_err();
        assert!(matches!(err, CredentialsError::Invalid { .. }), "{err:?}");
        assert_eq!(err.to_string(), want);
    }
}

#[tokio::test]
async fn absent_disabled_or_unknown_profile_is_not_configured() {
    let empty_home = TempDir::new();
    let err = CliProfileProvider::new(&config(&empty_home))
        .provide()
        .await
        .unwrap_err();
    assert!(err.is_not_configured(), "{err:?}");
    assert!(
        err.to_string()
            .ends_with(".aliyun/config.json does not exist"),
        "{err}"
    );

    let home = home_with(PROFILES);
    let disabled = config(&home).with_vars([("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]);
    let err = CliProfileProvider::new(&disabled)
        .provide()
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true");

    let other = config(&home).with_vars([("ALIBABA_CLOUD_PROFILE", "only-in-ini")]);
    let err = CliProfileProvider::new(&other).provide().await.unwrap_err();
    assert!(err.is_not_configured());
    assert!(
        err.to_string().ends_with("has no profile `only-in-ini`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_named_config_file_must_exist_and_a_malformed_one_names_its_line() {
    let dir = TempDir::new();
    let named = ProviderConfig::isolated().with_vars([(
        "ALIBABA_CLOUD_CONFIG_FILE",
        dir.path().join("missing.json").to_str().unwrap(),
    )]);
    let err = CliProfileProvider::new(&named).provide().await.unwrap_err();
    assert!(matches!(err, CredentialsError::Read { .. }), "{err:?}");

    let path = dir.write(
        "config.json",
        "{\n  \"current\": \"a\",\n  \"profiles\": [\n    {\"name\": \"a\",, \"access_key_secret\": \"hidden-secret\"}\n  ]\n}\n",
    );
    let named = ProviderConfig::isolated()
        .with_vars([("ALIBABA_CLOUD_CONFIG_FILE", path.to_str().unwrap())]);
    let err = CliProfileProvider::new(&named).provide().await.unwrap_err();
    let CredentialsError::Malformed { path: p, line, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((p, *line), (&path, 4));
    assert!(
        err.to_string()
            .starts_with(&format!("{}:4: invalid JSON", path.display())),
        "{err}"
    );
    assert!(!err.to_string().contains("hidden-secret"));
}

#[tokio::test]
async fn oidc_mode_exchanges_the_profiles_token_file() {
    let answer = sts_answer("STS.cli-oidc", "s", "t", &in_an_hour());
    let sts = FakeServer::start(move |_| answer.clone()).await;
    let home = TempDir::new();
    let token = home.write("token", "cli-oidc-jwt");
    home.write(
        ".aliyun/config.json",
        &format!(
            r#"{{"current":"o","profiles":[{{"name":"o","mode":"OIDC","ram_role_arn":"acs:ram::1:role/o",
            "oidc_provider_arn":"acs:ram::1:oidc-provider/p","oidc_token_file":"{}",
            "ram_session_name":"o-session","expired_seconds":900}}]}}"#,
            token.display()
        ),
    );
    let c = CliProfileProvider::new(&config(&home).with_sts_endpoint(&sts.url))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.cli-oidc");
    let r = &sts.seen()[0];
    assert_eq!(r.param("Action").as_deref(), Some("AssumeRoleWithOIDC"));
    assert_eq!(r.param("OIDCToken").as_deref(), Some("cli-oidc-jwt"));
    assert_eq!(r.param("RoleSessionName").as_deref(), Some("o-session"));
    assert_eq!(r.param("DurationSeconds").as_deref(), Some("900"));
}
