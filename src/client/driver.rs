//! The one driver every provider's client runs on: it owns what spans providers, so each promise is kept once.
//!
//! - **Authentication is a strategy** the driver applies: nothing to add (Unipesa signs its body in the pure
//!   builder) or a request rebuilt for every attempt (AliansPay's one-time password of the moment), both
//!   [`Auth`] of [`Driver::exchange`]; or a bearer token from the client's [`TokenCache`] (fetched once for
//!   concurrent callers, optionally shared through a [`TokenStore`], and renewed ONCE when the provider refuses
//!   it: a refused token executed nothing), [`Driver::exchange_bearer`]. The bearer path is a method of its own
//!   so that a wasm whose provider has no token (Unipesa, AliansPay) does not carry the token cache's code.
//! - **Retries** of the identical request under the [`RetryPolicy`](super::RetryPolicy), only when the call is
//!   idempotent; the request's idempotency key is made by the caller once, before the first attempt.
//! - **Time-outs** per attempt (the transport's), and **no secret in an error**: the bearer token of the round
//!   and the token request's credentials are scrubbed from every error the exchange returns.

use super::retry::Decision;
use super::token::{TokenCache, TokenStore};
use super::{ClientOptions, Environment, Transport};
use crate::core::ErrorKind;
use crate::core::{Error, HttpRequest, HttpResponse, Secret};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

pub use super::token::CachedToken;

/// How a provider gets a bearer token: a pure request and a pure reading of its answer (MoMo per product,
/// CinetPay's login, ViralPAY's password grant).
pub trait TokenGrant {
    /// The cache key: names the provider, product and credential by ids, never by a secret.
    fn token_key(&self) -> String;
    /// The token request (safe to send twice: asking for a token executes nothing).
    fn build_token_request(&self) -> Result<HttpRequest, Error>;
    /// Reads the token answer received at `now_ms`.
    fn parse_token_response(&self, resp: &HttpResponse, now_ms: u64) -> Result<CachedToken, Error>;
    /// Whether an answer says the token was refused (nothing executed): HTTP 401 unless the provider says
    /// otherwise (CinetPay answers 705/706/707 in the body).
    fn is_token_refused(&self, resp: &HttpResponse) -> bool {
        resp.status == 401
    }
    /// The secrets the token request carries (keys, passwords), scrubbed from the errors of the token call.
    fn secrets(&self) -> Vec<&str>;
}

/// How the driver authenticates the requests of a call without a bearer token ([`Driver::exchange`]; a cached
/// bearer token, renewed once on refusal, is [`Driver::exchange_bearer`] with a [`TokenGrant`]).
#[derive(Clone, Copy)]
pub enum Auth {
    /// Built once and sent unchanged by every attempt: unauthenticated calls and bodies signed by the builder.
    None,
    /// Built anew for every attempt, with that attempt's clock: a one-time value per attempt (AliansPay's OTP).
    PerAttempt,
}

/// What a builder knows about the attempt it builds.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The attempt of the current round, 0-based.
    pub number: u32,
    /// The time of the attempt, in unix seconds.
    pub unix_time_s: u64,
    /// The bearer token of the round ([`Driver::exchange_bearer`] only).
    pub token: Option<&'a Secret<String>>,
}

impl Attempt<'_> {
    /// The bearer token, or an error if the call was not made by [`Driver::exchange_bearer`] (a wiring mistake).
    pub fn bearer(&self) -> Result<&Secret<String>, Error> {
        self.token.ok_or_else(|| {
            ErrorKind::Network {
                message: "payrail internal error: a bearer call was built without a token".into(),
            }
            .into()
        })
    }
}

/// The answer of an exchange and how many retries its last round took (MoMo and CinetPay read a "this already
/// exists" answer to a retry as "the first attempt was accepted").
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The last answer.
    pub response: HttpResponse,
    /// Retries in the last round (0 when the first attempt answered).
    pub retries: u32,
}

/// What a call tells its observer (the `hooks` client option) about each attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// A request is about to be sent.
    Request,
    /// An answer came (whatever its status).
    Response,
    /// The same request will be sent again after a wait.
    Retry,
    /// The attempt failed without an answer (network, time-out, abort).
    Error,
}

/// One event of a call, every secret of the client masked in its texts.
#[derive(Debug, Clone, serde::Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AttemptEvent {
    /// The provider (`"unipesa"`...).
    #[tsify(type = "ProviderName")]
    pub provider: &'static str,
    /// The call (`"collect"`, `"status"`, `"token"`...).
    pub operation: &'static str,
    /// `GET`, `POST`...
    pub method: &'static str,
    /// The URL (a token in its query is masked).
    pub url: String,
    /// The attempt, 0-based.
    pub attempt: u32,
    /// The idempotency key of the call, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// The answer's HTTP status (`response`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status: Option<u16>,
    /// The attempt's duration (`response`, `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub duration_ms: Option<u64>,
    /// The provider's request id, when its answer names one (`x-request-id`, `x-correlation-id`, `request-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub request_id: Option<String>,
    /// The request body (`request`) or the answer's (`response`), secrets masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub body: Option<String>,
    /// The wait before the next attempt (`retry`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub retry_in_ms: Option<u64>,
    /// What went wrong (`error`), secrets masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub error: Option<String>,
}

/// Receives a call's events (the `hooks` client option in JS). It must not fail the call: what it does with
/// an event is its own business.
pub trait Observer {
    /// One event.
    fn event(&self, kind: EventKind, event: &AttemptEvent);
}

/// What a driver knows of the call it serves, for its observer.
#[derive(Clone, Default)]
pub struct CallContext {
    /// The provider.
    pub provider: &'static str,
    /// The call.
    pub operation: &'static str,
    /// The call's idempotency key, once made.
    pub reference: RefCell<Option<String>>,
    /// The client's configured secrets, masked in every event (cached tokens are added when an event is made).
    pub secrets: Vec<String>,
    /// Whether an attempt of this call may have executed and was retried (its answer lost, late or a server
    /// error): then whatever the last attempt says, the call's outcome is unknown.
    pub ambiguous: Cell<bool>,
    /// The request id the provider's last answer named, for the call's error.
    pub request_id: RefCell<Option<String>>,
}

/// The driver: the transport, the environment, the options and the token cache of one client. Cloning it for
/// one call (other options, a signal, hooks) shares the token cache.
#[derive(Clone)]
pub struct Driver<T, E> {
    /// The I/O.
    pub transport: T,
    /// Clock, timers, randomness.
    pub env: E,
    /// Time limit and retries.
    pub options: ClientOptions,
    /// The observer of every attempt, when the caller gave hooks (shared by the per-call clones).
    pub observer: Rc<RefCell<Option<Rc<dyn Observer>>>>,
    /// The call this driver serves (set on a per-call clone).
    pub context: CallContext,
    tokens: Rc<TokenCache>,
    /// The credentials the driver has sent in headers (`Authorization`, `Ocp-Apim-Subscription-Key`): a
    /// gateway's error page may echo them, derived (Basic) or not, so every client scrubs them from its errors.
    sent_credentials: Rc<RefCell<Vec<String>>>,
}

/// The header values of `request` that are credentials, and the credential part of an `Authorization` value.
fn credentials_of(request: &HttpRequest) -> Vec<String> {
    let mut out = Vec::new();
    for (name, value) in &request.headers {
        let name = name.to_ascii_lowercase();
        if name == "authorization" || name == "ocp-apim-subscription-key" {
            out.push(value.clone());
            if let Some((_, credential)) = value.split_once(' ') {
                out.push(credential.trim().to_string());
            }
        }
    }
    out
}

/// The first header of an answer that names the provider's request id.
fn request_id(resp: &HttpResponse) -> Option<String> {
    [
        "x-request-id",
        "x-correlation-id",
        "request-id",
        "x-amzn-requestid",
    ]
    .iter()
    .find_map(|h| resp.header(h).map(str::to_string))
}

/// `text` with each of `secrets` (4 characters or more) replaced by `[redacted]`.
fn mask(mut text: String, secrets: &[String]) -> String {
    for s in secrets.iter().filter(|s| s.chars().count() >= 4) {
        if text.contains(s.as_str()) {
            text = text.replace(s.as_str(), "[redacted]");
        }
    }
    text
}

/// Replaces every occurrence of each of `secrets` in the texts an error carries.
pub fn scrub_error(mut e: Error, secrets: &[&str]) -> Error {
    let clean = |s: &mut String| {
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            if s.contains(secret) {
                *s = s.replace(secret, "[redacted]");
            }
        }
    };
    match &mut *e {
        ErrorKind::Network { message }
        | ErrorKind::Auth { message, .. }
        | ErrorKind::Provider { message, .. } => clean(message),
        ErrorKind::Parse {
            message,
            body_snippet,
            ..
        } => {
            clean(message);
            clean(body_snippet);
        }
        _ => {}
    }
    e
}

impl<T: Transport, E: Environment> Driver<T, E> {
    /// A driver with an empty token cache.
    pub fn new(transport: T, env: E, options: ClientOptions) -> Self {
        Driver {
            transport,
            env,
            options,
            observer: Rc::default(),
            context: CallContext::default(),
            tokens: Rc::new(TokenCache::default()),
            sent_credentials: Rc::default(),
        }
    }

    /// Remembers the credentials `request` carries (a few, the newest kept) for scrubbing.
    fn remember_credentials(&self, request: &HttpRequest) {
        let mut seen = self.sent_credentials.borrow_mut();
        for c in credentials_of(request) {
            if c.chars().count() >= 8 && !seen.contains(&c) {
                if seen.len() >= 16 {
                    seen.remove(0);
                }
                seen.push(c);
            }
        }
    }

    /// Sends the request `build(attempt)` makes, retrying it under the retry policy when `idempotent`, telling
    /// the observer about each attempt. Returns the last answer or error. One loop for every call of every
    /// provider, compiled once (`dyn Fn`, a boxed future).
    pub fn attempts<'a>(
        &'a self,
        build: &'a dyn Fn(u32) -> Result<Cow<'a, HttpRequest>, Error>,
        idempotent: bool,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + 'a>> {
        self.attempts_of(build, idempotent, false)
    }

    /// [`Driver::attempts`]; a token call (`token_call`) is reported as the operation `token`, and its answers
    /// without their body: it holds the new token, which no mask knows yet.
    fn attempts_of<'a>(
        &'a self,
        build: &'a dyn Fn(u32) -> Result<Cow<'a, HttpRequest>, Error>,
        idempotent: bool,
        token_call: bool,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + 'a>> {
        Box::pin(async move {
            let observer = self.observer.borrow().clone();
            let mut attempt = 0;
            loop {
                let request = build(attempt)?;
                self.remember_credentials(&request);
                let event = |attempt| {
                    let mut e = self.event(&request, attempt);
                    if token_call {
                        e.operation = "token";
                    }
                    e
                };
                let started = observer.as_ref().map(|o| {
                    o.event(EventKind::Request, &event(attempt));
                    self.env.now_ms()
                });
                let mut outcome = self.transport.send(&request, self.options.timeout_ms).await;
                if let Ok(resp) = &outcome {
                    if let Some(id) = request_id(resp) {
                        *self.context.request_id.borrow_mut() = Some(id);
                    }
                }
                if attempt > 0 {
                    // An abort before a retry still follows an attempt that may have executed.
                    if let Err(e) = &mut outcome {
                        if let ErrorKind::Aborted { sent } = &mut **e {
                            *sent = true;
                        }
                    }
                }
                if let (Some(o), Some(t0)) = (&observer, started) {
                    let mut e = event(attempt);
                    e.duration_ms = Some(self.env.now_ms().saturating_sub(t0));
                    let secrets = self.secrets_now();
                    match &outcome {
                        Ok(resp) => {
                            e.status = Some(resp.status);
                            e.request_id = request_id(resp);
                            e.body = (!token_call).then(|| {
                                mask(String::from_utf8_lossy(&resp.body).into(), &secrets)
                            });
                            o.event(EventKind::Response, &e);
                        }
                        Err(err) => {
                            e.error = Some(mask(err.to_string(), &secrets));
                            o.event(EventKind::Error, &e);
                        }
                    }
                }
                // The clock and the jitter are read only when a retry is possible: an answer that ends the
                // exchange (the usual case) costs no `Date.now` and no random draw in wasm.
                match self.options.retry.decide_with(
                    attempt,
                    idempotent,
                    &outcome,
                    || self.env.now_ms(),
                    || self.env.jitter(),
                ) {
                    Decision::Stop => return outcome,
                    Decision::RetryAfter(ms) => {
                        let may_have_executed = match &outcome {
                            Ok(resp) => resp.status >= 500 || resp.status == 408,
                            Err(e) => crate::core::Outcome::of(e) == crate::core::Outcome::Unknown,
                        };
                        if may_have_executed && !token_call {
                            self.context.ambiguous.set(true);
                        }
                        if let Some(o) = &observer {
                            let mut e = event(attempt);
                            e.retry_in_ms = Some(ms);
                            o.event(EventKind::Retry, &e);
                        }
                        self.env.sleep(ms).await;
                        attempt += 1;
                    }
                }
            }
        })
    }

    /// Whether an attempt of the call this driver serves may have executed before a retry (see
    /// [`CallContext::ambiguous`]).
    pub fn may_have_executed(&self) -> bool {
        self.context.ambiguous.get()
    }

    /// The request id the provider's last answer named (`x-request-id`, `x-correlation-id`...), if any.
    pub fn last_request_id(&self) -> Option<String> {
        self.context.request_id.borrow().clone()
    }

    /// Names the idempotency key of the call this driver serves, for its events.
    pub fn note_reference(&self, reference: &str) {
        *self.context.reference.borrow_mut() = Some(reference.to_string());
    }

    /// The secrets to mask now: the configured ones and the tokens cached at this moment.
    fn secrets_now(&self) -> Vec<String> {
        let mut s = self.context.secrets.clone();
        s.extend(self.cached_tokens());
        s
    }

    /// An event of `request`'s attempt, its URL and body masked.
    fn event(&self, request: &HttpRequest, attempt: u32) -> AttemptEvent {
        let secrets = self.secrets_now();
        AttemptEvent {
            provider: self.context.provider,
            operation: self.context.operation,
            method: request.method.as_str(),
            url: mask(request.url.clone(), &secrets),
            attempt,
            reference: self.context.reference.borrow().clone(),
            status: None,
            duration_ms: None,
            request_id: None,
            body: request.body.clone().map(|b| mask(b, &secrets)),
            retry_in_ms: None,
            error: None,
        }
    }

    /// Shares the tokens through `store` under keys `payrail:{namespace}:{token key}` (edge isolates reuse one
    /// token). The namespace names the credential by an id or a fingerprint, never by the secret.
    pub fn share_tokens(&self, store: Rc<dyn TokenStore>, namespace: String) {
        self.tokens.use_store(store, namespace);
    }

    /// The bearer tokens cached now (every client scrubs them from its errors).
    pub fn cached_tokens(&self) -> Vec<String> {
        let mut s = self.tokens.values();
        s.extend(self.sent_credentials.borrow().iter().cloned());
        s
    }

    /// The current time in unix seconds.
    pub fn unix_time_s(&self) -> u64 {
        self.env.now_ms() / 1000
    }

    /// The bearer token of `grant`: cached, fetched once for concurrent callers. The cache's own future, not
    /// an async fn around it: one state machine less on every bearer call.
    pub fn token<'a>(
        &'a self,
        grant: &'a dyn TokenGrant,
    ) -> impl Future<Output = Result<Secret<String>, Error>> + 'a {
        self.tokens.get_or_fetch(
            grant.token_key(),
            move || self.env.now_ms(),
            move || async move {
                let req = grant.build_token_request()?;
                let build = |_| Ok(Cow::Borrowed(&req));
                let resp = self
                    .attempts_of(&build, true, true)
                    .await
                    .map_err(|e| scrub_error(e, &grant.secrets()))?;
                grant.parse_token_response(&resp, self.env.now_ms())
            },
        )
    }

    /// One call: builds its request under `auth`, sends it (retried unchanged when `idempotent`), and returns
    /// the last answer whatever its status.
    pub async fn exchange(
        &self,
        auth: Auth,
        build: &dyn Fn(&Attempt) -> Result<HttpRequest, Error>,
        idempotent: bool,
    ) -> Result<Exchange, Error> {
        let retries = Cell::new(0u32);
        match auth {
            Auth::None => {
                let req = build(&Attempt {
                    number: 0,
                    unix_time_s: self.unix_time_s(),
                    token: None,
                })?;
                let send = |n| {
                    retries.set(n);
                    Ok(Cow::Borrowed(&req))
                };
                let response = self.attempts(&send, idempotent).await?;
                Ok(Exchange {
                    response,
                    retries: retries.get(),
                })
            }
            Auth::PerAttempt => {
                let send = |n| {
                    retries.set(n);
                    build(&Attempt {
                        number: n,
                        unix_time_s: self.unix_time_s(),
                        token: None,
                    })
                    .map(Cow::Owned)
                };
                let response = self.attempts(&send, idempotent).await?;
                Ok(Exchange {
                    response,
                    retries: retries.get(),
                })
            }
        }
    }

    /// [`Driver::exchange`] of a call that carries a bearer token of `grant` (cached, see [`Driver::token`]):
    /// a token the provider refuses is renewed once and the call sent once more.
    pub async fn exchange_bearer(
        &self,
        grant: &dyn TokenGrant,
        build: &dyn Fn(&Attempt) -> Result<HttpRequest, Error>,
        idempotent: bool,
    ) -> Result<Exchange, Error> {
        let mut renewed = false;
        loop {
            let token = self.token(grant).await?;
            let req = build(&Attempt {
                number: 0,
                unix_time_s: self.unix_time_s(),
                token: Some(&token),
            })?;
            let retries = Cell::new(0u32);
            let send = |n| {
                retries.set(n);
                Ok(Cow::Borrowed(&req))
            };
            let response = self
                .attempts(&send, idempotent)
                .await
                .map_err(|e| scrub_error(e, &[token.expose().as_str()]))?;
            if !renewed && grant.is_token_refused(&response) {
                // The token expired early or was revoked: a refused token executed nothing.
                self.tokens.invalidate(&grant.token_key(), &token);
                renewed = true;
                continue;
            }
            return Ok(Exchange {
                response,
                retries: retries.get(),
            });
        }
    }
}
