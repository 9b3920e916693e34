//! The async driver: composes pure builders and parsers with a [`Transport`] (the I/O) and an [`Environment`]
//! (the clock, timers and randomness), and applies the retry policy. Generic, so it runs natively in tests
//! with scripted transports and in wasm with `fetch`.

// One cargo feature per provider (Cargo.toml); the driver, retries and tokens are shared.
#[cfg(feature = "alianspay")]
pub mod alianspay;
#[cfg(feature = "cinetpay")]
pub mod cinetpay;
pub mod driver;
#[cfg(feature = "momo")]
pub mod momo;
pub mod retry;
pub mod token;
#[cfg(feature = "unipesa")]
pub mod unipesa;
#[cfg(feature = "viralpay")]
pub mod viralpay;

use crate::core::ErrorKind;
use crate::core::{Callback, Error, HttpRequest, HttpResponse, MoneyError, Outcome, Transaction};
use crate::providers::{CallbackHint, Operation, PaymentApi};
pub use retry::{Decision, RetryPolicy};
use std::borrow::Cow;

/// Sends one request and returns the answer, whatever its status. Network failures and time-outs are errors.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request`, giving up after `timeout_ms` with [`ErrorKind::Timeout`].
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

/// The unified operations of a provider's client, over the [`driver::Driver`]: the async side of
/// [`PaymentApi`]. Each provider's client implements what it has; the defaults answer the typed `unsupported`
/// error that [`PaymentApi::CAPABILITIES`] decides, before anything is read or sent. Provider-specific calls
/// (MoMo's products, CinetPay's contacts, ViralPAY's bank transfers, Unipesa's confirmations) are the clients'
/// own methods.
#[allow(async_fn_in_trait)]
pub trait PaymentClient {
    /// The provider's pure side (its configuration type).
    type Api: PaymentApi;
    /// What `collect` and `payout` take.
    type PaymentRequest;
    /// What `status` takes.
    type StatusQuery;
    /// What `balance` takes (`()` where it takes nothing).
    type BalanceQuery;
    /// What `balance` answers per account: a [`Balance`](crate::core::Balance), or one tagged with its account (MoMo's product).
    type BalanceEntry: serde::Serialize;
    /// What `confirm_callback` answers: the confirmed callback, or the status read itself.
    type Confirmed;

    /// The provider's configuration.
    fn api(&self) -> &Self::Api;

    /// Sets the idempotency key of `request` when the caller gave none (made ONCE here, then sent by every
    /// attempt) and returns it: what `status()` takes and what every error of the call carries.
    fn assign_reference(&self, request: &mut Self::PaymentRequest) -> Result<String, Error>;

    /// The status query that settles an unknown outcome of `op` under `reference` by reading it once; `None`
    /// where the client settles it itself (MoMo's 409 and unknown reads, CinetPay's transfer reads).
    fn settle_query(&self, op: Operation, reference: &str) -> Option<Self::StatusQuery> {
        let _ = (op, reference);
        None
    }

    /// Every secret the client holds (configured keys, passwords, the cached tokens): scrubbed from every error.
    fn secrets(&self) -> Vec<String>;

    /// Names the call's idempotency key for the hooks' events (the client's driver keeps it).
    fn note_reference(&self, reference: &str);

    /// Whether an earlier attempt of this call may have executed (see `CallContext::ambiguous`): then a
    /// definite-looking last answer (a 429 to the retry) does not make the outcome definite. Meaningful on a
    /// client serving one call (the wasm classes make one per money call).
    fn may_have_executed(&self) -> bool;

    /// The request id the provider's last answer to this call named, if any.
    fn last_request_id(&self) -> Option<String>;

    /// `collect` or `payout` with the money-safety rules: the idempotency key made once before anything is
    /// sent; an error carries it and its [`Outcome`](crate::core::Outcome); an unknown outcome is settled by
    /// one status read where the provider allows it (the operation exists: its transaction is the answer); no
    /// secret in the error.
    async fn move_money(
        &self,
        op: Operation,
        mut request: Self::PaymentRequest,
    ) -> Result<Transaction, MoneyError> {
        let reference = self
            .assign_reference(&mut request)
            .map_err(|e| MoneyError::new(e, None))?;
        self.note_reference(&reference);
        let result = self.collect_or_payout(op, request).await;
        self.guard_money(op, reference, result).await
    }

    /// `collect` (`op` [`Operation::Collect`]) or `payout` (any other `op`), as one future: a client whose two
    /// calls share their body overrides it with that body, so a money call's future holds one copy of it
    /// rather than one per operation.
    async fn collect_or_payout(
        &self,
        op: Operation,
        request: Self::PaymentRequest,
    ) -> Result<Transaction, Error> {
        match op {
            Operation::Collect => self.collect(request).await,
            _ => self.payout(request).await,
        }
    }

    /// The money-safety rules around a provider-specific money call of kind `op` already keyed by `reference`
    /// (ViralPAY's bank transfers, MoMo's products...): an unknown outcome settled by one status read where the
    /// provider allows it, an error carrying the reference and its outcome, no secret.
    async fn guard_money(
        &self,
        op: Operation,
        reference: String,
        result: Result<Transaction, Error>,
    ) -> Result<Transaction, MoneyError> {
        let error = match result {
            Ok(t) => return Ok(t),
            Err(e) => e,
        };
        if Outcome::of(&error) == Outcome::Unknown || self.may_have_executed() {
            if let Some(query) = self.settle_query(op, &reference) {
                if let Ok(t) = self.status(query).await {
                    return Ok(t);
                }
            }
        }
        Err(self.money_error(error, Some(reference)))
    }

    /// The error of a call that moves money under `reference`: its outcome classified, every secret the client
    /// holds scrubbed from its texts. Provider-specific money calls (Unipesa's confirming payout, MoMo's
    /// products, CinetPay's batches, ViralPAY's bank transfers) answer their errors through it too.
    fn money_error(&self, error: Error, reference: Option<String>) -> MoneyError {
        let mut failure = MoneyError::new(self.scrub(error), reference);
        if self.may_have_executed() && failure.outcome != Outcome::NotSent {
            failure.outcome = Outcome::Unknown;
        }
        failure.request_id = self.last_request_id();
        failure
    }

    /// `error` with every secret the client holds replaced by `[redacted]` in its texts: a provider's answer
    /// may quote a request's headers (a gateway's 5xx page echoing `Authorization`).
    fn scrub(&self, error: Error) -> Error {
        let secrets = self.secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        driver::scrub_error(error, &secrets)
    }

    /// The customer pays the merchant.
    async fn collect(&self, request: Self::PaymentRequest) -> Result<Transaction, Error> {
        let _ = request;
        Err(unsupported::<Self::Api>(Operation::Collect))
    }

    /// The merchant pays a customer.
    async fn payout(&self, request: Self::PaymentRequest) -> Result<Transaction, Error> {
        let _ = request;
        Err(unsupported::<Self::Api>(Operation::Payout))
    }

    /// The status of an operation by its reference.
    async fn status(&self, query: Self::StatusQuery) -> Result<Transaction, Error>;

    /// The merchant's balances.
    async fn balance(&self, query: Self::BalanceQuery) -> Result<Vec<Self::BalanceEntry>, Error> {
        let _ = query;
        Err(unsupported::<Self::Api>(Operation::Balance))
    }

    /// Reads (and verifies, where the provider signs) a callback body.
    fn parse_callback(&self, raw_body: &str, hint: &CallbackHint) -> Result<Callback, Error> {
        self.api().parse_callback(raw_body, hint)
    }

    /// Reads a callback and confirms it with a status read (the providers that sign nothing).
    async fn confirm_callback(
        &self,
        raw_body: &str,
        hint: &CallbackHint,
    ) -> Result<Self::Confirmed, Error> {
        let _ = (raw_body, hint);
        Err(unsupported::<Self::Api>(Operation::ConfirmCallback))
    }
}

/// The `unsupported` error of `op` for provider `A` (also when a client forgot to implement an operation its
/// capabilities declare: the error then says so rather than panicking).
pub fn unsupported<A: PaymentApi>(op: Operation) -> Error {
    A::require(op).err().unwrap_or_else(|| {
        ErrorKind::Unsupported {
            provider: A::PROVIDER,
            operation: op.as_str().into(),
            message: format!(
                "{} is declared but not implemented (a payrail bug)",
                op.as_str()
            ),
        }
        .into()
    })
}

/// Confirms an unsigned callback against the provider's own record of the operation (its status read): the
/// status must agree, and so must the amount where both give one; the result is the callback marked
/// `verified`, with the record's reason and transaction id. A disagreement is a `signature_mismatch` error:
/// the callback may be forged.
pub fn confirm_against_record(mut cb: Callback, record: Transaction) -> Result<Callback, Error> {
    let mismatch = |what: String| -> Error {
        ErrorKind::SignatureMismatch {
            provider: cb.provider,
            message: format!(
                "the callback does not match {}'s record: {what}",
                provider_title(cb.provider)
            ),
        }
        .into()
    };
    if record.status != cb.status {
        return Err(mismatch(format!(
            "it says {}, the status query says {}",
            cb.provider_status, record.provider_status
        )));
    }
    if let (Some(a), Some(b)) = (&cb.amount, &record.amount) {
        let same = match (
            crate::core::Amount::parse("amount", a),
            crate::core::Amount::parse("amount", b),
        ) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        if !same {
            return Err(mismatch(format!(
                "it says amount {a}, the status query says {b}"
            )));
        }
    }
    cb.reason = record.reason;
    cb.verified = true;
    if cb.transaction_id.is_none() {
        cb.transaction_id = record.transaction_id;
    }
    Ok(cb)
}

/// The provider's name as it writes it, for messages.
fn provider_title(p: crate::core::Provider) -> &'static str {
    match p {
        crate::core::Provider::Unipesa => "Unipesa",
        crate::core::Provider::Momo => "MTN MoMo",
        crate::core::Provider::Cinetpay => "CinetPay",
        crate::core::Provider::Viralpay => "ViralPAY",
        crate::core::Provider::Alianspay => "AliansPay",
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

/// Sends `request`, retrying it unchanged under `options` when `idempotent` (sending it twice executes it at
/// most once), through a driver of its own. Returns the last answer or error.
pub async fn send_with_retries<T: Transport, E: Environment>(
    transport: &T,
    env: &E,
    request: &HttpRequest,
    options: &ClientOptions,
    idempotent: bool,
) -> Result<HttpResponse, Error> {
    let driver = driver::Driver::new(transport, env, *options);
    // Borrowed, not cloned per attempt: the same bytes go out every time.
    let build = |_| Ok(Cow::Borrowed(request));
    driver.attempts(&build, idempotent).await
}

#[cfg(test)]
pub mod testing;

#[cfg(all(test, feature = "unipesa"))]
#[path = "tests/money.rs"]
mod money_tests;
