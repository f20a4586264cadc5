//! Finding a response's request id without decoding it: the `x-acs-request-id` header, or the
//! first `RequestId` (or `requestId`) in a JSON or XML body, even a truncated or malformed one.

use crate::transport::{HttpResponse, REQUEST_ID_HEADER};

/// Longest request id kept; real ones are 36-character UUIDs.
const MAX_LEN: usize = 128;

/// The response's request id: the `x-acs-request-id` header, else one found in the body.
pub(crate) fn of_response(response: &HttpResponse) -> Option<String> {
    response
        .header(REQUEST_ID_HEADER)
        .filter(|id| plausible(id.as_bytes()))
        .map(str::to_owned)
        .or_else(|| in_body(&response.body))
}

/// The value of the first `"RequestId": "…"` (JSON) or `<RequestId>…</RequestId>` (XML) in
/// `body`, either key case, if it looks like an id (printable ASCII without quotes or markup,
/// at most 128 bytes).
pub(crate) fn in_body(body: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find_key(&body[from..]) {
        let start = from + at;
        let after = start + b"RequestId".len();
        let found = match start.checked_sub(1).map(|i| body[i]) {
            Some(b'"') if body.get(after) == Some(&b'"') => json_value(&body[after + 1..]),
            Some(b'<') if body.get(after) == Some(&b'>') => xml_value(&body[after + 1..]),
            _ => None,
        };
        if let Some(id) = found {
            return Some(id);
        }
        from = after;
    }
    None
}

/// Offset of the next `RequestId` or `requestId`.
fn find_key(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(9)
        .position(|w| (w[0] == b'R' || w[0] == b'r') && &w[1..] == b"equestId")
}

/// The string after `: "` in `rest` (what follows the closing quote of the key).
fn json_value(rest: &[u8]) -> Option<String> {
    let rest = skip_ws(rest).strip_prefix(b":")?;
    let rest = skip_ws(rest).strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    accept(&rest[..end])
}

/// The text up to the next `<` in `rest` (what follows `<RequestId>`), trimmed.
fn xml_value(rest: &[u8]) -> Option<String> {
    let end = rest.iter().position(|&b| b == b'<')?;
    accept(rest[..end].trim_ascii())
}

fn skip_ws(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii_start()
}

fn accept(value: &[u8]) -> Option<String> {
    plausible(value).then(|| String::from_utf8_lossy(value).into_owned())
}

/// Non-empty, at most [`MAX_LEN`] bytes of printable ASCII other than quotes, `\`, `<`, `>`.
fn plausible(value: &[u8]) -> bool {
    !value.is_empty()
        && value.len() <= MAX_LEN
        && value
            .iter()
            .all(|&b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'\\' | b'<' | b'>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_id_in_json_and_xml_bodies() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (br#"{"RequestId":"473469C7-AA6F"}"#, Some("473469C7-AA6F")),
            (
                br#"{"Code":"X", "requestId" : "r-1", "RequestId":"r-2"}"#,
                Some("r-1"),
            ),
            (br#"{"RequestId":"cut-off"#, None),
            (
                br#"{"Message":"the RequestId is unknown","RequestId":"R9"}"#,
                Some("R9"),
            ),
            (b"<Error><RequestId> X1 </RequestId></Error>", Some("X1")),
            (b"<html>RequestId: none</html>", None),
            (br#"{"RequestId":"has space"}"#, None),
            (br#"{"RequestId":""}"#, None),
            (br#"{"RequestId":1234}"#, None),
            (b"", None),
            (&[0xff, 0xfe, b'R'], None),
        ];
        for (body, want) in cases {
            assert_eq!(
                in_body(body).as_deref(),
                *want,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let long = format!(r#"{{"RequestId":"{}"}}"#, "a".repeat(MAX_LEN + 1));
        assert_eq!(in_body(long.as_bytes()), None);
    }

    #[test]
    fn the_header_wins_over_the_body() {
        let mut response = HttpResponse {
            status: 500,
            headers: vec![("X-Acs-Request-Id".into(), "from-header".into())],
            body: br#"{"RequestId":"from-body"}"#.to_vec(),
        };
        assert_eq!(of_response(&response).as_deref(), Some("from-header"));
        response.headers.clear();
        assert_eq!(of_response(&response).as_deref(), Some("from-body"));
    }
}
