//! Front matter dates: `YYYY-MM-DD` (taken at midnight in the site's time zone) or RFC 3339.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

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
    if let Ok(ts) = s.parse::<Timestamp>() {
        // Keep the author's own offset for display of the time; the calendar date is as written.
        let offset = ts.to_zoned(TimeZone::UTC);
        let iso = format_rfc3339(s, &offset, ts);
        return Ok(BriefDate { instant: ts, civil, iso });
    }
    match s.parse::<DateTime>() {
        Ok(dt) => {
            let zoned = dt.to_zoned(tz.clone()).map_err(|e| bad(format!("\"{s}\": {e}")))?;
            Ok(from_zoned(&zoned, civil))
        }
        Err(_) => Err(bad(format!("\"{s}\" is not a valid date and time"))),
    }
}

fn from_zoned(z: &Zoned, civil: Date) -> BriefDate {
    BriefDate { instant: z.timestamp(), civil, iso: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string() }
}

/// An RFC 3339 string for an instant written with an explicit offset: the author's offset is
/// kept (`+04:00`), `Z` becomes `+00:00`.
fn format_rfc3339(written: &str, _utc: &Zoned, ts: Timestamp) -> String {
    let offset = parse_offset_suffix(written).unwrap_or(jiff::tz::Offset::UTC);
    ts.to_zoned(TimeZone::fixed(offset)).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn parse_offset_suffix(s: &str) -> Option<jiff::tz::Offset> {
    if s.ends_with(['Z', 'z']) {
        return Some(jiff::tz::Offset::UTC);
    }
    let idx = s.rfind(['+', '-'])?;
    let tail = &s[idx + 1..];
    let (h, m) = tail.split_once(':').unwrap_or((tail.get(..2)?, tail.get(2..).unwrap_or("0")));
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    let secs = if s.as_bytes()[idx] == b'-' { -secs } else { secs };
    jiff::tz::Offset::from_seconds(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
