//! MoMo request builders and the input checks they run before anything is sent (pure).

use super::config::{FieldType, FieldType as F};
use super::{
    check_callback_host, check_reference_id, Kind, MomoConfig, Product, MAX_NOTE_CHARS,
    PAYER_IDENTIFICATION_TYPES, SANDBOX_CURRENCY,
};
use crate::core::{Amount, Error, HttpRequest, Method, Secret};
use crate::crypto::is_uuid_v4;
use serde_json::{Map, Value};

/// Checks an MSISDN as MTN's Party schema validates it (`IsMSISDN`, ITU-T E.164): digits only, no `+`,
/// 5 to 15 of them (the sandbox's rule, js/sandbox/docs/momo.md "Validation").
pub fn check_msisdn(field: &str, s: &str) -> Result<(), Error> {
    if (5..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an MSISDN: 5 to 15 digits with the country code and no '+' (\"46733123450\")",
        ))
    }
}

fn check_email(field: &str, s: &str) -> Result<(), Error> {
    // MTN's IsEmail also refuses a second '@' (in the domain).
    let one_at = s
        .split_once('@')
        .is_some_and(|(_, domain)| !domain.contains('@'));
    if crate::core::phone::is_email_address(s) && one_at {
        Ok(())
    } else {
        Err(Error::validation(field, "must be an e-mail address"))
    }
}

/// Checks a `{partyIdType, partyId}` (MTN's Party schema: MSISDN validated with IsMSISDN, EMAIL with IsEmail,
/// PARTY_CODE with IsUuid).
pub fn check_party(field: &str, v: &Value) -> Result<(), Error> {
    let obj = v.as_object().ok_or_else(|| {
        Error::validation(field, "must be {partyIdType: \"MSISDN\", partyId: \"...\"}")
    })?;
    if let Some(k) = obj.keys().find(|k| *k != "partyIdType" && *k != "partyId") {
        return Err(Error::validation(
            format!("{field}.{k}"),
            "is not a field of a party (partyIdType, partyId)",
        ));
    }
    let id_field = format!("{field}.partyId");
    let id = match obj.get("partyId") {
        Some(Value::String(s)) => s.as_str(),
        _ => return Err(Error::validation(id_field, "is required (a string)")),
    };
    match obj.get("partyIdType").and_then(Value::as_str) {
        Some("MSISDN") => check_msisdn(&id_field, id),
        Some("EMAIL") => check_email(&id_field, id),
        Some("PARTY_CODE") => {
            let b = id.as_bytes();
            let uuid_shape = b.len() == 36
                && b.iter().enumerate().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => *c == b'-',
                    _ => c.is_ascii_hexdigit(),
                });
            if uuid_shape {
                Ok(())
            } else {
                Err(Error::validation(
                    id_field,
                    "must be a UUID for partyIdType PARTY_CODE",
                ))
            }
        }
        _ => Err(Error::validation(
            format!("{field}.partyIdType"),
            "must be \"MSISDN\", \"EMAIL\" or \"PARTY_CODE\"",
        )),
    }
}

/// Checks a message written into transaction histories: at most [`MAX_NOTE_CHARS`] characters
/// (docs/providers/momo.md: 400 for "note/message > 160 chars").
///
/// The "apostrophe rule": neither MTN's CreatePayments page nor MTN's API reference (the Collection/Disbursement/Remittance
/// pages, which declare `payerMessage`/`payeeNote` as plain strings) documents a forbidden character. The only
/// public trace is a user report that an operator rejected `&` (sparkplug/momoapi-node issue #84), which MTN
/// never confirmed. Nothing undocumented is refused here; only the documented length limit is enforced.
pub fn check_note(field: &str, s: &str) -> Result<(), Error> {
    let n = s.chars().count();
    if n > MAX_NOTE_CHARS {
        return Err(Error::validation(
            field,
            format!("must be at most {MAX_NOTE_CHARS} characters (has {n})"),
        ));
    }
    Ok(())
}

fn check_amount_text(field: &str, v: &Value) -> Result<(), Error> {
    match v {
        Value::String(s) => {
            let a = Amount::parse(field, s)?;
            if a.is_zero() {
                return Err(Error::validation(field, "must be greater than zero"));
            }
            Ok(())
        }
        _ => Err(Error::validation(
            field,
            "must be a string (MTN takes amounts as strings: \"100\", \"100.50\")",
        )),
    }
}

fn check_currency_code(field: &str, v: &Value, target_environment: &str) -> Result<(), Error> {
    let c = v.as_str().unwrap_or_default();
    if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(Error::validation(
            field,
            "must be an ISO 4217 code of three capital letters",
        ));
    }
    if target_environment == "sandbox" && c != SANDBOX_CURRENCY {
        return Err(Error::validation(
            field,
            "must be EUR in the sandbox environment (MTN: \"The currency used in Sandbox is EUR\")",
        ));
    }
    Ok(())
}

/// Digits only, at most 12 of them, and not zero.
fn is_positive_whole(s: &str) -> bool {
    (1..=12).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b != b'0')
}

fn check_field(
    name: &str,
    ty: FieldType,
    v: &Value,
    target_environment: &str,
) -> Result<(), Error> {
    match ty {
        F::Amount => check_amount_text(name, v),
        F::Currency => check_currency_code(name, v, target_environment),
        F::ForeignCurrency => check_currency_code(name, v, ""),
        F::Text => match v {
            Value::String(_) => Ok(()),
            _ => Err(Error::validation(name, "must be a string")),
        },
        F::Note => match v {
            Value::String(s) => check_note(name, s),
            _ => Err(Error::validation(name, "must be a string")),
        },
        F::Party => check_party(name, v),
        F::Uuid => match v.as_str() {
            Some(s) if is_uuid_v4(s) => Ok(()),
            _ => Err(Error::validation(
                name,
                "must be the X-Reference-Id (UUID v4) of the collection to refund",
            )),
        },
        F::Money => {
            let obj = v
                .as_object()
                .ok_or_else(|| Error::validation(name, "must be {amount, currency}"))?;
            if let Some(k) = obj.keys().find(|k| *k != "amount" && *k != "currency") {
                return Err(Error::validation(
                    format!("{name}.{k}"),
                    "is not a field of money (amount, currency)",
                ));
            }
            check_amount_text(
                &format!("{name}.amount"),
                obj.get("amount").unwrap_or(&Value::Null),
            )?;
            check_currency_code(
                &format!("{name}.currency"),
                obj.get("currency").unwrap_or(&Value::Null),
                target_environment,
            )
        }
        F::Count => match v.as_u64() {
            Some(_) => Ok(()),
            None => Err(Error::validation(name, "must be a whole number ≥ 0")),
        },
        F::SecondsText => match v.as_str() {
            Some(s) if is_positive_whole(s) => Ok(()),
            _ => Err(Error::validation(
                name,
                "must be a whole number of seconds greater than zero, sent as a string (\"3600\")",
            )),
        },
        F::PayerIdType => match v.as_str() {
            Some(s) if PAYER_IDENTIFICATION_TYPES.contains(&s) => Ok(()),
            _ => Err(Error::validation(
                name,
                format!("must be one of {}", PAYER_IDENTIFICATION_TYPES.join(", ")),
            )),
        },
        F::Bool => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(Error::validation(name, "must be true or false")),
        },
    }
}

/// Checks a creating body against the operation's fields: no unknown field, every required one present,
/// each of the right shape; returns it with the fields in the documented order.
pub fn check_body(
    kind: Kind,
    body: &Map<String, Value>,
    target_environment: &str,
) -> Result<Map<String, Value>, Error> {
    let fields = kind.fields();
    if let Some(k) = body.keys().find(|k| !fields.iter().any(|(n, _, _)| n == k)) {
        return Err(Error::validation(
            k.as_str(),
            format!(
                "is not a field of {} (allowed: {})",
                kind.as_str(),
                kind.field_names().join(", ")
            ),
        ));
    }
    let mut out = Map::new();
    for (name, ty, required) in fields {
        match body.get(*name) {
            None | Some(Value::Null) => {
                if *required {
                    return Err(Error::validation(
                        *name,
                        format!("is required for {}", kind.as_str()),
                    ));
                }
            }
            Some(v) => {
                check_field(name, *ty, v, target_environment)?;
                out.insert((*name).to_string(), v.clone());
            }
        }
    }
    Ok(out)
}

/// A creating call, ready to build.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateRequest {
    /// Which operation.
    pub kind: Kind,
    /// The `X-Reference-Id`: the idempotency key, made once per operation (or given by the caller).
    pub reference_id: String,
    /// `X-Callback-Url`, when a callback is wanted.
    pub callback_url: Option<String>,
    /// The JSON body (MTN's own field names).
    pub body: Map<String, Value>,
}

// ------------------------------------------------------------------------------------------ builders

/// `POST /{product}/token/` with `Authorization: Basic base64(apiUser:apiKey)` (docs/providers/momo.md, "Token").
pub fn build_token(cfg: &MomoConfig, product: Product) -> Result<HttpRequest, Error> {
    cfg.check()?;
    let key = cfg.subscription_keys.get(product)?;
    let basic = data_encoding::BASE64
        .encode(format!("{}:{}", cfg.api_user, cfg.api_key.expose()).as_bytes());
    Ok(HttpRequest::new(
        Method::Post,
        cfg.url(&format!("/{}/token/", product.as_str())),
    )
    .header("Authorization", format!("Basic {basic}"))
    .header("Ocp-Apim-Subscription-Key", key.expose().clone()))
}

/// Checks a creating call before anything is sent: the reference id, the callback URL and the body; returns
/// the body in the documented order.
pub fn check_create(cfg: &MomoConfig, req: &CreateRequest) -> Result<Map<String, Value>, Error> {
    check_reference_id("reference", &req.reference_id)?;
    let body = check_body(req.kind, &req.body, &cfg.target_environment)?;
    // MTN calls it back on the API user's `providerCallbackHost`: checked here when the client knows that host.
    if let Some(u) = callback_url_of(cfg, req) {
        crate::core::http::check_http_url("callbackUrl", &u)?;
        if let Some(h) = &cfg.provider_callback_host {
            check_callback_host(h, &u)?;
        }
    }
    Ok(body)
}

/// The `X-Callback-Url` of a creating call: the call's own `callbackUrl`, else the client's, with `{reference}`
/// replaced by the operation's X-Reference-Id. MTN's callbacks carry no reference (docs/providers/momo.md#callbacks):
/// a pattern such as `https://shop.example/momo/{reference}` puts it in the route, where `webhookHandler` reads it.
pub fn callback_url_of(cfg: &MomoConfig, req: &CreateRequest) -> Option<String> {
    let pattern = req.callback_url.as_ref().or(cfg.callback_url.as_ref())?;
    Some(pattern.replace("{reference}", &req.reference_id))
}

/// A creating `POST` of any kind (docs/providers/momo.md Collection/Disbursement/Remittance; docs/providers/momo.md#request-fields for `payment`):
/// `X-Reference-Id`, `X-Callback-Url` when given (else the config's), the JSON body in the documented order.
pub fn build_create(
    cfg: &MomoConfig,
    token: &Secret<String>,
    req: &CreateRequest,
) -> Result<HttpRequest, Error> {
    let body = check_create(cfg, req)?;
    let callback = callback_url_of(cfg, req);
    let mut http = cfg
        .authed(Method::Post, req.kind.product(), &req.kind.path(), token)?
        .header("X-Reference-Id", req.reference_id.clone());
    if let Some(u) = callback {
        http = http.header("X-Callback-Url", u);
    }
    Ok(http.json_object(&body))
}

/// `GET /{product}/{version}/{resource}/{referenceId}`: the status of an operation, at its
/// [`Kind::status_version`] (`v1_0` for the V2 withdrawals, deposits and refunds).
pub fn build_status(
    cfg: &MomoConfig,
    token: &Secret<String>,
    kind: Kind,
    reference_id: &str,
) -> Result<HttpRequest, Error> {
    check_reference_id("reference", reference_id)?;
    cfg.authed(
        Method::Get,
        kind.product(),
        &format!("{}/{}", kind.status_path(), reference_id),
        token,
    )
}

/// `POST /collection/v1_0/requesttopay/{referenceId}/deliverynotification` with the `notificationMessage` header
/// (required in MTN's definition, at most 160 characters) and the same text as the body's `notificationMessage`
/// (docs/providers/momo.md). An HTTP header carries Latin-1 text without control characters (RFC 9110 §5.5):
/// another message is a `ValidationError` naming `notificationMessage`.
pub fn build_delivery_notification(
    cfg: &MomoConfig,
    token: &Secret<String>,
    reference_id: &str,
    message: &str,
) -> Result<HttpRequest, Error> {
    check_reference_id("reference", reference_id)?;
    if message.is_empty() {
        return Err(Error::validation("notificationMessage", "is required"));
    }
    check_note("notificationMessage", message)?;
    if message
        .chars()
        .any(|c| c.is_control() || u32::from(c) > 0xFF)
    {
        return Err(Error::validation(
            "notificationMessage",
            "must be Latin-1 text without control characters: MTN takes it as an HTTP header",
        ));
    }
    let mut body = Map::new();
    body.insert("notificationMessage".into(), Value::String(message.into()));
    Ok(cfg
        .authed(
            Method::Post,
            Product::Collection,
            &format!("/collection/v1_0/requesttopay/{reference_id}/deliverynotification"),
            token,
        )?
        .header("notificationMessage", message.to_string())
        .json_object(&body))
}

/// `DELETE /collection/v2_0/invoice/{referenceId}`: cancels a pending invoice. The call takes its own new
/// `X-Reference-Id` and an optional `{externalId}` body.
pub fn build_cancel_invoice(
    cfg: &MomoConfig,
    token: &Secret<String>,
    invoice_reference_id: &str,
    new_reference_id: &str,
    external_id: Option<&str>,
) -> Result<HttpRequest, Error> {
    check_reference_id("reference", invoice_reference_id)?;
    check_reference_id("cancelReference", new_reference_id)?;
    let http = cfg
        .authed(
            Method::Delete,
            Product::Collection,
            &format!("/collection/v2_0/invoice/{invoice_reference_id}"),
            token,
        )?
        .header("X-Reference-Id", new_reference_id.to_string());
    Ok(match external_id {
        Some(e) => {
            let mut body = Map::new();
            body.insert("externalId".into(), Value::String(e.into()));
            http.json_object(&body)
        }
        None => http,
    })
}

/// `GET /{product}/v1_0/account/balance` or `.../account/balance/{currency}`.
pub fn build_balance(
    cfg: &MomoConfig,
    token: &Secret<String>,
    product: Product,
    currency: Option<&str>,
) -> Result<HttpRequest, Error> {
    let path = match currency {
        Some(c) => {
            if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
                return Err(Error::validation(
                    "currency",
                    "must be an ISO 4217 code of three capital letters",
                ));
            }
            format!("/{}/v1_0/account/balance/{c}", product.as_str())
        }
        None => format!("/{}/v1_0/account/balance", product.as_str()),
    };
    cfg.authed(Method::Get, product, &path, token)
}

/// The account-holder id types of `accountholder/{type}/{id}/active`, as MTN writes them in the path.
pub fn account_holder_type(field: &str, s: &str) -> Result<&'static str, Error> {
    match s.to_ascii_lowercase().as_str() {
        "msisdn" => Ok("msisdn"),
        "email" => Ok("email"),
        "party_code" => Ok("party_code"),
        _ => Err(Error::validation(
            field,
            "must be \"msisdn\", \"email\" or \"party_code\"",
        )),
    }
}

fn check_holder_id(id_type: &str, id: &str) -> Result<(), Error> {
    let party_type = match id_type {
        "msisdn" => "MSISDN",
        "email" => "EMAIL",
        _ => "PARTY_CODE",
    };
    let party = serde_json::json!({ "partyIdType": party_type, "partyId": id });
    check_party("accountHolder", &party)
}

/// `GET /{product}/v1_0/accountholder/{msisdn|email|party_code}/{id}/active`.
pub fn build_account_holder_active(
    cfg: &MomoConfig,
    token: &Secret<String>,
    product: Product,
    id_type: &str,
    id: &str,
) -> Result<HttpRequest, Error> {
    let t = account_holder_type("accountHolderIdType", id_type)?;
    check_holder_id(t, id)?;
    let path = format!(
        "/{}/v1_0/accountholder/{t}/{}/active",
        product.as_str(),
        crate::core::http::percent_encode(id)
    );
    cfg.authed(Method::Get, product, &path, token)
}

/// `GET /{product}/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo`.
pub fn build_basic_user_info(
    cfg: &MomoConfig,
    token: &Secret<String>,
    product: Product,
    msisdn: &str,
) -> Result<HttpRequest, Error> {
    check_msisdn("msisdn", msisdn)?;
    let path = format!(
        "/{}/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo",
        product.as_str()
    );
    cfg.authed(Method::Get, product, &path, token)
}

/// Sandbox provisioning, step 1: `POST /v1_0/apiuser` with `X-Reference-Id` (the new user's id) and
/// `{providerCallbackHost}` (docs/providers/momo.md, "Sandbox provisioning").
pub fn build_create_api_user(
    base_url: &str,
    subscription_key: &Secret<String>,
    api_user: &str,
    provider_callback_host: &str,
) -> Result<HttpRequest, Error> {
    crate::core::http::check_base_url("baseUrl", base_url)?;
    check_reference_id("apiUser", api_user)?;
    if provider_callback_host.trim().is_empty() {
        return Err(Error::validation(
            "providerCallbackHost",
            "is required (the host MTN will send callbacks to)",
        ));
    }
    let mut body = Map::new();
    body.insert(
        "providerCallbackHost".into(),
        Value::String(provider_callback_host.trim().into()),
    );
    Ok(HttpRequest::new(
        Method::Post,
        crate::core::http::join_url(base_url, "/v1_0/apiuser"),
    )
    .header("X-Reference-Id", api_user.to_string())
    .header(
        "Ocp-Apim-Subscription-Key",
        subscription_key.expose().clone(),
    )
    .json_object(&body))
}

/// Sandbox provisioning, step 2: `POST /v1_0/apiuser/{apiUser}/apikey` → `{apiKey}`.
pub fn build_create_api_key(
    base_url: &str,
    subscription_key: &Secret<String>,
    api_user: &str,
) -> Result<HttpRequest, Error> {
    crate::core::http::check_base_url("baseUrl", base_url)?;
    check_reference_id("apiUser", api_user)?;
    Ok(HttpRequest::new(
        Method::Post,
        crate::core::http::join_url(base_url, &format!("/v1_0/apiuser/{api_user}/apikey")),
    )
    .header(
        "Ocp-Apim-Subscription-Key",
        subscription_key.expose().clone(),
    ))
}

/// Sandbox provisioning: `GET /v1_0/apiuser/{apiUser}` → `{providerCallbackHost, targetEnvironment}`.
pub fn build_get_api_user(
    base_url: &str,
    subscription_key: &Secret<String>,
    api_user: &str,
) -> Result<HttpRequest, Error> {
    crate::core::http::check_base_url("baseUrl", base_url)?;
    check_reference_id("apiUser", api_user)?;
    Ok(HttpRequest::new(
        Method::Get,
        crate::core::http::join_url(base_url, &format!("/v1_0/apiuser/{api_user}")),
    )
    .header(
        "Ocp-Apim-Subscription-Key",
        subscription_key.expose().clone(),
    ))
}
