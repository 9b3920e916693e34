//! ViralPAY's answers (seed 002, PROVIDERS.md §4: token, the {request_id, timestamp, data} envelope of payments,
//! transfers, status, balances, account, transaction lists, notifications): every parser on any status,
//! header and body gives a result or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::viralpay::{
    parse_account, parse_balances, parse_notification, parse_token, parse_transaction,
    parse_transactions, read_envelope,
};

const KEYS: &[&str] = &[
    "request_id",
    "timestamp",
    "request_ip",
    "data",
    "status",
    "message",
    "error",
    "access_token",
    "token_type",
    "expires_in",
    "amount",
    "currency",
    "country",
    "operator",
    "order_id",
    "transaction_id",
    "reference_id",
    "phone_number",
    "balance",
    "balances",
    "business_id",
    "business_name",
    "items",
    "size",
    "type",
    "transactionStatus",
    "merchant_key",
    "Success",
    "Pending",
    "Failed",
];

fuzz_target!(|data: &[u8]| {
    let resp = payrail_fuzz::response(data, KEYS);
    for now in [0u64, 1_700_000_000_000, u64::MAX] {
        let _ = read_envelope(&resp, now);
        let _ = parse_token(&resp, now);
    }
    let now = 1_700_000_000_000;
    let _ = parse_transaction(&resp, "order-1", now);
    let _ = parse_account(&resp, now);
    let _ = parse_balances(&resp, now);
    let _ = parse_transactions(&resp, now);
    let _ = parse_notification(&resp, now);
});
