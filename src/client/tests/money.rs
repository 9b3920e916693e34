//! The money-safety rules of every client (`PaymentClient::move_money`), over Unipesa's client and a scripted
//! transport: the reference is made once and carried by every error, the outcome says whether money may have
//! moved, an unknown outcome is settled by one status read, and no secret reaches an error.

use crate::client::testing::{FakeEnv, ScriptedTransport};
use crate::client::unipesa::UnipesaClient;
use crate::client::{ClientOptions, PaymentClient, RetryPolicy};
use crate::core::ErrorKind;
use crate::core::{Error, HttpResponse, Outcome, Status};
use crate::providers::unipesa::tests::{cfg, req, SECRET};
use crate::providers::Operation;

fn client(script: Vec<Result<HttpResponse, Error>>) -> UnipesaClient<ScriptedTransport, FakeEnv> {
    let options = ClientOptions {
        retry: RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    UnipesaClient::new(
        cfg(),
        options,
        ScriptedTransport::new(script),
        FakeEnv::default(),
    )
    .unwrap()
}

fn lost() -> Result<HttpResponse, Error> {
    Err(ErrorKind::Network {
        message: "socket hang up".into(),
    }
    .into())
}

/// A payout with no reference: the client makes the order id.
fn payout() -> crate::providers::unipesa::PaymentRequest {
    let mut r = req(14, "254700000000", "100", "KES");
    r.order_id = None;
    r
}

#[test]
fn a_lost_answer_is_settled_by_one_status_read_of_the_generated_reference() {
    let status =
        r#"{"order_id":"x","transaction_id":"9","status":2,"result":{"code":0,"message":"OK"}}"#;
    let c = client(vec![lost(), Ok(HttpResponse::new(200, status))]);
    let t = pollster::block_on(c.move_money(Operation::Payout, payout())).unwrap();
    assert_eq!(t.status, Status::Success);
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent.len(), 2, "the payout, then one status read");
    assert!(sent[1].url.ends_with("/status"));
    let order_id = |i: usize| {
        let v: serde_json::Value = serde_json::from_str(sent[i].body.as_deref().unwrap()).unwrap();
        v["order_id"].as_str().unwrap().to_string()
    };
    assert_eq!(
        order_id(0),
        order_id(1),
        "the status read asks for the payout's own order id"
    );
}

#[test]
fn an_unsettled_unknown_outcome_carries_the_reference_and_says_what_to_do() {
    let c = client(vec![lost(), lost()]);
    let e = pollster::block_on(c.move_money(Operation::Payout, payout())).unwrap_err();
    assert_eq!(e.outcome, Outcome::Unknown);
    let reference = e.reference.clone().expect("the generated order id");
    assert!(crate::crypto::is_uuid_v4(&reference));
    let sent = c.driver.transport.sent.borrow();
    let body: serde_json::Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["order_id"],
        reference.as_str(),
        "the reference is the key that was sent"
    );
    let message = e.to_string();
    assert!(
        message.contains(&format!("status({reference:?})")),
        "{message}"
    );
    assert!(message.contains("same reference"), "{message}");
}

#[test]
fn outcomes_not_sent_and_rejected_say_nothing_moved() {
    let c = client(vec![]);
    let mut bad = payout();
    bad.currency = "kes".into();
    let e = pollster::block_on(c.move_money(Operation::Collect, bad)).unwrap_err();
    assert_eq!(
        (e.outcome, e.error.code()),
        (Outcome::NotSent, "validation_error")
    );
    assert!(e.reference.is_some(), "the key that would have been sent");
    assert!(c.driver.transport.sent.borrow().is_empty());
    assert!(
        !e.to_string().contains("status("),
        "no advice to check a payment that was never sent"
    );

    let refused = r#"{"order_id":"x","status":3,"result":{"code":42,"message":"refused"}}"#;
    let answer = HttpResponse::new(200, refused).with_header("X-Request-Id", "req-77");
    let c = client(vec![Ok(answer)]);
    let e = pollster::block_on(c.move_money(Operation::Collect, payout())).unwrap_err();
    assert_eq!(e.outcome, Outcome::Rejected, "{e}");
    assert_eq!(
        e.request_id.as_deref(),
        Some("req-77"),
        "the provider's id, to quote to its support"
    );
    assert_eq!(
        c.driver.transport.sent.borrow().len(),
        1,
        "a refusal is not settled by a read"
    );
}

#[test]
fn a_server_error_or_an_unreadable_answer_is_unknown_never_definite() {
    for answer in [
        HttpResponse::new(502, "<html>Bad gateway</html>"),
        HttpResponse::new(200, "<html>cut"),
    ] {
        let c = client(vec![Ok(answer), lost()]);
        let e = pollster::block_on(c.move_money(Operation::Payout, payout())).unwrap_err();
        assert_eq!(e.outcome, Outcome::Unknown, "{e}");
    }
}

#[test]
fn no_secret_of_the_client_reaches_a_money_error() {
    let c = client(vec![]);
    let echoed = ErrorKind::Provider {
        provider: crate::core::Provider::Unipesa,
        message: format!("gateway echo: key={SECRET}"),
        reason: None,
        detail: Default::default(),
        retryable: false,
    }
    .into();
    let e = c.money_error(echoed, Some("r-1".into()));
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("[redacted]"));
}

#[test]
fn a_definite_looking_last_answer_after_an_attempt_that_may_have_executed_is_still_unknown() {
    // The first attempt's answer is lost (it may have executed), the retry meets a 429: the call's outcome is
    // the first attempt's, unknown, never "rejected" (the chaos test found this).
    let options = ClientOptions {
        retry: RetryPolicy {
            max_retries: 1,
            base_delay_ms: 1,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let c = UnipesaClient::new(
        cfg(),
        options,
        ScriptedTransport::new(vec![lost(), Ok(HttpResponse::new(429, "slow down"))]),
        FakeEnv::default(),
    )
    .unwrap();
    let e = pollster::block_on(c.move_money(Operation::Payout, payout())).unwrap_err();
    assert_eq!(e.error.code(), "rate_limited");
    assert_eq!(e.outcome, Outcome::Unknown);
}
