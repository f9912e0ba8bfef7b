//! Server-rendered SVG: the site timeline (briefs and events on a time axis) and the small
//! activity chart on actor and region pages. Plain markup, no script: readable with scripts
//! off, and every mark carries a `<title>` and, for briefs, a link.

use std::fmt::Write;

use crate::escape;
use crate::i18n::Strings;

/// One mark on the timeline.
#[derive(Debug, Clone)]
pub struct Mark<'a> {
    /// Days since 1970-01-01.
    pub day: i64,
    /// `YYYY-MM-DD`, shown in the tooltip.
    pub date: String,
    /// What the mark is.
    pub title: &'a str,
    /// The brief's URL (a brief, or the brief that covers an event).
    pub url: String,
    /// An event rather than a brief.
    pub event: bool,
}

use crate::model::timeline::draws_bars;

const W: f64 = 720.0;
const PAD: f64 = 24.0;
/// The radius of a timeline mark's target, in the chart's units: 28 across, 24 CSS pixels or
/// more wherever the theme draws the chart at 86% of its size or larger.
const HIT: f64 = 14.0;

fn x_of(day: i64, lo: i64, hi: i64) -> f64 {
    let span = (hi - lo).max(1) as f64;
    PAD + (day - lo) as f64 / span * (W - 2.0 * PAD)
}

fn year_of(day: i64) -> i16 {
    jiff::civil::Date::constant(1970, 1, 1).checked_add(jiff::Span::new().days(day)).map_or(1970, |d| d.year())
}

fn day_of_year_start(year: i16) -> i64 {
    jiff::civil::date(year, 1, 1).since(jiff::civil::date(1970, 1, 1)).map_or(0, |s| i64::from(s.get_days()))
}

/// Year ticks along the axis at `y`.
fn axis(out: &mut String, lo: i64, hi: i64, y: f64) {
    let _ = write!(out, "<line class=\"tl-axis\" x1=\"{PAD}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>", W - PAD);
    let (first, last) = (year_of(lo), year_of(hi));
    let step = ((last - first) / 8).max(1);
    let mut year = first;
    while year <= last + 1 {
        let d = day_of_year_start(year);
        if d >= lo && d <= hi {
            let x = x_of(d, lo, hi);
            let _ = write!(
                out,
                "<line class=\"tl-tick\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y}\" y2=\"{}\"/><text class=\"tl-year-label\" x=\"{x:.1}\" y=\"{}\">{year}</text>",
                y + 5.0,
                y + 18.0
            );
        }
        year += step;
    }
}

/// The site timeline: briefs above the axis, events below, in date order.
pub fn timeline(s: &Strings, marks: &[Mark], label: &str) -> String {
    let (Some(first), Some(last)) = (marks.iter().map(|m| m.day).min(), marks.iter().map(|m| m.day).max()) else {
        return String::new();
    };
    // A margin either side so the first and last marks are not on the edge.
    let (lo, hi) = (first - 15, last + 15);
    let as_bars = draws_bars(marks.iter().filter(|m| !m.event).count());
    // The marks drawn one by one, in date order: the events, and the briefs unless they are
    // drawn as bars (a large site's every brief would otherwise be sorted for nothing).
    let mut drawn: Vec<&Mark> = marks.iter().filter(|m| m.event || !as_bars).collect();
    drawn.sort_by(|a, b| a.day.cmp(&b.day).then(a.event.cmp(&b.event)).then(a.title.cmp(b.title)));
    let h = 136.0;
    let axis_y = 80.0;
    let mut out = String::with_capacity(256 + drawn.len() * 180);
    let _ = write!(
        out,
        // A group, not an image: its marks are links, and an image may not contain any.
        "<svg class=\"timeline-chart\" viewBox=\"0 0 {W} {h}\" role=\"group\" aria-labelledby=\"tl-chart-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"tl-chart-title\">{}</title>",
        escape::html(label)
    );
    axis(&mut out, lo, hi, axis_y);
    if as_bars {
        // One bar per month: thousands of dots would be neither readable nor light.
        let mut months: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
        for m in marks.iter().filter(|m| !m.event) {
            *months.entry(m.day.div_euclid(30)).or_default() += 1;
        }
        let max = months.values().copied().max().unwrap_or(1) as f64;
        for (&month, &n) in &months {
            let x = x_of(month * 30, lo, hi);
            let bh = (n as f64 / max * 70.0).max(1.0);
            let _ = write!(
                out,
                "<rect class=\"tl-bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"2\" height=\"{bh:.1}\"><title>{}</title></rect>",
                axis_y - 4.0 - bh,
                escape::html(&s.get("briefs_count", Some(n as u64), &[]))
            );
        }
    }
    // Greedy lanes, so marks close in time stack instead of hiding each other.
    let mut lanes_up: Vec<f64> = Vec::new();
    let mut lanes_down: Vec<f64> = Vec::new();
    for m in &drawn {
        let x = x_of(m.day, lo, hi);
        let lanes = if m.event { &mut lanes_down } else { &mut lanes_up };
        let lane = match lanes.iter().position(|&end| x - end >= 9.0) {
            Some(l) => l,
            None if lanes.len() < 7 => {
                lanes.push(f64::MIN);
                lanes.len() - 1
            }
            None => lanes.len() - 1,
        };
        lanes[lane] = x;
        let tip = format!("{} — {}", m.date, m.title);
        // Each mark sits on a transparent disc the size of a fingertip (`HIT` across), so a
        // small mark is still a target of 24 CSS pixels at the width the theme draws the chart.
        if m.event {
            let y = axis_y + 30.0 + lane as f64 * 9.0;
            let _ = write!(
                out,
                "<a href=\"{}\"><circle class=\"tl-hit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{HIT}\"/><path class=\"tl-event\" data-date=\"{}\" d=\"M{x:.1} {:.1} l4 4 l-4 4 l-4 -4 z\"><title>{}</title></path></a>",
                escape::html(&m.url),
                m.date,
                y - 4.0,
                escape::html(&tip)
            );
        } else {
            let y = axis_y - 10.0 - lane as f64 * 9.0;
            let _ = write!(
                out,
                "<a href=\"{}\"><circle class=\"tl-hit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{HIT}\"/><circle class=\"tl-brief\" data-date=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"><title>{}</title></circle></a>",
                escape::html(&m.url),
                m.date,
                escape::html(&tip)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A coordinate written as `{:.1}` writes it. Every term page draws a chart, and the exact
/// decimal rounding behind `{:.1}` costs far more than the rest of the chart; tenths are
/// rounded in integers unless the value is too close to a tie to tell, or too large.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scaled = self.0 * 10.0;
        let near_tie = (scaled - scaled.floor() - 0.5).abs() < 1e-6;
        if near_tie || !scaled.is_finite() || scaled.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let t = scaled.round() as i64;
        let sign = if self.0.is_sign_negative() { "-" } else { "" };
        write!(f, "{sign}{}.{}", t.abs() / 10, t.abs() % 10)
    }
}

/// The activity chart's frame, in its own units: the theme draws it at most 20rem wide, so
/// its 13-unit labels render at 11 CSS pixels or more down to a 320-pixel screen.
const ACT_W: f64 = 300.0;
const ACT_H: f64 = 112.0;
/// Where the bars stand, and the room at the start for the value axis.
const ACT_BASE: f64 = 86.0;
const ACT_TOP: f64 = 12.0;
const ACT_START: f64 = 30.0;
const ACT_END: f64 = 6.0;

/// The values marked on the activity chart's vertical axis: 0, the largest count, and its half
/// when that is a whole number of briefs worth a line of its own.
fn value_ticks(max: usize) -> Vec<usize> {
    let mut ticks = vec![0];
    if max >= 4 && max.is_multiple_of(2) {
        ticks.push(max / 2);
    }
    ticks.push(max.max(1));
    ticks
}

/// Briefs per year as a small bar chart with its axes' values: `years` is `(year, count)`,
/// oldest first.
pub fn activity(s: &Strings, years: &[(i16, usize)], label: &str) -> String {
    let (Some(&(first, _)), Some(&(last, _))) = (years.first(), years.last()) else { return String::new() };
    let n = (last - first + 1).max(1) as usize;
    let max_count = years.iter().map(|&(_, c)| c).max().unwrap_or(1).max(1);
    let max = max_count as f64;
    let slot = (ACT_W - ACT_START - ACT_END) / n as f64;
    let bar = (slot * 0.7).clamp(2.0, 28.0);
    let y_of = |v: f64| ACT_BASE - v / max * (ACT_BASE - ACT_TOP);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"activity-chart\" viewBox=\"0 0 {ACT_W} {ACT_H}\" role=\"img\" aria-labelledby=\"activity-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"activity-title\">{}</title>",
        escape::html(label)
    );
    for v in value_ticks(max_count) {
        let y = Tenths(y_of(v as f64));
        let class = if v == 0 { "tl-axis" } else { "activity-grid" };
        let _ = write!(
            out,
            "<line class=\"{class}\" x1=\"{ACT_START}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/><text class=\"activity-value\" x=\"{}\" y=\"{y}\" dy=\"4.5\">{}</text>",
            ACT_W - ACT_END,
            ACT_START - 5.0,
            v
        );
    }
    // Year labels need about 40 units each; every k-th year is labelled, and the last.
    let label_every = ((n as f64 * 40.0 / (ACT_W - ACT_START - ACT_END)).ceil() as usize).max(1);
    for (k, year) in (first..=last).enumerate() {
        let count = years.iter().find(|&&(y, _)| y == year).map_or(0, |&(_, c)| c);
        let x = ACT_START + k as f64 * slot + (slot - bar) / 2.0;
        if count > 0 {
            let bh = (ACT_BASE - y_of(count as f64)).max(1.5);
            let _ = write!(
                out,
                "<rect class=\"activity-bar\" data-year=\"{year}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                Tenths(x),
                Tenths(ACT_BASE - bh),
                Tenths(bar),
                Tenths(bh),
                escape::html(&s.get("chart_year_briefs", Some(count as u64), &[("year", &s.dates.year(year))]))
            );
        }
        // The last year is always labelled; another only where it leaves room before the last.
        if year == last || (k % label_every == 0 && n - 1 - k >= label_every) {
            let _ = write!(
                out,
                "<text class=\"tl-year-label\" x=\"{}\" y=\"{}\">{year}</text>",
                Tenths(x + bar / 2.0),
                ACT_BASE + 18.0
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mark_per_brief_and_event_in_date_order() {
        let marks = vec![
            Mark { day: 20_000, date: "2024-10-04".into(), title: "B <2>", url: "/b/".into(), event: false },
            Mark { day: 19_000, date: "2022-01-08".into(), title: "A", url: "/a/".into(), event: false },
            Mark { day: 19_500, date: "2023-05-23".into(), title: "E", url: "/a/".into(), event: true },
        ];
        let svg = timeline(&crate::config::languages::english(), &marks, "Briefs and events");
        let doc = roxmltree_free_parse(&svg);
        assert_eq!(doc, ["brief 2022-01-08", "event 2023-05-23", "brief 2024-10-04"]);
        assert!(svg.contains("B &lt;2&gt;"));
    }

    #[test]
    fn past_max_marks_briefs_are_monthly_bars_and_events_stay_in_date_order() {
        let mut marks: Vec<Mark> = (0..crate::model::timeline::MAX_MARKS as i64 + 100)
            .map(|i| Mark { day: 19_000 + i * 3, date: String::new(), title: "b", url: String::new(), event: false })
            .collect();
        marks.push(Mark { day: 19_900, date: "2024-06-27".into(), title: "Late", url: "/l/".into(), event: true });
        marks.push(Mark { day: 19_100, date: "2022-04-18".into(), title: "Early", url: "/e/".into(), event: true });
        let svg = timeline(&crate::config::languages::english(), &marks, "Briefs and events");
        assert_eq!(roxmltree_free_parse(&svg), ["event 2022-04-18", "event 2024-06-27"]);
        // Every brief is counted in one month's bar.
        let counted: usize = svg
            .split("<rect class=\"tl-bar\"")
            .skip(1)
            .map(|r| r.split("<title>").nth(1).and_then(|t| t.split(' ').next()).unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(counted, crate::model::timeline::MAX_MARKS + 100);
    }

    #[test]
    fn tenths_are_written_as_format_writes_them() {
        let mut values =
            vec![0.0, -0.0, 0.05, 0.25, 0.35, 1.45, 2.0, 12.5, 28.0, 63.96, -0.04, -0.05, -3.25, 1e16, f64::NAN];
        let mut x = 0.123_456_f64;
        for _ in 0..100_000 {
            x = (x * 9301.0 + 49297.0) % 233_280.0;
            values.push(x / 613.7 - 40.0);
        }
        for v in values {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
    }

    /// The marks' kinds and dates in document order (a tiny scan; tests in tests/ parse fully).
    fn roxmltree_free_parse(svg: &str) -> Vec<String> {
        let mut v = Vec::new();
        for part in svg.split('<').skip(1) {
            let kind = if part.starts_with("circle class=\"tl-brief\"") {
                "brief"
            } else if part.starts_with("path class=\"tl-event\"") {
                "event"
            } else {
                continue;
            };
            let date = part.split("data-date=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("");
            v.push(format!("{kind} {date}"));
        }
        v
    }

    #[test]
    fn activity_has_a_bar_per_year_with_briefs() {
        let svg = activity(&crate::config::languages::english(), &[(2020, 2), (2023, 1)], "Briefs per year");
        assert_eq!(svg.matches("class=\"activity-bar\"").count(), 2);
        assert!(svg.contains("2020: 2 briefs") && svg.contains("2023: 1 brief<"));
        let values: Vec<&str> = svg
            .split("class=\"activity-value\"")
            .skip(1)
            .filter_map(|p| p.split('>').nth(1)?.split('<').next())
            .collect();
        assert_eq!(values, ["0", "2"], "the value axis runs from 0 to the largest count");
    }

    #[test]
    fn value_ticks_are_whole_numbers_from_zero_to_the_largest() {
        assert_eq!(value_ticks(1), [0, 1]);
        assert_eq!(value_ticks(3), [0, 3]);
        assert_eq!(value_ticks(8), [0, 4, 8]);
    }
}
