//! Golden requests of every MoMo endpoint (method, URL, headers, body bytes) and the parsers, with the expected
//! values written by hand from docs/providers/momo.md, MTN's CreatePayments reference and js/sandbox/docs/momo.md.

use super::input::{create_from_value, status_from_value};
use super::*;
use crate::core::{Error, HttpRequest, HttpResponse, Method, Reason, Secret, Status};
use serde_json::json;
use serde_json::Value;

const USER: &str = "3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93";
const API_KEY: &str = "9c4e1a7b3d5f40e2a8b6c0d2e4f6a8b1";
const KEY_C: &str = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
const KEY_D: &str = "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1";
const KEY_R: &str = "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2";
const REF: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const REF2: &str = "6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b";
const TOKEN: &str = "tok-123";

fn cfg() -> MomoConfig {
    MomoConfig {
        base_url: "https://sandbox.momodeveloper.mtn.com/".into(),
        subscription_keys: SubscriptionKeys {
            collection: Some(Secret::new(KEY_C.into())),
            disbursement: Some(Secret::new(KEY_D.into())),
            remittance: Some(Secret::new(KEY_R.into())),
        },
        api_user: USER.into(),
        api_key: Secret::new(API_KEY.into()),
        target_environment: "sandbox".into(),
        callback_url: None,
        provider_callback_host: None,
    }
}

fn tok() -> Secret<String> {
    Secret::new(TOKEN.into())
}

fn headers(r: &HttpRequest) -> Vec<(&str, &str)> {
    r.headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn authed(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Authorization", "Bearer tok-123".to_string()),
        ("X-Target-Environment", "sandbox".to_string()),
        ("Ocp-Apim-Subscription-Key", key.to_string()),
    ]
}

fn assert_headers(r: &HttpRequest, expected: &[(&str, String)]) {
    let want: Vec<(&str, &str)> = expected.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(headers(r), want);
}

fn create(kind: Kind, body: Value, callback: Option<&str>) -> HttpRequest {
    let req = CreateRequest {
        kind,
        reference_id: REF.into(),
        callback_url: callback.map(str::to_string),
        body: body.as_object().unwrap().clone(),
    };
    build_create(&cfg(), &tok(), &req).unwrap()
}

fn create_headers(key: &str, callback: Option<&str>) -> Vec<(&'static str, String)> {
    let mut h = authed(key);
    h.push(("X-Reference-Id", REF.to_string()));
    if let Some(c) = callback {
        h.push(("X-Callback-Url", c.to_string()));
    }
    h.push(("Content-Type", "application/json".to_string()));
    h
}

#[test]
fn token_request() {
    let r = build_token(&cfg(), Product::Disbursement).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.url,
        "https://sandbox.momodeveloper.mtn.com/disbursement/token/"
    );
    // base64("3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93:9c4e1a7b3d5f40e2a8b6c0d2e4f6a8b1"), computed with `base64`.
    assert_eq!(
        headers(&r),
        vec![
            ("Authorization", "Basic M2YyYTZjMWUtOWI3ZC00ZTU4LWEwYzQtNmQyZThmMWI3YTkzOjljNGUxYTdiM2Q1ZjQwZTJhOGI2YzBkMmU0ZjZhOGIx"),
            ("Ocp-Apim-Subscription-Key", KEY_D),
        ]
    );
    assert_eq!(r.body, None);
}

#[test]
fn request_to_pay_golden() {
    let r = create(
        Kind::RequestToPay,
        json!({"amount":"100","currency":"EUR","externalId":"inv-1",
               "payer":{"partyIdType":"MSISDN","partyId":"46733123450"},
               "payerMessage":"Pay","payeeNote":"Thanks"}),
        Some("https://shop.example/cb"),
    );
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.url,
        "https://sandbox.momodeveloper.mtn.com/collection/v1_0/requesttopay"
    );
    assert_headers(&r, &create_headers(KEY_C, Some("https://shop.example/cb")));
    assert_eq!(
        r.body.as_deref(),
        Some(
            r#"{"amount":"100","currency":"EUR","externalId":"inv-1","payer":{"partyIdType":"MSISDN","partyId":"46733123450"},"payerMessage":"Pay","payeeNote":"Thanks"}"#
        )
    );
}

/// (kind, the path it is created at, the path its status is read at, its product's key). The status paths are
/// MTN's: `GET /collection/v1_0/requesttowithdraw/{id}`, `GET /disbursement/v1_0/deposit/{id}` and
/// `GET /disbursement/v1_0/refund/{id}` are the only ones MTN defines for withdrawals, deposits and refunds, V2
/// included (MTN's API definitions and MTN's PHP SDK `src/Common/Constants/API.php`, docs/providers/momo.md).
const PATHS: [(Kind, &str, &str, &str); 13] = [
    (
        Kind::RequestToPay,
        "/collection/v1_0/requesttopay",
        "/collection/v1_0/requesttopay",
        KEY_C,
    ),
    (
        Kind::RequestToWithdraw,
        "/collection/v1_0/requesttowithdraw",
        "/collection/v1_0/requesttowithdraw",
        KEY_C,
    ),
    (
        Kind::RequestToWithdrawV2,
        "/collection/v2_0/requesttowithdraw",
        "/collection/v1_0/requesttowithdraw",
        KEY_C,
    ),
    (
        Kind::Payment,
        "/collection/v2_0/payment",
        "/collection/v2_0/payment",
        KEY_C,
    ),
    (
        Kind::Invoice,
        "/collection/v2_0/invoice",
        "/collection/v2_0/invoice",
        KEY_C,
    ),
    (
        Kind::PreApproval,
        "/collection/v2_0/preapproval",
        "/collection/v2_0/preapproval",
        KEY_C,
    ),
    (
        Kind::Transfer,
        "/disbursement/v1_0/transfer",
        "/disbursement/v1_0/transfer",
        KEY_D,
    ),
    (
        Kind::Deposit,
        "/disbursement/v1_0/deposit",
        "/disbursement/v1_0/deposit",
        KEY_D,
    ),
    (
        Kind::DepositV2,
        "/disbursement/v2_0/deposit",
        "/disbursement/v1_0/deposit",
        KEY_D,
    ),
    (
        Kind::Refund,
        "/disbursement/v1_0/refund",
        "/disbursement/v1_0/refund",
        KEY_D,
    ),
    (
        Kind::RefundV2,
        "/disbursement/v2_0/refund",
        "/disbursement/v1_0/refund",
        KEY_D,
    ),
    (
        Kind::RemittanceTransfer,
        "/remittance/v1_0/transfer",
        "/remittance/v1_0/transfer",
        KEY_R,
    ),
    (
        Kind::CashTransfer,
        "/remittance/v2_0/cashtransfer",
        "/remittance/v2_0/cashtransfer",
        KEY_R,
    ),
];

#[test]
fn every_creating_path_and_key() {
    let cases = PATHS;
    let payer = json!({"partyIdType":"MSISDN","partyId":"46733123450"});
    for (kind, path, status_path, key) in cases {
        let body = match kind {
            Kind::RequestToPay | Kind::RequestToWithdraw | Kind::RequestToWithdrawV2 => {
                json!({"amount":"5","currency":"EUR","payer":payer})
            }
            Kind::Refund | Kind::RefundV2 => {
                json!({"amount":"5","currency":"EUR","referenceIdToRefund":REF2})
            }
            Kind::Payment => json!({"money":{"amount":"5","currency":"EUR"},
                "customerReference":"46733123450","serviceProviderUserName":"Electricity Inc."}),
            Kind::Invoice => {
                json!({"amount":"5","currency":"EUR","validityDuration":"3600","intendedPayer":payer})
            }
            Kind::PreApproval => json!({"payer":payer,"payerCurrency":"EUR","validityTime":3600}),
            _ => json!({"amount":"5","currency":"EUR","payee":payer}),
        };
        let r = create(kind, body, None);
        assert_eq!(r.method, Method::Post, "{kind:?}");
        assert_eq!(
            r.url,
            format!("https://sandbox.momodeveloper.mtn.com{path}"),
            "{kind:?}"
        );
        assert_headers(&r, &create_headers(key, None));
        // status of the same kind: GET on MTN's status path + reference
        let s = build_status(&cfg(), &tok(), kind, REF).unwrap();
        assert_eq!(s.method, Method::Get);
        assert_eq!(
            s.url,
            format!("https://sandbox.momodeveloper.mtn.com{status_path}/{REF}"),
            "{kind:?}"
        );
        assert_headers(&s, &authed(key));
        assert_eq!(s.body, None);
    }
}

#[test]
fn partner_gateway_payment_golden_seed_004() {
    let r = create(
        Kind::Payment,
        json!({"externalTransactionId":"x-1","money":{"amount":"12.5","currency":"EUR"},
               "customerReference":"+46070911111","serviceProviderUserName":"Electricity Inc.",
               "receiverMessage":"r","senderNote":"s","maxNumberOfRetries":2,"includeSenderCharges":false}),
        None,
    );
    assert_eq!(
        r.body.as_deref(),
        Some(
            r#"{"externalTransactionId":"x-1","money":{"amount":"12.5","currency":"EUR"},"customerReference":"+46070911111","serviceProviderUserName":"Electricity Inc.","receiverMessage":"r","senderNote":"s","maxNumberOfRetries":2,"includeSenderCharges":false}"#
        )
    );
}

#[test]
fn refund_and_transfer_bodies_in_documented_order() {
    let r = create(
        Kind::RefundV2,
        json!({"referenceIdToRefund":REF2,"payeeNote":"n","amount":"1","currency":"EUR","externalId":"e"}),
        None,
    );
    assert_eq!(
        r.body.as_deref(),
        Some(format!(r#"{{"amount":"1","currency":"EUR","externalId":"e","payeeNote":"n","referenceIdToRefund":"{REF2}"}}"#).as_str())
    );
    let r = create(
        Kind::Transfer,
        json!({"payee":{"partyIdType":"EMAIL","partyId":"a@b.co"},"currency":"EUR","amount":"3"}),
        None,
    );
    assert_eq!(
        r.body.as_deref(),
        Some(
            r#"{"amount":"3","currency":"EUR","payee":{"partyIdType":"EMAIL","partyId":"a@b.co"}}"#
        )
    );
}

#[test]
fn delivery_notification_cancel_invoice_balance_holders() {
    let r = build_delivery_notification(&cfg(), &tok(), REF, "Thank you").unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.url,
        format!("https://sandbox.momodeveloper.mtn.com/collection/v1_0/requesttopay/{REF}/deliverynotification")
    );
    // MTN's definition: the `notificationMessage` header is required (max 160); the body carries it too.
    let mut h = authed(KEY_C);
    h.push(("notificationMessage", "Thank you".into()));
    h.push(("Content-Type", "application/json".into()));
    assert_headers(&r, &h);
    assert_eq!(
        r.body.as_deref(),
        Some(r#"{"notificationMessage":"Thank you"}"#)
    );
    // Latin-1 passes (a header carries it); CR/LF or text beyond Latin-1 cannot be a header value.
    assert!(build_delivery_notification(&cfg(), &tok(), REF, "Merci, reçu").is_ok());
    for bad in ["a\r\nX-Injected: 1", "Thanks ✓"] {
        let e = build_delivery_notification(&cfg(), &tok(), REF, bad).unwrap_err();
        assert_eq!(e.field(), Some("notificationMessage"), "{bad:?}");
    }

    let r = build_cancel_invoice(&cfg(), &tok(), REF, REF2, Some("e9")).unwrap();
    assert_eq!(r.method, Method::Delete);
    assert_eq!(
        r.url,
        format!("https://sandbox.momodeveloper.mtn.com/collection/v2_0/invoice/{REF}")
    );
    let mut h = authed(KEY_C);
    h.push(("X-Reference-Id", REF2.into()));
    h.push(("Content-Type", "application/json".into()));
    assert_headers(&r, &h);
    assert_eq!(r.body.as_deref(), Some(r#"{"externalId":"e9"}"#));

    let r = build_balance(&cfg(), &tok(), Product::Remittance, None).unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        (
            Method::Get,
            "https://sandbox.momodeveloper.mtn.com/remittance/v1_0/account/balance"
        )
    );
    assert_headers(&r, &authed(KEY_R));
    let r = build_balance(&cfg(), &tok(), Product::Collection, Some("EUR")).unwrap();
    assert_eq!(
        r.url,
        "https://sandbox.momodeveloper.mtn.com/collection/v1_0/account/balance/EUR"
    );

    let r = build_account_holder_active(
        &cfg(),
        &tok(),
        Product::Disbursement,
        "MSISDN",
        "46733123450",
    )
    .unwrap();
    assert_eq!(
        r.url,
        "https://sandbox.momodeveloper.mtn.com/disbursement/v1_0/accountholder/msisdn/46733123450/active"
    );
    assert_headers(&r, &authed(KEY_D));
    let r = build_account_holder_active(&cfg(), &tok(), Product::Collection, "email", "a.b@c.de")
        .unwrap();
    assert_eq!(
        r.url,
        "https://sandbox.momodeveloper.mtn.com/collection/v1_0/accountholder/email/a.b%40c.de/active"
    );
    let r = build_basic_user_info(&cfg(), &tok(), Product::Collection, "46733123450").unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        (
            Method::Get,
            "https://sandbox.momodeveloper.mtn.com/collection/v1_0/accountholder/msisdn/46733123450/basicuserinfo"
        )
    );
}

#[test]
fn provisioning_requests() {
    let key = Secret::new(KEY_C.to_string());
    let r = build_create_api_user("http://127.0.0.1:1/momo", &key, REF, "localhost").unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "http://127.0.0.1:1/momo/v1_0/apiuser");
    assert_eq!(
        headers(&r),
        vec![
            ("X-Reference-Id", REF),
            ("Ocp-Apim-Subscription-Key", KEY_C),
            ("Content-Type", "application/json")
        ]
    );
    assert_eq!(
        r.body.as_deref(),
        Some(r#"{"providerCallbackHost":"localhost"}"#)
    );
    let r = build_create_api_key("http://127.0.0.1:1/momo", &key, REF).unwrap();
    assert_eq!(
        (r.method, r.url.as_str(), r.body.as_deref()),
        (
            Method::Post,
            "http://127.0.0.1:1/momo/v1_0/apiuser/1b4e28ba-2fa1-41d2-883f-0016d3cca427/apikey",
            None
        )
    );
    let r = build_get_api_user("http://127.0.0.1:1/momo", &key, REF).unwrap();
    assert_eq!(r.method, Method::Get);
    assert!(r
        .url
        .ends_with("/v1_0/apiuser/1b4e28ba-2fa1-41d2-883f-0016d3cca427"));
    assert_eq!(
        build_create_api_user("http://x", &key, "123", "h")
            .unwrap_err()
            .field(),
        Some("apiUser")
    );
}

#[test]
fn config_checks() {
    let mut c = cfg();
    c.target_environment = "mtnkenya".into();
    assert_eq!(c.check().unwrap_err().field(), Some("targetEnvironment"));
    for env in [
        "sandbox",
        "mtnuganda",
        "mtnivorycoast",
        "mtnrwanda",
        "mtnnigeria",
    ] {
        c.target_environment = env.into();
        assert!(c.check().is_ok(), "{env}");
    }
    let mut c = cfg();
    c.api_user = "not-a-uuid".into();
    assert_eq!(c.check().unwrap_err().field(), Some("apiUser"));
    let mut c = cfg();
    c.subscription_keys.remittance = None;
    assert!(c.check().is_ok());
    assert_eq!(
        build_token(&c, Product::Remittance).unwrap_err().field(),
        Some("subscriptionKeys.remittance")
    );
    let mut c = cfg();
    c.callback_url = Some("/relative".into());
    assert_eq!(c.check().unwrap_err().field(), Some("callbackUrl"));
}

#[test]
fn validation_before_sending() {
    let bad = |kind: Kind, body: Value| -> Error {
        let req = CreateRequest {
            kind,
            reference_id: REF.into(),
            callback_url: None,
            body: body.as_object().unwrap().clone(),
        };
        build_create(&cfg(), &tok(), &req).unwrap_err()
    };
    let party = json!({"partyIdType":"MSISDN","partyId":"46733123450"});
    let cases: Vec<(Kind, Value, &str)> = vec![
        (
            Kind::RequestToPay,
            json!({"amount":100,"currency":"EUR","payer":party}),
            "amount",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"0","currency":"EUR","payer":party}),
            "amount",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"1","currency":"XAF","payer":party}),
            "currency",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"1","currency":"EUR"}),
            "payer",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"1","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"+46733123450"}}),
            "payer.partyId",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"1","currency":"EUR","payer":{"partyIdType":"ALIAS","partyId":"x"}}),
            "payer.partyIdType",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"1","currency":"EUR","payer":{"partyIdType":"EMAIL","partyId":"nope"}}),
            "payer.partyId",
        ),
        (
            Kind::RequestToPay,
            json!({"amount":"1","currency":"EUR","payer":party,"payerMessage":"x".repeat(161)}),
            "payerMessage",
        ),
        (
            Kind::Transfer,
            json!({"amount":"1","currency":"EUR","payee":party,"payeeNote":"é".repeat(161)}),
            "payeeNote",
        ),
        (
            Kind::Transfer,
            json!({"amount":"1","currency":"EUR","payer":party}),
            "payer",
        ),
        (
            Kind::Refund,
            json!({"amount":"1","currency":"EUR","referenceIdToRefund":"abc"}),
            "referenceIdToRefund",
        ),
        (
            Kind::Payment,
            json!({"money":{"amount":"1","currency":"EUR"},"customerReference":"1"}),
            "serviceProviderUserName",
        ),
        (
            Kind::Payment,
            json!({"money":{"amount":1,"currency":"EUR"},"customerReference":"1","serviceProviderUserName":"s"}),
            "money.amount",
        ),
        (
            Kind::Payment,
            json!({"money":{"amount":"1","currency":"EUR"},"customerReference":"1","serviceProviderUserName":"s","maxNumberOfRetries":-1}),
            "maxNumberOfRetries",
        ),
        (
            Kind::PreApproval,
            json!({"payer":party,"payerCurrency":"EUR"}),
            "validityTime",
        ),
    ];
    for (kind, body, field) in cases {
        let e = bad(kind, body.clone());
        assert_eq!(e.code(), "validation_error", "{kind:?} {body}");
        assert_eq!(e.field(), Some(field), "{kind:?} {body}: {e}");
    }
    // exactly 160 characters is fine
    let ok = CreateRequest {
        kind: Kind::RequestToPay,
        reference_id: REF.into(),
        callback_url: None,
        body: json!({"amount":"1","currency":"EUR","payer":party,"payerMessage":"y".repeat(160)})
            .as_object()
            .unwrap()
            .clone(),
    };
    assert!(build_create(&cfg(), &tok(), &ok).is_ok());
    // a non-UUID-v4 reference (a v1 UUID)
    let mut v1 = ok.clone();
    v1.reference_id = "1b4e28ba-2fa1-11d2-883f-0016d3cca427".into();
    assert_eq!(
        build_create(&cfg(), &tok(), &v1).unwrap_err().field(),
        Some("reference")
    );
    // outside the sandbox another currency is accepted
    let mut prod = cfg();
    prod.target_environment = "mtnuganda".into();
    let mut ugx = ok.clone();
    ugx.body.insert("currency".into(), json!("UGX"));
    assert!(build_create(&prod, &tok(), &ugx).is_ok());
}

#[test]
fn unified_fields_map_onto_mtn_fields() {
    let v = json!({"amount":1500,"currency":"EUR","phone":"+46 733 123 450","description":"Order 7",
                   "reference":REF,"callbackUrl":"https://shop.example/cb"});
    let c = create_from_value(Kind::RequestToPay, &v, "sandbox").unwrap();
    assert_eq!(c.reference_id.as_deref(), Some(REF));
    assert_eq!(c.callback_url.as_deref(), Some("https://shop.example/cb"));
    assert_eq!(
        Value::Object(c.body).to_string(),
        r#"{"amount":"1500","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"46733123450"},"payerMessage":"Order 7"}"#
    );
    // MTN's own field wins over the unified one
    let v = json!({"amount":"2","currency":"EUR","phone":"46733123450",
                   "payee":{"partyIdType":"MSISDN","partyId":"46733123999"},"payerMessage":"mine","description":"d"});
    let c = create_from_value(Kind::Transfer, &v, "sandbox").unwrap();
    assert_eq!(
        Value::Object(c.body).to_string(),
        r#"{"amount":"2","currency":"EUR","payee":{"partyIdType":"MSISDN","partyId":"46733123999"},"payerMessage":"mine"}"#
    );
    let v = json!({"amount":"10.50","currency":"EUR","phone":"46733123450","serviceProviderUserName":"ACME"});
    let c = create_from_value(Kind::Payment, &v, "sandbox").unwrap();
    assert_eq!(
        Value::Object(c.body).to_string(),
        r#"{"money":{"amount":"10.50","currency":"EUR"},"customerReference":"46733123450","serviceProviderUserName":"ACME"}"#
    );
    let e = create_from_value(
        Kind::RequestToPay,
        &json!({"amount":"1","currency":"EUR","phone":"1","payerNote":"x"}),
        "sandbox",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("payerNote"));
    let e = create_from_value(
        Kind::RequestToPay,
        &json!({"amount":0.001,"currency":"EUR","phone":"46733123450"}),
        "sandbox",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("amount"));

    assert_eq!(
        status_from_value(&json!(REF), Kind::RequestToPay).unwrap(),
        (REF.to_string(), Kind::RequestToPay)
    );
    assert_eq!(
        status_from_value(
            &json!({"reference":REF,"kind":"remittanceTransfer"}),
            Kind::RequestToPay
        )
        .unwrap(),
        (REF.to_string(), Kind::RemittanceTransfer)
    );
    assert_eq!(
        status_from_value(&json!({"reference":REF,"kind":"nope"}), Kind::RequestToPay)
            .unwrap_err()
            .field(),
        Some("kind")
    );
}

#[test]
fn status_parsing_every_documented_reason() {
    let cases: [(&str, Status, Reason); 19] = [
        ("PAYER_NOT_FOUND", Status::Failed, Reason::AccountNotFound),
        ("PAYEE_NOT_FOUND", Status::Failed, Reason::AccountNotFound),
        ("NOT_ALLOWED", Status::Failed, Reason::NotAllowed),
        (
            "NOT_ALLOWED_TARGET_ENVIRONMENT",
            Status::Failed,
            Reason::NotAllowed,
        ),
        ("INVALID_CALLBACK_URL_HOST", Status::Failed, Reason::Other),
        ("INVALID_CURRENCY", Status::Failed, Reason::Other),
        (
            "SERVICE_UNAVAILABLE",
            Status::Failed,
            Reason::ProviderUnavailable,
        ),
        (
            "INTERNAL_PROCESSING_ERROR",
            Status::Failed,
            Reason::ProviderError,
        ),
        (
            "NOT_ENOUGH_FUNDS",
            Status::Failed,
            Reason::InsufficientFunds,
        ),
        ("PAYER_LIMIT_REACHED", Status::Failed, Reason::LimitReached),
        (
            "PAYEE_NOT_ALLOWED_TO_RECEIVE",
            Status::Failed,
            Reason::NotAllowed,
        ),
        ("PAYMENT_NOT_APPROVED", Status::Failed, Reason::Rejected),
        ("APPROVAL_REJECTED", Status::Failed, Reason::Rejected),
        ("EXPIRED", Status::Expired, Reason::Expired),
        (
            "TRANSACTION_CANCELED.",
            Status::Cancelled,
            Reason::Cancelled,
        ),
        ("TRANSACTION_NOT_COMPLETED", Status::Failed, Reason::Other),
        (
            "COULD_NOT_PERFORM_TRANSACTION",
            Status::Failed,
            Reason::Expired,
        ),
        ("PAYER_DELAYED", Status::Failed, Reason::Expired),
        ("TRANSACTION_NOT_FOUND", Status::Failed, Reason::Other),
    ];
    for (code, status, reason) in cases {
        for body in [
            format!(r#"{{"amount":"100","currency":"EUR","status":"FAILED","reason":"{code}"}}"#),
            format!(
                r#"{{"amount":"100","currency":"EUR","status":"FAILED","reason":{{"code":"{code}","message":"m"}}}}"#
            ),
        ] {
            let t = parse_status(&HttpResponse::new(200, body.clone()), REF).unwrap();
            assert_eq!((t.status, t.reason), (status, Some(reason)), "{body}");
            assert_eq!(t.provider_status, "FAILED");
            assert_eq!(t.reference, REF);
        }
    }
    let ok = parse_status(
        &HttpResponse::new(200, r#"{"amount":"100","currency":"EUR","financialTransactionId":"23503452","externalId":"947354","payer":{"partyIdType":"MSISDN","partyId":"4656473839"},"status":"SUCCESSFUL"}"#),
        REF,
    )
    .unwrap();
    assert_eq!(ok.status, Status::Success);
    assert_eq!(ok.transaction_id.as_deref(), Some("23503452"));
    assert_eq!(
        (ok.amount.as_deref(), ok.currency.as_deref()),
        (Some("100"), Some("EUR"))
    );
    for s in ["PENDING", "CREATED"] {
        let t = parse_status(
            &HttpResponse::new(200, format!(r#"{{"status":"{s}"}}"#)),
            REF,
        )
        .unwrap();
        assert_eq!(t.status, Status::Pending);
    }
    let t = parse_status(&HttpResponse::new(200, r#"{"status":"WHATEVER"}"#), REF).unwrap();
    assert_eq!(t.status, Status::Unknown);
    // invoice errorReason
    let t = parse_status(&HttpResponse::new(200, r#"{"referenceId":"6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b","status":"FAILED","errorReason":{"code":"TRANSACTION_CANCELED","message":"x"}}"#), REF).unwrap();
    assert_eq!((t.status, t.reference.as_str()), (Status::Cancelled, REF2));
    // not JSON / no status
    assert_eq!(
        parse_status(&HttpResponse::new(200, "{"), REF)
            .unwrap_err()
            .code(),
        "parse_error"
    );
    assert_eq!(
        parse_status(&HttpResponse::new(200, "{}"), REF)
            .unwrap_err()
            .code(),
        "parse_error"
    );
    assert_eq!(
        parse_status(&HttpResponse::new(200, "[]"), REF)
            .unwrap_err()
            .code(),
        "parse_error"
    );
}

#[test]
fn http_errors_are_typed() {
    let e = |status: u16, body: &str| error_from_response(&HttpResponse::new(status, body), None);
    let x = e(
        400,
        r#"{"code":"INVALID_CURRENCY","message":"Currency not supported."}"#,
    );
    assert_eq!((x.code(), x.is_retryable()), ("provider_error", false));
    assert_eq!(
        x.detail().unwrap().provider_code.as_deref(),
        Some("INVALID_CURRENCY")
    );
    let x = e(
        401,
        r#"{"statusCode":401,"message":"Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."}"#,
    );
    assert_eq!(x.code(), "auth_error");
    assert_eq!(e(403, "").code(), "auth_error");
    let x = e(
        404,
        r#"{"code":"RESOURCE_NOT_FOUND","message":"Requested resource was not found."}"#,
    );
    assert_eq!(
        (x.code(), x.detail().unwrap().http_status),
        ("provider_error", Some(404))
    );
    assert_eq!(
        x.detail().unwrap().provider_code.as_deref(),
        Some("RESOURCE_NOT_FOUND")
    );
    let x = e(
        409,
        r#"{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id. Creation of resource failed."}"#,
    );
    assert!(x.to_string().contains("read its status"), "{x}");
    let x = e(
        500,
        r#"{"code":"NOT_ALLOWED_TARGET_ENVIRONMENT","message":"Access to target environment is forbidden."}"#,
    );
    assert_eq!((x.reason(), x.is_retryable()), (Some("not_allowed"), false));
    let x = e(
        500,
        r#"{"code":"INTERNAL_PROCESSING_ERROR","message":"An internal error occurred while processing."}"#,
    );
    assert_eq!(
        (x.reason(), x.is_retryable()),
        (Some("provider_error"), true)
    );
    let x = e(503, "");
    assert_eq!(
        (x.reason(), x.is_retryable()),
        (Some("provider_unavailable"), true)
    );
    let x = error_from_response(&HttpResponse::new(429, ""), Some(3000));
    assert_eq!((x.code(), x.retry_after_ms()), ("rate_limited", Some(3000)));
    assert!(is_already_exists(&HttpResponse::new(
        409,
        r#"{"code":"RESOURCE_ALREADY_EXIST"}"#
    )));
    assert!(!is_already_exists(&HttpResponse::new(
        409,
        r#"{"code":"NOT_ALLOWED"}"#
    )));
    assert!(!is_already_exists(&HttpResponse::new(202, "")));
}

#[test]
fn token_balance_holder_key_parsers() {
    let t = parse_token(
        &HttpResponse::new(
            200,
            r#"{"access_token":"abc","token_type":"access_token","expires_in":3600}"#,
        ),
        1_000,
    )
    .unwrap();
    assert_eq!(t.value.expose(), "abc");
    assert_eq!(t.usable_until_ms, 1_000 + 3_600_000 - 60_000);
    let e = parse_token(&HttpResponse::new(401, r#"{"error":"login_failed"}"#), 0).unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert_eq!(
        parse_token(&HttpResponse::new(200, r#"{"access_token":"a"}"#), 0)
            .unwrap_err()
            .code(),
        "parse_error"
    );

    let b = parse_balance(&HttpResponse::new(
        200,
        r#"{"availableBalance":"1000000","currency":"EUR"}"#,
    ))
    .unwrap();
    assert_eq!(
        (b.available.as_str(), b.currency.as_str()),
        ("1000000", "EUR")
    );
    assert_eq!(
        parse_balance(&HttpResponse::new(200, r#"{"currency":"EUR"}"#))
            .unwrap_err()
            .code(),
        "parse_error"
    );

    assert!(parse_account_holder_active(&HttpResponse::new(200, r#"{"result":true}"#)).unwrap());
    assert!(!parse_account_holder_active(&HttpResponse::new(200, r#"{"result":false}"#)).unwrap());
    assert_eq!(
        parse_account_holder_active(&HttpResponse::new(404, r#"{"code":"NOT_FOUND"}"#))
            .unwrap_err()
            .reason(),
        Some("account_not_found")
    );
    let k = parse_api_key(&HttpResponse::new(
        201,
        r#"{"apiKey":"f1e2d3c4b5a697887766554433221100"}"#,
    ))
    .unwrap();
    assert_eq!(k.expose(), "f1e2d3c4b5a697887766554433221100");
    assert!(parse_accepted(&HttpResponse::new(202, "")).is_ok());
    // Found by the fault matrix: a 200 (a proxy's page, a cut body) is not MTN's 202.
    for status in [200, 201, 204] {
        assert_eq!(
            parse_accepted(&HttpResponse::new(status, "<html>"))
                .unwrap_err()
                .code(),
            "parse_error"
        );
    }
}

#[test]
fn callbacks_are_unverified_and_need_a_reference() {
    let body = r#"{"amount":"100","currency":"EUR","financialTransactionId":"1","externalId":"e","payer":{"partyIdType":"MSISDN","partyId":"46733123460"},"status":"SUCCESSFUL"}"#;
    let cb = parse_callback(body, Some(REF), Some(Kind::RequestToPay)).unwrap();
    assert_eq!(
        (
            cb.reference.as_str(),
            cb.status,
            cb.verified,
            cb.operation.as_deref()
        ),
        (REF, Status::Success, false, Some("requesttopay"))
    );
    assert_eq!(
        parse_callback(body, None, None).unwrap_err().field(),
        Some("reference")
    );
    let pay =
        format!(r#"{{"referenceId":"{REF2}","status":"FAILED","reason":"APPROVAL_REJECTED"}}"#);
    let cb = parse_callback(&pay, None, None).unwrap();
    assert_eq!(
        (cb.reference.as_str(), cb.reason),
        (REF2, Some(Reason::Rejected))
    );
    assert_eq!(
        parse_callback(&pay, Some(REF), None).unwrap_err().field(),
        Some("reference")
    );
    assert_eq!(
        parse_callback("nope", Some(REF), None).unwrap_err().code(),
        "parse_error"
    );
}

#[test]
fn secrets_never_in_debug_output() {
    let c = cfg();
    let d = format!("{c:?}");
    for s in [API_KEY, KEY_C, KEY_D, KEY_R] {
        assert!(!d.contains(s), "{d}");
    }
    let r = build_token(&c, Product::Collection).unwrap();
    let d = format!("{r:?}");
    assert!(!d.contains("M2YyYTZj") && !d.contains(KEY_C), "{d}");
    let r = build_status(&c, &tok(), Kind::RequestToPay, REF).unwrap();
    assert!(!format!("{r:?}").contains(TOKEN));
}

#[test]
fn failed_transactions_become_typed_errors() {
    let t = parse_status(
        &HttpResponse::new(200, r#"{"status":"FAILED","reason":"NOT_ENOUGH_FUNDS"}"#),
        REF,
    )
    .unwrap();
    let e = failure_error(&t).unwrap();
    assert_eq!(e.code(), "provider_error");
    assert_eq!(e.reason(), Some("insufficient_funds"));
    assert_eq!(
        e.detail().unwrap().provider_code.as_deref(),
        Some("NOT_ENOUGH_FUNDS")
    );
    assert!(!e.is_retryable());
    assert!(e.to_string().contains(REF), "{e}");
    let t = parse_status(
        &HttpResponse::new(
            200,
            r#"{"status":"FAILED","reason":{"code":"EXPIRED","message":"m"}}"#,
        ),
        REF,
    )
    .unwrap();
    assert_eq!(failure_error(&t).unwrap().reason(), Some("expired"));
    for ok in [r#"{"status":"SUCCESSFUL"}"#, r#"{"status":"PENDING"}"#] {
        let t = parse_status(&HttpResponse::new(200, ok), REF).unwrap();
        assert!(failure_error(&t).is_none());
    }
}

#[test]
fn a_callback_url_pattern_carries_the_reference_in_the_route() {
    let r = create(
        Kind::RequestToPay,
        json!({"amount":"100","currency":"EUR","externalId":"e1",
            "payer":{"partyIdType":"MSISDN","partyId":"46733123460"}}),
        Some("https://shop.example.com/momo/{reference}?k={reference}"),
    );
    assert_eq!(
        r.header_value("X-Callback-Url"),
        Some(format!("https://shop.example.com/momo/{REF}?k={REF}").as_str())
    );
}

#[test]
fn a_party_id_breaks_each_rule_of_its_type_alone() {
    let party = |t: &str, id: &str| {
        check_party("payee", &json!({"partyIdType": t, "partyId": id})).map_err(|e| e.to_string())
    };
    // EMAIL (MTN's IsEmail): a name, one '@', a dotted domain neither starting nor ending with the dot, no blank.
    assert!(party("EMAIL", "name@example.com").is_ok());
    for bad in [
        "@example.com",
        "name@example",
        "name@.example.com",
        "name@example.com.",
        "na me@example.com",
        "name@ex@ample.com",
        "name.example.com",
    ] {
        assert_eq!(
            party("EMAIL", bad).unwrap_err(),
            "invalid `payee.partyId`: must be an e-mail address",
            "{bad}"
        );
    }
    // PARTY_CODE (IsUuid): 36 characters in the 8-4-4-4-12 hex shape, not just either.
    assert!(party("PARTY_CODE", "919108f7-52d1-4320-9bac-f847db4148a8").is_ok());
    for bad in [
        "x".repeat(36),
        "919108f7".into(),
        "919108f7-52d1-4320-9bac-f847db4148a".into(),
    ] {
        assert_eq!(
            party("PARTY_CODE", &bad).unwrap_err(),
            "invalid `payee.partyId`: must be a UUID for partyIdType PARTY_CODE",
            "{bad}"
        );
    }
}

#[test]
fn a_currency_that_is_no_iso_code_is_refused_as_such_even_in_the_sandbox() {
    // The format rule comes first: "EURO" is no ISO 4217 code (not "must be EUR in the sandbox").
    for bad in ["EURO", "eur", "EU"] {
        let req = CreateRequest {
            kind: Kind::RequestToPay,
            reference_id: REF.into(),
            callback_url: None,
            body: json!({"amount":"1","currency":bad,"payer":{"partyIdType":"MSISDN","partyId":"46733123450"}})
                .as_object()
                .unwrap()
                .clone(),
        };
        assert_eq!(
            build_create(&cfg(), &tok(), &req).unwrap_err().to_string(),
            "invalid `currency`: must be an ISO 4217 code of three capital letters",
            "{bad}"
        );
    }
}

#[test]
fn headers_balances_and_holders_are_checked_before_sending() {
    // Latin-1 ends at U+00FF ('ÿ'): it is carried; U+0100 is not.
    assert!(build_delivery_notification(&cfg(), &tok(), REF, "Merci ÿ").is_ok());
    assert!(build_delivery_notification(&cfg(), &tok(), REF, "Merci Ā").is_err());
    for bad in ["EURO", "eur"] {
        assert_eq!(
            build_balance(&cfg(), &tok(), Product::Collection, Some(bad))
                .unwrap_err()
                .to_string(),
            "invalid `currency`: must be an ISO 4217 code of three capital letters"
        );
    }
    // The holder's id is checked as a party of its type before it goes into the path.
    let e = build_account_holder_active(&cfg(), &tok(), Product::Collection, "msisdn", "abc")
        .unwrap_err();
    assert_eq!(e.field(), Some("accountHolder.partyId"));
    assert!(build_account_holder_active(
        &cfg(),
        &tok(),
        Product::Collection,
        "msisdn",
        "46733123450"
    )
    .is_ok());
}

#[test]
fn every_documented_error_code_says_what_to_do() {
    // MTN's error codes (docs/providers/momo.md#error-codes), each with words of what it means.
    let cases = [
        ("RESOURCE_NOT_FOUND", "no operation has this reference id"),
        ("NOT_ALLOWED_TARGET_ENVIRONMENT", "check targetEnvironment"),
        ("INVALID_CALLBACK_URL_HOST", "providerCallbackHost"),
        ("INVALID_CURRENCY", "(the currency is not the environment's"),
        ("NOT_ENOUGH_FUNDS", "lacks the funds"),
        ("PAYER_LIMIT_REACHED", "limit of the payer"),
        ("PAYER_NOT_FOUND", "account holder does not exist"),
        ("PAYEE_NOT_FOUND", "account holder does not exist"),
        ("NOT_FOUND", "account holder does not exist"),
        ("NOT_ALLOWED", "may not do this operation"),
        ("PAYEE_NOT_ALLOWED_TO_RECEIVE", "may not do this operation"),
        ("SERVICE_UNAVAILABLE", "unavailable: retry later"),
        ("INTERNAL_PROCESSING_ERROR", "failed internally"),
        ("TRANSACTION_NOT_COMPLETED", "not completed yet"),
        ("TRANSACTION_NOT_FOUND", "transaction does not exist"),
    ];
    for (code, words) in cases {
        let body = format!(r#"{{"code":"{code}","message":"m"}}"#);
        let e = error_from_response(&HttpResponse::new(400, body), None);
        assert!(e.to_string().contains(words), "{code}: {e}");
        assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some(code));
    }
    // A code MTN does not document gets no advice of its own (its code is in providerCode).
    let e = error_from_response(
        &HttpResponse::new(400, r#"{"code":"SOMETHING_NEW","message":"m"}"#),
        None,
    );
    assert!(
        e.to_string()
            .ends_with("the environment's currency) (provider code SOMETHING_NEW)"),
        "{e}"
    );
    // A numeric code is its digits; an empty one is none.
    let e = error_from_response(
        &HttpResponse::new(400, r#"{"code":4001,"message":"m"}"#),
        None,
    );
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("4001"));
    let e = error_from_response(
        &HttpResponse::new(400, r#"{"code":"","message":"m"}"#),
        None,
    );
    assert_eq!(e.detail().unwrap().provider_code, None);
}

#[test]
fn answers_read_string_expiries_empty_reasons_and_ids_and_numeric_ids() {
    // expires_in as a string of digits (MTN's examples write numbers; gateways quote them).
    let t = parse_token(
        &HttpResponse::new(200, r#"{"access_token":"abc","expires_in":"3600"}"#),
        1_000,
    )
    .unwrap();
    assert_eq!(t.usable_until_ms, 1_000 + 3_600_000 - 60_000);
    // An acknowledgement is a 2xx; anything else is the error it carries.
    assert!(parse_ok(&HttpResponse::new(200, "")).is_ok());
    assert_eq!(
        parse_ok(&HttpResponse::new(404, r#"{"code":"RESOURCE_NOT_FOUND"}"#))
            .unwrap_err()
            .detail()
            .unwrap()
            .http_status,
        Some(404)
    );
    // An empty reason is no reason: an EXPIRED status keeps its own reason, expired.
    let t = parse_status(
        &HttpResponse::new(200, r#"{"status":"EXPIRED","reason":""}"#),
        REF,
    )
    .unwrap();
    assert_eq!(
        (t.status, t.reason),
        (Status::Expired, Some(Reason::Expired))
    );
    // An empty referenceId is none (the reference asked for stands); a numeric transaction id is its digits.
    let t = parse_status(
        &HttpResponse::new(
            200,
            r#"{"referenceId":"","status":"SUCCESSFUL","financialTransactionId":363440463}"#,
        ),
        REF,
    )
    .unwrap();
    assert_eq!(
        (t.reference.as_str(), t.transaction_id.as_deref()),
        (REF, Some("363440463"))
    );
}

#[test]
fn a_callback_reference_matches_the_bodys_in_any_case() {
    // UUIDs compare case-insensitively (RFC 9562 §4): the route's reference in upper case is the body's.
    let body = format!(
        r#"{{"referenceId":"{REF}","amount":"100","currency":"EUR","status":"SUCCESSFUL"}}"#
    );
    let upper = REF.to_ascii_uppercase();
    let cb = parse_callback(&body, Some(&upper), Some(Kind::RequestToPay)).unwrap();
    assert_eq!(cb.reference, REF);
    assert_eq!(
        parse_callback(&body, Some(REF2), None).unwrap_err().field(),
        Some("reference")
    );
}
