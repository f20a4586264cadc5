//! Request parameter flattening: a serde `Serializer` that turns a request struct into wire
//! parameters.
//!
//! `Option::None`, unit values and empty lists are omitted; list elements become `Name.1`,
//! `Name.2`, … (1-based); nested structs and maps join with `.` (`Tag.1.Key`,
//! `DataDisk.1.Part.1.Device`, `SystemDisk.Category`); bools are `true`/`false`; integers are
//! decimal; floats use the shortest round-trip text; unit enum variants are their (renamed) name.
//! Shapes with no wire form (bytes, data-carrying enum variants, non-string map keys, scalars
//! at the top level, non-finite floats) give a [`ParamsError`].

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Why a value could not be flattened into wire parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsError {
    message: String,
}

impl ParamsError {
    /// An error described by `message`.
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// An error for an unsupported shape at parameter `at` (or the top level).
    fn unsupported(what: &str, at: Option<&str>) -> Self {
        match at {
            Some(name) => Self::new(format!("{what} is not supported (parameter `{name}`)")),
            None => Self::new(format!(
                "{what} is not supported at the top level (expected a struct or map)"
            )),
        }
    }
}

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot flatten request parameters: {}", self.message)
    }
}

impl std::error::Error for ParamsError {}

impl ser::Error for ParamsError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(msg.to_string())
    }
}

/// Flattens `value` (a struct or string-keyed map) into wire parameters sorted by name.
pub fn to_params<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, ParamsError> {
    let mut out = Vec::new();
    value.serialize(ParamSerializer {
        out: &mut out,
        prefix: None,
    })?;
    out.sort();
    Ok(out)
}

/// `#[serde(serialize_with = "::smc_runtime::params::json")]` for Json-typed params: the whole
/// value as one compact JSON string.
pub fn json<S: ser::Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&value.to_string())
}

/// [`json`] for `Option<serde_json::Value>` fields: `None` is omitted, `Some(v)` is JSON text.
pub fn json_opt<S: ser::Serializer>(
    value: &Option<serde_json::Value>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_some(&v.to_string()),
        None => s.serialize_none(),
    }
}

/// Serializes one value at `prefix` (`None` = top level) into `out`.
struct ParamSerializer<'a> {
    out: &'a mut Vec<(String, String)>,
    prefix: Option<String>,
}

impl ParamSerializer<'_> {
    /// Emits a scalar at the current prefix.
    fn scalar(self, what: &str, value: String) -> Result<(), ParamsError> {
        match self.prefix {
            Some(name) => {
                self.out.push((name, value));
                Ok(())
            }
            None => Err(ParamsError::unsupported(what, None)),
        }
    }

    /// Rejects an unsupported shape, naming where it occurred.
    fn reject(&self, what: &str) -> ParamsError {
        ParamsError::unsupported(what, self.prefix.as_deref())
    }
}

/// `prefix.name`, or `name` at the top level.
fn join(prefix: Option<&str>, name: &str) -> String {
    match prefix {
        Some(p) => format!("{p}.{name}"),
        None => name.to_owned(),
    }
}

/// Text of a finite float, or an error for NaN/infinity.
fn float_text(v: f64, text: String, at: Option<&str>) -> Result<String, ParamsError> {
    if v.is_finite() {
        Ok(text)
    } else {
        Err(ParamsError::unsupported("a non-finite float", at))
    }
}

impl<'a> ser::Serializer for ParamSerializer<'a> {
    type Ok = ();
    type Error = ParamsError;
    type SerializeSeq = SeqSerializer<'a>;
    type SerializeTuple = SeqSerializer<'a>;
    type SerializeTupleStruct = SeqSerializer<'a>;
    type SerializeTupleVariant = Impossible<(), ParamsError>;
    type SerializeMap = MapSerializer<'a>;
    type SerializeStruct = MapSerializer<'a>;
    type SerializeStructVariant = Impossible<(), ParamsError>;

    fn serialize_bool(self, v: bool) -> Result<(), ParamsError> {
        self.scalar("a bool", if v { "true" } else { "false" }.to_owned())
    }
    fn serialize_i8(self, v: i8) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<(), ParamsError> {
        self.scalar("an integer", v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), ParamsError> {
        let text = float_text(f64::from(v), v.to_string(), self.prefix.as_deref())?;
        self.scalar("a float", text)
    }
    fn serialize_f64(self, v: f64) -> Result<(), ParamsError> {
        let text = float_text(v, v.to_string(), self.prefix.as_deref())?;
        self.scalar("a float", text)
    }
    fn serialize_char(self, v: char) -> Result<(), ParamsError> {
        self.scalar("a char", v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), ParamsError> {
        self.scalar("a string", v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), ParamsError> {
        Err(self.reject("a byte array"))
    }
    fn serialize_none(self) -> Result<(), ParamsError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ParamsError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ParamsError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), ParamsError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), ParamsError> {
        self.scalar("an enum variant", variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), ParamsError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), ParamsError> {
        Err(self.reject("an enum variant with data"))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqSerializer<'a>, ParamsError> {
        match self.prefix {
            Some(prefix) => Ok(SeqSerializer {
                out: self.out,
                prefix,
                index: 0,
            }),
            None => Err(ParamsError::unsupported("a list", None)),
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer<'a>, ParamsError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer<'a>, ParamsError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), ParamsError>, ParamsError> {
        Err(self.reject("an enum variant with data"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSerializer<'a>, ParamsError> {
        Ok(MapSerializer {
            out: self.out,
            prefix: self.prefix,
            key: None,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<MapSerializer<'a>, ParamsError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), ParamsError>, ParamsError> {
        Err(self.reject("an enum variant with data"))
    }
}

/// Serializes list elements as `prefix.1`, `prefix.2`, …
struct SeqSerializer<'a> {
    out: &'a mut Vec<(String, String)>,
    prefix: String,
    index: usize,
}

impl SeqSerializer<'_> {
    /// Serializes the next element at the next 1-based index.
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamsError> {
        self.index += 1;
        value.serialize(ParamSerializer {
            out: &mut *self.out,
            prefix: Some(format!("{}.{}", self.prefix, self.index)),
        })
    }
}

impl ser::SerializeSeq for SeqSerializer<'_> {
    type Ok = ();
    type Error = ParamsError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamsError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ParamsError> {
        Ok(())
    }
}

impl ser::SerializeTuple for SeqSerializer<'_> {
    type Ok = ();
    type Error = ParamsError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamsError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ParamsError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for SeqSerializer<'_> {
    type Ok = ();
    type Error = ParamsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamsError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ParamsError> {
        Ok(())
    }
}

/// Serializes struct fields and string-keyed map entries as `prefix.name`.
struct MapSerializer<'a> {
    out: &'a mut Vec<(String, String)>,
    prefix: Option<String>,
    key: Option<String>,
}

impl MapSerializer<'_> {
    /// Serializes `value` under the child name `name`.
    fn entry<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), ParamsError> {
        value.serialize(ParamSerializer {
            out: &mut *self.out,
            prefix: Some(join(self.prefix.as_deref(), name)),
        })
    }
}

impl ser::SerializeMap for MapSerializer<'_> {
    type Ok = ();
    type Error = ParamsError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ParamsError> {
        let key = key.serialize(KeySerializer).map_err(|e| {
            ParamsError::new(format!(
                "{} (map under `{}`)",
                e.message,
                self.prefix.as_deref().unwrap_or("<top level>")
            ))
        })?;
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamsError> {
        match self.key.take() {
            Some(key) => self.entry(&key, value),
            None => Err(ParamsError::new("map value without a key")),
        }
    }
    fn end(self) -> Result<(), ParamsError> {
        Ok(())
    }
}

impl ser::SerializeStruct for MapSerializer<'_> {
    type Ok = ();
    type Error = ParamsError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ParamsError> {
        self.entry(key, value)
    }
    fn end(self) -> Result<(), ParamsError> {
        Ok(())
    }
}

/// Accepts only string-like map keys (strings, chars, unit enum variants).
struct KeySerializer;

/// The error for a non-string map key.
fn bad_key() -> ParamsError {
    ParamsError::new("map keys must be strings")
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = ParamsError;
    type SerializeSeq = Impossible<String, ParamsError>;
    type SerializeTuple = Impossible<String, ParamsError>;
    type SerializeTupleStruct = Impossible<String, ParamsError>;
    type SerializeTupleVariant = Impossible<String, ParamsError>;
    type SerializeMap = Impossible<String, ParamsError>;
    type SerializeStruct = Impossible<String, ParamsError>;
    type SerializeStructVariant = Impossible<String, ParamsError>;

    fn serialize_str(self, v: &str) -> Result<String, ParamsError> {
        Ok(v.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String, ParamsError> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, ParamsError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, ParamsError> {
        value.serialize(self)
    }
    fn serialize_bool(self, _v: bool) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_i8(self, _v: i8) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_i16(self, _v: i16) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_i32(self, _v: i32) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_i64(self, _v: i64) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_u8(self, _v: u8) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_u16(self, _v: u16) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_u32(self, _v: u32) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_u64(self, _v: u64) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_f32(self, _v: f32) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_f64(self, _v: f64) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_none(self) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_unit(self) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, ParamsError> {
        Err(bad_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, ParamsError> {
        Err(bad_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, ParamsError> {
        Err(bad_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, ParamsError> {
        Err(bad_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, ParamsError> {
        Err(bad_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, ParamsError> {
        Err(bad_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, ParamsError> {
        Err(bad_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, ParamsError> {
        Err(bad_key())
    }
}
