//! AliansPay's requests: the operation input, its checks against the country table (every refusal names its
//! field) and the pure builders of the collection, disbursement, status and balance calls, each carrying the
//! guid and the OTP of the time passed in (docs/providers/alianspay.md).

use super::tables::{offered_in, territory};
use super::{all_methods, AliansPayConfig, Territory, EXTERNAL_ID_PLACEHOLDER, TERRITORIES};
use crate::core::http::{join_url, percent_encode};
use crate::core::{Amount, Error, HttpRequest, Method};
use crate::crypto::alianspay_otp;
use serde_json::{Map, Value};

impl AliansPayConfig {
    /// `req` with the guid header, the OTP of `unix_time` and `Accept: application/json`.
    fn authed(&self, req: HttpRequest, unix_time: u64) -> HttpRequest {
        req.header(&self.header_names.guid, self.guid.expose().clone())
            .header(
                &self.header_names.otp,
                alianspay_otp(self.guid.expose(), unix_time),
            )
            .header("Accept", "application/json")
    }
}

/// Collection (customer pays) or disbursement (partner pays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST /api/v1/collection`.
    Collection,
    /// `POST /api/v1/disbursement`.
    Disbursement,
}

/// A collection or disbursement: payrail's body (docs/providers/alianspay.md#request-fields) `{moyenPayment, amount, currency, reference,
/// externalTransactionId, callbackUrl?, description?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationRequest {
    /// `moyenPayment`: a code of AliansPay's table, docs/providers/alianspay.md#tables (case-sensitive: `TMoney`).
    pub moyen_payment: String,
    /// `amount` (whole: XAF, XOF and GNF have no minor unit).
    pub amount: Amount,
    /// `currency`.
    pub currency: String,
    /// `reference`: the payer's (collection) or payee's (disbursement) phone number, country code first
    /// (AliansPay's callback sample `237696985698`, docs/providers/alianspay.md#callbacks).
    pub phone: String,
    /// `externalTransactionId`: the idempotency key; the client makes one when absent.
    pub external_transaction_id: Option<String>,
    /// `callbackUrl`: docs/providers/alianspay.md, "do not send anything in this parameter" to get no callback.
    pub callback_url: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The country (ISO alpha-2), only to validate against the table; not sent (no such field is published).
    pub country: Option<String>,
}

/// Checks an `externalTransactionId`: 1 to 128 characters of `[A-Za-z0-9_\-:.]` (AliansPay's sample (docs/providers/alianspay.md#callbacks) is
/// `MP210708723ACC512EAD3145917E`; the SDK's own are UUIDs).
pub fn check_external_id(field: &str, id: &str) -> Result<(), Error> {
    crate::core::reference::check_idempotency_key(field, id)
}

/// Checks a request against AliansPay's table (docs/providers/alianspay.md#tables) before anything is sent: the method exists, is offered in the
/// country (from `country`, else the phone's country code; for cards, the currency), in that country's currency.
/// Returns the territory.
pub fn check_operation(req: &OperationRequest, kind: Kind) -> Result<&'static Territory, Error> {
    match &req.external_transaction_id {
        Some(id) => check_external_id("externalTransactionId", id)?,
        None => return Err(Error::validation("externalTransactionId", "is required")),
    }
    let method = req.moyen_payment.as_str();
    check_method(method)?;
    check_money_and_callback(req)?;
    let card = method == "VISA_MASTERCARD";
    let phone_digits = req.phone.len() >= 8
        && req.phone.len() <= 15
        && req.phone.bytes().all(|b| b.is_ascii_digit());
    check_phone(&req.phone, card, phone_digits)?;
    let t = match &req.country {
        Some(c) => named_territory(c, &req.phone, card)?,
        None => unnamed_territory(req, method, card, phone_digits)?,
    };
    check_offered(req, t, method)?;
    let _ = kind; // AliansPay does not say which methods pay out: every method is accepted both ways (docs/providers/alianspay.md#choices-where-the-provider-is-silent).
    Ok(t)
}

/// The method is one of the table's codes (case-sensitive; a near miss gets a hint).
fn check_method(method: &str) -> Result<(), Error> {
    let methods = all_methods();
    if !methods.contains(&method) {
        let hint = methods
            .iter()
            .find(|m| m.eq_ignore_ascii_case(method))
            .map(|m| format!(" (codes are case-sensitive: did you mean {m}?)"))
            .unwrap_or_default();
        return Err(Error::validation(
            "moyenPayment",
            format!("must be one of {}{hint}", methods.join(", ")),
        ));
    }
    Ok(())
}

/// The currency is a code, the amount whole and above zero, the callback URL an http(s) URL.
fn check_money_and_callback(req: &OperationRequest) -> Result<(), Error> {
    if !(req.currency.len() == 3 && req.currency.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(Error::validation(
            "currency",
            "must be an ISO 4217 code of three capital letters (\"XAF\")",
        ));
    }
    if req.amount.is_zero() {
        return Err(Error::validation("amount", "must be greater than zero"));
    }
    if req.amount.minor() % 100 != 0 {
        return Err(Error::validation(
            "amount",
            "must be a whole number: XAF, XOF and GNF have no minor unit",
        ));
    }
    if let Some(u) = &req.callback_url {
        crate::core::http::check_http_url("callbackUrl", u)?;
    }
    Ok(())
}

/// The phone is given, and for every method but cards is 8 to 15 digits (`phone_digits`).
fn check_phone(phone: &str, card: bool, phone_digits: bool) -> Result<(), Error> {
    if phone.is_empty() {
        return Err(Error::validation(
            "phone",
            "is required: the payer's or payee's phone number (AliansPay's `reference`)",
        ));
    }
    if !card && !phone_digits {
        return Err(Error::validation(
            "phone",
            "must be a phone number of 8 to 15 digits, country code first (\"237696985698\")",
        ));
    }
    Ok(())
}

/// The territory of the `country` the caller named, whose country code the phone must start with (but a card's).
fn named_territory(country: &str, phone: &str, card: bool) -> Result<&'static Territory, Error> {
    let up = country.trim().to_ascii_uppercase();
    let t = territory(&up).ok_or_else(|| {
        Error::validation(
            "country",
            format!(
                "AliansPay operates in {} (docs/providers/alianspay.md)",
                TERRITORIES
                    .iter()
                    .map(|t| t.country)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    if !card && !phone.starts_with(t.dial) {
        return Err(Error::validation(
            "phone",
            format!(
                "must start with {}'s country code {} (\"{}...\")",
                t.name, t.dial, t.dial
            ),
        ));
    }
    Ok(t)
}

/// The territory when no country is named: the phone's country code, else for a card the currency's country.
fn unnamed_territory(
    req: &OperationRequest,
    method: &str,
    card: bool,
    phone_digits: bool,
) -> Result<&'static Territory, Error> {
    let by_phone = TERRITORIES
        .iter()
        .find(|t| phone_digits && req.phone.starts_with(t.dial));
    match by_phone {
        Some(t) => Ok(t),
        None if card => TERRITORIES
            .iter()
            .find(|t| t.currency == req.currency && t.methods.contains(&method))
            .ok_or_else(|| {
                Error::validation(
                    "currency",
                    format!(
                        "VISA_MASTERCARD is offered in {} only",
                        offered_in(method)
                            .iter()
                            .filter_map(|c| territory(c))
                            .map(|t| format!("{} ({})", t.country, t.currency))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }),
        None => Err(Error::validation(
            "phone",
            format!(
                "must start with the country code of {} (or pass country)",
                TERRITORIES
                    .iter()
                    .map(|t| format!("{} {}", t.country, t.dial))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// The territory offers the method, in the request's currency.
fn check_offered(req: &OperationRequest, t: &Territory, method: &str) -> Result<(), Error> {
    if !t.methods.contains(&method) {
        let where_offered = offered_in(method).join(", ");
        return Err(Error::validation(
            "moyenPayment",
            format!(
                "{method} is not offered in {} ({}), which offers {}; {method} is offered in {where_offered}",
                t.country,
                t.name,
                t.methods.join(", ")
            ),
        ));
    }
    if req.currency != t.currency {
        let used_in: Vec<&str> = TERRITORIES
            .iter()
            .filter(|x| x.currency == req.currency)
            .map(|x| x.country)
            .collect();
        let tail = if used_in.is_empty() {
            format!("{} is not used in any AliansPay country", req.currency)
        } else {
            format!("{} is used only in {}", req.currency, used_in.join(", "))
        };
        return Err(Error::validation(
            "currency",
            format!(
                "{} ({}) operations are in {}; {tail}",
                t.country, t.name, t.currency
            ),
        ));
    }
    Ok(())
}

/// The amount as a JSON number (AliansPay's callback sample (docs/providers/alianspay.md#callbacks): `"amount": 1500`, an integer).
fn amount_json(amount: Amount) -> Value {
    let text = amount.to_plain();
    serde_json::from_slice::<Value>(text.as_bytes()).unwrap_or(Value::String(text))
}

/// `POST /api/v1/collection` or `/api/v1/disbursement` (payrail's defaults, docs/providers/alianspay.md#choices-where-the-provider-is-silent) with the guid and OTP
/// headers; the OTP is that of `unix_time` (docs/providers/alianspay.md#otp: "In all requests the api must send an OTP").
pub fn build_operation(
    cfg: &AliansPayConfig,
    req: &OperationRequest,
    kind: Kind,
    unix_time: u64,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_operation(req, kind)?;
    let mut m = Map::new();
    m.insert(
        "moyenPayment".into(),
        Value::String(req.moyen_payment.clone()),
    );
    m.insert("amount".into(), amount_json(req.amount));
    m.insert("currency".into(), Value::String(req.currency.clone()));
    m.insert("reference".into(), Value::String(req.phone.clone()));
    m.insert(
        "externalTransactionId".into(),
        Value::String(req.external_transaction_id.clone().unwrap_or_default()),
    );
    if let Some(u) = &req.callback_url {
        m.insert("callbackUrl".into(), Value::String(u.clone()));
    }
    if let Some(d) = &req.description {
        m.insert("description".into(), Value::String(d.clone()));
    }
    let path = match kind {
        Kind::Collection => &cfg.paths.collection,
        Kind::Disbursement => &cfg.paths.disbursement,
    };
    Ok(cfg
        .authed(
            HttpRequest::new(Method::Post, join_url(&cfg.base_url, path)),
            unix_time,
        )
        .json_object(&m))
}

/// `GET /api/v1/transaction/{externalTransactionId}` (payrail's default, docs/providers/alianspay.md#choices-where-the-provider-is-silent), the id percent-encoded.
pub fn build_status(
    cfg: &AliansPayConfig,
    external_transaction_id: &str,
    unix_time: u64,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_external_id("reference", external_transaction_id)?;
    let path = cfg.paths.transaction.replace(
        EXTERNAL_ID_PLACEHOLDER,
        &percent_encode(external_transaction_id),
    );
    Ok(cfg.authed(
        HttpRequest::new(Method::Get, join_url(&cfg.base_url, &path)),
        unix_time,
    ))
}

/// `GET /api/v1/balance` (payrail's default, docs/providers/alianspay.md#choices-where-the-provider-is-silent).
pub fn build_balance(cfg: &AliansPayConfig, unix_time: u64) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(cfg.authed(
        HttpRequest::new(Method::Get, join_url(&cfg.base_url, &cfg.paths.balance)),
        unix_time,
    ))
}
