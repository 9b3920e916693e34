//! CinetPay answer envelopes, responses and notifications (pure).

use super::{
    code_error, describe_code, tables, Transfer, TransferLookup, CODE_ALREADY_CONTACT,
    CODE_NOT_FOUND, TOKEN_REFUSED_CODES,
};
use crate::core::amount::outside_decimal;
use crate::core::error::ProviderDetail;
use crate::core::number::parse_f64;
use crate::core::ErrorKind;
use crate::core::{
    Amount, Balance, Callback, Error, HttpResponse, Provider, Reason, Secret, Status, Transaction,
};
use serde_json::{Map, Value};

/// One item of the `transfer/contact` answer: what `addContacts` resolves to, per contact.
// Its TypeScript declaration is generated under the public name `CinetPayContactResult`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "CinetPayContactResult")]
pub struct ContactResult {
    /// The prefix, as echoed.
    pub prefix: String,
    /// The phone, as echoed.
    pub phone: String,
    /// The item's code: 0 added, 726 already a contact, anything else refused.
    pub code: i64,
    /// Whether the phone is now a contact (0 or 726: "already a contact" is success, docs/providers/cinetpay.md).
    pub ok: bool,
    /// `"added"`, `"already_contact"`, or the provider's message of the refusal.
    pub status: String,
    /// The provider's item, as received (its numbers as JS numbers, not serde_json's private form).
    #[serde(serialize_with = "crate::core::model::plain_json")]
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// A decoded answer: `{code, message, description?, data}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The code, read from a number or a string.
    pub code: i64,
    /// `message` (`"OPERATION_SUCCES"`, `"INVALID_TOKEN"`...).
    pub message: String,
    /// `data`.
    pub data: Value,
}

/// Reads an integer sent as a number or a numeric string.
fn int_field(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| parse_f64(n.as_str()).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A text field sent as a string or a number.
fn text_field(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn retry_after_ms(resp: &HttpResponse) -> Option<u64> {
    resp.header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| s.saturating_mul(1000))
}

/// Reads the envelope of any answer. HTTP 429 → `rate_limited`; a 5xx or non-2xx without a readable body → a
/// provider error; a 2xx that is not a JSON object with a `code` → a parse error. `redact_body` leaves the body
/// out of parse errors (the login answer carries the token).
pub fn read_envelope(resp: &HttpResponse, redact_body: bool) -> Result<Envelope, Error> {
    let shown: &[u8] = if redact_body { b"" } else { &resp.body };
    let detail = ProviderDetail {
        http_status: Some(resp.status),
        provider_code: None,
    };
    if resp.status == 429 {
        return Err(ErrorKind::RateLimited {
            provider: Provider::Cinetpay,
            retry_after_ms: retry_after_ms(resp),
            detail,
        }
        .into());
    }
    let body: Option<Value> = serde_json::from_slice::<Value>(&resp.body)
        .ok()
        .filter(Value::is_object);
    let code = body.as_ref().and_then(|b| int_field(b.get("code")));
    let (Some(body), Some(code)) = (body, code) else {
        if resp.status >= 500 {
            return Err(ErrorKind::Provider {
                provider: Provider::Cinetpay,
                message: format!(
                    "the provider answered HTTP {} (a server error; retry later)",
                    resp.status
                ),
                reason: Some(Reason::ProviderUnavailable.as_str().into()),
                detail,
                retryable: true,
            }
            .into());
        }
        if !resp.is_success() {
            return Err(ErrorKind::Provider {
                provider: Provider::Cinetpay,
                message: format!("HTTP {} without a CinetPay answer", resp.status),
                reason: None,
                detail,
                retryable: false,
            }
            .into());
        }
        let what = if resp.body.is_empty() {
            "the body is empty"
        } else {
            "expected a JSON object with a `code`"
        };
        return Err(Error::parse(
            Provider::Cinetpay,
            format!("{what} (HTTP {})", resp.status),
            "code",
            shown,
        ));
    };
    Ok(Envelope {
        code,
        message: text_field(body.get("message")).unwrap_or_default(),
        data: body.get("data").cloned().unwrap_or(Value::Null),
    })
}

/// The envelope of a successful answer: a non-zero `code` becomes its typed error ([`code_error`]).
pub fn read_ok(resp: &HttpResponse, redact_body: bool) -> Result<Envelope, Error> {
    let env = read_envelope(resp, redact_body)?;
    if env.code != 0 {
        return Err(code_error(env.code, &env.message, resp.status));
    }
    Ok(env)
}

/// Whether an answer refuses the token (705, 706, 707): the client logs in again once and retries.
pub fn is_token_refused(resp: &HttpResponse) -> bool {
    matches!(read_envelope(resp, true), Ok(e) if TOKEN_REFUSED_CODES.contains(&e.code))
}

/// Reads the login answer: `{code: 0, data: {token}}` → the token. 701 → an auth error. Nothing of the body
/// ever goes into an error (it carries the token).
pub fn parse_login(resp: &HttpResponse) -> Result<Secret<String>, Error> {
    let env = read_ok(resp, true)?;
    match env.data.get("token") {
        Some(Value::String(t)) if !t.is_empty() => Ok(Secret::new(t.clone())),
        _ => Err(Error::parse(
            Provider::Cinetpay,
            "the login answer has no data.token",
            "data.token",
            b"",
        )),
    }
}

/// Reads `check/balance`. With `data.countryBalance` (`{ "CI": {available, ...}, "CM": {...} }`, as CinetPay's
/// PHP transfer sample reads it, docs/providers/cinetpay.md): one [`Balance`] per country, in ISO order, in that
/// country's currency ([`tables::COUNTRIES`], or the item's own `currency`), its `raw` the item with `country`
/// added. Without it: one [`Balance`] of `data.available`, in the configured `currency` (the API names none).
/// An `available` that is not a decimal, or a country whose currency is unknown, is a `ParseError` naming it.
pub fn parse_balance(resp: &HttpResponse, currency: &str) -> Result<Vec<Balance>, Error> {
    let env = read_ok(resp, false)?;
    if let Some(Value::Object(countries)) = env.data.get("countryBalance") {
        if !countries.is_empty() {
            // In ISO order by std's heap sort: the keys are distinct, so any sort gives this order, and the
            // heap sort is a fraction of the stable sort's code (driftsort, ~3.1 KB of wasm).
            let isos = std::collections::BinaryHeap::from_iter(countries.keys()).into_sorted_vec();
            return isos
                .into_iter()
                .map(|iso| country_balance(iso, countries.get(iso.as_str()), &resp.body))
                .collect();
        }
    }
    let available = decimal_field("data.available", env.data.get("available"), &resp.body)?;
    Ok(vec![Balance {
        provider: Provider::Cinetpay,
        available,
        currency: currency.to_string(),
        raw: env.data,
    }])
}

/// One entry of `data.countryBalance`.
fn country_balance(iso: &str, item: Option<&Value>, body: &[u8]) -> Result<Balance, Error> {
    let at = format!("data.countryBalance.{iso}");
    let Some(Value::Object(item)) = item else {
        return Err(Error::parse(
            Provider::Cinetpay,
            format!("{at} is not an object"),
            &at,
            body,
        ));
    };
    let available = decimal_field(&format!("{at}.available"), item.get("available"), body)?;
    let currency = text_field(item.get("currency"))
        .or_else(|| tables::by_iso(iso).map(|c| c.currency.to_string()))
        .ok_or_else(|| {
            Error::parse(
                Provider::Cinetpay,
                format!("{at}: no currency is known for this country"),
                format!("{at}.currency"),
                body,
            )
        })?;
    let mut raw = item.clone();
    raw.insert("country".into(), Value::String(iso.to_string()));
    Ok(Balance {
        provider: Provider::Cinetpay,
        available,
        currency,
        raw: Value::Object(raw),
    })
}

/// A balance amount (required): a JSON number or a string holding a plain decimal, possibly negative; anything
/// else, or nothing, is a `ParseError` naming `field` (see [`outside_decimal`]).
fn decimal_field(field: &str, v: Option<&Value>, body: &[u8]) -> Result<String, Error> {
    outside_decimal(Provider::Cinetpay, field, v, true, body)?
        .ok_or_else(|| Error::parse(Provider::Cinetpay, "missing", field, body))
}

/// The items of a batch answer: `data` is an array of items, or (as CinetPay nests it) an array holding one
/// array of items.
fn items(data: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    if let Value::Array(a) = data {
        for v in a {
            match v {
                Value::Array(inner) => out.extend(inner.iter().filter(|x| x.is_object())),
                Value::Object(_) => out.push(v),
                _ => {}
            }
        }
    } else if data.is_object() {
        out.push(data);
    }
    out
}

/// Reads `transfer/contact`: one [`ContactResult`] per item; item code 726 is success (docs/providers/cinetpay.md).
pub fn parse_add_contacts(resp: &HttpResponse) -> Result<Vec<ContactResult>, Error> {
    let env = read_ok(resp, false)?;
    let list = items(&env.data);
    if list.is_empty() {
        return Err(Error::parse(
            Provider::Cinetpay,
            "the answer lists no contact",
            "data",
            &resp.body,
        ));
    }
    Ok(list
        .into_iter()
        .map(|item| {
            let code = int_field(item.get("code")).unwrap_or(0);
            let ok = code == 0 || code == CODE_ALREADY_CONTACT;
            let status = match code {
                0 => "added".to_string(),
                CODE_ALREADY_CONTACT => "already_contact".to_string(),
                c => describe_code(c)
                    .map(|(m, _)| m.to_string())
                    .or_else(|| text_field(item.get("status")))
                    .unwrap_or_else(|| format!("code {c}")),
            };
            ContactResult {
                prefix: text_field(item.get("prefix")).unwrap_or_default(),
                phone: text_field(item.get("phone")).unwrap_or_default(),
                code,
                ok,
                status,
                raw: item.clone(),
            }
        })
        .collect())
}

/// CinetPay's `treatment_status` → the unified status (docs.cinetpay.com "treatment_status": NEW waiting, REC
/// in process, NOS awaiting confirmation: transitions; VAL done, REJ rejected: final).
pub fn map_treatment_status(s: &str) -> Status {
    match s {
        "NEW" | "REC" | "NOS" => Status::Pending,
        "VAL" => Status::Success,
        "REJ" => Status::Failed,
        _ => Status::Unknown,
    }
}

fn reason_of(status: Status) -> Option<Reason> {
    (status == Status::Failed).then_some(Reason::Rejected)
}

/// The `code` of a batch item (0 when absent: the item was accepted).
pub fn item_code(item: &Value) -> i64 {
    int_field(item.get("code")).unwrap_or(0)
}

/// A transfer item (send answer, check/money answer) as a [`Transaction`]. An item carrying a non-zero `code`
/// was refused: failed, with the code's reason.
fn transfer_transaction(item: &Value, fallback_reference: &str) -> Transaction {
    let code = item_code(item);
    let treatment = text_field(item.get("treatment_status"));
    let (status, reason, provider_status) = if code != 0 {
        let reason = match code_error(code, "", 200).into_kind() {
            ErrorKind::Provider { reason, .. } => reason,
            _ => None,
        };
        let reason = match reason.as_deref() {
            Some("insufficient_funds") => Some(Reason::InsufficientFunds),
            Some("limit_reached") => Some(Reason::LimitReached),
            Some("provider_unavailable") => Some(Reason::ProviderUnavailable),
            Some("account_not_found") => Some(Reason::AccountNotFound),
            _ => Some(Reason::Other),
        };
        let name = describe_code(code)
            .map(|(m, _)| m.to_string())
            .unwrap_or_else(|| format!("code {code}"));
        (Status::Failed, reason, name)
    } else if let Some(t) = treatment {
        let s = map_treatment_status(&t);
        (s, reason_of(s), t)
    } else {
        // Accepted (code 0) without a treatment status yet.
        (Status::Pending, None, "NEW".to_string())
    };
    Transaction {
        provider: Provider::Cinetpay,
        reference: text_field(item.get("client_transaction_id"))
            .unwrap_or_else(|| fallback_reference.to_string()),
        status,
        reason,
        provider_status,
        transaction_id: text_field(item.get("transaction_id")),
        amount: text_field(item.get("amount")),
        currency: None,
        redirect_url: None,
        confirm_type: None,
        raw: item.clone(),
    }
}

/// Reads `money/send/contact`: one [`Transaction`] per transfer sent, in order (matched by
/// `client_transaction_id` when the items carry it). A top-level non-zero code is its typed error (805 included:
/// the client resolves it by a status query).
pub fn parse_send_money(resp: &HttpResponse, sent: &[Transfer]) -> Result<Vec<Transaction>, Error> {
    let env = read_ok(resp, false)?;
    let list = items(&env.data);
    let mut out = Vec::with_capacity(sent.len());
    for (i, t) in sent.iter().enumerate() {
        let id = t.client_transaction_id.clone().unwrap_or_default();
        let item = list
            .iter()
            .find(|it| text_field(it.get("client_transaction_id")).as_deref() == Some(id.as_str()))
            .or_else(|| list.get(i))
            .copied();
        let Some(item) = item else {
            return Err(Error::parse(
                Provider::Cinetpay,
                format!("the answer has no item for transfer {i}"),
                "data",
                &resp.body,
            ));
        };
        let mut tx = transfer_transaction(item, &id);
        tx.reference = id;
        if tx.amount.is_none() {
            tx.amount = Some(t.amount.to_plain());
        }
        out.push(tx);
    }
    Ok(out)
}

/// Reads `check/money`: the transfer as a [`Transaction`]. 723 → a provider error "not found".
pub fn parse_check_money(
    resp: &HttpResponse,
    lookup: &TransferLookup,
) -> Result<Transaction, Error> {
    let env = read_ok(resp, false)?;
    let list = items(&env.data);
    let (key, wanted) = match lookup {
        TransferLookup::ClientTransactionId(v) => ("client_transaction_id", v.as_str()),
        TransferLookup::TransactionId(v) => ("transaction_id", v.as_str()),
    };
    let item = list
        .iter()
        .find(|it| text_field(it.get(key)).as_deref() == Some(wanted))
        .or_else(|| list.first())
        .copied()
        .ok_or_else(|| code_error(CODE_NOT_FOUND, "", resp.status))?;
    let fallback = match lookup {
        TransferLookup::ClientTransactionId(v) => v.as_str(),
        TransferLookup::TransactionId(_) => "",
    };
    let mut tx = transfer_transaction(item, fallback);
    if tx.reference.is_empty() {
        tx.reference = tx.transaction_id.clone().unwrap_or_default();
    }
    Ok(tx)
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space; bad escapes are kept as written).
pub fn form_decode(text: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes.get(i) {
                Some(b'+') => out.push(b' '),
                Some(b'%') => {
                    let hex = bytes
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    match hex {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                Some(b) => out.push(*b),
                None => {}
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// Reads a notification (docs/providers/cinetpay.md#callbacks): the form POSTed to `notify_url` (`transaction_id,
/// client_transaction_id, lot, amount, receiver, sending_status, comment, treatment_status,
/// operator_transaction_id, validated_at`; `operator` in older docs), or the same fields as a JSON object (a
/// framework that parsed the form). Unsigned: `verified` is false; confirm with `check/money` before acting.
/// An empty body is the liveness GET, not a notification: a validation error that says so.
pub fn parse_callback(raw_body: &str) -> Result<Callback, Error> {
    let text = raw_body.trim();
    if text.is_empty() {
        return Err(Error::validation(
            "body",
            "is empty: CinetPay's GET to the notify_url is a liveness ping (answer HTTP 200); a notification is a form POST",
        ));
    }
    let mut fields = Map::new();
    if text.starts_with('{') {
        let v: Value = serde_json::from_slice(text.as_bytes()).map_err(|e| {
            Error::parse(
                Provider::Cinetpay,
                format!("the notification is neither a form nor a JSON object ({e})"),
                "",
                text.as_bytes(),
            )
        })?;
        let Value::Object(m) = v else {
            return Err(Error::parse(
                Provider::Cinetpay,
                "the notification is not an object",
                "",
                text.as_bytes(),
            ));
        };
        for (k, v) in m {
            let s = match v {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => serde_json::to_string(&other).unwrap_or_default(),
            };
            fields.insert(k, Value::String(s));
        }
    } else {
        for (k, v) in form_decode(text) {
            fields.entry(k).or_insert(Value::String(v));
        }
    }
    let get = |k: &str| text_field(fields.get(k));
    let client_id = get("client_transaction_id");
    let transaction_id = get("transaction_id");
    let reference = client_id
        .or_else(|| transaction_id.clone())
        .ok_or_else(|| {
            Error::parse(
                Provider::Cinetpay,
                "the notification has neither client_transaction_id nor transaction_id",
                "client_transaction_id",
                text.as_bytes(),
            )
        })?;
    let provider_status = get("treatment_status").unwrap_or_default();
    let status = map_treatment_status(&provider_status);
    Ok(Callback {
        provider: Provider::Cinetpay,
        reference,
        status,
        reason: reason_of(status),
        provider_status,
        verified: false,
        operation: Some("payout".into()),
        transaction_id,
        amount: get("amount"),
        raw: Value::Object(fields),
    })
}

/// Whether a transfer found by `check/money` is the one described by `t` (same amount and receiver, where the
/// answer says them): used when a retry meets 805 to tell "our first attempt was accepted" from "this id belongs
/// to another transfer".
pub fn same_transfer(found: &Transaction, t: &Transfer) -> bool {
    let amount_ok = match found.amount.as_deref() {
        Some(a) => Amount::parse("amount", a.trim()).is_ok_and(|a| a == t.amount),
        None => true,
    };
    let receiver_ok = match found.raw.get("receiver").and_then(|r| text_field(Some(r))) {
        Some(r) => {
            let digits: String = r.chars().filter(char::is_ascii_digit).collect();
            digits.ends_with(&t.phone)
        }
        None => true,
    };
    amount_ok && receiver_ok
}
