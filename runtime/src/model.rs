//! Response types decoded and encoded through one generic path instead of serde derives.
//!
//! Generated response structs implement [`Model`]: a field list ([`Model::SHAPE`]), a decoder
//! that takes each field out of a JSON object with [`Fields::take`], and an encoder that puts
//! each set field into an [`Object`]. Their serde impls are one call each, to [`deserialize`]
//! and [`serialize`]. All the tolerance lives here, compiled once per field type rather than once
//! per field: the rules of [`crate::de`] (numbers as text, `""` for "no value", booleans as
//! `0`/`1`, a single value or a wrapper where a list is expected) and of XML bodies (blank text
//! reads as an empty struct or list, at any depth). A list the page wraps in an element of its
//! own (`{"Jobs": {"Job": [..]}}`) is held flattened and read with or without the wrapper
//! ([`Fields::take_wrapped`], [`Object::put_wrapped`]). A derive would expand to a visitor, a field
//! enum and a wrapper type per `deserialize_with` field in every action; this keeps each
//! generated struct to one expression per field.

use crate::de;
pub use crate::de::Shape;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The error of decoding a value: serde_json's, whose message names the field path.
pub type Error = serde_json::Error;

/// What [`Model::decode`] returns: the value, `None` for no value, or an error.
pub type Decoded<T> = Result<Option<T>, Error>;

/// A type a generated response holds: decoded leniently from, and encoded to, a JSON value.
pub trait Model: Sized {
    /// What the type reads (the wire names of a struct's fields, or a scalar), so that a list of
    /// it can tell a wrapper object from a single item.
    const SHAPE: Shape;

    /// The value `v` decodes to; `Ok(None)` for "no value" (`null`, and `""` where a number or
    /// boolean is expected).
    fn decode(v: Value) -> Decoded<Self>;

    /// The value as JSON, as the wire would carry it.
    fn encode(&self) -> Value;
}

/// The fields of one JSON object being decoded into a struct: [`Fields::of`] the value,
/// [`take`](Fields::take) each field, then [`finish`](Fields::finish) with the struct.
#[derive(Debug)]
pub struct Fields {
    /// The entries not taken yet.
    map: Map<String, Value>,
    /// False when the value was `null`: the struct is then no value at all.
    present: bool,
    /// The first field that failed to decode, reported by [`finish`](Fields::finish). Kept
    /// here rather than returned by each `take`, so a generated decoder is one plain call per
    /// field, without an early return (and its drops) after each.
    error: Option<Error>,
}

impl Fields {
    /// The fields of `v` for a struct of `shape` (its [`Model::SHAPE`]): an object's entries,
    /// none for blank text (an empty XML element) or `null` (which
    /// [`finish`](Fields::finish)es as no value). An array read by a struct of one field is
    /// that field's value: a page draws a wrapped list without its wrapper (`"Items": [..]`
    /// where the type has `Items.Item`). Anything else is an error.
    pub fn of(v: Value, shape: Shape) -> Result<Self, Error> {
        let (map, present) = match (v, shape) {
            (Value::Null, _) => (Map::new(), false),
            (Value::Object(map), _) => (map, true),
            (Value::String(s), _) if s.trim().is_empty() => (Map::new(), true),
            (items @ Value::Array(_), Shape::Struct([only])) => {
                (Map::from_iter([((*only).to_string(), items)]), true)
            }
            (other, _) => {
                return Err(Error::custom(format!(
                    "expected an object, found {}",
                    de::kind(&other)
                )))
            }
        };
        Ok(Fields {
            map,
            present,
            error: None,
        })
    }

    /// `value`, the struct built from the fields; `None` when the value was `null`; the error
    /// of the first field that did not decode, if one did not.
    pub fn finish<T>(self, value: T) -> Decoded<T> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.present.then_some(value)),
        }
    }

    /// Takes the field with wire name `key` out and decodes it; a missing key is `None`. A
    /// value that does not decode is `None` too, and its error (naming the key) is what
    /// [`finish`](Fields::finish) returns.
    pub fn take<T: Model>(&mut self, key: &str) -> Option<T> {
        let v = self.map.remove(key)?;
        let decoded = T::decode(v);
        self.keep(key, decoded)
    }

    /// The decoded value, or `None` with its error kept (the first one only).
    fn keep<T>(&mut self, key: &str, decoded: Decoded<T>) -> Option<T> {
        match decoded {
            Ok(value) => value,
            Err(e) => {
                self.error.get_or_insert_with(|| in_field(key, &e));
                None
            }
        }
    }

    /// Takes the list with wire name `key` whose page wraps its items in an `inner` element
    /// (`{"Jobs": {"Job": [..]}}`), looking through the wrapper: the wrapped form and the bare
    /// one (`{"Jobs": [..]}`) decode to the same items. A wrapper without items (`{}`, blank
    /// text, `{"Job": null}`) is an empty list; a missing key is `None`.
    pub fn take_wrapped<T: Model>(&mut self, key: &str, inner: &str) -> Option<Vec<T>> {
        let v = self.map.remove(key)?;
        let decoded = Vec::<T>::decode(unwrapped(v, inner));
        self.keep(key, decoded)
    }
}

/// The items of the wrapper `v` (the value under its `inner` key, `[]` for `null`), or `v`
/// itself when it does not hold that key.
fn unwrapped(v: Value, inner: &str) -> Value {
    match v {
        Value::Object(mut map) if map.contains_key(inner) => match map.remove(inner) {
            None | Some(Value::Null) => Value::Array(Vec::new()),
            Some(items) => items,
        },
        other => other,
    }
}

/// The items of an optional list, empty when it is absent: what generated list accessors
/// return.
pub fn slice<T>(list: &Option<Vec<T>>) -> &[T] {
    list.as_deref().unwrap_or_default()
}

/// Appends `item` to an optional list, creating it: what generated builders' list setters do.
pub fn push<T>(list: &mut Option<Vec<T>>, item: T) {
    list.get_or_insert_with(Vec::new).push(item);
}

/// `e` prefixed with the field or list index it happened in (`Disks: [1]: Size: …`).
fn in_field(key: &str, e: &Error) -> Error {
    Error::custom(format!("{key}: {e}"))
}

/// A JSON object being encoded from a struct; see [`Object::put`].
#[derive(Debug, Default)]
pub struct Object(Map<String, Value>);

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `value` under `key` when it is set; `None` is left out.
    #[must_use]
    pub fn put<T: Model>(mut self, key: &str, value: &Option<T>) -> Self {
        if let Some(v) = value {
            self.0.insert(key.to_string(), v.encode());
        }
        self
    }

    /// Adds the list `value` under `key`, its items wrapped in an `inner` element as the page
    /// documents them (`{"Jobs": {"Job": [..]}}`); `None` is left out.
    #[must_use]
    pub fn put_wrapped<T: Model>(mut self, key: &str, inner: &str, value: &Option<Vec<T>>) -> Self {
        if let Some(items) = value {
            let wrapper = Map::from_iter([(inner.to_string(), items.encode())]);
            self.0.insert(key.to_string(), Value::Object(wrapper));
        }
        self
    }

    /// The object as a JSON value.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// Deserialises a [`Model`] from any serde deserializer (through a JSON value); no value at all
/// (`null`) reads as the default, an empty response.
pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Model + Default,
{
    let v = Value::deserialize(d)?;
    T::decode(v)
        .map(Option::unwrap_or_default)
        .map_err(D::Error::custom)
}

/// Serialises a [`Model`] with any serde serializer, as its [`Model::encode`]d value.
pub fn serialize<S: Serializer, T: Model>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    value.encode().serialize(s)
}

/// Scalars decode with the matching [`crate::de`] helper (a JSON value is a deserializer).
macro_rules! scalar {
    ($($ty:ty => $decode:path),* $(,)?) => {$(
        impl Model for $ty {
            const SHAPE: Shape = Shape::Scalar;

            fn decode(v: Value) -> Decoded<Self> {
                $decode(v)
            }

            fn encode(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}

scalar! {
    String => de::string,
    i32 => de::i32,
    i64 => de::i64,
    f64 => de::f64,
    bool => de::bool,
}

/// A field documented as JSON (or of unknown shape): kept as it came; only `null` is no value.
impl Model for Value {
    const SHAPE: Shape = Shape::Other;

    fn decode(v: Value) -> Decoded<Self> {
        Ok((!v.is_null()).then_some(v))
    }

    fn encode(&self) -> Value {
        self.clone()
    }
}

/// A string enum of documented values (generated where a page lists a field's valid values),
/// with a fallback variant keeping any other text: decoding never fails on a value the page
/// does not know, and [`as_str`](ValueEnum::as_str) gives back the text as it came.
pub trait ValueEnum: Sized {
    /// The variant for the wire text `s`, or the fallback variant holding `s`.
    fn from_wire(s: String) -> Self;

    /// The value's wire text (the fallback's own text).
    fn as_str(&self) -> &str;
}

/// A value enum decodes from whatever [`de::string`] reads (a number as its text, `""` as
/// itself), so it never fails; it encodes as its wire text.
impl<T: ValueEnum> Model for T {
    const SHAPE: Shape = Shape::Scalar;

    fn decode(v: Value) -> Decoded<Self> {
        Ok(de::string(v)?.map(T::from_wire))
    }

    fn encode(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

/// Serialises a [`ValueEnum`] as its wire text, for the one-line `Serialize` impl of a
/// generated enum (request parameters are flattened through serde).
pub fn serialize_value<S: Serializer, T: ValueEnum>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(value.as_str())
}

/// A list, as [`de::list`] reads it: `[..]`, a single item, `{}` or blank text (empty), or a
/// wrapper object around the list; items with no value are left out.
impl<T: Model> Model for Vec<T> {
    const SHAPE: Shape = Shape::Other;

    fn decode(v: Value) -> Decoded<Self> {
        let items = match v {
            Value::Null => return Ok(None),
            Value::Array(items) => items,
            Value::Object(map) if map.is_empty() => Vec::new(),
            Value::String(s) if s.trim().is_empty() => Vec::new(),
            Value::Object(map) => de::unwrap_list(map, &T::SHAPE),
            single => vec![single],
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match T::decode(item) {
                Ok(Some(item)) => out.push(item),
                Ok(None) => {}
                Err(e) => return Err(in_field(&format!("[{i}]"), &e)),
            }
        }
        Ok(Some(out))
    }

    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Model::encode).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{Fields, Model, Object, Shape};
    use serde_json::{json, Value};

    /// A struct as the generator writes it.
    #[derive(Debug, Default, PartialEq)]
    struct Disk {
        id: Option<String>,
        size: Option<i32>,
        tags: Option<Vec<String>>,
    }

    impl Model for Disk {
        const SHAPE: Shape = Shape::Struct(&["DiskId", "Size", "Tags"]);
        fn decode(v: Value) -> super::Decoded<Self> {
            let mut f = Fields::of(v, Self::SHAPE)?;
            let value = Self {
                id: f.take("DiskId"),
                size: f.take("Size"),
                tags: f.take("Tags"),
            };
            f.finish(value)
        }
        fn encode(&self) -> Value {
            Object::new()
                .put("DiskId", &self.id)
                .put("Size", &self.size)
                .put("Tags", &self.tags)
                .into_value()
        }
    }

    /// An enum as the generator writes it.
    #[derive(Debug, Clone, PartialEq)]
    enum State {
        Ready,
        Unknown(String),
    }

    impl super::ValueEnum for State {
        fn from_wire(s: String) -> Self {
            match s.as_str() {
                "Ready" => Self::Ready,
                _ => Self::Unknown(s),
            }
        }
        fn as_str(&self) -> &str {
            match self {
                Self::Ready => "Ready",
                Self::Unknown(s) => s,
            }
        }
    }

    #[test]
    fn value_enums_never_fail_and_keep_the_text() {
        let state = |v: Value| State::decode(v).unwrap();
        assert_eq!(state(json!("Ready")), Some(State::Ready));
        assert_eq!(
            state(json!("Frozen")),
            Some(State::Unknown("Frozen".into()))
        );
        assert_eq!(state(json!(3)), Some(State::Unknown("3".into())));
        assert_eq!(state(json!("")), Some(State::Unknown(String::new())));
        assert_eq!(state(Value::Null), None);
        assert_eq!(State::Unknown("Frozen".into()).encode(), json!("Frozen"));
        assert_eq!(State::Ready.encode(), json!("Ready"));
        let list = Vec::<State>::decode(json!({"State": ["Ready", "x"]})).unwrap();
        assert_eq!(list, Some(vec![State::Ready, State::Unknown("x".into())]));
        let mut s = serde_json::Serializer::new(Vec::new());
        super::serialize_value(&State::Unknown("Frozen".into()), &mut s).unwrap();
        assert_eq!(s.into_inner(), b"\"Frozen\"");
    }

    fn disks(v: Value) -> Vec<Disk> {
        Vec::<Disk>::decode(v).unwrap().unwrap()
    }

    #[test]
    fn fields_are_lenient() {
        let d = Disk::decode(json!({"DiskId": 7, "Size": "40", "Tags": "a", "X": 1}))
            .unwrap()
            .unwrap();
        assert_eq!(d.id.as_deref(), Some("7"));
        assert_eq!(d.size, Some(40));
        assert_eq!(d.tags, Some(vec!["a".to_string()]));
        assert_eq!(Disk::decode(json!("  ")).unwrap(), Some(Disk::default()));
        assert_eq!(Disk::decode(Value::Null).unwrap(), None);
        let e = Disk::decode(json!({"Size": "big"}))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("Size: "), "{e}");
        assert!(Disk::decode(json!(3)).is_err());
        assert!(Disk::decode(json!([{"Size": 1}])).is_err());
    }

    #[test]
    fn lists_take_every_form() {
        let one = json!({"DiskId": "d"});
        assert_eq!(disks(json!([one.clone()])).len(), 1);
        assert_eq!(disks(one.clone()).len(), 1);
        assert_eq!(disks(json!({"Disk": [one.clone(), one.clone()]})).len(), 2);
        assert_eq!(disks(json!({"Disk": one})).len(), 1);
        assert!(disks(json!({})).is_empty());
        assert!(disks(json!("")).is_empty());
        assert_eq!(disks(json!([null, {"Size": 1}])).len(), 1);
        assert_eq!(Vec::<Disk>::decode(Value::Null).unwrap(), None);
        let e = Vec::<Disk>::decode(json!([{}, {"Size": []}]))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("[1]: Size: "), "{e}");
        // A wrapper struct reads a bare list as its only field.
        let bare = Fields::of(json!([1, 2]), Shape::Struct(&["Id"])).unwrap();
        let (ids, present) = (bare.map.get("Id").cloned(), bare.present);
        assert_eq!((ids, present), (Some(json!([1, 2])), true));
        let numbers = Vec::<i64>::decode(json!({"Id": ["1", 2]})).unwrap();
        assert_eq!(numbers, Some(vec![1, 2]));
    }

    #[test]
    fn encoding_leaves_unset_fields_out() {
        let d = Disk {
            id: Some("d".into()),
            size: None,
            tags: Some(vec![]),
        };
        assert_eq!(d.encode(), json!({"DiskId": "d", "Tags": []}));
        let back: Disk = super::deserialize(d.encode()).unwrap();
        assert_eq!(back, d);
        let null: Disk = super::deserialize(Value::Null).unwrap();
        assert_eq!(null, Disk::default());
        assert_eq!(serde_json::to_value(Wrapper(&d)).unwrap(), d.encode());
    }

    /// A struct holding a wrapped list flattened, as the generator writes it.
    #[derive(Debug, Default, PartialEq)]
    struct Page {
        disks: Option<Vec<Disk>>,
    }

    impl Model for Page {
        const SHAPE: Shape = Shape::Struct(&["Disks"]);
        fn decode(v: Value) -> super::Decoded<Self> {
            let mut f = Fields::of(v, Self::SHAPE)?;
            let value = Self {
                disks: f.take_wrapped("Disks", "Disk"),
            };
            f.finish(value)
        }
        fn encode(&self) -> Value {
            Object::new()
                .put_wrapped("Disks", "Disk", &self.disks)
                .into_value()
        }
    }

    fn page(v: Value) -> Page {
        Page::decode(v).unwrap().unwrap()
    }

    #[test]
    fn wrapped_lists_read_with_or_without_their_wrapper() {
        let one = json!({"DiskId": "d"});
        let two = Some(2);
        let len = |p: Page| p.disks.map(|d| d.len());
        assert_eq!(len(page(json!({"Disks": {"Disk": [one, one]}}))), two);
        assert_eq!(len(page(json!({"Disks": [one, one]}))), two);
        assert_eq!(len(page(json!({"Disks": {"Disk": one}}))), Some(1));
        assert_eq!(len(page(json!({"Disks": one}))), Some(1));
        for empty in [
            json!({}),
            json!(""),
            json!({"Disk": null}),
            json!({"Disk": []}),
        ] {
            assert_eq!(len(page(json!({ "Disks": empty }))), Some(0), "{empty}");
        }
        assert_eq!(page(json!({})).disks, None);
        assert_eq!(super::slice(&page(json!({})).disks), &[]);
        let e = Page::decode(json!({"Disks": {"Disk": [{"Size": "big"}]}}))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("Disks: [0]: Size: "), "{e}");
    }

    #[test]
    fn wrapped_lists_encode_with_their_wrapper() {
        let mut p = Page::default();
        assert_eq!(p.encode(), json!({}));
        super::push(&mut p.disks, Disk::default());
        assert_eq!(p.encode(), json!({"Disks": {"Disk": [{}]}}));
        assert_eq!(page(p.encode()), p);
    }

    /// A serde view of a model, as generated code writes it.
    struct Wrapper<'a>(&'a Disk);

    impl serde::Serialize for Wrapper<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            super::serialize(self.0, s)
        }
    }
}
