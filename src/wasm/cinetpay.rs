//! The wasm export behind the JS `CinetPay` class (CinetPay Transfer API v1, seed 001, PROVIDERS.md §3).
//! JSON text in and out, errors through [`to_js_error`], like `UnipesaCore`.

use super::fetch::{FetchTransport, JsEnv};
use super::unified::{json_arg, unified_exports, JsArgs};
use super::{client_options, parse_input, promise, required_string, string_option, to_js_error};
use crate::client::cinetpay::CinetPayClient;
use crate::core::{Error, Secret};
use crate::providers::cinetpay::input::PayoutRequest;
use crate::providers::cinetpay::TransferLookup;
use crate::providers::cinetpay::{self as api, input, CinetPayConfig, Lang};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

const OPTIONS: &[&str] = &[
    "apiKey",
    "password",
    "lang",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "currency",
];

/// The CinetPay client behind the JS `CinetPay` class.
#[wasm_bindgen]
pub struct CinetPayCore {
    client: Rc<CinetPayClient<FetchTransport, JsEnv>>,
}

#[wasm_bindgen]
impl CinetPayCore {
    /// Shares tokens through a JS store `{ get(key), set(key, value, ttlSeconds) }` (the `tokenStore` option).
    #[wasm_bindgen(js_name = setTokenStore)]
    pub fn set_token_store(&self, store: JsValue) -> Result<(), JsValue> {
        let store = super::fetch::JsTokenStore::new(store).map_err(super::to_js_error)?;
        self.client.share_tokens(std::rc::Rc::new(store));
        Ok(())
    }

    /// `options_json`: `{ apiKey, password, lang?: "fr"|"en", baseUrl?, timeoutMs?, maxRetries?, currency? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options_json: &str,
        fetch: Option<js_sys::Function>,
    ) -> Result<CinetPayCore, JsValue> {
        let build = || -> Result<CinetPayCore, Error> {
            let o = &super::options_object(options_json, "CinetPay", OPTIONS, "fetch, tokenStore")?;
            let config = CinetPayConfig {
                base_url: string_option(o, "baseUrl")?
                    .unwrap_or_else(|| api::DEFAULT_BASE_URL.into()),
                api_key: Secret::new(required_string(o, "apiKey")?),
                password: Secret::new(required_string(o, "password")?),
                lang: match string_option(o, "lang")? {
                    Some(l) => Lang::parse("lang", &l)?,
                    None => Lang::Fr,
                },
                currency: string_option(o, "currency")?
                    .unwrap_or_else(|| api::DEFAULT_CURRENCY.into()),
            };
            let client = CinetPayClient::new(
                config,
                client_options(o)?,
                FetchTransport::new(fetch)?,
                JsEnv,
            )?;
            Ok(CinetPayCore {
                client: Rc::new(client),
            })
        };
        build().map_err(to_js_error)
    }

    /// `transfer/contact` of a JSON array of contacts; resolves to the per-contact results.
    #[wasm_bindgen(js_name = addContacts)]
    pub fn add_contacts(&self, contacts_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let contacts = input::contacts_from_value(&parse_input(&contacts_json, "contacts")?)?;
            c.add_contacts(&contacts).await
        })
    }

    /// `money/send/contact` of a JSON array of transfers; resolves to one Transaction per transfer.
    #[wasm_bindgen(js_name = sendMoney)]
    pub fn send_money(&self, transfers_json: String) -> js_sys::Promise {
        let c = self.client.clone();
        promise(async move {
            let transfers = input::transfers_from_value(
                &parse_input(&transfers_json, "transfers")?,
                &c.config.currency,
            )?;
            c.send_money(transfers).await
        })
    }
}

// The unified calls' arguments still cross as JSON text (js/providers/cinetpay.js) until CinetPay's inputs are
// typed structs like Unipesa's.
impl JsArgs for CinetPayClient<FetchTransport, JsEnv> {
    fn payment_request(&self, request: JsValue) -> Result<PayoutRequest, Error> {
        input::payout_from_value(&json_arg(request, "request")?, &self.config.currency)
    }
    fn status_query(&self, reference: JsValue) -> Result<TransferLookup, Error> {
        input::lookup_from_value(&json_arg(reference, "reference")?)
    }
    fn balance_query(&self, _query: JsValue) -> Result<(), Error> {
        Ok(())
    }
}

unified_exports!(CinetPayCore);
