//! The Unipesa client: collect, payout (with its confirmation), status and callbacks over a [`Transport`].
//! Every Unipesa call is idempotent by `order_id` (docs/providers/unipesa.md#idempotency-and-retries: "requests with identical nonce ... will have identical
//! responses and the corresponding operation won't be repeated"), so each is retried with the identical body.

use super::driver::{Auth, Driver};
use super::{ClientOptions, Environment, PaymentClient, Transport};
use crate::core::{Balance, Callback, Error, HttpRequest, HttpResponse, Transaction};
use crate::providers::unipesa::{self as api, PaymentRequest, StatusRequest, UnipesaConfig};
use crate::providers::Operation;
use serde_json::{Map, Value};

/// A Unipesa merchant client.
#[derive(Clone)]
pub struct UnipesaClient<T, E> {
    /// Credentials and settings.
    pub config: UnipesaConfig,
    /// Transport, clock, retries.
    pub driver: Driver<T, E>,
}

impl<T: Transport, E: Environment> UnipesaClient<T, E> {
    /// A client; the configuration is checked now, so a missing credential fails at construction.
    pub fn new(
        config: UnipesaConfig,
        options: ClientOptions,
        transport: T,
        env: E,
    ) -> Result<Self, Error> {
        config.check()?;
        Ok(UnipesaClient {
            config,
            driver: Driver::new(transport, env, options),
        })
    }

    /// Sends the request `build` makes (signed by the pure builder: [`Auth::None`]), retried unchanged: every
    /// Unipesa call is idempotent by its `order_id`.
    async fn send(
        &self,
        build: &dyn Fn() -> Result<HttpRequest, Error>,
    ) -> Result<HttpResponse, Error> {
        let exchange = self.driver.exchange(Auth::None, &|_| build(), true).await?;
        Ok(exchange.response)
    }

    fn with_order_id(&self, mut req: PaymentRequest) -> Result<PaymentRequest, Error> {
        if req.order_id.is_none() {
            req.order_id = Some(self.driver.env.uuid_v4()?);
        }
        Ok(req)
    }

    async fn run(&self, req: PaymentRequest, b2c: bool) -> Result<Transaction, Error> {
        let req = self.with_order_id(req)?;
        let resp = self
            .send(&|| match b2c {
                true => api::build_payment_b2c(&self.config, &req),
                false => api::build_payment_c2b(&self.config, &req),
            })
            .await?;
        let mut t =
            api::parse_payment_response(&resp, req.order_id.as_deref().unwrap_or_default())?;
        t.amount = Some(req.amount.to_fixed2());
        t.currency = Some(req.currency.clone());
        Ok(t)
    }

    /// The second, confirming `payment_b2c` (docs/providers/unipesa.md#endpoints: "If the confirm_type response parameter is non-zero, send
    /// the second payment_b2c request with confirmation data"): the same payment (same `order_id`) with the
    /// confirmation fields added to `extra`.
    pub async fn confirm_payout(
        &self,
        mut req: PaymentRequest,
        confirmation: Map<String, Value>,
    ) -> Result<Transaction, Error> {
        if req.order_id.is_none() {
            return Err(Error::validation(
                "order_id",
                "is required to confirm a payout: pass the reference of the payout being confirmed",
            ));
        }
        if confirmation.is_empty() {
            return Err(Error::validation(
                "confirmation",
                "must hold the confirmation data",
            ));
        }
        let mut extra = req.extra.take().unwrap_or_default();
        for (k, v) in confirmation {
            extra.insert(k, v);
        }
        req.extra = Some(extra);
        self.run(req, true).await
    }
}

impl<T: Transport, E: Environment> PaymentClient for UnipesaClient<T, E> {
    type Api = UnipesaConfig;
    type PaymentRequest = PaymentRequest;
    type StatusQuery = StatusRequest;
    type BalanceQuery = ();
    type BalanceEntry = Balance;
    type Confirmed = Callback;

    fn api(&self) -> &UnipesaConfig {
        &self.config
    }

    /// The `order_id` (docs/providers/unipesa.md#idempotency-and-retries).
    fn assign_reference(&self, req: &mut PaymentRequest) -> Result<String, Error> {
        if req.order_id.is_none() {
            req.order_id = Some(self.driver.env.uuid_v4()?);
        }
        Ok(req.order_id.clone().unwrap_or_default())
    }

    /// Unipesa answers the same order id with the same result: a status read tells whether it exists.
    fn settle_query(&self, _op: Operation, reference: &str) -> Option<StatusRequest> {
        Some(StatusRequest {
            order_id: reference.to_string(),
            customer_id: None,
            extra: None,
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
        vec![self.config.secret_key.expose().clone()]
    }

    /// `payment_c2b`: the customer pays the merchant.
    async fn collect(&self, req: PaymentRequest) -> Result<Transaction, Error> {
        self.run(req, false).await
    }

    /// `payment_b2c`: the merchant pays the customer. A result with `confirm_type` set needs
    /// [`UnipesaClient::confirm_payout`].
    async fn payout(&self, req: PaymentRequest) -> Result<Transaction, Error> {
        self.run(req, true).await
    }

    /// `payment_c2b` or `payment_b2c` by `op`: one future.
    async fn collect_or_payout(
        &self,
        op: Operation,
        req: PaymentRequest,
    ) -> Result<Transaction, Error> {
        self.run(req, op != Operation::Collect).await
    }

    /// `status` of an order.
    async fn status(&self, req: StatusRequest) -> Result<Transaction, Error> {
        let resp = self.send(&|| api::build_status(&self.config, &req)).await?;
        api::parse_payment_response(&resp, &req.order_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::testing::{FakeEnv, ScriptedTransport};
    use crate::core::ErrorKind;
    use crate::core::{HttpResponse, Secret};
    use crate::providers::unipesa::build_payment_c2b;
    use crate::providers::unipesa::input::payment_from_value;
    use crate::providers::unipesa::tests::{cfg, req, SECRET};
    use serde_json::{json, Value};

    fn client(
        script: Vec<Result<HttpResponse, Error>>,
    ) -> UnipesaClient<ScriptedTransport, FakeEnv> {
        UnipesaClient::new(
            cfg(),
            ClientOptions::default(),
            ScriptedTransport::new(script),
            FakeEnv::default(),
        )
        .unwrap()
    }

    const OK_BODY: &str =
        r#"{"order_id":"o","transaction_id":"1","status":1,"result":{"code":0,"message":"OK"}}"#;

    #[test]
    fn client_generates_one_order_id_and_retries_the_identical_body() {
        let c = client(vec![
            Err(ErrorKind::Network {
                message: "reset".into(),
            }
            .into()),
            Ok(HttpResponse::new(503, "busy")),
            Ok(HttpResponse::new(200, OK_BODY)),
        ]);
        let r = payment_from_value(
            &json!({"amount":"100","currency":"KES","phone":"254700000000","providerId":14}),
        )
        .unwrap();
        let t = pollster::block_on(c.collect(r)).unwrap();
        let sent = c.driver.transport.sent.borrow();
        assert_eq!(sent.len(), 3);
        assert!(
            sent.iter().all(|s| s == &sent[0]),
            "every attempt is byte-identical"
        );
        let body: Value = serde_json::from_str(sent[0].body.as_ref().unwrap()).unwrap();
        let order_id = body["order_id"].as_str().unwrap();
        assert!(crate::crypto::is_uuid_v4(order_id));
        assert_eq!(t.amount.as_deref(), Some("100.00"));
        assert_eq!(c.driver.env.sleeps.borrow().len(), 2, "two backoffs");
    }

    #[test]
    fn client_stops_after_max_retries_and_does_not_retry_client_errors() {
        let c = client(vec![
            Ok(HttpResponse::new(502, "")),
            Ok(HttpResponse::new(502, "")),
            Ok(HttpResponse::new(502, "")),
            Ok(HttpResponse::new(200, OK_BODY)),
        ]);
        let e = pollster::block_on(c.status(StatusRequest {
            order_id: "o".into(),
            customer_id: None,
            extra: None,
        }))
        .unwrap_err();
        assert_eq!(e.detail().unwrap().http_status, Some(502));
        assert_eq!(
            c.driver.transport.sent.borrow().len(),
            3,
            "1 + maxRetries(2)"
        );
        let c = client(vec![
            Ok(HttpResponse::new(400, "{}")),
            Ok(HttpResponse::new(200, OK_BODY)),
        ]);
        assert!(pollster::block_on(c.status(StatusRequest {
            order_id: "o".into(),
            customer_id: None,
            extra: None
        }))
        .is_err());
        assert_eq!(c.driver.transport.sent.borrow().len(), 1);
    }

    #[test]
    fn confirm_payout_adds_the_confirmation_to_extra() {
        let c = client(vec![Ok(HttpResponse::new(200, OK_BODY))]);
        let mut r = req(14, "254700000000", "100", "KES");
        r.extra = Some(json!({"customer_name":"A"}).as_object().unwrap().clone());
        let conf = json!({"confirmation_code":"1234"})
            .as_object()
            .unwrap()
            .clone();
        pollster::block_on(c.confirm_payout(r, conf)).unwrap();
        let sent = c.driver.transport.sent.borrow();
        let body: Value = serde_json::from_str(sent[0].body.as_ref().unwrap()).unwrap();
        assert!(sent[0].url.ends_with("/payment_b2c"));
        assert_eq!(
            body["extra"],
            json!({"customer_name":"A","confirmation_code":"1234"})
        );
        assert_eq!(body["order_id"], "test_161225_01_1");
    }

    #[test]
    fn no_secret_in_debug_or_errors() {
        let c = client(vec![Ok(HttpResponse::new(
            200,
            r#"{"status":-1,"result":{"code":10201}}"#,
        ))]);
        let dbg = format!(
            "{:?} {:?}",
            c.config,
            build_payment_c2b(&cfg(), &req(14, "1", "1", "KES")).unwrap()
        );
        assert!(!dbg.contains(SECRET) && dbg.contains("[redacted]"), "{dbg}");
        let e = pollster::block_on(c.collect(req(14, "1", "1", "KES"))).unwrap_err();
        assert!(!format!("{e} {e:?}").contains(SECRET));
        let bad = UnipesaConfig {
            secret_key: Secret::new(String::new()),
            ..cfg()
        };
        assert_eq!(bad.check().unwrap_err().field(), Some("secretKey"));
    }
}
