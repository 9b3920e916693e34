//! The OTP readers (crypto/totp.rs; RFC 4226/6238, seed 000's AliansPay OTP): a base32 secret, an algorithm
//! name, any period, digit count and time from the caller give a code or a typed error, never a panic, and a
//! code always has the digits asked for.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::crypto::totp::{alianspay_otp, decode_base32_secret, totp, Algorithm};

fuzz_target!(|data: &[u8]| {
    let mut g = payrail_fuzz::Gen::new(data);
    let mut word = || u64::from_le_bytes(std::array::from_fn(|_| g.byte()));
    let (time, period, digits) = (word(), word() % 1000, (word() % 12) as u32);
    let text = payrail_fuzz::lossy(data.get(24..).unwrap_or_default());
    let _ = Algorithm::parse(&text);
    let key = decode_base32_secret(&text).unwrap_or_else(|_| text.as_bytes().to_vec());
    for alg in ["SHA1", "SHA256", "SHA512"] {
        let alg = Algorithm::parse(alg).expect("a known algorithm");
        if let Ok(code) = totp(&key, time, period, digits, alg) {
            assert_eq!(code.len(), digits as usize, "{code:?} for {digits} digits");
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
    let otp = alianspay_otp(&text, time);
    assert_eq!(otp.len(), 6);
});
