//! A failed call's error never shows the signed request: not the secret, not the signature, not
//! the security token, not the signed URL, in `Display`, `Debug` or anywhere along `source()`.

mod common;

use common::stop;
use smc_runtime::signer::{SignError, Signer, SignerV1, SigningRequest};
use smc_runtime::{Client, Credentials, HttpRequest, SdkError};
use std::error::Error;
use std::sync::{Arc, Mutex};

const SECRET: &str = "secret-never-printed";
const TOKEN: &str = "sts-token-never-printed";

/// [`SignerV1`], keeping a copy of every URL it signs so the test knows the signature.
#[derive(Debug, Default)]
struct RecordingSigner {
    urls: Mutex<Vec<String>>,
}

impl Signer for RecordingSigner {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        let signed = SignerV1.sign(request)?;
        self.urls.lock().unwrap().push(signed.url.clone());
        Ok(signed)
    }
}

/// Every `Display` and `Debug` text of `err` and of each error along its `source()` chain.
fn all_texts(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut texts = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
        next = e.source();
    }
    texts
}

#[tokio::test]
async fn connection_refused_error_shows_no_secret_signature_or_token() {
    // Bind then drop a listener so the loopback port is (very likely) closed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let signer = Arc::new(RecordingSigner::default());
    let client = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new("AKID-leak-test", SECRET).with_security_token(TOKEN))
        .signer(signer.clone())
        .build()
        .unwrap();
    let err = client.call(&stop("j-1")).await.unwrap_err();
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");

    let url = signer
        .urls
        .lock()
        .unwrap()
        .pop()
        .expect("the call was signed");
    let signature = url
        .rsplit_once("&Signature=")
        .map(|(_, s)| s.to_owned())
        .expect("signed URL ends with the signature");
    let texts = all_texts(&err);
    assert!(texts.len() >= 4, "expected a cause chain, got {texts:?}");
    for text in &texts {
        for needle in [
            SECRET,
            TOKEN,
            &signature,
            url.as_str(),
            "Signature=",
            "SecurityToken=",
            "AccessKeyId=",
        ] {
            assert!(!text.contains(needle), "`{needle}` leaked in {text:?}");
        }
    }
}
