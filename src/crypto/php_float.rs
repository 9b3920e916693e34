//! PHP's string conversion of a float (`precision = 14`), for the Unipesa signature: the digits are computed
//! exactly here (a small big-integer expansion of the double), not with `format!("{:.13e}")`, whose exact-mode
//! float formatting (Grisu and Dragon4 with their tables) was ~8 KB of every wasm that signs (bench/README.md).

/// PHP's `(string)$float` with the default `precision = 14` (zend_gcvt with `%.14G` rules): at most 14
/// significant digits, trailing zeros dropped, exponential form `1.0E+20` when the decimal exponent is below -4
/// or above 14.
pub fn php_float_to_string(v: f64) -> String {
    if v.is_nan() {
        return "NAN".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-INF".into() } else { "INF".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    const PRECISION: i32 = 14;
    // 14 significant digits, correctly rounded (ties to even, as zend_dtoa), trailing zeros dropped; the decimal
    // point at `decpt` (value = 0.DIGITS × 10^decpt).
    let (digits, decpt) = rounded_digits(v.abs(), PRECISION as usize);
    // Written as bytes (ASCII digits), not by slicing a `str`: its char-boundary panic message would bring the
    // `char` Debug formatting and its Unicode tables into the wasm (~4 KB).
    let mut out = Vec::with_capacity(digits.len() + 8);
    if v < 0.0 {
        out.push(b'-');
    }
    if !(-3..=PRECISION).contains(&decpt) {
        let (first, rest) = digits.split_at(1);
        out.extend_from_slice(first);
        out.push(b'.');
        out.extend_from_slice(if rest.is_empty() { b"0" } else { rest });
        let e = decpt - 1;
        out.push(b'E');
        out.push(if e < 0 { b'-' } else { b'+' });
        out.extend_from_slice(e.unsigned_abs().to_string().as_bytes());
    } else if decpt <= 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + decpt.unsigned_abs() as usize, b'0');
        out.extend_from_slice(&digits);
    } else {
        let d = decpt as usize;
        if digits.len() <= d {
            out.extend_from_slice(&digits);
            out.resize(out.len() + (d - digits.len()), b'0');
        } else {
            out.extend_from_slice(&digits[..d]);
            out.push(b'.');
            out.extend_from_slice(&digits[d..]);
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The exact decimal digits of a finite, positive `v`, rounded to `precision` significant digits with ties to
/// even (the rounding of Rust's `{:.Ne}` and of PHP's zend_dtoa), trailing zeros dropped, and the position of
/// the decimal point: `v ≈ 0.DIGITS × 10^decpt`.
fn rounded_digits(v: f64, precision: usize) -> (Vec<u8>, i32) {
    let (mut digits, mut decpt) = exact_digits(v);
    if digits.len() > precision {
        let rest = digits.split_off(precision);
        let above_half =
            rest[0] > b'5' || (rest[0] == b'5' && rest[1..].iter().any(|&d| d != b'0'));
        let tie = rest[0] == b'5' && !above_half;
        let odd = digits[precision - 1] % 2 == 1;
        if above_half || (tie && odd) {
            // Carry from the last digit; all nines become 1 followed by zeros, one place further.
            let mut i = precision;
            loop {
                if i == 0 {
                    digits.insert(0, b'1');
                    digits.pop();
                    decpt += 1;
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, decpt)
}

/// Every decimal digit of a finite, positive `v` (ASCII, no leading zero) and the decimal point's position.
/// `v = m × 2^e` exactly: `m × 2^e` when `e ≥ 0`, else `m × 5^-e / 10^-e`, expanded as a big integer.
fn exact_digits(v: f64) -> (Vec<u8>, i32) {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (m, e) = match biased {
        0 => (fraction, -1074),
        _ => (fraction | (1u64 << 52), biased - 1075),
    };
    let mut n = vec![m as u32, (m >> 32) as u32];
    let (mut left, factor, step) = match e >= 0 {
        true => (e as u32, 2u32, 31u32),
        false => (e.unsigned_abs(), 5u32, 13u32),
    };
    while left > 0 {
        let k = left.min(step);
        mul_small(&mut n, factor.pow(k));
        left -= k;
    }
    // Nine digits at a time, least significant first.
    let mut chunks = Vec::new();
    while n.iter().any(|&limb| limb != 0) {
        chunks.push(div_small(&mut n, 1_000_000_000));
    }
    let mut digits = Vec::with_capacity(chunks.len() * 9);
    for (i, chunk) in chunks.iter().rev().enumerate() {
        let mut nine = [b'0'; 9];
        let mut c = *chunk;
        for d in nine.iter_mut().rev() {
            *d = b'0' + (c % 10) as u8;
            c /= 10;
        }
        let lead = match i {
            0 => nine.iter().position(|&d| d != b'0').unwrap_or(8),
            _ => 0,
        };
        digits.extend_from_slice(&nine[lead..]);
    }
    let scale = if e < 0 { e } else { 0 };
    let decpt = digits.len() as i32 + scale;
    (digits, decpt)
}

/// `n *= x` (little-endian 32-bit limbs).
fn mul_small(n: &mut Vec<u32>, x: u32) {
    let mut carry = 0u64;
    for limb in n.iter_mut() {
        let p = u64::from(*limb) * u64::from(x) + carry;
        *limb = p as u32;
        carry = p >> 32;
    }
    if carry > 0 {
        n.push(carry as u32);
    }
}

/// `n /= x`, returning the remainder.
fn div_small(n: &mut Vec<u32>, x: u32) -> u32 {
    let mut rem = 0u64;
    for limb in n.iter_mut().rev() {
        let cur = (rem << 32) | u64::from(*limb);
        *limb = (cur / u64::from(x)) as u32;
        rem = cur % u64::from(x);
    }
    while n.last() == Some(&0) {
        n.pop();
    }
    rem as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits and point as `format!("{:.13e}")` gives them (the implementation this module replaced).
    fn by_format(v: f64) -> (Vec<u8>, i32) {
        let sci = format!("{:.13e}", v);
        let (mantissa, exp) = sci.split_once('e').unwrap();
        let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
        let digits = digits.trim_end_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        (digits.as_bytes().to_vec(), exp.parse::<i32>().unwrap() + 1)
    }

    #[test]
    fn digits_as_rust_formats_them_ties_to_even() {
        let mut cases = vec![
            f64::MIN_POSITIVE,
            f64::MAX,
            5e-324,
            1e-310,
            0.1,
            0.3,
            2.5,
            0.125,
            10000000000000.5,
            10000000000001.5,
            99999999999999.5,
            999999999999995.0,
            123456789.12345678,
            1e14,
            1e15,
            1e20,
            1.5e-7,
        ];
        // A deterministic spread over every exponent (xorshift over the bit patterns).
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x & !(1u64 << 63));
            if v.is_finite() && v > 0.0 {
                cases.push(v);
            }
        }
        // Amounts and fractions as payloads carry them.
        for i in 1..5_000u32 {
            cases.extend([
                f64::from(i) * 0.01,
                f64::from(i) / 7.0,
                f64::from(i) * 1e12 + 0.5,
            ]);
        }
        for v in cases {
            assert_eq!(rounded_digits(v, 14), by_format(v), "{v:e}");
        }
    }
}
