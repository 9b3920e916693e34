//! CinetPay's typed JS inputs (providers/cinetpay/input.rs, read from JSON) and the builders behind them: any
//! JSON value gives a request or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::input::{read_json, AmountInput};
use payrail::core::Secret;
use payrail::providers::cinetpay::input::{
    contacts_from_value, lookup_from_value, payout_from_value, transfers_from_value,
};
use payrail::providers::cinetpay::{
    build_add_contacts, build_check_money, build_send_money, CinetPayConfig, Lang,
};

const KEYS: &[&str] = &[
    "amount",
    "phone",
    "prefix",
    "currency",
    "country",
    "callbackUrl",
    "notifyUrl",
    "notify_url",
    "name",
    "surname",
    "email",
    "reference",
    "clientTransactionId",
    "transactionId",
    "description",
    "$number",
];

fuzz_target!(|data: &[u8]| {
    let cfg = CinetPayConfig {
        base_url: "https://client.cinetpay.com/v1".into(),
        api_key: Secret::new("fuzz-key".into()),
        password: Secret::new("fuzz-password".into()),
        lang: Lang::parse("lang", "fr").expect("fr is a language"),
        currency: "XOF".into(),
    };
    let v = payrail_fuzz::input_value(data, KEYS);
    if let Ok(a) = read_json::<AmountInput>(&v, "amount") {
        let _ = a.read("amount");
    }
    let _ = payout_from_value(&v, "XOF");
    if let Ok(c) = contacts_from_value(&v) {
        let _ = build_add_contacts(&cfg, "token", &c);
    }
    if let Ok(t) = transfers_from_value(&v, "XOF") {
        let _ = build_send_money(&cfg, "token", &t);
    }
    if let Ok(l) = lookup_from_value(&v) {
        let _ = build_check_money(&cfg, "token", &l);
    }
});
