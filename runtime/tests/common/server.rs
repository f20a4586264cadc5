//! A loopback HTTP/1.1 server that fails on purpose: it answers the n-th request from a script
//! (a reply, optionally slow, chunked or with a lying `Content-Length`; silence; or a closed
//! connection) and records what it received. Plus a listener whose accept queue is full, so
//! connecting to it hangs.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The raw value of query parameter `name` (still percent-encoded).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        let (_, query) = self.target.split_once('?')?;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The signature nonce, v1 (`SignatureNonce`) or v3 (`x-acs-signature-nonce`).
    pub fn nonce(&self) -> Option<String> {
        self.query_param("SignatureNonce")
            .or_else(|| self.header("x-acs-signature-nonce"))
            .map(str::to_owned)
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Answers (after `delay`).
    Reply(Reply),
    /// Reads the request and never answers.
    Silence,
    /// Reads the request and closes the connection without answering.
    Close,
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    /// Send the body in chunks of this size (`Transfer-Encoding: chunked`).
    pub chunked: Option<usize>,
    /// Declare this `Content-Length`, send the body, then keep the connection open.
    pub declared_length: Option<usize>,
}

/// A JSON reply.
pub fn json_reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
        delay: Duration::ZERO,
        chunked: None,
        declared_length: None,
    }
}

/// A JSON answer.
pub fn json(status: u16, body: &str) -> Answer {
    Answer::Reply(json_reply(status, body))
}

/// A JSON answer with extra headers.
pub fn json_with(status: u16, body: &str, headers: &[(&str, &str)]) -> Answer {
    let mut reply = json_reply(status, body);
    reply
        .headers
        .extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Answer::Reply(reply)
}

type Script = dyn Fn(usize, &Received) -> Answer + Send + Sync;

/// The server; it runs until the test's runtime ends.
pub struct Server {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    /// Starts a server on 127.0.0.1 answering request `n` (0-based, in arrival order) with
    /// `script(n, request)`.
    pub async fn start(
        script: impl Fn(usize, &Received) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let record = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (record, script) = (record.clone(), script.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &record, &*script).await;
                });
            }
        });
        Self { url, received }
    }

    /// Every request so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Reads one request, records it, answers as scripted and closes.
async fn serve(
    mut stream: TcpStream,
    record: &Mutex<Vec<Received>>,
    script: &Script,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let request = Received {
        method,
        target,
        headers,
        body: buf[head_end..].to_vec(),
    };
    let answer = {
        let mut all = record.lock().unwrap();
        let answer = script(all.len(), &request);
        all.push(request);
        answer
    };
    let reply = match answer {
        Answer::Reply(reply) => reply,
        Answer::Silence => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return Ok(());
        }
        Answer::Close => return stream.shutdown().await,
    };
    tokio::time::sleep(reply.delay).await;
    let mut head = format!(
        "HTTP/1.1 {} Scripted\r\nConnection: close\r\n",
        reply.status
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match (reply.chunked, reply.declared_length) {
        (Some(_), _) => head.push_str("Transfer-Encoding: chunked\r\n\r\n"),
        (None, Some(n)) => head.push_str(&format!("Content-Length: {n}\r\n\r\n")),
        (None, None) => head.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len())),
    }
    stream.write_all(head.as_bytes()).await?;
    match (reply.chunked, reply.declared_length) {
        (Some(size), _) => {
            for piece in reply.body.chunks(size.max(1)) {
                stream
                    .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                    .await?;
                stream.write_all(piece).await?;
                stream.write_all(b"\r\n").await?;
                stream.flush().await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        (None, Some(_)) => {
            stream.write_all(&reply.body).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        (None, None) => stream.write_all(&reply.body).await?,
    }
    stream.shutdown().await
}

/// A loopback URL where (very likely) nothing listens: bound, then released.
pub fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

/// A listener that never accepts, with its accept queue filled: on Linux a further SYN is
/// dropped, so connecting to it hangs until the client's connect timeout. Keep the returned
/// value alive while connecting.
pub struct FullBacklog {
    pub url: String,
    _listener: TcpListener,
    _queued: Vec<TcpStream>,
}

impl FullBacklog {
    pub async fn start() -> Self {
        let socket = TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(0).unwrap();
        let addr = listener.local_addr().unwrap();
        let mut queued = Vec::new();
        // Connect until a connection no longer completes quickly: the queue is then full.
        for _ in 0..16 {
            match tokio::time::timeout(Duration::from_millis(200), TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => queued.push(stream),
                _ => break,
            }
        }
        Self {
            url: format!("http://{addr}"),
            _listener: listener,
            _queued: queued,
        }
    }
}
