//! A serde [`Deserializer`] over a borrowed JSON value that keeps the path of the field being read (`extra.otp`,
//! `contacts[1].prefix`), so a refused input names its field: [`read_with_path`].
//!
//! It reads exactly as serde_json's own `&Value` deserializer does (scalars are handed to it) and only walks the
//! objects and arrays itself, pushing each key or index on one shared stack. The stack is plain data, not a
//! wrapper around every visitor: the visitors of the typed inputs are not instantiated a second time (what
//! serde_path_to_error cost, ~90 KB of wasm for the inputs of one provider, bench/README.md).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Map, Value};
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

/// The deserializer methods that read a scalar: serde_json's own.
macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
                self.value.$method(visitor)
            }
        )*
    };
}

impl<'a> Deserializer<'a> for At<'a, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visit_object(map, self.path, visitor),
            Value::Array(items) => visit_array(items, self.path, visitor),
            v => v.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visit_array(items, self.path, visitor),
            v => v.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visit_object(map, self.path, visitor),
            v => v.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visit_object(map, self.path, visitor),
            Value::Array(items) => visit_array(items, self.path, visitor),
            v => v.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_unit_struct(name, visitor)
    }

    scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_identifier deserialize_ignored_any
    }
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
