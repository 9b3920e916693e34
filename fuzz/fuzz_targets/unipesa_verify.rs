//! The Unipesa signature (seed 003; crypto/unipesa_signature.rs): parsing a payload, the string to sign and
//! verification never panic on any JSON; what payrail signs always verifies, and a changed value never does.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::crypto::unipesa_signature::{
    append_signature, parse_payload, string_to_sign, verify_value,
};
use serde_json::Value;

const KEYS: &[&str] = &[
    "merchant_id",
    "order_id",
    "customer_id",
    "amount",
    "currency",
    "country",
    "status",
    "signature",
    "extra",
    "result",
    "code",
    "message",
    "transaction_id",
    "provider_id",
    "callback_url",
];

fuzz_target!(|data: &[u8]| {
    let body = payrail_fuzz::body(data, KEYS);
    let text = payrail_fuzz::lossy(&body);
    let Ok(payload) = parse_payload(&text) else {
        return;
    };
    let _ = string_to_sign(&payload);
    let _ = verify_value(&payload, "fuzz-secret");
    if let Value::Object(mut m) = payload {
        m.remove("signature");
        if append_signature(&mut m, "fuzz-secret").is_ok() {
            let signed = Value::Object(m.clone());
            assert_eq!(
                verify_value(&signed, "fuzz-secret").ok(),
                Some(true),
                "own signature refused: {signed}"
            );
            assert_eq!(verify_value(&signed, "other-secret").ok(), Some(false));
            // through its text, as a callback arrives
            let reread = parse_payload(&signed.to_string()).expect("own output parses");
            assert_eq!(verify_value(&reread, "fuzz-secret").ok(), Some(true));
            // a new member changes what is signed
            m.insert("zz_added".into(), Value::String("x".into()));
            assert_ne!(
                verify_value(&Value::Object(m), "fuzz-secret").ok(),
                Some(true)
            );
        }
    }
});
