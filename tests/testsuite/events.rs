//! Events as analysts know them (a day, a month, a quarter or a year, and ranges), with a place
//! and actors; the month-by-month timelines of regions and actors; and a brief's lifecycle: its
//! review date (`revisit_by`, warned about by `check` once passed, by author) and its revisions
//! (shown on the brief, dating its `updated` and its feed entry). Fixture sites are built with
//! the real binary and their pages, feeds and reports parsed.

use std::collections::BTreeSet;
use std::process::Command;

use dossier::build::build;
use dossier::options::BuildOptions;
use dossier::serve::rebuild::Live;
use dossier::serve::watch::Change;
use serde_json::Value;

use crate::prelude::*;

/// A brief on the Gulf and the Levant with events of every precision, in no order.
const TALKS: &str = "title: Talks\ndate: 2026-02-10\nregion: [Gulf, Levant]\nactors: [Iran, Oman]\nauthors: [Leila Haddad]\nevents:\n  - {date: 2026-02-07, end: 2026-02-09, title: Three days in Muscat, place: Gulf, actors: [Oman]}\n  - {date: 2025-Q4, title: Quiet contacts}\n  - {date: 2025-11, end: 2026-01, title: Shuttle diplomacy, actors: Iran}\n  - {date: 2025, title: A year of strain, place: Levant}\n  - {date: 2025-11, title: A month of talks}\n  - {date: 2025-11-03, title: A day in November}";

/// `dossier check --format json` with `DOSSIER_TODAY` set to `today`.
fn check_on(site: &Site, today: &str) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env("DOSSIER_TODAY", today)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    (out.status.code().unwrap_or(-1), report)
}

/// Each diagnostic as (severity, file, line, message).
fn diags(report: &Value) -> Vec<(String, String, u64, String)> {
    check_diagnostics(report)
}

#[test]
fn a_brief_lists_its_events_oldest_first_with_their_precision_range_place_and_actors() {
    let site = Site::new();
    site.brief("briefs/talks.md", TALKS, "Body.\n");
    site.build_ok(&[]);
    let doc = site.html("briefs/talks/index.html");
    assert_eq!(
        texts(&doc, ".events li time"),
        ["2025", "Q4 2025", "November 2025", "November 2025 – January 2026", "3 November 2025", "7–9 February 2026"]
    );
    assert_eq!(
        attrs(&doc, ".events li time", "datetime"),
        ["2025", "2025-10", "2025-11", "2025-11", "2025-11-03", "2026-02-07"]
    );
    assert_eq!(texts(&doc, ".events .event-precision"), ["(year)", "(quarter)", "(month)", "(month)"]);
    assert_eq!(texts(&doc, ".events .event-place"), ["Levant", "Gulf"]);
    assert_eq!(texts(&doc, ".events .event-actor"), ["Iran", "Oman"]);
    // The site timeline lists them newest first, each with its brief.
    let tl = site.html("timeline/index.html");
    assert_eq!(
        texts(&tl, ".events-all li time"),
        ["7–9 February 2026", "3 November 2025", "November 2025 – January 2026", "November 2025", "Q4 2025", "2025"]
    );
}

#[test]
fn a_day_range_keeps_both_ends_whole_with_another_date_format() {
    let site = Site::new();
    site.write("site.yaml", &format!("{SITE_YAML}date_format: \"%Y-%m-%d\"\n"));
    site.brief("briefs/talks.md", TALKS, "Body.\n");
    site.build_ok(&[]);
    let times = texts(&site.html("briefs/talks/index.html"), ".events li time");
    assert_eq!(times.last().map(String::as_str), Some("2026-02-07 – 2026-02-09"));
    assert_eq!(times[3], "November 2025 – January 2026", "months are words whatever the day format");
}

#[test]
fn every_problem_of_an_event_is_reported_at_its_line() {
    let site = Site::new();
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-02-10\nregion: Gulf\nactors: [Iran]\nevents:\n  - date: 2026-02-07\n    title: Kept\n    palce: Gulf\n  - {date: 2026-02-09, end: 2026-02-01, title: Backwards}\n  - date: 2026-Q5\n    title: No such quarter\n  - date: 2026-02-08\n    title: Elsewhere\n    place: Levant\n    actors: [Iran, China]\n  - {title: No date}",
        "Body.\n",
    );
    let (code, report) = check_on(&site, "2026-03-01");
    assert_eq!(code, 1, "{report:#}");
    let file = "content/briefs/a.md".to_string();
    let got: Vec<(String, u64, String)> =
        diags(&report).into_iter().filter(|d| d.1 == file).map(|(sev, _, line, msg)| (sev, line, msg)).collect();
    let want = [
        ("warning", 9, "event 1: unknown key `palce`, ignored"),
        ("error", 10, "event 2: its `end` (2026-02-01) comes before its `date` (2026-02-09)"),
        ("error", 11, "event 3: `date`: \"2026-Q5\": there is no quarter 5"),
        ("warning", 15, "event 4: region \"Levant\" is not one of the brief's regions; left out"),
        ("warning", 16, "event 4: actor \"China\" is not one of the brief's actors; left out"),
        ("error", 17, "event 5 has no `date`"),
    ];
    let want: Vec<(String, u64, String)> = want.iter().map(|(s, l, m)| (s.to_string(), *l, m.to_string())).collect();
    assert_eq!(got, want, "{report:#}");
    let hint = report["diagnostics"].as_array().unwrap().iter().find(|d| d["line"] == 9).unwrap()["hint"].clone();
    assert!(hint.as_str().unwrap().starts_with("did you mean `place`?"), "{hint}");
}

/// A site on the Gulf: `talks` (February 2026, events from 2025 to February 2026), two briefs
/// of November 2025 and one of the Levant only.
fn gulf_site(per: usize) -> Site {
    let site = Site::new();
    site.write("site.yaml", &format!("{SITE_YAML}paginate_by: {per}\nterm_timelines: true\n"));
    site.brief("briefs/talks.md", TALKS, "Body.\n")
        .brief("briefs/tankers.md", "title: Tankers shadowed\ndate: 2025-11-20\nregion: Gulf\nactors: [Iran]", "B.\n")
        .brief("briefs/ports.md", "title: Ports reopen\ndate: 2025-11-05\nregion: Gulf", "B.\n")
        .brief("briefs/beirut.md", "title: Beirut\ndate: 2025-12-01\nregion: Levant", "B.\n");
    site
}

/// The months of a term timeline page: (heading, entries' texts).
fn months(doc: &scraper::Html) -> Vec<(String, Vec<String>)> {
    let section = sel("section.term-month");
    let entry = sel("li.term-entry");
    doc.select(&section)
        .map(|s| {
            let heading = s.select(&sel("h2")).next().unwrap().text().collect::<String>();
            let entries = s
                .select(&entry)
                .map(|li| li.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            (heading.split_whitespace().collect::<Vec<_>>().join(" "), entries)
        })
        .collect()
}

#[test]
fn a_region_s_timeline_files_its_events_and_briefs_month_by_month_newest_first() {
    let site = gulf_site(20);
    site.build_ok(&[]);
    let term = site.html("regions/gulf/index.html");
    assert!(attrs(&term, ".more-links a", "href").contains(&"/regions/gulf/timeline/".to_string()));
    let doc = site.html("regions/gulf/timeline/index.html");
    assert_eq!(texts(&doc, "h1"), ["What happened in Gulf, month by month"]);
    let got = months(&doc);
    let headings: Vec<&str> = got.iter().map(|(h, _)| h.as_str()).collect();
    // The Levant's year-long event and the Levant-only brief are not the Gulf's; the quarter
    // is filed under October, its first month.
    assert_eq!(
        headings,
        ["February 2026 1 event, 1 brief", "November 2025 3 events, 2 briefs", "October 2025 1 event"]
    );
    assert_eq!(got[0].1, ["7–9 February 2026 Three days in Muscat Gulf · from Talks", "10 February 2026 Brief: Talks"]);
    assert_eq!(
        got[1].1,
        [
            "3 November 2025 A day in November from Talks",
            "November 2025 – January 2026 (month) Shuttle diplomacy from Talks",
            "November 2025 (month) A month of talks from Talks",
            "20 November 2025 Brief: Tankers shadowed",
            "5 November 2025 Brief: Ports reopen",
        ]
    );
    assert_eq!(got[2].1, ["Q4 2025 (quarter) Quiet contacts from Talks"]);
    // The Levant has the year-long event, filed under January 2025, and its own brief.
    let levant = months(&site.html("regions/levant/timeline/index.html"));
    let headings: Vec<&str> = levant.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        headings,
        [
            "February 2026 1 brief",
            "December 2025 1 brief",
            "November 2025 3 events",
            "October 2025 1 event",
            "January 2025 1 event"
        ]
    );
    // An actor's: only the events naming it, and those naming no actor.
    let oman = months(&site.html("actors/oman/timeline/index.html"));
    let all: Vec<String> = oman.into_iter().flat_map(|(_, e)| e).collect();
    assert!(all.iter().any(|e| e.contains("Three days in Muscat")), "{all:?}");
    assert!(!all.iter().any(|e| e.contains("Shuttle diplomacy")), "an event naming only Iran is not Oman's: {all:?}");
    assert!(all.iter().any(|e| e.contains("A month of talks")), "{all:?}");
    // Tags have no timeline.
    assert!(!site.files("public").iter().any(|f| f.starts_with("tags/") && f.contains("/timeline/")));
}

#[test]
fn term_timelines_can_be_turned_off_and_nothing_links_them_then() {
    let site = gulf_site(2);
    site.write("site.yaml", &format!("{SITE_YAML}paginate_by: 2\nterm_timelines: false\n"));
    site.build_ok(&[]);
    let out = site.path("public");
    let timeline_files = || -> Vec<String> {
        site.files("public").into_iter().filter(|f| !f.starts_with("timeline/") && f.contains("/timeline/")).collect()
    };
    assert_eq!(timeline_files(), Vec::<String>::new(), "no term timeline when turned off");
    let links = |rel: &str| attrs(&site.html(rel), "a", "href");
    for rel in ["regions/gulf/index.html", "regions/gulf/page/2/index.html", "actors/oman/index.html"] {
        let to_term_timeline =
            |h: &String| (h.starts_with("/regions/") || h.starts_with("/actors/")) && h.contains("/timeline/");
        assert!(!links(rel).iter().any(to_term_timeline), "{rel} links a term timeline: {:?}", links(rel));
    }
    let listed = crate::published::sitemap_locs(&out, "sitemap.xml");
    assert!(
        !listed.iter().any(|(l, _)| (l.contains("/regions/") || l.contains("/actors/")) && l.contains("/timeline/")),
        "{listed:?}"
    );
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    // The site's own timeline and the term calendars stay.
    assert!(out.join("timeline/index.html").is_file() && out.join("regions/gulf/calendar.ics").is_file());
    // By default they are written for regions and actors, and the term pages link them.
    site.write("site.yaml", &format!("{SITE_YAML}paginate_by: 2\n"));
    site.build_ok(&[]);
    let written = timeline_files();
    assert!(written.contains(&"regions/gulf/timeline/index.html".to_string()), "{written:?}");
    assert!(written.contains(&"actors/oman/timeline/index.html".to_string()), "{written:?}");
    assert!(!written.iter().any(|f| f.starts_with("tags/")), "{written:?}");
    assert_eq!(texts(&site.html("regions/gulf/timeline/index.html"), "h1"), ["What happened in Gulf, month by month"]);
    assert!(links("regions/gulf/index.html").contains(&"/regions/gulf/timeline/".to_string()));
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    // A misspelt key is named with a suggestion.
    site.write("site.yaml", &format!("{SITE_YAML}term_timeline: false\n"));
    let r = site.build_ok(&[]);
    assert!(r.stderr.contains("term_timeline") && r.stderr.contains("term_timelines"), "{r:?}");
}

#[test]
fn a_term_timeline_is_paginated_and_a_month_runs_over_pages_with_its_whole_counts() {
    let site = gulf_site(3);
    site.build_ok(&[]);
    let pages = [
        "regions/gulf/timeline/index.html",
        "regions/gulf/timeline/page/2/index.html",
        "regions/gulf/timeline/page/3/index.html",
    ];
    let mut entries = Vec::new();
    let mut headings = Vec::new();
    for p in pages {
        for (h, e) in months(&site.html(p)) {
            headings.push(h);
            entries.extend(e);
        }
    }
    assert!(!site.path("public/regions/gulf/timeline/page/4/index.html").exists());
    assert_eq!(entries.len(), 8, "{entries:?}");
    assert_eq!(entries.iter().collect::<BTreeSet<_>>().len(), 8, "each entry once");
    // November's five entries run from page 1 to page 3, its heading counting the whole month.
    assert_eq!(headings.iter().filter(|h| h.starts_with("November 2025")).count(), 3);
    assert!(
        headings.iter().filter(|h| h.starts_with("November 2025")).all(|h| h == "November 2025 3 events, 2 briefs")
    );
    let second = site.html(pages[1]);
    assert_eq!(attrs(&second, ".pagination a[rel=prev]", "href"), ["/regions/gulf/timeline/"]);
    assert_eq!(attrs(&second, ".pagination a[rel=next]", "href"), ["/regions/gulf/timeline/page/3/"]);
    let listed = crate::published::sitemap_locs(&site.path("public"), "sitemap.xml");
    assert!(listed.iter().any(|(l, _)| l == "https://example.org/regions/gulf/timeline/page/3/"));
}

#[test]
fn the_preview_moves_an_event_between_timelines_like_a_clean_build() {
    let site = gulf_site(3);
    let out = site.path("public");
    let opts =
        BuildOptions { root: site.root().to_path_buf(), output_dir: Some(out.clone()), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).expect("the site opens");
    assert!(first.ok(), "{:?}", first.diagnostics);
    // The three-day event moves from the Gulf to the Levant, and a new month appears.
    site.brief(
        "briefs/talks.md",
        &TALKS.replace("place: Gulf", "place: Levant").replace("2025-11-03", "2025-09-03"),
        "Body.\n",
    );
    let outcome = live.apply(&[Change::Content("briefs/talks.md".into())]);
    assert!(outcome.ok(), "{:?}", outcome.diagnostics);
    assert!(outcome.pages.iter().any(|p| p.starts_with("regions/levant/timeline/")), "{:?}", outcome.pages);
    let reference = tempfile::tempdir().unwrap();
    let clean = reference.path().join("out");
    let r = build(&BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(clean.clone()),
        ..BuildOptions::default()
    });
    assert!(r.ok());
    let (live_files, clean_files) = (snapshot(&out), snapshot(&clean));
    let names = |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&live_files), names(&clean_files));
    for (name, bytes) in &live_files {
        assert!(bytes == &clean_files[name], "{name} differs from a clean build");
    }
    let levant = months(&site.html("regions/levant/timeline/index.html"));
    assert!(levant[0].1.iter().any(|e| e.starts_with("7–9 February 2026 Three days in Muscat Levant")), "{levant:?}");
    assert!(
        months(&site.html("regions/gulf/timeline/page/3/index.html"))
            .iter()
            .any(|(h, _)| h.starts_with("September 2025"))
    );
}

#[test]
fn revisions_are_shown_newest_first_and_date_the_brief_and_its_feed_entry() {
    let site = Site::new();
    site.brief(
        "briefs/talks.md",
        "title: Talks\ndate: 2026-02-07\nupdated: 2026-02-08\nregion: Gulf\nrevisions:\n  - {date: 2026-02-09, note: Red lines restated.}\n  - {date: 2026-03-03, note: \"Second round cancelled; odds lowered.\"}",
        "Body.\n",
    );
    site.build_ok(&[]);
    let doc = site.html("briefs/talks/index.html");
    let items: Vec<String> =
        doc.select(&sel(".revision-list li")).map(|li| li.text().collect::<Vec<_>>().concat()).collect();
    assert_eq!(
        items,
        [
            "Assessment changed on 3 March 2026: Second round cancelled; odds lowered.",
            "Assessment changed on 9 February 2026: Red lines restated."
        ]
    );
    assert_eq!(attrs(&doc, "meta[property='article:modified_time']", "content"), ["2026-03-03"]);
    let feed = crate::published::feed(&site.path("public"), "atom.xml");
    let updated = feed.entries[0].updated.expect("an updated date");
    assert_eq!(updated.to_rfc3339(), "2026-03-03T00:00:00+00:00");
}

#[test]
fn a_revision_before_the_brief_or_without_a_note_is_an_error_at_its_line() {
    let site = Site::new();
    site.brief(
        "briefs/talks.md",
        "title: Talks\ndate: 2026-02-07\nregion: Gulf\nrevisions:\n  - date: 2026-01-09\n    note: Too early.\n  - {date: 2026-02-10}\n  - date: 2026-02-11\n    note: Fine.\n    by: Leila",
        "Body.\n",
    );
    let (code, report) = check_on(&site, "2026-03-01");
    assert_eq!(code, 1);
    let got: Vec<(String, u64, String)> = diags(&report).into_iter().map(|(s, _, l, m)| (s, l, m)).collect();
    let want = [
        ("error", 6, "revision 1 is dated 2026-01-09, before the brief itself (2026-02-07)"),
        ("error", 8, "revision 2 has no `note` saying what changed"),
        ("warning", 11, "revision 3: unknown key `by`, ignored"),
    ];
    let want: Vec<(String, u64, String)> = want.iter().map(|(s, l, m)| (s.to_string(), *l, m.to_string())).collect();
    assert_eq!(got, want, "{report:#}");
}

#[test]
fn a_revision_after_the_build_s_today_is_an_error() {
    let site = Site::new();
    site.brief(
        "briefs/talks.md",
        "title: Talks\ndate: 2026-02-07\nregion: Gulf\nrevisions:\n  - date: 2099-01-01\n    note: Not yet.",
        "Body.\n",
    );
    let r = site.build_err();
    assert!(r.stderr.contains("a revision is dated 2099-01-01, after today"), "{r:?}");
    assert!(r.stderr.contains("content/briefs/talks.md:6"), "{r:?}");
}

#[test]
fn check_lists_briefs_past_their_review_date_by_author() {
    let site = Site::new();
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-01-01\nregion: Gulf\nauthors: [Leila Haddad, Omar Said]\nrevisit_by: 2026-02-01",
        "A.\n",
    )
    .brief(
        "briefs/b.md",
        "title: B\ndate: 2026-01-02\nregion: Gulf\nauthors: [Leila Haddad]\nrevisit_by: 2026-01-15",
        "B.\n",
    )
    .brief("briefs/c.md", "title: C\ndate: 2026-01-03\nregion: Gulf\nrevisit_by: 2026-01-20", "C.\n")
    .brief(
        "briefs/d.md",
        "title: D\ndate: 2026-01-04\nregion: Gulf\nauthors: [Omar Said]\nrevisit_by: 2026-06-01",
        "Not due.\n",
    );
    let (code, report) = check_on(&site, "2026-03-01");
    assert_eq!(code, 0, "{report:#}");
    let mut got: Vec<(String, u64, String)> = diags(&report)
        .into_iter()
        .filter(|d| d.3.starts_with("review overdue"))
        .map(|(_, file, line, msg)| (file, line, msg))
        .collect();
    got.sort_by(|a, b| a.2.cmp(&b.2));
    assert_eq!(
        got,
        [
            (
                "content/briefs/a.md".to_string(),
                6,
                "review overdue: 1 brief by Omar Said: content/briefs/a.md:6 \"A\" (due 2026-02-01, 28 days ago)".to_string()
            ),
            (
                "content/briefs/c.md".to_string(),
                5,
                "review overdue: 1 brief with no author: content/briefs/c.md:5 \"C\" (due 2026-01-20, 40 days ago)".to_string()
            ),
            (
                "content/briefs/b.md".to_string(),
                6,
                "review overdue: 2 briefs by Leila Haddad: content/briefs/b.md:6 \"B\" (due 2026-01-15, 45 days ago); content/briefs/a.md:6 \"A\" (due 2026-02-01, 28 days ago)".to_string()
            ),
        ]
    );
    // Before the dates, nothing is due.
    let (_, report) = check_on(&site, "2026-01-10");
    assert!(!diags(&report).iter().any(|d| d.3.starts_with("review overdue")), "{report:#}");
}
