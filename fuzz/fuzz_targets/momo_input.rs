//! MTN MoMo's JS-input readers (providers/momo/input.rs) and the body checks behind them, for every
//! operation kind: any JSON value gives a request or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::momo::input::{create_from_value, status_from_value};
use payrail::providers::momo::{check_body, Kind};

const UNIFIED: &[&str] = &[
    "amount",
    "currency",
    "phone",
    "reference",
    "referenceId",
    "callbackUrl",
    "description",
    "kind",
    "partyIdType",
    "partyId",
    "MSISDN",
    "$number",
];

fuzz_target!(|data: &[u8]| {
    let kind = Kind::ALL[usize::from(data.get(1).copied().unwrap_or(0)) % Kind::ALL.len()];
    let mut keys: Vec<&str> = kind.field_names();
    keys.extend_from_slice(UNIFIED);
    let v = payrail_fuzz::input_value(data, &keys);
    let env = if data.get(2).is_some_and(|b| b & 1 == 1) {
        "sandbox"
    } else {
        "mtnivorycoast"
    };
    if let Ok(input) = create_from_value(kind, &v, env) {
        let _ = check_body(kind, &input.body, env);
    }
    if let Some(obj) = v.as_object() {
        let _ = check_body(kind, obj, env);
    }
    let _ = status_from_value(&v, kind);
});
