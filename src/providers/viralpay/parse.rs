//! ViralPAY's answers: the `{request_id, timestamp, data}` envelope, the token, account, balances, transactions,
//! transaction and notification answers, the status words and the callbacks ViralPAY sends
//! (docs/providers/viralpay.md). The clock reading (for a `Retry-After` date) comes in as an argument.

use super::errors::{error_reason, status_error};
use crate::core::amount::outside_decimal;
use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{Balance, Callback, Error, HttpResponse, Provider, Secret, Status, Transaction};
use serde::Serialize;
use serde_json::Value;

/// The `{request_id, timestamp, data}` envelope of every ViralPAY answer (docs/providers/viralpay.md, "Response").
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

/// A token answer (docs/providers/viralpay.md, "Authentification" response: `access_token`, `expires_in`, `token_type`).
#[derive(Debug, Clone)]
pub struct TokenGrant {
    /// `access_token`.
    pub access_token: Secret<String>,
    /// `expires_in`, seconds.
    pub expires_in: u64,
}

/// Account info (docs/providers/viralpay.md, "Infos compte").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    /// `business_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// `business_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_id: Option<String>,
    /// `quater` (the merchant's quarter, ViralPAY's spelling, docs/providers/viralpay.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quater: Option<String>,
    /// `phone_number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// `data` as received.
    pub raw: Value,
}

/// The transactions list (ViralPAY says only "data object" (docs/providers/viralpay.md#choices-where-the-provider-is-silent): the transactions are read from `data` when it is an
/// array, or from `data.transactions` / `data.items`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionList {
    /// The transactions found.
    pub transactions: Vec<Transaction>,
    /// `data` as received.
    pub raw: Value,
}

/// The notifications answer (docs/providers/viralpay.md#responses-and-statuses: `request_ip`, `data{status, message}`).
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

// ------------------------------------------------------------------------------------------ parsers

/// ViralPAY's transaction status (docs/providers/viralpay.md#responses-and-statuses: "Failed, Pending or Success") → the unified status. Any other word
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
/// with the `Retry-After` wait (docs/providers/viralpay.md#tables: 200 requests a minute per function), 5xx/408 → a retryable
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
        return Err(status_error(resp, now_ms, code, message, detail));
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
        return Err(ErrorKind::Provider {
            provider: Provider::Viralpay,
            message: message.unwrap_or_else(|| "the answer has no data".into()),
            reason: code
                .as_deref()
                .and_then(error_reason)
                .map(|r| r.as_str().to_string()),
            detail,
            retryable: false,
        }
        .into());
    };
    Ok(Envelope {
        request_id: obj.get("request_id").cloned(),
        timestamp: obj.get("timestamp").cloned(),
        data: data.clone(),
        raw: body.clone(),
    })
}

/// Reads a token answer (docs/providers/viralpay.md#hosts-and-authentication: `data{access_token, expires_in, token_type: "Bearer"}`).
/// A parse error keeps no part of the body here: a token answer cut short may still hold the token.
pub fn parse_token(resp: &HttpResponse, now_ms: u64) -> Result<TokenGrant, Error> {
    let env = read_envelope(resp, now_ms).map_err(|mut e| {
        if let ErrorKind::Parse { body_snippet, .. } = &mut *e {
            *body_snippet = String::new();
        }
        e
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

/// A transaction from a `data` object (ViralPAY's payment/status/transfer/virement answers, docs/providers/viralpay.md#responses-and-statuses). `reference`, the
/// order id sent, is used when the answer has no `order_id`.
pub fn transaction_from_data(data: &Value, reference: &str) -> Result<Transaction, Error> {
    let raw_bytes = serde_json::to_string(data).unwrap_or_default();
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
        amount: outside_decimal(
            Provider::Viralpay,
            "data.amount",
            obj.get("amount"),
            false,
            raw_bytes.as_bytes(),
        )?,
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

/// Reads the account info answer (docs/providers/viralpay.md, "Infos compte").
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

/// Reads the balances answer (docs/providers/viralpay.md#responses-and-statuses: `data` = array of `{country_name, number, service, balance, currency,
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
            let field = format!("data[{i}].balance");
            let available = outside_decimal(
                Provider::Viralpay,
                &field,
                w.get("balance"),
                true,
                &resp.body,
            )?
            .ok_or_else(|| {
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

/// Reads the transactions answer. ViralPAY says only "data object" (docs/providers/viralpay.md#choices-where-the-provider-is-silent): the list is `data` itself when an array,
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

/// Reads the notifications answer (docs/providers/viralpay.md#responses-and-statuses: `request_ip`, `data{status, message}`).
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
/// (docs/providers/viralpay.md): the SDK reads the envelope `{request_id, timestamp, data: <transaction>}` (the sandbox's choice)
/// or a bare transaction object. `verified` is always `false`: confirm with `status` before acting on it.
pub fn parse_callback(raw_body: &str) -> Result<Callback, Error> {
    let body: Value = serde_json::from_slice(raw_body.as_bytes()).map_err(|e| {
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
        amount: outside_decimal(
            Provider::Viralpay,
            "data.amount",
            data.get("amount"),
            false,
            raw_body.as_bytes(),
        )?,
        raw: body,
    })
}
