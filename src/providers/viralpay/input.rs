//! The JS-facing request objects (the unified fields and ViralPAY's own, in camelCase) as typed inputs: serde
//! structs read from a JS object (wasm, serde-wasm-bindgen) or JSON (natively), unknown fields refused with the
//! field named; their TypeScript declarations are generated from them (tsify). Where both a unified field and
//! ViralPAY's own are given, ViralPAY's wins (docs/providers/viralpay.md#request-fields). Pure, tested natively.

use super::{
    BankTransferRequest, MobileRequest, NotificationRequest, StatusQuery, TransactionsQuery,
};
use crate::core::input::{owned, read_json, read_json_in, AmountInput, IntInput, RefOr, Text};
use crate::core::{normalize_phone, Error};
use serde::Deserialize;
use serde_json::Value;
use tsify::Tsify;

/// A `collect` (payment) or `payout` (transfer) request: the unified payment fields, then ViralPAY's own, which
/// win where both are given. `reference` is the order_id. The payment and transfer bodies have no description
/// field: `description` is accepted and not sent (docs/providers/viralpay.md#request-fields).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViralPayPaymentRequest<'a> {
    /// A decimal string ("1500", "100.50") or a number exactly representable with two decimals.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// ISO 4217 (`"XOF"`).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// The customer's phone number (normalised to digits); `phoneNumber` and `number` win.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub phone: Option<Text<'a>>,
    /// The idempotency key (`order_id`); generated when absent. `orderId` wins.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
    /// Where ViralPAY sends the notification (`notify_url`); `notifyUrl` wins.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub callback_url: Option<Text<'a>>,
    /// Accepted and not sent: the payment and transfer bodies have no description field.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub description: Option<Text<'a>>,
    /// ISO 3166 alpha-2, sent in lower case (`"sn"`). Required.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    /// The mobile operator (`wave`, `mtn`, `orange`...).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub operator: Option<Text<'a>>,
    /// `merchant_key`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub merchant_key: Option<Text<'a>>,
    /// ViralPAY's `phone_number` (wins over `number` and `phone`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub phone_number: Option<Text<'a>>,
    /// The table's name of `phone_number` (wins over `phone`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub number: Option<Text<'a>>,
    /// ViralPAY's `order_id`, the idempotency key (wins over `reference`); generated when absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub order_id: Option<Text<'a>>,
    /// `reference_id`; the order id when absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference_id: Option<Text<'a>>,
    /// `lang`: `"en"` or `"fr"`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub lang: Option<Text<'a>>,
    /// `return_url`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub return_url: Option<Text<'a>>,
    /// `cancel_url`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub cancel_url: Option<Text<'a>>,
    /// ViralPAY's `notify_url` (wins over `callbackUrl`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub notify_url: Option<Text<'a>>,
}

/// A `bankTransfer` request (the "Virements" call, docs/providers/viralpay.md#request-fields).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViralPayBankTransferRequest<'a> {
    /// A decimal string ("1500", "100.50") or a number exactly representable with two decimals.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// The currency credited, ISO 4217 (`"XOF"`).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// ISO 3166 alpha-2, sent in lower case (`"sn"`).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    /// `account_bank`: the bank code (`"044"`).
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub account_bank: Option<Text<'a>>,
    /// `account_number`.
    #[tsify(type = "string")]
    #[serde(borrow)]
    pub account_number: Option<Text<'a>>,
    /// `narration` (wins over `description`); one of the two is required.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub narration: Option<Text<'a>>,
    /// The narration, when `narration` is absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub description: Option<Text<'a>>,
    /// `debit_currency`: the currency debited; defaults to `currency`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub debit_currency: Option<Text<'a>>,
    /// `operator`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub operator: Option<Text<'a>>,
    /// The order_id (idempotency key); generated when absent. `orderId` wins.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
    /// ViralPAY's `order_id` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub order_id: Option<Text<'a>>,
    /// Sent as the call's `reference`; the order id when absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub reference_id: Option<Text<'a>>,
    /// Sent as `notif_url` (wins over `notifyUrl` and `callbackUrl`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub notif_url: Option<Text<'a>>,
    /// The notification URL, when `notifUrl` is absent (wins over `callbackUrl`).
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub notify_url: Option<Text<'a>>,
    /// The notification URL, when `notifUrl` and `notifyUrl` are absent.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub callback_url: Option<Text<'a>>,
    /// `lang`: `"en"` or `"fr"`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub lang: Option<Text<'a>>,
    /// `return_url`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub return_url: Option<Text<'a>>,
    /// `cancel_url`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    #[serde(borrow)]
    pub cancel_url: Option<Text<'a>>,
}

/// The object form of a `status` request: at least one of the ids (docs/providers/viralpay.md#endpoints).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViralPayStatusQuery {
    /// The order id of the operation (`order_id`); `orderId` wins.
    #[serde(default)]
    #[tsify(optional)]
    pub reference: Option<String>,
    /// ViralPAY's `order_id` (wins over `reference`).
    #[serde(default)]
    #[tsify(optional)]
    pub order_id: Option<String>,
    /// ViralPAY's own id of the transaction (`transaction_id`).
    #[serde(default)]
    #[tsify(optional)]
    pub transaction_id: Option<String>,
    /// `reference_id`.
    #[serde(default)]
    #[tsify(optional)]
    pub reference_id: Option<String>,
}

/// What `status` takes: the order id, or the object form.
pub type StatusArg = RefOr<ViralPayStatusQuery>;

/// The `transactions` query (docs/providers/viralpay.md#endpoints).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViralPayTransactionsQuery {
    /// How many transactions (`size`, required): a whole number of at least 1.
    #[tsify(type = "number")]
    pub size: Option<IntInput>,
    /// `date_begin` (`"2024-01-31"`).
    #[serde(default)]
    #[tsify(optional)]
    pub date_begin: Option<String>,
    /// `date_end`.
    #[serde(default)]
    #[tsify(optional)]
    pub date_end: Option<String>,
}

/// The `notifications` request: which transaction's notification ViralPAY sends again
/// (docs/providers/viralpay.md#endpoints).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViralPayNotificationRequest {
    /// ViralPAY's id of the transaction (`transaction_id`, required).
    #[tsify(type = "string")]
    pub transaction_id: Option<String>,
    /// `order_id`.
    #[serde(default)]
    #[tsify(optional)]
    pub order_id: Option<String>,
}

/// `v` unless it is absent or blank, else the validation error `rule` about `field`.
fn required(v: Option<Text<'_>>, field: &str, rule: &str) -> Result<String, Error> {
    v.filter(|s| !s.0.trim().is_empty())
        .map(String::from)
        .ok_or_else(|| Error::validation(field, rule))
}

/// The amount, or "amount is required".
fn amount(a: &Option<AmountInput>) -> Result<crate::core::Amount, Error> {
    match a {
        Some(a) => a.read("amount"),
        None => Err(Error::validation("amount", "is required")),
    }
}

impl ViralPayPaymentRequest<'_> {
    /// The typed request, each rule broken reported with the field's name.
    pub fn into_request(self) -> Result<MobileRequest, Error> {
        let phone = required(
            self.phone_number.or(self.number).or(self.phone),
            "phone",
            "is required (or phoneNumber): the customer's phone number",
        )?;
        let amount = amount(&self.amount)?;
        let currency = required(
            self.currency,
            "currency",
            "is required (ISO 4217, e.g. \"XAF\")",
        )?;
        let country = required(
            self.country,
            "country",
            "is required (ISO 3166 alpha-2, e.g. \"cm\")",
        )?;
        Ok(MobileRequest {
            operator: owned(self.operator),
            merchant_key: owned(self.merchant_key),
            country: country.trim().to_string(),
            phone_number: normalize_phone("phone", &phone)?,
            currency: currency.trim().to_string(),
            order_id: owned(self.order_id.or(self.reference)),
            reference_id: owned(self.reference_id),
            amount,
            lang: owned(self.lang),
            return_url: owned(self.return_url),
            cancel_url: owned(self.cancel_url),
            notify_url: owned(self.notify_url.or(self.callback_url)),
        })
    }
}

impl ViralPayBankTransferRequest<'_> {
    /// The typed request (`debitCurrency` defaults to `currency`), each rule broken reported with the field's
    /// name.
    pub fn into_request(self) -> Result<BankTransferRequest, Error> {
        let amount = amount(&self.amount)?;
        let currency = required(
            self.currency,
            "currency",
            "is required (ISO 4217, e.g. \"XOF\")",
        )?;
        Ok(BankTransferRequest {
            account_bank: required(
                self.account_bank,
                "accountBank",
                "is required: the bank code",
            )?,
            account_number: required(self.account_number, "accountNumber", "is required")?,
            amount,
            narration: required(
                self.narration.or(self.description),
                "narration",
                "is required (or description)",
            )?,
            debit_currency: self
                .debit_currency
                .map_or(currency.as_str(), |d| d.0)
                .trim()
                .to_string(),
            currency: currency.trim().to_string(),
            operator: owned(self.operator),
            country: required(
                self.country,
                "country",
                "is required (ISO 3166 alpha-2, e.g. \"sn\")",
            )?
            .trim()
            .to_string(),
            order_id: owned(self.order_id.or(self.reference)),
            reference: owned(self.reference_id),
            notif_url: owned(self.notif_url.or(self.notify_url).or(self.callback_url)),
            lang: owned(self.lang),
            return_url: owned(self.return_url),
            cancel_url: owned(self.cancel_url),
        })
    }
}

impl ViralPayStatusQuery {
    /// The typed status query (the builder checks that one id is given).
    pub fn into_query(self) -> StatusQuery {
        StatusQuery {
            transaction_id: self.transaction_id,
            order_id: self.order_id.or(self.reference),
            reference_id: self.reference_id,
        }
    }
}

/// The typed status query of `status(arg)`: a string is the order id.
pub fn status_query(arg: StatusArg) -> StatusQuery {
    match arg {
        RefOr::Reference(order_id) => StatusQuery {
            order_id: Some(order_id),
            ..StatusQuery::default()
        },
        RefOr::Query(q) => q.into_query(),
    }
}

impl ViralPayTransactionsQuery {
    /// The typed query: `size` is required, a whole number of at least 1.
    pub fn into_query(self) -> Result<TransactionsQuery, Error> {
        let size = match self.size {
            None => {
                return Err(Error::validation(
                    "size",
                    "is required: how many transactions",
                ))
            }
            Some(IntInput(n)) => n.and_then(|x| u32::try_from(x).ok()),
        }
        .filter(|s| *s >= 1)
        .ok_or_else(|| Error::validation("size", "must be a whole number of at least 1"))?;
        Ok(TransactionsQuery {
            date_begin: self.date_begin,
            date_end: self.date_end,
            size,
        })
    }
}

impl ViralPayNotificationRequest {
    /// The typed request: `transactionId` is required.
    pub fn into_request(self) -> Result<NotificationRequest, Error> {
        Ok(NotificationRequest {
            transaction_id: required(
                self.transaction_id.as_deref().map(Text),
                "transactionId",
                "is required: ViralPAY's id of the transaction",
            )?,
            order_id: self.order_id,
        })
    }
}

/// A `collect` / `payout` request from a JSON object (native callers, tests and the fuzz target).
pub fn mobile_from_value(v: &Value) -> Result<MobileRequest, Error> {
    read_json_in::<ViralPayPaymentRequest>(v, "request")?.into_request()
}

/// A `bankTransfer` request from a JSON object.
pub fn bank_transfer_from_value(v: &Value) -> Result<BankTransferRequest, Error> {
    read_json_in::<ViralPayBankTransferRequest>(v, "request")?.into_request()
}

/// A status query from the reference string (the order id) or `{ reference | orderId, transactionId?,
/// referenceId? }` in JSON.
pub fn status_from_value(v: &Value) -> Result<StatusQuery, Error> {
    Ok(status_query(read_json::<StatusArg>(v, "reference")?))
}

/// A transactions query from `{ size, dateBegin?, dateEnd? }` in JSON.
pub fn transactions_from_value(v: &Value) -> Result<TransactionsQuery, Error> {
    read_json::<ViralPayTransactionsQuery>(v, "query")?.into_query()
}

/// A notifications request from `{ transactionId, orderId? }` in JSON.
pub fn notification_from_value(v: &Value) -> Result<NotificationRequest, Error> {
    read_json::<ViralPayNotificationRequest>(v, "request")?.into_request()
}
