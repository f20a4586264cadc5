//! The dialect reader: markdown text becomes a [`Page`] of sections, tables and samples.
//!
//! A [`prepass`] puts every table row on one line (the dialect spreads a row's cells over
//! several lines), keeping a map back to source lines; pulldown-cmark then reads the result
//! in one pass, and this module keeps what lowering needs from its events — headings, prose,
//! links, tables and code blocks — each with the 1-based source line it came from. Text is
//! cleaned with [`text::clean`].

mod prepass;
pub mod text;

use crate::diag::Diagnostics;
use prepass::Joined;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A page read from markdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The first level-1 heading (`# Action`), attribute block removed.
    pub title: Option<Heading>,
    /// The first paragraph after the title.
    pub summary: Option<Paragraph>,
    /// Every section in page order; content under the title comes first, in a section whose
    /// heading is the title (or an empty level-0 heading when the page has no title).
    pub sections: Vec<Section>,
}

impl Page {
    /// The first section (below the title) whose heading satisfies `pred` (text is compared
    /// as written).
    pub fn section(&self, pred: impl Fn(&str) -> bool) -> Option<&Section> {
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

/// A paragraph (or list item, as `"- item"`) as cleaned plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// Cleaned plain text.
    pub text: String,
    /// 1-based line where it starts.
    pub line: usize,
}

/// A link (or image): its text and destination.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    /// Link text, cleaned.
    pub text: String,
    /// Destination as written (`https://...`, `~~25609~~`, ...).
    pub url: String,
    /// 1-based line.
    pub line: usize,
}

/// One section: a heading and everything up to the next heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The section heading.
    pub heading: Heading,
    /// Paragraphs and list items, in order ([`Section::text`] joins them).
    pub paragraphs: Vec<Paragraph>,
    /// Links found anywhere in the section (prose and tables).
    pub links: Vec<Link>,
    /// Tables, in order.
    pub tables: Vec<Table>,
    /// Code blocks, in order.
    pub code: Vec<CodeBlock>,
}

impl Section {
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

/// One table cell: cleaned text and the line it starts on (diagnostics about a parameter
/// point at its cell).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Cleaned plain text (escapes resolved, links reduced to their text, `<br>` a line
    /// break).
    pub text: String,
    /// 1-based line where the cell starts.
    pub line: usize,
}

/// One body row of a table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The cells, in column order: as many as the header has (GFM pads a short row with
    /// empty cells and drops the cells beyond the header's).
    pub cells: Vec<Cell>,
    /// 1-based line where the row starts.
    pub line: usize,
}

/// A table: header cells and body rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Header cells.
    pub header: Vec<Cell>,
    /// Body rows, in order.
    rows: Vec<Row>,
    /// 1-based line of the header row.
    pub line: usize,
}

impl Table {
    /// The body rows, in order.
    pub fn rows(&self) -> std::slice::Iter<'_, Row> {
        self.rows.iter()
    }

    /// Body row `i` (0-based), if there is one.
    pub fn row(&self, i: usize) -> Option<&Row> {
        self.rows.get(i)
    }
}

/// A fenced or indented code block and the paragraphs that introduce it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeBlock {
    /// Paragraphs between the previous table or code block (within the section) and this
    /// one, e.g. `["Sample success responses", "XML format"]`; the last is the nearest.
    pub labels: Vec<Paragraph>,
    /// Info string of a fenced block (`json`, `xml`, ...), possibly empty.
    pub info: String,
    /// The block's content, verbatim.
    pub text: String,
    /// 1-based line of the first content line.
    pub line: usize,
}

impl CodeBlock {
    /// The nearest label (e.g. `XML format`), if any.
    pub fn label(&self) -> Option<&Paragraph> {
        self.labels.last()
    }
}

/// Reads a page's markdown into a [`Page`], reporting to `diags` the table rows that never
/// reach their closing `|`, the tables read without a delimiter row, and the rows whose extra
/// `|` were read as text. Never panics.
pub fn read(source: &str, diags: &mut Diagnostics) -> Page {
    let joined = prepass::join_rows(source);
    report_repairs(&joined, diags);
    let mut reader = Reader::new(&joined);
    reader.walk(0, &joined.text, true);
    let mut page = reader.page;
    // An empty block whose fence is the page's last line "starts" on the line after it:
    // keep every line a diagnostic may name on the page.
    for code in page.sections.iter_mut().flat_map(|s| s.code.iter_mut()) {
        code.line = code.line.min(joined.last_line);
    }
    if let Some(title) = &page.title {
        page.summary = page
            .sections
            .iter()
            .find(|s| s.heading.level == 1 && s.heading.line == title.line)
            .and_then(|s| s.paragraphs.first())
            .cloned();
    }
    page
}

/// Warns about the table rows the pre-pass read in spite of the page's slips.
fn report_repairs(joined: &Joined, diags: &mut Diagnostics) {
    for &line in &joined.unterminated {
        diags.warn(
            line,
            "unterminated-row",
            "table row never reaches its closing `|`; it runs to the next row or heading",
        );
    }
    for &line in &joined.headless {
        diags.warn(
            line,
            "missing-delimiter-row",
            "table header has no delimiter row (`|---|---|`) under it; read as a table all the same",
        );
    }
    for &(line, cells, ncols) in &joined.surplus {
        diags.warn(
            line,
            "extra-cells",
            format!(
                "row has {cells} cells, its header {ncols} (an unescaped `|`?); the extra `|` \
                 are read as text of the last cell"
            ),
        );
    }
}

/// A link whose end is still to come: where its text starts in the text being gathered,
/// its destination and line.
struct OpenLink {
    start: usize,
    url: String,
    line: usize,
}

/// Builds a [`Page`] from pulldown-cmark's events over the row-joined text.
struct Reader<'j> {
    /// The pre-pass's output: the text read, its map to source lines, its blocks.
    joined: &'j Joined,
    page: Page,
    /// Inline text of the open heading, paragraph or list item, as read so far.
    prose: String,
    /// Line where the open paragraph or list item starts.
    prose_line: usize,
    /// Level and line of the open heading.
    heading: (u8, usize),
    /// How many lists the reader is in.
    list_depth: usize,
    /// True while a list item's text is being gathered (its paragraphs and the text before
    /// a nested list make one item).
    item_open: bool,
    /// True once a code block inside the open list item has flushed the item's text: the
    /// text after the block continues the item, so it is no new `- ` item.
    item_split: bool,
    /// The open code block.
    code: Option<CodeBlock>,
    /// Paragraphs of the current section from this index on label the next code block.
    labels_from: usize,
    /// Links whose end is still to come, innermost last.
    links: Vec<OpenLink>,
    /// The open table.
    table: Option<Table>,
    /// The open row (the header's cells, or a body row's) and where it ends in the text.
    row: Option<(Row, usize)>,
    /// The open cell: its text as read so far (apart from the prose of a list item the
    /// table may be in).
    cell: Option<Cell>,
}

impl<'j> Reader<'j> {
    fn new(joined: &'j Joined) -> Self {
        Reader {
            joined,
            page: Page::default(),
            prose: String::new(),
            prose_line: 0,
            heading: (0, 0),
            list_depth: 0,
            item_open: false,
            item_split: false,
            code: None,
            labels_from: 0,
            links: Vec::new(),
            table: None,
            row: None,
            cell: None,
        }
    }

    /// Reads `text`, which starts at byte `base` of the joined text. At the top level
    /// (`top`), the pre-pass's tables and code blocks that pulldown-cmark finds inside a raw
    /// HTML block are read as well (the vendor pages wrap a few in `<pre>` or comments).
    fn walk(&mut self, base: usize, text: &str, top: bool) {
        let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            let range = base + range.start..base + range.end;
            match event {
                Event::Start(Tag::HtmlBlock) if top => self.read_blocks_in(range),
                Event::Start(tag) => self.start(tag, range),
                Event::End(tag) => self.end(tag),
                Event::Text(t) => match self.code.as_mut() {
                    Some(code) => code.text.push_str(&t),
                    None => self.gathered().push_str(&t),
                },
                Event::Code(t) => self.gathered().push_str(&t),
                Event::InlineHtml(h) => {
                    let text = if is_br(&h) { "\n" } else { &h };
                    self.gathered().push_str(text);
                }
                Event::SoftBreak | Event::HardBreak => self.gathered().push('\n'),
                _ => {}
            }
        }
    }

    /// Reads the pre-pass's tables and code blocks that start inside `html`, a raw HTML
    /// block, each alone.
    fn read_blocks_in(&mut self, html: Range<usize>) {
        let joined = self.joined;
        let first = joined.blocks.partition_point(|b| b.start < html.start);
        let inside = joined.blocks.get(first..).unwrap_or_default();
        for block in inside.iter().take_while(|b| b.start < html.end) {
            if let Some(text) = joined.text.get(block.clone()) {
                self.walk(block.start, text, false);
            }
        }
    }

    /// The inline text being gathered: the open cell's, else the open block's.
    fn gathered(&mut self) -> &mut String {
        match self.cell.as_mut() {
            Some(cell) => &mut cell.text,
            None => &mut self.prose,
        }
    }

    /// The current section (a level-0 one when the page has no heading yet).
    fn section(&mut self) -> &mut Section {
        let sections = &mut self.page.sections;
        if sections.is_empty() {
            sections.push(Section::default());
        }
        let last = sections.len() - 1;
        &mut sections[last]
    }

    /// Opens the element `tag`, which spans `range` of the joined text.
    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let line = self.joined.line_of(range.start);
        match tag {
            Tag::Heading { level, .. } => {
                self.prose.clear();
                self.heading = (level as u8, line);
            }
            Tag::Paragraph => {
                if self.list_depth == 0 || !self.item_open {
                    self.prose.clear();
                    self.prose_line = line;
                } else if !self.prose.is_empty() {
                    self.prose.push_str("\n\n");
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
                self.prose.clear();
                self.prose_line = line;
                self.item_open = true;
                self.item_split = false;
            }
            Tag::CodeBlock(kind) => {
                // A fenced block's content starts on the line after its fence.
                let (info, line) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_string(), line + 1),
                    CodeBlockKind::Indented => (String::new(), line),
                };
                // A block inside a list item (`-   JSON format` then an indented fence) is
                // labelled by the item's text, so that text is a paragraph before it.
                if self.item_open {
                    self.flush_prose();
                    self.item_split = true;
                }
                let labels = self.take_labels();
                self.code = Some(CodeBlock {
                    labels,
                    info,
                    text: String::new(),
                    line,
                });
            }
            Tag::Table(_) => {
                // Paragraphs before a table label no code block after it.
                self.labels_from = self.page.sections.last().map_or(0, |s| s.paragraphs.len());
                self.table = Some(Table {
                    line,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                let row = Row {
                    cells: Vec::new(),
                    line,
                };
                self.row = Some((row, range.end));
            }
            Tag::TableCell => {
                // A padding cell sits at its row's end: keep it on the row's last line.
                let row_end = self.row.as_ref().map_or(range.end, |(_, end)| *end);
                let at = range.start.min(row_end.saturating_sub(1));
                self.cell = Some(Cell {
                    text: String::new(),
                    line: self.joined.line_of(at),
                });
            }
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let link = OpenLink {
                    start: self.gathered().len(),
                    url: dest_url.to_string(),
                    line,
                };
                self.links.push(link);
            }
            _ => {}
        }
    }

    /// Closes the element `tag`, adding what it holds to the page.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let text = strip_attributes(&text::clean(&self.prose));
                self.prose.clear();
                let (level, line) = self.heading;
                let heading = Heading { text, level, line };
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
                if let (Some(mut cell), Some((row, _))) = (self.cell.take(), self.row.as_mut()) {
                    cell.text = text::clean(&cell.text);
                    row.cells.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let (Some((row, _)), Some(table)) = (self.row.take(), self.table.as_mut()) {
                    table.header = row.cells;
                }
            }
            TagEnd::TableRow => {
                if let (Some((row, _)), Some(table)) = (self.row.take(), self.table.as_mut()) {
                    table.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.section().tables.push(table);
                }
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some(open) = self.links.pop() {
                    let text = text::clean(self.gathered().get(open.start..).unwrap_or_default());
                    let link = Link {
                        text,
                        url: open.url,
                        line: open.line,
                    };
                    self.section().links.push(link);
                }
            }
            _ => {}
        }
    }

    /// Adds the open paragraph or list item to the section (unless it is empty).
    fn flush_prose(&mut self) {
        let mut text = text::clean(&self.prose);
        self.prose.clear();
        if text.is_empty() {
            return;
        }
        if self.list_depth > 0 && !(self.item_open && self.item_split) {
            text.insert_str(0, "- ");
        }
        let para = Paragraph {
            text,
            line: self.prose_line,
        };
        self.section().paragraphs.push(para);
    }

    /// The paragraphs since the last table, code block or heading, which label a code block.
    fn take_labels(&mut self) -> Vec<Paragraph> {
        let from = self.labels_from;
        let section = self.section();
        let labels = section.paragraphs.get(from..).unwrap_or_default().to_vec();
        self.labels_from = section.paragraphs.len();
        labels
    }
}

/// `text` without a trailing `{#id .class}` attribute block (pulldown-cmark removes the
/// usual ones; this catches one it leaves, as before a closing `#` sequence).
fn strip_attributes(text: &str) -> String {
    let t = text.trim_end();
    let kept = t
        .strip_suffix('}')
        .and_then(|t| t.rfind('{').and_then(|open| t.get(..open)))
        .map_or(t, str::trim_end);
    kept.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(src: &str) -> Page {
        read(src, &mut Diagnostics::new("t.md"))
    }

    /// The texts of a row's cells.
    fn texts(row: Option<&Row>) -> Vec<&str> {
        row.map_or(Vec::new(), |r| r.cells.iter().map(|c| &*c.text).collect())
    }

    #[test]
    fn strips_attribute_blocks() {
        assert_eq!(
            strip_attributes("Request parameters {#x .section}"),
            "Request parameters"
        );
        assert_eq!(strip_attributes("Examples { .section}"), "Examples");
        assert_eq!(strip_attributes("Plain  "), "Plain");
        assert_eq!(strip_attributes("Odd }"), "Odd }");
    }

    #[test]
    fn title_summary_and_sections() {
        let src = "# StopJob {#doc .reference}\n\nStops a job.\n\nMore.\n\n\
                   ## Request parameters {#p .section}\n\nText\n\n## Examples { .section}\n\n\
                   ## Errors {#e .section} ##\n";
        let page = page(src);
        let title = page.title.as_ref().unwrap();
        assert_eq!(
            (title.text.as_str(), title.level, title.line),
            ("StopJob", 1, 1)
        );
        let summary = page.summary.as_ref().unwrap();
        assert_eq!((summary.text.as_str(), summary.line), ("Stops a job.", 3));
        let params = page.section(|h| h == "Request parameters").unwrap();
        assert_eq!((params.heading.level, params.heading.line), (2, 7));
        assert_eq!(params.text(), "Text");
        assert!(page.section(|h| h == "Examples").is_some());
        assert!(page.section(|h| h == "Errors").is_some());
        // Content before any heading goes to an untitled level-0 section.
        let untitled = self::page("Intro\n\n## A\n");
        assert_eq!(untitled.sections[0].heading, Heading::default());
        assert_eq!(untitled.sections[0].text(), "Intro");
        assert!(untitled.title.is_none() && untitled.summary.is_none());
    }

    #[test]
    fn cells_links_and_prose() {
        let src = "# A\n\n## Description\n\nIntro\n\n- one\n- two\n\nEnd\n\n\
                   |Name|Type|\n|-|-|\n|Id| x<br>y |\n|L|[see](u://v)|\n|M|pre [it](w)|\n";
        let page = page(src);
        let sec = page.section(|h| h == "Description").unwrap();
        assert_eq!(sec.text(), "Intro\n\n- one\n- two\n\nEnd");
        let table = &sec.tables[0];
        assert_eq!(table.line, 12);
        assert_eq!(texts(table.row(0)), ["Id", "x y"]);
        let link = &sec.links[0];
        assert_eq!(
            (link.text.as_str(), link.url.as_str(), link.line),
            ("see", "u://v", 15)
        );
        assert_eq!(texts(table.row(1)), ["L", "see"]);
        assert_eq!(sec.links[1].text, "it");
        assert_eq!(texts(table.row(2)), ["M", "pre it"]);
        assert_eq!(table.rows().len(), 3);
        assert!(table.row(3).is_none());
    }

    #[test]
    fn prose_markup_and_nested_lists() {
        let src =
            "Some *emphasis*, `code`, \\*escapes\\* &amp; [a link](~~25609~~) ![img](i.png)\n\
                   line two\n\n-   a\n    -   b\n        more b\n-   c\n\n1. one\n";
        let page = page(src);
        let sec = &page.sections[0];
        assert_eq!(
            sec.text(),
            "Some emphasis, code, *escapes* & a link img line two\n\n- a\n- b more b\n- c\n- one"
        );
        let links: Vec<(&str, &str)> = sec
            .links
            .iter()
            .map(|l| (l.text.as_str(), l.url.as_str()))
            .collect();
        assert_eq!(links, [("a link", "~~25609~~"), ("img", "i.png")]);
        let lines: Vec<usize> = sec.paragraphs.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 4, 5, 7, 9]);
    }

    #[test]
    fn cells_read_like_gfm() {
        let src = "|A|B|C|\n|-|-|-|\n|a\\|b| `c` |\n|x|one\n\n-   two\n-   three|\n|short|\n\
                   |1|2|3|4|\n|5|6|7| |\n";
        let page = page(src);
        let table = &page.sections[0].tables[0];
        assert_eq!(
            texts(Some(&Row {
                cells: table.header.clone(),
                line: 1
            })),
            ["A", "B", "C"]
        );
        assert_eq!(texts(table.row(0)), ["a|b", "c", ""]);
        let row = table.row(1).unwrap();
        assert_eq!(texts(Some(row)), ["x", "one\n\n- two\n- three", ""]);
        let lines: Vec<usize> = row.cells.iter().map(|c| c.line).collect();
        // A padding cell sits on its row's last line.
        assert_eq!((row.line, lines), (4, vec![4, 4, 7]));
        assert_eq!(texts(table.row(2)), ["short", "", ""]);
        assert_eq!(table.row(2).unwrap().cells[2].line, 8);
        // Cells past the header's are text of the last cell, or dropped when blank.
        assert_eq!(texts(table.row(3)), ["1", "2", "3|4"]);
        assert_eq!(texts(table.row(4)), ["5", "6", "7"]);
    }

    #[test]
    fn unterminated_rows_are_reported() {
        let mut diags = Diagnostics::new("t.md");
        let page = read("|A|B|\n|-|-|\n|x|one\ntwo\n|y|z|\n", &mut diags);
        let items = diags.items();
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].kind, items[0].line), ("unterminated-row", 3));
        let table = &page.sections[0].tables[0];
        assert_eq!(texts(table.row(0)), ["x", "one two"]);
        assert_eq!(texts(table.row(1)), ["y", "z"]);
    }

    #[test]
    fn repaired_tables_are_reported() {
        let mut diags = Diagnostics::new("t.md");
        let page = read("|A|B|\n|y|z|\n|x|a|b|\n", &mut diags);
        let kinds: Vec<(&str, usize)> = diags.items().iter().map(|d| (d.kind, d.line)).collect();
        assert_eq!(kinds, [("missing-delimiter-row", 1), ("extra-cells", 3)]);
        let table = &page.sections[0].tables[0];
        assert_eq!(texts(table.row(0)), ["y", "z"]);
        assert_eq!(texts(table.row(1)), ["x", "a|b"]);
        assert_eq!(table.row(1).unwrap().line, 3);
    }

    #[test]
    fn code_blocks_and_their_labels() {
        let src = "## Examples\n\nSample request\n\n```\nGET /?A=1\n```\n\nResponses\n\n\
                   JSON format\n\n``` json \n{}\n```\n\nStray\n\n|A|\n|-|\n|x|\n\n    indented\n";
        let page = page(src);
        let code = &page.sections[0].code;
        assert_eq!(code.len(), 3);
        assert_eq!((code[0].info.as_str(), code[0].line), ("", 6));
        assert_eq!(code[0].text, "GET /?A=1\n");
        assert_eq!(
            code[0].label().map(|l| l.text.as_str()),
            Some("Sample request")
        );
        let labels: Vec<&str> = code[1].labels.iter().map(|l| &*l.text).collect();
        assert_eq!(labels, ["Responses", "JSON format"]);
        assert_eq!((code[1].info.as_str(), code[1].line), ("json", 14));
        // A table stands between `Stray` and the indented block.
        assert!(code[2].labels.is_empty());
        assert_eq!((code[2].text.as_str(), code[2].line), ("indented\n", 23));
    }

    #[test]
    fn a_block_in_a_list_item_is_labelled_by_the_item() {
        let src = "Responses\n\n-   XML format\n\n    ```xml {#a}\n    <a/>\n    ```\n\n\
                   -   JSON format\n\n    ``` json {#b .language-json}\n    {}\n    ```\n";
        let page = page(src);
        let code = &page.sections[0].code;
        let labels = |i: usize| -> Vec<&str> { code[i].labels.iter().map(|l| &*l.text).collect() };
        assert_eq!(labels(0), ["Responses", "- XML format"]);
        assert_eq!(labels(1), ["- JSON format"]);
        assert_eq!(
            (code[1].info.as_str(), code[1].text.as_str()),
            ("json {#b .language-json}", "{}\n")
        );
        assert_eq!(code[1].line, 12);
        assert_eq!(
            page.sections[0].text(),
            "Responses\n\n- XML format\n- JSON format"
        );
        // Text after a block in the same item continues the item.
        let page = self::page("-   Example:\n\n    ```\n    x\n    ```\n\n    Or:\n-   next\n");
        assert_eq!(page.sections[0].text(), "- Example:\n\nOr:\n\n- next");
    }

    #[test]
    fn an_empty_block_at_the_end_stays_on_the_page() {
        for src in ["# A\n\n```xml", "# A\n\n```xml\n", "# A\n\n    "] {
            let lines = src.matches('\n').count() + 1;
            for code in page(src).sections.iter().flat_map(|s| &s.code) {
                assert!(code.line <= lines, "{src:?}: {}", code.line);
            }
        }
    }

    #[test]
    fn table_in_a_list_item_keeps_the_item() {
        let src = "- item\n\n  |A|\n  |-|\n  |in list|\n";
        let page = page(src);
        let sec = &page.sections[0];
        assert_eq!(sec.text(), "- item");
        assert_eq!(sec.paragraphs[0].line, 1);
        assert_eq!(sec.tables[0].row(0).unwrap().cells[0].text, "in list");
        assert_eq!(sec.tables[0].row(0).unwrap().cells[0].line, 5);
    }

    #[test]
    fn a_backslash_ending_a_line_of_a_cell_stays() {
        let page = page("|A|B|\n|-|-|\n|x|one \\\ntwo|\n");
        let row = page.sections[0].tables[0].row(0).unwrap();
        assert_eq!(row.cells[1].text, "one \\ two");
    }

    #[test]
    fn table_inside_raw_html_is_still_read() {
        let page = page("<pre>\n\n|A|\n|-|\n|x|\n</pre>\n\n<div>\n|B|\n|-|\n|y|\n");
        let tables = &page.sections[0].tables;
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].line, 3);
        assert_eq!(tables[0].row(0).unwrap().cells[0].text, "x");
        assert_eq!(tables[1].line, 9);
        assert_eq!(tables[1].row(0).unwrap().cells[0].line, 11);
    }

    #[test]
    fn fence_inside_raw_html_is_still_read() {
        let src =
            "<!-- a comment\n\nXML format\n\n```xml\n<a/>\n```\n-->\n<div>\n```json\n{}\n```\n";
        let page = page(src);
        let code = &page.sections[0].code;
        assert_eq!(code.len(), 2);
        assert_eq!(
            (code[0].info.as_str(), code[0].text.as_str()),
            ("xml", "<a/>\n")
        );
        assert_eq!(code[0].line, 6);
        assert_eq!((code[1].info.as_str(), code[1].line), ("json", 11));
        // The prose inside the HTML block stays HTML.
        assert!(page.sections[0].paragraphs.is_empty());
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
