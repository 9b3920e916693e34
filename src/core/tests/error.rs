//! The error vocabulary: codes, categories, outcomes, messages, the TypeScript declarations.
use super::*;

#[test]
fn transient_statuses_are_typed_alike_for_every_provider() {
    let at = |status| ProviderDetail {
        http_status: Some(status),
        provider_code: None,
    };
    let e = Error::transient_http(Provider::Viralpay, at(429), Some(2000), "slow down").unwrap();
    assert_eq!((e.code(), e.retry_after_ms()), ("rate_limited", Some(2000)));
    for status in [408, 500, 502, 503, 599] {
        let e = Error::transient_http(Provider::Unipesa, at(status), None, "").unwrap();
        assert_eq!(e.code(), "provider_error");
        assert_eq!(e.reason(), Some("provider_unavailable"));
        assert!(
            e.to_string()
                .contains(&format!("HTTP {status} (a temporary failure")),
            "{e}"
        );
        assert!(e.is_retryable(), "{status}");
    }
    let said = Error::transient_http(Provider::Alianspay, at(503), None, "maintenance").unwrap();
    assert!(said.to_string().ends_with(": maintenance"), "{said}");
    for status in [200, 400, 401, 404, 409, 600] {
        assert!(Error::transient_http(Provider::Unipesa, at(status), None, "").is_none());
    }
    assert!(
        Error::transient_http(Provider::Unipesa, ProviderDetail::default(), None, "").is_none()
    );
}

#[test]
fn codes_are_stable_and_distinct() {
    let all = [
        Error::validation("amount", "must be positive"),
        ErrorKind::Auth {
            provider: Provider::Unipesa,
            message: "x".into(),
            detail: ProviderDetail::default(),
        }
        .into(),
        ErrorKind::Provider {
            provider: Provider::Momo,
            message: "x".into(),
            reason: None,
            detail: ProviderDetail::default(),
            retryable: false,
        }
        .into(),
        ErrorKind::Network {
            message: "x".into(),
        }
        .into(),
        ErrorKind::Timeout { after_ms: 1 }.into(),
        ErrorKind::RateLimited {
            provider: Provider::Viralpay,
            retry_after_ms: None,
            detail: ProviderDetail::default(),
        }
        .into(),
        ErrorKind::SignatureMismatch {
            provider: Provider::Unipesa,
            message: "x".into(),
        }
        .into(),
        Error::parse(Provider::Cinetpay, "x", "", b""),
        ErrorKind::Unsupported {
            provider: Provider::Cinetpay,
            operation: "collect".into(),
            message: "x".into(),
        }
        .into(),
    ];
    let codes: Vec<&str> = all.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        [
            "validation_error",
            "auth_error",
            "provider_error",
            "network_error",
            "timeout",
            "rate_limited",
            "signature_mismatch",
            "parse_error",
            "unsupported"
        ]
    );
    let cats: Vec<&str> = all.iter().map(|e| e.category().as_str()).collect();
    assert_eq!(
        cats,
        [
            "validation",
            "auth",
            "provider",
            "network",
            "timeout",
            "rate_limited",
            "signature",
            "parse",
            "unsupported"
        ]
    );
}

#[test]
fn validation_message_names_field_and_rule() {
    let e = Error::validation("order_id", "at most 128 characters");
    assert_eq!(e.to_string(), "invalid `order_id`: at most 128 characters");
    assert_eq!(e.field(), Some("order_id"));
    assert!(!e.is_retryable());
}

#[test]
fn snippet_is_bounded_and_lossy() {
    let long = vec![b'a'; 500];
    assert_eq!(snippet(&long).chars().count(), 201);
    assert_eq!(snippet(&[0xff, b'x']), "\u{fffd}x");
}

#[test]
fn a_body_of_exactly_200_characters_is_quoted_whole() {
    // Characters, not bytes: 'é' is two bytes in UTF-8.
    let snippet_of =
        |text: String| match Error::parse(Provider::Momo, "m", "", text.as_bytes()).into_kind() {
            ErrorKind::Parse { body_snippet, .. } => body_snippet,
            e => panic!("{e:?}"),
        };
    assert_eq!(snippet_of("é".repeat(200)), "é".repeat(200));
    assert_eq!(snippet_of("é".repeat(201)), "é".repeat(200) + "…");
}

#[test]
fn the_provider_of_an_error_is_the_one_it_names() {
    // one_of_each() names Momo wherever a variant carries a provider.
    for e in one_of_each() {
        let names_one = !matches!(
            e.code(),
            "validation_error" | "network_error" | "timeout" | "aborted"
        );
        assert_eq!(
            e.provider(),
            names_one.then_some(Provider::Momo),
            "{}",
            e.code()
        );
    }
    let (message, path, body_snippet) = (String::new(), String::new(), String::new());
    let unknown = ErrorKind::Parse {
        provider: None,
        message,
        path,
        body_snippet,
    };
    assert_eq!(unknown.provider(), None);
}

#[test]
fn a_provider_error_is_unknown_when_the_server_failed_or_a_retry_may_help() {
    let outcome = |status: Option<u16>, retryable| {
        let detail = ProviderDetail {
            http_status: status,
            provider_code: None,
        };
        let (provider, message, reason) = (Provider::Unipesa, String::new(), None);
        Outcome::of(
            &ErrorKind::Provider {
                provider,
                message,
                reason,
                detail,
                retryable,
            }
            .into(),
        )
        .as_str()
    };
    // 5xx and 408 (request timeout): the request may have been processed, retryable or not.
    for s in [500, 503, 599, 408] {
        assert_eq!(outcome(Some(s), false), "unknown", "{s}");
    }
    // A definite 4xx refusal moved nothing, unless the provider says a retry may help.
    for s in [400, 404, 409, 499] {
        assert_eq!(outcome(Some(s), false), "rejected", "{s}");
        assert_eq!(outcome(Some(s), true), "unknown", "{s}");
    }
    assert_eq!(outcome(None, true), "unknown");
    assert_eq!(outcome(None, false), "rejected");
    assert_eq!(
        Outcome::of(&Error::validation("amount", "r")).as_str(),
        "not_sent"
    );
}

/// One error of every variant: the match is exhaustive, so a new variant must be added here.
fn one_of_each() -> Vec<Error> {
    let d = ProviderDetail::default();
    let p = Provider::Momo;
    let all = vec![
        Error::validation("f", "r"),
        ErrorKind::Auth {
            provider: p,
            message: String::new(),
            detail: d.clone(),
        }
        .into(),
        ErrorKind::Provider {
            provider: p,
            message: String::new(),
            reason: None,
            detail: d.clone(),
            retryable: false,
        }
        .into(),
        ErrorKind::Network {
            message: String::new(),
        }
        .into(),
        ErrorKind::Timeout { after_ms: 1 }.into(),
        ErrorKind::Aborted { sent: true }.into(),
        ErrorKind::RateLimited {
            provider: p,
            retry_after_ms: None,
            detail: d,
        }
        .into(),
        ErrorKind::SignatureMismatch {
            provider: p,
            message: String::new(),
        }
        .into(),
        Error::parse(p, "m", "", b""),
        ErrorKind::Unsupported {
            provider: p,
            operation: String::new(),
            message: String::new(),
        }
        .into(),
    ];
    for e in &all {
        match e.kind() {
            ErrorKind::Validation { .. }
            | ErrorKind::Auth { .. }
            | ErrorKind::Provider { .. }
            | ErrorKind::Network { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::Aborted { .. }
            | ErrorKind::RateLimited { .. }
            | ErrorKind::SignatureMismatch { .. }
            | ErrorKind::Parse { .. }
            | ErrorKind::Unsupported { .. } => {}
        }
    }
    all
}

#[test]
fn the_typescript_declarations_list_every_code_category_and_provider() {
    for e in one_of_each() {
        let code = format!("'{}'", e.code());
        let category = format!("'{}'", e.category().as_str());
        assert!(TS_DECLARATIONS.contains(&code), "{code} is not declared");
        assert!(
            TS_DECLARATIONS.contains(&category),
            "{category} is not declared"
        );
    }
    for p in [
        Provider::Unipesa,
        Provider::Momo,
        Provider::Cinetpay,
        Provider::Viralpay,
        Provider::Alianspay,
    ] {
        assert!(TS_DECLARATIONS.contains(&format!("'{}'", p.as_str())));
    }
}
