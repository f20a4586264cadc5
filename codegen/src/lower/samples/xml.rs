//! The page's XML success sample read into the JSON shape the response builder learns from,
//! for pages whose JSON sample is missing or unusable.
//!
//! The mapping follows the runtime's XML decoding (`smc_runtime::xml`), with one difference
//! made for type inference:
//! - the root element (`<DescribeKeyPairsResponse>`) is dropped; its child elements make the
//!   object returned (an empty object when it has none);
//! - an element with child elements becomes an object keyed by the children's local names;
//!   text beside child elements is ignored;
//! - sibling elements sharing a name become an array in document order (so a list of one
//!   element looks like a single object: the builder decides with the table);
//! - an element without child elements becomes its text as a JSON string, kept verbatim and
//!   never guessed into a number or flag (an undocumented field is safest as a string, and a
//!   documented one is checked against its type by the builder); an empty element, or one
//!   holding only whitespace, becomes `null` ("cannot tell"), not `""`, so that it never
//!   decides between a scalar and a struct or list against the table;
//! - attributes, the prolog, comments, processing instructions and the doctype are ignored.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

/// Elements may nest at most this deep (the root element, which is dropped, and
/// [`crate::depth::MAX_DEPTH`] levels inside it), so that a hostile page cannot exhaust the
/// stack of the recursive code (the builder, `Drop`) that later walks the value.
const MAX_DEPTH: usize = crate::depth::MAX_DEPTH + 1;

/// Why an XML sample could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlSampleError {
    /// 0-based line of the problem inside the sample's text (add the code block's line).
    pub line: usize,
    /// What is wrong, for the diagnostic.
    pub message: String,
    /// Whether the sample nests deeper than [`MAX_DEPTH`] (a `too-deep` error of the page
    /// rather than a malformed sample).
    pub too_deep: bool,
}

/// An element whose end tag has not been read yet.
#[derive(Debug, Default)]
struct Open {
    /// Local name (namespace prefix dropped).
    name: String,
    /// Child elements in document order, already converted.
    children: Vec<(String, Value)>,
    /// Text and CDATA content, entities decoded where they can be.
    text: String,
}

/// Reads an XML sample (a code block's text, possibly after an `HTTP/1.1 200 OK` head) into
/// the object of its root element's children. Never panics; a document that is not
/// well-formed is an [`XmlSampleError`] naming the line inside `text`.
pub(crate) fn read(text: &str) -> Result<Map<String, Value>, XmlSampleError> {
    let start = body_start(text);
    let body = text.get(start..).unwrap_or_default();
    let mut reader = Reader::from_str(body);
    let mut doc = Document::default();
    let end = u64::try_from(body.len()).unwrap_or(u64::MAX);
    loop {
        let at = reader.buffer_position();
        let step = match reader.read_event() {
            Ok(event) => doc.read(event, at, end),
            Err(e) => Err((reader.error_position(), e.to_string())),
        };
        match step {
            Ok(Some(root)) => return Ok(root),
            Ok(None) => {}
            Err((offset, message)) => {
                let line = line_at(text, start, offset);
                let too_deep = doc.too_deep;
                return Err(XmlSampleError {
                    line,
                    message,
                    too_deep,
                });
            }
        }
    }
}

/// 0-based line in `text` of byte `offset` of the body starting at `start`; an offset at the
/// very end is on the last line with content, not after it.
fn line_at(text: &str, start: usize, offset: u64) -> usize {
    let offset = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .saturating_add(start)
        .min(text.trim_end().len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    before.iter().filter(|&&b| b == b'\n').count()
}

/// A document being read: the elements open, and the root's children once it is closed.
#[derive(Default)]
struct Document {
    stack: Vec<Open>,
    root: Option<Map<String, Value>>,
    /// Set when reading stopped at an element nested deeper than [`MAX_DEPTH`].
    too_deep: bool,
}

impl Document {
    /// Takes the event read at byte `at` of a body of `end` bytes: `Some` root object at the
    /// end of the document, or the offset and message of a problem.
    fn read(
        &mut self,
        event: Event<'_>,
        at: u64,
        end: u64,
    ) -> Result<Option<Map<String, Value>>, (u64, String)> {
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                if self.root.is_some() {
                    return Err((at, "a second root element".into()));
                }
                if self.stack.len() >= MAX_DEPTH {
                    self.too_deep = true;
                    return Err((at, format!("elements nest deeper than {MAX_DEPTH}")));
                }
                let name = String::from_utf8_lossy(tag.local_name().into_inner()).into_owned();
                self.stack.push(Open {
                    name,
                    ..Open::default()
                });
                if empty {
                    self.close();
                }
            }
            Event::End(_) => self.close(),
            Event::Text(t) => match self.stack.last_mut() {
                Some(open) => match t.unescape() {
                    Ok(s) => open.text.push_str(&s),
                    // An unknown entity (`&nbsp;`) in a sample's text: keep it as written.
                    Err(_) => open.text.push_str(&String::from_utf8_lossy(&t)),
                },
                None => {
                    let blank = t.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    if blank < t.len() {
                        let at = at.saturating_add(u64::try_from(blank).unwrap_or(u64::MAX));
                        return Err((at, "text outside the root element".into()));
                    }
                }
            },
            Event::CData(t) => match self.stack.last_mut() {
                Some(open) => open.text.push_str(&String::from_utf8_lossy(&t)),
                None => return Err((at, "CDATA outside the root element".into())),
            },
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => {
                if let Some(open) = self.stack.last() {
                    return Err((end, format!("the sample ends inside <{}>", open.name)));
                }
                return self
                    .root
                    .take()
                    .map(Some)
                    .ok_or((0, "no root element".into()));
            }
        }
        Ok(None)
    }

    /// Closes the innermost open element: converts it and hands it to its parent, or makes
    /// its children the document's object when it is the root. An end tag without a start
    /// tag is already an error of the reader, so an empty stack is simply ignored.
    fn close(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(group(open.children));
            return;
        };
        let value = if !open.children.is_empty() {
            Value::Object(group(open.children))
        } else if open.text.trim().is_empty() {
            Value::Null
        } else {
            Value::String(open.text)
        };
        parent.children.push((open.name, value));
    }
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

/// Builds an object from child elements: a repeated name collects its values into an array.
fn group(children: Vec<(String, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (name, value) in children {
        match map.get_mut(&name) {
            None => {
                map.insert(name, value);
            }
            // Elements convert to objects, strings or null, never arrays: one was built here.
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
    map
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
    fn drops_the_root_and_nests_elements() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeKeyPairsResponse>\n  \
                   <PageNumber>1</PageNumber>\n  <KeyPairs>\n    <KeyPair>\n      \
                   <KeyPairName>test</KeyPairName>\n    </KeyPair>\n  </KeyPairs>\n  \
                   <RequestId>R-1</RequestId>\n</DescribeKeyPairsResponse>\n";
        assert_eq!(
            ok(xml),
            json!({"PageNumber": "1", "KeyPairs": {"KeyPair": {"KeyPairName": "test"}}, "RequestId": "R-1"})
        );
    }

    #[test]
    fn repeated_siblings_become_arrays_in_document_order() {
        let xml = "<R><Tags><Tag><K>a</K></Tag><Other>x</Other><Tag><K>b</K></Tag>\
                   <Tag><K>c</K></Tag></Tags><Ip>1</Ip><Ip>2</Ip></R>";
        assert_eq!(
            ok(xml),
            json!({"Tags": {"Tag": [{"K": "a"}, {"K": "b"}, {"K": "c"}], "Other": "x"}, "Ip": ["1", "2"]})
        );
    }

    #[test]
    fn text_stays_text_and_blank_elements_are_null() {
        let xml = "<R a=\"1\"><N>42</N><B>true</B><E/><W>  </W><S> a &amp; b </S>\
                   <C><![CDATA[<x>]]></C><U>&nbsp;</U><ns:P xmlns:ns=\"u\">p</ns:P><!-- c --></R>";
        assert_eq!(
            ok(xml),
            json!({"N": "42", "B": "true", "E": null, "W": null, "S": " a & b ", "C": "<x>", "U": "&nbsp;", "P": "p"})
        );
        assert_eq!(ok("<R/>"), json!({}));
        assert_eq!(ok("<R>only text</R>"), json!({}));
        // Text beside child elements is ignored.
        assert_eq!(ok("<R><A>x<B>1</B>y</A></R>"), json!({"A": {"B": "1"}}));
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
        let cases: [(&str, usize); 8] = [
            ("<R>\n  <A>1</A>\n  <B>2</C>\n</R>", 2),
            ("<R>\n  <A>1</A>\n", 1),
            ("<R>\n  <A>1\n\n", 1),
            ("<R></R>\n<S></S>", 1),
            ("text\n<R/>", 0),
            ("", 0),
            ("<R>\n</A>", 1),
            ("<R>\n<A>1</A>\n</R>\ntrailing", 3),
        ];
        for (xml, line) in cases {
            match read(xml) {
                Ok(v) => panic!("{xml:?} read as {v:?}"),
                Err(e) => assert_eq!(e.line, line, "{xml:?}: {}", e.message),
            }
        }
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
            "<<>>",
            "<a><",
            "</>",
            "<a b='",
            "<!--",
            "<![CDATA[",
            "<?x",
            "&",
            "<a>&#xffffffff;</a>",
            "\u{feff}<a/>",
        ] {
            let _ = read(text);
        }
    }
}
