//! The page's samples: which code block is which ([`pick`]), the sample request read for
//! its host, action, version and parameters ([`request`]), and the success response the
//! response tree is learnt from ([`json`], else [`xml`]).

mod json;
mod request;
mod xml;

pub use json::trim_sample_keys;

/// An action's JSON success sample as lowering reads it — keys trimmed, a `{"<Action>Response":
/// {...}}` root dropped — for anything that replays the sample against the generated types;
/// `None` when the IR has no JSON sample or it does not parse.
pub fn sample_json(api: &crate::ir::Api) -> Option<Value> {
    let mut value: Value = serde_json::from_str(api.samples.json.as_deref()?).ok()?;
    trim_sample_keys(&mut value);
    Some(json::without_action_root(value, &api.action))
}
pub(crate) use request::{parse_request, request_line, RequestSample, SampleParam};

use super::vocab;
use super::{Ctx, MAX_DEPTH};
use crate::depth;
use crate::dialect::{CodeBlock, Page, Section};
use serde_json::Value;
use std::borrow::Cow;

/// The samples found on a page.
#[derive(Debug, Default)]
pub(crate) struct Picked<'p> {
    /// The sample request.
    pub request: Option<&'p CodeBlock>,
    /// The XML success response.
    pub xml: Option<&'p CodeBlock>,
    /// The JSON success response.
    pub json: Option<&'p CodeBlock>,
}

/// What the labels so far say the code blocks after them are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Unknown,
    Request,
    Success,
    Error,
}

/// The format a label names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// Classifies every code block by the labels before it (`Sample requests`, `Sample success
/// responses`, `Error response example`, `XML format`, ...) and, failing that, by content.
pub(crate) fn pick<'p>(page: &'p Page) -> Picked<'p> {
    let mut out = Picked::default();
    let mut mode = Mode::Unknown;
    for block in sample_blocks(page) {
        let format = read_labels(block, &mut mode);
        out.take(block, mode, format);
    }
    out
}

/// The code blocks samples are picked from: those of the `## Examples` sections, or, on a
/// page without an examples section with code, those of every section.
fn sample_blocks(page: &Page) -> impl Iterator<Item = &CodeBlock> {
    let is_examples = |s: &Section| {
        s.heading.level >= 2
            && vocab::EXAMPLES_SECTION.starts(&s.heading.text).is_some()
            && !s.code.is_empty()
    };
    let any_examples = page.sections.iter().any(is_examples);
    page.sections
        .iter()
        .filter(move |s| !any_examples || is_examples(s))
        .flat_map(|s| s.code.iter())
}

/// The format the labels before `block` name, if any; they also update `mode`, which holds
/// until a later label changes it.
fn read_labels(block: &CodeBlock, mode: &mut Mode) -> Option<Format> {
    let mut format = None;
    for label in &block.labels {
        let has = |words: &vocab::Words| words.within(&label.text);
        if has(&vocab::ERROR_LABEL) {
            *mode = Mode::Error;
        } else if has(&vocab::REQUEST_LABEL) {
            *mode = Mode::Request;
        } else if has(&vocab::SUCCESS_LABEL) {
            *mode = Mode::Success;
        }
        if has(&vocab::JSON_LABEL) {
            format = Some(Format::Json);
        } else if has(&vocab::XML_LABEL) {
            format = Some(Format::Xml);
        }
    }
    format
}

impl<'p> Picked<'p> {
    /// Takes `block` as the sample of its kind when it is the first one: error samples are
    /// skipped; a block under a request label, or an unlabelled one while no request is
    /// picked, is the request when it looks like one; else its format (by label, info
    /// string or first character) decides between JSON and XML.
    fn take(&mut self, block: &'p CodeBlock, mode: Mode, format: Option<Format>) {
        let body = block.text.trim_start();
        let first_request = self.request.is_none() && looks_request(body);
        match mode {
            Mode::Error => return,
            Mode::Request => {
                if first_request {
                    self.request = Some(block);
                }
                return;
            }
            _ if format.is_none() && first_request => {
                self.request = Some(block);
                return;
            }
            _ => {}
        }
        let language = info_language(&block.info);
        let is_json = format == Some(Format::Json)
            || language.eq_ignore_ascii_case("json")
            || (format.is_none() && (body.starts_with('{') || body.starts_with('[')));
        let is_xml = format == Some(Format::Xml)
            || language.eq_ignore_ascii_case("xml")
            || (format.is_none() && body.starts_with('<'));
        if is_json && self.json.is_none() {
            self.json = Some(block);
        } else if is_xml && self.xml.is_none() {
            self.xml = Some(block);
        }
    }
}

/// The language an info string names: its first word (`json` in `json {#codeblock_x}`), or
/// else the `.language-X` class of its attribute block (`{#id .language-json}`); empty when
/// it names none.
fn info_language(info: &str) -> &str {
    let info = info.trim();
    if !info.starts_with('{') {
        return info
            .split(|c: char| c.is_whitespace() || c == '{')
            .next()
            .unwrap_or_default();
    }
    info.trim_matches(['{', '}'])
        .split_whitespace()
        .find_map(|word| word.strip_prefix(".language-"))
        .unwrap_or_default()
}

/// True when a code block's `body` (trimmed at the start) looks like a sample request.
fn looks_request(body: &str) -> bool {
    body.starts_with("http")
        || body.contains("://")
        || body.contains("?Action=")
        || body.starts_with("GET ")
        || body.starts_with("POST ")
}

/// The sample value the tree is learnt from, and whether it is the XML sample: the JSON
/// sample (its action's XML root dropped, keys trimmed, or a repaired reading), else the XML
/// sample, else none. Every problem met on the way is a warning, but for a sample nested
/// deeper than [`MAX_DEPTH`]: a `too-deep` error.
pub(crate) fn read_response(picked: &Picked<'_>, ctx: &mut Ctx<'_>) -> (Option<Value>, bool) {
    if let Some(line) = picked.json.and_then(json_too_deep) {
        depth::report(ctx.diags, line, "the JSON sample");
        return (None, false);
    }
    let parsed = picked.json.map(|b| {
        let value = json::parse(b).map(|v| json::without_action_root(v, ctx.action));
        (b, value)
    });
    let (fallback_line, problem) = match parsed {
        Some((block, Ok(value))) => return (Some(json::trim_keys(value, block, ctx)), false),
        Some((block, Err(p))) => match p.repaired {
            Some(value) => {
                let value = json::without_action_root(value, ctx.action);
                ctx.diags.warn(
                    p.line,
                    "invalid-json-sample",
                    format!("{}; using a repaired reading", p.message),
                );
                return (Some(json::trim_keys(value, block, ctx)), false);
            }
            None => (p.line, Some(p.message)),
        },
        None => (0, None),
    };
    let envelope = format!("{}Response", ctx.action);
    let xml = picked.xml.and_then(|b| match read_xml_enveloped(&b.text, &envelope) {
        Ok((map, rest)) => {
            if let Some(rest) = rest {
                ctx.diags.warn(
                    b.line + rest,
                    "invalid-xml-sample",
                    format!("XML sample goes on after its `<{envelope}>` element; the rest is ignored"),
                );
            }
            Some(Value::Object(map))
        }
        Err(e) if e.too_deep => {
            depth::report(ctx.diags, b.line + e.line, "the XML sample");
            None
        }
        Err(e) => {
            let what = if problem.is_some() {
                "not used either"
            } else {
                "the table alone is used"
            };
            ctx.diags.warn(
                b.line + e.line,
                "invalid-xml-sample",
                format!("XML sample is not well-formed ({}); {what}", e.message),
            );
            None
        }
    });
    match (problem, picked.xml) {
        (Some(message), _) => {
            let what = if xml.is_some() {
                "the XML sample is used instead"
            } else {
                "the table alone is used"
            };
            ctx.diags.warn(
                fallback_line,
                "invalid-json-sample",
                format!("{message}; {what}"),
            );
        }
        (None, Some(block)) if xml.is_some() => ctx.diags.warn(
            block.line,
            "missing-json-sample",
            "no JSON success sample; the response tree is learnt from the XML sample",
        ),
        (None, _) => {}
    }
    let used = xml.is_some();
    (xml, used)
}

/// Reads an XML sample (see [`xml::read`]) once its declaration is blanked out (see
/// [`blank_declaration`]).
pub(crate) fn read_xml(text: &str) -> Result<serde_json::Map<String, Value>, xml::XmlSampleError> {
    xml::read(&blank_declaration(text))
}

/// Reads an XML sample like [`read_xml`], ignoring what follows a complete `envelope` root
/// element (see [`xml::read_enveloped`]).
fn read_xml_enveloped(
    text: &str,
    envelope: &str,
) -> Result<(serde_json::Map<String, Value>, Option<usize>), xml::XmlSampleError> {
    xml::read_enveloped(&blank_declaration(text), envelope)
}

/// `text` with the XML declaration before its first element replaced by spaces (line breaks
/// kept, so lines and offsets stay), however it is spaced: pages write `<? xml version="1.0"
/// ? >`, which no XML reader accepts. The declaration says nothing the sample needs.
fn blank_declaration(text: &str) -> Cow<'_, str> {
    let Some(start) = text.find("<?") else {
        return Cow::Borrowed(text);
    };
    let before = text.get(..start).unwrap_or_default();
    if before.contains('<') {
        return Cow::Borrowed(text);
    }
    let after = text.get(start..).unwrap_or_default();
    let end = after.match_indices('>').find_map(|(at, _)| {
        let inside = after.get(..at)?;
        inside.trim_end().ends_with('?').then_some(start + at + 1)
    });
    let Some(end) = end else {
        return Cow::Borrowed(text);
    };
    let declaration = text.get(start..end).unwrap_or_default();
    let blank: String = declaration
        .chars()
        .map(|c| if c == '\n' { c } else { ' ' })
        .collect();
    Cow::Owned(format!(
        "{before}{blank}{}",
        text.get(end..).unwrap_or_default()
    ))
}

/// Line of the bracket where the JSON sample `block` first nests deeper than [`MAX_DEPTH`]
/// (checked on the text, before a parser recurses into it).
fn json_too_deep(block: &CodeBlock) -> Option<usize> {
    let text = block.text.as_bytes();
    let at = depth::json_too_deep(text, MAX_DEPTH)?;
    Some(block.line + depth::line_of(text, at))
}

/// Line of `key` in a response sample: of its first `"key"` in a JSON sample, of its first
/// `<key>` start tag in an XML one (`xml`), else the sample's first line.
pub(crate) fn key_line(block: &CodeBlock, key: &str, xml: bool) -> usize {
    let at = if xml {
        xml::find_tag(&block.text, key)
    } else {
        block.text.find(&format!("\"{key}\""))
    };
    let before = at.and_then(|at| block.text.get(..at)).unwrap_or_default();
    block.line + before.matches('\n').count()
}

#[cfg(test)]
mod tests {
    use super::vocab::contains_ignore_case;
    use super::*;

    #[test]
    fn info_strings_name_their_language_before_attributes() {
        assert_eq!(info_language("json"), "json");
        assert_eq!(info_language(" XML {#codeblock_x}"), "XML");
        assert_eq!(info_language("json{#x}"), "json");
        assert_eq!(info_language("{#codeblock_y .language-json}"), "json");
        assert_eq!(info_language("{#json_return_success_demo}"), "");
        assert_eq!(info_language(""), "");
    }

    #[test]
    fn a_spaced_xml_declaration_is_blanked() {
        let text = "<? xml version=\"1.0\" encoding=\"UTF-8\" ? >\n<R><A>1</A></R>";
        let blanked = blank_declaration(text);
        assert_eq!(blanked.len(), text.len());
        assert!(blanked.starts_with(' ') && blanked.contains("\n<R>"));
        let read = read_xml(text).map(Value::Object);
        assert_eq!(read, Ok(serde_json::json!({"A": "1"})));
        let multi = "HTTP/1.1 200 OK\n\n<?xml version='1.0'\n?>\n<R/>";
        assert_eq!(blank_declaration(multi).matches('\n').count(), 4);
        // Text without a declaration before its first element is left alone.
        for same in ["<R><?pi x?></R>", "<? never closed", "<R/>"] {
            assert!(
                matches!(blank_declaration(same), Cow::Borrowed(_)),
                "{same}"
            );
        }
    }

    #[test]
    fn matches_words_ignoring_case() {
        assert!(contains_ignore_case("Sample JSON response", "json"));
        assert!(!contains_ignore_case("js", "json"));
    }
}
