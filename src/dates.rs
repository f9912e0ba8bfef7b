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

    /// Human-readable in `style`: its day format, month names and digits.
    pub fn display(&self, style: &DateStyle) -> String {
        style.day(self.civil)
    }
}

/// The digits numbers are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digits {
    /// 0123456789.
    #[default]
    Latin,
    /// Arabic-Indic: ٠١٢٣٤٥٦٧٨٩ (U+0660…).
    Arabic,
    /// Extended Arabic-Indic, as Persian and Urdu write them: ۰۱۲۳۴۵۶۷۸۹ (U+06F0…).
    Persian,
}

impl Digits {
    /// Read `latin`, `arabic` or `persian`.
    pub fn parse(name: &str) -> Option<Digits> {
        match name.trim().to_ascii_lowercase().as_str() {
            "latin" | "western" | "ascii" => Some(Digits::Latin),
            "arabic" | "arabic-indic" | "arab" => Some(Digits::Arabic),
            "persian" | "extended" | "arabext" => Some(Digits::Persian),
            _ => None,
        }
    }

    /// The name `parse` reads first: `latin`, `arabic` or `persian`.
    pub fn name(self) -> &'static str {
        match self {
            Digits::Latin => "latin",
            Digits::Arabic => "arabic",
            Digits::Persian => "persian",
        }
    }

    /// `text` with its ASCII digits written in these digits; nothing else changes.
    pub fn apply(self, text: &str) -> String {
        let zero = match self {
            Digits::Latin => return text.to_string(),
            Digits::Arabic => '\u{0660}',
            Digits::Persian => '\u{06F0}',
        };
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(zero as u32 + d).unwrap_or(c),
                _ => c,
            })
            .collect()
    }
}

/// How dates are written in one language: a strftime day format (site.yaml's `date_format`),
/// the names of months and weekdays, how a month and a quarter are named, and the digits.
/// strftime itself knows only English names: the names are put into the format before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateStyle {
    /// strftime format of a day (`%-d %B %Y`).
    pub format: String,
    /// strftime format of a month (`%B %Y`).
    pub month_format: String,
    /// A quarter: `{q}` its number, `{year}` its year (`Q{q} {year}`).
    pub quarter: String,
    /// January first.
    pub months: [String; 12],
    /// Abbreviated, January first.
    pub months_short: [String; 12],
    /// Monday first.
    pub weekdays: [String; 7],
    /// Abbreviated, Monday first.
    pub weekdays_short: [String; 7],
    /// The digits numbers are written with.
    pub digits: Digits,
}

impl DateStyle {
    /// English names with the day format `format`.
    pub fn english(format: &str) -> DateStyle {
        let short = |s: &str| s.chars().take(3).collect::<String>();
        let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        DateStyle {
            format: format.to_string(),
            month_format: "%B %Y".into(),
            quarter: "Q{q} {year}".into(),
            months: MONTH_NAMES.map(String::from),
            months_short: MONTH_NAMES.map(short),
            weekdays: days.map(String::from),
            weekdays_short: days.map(short),
            digits: Digits::Latin,
        }
    }

    /// A day in the day format.
    pub fn day(&self, d: Date) -> String {
        self.strftime(&self.format, d)
    }

    /// A month and its year ("November 2025").
    pub fn month(&self, d: Date) -> String {
        self.strftime(&self.month_format, d)
    }

    /// The name of month `m` (1–12).
    pub fn month_name(&self, m: i8) -> &str {
        &self.months[(m.clamp(1, 12) - 1) as usize]
    }

    /// Quarter `q` of `year` ("Q3 2025").
    pub fn quarter(&self, q: i8, year: i16) -> String {
        self.digits.apply(&self.quarter.replace("{q}", &q.to_string()).replace("{year}", &year.to_string()))
    }

    /// A year.
    pub fn year(&self, year: i16) -> String {
        self.digits.apply(&year.to_string())
    }

    /// `d` in the strftime `format`, with this style's names and digits: `%B %b %h %A %a` are
    /// replaced by the names before strftime runs (a `%` inside a name is escaped), and the
    /// digits strftime writes are converted after.
    pub fn strftime(&self, format: &str, d: Date) -> String {
        let mut f = String::with_capacity(format.len() + 16);
        let mut chars = format.chars().peekable();
        let month = (d.month() - 1) as usize;
        let weekday = (d.weekday().to_monday_zero_offset()) as usize;
        while let Some(c) = chars.next() {
            if c != '%' {
                f.push(c);
                continue;
            }
            let name = match chars.peek() {
                Some('B') => Some(&self.months[month]),
                Some('b' | 'h') => Some(&self.months_short[month]),
                Some('A') => Some(&self.weekdays[weekday]),
                Some('a') => Some(&self.weekdays_short[weekday]),
                _ => None,
            };
            match name {
                Some(n) => {
                    chars.next();
                    f.push_str(&n.replace('%', "%%"));
                }
                None => {
                    f.push('%');
                    if let Some(next) = chars.next() {
                        f.push(next);
                    }
                }
            }
        }
        let out = jiff::fmt::strtime::format(f.as_str(), d).unwrap_or_else(|_| d.to_string());
        self.digits.apply(&out)
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
        assert_eq!(utc("2026-02-07").unwrap().display(&DateStyle::english("%-d %B %Y")), "7 February 2026");
    }

    #[test]
    fn a_style_puts_its_own_names_and_digits_into_strftime() {
        let mut ar = DateStyle::english("%-d %B %Y (%a)");
        ar.months[1] = "فبراير".into();
        ar.weekdays_short[5] = "سبت 100%".into();
        ar.digits = Digits::Arabic;
        let d = utc("2026-02-07").unwrap();
        assert_eq!(d.display(&ar), "٧ فبراير ٢٠٢٦ (سبت ١٠٠%)");
        ar.digits = Digits::Persian;
        assert_eq!(ar.quarter(3, 2025), "Q۳ ۲۰۲۵");
        assert_eq!(ar.month(d.civil), "فبراير ۲۰۲۶");
        assert_eq!(DateStyle::english("%e %b, %A %%").day(d.civil), " 7 Feb, Saturday %");
    }
}
