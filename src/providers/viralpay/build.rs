//! ViralPAY's requests: the typed inputs, their checks (every refusal names its field) and the pure builders of
//! the token, account, balances, transactions, status, payment, transfer, bank-transfer and notification calls
//! (docs/providers/viralpay.md). Tokens and ids come in as arguments.

use super::ViralPayConfig;
use crate::core::http::form_encode;
use crate::core::{Amount, Error, HttpRequest, Method, Secret};
use serde_json::{Map, Value};

/// A payment (collect) or transfer (payout) request: ViralPAY's "Payements" / "Transferts" body (docs/providers/viralpay.md#request-fields).
#[derive(Debug, Clone, PartialEq)]
pub struct MobileRequest {
    /// `operator`: the mobile operator (`wave`, `mtn`, `orange`...), optional.
    pub operator: Option<String>,
    /// `merchant_key` (ViralPAY's table, docs/providers/viralpay.md#request-fields), optional.
    pub merchant_key: Option<String>,
    /// `country`: ISO 3166 alpha-2, sent in lower case as ViralPAY's example, docs/providers/viralpay.md#request-fields (`"sn"`).
    pub country: String,
    /// `phone_number` (the table's `number`): the customer's number, digits only.
    pub phone_number: String,
    /// `currency`: ISO 4217.
    pub currency: String,
    /// `order_id`: the idempotency key; the client makes one when absent.
    pub order_id: Option<String>,
    /// `reference_id` (the table's `reference`); the order id when absent.
    pub reference_id: Option<String>,
    /// `amount`.
    pub amount: Amount,
    /// `lang` (`en`, `fr`).
    pub lang: Option<String>,
    /// `return_url`.
    pub return_url: Option<String>,
    /// `cancel_url`.
    pub cancel_url: Option<String>,
    /// `notify_url`: where ViralPAY sends the notification.
    pub notify_url: Option<String>,
}

/// A bank transfer (docs/providers/viralpay.md, "Virements").
#[derive(Debug, Clone, PartialEq)]
pub struct BankTransferRequest {
    /// `account_bank`: the bank code (`"044"` in the provider's documented example).
    pub account_bank: String,
    /// `account_number`.
    pub account_number: String,
    /// `amount`.
    pub amount: Amount,
    /// `narration`.
    pub narration: String,
    /// `currency`: the currency credited.
    pub currency: String,
    /// `debit_currency`: the currency debited.
    pub debit_currency: String,
    /// `operator`, optional.
    pub operator: Option<String>,
    /// `country`, sent in lower case.
    pub country: String,
    /// `order_id`: the idempotency key; the client makes one when absent.
    pub order_id: Option<String>,
    /// `reference`; the order id when absent.
    pub reference: Option<String>,
    /// `notif_url` (ViralPAY's example spelling, docs/providers/viralpay.md#request-fields).
    pub notif_url: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `return_url`.
    pub return_url: Option<String>,
    /// `cancel_url`.
    pub cancel_url: Option<String>,
}

/// The transactions query (docs/providers/viralpay.md, "Transactions": `date_begin`, `date_end`, `size`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionsQuery {
    /// `date_begin`, optional.
    pub date_begin: Option<String>,
    /// `date_end`, optional.
    pub date_end: Option<String>,
    /// `size` (required by docs/providers/viralpay.md).
    pub size: u32,
}

/// The transaction-status query (docs/providers/viralpay.md#request-fields: `transaction_id`, `order_id`, `reference_id`; at least one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusQuery {
    /// `transaction_id`: ViralPAY's id.
    pub transaction_id: Option<String>,
    /// `order_id`: the SDK's reference.
    pub order_id: Option<String>,
    /// `reference_id`.
    pub reference_id: Option<String>,
}

/// The notifications request (docs/providers/viralpay.md, "Notifications": `transaction_id`, `order_id?`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRequest {
    /// `transaction_id` (required by docs/providers/viralpay.md).
    pub transaction_id: String,
    /// `order_id`, optional.
    pub order_id: Option<String>,
}

// ------------------------------------------------------------------------------------------ checks

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

fn check_country(country: &str) -> Result<(), Error> {
    if country.len() == 2 && country.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(Error::validation(
            "country",
            "must be an ISO 3166 alpha-2 country code (\"sn\", \"CM\")",
        ))
    }
}

fn check_url(field: &str, url: &Option<String>) -> Result<(), Error> {
    match url {
        Some(u) => crate::core::http::check_http_url(field, u),
        None => Ok(()),
    }
}

/// Checks an `order_id`: 1 to 128 characters of `[A-Za-z0-9_\-:.]` (the provider's documented examples use letters, digits,
/// `-` and `_`; the SDK's own are UUIDs).
pub fn check_order_id(field: &str, id: &str) -> Result<(), Error> {
    crate::core::reference::check_idempotency_key(field, id)
}

/// Currencies without a minor unit (ISO 4217 exponent 0) that ViralPAY's countries use: amounts are whole.
fn zero_decimal(currency: &str) -> bool {
    matches!(currency, "XOF" | "XAF" | "GNF")
}

fn check_amount(amount: Amount, currency: &str) -> Result<(), Error> {
    if amount.is_zero() {
        return Err(Error::validation("amount", "must be greater than zero"));
    }
    if zero_decimal(currency) && amount.minor() % 100 != 0 {
        return Err(Error::validation(
            "amount",
            format!("must be a whole number: {currency} has no minor unit"),
        ));
    }
    Ok(())
}

/// The amount as a JSON number, as ViralPAY's examples write it, docs/providers/viralpay.md#request-fields (`"amount":200`, `"amount": 5500`).
fn amount_json(amount: Amount) -> Value {
    let text = amount.to_plain();
    serde_json::from_slice::<Value>(text.as_bytes()).unwrap_or(Value::String(text))
}

/// Checks a payment or transfer before anything is sent.
pub fn check_mobile(req: &MobileRequest) -> Result<(), Error> {
    match &req.order_id {
        Some(o) => check_order_id("order_id", o)?,
        None => return Err(Error::validation("order_id", "is required")),
    }
    if let Some(r) = &req.reference_id {
        if r.trim().is_empty() {
            return Err(Error::validation("reference_id", "must not be empty"));
        }
    }
    check_country(&req.country)?;
    if req.phone_number.is_empty() {
        return Err(Error::validation("phone_number", "is required"));
    }
    check_currency("currency", &req.currency)?;
    check_amount(req.amount, &req.currency)?;
    check_url("return_url", &req.return_url)?;
    check_url("cancel_url", &req.cancel_url)?;
    check_url("notify_url", &req.notify_url)?;
    Ok(())
}

/// Checks a bank transfer before anything is sent.
pub fn check_bank_transfer(req: &BankTransferRequest) -> Result<(), Error> {
    match &req.order_id {
        Some(o) => check_order_id("order_id", o)?,
        None => return Err(Error::validation("order_id", "is required")),
    }
    for (field, v) in [
        ("account_bank", &req.account_bank),
        ("account_number", &req.account_number),
        ("narration", &req.narration),
    ] {
        if v.trim().is_empty() {
            return Err(Error::validation(field, "is required"));
        }
    }
    check_country(&req.country)?;
    check_currency("currency", &req.currency)?;
    check_currency("debit_currency", &req.debit_currency)?;
    check_amount(req.amount, &req.currency)?;
    check_url("notif_url", &req.notif_url)?;
    check_url("return_url", &req.return_url)?;
    check_url("cancel_url", &req.cancel_url)?;
    Ok(())
}

// ------------------------------------------------------------------------------------------ builders

fn bearer(req: HttpRequest, token: &Secret<String>) -> HttpRequest {
    req.header("Authorization", format!("Bearer {}", token.expose()))
        .header("Accept", "application/json")
}

/// `POST /v1/token` (docs/providers/viralpay.md, "Authentification"): `Authorization: Basic base64(client_id:client_secret)` AND
/// the form `grant_type=password, client_id, client_secret, username, password` (docs/providers/viralpay.md: the provider's documents
/// shows both).
pub fn build_token(cfg: &ViralPayConfig) -> Result<HttpRequest, Error> {
    cfg.check()?;
    let basic = data_encoding::BASE64
        .encode(format!("{}:{}", cfg.client_id, cfg.client_secret.expose()).as_bytes());
    let body = form_encode(&[
        ("grant_type", "password"),
        ("client_id", &cfg.client_id),
        ("client_secret", cfg.client_secret.expose()),
        ("username", &cfg.username),
        ("password", cfg.password.expose()),
    ]);
    let mut req = HttpRequest::new(Method::Post, cfg.url(&cfg.paths.token))
        .header("Authorization", format!("Basic {basic}"))
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded");
    req.body = Some(body);
    Ok(req)
}

/// `GET /v1/account` (docs/providers/viralpay.md, "Infos compte"; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent).
pub fn build_account(cfg: &ViralPayConfig, token: &Secret<String>) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(bearer(
        HttpRequest::new(Method::Get, cfg.url(&cfg.paths.account)),
        token,
    ))
}

/// `GET /v1/balances` (ViralPAY's balances answer, docs/providers/viralpay.md#responses-and-statuses; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent).
pub fn build_balances(cfg: &ViralPayConfig, token: &Secret<String>) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(bearer(
        HttpRequest::new(Method::Get, cfg.url(&cfg.paths.balances)),
        token,
    ))
}

/// `GET /v1/transactions?date_begin&date_end&size` (docs/providers/viralpay.md, "Transactions"; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent).
pub fn build_transactions(
    cfg: &ViralPayConfig,
    token: &Secret<String>,
    q: &TransactionsQuery,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    if q.size == 0 {
        return Err(Error::validation("size", "must be at least 1"));
    }
    let size = q.size.to_string();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(b) = &q.date_begin {
        pairs.push(("date_begin", b));
    }
    if let Some(e) = &q.date_end {
        pairs.push(("date_end", e));
    }
    pairs.push(("size", &size));
    let url = format!(
        "{}?{}",
        cfg.url(&cfg.paths.transactions),
        form_encode(&pairs)
    );
    Ok(bearer(HttpRequest::new(Method::Get, url), token))
}

/// `GET /v1/transactions/status?transaction_id&order_id&reference_id` (ViralPAY's status call, docs/providers/viralpay.md#endpoints; path:
/// payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent). At least one id is required; only those given are sent.
pub fn build_transaction_status(
    cfg: &ViralPayConfig,
    token: &Secret<String>,
    q: &StatusQuery,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (k, v) in [
        ("transaction_id", &q.transaction_id),
        ("order_id", &q.order_id),
        ("reference_id", &q.reference_id),
    ] {
        if let Some(v) = v {
            if v.trim().is_empty() {
                return Err(Error::validation(k, "must not be empty"));
            }
            pairs.push((k, v));
        }
    }
    if pairs.is_empty() {
        return Err(Error::validation(
            "reference",
            "is required: the order id (or transactionId / referenceId)",
        ));
    }
    let url = format!(
        "{}?{}",
        cfg.url(&cfg.paths.transaction_status),
        form_encode(&pairs)
    );
    Ok(bearer(HttpRequest::new(Method::Get, url), token))
}

fn mobile_body(req: &MobileRequest) -> String {
    let mut m = Map::new();
    let s = |v: &str| Value::String(v.to_string());
    if let Some(o) = &req.operator {
        m.insert("operator".into(), s(o));
    }
    if let Some(k) = &req.merchant_key {
        m.insert("merchant_key".into(), s(k));
    }
    m.insert("country".into(), s(&req.country.to_ascii_lowercase()));
    m.insert("phone_number".into(), s(&req.phone_number));
    m.insert("currency".into(), s(&req.currency));
    let order_id = req.order_id.clone().unwrap_or_default();
    m.insert("order_id".into(), s(&order_id));
    m.insert(
        "reference_id".into(),
        s(req.reference_id.as_deref().unwrap_or(&order_id)),
    );
    m.insert("amount".into(), amount_json(req.amount));
    for (k, v) in [
        ("lang", &req.lang),
        ("return_url", &req.return_url),
        ("cancel_url", &req.cancel_url),
        ("notify_url", &req.notify_url),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), s(v));
        }
    }
    crate::core::http::json_text(&m)
}

/// `POST /v1/payments` (docs/providers/viralpay.md, "Payements"; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent): the customer pays the merchant.
/// JSON body in the order of the provider's documented example: `operator, country, phone_number, currency, order_id,
/// reference_id, amount, lang, return_url, cancel_url, notify_url`.
pub fn build_payment(
    cfg: &ViralPayConfig,
    token: &Secret<String>,
    req: &MobileRequest,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_mobile(req)?;
    Ok(bearer(
        HttpRequest::new(Method::Post, cfg.url(&cfg.paths.payments)),
        token,
    )
    .json_body(mobile_body(req)))
}

/// `POST /v1/transfers` (docs/providers/viralpay.md, "Transferts"; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent): the merchant pays a wallet.
/// Same body as [`build_payment`].
pub fn build_transfer(
    cfg: &ViralPayConfig,
    token: &Secret<String>,
    req: &MobileRequest,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_mobile(req)?;
    Ok(bearer(
        HttpRequest::new(Method::Post, cfg.url(&cfg.paths.transfers)),
        token,
    )
    .json_body(mobile_body(req)))
}

/// `POST /v1/virements` (docs/providers/viralpay.md, "Virements"; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent): a bank transfer. JSON body in
/// the order of the provider's documented example: `account_bank, account_number, amount, narration, currency, operator?,
/// country, order_id, reference, notif_url?, debit_currency`, then `lang?, return_url?, cancel_url?`.
pub fn build_bank_transfer(
    cfg: &ViralPayConfig,
    token: &Secret<String>,
    req: &BankTransferRequest,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_bank_transfer(req)?;
    let s = |v: &str| Value::String(v.to_string());
    let mut m = Map::new();
    m.insert("account_bank".into(), s(&req.account_bank));
    m.insert("account_number".into(), s(&req.account_number));
    m.insert("amount".into(), amount_json(req.amount));
    m.insert("narration".into(), s(&req.narration));
    m.insert("currency".into(), s(&req.currency));
    if let Some(o) = &req.operator {
        m.insert("operator".into(), s(o));
    }
    m.insert("country".into(), s(&req.country.to_ascii_lowercase()));
    let order_id = req.order_id.clone().unwrap_or_default();
    m.insert("order_id".into(), s(&order_id));
    m.insert(
        "reference".into(),
        s(req.reference.as_deref().unwrap_or(&order_id)),
    );
    if let Some(u) = &req.notif_url {
        m.insert("notif_url".into(), s(u));
    }
    m.insert("debit_currency".into(), s(&req.debit_currency));
    for (k, v) in [
        ("lang", &req.lang),
        ("return_url", &req.return_url),
        ("cancel_url", &req.cancel_url),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), s(v));
        }
    }
    Ok(bearer(
        HttpRequest::new(Method::Post, cfg.url(&cfg.paths.virements)),
        token,
    )
    .json_object(&m))
}

/// `POST /v1/notifications` (docs/providers/viralpay.md, "Notifications"; path: payrail's default, docs/providers/viralpay.md#choices-where-the-provider-is-silent): JSON
/// `{transaction_id, order_id?}`.
pub fn build_notification(
    cfg: &ViralPayConfig,
    token: &Secret<String>,
    req: &NotificationRequest,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    if req.transaction_id.trim().is_empty() {
        return Err(Error::validation("transactionId", "is required"));
    }
    let mut m = Map::new();
    m.insert(
        "transaction_id".into(),
        Value::String(req.transaction_id.clone()),
    );
    if let Some(o) = &req.order_id {
        m.insert("order_id".into(), Value::String(o.clone()));
    }
    Ok(bearer(
        HttpRequest::new(Method::Post, cfg.url(&cfg.paths.notifications)),
        token,
    )
    .json_object(&m))
}
