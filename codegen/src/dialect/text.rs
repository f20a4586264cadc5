//! Plain-text cleanup for what markdown leaves behind after inline parsing.
//!
//! The reader has already resolved escapes, emphasis and links; this module normalises
//! whitespace: NBSP and tabs become spaces, runs of spaces collapse, paragraph breaks stay
//! `"\n\n"`, bullet items become `"- item"` lines, and other line breaks inside a paragraph
//! become spaces.

/// Normalises whitespace in `raw` (newlines mark source line breaks).
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    clean_into(raw, &mut out);
    out
}

/// [`clean`], borrowing from `raw` when trimming is all the cleanup it needs.
pub fn clean_cow(raw: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = trim_space(raw);
    if is_plain(trimmed.as_bytes()) {
        std::borrow::Cow::Borrowed(trimmed)
    } else {
        let mut out = String::with_capacity(trimmed.len());
        clean_general(trimmed, &mut out);
        std::borrow::Cow::Owned(out)
    }
}

/// [`clean`], appending to `out` (whatever `out` already holds is left as it is).
pub(crate) fn clean_into(raw: &str, out: &mut String) {
    // Blank lines and spaces around the whole text never reach the output, and most cells
    // and paragraphs are then one line of single-spaced printable ASCII, which is kept as is.
    let raw = trim_space(raw);
    if is_plain(raw.as_bytes()) {
        out.push_str(raw);
    } else {
        clean_general(raw, out);
    }
}

/// [`clean_into`] without the fast path: line by line.
fn clean_general(raw: &str, out: &mut String) {
    let start = out.len();
    let mut blank_pending = false;
    let mut prev_bullet = false;
    for line in split_lines(raw) {
        let line = trim_space(line);
        if line.is_empty() {
            blank_pending = out.len() > start;
            continue;
        }
        let (bullet, body) = match bullet_body(line) {
            Some(body) => (true, body),
            None => (false, line),
        };
        if out.len() > start {
            if blank_pending {
                out.push_str("\n\n");
            } else if bullet || prev_bullet {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        if bullet {
            out.push_str("- ");
        }
        push_collapsed(out, body);
        blank_pending = false;
        prev_bullet = bullet;
    }
}

/// The range of `b` left when the bytes `blank` accepts are taken off both ends.
pub(crate) fn kept(b: &[u8], blank: impl Fn(&u8) -> bool) -> std::ops::Range<usize> {
    let start = b.iter().position(|c| !blank(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !blank(c)).map_or(start, |i| i + 1);
    start..end
}

/// `s.split('\n')`, each line end found by a vectorised search (the standard splitter's
/// search costs more on the short lines of cells and paragraphs).
pub(crate) fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    lines_at(s).map(|(_, line)| line)
}

/// [`split_lines`] with where each line starts in `s`.
pub(crate) fn lines_at(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', s.as_bytes())
        .chain(std::iter::once(s.len()))
        .map(move |end| {
            let line = (start, s.get(start..end).unwrap_or_default());
            start = end + 1;
            line
        })
}

/// True for printable ASCII without line breaks, tabs or doubled spaces: text that [`clean`]
/// returns unchanged once it is trimmed.
fn is_plain(b: &[u8]) -> bool {
    // `* x` and `+ x` are bullets, rewritten to `- x`; `- x` is rewritten to itself.
    single_spaced_ascii(b) && !matches!(b, [b'*' | b'+', b' ', ..])
}

/// True for printable ASCII (`' '..='~'`) without two spaces in a row.
fn single_spaced_ascii(b: &[u8]) -> bool {
    // A byte outside `' '..='~'`, or two spaces starting here, is not.
    all_byte_pairs(b, |x, next| {
        !((x.wrapping_sub(0x20) > 0x5e) | ((x == b' ') & (next == b' ')))
    })
}

/// True when `ok(byte, next byte)` holds for every byte of `b` (the last one with `0` after
/// it). Each byte but the last with its successor: two slices of equal length, taken sixteen
/// bytes at a time as fixed-size arrays, which the compiler turns into vector compares when
/// `ok` is plain comparisons; then the tail.
pub(crate) fn all_byte_pairs(b: &[u8], ok: impl Fn(u8, u8) -> bool + Copy) -> bool {
    let Some((&last, _)) = b.split_last() else {
        return true;
    };
    let pairs = b.len() - 1;
    let here = b.get(..pairs).unwrap_or_default();
    let next = b.get(1..).unwrap_or_default();
    let (mut h16, mut n16) = (here.chunks_exact(16), next.chunks_exact(16));
    for (h, n) in (&mut h16).zip(&mut n16) {
        let (Ok(h), Ok(n)) = (<&[u8; 16]>::try_from(h), <&[u8; 16]>::try_from(n)) else {
            return false;
        };
        if h.iter().zip(n).fold(false, |acc, (&x, &y)| acc | !ok(x, y)) {
            return false;
        }
    }
    h16.remainder()
        .iter()
        .zip(n16.remainder())
        .all(|(&x, &y)| ok(x, y))
        && ok(last, 0)
}

/// `s` without leading and trailing [`is_space`] characters: ASCII whitespace is stripped
/// bytewise, and only text that then starts or ends with a non-ASCII byte takes the
/// character-wise path.
fn trim_space(s: &str) -> &str {
    // The ASCII characters `char::is_whitespace` accepts.
    let ascii_space = |b: &u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let t = s.get(kept(s.as_bytes(), ascii_space)).unwrap_or_default();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(f), Some(l)) if !f.is_ascii() || !l.is_ascii() => t.trim_matches(is_space),
        _ => t,
    }
}

/// Whitespace, NBSP and zero-width characters.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// The text after a bullet marker (`-`, `*`, `+`, `•`) at the start of `line`.
fn bullet_body(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+' | '•') {
        return None;
    }
    let rest = chars.as_str();
    if !rest.starts_with(is_space) {
        return None;
    }
    Some(rest.trim_start_matches(is_space))
}

/// Appends `s` (already trimmed) with whitespace runs collapsed into single spaces.
fn push_collapsed(out: &mut String, s: &str) {
    // Fast path: printable ASCII without doubled spaces needs no work.
    if single_spaced_ascii(s.as_bytes()) {
        out.push_str(s);
        return;
    }
    let mut space = false;
    for c in s.chars() {
        if is_space(c) {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, is_space, split_lines, trim_space};

    #[test]
    fn split_lines_is_str_split() {
        for s in ["", "\n", "a", "a\n", "\n\nb\n\n", "é\nü\n\nx"] {
            assert_eq!(
                split_lines(s).collect::<Vec<_>>(),
                s.split('\n').collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn trim_space_matches_charwise_trim() {
        for s in [
            "",
            " ",
            "\t\x0b\x0c\r\n",
            "a",
            " a b ",
            "\u{a0} x \u{200b}",
            "\u{feff}\n é \u{a0}",
            " \u{3000}",
            "ü",
            "x\u{a0}\t",
            "\n\u{a0}\n",
        ] {
            assert_eq!(trim_space(s), s.trim_matches(is_space), "{s:?}");
        }
    }

    #[test]
    fn keeps_paragraphs_and_bullets() {
        let raw = "Valid values:\n\n-   Ready\n-   Running\u{a0} now\nmore";
        assert_eq!(clean(raw), "Valid values:\n\n- Ready\n- Running now\nmore");
    }

    #[test]
    fn fast_path_agrees_with_the_general_path() {
        let alphabet: Vec<&str> = vec![
            "a", "B", " ", "  ", "\n", "\n\n", "-", "*", "+", "•", "\t", "\u{a0}", "\u{200b}", "é",
            ".", "|",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for len in 0..10 {
            for _ in 0..500 {
                let raw: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let mut general = String::from("x");
                super::clean_general(&raw, &mut general);
                assert_eq!(format!("x{}", clean(&raw)), general, "{raw:?}");
                let cow = super::clean_cow(&raw);
                assert_eq!(cow, clean(&raw), "{raw:?}");
                let plain = super::is_plain(raw.trim_matches(super::is_space).as_bytes());
                assert_eq!(
                    matches!(cow, std::borrow::Cow::Borrowed(_)),
                    plain,
                    "{raw:?}"
                );
            }
        }
        let long = "word ".repeat(20);
        assert!(super::single_spaced_ascii(long.trim_end().as_bytes()));
        assert!(super::single_spaced_ascii(long.as_bytes()));
        for cut in 0..long.len() {
            let mut doubled = long.clone();
            doubled.insert(cut, ' ');
            let has_double = doubled.contains("  ");
            assert_eq!(
                super::single_spaced_ascii(doubled.as_bytes()),
                !has_double,
                "{cut}"
            );
            let mut odd = long.clone();
            odd.insert(cut, '\t');
            assert!(!super::single_spaced_ascii(odd.as_bytes()), "{cut}");
        }
        assert!(super::is_plain(b"a b - c"));
        assert!(super::is_plain(b"- a"));
        assert!(!super::is_plain(b"* a"));
        assert!(!super::is_plain(b"a  b"));
        assert!(!super::is_plain(b"a\nb"));
        assert!(!super::is_plain("é".as_bytes()));
    }

    #[test]
    fn soft_breaks_become_spaces() {
        assert_eq!(clean("  one\ntwo  \n\n\n three "), "one two\n\nthree");
    }
}
