//! Golden requests (method, URL with query, headers, body bytes) and parser tests, with expected values written
//! by hand from docs/providers/viralpay.md.

use super::input::*;
use super::*;
use crate::core::{Amount, Error, HttpRequest, HttpResponse, Method, Provider, Secret, Status};
use serde_json::{json, Value};

fn cfg() -> ViralPayConfig {
    ViralPayConfig {
        base_url: "https://api-sandbox.viralpay.cm/".into(),
        client_id: "client-1".into(),
        client_secret: Secret::new("very-secret-cs".into()),
        username: "merchant".into(),
        password: Secret::new("p@ss word&=".into()),
        paths: ViralPayPaths::default(),
    }
}

fn tok() -> Secret<String> {
    Secret::new("tok-abc".into())
}

fn headers(r: &HttpRequest) -> Vec<(&str, &str)> {
    r.headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// ViralPAY's payment example (docs/providers/viralpay.md#request-fields): wave, sn, 0757230420, XOF, amount 200, lang en, three URLs.
fn seed_payment() -> MobileRequest {
    MobileRequest {
        operator: Some("wave".into()),
        merchant_key: None,
        country: "sn".into(),
        phone_number: "0757230420".into(),
        currency: "XOF".into(),
        order_id: Some("544s5dsd5ds1700000000".into()),
        reference_id: Some("1700000000".into()),
        amount: Amount::parse("amount", "200").unwrap(),
        lang: Some("en".into()),
        return_url: Some("https://api-sandbox.viralpay.cm/callbacks".into()),
        cancel_url: Some("https://api-sandbox.viralpay.cm/callbacks".into()),
        notify_url: Some("https://api-sandbox.viralpay.cm/callbacks".into()),
    }
}

const SEED_PAYMENT_BODY: &str = r#"{"operator":"wave","country":"sn","phone_number":"0757230420","currency":"XOF","order_id":"544s5dsd5ds1700000000","reference_id":"1700000000","amount":200,"lang":"en","return_url":"https://api-sandbox.viralpay.cm/callbacks","cancel_url":"https://api-sandbox.viralpay.cm/callbacks","notify_url":"https://api-sandbox.viralpay.cm/callbacks"}"#;

#[test]
fn golden_token_basic_header_and_password_form() {
    let r = build_token(&cfg()).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api-sandbox.viralpay.cm/v1/token");
    assert_eq!(
        headers(&r),
        [
            // base64("client-1:very-secret-cs"), computed with coreutils `base64`.
            ("Authorization", "Basic Y2xpZW50LTE6dmVyeS1zZWNyZXQtY3M="),
            ("Accept", "application/json"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ]
    );
    assert_eq!(
        r.body.as_deref(),
        Some("grant_type=password&client_id=client-1&client_secret=very-secret-cs&username=merchant&password=p%40ss%20word%26%3D")
    );
}

#[test]
fn golden_payment_is_the_seed_example() {
    let r = build_payment(&cfg(), &tok(), &seed_payment()).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api-sandbox.viralpay.cm/v1/payments");
    assert_eq!(
        headers(&r),
        [
            ("Authorization", "Bearer tok-abc"),
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
        ]
    );
    assert_eq!(r.body.as_deref(), Some(SEED_PAYMENT_BODY));
}

#[test]
fn golden_transfer_same_body_other_path_and_defaults() {
    let mut req = seed_payment();
    req.operator = None;
    req.reference_id = None;
    req.lang = None;
    req.return_url = None;
    req.cancel_url = None;
    req.notify_url = None;
    req.merchant_key = Some("MK1".into());
    req.country = "SN".into();
    let r = build_transfer(&cfg(), &tok(), &req).unwrap();
    assert_eq!(r.url, "https://api-sandbox.viralpay.cm/v1/transfers");
    assert_eq!(
        r.body.as_deref(),
        Some(
            r#"{"merchant_key":"MK1","country":"sn","phone_number":"0757230420","currency":"XOF","order_id":"544s5dsd5ds1700000000","reference_id":"544s5dsd5ds1700000000","amount":200}"#
        )
    );
}

/// The bank transfer of ViralPAY's seed example (docs/providers/viralpay.md).
fn seed_bank_transfer() -> BankTransferRequest {
    BankTransferRequest {
        account_bank: "044".into(),
        account_number: "0690000040".into(),
        amount: Amount::parse("amount", "5500").unwrap(),
        narration: "Akhlm Pstmn Trnsfr xx007".into(),
        currency: "XOF".into(),
        debit_currency: "XAF".into(),
        operator: Some("wave".into()),
        country: "sn".into(),
        order_id: Some("akhlm-pstmnpyt-rfxx007_PMCKDU_1".into()),
        reference: Some("akhlm-pstmnpyt-rfxx007_PMCKDU_1".into()),
        notif_url: Some("http://www.moi.cm/notification".into()),
        lang: None,
        return_url: None,
        cancel_url: None,
    }
}

#[test]
fn golden_bank_transfer_is_the_seed_example() {
    let req = seed_bank_transfer();
    let r = build_bank_transfer(&cfg(), &tok(), &req).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api-sandbox.viralpay.cm/v1/virements");
    assert_eq!(r.header_value("Authorization"), Some("Bearer tok-abc"));
    assert_eq!(r.header_value("Content-Type"), Some("application/json"));
    assert_eq!(
        r.body.as_deref(),
        Some(
            r#"{"account_bank":"044","account_number":"0690000040","amount":5500,"narration":"Akhlm Pstmn Trnsfr xx007","currency":"XOF","operator":"wave","country":"sn","order_id":"akhlm-pstmnpyt-rfxx007_PMCKDU_1","reference":"akhlm-pstmnpyt-rfxx007_PMCKDU_1","notif_url":"http://www.moi.cm/notification","debit_currency":"XAF"}"#
        )
    );
}

#[test]
fn golden_reads() {
    let c = cfg();
    let a = build_account(&c, &tok()).unwrap();
    assert_eq!(
        (a.method, a.url.as_str(), a.body.as_deref()),
        (
            Method::Get,
            "https://api-sandbox.viralpay.cm/v1/account",
            None
        )
    );
    assert_eq!(
        headers(&a),
        [
            ("Authorization", "Bearer tok-abc"),
            ("Accept", "application/json")
        ]
    );
    let b = build_balances(&c, &tok()).unwrap();
    assert_eq!(b.url, "https://api-sandbox.viralpay.cm/v1/balances");
    let t = build_transactions(
        &c,
        &tok(),
        &TransactionsQuery {
            date_begin: Some("2024-01-01".into()),
            date_end: Some("2024-01-31 23:59".into()),
            size: 50,
        },
    )
    .unwrap();
    assert_eq!(t.method, Method::Get);
    assert_eq!(
        t.url,
        "https://api-sandbox.viralpay.cm/v1/transactions?date_begin=2024-01-01&date_end=2024-01-31%2023%3A59&size=50"
    );
    let s = build_transaction_status(
        &c,
        &tok(),
        &StatusQuery {
            transaction_id: None,
            order_id: Some("o 1".into()),
            reference_id: Some("r1".into()),
        },
    )
    .unwrap();
    assert_eq!(
        s.url,
        "https://api-sandbox.viralpay.cm/v1/transactions/status?order_id=o%201&reference_id=r1"
    );
    let n = build_notification(
        &c,
        &tok(),
        &NotificationRequest {
            transaction_id: "VPT1".into(),
            order_id: Some("o1".into()),
        },
    )
    .unwrap();
    assert_eq!(
        (n.method, n.url.as_str()),
        (
            Method::Post,
            "https://api-sandbox.viralpay.cm/v1/notifications"
        )
    );
    assert_eq!(
        n.body.as_deref(),
        Some(r#"{"transaction_id":"VPT1","order_id":"o1"}"#)
    );
}

#[test]
fn paths_are_options() {
    let mut c = cfg();
    c.paths.payments = "/api/v2/collect".into();
    let r = build_payment(&c, &tok(), &seed_payment()).unwrap();
    assert_eq!(r.url, "https://api-sandbox.viralpay.cm/api/v2/collect");
    c.paths.token = "oauth?x".into();
    assert_eq!(build_token(&c).unwrap_err().field(), Some("paths.token"));
}

#[test]
fn validation_names_field_and_rule() {
    let c = cfg();
    let mut r = seed_payment();
    r.order_id = Some("has space".into());
    assert_eq!(
        build_payment(&c, &tok(), &r).unwrap_err().field(),
        Some("order_id")
    );
    let mut r = seed_payment();
    r.country = "SEN".into();
    assert_eq!(
        build_payment(&c, &tok(), &r).unwrap_err().field(),
        Some("country")
    );
    let mut r = seed_payment();
    r.currency = "xof".into();
    assert_eq!(
        build_payment(&c, &tok(), &r).unwrap_err().field(),
        Some("currency")
    );
    let mut r = seed_payment();
    r.amount = Amount::parse("amount", "0").unwrap();
    assert_eq!(
        build_payment(&c, &tok(), &r).unwrap_err().field(),
        Some("amount")
    );
    let mut r = seed_payment();
    r.notify_url = Some("ftp://x".into());
    assert_eq!(
        build_payment(&c, &tok(), &r).unwrap_err().field(),
        Some("notify_url")
    );
    assert_eq!(
        build_transaction_status(&c, &tok(), &StatusQuery::default())
            .unwrap_err()
            .field(),
        Some("reference")
    );
    let mut bad = cfg();
    bad.password = Secret::new(String::new());
    assert_eq!(build_token(&bad).unwrap_err().field(), Some("password"));
}

#[test]
fn status_strings_map_to_unified_statuses() {
    assert_eq!(map_status("Success"), Status::Success);
    assert_eq!(map_status("Pending"), Status::Pending);
    assert_eq!(map_status("Failed"), Status::Failed);
    assert_eq!(map_status("Refunded"), Status::Unknown);
}

#[test]
fn parses_token_and_envelope() {
    let resp = HttpResponse::new(
        200,
        r#"{"request_id":12,"timestamp":1700000000,"data":{"access_token":"abc","expires_in":3600,"token_type":"Bearer"}}"#,
    );
    let g = parse_token(&resp, 0).unwrap();
    assert_eq!(
        (g.access_token.expose().as_str(), g.expires_in),
        ("abc", 3600)
    );
    let no_data = HttpResponse::new(200, r#"{"request_id":1,"timestamp":1}"#);
    assert_eq!(
        parse_token(&no_data, 0).unwrap_err().code(),
        "provider_error"
    );
    let not_json = HttpResponse::new(200, "<html>");
    assert_eq!(parse_token(&not_json, 0).unwrap_err().code(), "parse_error");
    // A token answer cut in half: the error keeps no part of it.
    let cut = HttpResponse::new(
        200,
        r#"{"request_id":12,"timestamp":1,"data":{"access_token":"secret-tok"#,
    );
    let e = parse_token(&cut, 0).unwrap_err();
    assert!(!format!("{e:?}").contains("secret-tok"), "{e:?}");
}

#[test]
fn parses_a_payment_answer() {
    let resp = HttpResponse::new(
        200,
        r#"{"request_id":5,"timestamp":1700000000,"data":{"transaction_id":"VPT9","order_id":"o-1","reference_id":"r","country":"sn","currency":"XOF","amount":200,"lang":"en","operator":"wave","fees":2,"taxes":0,"provider_id":null,"status":"Pending"}}"#,
    );
    let t = parse_transaction(&resp, "fallback", 0).unwrap();
    assert_eq!(t.provider, Provider::Viralpay);
    assert_eq!(t.reference, "o-1");
    assert_eq!(t.status, Status::Pending);
    assert_eq!(t.provider_status, "Pending");
    assert_eq!(t.transaction_id.as_deref(), Some("VPT9"));
    assert_eq!(t.amount.as_deref(), Some("200"));
    // ViralPAY's transfer answer (docs/providers/viralpay.md#responses-and-statuses) has no order_id: the reference sent is kept.
    let transfer = HttpResponse::new(
        200,
        r#"{"request_id":6,"timestamp":1,"data":{"transaction_id":"VPT2","status":"Failed","reference":"r","phone":"0757230420","amount":200,"fees":2}}"#,
    );
    let t = parse_transaction(&transfer, "o-2", 0).unwrap();
    assert_eq!((t.reference.as_str(), t.status), ("o-2", Status::Failed));
}

#[test]
fn error_statuses_become_typed_errors() {
    let e = parse_transaction(
        &HttpResponse::new(
            400,
            r#"{"request_id":1,"timestamp":1,"data":null,"error":"insufficient_balance","message":"The wave XOF balance is too low"}"#,
        ),
        "o",
        0,
    )
    .unwrap_err();
    assert_eq!(e.code(), "provider_error");
    assert_eq!(e.reason(), Some("insufficient_funds"));
    assert_eq!(
        e.detail().unwrap().provider_code.as_deref(),
        Some("insufficient_balance")
    );
    assert_eq!(e.detail().unwrap().http_status, Some(400));
    assert!(!e.is_retryable());

    let e = parse_transaction(
        &HttpResponse::new(
            404,
            r#"{"data":null,"error":"not_found","message":"No transaction matches"}"#,
        ),
        "o",
        0,
    )
    .unwrap_err();
    assert_eq!(
        e.detail().unwrap().provider_code.as_deref(),
        Some("not_found")
    );
    // "No transaction matches" says nothing of an account: no normalised reason (not account_not_found).
    assert_eq!(e.reason(), None);

    // Retry-After as an HTTP date, read against the clock passed in.
    let e = parse_transaction(
        &HttpResponse::new(429, "").with_header("Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT"),
        "o",
        784_111_777_000,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.retry_after_ms()),
        ("rate_limited", Some(10_000))
    );

    let e = parse_transaction(&HttpResponse::new(502, "bad gateway"), "o", 0).unwrap_err();
    assert!(e.is_retryable() && e.code() == "provider_error");
    let e = parse_transaction(&HttpResponse::new(401, ""), "o", 0).unwrap_err();
    assert_eq!(e.code(), "auth_error");
}

#[test]
fn parses_balances_account_transactions_notification() {
    let resp = HttpResponse::new(
        200,
        r#"{"request_id":1,"timestamp":1,"data":[{"country_name":"Cameroun","number":"237650000000","service":"mtn","balance":1500.5,"currency":"XAF","country_code":"CM"},{"country_name":"Sénégal","number":"221770000000","service":"wave","balance":0,"currency":"XOF","country_code":"SN"}]}"#,
    );
    let b = parse_balances(&resp, 0).unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(
        (b[0].available.as_str(), b[0].currency.as_str()),
        ("1500.5", "XAF")
    );
    assert_eq!(b[1].raw["service"], "wave");

    let a = parse_account(
        &HttpResponse::new(200, r#"{"request_id":1,"timestamp":1,"data":{"business_name":"Shop","business_id":"B1","quater":"Akwa","phone_number":"237600000000"}}"#),
        0,
    )
    .unwrap();
    assert_eq!(a.business_name.as_deref(), Some("Shop"));
    assert_eq!(a.quater.as_deref(), Some("Akwa"));

    let l = parse_transactions(
        &HttpResponse::new(200, r#"{"request_id":1,"timestamp":1,"data":{"size":2,"count":1,"transactions":[{"transaction_id":"T1","order_id":"o1","status":"Success"}]}}"#),
        0,
    )
    .unwrap();
    assert_eq!(l.transactions.len(), 1);
    assert_eq!(l.transactions[0].status, Status::Success);

    let n = parse_notification(
        &HttpResponse::new(200, r#"{"request_id":1,"timestamp":1,"request_ip":"10.0.0.1","data":{"status":200,"message":"ok"}}"#),
        0,
    )
    .unwrap();
    assert_eq!(
        (n.status, n.request_ip.as_deref()),
        (Some(200), Some("10.0.0.1"))
    );
}

#[test]
fn parses_callbacks_in_or_out_of_the_envelope() {
    let cb = parse_callback(r#"{"request_id":9,"timestamp":1,"data":{"transaction_id":"T1","order_id":"o1","status":"Success","amount":200,"type":"payment"}}"#).unwrap();
    assert_eq!(cb.reference, "o1");
    assert_eq!(cb.status, Status::Success);
    assert!(!cb.verified);
    assert_eq!(cb.operation.as_deref(), Some("payment"));
    assert_eq!(cb.amount.as_deref(), Some("200"));
    let bare = parse_callback(r#"{"transaction_id":"T2","status":"Failed"}"#).unwrap();
    assert_eq!(
        (bare.reference.as_str(), bare.status),
        ("T2", Status::Failed)
    );
    assert_eq!(parse_callback("nope").unwrap_err().code(), "parse_error");
    assert_eq!(
        parse_callback(r#"{"data":{"order_id":"o"}}"#)
            .unwrap_err()
            .code(),
        "parse_error"
    );
}

#[test]
fn inputs_take_unified_and_own_fields() {
    let r = mobile_from_value(&json!({
        "amount": "200", "currency": "XOF", "phone": "+221 77 000 00 00", "country": "sn",
        "reference": "unified-ref", "callbackUrl": "https://m.example/cb"
    }))
    .unwrap();
    assert_eq!(r.phone_number, "221770000000");
    assert_eq!(r.order_id.as_deref(), Some("unified-ref"));
    assert_eq!(r.notify_url.as_deref(), Some("https://m.example/cb"));
    let r = mobile_from_value(&json!({
        "amount": 200, "currency": "XOF", "phone": "1", "phoneNumber": "0757230420", "country": "sn",
        "reference": "u", "orderId": "own", "callbackUrl": "https://a/", "notifyUrl": "https://b/"
    }))
    .unwrap();
    assert_eq!(
        (
            r.phone_number.as_str(),
            r.order_id.as_deref(),
            r.notify_url.as_deref()
        ),
        ("0757230420", Some("own"), Some("https://b/"))
    );
    assert_eq!(
        mobile_from_value(
            &json!({"amount": 1, "currency": "XOF", "phone": "1", "country": "sn", "nope": 1})
        )
        .unwrap_err()
        .field(),
        Some("nope")
    );
    assert_eq!(
        mobile_from_value(&json!({"amount": 1, "currency": "XOF", "country": "sn"}))
            .unwrap_err()
            .field(),
        Some("phone")
    );
    let b = bank_transfer_from_value(&json!({
        "amount": 5500, "currency": "XOF", "country": "sn", "accountBank": "044",
        "accountNumber": "0690000040", "description": "rent"
    }))
    .unwrap();
    assert_eq!(
        (b.narration.as_str(), b.debit_currency.as_str()),
        ("rent", "XOF")
    );
    assert_eq!(
        status_from_value(&json!("o1")).unwrap().order_id.as_deref(),
        Some("o1")
    );
    assert_eq!(
        transactions_from_value(&json!({"size": 0}))
            .unwrap_err()
            .field(),
        Some("size")
    );
    assert_eq!(
        notification_from_value(&json!({})).unwrap_err().field(),
        Some("transactionId")
    );
}

#[test]
fn typed_inputs_refuse_unknown_fields_and_wrong_types_naming_the_field() {
    let pay = json!({"amount": "200", "currency": "XOF", "phone": "0757230420", "country": "sn"});
    // Each refusal names the field (by its path) and says which rule it breaks.
    let refused = |v: Value, read: fn(&Value) -> Result<(), Error>| read(&v).unwrap_err();
    let mobile = |v: &Value| mobile_from_value(v).map(|_| ());
    let e = refused(
        json!({"amount": 1, "currency": "XOF", "phone": "1", "country": "sn", "providerId": 14}),
        mobile,
    );
    assert_eq!(e.field(), Some("providerId"));
    assert!(e.to_string().contains("is not a field of this call"), "{e}");
    assert!(
        e.to_string().contains("notifyUrl"),
        "the allowed fields: {e}"
    );
    let mut wrong = pay.clone();
    wrong["operator"] = json!(5);
    let e = refused(wrong, mobile);
    assert_eq!(e.field(), Some("operator"));
    assert!(e.to_string().contains("wrong type"), "{e}");
    let mut nan = pay.clone();
    nan["amount"] = json!({"$number": "NaN"});
    let e = refused(nan, mobile);
    assert_eq!(e.field(), Some("amount"));
    assert!(e.to_string().contains("NaN"), "{e}");
    let mut blank = pay.clone();
    blank["currency"] = json!("  ");
    assert_eq!(refused(blank, mobile).field(), Some("currency"));
    assert_eq!(refused(json!("o-1"), mobile).field(), Some("request"));
    assert_eq!(refused(json!(null), mobile).field(), Some("request"));

    let bank = |v: &Value| bank_transfer_from_value(v).map(|_| ());
    let b = json!({"amount": 100, "currency": "XOF", "country": "sn", "accountBank": "044",
        "accountNumber": "0690000040", "narration": "n"});
    let mut phone = b.clone();
    phone["phone"] = json!("1");
    assert_eq!(refused(phone, bank).field(), Some("phone"));
    let mut no_account = b.clone();
    no_account.as_object_mut().unwrap().remove("accountNumber");
    assert_eq!(refused(no_account, bank).field(), Some("accountNumber"));
    let mut no_narration = b.clone();
    no_narration.as_object_mut().unwrap().remove("narration");
    assert_eq!(refused(no_narration, bank).field(), Some("narration"));

    let status = |v: &Value| status_from_value(v).map(|_| ());
    assert_eq!(
        refused(json!({"reference": "o", "phone": "1"}), status).field(),
        Some("phone")
    );
    assert_eq!(refused(json!(5), status).field(), Some("reference"));
    assert_eq!(
        refused(json!({"transactionId": 7}), status).field(),
        Some("transactionId")
    );

    let list = |v: &Value| transactions_from_value(v).map(|_| ());
    for size in [
        json!(1.5),
        json!(-1),
        json!({"$number": "NaN"}),
        json!(true),
    ] {
        let e = refused(json!({ "size": size }), list);
        assert_eq!(e.field(), Some("size"), "{size}");
        assert!(e.to_string().contains("whole number"), "{e}");
    }
    assert_eq!(refused(json!({}), list).field(), Some("size"));
    assert_eq!(
        refused(json!({"size": 1, "limit": 2}), list).field(),
        Some("limit")
    );
    let notif = |v: &Value| notification_from_value(v).map(|_| ());
    assert_eq!(
        refused(json!({"transactionId": " "}), notif).field(),
        Some("transactionId")
    );
    assert_eq!(
        refused(json!({"transactionId": "t", "reference": "o"}), notif).field(),
        Some("reference")
    );
}

#[test]
fn typed_inputs_keep_viralpays_own_fields_over_the_unified_ones() {
    let b = bank_transfer_from_value(&json!({
        "amount": "5500", "currency": " XOF ", "country": " sn ", "accountBank": "044",
        "accountNumber": "0690000040", "narration": "own", "description": "unified", "reference": "u",
        "orderId": "own-order", "referenceId": "ref-1", "callbackUrl": "https://c/", "notifyUrl": "https://n/",
        "notifUrl": "https://own/"
    }))
    .unwrap();
    assert_eq!(
        (
            b.narration.as_str(),
            b.currency.as_str(),
            b.debit_currency.as_str(),
            b.country.as_str(),
            b.order_id.as_deref(),
            b.reference.as_deref(),
            b.notif_url.as_deref(),
        ),
        (
            "own",
            "XOF",
            "XOF",
            "sn",
            Some("own-order"),
            Some("ref-1"),
            Some("https://own/")
        )
    );
    let b = bank_transfer_from_value(&json!({
        "amount": 1, "currency": "XOF", "country": "sn", "accountBank": "044", "accountNumber": "1",
        "narration": "n", "callbackUrl": "https://c/", "notifyUrl": "https://n/"
    }))
    .unwrap();
    assert_eq!(b.notif_url.as_deref(), Some("https://n/"));
    let m = mobile_from_value(&json!({
        "amount": 1, "currency": "XOF", "phone": "1", "number": "0757230420", "country": "sn"
    }))
    .unwrap();
    assert_eq!(m.phone_number, "0757230420");
    let q = status_from_value(
        &json!({"reference": "u", "orderId": "own", "transactionId": "t", "referenceId": "r"}),
    )
    .unwrap();
    assert_eq!(
        (
            q.order_id.as_deref(),
            q.transaction_id.as_deref(),
            q.reference_id.as_deref()
        ),
        (Some("own"), Some("t"), Some("r"))
    );
    let t = transactions_from_value(
        &json!({"size": 20, "dateBegin": "2024-01-01", "dateEnd": "2024-01-31"}),
    )
    .unwrap();
    assert_eq!(
        (t.size, t.date_begin.as_deref(), t.date_end.as_deref()),
        (20, Some("2024-01-01"), Some("2024-01-31"))
    );
}

#[test]
fn debug_never_shows_secrets() {
    let c = cfg();
    let shown = format!("{c:?} {:?} {:?}", build_token(&c).unwrap(), tok());
    for secret in ["very-secret-cs", "p@ss word&=", "tok-abc"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn a_bank_transfer_is_checked_before_sending_and_minor_units_follow_the_currency() {
    // The seed example of golden_bank_transfer_is_the_seed_example, broken one field at a time.
    let seed = seed_bank_transfer;
    let field = |r: BankTransferRequest| {
        build_bank_transfer(&cfg(), &tok(), &r)
            .unwrap_err()
            .field()
            .map(str::to_string)
    };
    let mut r = seed();
    r.account_bank = " ".into();
    assert_eq!(field(r).as_deref(), Some("account_bank"));
    let mut r = seed();
    r.order_id = None;
    assert_eq!(field(r).as_deref(), Some("order_id"));
    let mut r = seed();
    r.debit_currency = "xaf".into();
    assert_eq!(field(r).as_deref(), Some("debit_currency"));
    // XOF has no minor unit (ISO 4217 exponent 0): 5500.50 is refused; in a currency with cents it is an amount.
    let mut r = seed();
    r.amount = Amount::parse("amount", "5500.50").unwrap();
    assert_eq!(field(r).as_deref(), Some("amount"));
    let mut p = seed_payment();
    p.currency = "USD".into();
    p.amount = Amount::parse("amount", "10.50").unwrap();
    assert!(build_payment(&cfg(), &tok(), &p).is_ok());
}

#[test]
fn an_empty_order_id_is_none_and_a_numeric_transaction_id_is_read() {
    let resp = HttpResponse::new(
        200,
        r#"{"request_id":7,"timestamp":1,"data":{"transaction_id":98765,"order_id":"","status":"Pending","amount":200}}"#,
    );
    let t = parse_transaction(&resp, "o-3", 0).unwrap();
    assert_eq!(
        (t.reference.as_str(), t.transaction_id.as_deref()),
        ("o-3", Some("98765"))
    );
}

#[test]
fn a_token_lifetime_written_as_a_string_is_read() {
    let resp = HttpResponse::new(
        200,
        r#"{"request_id":13,"timestamp":1,"data":{"access_token":"abc","expires_in":" 3600 ","token_type":"bearer"}}"#,
    );
    assert_eq!(parse_token(&resp, 0).unwrap().expires_in, 3600);
}

#[test]
fn a_notification_whose_data_is_not_an_object_is_read_from_its_top_level() {
    // The envelope's `data` is null on ViralPAY's error answers: such a `data` is no notification of its own.
    let cb =
        parse_callback(r#"{"transaction_id":"T3","order_id":"o3","status":"Success","data":null}"#)
            .unwrap();
    assert_eq!((cb.reference.as_str(), cb.status), ("o3", Status::Success));
}

#[test]
fn a_transactions_list_as_data_itself_and_a_notification_status_as_a_string_are_read() {
    // The list is `data` itself when an array (docs/providers/viralpay.md#choices-where-the-provider-is-silent).
    let l = parse_transactions(
        &HttpResponse::new(200, r#"{"request_id":1,"timestamp":1,"data":[{"transaction_id":"T1","order_id":"o1","status":"Failed"},{"transaction_id":"T2","order_id":"o2","status":"Success"}]}"#),
        0,
    )
    .unwrap();
    let seen: Vec<_> = l
        .transactions
        .iter()
        .map(|t| (t.reference.as_str(), t.status))
        .collect();
    assert_eq!(seen, [("o1", Status::Failed), ("o2", Status::Success)]);
    let n = parse_notification(
        &HttpResponse::new(
            200,
            r#"{"request_id":1,"timestamp":1,"data":{"status":"200","message":"ok"}}"#,
        ),
        0,
    )
    .unwrap();
    assert_eq!(n.status, Some(200));
}

/// The requests' strings are read where they are in the tree: a string field of another type is refused with
/// its name and the words of a `String` field; ViralPAY's own field still wins over the unified one.
#[test]
fn request_strings_are_read_and_refused_as_strings() {
    let pay = json!({"amount": 1, "currency": "XOF", "country": "sn", "phone": "221770000000", "lang": 5});
    let e = mobile_from_value(&pay).unwrap_err();
    assert_eq!(e.field(), Some("lang"));
    assert!(
        e.to_string()
            .contains("has the wrong type: number, expected a string"),
        "{e}"
    );
    let bank = json!({"amount": 1, "currency": "XOF", "country": "sn", "accountBank": ["x"],
        "accountNumber": "1", "narration": "n"});
    let e = bank_transfer_from_value(&bank).unwrap_err();
    assert_eq!(e.field(), Some("accountBank"));
    assert!(e.to_string().contains("expected a string"), "{e}");
    let ok = json!({"amount": 1, "currency": " XOF ", "country": "sn", "accountBank": "SN001",
        "accountNumber": "1", "description": "d", "notifyUrl": "https://a.example/n",
        "callbackUrl": "https://b.example/c"});
    let b = bank_transfer_from_value(&ok).unwrap();
    assert_eq!(
        (
            b.narration.as_str(),
            b.debit_currency.as_str(),
            b.currency.as_str()
        ),
        ("d", "XOF", "XOF")
    );
    assert_eq!(b.notif_url.as_deref(), Some("https://a.example/n"));
}
