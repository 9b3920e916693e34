//! CinetPay input checks and request builders (pure).

use super::config::check_currency;
use super::{tables, CinetPayConfig, Contact, Transfer, TransferLookup, FORM_CONTENT_TYPE};
use crate::core::http::form_encode;
use crate::core::{normalize_phone, Amount, Error, HttpRequest, Method};
use serde_json::{Map, Value};

/// Checks a `prefix`: a country calling code of 1 to 4 digits.
pub fn check_prefix(field: &str, prefix: &str) -> Result<(), Error> {
    if (1..=4).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be a country calling code of 1 to 4 digits (\"225\")",
        ))
    }
}

/// Checks a national `phone`: 6 to 14 digits.
pub fn check_national_phone(field: &str, phone: &str) -> Result<(), Error> {
    if (6..=14).contains(&phone.len()) && phone.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be the national number: 6 to 14 digits, without the country calling code",
        ))
    }
}

/// Checks a `client_transaction_id`: 1 to 100 characters of `[A-Za-z0-9_\-.:]` (CinetPay documents no format;
/// its examples are `MYMERCHANTID1` and `20180606111287`; payrail generates UUIDs).
pub fn check_client_transaction_id(field: &str, id: &str) -> Result<(), Error> {
    if id.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if id.chars().count() > 100 {
        return Err(Error::validation(field, "must be at most 100 characters"));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')))
    {
        return Err(Error::validation(
            field,
            format!("may contain only letters, digits, '_', '-', ':' and '.' (found {c:?})"),
        ));
    }
    Ok(())
}

fn check_url(field: &str, url: &str) -> Result<(), Error> {
    if crate::core::http::is_http_url(url) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an absolute http(s) URL that CinetPay can reach (CinetPay's notify_url takes GET and POST)",
        ))
    }
}

fn check_email(field: &str, email: &str) -> Result<(), Error> {
    if crate::core::phone::is_email_address(email) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an e-mail address (name@example.com)",
        ))
    }
}

/// Checks a contact (docs/providers/cinetpay.md#choices-where-the-provider-is-silent: every field of the example is filled). `at` prefixes the field names.
pub fn check_contact(at: &str, c: &Contact) -> Result<(), Error> {
    check_prefix(&format!("{at}prefix"), &c.prefix)?;
    check_national_phone(&format!("{at}phone"), &c.phone)?;
    for (f, v) in [("name", &c.name), ("surname", &c.surname)] {
        if v.trim().is_empty() {
            return Err(Error::validation(
                format!("{at}{f}"),
                "is required to add the payee as a CinetPay contact",
            ));
        }
    }
    check_email(&format!("{at}email"), &c.email)
}

/// Checks a transfer: prefix, phone, a whole positive amount, an http(s) notify_url (725 otherwise) and a
/// well-formed `client_transaction_id`.
pub fn check_transfer(at: &str, t: &Transfer) -> Result<(), Error> {
    check_prefix(&format!("{at}prefix"), &t.prefix)?;
    check_national_phone(&format!("{at}phone"), &t.phone)?;
    check_amount(&format!("{at}amount"), t.amount)?;
    check_url(&format!("{at}notify_url"), &t.notify_url)?;
    match &t.client_transaction_id {
        Some(id) => check_client_transaction_id(&format!("{at}client_transaction_id"), id),
        None => Err(Error::validation(
            format!("{at}client_transaction_id"),
            "is required",
        )),
    }
}

/// A transfer amount: greater than zero, in whole units (mobile money in XOF/XAF has no minor unit; CinetPay's
/// examples send `"500"`).
pub fn check_amount(field: &str, amount: Amount) -> Result<(), Error> {
    if amount.is_zero() {
        return Err(Error::validation(field, "must be greater than zero"));
    }
    if !amount.is_whole() {
        return Err(Error::validation(
            field,
            "must be a whole number: CinetPay transfers whole units (XOF, XAF have no cents)",
        ));
    }
    Ok(())
}

/// Splits a phone into CinetPay's `prefix` + national `phone`.
///
/// With `prefix` given: the phone is the national number, or an international one (`+`/`00`) that starts with
/// that prefix (which is then removed). Without: the phone must be international (`+225…`, `00225…`, or 11+
/// digits) of a country of [`tables::COUNTRIES`].
pub fn split_phone(
    field: &str,
    phone: &str,
    prefix: Option<&str>,
) -> Result<(String, String), Error> {
    let digits = normalize_phone(field, phone)?;
    let t = phone.trim();
    let written_international = t.starts_with('+') || t.starts_with("00");
    let (prefix, national) = match prefix {
        Some(p) => {
            let p = p.trim().trim_start_matches('+').to_string();
            check_prefix("prefix", &p)?;
            if written_international {
                match digits.strip_prefix(p.as_str()) {
                    Some(rest) => (p.clone(), rest.to_string()),
                    None => {
                        return Err(Error::validation(
                            field,
                            format!(
                            "is an international number that does not start with the prefix {p}"
                        ),
                        ))
                    }
                }
            } else {
                (p, digits)
            }
        }
        None => {
            let country = if written_international || digits.len() >= 11 {
                tables::by_international_number(&digits)
            } else {
                None
            };
            match country {
                Some(c) => (c.prefix.to_string(), digits[c.prefix.len()..].to_string()),
                None => return Err(Error::validation(
                    field,
                    "must be an international number of a CinetPay country (\"+225 07 07 00 00 00\"), or pass `prefix` with the national number",
                )),
            }
        }
    };
    check_national_phone(field, &national)?;
    Ok((prefix, national))
}

/// The currency of a transfer to `prefix`: the one given (checked against the country's when the table knows
/// it), else the country's, else `default`.
pub fn resolve_currency(given: Option<&str>, prefix: &str, default: &str) -> Result<String, Error> {
    let country = tables::by_prefix(prefix);
    match given {
        Some(c) => {
            check_currency("currency", c)?;
            if let Some(k) = country {
                if k.currency != c {
                    return Err(Error::validation(
                        "currency",
                        format!(
                            "transfers to {} (+{}) are in {}, not {c}",
                            k.name, k.prefix, k.currency
                        ),
                    ));
                }
            }
            Ok(c.to_string())
        }
        None => Ok(country.map_or(default, |k| k.currency).to_string()),
    }
}

// ------------------------------------------------------------------------------------------------ builders

fn form_post(url: String, body: String) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Post, url).header("Content-Type", FORM_CONTENT_TYPE);
    r.body = Some(body);
    r
}

fn check_token(token: &str) -> Result<(), Error> {
    if token.is_empty() {
        return Err(Error::validation("token", "is required"));
    }
    Ok(())
}

/// `POST /auth/login?lang=…`, form `apikey`, `password` (docs/providers/cinetpay.md, "Authentification").
pub fn build_login(cfg: &CinetPayConfig) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(form_post(
        cfg.url("auth/login", None, &[]),
        form_encode(&[
            ("apikey", cfg.api_key.expose()),
            ("password", cfg.password.expose()),
        ]),
    ))
}

/// `GET /transfer/check/balance/?token=…&lang=…` (docs/providers/cinetpay.md, "Solde du compte transfert"; the provider's documents writes the
/// trailing slash).
pub fn build_balance(cfg: &CinetPayConfig, token: &str) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_token(token)?;
    Ok(HttpRequest::new(
        Method::Get,
        cfg.url("transfer/check/balance/", Some(token), &[]),
    ))
}

fn contact_json(c: &Contact) -> Value {
    let mut m = Map::new();
    m.insert("prefix".into(), Value::String(c.prefix.clone()));
    m.insert("phone".into(), Value::String(c.phone.clone()));
    m.insert("name".into(), Value::String(c.name.clone()));
    m.insert("surname".into(), Value::String(c.surname.clone()));
    m.insert("email".into(), Value::String(c.email.clone()));
    Value::Object(m)
}

fn transfer_json(t: &Transfer) -> Value {
    let mut m = Map::new();
    m.insert("prefix".into(), Value::String(t.prefix.clone()));
    m.insert("phone".into(), Value::String(t.phone.clone()));
    m.insert("amount".into(), Value::String(t.amount.to_plain()));
    m.insert("notify_url".into(), Value::String(t.notify_url.clone()));
    m.insert(
        "client_transaction_id".into(),
        Value::String(t.client_transaction_id.clone().unwrap_or_default()),
    );
    Value::Object(m)
}

/// `POST /transfer/contact?token=…&lang=…`, form `data=<JSON array of {prefix, phone, name, surname, email}>`
/// (docs/providers/cinetpay.md, "Ajouter un ou plusieurs contacts").
pub fn build_add_contacts(
    cfg: &CinetPayConfig,
    token: &str,
    contacts: &[Contact],
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_token(token)?;
    if contacts.is_empty() {
        return Err(Error::validation(
            "contacts",
            "must hold at least one contact",
        ));
    }
    for (i, c) in contacts.iter().enumerate() {
        check_contact(&format!("data[{i}]."), c)?;
    }
    let data = serde_json::to_string(&Value::Array(contacts.iter().map(contact_json).collect()))
        .unwrap_or_default();
    Ok(form_post(
        cfg.url("transfer/contact", Some(token), &[]),
        form_encode(&[("data", &data)]),
    ))
}

/// `POST /transfer/money/send/contact?token=…&lang=…`, form `data=<JSON array of {prefix, phone, amount,
/// notify_url, client_transaction_id}>` (docs/providers/cinetpay.md, "Envoyer de l'argent"). `amount` is sent as a string of
/// whole units, as in the provider's documents (`"500"`).
pub fn build_send_money(
    cfg: &CinetPayConfig,
    token: &str,
    transfers: &[Transfer],
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_token(token)?;
    if transfers.is_empty() {
        return Err(Error::validation(
            "transfers",
            "must hold at least one transfer",
        ));
    }
    for (i, t) in transfers.iter().enumerate() {
        check_transfer(&format!("data[{i}]."), t)?;
        let id = t.client_transaction_id.as_deref();
        if transfers[..i]
            .iter()
            .any(|o| o.client_transaction_id.as_deref() == id)
        {
            return Err(Error::validation(
                format!("data[{i}].client_transaction_id"),
                "is used twice in the batch (each transfer needs its own id)",
            ));
        }
    }
    let data = serde_json::to_string(&Value::Array(transfers.iter().map(transfer_json).collect()))
        .unwrap_or_default();
    Ok(form_post(
        cfg.url("transfer/money/send/contact", Some(token), &[]),
        form_encode(&[("data", &data)]),
    ))
}

/// `GET /transfer/check/money?token=…&client_transaction_id=…&lang=…` (or `transaction_id=`) (docs/providers/cinetpay.md, "Avoir
/// les informations d'un transfert").
pub fn build_check_money(
    cfg: &CinetPayConfig,
    token: &str,
    lookup: &TransferLookup,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_token(token)?;
    let (key, value) = match lookup {
        TransferLookup::ClientTransactionId(v) => ("client_transaction_id", v),
        TransferLookup::TransactionId(v) => ("transaction_id", v),
    };
    if value.trim().is_empty() {
        return Err(Error::validation(key, "must not be empty"));
    }
    if value.chars().count() > 200 {
        return Err(Error::validation(key, "must be at most 200 characters"));
    }
    Ok(HttpRequest::new(
        Method::Get,
        cfg.url("transfer/check/money", Some(token), &[(key, value)]),
    ))
}
