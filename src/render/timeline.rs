//! The timeline pages' data: briefs grouped by year and month, the chart of briefs and events
//! on a time axis, and the months of a region's or an actor's timeline.

use serde::Serialize;
use tera::Value;

use crate::model::Site;
use crate::model::chronicle::{Chronicle, Entry};
use crate::view::Views;
use crate::view::brief::{EventView, event_view};

#[derive(Serialize)]
struct MonthView<'a> {
    month: i8,
    name: &'a str,
    count: usize,
    briefs: Vec<Value>,
}

#[derive(Serialize)]
struct YearView<'a> {
    year: i16,
    count: usize,
    months: Vec<MonthView<'a>>,
}

/// The timeline's years and months for the briefs in `range` (indices into the sorted briefs).
/// Counts are for the whole year or month, not just this page.
pub fn months(site: &Site, view: &dyn Fn(usize) -> Value, range: std::ops::Range<usize>) -> Value {
    let mut years: Vec<YearView> = Vec::new();
    for y in &site.timeline.years {
        let mut months = Vec::new();
        for m in &y.months {
            // A month's briefs are in index order: the page's share is one slice of them, found
            // without looking at the rest, so that all pages together stay linear in the site.
            let from = m.briefs.partition_point(|&i| i < range.start);
            let to = m.briefs.partition_point(|&i| i < range.end);
            let shown: Vec<Value> = m.briefs[from..to].iter().map(|&i| view(i)).collect();
            if !shown.is_empty() {
                months.push(MonthView {
                    month: m.month,
                    name: site.config.strings.dates.month_name(m.month),
                    count: m.briefs.len(),
                    briefs: shown,
                });
            }
        }
        if !months.is_empty() {
            years.push(YearView { year: y.year, count: y.count(), months });
        }
    }
    Value::from_serializable(&years)
}

fn days(d: &crate::dates::BriefDate) -> i64 {
    d.instant.as_second().div_euclid(86_400)
}

/// The timeline's chart (briefs and events on a time axis, as SVG) and its events, newest
/// first. It reads every brief's date; `check` is told of each brief whose view it shows (each
/// brief's mark, unless they are drawn as monthly bars, which show only their days, and every
/// event's brief), `view` gives an event's brief.
pub fn chart(site: &Site, view: &dyn Fn(usize) -> Value, check: &dyn Fn(usize), views: &Views) -> (Value, Value) {
    use crate::render::svg::{self, Mark};
    #[derive(Serialize)]
    struct EventItem<'a> {
        #[serde(flatten)]
        event: EventView<'a>,
        brief: Value,
    }
    // Brief marks drawn as bars show only their day (`timeline::draws_bars`).
    let bars = crate::model::timeline::draws_bars(site.briefs.iter().filter(|b| b.date.is_some()).count());
    let mut marks = Vec::new();
    let mut events = Vec::new();
    for (i, b) in site.briefs.iter().enumerate() {
        if !bars || !b.analysis.events.is_empty() {
            check(i);
        }
        let Some(d) = &b.date else { continue };
        let (date, title, url) = match bars {
            true => (String::new(), "", String::new()),
            false => (d.ymd(), b.title.as_str(), views.url(&b.url)),
        };
        marks.push(Mark { day: days(d), date, title, url, event: false });
        for e in &b.analysis.events {
            let start = &e.time.start.start;
            let url = views.url(&b.url);
            marks.push(Mark { day: days(start), date: start.ymd(), title: &e.title, url, event: true });
            let event = event_view(e, &site.config.strings.dates);
            events.push((&e.time, &e.title, EventItem { event, brief: view(i) }));
        }
    }
    // Newest first; on the same time, by title.
    events.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.cmp(b.1)));
    let events: Vec<EventItem> = events.into_iter().map(|(_, _, e)| e).collect();
    let s = &site.config.strings;
    let label = s.get(
        "timeline_chart_label",
        None,
        &[
            ("briefs", &s.get("briefs_count", Some(site.briefs.len() as u64), &[])),
            ("events", &s.get("events_count", Some(events.len() as u64), &[])),
        ],
    );
    let chart = svg::timeline(s, &marks, &label);
    let chart = if chart.is_empty() { Value::none() } else { Value::safe_string(&chart) };
    (chart, Value::from_serializable(&events))
}

/// One month of a term's timeline, as templates see it.
#[derive(Serialize)]
struct TermMonth {
    /// `m2025-11`, an anchor.
    id: String,
    /// "November 2025".
    name: String,
    year: i16,
    month: i8,
    /// Events and briefs the whole month has (a month may run over two pages).
    events: usize,
    briefs: usize,
    /// This page's share of the month, events first.
    entries: Vec<TermEntry>,
}

/// One line of a term's timeline: an event (with its brief) or a brief.
#[derive(Serialize)]
struct TermEntry {
    /// `event` or `brief`.
    kind: &'static str,
    /// The brief, or the brief the event is from.
    brief: Value,
    /// The event, for an event.
    event: Value,
}

/// The months of `chronicle` with entries in `range`, each with this page's entries: `view`
/// gives a brief's view, `document` the brief (for its events).
pub fn term_months<'a>(
    site: &Site,
    chronicle: &Chronicle,
    range: std::ops::Range<usize>,
    view: &dyn Fn(usize) -> Value,
    document: &dyn Fn(usize) -> &'a crate::content::Document,
) -> Value {
    let fmt = &site.config.strings.dates;
    let months: Vec<TermMonth> = chronicle
        .months_in(range.clone())
        .iter()
        .map(|m| {
            let shown = m.entries.start.max(range.start)..m.entries.end.min(range.end);
            let entries = chronicle.entries[shown]
                .iter()
                .map(|e| match *e {
                    Entry::Event(i, k) => TermEntry {
                        kind: "event",
                        brief: view(i),
                        event: Value::from_serializable(&event_view(&document(i).analysis.events[k], fmt)),
                    },
                    Entry::Brief(i) => TermEntry { kind: "brief", brief: view(i), event: Value::none() },
                })
                .collect();
            TermMonth {
                id: format!("m{:04}-{:02}", m.year, m.month),
                name: jiff::civil::Date::new(m.year, m.month, 1)
                    .map(|d| site.config.strings.dates.month(d))
                    .unwrap_or_default(),
                year: m.year,
                month: m.month,
                events: m.events,
                briefs: m.entries.len() - m.events,
                entries,
            }
        })
        .collect();
    Value::from_serializable(&months)
}
