//! The pre-pass: puts every table row on one line, for pulldown-cmark's GFM tables.
//!
//! GFM ends a table row at a newline, but the vendor pages let a row's cells (usually the
//! last) run over several lines, blank lines and bullet lists included, until a line ending
//! with `|`. This pass finds each table (a header row, a delimiter row with as many cells,
//! then rows while lines start with `|`) and rewrites each of its rows onto one line, the
//! lines joined with `<br>` (which the reader turns back into line breaks). It keeps a map
//! from every byte of the rewritten text back to its 1-based source line, and the byte
//! ranges of the tables and fenced code blocks it saw, which the reader still reads when
//! pulldown-cmark finds them inside a raw HTML block.
//!
//! It also repairs two slips of the pages, and records each: a header row with no delimiter
//! row under it (but a row of as many cells) still starts a table, and an unescaped `|` in a
//! cell stays text of the row's last cell (the free-text column) instead of starting a cell
//! past the header's, or ending the row (and the table) at a line's end.

use std::ops::Range;

/// The rewritten markdown plus a map back to source lines.
#[derive(Debug, Default)]
pub(crate) struct Joined {
    /// Markdown with every table row on one line.
    pub text: String,
    /// `(byte offset in text, source 1-based line)`, sorted by offset.
    segments: Vec<(usize, usize)>,
    /// Source lines of table rows that never reached their closing `|`.
    pub unterminated: Vec<usize>,
    /// Source lines of header rows read as a table's though no delimiter row follows them.
    pub headless: Vec<usize>,
    /// Source lines of rows with more cells than their header, whose extra `|` were read
    /// as text of the last cell: `(line, cells, header cells)`.
    pub surplus: Vec<(usize, usize, usize)>,
    /// Byte ranges of [`Joined::text`] holding a table or a fenced code block that starts
    /// a line, in page order.
    pub blocks: Vec<Range<usize>>,
    /// The source's last line number: one more than its line breaks.
    pub last_line: usize,
}

impl Joined {
    /// Source 1-based line of the byte at `offset` in [`Joined::text`].
    pub fn line_of(&self, offset: usize) -> usize {
        let ix = self.segments.partition_point(|&(start, _)| start <= offset);
        match ix.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(_, line)) => line,
            None => 1,
        }
    }

    /// Appends `piece`, which comes from source line `line`.
    fn push_piece(&mut self, piece: &str, line: usize) {
        self.segments.push((self.text.len(), line));
        self.text.push_str(piece);
    }

    /// Appends source line `line` (its text `piece`) and a line break.
    fn push_line(&mut self, piece: &str, line: usize) {
        self.push_piece(piece, line);
        self.text.push('\n');
    }

    /// Appends the row made of `lines[start..end]` (0-based) on one line, its lines joined
    /// with `<br>`. With `ncols`, the `|` that would make more cells than that are escaped
    /// (see [`surplus_pipes`]) and the row recorded in [`Joined::surplus`].
    fn push_row(&mut self, lines: &[&str], start: usize, end: usize, ncols: Option<usize>) {
        let pieces = lines.get(start..end).unwrap_or_default();
        let escape = ncols.map_or_else(Vec::new, |n| surplus_pipes(pieces, n));
        if !escape.is_empty() {
            self.surplus
                .push((start + 1, row_cells(pieces), ncols.unwrap_or(0)));
        }
        for (k, piece) in pieces.iter().enumerate() {
            if k > 0 {
                // A backslash ending a line stays text instead of escaping the tag's `<`.
                if self.text.ends_with('\\') {
                    self.text.push(' ');
                }
                self.text.push_str("<br>");
            }
            // An empty piece stays (between two `<br>`) so a blank line reads as a break.
            let piece = piece.trim_end();
            let mut at = 0;
            for &(_, byte) in escape.iter().filter(|(p, _)| *p == k) {
                self.push_piece(piece.get(at..byte).unwrap_or_default(), start + k + 1);
                self.text.push('\\');
                at = byte;
            }
            self.push_piece(piece.get(at..).unwrap_or_default(), start + k + 1);
        }
        self.text.push('\n');
    }
}

/// The unescaped `|` of a row (made of `pieces`) past the `ncols` cells its header has, as
/// `(piece, byte)`, when the cells they would start hold text: escaped, they leave that text
/// in the last cell, where GFM would drop it. The row's closing `|` is not among them.
fn surplus_pipes(pieces: &[&str], ncols: usize) -> Vec<(usize, usize)> {
    let mut pipes: Vec<(usize, usize)> = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let piece = piece.trim_end();
        let mut prev = 0u8;
        for (i, b) in piece.bytes().enumerate() {
            if b == b'|' && prev != b'\\' {
                pipes.push((k, i));
            }
            prev = b;
        }
    }
    let first = pieces.first().map_or("", |p| p.trim_start());
    let last = pieces.last().map_or("", |p| p.trim_end());
    let lead = usize::from(first.starts_with('|'));
    let trail = usize::from(last.len() > 1 && ends_row(last));
    let from = (ncols + lead).saturating_sub(1).max(lead);
    let to = pipes.len().saturating_sub(trail);
    if ncols == 0 || from >= to {
        return Vec::new();
    }
    // The text after the first extra `|`, up to the closing one.
    let Some(&(k0, b0)) = pipes.get(from) else {
        return Vec::new();
    };
    let end = if trail == 1 {
        pipes.last().copied()
    } else {
        None
    };
    let extra_text = pieces.iter().enumerate().skip(k0).any(|(k, piece)| {
        let piece = piece.trim_end();
        let lo = if k == k0 { b0 + 1 } else { 0 };
        let hi = match end {
            Some((ke, be)) if ke == k => be,
            Some((ke, _)) if ke < k => 0,
            _ => piece.len(),
        };
        piece
            .get(lo..hi.max(lo))
            .is_some_and(|t| !t.trim().is_empty())
    });
    match extra_text {
        true => pipes.get(from..to).unwrap_or_default().to_vec(),
        false => Vec::new(),
    }
}

/// True when `line` (trimmed) ends with a `|` that is not backslash-escaped.
fn ends_row(line: &str) -> bool {
    let t = line.trim_end_matches([' ', '\t', '\u{a0}']);
    let Some(before) = t.strip_suffix('|') else {
        return false;
    };
    let backslashes = before.bytes().rev().take_while(|&b| b == b'\\').count();
    backslashes % 2 == 0
}

/// Number of unescaped `|` in `s` (a backslash escapes the byte after it).
fn pipes(s: &str) -> usize {
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
    let mut pipes = 0usize;
    for piece in pieces {
        let mut prev = 0u8;
        for b in piece.bytes() {
            if b == b'|' && prev != b'\\' {
                pipes += 1;
            }
            prev = b;
        }
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
/// line starts no row, heading or fence).
fn indented(line: &str) -> &str {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() >= 4 {
        return "";
    }
    t
}

/// True for an ATX heading line (`# Title`).
fn is_heading(line: &str) -> bool {
    let t = indented(line);
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(t.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// The fence marker (```` ``` ```` or `~~~` run) opening a code block on `line`, if any:
/// its character and length.
fn fence(line: &str) -> Option<(u8, usize)> {
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

/// True when `line` closes a code block opened by the fence `(ch, n)`.
fn closes(line: &str, (ch, n): (u8, usize)) -> bool {
    match fence(line) {
        Some((c2, n2)) if c2 == ch && n2 >= n => {
            let rest = line
                .trim_start_matches(' ')
                .trim_start_matches(char::from(ch));
            rest.trim_matches([' ', '\t']).is_empty()
        }
        _ => false,
    }
}

/// True for a GFM delimiter row such as `|---|:--:|`: every cell is dashes, optionally
/// between colons.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim_matches([' ', '\t', '\u{a0}']);
    if !t.contains('|') {
        return false;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').all(|cell| {
        let c = cell.trim_matches([' ', '\t']);
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

/// Cells a delimiter row declares.
fn delimiter_cells(line: &str) -> usize {
    let t = line.trim_matches([' ', '\t']);
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.matches('|').count() + 1
}

/// Lines of `source`, without their line terminators (a final newline ends the last line
/// rather than starting an empty one).
fn lines(source: &str) -> Vec<&str> {
    let body = source.strip_suffix('\n').unwrap_or(source);
    body.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// Collects one logical row starting at `lines[start]`; returns the index of the line after
/// it and whether the row reached its closing `|`. With `ncols`, a row that holds that many
/// cells also ends where the next row starts.
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

/// The lines after a row that ended at `lines[from - 1]`'s `|`, up to one that ends with `|`
/// too, when they continue the row (its last cell held a `|` at a line's end): none of them
/// starts a row, heading or fence, and either the table goes on after them or they follow
/// the row without a blank line. Returns the index of the line after them.
fn continuation(lines: &[&str], from: usize) -> Option<usize> {
    let mut blank = false;
    for (j, line) in lines.iter().enumerate().skip(from) {
        if starts_row(line) || is_heading(line) || fence(line).is_some() {
            return None;
        }
        if is_blank(line) {
            blank = true;
        } else if ends_row(line) {
            let row_next = lines.get(j + 1).is_some_and(|l| starts_row(l));
            let new_table = lines.get(j + 2).is_some_and(|l| is_delimiter(l));
            return (!blank || (row_next && !new_table)).then_some(j + 1);
        }
    }
    None
}

/// The cell count of a table whose header, `lines[start..end]` (`closed` when it reached
/// its closing `|`), has no delimiter row: at least two cells, after a blank line, followed
/// by a closed row of as many cells that is not a header itself.
fn headless_table(
    lines: &[&str],
    start: usize,
    end: usize,
    closed: bool,
    prev_blank: bool,
) -> Option<usize> {
    let cols = row_cells(lines.get(start..end).unwrap_or_default());
    if !closed || !prev_blank || cols < 2 || !lines.get(end).is_some_and(|l| starts_row(l)) {
        return None;
    }
    let (row_end, row_closed) = row_extent(lines, end, Some(cols));
    let row = lines.get(end..row_end).unwrap_or_default();
    let header_too = lines.get(row_end).is_some_and(|l| is_delimiter(l));
    let delimiter = lines.get(start).is_some_and(|l| is_delimiter(l));
    (row_closed && !header_too && !delimiter && row_cells(row) == cols).then_some(cols)
}

/// Rewrites `source` so that each table row sits on one line.
///
/// A table, and a fenced code block that starts a line, always follows a blank line in the
/// result (one is added where the page has none), so that a raw HTML block just before it
/// ends there, as the blocks in [`Joined::blocks`] are read as tables and code either way.
pub(crate) fn join_rows(source: &str) -> Joined {
    let lines = lines(source);
    let mut out = Joined {
        text: String::with_capacity(source.len() + 64),
        // `lines` leaves out an empty last line (after a final line break).
        last_line: lines.len() + usize::from(source.ends_with('\n')),
        ..Joined::default()
    };
    // The open fence, and where its block starts in the text (when it starts a line).
    let mut fence_open: Option<((u8, usize), Option<usize>)> = None;
    // The open table's column count and where it starts in the text.
    let mut table: Option<(usize, usize)> = None;
    let mut prev_blank = true;
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        let lineno = i + 1;
        if let Some((f, start)) = fence_open {
            out.push_line(line, lineno);
            if closes(line, f) {
                fence_open = None;
                out.blocks.extend(start.map(|s| s..out.text.len()));
            }
            i += 1;
            continue;
        }
        if let Some((cols, start)) = table {
            if starts_row(line) {
                let (mut end, closed) = row_extent(&lines, i, Some(cols));
                if !closed {
                    out.unterminated.push(lineno);
                }
                while let Some(more) = continuation(&lines, end).filter(|_| closed) {
                    end = more;
                }
                out.push_row(&lines, i, end, Some(cols));
                i = end;
                continue;
            }
            // The table ends here, even where GFM would read this line as one more row.
            table = None;
            out.blocks.push(start..out.text.len());
            if !is_blank(line) {
                out.push_piece("\n", lineno);
                prev_blank = true;
            }
        }
        if starts_row(line) {
            // A header candidate: a table only if a delimiter row with as many cells follows.
            let (end, closed) = row_extent(&lines, i, None);
            let head = lines.get(i..end).unwrap_or_default();
            let delim = lines
                .get(end)
                .filter(|d| closed && is_delimiter(d) && delimiter_cells(d) == row_cells(head));
            if let Some(delim) = delim {
                if !prev_blank {
                    out.push_piece("\n", lineno);
                }
                table = Some((delimiter_cells(delim), out.text.len()));
                out.push_row(&lines, i, end, None);
                out.push_line(delim, end + 1);
                prev_blank = false;
                i = end + 1;
                continue;
            }
            if let Some(cols) = headless_table(&lines, i, end, closed, prev_blank) {
                // A delimiter row of its own, on the header's last line.
                out.headless.push(lineno);
                table = Some((cols, out.text.len()));
                out.push_row(&lines, i, end, None);
                let delim = vec!["-"; cols].join("|");
                out.push_line(&format!("|{delim}|"), end);
                prev_blank = false;
                i = end;
                continue;
            }
        }
        if let Some(f) = fence(line) {
            let start = if line.starts_with(char::from(f.0)) {
                if !prev_blank {
                    out.push_piece("\n", lineno);
                }
                Some(out.text.len())
            } else {
                None
            };
            fence_open = Some((f, start));
        }
        out.push_line(line, lineno);
        prev_blank = is_blank(line);
        i += 1;
    }
    // A table or code block the page ends in.
    if let Some((_, start)) = table {
        out.blocks.push(start..out.text.len());
    }
    if let Some((_, Some(start))) = fence_open {
        out.blocks.push(start..out.text.len());
    }
    out
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
        assert_eq!(j.line_of(0), 1);
        assert_eq!(j.line_of(usize::MAX), 6);
        assert!(j.unterminated.is_empty());
        // The whole text is one table.
        assert_eq!(j.blocks.len(), 1);
        assert_eq!(j.blocks.first(), Some(&(0..j.text.len())));
    }

    #[test]
    fn an_unclosed_row_runs_to_the_next_row_and_is_reported() {
        let src = "|A|B|\n|-|-|\n|x|one\ntwo\n|y|z|\n";
        let j = join_rows(src);
        assert_eq!(j.text, "|A|B|\n|-|-|\n|x|one<br>two\n|y|z|\n");
        assert_eq!(j.unterminated, [3]);
    }

    #[test]
    fn a_backslash_ending_a_line_does_not_escape_the_join() {
        let j = join_rows("|A|\n|-|\n|one \\\ntwo|\n");
        assert_eq!(j.text, "|A|\n|-|\n|one \\ <br>two|\n");
    }

    #[test]
    fn tables_and_fences_follow_a_blank_line() {
        let src = "<div>\n|A|\n|-|\n|x|\nafter\n<div>\n```json\n{}\n```\n  ```\nindented\n  ```\n";
        let j = join_rows(src);
        assert_eq!(
            j.text,
            "<div>\n\n|A|\n|-|\n|x|\n\nafter\n<div>\n\n```json\n{}\n```\n  ```\nindented\n  ```\n"
        );
        let blocks: Vec<&str> = j.blocks.iter().map(|b| &j.text[b.clone()]).collect();
        assert_eq!(blocks, ["|A|\n|-|\n|x|\n", "```json\n{}\n```\n"]);
        let fence = j.text.find("```json").unwrap();
        assert_eq!(j.line_of(fence), 7);
        assert_eq!(j.line_of(fence - 1), 7);
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
        assert_eq!(row_cells(&["|a\\|b|c|"]), 2);
    }

    #[test]
    fn counts_lines_like_str_split() {
        for src in ["", "\n", "a", "a\n", "a\r\nb\r\n", "\n\nx\n\n", "é\nü"] {
            let want: Vec<&str> = src
                .strip_suffix('\n')
                .unwrap_or(src)
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            assert_eq!(lines(src), want, "{src:?}");
            assert_eq!(join_rows(src).last_line, src.matches('\n').count() + 1);
        }
    }

    #[test]
    fn a_header_without_delimiter_row_starts_a_table() {
        let src = "Intro\n\n|A|B|\n|x|y|\n|z|w|\n";
        let j = join_rows(src);
        assert_eq!(j.text, "Intro\n\n|A|B|\n|-|-|\n|x|y|\n|z|w|\n");
        assert_eq!(j.headless, [3]);
        let delim = j.text.find("|-|").unwrap();
        assert_eq!(j.line_of(delim), 3);
        assert_eq!(j.line_of(j.text.find("|x").unwrap()), 4);
        // Not after a paragraph line, not with one column, not when the rows differ in
        // cells, and not when the second row heads a table of its own.
        for src in [
            "Text\n|A|B|\n|x|y|\n",
            "|A|\n|x|\n",
            "|A|B|\n|x|y|z|\n",
            "|A|B|\n|C|D|\n|-|-|\n",
        ] {
            let j = join_rows(src);
            assert!(j.headless.is_empty(), "{src:?}");
        }
    }

    #[test]
    fn extra_pipes_stay_in_the_last_cell() {
        let j = join_rows("|A|B|\n|-|-|\n|x|a|b|\n|y|c \\| d|\n|z|e| |\n");
        assert_eq!(j.text, "|A|B|\n|-|-|\n|x|a\\|b|\n|y|c \\| d|\n|z|e| |\n");
        assert_eq!(j.surplus, [(3, 3, 2)]);
        assert_eq!(surplus_pipes(&["x|a|b"], 2), [(0, 3)]);
        assert_eq!(surplus_pipes(&["|x|a|"], 2), []);
        assert_eq!(surplus_pipes(&["|x|a|b"], 0), []);
        // On a later line of a multi-line row.
        let j = join_rows("|A|B|\n|-|-|\n|x|one\n\ntwo | three|\n");
        assert_eq!(j.text, "|A|B|\n|-|-|\n|x|one<br><br>two \\| three|\n");
        assert_eq!(j.surplus, [(3, 3, 2)]);
    }

    #[test]
    fn a_pipe_ending_a_line_of_a_cell_does_not_end_the_table() {
        let src = "|A|B|\n|-|-|\n|x|one |\ntwo\n\n-   three |\n|y|z|\n";
        let j = join_rows(src);
        assert_eq!(
            j.text,
            "|A|B|\n|-|-|\n|x|one \\|<br>two<br><br>-   three |\n|y|z|\n"
        );
        assert_eq!(j.surplus, [(3, 3, 2)]);
        // A lone `|` line inside the cell.
        let j = join_rows("|A|B|\n|-|-|\n|x|one\n|\ntwo |\n");
        assert_eq!(j.text, "|A|B|\n|-|-|\n|x|one<br>\\|<br>two |\n");
        // A paragraph after a blank line is not the row's, unless the table goes on after it.
        let src = "|A|B|\n|-|-|\n|x|y|\n\nText ending with |\n\nMore\n";
        assert_eq!(
            join_rows(src).text,
            "|A|B|\n|-|-|\n|x|y|\n\nText ending with |\n\nMore\n"
        );
        let src = "|A|B|\n|-|-|\n|x|y|\n\nText |\n|C|D|\n|-|-|\n";
        assert!(join_rows(src).surplus.is_empty());
    }

    #[test]
    fn non_tables_are_left_alone() {
        let src = "|not a table\ntext|\nmore\n";
        assert_eq!(join_rows(src).text, src);
    }
}
