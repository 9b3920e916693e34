//! ViralPAY's settings: the sandbox host, the function paths (each overridable) and the merchant's credentials,
//! checked before any request is built (docs/providers/viralpay.md).

use crate::core::http::join_url;
use crate::core::{Error, Secret};

/// ViralPAY's published sandbox host (docs/providers/viralpay.md#hosts-and-authentication: "Sandbox endpoint : api-sandbox.viralpay.cm"). The production
/// host is *unpublished* (docs/providers/viralpay.md): pass it as `base_url`.
pub const DEFAULT_BASE_URL: &str = "https://api-sandbox.viralpay.cm";

/// The paths of the ViralPAY functions. ViralPAY names only `/v1/token` (docs/providers/viralpay.md#endpoints); the others are payrail's (docs/providers/viralpay.md#choices-where-the-provider-is-silent)
/// defaults for paths ViralPAY does not publish, each overridable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViralPayPaths {
    /// `POST` token (docs/providers/viralpay.md#hosts-and-authentication: `/v1/token`).
    pub token: String,
    /// `GET` account info (default `/v1/account`).
    pub account: String,
    /// `GET` balances (default `/v1/balances`).
    pub balances: String,
    /// `GET` transactions (default `/v1/transactions`).
    pub transactions: String,
    /// `GET` transaction status (default `/v1/transactions/status`).
    pub transaction_status: String,
    /// `POST` payment / collect (default `/v1/payments`).
    pub payments: String,
    /// `POST` transfer / payout to a wallet (default `/v1/transfers`).
    pub transfers: String,
    /// `POST` bank transfer (default `/v1/virements`).
    pub virements: String,
    /// `POST` notifications (default `/v1/notifications`).
    pub notifications: String,
}

impl Default for ViralPayPaths {
    fn default() -> Self {
        ViralPayPaths {
            token: "/v1/token".into(),
            account: "/v1/account".into(),
            balances: "/v1/balances".into(),
            transactions: "/v1/transactions".into(),
            transaction_status: "/v1/transactions/status".into(),
            payments: "/v1/payments".into(),
            transfers: "/v1/transfers".into(),
            virements: "/v1/virements".into(),
            notifications: "/v1/notifications".into(),
        }
    }
}

impl ViralPayPaths {
    /// The option names (camelCase, as in JS) and the paths they set.
    pub fn entries_mut(&mut self) -> [(&'static str, &mut String); 9] {
        [
            ("token", &mut self.token),
            ("account", &mut self.account),
            ("balances", &mut self.balances),
            ("transactions", &mut self.transactions),
            ("transactionStatus", &mut self.transaction_status),
            ("payments", &mut self.payments),
            ("transfers", &mut self.transfers),
            ("virements", &mut self.virements),
            ("notifications", &mut self.notifications),
        ]
    }
}

/// A merchant's ViralPAY credentials (docs/providers/viralpay.md, "Parameters" of the token call) and settings.
#[derive(Debug, Clone)]
pub struct ViralPayConfig {
    /// API host (`https://api-sandbox.viralpay.cm`).
    pub base_url: String,
    /// The client id (`client_user` of the Basic header, `client_id` of the form).
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret<String>,
    /// The username of the password grant.
    pub username: String,
    /// The password of the password grant.
    pub password: Secret<String>,
    /// Function paths (payrail's defaults, docs/providers/viralpay.md#choices-where-the-provider-is-silent).
    pub paths: ViralPayPaths,
}

impl ViralPayConfig {
    /// Checks that every credential is present and every path is a path, naming the faulty option.
    pub fn check(&self) -> Result<(), Error> {
        for (field, value) in [
            ("baseUrl", self.base_url.as_str()),
            ("clientId", self.client_id.as_str()),
            ("clientSecret", self.client_secret.expose().as_str()),
            ("username", self.username.as_str()),
            ("password", self.password.expose().as_str()),
        ] {
            if value.trim().is_empty() {
                return Err(Error::validation(field, "is required"));
            }
        }
        crate::core::http::check_base_url("baseUrl", &self.base_url)?;
        let mut paths = self.paths.clone();
        for (name, p) in paths.entries_mut() {
            if !p.starts_with('/') || p.contains(['?', '#', ' ']) {
                return Err(Error::validation(
                    format!("paths.{name}"),
                    "must be a path starting with '/', without query or spaces",
                ));
            }
        }
        Ok(())
    }

    /// The URL of `path` on the configured host.
    pub(super) fn url(&self, path: &str) -> String {
        join_url(&self.base_url, path)
    }
}
