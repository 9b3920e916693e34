//! The Unipesa request/callback signature (docs/providers/unipesa.md, "Merchant's request and callback have to be signed"),
//! computed exactly as the provider's PHP reference `calculateSignature` does:
//!
//! - walk the fields in the order they were sent; for a nested object (or list) recurse with the prefix
//!   `parent.` (list items are keyed by their index); for any other value append `prefix + key + value`;
//! - a field named `signature` is left out at every level (unless it is itself an object, which PHP recurses into);
//! - values are stringified as PHP does: `true` → `"1"`, `false`/`null` → `""`, integers in decimal, floats as PHP's
//!   string conversion with `precision = 14` (`1.0E+20`, `0.1`), strings as they are;
//! - nesting of 16 levels or more is refused, as the reference throws "Recursion level exceeded";
//! - the signature is the lower-case hex HMAC-SHA512 of that string, keyed with the secret key's UTF-8 bytes.
//!
//! The provider's documented PHP returns `$StringForSignature` (capital S) from the recursive branch, a typo that would drop
//! nested pairs; this implements the evident intent (nested pairs included), as docs/providers/unipesa.md#choices-where-the-provider-is-silent settles.
//!
//! Two readers give the same string: the tree walk over a parsed [`Value`] (the provider's request bodies and
//! callbacks), and [`signature_text`], which reads JSON text in one pass without building the tree (the JSON
//! text exports: `signUnipesa` and callback checks; the tree, its IndexMap and the copies were ~40% of a
//! signature's time, bench/README.md). It settles keys written twice and the depth limit as the tree does, and
//! refuses invalid JSON with serde_json's own message, so the `payrail/crypto` wasm needs no serde_json.
//! `tests/properties.rs` checks that the two agree, on valid and broken text.

use crate::core::Error;
use crate::crypto::ct::constant_time_eq;
pub use crate::crypto::php_float::php_float_to_string;
use crate::crypto::signature_text;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha512;
use std::cell::RefCell;

/// The reference's recursion limit.
pub const MAX_DEPTH: usize = 16;

fn too_deep() -> Error {
    Error::validation(
        "payload",
        "nests objects 16 levels deep or more, which Unipesa's signature refuses",
    )
}

fn not_an_object() -> Error {
    Error::validation("payload", "must be a JSON object (the fields to sign)")
}

/// The string the HMAC is computed over, for a payload already parsed with its key order kept.
pub fn string_to_sign(payload: &Value) -> Result<String, Error> {
    let mut out = Vec::new();
    let mut prefix = Vec::new();
    match payload {
        Value::Object(map) => append_map(&mut out, map, &mut prefix, 0)?,
        Value::Array(items) => append_list(&mut out, items, &mut prefix, 0)?,
        _ => return Err(not_an_object()),
    }
    Ok(utf8(out))
}

/// The string to sign of an object's fields (the signed request bodies are built as a [`Map`]).
pub fn string_to_sign_map(payload: &Map<String, Value>) -> Result<String, Error> {
    let mut out = Vec::new();
    append_map(&mut out, payload, &mut Vec::new(), 0)?;
    Ok(utf8(out))
}

/// Bytes this module wrote: copies of UTF-8 text and whole encoded characters, so always UTF-8.
fn utf8(bytes: Vec<u8>) -> String {
    // (Not `from_utf8_lossy`: its replacement machinery would be ~1 KB of wasm for a case that cannot happen.)
    String::from_utf8(bytes).unwrap_or_default()
}

fn append_map(
    out: &mut Vec<u8>,
    map: &Map<String, Value>,
    prefix: &mut Vec<u8>,
    level: usize,
) -> Result<(), Error> {
    if level >= MAX_DEPTH {
        return Err(too_deep());
    }
    for (k, v) in map {
        visit(out, k.as_bytes(), v, prefix, level)?;
    }
    Ok(())
}

fn append_list(
    out: &mut Vec<u8>,
    items: &[Value],
    prefix: &mut Vec<u8>,
    level: usize,
) -> Result<(), Error> {
    if level >= MAX_DEPTH {
        return Err(too_deep());
    }
    let mut key = Vec::new();
    for (i, v) in items.iter().enumerate() {
        key.clear();
        push_decimal(&mut key, false, i as u64);
        visit(out, &key, v, prefix, level)?;
    }
    Ok(())
}

fn visit(
    out: &mut Vec<u8>,
    key: &[u8],
    v: &Value,
    prefix: &mut Vec<u8>,
    level: usize,
) -> Result<(), Error> {
    let at = prefix.len();
    let r = match v {
        Value::Object(map) => {
            prefix.extend_from_slice(key);
            prefix.push(b'.');
            append_map(out, map, prefix, level + 1)
        }
        Value::Array(items) => {
            prefix.extend_from_slice(key);
            prefix.push(b'.');
            append_list(out, items, prefix, level + 1)
        }
        _ if key == b"signature" => Ok(()),
        _ => {
            out.extend_from_slice(prefix);
            out.extend_from_slice(key);
            push_php_string(out, v);
            Ok(())
        }
    };
    prefix.truncate(at);
    r
}

/// Appends a scalar the way PHP's string conversion writes it.
fn push_php_string(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null | Value::Bool(false) => {}
        Value::Bool(true) => out.push(b'1'),
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        Value::Number(n) => push_php_number(out, &n.to_string()),
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// Appends a JSON number (its text) as PHP writes the value `json_decode` made of it: a number written without
/// '.', 'e' or 'E' is an integer when it fits in 64 bits ("-0" is int 0); anything else, or an integer beyond
/// PHP_INT_MAX, is a float.
pub(super) fn push_php_number(out: &mut Vec<u8>, text: &str) {
    let integral = !text.contains(['.', 'e', 'E']);
    match text.parse::<i64>() {
        Ok(i) if integral => push_decimal(out, i < 0, i.unsigned_abs()),
        _ => {
            if let Some(f) = crate::core::number::parse_f64(text) {
                out.extend_from_slice(php_float_to_string(f).as_bytes());
            }
        }
    }
}

/// Appends `n` in decimal, with a minus sign when `negative` (no `fmt` on the hot path).
pub(super) fn push_decimal(out: &mut Vec<u8>, negative: bool, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if negative {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// What the one-pass reader makes of JSON text: the string to sign, and the top-level `signature` when it is a
/// string (what a callback check compares).
pub struct Flattened {
    /// The string the HMAC covers, as UTF-8 bytes.
    pub bytes: Vec<u8>,
    /// The payload's own top-level `signature`, when it is a string.
    pub signature: Option<String>,
}

impl Flattened {
    /// The string the HMAC covers.
    pub fn string(self) -> String {
        utf8(self.bytes)
    }
}

/// The string to sign read straight from JSON text ([`signature_text`]), or `None` when the text is refused
/// (invalid JSON, a scalar at the top, nesting too deep).
pub fn flatten_text(json: &str) -> Option<Flattened> {
    read_text(json).ok()
}

/// The payload of JSON text read in one pass, the signature's refusals named as the tree walk names them.
fn read_text(json: &str) -> Result<Flattened, Error> {
    let p = read_payload(json)?;
    if !p.container {
        return Err(not_an_object());
    }
    if p.too_deep {
        return Err(too_deep());
    }
    Ok(Flattened {
        bytes: p.bytes,
        signature: p.signature,
    })
}

/// JSON text read in one pass; invalid JSON refused with serde_json's message.
fn read_payload(json: &str) -> Result<signature_text::Payload, Error> {
    signature_text::read(json, MAX_DEPTH).map_err(|e| invalid_json(&e.message(json)))
}

fn invalid_json(why: &str) -> Error {
    Error::validation("payload", format!("is not valid JSON: {why}"))
}

thread_local! {
    /// The HMAC keyed with the last key used (its two key blocks already hashed), and that key: a client signs
    /// every request with one key, so those two SHA-512 blocks are hashed once, not per call. The key is held in
    /// this module's memory only while it is the last one used, as the caller's own copy is.
    static LAST_KEY: RefCell<Option<(Vec<u8>, Hmac<Sha512>)>> = const { RefCell::new(None) };
}

fn keyed(secret_key: &[u8]) -> Option<Hmac<Sha512>> {
    LAST_KEY.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((k, mac)) = last.as_ref() {
            if same_key(k, secret_key) {
                return Some(mac.clone());
            }
        }
        // HMAC takes keys of any length: `new_from_slice` cannot fail.
        let mac = <Hmac<Sha512>>::new_from_slice(secret_key).ok()?;
        *last = Some((secret_key.to_vec(), mac.clone()));
        Some(mac)
    })
}

/// Whether two keys are equal, without an early exit (so not leaking where they differ). `subtle`'s
/// byte-by-byte barrier was 4% of a signature's time for a 128-character key; the OR-fold has no branch
/// on the bytes either.
fn same_key(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Lower-case hex HMAC-SHA512 of `message` keyed with `secret_key`.
pub fn hmac_sha512_hex(secret_key: &[u8], message: &[u8]) -> String {
    match keyed(secret_key) {
        Some(mut m) => {
            m.update(message);
            // `encode_to_slice` into a buffer on the stack: `hex::encode` goes through a char iterator that the
            // size-optimised build leaves as calls (~6% of a signature, bench/README.md).
            let mut out = [0u8; 128];
            match hex::encode_to_slice(m.finalize().into_bytes(), &mut out) {
                Ok(()) => String::from_utf8(out.to_vec()).unwrap_or_default(),
                Err(_) => String::new(), // 64 bytes are always 128 digits: unreachable
            }
        }
        // Unreachable (see `keyed`), and harmless: an empty signature never verifies.
        None => String::new(),
    }
}

/// The signature of a parsed payload.
pub fn sign_value(payload: &Value, secret_key: &str) -> Result<String, Error> {
    let s = string_to_sign(payload)?;
    Ok(hmac_sha512_hex(secret_key.as_bytes(), s.as_bytes()))
}

/// Parses JSON text keeping the key order, as the signature needs.
pub fn parse_payload(json: &str) -> Result<Value, Error> {
    serde_json::from_str(json).map_err(|e| invalid_json(&e.to_string()))
}

/// The string to sign of JSON text, fields in the order written.
pub fn string_to_sign_json(json: &str) -> Result<String, Error> {
    read_text(json).map(Flattened::string)
}

/// The signature of JSON text, fields in the order written.
pub fn sign_json(json: &str, secret_key: &str) -> Result<String, Error> {
    let f = read_text(json)?;
    Ok(hmac_sha512_hex(secret_key.as_bytes(), &f.bytes))
}

/// Whether the payload's own top-level `signature` matches, compared in constant time. A missing or non-string
/// signature does not verify.
pub fn verify_value(payload: &Value, secret_key: &str) -> Result<bool, Error> {
    let given = match payload.get("signature") {
        Some(Value::String(s)) => s,
        _ => return Ok(false),
    };
    let expected = sign_value(payload, secret_key)?;
    Ok(matches(&expected, given))
}

/// [`verify_value`] of JSON text.
pub fn verify_json(json: &str, secret_key: &str) -> Result<bool, Error> {
    // As verify_value: no string signature does not verify (before the depth is looked at).
    let p = read_payload(json)?;
    let Some(given) = p.signature else {
        return Ok(false);
    };
    if p.too_deep {
        return Err(too_deep());
    }
    Ok(matches(
        &hmac_sha512_hex(secret_key.as_bytes(), &p.bytes),
        &given,
    ))
}

/// The expected lower-case hex against the given signature in any case, in constant time.
fn matches(expected: &str, given: &str) -> bool {
    constant_time_eq(expected.as_bytes(), given.to_ascii_lowercase().as_bytes())
}

/// Adds `signature` as the last field of `payload`.
pub fn append_signature(payload: &mut Map<String, Value>, secret_key: &str) -> Result<(), Error> {
    payload.remove("signature");
    let s = string_to_sign_map(payload)?;
    let sig = hmac_sha512_hex(secret_key.as_bytes(), s.as_bytes());
    payload.insert("signature".into(), Value::String(sig));
    Ok(())
}

#[cfg(test)]
#[path = "tests/unipesa_signature.rs"]
mod tests;
