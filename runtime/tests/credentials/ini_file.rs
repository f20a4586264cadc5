//! `~/.alibabacloud/credentials.ini`: the three section types, selection, and malformed files.

use crate::fake::{
    assert_signed_with, closed_url, in_an_hour, reply, session_json, sts_answer, FakeServer,
    TempDir,
};
use smc_runtime::credentials::{
    CredentialsError, IniFileProvider, ProvideCredentials, ProviderConfig,
};

const INI: &str = "\
# Alibaba Cloud credentials
[default]
type = access_key
access_key_id = ini-id
access_key_secret = ini-secret   # a trailing comment

[project]
type: access_key
access_key_id: project-id
access_key_secret: project-secret

[ecs]
type = ecs_ram_role
role_name = ini-role

[role]
type = ram_role_arn
access_key_id = src-id
access_key_secret = src-secret
role_arn = acs:ram::1:role/ini
role_session_name = ini-session
policy = {\"Version\":\"1\"}

[half]
type = ram_role_arn
access_key_id = src-id

[rsa]
type = rsa_key_pair
";

fn home_with(ini: &str) -> TempDir {
    let home = TempDir::new();
    home.write(".alibabacloud/credentials.ini", ini);
    home
}

fn config(home: &TempDir) -> ProviderConfig {
    ProviderConfig::isolated().with_home(home.path())
}

#[tokio::test]
async fn access_key_from_default_or_the_section_alibaba_cloud_profile_names() {
    let home = home_with(INI);
    let c = IniFileProvider::new(&config(&home))
        .provide()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret()),
        ("ini-id", "ini-secret")
    );

    let chosen = config(&home).with_vars([("ALIBABA_CLOUD_PROFILE", "project")]);
    let c = IniFileProvider::new(&chosen).provide().await.unwrap();
    assert_eq!(c.access_key_id(), "project-id");
}

#[tokio::test]
async fn alibaba_cloud_credentials_file_names_another_file() {
    let dir = TempDir::new();
    let path = dir.write(
        "elsewhere.ini",
        "[default]\ntype = access_key\naccess_key_id = x\naccess_key_secret = y\n",
    );
    let named = ProviderConfig::isolated()
        .with_vars([("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())]);
    let c = IniFileProvider::new(&named).provide().await.unwrap();
    assert_eq!(c.access_key_id(), "x");

    let missing = ProviderConfig::isolated().with_vars([(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        dir.path().join("nope.ini").to_str().unwrap(),
    )]);
    let err = IniFileProvider::new(&missing).provide().await.unwrap_err();
    assert!(matches!(err, CredentialsError::Read { .. }), "{err:?}");
}

#[tokio::test]
async fn ecs_ram_role_type_asks_the_metadata_service_for_its_role() {
    let body = format!(
        r#"{{"Code":"Success",{}}}"#,
        session_json("STS.ini-ecs", "s", "t", &in_an_hour())
    );
    let imds = FakeServer::start(move |r| match r.path() {
        "/latest/api/token" => reply(200, "tok"),
        _ => reply(200, body.clone()),
    })
    .await;
    let home = home_with(INI);
    let c = IniFileProvider::new(&config(&home).with_metadata_url(&imds.url))
        .section("ecs")
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ini-ecs");
    assert_eq!(
        imds.seen().last().map(|r| r.path().to_owned()).as_deref(),
        Some("/latest/meta-data/ram/security-credentials/ini-role")
    );

    let err = IniFileProvider::new(&config(&home).with_metadata_url(closed_url()))
        .section("ecs")
        .provide()
        .await
        .unwrap_err();
    assert!(matches!(err, CredentialsError::Invalid { .. }), "{err:?}");
}

#[tokio::test]
async fn ram_role_arn_type_assumes_the_role_signed_with_the_sections_key() {
    let answer = sts_answer("STS.ini-role", "r-secret", "r-token", &in_an_hour());
    let sts = FakeServer::start(move |_| answer.clone()).await;
    let home = home_with(INI);
    let c = IniFileProvider::new(&config(&home).with_sts_endpoint(&sts.url))
        .section("role")
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ini-role");
    let seen = sts.seen();
    assert_eq!(seen.len(), 1);
    for (name, want) in [
        ("Action", "AssumeRole"),
        ("AccessKeyId", "src-id"),
        ("RoleArn", "acs:ram::1:role/ini"),
        ("RoleSessionName", "ini-session"),
        ("Policy", "{\"Version\":\"1\"}"),
        ("DurationSeconds", "3600"),
    ] {
        assert_eq!(seen[0].param(name).as_deref(), Some(want), "{name}");
    }
    assert_signed_with(&seen[0], "src-secret");
}

#[tokio::test]
async fn incomplete_or_unsupported_sections_name_file_and_line() {
    let home = home_with(INI);
    let file = home.path().join(".alibabacloud/credentials.ini");
    for (section, want) in [
        ("half", format!("{}:24: section [half] of type ram_role_arn has no `access_key_secret`", file.display())),
        ("rsa", format!("{}:29: type `rsa_key_pair` is not supported (access_key, ecs_ram_role, ram_role_arn, oidc_role_arn are)", file.display())),
    ] {
        let err = IniFileProvider::new(&config(&home)).section(section).provide().await.unwrap_err();
        assert!(matches!(err, CredentialsError::Malformed { .. }), "{err:?}");
        assert_eq!(err.to_string(), want);
    }
}

#[tokio::test]
async fn a_malformed_file_is_an_error_with_file_and_line() {
    let home = home_with("[default]\ntype = access_key\naccess_key_id = id\nleaked-secret-line\n");
    let err = IniFileProvider::new(&config(&home))
        .provide()
        .await
        .unwrap_err();
    let file = home.path().join(".alibabacloud/credentials.ini");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:4: expected `[section]`, `key = value` or a comment",
            file.display()
        )
    );
    assert!(!format!("{err:?}").contains("leaked-secret-line"));
}

#[tokio::test]
async fn absent_file_or_section_is_not_configured() {
    let err = IniFileProvider::new(&config(&TempDir::new()))
        .provide()
        .await
        .unwrap_err();
    assert!(err.is_not_configured());
    assert!(
        err.to_string()
            .ends_with(".alibabacloud/credentials.ini does not exist"),
        "{err}"
    );

    let home = home_with(INI);
    let other = config(&home).with_vars([("ALIBABA_CLOUD_PROFILE", "nowhere")]);
    let err = IniFileProvider::new(&other).provide().await.unwrap_err();
    assert!(err.is_not_configured());
    assert!(
        err.to_string().ends_with("has no section [nowhere]"),
        "{err}"
    );

    let no_home = IniFileProvider::new(&ProviderConfig::isolated())
        .provide()
        .await
        .unwrap_err();
    assert!(no_home.is_not_configured());
}

#[tokio::test]
async fn oidc_role_arn_type_exchanges_the_sections_token_file() {
    let answer = sts_answer("STS.ini-oidc", "s", "t", &in_an_hour());
    let sts = FakeServer::start(move |_| answer.clone()).await;
    let home = TempDir::new();
    let token = home.write("token", "ini-oidc-jwt\n");
    home.write(
        ".alibabacloud/credentials.ini",
        &format!(
            "[default]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/i\n\
             oidc_provider_arn = acs:ram::1:oidc-provider/p\noidc_token_file_path = {}\n",
            token.display()
        ),
    );
    let c = IniFileProvider::new(&config(&home).with_sts_endpoint(&sts.url))
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ini-oidc");
    let r = &sts.seen()[0];
    assert_eq!(r.param("OIDCToken").as_deref(), Some("ini-oidc-jwt"));
    assert_eq!(r.param("RoleArn").as_deref(), Some("acs:ram::1:role/i"));
}
