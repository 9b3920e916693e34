//! The AliansPay client behind the JS `AliansPay` class (seed 000; PROVIDERS.md §5): JSON text in and out.

use super::fetch::{FetchTransport, JsEnv};
use super::unified::{json_arg, unified_exports, JsArgs};
use super::{client_options, required_string, string_option, to_js_error};
use crate::client::alianspay::AliansPayClient;
use crate::core::{Error, Secret};
use crate::providers::alianspay::{
    self, input, AliansPayConfig, AliansPayHeaderNames, AliansPayPaths, OperationRequest,
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
}

// The unified calls' arguments still cross as JSON text (js/providers/alianspay.js) until AliansPay's inputs are
// typed structs like Unipesa's.
impl JsArgs for AliansPayClient<FetchTransport, JsEnv> {
    fn payment_request(&self, request: JsValue) -> Result<OperationRequest, Error> {
        input::operation_from_value(&json_arg(request, "request")?)
    }
    fn status_query(&self, reference: JsValue) -> Result<String, Error> {
        input::status_from_value(&json_arg(reference, "reference")?)
    }
    fn balance_query(&self, _query: JsValue) -> Result<(), Error> {
        Ok(())
    }
}

unified_exports!(AliansPayCore);
