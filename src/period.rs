//! Event time: when something happened, as precisely as it is known. An analyst often knows
//! only the month (`2025-11`), the quarter (`2025-Q3`) or the year (`2025`) of an event, and
//! an event may last (`end`). A `Period` is one such written time; an `EventTime` is a start
//! and an optional end. Both order sensibly (by start, the coarser first on the same start)
//! and say themselves in words ("7–9 February 2026", "November 2025 – January 2026"). No
//! knowledge of a site: the time zone and the day format are given.

use std::cmp::Ordering;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::dates::{self, BriefDate, DateError, DateStyle};

/// The day format dossier uses by default (site.yaml's `date_format`); with it, ranges share
/// their month and year ("7–9 February 2026").
pub const DAY_MONTH_YEAR: &str = "%-d %B %Y";

/// How precisely a time is known, coarsest first (the order of `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A calendar year: `2025`.
    Year,
    /// A calendar quarter: `2025-Q3` (July to September).
    Quarter,
    /// A calendar month: `2025-11`.
    Month,
    /// A day: `2026-02-07`.
    Day,
    /// A moment: a day and a time of day (`2026-02-07T09:30:00+04:00`), shown as its day.
    Time,
}

impl Precision {
    /// The word for it: `year`, `quarter`, `month`, `day`, `time`.
    pub fn key(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Quarter => "quarter",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Time => "time",
        }
    }
}

/// One written time: a year, a quarter, a month, a day or a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Its first moment: midnight of its first day in the site's time zone, or the moment
    /// written for a date and time. `start.civil` is its first day.
    pub start: BriefDate,
    /// Which of the forms was written.
    pub precision: Precision,
}

/// How to write a period, for errors.
pub const HINT: &str = "write a day (2026-02-07), a month (2025-11), a quarter (2025-Q3) or a year (2025)";

impl Period {
    /// Read `text` as a period; a day without an offset, and the first day of a longer period,
    /// are taken at midnight in `tz`.
    pub fn parse(text: &str, tz: &TimeZone) -> Result<Period, DateError> {
        let s = text.trim();
        let b = s.as_bytes();
        let bad = |message: String| DateError { message, hint: HINT.to_string() };
        let year_digits = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
        let first = |y: &str, m: i8, precision: Precision| -> Result<Period, DateError> {
            let year: i16 = y.parse().unwrap_or(0);
            if year < 1 {
                return Err(bad(format!("\"{s}\": year {year} is out of range (1 to 9999)")));
            }
            let day = format!("{year:04}-{m:02}-01");
            Ok(Period { start: dates::parse(&day, tz).map_err(|e| bad(e.message))?, precision })
        };
        match b.len() {
            4 if year_digits => first(s, 1, Precision::Year),
            7 if year_digits && b[4] == b'-' && matches!(b[5], b'Q' | b'q') => match b[6] {
                q @ b'1'..=b'4' => first(&s[..4], 1 + 3 * (q - b'1') as i8, Precision::Quarter),
                _ => Err(bad(format!("\"{s}\": there is no quarter {}", &s[6..]))),
            },
            7 if year_digits && b[4] == b'-' && b[5..].iter().all(u8::is_ascii_digit) => {
                let month: i8 = s[5..].parse().unwrap_or(0);
                if !(1..=12).contains(&month) {
                    return Err(bad(format!("\"{s}\": there is no month {month}")));
                }
                first(&s[..4], month, Precision::Month)
            }
            _ => {
                let start = dates::parse(s, tz).map_err(|e| bad(e.message))?;
                let precision = if s.len() == 10 { Precision::Day } else { Precision::Time };
                Ok(Period { start, precision })
            }
        }
    }

    /// Its first day.
    pub fn first_day(&self) -> Date {
        self.start.civil
    }

    /// Its last day (the day itself for a day or a moment).
    pub fn last_day(&self) -> Date {
        let d = self.start.civil;
        let months = match self.precision {
            Precision::Day | Precision::Time => return d,
            Precision::Month => 1,
            Precision::Quarter => 3,
            Precision::Year => 12,
        };
        d.checked_add(jiff::Span::new().months(months))
            .and_then(|next| next.yesterday())
            .unwrap_or_else(|_| d.last_of_year())
    }

    /// The quarter, 1 to 4, its first day is in.
    fn quarter(&self) -> i8 {
        (self.start.civil.month() - 1) / 3 + 1
    }

    /// As written in the canonical form: `2025`, `2025-Q3`, `2025-11`, `2026-02-07`, or the
    /// moment in RFC 3339. Also a valid HTML `datetime` for every form but the quarter,
    /// which `html_datetime` gives.
    pub fn key(&self) -> String {
        let d = self.start.civil;
        match self.precision {
            Precision::Year => format!("{:04}", d.year()),
            Precision::Quarter => format!("{:04}-Q{}", d.year(), self.quarter()),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Day => d.to_string(),
            Precision::Time => self.start.iso.clone(),
        }
    }

    /// A value for HTML's `<time datetime>`: the key, a quarter given as its first month.
    pub fn html_datetime(&self) -> String {
        match self.precision {
            Precision::Quarter => format!("{:04}-{:02}", self.start.civil.year(), self.start.civil.month()),
            _ => self.key(),
        }
    }

    /// In words, in `style`: a day (or moment) in its day format, "November 2025", "Q3 2025",
    /// "2025".
    pub fn display(&self, style: &DateStyle) -> String {
        let d = self.start.civil;
        match self.precision {
            Precision::Day | Precision::Time => self.start.display(style),
            Precision::Month => style.month(d),
            Precision::Quarter => style.quarter(self.quarter(), d.year()),
            Precision::Year => style.year(d.year()),
        }
    }

    /// The same period, whatever instant or offset it was written with.
    fn same_as(&self, other: &Period) -> bool {
        self.precision == other.precision && self.start.civil == other.start.civil
    }
}

/// When an event happened: its start, and its end when it lasted. Ordered by start, then by
/// precision (the coarser first: "November 2025" before "3 November 2025"), then by end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTime {
    /// When it began, as precisely as known.
    pub start: Period,
    /// When it ended, if it lasted: never before `start` (`EventTime::new` refuses it), and
    /// never the same period as `start` (that is no range, and is left out).
    pub end: Option<Period>,
}

impl EventTime {
    /// `start` to `end`; an error message when `end` comes before `start` (it starts before
    /// `start` starts, or ends before `start` ends).
    pub fn new(start: Period, end: Option<Period>) -> Result<EventTime, String> {
        let end = end.filter(|e| !e.same_as(&start));
        if let Some(e) = &end
            && (e.start.instant < start.start.instant || e.last_day() < start.last_day())
        {
            return Err(format!("its `end` ({}) comes before its `date` ({})", e.key(), start.key()));
        }
        Ok(EventTime { start, end })
    }

    /// How precisely the start is known.
    pub fn precision(&self) -> Precision {
        self.start.precision
    }

    /// The first day it covers.
    pub fn first_day(&self) -> Date {
        self.start.first_day()
    }

    /// The last day it covers: the end's last day, or the start's when it has no end.
    pub fn last_day(&self) -> Date {
        self.end.as_ref().unwrap_or(&self.start).last_day()
    }

    /// The year and month it is filed under in month-by-month lists: its first.
    pub fn first_month(&self) -> (i16, i8) {
        (self.start.start.civil.year(), self.start.start.civil.month())
    }

    /// A value for HTML's `<time datetime>`: the start's (a range's end has its own element
    /// where a template wants one).
    pub fn html_datetime(&self) -> String {
        self.start.html_datetime()
    }

    /// In words, in `style` (its day format for days): "7 February 2026", "Q3 2025", and for ranges
    /// "7–9 February 2026", "7 February – 3 March 2026", "November 2025 – January 2026",
    /// "Q3–Q4 2025", "2024–2025". Parts are shared only with the default day format
    /// (`DAY_MONTH_YEAR`), for months named as "%B %Y", quarters named as "Q{q} {year}" and
    /// for years; otherwise both ends are written whole, joined by a spaced en dash.
    pub fn display(&self, style: &DateStyle) -> String {
        let (a, b) = match &self.end {
            None => return self.start.display(style),
            Some(end) => (&self.start, end),
        };
        let (da, db) = (a.start.civil, b.start.civil);
        let same_year = da.year() == db.year();
        let whole = || format!("{} – {}", a.display(style), b.display(style));
        let day = |p: Precision| matches!(p, Precision::Day | Precision::Time);
        match (a.precision, b.precision) {
            (pa, pb) if day(pa) && day(pb) => {
                if style.format != DAY_MONTH_YEAR || !same_year {
                    whole()
                } else if da.month() == db.month() {
                    format!("{}–{}", style.digits.apply(&da.day().to_string()), style.day(db))
                } else {
                    format!("{} – {}", style.strftime("%-d %B", da), style.day(db))
                }
            }
            (Precision::Month, Precision::Month) if same_year && style.month_format == "%B %Y" => {
                format!("{}–{}", style.strftime("%B", da), style.month(db))
            }
            (Precision::Quarter, Precision::Quarter) if same_year && style.quarter == "Q{q} {year}" => {
                style.digits.apply(&format!("Q{}–Q{} {}", a.quarter(), b.quarter(), db.year()))
            }
            (Precision::Year, Precision::Year) => format!("{}–{}", style.year(da.year()), style.year(db.year())),
            _ => whole(),
        }
    }
}

impl Ord for EventTime {
    fn cmp(&self, other: &Self) -> Ordering {
        let end = |t: &EventTime| t.end.as_ref().map(|e| (e.start.instant, e.precision));
        self.start
            .start
            .instant
            .cmp(&other.start.start.instant)
            .then(self.start.precision.cmp(&other.start.precision))
            .then_with(|| end(self).cmp(&end(other)))
    }
}

impl PartialOrd for EventTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s, &TimeZone::UTC).unwrap_or_else(|e| panic!("{s}: {}", e.message))
    }

    fn t(a: &str, b: Option<&str>) -> EventTime {
        EventTime::new(p(a), b.map(p)).expect("a valid range")
    }

    #[test]
    fn every_form_is_read_with_its_precision_and_bounds() {
        let cases = [
            ("2025", Precision::Year, "2025-01-01", "2025-12-31", "2025"),
            ("2025-Q3", Precision::Quarter, "2025-07-01", "2025-09-30", "Q3 2025"),
            ("2025-q1", Precision::Quarter, "2025-01-01", "2025-03-31", "Q1 2025"),
            ("2024-02", Precision::Month, "2024-02-01", "2024-02-29", "February 2024"),
            ("2026-02-07", Precision::Day, "2026-02-07", "2026-02-07", "7 February 2026"),
            ("2026-02-07T09:30:00+04:00", Precision::Time, "2026-02-07", "2026-02-07", "7 February 2026"),
        ];
        for (text, precision, first, last, shown) in cases {
            let got = p(text);
            assert_eq!(got.precision, precision, "{text}");
            assert_eq!((got.first_day().to_string(), got.last_day().to_string()), (first.into(), last.into()));
            assert_eq!(got.display(&DateStyle::english(DAY_MONTH_YEAR)), shown, "{text}");
        }
        assert_eq!(p("2025-q3").key(), "2025-Q3");
        assert_eq!(p("2025-Q3").html_datetime(), "2025-07");
    }

    #[test]
    fn impossible_periods_say_why() {
        let err = |s: &str| Period::parse(s, &TimeZone::UTC).unwrap_err().message;
        assert!(err("2025-Q5").contains("no quarter 5"));
        assert!(err("2025-13").contains("no month 13"));
        assert!(err("0000").contains("out of range"));
        assert!(err("2026-02-30").contains("28 days"));
        assert!(err("soon").contains("not a date"));
    }

    #[test]
    fn ranges_share_what_they_can() {
        let f = DateStyle::english(DAY_MONTH_YEAR);
        assert_eq!(t("2026-02-07", Some("2026-02-09")).display(&f), "7–9 February 2026");
        assert_eq!(t("2026-02-07", Some("2026-03-03")).display(&f), "7 February – 3 March 2026");
        assert_eq!(t("2025-12-30", Some("2026-01-02")).display(&f), "30 December 2025 – 2 January 2026");
        assert_eq!(t("2025-11", Some("2026-01")).display(&f), "November 2025 – January 2026");
        assert_eq!(t("2025-11", Some("2025-12")).display(&f), "November–December 2025");
        assert_eq!(t("2025-Q3", Some("2025-Q4")).display(&f), "Q3–Q4 2025");
        assert_eq!(t("2024", Some("2025")).display(&f), "2024–2025");
        assert_eq!(t("2025-11", Some("2026-01-15")).display(&f), "November 2025 – 15 January 2026");
        // Another day format: both ends whole.
        assert_eq!(
            t("2026-02-07", Some("2026-02-09")).display(&DateStyle::english("%Y-%m-%d")),
            "2026-02-07 – 2026-02-09"
        );
        // An end that is the start is no range.
        assert_eq!(t("2025-11", Some("2025-11")).end, None);
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        assert!(EventTime::new(p("2026-02-07"), Some(p("2026-02-06"))).is_err());
        assert!(EventTime::new(p("2025-Q3"), Some(p("2025-08"))).is_err(), "ends before the quarter ends");
        assert!(EventTime::new(p("2025-11-15"), Some(p("2025-11"))).is_err(), "starts before the start");
        assert!(EventTime::new(p("2025-11"), Some(p("2025-11-30"))).is_ok());
    }

    #[test]
    fn events_order_by_start_then_coarser_first_then_end() {
        let mut v = [
            t("2025-11-03", None),
            t("2025-11", Some("2025-12")),
            t("2025", None),
            t("2025-11", None),
            t("2025-Q4", None),
            t("2024-12-31", None),
        ];
        v.sort();
        let keys: Vec<String> = v.iter().map(|e| e.display(&DateStyle::english(DAY_MONTH_YEAR))).collect();
        assert_eq!(
            keys,
            ["31 December 2024", "2025", "Q4 2025", "November 2025", "November–December 2025", "3 November 2025"]
        );
        assert_eq!(t("2025-Q4", None).first_month(), (2025, 10));
    }
}
