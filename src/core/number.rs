//! Number text to `f64` (the amounts and numbers of inputs, payloads and answers, kept as text by serde_json's
//! arbitrary_precision). In the wasm build the host's `parseFloat` reads it: Rust's float parser and its table
//! of powers of five (~14 KB of wasm, ~10 KB of it incompressible data) then stay out of the wasm. Both give the
//! nearest double of the decimal text.

/// The nearest `f64` of JSON number text (`-12.5e3`), or of `NaN`, `Infinity`, `-Infinity` (how a non-finite
/// JS number is marked, core/input.rs); `None` for any other text.
pub fn parse_f64(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if is_json_number(text) => Some(nearest(text)),
        _ => None,
    }
}

#[cfg(target_arch = "wasm32")]
fn nearest(text: &str) -> f64 {
    js_sys::parse_float(text)
}

#[cfg(not(target_arch = "wasm32"))]
fn nearest(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

/// Whether `text` is a number as JSON writes one: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub fn is_json_number(text: &str) -> bool {
    let s = text.as_bytes();
    let mut i = usize::from(s.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match s.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_and_the_non_finite_marks_only() {
        for t in [
            "0",
            "-0",
            "1.5",
            "-12.5e3",
            "1E-7",
            "1e+21",
            "100.10",
            "123456789012345678901234567890",
        ] {
            assert_eq!(parse_f64(t), t.parse().ok(), "{t}");
        }
        assert!(parse_f64("NaN").unwrap().is_nan());
        // How core/input.rs marks a non-finite JS number: `Infinity` as IEEE-754's positive infinity.
        assert_eq!(parse_f64("Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_f64("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
        for t in [
            "", "-", "+1", "01", "1.", ".5", "1e", "1e+", "inf", "nan", "1.5x", " 1", "0x10",
        ] {
            assert_eq!(parse_f64(t), None, "{t:?}");
        }
    }
}
