//! ViralPAY's JS-input readers (providers/viralpay/input.rs) and the checks and builders behind them: any JSON
//! value gives a request or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Secret;
use payrail::providers::viralpay::input::{
    bank_transfer_from_value, mobile_from_value, notification_from_value, status_from_value,
    transactions_from_value,
};
use payrail::providers::viralpay::{
    build_bank_transfer, build_notification, build_payment, build_transaction_status,
    build_transactions, build_transfer, ViralPayConfig, ViralPayPaths,
};

const KEYS: &[&str] = &[
    "accountBank",
    "accountNumber",
    "amount",
    "callbackUrl",
    "cancelUrl",
    "country",
    "currency",
    "dateBegin",
    "dateEnd",
    "debitCurrency",
    "description",
    "lang",
    "merchantKey",
    "narration",
    "notifUrl",
    "notifyUrl",
    "operator",
    "orderId",
    "phone",
    "phoneNumber",
    "reference",
    "referenceId",
    "returnUrl",
    "size",
    "transactionId",
    "$number",
];

fuzz_target!(|data: &[u8]| {
    let cfg = ViralPayConfig {
        base_url: "https://api.viralpay.example".into(),
        client_id: "client".into(),
        client_secret: Secret::new("fuzz-client-secret".into()),
        username: "user".into(),
        password: Secret::new("fuzz-password".into()),
        paths: ViralPayPaths::default(),
    };
    let token = Secret::new("token".to_string());
    let v = payrail_fuzz::input_value(data, KEYS);
    if let Ok(m) = mobile_from_value(&v) {
        let _ = build_payment(&cfg, &token, &m);
        let _ = build_transfer(&cfg, &token, &m);
    }
    if let Ok(b) = bank_transfer_from_value(&v) {
        let _ = build_bank_transfer(&cfg, &token, &b);
    }
    if let Ok(q) = status_from_value(&v) {
        let _ = build_transaction_status(&cfg, &token, &q);
    }
    if let Ok(q) = transactions_from_value(&v) {
        let _ = build_transactions(&cfg, &token, &q);
    }
    if let Ok(n) = notification_from_value(&v) {
        let _ = build_notification(&cfg, &token, &n);
    }
});
