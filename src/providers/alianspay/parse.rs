//! AliansPay's answers: statuses, the collection / disbursement / status answers (with the customer's URL of a
//! WAVE or card collection), balances and the callbacks AliansPay sends, the partner GUID scrubbed from all of
//! them (docs/providers/alianspay.md).

use super::errors::{error_of, error_reason};
use super::AliansPayConfig;
use crate::core::amount::outside_decimal;
use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{Balance, Callback, Error, HttpResponse, Provider, Reason, Status, Transaction};
use serde_json::Value;

/// AliansPay's statuses (docs/providers/alianspay.md#responses-and-statuses; "All statuses", and `SUCCESSFUL` in callbacks) → the unified status and reason.
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

/// A field as text: a non-empty string, or a number's digits.
pub(super) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
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

/// Field names under which the customer's URL may come (AliansPay says only "a URL in the response object" (docs/providers/alianspay.md#responses-and-statuses);
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
        return Err(ErrorKind::Provider {
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
        }
        .into());
    }
    let (status, reason) = map_status(&provider_status);
    Ok(Transaction {
        provider: Provider::Alianspay,
        reference: text(body.get("externalTransactionId")).unwrap_or_else(|| reference.to_string()),
        status,
        reason,
        provider_status,
        transaction_id: text(body.get("transactionId")),
        amount: outside_decimal(
            Provider::Alianspay,
            "amount",
            body.get("amount"),
            false,
            cfg.scrub(&String::from_utf8_lossy(&resp.body)).as_bytes(),
        )?,
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
    // Owned, so each balance's `raw` is moved out of the answer, not cloned (no `Value` clone in the wasm).
    let items: Vec<Value> = match body {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.get_mut("balances") {
            Some(Value::Array(a)) => std::mem::take(a),
            _ => vec![Value::Object(o)],
        },
        _ => Vec::new(),
    };
    let scrubbed = cfg.scrubbed_body(&resp.body);
    let mut out = Vec::with_capacity(items.len());
    for (i, b) in items.into_iter().enumerate() {
        // The first of the amount fields present; an amount that is not a decimal is an error, not skipped.
        let Some((key, v)) = ["amount", "balance", "available"]
            .iter()
            .find_map(|k| b.get(*k).filter(|v| !v.is_null()).map(|v| (*k, v)))
        else {
            continue;
        };
        let field = format!("balances[{i}].{key}");
        let available = outside_decimal(Provider::Alianspay, &field, Some(v), true, &scrubbed)?;
        if let (Some(available), Some(currency)) = (available, text(b.get("currency"))) {
            out.push(Balance {
                provider: Provider::Alianspay,
                available,
                currency,
                raw: b,
            });
        }
    }
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

/// Reads a callback (AliansPay's body, docs/providers/alianspay.md#callbacks: `guid, externalTransactionId, status, message, reference, paymentMethod,
/// description, transaction, partner, amount`). Unsigned: `verified` is `false`; confirm it with
/// the status query (`confirmCallback`). Should the `guid` field ever carry the partner's own GUID (the OTP
/// key), it is replaced by `[redacted]` in `raw`; another value is taken as AliansPay's transaction id.
pub fn parse_callback(cfg: &AliansPayConfig, raw_body: &str) -> Result<Callback, Error> {
    let mut body: Value = serde_json::from_slice(raw_body.as_bytes()).map_err(|e| {
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
    let amount = outside_decimal(
        Provider::Alianspay,
        "amount",
        obj.get("amount"),
        false,
        cfg.scrub(raw_body).as_bytes(),
    )?;
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
