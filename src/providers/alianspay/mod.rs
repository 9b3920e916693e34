//! AliansPay (seed 000; PROVIDERS.md §5).
//!
//! Published (seed 000): the payment-method codes per country and their currency, the statuses, the OTP scheme
//! (a 6-digit RFC 6238 TOTP keyed with the bytes of the partner's otp-secret-code, on every request) and the
//! callback body. *Unpublished*, so options with PROVIDERS.md §5's defaults: the base URL, the paths, the header
//! names and the request body. Builders and parsers here are pure: the time of the OTP comes in as an argument.

pub mod input;
mod interface;

use crate::core::error::ProviderDetail;
use crate::core::http::{join_url, percent_encode};
use crate::core::{
    Amount, Balance, Callback, Error, HttpRequest, HttpResponse, Method, Provider, Reason, Secret,
    Status, Transaction,
};
use crate::crypto::alianspay_otp;
use serde_json::{Map, Value};

/// PROVIDERS.md §5's default host (AliansPay does not publish one).
pub const DEFAULT_BASE_URL: &str = "https://api.alianspay.com";

/// The placeholder of the transaction-status path.
pub const EXTERNAL_ID_PLACEHOLDER: &str = "{externalTransactionId}";

/// The paths of the AliansPay calls: *unpublished*, PROVIDERS.md §5's defaults, each overridable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliansPayPaths {
    /// `POST` collection (default `/api/v1/collection`).
    pub collection: String,
    /// `POST` disbursement (default `/api/v1/disbursement`).
    pub disbursement: String,
    /// `GET` transaction status, with [`EXTERNAL_ID_PLACEHOLDER`] (default
    /// `/api/v1/transaction/{externalTransactionId}`).
    pub transaction: String,
    /// `GET` balance (default `/api/v1/balance`).
    pub balance: String,
}

impl Default for AliansPayPaths {
    fn default() -> Self {
        AliansPayPaths {
            collection: "/api/v1/collection".into(),
            disbursement: "/api/v1/disbursement".into(),
            transaction: format!("/api/v1/transaction/{EXTERNAL_ID_PLACEHOLDER}"),
            balance: "/api/v1/balance".into(),
        }
    }
}

/// The names of the two authentication headers: *unpublished*, PROVIDERS.md §5's defaults `guid` and `otp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliansPayHeaderNames {
    /// The header carrying the partner GUID (default `guid`).
    pub guid: String,
    /// The header carrying the OTP (default `otp`).
    pub otp: String,
}

impl Default for AliansPayHeaderNames {
    fn default() -> Self {
        AliansPayHeaderNames {
            guid: "guid".into(),
            otp: "otp".into(),
        }
    }
}

/// A partner's AliansPay credentials and settings.
#[derive(Debug, Clone)]
pub struct AliansPayConfig {
    /// API host.
    pub base_url: String,
    /// The partner's otp-secret-code (a GUID string): sent in the guid header and the key of every OTP, so a
    /// secret (seed 000, "OTP").
    pub guid: Secret<String>,
    /// Call paths.
    pub paths: AliansPayPaths,
    /// Authentication header names.
    pub header_names: AliansPayHeaderNames,
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl AliansPayConfig {
    /// Checks the options, naming the faulty one.
    pub fn check(&self) -> Result<(), Error> {
        if self.guid.expose().trim().is_empty() {
            return Err(Error::validation(
                "guid",
                "is required (the partner's otp-secret-code)",
            ));
        }
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        for (name, p) in [
            ("paths.collection", &self.paths.collection),
            ("paths.disbursement", &self.paths.disbursement),
            ("paths.transaction", &self.paths.transaction),
            ("paths.balance", &self.paths.balance),
        ] {
            if !p.starts_with('/') || p.contains(['?', '#', ' ']) {
                return Err(Error::validation(
                    name,
                    "must be a path starting with '/', without query or spaces",
                ));
            }
        }
        if !self.paths.transaction.contains(EXTERNAL_ID_PLACEHOLDER) {
            return Err(Error::validation(
                "paths.transaction",
                "must contain {externalTransactionId}",
            ));
        }
        for (name, h) in [
            ("headerNames.guid", &self.header_names.guid),
            ("headerNames.otp", &self.header_names.otp),
        ] {
            if !is_token(h) {
                return Err(Error::validation(name, "must be an HTTP header name"));
            }
        }
        if self
            .header_names
            .guid
            .eq_ignore_ascii_case(&self.header_names.otp)
        {
            return Err(Error::validation(
                "headerNames.otp",
                "must differ from headerNames.guid",
            ));
        }
        Ok(())
    }

    fn authed(&self, req: HttpRequest, unix_time: u64) -> HttpRequest {
        req.header(&self.header_names.guid, self.guid.expose().clone())
            .header(
                &self.header_names.otp,
                alianspay_otp(self.guid.expose(), unix_time),
            )
            .header("Accept", "application/json")
    }

    /// Replaces the partner GUID in every string of a JSON value (a `raw` answer handed to the caller).
    fn scrub_value(&self, v: &mut Value) {
        match v {
            Value::String(t) => {
                let clean = self.scrub(t);
                *t = clean;
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.scrub_value(i)),
            Value::Object(map) => map.values_mut().for_each(|i| self.scrub_value(i)),
            _ => {}
        }
    }

    /// Replaces the partner GUID wherever a provider text might echo it.
    fn scrub(&self, text: &str) -> String {
        let g = self.guid.expose();
        if g.len() >= 4 && text.contains(g.as_str()) {
            text.replace(g.as_str(), "[redacted]")
        } else {
            text.to_string()
        }
    }
}

/// One country of seed 000's "Supported payment methods" table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Territory {
    /// ISO 3166 alpha-2.
    pub country: &'static str,
    /// The name in seed 000's table.
    pub name: &'static str,
    /// The phone country code (E.164).
    pub dial: &'static str,
    /// The currency (seed 000's "Currency code" row).
    pub currency: &'static str,
    /// The `moyenPayment` codes.
    pub methods: &'static [&'static str],
}

/// Seed 000's country × payment-method × currency table (TCHAD's "MOOV Money" is PROVIDERS.md §5's `MOOV`).
pub const TERRITORIES: &[Territory] = &[
    Territory {
        country: "CM",
        name: "Cameroon",
        dial: "237",
        currency: "XAF",
        methods: &["OM", "MOMO", "AP", "VISA_MASTERCARD"],
    },
    Territory {
        country: "SN",
        name: "Senegal",
        dial: "221",
        currency: "XOF",
        methods: &["AP", "OM", "WAVE", "VISA_MASTERCARD"],
    },
    Territory {
        country: "TG",
        name: "Togo",
        dial: "228",
        currency: "XOF",
        methods: &["AP", "VISA_MASTERCARD", "TMoney"],
    },
    Territory {
        country: "TD",
        name: "Chad",
        dial: "235",
        currency: "XAF",
        methods: &["AP", "VISA_MASTERCARD", "MOOV"],
    },
    Territory {
        country: "GN",
        name: "Guinea",
        dial: "224",
        currency: "GNF",
        methods: &["MOMO", "AP"],
    },
];

/// Seed 000: "WAVE and VISA_MASTERCARD collection operations will include a URL in the response object".
pub const REDIRECT_METHODS: &[&str] = &["WAVE", "VISA_MASTERCARD"];

/// Every `moyenPayment` code of seed 000, in the table's order.
pub fn all_methods() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for t in TERRITORIES {
        for m in t.methods {
            if !out.contains(m) {
                out.push(m);
            }
        }
    }
    out
}

/// Collection (customer pays) or disbursement (partner pays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST /api/v1/collection`.
    Collection,
    /// `POST /api/v1/disbursement`.
    Disbursement,
}

/// A collection or disbursement: PROVIDERS.md §5's body `{moyenPayment, amount, currency, reference,
/// externalTransactionId, callbackUrl?, description?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationRequest {
    /// `moyenPayment`: a code of seed 000's table (case-sensitive: `TMoney`).
    pub moyen_payment: String,
    /// `amount` (whole: XAF, XOF and GNF have no minor unit).
    pub amount: Amount,
    /// `currency`.
    pub currency: String,
    /// `reference`: the payer's (collection) or payee's (disbursement) phone number, country code first
    /// (seed 000's callback sample `237696985698`).
    pub phone: String,
    /// `externalTransactionId`: the idempotency key; the client makes one when absent.
    pub external_transaction_id: Option<String>,
    /// `callbackUrl`: seed 000, "do not send anything in this parameter" to get no callback.
    pub callback_url: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The country (ISO alpha-2), only to validate against the table; not sent (no such field is published).
    pub country: Option<String>,
}

/// Checks an `externalTransactionId`: 1 to 128 characters of `[A-Za-z0-9_\-:.]` (seed 000's sample is
/// `MP210708723ACC512EAD3145917E`; the SDK's own are UUIDs).
pub fn check_external_id(field: &str, id: &str) -> Result<(), Error> {
    crate::core::reference::check_idempotency_key(field, id)
}

fn territory(code: &str) -> Option<&'static Territory> {
    TERRITORIES.iter().find(|t| t.country == code)
}

fn offered_in(method: &str) -> Vec<&'static str> {
    TERRITORIES
        .iter()
        .filter(|t| t.methods.contains(&method))
        .map(|t| t.country)
        .collect()
}

/// Checks a request against seed 000's table before anything is sent: the method exists, is offered in the
/// country (from `country`, else the phone's country code; for cards, the currency), in that country's currency.
/// Returns the territory.
pub fn check_operation(req: &OperationRequest, kind: Kind) -> Result<&'static Territory, Error> {
    match &req.external_transaction_id {
        Some(id) => check_external_id("externalTransactionId", id)?,
        None => return Err(Error::validation("externalTransactionId", "is required")),
    }
    let methods = all_methods();
    let method = req.moyen_payment.as_str();
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
    let card = method == "VISA_MASTERCARD";
    let phone_digits = req.phone.len() >= 8
        && req.phone.len() <= 15
        && req.phone.bytes().all(|b| b.is_ascii_digit());
    if req.phone.is_empty() {
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
    let by_phone = TERRITORIES
        .iter()
        .find(|t| phone_digits && req.phone.starts_with(t.dial));
    let t = match &req.country {
        Some(c) => {
            let up = c.trim().to_ascii_uppercase();
            let t = territory(&up).ok_or_else(|| {
                Error::validation(
                    "country",
                    format!(
                        "AliansPay operates in {} (seed 000)",
                        TERRITORIES
                            .iter()
                            .map(|t| t.country)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            if !card && !req.phone.starts_with(t.dial) {
                return Err(Error::validation(
                    "phone",
                    format!(
                        "must start with {}'s country code {} (\"{}...\")",
                        t.name, t.dial, t.dial
                    ),
                ));
            }
            t
        }
        None => match by_phone {
            Some(t) => t,
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
                })?,
            None => {
                return Err(Error::validation(
                    "phone",
                    format!(
                        "must start with the country code of {} (or pass country)",
                        TERRITORIES
                            .iter()
                            .map(|t| format!("{} {}", t.country, t.dial))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
            }
        },
    };
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
    let _ = kind; // seed 000 does not say which methods pay out: every method is accepted both ways.
    Ok(t)
}

/// The amount as a JSON number (seed 000's callback sample: `"amount": 1500`, an integer).
fn amount_json(amount: Amount) -> Value {
    let text = amount.to_plain();
    serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text))
}

/// `POST /api/v1/collection` or `/api/v1/disbursement` (PROVIDERS.md §5 defaults) with the guid and OTP
/// headers; the OTP is that of `unix_time` (seed 000: "In all requests the api must send an OTP").
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

/// `GET /api/v1/transaction/{externalTransactionId}` (PROVIDERS.md §5 default), the id percent-encoded.
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

/// `GET /api/v1/balance` (PROVIDERS.md §5 default).
pub fn build_balance(cfg: &AliansPayConfig, unix_time: u64) -> Result<HttpRequest, Error> {
    cfg.check()?;
    Ok(cfg.authed(
        HttpRequest::new(Method::Get, join_url(&cfg.base_url, &cfg.paths.balance)),
        unix_time,
    ))
}

/// Seed 000's statuses ("All statuses", and `SUCCESSFUL` in callbacks) → the unified status and reason.
pub fn map_status(s: &str) -> (Status, Option<Reason>) {
    match s.trim().to_ascii_uppercase().as_str() {
        "SUCCESS" | "SUCCESSFUL" => (Status::Success, None),
        "PENDING" => (Status::Pending, None),
        // "Transaction failed due to unknown cause"
        "FAILED" => (Status::Failed, Some(Reason::Other)),
        // "The phone number being paid to is invalid."
        "PAYEE_NOT_FOUND" => (Status::Failed, Some(Reason::AccountNotFound)),
        // "transaction timeout ... a delay to approve a transaction within the given time frame (10 minutes)"
        "COULD_NOT_PERFORM_TRANSACTION" => (Status::Expired, Some(Reason::Expired)),
        "NOT_ENOUGH_FUNDS" => (Status::Failed, Some(Reason::InsufficientFunds)),
        "PAYER_LIMIT_REACHED" => (Status::Failed, Some(Reason::LimitReached)),
        "PAYEE_NOT_ALLOWED_TO_RECEIVE" => (Status::Failed, Some(Reason::NotAllowed)),
        "EXPIRED" => (Status::Expired, Some(Reason::Expired)),
        "TRANSACTION_CANCELED" => (Status::Cancelled, Some(Reason::Cancelled)),
        "APPROVAL_REJECTED" => (Status::Failed, Some(Reason::Rejected)),
        // "Error generated during transaction execution"
        "ERROR" => (Status::Failed, Some(Reason::ProviderError)),
        _ => (Status::Unknown, None),
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The normalised reason of an error `code` (the sandbox's names; AliansPay publishes none).
fn error_reason(code: &str) -> Option<Reason> {
    match code {
        "NOT_ENOUGH_FUNDS" => Some(Reason::InsufficientFunds),
        "PAYEE_NOT_FOUND" | "NOT_FOUND" => Some(Reason::AccountNotFound),
        _ => None,
    }
}

/// The error of a non-2xx answer (`{status: "ERROR", code, message}` in the sandbox): 401/403 → `auth_error`
/// (check the guid and the clock: the OTP is time-based), 429 → `rate_limited`, 408/5xx → retryable, others →
/// `provider_error` with the code. `retry_after_ms` is the client's reading of `Retry-After`.
pub fn error_of(
    cfg: &AliansPayConfig,
    resp: &HttpResponse,
    retry_after_ms: Option<u64>,
) -> Option<Error> {
    if resp.is_success() {
        return None;
    }
    let body: Option<Value> = serde_json::from_slice(&resp.body).ok();
    // The code is shown like the message: scrubbed, should the provider echo the GUID (the OTP key).
    let code = body
        .as_ref()
        .and_then(|b| text(b.get("code")))
        .map(|c| cfg.scrub(&c));
    let message = body
        .as_ref()
        .and_then(|b| text(b.get("message")))
        .map(|m| cfg.scrub(&m));
    let detail = ProviderDetail {
        http_status: Some(resp.status),
        provider_code: code.clone(),
    };
    let said = message.clone().or_else(|| code.clone()).unwrap_or_default();
    if let Some(e) =
        Error::transient_http(Provider::Alianspay, detail.clone(), retry_after_ms, &said)
    {
        return Some(e);
    }
    Some(match resp.status {
        401 | 403 => Error::Auth {
            provider: Provider::Alianspay,
            message: format!(
                "{} (HTTP {}): check the guid (otp-secret-code) and this machine's clock (the OTP is a 30-second TOTP)",
                if said.is_empty() { "refused" } else { &said },
                resp.status
            ),
            detail,
        },
        _ => Error::Provider {
            provider: Provider::Alianspay,
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
    })
}

impl AliansPayConfig {
    /// The body for an error snippet, the partner GUID scrubbed should the provider echo it.
    fn scrubbed_body(&self, body: &[u8]) -> Vec<u8> {
        self.scrub(&String::from_utf8_lossy(body)).into_bytes()
    }
}

fn parse_body(cfg: &AliansPayConfig, resp: &HttpResponse) -> Result<Value, Error> {
    let v: Value = serde_json::from_slice(&resp.body).map_err(|e| {
        Error::parse(
            Provider::Alianspay,
            format!("the body is not JSON ({e}; HTTP {})", resp.status),
            "",
            &cfg.scrubbed_body(&resp.body),
        )
    })?;
    if !v.is_object() {
        return Err(Error::parse(
            Provider::Alianspay,
            "expected a JSON object",
            "",
            &cfg.scrubbed_body(&resp.body),
        ));
    }
    Ok(v)
}

/// Field names under which the customer's URL may come (seed 000 says only "a URL in the response object";
/// the sandbox uses `paymentUrl`).
const URL_FIELDS: &[&str] = &[
    "paymentUrl",
    "redirectUrl",
    "url",
    "paymentLink",
    "link",
    "checkoutUrl",
];

/// Reads a collection, disbursement or status answer. `reference` (the externalTransactionId sent) is used when
/// the answer has none. A WAVE or VISA_MASTERCARD collection's URL becomes `redirect_url`.
pub fn parse_transaction(
    cfg: &AliansPayConfig,
    resp: &HttpResponse,
    reference: &str,
    retry_after_ms: Option<u64>,
) -> Result<Transaction, Error> {
    if let Some(e) = error_of(cfg, resp, retry_after_ms) {
        return Err(e);
    }
    let mut body = parse_body(cfg, resp)?;
    // An answer that echoes the partner GUID (the OTP key) must not hand it to the caller in `raw`.
    cfg.scrub_value(&mut body);
    let provider_status = text(body.get("status")).ok_or_else(|| {
        Error::parse(
            Provider::Alianspay,
            "missing status",
            "status",
            &cfg.scrubbed_body(&resp.body),
        )
    })?;
    let has_ids =
        body.get("externalTransactionId").is_some() || body.get("transactionId").is_some();
    if provider_status == "ERROR" && !has_ids {
        // An error answer with a 2xx status (code scrubbed like the message).
        let code = text(body.get("code")).map(|c| cfg.scrub(&c));
        return Err(Error::Provider {
            provider: Provider::Alianspay,
            message: text(body.get("message"))
                .map(|m| cfg.scrub(&m))
                .unwrap_or_else(|| "ERROR".into()),
            reason: code
                .as_deref()
                .and_then(error_reason)
                .map(|r| r.as_str().to_string()),
            detail: ProviderDetail {
                http_status: Some(resp.status),
                provider_code: code,
            },
            retryable: false,
        });
    }
    let (status, reason) = map_status(&provider_status);
    Ok(Transaction {
        provider: Provider::Alianspay,
        reference: text(body.get("externalTransactionId")).unwrap_or_else(|| reference.to_string()),
        status,
        reason,
        provider_status,
        transaction_id: text(body.get("transactionId")),
        amount: text(body.get("amount")),
        currency: text(body.get("currency")),
        redirect_url: URL_FIELDS
            .iter()
            .find_map(|k| body.get(*k).and_then(Value::as_str))
            .filter(|u| crate::core::http::is_http_url(u))
            .map(str::to_string),
        confirm_type: None,
        raw: body,
    })
}

/// Reads the balance answer (unpublished; the sandbox's `{status, partner, balances: [{currency, amount}]}`;
/// also a bare array, or one `{currency, amount|balance|available}` object).
pub fn parse_balance(
    cfg: &AliansPayConfig,
    resp: &HttpResponse,
    retry_after_ms: Option<u64>,
) -> Result<Vec<Balance>, Error> {
    if let Some(e) = error_of(cfg, resp, retry_after_ms) {
        return Err(e);
    }
    let mut body: Value = serde_json::from_slice(&resp.body).map_err(|e| {
        Error::parse(
            Provider::Alianspay,
            format!("the body is not JSON ({e})"),
            "",
            &cfg.scrubbed_body(&resp.body),
        )
    })?;
    cfg.scrub_value(&mut body);
    let items: Vec<&Value> = match &body {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => match o.get("balances").and_then(Value::as_array) {
            Some(a) => a.iter().collect(),
            None => vec![&body],
        },
        _ => Vec::new(),
    };
    let out: Vec<Balance> = items
        .into_iter()
        .filter_map(|b| {
            let available = ["amount", "balance", "available"]
                .iter()
                .find_map(|k| text(b.get(*k)))?;
            Some(Balance {
                provider: Provider::Alianspay,
                available,
                currency: text(b.get("currency"))?,
                raw: b.clone(),
            })
        })
        .collect();
    if out.is_empty() {
        return Err(Error::parse(
            Provider::Alianspay,
            "no balance (currency and amount) in the answer",
            "balances",
            &cfg.scrubbed_body(&resp.body),
        ));
    }
    Ok(out)
}

/// Reads a callback (seed 000's body: `guid, externalTransactionId, status, message, reference, paymentMethod,
/// description, transaction, partner, amount`). Unsigned: `verified` is `false`; confirm it with
/// the status query (`confirmCallback`). Should the `guid` field ever carry the partner's own GUID (the OTP
/// key), it is replaced by `[redacted]` in `raw`; another value is taken as AliansPay's transaction id.
pub fn parse_callback(cfg: &AliansPayConfig, raw_body: &str) -> Result<Callback, Error> {
    let mut body: Value = serde_json::from_str(raw_body).map_err(|e| {
        Error::parse(
            Provider::Alianspay,
            format!("the callback is not JSON ({e})"),
            "",
            cfg.scrub(raw_body).as_bytes(),
        )
    })?;
    let Some(obj) = body.as_object_mut() else {
        return Err(Error::parse(
            Provider::Alianspay,
            "the callback is not a JSON object",
            "",
            cfg.scrub(raw_body).as_bytes(),
        ));
    };
    let mut transaction_id = text(obj.get("guid"));
    if transaction_id.as_deref() == Some(cfg.guid.expose().as_str()) {
        obj.insert("guid".into(), Value::String("[redacted]".into()));
        transaction_id = None;
    }
    let missing = |field: &str| {
        Error::parse(
            Provider::Alianspay,
            format!("missing {field}"),
            field,
            cfg.scrub(raw_body).as_bytes(),
        )
    };
    let reference =
        text(obj.get("externalTransactionId")).ok_or_else(|| missing("externalTransactionId"))?;
    let provider_status = text(obj.get("status")).ok_or_else(|| missing("status"))?;
    let (status, reason) = map_status(&provider_status);
    let operation = text(obj.get("transaction")).map(|t| t.to_ascii_lowercase());
    let amount = text(obj.get("amount"));
    Ok(Callback {
        provider: Provider::Alianspay,
        reference,
        status,
        reason,
        provider_status,
        verified: false,
        operation,
        transaction_id,
        amount,
        raw: body,
    })
}

#[cfg(test)]
mod tests;
