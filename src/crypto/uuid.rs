//! UUID version 4 ([RFC 9562 §5.4](https://www.rfc-editor.org/rfc/rfc9562#section-5.4)) from bytes passed in.

/// Formats 16 random bytes as a UUID v4 (sets the version and variant bits), lower-case.
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Whether `s` is a UUID version 4 in the 8-4-4-4-12 hex form (either case), as MTN MoMo requires for
/// `X-Reference-Id`.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 36 {
        return false;
    }
    for (i, c) in b.iter().enumerate() {
        let ok = match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        };
        if !ok {
            return false;
        }
    }
    b[14] == b'4' && matches!(b[19], b'8' | b'9' | b'a' | b'b' | b'A' | b'B')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_recognises() {
        let u = uuid_v4_from_bytes([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid_v4(&u));
        let z = uuid_v4_from_bytes([0; 16]);
        assert_eq!(z, "00000000-0000-4000-8000-000000000000");
        assert!(is_uuid_v4(&z));
        // RFC 9562 Appendix A.4's example v4 UUID.
        assert!(is_uuid_v4("919108f7-52d1-4320-9bac-f847db4148a8"));
        assert!(!is_uuid_v4("919108f7-52d1-1320-9bac-f847db4148a8")); // version 1
        assert!(!is_uuid_v4("919108f7-52d1-4320-7bac-f847db4148a8")); // wrong variant
        assert!(!is_uuid_v4("919108f752d143209bacf847db4148a8"));
        assert!(!is_uuid_v4("919108f7-52d1-4320-9bac-f847db4148ag"));
    }
}
