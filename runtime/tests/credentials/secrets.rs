//! No secret leaves: the access key secret, the security token and the OIDC token appear in no
//! `Display`, `Debug` or `source()` text of any credentials error, nor in the `Debug` of
//! credentials, providers, configs or clients, even when a fake service echoes them back.

use crate::fake::{in_an_hour, reply, session_json, FakeServer, TempDir};
use smc_runtime::credentials::{
    CachingProvider, CliProfileProvider, CredentialsUriProvider, DefaultCredentialsChain,
    EcsRamRoleProvider, IniFileProvider, OidcProvider, ProvideCredentials, ProviderConfig,
    RamRoleArnProvider,
};
use smc_runtime::{Client, Credentials};
use std::error::Error;
use std::sync::Arc;

const SECRET: &str = "Secret+Value/NeverShown=";
const TOKEN: &str = "CAIS+token/NeverShown==";
const JWT: &str = "eyJ.oidc-token-never-shown.sig";

/// Display and Debug of `err` and of each error along its `source()` chain.
fn texts(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        out.push(e.to_string());
        out.push(format!("{e:?}"));
        next = e.source();
    }
    out
}

fn assert_clean(what: &str, text: &str) {
    let encoded = |s: &str| {
        s.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    };
    for needle in [
        SECRET.to_owned(),
        TOKEN.to_owned(),
        JWT.to_owned(),
        encoded(SECRET),
        encoded(TOKEN),
        "NeverShown".to_owned(),
        "never-shown".to_owned(),
    ] {
        assert!(!text.contains(&needle), "{what} leaks `{needle}`: {text}");
    }
}

/// A fake service echoing back the secrets a request could have carried: STS repeats the
/// signer's secret and token (and its string-to-sign) or the OIDC token in its error message;
/// the metadata service and the URI send them in useless bodies.
async fn echoing_server() -> FakeServer {
    let enc_token = TOKEN
        .replace('+', "%252B")
        .replace('/', "%252F")
        .replace('=', "%253D");
    let sts_error = |message: String| {
        serde_json::json!({"RequestId": "r", "Code": "SignatureDoesNotMatch", "Message": message})
            .to_string()
    };
    let signed = sts_error(format!(
        "secret {SECRET} token {TOKEN}; server string to sign is:POST&%2F&\
         AccessKeyId%3Dsrc%26SecurityToken%3D{enc_token}"
    ));
    let anonymous = sts_error(format!("token {JWT} rejected"));
    let useless = format!(
        r#"{{"Code":"Failure","Note":"{SECRET} {TOKEN}",{}}}"#,
        session_json("id", SECRET, TOKEN, "not-a-time")
    );
    FakeServer::start(move |r| match r.path() {
        "/latest/api/token" => reply(200, "tok"),
        "/latest/meta-data/ram/security-credentials/" => reply(200, "role"),
        "/latest/meta-data/ram/security-credentials/role" | "/useless" => {
            reply(200, useless.clone())
        }
        "/text" => reply(500, format!("<html>{SECRET} {TOKEN}</html>")),
        _ if r.param("Action").as_deref() == Some("AssumeRoleWithOIDC") => {
            reply(400, anonymous.clone())
        }
        _ => reply(400, signed.clone()),
    })
    .await
}

#[tokio::test]
async fn no_error_text_or_debug_output_contains_a_secret() {
    let server = echoing_server().await;
    let dir = TempDir::new();
    let token_file = dir.write("jwt", JWT);
    let base = ProviderConfig::isolated()
        .with_sts_endpoint(&server.url)
        .with_metadata_url(&server.url)
        .with_vars([("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)]);
    let source = Credentials::new("src", SECRET).with_security_token(TOKEN);
    let role = RamRoleArnProvider::new(&base, Arc::new(source.clone()), "acs:ram::1:role/r");
    let oidc = OidcProvider::new(
        &base,
        "acs:ram::1:role/r",
        "acs:ram::1:oidc-provider/p",
        &token_file,
    );

    let ini = dir.write(
        "bad.ini",
        &format!("[default]\naccess_key_secret {SECRET}\n"),
    );
    let json = dir.write(
        "bad.json",
        &format!("{{\"profiles\": [{{\"access_key_secret\": \"{SECRET}\" \"x\": 1}}]}}"),
    );
    let sso = dir.write(
        "sso.json",
        &format!(r#"{{"current":"p","profiles":[{{"name":"p","mode":"CloudSSO","access_key_secret":"{SECRET}","sts_token":"{TOKEN}"}}]}}"#),
    );
    let with = |name: &str, path: &std::path::Path| {
        base.clone().with_vars([(name, path.to_str().unwrap())])
    };

    let providers: Vec<(&str, Arc<dyn ProvideCredentials>)> = vec![
        ("AssumeRole echoing", Arc::new(role.clone())),
        ("AssumeRoleWithOIDC echoing", Arc::new(oidc)),
        (
            "metadata with Code Failure",
            Arc::new(EcsRamRoleProvider::new(&base)),
        ),
        (
            "URI with unusable body",
            Arc::new(CredentialsUriProvider::new(&base).uri(format!("{}/useless", server.url))),
        ),
        (
            "URI with HTML error",
            Arc::new(
                CredentialsUriProvider::new(&base).uri(format!("{}/text?k={SECRET}", server.url)),
            ),
        ),
        (
            "malformed INI",
            Arc::new(IniFileProvider::new(&with(
                "ALIBABA_CLOUD_CREDENTIALS_FILE",
                &ini,
            ))),
        ),
        (
            "malformed JSON",
            Arc::new(CliProfileProvider::new(&with(
                "ALIBABA_CLOUD_CONFIG_FILE",
                &json,
            ))),
        ),
        (
            "unsupported mode",
            Arc::new(CliProfileProvider::new(&with(
                "ALIBABA_CLOUD_CONFIG_FILE",
                &sso,
            ))),
        ),
        (
            "chain stopping at the CLI profile",
            Arc::new(DefaultCredentialsChain::with_config(with(
                "ALIBABA_CLOUD_CONFIG_FILE",
                &json,
            ))),
        ),
    ];
    let mut checked = 0;
    for (what, provider) in &providers {
        let err = provider.provide().await.expect_err(what);
        for text in texts(&err) {
            assert_clean(what, &text);
        }
        assert_clean(what, &format!("{provider:?}"));
        checked += 1;
    }
    assert_eq!(checked, 9);

    // The STS message kept its harmless part and lost the rest.
    let err = role.provide().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "STS AssumeRole refused the request (HTTP 400, code SignatureDoesNotMatch, request id \
         r): secret *** token ***; server [string to sign omitted]"
    );
}

#[tokio::test]
async fn a_failed_call_through_the_client_shows_no_secret() {
    let server = echoing_server().await;
    let config = ProviderConfig::isolated().with_sts_endpoint(&server.url);
    let source = Credentials::new("src", SECRET).with_security_token(TOKEN);
    let role = RamRoleArnProvider::new(&config, Arc::new(source), "acs:ram::1:role/r");
    let client = Client::builder()
        .endpoint(&server.url)
        .credentials_provider(Arc::new(CachingProvider::new(Arc::new(role))))
        .build()
        .unwrap();
    let err = client.credentials().await.unwrap_err();
    for text in texts(&err) {
        assert_clean("client credentials", &text);
    }
    assert_clean("client", &format!("{client:?}"));
}

#[tokio::test]
async fn debug_of_credentials_caches_configs_and_clients_redacts() {
    let body = format!(
        "{{{}}}",
        session_json("STS.dbg", SECRET, TOKEN, &in_an_hour())
    );
    let server = FakeServer::start(move |_| reply(200, body.clone())).await;
    let config = ProviderConfig::isolated().with_vars([
        ("ALIBABA_CLOUD_CREDENTIALS_URI", server.url.as_str()),
        ("X", SECRET),
    ]);
    let cache = CachingProvider::new(Arc::new(CredentialsUriProvider::new(&config)));
    let fetched = cache.provide().await.unwrap();
    assert_eq!(fetched.access_key_secret(), SECRET);
    for (what, text) in [
        ("credentials", format!("{fetched:?}")),
        ("cache", format!("{cache:?}")),
        ("config", format!("{config:?}")),
        (
            "chain",
            format!("{:?}", DefaultCredentialsChain::with_config(config.clone())),
        ),
        (
            "client",
            format!(
                "{:?}",
                Client::builder()
                    .credentials(fetched.clone())
                    .build()
                    .unwrap()
            ),
        ),
    ] {
        assert_clean(what, &text);
    }
}
