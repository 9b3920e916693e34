//! The fetch [`Transport`] and the JS [`Environment`]. Uses the GLOBAL `fetch` and `setTimeout` (never `window`,
//! which Node and Workers do not have), or the `fetch` passed in the options; the exchange itself is
//! js/transport.js.

use crate::client::{Environment, Transport};
use crate::core::{Error, HttpRequest, HttpResponse};
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
}

// One exchange is one call into js/transport.js and one answer back: building the request, the time-out, the
// response headers and the body stay on the JS side, where each costs no boundary crossing (bench/README.md,
// collect row). build.sh points the glue's import of this snippet at pkg/transport.js.
#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// What `exchange` resolves to: `{ status, headers, body }`.
    type Answer;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Answer) -> u16;
    /// The response headers, names and values joined by NUL.
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Answer) -> String;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Answer) -> Vec<u8>;

    /// Resolves to an [`Answer`]; rejects with `{ timedOut, message }`.
    fn exchange(
        fetch: &Function,
        method: &str,
        url: &str,
        headers: &str,
        body: Option<&str>,
        timeout_ms: f64,
    ) -> Promise;
}

/// Sends requests with `fetch`, each under an `AbortController` time limit (js/transport.js).
#[derive(Clone)]
pub struct FetchTransport {
    fetch: Function,
}

impl FetchTransport {
    /// Uses `fetch` when given (a JS function), else the global `fetch`.
    pub fn new(fetch: Option<Function>) -> Result<FetchTransport, Error> {
        let f = match fetch {
            Some(f) => f,
            None => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
                .ok_or_else(|| {
                    Error::validation(
                        "fetch",
                        "no global fetch in this runtime: pass `fetch` in the options",
                    )
                })?,
        };
        Ok(FetchTransport { fetch: f })
    }
}

/// The request headers as `exchange` takes them: `name\0value\0name\0value`. A NUL inside a name or value would
/// shift the pairs (another header sent), so it is refused here, as fetch itself refuses it: a validation error
/// naming the header (not a network error, which the retry policy would send again), whose value may come from
/// the caller (MoMo's `X-Callback-Url`).
fn join_headers(headers: &[(String, String)]) -> Result<String, Error> {
    let mut out = String::with_capacity(headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (k, v) in headers {
        if k.contains('\0') || v.contains('\0') {
            let name: String = k.chars().filter(|c| *c != '\0').collect();
            return Err(Error::validation(
                format!("header {name}"),
                "must not hold a NUL character (fetch refuses it)",
            ));
        }
        if !out.is_empty() {
            out.push('\0');
        }
        out.push_str(k);
        out.push('\0');
        out.push_str(v);
    }
    Ok(out)
}

/// The response headers from `exchange`'s NUL-joined text, in the order fetch gave them.
fn split_headers(joined: &str) -> Vec<(String, String)> {
    if joined.is_empty() {
        return Vec::new();
    }
    let mut parts = joined.split('\0');
    let mut out = Vec::new();
    while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        out.push((k.to_string(), v.to_string()));
    }
    out
}

/// `exchange`'s rejection `{ timedOut, message }` as an [`Error`].
fn failure(reason: &JsValue, timeout_ms: u64) -> Error {
    let get = |k: &str| Reflect::get(reason, &JsValue::from_str(k)).ok();
    if get("timedOut").and_then(|v| v.as_bool()) == Some(true) {
        return Error::Timeout {
            after_ms: timeout_ms,
        };
    }
    Error::Network {
        message: get("message")
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "fetch failed".into()),
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Error> {
        let headers = join_headers(&request.headers)?;
        let promise = exchange(
            &self.fetch,
            request.method.as_str(),
            &request.url,
            &headers,
            request.body.as_deref(),
            timeout_ms as f64,
        );
        match JsFuture::from(promise).await {
            Ok(answer) => {
                let answer: Answer = answer.unchecked_into();
                Ok(HttpResponse {
                    status: answer.status(),
                    headers: split_headers(&answer.headers()),
                    body: answer.body(),
                })
            }
            Err(reason) => Err(failure(&reason, timeout_ms)),
        }
    }
}

/// A JS object `{ get(key), set(key, value, ttlSeconds) }` (sync or async) as a [`TokenStore`]. A store that
/// throws or rejects is treated as empty: a cache never fails a payment.
pub struct JsTokenStore {
    store: JsValue,
}

impl JsTokenStore {
    /// Wraps `store`, checking that it has `get` and `set` functions.
    pub fn new(store: JsValue) -> Result<JsTokenStore, Error> {
        for m in ["get", "set"] {
            let f = Reflect::get(&store, &JsValue::from_str(m)).unwrap_or(JsValue::UNDEFINED);
            if !f.is_function() {
                return Err(Error::validation(
                    "tokenStore",
                    "must have get(key) and set(key, value, ttlSeconds) functions",
                ));
            }
        }
        Ok(JsTokenStore { store })
    }

    async fn call(&self, method: &str, args: &[JsValue]) -> Option<JsValue> {
        let f: Function = Reflect::get(&self.store, &JsValue::from_str(method))
            .ok()?
            .dyn_into()
            .ok()?;
        let list = js_sys::Array::new();
        for a in args {
            list.push(a);
        }
        let out = f.apply(&self.store, &list).ok()?;
        JsFuture::from(Promise::resolve(&out)).await.ok()
    }
}

impl crate::client::token::TokenStore for JsTokenStore {
    fn get(
        &self,
        key: &str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<String>> + '_>> {
        let key = JsValue::from_str(key);
        Box::pin(async move { self.call("get", &[key]).await.and_then(|v| v.as_string()) })
    }

    fn set(
        &self,
        key: &str,
        value: String,
        ttl_seconds: u64,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>> {
        let args = [
            JsValue::from_str(key),
            JsValue::from_str(&value),
            JsValue::from_f64(ttl_seconds as f64),
        ];
        Box::pin(async move {
            let _ = self.call("set", &args).await;
        })
    }
}

/// The JS clock, `setTimeout` and `crypto.getRandomValues`.
#[derive(Clone, Copy, Default)]
pub struct JsEnv;

impl Environment for JsEnv {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    async fn sleep(&self, ms: u64) {
        let p = Promise::new(&mut |resolve, _reject| {
            set_timeout(&resolve, ms as f64);
        });
        let _ = JsFuture::from(p).await;
    }

    fn fill_random(&self, buf: &mut [u8]) -> Result<(), Error> {
        if buf.len() > POOL_SIZE {
            return secure_random(buf);
        }
        POOL.with_borrow_mut(|pool| {
            if POOL_SIZE - pool.next < buf.len() {
                secure_random(&mut pool.bytes)?;
                pool.next = 0;
            }
            let drawn = &mut pool.bytes[pool.next..pool.next + buf.len()];
            buf.copy_from_slice(drawn);
            drawn.fill(0); // handed out once: nothing of an order id stays behind in the pool
            pool.next += buf.len();
            Ok(())
        })
    }
}

/// Bytes drawn ahead from `crypto.getRandomValues`, used once each, in order. One draw per call cost a boundary
/// crossing, a typed array and Node's `randomFillSync` per order id (7.5% of the round-trip row, bench/README.md);
/// a 256-byte pool makes that one draw per 16 order ids. Only the CSPRNG fills it; a failed refill leaves it empty.
const POOL_SIZE: usize = 256;

struct RandomPool {
    bytes: [u8; POOL_SIZE],
    /// The first unused byte; `POOL_SIZE` when empty.
    next: usize,
}

thread_local! {
    static POOL: RefCell<RandomPool> = const {
        RefCell::new(RandomPool {
            bytes: [0; POOL_SIZE],
            next: POOL_SIZE,
        })
    };
}

fn secure_random(buf: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buf).map_err(|_| Error::Network {
        message: "no secure random source (crypto.getRandomValues) in this runtime".into(),
    })
}
