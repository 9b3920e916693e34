//! CinetPay configuration: hosts, the language, the merchant's credentials, contacts and transfers.

use crate::core::http::{form_encode, join_url};
use crate::core::{Amount, Error, Secret};

/// CinetPay's transfer API root (docs/providers/cinetpay.md#hosts-and-authentication: `https://client.cinetpay.com/v1/...`).
pub const DEFAULT_BASE_URL: &str = "https://client.cinetpay.com/v1";

/// The currency of balances and payouts when nothing else says it (CinetPay's examples (docs/providers/cinetpay.md#request-fields) are in XOF, Côte
/// d'Ivoire). The API itself never names a currency: it is an option.
pub const DEFAULT_CURRENCY: &str = "XOF";

/// How long a token lives (docs/providers/cinetpay.md#hosts-and-authentication: "Its lifetime is 5min").
pub const TOKEN_LIFETIME_S: u64 = 300;

/// Content type of every POST (docs/providers/cinetpay.md#hosts-and-authentication: `Content-Type: application/x-www-form-urlencoded`).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The language of the provider's messages, sent as `lang` on every call (docs/providers/cinetpay.md#hosts-and-authentication: `?lang=fr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// French (the provider's documented examples).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads `"fr"` or `"en"`.
    pub fn parse(field: &str, s: &str) -> Result<Lang, Error> {
        match s {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(Error::validation(field, "must be \"fr\" or \"en\"")),
        }
    }
}

/// A merchant's transfer credentials and settings.
#[derive(Debug, Clone)]
pub struct CinetPayConfig {
    /// API root, `https://client.cinetpay.com/v1` (or the sandbox's `.../cinetpay/v1`).
    pub base_url: String,
    /// The merchant's `apikey`.
    pub api_key: Secret<String>,
    /// The transfer API `password` (set in the merchant back-office).
    pub password: Secret<String>,
    /// `lang` of every call.
    pub lang: Lang,
    /// The currency of the transfer account (balances) and the default of payouts.
    pub currency: String,
}

impl CinetPayConfig {
    /// Checks that the credentials are present and the URL and currency well formed, naming the option.
    pub fn check(&self) -> Result<(), Error> {
        if self.api_key.expose().trim().is_empty() {
            return Err(Error::validation("apiKey", "is required"));
        }
        if self.password.expose().trim().is_empty() {
            return Err(Error::validation(
                "password",
                "is required (the transfer API password of the CinetPay back-office)",
            ));
        }
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        if self.base_url.contains('?') || self.base_url.contains('#') {
            return Err(Error::validation(
                "baseUrl",
                "must not contain a query or a fragment",
            ));
        }
        check_currency("currency", &self.currency)
    }

    /// `{base}/{path}?{token=…&}{extra…&}lang=…` (CinetPay's query order, docs/providers/cinetpay.md#hosts-and-authentication: token first, lang last).
    pub(super) fn url(&self, path: &str, token: Option<&str>, extra: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(t) = token {
            pairs.push(("token", t));
        }
        pairs.extend_from_slice(extra);
        pairs.push(("lang", self.lang.as_str()));
        format!("{}?{}", join_url(&self.base_url, path), form_encode(&pairs))
    }
}

/// A contact to add (docs/providers/cinetpay.md, "Ajouter un ou plusieurs contacts"): `prefix` is the country calling code,
/// `phone` the national number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Country calling code (`"225"`).
    pub prefix: String,
    /// National number (`"0707000000"`).
    pub phone: String,
    /// First name.
    pub name: String,
    /// Last name.
    pub surname: String,
    /// E-mail address.
    pub email: String,
}

/// A transfer to a contact (docs/providers/cinetpay.md, "Envoyer de l'argent"): `prefix, phone, amount, notify_url,
/// client_transaction_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Country calling code.
    pub prefix: String,
    /// National number; must already be a contact (else 724).
    pub phone: String,
    /// Whole units of the account's currency.
    pub amount: Amount,
    /// Where CinetPay POSTs the notification (required: 725 MISSING_NOTIFY_URL otherwise).
    pub notify_url: String,
    /// The merchant's id of the transfer: the idempotency key (805 when reused). The client generates one when
    /// absent; the builder requires it.
    pub client_transaction_id: Option<String>,
}

/// Which id `check/money` looks a transfer up by (docs/providers/cinetpay.md#request-fields: "transaction_id OU client_transaction_id").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferLookup {
    /// The merchant's id (what payrail calls the `reference`).
    ClientTransactionId(String),
    /// CinetPay's id.
    TransactionId(String),
}

/// Checks an ISO 4217 code of three capital letters.
pub(super) fn check_currency(field: &str, currency: &str) -> Result<(), Error> {
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an ISO 4217 code of three capital letters (\"XOF\")",
        ))
    }
}
