//! Cryptography, all pure: TOTP (RFC 4226/6238) and the AliansPay OTP, the Unipesa signature, constant-time
//! comparison and UUID v4 formatting. Times and random bytes are arguments.

pub mod ct;
pub mod totp;
pub mod unipesa_signature;
pub mod uuid;

pub use ct::constant_time_eq;

pub use totp::{alianspay_otp, hotp, totp, Algorithm};
pub use uuid::{is_uuid_v4, uuid_v4_from_bytes};
