//! The page's samples: which code block is which ([`pick`]), the sample request read for
//! its host, action, version and parameters ([`request`]), and the success response the
//! response tree is learnt from ([`json`], else [`xml`]).

mod json;
mod request;
mod xml;

pub use json::trim_sample_keys;
pub(crate) use request::{parse_request, request_line, RequestSample, SampleParam};

use super::{starts_with_ignore_case, Ctx, MAX_DEPTH};
use crate::depth;
use crate::dialect::{CodeBlock, Page, Section};
use serde_json::Value;

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
            && starts_with_ignore_case(s.heading.text.trim(), "example")
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
        let has = |word: &str| contains_ignore_case(&label.text, word);
        if has("error") {
            *mode = Mode::Error;
        } else if has("request") {
            *mode = Mode::Request;
        } else if has("success") || has("response") {
            *mode = Mode::Success;
        }
        if has("json") {
            format = Some(Format::Json);
        } else if has("xml") {
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
        let info = block.info.as_str();
        let is_json = format == Some(Format::Json)
            || info.eq_ignore_ascii_case("json")
            || (format.is_none() && (body.starts_with('{') || body.starts_with('[')));
        let is_xml = format == Some(Format::Xml)
            || info.eq_ignore_ascii_case("xml")
            || (format.is_none() && body.starts_with('<'));
        if is_json && self.json.is_none() {
            self.json = Some(block);
        } else if is_xml && self.xml.is_none() {
            self.xml = Some(block);
        }
    }
}

/// True when a code block's `body` (trimmed at the start) looks like a sample request.
fn looks_request(body: &str) -> bool {
    body.starts_with("http")
        || body.contains("://")
        || body.contains("?Action=")
        || body.starts_with("GET ")
        || body.starts_with("POST ")
}

/// True when `text` contains the lowercase ASCII `word`, ignoring ASCII case.
fn contains_ignore_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// The sample value the tree is learnt from, and whether it is the XML sample: the JSON
/// sample (trimmed keys, or a repaired reading), else the XML sample, else none. Every
/// problem met on the way is a warning, but for a sample nested deeper than [`MAX_DEPTH`]: a
/// `too-deep` error.
pub(crate) fn read_response(picked: &Picked<'_>, ctx: &mut Ctx<'_>) -> (Option<Value>, bool) {
    if let Some(line) = picked.json.and_then(json_too_deep) {
        depth::report(ctx.diags, line, "the JSON sample");
        return (None, false);
    }
    let (fallback_line, problem) = match picked.json.map(|b| (b, json::parse(b))) {
        Some((block, Ok(value))) => return (Some(json::trim_keys(value, block, ctx)), false),
        Some((block, Err(p))) => match p.repaired {
            Some(value) => {
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
    let xml = picked.xml.and_then(|b| match xml::read(&b.text) {
        Ok(map) => Some(Value::Object(map)),
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
    use super::*;

    #[test]
    fn matches_words_ignoring_case() {
        assert!(contains_ignore_case("Sample JSON response", "json"));
        assert!(!contains_ignore_case("js", "json"));
    }
}
