//! The wasm-bindgen exports: pure helpers and one class per provider, over the fetch transport.
//! Objects cross the boundary as JSON text (the JS layer stringifies and parses): key order survives, which
//! the Unipesa signature needs, and errors become plain objects that the JS layer turns into `PayrailError`s.

mod alianspay;
#[cfg(feature = "bench")]
mod bench;
mod cinetpay;
pub mod fetch;
mod momo;
mod viralpay;

use crate::client::unipesa::UnipesaClient;
use crate::client::{ClientOptions, RetryPolicy};
use crate::core::{Error, Secret};
use crate::crypto::totp::{self, Algorithm};
use crate::crypto::unipesa_signature;
use crate::providers::unipesa::{self, input, UnipesaConfig};
use fetch::{FetchTransport, JsEnv};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// An [`Error`] as the JS layer reads it: JSON text of `{ code, category, message, provider?, httpStatus?,
/// providerCode?, retryable, field?, reason?, retryAfterMs? }`, thrown as a JS string.
pub(crate) fn to_js_error(e: Error) -> JsValue {
    let mut m = Map::new();
    m.insert("code".into(), json!(e.code()));
    m.insert("category".into(), json!(e.category().as_str()));
    m.insert("message".into(), json!(e.to_string()));
    m.insert("retryable".into(), json!(e.is_retryable()));
    if let Some(p) = e.provider() {
        m.insert("provider".into(), json!(p.as_str()));
    }
    if let Some(d) = e.detail() {
        if let Some(s) = d.http_status {
            m.insert("httpStatus".into(), json!(s));
        }
        if let Some(c) = &d.provider_code {
            m.insert("providerCode".into(), json!(c));
        }
    }
    if let Some(f) = e.field() {
        m.insert("field".into(), json!(f));
    }
    if let Some(r) = e.reason() {
        m.insert("reason".into(), json!(r));
    }
    if let Some(ms) = e.retry_after_ms() {
        m.insert("retryAfterMs".into(), json!(ms));
    }
    if let Error::Timeout { after_ms } = &e {
        m.insert("timeoutMs".into(), json!(after_ms));
    }
    JsValue::from_str(&Value::Object(m).to_string())
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String, JsValue> {
    serde_json::to_string(v).map_err(|e| {
        to_js_error(Error::Parse {
            provider: None,
            message: e.to_string(),
            path: String::new(),
            body_snippet: String::new(),
        })
    })
}

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

pub(crate) fn promise<F, T>(fut: F) -> js_sys::Promise
where
    F: std::future::Future<Output = Result<T, Error>> + 'static,
    T: Serialize,
{
    wasm_bindgen_futures::future_to_promise(async move {
        match fut.await {
            Ok(v) => to_json(&v).map(|s| JsValue::from_str(&s)),
            Err(e) => Err(to_js_error(e)),
        }
    })
}

/// The Unipesa client behind the JS `Unipesa` class.
#[wasm_bindgen]
pub struct UnipesaCore {
    client: Rc<UnipesaClient<FetchTransport, JsEnv>>,
}

#[wasm_bindgen]
impl UnipesaCore {
    /// `options_json`: `{ publicId, merchantId, secretKey, baseUrl?, timeoutMs?, maxRetries?, validate? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options_json: &str,
        fetch: Option<js_sys::Function>,
    ) -> Result<UnipesaCore, JsValue> {
        let build = || -> Result<UnipesaCore, Error> {
            let allowed = [
                "publicId",
                "merchantId",
                "secretKey",
                "baseUrl",
                "timeoutMs",
                "maxRetries",
                "validate",
            ];
            let o = &options_object(options_json, "Unipesa", &allowed, "fetch")?;
            let config = UnipesaConfig {
                base_url: string_option(o, "baseUrl")?
                    .unwrap_or_else(|| unipesa::DEFAULT_BASE_URL.into()),
                public_id: required_string(o, "publicId")?,
                merchant_id: required_string(o, "merchantId")?,
                secret_key: Secret::new(required_string(o, "secretKey")?),
                validate: match o.get("validate") {
                    None | Some(Value::Null) => true,
                    Some(Value::Bool(b)) => *b,
                    Some(_) => return Err(Error::validation("validate", "must be true or false")),
                },
            };
            let client = UnipesaClient::new(
                config,
                client_options(o)?,
                FetchTransport::new(fetch)?,
                JsEnv,
            )?;
            Ok(UnipesaCore {
                client: Rc::new(client),
            })
        };
        build().map_err(to_js_error)
    }

    /// `payment_c2b`; resolves to the Transaction as JSON text.
    pub fn collect(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let req = input::payment_from_value(&parse_input(&request_json, "request")?, &[])?;
            c.collect(req).await
        })
    }

    /// `payment_b2c`; resolves to the Transaction as JSON text.
    pub fn payout(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let req = input::payment_from_value(&parse_input(&request_json, "request")?, &[])?;
            c.payout(req).await
        })
    }

    /// The confirming second `payment_b2c`: the payout's fields plus `confirmation`.
    #[wasm_bindgen(js_name = confirmPayout)]
    pub fn confirm_payout(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let v = parse_input(&request_json, "request")?;
            let req = input::payment_from_value(&v, &["confirmation"])?;
            let confirmation = input::confirmation_from_value(&v)?;
            c.confirm_payout(req, confirmation).await
        })
    }

    /// `status` of a reference (JSON text of a string or an object).
    pub fn status(&self, reference_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let req = input::status_from_value(&parse_input(&reference_json, "reference")?)?;
            c.status(req).await
        })
    }

    /// Verifies and reads a callback body (the raw text); returns the Callback as JSON text.
    #[wasm_bindgen(js_name = parseCallback)]
    pub fn parse_callback(&self, raw_body: &str) -> Result<String, JsValue> {
        let cb = self.client.parse_callback(raw_body).map_err(to_js_error)?;
        to_json(&cb)
    }
}
