//! Reads the JS-facing request objects into typed AliansPay requests. The unified `reference` is the idempotency
//! key (`externalTransactionId`, which wins when both are given); AliansPay's own body field `reference` (the
//! phone number) comes from the unified `phone`. Pure: works on `serde_json::Value`.

use super::OperationRequest;
use crate::core::{normalize_phone, Error};
use crate::providers::unipesa::input::amount_from_value;
use serde_json::{Map, Value};

/// Fields of `collect` / `payout`: the unified ones, then AliansPay's own.
pub const OPERATION_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "callbackUrl",
    "description",
    "country",
    "moyenPayment",
    "externalTransactionId",
];

fn opt_string(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::validation(key, "must be a string")),
    }
}

/// A `collect` / `payout` request from a JS object.
pub fn operation_from_value(v: &Value) -> Result<OperationRequest, Error> {
    let obj = v
        .as_object()
        .ok_or_else(|| Error::validation("request", "must be an object"))?;
    if let Some(k) = obj.keys().find(|k| !OPERATION_FIELDS.contains(&k.as_str())) {
        return Err(Error::validation(
            k.as_str(),
            format!(
                "is not a field of this call (allowed: {})",
                OPERATION_FIELDS.join(", ")
            ),
        ));
    }
    let moyen_payment = opt_string(obj, "moyenPayment")?
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| {
            Error::validation(
                "moyenPayment",
                "is required: a payment-method code of seed 000 (OM, MOMO, AP, WAVE, VISA_MASTERCARD, TMoney, MOOV)",
            )
        })?;
    let phone_text = opt_string(obj, "phone")?
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| {
            Error::validation(
                "phone",
                "is required: the payer's or payee's phone number, country code first",
            )
        })?;
    // Cards may carry another kind of reference; phone numbers are normalised to digits.
    let phone = match normalize_phone("phone", &phone_text) {
        Ok(p) => p,
        Err(_) if moyen_payment.trim() == "VISA_MASTERCARD" => phone_text.trim().to_string(),
        Err(e) => return Err(e),
    };
    let currency = opt_string(obj, "currency")?
        .ok_or_else(|| Error::validation("currency", "is required (XAF, XOF or GNF)"))?;
    Ok(OperationRequest {
        moyen_payment: moyen_payment.trim().to_string(),
        amount: amount_from_value("amount", obj.get("amount").unwrap_or(&Value::Null))?,
        currency: currency.trim().to_string(),
        phone,
        external_transaction_id: match opt_string(obj, "externalTransactionId")? {
            Some(x) => Some(x),
            None => opt_string(obj, "reference")?,
        },
        callback_url: opt_string(obj, "callbackUrl")?.filter(|u| !u.is_empty()),
        description: opt_string(obj, "description")?,
        country: opt_string(obj, "country")?,
    })
}

/// The `externalTransactionId` of a status request: the reference string or `{ reference |
/// externalTransactionId }`.
pub fn status_from_value(v: &Value) -> Result<String, Error> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Object(obj) => {
            if let Some(k) = obj
                .keys()
                .find(|k| !["reference", "externalTransactionId"].contains(&k.as_str()))
            {
                return Err(Error::validation(
                    k.as_str(),
                    "is not a field of this call (allowed: reference, externalTransactionId)",
                ));
            }
            match opt_string(obj, "externalTransactionId")? {
                Some(x) => Ok(x),
                None => opt_string(obj, "reference")?.ok_or_else(|| {
                    Error::validation(
                        "reference",
                        "is required: the externalTransactionId of the operation",
                    )
                }),
            }
        }
        _ => Err(Error::validation(
            "reference",
            "must be the externalTransactionId string or an object",
        )),
    }
}
