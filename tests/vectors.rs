//! The crypto against independent vectors (tests/vectors/*.json, read by the JS tests too):
//! RFC 4226 Appendix D, RFC 6238 Appendix B, otplib for the AliansPay OTP, and the provider's own PHP
//! `calculateSignature` run under php-cli for the Unipesa signature.

use payrail::crypto::totp::{alianspay_otp, hotp, totp, Algorithm};
use payrail::crypto::unipesa_signature::{parse_payload, sign_json, string_to_sign};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("missing {k} in {v}"))
}

#[test]
fn rfc4226_hotp() {
    let v = load("totp_rfc.json");
    let cases = v["hotp"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    for c in cases {
        let got = hotp(
            s(c, "secret_ascii").as_bytes(),
            c["counter"].as_u64().unwrap(),
            c["digits"].as_u64().unwrap() as u32,
            Algorithm::Sha1,
        )
        .unwrap();
        assert_eq!(got, s(c, "otp"), "counter {}", c["counter"]);
    }
}

#[test]
fn rfc6238_totp() {
    let v = load("totp_rfc.json");
    let cases = v["totp"].as_array().unwrap();
    assert_eq!(cases.len(), 18);
    for c in cases {
        let alg = Algorithm::parse(s(c, "algorithm")).unwrap();
        let got = totp(
            s(c, "secret_ascii").as_bytes(),
            c["unix_time"].as_u64().unwrap(),
            c["period"].as_u64().unwrap(),
            c["digits"].as_u64().unwrap() as u32,
            alg,
        )
        .unwrap();
        assert_eq!(
            got,
            s(c, "otp"),
            "{} at {}",
            s(c, "algorithm"),
            c["unix_time"]
        );
    }
}

#[test]
fn alianspay_otp_matches_otplib() {
    let v = load("alianspay_otp.json");
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "expected many otplib cases");
    for c in cases {
        let got = alianspay_otp(s(c, "guid"), c["unix_time"].as_u64().unwrap());
        assert_eq!(got, s(c, "otp"), "{} at {}", s(c, "guid"), c["unix_time"]);
    }
}

#[test]
fn unipesa_signature_matches_php_reference() {
    let v = load("unipesa_signature.json");
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 25);
    for c in cases {
        let name = s(c, "name");
        let payload = s(c, "payload_json");
        let parsed = parse_payload(payload).unwrap();
        assert_eq!(
            string_to_sign(&parsed).unwrap(),
            s(c, "string_to_sign"),
            "string to sign of {name}"
        );
        assert_eq!(
            sign_json(payload, s(c, "secret_key")).unwrap(),
            s(c, "signature"),
            "signature of {name}"
        );
    }
}

#[test]
fn unipesa_signature_depth_errors_match_php_reference() {
    let v = load("unipesa_signature.json");
    let errors = v["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    for c in errors {
        let err = sign_json(s(c, "payload_json"), "k").unwrap_err();
        assert_eq!(err.code(), "validation_error", "{}", s(c, "name"));
        assert!(err.to_string().contains("16 levels"), "{err}");
    }
}
