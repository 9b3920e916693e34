//! normalize_phone / phone_digits (core/phone.rs) and the providers' phone readers (Unipesa customer ids,
//! CinetPay prefix + national number, MoMo MSISDNs): no panic, and a normalised number normalises to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::{normalize_phone, phone_digits};
use payrail::providers::{cinetpay, momo, unipesa};

fuzz_target!(|data: &[u8]| {
    let text = payrail_fuzz::lossy(data);
    let _ = phone_digits(&text);
    if let Ok(n) = normalize_phone("phone", &text) {
        assert_eq!(
            normalize_phone("phone", &n).ok().as_deref(),
            Some(n.as_str()),
            "not idempotent: {text:?}"
        );
    }
    let _ = unipesa::normalize_customer_id(&text);
    let _ = cinetpay::split_phone("phone", &text, None);
    let (a, b) = text.split_at(text.char_indices().nth(3).map_or(text.len(), |(i, _)| i));
    let _ = cinetpay::split_phone("phone", b, Some(a));
    let _ = cinetpay::check_national_phone("phone", &text);
    let _ = cinetpay::check_prefix("prefix", &text);
    let _ = momo::check_msisdn("phone", &text);
});
