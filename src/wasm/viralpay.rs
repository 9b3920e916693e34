//! The ViralPAY client behind the JS `ViralPay` class (seed 002; PROVIDERS.md §4): JSON text in and out.

use super::fetch::{FetchTransport, JsEnv};
use super::unified::{json_arg, unified_exports, JsArgs};
use super::{client_options, parse_input, promise, required_string, string_option, to_js_error};
use crate::client::viralpay::ViralPayClient;
use crate::core::{Error, Secret};
use crate::providers::viralpay::{
    self, input, MobileRequest, StatusQuery, ViralPayConfig, ViralPayPaths,
};
use serde_json::{Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

const OPTIONS: &[&str] = &[
    "clientId",
    "clientSecret",
    "username",
    "password",
    "baseUrl",
    "paths",
    "timeoutMs",
    "maxRetries",
];

/// Reads `paths: { token?, account?, balances?, transactions?, transactionStatus?, payments?, transfers?,
/// virements?, notifications? }` over PROVIDERS.md §4's defaults.
fn paths_option(o: &Map<String, Value>) -> Result<ViralPayPaths, Error> {
    let mut paths = ViralPayPaths::default();
    let given = match o.get("paths") {
        None | Some(Value::Null) => return Ok(paths),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Error::validation("paths", "must be an object of paths")),
    };
    let names: Vec<&str> = paths.entries_mut().iter().map(|(n, _)| *n).collect();
    if let Some(k) = given.keys().find(|k| !names.contains(&k.as_str())) {
        return Err(Error::validation(
            format!("paths.{k}"),
            format!("is not a ViralPAY function (allowed: {})", names.join(", ")),
        ));
    }
    for (name, slot) in paths.entries_mut() {
        match given.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => *slot = s.clone(),
            Some(_) => {
                return Err(Error::validation(
                    format!("paths.{name}"),
                    "must be a string",
                ))
            }
        }
    }
    Ok(paths)
}

/// The ViralPAY client behind the JS `ViralPay` class.
#[wasm_bindgen]
pub struct ViralPayCore {
    client: Rc<ViralPayClient<FetchTransport, JsEnv>>,
}

#[wasm_bindgen]
impl ViralPayCore {
    /// Shares tokens through a JS store `{ get(key), set(key, value, ttlSeconds) }` (the `tokenStore` option).
    #[wasm_bindgen(js_name = setTokenStore)]
    pub fn set_token_store(&self, store: JsValue) -> Result<(), JsValue> {
        let store = super::fetch::JsTokenStore::new(store).map_err(super::to_js_error)?;
        self.client.share_tokens(std::rc::Rc::new(store));
        Ok(())
    }

    /// `options_json`: `{ clientId, clientSecret, username, password, baseUrl?, paths?, timeoutMs?, maxRetries? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options_json: &str,
        fetch: Option<js_sys::Function>,
    ) -> Result<ViralPayCore, JsValue> {
        let build = || -> Result<ViralPayCore, Error> {
            let o = &super::options_object(options_json, "ViralPay", OPTIONS, "fetch, tokenStore")?;
            let config = ViralPayConfig {
                base_url: string_option(o, "baseUrl")?
                    .unwrap_or_else(|| viralpay::DEFAULT_BASE_URL.into()),
                client_id: required_string(o, "clientId")?,
                client_secret: Secret::new(required_string(o, "clientSecret")?),
                username: required_string(o, "username")?,
                password: Secret::new(required_string(o, "password")?),
                paths: paths_option(o)?,
            };
            let client = ViralPayClient::new(
                config,
                client_options(o)?,
                FetchTransport::new(fetch)?,
                JsEnv,
            )?;
            Ok(ViralPayCore {
                client: Rc::new(client),
            })
        };
        build().map_err(to_js_error)
    }

    /// `POST /v1/virements`; resolves to the Transaction as JSON text.
    #[wasm_bindgen(js_name = bankTransfer)]
    pub fn bank_transfer(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let req = input::bank_transfer_from_value(&parse_input(&request_json, "request")?)?;
            c.bank_transfer(req).await
        })
    }

    /// `GET /v1/account`.
    pub fn account(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { c.account().await })
    }

    /// `GET /v1/transactions`.
    pub fn transactions(&self, query_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let q = input::transactions_from_value(&parse_input(&query_json, "query")?)?;
            c.transactions(q).await
        })
    }

    /// `POST /v1/notifications`.
    pub fn notifications(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let r = input::notification_from_value(&parse_input(&request_json, "request")?)?;
            c.notifications(r).await
        })
    }
}

// The unified calls' arguments still cross as JSON text (js/providers/viralpay.js) until ViralPAY's inputs are
// typed structs like Unipesa's.
impl JsArgs for ViralPayClient<FetchTransport, JsEnv> {
    fn payment_request(&self, request: JsValue) -> Result<MobileRequest, Error> {
        input::mobile_from_value(&json_arg(request, "request")?)
    }
    fn status_query(&self, reference: JsValue) -> Result<StatusQuery, Error> {
        input::status_from_value(&json_arg(reference, "reference")?)
    }
    fn balance_query(&self, _query: JsValue) -> Result<(), Error> {
        Ok(())
    }
}

unified_exports!(ViralPayCore);
