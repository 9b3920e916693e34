//! The MTN MoMo client behind the JS `MtnMomo` class (PROVIDERS.md §2). JSON text in and out, like `UnipesaCore`.

use super::fetch::{FetchTransport, JsEnv};
use super::unified::{json_arg, unified_exports, JsArgs};
use super::{client_options, parse_input, promise, required_string, string_option, to_js_error};
use crate::client::momo::{provision_sandbox_user, BalanceQuery, MomoClient};
use crate::core::{Error, Secret};
use crate::providers::momo::{self as api, input, Kind, MomoConfig, Product, SubscriptionKeys};
use serde_json::{json, Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

const OPTIONS: &[&str] = &[
    "subscriptionKey",
    "subscriptionKeys",
    "apiUser",
    "apiKey",
    "targetEnvironment",
    "baseUrl",
    "callbackUrl",
    "providerCallbackHost",
    "product",
    "timeoutMs",
    "maxRetries",
];

/// `subscriptionKey` (one for every product) and/or `subscriptionKeys: {collection, disbursement, remittance}`
/// (a product's own key wins).
fn subscription_keys(o: &Map<String, Value>) -> Result<SubscriptionKeys, Error> {
    let mut keys = match string_option(o, "subscriptionKey")? {
        Some(k) => SubscriptionKeys::single(&k),
        None => SubscriptionKeys::default(),
    };
    match o.get("subscriptionKeys") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            if let Some(k) = m
                .keys()
                .find(|k| Product::parse("subscriptionKeys", k).is_err())
            {
                return Err(Error::validation(
                    format!("subscriptionKeys.{k}"),
                    "is not a product (collection, disbursement, remittance)",
                ));
            }
            for p in Product::ALL {
                let field = format!("subscriptionKeys.{}", p.as_str());
                let v = match m.get(p.as_str()) {
                    None | Some(Value::Null) => continue,
                    Some(Value::String(s)) => Some(Secret::new(s.clone())),
                    Some(_) => return Err(Error::validation(field, "must be a string")),
                };
                match p {
                    Product::Collection => keys.collection = v,
                    Product::Disbursement => keys.disbursement = v,
                    Product::Remittance => keys.remittance = v,
                }
            }
        }
        Some(_) => {
            return Err(Error::validation(
                "subscriptionKeys",
                "must be an object {collection, disbursement, remittance}",
            ))
        }
    }
    Ok(keys)
}

fn product_option(o: &Map<String, Value>, key: &str) -> Result<Option<Product>, Error> {
    string_option(o, key)?
        .map(|p| Product::parse(key, &p))
        .transpose()
}

/// The MoMo client behind the JS `MtnMomo` class.
#[wasm_bindgen]
pub struct MomoCore {
    client: Rc<MomoClient<FetchTransport, JsEnv>>,
}

#[wasm_bindgen]
impl MomoCore {
    /// Shares tokens through a JS store `{ get(key), set(key, value, ttlSeconds) }` (the `tokenStore` option).
    #[wasm_bindgen(js_name = setTokenStore)]
    pub fn set_token_store(&self, store: JsValue) -> Result<(), JsValue> {
        let store = super::fetch::JsTokenStore::new(store).map_err(super::to_js_error)?;
        self.client.share_tokens(std::rc::Rc::new(store));
        Ok(())
    }

    /// `options_json`: `{ subscriptionKey | subscriptionKeys, apiUser, apiKey, targetEnvironment, baseUrl?,
    /// callbackUrl?, providerCallbackHost?, product?, timeoutMs?, maxRetries? }`. `baseUrl` defaults to MTN's sandbox host when
    /// `targetEnvironment` is `sandbox`, else the production host.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str, fetch: Option<js_sys::Function>) -> Result<MomoCore, JsValue> {
        let build = || -> Result<MomoCore, Error> {
            let o = super::options_object(options_json, "MtnMomo", OPTIONS, "fetch, tokenStore")?;
            let target_environment = required_string(&o, "targetEnvironment")?;
            api::check_target_environment(&target_environment)?;
            let default_base = if target_environment == "sandbox" {
                api::SANDBOX_BASE_URL
            } else {
                api::PRODUCTION_BASE_URL
            };
            let config = MomoConfig {
                base_url: string_option(&o, "baseUrl")?.unwrap_or_else(|| default_base.into()),
                subscription_keys: subscription_keys(&o)?,
                api_user: required_string(&o, "apiUser")?,
                api_key: Secret::new(required_string(&o, "apiKey")?),
                target_environment,
                callback_url: string_option(&o, "callbackUrl")?,
                provider_callback_host: string_option(&o, "providerCallbackHost")?,
            };
            let mut client = MomoClient::new(
                config,
                client_options(&o)?,
                FetchTransport::new(fetch)?,
                JsEnv,
            )?;
            client.default_product = product_option(&o, "product")?;
            Ok(MomoCore {
                client: Rc::new(client),
            })
        };
        build().map_err(to_js_error)
    }

    /// A creating call of `kind` (`requesttopay`, `transfer`, `payment`, ... see `Kind`); resolves to the
    /// Transaction as JSON text.
    pub fn create(&self, kind: String, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let kind = Kind::parse("kind", &kind)?;
            c.create_from(kind, &parse_input(&request_json, "request")?)
                .await
        })
    }

    /// Polls the status until it is final or `timeout_ms` passed.
    #[wasm_bindgen(js_name = waitForFinal)]
    pub fn wait_for_final(
        &self,
        reference_json: String,
        interval_ms: f64,
        timeout_ms: f64,
    ) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let (r, kind) = input::status_from_value(
                &parse_input(&reference_json, "reference")?,
                Kind::RequestToPay,
            )?;
            let ms = |field: &str, v: f64| -> Result<u64, Error> {
                if v.is_finite() && (0.0..=86_400_000.0).contains(&v) {
                    Ok(v as u64)
                } else {
                    Err(Error::validation(
                        field,
                        "must be a number of milliseconds from 0 to 86400000",
                    ))
                }
            };
            let interval = ms("intervalMs", interval_ms)?;
            let timeout = ms("timeoutMs", timeout_ms)?;
            c.wait_for_final(kind, &r, interval, timeout).await
        })
    }

    /// `accountholder/{type}/{id}/active` of a product; resolves to `true`/`false`.
    #[wasm_bindgen(js_name = accountHolderActive)]
    pub fn account_holder_active(
        &self,
        product: String,
        id_type: String,
        id: String,
    ) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p = Product::parse("product", &product)?;
            c.account_holder_active(p, &id_type, &id).await
        })
    }

    /// `accountholder/msisdn/{msisdn}/basicuserinfo` of a product.
    #[wasm_bindgen(js_name = basicUserInfo)]
    pub fn basic_user_info(&self, product: String, msisdn: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let p = Product::parse("product", &product)?;
            c.basic_user_info(p, &msisdn).await
        })
    }

    /// `requesttopay/{ref}/deliverynotification`.
    #[wasm_bindgen(js_name = deliveryNotification)]
    pub fn delivery_notification(&self, reference: String, message: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { c.delivery_notification(&reference, &message).await })
    }

    /// `DELETE /collection/v2_0/invoice/{ref}`; resolves to the invoice's status after cancelling.
    #[wasm_bindgen(js_name = cancelInvoice)]
    pub fn cancel_invoice(
        &self,
        reference: String,
        external_id: Option<String>,
    ) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { c.cancel_invoice(&reference, external_id.as_deref()).await })
    }

    /// The typed error of a transaction that ended badly, as the JS error description, or `null`.
    #[wasm_bindgen(js_name = failureError)]
    pub fn failure_error(&self, transaction_json: &str) -> Result<JsValue, JsValue> {
        let v = parse_input(transaction_json, "transaction").map_err(to_js_error)?;
        let t = transaction_from_js(&v).map_err(to_js_error)?;
        Ok(match api::failure_error(&t) {
            Some(e) => to_js_error(e),
            None => JsValue::NULL,
        })
    }
}

/// A Transaction object from JS back into the core type: only `reference`, `providerStatus` and `raw` are read
/// (status and reason are derived again from `raw`, as MTN wrote them).
fn transaction_from_js(v: &Value) -> Result<crate::core::Transaction, Error> {
    let o = v
        .as_object()
        .ok_or_else(|| Error::validation("transaction", "must be a Transaction object"))?;
    if o.get("provider").and_then(Value::as_str) != Some("momo") {
        return Err(Error::validation(
            "transaction.provider",
            "must be \"momo\": a transaction returned by MtnMomo",
        ));
    }
    let reference = required_string(o, "reference")?;
    let raw = o.get("raw").cloned().unwrap_or(Value::Null);
    if raw.get("status").is_none() {
        // An accepted, not yet read transaction (raw is null): pending.
        let mut t = api::accepted_transaction(&api::CreateRequest {
            kind: Kind::RequestToPay,
            reference_id: reference,
            callback_url: None,
            body: Map::new(),
        });
        t.raw = raw;
        return Ok(t);
    }
    let resp = crate::core::HttpResponse::new(200, raw.to_string());
    api::parse_status(&resp, &reference)
}

/// Sandbox provisioning: `{ subscriptionKey, providerCallbackHost, baseUrl?, timeoutMs?, maxRetries? }` →
/// `{ apiUser, apiKey }` (PROVIDERS.md §2, "Sandbox provisioning").
#[wasm_bindgen(js_name = momoProvisionSandboxUser)]
pub fn momo_provision_sandbox_user(
    options_json: String,
    fetch: Option<js_sys::Function>,
) -> js_sys::Promise {
    promise(async move {
        let allowed = [
            "subscriptionKey",
            "providerCallbackHost",
            "baseUrl",
            "timeoutMs",
            "maxRetries",
        ];
        let o = super::options_object(&options_json, "provisionSandboxUser", &allowed, "fetch")?;
        let key = Secret::new(required_string(&o, "subscriptionKey")?);
        let host = required_string(&o, "providerCallbackHost")?;
        let base = string_option(&o, "baseUrl")?.unwrap_or_else(|| api::SANDBOX_BASE_URL.into());
        let transport = FetchTransport::new(fetch)?;
        let u = provision_sandbox_user(transport, JsEnv, &client_options(&o)?, &base, &key, &host)
            .await?;
        Ok::<_, Error>(json!({ "apiUser": u.api_user, "apiKey": u.api_key.expose() }))
    })
}

// The unified calls' arguments still cross as JSON text (js/providers/momo.js) until MoMo's inputs are typed
// structs like Unipesa's.
impl JsArgs for MomoClient<FetchTransport, JsEnv> {
    fn payment_request(&self, request: JsValue) -> Result<Value, Error> {
        json_arg(request, "request")
    }
    fn status_query(&self, reference: JsValue) -> Result<(String, Kind), Error> {
        input::status_from_value(&json_arg(reference, "reference")?, Kind::RequestToPay)
    }
    fn balance_query(&self, query: JsValue) -> Result<BalanceQuery, Error> {
        let o = match json_arg(query, "request")? {
            Value::Null => Map::new(),
            Value::Object(o) => o,
            _ => {
                return Err(Error::validation(
                    "request",
                    "must be { product?, currency? }",
                ))
            }
        };
        if let Some(k) = o
            .keys()
            .find(|k| !matches!(k.as_str(), "product" | "currency"))
        {
            return Err(Error::validation(
                k.as_str(),
                "is not a field of balance (product, currency)",
            ));
        }
        Ok(BalanceQuery {
            product: product_option(&o, "product")?,
            currency: string_option(&o, "currency")?,
        })
    }
}

unified_exports!(MomoCore);
