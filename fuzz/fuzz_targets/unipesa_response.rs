//! Unipesa's answers (seed 003 payment_c2b / payment_b2c / status; PROVIDERS.md §1): parse_payment_response on
//! any status, header and body never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::unipesa::parse_payment_response;

const KEYS: &[&str] = &[
    "order_id",
    "transaction_id",
    "status",
    "result",
    "code",
    "message",
    "amount",
    "confirm_type",
    "customer_redirect",
    "operation_type",
    "merchant_id",
    "extra",
    "providerId",
    "signature",
];

fuzz_target!(|data: &[u8]| {
    let resp = payrail_fuzz::response(data, KEYS);
    let _ = parse_payment_response(&resp, "order-1");
    let _ = parse_payment_response(&resp, "");
});
