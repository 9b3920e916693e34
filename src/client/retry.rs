//! The retry policy: capped exponential backoff with jitter, `Retry-After` honoured, and only for requests that
//! are safe to send again (stripe-node's rules, adapted).

/// The `Retry-After` readers live in the pure core; re-exported here for the paths that used them.
pub use crate::core::retry_after::{parse_http_date, parse_retry_after, retry_after_of};
use crate::core::{Error, HttpRequest, HttpResponse};

/// How many times and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// The first backoff (default 500 ms); each retry doubles it.
    pub base_delay_ms: u64,
    /// The backoff cap (default 8 s).
    pub max_delay_ms: u64,
    /// The longest `Retry-After` the SDK waits for itself (default 60 s); a longer one ends the retries and the
    /// caller gets a `rate_limited` error with the wait.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
        }
    }
}

/// What the driver does after one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Hand the outcome to the parser / caller.
    Stop,
    /// Wait this long, then send the identical request again.
    RetryAfter(u64),
}

impl RetryPolicy {
    /// The backoff before retry number `retry` (0-based): `min(cap, base × 2^retry)`, with "equal jitter"
    /// (half fixed, half random): `jitter` is a random number in `[0, 1)`.
    pub fn backoff_ms(&self, retry: u32, jitter: f64) -> u64 {
        let exp = self
            .base_delay_ms
            .saturating_mul(1u64 << retry.min(20))
            .min(self.max_delay_ms);
        let half = exp / 2;
        half + ((exp - half) as f64 * jitter.clamp(0.0, 1.0)) as u64
    }

    /// Decides after attempt number `attempt` (0 = the first) of a request. `idempotent` says whether sending
    /// the same request twice can only ever execute it once.
    pub fn decide(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: &Result<HttpResponse, Error>,
        now_ms: u64,
        jitter: f64,
    ) -> Decision {
        self.decide_with(attempt, idempotent, outcome, || now_ms, || jitter)
    }

    /// [`RetryPolicy::decide`] with the clock and the jitter read only if the decision needs them: the driver's
    /// are JS calls in wasm, and most attempts end the exchange without either.
    pub fn decide_with(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: &Result<HttpResponse, Error>,
        now_ms: impl FnOnce() -> u64,
        jitter: impl FnOnce() -> f64,
    ) -> Decision {
        if !idempotent || attempt >= self.max_retries {
            return Decision::Stop;
        }
        match outcome {
            Err(e) if e.is_retryable() => Decision::RetryAfter(self.backoff_ms(attempt, jitter())),
            Err(_) => Decision::Stop,
            Ok(resp) => {
                let retryable_status = matches!(resp.status, 408 | 429 | 500 | 502 | 503 | 504);
                if !retryable_status {
                    return Decision::Stop;
                }
                match retry_after_of(resp, now_ms()) {
                    Some(wait) if wait > self.max_retry_after_ms => Decision::Stop,
                    Some(wait) => Decision::RetryAfter(wait),
                    None => Decision::RetryAfter(self.backoff_ms(attempt, jitter())),
                }
            }
        }
    }
}

/// Whether a request may be sent again: the caller says so per operation; this is a guard for the obvious
/// cases (GETs are always safe).
pub fn is_safe_to_repeat(req: &HttpRequest, idempotent_by_key: bool) -> bool {
    idempotent_by_key || req.method == crate::core::Method::Get
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ErrorKind;

    #[test]
    fn backoff_is_capped_exponential_with_equal_jitter() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_ms(0, 0.0), 250);
        assert_eq!(p.backoff_ms(0, 0.999_999), 499);
        assert_eq!(p.backoff_ms(1, 0.0), 500);
        assert_eq!(p.backoff_ms(3, 0.0), 2_000);
        assert_eq!(p.backoff_ms(10, 0.0), 4_000);
        assert_eq!(p.backoff_ms(63, 1.0), 8_000);
    }

    #[test]
    fn decisions() {
        let p = RetryPolicy::default();
        let resp = |s: u16| Ok::<_, Error>(HttpResponse::new(s, ""));
        assert_eq!(
            p.decide(0, true, &resp(503), 0, 0.0),
            Decision::RetryAfter(250)
        );
        assert_eq!(p.decide(0, true, &resp(400), 0, 0.0), Decision::Stop);
        assert_eq!(p.decide(0, false, &resp(503), 0, 0.0), Decision::Stop);
        assert_eq!(p.decide(2, true, &resp(503), 0, 0.0), Decision::Stop);
        let limited = Ok::<_, Error>(HttpResponse::new(429, "").with_header("Retry-After", "3"));
        assert_eq!(
            p.decide(0, true, &limited, 0, 0.5),
            Decision::RetryAfter(3_000)
        );
        let too_long =
            Ok::<_, Error>(HttpResponse::new(429, "").with_header("Retry-After", "3600"));
        assert_eq!(p.decide(0, true, &too_long, 0, 0.5), Decision::Stop);
        let net: Result<HttpResponse, Error> = Err(ErrorKind::Network {
            message: "reset".into(),
        }
        .into());
        assert_eq!(p.decide(1, true, &net, 0, 0.0), Decision::RetryAfter(500));
        let val: Result<HttpResponse, Error> = Err(Error::validation("a", "b"));
        assert_eq!(p.decide(0, true, &val, 0, 0.0), Decision::Stop);
    }

    #[test]
    fn the_clock_and_jitter_are_read_only_when_a_retry_needs_them() {
        let p = RetryPolicy::default();
        let unread =
            |what: &str| -> ! { panic!("{what} read for a decision that does not need it") };
        let ok = Ok::<_, Error>(HttpResponse::new(200, ""));
        let stop = |o: &Result<HttpResponse, Error>, attempt: u32, idempotent: bool| {
            p.decide_with(
                attempt,
                idempotent,
                o,
                || unread("clock"),
                || unread("jitter"),
            )
        };
        assert_eq!(stop(&ok, 0, true), Decision::Stop);
        assert_eq!(
            stop(&Ok(HttpResponse::new(400, "")), 0, true),
            Decision::Stop
        );
        assert_eq!(
            stop(&Ok(HttpResponse::new(503, "")), 0, false),
            Decision::Stop
        );
        assert_eq!(
            stop(&Ok(HttpResponse::new(503, "")), 2, true),
            Decision::Stop
        );
        assert_eq!(
            stop(&Err(Error::validation("a", "b")), 0, true),
            Decision::Stop
        );
        // A Retry-After in seconds needs the clock (a date would), not the jitter; a plain 503 needs the jitter.
        let limited = Ok::<_, Error>(HttpResponse::new(429, "").with_header("Retry-After", "3"));
        assert_eq!(
            p.decide_with(0, true, &limited, || 0, || unread("jitter")),
            Decision::RetryAfter(3_000)
        );
        assert_eq!(
            p.decide_with(0, true, &Ok(HttpResponse::new(503, "")), || 0, || 1.0),
            Decision::RetryAfter(500)
        );
    }
}
