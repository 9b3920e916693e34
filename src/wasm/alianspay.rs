//! The AliansPay client behind the JS `AliansPay` class (seed 000; PROVIDERS.md §5): JSON text in and out.

use super::fetch::{FetchTransport, JsEnv};
use super::{
    client_options, parse_input, promise, required_string, string_option, to_js_error, to_json,
};
use crate::client::alianspay::AliansPayClient;
use crate::core::{Error, Secret};
use crate::providers::alianspay::{
    self, input, AliansPayConfig, AliansPayHeaderNames, AliansPayPaths,
};
use serde_json::{Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

const OPTIONS: &[&str] = &[
    "guid",
    "baseUrl",
    "paths",
    "headerNames",
    "timeoutMs",
    "maxRetries",
];

/// Reads an object option of string values into `slots` (name → target), refusing unknown names.
fn string_map(
    o: &Map<String, Value>,
    key: &str,
    slots: &mut [(&str, &mut String)],
) -> Result<(), Error> {
    let given = match o.get(key) {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Error::validation(key, "must be an object")),
    };
    let names: Vec<&str> = slots.iter().map(|(n, _)| *n).collect();
    if let Some(k) = given.keys().find(|k| !names.contains(&k.as_str())) {
        return Err(Error::validation(
            format!("{key}.{k}"),
            format!("is not a known name (allowed: {})", names.join(", ")),
        ));
    }
    for (name, slot) in slots.iter_mut() {
        match given.get(*name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => **slot = s.clone(),
            Some(_) => {
                return Err(Error::validation(
                    format!("{key}.{name}"),
                    "must be a string",
                ))
            }
        }
    }
    Ok(())
}

/// The AliansPay client behind the JS `AliansPay` class.
#[wasm_bindgen]
pub struct AliansPayCore {
    client: Rc<AliansPayClient<FetchTransport, JsEnv>>,
}

#[wasm_bindgen]
impl AliansPayCore {
    /// `options_json`: `{ guid, baseUrl?, paths?: { collection?, disbursement?, transaction?, balance? },
    /// headerNames?: { guid?, otp? }, timeoutMs?, maxRetries? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options_json: &str,
        fetch: Option<js_sys::Function>,
    ) -> Result<AliansPayCore, JsValue> {
        let build = || -> Result<AliansPayCore, Error> {
            let o = &super::options_object(options_json, "AliansPay", OPTIONS, "fetch")?;
            let mut paths = AliansPayPaths::default();
            string_map(
                o,
                "paths",
                &mut [
                    ("collection", &mut paths.collection),
                    ("disbursement", &mut paths.disbursement),
                    ("transaction", &mut paths.transaction),
                    ("balance", &mut paths.balance),
                ],
            )?;
            let mut header_names = AliansPayHeaderNames::default();
            string_map(
                o,
                "headerNames",
                &mut [
                    ("guid", &mut header_names.guid),
                    ("otp", &mut header_names.otp),
                ],
            )?;
            let config = AliansPayConfig {
                base_url: string_option(o, "baseUrl")?
                    .unwrap_or_else(|| alianspay::DEFAULT_BASE_URL.into()),
                guid: Secret::new(required_string(o, "guid")?),
                paths,
                header_names,
            };
            let client = AliansPayClient::new(
                config,
                client_options(o)?,
                FetchTransport::new(fetch)?,
                JsEnv,
            )?;
            Ok(AliansPayCore {
                client: Rc::new(client),
            })
        };
        build().map_err(to_js_error)
    }

    /// `POST /api/v1/collection`; resolves to the Transaction as JSON text.
    pub fn collect(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let req = input::operation_from_value(&parse_input(&request_json, "request")?)?;
            c.collect(req).await
        })
    }

    /// `POST /api/v1/disbursement`; resolves to the Transaction as JSON text.
    pub fn payout(&self, request_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let req = input::operation_from_value(&parse_input(&request_json, "request")?)?;
            c.payout(req).await
        })
    }

    /// `GET /api/v1/transaction/{externalTransactionId}` (JSON text of a string or an object).
    pub fn status(&self, reference_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let id = input::status_from_value(&parse_input(&reference_json, "reference")?)?;
            c.status(&id).await
        })
    }

    /// `GET /api/v1/balance`; resolves to the Balance list as JSON text.
    pub fn balance(&self) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { c.balance().await })
    }

    /// Reads a callback body (the raw text); returns the Callback as JSON text.
    #[wasm_bindgen(js_name = parseCallback)]
    pub fn parse_callback(&self, raw_body: &str) -> Result<String, JsValue> {
        let cb = self.client.parse_callback(raw_body).map_err(to_js_error)?;
        to_json(&cb)
    }

    /// Reads a callback and confirms it with a status query; resolves to the Callback as JSON text.
    #[wasm_bindgen(js_name = confirmCallback)]
    pub fn confirm_callback(&self, raw_body: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move { c.confirm_callback(&raw_body).await })
    }
}
