//! The month-by-month timeline of a region or an actor ("what happened in the Gulf, month by
//! month", as CrisisWatch writes it): the events dated in each month and the briefs published
//! in it, newest month first. Made once per model for every region and actor, so that its
//! pages (`Page::TermTimeline`) and their declared inputs read one slice of it each.
//!
//! Which events a term's timeline shows: those of the briefs filed under it that happened
//! there or with it. An event with a `place` is shown on that region's timeline only, one
//! without on every region of its brief; an event with `actors` on those actors' timelines
//! only, one without on every actor of its brief. An event known only to the month, quarter
//! or year is filed under its first month.

use std::cmp::Reverse;

use crate::content::Document;
use crate::model::{Taxonomy, TaxonomyKind};

/// One line of a term's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    /// Event `k` of brief `i` (indices into `Site::briefs` and its `analysis.events`).
    Event(usize, usize),
    /// Brief `i`, in the month it was published.
    Brief(usize),
}

impl Entry {
    /// The brief it comes from.
    pub fn brief(self) -> usize {
        match self {
            Entry::Event(i, _) | Entry::Brief(i) => i,
        }
    }
}

/// One month of a term's timeline: where its entries are, and how many of each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// The calendar year.
    pub year: i16,
    /// 1 to 12.
    pub month: i8,
    /// Its entries: `Chronicle::entries[entries]`, events first (newest first), then briefs.
    pub entries: std::ops::Range<usize>,
    /// How many of them are events.
    pub events: usize,
}

/// One term's timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chronicle {
    /// Every entry, newest month first.
    pub entries: Vec<Entry>,
    /// The months that have entries, newest first.
    pub months: Vec<Month>,
}

impl Chronicle {
    /// The months with an entry in `range` (of `entries`), newest first.
    pub fn months_in(&self, range: std::ops::Range<usize>) -> &[Month] {
        let from = self.months.partition_point(|m| m.entries.end <= range.start);
        let to = self.months.partition_point(|m| m.entries.start < range.end);
        &self.months[from..to.max(from)]
    }
}

/// The timelines of every region and actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chronicles {
    regions: Vec<Chronicle>,
    actors: Vec<Chronicle>,
}

/// True for the taxonomies whose terms have a month-by-month timeline: regions and actors
/// (a tag says what a brief is about, not where or who, so its events are not its own).
pub fn has_timeline(kind: TaxonomyKind) -> bool {
    matches!(kind, TaxonomyKind::Region | TaxonomyKind::Actors)
}

impl Chronicles {
    /// The timelines of `taxonomies`' regions and actors, from `briefs` sorted newest first.
    pub fn build(taxonomies: &[Taxonomy], briefs: &[Document]) -> Chronicles {
        let of = |kind: TaxonomyKind| -> Vec<Chronicle> {
            let Some(tax) = taxonomies.iter().find(|t| t.kind == kind) else { return Vec::new() };
            (0..tax.terms.len()).map(|ti| chronicle(tax, ti, briefs)).collect()
        };
        Chronicles { regions: of(TaxonomyKind::Region), actors: of(TaxonomyKind::Actors) }
    }

    /// Term `ti`'s timeline, for a region or an actor.
    pub fn of(&self, kind: TaxonomyKind, ti: usize) -> Option<&Chronicle> {
        match kind {
            TaxonomyKind::Region => self.regions.get(ti),
            TaxonomyKind::Actors => self.actors.get(ti),
            TaxonomyKind::Tags => None,
        }
    }
}

/// Whether event `k` of `b` belongs to term `ti` of `tax`, under whose term `b` is filed
/// (directly, or through a sub-region: a region's timeline rolls up its sub-regions' as its
/// page does, so an event placed in Oman is on the Gulf's timeline too).
fn belongs(tax: &Taxonomy, ti: usize, b: &Document, k: usize) -> bool {
    let e = &b.analysis.events[k];
    match tax.kind {
        TaxonomyKind::Region => e
            .place
            .as_deref()
            .is_none_or(|p| tax.term_index(p).is_some_and(|pi| pi == ti || tax.ancestors(pi).contains(&ti))),
        TaxonomyKind::Actors => e.actors.is_empty() || e.actors.iter().any(|a| tax.term_index(a) == Some(ti)),
        TaxonomyKind::Tags => false,
    }
}

/// Term `ti`'s timeline.
fn chronicle(tax: &Taxonomy, ti: usize, briefs: &[Document]) -> Chronicle {
    // (year, month, events before briefs, newest first within each), then the entry.
    type Key = (Reverse<(i16, i8)>, u8, usize);
    let mut keyed: Vec<(Key, Entry)> = Vec::new();
    let mut events: Vec<(usize, usize)> = Vec::new();
    for &i in &tax.terms[ti].briefs {
        let b = &briefs[i];
        if let Some(d) = &b.date {
            // Briefs are newest first already: their position keeps that order.
            keyed.push(((Reverse((d.civil.year(), d.civil.month())), 1, i), Entry::Brief(i)));
        }
        events.extend((0..b.analysis.events.len()).filter(|&k| belongs(tax, ti, b, k)).map(|k| (i, k)));
    }
    // Events newest first, by time (then by brief, newest first, and their order in it).
    events.sort_by(|&(i, k), &(j, l)| {
        let (a, b) = (&briefs[i].analysis.events[k].time, &briefs[j].analysis.events[l].time);
        b.cmp(a).then(i.cmp(&j)).then(k.cmp(&l))
    });
    for (rank, (i, k)) in events.into_iter().enumerate() {
        let month = briefs[i].analysis.events[k].time.first_month();
        keyed.push(((Reverse(month), 0, rank), Entry::Event(i, k)));
    }
    keyed.sort_unstable_by_key(|(key, _)| *key);
    let mut out = Chronicle { entries: Vec::with_capacity(keyed.len()), months: Vec::new() };
    for (n, ((Reverse((year, month)), kind, _), entry)) in keyed.into_iter().enumerate() {
        match out.months.last_mut() {
            Some(m) if (m.year, m.month) == (year, month) => m.entries.end = n + 1,
            _ => out.months.push(Month { year, month, entries: n..n + 1, events: 0 }),
        }
        if kind == 0 {
            out.months.last_mut().expect("pushed above").events += 1;
        }
        out.entries.push(entry);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::events::Event;
    use crate::period::{EventTime, Period};

    fn event(date: &str, place: Option<&str>) -> Event {
        let start = Period::parse(date, &jiff::tz::TimeZone::UTC).expect("a period");
        Event {
            time: EventTime::new(start, None).expect("a time"),
            title: date.into(),
            place: place.map(str::to_string),
            actors: Vec::new(),
        }
    }

    #[test]
    fn months_hold_their_events_then_their_briefs_newest_month_first() {
        let tz = jiff::tz::TimeZone::UTC;
        let mut a = crate::model::taxonomy::tests::brief("a", &["Gulf", "Levant"]);
        a.date = Some(crate::dates::parse("2026-02-10", &tz).unwrap());
        a.analysis.events = vec![event("2025-Q4", None), event("2026-02-07", Some("Levant")), event("2026-02", None)];
        let mut b = crate::model::taxonomy::tests::brief("b", &["Gulf"]);
        b.date = Some(crate::dates::parse("2025-10-20", &tz).unwrap());
        let briefs = vec![a, b];
        let gulf = Taxonomy::build(TaxonomyKind::Region, &briefs).0;
        let ti = gulf.term_index("Gulf").unwrap();
        let c = chronicle(&gulf, ti, &briefs);
        assert_eq!(c.entries, [Entry::Event(0, 2), Entry::Brief(0), Entry::Event(0, 0), Entry::Brief(1)]);
        let months: Vec<(i16, i8, usize, usize)> =
            c.months.iter().map(|m| (m.year, m.month, m.entries.len(), m.events)).collect();
        assert_eq!(months, [(2026, 2, 2, 1), (2025, 10, 2, 1)]);
        assert_eq!(c.months_in(1..3).len(), 2);
        assert_eq!(c.months_in(2..4).len(), 1);
        let levant = chronicle(&gulf, gulf.term_index("Levant").unwrap(), &briefs);
        assert!(levant.entries.contains(&Entry::Event(0, 1)), "the event placed in the Levant is the Levant's");
        assert!(!c.entries.contains(&Entry::Event(0, 1)), "and not the Gulf's");
    }
}
