//! Calendars (RFC 5545): the events briefs cover, for calendar applications to subscribe to.
//! One for the site (`/calendar.ics`) and one per region and actor
//! (`/regions/gulf/calendar.ics`), holding the events of that term's month-by-month timeline.
//!
//! Each event is one `VEVENT` linking to its brief. An event known to the day is an all-day
//! event (`DTSTART;VALUE=DATE`, with the exclusive `DTEND` the standard asks for); one known to
//! the moment keeps its time, in UTC; one known only to its month, quarter or year spans that
//! whole period as all-day dates and is marked, in its summary and in
//! `X-DOSSIER-PRECISION`, so a reader never takes "November 2025" for the 1st of November.
//! Everything is derived from the briefs, so two builds of the same site write the same bytes:
//! `UID`s are hashes of the brief's address and the event, `DTSTAMP` is the brief's last change.

use std::fmt::Write as _;

use crate::content::events::Event;
use crate::model::{Site, TaxonomyKind};
use crate::period::Precision;

/// The calendar of `events`, named `name`.
pub fn render(site: &Site, name: &str, events: &[(usize, usize)]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, &format!("PRODID:-//dossier//{}//EN", crate::view::GENERATOR));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    // UIDs are scoped to the site's host, as RFC 5545 suggests.
    let host = site.config.base_url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("dossier");
    for &(i, k) in events {
        vevent(&mut out, site, host, i, k);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// One event as a `VEVENT`.
fn vevent(out: &mut String, site: &Site, host: &str, i: usize, k: usize) {
    let b = &site.briefs[i];
    let e: &Event = &b.analysis.events[k];
    let url = crate::view::permalink(site, &b.url);
    let precision = e.time.precision();
    let uid = crate::hashing::value(&(&url, e.time.start.key(), &e.title));
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{uid:016x}@{host}"));
    let stamp = b.changed().map_or_else(|| "19700101T000000Z".to_string(), |d| utc(d.instant));
    line(out, &format!("DTSTAMP:{stamp}"));
    if precision == Precision::Time {
        line(out, &format!("DTSTART:{}", utc(e.time.start.start.instant)));
        if let Some(end) = e.time.end.as_ref().filter(|p| p.precision == Precision::Time) {
            line(out, &format!("DTEND:{}", utc(end.start.instant)));
        }
    } else {
        // All-day: DTEND is the day after the last, as RFC 5545 counts it.
        let last = e.time.last_day();
        let after = last.tomorrow().unwrap_or(last);
        line(out, &format!("DTSTART;VALUE=DATE:{}", day(e.time.first_day())));
        line(out, &format!("DTEND;VALUE=DATE:{}", day(after)));
    }
    let marked = match precision {
        Precision::Day | Precision::Time => e.title.clone(),
        _ => format!("{} ({})", e.title, e.time.display(&site.config.strings.dates)),
    };
    line(out, &format!("SUMMARY:{}", text(&marked)));
    if !matches!(precision, Precision::Day | Precision::Time) {
        line(out, &format!("X-DOSSIER-PRECISION:{}", precision.key().to_uppercase()));
    }
    let from = site.config.strings.get("calendar_from_brief", None, &[("title", &b.title), ("url", &url)]);
    line(out, &format!("DESCRIPTION:{}", text(&from)));
    line(out, &format!("URL;VALUE=URI:{url}"));
    if let Some(place) = &e.place {
        line(out, &format!("LOCATION:{}", text(place)));
    }
    let regions: Vec<String> = site.terms_of_brief(TaxonomyKind::Region, i).map(|t| text(&t.name)).collect();
    if !regions.is_empty() {
        line(out, &format!("CATEGORIES:{}", regions.join(",")));
    }
    line(out, "END:VEVENT");
}

/// A moment in UTC, as RFC 5545 writes it: `20260207T093000Z`.
fn utc(t: jiff::Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A date: `20260207`.
fn day(d: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A TEXT value escaped as RFC 5545 says: backslash, semicolon, comma and newline.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Write a content line, folded as RFC 5545 requires: no line longer than 75 octets, each
/// continuation starting with a space, never cutting a character in two; CRLF at the end.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_cutting_a_character() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "محادثات ".repeat(20)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}", "محادثات ".repeat(20)));
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
