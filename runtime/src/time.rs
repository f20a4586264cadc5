//! UTC timestamps in the `yyyy-MM-ddTHH:mm:ssZ` form the `Timestamp` parameter requires.
//!
//! Hand-written, not `time`/`chrono`/`humantime`: one fixed format from whole seconds, total
//! over every `SystemTime` (earlier than 1970 clamps), is 20 lines, not a dependency.

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
    fn system_time_and_pre_epoch() {
        let t = UNIX_EPOCH + Duration::from_millis(1_456_231_584_999);
        assert_eq!(format_timestamp(t), "2016-02-23T12:46:24Z");
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(format_timestamp(before), "1970-01-01T00:00:00Z");
        assert_eq!(now_timestamp().len(), 20);
    }
}
