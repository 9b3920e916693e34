//! The async driver: composes pure builders and parsers with a [`Transport`] (the I/O) and an [`Environment`]
//! (the clock, timers and randomness), and applies the retry policy. Generic, so it runs natively in tests
//! with scripted transports and in wasm with `fetch`.

pub mod alianspay;
pub mod cinetpay;
pub mod driver;
pub mod momo;
pub mod retry;
pub mod token;
pub mod unipesa;
pub mod viralpay;

use crate::core::{Error, HttpRequest, HttpResponse};
pub use retry::{Decision, RetryPolicy};
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// Sends one request and returns the answer, whatever its status. Network failures and time-outs are errors.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request`, giving up after `timeout_ms` with [`Error::Timeout`].
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Error>;
}

/// A borrowed transport is a transport (a short-lived driver, such as sandbox provisioning, borrows one).
impl<T: Transport> Transport for &T {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Error> {
        (**self).send(request, timeout_ms).await
    }
}

/// Time, timers and randomness: everything the pure core never touches.
#[allow(async_fn_in_trait)]
pub trait Environment {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Waits `ms` milliseconds.
    async fn sleep(&self, ms: u64);
    /// Fills `buf` with cryptographically secure random bytes.
    fn fill_random(&self, buf: &mut [u8]) -> Result<(), Error>;

    /// A random number in `[0, 1)` for jitter.
    fn jitter(&self) -> f64 {
        let mut b = [0u8; 4];
        match self.fill_random(&mut b) {
            Ok(()) => u32::from_le_bytes(b) as f64 / (u32::MAX as f64 + 1.0),
            Err(_) => 0.5,
        }
    }

    /// A fresh UUID v4.
    fn uuid_v4(&self) -> Result<String, Error> {
        let mut b = [0u8; 16];
        self.fill_random(&mut b)?;
        Ok(crate::crypto::uuid_v4_from_bytes(b))
    }
}

/// A borrowed environment is an environment.
impl<E: Environment> Environment for &E {
    fn now_ms(&self) -> u64 {
        (**self).now_ms()
    }
    async fn sleep(&self, ms: u64) {
        (**self).sleep(ms).await
    }
    fn fill_random(&self, buf: &mut [u8]) -> Result<(), Error> {
        (**self).fill_random(buf)
    }
}

/// Options every client shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    /// Per-attempt time limit (default 30 s).
    pub timeout_ms: u64,
    /// Retry policy.
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout_ms: 30_000,
            retry: RetryPolicy::default(),
        }
    }
}

/// Sends `request`, retrying it unchanged under `policy` when `idempotent` (sending it twice executes it at most
/// once). Returns the last answer or error.
pub async fn send_with_retries<T: Transport, E: Environment>(
    transport: &T,
    env: &E,
    request: &HttpRequest,
    options: &ClientOptions,
    idempotent: bool,
) -> Result<HttpResponse, Error> {
    // Borrowed, not cloned per attempt: the same bytes go out every time.
    send_with_retries_of(
        transport,
        env,
        &|_| Ok(Cow::Borrowed(request)),
        options,
        idempotent,
    )
    .await
}

/// One attempt's request, owned (rebuilt) or borrowed (sent again unchanged).
type AttemptRequest<'a> = Result<Cow<'a, HttpRequest>, Error>;

/// The retry loop of every exchange ([`driver::Driver`] and [`send_with_retries`]), compiled once per transport and environment: `build` is a `dyn Fn` and the loop a
/// boxed future, so the 18 call sites share one copy instead of each client future carrying its own inlined
/// loop (the async exports were the largest share of the wasm, bench/README.md).
pub(crate) fn send_with_retries_of<'a, T: Transport, E: Environment>(
    transport: &'a T,
    env: &'a E,
    build: &'a dyn Fn(u32) -> AttemptRequest<'a>,
    options: &'a ClientOptions,
    idempotent: bool,
) -> Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + 'a>> {
    Box::pin(async move {
        let mut attempt = 0;
        loop {
            let request = build(attempt)?;
            let outcome = transport.send(&request, options.timeout_ms).await;
            // The clock and the jitter are read only when a retry is possible: an answer that ends the exchange
            // (the usual case) costs no `Date.now` and no random draw in wasm.
            match options.retry.decide_with(
                attempt,
                idempotent,
                &outcome,
                || env.now_ms(),
                || env.jitter(),
            ) {
                Decision::Stop => return outcome,
                Decision::RetryAfter(ms) => {
                    env.sleep(ms).await;
                    attempt += 1;
                }
            }
        }
    })
}

#[cfg(test)]
pub mod testing;
