//! The fetch [`Transport`] and the JS [`Environment`]. gloo-net builds each request (a `web_sys::Request` carrying
//! method, headers, body and the time-out's `AbortSignal`) and reads the answer; the `fetch` passed in the
//! options, else the GLOBAL `fetch`, sends it (never `window`, which Node and Workers do not have).

use crate::client::{Environment, Transport};
use crate::core::{Error, ErrorKind, HttpRequest, HttpResponse, Method};
use gloo_net::http::{Method as GlooMethod, RequestBuilder, Response};
use js_sys::{Array, ArrayBuffer, Function, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Sends requests with `fetch`, each under an `AbortController` time limit that covers the body too.
#[derive(Clone)]
pub struct FetchTransport {
    fetch: Function,
    /// The caller's `AbortSignal` of one call (a per-call option): it ends the exchange in flight, and no
    /// request is sent once it has fired.
    signal: Option<web_sys::AbortSignal>,
}

impl FetchTransport {
    /// Uses `fetch` when given (a JS function), else the global `fetch`. Either is called with the global object
    /// as `this` and one argument, the `Request`.
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
        Ok(FetchTransport {
            fetch: f,
            signal: None,
        })
    }

    /// This transport for one call under the caller's `signal`.
    pub fn with_signal(&self, signal: web_sys::AbortSignal) -> FetchTransport {
        FetchTransport {
            fetch: self.fetch.clone(),
            signal: Some(signal),
        }
    }
}

/// Whether `c` may stand in a header name: an RFC 9110 §5.6.2 `tchar`.
fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Refuses, before anything is sent, what `Headers` would throw on (gloo-net appends with `unwrap_throw`, so a
/// throw would cross the wasm frames as a JS exception): a name that is not an RFC 9110 token, a value holding
/// CR, LF or NUL (a header injection) or a character beyond U+00FF (a WebIDL ByteString cannot hold it). A
/// validation error naming the header (not a network error, which the retry policy would send again); never
/// the value, which may be a credential or come from the caller (MoMo's `X-Callback-Url`).
fn check_headers(headers: &[(String, String)]) -> Result<(), Error> {
    for (name, value) in headers {
        let shown = || {
            let printable: String = name.chars().filter(|c| is_tchar(*c)).collect();
            format!("header {printable}")
        };
        if name.is_empty() || !name.chars().all(is_tchar) {
            return Err(Error::validation(
                shown(),
                "is not a valid header name (RFC 9110 token characters only)",
            ));
        }
        if value
            .chars()
            .any(|c| matches!(c, '\0' | '\r' | '\n') || u32::from(c) > 0xff)
        {
            return Err(Error::validation(
                shown(),
                "must not hold CR, LF, NUL or a character beyond U+00FF (fetch refuses it)",
            ));
        }
    }
    Ok(())
}

/// The time limit of one exchange: an `AbortController` whose signal goes with the request (so a time-out ends
/// the body too and frees its socket), and a timer that aborts it and rejects `expired`. The waits race against
/// `expired`, so even a `fetch` that ignores the signal cannot outlast the limit. The timer is cleared and its
/// closure freed when the deadline is dropped, answered or not.
struct Deadline {
    controller: AbortController,
    expired: Promise,
    timer: JsValue,
    _on_expiry: Closure<dyn FnMut()>,
    /// The caller's signal and its listener (removed on drop), which ends the exchange as the timer would.
    caller: Option<(web_sys::AbortSignal, Closure<dyn FnMut()>)>,
}

impl Deadline {
    fn arm(timeout_ms: u64, caller: Option<&web_sys::AbortSignal>) -> Result<Deadline, Error> {
        let controller = AbortController::new().map_err(|_| ErrorKind::Network {
            message: "no AbortController in this runtime".into(),
        })?;
        let mut reject_slot = None;
        let expired = Promise::new(&mut |_resolve, reject| reject_slot = Some(reject));
        // The executor runs inside `new Promise`, so the slot is always filled here.
        let reject = reject_slot.ok_or_else(|| ErrorKind::Network {
            message: "Promise did not run its executor".into(),
        })?;
        let end = {
            let abort = controller.clone();
            move || {
                abort.abort();
                let _ = reject.call0(&JsValue::UNDEFINED);
            }
        };
        let caller = match caller {
            Some(signal) => {
                let on_abort = Closure::<dyn FnMut()>::new(end.clone());
                signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
                    .map_err(|_| ErrorKind::Network {
                        message: "cannot listen to the signal".into(),
                    })?;
                Some((signal.clone(), on_abort))
            }
            None => None,
        };
        let on_expiry = Closure::<dyn FnMut()>::new(end);
        let timer = set_timeout(on_expiry.as_ref().unchecked_ref(), timeout_ms as f64);
        Ok(Deadline {
            controller,
            expired,
            timer,
            _on_expiry: on_expiry,
            caller,
        })
    }

    /// Waits for `value` (a promise or a plain value) or the end of the time limit, whichever comes first.
    fn race(&self, value: &JsValue) -> JsFuture {
        JsFuture::from(Promise::race(&Array::of2(value, &self.expired)))
    }

    fn passed(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.caller {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// Why an exchange failed, before it is typed: words of ours, the runtime's words, or what JS threw or rejected
/// with.
enum Failure {
    Ours(&'static str),
    Said(String),
    Thrown(JsValue),
}

/// The runtime's message for a thrown `reason` plus Node's `cause.code` (`ECONNREFUSED`...), `fetch failed` when
/// it has no string message; getters that throw and non-objects leave the default.
fn describe(reason: &JsValue) -> String {
    let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key)).ok();
    let message = get(reason, "message")
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "fetch failed".into());
    match get(reason, "cause").and_then(|c| get(&c, "code")?.as_string()) {
        Some(code) => format!("{message} ({code})"),
        None => message,
    }
}

/// `message` without what may be secret: the URL (as given and as the runtime normalised it) becomes `<url>`,
/// its query `<query>`, and every header value of 4 or more characters `<header value>` (shorter ones carry no
/// credential and would garble the words). Deno and node-fetch put the URL in their messages.
fn scrub(mut message: String, request: &HttpRequest, normalised_url: Option<&str>) -> String {
    let mut replace = |secret: &str, with: &str| {
        if !secret.is_empty() && message.contains(secret) {
            message = message.replace(secret, with);
        }
    };
    for url in [Some(request.url.as_str()), normalised_url]
        .into_iter()
        .flatten()
    {
        replace(url, "<url>");
        if let Some((_, query)) = url.split_once('?') {
            replace(query, "<query>");
        }
    }
    for (_, value) in &request.headers {
        if value.chars().count() >= 4 {
            replace(value, "<header value>");
        }
    }
    message
}

fn gloo_method(method: Method) -> GlooMethod {
    match method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
        Method::Put => GlooMethod::PUT,
        Method::Delete => GlooMethod::DELETE,
    }
}

impl Transport for FetchTransport {
    /// One exchange under the time limit: the request built by gloo-net, sent by the injected or global `fetch`,
    /// status, headers and the whole body read. One async fn (no inner one awaited): one state machine.
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Error> {
        check_headers(&request.headers)?;
        let aborted = || self.signal.as_ref().is_some_and(|s| s.aborted());
        if aborted() {
            return Err(ErrorKind::Aborted { sent: false }.into());
        }
        let deadline = Deadline::arm(timeout_ms, self.signal.as_ref())?;
        let mut normalised_url = None;
        let result: Result<HttpResponse, Failure> = 'exchange: {
            let signal = deadline.controller.signal();
            let mut builder = RequestBuilder::new(&request.url)
                .method(gloo_method(request.method))
                .abort_signal(Some(&signal));
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let built = match &request.body {
                Some(body) => builder.body(JsValue::from_str(body)),
                None => builder.build(),
            };
            let raw: web_sys::Request = match built {
                Ok(req) => req.into(),
                Err(gloo_net::Error::JsError(e)) => break 'exchange Err(Failure::Said(e.message)),
                Err(_) => {
                    break 'exchange Err(Failure::Ours("the runtime could not build the request"))
                }
            };
            normalised_url = Some(raw.url());
            let sent = match self.fetch.call1(&js_sys::global(), &raw) {
                Ok(sent) => sent,
                Err(e) => break 'exchange Err(Failure::Thrown(e)),
            };
            // Only a real Response is read (an injected fetch may answer anything).
            let raw: web_sys::Response = match deadline.race(&sent).await {
                Ok(answer) => match answer.dyn_into() {
                    Ok(raw) => raw,
                    Err(_) => {
                        break 'exchange Err(Failure::Ours("fetch did not answer with a Response"))
                    }
                },
                Err(e) => break 'exchange Err(Failure::Thrown(e)),
            };
            let answer = Response::from(raw);
            let status = answer.status();
            let headers = answer.headers().entries().collect();
            // The body through web-sys, not gloo-net's `binary()`: that one panics (`unreachable!`) when the
            // body fails with something other than an Error object, which an injected fetch's stream may do.
            let body = match web_sys::Response::from(answer).array_buffer() {
                Ok(body) => body,
                Err(e) => break 'exchange Err(Failure::Thrown(e)),
            };
            let body: ArrayBuffer = match deadline.race(&body).await {
                Ok(body) => match body.dyn_into() {
                    Ok(body) => body,
                    Err(_) => break 'exchange Err(Failure::Ours("the body was not read as bytes")),
                },
                Err(e) => break 'exchange Err(Failure::Thrown(e)),
            };
            Ok(HttpResponse {
                status,
                headers,
                body: Uint8Array::new(&body).to_vec(),
            })
        };
        let timed_out = deadline.passed();
        drop(deadline); // the timer cleared, its closure freed
        result.map_err(|failure| {
            if aborted() {
                return ErrorKind::Aborted { sent: true }.into();
            }
            if timed_out {
                return ErrorKind::Timeout {
                    after_ms: timeout_ms,
                }
                .into();
            }
            let message = match failure {
                Failure::Ours(words) => words.to_string(),
                Failure::Said(words) => words,
                Failure::Thrown(reason) => describe(&reason),
            };
            ErrorKind::Network {
                message: scrub(message, request, normalised_url.as_deref()),
            }
            .into()
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

    /// The `setTokenStore` export of a client with tokens: `share` gets the wrapped `store`; the result is
    /// `undefined`, or the error of a store without `get`/`set`, handed back as one value for the JS class to
    /// throw (a multi-value export costs a compiled wrapper at every module compile: bench/README.md, start-up).
    pub fn share_with(
        store: JsValue,
        share: impl FnOnce(std::rc::Rc<dyn crate::client::token::TokenStore>),
    ) -> JsValue {
        match JsTokenStore::new(store) {
            Ok(store) => {
                share(std::rc::Rc::new(store));
                JsValue::UNDEFINED
            }
            Err(e) => super::boundary::to_js_error(e),
        }
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
    getrandom::fill(buf).map_err(|_| {
        ErrorKind::Network {
            message: "no secure random source (crypto.getRandomValues) in this runtime".into(),
        }
        .into()
    })
}
