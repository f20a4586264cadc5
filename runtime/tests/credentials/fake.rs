//! Loopback fakes: an HTTP/1.1 server answering from a closure and recording every request,
//! a temporary directory, and a URL where nothing listens.

use crate::common::server;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The decoded query parameters, in order.
    pub fn query(&self) -> Vec<(String, String)> {
        self.target
            .split_once('?')
            .map(|(_, q)| decode_pairs(q))
            .unwrap_or_default()
    }

    /// The decoded form-body parameters, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        decode_pairs(&self.body)
    }

    /// A query or form parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query()
            .into_iter()
            .chain(self.form())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// `a=1&b=2` with percent-decoding (`+` stays `+`: the signer never writes it for a space).
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// What the fake answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

/// An immediate answer.
pub fn reply(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        body: body.into(),
        delay: Duration::ZERO,
    }
}

/// A server on 127.0.0.1 answering every request with `handler`: the scripted server of the
/// runtime's other tests, seen through this module's request and reply types.
pub struct FakeServer {
    pub url: String,
    server: server::Server,
}

impl FakeServer {
    pub async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        let server = server::Server::start(move |_, received| {
            let reply = handler(&Seen::from(received));
            let mut answer = server::json_reply(reply.status, &reply.body);
            answer.delay = reply.delay;
            server::Answer::Reply(answer)
        })
        .await;
        Self {
            url: server.url.clone(),
            server,
        }
    }

    /// Every request so far, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.server.received().iter().map(Seen::from).collect()
    }
}

impl From<&server::Received> for Seen {
    fn from(r: &server::Received) -> Self {
        Seen {
            method: r.method.clone(),
            target: r.target.clone(),
            headers: r.headers.clone(),
            body: String::from_utf8_lossy(&r.body).into_owned(),
        }
    }
}

pub use server::closed_url;

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "smc-runtime-credentials-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `relative` (creating parent directories); returns the full path.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The JSON of temporary credentials as STS, the metadata service and credentials URIs send
/// them (without the surrounding object).
pub fn session_json(id: &str, secret: &str, token: &str, expiration: &str) -> String {
    format!(
        r#""AccessKeyId":"{id}","AccessKeySecret":"{secret}","SecurityToken":"{token}","Expiration":"{expiration}""#
    )
}

/// An `Expiration` one hour ahead.
pub fn in_an_hour() -> String {
    smc_runtime::time::format_timestamp(std::time::SystemTime::now() + Duration::from_secs(3600))
}

/// An `Expiration` inside the refresh window (100 s ahead).
pub fn in_100_seconds() -> String {
    smc_runtime::time::format_timestamp(std::time::SystemTime::now() + Duration::from_secs(100))
}

/// An STS answer carrying temporary credentials.
pub fn sts_answer(id: &str, secret: &str, token: &str, expiration: &str) -> Reply {
    reply(
        200,
        format!(
            r#"{{"RequestId":"req-1","AssumedRoleUser":{{}},"Credentials":{{{}}}}}"#,
            session_json(id, secret, token, expiration)
        ),
    )
}

/// Asserts `r` is a v1-signed RPC request whose `Signature` matches `secret` over the other
/// query parameters.
pub fn assert_signed_with(r: &Seen, secret: &str) {
    let query = r.query();
    let signature = r.param("Signature").expect("a Signature parameter");
    let rest: Vec<(String, String)> = query
        .into_iter()
        .filter(|(k, _)| k != "Signature")
        .collect();
    assert_eq!(
        smc_runtime::signer::v1::sign_params(&r.method, &rest, secret),
        signature,
        "signature of {}",
        r.path()
    );
}
