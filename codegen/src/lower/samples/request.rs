//! The sample request: its host, `Action`, `Version` and parameters, from an RPC URL
//! (`http(s)://smc.aliyuncs.com/?Action=X&JobId=...`) or an HTTP request (`GET /path HTTP/1.1`,
//! headers, body). Read by hand: the samples are not valid URLs or HTTP messages (`http(s)`,
//! spaces and line breaks in the query, `<Common request parameters>` placeholders).

use crate::dialect::CodeBlock;

/// One `name=value` of the sample request.
#[derive(Debug, Clone)]
pub(crate) struct SampleParam<'b> {
    /// Parameter name as written (`Tag.1.Key`).
    pub name: &'b str,
    /// 1-based line.
    pub line: usize,
}

/// What the sample request says, borrowed from its code block.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestSample<'b> {
    /// Host of the URL as written, e.g. `smc.aliyuncs.com`.
    pub host: Option<&'b str>,
    /// `Version=` value, if present.
    pub version: Option<&'b str>,
    /// Parameters other than `Action`, `Version` and `<Common request parameters>`.
    pub params: Vec<SampleParam<'b>>,
    /// The `Action=` value and its line.
    pub action: Option<(&'b str, usize)>,
    /// Method and path of an HTTP-style (ROA) sample, `GET /clusters/c-1/nodes HTTP/1.1`.
    pub route: Option<(&'b str, &'b str)>,
    /// The body of an HTTP-style sample (after its headers), when there is one.
    pub body: Option<&'b str>,
}

/// HTTP methods a ROA request line starts with.
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// `(method, target)` of an HTTP request line such as `GET /clusters/c-1?x=1 HTTP/1.1`. A
/// line offering several methods (`PATCH|POST /instances/[Id] HTTP/1.1`) gives them as
/// written, `PATCH|POST`.
pub(crate) fn request_line(line: &str) -> Option<(&str, &str)> {
    let mut words = line.split_whitespace();
    let methods = words.next()?;
    let target = words.next()?;
    let known = methods.split('|').all(|m| METHODS.contains(&m));
    (known && target.starts_with('/')).then_some((methods, target))
}

/// Reads an HTTP-style sample whose request line (`method target HTTP/1.1`) is line `at`
/// (0-based) of `text`, the block starting on line `first_line`: the route, the query's
/// parameters, the `Host:` header among the headers, and the body after the blank line.
fn parse_http<'b>(
    text: &'b str,
    at: usize,
    (method, target): (&'b str, &'b str),
    first_line: usize,
) -> RequestSample<'b> {
    let mut out = RequestSample::default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    out.route = Some((method, path));
    let after_line = text
        .match_indices('\n')
        .nth(at)
        .map_or(text.len(), |(i, _)| i + 1);
    let rest = text.get(after_line..).unwrap_or_default();
    // Headers run to the first blank line; what follows is the body.
    let mut start = 0;
    let mut split = None;
    for line in rest.split_inclusive('\n') {
        if line.trim().is_empty() {
            split = Some(start);
            break;
        }
        start += line.len();
    }
    let (headers, body) = match split {
        Some(i) => (rest.get(..i).unwrap_or_default(), rest.get(i..)),
        None => (rest, None),
    };
    out.body = body.map(str::trim).filter(|b| !b.is_empty());
    out.host = headers.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim())
    });
    for piece in query.split('&') {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        match name.trim() {
            "" => {}
            "Action" => out.action = Some((value, first_line + at)),
            "Version" => out.version = Some(value),
            name => out.params.push(SampleParam {
                name,
                line: first_line + at,
            }),
        }
    }
    out
}

/// Reads `http(s)://smc.aliyuncs.com/? Action=X &JobId=... &<Common request parameters>`.
pub(crate) fn parse_request(block: &CodeBlock) -> RequestSample<'_> {
    let text = block.text.as_str();
    let mut out = RequestSample::default();
    // An HTTP-style (ROA) sample: the request line, headers, maybe a JSON body.
    let first = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
    if let Some((at, (method, target))) = first.and_then(|(at, l)| request_line(l).map(|r| (at, r)))
    {
        return parse_http(text, at, (method, target), block.line);
    }
    if let Some((_, after)) = text.split_once("://") {
        let stop = |c: char| matches!(c, '/' | '?' | ':' | '&') || c.is_whitespace();
        let host = after.split(stop).next().unwrap_or_default();
        if host.contains('.') {
            out.host = Some(host);
        }
    }
    let Some(q) = text.find('?') else {
        return out;
    };
    let query = text.get(q + 1..).unwrap_or("");
    // Line where the current piece starts: counted on from piece to piece (the `&`s between
    // them hold no line break).
    let mut piece_line = block.line + newlines(text.get(..q + 1).unwrap_or(""));
    for piece in query.split('&') {
        let lead = piece.len() - piece.trim_start().len();
        let line = piece_line + newlines(piece.get(..lead).unwrap_or(""));
        piece_line += newlines(piece);
        let piece = piece.trim();
        if piece.is_empty() || piece.starts_with('<') {
            continue;
        }
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || name.contains(char::is_whitespace) {
            continue;
        }
        match name {
            "Action" => out.action = Some((value, line)),
            "Version" => out.version = Some(value),
            _ => out.params.push(SampleParam { name, line }),
        }
    }
    out
}

/// How many line breaks `text` holds.
fn newlines(text: &str) -> usize {
    text.matches('\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_http_style_request() {
        let block = CodeBlock {
            text: "GET /clusters/c-1/nodes?pageSize=10&state=all HTTP/1.1\nHost:cs.aliyuncs.com\nContent-Type:application/json\n".into(),
            line: 7,
            ..CodeBlock::default()
        };
        let r = parse_request(&block);
        assert_eq!(r.route, Some(("GET", "/clusters/c-1/nodes")));
        assert_eq!(r.host, Some("cs.aliyuncs.com"));
        let names: Vec<_> = r.params.iter().map(|p| (p.name, p.line)).collect();
        assert_eq!(names, [("pageSize", 7), ("state", 7)]);
        assert_eq!(r.body, None);
        let block = CodeBlock {
            text: "\nPOST /clusters HTTP/1.1\nHost:cs.aliyuncs.com\n\n{\"name\": \"c\"}\n".into(),
            ..CodeBlock::default()
        };
        assert_eq!(parse_request(&block).body, Some("{\"name\": \"c\"}"));
        // Only headers name the host, not a body that happens to hold a `host` key.
        let block = CodeBlock {
            text: "POST /x HTTP/1.1\n\n{\n\"host\": \"h\"\n}\n".into(),
            ..CodeBlock::default()
        };
        let r = parse_request(&block);
        assert_eq!((r.host, r.body), (None, Some("{\n\"host\": \"h\"\n}")));
        assert_eq!(request_line("http(s)://smc.aliyuncs.com/?Action=X"), None);
        assert_eq!(
            request_line("POST /clusters HTTP/1.1"),
            Some(("POST", "/clusters"))
        );
        assert_eq!(
            request_line("PATCH|POST /instances/[Id] HTTPS|HTTP"),
            Some(("PATCH|POST", "/instances/[Id]"))
        );
        assert_eq!(request_line("PATCH|FOO /x HTTP/1.1"), None);
    }

    #[test]
    fn reads_the_seed_request() {
        let block = CodeBlock {
            text: "http(s)://smc.aliyuncs.com/? Action=StopReplicationJob\n&JobId=j-1\n&<Common request parameters>\n".into(),
            line: 30,
            ..CodeBlock::default()
        };
        let s = parse_request(&block);
        assert_eq!(s.host, Some("smc.aliyuncs.com"));
        assert_eq!(s.action, Some(("StopReplicationJob", 30)));
        assert_eq!(s.params.len(), 1);
        assert_eq!(s.params[0].name, "JobId");
        assert_eq!(s.params[0].line, 31);
    }
}
