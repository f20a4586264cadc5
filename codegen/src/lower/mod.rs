//! Lowering: a dialect [`Page`](crate::dialect::Page) becomes a typed [`Api`], with lints.
//!
//! One file per part of the page: [`request`] groups flattened parameters, [`response`]
//! rebuilds the response tree from the table and the samples, [`errors`] reads the error
//! table, [`samples`] picks the samples and reads them (the request, the JSON or XML success
//! response), [`lints`] holds the page-level checks, and [`table`] matches columns and parses
//! types. Every problem becomes a diagnostic with a line; the IR is returned only when none
//! of them is an error.

mod errors;
mod lints;
mod request;
mod response;
mod samples;
mod table;
mod values;
mod versions;
mod vocab;

pub use crate::depth::MAX_DEPTH;
pub use samples::{sample_json, trim_sample_keys};

use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::{self, Page, Section};
use crate::ident;
use crate::ir::{Api, Language, Param, Position, Route, Samples, Style};
use crate::names::{ActionItems, Scope};
use samples::RequestSample;

/// Context a page cannot supply by itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Product code from the spec folder (`specs/<product>/...`), used when the page has no
    /// debugging link naming it.
    pub product: Option<String>,
    /// API version to assume when the page states none (e.g. the version its sibling pages state).
    pub fallback_version: Option<String>,
}

/// Result of lowering one page: the IR (absent when there are errors) and every diagnostic.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The IR, `None` when at least one diagnostic is an error.
    pub api: Option<Api>,
    /// All warnings and errors found, sorted by line.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every diagnostic kind lowering (and the dialect reader) can report.
pub const KINDS: &[&str] = &[
    "invalid-utf8",
    "missing-title",
    "invalid-action",
    "title-not-action",
    "missing-section",
    "missing-table",
    "no-request-table",
    "no-version",
    "version-assumed",
    "no-product",
    "no-endpoint",
    "summary-verb",
    "missing-summary",
    "action-mismatch",
    "duplicate-param",
    "invalid-param-name",
    "unknown-type",
    "missing-type",
    "sample-param-undocumented",
    "json-key-undocumented",
    "field-not-in-sample",
    "sample-spelling",
    "invalid-json-sample",
    "missing-json-sample",
    "invalid-xml-sample",
    "json-key-whitespace",
    "type-mismatch",
    "missing-response",
    "duplicate-error-code",
    "empty-error-code",
    "unterminated-row",
    "missing-delimiter-row",
    "extra-cells",
    "unknown-position",
    "too-deep",
];

/// Shared state while lowering one page: where diagnostics go, and the Rust names its
/// action's types and error variants have taken.
pub(crate) struct Ctx<'d> {
    /// Where diagnostics go.
    pub diags: &'d mut Diagnostics,
    /// The action named by the title.
    pub action: &'d str,
    /// The struct names of this action.
    types: Scope,
    /// The error variant names of this action.
    variants: Scope,
}

impl<'d> Ctx<'d> {
    /// A context for lowering the page of `action`.
    pub fn new(diags: &'d mut Diagnostics, action: &'d str) -> Ctx<'d> {
        Ctx {
            diags,
            action,
            types: Scope::ir_types(&ActionItems::new(action)),
            variants: Scope::variants(),
        }
    }

    /// A unique struct name for the wire name `wire`: `Tag`, then `Tag2`, `Tag3`...
    pub fn struct_name(&mut self, wire: &str) -> String {
        self.types.claim(&ident::type_name(wire))
    }

    /// A unique error variant name for the error code `code`:
    /// `ReplicationJob.InvalidStatus` → `ReplicationJobInvalidStatus`, then `...2`.
    pub fn variant_name(&mut self, code: &str) -> String {
        self.variants.claim(&ident::variant_name(code))
    }
}

/// Reads and lowers the page at `path` whose raw bytes are `source`. Never panics.
pub fn lower(path: &str, source: &[u8], options: &Options) -> Lowered {
    let mut diags = Diagnostics::new(path);
    let api = match std::str::from_utf8(source) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let page = dialect::read(text, &mut diags);
            lower_page(&page, options, &mut diags)
        }
        Err(e) => {
            let valid = source.get(..e.valid_up_to()).unwrap_or_default();
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            diags.error(
                line,
                "invalid-utf8",
                format!("page is not valid UTF-8 (byte {})", e.valid_up_to()),
            );
            None
        }
    };
    let api = if diags.has_errors() { None } else { api };
    Lowered {
        api,
        diagnostics: diags.into_vec(),
    }
}

/// The first section whose heading says `words`, in any language.
fn section_of<'p>(page: &'p Page, words: &vocab::Words) -> Option<&'p Section> {
    page.section(|h| words.starts(h).is_some())
}

/// The language of the page: the one most of its known section headings are written in
/// (English when none is known, or on a tie).
fn language(page: &Page) -> Language {
    let mut zh = 0usize;
    let mut en = 0usize;
    let said = page
        .sections
        .iter()
        .filter(|s| s.heading.level >= 2)
        .filter_map(|s| {
            vocab::SECTIONS
                .iter()
                .find_map(|words| words.starts(&s.heading.text))
        });
    for language in said {
        match language {
            Language::En => en += 1,
            Language::Zh => zh += 1,
        }
    }
    if zh > en {
        Language::Zh
    } else {
        Language::En
    }
}

/// Lowers a read page; `None` when something essential is missing (an error is recorded).
pub fn lower_page(page: &Page, options: &Options, diags: &mut Diagnostics) -> Option<Api> {
    let Some(title) = &page.title else {
        diags.error(1, "missing-title", "page has no `# Action` title");
        return None;
    };
    let link = debug_link(page);
    let picked = samples::pick(page);
    let request_sample = picked.request.map(samples::parse_request);
    let linked = link.as_ref().and_then(|l| l.api);
    let sampled = request_sample.as_ref().and_then(|s| s.action);
    let action = action_of(
        title.text.trim(),
        title.line,
        linked,
        sampled.map(|(a, _)| a),
        diags,
    )?;
    let summary = summary(page, action, title.line, diags);
    let description = section_of(page, &vocab::DESCRIPTION_SECTION)
        .map(Section::text)
        .unwrap_or_default();
    let mut ctx = Ctx::new(diags, action);
    if let Some(l) = &link {
        check_linked_action(l, action, ctx.diags);
    }
    let request = request_params(page, title.line, &mut ctx, request_sample.as_ref());
    let response_section = section_of(page, &vocab::RESPONSE_SECTION);
    let (response, response_list) =
        response::lower(response_section, &picked, title.line, &mut ctx);
    let errors = errors::lower(section_of(page, &vocab::ERROR_SECTION), &mut ctx);
    let sample_line = picked.request.map(|b| b.line);
    let service = Service::of(
        link.as_ref(),
        request_sample.as_ref(),
        sample_line,
        options,
        title.line,
        ctx.diags,
    )?;
    let (style, route) = style_and_route(page, link.as_ref(), request_sample.as_ref());
    let mut request = request?;
    route_params_in_path(&mut request, route.as_ref());
    Some(Api {
        product: service.product,
        version: service.version,
        language: language(page),
        style,
        action: action.to_string(),
        summary,
        description,
        endpoint: Some(service.endpoint),
        route,
        request,
        response,
        response_list,
        errors,
        samples: Samples {
            request: picked.request.map(|b| b.text.clone()),
            xml: picked.xml.map(|b| b.text.clone()),
            json: picked.json.map(|b| b.text.clone()),
        },
    })
}

/// The page's summary (checked against the action's verb), or a warning and none.
fn summary(page: &Page, action: &str, title_line: usize, diags: &mut Diagnostics) -> String {
    match &page.summary {
        Some(p) => {
            lints::summary_verb(action, p, diags);
            p.text.to_string()
        }
        None => {
            diags.warn(title_line, "missing-summary", "no summary after the title");
            String::new()
        }
    }
}

/// Warns when the debugging link names another action than the title.
fn check_linked_action(link: &DebugLink<'_>, action: &str, diags: &mut Diagnostics) {
    if let Some(api) = link.api.filter(|&api| api != action) {
        diags.warn(
            link.line,
            "action-mismatch",
            format!("debugging link names `{api}`, the title `{action}`"),
        );
    }
}

/// The request parameters (with the members of a ROA request body that a `RequestBody`
/// section documents apart); `None`, with an error, when the page has no request section or
/// its tables are unusable.
fn request_params(
    page: &Page,
    title_line: usize,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    let Some(section) = section_of(page, &vocab::REQUEST_SECTION) else {
        ctx.diags.error(
            title_line,
            "missing-section",
            "page has no `## Request parameters` section",
        );
        return None;
    };
    let body = section_of(page, &vocab::REQUEST_BODY_SECTION);
    request::lower(section, body, ctx, sample)
}

/// Where an action is served: product code, API version and endpoint host.
struct Service {
    product: String,
    version: String,
    endpoint: String,
}

impl Service {
    /// The service from the debugging link, the sample request (whose block starts on
    /// `sample_line`) and `options`; `None`, with an error, when no version or no product is
    /// known. A missing endpoint is a warning and the product's usual host.
    fn of(
        link: Option<&DebugLink<'_>>,
        sample: Option<&RequestSample>,
        sample_line: Option<usize>,
        options: &Options,
        title_line: usize,
        diags: &mut Diagnostics,
    ) -> Option<Service> {
        let product = link
            .and_then(|l| l.product)
            .or(options.product.as_deref())
            .map(str::to_ascii_lowercase);
        let stated = link
            .and_then(|l| l.version)
            .or_else(|| sample.and_then(|s| s.version))
            .or(options.fallback_version.as_deref());
        let version = stated.or_else(|| assumed_version(product.as_deref(), title_line, diags));
        let Some(version) = version else {
            diags.error(
                title_line,
                "no-version",
                "no API version: none in the debugging link, no `Version=` in the sample, none \
                 on sibling pages, and the product's current version is not known",
            );
            return None;
        };
        let Some(product) = product else {
            diags.error(
                title_line,
                "no-product",
                "no product code: no debugging link and no product folder",
            );
            return None;
        };
        let endpoint = match sample.and_then(|s| s.host) {
            Some(host) => host.to_ascii_lowercase(),
            None => {
                diags.warn(
                    sample_line.unwrap_or(title_line),
                    "no-endpoint",
                    format!(
                        "no endpoint host in a sample request; assuming {product}.aliyuncs.com"
                    ),
                );
                format!("{product}.aliyuncs.com")
            }
        };
        Some(Service {
            version: version.to_string(),
            product,
            endpoint,
        })
    }
}

/// The action's style and, for a ROA action, its route. An HTTP request line (in a `Request
/// syntax` section, or else the sample request) gives the route, and marks the action ROA
/// when the debugging link does not say.
fn style_and_route(
    page: &Page,
    link: Option<&DebugLink<'_>>,
    sample: Option<&RequestSample>,
) -> (Style, Option<Route>) {
    let sample_route = sample.and_then(|s| s.route);
    let route = request_syntax(page)
        .or(sample_route)
        .map(|(methods, path)| Route {
            method: one_method(methods, sample_route.map(|(m, _)| m)).to_string(),
            path: path.to_string(),
        });
    let style = match link.and_then(|l| l.style) {
        Some(s) if s.eq_ignore_ascii_case("roa") => Style::Roa,
        Some(_) => Style::Rpc,
        None if route.is_some() => Style::Roa,
        None => Style::Rpc,
    };
    (style, route.filter(|_| style == Style::Roa))
}

/// One method of a request line's `methods` (`PATCH|POST`): the one the sample request uses
/// if it is among them, else the first.
fn one_method<'p>(methods: &'p str, sampled: Option<&'p str>) -> &'p str {
    let mut offered = methods.split('|');
    let first = offered.clone().next().unwrap_or(methods);
    sampled
        .filter(|s| offered.any(|m| m == *s))
        .unwrap_or(first)
}

/// Puts in the path the parameters a ROA route names (`/instances/[InstanceId]`,
/// `/instances/{InstanceId}`) that the table leaves in the query: a table without a
/// Position column says nothing of where they go, and the route says it.
fn route_params_in_path(request: &mut [Param], route: Option<&Route>) {
    let Some(route) = route else { return };
    let named: Vec<&str> = route
        .path
        .split(['[', '{'])
        .skip(1)
        .filter_map(|s| s.split_once([']', '}']).map(|(name, _)| name.trim()))
        .collect();
    for param in request.iter_mut() {
        if param.position == Position::Query && named.contains(&param.wire_name.as_str()) {
            param.position = Position::Path;
        }
    }
}

/// `(method, path)` of the request line in a `Request syntax` section
/// (`GET /clusters/[ClusterId]/nodes HTTP/1.1`), the mark of a ROA action.
fn request_syntax(page: &Page) -> Option<(&str, &str)> {
    let section = section_of(page, &vocab::SYNTAX_SECTION)?;
    section.code.iter().find_map(|block| {
        let line = block.text.lines().find(|l| !l.trim().is_empty())?;
        samples::request_line(line)
    })
}

/// The action a page documents: its title, or, for a title in words (`Call DescribeRegions
/// to query regions`), the word of it that the debugging link or the sample request names
/// (with a warning). `None`, with an error, when neither gives one.
fn action_of<'p>(
    title: &'p str,
    line: usize,
    linked: Option<&'p str>,
    sampled: Option<&'p str>,
    diags: &mut Diagnostics,
) -> Option<&'p str> {
    if is_action_name(title) {
        return Some(title);
    }
    let mentioned = |a: &&str| {
        is_action_name(a)
            && title
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == *a)
    };
    match linked.into_iter().chain(sampled).find(mentioned) {
        Some(a) => {
            diags.warn(
                line,
                "title-not-action",
                format!("title `{title}` is not an action name; using `{a}`, which it mentions and the page calls"),
            );
            Some(a)
        }
        None => {
            diags.error(
                line,
                "invalid-action",
                format!("title `{title}` is not an action name"),
            );
            None
        }
    }
}

/// The current version of a well-known `product`, for a page that states none anywhere
/// (with a `version-assumed` warning naming it).
fn assumed_version(
    product: Option<&str>,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<&'static str> {
    let product = product?;
    let version = versions::known(product)?;
    diags.warn(
        line,
        "version-assumed",
        format!("no API version on the page (debugging link, sample, sibling pages); assuming {version}, the current version of `{product}`"),
    );
    Some(version)
}

/// True for an action name: ASCII letters and digits, starting with a letter.
fn is_action_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What the OpenAPI Explorer link says about the action, borrowed from the link.
#[derive(Debug, Default)]
struct DebugLink<'p> {
    product: Option<&'p str>,
    api: Option<&'p str>,
    version: Option<&'p str>,
    style: Option<&'p str>,
    line: usize,
}

/// Finds `https://api.aliyun.com/#product=smc&api=X&type=RPC&version=...` anywhere.
fn debug_link<'p>(page: &'p Page) -> Option<DebugLink<'p>> {
    let link = page
        .sections
        .iter()
        .flat_map(|s: &Section| s.links.iter())
        .find(|l| l.url.contains("api.aliyun.com") && l.url.contains("product="))?;
    let query = link
        .url
        .split_once(['#', '?'])
        .map_or("", |(_, q)| q)
        .trim_start_matches(['/', '?', '#']);
    let mut out = DebugLink {
        line: link.line,
        ..DebugLink::default()
    };
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let slot = match k.trim() {
            "product" => &mut out.product,
            "api" => &mut out.api,
            "version" => &mut out.version,
            "type" => &mut out.style,
            _ => continue,
        };
        *slot = Some(v);
    }
    Some(out)
}
