//! AliansPay (docs/providers/alianspay.md).
//!
//! Published (docs/providers/alianspay.md): the payment-method codes per country and their currency, the statuses, the OTP scheme
//! (a 6-digit RFC 6238 TOTP keyed with the bytes of the partner's otp-secret-code, on every request) and the
//! callback body. *Unpublished*, so options with payrail's defaults (docs/providers/alianspay.md#choices-where-the-provider-is-silent): the base URL, the paths, the header
//! names and the request body. Builders and parsers here are pure: the time of the OTP comes in as an argument.
//!
//! The module is split by role: `config` (host, paths, header names, the GUID), `tables` (countries, methods,
//! currencies), `build` (the operation input, its checks, request builders), `parse` (statuses, answers,
//! callbacks) and `errors` (non-2xx answers and error codes to typed errors); everything public is re-exported
//! here, so `providers::alianspay::build_operation` and the like name it.

mod build;
mod config;
mod errors;
pub mod input;
mod interface;
mod parse;
mod tables;

pub use build::*;
pub use config::*;
pub use errors::error_of;
pub use parse::*;
pub use tables::*;

#[cfg(test)]
mod tests;
