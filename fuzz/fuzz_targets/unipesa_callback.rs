//! Unipesa callbacks (seed 003: signed like requests): parse_callback never panics, and unsigned or wrongly
//! signed bodies are never accepted (nor a good one under another key). Half the generated bodies are signed with the right key, so the fuzzer
//! reaches the field handling behind the signature check.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Secret;
use payrail::crypto::unipesa_signature::{append_signature, parse_payload, verify_value};
use payrail::providers::unipesa::{parse_callback, UnipesaConfig};
use serde_json::Value;

const KEYS: &[&str] = &[
    "merchant_id",
    "order_id",
    "transaction_id",
    "status",
    "result",
    "code",
    "message",
    "amount",
    "currency",
    "confirm_type",
    "operation_type",
    "customer_id",
    "extra",
    "provider_id",
    "signature",
];

fuzz_target!(|data: &[u8]| {
    let cfg = UnipesaConfig {
        base_url: "https://api.unipesa.tech".into(),
        public_id: "pub".into(),
        merchant_id: "merchant-1".into(),
        secret_key: Secret::new("fuzz-secret".into()),
        validate: true,
    };
    let wrong_key = UnipesaConfig {
        secret_key: Secret::new("another-secret".into()),
        ..cfg.clone()
    };
    let sign = data.first().is_some_and(|b| b & 0x80 != 0);
    let body = payrail_fuzz::body(data, KEYS);
    let mut text = payrail_fuzz::lossy(&body);
    let mut signed = false;
    if sign {
        if let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(&text) {
            if data.get(1).is_some_and(|b| b & 1 == 1) {
                m.insert("merchant_id".into(), Value::String("merchant-1".into()));
            }
            m.remove("signature");
            if append_signature(&mut m, "fuzz-secret").is_ok() {
                text = Value::Object(m).to_string();
                signed = true;
            }
        }
    }
    if let Ok(cb) = parse_callback(&cfg, &text) {
        // accepted only with the right signature: either we signed it, or the raw bytes carried a good one
        let good = signed
            || parse_payload(&text).is_ok_and(|p| verify_value(&p, "fuzz-secret") == Ok(true));
        assert!(
            good,
            "a body without a valid signature was accepted: {text}"
        );
        assert!(cb.verified);
        assert!(
            parse_callback(&wrong_key, &text).is_err(),
            "accepted under another key: {text}"
        );
    }
});
