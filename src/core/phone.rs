//! Phone numbers (the digits-only form the providers expect) and the shape of an e-mail address.

use super::error::Error;

/// Whether `s` has an e-mail address's shape: a non-empty name, an '@', a dotted domain that neither starts nor
/// ends with the dot, no blank anywhere. The one rule of the providers that take addresses (CinetPay's contacts,
/// MoMo's EMAIL party); each names its own field and words, and may add its own (MoMo: one '@' only).
pub fn is_email_address(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The digits of a phone number written by a person, or `None` when the text has anything but digits, spaces,
/// dots, hyphens, parentheses and one leading `+`, or when a country code after `+`/`00` starts with 0. An international `00` prefix is dropped, as is the `+`; a
/// leading `0` of a local number is kept (some operators want it).
pub fn phone_digits(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let (plus, body) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut digits = String::with_capacity(body.len());
    for c in body.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
            _ => return None,
        }
    }
    // After `+` or `00` comes a country code, which never starts with 0; this also keeps the result from
    // starting with "00", so normalising twice changes nothing.
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match international {
        Some(rest) if rest.starts_with('0') => None,
        Some(rest) => Some(rest.to_string()),
        None => Some(digits),
    }
}

/// Normalises a phone number written by a person to digits only: `"+225 07 05 14 56 55"` → `"2250705145655"`
/// (see [`phone_digits`]); anything else, an empty number, or more than 15 digits is an error naming `field`.
pub fn normalize_phone(field: &str, input: &str) -> Result<String, Error> {
    let digits = phone_digits(input).ok_or_else(|| {
        Error::validation(
            field,
            "must be a phone number: digits, with optional spaces, dots, hyphens, parentheses and a leading +",
        )
    })?;
    if digits.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if digits.len() > 15 {
        return Err(Error::validation(
            field,
            "has more than 15 digits (E.164 allows at most 15)",
        ));
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_written_numbers() {
        assert_eq!(
            normalize_phone("phone", "+225 07 05 14 56 55").unwrap(),
            "2250705145655"
        );
        assert_eq!(
            normalize_phone("phone", "00237-6-99-00-00-00").unwrap(),
            "237699000000"
        );
        assert_eq!(
            normalize_phone("phone", "(0800) 000.000").unwrap(),
            "0800000000"
        );
        assert_eq!(
            normalize_phone("phone", "2250705145655").unwrap(),
            "2250705145655"
        );
    }

    #[test]
    fn is_idempotent() {
        for s in ["+225 07 05 14 56 55", "0800000000", "00 243 999"] {
            let once = normalize_phone("p", s).unwrap();
            assert_eq!(normalize_phone("p", &once).unwrap(), once);
        }
    }

    #[test]
    fn refuses_garbage_naming_the_field() {
        let e = normalize_phone("customer_id", "+225 07 ab").unwrap_err();
        assert_eq!(e.field(), Some("customer_id"));
        assert!(normalize_phone("p", "").is_err());
        assert!(normalize_phone("p", "+").is_err());
        assert!(normalize_phone("p", "1234567890123456").is_err());
        // E.164 allows at most 15 digits: 15 are a number.
        assert_eq!(
            normalize_phone("p", "+123 456 789 012 345").unwrap(),
            "123456789012345"
        );
        // Found by proptest: "0-0" has the digits "00", an empty international prefix, not a number.
        assert!(normalize_phone("p", "0-0").is_err());
        assert!(normalize_phone("p", "+00").is_err());
        assert!(normalize_phone("p", "000123").is_err());
        assert_eq!(normalize_phone("p", "0-0237").unwrap(), "237");
    }
}
