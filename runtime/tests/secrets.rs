//! Secrets stay out of what gets printed: a failed call's error never shows the signed request
//! (not the secret, the signature, the security token or the signed URL) in `Display`, `Debug`
//! or anywhere along `source()`; and `Debug` of a signed `HttpRequest` or of a
//! `SigningRequest` shows neither the secret, the token nor the signature. For v1 and v3.

mod common;

use common::stop;
use smc_runtime::signer::{SignError, SignatureVersion, Signer, SigningRequest};
use smc_runtime::{Client, Credentials, HttpMethod, HttpRequest, SdkError};
use std::error::Error;
use std::sync::{Arc, Mutex};

const SECRET: &str = "secret-never-printed";
const TOKEN: &str = "sts-token-never-printed";

/// A built-in signer, keeping a copy of every request it signs so the test knows the
/// signature.
#[derive(Debug)]
struct RecordingSigner {
    inner: Arc<dyn Signer>,
    signed: Mutex<Vec<HttpRequest>>,
}

impl RecordingSigner {
    fn new(version: SignatureVersion) -> Self {
        Self {
            inner: version.signer(),
            signed: Mutex::new(Vec::new()),
        }
    }
}

impl Signer for RecordingSigner {
    fn sign(&self, request: SigningRequest<'_>) -> Result<HttpRequest, SignError> {
        let signed = self.inner.sign(request)?;
        self.signed.lock().unwrap().push(signed.clone());
        Ok(signed)
    }
}

/// The signature a signed request carries: v1's `Signature` query value (as encoded in the
/// URL), or v3's hex signature in `Authorization`.
fn signature_of(request: &HttpRequest) -> String {
    if let Some((_, sig)) = request.url.rsplit_once("&Signature=") {
        return sig.to_owned();
    }
    request
        .headers
        .iter()
        .find(|(k, _)| k == "Authorization")
        .and_then(|(_, v)| v.rsplit_once(",Signature="))
        .map(|(_, sig)| sig.to_owned())
        .expect("a v1 or v3 signature")
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

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
    for version in VERSIONS {
        let signer = Arc::new(RecordingSigner::new(version));
        let client = Client::builder()
            .endpoint(format!("http://127.0.0.1:{port}"))
            .credentials(Credentials::new("AKID-leak-test", SECRET).with_security_token(TOKEN))
            .signer(signer.clone())
            .build()
            .unwrap();
        let err = client.call(&stop("j-1")).await.unwrap_err();
        assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");

        let request = signer
            .signed
            .lock()
            .unwrap()
            .pop()
            .expect("the call was signed");
        let signature = signature_of(&request);
        let texts = all_texts(&err);
        assert!(texts.len() >= 4, "expected a cause chain, got {texts:?}");
        for text in &texts {
            for needle in [
                SECRET,
                TOKEN,
                &signature,
                request.url.as_str(),
                "Signature=",
                "SecurityToken=",
                "AccessKeyId=",
                "ACS3-HMAC-SHA256",
            ] {
                assert!(
                    !text.contains(needle),
                    "{version:?}: `{needle}` leaked in {text:?}"
                );
            }
        }
    }
}

#[test]
fn debug_of_signing_and_signed_requests_redacts_secret_token_and_signature() {
    let creds = Credentials::new("AKID-debug", SECRET).with_security_token(TOKEN);
    for version in VERSIONS {
        for method in [HttpMethod::Get, HttpMethod::Post] {
            let request = SigningRequest {
                method,
                endpoint: "https://smc.aliyuncs.com",
                action: "StopReplicationJob",
                version: "2019-06-01",
                query: vec![("JobId".into(), "j-visible".into())],
                form: vec![("Tag.1".into(), "form-visible".into())],
                timestamp: "2016-02-23T12:46:24Z",
                nonce: "nonce-visible",
                credentials: &creds,
                headers: Vec::new(),
            };
            let before = format!("{request:?}");
            let signed = version.signer().sign(request).unwrap();
            let signature = signature_of(&signed);
            let after = format!("{signed:?}");
            for text in [&before, &after] {
                for needle in [SECRET, TOKEN, signature.as_str()] {
                    assert!(
                        !text.contains(needle),
                        "{version:?} {method}: `{needle}` in {text}"
                    );
                }
                // What helps debugging stays.
                for visible in ["AKID-debug", "j-visible", "form-visible", "nonce-visible"] {
                    assert!(
                        text.contains(visible),
                        "{version:?} {method}: {visible} in {text}"
                    );
                }
            }
            assert!(after.contains("** redacted **"), "{after}");
            // The request itself still carries them: only `Debug` hides them.
            let raw = format!("{} {:?}", signed.url, signed.headers);
            assert!(raw.contains(TOKEN) && raw.contains(&signature), "{raw}");
        }
    }
}
