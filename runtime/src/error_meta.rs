//! The service's own error, [`ErrorMeta`], and its decoding from error bodies: JSON
//! `{"Code","Message",...}` (either key case) or a flat XML `<Error><Code>..</Code>...</Error>`
//! document.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

/// A service error as the server sent it (JSON `{"RequestId","HostId","Code","Message","Recommend"}`
/// or XML `<Error>`). Errors are classified by `code`, never by status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ErrorMeta {
    /// The error code, e.g. `ReplicationJob.InvalidStatus`.
    pub code: String,
    /// The human-readable message (empty if the server sent none).
    pub message: String,
    /// The request id, to quote to support.
    pub request_id: Option<String>,
    /// The host that answered, e.g. `smc.aliyuncs.com`.
    pub host_id: Option<String>,
    /// The gateway's troubleshooting hint (usually a URL).
    pub recommend: Option<String>,
    /// The HTTP status the error came with (informational only).
    pub http_status: u16,
}

/// Parses an error body; `None` if it is neither a JSON object with a code nor an XML `<Error>`.
pub(crate) fn parse_error_meta(status: u16, body: &[u8]) -> Option<ErrorMeta> {
    let text = std::str::from_utf8(body).ok()?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('{') {
        parse_json(status, trimmed)
    } else if trimmed.starts_with('<') {
        parse_xml(status, trimmed)
    } else {
        None
    }
}

/// JSON error body: `Code`/`code` is required, the rest optional.
fn parse_json(status: u16, text: &str) -> Option<ErrorMeta> {
    let Value::Object(map) = serde_json::from_str::<Value>(text).ok()? else {
        return None;
    };
    let code = json_field(&map, &["Code", "code"]).filter(|c| !c.is_empty())?;
    Some(ErrorMeta {
        code,
        message: json_field(&map, &["Message", "message"]).unwrap_or_default(),
        request_id: json_field(&map, &["RequestId", "requestId"]),
        host_id: json_field(&map, &["HostId", "hostId"]),
        recommend: json_field(&map, &["Recommend", "recommend"]),
        http_status: status,
    })
}

/// The first of `keys` present as a string or number, as text.
fn json_field(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Flat XML error body: the text of the `<Error>` element's child elements. Lenient, as an
/// error body is read to report a failure: malformed XML ends the scan and whatever children
/// were complete by then count, and text with an unknown entity is kept as written.
fn parse_xml(status: u16, text: &str) -> Option<ErrorMeta> {
    let mut reader = Reader::from_str(text);
    let mut children: Vec<(String, String)> = Vec::new();
    // Depth inside `<Error>` (0 = not inside yet; 2 = inside one of its children).
    let mut depth = 0usize;
    let mut child: Option<(String, String)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if depth == 0 => {
                if e.local_name().as_ref() == b"Error" {
                    depth = 1;
                }
            }
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth == 2 {
                    child = Some((name_of(e.local_name().as_ref()), String::new()));
                }
            }
            Ok(Event::Empty(e)) if depth == 1 => {
                children.push((name_of(e.local_name().as_ref()), String::new()));
            }
            Ok(Event::End(_)) if depth > 0 => {
                if depth == 2 {
                    children.extend(child.take());
                }
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Ok(Event::Text(t)) if depth == 2 => {
                if let Some((_, value)) = child.as_mut() {
                    match t.unescape() {
                        Ok(unescaped) => value.push_str(&unescaped),
                        Err(_) => value.push_str(&String::from_utf8_lossy(&t)),
                    }
                }
            }
            Ok(Event::CData(c)) if depth == 2 => {
                if let Some((_, value)) = child.as_mut() {
                    value.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let field = |name: &str| {
        children
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
    };
    let code = field("Code").filter(|c| !c.is_empty())?;
    Some(ErrorMeta {
        code,
        message: field("Message").unwrap_or_default(),
        request_id: field("RequestId"),
        host_id: field("HostId"),
        recommend: field("Recommend"),
        http_status: status,
    })
}

/// An element's local name as text.
fn name_of(local_name: &[u8]) -> String {
    String::from_utf8_lossy(local_name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_body() {
        let body = br#"{"RequestId":"R1","HostId":"smc.aliyuncs.com","Code":"ReplicationJob.InvalidStatus","Message":"The specified replication job status is invalid.","Recommend":"https://x"}"#;
        let m = parse_error_meta(400, body).unwrap();
        assert_eq!(m.code, "ReplicationJob.InvalidStatus");
        assert_eq!(
            m.message,
            "The specified replication job status is invalid."
        );
        assert_eq!(m.request_id.as_deref(), Some("R1"));
        assert_eq!(m.host_id.as_deref(), Some("smc.aliyuncs.com"));
        assert_eq!(m.recommend.as_deref(), Some("https://x"));
        assert_eq!(m.http_status, 400);
    }

    #[test]
    fn json_lowercase_keys_and_missing_message() {
        let m = parse_error_meta(500, br#"{"code":"InternalError","requestId":"r"}"#).unwrap();
        assert_eq!(m.code, "InternalError");
        assert_eq!(m.message, "");
        assert_eq!(m.request_id.as_deref(), Some("r"));
        assert!(parse_error_meta(500, br#"{"Message":"no code"}"#).is_none());
        assert!(parse_error_meta(500, br#"[1,2]"#).is_none());
        assert!(parse_error_meta(500, b"{not json").is_none());
    }

    #[test]
    fn xml_error_body() {
        let body = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <RequestId>R2</RequestId>\n  <HostId>smc.aliyuncs.com</HostId>\n  <Code>Throttling.User</Code>\n  <Message>Request was denied &amp; &lt;throttled&gt; &#233;</Message>\n</Error>";
        let m = parse_error_meta(400, body).unwrap();
        assert_eq!(m.code, "Throttling.User");
        assert_eq!(m.message, "Request was denied & <throttled> é");
        assert_eq!(m.request_id.as_deref(), Some("R2"));
        assert_eq!(m.host_id.as_deref(), Some("smc.aliyuncs.com"));
        assert_eq!(m.recommend, None);
    }

    #[test]
    fn xml_edge_cases() {
        let m = parse_error_meta(
            400,
            b"<Error xmlns=\"x\"><Code><![CDATA[A&B]]></Code></Error>",
        )
        .unwrap();
        assert_eq!(m.code, "A&B");
        assert!(parse_error_meta(400, b"<ErrorList><Code>X</Code></ErrorList>").is_none());
        assert!(parse_error_meta(400, b"<Error><Code>unterminated").is_none());
        let m = parse_error_meta(
            400,
            b"<Error><Code>C</Code><Message>a &bogus; b</Message><Recommend/></Error>",
        )
        .unwrap();
        assert_eq!(m.message, "a &bogus; b");
        assert_eq!(m.recommend.as_deref(), Some(""));
        let m = parse_error_meta(
            400,
            b"<Response><Error><Detail><Code>inner</Code></Detail><Code>outer</Code></Error></Response>",
        )
        .unwrap();
        assert_eq!(m.code, "outer");
        let m = parse_error_meta(400, b"<Error><Code>C</Code><Message>m</Msg></Error>").unwrap();
        assert_eq!((m.code.as_str(), m.message.as_str()), ("C", ""));
        assert!(parse_error_meta(502, b"<html>Bad Gateway</html>").is_none());
        assert!(parse_error_meta(502, &[0xff, 0xfe]).is_none());
        assert!(parse_error_meta(502, b"").is_none());
    }
}
