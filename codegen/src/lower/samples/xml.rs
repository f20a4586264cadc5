//! The page's XML success sample read into the JSON shape the response builder learns from,
//! for pages whose JSON sample is missing or unusable.
//!
//! The mapping is [`smc_xml`]'s, shared with the runtime's decoding of XML responses, read
//! here for type inference:
//! - an empty element, or one holding only whitespace, becomes `null` ("cannot tell"), not
//!   `""`, so that it never decides between a scalar and a struct or list against the table;
//! - text beside child elements is ignored, and text whose escapes do not decode (`&nbsp;`) is
//!   kept as written: samples are written by hand, and their shape is what counts;
//! - leaves stay text, never guessed into a number or flag (an undocumented field is safest as
//!   a string, and a documented one is checked against its type by the builder).
//!
//! What is this module's own: the `HTTP/1.1 200 OK` head some pages show before the markup,
//! a root holding only text read as no fields, and errors placed on a line of the sample.

use serde_json::{Map, Value};
use smc_xml::{BadEscape, EmptyLeaf, MixedContent, Options};

/// Elements may nest at most this deep (the root element, which is dropped, and
/// [`crate::depth::MAX_DEPTH`] levels inside it), so that a hostile page cannot exhaust the
/// stack of the recursive code (the builder, `Drop`) that later walks the value.
const MAX_DEPTH: usize = crate::depth::MAX_DEPTH + 1;

/// How a sample is read: leniently, an empty element being `null`.
const SAMPLE: Options = Options {
    empty_leaf: EmptyLeaf::Null,
    mixed_content: MixedContent::Ignore,
    bad_escape: BadEscape::Verbatim,
    max_depth: MAX_DEPTH,
};

/// Why an XML sample could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlSampleError {
    /// 0-based line of the problem inside the sample's text (add the code block's line).
    pub line: usize,
    /// Byte offset of the problem in the sample's text.
    pub offset: usize,
    /// What is wrong, for the diagnostic.
    pub message: String,
    /// Whether the sample nests deeper than [`MAX_DEPTH`] (a `too-deep` error of the page
    /// rather than a malformed sample).
    pub too_deep: bool,
}

/// Reads an XML sample (a code block's text, possibly after an `HTTP/1.1 200 OK` head) into
/// the object of its root element's children. Never panics; a document that is not
/// well-formed is an [`XmlSampleError`] naming the line inside `text`.
pub(crate) fn read(text: &str) -> Result<Map<String, Value>, XmlSampleError> {
    let start = body_start(text);
    let body = text.get(start..).unwrap_or_default();
    match smc_xml::to_json(body, SAMPLE) {
        Ok(Value::Object(map)) => Ok(map),
        // A root holding only text: the response has no fields.
        Ok(_) => Ok(Map::new()),
        Err(e) => Err(XmlSampleError {
            line: line_at(text, start.saturating_add(e.offset())),
            offset: start.saturating_add(e.offset()),
            message: e.message().to_owned(),
            too_deep: e.is_too_deep(),
        }),
    }
}

/// Reads an XML sample like [`read`], but where the document goes on after a complete root
/// element named `envelope` (the response's `<ActionResponse>`; some pages paste part of the
/// sample again below it), reads that element alone: the whole response is inside it. Also
/// gives the 0-based line where the ignored rest starts.
pub(crate) fn read_enveloped(
    text: &str,
    envelope: &str,
) -> Result<(Map<String, Value>, Option<usize>), XmlSampleError> {
    let e = match read(text) {
        Ok(map) => return Ok((map, None)),
        Err(e) => e,
    };
    let whole = text
        .get(..e.offset)
        .filter(|_| !e.too_deep)
        .filter(|head| opens_with(head.get(body_start(head)..).unwrap_or_default(), envelope))
        .and_then(|head| read(head).ok());
    match whole {
        Some(map) => Ok((map, Some(e.line))),
        None => Err(e),
    }
}

/// Whether the first markup of `body` is a start tag named `name`.
fn opens_with(body: &str, name: &str) -> bool {
    let rest = body
        .trim_start()
        .strip_prefix('<')
        .and_then(|r| r.strip_prefix(name));
    rest.is_some_and(|r| r.starts_with(['>', '/']) || r.starts_with(char::is_whitespace))
}

/// 0-based line in `text` of byte `offset`; an offset at the very end is on the last line
/// with content, not after it.
fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.trim_end().len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    before.iter().filter(|&&b| b == b'\n').count()
}

/// Byte offset of the first start tag named `name` in `text` (`<name>`, `<name/>`,
/// `<name attr="...">`, or with a namespace prefix `<ns:name>`), for diagnostics' lines.
pub(crate) fn find_tag(text: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    text.match_indices(name).find_map(|(at, _)| {
        let before = text.get(..at)?;
        let opens = before.ends_with('<')
            || before.rsplit_once('<').is_some_and(|(_, prefix)| {
                prefix.ends_with(':') && !prefix.contains(['>', '/', ' '])
            });
        let after = text.get(at + name.len()..)?;
        let closes = after.starts_with(['>', '/']) || after.starts_with(char::is_whitespace);
        (opens && closes).then(|| before.rfind('<').unwrap_or(at))
    })
}

/// Byte offset where the markup starts: pages sometimes show the whole HTTP answer, so an
/// `HTTP/1.1 200 OK` status line and its headers are skipped up to the first line opening
/// markup.
fn body_start(text: &str) -> usize {
    if !text.trim_start().starts_with("HTTP/") {
        return 0;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('<') {
            break;
        }
        offset += line.len();
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Value {
        match read(text) {
            Ok(map) => Value::Object(map),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn reads_a_sample_as_type_inference_wants() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeKeyPairsResponse>\n  \
                   <PageNumber>1</PageNumber>\n  <KeyPairs>\n    <KeyPair>\n      \
                   <KeyPairName>test</KeyPairName>\n    </KeyPair>\n  </KeyPairs>\n  \
                   <E/><W>  </W><U>&nbsp;</U><M>x<B>1</B>y</M></DescribeKeyPairsResponse>\n";
        assert_eq!(
            ok(xml),
            json!({
                "PageNumber": "1",
                "KeyPairs": {"KeyPair": {"KeyPairName": "test"}},
                "E": null,
                "W": null,
                "U": "&nbsp;",
                "M": {"B": "1"}
            })
        );
        assert_eq!(ok("<R/>"), json!({}));
        assert_eq!(ok("<R>only text</R>"), json!({}));
    }

    #[test]
    fn an_http_head_is_skipped_and_lines_count_from_the_text() {
        let text = "HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<R>\n<A>1</A>\n</R>";
        assert_eq!(ok(text), json!({"A": "1"}));
        let bad = "HTTP/1.1 200 OK\n\n<R>\n<A>1</B>\n</R>";
        assert_eq!(read(bad).map_err(|e| e.line), Err(3));
    }

    #[test]
    fn malformed_samples_are_errors_with_a_line() {
        let cases: [(&str, usize); 9] = [
            ("<R>\n  <A>1</A>\n  <B>2</C>\n</R>", 2),
            ("<R>\n  <A>1</A>\n", 1),
            ("<R>\n  <A>1\n\n", 1),
            ("<R></R>\n<S></S>", 1),
            ("text\n<R/>", 0),
            ("", 0),
            ("<R>\n</A>", 1),
            ("<R>\n<A>1</A>\n</R>\ntrailing", 3),
            (&"<a>\n".repeat(200), MAX_DEPTH),
        ];
        for (xml, line) in cases {
            match read(xml) {
                Ok(v) => panic!("{xml:?} read as {v:?}"),
                Err(e) => assert_eq!(e.line, line, "{xml:?}: {}", e.message),
            }
        }
    }

    #[test]
    fn a_tail_after_the_envelope_is_ignored() {
        let text = "<DoResponse>\n<A>1</A>\n</DoResponse>\n<A>1</A>\n</B>";
        let (map, rest) = read_enveloped(text, "DoResponse").expect("enveloped");
        assert_eq!((Value::Object(map), rest), (json!({"A": "1"}), Some(3)));
        // Only the action's envelope is the whole response; other roots stay errors.
        assert!(read_enveloped("<A>1</A>\n<B>2</B>", "DoResponse").is_err());
        assert!(read_enveloped("<DoResponse>\n<A>1</B>\n</DoResponse>", "DoResponse").is_err());
        assert!(read_enveloped("<DoResponseX>1</DoResponseX><A/>", "DoResponse").is_err());
    }

    #[test]
    fn finds_start_tags_only() {
        let text = "<R>\n<KeyPairs>\n<KeyPair a=\"1\">\n</KeyPair>\n<ns:Tag/>\n</R>";
        let line = |at: Option<usize>| at.map(|at| text[..at].matches('\n').count());
        assert_eq!(line(find_tag(text, "KeyPair")), Some(2));
        assert_eq!(line(find_tag(text, "KeyPairs")), Some(1));
        assert_eq!(line(find_tag(text, "Tag")), Some(4));
        assert_eq!(find_tag(text, "Pair"), None);
        assert_eq!(find_tag(text, ""), None);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let e = read(&deep).unwrap_err();
        assert!(e.message.contains("deeper") && e.too_deep, "{}", e.message);
        assert!(!read("<a><b></a>").unwrap_err().too_deep);
        let fine = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(read(&fine).is_ok());
    }

    #[test]
    fn arbitrary_text_never_panics() {
        for text in [
            "<",
            "<a><",
            "HTTP/",
            "HTTP/1.1 200 OK\n",
            "HTTP/1.1 200 OK\n\n  \n",
            "HTTP/1.1 200 OK\n<",
            "\u{feff}<a/>",
            "\u{feff}HTTP/1.1 200 OK\n<a>",
        ] {
            let _ = read(text);
            let _ = find_tag(text, "a");
        }
    }
}
