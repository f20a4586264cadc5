//! What the fetching sources (STS, metadata service, credentials URI) share: sending one
//! request with a deadline, reading a credentials JSON answer, and turning an error answer
//! into a [`CredentialsError`] that quotes no secret.

use super::config::ProviderConfig;
use super::{Credentials, CredentialsError};
use crate::error_meta::parse_error_meta;
use crate::time::parse_timestamp;
use crate::transport::{HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;

/// Which default transport a request needs when none is injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// STS or a credentials URI: the ordinary client (system proxies honoured).
    Service,
    /// The instance metadata service: no proxy, 1 s connect timeout, as the vendor's SDKs.
    Metadata,
}

/// Connect timeout towards the metadata service.
const METADATA_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// The injected transport, or a new reqwest one. A new one per request: fetches are rare (once
/// per credential lifetime) and a client kept across tokio runtimes would keep dead connections.
fn transport(
    config: &ProviderConfig,
    purpose: Purpose,
) -> Result<Arc<dyn Transport>, TransportError> {
    if let Some(t) = config.transport() {
        return Ok(t.clone());
    }
    Ok(match purpose {
        Purpose::Service => Arc::new(ReqwestTransport::new()?),
        Purpose::Metadata => {
            let client = reqwest::Client::builder()
                .no_proxy()
                .connect_timeout(METADATA_CONNECT_TIMEOUT)
                .build()
                .map_err(TransportError::other)?;
            Arc::new(ReqwestTransport::from_client(client))
        }
    })
}

/// Sends `request` within `timeout`; a transport failure or timeout is
/// [`CredentialsError::Unreachable`] naming `service` and the URL without its query.
pub(crate) async fn send(
    config: &ProviderConfig,
    purpose: Purpose,
    service: &'static str,
    request: HttpRequest,
    timeout: Duration,
) -> Result<HttpResponse, CredentialsError> {
    let url = shown_url(&request.url);
    let unreachable = |error| CredentialsError::Unreachable {
        service,
        url: url.clone(),
        error,
    };
    let transport = transport(config, purpose).map_err(unreachable)?;
    match tokio::time::timeout(timeout, transport.send(request)).await {
        Err(_) => Err(unreachable(TransportError::timeout(format!(
            "no answer within {timeout:?}"
        )))),
        Ok(result) => result.map_err(unreachable),
    }
}

/// `url` with only scheme, host, port and path: queries and user info may carry tokens.
pub(crate) fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_query(None);
            parsed.set_fragment(None);
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "(an unparsable URL)".to_owned(),
    }
}

/// The body as a JSON object; never quotes the body, which may hold credentials.
pub(crate) fn json_object(
    service: &'static str,
    body: &[u8],
) -> Result<Map<String, Value>, CredentialsError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad(service, "the body is not a JSON object")),
        Err(_) => Err(bad(service, "the body is not JSON")),
    }
}

/// A [`CredentialsError::BadResponse`].
pub(crate) fn bad(service: &'static str, reason: impl Into<String>) -> CredentialsError {
    CredentialsError::BadResponse {
        service,
        reason: reason.into(),
    }
}

/// Reads temporary credentials from the vendor's field names: `AccessKeyId`,
/// `AccessKeySecret`, `SecurityToken` (all non-empty strings) and `Expiration`
/// (`yyyy-MM-ddTHH:mm:ssZ`).
pub(crate) fn session_credentials(
    service: &'static str,
    map: &Map<String, Value>,
) -> Result<Credentials, CredentialsError> {
    let field = |name: &str| match map.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(_) => Err(bad(service, format!("`{name}` is not a non-empty string"))),
        None => Err(bad(service, format!("`{name}` is missing"))),
    };
    let id = field("AccessKeyId")?;
    let secret = field("AccessKeySecret")?;
    let token = field("SecurityToken")?;
    let expiration = field("Expiration")?;
    let expires = parse_timestamp(&expiration).ok_or_else(|| {
        bad(
            service,
            format!("`Expiration` {expiration:?} is not yyyy-MM-ddTHH:mm:ssZ"),
        )
    })?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expires))
}

/// A non-2xx answer as [`CredentialsError::Rejected`], with the code, request id and a scrubbed
/// message when the body is a service error, and nothing of the body otherwise.
pub(crate) fn rejected(
    service: &'static str,
    response: &HttpResponse,
    secrets: &[&str],
) -> CredentialsError {
    let meta = parse_error_meta(response.status, &response.body);
    CredentialsError::Rejected {
        service,
        status: response.status,
        code: meta.as_ref().map(|m| scrub(&m.code, secrets)),
        message: meta.as_ref().map(|m| scrub(&m.message, secrets)),
        request_id: meta.and_then(|m| m.request_id),
    }
}

/// Cuts `text` before an echoed string-to-sign (the gateway quotes the signed parameters,
/// security token included, after `string to sign is:`) and replaces every non-empty entry of
/// `secrets`, raw or percent-encoded once or twice, with `***`.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = match lower.find("string to sign") {
        Some(at) => format!("{} [string to sign omitted]", text[..at].trim_end()),
        None => text.to_owned(),
    };
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let once = crate::encode::percent_encode(secret);
        let twice = crate::encode::percent_encode(&once);
        for form in [twice, once, (*secret).to_owned()] {
            out = out.replace(&form, "***");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_url_drops_query_and_user_info() {
        assert_eq!(
            shown_url("http://user:pw@127.0.0.1:8080/creds?token=abc#x"),
            "http://127.0.0.1:8080/creds"
        );
        assert_eq!(shown_url("not a url"), "(an unparsable URL)");
    }

    #[test]
    fn scrub_cuts_the_string_to_sign_and_masks_secrets() {
        let text = "Specified signature is not matched with our calculation. server string to \
                    sign is:POST&%2F&AccessKeyId%3Did%26SecurityToken%3Dtok%252Bx";
        assert_eq!(
            scrub(text, &["tok+x"]),
            "Specified signature is not matched with our calculation. server [string to sign omitted]"
        );
        assert_eq!(
            scrub("a tok+x b tok%2Bx c", &["tok+x", ""]),
            "a *** b *** c"
        );
    }

    #[test]
    fn session_credentials_need_every_field() {
        let map = |json: &str| json_object("test", json.as_bytes()).unwrap();
        let good = map(
            r#"{"AccessKeyId":"id","AccessKeySecret":"sec-1","SecurityToken":"tok-1","Expiration":"2030-01-01T00:00:00Z"}"#,
        );
        let c = session_credentials("test", &good).unwrap();
        assert_eq!(c.access_key_id(), "id");
        assert_eq!(c.security_token(), Some("tok-1"));
        assert!(c.expiration().is_some());
        let missing = map(
            r#"{"AccessKeyId":"id","AccessKeySecret":"sec-1","Expiration":"2030-01-01T00:00:00Z"}"#,
        );
        let err = session_credentials("test", &missing)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "test answered without usable credentials: `SecurityToken` is missing"
        );
        let bad_time = map(
            r#"{"AccessKeyId":"id","AccessKeySecret":"sec-1","SecurityToken":"tok-1","Expiration":"soon"}"#,
        );
        let err = session_credentials("test", &bad_time)
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"soon\""), "{err}");
        assert!(!err.contains("sec-1") && !err.contains("tok-1"), "{err}");
        let err = json_object("test", b"[1]").unwrap_err().to_string();
        assert!(err.ends_with("the body is not a JSON object"), "{err}");
    }
}
