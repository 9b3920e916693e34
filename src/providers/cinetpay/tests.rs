//! Golden requests and parser tests. Expected values are written by hand from docs/providers/cinetpay.md (its URLs, forms and
//! example bodies), docs/providers/cinetpay.md and docs.cinetpay.com's transfer pages — never produced by the code.

use super::input::{
    contacts_from_value, lookup_from_value, payout_from_value, transfers_from_value,
};
use super::*;
use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{
    Amount, Error, HttpRequest, HttpResponse, Method, Provider, Reason, Secret, Status, Transaction,
};
use serde_json::json;
use serde_json::Value;

fn cfg(lang: Lang) -> CinetPayConfig {
    CinetPayConfig {
        base_url: "https://client.cinetpay.com/v1".into(),
        api_key: Secret::new("your_apikey_here".into()),
        password: Secret::new("your_password_here".into()),
        lang,
        currency: "XOF".into(),
    }
}

fn form_header() -> Vec<(String, String)> {
    vec![(
        "Content-Type".to_string(),
        "application/x-www-form-urlencoded".to_string(),
    )]
}

fn seed_contacts() -> Vec<Contact> {
    vec![
        Contact {
            prefix: "225".into(),
            phone: "53798590".into(),
            name: "Test A".into(),
            surname: "Test B".into(),
            email: "testa@exemple.com".into(),
        },
        Contact {
            prefix: "225".into(),
            phone: "77895086".into(),
            name: "Test C".into(),
            surname: "Test D".into(),
            email: "testb@exemple.com".into(),
        },
    ]
}

fn seed_transfer(id: &str, amount: &str) -> Transfer {
    Transfer {
        prefix: "225".into(),
        phone: "07895086".into(),
        amount: Amount::parse("amount", amount).unwrap(),
        notify_url: "https://mydomain.com/notify".into(),
        client_transaction_id: Some(id.into()),
    }
}

fn data_of(body: &str) -> Value {
    let pairs = form_decode(body);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].0, "data");
    serde_json::from_str(&pairs[0].1).unwrap()
}

// ------------------------------------------------------------------------------------------------ builders

#[test]
fn golden_login() {
    let r = build_login(&cfg(Lang::Fr)).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://client.cinetpay.com/v1/auth/login?lang=fr");
    assert_eq!(r.headers, form_header());
    assert_eq!(
        r.body.as_deref(),
        Some("apikey=your_apikey_here&password=your_password_here")
    );
}

#[test]
fn login_form_escapes_special_characters() {
    let mut c = cfg(Lang::En);
    c.password = Secret::new("p&ss=w rd+%".into());
    let r = build_login(&c).unwrap();
    assert_eq!(r.url, "https://client.cinetpay.com/v1/auth/login?lang=en");
    assert_eq!(
        r.body.as_deref(),
        Some("apikey=your_apikey_here&password=p%26ss%3Dw%20rd%2B%25")
    );
}

#[test]
fn golden_balance_is_the_seed_url() {
    let r = build_balance(&cfg(Lang::Fr), "your_token_here").unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url,
        "https://client.cinetpay.com/v1/transfer/check/balance/?token=your_token_here&lang=fr"
    );
    assert!(r.headers.is_empty());
    assert_eq!(r.body, None);
}

#[test]
fn golden_add_contacts_is_the_seed_form() {
    let r = build_add_contacts(&cfg(Lang::Fr), "your_token_here", &seed_contacts()[..1]).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.url,
        "https://client.cinetpay.com/v1/transfer/contact?token=your_token_here&lang=fr"
    );
    assert_eq!(r.headers, form_header());
    assert_eq!(
        r.body.as_deref(),
        Some("data=%5B%7B%22prefix%22%3A%22225%22%2C%22phone%22%3A%2253798590%22%2C%22name%22%3A%22Test%20A%22%2C%22surname%22%3A%22Test%20B%22%2C%22email%22%3A%22testa%40exemple.com%22%7D%5D")
    );
    // The provider's documented two-contact batch, key order as in the provider's documents.
    let r = build_add_contacts(&cfg(Lang::Fr), "your_token_here", &seed_contacts()).unwrap();
    let data = data_of(r.body.as_deref().unwrap());
    assert_eq!(
        data.to_string(),
        r#"[{"prefix":"225","phone":"53798590","name":"Test A","surname":"Test B","email":"testa@exemple.com"},{"prefix":"225","phone":"77895086","name":"Test C","surname":"Test D","email":"testb@exemple.com"}]"#
    );
}

#[test]
fn golden_send_money_is_the_seed_form() {
    let r = build_send_money(
        &cfg(Lang::En),
        "your_token_here",
        &[
            seed_transfer("MYMERCHANTID1", "500"),
            seed_transfer("20180606111287", "800"),
        ],
    )
    .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.url,
        "https://client.cinetpay.com/v1/transfer/money/send/contact?token=your_token_here&lang=en"
    );
    assert_eq!(r.headers, form_header());
    let data = data_of(r.body.as_deref().unwrap());
    assert_eq!(
        data.to_string(),
        r#"[{"prefix":"225","phone":"07895086","amount":"500","notify_url":"https://mydomain.com/notify","client_transaction_id":"MYMERCHANTID1"},{"prefix":"225","phone":"07895086","amount":"800","notify_url":"https://mydomain.com/notify","client_transaction_id":"20180606111287"}]"#
    );
    let one = build_send_money(
        &cfg(Lang::Fr),
        "t",
        &[seed_transfer("MYMERCHANTID1", "500")],
    )
    .unwrap();
    assert_eq!(
        one.body.as_deref(),
        Some("data=%5B%7B%22prefix%22%3A%22225%22%2C%22phone%22%3A%2207895086%22%2C%22amount%22%3A%22500%22%2C%22notify_url%22%3A%22https%3A%2F%2Fmydomain.com%2Fnotify%22%2C%22client_transaction_id%22%3A%22MYMERCHANTID1%22%7D%5D")
    );
}

#[test]
fn golden_check_money_is_the_seed_url() {
    let r = build_check_money(
        &cfg(Lang::Fr),
        "your_token_here",
        &TransferLookup::ClientTransactionId("my_transaction_id".into()),
    )
    .unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.url, "https://client.cinetpay.com/v1/transfer/check/money?token=your_token_here&client_transaction_id=my_transaction_id&lang=fr");
    assert!(r.headers.is_empty() && r.body.is_none());
    let r = build_check_money(
        &cfg(Lang::En),
        "tok/+=",
        &TransferLookup::TransactionId("TR 1".into()),
    )
    .unwrap();
    assert_eq!(r.url, "https://client.cinetpay.com/v1/transfer/check/money?token=tok%2F%2B%3D&transaction_id=TR%201&lang=en");
}

#[test]
fn base_url_with_a_trailing_slash_or_a_sandbox_prefix() {
    let mut c = cfg(Lang::Fr);
    c.base_url = "http://127.0.0.1:8787/cinetpay/v1/".into();
    assert_eq!(
        build_login(&c).unwrap().url,
        "http://127.0.0.1:8787/cinetpay/v1/auth/login?lang=fr"
    );
}

#[test]
fn builders_refuse_bad_input_naming_the_field() {
    let c = cfg(Lang::Fr);
    let field = |r: Result<HttpRequest, Error>| r.unwrap_err().field().unwrap().to_string();
    assert_eq!(field(build_add_contacts(&c, "t", &[])), "contacts");
    let mut bad = seed_contacts();
    bad[1].email = "not-an-email".into();
    assert_eq!(field(build_add_contacts(&c, "t", &bad)), "data[1].email");
    bad[1].email = "x@y.ci".into();
    bad[1].surname = "  ".into();
    assert_eq!(field(build_add_contacts(&c, "t", &bad)), "data[1].surname");
    bad[0].phone = "+2255379".into();
    assert_eq!(field(build_add_contacts(&c, "t", &bad)), "data[0].phone");

    let mut t = seed_transfer("A1", "500");
    t.notify_url = "mydomain.com/notify".into();
    assert_eq!(field(build_send_money(&c, "t", &[t])), "data[0].notify_url");
    let mut t = seed_transfer("A1", "500");
    t.amount = Amount::parse("a", "0").unwrap();
    assert_eq!(field(build_send_money(&c, "t", &[t])), "data[0].amount");
    let mut t = seed_transfer("A1", "500");
    t.client_transaction_id = None;
    assert_eq!(
        field(build_send_money(&c, "t", &[t])),
        "data[0].client_transaction_id"
    );
    assert_eq!(
        field(build_send_money(
            &c,
            "t",
            &[seed_transfer("A1", "500"), seed_transfer("A1", "600")]
        )),
        "data[1].client_transaction_id"
    );
    assert_eq!(field(build_balance(&c, "")), "token");
    let mut c2 = cfg(Lang::Fr);
    c2.password = Secret::new(String::new());
    assert_eq!(field(build_login(&c2)), "password");
    c2 = cfg(Lang::Fr);
    c2.base_url = "client.cinetpay.com/v1".into();
    assert_eq!(field(build_login(&c2)), "baseUrl");
}

// ------------------------------------------------------------------------------------------------ parsers

fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body)
}

#[test]
fn login_answers_from_the_seed() {
    let ok = resp(
        200,
        "{\n    \"code\": 0,\n    \"message\": \"OPERATION_SUCCES\",\n    \"data\": {\n        \"token\": \"XXX_TOKEN_XXX\"\n    }\n}",
    );
    assert_eq!(parse_login(&ok).unwrap().expose(), "XXX_TOKEN_XXX");
    let refused = resp(
        401,
        r#"{"code":"701","message":"INVALID_CREDENTIALS","description":"Identifiant de connexion incorrect","data":[]}"#,
    );
    let e = parse_login(&refused).unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert_eq!(
        e.detail().unwrap(),
        &ProviderDetail {
            http_status: Some(401),
            provider_code: Some("701".into())
        }
    );
    assert_eq!(
        e.to_string(),
        "cinetpay: authentication failed: INVALID_CREDENTIALS: incorrect credentials: check the apikey and the transfer API password"
    );
    // A success without a token is a parse error that shows no body.
    let e = parse_login(&resp(200, r#"{"code":0,"data":{}}"#)).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    // An empty token is no token: it would only be refused on the next call.
    let e = parse_login(&resp(200, r#"{"code":0,"data":{"token":""}}"#)).unwrap_err();
    assert_eq!(
        (e.code(), e.to_string().as_str()),
        (
            "parse_error",
            "cinetpay: cannot read the answer at `data.token`: the login answer has no data.token"
        )
    );
}

#[test]
fn balance_from_the_docs_example() {
    let b = parse_balance(
        &resp(
            200,
            r#"{"code":0,"message":"OPERATION_SUCCES","data":{"amount":663,"inUsing":0,"available":663}}"#,
        ),
        "XOF",
    )
    .unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].available, "663");
    assert_eq!(b[0].currency, "XOF");
    assert_eq!(b[0].raw, json!({"amount":663,"inUsing":0,"available":663}));
    let b = parse_balance(
        &resp(200, r#"{"code":"0","data":{"available":"1500.5"}}"#),
        "XAF",
    )
    .unwrap();
    assert_eq!(
        (b[0].available.as_str(), b[0].currency.as_str()),
        ("1500.5", "XAF")
    );
}

#[test]
fn balance_per_country_when_cinetpay_answers_country_balance() {
    // CinetPay's PHP transfer sample reads data.countryBalance[ISO].available (docs/providers/cinetpay.md); the
    // currencies are the countries' own: Côte d'Ivoire XOF (UEMOA), Cameroon XAF (CEMAC).
    let body = r#"{"code":0,"message":"OPERATION_SUCCES","data":{"amount":1700,"inUsing":100,"available":1600,
        "countryBalance":{"CM":{"amount":700,"inUsing":0,"available":700},"CI":{"amount":1000,"inUsing":100,"available":900}}}}"#;
    let b = parse_balance(&resp(200, body), "XOF").unwrap();
    let got: Vec<(&str, &str, &Value)> = b
        .iter()
        .map(|x| (x.available.as_str(), x.currency.as_str(), &x.raw["country"]))
        .collect();
    assert_eq!(
        got,
        vec![("900", "XOF", &json!("CI")), ("700", "XAF", &json!("CM"))]
    );
    assert_eq!(b[0].raw["inUsing"], json!(100));
    // However many countries, in ISO order whatever the answer's order.
    let isos = [
        "TG", "BF", "SN", "CI", "ZZ", "CM", "AA", "ML", "GN", "CD", "NE",
    ];
    let items: Vec<String> = isos
        .iter()
        .map(|c| format!(r#""{c}":{{"available":"1","currency":"XOF"}}"#))
        .collect();
    let body = format!(
        r#"{{"code":0,"data":{{"countryBalance":{{{}}}}}}}"#,
        items.join(",")
    );
    let b = parse_balance(&HttpResponse::new(200, body), "XOF").unwrap();
    let mut sorted = isos.to_vec();
    sorted.sort();
    let got: Vec<&str> = b.iter().filter_map(|x| x.raw["country"].as_str()).collect();
    assert_eq!(got, sorted);
    // An item naming its currency keeps it; an unknown country without one, or a non-decimal, is a ParseError.
    let b = parse_balance(
        &resp(
            200,
            r#"{"code":0,"data":{"countryBalance":{"ZZ":{"available":"5","currency":"USD"}}}}"#,
        ),
        "XOF",
    )
    .unwrap();
    assert_eq!(
        (b[0].available.as_str(), b[0].currency.as_str()),
        ("5", "USD")
    );
    for (body, path) in [
        (
            r#"{"code":0,"data":{"countryBalance":{"ZZ":{"available":"5"}}}}"#,
            "data.countryBalance.ZZ.currency",
        ),
        (
            r#"{"code":0,"data":{"countryBalance":{"CI":{"available":"string"}}}}"#,
            "data.countryBalance.CI.available",
        ),
        (r#"{"code":0,"data":{"available":"abc"}}"#, "data.available"),
        (r#"{"code":0,"data":{"amount":5}}"#, "data.available"),
    ] {
        match parse_balance(&resp(200, body), "XOF")
            .unwrap_err()
            .into_kind()
        {
            ErrorKind::Parse { path: p, .. } => assert_eq!(p, path, "{body}"),
            e => panic!("{body}: {e:?}"),
        }
    }
    // An empty countryBalance falls back to the total.
    let b = parse_balance(
        &resp(
            200,
            r#"{"code":0,"data":{"available":10,"countryBalance":{}}}"#,
        ),
        "XOF",
    )
    .unwrap();
    assert_eq!((b.len(), b[0].available.as_str()), (1, "10"));
}

#[test]
fn every_documented_code_is_a_typed_error() {
    // (code, error code, reason, retryable) written from the meaning of each code.
    let expected: &[(i64, &str, Option<&str>, bool)] = &[
        (-1, "provider_error", Some("provider_error"), false),
        (701, "auth_error", None, false),
        (702, "provider_error", Some("provider_error"), true),
        (703, "auth_error", None, false),
        (704, "provider_error", None, false),
        (705, "auth_error", None, false),
        (706, "auth_error", None, false),
        (707, "auth_error", None, false),
        (708, "provider_error", Some("not_allowed"), false),
        (709, "provider_error", Some("provider_error"), false),
        (710, "provider_error", Some("provider_error"), false),
        (715, "provider_error", Some("provider_error"), false),
        (716, "provider_error", None, false),
        (717, "provider_error", Some("account_not_found"), false),
        (718, "provider_error", None, false),
        (719, "provider_error", Some("limit_reached"), false),
        (720, "provider_error", Some("limit_reached"), false),
        (721, "provider_error", Some("provider_unavailable"), false),
        (602, "provider_error", Some("insufficient_funds"), false),
        (723, "provider_error", None, false),
        (724, "provider_error", None, false),
        (725, "provider_error", None, false),
        (801, "provider_error", None, false),
        (802, "provider_error", None, false),
        (804, "provider_error", Some("provider_unavailable"), true),
        (805, "provider_error", None, false),
    ];
    for (code, kind, reason, retryable) in expected {
        // As a string with HTTP 200, the way CinetPay sends errors.
        let body = format!(r#"{{"code":"{code}","message":"X","description":"d","data":[]}}"#);
        let e = read_ok(&resp(200, &body), false).unwrap_err();
        assert_eq!(e.code(), *kind, "code {code}");
        assert_eq!(e.reason(), *reason, "code {code}");
        assert_eq!(e.is_retryable(), *retryable, "code {code}");
        assert_eq!(
            e.detail().unwrap().provider_code.as_deref(),
            Some(code.to_string().as_str())
        );
        assert_eq!(e.detail().unwrap().http_status, Some(200));
        // As a number too.
        let body = format!(r#"{{"code":{code},"message":"X","data":[]}}"#);
        assert_eq!(read_ok(&resp(200, &body), false).unwrap_err().code(), *kind);
    }
    let e = read_ok(
        &resp(
            200,
            r#"{"code":"724","message":"ERROR_PHONE_NOT_MY_CONTACT"}"#,
        ),
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "cinetpay: ERROR_PHONE_NOT_MY_CONTACT: the phone number is not one of your contacts: add it first (provider code 724)"
    );
    let e = read_ok(
        &resp(200, r#"{"code":"999","message":"SOMETHING_NEW"}"#),
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "cinetpay: code 999: SOMETHING_NEW (provider code 999)"
    );
}

#[test]
fn token_refusals_are_recognised() {
    for c in ["705", "706", "707"] {
        let body = format!(r#"{{"code":"{c}","message":"X","data":[]}}"#);
        assert!(is_token_refused(&resp(200, &body)), "{c}");
    }
    assert!(!is_token_refused(&resp(200, r#"{"code":"701"}"#)));
    assert!(!is_token_refused(&resp(200, r#"{"code":0,"data":{}}"#)));
    assert!(!is_token_refused(&resp(200, "not json")));
}

#[test]
fn broken_answers_are_typed() {
    let e = read_ok(&resp(429, "").with_header("Retry-After", "2"), false).unwrap_err();
    assert_eq!(e.code(), "rate_limited");
    assert_eq!(e.retry_after_ms(), Some(2000));
    let e = read_ok(&resp(502, "<html>Bad gateway</html>"), false).unwrap_err();
    assert_eq!((e.code(), e.is_retryable()), ("provider_error", true));
    assert_eq!(e.reason(), Some("provider_unavailable"));
    let e = read_ok(&resp(404, "Not found"), false).unwrap_err();
    assert_eq!((e.code(), e.is_retryable()), ("provider_error", false));
    let e = read_ok(&resp(200, ""), false).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    assert!(e.to_string().contains("the body is empty"), "{e}");
    let e = read_ok(&resp(200, r#"{"code":0,"message":"OPERATION_SU"#), false).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = read_ok(&resp(200, "<html>{}</html>"), false).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = read_ok(&resp(200, r#"[1,2]"#), false).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    let e = read_ok(&resp(200, r#"{"message":"no code"}"#), false).unwrap_err();
    assert_eq!(e.code(), "parse_error");
}

#[test]
fn contacts_726_is_success_and_other_item_codes_are_not() {
    let body = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[
        {"prefix":"225","phone":"53798590","name":"Test A","surname":"Test B","email":"testa@exemple.com","code":0,"status":"success","lot":"1"},
        {"prefix":"225","phone":"77895086","code":726,"status":"ERROR_PHONE_ALREADY_MY_CONTACT"},
        {"prefix":"225","phone":"1","code":"802","status":"INVALID_PHONE"}]]}"#;
    let r = parse_add_contacts(&resp(200, body)).unwrap();
    let summary: Vec<(&str, i64, bool, &str)> = r
        .iter()
        .map(|c| (c.phone.as_str(), c.code, c.ok, c.status.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("53798590", 0, true, "added"),
            ("77895086", 726, true, "already_contact"),
            ("1", 802, false, "INVALID_PHONE"),
        ]
    );
    // A flat array is read the same way.
    let flat = r#"{"code":0,"data":[{"prefix":"225","phone":"53798590","code":726}]}"#;
    assert!(parse_add_contacts(&resp(200, flat)).unwrap()[0].ok);
    assert_eq!(
        parse_add_contacts(&resp(200, r#"{"code":0,"data":[]}"#))
            .unwrap_err()
            .code(),
        "parse_error"
    );
}

#[test]
fn send_money_items_become_transactions() {
    let body = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[
        {"prefix":"225","phone":"07895086","amount":500,"client_transaction_id":"MYMERCHANTID1","code":0,"status":"success","transaction_id":"TR1","lot":"L","treatment_status":"NEW","sending_status":"CONFIRM"},
        {"prefix":"225","phone":"07895086","amount":800,"client_transaction_id":"20180606111287","code":"804","status":"OPERATOR_UNAVAILABLE"}]]}"#;
    let sent = [
        seed_transfer("MYMERCHANTID1", "500"),
        seed_transfer("20180606111287", "800"),
    ];
    let txs = parse_send_money(&resp(200, body), &sent).unwrap();
    assert_eq!(txs[0].reference, "MYMERCHANTID1");
    assert_eq!(txs[0].status, Status::Pending);
    assert_eq!(txs[0].provider_status, "NEW");
    assert_eq!(txs[0].transaction_id.as_deref(), Some("TR1"));
    assert_eq!(txs[0].amount.as_deref(), Some("500"));
    assert_eq!(txs[1].reference, "20180606111287");
    assert_eq!(txs[1].status, Status::Failed);
    assert_eq!(txs[1].reason, Some(Reason::ProviderUnavailable));
    assert_eq!(txs[1].provider_status, "OPERATOR_UNAVAILABLE");
    // The batch-level 805 is the typed error the client resolves.
    let e = parse_send_money(
        &resp(
            200,
            r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","data":[]}"#,
        ),
        &sent,
    )
    .unwrap_err();
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("805"));
}

#[test]
fn treatment_statuses_map_to_unified_statuses() {
    let cases = [
        ("NEW", Status::Pending, None),
        ("REC", Status::Pending, None),
        ("NOS", Status::Pending, None),
        ("VAL", Status::Success, None),
        ("REJ", Status::Failed, Some(Reason::Rejected)),
        ("XYZ", Status::Unknown, None),
    ];
    for (s, status, reason) in cases {
        let body = format!(
            r#"{{"code":0,"message":"OPERATION_SUCCES","data":[{{"transaction_id":"TR7","client_transaction_id":"my_transaction_id","lot":"1","amount":"500","receiver":"22507895086","sending_status":"CONFIRM","transfer_valid":"Y","treatment_status":"{s}","comment":""}}]}}"#
        );
        let tx = parse_check_money(
            &resp(200, &body),
            &TransferLookup::ClientTransactionId("my_transaction_id".into()),
        )
        .unwrap();
        assert_eq!(
            (tx.status, tx.reason, tx.provider_status.as_str()),
            (status, reason, s)
        );
        assert_eq!(tx.reference, "my_transaction_id");
        assert_eq!(tx.transaction_id.as_deref(), Some("TR7"));
        assert_eq!(tx.amount.as_deref(), Some("500"));
    }
    let e = parse_check_money(
        &resp(200, r#"{"code":"723","message":"NOT_FOUND","data":[]}"#),
        &TransferLookup::TransactionId("TR0".into()),
    )
    .unwrap_err();
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("723"));
    let e = parse_check_money(
        &resp(200, r#"{"code":0,"data":[]}"#),
        &TransferLookup::TransactionId("TR0".into()),
    )
    .unwrap_err();
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("723"));
}

#[test]
fn notification_form_post() {
    let body = "transaction_id=TR1&client_transaction_id=MYMERCHANTID1&lot=123&amount=500&receiver=22507895086&sending_status=CONFIRM&comment=Transfert+effectu%C3%A9&treatment_status=VAL&operator_transaction_id=MP1&validated_at=2018-06-25+12%3A40%3A25";
    let cb = parse_callback(body).unwrap();
    assert_eq!(cb.reference, "MYMERCHANTID1");
    assert_eq!(cb.status, Status::Success);
    assert_eq!(cb.provider_status, "VAL");
    assert!(!cb.verified);
    assert_eq!(cb.transaction_id.as_deref(), Some("TR1"));
    assert_eq!(cb.amount.as_deref(), Some("500"));
    assert_eq!(cb.raw["comment"], "Transfert effectué");
    assert_eq!(cb.raw["validated_at"], "2018-06-25 12:40:25");
    // The older docs' field `operator` is kept in raw.
    let cb = parse_callback("transaction_id=TR2&operator=OM&treatment_status=REJ").unwrap();
    assert_eq!(cb.reference, "TR2");
    assert_eq!(
        (cb.status, cb.reason),
        (Status::Failed, Some(Reason::Rejected))
    );
    assert_eq!(cb.raw["operator"], "OM");
    // A framework that parsed the form hands an object.
    let cb =
        parse_callback(r#"{"client_transaction_id":"A","treatment_status":"NEW","amount":500}"#)
            .unwrap();
    assert_eq!((cb.reference.as_str(), cb.status), ("A", Status::Pending));
    assert_eq!(cb.amount.as_deref(), Some("500"));
}

#[test]
fn liveness_ping_and_garbage_notifications() {
    let e = parse_callback("").unwrap_err();
    assert_eq!(e.field(), Some("body"));
    assert!(e.to_string().contains("liveness ping"), "{e}");
    assert_eq!(parse_callback("  \n").unwrap_err().field(), Some("body"));
    assert_eq!(
        parse_callback("lot=1&amount=5").unwrap_err().code(),
        "parse_error"
    );
    assert_eq!(
        parse_callback("{not json").unwrap_err().code(),
        "parse_error"
    );
    assert_eq!(parse_callback("[1]").unwrap_err().code(), "parse_error");
}

#[test]
fn form_decoding() {
    assert_eq!(
        form_decode("a=1+2&b=%41%zz&c&=x&d=%E2%82%AC"),
        vec![
            ("a".into(), "1 2".into()),
            ("b".into(), "A%zz".into()),
            ("c".into(), String::new()),
            (String::new(), "x".into()),
            ("d".into(), "€".into()),
        ]
    );
    assert_eq!(form_decode("x=%4"), vec![("x".into(), "%4".into())]);
}

#[test]
fn same_transfer_compares_amount_and_receiver() {
    let t = seed_transfer("A", "500");
    let found = |amount: &str, receiver: &str| Transaction {
        provider: Provider::Cinetpay,
        reference: "A".into(),
        status: Status::Pending,
        reason: None,
        provider_status: "NEW".into(),
        transaction_id: None,
        amount: Some(amount.into()),
        currency: None,
        redirect_url: None,
        confirm_type: None,
        raw: json!({ "receiver": receiver }),
    };
    assert!(same_transfer(&found("500", "22507895086"), &t));
    assert!(same_transfer(&found("500.00", "+225 07895086"), &t));
    assert!(!same_transfer(&found("800", "22507895086"), &t));
    assert!(!same_transfer(&found("500", "22505000000"), &t));
}

// ------------------------------------------------------------------------------------------------ input

#[test]
fn phones_split_into_prefix_and_national_number() {
    let s = |p: &str, pre: Option<&str>| split_phone("phone", p, pre);
    assert_eq!(
        s("+225 07 07 00 00 00", None).unwrap(),
        ("225".into(), "0707000000".into())
    );
    assert_eq!(
        s("00221771234567", None).unwrap(),
        ("221".into(), "771234567".into())
    );
    assert_eq!(
        s("237699000000", None).unwrap(),
        ("237".into(), "699000000".into())
    );
    assert_eq!(
        s("07895086", Some("225")).unwrap(),
        ("225".into(), "07895086".into())
    );
    assert_eq!(
        s("+225 07895086", Some("+225")).unwrap(),
        ("225".into(), "07895086".into())
    );
    // A prefix outside the table is accepted when given.
    assert_eq!(
        s("612345678", Some("33")).unwrap(),
        ("33".into(), "612345678".into())
    );
    assert_eq!(s("0707000000", None).unwrap_err().field(), Some("phone"));
    assert_eq!(s("+33612345678", None).unwrap_err().field(), Some("phone"));
    assert_eq!(
        s("+221771234567", Some("225")).unwrap_err().field(),
        Some("phone")
    );
    assert_eq!(s("0707", Some("225")).unwrap_err().field(), Some("phone"));
    assert_eq!(
        s("0707000000", Some("2a5")).unwrap_err().field(),
        Some("prefix")
    );
    assert_eq!(
        s("07-07-ab", Some("225")).unwrap_err().field(),
        Some("phone")
    );
}

#[test]
fn payout_input_reads_unified_and_cinetpay_fields() {
    let p = payout_from_value(
        &json!({"amount": 500, "phone": "+225 07 07 00 00 00", "reference": "order-1",
                "callbackUrl": "https://shop.example/cinetpay", "name": "Awa", "surname": "Kone",
                "email": "awa@example.com", "description": "refund", "country": "CI"}),
        "XOF",
    )
    .unwrap();
    assert_eq!(p.transfer.prefix, "225");
    assert_eq!(p.transfer.phone, "0707000000");
    assert_eq!(p.transfer.amount.to_plain(), "500");
    assert_eq!(p.transfer.notify_url, "https://shop.example/cinetpay");
    assert_eq!(p.transfer.client_transaction_id.as_deref(), Some("order-1"));
    assert_eq!(p.currency, "XOF");
    assert_eq!(
        p.contact,
        Contact {
            prefix: "225".into(),
            phone: "0707000000".into(),
            name: "Awa".into(),
            surname: "Kone".into(),
            email: "awa@example.com".into()
        }
    );
    // CinetPay's own names win; the currency follows the country.
    let p = payout_from_value(
        &json!({"amount": "1000", "phone": "699000000", "prefix": "237", "reference": "r",
                "clientTransactionId": "own", "callbackUrl": "https://a.example/x",
                "notifyUrl": "https://b.example/y", "name": "A", "surname": "B", "email": "a@b.cm"}),
        "XOF",
    )
    .unwrap();
    assert_eq!(p.transfer.client_transaction_id.as_deref(), Some("own"));
    assert_eq!(p.transfer.notify_url, "https://b.example/y");
    assert_eq!(p.currency, "XAF");
}

#[test]
fn payout_input_errors_name_the_callers_field() {
    let base = json!({"amount": 500, "phone": "+2250707000000", "callbackUrl": "https://s.example/n",
                      "name": "A", "surname": "B", "email": "a@b.ci"});
    let with = |k: &str, v: Value| {
        let mut o = base.clone();
        if v.is_null() {
            o.as_object_mut().unwrap().remove(k);
        } else {
            o[k] = v;
        }
        payout_from_value(&o, "XOF").unwrap_err()
    };
    let cases: Vec<(Error, &str)> = vec![
        (with("amount", json!("100.50")), "amount"),
        (with("amount", json!(0)), "amount"),
        (with("amount", json!({"$number": "NaN"})), "amount"),
        (with("amount", Value::Null), "amount"),
        (with("callbackUrl", Value::Null), "callbackUrl"),
        (with("callbackUrl", json!("ftp://x")), "callbackUrl"),
        (with("phone", json!("0707000000")), "phone"),
        (with("currency", json!("XAF")), "currency"),
        (with("currency", json!("xof")), "currency"),
        (with("country", json!("SN")), "country"),
        (with("email", json!("nope")), "email"),
        (with("name", Value::Null), "name"),
        (with("reference", json!("has space")), "reference"),
        (with("customerId", json!("x")), "customerId"),
        (with("prefix", json!("22x")), "prefix"),
    ];
    for (e, field) in cases {
        assert_eq!(e.code(), "validation_error", "{field}: {e}");
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert!(with("amount", json!("100.50"))
        .to_string()
        .contains("whole number"));
    assert!(with("callbackUrl", Value::Null).to_string().contains("725"));
}

#[test]
fn batch_inputs() {
    let contacts = contacts_from_value(&json!([
        {"phone": "+225 53 79 85 90", "name": "Test A", "surname": "Test B", "email": "testa@exemple.com"},
        {"prefix": "225", "phone": "77895086", "name": "Test C", "surname": "Test D", "email": "testb@exemple.com"}
    ]))
    .unwrap();
    assert_eq!(contacts, seed_contacts());
    assert_eq!(
        contacts_from_value(&json!([])).unwrap_err().field(),
        Some("contacts")
    );
    assert_eq!(
        contacts_from_value(&json!([{"phone": "+22553798590", "name": "A", "surname": "B"}]))
            .unwrap_err()
            .field(),
        Some("contacts[0].email")
    );
    let ts = transfers_from_value(
        &json!([
            {"prefix": "225", "phone": "07895086", "amount": "500", "notifyUrl": "https://mydomain.com/notify", "clientTransactionId": "MYMERCHANTID1"},
            {"phone": "+22507895086", "amount": 800, "callbackUrl": "https://mydomain.com/notify"}
        ]),
        "XOF",
    )
    .unwrap();
    assert_eq!(ts[0], seed_transfer("MYMERCHANTID1", "500"));
    assert_eq!(ts[1].client_transaction_id, None);
    assert_eq!(ts[1].amount.to_plain(), "800");
    assert_eq!(
        transfers_from_value(
            &json!([
                {"phone": "+22507895086", "amount": 1, "notifyUrl": "https://a.b/c", "reference": "X"},
                {"phone": "+22507895086", "amount": 1, "notifyUrl": "https://a.b/c", "reference": "X"}
            ]),
            "XOF"
        )
        .unwrap_err()
        .field(),
        Some("transfers[1].clientTransactionId")
    );
    assert_eq!(
        transfers_from_value(
            &json!([{"phone": "+22507895086", "amount": 1, "notifyUrl": "nope"}]),
            "XOF"
        )
        .unwrap_err()
        .field(),
        Some("transfers[0].notifyUrl")
    );
}

#[test]
fn typed_inputs_refuse_unknown_fields_and_wrong_types_by_path() {
    // Unknown fields and wrong types are named by their path in the caller's input, as the caller wrote it.
    let contact = json!({"phone": "+22553798590", "name": "A", "surname": "B", "email": "a@b.ci"});
    let mut extra = contact.clone();
    extra["country"] = json!("CI");
    let e = contacts_from_value(&json!([contact, extra])).unwrap_err();
    assert_eq!(e.field(), Some("contacts[1].country"), "{e}");
    assert!(e.to_string().contains("not a field of this call"), "{e}");
    assert!(
        e.to_string()
            .contains("prefix, phone, name, surname, email"),
        "{e}"
    );
    let e = transfers_from_value(
        &json!([{"phone": "+22507895086", "amount": 1, "notifyUrl": "https://a.b/c", "orderId": "x"}]),
        "XOF",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("transfers[0].orderId"), "{e}");
    let e = transfers_from_value(
        &json!([{"phone": "+22507895086", "amount": true, "notifyUrl": "https://a.b/c"}]),
        "XOF",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("transfers[0].amount"), "{e}");
    assert!(e.to_string().contains("wrong type"), "{e}");
    let e = transfers_from_value(&json!({"phone": "+22507895086"}), "XOF").unwrap_err();
    assert_eq!(e.field(), Some("transfers"), "{e}");
    let base = json!({"amount": 500, "phone": "+2250707000000", "callbackUrl": "https://s.example/n",
                      "name": "A", "surname": "B", "email": "a@b.ci"});
    for (k, v) in [
        ("name", json!(5)),
        ("email", json!(["a@b.ci"])),
        ("phone", json!(true)),
    ] {
        let mut o = base.clone();
        o[k] = v;
        let e = payout_from_value(&o, "XOF").unwrap_err();
        assert_eq!(e.field(), Some(k), "{e}");
        assert_eq!(e.code(), "validation_error");
    }
    // `null` is an absent field (a JS `undefined` crosses as null).
    let mut o = base.clone();
    o["name"] = Value::Null;
    let e = payout_from_value(&o, "XOF").unwrap_err();
    assert_eq!(e.field(), Some("name"));
    assert!(e.to_string().contains("CinetPay contact"), "{e}");
    assert_eq!(
        payout_from_value(&json!(null), "XOF").unwrap_err().field(),
        Some("request")
    );
}

#[test]
fn typed_inputs_take_a_prefix_as_a_number() {
    // The second contact of docs/providers/cinetpay.md's example (docs/providers/cinetpay.md#request-fields), its prefix a number.
    let c = contacts_from_value(&json!([
        {"prefix": 225, "phone": "77895086", "name": "Test C", "surname": "Test D", "email": "testb@exemple.com"}
    ]))
    .unwrap();
    assert_eq!(c, seed_contacts()[1..].to_vec());
    let t = transfers_from_value(
        &json!([{"prefix": 225, "phone": "07895086", "amount": 500,
                 "notifyUrl": "https://mydomain.com/notify", "reference": "MYMERCHANTID1"}]),
        "XOF",
    )
    .unwrap();
    assert_eq!(t, vec![seed_transfer("MYMERCHANTID1", "500")]);
    // A non-finite number is no prefix.
    let e = contacts_from_value(&json!([
        {"prefix": {"$number": "NaN"}, "phone": "77895086", "name": "A", "surname": "B", "email": "a@b.ci"}
    ]))
    .unwrap_err();
    assert_eq!(e.field(), Some("contacts[0].prefix"), "{e}");
}

#[test]
fn status_lookups_prefer_the_merchants_id() {
    assert_eq!(
        lookup_from_value(
            &json!({"clientTransactionId": " own ", "reference": "r", "transactionId": "TR1"})
        )
        .unwrap(),
        TransferLookup::ClientTransactionId("own".into())
    );
    assert_eq!(
        lookup_from_value(&json!({"reference": "r", "transactionId": "TR1"})).unwrap(),
        TransferLookup::ClientTransactionId("r".into())
    );
    let e = lookup_from_value(&json!({"clientTransactionId": " ", "transactionId": "TR1"}))
        .unwrap_err();
    assert_eq!(e.field(), Some("reference"));
    let e = lookup_from_value(&json!({"orderId": "x"})).unwrap_err();
    assert_eq!(e.field(), Some("orderId"), "{e}");
    let e = lookup_from_value(&json!({"transactionId": 5})).unwrap_err();
    assert_eq!(e.field(), Some("transactionId"), "{e}");
    let e = lookup_from_value(&json!({})).unwrap_err();
    assert_eq!(e.field(), Some("reference"));
    assert!(e.to_string().contains("transactionId"), "{e}");
}

#[test]
fn status_lookups() {
    assert_eq!(
        lookup_from_value(&json!("order-1")).unwrap(),
        TransferLookup::ClientTransactionId("order-1".into())
    );
    assert_eq!(
        lookup_from_value(&json!({"reference": "order-1"})).unwrap(),
        TransferLookup::ClientTransactionId("order-1".into())
    );
    assert_eq!(
        lookup_from_value(&json!({"transactionId": "TR1"})).unwrap(),
        TransferLookup::TransactionId("TR1".into())
    );
    for bad in [json!(""), json!({}), json!(12), json!({"orderId": "x"})] {
        assert_eq!(
            lookup_from_value(&bad).unwrap_err().code(),
            "validation_error"
        );
    }
}

#[test]
fn config_debug_and_errors_hide_the_credentials() {
    let c = cfg(Lang::Fr);
    let d = format!("{c:?}");
    assert!(
        !d.contains("your_apikey_here") && !d.contains("your_password_here"),
        "{d}"
    );
    assert!(d.contains("[redacted]"));
    let e = parse_login(&resp(200, r#"{"code":0,"data":{"token":"XXX_TOKEN_X"#)).unwrap_err();
    assert!(!format!("{e:?}{e}").contains("XXX_TOKEN"), "{e:?}");
    assert_eq!(Lang::parse("lang", "de").unwrap_err().field(), Some("lang"));
}

#[test]
fn e_mails_ids_and_lookups_are_refused_with_their_rule_and_their_bounds_pass() {
    let c = cfg(Lang::Fr);
    let contacts_with = |email: &str| {
        let mut cs = seed_contacts();
        cs[1].email = email.into();
        build_add_contacts(&c, "t", &cs).map_err(|e| e.to_string())
    };
    assert!(contacts_with("name@example.com").is_ok());
    // A name, an '@', a dotted domain that neither starts nor ends with the dot, no blank: each rule alone.
    for bad in [
        "@example.com",
        "name@example",
        "name@.example.com",
        "name@example.com.",
        "na me@example.com",
    ] {
        assert_eq!(
            contacts_with(bad).unwrap_err(),
            "invalid `data[1].email`: must be an e-mail address (name@example.com)",
            "{bad}"
        );
    }
    // payrail's own bound on client_transaction_id (CinetPay documents none): 100 characters pass, 101 do not.
    let send_with = |id: String| {
        build_send_money(&c, "t", &[seed_transfer(&id, "500")]).map_err(|e| e.to_string())
    };
    assert!(send_with("x".repeat(100)).is_ok());
    assert_eq!(
        send_with("x".repeat(101)).unwrap_err(),
        "invalid `data[0].client_transaction_id`: must be at most 100 characters"
    );
    // And on a looked-up id: 200 characters pass, 201 do not.
    let check_with = |id: String| {
        build_check_money(&c, "t", &TransferLookup::TransactionId(id)).map_err(|e| e.to_string())
    };
    assert!(check_with("x".repeat(200)).is_ok());
    assert_eq!(
        check_with("x".repeat(201)).unwrap_err(),
        "invalid `transaction_id`: must be at most 200 characters"
    );
}

#[test]
fn check_money_finds_an_id_written_as_a_number_and_an_empty_id_is_none() {
    // The documented ids are digits ("20180606111287"): a JSON number for one is the same id.
    let body = r#"{"code":0,"message":"OPERATION_SUCCES","data":[
        {"transaction_id":"TR1","client_transaction_id":"MYMERCHANTID1","amount":"500","treatment_status":"VAL"},
        {"transaction_id":"","client_transaction_id":20180606111287,"amount":800,"treatment_status":"NEW"}]}"#;
    let tx = parse_check_money(
        &resp(200, body),
        &TransferLookup::ClientTransactionId("20180606111287".into()),
    )
    .unwrap();
    assert_eq!(
        (tx.reference.as_str(), tx.status, tx.amount.as_deref()),
        ("20180606111287", Status::Pending, Some("800"))
    );
    // Its transaction id is empty: none yet, not "".
    assert_eq!(tx.transaction_id, None);
}

#[test]
fn a_refused_transfer_item_carries_its_codes_reason() {
    // docs/providers/cinetpay.md's code table: 602 → insufficient_funds, 719 and 720 → limit_reached,
    // 717 → account_not_found, 804 → provider_unavailable; an undocumented code → other.
    let cases = [
        ("602", Reason::InsufficientFunds),
        ("719", Reason::LimitReached),
        ("720", Reason::LimitReached),
        ("717", Reason::AccountNotFound),
        ("804", Reason::ProviderUnavailable),
        ("999", Reason::Other),
    ];
    for (code, reason) in cases {
        let body = format!(
            r#"{{"code":0,"message":"OPERATION_SUCCES","data":[[{{"prefix":"225","phone":"07895086","amount":500,"client_transaction_id":"A1","code":"{code}"}}]]}}"#
        );
        let txs = parse_send_money(&resp(200, &body), &[seed_transfer("A1", "500")]).unwrap();
        assert_eq!(
            (txs[0].status, txs[0].reason),
            (Status::Failed, Some(reason)),
            "{code}"
        );
    }
}

/// The requests' strings are read where they are in the tree (`Text`): one of another type is refused with its
/// path in the words of a `String` field, in a payout, a contact of a list and a transfer of a list.
#[test]
fn request_strings_are_refused_as_strings_with_their_path() {
    let words = "has the wrong type: number, expected a string";
    let payout = json!({"amount": "100", "phone": "+225 07 07 00 00 00", "name": "A", "surname": "B",
        "email": "a@b.example", "notifyUrl": 5});
    let e = payout_from_value(&payout, "XOF").unwrap_err();
    assert_eq!(e.field(), Some("notifyUrl"));
    assert!(e.to_string().contains(words), "{e}");
    let contact = json!({"prefix": "225", "phone": "0707000000", "name": "A", "surname": "B", "email": "a@b.example"});
    let mut bad = contact.clone();
    bad["surname"] = json!(7);
    let e = contacts_from_value(&json!([contact, bad])).unwrap_err();
    assert_eq!(e.field(), Some("contacts[1].surname"));
    assert!(e.to_string().contains(words), "{e}");
    let e = transfers_from_value(
        &json!([{"prefix": "225", "phone": "0707000000", "amount": "100", "currency": 952}]),
        "XOF",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("transfers[0].currency"));
    assert!(e.to_string().contains(words), "{e}");
}
