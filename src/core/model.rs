//! The unified results every provider maps onto: [`Status`], [`Reason`], [`Transaction`], [`Callback`], [`Balance`].

use super::error::Provider;
use serde::Serialize;
use tsify::Tsify;

/// Where a transaction stands, the same words for every provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Accepted, not final yet: poll `status` or wait for the callback.
    Pending,
    /// Done: money moved.
    Success,
    /// Final failure.
    Failed,
    /// Cancelled by a party.
    Cancelled,
    /// Timed out waiting for approval.
    Expired,
    /// The provider's status is undefined or unknown to the SDK: check again.
    Unknown,
}

impl Status {
    /// The stable name used in JS.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Success => "success",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
            Status::Unknown => "unknown",
        }
    }

    /// Whether the status will not change any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Success | Status::Failed | Status::Cancelled | Status::Expired
        )
    }
}

/// Why a transaction failed, normalised across providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The payer lacks the funds (or the merchant's balance is too low for a payout).
    InsufficientFunds,
    /// The payer or payee account does not exist.
    AccountNotFound,
    /// The payer rejected or did not approve.
    Rejected,
    /// Approval timed out.
    Expired,
    /// A limit was reached.
    LimitReached,
    /// The account may not do this.
    NotAllowed,
    /// Wrong PIN / OTP.
    InvalidPin,
    /// The provider or operator is unavailable.
    ProviderUnavailable,
    /// The provider failed internally.
    ProviderError,
    /// Cancelled.
    Cancelled,
    /// Any other reason (see `providerStatus`).
    Other,
}

impl Reason {
    /// The stable name used in JS.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::InsufficientFunds => "insufficient_funds",
            Reason::AccountNotFound => "account_not_found",
            Reason::Rejected => "rejected",
            Reason::Expired => "expired",
            Reason::LimitReached => "limit_reached",
            Reason::NotAllowed => "not_allowed",
            Reason::InvalidPin => "invalid_pin",
            Reason::ProviderUnavailable => "provider_unavailable",
            Reason::ProviderError => "provider_error",
            Reason::Cancelled => "cancelled",
            Reason::Other => "other",
        }
    }
}

fn provider_name<S: serde::Serializer>(p: &Provider, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.as_str())
}

/// A provider's answer as plain JSON data for any serializer: serde_json's arbitrary-precision numbers (kept as
/// their text inside the core) become JS numbers, where serializers other than serde_json's would see a private
/// one-field struct.
pub fn plain_json<S: serde::Serializer>(v: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
    PlainJson(v).serialize(s)
}

struct PlainJson<'a>(&'a serde_json::Value);

impl Serialize for PlainJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        use serde_json::Value;
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => {
                let text = n.to_string();
                match (
                    text.parse::<i64>(),
                    super::number::parse_f64(&text).ok_or(()),
                ) {
                    (Ok(i), _) if i.unsigned_abs() <= (1 << 53) => s.serialize_i64(i),
                    (_, Ok(f)) if f.is_finite() => s.serialize_f64(f),
                    // Beyond f64: the digits as text rather than a lost value.
                    _ => s.serialize_str(&text),
                }
            }
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&PlainJson(item))?;
                }
                seq.end()
            }
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, &PlainJson(v))?;
                }
                map.end()
            }
        }
    }
}

/// A payment as the provider reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Which provider.
    #[serde(serialize_with = "provider_name")]
    #[tsify(type = "ProviderName")]
    pub provider: Provider,
    /// The idempotency key the SDK sent (Unipesa `order_id`...): what `status()` takes.
    pub reference: String,
    /// The unified status.
    pub status: Status,
    /// The normalised reason of a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reason: Option<Reason>,
    /// The provider's own status, as it said it (`"1"`, `"SUCCESSFUL"`, `"VAL"`...).
    pub provider_status: String,
    /// The provider's transaction id, once it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub transaction_id: Option<String>,
    /// The amount, as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub amount: Option<String>,
    /// The currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub currency: Option<String>,
    /// A page the customer must open to complete the payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub redirect_url: Option<String>,
    /// Unipesa: a non-zero `confirm_type` on a payout means a confirming `payment_b2c` must follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub confirm_type: Option<i64>,
    /// The provider's answer, as received.
    #[serde(serialize_with = "plain_json")]
    #[tsify(type = "unknown")]
    pub raw: serde_json::Value,
}

/// A provider's notification about a transaction, after verification.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Callback {
    /// Which provider.
    #[serde(serialize_with = "provider_name")]
    #[tsify(type = "ProviderName")]
    pub provider: Provider,
    /// The idempotency key of the transaction concerned.
    pub reference: String,
    /// The unified status it reports.
    pub status: Status,
    /// The normalised reason of a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reason: Option<Reason>,
    /// The provider's own status.
    pub provider_status: String,
    /// `true` when a signature was checked and matched; `false` when the provider signs nothing (confirm the
    /// status with a query before acting on it).
    pub verified: bool,
    /// What kind of operation (`"payment_c2b"`, `"payment_b2c"`, `"collection"`...), when the provider says.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub operation: Option<String>,
    /// The provider's transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub transaction_id: Option<String>,
    /// The amount, as the provider wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub amount: Option<String>,
    /// The body, as received.
    #[serde(serialize_with = "plain_json")]
    #[tsify(type = "unknown")]
    pub raw: serde_json::Value,
}

/// An account balance.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    /// Which provider.
    #[serde(serialize_with = "provider_name")]
    #[tsify(type = "ProviderName")]
    pub provider: Provider,
    /// The available amount, as a decimal string.
    pub available: String,
    /// The currency.
    pub currency: String,
    /// The provider's answer.
    #[serde(serialize_with = "plain_json")]
    #[tsify(type = "unknown")]
    pub raw: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_camel_case_with_stable_names() {
        let t = Transaction {
            provider: Provider::Unipesa,
            reference: "o1".into(),
            status: Status::Failed,
            reason: Some(Reason::InsufficientFunds),
            provider_status: "3".into(),
            transaction_id: None,
            amount: Some("100.00".into()),
            currency: None,
            redirect_url: None,
            confirm_type: None,
            raw: serde_json::json!({}),
        };
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"provider":"unipesa","reference":"o1","status":"failed",
                "reason":"insufficient_funds","providerStatus":"3","amount":"100.00","raw":{}})
        );
        assert!(
            Status::Success.is_final()
                && !Status::Pending.is_final()
                && !Status::Unknown.is_final()
        );
    }

    /// The provider's answer in `raw` reaches JS as plain numbers: what JSON.parse would give (JS numbers are
    /// IEEE doubles, exact for integers up to 2^53), and the digits as text where no double holds the value.
    #[test]
    fn raw_numbers_serialize_as_a_js_reader_would_see_them() {
        let raw_as_json = |body: &str| {
            let b = Balance {
                provider: Provider::Momo,
                available: "0".into(),
                currency: "EUR".into(),
                raw: serde_json::from_str(body).unwrap(),
            };
            let v = serde_json::to_string(&b).unwrap();
            v[v.find("\"raw\":").unwrap() + 6..v.len() - 1].to_string()
        };
        // Integers stay integers (written without a fraction) up to 2^53 = 9007199254740992, both signs.
        assert_eq!(raw_as_json("[0,1,-7]"), "[0,1,-7]");
        assert_eq!(
            raw_as_json("[9007199254740992,-9007199254740992]"),
            "[9007199254740992,-9007199254740992]"
        );
        // 2^53 + 1 has no double: it becomes the nearest one, 2^53, as a float (what JS's JSON.parse gives).
        assert_eq!(raw_as_json("[9007199254740993]"), "[9007199254740992.0]");
        // Fractions are doubles; 10^400 is beyond the largest double (~1.8e308): kept as its digits, not lost.
        assert_eq!(raw_as_json("[1.5,-0.25]"), "[1.5,-0.25]");
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(raw_as_json(&format!("[{huge}]")), format!("[\"{huge}\"]"));
    }
}
