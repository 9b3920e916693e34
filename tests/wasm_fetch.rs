//! The fetch transport in a real JS runtime (Node, via wasm-bindgen-test-runner) against a real HTTP server on
//! 127.0.0.1 started by the test itself: method, headers, body bytes, time-outs (before the answer, inside its
//! body, and with a fetch that ignores the signal), every time limit's timer cleared, refused connections, the
//! injected `fetch` (called with one `Request`), header names and values fetch would refuse typed before
//! sending, error messages without the URL, its query or header values, the random pool, and the retry driver
//! with the JS clock. Also the number text read by the host's `parseFloat` in the wasm build (core/number.rs):
//! the same doubles as Rust's own parser, and the typed inputs that read numbers through it.
#![cfg(target_arch = "wasm32")]

use payrail::client::{send_with_retries, ClientOptions, Environment, RetryPolicy, Transport};
use payrail::core::{Error, HttpRequest, HttpResponse, Method};
use payrail::wasm::fetch::{FetchTransport, JsEnv};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(inline_js = r#"
export async function startServer() {
  const http = await import('node:http');
  const hits = {};
  const closed = {};
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url.split('?')[0];
      hits[path] = (hits[path] || 0) + 1;
      if (path === '/echo') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-test': 'yes' });
        res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers['authorization'] || null,
          ctype: req.headers['content-type'] || null, body: Buffer.concat(chunks).toString('utf8') }));
      } else if (path === '/bytes') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.from([0xff, 0x00, 0x41, 0xc3]));
      } else if (path === '/slow') {
        const t = setTimeout(() => { res.writeHead(200); res.end('late'); }, 3000);
        res.on('close', () => clearTimeout(t));
      } else if (path === '/slow-body') {
        // the status and headers at once, then half a body and nothing more for 3 s
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
        const t = setTimeout(() => res.end('true}'), 3000);
        res.on('close', () => { clearTimeout(t); closed[path] = (closed[path] || 0) + 1; });
      } else if (path === '/headers') {
        res.setHeader('retry-after', '7');
        res.setHeader('x-multi', ['a', 'b']);
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.writeHead(429);
        res.end('slow down');
      } else if (path === '/flaky') {
        if (hits[path] < 3) { res.writeHead(503, { 'retry-after': '0' }); res.end('busy'); }
        else { res.writeHead(200); res.end('ok'); }
      } else { res.writeHead(404); res.end(); }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    hits: (p) => hits[p] || 0,
    closed: (p) => closed[p] || 0,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
// The transport calls fetch with one Request (method, headers, body and signal on it).
export function recordingFetch(log) {
  return async (req) => { log.push(req.url + ' ' + req.method); return new Response('injected', { status: 418 }); };
}
// A fetch that never settles and ignores the abort signal: only the transport's own time limit ends the wait.
export function deafFetch() {
  return () => new Promise(() => {});
}
// Node exits 0 once nothing is pending, and the runner then reports no failure for a test that never ended:
// this timer keeps the process up and fails it loudly unless cleared first.
export function hangGuard(ms) {
  const t = setTimeout(() => { throw new Error(`a test did not finish within ${ms} ms`); }, ms);
  return { clear: () => clearTimeout(t) };
}
// A runtime error quoting the request's Authorization header and URL (a careless wrapper's message).
export function quotingFetch() {
  return async (req) => {
    throw new TypeError(`refused ${req.method} ${req.url} with ${req.headers.get('authorization')}`);
  };
}
// Counts the timers armed for `ms` milliseconds (the transport's time limit) and how many of them were cleared.
export function watchTimers(ms) {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const armed = new Set();
  let cleared = 0;
  globalThis.setTimeout = (f, t, ...a) => { const id = set(f, t, ...a); if (t === ms) armed.add(id); return id; };
  globalThis.clearTimeout = (id) => { if (armed.delete(id)) cleared += 1; return clear(id); };
  return {
    armed: () => armed.size + cleared,
    cleared: () => cleared,
    restore: () => { globalThis.setTimeout = set; globalThis.clearTimeout = clear; },
  };
}
export function notAResponseFetch() {
  return async () => ({ status: 200, headers: new Headers(), arrayBuffer: async () => new ArrayBuffer(0) });
}
// node-fetch's way: the URL inside the message (the query may carry a token).
export function urlInMessageFetch() {
  return async (req) => {
    throw new TypeError(`request to ${req.url} failed, reason: connect ECONNREFUSED`, { cause: { code: 'ECONNREFUSED' } });
  };
}
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = startServer)]
    async fn start_server() -> JsValue;
    #[wasm_bindgen(js_name = recordingFetch)]
    fn recording_fetch(log: &js_sys::Array) -> js_sys::Function;
    #[wasm_bindgen(js_name = notAResponseFetch)]
    fn not_a_response_fetch() -> js_sys::Function;
    #[wasm_bindgen(js_name = urlInMessageFetch)]
    fn url_in_message_fetch() -> js_sys::Function;
    #[wasm_bindgen(js_name = deafFetch)]
    fn deaf_fetch() -> js_sys::Function;
    #[wasm_bindgen(js_name = hangGuard)]
    fn hang_guard(ms: f64) -> HangGuard;
    type HangGuard;
    #[wasm_bindgen(method)]
    fn clear(this: &HangGuard);
    #[wasm_bindgen(js_name = quotingFetch)]
    fn quoting_fetch() -> js_sys::Function;
    #[wasm_bindgen(js_name = watchTimers)]
    fn watch_timers(ms: f64) -> TimerWatch;
    type TimerWatch;
    #[wasm_bindgen(method)]
    fn armed(this: &TimerWatch) -> u32;
    #[wasm_bindgen(method)]
    fn cleared(this: &TimerWatch) -> u32;
    #[wasm_bindgen(method)]
    fn restore(this: &TimerWatch);
    async fn sleep(ms: f64);
}

/// A GET of `url` through a fresh transport over `fetch` (the global one when `None`), under `timeout_ms`.
async fn get_via(
    fetch: Option<js_sys::Function>,
    url: &str,
    timeout_ms: u64,
) -> Result<HttpResponse, Error> {
    FetchTransport::new(fetch)
        .unwrap()
        .send(&HttpRequest::new(Method::Get, url), timeout_ms)
        .await
}

struct Server(JsValue);

impl Server {
    async fn start() -> Server {
        Server(start_server().await)
    }
    fn url(&self, path: &str) -> String {
        let base = js_sys::Reflect::get(&self.0, &"url".into())
            .unwrap()
            .as_string()
            .unwrap();
        format!("{base}{path}")
    }
    /// A GET of `path` through a fresh global-fetch transport, under `timeout_ms`.
    async fn get(&self, path: &str, timeout_ms: u64) -> Result<HttpResponse, Error> {
        get_via(None, &self.url(path), timeout_ms).await
    }
    fn hits(&self, path: &str) -> u32 {
        self.count("hits", path)
    }
    /// How many answers on `path` were closed before or after their end (an aborted body closes its socket).
    fn closed(&self, path: &str) -> u32 {
        self.count("closed", path)
    }
    fn count(&self, what: &str, path: &str) -> u32 {
        let f: js_sys::Function = js_sys::Reflect::get(&self.0, &what.into()).unwrap().into();
        f.call1(&JsValue::NULL, &path.into())
            .unwrap()
            .as_f64()
            .unwrap() as u32
    }
    async fn close(self) {
        let f: js_sys::Function = js_sys::Reflect::get(&self.0, &"close".into())
            .unwrap()
            .into();
        let p: js_sys::Promise = f.call0(&JsValue::NULL).unwrap().into();
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn sends_method_headers_body_and_reads_the_answer() {
    let s = Server::start().await;
    let t = FetchTransport::new(None).unwrap();
    let req = HttpRequest::new(Method::Post, s.url("/echo?lang=fr"))
        .header("Authorization", "Basic dTpw")
        .json_body("{\"amount\":\"100.00\",\"name\":\"Aïssata\"}".into());
    let resp = t.send(&req, 5_000).await.unwrap();
    assert_eq!(resp.status, 201);
    assert_eq!(resp.header("X-Test"), Some("yes"));
    let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["url"], "/echo?lang=fr");
    assert_eq!(v["auth"], "Basic dTpw");
    assert_eq!(v["ctype"], "application/json");
    assert_eq!(v["body"], "{\"amount\":\"100.00\",\"name\":\"Aïssata\"}");
    s.close().await;
}

#[wasm_bindgen_test]
async fn body_bytes_arrive_unchanged() {
    let s = Server::start().await;
    let resp = s.get("/bytes", 5_000).await.unwrap();
    assert_eq!(resp.body, vec![0xff, 0x00, 0x41, 0xc3]);
    s.close().await;
}

#[wasm_bindgen_test]
async fn times_out_with_a_typed_error() {
    let s = Server::start().await;
    let started = js_sys::Date::now();
    let err = s.get("/slow", 200).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert!(
        js_sys::Date::now() - started < 2_500.0,
        "the abort must not wait for the server"
    );
    s.close().await;
}

#[wasm_bindgen_test]
async fn the_time_out_covers_the_body_and_frees_its_socket() {
    let s = Server::start().await;
    let started = js_sys::Date::now();
    let err = s.get("/slow-body", 300).await.unwrap_err();
    assert_eq!(err.code(), "timeout", "{err}");
    assert!(js_sys::Date::now() - started < 2_500.0);
    // The abort reached the body: the server sees the connection close long before its 3 s are up.
    for _ in 0..50 {
        if s.closed("/slow-body") == 1 {
            break;
        }
        sleep(20.0).await;
    }
    assert_eq!(
        s.closed("/slow-body"),
        1,
        "the half-read answer's socket is closed"
    );
    assert!(js_sys::Date::now() - started < 2_500.0);
    s.close().await;
}

#[wasm_bindgen_test]
async fn every_response_header_arrives() {
    let s = Server::start().await;
    let resp = s.get("/headers", 5_000).await.unwrap();
    assert_eq!(resp.status, 429);
    assert_eq!(resp.header("Retry-After"), Some("7"));
    assert_eq!(resp.header("x-multi"), Some("a, b"));
    assert_eq!(
        resp.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    // Node's own come through too, none empty or cut.
    for name in ["date", "connection"] {
        assert!(resp.header(name).is_some_and(|v| !v.is_empty()), "{name}");
    }
    assert_eq!(resp.body, b"slow down");
    s.close().await;
}

#[wasm_bindgen_test]
async fn a_header_holding_nul_is_refused_before_anything_is_sent() {
    let log = js_sys::Array::new();
    let t = FetchTransport::new(Some(recording_fetch(&log))).unwrap();
    // Joined with NUL for the JS side, it would have become a second header `X-Injected: yes`.
    let req = HttpRequest::new(Method::Get, "http://127.0.0.1:1/never")
        .header("Authorization", "Bearer t\0X-Injected\0yes");
    let err = t.send(&req, 1_000).await.unwrap_err();
    assert_eq!(err.code(), "validation_error");
    assert_eq!(err.field(), Some("header Authorization"));
    assert!(!err.is_retryable());
    assert!(
        !err.to_string().contains("Bearer"),
        "the value is not quoted: {err}"
    );
    assert_eq!(log.length(), 0, "fetch was not called");
}

#[wasm_bindgen_test]
async fn header_values_fetch_refuses_are_validation_errors_without_the_value() {
    // CR and LF would inject a header; U+20AC is beyond what a WebIDL ByteString holds (U+00FF).
    for value in [
        "Bearer s3cr3t\r\nX-Injected: yes",
        "Bearer s3cr3t\nX",
        "Bearer s3cr3t\u{20ac}",
    ] {
        let log = js_sys::Array::new();
        let t = FetchTransport::new(Some(recording_fetch(&log))).unwrap();
        let req = HttpRequest::new(Method::Get, "http://127.0.0.1:1/never")
            .header("Authorization", value);
        let err = t.send(&req, 1_000).await.unwrap_err();
        assert_eq!(err.code(), "validation_error", "{value:?}");
        assert_eq!(err.field(), Some("header Authorization"), "{value:?}");
        assert!(!err.is_retryable());
        assert!(!err.to_string().contains("s3cr3t"), "{err}");
        assert_eq!(log.length(), 0, "fetch was not called for {value:?}");
    }
}

#[wasm_bindgen_test]
async fn a_header_name_that_is_not_a_token_is_refused() {
    for name in ["X Bad", "X-Bad:", "", "X-\u{e9}"] {
        let log = js_sys::Array::new();
        let t = FetchTransport::new(Some(recording_fetch(&log))).unwrap();
        let req = HttpRequest::new(Method::Get, "http://127.0.0.1:1/never").header(name, "v");
        let err = t.send(&req, 1_000).await.unwrap_err();
        assert_eq!(err.code(), "validation_error", "{name:?}");
        assert!(
            err.field().is_some_and(|f| f.starts_with("header ")),
            "{name:?}"
        );
        assert_eq!(log.length(), 0, "fetch was not called for {name:?}");
    }
}

#[wasm_bindgen_test]
async fn a_latin1_header_value_is_sent() {
    // U+00E9 fits a ByteString: fetch sends it as the byte 0xE9, so it is no validation error.
    let log = js_sys::Array::new();
    let t = FetchTransport::new(Some(recording_fetch(&log))).unwrap();
    let req = HttpRequest::new(Method::Get, "http://127.0.0.1:1/never").header("X-Name", "Aïssata");
    assert_eq!(t.send(&req, 1_000).await.unwrap().status, 418);
    assert_eq!(log.length(), 1);
}

#[wasm_bindgen_test]
async fn a_fetch_that_ignores_the_signal_still_times_out() {
    let guard = hang_guard(5_000.0);
    let started = js_sys::Date::now();
    let err = get_via(Some(deaf_fetch()), "http://127.0.0.1:1/never", 200)
        .await
        .unwrap_err();
    guard.clear();
    assert_eq!(err.code(), "timeout", "{err}");
    assert!(js_sys::Date::now() - started < 2_500.0);
}

#[wasm_bindgen_test]
async fn a_fetch_error_quoting_header_values_and_the_query_shows_neither() {
    let t = FetchTransport::new(Some(quoting_fetch())).unwrap();
    let req = HttpRequest::new(Method::Post, "http://127.0.0.1:1/pay?token=q5ecret")
        .header("Authorization", "Bearer h3ad3r-s3cr3t")
        .json_body("{}".into());
    let err = t.send(&req, 1_000).await.unwrap_err();
    let message = err.to_string();
    assert_eq!(err.code(), "network_error");
    assert!(message.contains("refused POST"), "{message}");
    assert!(!message.contains("h3ad3r-s3cr3t"), "{message}");
    assert!(!message.contains("q5ecret"), "{message}");
}

#[wasm_bindgen_test]
async fn every_time_limit_timer_is_cleared_answered_or_not() {
    let s = Server::start().await;
    // 4_321 ms: no other timer of this test asks for that delay.
    let timers = watch_timers(4_321.0);
    let ok = s.get("/echo", 4_321).await;
    let refused = get_via(Some(not_a_response_fetch()), &s.url("/echo"), 4_321).await;
    let (armed, cleared) = (timers.armed(), timers.cleared());
    timers.restore();
    assert_eq!(ok.unwrap().status, 201);
    assert_eq!(refused.unwrap_err().code(), "network_error");
    assert_eq!(armed, 2, "one time limit per exchange");
    assert_eq!(cleared, 2, "each cleared once its exchange ended");
    s.close().await;
}

#[wasm_bindgen_test]
async fn an_answer_that_is_not_a_response_is_a_network_error() {
    let err = get_via(
        Some(not_a_response_fetch()),
        "http://127.0.0.1:1/never",
        1_000,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "network_error");
}

#[wasm_bindgen_test]
async fn refused_connection_is_a_network_error() {
    let s = Server::start().await;
    let url = s.url("/echo?token=s3cr3t");
    s.close().await; // nothing listens on that port any more
    let err = get_via(None, &url, 2_000).await.unwrap_err();
    assert_eq!(err.code(), "network_error");
    assert!(err.is_retryable());
    let message = err.to_string();
    assert!(message.contains("ECONNREFUSED"), "{message}");
    assert!(!message.contains("s3cr3t"), "{message}");
}

#[wasm_bindgen_test]
async fn a_url_in_a_fetch_error_message_is_left_out() {
    let err = get_via(
        Some(url_in_message_fetch()),
        "http://127.0.0.1:1/pay?token=s3cr3t",
        1_000,
    )
    .await
    .unwrap_err();
    let message = err.to_string();
    assert_eq!(err.code(), "network_error");
    assert!(!message.contains("s3cr3t"), "{message}");
    assert!(message.contains("ECONNREFUSED"), "{message}");
}

#[wasm_bindgen_test]
fn order_ids_from_the_random_pool_never_repeat() {
    // 200 ids draw 3,200 bytes: the 256-byte pool is refilled a dozen times.
    let ids: std::collections::HashSet<String> =
        (0..200).map(|_| JsEnv.uuid_v4().unwrap()).collect();
    assert_eq!(ids.len(), 200);
    assert!(ids.iter().all(|id| payrail::crypto::is_uuid_v4(id)));
    // More than the pool holds at once is drawn directly.
    let mut big = vec![0u8; 1_000];
    JsEnv.fill_random(&mut big).unwrap();
    assert!(big.iter().filter(|b| **b == 0).count() < 50);
}

#[wasm_bindgen_test]
async fn uses_the_injected_fetch() {
    let log = js_sys::Array::new();
    let t = FetchTransport::new(Some(recording_fetch(&log))).unwrap();
    let resp = t
        .send(
            &HttpRequest::new(Method::Put, "http://127.0.0.1:1/never"),
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(resp.status, 418);
    assert_eq!(resp.body, b"injected");
    assert_eq!(log.length(), 1);
    assert_eq!(
        log.get(0).as_string().unwrap(),
        "http://127.0.0.1:1/never PUT"
    );
}

#[wasm_bindgen_test]
async fn retries_503_with_the_js_clock_then_succeeds() {
    let s = Server::start().await;
    let t = FetchTransport::new(None).unwrap();
    let opts = ClientOptions {
        timeout_ms: 2_000,
        retry: RetryPolicy {
            max_retries: 2,
            base_delay_ms: 10,
            max_delay_ms: 20,
            max_retry_after_ms: 1_000,
        },
    };
    let req = HttpRequest::new(Method::Get, s.url("/flaky"));
    let resp = send_with_retries(&t, &JsEnv, &req, &opts, true)
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(s.hits("/flaky"), 3);
    s.close().await;
}

/// core/number.rs reads number text with the host's `parseFloat` in wasm: the same double as Rust's parser, bit
/// for bit, on texts past 17 digits, at halfway points, subnormals and the edges of the range.
#[wasm_bindgen_test]
fn number_text_reads_as_rusts_float_parser_does() {
    let mut texts: Vec<String> = [
        "0",
        "-0",
        "0.1",
        "100.10",
        "1.5",
        "-2.5e-3",
        "1e21",
        "1e+21",
        "1E-7",
        "9007199254740993",
        "9007199254740992.5000000000000000000001",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e400",
        "-1e-400",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203126",
        "123456789012345678901234567890e-10",
        "0.000000000000000000000000000000000000000001",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..20_000 {
        let len = (next() % 30 + 1) as usize;
        let mut t: String = (0..len)
            .map(|_| char::from(b'0' + (next() % 10) as u8))
            .collect();
        t = t.trim_start_matches('0').to_string();
        if t.is_empty() {
            t.push('0');
        }
        if t.len() > 1 && next() % 2 == 0 {
            let at = (next() as usize) % (t.len() - 1) + 1;
            t.insert(at, '.');
        }
        if next() % 2 == 0 {
            t = format!("{t}e{}", (next() % 700) as i64 - 350);
        }
        if next() % 2 == 0 {
            t.insert(0, '-');
        }
        texts.push(t);
    }
    for t in &texts {
        let ours = payrail::core::number::parse_f64(t).map(f64::to_bits);
        assert_eq!(ours, t.parse::<f64>().ok().map(f64::to_bits), "{t}");
    }
}

/// The typed inputs read numbers through it in wasm: a number written with more digits than its shortest form
/// (`100.10`), a JS number, a whole number, and the non-finite marks.
#[wasm_bindgen_test]
fn typed_inputs_read_numbers_in_wasm() {
    use payrail::core::input::{read_json, AmountInput, IntInput, NumberInput};
    let v: serde_json::Value =
        serde_json::from_str(r#"[100.10, 1.5, 14, {"$number": "NaN"}]"#).unwrap();
    let a: AmountInput = read_json(&v[0], "amount").unwrap();
    assert_eq!(a, AmountInput::Number(100.1));
    // A number with a fraction is refused as an amount (pass "100.10"), in wasm as natively.
    assert_eq!(a.read("amount").unwrap_err().field(), Some("amount"));
    let n: NumberInput = read_json(&v[1], "timeoutMs").unwrap();
    assert_eq!(n, NumberInput(1.5));
    let i: IntInput = read_json(&v[2], "providerId").unwrap();
    assert_eq!(i, IntInput(Some(14)));
    let whole: AmountInput = read_json(&v[2], "amount").unwrap();
    assert_eq!(whole.read("amount").unwrap().to_fixed2(), "14.00");
    let nan: AmountInput = read_json(&v[3], "amount").unwrap();
    assert!(matches!(nan, AmountInput::Number(f) if f.is_nan()));
    let e = read_json::<NumberInput>(&serde_json::json!("5"), "timeoutMs").unwrap_err();
    assert_eq!(e.field(), Some("timeoutMs"));
}

/// The token-store fingerprint in wasm, where sha2 runs its compact compressions (Cargo.toml): the same digits
/// as `sha256sum` of the label and the value (`printf 'payrail token-store key\n%s' … | sha256sum`).
#[wasm_bindgen_test]
fn credential_fingerprint_in_wasm_is_sha256() {
    assert_eq!(
        payrail::client::token::credential_fingerprint("sk_live_secret_api_key"),
        "317c899da81be67d8d42f2a7"
    );
}
