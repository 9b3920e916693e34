//! AliansPay's settings: the host, the call paths and the two authentication header names (all unpublished,
//! each overridable), and the partner's GUID, checked before any request is built; the GUID is scrubbed from
//! whatever the SDK hands back (docs/providers/alianspay.md).

use crate::core::{Error, Secret};
use serde_json::Value;

/// payrail's default host (docs/providers/alianspay.md#choices-where-the-provider-is-silent; AliansPay does not publish one).
pub const DEFAULT_BASE_URL: &str = "https://api.alianspay.com";

/// The placeholder of the transaction-status path.
pub const EXTERNAL_ID_PLACEHOLDER: &str = "{externalTransactionId}";

/// The paths of the AliansPay calls: *unpublished*, payrail's defaults (docs/providers/alianspay.md#choices-where-the-provider-is-silent), each overridable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliansPayPaths {
    /// `POST` collection (default `/api/v1/collection`).
    pub collection: String,
    /// `POST` disbursement (default `/api/v1/disbursement`).
    pub disbursement: String,
    /// `GET` transaction status, with [`EXTERNAL_ID_PLACEHOLDER`] (default
    /// `/api/v1/transaction/{externalTransactionId}`).
    pub transaction: String,
    /// `GET` balance (default `/api/v1/balance`).
    pub balance: String,
}

impl Default for AliansPayPaths {
    fn default() -> Self {
        AliansPayPaths {
            collection: "/api/v1/collection".into(),
            disbursement: "/api/v1/disbursement".into(),
            transaction: format!("/api/v1/transaction/{EXTERNAL_ID_PLACEHOLDER}"),
            balance: "/api/v1/balance".into(),
        }
    }
}

/// The names of the two authentication headers: *unpublished*, payrail's defaults (docs/providers/alianspay.md#choices-where-the-provider-is-silent) `guid` and `otp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliansPayHeaderNames {
    /// The header carrying the partner GUID (default `guid`).
    pub guid: String,
    /// The header carrying the OTP (default `otp`).
    pub otp: String,
}

impl Default for AliansPayHeaderNames {
    fn default() -> Self {
        AliansPayHeaderNames {
            guid: "guid".into(),
            otp: "otp".into(),
        }
    }
}

/// A partner's AliansPay credentials and settings.
#[derive(Debug, Clone)]
pub struct AliansPayConfig {
    /// API host.
    pub base_url: String,
    /// The partner's otp-secret-code (a GUID string): sent in the guid header and the key of every OTP, so a
    /// secret (docs/providers/alianspay.md, "OTP").
    pub guid: Secret<String>,
    /// Call paths.
    pub paths: AliansPayPaths,
    /// Authentication header names.
    pub header_names: AliansPayHeaderNames,
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl AliansPayConfig {
    /// Checks the options, naming the faulty one.
    pub fn check(&self) -> Result<(), Error> {
        if self.guid.expose().trim().is_empty() {
            return Err(Error::validation(
                "guid",
                "is required (the partner's otp-secret-code)",
            ));
        }
        // The guid travels in a header of every request (docs/providers/alianspay.md#hosts-and-authentication).
        crate::core::http::check_header_credential("guid", self.guid.expose())?;
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        for (name, p) in [
            ("paths.collection", &self.paths.collection),
            ("paths.disbursement", &self.paths.disbursement),
            ("paths.transaction", &self.paths.transaction),
            ("paths.balance", &self.paths.balance),
        ] {
            if !p.starts_with('/') || p.contains(['?', '#', ' ']) {
                return Err(Error::validation(
                    name,
                    "must be a path starting with '/', without query or spaces",
                ));
            }
        }
        if !self.paths.transaction.contains(EXTERNAL_ID_PLACEHOLDER) {
            return Err(Error::validation(
                "paths.transaction",
                "must contain {externalTransactionId}",
            ));
        }
        for (name, h) in [
            ("headerNames.guid", &self.header_names.guid),
            ("headerNames.otp", &self.header_names.otp),
        ] {
            if !is_token(h) {
                return Err(Error::validation(name, "must be an HTTP header name"));
            }
        }
        if self
            .header_names
            .guid
            .eq_ignore_ascii_case(&self.header_names.otp)
        {
            return Err(Error::validation(
                "headerNames.otp",
                "must differ from headerNames.guid",
            ));
        }
        Ok(())
    }

    /// Replaces the partner GUID in every string of a JSON value (a `raw` answer handed to the caller).
    pub(super) fn scrub_value(&self, v: &mut Value) {
        match v {
            Value::String(t) => {
                let clean = self.scrub(t);
                *t = clean;
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.scrub_value(i)),
            Value::Object(map) => map.values_mut().for_each(|i| self.scrub_value(i)),
            _ => {}
        }
    }

    /// Replaces the partner GUID wherever a provider text might echo it.
    pub(super) fn scrub(&self, text: &str) -> String {
        let g = self.guid.expose();
        if g.len() >= 4 && text.contains(g.as_str()) {
            text.replace(g.as_str(), "[redacted]")
        } else {
            text.to_string()
        }
    }

    /// The body for an error snippet, the partner GUID scrubbed should the provider echo it.
    pub(super) fn scrubbed_body(&self, body: &[u8]) -> Vec<u8> {
        self.scrub(&String::from_utf8_lossy(body)).into_bytes()
    }
}
