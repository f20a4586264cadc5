//! One mapping from an XML document to the JSON shape the same response has in JSON, shared by
//! the two places that need it: the codegen's reader of a page's XML *sample* (type inference)
//! and the runtime's decoder of `Format=XML` *response bodies*. It lives in its own leaf crate
//! because the codegen never depends on the runtime and the runtime never sees markdown; the
//! two callers differ only in the few [`Options`] below.
//!
//! The mapping of [`to_json`]:
//! - the root element (`<ActionNameResponse>`) is dropped: its content is the result (its
//!   children as an object; a root holding only text gives that text; an empty root, or one
//!   holding only whitespace, gives `{}`);
//! - an element with child elements becomes an object keyed by the children's local names
//!   (namespace prefixes are dropped); text beside them is [`MixedContent`];
//! - sibling elements sharing a name become an array, in document order (so a list of one
//!   element looks like a single object: readers of the value decide with the type);
//! - an element without child elements becomes its text as a JSON string, entities and CDATA
//!   decoded, kept verbatim (never guessed into a number or flag); an empty element, or one
//!   holding only whitespace outside CDATA, is an [`EmptyLeaf`];
//! - attributes, the prolog, comments, processing instructions and the doctype are ignored:
//!   Alibaba Cloud RPC responses carry no data in them.
//!
//! Parsing is quick-xml's; the mapping is ours, since quick-xml's serde mode decodes into
//! XML-shaped types (`$text`, `@attr`, list wrappers) and the values here are JSON-shaped.

#![warn(missing_docs)]

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};
use std::fmt;

/// Elements may nest at most this deep, so that hostile input cannot exhaust the stack of the
/// recursive code (serde, `Drop`, type inference) that later walks the value.
pub const MAX_DEPTH: usize = 128;

/// How the callers' readings differ; each caller names its own constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// What an element without children and without text becomes.
    pub empty_leaf: EmptyLeaf,
    /// What text beside child elements does.
    pub mixed_content: MixedContent,
    /// What text whose escapes cannot be decoded (`&nbsp;`, `&#xffffffff;`) does.
    pub bad_escape: BadEscape,
    /// How deep elements may nest (the root counts as one level); at most [`MAX_DEPTH`]
    /// whatever is asked, so the recursive code that walks the value stays within its stack.
    pub max_depth: usize,
}

/// The value of an empty element (`<E/>`, `<E></E>`, `<E>  </E>`) that is not the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyLeaf {
    /// `null`, "cannot tell": a sample's empty element must not decide between a scalar and a
    /// struct or list.
    Null,
    /// `""`, as a response means it; a lenient decoder reads it as an empty struct or list
    /// where the type expects one.
    EmptyString,
}

/// Text (other than whitespace) beside child elements, which no response has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MixedContent {
    /// The document is not one this mapping keeps losslessly: an [`XmlError`].
    Error,
    /// The text is dropped and the element is its children (hand-written samples).
    Ignore,
}

/// Text with an escape that cannot be decoded, such as an HTML entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadEscape {
    /// The document is not well-formed: an [`XmlError`].
    Error,
    /// The text is kept as written, escapes and all (hand-written samples).
    Verbatim,
}

/// Why a document could not be mapped: where (byte offset, and the 1-based line and column it
/// falls on) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    offset: usize,
    line: usize,
    column: usize,
    message: String,
    too_deep: bool,
}

impl XmlError {
    /// An error at byte `offset` of `xml` (clamped to its length); line and column are derived
    /// from it here, once.
    fn new(xml: &str, offset: usize, message: String) -> Self {
        let offset = offset.min(xml.len());
        let before = xml.as_bytes().get(..offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        XmlError {
            offset,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: offset - line_start + 1,
            message,
            too_deep: false,
        }
    }

    /// True when the document was refused for nesting deeper than [`Options::max_depth`]
    /// rather than for being malformed.
    pub fn is_too_deep(&self) -> bool {
        self.too_deep
    }

    /// Byte offset of the problem in the document given to [`to_json`] (at most its length).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// 1-based line of [`offset`](Self::offset).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, in bytes, of [`offset`](Self::offset) on its line.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid XML at line {}, column {} (byte {}): {}",
            self.line, self.column, self.offset, self.message
        )
    }
}

impl std::error::Error for XmlError {}

/// Maps an XML document to the JSON value the same response has in JSON (see the crate docs),
/// reading empty elements, mixed content and bad escapes as `options` say. Never panics;
/// input that is not one well-formed document is an [`XmlError`] naming where.
pub fn to_json(xml: &str, options: Options) -> Result<Value, XmlError> {
    // quick-xml skips a byte order mark without counting it: count it here, so that offsets
    // are in `xml`.
    let body = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let shift = xml.len() - body.len();
    let offset = |at: u64| {
        usize::try_from(at)
            .unwrap_or(usize::MAX)
            .saturating_add(shift)
    };
    let mut reader = Reader::from_str(body);
    let mut doc = Document {
        options,
        stack: Vec::new(),
        root: None,
        too_deep: false,
    };
    loop {
        let at = offset(reader.buffer_position());
        let step = match reader.read_event() {
            Ok(event) => doc.take(event, at, shift, xml.len()),
            Err(e) => Err((offset(reader.error_position()), e.to_string())),
        };
        match step {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err((at, message)) => {
                let mut error = XmlError::new(xml, at, message);
                error.too_deep = doc.too_deep;
                return Err(error);
            }
        }
    }
}

/// An element whose end tag has not been read yet.
#[derive(Default)]
struct Open {
    /// Local name (prefix dropped).
    name: String,
    /// Byte offset of its start tag, for error messages.
    at: usize,
    /// Child elements in document order, already converted.
    children: Vec<(String, Value)>,
    /// Text and CDATA content, decoded.
    text: String,
    /// Whether some content came from CDATA (then whitespace is data, not layout).
    cdata: bool,
}

/// A document being read: the elements open, and the root's value once it is closed.
struct Document {
    options: Options,
    stack: Vec<Open>,
    root: Option<Value>,
    /// Set when an element opened beyond the depth limit.
    too_deep: bool,
}

/// A problem: its byte offset in the document and a message.
type Problem = (usize, String);

impl Document {
    /// Takes the event read at byte `at` of a document of `end` bytes whose markup starts at
    /// `start`: `Some` value at the end of the document, or a problem.
    fn take(
        &mut self,
        event: Event<'_>,
        at: usize,
        start: usize,
        end: usize,
    ) -> Result<Option<Value>, Problem> {
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                if self.root.is_some() {
                    return Err((at, "a second root element".into()));
                }
                let max = self.options.max_depth.min(MAX_DEPTH);
                if self.stack.len() >= max {
                    self.too_deep = true;
                    return Err((at, format!("elements nest deeper than {max}")));
                }
                // Slices of a `&str` cut at ASCII delimiters: always UTF-8, lossy never loses.
                let name = String::from_utf8_lossy(tag.local_name().into_inner()).into_owned();
                self.stack.push(Open {
                    name,
                    at,
                    ..Open::default()
                });
                if empty {
                    self.close(at)?;
                }
            }
            Event::End(_) => self.close(at)?,
            Event::Text(text) => match self.stack.last_mut() {
                Some(open) => match (text.unescape(), self.options.bad_escape) {
                    (Ok(decoded), _) => open.text.push_str(&decoded),
                    (Err(_), BadEscape::Verbatim) => {
                        open.text.push_str(&String::from_utf8_lossy(&text));
                    }
                    (Err(e), BadEscape::Error) => return Err((at, format!("bad text: {e}"))),
                },
                None => {
                    let blank = text.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    if blank < text.len() {
                        let at = at.saturating_add(blank);
                        return Err((at, "text outside the root element".into()));
                    }
                }
            },
            Event::CData(cdata) => match self.stack.last_mut() {
                Some(open) => {
                    open.text.push_str(&String::from_utf8_lossy(&cdata));
                    open.cdata = true;
                }
                None => return Err((at, "CDATA outside the root element".into())),
            },
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => {
                if let Some(open) = self.stack.last() {
                    let message = format!(
                        "the document ends inside <{}> opened at byte {}",
                        open.name, open.at
                    );
                    return Err((end, message));
                }
                return match self.root.take() {
                    Some(root) => Ok(Some(root)),
                    None => Err((start, "no root element".into())),
                };
            }
        }
        Ok(None)
    }

    /// Closes the innermost open element at byte `at`: converts it and hands it to its parent,
    /// or makes it the document's value when it is the root.
    fn close(&mut self, at: usize) -> Result<(), Problem> {
        let Some(open) = self.stack.pop() else {
            return Err((at, "an end tag without a start tag".into()));
        };
        let has_text = open.cdata || !open.text.trim().is_empty();
        let value = if !open.children.is_empty() {
            if has_text && self.options.mixed_content == MixedContent::Error {
                let message = format!("<{}> mixes text with child elements", open.name);
                return Err((at, message));
            }
            Value::Object(group(open.children))
        } else if has_text {
            Value::String(open.text)
        } else if self.stack.is_empty() {
            Value::Object(Map::new())
        } else {
            match self.options.empty_leaf {
                EmptyLeaf::Null => Value::Null,
                EmptyLeaf::EmptyString => Value::String(String::new()),
            }
        };
        match self.stack.last_mut() {
            Some(parent) => parent.children.push((open.name, value)),
            None => self.root = Some(value),
        }
        Ok(())
    }
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

    /// The runtime's reading of a response.
    const STRICT: Options = Options {
        empty_leaf: EmptyLeaf::EmptyString,
        mixed_content: MixedContent::Error,
        bad_escape: BadEscape::Error,
        max_depth: MAX_DEPTH,
    };

    /// The codegen's reading of a sample.
    const LENIENT: Options = Options {
        empty_leaf: EmptyLeaf::Null,
        mixed_content: MixedContent::Ignore,
        bad_escape: BadEscape::Verbatim,
        max_depth: MAX_DEPTH,
    };

    fn ok(xml: &str, options: Options) -> Value {
        to_json(xml, options).unwrap_or_else(|e| panic!("{xml:?}: {e}"))
    }

    fn err(xml: &str, options: Options) -> XmlError {
        match to_json(xml, options) {
            Ok(v) => panic!("{xml:?} read as {v}"),
            Err(e) => e,
        }
    }

    #[test]
    fn drops_the_root_and_nests_elements() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n\
                   <DescribeKeyPairsResponse xmlns=\"http://example.com/ns\">\n  \
                   <PageNumber>1</PageNumber>\n  <KeyPairs>\n    <KeyPair>\n      \
                   <KeyPairName>test</KeyPairName>\n    </KeyPair>\n  </KeyPairs>\n  \
                   <RequestId>R-1</RequestId>\n</DescribeKeyPairsResponse>\n";
        let want = json!({"PageNumber": "1", "KeyPairs": {"KeyPair": {"KeyPairName": "test"}}, "RequestId": "R-1"});
        assert_eq!(ok(xml, STRICT), want);
        assert_eq!(ok(xml, LENIENT), want);
    }

    #[test]
    fn repeated_siblings_become_arrays_in_document_order() {
        let xml = "<R><Tags><Tag><K>a</K></Tag><Other>x</Other><Tag><K>b</K></Tag>\
                   <Tag><K>c</K></Tag></Tags><Ip>1</Ip><Ip>2</Ip><One><Tag>t</Tag></One></R>";
        assert_eq!(
            ok(xml, STRICT),
            json!({
                "Tags": {"Tag": [{"K": "a"}, {"K": "b"}, {"K": "c"}], "Other": "x"},
                "Ip": ["1", "2"],
                "One": {"Tag": "t"}
            })
        );
        // Empty repeated leaves collect like any other.
        assert_eq!(
            ok("<R><E/><E>1</E><E/></R>", LENIENT),
            json!({"E": [null, "1", null]})
        );
        assert_eq!(ok("<R><E/><E>1</E></R>", STRICT), json!({"E": ["", "1"]}));
    }

    #[test]
    fn entities_cdata_prefixes_and_attributes() {
        let xml = "\u{feff}<?xml version=\"1.0\"?><!DOCTYPE r><a:R xmlns:a=\"urn:x\" k=\"v\">\
                   <a:Msg>&lt;b&gt; &amp; &quot;q&quot; &#233;&#x41;</a:Msg>\
                   <Raw><![CDATA[<not> &amp; markup]]></Raw>\
                   <Pad>  spaced  </Pad><?pi data?><N>42</N><B>true</B>\
                   <Cd><![CDATA[  ]]></Cd><Both>a<![CDATA[<b>]]>c</Both></a:R>";
        let want = json!({
            "Msg": "<b> & \"q\" éA",
            "Raw": "<not> &amp; markup",
            "Pad": "  spaced  ",
            "N": "42",
            "B": "true",
            "Cd": "  ",
            "Both": "a<b>c"
        });
        assert_eq!(ok(xml, STRICT), want);
        assert_eq!(ok(xml, LENIENT), want);
    }

    #[test]
    fn empty_leaves_read_as_options_say() {
        let xml = "<R><E/><F></F><W>\n  </W></R>";
        assert_eq!(ok(xml, STRICT), json!({"E": "", "F": "", "W": ""}));
        assert_eq!(ok(xml, LENIENT), json!({"E": null, "F": null, "W": null}));
        // The root is never a leaf: empty it is `{}`, with only text it is that text.
        for options in [STRICT, LENIENT] {
            assert_eq!(ok("<R/>", options), json!({}));
            assert_eq!(ok("<R>\n  </R>", options), json!({}));
            assert_eq!(ok("<R>text</R>", options), json!("text"));
        }
    }

    #[test]
    fn mixed_content_is_an_error_or_ignored() {
        for xml in [
            "<R><A>x<B>1</B>y</A></R>",
            "<R><A><B>1</B><![CDATA[ ]]></A></R>",
        ] {
            let e = err(xml, STRICT);
            assert!(e.message().contains("<A> mixes text"), "{e}");
            assert_eq!(ok(xml, LENIENT), json!({"A": {"B": "1"}}));
        }
        // Layout whitespace between children is not text.
        assert_eq!(
            ok("<R>\n <A>\n  <B>1</B>\n </A>\n</R>", STRICT),
            json!({"A": {"B": "1"}})
        );
        assert!(err("<R>text<A>1</A></R>", STRICT)
            .message()
            .contains("<R> mixes"));
    }

    #[test]
    fn bad_escapes_are_an_error_or_kept_verbatim() {
        let xml = "<R><U>&nbsp;</U><V>a &amp; &bogus;</V></R>";
        let e = err(xml, STRICT);
        assert!(e.message().starts_with("bad text"), "{e}");
        assert_eq!(e.offset(), 6);
        assert_eq!(
            ok(xml, LENIENT),
            json!({"U": "&nbsp;", "V": "a &amp; &bogus;"})
        );
        assert_eq!(
            ok("<R><C>&#xffffffff;</C></R>", LENIENT),
            json!({"C": "&#xffffffff;"})
        );
    }

    #[test]
    fn malformed_documents_are_errors_with_positions() {
        // (document, offset, line, column, part of the message)
        let cases: [(&str, usize, usize, usize, &str); 11] = [
            ("<R>\n  <A>1</B>\n</R>", 10, 2, 7, "expected `</A>`"),
            (
                "<R>\n<A>x</A>",
                12,
                2,
                9,
                "ends inside <R> opened at byte 0",
            ),
            ("", 0, 1, 1, "no root element"),
            ("   <!-- only -->", 0, 1, 1, "no root element"),
            ("<A/>\n<B/>", 5, 2, 1, "a second root element"),
            ("junk<R/>", 0, 1, 1, "text outside the root"),
            ("<R/>\n  junk", 7, 2, 3, "text outside the root"),
            ("<R/><![CDATA[x]]>", 4, 1, 5, "CDATA outside the root"),
            ("</R>", 0, 1, 1, ""),
            ("<R><A></R>", 6, 1, 7, ""),
            (
                "\u{feff}<R>\n<A>",
                10,
                2,
                4,
                "ends inside <A> opened at byte 7",
            ),
        ];
        for (xml, offset, line, column, needle) in cases {
            for options in [STRICT, LENIENT] {
                let e = err(xml, options);
                assert_eq!(
                    (e.offset(), e.line(), e.column()),
                    (offset, line, column),
                    "{xml:?}: {e}"
                );
                assert!(e.message().contains(needle), "{xml:?}: {e}");
                let shown = e.to_string();
                let head = format!("invalid XML at line {line}, column {column} (byte {offset}): ");
                assert!(shown.starts_with(&head), "{shown}");
            }
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let fine = format!("{}x{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(to_json(&fine, STRICT).is_ok());
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        let e = err(&deep, STRICT);
        assert!(e.message().contains("nest deeper"), "{e}");
        assert_eq!(e.offset(), 3 * MAX_DEPTH);
        // Far deeper than any stack would survive if the mapping recursed.
        assert!(to_json(&"<a>".repeat(200_000), LENIENT).is_err());
    }

    #[test]
    fn garbage_and_truncations_never_panic() {
        let doc = "\u{feff}<?xml version=\"1.0\"?><R a='1'><A>x &amp; y</A><B><![CDATA[c]]></B>\
                   <!-- n --><C/><é>ü</é></R>";
        for end in 0..=doc.len() {
            let Some(prefix) = doc.get(..end) else {
                continue;
            };
            for options in [STRICT, LENIENT] {
                if let Err(e) = to_json(prefix, options) {
                    assert!(e.offset() <= prefix.len(), "{prefix:?}: {e}");
                }
            }
        }
        let alphabet: Vec<char> = "<>/!?[]&;#x\"'= aZ\n\u{e9}\u{feff}CDATA-".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let len = usize::try_from(state % 40).unwrap_or(0);
            let doc: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let i = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
                    alphabet[i]
                })
                .collect();
            for options in [STRICT, LENIENT] {
                if let Err(e) = to_json(&doc, options) {
                    assert!(e.offset() <= doc.len(), "{doc:?}: {e}");
                    assert!(!e.message().is_empty(), "{doc:?}");
                }
            }
        }
    }
}
