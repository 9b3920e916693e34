//! One module per provider, each an implementation of ONE provider interface, [`PaymentApi`]: its configuration,
//! pure request builders, response and callback parsers, and data tables. Nothing here is async, reads a clock
//! or draws randomness, and nothing here imports `client` or `wasm`: times, ids and nonces come in as arguments.
//!
//! Adding a provider: docs/adding-a-provider.md.

// One cargo feature per provider (Cargo.toml); the interface below is shared.
#[cfg(feature = "alianspay")]
pub mod alianspay;
#[cfg(feature = "cinetpay")]
pub mod cinetpay;
#[cfg(feature = "momo")]
pub mod momo;
#[cfg(feature = "unipesa")]
pub mod unipesa;
#[cfg(feature = "viralpay")]
pub mod viralpay;

use crate::core::ErrorKind;
use crate::core::{Callback, Error, Provider, Reason, Status};

/// The unified operations every provider class offers (where the provider has them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// The customer pays the merchant.
    Collect,
    /// The merchant pays a customer.
    Payout,
    /// The status of an operation by its reference.
    Status,
    /// The merchant's balances.
    Balance,
    /// Reads (and verifies, where the provider signs) a callback.
    ParseCallback,
    /// Reads a callback and confirms it with a status read (the providers that sign nothing).
    ConfirmCallback,
}

impl Operation {
    /// The name of the JS method (`"collect"`, `"confirmCallback"`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Collect => "collect",
            Operation::Payout => "payout",
            Operation::Status => "status",
            Operation::Balance => "balance",
            Operation::ParseCallback => "parseCallback",
            Operation::ConfirmCallback => "confirmCallback",
        }
    }
}

/// How a provider's callbacks are trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackTrust {
    /// Signed: `parse_callback` verifies the signature (Unipesa).
    Signed,
    /// Unsigned: confirm by reading the status of the operation (`confirm_callback`).
    StatusRead,
}

/// Which unified operations a provider has: the one place that decides "unsupported".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether `collect` exists.
    pub collect: bool,
    /// Whether `payout` exists.
    pub payout: bool,
    /// Whether `balance` exists.
    pub balance: bool,
    /// How callbacks are trusted (`confirm_callback` exists for [`CallbackTrust::StatusRead`]).
    pub callbacks: CallbackTrust,
}

impl Capabilities {
    /// Whether the provider has `op`.
    pub fn has(&self, op: Operation) -> bool {
        match op {
            Operation::Collect => self.collect,
            Operation::Payout => self.payout,
            Operation::Balance => self.balance,
            Operation::Status | Operation::ParseCallback => true,
            Operation::ConfirmCallback => self.callbacks == CallbackTrust::StatusRead,
        }
    }
}

/// What a caller may know about a callback that its body does not say (MoMo's callbacks carry no reference:
/// the caller's route does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackHint {
    /// The reference of the operation the callback is about.
    pub reference: Option<String>,
    /// The kind of operation (MoMo: `"requestToPay"`, `"transfer"`...).
    pub kind: Option<String>,
}

/// The one provider interface: implemented by each provider's configuration type. The async side (the
/// driver and its `PaymentClient`, in `client`) adds the calls that need I/O.
pub trait PaymentApi {
    /// Which provider.
    const PROVIDER: Provider;
    /// Which unified operations exist.
    const CAPABILITIES: Capabilities;

    /// Why `op` is missing, and what to do instead: a sentence for the `UnsupportedError`.
    fn unsupported_reason(op: Operation) -> &'static str {
        let _ = op;
        "the provider's API has no such operation"
    }

    /// `Ok` when the provider has `op`, else the typed `unsupported` error, before anything is read or sent.
    fn require(op: Operation) -> Result<(), Error> {
        if Self::CAPABILITIES.has(op) {
            return Ok(());
        }
        Err(ErrorKind::Unsupported {
            provider: Self::PROVIDER,
            operation: op.as_str().into(),
            message: format!("{} {}", op.as_str(), Self::unsupported_reason(op)),
        }
        .into())
    }

    /// The provider's own status (and failure reason code, where it has one) in the unified words.
    fn map_status(provider_status: &str, reason: Option<&str>) -> (Status, Option<Reason>);

    /// Reads a callback body; verifies its signature where the provider signs ([`CallbackTrust::Signed`]).
    fn parse_callback(&self, raw_body: &str, hint: &CallbackHint) -> Result<Callback, Error>;
}
