//! MTN MoMo callbacks (PROVIDERS.md §2: unsigned, PUT or POST, the GET's body): parse_callback with and
//! without a reference and a kind never panics, and never marks a callback verified.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::providers::momo::{parse_callback, Kind};

const KEYS: &[&str] = &[
    "referenceId",
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
    "money",
    "originalAmount",
];

fuzz_target!(|data: &[u8]| {
    let body = payrail_fuzz::body(data, KEYS);
    let text = payrail_fuzz::lossy(&body);
    let kind = Kind::ALL
        .get(usize::from(data.get(1).copied().unwrap_or(0) % 16))
        .copied();
    for reference in [
        None,
        Some("c0f0a6d3-4c1e-4b5e-9a3b-1f2e3d4c5b6a"),
        Some("not-a-uuid"),
    ] {
        if let Ok(cb) = parse_callback(&text, reference, kind) {
            assert!(!cb.verified, "an unsigned MoMo callback marked verified");
        }
    }
});
