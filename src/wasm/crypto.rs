//! The pure helper exports (cargo feature `crypto`): the Unipesa signature on JSON text, TOTPs, base32 secrets
//! and the AliansPay OTP. The Unipesa signature helpers take JSON text as UTF-8 bytes: its key order is what gets
//! signed.

use super::boundary::to_js_error;
use crate::core::Error;
use crate::crypto::totp::{self, Algorithm};
use crate::crypto::unipesa_signature;
use wasm_bindgen::prelude::*;

fn unix_seconds(t: f64) -> Result<u64, Error> {
    if !(0.0..=1e15).contains(&t) {
        return Err(Error::validation(
            "unixTime",
            "must be a finite, non-negative number of seconds",
        ));
    }
    Ok(t.floor() as u64)
}

// The exports take text as UTF-8 bytes, not strings: JS hands them over with one native `TextEncoder.encode`,
// where wasm-bindgen copies a string into wasm memory one character at a time (~1.4 µs of a ~10 µs signature
// for a 470-character payload, bench/README.md). With no string argument left, the entry's glue has no string
// copier either (~0.3 KB gzipped, bench/README.md).

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
    algorithm: &[u8],
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
    let alg = Algorithm::parse(utf8_arg(algorithm, "algorithm")?).map_err(to_js_error)?;
    totp::totp(key, t, period as u64, digits as u32, alg).map_err(to_js_error)
}

/// Decodes a base32 (RFC 4648) secret as authenticator apps show it.
#[wasm_bindgen(js_name = decodeBase32Secret)]
pub fn decode_base32_secret(text: &[u8]) -> Result<Vec<u8>, JsValue> {
    totp::decode_base32_secret(utf8_arg(text, "secret")?).map_err(to_js_error)
}

/// The AliansPay OTP of an otp-secret-code at a unix time.
#[wasm_bindgen(js_name = aliansPayOtpAt)]
pub fn alianspay_otp_at(otp_secret_code: &[u8], unix_time: f64) -> Result<String, JsValue> {
    let otp_secret_code = utf8_arg(otp_secret_code, "otpSecretCode")?;
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
