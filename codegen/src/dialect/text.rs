//! Plain-text cleanup for what markdown leaves behind after inline parsing.
//!
//! The reader has already resolved escapes, emphasis and links; this module normalises
//! whitespace: NBSP and tabs become spaces, runs of spaces collapse, paragraph breaks stay
//! `"\n\n"`, bullet items become `"- item"` lines, and other line breaks inside a paragraph
//! become spaces.

/// Normalises whitespace in `raw` (newlines mark source line breaks).
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_pending = false;
    let mut prev_bullet = false;
    for line in raw.split('\n') {
        let line = collapse(line);
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        let (bullet, body) = match bullet_body(&line) {
            Some(body) => (true, body),
            None => (false, line.as_str()),
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
        out.push_str(body);
        blank_pending = false;
        prev_bullet = bullet;
    }
    out
}

/// The text after a bullet marker (`-`, `*`, `+`, `•`) at the start of `line`.
fn bullet_body(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))
        .or_else(|| line.strip_prefix("• "))?;
    Some(rest.trim_start())
}

/// Collapses whitespace runs (NBSP, tabs, zero-width spaces included) into single spaces.
fn collapse(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        match c {
            '\u{200b}' | '\u{feff}' => {}
            c if c.is_whitespace() => space = true,
            c => {
                if space && !s.is_empty() {
                    s.push(' ');
                }
                space = false;
                s.push(c);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn keeps_paragraphs_and_bullets() {
        let raw = "Valid values:\n\n-   Ready\n-   Running\u{a0} now\nmore";
        assert_eq!(clean(raw), "Valid values:\n\n- Ready\n- Running now\nmore");
    }

    #[test]
    fn soft_breaks_become_spaces() {
        assert_eq!(clean("  one\ntwo  \n\n\n three "), "one two\n\nthree");
    }
}
