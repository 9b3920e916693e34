//! MoMo response, status and callback parsers (pure).

use super::errors::error_code_and_message;
use super::{check_reference_id, error_from_response, map_reason, CreateRequest, Kind};
use crate::core::amount::outside_decimal;
use crate::core::token::CachedToken;
use crate::core::ErrorKind;
use crate::core::{
    Balance, Callback, Error, HttpResponse, Provider, Reason, Secret, Status, Transaction,
};
use serde_json::Value;

fn parse_json(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice::<Value>(&resp.body).map_err(|e| {
        Error::parse(
            Provider::Momo,
            format!("the body is not JSON ({e}; HTTP {})", resp.status),
            "",
            &resp.body,
        )
    })
}

/// Reads `POST /{product}/token/` → `{access_token, token_type, expires_in}`, as a cached token at `now_ms`.
pub fn parse_token(resp: &HttpResponse, now_ms: u64) -> Result<CachedToken, Error> {
    if !resp.is_success() {
        return Err(match error_from_response(resp, None).into_kind() {
            ErrorKind::Auth { detail, .. } => ErrorKind::Auth {
                provider: Provider::Momo,
                message: "the token request was refused (HTTP 401): check apiUser, apiKey and the product's subscription key".into(),
                detail,
            }
            .into(),
            e => e.into(),
        });
    }
    // Never quote this body: cut or odd, it may still hold the token (SECURITY.md: no secrets in errors).
    let v: Value = serde_json::from_slice(&resp.body).map_err(|e| {
        let message = format!("the token answer is not JSON ({e}; HTTP {})", resp.status);
        Error::parse(Provider::Momo, message, "", b"")
    })?;
    let token = v
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::parse(Provider::Momo, "missing access_token", "access_token", b""))?;
    let expires_in = match v.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| Error::parse(Provider::Momo, "missing expires_in", "expires_in", b""))?;
    Ok(CachedToken::new(token.to_string(), now_ms, expires_in))
}

/// Reads the answer of a creating call: `202 Accepted` (no body) is success; another 2xx is not MTN's answer (a
/// parse error: nothing proves the operation exists); anything else is the typed error.
pub fn parse_accepted(resp: &HttpResponse) -> Result<(), Error> {
    match resp.status {
        202 => Ok(()),
        // MTN answers a creation with 202 and nothing else (docs/providers/momo.md): another 2xx is not MTN's answer
        // (a proxy's page, a cut body) and proves nothing was created.
        200..=299 => Err(Error::parse(
            Provider::Momo,
            format!("expected MTN's 202 Accepted, got HTTP {}: the operation may not exist; check its status", resp.status),
            "",
            &resp.body,
        )),
        _ => Err(error_from_response(resp, None)),
    }
}

/// Reads the answer of a call MTN acknowledges with `200 OK` and no body (delivery notification, invoice
/// cancellation); any other status is the error it carries.
pub fn parse_ok(resp: &HttpResponse) -> Result<(), Error> {
    if resp.is_success() {
        Ok(())
    } else {
        Err(error_from_response(resp, None))
    }
}

/// Whether an answer is MTN's `409 RESOURCE_ALREADY_EXIST` (the reference id was used before).
pub fn is_already_exists(resp: &HttpResponse) -> bool {
    if resp.status != 409 {
        return false;
    }
    match error_code_and_message(resp).0 {
        Some(c) => c == "RESOURCE_ALREADY_EXIST",
        None => true,
    }
}

/// The reason code of a status body: `reason` as a bare code (`"APPROVAL_REJECTED"`), as `{code, message}`
/// (MTN's ErrorReason schema), or an invoice's `errorReason{code, message}`.
pub(super) fn reason_code(body: &Value) -> Option<String> {
    let r = body.get("reason").or_else(|| body.get("errorReason"))?;
    match r {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(o) => o
            .get("code")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        _ => None,
    }
}

/// MTN's status and reason → the unified status and reason. Only the values MTN documents are read
/// (docs/providers/momo.md#responses-and-statuses): `PENDING`, `SUCCESSFUL`, `FAILED` and the extended enum's
/// `CREATED` on every status read; `APPROVED`, `REJECTED`, `EXPIRED` and `CANCELLED` on a pre-approval's.
/// A FAILED with `EXPIRED` is `expired`, with `TRANSACTION_CANCELED` `cancelled`. Anything else (`SUCCESS`,
/// `TIMEOUT`, `ONGOING`, which MTN returns only as a reason code) is `unknown`: read the status again.
pub fn map_status(status: &str, reason: Option<&str>) -> (Status, Option<Reason>) {
    match status.to_ascii_uppercase().as_str() {
        "PENDING" | "CREATED" => (Status::Pending, None),
        "SUCCESSFUL" | "APPROVED" => (Status::Success, None),
        "EXPIRED" => (
            Status::Expired,
            Some(reason.map_or(Reason::Expired, map_reason)),
        ),
        "CANCELLED" => (
            Status::Cancelled,
            Some(reason.map_or(Reason::Cancelled, map_reason)),
        ),
        "FAILED" | "REJECTED" => {
            let r = match reason {
                Some(c) => map_reason(c),
                None if status.eq_ignore_ascii_case("REJECTED") => Reason::Rejected,
                None => Reason::Other,
            };
            let s = match (reason.map(|c| c.trim_end_matches('.')), r) {
                (Some("EXPIRED"), _) => Status::Expired,
                (_, Reason::Cancelled) => Status::Cancelled,
                _ => Status::Failed,
            };
            (s, Some(r))
        }
        _ => (Status::Unknown, reason.map(map_reason)),
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An amount read from MTN's answer (MTN's own examples hold the placeholder `"string"`): see
/// [`outside_decimal`].
fn decimal_field(
    field: &str,
    v: Option<&Value>,
    signed: bool,
    raw: &[u8],
) -> Result<Option<String>, Error> {
    outside_decimal(Provider::Momo, field, v, signed, raw)
}

/// Reads a status body (GET or callback) into a transaction of `reference_id`.
fn transaction_from_body(
    body: Value,
    reference_id: &str,
    raw: &[u8],
) -> Result<Transaction, Error> {
    if !body.is_object() {
        return Err(Error::parse(
            Provider::Momo,
            "expected a JSON object",
            "",
            raw,
        ));
    }
    let provider_status = body
        .get("status")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::parse(Provider::Momo, "missing status", "status", raw))?
        .to_string();
    let reason = reason_code(&body);
    let (status, reason) = map_status(&provider_status, reason.as_deref());
    let (amount, currency) = match body.get("money") {
        Some(m) => (
            decimal_field("money.amount", m.get("amount"), false, raw)?,
            text(m.get("currency")),
        ),
        None => (
            decimal_field("amount", body.get("amount"), false, raw)?,
            text(body.get("currency")).or_else(|| text(body.get("payerCurrency"))),
        ),
    };
    Ok(Transaction {
        provider: Provider::Momo,
        reference: text(body.get("referenceId")).unwrap_or_else(|| reference_id.to_string()),
        status,
        reason,
        provider_status,
        transaction_id: text(body.get("financialTransactionId")),
        amount,
        currency,
        redirect_url: None,
        confirm_type: None,
        raw: body,
    })
}

/// Reads `GET .../{resource}/{referenceId}` (a failed operation is a 200 with `status: FAILED` and a `reason`,
/// MTN API reference); a non-2xx answer is the typed error.
pub fn parse_status(resp: &HttpResponse, reference_id: &str) -> Result<Transaction, Error> {
    if !resp.is_success() {
        return Err(error_from_response(resp, None));
    }
    let v = parse_json(resp)?;
    transaction_from_body(v, reference_id, &resp.body)
}

/// The transaction a creating call stands for once MTN answered `202 Accepted` (no body): pending.
pub fn accepted_transaction(req: &CreateRequest) -> Transaction {
    let (amount, currency) = match req.body.get("money") {
        Some(m) => (text(m.get("amount")), text(m.get("currency"))),
        None => (
            text(req.body.get("amount")),
            text(req.body.get("currency")).or_else(|| text(req.body.get("payerCurrency"))),
        ),
    };
    Transaction {
        provider: Provider::Momo,
        reference: req.reference_id.clone(),
        status: Status::Pending,
        reason: None,
        provider_status: "ACCEPTED".into(),
        transaction_id: None,
        amount,
        currency,
        redirect_url: None,
        confirm_type: None,
        raw: Value::Null,
    }
}

/// Reads `GET .../account/balance[/{currency}]` → `{availableBalance, currency}`; an `availableBalance` that is
/// not a decimal is a `ParseError` naming it.
pub fn parse_balance(resp: &HttpResponse) -> Result<Balance, Error> {
    if !resp.is_success() {
        return Err(error_from_response(resp, None));
    }
    let v = parse_json(resp)?;
    let available = decimal_field(
        "availableBalance",
        v.get("availableBalance"),
        true,
        &resp.body,
    )?
    .ok_or_else(|| {
        Error::parse(
            Provider::Momo,
            "missing availableBalance",
            "availableBalance",
            &resp.body,
        )
    })?;
    let currency = text(v.get("currency"))
        .ok_or_else(|| Error::parse(Provider::Momo, "missing currency", "currency", &resp.body))?;
    Ok(Balance {
        provider: Provider::Momo,
        available,
        currency,
        raw: v,
    })
}

/// Reads `GET .../accountholder/{type}/{id}/active` → `{result: bool}`.
pub fn parse_account_holder_active(resp: &HttpResponse) -> Result<bool, Error> {
    if !resp.is_success() {
        return Err(error_from_response(resp, None));
    }
    let v = parse_json(resp)?;
    v.get("result")
        .and_then(Value::as_bool)
        .ok_or_else(|| Error::parse(Provider::Momo, "missing result", "result", &resp.body))
}

/// Reads a JSON answer that is passed through as is (basic user info, API user): the object itself.
pub fn parse_object(resp: &HttpResponse) -> Result<Value, Error> {
    if !resp.is_success() {
        return Err(error_from_response(resp, None));
    }
    let v = parse_json(resp)?;
    if v.is_object() {
        Ok(v)
    } else {
        Err(Error::parse(
            Provider::Momo,
            "expected a JSON object",
            "",
            &resp.body,
        ))
    }
}

/// Reads `POST /v1_0/apiuser/{id}/apikey` → `{apiKey}`.
pub fn parse_api_key(resp: &HttpResponse) -> Result<Secret<String>, Error> {
    let v = parse_object(resp)?;
    v.get("apiKey")
        .and_then(Value::as_str)
        .filter(|k| !k.is_empty())
        .map(|k| Secret::new(k.to_string()))
        .ok_or_else(|| Error::parse(Provider::Momo, "missing apiKey", "apiKey", b""))
}

/// Reads a callback body (docs/providers/momo.md: "sent once, no retry, no signature, `PUT` or `POST` with the same
/// body as the GET"). Unsigned, so `verified` is `false`: confirm with a status query before acting.
/// `reference_id`: the X-Reference-Id the callback is about; MTN's body carries it only for v2_0 payments
/// and invoices (`referenceId`), so for the others it must come from the caller (e.g. the callback URL).
pub fn parse_callback(
    raw_body: &str,
    reference_id: Option<&str>,
    kind: Option<Kind>,
) -> Result<Callback, Error> {
    let body: Value = serde_json::from_slice(raw_body.as_bytes()).map_err(|e| {
        Error::parse(
            Provider::Momo,
            format!("the callback is not JSON ({e})"),
            "",
            raw_body.as_bytes(),
        )
    })?;
    let from_body = body
        .get("referenceId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let reference = match (from_body, reference_id) {
        (Some(b), Some(r)) if !b.eq_ignore_ascii_case(r) => {
            return Err(Error::validation(
                "reference",
                "differs from the callback body's referenceId",
            ))
        }
        (Some(b), _) => b,
        (None, Some(r)) => r.to_string(),
        (None, None) => {
            return Err(Error::validation(
                "reference",
                "is required: MTN's callback body carries no X-Reference-Id for this operation; pass the reference: give a callbackUrl with `{reference}` in it (e.g. https://shop.example/momo/{reference}), which payrail fills in, and read it from the route",
            ))
        }
    };
    check_reference_id("reference", &reference)?;
    let t = transaction_from_body(body, &reference, raw_body.as_bytes())?;
    Ok(Callback {
        provider: Provider::Momo,
        reference: t.reference,
        status: t.status,
        reason: t.reason,
        provider_status: t.provider_status,
        verified: false,
        operation: kind.map(|k| k.as_str().to_string()),
        transaction_id: t.transaction_id,
        amount: t.amount,
        raw: t.raw,
    })
}

#[cfg(test)]
mod status_tests {
    //! Every top-level status arm, from MTN's documented values (docs/providers/momo.md#responses-and-statuses).
    use super::map_status;
    use crate::core::{Reason, Status};

    #[test]
    fn each_documented_status_has_its_own_outcome() {
        let cases: [(&str, Option<&str>, Status, Option<Reason>); 12] = [
            ("PENDING", None, Status::Pending, None),
            ("CREATED", None, Status::Pending, None),
            ("SUCCESSFUL", None, Status::Success, None),
            ("successful", None, Status::Success, None),
            ("FAILED", None, Status::Failed, Some(Reason::Other)),
            (
                "FAILED",
                Some("APPROVAL_REJECTED"),
                Status::Failed,
                Some(Reason::Rejected),
            ),
            // A pre-approval's own statuses.
            ("APPROVED", None, Status::Success, None),
            ("REJECTED", None, Status::Failed, Some(Reason::Rejected)),
            (
                "REJECTED",
                Some("NOT_ENOUGH_FUNDS"),
                Status::Failed,
                Some(Reason::InsufficientFunds),
            ),
            ("EXPIRED", None, Status::Expired, Some(Reason::Expired)),
            (
                "CANCELLED",
                None,
                Status::Cancelled,
                Some(Reason::Cancelled),
            ),
            (
                "cancelled",
                None,
                Status::Cancelled,
                Some(Reason::Cancelled),
            ),
        ];
        for (status, reason, want_status, want_reason) in cases {
            assert_eq!(
                map_status(status, reason),
                (want_status, want_reason),
                "{status} {reason:?}"
            );
        }
    }

    #[test]
    fn values_mtn_never_returns_as_a_status_are_unknown() {
        // ONGOING and PAYER_DELAYED are reason codes of MTN's sandbox, never a status; SUCCESS and TIMEOUT are
        // not in MTN's enum. Unknown makes the caller read the status again instead of trusting a guess.
        for s in ["SUCCESS", "TIMEOUT", "ONGOING", "DONE", ""] {
            assert_eq!(map_status(s, None), (Status::Unknown, None), "{s}");
        }
        assert_eq!(
            map_status("TIMEOUT", Some("EXPIRED")),
            (Status::Unknown, Some(Reason::Expired))
        );
    }
}
