//! `Retry-After` (RFC 9110 §10.2.3): the wait an answer asks for, as delay-seconds or an HTTP-date, in
//! milliseconds from a clock reading the caller passes. Pure: the retry policy (`client::retry`) and the
//! providers' error mapping (a `rate_limited` error carries the wait) both read it.

use crate::core::HttpResponse;

/// The wait an answer's `Retry-After` header asks for, in ms from `now_ms` (see [`parse_retry_after`]).
pub fn retry_after_of(resp: &HttpResponse, now_ms: u64) -> Option<u64> {
    resp.header("retry-after")
        .and_then(|v| parse_retry_after(v, now_ms))
}

/// Reads a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    let at = parse_http_date(v)?;
    Some(at.saturating_sub(now_ms))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix milliseconds.
pub fn parse_http_date(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    if parts.len() != 6 || parts[5] != "GMT" {
        return None;
    }
    let day: u64 = parts[1].parse().ok()?;
    let month = match parts[2] {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    // year = 4DIGIT (RFC 9110 §5.6.7): a longer one would overflow the day arithmetic below.
    if parts[3].len() != 4 {
        return None;
    }
    let year: i64 = parts[3].parse().ok()?;
    let hms: Vec<u64> = parts[4].split(':').filter_map(|x| x.parse().ok()).collect();
    if hms.len() != 3 || hms[0] > 23 || hms[1] > 59 || hms[2] > 60 || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    if days < 0 {
        return None;
    }
    Some(((days as u64) * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        // RFC 9110 §5.6.7's example date: Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s.
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        assert_eq!(parse_retry_after("120", 0), Some(120_000));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", 784_111_777_000),
            Some(10_000)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
    }

    #[test]
    fn dates_around_the_epoch_and_leap_days() {
        // Expected values from GNU `date -u -d ... +%s`, in ms.
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 00:00:00 GMT"),
            Some(1_582_934_400_000)
        );
        assert_eq!(
            parse_http_date("Thu, 31 Dec 2099 23:59:59 GMT"),
            Some(4_102_444_799_000)
        );
        assert_eq!(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT"), None);
        assert_eq!(parse_http_date(""), None);
    }

    #[test]
    fn the_header_is_read_from_the_answer() {
        let limited = HttpResponse::new(429, "").with_header("Retry-After", " 7 ");
        assert_eq!(retry_after_of(&limited, 123), Some(7_000));
        assert_eq!(retry_after_of(&HttpResponse::new(429, ""), 0), None);
        // A date already past asks for no wait at all.
        let past =
            HttpResponse::new(503, "").with_header("retry-after", "Thu, 01 Jan 1970 00:00:10 GMT");
        assert_eq!(retry_after_of(&past, 60_000), Some(0));
    }

    #[test]
    fn every_month_is_read() {
        // The first of each month of 2021, from GNU `date -u -d 2021-MM-01 +%s`, in s.
        let firsts = [
            ("Jan", 1_609_459_200),
            ("Feb", 1_612_137_600),
            ("Mar", 1_614_556_800),
            ("Apr", 1_617_235_200),
            ("May", 1_619_827_200),
            ("Jun", 1_622_505_600),
            ("Jul", 1_625_097_600),
            ("Aug", 1_627_776_000),
            ("Sep", 1_630_454_400),
            ("Oct", 1_633_046_400),
            ("Nov", 1_635_724_800),
            ("Dec", 1_638_316_800),
        ];
        for (month, secs) in firsts {
            // The weekday is not checked (RFC 9110 leaves it redundant): "Mon" for all.
            let date = format!("Mon, 01 {month} 2021 00:00:00 GMT");
            assert_eq!(parse_http_date(&date), Some(secs * 1000), "{date}");
        }
        assert_eq!(parse_http_date("Mon, 01 Foo 2021 00:00:00 GMT"), None);
    }

    #[test]
    fn the_time_of_day_is_00_00_00_to_23_59_60() {
        // RFC 9110 §5.6.7: time-of-day 00:00:00 - 23:59:60 (a leap second: the next second in Unix time,
        // 2017-01-01T00:00:00Z = 1483228800 s after the one at the end of 2016).
        assert_eq!(
            parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT"),
            Some(1_483_228_800_000)
        );
        for bad in [
            "Sat, 31 Dec 2016 23:60:00 GMT",
            "Sat, 31 Dec 2016 23:59:61 GMT",
            "Sat, 00 Dec 2016 23:59:59 GMT",
            "Sat, 32 Dec 2016 23:59:59 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_year_is_four_digits() {
        // year = 4DIGIT (RFC 9110 §5.6.7). A header from anywhere may say anything: no overflow, just no date.
        assert_eq!(
            parse_http_date("Sun, 06 Nov 99999999999999 08:49:37 GMT"),
            None
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 94 08:49:37 GMT"), None);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 9223372036854775807 08:49:37 GMT", 0),
            None
        );
    }
}
