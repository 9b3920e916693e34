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
        let unknown = || Error::validation("algorithm", "must be SHA1, SHA256 or SHA512");
        // The name without its hyphens, upper-cased, in a buffer as long as the longest name: no allocation,
        // no string replacement (~0.5 KB of wasm).
        let mut buf = [0u8; 6];
        let mut len = 0;
        for b in name.bytes().filter(|&b| b != b'-') {
            *buf.get_mut(len).ok_or_else(unknown)? = b.to_ascii_uppercase();
            len += 1;
        }
        match &buf[..len] {
            b"SHA1" => Ok(Algorithm::Sha1),
            b"SHA256" => Ok(Algorithm::Sha256),
            b"SHA512" => Ok(Algorithm::Sha512),
            _ => Err(unknown()),
        }
    }
}

/// HMAC of `msg` under `key` with the hash `$h`. `new_from_slice` accepts keys of any length for HMAC; the error
/// arm cannot happen, and is mapped anyway.
macro_rules! hmac_of {
    ($h:ty, $key:expr, $msg:expr) => {
        match <Hmac<$h>>::new_from_slice($key) {
            Ok(mut m) => {
                m.update($msg);
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    };
}

fn mac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::Sha1 => hmac_of!(sha1::Sha1, key, msg),
        Algorithm::Sha256 => hmac_of!(sha2::Sha256, key, msg),
        Algorithm::Sha512 => hmac_of!(sha2::Sha512, key, msg),
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
    value_of(&mac(alg, key, &counter.to_be_bytes()), digits)
}

/// The HOTP value of an HMAC result `hs`, zero-padded to `digits`.
fn value_of(hs: &[u8], digits: u32) -> Result<String, Error> {
    let number = truncate(hs).ok_or_else(|| Error::validation("key", "HMAC failed"))?;
    // `digits` decimal digits, zero-padded (what `format!("{:0digits$}")` writes, without its padding machinery).
    let mut rest = number % 10u32.pow(digits);
    let mut out = vec![b'0'; digits as usize];
    for d in out.iter_mut().rev() {
        *d = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    Ok(String::from_utf8(out).unwrap_or_default())
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

/// The AliansPay OTP (docs/providers/alianspay.md): a 6-digit, 30-second, SHA-1 TOTP whose key is the UTF-8 bytes of the partner's
/// `otp-secret-code` (a GUID string). The docs' JS, `authenticator.generate(base32Encode(Buffer.from(guid)))`,
/// base32-encodes those bytes only for otplib to decode them again: the key is the same.
pub fn alianspay_otp(otp_secret_code: &str, unix_time: u64) -> String {
    // `totp(key, unix_time, 30, 6, Sha1)` with SHA-1 named here rather than chosen at run time, so a wasm whose
    // only OTP is this one carries no SHA-256/512 (~19 KB). 6 digits are valid: it cannot fail.
    let hs = hmac_of!(
        sha1::Sha1,
        otp_secret_code.as_bytes(),
        &(unix_time / 30).to_be_bytes()
    );
    value_of(&hs, 6).unwrap_or_default()
}

/// Decodes an RFC 4648 base32 secret as authenticator apps show it: case-insensitive; white space, `-` and `=`
/// ignored wherever they stand; a length no byte string encodes to (1, 3 or 6 symbols past a multiple of 8) or
/// non-zero unused trailing bits refused.
#[cfg(feature = "crypto")]
pub fn decode_base32_secret(text: &str) -> Result<Vec<u8>, Error> {
    // The symbols left once white space, `-` and `=` are dropped, lower case made upper case; any other
    // character stays and the decoder refuses it.
    let mut symbols = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() || c == '-' || c == '=' {
            continue;
        }
        let mut utf8 = [0u8; 4];
        symbols.extend_from_slice(c.to_ascii_uppercase().encode_utf8(&mut utf8).as_bytes());
    }
    BASE32
        .decode(&symbols)
        .map_err(|_| Error::validation("secret", "is not valid base32 (RFC 4648)"))
}

/// RFC 4648 §6 base32 without padding, unused trailing bits checked: data-encoding's own `BASE32_NOPAD`, the
/// characters it would not take dropped or translated above. No `Specification` built at run time: its builder
/// was ~2 KB of wasm. (data-encoding's generic decoder itself, ~19 KB, stays whole: it dispatches on the
/// encoding's parameters at run time, every combination compiled.)
#[cfg(feature = "crypto")]
static BASE32: data_encoding::Encoding = data_encoding::BASE32_NOPAD;

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
    #[cfg(feature = "crypto")]
    fn base32_secret_decoding() {
        // RFC 4648 §10 test vector: BASE32("foobar") = "MZXW6YTBOI======".
        assert_eq!(
            decode_base32_secret("mzxw 6ytb oi======").unwrap(),
            b"foobar"
        );
        assert!(decode_base32_secret("1!").is_err());
    }

    #[test]
    #[cfg(feature = "crypto")]
    fn base32_rfc4648_section10_vectors_padded_or_not() {
        // RFC 4648 §10, "BASE32" test vectors, with and without their '=' padding.
        for (expected, padded) in [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            for text in [padded, padded.trim_end_matches('=')] {
                assert_eq!(
                    decode_base32_secret(text).unwrap(),
                    expected.as_bytes(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    #[cfg(feature = "crypto")]
    fn base32_secrets_as_authenticators_show_them() {
        // RFC 4648 §10's BASE32("foobar") = "MZXW6YTBOI": in groups, lower case, dashes, tabs and line breaks,
        // padding anywhere, a no-break space (U+00A0) and an ideographic space (U+3000) from a pasted page.
        for text in [
            "mzxw 6ytb oi",
            "MZXW-6YTB-OI",
            "MzXw\t6YtB\r\nOI",
            "MZ=XW6YTBOI",
            "MZXW\u{a0}6YTB\u{3000}OI",
            "\u{b}MZXW6YTBOI\u{c}",
        ] {
            assert_eq!(decode_base32_secret(text).unwrap(), b"foobar", "{text:?}");
        }
    }

    #[test]
    #[cfg(feature = "crypto")]
    fn base32_secrets_refused() {
        for text in [
            // Impossible lengths: 1, 3 and 6 symbols past a multiple of 8.
            "M",
            "MZX",
            "MZXW6Y",
            "MZXW6YTBM",
            // Outside the alphabet: '0', '1', '8', '9', '!', '_', a non-ASCII letter, a control character that
            // is not white space, a zero-width space (U+200B, not white space).
            "M0",
            "M1",
            "M8",
            "M9",
            "MY!",
            "MY_",
            "MYÉ",
            "MY\u{1}",
            "MY\u{200b}",
            // Non-zero trailing bits: "MZ" carries 'f' (0x66) in 8 of its 10 bits, 'Z' leaves 2 bits set.
            "MZ",
        ] {
            let err = decode_base32_secret(text).unwrap_err();
            assert_eq!(err.field(), Some("secret"), "{text:?}");
            assert_eq!(err.code(), "validation_error", "{text:?}");
        }
    }

    #[test]
    fn algorithm_names() {
        assert_eq!(Algorithm::parse("sha-256").unwrap(), Algorithm::Sha256);
        // Each name has its own arm (tests/vectors.rs reads them too, but cargo-mutants runs only --lib).
        assert_eq!(Algorithm::parse("SHA1").unwrap(), Algorithm::Sha1);
        assert_eq!(Algorithm::parse("sha-1").unwrap(), Algorithm::Sha1);
        assert_eq!(Algorithm::parse("SHA512").unwrap(), Algorithm::Sha512);
        assert_eq!(Algorithm::parse("Sha-512").unwrap(), Algorithm::Sha512);
        assert!(Algorithm::parse("md5").is_err());
        // Hyphens anywhere are dropped; a name longer than any known one, or empty, is refused.
        assert_eq!(Algorithm::parse("s-h-a-2-5-6").unwrap(), Algorithm::Sha256);
        assert_eq!(Algorithm::parse("---sha1").unwrap(), Algorithm::Sha1);
        for bad in ["", "-", "SHA5120", "SHA-1024", "SHA", "ＳＨＡ1"] {
            assert_eq!(
                Algorithm::parse(bad).unwrap_err().field(),
                Some("algorithm"),
                "{bad}"
            );
        }
    }
}
