//! The fetch [`Transport`] and the JS [`Environment`]. Binds the GLOBAL `fetch`, `setTimeout` and
//! `clearTimeout` (never `window`, which Node and Workers do not have), or the `fetch` passed in the options.

use crate::client::{Environment, Transport};
use crate::core::{Error, HttpRequest, HttpResponse};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Sends requests with `fetch`, each under an `AbortController` time limit.
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

/// The message of a JS error, plus Node's `cause.code` (`ECONNRESET`...). URLs and bodies are left out: a URL
/// may carry a token in its query.
fn describe_js_error(e: &JsValue) -> String {
    let get = |o: &JsValue, k: &str| {
        Reflect::get(o, &JsValue::from_str(k))
            .ok()
            .filter(|v| !v.is_undefined())
    };
    let message = get(e, "message")
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "fetch failed".into());
    let code = get(e, "cause")
        .and_then(|c| get(&c, "code"))
        .and_then(|c| c.as_string());
    match code {
        Some(c) => format!("{message} ({c})"),
        None => message,
    }
}

impl FetchTransport {
    async fn attempt(
        &self,
        request: &HttpRequest,
        controller: &web_sys::AbortController,
    ) -> Result<HttpResponse, JsValue> {
        let init = web_sys::RequestInit::new();
        init.set_method(request.method.as_str());
        let headers = js_sys::Object::new();
        for (k, v) in &request.headers {
            Reflect::set(&headers, &JsValue::from_str(k), &JsValue::from_str(v))?;
        }
        init.set_headers(&headers);
        if let Some(body) = &request.body {
            init.set_body(&JsValue::from_str(body));
        }
        init.set_signal(Some(&controller.signal()));
        let promise: Promise = self
            .fetch
            .call2(&js_sys::global(), &JsValue::from_str(&request.url), &init)?
            .dyn_into()?;
        let resp: web_sys::Response = JsFuture::from(promise).await?.dyn_into()?;
        let mut headers = Vec::new();
        if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
            for entry in iter {
                let pair = js_sys::Array::from(&entry?);
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    headers.push((k, v));
                }
            }
        }
        let buf = JsFuture::from(resp.array_buffer()?).await?;
        Ok(HttpResponse {
            status: resp.status(),
            headers,
            body: Uint8Array::new(&buf).to_vec(),
        })
    }
}

/// The time limit of one exchange: a `setTimeout` that aborts the request's controller. Dropping it clears the
/// timer, then frees the closure, even when the exchange's future is dropped half-way: so the closure neither
/// fires late nor leaks (`Closure::once_into_js` leaked it, ~50 bytes of wasm memory per request, whenever the
/// timer was cleared before firing, which is every request that answers in time: bench/, memory row).
struct AbortTimer {
    id: JsValue,
    _abort: Closure<dyn FnMut()>,
}

impl AbortTimer {
    fn start(controller: &web_sys::AbortController, timeout_ms: u64) -> AbortTimer {
        let c = controller.clone();
        let abort = Closure::<dyn FnMut()>::once(move || c.abort());
        let id = set_timeout(abort.as_ref().unchecked_ref(), timeout_ms as f64);
        AbortTimer { id, _abort: abort }
    }
}

impl Drop for AbortTimer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Error> {
        let controller = web_sys::AbortController::new().map_err(|e| Error::Network {
            message: describe_js_error(&e),
        })?;
        let timer = AbortTimer::start(&controller, timeout_ms);
        // The timer covers the whole exchange, body included; it is always cleared so no runtime is kept alive.
        let result = self.attempt(request, &controller).await;
        drop(timer);
        result.map_err(|e| {
            if controller.signal().aborted() {
                Error::Timeout {
                    after_ms: timeout_ms,
                }
            } else {
                Error::Network {
                    message: describe_js_error(&e),
                }
            }
        })
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
        getrandom::fill(buf).map_err(|_| Error::Network {
            message: "no secure random source (crypto.getRandomValues) in this runtime".into(),
        })
    }
}
