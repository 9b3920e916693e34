//! The Retry-After reader and the retry decision (client/retry.rs; RFC 9110 §10.2.3, DESIGN.md retry policy):
//! any header text and any clock give a wait or none, never a panic or an overflow.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::client::retry::{parse_http_date, parse_retry_after};
use payrail::client::RetryPolicy;
use payrail::core::HttpResponse;

fuzz_target!(|data: &[u8]| {
    let (now, text) = if data.len() >= 8 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&data[..8]);
        (u64::from_le_bytes(b), payrail_fuzz::lossy(&data[8..]))
    } else {
        (1_700_000_000_000, payrail_fuzz::lossy(data))
    };
    let _ = parse_http_date(&text);
    let _ = parse_retry_after(&text, now);
    let policy = RetryPolicy::default();
    for status in [429u16, 503] {
        let resp = Ok(HttpResponse::new(status, Vec::new()).with_header("retry-after", &text));
        let _ = policy.decide(0, true, &resp, now, 0.5);
    }
    let jitter = f64::from(data.first().copied().unwrap_or(0)) / 255.0;
    for attempt in [0u32, 1, 31, 32, 63, 64, u32::MAX] {
        let _ = policy.backoff_ms(attempt, jitter);
    }
});
