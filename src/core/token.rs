//! An access token's value and lifetime (MoMo, CinetPay, ViralPAY): when it stops being used, computed from the
//! `expires_in` a login answer gives and the time it was read. Pure: the caller passes the clock reading. The
//! cache that shares tokens between calls (and the store behind it) is the async driver's, `client::token`.

use crate::core::Secret;

/// How long before its expiry a token stops being used (network latency and clock skew margin).
pub const EXPIRY_MARGIN_MS: u64 = 60_000;

/// A token and when it stops being usable.
#[derive(Clone, Debug)]
pub struct CachedToken {
    /// The bearer token.
    pub value: Secret<String>,
    /// Unix ms after which it is not used any more (expiry minus the margin).
    pub usable_until_ms: u64,
}

impl CachedToken {
    /// A token that expires `expires_in_s` seconds after `now_ms`; used until [`EXPIRY_MARGIN_MS`] (or a tenth of
    /// its life, for short-lived tokens) before that.
    pub fn new(value: String, now_ms: u64, expires_in_s: u64) -> CachedToken {
        let life = expires_in_s.saturating_mul(1000);
        let margin = EXPIRY_MARGIN_MS.min(life / 10);
        CachedToken {
            value: Secret::new(value),
            usable_until_ms: now_ms.saturating_add(life - margin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lived_tokens_keep_most_of_their_life() {
        let t = CachedToken::new("x".into(), 0, 300);
        assert_eq!(t.usable_until_ms, 270_000);
    }

    #[test]
    fn long_lived_tokens_stop_a_minute_early() {
        // 3600 s from t = 1 000 000 ms, less the 60 s margin: 1 000 000 + 3 540 000.
        let t = CachedToken::new("x".into(), 1_000_000, 3600);
        assert_eq!(t.usable_until_ms, 4_540_000);
    }

    #[test]
    fn odd_lifetimes_do_not_overflow_or_underflow() {
        assert_eq!(CachedToken::new("x".into(), 5, 0).usable_until_ms, 5);
        assert_eq!(
            CachedToken::new("x".into(), u64::MAX - 1, 3600).usable_until_ms,
            u64::MAX
        );
        // u64::MAX s saturates to u64::MAX ms of life; the margin is then the full 60 s.
        assert_eq!(
            CachedToken::new("x".into(), 0, u64::MAX).usable_until_ms,
            u64::MAX - 60_000
        );
    }

    #[test]
    fn the_token_is_redacted_in_debug() {
        let t = CachedToken::new("SECRET-token-value".into(), 0, 60);
        let dbg = format!("{t:?}");
        assert!(
            !dbg.contains("SECRET") && dbg.contains("[redacted]"),
            "{dbg}"
        );
    }
}
