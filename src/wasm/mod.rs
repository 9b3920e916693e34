//! The wasm-bindgen exports: pure helpers and one class per provider, over the fetch transport. The boundary
//! is typed (boundary.rs): inputs are Rust structs read from JS objects, results cross as objects and errors
//! as real `PayrailError`s; the unified calls of every class are generated once (unified.rs). The Unipesa
//! signature helpers take JSON text as UTF-8 bytes: its key order is what gets signed.

mod alianspay;
#[cfg(feature = "bench")]
mod bench;
pub mod boundary;
mod cinetpay;
pub mod fetch;
mod momo;
pub(crate) mod unified;
mod unipesa;
mod viralpay;

use crate::client::{ClientOptions, RetryPolicy};
use crate::core::Error;
use crate::crypto::totp::{self, Algorithm};
use crate::crypto::unipesa_signature;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

pub(crate) use boundary::{promise, to_js_error};

pub(crate) fn parse_input(json: &str, what: &str) -> Result<Value, Error> {
    serde_json::from_str(json)
        .map_err(|_| Error::validation(what, "must be a JSON-serialisable object"))
}

/// A unix time in seconds from a JS number: finite, not negative; fractions are dropped.
/// The options object of `what` (a class or a call) from JSON text, refusing any key outside `allowed`; `js_only`
/// names the options the JS layer takes before the rest reaches wasm (`fetch`, `tokenStore`), for the message.
pub(crate) fn options_object(
    options_json: &str,
    what: &str,
    allowed: &[&str],
    js_only: &str,
) -> Result<Map<String, Value>, Error> {
    let v = parse_input(options_json, "options")?;
    let Value::Object(o) = v else {
        return Err(Error::validation("options", "must be an object"));
    };
    if let Some(k) = o.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::validation(
            k.as_str(),
            format!(
                "is not an option of {what} (allowed: {}{}{js_only})",
                allowed.join(", "),
                if js_only.is_empty() { "" } else { ", " }
            ),
        ));
    }
    Ok(o)
}

pub(crate) fn unix_seconds(t: f64) -> Result<u64, Error> {
    if !(0.0..=1e15).contains(&t) {
        return Err(Error::validation(
            "unixTime",
            "must be a finite, non-negative number of seconds",
        ));
    }
    Ok(t.floor() as u64)
}

// The Unipesa signature exports take UTF-8 bytes, not strings: JS hands them over with one native
// `TextEncoder.encode`, where wasm-bindgen copies a string into wasm memory one character at a time (~1.4 µs of
// a ~10 µs signature for a 470-character payload, bench/README.md).

/// Reads UTF-8 bytes from JS (`TextEncoder` output, so valid unless a caller passes other bytes).
fn utf8_arg<'a>(bytes: &'a [u8], field: &str) -> Result<&'a str, JsValue> {
    std::str::from_utf8(bytes)
        .map_err(|_| to_js_error(Error::validation(field, "is not UTF-8 text")))
}

/// `signUnipesa` on JSON text (UTF-8): the lower-case hex signature, fields in the order written.
#[wasm_bindgen(js_name = signUnipesaJson)]
pub fn sign_unipesa_json(payload_json: &[u8], secret_key: &[u8]) -> Result<String, JsValue> {
    let payload = utf8_arg(payload_json, "payload")?;
    let key = utf8_arg(secret_key, "secretKey")?;
    unipesa_signature::sign_json(payload, key).map_err(to_js_error)
}

/// The string the Unipesa HMAC covers, for debugging a signature (contains no secret).
#[wasm_bindgen(js_name = unipesaStringToSign)]
pub fn unipesa_string_to_sign(payload_json: &[u8]) -> Result<String, JsValue> {
    unipesa_signature::string_to_sign_json(utf8_arg(payload_json, "payload")?).map_err(to_js_error)
}

/// `verifyUnipesaSignature` on JSON text (UTF-8): compares the payload's own `signature` in constant time.
#[wasm_bindgen(js_name = verifyUnipesaJson)]
pub fn verify_unipesa_json(payload_json: &[u8], secret_key: &[u8]) -> Result<bool, JsValue> {
    let payload = utf8_arg(payload_json, "payload")?;
    let key = utf8_arg(secret_key, "secretKey")?;
    unipesa_signature::verify_json(payload, key).map_err(to_js_error)
}

/// A TOTP (RFC 6238) of raw key bytes.
#[wasm_bindgen(js_name = totpBytes)]
pub fn totp_bytes(
    key: &[u8],
    unix_time: f64,
    period: f64,
    digits: f64,
    algorithm: &str,
) -> Result<String, JsValue> {
    let t = unix_seconds(unix_time).map_err(to_js_error)?;
    if !(period.is_finite() && period >= 1.0 && period.fract() == 0.0 && period <= 1e9) {
        return Err(to_js_error(Error::validation(
            "period",
            "must be a whole number of seconds, at least 1",
        )));
    }
    if !(digits.is_finite() && digits.fract() == 0.0) {
        return Err(to_js_error(Error::validation(
            "digits",
            "must be 6, 7 or 8",
        )));
    }
    let alg = Algorithm::parse(algorithm).map_err(to_js_error)?;
    totp::totp(key, t, period as u64, digits as u32, alg).map_err(to_js_error)
}

/// Decodes a base32 (RFC 4648) secret as authenticator apps show it.
#[wasm_bindgen(js_name = decodeBase32Secret)]
pub fn decode_base32_secret(text: &str) -> Result<Vec<u8>, JsValue> {
    totp::decode_base32_secret(text).map_err(to_js_error)
}

/// The AliansPay OTP of an otp-secret-code at a unix time.
#[wasm_bindgen(js_name = aliansPayOtpAt)]
pub fn alianspay_otp_at(otp_secret_code: &str, unix_time: f64) -> Result<String, JsValue> {
    if otp_secret_code.is_empty() {
        return Err(to_js_error(Error::validation(
            "otpSecretCode",
            "is required (the partner GUID)",
        )));
    }
    Ok(totp::alianspay_otp(
        otp_secret_code,
        unix_seconds(unix_time).map_err(to_js_error)?,
    ))
}

/// Reads the options every client shares: `timeoutMs` (default 30000) and `maxRetries` (default 2).
pub(crate) fn client_options(o: &Map<String, Value>) -> Result<ClientOptions, Error> {
    let mut opts = ClientOptions::default();
    if let Some(v) = o.get("timeoutMs").filter(|v| !v.is_null()) {
        let ms = v
            .as_f64()
            .filter(|x| x.is_finite() && *x >= 1.0 && *x <= 600_000.0);
        opts.timeout_ms = ms.ok_or_else(|| {
            Error::validation(
                "timeoutMs",
                "must be a number of milliseconds between 1 and 600000",
            )
        })? as u64;
    }
    if let Some(v) = o.get("maxRetries").filter(|v| !v.is_null()) {
        let n = v.as_u64().filter(|x| *x <= 10);
        opts.retry = RetryPolicy {
            max_retries: n.ok_or_else(|| {
                Error::validation("maxRetries", "must be a whole number from 0 to 10")
            })? as u32,
            ..opts.retry
        };
    }
    Ok(opts)
}

pub(crate) fn string_option(o: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::validation(key, "must be a string")),
    }
}

pub(crate) fn required_string(o: &Map<String, Value>, key: &str) -> Result<String, Error> {
    string_option(o, key)?.ok_or_else(|| Error::validation(key, "is required"))
}
