//! Front matter dates: `YYYY-MM-DD` (taken at midnight in the site's time zone) or RFC 3339.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// The months' English names, January first: for the timelines and for reading other
/// generators' permalinks.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A validated date from front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefDate {
    /// The instant, for ordering and feeds.
    pub instant: Timestamp,
    /// The calendar date as the author wrote it, for display and timeline grouping.
    pub civil: Date,
    /// RFC 3339 with offset (`2026-02-07T00:00:00+04:00`).
    pub iso: String,
}

impl BriefDate {
    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        self.civil.to_string()
    }

    /// Human-readable with a strftime `format` validated at config time.
    pub fn display(&self, format: &str) -> String {
        jiff::fmt::strtime::format(format, self.civil).unwrap_or_else(|_| self.ymd())
    }
}

/// Why a date was refused: a message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong.
    pub message: String,
    /// How to write it instead.
    pub hint: String,
}

const HINT: &str = "write dates as YYYY-MM-DD (2026-02-07) or RFC 3339 (2026-02-07T09:30:00+04:00)";

/// Parse a front matter date; dates without an offset are taken in `tz`.
pub fn parse(text: &str, tz: &TimeZone) -> Result<BriefDate, DateError> {
    let s = text.trim();
    let bad = |message: String| DateError { message, hint: HINT.to_string() };
    let b = s.as_bytes();
    let shaped = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !shaped {
        return Err(bad(format!("\"{s}\" is not a date")));
    }
    let year: i16 = s[..4].parse().unwrap_or(0);
    let month: i8 = s[5..7].parse().unwrap_or(0);
    let day: i8 = s[8..10].parse().unwrap_or(0);
    if year < 1 {
        return Err(bad(format!("\"{s}\": year {year} is out of range (1 to 9999)")));
    }
    if !(1..=12).contains(&month) {
        return Err(bad(format!("\"{s}\": there is no month {month}")));
    }
    let first = Date::new(year, month, 1).map_err(|e| bad(format!("\"{s}\": {e}")))?;
    let days = first.days_in_month();
    if day < 1 || day > days {
        let month_name = jiff::fmt::strtime::format("%B %Y", first).unwrap_or_default();
        return Err(bad(format!("\"{s}\" is not a real date: {month_name} has {days} days")));
    }
    let civil = Date::new(year, month, day).map_err(|e| bad(format!("\"{s}\": {e}")))?;
    if s.len() == 10 {
        let zoned = civil.to_zoned(tz.clone()).map_err(|e| bad(format!("\"{s}\": {e}")))?;
        return Ok(from_zoned(&zoned, civil));
    }
    let rest = &s[10..];
    if !(rest.starts_with('T') || rest.starts_with('t') || rest.starts_with(' ')) {
        return Err(bad(format!("\"{s}\" has unexpected text after the date")));
    }
    let Some((time, offset)) = time_of_day(rest[1..].trim_start()) else {
        return Err(bad(format!("\"{s}\" is not a valid date and time")));
    };
    let dt = DateTime::from_parts(civil, time);
    match offset {
        // The author's own offset is kept for display of the time; the calendar date is as written.
        Some(offset) => {
            let zoned = dt.to_zoned(TimeZone::fixed(offset)).map_err(|e| bad(format!("\"{s}\": {e}")))?;
            let iso = zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
            Ok(BriefDate { instant: zoned.timestamp(), civil, iso })
        }
        None => {
            let zoned = dt.to_zoned(tz.clone()).map_err(|e| bad(format!("\"{s}\": {e}")))?;
            Ok(from_zoned(&zoned, civil))
        }
    }
}

/// A time of day and an optional offset, in every form Hugo and Jekyll read: `9:30`, `09:30:00`,
/// `11:00:28.5`, then nothing, `Z`, `+04:00`, `-0400` or `+04`, with or without a space before
/// the offset (`2015-01-02 11:00:28 -0400`, Jekyll's own form).
fn time_of_day(s: &str) -> Option<(jiff::civil::Time, Option<jiff::tz::Offset>)> {
    let (clock, zone) = match s.find(['Z', 'z', '+', '-', ' ']) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    };
    let mut parts = clock.split(':');
    let number = |p: Option<&str>, most: usize| -> Option<i8> {
        let p = p?;
        (!p.is_empty() && p.len() <= most && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let hour = number(parts.next(), 2)?;
    let minute = parts.next().filter(|m| m.len() == 2).and_then(|m| number(Some(m), 2))?;
    let (second, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            if whole.len() != 2 || !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 9 {
                return None;
            }
            let nanos = if frac.is_empty() { 0 } else { format!("{frac:0<9}").parse().ok()? };
            (number(Some(whole), 2)?, nanos)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    let time = jiff::civil::Time::new(hour, minute, second, nanos).ok()?;
    let offset = match zone {
        "" => None,
        "Z" | "z" => Some(jiff::tz::Offset::UTC),
        z => Some(offset(z)?),
    };
    Some((time, offset))
}

/// `+04:00`, `-0400`, `+04` or `-4` as an offset from UTC.
fn offset(z: &str) -> Option<jiff::tz::Offset> {
    let sign = match z.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(digits.len(), 1 | 2 | 4)
        || z[1..].matches(':').count() > 1
    {
        return None;
    }
    // `-4` (YAML 1.1's own example writes `-5`), `-04`, `-0400`, `-04:00`.
    let hour_digits = if digits.len() == 4 { 2 } else { digits.len() };
    let h: i32 = digits[..hour_digits].parse().ok()?;
    let m: i32 = digits.get(hour_digits..).filter(|m| !m.is_empty()).map_or(Some(0), |m| m.parse().ok())?;
    if h > 23 || m > 59 {
        return None;
    }
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

fn from_zoned(z: &Zoned, civil: Date) -> BriefDate {
    BriefDate { instant: z.timestamp(), civil, iso: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_hugo_and_jekyll_read_are_read() {
        let utc = TimeZone::UTC;
        let iso = |s: &str| parse(s, &utc).map(|d| d.iso).unwrap_or_else(|e| panic!("{s}: {}", e.message));
        assert_eq!(iso("2015-01-02 11:00:28 -0400"), "2015-01-02T11:00:28-04:00");
        assert_eq!(iso("2014-02-26 8:42:30 -0400"), "2014-02-26T08:42:30-04:00");
        assert_eq!(iso("2014-02-26 08:42:30-04:00"), "2014-02-26T08:42:30-04:00");
        assert_eq!(iso("2014-02-26T08:42:30Z"), "2014-02-26T08:42:30+00:00");
        assert_eq!(iso("2014-02-26 08:42 +0530"), "2014-02-26T08:42:00+05:30");
        assert_eq!(iso("2014-02-26 08:42:30.250 +02"), "2014-02-26T08:42:30+02:00");
        assert_eq!(iso("2014-02-26 08:42"), "2014-02-26T08:42:00+00:00");
        assert_eq!(iso("2015-03-17 14:00:00 -4"), "2015-03-17T14:00:00-04:00");
        assert_eq!(iso("  2014-02-26T08:42:30+04:00  "), "2014-02-26T08:42:30+04:00");
        let instant = parse("2015-01-02 11:00:28 -0400", &utc).unwrap().instant;
        assert_eq!(instant.to_string(), "2015-01-02T15:00:28Z");
        for bad in
            ["2014-02-26 25:00", "2014-02-26 8:7", "2014-02-26 08:42 +25", "2014-02-26 08:42 EST", "2014-02-26 noon"]
        {
            assert_eq!(
                parse(bad, &utc).unwrap_err().message,
                format!("\"{bad}\" is not a valid date and time"),
                "{bad}"
            );
        }
    }

    fn utc(s: &str) -> Result<BriefDate, DateError> {
        parse(s, &TimeZone::UTC)
    }

    #[test]
    fn plain_dates_are_midnight_in_the_site_zone() {
        let d = utc("2026-02-07").unwrap();
        assert_eq!(d.iso, "2026-02-07T00:00:00+00:00");
        let muscat = TimeZone::fixed(jiff::tz::Offset::from_hours(4).unwrap());
        let d = parse("2026-02-07", &muscat).unwrap();
        assert_eq!(d.iso, "2026-02-07T00:00:00+04:00");
        assert_eq!(d.instant.to_string(), "2026-02-06T20:00:00Z");
    }

    #[test]
    fn rfc3339_keeps_its_offset_and_calendar_date() {
        let d = utc("2026-02-07T23:30:00-05:00").unwrap();
        assert_eq!(d.ymd(), "2026-02-07");
        assert_eq!(d.iso, "2026-02-07T23:30:00-05:00");
        assert_eq!(utc("2026-02-07T10:00:00Z").unwrap().iso, "2026-02-07T10:00:00+00:00");
    }

    #[test]
    fn impossible_dates_say_why() {
        let e = utc("2026-02-30").unwrap_err();
        assert!(e.message.contains("February 2026 has 28 days"), "{e:?}");
        assert!(utc("2024-02-29").is_ok());
        assert!(utc("2026-13-01").unwrap_err().message.contains("no month 13"));
        assert!(utc("0000-01-01").unwrap_err().message.contains("out of range"));
        assert!(utc("yesterday").is_err());
        assert!(utc("2026-02-07 oops").is_err());
    }

    #[test]
    fn display_uses_the_format() {
        assert_eq!(utc("2026-02-07").unwrap().display("%-d %B %Y"), "7 February 2026");
    }
}
