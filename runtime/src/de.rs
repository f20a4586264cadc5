//! Tolerant response decoding helpers for `#[serde(default, deserialize_with = "...")]` on
//! `Option` fields.
//!
//! Each accepts `null` (and, with `#[serde(default)]`, a missing key) as `None`, plus the
//! wrong-but-equivalent encodings real gateways send: numbers as strings, `""` for "no value",
//! booleans as `"true"`/`0`/`1`, and a single object where a list was expected. XML bodies
//! (see [`crate::xml`]) add two more: an empty element arrives as `""` wherever a list or an
//! object was expected (list items are decoded leniently, so blank text reads as an empty
//! struct or list inside them too), and a list may arrive inside a wrapper element the JSON
//! form lacks.
//!
//! Hand-written: serde_with has single pieces (`OneOrMany`, `BoolFromInt`, `PickFirst`), but
//! stacking them on every field would grow each generated action, and none reads XML's blank text.

use crate::lenient::Lenient;
use serde::de::{Deserialize, Deserializer, Error as _, Visitor};
use serde_json::{Map, Value};

/// A string; numbers and booleans become their text, and an object or array its JSON text: a
/// field the page documents as a String is sometimes drawn as a structure in its samples, and
/// keeping the text loses nothing where failing would lose the whole response.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Ok(Some(other.to_string())),
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

/// A list: `null` → `None`, `[..]` → `Some(vec)`, `{}` or blank text (an empty XML element) →
/// `Some(vec![])`, any other single object/value → `Some(vec![it])`.
///
/// A wrapper is looked through: an object with a single key that the element type does not
/// know (`{"Item": [..]}` or `{"Item": {..}}` where the element is a struct without an `Item`
/// field; `{"Name": "x"}` where it is a string) holds the list itself. Pages often document a
/// bare array whose XML (and real JSON) form nests it in such a wrapper.
pub fn list<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(Value::Object(map)) if map.is_empty() => Vec::new(),
        Some(Value::String(s)) if s.trim().is_empty() => Vec::new(),
        Some(Value::Object(map)) => unwrap_list(map, &shape_of::<T>()),
        Some(single) => vec![single],
    };
    items
        .into_iter()
        .map(|item| T::deserialize(Lenient(item)).map_err(D::Error::custom))
        .collect::<Result<Vec<T>, D::Error>>()
        .map(Some)
}

/// The items of a list that arrived as the single-key object `map`, for items of `shape`: the
/// wrapped value when the key is a wrapper (see [`list`]), otherwise the object itself as the
/// only item.
pub(crate) fn unwrap_list(map: Map<String, Value>, shape: &Shape) -> Vec<Value> {
    let wrapped = match map.iter().next() {
        Some((key, inner)) if map.len() == 1 => match (shape, inner) {
            (Shape::Struct(fields), Value::Array(_) | Value::Object(_)) => {
                !fields.contains(&key.as_str())
            }
            (Shape::Scalar, Value::Object(_)) | (Shape::Other | Shape::Struct(_), _) => false,
            (Shape::Scalar, _) => true,
        },
        _ => false,
    };
    if !wrapped {
        return vec![Value::Object(map)];
    }
    match map.into_iter().next() {
        Some((_, Value::Array(items))) => items,
        Some((_, Value::Object(inner))) if inner.is_empty() => Vec::new(),
        Some((_, inner)) => vec![inner],
        None => Vec::new(),
    }
}

/// What a type asks its deserializer for, learnt without any data (see [`shape_of`]), or
/// states as [`Model::SHAPE`](crate::model::Model::SHAPE): how a list of it is told from a
/// wrapper around such a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A struct with these wire field names.
    Struct(&'static [&'static str]),
    /// A string, number, boolean or char.
    Scalar,
    /// Anything else (maps, sequences, self-describing values such as `serde_json::Value`).
    Other,
}

/// Asks `T` how it wants to be deserialised by handing it a deserializer that records the
/// request and then fails: serde's derive names a struct's fields when it asks.
fn shape_of<'de, T: Deserialize<'de>>() -> Shape {
    let mut shape = Shape::Other;
    let _ = T::deserialize(Probe(&mut shape));
    shape
}

/// The recording deserializer behind [`shape_of`]; every method fails after recording.
struct Probe<'a>(&'a mut Shape);

/// The error a [`Probe`] always returns.
type ProbeError = serde::de::value::Error;

impl Probe<'_> {
    /// Records `shape` and fails.
    fn record<T>(self, shape: Shape) -> Result<T, ProbeError> {
        *self.0 = shape;
        Err(ProbeError::custom("shape probe"))
    }
}

/// Scalar requests: each records [`Shape::Scalar`].
macro_rules! probe_scalars {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ProbeError> {
            self.record(Shape::Scalar)
        }
    )*};
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ProbeError> {
        self.record(Shape::Other)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, ProbeError> {
        self.record(Shape::Struct(fields))
    }

    probe_scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Short name of a JSON value's kind, for error messages (here and in [`crate::model`]).
pub(crate) fn kind(v: &Value) -> &'static str {
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
