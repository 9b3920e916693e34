//! CinetPay Transfer answers (seed 001, PROVIDERS.md §3: the {code, message, data} envelope of login, balance,
//! contacts, send and check): every parser on any status, header and body gives a result or a typed error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Amount;
use payrail::providers::cinetpay::{
    is_token_refused, parse_add_contacts, parse_balance, parse_check_money, parse_login,
    parse_send_money, read_envelope, Transfer, TransferLookup,
};

const KEYS: &[&str] = &[
    "code",
    "message",
    "description",
    "data",
    "token",
    "amount",
    "available",
    "inUsing",
    "client_transaction_id",
    "transaction_id",
    "treatment_status",
    "sending_status",
    "status",
    "prefix",
    "phone",
    "receiver",
    "lot",
    "comment",
    "validated_at",
];

fuzz_target!(|data: &[u8]| {
    let resp = payrail_fuzz::response(data, KEYS);
    let _ = read_envelope(&resp, false);
    let _ = read_envelope(&resp, true);
    let _ = is_token_refused(&resp);
    let _ = parse_login(&resp);
    let _ = parse_balance(&resp, "XOF");
    let _ = parse_add_contacts(&resp);
    let sent = [Transfer {
        prefix: "225".into(),
        phone: "0705145655".into(),
        amount: Amount::from_minor(50_000).expect("a small amount"),
        notify_url: "https://example.com/cb".into(),
        client_transaction_id: Some("order-1".into()),
    }];
    let _ = parse_send_money(&resp, &sent);
    let _ = parse_send_money(&resp, &[]);
    let _ = parse_check_money(
        &resp,
        &TransferLookup::ClientTransactionId("order-1".into()),
    );
    let _ = parse_check_money(&resp, &TransferLookup::TransactionId("".into()));
});
