//! MoMo error mapping: reason codes, HTTP error answers and failed transactions as typed errors.

use super::parse::reason_code;
use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{Error, HttpResponse, Provider, Reason, Status, Transaction};
use serde_json::Value;

/// MTN's reason / error code → the normalised reason (docs/providers/momo.md: MTN's ErrorReason enum plus
/// `COULD_NOT_PERFORM_TRANSACTION`, `PAYER_DELAYED`, `ONGOING`).
pub fn map_reason(code: &str) -> Reason {
    match code.trim_end_matches('.') {
        "PAYER_NOT_FOUND" | "PAYEE_NOT_FOUND" | "NOT_FOUND" => Reason::AccountNotFound,
        "NOT_ENOUGH_FUNDS" => Reason::InsufficientFunds,
        "PAYER_LIMIT_REACHED" => Reason::LimitReached,
        "APPROVAL_REJECTED" | "PAYMENT_NOT_APPROVED" => Reason::Rejected,
        "EXPIRED" | "PAYER_DELAYED" | "COULD_NOT_PERFORM_TRANSACTION" => Reason::Expired,
        "NOT_ALLOWED"
        | "NOT_ALLOWED_TARGET_ENVIRONMENT"
        | "PAYEE_NOT_ALLOWED_TO_RECEIVE"
        | "CONSENT_MISMATCH"
        | "MISSING_SCOPE_INSTRUCTION"
        | "UNSUPPORTED_SCOPE"
        | "UNSUPPORTED_SCOPE_COMBINATION"
        | "MORE_THAN_ONE_FINANCIAL_SCOPE_NOT_SUPPORTED"
        | "INFORMATIONAL_SCOPE_INSTRUCTION" => Reason::NotAllowed,
        "SERVICE_UNAVAILABLE" => Reason::ProviderUnavailable,
        "INTERNAL_PROCESSING_ERROR" => Reason::ProviderError,
        "TRANSACTION_CANCELED" => Reason::Cancelled,
        // INVALID_CALLBACK_URL_HOST, INVALID_CURRENCY, RESOURCE_NOT_FOUND, RESOURCE_ALREADY_EXIST,
        // TRANSACTION_NOT_COMPLETED, TRANSACTION_NOT_FOUND, ONGOING and anything new.
        _ => Reason::Other,
    }
}

/// What to do next about an error code, for error messages (MTN "Common Error Codes" and MTN's ErrorReason enum (docs/providers/momo.md#error-codes)).
fn advice(code: &str) -> &'static str {
    match code.trim_end_matches('.') {
        "RESOURCE_ALREADY_EXIST" => "this X-Reference-Id was used before: read its status instead of creating it again",
        "RESOURCE_NOT_FOUND" => "no operation has this reference id for this API user and product: check the reference and the kind",
        "NOT_ALLOWED_TARGET_ENVIRONMENT" => "the API user may not use this X-Target-Environment: check targetEnvironment",
        "INVALID_CALLBACK_URL_HOST" => "the callback URL's host must be the API user's providerCallbackHost",
        "INVALID_CURRENCY" => "the currency is not the environment's (EUR in the sandbox)",
        "NOT_ENOUGH_FUNDS" => "the account lacks the funds",
        "PAYER_LIMIT_REACHED" => "a limit of the payer was reached",
        "PAYER_NOT_FOUND" | "PAYEE_NOT_FOUND" | "NOT_FOUND" => "the account holder does not exist: check the number",
        "NOT_ALLOWED" | "PAYEE_NOT_ALLOWED_TO_RECEIVE" => "the account may not do this operation",
        "SERVICE_UNAVAILABLE" => "MTN is unavailable: retry later",
        "INTERNAL_PROCESSING_ERROR" => "MTN failed internally: read the status before trying again",
        "TRANSACTION_NOT_COMPLETED" => "the transaction is not completed yet",
        "TRANSACTION_NOT_FOUND" => "the referenced transaction does not exist",
        _ => "see providerCode",
    }
}

fn detail(resp: &HttpResponse, code: Option<&str>) -> ProviderDetail {
    ProviderDetail {
        http_status: Some(resp.status),
        provider_code: code.map(str::to_string),
    }
}

/// The `code` (or `reason`) and `message` of an error body, when it is JSON.
pub(super) fn error_code_and_message(resp: &HttpResponse) -> (Option<String>, Option<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(&resp.body) else {
        return (None, None);
    };
    let code = v
        .get("code")
        .or_else(|| v.get("error"))
        .and_then(|c| match c {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let message = v
        .get("message")
        .and_then(Value::as_str)
        .map(|m| m.chars().take(200).collect());
    (code, message)
}

/// The typed error of a non-2xx answer (docs/providers/momo.md "Errors"), each message saying what to do next:
/// 400 → a provider error (MTN refused the input); 401/403 → an auth error; 404 → not found; 409 → the
/// reference id was used before (`RESOURCE_ALREADY_EXIST`); 429 → rate limited; 503 → unavailable,
/// retryable; other 5xx → the code's reason, retryable only without a code or for `INTERNAL_PROCESSING_ERROR`
/// (a coded refusal such as `NOT_ALLOWED` will not change). The retry policy still requires idempotency.
pub fn error_from_response(resp: &HttpResponse, retry_after_ms: Option<u64>) -> Error {
    let (code, message) = error_code_and_message(resp);
    let code_ref = code.as_deref();
    let said = |fallback: &str| -> String {
        match (&message, code_ref) {
            (Some(m), _) => m.clone(),
            (None, Some(c)) => c.to_string(),
            (None, None) => fallback.to_string(),
        }
    };
    let with_advice = |text: String| -> String {
        match code_ref {
            Some(c) if advice(c) != "see providerCode" => format!("{text} ({})", advice(c)),
            _ => text,
        }
    };
    Error::from(match resp.status {
        400 => ErrorKind::Provider {
            provider: Provider::Momo,
            message: with_advice(format!(
                "bad request (HTTP 400): {}; fix the input (a UUID v4 reference, notes of at most 160 characters, the environment's currency)",
                said("MTN refused the request")
            )),
            reason: code_ref.map(|c| map_reason(c).as_str().to_string()),
            detail: detail(resp, code_ref),
            retryable: false,
        },
        401 => ErrorKind::Auth {
            provider: Provider::Momo,
            message: format!(
                "HTTP 401: {}; check the product's subscription key, the API user and API key, or renew the token",
                said("access denied")
            ),
            detail: detail(resp, code_ref),
        },
        403 => ErrorKind::Auth {
            provider: Provider::Momo,
            message: format!(
                "HTTP 403: {}; the API user or this server's IP is not allowed (ask MTN to whitelist it)",
                said("forbidden")
            ),
            detail: detail(resp, code_ref),
        },
        404 => ErrorKind::Provider {
            provider: Provider::Momo,
            message: with_advice(format!("not found (HTTP 404): {}", said("resource not found"))),
            reason: Some(code_ref.map_or(Reason::Other, map_reason).as_str().to_string()),
            detail: detail(resp, code_ref.or(Some("RESOURCE_NOT_FOUND"))),
            retryable: false,
        },
        409 => ErrorKind::Provider {
            provider: Provider::Momo,
            message: with_advice(format!("conflict (HTTP 409): {}", said("duplicated reference id"))),
            reason: Some(Reason::Other.as_str().to_string()),
            detail: detail(resp, code_ref.or(Some("RESOURCE_ALREADY_EXIST"))),
            retryable: false,
        },
        429 => ErrorKind::RateLimited {
            provider: Provider::Momo,
            retry_after_ms,
            detail: detail(resp, code_ref),
        },
        503 => ErrorKind::Provider {
            provider: Provider::Momo,
            message: format!(
                "service unavailable (HTTP 503): {}; retry later",
                said("MTN is unavailable")
            ),
            reason: Some(Reason::ProviderUnavailable.as_str().to_string()),
            detail: detail(resp, code_ref.or(Some("SERVICE_UNAVAILABLE"))),
            retryable: true,
        },
        s => {
            let reason = code_ref.map(map_reason).unwrap_or(Reason::ProviderError);
            // A coded refusal (NOT_ALLOWED*, INVALID_*) will not change on a retry; an uncoded 5xx may.
            let retryable = s >= 500
                && matches!(
                    code_ref.map(|c| c.trim_end_matches('.')),
                    None | Some("INTERNAL_PROCESSING_ERROR") | Some("SERVICE_UNAVAILABLE")
                );
            ErrorKind::Provider {
                provider: Provider::Momo,
                message: with_advice(format!("HTTP {s}: {}", said("MTN answered an error"))),
                reason: Some(reason.as_str().to_string()),
                detail: detail(resp, code_ref),
                retryable,
            }
        }
    })
}

/// The typed error of a transaction that ended badly (FAILED, expired, cancelled), for callers who prefer to
/// throw: a provider error whose `providerCode` is MTN's reason code (MTN's ErrorReason enum (docs/providers/momo.md#error-codes), docs/providers/momo.md) and
/// whose `reason` is the normalised one. `None` for a pending, successful or unknown transaction.
pub fn failure_error(t: &Transaction) -> Option<Error> {
    if !matches!(
        t.status,
        Status::Failed | Status::Expired | Status::Cancelled
    ) {
        return None;
    }
    let code = reason_code(&t.raw);
    let reason = t.reason.unwrap_or(Reason::Other);
    let what = match code.as_deref() {
        Some(c) => match advice(c) {
            "see providerCode" => c.to_string(),
            a => format!("{c}: {a}"),
        },
        None => "no reason given".to_string(),
    };
    Some(
        ErrorKind::Provider {
            provider: Provider::Momo,
            message: format!(
                "operation {} ended {} ({what})",
                t.reference, t.provider_status
            ),
            reason: Some(reason.as_str().to_string()),
            detail: ProviderDetail {
                http_status: None,
                provider_code: code,
            },
            retryable: false,
        }
        .into(),
    )
}
