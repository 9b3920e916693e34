//! The MTN MoMo client (docs/providers/momo.md): per-product tokens from a shared [`TokenCache`] (cached until shortly
//! before `expires_in`, one fetch for concurrent callers, renewed once on a 401), and creating calls whose
//! `X-Reference-Id` is made ONCE per operation and reused by every retry. A retry answered `409
//! RESOURCE_ALREADY_EXIST` means an earlier attempt was accepted: the client reads the status instead of
//! creating anything again.

use super::driver::{Auth, CachedToken, Driver, TokenGrant};
use super::{ClientOptions, Environment, PaymentClient, Transport};
use crate::core::ErrorKind;
use crate::core::{Balance, Error, HttpRequest, HttpResponse, Secret, Transaction};
use crate::providers::momo::input::create_from_value;
use crate::providers::momo::{self as api, CreateRequest, Kind, MomoConfig, Product};
use crate::providers::CallbackHint;
use serde_json::Value;
use std::cell::Cell;

/// A MoMo API-user client.
#[derive(Clone)]
pub struct MomoClient<T, E> {
    /// Credentials and settings.
    pub config: MomoConfig,
    /// Transport, clock, retries, token cache.
    pub driver: Driver<T, E>,
    /// The product `balance` reads when the query names none (else every product that has a key).
    pub default_product: Option<Product>,
}

/// A product's token call (`POST /{product}/token/`, HTTP Basic with the API user and key) as the driver's
/// token strategy: one token per product and API user.
struct ProductGrant<'a> {
    config: &'a MomoConfig,
    product: Product,
}

impl TokenGrant for ProductGrant<'_> {
    fn token_key(&self) -> String {
        self.config.token_key(self.product)
    }
    fn build_token_request(&self) -> Result<HttpRequest, Error> {
        api::build_token(self.config, self.product)
    }
    fn parse_token_response(&self, resp: &HttpResponse, now_ms: u64) -> Result<CachedToken, Error> {
        api::parse_token(resp, now_ms)
    }
    fn secrets(&self) -> Vec<&str> {
        let mut s = vec![self.config.api_key.expose().as_str()];
        if let Ok(k) = self.config.subscription_keys.get(self.product) {
            s.push(k.expose());
        }
        s
    }
}

/// The result of provisioning a sandbox API user.
#[derive(Debug, Clone)]
pub struct ProvisionedUser {
    /// The new API user (a UUID v4).
    pub api_user: String,
    /// Its API key.
    pub api_key: Secret<String>,
}

/// Sandbox provisioning (docs/providers/momo.md): `POST /v1_0/apiuser` then `POST /v1_0/apiuser/{id}/apikey`.
/// The user id is made once and reused by the retries of the first call; a 409 on a retry means it was created.
pub async fn provision_sandbox_user<T: Transport, E: Environment>(
    transport: T,
    env: E,
    options: &ClientOptions,
    base_url: &str,
    subscription_key: &Secret<String>,
    provider_callback_host: &str,
) -> Result<ProvisionedUser, Error> {
    let driver = Driver::new(transport, env, *options);
    let api_user = driver.env.uuid_v4()?;
    let create = api::build_create_api_user(
        base_url,
        subscription_key,
        &api_user,
        provider_callback_host,
    )?;
    let created = driver
        .exchange(Auth::None, &|_| Ok(create.clone()), true)
        .await?;
    let resp = created.response;
    if !(resp.is_success() || (created.retries > 0 && api::is_already_exists(&resp))) {
        return Err(api::error_from_response(&resp, None));
    }
    // Creating a key again replaces the previous one, so this call is not repeated blindly.
    let resp = driver
        .exchange(
            Auth::None,
            &|_| api::build_create_api_key(base_url, subscription_key, &api_user),
            false,
        )
        .await?
        .response;
    Ok(ProvisionedUser {
        api_key: api::parse_api_key(&resp)?,
        api_user,
    })
}

impl<T: Transport, E: Environment> MomoClient<T, E> {
    /// Shares this client's tokens through `store` (issue 6: edge isolates reuse one token per product and API
    /// user). Keys: `payrail:momo:{targetEnvironment}:{token key}`; the API user is an id, not a secret.
    pub fn share_tokens(&self, store: std::rc::Rc<dyn super::token::TokenStore>) {
        self.driver
            .share_tokens(store, format!("momo:{}", self.config.target_environment));
    }

    /// A client; the configuration is checked now.
    pub fn new(
        config: MomoConfig,
        options: ClientOptions,
        transport: T,
        env: E,
    ) -> Result<Self, Error> {
        config.check()?;
        Ok(MomoClient {
            config,
            driver: Driver::new(transport, env, options),
            default_product: None,
        })
    }

    /// The bearer token of `product`: cached, fetched once for concurrent callers.
    pub async fn token(&self, product: Product) -> Result<Secret<String>, Error> {
        self.driver
            .token(&ProductGrant {
                config: &self.config,
                product,
            })
            .await
    }

    /// Sends a request of `product` built with the current token, under the retry policy ([`Driver::exchange_bearer`]: a
    /// 401 renews the token once). `attempts` records how many retries the LAST round took.
    async fn send_authed(
        &self,
        product: Product,
        build: &dyn Fn(&Secret<String>) -> Result<HttpRequest, Error>,
        idempotent: bool,
        attempts: &Cell<u32>,
    ) -> Result<HttpResponse, Error> {
        let grant = ProductGrant {
            config: &self.config,
            product,
        };
        let exchange = self
            .driver
            .exchange_bearer(&grant, &|a| build(a.bearer()?), idempotent)
            .await?;
        attempts.set(exchange.retries);
        Ok(exchange.response)
    }

    /// A creating call of any kind. The reference id is the caller's or a fresh UUID v4, made once here and
    /// reused by every retry. Answers the pending transaction; when a retry met `409 RESOURCE_ALREADY_EXIST`
    /// (an earlier attempt was accepted), the operation's status instead.
    pub async fn create(
        &self,
        kind: Kind,
        reference_id: Option<String>,
        callback_url: Option<String>,
        body: serde_json::Map<String, Value>,
    ) -> Result<Transaction, Error> {
        let reference_id = match reference_id {
            Some(r) => r,
            None => self.driver.env.uuid_v4()?,
        };
        let req = CreateRequest {
            kind,
            reference_id,
            callback_url,
            body,
        };
        // Fails before anything is sent when the input is wrong.
        api::check_create(&self.config, &req)?;
        let attempts = Cell::new(0);
        let outcome = self
            .send_authed(
                kind.product(),
                &|token| api::build_create(&self.config, token, &req),
                true,
                &attempts,
            )
            .await;
        let error = match outcome {
            // The reference exists: an earlier attempt of this call, or an earlier call repeated with the same
            // reference (what an unknown outcome tells the caller to do). Either way the operation under this
            // key is the answer, never a second one.
            Ok(resp) if api::is_already_exists(&resp) => {
                return self.status(kind, &req.reference_id).await;
            }
            Ok(resp) => match api::parse_accepted(&resp) {
                Ok(()) => return Ok(api::accepted_transaction(&req)),
                Err(e) => e,
            },
            Err(e) => e,
        };
        self.settle_unknown_outcome(kind, &req.reference_id, error)
            .await
    }

    /// After the retries of a creating call ended in an error that leaves its outcome unknown (no answer, a
    /// time-out, a 5xx: the operation may have run), reads the status once: if MTN knows the reference, the
    /// operation exists and its transaction is returned. Otherwise the error is returned, its message naming
    /// the reference so the caller can check it again later.
    async fn settle_unknown_outcome(
        &self,
        kind: Kind,
        reference_id: &str,
        error: Error,
    ) -> Result<Transaction, Error> {
        let unknown = match error.kind() {
            ErrorKind::Network { .. } | ErrorKind::Timeout { .. } => true,
            ErrorKind::Provider { detail, .. } => detail.http_status.is_some_and(|s| s >= 500),
            _ => false,
        };
        if !unknown {
            return Err(error);
        }
        if let Ok(t) = self.status(kind, reference_id).await {
            return Ok(t);
        }
        let note = format!(
            " (X-Reference-Id {reference_id}: the operation may still have been created; read its status with this reference before creating it again)"
        );
        let mut error = error;
        match &mut *error {
            ErrorKind::Network { message } | ErrorKind::Provider { message, .. } => {
                message.push_str(&note)
            }
            _ => {}
        }
        Err(error)
    }

    /// The status of an operation of `kind` by its reference id.
    pub async fn status(&self, kind: Kind, reference_id: &str) -> Result<Transaction, Error> {
        api::check_reference_id("reference", reference_id)?;
        let resp = self
            .send_authed(
                kind.product(),
                &|token| api::build_status(&self.config, token, kind, reference_id),
                true,
                &Cell::new(0),
            )
            .await?;
        api::parse_status(&resp, reference_id)
    }

    /// Polls the status every `interval_ms` until it is final or `timeout_ms` has passed; returns the last read.
    pub async fn wait_for_final(
        &self,
        kind: Kind,
        reference_id: &str,
        interval_ms: u64,
        timeout_ms: u64,
    ) -> Result<Transaction, Error> {
        let deadline = self.driver.env.now_ms().saturating_add(timeout_ms);
        loop {
            let t = self.status(kind, reference_id).await?;
            if t.status.is_final() || self.driver.env.now_ms() >= deadline {
                return Ok(t);
            }
            self.driver.env.sleep(interval_ms.max(1)).await;
        }
    }

    /// Balance of a product (all of the account, or of one currency).
    pub async fn balance(
        &self,
        product: Product,
        currency: Option<&str>,
    ) -> Result<Balance, Error> {
        let resp = self
            .send_authed(
                product,
                &|token| api::build_balance(&self.config, token, product, currency),
                true,
                &Cell::new(0),
            )
            .await?;
        api::parse_balance(&resp)
    }

    /// Whether an account holder is active.
    pub async fn account_holder_active(
        &self,
        product: Product,
        id_type: &str,
        id: &str,
    ) -> Result<bool, Error> {
        let resp = self
            .send_authed(
                product,
                &|token| {
                    api::build_account_holder_active(&self.config, token, product, id_type, id)
                },
                true,
                &Cell::new(0),
            )
            .await?;
        api::parse_account_holder_active(&resp)
    }

    /// Basic user info of an MSISDN.
    pub async fn basic_user_info(&self, product: Product, msisdn: &str) -> Result<Value, Error> {
        let resp = self
            .send_authed(
                product,
                &|token| api::build_basic_user_info(&self.config, token, product, msisdn),
                true,
                &Cell::new(0),
            )
            .await?;
        api::parse_object(&resp)
    }

    /// Delivery notification of a successful request to pay. Not retried: MTN gives it no idempotency key.
    pub async fn delivery_notification(
        &self,
        reference_id: &str,
        message: &str,
    ) -> Result<(), Error> {
        let resp = self
            .send_authed(
                Product::Collection,
                &|token| {
                    api::build_delivery_notification(&self.config, token, reference_id, message)
                },
                false,
                &Cell::new(0),
            )
            .await?;
        api::parse_ok(&resp)
    }

    /// Cancels a pending invoice (`DELETE` with its own new X-Reference-Id, made once and reused by the
    /// retries); answers the invoice's status afterwards.
    pub async fn cancel_invoice(
        &self,
        invoice_reference_id: &str,
        external_id: Option<&str>,
    ) -> Result<Transaction, Error> {
        let cancel_ref = self.driver.env.uuid_v4()?;
        let attempts = Cell::new(0);
        let resp = self
            .send_authed(
                Product::Collection,
                &|token| {
                    api::build_cancel_invoice(
                        &self.config,
                        token,
                        invoice_reference_id,
                        &cancel_ref,
                        external_id,
                    )
                },
                true,
                &attempts,
            )
            .await?;
        // A 409 on a retry: the first attempt may have cancelled the invoice already (the invoice is then no
        // longer pending, which MTN answers with a 409 too): its status tells.
        if !(resp.status == 409 && attempts.get() > 0) {
            api::parse_ok(&resp)?;
        }
        self.status(Kind::Invoice, invoice_reference_id).await
    }

    /// A creating call of `kind` from its JS request object (MTN's own fields and the unified ones).
    pub async fn create_from(&self, kind: Kind, request: &Value) -> Result<Transaction, Error> {
        let i = create_from_value(kind, request, &self.config.target_environment)?;
        self.create(kind, i.reference_id, i.callback_url, i.body)
            .await
    }

    /// Balances of `query.product` (or of every product that has a subscription key), each with its product.
    pub async fn balances_by_product(
        &self,
        query: &BalanceQuery,
    ) -> Result<Vec<(Product, Balance)>, Error> {
        let products: Vec<Product> = match query.product.or(self.default_product) {
            Some(p) => vec![p],
            None => Product::ALL
                .into_iter()
                .filter(|p| self.config.subscription_keys.get(*p).is_ok())
                .collect(),
        };
        let mut out = Vec::with_capacity(products.len());
        for p in products {
            out.push((p, self.balance(p, query.currency.as_deref()).await?));
        }
        Ok(out)
    }
}

/// A balance of one MoMo product's account: the balance's fields, then `product`.
#[derive(Debug, Clone)]
pub struct ProductBalance {
    /// The balance.
    pub balance: Balance,
    /// The product (`"collection"`, `"disbursement"`, `"remittance"`).
    pub product: &'static str,
}

/// Written as one struct of five fields, not with `#[serde(flatten)]`: flatten goes through serde's map
/// writer (`FlatMapSerializer`), a second way of writing an object compiled into the wasm for this type alone.
impl serde::Serialize for ProductBalance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let b = &self.balance;
        let mut o = s.serialize_struct("ProductBalance", 5)?;
        o.serialize_field("provider", b.provider.as_str())?;
        o.serialize_field("available", &b.available)?;
        o.serialize_field("currency", &b.currency)?;
        o.serialize_field("raw", &Raw(&b.raw))?;
        o.serialize_field("product", self.product)?;
        o.end()
    }
}

/// A balance's `raw` as [`Balance`] writes it ([`crate::core::model::plain_json`]).
struct Raw<'a>(&'a Value);

impl serde::Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::core::model::plain_json(self.0, s)
    }
}

/// What MoMo's unified `balance` reads: one product's account (or every product with a key), in one currency
/// or all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BalanceQuery {
    /// The product; `None` for every product that has a subscription key.
    pub product: Option<Product>,
    /// `account/balance/{currency}` instead of the whole account.
    pub currency: Option<String>,
}

impl<T: Transport, E: Environment> PaymentClient for MomoClient<T, E> {
    type Api = MomoConfig;
    /// The JS request object, read against the fields of the call's own kind (a request to pay or a
    /// transfer) when the call is made.
    type PaymentRequest = Value;
    type StatusQuery = (String, Kind);
    type BalanceQuery = BalanceQuery;
    type BalanceEntry = ProductBalance;
    type Confirmed = Transaction;

    fn api(&self) -> &MomoConfig {
        &self.config
    }

    /// The `X-Reference-Id` (`referenceId`, or the unified `reference`), a UUID v4 made here when absent. An
    /// unknown outcome is settled by the client itself (a 409 on a retry, or one status read).
    fn assign_reference(&self, request: &mut Value) -> Result<String, Error> {
        let Value::Object(o) = request else {
            return Err(Error::validation("request", "must be an object"));
        };
        for key in ["referenceId", "reference"] {
            match o.get(key) {
                Some(Value::String(r)) => return Ok(r.clone()),
                None | Some(Value::Null) => {}
                Some(_) => return Err(Error::validation(key, "must be a string")),
            }
        }
        let r = self.driver.env.uuid_v4()?;
        o.insert("referenceId".into(), Value::String(r.clone()));
        Ok(r)
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
        let keys = &self.config.subscription_keys;
        let mut s = vec![self.config.api_key.expose().clone()];
        for k in [&keys.collection, &keys.disbursement, &keys.remittance]
            .into_iter()
            .flatten()
        {
            s.push(k.expose().clone());
        }
        s.extend(self.driver.cached_tokens());
        s
    }

    /// A request to pay (`POST /collection/v1_0/requesttopay`).
    async fn collect(&self, request: Value) -> Result<Transaction, Error> {
        self.create_from(Kind::RequestToPay, &request).await
    }

    /// A disbursement transfer (`POST /disbursement/v1_0/transfer`).
    async fn payout(&self, request: Value) -> Result<Transaction, Error> {
        self.create_from(Kind::Transfer, &request).await
    }

    /// A request to pay (`collect`) or a transfer (any other `op`): one future.
    async fn collect_or_payout(
        &self,
        op: crate::providers::Operation,
        request: Value,
    ) -> Result<Transaction, Error> {
        let kind = match op {
            crate::providers::Operation::Collect => Kind::RequestToPay,
            _ => Kind::Transfer,
        };
        self.create_from(kind, &request).await
    }

    /// The status of an operation of a kind by its reference id.
    async fn status(&self, (reference_id, kind): (String, Kind)) -> Result<Transaction, Error> {
        MomoClient::status(self, kind, &reference_id).await
    }

    /// The balances of [`MomoClient::balances_by_product`], each with its product.
    async fn balance(&self, query: BalanceQuery) -> Result<Vec<ProductBalance>, Error> {
        let tagged = self.balances_by_product(&query).await?;
        Ok(tagged
            .into_iter()
            .map(|(p, balance)| ProductBalance {
                balance,
                product: p.as_str(),
            })
            .collect())
    }

    /// Reads a callback, then confirms it by reading the status of its reference (MTN signs nothing,
    /// docs/providers/momo.md#callbacks); the confirmed transaction is what to act on. The reference comes from
    /// `hint` (MTN's callbacks carry none), the kind from `hint` too (default: request to pay).
    async fn confirm_callback(
        &self,
        raw_body: &str,
        hint: &CallbackHint,
    ) -> Result<Transaction, Error> {
        let kind = match hint.kind.as_deref() {
            Some(k) => Kind::parse("kind", k)?,
            None => Kind::RequestToPay,
        };
        let hint = CallbackHint {
            reference: hint.reference.clone(),
            kind: Some(kind.as_str().to_string()),
        };
        let cb = self.parse_callback(raw_body, &hint)?;
        MomoClient::status(self, kind, &cb.reference).await
    }
}

#[cfg(test)]
#[path = "tests/momo.rs"]
mod tests;
