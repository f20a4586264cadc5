//! Tolerant response decoding helpers for `#[serde(default, deserialize_with = "...")]` on
//! `Option` fields.
//!
//! Each accepts `null` (and, with `#[serde(default)]`, a missing key) as `None`, plus the
//! wrong-but-equivalent encodings real gateways send: numbers as strings, `""` for "no value",
//! booleans as `"true"`/`0`/`1`, and a single object where a list was expected.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// A string; numbers and booleans become their text. Objects and arrays are an error.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(D::Error::custom(format!(
            "expected a string, found {}",
            kind(&other)
        ))),
    }
}

/// A 32-bit integer; also numeric strings, integral floats, and booleans (0/1). `""` is `None`.
pub fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    match integer::<D::Error>(Option::<Value>::deserialize(d)?)? {
        None => Ok(None),
        Some(v) => i32::try_from(v)
            .map(Some)
            .map_err(|_| D::Error::custom(format!("integer {v} out of range for i32"))),
    }
}

/// A 64-bit integer; same tolerance as [`i32()`].
pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    integer::<D::Error>(Option::<Value>::deserialize(d)?)
}

/// A 32-bit float; also numeric strings and booleans (0/1). `""` is `None`.
pub fn f32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    // Narrowing to f32 is the documented precision of these fields.
    #[allow(clippy::cast_possible_truncation)]
    Ok(float::<D::Error>(Option::<Value>::deserialize(d)?)?.map(|v| v as f32))
}

/// A 64-bit float; also numeric strings and booleans (0/1). `""` is `None`.
pub fn f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    float::<D::Error>(Option::<Value>::deserialize(d)?)
}

/// A boolean; also `"true"`/`"false"` (any case), `0`/`1` and `"0"`/`"1"`. `""` is `None`.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(0.0) => Ok(Some(false)),
            Some(1.0) => Ok(Some(true)),
            _ => Err(D::Error::custom(format!("expected a boolean, found {n}"))),
        },
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            _ => Err(D::Error::custom(format!("expected a boolean, found {s:?}"))),
        },
        Some(other) => Err(D::Error::custom(format!(
            "expected a boolean, found {}",
            kind(&other)
        ))),
    }
}

/// A list: `null` → `None`, `[..]` → `Some(vec)`, `{}` (an empty XML-style wrapper) →
/// `Some(vec![])`, any other single object/value → `Some(vec![it])`.
pub fn list<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(Value::Object(map)) if map.is_empty() => Vec::new(),
        Some(single) => vec![single],
    };
    items
        .into_iter()
        .map(|item| T::deserialize(item).map_err(D::Error::custom))
        .collect::<Result<Vec<T>, D::Error>>()
        .map(Some)
}

/// Short name of a JSON value's kind, for error messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Decodes an optional JSON value as a tolerant i64.
fn integer<E: serde::de::Error>(v: Option<Value>) -> Result<Option<i64>, E> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(i64::from(b))),
        Some(Value::Number(n)) => number_to_i64(&n)
            .map(Some)
            .ok_or_else(|| E::custom(format!("expected an integer, found {n}"))),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Ok(v) = t.parse::<i64>() {
                return Ok(Some(v));
            }
            t.parse::<serde_json::Number>()
                .ok()
                .and_then(|n| number_to_i64(&n))
                .map(Some)
                .ok_or_else(|| E::custom(format!("expected an integer, found {s:?}")))
        }
        Some(other) => Err(E::custom(format!(
            "expected an integer, found {}",
            kind(&other)
        ))),
    }
}

/// An i64 from a JSON number: exact integers, or floats with no fractional part in range.
fn number_to_i64(n: &serde_json::Number) -> Option<i64> {
    if let Some(v) = n.as_i64() {
        return Some(v);
    }
    let f = n.as_f64()?;
    // 2^63 as f64; anything at or above it does not fit.
    let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f);
    if f.fract() == 0.0 && in_range {
        // In range and integral, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        Some(f as i64)
    } else {
        None
    }
}

/// Decodes an optional JSON value as a tolerant f64.
fn float<E: serde::de::Error>(v: Option<Value>) -> Result<Option<f64>, E> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(if b { 1.0 } else { 0.0 })),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| E::custom(format!("expected a number, found {n}"))),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| E::custom(format!("expected a number, found {s:?}")))
        }
        Some(other) => Err(E::custom(format!(
            "expected a number, found {}",
            kind(&other)
        ))),
    }
}
