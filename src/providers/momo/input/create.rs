//! The requests of MoMo's creating calls (docs/providers/momo.md#request-fields), one type per body shape of
//! MTN's: read with serde (unknown fields refused with the field named), mapped onto MTN's body (the unified
//! fields filling MTN's where the caller gave none) and checked against the operation's fields.

use super::super::{check_body, Kind};
use crate::core::input::{read_json_in, validation_of, AmountInput, IntInput, Text};
use crate::core::{normalize_phone, Error};
use serde::de;
use serde::Deserialize;
use serde_json::{Map, Value};
use tsify::Tsify;

/// MTN's Party: who pays or is paid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoParty {
    /// `MSISDN` (digits with the country code, no '+'), `EMAIL` or `PARTY_CODE` (a UUID).
    #[tsify(type = "MtnMomoPartyIdType")]
    pub party_id_type: String,
    /// The number, address or code.
    pub party_id: String,
}

impl From<MtnMomoParty> for Value {
    fn from(p: MtnMomoParty) -> Value {
        serde_json::json!({ "partyIdType": p.party_id_type, "partyId": p.party_id })
    }
}

/// MTN's CreatePayments (docs/providers/momo.md) `money` of a Partner Gateway payment; the unified `amount` and `currency` fill what is absent.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoMoney {
    /// A decimal string ("25.50") or a number exactly representable with two decimals; sent as a string.
    #[tsify(type = "AmountInput")]
    pub amount: Option<AmountInput>,
    /// ISO 4217 (`"EUR"` in the sandbox).
    #[tsify(type = "string")]
    pub currency: Option<String>,
}

/// Declares a creating call's request: MTN's own fields (given inside the braces), then the unified fields
/// every creating call takes but `amount` (which a pre-approval lacks, so each request declares it).
macro_rules! creating_request {
    ($(#[$meta:meta])* $name:ident { $($own:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            $($own)*
            /// ISO 4217 (`"EUR"` in the sandbox): MTN's currency field (a pre-approval's `payerCurrency`).
            #[tsify(optional)]
            pub currency: Option<String>,
            /// The customer's phone number: the MSISDN party (payer, payee, intended payer), or a payment's
            /// `customerReference`. MTN's own field wins.
            #[tsify(optional)]
            pub phone: Option<String>,
            /// The X-Reference-Id (a UUID v4): the operation's idempotency key and the id `status()` takes; made
            /// when absent.
            #[tsify(optional)]
            pub reference: Option<String>,
            /// The same as `reference` (wins over it).
            #[tsify(optional)]
            pub reference_id: Option<String>,
            /// The X-Callback-Url (on the API user's providerCallbackHost); else the client's `callbackUrl`.
            #[tsify(optional)]
            pub callback_url: Option<String>,
            /// Sent as the payer message, a payment's sender note or an invoice's description (at most 160
            /// characters). MTN's own field wins.
            #[tsify(optional)]
            pub description: Option<String>,
            /// ISO 3166 alpha-2; not sent (MTN's calls have no country field).
            #[tsify(optional)]
            pub country: Option<String>,
        }

    };
}

creating_request! {
    /// A request to pay (`collect`, `requestToPay`) or to withdraw (`requestToWithdraw`, `requestToWithdrawV2`):
    /// the payer pays. docs/providers/momo.md#collection.
    MtnMomoRequestToPay {
        /// A decimal string ("100", "100.50") or a number exactly representable with two decimals.
        #[tsify(type = "AmountInput")]
        pub amount: Option<AmountInput>,
        /// Your id of the operation.
        #[tsify(optional)]
        pub external_id: Option<String>,
        /// Who pays (else the MSISDN of `phone`).
        #[tsify(optional)]
        pub payer: Option<MtnMomoParty>,
        /// Shown in the payer's history (else `description`).
        #[tsify(optional)]
        pub payer_message: Option<String>,
        /// Shown in the payee's history.
        #[tsify(optional)]
        pub payee_note: Option<String>,
    }
}

creating_request! {
    /// A transfer (`payout`, `transfer`, `remittanceTransfer`) or a deposit (`deposit`, `depositV2`): the payee
    /// is paid. docs/providers/momo.md#disbursement.
    MtnMomoTransfer {
        /// A decimal string ("100", "100.50") or a number exactly representable with two decimals.
        #[tsify(type = "AmountInput")]
        pub amount: Option<AmountInput>,
        /// Your id of the operation.
        #[tsify(optional)]
        pub external_id: Option<String>,
        /// Who is paid (else the MSISDN of `phone`).
        #[tsify(optional)]
        pub payee: Option<MtnMomoParty>,
        /// Shown in the payer's history (else `description`).
        #[tsify(optional)]
        pub payer_message: Option<String>,
        /// Shown in the payee's history.
        #[tsify(optional)]
        pub payee_note: Option<String>,
    }
}

creating_request! {
    /// A refund of a collection (`refund`, `refundV2`). docs/providers/momo.md#disbursement.
    MtnMomoRefund {
        /// A decimal string ("100", "100.50") or a number exactly representable with two decimals.
        #[tsify(type = "AmountInput")]
        pub amount: Option<AmountInput>,
        /// The X-Reference-Id of the collection to refund.
        #[tsify(type = "string")]
        pub reference_id_to_refund: Option<String>,
        /// Your id of the operation.
        #[tsify(optional)]
        pub external_id: Option<String>,
        /// Shown in the payer's history (else `description`).
        #[tsify(optional)]
        pub payer_message: Option<String>,
        /// Shown in the payee's history.
        #[tsify(optional)]
        pub payee_note: Option<String>,
    }
}

creating_request! {
    /// MTN's CreatePayments (docs/providers/momo.md) Partner Gateway payment (`createPayment`, `POST /collection/v2_0/payment`): the unified
    /// `amount` and `currency` fill `money`, `phone` the `customerReference`, `description` the `senderNote`.
    MtnMomoPayment {
        /// The amount when `money` does not give it.
        #[tsify(optional, type = "AmountInput")]
        pub amount: Option<AmountInput>,
        /// Your id of the payment.
        #[tsify(optional)]
        pub external_transaction_id: Option<String>,
        /// The amount and currency.
        #[tsify(optional)]
        pub money: Option<MtnMomoMoney>,
        /// The customer's account or number at the service provider.
        #[tsify(optional)]
        pub customer_reference: Option<String>,
        /// The service provider (biller) paid.
        #[tsify(type = "string")]
        pub service_provider_user_name: Option<String>,
        /// A coupon.
        #[tsify(optional)]
        pub coupon_id: Option<String>,
        /// The product bought.
        #[tsify(optional)]
        pub product_id: Option<String>,
        /// The product offering bought.
        #[tsify(optional)]
        pub product_offering_id: Option<String>,
        /// Shown to the receiver.
        #[tsify(optional)]
        pub receiver_message: Option<String>,
        /// Shown to the sender (else `description`).
        #[tsify(optional)]
        pub sender_note: Option<String>,
        /// How many times MTN may retry.
        #[tsify(optional, type = "number")]
        pub max_number_of_retries: Option<IntInput>,
        /// Whether the sender pays the charges.
        #[tsify(optional)]
        pub include_sender_charges: Option<bool>,
    }
}

creating_request! {
    /// An invoice (`createInvoice`, `POST /collection/v2_0/invoice`).
    MtnMomoInvoice {
        /// A decimal string ("100", "100.50") or a number exactly representable with two decimals.
        #[tsify(type = "AmountInput")]
        pub amount: Option<AmountInput>,
        /// Your id of the invoice.
        #[tsify(optional)]
        pub external_id: Option<String>,
        /// Whole seconds; sent as a string ("3600"), as MTN's CreateInvoice definition types it.
        #[tsify(type = "number | string")]
        pub validity_duration: Option<IntInput>,
        /// Who is asked to pay (else the MSISDN of `phone`).
        #[tsify(optional)]
        pub intended_payer: Option<MtnMomoParty>,
        /// Who is paid.
        #[tsify(optional)]
        pub payee: Option<MtnMomoParty>,
    }
}

creating_request! {
    /// A pre-approval (`preApproval`, `POST /collection/v2_0/preapproval`): no amount; the unified `currency`
    /// fills `payerCurrency`.
    MtnMomoPreApproval {
        /// Who approves (else the MSISDN of `phone`).
        #[tsify(optional)]
        pub payer: Option<MtnMomoParty>,
        /// ISO 4217 (else `currency`).
        #[tsify(optional)]
        pub payer_currency: Option<String>,
        /// Shown in the payer's history (else `description`).
        #[tsify(optional)]
        pub payer_message: Option<String>,
        /// Whole seconds; sent as a number.
        #[tsify(type = "number | string")]
        pub validity_time: Option<IntInput>,
    }
}

creating_request! {
    /// A Remittance cash transfer (`cashTransfer`, `POST /remittance/v2_0/cashtransfer`).
    MtnMomoCashTransfer {
        /// A decimal string ("100", "100.50") or a number exactly representable with two decimals.
        #[tsify(type = "AmountInput")]
        pub amount: Option<AmountInput>,
        /// Who is paid (else the MSISDN of `phone`).
        #[tsify(optional)]
        pub payee: Option<MtnMomoParty>,
        /// Your id of the operation.
        #[tsify(optional)]
        pub external_id: Option<String>,
        /// MTN's field name (sic); sent as written.
        #[tsify(optional)]
        pub orginating_country: Option<String>,
        /// The same field under its dictionary spelling: sent as `orginatingCountry` (give one of the two).
        #[tsify(optional)]
        pub originating_country: Option<String>,
        /// The amount in the sender's currency; sent as a string.
        #[tsify(optional, type = "AmountInput")]
        pub original_amount: Option<AmountInput>,
        /// The sender's currency (ISO 4217; not limited to EUR in the sandbox).
        #[tsify(optional)]
        pub original_currency: Option<String>,
        /// Shown in the payer's history (else `description`).
        #[tsify(optional)]
        pub payer_message: Option<String>,
        /// Shown in the payee's history.
        #[tsify(optional)]
        pub payee_note: Option<String>,
        /// The sender's identity document type.
        #[tsify(optional, type = "MtnMomoPayerIdentificationType")]
        pub payer_identification_type: Option<String>,
        /// The document's number.
        #[tsify(optional)]
        pub payer_identification_number: Option<String>,
        /// The sender's identity.
        #[tsify(optional)]
        pub payer_identity: Option<String>,
        /// The sender's first name.
        #[tsify(optional)]
        pub payer_first_name: Option<String>,
        /// The sender's surname (MTN's spelling).
        #[tsify(optional)]
        pub payer_sur_name: Option<String>,
        /// The sender's language.
        #[tsify(optional)]
        pub payer_language_code: Option<String>,
        /// The sender's e-mail address.
        #[tsify(optional)]
        pub payer_email: Option<String>,
        /// The sender's number.
        #[tsify(optional)]
        pub payer_msisdn: Option<String>,
        /// The sender's gender.
        #[tsify(optional)]
        pub payer_gender: Option<String>,
    }
}

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

/// The unified fields of a creating request, taken out of it.
struct Unified {
    amount: Option<AmountInput>,
    currency: Option<String>,
    phone: Option<String>,
    description: Option<String>,
    reference_id: Option<String>,
    callback_url: Option<String>,
}

/// The fields of a creating request type in its declaration order (serde's order): its own, then the unified
/// ones every creating call takes.
macro_rules! fields_of {
    ($($own:literal),*) => {
        &[$($own,)* "currency", "phone", "reference", "referenceId", "callbackUrl", "description", "country"]
    };
}

/// The fields of [`MtnMomoRequestToPay`] (each list is checked against its type by the tests).
const REQUEST_TO_PAY_FIELDS: &[&str] =
    fields_of!("amount", "externalId", "payer", "payerMessage", "payeeNote");
/// The fields of [`MtnMomoTransfer`].
const TRANSFER_FIELDS: &[&str] =
    fields_of!("amount", "externalId", "payee", "payerMessage", "payeeNote");
/// The fields of [`MtnMomoRefund`].
const REFUND_FIELDS: &[&str] = fields_of!(
    "amount",
    "referenceIdToRefund",
    "externalId",
    "payerMessage",
    "payeeNote"
);
/// The fields of [`MtnMomoPayment`].
const PAYMENT_FIELDS: &[&str] = fields_of!(
    "amount",
    "externalTransactionId",
    "money",
    "customerReference",
    "serviceProviderUserName",
    "couponId",
    "productId",
    "productOfferingId",
    "receiverMessage",
    "senderNote",
    "maxNumberOfRetries",
    "includeSenderCharges"
);
/// The fields of [`MtnMomoInvoice`].
const INVOICE_FIELDS: &[&str] = fields_of!(
    "amount",
    "externalId",
    "validityDuration",
    "intendedPayer",
    "payee"
);
/// The fields of [`MtnMomoPreApproval`].
const PREAPPROVAL_FIELDS: &[&str] =
    fields_of!("payer", "payerCurrency", "payerMessage", "validityTime");
/// The fields of [`MtnMomoCashTransfer`].
const CASH_TRANSFER_FIELDS: &[&str] = fields_of!(
    "amount",
    "payee",
    "externalId",
    "orginatingCountry",
    "originatingCountry",
    "originalAmount",
    "originalCurrency",
    "payerMessage",
    "payeeNote",
    "payerIdentificationType",
    "payerIdentificationNumber",
    "payerIdentity",
    "payerFirstName",
    "payerSurName",
    "payerLanguageCode",
    "payerEmail",
    "payerMsisdn",
    "payerGender"
);

/// The fields the request type of `kind` declares ([`MtnMomoRequestToPay`] for a request to pay...).
fn request_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::RequestToPay | Kind::RequestToWithdraw | Kind::RequestToWithdrawV2 => {
            REQUEST_TO_PAY_FIELDS
        }
        Kind::Transfer | Kind::Deposit | Kind::DepositV2 | Kind::RemittanceTransfer => {
            TRANSFER_FIELDS
        }
        Kind::Refund | Kind::RefundV2 => REFUND_FIELDS,
        Kind::Payment => PAYMENT_FIELDS,
        Kind::Invoice => INVOICE_FIELDS,
        Kind::PreApproval => PREAPPROVAL_FIELDS,
        Kind::CashTransfer => CASH_TRANSFER_FIELDS,
    }
}

/// Every field of the seven request types, each of the type it has there, under one type: serde's reader is
/// compiled once, not once per request type (seven derived readers were 43 KB of MoMo's wasm, bench/README.md).
/// [`read_fields`] first refuses a field the kind's own request type does not declare, as that type would.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreatingFields<'a> {
    amount: Option<AmountInput>,
    #[serde(borrow)]
    currency: Option<Text<'a>>,
    #[serde(borrow)]
    phone: Option<Text<'a>>,
    #[serde(borrow)]
    reference: Option<Text<'a>>,
    #[serde(borrow)]
    reference_id: Option<Text<'a>>,
    #[serde(borrow)]
    callback_url: Option<Text<'a>>,
    #[serde(borrow)]
    description: Option<Text<'a>>,
    /// Read (a string) and not sent: MTN's calls have no country field.
    #[allow(dead_code)]
    #[serde(borrow)]
    country: Option<Text<'a>>,
    #[serde(borrow)]
    external_id: Option<Text<'a>>,
    payer: Option<MtnMomoParty>,
    payee: Option<MtnMomoParty>,
    intended_payer: Option<MtnMomoParty>,
    #[serde(borrow)]
    payer_message: Option<Text<'a>>,
    #[serde(borrow)]
    payee_note: Option<Text<'a>>,
    #[serde(borrow)]
    reference_id_to_refund: Option<Text<'a>>,
    #[serde(borrow)]
    external_transaction_id: Option<Text<'a>>,
    money: Option<MtnMomoMoney>,
    #[serde(borrow)]
    customer_reference: Option<Text<'a>>,
    #[serde(borrow)]
    service_provider_user_name: Option<Text<'a>>,
    #[serde(borrow)]
    coupon_id: Option<Text<'a>>,
    #[serde(borrow)]
    product_id: Option<Text<'a>>,
    #[serde(borrow)]
    product_offering_id: Option<Text<'a>>,
    #[serde(borrow)]
    receiver_message: Option<Text<'a>>,
    #[serde(borrow)]
    sender_note: Option<Text<'a>>,
    max_number_of_retries: Option<IntInput>,
    include_sender_charges: Option<bool>,
    validity_duration: Option<IntInput>,
    #[serde(borrow)]
    payer_currency: Option<Text<'a>>,
    validity_time: Option<IntInput>,
    #[serde(borrow)]
    orginating_country: Option<Text<'a>>,
    #[serde(borrow)]
    originating_country: Option<Text<'a>>,
    original_amount: Option<AmountInput>,
    #[serde(borrow)]
    original_currency: Option<Text<'a>>,
    #[serde(borrow)]
    payer_identification_type: Option<Text<'a>>,
    #[serde(borrow)]
    payer_identification_number: Option<Text<'a>>,
    #[serde(borrow)]
    payer_identity: Option<Text<'a>>,
    #[serde(borrow)]
    payer_first_name: Option<Text<'a>>,
    #[serde(borrow)]
    payer_sur_name: Option<Text<'a>>,
    #[serde(borrow)]
    payer_language_code: Option<Text<'a>>,
    #[serde(borrow)]
    payer_email: Option<Text<'a>>,
    #[serde(borrow)]
    payer_msisdn: Option<Text<'a>>,
    #[serde(borrow)]
    payer_gender: Option<Text<'a>>,
}

/// Reads the request object `v` of `kind` as its request type reads it: the fields in order, the first field
/// that type does not declare refused with its list (`is not a field of this call (allowed: ...)`), unless a
/// field before it is refused first.
fn read_fields(kind: Kind, v: &Value) -> Result<CreatingFields<'_>, Error> {
    let allowed = request_fields(kind);
    let unknown = v.as_object().and_then(|o| {
        o.keys()
            .position(|k| !allowed.contains(&k.as_str()))
            .map(|i| (o, i))
    });
    let Some((object, at)) = unknown else {
        return read_json_in::<CreatingFields>(v, "request");
    };
    let before: Map<String, Value> = object
        .iter()
        .take(at)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    read_json_in::<CreatingFields>(&Value::Object(before), "request")?;
    let key = object.keys().nth(at).map_or("", String::as_str);
    let e = <serde_json::Error as de::Error>::unknown_field(key, allowed);
    Err(validation_of("request", key, &e.to_string()))
}

/// A string of the tree, copied out.
fn owned(t: Option<Text<'_>>) -> Option<String> {
    t.map(String::from)
}

/// Inserts `name: v` when `v` is given.
fn put(body: &mut Map<String, Value>, name: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        body.insert(name.to_string(), v.into());
    }
}

impl CreatingFields<'_> {
    /// The body of `kind` (not yet checked) and the unified fields left. Only the fields of the kind's request
    /// type can be given ([`read_fields`]): each of MTN's fields is put as given.
    fn into_body(self, kind: Kind) -> Result<(Map<String, Value>, Unified), Error> {
        if kind == Kind::Payment {
            return self.into_payment_body();
        }
        let f = self;
        let mut u = Unified {
            amount: f.amount,
            currency: owned(f.currency),
            phone: owned(f.phone),
            description: owned(f.description),
            reference_id: owned(f.reference_id.or(f.reference)),
            callback_url: owned(f.callback_url),
        };
        // MTN's CashTransfer definition spells `orginatingCountry` (sic) and reads nothing else.
        let country = match (f.orginating_country, f.originating_country) {
            (Some(mine), Some(other)) if mine != other => {
                return Err(Error::validation(
                    "originatingCountry",
                    "and orginatingCountry are one field (MTN spells it orginatingCountry): give one of them",
                ))
            }
            (mine, other) => mine.or(other),
        };
        let mut body = Map::new();
        put(&mut body, "externalId", f.external_id);
        put(&mut body, "payer", f.payer);
        put(&mut body, "payee", f.payee);
        put(&mut body, "intendedPayer", f.intended_payer);
        put(&mut body, "payerCurrency", f.payer_currency);
        put(&mut body, "payerMessage", f.payer_message);
        put(&mut body, "payeeNote", f.payee_note);
        put(&mut body, "referenceIdToRefund", f.reference_id_to_refund);
        put(&mut body, "orginatingCountry", country);
        if let Some(a) = &f.original_amount {
            body.insert("originalAmount".into(), amount_text("originalAmount", a)?);
        }
        put(&mut body, "originalCurrency", f.original_currency);
        put(
            &mut body,
            "payerIdentificationType",
            f.payer_identification_type,
        );
        put(
            &mut body,
            "payerIdentificationNumber",
            f.payer_identification_number,
        );
        put(&mut body, "payerIdentity", f.payer_identity);
        put(&mut body, "payerFirstName", f.payer_first_name);
        put(&mut body, "payerSurName", f.payer_sur_name);
        put(&mut body, "payerLanguageCode", f.payer_language_code);
        put(&mut body, "payerEmail", f.payer_email);
        put(&mut body, "payerMsisdn", f.payer_msisdn);
        put(&mut body, "payerGender", f.payer_gender);
        // MTN's CreateInvoice types `validityDuration` as a string (docs/providers/momo.md).
        if let Some(d) = f.validity_duration {
            let n = whole(d, "validityDuration", "must be a whole number of seconds")?;
            body.insert("validityDuration".into(), Value::String(n.to_string()));
        }
        // MTN's PreApproval types `validityTime` as an integer.
        if let Some(t) = f.validity_time {
            let n = whole(t, "validityTime", "must be a whole number of seconds")?;
            body.insert("validityTime".into(), Value::from(n));
        }
        fill_unified(kind, &mut body, &mut u)?;
        Ok((body, u))
    }

    /// MTN's CreatePayments (docs/providers/momo.md) payment: the unified amount and currency fill `money`,
    /// `phone` the `customerReference`, `description` the `senderNote` (MTN's own fields win).
    fn into_payment_body(self) -> Result<(Map<String, Value>, Unified), Error> {
        let f = self;
        let mut u = Unified {
            amount: None,
            currency: owned(f.currency),
            phone: owned(f.phone),
            description: owned(f.description),
            reference_id: owned(f.reference_id.or(f.reference)),
            callback_url: owned(f.callback_url),
        };
        let (amount, currency) = match f.money {
            Some(m) => (m.amount, m.currency),
            None => (None, None),
        };
        let mut money = Map::new();
        if let Some(a) = amount.or(f.amount) {
            money.insert("amount".into(), amount_text("money.amount", &a)?);
        }
        put(&mut money, "currency", currency.or(u.currency.take()));
        let mut body = Map::new();
        put(
            &mut body,
            "externalTransactionId",
            f.external_transaction_id,
        );
        if !money.is_empty() {
            body.insert("money".into(), Value::Object(money));
        }
        put(
            &mut body,
            "customerReference",
            owned(f.customer_reference).or(u.phone.take()),
        );
        put(
            &mut body,
            "serviceProviderUserName",
            f.service_provider_user_name,
        );
        put(&mut body, "couponId", f.coupon_id);
        put(&mut body, "productId", f.product_id);
        put(&mut body, "productOfferingId", f.product_offering_id);
        put(&mut body, "receiverMessage", f.receiver_message);
        put(
            &mut body,
            "senderNote",
            owned(f.sender_note).or(u.description.take()),
        );
        if let Some(n) = f.max_number_of_retries {
            let n = whole(n, "maxNumberOfRetries", "must be a whole number ≥ 0")?;
            body.insert("maxNumberOfRetries".into(), Value::from(n));
        }
        put(&mut body, "includeSenderCharges", f.include_sender_charges);
        Ok((body, u))
    }
}

/// A whole number given as a number or a numeric string, or `rule` broken at `field`.
fn whole(n: IntInput, field: &str, rule: &str) -> Result<u64, Error> {
    n.0.ok_or_else(|| Error::validation(field, rule))
}

/// An amount as the string MTN takes (`"100"`, `"100.5"`): the caller's string as written (it parsed as a
/// decimal with at most two decimals), or the number's decimal form; zero is refused.
fn amount_text(field: &str, a: &AmountInput) -> Result<Value, Error> {
    if a.read(field)?.is_zero() {
        return Err(Error::validation(field, "must be greater than zero"));
    }
    Ok(Value::String(a.text(field)?))
}

/// Every operation but the payment: the unified amount as MTN's string, the currency field, the party from
/// `phone`, the note from `description` (MTN's own fields win over the last three).
fn fill_unified(kind: Kind, body: &mut Map<String, Value>, u: &mut Unified) -> Result<(), Error> {
    if let Some(a) = u.amount.take() {
        body.insert("amount".into(), amount_text("amount", &a)?);
    }
    let cur_field = kind.currency_field();
    if let (false, Some(c)) = (body.contains_key(cur_field), u.currency.take()) {
        body.insert(cur_field.into(), Value::String(c));
    }
    if let Some(party) = kind.party_field() {
        if let (false, Some(p)) = (body.contains_key(party), u.phone.take()) {
            let msisdn = normalize_phone("phone", &p)?;
            body.insert(
                party.into(),
                serde_json::json!({ "partyIdType": "MSISDN", "partyId": msisdn }),
            );
        }
    }
    let note_field = match kind {
        Kind::Invoice => "description",
        _ => "payerMessage",
    };
    if let (false, Some(d)) = (body.contains_key(note_field), u.description.take()) {
        body.insert(note_field.into(), Value::String(d));
    }
    Ok(())
}

/// Reads a creating request of `kind` from a JS object (as JSON): MTN's own fields (which win) and the unified
/// ones (`amount`, `currency`, `phone` → the MSISDN party or the payment's `customerReference`, `description` →
/// the payer message / sender note / invoice description, `reference` → X-Reference-Id, `callbackUrl`), read
/// as the request type of the kind ([`MtnMomoRequestToPay`] for a request to pay or a withdrawal...), unknown
/// fields refused with the field named.
pub fn create_from_value(
    kind: Kind,
    v: &Value,
    target_environment: &str,
) -> Result<CreateInput, Error> {
    // serde reads a struct from an array too, field by field in order: a request is an object.
    if v.is_array() {
        return Err(Error::validation("request", "must be an object"));
    }
    let (body, u) = read_fields(kind, v)?.into_body(kind)?;
    Ok(CreateInput {
        reference_id: u.reference_id,
        callback_url: u.callback_url,
        body: check_body(kind, &body, target_environment)?,
    })
}
