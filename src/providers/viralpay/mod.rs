//! ViralPAY API v1 (docs/providers/viralpay.md).
//!
//! A password-grant token (`POST /v1/token`, Basic header AND form), then Bearer calls: account info, balances,
//! transactions, transaction status, payments (collect), transfers (payout), bank transfers (virements) and
//! notifications. Every answer is wrapped as `{request_id, timestamp, data}`. Only `/v1/token` is published;
//! the other paths are payrail's defaults (docs/providers/viralpay.md#choices-where-the-provider-is-silent), each overridable through [`ViralPayPaths`].
//!
//! Builders and parsers here are pure: tokens, ids and times come in as arguments.
//!
//! The module is split by role: `config` (host, paths, credentials), `build` (inputs, checks, request builders),
//! `parse` (envelope, answers, statuses, callbacks) and `errors` (HTTP errors and error codes to typed errors);
//! everything public is re-exported here, so `providers::viralpay::build_payment` and the like name it.

mod build;
mod config;
mod errors;
pub mod input;
mod interface;
mod parse;

pub use build::*;
pub use config::*;
pub use parse::*;

#[cfg(test)]
mod tests;
