//! Doc comments for emitted items, built from the page's own text.
//!
//! Page text is plain prose, but rustdoc reads it as markdown: indented lines would become
//! doctests, `[x]` an unresolved intra-doc link, `<Common parameters>` an HTML tag and a bare
//! URL a lint warning. [`text`] neutralises all of these; [`code`] wraps example values in a
//! code span that cannot be broken by backticks inside the value.

use proc_macro2::TokenStream;
use quote::quote;

/// A doc comment under construction: paragraphs joined by blank lines.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// An empty doc comment.
    pub(crate) fn new() -> Self {
        Doc::default()
    }

    /// Appends a paragraph of already safe markdown (skipped when blank).
    pub(crate) fn md(mut self, markdown: impl Into<String>) -> Self {
        let markdown = markdown.into();
        if !markdown.trim().is_empty() {
            self.paragraphs.push(markdown);
        }
        self
    }

    /// Appends page prose, made safe with [`text`] (skipped when blank).
    pub(crate) fn text(self, prose: &str) -> Self {
        let safe = text(prose);
        self.md(safe)
    }

    /// Appends `Example: `value``, when the page gives an example.
    pub(crate) fn example(self, example: Option<&str>) -> Self {
        match example.map(code) {
            Some(Some(span)) => self.md(format!("Example: {span}")),
            _ => self,
        }
    }

    /// The `#[doc = " ..."]` attributes, one per line, so prettyplease prints `///` lines.
    pub(crate) fn attrs(&self) -> TokenStream {
        let joined = self.paragraphs.join("\n\n");
        let lines = joined.lines().map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        });
        quote!(#(#lines)*)
    }
}

/// Makes page prose safe as rustdoc markdown: strips indentation (no indented code blocks),
/// escapes fences, `[`, `]`, `<`, `>` and turns bare URLs into `<autolinks>`.
pub(crate) fn text(prose: &str) -> String {
    let prose = prose.replace(['\u{a0}', '\t'], " ").replace('\r', "");
    let mut out = String::with_capacity(prose.len() + 16);
    for (i, line) in prose.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            out.push('\\');
        }
        escape_line(line, &mut out);
    }
    out
}

/// Escapes one line, keeping URLs as autolinks.
fn escape_line(line: &str, out: &mut String) {
    let mut rest = line;
    while !rest.is_empty() {
        let next_url = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min();
        let Some(start) = next_url else {
            escape_plain(rest, out);
            return;
        };
        let (before, from_url) = rest.split_at(start);
        escape_plain(before, out);
        let end = from_url
            .find(|c: char| c.is_whitespace() || "<>\"'`()[]{}|\\^".contains(c))
            .unwrap_or(from_url.len());
        let (url, after) = from_url.split_at(end);
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
        let (url, tail) = url.split_at(trimmed.len());
        if url.len() > "https://".len() {
            out.push('<');
            out.push_str(url);
            out.push('>');
        } else {
            escape_plain(url, out);
        }
        escape_plain(tail, out);
        rest = after;
    }
}

/// Escapes the characters rustdoc would read as links or HTML.
fn escape_plain(s: &str, out: &mut String) {
    for c in s.chars() {
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// An inline code span holding `value` verbatim on one line, or `None` when it is blank.
pub(crate) fn code(value: &str) -> Option<String> {
    let value: String = value
        .replace(['\r', '\n', '\u{a0}', '\t'], " ")
        .trim()
        .to_string();
    if value.is_empty() {
        return None;
    }
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in value.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if value.starts_with('`') || value.ends_with('`') {
        " "
    } else {
        ""
    };
    Some(format!("{fence}{pad}{value}{pad}{fence}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_links_and_html() {
        assert_eq!(
            text("See [DescribeRegions](~~25609~~) and <Common parameters>."),
            "See \\[DescribeRegions\\](~~25609~~) and \\<Common parameters\\>."
        );
    }

    #[test]
    fn text_autolinks_urls() {
        assert_eq!(
            text("Visit https://error-center.alibabacloud.com/status/product/smc."),
            "Visit <https://error-center.alibabacloud.com/status/product/smc>."
        );
        assert_eq!(
            text("(see http://a.example/x)"),
            "(see <http://a.example/x>)"
        );
        assert_eq!(text("http:// alone"), "http:// alone");
    }

    #[test]
    fn text_removes_code_blocks() {
        assert_eq!(
            text("a\n    indented code\n```\nfence"),
            "a\nindented code\n\\```\nfence"
        );
        assert_eq!(text("\u{a0}\tx"), "x");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(
            code("j-bw526m1vi6x21qh****").as_deref(),
            Some("`j-bw526m1vi6x21qh****`")
        );
        assert_eq!(code("a`b").as_deref(), Some("``a`b``"));
        assert_eq!(code("`x`").as_deref(), Some("`` `x` ``"));
        assert_eq!(code("[\n1,\n2]").as_deref(), Some("`[ 1, 2]`"));
        assert_eq!(code("  "), None);
    }

    #[test]
    fn doc_attrs_are_one_per_line() {
        let doc = Doc::new().text("First.").md("").example(Some("x")).attrs();
        let rendered = doc.to_string();
        assert_eq!(rendered.matches("doc").count(), 3, "{rendered}");
        assert!(rendered.contains("\" First.\""), "{rendered}");
        assert!(rendered.contains("\" Example: `x`\""), "{rendered}");
    }
}
