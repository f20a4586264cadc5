//! Plain-text cleanup for what markdown leaves behind after inline parsing.
//!
//! The reader has already resolved escapes, entities, emphasis and links; this module
//! normalises whitespace: NBSP, tabs and zero-width spaces become spaces, runs of spaces
//! collapse, paragraph breaks stay `"\n\n"`, bullet items (`-`, `*`, `+`, `•`) become
//! `"- item"` lines, and other line breaks inside a paragraph become spaces.

/// Normalises whitespace in `raw` (newlines mark source line breaks).
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_pending = false;
    let mut prev_bullet = false;
    for line in raw.split('\n') {
        let line = line.trim_matches(is_space);
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        let (bullet, body) = match bullet_body(line) {
            Some(body) => (true, body),
            None => (false, line),
        };
        if !out.is_empty() {
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
        push_collapsed(&mut out, body);
        blank_pending = false;
        prev_bullet = bullet;
    }
    out
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

/// Appends `s` with its whitespace runs collapsed into single spaces.
fn push_collapsed(out: &mut String, s: &str) {
    for (k, word) in s.split(is_space).filter(|w| !w.is_empty()).enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn keeps_paragraphs_and_bullets() {
        let raw = "Valid values:\n\n-   Ready\n-   Running\u{a0} now\nmore";
        assert_eq!(clean(raw), "Valid values:\n\n- Ready\n- Running now\nmore");
        assert_eq!(clean("* a\n+ b\n• c"), "- a\n- b\n- c");
        assert_eq!(clean("-x *y"), "-x *y");
    }

    #[test]
    fn soft_breaks_become_spaces() {
        assert_eq!(clean("  one\ntwo  \n\n\n three "), "one two\n\nthree");
    }

    #[test]
    fn odd_spaces_collapse_or_go() {
        assert_eq!(clean("\u{feff}a\u{a0}\u{a0}b\u{200b}\tc \u{3000}"), "a b c");
        assert_eq!(clean("\u{a0}\n\u{200b}\n"), "");
    }
}
