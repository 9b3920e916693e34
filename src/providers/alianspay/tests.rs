//! Golden requests and parser tests; expected values written by hand from docs/providers/alianspay.md and the
//! OTP vectors of tests/vectors/alianspay_otp.json (the docs' own otplib code).

use super::input::*;
use super::*;
use crate::core::{Amount, HttpRequest, HttpResponse, Method, Reason, Secret, Status};
use serde_json::json;

const GUID: &str = "cd8fb6d0-051d-4187-9d32-481ff4c0bfab";

fn cfg() -> AliansPayConfig {
    AliansPayConfig {
        base_url: "https://api.alianspay.com/".into(),
        guid: Secret::new(GUID.into()),
        paths: AliansPayPaths::default(),
        header_names: AliansPayHeaderNames::default(),
    }
}

fn op(method: &str, currency: &str, phone: &str) -> OperationRequest {
    OperationRequest {
        moyen_payment: method.into(),
        amount: Amount::parse("amount", "1500").unwrap(),
        currency: currency.into(),
        phone: phone.into(),
        external_transaction_id: Some("MP210708723ACC512EAD3145917E".into()),
        callback_url: None,
        description: None,
        country: None,
    }
}

fn headers(r: &HttpRequest) -> Vec<(&str, &str)> {
    r.headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[test]
fn golden_collection() {
    let mut r = op("OM", "XAF", "237696985698");
    r.callback_url = Some("https://merchant.example/cb".into());
    r.description = Some("Collection success".into());
    let h = build_operation(&cfg(), &r, Kind::Collection, 0).unwrap();
    assert_eq!(h.method, Method::Post);
    assert_eq!(h.url, "https://api.alianspay.com/api/v1/collection");
    assert_eq!(
        headers(&h),
        [
            ("guid", GUID),
            ("otp", "058735"),
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
        ]
    );
    assert_eq!(
        h.body.as_deref(),
        Some(
            r#"{"moyenPayment":"OM","amount":1500,"currency":"XAF","reference":"237696985698","externalTransactionId":"MP210708723ACC512EAD3145917E","callbackUrl":"https://merchant.example/cb","description":"Collection success"}"#
        )
    );
}

#[test]
fn golden_disbursement_status_balance() {
    let h = build_operation(
        &cfg(),
        &op("AP", "XOF", "221770000000"),
        Kind::Disbursement,
        59,
    )
    .unwrap();
    assert_eq!(h.url, "https://api.alianspay.com/api/v1/disbursement");
    assert_eq!(h.header_value("otp"), Some("639073"));
    assert_eq!(
        h.body.as_deref(),
        Some(
            r#"{"moyenPayment":"AP","amount":1500,"currency":"XOF","reference":"221770000000","externalTransactionId":"MP210708723ACC512EAD3145917E"}"#
        )
    );
    let s = build_status(&cfg(), "MP:1.a", 1_700_000_000).unwrap();
    assert_eq!(
        (s.method, s.url.as_str(), s.body.as_deref()),
        (
            Method::Get,
            "https://api.alianspay.com/api/v1/transaction/MP%3A1.a",
            None
        )
    );
    assert_eq!(
        headers(&s),
        [
            ("guid", GUID),
            ("otp", "728965"),
            ("Accept", "application/json")
        ]
    );
    let b = build_balance(&cfg(), 30).unwrap();
    assert_eq!(
        (b.method, b.url.as_str()),
        (Method::Get, "https://api.alianspay.com/api/v1/balance")
    );
    assert_eq!(b.header_value("otp"), Some("639073"));
}

#[test]
fn paths_and_header_names_are_options() {
    let mut c = cfg();
    c.paths.transaction = "/v2/tx/{externalTransactionId}/status".into();
    c.header_names.otp = "X-OTP".into();
    let s = build_status(&c, "e1", 0).unwrap();
    assert_eq!(s.url, "https://api.alianspay.com/v2/tx/e1/status");
    assert_eq!(s.header_value("X-OTP"), Some("058735"));
    c.paths.transaction = "/v2/tx".into();
    assert_eq!(
        build_status(&c, "e1", 0).unwrap_err().field(),
        Some("paths.transaction")
    );
    let mut c = cfg();
    c.header_names.guid = "bad header".into();
    assert_eq!(
        build_balance(&c, 0).unwrap_err().field(),
        Some("headerNames.guid")
    );
    let mut c = cfg();
    c.guid = Secret::new(" ".into());
    assert_eq!(build_balance(&c, 0).unwrap_err().field(), Some("guid"));
}

#[test]
fn the_seed_matrix_is_enforced() {
    let k = Kind::Collection;
    // Every (country, method, currency) of AliansPay's table (docs/providers/alianspay.md#tables) passes, with the country's phone code.
    for t in TERRITORIES {
        for m in t.methods {
            let phone = format!("{}600000000", t.dial);
            assert_eq!(
                check_operation(&op(m, t.currency, &phone), k)
                    .unwrap()
                    .country,
                t.country,
                "{m} in {}",
                t.country
            );
        }
    }
    // WAVE is Senegal-only.
    let e = check_operation(&op("WAVE", "XAF", "237696985698"), k).unwrap_err();
    assert_eq!(e.field(), Some("moyenPayment"));
    assert!(e.to_string().contains("WAVE is offered in SN"), "{e}");
    // GNF only in Guinea.
    let e = check_operation(&op("MOMO", "GNF", "237696985698"), k).unwrap_err();
    assert_eq!(e.field(), Some("currency"));
    assert!(e.to_string().contains("GNF is used only in GN"), "{e}");
    assert!(check_operation(&op("MOMO", "GNF", "224620000000"), k).is_ok());
    // TMoney is Togo's, with its case.
    assert!(check_operation(&op("TMoney", "XOF", "22890000000"), k).is_ok());
    let e = check_operation(&op("TMONEY", "XOF", "22890000000"), k).unwrap_err();
    assert!(e.to_string().contains("did you mean TMoney"), "{e}");
    assert_eq!(
        check_operation(&op("MOOV", "XOF", "22890000000"), k)
            .unwrap_err()
            .field(),
        Some("moyenPayment")
    );
    // Country given: the phone must carry its code.
    let mut r = op("OM", "XOF", "237696985698");
    r.country = Some("sn".into());
    assert_eq!(check_operation(&r, k).unwrap_err().field(), Some("phone"));
    r.country = Some("CI".into());
    assert_eq!(check_operation(&r, k).unwrap_err().field(), Some("country"));
    // Unknown phone code without a country.
    assert_eq!(
        check_operation(&op("OM", "XAF", "33612345678"), k)
            .unwrap_err()
            .field(),
        Some("phone")
    );
    // Cards: any reference, country from the currency; none in GNF.
    assert_eq!(
        check_operation(&op("VISA_MASTERCARD", "XOF", "card-holder-1"), k)
            .unwrap()
            .country,
        "SN"
    );
    assert_eq!(
        check_operation(&op("VISA_MASTERCARD", "GNF", "card"), k)
            .unwrap_err()
            .field(),
        Some("currency")
    );
    // Amounts are whole; ids are checked.
    let mut r = op("OM", "XAF", "237696985698");
    r.amount = Amount::parse("amount", "10.50").unwrap();
    assert_eq!(check_operation(&r, k).unwrap_err().field(), Some("amount"));
    let mut r = op("OM", "XAF", "237696985698");
    r.external_transaction_id = Some("a b".into());
    assert_eq!(
        check_operation(&r, k).unwrap_err().field(),
        Some("externalTransactionId")
    );
}

#[test]
fn every_documented_status_maps() {
    let cases = [
        ("SUCCESS", Status::Success, None),
        ("SUCCESSFUL", Status::Success, None),
        ("PENDING", Status::Pending, None),
        ("FAILED", Status::Failed, Some(Reason::Other)),
        (
            "PAYEE_NOT_FOUND",
            Status::Failed,
            Some(Reason::AccountNotFound),
        ),
        (
            "COULD_NOT_PERFORM_TRANSACTION",
            Status::Expired,
            Some(Reason::Expired),
        ),
        (
            "NOT_ENOUGH_FUNDS",
            Status::Failed,
            Some(Reason::InsufficientFunds),
        ),
        (
            "PAYER_LIMIT_REACHED",
            Status::Failed,
            Some(Reason::LimitReached),
        ),
        (
            "PAYEE_NOT_ALLOWED_TO_RECEIVE",
            Status::Failed,
            Some(Reason::NotAllowed),
        ),
        ("EXPIRED", Status::Expired, Some(Reason::Expired)),
        (
            "TRANSACTION_CANCELED",
            Status::Cancelled,
            Some(Reason::Cancelled),
        ),
        ("APPROVAL_REJECTED", Status::Failed, Some(Reason::Rejected)),
        ("ERROR", Status::Failed, Some(Reason::ProviderError)),
        ("SOMETHING_NEW", Status::Unknown, None),
    ];
    for (s, status, reason) in cases {
        assert_eq!(map_status(s), (status, reason), "{s}");
    }
}

#[test]
fn parses_transactions_with_redirect_urls() {
    let resp = HttpResponse::new(
        200,
        r#"{"status":"PENDING","message":"en cours","transactionId":"8b1e","externalTransactionId":"MP1","transaction":"COLLECTION","moyenPayment":"WAVE","amount":1500,"currency":"XOF","reference":"221770000000","paymentUrl":"https://pay.example/checkout/8b1e"}"#,
    );
    let t = parse_transaction(&cfg(), &resp, "fallback", None).unwrap();
    assert_eq!(t.reference, "MP1");
    assert_eq!(t.status, Status::Pending);
    assert_eq!(t.transaction_id.as_deref(), Some("8b1e"));
    assert_eq!(
        t.redirect_url.as_deref(),
        Some("https://pay.example/checkout/8b1e")
    );
    let done = HttpResponse::new(200, r#"{"status":"NOT_ENOUGH_FUNDS","transactionId":"x"}"#);
    let t = parse_transaction(&cfg(), &done, "MP2", None).unwrap();
    assert_eq!(
        (t.reference.as_str(), t.status, t.reason),
        ("MP2", Status::Failed, Some(Reason::InsufficientFunds))
    );
    assert_eq!(t.redirect_url, None);
}

#[test]
fn error_answers_become_typed_errors() {
    let e = parse_transaction(
        &cfg(),
        &HttpResponse::new(
            401,
            r#"{"status":"ERROR","code":"INVALID_OTP","message":"Invalid OTP"}"#,
        ),
        "e",
        None,
    )
    .unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert_eq!(
        e.detail().unwrap().provider_code.as_deref(),
        Some("INVALID_OTP")
    );
    let e = parse_transaction(
        &cfg(),
        &HttpResponse::new(
            409,
            r#"{"status":"ERROR","code":"DUPLICATE_EXTERNAL_TRANSACTION_ID","message":"used"}"#,
        ),
        "e",
        None,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.is_retryable()), ("provider_error", false));
    let e = parse_transaction(
        &cfg(),
        &HttpResponse::new(
            400,
            r#"{"status":"ERROR","code":"NOT_ENOUGH_FUNDS","message":"low"}"#,
        ),
        "e",
        None,
    )
    .unwrap_err();
    assert_eq!(e.reason(), Some("insufficient_funds"));
    let e = parse_transaction(
        &cfg(),
        &HttpResponse::new(
            200,
            r#"{"status":"ERROR","code":"INVALID_AMOUNT","message":"bad"}"#,
        ),
        "e",
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.detail().unwrap().provider_code.as_deref(),
        Some("INVALID_AMOUNT")
    );
    let e = parse_transaction(&cfg(), &HttpResponse::new(429, ""), "e", Some(5_000)).unwrap_err();
    assert_eq!(e.retry_after_ms(), Some(5_000));
    let e = parse_transaction(&cfg(), &HttpResponse::new(503, "<html>"), "e", None).unwrap_err();
    assert!(e.is_retryable());
    let e = parse_transaction(&cfg(), &HttpResponse::new(200, ""), "e", None).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    // An echoed GUID never reaches an error, not even its body snippet.
    let echo = format!(r#"{{"guid":"{GUID}","message":"no status"}}"#);
    let e =
        parse_transaction(&cfg(), &HttpResponse::new(200, echo.clone()), "e", None).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    assert!(!format!("{e:?}").contains(GUID), "{e:?}");
    let e = parse_balance(&cfg(), &HttpResponse::new(200, echo), None).unwrap_err();
    assert!(!format!("{e:?}").contains(GUID), "{e:?}");
}

#[test]
fn parses_balances() {
    let b = parse_balance(&cfg(), &HttpResponse::new(200, r#"{"status":"SUCCESS","partner":"p","balances":[{"currency":"XAF","amount":1000000},{"currency":"GNF","amount":5}]}"#), None).unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(
        (b[0].available.as_str(), b[0].currency.as_str()),
        ("1000000", "XAF")
    );
    let one = parse_balance(
        &cfg(),
        &HttpResponse::new(200, r#"{"balance":"12.5","currency":"XOF"}"#),
        None,
    )
    .unwrap();
    assert_eq!(one[0].available, "12.5");
    // Each balance's raw is its own entry of the answer, or the whole answer, keys in their order.
    let raw = |v: &serde_json::Value| serde_json::to_string(v).unwrap();
    assert_eq!(raw(&b[1].raw), r#"{"currency":"GNF","amount":5}"#);
    assert_eq!(raw(&one[0].raw), r#"{"balance":"12.5","currency":"XOF"}"#);
    let whole = r#"{"balances":"none","amount":"3","currency":"XAF","z":[1]}"#;
    let b = parse_balance(&cfg(), &HttpResponse::new(200, whole), None).unwrap();
    assert_eq!(
        (raw(&b[0].raw).as_str(), b[0].available.as_str()),
        (whole, "3")
    );
    assert_eq!(
        parse_balance(&cfg(), &HttpResponse::new(200, "{}"), None)
            .unwrap_err()
            .code(),
        "parse_error"
    );
}

#[test]
fn parses_the_seed_callback() {
    // AliansPay's sample values (docs/providers/alianspay.md#callbacks).
    let body = r#"{"guid":"cd8fb6d0-051d-4187-9d32-481ff4c0bfab","externalTransactionId":"MP210708723ACC512EAD3145917E","status":"SUCCESSFUL","message":"Cette opération a été effectuée avec succès !","reference":"237696985698","paymentMethod":"AP","description":"Collection success","transaction":"COLLECTION","partner":"1win","amount":1500}"#;
    let other = AliansPayConfig {
        guid: Secret::new("another-partner-guid".into()),
        ..cfg()
    };
    let cb = parse_callback(&other, body).unwrap();
    assert_eq!(cb.reference, "MP210708723ACC512EAD3145917E");
    assert_eq!(cb.status, Status::Success);
    assert_eq!(cb.provider_status, "SUCCESSFUL");
    assert!(!cb.verified);
    assert_eq!(cb.operation.as_deref(), Some("collection"));
    assert_eq!(cb.amount.as_deref(), Some("1500"));
    assert_eq!(cb.transaction_id.as_deref(), Some(GUID));
    // The partner's own GUID (the OTP key) is never passed on.
    let cb = parse_callback(&cfg(), body).unwrap();
    assert_eq!(cb.raw["guid"], "[redacted]");
    assert_eq!(cb.transaction_id, None);
    assert!(!format!("{cb:?}").contains(GUID));
    let e = parse_callback(&cfg(), r#"{"status":"SUCCESSFUL"}"#).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = parse_callback(&cfg(), &format!("not json {GUID}")).unwrap_err();
    assert!(!format!("{e:?}").contains(GUID));
}

#[test]
fn inputs() {
    let r = operation_from_value(
        &json!({"amount": 1500, "currency": "XAF", "phone": "+237 696 98 56 98",
        "moyenPayment": "OM", "reference": "ref-1", "callbackUrl": "https://m/cb"}),
    )
    .unwrap();
    assert_eq!(r.phone, "237696985698");
    assert_eq!(r.external_transaction_id.as_deref(), Some("ref-1"));
    let r = operation_from_value(
        &json!({"amount": "1500", "currency": "XAF", "phone": "237696985698",
        "moyenPayment": "OM", "reference": "ref-1", "externalTransactionId": "own"}),
    )
    .unwrap();
    assert_eq!(r.external_transaction_id.as_deref(), Some("own"));
    assert_eq!(
        operation_from_value(&json!({"amount": 1, "currency": "XAF", "phone": "237696985698"}))
            .unwrap_err()
            .field(),
        Some("moyenPayment")
    );
    assert_eq!(
        operation_from_value(
            &json!({"amount": 1, "currency": "XAF", "phone": "2376", "moyenPayment": "OM", "x": 1})
        )
        .unwrap_err()
        .field(),
        Some("x")
    );
    assert_eq!(
        status_from_value(&json!({"reference": "e1"})).unwrap(),
        "e1"
    );
    assert_eq!(status_from_value(&json!("e2")).unwrap(), "e2");
    assert_eq!(
        status_from_value(&json!(5)).unwrap_err().field(),
        Some("reference")
    );
}

#[test]
fn debug_never_shows_the_guid() {
    let c = cfg();
    let h = build_balance(&c, 0).unwrap();
    let shown = format!("{c:?} {h:?}");
    assert!(
        !shown.contains(GUID) && !shown.contains("058735"),
        "{shown}"
    );
}

#[test]
fn status_and_balance_answers_echoing_the_guid_hide_it_in_raw() {
    let echo = format!(
        r#"{{"guid":"{GUID}","externalTransactionId":"x1","status":"SUCCESS","note":"partner {GUID}","list":["{GUID}"]}}"#
    );
    let t = parse_transaction(&cfg(), &HttpResponse::new(200, echo.clone()), "x1", None).unwrap();
    let raw = t.raw.to_string();
    assert!(!raw.contains(GUID), "{raw}");
    assert_eq!(t.raw["guid"], "[redacted]");
    assert_eq!(t.raw["note"], "partner [redacted]");
    let bal = format!(r#"[{{"amount":"10","currency":"XAF","owner":"{GUID}"}}]"#);
    let b = parse_balance(&cfg(), &HttpResponse::new(200, bal), None).unwrap();
    assert_eq!(b[0].raw["owner"], "[redacted]");
}

#[test]
fn phones_currencies_and_cards_are_refused_with_their_own_rule() {
    let k = Kind::Collection;
    let rule = |r: &OperationRequest| check_operation(r, k).unwrap_err().to_string();
    let phone_rule =
        "invalid `phone`: must be a phone number of 8 to 15 digits, country code first (\"237696985698\")";
    // 8 to 15 digits, Cameroon's code first: the bounds pass, one digit fewer or more does not.
    assert!(check_operation(&op("OM", "XAF", "23769698"), k).is_ok());
    assert!(check_operation(&op("OM", "XAF", "237696985698123"), k).is_ok());
    assert_eq!(rule(&op("OM", "XAF", "2376969")), phone_rule);
    assert_eq!(rule(&op("OM", "XAF", "2376969856981234")), phone_rule);
    assert_eq!(rule(&op("OM", "XAF", "237-696-985")), phone_rule);
    assert_eq!(
        rule(&op("OM", "XAF", "")),
        "invalid `phone`: is required: the payer's or payee's phone number (AliansPay's `reference`)"
    );
    // The currency's format is checked first, whatever the country.
    for bad in ["xaf", "XAFX", "XA"] {
        assert_eq!(
            rule(&op("OM", bad, "237696985698")),
            "invalid `currency`: must be an ISO 4217 code of three capital letters (\"XAF\")",
            "{bad}"
        );
    }
    // A card's reference is no phone: with a country named, it need not start with the country's code.
    let mut card = op("VISA_MASTERCARD", "XOF", "card-holder-1");
    card.country = Some("SN".into());
    assert_eq!(check_operation(&card, k).unwrap().country, "SN");
}

#[test]
fn error_codes_of_a_missing_account_and_answers_with_one_id_or_none() {
    // A payee that does not exist is account_not_found (docs/providers/alianspay.md, PAYEE_NOT_FOUND).
    let body = r#"{"status":"ERROR","code":"PAYEE_NOT_FOUND","message":"unknown"}"#;
    let e = parse_transaction(&cfg(), &HttpResponse::new(400, body), "e", None).unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        ("provider_error", Some("account_not_found"))
    );
    // ERROR on an answer naming the transaction (by either id) is that transaction's failure, not an error answer.
    let named = HttpResponse::new(200, r#"{"status":"ERROR","transactionId":"8b1e"}"#);
    let t = parse_transaction(&cfg(), &named, "MP3", None).unwrap();
    assert_eq!(
        (t.status, t.transaction_id.as_deref()),
        (Status::Failed, Some("8b1e"))
    );
    // An answer with neither id is read too (the reference sent stands); an empty id is no id; a numeric
    // transaction id is read as its digits.
    let bare = HttpResponse::new(200, r#"{"status":"PENDING"}"#);
    let t = parse_transaction(&cfg(), &bare, "MP4", None).unwrap();
    assert_eq!((t.reference.as_str(), t.status), ("MP4", Status::Pending));
    let ids = HttpResponse::new(
        200,
        r#"{"status":"PENDING","externalTransactionId":"","transactionId":73200}"#,
    );
    let t = parse_transaction(&cfg(), &ids, "MP5", None).unwrap();
    assert_eq!(
        (t.reference.as_str(), t.transaction_id.as_deref()),
        ("MP5", Some("73200"))
    );
}
