//! The JS-facing request objects of AliansPay (the unified fields and AliansPay's own, in camelCase) as typed
//! inputs: serde structs read from a JS object (wasm, serde-wasm-bindgen) or JSON (natively), unknown fields
//! refused with the field named; their TypeScript declarations are generated from them (tsify). The unified
//! `reference` is the idempotency key (`externalTransactionId`, which wins when both are given); AliansPay's own
//! body field `reference` (the phone number) comes from the unified `phone` (docs/providers/alianspay.md#request-fields).
//! Pure, tested natively.

use super::OperationRequest;
use crate::core::input::{owned, read_json, read_json_in, AmountInput, RefOr, Text};
use crate::core::{normalize_phone, Error};
use serde::Deserialize;
use serde_json::Value;
use tsify::Tsify;

/// The TypeScript declarations tsify cannot derive: the payment-method codes of the country table
/// (docs/providers/alianspay.md#tables; a test checks them against [`super::all_methods`]) and the argument of
/// `status`.
pub const TS_DECLARATIONS: &str = r#"
/** AliansPay's payment-method codes (case-sensitive: `TMoney`), docs/providers/alianspay.md#tables. */
export type AliansPayMethod = 'OM' | 'MOMO' | 'AP' | 'VISA_MASTERCARD' | 'WAVE' | 'TMoney' | 'MOOV';
/** What `AliansPay.status` takes: the externalTransactionId (the `reference` of collect/payout), or the object form. */
export type AliansPayStatusRequest = string | AliansPayStatusQuery;
"#;

/// A `collect` or `payout` request. `phone` (country code first) is sent as AliansPay's `reference`; the unified
/// `reference` is the idempotency key `externalTransactionId` (which wins when both are given), generated when
/// absent. Checked before sending against the country × method × currency table
/// (docs/providers/alianspay.md#tables).
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AliansPayRequest<'a> {
    /// A whole amount (XAF, XOF and GNF have no minor unit): a decimal string ("1500") or a number.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// XAF, XOF or GNF: the currency of the country.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// The payer's or payee's phone number, country code first (sent as AliansPay's `reference`, digits only;
    /// any form for cards).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub phone: Option<Text<'a>>,
    /// The idempotency key (`externalTransactionId`); generated when absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
    /// Where AliansPay posts the callback; none is sent without it.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub callback_url: Option<Text<'a>>,
    /// Sent as `description`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub description: Option<Text<'a>>,
    /// CM, SN, TG, TD or GN: only checked (the phone's country code must match), not sent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    /// The payment-method code (`moyenPayment`), as the country table writes it.
    #[tsify(type = "AliansPayMethod")]
    #[serde(borrow)]
    pub moyen_payment: Option<Text<'a>>,
    /// AliansPay's `externalTransactionId` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub external_transaction_id: Option<Text<'a>>,
}

/// The object form of a `status` request.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AliansPayStatusQuery {
    /// The `reference` of the collect or payout (its externalTransactionId).
    #[serde(default)]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// AliansPay's `externalTransactionId` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional)]
    pub external_transaction_id: Option<String>,
}

/// What `status` takes: the externalTransactionId, or the object form.
pub type StatusArg = RefOr<AliansPayStatusQuery>;

impl AliansPayRequest<'_> {
    /// The typed request, each rule broken reported with the field's name.
    pub fn into_request(self) -> Result<OperationRequest, Error> {
        let moyen_payment = self
            .moyen_payment
            .filter(|m| !m.0.trim().is_empty())
            .ok_or_else(|| {
                Error::validation(
                    "moyenPayment",
                    "is required: a payment-method code of AliansPay's table (OM, MOMO, AP, WAVE, VISA_MASTERCARD, TMoney, MOOV)",
                )
            })?;
        let phone_text = self
            .phone
            .filter(|p| !p.0.trim().is_empty())
            .ok_or_else(|| {
                Error::validation(
                    "phone",
                    "is required: the payer's or payee's phone number, country code first",
                )
            })?;
        // Cards may carry another kind of reference; phone numbers are normalised to digits.
        let phone = match normalize_phone("phone", phone_text.0) {
            Ok(p) => p,
            Err(_) if moyen_payment.0.trim() == "VISA_MASTERCARD" => {
                phone_text.0.trim().to_string()
            }
            Err(e) => return Err(e),
        };
        let currency = self
            .currency
            .ok_or_else(|| Error::validation("currency", "is required (XAF, XOF or GNF)"))?;
        let amount = match &self.amount {
            Some(a) => a.read("amount")?,
            None => return Err(Error::validation("amount", "is required")),
        };
        Ok(OperationRequest {
            moyen_payment: moyen_payment.0.trim().to_string(),
            amount,
            currency: currency.0.trim().to_string(),
            phone,
            external_transaction_id: owned(self.external_transaction_id.or(self.reference)),
            callback_url: owned(self.callback_url.filter(|u| !u.0.is_empty())),
            description: owned(self.description),
            country: owned(self.country),
        })
    }
}

impl AliansPayStatusQuery {
    /// The externalTransactionId asked about.
    pub fn into_external_id(self) -> Result<String, Error> {
        self.external_transaction_id
            .or(self.reference)
            .ok_or_else(|| {
                Error::validation(
                    "reference",
                    "is required: the externalTransactionId of the operation",
                )
            })
    }
}

/// The externalTransactionId of `status(arg)`.
pub fn status_request(arg: StatusArg) -> Result<String, Error> {
    match arg {
        RefOr::Reference(id) => Ok(id),
        RefOr::Query(q) => q.into_external_id(),
    }
}

/// A `collect` / `payout` request from a JSON object (native callers and tests).
pub fn operation_from_value(v: &Value) -> Result<OperationRequest, Error> {
    read_json_in::<AliansPayRequest>(v, "request")?.into_request()
}

/// The `externalTransactionId` of a status request from a reference string or `{ reference |
/// externalTransactionId }` in JSON (native callers and tests).
pub fn status_from_value(v: &Value) -> Result<String, Error> {
    status_request(read_json::<StatusArg>(v, "reference")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({"moyenPayment": "OM", "amount": 1500, "currency": "XAF", "phone": "+237 696 98 56 98"})
    }

    fn with(field: &str, v: Value) -> Value {
        let mut r = good();
        r[field] = v;
        r
    }

    #[test]
    fn unknown_fields_are_refused_with_their_name_and_the_allowed_ones() {
        let e = operation_from_value(&with("moyenPaiement", json!("OM"))).unwrap_err();
        assert_eq!(e.field(), Some("moyenPaiement"));
        assert!(
            e.to_string().contains(
                "allowed: amount, currency, phone, reference, callbackUrl, description, country, \
                 moyenPayment, externalTransactionId"
            ),
            "{e}"
        );
        let e = status_from_value(&json!({"reference": "e1", "ref": "e1"})).unwrap_err();
        assert_eq!(e.field(), Some("ref"));
        let allowed = e.to_string();
        let allowed = allowed.split("allowed: ").nth(1).unwrap_or_default();
        assert!(
            allowed.contains("reference") && allowed.contains("externalTransactionId"),
            "{e}"
        );
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        for (field, v) in [
            ("phone", json!(237696985698u64)),
            ("moyenPayment", json!(["OM"])),
            ("currency", json!({"code": "XAF"})),
            ("amount", json!(true)),
            ("externalTransactionId", json!(5)),
            ("callbackUrl", json!(false)),
        ] {
            let e = operation_from_value(&with(field, v)).unwrap_err();
            assert_eq!(e.code(), "validation_error", "{field}");
            assert_eq!(e.field(), Some(field), "{e}");
            // The strings are read as `Text` (borrowed from the tree), refused in the words of a `String`.
            if field != "amount" {
                assert!(e.to_string().contains("expected a string"), "{e}");
            }
        }
        for v in [json!(5), json!(true), json!([1])] {
            let e = status_from_value(&v).unwrap_err();
            assert_eq!(e.field(), Some("reference"), "{v}");
        }
        let e = status_from_value(&json!({"reference": 5})).unwrap_err();
        assert_eq!(e.field(), Some("reference"));
        assert_eq!(
            operation_from_value(&json!(null)).unwrap_err().field(),
            Some("request")
        );
        assert_eq!(
            operation_from_value(&json!("OM")).unwrap_err().field(),
            Some("request")
        );
    }

    #[test]
    fn missing_blank_and_null_fields_keep_their_rule() {
        for (field, rule) in [
            ("moyenPayment", "is required: a payment-method code"),
            ("phone", "is required: the payer's or payee's phone number"),
            ("currency", "is required (XAF, XOF or GNF)"),
            ("amount", "is required"),
        ] {
            let e = operation_from_value(&with(field, Value::Null)).unwrap_err();
            assert_eq!(e.field(), Some(field));
            assert!(e.to_string().contains(rule), "{e}");
            let mut r = good();
            r.as_object_mut().map(|o| o.remove(field));
            assert_eq!(operation_from_value(&r).unwrap_err().field(), Some(field));
        }
        for field in ["moyenPayment", "phone"] {
            let e = operation_from_value(&with(field, json!("  "))).unwrap_err();
            assert_eq!(e.field(), Some(field));
        }
        // A non-finite JS number arrives as {"$number": "NaN"} (core::input::input_value): named as such.
        let e = operation_from_value(&with("amount", json!({"$number": "NaN"}))).unwrap_err();
        assert_eq!(e.field(), Some("amount"));
        assert!(e.to_string().contains("NaN"), "{e}");
        let e = status_from_value(&json!({})).unwrap_err();
        assert_eq!(e.field(), Some("reference"));
        assert!(e.to_string().contains("externalTransactionId"), "{e}");
    }

    #[test]
    fn fields_land_where_the_body_wants_them() {
        let mut r = good();
        r["reference"] = json!("ref-1");
        r["externalTransactionId"] = json!("own-1");
        r["callbackUrl"] = json!("");
        r["description"] = json!("order 1");
        r["country"] = json!("CM");
        r["amount"] = json!("2000");
        r["moyenPayment"] = json!(" MOMO ");
        let o = operation_from_value(&r).unwrap();
        assert_eq!(o.moyen_payment, "MOMO");
        assert_eq!(o.phone, "237696985698");
        assert_eq!(o.amount.to_plain(), "2000");
        assert_eq!(o.currency, "XAF");
        assert_eq!(o.external_transaction_id.as_deref(), Some("own-1"));
        assert_eq!(
            o.callback_url, None,
            "an empty callbackUrl asks for no callback"
        );
        assert_eq!(o.description.as_deref(), Some("order 1"));
        assert_eq!(o.country.as_deref(), Some("CM"));
        // A card's reference need not be a phone number; a mobile method's must.
        let card = operation_from_value(&json!({"moyenPayment": "VISA_MASTERCARD", "amount": 10,
            "currency": "XAF", "phone": " card-holder-7 "}))
        .unwrap();
        assert_eq!(card.phone, "card-holder-7");
        let e = operation_from_value(&with("phone", json!("card-holder-7"))).unwrap_err();
        assert_eq!(e.field(), Some("phone"));
        assert_eq!(
            status_from_value(&json!({"reference": "r", "externalTransactionId": "x"})).unwrap(),
            "x"
        );
        assert_eq!(
            status_from_value(&json!({"externalTransactionId": "x"})).unwrap(),
            "x"
        );
    }

    #[test]
    fn the_declared_method_codes_are_the_tables() {
        let declared = TS_DECLARATIONS
            .lines()
            .find_map(|l| l.strip_prefix("export type AliansPayMethod = "))
            .expect("AliansPayMethod is declared");
        let codes: Vec<&str> = declared
            .trim_end_matches(';')
            .split('|')
            .map(|c| c.trim().trim_matches('\''))
            .collect();
        // docs/providers/alianspay.md#tables, in the table's order.
        assert_eq!(
            codes,
            [
                "OM",
                "MOMO",
                "AP",
                "VISA_MASTERCARD",
                "WAVE",
                "TMoney",
                "MOOV"
            ]
        );
        assert_eq!(codes, super::super::all_methods());
    }
}
