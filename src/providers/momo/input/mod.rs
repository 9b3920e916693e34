//! The JS-facing inputs of MTN MoMo (docs/providers/momo.md) as typed structs: the client's options, every
//! creating call's request (the unified fields and MTN's own, in MTN's camelCase), the status, balance,
//! account-holder, invoice-cancelling and polling arguments. They are read with serde from a JS object (wasm,
//! through the boundary) or JSON (natively), unknown fields refused with the field named; their TypeScript
//! declarations are generated from them (tsify), and [`TS_DECLARATIONS`] adds the unions tsify cannot write.
//! Pure: tested natively (tests.rs). The creating calls' requests are in create.rs.

mod create;

pub use create::*;

use super::{
    accepted_transaction, check_target_environment, parse_status, CreateRequest, Kind, MomoConfig,
    Product, SubscriptionKeys, PRODUCTION_BASE_URL, SANDBOX_BASE_URL,
};
use crate::core::input::{read_json, read_json_in, AmountInput, RefOr, Text};
use crate::core::{Error, HttpResponse, Secret, Transaction};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;
use tsify::Tsify;

/// The unified payment fields every provider accepts (docs/providers/momo.md#request-fields); every creating
/// call of MoMo takes them (a pre-approval all but `amount`), with `referenceId` besides.
pub const UNIFIED_FIELDS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "callbackUrl",
    "description",
    "country",
];

/// The TypeScript declarations tsify cannot derive: the string unions of MoMo's names (each checked against
/// the Rust tables by the tests), the options union (a key for every product, one way or the other), the
/// status argument, and the callback options with MoMo's kinds.
pub const TS_DECLARATIONS: &str = r#"
/** The documented X-Target-Environment values. */
export type MtnMomoTargetEnvironment =
  | 'sandbox'
  | 'mtncameroon'
  | 'mtnivorycoast'
  | 'mtnuganda'
  | 'mtnghana'
  | 'mtnzambia'
  | 'mtnbenin'
  | 'mtncongo'
  | 'mtnswaziland'
  | 'mtnguineaconakry'
  | 'mtnsouthafrica'
  | 'mtnliberia'
  | 'mtnsouthsudan'
  | 'mtnnigeria'
  | 'mtnrwanda';

/** A MoMo product: each has its own subscription key, token and paths. */
export type MtnMomoProduct = 'collection' | 'disbursement' | 'remittance';

/**
 * What `status({ reference, kind })` reads: the operation that created the reference.
 * `requesttopay` (the default), `requesttowithdraw` / `requesttowithdrawV2`, `payment` (docs/providers/momo.md), `invoice`,
 * `preapproval` (Collection); `transfer`, `deposit` / `depositV2`, `refund` / `refundV2` (Disbursement);
 * `remittanceTransfer`, `cashTransfer` (Remittance).
 */
export type MtnMomoKind =
  | 'requesttopay'
  | 'requesttowithdraw'
  | 'requesttowithdrawV2'
  | 'payment'
  | 'invoice'
  | 'preapproval'
  | 'transfer'
  | 'deposit'
  | 'depositV2'
  | 'refund'
  | 'refundV2'
  | 'remittanceTransfer'
  | 'cashTransfer';

/** The values of a cash transfer's payerIdentificationType (the enum of MTN's CashTransfer definition). */
export type MtnMomoPayerIdentificationType =
  | 'PASS'
  | 'CPFA'
  | 'SRSSA'
  | 'NRIN'
  | 'OTHR'
  | 'DRLC'
  | 'SOCS'
  | 'AREG'
  | 'IDCD'
  | 'EMID';

/** MTN's Party id types: MSISDN = digits with the country code, no '+'; EMAIL; PARTY_CODE = a UUID. */
export type MtnMomoPartyIdType = 'MSISDN' | 'EMAIL' | 'PARTY_CODE';

/** The id types of `accountholder/{type}/{id}/active`, as MTN writes them in the path. */
export type MtnMomoAccountHolderIdType = 'msisdn' | 'email' | 'party_code';

/**
 * The options of `new MtnMomo(...)` the core reads (the JS-only `fetch` and `tokenStore` aside): a
 * `subscriptionKey` for every product, or `subscriptionKeys` per product, or both (a product's own key wins).
 */
export type MtnMomoOptions = MtnMomoBaseOptions &
  (
    | { subscriptionKey: string; subscriptionKeys?: MtnMomoSubscriptionKeys }
    | { subscriptionKey?: string; subscriptionKeys: MtnMomoSubscriptionKeys }
  );

/**
 * The fields of every creating call besides MTN's own: the unified `amount`, `currency` (EUR in the sandbox),
 * `phone` (→ the MSISDN payer/payee, or the payment's customerReference), `description` (→ payerMessage,
 * senderNote or the invoice's description), `reference` / `referenceId` (→ X-Reference-Id, a UUID v4; made
 * when absent) and `callbackUrl` (→ X-Callback-Url). MTN's own fields win. Messages: at most 160 characters.
 */
export type MtnMomoCommon = Partial<
  Pick<
    MtnMomoRequestToPay,
    'amount' | 'currency' | 'phone' | 'reference' | 'referenceId' | 'callbackUrl' | 'description' | 'country'
  >
>;

/** What `status` and `waitForFinal` take: the X-Reference-Id of a request to pay, or `{ reference, kind }`. */
export type MtnMomoStatusRequest = string | MtnMomoStatusQuery;

/** What MoMo's `parseCallback` and `confirmCallback` take besides the body (MTN's callbacks carry no reference). */
export interface MtnMomoCallbackOptions extends CallbackOptions {
  /** The X-Reference-Id; required unless the body has `referenceId` (v2_0 payments, invoices). */
  reference?: string;
  /** The operation (default `requesttopay`). */
  kind?: MtnMomoKind;
}
"#;

// ------------------------------------------------------------------------------------------ building blocks

/// A JS number (`timeoutMs`, `intervalMs`...), NaN and the infinities included so that the range check names
/// them; anything else is refused as "must be a number".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberInput(pub f64);

impl<'de> Deserialize<'de> for NumberInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        outlined_number(d)
    }
}

/// [`NumberInput`]'s reader, a function of its own in the wasm (`outlined_`: scripts/build-wasm.sh): inlined, it
/// would be compiled with the options reader at a client's first call although most options give no number.
#[inline(never)]
fn outlined_number<'de, D: Deserializer<'de>>(d: D) -> Result<NumberInput, D::Error> {
    // AmountInput reads numbers in every form they arrive in (a JS number, serde_json's text, the NaN mark).
    match AmountInput::deserialize(d) {
        Ok(AmountInput::Number(n)) => Ok(NumberInput(n)),
        _ => Err(de::Error::custom("must be a number")),
    }
}

// ------------------------------------------------------------------------------------------ options

/// One Ocp-Apim-Subscription-Key per product (a product without a key cannot be called).
#[derive(Clone, Default, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct MtnMomoSubscriptionKeys {
    /// Collection's key.
    #[tsify(optional)]
    pub collection: Option<String>,
    /// Disbursement's key.
    #[tsify(optional)]
    pub disbursement: Option<String>,
    /// Remittance's key.
    #[tsify(optional)]
    pub remittance: Option<String>,
}

/// [`MtnMomoSubscriptionKeys`] read without ever repeating what was given: serde's "invalid type: string ..."
/// would quote a key written where the object belongs (`subscriptionKeys: "<the key>"`) into the error.
#[derive(Clone, Default)]
pub struct SubscriptionKeysInput(pub MtnMomoSubscriptionKeys);

impl<'de> Deserialize<'de> for SubscriptionKeysInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        outlined_subscription_keys(d)
    }
}

/// [`SubscriptionKeysInput`]'s reader, a function of its own in the wasm (`outlined_`: scripts/build-wasm.sh), as
/// [`outlined_number`] is: most options give one `subscriptionKey`, not keys per product.
#[inline(never)]
fn outlined_subscription_keys<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<SubscriptionKeysInput, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = SubscriptionKeysInput;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object {collection, disbursement, remittance}")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            MtnMomoSubscriptionKeys::deserialize(de::value::MapAccessDeserializer::new(map))
                .map(SubscriptionKeysInput)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(E::custom(
                "must be an object {collection, disbursement, remittance}, not a string (one key for every product is `subscriptionKey`)",
            ))
        }
    }
    d.deserialize_any(V)
}

/// The options of `new MtnMomo(...)` the core reads (`fetch` and `tokenStore` are taken by the JS class first);
/// `MtnMomoOptions` (TS_DECLARATIONS) adds that at least one subscription key is given.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoBaseOptions {
    /// One Ocp-Apim-Subscription-Key for every product.
    #[tsify(optional)]
    pub subscription_key: Option<String>,
    /// One key per product (wins over `subscriptionKey`).
    #[tsify(optional, type = "MtnMomoSubscriptionKeys")]
    pub subscription_keys: Option<SubscriptionKeysInput>,
    /// The API user (a UUID v4).
    pub api_user: String,
    /// The API user's key.
    pub api_key: String,
    /// The X-Target-Environment (`sandbox`, `mtnuganda`...).
    #[tsify(type = "MtnMomoTargetEnvironment")]
    pub target_environment: String,
    /// Default: https://sandbox.momodeveloper.mtn.com for 'sandbox', else https://proxy.momoapi.mtn.com.
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// The default X-Callback-Url of creating calls (its host must be the API user's providerCallbackHost).
    #[tsify(optional)]
    pub callback_url: Option<String>,
    /// The API user's providerCallbackHost (a host name, "example.com"), when you know it: a callbackUrl on
    /// another host is then a ValidationError naming `callbackUrl` before anything is sent (MTN would answer
    /// 400 INVALID_CALLBACK_URL_HOST). MTN sends callbacks by PUT or POST; `parseCallback` reads either body.
    #[tsify(optional)]
    pub provider_callback_host: Option<String>,
    /// The product `balance()` reads by default (else every product with a key).
    #[tsify(optional, type = "MtnMomoProduct")]
    pub product: Option<String>,
    /// Per-attempt time limit in ms (default 30000).
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<NumberInput>,
    /// Retries of idempotent calls on network errors, 408, 429 and 5xx but 501 (default 2).
    #[tsify(optional, type = "number")]
    pub max_retries: Option<NumberInput>,
}

impl MtnMomoBaseOptions {
    /// The client's configuration and default product; `baseUrl` defaults to MTN's sandbox host for the
    /// `sandbox` environment, else the production host. The configuration is checked when the client is made.
    pub fn into_config(self) -> Result<(MomoConfig, Option<Product>), Error> {
        check_target_environment(&self.target_environment)?;
        let default_base = match self.target_environment.as_str() {
            "sandbox" => SANDBOX_BASE_URL,
            _ => PRODUCTION_BASE_URL,
        };
        let mut keys = match &self.subscription_key {
            Some(k) => SubscriptionKeys::single(k),
            None => SubscriptionKeys::default(),
        };
        if let Some(SubscriptionKeysInput(own)) = self.subscription_keys {
            let secret = |k: Option<String>| k.map(Secret::new);
            // A product's own key wins over the one for every product.
            keys.collection = secret(own.collection).or(keys.collection);
            keys.disbursement = secret(own.disbursement).or(keys.disbursement);
            keys.remittance = secret(own.remittance).or(keys.remittance);
        }
        let product = product_option("product", self.product)?;
        let config = MomoConfig {
            base_url: self.base_url.unwrap_or_else(|| default_base.into()),
            subscription_keys: keys,
            api_user: self.api_user,
            api_key: Secret::new(self.api_key),
            target_environment: self.target_environment,
            callback_url: self.callback_url,
            provider_callback_host: self.provider_callback_host,
        };
        Ok((config, product))
    }
}

/// The options of `MtnMomo.provisionSandboxUser(...)` (with `fetch`, which the JS class takes first).
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoSandboxUserOptions {
    /// The subscription key of any product (from the MoMo developer portal).
    pub subscription_key: String,
    /// The host MTN will send the new user's callbacks to ("example.com").
    pub provider_callback_host: String,
    /// Default: https://sandbox.momodeveloper.mtn.com.
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Per-attempt time limit in ms (default 30000).
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<NumberInput>,
    /// Retries of idempotent calls (default 2).
    #[tsify(optional, type = "number")]
    pub max_retries: Option<NumberInput>,
}

/// A product option (`"collection"`...) read into a [`Product`].
fn product_option(field: &str, p: Option<String>) -> Result<Option<Product>, Error> {
    p.map(|p| Product::parse(field, &p)).transpose()
}

// ------------------------------------------------------------------------------------------ other calls

/// The object form of a `status` request.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoStatusQuery {
    /// The X-Reference-Id of the operation.
    #[tsify(type = "string")]
    pub reference: Option<String>,
    /// The same as `reference` (wins over it).
    #[tsify(optional)]
    pub reference_id: Option<String>,
    /// The operation that created the reference (default `requesttopay`).
    #[tsify(optional, type = "MtnMomoKind")]
    pub kind: Option<String>,
}

/// What `status` and `waitForFinal` take: the reference of a request to pay, or the object form.
pub type StatusArg = RefOr<MtnMomoStatusQuery>;

/// The reference and kind of a status request (`default_kind` for a bare reference).
pub fn status_query(arg: StatusArg, default_kind: Kind) -> Result<(String, Kind), Error> {
    match arg {
        RefOr::Reference(r) => Ok((r, default_kind)),
        RefOr::Query(q) => {
            let reference = q.reference_id.or(q.reference).ok_or_else(|| {
                Error::validation(
                    "reference",
                    "is required: the X-Reference-Id of the operation",
                )
            })?;
            let kind = match q.kind {
                Some(k) => Kind::parse("kind", &k)?,
                None => default_kind,
            };
            Ok((reference, kind))
        }
    }
}

/// A status request: a reference string (of `default_kind`) or `{ reference, kind? }`, as JSON.
pub fn status_from_value(v: &Value, default_kind: Kind) -> Result<(String, Kind), Error> {
    status_query(read_json::<StatusArg>(v, "reference")?, default_kind)
}

/// The options of `waitForFinal`.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoWaitOptions {
    /// How long to wait between two status reads, in ms (default 1000).
    #[tsify(optional, type = "number")]
    pub interval_ms: Option<NumberInput>,
    /// How long to poll before answering the last status read, in ms (default 60000).
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<NumberInput>,
}

impl MtnMomoWaitOptions {
    /// The interval and the time limit in ms, each from 0 to 86400000.
    pub fn millis(&self) -> Result<(u64, u64), Error> {
        let ms = |field: &str, v: Option<NumberInput>, default: u64| match v {
            None => Ok(default),
            Some(NumberInput(v)) if v.is_finite() && (0.0..=86_400_000.0).contains(&v) => {
                Ok(v as u64)
            }
            Some(_) => Err(Error::validation(
                field,
                "must be a number of milliseconds from 0 to 86400000",
            )),
        };
        Ok((
            ms("intervalMs", self.interval_ms, 1000)?,
            ms("timeoutMs", self.timeout_ms, 60_000)?,
        ))
    }
}

/// What `balance` takes: a product's account (else the client's `product`, else every product with a key), in
/// one currency or all of it.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoBalanceQuery {
    /// The product whose account is read.
    #[tsify(optional, type = "MtnMomoProduct")]
    pub product: Option<String>,
    /// `account/balance/{currency}` instead of the whole account.
    #[tsify(optional)]
    pub currency: Option<String>,
}

impl MtnMomoBalanceQuery {
    /// The product (read) and the currency.
    pub fn into_parts(self) -> Result<(Option<Product>, Option<String>), Error> {
        Ok((product_option("product", self.product)?, self.currency))
    }
}

/// What `validateAccountHolderStatus` takes.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoAccountHolderQuery {
    /// The product whose API is asked (default `collection`).
    #[tsify(optional, type = "MtnMomoProduct")]
    pub product: Option<String>,
    /// How the account holder is named (default `msisdn`).
    #[tsify(optional, type = "MtnMomoAccountHolderIdType")]
    pub account_holder_id_type: Option<String>,
    /// The number, address or party code.
    #[tsify(type = "string")]
    pub account_holder_id: Option<String>,
}

impl MtnMomoAccountHolderQuery {
    /// The product, the id type and the id.
    pub fn into_parts(self) -> Result<(Product, String, String), Error> {
        let product = product_option("product", self.product)?.unwrap_or(Product::Collection);
        let id = self
            .account_holder_id
            .ok_or_else(|| Error::validation("accountHolderId", "is required"))?;
        let id_type = self
            .account_holder_id_type
            .unwrap_or_else(|| "msisdn".into());
        Ok((product, id_type, id))
    }
}

/// What `getBasicUserinfo` takes.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoBasicUserInfoQuery {
    /// The product whose API is asked (default `collection`).
    #[tsify(optional, type = "MtnMomoProduct")]
    pub product: Option<String>,
    /// The account holder's MSISDN (digits with the country code, no '+').
    #[tsify(type = "string")]
    pub msisdn: Option<String>,
}

impl MtnMomoBasicUserInfoQuery {
    /// The product and the MSISDN.
    pub fn into_parts(self) -> Result<(Product, String), Error> {
        let product = product_option("product", self.product)?.unwrap_or(Product::Collection);
        let msisdn = self
            .msisdn
            .ok_or_else(|| Error::validation("msisdn", "is required"))?;
        Ok((product, msisdn))
    }
}

/// The options of `cancelInvoice`.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MtnMomoCancelInvoiceOptions {
    /// Sent as the body's `externalId`.
    #[tsify(optional)]
    pub external_id: Option<String>,
}

/// A `Transaction` handed back to `failureError`: the fields of [`Transaction`] as the boundary writes them.
/// Only `provider`, `reference` and `raw` are used (status and reason are derived again from `raw`, as MTN
/// wrote them).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransactionInput<'a> {
    /// Must be `"momo"`.
    #[serde(borrow)]
    pub provider: Text<'a>,
    /// The X-Reference-Id.
    #[serde(borrow)]
    pub reference: Text<'a>,
    /// The unified status (derived again from `raw`).
    #[serde(borrow)]
    pub status: Option<Text<'a>>,
    /// The normalised reason (derived again from `raw`).
    #[serde(borrow)]
    pub reason: Option<Text<'a>>,
    /// MTN's status (derived again from `raw`).
    #[serde(borrow)]
    pub provider_status: Option<Text<'a>>,
    /// MTN's financial transaction id.
    #[serde(borrow)]
    pub transaction_id: Option<Text<'a>>,
    /// The amount.
    #[serde(borrow)]
    pub amount: Option<Text<'a>>,
    /// The currency.
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// Not MoMo's (a Unipesa field of Transaction).
    #[serde(borrow)]
    pub redirect_url: Option<Text<'a>>,
    /// Not MoMo's (a Unipesa field of Transaction).
    pub confirm_type: Option<i64>,
    /// MTN's answer (`null` for an accepted operation not read yet): any JSON value, taken from the tree as it
    /// is by [`TransactionInput::read`] (serde only passes over it: reading it as a `Value` would compile a
    /// second reader of every JSON value into the wasm).
    #[serde(default, deserialize_with = "passed_over")]
    pub raw: Value,
}

/// Passes over any value: `raw` is taken from the tree itself ([`TransactionInput::read`]).
fn passed_over<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    de::IgnoredAny::deserialize(d).map(|_| Value::Null)
}

impl<'a> TransactionInput<'a> {
    /// Reads the JSON tree of a `Transaction` (the JS object `failureError` takes), `raw` taken out of it as it
    /// is, the strings borrowed from it.
    pub fn read(tree: &'a mut Value) -> Result<TransactionInput<'a>, Error> {
        // serde reads a struct from an array too, field by field in order: a transaction is an object.
        if tree.is_array() {
            return Err(Error::validation("transaction", "must be an object"));
        }
        let raw = tree.get_mut("raw").map(Value::take).unwrap_or_default();
        let mut t: TransactionInput<'a> = read_json_in(tree, "transaction")?;
        t.raw = raw;
        Ok(t)
    }

    /// The transaction as MoMo's parser reads it from `raw` (pending when nothing was read yet).
    pub fn into_transaction(self) -> Result<Transaction, Error> {
        if self.provider.0 != "momo" {
            return Err(Error::validation(
                "transaction.provider",
                "must be \"momo\": a transaction returned by MtnMomo",
            ));
        }
        if self.raw.get("status").is_none() {
            // An accepted, not yet read transaction (raw is null): pending.
            let mut t = accepted_transaction(&CreateRequest {
                kind: Kind::RequestToPay,
                reference_id: self.reference.into(),
                callback_url: None,
                body: Map::new(),
            });
            t.raw = self.raw;
            return Ok(t);
        }
        let resp = HttpResponse::new(200, serde_json::to_string(&self.raw).unwrap_or_default());
        parse_status(&resp, self.reference.0)
    }
}

#[cfg(test)]
mod tests;
