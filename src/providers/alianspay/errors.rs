//! AliansPay's errors: a non-2xx answer becomes a typed error, and an error `code` a normalised reason, the
//! partner GUID scrubbed from both (docs/providers/alianspay.md).

use super::parse::text;
use super::AliansPayConfig;
use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{Error, HttpResponse, Provider, Reason};
use serde_json::Value;

/// The normalised reason of an error `code` (the sandbox's names; AliansPay publishes none).
pub(super) fn error_reason(code: &str) -> Option<Reason> {
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
        401 | 403 => ErrorKind::Auth {
            provider: Provider::Alianspay,
            message: format!(
                "{} (HTTP {}): check the guid (otp-secret-code) and this machine's clock (the OTP is a 30-second TOTP)",
                if said.is_empty() { "refused" } else { &said },
                resp.status
            ),
            detail,
        }
        .into(),
        _ => ErrorKind::Provider {
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
        }
        .into(),
    })
}
