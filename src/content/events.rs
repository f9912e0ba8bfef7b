//! The dated events a brief covers (`events:`), for the brief's own list, the site timeline
//! and the month-by-month timelines of regions and actors. An event has a time as precise as
//! the analyst knows it (`date`: a day, a month, a quarter or a year, and an optional `end`),
//! a title, and optionally a `place` (one of the brief's regions) and `actors` (some of the
//! brief's actors). Every problem is reported at the line it is written on: an event without
//! a usable date or title is left out with an error; a key an event does not have, a place or
//! an actor the brief is not filed under, is a warning, and the event is kept without it.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::fields::{Fields, describe};
use crate::period::{EventTime, Period};

/// Front matter keys read by this module.
pub const KEYS: &[&str] = &["events"];

/// The keys of one event.
pub const EVENT_KEYS: &[&str] = &["date", "end", "title", "place", "actors"];

const EXAMPLE: &str = "{date: 2026-02-07, title: \"First round in Muscat\"}";
const SHAPE: &str = "an event is `{date: 2026-02-07, title: \"…\"}`, with optionally `end`, `place` and `actors`; \
                     a date may be a day (2026-02-07), a month (2025-11), a quarter (2025-Q3) or a year (2025)";

/// One dated event a brief covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened, as precisely as known, and until when if it lasted.
    pub time: EventTime,
    /// What happened.
    pub title: String,
    /// Where it happened: one of the brief's regions, spelt as the brief spells it.
    pub place: Option<String>,
    /// Who took part: some of the brief's actors, spelt as the brief spells them, in the
    /// order written.
    pub actors: Vec<String>,
}

/// What an event may name: the brief's regions and actors, and the site's term aliases
/// (canonical name → other spellings), so that `place: UAE` matches `region: United Arab
/// Emirates` when site.yaml files one under the other.
pub struct Scope<'a> {
    /// The brief's regions.
    pub regions: &'a [String],
    /// The brief's actors.
    pub actors: &'a [String],
    /// site.yaml's `aliases`.
    pub aliases: &'a BTreeMap<String, Vec<String>>,
}

impl Scope<'_> {
    /// The one spelling a name is filed under: the slug of its canonical name.
    fn canonical(&self, name: &str) -> String {
        let slug = crate::slug::slugify_or_hash(name);
        self.aliases
            .iter()
            .find(|(_, others)| others.iter().any(|o| crate::slug::slugify_or_hash(o) == slug))
            .map_or(slug, |(canonical, _)| crate::slug::slugify_or_hash(canonical))
    }

    /// The name among `names` that `name` stands for, as written there.
    fn find<'n>(&self, names: &'n [String], name: &str) -> Option<&'n String> {
        let want = self.canonical(name);
        names.iter().find(|n| self.canonical(n) == want)
    }
}

/// Read `events`, oldest first, reporting every problem where it is written.
pub fn take(f: &mut Fields, tz: &TimeZone, scope: &Scope) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, item) in items(f).into_iter().enumerate() {
        match item {
            Value::Object(m) => {
                if let Some(e) = event(f, i, m, tz, scope) {
                    out.push(e);
                }
            }
            other => {
                let d = Diagnostic::error(format!("event {} must be a map, found {}", i + 1, describe(&other)));
                f.diagnostics.push(f.at_item(d, "events", i, None).hint(format!("write each event as `- {EXAMPLE}`")));
            }
        }
    }
    out.sort_by(|a, b| a.time.cmp(&b.time));
    out
}

/// The items of the list `events` (a map alone is read as a list of one).
fn items(f: &mut Fields) -> Vec<Value> {
    match f.raw("events") {
        None => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            let d = f.error_at("events", format!("`events` must be a list, found {}", describe(&other)));
            f.diagnostics.push(d.hint(format!("write it as\nevents:\n  - {EXAMPLE}")));
            Vec::new()
        }
    }
}

/// Event `i` (from 0): `None` when it has no usable date or title.
fn event(f: &mut Fields, i: usize, mut m: Map<String, Value>, tz: &TimeZone, scope: &Scope) -> Option<Event> {
    let n = i + 1;
    let mut problems: Vec<(Option<&str>, Diagnostic)> = Vec::new();
    let mut text = |m: &mut Map<String, Value>, key: &'static str| match m.remove(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Some(Value::Number(x)) => Some(x.to_string()),
        Some(other) => {
            let message = format!("event {n}: `{key}` must be a string, found {}", describe(&other));
            problems.push((Some(key), Diagnostic::error(message).hint(SHAPE)));
            None
        }
    };
    let title = text(&mut m, "title");
    let date = text(&mut m, "date");
    let end = text(&mut m, "end");
    let place = text(&mut m, "place");
    let actors = m.remove("actors");
    if title.is_none() && !problems.iter().any(|(k, _)| *k == Some("title")) {
        problems.push((None, Diagnostic::error(format!("event {n} has no `title`")).hint(SHAPE)));
    }
    let mut period = |key: &'static str, written: Option<String>| {
        let p = Period::parse(written.as_deref()?, tz);
        p.map_err(|e| {
            problems.push((Some(key), Diagnostic::error(format!("event {n}: `{key}`: {}", e.message)).hint(e.hint)))
        })
        .ok()
    };
    let start = period("date", date.clone());
    let end = period("end", end);
    if date.is_none() && !problems.iter().any(|(k, _)| *k == Some("date")) {
        problems.push((None, Diagnostic::error(format!("event {n} has no `date`")).hint(SHAPE)));
    }
    let time = start.and_then(|s| {
        EventTime::new(s, end)
            .map_err(|e| {
                let d = Diagnostic::error(format!("event {n}: {e}"));
                problems.push((
                    Some("end"),
                    d.hint("an event's `end` is its last day, month, quarter or year, on or after its `date`"),
                ));
            })
            .ok()
    });
    let place = place.and_then(|p| in_scope(&mut problems, n, "place", &p, scope.regions, scope, "region"));
    let actors = actor_list(&mut problems, n, actors, scope);
    for key in m.keys() {
        let hint = match did_you_mean(key, EVENT_KEYS.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? An event has {}", EVENT_KEYS.join(", ")),
            None => format!("an event has {}", EVENT_KEYS.join(", ")),
        };
        let d = Diagnostic::warning(format!("event {n}: unknown key `{key}`, ignored")).hint(hint);
        let d = f.at_item(d, "events", i, Some(key));
        f.diagnostics.push(d);
    }
    for (key, d) in problems {
        let d = f.at_item(d, "events", i, key);
        f.diagnostics.push(d);
    }
    Some(Event { time: time?, title: title?, place, actors })
}

/// `actors` of event `n`: a name or a list of names, each one of the brief's actors.
fn actor_list(
    problems: &mut Vec<(Option<&'static str>, Diagnostic)>,
    n: usize,
    actors: Option<Value>,
    scope: &Scope,
) -> Vec<String> {
    let names: Vec<Value> = match actors {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(one @ Value::String(_)) => vec![one],
        Some(other) => {
            let d =
                Diagnostic::error(format!("event {n}: `actors` must be a list of names, found {}", describe(&other)));
            problems.push((Some("actors"), d.hint("write it as `actors: [Iran, Oman]`")));
            return Vec::new();
        }
    };
    let mut out: Vec<String> = Vec::new();
    for v in names {
        let name = match v {
            Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
            Value::Number(x) => x.to_string(),
            other => {
                let d = Diagnostic::error(format!("event {n}: an actor must be a name, found {}", describe(&other)));
                problems.push((Some("actors"), d.hint("write it as `actors: [Iran, Oman]`")));
                continue;
            }
        };
        if let Some(found) = in_scope(problems, n, "actors", &name, scope.actors, scope, "actor")
            && !out.contains(&found)
        {
            out.push(found);
        }
    }
    out
}

/// `name`, written at `key` of event `n`, as the brief spells it among `names`; a warning when
/// the brief does not name it (a `what`: "region" or "actor").
fn in_scope(
    problems: &mut Vec<(Option<&'static str>, Diagnostic)>,
    n: usize,
    key: &'static str,
    name: &str,
    names: &[String],
    scope: &Scope,
    what: &str,
) -> Option<String> {
    if let Some(found) = scope.find(names, name) {
        return Some(found.clone());
    }
    let (field, plural) = if what == "region" { ("region", "regions") } else { ("actors", "actors") };
    let listed = if names.is_empty() { "it names none".to_string() } else { format!("it names {}", names.join(", ")) };
    let d = Diagnostic::warning(format!("event {n}: {what} \"{name}\" is not one of the brief's {plural}; left out"))
        .hint(format!("an event's `{key}` names the brief's own {plural} ({listed}): add \"{name}\" to `{field}`, or correct the name"));
    problems.push((Some(key), d));
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read(yaml: &str, regions: &[&str], actors: &[&str]) -> (Vec<Event>, Vec<Diagnostic>) {
        let text = format!("---\n{yaml}---\n");
        let map = crate::yaml::parse_map(yaml).expect("valid YAML");
        let mut f = Fields::new(map, &text, yaml, 1, Path::new("content/a.md"));
        let regions: Vec<String> = regions.iter().map(|s| s.to_string()).collect();
        let actors: Vec<String> = actors.iter().map(|s| s.to_string()).collect();
        let aliases = BTreeMap::from([("United Arab Emirates".to_string(), vec!["UAE".to_string()])]);
        let scope = Scope { regions: &regions, actors: &actors, aliases: &aliases };
        let events = take(&mut f, &TimeZone::UTC, &scope);
        (events, f.diagnostics)
    }

    #[test]
    fn a_full_event_is_read_with_its_place_and_actors_as_the_brief_spells_them() {
        let yaml = "events:\n  - date: 2025-11\n    end: 2026-01\n    title: Talks\n    place: UAE\n    actors: [iran, Oman]\n  - {date: 2025, title: A year}\n";
        let (events, d) = read(yaml, &["United Arab Emirates"], &["Iran", "Oman"]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].title, "A year", "oldest first");
        assert_eq!(events[1].place.as_deref(), Some("United Arab Emirates"));
        assert_eq!(events[1].actors, ["Iran", "Oman"]);
        assert_eq!(
            events[1].time.display(&crate::dates::DateStyle::english(crate::period::DAY_MONTH_YEAR)),
            "November 2025 – January 2026"
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_line() {
        let yaml = "title: T\nevents:\n  - date: 2026-02-07\n    title: Kept\n    plase: Gulf\n  - {date: 2026-02-09, end: 2026-02-01, title: Backwards}\n  - date: 2026-13\n    title: Bad month\n  - date: 2026-02-07\n    title: Elsewhere\n    place: Levant\n    actors: [Iran, China]\n";
        let (events, d) = read(yaml, &["Gulf"], &["Iran"]);
        let got: Vec<(usize, bool, &str)> =
            d.iter().map(|d| (d.line.unwrap_or(0), d.is_error(), d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (6, false, "event 1: unknown key `plase`, ignored"),
                (7, true, "event 2: its `end` (2026-02-01) comes before its `date` (2026-02-09)"),
                (8, true, "event 3: `date`: \"2026-13\": there is no month 13"),
                (12, false, "event 4: region \"Levant\" is not one of the brief's regions; left out"),
                (13, false, "event 4: actor \"China\" is not one of the brief's actors; left out"),
            ]
        );
        assert_eq!(d[0].hint.as_deref().map(|h| h.starts_with("did you mean `place`?")), Some(true));
        let titles: Vec<&str> = events.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Kept", "Elsewhere"]);
        assert_eq!((events[1].place.as_ref(), events[1].actors.as_slice()), (None, &["Iran".to_string()][..]));
    }
}
