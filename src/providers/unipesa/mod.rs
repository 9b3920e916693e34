//! Unipesa Payment API Gateway (docs/providers/unipesa.md; also sold white-label as Msimbo, AlmaraPay, ZoykPay).
//!
//! Three calls, all `POST` with a signed JSON body and no auth header: `/{public_id}/payment_c2b` (collect),
//! `/{public_id}/payment_b2c` (payout) and `/{public_id}/status`; plus the signed callback. Builders and parsers
//! here are pure: same inputs, same bytes.

pub mod input;
mod interface;
pub mod tables;

use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{
    Amount, Callback, Error, HttpRequest, HttpResponse, Method, Provider, Reason, Secret, Status,
    Transaction,
};
use crate::crypto::unipesa_signature;
use serde_json::{Map, Value};
pub use tables::Direction;

/// Unipesa's public API host (community clients; docs.unipesa.tech). White-label hosts differ: `base_url` is an option.
pub const DEFAULT_BASE_URL: &str = "https://api.unipesa.tech";

/// Result code of a bad signature or merchant id (docs/providers/unipesa.md#error-codes: "MERCHANT AUTHENTICATION ERROR").
pub const RESULT_MERCHANT_AUTH_ERROR: i64 = 10201;

/// A merchant's credentials and settings.
#[derive(Debug, Clone)]
pub struct UnipesaConfig {
    /// API host, without a trailing path (`https://api.unipesa.tech`).
    pub base_url: String,
    /// The merchant's public id: the first path segment of every call.
    pub public_id: String,
    /// The merchant id sent in every body.
    pub merchant_id: String,
    /// The HMAC-SHA512 key of the signatures.
    pub secret_key: Secret<String>,
    /// Check requests against the country/provider tables of Unipesa (docs/providers/unipesa.md#tables) before sending (default on).
    pub validate: bool,
}

impl UnipesaConfig {
    /// Checks that the credentials are present, naming the missing one.
    pub fn check(&self) -> Result<(), Error> {
        for (field, value) in [
            ("baseUrl", &self.base_url),
            ("publicId", &self.public_id),
            ("merchantId", &self.merchant_id),
            ("secretKey", self.secret_key.expose()),
        ] {
            if value.trim().is_empty() {
                return Err(Error::validation(field, "is required"));
            }
        }
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        if !self
            .public_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::validation(
                "publicId",
                "must contain only letters, digits, '-' and '_'",
            ));
        }
        Ok(())
    }

    fn url(&self, call: &str) -> String {
        format!(
            "{}/{}/{}",
            self.base_url.trim_end_matches('/'),
            self.public_id,
            call
        )
    }
}

/// A `payment_c2b` or `payment_b2c` request.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentRequest {
    /// The customer: usually a phone number (normalised to digits), or an account number for bank providers.
    pub customer_id: String,
    /// The idempotency key; the client generates one when absent.
    pub order_id: Option<String>,
    /// The amount; sent with two decimals.
    pub amount: Amount,
    /// ISO 4217 currency code.
    pub currency: String,
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
    /// Where Unipesa sends the callback.
    pub callback_url: Option<String>,
    /// The provider (operator) id of Unipesa's tables (docs/providers/unipesa.md#tables); 14 is the simulator.
    pub provider_id: u32,
    /// Provider-specific fields (`customer_name`, `otp`...), sent in the order given.
    pub extra: Option<Map<String, Value>>,
}

/// A `status` request.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRequest {
    /// The order id of the payment.
    pub order_id: String,
    /// Optional customer id (Unipesa's status example sends it: docs/providers/unipesa.md#request-fields).
    pub customer_id: Option<String>,
    /// Optional extra fields (Unipesa's status example sends `extra.otp`: docs/providers/unipesa.md#request-fields).
    pub extra: Option<Map<String, Value>>,
}

/// Checks an `order_id`: 1 to 128 characters of `[A-Za-z0-9_\-:.]` (docs/providers/unipesa.md, orderIdDef).
pub fn check_order_id(field: &str, order_id: &str) -> Result<(), Error> {
    crate::core::reference::check_idempotency_key(field, order_id)
}

/// Normalises a customer id: a phone number written with spaces, `+`, dots, hyphens or parentheses becomes
/// digits only (`"+225 07 05 14 56 55"` → `"2250705145655"`); any other id (a bank account...) is kept as given.
pub fn normalize_customer_id(input: &str) -> Result<String, Error> {
    let t = input.trim();
    if t.is_empty() {
        return Err(Error::validation(
            "customer_id",
            "is required (the customer's phone number or account)",
        ));
    }
    if let Some(digits) = crate::core::phone::phone_digits(t) {
        if !digits.is_empty() {
            return Ok(digits);
        }
    }
    if t.chars().count() > 128 {
        return Err(Error::validation(
            "customer_id",
            "must be at most 128 characters",
        ));
    }
    Ok(t.to_string())
}

fn check_currency(currency: &str) -> Result<(), Error> {
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Error::validation(
            "currency",
            "must be an ISO 4217 code of three capital letters (\"XOF\")",
        ))
    }
}

fn extra_str<'a>(extra: &'a Option<Map<String, Value>>, key: &str) -> Option<&'a Value> {
    extra.as_ref().and_then(|m| m.get(key))
}

fn money(currency: &str, minor: u64) -> String {
    format!(
        "{currency} {}",
        Amount::from_minor(minor)
            .map(|a| a.to_fixed2())
            .unwrap_or_default()
    )
}

/// Checks a payment against docs/providers/unipesa.md: always the format rules; with `tables`, also the
/// country/provider tables (currency and country of the provider, phone format, limits per direction, multiples
/// of 5, required extras).
pub fn check_payment(
    req: &PaymentRequest,
    direction: Direction,
    tables: bool,
) -> Result<(), Error> {
    check_format(req)?;
    if !tables || req.provider_id == tables::SIMULATOR_PROVIDER_ID {
        return Ok(());
    }
    let Some((country, provider)) = tables::find_provider(req.provider_id) else {
        // The provider's documents say "check provider id with your manager": ids outside the tables are not
        // refused (docs/providers/unipesa.md#tables).
        return Ok(());
    };
    check_place(req, country, provider)?;
    check_amount_and_extras(req, direction, country, provider)
}

/// The format rules every payment follows, whatever its provider.
fn check_format(req: &PaymentRequest) -> Result<(), Error> {
    match &req.order_id {
        Some(o) => check_order_id("order_id", o)?,
        None => return Err(Error::validation("order_id", "is required")),
    }
    if req.customer_id.is_empty() {
        return Err(Error::validation(
            "customer_id",
            "is required (the customer's phone number or account)",
        ));
    }
    if req.amount.is_zero() {
        return Err(Error::validation("amount", "must be greater than zero"));
    }
    check_currency(&req.currency)?;
    if let Some(c) = &req.country {
        if !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(Error::validation(
                "country",
                "must be an ISO 3166 alpha-2 code of two capital letters (\"CI\")",
            ));
        }
    }
    if let Some(u) = &req.callback_url {
        crate::core::http::check_http_url("callback_url", u)?;
    }
    if let Some(Value::String(t)) = extra_str(&req.extra, "customer_doc_type") {
        if !matches!(
            t.as_str(),
            "intl_passport" | "driving_license" | "national_id"
        ) {
            return Err(Error::validation(
                "extra.customer_doc_type",
                "must be one of intl_passport, driving_license, national_id",
            ));
        }
    }
    Ok(())
}

/// The provider's country, currency and phone format (docs/providers/unipesa.md#tables).
fn check_place(
    req: &PaymentRequest,
    country: &tables::CountryEntry,
    provider: &tables::ProviderEntry,
) -> Result<(), Error> {
    let pid = req.provider_id;
    if let Some(c) = &req.country {
        if c != country.country {
            return Err(Error::validation(
                "country",
                format!(
                    "provider {pid} ({}) operates in {}, not {c}",
                    provider.name, country.country
                ),
            ));
        }
    }
    // South Africa's and Sierra Leone's currencies are not in the provider's documents (TABLES.md): do not refuse on a guess.
    if country.currency_published && req.currency != country.currency {
        return Err(Error::validation(
            "currency",
            format!(
                "provider {pid} ({}, {}) takes {}",
                provider.name, country.name, country.currency
            ),
        ));
    }
    if let Some(rule) = tables::effective_phone(country, provider) {
        if !rule.matches(&req.customer_id) {
            let mut rule_text = format!("must be {} digits", rule.digits);
            if !rule.prefix.is_empty() {
                rule_text.push_str(&format!(" starting with {}", rule.prefix));
            }
            if rule.forbid_leading_zero {
                rule_text.push_str(", not starting with 0");
            }
            return Err(Error::validation(
                "customer_id",
                format!(
                    "{rule_text} for provider {pid} ({}, {})",
                    provider.name, country.name
                ),
            ));
        }
    }
    Ok(())
}

/// The provider's limits per direction, the country's multiple, and the extras the provider requires.
fn check_amount_and_extras(
    req: &PaymentRequest,
    direction: Direction,
    country: &tables::CountryEntry,
    provider: &tables::ProviderEntry,
) -> Result<(), Error> {
    let pid = req.provider_id;
    let what = match direction {
        Direction::C2b => "collections",
        Direction::B2c => "payouts",
    };
    if let Some(l) = tables::effective_limits(country, provider) {
        let (min, max) = (l.min(direction), l.max(direction));
        let m = req.amount.minor();
        if let Some(min) = min {
            if m < min {
                return Err(Error::validation(
                    "amount",
                    format!(
                        "must be at least {} for {what} with provider {pid}",
                        money(&req.currency, min)
                    ),
                ));
            }
        }
        if let Some(max) = max {
            if m > max {
                return Err(Error::validation(
                    "amount",
                    format!(
                        "must be at most {} for {what} with provider {pid}",
                        money(&req.currency, max)
                    ),
                ));
            }
        }
    }
    if let Some(step) = country.multiple_of {
        if req.amount.minor() % (step * 100) != 0 {
            return Err(Error::validation(
                "amount",
                format!(
                    "must be a multiple of {step} {} in {}",
                    req.currency, country.name
                ),
            ));
        }
    }
    for key in provider.required_extra(direction) {
        let present = match extra_str(&req.extra, key) {
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Null) | None => false,
            Some(_) => true,
        };
        if !present {
            return Err(Error::validation(
                format!("extra.{key}"),
                format!(
                    "is required for {what} with provider {pid} ({}, {})",
                    provider.name, country.name
                ),
            ));
        }
    }
    Ok(())
}

fn payment_body(cfg: &UnipesaConfig, req: &PaymentRequest) -> Result<String, Error> {
    let mut m = Map::new();
    m.insert("merchant_id".into(), Value::String(cfg.merchant_id.clone()));
    m.insert("customer_id".into(), Value::String(req.customer_id.clone()));
    m.insert(
        "order_id".into(),
        Value::String(req.order_id.clone().unwrap_or_default()),
    );
    m.insert("amount".into(), Value::String(req.amount.to_fixed2()));
    m.insert("currency".into(), Value::String(req.currency.clone()));
    if let Some(c) = &req.country {
        m.insert("country".into(), Value::String(c.clone()));
    }
    if let Some(u) = &req.callback_url {
        m.insert("callback_url".into(), Value::String(u.clone()));
    }
    m.insert("provider_id".into(), Value::from(req.provider_id));
    if let Some(e) = &req.extra {
        m.insert("extra".into(), Value::Object(e.clone()));
    }
    unipesa_signature::append_signature(&mut m, cfg.secret_key.expose())?;
    Ok(crate::core::http::json_text(&m))
}

fn build_payment(
    cfg: &UnipesaConfig,
    req: &PaymentRequest,
    direction: Direction,
) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_payment(req, direction, cfg.validate)?;
    let call = match direction {
        Direction::C2b => "payment_c2b",
        Direction::B2c => "payment_b2c",
    };
    Ok(HttpRequest::new(Method::Post, cfg.url(call))
        .header("Accept", "application/json")
        .json_body(payment_body(cfg, req)?))
}

/// `POST /{public_id}/payment_c2b`: the customer pays the merchant (docs/providers/unipesa.md, "payment_c2b").
pub fn build_payment_c2b(cfg: &UnipesaConfig, req: &PaymentRequest) -> Result<HttpRequest, Error> {
    build_payment(cfg, req, Direction::C2b)
}

/// `POST /{public_id}/payment_b2c`: the merchant pays the customer (docs/providers/unipesa.md, "payment_b2c"). Also the
/// confirming second request when the first answered a non-zero `confirm_type`: the same order with the
/// confirmation data in `extra`.
pub fn build_payment_b2c(cfg: &UnipesaConfig, req: &PaymentRequest) -> Result<HttpRequest, Error> {
    build_payment(cfg, req, Direction::B2c)
}

/// `POST /{public_id}/status` (docs/providers/unipesa.md, "status"): body `merchant_id, order_id, customer_id?, extra?, signature`.
pub fn build_status(cfg: &UnipesaConfig, req: &StatusRequest) -> Result<HttpRequest, Error> {
    cfg.check()?;
    check_order_id("order_id", &req.order_id)?;
    let mut m = Map::new();
    m.insert("merchant_id".into(), Value::String(cfg.merchant_id.clone()));
    m.insert("order_id".into(), Value::String(req.order_id.clone()));
    if let Some(c) = &req.customer_id {
        m.insert("customer_id".into(), Value::String(c.clone()));
    }
    if let Some(e) = &req.extra {
        m.insert("extra".into(), Value::Object(e.clone()));
    }
    unipesa_signature::append_signature(&mut m, cfg.secret_key.expose())?;
    Ok(HttpRequest::new(Method::Post, cfg.url("status"))
        .header("Accept", "application/json")
        .json_object(&m))
}

/// Unipesa's operation status codes (docs/providers/unipesa.md) → the unified status.
pub fn map_status(code: i64) -> Status {
    match code {
        0 | 1 => Status::Pending,
        2 => Status::Success,
        3 => Status::Failed,
        4 => Status::Cancelled,
        // -1 "undefined" and the undocumented 5-7.
        _ => Status::Unknown,
    }
}

/// Reads an integer that a provider may send as a number or a numeric string.
fn int_field(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text_field(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_json(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice::<Value>(&resp.body).map_err(|e| {
        Error::parse(
            Provider::Unipesa,
            format!("the body is not JSON ({e}; HTTP {})", resp.status),
            "",
            &resp.body,
        )
    })
}

fn detail(resp: &HttpResponse, code: Option<i64>) -> ProviderDetail {
    ProviderDetail {
        http_status: Some(resp.status),
        provider_code: code.map(|c| c.to_string()),
    }
}

/// The error for an HTTP answer that is not a payment result: rate limiting and server errors.
pub fn http_error(
    provider: Provider,
    resp: &HttpResponse,
    retry_after_ms: Option<u64>,
) -> Option<Error> {
    let detail = ProviderDetail {
        http_status: Some(resp.status),
        provider_code: None,
    };
    Error::transient_http(provider, detail, retry_after_ms, "")
}

/// Reads a `payment_c2b`, `payment_b2c` or `status` answer. A non-zero `result.code` is an error: 10201 → an
/// auth error (check the secret key and merchant id), 1-3 (PIN codes) → a validation error on `extra.otp`,
/// any other → a provider error carrying the code. `reference` is used when the answer has no `order_id`.
pub fn parse_payment_response(resp: &HttpResponse, reference: &str) -> Result<Transaction, Error> {
    if let Some(e) = http_error(Provider::Unipesa, resp, None) {
        return Err(e);
    }
    let body = match parse_json(resp) {
        Ok(b) => b,
        Err(_) if !resp.is_success() => {
            return Err(ErrorKind::Provider {
                provider: Provider::Unipesa,
                message: format!("HTTP {} without a JSON body", resp.status),
                reason: None,
                detail: detail(resp, None),
                retryable: false,
            }
            .into())
        }
        Err(e) => return Err(e),
    };
    if !body.is_object() {
        return Err(Error::parse(
            Provider::Unipesa,
            "expected a JSON object",
            "",
            &resp.body,
        ));
    }
    let result = body.get("result");
    let code = result.and_then(|r| int_field(r.get("code")));
    let message = result
        .and_then(|r| r.get("message"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    match code {
        Some(0) => {}
        Some(RESULT_MERCHANT_AUTH_ERROR) => {
            return Err(ErrorKind::Auth {
                provider: Provider::Unipesa,
                message: "merchant authentication error (result.code 10201): the signature did not verify; check the secret key and the merchant id".into(),
                detail: detail(resp, code),
            }
            .into())
        }
        Some(c @ 1..=3) => {
            let rule = match c {
                1 => "is an invalid PIN (result.code 1, INVALID PIN)",
                2 => "is required: the PIN is blank (result.code 2, PIN IS BLANK)",
                _ => "has an invalid PIN length (result.code 3, INVALID PIN LENGTH)",
            };
            return Err(Error::validation("extra.otp", rule));
        }
        Some(c) => {
            return Err(ErrorKind::Provider {
                provider: Provider::Unipesa,
                message: if message.is_empty() { format!("result.code {c}") } else { message },
                reason: None,
                detail: detail(resp, Some(c)),
                retryable: false,
            }
            .into())
        }
        None if !resp.is_success() => {
            return Err(ErrorKind::Provider {
                provider: Provider::Unipesa,
                message: format!("HTTP {} without a result code", resp.status),
                reason: None,
                detail: detail(resp, None),
                retryable: false,
            }
            .into())
        }
        None => {
            return Err(Error::parse(Provider::Unipesa, "missing result.code", "result.code", &resp.body));
        }
    }
    let status_code = int_field(body.get("status")).ok_or_else(|| {
        Error::parse(
            Provider::Unipesa,
            "missing or non-numeric status",
            "status",
            &resp.body,
        )
    })?;
    let status = map_status(status_code);
    Ok(Transaction {
        provider: Provider::Unipesa,
        reference: text_field(body.get("order_id")).unwrap_or_else(|| reference.to_string()),
        status,
        reason: (status == Status::Cancelled).then_some(Reason::Cancelled),
        provider_status: status_code.to_string(),
        transaction_id: text_field(body.get("transaction_id")),
        amount: None,
        currency: None,
        redirect_url: body
            .get("extra")
            .and_then(|e| e.get("customer_redirect"))
            .and_then(Value::as_str)
            .map(str::to_string),
        confirm_type: int_field(body.get("confirm_type")).filter(|c| *c != 0),
        raw: body,
    })
}

/// Reads and verifies a callback (docs/providers/unipesa.md#callbacks: signed the same way as requests). A missing or wrong signature is
/// a `signature_mismatch` error; a callback for another merchant is refused.
pub fn parse_callback(cfg: &UnipesaConfig, raw_body: &str) -> Result<Callback, Error> {
    let body: Value = serde_json::from_slice(raw_body.as_bytes()).map_err(|e| {
        Error::parse(
            Provider::Unipesa,
            format!("the callback is not JSON ({e})"),
            "",
            raw_body.as_bytes(),
        )
    })?;
    if !body.is_object() {
        return Err(Error::parse(
            Provider::Unipesa,
            "the callback is not a JSON object",
            "",
            raw_body.as_bytes(),
        ));
    }
    match body.get("signature") {
        Some(Value::String(_)) => {}
        _ => {
            return Err(ErrorKind::SignatureMismatch {
                provider: Provider::Unipesa,
                message: "the callback has no signature: refuse it".into(),
            }
            .into())
        }
    }
    if !unipesa_signature::verify_value(&body, cfg.secret_key.expose())? {
        return Err(ErrorKind::SignatureMismatch {
            provider: Provider::Unipesa,
            message: "the callback's signature does not match: it was not signed with this merchant's secret key, or it was altered after signing".into(),
        }
        .into());
    }
    if let Some(m) = text_field(body.get("merchant_id")) {
        if m != cfg.merchant_id {
            return Err(Error::validation(
                "merchant_id",
                "the callback is for another merchant",
            ));
        }
    }
    let status_code = int_field(body.get("status")).ok_or_else(|| {
        Error::parse(
            Provider::Unipesa,
            "missing or non-numeric status",
            "status",
            raw_body.as_bytes(),
        )
    })?;
    let status = map_status(status_code);
    let operation = match int_field(body.get("operation_type")) {
        Some(16) => Some("payment_b2c".to_string()),
        Some(17) => Some("payment_c2b".to_string()),
        Some(other) => Some(other.to_string()),
        None => None,
    };
    Ok(Callback {
        provider: Provider::Unipesa,
        reference: text_field(body.get("order_id")).ok_or_else(|| {
            Error::parse(
                Provider::Unipesa,
                "missing order_id",
                "order_id",
                raw_body.as_bytes(),
            )
        })?,
        status,
        reason: (status == Status::Cancelled).then_some(Reason::Cancelled),
        provider_status: status_code.to_string(),
        verified: true,
        operation,
        transaction_id: text_field(body.get("transaction_id")),
        amount: crate::core::amount::outside_decimal(
            Provider::Unipesa,
            "amount",
            body.get("amount"),
            false,
            raw_body.as_bytes(),
        )?,
        raw: body,
    })
}

#[cfg(test)]
pub(crate) mod tests;
