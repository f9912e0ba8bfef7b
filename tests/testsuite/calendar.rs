//! Calendars (RFC 5545): `/calendar.ics` holds every event of the published briefs, and each
//! region and actor with events has its own beside its page. Parsed here with the `icalendar`
//! crate's parser: the right events, all-day dates with an exclusive end, times in UTC, events
//! known only to a month or a quarter spanning it and marked, each linking to its brief.

use icalendar::parser::{read_calendar, unfold};

use crate::prelude::*;

/// The events of the calendar at `rel` in the output: for each, its properties by name, as
/// (value, parameters as `NAME=value`).
fn events(site: &Site, rel: &str) -> Vec<std::collections::BTreeMap<String, (String, Vec<String>)>> {
    let raw = std::fs::read_to_string(site.path(&format!("public/{rel}"))).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(raw.ends_with("\r\n") && !raw.replace("\r\n", "").contains('\n'), "lines end in CRLF");
    assert!(raw.split("\r\n").all(|l| l.len() <= 75), "lines fold at 75 octets");
    let text = unfold(&raw);
    let cal = read_calendar(&text).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"));
    // The parser gives the VCALENDAR's own properties and its components.
    let prop = |name: &str| cal.properties.iter().find(|p| p.name == name).map(|p| p.val.to_string());
    assert_eq!(prop("VERSION").as_deref(), Some("2.0"));
    assert!(prop("PRODID").is_some());
    assert!(raw.starts_with("BEGIN:VCALENDAR\r\n") && raw.ends_with("END:VCALENDAR\r\n"));
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .map(|p| {
                    let params = p
                        .params
                        .iter()
                        .map(|x| format!("{}={}", x.key, x.val.as_ref().map_or("", |v| v.as_str())))
                        .collect();
                    (p.name.to_string(), (p.val.to_string(), params))
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_site_and_each_term_publish_a_calendar_of_their_events() {
    let site = Site::new();
    site.brief(
        "briefs/talks.md",
        "title: Talks\ndate: 2026-02-10\nregion: [Gulf, Levant]\nactors: [Iran, Oman]\nevents:\n\
         \x20 - {date: 2026-02-07, title: First round, place: Gulf, actors: [Oman]}\n\
         \x20 - {date: 2026-02-07, end: 2026-02-09, title: Three days of talks, place: Gulf}\n\
         \x20 - {date: 2025-11, title: Preparations, place: Levant}\n\
         \x20 - {date: 2025-Q3, end: 2025-Q4, title: A long track}\n\
         \x20 - {date: \"2026-02-07T09:30:00+04:00\", title: Opening session, place: Gulf}",
        "Text.\n",
    );
    site.brief(
        "briefs/draft.md",
        "title: Draft\ndate: 2026-02-11\nregion: Gulf\ndraft: true\nevents:\n  - {date: 2026-03-01, title: Secret}",
        "T.\n",
    );
    site.brief("briefs/plain.md", "title: Plain\ndate: 2026-02-12\nregion: Sahel", "No events.\n");
    site.build_ok(&[]);
    let all = events(&site, "calendar.ics");
    let summaries: Vec<&str> = all.iter().map(|e| e["SUMMARY"].0.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "A long track (Q3–Q4 2025)",
            "Preparations (November 2025)",
            "First round",
            "Three days of talks",
            "Opening session"
        ],
        "oldest first; the draft's event is not published"
    );
    let by = |s: &str| all.iter().find(|e| e["SUMMARY"].0.starts_with(s)).unwrap();
    let day = by("First round");
    assert_eq!(day["DTSTART"], ("20260207".into(), vec!["VALUE=DATE".into()]));
    assert_eq!(day["DTEND"].0, "20260208", "an all-day event ends the next day, exclusive");
    assert_eq!(day["URL"].0, "https://example.org/briefs/talks/");
    assert_eq!(day["LOCATION"].0, "Gulf");
    assert_eq!(by("Three days")["DTEND"].0, "20260210");
    let month = by("Preparations");
    assert_eq!((month["DTSTART"].0.as_str(), month["DTEND"].0.as_str()), ("20251101", "20251201"));
    assert_eq!(month["X-DOSSIER-PRECISION"].0, "MONTH");
    let quarters = by("A long track");
    assert_eq!((quarters["DTSTART"].0.as_str(), quarters["DTEND"].0.as_str()), ("20250701", "20260101"));
    let timed = by("Opening session");
    assert_eq!(timed["DTSTART"], ("20260207T053000Z".into(), vec![]), "a moment keeps its time, in UTC");
    let uids: std::collections::BTreeSet<&str> = all.iter().map(|e| e["UID"].0.as_str()).collect();
    assert_eq!(uids.len(), 5, "every event has its own UID");
    assert!(all.iter().all(|e| e.contains_key("DTSTAMP")));

    // A region's calendar holds the events its timeline files under it.
    let gulf: Vec<String> = events(&site, "regions/gulf/calendar.ics").iter().map(|e| e["SUMMARY"].0.clone()).collect();
    assert_eq!(gulf, ["A long track (Q3–Q4 2025)", "First round", "Three days of talks", "Opening session"]);
    let levant: Vec<String> =
        events(&site, "regions/levant/calendar.ics").iter().map(|e| e["SUMMARY"].0.clone()).collect();
    assert_eq!(levant, ["A long track (Q3–Q4 2025)", "Preparations (November 2025)"]);
    let oman: Vec<String> = events(&site, "actors/oman/calendar.ics").iter().map(|e| e["SUMMARY"].0.clone()).collect();
    assert!(oman.contains(&"First round".to_string()), "{oman:?}");
    assert!(!site.path("public/regions/sahel/calendar.ics").exists(), "no events, no calendar");
    let page = site.html("regions/gulf/timeline/index.html");
    assert_eq!(attrs(&page, "a[type=\"text/calendar\"]", "href"), ["/regions/gulf/calendar.ics"]);
    assert_eq!(attrs(&site.html("timeline/index.html"), "a[type=\"text/calendar\"]", "href"), ["/calendar.ics"]);

    // Two builds write the same bytes.
    let first = std::fs::read(site.path("public/calendar.ics")).unwrap();
    site.build_ok(&[]);
    assert_eq!(std::fs::read(site.path("public/calendar.ics")).unwrap(), first);
}
