//! Reads the JS-facing request objects (the unified fields and CinetPay's own, in camelCase) into typed requests.
//! Pure: works on `serde_json::Value`, so it is tested natively. Field names in errors are the caller's.

use super::{
    check_client_transaction_id, check_contact, check_transfer, resolve_currency, split_phone,
    Contact, Transfer, TransferLookup,
};
use crate::core::{Amount, Error};
use serde_json::{Map, Value};

/// Fields a `payout` request may carry: the unified ones, then CinetPay's own (which win when both are given).
pub const PAYOUT_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "callbackUrl",
    "description",
    "country",
    "prefix",
    "clientTransactionId",
    "notifyUrl",
    "name",
    "surname",
    "email",
];

/// Fields of one contact of `addContacts`.
pub const CONTACT_FIELDS: &[&str] = &["prefix", "phone", "name", "surname", "email"];

/// Fields of one transfer of `sendMoney`.
pub const TRANSFER_FIELDS: &[&str] = &[
    "prefix",
    "phone",
    "amount",
    "currency",
    "notifyUrl",
    "callbackUrl",
    "clientTransactionId",
    "reference",
];

/// A payout: the contact to make sure of, then the transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutRequest {
    /// The payee as a contact (`transfer/contact`).
    pub contact: Contact,
    /// The transfer (`money/send/contact`); `client_transaction_id` is `None` until the client generates it.
    pub transfer: Transfer,
    /// The currency (checked against the payee's country; CinetPay's calls carry none).
    pub currency: String,
}

/// Reads an amount given as a JSON string (`"1500"`) or number (`1500`). A non-finite JS number arrives as
/// `{"$number": "NaN"}` (the JS layer's encoding).
pub fn amount_from_value(field: &str, v: Option<&Value>) -> Result<Amount, Error> {
    match v {
        None | Some(Value::Null) => Err(Error::validation(field, "is required")),
        Some(Value::String(s)) => Amount::parse(field, s),
        Some(Value::Number(n)) => {
            let f: f64 = n
                .to_string()
                .parse()
                .map_err(|_| Error::validation(field, "is not a number"))?;
            Amount::from_f64(field, f)
        }
        Some(Value::Object(m)) => match m.get("$number").and_then(Value::as_str) {
            Some("NaN") => Amount::from_f64(field, f64::NAN),
            Some(s) if s.contains("Infinity") => Amount::from_f64(field, f64::INFINITY),
            _ => Err(Error::validation(
                field,
                "must be a string such as \"1500\" or a number",
            )),
        },
        Some(_) => Err(Error::validation(
            field,
            "must be a string such as \"1500\" or a number",
        )),
    }
}

fn as_object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, Error> {
    v.as_object()
        .ok_or_else(|| Error::validation(what, "must be an object"))
}

fn reject_unknown(at: &str, obj: &Map<String, Value>, allowed: &[&str]) -> Result<(), Error> {
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::validation(
            format!("{at}{k}"),
            format!(
                "is not a field of this call (allowed: {})",
                allowed.join(", ")
            ),
        ));
    }
    Ok(())
}

/// A string field (numbers accepted for phone-like fields: `prefix: 225`).
fn opt_string(at: &str, obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if matches!(key, "prefix" | "phone") => Ok(Some(n.to_string())),
        Some(_) => Err(Error::validation(format!("{at}{key}"), "must be a string")),
    }
}

/// The first present of `keys` (CinetPay's own name listed first, so it wins).
fn first_string(
    at: &str,
    obj: &Map<String, Value>,
    keys: &[&str],
) -> Result<Option<(String, String)>, Error> {
    for k in keys {
        if let Some(v) = opt_string(at, obj, k)? {
            return Ok(Some((k.to_string(), v)));
        }
    }
    Ok(None)
}

fn required_string(at: &str, obj: &Map<String, Value>, key: &str) -> Result<String, Error> {
    opt_string(at, obj, key)?.ok_or_else(|| {
        Error::validation(
            format!("{at}{key}"),
            "is required to add the payee as a CinetPay contact",
        )
    })
}

fn phone_parts(at: &str, obj: &Map<String, Value>) -> Result<(String, String), Error> {
    let phone = opt_string(at, obj, "phone")?.ok_or_else(|| {
        Error::validation(
            format!("{at}phone"),
            "is required: the payee's number, international (\"+225 07 07 00 00 00\") or national with `prefix`",
        )
    })?;
    let prefix = opt_string(at, obj, "prefix")?;
    split_phone(&format!("{at}phone"), &phone, prefix.as_deref()).map_err(|e| match e {
        Error::Validation { field, rule } if field == "prefix" => {
            Error::validation(format!("{at}prefix"), rule)
        }
        other => other,
    })
}

fn contact_from_object(at: &str, obj: &Map<String, Value>) -> Result<Contact, Error> {
    let (prefix, phone) = phone_parts(at, obj)?;
    let c = Contact {
        prefix,
        phone,
        name: required_string(at, obj, "name")?.trim().to_string(),
        surname: required_string(at, obj, "surname")?.trim().to_string(),
        email: required_string(at, obj, "email")?.trim().to_string(),
    };
    check_contact(at, &c)?;
    Ok(c)
}

/// A transfer and its currency from an object with the transfer fields; `default_currency` when neither the
/// caller nor the country table says.
fn transfer_from_object(
    at: &str,
    obj: &Map<String, Value>,
    default_currency: &str,
) -> Result<(Transfer, String), Error> {
    let (prefix, phone) = phone_parts(at, obj)?;
    let amount = amount_from_value(&format!("{at}amount"), obj.get("amount"))?;
    let (url_key, notify_url) =
        first_string(at, obj, &["notifyUrl", "callbackUrl"])?.ok_or_else(|| {
            Error::validation(
                format!("{at}callbackUrl"),
                "is required: CinetPay needs a notify_url for every transfer (725 MISSING_NOTIFY_URL)",
            )
        })?;
    let id = first_string(at, obj, &["clientTransactionId", "reference"])?;
    if let Some((k, v)) = &id {
        check_client_transaction_id(&format!("{at}{k}"), v)?;
    }
    let currency = resolve_currency(
        opt_string(at, obj, "currency")?.as_deref(),
        &prefix,
        default_currency,
    )
    .map_err(|e| match e {
        Error::Validation { rule, .. } => Error::validation(format!("{at}currency"), rule),
        other => other,
    })?;
    let t = Transfer {
        prefix,
        phone,
        amount,
        notify_url: notify_url.trim().to_string(),
        client_transaction_id: id.map(|(_, v)| v),
    };
    // Names the caller's field for the checks of the builder (the id is checked above, once present).
    let probe = Transfer {
        client_transaction_id: Some(
            t.client_transaction_id
                .clone()
                .unwrap_or_else(|| "x".into()),
        ),
        ..t.clone()
    };
    check_transfer(at, &probe).map_err(|e| match e {
        Error::Validation { field, rule } if field.ends_with("notify_url") => {
            Error::validation(format!("{at}{url_key}"), rule)
        }
        other => other,
    })?;
    Ok((t, currency))
}

/// A `payout` request from a JS object: unified fields (`amount, currency?, phone, reference?, callbackUrl,
/// description?, country?`) and CinetPay's (`prefix?, clientTransactionId?, notifyUrl?, name, surname, email`).
/// `description` has no CinetPay field and is not sent.
pub fn payout_from_value(v: &Value, default_currency: &str) -> Result<PayoutRequest, Error> {
    let obj = as_object(v, "request")?;
    reject_unknown("", obj, PAYOUT_FIELDS)?;
    let (transfer, currency) = transfer_from_object("", obj, default_currency)?;
    if let Some(country) = opt_string("", obj, "country")? {
        if !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(Error::validation(
                "country",
                "must be an ISO 3166 alpha-2 code of two capital letters (\"CI\")",
            ));
        }
        if let Some(k) = super::tables::by_prefix(&transfer.prefix) {
            if k.iso != country {
                return Err(Error::validation(
                    "country",
                    format!(
                        "is {country}, but the phone's prefix +{} is {} ({})",
                        k.prefix, k.name, k.iso
                    ),
                ));
            }
        }
    }
    if opt_string("", obj, "description")?.is_some_and(|d| d.chars().count() > 1000) {
        return Err(Error::validation(
            "description",
            "must be at most 1000 characters",
        ));
    }
    let contact = contact_from_object("", obj)?;
    Ok(PayoutRequest {
        contact,
        transfer,
        currency,
    })
}

/// The contacts of `addContacts`: a non-empty array of `{prefix?, phone, name, surname, email}`.
pub fn contacts_from_value(v: &Value) -> Result<Vec<Contact>, Error> {
    let list = v
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Error::validation("contacts", "must be a non-empty array of contacts"))?;
    list.iter()
        .enumerate()
        .map(|(i, c)| {
            let at = format!("contacts[{i}].");
            let obj = as_object(c, &format!("contacts[{i}]"))?;
            reject_unknown(&at, obj, CONTACT_FIELDS)?;
            contact_from_object(&at, obj)
        })
        .collect()
}

/// The transfers of `sendMoney`: a non-empty array of `{prefix?, phone, amount, notifyUrl | callbackUrl,
/// clientTransactionId | reference?, currency?}`.
pub fn transfers_from_value(v: &Value, default_currency: &str) -> Result<Vec<Transfer>, Error> {
    let list = v
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Error::validation("transfers", "must be a non-empty array of transfers"))?;
    let out = list
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = format!("transfers[{i}].");
            let obj = as_object(t, &format!("transfers[{i}]"))?;
            reject_unknown(&at, obj, TRANSFER_FIELDS)?;
            transfer_from_object(&at, obj, default_currency).map(|(t, _)| t)
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (i, t) in out.iter().enumerate() {
        if let Some(id) = &t.client_transaction_id {
            if out[..i]
                .iter()
                .any(|o| o.client_transaction_id.as_ref() == Some(id))
            {
                return Err(Error::validation(
                    format!("transfers[{i}].clientTransactionId"),
                    "is used twice in the batch (each transfer needs its own id)",
                ));
            }
        }
    }
    Ok(out)
}

/// A status lookup from a reference string (the `client_transaction_id`) or `{ reference | clientTransactionId
/// | transactionId }`.
pub fn lookup_from_value(v: &Value) -> Result<TransferLookup, Error> {
    match v {
        Value::String(s) if !s.trim().is_empty() => {
            Ok(TransferLookup::ClientTransactionId(s.trim().to_string()))
        }
        Value::String(_) => Err(Error::validation("reference", "must not be empty")),
        Value::Object(obj) => {
            reject_unknown(
                "",
                obj,
                &["reference", "clientTransactionId", "transactionId"],
            )?;
            if let Some((_, id)) = first_string("", obj, &["clientTransactionId", "reference"])? {
                if id.trim().is_empty() {
                    return Err(Error::validation("reference", "must not be empty"));
                }
                return Ok(TransferLookup::ClientTransactionId(id.trim().to_string()));
            }
            match opt_string("", obj, "transactionId")? {
                Some(id) if !id.trim().is_empty() => {
                    Ok(TransferLookup::TransactionId(id.trim().to_string()))
                }
                _ => Err(Error::validation(
                    "reference",
                    "is required: the client_transaction_id (reference) or { transactionId }",
                )),
            }
        }
        _ => Err(Error::validation(
            "reference",
            "must be the reference (client_transaction_id) string or { reference | transactionId }",
        )),
    }
}
