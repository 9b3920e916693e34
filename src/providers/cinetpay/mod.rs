//! CinetPay Transfer (payout) API v1 (seed 001, the provider's Postman collection "CinetPay API Payout V1.1.0";
//! PROVIDERS.md §3).
//!
//! Five calls under `https://client.cinetpay.com/v1`, each with `lang=fr|en` in the query:
//! `POST /auth/login` (form `apikey`, `password` → a token that lives 5 minutes), then, with the token in the
//! `token` QUERY parameter: `GET /transfer/check/balance/`, `POST /transfer/contact` (form `data=<JSON array of
//! contacts>`), `POST /transfer/money/send/contact` (form `data=<JSON array of transfers>`) and
//! `GET /transfer/check/money?client_transaction_id=…|transaction_id=…`; plus the notification, a form POST to
//! the transfer's `notify_url`, unsigned. Errors mostly come with HTTP 200: the body's `code` (a number or a
//! string) decides.
//!
//! Builders and parsers here are pure: the token, ids and time come in as arguments. Because the token travels
//! in the URL, nothing here formats a request or a URL into an error.

pub mod input;
mod interface;
pub mod tables;

use crate::core::error::ProviderDetail;
use crate::core::http::{form_encode, join_url};
use crate::core::{
    normalize_phone, Amount, Balance, Callback, Error, HttpRequest, HttpResponse, Method, Provider,
    Reason, Secret, Status, Transaction,
};
use serde_json::{Map, Value};

/// CinetPay's transfer API root (seed 001: `https://client.cinetpay.com/v1/...`).
pub const DEFAULT_BASE_URL: &str = "https://client.cinetpay.com/v1";

/// The currency of balances and payouts when nothing else says it (seed 001's examples are in XOF, Côte
/// d'Ivoire). The API itself never names a currency: it is an option.
pub const DEFAULT_CURRENCY: &str = "XOF";

/// How long a token lives (seed 001 / docs.cinetpay.com "Using the API": "Its lifetime is 5min").
pub const TOKEN_LIFETIME_S: u64 = 300;

/// Content type of every POST (seed 001: `Content-Type: application/x-www-form-urlencoded`).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The language of the provider's messages, sent as `lang` on every call (seed 001: `?lang=fr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// French (the seed's examples).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads `"fr"` or `"en"`.
    pub fn parse(field: &str, s: &str) -> Result<Lang, Error> {
        match s {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(Error::validation(field, "must be \"fr\" or \"en\"")),
        }
    }
}

/// A merchant's transfer credentials and settings.
#[derive(Debug, Clone)]
pub struct CinetPayConfig {
    /// API root, `https://client.cinetpay.com/v1` (or the sandbox's `.../cinetpay/v1`).
    pub base_url: String,
    /// The merchant's `apikey`.
    pub api_key: Secret<String>,
    /// The transfer API `password` (set in the merchant back-office).
    pub password: Secret<String>,
    /// `lang` of every call.
    pub lang: Lang,
    /// The currency of the transfer account (balances) and the default of payouts.
    pub currency: String,
}

impl CinetPayConfig {
    /// Checks that the credentials are present and the URL and currency well formed, naming the option.
    pub fn check(&self) -> Result<(), Error> {
        if self.api_key.expose().trim().is_empty() {
            return Err(Error::validation("apiKey", "is required"));
        }
        if self.password.expose().trim().is_empty() {
            return Err(Error::validation(
                "password",
                "is required (the transfer API password of the CinetPay back-office)",
            ));
        }
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        if self.base_url.contains('?') || self.base_url.contains('#') {
            return Err(Error::validation(
                "baseUrl",
                "must not contain a query or a fragment",
            ));
        }
        check_currency("currency", &self.currency)
    }

    /// `{base}/{path}?{token=…&}{extra…&}lang=…` (seed 001's query order: token first, lang last).
    fn url(&self, path: &str, token: Option<&str>, extra: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(t) = token {
            pairs.push(("token", t));
        }
        pairs.extend_from_slice(extra);
        pairs.push(("lang", self.lang.as_str()));
        format!("{}?{}", join_url(&self.base_url, path), form_encode(&pairs))
    }
}

/// A contact to add (seed 001, "Ajouter un ou plusieurs contacts"): `prefix` is the country calling code,
/// `phone` the national number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Country calling code (`"225"`).
    pub prefix: String,
    /// National number (`"0707000000"`).
    pub phone: String,
    /// First name.
    pub name: String,
    /// Last name.
    pub surname: String,
    /// E-mail address.
    pub email: String,
}

/// A transfer to a contact (seed 001, "Envoyer de l'argent"): `prefix, phone, amount, notify_url,
/// client_transaction_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Country calling code.
    pub prefix: String,
    /// National number; must already be a contact (else 724).
    pub phone: String,
    /// Whole units of the account's currency.
    pub amount: Amount,
    /// Where CinetPay POSTs the notification (required: 725 MISSING_NOTIFY_URL otherwise).
    pub notify_url: String,
    /// The merchant's id of the transfer: the idempotency key (805 when reused). The client generates one when
    /// absent; the builder requires it.
    pub client_transaction_id: Option<String>,
}

/// Which id `check/money` looks a transfer up by (seed 001: "transaction_id OU client_transaction_id").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferLookup {
    /// The merchant's id (what payrail calls the `reference`).
    ClientTransactionId(String),
    /// CinetPay's id.
    TransactionId(String),
}

/// One item of the `transfer/contact` answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactResult {
    /// The prefix, as echoed.
    pub prefix: String,
    /// The phone, as echoed.
    pub phone: String,
    /// The item's code: 0 added, 726 already a contact, anything else refused.
    pub code: i64,
    /// Whether the phone is now a contact (0 or 726: "already a contact" is success, PROVIDERS.md §3).
    pub ok: bool,
    /// `"added"`, `"already_contact"`, or the provider's message of the refusal.
    pub status: String,
    /// The provider's item, as received.
    pub raw: Value,
}

// ------------------------------------------------------------------------------------------------ codes

/// Every documented `code` with its message and meaning: seed 001 (701), PROVIDERS.md §3 and CinetPay's
/// transfer annex (docs.cinetpay.com/api/1.0-en/transfert/annexe: 702, 703, 709, 710, 715, 717, 721).
pub const CODES: &[(i64, &str, &str)] = &[
    (0, "OPERATION_SUCCES", "operation successfully completed"),
    (-1, "OPERATION_ERROR", "errors in the execution of the request; check the request format"),
    (701, "INVALID_CREDENTIALS", "incorrect credentials: check the apikey and the transfer API password"),
    (702, "COULD_NOT_CREATE_TOKEN", "CinetPay could not generate a token"),
    (703, "INVALID_USER", "the merchant account is invalid"),
    (704, "INVALID_PARAM", "the parameters sent are not correct"),
    (705, "EXPIRED_TOKEN", "the token has expired"),
    (706, "INVALID_TOKEN", "the token is invalid"),
    (707, "CANT_REFRESH_TOKEN", "the token cannot be refreshed: generate another one"),
    (708, "NOT_ALLOWED", "not allowed to visit this link (wrong URL or method, or a server address CinetPay does not accept)"),
    (709, "EXECUTION_ERROR", "errors in the execution of the request"),
    (710, "EXECUTION_ERROR", "errors in the execution of the request"),
    (715, "UNEXPECTED_ERROR", "an unknown error occurred at CinetPay"),
    (716, "DATA_NOT_VALID", "a field sent is incorrect"),
    (717, "ERROR_PHONE_NOT_PARTICULAR", "the phone number is not a valid CinetPay individual account"),
    (718, "JSON_PARSE_ERROR", "the JSON sent in `data` contains errors"),
    (719, "AMOUNT_TOO_SMALL", "the amount is below the minimum for this country"),
    (720, "AMOUNT_TOO_LARGE", "the amount is above the maximum for this country"),
    (721, "OPERATOR_NOT_AVAILABLE", "the receiver's operator is not supported"),
    (602, "INSUFFICIENT_BALANCE", "the transfer balance is insufficient"),
    (723, "NOT_FOUND", "no transfer matches this id"),
    (724, "ERROR_PHONE_NOT_MY_CONTACT", "the phone number is not one of your contacts: add it first"),
    (725, "MISSING_NOTIFY_URL", "a valid notify_url is required"),
    (726, "ERROR_PHONE_ALREADY_MY_CONTACT", "the phone number is already one of your contacts"),
    (801, "INVALID_AMOUNT", "the amount is invalid"),
    (802, "INVALID_PHONE", "the phone number is invalid"),
    (804, "OPERATOR_UNAVAILABLE", "the operator is unavailable; try again later"),
    (805, "CLIENT_TRANSACTION_ID_EXIST", "this client_transaction_id already exists"),
];

/// `705 EXPIRED_TOKEN`, `706 INVALID_TOKEN`, `707 CANT_REFRESH_TOKEN`: log in again once, then retry
/// (PROVIDERS.md §3: "705/706 → log in again once, then retry"; 707 says "generate another token").
pub const TOKEN_REFUSED_CODES: &[i64] = &[705, 706, 707];

/// 726: "already a contact" — success for `transfer/contact` (PROVIDERS.md §3).
pub const CODE_ALREADY_CONTACT: i64 = 726;

/// 805: the `client_transaction_id` exists — on a retry, the first attempt was accepted.
pub const CODE_TRANSACTION_ID_EXISTS: i64 = 805;

/// 723: nothing found.
pub const CODE_NOT_FOUND: i64 = 723;

/// The message and meaning of a documented code.
pub fn describe_code(code: i64) -> Option<(&'static str, &'static str)> {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, m, d)| (*m, *d))
}

/// The typed error of a non-zero `code`, with the documented meaning. `provider_message` is used for codes
/// the documentation does not list.
pub fn code_error(code: i64, provider_message: &str, http_status: u16) -> Error {
    let detail = ProviderDetail {
        http_status: Some(http_status),
        provider_code: Some(code.to_string()),
    };
    let (name, meaning) = match describe_code(code) {
        Some(d) => d,
        None => {
            let m = if provider_message.is_empty() {
                "undocumented code".to_string()
            } else {
                provider_message.to_string()
            };
            return Error::Provider {
                provider: Provider::Cinetpay,
                message: format!("code {code}: {m}"),
                reason: None,
                detail,
                retryable: false,
            };
        }
    };
    let message = format!("{name}: {meaning}");
    match code {
        701 | 703 | 705 | 706 | 707 => Error::Auth {
            provider: Provider::Cinetpay,
            message,
            detail,
        },
        _ => {
            let (reason, retryable) = match code {
                602 => (Some(Reason::InsufficientFunds), false),
                719 | 720 => (Some(Reason::LimitReached), false),
                721 => (Some(Reason::ProviderUnavailable), false),
                804 => (Some(Reason::ProviderUnavailable), true),
                702 => (Some(Reason::ProviderError), true),
                -1 | 709 | 710 | 715 => (Some(Reason::ProviderError), false),
                708 => (Some(Reason::NotAllowed), false),
                717 => (Some(Reason::AccountNotFound), false),
                _ => (None, false),
            };
            Error::Provider {
                provider: Provider::Cinetpay,
                message,
                reason: reason.map(|r| r.as_str().to_string()),
                detail,
                retryable,
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------ checks

fn check_currency(field: &str, currency: &str) -> Result<(), Error> {
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an ISO 4217 code of three capital letters (\"XOF\")",
        ))
    }
}

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
            "must be an absolute http(s) URL that CinetPay can reach (seed 001: the notify_url takes GET and POST)",
        ))
    }
}

fn check_email(field: &str, email: &str) -> Result<(), Error> {
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(Error::validation(
            field,
            "must be an e-mail address (name@example.com)",
        )),
    }
}

/// Checks a contact (seed 001: every field of the example is filled). `at` prefixes the field names.
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

/// `POST /auth/login?lang=…`, form `apikey`, `password` (seed 001, "Authentification").
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

/// `GET /transfer/check/balance/?token=…&lang=…` (seed 001, "Solde du compte transfert"; the seed writes the
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
/// (seed 001, "Ajouter un ou plusieurs contacts").
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
    let data = Value::Array(contacts.iter().map(contact_json).collect()).to_string();
    Ok(form_post(
        cfg.url("transfer/contact", Some(token), &[]),
        form_encode(&[("data", &data)]),
    ))
}

/// `POST /transfer/money/send/contact?token=…&lang=…`, form `data=<JSON array of {prefix, phone, amount,
/// notify_url, client_transaction_id}>` (seed 001, "Envoyer de l'argent"). `amount` is sent as a string of
/// whole units, as in the seed (`"500"`).
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
    let data = Value::Array(transfers.iter().map(transfer_json).collect()).to_string();
    Ok(form_post(
        cfg.url("transfer/money/send/contact", Some(token), &[]),
        form_encode(&[("data", &data)]),
    ))
}

/// `GET /transfer/check/money?token=…&client_transaction_id=…&lang=…` (or `transaction_id=`) (seed 001, "Avoir
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

// ------------------------------------------------------------------------------------------------ parsers

/// A decoded answer: `{code, message, description?, data}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The code, read from a number or a string.
    pub code: i64,
    /// `message` (`"OPERATION_SUCCES"`, `"INVALID_TOKEN"`...).
    pub message: String,
    /// `data`.
    pub data: Value,
}

/// Reads an integer sent as a number or a numeric string.
fn int_field(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.to_string().parse::<f64>().ok().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A text field sent as a string or a number.
fn text_field(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn retry_after_ms(resp: &HttpResponse) -> Option<u64> {
    resp.header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| s.saturating_mul(1000))
}

/// Reads the envelope of any answer. HTTP 429 → `rate_limited`; a 5xx or non-2xx without a readable body → a
/// provider error; a 2xx that is not a JSON object with a `code` → a parse error. `redact_body` leaves the body
/// out of parse errors (the login answer carries the token).
pub fn read_envelope(resp: &HttpResponse, redact_body: bool) -> Result<Envelope, Error> {
    let shown: &[u8] = if redact_body { b"" } else { &resp.body };
    let detail = ProviderDetail {
        http_status: Some(resp.status),
        provider_code: None,
    };
    if resp.status == 429 {
        return Err(Error::RateLimited {
            provider: Provider::Cinetpay,
            retry_after_ms: retry_after_ms(resp),
            detail,
        });
    }
    let body: Option<Value> = serde_json::from_slice::<Value>(&resp.body)
        .ok()
        .filter(Value::is_object);
    let code = body.as_ref().and_then(|b| int_field(b.get("code")));
    let (Some(body), Some(code)) = (body, code) else {
        if resp.status >= 500 {
            return Err(Error::Provider {
                provider: Provider::Cinetpay,
                message: format!(
                    "the provider answered HTTP {} (a server error; retry later)",
                    resp.status
                ),
                reason: Some(Reason::ProviderUnavailable.as_str().into()),
                detail,
                retryable: true,
            });
        }
        if !resp.is_success() {
            return Err(Error::Provider {
                provider: Provider::Cinetpay,
                message: format!("HTTP {} without a CinetPay answer", resp.status),
                reason: None,
                detail,
                retryable: false,
            });
        }
        let what = if resp.body.is_empty() {
            "the body is empty"
        } else {
            "expected a JSON object with a `code`"
        };
        return Err(Error::parse(
            Provider::Cinetpay,
            format!("{what} (HTTP {})", resp.status),
            "code",
            shown,
        ));
    };
    Ok(Envelope {
        code,
        message: text_field(body.get("message")).unwrap_or_default(),
        data: body.get("data").cloned().unwrap_or(Value::Null),
    })
}

/// The envelope of a successful answer: a non-zero `code` becomes its typed error ([`code_error`]).
pub fn read_ok(resp: &HttpResponse, redact_body: bool) -> Result<Envelope, Error> {
    let env = read_envelope(resp, redact_body)?;
    if env.code != 0 {
        return Err(code_error(env.code, &env.message, resp.status));
    }
    Ok(env)
}

/// Whether an answer refuses the token (705, 706, 707): the client logs in again once and retries.
pub fn is_token_refused(resp: &HttpResponse) -> bool {
    matches!(read_envelope(resp, true), Ok(e) if TOKEN_REFUSED_CODES.contains(&e.code))
}

/// Reads the login answer: `{code: 0, data: {token}}` → the token. 701 → an auth error. Nothing of the body
/// ever goes into an error (it carries the token).
pub fn parse_login(resp: &HttpResponse) -> Result<Secret<String>, Error> {
    let env = read_ok(resp, true)?;
    match env.data.get("token") {
        Some(Value::String(t)) if !t.is_empty() => Ok(Secret::new(t.clone())),
        _ => Err(Error::parse(
            Provider::Cinetpay,
            "the login answer has no data.token",
            "data.token",
            b"",
        )),
    }
}

/// Reads `check/balance`: `data {amount, inUsing, available}` → one [`Balance`] of `available`, in the
/// configured currency (the API names none).
pub fn parse_balance(resp: &HttpResponse, currency: &str) -> Result<Balance, Error> {
    let env = read_ok(resp, false)?;
    let available = text_field(env.data.get("available")).ok_or_else(|| {
        Error::parse(
            Provider::Cinetpay,
            "missing data.available",
            "data.available",
            &resp.body,
        )
    })?;
    Ok(Balance {
        provider: Provider::Cinetpay,
        available,
        currency: currency.to_string(),
        raw: env.data,
    })
}

/// The items of a batch answer: `data` is an array of items, or (as CinetPay nests it) an array holding one
/// array of items.
fn items(data: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    if let Value::Array(a) = data {
        for v in a {
            match v {
                Value::Array(inner) => out.extend(inner.iter().filter(|x| x.is_object())),
                Value::Object(_) => out.push(v),
                _ => {}
            }
        }
    } else if data.is_object() {
        out.push(data);
    }
    out
}

/// Reads `transfer/contact`: one [`ContactResult`] per item; item code 726 is success (PROVIDERS.md §3).
pub fn parse_add_contacts(resp: &HttpResponse) -> Result<Vec<ContactResult>, Error> {
    let env = read_ok(resp, false)?;
    let list = items(&env.data);
    if list.is_empty() {
        return Err(Error::parse(
            Provider::Cinetpay,
            "the answer lists no contact",
            "data",
            &resp.body,
        ));
    }
    Ok(list
        .into_iter()
        .map(|item| {
            let code = int_field(item.get("code")).unwrap_or(0);
            let ok = code == 0 || code == CODE_ALREADY_CONTACT;
            let status = match code {
                0 => "added".to_string(),
                CODE_ALREADY_CONTACT => "already_contact".to_string(),
                c => describe_code(c)
                    .map(|(m, _)| m.to_string())
                    .or_else(|| text_field(item.get("status")))
                    .unwrap_or_else(|| format!("code {c}")),
            };
            ContactResult {
                prefix: text_field(item.get("prefix")).unwrap_or_default(),
                phone: text_field(item.get("phone")).unwrap_or_default(),
                code,
                ok,
                status,
                raw: item.clone(),
            }
        })
        .collect())
}

/// CinetPay's `treatment_status` → the unified status (docs.cinetpay.com "treatment_status": NEW waiting, REC
/// in process, NOS awaiting confirmation: transitions; VAL done, REJ rejected: final).
pub fn map_treatment_status(s: &str) -> Status {
    match s {
        "NEW" | "REC" | "NOS" => Status::Pending,
        "VAL" => Status::Success,
        "REJ" => Status::Failed,
        _ => Status::Unknown,
    }
}

fn reason_of(status: Status) -> Option<Reason> {
    (status == Status::Failed).then_some(Reason::Rejected)
}

/// The `code` of a batch item (0 when absent: the item was accepted).
pub fn item_code(item: &Value) -> i64 {
    int_field(item.get("code")).unwrap_or(0)
}

/// A transfer item (send answer, check/money answer) as a [`Transaction`]. An item carrying a non-zero `code`
/// was refused: failed, with the code's reason.
fn transfer_transaction(item: &Value, fallback_reference: &str) -> Transaction {
    let code = item_code(item);
    let treatment = text_field(item.get("treatment_status"));
    let (status, reason, provider_status) = if code != 0 {
        let reason = match code_error(code, "", 200) {
            Error::Provider { reason, .. } => reason,
            _ => None,
        };
        let reason = match reason.as_deref() {
            Some("insufficient_funds") => Some(Reason::InsufficientFunds),
            Some("limit_reached") => Some(Reason::LimitReached),
            Some("provider_unavailable") => Some(Reason::ProviderUnavailable),
            Some("account_not_found") => Some(Reason::AccountNotFound),
            _ => Some(Reason::Other),
        };
        let name = describe_code(code)
            .map(|(m, _)| m.to_string())
            .unwrap_or_else(|| format!("code {code}"));
        (Status::Failed, reason, name)
    } else if let Some(t) = treatment {
        let s = map_treatment_status(&t);
        (s, reason_of(s), t)
    } else {
        // Accepted (code 0) without a treatment status yet.
        (Status::Pending, None, "NEW".to_string())
    };
    Transaction {
        provider: Provider::Cinetpay,
        reference: text_field(item.get("client_transaction_id"))
            .unwrap_or_else(|| fallback_reference.to_string()),
        status,
        reason,
        provider_status,
        transaction_id: text_field(item.get("transaction_id")),
        amount: text_field(item.get("amount")),
        currency: None,
        redirect_url: None,
        confirm_type: None,
        raw: item.clone(),
    }
}

/// Reads `money/send/contact`: one [`Transaction`] per transfer sent, in order (matched by
/// `client_transaction_id` when the items carry it). A top-level non-zero code is its typed error (805 included:
/// the client resolves it by a status query).
pub fn parse_send_money(resp: &HttpResponse, sent: &[Transfer]) -> Result<Vec<Transaction>, Error> {
    let env = read_ok(resp, false)?;
    let list = items(&env.data);
    let mut out = Vec::with_capacity(sent.len());
    for (i, t) in sent.iter().enumerate() {
        let id = t.client_transaction_id.clone().unwrap_or_default();
        let item = list
            .iter()
            .find(|it| text_field(it.get("client_transaction_id")).as_deref() == Some(id.as_str()))
            .or_else(|| list.get(i))
            .copied();
        let Some(item) = item else {
            return Err(Error::parse(
                Provider::Cinetpay,
                format!("the answer has no item for transfer {i}"),
                "data",
                &resp.body,
            ));
        };
        let mut tx = transfer_transaction(item, &id);
        tx.reference = id;
        if tx.amount.is_none() {
            tx.amount = Some(t.amount.to_plain());
        }
        out.push(tx);
    }
    Ok(out)
}

/// Reads `check/money`: the transfer as a [`Transaction`]. 723 → a provider error "not found".
pub fn parse_check_money(
    resp: &HttpResponse,
    lookup: &TransferLookup,
) -> Result<Transaction, Error> {
    let env = read_ok(resp, false)?;
    let list = items(&env.data);
    let (key, wanted) = match lookup {
        TransferLookup::ClientTransactionId(v) => ("client_transaction_id", v.as_str()),
        TransferLookup::TransactionId(v) => ("transaction_id", v.as_str()),
    };
    let item = list
        .iter()
        .find(|it| text_field(it.get(key)).as_deref() == Some(wanted))
        .or_else(|| list.first())
        .copied()
        .ok_or_else(|| code_error(CODE_NOT_FOUND, "", resp.status))?;
    let fallback = match lookup {
        TransferLookup::ClientTransactionId(v) => v.as_str(),
        TransferLookup::TransactionId(_) => "",
    };
    let mut tx = transfer_transaction(item, fallback);
    if tx.reference.is_empty() {
        tx.reference = tx.transaction_id.clone().unwrap_or_default();
    }
    Ok(tx)
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space; bad escapes are kept as written).
pub fn form_decode(text: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes.get(i) {
                Some(b'+') => out.push(b' '),
                Some(b'%') => {
                    let hex = bytes
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    match hex {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                Some(b) => out.push(*b),
                None => {}
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// Reads a notification (seed 001 / PROVIDERS.md §3): the form POSTed to `notify_url` (`transaction_id,
/// client_transaction_id, lot, amount, receiver, sending_status, comment, treatment_status,
/// operator_transaction_id, validated_at`; `operator` in older docs), or the same fields as a JSON object (a
/// framework that parsed the form). Unsigned: `verified` is false; confirm with `check/money` before acting.
/// An empty body is the liveness GET, not a notification: a validation error that says so.
pub fn parse_callback(raw_body: &str) -> Result<Callback, Error> {
    let text = raw_body.trim();
    if text.is_empty() {
        return Err(Error::validation(
            "body",
            "is empty: CinetPay's GET to the notify_url is a liveness ping (answer HTTP 200); a notification is a form POST",
        ));
    }
    let mut fields = Map::new();
    if text.starts_with('{') {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            Error::parse(
                Provider::Cinetpay,
                format!("the notification is neither a form nor a JSON object ({e})"),
                "",
                text.as_bytes(),
            )
        })?;
        let Value::Object(m) = v else {
            return Err(Error::parse(
                Provider::Cinetpay,
                "the notification is not an object",
                "",
                text.as_bytes(),
            ));
        };
        for (k, v) in m {
            let s = match v {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            fields.insert(k, Value::String(s));
        }
    } else {
        for (k, v) in form_decode(text) {
            fields.entry(k).or_insert(Value::String(v));
        }
    }
    let get = |k: &str| text_field(fields.get(k));
    let client_id = get("client_transaction_id");
    let transaction_id = get("transaction_id");
    let reference = client_id
        .or_else(|| transaction_id.clone())
        .ok_or_else(|| {
            Error::parse(
                Provider::Cinetpay,
                "the notification has neither client_transaction_id nor transaction_id",
                "client_transaction_id",
                text.as_bytes(),
            )
        })?;
    let provider_status = get("treatment_status").unwrap_or_default();
    let status = map_treatment_status(&provider_status);
    Ok(Callback {
        provider: Provider::Cinetpay,
        reference,
        status,
        reason: reason_of(status),
        provider_status,
        verified: false,
        operation: Some("payout".into()),
        transaction_id,
        amount: get("amount"),
        raw: Value::Object(fields),
    })
}

/// Whether a transfer found by `check/money` is the one described by `t` (same amount and receiver, where the
/// answer says them): used when a retry meets 805 to tell "our first attempt was accepted" from "this id belongs
/// to another transfer".
pub fn same_transfer(found: &Transaction, t: &Transfer) -> bool {
    let amount_ok = match found.amount.as_deref() {
        Some(a) => Amount::parse("amount", a.trim()).is_ok_and(|a| a == t.amount),
        None => true,
    };
    let receiver_ok = match found.raw.get("receiver").and_then(|r| text_field(Some(r))) {
        Some(r) => {
            let digits: String = r.chars().filter(char::is_ascii_digit).collect();
            digits.ends_with(&t.phone)
        }
        None => true,
    };
    amount_ok && receiver_ok
}

#[cfg(test)]
mod tests;
