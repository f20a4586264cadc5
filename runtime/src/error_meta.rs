//! The service's own error, [`ErrorMeta`], and its decoding from error bodies: JSON
//! `{"Code","Message",...}` (either key case) or a flat XML `<Error><Code>..</Code>...</Error>`
//! document.

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

/// Flat XML error body: the children of the `<Error>` element.
fn parse_xml(status: u16, text: &str) -> Option<ErrorMeta> {
    let start = find_open_tag(text, "Error")?;
    let rest = text.get(start..)?;
    let end = rest.find("</Error>").unwrap_or(rest.len());
    let element = rest.get(..end)?;
    let code = xml_child(element, "Code").filter(|c| !c.is_empty())?;
    Some(ErrorMeta {
        code,
        message: xml_child(element, "Message").unwrap_or_default(),
        request_id: xml_child(element, "RequestId"),
        host_id: xml_child(element, "HostId"),
        recommend: xml_child(element, "Recommend"),
        http_status: status,
    })
}

/// Byte offset just past `<name>` or `<name ...>` in `text`.
fn find_open_tag(text: &str, name: &str) -> Option<usize> {
    let pattern = format!("<{name}");
    let mut from = 0;
    while let Some(pos) = text.get(from..)?.find(&pattern) {
        let after = from + pos + pattern.len();
        let rest = text.get(after..)?;
        match rest.chars().next() {
            Some('>') => return Some(after + 1),
            Some(c) if c.is_whitespace() => {
                let close = rest.find('>')?;
                return Some(after + close + 1);
            }
            _ => from = after,
        }
    }
    None
}

/// The unescaped text of the first `<name>..</name>` child inside `element`.
fn xml_child(element: &str, name: &str) -> Option<String> {
    let start = find_open_tag(element, name)?;
    let rest = element.get(start..)?;
    let end = rest.find(&format!("</{name}>"))?;
    let inner = rest.get(..end)?.trim();
    Some(
        match inner
            .strip_prefix("<![CDATA[")
            .and_then(|r| r.strip_suffix("]]>"))
        {
            Some(cdata) => cdata.to_owned(),
            None => unescape_xml(inner),
        },
    )
}

/// Replaces the five predefined XML entities and numeric character references.
fn unescape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let tail = rest.get(amp..).unwrap_or_default();
        let decoded = tail.find(';').and_then(|semi| {
            let entity = tail.get(1..semi)?;
            let ch = match entity {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = if let Some(hex) = entity.strip_prefix("#x") {
                        u32::from_str_radix(hex, 16).ok()?
                    } else {
                        entity.strip_prefix('#')?.parse::<u32>().ok()?
                    };
                    char::from_u32(code)?
                }
            };
            Some((ch, semi + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = tail.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
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
        assert_eq!(unescape_xml("a &bogus; &#xZZ; & b"), "a &bogus; &#xZZ; & b");
        assert!(parse_error_meta(502, b"<html>Bad Gateway</html>").is_none());
        assert!(parse_error_meta(502, &[0xff, 0xfe]).is_none());
        assert!(parse_error_meta(502, b"").is_none());
    }
}
