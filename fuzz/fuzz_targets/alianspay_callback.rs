//! AliansPay callbacks (seed 000, PROVIDERS.md §5: unsigned): parse_callback on any text never panics, never
//! marks a callback verified, never keeps the partner GUID (the OTP key) of the `guid` field in what it
//! returns, and never puts it in an error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Secret;
use payrail::providers::alianspay::{parse_callback, AliansPayConfig};

const KEYS: &[&str] = &[
    "status",
    "code",
    "message",
    "amount",
    "currency",
    "description",
    "externalTransactionId",
    "transactionId",
    "transaction",
    "partner",
    "guid",
    "reference",
    "SUCCESS",
    "SUCCESSFUL",
    "FAILED",
    "PENDING",
    "fuzz-guid-0000",
];

fuzz_target!(|data: &[u8]| {
    let cfg = AliansPayConfig {
        base_url: "https://api.alianspay.example".into(),
        guid: Secret::new("fuzz-guid-0000".into()),
        paths: Default::default(),
        header_names: Default::default(),
    };
    let body = payrail_fuzz::lossy(&payrail_fuzz::body(data, KEYS));
    // The documented place of the GUID is the top-level `guid` field (seed 000's callback): there it must be
    // scrubbed. (A body that repeats it elsewhere, or nests it under a non-string `guid`, is not AliansPay's
    // format; what it echoes is its own.)
    let only_in_guid_field = match serde_json::from_str::<serde_json::Value>(&body) {
        Ok(serde_json::Value::Object(mut m)) if m.get("guid").is_none_or(|g| g.is_string()) => {
            m.remove("guid");
            !serde_json::Value::Object(m)
                .to_string()
                .contains("fuzz-guid-0000")
        }
        _ => false,
    };
    match parse_callback(&cfg, &body) {
        Ok(cb) => {
            assert!(
                !cb.verified,
                "an unsigned AliansPay callback marked verified"
            );
            if only_in_guid_field {
                assert!(
                    !format!("{cb:?}").contains("fuzz-guid-0000"),
                    "the GUID kept in {cb:?}"
                );
            }
        }
        Err(e) => assert!(
            !format!("{e:?}{e}").contains("fuzz-guid-0000"),
            "the GUID leaked into {e:?}"
        ),
    }
});
