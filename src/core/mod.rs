//! Plain data and rules: HTTP messages, money, phone numbers, secrets, errors, the unified results, access
//! tokens' lifetimes and `Retry-After` waits.
//! Nothing here does I/O, reads a clock or draws randomness.

pub mod amount;
pub mod error;
pub mod field_path;
pub mod http;
pub mod input;
pub mod model;
pub mod number;
pub mod phone;
pub mod reference;
pub mod retry_after;
pub mod secret;
pub mod token;

pub use amount::Amount;
pub use error::{Category, Error, ErrorKind, MoneyError, Outcome, Provider, ProviderDetail};
pub use http::{HttpRequest, HttpResponse, Method};
pub use model::{Balance, Callback, Reason, Status, Transaction};
pub use phone::{normalize_phone, phone_digits};
pub use secret::Secret;
