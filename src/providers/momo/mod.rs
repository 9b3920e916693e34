//! MTN MoMo Open API (docs/providers/momo.md; with the Partner Gateway `POST /collection/v2_0/payment`).
//!
//! Three products (Collection, Disbursement, Remittance), each with its own subscription key and its own
//! OAuth-like token (`POST /{product}/token/`), plus the sandbox provisioning calls. Every creating call takes
//! an `X-Reference-Id` (UUID v4) chosen by the caller: it is the operation's idempotency key (a second POST with
//! it answers `409 RESOURCE_ALREADY_EXIST` and creates nothing) and the id its status is read by.
//!
//! Builders and parsers here are pure: the token, the reference id and the callback URL come in as arguments.

mod build;
mod config;
mod errors;
pub mod input;
mod interface;
mod parse;

pub use build::*;
pub use config::*;
pub use errors::*;
pub use parse::*;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_definitions;
