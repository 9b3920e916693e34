//! The Unipesa signature (seed 003; crypto/unipesa_signature.rs): parsing a payload, the string to sign and
//! verification never panic on any JSON; what payrail signs always verifies, and a changed value never does; the
//! one-pass reader of JSON text (`flatten_text`, `verify_json`) agrees with the tree walk on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::crypto::unipesa_signature::{
    append_signature, flatten_text, parse_payload, sign_json, sign_value, string_to_sign, verify_json,
    verify_value,
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
    let tree = parse_payload(&text);
    match (flatten_text(&text), &tree) {
        (Some(f), Ok(v)) => {
            let s = string_to_sign(v).expect("one pass read what the tree refuses");
            assert_eq!(f.bytes, s.as_bytes(), "one pass and tree differ on {text}");
        }
        (Some(_), Err(e)) => panic!("one pass read invalid JSON ({e}): {text}"),
        (None, _) => {}
    }
    let verified_by_tree = tree.as_ref().ok().and_then(|v| verify_value(v, "fuzz-secret").ok());
    assert_eq!(verify_json(&text, "fuzz-secret").ok(), verified_by_tree);
    let signed_by_tree = tree.as_ref().ok().and_then(|v| sign_value(v, "fuzz-secret").ok());
    assert_eq!(sign_json(&text, "fuzz-secret").ok(), signed_by_tree);
    let Ok(payload) = tree else {
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
