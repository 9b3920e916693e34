//! The AliansPay client (docs/providers/alianspay.md). Every request, and every retry of it, is built anew with
//! the OTP of the moment it is sent (`env.now_ms()`), so no OTP is reused across a 30-second window boundary
//! (the driver's `Auth::PerAttempt`). Collections and disbursements are idempotent by `externalTransactionId`,
//! made ONCE per operation (or given by the caller) and the same in every attempt.

use super::driver::{Auth, Driver};
use super::retry::retry_after_of;
use super::{confirm_against_record, ClientOptions, Environment, PaymentClient, Transport};
use crate::core::{Balance, Callback, Error, HttpRequest, HttpResponse, Transaction};
use crate::providers::alianspay::{self as api, AliansPayConfig, Kind, OperationRequest};
use crate::providers::{CallbackHint, Operation};

/// An AliansPay partner client.
#[derive(Clone)]
pub struct AliansPayClient<T, E> {
    /// Credentials and settings.
    pub config: AliansPayConfig,
    /// Transport, clock, retries.
    pub driver: Driver<T, E>,
}

impl<T: Transport, E: Environment> AliansPayClient<T, E> {
    /// A client; the configuration is checked now, so a missing guid fails at construction.
    pub fn new(
        config: AliansPayConfig,
        options: ClientOptions,
        transport: T,
        env: E,
    ) -> Result<Self, Error> {
        config.check()?;
        Ok(AliansPayClient {
            config,
            driver: Driver::new(transport, env, options),
        })
    }

    /// Sends the request `build(unix_time)` makes, rebuilt for every attempt ([`Auth::PerAttempt`]: a fresh OTP).
    async fn send(
        &self,
        build: &dyn Fn(u64) -> Result<HttpRequest, Error>,
        idempotent: bool,
    ) -> Result<HttpResponse, Error> {
        let exchange = self
            .driver
            .exchange(Auth::PerAttempt, &|a| build(a.unix_time_s), idempotent)
            .await?;
        Ok(exchange.response)
    }

    fn retry_after(&self, resp: &HttpResponse) -> Option<u64> {
        retry_after_of(resp, self.driver.env.now_ms())
    }

    async fn operation(&self, mut req: OperationRequest, kind: Kind) -> Result<Transaction, Error> {
        if req.external_transaction_id.is_none() {
            req.external_transaction_id = Some(self.driver.env.uuid_v4()?);
        }
        api::check_operation(&req, kind)?;
        let reference = req.external_transaction_id.clone().unwrap_or_default();
        let resp = self
            .send(&|t| api::build_operation(&self.config, &req, kind, t), true)
            .await?;
        let mut t =
            api::parse_transaction(&self.config, &resp, &reference, self.retry_after(&resp))?;
        t.amount = Some(req.amount.to_plain());
        t.currency = Some(req.currency.clone());
        Ok(t)
    }
}

impl<T: Transport, E: Environment> PaymentClient for AliansPayClient<T, E> {
    type Api = AliansPayConfig;
    type PaymentRequest = OperationRequest;
    type StatusQuery = String;
    type BalanceQuery = ();
    type BalanceEntry = Balance;
    type Confirmed = Callback;

    fn api(&self) -> &AliansPayConfig {
        &self.config
    }

    /// The `externalTransactionId` (docs/providers/alianspay.md#idempotency-and-retries).
    fn assign_reference(&self, req: &mut OperationRequest) -> Result<String, Error> {
        if req.external_transaction_id.is_none() {
            req.external_transaction_id = Some(self.driver.env.uuid_v4()?);
        }
        Ok(req.external_transaction_id.clone().unwrap_or_default())
    }

    /// `GET /api/v1/transaction/{externalTransactionId}` tells whether the operation exists.
    fn settle_query(&self, _op: Operation, reference: &str) -> Option<String> {
        Some(reference.to_string())
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
        vec![self.config.guid.expose().clone()]
    }

    /// `POST /api/v1/collection`: the customer pays the partner. WAVE and VISA_MASTERCARD give a
    /// `redirect_url` the customer must open (docs/providers/alianspay.md).
    async fn collect(&self, req: OperationRequest) -> Result<Transaction, Error> {
        self.operation(req, Kind::Collection).await
    }

    /// `POST /api/v1/disbursement`: the partner pays the customer.
    async fn payout(&self, req: OperationRequest) -> Result<Transaction, Error> {
        self.operation(req, Kind::Disbursement).await
    }

    /// A collection or a disbursement by `op`: one future.
    async fn collect_or_payout(
        &self,
        op: Operation,
        req: OperationRequest,
    ) -> Result<Transaction, Error> {
        let kind = match op {
            Operation::Collect => Kind::Collection,
            _ => Kind::Disbursement,
        };
        self.operation(req, kind).await
    }

    /// `GET /api/v1/transaction/{externalTransactionId}`.
    async fn status(&self, external_transaction_id: String) -> Result<Transaction, Error> {
        let id = external_transaction_id.as_str();
        let resp = self
            .send(&|t| api::build_status(&self.config, id, t), true)
            .await?;
        api::parse_transaction(&self.config, &resp, id, self.retry_after(&resp))
    }

    /// `GET /api/v1/balance`.
    async fn balance(&self, _: ()) -> Result<Vec<Balance>, Error> {
        let resp = self
            .send(&|t| api::build_balance(&self.config, t), true)
            .await?;
        api::parse_balance(&self.config, &resp, self.retry_after(&resp))
    }

    /// Reads a callback and confirms it with a status query (AliansPay signs nothing,
    /// docs/providers/alianspay.md#callbacks).
    async fn confirm_callback(
        &self,
        raw_body: &str,
        hint: &CallbackHint,
    ) -> Result<Callback, Error> {
        let cb = self.parse_callback(raw_body, hint)?;
        let record = self.status(cb.reference.clone()).await?;
        confirm_against_record(cb, record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::testing::{FakeEnv, ScriptedTransport};
    use crate::client::PaymentClient;
    use crate::core::{Amount, HttpResponse, Secret, Status};
    use crate::providers::alianspay::{AliansPayHeaderNames, AliansPayPaths};
    use crate::providers::CallbackHint;

    // tests/vectors/alianspay_otp.json (otplib + base32-encode, the docs' own code): this GUID gives 058735 in
    // the window [0, 30) s, 639073 in [30, 60) s and 728965 at 1700000000 s.
    const GUID: &str = "cd8fb6d0-051d-4187-9d32-481ff4c0bfab";

    fn client(
        now_ms: u64,
        script: Vec<Result<HttpResponse, Error>>,
    ) -> AliansPayClient<ScriptedTransport, FakeEnv> {
        let env = FakeEnv::default();
        env.now.set(now_ms);
        AliansPayClient::new(
            AliansPayConfig {
                base_url: "https://api.alianspay.com".into(),
                guid: Secret::new(GUID.into()),
                paths: AliansPayPaths::default(),
                header_names: AliansPayHeaderNames::default(),
            },
            ClientOptions::default(),
            ScriptedTransport::new(script),
            env,
        )
        .unwrap()
    }

    fn req(ext: Option<&str>) -> OperationRequest {
        OperationRequest {
            moyen_payment: "OM".into(),
            amount: Amount::parse("amount", "1500").unwrap(),
            currency: "XAF".into(),
            phone: "237696985698".into(),
            external_transaction_id: ext.map(str::to_string),
            callback_url: None,
            description: None,
            country: None,
        }
    }

    fn pending(ext: &str) -> Result<HttpResponse, Error> {
        Ok(HttpResponse::new(
            200,
            format!(
                r#"{{"status":"PENDING","transactionId":"t-1","externalTransactionId":"{ext}","amount":1500,"currency":"XAF"}}"#
            ),
        ))
    }

    #[test]
    fn every_retry_carries_the_otp_of_its_own_window_and_the_same_id() {
        // First attempt at 29 s (window 0), a 503 asking for 2 s: the retry goes out at 31 s (window 1).
        let c = client(
            29_000,
            vec![
                Ok(HttpResponse::new(503, "").with_header("Retry-After", "2")),
                pending("x"),
            ],
        );
        let t = pollster::block_on(c.collect(req(None))).unwrap();
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].header_value("otp"), Some("058735"));
        assert_eq!(sent[1].header_value("otp"), Some("639073"));
        assert_eq!(sent[0].header_value("guid"), Some(GUID));
        assert_eq!(sent[0].body, sent[1].body, "same externalTransactionId");
        let body: serde_json::Value =
            serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["externalTransactionId"],
            "00010203-0405-4607-8809-0a0b0c0d0e0f"
        );
        assert_eq!(t.status, Status::Pending);
    }

    #[test]
    fn otp_at_a_known_time_and_custom_header_names() {
        let mut c = client(1_700_000_000_000, vec![pending("e-1")]);
        c.config.header_names = AliansPayHeaderNames {
            guid: "X-Partner-Guid".into(),
            otp: "X-Otp".into(),
        };
        pollster::block_on(c.payout(req(Some("e-1")))).unwrap();
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent[0].header_value("X-Otp"), Some("728965"));
        assert_eq!(sent[0].header_value("X-Partner-Guid"), Some(GUID));
        assert!(sent[0].url.ends_with("/api/v1/disbursement"));
    }

    #[test]
    fn confirm_callback_checks_status_and_amount_against_the_record() {
        let success = || {
            Ok(HttpResponse::new(
                200,
                r#"{"status":"SUCCESS","transactionId":"t-1","externalTransactionId":"MP1","amount":1500}"#,
            ))
        };
        let body = r#"{"guid":"t-1","externalTransactionId":"MP1","status":"SUCCESSFUL","message":"ok","reference":"237696985698","paymentMethod":"AP","description":"d","transaction":"COLLECTION","partner":"p","amount":1500}"#;
        let c = client(0, vec![success()]);
        let cb = pollster::block_on(c.confirm_callback(body, &CallbackHint::default())).unwrap();
        assert!(cb.verified);
        assert_eq!(cb.status, Status::Success);
        let forged = body.replace("1500", "15005");
        let c = client(0, vec![success()]);
        let e =
            pollster::block_on(c.confirm_callback(&forged, &CallbackHint::default())).unwrap_err();
        assert_eq!(e.code(), "signature_mismatch");
        let pending_record = client(0, vec![pending("MP1")]);
        let e = pollster::block_on(pending_record.confirm_callback(body, &CallbackHint::default()))
            .unwrap_err();
        assert_eq!(e.code(), "signature_mismatch");
    }

    #[test]
    fn refusals_never_show_the_guid() {
        let c = client(
            0,
            vec![Ok(HttpResponse::new(
                401,
                format!(
                    r#"{{"status":"ERROR","code":"INVALID_OTP","message":"bad otp for {GUID}"}}"#
                ),
            ))],
        );
        let e = pollster::block_on(c.balance(())).unwrap_err();
        assert_eq!(e.code(), "auth_error");
        assert_eq!(
            e.detail().unwrap().provider_code.as_deref(),
            Some("INVALID_OTP")
        );
        assert_eq!(
            c.driver.transport.sent.borrow().len(),
            1,
            "a 401 is not retried"
        );
        for shown in [format!("{e:?}"), e.to_string(), format!("{:?}", c.config)] {
            assert!(!shown.contains(GUID), "{shown}");
            assert!(!shown.contains("058735"), "{shown}");
        }
    }

    #[test]
    fn bad_input_is_refused_before_sending() {
        let c = client(0, vec![]);
        let mut r = req(Some("e"));
        r.moyen_payment = "WAVE".into();
        let e = pollster::block_on(c.collect(r)).unwrap_err();
        assert_eq!(e.field(), Some("moyenPayment"));
        assert!(c.driver.transport.sent.borrow().is_empty());
    }
}
