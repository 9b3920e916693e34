//! Unipesa's JS-input readers (providers/unipesa/input.rs) and the checks and builders behind them: any JSON
//! value gives a request or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Secret;
use payrail::providers::unipesa::input::{
    amount_from_value, confirmation_from_value, payment_from_value, status_from_value,
};
use payrail::providers::unipesa::{
    build_payment_b2c, build_payment_c2b, build_status, UnipesaConfig,
};

const KEYS: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "customerId",
    "providerId",
    "reference",
    "orderId",
    "country",
    "callbackUrl",
    "extra",
    "confirmation",
    "description",
    "otp",
    "$number",
];

fuzz_target!(|data: &[u8]| {
    let cfg = UnipesaConfig {
        base_url: "https://api.unipesa.tech".into(),
        public_id: "pub".into(),
        merchant_id: "merchant-1".into(),
        secret_key: Secret::new("fuzz-secret".into()),
        validate: data.first().is_some_and(|b| b & 0x40 == 0),
    };
    let v = payrail_fuzz::input_value(data, KEYS);
    let _ = amount_from_value("amount", &v);
    if let Ok(p) = payment_from_value(&v, &["confirmation"]) {
        let _ = build_payment_c2b(&cfg, &p);
        let _ = build_payment_b2c(&cfg, &p);
    }
    if let Ok(s) = status_from_value(&v) {
        let _ = build_status(&cfg, &s);
    }
    let _ = confirmation_from_value(&v);
});
