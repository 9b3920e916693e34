//! AliansPay's JS-input readers (providers/alianspay/input.rs) and the checks and builders behind them (a fresh
//! OTP per request): any JSON value gives a request or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Secret;
use payrail::providers::alianspay::input::{operation_from_value, status_from_value};
use payrail::providers::alianspay::{
    build_operation, build_status, check_operation, AliansPayConfig, Kind,
};

const KEYS: &[&str] = &[
    "moyenPayment",
    "amount",
    "callbackUrl",
    "country",
    "currency",
    "description",
    "externalTransactionId",
    "phone",
    "reference",
    "MOMO",
    "OM",
    "WAVE",
    "MOOV",
    "TMoney",
    "VISA_MASTERCARD",
    "XOF",
    "XAF",
    "GNF",
    "$number",
];

fuzz_target!(|data: &[u8]| {
    let cfg = AliansPayConfig {
        base_url: "https://api.alianspay.example".into(),
        guid: Secret::new("fuzz-guid-0000".into()),
        paths: Default::default(),
        header_names: Default::default(),
    };
    let v = payrail_fuzz::input_value(data, KEYS);
    if let Ok(op) = operation_from_value(&v) {
        for kind in [Kind::Collection, Kind::Disbursement] {
            let _ = check_operation(&op, kind);
            let _ = build_operation(&cfg, &op, kind, 1_700_000_000);
        }
    }
    if let Ok(id) = status_from_value(&v) {
        let _ = build_status(&cfg, &id, 1_700_000_000);
    }
});
