//! The pre-pass: finds the page's tables and the lines of each of their rows.
//!
//! GFM ends a table row at a newline, but the vendor pages let a row's cells (usually the
//! last) run over several lines, blank lines and bullet lists included, until a line ending
//! with `|`. This pass finds each table (a header row, a delimiter row with as many cells,
//! then rows while lines start with `|`) and each row's lines. In [`Tables::Cut`] mode (what
//! the reader uses) a table is cut out of the text given to pulldown-cmark and left as a
//! one-line placeholder, and the reader splits its rows itself ([`super::cells`]): tables
//! are most of a page's bytes, and a GFM table needs no block parser. In [`Tables::Join`]
//! mode (the reference the fast path is tested against) each row is rewritten onto one line,
//! its pieces joined with `<br>` (which the reader turns back into line breaks). Either way
//! a map from every byte of the rewritten text back to its 1-based source line is kept.

use std::ops::Range;

/// What the pre-pass does with a table it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tables {
    /// Cut it out: a placeholder line stands in the text, the rows are listed in [`Joined`].
    Cut,
    /// Keep it in the text with every row on one line (for pulldown-cmark to parse).
    #[cfg_attr(not(test), allow(dead_code))]
    Join,
}

/// A table cut out of the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CutTable {
    /// Byte offset in [`Joined::text`] of its placeholder line.
    pub placeholder: usize,
    /// Its rows in [`Joined::rows`], header row first.
    pub rows: Range<usize>,
}

/// A fenced code block cut out of the text (only a fence at the start of a line, with an
/// info string free of escapes and entities: pulldown-cmark copies such a block verbatim).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CutCode {
    /// Byte offset in [`Joined::text`] of its placeholder line.
    pub placeholder: usize,
    /// The info string (after the fence), as a byte range of the source, untrimmed.
    pub info: Range<usize>,
    /// The content lines, in [`Joined::pieces`] (line endings left out).
    pub lines: Range<usize>,
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// One row of a cut table: its lines in [`Joined::pieces`] and its first line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CutRow {
    /// The row's lines, as a range of [`Joined::pieces`].
    pub pieces: Range<usize>,
    /// 1-based line where the row starts.
    pub line: usize,
}

/// One source line of a cut row: a byte range of the source (line ending and trailing
/// whitespace left out) and its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Piece {
    /// Start byte in the source.
    pub start: usize,
    /// End byte in the source.
    pub end: usize,
    /// 1-based line.
    pub line: usize,
}

/// The line a cut table leaves in the text: an HTML comment, which pulldown-cmark reads as
/// an HTML block of its own (and the reader recognises by its offset, not its text).
pub(crate) const PLACEHOLDER: &str = "<!-- table -->";

/// The rewritten markdown plus a map back to original line numbers.
#[derive(Debug, Default)]
pub(crate) struct Joined {
    /// Markdown with every multi-line table row on one line.
    pub text: String,
    /// `(byte offset in text, original 1-based line)`, sorted by offset.
    segments: Vec<(usize, usize)>,
    /// Original lines of table rows that never reached their closing `|`.
    pub unterminated: Vec<usize>,
    /// The buffer [`join_rows_into`] splits the source into lines with, kept for reuse.
    lines: Vec<&'static str>,
    /// Tables cut out of the text ([`Tables::Cut`]), in page order.
    pub tables: Vec<CutTable>,
    /// Rows of every cut table, table after table.
    pub rows: Vec<CutRow>,
    /// Lines of every cut row and code block, in page order.
    pub pieces: Vec<Piece>,
    /// Fenced code blocks cut out of the text ([`Tables::Cut`]), in page order.
    pub codes: Vec<CutCode>,
    /// The source's last line number: one more than its line breaks.
    pub last_line: usize,
    /// True when the text may be read region by region: no prose line breaks regions
    /// ([`super::prose::breaks_regions`]).
    pub splittable: bool,
    /// Where a region of prose may start ([`super::prose::regions`]): each heading and
    /// placeholder at the start of a line, with `true` for a placeholder.
    pub region_starts: Vec<(usize, bool)>,
}

impl Joined {
    /// Original 1-based line of the byte at `offset` in [`Joined::text`] (the reference
    /// [`LineCursor`] is checked against).
    #[cfg(test)]
    pub fn line_of(&self, offset: usize) -> usize {
        let ix = self.segments.partition_point(|&(start, _)| start <= offset);
        match ix.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(_, line)) => line,
            None => 1,
        }
    }

    /// A line finder for offsets that mostly come in increasing order.
    pub fn cursor(&self) -> LineCursor<'_> {
        LineCursor {
            segments: &self.segments,
            at: 0,
        }
    }

    fn push_piece(&mut self, piece: &str, line: usize) {
        self.segments.push((self.text.len(), line));
        self.text.push_str(piece);
    }
}

/// Finds original lines for offsets, scanning forward from the last answer (which makes a
/// run of increasing offsets linear) and falling back to a binary search for earlier ones.
pub(crate) struct LineCursor<'j> {
    segments: &'j [(usize, usize)],
    /// Index of the segment that held the last offset asked about.
    at: usize,
}

impl LineCursor<'_> {
    /// Original 1-based line of the byte at `offset` (same answer as [`Joined::line_of`]).
    pub fn line_of(&mut self, offset: usize) -> usize {
        let starts_before = |ix: usize| self.segments.get(ix).is_some_and(|&(s, _)| s <= offset);
        if !starts_before(self.at) {
            self.at = self
                .segments
                .partition_point(|&(start, _)| start <= offset)
                .saturating_sub(1);
        }
        while starts_before(self.at + 1) {
            self.at += 1;
        }
        match self.segments.get(self.at) {
            Some(&(start, line)) if start <= offset => line,
            _ => 1,
        }
    }
}

/// True when `line` (trimmed) ends with a `|` that is not backslash-escaped.
fn ends_row(line: &str) -> bool {
    // Most lines end in a printable ASCII byte: no trimming to do.
    let t = match line.as_bytes().last() {
        Some(&x) if x.is_ascii_graphic() => line,
        _ => line.trim_end_matches([' ', '\t', '\u{a0}']),
    };
    if !t.ends_with('|') {
        return false;
    }
    let backslashes = t[..t.len() - 1]
        .bytes()
        .rev()
        .take_while(|&b| b == b'\\')
        .count();
    backslashes % 2 == 0
}

/// Number of unescaped `|` in `s`.
fn pipes(s: &str) -> usize {
    // Without backslashes every pipe counts, and a SIMD search finds them.
    if memchr::memchr(b'\\', s.as_bytes()).is_none() {
        return memchr::memchr_iter(b'|', s.as_bytes()).count();
    }
    let mut n = 0;
    let mut escaped = false;
    for b in s.bytes() {
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'|' {
            n += 1;
        }
    }
    n
}

/// Cells in a table row made of `pieces` (as GFM counts them: split at every `|` not
/// directly after a backslash, the row's leading and trailing `|` left out).
fn row_cells(pieces: &[&str]) -> usize {
    let mut pipes = 0;
    for piece in pieces {
        let b = piece.as_bytes();
        pipes += memchr::memchr_iter(b'|', b)
            .filter(|&i| i == 0 || b.get(i - 1) != Some(&b'\\'))
            .count();
    }
    let first = pieces.first().map_or("", |p| p.trim_start());
    let last = pieces.last().map_or("", |p| p.trim_end());
    let lead = usize::from(first.starts_with('|'));
    let trail = usize::from(last.len() > 1 && ends_row(last));
    (pipes + 1).saturating_sub(lead + trail).max(1)
}

/// True for a blank line as markdown sees it: spaces and tabs only (an NBSP is text).
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// True when `line` starts a table row: a `|` indented less than four spaces, with more
/// than a lone `|` on the line (GFM ends a table there; the dialect closes a multi-line row
/// with one).
fn starts_row(line: &str) -> bool {
    let t = indented(line);
    t.starts_with('|') && t.trim_end() != "|"
}

/// `line` without its indentation, when that is less than four spaces; else empty (such a
/// line starts no row, heading or fence). Looks at most four bytes in.
fn indented(line: &str) -> &str {
    let indent = line.bytes().take(4).take_while(|&x| x == b' ').count();
    if indent >= 4 {
        return "";
    }
    line.get(indent..).unwrap_or_default()
}

fn is_heading(line: &str) -> bool {
    let t = indented(line);
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(t.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// The fence marker (```` ``` ```` or `~~~` run) opening a code block on `line`, if any.
fn fence(line: &str) -> Option<(u8, usize)> {
    // Looks at most four bytes in: most lines (code lines included) are settled there.
    let t = indented(line);
    let first = *t.as_bytes().first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == first).count();
    // A backtick fence's info string holds no backtick (```` ```a` ```` is inline code).
    let info = t.get(n..).unwrap_or_default();
    (n >= 3 && !(first == b'`' && info.contains('`'))).then_some((first, n))
}

/// True for a GFM delimiter row such as `|---|:--:|`: every cell is dashes, optionally
/// between colons.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim_matches([' ', '\t', '\u{a0}']).as_bytes();
    if memchr::memchr(b'|', t).is_none() {
        return false;
    }
    let inner = t.strip_prefix(b"|").unwrap_or(t);
    let inner = inner.strip_suffix(b"|").unwrap_or(inner);
    // Byte-wise: the cells are ASCII or not delimiters at all.
    inner.split(|&b| b == b'|').all(|cell| {
        let c = cell
            .get(super::text::kept(cell, |b| *b == b' ' || *b == b'\t'))
            .unwrap_or_default();
        let c = c.strip_prefix(b":").unwrap_or(c);
        let c = c.strip_suffix(b":").unwrap_or(c);
        !c.is_empty() && c.iter().all(|&b| b == b'-')
    })
}

/// Cells a delimiter row declares.
fn delimiter_cells(line: &str) -> usize {
    let t = line.trim_matches([' ', '\t']);
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    memchr::memchr_iter(b'|', inner.as_bytes()).count() + 1
}

/// Lines of `source`, without their line terminators (a final newline ends the last line
/// rather than starting an empty one).
/// (rows are pushed onto `out`, cleared first, so its buffer is reused).
fn lines<'s>(source: &'s str, out: Vec<&str>) -> Vec<&'s str> {
    let body = source.strip_suffix('\n').unwrap_or(source);
    let bytes = body.as_bytes();
    let mut out = super::emptied(out);
    // Lines average well over 24 bytes; a guess saves a counting pass.
    out.reserve(16 + bytes.len() / 24);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', bytes) {
        out.push(body.get(start..i).unwrap_or_default());
        start = i + 1;
    }
    out.push(body.get(start..).unwrap_or_default());
    for line in &mut out {
        *line = line.strip_suffix('\r').unwrap_or(line);
    }
    out
}

/// Collects one logical row starting at `start`; returns the pieces' line indexes (end
/// exclusive) and whether the row reached its closing `|`.
fn row_extent(lines: &[&str], start: usize, ncols: Option<usize>) -> (usize, bool) {
    let mut cells = 0usize;
    // Lines before this one have had their cells counted.
    let mut counted = start;
    let mut i = start;
    while let Some(line) = lines.get(i) {
        i += 1;
        if ends_row(line) {
            return (i, true);
        }
        let Some(next) = lines.get(i) else { break };
        if is_heading(next) {
            break;
        }
        // A row that already holds all its cells ends when the next row starts (cells are
        // counted only then: most lines of a long row are followed by more of it).
        if let Some(n) = ncols {
            if starts_row(next) {
                cells += lines
                    .get(counted..i)
                    .unwrap_or_default()
                    .iter()
                    .map(|l| pipes(l))
                    .sum::<usize>();
                counted = i;
                if cells >= n {
                    break;
                }
            }
        }
    }
    (i, false)
}

/// Rewrites `source` so that each table row sits on one line ([`Tables::Join`]).
#[cfg(test)]
pub(crate) fn join_rows(source: &str) -> Joined {
    let mut out = Joined::default();
    join_rows_into(source, &mut out, Tables::Join);
    out
}

/// Finds the tables of `source` and writes the text pulldown-cmark is to read into `out`,
/// whose buffers are cleared and reused (a reader keeps one `Joined` per thread, so pages
/// after the first cost no large allocations).
pub(crate) fn join_rows_into(source: &str, out: &mut Joined, mode: Tables) {
    let lines = lines(source, std::mem::take(&mut out.lines));
    // `lines` leaves out an empty last line (after a final line break), `str::split` would not.
    out.last_line = lines.len() + usize::from(source.ends_with('\n'));
    out.splittable = true;
    out.region_starts.clear();
    out.text.clear();
    out.text.reserve(match mode {
        Tables::Cut => source.len() / 2,
        Tables::Join => source.len() + 64,
    });
    out.segments.clear();
    out.segments.reserve(lines.len() + 16);
    out.unterminated.clear();
    out.tables.clear();
    out.rows.clear();
    out.pieces.clear();
    out.codes.clear();
    let mut fence_open: Option<(u8, usize)> = None;
    let mut table_cols: Option<usize> = None;
    let mut prev_blank = true;
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        let lineno = i + 1;
        if let Some((ch, n)) = fence_open {
            if let Some((c2, n2)) = fence(line) {
                let rest = line.trim_start_matches(' ').trim_start_matches(ch as char);
                if c2 == ch && n2 >= n && rest.trim_matches([' ', '\t', '\r']).is_empty() {
                    fence_open = None;
                }
            }
            out.push_piece(line, lineno);
            out.text.push('\n');
            i += 1;
            continue;
        }
        if table_cols.is_some() && !starts_row(line) {
            table_cols = None;
            // The table ends here, even where GFM would read this line as one more row.
            if mode == Tables::Join && !is_blank(line) {
                out.push_piece("\n", lineno);
            }
        }
        if let Some(n) = table_cols {
            let (end, closed) = row_extent(&lines, i, Some(n));
            if !closed {
                out.unterminated.push(lineno);
            }
            out.add_row(source, &lines, i, end, mode);
            prev_blank = false;
            i = end;
            continue;
        }
        if starts_row(line) {
            // A header candidate: a table only if a delimiter row with as many cells follows.
            let (end, closed) = row_extent(&lines, i, None);
            let head = lines.get(i..end).unwrap_or_default();
            if closed {
                let delim = lines
                    .get(end)
                    .filter(|d| is_delimiter(d) && delimiter_cells(d) == row_cells(head));
                if let Some(delim) = delim {
                    if !prev_blank {
                        out.push_piece("\n", lineno);
                    }
                    match mode {
                        Tables::Cut => {
                            let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
                            if indent.is_empty() {
                                out.region_starts.push((out.text.len(), true));
                            }
                            out.tables.push(CutTable {
                                placeholder: out.text.len(),
                                rows: out.rows.len()..out.rows.len(),
                            });
                            out.push_piece(indent, lineno);
                            out.text.push_str(PLACEHOLDER);
                            out.text.push('\n');
                            out.add_row(source, &lines, i, end, mode);
                        }
                        Tables::Join => {
                            out.add_row(source, &lines, i, end, mode);
                            out.push_piece(delim, end + 1);
                            out.text.push('\n');
                        }
                    }
                    table_cols = Some(delimiter_cells(delim));
                    prev_blank = false;
                    i = end + 1;
                    continue;
                }
            }
        }
        if let Some(f) = fence(line) {
            if mode == Tables::Cut {
                if let Some(end) = out.cut_code(source, &lines, i, f) {
                    prev_blank = false;
                    i = end;
                    continue;
                }
            }
            fence_open = Some(f);
        }
        out.splittable &= !super::prose::breaks_regions(line);
        if super::prose::atx_level(line).is_some() {
            out.region_starts.push((out.text.len(), false));
        }
        out.push_piece(line, lineno);
        out.text.push('\n');
        prev_blank = is_blank(line);
        i += 1;
    }
    out.lines = super::emptied(lines);
}

impl Joined {
    /// Cuts out the fenced code block whose opening fence `(char, length)` is `lines[start]`
    /// when pulldown-cmark would copy it verbatim: the fence starts the line and its info
    /// string holds no backslash or `&` (nor a backtick, after backticks). Returns the index
    /// of the first line after the block.
    fn cut_code(
        &mut self,
        source: &str,
        lines: &[&str],
        start: usize,
        (ch, n): (u8, usize),
    ) -> Option<usize> {
        let open = lines.get(start)?;
        let info = open.get(n..)?;
        if !open.starts_with(char::from(ch))
            || info.contains(['\\', '&'])
            || (ch == b'`' && info.contains('`'))
        {
            return None;
        }
        let offset = |s: &str| (s.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
        let first = self.pieces.len();
        let mut end = start + 1;
        while let Some(line) = lines.get(end) {
            end += 1;
            if let Some((c2, n2)) = fence(line) {
                let rest = line
                    .trim_start_matches(' ')
                    .trim_start_matches(char::from(ch));
                if c2 == ch && n2 >= n && rest.trim_matches([' ', '\t', '\r']).is_empty() {
                    break;
                }
            }
            let at = offset(line);
            self.pieces.push(Piece {
                start: at,
                end: at + line.len(),
                line: end,
            });
        }
        self.region_starts.push((self.text.len(), true));
        self.codes.push(CutCode {
            placeholder: self.text.len(),
            info: offset(info)..offset(info) + info.len(),
            lines: first..self.pieces.len(),
            line: start + 1,
        });
        self.push_piece(PLACEHOLDER, start + 1);
        self.text.push('\n');
        Some(end)
    }

    /// Adds the row made of `lines[start..end]` (0-based): to the last cut table, or written
    /// onto one line joined with `<br>`.
    fn add_row(&mut self, source: &str, lines: &[&str], start: usize, end: usize, mode: Tables) {
        let pieces = lines.get(start..end).unwrap_or_default();
        match mode {
            Tables::Cut => {
                let first = self.pieces.len();
                for (k, piece) in pieces.iter().enumerate() {
                    // Lines are slices of `source`: their offset is their distance from its start.
                    let at = (piece.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
                    self.pieces.push(Piece {
                        start: at,
                        end: at + piece.trim_end().len(),
                        line: start + k + 1,
                    });
                }
                self.rows.push(CutRow {
                    pieces: first..self.pieces.len(),
                    line: start + 1,
                });
                if let Some(table) = self.tables.last_mut() {
                    table.rows.end = self.rows.len();
                }
            }
            Tables::Join => {
                for (k, piece) in pieces.iter().enumerate() {
                    if k > 0 {
                        self.text.push_str("<br>");
                    }
                    // Keep an empty piece visible so blank lines survive as paragraph breaks.
                    self.push_piece(piece.trim_end(), start + k + 1);
                }
                self.text.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_multi_line_cells_and_maps_lines() {
        let src = "|A|B|\n|-|-|\n|x|one\n\n-   two |\n|y|z|\n";
        let j = join_rows(src);
        assert_eq!(j.text, "|A|B|\n|-|-|\n|x|one<br><br>-   two |\n|y|z|\n");
        let two = j.text.find("two").unwrap();
        assert_eq!(j.line_of(two), 5);
        let y = j.text.find("|y").unwrap();
        assert_eq!(j.line_of(y + 1), 6);
        let mut cursor = j.cursor();
        for offset in (0..j.text.len() + 2).chain([two, 0, y + 1, 3]) {
            assert_eq!(cursor.line_of(offset), j.line_of(offset), "offset {offset}");
        }
        assert!(j.unterminated.is_empty());
    }

    #[test]
    fn delimiter_rows() {
        for (line, cells) in [
            ("|-|-|", 2),
            ("| :-: | --: |", 2),
            ("|:--|", 1),
            ("-|-", 2),
            ("  |---|\t", 1),
            ("|-\t|", 1),
        ] {
            assert!(is_delimiter(line), "{line:?}");
            assert_eq!(delimiter_cells(line), cells, "{line:?}");
        }
        for line in ["---", "|a|", "||", "|-|-x|", "| --\u{c} |", "|::|", "|-|é|"] {
            assert!(!is_delimiter(line), "{line:?}");
        }
    }

    #[test]
    fn escaped_pipe_does_not_end_a_row() {
        assert!(!ends_row("|a|b \\|"));
        assert!(ends_row("|a|b \\\\|"));
        assert_eq!(pipes("|a\\|b|c|"), 3);
    }

    #[test]
    fn splits_lines_like_str_split() {
        for src in ["", "\n", "a", "a\n", "a\r\nb\r\n", "\n\nx\n\n", "é\nü"] {
            let want: Vec<&str> = src
                .strip_suffix('\n')
                .unwrap_or(src)
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            assert_eq!(lines(src, vec!["stale"]), want, "{src:?}");
            assert_eq!(join_rows(src).last_line, src.matches('\n').count() + 1);
        }
    }

    #[test]
    fn non_tables_are_left_alone() {
        let src = "|not a table\ntext|\nmore\n";
        assert_eq!(join_rows(src).text, src);
    }
}
