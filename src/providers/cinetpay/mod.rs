//! CinetPay Transfer (payout) API v1 (docs/providers/cinetpay.md, the provider's Postman collection "CinetPay API Payout V1.1.0";
//! docs/providers/cinetpay.md).
//!
//! Five calls under `https://client.cinetpay.com/v1`, each with `lang=fr|en` in the query:
//! `POST /auth/login` (form `apikey`, `password` → a token that lives 5 minutes), then, with the token in the
//! `token` QUERY parameter: `GET /transfer/check/balance/`, `POST /transfer/contact` (form `data=<JSON array of
//! contacts>`), `POST /transfer/money/send/contact` (form `data=<JSON array of transfers>`) and
//! `GET /transfer/check/money?client_transaction_id=…|transaction_id=…`; plus the notification, a form POST to
//! the transfer's `notify_url`, unsigned. Errors mostly come with HTTP 200: the body's `code` (a number or a
//! string) decides.
//!
//! Builders and parsers here are pure: the token, ids and time come in as arguments. Because the token travels
//! in the URL, nothing here formats a request or a URL into an error.

mod build;
mod config;
mod errors;
pub mod input;
mod interface;
mod parse;
pub mod tables;

pub use build::*;
pub use config::*;
pub use errors::*;
pub use parse::*;

#[cfg(test)]
mod tests;
