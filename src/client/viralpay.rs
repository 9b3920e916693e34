//! The ViralPAY client (docs/providers/viralpay.md): a password-grant token cached for `expires_in` (one fetch
//! for concurrent callers, renewed once on a 401), then Bearer calls.
//!
//! Idempotency: payments, transfers and bank transfers carry an `order_id` made ONCE per operation (or given by
//! the caller) and reused by every retry, so they are retried on network errors, 408/429/5xx; the reads (GET)
//! and the token call too. `notifications` asks ViralPAY to send a notification again: it is never retried
//! blindly, and its 429 comes back as a `rate_limited` error with the wait (docs/providers/viralpay.md#tables: 200 requests a minute per
//! function).

use super::driver::{CachedToken, Driver, TokenGrant};
use super::{confirm_against_record, ClientOptions, Environment, PaymentClient, Transport};
use crate::core::{Balance, Callback, Error, HttpRequest, HttpResponse, Secret, Transaction};
use crate::providers::viralpay::{
    self as api, AccountInfo, BankTransferRequest, MobileRequest, NotificationRequest,
    NotificationResult, StatusQuery, TransactionList, TransactionsQuery, ViralPayConfig,
};
use crate::providers::{CallbackHint, Operation};

/// A ViralPAY merchant client.
#[derive(Clone)]
pub struct ViralPayClient<T, E> {
    /// Credentials and settings.
    pub config: ViralPayConfig,
    /// Transport, clock, retries, token cache.
    pub driver: Driver<T, E>,
}

/// ViralPAY's password grant (`POST /v1/token`) as the driver's token strategy.
struct Grant<'a>(&'a ViralPayConfig);

impl TokenGrant for Grant<'_> {
    /// Client id and username, never a secret.
    fn token_key(&self) -> String {
        format!("viralpay:{}:{}", self.0.client_id, self.0.username)
    }
    fn build_token_request(&self) -> Result<HttpRequest, Error> {
        api::build_token(self.0)
    }
    fn parse_token_response(&self, resp: &HttpResponse, now_ms: u64) -> Result<CachedToken, Error> {
        let grant = api::parse_token(resp, now_ms)?;
        Ok(CachedToken::new(
            grant.access_token.expose().clone(),
            now_ms,
            grant.expires_in,
        ))
    }
    fn secrets(&self) -> Vec<&str> {
        vec![self.0.client_secret.expose(), self.0.password.expose()]
    }
}

impl<T: Transport, E: Environment> ViralPayClient<T, E> {
    /// Shares this client's token through `store` (issue 6: edge isolates reuse one token). Keys name the client
    /// and user by a fingerprint of the base URL, client id and username: `payrail:viralpay:{fingerprint}:...`.
    pub fn share_tokens(&self, store: std::rc::Rc<dyn super::token::TokenStore>) {
        let fp = super::token::credential_fingerprint(&format!(
            "{}\n{}\n{}",
            self.config.base_url, self.config.client_id, self.config.username
        ));
        self.driver.share_tokens(store, format!("viralpay:{fp}"));
    }

    /// A client; the configuration is checked now, so a missing credential fails at construction.
    pub fn new(
        config: ViralPayConfig,
        options: ClientOptions,
        transport: T,
        env: E,
    ) -> Result<Self, Error> {
        config.check()?;
        Ok(ViralPayClient {
            config,
            driver: Driver::new(transport, env, options),
        })
    }

    /// Sends a Bearer call built by `build` with the current token ([`Driver::exchange_bearer`]: one renewal on a 401).
    async fn authorized(
        &self,
        build: &dyn Fn(&Secret<String>) -> Result<HttpRequest, Error>,
        idempotent: bool,
    ) -> Result<HttpResponse, Error> {
        let grant = Grant(&self.config);
        let exchange = self
            .driver
            .exchange_bearer(&grant, &|a| build(a.bearer()?), idempotent)
            .await?;
        Ok(exchange.response)
    }

    /// The order id of a request: the caller's, or a UUID v4 made now (ONCE: every attempt sends it).
    pub fn with_order_id(&self, order_id: &mut Option<String>) -> Result<String, Error> {
        if order_id.is_none() {
            *order_id = Some(self.driver.env.uuid_v4()?);
        }
        Ok(order_id.clone().unwrap_or_default())
    }

    fn finish(
        &self,
        resp: &HttpResponse,
        reference: &str,
        amount: String,
        currency: &str,
    ) -> Result<Transaction, Error> {
        let mut t = api::parse_transaction(resp, reference, self.driver.env.now_ms())?;
        t.amount = Some(amount);
        t.currency = Some(currency.to_string());
        Ok(t)
    }

    /// `POST /v1/virements`: a bank transfer (docs/providers/viralpay.md, "Virements").
    pub async fn bank_transfer(&self, mut req: BankTransferRequest) -> Result<Transaction, Error> {
        let order_id = self.with_order_id(&mut req.order_id)?;
        api::check_bank_transfer(&req)?;
        let resp = self
            .authorized(&|t| api::build_bank_transfer(&self.config, t, &req), true)
            .await?;
        self.finish(&resp, &order_id, req.amount.to_plain(), &req.currency)
    }

    /// `GET /v1/account`: the merchant's account info.
    pub async fn account(&self) -> Result<AccountInfo, Error> {
        let resp = self
            .authorized(&|t| api::build_account(&self.config, t), true)
            .await?;
        api::parse_account(&resp, self.driver.env.now_ms())
    }

    /// `GET /v1/transactions`: the transactions of a date range.
    pub async fn transactions(&self, q: TransactionsQuery) -> Result<TransactionList, Error> {
        let resp = self
            .authorized(&|t| api::build_transactions(&self.config, t, &q), true)
            .await?;
        api::parse_transactions(&resp, self.driver.env.now_ms())
    }

    /// `POST /v1/notifications`: asks ViralPAY to send a transaction's notification again. Not retried.
    pub async fn notifications(
        &self,
        req: NotificationRequest,
    ) -> Result<NotificationResult, Error> {
        let resp = self
            .authorized(&|t| api::build_notification(&self.config, t, &req), false)
            .await?;
        api::parse_notification(&resp, self.driver.env.now_ms())
    }
}

impl<T: Transport, E: Environment> PaymentClient for ViralPayClient<T, E> {
    type Api = ViralPayConfig;
    type PaymentRequest = MobileRequest;
    type StatusQuery = StatusQuery;
    type BalanceQuery = ();
    type BalanceEntry = Balance;
    type Confirmed = Callback;

    fn api(&self) -> &ViralPayConfig {
        &self.config
    }

    /// The `order_id` (docs/providers/viralpay.md#idempotency-and-retries).
    fn assign_reference(&self, req: &mut MobileRequest) -> Result<String, Error> {
        self.with_order_id(&mut req.order_id)
    }

    /// `GET /v1/transactions/status` by the order id tells whether the operation exists.
    fn settle_query(&self, _op: Operation, reference: &str) -> Option<StatusQuery> {
        Some(StatusQuery {
            order_id: Some(reference.to_string()),
            ..StatusQuery::default()
        })
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
            self.config.client_secret.expose().clone(),
            self.config.password.expose().clone(),
        ];
        s.extend(self.driver.cached_tokens());
        s
    }

    /// `POST /v1/payments`: the customer pays the merchant (docs/providers/viralpay.md#endpoints).
    async fn collect(&self, req: MobileRequest) -> Result<Transaction, Error> {
        self.collect_or_payout(Operation::Collect, req).await
    }

    /// `POST /v1/transfers`: the merchant pays a wallet.
    async fn payout(&self, req: MobileRequest) -> Result<Transaction, Error> {
        self.collect_or_payout(Operation::Payout, req).await
    }

    /// A payment (`collect`) or a transfer (any other `op`): the same steps, their builders differ.
    async fn collect_or_payout(
        &self,
        op: Operation,
        mut req: MobileRequest,
    ) -> Result<Transaction, Error> {
        let build = match op {
            Operation::Collect => api::build_payment,
            _ => api::build_transfer,
        };
        let order_id = self.with_order_id(&mut req.order_id)?;
        api::check_mobile(&req)?;
        let resp = self
            .authorized(&|t| build(&self.config, t, &req), true)
            .await?;
        self.finish(&resp, &order_id, req.amount.to_plain(), &req.currency)
    }

    /// `GET /v1/transactions/status` of an order (or a transaction / reference id).
    async fn status(&self, q: StatusQuery) -> Result<Transaction, Error> {
        let resp = self
            .authorized(
                &|t| api::build_transaction_status(&self.config, t, &q),
                true,
            )
            .await?;
        let reference = q
            .order_id
            .clone()
            .or_else(|| q.transaction_id.clone())
            .or_else(|| q.reference_id.clone())
            .unwrap_or_default();
        api::parse_transaction(&resp, &reference, self.driver.env.now_ms())
    }

    /// `GET /v1/balances`: one balance per wallet.
    async fn balance(&self, _: ()) -> Result<Vec<Balance>, Error> {
        let resp = self
            .authorized(&|t| api::build_balances(&self.config, t), true)
            .await?;
        api::parse_balances(&resp, self.driver.env.now_ms())
    }

    /// Reads a notification and confirms it with a status query by its order id (ViralPAY signs nothing,
    /// docs/providers/viralpay.md#callbacks).
    async fn confirm_callback(
        &self,
        raw_body: &str,
        hint: &CallbackHint,
    ) -> Result<Callback, Error> {
        let cb = self.parse_callback(raw_body, hint)?;
        let query = match cb.raw.get("data").unwrap_or(&cb.raw).get("order_id") {
            Some(serde_json::Value::String(o)) if !o.is_empty() => StatusQuery {
                order_id: Some(o.clone()),
                ..StatusQuery::default()
            },
            _ => StatusQuery {
                transaction_id: cb.transaction_id.clone(),
                ..StatusQuery::default()
            },
        };
        let record = self.status(query).await?;
        confirm_against_record(cb, record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::testing::{FakeEnv, ScriptedTransport};
    use crate::client::PaymentClient;
    use crate::core::ErrorKind;
    use crate::core::{Amount, HttpResponse, Status};
    use crate::providers::viralpay::ViralPayPaths;
    use crate::providers::CallbackHint;

    fn config() -> ViralPayConfig {
        ViralPayConfig {
            base_url: "https://api-sandbox.viralpay.cm".into(),
            client_id: "client-1".into(),
            client_secret: Secret::new("very-secret-cs".into()),
            username: "merchant".into(),
            password: Secret::new("hunter2-password".into()),
            paths: ViralPayPaths::default(),
        }
    }

    fn token_ok(token: &str) -> Result<HttpResponse, Error> {
        Ok(HttpResponse::new(
            200,
            format!(
                r#"{{"request_id":1,"timestamp":1700000000,"data":{{"access_token":"{token}","expires_in":3600,"token_type":"Bearer"}}}}"#
            ),
        ))
    }

    fn payment_ok(order: &str, status: &str) -> Result<HttpResponse, Error> {
        Ok(HttpResponse::new(
            200,
            format!(
                r#"{{"request_id":2,"timestamp":1700000001,"data":{{"transaction_id":"VPT1","order_id":"{order}","status":"{status}","amount":200,"currency":"XOF"}}}}"#
            ),
        ))
    }

    fn request(order: Option<&str>) -> MobileRequest {
        MobileRequest {
            operator: Some("wave".into()),
            merchant_key: None,
            country: "sn".into(),
            phone_number: "0757230420".into(),
            currency: "XOF".into(),
            order_id: order.map(str::to_string),
            reference_id: None,
            amount: Amount::parse("amount", "200").unwrap(),
            lang: None,
            return_url: None,
            cancel_url: None,
            notify_url: None,
        }
    }

    fn client(
        script: Vec<Result<HttpResponse, Error>>,
    ) -> ViralPayClient<ScriptedTransport, FakeEnv> {
        let env = FakeEnv::default();
        env.now.set(1_700_000_000_000);
        ViralPayClient::new(
            config(),
            ClientOptions::default(),
            ScriptedTransport::new(script),
            env,
        )
        .unwrap()
    }

    #[test]
    fn token_is_fetched_once_and_reused() {
        let c = client(vec![
            token_ok("tok-1"),
            payment_ok("o1", "Pending"),
            payment_ok("o2", "Success"),
        ]);
        let a = pollster::block_on(c.collect(request(Some("o1")))).unwrap();
        let b = pollster::block_on(c.collect(request(Some("o2")))).unwrap();
        assert_eq!((a.status, b.status), (Status::Pending, Status::Success));
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent.len(), 3);
        assert!(sent[0].url.ends_with("/v1/token"));
        assert_eq!(sent[1].header_value("Authorization"), Some("Bearer tok-1"));
        assert_eq!(sent[2].header_value("Authorization"), Some("Bearer tok-1"));
    }

    #[test]
    fn a_401_renews_the_token_once() {
        let refused = Ok(HttpResponse::new(
            401,
            r#"{"request_id":3,"timestamp":1,"data":null,"error":"token_expired","message":"The access token has expired"}"#,
        ));
        let c = client(vec![
            token_ok("tok-1"),
            refused,
            token_ok("tok-2"),
            payment_ok("o1", "Pending"),
        ]);
        let t = pollster::block_on(c.collect(request(Some("o1")))).unwrap();
        assert_eq!(t.reference, "o1");
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent.len(), 4);
        assert_eq!(sent[3].header_value("Authorization"), Some("Bearer tok-2"));
        // The same body both times: the same order_id.
        assert_eq!(sent[1].body, sent[3].body);
    }

    #[test]
    fn a_generated_order_id_is_reused_by_every_retry() {
        let c = client(vec![
            token_ok("tok-1"),
            Ok(HttpResponse::new(503, "")),
            Err(ErrorKind::Network {
                message: "reset".into(),
            }
            .into()),
            payment_ok("x", "Pending"),
        ]);
        let t = pollster::block_on(c.payout(request(None))).unwrap();
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent.len(), 4);
        assert!(sent[1].url.ends_with("/v1/transfers"));
        assert_eq!(sent[1].body, sent[2].body);
        assert_eq!(sent[2].body, sent[3].body);
        let body: serde_json::Value =
            serde_json::from_str(sent[1].body.as_deref().unwrap()).unwrap();
        // FakeEnv's bytes count up from 0: the UUID of bytes 00..0f with the v4 bits set.
        assert_eq!(body["order_id"], "00010203-0405-4607-8809-0a0b0c0d0e0f");
        assert_eq!(t.reference, "x");
    }

    #[test]
    fn rate_limit_on_notifications_is_not_retried_and_carries_the_wait() {
        let c = client(vec![
            token_ok("tok-1"),
            Ok(HttpResponse::new(
                429,
                r#"{"request_id":4,"timestamp":1,"data":null,"error":"too_many_requests","message":"More than 200 requests in one minute"}"#,
            )
            .with_header("Retry-After", "17")),
        ]);
        let e = pollster::block_on(c.notifications(NotificationRequest {
            transaction_id: "VPT1".into(),
            order_id: None,
        }))
        .unwrap_err();
        assert_eq!(e.code(), "rate_limited");
        assert_eq!(e.retry_after_ms(), Some(17_000));
        assert_eq!(c.driver.transport.sent.borrow().len(), 2);
    }

    #[test]
    fn rate_limit_on_payments_waits_and_retries() {
        let c = client(vec![
            token_ok("tok-1"),
            Ok(HttpResponse::new(429, "").with_header("Retry-After", "2")),
            payment_ok("o1", "Pending"),
        ]);
        pollster::block_on(c.collect(request(Some("o1")))).unwrap();
        assert_eq!(*c.driver.env.sleeps.borrow(), vec![2_000]);
    }

    #[test]
    fn bad_credentials_are_an_auth_error_without_secrets() {
        let c = client(vec![Ok(HttpResponse::new(
            401,
            r#"{"request_id":1,"timestamp":1,"data":null,"error":"invalid_grant","message":"Wrong username or password"}"#,
        ))]);
        let e = pollster::block_on(c.balance(())).unwrap_err();
        assert_eq!(e.code(), "auth_error");
        assert_eq!(
            e.detail().unwrap().provider_code.as_deref(),
            Some("invalid_grant")
        );
        for shown in [format!("{e:?}"), e.to_string(), format!("{:?}", c.config)] {
            for secret in ["very-secret-cs", "hunter2-password", "tok-1"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }

    #[test]
    fn confirm_callback_checks_the_record() {
        let body = r#"{"request_id":9,"timestamp":1,"data":{"transaction_id":"VPT1","order_id":"o1","status":"Success","amount":200}}"#;
        let c = client(vec![token_ok("tok-1"), payment_ok("o1", "Success")]);
        let cb = pollster::block_on(c.confirm_callback(body, &CallbackHint::default())).unwrap();
        assert!(cb.verified);
        assert!(c.driver.transport.sent.borrow()[1]
            .url
            .ends_with("/v1/transactions/status?order_id=o1"));
        let c = client(vec![token_ok("tok-1"), payment_ok("o1", "Failed")]);
        let e = pollster::block_on(c.confirm_callback(body, &CallbackHint::default())).unwrap_err();
        assert_eq!(e.code(), "signature_mismatch");
        let forged = body.replace("200", "2005");
        let c = client(vec![token_ok("tok-1"), payment_ok("o1", "Success")]);
        let e =
            pollster::block_on(c.confirm_callback(&forged, &CallbackHint::default())).unwrap_err();
        assert_eq!(e.code(), "signature_mismatch");
    }

    #[test]
    fn invalid_input_is_refused_before_anything_is_sent() {
        let c = client(vec![]);
        let mut r = request(Some("o1"));
        r.amount = Amount::parse("amount", "200.50").unwrap();
        let e = pollster::block_on(c.collect(r)).unwrap_err();
        assert_eq!(e.field(), Some("amount"));
        assert!(c.driver.transport.sent.borrow().is_empty());
    }
}
