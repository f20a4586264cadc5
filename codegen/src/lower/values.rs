//! The valid values a description lists for a string parameter or field, which emission turns
//! into an enum.
//!
//! A description introduces them with a lead ending in a colon ([`vocab::VALUES_LEAD`]:
//! `Valid values:`, `取值：`, `可选值：`), followed either by list items, one value each
//! (`- Ready: the job is ready`, `` - `Ready`：描述 ``, `- none (default)`), or inline on the same
//! line up to the end of the sentence (`Valid values: Ready, Running, and Stopped.`,
//! `取值：Year、Month。`, `WORKER（描述）、KIBANA（描述）`). The rule is conservative: every value
//! of a list must be a token (ASCII letters, digits, `_`, `-`, `.`, with at least one letter),
//! else the list gives nothing; ranges, numbers and prose never qualify; `true`/`false` stay
//! strings; a field needs two values at least.

use super::vocab;
use crate::ir::{EnumValue, Type};

/// The valid values `description` lists for a parameter or field of type `ty`, in page order
/// without repeats; empty unless `ty` is `String` and at least two values qualify.
pub(crate) fn documented(ty: &Type, description: &str) -> Vec<EnumValue> {
    if *ty != Type::String {
        return Vec::new();
    }
    let mut out: Vec<EnumValue> = Vec::new();
    for after in leads(description) {
        let found = listed(after).or_else(|| inline(after)).unwrap_or_default();
        for v in found {
            if !out.iter().any(|o| o.value == v.value) {
                out.push(v);
            }
        }
    }
    if out.len() < 2 || is_boolean(&out) {
        return Vec::new();
    }
    out
}

/// The text after each colon whose preceding text ends with a [`vocab::VALUES_LEAD`].
fn leads(description: &str) -> impl Iterator<Item = &str> {
    description
        .char_indices()
        .filter(|&(_, c)| c == ':' || c == '：')
        .filter_map(move |(i, c)| {
            let before = description.get(..i)?.trim_end();
            let after = description.get(i + c.len_utf8()..)?;
            vocab::VALUES_LEAD.ends(before).then_some(after)
        })
}

/// The values of the list items after the lead (the rest of the lead's line blank), or
/// `None` when there are none or one item is not a value.
fn listed(after: &str) -> Option<Vec<EnumValue>> {
    let mut lines = after.lines();
    if !lines.next()?.trim().is_empty() {
        return None;
    }
    // Items may be spaced by blank lines; the first other line ends the list.
    let items: Vec<&str> = lines
        .filter(|l| !l.trim().is_empty())
        .map_while(|l| l.trim_start().strip_prefix("- "))
        .collect();
    if items.is_empty() {
        return None;
    }
    items.into_iter().map(item).collect()
}

/// One list item: a value, then nothing or its description after a separator
/// (`Ready: …`, `Ready：…`, `none (default): …`, `Ready - …`).
fn item(text: &str) -> Option<EnumValue> {
    let (value, rest) = split_value(text)?;
    // An ASCII colon separates only before a space: `ALIYUN::GPDB` or `acs:ecs` is one value.
    let glued = rest
        .strip_prefix(':')
        .is_some_and(|r| !r.is_empty() && !r.starts_with(char::is_whitespace));
    let rest = rest.trim();
    let separated = !glued
        && (rest.is_empty() || rest.starts_with([':', '：', '(', '（', '-', '–', '—', '。']));
    separated.then(|| EnumValue {
        value,
        description: rest
            .trim_start_matches([':', '：', '-', '–', '—', '。', ' '])
            .trim()
            .to_string(),
    })
}

/// The values on the lead's own line, up to the end of its sentence: a list separated by
/// commas, `、`, `|`, `and`, `or`, `或`, `和`, each value optionally followed by its
/// description in parentheses; `None` when a part is not such a value.
fn inline(after: &str) -> Option<Vec<EnumValue>> {
    let line = after.lines().next()?;
    let sentence = sentence(line).trim();
    if sentence.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for part in parts(sentence) {
        let part = part.trim();
        let part = ["and ", "or "]
            .iter()
            .find_map(|w| part.strip_prefix(w))
            .unwrap_or(part)
            .trim();
        if part.is_empty() {
            continue;
        }
        let (value, rest) = split_value(part)?;
        let rest = rest.trim();
        let description = if rest.is_empty() {
            ""
        } else {
            rest.strip_prefix(['(', '（'])
                .and_then(|r| r.strip_suffix([')', '）']))?
        };
        out.push(EnumValue {
            value,
            description: description.trim().to_string(),
        });
    }
    Some(out)
}

/// `line` up to the end of its first sentence (`。`, `；`, `;`, or `.` before a space or the
/// end of the line), outside parentheses.
fn sentence(line: &str) -> &str {
    let mut depth = 0usize;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            '。' | '；' | ';' if depth == 0 => return line.get(..i).unwrap_or(line),
            '.' if depth == 0 && chars.peek().is_none_or(|(_, n)| n.is_whitespace()) => {
                return line.get(..i).unwrap_or(line)
            }
            _ => {}
        }
    }
    line
}

/// The parts of an inline list, split outside parentheses at commas, `、`, `|`, `或`, `和`
/// and the words `and`, `or`.
fn parts(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in sentence.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            ',' | '，' | '、' | '|' | '或' | '和' if depth == 0 => {
                out.push(sentence.get(start..i).unwrap_or_default());
                start = i + c.len_utf8();
            }
            ' ' if depth == 0 => {
                let word = sentence.get(i..).unwrap_or_default();
                if let Some(len) = [" and ", " or "]
                    .iter()
                    .find(|w| word.starts_with(**w))
                    .map(|w| w.len())
                {
                    out.push(sentence.get(start..i).unwrap_or_default());
                    start = i + len - 1;
                }
            }
            _ => {}
        }
    }
    out.push(sentence.get(start..).unwrap_or_default());
    out
}

/// The value at the start of `text` (in backticks, or up to a separator or space; a final `.`
/// dropped) and the text after it; `None` when it is not a token.
fn split_value(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    let (value, rest) = match text.strip_prefix('`') {
        Some(quoted) => quoted.split_once('`')?,
        None => {
            let end = text
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ':' | '：' | '(' | '（' | '，' | '。' | '、')
                })
                .unwrap_or(text.len());
            (text.get(..end)?, text.get(end..)?)
        }
    };
    let value = value.trim().trim_end_matches('.');
    is_token(value).then(|| (value.to_string(), rest))
}

/// True for a value a service sends as a keyword: ASCII letters, digits, `_`, `-` and `.`,
/// with at least one letter (so no numbers or ranges).
fn is_token(value: &str) -> bool {
    value.chars().any(|c| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// True when the values are only `true` and `false` (a boolean written as a string).
fn is_boolean(values: &[EnumValue]) -> bool {
    values
        .iter()
        .all(|v| v.value.eq_ignore_ascii_case("true") || v.value.eq_ignore_ascii_case("false"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(description: &str) -> Vec<(String, String)> {
        documented(&Type::String, description)
            .into_iter()
            .map(|v| (v.value, v.description))
            .collect()
    }

    fn names(description: &str) -> Vec<String> {
        values(description).into_iter().map(|(v, _)| v).collect()
    }

    #[test]
    fn reads_list_items() {
        let d = "The state. Valid values:\n\n- Ready: ready to run.\n- `Running`: running\n- Stopped\n\nDefault value: Ready.";
        assert_eq!(
            values(d),
            [
                ("Ready".into(), "ready to run.".into()),
                ("Running".into(), "running".into()),
                ("Stopped".into(), String::new()),
            ]
        );
        let zh = "状态。取值：\n\n- cloud_ssd：SSD云盘\n- none（默认值）：无\n\n默认值：无";
        assert_eq!(
            values(zh),
            [
                ("cloud_ssd".into(), "SSD云盘".into()),
                ("none".into(), "（默认值）：无".into()),
            ]
        );
    }

    #[test]
    fn reads_inline_lists() {
        assert_eq!(
            names("Valid values: https, http, and all. Default value: all."),
            ["https", "http", "all"]
        );
        assert_eq!(names("Valid values: `A` and `B`."), ["A", "B"]);
        assert_eq!(names("取值：Year、Month。"), ["Year", "Month"]);
        assert_eq!(names("取值范围：on或off（默认值）。"), ["on", "off"]);
        assert_eq!(
            values("Valid values: WORKER(Elasticsearch cluster) and KIBANA(Kibana, a UI). Note."),
            [
                ("WORKER".into(), "Elasticsearch cluster".into()),
                ("KIBANA".into(), "Kibana, a UI".into())
            ]
        );
        assert_eq!(
            names("Valid values: ecs.g6.large | ecs.c6.large"),
            ["ecs.g6.large", "ecs.c6.large"]
        );
    }

    #[test]
    fn stays_conservative() {
        let none: [&str; 0] = [];
        assert_eq!(names("Valid values: 1 to 100."), none);
        assert_eq!(names("N的取值范围：1~20。"), none);
        assert_eq!(names("Valid values:\n\n- true\n- false"), none);
        assert_eq!(names("Valid values:\n\n- 0: off\n- 2: on"), none);
        assert_eq!(names("Valid values:\n\n- A: a\n- 空值：all"), none);
        assert_eq!(names("Valid values:\n\n- If you set it, a\n- B"), none);
        assert_eq!(names("Valid values: cn-hangzhou."), none);
        assert_eq!(
            names("Valid values:\n\n- a: x\n- ALIYUN::GPDB::INSTANCE: y"),
            none
        );
        assert_eq!(names("Invalid values: A, B."), none);
        assert_eq!(names("Valid values of N: a, b."), none);
        assert_eq!(names("PostPaid，目前仅支持按量付费。"), none);
        assert_eq!(names("取值：PostPaid，目前仅支持按量付费。"), none);
        assert!(documented(&Type::Integer, "Valid values: A, B.").is_empty());
    }

    #[test]
    fn merges_several_leads_without_repeats() {
        assert_eq!(
            names("If X, valid values: A, B. Otherwise, valid values: B, C."),
            ["A", "B", "C"]
        );
    }
}
