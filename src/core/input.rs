//! Building blocks of the typed inputs every provider reads (serde, from a JS object or JSON): an amount given
//! as a decimal string or a number, an integer given as a number or a numeric string, and "a reference string
//! or an object". Each keeps what the caller gave, so the rule it breaks is reported with the field's name
//! when the input is read into a request (a NaN amount says NaN, not "required").

use super::{Amount, Error};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// The TypeScript declarations of the input building blocks, published with the package's generated types.
pub const TS_DECLARATIONS: &str = r#"
/** A money amount: a decimal string ("1500", "100.50") or a number exactly representable with two decimals. */
export type AmountInput = string | number;
"#;

/// The key under which serde_json (arbitrary precision) hands a number's text to a visitor.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The key of a non-finite JS number in an [`input_value`] (JSON has no NaN): `{"$number": "NaN"}`.
pub const NON_FINITE_KEY: &str = "$number";

/// How deep an input may nest: far beyond any request, far below what the stack holds (wasm's stack is in
/// linear memory: overflowing it corrupts the module, so a cyclic JS object must be refused, not followed).
pub const MAX_INPUT_DEPTH: usize = 32;

/// Reads any self-describing input (a JS value through serde-wasm-bindgen) into a JSON value, keeping object key
/// order, refusing nesting deeper than [`MAX_INPUT_DEPTH`] (and so cycles), and writing a non-finite number as
/// `{"$number": "NaN"}` so the rule it breaks can be named. The typed inputs are then read from this value with
/// [`read_json`], the same code that runs natively: serde-wasm-bindgen reads only a struct's declared fields,
/// so reading structs from it directly would let unknown fields through.
pub fn input_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Value, D::Error> {
    de::DeserializeSeed::deserialize(ValueSeed { depth: 0 }, deserializer)
}

struct ValueSeed {
    depth: usize,
}

impl<'de> de::DeserializeSeed<'de> for ValueSeed {
    type Value = serde_json::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON-like data")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<serde_json::Value, E> {
        Ok(match serde_json::Number::from_f64(v) {
            Some(n) => n.into(),
            None => {
                let name = match v {
                    v if v.is_nan() => "NaN",
                    v if v > 0.0 => "Infinity",
                    _ => "-Infinity",
                };
                let mut m = serde_json::Map::new();
                m.insert(NON_FINITE_KEY.into(), name.into());
                serde_json::Value::Object(m)
            }
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E: de::Error>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<serde_json::Value, A::Error> {
        let depth = self.deeper::<A::Error>()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed { depth })? {
            items.push(v);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<serde_json::Value, A::Error> {
        let depth = self.deeper::<A::Error>()?;
        let mut m = serde_json::Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(ValueSeed { depth })?;
            m.insert(k, v);
        }
        Ok(serde_json::Value::Object(m))
    }
}

impl ValueSeed {
    fn deeper<E: de::Error>(&self) -> Result<usize, E> {
        match self.depth < MAX_INPUT_DEPTH {
            true => Ok(self.depth + 1),
            false => Err(E::custom(format!(
                "is nested more than {MAX_INPUT_DEPTH} levels deep (or refers to itself)"
            ))),
        }
    }
}

/// An amount as the caller gave it: a decimal string (`"100.50"`), or a number (`1500`, also NaN or
/// infinite, which [`AmountInput::read`] refuses with the rule they break).
#[derive(Debug, Clone, PartialEq)]
pub enum AmountInput {
    /// As written.
    Text(String),
    /// A JS number.
    Number(f64),
}

impl AmountInput {
    /// The exact amount, or a validation error naming `field`.
    pub fn read(&self, field: &str) -> Result<Amount, Error> {
        match self {
            AmountInput::Text(s) => Amount::parse(field, s),
            AmountInput::Number(f) => Amount::from_f64(field, *f),
        }
    }

    /// The text to send where the provider takes the amount as written: the caller's string, or the number's
    /// decimal form.
    pub fn text(&self, field: &str) -> Result<String, Error> {
        match self {
            AmountInput::Text(s) => {
                Amount::parse(field, s)?;
                Ok(s.clone())
            }
            AmountInput::Number(f) => Ok(Amount::from_f64(field, *f)?.to_plain()),
        }
    }
}

impl<'de> Deserialize<'de> for AmountInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'v> Visitor<'v> for V {
            type Value = AmountInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal string such as \"100.50\" or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AmountInput, E> {
                Ok(AmountInput::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AmountInput, E> {
                Ok(AmountInput::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AmountInput, E> {
                Ok(AmountInput::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AmountInput, E> {
                Ok(AmountInput::Number(v as f64))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<AmountInput, E> {
                Ok(AmountInput::Text(v.to_string()))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<AmountInput, E> {
                Ok(AmountInput::Text(v.to_string()))
            }
            // serde_json's arbitrary-precision numbers arrive as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'v>>(self, mut map: A) -> Result<AmountInput, A::Error> {
                match map.next_entry::<String, String>()? {
                    // A number read from JSON arrives as a one-entry map holding its text (serde_json's
                    // arbitrary precision); a non-finite JS number as `{"$number": "NaN"}` (input_value).
                    Some((k, v)) if k == NUMBER_TOKEN || k == NON_FINITE_KEY => Ok(
                        AmountInput::Number(super::number::parse_f64(&v).unwrap_or(f64::NAN)),
                    ),
                    _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A JS number (NaN and ±Infinity included, so the rule they break is named where the number is read, not
/// reported as a type error).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberInput(pub f64);

impl<'de> Deserialize<'de> for NumberInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match AmountInput::deserialize(d)? {
            AmountInput::Number(f) => Ok(NumberInput(f)),
            AmountInput::Text(_) => Err(de::Error::invalid_type(
                de::Unexpected::Other("a string"),
                &"a number",
            )),
        }
    }
}

/// A whole number given as a JS number or a numeric string (`14`, `"9197"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntInput(pub Option<u64>);

impl<'de> Deserialize<'de> for IntInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'v> Visitor<'v> for V {
            type Value = IntInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntInput, E> {
                Ok(IntInput(v.trim().parse().ok()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<IntInput, E> {
                // Below 2^64: every whole double under it fits a u64 exactly (`as` would saturate 2^64 and up).
                let whole = v.is_finite()
                    && v >= 0.0
                    && v.fract() == 0.0
                    && v < 18_446_744_073_709_551_616.0;
                Ok(IntInput(whole.then_some(v as u64)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntInput, E> {
                Ok(IntInput(u64::try_from(v).ok()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntInput, E> {
                Ok(IntInput(Some(v)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<IntInput, E> {
                Ok(IntInput(None))
            }
            fn visit_map<A: MapAccess<'v>>(self, mut map: A) -> Result<IntInput, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((k, v)) if k == NUMBER_TOKEN => Ok(IntInput(v.parse().ok())),
                    _ => Ok(IntInput(None)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// "A reference string, or an object `T`" (the argument of `status`): `status("ref")` or
/// `status({ reference, ... })`.
#[derive(Debug, Clone, PartialEq)]
pub enum RefOr<T> {
    /// Just the reference.
    Reference(String),
    /// The object form.
    Query(T),
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for RefOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = RefOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the reference string or an object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RefOr<T>, E> {
                Ok(RefOr::Reference(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RefOr<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(RefOr::Query)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A string read where it is in the JSON tree, not copied out of it: a type that holds many string fields
/// reads them without an allocation or a drop each (the providers' requests). serde's own `&str` would say
/// "expected a borrowed string" in its type errors; this says "a string", as `String` does. It is read from a
/// deserializer that lends its strings: the JSON tree through [`read_json_in`] (every caller); serde_json over
/// JSON text lends none with an escape in it, which would be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text<'a>(pub &'a str);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a str>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(v))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

impl From<Text<'_>> for String {
    fn from(t: Text<'_>) -> String {
        t.0.to_string()
    }
}

impl From<Text<'_>> for serde_json::Value {
    fn from(t: Text<'_>) -> serde_json::Value {
        serde_json::Value::String(t.0.to_string())
    }
}

/// A JSON object field (Unipesa's `extra`) as serde sees it: an object (its entries passed over) or `null`, anything
/// else refused in the words of `Map`'s own reader ("expected a map"). The entries are then taken from the
/// input's JSON tree as given ([`object_in`]): reading them through serde as `Value`s compiled a reader of every
/// JSON value for the field path (~5 KB of wasm) for data that is only carried. An object read is `Some` of an
/// empty map until its entries are taken.
pub fn object_passed_over<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, D::Error> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Option<serde_json::Map<String, serde_json::Value>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(Some(serde_json::Map::new()))
        }
    }
    d.deserialize_option(Entries)
}

/// The object under `key` of the JSON tree `tree`, as given (see [`object_passed_over`]).
pub fn object_in(
    tree: &serde_json::Value,
    key: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    tree.get(key)
        .and_then(serde_json::Value::as_object)
        .cloned()
}

/// A string of the tree, copied out.
pub fn owned(t: Option<Text<'_>>) -> Option<String> {
    t.map(String::from)
}

/// Reads `value` (the input `what`) into `T` with serde. A type mismatch, a missing or an unknown field is a
/// validation error naming the field by its path (`extra.otp`, `contacts[1].prefix`).
pub fn read_json<T: DeserializeOwned>(value: &serde_json::Value, what: &str) -> Result<T, Error> {
    read_json_in(value, what)
}

/// [`read_json`] of a type that may borrow from `value` (its [`Text`] fields).
pub fn read_json_in<'a, T: Deserialize<'a>>(
    value: &'a serde_json::Value,
    what: &str,
) -> Result<T, Error> {
    if value.is_null() {
        return Err(Error::validation(what, "is required"));
    }
    super::field_path::read_with_path(value)
        .map_err(|(path, e)| validation_of(what, &path, &e.to_string()))
}

/// The validation error of a serde message about the input `what` at `path` (`.` for the input itself).
pub fn validation_of(what: &str, path: &str, message: &str) -> Error {
    // An element of a list given as the input itself (`contacts`) is named `contacts[1]`.
    let prefixed;
    let path = match path.starts_with('[') {
        true => {
            prefixed = format!("{what}{path}");
            prefixed.as_str()
        }
        false => path,
    };
    let top = path == "." || path.is_empty();
    let at = |field: &str| match top {
        true => field.to_string(),
        false => format!("{path}.{field}"),
    };
    let whole = match top {
        true => what.to_string(),
        false => path.to_string(),
    };
    // serde's own words: "unknown field `x`, expected one of `a`, `b`" and "missing field `x`".
    if let Some((name, expected)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let allowed =
            strip_all(strip_all(expected, ", expected one of "), ", expected ").replace('`', "");
        // The path of an unknown field ends with its own name: a top-level one is just the name.
        let top_level = top || path == name;
        let noun = match what == "options" && top_level {
            true => "an option",
            false => "a field of this call",
        };
        let rule = match allowed.as_str() {
            "" | "nothing" | "there are no fields" => format!("is not {noun}"),
            a => format!("is not {noun} (allowed: {a})"),
        };
        // The path of an unknown field already ends with its name (field_path.rs).
        let field = match after_last(path, b'.') == name {
            true => whole,
            false => at(name),
        };
        return Error::validation(field, rule);
    }
    if let Some((name, _)) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
    {
        return Error::validation(at(name), "is required");
    }
    let rule = without_quoted_value(message)
        .replace("invalid type: ", "has the wrong type: ")
        .replace("invalid value: ", "has a wrong value: ");
    Error::validation(whole, rule)
}

/// `text` without every leading `prefix`, as `trim_start_matches(prefix)` gives it: a loop of `strip_prefix`
/// instead of core's substring searcher over a `&str` pattern (~0.7 KB of wasm).
pub fn strip_all<'t>(mut text: &'t str, prefix: &str) -> &'t str {
    while let Some(rest) = text.strip_prefix(prefix).filter(|_| !prefix.is_empty()) {
        text = rest;
    }
    text
}

/// What follows the last `sep` (an ASCII byte) in `text`, or all of it: `text.rsplit(sep).next()` without core's
/// reverse split iterator (~0.7 KB of wasm).
pub fn after_last(text: &str, sep: u8) -> &str {
    match text.bytes().rposition(|b| b == sep) {
        Some(at) => text.get(at + 1..).unwrap_or_default(),
        None => text,
    }
}

/// serde's message without the value it quotes (`invalid type: string "…", expected f64`): the caller may have
/// put a secret in the wrong field, and an error never shows one.
fn without_quoted_value(message: &str) -> String {
    for kind in ["string \"", "character `"] {
        if let Some(start) = message.find(kind) {
            let quote_at = start + kind.len() - 1;
            let close = if kind.ends_with('"') { "\", " } else { "`, " };
            if let Some(end) = message[quote_at + 1..].find(close) {
                let after = quote_at + 1 + end + 1;
                return format!("{}{}", &message[..quote_at].trim_end(), &message[after..]);
            }
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests;
