//! The Unipesa client: collect, payout (with its confirmation), status and callbacks over a [`Transport`].
//! Every Unipesa call is idempotent by `order_id` (seed 003: "requests with identical nonce ... will have identical
//! responses and the corresponding operation won't be repeated"), so each is retried with the identical body.

use super::driver::{Auth, Driver};
use super::{ClientOptions, Environment, PaymentClient, Transport};
use crate::core::{Balance, Callback, Error, HttpRequest, HttpResponse, Transaction};
use crate::providers::unipesa::{self as api, PaymentRequest, StatusRequest, UnipesaConfig};
use serde_json::{Map, Value};

/// A Unipesa merchant client.
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

    /// The second, confirming `payment_b2c` (seed 003: "If the confirm_type response parameter is non-zero, send
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

    /// `payment_c2b`: the customer pays the merchant.
    async fn collect(&self, req: PaymentRequest) -> Result<Transaction, Error> {
        self.run(req, false).await
    }

    /// `payment_b2c`: the merchant pays the customer. A result with `confirm_type` set needs
    /// [`UnipesaClient::confirm_payout`].
    async fn payout(&self, req: PaymentRequest) -> Result<Transaction, Error> {
        self.run(req, true).await
    }

    /// `status` of an order.
    async fn status(&self, req: StatusRequest) -> Result<Transaction, Error> {
        let resp = self.send(&|| api::build_status(&self.config, &req)).await?;
        api::parse_payment_response(&resp, &req.order_id)
    }
}
