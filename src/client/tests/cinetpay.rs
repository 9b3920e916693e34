//! The CinetPay client over a scripted transport: the token, 705-707 renewals, 805s, scrubbing, hooks.
use super::*;
use crate::client::testing::{FakeEnv, ScriptedTransport};
use crate::client::PaymentClient;
use crate::client::RetryPolicy;
use crate::core::{Amount, HttpResponse, Method, Secret, Status};
use crate::providers::cinetpay::Lang;
use crate::providers::CallbackHint;

const API_KEY: &str = "ak_live_4242_do_not_print";
const PASSWORD: &str = "pw-transfer-s3cret";
const TOKEN: &str = "tok_AAAA1111";
const TOKEN2: &str = "tok_BBBB2222";

fn config() -> CinetPayConfig {
    CinetPayConfig {
        base_url: "https://client.cinetpay.com/v1".into(),
        api_key: Secret::new(API_KEY.into()),
        password: Secret::new(PASSWORD.into()),
        lang: Lang::Fr,
        currency: "XOF".into(),
    }
}

fn client(script: Vec<Result<HttpResponse, Error>>) -> CinetPayClient<ScriptedTransport, FakeEnv> {
    let env = FakeEnv::default();
    env.now.set(1_700_000_000_000);
    CinetPayClient::new(
        config(),
        ClientOptions {
            timeout_ms: 1000,
            retry: RetryPolicy::default(),
        },
        ScriptedTransport::new(script),
        env,
    )
    .unwrap()
}

fn ok(body: &str) -> Result<HttpResponse, Error> {
    Ok(HttpResponse::new(200, body))
}
fn login_ok(token: &str) -> Result<HttpResponse, Error> {
    ok(&format!(
        r#"{{"code":0,"message":"OPERATION_SUCCES","data":{{"token":"{token}"}}}}"#
    ))
}
const BALANCE: &str =
    r#"{"code":0,"message":"OPERATION_SUCCES","data":{"amount":663,"inUsing":0,"available":663}}"#;
const EXPIRED: &str =
    r#"{"code":"705","message":"EXPIRED_TOKEN","description":"Le token a expiré","data":[]}"#;

fn paths(c: &CinetPayClient<ScriptedTransport, FakeEnv>) -> Vec<String> {
    c.driver
        .transport
        .sent
        .borrow()
        .iter()
        .map(|r| {
            let u = r.url.trim_start_matches("https://client.cinetpay.com/v1");
            format!("{} {}", r.method.as_str(), u)
        })
        .collect()
}

fn payout_request(reference: Option<&str>) -> PayoutRequest {
    PayoutRequest {
        contact: Contact {
            prefix: "225".into(),
            phone: "0707000000".into(),
            name: "Awa".into(),
            surname: "Kone".into(),
            email: "awa@example.com".into(),
        },
        transfer: Transfer {
            prefix: "225".into(),
            phone: "0707000000".into(),
            amount: Amount::parse("amount", "500").unwrap(),
            notify_url: "https://shop.example/notify".into(),
            client_transaction_id: reference.map(str::to_string),
        },
        currency: "XOF".into(),
    }
}

#[test]
fn token_is_fetched_once_and_reused_for_its_five_minutes() {
    let c = client(vec![
        login_ok(TOKEN),
        ok(BALANCE),
        ok(BALANCE),
        login_ok(TOKEN2),
        ok(BALANCE),
    ]);
    let b = pollster::block_on(c.balance(())).unwrap();
    assert_eq!(
        (b[0].available.as_str(), b[0].currency.as_str()),
        ("663", "XOF")
    );
    c.driver.env.now.set(c.driver.env.now.get() + 269_000); // 4 min 29 s: still usable (margin: a tenth of 300 s)
    pollster::block_on(c.balance(())).unwrap();
    c.driver.env.now.set(c.driver.env.now.get() + 2_000); // past 270 s: renewed
    pollster::block_on(c.balance(())).unwrap();
    assert_eq!(
        paths(&c),
        [
            "POST /auth/login?lang=fr",
            "GET /transfer/check/balance/?token=tok_AAAA1111&lang=fr",
            "GET /transfer/check/balance/?token=tok_AAAA1111&lang=fr",
            "POST /auth/login?lang=fr",
            "GET /transfer/check/balance/?token=tok_BBBB2222&lang=fr",
        ]
    );
}

#[test]
fn expired_token_means_one_fresh_login_and_one_retry() {
    let c = client(vec![
        login_ok(TOKEN),
        ok(EXPIRED),
        login_ok(TOKEN2),
        ok(BALANCE),
    ]);
    let b = pollster::block_on(c.balance(())).unwrap();
    assert_eq!(b[0].available, "663");
    assert_eq!(
        paths(&c),
        [
            "POST /auth/login?lang=fr",
            "GET /transfer/check/balance/?token=tok_AAAA1111&lang=fr",
            "POST /auth/login?lang=fr",
            "GET /transfer/check/balance/?token=tok_BBBB2222&lang=fr",
        ]
    );
}

#[test]
fn a_second_refusal_is_an_auth_error_without_a_third_login() {
    let invalid = r#"{"code":"706","message":"INVALID_TOKEN","data":[]}"#;
    let c = client(vec![
        login_ok(TOKEN),
        ok(invalid),
        login_ok(TOKEN2),
        ok(invalid),
    ]);
    let e = pollster::block_on(c.balance(())).unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("706"));
    assert_eq!(c.driver.transport.sent.borrow().len(), 4);
    let d = format!("{e:?} {e} {c:?}");
    for s in [API_KEY, PASSWORD, TOKEN, TOKEN2] {
        assert!(!d.contains(s), "{s} leaked: {d}");
    }
}

#[test]
fn wrong_credentials_are_an_auth_error_that_names_no_secret() {
    let c = client(vec![Ok(HttpResponse::new(
        401,
        r#"{"code":"701","message":"INVALID_CREDENTIALS","description":"Identifiant de connexion incorrect","data":[]}"#,
    ))]);
    let e = pollster::block_on(c.balance(())).unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert_eq!(e.detail().unwrap().http_status, Some(401));
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("701"));
    assert!(e.to_string().contains("INVALID_CREDENTIALS"), "{e}");
    let d = format!("{e:?} {e} {c:?}");
    assert!(!d.contains(API_KEY) && !d.contains(PASSWORD), "{d}");
    // The login form carried them, once.
    let body = c.driver.transport.sent.borrow()[0].body.clone().unwrap();
    assert_eq!(body, format!("apikey={API_KEY}&password={PASSWORD}"));
}

#[test]
fn network_errors_quoting_the_url_are_scrubbed_of_the_token() {
    let url_err = || {
        Err(ErrorKind::Network {
            message: format!(
                "Failed to fetch https://client.cinetpay.com/v1/transfer/check/balance/?token={TOKEN}&lang=fr"
            ),
        }
            .into())
    };
    let c = client(vec![login_ok(TOKEN), url_err(), url_err(), url_err()]);
    let e = pollster::block_on(c.balance(())).unwrap_err();
    assert_eq!(e.code(), "network_error");
    assert!(!format!("{e:?}{e}").contains(TOKEN), "{e:?}");
    assert!(e.to_string().contains("token=[redacted]"), "{e}");
    assert_eq!(
        c.driver.env.sleeps.borrow().len(),
        2,
        "two retries of a read"
    );
}

#[test]
fn a_truncated_login_answer_never_shows_the_token() {
    let c = client(vec![ok(
        r#"{"code":0,"message":"OPERATION_SUCCES","data":{"token":"tok_AAAA11"#,
    )]);
    let e = pollster::block_on(c.balance(())).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    assert!(!format!("{e:?}").contains("tok_AAAA"), "{e:?}");
}

#[test]
fn payout_adds_the_contact_then_sends_with_one_generated_id() {
    let contact_726 = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","phone":"0707000000","code":726,"status":"ERROR_PHONE_ALREADY_MY_CONTACT"}]]}"#;
    let c = client(vec![
        login_ok(TOKEN),
        ok(contact_726),
        Ok(HttpResponse::new(503, "")),
        ok("PLACEHOLDER"),
    ]);
    // Script the send answer with the id the client will generate: FakeEnv's counter starts at 0, so the
    // first UUID is made of bytes 00..0f with the v4 bits set.
    let id = "00010203-0405-4607-8809-0a0b0c0d0e0f";
    c.driver.transport.script.borrow_mut().pop_back();
    c.driver.transport.script.borrow_mut().push_back(ok(&format!(
        r#"{{"code":0,"message":"OPERATION_SUCCES","data":[[{{"prefix":"225","phone":"0707000000","amount":500,"client_transaction_id":"{id}","code":0,"status":"success","transaction_id":"TR0001","lot":"L1","treatment_status":"NEW","sending_status":"CONFIRM"}}]]}}"#
    )));
    let tx = pollster::block_on(c.payout(payout_request(None))).unwrap();
    assert_eq!(tx.reference, id);
    assert_eq!(tx.status, Status::Pending);
    assert_eq!(tx.provider_status, "NEW");
    assert_eq!(tx.transaction_id.as_deref(), Some("TR0001"));
    assert_eq!(tx.currency.as_deref(), Some("XOF"));
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[1].method, Method::Post);
    assert!(sent[1].url.contains("/transfer/contact?"));
    // The 503 was retried with the identical body: the same client_transaction_id.
    assert_eq!(sent[2].body, sent[3].body);
    assert!(sent[3].body.as_ref().unwrap().contains(id));
}

#[test]
fn an_805_on_a_retry_goes_to_the_status_and_never_sends_again() {
    let contact_ok = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","phone":"0707000000","code":0,"status":"success"}]]}"#;
    let exists =
        r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","description":"x","data":[]}"#;
    let status = r#"{"code":0,"message":"OPERATION_SUCCES","data":[{"transaction_id":"TR9","client_transaction_id":"order-77","amount":"500","receiver":"2250707000000","treatment_status":"VAL","sending_status":"CONFIRM"}]}"#;
    let c = client(vec![
        login_ok(TOKEN),
        ok(contact_ok),
        Ok(HttpResponse::new(500, "")), // executed, answer lost
        ok(exists),                     // the retry: the id exists
        ok(status),
    ]);
    let tx = pollster::block_on(c.payout(payout_request(Some("order-77")))).unwrap();
    assert_eq!(tx.reference, "order-77");
    assert_eq!(tx.status, Status::Success);
    assert_eq!(tx.transaction_id.as_deref(), Some("TR9"));
    let p = paths(&c);
    assert_eq!(p.iter().filter(|x| x.contains("/money/send/")).count(), 2);
    assert_eq!(
        p.last().unwrap(),
        "GET /transfer/check/money?token=tok_AAAA1111&client_transaction_id=order-77&lang=fr"
    );
}

#[test]
fn an_805_for_another_transfer_is_an_error_and_nothing_more_is_sent() {
    let contact_ok = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"code":0}]]}"#;
    let exists = r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","data":[]}"#;
    let other = r#"{"code":0,"message":"OPERATION_SUCCES","data":[{"client_transaction_id":"order-77","amount":"9000","receiver":"2250505000000","treatment_status":"VAL"}]}"#;
    let c = client(vec![login_ok(TOKEN), ok(contact_ok), ok(exists), ok(other)]);
    let e = pollster::block_on(c.payout(payout_request(Some("order-77")))).unwrap_err();
    assert_eq!(e.code(), "provider_error");
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("805"));
    assert!(e.to_string().contains("another transfer"), "{e}");
    assert_eq!(c.driver.transport.sent.borrow().len(), 4);
}

#[test]
fn a_refused_contact_stops_the_payout_before_any_transfer() {
    let refused = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"code":802,"status":"INVALID_PHONE"}]]}"#;
    let c = client(vec![login_ok(TOKEN), ok(refused)]);
    let e = pollster::block_on(c.payout(payout_request(Some("r1")))).unwrap_err();
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("802"));
    assert_eq!(c.driver.transport.sent.borrow().len(), 2);
}

#[test]
fn an_item_level_refusal_of_a_payout_is_its_typed_error() {
    let contact_ok = r#"{"code":0,"data":[[{"code":0}]]}"#;
    let refused = r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"client_transaction_id":"r1","code":"602","status":"INSUFFICIENT_BALANCE"}]]}"#;
    let c = client(vec![login_ok(TOKEN), ok(contact_ok), ok(refused)]);
    let e = pollster::block_on(c.payout(payout_request(Some("r1")))).unwrap_err();
    assert_eq!(e.code(), "provider_error");
    assert_eq!(e.reason(), Some("insufficient_funds"));
    assert_eq!(e.detail().unwrap().provider_code.as_deref(), Some("602"));
}

#[test]
fn an_unreadable_send_answer_is_resolved_by_reading_the_transfer() {
    let contact_ok = r#"{"code":0,"data":[[{"code":0}]]}"#;
    let status = r#"{"code":0,"data":[{"client_transaction_id":"r1","amount":"500","receiver":"2250707000000","treatment_status":"NEW"}]}"#;
    let c = client(vec![
        login_ok(TOKEN),
        ok(contact_ok),
        ok(r#"{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","pho"#),
        ok(status),
    ]);
    let tx = pollster::block_on(c.payout(payout_request(Some("r1")))).unwrap();
    assert_eq!((tx.reference.as_str(), tx.status), ("r1", Status::Pending));
    assert_eq!(
        paths(&c)
            .iter()
            .filter(|p| p.contains("/money/send/"))
            .count(),
        1
    );

    // Not found by check/money either: the parse error stands, naming the id to check.
    let not_found = r#"{"code":"723","message":"NOT_FOUND","data":[]}"#;
    let c = client(vec![
        login_ok(TOKEN),
        ok(contact_ok),
        ok("{\"code\":0,"),
        ok(not_found),
    ]);
    let e = pollster::block_on(c.payout(payout_request(Some("r2")))).unwrap_err();
    assert_eq!(e.code(), "parse_error");
    assert!(e.to_string().contains("check status(r2)"), "{e}");
}

#[test]
fn bad_input_fails_before_anything_is_sent() {
    let c = client(vec![]);
    let mut r = payout_request(Some("bad id with spaces"));
    let e = pollster::block_on(c.payout(r.clone())).unwrap_err();
    assert_eq!(e.field(), Some("data[0].client_transaction_id"));
    r.transfer.client_transaction_id = None;
    r.transfer.amount = Amount::parse("amount", "100.50").unwrap();
    let e = pollster::block_on(c.payout(r)).unwrap_err();
    assert_eq!(e.field(), Some("data[0].amount"));
    assert!(c.driver.transport.sent.borrow().is_empty());
}

#[test]
fn status_reads_are_retried_on_5xx() {
    // 2 retries of a read on 502, then success.
    let status = r#"{"code":0,"data":[{"client_transaction_id":"r1","treatment_status":"REJ"}]}"#;
    let c = client(vec![
        login_ok(TOKEN),
        Ok(HttpResponse::new(502, "<html>")),
        Ok(HttpResponse::new(502, "<html>")),
        ok(status),
    ]);
    let tx =
        pollster::block_on(c.status(TransferLookup::ClientTransactionId("r1".into()))).unwrap();
    assert_eq!(tx.status, Status::Failed);
    assert_eq!(tx.reason, Some(crate::core::Reason::Rejected));
}

#[test]
fn no_secret_in_any_error_or_debug_output() {
    let url_err = || {
        Err(ErrorKind::Network {
            message: format!("Failed to parse URL from https://h/v1/x?token={TOKEN}&lang=fr"),
        }
        .into())
    };
    let exists = r#"{"code":"805","message":"CLIENT_TRANSACTION_ID_EXIST","data":[]}"#;
    let other = r#"{"code":0,"data":[{"client_transaction_id":"r","amount":"1","treatment_status":"VAL"}]}"#;
    let contact_ok = r#"{"code":0,"data":[[{"code":0}]]}"#;
    let scenarios: Vec<Vec<Result<HttpResponse, Error>>> = vec![
        vec![Ok(HttpResponse::new(
            401,
            r#"{"code":"701","message":"INVALID_CREDENTIALS","data":[]}"#,
        ))],
        vec![ok(&format!(
            r#"{{"code":0,"data":{{"token":"{}"#,
            &TOKEN[..8]
        ))],
        vec![login_ok(TOKEN), ok(EXPIRED), login_ok(TOKEN2), ok(EXPIRED)],
        vec![login_ok(TOKEN), url_err(), url_err(), url_err()],
        vec![
            login_ok(TOKEN),
            Ok(HttpResponse::new(500, "")),
            Ok(HttpResponse::new(500, "")),
            Ok(HttpResponse::new(500, "")),
        ],
        vec![login_ok(TOKEN), ok("{\"code\":0,\"data\":")],
        vec![
            login_ok(TOKEN),
            ok(r#"{"code":"708","message":"NOT_ALLOWED"}"#),
        ],
        vec![login_ok(TOKEN), ok(contact_ok), ok(exists), ok(other)],
    ];
    let mut seen = 0;
    for script in scenarios {
        let c = client(script);
        let errors = [
            pollster::block_on(c.balance(())).err(),
            pollster::block_on(c.payout(payout_request(Some("r")))).err(),
            pollster::block_on(c.status(TransferLookup::TransactionId("TR".into()))).err(),
        ];
        for e in errors.into_iter().flatten() {
            seen += 1;
            let text = format!("{e:?}\n{e}\n{c:?}\n{:?}", c.config);
            for s in [API_KEY, PASSWORD, TOKEN, TOKEN2] {
                assert!(!text.contains(s), "{s} leaked: {text}");
            }
        }
    }
    assert!(seen >= 12, "errors checked: {seen}");
}

#[test]
fn confirm_callback_asks_check_money_for_the_truth() {
    let status = r#"{"code":0,"data":[{"client_transaction_id":"r1","transaction_id":"TR1","amount":"500","treatment_status":"REJ"}]}"#;
    let c = client(vec![login_ok(TOKEN), ok(status)]);
    let forged = "transaction_id=TR1&client_transaction_id=r1&amount=5005&treatment_status=VAL";
    let cb = c.parse_callback(forged, &CallbackHint::default()).unwrap();
    assert_eq!((cb.status, cb.verified), (Status::Success, false));
    let tx = pollster::block_on(c.confirm_callback(forged, &CallbackHint::default())).unwrap();
    assert_eq!(tx.status, Status::Failed);
    assert_eq!(tx.amount.as_deref(), Some("500"));
}

/// Records every event of a call.
#[derive(Default)]
struct Recorder(std::cell::RefCell<Vec<(crate::client::driver::EventKind, String)>>);

impl crate::client::driver::Observer for Recorder {
    fn event(
        &self,
        kind: crate::client::driver::EventKind,
        e: &crate::client::driver::AttemptEvent,
    ) {
        let line = format!(
            "{} {} #{} status={:?} retry={:?} body={}",
            e.operation,
            e.url,
            e.attempt,
            e.status,
            e.retry_in_ms,
            e.body.clone().unwrap_or_default()
        );
        self.0.borrow_mut().push((kind, line));
    }
}

#[test]
fn hooks_see_every_attempt_of_a_retried_call_with_every_secret_masked() {
    use crate::client::driver::{CallContext, EventKind};
    let mut c = client(vec![
        login_ok(TOKEN),
        Ok(HttpResponse::new(503, "busy")),
        ok(BALANCE),
    ]);
    let recorder = std::rc::Rc::new(Recorder::default());
    *c.driver.observer.borrow_mut() = Some(recorder.clone());
    c.driver.context = CallContext {
        provider: "cinetpay",
        operation: "balance",
        reference: Default::default(),
        secrets: c.secrets(),
        ambiguous: Default::default(),
        request_id: Default::default(),
    };
    pollster::block_on(c.balance(())).unwrap();
    let events = recorder.0.borrow();
    let kinds: Vec<EventKind> = events.iter().map(|(k, _)| *k).collect();
    use EventKind::*;
    assert_eq!(
        kinds,
        [Request, Response, Request, Response, Retry, Request, Response],
        "the login, then the balance read: 503, a retry, 200"
    );
    for (_, line) in events.iter() {
        for secret in [API_KEY, PASSWORD, TOKEN] {
            assert!(!line.contains(secret), "{line}");
        }
    }
    assert!(
        events[0].1.contains("[redacted]"),
        "the login body's credentials are masked"
    );
    assert!(
        events[2].1.contains("[redacted]"),
        "the token in the balance URL is masked"
    );
    assert!(events[3].1.contains("status=Some(503)"));
    assert!(events[5].1.contains("#1"), "the second attempt");
}
