//! Cryptography, all pure: TOTP (RFC 4226/6238) and the AliansPay OTP, the Unipesa signature, constant-time
//! comparison and UUID v4 formatting. Times and random bytes are arguments.

//!
//! Each module is in the builds whose features need it (Cargo.toml): UUIDs in all, the signature and the
//! constant-time comparison with `unipesa` or `crypto`, TOTP with `alianspay` or `crypto`.

#[cfg(any(feature = "unipesa", feature = "crypto"))]
pub mod ct;
#[cfg(any(feature = "unipesa", feature = "crypto"))]
pub mod php_float;
#[cfg(any(feature = "unipesa", feature = "crypto"))]
pub mod signature_text;
#[cfg(any(feature = "alianspay", feature = "crypto"))]
pub mod totp;
#[cfg(any(feature = "unipesa", feature = "crypto"))]
pub mod unipesa_signature;
pub mod uuid;

#[cfg(any(feature = "unipesa", feature = "crypto"))]
pub use ct::constant_time_eq;

#[cfg(any(feature = "alianspay", feature = "crypto"))]
pub use totp::{alianspay_otp, hotp, totp, Algorithm};
pub use uuid::{is_uuid_v4, uuid_v4_from_bytes};
