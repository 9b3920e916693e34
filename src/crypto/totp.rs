//! HOTP ([RFC 4226](https://www.rfc-editor.org/rfc/rfc4226)) and TOTP ([RFC 6238](https://www.rfc-editor.org/rfc/rfc6238)),
//! with the time always passed in, and the AliansPay OTP built on them.

use crate::core::Error;
use hmac::{Hmac, Mac};

/// The HMAC hash of a TOTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA-1 (RFC 4226's, and what authenticator apps and AliansPay use).
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Algorithm {
    /// Reads `"SHA1"`, `"SHA256"`, `"SHA512"` (any case, with or without a hyphen).
    pub fn parse(name: &str) -> Result<Algorithm, Error> {
        match name.to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(Error::validation(
                "algorithm",
                "must be SHA1, SHA256 or SHA512",
            )),
        }
    }
}

fn mac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    // `new_from_slice` accepts keys of any length for HMAC; the error arm cannot happen, and is mapped anyway.
    macro_rules! run {
        ($h:ty) => {
            match <Hmac<$h>>::new_from_slice(key) {
                Ok(mut m) => {
                    m.update(msg);
                    m.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        };
    }
    match alg {
        Algorithm::Sha1 => run!(sha1::Sha1),
        Algorithm::Sha256 => run!(sha2::Sha256),
        Algorithm::Sha512 => run!(sha2::Sha512),
    }
}

/// RFC 4226 §5.3: dynamic truncation of an HMAC value to a 31-bit number.
fn truncate(hs: &[u8]) -> Option<u32> {
    let offset = (*hs.last()? & 0x0f) as usize;
    let b = hs.get(offset..offset + 4)?;
    Some(u32::from_be_bytes([b[0] & 0x7f, b[1], b[2], b[3]]))
}

fn check_digits(digits: u32) -> Result<(), Error> {
    if (6..=8).contains(&digits) {
        Ok(())
    } else {
        Err(Error::validation("digits", "must be 6, 7 or 8"))
    }
}

/// HOTP value of `counter` (RFC 4226 §5.3), zero-padded to `digits` (6 to 8).
pub fn hotp(key: &[u8], counter: u64, digits: u32, alg: Algorithm) -> Result<String, Error> {
    check_digits(digits)?;
    let hs = mac(alg, key, &counter.to_be_bytes());
    let number = truncate(&hs).ok_or_else(|| Error::validation("key", "HMAC failed"))?;
    let modulus = 10u32.pow(digits);
    Ok(format!(
        "{:0width$}",
        number % modulus,
        width = digits as usize
    ))
}

/// TOTP value at `unix_time` seconds (RFC 6238 §4, T0 = 0): HOTP of `floor(unix_time / period)`.
pub fn totp(
    key: &[u8],
    unix_time: u64,
    period: u64,
    digits: u32,
    alg: Algorithm,
) -> Result<String, Error> {
    if period == 0 {
        return Err(Error::validation("period", "must be at least 1 second"));
    }
    hotp(key, unix_time / period, digits, alg)
}

/// The AliansPay OTP (seed 000): a 6-digit, 30-second, SHA-1 TOTP whose key is the UTF-8 bytes of the partner's
/// `otp-secret-code` (a GUID string). The docs' JS, `authenticator.generate(base32Encode(Buffer.from(guid)))`,
/// base32-encodes those bytes only for otplib to decode them again: the key is the same.
pub fn alianspay_otp(otp_secret_code: &str, unix_time: u64) -> String {
    // 6 digits and a period of 30 are valid constants: `totp` cannot fail with them.
    totp(
        otp_secret_code.as_bytes(),
        unix_time,
        30,
        6,
        Algorithm::Sha1,
    )
    .unwrap_or_default()
}

/// Decodes an RFC 4648 base32 secret as authenticator apps show it: case-insensitive, spaces and `=` padding
/// ignored.
pub fn decode_base32_secret(text: &str) -> Result<Vec<u8>, Error> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    super::base_n::base32_decode_nopad(cleaned.as_bytes())
        .ok_or_else(|| Error::validation("secret", "is not valid base32 (RFC 4648)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_period_are_checked() {
        assert_eq!(
            hotp(b"k", 0, 5, Algorithm::Sha1).unwrap_err().field(),
            Some("digits")
        );
        assert_eq!(
            hotp(b"k", 0, 9, Algorithm::Sha1).unwrap_err().field(),
            Some("digits")
        );
        assert_eq!(
            totp(b"k", 0, 0, 6, Algorithm::Sha1).unwrap_err().field(),
            Some("period")
        );
    }

    #[test]
    fn base32_secret_decoding() {
        // RFC 4648 §10 test vector: BASE32("foobar") = "MZXW6YTBOI======".
        assert_eq!(
            decode_base32_secret("mzxw 6ytb oi======").unwrap(),
            b"foobar"
        );
        assert!(decode_base32_secret("1!").is_err());
    }

    #[test]
    fn algorithm_names() {
        assert_eq!(Algorithm::parse("sha-256").unwrap(), Algorithm::Sha256);
        assert!(Algorithm::parse("md5").is_err());
    }
}
