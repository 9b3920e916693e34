//! The points where payrail follows MTN's own API definitions (issue 15): each expected value is written by hand
//! from MTN's definitions as docs/providers/momo.md cites them (the Remittance `CashTransfer` schema, the
//! Collection `CreateInvoice` schema, the `RequesttoPayDeliveryNotification` parameters, the status paths of
//! withdrawals, deposits and refunds), never produced by the code under test.

use super::input::create_from_value;
use super::*;
use crate::core::ErrorKind;
use crate::core::{Error, HttpResponse, Secret};
use serde_json::{json, Value};

const USER: &str = "3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93";
const REF: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

fn cfg(env: &str) -> MomoConfig {
    MomoConfig {
        base_url: "https://sandbox.momodeveloper.mtn.com".into(),
        subscription_keys: SubscriptionKeys::single("c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0"),
        api_user: USER.into(),
        api_key: Secret::new("9c4e1a7b3d5f40e2a8b6c0d2e4f6a8b1".into()),
        target_environment: env.into(),
        callback_url: None,
        provider_callback_host: None,
    }
}

fn body_of(kind: Kind, v: Value) -> Result<Value, Error> {
    create_from_value(kind, &v, "mtnuganda").map(|i| Value::Object(i.body))
}

fn parse_path(e: &Error) -> Option<&str> {
    match e.kind() {
        ErrorKind::Parse { path, .. } => Some(path),
        _ => None,
    }
}

#[test]
fn cash_transfer_sends_mtns_orginating_country_and_accepts_both_spellings() {
    let base = json!({"amount":"10","currency":"UGX","phone":"256772123456"});
    for (name, expected) in [("orginatingCountry", "SE"), ("originatingCountry", "SE")] {
        let mut req = base.clone();
        req[name] = json!("SE");
        let body = body_of(Kind::CashTransfer, req).unwrap();
        assert_eq!(
            body["orginatingCountry"],
            json!(expected),
            "given as {name}"
        );
        assert!(
            body.get("originatingCountry").is_none(),
            "MTN does not read originatingCountry"
        );
    }
    // Both spellings with the same value are one field; two values are a validation error.
    let mut same = base.clone();
    same["orginatingCountry"] = json!("SE");
    same["originatingCountry"] = json!("SE");
    assert!(body_of(Kind::CashTransfer, same).is_ok());
    let mut differ = base.clone();
    differ["orginatingCountry"] = json!("SE");
    differ["originatingCountry"] = json!("NO");
    let e = body_of(Kind::CashTransfer, differ).unwrap_err();
    assert_eq!(e.field(), Some("originatingCountry"));
    // The alias belongs to cash transfers only.
    let mut other = base.clone();
    other["originatingCountry"] = json!("SE");
    let e = body_of(Kind::RemittanceTransfer, other).unwrap_err();
    assert_eq!(e.field(), Some("originatingCountry"));
}

#[test]
fn cash_transfer_payer_identification_type_is_mtns_enum() {
    // MTN's CashTransfer definition: PASS, CPFA, SRSSA, NRIN, OTHR, DRLC, SOCS, AREG, IDCD, EMID.
    for t in [
        "PASS", "CPFA", "SRSSA", "NRIN", "OTHR", "DRLC", "SOCS", "AREG", "IDCD", "EMID",
    ] {
        let req = json!({"amount":"10","currency":"UGX","phone":"256772123456","payerIdentificationType":t});
        assert_eq!(
            body_of(Kind::CashTransfer, req).unwrap()["payerIdentificationType"],
            json!(t)
        );
    }
    for bad in [json!("PASSPORT"), json!("pass"), json!(""), json!(1)] {
        let req = json!({"amount":"10","currency":"UGX","phone":"256772123456","payerIdentificationType":bad});
        let e = body_of(Kind::CashTransfer, req).unwrap_err();
        assert_eq!(e.field(), Some("payerIdentificationType"), "{bad}");
    }
}

#[test]
fn invoice_validity_duration_is_sent_as_a_string() {
    // MTN's CreateInvoice: "validityDuration": "string (The duration that the invoice is valid in seconds.)".
    let payer = json!({"partyIdType":"MSISDN","partyId":"256772123456"});
    for given in [json!(3600), json!("3600"), json!(" 3600 ")] {
        let req =
            json!({"amount":"5","currency":"UGX","validityDuration":given,"intendedPayer":payer});
        assert_eq!(
            body_of(Kind::Invoice, req).unwrap()["validityDuration"],
            json!("3600"),
            "{given}"
        );
    }
    for bad in [json!("0"), json!("1h"), json!(-5), json!(1.5), json!("")] {
        let req =
            json!({"amount":"5","currency":"UGX","validityDuration":bad,"intendedPayer":payer});
        let e = body_of(Kind::Invoice, req).unwrap_err();
        assert_eq!(e.field(), Some("validityDuration"), "{bad}");
    }
    // A pre-approval's validityTime stays an integer (MTN's PreApproval: "validityTime": integer).
    let req = json!({"payer":payer,"payerCurrency":"UGX","validityTime":"600"});
    assert_eq!(
        body_of(Kind::PreApproval, req).unwrap()["validityTime"],
        json!(600)
    );
}

#[test]
fn v2_withdrawals_deposits_refunds_are_read_at_v1_0() {
    let token = Secret::new("tok".to_string());
    for (kind, url) in [
        (
            Kind::RequestToWithdrawV2,
            "https://sandbox.momodeveloper.mtn.com/collection/v1_0/requesttowithdraw/",
        ),
        (
            Kind::DepositV2,
            "https://sandbox.momodeveloper.mtn.com/disbursement/v1_0/deposit/",
        ),
        (
            Kind::RefundV2,
            "https://sandbox.momodeveloper.mtn.com/disbursement/v1_0/refund/",
        ),
        (
            Kind::CashTransfer,
            "https://sandbox.momodeveloper.mtn.com/remittance/v2_0/cashtransfer/",
        ),
    ] {
        let r = build_status(&cfg("sandbox"), &token, kind, REF).unwrap();
        assert_eq!(r.url, format!("{url}{REF}"), "{kind:?}");
    }
}

#[test]
fn amounts_that_are_not_decimals_are_parse_errors_naming_the_field() {
    // MTN's OpenAPI examples hold the placeholder "string" where the amount goes.
    let e = parse_status(
        &HttpResponse::new(
            200,
            r#"{"amount":"string","currency":"string","status":"SUCCESSFUL"}"#,
        ),
        REF,
    )
    .unwrap_err();
    assert_eq!(parse_path(&e), Some("amount"));
    let e = parse_status(
        &HttpResponse::new(200, r#"{"referenceId":"x","status":"SUCCESSFUL","money":{"amount":"1e400","currency":"EUR"}}"#),
        REF,
    )
    .unwrap_err();
    assert_eq!(parse_path(&e), Some("money.amount"));
    let e = parse_balance(&HttpResponse::new(
        200,
        r#"{"availableBalance":"string","currency":"string"}"#,
    ))
    .unwrap_err();
    assert_eq!(parse_path(&e), Some("availableBalance"));
    let e = parse_callback(r#"{"amount":"abc","status":"FAILED"}"#, Some(REF), None).unwrap_err();
    assert_eq!(parse_path(&e), Some("amount"));
    // MTN's Swagger 2.0 examples write the amount as a JSON number (100): a decimal, read as its text.
    let t = parse_status(
        &HttpResponse::new(200, r#"{"amount":100,"currency":"UGX","financialTransactionId":23503452,"status":"SUCCESSFUL"}"#),
        REF,
    )
    .unwrap();
    assert_eq!(t.amount.as_deref(), Some("100"));
    let b = parse_balance(&HttpResponse::new(
        200,
        r#"{"availableBalance":"-12.50","currency":"EUR"}"#,
    ))
    .unwrap();
    assert_eq!(b.available, "-12.50");
    // A transaction amount is never negative.
    let e = parse_status(
        &HttpResponse::new(
            200,
            r#"{"amount":"-5","currency":"EUR","status":"SUCCESSFUL"}"#,
        ),
        REF,
    )
    .unwrap_err();
    assert_eq!(parse_path(&e), Some("amount"));
}

#[test]
fn callback_host_is_checked_when_the_provider_callback_host_is_known() {
    let token = Secret::new("tok".to_string());
    let req = |url: &str| {
        CreateRequest {
        kind: Kind::RequestToPay,
        reference_id: REF.into(),
        callback_url: Some(url.into()),
        body: json!({"amount":"5","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"46733123450"}})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    }
    };
    // Unknown host: nothing to check (MTN checks it).
    assert!(build_create(&cfg("sandbox"), &token, &req("https://other.example/cb")).is_ok());
    let mut c = cfg("sandbox");
    c.provider_callback_host = Some("Shop.Example.com".into());
    for ok in [
        "https://shop.example.com/momo",
        "http://shop.example.com:8443/momo?x=1",
        "https://user@SHOP.EXAMPLE.COM./cb",
    ] {
        assert!(build_create(&c, &token, &req(ok)).is_ok(), "{ok}");
    }
    for bad in [
        "https://evil.example/momo",
        "https://shop.example.com.evil.example/cb",
        "https://evil.example/?shop.example.com",
    ] {
        let e = build_create(&c, &token, &req(bad)).unwrap_err();
        assert_eq!(e.field(), Some("callbackUrl"), "{bad}");
    }
    // The config's own callbackUrl is checked when the client is made.
    c.callback_url = Some("https://evil.example/cb".into());
    assert_eq!(c.check().unwrap_err().field(), Some("callbackUrl"));
    // The option itself must be a host name.
    let mut c = cfg("sandbox");
    for bad in [
        "https://shop.example.com",
        "shop.example.com/cb",
        "",
        "shop example",
    ] {
        c.provider_callback_host = Some(bad.into());
        assert_eq!(
            c.check().unwrap_err().field(),
            Some("providerCallbackHost"),
            "{bad:?}"
        );
    }
}
