//! The two RFC 4648 codings payrail needs, written out instead of pulled from a generic crate (the generic
//! decoder of `data-encoding` alone was ~21 KB of the wasm): base64 encoding (§4, with `=` padding) for HTTP
//! Basic credentials, and base32 decoding without padding (§6) for authenticator-style TOTP secrets.

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 ([RFC 4648 §4](https://www.rfc-editor.org/rfc/rfc4648#section-4)) with `=` padding, as HTTP
/// Basic authentication sends `user:password` (RFC 7617 §2).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        // chunk.len() + 1 characters carry data (2, 3 or 4); the rest of the 4 are padding.
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(
                    BASE64_ALPHABET[((n >> (18 - 6 * i)) & 63) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes unpadded base32 ([RFC 4648 §6](https://www.rfc-editor.org/rfc/rfc4648#section-6)), upper-case
/// alphabet `A-Z2-7`. `None` for a character outside the alphabet, a length that no byte string encodes to
/// (1, 3 or 6 characters past a multiple of 8), or non-zero unused trailing bits (the same strictness as the
/// `data-encoding` crate's `BASE32_NOPAD`, which this replaces).
pub fn base32_decode_nopad(text: &[u8]) -> Option<Vec<u8>> {
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // What is left (fewer than 8 bits) is padding and must be zero.
    if acc != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_section10_vectors() {
        // RFC 4648 §10, "BASE64" test vectors.
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(input.as_bytes()), expected, "{input:?}");
        }
        // RFC 7617 §2's example credentials.
        assert_eq!(
            base64_encode(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        // All 6-bit values: bytes 0x00..0xff cover both ends of the alphabet ('A' and '/').
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(base64_encode(&[0, 0, 0]), "AAAA");
    }

    #[test]
    fn base32_rfc4648_section10_vectors() {
        // RFC 4648 §10, "BASE32" test vectors, without their '=' padding.
        for (expected, input) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(
                base32_decode_nopad(input.as_bytes()).as_deref(),
                Some(expected.as_bytes()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn base32_rejects_what_data_encoding_rejected() {
        // Impossible lengths: 1, 3 and 6 characters past a multiple of 8.
        assert_eq!(base32_decode_nopad(b"M"), None);
        assert_eq!(base32_decode_nopad(b"MZX"), None);
        assert_eq!(base32_decode_nopad(b"MZXW6Y"), None);
        assert_eq!(base32_decode_nopad(b"MZXW6YTBM"), None);
        // Outside the alphabet: lower case (the caller upper-cases), '0', '1', '8', '='.
        assert_eq!(base32_decode_nopad(b"my"), None);
        assert_eq!(base32_decode_nopad(b"M0"), None);
        assert_eq!(base32_decode_nopad(b"M1"), None);
        assert_eq!(base32_decode_nopad(b"M8"), None);
        assert_eq!(base32_decode_nopad(b"MY=="), None);
        // Non-zero trailing bits: "MZ" carries 'f' (0x66) in 8 of its 10 bits, 'Z' leaves 2 bits set.
        assert_eq!(base32_decode_nopad(b"MZ"), None);
    }
}
