//! The CinetPay transfer client (seed 001, PROVIDERS.md §3): login with a cached 5-minute token, balance,
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

use super::driver::{Auth, CachedToken, Driver, TokenGrant};
use super::{ClientOptions, Environment, PaymentClient, Transport};
use crate::core::{Balance, Error, HttpRequest, Provider, Transaction};
use crate::providers::cinetpay::input::PayoutRequest;
use crate::providers::cinetpay::{
    self as api, CinetPayConfig, Contact, ContactResult, Transfer, TransferLookup,
};
use crate::providers::CallbackHint;

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
    match e {
        Error::Network { .. } | Error::Timeout { .. } | Error::Parse { .. } => true,
        Error::Provider { detail, .. } => detail.http_status.is_some_and(|s| s >= 500),
        _ => false,
    }
}

/// Adds to an ambiguous error the ids of the transfers concerned, so the caller can check them before sending
/// again (a [`Error::Timeout`] has no message and is returned as is).
fn with_reference_hint(e: Error, transfers: &[Transfer]) -> Error {
    let ids: Vec<&str> = transfers
        .iter()
        .filter_map(|t| t.client_transaction_id.as_deref())
        .collect();
    let hint = format!(
        " (the transfer may have been accepted: check status({}) before sending it again)",
        ids.join(", ")
    );
    match e {
        Error::Network { message } => Error::Network {
            message: message + &hint,
        },
        Error::Parse {
            provider,
            message,
            path,
            body_snippet,
        } => Error::Parse {
            provider,
            message: message + &hint,
            path,
            body_snippet,
        },
        Error::Provider {
            provider,
            message,
            reason,
            detail,
            retryable,
        } => Error::Provider {
            provider,
            message: message + &hint,
            reason,
            detail,
            retryable,
        },
        other => other,
    }
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
    /// 705/706/707 the driver logs in again once and sends once more ([`Auth::Bearer`]). The token travels in
    /// the URL: the driver scrubs it from errors.
    async fn send_authed<B>(
        &self,
        build: B,
        idempotent: bool,
    ) -> Result<crate::core::HttpResponse, Error>
    where
        B: Fn(&str) -> Result<HttpRequest, Error>,
    {
        let login = Login(&self.config);
        let exchange = self
            .driver
            .exchange(
                Auth::Bearer(&login),
                &|a| build(a.bearer()?.expose()),
                idempotent,
            )
            .await?;
        Ok(exchange.response)
    }

    /// `transfer/contact`: adds contacts; each result says whether the phone is now a contact (726 "already a
    /// contact" counts as success).
    pub async fn add_contacts(&self, contacts: &[Contact]) -> Result<Vec<ContactResult>, Error> {
        // Built once before the token, so bad input fails before anything is sent.
        api::build_add_contacts(&self.config, "-", contacts)?;
        let resp = self
            .send_authed(|t| api::build_add_contacts(&self.config, t, contacts), true)
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
            .send_authed(|t| api::build_send_money(&self.config, t, &transfers), true)
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
                return Err(Error::Provider {
                    provider: Provider::Cinetpay,
                    message: format!(
                        "CLIENT_TRANSACTION_ID_EXIST: the id {id} already belongs to another transfer (different amount or receiver); nothing was sent"
                    ),
                    reason: None,
                    detail: original.detail().cloned().unwrap_or_default(),
                    retryable: false,
                });
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
            .send_authed(|t| api::build_balance(&self.config, t), true)
            .await?;
        api::parse_balance(&resp, &self.config.currency)
    }

    /// `check/money`: a transfer by its `client_transaction_id` (the reference) or CinetPay's `transaction_id`.
    async fn status(&self, lookup: TransferLookup) -> Result<Transaction, Error> {
        api::build_check_money(&self.config, "-", &lookup)?;
        let resp = self
            .send_authed(|t| api::build_check_money(&self.config, t, &lookup), true)
            .await?;
        api::parse_check_money(&resp, &lookup)
    }

    /// A payout: makes sure the payee is a contact (726 is fine), then sends one transfer whose
    /// `client_transaction_id` (the reference) is made once and reused by every retry.
    async fn payout(&self, req: PayoutRequest) -> Result<Transaction, Error> {
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
mod tests {
    use super::*;
    use crate::client::testing::{FakeEnv, ScriptedTransport};
    use crate::client::PaymentClient;
    use crate::client::RetryPolicy;
    use crate::core::{Amount, HttpResponse, Method, Secret, Status};
    use crate::providers::cinetpay::Lang;
    use crate::providers::CallbackHint;

    const API_KEY: &str = "ak_live_4242_do_not_print";
    const PASSWORD: &str = "pw-transfer-s3cret";
    const TOKEN: &str = "tok_AAAA1111";
    const TOKEN2: &str = "tok_BBBB2222";

    fn config() -> CinetPayConfig {
        CinetPayConfig {
            base_url: "https://client.cinetpay.com/v1".into(),
            api_key: Secret::new(API_KEY.into()),
            password: Secret::new(PASSWORD.into()),
            lang: Lang::Fr,
            currency: "XOF".into(),
        }
    }

    fn client(
        script: Vec<Result<HttpResponse, Error>>,
    ) -> CinetPayClient<ScriptedTransport, FakeEnv> {
        let env = FakeEnv::default();
        env.now.set(1_700_000_000_000);
        CinetPayClient::new(
            config(),
            ClientOptions {
                timeout_ms: 1000,
                retry: RetryPolicy::default(),
            },
            ScriptedTransport::new(script),
            env,
        )
        .unwrap()
    }

    fn ok(body: &str) -> Result<HttpResponse, Error> {
        Ok(HttpResponse::new(200, body))
    }
    fn login_ok(token: &str) -> Result<HttpResponse, Error> {
        ok(&format!(
            r#"{{"code":0,"message":"OPERATION_SUCCES","data":{{"token":"{token}"}}}}"#
        ))
    }
    const BALANCE: &str = r#"{"code":0,"message":"OPERATION_SUCCES","data":{"amount":663,"inUsing":0,"available":663}}"#;
    const EXPIRED: &str =
        r#"{"code":"705","message":"EXPIRED_TOKEN","description":"Le token a expiré","data":[]}"#;

    fn paths(c: &CinetPayClient<ScriptedTransport, FakeEnv>) -> Vec<String> {
        c.driver
            .transport
            .sent
            .borrow()
            .iter()
            .map(|r| {
                let u = r.url.trim_start_matches("https://client.cinetpay.com/v1");
                format!("{} {}", r.method.as_str(), u)
            })
            .collect()
    }

    fn payout_request(reference: Option<&str>) -> PayoutRequest {
        PayoutRequest {
            contact: Contact {
                prefix: "225".into(),
                phone: "0707000000".into(),
                name: "Awa".into(),
                surname: "Kone".into(),
                email: "awa@example.com".into(),
            },
            transfer: Transfer {
                prefix: "225".into(),
                phone: "0707000000".into(),
                amount: Amount::parse("amount", "500").unwrap(),
                notify_url: "https://shop.example/notify".into(),
                client_transaction_id: reference.map(str::to_string),
            },
            currency: "XOF".into(),
        }
    }

    #[test]
    fn token_is_fetched_once_and_reused_for_its_five_minutes() {
        let c = client(vec![
            login_ok(TOKEN),
            ok(BALANCE),
            ok(BALANCE),
            login_ok(TOKEN2),
            ok(BALANCE),
        ]);
        let b = pollster::block_on(c.balance(())).unwrap();
        assert_eq!(
            (b[0].available.as_str(), b[0].currency.as_str()),
            ("663", "XOF")
        );
        c.driver.env.now.set(c.driver.env.now.get() + 269_000); // 4 min 29 s: still usable (margin: a tenth of 300 s)
        pollster::block_on(c.balance(())).unwrap();
        c.driver.env.now.set(c.driver.env.now.get() + 2_000); // past 270 s: renewed
        pollster::block_on(c.balance(())).unwrap();
        assert_eq!(
            paths(&c),
            [
                "POST /auth/login?lang=fr",
                "GET /transfer/check/balance/?token=tok_AAAA1111&lang=fr",
                "GET /transfer/check/balance/?token=tok_AAAA1111&lang=fr",
                "POST /auth/login?lang=fr",
                "GET /transfer/check/balance/?token=tok_BBBB2222&lang=fr",
            ]
        );
    }

    #[test]
    fn expired_token_means_one_fresh_login_and_one_retry() {
        let c = client(vec![
            login_ok(TOKEN),
            ok(EXPIRED),
            login_ok(TOKEN2),
            ok(BALANCE),
        ]);
        let b = pollster::block_on(c.balance(())).unwrap();
        assert_eq!(b[0].available, "663");
        assert_eq!(
            paths(&c),
            [
                "POST /auth/login?lang=fr",
                "GET /transfer/check/balance/?token=tok_AAAA1111&lang=fr",
                "POST /auth/login?lang=fr",
                "GET /transfer/check/balance/?token=tok_BBBB2222&lang=fr",
            ]
        );
    }

    #[test]
    fn a_second_refusal_is_an_auth_error_without_a_third_login() {
        let invalid = r#"{"code":"706","message":"INVALID_TOKEN","data":[]}"#;
        let c = client(vec![
            login_ok(TOKEN),
            ok(invalid),
            login_ok(TOKEN2),
            ok(invalid),
        ]);
        let e = pollster::block_on(c.balance(())).unwrap_err();
        assert_eq!(e.code(), "auth_error");
        assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("706"));
        assert_eq!(c.driver.transport.sent.borrow().len(), 4);
        let d = format!("{e:?} {e} {c:?}");
        for s in [API_KEY, PASSWORD, TOKEN, TOKEN2] {
            assert!(!d.contains(s), "{s} leaked: {d}");
        }
    }

    #[test]
    fn wrong_credentials_are_an_auth_error_that_names_no_secret() {
        let c = client(vec![Ok(HttpResponse::new(
            401,
            r#"{"code":"701","message":"INVALID_CREDENTIALS","description":"Identifiant de connexion incorrect","data":[]}"#,
        ))]);
        let e = pollster::block_on(c.balance(())).unwrap_err();
        assert_eq!(e.code(), "auth_error");
        assert_eq!(e.detail().unwrap().http_status, Some(401));
        assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("701"));
        assert!(e.to_string().contains("INVALID_CREDENTIALS"), "{e}");
        let d = format!("{e:?} {e} {c:?}");
        assert!(!d.contains(API_KEY) && !d.contains(PASSWORD), "{d}");
        // The login form carried them, once.
        let body = c.driver.transport.sent.borrow()[0].body.clone().unwrap();
        assert_eq!(body, format!("apikey={API_KEY}&password={PASSWORD}"));
    }

    #[test]
    fn network_errors_quoting_the_url_are_scrubbed_of_the_token() {
        let url_err = || {
            Err(Error::Network {
                message: format!(
                    "Failed to fetch https://client.cinetpay.com/v1/transfer/check/balance/?token={TOKEN}&lang=fr"
                ),
            })
        };
        let c = client(vec![login_ok(TOKEN), url_err(), url_err(), url_err()]);
        let e = pollster::block_on(c.balance(())).unwrap_err();
        assert_eq!(e.code(), "network_error");
        assert!(!format!("{e:?}{e}").contains(TOKEN), "{e:?}");
        assert!(e.to_string().contains("token=[redacted]"), "{e}");
        assert_eq!(
            c.driver.env.sleeps.borrow().len(),
            2,
            "two retries of a read"
        );
    }

    #[test]
    fn a_truncated_login_answer_never_shows_the_token() {
        let c = client(vec![ok(
            r#"{"code":0,"message":"OPERATION_SUCCES","data":{"token":"tok_AAAA11"#,
        )]);
        let e = pollster::block_on(c.balance(())).unwrap_err();
        assert_eq!(e.code(), "parse_error");
        assert!(!format!("{e:?}").contains("tok_AAAA"), "{e:?}");
    }

    #[test]
    fn payout_adds_the_contact_then_sends_with_one_generated_id() {
        let contact_726 = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","phone":"0707000000","code":726,"status":"ERROR_PHONE_ALREADY_MY_CONTACT"}]]}"#;
        let c = client(vec![
            login_ok(TOKEN),
            ok(contact_726),
            Ok(HttpResponse::new(503, "")),
            ok("PLACEHOLDER"),
        ]);
        // Script the send answer with the id the client will generate: FakeEnv's counter starts at 0, so the
        // first UUID is made of bytes 00..0f with the v4 bits set.
        let id = "00010203-0405-4607-8809-0a0b0c0d0e0f";
        c.driver.transport.script.borrow_mut().pop_back();
        c.driver.transport.script.borrow_mut().push_back(ok(&format!(
            r#"{{"code":0,"message":"OPERATION_SUCCES","data":[[{{"prefix":"225","phone":"0707000000","amount":500,"client_transaction_id":"{id}","code":0,"status":"success","transaction_id":"TR0001","lot":"L1","treatment_status":"NEW","sending_status":"CONFIRM"}}]]}}"#
        )));
        let tx = pollster::block_on(c.payout(payout_request(None))).unwrap();
        assert_eq!(tx.reference, id);
        assert_eq!(tx.status, Status::Pending);
        assert_eq!(tx.provider_status, "NEW");
        assert_eq!(tx.transaction_id.as_deref(), Some("TR0001"));
        assert_eq!(tx.currency.as_deref(), Some("XOF"));
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent.len(), 4);
        assert_eq!(sent[1].method, Method::Post);
        assert!(sent[1].url.contains("/transfer/contact?"));
        // The 503 was retried with the identical body: the same client_transaction_id.
        assert_eq!(sent[2].body, sent[3].body);
        assert!(sent[3].body.as_ref().unwrap().contains(id));
    }

    #[test]
    fn an_805_on_a_retry_goes_to_the_status_and_never_sends_again() {
        let contact_ok = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","phone":"0707000000","code":0,"status":"success"}]]}"#;
        let exists =
            r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","description":"x","data":[]}"#;
        let status = r#"{"code":0,"message":"OPERATION_SUCCES","data":[{"transaction_id":"TR9","client_transaction_id":"order-77","amount":"500","receiver":"2250707000000","treatment_status":"VAL","sending_status":"CONFIRM"}]}"#;
        let c = client(vec![
            login_ok(TOKEN),
            ok(contact_ok),
            Ok(HttpResponse::new(500, "")), // executed, answer lost
            ok(exists),                     // the retry: the id exists
            ok(status),
        ]);
        let tx = pollster::block_on(c.payout(payout_request(Some("order-77")))).unwrap();
        assert_eq!(tx.reference, "order-77");
        assert_eq!(tx.status, Status::Success);
        assert_eq!(tx.transaction_id.as_deref(), Some("TR9"));
        let p = paths(&c);
        assert_eq!(p.iter().filter(|x| x.contains("/money/send/")).count(), 2);
        assert_eq!(
            p.last().unwrap(),
            "GET /transfer/check/money?token=tok_AAAA1111&client_transaction_id=order-77&lang=fr"
        );
    }

    #[test]
    fn an_805_for_another_transfer_is_an_error_and_nothing_more_is_sent() {
        let contact_ok = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"code":0}]]}"#;
        let exists = r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","data":[]}"#;
        let other = r#"{"code":0,"message":"OPERATION_SUCCES","data":[{"client_transaction_id":"order-77","amount":"9000","receiver":"2250505000000","treatment_status":"VAL"}]}"#;
        let c = client(vec![login_ok(TOKEN), ok(contact_ok), ok(exists), ok(other)]);
        let e = pollster::block_on(c.payout(payout_request(Some("order-77")))).unwrap_err();
        assert_eq!(e.code(), "provider_error");
        assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("805"));
        assert!(e.to_string().contains("another transfer"), "{e}");
        assert_eq!(c.driver.transport.sent.borrow().len(), 4);
    }

    #[test]
    fn a_refused_contact_stops_the_payout_before_any_transfer() {
        let refused = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"code":802,"status":"INVALID_PHONE"}]]}"#;
        let c = client(vec![login_ok(TOKEN), ok(refused)]);
        let e = pollster::block_on(c.payout(payout_request(Some("r1")))).unwrap_err();
        assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("802"));
        assert_eq!(c.driver.transport.sent.borrow().len(), 2);
    }

    #[test]
    fn an_item_level_refusal_of_a_payout_is_its_typed_error() {
        let contact_ok = r#"{"code":0,"data":[[{"code":0}]]}"#;
        let refused = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"client_transaction_id":"r1","code":"602","status":"INSUFFICIENT_BALANCE"}]]}"#;
        let c = client(vec![login_ok(TOKEN), ok(contact_ok), ok(refused)]);
        let e = pollster::block_on(c.payout(payout_request(Some("r1")))).unwrap_err();
        assert_eq!(e.code(), "provider_error");
        assert_eq!(e.reason(), Some("insufficient_funds"));
        assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("602"));
    }

    #[test]
    fn an_unreadable_send_answer_is_resolved_by_reading_the_transfer() {
        let contact_ok = r#"{"code":0,"data":[[{"code":0}]]}"#;
        let status = r#"{"code":0,"data":[{"client_transaction_id":"r1","amount":"500","receiver":"2250707000000","treatment_status":"NEW"}]}"#;
        let c = client(vec![
            login_ok(TOKEN),
            ok(contact_ok),
            ok(r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","pho"#),
            ok(status),
        ]);
        let tx = pollster::block_on(c.payout(payout_request(Some("r1")))).unwrap();
        assert_eq!((tx.reference.as_str(), tx.status), ("r1", Status::Pending));
        assert_eq!(
            paths(&c)
                .iter()
                .filter(|p| p.contains("/money/send/"))
                .count(),
            1
        );

        // Not found by check/money either: the parse error stands, naming the id to check.
        let not_found = r#"{"code":"723","message":"NOT_FOUND","data":[]}"#;
        let c = client(vec![
            login_ok(TOKEN),
            ok(contact_ok),
            ok("{\"code\":0,"),
            ok(not_found),
        ]);
        let e = pollster::block_on(c.payout(payout_request(Some("r2")))).unwrap_err();
        assert_eq!(e.code(), "parse_error");
        assert!(e.to_string().contains("check status(r2)"), "{e}");
    }

    #[test]
    fn bad_input_fails_before_anything_is_sent() {
        let c = client(vec![]);
        let mut r = payout_request(Some("bad id with spaces"));
        let e = pollster::block_on(c.payout(r.clone())).unwrap_err();
        assert_eq!(e.field(), Some("data[0].client_transaction_id"));
        r.transfer.client_transaction_id = None;
        r.transfer.amount = Amount::parse("amount", "100.50").unwrap();
        let e = pollster::block_on(c.payout(r)).unwrap_err();
        assert_eq!(e.field(), Some("data[0].amount"));
        assert!(c.driver.transport.sent.borrow().is_empty());
    }

    #[test]
    fn status_reads_are_retried_on_5xx() {
        // 2 retries of a read on 502, then success.
        let status =
            r#"{"code":0,"data":[{"client_transaction_id":"r1","treatment_status":"REJ"}]}"#;
        let c = client(vec![
            login_ok(TOKEN),
            Ok(HttpResponse::new(502, "<html>")),
            Ok(HttpResponse::new(502, "<html>")),
            ok(status),
        ]);
        let tx =
            pollster::block_on(c.status(TransferLookup::ClientTransactionId("r1".into()))).unwrap();
        assert_eq!(tx.status, Status::Failed);
        assert_eq!(tx.reason, Some(crate::core::Reason::Rejected));
    }

    #[test]
    fn no_secret_in_any_error_or_debug_output() {
        let url_err = || {
            Err(Error::Network {
                message: format!("Failed to parse URL from https://h/v1/x?token={TOKEN}&lang=fr"),
            })
        };
        let exists = r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","data":[]}"#;
        let other = r#"{"code":0,"data":[{"client_transaction_id":"r","amount":"1","treatment_status":"VAL"}]}"#;
        let contact_ok = r#"{"code":0,"data":[[{"code":0}]]}"#;
        let scenarios: Vec<Vec<Result<HttpResponse, Error>>> = vec![
            vec![Ok(HttpResponse::new(
                401,
                r#"{"code":"701","message":"INVALID_CREDENTIALS","data":[]}"#,
            ))],
            vec![ok(&format!(
                r#"{{"code":0,"data":{{"token":"{}"#,
                &TOKEN[..8]
            ))],
            vec![login_ok(TOKEN), ok(EXPIRED), login_ok(TOKEN2), ok(EXPIRED)],
            vec![login_ok(TOKEN), url_err(), url_err(), url_err()],
            vec![
                login_ok(TOKEN),
                Ok(HttpResponse::new(500, "")),
                Ok(HttpResponse::new(500, "")),
                Ok(HttpResponse::new(500, "")),
            ],
            vec![login_ok(TOKEN), ok("{\"code\":0,\"data\":")],
            vec![
                login_ok(TOKEN),
                ok(r#"{"code":"708","message":"NOT_ALLOWED"}"#),
            ],
            vec![login_ok(TOKEN), ok(contact_ok), ok(exists), ok(other)],
        ];
        let mut seen = 0;
        for script in scenarios {
            let c = client(script);
            let errors = [
                pollster::block_on(c.balance(())).err(),
                pollster::block_on(c.payout(payout_request(Some("r")))).err(),
                pollster::block_on(c.status(TransferLookup::TransactionId("TR".into()))).err(),
            ];
            for e in errors.into_iter().flatten() {
                seen += 1;
                let text = format!("{e:?}\n{e}\n{c:?}\n{:?}", c.config);
                for s in [API_KEY, PASSWORD, TOKEN, TOKEN2] {
                    assert!(!text.contains(s), "{s} leaked: {text}");
                }
            }
        }
        assert!(seen >= 12, "errors checked: {seen}");
    }

    #[test]
    fn confirm_callback_asks_check_money_for_the_truth() {
        let status = r#"{"code":0,"data":[{"client_transaction_id":"r1","transaction_id":"TR1","amount":"500","treatment_status":"REJ"}]}"#;
        let c = client(vec![login_ok(TOKEN), ok(status)]);
        let forged = "transaction_id=TR1&client_transaction_id=r1&amount=5005&treatment_status=VAL";
        let cb = c.parse_callback(forged, &CallbackHint::default()).unwrap();
        assert_eq!((cb.status, cb.verified), (Status::Success, false));
        let tx = pollster::block_on(c.confirm_callback(forged, &CallbackHint::default())).unwrap();
        assert_eq!(tx.status, Status::Failed);
        assert_eq!(tx.amount.as_deref(), Some("500"));
    }

    /// Records every event of a call.
    #[derive(Default)]
    struct Recorder(std::cell::RefCell<Vec<(crate::client::driver::EventKind, String)>>);

    impl crate::client::driver::Observer for Recorder {
        fn event(
            &self,
            kind: crate::client::driver::EventKind,
            e: &crate::client::driver::AttemptEvent,
        ) {
            let line = format!(
                "{} {} #{} status={:?} retry={:?} body={}",
                e.operation,
                e.url,
                e.attempt,
                e.status,
                e.retry_in_ms,
                e.body.clone().unwrap_or_default()
            );
            self.0.borrow_mut().push((kind, line));
        }
    }

    #[test]
    fn hooks_see_every_attempt_of_a_retried_call_with_every_secret_masked() {
        use crate::client::driver::{CallContext, EventKind};
        let mut c = client(vec![
            login_ok(TOKEN),
            Ok(HttpResponse::new(503, "busy")),
            ok(BALANCE),
        ]);
        let recorder = std::rc::Rc::new(Recorder::default());
        *c.driver.observer.borrow_mut() = Some(recorder.clone());
        c.driver.context = CallContext {
            provider: "cinetpay",
            operation: "balance",
            reference: Default::default(),
            secrets: c.secrets(),
        };
        pollster::block_on(c.balance(())).unwrap();
        let events = recorder.0.borrow();
        let kinds: Vec<EventKind> = events.iter().map(|(k, _)| *k).collect();
        use EventKind::*;
        assert_eq!(
            kinds,
            [Request, Response, Request, Response, Retry, Request, Response],
            "the login, then the balance read: 503, a retry, 200"
        );
        for (_, line) in events.iter() {
            for secret in [API_KEY, PASSWORD, TOKEN] {
                assert!(!line.contains(secret), "{line}");
            }
        }
        assert!(
            events[0].1.contains("[redacted]"),
            "the login body's credentials are masked"
        );
        assert!(
            events[2].1.contains("[redacted]"),
            "the token in the balance URL is masked"
        );
        assert!(events[3].1.contains("status=Some(503)"));
        assert!(events[5].1.contains("#1"), "the second attempt");
    }
}
