//! CinetPay error mapping: the documented `code`s and their typed errors.

use crate::core::error::ProviderDetail;
use crate::core::ErrorKind;
use crate::core::{Error, Provider, Reason};

/// Every documented `code` with its message and meaning: docs/providers/cinetpay.md#error-codes (701), docs/providers/cinetpay.md and CinetPay's
/// transfer annex (docs.cinetpay.com/api/1.0-en/transfert/annexe: 702, 703, 709, 710, 715, 717, 721).
pub const CODES: &[(i64, &str, &str)] = &[
    (0, "OPERATION_SUCCES", "operation successfully completed"),
    (-1, "OPERATION_ERROR", "errors in the execution of the request; check the request format"),
    (701, "INVALID_CREDENTIALS", "incorrect credentials: check the apikey and the transfer API password"),
    (702, "COULD_NOT_CREATE_TOKEN", "CinetPay could not generate a token"),
    (703, "INVALID_USER", "the merchant account is invalid"),
    (704, "INVALID_PARAM", "the parameters sent are not correct"),
    (705, "EXPIRED_TOKEN", "the token has expired"),
    (706, "INVALID_TOKEN", "the token is invalid"),
    (707, "CANT_REFRESH_TOKEN", "the token cannot be refreshed: generate another one"),
    (708, "NOT_ALLOWED", "not allowed to visit this link (wrong URL or method, or a server address CinetPay does not accept)"),
    (709, "EXECUTION_ERROR", "errors in the execution of the request"),
    (710, "EXECUTION_ERROR", "errors in the execution of the request"),
    (715, "UNEXPECTED_ERROR", "an unknown error occurred at CinetPay"),
    (716, "DATA_NOT_VALID", "a field sent is incorrect"),
    (717, "ERROR_PHONE_NOT_PARTICULAR", "the phone number is not a valid CinetPay individual account"),
    (718, "JSON_PARSE_ERROR", "the JSON sent in `data` contains errors"),
    (719, "AMOUNT_TOO_SMALL", "the amount is below the minimum for this country"),
    (720, "AMOUNT_TOO_LARGE", "the amount is above the maximum for this country"),
    (721, "OPERATOR_NOT_AVAILABLE", "the receiver's operator is not supported"),
    (602, "INSUFFICIENT_BALANCE", "the transfer balance is insufficient"),
    (723, "NOT_FOUND", "no transfer matches this id"),
    (724, "ERROR_PHONE_NOT_MY_CONTACT", "the phone number is not one of your contacts: add it first"),
    (725, "MISSING_NOTIFY_URL", "a valid notify_url is required"),
    (726, "ERROR_PHONE_ALREADY_MY_CONTACT", "the phone number is already one of your contacts"),
    (801, "INVALID_AMOUNT", "the amount is invalid"),
    (802, "INVALID_PHONE", "the phone number is invalid"),
    (804, "OPERATOR_UNAVAILABLE", "the operator is unavailable; try again later"),
    (805, "CLIENT_TRANSACTION_ID_EXIST", "this client_transaction_id already exists"),
];

/// `705 EXPIRED_TOKEN`, `706 INVALID_TOKEN`, `707 CANT_REFRESH_TOKEN`: log in again once, then retry
/// (docs/providers/cinetpay.md: "705/706 → log in again once, then retry"; 707 says "generate another token").
pub const TOKEN_REFUSED_CODES: &[i64] = &[705, 706, 707];

/// 726: "already a contact" — success for `transfer/contact` (docs/providers/cinetpay.md).
pub const CODE_ALREADY_CONTACT: i64 = 726;

/// 805: the `client_transaction_id` exists — on a retry, the first attempt was accepted.
pub const CODE_TRANSACTION_ID_EXISTS: i64 = 805;

/// 723: nothing found.
pub const CODE_NOT_FOUND: i64 = 723;

/// The message and meaning of a documented code.
pub fn describe_code(code: i64) -> Option<(&'static str, &'static str)> {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, m, d)| (*m, *d))
}

/// The typed error of a non-zero `code`, with the documented meaning. `provider_message` is used for codes
/// the documentation does not list.
pub fn code_error(code: i64, provider_message: &str, http_status: u16) -> Error {
    let detail = ProviderDetail {
        http_status: Some(http_status),
        provider_code: Some(code.to_string()),
    };
    let (name, meaning) = match describe_code(code) {
        Some(d) => d,
        None => {
            let m = if provider_message.is_empty() {
                "undocumented code".to_string()
            } else {
                provider_message.to_string()
            };
            return ErrorKind::Provider {
                provider: Provider::Cinetpay,
                message: format!("code {code}: {m}"),
                reason: None,
                detail,
                retryable: false,
            }
            .into();
        }
    };
    let message = format!("{name}: {meaning}");
    match code {
        701 | 703 | 705 | 706 | 707 => ErrorKind::Auth {
            provider: Provider::Cinetpay,
            message,
            detail,
        }
        .into(),
        _ => {
            let (reason, retryable) = match code {
                602 => (Some(Reason::InsufficientFunds), false),
                719 | 720 => (Some(Reason::LimitReached), false),
                721 => (Some(Reason::ProviderUnavailable), false),
                804 => (Some(Reason::ProviderUnavailable), true),
                702 => (Some(Reason::ProviderError), true),
                -1 | 709 | 710 | 715 => (Some(Reason::ProviderError), false),
                708 => (Some(Reason::NotAllowed), false),
                717 => (Some(Reason::AccountNotFound), false),
                _ => (None, false),
            };
            ErrorKind::Provider {
                provider: Provider::Cinetpay,
                message,
                reason: reason.map(|r| r.as_str().to_string()),
                detail,
                retryable,
            }
            .into()
        }
    }
}
