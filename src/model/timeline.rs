//! The timeline: briefs grouped by year, then month, newest first.

use crate::content::Document;

/// One month of a year, with its briefs (indices into `Site::briefs`, newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// 1 to 12.
    pub month: i8,
    /// Indices into `Site::briefs`.
    pub briefs: Vec<usize>,
}

/// One year, its months newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The calendar year.
    pub year: i16,
    /// Months that have briefs, newest first.
    pub months: Vec<Month>,
}

impl Year {
    /// Number of briefs in the year.
    pub fn count(&self) -> usize {
        self.months.iter().map(|m| m.briefs.len()).sum()
    }
}

/// Years newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Years that have briefs, newest first.
    pub years: Vec<Year>,
}

impl Timeline {
    /// Group briefs that are already sorted newest first. Grouping uses the calendar date the
    /// author wrote, so a brief dated 7 February is in February whatever its offset.
    pub fn build(briefs: &[Document]) -> Timeline {
        let mut years: Vec<Year> = Vec::new();
        for (i, b) in briefs.iter().enumerate() {
            let Some(d) = &b.date else { continue };
            let (y, m) = (d.civil.year(), d.civil.month());
            if years.last().is_none_or(|last| last.year != y) {
                years.push(Year { year: y, months: Vec::new() });
            }
            let year = years.last_mut().expect("pushed above");
            if year.months.last().is_none_or(|last| last.month != m) {
                year.months.push(Month { month: m, briefs: Vec::new() });
            }
            year.months.last_mut().expect("pushed above").briefs.push(i);
        }
        Timeline { years }
    }
}

/// How many events the home page lists as the latest.
pub const LATEST_EVENTS: usize = 5;

/// The `n` latest events of `briefs` (sorted newest first) that began by `now`, newest first
/// and on the same time by title, as `(brief, event)` indices. Events still to come (a
/// scheduled vote) are left out: the home page lists what has happened. Both the home page's
/// context and its declared inputs take them from here, so the two cannot disagree.
pub fn latest_events(briefs: &[Document], now: jiff::Timestamp, n: usize) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = briefs
        .iter()
        .enumerate()
        .flat_map(|(i, b)| b.analysis.events.iter().enumerate().map(move |(k, e)| (i, k, e)))
        .filter(|(_, _, e)| e.time.start.start.instant <= now)
        .map(|(i, k, _)| (i, k))
        .collect();
    let event = |&(i, k): &(usize, usize)| &briefs[i].analysis.events[k];
    all.sort_by(|a, b| event(b).time.cmp(&event(a).time).then_with(|| event(a).title.cmp(&event(b).title)));
    all.truncate(n);
    all
}

/// Past this many marks, the site timeline's chart draws briefs as monthly bars instead of one
/// mark each (`render::svg::timeline`).
pub const MAX_MARKS: usize = 400;

/// Whether a timeline chart with `briefs` brief marks draws them as monthly bars, which read
/// only their days: their marks need neither a date, a title nor a URL then, and the page
/// declares the briefs' days instead of their views (`Page::inputs`).
pub fn draws_bars(briefs: usize) -> bool {
    briefs > MAX_MARKS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::taxonomy::tests::brief;

    #[test]
    fn groups_by_year_and_month() {
        let tz = jiff::tz::TimeZone::UTC;
        let mut bs = Vec::new();
        for (t, d) in [("a", "2026-02-07"), ("b", "2026-02-01"), ("c", "2025-12-30"), ("d", "2025-01-02")] {
            let mut b = brief(t, &["Gulf"]);
            b.date = Some(crate::dates::parse(d, &tz).unwrap());
            bs.push(b);
        }
        let tl = Timeline::build(&bs);
        assert_eq!(tl.years.len(), 2);
        assert_eq!(tl.years[0].year, 2026);
        assert_eq!(tl.years[0].months[0].briefs, [0, 1]);
        assert_eq!(tl.years[1].months.iter().map(|m| m.month).collect::<Vec<_>>(), [12, 1]);
        assert_eq!(tl.years[1].count(), 2);
    }
}
