//! Table rows, split into cells the way GFM (and pulldown-cmark) does.
//!
//! The pre-pass cuts tables out of the text given to pulldown-cmark; the reader splits
//! their rows here. Cells are split at every `|` that does not directly follow a
//! backslash, the row's outer pipes left out, and trimmed of ASCII whitespace. A cell with
//! no byte that means something to inline markdown is kept as it is written; the others go
//! through pulldown-cmark as a one-cell table ([`inline_source`]), so escapes, code spans,
//! entities, links and `<br>` read exactly as they would in the whole page.

use std::ops::Range;

/// Byte ranges (in `row`) of the cells of one table row, in order, each trimmed.
pub(crate) fn split(row: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let b = row.as_bytes();
    let start = b.len() - row.trim_start_matches(is_space).len();
    let end = row.trim_end_matches(is_space).len();
    let inner = b.get(start..end).unwrap_or_default();
    let mut from = start;
    let mut to = end;
    if inner.first() == Some(&b'|') {
        from += 1;
    }
    if to > from && inner.last() == Some(&b'|') && !escaped(b, to - 1) {
        to -= 1;
    }
    let mut cell_start = from;
    let body = b.get(from..to).unwrap_or_default();
    for i in memchr::memchr_iter(b'|', body) {
        let at = from + i;
        if !escaped(b, at) {
            out.push(trimmed(row, cell_start..at));
            cell_start = at + 1;
        }
    }
    out.push(trimmed(row, cell_start..to.max(cell_start)));
}

/// True when the `|` at `at` is escaped: pulldown-cmark treats any pipe right after a
/// backslash as text, whatever comes before the backslash.
fn escaped(b: &[u8], at: usize) -> bool {
    at > 0 && b.get(at - 1) == Some(&b'\\')
}

/// The whitespace GFM trims around a cell. A multi-line row's lines are joined with `\n`,
/// which stands for the `<br>` of a one-line row and is kept (it is markup, not space).
fn is_space(c: char) -> bool {
    c.is_ascii_whitespace() && c != '\n'
}

/// `range` of `row` without surrounding ASCII whitespace.
fn trimmed(row: &str, range: Range<usize>) -> Range<usize> {
    let cell = row.as_bytes().get(range.clone()).unwrap_or_default();
    let lead = cell
        .iter()
        .position(|&b| !is_space(char::from(b)))
        .unwrap_or(cell.len());
    let end = cell
        .iter()
        .rposition(|&b| !is_space(char::from(b)))
        .map_or(lead, |i| i + 1);
    range.start + lead..range.start + end
}

/// [`special`] as a table, for byte-at-a-time checks.
const INLINE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = special(i as u8);
        i += 1;
    }
    t
};

/// True when some `first` byte of `b` is followed by `then` (`\\|`, `\\` + line break):
/// a byte search, cheaper than building a substring finder for each short text.
pub(crate) fn followed_by(b: &[u8], first: u8, then: u8) -> bool {
    memchr::memchr_iter(first, b).any(|i| b.get(i + 1) == Some(&then))
}

/// True for a byte inline markdown gives a meaning to: escapes, code, emphasis, links,
/// images, HTML, entities (`~` is plain text: strikethrough is not enabled). [`Markup`]
/// searches for the same nine bytes.
const fn special(x: u8) -> bool {
    (x == b'\\')
        | (x == b'`')
        | (x == b'*')
        | (x == b'_')
        | (x == b'[')
        | (x == b']')
        | (x == b'!')
        | (x == b'<')
        | (x == b'&')
}

/// Finds the markup bytes of a text in order: three vectorised searches for three bytes
/// each, every one run again only once the reading has passed what it found.
struct Markup<'b> {
    b: &'b [u8],
    /// The next `\\`/`` ` ``/`*`, `_`/`[`/`]` and `!`/`<`/`&` at or after the last start.
    next: [usize; 3],
}

impl<'b> Markup<'b> {
    fn new(b: &'b [u8]) -> Self {
        let mut finder = Markup { b, next: [0; 3] };
        for group in 0..3 {
            finder.search(group, 0);
        }
        finder
    }

    /// Index of the first markup byte at or after `from` (or the text's length).
    fn next(&mut self, from: usize) -> usize {
        for group in 0..3 {
            if self.next[group] < from {
                self.search(group, from);
            }
        }
        self.next.iter().copied().min().unwrap_or(self.b.len())
    }

    fn search(&mut self, group: usize, from: usize) {
        let rest = self.b.get(from..).unwrap_or_default();
        let found = match group {
            0 => memchr::memchr3(b'\\', b'`', b'*', rest),
            1 => memchr::memchr3(b'_', b'[', b']', rest),
            _ => memchr::memchr3(b'!', b'<', b'&', rest),
        };
        if let Some(slot) = self.next.get_mut(group) {
            *slot = found.map_or(self.b.len(), |n| from + n);
        }
    }
}

/// True when `cell` holds a byte inline markdown gives a meaning to; the rest is literal text.
pub(crate) fn needs_inline(cell: &str) -> bool {
    let b = cell.as_bytes();
    if b.len() < 32 {
        return b.iter().any(|&x| INLINE[usize::from(x)]);
    }
    // Three vectorised searches for three bytes each beat a byte-by-byte table lookup.
    memchr::memchr3(b'\\', b'`', b'*', b).is_some()
        || memchr::memchr3(b'_', b'[', b']', b).is_some()
        || memchr::memchr3(b'!', b'<', b'&', b).is_some()
}

/// True when every byte of `row` is printable ASCII (`' '..='~'`), no two spaces are
/// adjacent, and no byte means something to inline markdown: then each of its cells,
/// trimmed, is its own clean text (save a leading `+ ` bullet). Eight bytes at a time (SWAR);
/// kept as the independent oracle [`split_plain`]'s verdict is tested against.
#[cfg(test)]
pub(crate) fn plain_row(row: &str) -> bool {
    // Carry-free per-byte tests on 64-bit words (SWAR).
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let b = row.as_bytes();
    let mut prev_space = false;
    let mut words = b.chunks_exact(8);
    for word in &mut words {
        let Ok(bytes) = <[u8; 8]>::try_from(word) else {
            return false;
        };
        let w = u64::from_le_bytes(bytes);
        // Some byte below 0x20, or above 0x7e (0x7f and every non-ASCII byte).
        let below = w.wrapping_sub(0x20 * LO) & !w & HI;
        let above = (w.wrapping_add(LO) | w) & HI;
        if below | above != 0 {
            return false;
        }
        // Bit 7 of each byte that is a space.
        let t = w ^ (0x20 * LO);
        let spaces = !((t & !HI).wrapping_add(!HI) | t) & HI;
        if spaces & (spaces >> 8) != 0 || (prev_space && spaces & 0x80 != 0) {
            return false;
        }
        prev_space = spaces >> 63 != 0;
    }
    let mut prev = if prev_space { b' ' } else { 0 };
    for &x in words.remainder() {
        if x.wrapping_sub(0x20) > 0x5e || (x == b' ' && prev == b' ') {
            return false;
        }
        prev = x;
    }
    !needs_inline(row)
}

/// Whether byte `x`, followed by `next`, keeps a row plain: printable ASCII, no byte inline
/// markdown gives a meaning to, and not the first of two spaces.
fn plain_byte(x: u8, next: u8) -> bool {
    !((x.wrapping_sub(0x20) > 0x5e) | special(x) | ((x == b' ') & (next == b' ')))
}

/// [`split`] and [`plain_row`] in one go: returns what `plain_row(row)` returns, and when that
/// is true `out` holds what `split(row, out)` would (when false, `out` is left in no particular
/// state). A plain row has no backslash, tab or doubled space, so its pipes are all unescaped
/// and each cell is trimmed of at most one space on either side.
pub(crate) fn split_plain(row: &str, out: &mut Vec<Range<usize>>) -> bool {
    out.clear();
    let b = row.as_bytes();
    if !super::text::all_byte_pairs(b, plain_byte) {
        return false;
    }
    // The row without its surrounding space (one at most), then without its outer pipes.
    let start = usize::from(b.first() == Some(&b' '));
    let end = b.len() - usize::from(b.len() > start && b.last() == Some(&b' '));
    let (mut from, mut to) = (start, end);
    if start < end && b.get(start) == Some(&b'|') {
        from += 1;
    }
    if to > from && b.get(to - 1) == Some(&b'|') {
        to -= 1;
    }
    let trim = |mut r: Range<usize>| {
        if r.start < r.end && b.get(r.start) == Some(&b' ') {
            r.start += 1;
        }
        if r.start < r.end && b.get(r.end - 1) == Some(&b' ') {
            r.end -= 1;
        }
        r
    };
    let mut cell_start = from;
    for i in memchr::memchr_iter(b'|', b.get(from..to).unwrap_or_default()) {
        out.push(trim(cell_start..from + i));
        cell_start = from + i + 1;
    }
    out.push(trim(cell_start..to.max(cell_start)));
    true
}

/// A link [`simple`] found: where its text went in the output, its destination in the
/// cell, and where in the cell it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimpleLink {
    /// The link text's range in the output.
    pub text: Range<usize>,
    /// The destination's range in the cell.
    pub url: Range<usize>,
    /// Offset of the `[` in the cell.
    pub at: usize,
}

/// Reads the inline markup of `cell`, appending its text to `out` and its links to `links`,
/// when it uses only the common, unambiguous forms: backslash escapes, code spans,
/// `[plain text](destination)` links, `**plain text**`, `_` inside words, `!` not before
/// `[`, and line breaks (`\n`). Returns `false`, with `out` and `links` as they were, for
/// anything else (emphasis, HTML, entities, images, other link forms), which pulldown-cmark
/// reads instead; the corpus test and a property test check both agree.
pub(crate) fn simple(cell: &str, out: &mut String, links: &mut Vec<SimpleLink>) -> bool {
    let (len, count) = (out.len(), links.len());
    let read = read_simple(cell, out, links);
    if !read {
        out.truncate(len);
        links.truncate(count);
    }
    read
}

/// [`simple`], leaving whatever it had appended when it gives up.
fn read_simple(cell: &str, out: &mut String, links: &mut Vec<SimpleLink>) -> bool {
    let b = cell.as_bytes();
    // An escaped pipe is left to pulldown-cmark: a table unescapes `\|` before any other
    // markup (`\\|` reads `|`). (A code span before a link takes precedence over it, and
    // link text holds no backtick here, so both may be read.)
    if followed_by(b, b'\\', b'|') {
        return false;
    }
    let mut i = 0;
    let mut plain = 0;
    let mut markup = Markup::new(b);
    while i < b.len() {
        i = markup.next(i);
        let Some(&c) = b.get(i) else { break };
        out.push_str(cell.get(plain..i).unwrap_or_default());
        match c {
            b'\\' => match b.get(i + 1) {
                // A backslash ending a line of a multi-line cell is text (see `Batch::add`).
                Some(&n) if n != b'\n' && n.is_ascii_punctuation() => {
                    out.push(char::from(n));
                    i += 2;
                }
                _ => {
                    out.push('\\');
                    i += 1;
                }
            },
            b'_' => {
                // A run of `_` between two letters or digits can neither open nor close.
                let run = run_of(b, i, b'_');
                let before = i.checked_sub(1).and_then(|k| b.get(k));
                let after = b.get(i + run);
                if !before.is_some_and(u8::is_ascii_alphanumeric)
                    || !after.is_some_and(u8::is_ascii_alphanumeric)
                {
                    return false;
                }
                out.push_str(cell.get(i..i + run).unwrap_or_default());
                i += run;
            }
            b'*' => {
                // A run of `*` followed by a space or the end can't open emphasis; with no
                // opener in the cell, none closes either (`* item`, `i-bp1****`).
                let run = run_of(b, i, b'*');
                // (A line break stands for `<br>`: punctuation, after which a run may open.)
                if matches!(b.get(i + run), None | Some(b' ')) {
                    out.push_str(cell.get(i..i + run).unwrap_or_default());
                    i += run;
                } else if let Some((inner, end)) = strong(b, i) {
                    // `**Note:**`: the emphasis is dropped, its text kept.
                    out.push_str(cell.get(inner).unwrap_or_default());
                    i = end;
                } else {
                    return false;
                }
            }
            b'!' if b.get(i + 1) == Some(&b'[') => return false,
            b'!' => {
                out.push('!');
                i += 1;
            }
            b'`' => match code_span(b, i) {
                // A line break inside reads as a literal `<br>` in the reference reading.
                Some((content, _))
                    if b.get(content.clone()).is_some_and(|c| c.contains(&b'\n')) =>
                {
                    return false;
                }
                Some((content, end)) => {
                    push_code(out, cell.get(content).unwrap_or_default());
                    i = end;
                }
                None => {
                    // An unmatched run is literal text.
                    let run = run_of(b, i, b'`');
                    out.push_str(cell.get(i..i + run).unwrap_or_default());
                    i += run;
                }
            },
            b'[' => {
                let Some((text, url, end)) = plain_link(b, i) else {
                    return false;
                };
                let start = out.len();
                out.push_str(cell.get(text).unwrap_or_default());
                links.push(SimpleLink {
                    text: start..out.len(),
                    url,
                    at: i,
                });
                i = end;
            }
            _ => return false,
        }
        plain = i;
    }
    out.push_str(cell.get(plain..).unwrap_or_default());
    true
}

/// The strong emphasis `**text**` opening at `b[i]`, in its one unambiguous form: runs of
/// exactly two `*` around one line of text free of markup, the opener followed by a letter
/// or digit (so it opens whatever precedes it) and the closer after a printable ASCII byte,
/// followed by a space, a line end or ASCII punctuation when that byte is punctuation (so it
/// closes). Any other run of `*` is left to pulldown-cmark. Returns the text's range and the
/// end of the closer.
fn strong(b: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    let start = i + 2;
    if run_of(b, i, b'*') != 2 || !b.get(start)?.is_ascii_alphanumeric() {
        return None;
    }
    let close = start + memchr::memchr(b'*', b.get(start..)?)?;
    let inner = b.get(start..close)?;
    if run_of(b, close, b'*') != 2 || inner.iter().any(|&x| INLINE[usize::from(x)] || x == b'\n') {
        return None;
    }
    let last = *inner.last()?;
    let after = b.get(close + 2).copied();
    let closes = last.is_ascii_alphanumeric()
        || (last.is_ascii_punctuation()
            && after.is_none_or(|x| x == b' ' || x == b'\n' || x.is_ascii_punctuation()));
    closes.then_some((start..close, close + 2))
}

/// Length of the run of `byte` starting at `b[i]`.
fn run_of(b: &[u8], i: usize, byte: u8) -> usize {
    b.get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&x| x == byte)
        .count()
}

/// The code span opening at `b[i]` (a backtick run): its content range and the end of its
/// closing run, if a run of the same length closes it.
fn code_span(b: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    let run = run_of(b, i, b'`');
    let mut k = i + run;
    while k < b.len() {
        let at = k + memchr::memchr(b'`', b.get(k..)?)?;
        let close = run_of(b, at, b'`');
        if close == run {
            return Some((i + run..at, at + close));
        }
        k = at + close;
    }
    None
}

/// Appends a code span's content, with one space stripped from each end when both ends
/// have one and the content is not all spaces. (A cell holding `\|`, which a table reads as
/// `|` even in code, never gets here: [`simple`] leaves it to pulldown-cmark.)
fn push_code(out: &mut String, content: &str) {
    let b = content.as_bytes();
    let stripped = b.len() >= 2
        && b.first() == Some(&b' ')
        && b.last() == Some(&b' ')
        && b.iter().any(|&x| x != b' ');
    let code = if stripped {
        content.get(1..content.len() - 1).unwrap_or_default()
    } else {
        content
    };
    out.push_str(code);
}

/// A `[text](destination)` link opening at `b[i]` whose text is plain (no markup, brackets or
/// line breaks) and whose destination is one run of URL characters: the text and destination
/// ranges and the end of the link.
fn plain_link(b: &[u8], i: usize) -> Option<(Range<usize>, Range<usize>, usize)> {
    let text_start = i + 1;
    let close = text_start + memchr::memchr(b']', b.get(text_start..)?)?;
    let text = b.get(text_start..close)?;
    if text.is_empty() || text.iter().any(|&x| INLINE[usize::from(x)] || x == b'\n') {
        return None;
    }
    if b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let url_start = close + 2;
    let url_len = b
        .get(url_start..)?
        .iter()
        .take_while(|&&x| url_byte(x))
        .count();
    let url_end = url_start + url_len;
    let url = b.get(url_start..url_end)?;
    if url_len == 0 || b.get(url_end) != Some(&b')') || (url.contains(&b'&') && url.contains(&b';'))
    {
        return None;
    }
    Some((text_start..close, url_start..url_end, url_end + 1))
}

/// Bytes a destination may hold on the simple path: printable, not space, and nothing
/// that could start a title, an escape, a nested or angle-bracket destination, or markup
/// (`&` is checked by [`plain_link`]: only an entity, which needs a `;`, would be read).
fn url_byte(x: u8) -> bool {
    x.is_ascii_graphic()
        && !matches!(
            x,
            b'(' | b')' | b'<' | b'>' | b'\\' | b'`' | b'[' | b']' | b'"' | b'\'' | b'*'
        )
}

/// A markdown table whose body rows are single cells, for pulldown-cmark to read cells that
/// hold inline markup with the same rules as in their own table (one parse per table).
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// The markdown: a placeholder header, then one row per cell.
    pub md: String,
    /// `(offset in md, source line)` where each cell (and each line of a multi-line cell)
    /// starts, sorted by offset.
    pub lines: Vec<(usize, usize)>,
}

impl Batch {
    /// Empties the batch, ready for the cells of a new table.
    pub fn clear(&mut self) {
        self.md.clear();
        self.md.push_str("|-|\n|-|\n");
        self.lines.clear();
    }

    /// True when no cell was added since [`Batch::clear`].
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `cell` as the next row. A multi-line cell's lines (separated by `\n`) are joined
    /// with `<br>`, as GFM wants a row on one line; `line_of` gives the source line of a byte
    /// of `cell`. The space before the closing pipe keeps a trailing backslash of the cell
    /// from escaping it.
    pub fn add(&mut self, cell: &str, line_of: impl Fn(usize) -> usize) {
        self.md.push_str("| ");
        let mut at = 0;
        for (k, piece) in cell.split('\n').enumerate() {
            if k > 0 {
                // A backslash ending the line stays text instead of escaping the tag's `<`.
                if self.md.ends_with('\\') {
                    self.md.push(' ');
                }
                self.md.push_str("<br>");
            }
            self.lines.push((self.md.len(), line_of(at)));
            self.md.push_str(piece);
            at += piece.len() + 1;
        }
        self.md.push_str(" |\n");
    }

    /// The source line of byte `offset` of [`Batch::md`].
    pub fn line_of(&self, offset: usize) -> usize {
        let ix = self.lines.partition_point(|&(start, _)| start <= offset);
        ix.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .or(self.lines.first())
            .map_or(0, |&(_, line)| line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(row: &str) -> Vec<&str> {
        let mut ranges = Vec::new();
        split(row, &mut ranges);
        ranges.into_iter().map(|r| &row[r]).collect()
    }

    proptest::proptest! {
        #[test]
        fn split_plain_agrees_with_split_and_plain_row(
            row in proptest::collection::vec(
                proptest::sample::select(vec![" ", "  ", "|", "a", "b c", "\\", "\\|", "*", "\t", "\u{a0}", "é", "-", "`", "~"]),
                0..40,
            )
        ) {
            let row: String = row.concat();
            let (mut fused, mut plain) = (Vec::new(), Vec::new());
            let verdict = split_plain(&row, &mut fused);
            proptest::prop_assert_eq!(verdict, plain_row(&row), "{:?}", row);
            if verdict {
                split(&row, &mut plain);
                proptest::prop_assert_eq!(fused, plain, "{:?}", row);
            }
        }
    }

    #[test]
    fn split_plain_reads_plain_rows_and_refuses_others() {
        let fused = |row: &str| {
            let mut out = Vec::new();
            split_plain(row, &mut out).then(|| {
                out.into_iter()
                    .map(|r| row[r].to_string())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            fused("|Name|Type| Yes |"),
            Some(vec!["Name".into(), "Type".into(), "Yes".into()])
        );
        assert_eq!(fused(" |a|b "), Some(vec!["a".into(), "b".into()]));
        assert_eq!(
            fused("|a long cell that runs past one block|x|"),
            Some(vec![
                "a long cell that runs past one block".into(),
                "x".into()
            ])
        );
        assert_eq!(fused("| |"), Some(vec!["".into()]));
        assert_eq!(fused("|a|*b*|"), None);
        assert_eq!(fused("|a  |b|"), None);
        assert_eq!(fused("|a\\|b|"), None);
    }

    #[test]
    fn splits_like_gfm() {
        assert_eq!(cells("|a|b|"), ["a", "b"]);
        assert_eq!(cells("  | a |\tb\t|  "), ["a", "b"]);
        assert_eq!(cells("|a|b"), ["a", "b"]);
        assert_eq!(cells("a|b|"), ["a", "b"]);
        assert_eq!(cells("|a\\|b|c|"), ["a\\|b", "c"]);
        assert_eq!(cells("|a|b\\|"), ["a", "b\\|"]);
        assert_eq!(cells("|`x|y`|"), ["`x", "y`"]);
        assert_eq!(cells("||"), [""]);
        assert_eq!(cells("|"), [""]);
        assert_eq!(cells(""), [""]);
        assert_eq!(cells("|\u{a0}x\u{a0}|"), ["\u{a0}x\u{a0}"]);
    }

    fn simple_reading(cell: &str) -> Option<(String, Vec<SimpleLink>)> {
        let (mut out, mut links) = (String::new(), Vec::new());
        simple(cell, &mut out, &mut links).then_some((out, links))
    }

    #[test]
    fn reads_simple_inline_markup() {
        let (text, links) =
            simple_reading("See [DescribeDisks](~~25514~~) for i-bp1\\*\\*\\* \\(x\\)").unwrap();
        assert_eq!(text, "See DescribeDisks for i-bp1*** (x)");
        assert_eq!(
            links,
            [SimpleLink {
                text: 4..17,
                url: 20..29,
                at: 4
            }]
        );
        assert_eq!(
            simple_reading("a `x|y` b `` c` `` \\q"),
            Some(("a x|y b c` \\q".into(), vec![]))
        );
        assert_eq!(
            simple_reading("`  ` and ` a ` and `open"),
            Some(("   and a and `open".into(), vec![]))
        );
        assert_eq!(
            simple_reading("Instance_Type_x wow!"),
            Some(("Instance_Type_x wow!".into(), vec![]))
        );
        assert_eq!(
            simple_reading("* one\n* two ****"),
            Some(("* one\n* two ****".into(), vec![]))
        );
        assert_eq!(simple_reading("x\\\ny"), Some(("x\\\ny".into(), vec![])));
        assert_eq!(
            simple_reading("**Note:** x\n**Warning**: y **a**b**"),
            Some(("Note: x\nWarning: y ab**".into(), vec![]))
        );
        assert_eq!(simple_reading("** b**"), Some(("** b**".into(), vec![])));
        let (text, links) = simple_reading("`a` [l](u) `[m](v)`").unwrap();
        assert_eq!(text, "a l [m](v)");
        assert_eq!(links.len(), 1);
        for bail in [
            "**b **",
            "**a*b**",
            "***a***",
            "**a\nb**",
            "**a.**b",
            "**a `c`**",
            "**a [l](u)**",
            "**a_b**",
            "**open",
            "_e_",
            "a_ b",
            "![i](u)",
            "[a b](u v)",
            "[x]",
            "&amp;",
            "<br>",
            "[`c`](u)",
            "a*b",
            "`a\nb`",
            "*\n*",
        ] {
            assert_eq!(simple_reading(bail), None, "{bail}");
        }
    }

    #[test]
    fn markup_finds_every_special_byte_in_order() {
        let all: Vec<u8> = (0..=255).collect();
        let mut markup = Markup::new(&all);
        let mut found = Vec::new();
        let mut i = 0;
        while i < all.len() {
            i = markup.next(i);
            if let Some(&x) = all.get(i) {
                found.push(x);
                i += 1;
            }
        }
        let want: Vec<u8> = all.iter().copied().filter(|&x| special(x)).collect();
        assert_eq!(found, want);
        assert_eq!(Markup::new(b"plain").next(0), 5);
    }

    #[test]
    fn plain_rows() {
        let row = "| JobId | String | Yes | j-bp1 | The ID of the job. |";
        assert!(plain_row(row));
        assert!(plain_row("|a|b|"));
        for cut in 0..row.len() {
            for odd in [" ", "\t", "\u{a0}", "\u{7f}", "\u{1}", "*", "`", "é"] {
                let mut bad = row.to_string();
                bad.insert_str(cut, odd);
                let expect = odd == " " && !bad.contains("  ");
                assert_eq!(plain_row(&bad), expect, "{bad:?}");
            }
        }
    }

    #[test]
    fn finds_inline_markup() {
        let long = "Plain text, 1-2 (x) #y; long enough for the vectorised search ~~1~~";
        assert!(!needs_inline("Plain text, 1-2 (x) #y ~~1~~"));
        assert!(!needs_inline(long));
        for s in [
            "a\\|b", "`c`", "**b**", "[l](u)", "a<br>b", "&nbsp;", "a_b", "!",
        ] {
            assert!(needs_inline(s), "{s}");
            assert!(needs_inline(&format!("{long}{s}")), "{s}");
        }
    }
}
