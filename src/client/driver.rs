//! The one driver every provider's client runs on: it owns what spans providers, so each promise is kept once.
//!
//! - **Authentication is a strategy** ([`Auth`]) the driver applies: nothing to add (Unipesa signs its body in
//!   the pure builder), a request rebuilt for every attempt (AliansPay's one-time password of the moment), or a
//!   bearer token from the client's [`TokenCache`] (fetched once for concurrent callers, optionally shared
//!   through a [`TokenStore`], and renewed ONCE when the provider refuses it: a refused token executed nothing).
//! - **Retries** of the identical request under the [`RetryPolicy`](super::RetryPolicy), only when the call is
//!   idempotent; the request's idempotency key is made by the caller once, before the first attempt.
//! - **Time-outs** per attempt (the transport's), and **no secret in an error**: the bearer token of the round
//!   and the token request's credentials are scrubbed from every error the exchange returns.

use super::token::{TokenCache, TokenStore};
use super::{send_with_retries_of, ClientOptions, Environment, Transport};
use crate::core::{Error, HttpRequest, HttpResponse, Secret};
use std::borrow::Cow;
use std::cell::Cell;
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

/// How the driver authenticates the requests of one call.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    /// Built once and sent unchanged by every attempt: unauthenticated calls and bodies signed by the builder.
    None,
    /// Built anew for every attempt, with that attempt's clock: a one-time value per attempt (AliansPay's OTP).
    PerAttempt,
    /// A cached bearer token (see [`TokenGrant`]), renewed once on refusal.
    Bearer(&'a dyn TokenGrant),
}

/// What a builder knows about the attempt it builds.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The attempt of the current round, 0-based.
    pub number: u32,
    /// The time of the attempt, in unix seconds.
    pub unix_time_s: u64,
    /// The bearer token of the round ([`Auth::Bearer`] only).
    pub token: Option<&'a Secret<String>>,
}

impl Attempt<'_> {
    /// The bearer token, or an error if the call was not made with [`Auth::Bearer`] (a wiring mistake).
    pub fn bearer(&self) -> Result<&Secret<String>, Error> {
        self.token.ok_or_else(|| Error::Network {
            message: "payrail internal error: a bearer call was built without a token".into(),
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

/// The driver: the transport, the environment, the options and the token cache of one client.
pub struct Driver<T, E> {
    /// The I/O.
    pub transport: T,
    /// Clock, timers, randomness.
    pub env: E,
    /// Time limit and retries.
    pub options: ClientOptions,
    tokens: TokenCache,
}

/// Replaces every occurrence of each of `secrets` in the texts an error carries.
pub fn scrub_error(e: Error, secrets: &[&str]) -> Error {
    let clean = |mut s: String| {
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            if s.contains(secret) {
                s = s.replace(secret, "[redacted]");
            }
        }
        s
    };
    match e {
        Error::Network { message } => Error::Network {
            message: clean(message),
        },
        Error::Auth {
            provider,
            message,
            detail,
        } => Error::Auth {
            provider,
            message: clean(message),
            detail,
        },
        Error::Provider {
            provider,
            message,
            reason,
            detail,
            retryable,
        } => Error::Provider {
            provider,
            message: clean(message),
            reason,
            detail,
            retryable,
        },
        Error::Parse {
            provider,
            message,
            path,
            body_snippet,
        } => Error::Parse {
            provider,
            message: clean(message),
            path,
            body_snippet: clean(body_snippet),
        },
        other => other,
    }
}

impl<T: Transport, E: Environment> Driver<T, E> {
    /// A driver with an empty token cache.
    pub fn new(transport: T, env: E, options: ClientOptions) -> Self {
        Driver {
            transport,
            env,
            options,
            tokens: TokenCache::default(),
        }
    }

    /// Shares the tokens through `store` under keys `payrail:{namespace}:{token key}` (edge isolates reuse one
    /// token). The namespace names the credential by an id or a fingerprint, never by the secret.
    pub fn share_tokens(&self, store: Rc<dyn TokenStore>, namespace: String) {
        self.tokens.use_store(store, namespace);
    }

    /// The bearer tokens cached now (every client scrubs them from its errors).
    pub fn cached_tokens(&self) -> Vec<String> {
        self.tokens.values()
    }

    /// The current time in unix seconds.
    pub fn unix_time_s(&self) -> u64 {
        self.env.now_ms() / 1000
    }

    /// The bearer token of `grant`: cached, fetched once for concurrent callers.
    pub async fn token(&self, grant: &dyn TokenGrant) -> Result<Secret<String>, Error> {
        self.tokens
            .get_or_fetch(
                &grant.token_key(),
                || self.env.now_ms(),
                || async {
                    let req = grant.build_token_request()?;
                    let build = |_| Ok(Cow::Borrowed(&req));
                    let resp = send_with_retries_of(
                        &self.transport,
                        &self.env,
                        &build,
                        &self.options,
                        true,
                    )
                    .await
                    .map_err(|e| scrub_error(e, &grant.secrets()))?;
                    grant.parse_token_response(&resp, self.env.now_ms())
                },
            )
            .await
    }

    /// One call: builds its request under `auth`, sends it (retried unchanged when `idempotent`), and returns
    /// the last answer whatever its status; a bearer token the provider refuses is renewed once and the call
    /// sent once more.
    pub async fn exchange(
        &self,
        auth: Auth<'_>,
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
                let response = send_with_retries_of(
                    &self.transport,
                    &self.env,
                    &send,
                    &self.options,
                    idempotent,
                )
                .await?;
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
                let response = send_with_retries_of(
                    &self.transport,
                    &self.env,
                    &send,
                    &self.options,
                    idempotent,
                )
                .await?;
                Ok(Exchange {
                    response,
                    retries: retries.get(),
                })
            }
            Auth::Bearer(grant) => self.exchange_bearer(grant, build, idempotent).await,
        }
    }

    async fn exchange_bearer(
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
            let response =
                send_with_retries_of(&self.transport, &self.env, &send, &self.options, idempotent)
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
