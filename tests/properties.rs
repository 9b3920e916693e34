//! Property tests (proptest): invariants that must hold for any input, not just the vectors.
#![cfg(not(target_arch = "wasm32"))]

use payrail::core::{normalize_phone, Amount};
use payrail::crypto::unipesa_signature::{parse_payload, sign_json, verify_value};
use proptest::prelude::*;
use serde_json::{Map, Value};

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any amount in range formats to two decimals and parses back to itself.
    #[test]
    fn amount_round_trips(minor in 0u64..=999_999_999_999_999) {
        let a = Amount::from_minor(minor).unwrap();
        prop_assert_eq!(Amount::parse("amount", &a.to_fixed2()).unwrap(), a);
        prop_assert_eq!(Amount::parse("amount", &a.to_plain()).unwrap(), a);
        let f = a.to_fixed2();
        prop_assert_eq!(f.len() - f.find('.').unwrap(), 3);
    }

    /// Parsing never panics, whatever the text.
    #[test]
    fn amount_parse_never_panics(s in ".{0,40}") {
        let _ = Amount::parse("amount", &s);
    }

    /// Any finite double either is refused or is exactly the amount it names.
    #[test]
    fn amount_from_number_is_exact(v in proptest::num::f64::ANY) {
        if let Ok(a) = Amount::from_f64("amount", v) {
            prop_assert_eq!(a.minor() as f64 / 100.0, v);
        }
    }

    /// Normalising a normalised phone number changes nothing.
    #[test]
    fn phone_normalisation_is_idempotent(s in "[+]?[0-9 ().-]{1,24}") {
        if let Ok(once) = normalize_phone("phone", &s) {
            prop_assert_eq!(normalize_phone("phone", &once).unwrap(), once);
        }
    }

    /// Signing a payload and verifying it always agree, and any change of a value breaks the signature.
    #[test]
    fn sign_then_verify(fields in proptest::collection::btree_map("[a-z_]{1,12}", "[ -~]{0,20}", 1..8), key in "[ -~]{0,64}") {
        let mut m = Map::new();
        for (k, v) in &fields {
            if k != "signature" {
                m.insert(k.clone(), Value::String(v.clone()));
            }
        }
        prop_assume!(!m.is_empty());
        let text = Value::Object(m.clone()).to_string();
        let sig = sign_json(&text, &key).unwrap();
        let mut signed = m.clone();
        signed.insert("signature".into(), Value::String(sig));
        prop_assert!(verify_value(&Value::Object(signed.clone()), &key).unwrap());
        let first = signed.keys().next().unwrap().clone();
        let mut tampered = signed.clone();
        let old = tampered[&first].as_str().unwrap().to_string();
        tampered.insert(first, Value::String(format!("{old}x")));
        prop_assert!(!verify_value(&Value::Object(tampered), &key).unwrap());
    }

    /// The signature covers the order of the fields: swapping two adjacent keys changes it (their key+value
    /// strings differ, so the concatenation differs).
    #[test]
    fn key_reorder_changes_signature(a in "[a-m]{1,6}", b in "[n-z]{1,6}", va in "[0-9]{1,4}", vb in "[A-Z]{1,4}") {
        let ab = format!(r#"{{"{a}":"{va}","{b}":"{vb}"}}"#);
        let ba = format!(r#"{{"{b}":"{vb}","{a}":"{va}"}}"#);
        prop_assert_ne!(sign_json(&ab, "k").unwrap(), sign_json(&ba, "k").unwrap());
    }

    /// The signature reader never panics on arbitrary text.
    #[test]
    fn signature_on_garbage_never_panics(s in "\\PC{0,64}") {
        if let Ok(v) = parse_payload(&s) {
            let _ = verify_value(&v, "k");
        }
    }
}
