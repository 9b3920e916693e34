//! ViralPAY's errors: an answer whose HTTP status is not a success becomes a typed error, and the envelope's
//! `error` codes a normalised reason (docs/providers/viralpay.md).

use crate::core::error::ProviderDetail;
use crate::core::retry_after::retry_after_of;
use crate::core::ErrorKind;
use crate::core::{Error, HttpResponse, Provider, Reason};

/// The typed error of an answer whose status is not a success: 401 → `auth_error`, 429 → `rate_limited` with the
/// `Retry-After` wait (read at `now_ms` when given as a date), 5xx/408 → a retryable `provider_error`, other 4xx
/// → a `provider_error` carrying the envelope's `error` code (`code`) and `message`.
pub(super) fn status_error(
    resp: &HttpResponse,
    now_ms: u64,
    code: Option<String>,
    message: Option<String>,
    detail: ProviderDetail,
) -> Error {
    let said = message.or_else(|| code.clone()).unwrap_or_default();
    let retry_after_ms = retry_after_of(resp, now_ms);
    if let Some(e) =
        Error::transient_http(Provider::Viralpay, detail.clone(), retry_after_ms, &said)
    {
        return e;
    }
    match resp.status {
        401 | 403 => ErrorKind::Auth {
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
        }
        .into(),
        _ => ErrorKind::Provider {
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
        }
        .into(),
    }
}

/// The normalised reason of an error code of the envelope (the sandbox's names; ViralPAY publishes none). A
/// `not_found` gets no reason: it answers a transaction or a route that does not exist, not a missing account
/// (the code stays in `providerCode`).
pub(super) fn error_reason(code: &str) -> Option<Reason> {
    match code {
        "insufficient_balance" | "insufficient_funds" => Some(Reason::InsufficientFunds),
        _ => None,
    }
}
