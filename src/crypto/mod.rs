//! Cryptography, all pure: TOTP (RFC 4226/6238) and the AliansPay OTP, the Unipesa signature, constant-time
//! comparison and UUID v4 formatting. Times and random bytes are arguments.

pub mod base_n;
pub mod ct;
pub mod totp;
pub mod unipesa_signature;
pub mod uuid;

pub use ct::constant_time_eq;

/// Lower-case hex of `bytes` (signatures, UUIDs, store keys): a table lookup per nibble, where `hex::encode` goes
/// through a char iterator that the size-optimised build leaves as calls (bench/README.md).
pub fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[(b >> 4) as usize]);
        out.push(DIGITS[(b & 15) as usize]);
    }
    // Hex digits only: always UTF-8 (bytes, not `String::push(char)`, which encodes each char as UTF-8).
    String::from_utf8(out).unwrap_or_default()
}
pub use totp::{alianspay_otp, hotp, totp, Algorithm};
pub use uuid::{is_uuid_v4, uuid_v4_from_bytes};

#[cfg(test)]
mod tests {
    #[test]
    fn hex_lower_writes_each_nibble() {
        assert_eq!(
            super::hex_lower(&[0x00, 0x0f, 0xa5, 0xff, 0x10]),
            "000fa5ff10"
        );
        assert_eq!(super::hex_lower(&[]), "");
    }
}
