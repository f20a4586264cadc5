//! A tiny loopback HTTP server for the tests: answers each request by its parameters (query
//! and form body, decoded) and records them. Blocking `std::net` on its own thread, so it needs
//! no async runtime; it closes each connection after one answer, and stops by itself after
//! `max_requests` requests or when no client connects for ten seconds.

use crate::percent::decode;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The decoded parameters of one request: query and form body together.
pub type Params = BTreeMap<String, String>;

/// Every request's parameters, in the order they arrived.
pub type Log = Arc<Mutex<Vec<Params>>>;

/// Starts the server on `127.0.0.1`; returns its endpoint (`http://127.0.0.1:port`) and the
/// log. `answer` gives each request's status and JSON body.
pub fn serve(
    max_requests: usize,
    answer: impl Fn(&Params) -> (u16, String) + Send + 'static,
) -> std::io::Result<(String, Log)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    let log: Log = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        let mut served = 0;
        let mut idle_since = Instant::now();
        while served < max_requests && idle_since.elapsed() < Duration::from_secs(10) {
            match listener.accept() {
                Ok((socket, _)) => {
                    served += 1;
                    idle_since = Instant::now();
                    if let Some(params) = read_params(&socket) {
                        let (status, body) = answer(&params);
                        seen.lock().unwrap_or_else(|e| e.into_inner()).push(params);
                        respond(socket, status, &body);
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Ok((endpoint, log))
}

/// Reads one request; its query and form parameters, or `None` if it is cut short.
fn read_params(mut socket: &TcpStream) -> Option<Params> {
    socket.set_nonblocking(false).ok()?;
    socket.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = socket.read(&mut chunk).ok().filter(|n| *n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).ok().filter(|n| *n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    }
    let target = head.split(' ').nth(1).unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
    Some(
        query
            .split('&')
            .chain(body.split('&'))
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect(),
    )
}

fn respond(mut socket: TcpStream, status: u16, body: &str) {
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The client may have given up; nothing to do about a failed write.
    let _ = socket
        .write_all(head.as_bytes())
        .and_then(|()| socket.write_all(body.as_bytes()));
}
