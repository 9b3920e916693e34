//! Amount::parse and Amount::from_f64 (core/amount.rs; DESIGN.md "Amount: decimal, minor units, no floats"):
//! no panic on any text or any f64, and whatever parses formats back to the same amount.
#![no_main]
use libfuzzer_sys::fuzz_target;
use payrail::core::Amount;

fuzz_target!(|data: &[u8]| {
    let text = payrail_fuzz::lossy(data);
    if let Ok(a) = Amount::parse("amount", &text) {
        assert_eq!(
            Amount::parse("amount", &a.to_plain()).ok(),
            Some(a),
            "to_plain round trip of {text:?}"
        );
        assert_eq!(
            Amount::parse("amount", &a.to_fixed2()).ok(),
            Some(a),
            "to_fixed2 round trip of {text:?}"
        );
        assert_eq!(Amount::from_minor(a.minor()).ok(), Some(a));
    }
    if data.len() >= 8 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&data[..8]);
        let f = f64::from_le_bytes(b);
        if let Ok(a) = Amount::from_f64("amount", f) {
            assert!(f.is_finite() && f >= 0.0, "{f} accepted");
            assert_eq!(Amount::parse("amount", &a.to_plain()).ok(), Some(a));
        }
        // the text JS would send for that number
        let _ = Amount::parse("amount", &f.to_string());
    }
});
