//! The typed inputs of MoMo (input/mod.rs, input/create.rs): every field of MTN's tables accepted under its
//! name and sent, unknown fields refused with the field named, the TypeScript unions equal to the Rust tables,
//! options that never repeat a key in an error. Expected bodies and names are written by hand from MTN's
//! definitions as docs/providers/momo.md cites them, or read from the tables of config.rs.

use super::*;
use crate::core::{Provider, Status};
use crate::providers::momo::{
    account_holder_type, check_party, FieldType, FIELD_ALIASES, PAYER_IDENTIFICATION_TYPES,
    TARGET_ENVIRONMENTS,
};
use serde_json::json;

const REF: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const USER: &str = "3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93";

fn field_of(e: &Error) -> Option<&str> {
    e.field()
}

/// A valid value of each of MTN's field types (docs/providers/momo.md#request-fields).
fn sample(ty: FieldType) -> Value {
    match ty {
        FieldType::Amount => json!("10"),
        FieldType::Currency => json!("EUR"),
        FieldType::ForeignCurrency => json!("SEK"),
        FieldType::Text => json!("t"),
        FieldType::Note => json!("a note"),
        FieldType::Party => json!({"partyIdType": "MSISDN", "partyId": "46733123450"}),
        FieldType::Uuid => json!(REF),
        FieldType::Money => json!({"amount": "10", "currency": "EUR"}),
        FieldType::Count => json!(3),
        FieldType::SecondsText => json!("3600"),
        FieldType::PayerIdType => json!("PASS"),
        FieldType::Bool => json!(true),
    }
}

#[test]
fn every_field_of_mtns_tables_is_accepted_under_its_name_and_sent() {
    for kind in Kind::ALL {
        let mut req = Map::new();
        for (name, ty, _) in kind.fields() {
            req.insert((*name).to_string(), sample(*ty));
        }
        let v = Value::Object(req);
        let got = create_from_value(kind, &v, "sandbox")
            .unwrap_or_else(|e| panic!("{}: {e}", kind.as_str()));
        let sent: Vec<&str> = got.body.keys().map(String::as_str).collect();
        assert_eq!(sent, kind.field_names(), "{}", kind.as_str());
        for (name, ty, _) in kind.fields() {
            assert_eq!(got.body[*name], sample(*ty), "{}.{name}", kind.as_str());
        }
    }
}

#[test]
fn the_unified_fields_are_taken_by_every_creating_call() {
    for kind in Kind::ALL {
        let mut req = json!({"currency": "EUR", "phone": "46733123450", "reference": REF,
            "callbackUrl": "https://shop.example/cb", "description": "d", "country": "SE"});
        if kind != Kind::PreApproval {
            req["amount"] = json!("5");
        }
        let e = create_from_value(kind, &req, "sandbox");
        // Every unified name is known: what is still missing is one of MTN's own required fields.
        match e {
            Ok(c) => assert_eq!(c.reference_id.as_deref(), Some(REF), "{}", kind.as_str()),
            Err(e) => assert!(
                kind.fields()
                    .iter()
                    .any(|(n, _, req)| *req && Some(*n) == e.field()),
                "{}: {e}",
                kind.as_str()
            ),
        }
        let names: Vec<&str> = req
            .as_object()
            .map_or(vec![], |o| o.keys().map(String::as_str).collect());
        assert!(names.iter().all(|n| UNIFIED_FIELDS.contains(n)));
    }
    // referenceId wins over reference.
    let other = "6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b";
    let v = json!({"amount": "1", "currency": "EUR", "phone": "46733123450", "reference": REF, "referenceId": other});
    let c = create_from_value(Kind::RequestToPay, &v, "sandbox").unwrap();
    assert_eq!(c.reference_id.as_deref(), Some(other));
}

#[test]
fn unknown_fields_are_refused_with_the_field_named() {
    let cases = [
        (
            Kind::RequestToPay,
            json!({"amount": "1", "currency": "EUR", "phone": "1", "payerNote": "x"}),
            "payerNote",
        ),
        (
            Kind::Transfer,
            json!({"amount": "1", "currency": "EUR", "payer": {"partyIdType": "MSISDN", "partyId": "46733123450"}}),
            "payer",
        ),
        (
            Kind::PreApproval,
            json!({"amount": "1", "payerCurrency": "EUR", "validityTime": 60}),
            "amount",
        ),
        (
            Kind::RequestToPay,
            json!({"amount": "1", "currency": "EUR", "payer": {"partyIdType": "MSISDN", "partyId": "1", "alias": "x"}}),
            "payer.alias",
        ),
        (
            Kind::Payment,
            json!({"money": {"amount": "1", "currency": "EUR", "fee": "0"}, "serviceProviderUserName": "A"}),
            "money.fee",
        ),
    ];
    for (kind, v, field) in cases {
        let e = create_from_value(kind, &v, "sandbox").unwrap_err();
        assert_eq!(field_of(&e), Some(field), "{v}");
        assert!(e.to_string().contains("is not a field"), "{e}");
    }
    // Each alias of FIELD_ALIASES belongs to its operation only.
    for (kind, from, to) in FIELD_ALIASES {
        let v = json!({"amount": "1", "currency": "EUR", "phone": "46733123450", *from: "SE"});
        let body = create_from_value(*kind, &v, "sandbox").unwrap().body;
        assert_eq!(body[*to], json!("SE"));
        assert!(!body.contains_key(*from));
        let e = create_from_value(Kind::RemittanceTransfer, &v, "sandbox").unwrap_err();
        assert_eq!(field_of(&e), Some(*from));
    }
}

#[test]
fn wrong_types_and_values_name_their_field() {
    let cases = [
        (
            Kind::RequestToPay,
            json!({"amount": true, "currency": "EUR", "phone": "1"}),
            "amount",
        ),
        (
            Kind::RequestToPay,
            json!({"amount": "0", "currency": "EUR", "phone": "46733123450"}),
            "amount",
        ),
        (
            Kind::RequestToPay,
            json!({"amount": {"$number": "NaN"}, "currency": "EUR", "phone": "1"}),
            "amount",
        ),
        (
            Kind::RequestToPay,
            json!({"amount": "1", "currency": 978, "phone": "1"}),
            "currency",
        ),
        (
            Kind::RequestToPay,
            json!({"amount": "1", "currency": "EUR", "payer": "46733123450"}),
            "payer",
        ),
        (
            Kind::Payment,
            json!({"amount": "0.001", "currency": "EUR", "phone": "1", "serviceProviderUserName": "A"}),
            "money.amount",
        ),
        (
            Kind::Payment,
            json!({"money": {"amount": "1", "currency": "EUR"}, "customerReference": "1", "serviceProviderUserName": "A", "maxNumberOfRetries": -1}),
            "maxNumberOfRetries",
        ),
        (
            Kind::PreApproval,
            json!({"phone": "46733123450", "currency": "EUR", "validityTime": "soon"}),
            "validityTime",
        ),
        (
            Kind::CashTransfer,
            json!({"amount": "1", "currency": "EUR", "phone": "46733123450", "originalAmount": "-5"}),
            "originalAmount",
        ),
    ];
    for (kind, v, field) in cases {
        let e = create_from_value(kind, &v, "sandbox").unwrap_err();
        assert_eq!(field_of(&e), Some(field), "{v}: {e}");
        assert_eq!(e.code(), "validation_error");
    }
    let e = create_from_value(Kind::RequestToPay, &json!(["x"]), "sandbox").unwrap_err();
    assert_eq!(field_of(&e), Some("request"));
    let e = create_from_value(Kind::RequestToPay, &Value::Null, "sandbox").unwrap_err();
    assert_eq!(field_of(&e), Some("request"));
}

#[test]
fn the_unified_fields_fill_mtns_and_mtns_own_win() {
    // A pre-approval: currency fills payerCurrency, phone the payer, description the payerMessage.
    let v = json!({"currency": "EUR", "phone": "+46 733 123 450", "description": "monthly", "validityTime": "600"});
    let c = create_from_value(Kind::PreApproval, &v, "sandbox").unwrap();
    assert_eq!(
        Value::Object(c.body).to_string(),
        r#"{"payer":{"partyIdType":"MSISDN","partyId":"46733123450"},"payerCurrency":"EUR","payerMessage":"monthly","validityTime":600}"#
    );
    // An invoice: description is MTN's own field; phone fills intendedPayer.
    let v = json!({"amount": 3, "currency": "EUR", "phone": "46733123450", "description": "inv", "validityDuration": 60});
    let c = create_from_value(Kind::Invoice, &v, "sandbox").unwrap();
    assert_eq!(
        Value::Object(c.body).to_string(),
        r#"{"amount":"3","currency":"EUR","validityDuration":"60","intendedPayer":{"partyIdType":"MSISDN","partyId":"46733123450"},"description":"inv"}"#
    );
    // A payment: money's own amount wins over the unified one; phone and description fill MTN's fields.
    let v = json!({"amount": "99", "currency": "EUR", "phone": "46733123450", "description": "d",
        "money": {"amount": 25.5}, "serviceProviderUserName": "ACME", "maxNumberOfRetries": "2"});
    let c = create_from_value(Kind::Payment, &v, "sandbox").unwrap();
    assert_eq!(
        Value::Object(c.body).to_string(),
        r#"{"money":{"amount":"25.5","currency":"EUR"},"customerReference":"46733123450","serviceProviderUserName":"ACME","senderNote":"d","maxNumberOfRetries":2}"#
    );
}

#[test]
fn the_typescript_unions_are_the_rust_tables() {
    /// The quoted names of `export type <name> = ...;` in TS_DECLARATIONS.
    fn union(name: &str) -> Vec<String> {
        let start = TS_DECLARATIONS
            .find(&format!("export type {name} ="))
            .unwrap_or_else(|| panic!("{name} is not declared"));
        let decl = &TS_DECLARATIONS[start..];
        let decl = &decl[..decl.find(';').unwrap_or(decl.len())];
        decl.split('\'')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }
    let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(union("MtnMomoTargetEnvironment"), own(TARGET_ENVIRONMENTS));
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(union("MtnMomoKind"), own(&kinds));
    let products: Vec<&str> = Product::ALL.iter().map(|p| p.as_str()).collect();
    assert_eq!(union("MtnMomoProduct"), own(&products));
    assert_eq!(
        union("MtnMomoPayerIdentificationType"),
        own(PAYER_IDENTIFICATION_TYPES)
    );
    let ids = [
        ("MSISDN", "46733123450"),
        ("EMAIL", "a@b.example"),
        ("PARTY_CODE", REF),
    ];
    assert_eq!(union("MtnMomoPartyIdType"), own(&ids.map(|(t, _)| t)));
    for (t, id) in ids {
        assert!(check_party("payer", &json!({"partyIdType": t, "partyId": id})).is_ok());
    }
    for t in union("MtnMomoAccountHolderIdType") {
        assert_eq!(account_holder_type("t", &t).unwrap(), t);
    }
    assert!(account_holder_type("t", "phone").is_err());
}

fn options(v: Value) -> Result<MtnMomoBaseOptions, Error> {
    read_json::<MtnMomoBaseOptions>(&v, "options")
}

#[test]
fn options_give_the_configuration() {
    let o = options(json!({"subscriptionKey": "all", "subscriptionKeys": {"disbursement": "own", "remittance": null},
        "apiUser": USER, "apiKey": "k", "targetEnvironment": "mtnuganda", "product": "remittance", "timeoutMs": 5000}))
    .unwrap();
    assert_eq!(o.timeout_ms, Some(NumberInput(5000.0)));
    let (cfg, product) = o.into_config().unwrap();
    assert_eq!(product, Some(Product::Remittance));
    assert_eq!(cfg.base_url, "https://proxy.momoapi.mtn.com");
    let key = |p| {
        cfg.subscription_keys
            .get(p)
            .map(|k| k.expose().clone())
            .ok()
    };
    assert_eq!(key(Product::Collection).as_deref(), Some("all"));
    assert_eq!(key(Product::Disbursement).as_deref(), Some("own"));
    assert_eq!(key(Product::Remittance).as_deref(), Some("all"));
    assert!(cfg.check().is_ok());
    let (sandbox, _) = options(
        json!({"subscriptionKeys": {"collection": "c"}, "apiUser": USER, "apiKey": "k",
        "targetEnvironment": "sandbox"}),
    )
    .unwrap()
    .into_config()
    .unwrap();
    assert_eq!(sandbox.base_url, "https://sandbox.momodeveloper.mtn.com");
    assert!(sandbox
        .subscription_keys
        .get(Product::Disbursement)
        .is_err());
}

#[test]
fn bad_options_name_the_option_and_never_repeat_a_key() {
    let base = json!({"subscriptionKey": "k", "apiUser": USER, "apiKey": "a", "targetEnvironment": "sandbox"});
    let with = |k: &str, v: Value| {
        let mut o = base.clone();
        o[k] = v;
        o
    };
    let e = options(with("secret", json!(1))).err().unwrap();
    assert_eq!(field_of(&e), Some("secret"));
    assert!(
        e.to_string()
            .contains("allowed: subscriptionKey, subscriptionKeys, apiUser"),
        "{e}"
    );
    let e = options(with("subscriptionKeys", json!({"lending": "x"})))
        .err()
        .unwrap();
    assert_eq!(field_of(&e), Some("subscriptionKeys.lending"));
    let e = options(with("timeoutMs", json!("1000"))).err().unwrap();
    assert_eq!(field_of(&e), Some("timeoutMs"));
    let mut missing = base.clone();
    if let Some(o) = missing.as_object_mut() {
        o.remove("apiKey");
    }
    assert_eq!(field_of(&options(missing).err().unwrap()), Some("apiKey"));
    let bad_env = options(with("targetEnvironment", json!("mtnkenya"))).unwrap();
    assert_eq!(
        field_of(&bad_env.into_config().err().unwrap()),
        Some("targetEnvironment")
    );
    let bad_product = options(with("product", json!("lending"))).unwrap();
    assert_eq!(
        field_of(&bad_product.into_config().err().unwrap()),
        Some("product")
    );
    // A key written where the per-product object belongs is not quoted back.
    let key = "SECRET-subscription-key-4f1e";
    let e = options(with("subscriptionKeys", json!(key))).err().unwrap();
    assert_eq!(field_of(&e), Some("subscriptionKeys"));
    assert!(!format!("{e} {e:?}").contains(key), "{e}");
}

#[test]
fn status_arguments() {
    let k = Kind::RequestToPay;
    assert_eq!(status_from_value(&json!(REF), k).unwrap(), (REF.into(), k));
    assert_eq!(
        status_from_value(
            &json!({"referenceId": REF, "reference": "x", "kind": "depositV2"}),
            k
        )
        .unwrap(),
        (REF.into(), Kind::DepositV2)
    );
    for (v, field) in [
        (json!({"kind": "transfer"}), "reference"),
        (json!({"reference": REF, "kind": "withdrawal"}), "kind"),
        (json!({"reference": REF, "type": "transfer"}), "type"),
        (json!(5), "reference"),
        (Value::Null, "reference"),
    ] {
        let e = status_from_value(&v, k).unwrap_err();
        assert_eq!(field_of(&e), Some(field), "{v}");
    }
}

#[test]
fn the_other_calls_arguments() {
    let wait: MtnMomoWaitOptions = read_json(&json!({}), "options").unwrap();
    assert_eq!(wait.millis().unwrap(), (1000, 60_000));
    let wait: MtnMomoWaitOptions =
        read_json(&json!({"intervalMs": 20, "timeoutMs": 3000}), "options").unwrap();
    assert_eq!(wait.millis().unwrap(), (20, 3000));
    let nan: MtnMomoWaitOptions =
        read_json(&json!({"intervalMs": {"$number": "NaN"}}), "options").unwrap();
    assert_eq!(field_of(&nan.millis().unwrap_err()), Some("intervalMs"));
    let e = read_json::<MtnMomoWaitOptions>(&json!({"timeoutMs": "1s"}), "options").unwrap_err();
    assert_eq!(field_of(&e), Some("timeoutMs"));
    let e = read_json::<MtnMomoWaitOptions>(&json!({"interval": 5}), "options").unwrap_err();
    assert_eq!(field_of(&e), Some("interval"));

    let b: MtnMomoBalanceQuery = read_json(
        &json!({"product": "disbursement", "currency": "EUR"}),
        "request",
    )
    .unwrap();
    assert_eq!(
        b.into_parts().unwrap(),
        (Some(Product::Disbursement), Some("EUR".into()))
    );
    let b: MtnMomoBalanceQuery = read_json(&json!({"product": "lending"}), "request").unwrap();
    assert_eq!(field_of(&b.into_parts().unwrap_err()), Some("product"));
    let e = read_json::<MtnMomoBalanceQuery>(&json!({"products": []}), "request").unwrap_err();
    assert_eq!(field_of(&e), Some("products"));

    let a: MtnMomoAccountHolderQuery =
        read_json(&json!({"accountHolderId": "46733123450"}), "request").unwrap();
    assert_eq!(
        a.into_parts().unwrap(),
        (Product::Collection, "msisdn".into(), "46733123450".into())
    );
    let a: MtnMomoAccountHolderQuery =
        read_json(&json!({"product": "remittance"}), "request").unwrap();
    assert_eq!(
        field_of(&a.into_parts().unwrap_err()),
        Some("accountHolderId")
    );
    let u: MtnMomoBasicUserInfoQuery = read_json(
        &json!({"product": "disbursement", "msisdn": "1"}),
        "request",
    )
    .unwrap();
    assert_eq!(u.into_parts().unwrap(), (Product::Disbursement, "1".into()));
    let e = read_json::<MtnMomoCancelInvoiceOptions>(&json!({"externalID": "x"}), "options")
        .unwrap_err();
    assert_eq!(field_of(&e), Some("externalID"));
}

#[test]
fn failure_error_reads_back_a_transaction_as_the_core_writes_it() {
    let t = Transaction {
        provider: Provider::Momo,
        reference: REF.into(),
        status: Status::Failed,
        reason: None,
        provider_status: "FAILED".into(),
        transaction_id: None,
        amount: Some("1".into()),
        currency: Some("EUR".into()),
        redirect_url: None,
        confirm_type: None,
        raw: json!({"status": "FAILED", "reason": "APPROVAL_REJECTED"}),
    };
    // Every field the core writes is known (a field added to Transaction fails here first).
    let written = serde_json::to_value(&t).unwrap();
    let mut written = written;
    let read = TransactionInput::read(&mut written).unwrap();
    let back = read.into_transaction().unwrap();
    assert_eq!(
        (back.status, back.reference.as_str()),
        (Status::Failed, REF)
    );
    assert_eq!(back.reason.map(|r| r.as_str()), Some("rejected"));
    // Accepted and not read yet (raw null): pending.
    let pending = json!({"provider": "momo", "reference": REF, "status": "pending", "providerStatus": "ACCEPTED", "raw": null});
    let mut pending = pending;
    let t = TransactionInput::read(&mut pending)
        .unwrap()
        .into_transaction()
        .unwrap();
    assert_eq!(t.status, Status::Pending);
    let other = json!({"provider": "unipesa", "reference": "o-1", "raw": {}});
    let mut other = other;
    let e = TransactionInput::read(&mut other)
        .unwrap()
        .into_transaction()
        .unwrap_err();
    assert_eq!(field_of(&e), Some("transaction.provider"));
    let e = TransactionInput::read(&mut json!({"provider": "momo"})).unwrap_err();
    assert_eq!(field_of(&e), Some("reference"));
    // raw is any JSON value, read as it is; the other fields are typed, unknown ones refused.
    let odd = json!({"provider": "momo", "reference": REF, "raw": [1, {"status": "FAILED"}]});
    assert_eq!(
        TransactionInput::read(&mut { odd }).unwrap().raw,
        json!([1, {"status": "FAILED"}])
    );
    let e = TransactionInput::read(&mut json!({"provider": "momo", "reference": REF, "raws": 1}))
        .unwrap_err();
    assert_eq!(field_of(&e), Some("raws"));
    assert!(e.to_string().contains("raw"), "{e}");
    let e = TransactionInput::read(&mut json!([])).unwrap_err();
    assert_eq!(field_of(&e), Some("transaction"));
}

/// The kinds' field lists are their request types' own: a field none of them declares is refused by the type
/// with the same words as by `read_fields` (serde's list, in declaration order).
#[test]
fn each_kind_reads_the_fields_of_its_request_type() {
    fn refusal<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: &Value) -> Error {
        read_json::<T>(v, "request").unwrap_err()
    }
    let v = json!({"zz": 1});
    for kind in Kind::ALL {
        let typed = match kind {
            Kind::RequestToPay | Kind::RequestToWithdraw | Kind::RequestToWithdrawV2 => {
                refusal::<MtnMomoRequestToPay>(&v)
            }
            Kind::Transfer | Kind::Deposit | Kind::DepositV2 | Kind::RemittanceTransfer => {
                refusal::<MtnMomoTransfer>(&v)
            }
            Kind::Refund | Kind::RefundV2 => refusal::<MtnMomoRefund>(&v),
            Kind::Payment => refusal::<MtnMomoPayment>(&v),
            Kind::Invoice => refusal::<MtnMomoInvoice>(&v),
            Kind::PreApproval => refusal::<MtnMomoPreApproval>(&v),
            Kind::CashTransfer => refusal::<MtnMomoCashTransfer>(&v),
        };
        let ours = create_from_value(kind, &v, "sandbox").unwrap_err();
        assert_eq!(ours, typed, "{}", kind.as_str());
        assert!(ours.to_string().contains("(allowed: "), "{ours}");
        // A field of another kind's request type is refused too.
        let other = json!({"currency": "EUR", "phone": "46733123450", "payerGender": "F"});
        if kind != Kind::CashTransfer {
            let e = create_from_value(kind, &other, "sandbox").unwrap_err();
            assert_eq!(field_of(&e), Some("payerGender"), "{}", kind.as_str());
        }
    }
}

/// Fields are read in order: a field of the wrong type before an unknown one is what is refused, and an
/// unknown field before a wrong one.
#[test]
fn the_first_refused_field_in_order_is_named() {
    let v = json!({"currency": 978, "payerNote": "x"});
    let e = create_from_value(Kind::RequestToPay, &v, "sandbox").unwrap_err();
    assert_eq!(field_of(&e), Some("currency"), "{e}");
    assert!(
        e.to_string()
            .contains("has the wrong type: number, expected a string"),
        "{e}"
    );
    let v = json!({"payerNote": "x", "currency": 978});
    let e = create_from_value(Kind::RequestToPay, &v, "sandbox").unwrap_err();
    assert_eq!(field_of(&e), Some("payerNote"), "{e}");
    assert!(e.to_string().contains("is not a field of this call"), "{e}");
}
