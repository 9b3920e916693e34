//! The typed boundary with JS: inputs are read from JS values into Rust structs (serde, camelCase, unknown
//! fields refused with the field named) by serde-wasm-bindgen; results cross back as plain JS objects; errors
//! cross as real `PayrailError` objects of their category's class (js/errors.js), never as text to re-parse.

use crate::client::{ClientOptions, RetryPolicy};
use crate::core::{Error, ErrorKind, MoneyError, Provider};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;

// The error classes live in one JS module shared by every entry (js/errors.js); build.sh points the glue's
// import of this snippet at pkg/errors.js, so an error made here is `instanceof` the classes users import.
#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = errorFromInfo)]
    fn error_from_info(info: JsValue) -> JsValue;
}

/// What a `PayrailError` carries, as the Rust [`Error`] describes it. Its TypeScript declaration is generated
/// from this struct (`PayrailErrorInfo`), so the properties of the JS errors cannot drift from the Rust ones.
#[derive(Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PayrailErrorInfo {
    /// The stable code (`"validation_error"`, `"rate_limited"`...).
    #[tsify(type = "PayrailErrorCode")]
    pub code: &'static str,
    /// What kind of problem it is.
    #[tsify(type = "PayrailErrorCategory")]
    pub category: &'static str,
    /// What happened, in words; never a secret.
    pub message: String,
    /// Whether the same call may succeed if repeated.
    pub retryable: bool,
    /// The provider concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "ProviderName")]
    pub provider: Option<&'static str>,
    /// The HTTP status of the provider's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub http_status: Option<u16>,
    /// The provider's own error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_code: Option<String>,
    /// For validation errors: the input concerned (`"amount"`, `"extra.customer_name"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub field: Option<String>,
    /// For provider errors: the normalised reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Reason")]
    pub reason: Option<String>,
    /// For rate limits: the wait the provider asked for, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub retry_after_ms: Option<u64>,
    /// For time-outs: the limit that was reached, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub timeout_ms: Option<u64>,
    /// For calls that move money: the idempotency key the call was (or would have been) sent under; what
    /// `status()` takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// For calls that move money: `not_sent` (refused before sending), `rejected` (a definite refusal: nothing
    /// moved) or `unknown` (it may have executed: read `status(reference)` before trying a new reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "'not_sent' | 'rejected' | 'unknown'")]
    pub outcome: Option<&'static str>,
    /// For calls that move money: the provider's id of its last answer, when it named one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub request_id: Option<String>,
    /// For network errors: what the runtime said, as the error's `cause`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "{ message: string }")]
    pub cause: Option<Cause>,
}

/// The underlying error of a network failure, as the runtime described it.
#[derive(Serialize)]
pub struct Cause {
    /// The runtime's words (no URL, no header value: src/wasm/fetch.rs).
    pub message: String,
}

impl PayrailErrorInfo {
    /// The description of `e`.
    pub fn of(e: &Error) -> PayrailErrorInfo {
        let detail = e.detail();
        PayrailErrorInfo {
            code: e.code(),
            category: e.category().as_str(),
            message: e.to_string(),
            retryable: e.is_retryable(),
            provider: e.provider().map(Provider::as_str),
            http_status: detail.and_then(|d| d.http_status),
            provider_code: detail.and_then(|d| d.provider_code.clone()),
            field: e.field().map(str::to_string),
            reason: e.reason().map(str::to_string),
            retry_after_ms: e.retry_after_ms(),
            timeout_ms: match e.kind() {
                ErrorKind::Timeout { after_ms } => Some(*after_ms),
                _ => None,
            },
            reference: None,
            outcome: None,
            request_id: None,
            cause: match e.kind() {
                ErrorKind::Network { message } => Some(Cause {
                    message: message.clone(),
                }),
                _ => None,
            },
        }
    }

    /// The description of a money call's error: its reference, its outcome, and a message that never presents
    /// an unknown outcome as a definite failure.
    pub fn of_money(e: &MoneyError) -> PayrailErrorInfo {
        let mut info = PayrailErrorInfo::of(&e.error);
        info.message = e.to_string();
        info.reference = e.reference.clone();
        info.outcome = Some(e.outcome.as_str());
        info.request_id = e.request_id.clone();
        info
    }
}

/// What a call can fail with, as a JS error: any [`Error`], or a money call's [`MoneyError`].
pub trait IntoJsError {
    /// The description of the error.
    fn info(&self) -> PayrailErrorInfo;
}

impl IntoJsError for Error {
    fn info(&self) -> PayrailErrorInfo {
        PayrailErrorInfo::of(self)
    }
}

impl IntoJsError for MoneyError {
    fn info(&self) -> PayrailErrorInfo {
        PayrailErrorInfo::of_money(self)
    }
}

/// `e` as a real JS `PayrailError` of its category's class.
pub fn to_js_error<E: IntoJsError>(e: E) -> JsValue {
    let info = e.info();
    match info.serialize(&serde_wasm_bindgen::Serializer::new()) {
        Ok(v) => error_from_info(v),
        // Serialising strings and numbers cannot fail; should it, the message still reaches JS as an Error.
        Err(_) => js_sys::Error::new(&info.message).into(),
    }
}

/// A result as a JS value: structs and maps become plain objects.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    // `null` stays `null` (a provider's `{"a": null}`, a call that answers nothing), not `undefined`.
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| to_js_error(Error::parse(Provider::Unipesa, e.to_string(), "", b"")))
}

/// Reads `value` (the JS argument `what`) into `T` (see [`crate::core::input::read_json`]).
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    crate::core::input::read_json(&from_js_tree(value, what)?, what)
}

/// Reads a client's options (the JS object `value`, the argument `what`) into `T`: [`from_js`]'s result, read
/// straight by serde-wasm-bindgen when the options are good, without the JSON tree.
///
/// A client's first call is its constructor, and what that call runs is compiled during the package's start-up
/// (V8 compiles each wasm function on its first call): the tree (`input_value`: a JSON `Map` per object, with its
/// hashing) and the path-keeping reader over it are ~10 KB of wasm that good options do not need (bench/README.md,
/// start-up). Here `T` reads each entry of the object through serde-wasm-bindgen ([`EveryKey`]), so a
/// `deny_unknown_fields` type still refuses an unknown option. Any refusal is then made again by [`from_js`]
/// ([`outlined_refusal`]), whose words and field path are the ones reported: an error is the same error whichever
/// reader met it first, and only options that [`from_js`] reads alike are taken from the first reader
/// (tests/wasm_options.rs reads the same options both ways: what [`read_every_key`] reads, [`from_js`] reads the
/// same, and what it refuses is refused by [`from_js`] too or read alike).
pub fn from_js_options<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    match read_every_key(&value) {
        Some(read) => Ok(read),
        None => outlined_refusal(value, what),
    }
}

/// The first reader of [`from_js_options`] alone: `T` read by serde-wasm-bindgen from every entry of the object
/// `value`, or `None` where that refuses it. Its own error is not kept: serde-wasm-bindgen's words may quote the
/// value (`JsValue(...)`) and name no field.
pub fn read_every_key<T: DeserializeOwned>(value: &JsValue) -> Option<T> {
    T::deserialize(EveryKey(value.clone())).ok()
}

/// [`from_js`] for refused options. Kept out of its caller (`outlined_` functions are never inlined:
/// scripts/build-wasm.sh), so the constructor's wasm function, compiled at its first call, does not carry the
/// tree reader of its error path.
#[inline(never)]
fn outlined_refusal<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    from_js(value, what)
}

/// A JS object as serde-wasm-bindgen reads a plain object as a map: its `Object.entries`, each key and value read
/// by serde-wasm-bindgen's deserializer. serde-wasm-bindgen reads a struct by getting each declared field
/// (serde_wasm_bindgen::de `ObjectAccess`), so a key the type does not declare would never be seen, nor refused;
/// read as the map of its entries, every key reaches the type's own field visitor.
struct EveryKey(JsValue);

impl<'de> serde::Deserializer<'de> for EveryKey {
    type Error = serde_wasm_bindgen::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        if !self.0.is_object() {
            return Err(serde::de::Error::custom("not an object"));
        }
        let entries = js_sys::Object::entries(self.0.unchecked_ref());
        let pairs = entries.iter().map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            let (key, value) = (pair.get(0), pair.get(1));
            (
                serde_wasm_bindgen::Deserializer::from(key),
                serde_wasm_bindgen::Deserializer::from(value),
            )
        });
        visitor.visit_map(serde::de::value::MapDeserializer::new(pairs))
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde_wasm_bindgen::Deserializer::from(self.0).deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// Reads `value` (the JS argument `what`) as a JSON value ([`crate::core::input::input_value`]): what a call
/// that reads its argument as JSON takes (MoMo's creating requests) without reading the tree a second time
/// through `read_json::<Value>` (a second reader of every JSON value compiled, ~7 KB of wasm).
pub fn from_js_tree(value: JsValue, what: &str) -> Result<serde_json::Value, Error> {
    if value.is_undefined() || value.is_null() {
        return Err(Error::validation(what, "is required"));
    }
    crate::core::input::input_value(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| {
        // serde-wasm-bindgen's errors are JS errors: their text starts with "Error: ".
        let text = e.to_string();
        Error::validation(
            what,
            crate::core::input::strip_all(&text, "Error: ").to_string(),
        )
    })
}

/// `timeoutMs` (1 to 600000) and `maxRetries` (0 to 10), as every client takes them.
pub fn client_options(
    timeout_ms: Option<f64>,
    max_retries: Option<f64>,
) -> Result<ClientOptions, Error> {
    let mut opts = ClientOptions::default();
    if let Some(ms) = timeout_ms {
        if !(ms.is_finite() && (1.0..=600_000.0).contains(&ms)) {
            return Err(Error::validation(
                "timeoutMs",
                "must be a number of milliseconds between 1 and 600000",
            ));
        }
        opts.timeout_ms = ms as u64;
    }
    if let Some(n) = max_retries {
        if !(n.fract() == 0.0 && (0.0..=10.0).contains(&n)) {
            return Err(Error::validation(
                "maxRetries",
                "must be a whole number from 0 to 10",
            ));
        }
        opts.retry = RetryPolicy {
            max_retries: n as u32,
            ..opts.retry
        };
    }
    Ok(opts)
}

/// A promise of a call's typed result (a plain object) or its `PayrailError`.
pub fn promise<F, T, E>(fut: F) -> js_sys::Promise
where
    F: Future<Output = Result<T, E>> + 'static,
    T: Serialize + 'static,
    E: IntoJsError + 'static,
{
    // Boxed as one future type: `future_to_promise` and its task are compiled once, not once per call's
    // future (~1.8-3.8 KB of wasm each, a dozen per provider).
    let call: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(Settle {
        call: Box::pin(fut),
    });
    wasm_bindgen_futures::future_to_promise(call)
}

/// A call's future whose result is settled as a JS value when it is ready.
struct Settle<T, E> {
    call: Pin<Box<dyn Future<Output = Result<T, E>>>>,
}

impl<T: Serialize, E: IntoJsError> Future for Settle<T, E> {
    type Output = Result<JsValue, JsValue>;
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        self.call.as_mut().poll(cx).map(settle)
    }
}

/// A call's result as the promise settles with it. Out of line: the calls of one result type (every
/// `Promise<Transaction>`) share one copy instead of one inlined into each call's future.
#[inline(never)]
fn settle<T: Serialize, E: IntoJsError>(result: Result<T, E>) -> Result<JsValue, JsValue> {
    match result {
        Ok(v) => to_js(&v),
        Err(e) => Err(to_js_error(e)),
    }
}

#[wasm_bindgen(typescript_custom_section)]
const ERROR_VOCABULARY_TS: &str = crate::core::error::TS_DECLARATIONS;

#[wasm_bindgen(typescript_custom_section)]
const INPUT_TS: &str = crate::core::input::TS_DECLARATIONS;
