//! MTN MoMo Open API (PROVIDERS.md §2; seed 004 is the Partner Gateway `POST /collection/v2_0/payment`).
//!
//! Three products (Collection, Disbursement, Remittance), each with its own subscription key and its own
//! OAuth-like token (`POST /{product}/token/`), plus the sandbox provisioning calls. Every creating call takes
//! an `X-Reference-Id` (UUID v4) chosen by the caller: it is the operation's idempotency key (a second POST with
//! it answers `409 RESOURCE_ALREADY_EXIST` and creates nothing) and the id its status is read by.
//!
//! Builders and parsers here are pure: the token, the reference id and the callback URL come in as arguments.

pub mod input;

use crate::client::token::CachedToken;
use crate::core::error::ProviderDetail;
use crate::core::{
    Amount, Balance, Callback, Error, HttpRequest, HttpResponse, Method, Provider, Reason, Secret,
    Status, Transaction,
};
use crate::crypto::is_uuid_v4;
use serde_json::{Map, Value};

/// MTN's sandbox host (PROVIDERS.md §2).
pub const SANDBOX_BASE_URL: &str = "https://sandbox.momodeveloper.mtn.com";
/// MTN's production host (seed 004's code samples: `https://proxy.momoapi.mtn.com`).
pub const PRODUCTION_BASE_URL: &str = "https://proxy.momoapi.mtn.com";

/// The documented `X-Target-Environment` values (PROVIDERS.md §2).
pub const TARGET_ENVIRONMENTS: &[&str] = &[
    "sandbox",
    "mtncameroon",
    "mtnivorycoast",
    "mtnuganda",
    "mtnghana",
    "mtnzambia",
    "mtnbenin",
    "mtncongo",
    "mtnswaziland",
    "mtnguineaconakry",
    "mtnsouthafrica",
    "mtnliberia",
    "mtnsouthsudan",
    "mtnnigeria",
    "mtnrwanda",
];

/// The currency of MTN's sandbox environment (PROVIDERS.md §2: "Sandbox: currency `EUR`").
pub const SANDBOX_CURRENCY: &str = "EUR";

/// The longest `payerMessage` / `payeeNote` / `receiverMessage` / `senderNote` / `description` /
/// `notificationMessage` MTN accepts (PROVIDERS.md §2 "Errors: 400 ... note/message > 160 chars").
pub const MAX_NOTE_CHARS: usize = 160;

/// A MoMo product: each has its own subscription key, token endpoint and paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    /// Collection: request to pay, withdrawals, Partner Gateway payments, invoices, pre-approvals.
    Collection,
    /// Disbursement: transfers, deposits, refunds.
    Disbursement,
    /// Remittance: transfers, cash transfers.
    Remittance,
}

impl Product {
    /// The path segment and JS name (`"collection"`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Product::Collection => "collection",
            Product::Disbursement => "disbursement",
            Product::Remittance => "remittance",
        }
    }

    /// Reads a JS product name.
    pub fn parse(field: &str, s: &str) -> Result<Product, Error> {
        match s {
            "collection" => Ok(Product::Collection),
            "disbursement" => Ok(Product::Disbursement),
            "remittance" => Ok(Product::Remittance),
            _ => Err(Error::validation(
                field,
                "must be \"collection\", \"disbursement\" or \"remittance\"",
            )),
        }
    }

    /// All three, in order.
    pub const ALL: [Product; 3] = [
        Product::Collection,
        Product::Disbursement,
        Product::Remittance,
    ];
}

/// A creating operation of PROVIDERS.md §2: its product, API version and resource name, and what status it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `POST /collection/v1_0/requesttopay` (payer pays).
    RequestToPay,
    /// `POST /collection/v1_0/requesttowithdraw`.
    RequestToWithdraw,
    /// `POST /collection/v2_0/requesttowithdraw`.
    RequestToWithdrawV2,
    /// `POST /collection/v2_0/payment` (seed 004, Partner Gateway CreatePayments).
    Payment,
    /// `POST /collection/v2_0/invoice`.
    Invoice,
    /// `POST /collection/v2_0/preapproval`.
    PreApproval,
    /// `POST /disbursement/v1_0/transfer` (the unified payout).
    Transfer,
    /// `POST /disbursement/v1_0/deposit`.
    Deposit,
    /// `POST /disbursement/v2_0/deposit`.
    DepositV2,
    /// `POST /disbursement/v1_0/refund`.
    Refund,
    /// `POST /disbursement/v2_0/refund`.
    RefundV2,
    /// `POST /remittance/v1_0/transfer`.
    RemittanceTransfer,
    /// `POST /remittance/v2_0/cashtransfer`.
    CashTransfer,
}

/// How a field of a creating body is checked (PROVIDERS.md §2 and js/sandbox/docs/momo.md "Validation").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldType {
    /// A positive decimal sent as a string.
    Amount,
    /// An ISO 4217 code (EUR in the sandbox).
    Currency,
    /// An ISO 4217 code of another country's money (a cash transfer's `originalCurrency`): not the
    /// environment's, so not limited to EUR in the sandbox.
    ForeignCurrency,
    /// A free string.
    Text,
    /// A message shown in transaction histories: at most 160 characters.
    Note,
    /// `{partyIdType, partyId}`.
    Party,
    /// A UUID (refund's `referenceIdToRefund`).
    Uuid,
    /// `{amount, currency}` (seed 004's `money`).
    Money,
    /// A whole number ≥ 0.
    Count,
    /// true / false.
    Bool,
}

use FieldType as F;

/// (name, type, required), in the order sent.
type FieldSpec = (&'static str, FieldType, bool);

const DEBIT_FIELDS: &[FieldSpec] = &[
    ("amount", F::Amount, true),
    ("currency", F::Currency, true),
    ("externalId", F::Text, false),
    ("payer", F::Party, true),
    ("payerMessage", F::Note, false),
    ("payeeNote", F::Note, false),
];

const CREDIT_FIELDS: &[FieldSpec] = &[
    ("amount", F::Amount, true),
    ("currency", F::Currency, true),
    ("externalId", F::Text, false),
    ("payee", F::Party, true),
    ("payerMessage", F::Note, false),
    ("payeeNote", F::Note, false),
];

const REFUND_FIELDS: &[FieldSpec] = &[
    ("amount", F::Amount, true),
    ("currency", F::Currency, true),
    ("externalId", F::Text, false),
    ("payerMessage", F::Note, false),
    ("payeeNote", F::Note, false),
    ("referenceIdToRefund", F::Uuid, true),
];

/// Seed 004's CreatePayments body, in the seed's order.
const PAYMENT_FIELDS: &[FieldSpec] = &[
    ("externalTransactionId", F::Text, false),
    ("money", F::Money, true),
    ("customerReference", F::Text, true),
    ("serviceProviderUserName", F::Text, true),
    ("couponId", F::Text, false),
    ("productId", F::Text, false),
    ("productOfferingId", F::Text, false),
    ("receiverMessage", F::Note, false),
    ("senderNote", F::Note, false),
    ("maxNumberOfRetries", F::Count, false),
    ("includeSenderCharges", F::Bool, false),
];

const INVOICE_FIELDS: &[FieldSpec] = &[
    ("externalId", F::Text, false),
    ("amount", F::Amount, true),
    ("currency", F::Currency, true),
    ("validityDuration", F::Count, true),
    ("intendedPayer", F::Party, true),
    ("payee", F::Party, false),
    ("description", F::Note, false),
];

const PREAPPROVAL_FIELDS: &[FieldSpec] = &[
    ("payer", F::Party, true),
    ("payerCurrency", F::Currency, true),
    ("payerMessage", F::Note, false),
    ("validityTime", F::Count, true),
];

const CASH_TRANSFER_FIELDS: &[FieldSpec] = &[
    ("amount", F::Amount, true),
    ("currency", F::Currency, true),
    ("payee", F::Party, true),
    ("externalId", F::Text, false),
    ("originatingCountry", F::Text, false),
    ("originalAmount", F::Amount, false),
    ("originalCurrency", F::ForeignCurrency, false),
    ("payerMessage", F::Note, false),
    ("payeeNote", F::Note, false),
    ("payerIdentificationType", F::Text, false),
    ("payerIdentificationNumber", F::Text, false),
    ("payerIdentity", F::Text, false),
    ("payerFirstName", F::Text, false),
    ("payerSurName", F::Text, false),
    ("payerLanguageCode", F::Text, false),
    ("payerEmail", F::Text, false),
    ("payerMsisdn", F::Text, false),
    ("payerGender", F::Text, false),
];

impl Kind {
    /// Every kind, for tables and tests.
    pub const ALL: [Kind; 13] = [
        Kind::RequestToPay,
        Kind::RequestToWithdraw,
        Kind::RequestToWithdrawV2,
        Kind::Payment,
        Kind::Invoice,
        Kind::PreApproval,
        Kind::Transfer,
        Kind::Deposit,
        Kind::DepositV2,
        Kind::Refund,
        Kind::RefundV2,
        Kind::RemittanceTransfer,
        Kind::CashTransfer,
    ];

    /// The JS name `status({ reference, kind })` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::RequestToPay => "requesttopay",
            Kind::RequestToWithdraw => "requesttowithdraw",
            Kind::RequestToWithdrawV2 => "requesttowithdrawV2",
            Kind::Payment => "payment",
            Kind::Invoice => "invoice",
            Kind::PreApproval => "preapproval",
            Kind::Transfer => "transfer",
            Kind::Deposit => "deposit",
            Kind::DepositV2 => "depositV2",
            Kind::Refund => "refund",
            Kind::RefundV2 => "refundV2",
            Kind::RemittanceTransfer => "remittanceTransfer",
            Kind::CashTransfer => "cashTransfer",
        }
    }

    /// Reads a JS kind name.
    pub fn parse(field: &str, s: &str) -> Result<Kind, Error> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                Error::validation(field, format!("must be one of {}", names.join(", ")))
            })
    }

    /// The product the operation belongs to.
    pub fn product(self) -> Product {
        match self {
            Kind::RequestToPay
            | Kind::RequestToWithdraw
            | Kind::RequestToWithdrawV2
            | Kind::Payment
            | Kind::Invoice
            | Kind::PreApproval => Product::Collection,
            Kind::Transfer | Kind::Deposit | Kind::DepositV2 | Kind::Refund | Kind::RefundV2 => {
                Product::Disbursement
            }
            Kind::RemittanceTransfer | Kind::CashTransfer => Product::Remittance,
        }
    }

    /// The API version segment (`v1_0` / `v2_0`).
    pub fn version(self) -> &'static str {
        match self {
            Kind::RequestToPay
            | Kind::RequestToWithdraw
            | Kind::Transfer
            | Kind::Deposit
            | Kind::Refund
            | Kind::RemittanceTransfer => "v1_0",
            _ => "v2_0",
        }
    }

    /// MTN's resource name.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::RequestToPay => "requesttopay",
            Kind::RequestToWithdraw | Kind::RequestToWithdrawV2 => "requesttowithdraw",
            Kind::Payment => "payment",
            Kind::Invoice => "invoice",
            Kind::PreApproval => "preapproval",
            Kind::Transfer | Kind::RemittanceTransfer => "transfer",
            Kind::Deposit | Kind::DepositV2 => "deposit",
            Kind::Refund | Kind::RefundV2 => "refund",
            Kind::CashTransfer => "cashtransfer",
        }
    }

    /// `/{product}/{version}/{resource}`.
    pub fn path(self) -> String {
        format!(
            "/{}/{}/{}",
            self.product().as_str(),
            self.version(),
            self.resource()
        )
    }

    fn fields(self) -> &'static [FieldSpec] {
        match self {
            Kind::RequestToPay | Kind::RequestToWithdraw | Kind::RequestToWithdrawV2 => {
                DEBIT_FIELDS
            }
            Kind::Transfer | Kind::Deposit | Kind::DepositV2 | Kind::RemittanceTransfer => {
                CREDIT_FIELDS
            }
            Kind::Refund | Kind::RefundV2 => REFUND_FIELDS,
            Kind::Payment => PAYMENT_FIELDS,
            Kind::Invoice => INVOICE_FIELDS,
            Kind::PreApproval => PREAPPROVAL_FIELDS,
            Kind::CashTransfer => CASH_TRANSFER_FIELDS,
        }
    }

    /// The body fields this operation accepts, in the order sent.
    pub fn field_names(self) -> Vec<&'static str> {
        self.fields().iter().map(|(n, _, _)| *n).collect()
    }

    /// The party field (`payer`/`payee`/`intendedPayer`) the unified `phone` fills, if any.
    pub fn party_field(self) -> Option<&'static str> {
        self.fields()
            .iter()
            .find(|(_, t, _)| *t == F::Party)
            .map(|(n, _, _)| *n)
    }

    /// The currency field the unified `currency` fills.
    fn currency_field(self) -> &'static str {
        match self {
            Kind::PreApproval => "payerCurrency",
            _ => "currency",
        }
    }
}

/// One subscription key per product (PROVIDERS.md §2: "one key per product").
#[derive(Debug, Clone, Default)]
pub struct SubscriptionKeys {
    /// Collection's key.
    pub collection: Option<Secret<String>>,
    /// Disbursement's key.
    pub disbursement: Option<Secret<String>>,
    /// Remittance's key.
    pub remittance: Option<Secret<String>>,
}

impl SubscriptionKeys {
    /// The same key for every product.
    pub fn single(key: &str) -> SubscriptionKeys {
        let k = || Some(Secret::new(key.to_string()));
        SubscriptionKeys {
            collection: k(),
            disbursement: k(),
            remittance: k(),
        }
    }

    /// The key of `product`, or a validation error naming the missing option.
    pub fn get(&self, product: Product) -> Result<&Secret<String>, Error> {
        let k = match product {
            Product::Collection => &self.collection,
            Product::Disbursement => &self.disbursement,
            Product::Remittance => &self.remittance,
        };
        k.as_ref()
            .filter(|k| !k.expose().is_empty())
            .ok_or_else(|| {
                Error::validation(
                    format!("subscriptionKeys.{}", product.as_str()),
                    format!(
                    "is required for {} calls (or give one `subscriptionKey` for every product)",
                    product.as_str()
                ),
                )
            })
    }

    /// Any key that is set (provisioning accepts the key of any product).
    pub fn any(&self) -> Option<&Secret<String>> {
        Product::ALL.into_iter().find_map(|p| self.get(p).ok())
    }
}

/// An API user's credentials and settings.
#[derive(Debug, Clone)]
pub struct MomoConfig {
    /// API host (`https://sandbox.momodeveloper.mtn.com`, `https://proxy.momoapi.mtn.com`, or a local sandbox).
    pub base_url: String,
    /// `Ocp-Apim-Subscription-Key` per product.
    pub subscription_keys: SubscriptionKeys,
    /// The API user (a UUID v4).
    pub api_user: String,
    /// The API key of that user.
    pub api_key: Secret<String>,
    /// `X-Target-Environment`, one of [`TARGET_ENVIRONMENTS`].
    pub target_environment: String,
    /// The default `X-Callback-Url` of creating calls.
    pub callback_url: Option<String>,
}

/// Checks an `X-Target-Environment` against the documented list (PROVIDERS.md §2).
pub fn check_target_environment(env: &str) -> Result<(), Error> {
    if TARGET_ENVIRONMENTS.contains(&env) {
        Ok(())
    } else {
        Err(Error::validation(
            "targetEnvironment",
            format!("must be one of {}", TARGET_ENVIRONMENTS.join(", ")),
        ))
    }
}

impl MomoConfig {
    /// Checks the configuration, naming the first problem.
    pub fn check(&self) -> Result<(), Error> {
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        if self.subscription_keys.any().is_none() {
            return Err(Error::validation(
                "subscriptionKey",
                "is required (or subscriptionKeys: {collection, disbursement, remittance})",
            ));
        }
        if self.api_user.is_empty() {
            return Err(Error::validation("apiUser", "is required"));
        }
        if !is_uuid_v4(&self.api_user) {
            return Err(Error::validation(
                "apiUser",
                "must be the API user's UUID v4 (the X-Reference-Id it was created with)",
            ));
        }
        if self.api_key.expose().is_empty() {
            return Err(Error::validation("apiKey", "is required"));
        }
        check_target_environment(&self.target_environment)?;
        if let Some(u) = &self.callback_url {
            crate::core::http::check_http_url("callbackUrl", u)?;
        }
        Ok(())
    }

    fn url(&self, path: &str) -> String {
        crate::core::http::join_url(&self.base_url, path)
    }

    /// A request to `path` of `product` with the subscription key, the bearer token and the target environment.
    fn authed(
        &self,
        method: Method,
        product: Product,
        path: &str,
        token: &Secret<String>,
    ) -> Result<HttpRequest, Error> {
        self.check()?;
        let key = self.subscription_keys.get(product)?;
        Ok(HttpRequest::new(method, self.url(path))
            .header("Authorization", format!("Bearer {}", token.expose()))
            .header("X-Target-Environment", self.target_environment.clone())
            .header("Ocp-Apim-Subscription-Key", key.expose().clone()))
    }

    /// The token cache key of a product: provider, product, API user (never a secret).
    pub fn token_key(&self, product: Product) -> String {
        format!("momo:{}:{}", product.as_str(), self.api_user)
    }
}

/// Checks an `X-Reference-Id`: a UUID v4 (PROVIDERS.md §2; MTN answers 400 otherwise).
pub fn check_reference_id(field: &str, id: &str) -> Result<(), Error> {
    if is_uuid_v4(id) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be a UUID v4 (8-4-4-4-12 hex digits, version 4), as MTN requires for X-Reference-Id",
        ))
    }
}

// ------------------------------------------------------------------------------------------ validation

/// Checks an MSISDN as MTN's Party schema validates it (`IsMSISDN`, ITU-T E.164): digits only, no `+`,
/// 5 to 15 of them (the sandbox's rule, js/sandbox/docs/momo.md "Validation").
pub fn check_msisdn(field: &str, s: &str) -> Result<(), Error> {
    if (5..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an MSISDN: 5 to 15 digits with the country code and no '+' (\"46733123450\")",
        ))
    }
}

fn check_email(field: &str, s: &str) -> Result<(), Error> {
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::validation(field, "must be an e-mail address"))
    }
}

/// Checks a `{partyIdType, partyId}` (MTN's Party schema: MSISDN validated with IsMSISDN, EMAIL with IsEmail,
/// PARTY_CODE with IsUuid).
pub fn check_party(field: &str, v: &Value) -> Result<(), Error> {
    let obj = v.as_object().ok_or_else(|| {
        Error::validation(field, "must be {partyIdType: \"MSISDN\", partyId: \"...\"}")
    })?;
    if let Some(k) = obj.keys().find(|k| *k != "partyIdType" && *k != "partyId") {
        return Err(Error::validation(
            format!("{field}.{k}"),
            "is not a field of a party (partyIdType, partyId)",
        ));
    }
    let id_field = format!("{field}.partyId");
    let id = match obj.get("partyId") {
        Some(Value::String(s)) => s.as_str(),
        _ => return Err(Error::validation(id_field, "is required (a string)")),
    };
    match obj.get("partyIdType").and_then(Value::as_str) {
        Some("MSISDN") => check_msisdn(&id_field, id),
        Some("EMAIL") => check_email(&id_field, id),
        Some("PARTY_CODE") => {
            let b = id.as_bytes();
            let uuid_shape = b.len() == 36
                && b.iter().enumerate().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => *c == b'-',
                    _ => c.is_ascii_hexdigit(),
                });
            if uuid_shape {
                Ok(())
            } else {
                Err(Error::validation(
                    id_field,
                    "must be a UUID for partyIdType PARTY_CODE",
                ))
            }
        }
        _ => Err(Error::validation(
            format!("{field}.partyIdType"),
            "must be \"MSISDN\", \"EMAIL\" or \"PARTY_CODE\"",
        )),
    }
}

/// Checks a message written into transaction histories: at most [`MAX_NOTE_CHARS`] characters
/// (PROVIDERS.md §2: 400 for "note/message > 160 chars").
///
/// The "apostrophe rule": neither seed 004 nor MTN's API reference (the Collection/Disbursement/Remittance
/// pages, which declare `payerMessage`/`payeeNote` as plain strings) documents a forbidden character. The only
/// public trace is a user report that an operator rejected `&` (sparkplug/momoapi-node issue #84), which MTN
/// never confirmed. Nothing undocumented is refused here; only the documented length limit is enforced.
pub fn check_note(field: &str, s: &str) -> Result<(), Error> {
    let n = s.chars().count();
    if n > MAX_NOTE_CHARS {
        return Err(Error::validation(
            field,
            format!("must be at most {MAX_NOTE_CHARS} characters (has {n})"),
        ));
    }
    Ok(())
}

fn check_amount_text(field: &str, v: &Value) -> Result<(), Error> {
    match v {
        Value::String(s) => {
            let a = Amount::parse(field, s)?;
            if a.is_zero() {
                return Err(Error::validation(field, "must be greater than zero"));
            }
            Ok(())
        }
        _ => Err(Error::validation(
            field,
            "must be a string (MTN takes amounts as strings: \"100\", \"100.50\")",
        )),
    }
}

fn check_currency_code(field: &str, v: &Value, target_environment: &str) -> Result<(), Error> {
    let c = v.as_str().unwrap_or_default();
    if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(Error::validation(
            field,
            "must be an ISO 4217 code of three capital letters",
        ));
    }
    if target_environment == "sandbox" && c != SANDBOX_CURRENCY {
        return Err(Error::validation(
            field,
            "must be EUR in the sandbox environment (MTN: \"The currency used in Sandbox is EUR\")",
        ));
    }
    Ok(())
}

fn check_field(
    name: &str,
    ty: FieldType,
    v: &Value,
    target_environment: &str,
) -> Result<(), Error> {
    match ty {
        F::Amount => check_amount_text(name, v),
        F::Currency => check_currency_code(name, v, target_environment),
        F::ForeignCurrency => check_currency_code(name, v, ""),
        F::Text => match v {
            Value::String(_) => Ok(()),
            _ => Err(Error::validation(name, "must be a string")),
        },
        F::Note => match v {
            Value::String(s) => check_note(name, s),
            _ => Err(Error::validation(name, "must be a string")),
        },
        F::Party => check_party(name, v),
        F::Uuid => match v.as_str() {
            Some(s) if is_uuid_v4(s) => Ok(()),
            _ => Err(Error::validation(
                name,
                "must be the X-Reference-Id (UUID v4) of the collection to refund",
            )),
        },
        F::Money => {
            let obj = v
                .as_object()
                .ok_or_else(|| Error::validation(name, "must be {amount, currency}"))?;
            if let Some(k) = obj.keys().find(|k| *k != "amount" && *k != "currency") {
                return Err(Error::validation(
                    format!("{name}.{k}"),
                    "is not a field of money (amount, currency)",
                ));
            }
            check_amount_text(
                &format!("{name}.amount"),
                obj.get("amount").unwrap_or(&Value::Null),
            )?;
            check_currency_code(
                &format!("{name}.currency"),
                obj.get("currency").unwrap_or(&Value::Null),
                target_environment,
            )
        }
        F::Count => match v.as_u64() {
            Some(_) => Ok(()),
            None => Err(Error::validation(name, "must be a whole number ≥ 0")),
        },
        F::Bool => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(Error::validation(name, "must be true or false")),
        },
    }
}

/// Checks a creating body against the operation's fields: no unknown field, every required one present,
/// each of the right shape; returns it with the fields in the documented order.
pub fn check_body(
    kind: Kind,
    body: &Map<String, Value>,
    target_environment: &str,
) -> Result<Map<String, Value>, Error> {
    let fields = kind.fields();
    if let Some(k) = body.keys().find(|k| !fields.iter().any(|(n, _, _)| n == k)) {
        return Err(Error::validation(
            k.as_str(),
            format!(
                "is not a field of {} (allowed: {})",
                kind.as_str(),
                kind.field_names().join(", ")
            ),
        ));
    }
    let mut out = Map::new();
    for (name, ty, required) in fields {
        match body.get(*name) {
            None | Some(Value::Null) => {
                if *required {
                    return Err(Error::validation(
                        *name,
                        format!("is required for {}", kind.as_str()),
                    ));
                }
            }
            Some(v) => {
                check_field(name, *ty, v, target_environment)?;
                out.insert((*name).to_string(), v.clone());
            }
        }
    }
    Ok(out)
}

/// A creating call, ready to build.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateRequest {
    /// Which operation.
    pub kind: Kind,
    /// The `X-Reference-Id`: the idempotency key, made once per operation (or given by the caller).
    pub reference_id: String,
    /// `X-Callback-Url`, when a callback is wanted.
    pub callback_url: Option<String>,
    /// The JSON body (MTN's own field names).
    pub body: Map<String, Value>,
}

// ------------------------------------------------------------------------------------------ builders

/// `POST /{product}/token/` with `Authorization: Basic base64(apiUser:apiKey)` (PROVIDERS.md §2, "Token").
pub fn build_token(cfg: &MomoConfig, product: Product) -> Result<HttpRequest, Error> {
    cfg.check()?;
    let key = cfg.subscription_keys.get(product)?;
    let basic = data_encoding::BASE64
        .encode(format!("{}:{}", cfg.api_user, cfg.api_key.expose()).as_bytes());
    Ok(HttpRequest::new(
        Method::Post,
        cfg.url(&format!("/{}/token/", product.as_str())),
    )
    .header("Authorization", format!("Basic {basic}"))
    .header("Ocp-Apim-Subscription-Key", key.expose().clone()))
}

/// Checks a creating call before anything is sent: the reference id, the callback URL and the body; returns
/// the body in the documented order.
pub fn check_create(cfg: &MomoConfig, req: &CreateRequest) -> Result<Map<String, Value>, Error> {
    check_reference_id("reference", &req.reference_id)?;
    let body = check_body(req.kind, &req.body, &cfg.target_environment)?;
    // MTN calls it back; its host must also be the API user's `providerCallbackHost`, which only MTN can check.
    if let Some(u) = req.callback_url.as_ref().or(cfg.callback_url.as_ref()) {
        crate::core::http::check_http_url("callbackUrl", u)?;
    }
    Ok(body)
}

/// A creating `POST` of any kind (PROVIDERS.md §2 Collection/Disbursement/Remittance; seed 004 for `payment`):
/// `X-Reference-Id`, `X-Callback-Url` when given (else the config's), the JSON body in the documented order.
pub fn build_create(
    cfg: &MomoConfig,
    token: &Secret<String>,
    req: &CreateRequest,
) -> Result<HttpRequest, Error> {
    let body = check_create(cfg, req)?;
    let callback = req.callback_url.as_ref().or(cfg.callback_url.as_ref());
    let mut http = cfg
        .authed(Method::Post, req.kind.product(), &req.kind.path(), token)?
        .header("X-Reference-Id", req.reference_id.clone());
    if let Some(u) = callback {
        http = http.header("X-Callback-Url", u.clone());
    }
    Ok(http.json_object(&body))
}

/// `GET /{product}/{version}/{resource}/{referenceId}`: the status of an operation.
pub fn build_status(
    cfg: &MomoConfig,
    token: &Secret<String>,
    kind: Kind,
    reference_id: &str,
) -> Result<HttpRequest, Error> {
    check_reference_id("reference", reference_id)?;
    cfg.authed(
        Method::Get,
        kind.product(),
        &format!("{}/{}", kind.path(), reference_id),
        token,
    )
}

/// `POST /collection/v1_0/requesttopay/{referenceId}/deliverynotification` with `{notificationMessage}`
/// (MTN API reference; at most 160 characters).
pub fn build_delivery_notification(
    cfg: &MomoConfig,
    token: &Secret<String>,
    reference_id: &str,
    message: &str,
) -> Result<HttpRequest, Error> {
    check_reference_id("reference", reference_id)?;
    if message.is_empty() {
        return Err(Error::validation("notificationMessage", "is required"));
    }
    check_note("notificationMessage", message)?;
    let mut body = Map::new();
    body.insert("notificationMessage".into(), Value::String(message.into()));
    Ok(cfg
        .authed(
            Method::Post,
            Product::Collection,
            &format!("/collection/v1_0/requesttopay/{reference_id}/deliverynotification"),
            token,
        )?
        .json_object(&body))
}

/// `DELETE /collection/v2_0/invoice/{referenceId}`: cancels a pending invoice. The call takes its own new
/// `X-Reference-Id` and an optional `{externalId}` body.
pub fn build_cancel_invoice(
    cfg: &MomoConfig,
    token: &Secret<String>,
    invoice_reference_id: &str,
    new_reference_id: &str,
    external_id: Option<&str>,
) -> Result<HttpRequest, Error> {
    check_reference_id("reference", invoice_reference_id)?;
    check_reference_id("cancelReference", new_reference_id)?;
    let http = cfg
        .authed(
            Method::Delete,
            Product::Collection,
            &format!("/collection/v2_0/invoice/{invoice_reference_id}"),
            token,
        )?
        .header("X-Reference-Id", new_reference_id.to_string());
    Ok(match external_id {
        Some(e) => {
            let mut body = Map::new();
            body.insert("externalId".into(), Value::String(e.into()));
            http.json_object(&body)
        }
        None => http,
    })
}

/// `GET /{product}/v1_0/account/balance` or `.../account/balance/{currency}`.
pub fn build_balance(
    cfg: &MomoConfig,
    token: &Secret<String>,
    product: Product,
    currency: Option<&str>,
) -> Result<HttpRequest, Error> {
    let path = match currency {
        Some(c) => {
            if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
                return Err(Error::validation(
                    "currency",
                    "must be an ISO 4217 code of three capital letters",
                ));
            }
            format!("/{}/v1_0/account/balance/{c}", product.as_str())
        }
        None => format!("/{}/v1_0/account/balance", product.as_str()),
    };
    cfg.authed(Method::Get, product, &path, token)
}

/// The account-holder id types of `accountholder/{type}/{id}/active`, as MTN writes them in the path.
pub fn account_holder_type(field: &str, s: &str) -> Result<&'static str, Error> {
    match s.to_ascii_lowercase().as_str() {
        "msisdn" => Ok("msisdn"),
        "email" => Ok("email"),
        "party_code" => Ok("party_code"),
        _ => Err(Error::validation(
            field,
            "must be \"msisdn\", \"email\" or \"party_code\"",
        )),
    }
}

fn check_holder_id(id_type: &str, id: &str) -> Result<(), Error> {
    let party_type = match id_type {
        "msisdn" => "MSISDN",
        "email" => "EMAIL",
        _ => "PARTY_CODE",
    };
    let party = serde_json::json!({ "partyIdType": party_type, "partyId": id });
    check_party("accountHolder", &party)
}

/// `GET /{product}/v1_0/accountholder/{msisdn|email|party_code}/{id}/active`.
pub fn build_account_holder_active(
    cfg: &MomoConfig,
    token: &Secret<String>,
    product: Product,
    id_type: &str,
    id: &str,
) -> Result<HttpRequest, Error> {
    let t = account_holder_type("accountHolderIdType", id_type)?;
    check_holder_id(t, id)?;
    let path = format!(
        "/{}/v1_0/accountholder/{t}/{}/active",
        product.as_str(),
        crate::core::http::percent_encode(id)
    );
    cfg.authed(Method::Get, product, &path, token)
}

/// `GET /{product}/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo`.
pub fn build_basic_user_info(
    cfg: &MomoConfig,
    token: &Secret<String>,
    product: Product,
    msisdn: &str,
) -> Result<HttpRequest, Error> {
    check_msisdn("msisdn", msisdn)?;
    let path = format!(
        "/{}/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo",
        product.as_str()
    );
    cfg.authed(Method::Get, product, &path, token)
}

/// Sandbox provisioning, step 1: `POST /v1_0/apiuser` with `X-Reference-Id` (the new user's id) and
/// `{providerCallbackHost}` (PROVIDERS.md §2, "Sandbox provisioning").
pub fn build_create_api_user(
    base_url: &str,
    subscription_key: &Secret<String>,
    api_user: &str,
    provider_callback_host: &str,
) -> Result<HttpRequest, Error> {
    crate::core::http::check_base_url("baseUrl", base_url)?;
    check_reference_id("apiUser", api_user)?;
    if provider_callback_host.trim().is_empty() {
        return Err(Error::validation(
            "providerCallbackHost",
            "is required (the host MTN will send callbacks to)",
        ));
    }
    let mut body = Map::new();
    body.insert(
        "providerCallbackHost".into(),
        Value::String(provider_callback_host.trim().into()),
    );
    Ok(HttpRequest::new(
        Method::Post,
        crate::core::http::join_url(base_url, "/v1_0/apiuser"),
    )
    .header("X-Reference-Id", api_user.to_string())
    .header(
        "Ocp-Apim-Subscription-Key",
        subscription_key.expose().clone(),
    )
    .json_object(&body))
}

/// Sandbox provisioning, step 2: `POST /v1_0/apiuser/{apiUser}/apikey` → `{apiKey}`.
pub fn build_create_api_key(
    base_url: &str,
    subscription_key: &Secret<String>,
    api_user: &str,
) -> Result<HttpRequest, Error> {
    crate::core::http::check_base_url("baseUrl", base_url)?;
    check_reference_id("apiUser", api_user)?;
    Ok(HttpRequest::new(
        Method::Post,
        crate::core::http::join_url(base_url, &format!("/v1_0/apiuser/{api_user}/apikey")),
    )
    .header(
        "Ocp-Apim-Subscription-Key",
        subscription_key.expose().clone(),
    ))
}

/// Sandbox provisioning: `GET /v1_0/apiuser/{apiUser}` → `{providerCallbackHost, targetEnvironment}`.
pub fn build_get_api_user(
    base_url: &str,
    subscription_key: &Secret<String>,
    api_user: &str,
) -> Result<HttpRequest, Error> {
    crate::core::http::check_base_url("baseUrl", base_url)?;
    check_reference_id("apiUser", api_user)?;
    Ok(HttpRequest::new(
        Method::Get,
        crate::core::http::join_url(base_url, &format!("/v1_0/apiuser/{api_user}")),
    )
    .header(
        "Ocp-Apim-Subscription-Key",
        subscription_key.expose().clone(),
    ))
}

// ------------------------------------------------------------------------------------------ parsers

/// MTN's reason / error code → the normalised reason (PROVIDERS.md §2: seed 004's enum plus
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

/// What to do next about an error code, for error messages (MTN "Common Error Codes" and seed 004's enum).
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
fn error_code_and_message(resp: &HttpResponse) -> (Option<String>, Option<String>) {
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

/// The typed error of a non-2xx answer (PROVIDERS.md §2 "Errors"), each message saying what to do next:
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
    match resp.status {
        400 => Error::Provider {
            provider: Provider::Momo,
            message: with_advice(format!(
                "bad request (HTTP 400): {}; fix the input (a UUID v4 reference, notes of at most 160 characters, the environment's currency)",
                said("MTN refused the request")
            )),
            reason: code_ref.map(|c| map_reason(c).as_str().to_string()),
            detail: detail(resp, code_ref),
            retryable: false,
        },
        401 => Error::Auth {
            provider: Provider::Momo,
            message: format!(
                "HTTP 401: {}; check the product's subscription key, the API user and API key, or renew the token",
                said("access denied")
            ),
            detail: detail(resp, code_ref),
        },
        403 => Error::Auth {
            provider: Provider::Momo,
            message: format!(
                "HTTP 403: {}; the API user or this server's IP is not allowed (ask MTN to whitelist it)",
                said("forbidden")
            ),
            detail: detail(resp, code_ref),
        },
        404 => Error::Provider {
            provider: Provider::Momo,
            message: with_advice(format!("not found (HTTP 404): {}", said("resource not found"))),
            reason: Some(code_ref.map_or(Reason::Other, map_reason).as_str().to_string()),
            detail: detail(resp, code_ref.or(Some("RESOURCE_NOT_FOUND"))),
            retryable: false,
        },
        409 => Error::Provider {
            provider: Provider::Momo,
            message: with_advice(format!("conflict (HTTP 409): {}", said("duplicated reference id"))),
            reason: Some(Reason::Other.as_str().to_string()),
            detail: detail(resp, code_ref.or(Some("RESOURCE_ALREADY_EXIST"))),
            retryable: false,
        },
        429 => Error::RateLimited {
            provider: Provider::Momo,
            retry_after_ms,
            detail: detail(resp, code_ref),
        },
        503 => Error::Provider {
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
            Error::Provider {
                provider: Provider::Momo,
                message: with_advice(format!("HTTP {s}: {}", said("MTN answered an error"))),
                reason: Some(reason.as_str().to_string()),
                detail: detail(resp, code_ref),
                retryable,
            }
        }
    }
}

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
        return Err(match error_from_response(resp, None) {
            Error::Auth { detail, .. } => Error::Auth {
                provider: Provider::Momo,
                message: "the token request was refused (HTTP 401): check apiUser, apiKey and the product's subscription key".into(),
                detail,
            },
            e => e,
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
        // MTN answers a creation with 202 and nothing else (PROVIDERS.md §2): another 2xx is not MTN's answer
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
fn reason_code(body: &Value) -> Option<String> {
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

/// MTN's status and reason → the unified status and reason (PROVIDERS.md §2: `PENDING`, `SUCCESSFUL`,
/// `FAILED`, `CREATED` seen). A FAILED with `EXPIRED` is `expired`, with `TRANSACTION_CANCELED` `cancelled`.
pub fn map_status(status: &str, reason: Option<&str>) -> (Status, Option<Reason>) {
    match status.to_ascii_uppercase().as_str() {
        "PENDING" | "CREATED" | "ONGOING" => (Status::Pending, None),
        "SUCCESSFUL" | "SUCCESS" | "APPROVED" => (Status::Success, None),
        "FAILED" | "REJECTED" | "TIMEOUT" => {
            let r = match reason {
                Some(c) => map_reason(c),
                None if status.eq_ignore_ascii_case("REJECTED") => Reason::Rejected,
                None if status.eq_ignore_ascii_case("TIMEOUT") => Reason::Expired,
                None => Reason::Other,
            };
            let s = match (reason.map(|c| c.trim_end_matches('.')), r) {
                (Some("EXPIRED"), _) => Status::Expired,
                (_, Reason::Cancelled) => Status::Cancelled,
                _ if status.eq_ignore_ascii_case("TIMEOUT") => Status::Expired,
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
        Some(m) => (text(m.get("amount")), text(m.get("currency"))),
        None => (
            text(body.get("amount")),
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

/// The typed error of a transaction that ended badly (FAILED, expired, cancelled), for callers who prefer to
/// throw: a provider error whose `providerCode` is MTN's reason code (seed 004's enum, PROVIDERS.md §2) and
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
    Some(Error::Provider {
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
    })
}

/// Reads `GET .../account/balance[/{currency}]` → `{availableBalance, currency}`.
pub fn parse_balance(resp: &HttpResponse) -> Result<Balance, Error> {
    if !resp.is_success() {
        return Err(error_from_response(resp, None));
    }
    let v = parse_json(resp)?;
    let available = text(v.get("availableBalance")).ok_or_else(|| {
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

/// Reads a callback body (PROVIDERS.md §2: "sent once, no retry, no signature, `PUT` or `POST` with the same
/// body as the GET"). Unsigned, so `verified` is `false`: confirm with a status query before acting.
/// `reference_id`: the X-Reference-Id the callback is about; MTN's body carries it only for v2_0 payments
/// and invoices (`referenceId`), so for the others it must come from the caller (e.g. the callback URL).
pub fn parse_callback(
    raw_body: &str,
    reference_id: Option<&str>,
    kind: Option<Kind>,
) -> Result<Callback, Error> {
    let body: Value = serde_json::from_str(raw_body).map_err(|e| {
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
                "is required: MTN's callback body carries no X-Reference-Id for this operation; pass the reference (e.g. put it in your callbackUrl's path or query)",
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
mod tests;
