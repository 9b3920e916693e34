//! The JS-facing request objects (the unified fields and Unipesa's own, in camelCase) as typed inputs: serde
//! structs read from a JS object (wasm, serde-wasm-bindgen) or JSON (natively), unknown fields refused with
//! the field named; their TypeScript declarations are generated from them (tsify). Pure, tested natively.

use super::{normalize_customer_id, PaymentRequest, StatusRequest};
use crate::core::input::{
    object_in, object_passed_over, owned, read_json, read_json_in, AmountInput, IntInput, RefOr,
    Text,
};
use crate::core::{Amount, Error};
use serde::Deserialize;
use serde_json::{Map, Value};
use tsify::Tsify;

/// A `collect` or `payout` request: the unified payment fields, then Unipesa's own (which win where both are
/// given). docs/providers/unipesa.md#request-fields.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnipesaPaymentRequest<'a> {
    /// A decimal string ("1500", "100.50") or a number exactly representable with two decimals.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// ISO 4217 (`"XOF"`).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// The customer's phone number (normalised to digits); `customerId` wins.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub phone: Option<Text<'a>>,
    /// The idempotency key (`order_id`); generated when absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
    /// Where Unipesa posts the callback.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub callback_url: Option<Text<'a>>,
    /// Not sent: Unipesa's calls have no description field.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub description: Option<Text<'a>>,
    /// ISO 3166 alpha-2 (`"CI"`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    /// Unipesa's `customer_id` (wins over `phone`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub customer_id: Option<Text<'a>>,
    /// Unipesa's `order_id` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub order_id: Option<Text<'a>>,
    /// The provider (operator) id; 14 is the simulator.
    #[tsify(type = "number | string")]
    pub provider_id: Option<IntInput>,
    // Taken from the request's JSON tree by `payment_from_value` (serde checks it is an object and passes over it);
    // a plain comment, so the TypeScript declaration keeps only the sentence for users below.
    /// Provider-specific fields (customer_name, otp, bank_code...), sent in the order given.
    #[serde(default, deserialize_with = "object_passed_over")]
    #[tsify(optional, type = "Record<string, unknown>")]
    pub extra: Option<Map<String, Value>>,
}

/// The object form of a `status` request. docs/providers/unipesa.md#endpoints.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnipesaStatusQuery {
    /// The order id of the payment.
    #[serde(default)]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// Unipesa's `order_id` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional)]
    pub order_id: Option<String>,
    /// Unipesa's `customer_id` (wins over `phone`).
    #[serde(default)]
    #[tsify(optional)]
    pub customer_id: Option<String>,
    /// The customer's phone number.
    #[serde(default)]
    #[tsify(optional)]
    pub phone: Option<String>,
    // Taken from the JSON tree by `status_from_value` (as `extra` of a payment request).
    /// Extra fields of the status call.
    #[serde(default, deserialize_with = "object_passed_over")]
    #[tsify(optional, type = "Record<string, unknown>")]
    pub extra: Option<Map<String, Value>>,
}

/// What `status` takes: the order id, or the object form.
pub type StatusArg = RefOr<UnipesaStatusQuery>;

impl UnipesaPaymentRequest<'_> {
    /// The typed request, each rule broken reported with the field's name.
    pub fn into_request(self) -> Result<PaymentRequest, Error> {
        let customer = self.customer_id.or(self.phone).ok_or_else(|| {
            Error::validation(
                "phone",
                "is required (or customerId): the customer's phone number or account",
            )
        })?;
        let amount = match &self.amount {
            Some(a) => a.read("amount")?,
            None => return Err(Error::validation("amount", "is required")),
        };
        let currency = self
            .currency
            .ok_or_else(|| Error::validation("currency", "is required (ISO 4217, e.g. \"XOF\")"))?;
        Ok(PaymentRequest {
            customer_id: normalize_customer_id(customer.0)?,
            order_id: owned(self.order_id.or(self.reference)),
            amount,
            currency: currency.0.trim().to_string(),
            country: owned(self.country),
            callback_url: owned(self.callback_url),
            provider_id: provider_id(self.provider_id)?,
            extra: self.extra,
        })
    }
}

impl UnipesaStatusQuery {
    /// The typed status request.
    pub fn into_request(self) -> Result<StatusRequest, Error> {
        let order_id = self.order_id.or(self.reference).ok_or_else(|| {
            Error::validation("reference", "is required: the order id of the payment")
        })?;
        Ok(StatusRequest {
            order_id,
            customer_id: self
                .customer_id
                .or(self.phone)
                .map(|c| normalize_customer_id(&c))
                .transpose()?,
            extra: self.extra,
        })
    }
}

/// The typed status request of `status(arg)`.
pub fn status_request(arg: StatusArg) -> Result<StatusRequest, Error> {
    match arg {
        RefOr::Reference(order_id) => Ok(StatusRequest {
            order_id,
            customer_id: None,
            extra: None,
        }),
        RefOr::Query(q) => q.into_request(),
    }
}

/// `providerId` given as a number or a numeric string.
fn provider_id(v: Option<IntInput>) -> Result<u32, Error> {
    match v {
        None => Err(Error::validation(
            "providerId",
            "is required: the Unipesa provider (operator) id, e.g. 14 for the simulator",
        )),
        Some(IntInput(n)) => n.and_then(|x| u32::try_from(x).ok()).ok_or_else(|| {
            Error::validation(
                "providerId",
                "must be a Unipesa provider id such as 14 (the simulator) or 9197",
            )
        }),
    }
}

/// A collect/payout request from the JSON tree of the JS object (or JSON natively), `extra` as given.
pub fn payment_from_value(v: &Value) -> Result<PaymentRequest, Error> {
    let mut r = read_json_in::<UnipesaPaymentRequest>(v, "request")?;
    if r.extra.is_some() {
        r.extra = object_in(v, "extra");
    }
    r.into_request()
}

/// A status request from a reference string or `{ reference | orderId, customerId?, extra? }` in JSON, `extra`
/// as given.
pub fn status_from_value(v: &Value) -> Result<StatusRequest, Error> {
    let mut arg = read_json::<StatusArg>(v, "reference")?;
    if let RefOr::Query(UnipesaStatusQuery {
        extra: extra @ Some(_),
        ..
    }) = &mut arg
    {
        *extra = object_in(v, "extra");
    }
    status_request(arg)
}

/// Reads an amount given as a JSON string (`"100.50"`) or number (`1500`). A non-finite JS number arrives as
/// `{"$number": "NaN"}` (the JS layer's encoding, since JSON has no NaN). For the providers whose inputs are
/// still read from `serde_json::Value` trees.
pub fn amount_from_value(field: &str, v: &Value) -> Result<Amount, Error> {
    match v {
        Value::String(s) => Amount::parse(field, s),
        Value::Number(n) => {
            let f: f64 = n
                .to_string()
                .parse()
                .map_err(|_| Error::validation(field, "is not a number"))?;
            Amount::from_f64(field, f)
        }
        Value::Object(m) => match m.get("$number").and_then(Value::as_str) {
            Some("NaN") => Amount::from_f64(field, f64::NAN),
            Some(s) if s.contains("Infinity") => Amount::from_f64(field, f64::INFINITY),
            _ => Err(Error::validation(
                field,
                "must be a string such as \"100.50\" or a number",
            )),
        },
        Value::Null => Err(Error::validation(field, "is required")),
        _ => Err(Error::validation(
            field,
            "must be a string such as \"100.50\" or a number",
        )),
    }
}
