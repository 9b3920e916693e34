//! Reads the JS-facing request objects (the unified fields and Unipesa's own, in camelCase) into typed requests.
//! Pure: works on `serde_json::Value`, so it is tested natively.

use super::{normalize_customer_id, PaymentRequest, StatusRequest};
use crate::core::{Amount, Error};
use serde_json::{Map, Value};

/// Fields a payment request may carry: the unified ones, then Unipesa's own (which win when both are given).
pub const PAYMENT_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "callbackUrl",
    "description",
    "country",
    "customerId",
    "orderId",
    "providerId",
    "extra",
];

/// Reads an amount given as a JSON string (`"100.50"`) or number (`1500`). A non-finite JS number arrives as
/// `{"$number": "NaN"}` (the JS layer's encoding, since JSON has no NaN).
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

fn opt_string(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::validation(key, "must be a string")),
    }
}

fn opt_extra(obj: &Map<String, Value>, key: &str) -> Result<Option<Map<String, Value>>, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m.clone())),
        Some(_) => Err(Error::validation(key, "must be an object of extra fields")),
    }
}

fn as_object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, Error> {
    v.as_object()
        .ok_or_else(|| Error::validation(what, "must be an object"))
}

fn reject_unknown(obj: &Map<String, Value>, allowed: &[&str]) -> Result<(), Error> {
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::validation(
            k.as_str(),
            format!(
                "is not a field of this call (allowed: {})",
                allowed.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Reads `providerId` given as a number or a numeric string.
fn provider_id(v: Option<&Value>) -> Result<u32, Error> {
    let bad = || {
        Error::validation(
            "providerId",
            "must be a Unipesa provider id such as 14 (the simulator) or 9197",
        )
    };
    match v {
        None | Some(Value::Null) => Err(Error::validation(
            "providerId",
            "is required: the Unipesa provider (operator) id, e.g. 14 for the simulator",
        )),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|x| u32::try_from(x).ok())
            .ok_or_else(bad),
        Some(Value::String(s)) => s.trim().parse::<u32>().map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// A collect/payout request from a JS object. `extra_allowed` lists further accepted keys (e.g. `confirmation`).
pub fn payment_from_value(v: &Value, extra_allowed: &[&str]) -> Result<PaymentRequest, Error> {
    let obj = as_object(v, "request")?;
    let allowed: Vec<&str> = PAYMENT_FIELDS
        .iter()
        .chain(extra_allowed.iter())
        .copied()
        .collect();
    reject_unknown(obj, &allowed)?;
    let customer = match opt_string(obj, "customerId")? {
        Some(c) => c,
        None => opt_string(obj, "phone")?.ok_or_else(|| {
            Error::validation(
                "phone",
                "is required (or customerId): the customer's phone number or account",
            )
        })?,
    };
    let amount = amount_from_value("amount", obj.get("amount").unwrap_or(&Value::Null))?;
    let currency = opt_string(obj, "currency")?
        .ok_or_else(|| Error::validation("currency", "is required (ISO 4217, e.g. \"XOF\")"))?;
    let order_id = match opt_string(obj, "orderId")? {
        Some(o) => Some(o),
        None => opt_string(obj, "reference")?,
    };
    Ok(PaymentRequest {
        customer_id: normalize_customer_id(&customer)?,
        order_id,
        amount,
        currency: currency.trim().to_string(),
        country: opt_string(obj, "country")?,
        callback_url: opt_string(obj, "callbackUrl")?,
        provider_id: provider_id(obj.get("providerId"))?,
        extra: opt_extra(obj, "extra")?,
    })
}

/// A status request from a reference string or `{ reference | orderId, customerId?, extra? }`.
pub fn status_from_value(v: &Value) -> Result<StatusRequest, Error> {
    match v {
        Value::String(s) => Ok(StatusRequest {
            order_id: s.clone(),
            customer_id: None,
            extra: None,
        }),
        Value::Object(obj) => {
            reject_unknown(
                obj,
                &["reference", "orderId", "customerId", "phone", "extra"],
            )?;
            let order_id = match opt_string(obj, "orderId")? {
                Some(o) => o,
                None => opt_string(obj, "reference")?.ok_or_else(|| {
                    Error::validation("reference", "is required: the order id of the payment")
                })?,
            };
            let customer = match opt_string(obj, "customerId")? {
                Some(c) => Some(c),
                None => opt_string(obj, "phone")?,
            };
            Ok(StatusRequest {
                order_id,
                customer_id: customer.map(|c| normalize_customer_id(&c)).transpose()?,
                extra: opt_extra(obj, "extra")?,
            })
        }
        _ => Err(Error::validation(
            "reference",
            "must be the order id string or an object",
        )),
    }
}

/// The `confirmation` object of a `confirmPayout` request.
pub fn confirmation_from_value(v: &Value) -> Result<Map<String, Value>, Error> {
    let obj = as_object(v, "request")?;
    opt_extra(obj, "confirmation")?.ok_or_else(|| {
        Error::validation(
            "confirmation",
            "is required: the confirmation fields, sent inside `extra`",
        )
    })
}
