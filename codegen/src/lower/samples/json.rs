//! The JSON success sample: read with serde_json after any `HTTP/1.1 200 OK` head, repaired
//! when it misses its outer braces or has trailing commas, its keys trimmed. The repair is
//! hand-written: lenient JSON crates accept far more than these two page typos.

use crate::dialect::CodeBlock;
use crate::lower::Ctx;
use serde_json::Value;

/// Removes surrounding whitespace from every object key of a sample (`" InstanceId "` →
/// `InstanceId`): no service sends such keys, so they are typos of the page. Returns the keys
/// changed, quoted. Used by lowering and by anything that replays a page's sample against the
/// generated types, so that both read the sample the same way.
pub fn trim_sample_keys(value: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    trim_keys_into(value, &mut changed);
    changed
}

fn trim_keys_into(value: &mut Value, changed: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.keys().any(|k| k.trim() != k) {
                let old = std::mem::take(map);
                for (k, v) in old {
                    let t = k.trim();
                    if t != k {
                        changed.push(format!("{k:?}"));
                    }
                    // The untrimmed spelling never wins over a correct one already present.
                    map.entry(t.to_string()).or_insert(v);
                }
            }
            for v in map.values_mut() {
                trim_keys_into(v, changed);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| trim_keys_into(v, changed)),
        _ => {}
    }
}

/// `value` with its keys trimmed by [`trim_sample_keys`], each trimmed key reported.
pub(super) fn trim_keys(mut value: Value, block: &CodeBlock, ctx: &mut Ctx<'_>) -> Value {
    let trimmed = trim_sample_keys(&mut value);
    if !trimmed.is_empty() {
        ctx.diags.warn(
            block.line,
            "json-key-whitespace",
            format!(
                "JSON sample keys with surrounding spaces, read without them: {}",
                trimmed.join(", ")
            ),
        );
    }
    value
}

/// The body of a JSON sample written inside its action's XML root (`{"DescribeXResponse":
/// {...}}` on the page of `DescribeX`): the object inside, as the XML root is dropped. No
/// JSON body has that key; any other sample is returned as it is.
pub(super) fn without_action_root(value: Value, action: &str) -> Value {
    let root = format!("{action}Response");
    match value {
        Value::Object(mut map) if map.len() == 1 => {
            let key = map.keys().next().cloned().unwrap_or_default();
            match map.remove(&key) {
                Some(inner @ Value::Object(_)) if key.trim().eq_ignore_ascii_case(&root) => inner,
                Some(inner) => {
                    map.insert(key, inner);
                    Value::Object(map)
                }
                None => Value::Object(map),
            }
        }
        other => other,
    }
}

/// A JSON sample that cannot be used as written.
pub(super) struct JsonProblem {
    /// Line of the problem on the page.
    pub line: usize,
    /// What is wrong (`JSON sample does not parse (...)`).
    pub message: String,
    /// A reading repaired by adding missing outer braces and dropping trailing commas, when
    /// one parses.
    pub repaired: Option<Value>,
}

/// Parses the JSON sample, skipping an `HTTP/1.1 200 OK` preamble. A sample that is invalid,
/// or not an object, is a [`JsonProblem`] (with a repaired reading when one parses).
pub(super) fn parse(b: &CodeBlock) -> Result<Value, JsonProblem> {
    let mut offset = 0;
    let mut body = b.text.as_str();
    if body.trim_start().starts_with("HTTP/") {
        for line in b.text.split_inclusive('\n') {
            if line.trim_start().starts_with(['{', '[']) {
                break;
            }
            offset += 1;
            body = body.get(line.len()..).unwrap_or("");
        }
    }
    // The block's last line: no diagnostic may point past it (counted only for a problem).
    let last = || b.line + b.text.lines().count().saturating_sub(1);
    if body.trim().is_empty() {
        return Err(JsonProblem {
            line: (b.line + offset).min(last()),
            message: "JSON sample holds no JSON (only an HTTP status line and headers)".to_string(),
            repaired: None,
        });
    }
    match serde_json::from_str::<Value>(body.trim()) {
        Ok(v) if v.is_object() || list_of_objects(&v) => Ok(v),
        Ok(_) => Err(JsonProblem {
            line: b.line,
            message: "JSON sample is unusable (neither an object nor a list of objects)"
                .to_string(),
            repaired: None,
        }),
        Err(e) => Err(JsonProblem {
            line: (b.line + offset + e.line().saturating_sub(1)).min(last()),
            message: format!("JSON sample does not parse ({e})"),
            repaired: serde_json::from_str::<Value>(&repair(body))
                .ok()
                .filter(Value::is_object),
        }),
    }
}

/// Whether `v` is a non-empty list of objects (the body of a ROA list action).
fn list_of_objects(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|items| !items.is_empty() && items.iter().all(Value::is_object))
}

/// Adds missing outer braces and drops trailing commas (outside strings).
fn repair(body: &str) -> String {
    let t = body.trim();
    let wrapped = if t.starts_with('{') {
        t.to_string()
    } else {
        format!("{{{t}}}")
    };
    let mut out = String::with_capacity(wrapped.len());
    let mut in_str = false;
    let mut escaped = false;
    let chars: Vec<char> = wrapped.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        if c == ',' {
            let next = chars
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{repair, without_action_root};
    use serde_json::json;

    #[test]
    fn the_actions_response_root_is_dropped() {
        let wrapped = json!({"GetThingResponse": {"RequestId": "r", "Thing": {"A": 1}}});
        assert_eq!(
            without_action_root(wrapped, "GetThing"),
            json!({"RequestId": "r", "Thing": {"A": 1}})
        );
        // Another lone key, or the root beside other keys, is the body itself.
        for body in [
            json!({"Thing": {"A": 1}}),
            json!({"GetThingResponse": {"A": 1}, "RequestId": "r"}),
            json!({"GetThingResponse": "text"}),
            json!([{"GetThingResponse": {}}]),
        ] {
            assert_eq!(without_action_root(body.clone(), "GetThing"), body);
        }
    }

    #[test]
    fn repairs_braces_and_trailing_commas() {
        assert_eq!(repair("\"A\": 1,"), "{\"A\": 1}");
        assert_eq!(
            repair("{\"A\": [1, 2,], \"B\": \"x,}\"}"),
            "{\"A\": [1, 2], \"B\": \"x,}\"}"
        );
    }
}
