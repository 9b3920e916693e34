//! One MoMo-like collect through the design's crates, and nothing more: options and the request read from JS
//! objects by serde-wasm-bindgen (which reads a struct's declared fields only: payrail's refusal of unknown
//! fields is not here, so this is a lower bound), the token and the request sent with
//! gloo-net over the caller's fetch, the answers read and the body written by serde_json, Basic auth in
//! base64 (data-encoding), the reference from getrandom, the result handed back by serde-wasm-bindgen, errors
//! as JS errors with words made by `format!`. No retries, no token cache, no validation beyond the types, no
//! callbacks, no other operation: what every provider entry pays before its own code.
use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    subscription_key: String,
    api_user: String,
    api_key: String,
    target_environment: Option<String>,
    base_url: Option<String>,
    timeout_ms: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Collect {
    amount: String,
    currency: String,
    phone: String,
    payer_message: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Party<'a> {
    party_id_type: &'a str,
    party_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    amount: &'a str,
    currency: &'a str,
    external_id: &'a str,
    payer: Party<'a>,
    payer_message: &'a str,
    payee_note: &'a str,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    status: String,
    reason: Option<String>,
    financial_transaction_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Transaction {
    status: String,
    reference: String,
    provider_reference: Option<String>,
    reason: Option<String>,
    #[cfg_attr(feature = "host-json", serde(with = "serde_wasm_bindgen::preserve"))]
    raw: json::Raw,
}

/// JSON text in and out: serde_json (what payrail uses: key order kept, numbers as written), or with the
/// `host-json` feature the JS host's `JSON.parse`/`JSON.stringify` and serde-wasm-bindgen (what the floor would
/// be with JSON left to the host).
#[cfg(not(feature = "host-json"))]
mod json {
    use super::fail;
    use serde::{de::DeserializeOwned, Serialize};
    use wasm_bindgen::JsValue;
    pub type Raw = serde_json::Value;
    pub fn raw(text: &str) -> Result<Raw, JsValue> {
        read(text, "answer")
    }
    pub fn read<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, JsValue> {
        serde_json::from_slice(text.as_bytes()).map_err(|e| fail(what, e))
    }
    pub fn typed<T: DeserializeOwned>(raw: &Raw, what: &str) -> Result<T, JsValue> {
        serde_json::from_value(raw.clone()).map_err(|e| fail(what, e))
    }
    pub fn write<T: Serialize>(body: &T) -> Result<String, JsValue> {
        serde_json::to_string(body).map_err(|e| fail("body", e))
    }
}

#[cfg(feature = "host-json")]
mod json {
    use super::fail;
    use serde::{de::DeserializeOwned, Serialize};
    use wasm_bindgen::JsValue;
    pub type Raw = JsValue;
    pub fn raw(text: &str) -> Result<Raw, JsValue> {
        js_sys::JSON::parse(text)
    }
    pub fn read<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, JsValue> {
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(text)?).map_err(|e| fail(what, e))
    }
    pub fn typed<T: DeserializeOwned>(raw: &Raw, what: &str) -> Result<T, JsValue> {
        serde_wasm_bindgen::from_value(raw.clone()).map_err(|e| fail(what, e))
    }
    pub fn write<T: Serialize>(body: &T) -> Result<String, JsValue> {
        let value = serde_wasm_bindgen::to_value(body).map_err(|e| fail("body", e))?;
        Ok(js_sys::JSON::stringify(&value)?.into())
    }
}

fn fail(what: &str, e: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&format!("{what}: {e}")).into()
}

fn uuid() -> Result<String, JsValue> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| fail("random", e))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

#[wasm_bindgen]
pub struct Floor {
    options: Options,
}

#[wasm_bindgen]
impl Floor {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Floor, JsValue> {
        let options: Options =
            serde_wasm_bindgen::from_value(options).map_err(|e| fail("options", e))?;
        if let Some(ms) = options.timeout_ms {
            if !(1.0..=600_000.0).contains(&ms) {
                return Err(fail("options.timeoutMs", "must be between 1 and 600000"));
            }
        }
        Ok(Floor { options })
    }

    pub fn collect(&self, request: JsValue) -> js_sys::Promise {
        let base = self
            .options
            .base_url
            .clone()
            .unwrap_or_else(|| "https://sandbox.momodeveloper.mtn.com".into());
        let key = self.options.subscription_key.clone();
        let env = self
            .options
            .target_environment
            .clone()
            .unwrap_or_else(|| "sandbox".into());
        let basic = data_encoding::BASE64
            .encode(format!("{}:{}", self.options.api_user, self.options.api_key).as_bytes());
        wasm_bindgen_futures::future_to_promise(async move {
            let r: Collect =
                serde_wasm_bindgen::from_value(request).map_err(|e| fail("request", e))?;
            let token = Request::post(&format!("{base}/collection/token/"))
                .header("Authorization", &format!("Basic {basic}"))
                .header("Ocp-Apim-Subscription-Key", &key)
                .send()
                .await
                .map_err(|e| fail("network", e))?;
            let text = token.text().await.map_err(|e| fail("network", e))?;
            let token: Token = json::read(&text, "token")?;
            let reference = uuid()?;
            let body = json::write(&Body {
                amount: &r.amount,
                currency: &r.currency,
                external_id: &reference,
                payer: Party {
                    party_id_type: "MSISDN",
                    party_id: &r.phone,
                },
                payer_message: r.payer_message.as_deref().unwrap_or(""),
                payee_note: "",
            })?;
            let bearer = format!("Bearer {}", token.access_token);
            let sent = Request::post(&format!("{base}/collection/v1_0/requesttopay"))
                .header("Authorization", &bearer)
                .header("X-Reference-Id", &reference)
                .header("X-Target-Environment", &env)
                .header("Ocp-Apim-Subscription-Key", &key)
                .header("Content-Type", "application/json")
                .body(body)
                .map_err(|e| fail("request", e))?
                .send()
                .await
                .map_err(|e| fail("network", e))?;
            if sent.status() != 202 {
                return Err(fail("provider", sent.status()));
            }
            let got = Request::get(&format!("{base}/collection/v1_0/requesttopay/{reference}"))
                .header("Authorization", &bearer)
                .header("X-Target-Environment", &env)
                .header("Ocp-Apim-Subscription-Key", &key)
                .send()
                .await
                .map_err(|e| fail("network", e))?;
            let text = got.text().await.map_err(|e| fail("network", e))?;
            let raw = json::raw(&text)?;
            let answer: Answer = json::typed(&raw, "answer")?;
            let t = Transaction {
                status: answer.status.to_lowercase(),
                reference,
                provider_reference: answer.financial_transaction_id,
                reason: answer.reason,
                raw,
            };
            serde_wasm_bindgen::to_value(&t).map_err(|e| fail("result", e))
        })
    }
}
