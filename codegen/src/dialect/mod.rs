//! The dialect reader: markdown bytes become a [`Page`] of sections, tables and samples.
//!
//! A [`prepass`] first re-joins table rows spread over several lines; pulldown-cmark then
//! parses the result once, and this module keeps what lowering needs — headings, prose,
//! links, tables and code blocks — each with the 1-based line it came from.

mod prepass;
pub mod text;

use crate::diag::Diagnostics;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// A page read from markdown; its text borrows from the (row-joined) source where no
/// cleanup was needed, so most cells and paragraphs cost no allocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page<'a> {
    /// The first level-1 heading (`# Action`), attribute block removed.
    pub title: Option<Heading>,
    /// The first paragraph after the title.
    pub summary: Option<Paragraph<'a>>,
    /// Every section in page order; content under the title comes first, in a section whose
    /// heading is the title (or an empty level-0 heading when the page has no title).
    pub sections: Vec<Section<'a>>,
}

impl<'a> Page<'a> {
    /// The first section whose heading satisfies `pred` (text is compared as written).
    pub fn section(&self, pred: impl Fn(&str) -> bool) -> Option<&Section<'a>> {
        self.sections
            .iter()
            .find(|s| s.heading.level >= 2 && pred(&s.heading.text))
    }
}

/// A heading: its text (without `{#id .class}`), level and line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heading {
    /// Plain text, trimmed.
    pub text: String,
    /// 1 for `#`, 2 for `##`, ...; 0 for the untitled start of a page.
    pub level: u8,
    /// 1-based line.
    pub line: usize,
}

/// A paragraph (or list item) as cleaned plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph<'a> {
    /// Cleaned plain text (borrowed from the source when it needed no cleanup).
    pub text: Cow<'a, str>,
    /// 1-based line where it starts.
    pub line: usize,
}

/// A link: its text and destination.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link<'a> {
    /// Link text, cleaned (borrowed from the source when it needed no cleanup).
    pub text: Cow<'a, str>,
    /// Destination as written (`https://...`, `~~25609~~`, ...).
    pub url: Cow<'a, str>,
    /// 1-based line.
    pub line: usize,
}

/// One section: a heading and everything up to the next heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section<'a> {
    /// The section heading.
    pub heading: Heading,
    /// Paragraphs and list items, in order ([`Section::text`] joins them).
    pub paragraphs: Vec<Paragraph<'a>>,
    /// Links found anywhere in the section (prose and tables).
    pub links: Vec<Link<'a>>,
    /// Tables, in order.
    pub tables: Vec<Table<'a>>,
    /// Code blocks, in order.
    pub code: Vec<CodeBlock>,
}

/// One table cell: cleaned text and the line it starts on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell<'a> {
    /// Cleaned plain text (escapes resolved, links reduced to their text); borrowed from
    /// the source when it needed no cleanup.
    pub text: Cow<'a, str>,
    /// 1-based line where the cell starts.
    pub line: usize,
}

/// One body row of a table: a view of its cells in the table's flat cell list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'t, 'a> {
    /// The cells, in column order.
    pub cells: &'t [Cell<'a>],
    /// 1-based line where the row starts.
    pub line: usize,
}

/// Where a body row's cells sit in its table's cell list, and the row's line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct RowSpan {
    start: usize,
    end: usize,
    line: usize,
}

/// A table: header cells and body rows (the body's cells are kept in one list per table,
/// so a row costs no allocation of its own).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table<'a> {
    /// Header cells.
    pub header: Vec<Cell<'a>>,
    /// Body cells of every row, row after row.
    cells: Vec<Cell<'a>>,
    /// Body rows, as ranges of `cells`.
    spans: Vec<RowSpan>,
    /// 1-based line of the header row.
    pub line: usize,
}

impl<'a> Table<'a> {
    /// The body rows, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_, 'a>> + Clone + '_ {
        self.spans.iter().map(|s| self.row_at(s))
    }

    /// Body row `i` (0-based), if there is one.
    pub fn row(&self, i: usize) -> Option<Row<'_, 'a>> {
        self.spans.get(i).map(|s| self.row_at(s))
    }

    fn row_at(&self, span: &RowSpan) -> Row<'_, 'a> {
        Row {
            cells: self.cells.get(span.start..span.end).unwrap_or_default(),
            line: span.line,
        }
    }
}

/// A fenced or indented code block and the paragraphs that introduce it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeBlock {
    /// Paragraphs between the previous table or code block (within the section) and this
    /// one, e.g. `["Sample success responses", "XML format"]`; the last is the nearest.
    pub labels: Vec<Paragraph<'static>>,
    /// Info string of a fenced block (`json`, `xml`, ...), possibly empty.
    pub info: String,
    /// The block's content, verbatim.
    pub text: String,
    /// 1-based line of the first content line.
    pub line: usize,
}

impl CodeBlock {
    /// The nearest label (e.g. `XML format`), if any.
    pub fn label(&self) -> Option<&Paragraph<'static>> {
        self.labels.last()
    }
}

/// Reader state for one page; `'a` is the lifetime of the row-joined source.
struct Reader<'a> {
    page: Page<'a>,
    /// Inline text of the current block, when it came in more than one piece.
    buf: String,
    /// The current block's only piece so far, borrowed (then `buf` is empty): most cells
    /// and many paragraphs are one piece and are kept without a copy.
    pending: Option<&'a str>,
    buf_line: usize,
    list_depth: usize,
    item_open: bool,
    code: Option<CodeBlock>,
    /// Paragraphs of the current section from this index on label the next code block.
    labels_from: usize,
    link_starts: Vec<(usize, Cow<'a, str>, usize)>,
    table: Option<Table<'a>>,
    /// Cells go to the table's header (rather than its body) while this is set.
    in_head: bool,
    /// Start (in the table's body cells) and line of the open body row.
    row_start: usize,
    row_line: usize,
}

impl<'a> Reader<'a> {
    fn section(&mut self) -> &mut Section<'a> {
        if self.page.sections.is_empty() {
            self.page.sections.push(Section::default());
        }
        let last = self.page.sections.len() - 1;
        &mut self.page.sections[last]
    }

    /// Appends inline text to the current block, borrowing it when it is the first piece.
    fn push(&mut self, text: CowStr<'a>) {
        match text {
            CowStr::Borrowed(s) if self.buf.is_empty() && self.pending.is_none() => {
                self.pending = Some(s);
            }
            other => {
                self.flush_pending();
                self.buf.push_str(&other);
            }
        }
    }

    /// Appends a literal to the current block.
    fn push_str(&mut self, s: &str) {
        self.flush_pending();
        self.buf.push_str(s);
    }

    /// Moves a borrowed first piece into `buf` (more text follows it, or an offset is needed).
    fn flush_pending(&mut self) {
        if let Some(p) = self.pending.take() {
            self.buf.push_str(p);
        }
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.pending = None;
    }

    /// Length of the current block's text so far.
    fn len(&self) -> usize {
        self.pending.map_or(self.buf.len(), str::len)
    }

    fn is_empty(&self) -> bool {
        self.buf.is_empty() && self.pending.is_none()
    }

    /// The current block's text, cleaned (borrowed when it was one piece that needs no
    /// cleanup); the block is then empty.
    fn take_clean(&mut self) -> Cow<'a, str> {
        if let Some(p) = self.pending.take() {
            return text::clean_cow(p);
        }
        if self.buf.is_empty() {
            return Cow::Borrowed("");
        }
        let text = text::clean(&self.buf);
        self.buf.clear();
        Cow::Owned(text)
    }

    fn flush_prose(&mut self) {
        let text = if self.list_depth > 0 {
            self.flush_pending();
            let mut text = String::with_capacity(self.buf.len() + 2);
            text.push_str("- ");
            text::clean_into(&self.buf, &mut text);
            self.buf.clear();
            if text.len() == 2 {
                return;
            }
            Cow::Owned(text)
        } else {
            let text = self.take_clean();
            if text.is_empty() {
                return;
            }
            text
        };
        let para = Paragraph {
            text,
            line: self.buf_line,
        };
        self.section().paragraphs.push(para);
    }

    /// The paragraphs since the last table, code block or heading, which label a code block.
    fn take_labels(&mut self) -> Vec<Paragraph<'static>> {
        let from = self.labels_from;
        let sec = self.section();
        let labels = sec
            .paragraphs
            .get(from..)
            .unwrap_or_default()
            .iter()
            .map(|p| Paragraph {
                text: Cow::Owned(p.text.to_string()),
                line: p.line,
            })
            .collect();
        self.labels_from = sec.paragraphs.len();
        labels
    }

    /// Drops the pending labels (a table or heading stands between them and any code).
    fn clear_labels(&mut self) {
        self.labels_from = self.page.sections.last().map_or(0, |s| s.paragraphs.len());
    }

    fn start(&mut self, tag: Tag<'a>, line: usize) {
        match tag {
            Tag::Heading { .. } => {
                self.clear();
            }
            Tag::Paragraph => {
                if self.list_depth == 0 || !self.item_open {
                    self.clear();
                    self.buf_line = line;
                } else if !self.is_empty() {
                    self.push_str("\n\n");
                }
            }
            Tag::List(_) => {
                if self.item_open {
                    self.flush_prose();
                }
                self.list_depth += 1;
                self.item_open = false;
            }
            Tag::Item => {
                self.clear();
                self.buf_line = line;
                self.item_open = true;
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    labels: self.take_labels(),
                    info,
                    text: String::new(),
                    line,
                });
            }
            Tag::Table(_) => {
                self.clear_labels();
                self.table = Some(Table {
                    line,
                    ..Table::default()
                });
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow => {
                self.row_start = self.table.as_ref().map_or(0, |t| t.cells.len());
                self.row_line = line;
            }
            Tag::TableCell => {
                self.clear();
                self.buf_line = line;
            }
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let url = match dest_url {
                    CowStr::Borrowed(s) => Cow::Borrowed(s),
                    other => Cow::Owned(other.to_string()),
                };
                self.link_starts.push((self.len(), url, line));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, line_of_heading: usize, level: u8) {
        match tag {
            TagEnd::Heading(_) => {
                let text = strip_attributes(&self.take_clean());
                self.clear();
                let heading = Heading {
                    text,
                    level,
                    line: line_of_heading,
                };
                if level == 1 && self.page.title.is_none() {
                    self.page.title = Some(heading.clone());
                }
                self.page.sections.push(Section {
                    heading,
                    ..Section::default()
                });
                self.labels_from = 0;
            }
            TagEnd::Paragraph if self.list_depth == 0 || !self.item_open => self.flush_prose(),
            TagEnd::Item => {
                if self.item_open {
                    self.flush_prose();
                }
                self.item_open = false;
            }
            TagEnd::List(_) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                self.item_open = false;
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.section().code.push(code);
                }
            }
            TagEnd::TableCell => {
                let cell = Cell {
                    text: self.take_clean(),
                    line: self.buf_line,
                };
                if let Some(table) = self.table.as_mut() {
                    if self.in_head {
                        table.header.push(cell);
                    } else {
                        table.cells.push(cell);
                    }
                }
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(table) = self.table.as_mut() {
                    // Parameter tables run to dozens of rows: skip the first few regrowths.
                    table.cells.reserve(16 * table.header.len());
                    table.spans.reserve(16);
                }
            }
            TagEnd::TableRow => {
                if let Some(table) = self.table.as_mut() {
                    table.spans.push(RowSpan {
                        start: self.row_start,
                        end: table.cells.len(),
                        line: self.row_line,
                    });
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.section().tables.push(table);
                }
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some((start, url, line)) = self.link_starts.pop() {
                    let text = match self.pending {
                        Some(p) => text::clean_cow(p.get(start..).unwrap_or_default()),
                        None => Cow::Owned(text::clean(self.buf.get(start..).unwrap_or_default())),
                    };
                    self.section().links.push(Link { text, url, line });
                }
            }
            _ => {}
        }
    }
}

impl Section<'_> {
    /// The prose of the section as plain text: paragraphs separated by `"\n\n"`, list items
    /// as `"- item"` lines. Tables and code blocks are not included.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<&str> = None;
        for para in &self.paragraphs {
            if let Some(prev) = prev {
                let prev_item = prev
                    .rsplit('\n')
                    .next()
                    .is_some_and(|l| l.starts_with("- "));
                out.push_str(if para.text.starts_with("- ") && prev_item {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            out.push_str(&para.text);
            prev = Some(&para.text);
        }
        out
    }
}

/// Removes a trailing `{#id .class}` attribute block from heading text.
fn strip_attributes(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            return t[..open].trim_end().to_string();
        }
    }
    t.to_string()
}

/// True when inline HTML is a line break tag (`<br>`, `<br/>`, `<BR />`): ignoring
/// whitespace and `/`, it reads `<br>` in any case.
fn is_br(html: &str) -> bool {
    let mut rest = html
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .map(|c| c.to_ascii_lowercase());
    "<br>".chars().all(|want| rest.next() == Some(want)) && rest.next().is_none()
}

/// Reads the page at `path` (used for diagnostics only) into a [`Page`] and hands it to `f`
/// (the page borrows from a row-joined copy of `source` that lives only for this call).
/// Never panics.
pub fn read<R>(
    path: &str,
    source: &str,
    diags: &mut Diagnostics,
    f: impl FnOnce(&Page<'_>, &mut Diagnostics) -> R,
) -> R {
    let _ = path;
    thread_local! {
        /// Buffers of the last page's row-joined text, reused (cleared) by the next page.
        static SCRATCH: std::cell::Cell<prepass::Joined> = std::cell::Cell::default();
    }
    // Taken out for the call (a nested read would just start with empty buffers).
    let mut joined = SCRATCH.take();
    prepass::join_rows_into(source, &mut joined);
    let out = read_joined(&joined, diags, f);
    SCRATCH.set(joined);
    out
}

/// [`read`] over the row-joined text.
fn read_joined<R>(
    joined: &prepass::Joined,
    diags: &mut Diagnostics,
    f: impl FnOnce(&Page<'_>, &mut Diagnostics) -> R,
) -> R {
    for &line in &joined.unterminated {
        diags.warn(
            line,
            "unterminated-row",
            "table row never reaches its closing `|`; it runs to the next row or heading",
        );
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut r = Reader {
        page: Page {
            sections: Vec::with_capacity(12),
            ..Page::default()
        },
        buf: String::new(),
        pending: None,
        buf_line: 0,
        list_depth: 0,
        item_open: false,
        code: None,
        labels_from: 0,
        link_starts: Vec::new(),
        table: None,
        in_head: false,
        row_start: 0,
        row_line: 0,
    };
    let mut heading_line = 0;
    let mut heading_level = 0u8;
    let mut lines = joined.cursor();
    for (event, range) in Parser::new_ext(&joined.text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                // Only starts need a line; they come in text order, so a cursor finds it.
                let line = lines.line_of(range.start);
                if let Tag::Heading { level, .. } = &tag {
                    heading_line = line;
                    heading_level = *level as u8;
                }
                if let Tag::CodeBlock(_) = &tag {
                    // Content starts on the line after a fence; indented blocks start here.
                    let fenced = matches!(&tag, Tag::CodeBlock(CodeBlockKind::Fenced(_)));
                    r.start(tag, line);
                    if let Some(code) = r.code.as_mut() {
                        code.line = if fenced { line + 1 } else { line };
                    }
                    continue;
                }
                r.start(tag, line);
            }
            Event::End(tag) => r.end(tag, heading_line, heading_level),
            Event::Text(t) => match r.code.as_mut() {
                Some(code) => code.text.push_str(&t),
                None => r.push(t),
            },
            Event::Code(t) => r.push(t),
            Event::InlineHtml(h) => {
                if is_br(&h) {
                    r.push_str("\n");
                } else {
                    r.push(h);
                }
            }
            Event::SoftBreak | Event::HardBreak => r.push_str("\n"),
            _ => {}
        }
    }
    if let Some(title) = &r.page.title {
        let title_line = title.line;
        r.page.summary = r
            .page
            .sections
            .iter()
            .find(|s| s.heading.level == 1 && s.heading.line == title_line)
            .and_then(|s| s.paragraphs.first())
            .cloned();
    }
    f(&r.page, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_attribute_blocks() {
        assert_eq!(
            strip_attributes("Request parameters {#x .section}"),
            "Request parameters"
        );
        assert_eq!(strip_attributes("Examples { .section}"), "Examples");
    }

    #[test]
    fn plain_cells_borrow_and_prose_joins() {
        let src = "# A\n\n## Description\n\nIntro\n\n- one\n- two\n\nEnd\n\n\
                   |Name|Type|\n|-|-|\n|Id| x<br>y |\n|L|[see](u://v)|\n|M|pre [it](w)|\n";
        let mut diags = Diagnostics::new("t.md");
        read("t.md", src, &mut diags, |page, _| {
            let sec = page.section(|h| h == "Description").unwrap();
            assert_eq!(sec.text(), "Intro\n\n- one\n- two\n\nEnd");
            let row = sec.tables[0].row(0).unwrap();
            assert!(matches!(row.cells[0].text, Cow::Borrowed("Id")));
            assert!(matches!(row.cells[1].text, Cow::Owned(_)));
            assert_eq!(row.cells[1].text, "x y");
            let link = &sec.links[0];
            assert!(matches!(link.text, Cow::Borrowed("see")));
            assert_eq!(link.url, "u://v");
            assert!(matches!(
                sec.tables[0].row(1).unwrap().cells[1].text,
                Cow::Borrowed("see")
            ));
            assert_eq!(sec.links[1].text, "it");
            assert_eq!(sec.tables[0].row(2).unwrap().cells[1].text, "pre it");
            assert_eq!(sec.tables[0].rows().len(), 3);
            assert!(sec.tables[0].row(3).is_none());
        });
    }

    #[test]
    fn br_tags() {
        assert!(is_br("<br>"));
        assert!(is_br("<BR />"));
        assert!(!is_br("<b>"));
        assert!(is_br(" < B r / > "));
        assert!(!is_br("<br>x"));
        assert!(!is_br("<b"));
    }
}
