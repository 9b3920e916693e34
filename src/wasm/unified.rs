//! The unified calls of every provider class, generated once for all of them ([`unified_exports!`]) over
//! [`PaymentClient`]: `collect`, `payout`, `status`, `balance`, `parseCallback`, `confirmCallback`. An
//! operation a provider lacks rejects with the `UnsupportedError` its capabilities decide, before its input is
//! read or anything is sent.

use crate::client::PaymentClient;
use crate::core::Error;
use crate::providers::CallbackHint;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// Reads the JS arguments of the unified calls into a client's typed inputs.
pub(crate) trait JsArgs: PaymentClient {
    /// The argument of `collect` and `payout`.
    fn payment_request(&self, request: JsValue) -> Result<Self::PaymentRequest, Error>;
    /// The argument of `status`.
    fn status_query(&self, reference: JsValue) -> Result<Self::StatusQuery, Error>;
    /// The (optional) argument of `balance`.
    fn balance_query(&self, query: JsValue) -> Result<Self::BalanceQuery, Error>;
}

/// What `parseCallback` and `confirmCallback` take besides the body: what the route knows of the callback.
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallbackOptions {
    /// The reference of the operation (MoMo: the X-Reference-Id, which MTN's callbacks do not carry).
    #[serde(default)]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// The kind of operation (MoMo: `"requesttopay"`, `"transfer"`...; default `"requesttopay"`).
    #[serde(default)]
    #[tsify(optional)]
    pub kind: Option<String>,
}

/// The hint of a `parseCallback`/`confirmCallback` call (`undefined` for none).
pub(crate) fn callback_hint(options: JsValue) -> Result<CallbackHint, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(CallbackHint::default());
    }
    let o: CallbackOptions = super::boundary::from_js(options, "options")?;
    Ok(CallbackHint {
        reference: o.reference,
        kind: o.kind,
    })
}

/// Generates the unified calls of a provider class whose `client` field is an `Rc` of a [`JsArgs`] client.
macro_rules! unified_exports {
    ($core:ident) => {
        #[wasm_bindgen]
        impl $core {
            /// The customer pays you; rejects with an `UnsupportedError` where the provider has no collection.
            #[wasm_bindgen(unchecked_return_type = "Promise<Transaction>")]
            pub fn collect(&self, request: JsValue) -> js_sys::Promise {
                let c = self.client.clone();
                $crate::wasm::boundary::promise(async move {
                    let op = $crate::providers::Operation::Collect;
                    let not_sent = |e| $crate::core::MoneyError::new(e, None);
                    $crate::wasm::unified::require(&*c, op).map_err(not_sent)?;
                    let req = $crate::wasm::unified::JsArgs::payment_request(&*c, request)
                        .map_err(not_sent)?;
                    $crate::client::PaymentClient::move_money(&*c, op, req).await
                })
            }

            /// You pay a customer.
            #[wasm_bindgen(unchecked_return_type = "Promise<Transaction>")]
            pub fn payout(&self, request: JsValue) -> js_sys::Promise {
                let c = self.client.clone();
                $crate::wasm::boundary::promise(async move {
                    let op = $crate::providers::Operation::Payout;
                    let not_sent = |e| $crate::core::MoneyError::new(e, None);
                    $crate::wasm::unified::require(&*c, op).map_err(not_sent)?;
                    let req = $crate::wasm::unified::JsArgs::payment_request(&*c, request)
                        .map_err(not_sent)?;
                    $crate::client::PaymentClient::move_money(&*c, op, req).await
                })
            }

            /// The status of an operation by its reference.
            #[wasm_bindgen(unchecked_return_type = "Promise<Transaction>")]
            pub fn status(&self, reference: JsValue) -> js_sys::Promise {
                let c = self.client.clone();
                $crate::wasm::boundary::promise(async move {
                    let q = $crate::wasm::unified::JsArgs::status_query(&*c, reference)?;
                    let read = $crate::client::PaymentClient::status(&*c, q).await;
                    read.map_err(|e| $crate::client::PaymentClient::scrub(&*c, e))
                })
            }

            /// The merchant's balances; rejects with an `UnsupportedError` where the provider has none.
            #[wasm_bindgen(unchecked_return_type = "Promise<Balance[]>")]
            pub fn balance(&self, query: JsValue) -> js_sys::Promise {
                let c = self.client.clone();
                $crate::wasm::boundary::promise(async move {
                    $crate::wasm::unified::require(&*c, $crate::providers::Operation::Balance)?;
                    let q = $crate::wasm::unified::JsArgs::balance_query(&*c, query)?;
                    let read = $crate::client::PaymentClient::balance(&*c, q).await;
                    read.map_err(|e| $crate::client::PaymentClient::scrub(&*c, e))
                })
            }

            /// Reads (and verifies, where the provider signs) a callback body.
            #[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "Callback")]
            pub fn parse_callback(
                &self,
                raw_body: &str,
                options: JsValue,
            ) -> Result<JsValue, JsValue> {
                let read = || {
                    let hint = $crate::wasm::unified::callback_hint(options)?;
                    $crate::client::PaymentClient::parse_callback(&*self.client, raw_body, &hint)
                };
                match read() {
                    Ok(cb) => $crate::wasm::boundary::to_js(&cb),
                    Err(e) => Err($crate::wasm::boundary::to_js_error(e)),
                }
            }

            /// Reads a callback and confirms it with a status read (the providers that sign nothing).
            #[wasm_bindgen(js_name = confirmCallback)]
            pub fn confirm_callback(&self, raw_body: String, options: JsValue) -> js_sys::Promise {
                let c = self.client.clone();
                $crate::wasm::boundary::promise(async move {
                    $crate::wasm::unified::require(
                        &*c,
                        $crate::providers::Operation::ConfirmCallback,
                    )?;
                    let hint = $crate::wasm::unified::callback_hint(options)?;
                    let read =
                        $crate::client::PaymentClient::confirm_callback(&*c, &raw_body, &hint)
                            .await;
                    read.map_err(|e| $crate::client::PaymentClient::scrub(&*c, e))
                })
            }
        }
    };
}
pub(crate) use unified_exports;

/// `Ok` when the client's provider has `op` (see [`crate::providers::Capabilities`]).
pub(crate) fn require<C: PaymentClient>(
    _client: &C,
    op: crate::providers::Operation,
) -> Result<(), Error> {
    <C::Api as crate::providers::PaymentApi>::require(op)
}

/// The JSON value of an argument the JS layer still hands over as JSON text (the providers whose inputs are
/// not typed structs yet).
pub(crate) fn json_arg(value: JsValue, what: &str) -> Result<serde_json::Value, Error> {
    match value.as_string() {
        Some(text) => super::parse_input(&text, what),
        None if value.is_undefined() || value.is_null() => Ok(serde_json::Value::Null),
        None => Err(Error::validation(
            what,
            "must be a JSON-serialisable object",
        )),
    }
}
