//! Reads the JS-facing request objects (the unified fields and ViralPAY's own, in camelCase) into typed requests.
//! Where both a unified field and ViralPAY's own are given, ViralPAY's wins (DESIGN.md, "The public JS API").
//! Pure: works on `serde_json::Value`, so it is tested natively.

use super::{
    BankTransferRequest, MobileRequest, NotificationRequest, StatusQuery, TransactionsQuery,
};
use crate::core::{normalize_phone, Error};
use crate::providers::unipesa::input::amount_from_value;
use serde_json::{Map, Value};

/// Fields of `collect` / `payout`: the unified ones, then ViralPAY's own (seed 002's payment/transfer table).
pub const MOBILE_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "callbackUrl",
    "description",
    "country",
    "operator",
    "merchantKey",
    "phoneNumber",
    "number",
    "orderId",
    "referenceId",
    "lang",
    "returnUrl",
    "cancelUrl",
    "notifyUrl",
];

/// Fields of `bankTransfer` (seed 002, "Virements").
pub const BANK_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "reference",
    "callbackUrl",
    "description",
    "country",
    "accountBank",
    "accountNumber",
    "narration",
    "debitCurrency",
    "operator",
    "orderId",
    "referenceId",
    "notifUrl",
    "notifyUrl",
    "lang",
    "returnUrl",
    "cancelUrl",
];

fn opt_string(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::validation(key, "must be a string")),
    }
}

/// The first of `keys` that is given (ViralPAY's own names first, the unified one last).
fn first_string(obj: &Map<String, Value>, keys: &[&str]) -> Result<Option<String>, Error> {
    for k in keys {
        if let Some(v) = opt_string(obj, k)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
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

fn required(v: Option<String>, field: &str, rule: &str) -> Result<String, Error> {
    v.filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::validation(field, rule))
}

/// A `collect` / `payout` request from a JS object.
pub fn mobile_from_value(v: &Value) -> Result<MobileRequest, Error> {
    let obj = as_object(v, "request")?;
    reject_unknown(obj, MOBILE_FIELDS)?;
    let phone = required(
        first_string(obj, &["phoneNumber", "number", "phone"])?,
        "phone",
        "is required (or phoneNumber): the customer's phone number",
    )?;
    let amount = amount_from_value("amount", obj.get("amount").unwrap_or(&Value::Null))?;
    let currency = required(
        opt_string(obj, "currency")?,
        "currency",
        "is required (ISO 4217, e.g. \"XAF\")",
    )?;
    let country = required(
        opt_string(obj, "country")?,
        "country",
        "is required (ISO 3166 alpha-2, e.g. \"cm\")",
    )?;
    Ok(MobileRequest {
        operator: opt_string(obj, "operator")?,
        merchant_key: opt_string(obj, "merchantKey")?,
        country: country.trim().to_string(),
        phone_number: normalize_phone("phone", &phone)?,
        currency: currency.trim().to_string(),
        order_id: first_string(obj, &["orderId", "reference"])?,
        reference_id: opt_string(obj, "referenceId")?,
        amount,
        lang: opt_string(obj, "lang")?,
        return_url: opt_string(obj, "returnUrl")?,
        cancel_url: opt_string(obj, "cancelUrl")?,
        notify_url: first_string(obj, &["notifyUrl", "callbackUrl"])?,
    })
}

/// A `bankTransfer` request from a JS object. `debitCurrency` defaults to `currency`.
pub fn bank_transfer_from_value(v: &Value) -> Result<BankTransferRequest, Error> {
    let obj = as_object(v, "request")?;
    reject_unknown(obj, BANK_FIELDS)?;
    let amount = amount_from_value("amount", obj.get("amount").unwrap_or(&Value::Null))?;
    let currency = required(
        opt_string(obj, "currency")?,
        "currency",
        "is required (ISO 4217, e.g. \"XOF\")",
    )?;
    Ok(BankTransferRequest {
        account_bank: required(
            opt_string(obj, "accountBank")?,
            "accountBank",
            "is required: the bank code",
        )?,
        account_number: required(
            opt_string(obj, "accountNumber")?,
            "accountNumber",
            "is required",
        )?,
        amount,
        narration: required(
            first_string(obj, &["narration", "description"])?,
            "narration",
            "is required (or description)",
        )?,
        debit_currency: opt_string(obj, "debitCurrency")?
            .unwrap_or_else(|| currency.clone())
            .trim()
            .to_string(),
        currency: currency.trim().to_string(),
        operator: opt_string(obj, "operator")?,
        country: required(
            opt_string(obj, "country")?,
            "country",
            "is required (ISO 3166 alpha-2, e.g. \"sn\")",
        )?
        .trim()
        .to_string(),
        order_id: first_string(obj, &["orderId", "reference"])?,
        reference: opt_string(obj, "referenceId")?,
        notif_url: first_string(obj, &["notifUrl", "notifyUrl", "callbackUrl"])?,
        lang: opt_string(obj, "lang")?,
        return_url: opt_string(obj, "returnUrl")?,
        cancel_url: opt_string(obj, "cancelUrl")?,
    })
}

/// A status query from the reference string (the order id) or `{ reference | orderId, transactionId?,
/// referenceId? }`.
pub fn status_from_value(v: &Value) -> Result<StatusQuery, Error> {
    match v {
        Value::String(s) => Ok(StatusQuery {
            order_id: Some(s.clone()),
            ..StatusQuery::default()
        }),
        Value::Object(obj) => {
            reject_unknown(
                obj,
                &["reference", "orderId", "transactionId", "referenceId"],
            )?;
            Ok(StatusQuery {
                transaction_id: opt_string(obj, "transactionId")?,
                order_id: first_string(obj, &["orderId", "reference"])?,
                reference_id: opt_string(obj, "referenceId")?,
            })
        }
        _ => Err(Error::validation(
            "reference",
            "must be the order id string or an object",
        )),
    }
}

/// A transactions query from `{ size, dateBegin?, dateEnd? }`.
pub fn transactions_from_value(v: &Value) -> Result<TransactionsQuery, Error> {
    let obj = as_object(v, "query")?;
    reject_unknown(obj, &["size", "dateBegin", "dateEnd"])?;
    let size = match obj.get("size") {
        None | Some(Value::Null) => {
            return Err(Error::validation(
                "size",
                "is required (seed 002): how many transactions",
            ))
        }
        Some(Value::Number(n)) => n.as_u64().and_then(|x| u32::try_from(x).ok()),
        Some(_) => None,
    }
    .filter(|s| *s >= 1)
    .ok_or_else(|| Error::validation("size", "must be a whole number of at least 1"))?;
    Ok(TransactionsQuery {
        date_begin: opt_string(obj, "dateBegin")?,
        date_end: opt_string(obj, "dateEnd")?,
        size,
    })
}

/// A notifications request from `{ transactionId, orderId? }`.
pub fn notification_from_value(v: &Value) -> Result<NotificationRequest, Error> {
    let obj = as_object(v, "request")?;
    reject_unknown(obj, &["transactionId", "orderId"])?;
    Ok(NotificationRequest {
        transaction_id: required(
            opt_string(obj, "transactionId")?,
            "transactionId",
            "is required (seed 002)",
        )?,
        order_id: opt_string(obj, "orderId")?,
    })
}
