//! CinetPay notifications (seed 001, PROVIDERS.md §3: a form POST, unsigned): form_decode and parse_callback
//! on any bytes never panic, and a notification is never marked verified.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::cinetpay::{form_decode, parse_callback};

const KEYS: &[&str] = &[
    "transaction_id",
    "client_transaction_id",
    "lot",
    "amount",
    "receiver",
    "sending_status",
    "treatment_status",
    "comment",
    "validated_at",
    "cpm_trans_id",
    "%",
    "%2",
    "+",
    "=",
    "&",
];

fuzz_target!(|data: &[u8]| {
    let text = if data.first().is_some_and(|b| b & 1 == 1) {
        // a form from generated pairs
        let mut g = payrail_fuzz::Gen::new(&data[1..]);
        let mut parts = Vec::new();
        while g.more() && parts.len() < 16 {
            let k = if g.byte() % 5 == 0 {
                g.text(6)
            } else {
                g.pick(KEYS).to_string()
            };
            parts.push(format!("{k}={}", g.string(KEYS)));
        }
        parts.join("&")
    } else {
        payrail_fuzz::lossy(data)
    };
    let _ = form_decode(&text);
    if let Ok(cb) = parse_callback(&text) {
        assert!(
            !cb.verified,
            "an unsigned CinetPay notification marked verified"
        );
    }
});
