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
//! Two readers give the same string: the tree walk over a parsed [`Value`], and [`flatten_text`], which reads
//! JSON text in one pass without building the tree (the hot path of `signUnipesa` and callback checks: the
//! tree, its IndexMap and the copies were ~40% of a signature's time, bench/README.md). The one-pass reader
//! gives up (and the tree walk answers) on anything it does not take as the tree would: invalid JSON, a key
//! written twice in one object (the tree keeps the last value at the first place, as PHP's json_decode does),
//! nesting at the limit, a lone surrogate. `tests/properties.rs` checks that the two agree.

use crate::core::Error;
use crate::crypto::ct::constant_time_eq;
pub use crate::crypto::php_float::php_float_to_string;
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
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
fn push_php_number(out: &mut Vec<u8>, text: &str) {
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
fn push_decimal(out: &mut Vec<u8>, negative: bool, mut n: u64) {
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

/// Objects with more keys than this go to the tree walk (the reader's duplicate check is quadratic).
const MAX_KEYS_ONE_PASS: usize = 48;

/// The string to sign read straight from JSON text, or `None` when the text needs the tree walk (which then
/// gives the same string, or the error): see the module's doc.
pub fn flatten_text(json: &str) -> Option<Flattened> {
    let mut r = Reader {
        json,
        s: json.as_bytes(),
        i: 0,
        out: Vec::with_capacity(json.len() + 32),
        prefix: Vec::new(),
        keys: Vec::new(),
        spans: Vec::new(),
        signature: None,
    };
    r.ws();
    if !matches!(r.peek()?, b'{' | b'[') {
        return None;
    }
    r.container(0)?;
    r.ws();
    if r.i != json.len() {
        return None;
    }
    Some(Flattened {
        bytes: r.out,
        signature: r.signature,
    })
}

struct Reader<'a> {
    json: &'a str,
    s: &'a [u8],
    i: usize,
    out: Vec<u8>,
    /// `parent.child.` of the container being read.
    prefix: Vec<u8>,
    /// The keys of the objects being read (unescaped), one after the other; `spans` indexes them.
    keys: Vec<u8>,
    spans: Vec<(usize, usize)>,
    signature: Option<String>,
}

// The small steps are inlined by hand: the release profile optimises for size ("z"), which otherwise leaves a
// call per byte (the reader's time in the profile, bench/README.md).
impl Reader<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    /// At `{` or `[`.
    fn container(&mut self, level: usize) -> Option<()> {
        if level >= MAX_DEPTH {
            return None; // the tree walk names the error
        }
        let object = self.peek()? == b'{';
        let close = if object { b'}' } else { b']' };
        self.i += 1;
        self.ws();
        if self.peek()? == close {
            self.i += 1;
            return Some(());
        }
        let (first_span, keys_at) = (self.spans.len(), self.keys.len());
        let mut index = 0u64;
        loop {
            self.ws();
            let start = self.keys.len();
            if object {
                if self.peek()? != b'"' || self.spans.len() - first_span >= MAX_KEYS_ONE_PASS {
                    return None;
                }
                read_string(self.json, &mut self.i, &mut self.keys)?;
                let key = &self.keys[start..];
                if self.spans[first_span..]
                    .iter()
                    .any(|&(a, b)| &self.keys[a..b] == key)
                {
                    return None; // written twice: the tree keeps the last value at the first place
                }
                self.spans.push((start, self.keys.len()));
                self.ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.i += 1;
                self.ws();
            } else {
                push_decimal(&mut self.keys, false, index);
                index += 1;
            }
            self.member(start, level)?;
            if !object {
                self.keys.truncate(start);
            }
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b if b == close => {
                    self.i += 1;
                    break;
                }
                _ => return None,
            }
        }
        self.spans.truncate(first_span);
        self.keys.truncate(keys_at);
        Some(())
    }

    /// The value of the key `self.keys[key_at..]`.
    fn member(&mut self, key_at: usize, level: usize) -> Option<()> {
        let key = &self.keys[key_at..];
        match self.peek()? {
            b'{' | b'[' => {
                let at = self.prefix.len();
                self.prefix.extend_from_slice(key);
                self.prefix.push(b'.');
                self.container(level + 1)?;
                self.prefix.truncate(at);
            }
            b'"' if level == 0 && key == b"signature" => {
                let mut s = Vec::new();
                read_string(self.json, &mut self.i, &mut s)?;
                self.signature = Some(utf8(s));
            }
            _ if key == b"signature" => read_scalar(self.json, &mut self.i, &mut Vec::new())?,
            _ => {
                self.out.extend_from_slice(&self.prefix);
                self.out.extend_from_slice(key);
                read_scalar(self.json, &mut self.i, &mut self.out)?;
            }
        }
        Some(())
    }
}

/// Reads a scalar at `*i` and appends it as PHP writes it.
fn read_scalar(json: &str, i: &mut usize, out: &mut Vec<u8>) -> Option<()> {
    let rest = json.as_bytes().get(*i..)?;
    let literal = |word: &[u8], i: &mut usize| -> Option<()> {
        rest.starts_with(word).then(|| *i += word.len())
    };
    match rest.first()? {
        b'"' => read_string(json, i, out)?,
        b't' => {
            literal(b"true", i)?;
            out.push(b'1');
        }
        b'f' => literal(b"false", i)?,
        b'n' => literal(b"null", i)?,
        b'-' | b'0'..=b'9' => {
            let start = *i;
            read_number(json.as_bytes(), i)?;
            push_php_number(out, json.get(start..*i)?);
        }
        _ => return None,
    }
    Some(())
}

/// Moves past a number written as JSON's grammar allows (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`).
fn read_number(s: &[u8], i: &mut usize) -> Option<()> {
    let digits = |i: &mut usize| {
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if s.get(*i) == Some(&b'-') {
        *i += 1;
    }
    match s.get(*i)? {
        b'0' => *i += 1,
        b'1'..=b'9' => {
            digits(i);
        }
        _ => return None,
    }
    if s.get(*i) == Some(&b'.') {
        *i += 1;
        digits(i).then_some(())?;
    }
    if matches!(s.get(*i), Some(b'e' | b'E')) {
        *i += 1;
        if matches!(s.get(*i), Some(b'+' | b'-')) {
            *i += 1;
        }
        digits(i).then_some(())?;
    }
    Some(())
}

/// Reads the string at `*i` (on its opening quote), appending it unescaped. `None` for a control character, a
/// bad escape or a lone surrogate.
fn read_string(json: &str, i: &mut usize, out: &mut Vec<u8>) -> Option<()> {
    let s = json.as_bytes();
    *i += 1;
    loop {
        let start = *i;
        let run = s
            .get(start..)?
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        *i += run;
        // The text is UTF-8 and the run stops on an ASCII byte: the run is whole characters.
        out.extend_from_slice(&s[start..*i]);
        match s[*i] {
            b'"' => {
                *i += 1;
                return Some(());
            }
            b'\\' => {
                *i += 1;
                let e = *s.get(*i)?;
                *i += 1;
                let c = match e {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let hi = read_hex4(s, i)?;
                        let code = match hi {
                            0xD800..=0xDBFF => {
                                if s.get(*i..*i + 2)? != b"\\u" {
                                    return None;
                                }
                                *i += 2;
                                let lo = read_hex4(s, i)?;
                                if !(0xDC00..=0xDFFF).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            }
                            0xDC00..=0xDFFF => return None,
                            _ => hi,
                        };
                        char::from_u32(code)?
                    }
                    _ => return None,
                };
                out.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes());
            }
            _ => return None, // a control character
        }
    }
}

/// The four hex digits of a `\uXXXX` escape (either case) at `*i`, as a UTF-16 code unit.
fn read_hex4(s: &[u8], i: &mut usize) -> Option<u32> {
    let mut unit = [0u8; 2];
    hex::decode_to_slice(s.get(*i..*i + 4)?, &mut unit).ok()?;
    *i += 4;
    Some(u32::from(u16::from_be_bytes(unit)))
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
                Ok(()) => String::from_utf8_lossy(&out).into_owned(),
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
    serde_json::from_str(json)
        .map_err(|e| Error::validation("payload", format!("is not valid JSON: {e}")))
}

/// The string to sign of JSON text, fields in the order written.
pub fn string_to_sign_json(json: &str) -> Result<String, Error> {
    match flatten_text(json) {
        Some(f) => Ok(f.string()),
        None => string_to_sign(&parse_payload(json)?),
    }
}

/// The signature of JSON text, fields in the order written.
pub fn sign_json(json: &str, secret_key: &str) -> Result<String, Error> {
    match flatten_text(json) {
        Some(f) => Ok(hmac_sha512_hex(secret_key.as_bytes(), &f.bytes)),
        None => sign_value(&parse_payload(json)?, secret_key),
    }
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
    match flatten_text(json) {
        Some(Flattened {
            bytes,
            signature: Some(given),
        }) => Ok(matches(
            &hmac_sha512_hex(secret_key.as_bytes(), &bytes),
            &given,
        )),
        Some(_) => Ok(false),
        None => verify_value(&parse_payload(json)?, secret_key),
    }
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
