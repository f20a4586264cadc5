//! UTC timestamps in the `yyyy-MM-ddTHH:mm:ssZ` form the `Timestamp` parameter requires, and
//! the `Expiration` of temporary credentials comes in.
//!
//! Hand-written, not `time`/`chrono`/`humantime`: one fixed format from whole seconds, total
//! over every `SystemTime` (earlier than 1970 clamps), is 20 lines each way, not a dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// Formats `time` as `yyyy-MM-ddTHH:mm:ssZ` (UTC, whole seconds). Times before 1970 clamp to the epoch.
pub fn format_timestamp(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_unix_seconds(secs)
}

/// The current time formatted by [`format_timestamp`].
pub fn now_timestamp() -> String {
    format_timestamp(SystemTime::now())
}

/// Formats seconds since the Unix epoch as `yyyy-MM-ddTHH:mm:ssZ`.
pub fn format_unix_seconds(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Parses `yyyy-MM-ddTHH:mm:ssZ` (UTC, exactly that shape); `None` for anything else,
/// including dates before 1970 and out-of-range fields.
pub fn parse_timestamp(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u64> {
        let digits = text.get(range)?;
        if !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let february = if leap { 29 } else { 28 };
    let month_days = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let valid = year >= 1970
        && (1..=12).contains(&month)
        && day >= 1
        && month_days
            .get(month.saturating_sub(1) as usize)
            .is_some_and(|&d| day <= d)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date from 1970 on (Howard Hinnant's
/// `days_from_civil`, the inverse of [`civil_from_days`]).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y % 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day)
/// (Howard Hinnant's `civil_from_days`, restricted to non-negative day counts).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn known_instants() {
        assert_eq!(format_unix_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_unix_seconds(1_456_231_584), "2016-02-23T12:46:24Z");
        assert_eq!(format_unix_seconds(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(format_unix_seconds(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_unix_seconds(4_102_444_800), "2100-01-01T00:00:00Z");
    }

    #[test]
    fn parse_is_the_inverse_of_format() {
        for secs in [0, 951_782_400, 1_456_231_584, 1_709_251_199, 4_102_444_800] {
            let text = format_unix_seconds(secs);
            assert_eq!(
                parse_timestamp(&text),
                Some(UNIX_EPOCH + Duration::from_secs(secs)),
                "{text}"
            );
        }
        for bad in [
            "",
            "2016-02-23T12:46:24",
            "2016-02-23 12:46:24Z",
            "2016-02-23T12:46:24.5Z",
            "2016-13-01T00:00:00Z",
            "2015-02-29T00:00:00Z",
            "2016-02-23T24:00:00Z",
            "1969-12-31T23:59:59Z",
            "+016-02-23T12:46:24Z",
            "2é6-02-23T12:46:24Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn system_time_and_pre_epoch() {
        let t = UNIX_EPOCH + Duration::from_millis(1_456_231_584_999);
        assert_eq!(format_timestamp(t), "2016-02-23T12:46:24Z");
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(format_timestamp(before), "1970-01-01T00:00:00Z");
        assert_eq!(now_timestamp().len(), 20);
    }
}
