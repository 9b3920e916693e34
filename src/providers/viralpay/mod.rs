//! ViralPAY API v1 (seed 002; PROVIDERS.md §4).
//!
//! A password-grant token (`POST /v1/token`, Basic header AND form), then Bearer calls: account info, balances,
//! transactions, transaction status, payments (collect), transfers (payout), bank transfers (virements) and
//! notifications. Every answer is wrapped as `{request_id, timestamp, data}`. Only `/v1/token` is published;
//! the other paths are PROVIDERS.md §4's defaults, each overridable through [`ViralPayPaths`].
//!
//! Builders and parsers here are pure: tokens, ids and times come in as arguments.

pub mod input;

use crate::core::error::ProviderDetail;
use crate::core::http::{form_encode, join_url};
use crate::core::{
    Amount, Balance, Callback, Error, HttpRequest, HttpResponse, Method, Provider, Reason, Secret,
    Status, Transaction,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// ViralPAY's published sandbox host (seed 002: "Sandbox endpoint : api-sandbox.viralpay.cm"). The production
/// host is *unpublished* (PROVIDERS.md §4): pass it as `base_url`.
pub const DEFAULT_BASE_URL: &str = "https://api-sandbox.viralpay.cm";

/// The paths of the ViralPAY functions. Seed 002 names only `/v1/token`; the others are PROVIDERS.md §4's
/// defaults for paths ViralPAY does not publish, each overridable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViralPayPaths {
    /// `POST` token (seed 002: `/v1/token`).
    pub token: String,
    /// `GET` account info (default `/v1/account`).
    pub account: String,
    /// `GET` balances (default `/v1/balances`).
    pub balances: String,
    /// `GET` transactions (default `/v1/transactions`).
    pub transactions: String,
    /// `GET` transaction status (default `/v1/transactions/status`).
    pub transaction_status: String,
    /// `POST` payment / collect (default `/v1/payments`).
    pub payments: String,
    /// `POST` transfer / payout to a wallet (default `/v1/transfers`).
    pub transfers: String,
    /// `POST` bank transfer (default `/v1/virements`).
    pub virements: String,
    /// `POST` notifications (default `/v1/notifications`).
    pub notifications: String,
}

impl Default for ViralPayPaths {
    fn default() -> Self {
        ViralPayPaths {
            token: "/v1/token".into(),
            account: "/v1/account".into(),
            balances: "/v1/balances".into(),
            transactions: "/v1/transactions".into(),
            transaction_status: "/v1/transactions/status".into(),
            payments: "/v1/payments".into(),
            transfers: "/v1/transfers".into(),
            virements: "/v1/virements".into(),
            notifications: "/v1/notifications".into(),
        }
    }
}

impl ViralPayPaths {
    /// The option names (camelCase, as in JS) and the paths they set.
    pub fn entries_mut(&mut self) -> [(&'static str, &mut String); 9] {
        [
            ("token", &mut self.token),
            ("account", &mut self.account),
            ("balances", &mut self.balances),
            ("transactions", &mut self.transactions),
            ("transactionStatus", &mut self.transaction_status),
            ("payments", &mut self.payments),
            ("transfers", &mut self.transfers),
            ("virements", &mut self.virements),
            ("notifications", &mut self.notifications),
        ]
    }
}

/// A merchant's ViralPAY credentials (seed 002, "Parameters" of the token call) and settings.
#[derive(Debug, Clone)]
pub struct ViralPayConfig {
    /// API host (`https://api-sandbox.viralpay.cm`).
    pub base_url: String,
    /// The client id (`client_user` of the Basic header, `client_id` of the form).
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret<String>,
    /// The username of the password grant.
    pub username: String,
    /// The password of the password grant.
    pub password: Secret<String>,
    /// Function paths (PROVIDERS.md §4 defaults).
    pub paths: ViralPayPaths,
}

impl ViralPayConfig {
    /// Checks that every credential is present and every path is a path, naming the faulty option.
    pub fn check(&self) -> Result<(), Error> {
        for (field, value) in [
            ("baseUrl", self.base_url.as_str()),
            ("clientId", self.client_id.as_str()),
            ("clientSecret", self.client_secret.expose().as_str()),
            ("username", self.username.as_str()),
            ("password", self.password.expose().as_str()),
        ] {
            if value.trim().is_empty() {
                return Err(Error::validation(field, "is required"));
            }
        }
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        let mut paths = self.paths.clone();
        for (name, p) in paths.entries_mut() {
            if !p.starts_with('/') || p.contains(['?', '#', ' ']) {
                return Err(Error::validation(
                    format!("paths.{name}"),
                    "must be a path starting with '/', without query or spaces",
                ));
            }
        }
        Ok(())
    }

    fn url(&self, path: &str) -> String {
        join_url(&self.base_url, path)
    }
}

/// A payment (collect) or transfer (payout) request: seed 002's "Payements" / "Transferts" body.
#[derive(Debug, Clone, PartialEq)]
pub struct MobileRequest {
    /// `operator`: the mobile operator (`wave`, `mtn`, `orange`...), optional.
    pub operator: Option<String>,
    /// `merchant_key` (seed 002's table), optional.
    pub merchant_key: Option<String>,
    /// `country`: ISO 3166 alpha-2, sent in lower case as seed 002's example (`"sn"`).
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

/// A bank transfer (seed 002, "Virements").
#[derive(Debug, Clone, PartialEq)]
pub struct BankTransferRequest {
    /// `account_bank`: the bank code (`"044"` in the seed's example).
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
    /// `notif_url` (seed 002's example spelling).
    pub notif_url: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `return_url`.
    pub return_url: Option<String>,
    /// `cancel_url`.
    pub cancel_url: Option<String>,
}

/// The transactions query (seed 002, "Transactions": `date_begin`, `date_end`, `size`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionsQuery {
    /// `date_begin`, optional.
    pub date_begin: Option<String>,
    /// `date_end`, optional.
    pub date_end: Option<String>,
    /// `size` (required by seed 002).
    pub size: u32,
}

/// The transaction-status query (seed 002: `transaction_id`, `order_id`, `reference_id`; at least one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusQuery {
    /// `transaction_id`: ViralPAY's id.
    pub transaction_id: Option<String>,
    /// `order_id`: the SDK's reference.
    pub order_id: Option<String>,
    /// `reference_id`.
    pub reference_id: Option<String>,
}

/// The notifications request (seed 002, "Notifications": `transaction_id`, `order_id?`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRequest {
    /// `transaction_id` (required by seed 002).
    pub transaction_id: String,
    /// `order_id`, optional.
    pub order_id: Option<String>,
}

/// The `{request_id, timestamp, data}` envelope of every ViralPAY answer (seed 002, "Response").
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `request_id`.
    pub request_id: Option<Value>,
    /// `timestamp`.
    pub timestamp: Option<Value>,
    /// `data`.
    pub data: Value,
    /// The whole body.
    pub raw: Value,
}

/// A token answer (seed 002, "Authentification" response: `access_token`, `expires_in`, `token_type`).
#[derive(Debug, Clone)]
pub struct TokenGrant {
    /// `access_token`.
    pub access_token: Secret<String>,
    /// `expires_in`, seconds.
    pub expires_in: u64,
}

/// Account info (seed 002, "Infos compte").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    /// `business_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// `business_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_id: Option<String>,
    /// `quater` (the merchant's quarter, seed 002's spelling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quater: Option<String>,
    /// `phone_number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// `data` as received.
    pub raw: Value,
}

/// The transactions list (seed 002 says only "data object": the transactions are read from `data` when it is an
/// array, or from `data.transactions` / `data.items`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionList {
    /// The transactions found.
    pub transactions: Vec<Transaction>,
    /// `data` as received.
    pub raw: Value,
}

/// The notifications answer (seed 002: `request_ip`, `data{status, message}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationResult {
    /// `data.status`: what the merchant's endpoint answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// `data.message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `request_ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_ip: Option<String>,
    /// The whole answer.
    pub raw: Value,
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

/// Checks an `order_id`: 1 to 128 characters of `[A-Za-z0-9_\-:.]` (the seed's examples use letters, digits,
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

/// The amount as a JSON number, as seed 002's examples write it (`"amount":200`, `"amount": 5500`).
fn amount_json(amount: Amount) -> Value {
    let text = amount.to_plain();
    serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text))
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

/// `POST /v1/token` (seed 002, "Authentification"): `Authorization: Basic base64(client_id:client_secret)` AND
/// the form `grant_type=password, client_id, client_secret, username, password` (PROVIDERS.md §4: the seed
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

/// `GET /v1/account` (seed 002, "Infos compte"; path: PROVIDERS.md §4 default).
pub fn build_account(cfg: &ViralPayConfig, token: &Secret<String>) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(bearer(
        HttpRequest::new(Method::Get, cfg.url(&cfg.paths.account)),
        token,
    ))
}

/// `GET /v1/balances` (seed 002's balances answer; path: PROVIDERS.md §4 default).
pub fn build_balances(cfg: &ViralPayConfig, token: &Secret<String>) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(bearer(
        HttpRequest::new(Method::Get, cfg.url(&cfg.paths.balances)),
        token,
    ))
}

/// `GET /v1/transactions?date_begin&date_end&size` (seed 002, "Transactions"; path: PROVIDERS.md §4 default).
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

/// `GET /v1/transactions/status?transaction_id&order_id&reference_id` (seed 002's status call; path:
/// PROVIDERS.md §4 default). At least one id is required; only those given are sent.
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

/// `POST /v1/payments` (seed 002, "Payements"; path: PROVIDERS.md §4 default): the customer pays the merchant.
/// JSON body in the order of the seed's example: `operator, country, phone_number, currency, order_id,
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

/// `POST /v1/transfers` (seed 002, "Transferts"; path: PROVIDERS.md §4 default): the merchant pays a wallet.
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

/// `POST /v1/virements` (seed 002, "Virements"; path: PROVIDERS.md §4 default): a bank transfer. JSON body in
/// the order of the seed's example: `account_bank, account_number, amount, narration, currency, operator?,
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

/// `POST /v1/notifications` (seed 002, "Notifications"; path: PROVIDERS.md §4 default): JSON
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

// ------------------------------------------------------------------------------------------ parsers

/// ViralPAY's transaction status (seed 002: "Failed, Pending or Success") → the unified status. Any other word
/// is `unknown` (check again).
pub fn map_status(s: &str) -> Status {
    match s.trim().to_ascii_lowercase().as_str() {
        "success" => Status::Success,
        "pending" => Status::Pending,
        "failed" => Status::Failed,
        _ => Status::Unknown,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads an answer's envelope. An error status becomes a typed error: 401 → `auth_error`, 429 → `rate_limited`
/// with the `Retry-After` wait (seed 002: 200 requests a minute per function), 5xx/408 → a retryable
/// `provider_error`, other 4xx → a `provider_error` carrying the envelope's `error` code and `message`.
/// `now_ms` reads a `Retry-After` given as a date.
pub fn read_envelope(resp: &HttpResponse, now_ms: u64) -> Result<Envelope, Error> {
    let body: Option<Value> = serde_json::from_slice(&resp.body).ok();
    let obj = body.as_ref().and_then(Value::as_object);
    let code = obj.and_then(|o| text(o.get("error")));
    let message = obj.and_then(|o| text(o.get("message")));
    let detail = ProviderDetail {
        http_status: Some(resp.status),
        provider_code: code.clone(),
    };
    if !resp.is_success() {
        let said = message.clone().or_else(|| code.clone()).unwrap_or_default();
        let retry_after_ms = crate::client::retry::retry_after_of(resp, now_ms);
        if let Some(e) =
            Error::transient_http(Provider::Viralpay, detail.clone(), retry_after_ms, &said)
        {
            return Err(e);
        }
        return Err(match resp.status {
            401 | 403 => Error::Auth {
                provider: Provider::Viralpay,
                message: if said.is_empty() {
                    format!(
                        "HTTP {}: check clientId, clientSecret, username and password",
                        resp.status
                    )
                } else {
                    format!("{said} (HTTP {})", resp.status)
                },
                detail,
            },
            _ => Error::Provider {
                provider: Provider::Viralpay,
                message: if said.is_empty() {
                    format!("HTTP {}", resp.status)
                } else {
                    said
                },
                reason: code
                    .as_deref()
                    .and_then(error_reason)
                    .map(|r| r.as_str().to_string()),
                detail,
                retryable: false,
            },
        });
    }
    let body = body.ok_or_else(|| {
        Error::parse(
            Provider::Viralpay,
            format!("the body is not JSON (HTTP {})", resp.status),
            "",
            &resp.body,
        )
    })?;
    let Some(obj) = body.as_object() else {
        return Err(Error::parse(
            Provider::Viralpay,
            "expected the {request_id, timestamp, data} envelope",
            "",
            &resp.body,
        ));
    };
    let Some(data) = obj.get("data").filter(|d| !d.is_null()) else {
        return Err(Error::Provider {
            provider: Provider::Viralpay,
            message: message.unwrap_or_else(|| "the answer has no data".into()),
            reason: code
                .as_deref()
                .and_then(error_reason)
                .map(|r| r.as_str().to_string()),
            detail,
            retryable: false,
        });
    };
    Ok(Envelope {
        request_id: obj.get("request_id").cloned(),
        timestamp: obj.get("timestamp").cloned(),
        data: data.clone(),
        raw: body.clone(),
    })
}

/// The normalised reason of an error code of the envelope (the sandbox's names; ViralPAY publishes none).
fn error_reason(code: &str) -> Option<Reason> {
    match code {
        "insufficient_balance" | "insufficient_funds" => Some(Reason::InsufficientFunds),
        "not_found" => Some(Reason::AccountNotFound),
        _ => None,
    }
}

/// Reads a token answer (seed 002: `data{access_token, expires_in, token_type: "Bearer"}`).
/// A parse error keeps no part of the body here: a token answer cut short may still hold the token.
pub fn parse_token(resp: &HttpResponse, now_ms: u64) -> Result<TokenGrant, Error> {
    let env = read_envelope(resp, now_ms).map_err(|e| match e {
        Error::Parse {
            provider,
            message,
            path,
            ..
        } => Error::Parse {
            provider,
            message,
            path,
            body_snippet: String::new(),
        },
        other => other,
    })?;
    let token = env
        .data
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            Error::parse(
                Provider::Viralpay,
                "missing access_token",
                "data.access_token",
                b"",
            )
        })?;
    if let Some(t) = env.data.get("token_type").and_then(Value::as_str) {
        if !t.eq_ignore_ascii_case("bearer") {
            return Err(Error::parse(
                Provider::Viralpay,
                format!("token_type {t:?} is not Bearer"),
                "data.token_type",
                b"",
            ));
        }
    }
    let expires_in = match env.data.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        Error::parse(
            Provider::Viralpay,
            "missing or non-numeric expires_in",
            "data.expires_in",
            b"",
        )
    })?;
    Ok(TokenGrant {
        access_token: Secret::new(token.to_string()),
        expires_in,
    })
}

/// A transaction from a `data` object (seed 002's payment/status/transfer/virement answers). `reference`, the
/// order id sent, is used when the answer has no `order_id`.
pub fn transaction_from_data(data: &Value, reference: &str) -> Result<Transaction, Error> {
    let raw_bytes = data.to_string();
    let obj = data.as_object().ok_or_else(|| {
        Error::parse(
            Provider::Viralpay,
            "expected a transaction object",
            "data",
            raw_bytes.as_bytes(),
        )
    })?;
    let provider_status = obj
        .get("status")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Error::parse(
                Provider::Viralpay,
                "missing status",
                "data.status",
                raw_bytes.as_bytes(),
            )
        })?
        .to_string();
    Ok(Transaction {
        provider: Provider::Viralpay,
        reference: text(obj.get("order_id")).unwrap_or_else(|| reference.to_string()),
        status: map_status(&provider_status),
        reason: None,
        provider_status,
        transaction_id: text(obj.get("transaction_id")),
        amount: text(obj.get("amount")),
        currency: text(obj.get("currency")),
        redirect_url: None,
        confirm_type: None,
        raw: data.clone(),
    })
}

/// Reads a payment, transfer, bank-transfer or status answer.
pub fn parse_transaction(
    resp: &HttpResponse,
    reference: &str,
    now_ms: u64,
) -> Result<Transaction, Error> {
    let env = read_envelope(resp, now_ms)?;
    transaction_from_data(&env.data, reference)
}

/// Reads the account info answer (seed 002, "Infos compte").
pub fn parse_account(resp: &HttpResponse, now_ms: u64) -> Result<AccountInfo, Error> {
    let env = read_envelope(resp, now_ms)?;
    let d = &env.data;
    Ok(AccountInfo {
        business_name: text(d.get("business_name")),
        business_id: text(d.get("business_id")),
        quater: text(d.get("quater")),
        phone_number: text(d.get("phone_number")),
        raw: env.data.clone(),
    })
}

/// Reads the balances answer (seed 002: `data` = array of `{country_name, number, service, balance, currency,
/// country_code}`): one [`Balance`] per wallet, the wallet object as `raw`.
pub fn parse_balances(resp: &HttpResponse, now_ms: u64) -> Result<Vec<Balance>, Error> {
    let env = read_envelope(resp, now_ms)?;
    let list = env.data.as_array().ok_or_else(|| {
        Error::parse(
            Provider::Viralpay,
            "expected an array of balances",
            "data",
            &resp.body,
        )
    })?;
    list.iter()
        .enumerate()
        .map(|(i, w)| {
            let available = text(w.get("balance")).ok_or_else(|| {
                Error::parse(
                    Provider::Viralpay,
                    "missing balance",
                    format!("data[{i}].balance"),
                    &resp.body,
                )
            })?;
            let currency = text(w.get("currency")).ok_or_else(|| {
                Error::parse(
                    Provider::Viralpay,
                    "missing currency",
                    format!("data[{i}].currency"),
                    &resp.body,
                )
            })?;
            Ok(Balance {
                provider: Provider::Viralpay,
                available,
                currency,
                raw: w.clone(),
            })
        })
        .collect()
}

/// Reads the transactions answer. Seed 002 says only "data object": the list is `data` itself when an array,
/// else `data.transactions`, else `data.items`, else `data.data`; entries without a status are skipped.
pub fn parse_transactions(resp: &HttpResponse, now_ms: u64) -> Result<TransactionList, Error> {
    let env = read_envelope(resp, now_ms)?;
    let list = match &env.data {
        Value::Array(a) => Some(a),
        Value::Object(o) => ["transactions", "items", "data"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_array)),
        _ => None,
    };
    let transactions = list
        .map(|l| {
            l.iter()
                .filter_map(|t| transaction_from_data(t, "").ok())
                .collect()
        })
        .unwrap_or_default();
    Ok(TransactionList {
        transactions,
        raw: env.data.clone(),
    })
}

/// Reads the notifications answer (seed 002: `request_ip`, `data{status, message}`).
pub fn parse_notification(resp: &HttpResponse, now_ms: u64) -> Result<NotificationResult, Error> {
    let env = read_envelope(resp, now_ms)?;
    let status = match env.data.get("status") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(NotificationResult {
        status,
        message: text(env.data.get("message")),
        request_ip: text(env.raw.get("request_ip")),
        raw: env.raw.clone(),
    })
}

/// Reads a notification ViralPAY sent to `notify_url`. ViralPAY documents no callback body and no signature
/// (seed 002): the SDK reads the envelope `{request_id, timestamp, data: <transaction>}` (the sandbox's choice)
/// or a bare transaction object. `verified` is always `false`: confirm with `status` before acting on it.
pub fn parse_callback(raw_body: &str) -> Result<Callback, Error> {
    let body: Value = serde_json::from_str(raw_body).map_err(|e| {
        Error::parse(
            Provider::Viralpay,
            format!("the notification is not JSON ({e})"),
            "",
            raw_body.as_bytes(),
        )
    })?;
    let data = match body.get("data") {
        Some(d) if d.is_object() => d,
        _ => &body,
    };
    if !data.is_object() {
        return Err(Error::parse(
            Provider::Viralpay,
            "the notification is not a JSON object",
            "",
            raw_body.as_bytes(),
        ));
    }
    let provider_status = text(data.get("status")).ok_or_else(|| {
        Error::parse(
            Provider::Viralpay,
            "missing status",
            "data.status",
            raw_body.as_bytes(),
        )
    })?;
    let reference = text(data.get("order_id"))
        .or_else(|| text(data.get("transaction_id")))
        .ok_or_else(|| {
            Error::parse(
                Provider::Viralpay,
                "missing order_id and transaction_id",
                "data.order_id",
                raw_body.as_bytes(),
            )
        })?;
    Ok(Callback {
        provider: Provider::Viralpay,
        reference,
        status: map_status(&provider_status),
        reason: None,
        provider_status,
        verified: false,
        operation: text(data.get("type")),
        transaction_id: text(data.get("transaction_id")),
        amount: text(data.get("amount")),
        raw: body,
    })
}

#[cfg(test)]
mod tests;
