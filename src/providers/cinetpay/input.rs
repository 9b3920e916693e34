//! The JS-facing request objects of CinetPay (the unified fields and CinetPay's own, in camelCase) as typed
//! inputs: serde structs read from a JS object (wasm, serde-wasm-bindgen) or JSON (natively), unknown fields
//! refused with the field named; their TypeScript declarations are generated from them (tsify). The rules of
//! docs/providers/cinetpay.md#request-fields are then checked with the caller's field names. Pure, tested
//! natively.

use super::{
    check_client_transaction_id, check_contact, check_transfer, resolve_currency, split_phone,
    Contact, Transfer, TransferLookup,
};
use crate::core::input::{
    owned, read_json, read_json_in, AmountInput, RefOr, Text, NON_FINITE_KEY,
};
use crate::core::Error;
use crate::core::ErrorKind;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use tsify::Tsify;

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

/// A phone number or a country calling code as the caller gave it: a string, or a number (`prefix: 225`),
/// kept as its decimal text. The digits are checked when the request is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigitsInput(pub String);

impl<'de> Deserialize<'de> for DigitsInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'v> Visitor<'v> for V {
            type Value = DigitsInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string of digits such as \"225\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DigitsInput, E> {
                Ok(DigitsInput(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DigitsInput, E> {
                Ok(DigitsInput(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DigitsInput, E> {
                Ok(DigitsInput(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DigitsInput, E> {
                Ok(DigitsInput(v.to_string()))
            }
            // A number read from JSON arrives as a one-entry map holding its text (serde_json's arbitrary
            // precision); a non-finite JS number as `{"$number": "NaN"}` (core::input::input_value).
            fn visit_map<A: MapAccess<'v>>(self, mut map: A) -> Result<DigitsInput, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((k, v)) if k == "$serde_json::private::Number" || k == NON_FINITE_KEY => {
                        Ok(DigitsInput(v))
                    }
                    _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A `payout` request: the unified payment fields, then CinetPay's own (which win where both are given).
/// docs/providers/cinetpay.md#request-fields.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CinetPayPayoutRequest<'a> {
    /// Whole units (CinetPay transfers have no cents): a decimal string ("500") or a number.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// Defaults to the payee country's currency (XOF, XAF...), else the client's `currency`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// International ("+225 07 07 00 00 00") or, with `prefix`, national.
    #[tsify(type = "string")]
    pub phone: Option<DigitsInput>,
    /// The idempotency key (CinetPay's `client_transaction_id`); generated once when absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
    /// Where CinetPay POSTs the notification (required, as this or `notifyUrl`: 725 MISSING_NOTIFY_URL).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub callback_url: Option<Text<'a>>,
    /// Accepted but not sent: CinetPay transfers have no such field.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub description: Option<Text<'a>>,
    /// ISO 3166 alpha-2 (`"CI"`): checked against the phone's country.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    /// The country calling code ("225"); derived from an international `phone` when absent.
    #[serde(default)]
    #[tsify(optional, type = "string | number")]
    pub prefix: Option<DigitsInput>,
    /// CinetPay's `client_transaction_id` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub client_transaction_id: Option<Text<'a>>,
    /// CinetPay's `notify_url` (wins over `callbackUrl`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub notify_url: Option<Text<'a>>,
    /// The payee's last name, for the contact added before the transfer ("already a contact" is fine).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    /// The payee's first name.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    /// The payee's e-mail address.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub email: Option<Text<'a>>,
}

/// One contact of `addContacts` (`transfer/contact`). docs/providers/cinetpay.md#request-fields.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CinetPayContact<'a> {
    /// The country calling code; derived from an international `phone` when absent.
    #[serde(default)]
    #[tsify(optional, type = "string | number")]
    pub prefix: Option<DigitsInput>,
    /// International, or national with `prefix`.
    #[tsify(type = "string")]
    pub phone: Option<DigitsInput>,
    /// Last name.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    /// First name.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    /// E-mail address.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub email: Option<Text<'a>>,
}

/// One transfer of `sendMoney` (`money/send/contact`): the phone must already be a contact (else 724).
/// docs/providers/cinetpay.md#request-fields.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CinetPayTransfer<'a> {
    /// The country calling code; derived from an international `phone` when absent.
    #[serde(default)]
    #[tsify(optional, type = "string | number")]
    pub prefix: Option<DigitsInput>,
    /// International, or national with `prefix`.
    #[tsify(type = "string")]
    pub phone: Option<DigitsInput>,
    /// Whole units: a decimal string ("500") or a number.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// Checked against the payee's country.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// Where CinetPay POSTs the notification (this or `callbackUrl` is required: 725).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub notify_url: Option<Text<'a>>,
    /// The unified name of `notifyUrl`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub callback_url: Option<Text<'a>>,
    /// CinetPay's `client_transaction_id` (wins over `reference`); generated once when both are absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub client_transaction_id: Option<Text<'a>>,
    /// The unified name of `clientTransactionId`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
}

/// The object form of a `status` request: the merchant's id (`reference` or `clientTransactionId`), or
/// CinetPay's `transactionId`. docs/providers/cinetpay.md#endpoints.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CinetPayStatusQuery {
    /// The `client_transaction_id` of the transfer.
    #[serde(default)]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// CinetPay's name of `reference` (wins over it).
    #[serde(default)]
    #[tsify(optional)]
    pub client_transaction_id: Option<String>,
    /// CinetPay's id of the transfer.
    #[serde(default)]
    #[tsify(optional)]
    pub transaction_id: Option<String>,
}

/// What `status` takes: the reference (the `client_transaction_id`), or the object form.
pub type StatusArg = RefOr<CinetPayStatusQuery>;

/// The TypeScript declarations tsify cannot derive (unions), published with the generated types.
pub const TS_DECLARATIONS: &str = r#"
/** What `CinetPay.status` takes: the reference (the client_transaction_id), or the object form. */
export type CinetPayStatusRequest = string | CinetPayStatusQuery;
"#;

/// The fields of one transfer, whichever call they came from.
struct TransferFields {
    prefix: Option<DigitsInput>,
    phone: Option<DigitsInput>,
    amount: Option<AmountInput>,
    currency: Option<String>,
    notify_url: Option<String>,
    callback_url: Option<String>,
    client_transaction_id: Option<String>,
    reference: Option<String>,
}

/// The fields of one contact, whichever call they came from.
struct ContactFields {
    prefix: Option<DigitsInput>,
    phone: Option<DigitsInput>,
    name: Option<String>,
    surname: Option<String>,
    email: Option<String>,
}

/// The first given of `candidates` (CinetPay's own name listed first, so it wins), with the field's name.
fn first_given(candidates: [(&'static str, Option<String>); 2]) -> Option<(&'static str, String)> {
    candidates.into_iter().find_map(|(k, v)| v.map(|v| (k, v)))
}

fn phone_parts(
    at: &str,
    phone: Option<&DigitsInput>,
    prefix: Option<&DigitsInput>,
) -> Result<(String, String), Error> {
    let phone = phone.ok_or_else(|| {
        Error::validation(
            format!("{at}phone"),
            "is required: the payee's number, international (\"+225 07 07 00 00 00\") or national with `prefix`",
        )
    })?;
    let prefix = prefix.map(|p| p.0.as_str());
    split_phone(&format!("{at}phone"), &phone.0, prefix).map_err(|mut e| {
        if let ErrorKind::Validation { field, .. } = &mut *e {
            if field == "prefix" {
                *field = format!("{at}prefix");
            }
        }
        e
    })
}

fn contact_required(at: &str, key: &str, v: Option<String>) -> Result<String, Error> {
    match v {
        Some(s) => Ok(s.trim().to_string()),
        None => Err(Error::validation(
            format!("{at}{key}"),
            "is required to add the payee as a CinetPay contact",
        )),
    }
}

fn contact(at: &str, f: ContactFields) -> Result<Contact, Error> {
    let (prefix, phone) = phone_parts(at, f.phone.as_ref(), f.prefix.as_ref())?;
    let c = Contact {
        prefix,
        phone,
        name: contact_required(at, "name", f.name)?,
        surname: contact_required(at, "surname", f.surname)?,
        email: contact_required(at, "email", f.email)?,
    };
    check_contact(at, &c)?;
    Ok(c)
}

/// A transfer and its currency; `default_currency` when neither the caller nor the country table says.
fn transfer(
    at: &str,
    f: TransferFields,
    default_currency: &str,
) -> Result<(Transfer, String), Error> {
    let (prefix, phone) = phone_parts(at, f.phone.as_ref(), f.prefix.as_ref())?;
    let amount = match &f.amount {
        Some(a) => a.read(&format!("{at}amount"))?,
        None => return Err(Error::validation(format!("{at}amount"), "is required")),
    };
    let (url_key, notify_url) =
        first_given([("notifyUrl", f.notify_url), ("callbackUrl", f.callback_url)]).ok_or_else(
            || {
                Error::validation(
            format!("{at}callbackUrl"),
            "is required: CinetPay needs a notify_url for every transfer (725 MISSING_NOTIFY_URL)",
        )
            },
        )?;
    let id = first_given([
        ("clientTransactionId", f.client_transaction_id),
        ("reference", f.reference),
    ]);
    if let Some((k, v)) = &id {
        check_client_transaction_id(&format!("{at}{k}"), v)?;
    }
    let currency =
        resolve_currency(f.currency.as_deref(), &prefix, default_currency).map_err(|mut e| {
            if let ErrorKind::Validation { field, .. } = &mut *e {
                *field = format!("{at}currency");
            }
            e
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
    check_transfer(at, &probe).map_err(|mut e| {
        if let ErrorKind::Validation { field, .. } = &mut *e {
            if field.ends_with("notify_url") {
                *field = format!("{at}{url_key}");
            }
        }
        e
    })?;
    Ok((t, currency))
}

impl CinetPayPayoutRequest<'_> {
    /// The typed payout, each rule broken reported with the caller's field; `default_currency` is the client's.
    /// `description` has no CinetPay field and is not sent.
    pub fn into_request(self, default_currency: &str) -> Result<PayoutRequest, Error> {
        let (transfer, currency) = transfer(
            "",
            TransferFields {
                prefix: self.prefix.clone(),
                phone: self.phone.clone(),
                amount: self.amount,
                currency: owned(self.currency),
                notify_url: owned(self.notify_url),
                callback_url: owned(self.callback_url),
                client_transaction_id: owned(self.client_transaction_id),
                reference: owned(self.reference),
            },
            default_currency,
        )?;
        if let Some(country) = self.country {
            check_country(country.0, &transfer.prefix)?;
        }
        if self.description.is_some_and(|d| d.0.chars().count() > 1000) {
            return Err(Error::validation(
                "description",
                "must be at most 1000 characters",
            ));
        }
        let contact = contact(
            "",
            ContactFields {
                prefix: self.prefix,
                phone: self.phone,
                name: owned(self.name),
                surname: owned(self.surname),
                email: owned(self.email),
            },
        )?;
        Ok(PayoutRequest {
            contact,
            transfer,
            currency,
        })
    }
}

/// `country`: two capital letters, and the country of the phone's prefix where the table knows it.
fn check_country(country: &str, prefix: &str) -> Result<(), Error> {
    if !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(Error::validation(
            "country",
            "must be an ISO 3166 alpha-2 code of two capital letters (\"CI\")",
        ));
    }
    match super::tables::by_prefix(prefix) {
        Some(k) if k.iso != country => Err(Error::validation(
            "country",
            format!(
                "is {country}, but the phone's prefix +{} is {} ({})",
                k.prefix, k.name, k.iso
            ),
        )),
        _ => Ok(()),
    }
}

impl CinetPayContact<'_> {
    /// The typed contact; `at` prefixes the field names (`contacts[1].`).
    pub fn into_contact(self, at: &str) -> Result<Contact, Error> {
        contact(
            at,
            ContactFields {
                prefix: self.prefix,
                phone: self.phone,
                name: owned(self.name),
                surname: owned(self.surname),
                email: owned(self.email),
            },
        )
    }
}

impl CinetPayTransfer<'_> {
    /// The typed transfer; `at` prefixes the field names (`transfers[1].`).
    pub fn into_transfer(self, at: &str, default_currency: &str) -> Result<Transfer, Error> {
        let f = TransferFields {
            prefix: self.prefix,
            phone: self.phone,
            amount: self.amount,
            currency: owned(self.currency),
            notify_url: owned(self.notify_url),
            callback_url: owned(self.callback_url),
            client_transaction_id: owned(self.client_transaction_id),
            reference: owned(self.reference),
        };
        transfer(at, f, default_currency).map(|(t, _)| t)
    }
}

/// The contacts of `addContacts`: a non-empty list, each checked.
pub fn contacts_request(list: Vec<CinetPayContact>) -> Result<Vec<Contact>, Error> {
    if list.is_empty() {
        return Err(Error::validation(
            "contacts",
            "must be a non-empty array of contacts",
        ));
    }
    list.into_iter()
        .enumerate()
        .map(|(i, c)| c.into_contact(&format!("contacts[{i}].")))
        .collect()
}

/// The transfers of `sendMoney`: a non-empty list, each checked, no `client_transaction_id` used twice.
pub fn transfers_request(
    list: Vec<CinetPayTransfer>,
    default_currency: &str,
) -> Result<Vec<Transfer>, Error> {
    if list.is_empty() {
        return Err(Error::validation(
            "transfers",
            "must be a non-empty array of transfers",
        ));
    }
    let out = list
        .into_iter()
        .enumerate()
        .map(|(i, t)| t.into_transfer(&format!("transfers[{i}]."), default_currency))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, t) in out.iter().enumerate() {
        let Some(id) = &t.client_transaction_id else {
            continue;
        };
        let earlier = out.get(..i).unwrap_or_default();
        if earlier
            .iter()
            .any(|o| o.client_transaction_id.as_ref() == Some(id))
        {
            return Err(Error::validation(
                format!("transfers[{i}].clientTransactionId"),
                "is used twice in the batch (each transfer needs its own id)",
            ));
        }
    }
    Ok(out)
}

/// The status lookup of `status(arg)`: the merchant's id (`clientTransactionId` wins over `reference`), else
/// CinetPay's `transactionId`.
pub fn lookup_request(arg: StatusArg) -> Result<TransferLookup, Error> {
    let q = match arg {
        RefOr::Reference(s) => CinetPayStatusQuery {
            reference: Some(s),
            ..CinetPayStatusQuery::default()
        },
        RefOr::Query(q) => q,
    };
    let merchant = first_given([
        ("clientTransactionId", q.client_transaction_id),
        ("reference", q.reference),
    ]);
    if let Some((_, id)) = merchant {
        return match id.trim() {
            "" => Err(Error::validation("reference", "must not be empty")),
            id => Ok(TransferLookup::ClientTransactionId(id.to_string())),
        };
    }
    match q.transaction_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => Ok(TransferLookup::TransactionId(id.to_string())),
        _ => Err(Error::validation(
            "reference",
            "is required: the client_transaction_id (reference) or { transactionId }",
        )),
    }
}

/// A payout request from a JSON object (native callers, tests and the fuzz target).
pub fn payout_from_value(v: &Value, default_currency: &str) -> Result<PayoutRequest, Error> {
    read_json_in::<CinetPayPayoutRequest>(v, "request")?.into_request(default_currency)
}

/// The contacts of `addContacts` from a JSON array.
pub fn contacts_from_value(v: &Value) -> Result<Vec<Contact>, Error> {
    contacts_request(read_json_in(v, "contacts")?)
}

/// The transfers of `sendMoney` from a JSON array.
pub fn transfers_from_value(v: &Value, default_currency: &str) -> Result<Vec<Transfer>, Error> {
    transfers_request(read_json_in(v, "transfers")?, default_currency)
}

/// A status lookup from a reference string or `{ reference | clientTransactionId | transactionId }` in JSON.
pub fn lookup_from_value(v: &Value) -> Result<TransferLookup, Error> {
    lookup_request(read_json(v, "reference")?)
}
