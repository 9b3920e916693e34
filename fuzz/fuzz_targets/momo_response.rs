//! MTN MoMo's answers (PROVIDERS.md §2: token, 202 Accepted, status GETs, balance, account holder, API user
//! and key, error bodies): every parser on any status, header and body gives a result or a typed error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::momo::{
    error_from_response, is_already_exists, parse_accepted, parse_account_holder_active,
    parse_api_key, parse_balance, parse_object, parse_status, parse_token,
};

const KEYS: &[&str] = &[
    "access_token",
    "token_type",
    "expires_in",
    "amount",
    "currency",
    "financialTransactionId",
    "externalId",
    "payer",
    "payee",
    "partyIdType",
    "partyId",
    "payerMessage",
    "payeeNote",
    "status",
    "reason",
    "code",
    "message",
    "error",
    "errorReason",
    "availableBalance",
    "result",
    "apiKey",
    "referenceId",
    "money",
    "originalAmount",
    "payerCurrency",
];

fuzz_target!(|data: &[u8]| {
    let resp = payrail_fuzz::response(data, KEYS);
    let now = u64::from(data.first().copied().unwrap_or(0)) << 40;
    let _ = parse_token(&resp, now);
    let _ = parse_token(&resp, u64::MAX);
    let _ = parse_accepted(&resp);
    let _ = is_already_exists(&resp);
    let _ = parse_status(&resp, "c0f0a6d3-4c1e-4b5e-9a3b-1f2e3d4c5b6a");
    let _ = parse_balance(&resp);
    let _ = parse_account_holder_active(&resp);
    let _ = parse_object(&resp);
    let _ = parse_api_key(&resp);
    let _ = error_from_response(&resp, None);
    let _ = error_from_response(&resp, Some(u64::MAX));
});
