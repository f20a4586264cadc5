//! XML response bodies (`Format=XML`) decoded into the JSON shape the same response has in JSON,
//! so the generated response types (built for JSON, with the tolerant [`crate::de`] helpers)
//! decode both formats.
//!
//! The mapping of [`to_json`]:
//! - the root element (`<ActionNameResponse>`) is dropped: its content is the result (its
//!   children as an object; a root holding only text gives that text; an empty root gives `{}`);
//! - an element with child elements becomes an object keyed by the children's local names
//!   (namespace prefixes are dropped);
//! - sibling elements sharing a name become an array, in document order (so a list of one
//!   element looks like a single object: [`crate::de::list`] accepts that);
//! - an element without child elements becomes its text as a JSON string, entities and CDATA
//!   decoded, kept verbatim; an empty element, or one holding only whitespace, becomes `""`
//!   ([`from_value`] reads that as an empty struct or list where the type expects one);
//! - attributes, the prolog, comments, processing instructions and the doctype are ignored:
//!   Alibaba Cloud RPC responses carry no data in them;
//! - text beside child elements (mixed content) is an error rather than silently dropped: no
//!   response has that shape, so the document is not one this module can decode losslessly.
//!
//! Parsing is quick-xml's; the mapping is ours, since quick-xml's serde mode decodes into
//! XML-shaped types (`$text`, `@attr`, list wrappers) and the generated types are JSON-shaped.

use crate::lenient::Lenient;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Elements may nest at most this deep, so hostile input cannot exhaust the stack of the
/// recursive code (serde, `Drop`) that later walks the value.
pub const MAX_DEPTH: usize = 128;

/// Why an XML body could not be converted or decoded.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct XmlError {
    kind: Kind,
}

/// The two ways decoding fails.
#[derive(Debug, thiserror::Error)]
enum Kind {
    /// The document is not well-formed (or not a response shape) at `offset`.
    #[error("invalid XML at line {line}, column {column} (byte {offset}): {message}")]
    Syntax {
        offset: usize,
        line: usize,
        column: usize,
        message: String,
    },
    /// The converted value does not fit the target type.
    #[error("XML response does not match the expected type")]
    Decode(#[source] serde_json::Error),
}

impl XmlError {
    /// A syntax error at byte `offset` of `xml`; line and column (1-based) are derived from it.
    fn syntax(xml: &str, offset: usize, message: impl Into<String>) -> Self {
        let offset = offset.min(xml.len());
        let before = xml.as_bytes().get(..offset).unwrap_or_default();
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        XmlError {
            kind: Kind::Syntax {
                offset,
                line,
                column: offset - line_start + 1,
                message: message.into(),
            },
        }
    }

    /// The byte offset of a syntax error; `None` when the XML was fine but did not fit the type.
    pub fn offset(&self) -> Option<usize> {
        match &self.kind {
            Kind::Syntax { offset, .. } => Some(*offset),
            Kind::Decode(_) => None,
        }
    }

    /// The 1-based line of a syntax error; `None` for a type mismatch.
    pub fn line(&self) -> Option<usize> {
        match &self.kind {
            Kind::Syntax { line, .. } => Some(*line),
            Kind::Decode(_) => None,
        }
    }
}

/// Converts an XML response document into the JSON value the same response has in JSON (see the
/// module docs for the mapping). Never panics; malformed input is an [`XmlError`] naming the
/// byte offset and line.
pub fn to_json(xml: &str) -> Result<Value, XmlError> {
    let body = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let shift = xml.len() - body.len();
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Value> = None;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let err = |offset: usize, message: String| XmlError::syntax(xml, offset + shift, message);
        let event = reader.read_event().map_err(|e| {
            let pos = usize::try_from(reader.error_position()).unwrap_or(at);
            err(pos, e.to_string())
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                if root.is_some() {
                    return Err(err(at, "a second root element".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(err(at, format!("elements nest deeper than {MAX_DEPTH}")));
                }
                let name = std::str::from_utf8(start.local_name().into_inner())
                    .map_err(|e| err(at, format!("element name is not UTF-8: {e}")))?
                    .to_owned();
                stack.push(Open {
                    name,
                    at,
                    ..Open::default()
                });
                if empty {
                    close(&mut stack, &mut root).map_err(|m| err(at, m))?;
                }
            }
            Event::End(_) => close(&mut stack, &mut root).map_err(|m| err(at, m))?,
            Event::Text(text) => {
                let text = text
                    .unescape()
                    .map_err(|e| err(at, format!("bad text: {e}")))?;
                match stack.last_mut() {
                    Some(open) => open.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(err(at, "text outside the root element".into())),
                }
            }
            Event::CData(cdata) => {
                let text = std::str::from_utf8(&cdata)
                    .map_err(|e| err(at, format!("CDATA is not UTF-8: {e}")))?;
                match stack.last_mut() {
                    Some(open) => {
                        open.text.push_str(text);
                        open.cdata = true;
                    }
                    None => return Err(err(at, "CDATA outside the root element".into())),
                }
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(err(
                        xml.len() - shift,
                        format!(
                            "the document ends inside <{}> opened at byte {}",
                            open.name,
                            open.at + shift
                        ),
                    ));
                }
                return root.ok_or_else(|| err(0, "no root element".into()));
            }
        }
    }
}

/// Converts `xml` with [`to_json`] and deserialises the value into `T` (a generated response
/// type) with [`from_value`]: the XML twin of `serde_json::from_slice`.
pub fn from_xml<T: DeserializeOwned>(xml: &str) -> Result<T, XmlError> {
    from_value(to_json(xml)?)
}

/// Deserialises a value made by [`to_json`] into `T`: like `serde_json::from_value`, except
/// that blank text (an empty element) also reads as an empty struct, map or list wherever `T`
/// expects one, since XML cannot tell `<Tags></Tags>` from an empty string.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, XmlError> {
    T::deserialize(Lenient(value)).map_err(|e| XmlError {
        kind: Kind::Decode(e),
    })
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

/// Closes the innermost open element: converts it and hands it to its parent, or makes it the
/// document's value when it is the root. The error is a message; the caller adds the position.
fn close(stack: &mut Vec<Open>, root: &mut Option<Value>) -> Result<(), String> {
    let open = stack
        .pop()
        .ok_or_else(|| "an end tag without a start tag".to_owned())?;
    let has_text = open.cdata || !open.text.trim().is_empty();
    let value = if open.children.is_empty() {
        if has_text {
            Value::String(open.text)
        } else if stack.is_empty() {
            Value::Object(Map::new())
        } else {
            Value::String(String::new())
        }
    } else if has_text {
        return Err(format!(
            "<{}> mixes text with child elements, which no response does",
            open.name
        ));
    } else {
        group(open.children)
    };
    match stack.last_mut() {
        Some(parent) => parent.children.push((open.name, value)),
        None => *root = Some(value),
    }
    Ok(())
}

/// Builds an object from child elements: a repeated name collects its values into an array.
fn group(children: Vec<(String, Value)>) -> Value {
    let mut map = Map::new();
    for (name, value) in children {
        match map.get_mut(&name) {
            None => {
                map.insert(name, value);
            }
            // Elements convert to objects or strings, never arrays: an array was built here.
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
    Value::Object(map)
}
