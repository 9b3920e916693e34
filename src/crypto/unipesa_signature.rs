//! The Unipesa request/callback signature (seed 003, "Merchant's request and callback have to be signed"),
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
//! The seed's PHP returns `$StringForSignature` (capital S) from the recursive branch, a typo that would drop
//! nested pairs; this implements the evident intent (nested pairs included), as PROVIDERS.md settles.

use crate::core::Error;
use crate::crypto::ct::constant_time_eq;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha512;

/// The reference's recursion limit.
pub const MAX_DEPTH: usize = 16;

/// The string the HMAC is computed over, for a payload already parsed with its key order kept.
pub fn string_to_sign(payload: &Value) -> Result<String, Error> {
    let mut out = String::new();
    match payload {
        Value::Object(_) | Value::Array(_) => append(&mut out, payload, "", 0)?,
        _ => {
            return Err(Error::validation(
                "payload",
                "must be a JSON object (the fields to sign)",
            ))
        }
    }
    Ok(out)
}

fn append(out: &mut String, value: &Value, prefix: &str, level: usize) -> Result<(), Error> {
    if level >= MAX_DEPTH {
        return Err(Error::validation(
            "payload",
            "nests objects 16 levels deep or more, which Unipesa's signature refuses",
        ));
    }
    let mut visit = |key: &str, v: &Value| -> Result<(), Error> {
        match v {
            Value::Object(_) | Value::Array(_) => {
                append(out, v, &format!("{prefix}{key}."), level + 1)
            }
            _ if key == "signature" => Ok(()),
            _ => {
                out.push_str(prefix);
                out.push_str(key);
                push_php_string(out, v);
                Ok(())
            }
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                visit(k, v)?;
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                visit(&i.to_string(), v)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Appends a scalar the way PHP's string conversion writes it.
fn push_php_string(out: &mut String, v: &Value) {
    match v {
        Value::Null | Value::Bool(false) => {}
        Value::Bool(true) => out.push('1'),
        Value::String(s) => out.push_str(s),
        Value::Number(n) => {
            // PHP's json_decode: a number written without '.', 'e' or 'E' is an integer when it fits in 64 bits
            // ("-0" is int 0); anything else, or an integer beyond PHP_INT_MAX, is a float.
            let text = n.to_string();
            let integral = !text.contains(['.', 'e', 'E']);
            match text.parse::<i64>() {
                Ok(i) if integral => out.push_str(&i.to_string()),
                _ => {
                    if let Ok(f) = text.parse::<f64>() {
                        out.push_str(&php_float_to_string(f));
                    }
                }
            }
        }
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// PHP's `(string)$float` with the default `precision = 14` (zend_gcvt with `%.14G` rules): at most 14
/// significant digits, trailing zeros dropped, exponential form `1.0E+20` when the decimal exponent is below -4
/// or above 14.
pub fn php_float_to_string(v: f64) -> String {
    if v.is_nan() {
        return "NAN".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-INF".into() } else { "INF".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    const PRECISION: i32 = 14;
    // 14 significant digits, correctly rounded: "d.ddddddddddddde±x".
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, v.abs());
    let (mantissa, exp) = match sci.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (sci.as_str(), 0),
    };
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // Position of the decimal point relative to the digit string (value = 0.DIGITS × 10^decpt).
    let decpt = exp + 1;
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    if !(-3..=PRECISION).contains(&decpt) {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        let e = decpt - 1;
        out.push('E');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&e.abs().to_string());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let d = decpt as usize;
        if digits.len() <= d {
            out.push_str(digits);
            for _ in digits.len()..d {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..d]);
            out.push('.');
            out.push_str(&digits[d..]);
        }
    }
    out
}

/// Lower-case hex HMAC-SHA512 of `message` keyed with `secret_key`.
pub fn hmac_sha512_hex(secret_key: &[u8], message: &[u8]) -> String {
    match <Hmac<Sha512>>::new_from_slice(secret_key) {
        Ok(mut m) => {
            m.update(message);
            hex::encode(m.finalize().into_bytes())
        }
        // HMAC takes keys of any length: unreachable, and harmless (an empty signature never verifies).
        Err(_) => String::new(),
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

/// The signature of JSON text, fields in the order written.
pub fn sign_json(json: &str, secret_key: &str) -> Result<String, Error> {
    sign_value(&parse_payload(json)?, secret_key)
}

/// Whether the payload's own top-level `signature` matches, compared in constant time. A missing or non-string
/// signature does not verify.
pub fn verify_value(payload: &Value, secret_key: &str) -> Result<bool, Error> {
    let given = match payload.get("signature") {
        Some(Value::String(s)) => s.to_ascii_lowercase(),
        _ => return Ok(false),
    };
    let expected = sign_value(payload, secret_key)?;
    Ok(constant_time_eq(expected.as_bytes(), given.as_bytes()))
}

/// Adds `signature` as the last field of `payload`.
pub fn append_signature(payload: &mut Map<String, Value>, secret_key: &str) -> Result<(), Error> {
    payload.remove("signature");
    let sig = sign_value(&Value::Object(payload.clone()), secret_key)?;
    payload.insert("signature".into(), Value::String(sig));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_floats() {
        // Expected strings: PHP 8 `(string)` with precision=14 (php.net, "String conversion" of floats).
        let cases = [
            (100.5, "100.5"),
            (1.0, "1"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.3"),
            (1e20, "1.0E+20"),
            (1.5e-7, "1.5E-7"),
            (0.0001, "0.0001"),
            (0.00001, "1.0E-5"),
            (1e14, "1.0E+14"),
            (1e13, "10000000000000"),
            (-2.5, "-2.5"),
            (123456789.12345678, "123456789.12346"),
            (-0.0, "-0"),
        ];
        for (v, want) in cases {
            assert_eq!(php_float_to_string(v), want, "{v}");
        }
    }

    #[test]
    fn flattening_rules() {
        let v = parse_payload(
            r#"{"b":1,"a":true,"n":null,"f":false,"signature":"x","extra":{"otp":"5647","signature":"y","l":[7,{"k":"v"}]}}"#,
        )
        .unwrap();
        assert_eq!(
            string_to_sign(&v).unwrap(),
            "b1a1nfextra.otp5647extra.l.07extra.l.1.kv"
        );
    }

    #[test]
    fn depth_limit() {
        let mut s = String::from("1");
        for _ in 0..15 {
            s = format!("{{\"a\":{s}}}");
        }
        // 15 nested objects: the innermost scalar sits at level 14: fine.
        assert!(sign_json(&s, "k").is_ok());
        let deeper = format!("{{\"a\":{{\"a\":{s}}}}}");
        assert_eq!(
            sign_json(&deeper, "k").unwrap_err().field(),
            Some("payload")
        );
    }

    #[test]
    fn sign_then_verify_and_tamper() {
        let mut m = match parse_payload(r#"{"merchant_id":"m","order_id":"o","amount":"100.00"}"#)
            .unwrap()
        {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        append_signature(&mut m, "secret").unwrap();
        let mut v = Value::Object(m);
        assert!(verify_value(&v, "secret").unwrap());
        assert!(!verify_value(&v, "other").unwrap());
        v["amount"] = Value::String("1000.00".into());
        assert!(!verify_value(&v, "secret").unwrap());
        assert!(!verify_value(&serde_json::json!({"a":1}), "secret").unwrap());
    }
}
