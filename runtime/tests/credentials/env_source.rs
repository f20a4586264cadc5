//! The environment source reads the three variables of its config, never the process's.

use smc_runtime::credentials::{EnvironmentProvider, ProvideCredentials, ProviderConfig};

#[tokio::test]
async fn access_key_and_token_come_from_the_configured_variables() {
    let config = ProviderConfig::isolated().with_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token"),
    ]);
    let c = EnvironmentProvider::new(&config).provide().await.unwrap();
    assert_eq!(c.access_key_id(), "env-id");
    assert_eq!(c.access_key_secret(), "env-secret");
    assert_eq!(c.security_token(), Some("env-token"));
    assert_eq!(c.expiration(), None);
}

#[tokio::test]
async fn without_them_the_source_is_not_configured() {
    let err = EnvironmentProvider::new(&ProviderConfig::isolated())
        .provide()
        .await
        .unwrap_err();
    assert!(err.is_not_configured());
    assert_eq!(
        err.to_string(),
        "ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET unset or empty"
    );
}
