//! The CinetPay transfer client (docs/providers/cinetpay.md): login with a cached 5-minute token, balance,
//! contacts, transfers, status, notifications.
//!
//! - The token is cached (shared [`TokenCache`]) and renewed shortly before its 5 minutes end. An answer
//!   705/706/707 (token expired, invalid, not refreshable) drops it, logs in ONCE more and sends the call again
//!   once: a refused token means nothing was executed.
//! - Every call is retried on network errors, 429 and 5xx: login, balance and status are reads, contacts are
//!   idempotent (726 "already a contact" is success), and transfers are keyed by their `client_transaction_id`,
//!   made once per operation and reused by every retry. When a transfer answers 805 ("this id exists"), the
//!   first attempt was accepted: the client reads the transfer with `check/money` and never sends it again.
//!   The same reading settles an answer lost or unreadable after the retries (network, time-out, 5xx, a
//!   truncated body); when CinetPay does not know the transfer either, the error names the ids to check.
//! - The token travels in the URL query: errors are scrubbed of it, and no request is ever formatted.

use super::driver::{CachedToken, Driver, TokenGrant};
use super::{ClientOptions, Environment, PaymentClient, Transport};
use crate::core::ErrorKind;
use crate::core::{Balance, Error, HttpRequest, Provider, Transaction};
use crate::providers::cinetpay::input::PayoutRequest;
use crate::providers::cinetpay::{
    self as api, CinetPayConfig, Contact, ContactResult, Transfer, TransferLookup,
};
use crate::providers::{CallbackHint, Operation};

/// The token cache key: one client, one merchant (never the secret itself).
const TOKEN_KEY: &str = "cinetpay";

/// A CinetPay transfer client.
#[derive(Clone)]
pub struct CinetPayClient<T, E> {
    /// Credentials and settings.
    pub config: CinetPayConfig,
    /// Transport, clock, retries, token cache.
    pub driver: Driver<T, E>,
}

/// CinetPay's login (`POST /auth/login`) as the driver's token strategy: a token usable for (a little less than)
/// its 5 minutes, refused by the codes 705/706/707 in an answer's body.
struct Login<'a>(&'a CinetPayConfig);

impl TokenGrant for Login<'_> {
    fn token_key(&self) -> String {
        TOKEN_KEY.into()
    }
    fn build_token_request(&self) -> Result<HttpRequest, Error> {
        api::build_login(self.0)
    }
    fn parse_token_response(
        &self,
        resp: &crate::core::HttpResponse,
        now_ms: u64,
    ) -> Result<CachedToken, Error> {
        let token = api::parse_login(resp)?;
        Ok(CachedToken::new(
            token.expose().clone(),
            now_ms,
            api::TOKEN_LIFETIME_S,
        ))
    }
    fn is_token_refused(&self, resp: &crate::core::HttpResponse) -> bool {
        api::is_token_refused(resp)
    }
    fn secrets(&self) -> Vec<&str> {
        vec![self.0.password.expose(), self.0.api_key.expose()]
    }
}

impl<T, E> std::fmt::Debug for CinetPayClient<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CinetPayClient")
            .field("config", &self.config)
            .field("options", &self.driver.options)
            .finish_non_exhaustive()
    }
}

/// Whether a send may have been executed although its answer says nothing usable: no answer (network, time-out),
/// a server error after the retries, or an unreadable 2xx answer.
fn is_ambiguous(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Network { .. } | ErrorKind::Timeout { .. } | ErrorKind::Parse { .. } => true,
        ErrorKind::Provider { detail, .. } => detail.http_status.is_some_and(|s| s >= 500),
        _ => false,
    }
}

/// Adds to an ambiguous error the ids of the transfers concerned, so the caller can check them before sending
/// again (a [`ErrorKind::Timeout`] has no message and is returned as is).
fn with_reference_hint(e: Error, transfers: &[Transfer]) -> Error {
    let ids: Vec<&str> = transfers
        .iter()
        .filter_map(|t| t.client_transaction_id.as_deref())
        .collect();
    let hint = format!(
        " (the transfer may have been accepted: check status({}) before sending it again)",
        ids.join(", ")
    );
    let mut e = e;
    match &mut *e {
        ErrorKind::Network { message }
        | ErrorKind::Parse { message, .. }
        | ErrorKind::Provider { message, .. } => message.push_str(&hint),
        _ => {}
    }
    e
}

impl<T: Transport, E: Environment> CinetPayClient<T, E> {
    /// Shares this client's token through `store` (issue 6: edge isolates reuse one login). Keys name the account
    /// by a fingerprint of its API key, never the key itself: `payrail:cinetpay:{fingerprint}:cinetpay`.
    pub fn share_tokens(&self, store: std::rc::Rc<dyn super::token::TokenStore>) {
        let fp = super::token::credential_fingerprint(self.config.api_key.expose());
        self.driver.share_tokens(store, format!("cinetpay:{fp}"));
    }

    /// A client; the configuration is checked now, so a missing credential fails at construction.
    pub fn new(
        config: CinetPayConfig,
        options: ClientOptions,
        transport: T,
        env: E,
    ) -> Result<Self, Error> {
        config.check()?;
        Ok(CinetPayClient {
            config,
            driver: Driver::new(transport, env, options),
        })
    }

    /// Sends a call that carries the token (built by `build` from it), with retries when `idempotent`; on
    /// 705/706/707 the driver logs in again once and sends once more ([`Driver::exchange_bearer`]). The token travels in
    /// the URL: the driver scrubs it from errors.
    async fn send_authed(
        &self,
        build: &dyn Fn(&str) -> Result<HttpRequest, Error>,
        idempotent: bool,
    ) -> Result<crate::core::HttpResponse, Error> {
        let login = Login(&self.config);
        let exchange = self
            .driver
            .exchange_bearer(&login, &|a| build(a.bearer()?.expose()), idempotent)
            .await?;
        Ok(exchange.response)
    }

    /// `transfer/contact`: adds contacts; each result says whether the phone is now a contact (726 "already a
    /// contact" counts as success).
    pub async fn add_contacts(&self, contacts: &[Contact]) -> Result<Vec<ContactResult>, Error> {
        // Built once before the token, so bad input fails before anything is sent.
        api::build_add_contacts(&self.config, "-", contacts)?;
        let resp = self
            .send_authed(
                &|t| api::build_add_contacts(&self.config, t, contacts),
                true,
            )
            .await?;
        api::parse_add_contacts(&resp)
    }

    /// `money/send/contact`: sends transfers to contacts. Missing `client_transaction_id`s are generated once;
    /// every retry sends the same ids; an 805 answer is resolved by reading the transfers, never by sending
    /// again.
    pub async fn send_money(&self, transfers: Vec<Transfer>) -> Result<Vec<Transaction>, Error> {
        let mut transfers = transfers;
        for t in transfers.iter_mut() {
            if t.client_transaction_id.is_none() {
                t.client_transaction_id = Some(self.driver.env.uuid_v4()?);
            }
        }
        api::build_send_money(&self.config, "-", &transfers)?;
        let outcome = match self
            .send_authed(
                &|t| api::build_send_money(&self.config, t, &transfers),
                true,
            )
            .await
        {
            Ok(resp) => api::parse_send_money(&resp, &transfers),
            Err(e) => Err(e),
        };
        match outcome {
            Err(e) if e.detail().and_then(|d| d.provider_code.as_deref()) == Some("805") => {
                self.resolve_existing(&transfers, e).await
            }
            // The answer was lost or unreadable after the transfers may have been executed: read them rather
            // than leave the caller guessing; if that fails too, the error names the ids to check.
            Err(e) if is_ambiguous(&e) => {
                match self.resolve_existing(&transfers, e.clone()).await {
                    Ok(found) => Ok(found),
                    Err(_) => Err(with_reference_hint(e, &transfers)),
                }
            }
            other => other,
        }
    }

    /// After an 805: reads each transfer by its id. Each must exist with the same amount and receiver (then our
    /// earlier attempt was accepted); otherwise the id belongs to another transfer and the 805 stands.
    async fn resolve_existing(
        &self,
        transfers: &[Transfer],
        original: Error,
    ) -> Result<Vec<Transaction>, Error> {
        let mut out = Vec::with_capacity(transfers.len());
        for t in transfers {
            let id = t.client_transaction_id.clone().unwrap_or_default();
            let found = match self
                .status(TransferLookup::ClientTransactionId(id.clone()))
                .await
            {
                Ok(tx) => tx,
                Err(e) if e.detail().and_then(|d| d.provider_code.as_deref()) == Some("723") => {
                    return Err(original)
                }
                Err(e) => return Err(e),
            };
            if !api::same_transfer(&found, t) {
                return Err(ErrorKind::Provider {
                    provider: Provider::Cinetpay,
                    message: format!(
                        "CLIENT_TRANSACTION_ID_EXIST: the id {id} already belongs to another transfer (different amount or receiver); nothing was sent"
                    ),
                    reason: None,
                    detail: original.detail().cloned().unwrap_or_default(),
                    retryable: false,
                }
                .into());
            }
            out.push(found);
        }
        Ok(out)
    }
}

impl<T: Transport, E: Environment> PaymentClient for CinetPayClient<T, E> {
    type Api = CinetPayConfig;
    type PaymentRequest = PayoutRequest;
    type StatusQuery = TransferLookup;
    type BalanceQuery = ();
    type BalanceEntry = Balance;
    type Confirmed = Transaction;

    fn api(&self) -> &CinetPayConfig {
        &self.config
    }

    /// The transfer's `client_transaction_id` (docs/providers/cinetpay.md#idempotency-and-retries). An unknown
    /// outcome is settled by the client itself (it reads the transfer with `check/money`).
    fn assign_reference(&self, req: &mut PayoutRequest) -> Result<String, Error> {
        if req.transfer.client_transaction_id.is_none() {
            req.transfer.client_transaction_id = Some(self.driver.env.uuid_v4()?);
        }
        Ok(req
            .transfer
            .client_transaction_id
            .clone()
            .unwrap_or_default())
    }

    fn last_request_id(&self) -> Option<String> {
        self.driver.last_request_id()
    }

    fn may_have_executed(&self) -> bool {
        self.driver.may_have_executed()
    }

    fn note_reference(&self, reference: &str) {
        self.driver.note_reference(reference);
    }

    fn secrets(&self) -> Vec<String> {
        let mut s = vec![
            self.config.api_key.expose().clone(),
            self.config.password.expose().clone(),
        ];
        s.extend(self.driver.cached_tokens());
        s
    }

    /// `check/balance`: the transfer account's available balances (one per country when CinetPay answers
    /// `countryBalance`, else one in the configured currency).
    async fn balance(&self, _: ()) -> Result<Vec<Balance>, Error> {
        let resp = self
            .send_authed(&|t| api::build_balance(&self.config, t), true)
            .await?;
        api::parse_balance(&resp, &self.config.currency)
    }

    /// `check/money`: a transfer by its `client_transaction_id` (the reference) or CinetPay's `transaction_id`.
    async fn status(&self, lookup: TransferLookup) -> Result<Transaction, Error> {
        api::build_check_money(&self.config, "-", &lookup)?;
        let resp = self
            .send_authed(&|t| api::build_check_money(&self.config, t, &lookup), true)
            .await?;
        api::parse_check_money(&resp, &lookup)
    }

    /// A payout: makes sure the payee is a contact (726 is fine), then sends one transfer whose
    /// `client_transaction_id` (the reference) is made once and reused by every retry.
    async fn payout(&self, req: PayoutRequest) -> Result<Transaction, Error> {
        self.collect_or_payout(Operation::Payout, req).await
    }

    /// [`CinetPayClient::payout`]'s steps, written here so a money call's future holds them once; CinetPay
    /// has no collection (`unsupported`, as `collect` answers).
    async fn collect_or_payout(
        &self,
        op: Operation,
        req: PayoutRequest,
    ) -> Result<Transaction, Error> {
        if op == Operation::Collect {
            return Err(super::unsupported::<CinetPayConfig>(op));
        }
        let PayoutRequest {
            contact,
            mut transfer,
            currency,
        } = req;
        if transfer.client_transaction_id.is_none() {
            transfer.client_transaction_id = Some(self.driver.env.uuid_v4()?);
        }
        // Everything is checked before the first request.
        api::build_add_contacts(&self.config, "-", std::slice::from_ref(&contact))?;
        api::build_send_money(&self.config, "-", std::slice::from_ref(&transfer))?;
        let results = self.add_contacts(std::slice::from_ref(&contact)).await?;
        if let Some(bad) = results.iter().find(|r| !r.ok) {
            return Err(api::code_error(bad.code, &bad.status, 200));
        }
        let mut sent = self.send_money(vec![transfer]).await?;
        let mut tx = sent.pop().ok_or_else(|| {
            Error::parse(
                Provider::Cinetpay,
                "the answer lists no transfer",
                "data",
                b"",
            )
        })?;
        // A single payout refused at item level is its typed error, as a refusal of the whole call would be.
        let code = api::item_code(&tx.raw);
        if code != 0 {
            return Err(api::code_error(code, &tx.provider_status, 200));
        }
        if tx.currency.is_none() {
            tx.currency = Some(currency);
        }
        Ok(tx)
    }

    /// Reads a notification, then asks `check/money` for the truth (docs/providers/cinetpay.md#callbacks: always
    /// ask CinetPay for the real values of the transfer). Returns what CinetPay says, not what the notification
    /// claims.
    async fn confirm_callback(
        &self,
        raw_body: &str,
        hint: &CallbackHint,
    ) -> Result<Transaction, Error> {
        let cb = self.parse_callback(raw_body, hint)?;
        let lookup = match cb.raw.get("client_transaction_id").and_then(|v| v.as_str()) {
            Some(id) if !id.is_empty() => TransferLookup::ClientTransactionId(id.to_string()),
            _ => TransferLookup::TransactionId(cb.transaction_id.clone().unwrap_or_default()),
        };
        self.status(lookup).await
    }
}

#[cfg(test)]
#[path = "tests/cinetpay.rs"]
mod tests;
