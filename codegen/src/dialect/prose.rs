//! The prose between a page's tables and code blocks, read without pulldown-cmark where it
//! is simple.
//!
//! Once the pre-pass has cut tables and fenced code out, what is left of a page is headings,
//! paragraphs and short bullet lists, plus the placeholders of the cut blocks. That text is
//! split into regions at lines that always start a block at the top level (a heading or a
//! placeholder at the start of a line, see [`regions`]). A region whose blocks all have one
//! of the plain shapes [`blocks`] knows is read here; any other region is handed to
//! pulldown-cmark alone, which reads it as it would within the whole page. The corpus test
//! and a property test check both ways give the same page.

use super::prepass::PLACEHOLDER;
use super::{cells, text};
use std::ops::Range;

/// One block of a region, with byte ranges relative to the region's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// An ATX heading (`## Text`): its level, where its line starts, and its text.
    Heading { level: u8, at: usize, text: Inline },
    /// A paragraph: its lines, from the first one's text to the last one's end.
    Paragraph(Inline),
    /// A bullet list starts at the marker of its first item.
    ListStart(usize),
    /// A list item: where its marker is, and its text (continuation lines included).
    Item { at: usize, text: Inline },
    /// The open list ends.
    ListEnd,
}

/// The inline text of a block: where it is in the region, and, when it holds markup, where
/// its reading is in [`Blocks::text`] and its links in [`Blocks::links`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inline {
    /// The text as written, a range of the region.
    pub raw: Range<usize>,
    /// The text as read (a range of [`Blocks::text`]) and its links (of [`Blocks::links`]),
    /// when it holds markup.
    pub read: Option<(Range<usize>, Range<usize>)>,
}

/// The blocks [`blocks`] read from a region, with the inline markup it read; kept from
/// region to region to reuse the buffers.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    /// The blocks, in order.
    pub list: Vec<Block>,
    /// The text of the blocks that hold markup, as [`cells::simple`] reads it, one after
    /// another.
    pub text: String,
    /// Their links: text ranges in [`Blocks::text`]; destination and `[` as offsets in the
    /// region.
    pub links: Vec<cells::SimpleLink>,
}

impl Blocks {
    /// Empties the buffers for the next region.
    fn clear(&mut self) {
        self.list.clear();
        self.text.clear();
        self.links.clear();
    }

    /// The inline text at `raw` of `region`, its markup read when it has some; `None` when
    /// the markup is more than [`cells::simple`] reads, or a backslash ends a line (a hard
    /// break in prose, text in a table cell).
    fn inline(&mut self, region: &str, raw: Range<usize>) -> Option<Inline> {
        let text = region.get(raw.clone())?;
        if !cells::needs_inline(text) {
            return Some(Inline { raw, read: None });
        }
        if cells::followed_by(text.as_bytes(), b'\\', b'\n') {
            return None;
        }
        let (start, first_link) = (self.text.len(), self.links.len());
        if !cells::simple(text, &mut self.text, &mut self.links) {
            return None;
        }
        for link in self.links.get_mut(first_link..).unwrap_or_default() {
            // From the block's text to the region's.
            link.url = link.url.start + raw.start..link.url.end + raw.start;
            link.at += raw.start;
        }
        let read = (start..self.text.len(), first_link..self.links.len());
        Some(Inline {
            raw,
            read: Some(read),
        })
    }

    /// Adds a paragraph whose text is at `raw`; `false` when its markup is not read here.
    fn paragraph(&mut self, region: &str, raw: Range<usize>) -> bool {
        let Some(text) = self.inline(region, raw) else {
            return false;
        };
        self.list.push(Block::Paragraph(text));
        true
    }

    /// Adds a list item marked at `at` whose text is at `raw`; `false` when its markup is
    /// not read here.
    fn item(&mut self, region: &str, at: usize, raw: Range<usize>) -> bool {
        let Some(text) = self.inline(region, raw) else {
            return false;
        };
        self.list.push(Block::Item { at, text });
        true
    }
}

/// What [`regions`] yields: a placeholder line or a run of prose.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Region {
    /// The line of a cut table or code block (its range, line ending included).
    Placeholder(Range<usize>),
    /// Prose from a heading (or the page's start) to the next region.
    Prose(Range<usize>),
}

/// True when `text` may be read region by region: no line of it [`breaks_regions`]. (The
/// pre-pass finds the same while it copies the prose, see `Joined::splittable`.)
#[cfg(test)]
pub(crate) fn splittable(text: &str) -> bool {
    !text::lines_at(text).any(|(_, line)| breaks_regions(line))
}

/// True when a line keeps its page from being read region by region: at the top level
/// (indented less than four spaces) it starts an HTML block other than a placeholder, or a
/// code fence the pre-pass left (either could run past a heading), or it looks like a link
/// reference definition (which applies to links anywhere on the page).
pub(crate) fn breaks_regions(line: &str) -> bool {
    let content = line.trim_start_matches(' ');
    if line.len() - content.len() > 3 {
        return false;
    }
    match content.as_bytes().first() {
        Some(b'<') => content.trim_end() != PLACEHOLDER,
        Some(b'`') => content.starts_with("```"),
        Some(b'~') => content.starts_with("~~~"),
        Some(b'[') => content.contains("]:"),
        _ => false,
    }
}

/// The regions of `text` (which must be splittable, see [`breaks_regions`]), in order,
/// covering all of it, given where headings and placeholders start lines (`true` for a
/// placeholder). A heading or placeholder at the start of a line always starts a top-level
/// block (it ends any list, quote or indented code before it), so each region reads alone
/// as it does in the page.
pub(crate) fn regions<'t>(
    text: &'t str,
    starts: &'t [(usize, bool)],
) -> impl Iterator<Item = Region> + 't {
    let mut at = 0;
    let mut starts = starts.iter().peekable();
    std::iter::from_fn(move || loop {
        let Some(&&(start, placeholder)) = starts.peek() else {
            let rest = (at < text.len()).then_some(Region::Prose(at..text.len()));
            at = text.len();
            return rest;
        };
        if start > at {
            // The prose before it first.
            let prose = at..start;
            at = start;
            return Some(Region::Prose(prose));
        }
        starts.next();
        if placeholder {
            let rest = text.get(start..).unwrap_or_default();
            let end = start + memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |n| n + 1);
            at = end;
            return Some(Region::Placeholder(start..end));
        }
    })
}

/// The level of an ATX heading line (`#` to `######` at the line's start, then a space or
/// the line's end).
pub(crate) fn atx_level(line: &str) -> Option<u8> {
    let b = line.as_bytes();
    let n = b.iter().take_while(|&&x| x == b'#').count();
    let after = b.get(n).copied();
    ((1..=6).contains(&n) && matches!(after, None | Some(b' ' | b'\n')))
        .then(|| u8::try_from(n).unwrap_or(6))
}

/// Reads `region` into `out` (cleared first) when every block of it has a plain shape: an
/// ATX heading as its first line, paragraphs, and bullet lists (one level of them nested in
/// an item, at its text's indentation) whose items are one paragraph each, with no line
/// that could start any other block, no tab or carriage return, and inline text
/// [`Blocks::inline`] reads. Returns `false` (with `out`
/// undefined) otherwise.
pub(crate) fn blocks(region: &str, out: &mut Blocks) -> bool {
    out.clear();
    if memchr::memchr2(b'\t', b'\r', region.as_bytes()).is_some() {
        return false;
    }
    let mut state = State::Between;
    // (A final line break leaves an empty last line: blank, so it changes nothing.)
    for (start, line) in text::lines_at(region) {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let text_start = start + indent;
        if start == 0 {
            if let Some(level) = atx_level(line) {
                let Some(text) = heading_text(line, usize::from(level)) else {
                    return false;
                };
                let Some(text) = out.inline(region, text) else {
                    return false;
                };
                out.list.push(Block::Heading { level, at: 0, text });
                continue;
            }
        }
        if content.trim_end_matches(' ').is_empty() {
            state = match state {
                State::Para(range) => {
                    if !out.paragraph(region, range) {
                        return false;
                    }
                    State::Between
                }
                State::Item(mut open) => {
                    open.after_blank = true;
                    State::Item(open)
                }
                other => other,
            };
            continue;
        }
        let bullet = bullet(content);
        state = match state {
            State::Between if indent == 0 && bullet.is_some() => {
                out.list.push(Block::ListStart(start));
                item(start, bullet.unwrap_or_default(), 0, line)
            }
            State::Between if indent <= 3 && !starts_block(content) => {
                State::Para(text_start..at_end(start, line))
            }
            State::Para(range) if !starts_block(content) => {
                State::Para(range.start..at_end(start, line))
            }
            State::Item(open) if bullet.is_some() && (indent == 0 || indent == open.width) => {
                if !out.item(region, open.at, open.text) {
                    return false;
                }
                let nested = indent > 0;
                if open.nested && !nested {
                    out.list.push(Block::ListEnd);
                }
                if nested && !open.nested {
                    out.list.push(Block::ListStart(start));
                }
                let width = if nested {
                    open.width
                } else {
                    bullet.unwrap_or_default()
                };
                let mut next = item(start, bullet.unwrap_or_default(), indent, line);
                if let State::Item(item) = &mut next {
                    item.width = width;
                    item.nested = nested;
                }
                next
            }
            State::Item(mut open) if !open.after_blank && !starts_block(content) => {
                open.text = open.text.start..at_end(start, line);
                State::Item(open)
            }
            State::Item(open) if open.after_blank && indent == 0 && !starts_block(content) => {
                if !out.item(region, open.at, open.text) {
                    return false;
                }
                if open.nested {
                    out.list.push(Block::ListEnd);
                }
                out.list.push(Block::ListEnd);
                State::Para(text_start..at_end(start, line))
            }
            _ => return false,
        };
    }
    match state {
        State::Para(range) => out.paragraph(region, range),
        State::Item(open) => {
            let read = out.item(region, open.at, open.text);
            if open.nested {
                out.list.push(Block::ListEnd);
            }
            out.list.push(Block::ListEnd);
            read
        }
        State::Between => true,
    }
}

/// Where [`blocks`] is between two lines.
enum State {
    /// No block open (the region's start, or after a blank line outside a list).
    Between,
    /// A paragraph is open: its text so far.
    Para(Range<usize>),
    /// A list item is open.
    Item(OpenItem),
}

/// A list item being read.
struct OpenItem {
    /// Where its marker line starts.
    at: usize,
    /// Its text so far.
    text: Range<usize>,
    /// Whether a blank line followed it.
    after_blank: bool,
    /// Whether it is an item of a list nested in a top-level item.
    nested: bool,
    /// Where the text of the top-level item starts (the indentation a nested list has).
    width: usize,
}

/// The end (in the region) of a line starting at `start`, trailing spaces left out.
fn at_end(start: usize, line: &str) -> usize {
    start + line.trim_end_matches(' ').len()
}

/// A new top-level item whose marker line starts at `start`, the marker `indent` spaces in
/// and its text `width` bytes after the marker's start.
fn item(start: usize, width: usize, indent: usize, line: &str) -> State {
    State::Item(OpenItem {
        at: start,
        text: start + indent + width..at_end(start, line),
        after_blank: false,
        nested: false,
        width,
    })
}

/// The text of an ATX heading line of `level`: after the `#`s and spaces, without trailing
/// spaces; `None` when a closing `#` sequence would need reading, or braces other than one
/// attribute block at the end (`{#id .section}`, which pulldown-cmark takes off and the
/// reader strips anyway).
fn heading_text(line: &str, level: usize) -> Option<Range<usize>> {
    let body = line.get(level..)?;
    let start = level + (body.len() - body.trim_start_matches(' ').len());
    let end = (level + body.trim_end_matches(' ').len()).max(start);
    let text = line.get(start..end)?;
    let braces = text.bytes().filter(|&x| x == b'{' || x == b'}').count();
    let attributes = braces == 2 && text.ends_with('}') && text.contains('{');
    (!text.ends_with('#') && (braces == 0 || attributes)).then_some(start..end)
}

/// The width of a bullet marker that opens `content` (`-`, `*` or `+`, then one to four
/// spaces, then text that starts no other block), or `None`.
fn bullet(content: &str) -> Option<usize> {
    let b = content.as_bytes();
    if !matches!(b.first(), Some(b'-' | b'*' | b'+')) || thematic_break(content) {
        return None;
    }
    let spaces = b.get(1..)?.iter().take_while(|&&x| x == b' ').count();
    let rest = content.get(1 + spaces..)?;
    ((1..=4).contains(&spaces) && !rest.trim_end_matches(' ').is_empty() && !starts_block(rest))
        .then_some(1 + spaces)
}

/// True when a line (its indentation removed) could start a block other than a paragraph
/// (or continue one in a way other than as plain text): a heading, quote, list item,
/// thematic break, setext underline, HTML, fence or table row. Deliberately broad: a line
/// it accepts only ever means paragraph text.
fn starts_block(content: &str) -> bool {
    let b = content.as_bytes();
    match b.first() {
        None => false,
        Some(b'#' | b'>' | b'<' | b'|' | b'=') => true,
        Some(b'`') => content.starts_with("```"),
        Some(b'~') => content.starts_with("~~~"),
        Some(&c @ (b'-' | b'*' | b'+' | b'_')) => {
            matches!(b.get(1), None | Some(b' ')) || thematic_break(content) || {
                // A setext underline (`--`), or the run of a list marker.
                c == b'-' && content.trim_end_matches(' ').bytes().all(|x| x == b'-')
            }
        }
        Some(b'0'..=b'9') => {
            let digits = b.iter().take_while(|x| x.is_ascii_digit()).count();
            matches!(b.get(digits), Some(b'.' | b')'))
                && matches!(b.get(digits + 1), None | Some(b' '))
        }
        Some(_) => false,
    }
}

/// True for a thematic break: three or more of one of `-`, `*`, `_`, with spaces only.
fn thematic_break(content: &str) -> bool {
    let b = content.as_bytes();
    let Some(&c) = b.first() else { return false };
    matches!(c, b'-' | b'*' | b'_')
        && b.iter().all(|&x| x == c || x == b' ')
        && b.iter().filter(|&&x| x == c).count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(region: &str) -> Option<Vec<Block>> {
        let mut out = Blocks::default();
        blocks(region, &mut out).then_some(out.list)
    }

    #[test]
    fn reads_headings_paragraphs_and_lists() {
        let region = "## Usage notes\n\nFirst line\n  second **Note:** line  \n\n-   a [link](u)\n    more\n-   b\n\n-   c\n\nEnd\n";
        let mut out = Blocks::default();
        assert!(blocks(region, &mut out));
        let texts: Vec<&str> = out
            .list
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } => {
                    match &text.read {
                        Some((read, _)) => out.text.get(read.clone()),
                        None => region.get(text.raw.clone()),
                    }
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Usage notes",
                "First line\n  second Note: line",
                "a link\n    more",
                "b",
                "c",
                "End"
            ]
        );
        assert_eq!(out.links.len(), 1);
        let link = &out.links[0];
        assert_eq!(region.get(link.url.clone()), Some("u"));
        assert_eq!(region.get(link.at..link.at + 3), Some("[li"));
        assert_eq!(out.text.get(link.text.clone()), Some("link"));
        assert_eq!(
            out.list.iter().filter(|b| **b == Block::ListEnd).count(),
            1,
            "{:?}",
            out.list
        );
    }

    #[test]
    fn reads_a_list_nested_in_an_item() {
        let blocks = read("-   a\n    -   b\n    more b\n    -   c\n-   d\n\nEnd\n").unwrap();
        let kinds: Vec<&str> = blocks
            .iter()
            .map(|b| match b {
                Block::ListStart(_) => "(",
                Block::ListEnd => ")",
                Block::Item { .. } => "i",
                Block::Paragraph(_) => "p",
                Block::Heading { .. } => "h",
            })
            .collect();
        assert_eq!(kinds.concat(), "(i(ii)i)p");
    }

    #[test]
    fn leaves_other_shapes_to_pulldown() {
        for region in [
            "# T {a} {#id}\n",
            "# T {#id\n",
            "# T #\n",
            "text\n---\n",
            "text\n===\n",
            "> quote\n",
            "    code\n",
            "- a\n\n  second paragraph\n",
            "- a\n   - not at the text's indentation\n",
            "- a\n  - b\n    - c\n",
            "text\n- interrupts\n",
            "1. one\n",
            "a\ttab\n",
            "a\r\n",
            "*emphasis*\n",
            "<div>\n",
            "***\n",
            "-\n",
            "line\\\nbreak\n",
            "- a\n\n   b\n",
        ] {
            assert_eq!(read(region), None, "{region:?}");
        }
    }

    #[test]
    fn splits_at_headings_and_placeholders() {
        let text = format!("intro\n# A\ntext\n{PLACEHOLDER}\n## B\n#hashtag\n{PLACEHOLDER}\n");
        let at = |s: &str| text.find(s).unwrap();
        let starts = [
            (at("# A"), false),
            (at(PLACEHOLDER), true),
            (at("## B"), false),
            (at("## B") + 14, true),
        ];
        let got: Vec<Region> = regions(&text, &starts).collect();
        assert_eq!(
            got,
            [
                Region::Prose(0..6),
                Region::Prose(6..at(PLACEHOLDER)),
                Region::Placeholder(at(PLACEHOLDER)..at("## B")),
                Region::Prose(at("## B")..at("## B") + 14),
                Region::Placeholder(at("## B") + 14..text.len()),
            ]
        );
        assert!(splittable(&text));
        for odd in ["<div>\n", "```\n", "  ~~~\n", "[a]: /u\n"] {
            assert!(!splittable(&format!("{text}{odd}")), "{odd}");
        }
        assert!(splittable("    <div>\n"));
    }
}
