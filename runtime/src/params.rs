//! Request parameter flattening: a serde `Serializer` that turns a request struct into wire
//! parameters.
//!
//! `Option::None`, unit values and empty lists are omitted; list elements become `Name.1`,
//! `Name.2`, … (1-based); nested structs and maps join with `.` (`Tag.1.Key`,
//! `DataDisk.1.Part.1.Device`, `SystemDisk.Category`); bools are `true`/`false`; integers are
//! decimal; floats use the shortest round-trip text; unit enum variants are their (renamed) name.
//! Shapes with no wire form (bytes, data-carrying enum variants, non-string map keys, scalars
//! at the top level, non-finite floats) give a [`ParamsError`].
//!
//! A serializer of its own: serde_urlencoded refuses nested values and serde_qs writes
//! `Name[0][Key]`, neither the POP form `Name.1.Key`.

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Why a value could not be flattened into wire parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamsError {
    /// A value of this shape has no wire form as a parameter.
    #[error("{shape} is not supported (parameter `{parameter}`)")]
    Unsupported {
        /// The shape that was found.
        shape: Shape,
        /// The wire name of the parameter holding it.
        parameter: String,
    },
    /// The value to flatten is not a struct or map, so it has no parameter names.
    #[error("{shape} is not supported at the top level (expected a struct or map)")]
    NotAStruct {
        /// The shape that was found.
        shape: Shape,
    },
    /// NaN or an infinity: no decimal text the service would read.
    #[error("a non-finite float is not supported (parameter `{parameter}`)")]
    NonFiniteFloat {
        /// The wire name of the parameter.
        parameter: String,
    },
    /// A map key is not a string (or char or unit enum variant), so it cannot name a parameter.
    #[error("map keys must be strings ({})", map_place(.map))]
    NonStringKey {
        /// The wire name of the map, `None` for a map at the top level.
        map: Option<String>,
    },
    /// A `Serialize` implementation produced a map value before its key.
    #[error("map value without a key")]
    ValueWithoutKey,
    /// A `Serialize` implementation failed; serde hands its reason over as text only.
    #[error("{0}")]
    Custom(String),
}

/// Where a map sits, for [`ParamsError::NonStringKey`]'s message.
fn map_place(map: &Option<String>) -> String {
    match map {
        Some(name) => format!("map under `{name}`"),
        None => "map at the top level".to_owned(),
    }
}

/// The kind of value a [`ParamsError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shape {
    /// `true`/`false`.
    Bool,
    /// Any integer type.
    Integer,
    /// `f32`/`f64`.
    Float,
    /// A `char`.
    Char,
    /// A string.
    String,
    /// A unit enum variant (sent as its name).
    UnitVariant,
    /// A byte array (`serialize_bytes`).
    Bytes,
    /// An enum variant that carries data (newtype, tuple or struct variant).
    DataVariant,
    /// A list, tuple or tuple struct.
    List,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Bool => "a bool",
            Self::Integer => "an integer",
            Self::Float => "a float",
            Self::Char => "a char",
            Self::String => "a string",
            Self::UnitVariant => "an enum variant",
            Self::Bytes => "a byte array",
            Self::DataVariant => "an enum variant with data",
            Self::List => "a list",
        })
    }
}

impl ser::Error for ParamsError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
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
    fn scalar(self, shape: Shape, value: String) -> Result<(), ParamsError> {
        match self.prefix {
            Some(name) => {
                self.out.push((name, value));
                Ok(())
            }
            None => Err(ParamsError::NotAStruct { shape }),
        }
    }

    /// Emits a float, refusing NaN and infinities.
    fn float(self, v: f64, text: String) -> Result<(), ParamsError> {
        match &self.prefix {
            Some(name) if !v.is_finite() => Err(ParamsError::NonFiniteFloat {
                parameter: name.clone(),
            }),
            _ => self.scalar(Shape::Float, text),
        }
    }

    /// Rejects a shape with no wire form, naming where it occurred.
    fn reject(self, shape: Shape) -> ParamsError {
        match self.prefix {
            Some(parameter) => ParamsError::Unsupported { shape, parameter },
            None => ParamsError::NotAStruct { shape },
        }
    }
}

/// `prefix.name`, or `name` at the top level.
fn join(prefix: Option<&str>, name: &str) -> String {
    match prefix {
        Some(p) => format!("{p}.{name}"),
        None => name.to_owned(),
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
        self.scalar(Shape::Bool, if v { "true" } else { "false" }.to_owned())
    }
    fn serialize_i8(self, v: i8) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<(), ParamsError> {
        self.scalar(Shape::Integer, v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), ParamsError> {
        self.float(f64::from(v), v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<(), ParamsError> {
        self.float(v, v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<(), ParamsError> {
        self.scalar(Shape::Char, v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), ParamsError> {
        self.scalar(Shape::String, v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), ParamsError> {
        Err(self.reject(Shape::Bytes))
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
        self.scalar(Shape::UnitVariant, variant.to_owned())
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
        Err(self.reject(Shape::DataVariant))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqSerializer<'a>, ParamsError> {
        match self.prefix {
            Some(prefix) => Ok(SeqSerializer {
                out: self.out,
                prefix,
                index: 0,
            }),
            None => Err(ParamsError::NotAStruct { shape: Shape::List }),
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
        Err(self.reject(Shape::DataVariant))
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
        Err(self.reject(Shape::DataVariant))
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
        let key = key.serialize(KeySerializer).map_err(|e| match e {
            ParamsError::NonStringKey { .. } => ParamsError::NonStringKey {
                map: self.prefix.clone(),
            },
            other => other,
        })?;
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamsError> {
        match self.key.take() {
            Some(key) => self.entry(&key, value),
            None => Err(ParamsError::ValueWithoutKey),
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

/// The error for a non-string map key; the map's name is filled in by its serializer.
fn bad_key() -> ParamsError {
    ParamsError::NonStringKey { map: None }
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
