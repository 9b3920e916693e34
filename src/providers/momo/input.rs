//! Reads the JS-facing request objects (the unified fields and MTN's own, in MTN's camelCase) into typed
//! requests. Pure: works on `serde_json::Value`, so it is tested natively.

use super::{check_body, Kind, FIELD_ALIASES};
use crate::core::{normalize_phone, Error};
use crate::providers::unipesa::input::amount_from_value;
use serde_json::{Map, Value};

/// The unified payment fields every provider accepts (DESIGN.md "The public JS API").
pub const UNIFIED_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "callbackUrl",
    "description",
    "country",
];

/// A creating call read from JS: the caller's reference id (if any), its callback URL and the body.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateInput {
    /// `reference` / `referenceId`: the X-Reference-Id to use; the client makes one when absent.
    pub reference_id: Option<String>,
    /// `callbackUrl`: the X-Callback-Url.
    pub callback_url: Option<String>,
    /// The body, checked against the operation's fields.
    pub body: Map<String, Value>,
}

fn opt_string(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::validation(key, "must be a string")),
    }
}

/// An amount given as a string or a number, as the string MTN takes (`"100"`, `"100.5"`).
fn amount_text(field: &str, v: &Value) -> Result<Value, Error> {
    let a = amount_from_value(field, v)?;
    if a.is_zero() {
        return Err(Error::validation(field, "must be greater than zero"));
    }
    Ok(Value::String(match v {
        // A string the caller wrote is sent as written (it parsed as a decimal with at most two decimals).
        Value::String(s) => s.clone(),
        _ => a.to_plain(),
    }))
}

/// Reads a creating request of `kind` from a JS object: MTN's own fields (which win) and the unified ones
/// (`amount`, `currency`, `phone` → the MSISDN party or the payment's `customerReference`, `description` →
/// the payer message / sender note / invoice description, `reference` → X-Reference-Id, `callbackUrl`).
/// A field written under its other name ([`FIELD_ALIASES`]: a cash transfer's `originatingCountry`) is sent
/// under MTN's.
pub fn create_from_value(
    kind: Kind,
    v: &Value,
    target_environment: &str,
) -> Result<CreateInput, Error> {
    let obj = v
        .as_object()
        .ok_or_else(|| Error::validation("request", "must be an object"))?;
    let own = kind.field_names();
    let aliases: Vec<(&str, &str)> = FIELD_ALIASES
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, from, to)| (*from, *to))
        .collect();
    if let Some(k) = obj.keys().find(|k| {
        !own.contains(&k.as_str())
            && !UNIFIED_FIELDS.contains(&k.as_str())
            && !aliases.iter().any(|(from, _)| from == k)
            && *k != "referenceId"
    }) {
        return Err(Error::validation(
            k.as_str(),
            format!(
                "is not a field of {} (allowed: {}, {}, referenceId)",
                kind.as_str(),
                UNIFIED_FIELDS.join(", "),
                own.join(", ")
            ),
        ));
    }
    let mut body = Map::new();
    for name in &own {
        if let Some(v) = obj.get(*name).filter(|v| !v.is_null()) {
            body.insert((*name).to_string(), v.clone());
        }
    }
    for (from, to) in aliases {
        if let Some(v) = obj.get(from).filter(|v| !v.is_null()) {
            match body.get(to) {
                Some(mine) if mine != v => {
                    return Err(Error::validation(
                        from,
                        format!("and {to} are one field (MTN spells it {to}): give one of them"),
                    ))
                }
                _ => {
                    body.insert(to.to_string(), v.clone());
                }
            }
        }
    }
    let unified = Unified {
        amount: obj.get("amount").filter(|v| !v.is_null()),
        currency: opt_string(obj, "currency")?,
        phone: opt_string(obj, "phone")?,
        description: opt_string(obj, "description")?,
    };
    match kind {
        Kind::Payment => fill_payment(&mut body, &unified)?,
        _ => fill_unified(kind, &mut body, &unified)?,
    }
    let reference_id = match opt_string(obj, "referenceId")? {
        Some(r) => Some(r),
        None => opt_string(obj, "reference")?,
    };
    let body = check_body(kind, &body, target_environment)?;
    Ok(CreateInput {
        reference_id,
        callback_url: opt_string(obj, "callbackUrl")?,
        body,
    })
}

/// The unified fields of a creating request, read once.
struct Unified<'a> {
    amount: Option<&'a Value>,
    currency: Option<String>,
    phone: Option<String>,
    description: Option<String>,
}

/// Seed 004's payment: the unified amount and currency fill `money`, `phone` the `customerReference`,
/// `description` the `senderNote`.
fn fill_payment(body: &mut Map<String, Value>, u: &Unified) -> Result<(), Error> {
    let mut money = match body.remove("money") {
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Error::validation("money", "must be {amount, currency}")),
        None => Map::new(),
    };
    if let (false, Some(a)) = (money.contains_key("amount"), u.amount) {
        money.insert("amount".into(), a.clone());
    }
    if let (false, Some(c)) = (money.contains_key("currency"), &u.currency) {
        money.insert("currency".into(), Value::String(c.clone()));
    }
    if let Some(a) = money.get("amount").cloned() {
        money.insert("amount".into(), amount_text("money.amount", &a)?);
    }
    if !money.is_empty() {
        body.insert("money".into(), Value::Object(money));
    }
    if let (false, Some(p)) = (body.contains_key("customerReference"), &u.phone) {
        body.insert("customerReference".into(), Value::String(p.clone()));
    }
    if let (false, Some(d)) = (body.contains_key("senderNote"), &u.description) {
        body.insert("senderNote".into(), Value::String(d.clone()));
    }
    Ok(())
}

/// Every other operation: amounts as MTN's strings, the currency field, the party from `phone`, the note from
/// `description`, and the durations as MTN types them (`validityDuration` a string, `validityTime` a number).
fn fill_unified(kind: Kind, body: &mut Map<String, Value>, u: &Unified) -> Result<(), Error> {
    if kind != Kind::PreApproval {
        if let (false, Some(a)) = (body.contains_key("amount"), u.amount) {
            body.insert("amount".into(), a.clone());
        }
        if let Some(a) = body.get("amount").cloned() {
            body.insert("amount".into(), amount_text("amount", &a)?);
        }
    } else if u.amount.is_some() {
        return Err(Error::validation(
            "amount",
            "is not a field of preapproval (it has payerCurrency and validityTime)",
        ));
    }
    if let Some(a) = body.get("originalAmount").cloned() {
        body.insert("originalAmount".into(), amount_text("originalAmount", &a)?);
    }
    let cur_field = kind.currency_field();
    if let (false, Some(c)) = (body.contains_key(cur_field), &u.currency) {
        body.insert(cur_field.into(), Value::String(c.clone()));
    }
    if let Some(party) = kind.party_field() {
        if let (false, Some(p)) = (body.contains_key(party), &u.phone) {
            let msisdn = normalize_phone("phone", p)?;
            body.insert(
                party.into(),
                serde_json::json!({ "partyIdType": "MSISDN", "partyId": msisdn }),
            );
        }
    }
    let note_field = if kind == Kind::Invoice {
        "description"
    } else {
        "payerMessage"
    };
    if let (false, Some(d)) = (body.contains_key(note_field), &u.description) {
        body.insert(note_field.into(), Value::String(d.clone()));
    }
    // MTN's CreateInvoice types `validityDuration` as a string; PreApproval's `validityTime` as an integer.
    match body.get("validityDuration") {
        Some(Value::Number(n)) => {
            let text = n.as_u64().map(|n| n.to_string()).ok_or_else(|| {
                Error::validation("validityDuration", "must be a whole number of seconds")
            })?;
            body.insert("validityDuration".into(), Value::String(text));
        }
        Some(Value::String(s)) => {
            let text = s.trim().to_string();
            body.insert("validityDuration".into(), Value::String(text));
        }
        _ => {}
    }
    if let Some(Value::String(s)) = body.get("validityTime") {
        let n: u64 = s
            .trim()
            .parse()
            .map_err(|_| Error::validation("validityTime", "must be a whole number of seconds"))?;
        body.insert("validityTime".into(), Value::from(n));
    }
    Ok(())
}

/// A status request: a reference string (a requesttopay) or `{ reference, kind? }`.
pub fn status_from_value(v: &Value, default_kind: Kind) -> Result<(String, Kind), Error> {
    match v {
        Value::String(s) => Ok((s.clone(), default_kind)),
        Value::Object(obj) => {
            if let Some(k) = obj
                .keys()
                .find(|k| !matches!(k.as_str(), "reference" | "referenceId" | "kind"))
            {
                return Err(Error::validation(
                    k.as_str(),
                    "is not a field of a status request (reference, kind)",
                ));
            }
            let reference = match opt_string(obj, "referenceId")? {
                Some(r) => r,
                None => opt_string(obj, "reference")?.ok_or_else(|| {
                    Error::validation(
                        "reference",
                        "is required: the X-Reference-Id of the operation",
                    )
                })?,
            };
            let kind = match opt_string(obj, "kind")? {
                Some(k) => Kind::parse("kind", &k)?,
                None => default_kind,
            };
            Ok((reference, kind))
        }
        _ => Err(Error::validation(
            "reference",
            "must be the X-Reference-Id string or { reference, kind }",
        )),
    }
}
