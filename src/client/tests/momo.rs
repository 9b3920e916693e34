//! The MoMo client over a scripted transport: tokens, renewals, retries, 409s, unknown outcomes.
use super::*;
use crate::client::testing::{FakeEnv, ScriptedTransport};
use crate::providers::momo::SubscriptionKeys;

const USER: &str = "3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93";
const API_KEY: &str = "9c4e1a7b3d5f40e2a8b6c0d2e4f6a8b1";
const SUB_KEY: &str = "5a1dbeef0c0ffee0d15ea5e5a4db0c5e";

fn config() -> MomoConfig {
    MomoConfig {
        base_url: "http://127.0.0.1:9/momo".into(),
        subscription_keys: SubscriptionKeys::single(SUB_KEY),
        api_user: USER.into(),
        api_key: Secret::new(API_KEY.into()),
        target_environment: "sandbox".into(),
        callback_url: None,
        provider_callback_host: None,
    }
}

fn token(t: &str, expires: u64) -> Result<HttpResponse, Error> {
    Ok(HttpResponse::new(
        200,
        format!(r#"{{"access_token":"{t}","token_type":"access_token","expires_in":{expires}}}"#),
    ))
}

fn client(script: Vec<Result<HttpResponse, Error>>) -> MomoClient<ScriptedTransport, FakeEnv> {
    let env = FakeEnv::default();
    env.now.set(1_700_000_000_000);
    MomoClient::new(
        config(),
        ClientOptions::default(),
        ScriptedTransport::new(script),
        env,
    )
    .unwrap()
}

fn body() -> serde_json::Map<String, Value> {
    serde_json::json!({"amount":"100","currency":"EUR","externalId":"e1",
        "payer":{"partyIdType":"MSISDN","partyId":"46733123460"}})
    .as_object()
    .unwrap()
    .clone()
}

const REF: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

#[test]
fn token_is_cached_and_reused_across_calls() {
    let c = client(vec![
        token("tok1", 3600),
        Ok(HttpResponse::new(202, "")),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
    ]);
    let t =
        pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, body())).unwrap();
    assert_eq!(t.reference, REF);
    assert_eq!(t.status.as_str(), "pending");
    let s = pollster::block_on(c.status(Kind::RequestToPay, REF)).unwrap();
    assert_eq!(s.provider_status, "PENDING");
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent.len(), 3, "one token fetch for two calls");
    assert!(sent[0].url.ends_with("/collection/token/"));
    assert_eq!(sent[1].header_value("Authorization"), Some("Bearer tok1"));
    assert_eq!(sent[2].header_value("Authorization"), Some("Bearer tok1"));
}

#[test]
fn a_401_renews_the_token_once_then_gives_up() {
    let denied = || {
        Ok(HttpResponse::new(
            401,
            r#"{"statusCode":401,"message":"Access denied due to invalid or expired access token."}"#,
        ))
    };
    let c = client(vec![
        token("old", 3600),
        denied(),
        token("new", 3600),
        Ok(HttpResponse::new(202, "")),
    ]);
    pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, body())).unwrap();
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent[3].header_value("Authorization"), Some("Bearer new"));
    assert_eq!(sent[3].header_value("X-Reference-Id"), Some(REF));
    drop(sent);

    let c = client(vec![token("a", 3600), denied(), token("b", 3600), denied()]);
    let e = pollster::block_on(c.status(Kind::RequestToPay, REF)).unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert_eq!(
        c.driver.transport.sent.borrow().len(),
        4,
        "renewed once, no more"
    );
}

#[test]
fn retries_reuse_the_reference_and_a_409_on_retry_reads_the_status() {
    let c = client(vec![
        token("t", 3600),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(
            409,
            r#"{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id. Creation of resource failed."}"#,
        )),
        Ok(HttpResponse::new(
            200,
            r#"{"amount":"100","currency":"EUR","status":"SUCCESSFUL","financialTransactionId":"123"}"#,
        )),
    ]);
    let t = pollster::block_on(c.create(Kind::Transfer, None, None, {
        let mut b = body();
        let p = b.remove("payer").unwrap();
        b.insert("payee".into(), p);
        b
    }))
    .unwrap();
    assert_eq!(t.status.as_str(), "success");
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent.len(), 4);
    let r1 = sent[1].header_value("X-Reference-Id").unwrap();
    let r2 = sent[2].header_value("X-Reference-Id").unwrap();
    assert_eq!(r1, r2, "the retry reuses the reference id");
    assert!(crate::crypto::is_uuid_v4(r1));
    assert_eq!(sent[3].method.as_str(), "GET");
    assert!(sent[3]
        .url
        .ends_with(&format!("/disbursement/v1_0/transfer/{r1}")));
    assert_eq!(t.reference, r1);
}

#[test]
fn an_unknown_outcome_is_settled_by_one_status_read() {
    // Every attempt lost: the status read finds the operation, so it was created.
    let lost = || {
        Err(ErrorKind::Network {
            message: "fetch failed (ECONNRESET)".into(),
        }
        .into())
    };
    let c = client(vec![
        token("t", 3600),
        lost(),
        lost(),
        lost(),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
    ]);
    let t =
        pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, body())).unwrap();
    assert_eq!(
        (t.reference.as_str(), t.provider_status.as_str()),
        (REF, "PENDING")
    );
    assert_eq!(c.driver.transport.sent.borrow().len(), 5);

    // Every attempt 503 and MTN does not know the reference: the error names it.
    let c = client(vec![
        token("t", 3600),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(404, r#"{"code":"RESOURCE_NOT_FOUND"}"#)),
    ]);
    let e = pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, body()))
        .unwrap_err();
    assert_eq!(e.detail().unwrap().http_status, Some(503));
    assert!(e.is_retryable());
    assert!(e.to_string().contains(REF), "{e}");
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent.len(), 5);
    assert!(sent[1..4]
        .iter()
        .all(|r| r.header_value("X-Reference-Id") == Some(REF)));
    assert_eq!(sent[4].method.as_str(), "GET");

    // A 400 is not an unknown outcome: no status read.
    let c = client(vec![
        token("t", 3600),
        Ok(HttpResponse::new(400, r#"{"code":"INVALID_CURRENCY"}"#)),
    ]);
    let e = pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, body()))
        .unwrap_err();
    assert_eq!(
        e.detail().unwrap().provider_code.as_deref(),
        Some("INVALID_CURRENCY")
    );
    assert_eq!(c.driver.transport.sent.borrow().len(), 2);
}

#[test]
fn wait_for_final_polls_until_final_or_timeout() {
    let c = client(vec![
        token("t", 3600),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
        Ok(HttpResponse::new(
            200,
            r#"{"status":"FAILED","reason":"APPROVAL_REJECTED"}"#,
        )),
    ]);
    let t = pollster::block_on(c.wait_for_final(Kind::RequestToPay, REF, 100, 10_000)).unwrap();
    assert_eq!(t.status.as_str(), "failed");
    assert_eq!(*c.driver.env.sleeps.borrow(), vec![100, 100]);

    let c = client(vec![
        token("t", 3600),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
        Ok(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
    ]);
    let t = pollster::block_on(c.wait_for_final(Kind::RequestToPay, REF, 100, 150)).unwrap();
    // read at 0, 100 and 200 ms: the last read is past the 150 ms limit
    assert_eq!(c.driver.transport.sent.borrow().len(), 4);
    assert_eq!(t.status.as_str(), "pending");
}

#[test]
fn cancel_invoice_retried_after_a_lost_answer_reads_the_status() {
    let c = client(vec![
        token("t", 3600),
        Err(ErrorKind::Network {
            message: "reset".into(),
        }
        .into()),
        Ok(HttpResponse::new(409, r#"{"code":"NOT_ALLOWED"}"#)),
        Ok(HttpResponse::new(
            200,
            r#"{"status":"FAILED","errorReason":{"code":"TRANSACTION_CANCELED","message":"x"}}"#,
        )),
    ]);
    let t = pollster::block_on(c.cancel_invoice(REF, None)).unwrap();
    assert_eq!(t.status.as_str(), "cancelled");
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent[1].method.as_str(), "DELETE");
    assert_eq!(
        sent[1].header_value("X-Reference-Id"),
        sent[2].header_value("X-Reference-Id")
    );
    assert_ne!(sent[1].header_value("X-Reference-Id"), Some(REF));
}

#[test]
fn a_repeated_call_answered_409_reads_the_operation_under_its_reference() {
    // A caller repeating a call with the reference of an earlier one (what an unknown outcome tells it to do):
    // MTN refuses the duplicate, and the answer is the existing operation, never a second one.
    let c = client(vec![
        token("t", 3600),
        Ok(HttpResponse::new(
            409,
            r#"{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id. Creation of resource failed."}"#,
        )),
        Ok(HttpResponse::new(
            200,
            r#"{"status":"SUCCESSFUL","amount":"100","currency":"EUR"}"#,
        )),
    ]);
    let t =
        pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, body())).unwrap();
    assert_eq!((t.reference.as_str(), t.status.as_str()), (REF, "success"));
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent.len(), 3, "token, the refused create, one status read");
    assert_eq!(sent[2].method.as_str(), "GET");
}

#[test]
fn bad_input_sends_nothing() {
    let c = client(vec![]);
    let e =
        pollster::block_on(c.create(Kind::RequestToPay, Some("not-a-uuid".into()), None, body()))
            .unwrap_err();
    assert_eq!(e.field(), Some("reference"));
    let mut b = body();
    b.insert("currency".into(), Value::String("XAF".into()));
    let e =
        pollster::block_on(c.create(Kind::RequestToPay, Some(REF.into()), None, b)).unwrap_err();
    assert_eq!(e.field(), Some("currency"));
    assert!(
        c.driver.transport.sent.borrow().is_empty(),
        "nothing sent, not even a token request"
    );
}

#[test]
fn expired_token_is_fetched_again() {
    let c = client(vec![
        token("t1", 3600),
        Ok(HttpResponse::new(
            200,
            r#"{"availableBalance":"10","currency":"EUR"}"#,
        )),
        token("t2", 3600),
        Ok(HttpResponse::new(
            200,
            r#"{"availableBalance":"10","currency":"EUR"}"#,
        )),
    ]);
    pollster::block_on(c.balance(Product::Collection, None)).unwrap();
    c.driver.env.now.set(c.driver.env.now.get() + 3_600_000);
    let b = pollster::block_on(c.balance(Product::Collection, None)).unwrap();
    assert_eq!((b.available.as_str(), b.currency.as_str()), ("10", "EUR"));
    let sent = c.driver.transport.sent.borrow();
    assert_eq!(sent[3].header_value("Authorization"), Some("Bearer t2"));
}

#[test]
fn secrets_never_in_debug_or_errors() {
    let c = client(vec![Ok(HttpResponse::new(
        401,
        r#"{"error":"login_failed"}"#,
    ))]);
    let e = pollster::block_on(c.balance(Product::Remittance, None)).unwrap_err();
    assert_eq!(e.code(), "auth_error");
    let mut errors = vec![e];
    let c2 = client(vec![
        token("tok-secret-1", 3600),
        Ok(HttpResponse::new(401, r#"{"statusCode":401}"#)),
        token("tok-secret-2", 3600),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(404, "")),
    ]);
    errors.push(pollster::block_on(c2.create(Kind::RequestToPay, None, None, body())).unwrap_err());
    errors.push(pollster::block_on(c2.status(Kind::Transfer, "x")).unwrap_err());
    errors.push(
        pollster::block_on(c2.create(Kind::Refund, Some(REF.into()), None, body())).unwrap_err(),
    );
    errors.push(api::parse_callback("{", Some(REF), None).unwrap_err());
    let mut texts = vec![format!("{:?}", c.config), format!("{:?}", c2.config)];
    for e in &errors {
        texts.push(format!("{e:?}"));
        texts.push(e.to_string());
    }
    for t in texts {
        for secret in [API_KEY, SUB_KEY, "tok-secret-1", "tok-secret-2"] {
            assert!(!t.contains(secret), "{secret} in {t}");
        }
    }
}

#[test]
fn provisioning_reuses_the_user_id_and_reads_the_key() {
    let env = FakeEnv::default();
    let t = ScriptedTransport::new(vec![
        Ok(HttpResponse::new(503, "")),
        Ok(HttpResponse::new(
            409,
            r#"{"code":"RESOURCE_ALREADY_EXIST"}"#,
        )),
        Ok(HttpResponse::new(
            201,
            r#"{"apiKey":"f1e2d3c4b5a697887766554433221100"}"#,
        )),
    ]);
    let u = pollster::block_on(provision_sandbox_user(
        &t,
        &env,
        &ClientOptions::default(),
        "http://127.0.0.1:9/momo",
        &Secret::new(SUB_KEY.into()),
        "localhost",
    ))
    .unwrap();
    let sent = t.sent.borrow();
    assert_eq!(
        sent[0].header_value("X-Reference-Id"),
        Some(u.api_user.as_str())
    );
    assert_eq!(
        sent[1].header_value("X-Reference-Id"),
        Some(u.api_user.as_str())
    );
    assert!(sent[2]
        .url
        .ends_with(&format!("/v1_0/apiuser/{}/apikey", u.api_user)));
    assert_eq!(u.api_key.expose(), "f1e2d3c4b5a697887766554433221100");
    assert!(!format!("{u:?}").contains("f1e2d3c4"));
}

#[test]
fn a_product_balance_is_written_as_the_balance_then_its_product() {
    // What `#[serde(flatten)]` of the balance wrote before ProductBalance had its own writer.
    #[derive(serde::Serialize)]
    struct Flattened<'a> {
        #[serde(flatten)]
        balance: &'a Balance,
        product: &'static str,
    }
    let balance = Balance {
        provider: crate::core::Provider::Momo,
        available: "1500.25".into(),
        currency: "EUR".into(),
        raw: serde_json::json!({"availableBalance": "1500.25", "currency": "EUR", "n": 1.5, "list": [1, null]}),
    };
    let tagged = ProductBalance {
        balance: balance.clone(),
        product: "disbursement",
    };
    let written = serde_json::to_string(&tagged).unwrap();
    let expected = serde_json::to_string(&Flattened {
        balance: &balance,
        product: "disbursement",
    })
    .unwrap();
    assert_eq!(written, expected);
    assert!(
        written.starts_with(r#"{"provider":"momo","available":"1500.25","currency":"EUR","raw":{"#)
    );
    assert!(written.ends_with(r#","product":"disbursement"}"#));
}
