//! A serde [`Deserializer`] over a borrowed JSON value that keeps the path of the field being read (`extra.otp`,
//! `contacts[1].prefix`), so a refused input names its field: [`read_with_path`].
//!
//! It reads exactly as serde_json's own `&Value` deserializer does (scalars are handed to it) and only walks the
//! objects and arrays itself, pushing each key or index on one shared stack. The stack is plain data, not a
//! wrapper around every visitor: the visitors of the typed inputs are not instantiated a second time (what
//! serde_path_to_error cost, ~90 KB of wasm for the inputs of one provider, bench/README.md).

use super::input::NUMBER_TOKEN;
use super::number::parse_f64;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Map, Number, Value};
use std::cell::RefCell;

/// One step of a path: a key of an object or an index of an array.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path of the value being read. On an error it is the path of the value the error is about: each step is
/// pushed before its value is read and cut back once it is read.
#[derive(Default)]
struct Path<'a> {
    segments: RefCell<Vec<Segment<'a>>>,
}

impl Path<'_> {
    fn depth(&self) -> usize {
        self.segments.borrow().len()
    }

    fn text(&self) -> String {
        let segments = self.segments.borrow();
        if segments.is_empty() {
            return ".".into();
        }
        let mut out = String::new();
        for s in segments.iter() {
            match s {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

/// Reads `value` into `T`; on an error, also the path of the field it is about (`.` for `value` itself).
pub fn read_with_path<'a, T: de::Deserialize<'a>>(value: &'a Value) -> Result<T, (String, Error)> {
    let path = Path::default();
    T::deserialize(At { value, path: &path }).map_err(|e| (path.text(), e))
}

/// A value at a place of the path.
#[derive(Clone, Copy)]
struct At<'a, 'p> {
    value: &'a Value,
    path: &'p Path<'a>,
}

/// What serde_json's errors call the value (`invalid type: map, expected a string`); numbers keep their text
/// (arbitrary_precision), so they are "number".
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

impl At<'_, '_> {
    fn invalid_type<'de, V: Visitor<'de>>(&self, visitor: &V) -> Error {
        de::Error::invalid_type(unexpected(self.value), visitor)
    }
}

/// The number methods: the number's own (its text read as the type asked for), anything else as
/// `deserialize_any`, as serde_json's `&Value` does with arbitrary_precision.
macro_rules! numbers {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
                match self.value {
                    Value::Number(n) => n.$method(visitor),
                    _ => self.deserialize_any(visitor),
                }
            }
        )*
    };
}

/// The methods of one kind of value (a type error for any other), as serde_json's `&Value` has them. They never
/// hand a visitor to serde_json's own map and sequence readers: each visitor is instantiated with this module's
/// only.
macro_rules! of_kind {
    ($($method:ident => $visit:ident)*) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
                self.$visit(visitor)
            }
        )*
    };
}

impl<'a> At<'a, '_> {
    fn string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visit_array(items, self.path, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visit_array(items, self.path, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }
}

impl<'a> Deserializer<'a> for At<'a, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visit_array(items, self.path, visitor),
            Value::Object(map) => visit_object(map, self.path, visitor),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Number(n) => visitor.visit_f32(float_of(n)? as f32),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Number(n) => visitor.visit_f64(float_of(n)?),
            _ => self.deserialize_any(visitor),
        }
    }

    of_kind! {
        deserialize_char => string
        deserialize_str => string
        deserialize_string => string
        deserialize_identifier => string
        deserialize_bytes => bytes
        deserialize_byte_buf => bytes
        deserialize_unit => unit
        deserialize_seq => seq
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visit_object(map, self.path, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // An input is an object: serde_json would also read a struct from an array, field by field in order,
        // which no caller means and which compiled a second reader of every input type.
        match self.value {
            Value::Object(map) => visit_object(map, self.path, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    /// No input is an enum with data: serde_json's own reading (no path inside a variant's data).
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The double of a number's text (core/number.rs, not serde_json's own reading: no second float parser).
fn float_of(n: &Number) -> Result<f64, Error> {
    parse_f64(n.as_str()).ok_or_else(|| de::Error::custom("invalid number"))
}

/// A number as serde_json's `&Number` hands it to a visitor with arbitrary_precision: an integer as one, a float
/// whose text is its shortest form as an `f64`, any other text as the one-entry map that carries it
/// (`{"$serde_json::private::Number": "100.10"}`). The float is read by core/number.rs.
fn visit_number<'a, V: Visitor<'a>>(n: &Number, visitor: V) -> Result<V::Value, Error> {
    let text = n.as_str();
    if let Some(u) = n.as_u64() {
        return visitor.visit_u64(u);
    } else if let Some(i) = n.as_i64() {
        return visitor.visit_i64(i);
    } else if let Some(u) = n.as_u128() {
        return visitor.visit_u128(u);
    } else if let Some(i) = n.as_i128() {
        return visitor.visit_i128(i);
    } else if let Some(f) = parse_f64(text).filter(|f| f.is_finite()) {
        let shortest = Number::from_f64(f).is_some_and(|s| s.as_str() == text);
        if shortest || f.to_string() == text {
            return visitor.visit_f64(f);
        }
    }
    visitor.visit_map(de::value::MapDeserializer::new(std::iter::once((
        NUMBER_TOKEN,
        text,
    ))))
}

/// As serde_json visits an object: every entry must be read.
fn visit_object<'a, V: Visitor<'a>>(
    map: &'a Map<String, Value>,
    path: &Path<'a>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut access = Entries {
        iter: map.iter(),
        value: None,
        depth: path.depth(),
        path,
    };
    let out = visitor.visit_map(&mut access)?;
    match access.iter.len() {
        0 => Ok(out),
        _ => Err(de::Error::invalid_length(
            map.len(),
            &"fewer elements in map",
        )),
    }
}

/// As serde_json visits an array: every element must be read.
fn visit_array<'a, V: Visitor<'a>>(
    items: &'a [Value],
    path: &Path<'a>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut access = Elements {
        iter: items.iter().enumerate(),
        depth: path.depth(),
        path,
    };
    let out = visitor.visit_seq(&mut access)?;
    match access.iter.len() {
        0 => Ok(out),
        _ => Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        )),
    }
}

/// Back to `depth` steps (dropping what an error a visitor swallowed may have left), then `segment`.
fn enter<'a>(path: &Path<'a>, depth: usize, segment: Segment<'a>) {
    let mut segments = path.segments.borrow_mut();
    segments.truncate(depth);
    segments.push(segment);
}

/// Back to `depth` steps once a value is read.
fn leave(path: &Path<'_>, depth: usize) {
    path.segments.borrow_mut().truncate(depth);
}

struct Entries<'a, 'p> {
    iter: <&'a Map<String, Value> as IntoIterator>::IntoIter,
    value: Option<(&'a str, &'a Value)>,
    /// The depth of the object's own path.
    depth: usize,
    path: &'p Path<'a>,
}

impl<'a> MapAccess<'a> for Entries<'a, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        // An unknown field is refused while its key is read: its path ends with its name.
        enter(self.path, self.depth, Segment::Key(key));
        let k = seed.deserialize(de::value::BorrowedStrDeserializer::new(key))?;
        leave(self.path, self.depth);
        Ok(Some(k))
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        enter(self.path, self.depth, Segment::Key(key));
        let v = seed.deserialize(At {
            value,
            path: self.path,
        })?;
        leave(self.path, self.depth);
        Ok(v)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Elements<'a, 'p> {
    iter: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    /// The depth of the array's own path.
    depth: usize,
    path: &'p Path<'a>,
}

impl<'a> SeqAccess<'a> for Elements<'a, '_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((i, value)) = self.iter.next() else {
            return Ok(None);
        };
        enter(self.path, self.depth, Segment::Index(i));
        let v = seed.deserialize(At {
            value,
            path: self.path,
        })?;
        leave(self.path, self.depth);
        Ok(Some(v))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// Reads as serde_json's own `&Value` deserializer: the same value or the same message.
    fn same<T: DeserializeOwned + PartialEq + std::fmt::Debug>(v: Value) {
        let ours = read_with_path::<T>(&v).map_err(|(_, e)| e.to_string());
        let theirs = T::deserialize(&v).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{v}");
    }

    #[test]
    fn reads_and_refuses_as_serde_json_does() {
        for v in [
            json!(null),
            json!(true),
            json!(7),
            json!(-7),
            json!(1.5),
            json!("x"),
            json!([1, 2]),
            json!({"a": 1}),
        ] {
            same::<bool>(v.clone());
            same::<u64>(v.clone());
            same::<i32>(v.clone());
            same::<f64>(v.clone());
            same::<String>(v.clone());
            same::<char>(v.clone());
            same::<()>(v.clone());
            same::<Option<String>>(v.clone());
            same::<Vec<u8>>(v.clone());
            same::<(u8, u8)>(v.clone());
            same::<BTreeMap<String, u8>>(v.clone());
            same::<Value>(v.clone());
        }
    }

    /// A byte string read through `deserialize_bytes`, taking what serde's contract lets a self-describing
    /// format hand it for that hint: a string (its UTF-8 bytes) or a sequence of bytes, as serde_json's `&Value`
    /// does (a `Value::String` → `visit_borrowed_str`, a `Value::Array` → `visit_seq`).
    #[derive(Debug, PartialEq)]
    struct Bytes(Vec<u8>);

    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Bytes;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Bytes, E> {
                    Ok(Bytes(s.as_bytes().to_vec()))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bytes, A::Error> {
                    let mut out = Vec::new();
                    while let Some(b) = seq.next_element::<u8>()? {
                        out.push(b);
                    }
                    Ok(Bytes(out))
                }
            }
            d.deserialize_bytes(V)
        }
    }

    #[test]
    fn bytes_are_read_from_a_string_or_an_array_of_bytes() {
        assert_eq!(
            read_with_path::<Bytes>(&json!("ab")).unwrap(),
            Bytes(b"ab".to_vec())
        );
        assert_eq!(
            read_with_path::<Bytes>(&json!([1, 255])).unwrap(),
            Bytes(vec![1, 255])
        );
        let (path, _) = read_with_path::<Bytes>(&json!([1, 256])).unwrap_err();
        assert_eq!(path, "[1]");
        for v in [json!("ab"), json!([1, 255]), json!(7), json!({"a": 1})] {
            same::<Bytes>(v);
        }
    }

    /// JSON text `100.10` is not the shortest form of its double (`100.1`): with arbitrary_precision it is kept
    /// as text, and a float field still reads it as the nearest double of 100.10, which is that of 100.1.
    #[test]
    fn a_float_field_reads_number_text_that_is_not_a_shortest_form() {
        let v: Value = serde_json::from_str("100.10").unwrap();
        assert_eq!(read_with_path::<f64>(&v).unwrap(), 100.1);
        assert_eq!(read_with_path::<f32>(&v).unwrap(), 100.1f32);
        let v: Value = serde_json::from_str(r#"{"a": 2.50}"#).unwrap();
        let m = read_with_path::<BTreeMap<String, f64>>(&v).unwrap();
        assert_eq!(m["a"], 2.5);
    }

    /// serde_json with arbitrary_precision keeps a number's text as written: `100.10` read back as a `Value` is
    /// still `100.10` (not `100.1`), while a shortest-form float such as `1.5` is read as the double.
    #[test]
    fn a_value_keeps_number_text_as_written() {
        let v: Value = serde_json::from_str(r#"[100.10, 1.5]"#).unwrap();
        let read = read_with_path::<Value>(&v).unwrap();
        assert_eq!(read.to_string(), "[100.10,1.5]");
        assert_eq!(read, v);
    }

    #[test]
    fn paths_of_keys_and_indexes() {
        let v = json!({"a": [{"b": 1}, {"b": "x"}]});
        let (path, _) =
            read_with_path::<BTreeMap<String, Vec<BTreeMap<String, u8>>>>(&v).unwrap_err();
        assert_eq!(path, "a[1].b");
        let (path, _) = read_with_path::<u8>(&json!("x")).unwrap_err();
        assert_eq!(path, ".");
        let (path, _) = read_with_path::<Vec<Vec<u8>>>(&json!([[1], [2, -1]])).unwrap_err();
        assert_eq!(path, "[1][1]");
    }
}
