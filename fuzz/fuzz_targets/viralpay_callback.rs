//! ViralPAY notifications (seed 002 documents no body and no signature; PROVIDERS.md §4): parse_callback on any
//! text never panics and never marks a notification verified.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::viralpay::parse_callback;

const KEYS: &[&str] = &[
    "request_id",
    "timestamp",
    "data",
    "status",
    "message",
    "amount",
    "currency",
    "country",
    "operator",
    "order_id",
    "transaction_id",
    "reference_id",
    "phone_number",
    "type",
    "Success",
    "Pending",
    "Failed",
];

fuzz_target!(|data: &[u8]| {
    let body = payrail_fuzz::body(data, KEYS);
    if let Ok(cb) = parse_callback(&payrail_fuzz::lossy(&body)) {
        assert!(
            !cb.verified,
            "an unsigned ViralPAY notification marked verified"
        );
    }
});
