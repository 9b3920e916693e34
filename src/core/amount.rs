//! [`Amount`]: money as an exact decimal with two fraction digits, held in minor units. No floats.

use super::error::Error;
use std::fmt;

/// The largest amount accepted, in minor units (10^15, i.e. ten trillion in major units): far above any
/// mobile-money limit and far below where any arithmetic could overflow.
pub const MAX_MINOR: u64 = 1_000_000_000_000_000;

/// A non-negative amount of money with at most two decimals, held as an integer number of hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    minor: u64,
}

impl Amount {
    /// From minor units (hundredths).
    pub fn from_minor(minor: u64) -> Result<Amount, Error> {
        if minor > MAX_MINOR {
            return Err(Error::validation("amount", "is too large"));
        }
        Ok(Amount { minor })
    }

    /// The amount in minor units (hundredths).
    pub fn minor(self) -> u64 {
        self.minor
    }

    /// Parses a decimal string: digits, optionally a dot and one or two digits (`"100"`, `"100.5"`, `"100.50"`).
    /// Signs, exponents, spaces, separators, `NaN` and more than two decimals are refused with an error that
    /// names `field`.
    pub fn parse(field: &str, text: &str) -> Result<Amount, Error> {
        if text.is_empty() {
            return Err(Error::validation(field, "must not be empty"));
        }
        if text.starts_with('-') {
            return Err(Error::validation(field, "must not be negative"));
        }
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits_only(int_part) {
            return Err(Error::validation(
                field,
                "must be a decimal number such as \"1500\" or \"100.50\"",
            ));
        }
        let frac_minor = match frac_part {
            None => 0,
            Some(f) if !digits_only(f) => {
                return Err(Error::validation(
                    field,
                    "must be a decimal number such as \"1500\" or \"100.50\"",
                ))
            }
            Some(f) if f.len() > 2 => {
                return Err(Error::validation(field, "must have at most two decimals"))
            }
            Some(f) => {
                let v: u64 = f
                    .parse()
                    .map_err(|_| Error::validation(field, "bad decimals"))?;
                if f.len() == 1 {
                    v * 10
                } else {
                    v
                }
            }
        };
        let trimmed = int_part.trim_start_matches('0');
        if trimmed.len() > 13 {
            return Err(Error::validation(field, "is too large"));
        }
        let whole: u64 = if trimmed.is_empty() {
            0
        } else {
            trimmed
                .parse()
                .map_err(|_| Error::validation(field, "is too large"))?
        };
        Amount::from_minor(whole * 100 + frac_minor)
            .map_err(|_| Error::validation(field, "is too large"))
    }

    /// From a JavaScript number. Integers are taken as they are; a fraction is accepted only when the number is
    /// exactly a multiple of 0.01 as a binary double — in practice .25, .5 and .75: `100.1` is really
    /// `100.099999999999994...`, so it is refused and the caller is told to pass a string.
    pub fn from_f64(field: &str, value: f64) -> Result<Amount, Error> {
        if value.is_nan() {
            return Err(Error::validation(field, "must be a number, not NaN"));
        }
        if value.is_infinite() {
            return Err(Error::validation(field, "must be finite"));
        }
        if value < 0.0 || (value == 0.0 && value.is_sign_negative()) {
            return Err(Error::validation(field, "must not be negative"));
        }
        // 2^53: beyond it integers are no longer exact.
        if value > 9_007_199_254_740_991.0 {
            return Err(Error::validation(
                field,
                "is too large to be exact as a number; pass a string",
            ));
        }
        let quarters = value * 4.0;
        if quarters.fract() != 0.0 {
            return Err(Error::validation(
                field,
                "has a fraction that a JavaScript number cannot hold exactly; pass the amount as a string such as \"100.10\"",
            ));
        }
        // Exact: `value` has a zero fraction after scaling by 4, so it is k/4 and k fits in 2^55.
        let minor = (quarters as u64) * 25;
        Amount::from_minor(minor).map_err(|_| Error::validation(field, "is too large"))
    }

    /// Always two decimals: `"100.00"`, `"0.50"` (Unipesa's format).
    pub fn to_fixed2(self) -> String {
        format!("{}.{:02}", self.minor / 100, self.minor % 100)
    }

    /// The shortest exact form: `"100"`, `"100.5"`, `"100.25"`.
    pub fn to_plain(self) -> String {
        let whole = self.minor / 100;
        let frac = self.minor % 100;
        if frac == 0 {
            whole.to_string()
        } else if frac % 10 == 0 {
            format!("{whole}.{}", frac / 10)
        } else {
            format!("{whole}.{frac:02}")
        }
    }

    /// Whether the amount has no fraction.
    pub fn is_whole(self) -> bool {
        self.minor % 100 == 0
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.minor == 0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_fixed2())
    }
}

/// Whether `s` is a plain decimal as providers write amounts: digits, at most one `.` between digits, a leading
/// `-` only when `signed`, at most 40 characters. No exponent, sign or space: `"string"`, `"abc"`, `"1e400"`,
/// `"NaN"` are not amounts.
pub fn is_decimal_text(s: &str, signed: bool) -> bool {
    let digits = match s.strip_prefix('-') {
        Some(rest) if signed => rest,
        Some(_) => return false,
        None => s,
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    s.len() <= 40
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// An amount read from outside (a provider's answer or callback) at `field`: absent, `null` or `""` is `None`; a
/// JSON number or a string holding a plain decimal ([`is_decimal_text`]) is its text; anything else is a
/// `ParseError` of `provider` naming the field, never passed on as an amount.
pub fn outside_decimal(
    provider: super::Provider,
    field: &str,
    v: Option<&serde_json::Value>,
    signed: bool,
    body: &[u8],
) -> Result<Option<String>, Error> {
    use serde_json::Value;
    let text = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.is_empty() => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => String::new(),
    };
    match is_decimal_text(&text, signed) {
        true => Ok(Some(text)),
        false => Err(Error::parse(provider, "not a decimal amount", field, body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        Amount::parse("amount", s).unwrap().to_fixed2()
    }
    fn err(s: &str) -> String {
        Amount::parse("amount", s).unwrap_err().to_string()
    }

    #[test]
    fn from_minor_takes_up_to_max_minor() {
        // Mutants of the bound (mutants/README.md): MAX_MINOR itself is accepted, one more is refused.
        assert_eq!(Amount::from_minor(0).unwrap().minor(), 0);
        assert_eq!(
            Amount::from_minor(MAX_MINOR).unwrap().minor(),
            1_000_000_000_000_000
        );
        let e = Amount::from_minor(MAX_MINOR + 1).unwrap_err();
        assert_eq!(e.field(), Some("amount"));
    }

    #[test]
    fn from_f64_zero_and_the_exactness_bound() {
        // +0 is an amount (only -0 is negative); 2^53 - 1 is exact, so it is refused as too large for MAX_MINOR,
        // and above 2^53 the number itself is refused as inexact ("pass a string").
        assert_eq!(Amount::from_f64("amount", 0.0).unwrap().minor(), 0);
        assert!(Amount::from_f64("amount", -0.0).is_err());
        let at = Amount::from_f64("amount", 9_007_199_254_740_991.0)
            .unwrap_err()
            .to_string();
        assert!(!at.contains("pass a string"), "{at}");
        for above in [9_007_199_254_740_992.0, 1e16] {
            let e = Amount::from_f64("amount", above).unwrap_err().to_string();
            assert!(e.contains("pass a string"), "{e}");
        }
    }

    #[test]
    fn display_is_two_decimals() {
        assert_eq!(Amount::from_minor(10_050).unwrap().to_string(), "100.50");
        assert_eq!(format!("{}", Amount::from_minor(7).unwrap()), "0.07");
    }

    #[test]
    fn parses_decimal_strings() {
        assert_eq!(ok("100"), "100.00");
        assert_eq!(ok("100.5"), "100.50");
        assert_eq!(ok("100.50"), "100.50");
        assert_eq!(ok("0.01"), "0.01");
        assert_eq!(ok("007"), "7.00");
        assert_eq!(ok("1500"), "1500.00");
        assert_eq!(ok("9999999999999.99"), "9999999999999.99");
        assert_eq!(err("10000000000000"), "invalid `amount`: is too large");
    }

    #[test]
    fn refuses_bad_strings_naming_the_field() {
        assert_eq!(err(""), "invalid `amount`: must not be empty");
        assert_eq!(err("-1"), "invalid `amount`: must not be negative");
        assert_eq!(
            err("1.234"),
            "invalid `amount`: must have at most two decimals"
        );
        for bad in [
            "NaN", "1e5", " 1", "1 ", "+1", "1,5", ".5", "5.", "0x10", "1.2.3", "١٢",
        ] {
            assert!(
                err(bad).starts_with("invalid `amount`: must be a decimal number"),
                "{bad}: {}",
                err(bad)
            );
        }
        assert_eq!(err("100000000000000"), "invalid `amount`: is too large");
    }

    #[test]
    fn numbers_must_be_exact() {
        let f = |v: f64| Amount::from_f64("amount", v).map(Amount::to_fixed2);
        assert_eq!(f(1500.0).unwrap(), "1500.00");
        assert_eq!(f(100.5).unwrap(), "100.50");
        assert_eq!(f(100.25).unwrap(), "100.25");
        assert_eq!(f(0.75).unwrap(), "0.75");
        assert!(f(100.1)
            .unwrap_err()
            .to_string()
            .contains("pass the amount as a string"));
        assert!(f(0.01).is_err());
        assert!(f(f64::NAN).unwrap_err().to_string().contains("NaN"));
        assert!(f(-1.0).unwrap_err().to_string().contains("negative"));
        assert!(f(-0.0).is_err());
        assert!(f(f64::INFINITY).is_err());
        assert!(f(9_007_199_254_740_992.0).is_err());
    }

    #[test]
    fn plain_format_is_shortest_exact() {
        let p = |s: &str| Amount::parse("a", s).unwrap().to_plain();
        assert_eq!(p("100.00"), "100");
        assert_eq!(p("100.50"), "100.5");
        assert_eq!(p("100.05"), "100.05");
        assert_eq!(p("0"), "0");
    }

    #[test]
    fn amounts_from_outside_are_decimals_or_parse_errors_naming_the_field() {
        use serde_json::json;
        let p = super::super::Provider::Viralpay;
        let read = |v: serde_json::Value| outside_decimal(p, "data.amount", Some(&v), false, b"");
        assert_eq!(read(json!("100.50")).unwrap().as_deref(), Some("100.50"));
        assert_eq!(read(json!(1500)).unwrap().as_deref(), Some("1500"));
        assert_eq!(read(json!("")).unwrap(), None);
        assert_eq!(read(json!(null)).unwrap(), None);
        for bad in [
            json!("abc"),
            json!("string"),
            json!("1e400"),
            json!("NaN"),
            json!("-5"),
            json!([1]),
            json!(" 1"),
        ] {
            let e = read(bad.clone()).unwrap_err();
            assert_eq!(e.code(), "parse_error", "{bad}");
            assert!(e.to_string().contains("data.amount"), "{e}");
        }
        assert!(outside_decimal(p, "available", Some(&json!("-5")), true, b"").is_ok());
        assert!(!is_decimal_text("1.", false) && !is_decimal_text(".5", false));
    }
}
