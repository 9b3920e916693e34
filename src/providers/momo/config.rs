//! MoMo configuration: hosts, target environments, products, operation kinds and their body fields,
//! subscription keys, the API user's settings.

use crate::core::{Error, HttpRequest, Method, Secret};
use crate::crypto::is_uuid_v4;

/// MTN's sandbox host (docs/providers/momo.md).
pub const SANDBOX_BASE_URL: &str = "https://sandbox.momodeveloper.mtn.com";
/// MTN's production host (MTN's CreatePayments code samples, docs/providers/momo.md#hosts-and-authentication: `https://proxy.momoapi.mtn.com`).
pub const PRODUCTION_BASE_URL: &str = "https://proxy.momoapi.mtn.com";

/// The documented `X-Target-Environment` values (docs/providers/momo.md).
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

/// The currency of MTN's sandbox environment (docs/providers/momo.md: "Sandbox: currency `EUR`").
pub const SANDBOX_CURRENCY: &str = "EUR";

/// The longest `payerMessage` / `payeeNote` / `receiverMessage` / `senderNote` / `description` /
/// `notificationMessage` MTN accepts (docs/providers/momo.md "Errors: 400 ... note/message > 160 chars").
pub const MAX_NOTE_CHARS: usize = 160;

/// The values of a cash transfer's `payerIdentificationType`: the enum of MTN's CashTransfer definition
/// (Remittance API, docs/providers/momo.md).
pub const PAYER_IDENTIFICATION_TYPES: &[&str] = &[
    "PASS", "CPFA", "SRSSA", "NRIN", "OTHR", "DRLC", "SOCS", "AREG", "IDCD", "EMID",
];

/// Fields the caller may write under another name, per operation: (the caller's name, MTN's name). MTN's
/// CashTransfer definition spells `orginatingCountry` (sic) and reads nothing else (docs/providers/momo.md).
pub const FIELD_ALIASES: &[(Kind, &str, &str)] = &[(
    Kind::CashTransfer,
    "originatingCountry",
    "orginatingCountry",
)];

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

/// A creating operation of docs/providers/momo.md: its product, API version and resource name, and what status it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `POST /collection/v1_0/requesttopay` (payer pays).
    RequestToPay,
    /// `POST /collection/v1_0/requesttowithdraw`.
    RequestToWithdraw,
    /// `POST /collection/v2_0/requesttowithdraw`.
    RequestToWithdrawV2,
    /// `POST /collection/v2_0/payment` (docs/providers/momo.md, Partner Gateway CreatePayments).
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

/// How a field of a creating body is checked (docs/providers/momo.md and js/sandbox/docs/momo.md "Validation").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldType {
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
    /// `{amount, currency}` (MTN's `money`, docs/providers/momo.md#request-fields).
    Money,
    /// A whole number ≥ 0.
    Count,
    /// A whole number of seconds > 0 sent as a string (an invoice's `validityDuration`, a string in MTN's
    /// CreateInvoice definition, docs/providers/momo.md).
    SecondsText,
    /// One of [`PAYER_IDENTIFICATION_TYPES`] (a cash transfer's `payerIdentificationType`).
    PayerIdType,
    /// true / false.
    Bool,
}

use FieldType as F;

/// (name, type, required), in the order sent.
pub(super) type FieldSpec = (&'static str, FieldType, bool);

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

/// MTN's CreatePayments body (docs/providers/momo.md#request-fields), in MTN's order.
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
    ("validityDuration", F::SecondsText, true),
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
    ("orginatingCountry", F::Text, false),
    ("originalAmount", F::Amount, false),
    ("originalCurrency", F::ForeignCurrency, false),
    ("payerMessage", F::Note, false),
    ("payeeNote", F::Note, false),
    ("payerIdentificationType", F::PayerIdType, false),
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

    /// The API version its status is read at: MTN defines `GET .../requesttowithdraw/{id}`, `.../deposit/{id}`
    /// and `.../refund/{id}` under `v1_0` only, so the V2 operations are created at `v2_0` and read at `v1_0`
    /// (docs/providers/momo.md); every other operation is read at the version it was created at.
    pub fn status_version(self) -> &'static str {
        match self {
            Kind::RequestToWithdrawV2 | Kind::DepositV2 | Kind::RefundV2 => "v1_0",
            k => k.version(),
        }
    }

    /// `/{product}/{status version}/{resource}`: where `GET .../{referenceId}` reads the operation.
    pub fn status_path(self) -> String {
        format!(
            "/{}/{}/{}",
            self.product().as_str(),
            self.status_version(),
            self.resource()
        )
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

    pub(super) fn fields(self) -> &'static [FieldSpec] {
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
    pub(super) fn currency_field(self) -> &'static str {
        match self {
            Kind::PreApproval => "payerCurrency",
            _ => "currency",
        }
    }
}

/// One subscription key per product (docs/providers/momo.md: "one key per product").
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
    /// The API user's `providerCallbackHost`, when known: a callback URL on another host is refused before
    /// anything is sent (MTN would answer 400 `INVALID_CALLBACK_URL_HOST`).
    pub provider_callback_host: Option<String>,
}

/// Checks an `X-Target-Environment` against the documented list (docs/providers/momo.md).
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
        let keys = &self.subscription_keys;
        for (option, key) in [
            ("subscriptionKeys.collection", &keys.collection),
            ("subscriptionKeys.disbursement", &keys.disbursement),
            ("subscriptionKeys.remittance", &keys.remittance),
        ] {
            if let Some(k) = key {
                // One `subscriptionKey` fills every product: name it when all three are the same.
                let single =
                    keys.collection == keys.disbursement && keys.disbursement == keys.remittance;
                let option = if single { "subscriptionKey" } else { option };
                crate::core::http::check_header_credential(option, k.expose())?;
            }
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
        if let Some(h) = &self.provider_callback_host {
            check_callback_host_option(h)?;
            if let Some(u) = &self.callback_url {
                check_callback_host(h, u)?;
            }
        }
        Ok(())
    }

    pub(super) fn url(&self, path: &str) -> String {
        crate::core::http::join_url(&self.base_url, path)
    }

    /// A request to `path` of `product` with the subscription key, the bearer token and the target environment.
    pub(super) fn authed(
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

/// Checks an `X-Reference-Id`: a UUID v4 (docs/providers/momo.md; MTN answers 400 otherwise).
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

/// Checks the `providerCallbackHost` option: a bare host name, as MTN's provisioning takes it (`example.com`).
fn check_callback_host_option(host: &str) -> Result<(), Error> {
    let bad = host.is_empty()
        || host.contains(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, '/' | '?' | '#' | '@' | ':')
        });
    if bad {
        return Err(Error::validation(
            "providerCallbackHost",
            "must be the host name the API user was created with (\"example.com\"), without scheme, port or path",
        ));
    }
    Ok(())
}

/// The host of an absolute http(s) URL, lower-cased, without user info or port (`None` when it has none).
pub fn url_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = crate::core::input::after_last(authority, b'@');
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Checks that a callback URL's host is the API user's `providerCallbackHost` (MTN's callback rule: "the
/// callback host must match the providerCallbackHost", docs/providers/momo.md); a `ValidationError` naming
/// `callbackUrl` otherwise.
pub fn check_callback_host(provider_callback_host: &str, url: &str) -> Result<(), Error> {
    let wanted = provider_callback_host
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    match url_host(url) {
        Some(h) if h.trim_end_matches('.') == wanted => Ok(()),
        _ => Err(Error::validation(
            "callbackUrl",
            format!(
                "must be on the API user's providerCallbackHost ({wanted}): MTN refuses a callback URL on another host (INVALID_CALLBACK_URL_HOST)"
            ),
        )),
    }
}
