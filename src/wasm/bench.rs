//! A measuring aid for `bench/` (issue 7, "build + parse of a Unipesa `payment_c2b` round trip, no network"):
//! the exact steps of `Unipesa.collect` (read the JS request, draw the `order_id`, build and sign the
//! `payment_c2b` request, read the answer) with the network left out, so their cost can be compared with the
//! same work done by hand in JS. It reuses the provider's pure builders and parsers and adds no behaviour of its
//! own. Compiled only with the cargo feature `bench`: `PAYRAIL_BENCH=1 scripts/build.sh` builds it into
//! target/bench-pkg/ for bench/run.mjs; the published pkg/ has no such export (build.sh checks).

use super::boundary::{from_js, to_js_error};
use super::fetch::JsEnv;
use crate::client::Environment;
use crate::core::{Error, HttpResponse, Secret, Transaction};
use crate::providers::unipesa::{self, input, UnipesaConfig};
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// A Unipesa configuration held across calls, as `UnipesaCore` holds it, for [`UnipesaRoundTrip::collect`].
#[wasm_bindgen(js_name = UnipesaRoundTrip)]
pub struct UnipesaRoundTrip {
    config: UnipesaConfig,
}

#[wasm_bindgen(js_class = UnipesaRoundTrip)]
impl UnipesaRoundTrip {
    /// `options`: `{ publicId, merchantId, secretKey, baseUrl? }` as an object or its JSON text (validation of
    /// the tables on).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<UnipesaRoundTrip, JsValue> {
        let build = || -> Result<UnipesaRoundTrip, Error> {
            let o: BenchOptions = read(options, "options")?;
            let config = UnipesaConfig {
                base_url: o
                    .base_url
                    .unwrap_or_else(|| unipesa::DEFAULT_BASE_URL.into()),
                public_id: o.public_id,
                merchant_id: o.merchant_id,
                secret_key: Secret::new(o.secret_key),
                validate: true,
            };
            config.check()?;
            Ok(UnipesaRoundTrip { config })
        };
        build().map_err(to_js_error)
    }

    /// The `collect` of `UnipesaClient` minus the transport (docs/providers/unipesa.md, "payment_c2b"): request JSON in, a fresh
    /// UUID v4 `order_id` unless the request names one, the signed request built, `response_body` (with
    /// `response_status`) parsed as the answer. Returns `[body, transaction as JSON text]`: the body as the
    /// transport gets it, the Transaction as `collect` hands it to JS (an earlier `{ body, transaction }` JSON
    /// wrapper escaped the body once more, work the real `collect` never does).
    pub fn collect(
        &self,
        request: JsValue,
        response_status: u16,
        response_body: &str,
    ) -> Result<Array, JsValue> {
        let run = || -> Result<(String, Transaction), Error> {
            let tree: serde_json::Value = read(request, "request")?;
            let mut req = input::payment_from_value(&tree)?;
            if req.order_id.is_none() {
                req.order_id = Some(JsEnv.uuid_v4()?);
            }
            let http = unipesa::build_payment_c2b(&self.config, &req)?;
            let resp = HttpResponse::new(response_status, response_body);
            let mut transaction = unipesa::parse_payment_response(
                &resp,
                req.order_id.as_deref().unwrap_or_default(),
            )?;
            transaction.amount = Some(req.amount.to_fixed2());
            transaction.currency = Some(req.currency.clone());
            Ok((http.body.unwrap_or_default(), transaction))
        };
        let (body, transaction) = run().map_err(to_js_error)?;
        Ok(Array::of2(
            &JsValue::from_str(&body),
            &JsValue::from_str(&serde_json::to_string(&transaction).unwrap_or_default()),
        ))
    }
}

/// The round trip's options (those of `new Unipesa` that decide the request).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BenchOptions {
    public_id: String,
    merchant_id: String,
    secret_key: String,
    #[serde(default)]
    base_url: Option<String>,
}

/// An input given as an object (as the SDK's calls take it) or as its JSON text.
fn read<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    match value.as_string() {
        Some(text) => {
            let v: serde_json::Value = serde_json::from_str(&text)
                .map_err(|_| Error::validation(what, "must be JSON text or an object"))?;
            crate::core::input::read_json(&v, what)
        }
        None => from_js(value, what),
    }
}
