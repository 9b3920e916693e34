//! Golden requests and parser cases for Unipesa (docs/providers/unipesa.md). Expected bodies are written by hand from the provider's documented
//! field order; the golden requests' signatures are fixed values (the provider's PHP output from
//! tests/vectors/unipesa_signature.json, or `openssl dgst -sha512 -hmac` over a string-to-sign written by hand),
//! never computed by the crate under test.

use super::input::{payment_from_value, status_from_value};
use super::*;
use serde_json::json;

/// The secret key of the reference vectors (also the client tests' key, src/client/unipesa.rs).
pub(crate) const SECRET: &str = "cf11635572c1e8d77297207152dc0791ad91f22b32d23c758ce3ba2637202ad8f7290ba41f2243cccf32edde1dfb8bf0f5dea62525309e293b3adb2c76eed6a5";

/// A merchant configuration with [`SECRET`].
pub(crate) fn cfg() -> UnipesaConfig {
    UnipesaConfig {
        base_url: "https://api.unipesa.tech/".into(),
        public_id: "f54ec96649be11ebb3780242ac130002".into(),
        merchant_id: "e0fecd91fcb24f348048193b3fb34875ba3722b4".into(),
        secret_key: Secret::new(SECRET.into()),
        validate: true,
    }
}

/// A payment request with the reference vectors' order id.
pub(crate) fn req(
    provider_id: u32,
    customer: &str,
    amount: &str,
    currency: &str,
) -> PaymentRequest {
    PaymentRequest {
        customer_id: customer.into(),
        order_id: Some("test_161225_01_1".into()),
        amount: Amount::parse("amount", amount).unwrap(),
        currency: currency.into(),
        country: None,
        callback_url: None,
        provider_id,
        extra: None,
    }
}

/// The body minus its signature, and a check that the signature is `want` (a fixed value from outside the crate).
fn unsigned_body(http: &HttpRequest, want: &str) -> String {
    let body = http.body.clone().unwrap();
    let v: Value = serde_json::from_str(&body).unwrap();
    let sig = v["signature"].as_str().unwrap().to_string();
    let mut m = v.as_object().unwrap().clone();
    assert_eq!(
        m.keys().next_back().map(String::as_str),
        Some("signature"),
        "signature is the last field"
    );
    m.remove("signature");
    let text = Value::Object(m).to_string();
    assert_eq!(sig, want, "signature");
    text
}

#[test]
fn golden_payment_c2b_seed_example() {
    // Unipesa's Côte d'Ivoire example (docs/providers/unipesa.md#request-fields; provider 9197, extra.otp), amount sent with two decimals.
    let mut r = req(9197, "2250705145655", "1100", "XOF");
    r.country = Some("CI".into());
    r.callback_url = Some("https://merchant.example/cb".into());
    r.extra = Some(json!({"otp": "5647"}).as_object().unwrap().clone());
    let http = build_payment_c2b(&cfg(), &r).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(
        http.url,
        "https://api.unipesa.tech/f54ec96649be11ebb3780242ac130002/payment_c2b"
    );
    assert_eq!(http.header_value("content-type"), Some("application/json"));
    assert_eq!(
        http.header_value("authorization"),
        None,
        "Unipesa sends no auth header"
    );
    // `printf '%s' 'merchant_ide0fecd91fcb24f348048193b3fb34875ba3722b4customer_id2250705145655order_id
    // test_161225_01_1amount1100.00currencyXOFcountryCIcallback_urlhttps://merchant.example/cbprovider_id9197
    // extra.otp5647' | openssl dgst -sha512 -hmac "$SECRET"` (one line, no spaces; docs/providers/unipesa.md#signature).
    let sig = "a149794dc9d48560f89ced443fdfe54a10cd5a729a2cdccfa1e543379f814de00f924568036e36a800235f636cdada483691b8fdab508a685397c73aaac557a4";
    assert_eq!(
        unsigned_body(&http, sig),
        r#"{"merchant_id":"e0fecd91fcb24f348048193b3fb34875ba3722b4","customer_id":"2250705145655","order_id":"test_161225_01_1","amount":"1100.00","currency":"XOF","country":"CI","callback_url":"https://merchant.example/cb","provider_id":9197,"extra":{"otp":"5647"}}"#
    );
}

#[test]
fn golden_payment_b2c_and_status() {
    let mut r = req(14, "0900000001", "100", "KES");
    r.order_id = Some("16280954971628095497".into());
    r.country = Some("KE".into());
    let http = build_payment_b2c(&cfg(), &r).unwrap();
    assert!(http.url.ends_with("/payment_b2c"));
    // openssl as above over 'merchant_ide0fecd91fcb24f348048193b3fb34875ba3722b4customer_id0900000001order_id
    // 16280954971628095497amount100.00currencyKEScountryKEprovider_id14'.
    let sig = "18c0e1cbf5f3720747af7d2b6f68a4600a9b682838fbb9b59a9bf1c658a4d926c407145a178749a3655d08f029ec21d64ce089ce294df99b7ea708c99b889be5";
    assert_eq!(
        unsigned_body(&http, sig),
        r#"{"merchant_id":"e0fecd91fcb24f348048193b3fb34875ba3722b4","customer_id":"0900000001","order_id":"16280954971628095497","amount":"100.00","currency":"KES","country":"KE","provider_id":14}"#
    );
    // The merchant of the provider's own status example, so the signature is the PHP vector's
    // (tests/vectors/unipesa_signature.json, case `seed_status_request`).
    let mut status_cfg = cfg();
    status_cfg.merchant_id = "cdeffe6210c7fdc7402c13b215455bd8ddec02da0c".into();
    let st = build_status(
        &status_cfg,
        &StatusRequest {
            order_id: "55584tty848rt".into(),
            customer_id: Some("2250768000000".into()),
            extra: Some(json!({"otp": "7374"}).as_object().unwrap().clone()),
        },
    )
    .unwrap();
    assert!(st.url.ends_with("/f54ec96649be11ebb3780242ac130002/status"));
    assert_eq!(
        unsigned_body(&st, "966c60f888e26b9cb7c3ad2c2b483b6cbc4a4551cdc89bde92345c7db92c5adc5695653a8366050417fb806625661b33f53f41328273c266d510502ab30a1963"),
        r#"{"merchant_id":"cdeffe6210c7fdc7402c13b215455bd8ddec02da0c","order_id":"55584tty848rt","customer_id":"2250768000000","extra":{"otp":"7374"}}"#
    );
}

#[test]
fn builders_are_pure() {
    let r = req(14, "254700000000", "10", "KES");
    assert_eq!(
        build_payment_c2b(&cfg(), &r).unwrap(),
        build_payment_c2b(&cfg(), &r).unwrap()
    );
}

#[test]
fn order_id_rules() {
    assert!(check_order_id("order_id", "a-Z_0:9.x").is_ok());
    assert!(check_order_id("order_id", &"x".repeat(128)).is_ok());
    assert_eq!(
        check_order_id("order_id", &"x".repeat(129))
            .unwrap_err()
            .to_string(),
        "invalid `order_id`: must be at most 128 characters"
    );
    assert!(check_order_id("order_id", "a b")
        .unwrap_err()
        .to_string()
        .contains("' '"));
    assert!(check_order_id("order_id", "é").is_err());
    assert!(check_order_id("order_id", "").is_err());
}

#[test]
fn customer_id_normalisation() {
    assert_eq!(
        normalize_customer_id("+225 07 05 14 56 55").unwrap(),
        "2250705145655"
    );
    assert_eq!(
        normalize_customer_id("00 243 999-000-000").unwrap(),
        "243999000000"
    );
    assert_eq!(normalize_customer_id("0800000000").unwrap(), "0800000000");
    // A bank account id is kept as given (docs/providers/unipesa.md#request-fields: TZ bank transfers use the account number).
    assert_eq!(
        normalize_customer_id("16280954971628095497").unwrap(),
        "16280954971628095497"
    );
    assert_eq!(normalize_customer_id("ACC-12/34").unwrap(), "ACC-12/34");
    assert_eq!(
        normalize_customer_id("  ").unwrap_err().field(),
        Some("customer_id")
    );
}

#[test]
fn table_validation_names_field_and_rule() {
    let check = |r: &PaymentRequest, d| check_payment(r, d, true).map_err(|e| e.to_string());
    // CI Wave 2306: XOF 200.00 minimum, multiples of 5, B2C needs extra.customer_name (docs/providers/unipesa.md).
    let mut r = req(2306, "2250705145655", "150", "XOF");
    assert!(check(&r, Direction::C2b)
        .unwrap_err()
        .contains("at least XOF 200.00"));
    r.amount = Amount::parse("amount", "1002").unwrap();
    assert!(check(&r, Direction::C2b)
        .unwrap_err()
        .contains("multiple of 5"));
    r.amount = Amount::parse("amount", "1000").unwrap();
    assert!(check(&r, Direction::C2b).is_ok());
    assert_eq!(
        check(&r, Direction::B2c).unwrap_err(),
        "invalid `extra.customer_name`: is required for payouts with provider 2306 (Wave, Côte d'Ivoire)"
    );
    r.currency = "XAF".into();
    assert!(check(&r, Direction::C2b)
        .unwrap_err()
        .starts_with("invalid `currency`"));
    r.currency = "XOF".into();
    r.country = Some("SN".into());
    assert!(check(&r, Direction::C2b)
        .unwrap_err()
        .starts_with("invalid `country`"));
    r.country = None;
    r.customer_id = "22507051456".into();
    assert!(check(&r, Direction::C2b)
        .unwrap_err()
        .starts_with("invalid `customer_id`: must be 13 digits starting with 225"));
    // DRC Orange 2197: the phone starts with 0 (docs/providers/unipesa.md).
    let drc = req(2197, "0800000000", "100", "CDF");
    assert!(check(&drc, Direction::C2b).is_ok());
    let drc_bad = req(2197, "243800000000", "100", "CDF");
    assert!(check(&drc_bad, Direction::C2b)
        .unwrap_err()
        .contains("starting with 0"));
    // Simulator and unknown ids: no table rules; validation off: no table rules.
    assert!(check(&req(14, "1", "0.01", "KES"), Direction::B2c).is_ok());
    assert!(check(&req(999_999, "1", "0.01", "KES"), Direction::B2c).is_ok());
    assert!(check_payment(&req(2306, "1", "1", "EUR"), Direction::C2b, false).is_ok());
    // Always checked: zero amounts, currency format, doc types.
    assert!(check(&req(14, "1", "0", "KES"), Direction::C2b)
        .unwrap_err()
        .contains("greater than zero"));
    let mut d = req(14, "1", "1", "KES");
    d.extra = Some(
        json!({"customer_doc_type": "passport"})
            .as_object()
            .unwrap()
            .clone(),
    );
    assert!(check(&d, Direction::C2b)
        .unwrap_err()
        .starts_with("invalid `extra.customer_doc_type`"));
}

fn resp(status: u16, body: Value) -> HttpResponse {
    HttpResponse::new(status, body.to_string())
}

#[test]
fn parses_the_seed_responses() {
    // Unipesa's simulator answer (docs/providers/unipesa.md#hosts-and-authentication): status 1, confirm_type 0.
    let t = parse_payment_response(
        &resp(200, json!({"order_id":"54321","transaction_id":"12345","transaction_ref":"","status":1,"result":{"code":0,"message":"OK"},"provider_result":{"code":-8888,"message":"Good"},"service_id":1,"service_version":"1.03","service_date_time":"2023-05-15 10:00:00.000000","confirm_type":0})),
        "fallback",
    )
    .unwrap();
    assert_eq!(
        (t.reference.as_str(), t.status, t.provider_status.as_str()),
        ("54321", Status::Pending, "1")
    );
    assert_eq!(t.transaction_id.as_deref(), Some("12345"));
    assert_eq!(t.confirm_type, None, "confirm_type 0 needs no confirmation");
    // Unipesa's success answer (docs/providers/unipesa.md#responses-and-statuses; service_version as a number).
    let t = parse_payment_response(
        &resp(200, json!({"order_id":"16280954971628095497","transaction_id":"732007046722","transaction_ref":"MP.33234.342.CP33","status":2,"result":{"code":0,"message":"OK"},"provider_result":{"code":0,"message":"OK"},"service_id":1,"service_version":11.1,"service_date_time":"2020-11-25 10:08:32.832969"})),
        "x",
    )
    .unwrap();
    assert_eq!(t.status, Status::Success);
    // Unipesa's NGN bank transfer (docs/providers/unipesa.md#responses-and-statuses): bank details in extra; a redirect when given.
    let t = parse_payment_response(
        &resp(200, json!({"order_id":"9","status":"1","result":{"code":"0"},"extra":{"transfer_amount":100,"account_number":"4000000000","customer_redirect":"https://pay.example/x"},"confirm_type":2})),
        "x",
    )
    .unwrap();
    assert_eq!(t.redirect_url.as_deref(), Some("https://pay.example/x"));
    assert_eq!(t.confirm_type, Some(2));
    assert_eq!(t.raw["extra"]["account_number"], "4000000000");
    assert_eq!(t.transaction_id, None, "missing transaction id");
}

#[test]
fn status_codes_map_to_the_unified_status() {
    let expect = [
        (-1, Status::Unknown),
        (0, Status::Pending),
        (1, Status::Pending),
        (2, Status::Success),
        (3, Status::Failed),
        (4, Status::Cancelled),
        (5, Status::Unknown),
        (6, Status::Unknown),
        (7, Status::Unknown),
        (99, Status::Unknown),
    ];
    for (code, status) in expect {
        assert_eq!(map_status(code), status, "{code}");
    }
}

#[test]
fn result_codes_become_typed_errors() {
    let e = parse_payment_response(
        &resp(
            200,
            json!({"status":-1,"result":{"code":10201,"message":"MERCHANT AUTHENTICATION ERROR"}}),
        ),
        "o",
    )
    .unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert!(e
        .to_string()
        .contains("check the secret key and the merchant id"));
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("10201"));
    for (code, word) in [
        (1, "INVALID PIN"),
        (2, "PIN IS BLANK"),
        (3, "INVALID PIN LENGTH"),
    ] {
        let e =
            parse_payment_response(&resp(200, json!({"status":-1,"result":{"code":code}})), "o")
                .unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            ("validation_error", Some("extra.otp"))
        );
        assert!(e.to_string().contains(word));
    }
    let e = parse_payment_response(
        &resp(
            200,
            json!({"status":-1,"result":{"code":404,"message":"TRANSACTION NOT FOUND"}}),
        ),
        "o",
    )
    .unwrap_err();
    assert_eq!(e.code(), "provider_error");
    assert!(e
        .to_string()
        .contains("TRANSACTION NOT FOUND (provider code 404)"));
    let e = parse_payment_response(&HttpResponse::new(503, "<html>"), "o").unwrap_err();
    assert!(e.is_retryable() && e.reason() == Some("provider_unavailable"));
    let e = parse_payment_response(&HttpResponse::new(429, ""), "o").unwrap_err();
    assert_eq!(e.code(), "rate_limited");
    let e = parse_payment_response(&HttpResponse::new(200, "{\"status\":"), "o").unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = parse_payment_response(&HttpResponse::new(200, vec![0xff, 0xfe]), "o").unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = parse_payment_response(&resp(200, json!({"status":1})), "o").unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = parse_payment_response(&HttpResponse::new(400, "bad"), "o").unwrap_err();
    assert_eq!(
        (e.code(), e.detail().unwrap().http_status),
        ("provider_error", Some(400))
    );
}

fn signed_callback(secret: &str, mutate: impl Fn(&mut Map<String, Value>)) -> String {
    // Unipesa's callback example (docs/providers/unipesa.md#callbacks), fields in the documented order.
    let mut m = json!({"merchant_id":"e0fecd91fcb24f348048193b3fb34875ba3722b4","operation_type":17,"customer_id":"0900000001","amount":100,"order_id":"16280954971628095497","transaction_id":"1234567","transaction_ref":"QR555RQ","status":2,"provider_id":14,"destination_id":"","result":{"code":0,"message":"OK"}}).as_object().unwrap().clone();
    crate::crypto::unipesa_signature::append_signature(&mut m, secret).unwrap();
    mutate(&mut m);
    Value::Object(m).to_string()
}

#[test]
fn callbacks_are_verified() {
    let cb = parse_callback(&cfg(), &signed_callback(SECRET, |_| {})).unwrap();
    assert!(cb.verified);
    assert_eq!(
        (cb.reference.as_str(), cb.status, cb.operation.as_deref()),
        ("16280954971628095497", Status::Success, Some("payment_c2b"))
    );
    assert_eq!(cb.amount.as_deref(), Some("100"));
    let forged = parse_callback(&cfg(), &signed_callback("another key", |_| {})).unwrap_err();
    assert_eq!(forged.code(), "signature_mismatch");
    let tampered = parse_callback(
        &cfg(),
        &signed_callback(SECRET, |m| {
            m.insert("amount".into(), json!(1000));
        }),
    )
    .unwrap_err();
    assert_eq!(tampered.code(), "signature_mismatch");
    let unsigned = parse_callback(
        &cfg(),
        &signed_callback(SECRET, |m| {
            m.remove("signature");
        }),
    )
    .unwrap_err();
    assert!(unsigned.to_string().contains("no signature"));
    assert_eq!(
        parse_callback(&cfg(), "[]").unwrap_err().code(),
        "parse_error"
    );
    assert_eq!(
        parse_callback(&cfg(), "{").unwrap_err().code(),
        "parse_error"
    );
}

#[test]
fn js_inputs_are_read_with_provider_fields_winning() {
    let r = payment_from_value(
        &json!({"amount":"100.5","currency":"XOF","phone":"+225 07","customerId":"2250705145655","reference":"r1","orderId":"o1","providerId":"9197","extra":{"b":1,"a":2}}),
    )
    .unwrap();
    assert_eq!(
        (r.customer_id.as_str(), r.order_id.as_deref(), r.provider_id),
        ("2250705145655", Some("o1"), 9197)
    );
    assert_eq!(r.amount.to_fixed2(), "100.50");
    assert_eq!(
        r.extra.unwrap().keys().collect::<Vec<_>>(),
        ["b", "a"],
        "extra keeps its order"
    );
    let r = payment_from_value(
        &json!({"amount":1500,"currency":"XOF","phone":"+225 07 05 14 56 55","providerId":14}),
    )
    .unwrap();
    assert_eq!(
        (r.customer_id.as_str(), r.order_id),
        ("2250705145655", None)
    );
    let err = |v: Value| payment_from_value(&v).unwrap_err();
    assert_eq!(
        err(json!({"currency":"XOF","phone":"1","providerId":14})).field(),
        Some("amount")
    );
    // A JS NaN reaches the typed input as a number (JSON cannot write one).
    let given = json!({"currency":"XOF","phone":"1","providerId":14});
    let mut nan: super::input::UnipesaPaymentRequest =
        crate::core::input::read_json_in(&given, "request").unwrap();
    nan.amount = Some(crate::core::input::AmountInput::Number(f64::NAN));
    assert_eq!(
        nan.into_request().unwrap_err().to_string(),
        "invalid `amount`: must be a number, not NaN"
    );
    assert_eq!(
        err(json!({"amount":"1","currency":"XOF","providerId":14})).field(),
        Some("phone")
    );
    assert_eq!(
        err(json!({"amount":"1","currency":"XOF","phone":"1","providerId":-3})).field(),
        Some("providerId")
    );
    assert_eq!(
        err(json!({"amount":"1","currency":"XOF","phone":"1","providerId":14,"extra":[1]})).field(),
        Some("extra")
    );
    assert_eq!(
        err(json!({"amount":"1","currency":"XOF","phone":"1","providerId":14,"bogus":1})).field(),
        Some("bogus")
    );
    assert_eq!(err(json!("x")).field(), Some("request"));
    assert_eq!(status_from_value(&json!("o1")).unwrap().order_id, "o1");
    assert_eq!(
        status_from_value(&json!({"reference":"o2","phone":"+254 7"}))
            .unwrap()
            .customer_id
            .as_deref(),
        Some("2547")
    );
    assert_eq!(
        status_from_value(&json!({})).unwrap_err().field(),
        Some("reference")
    );
}

#[test]
fn a_public_id_is_letters_digits_hyphens_and_underscores() {
    let with = |public_id: &str| {
        let mut c = cfg();
        c.public_id = public_id.into();
        c.check().map_err(|e| e.to_string())
    };
    // It is a path segment of every call's URL: nothing that would change the path.
    assert!(with("Merchant-01_eu").is_ok());
    for bad in ["a/b", "a.b", "a b", "a?b", "é"] {
        assert_eq!(
            with(bad).unwrap_err(),
            "invalid `publicId`: must contain only letters, digits, '-' and '_'",
            "{bad}"
        );
    }
}

#[test]
fn an_account_id_is_at_most_128_characters() {
    // Not a phone number, so kept as given, up to the rule the error states.
    let id = |n: usize| format!("ACC-{}", "x".repeat(n - 4));
    assert_eq!(normalize_customer_id(&id(128)).unwrap(), id(128));
    assert_eq!(
        normalize_customer_id(&id(129)).unwrap_err().to_string(),
        "invalid `customer_id`: must be at most 128 characters"
    );
}

#[test]
fn a_country_is_two_capital_letters_and_the_maximum_amount_is_allowed() {
    let check = |r: &PaymentRequest, d| check_payment(r, d, true).map_err(|e| e.to_string());
    // The simulator (14) has no table rules: only the ISO 3166 alpha-2 format is checked.
    for bad in ["ci", "CIV", "C", "c1"] {
        let mut r = req(14, "1", "1", "KES");
        r.country = Some(bad.into());
        assert!(
            check(&r, Direction::C2b)
                .unwrap_err()
                .starts_with("invalid `country`: must be an ISO 3166 alpha-2 code"),
            "{bad}"
        );
    }
    // Côte d'Ivoire's maximum, XOF 1 000 000.00 (TABLES.md, lines 173-175), is itself allowed; 5 more is not.
    assert!(check(
        &req(2306, "2250705145655", "1000000", "XOF"),
        Direction::C2b
    )
    .is_ok());
    assert!(check(
        &req(2306, "2250705145655", "1000005", "XOF"),
        Direction::C2b
    )
    .unwrap_err()
    .contains("at most XOF 1000000.00"),);
}

#[test]
fn answers_name_the_pin_problem_fall_back_on_empty_ids_and_read_numeric_ones() {
    // Each PIN code names its own problem (docs/providers/unipesa.md#error-codes), not a neighbour's.
    for (code, words) in [
        (1, "(result.code 1, INVALID PIN)"),
        (2, "(result.code 2, PIN IS BLANK)"),
        (3, "(result.code 3, INVALID PIN LENGTH)"),
    ] {
        let e =
            parse_payment_response(&resp(200, json!({"status":-1,"result":{"code":code}})), "o")
                .unwrap_err();
        assert!(e.to_string().ends_with(words), "{e}");
    }
    // An empty order id is no id: the reference sent stands; a numeric transaction id is read as its digits.
    let t = parse_payment_response(
        &resp(
            200,
            json!({"order_id":"","transaction_id":732007046722u64,"status":4,"result":{"code":0}}),
        ),
        "sent-ref",
    )
    .unwrap();
    assert_eq!(t.reference, "sent-ref");
    assert_eq!(t.transaction_id.as_deref(), Some("732007046722"));
    // Status 4 is cancelled (docs/providers/unipesa.md#responses-and-statuses): the reason says so; success has none.
    assert_eq!(
        (t.status, t.reason),
        (Status::Cancelled, Some(Reason::Cancelled))
    );
    let t = parse_payment_response(
        &resp(
            200,
            json!({"order_id":"o","transaction_id":"","status":2,"result":{"code":0}}),
        ),
        "x",
    )
    .unwrap();
    assert_eq!(
        (t.status, t.reason, t.transaction_id),
        (Status::Success, None, None)
    );
}

#[test]
fn an_http_error_with_a_json_body_but_no_result_code_is_the_providers_refusal() {
    // Not "cannot read the answer": the HTTP status is the provider's answer.
    let e = parse_payment_response(&resp(400, json!({"status":3})), "o").unwrap_err();
    assert_eq!(
        (e.code(), e.detail().unwrap().http_status),
        ("provider_error", Some(400))
    );
    assert!(
        e.to_string().contains("HTTP 400 without a result code"),
        "{e}"
    );
}

#[test]
fn a_cancelled_callback_says_why() {
    // Unipesa's callback example with status 4, cancelled (docs/providers/unipesa.md#responses-and-statuses),
    // signed after the change.
    let mut m = json!({"merchant_id":"e0fecd91fcb24f348048193b3fb34875ba3722b4","operation_type":17,"customer_id":"0900000001","amount":100,"order_id":"16280954971628095497","transaction_id":"1234567","status":4,"provider_id":14,"result":{"code":0,"message":"OK"}}).as_object().unwrap().clone();
    crate::crypto::unipesa_signature::append_signature(&mut m, SECRET).unwrap();
    let cb = parse_callback(&cfg(), &Value::Object(m).to_string()).unwrap();
    assert_eq!(
        (cb.status, cb.reason),
        (Status::Cancelled, Some(Reason::Cancelled))
    );
    // The documented success callback has no reason.
    let ok = parse_callback(&cfg(), &signed_callback(SECRET, |_| {})).unwrap();
    assert_eq!((ok.status, ok.reason), (Status::Success, None));
}

/// `extra` is carried as given: every JSON value in it, in order, for a payment and a status; anything but an
/// object or null is refused as a map reader refuses it, and its type error never quotes a value.
#[test]
fn extra_fields_are_carried_as_given() {
    let given = json!({"z": [1, {"deep": null}], "otp": "5647", "n": 100.10, "t": true});
    let v = json!({"amount":"1","currency":"XOF","phone":"1","providerId":14,"extra": given});
    let r = payment_from_value(&v).unwrap();
    assert_eq!(Value::Object(r.extra.unwrap()), v["extra"]);
    let s = status_from_value(&json!({"reference": "o1", "extra": {"b": 2, "a": [1]}})).unwrap();
    assert_eq!(Value::Object(s.extra.unwrap()), json!({"b": 2, "a": [1]}));
    for absent in [json!({}), json!({"extra": null})] {
        let mut v = json!({"amount":"1","currency":"XOF","phone":"1","providerId":14});
        v.as_object_mut()
            .unwrap()
            .extend(absent.as_object().unwrap().clone());
        assert_eq!(payment_from_value(&v).unwrap().extra, None, "{absent}");
    }
    for wrong in [json!([1]), json!("sk_live_SECRET"), json!(5)] {
        let v = json!({"amount":"1","currency":"XOF","phone":"1","providerId":14,"extra": wrong});
        let e = payment_from_value(&v).unwrap_err();
        assert_eq!(e.field(), Some("extra"));
        assert!(e.to_string().contains("has the wrong type"), "{e}");
        assert!(e.to_string().contains("expected a map"), "{e}");
        assert!(!e.to_string().contains("SECRET"), "{e}");
        let e = status_from_value(&json!({"reference": "o1", "extra": wrong})).unwrap_err();
        assert_eq!(e.field(), Some("extra"));
    }
}

/// The request's strings are read where they are in the tree (`Text`): one of another type is refused with its
/// name in the words of a `String` field.
#[test]
fn request_strings_are_refused_as_strings() {
    for field in ["phone", "currency", "orderId", "callbackUrl", "country"] {
        let mut v = json!({"amount":"1","currency":"XOF","phone":"1","providerId":14});
        v[field] = json!(5);
        let e = payment_from_value(&v).unwrap_err();
        assert_eq!(e.field(), Some(field));
        assert!(
            e.to_string()
                .contains("has the wrong type: number, expected a string"),
            "{e}"
        );
    }
}
