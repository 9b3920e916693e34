//! The unified calls of every provider class, generated once for all of them ([`unified_exports!`]) over
//! [`PaymentClient`]: `collect`, `payout`, `status`, `balance`, `parseCallback`, `confirmCallback`. An
//! operation a provider lacks rejects with the `UnsupportedError` its capabilities decide, before its input is
//! read or anything is sent.

use super::fetch::{FetchTransport, JsEnv};
#[cfg(feature = "alianspay")]
use crate::client::alianspay::AliansPayClient;
#[cfg(feature = "cinetpay")]
use crate::client::cinetpay::CinetPayClient;
use crate::client::driver::{AttemptEvent, CallContext, Driver, EventKind, Observer};
#[cfg(feature = "momo")]
use crate::client::momo::MomoClient;
#[cfg(feature = "unipesa")]
use crate::client::unipesa::UnipesaClient;
#[cfg(feature = "viralpay")]
use crate::client::viralpay::ViralPayClient;
use crate::client::PaymentClient;
use crate::core::Error;
use crate::providers::CallbackHint;
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// The per-call options every call takes last: `{ signal?, timeoutMs?, maxRetries? }`.
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallOptions {
    /// Ends the call: the request in flight is aborted and nothing further is sent (an `aborted` error).
    #[serde(default)]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<serde::de::IgnoredAny>,
    /// This call's per-attempt time limit in ms (1 to 600000).
    #[serde(default)]
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<crate::core::input::NumberInput>,
    /// This call's retries of an idempotent request (0 to 10).
    #[serde(default)]
    #[tsify(optional, type = "number")]
    pub max_retries: Option<crate::core::input::NumberInput>,
}

#[wasm_bindgen(typescript_custom_section)]
const HOOKS_TS: &str = r#"
/** The `hooks` client option: called for every attempt of every call, secrets masked; a hook never fails a call. */
export interface PayrailHooks {
    request?: (event: AttemptEvent) => unknown;
    response?: (event: AttemptEvent) => unknown;
    retry?: (event: AttemptEvent) => unknown;
    error?: (event: AttemptEvent) => unknown;
}
"#;

/// The `hooks` client option as the driver's [`Observer`]: `{ request?, response?, retry?, error? }`, each called
/// with the event object; a hook that throws or rejects never fails the call.
pub(crate) struct JsHooks {
    hooks: JsValue,
}

impl JsHooks {
    /// Wraps `hooks`, checking that each given hook is a function.
    pub(crate) fn new(hooks: JsValue) -> Result<JsHooks, Error> {
        if !hooks.is_object() {
            return Err(Error::validation(
                "hooks",
                "must be an object { request?, response?, retry?, error? }",
            ));
        }
        for name in ["request", "response", "retry", "error"] {
            let f = js_sys::Reflect::get(&hooks, &JsValue::from_str(name))
                .unwrap_or(JsValue::UNDEFINED);
            if !(f.is_undefined() || f.is_function()) {
                return Err(Error::validation(
                    format!("hooks.{name}"),
                    "must be a function",
                ));
            }
        }
        Ok(JsHooks { hooks })
    }
}

impl Observer for JsHooks {
    fn event(&self, kind: EventKind, event: &AttemptEvent) {
        let name = match kind {
            EventKind::Request => "request",
            EventKind::Response => "response",
            EventKind::Retry => "retry",
            EventKind::Error => "error",
        };
        let Ok(hook) = js_sys::Reflect::get(&self.hooks, &JsValue::from_str(name)) else {
            return;
        };
        let Some(hook) = hook.dyn_ref::<js_sys::Function>() else {
            return;
        };
        let Ok(arg) = super::boundary::to_js(event) else {
            return;
        };
        if let Ok(out) = hook.call1(&JsValue::UNDEFINED, &arg) {
            // An async hook's rejection is the hook's: it is caught here, not left unhandled.
            if let Some(p) = out.dyn_ref::<js_sys::Promise>() {
                let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
                let _ = p.catch(&ignore);
                ignore.forget();
            }
        }
    }
}

/// The clients of the wasm classes: their driver, for per-call settings.
pub(crate) trait WasmClient: PaymentClient + Clone {
    /// The provider's name in events.
    const NAME: &'static str;
    /// The client's driver.
    fn driver_mut(&mut self) -> &mut Driver<FetchTransport, JsEnv>;
    /// The client's driver, shared.
    fn driver(&self) -> &Driver<FetchTransport, JsEnv>;
}

macro_rules! wasm_client {
    ($client:ident, $name:literal) => {
        impl WasmClient for $client<FetchTransport, JsEnv> {
            const NAME: &'static str = $name;
            fn driver_mut(&mut self) -> &mut Driver<FetchTransport, JsEnv> {
                &mut self.driver
            }
            fn driver(&self) -> &Driver<FetchTransport, JsEnv> {
                &self.driver
            }
        }
    };
}
#[cfg(feature = "unipesa")]
wasm_client!(UnipesaClient, "unipesa");
#[cfg(feature = "momo")]
wasm_client!(MomoClient, "momo");
#[cfg(feature = "cinetpay")]
wasm_client!(CinetPayClient, "cinetpay");
#[cfg(feature = "viralpay")]
wasm_client!(ViralPayClient, "viralpay");
#[cfg(feature = "alianspay")]
wasm_client!(AliansPayClient, "alianspay");

/// The client for one call of `operation`: the shared one, or — with per-call options or hooks — a clone with
/// this call's time limit, retries, signal and event context (sharing the token cache and the hooks).
pub(crate) fn for_call<C: WasmClient>(
    client: &Rc<C>,
    options: JsValue,
    operation: &'static str,
) -> Result<Rc<C>, Error> {
    let given = !(options.is_undefined() || options.is_null());
    let observed = client.driver().observer.borrow().is_some();
    // A money call always gets its own: what its attempts saw decides its outcome.
    let money = matches!(operation, "collect" | "payout" | "create");
    if !given && !observed && !money {
        return Ok(client.clone());
    }
    let mut call = (**client).clone();
    let secrets = call.secrets();
    let driver = call.driver_mut();
    if given {
        let signal = js_sys::Reflect::get(&options, &JsValue::from_str("signal")).ok();
        let o: CallOptions = super::boundary::from_js(options, "options")?;
        if let Some(ms) = o.timeout_ms {
            driver.options.timeout_ms =
                super::boundary::client_options(Some(ms.0), None)?.timeout_ms;
        }
        if let Some(n) = o.max_retries {
            driver.options.retry = super::boundary::client_options(None, Some(n.0))?.retry;
        }
        // serde only sees that a signal was given; the object itself is read from JS.
        if let (Some(_), Some(s)) = (o.signal, signal) {
            match s.dyn_into::<web_sys::AbortSignal>() {
                Ok(s) => driver.transport = driver.transport.with_signal(s),
                Err(_) => return Err(Error::validation("signal", "must be an AbortSignal")),
            }
        }
    }
    driver.context = CallContext {
        provider: C::NAME,
        operation,
        reference: Default::default(),
        secrets,
        ambiguous: Default::default(),
        request_id: Default::default(),
    };
    Ok(Rc::new(call))
}

/// Generates the unified calls of a provider class whose `client` field is an `Rc` of a [`JsArgs`] client: each
/// takes the per-call options ([`CallOptions`]) last, and `setHooks` installs the `hooks` client option.
macro_rules! unified_exports {
    ($core:ident) => {
        #[wasm_bindgen]
        impl $core {
            /// The customer pays you; rejects with an `UnsupportedError` where the provider has no collection.
            #[wasm_bindgen(unchecked_return_type = "Promise<Transaction>")]
            pub fn collect(&self, request: JsValue, options: JsValue) -> js_sys::Promise {
                $crate::wasm::unified::move_money(
                    &self.client,
                    $crate::providers::Operation::Collect,
                    request,
                    options,
                )
            }

            /// You pay a customer.
            #[wasm_bindgen(unchecked_return_type = "Promise<Transaction>")]
            pub fn payout(&self, request: JsValue, options: JsValue) -> js_sys::Promise {
                $crate::wasm::unified::move_money(
                    &self.client,
                    $crate::providers::Operation::Payout,
                    request,
                    options,
                )
            }

            /// The status of an operation by its reference.
            #[wasm_bindgen(unchecked_return_type = "Promise<Transaction>")]
            pub fn status(&self, reference: JsValue, options: JsValue) -> js_sys::Promise {
                let c = $crate::wasm::unified::for_call(&self.client, options, "status");
                $crate::wasm::boundary::promise(async move {
                    let c = c?;
                    let q = $crate::wasm::unified::JsArgs::status_query(&*c, reference)?;
                    let read = $crate::client::PaymentClient::status(&*c, q).await;
                    read.map_err(|e| $crate::client::PaymentClient::scrub(&*c, e))
                })
            }

            /// The merchant's balances; rejects with an `UnsupportedError` where the provider has none.
            #[wasm_bindgen(unchecked_return_type = "Promise<Balance[]>")]
            pub fn balance(&self, query: JsValue, options: JsValue) -> js_sys::Promise {
                let c = $crate::wasm::unified::for_call(&self.client, options, "balance");
                $crate::wasm::boundary::promise(async move {
                    let c = c?;
                    $crate::wasm::unified::require(&*c, $crate::providers::Operation::Balance)?;
                    let q = $crate::wasm::unified::JsArgs::balance_query(&*c, query)?;
                    let read = $crate::client::PaymentClient::balance(&*c, q).await;
                    read.map_err(|e| $crate::client::PaymentClient::scrub(&*c, e))
                })
            }

            /// Reads (and verifies, where the provider signs) a callback body.
            #[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "Callback")]
            pub fn parse_callback(&self, raw_body: &str, options: JsValue) -> JsValue {
                // The error is handed back, not thrown: see `set_hooks`.
                let read = || {
                    let hint = $crate::wasm::unified::callback_hint(options)?;
                    $crate::client::PaymentClient::parse_callback(&*self.client, raw_body, &hint)
                };
                match read() {
                    Ok(cb) => $crate::wasm::boundary::to_js(&cb).unwrap_or_else(|e| e),
                    Err(e) => $crate::wasm::boundary::to_js_error(e),
                }
            }

            /// Reads a callback and confirms it with a status read (the providers that sign nothing).
            #[wasm_bindgen(js_name = confirmCallback)]
            pub fn confirm_callback(
                &self,
                raw_body: String,
                options: JsValue,
                call_options: JsValue,
            ) -> js_sys::Promise {
                let c =
                    $crate::wasm::unified::for_call(&self.client, call_options, "confirmCallback");
                $crate::wasm::boundary::promise(async move {
                    let c = c?;
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

            /// Installs the `hooks` client option: `{ request?, response?, retry?, error? }`. Returns `undefined`,
            /// or the error, which the JS class throws (js/util.js `settled`): an export returning a `Result`
            /// returns two or three values, and V8 (Node 20) compiles a JS wrapper for each such signature
            /// when the module is compiled, at every start-up (bench/README.md, start-up).
            #[wasm_bindgen(js_name = setHooks)]
            pub fn set_hooks(&self, hooks: JsValue) -> JsValue {
                let hooks = match $crate::wasm::unified::JsHooks::new(hooks) {
                    Ok(h) => h,
                    Err(e) => return $crate::wasm::boundary::to_js_error::<$crate::core::Error>(e),
                };
                let observer = $crate::wasm::unified::WasmClient::driver(&*self.client)
                    .observer
                    .clone();
                *observer.borrow_mut() = Some(std::rc::Rc::new(hooks));
                JsValue::UNDEFINED
            }
        }
    };
}
pub(crate) use unified_exports;

/// `collect` or `payout` (`op`) of `client` under the money-safety rules ([`PaymentClient::move_money`]), with
/// the call's options: every error carries the reference and the outcome.
pub(crate) fn move_money<C: JsArgs + WasmClient + 'static>(
    client: &Rc<C>,
    op: crate::providers::Operation,
    request: JsValue,
    options: JsValue,
) -> js_sys::Promise {
    let c = for_call(client, options, op.as_str());
    super::boundary::promise(async move {
        let not_sent = |e| crate::core::MoneyError::new(e, None);
        let c = c.map_err(not_sent)?;
        require(&*c, op).map_err(not_sent)?;
        let req = c.payment_request(request).map_err(not_sent)?;
        c.move_money(op, req).await
    })
}

/// `Ok` when the client's provider has `op` (see [`crate::providers::Capabilities`]).
pub(crate) fn require<C: PaymentClient>(
    _client: &C,
    op: crate::providers::Operation,
) -> Result<(), Error> {
    <C::Api as crate::providers::PaymentApi>::require(op)
}
