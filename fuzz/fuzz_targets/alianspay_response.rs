//! AliansPay's answers (seed 000, PROVIDERS.md §5: transaction views, balances, coded errors): every parser on
//! any status, header and body gives a result or a typed error, never a panic, and never leaks the GUID.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Secret;
use payrail::providers::alianspay::{error_of, parse_balance, parse_transaction, AliansPayConfig};

const KEYS: &[&str] = &[
    "status",
    "code",
    "message",
    "amount",
    "currency",
    "country",
    "description",
    "externalTransactionId",
    "transactionId",
    "moyenPayment",
    "phone",
    "reference",
    "redirectUrl",
    "paymentUrl",
    "paymentLink",
    "checkoutUrl",
    "link",
    "url",
    "balance",
    "balances",
    "available",
    "transaction",
    "guid",
    "otp",
    "SUCCESS",
    "SUCCESSFUL",
    "PENDING",
    "FAILED",
    "NOT_ENOUGH_FUNDS",
    "PAYEE_NOT_FOUND",
    "fuzz-guid-0000",
];

fuzz_target!(|data: &[u8]| {
    let cfg = AliansPayConfig {
        base_url: "https://api.alianspay.example".into(),
        guid: Secret::new("fuzz-guid-0000".into()),
        paths: Default::default(),
        header_names: Default::default(),
    };
    let resp = payrail_fuzz::response(data, KEYS);
    for retry in [None, Some(0), Some(u64::MAX)] {
        if let Some(e) = error_of(&cfg, &resp, retry) {
            assert!(
                !format!("{e:?}{e}").contains("fuzz-guid-0000"),
                "the GUID leaked into {e:?}"
            );
        }
    }
    let _ = parse_transaction(&cfg, &resp, "order-1", None);
    let _ = parse_balance(&cfg, &resp, Some(1000));
});
