//! Analyst features: analytic front matter rendered and validated, the supersedes chain in both
//! directions, related briefs, and the confidence page.

use crate::prelude::*;

const FULL: &str = r#"title: Talks open in Muscat
date: 2026-02-07
region: Gulf
actors: [Iran, Oman, United States]
tags: [diplomacy]
bluf: "Talks resumed; the format, not the substance, is the gain."
key_judgments:
  - Neither side moved on enrichment.
  - Oman will host a second round.
confidence: moderate
status: final
sources:
  - {title: "Joint read-out", url: "https://example.org/readout", publisher: Omani MFA, date: 2026-02-08}
  - {title: "Background briefing"}
events:
  - {date: 2026-02-07, title: First round in Muscat}
  - {date: 2026-01-20, title: Omani invitation}"#;

#[test]
fn analytic_fields_render_on_the_brief_page() {
    let site = Site::new();
    site.brief("briefs/muscat.md", FULL, "Body.\n");
    site.build_ok(&[]);
    let page = site.html("briefs/muscat/index.html");
    assert_eq!(texts(&page, ".bluf p"), ["Talks resumed; the format, not the substance, is the gain."]);
    assert_eq!(texts(&page, ".judgments li"), ["Neither side moved on enrichment.", "Oman will host a second round."]);
    assert_eq!(texts(&page, "a.confidence"), ["Moderate confidence"]);
    assert_eq!(attrs(&page, "a.confidence", "href"), ["/confidence/#moderate"]);
    let sources: Vec<String> = page.select(&sel(".source-list li")).map(|e| e.text().collect::<String>()).collect();
    // The source's date as the site writes dates.
    assert_eq!(sources, ["Omani MFA, Joint read-out, 8 February 2026.", "Background briefing."]);
    assert_eq!(attrs(&page, ".source-list a", "href"), ["https://example.org/readout"]);
    assert_eq!(attrs(&page, ".source-list li", "id"), ["source-1", "source-2"]);
    // Events in date order, whatever order they were written in.
    assert_eq!(
        texts(&page, ".event-list li"),
        ["20 January 2026 Omani invitation", "7 February 2026 First round in Muscat"]
    );
    assert!(texts(&page, ".banner").is_empty());
    // The confidence page explains every level and counts briefs at each.
    let conf = site.html("confidence/index.html");
    assert_eq!(attrs(&conf, "dt", "id"), ["high", "moderate", "low"]);
    assert_eq!(texts(&conf, "dd .meta"), ["1 brief at this level."], "only the level with briefs counts them");
}

#[test]
fn analytic_field_errors_are_located_and_explained() {
    let site = Site::new();
    site.brief(
        "briefs/bad.md",
        "title: Bad\ndate: 2026-01-01\nregion: Gulf\nconfidence: certain\nstatus: done\nsources:\n  - {url: \"ftp://x\"}\n  - just a string\nevents:\n  - {date: 2026-02-30, title: Never}\n  - {date: 2026-01-02}",
        "Body.\n",
    );
    let r = site.build_err();
    let e = &r.stderr;
    assert!(e.contains("unknown confidence level \"certain\""), "{e}");
    assert!(e.contains("bad.md:5"), "confidence is on line 5: {e}");
    assert!(e.contains("unknown status \"done\""), "{e}");
    assert!(e.contains("source 1: it has no `title`"), "{e}");
    assert!(e.contains("source 1: its `url` \"ftp://x\" is not an http(s) address"), "{e}");
    assert!(e.contains("item 2 of `sources` must be a map"), "{e}");
    assert!(e.contains("event 1:") && e.contains("February 2026 has 28 days"), "{e}");
    assert!(e.contains("event 2 has no `title`"), "{e}");
    assert!(e.contains("use `low`, `moderate` or `high`"), "hints are given: {e}");
}

#[test]
fn supersedes_links_both_briefs_and_marks_the_old_one() {
    let site = Site::new();
    site.brief("briefs/old.md", "title: First assessment\ndate: 2025-01-01\nregion: Gulf", "Old.\n").brief(
        "briefs/new.md",
        "title: Revised assessment\ndate: 2026-01-01\nregion: Gulf\nsupersedes: briefs/old.md",
        "New.\n",
    );
    site.build_ok(&[]);
    let old = site.html("briefs/old/index.html");
    assert_eq!(attrs(&old, ".banner-superseded a", "href"), ["/briefs/new/"]);
    assert_eq!(
        texts(&old, ".banner-superseded"),
        [
            "Superseded. This assessment was replaced by Revised assessment ( 1 January 2026 ). Read that brief for the current view."
        ]
    );
    let new = site.html("briefs/new/index.html");
    assert_eq!(attrs(&new, ".supersedes a", "href"), ["/briefs/old/"]);
    assert!(texts(&new, ".banner").is_empty());
}

#[test]
fn bad_supersedes_targets_are_errors_with_their_line() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf\nsupersedes: briefs/missing.md", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-01-02\nregion: Gulf\nsupersedes: briefs/b.md", "B.\n")
        .brief("briefs/c.md", "title: C\ndate: 2025-01-03\nregion: Gulf", "C.\n")
        .brief("briefs/d.md", "title: D\ndate: 2025-01-04\nregion: Gulf\nsupersedes: briefs/c.md", "D.\n")
        .brief("briefs/e.md", "title: E\ndate: 2025-01-05\nregion: Gulf\nsupersedes: \"@/briefs/c.md\"", "E.\n");
    let r = site.build_err();
    let e = &r.stderr;
    assert!(e.contains("there is no content/briefs/missing.md"), "{e}");
    assert!(e.contains("a.md:5"), "{e}");
    assert!(e.contains("a brief cannot supersede itself"), "{e}");
    // Two briefs supersede c.md: the first in path order keeps it, the other is the error.
    assert!(
        e.contains("content/briefs/c.md is already superseded by content/briefs/e.md\n  --> content/briefs/d.md:5:1"),
        "{e}"
    );
    assert!(e.contains("build failed: 3 errors,"), "{e}");
}

#[test]
fn related_briefs_favour_shared_actors_then_recency() {
    let site = Site::new();
    site.brief(
        "briefs/main.md",
        "title: Main\ndate: 2026-01-01\nregion: Gulf\nactors: [Iran, Oman]\ntags: [diplomacy]",
        "M.\n",
    )
    .brief("briefs/close.md", "title: Close\ndate: 2025-12-01\nregion: Gulf\nactors: [Iran, Oman]", "C.\n")
    .brief("briefs/old-close.md", "title: Old close\ndate: 2015-12-01\nregion: Gulf\nactors: [Iran, Oman]", "O.\n")
    .brief("briefs/tag.md", "title: Tag only\ndate: 2025-11-01\nregion: Sahel\ntags: [diplomacy]", "T.\n")
    .brief("briefs/none.md", "title: Unrelated\ndate: 2025-10-01\nregion: Sahel\nactors: [Mali]", "U.\n");
    site.build_ok(&[]);
    let page = site.html("briefs/main/index.html");
    // Close: 3+3+1 = 7 at a month; tag only: 2 at two months; old close: 7 at ten years ≈ 0.64.
    assert_eq!(texts(&page, ".related-list li > a"), ["Close", "Tag only", "Old close"]);
    let unrelated = site.html("briefs/none/index.html");
    assert_eq!(texts(&unrelated, ".related-list li > a"), ["Tag only"]);
}

/// Four briefs about the Gulf and the Levant, with events, aliases and a description.
fn gulf_site() -> Site {
    let site = Site::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\naliases:\n  United States: [USA, U.S.]\n");
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-02-07\nregion: Gulf\nactors: [Iran, Oman, USA]\nevents:\n  - {date: 2026-02-06, title: Delegations arrive}",
        "A.\n",
    )
    .brief("briefs/b.md", "title: B\ndate: 2025-06-01\nregion: Gulf\nactors: [Iran, Oman, United States]", "B.\n")
    .brief(
        "briefs/c.md",
        "title: C\ndate: 2024-03-01\nregion: Levant\nactors: [Iran, Hezbollah, U.S.]\nevents:\n  - {date: 2024-02-20, title: Strike}\n  - {date: 2024-02-27, title: Ceasefire call}",
        "C.\n",
    )
    .brief("briefs/d.md", "title: D\ndate: 2023-01-01\nregion: Sahel\nactors: [Mali]", "D.\n")
    .write("content/actors/iran.md", "---\ntitle: Islamic Republic of Iran\n---\nA **state** actor. See [A](@/briefs/a.md).\n");
    site
}

#[test]
fn actor_pages_show_who_appears_with_them_where_and_when() {
    let site = gulf_site();
    let r = site.build_ok(&[]);
    assert!(r.stderr.trim().is_empty(), "aliases are not spelling warnings: {r:?}");
    let iran = site.html("actors/iran/index.html");
    let pairs = |doc: &scraper::Html, css: &str| -> Vec<(String, String)> {
        doc.select(&sel(css))
            .map(|li| {
                let a: String = li.select(&sel("a")).next().unwrap().text().collect();
                let n: String = li.select(&sel(".count")).next().unwrap().text().collect();
                (a, n)
            })
            .collect()
    };
    // USA, U.S. and United States are one actor, named as the alias table says.
    assert_eq!(
        pairs(&iran, "section[aria-labelledby=profile-actors] li"),
        [("United States".into(), "3".into()), ("Oman".into(), "2".into()), ("Hezbollah".into(), "1".into())]
    );
    assert_eq!(
        pairs(&iran, "section[aria-labelledby=profile-regions] li"),
        [("Gulf".into(), "2".into()), ("Levant".into(), "1".into())]
    );
    assert_eq!(
        attrs(&iran, "section[aria-labelledby=profile-actors] a", "href"),
        ["/actors/united-states/", "/actors/oman/", "/actors/hezbollah/"]
    );
    // The description heads the page, rendered as Markdown, its links resolved.
    assert_eq!(texts(&iran, ".term-description strong"), ["state"]);
    assert_eq!(attrs(&iran, ".term-description a", "href"), ["/briefs/a/"]);
    // Activity: one bar per year with briefs.
    let bars = attrs(&iran, ".activity-chart rect.activity-bar", "data-year");
    assert_eq!(bars, ["2024", "2025", "2026"]);
    // A region page: its most active actors.
    let gulf = site.html("regions/gulf/index.html");
    assert_eq!(
        pairs(&gulf, "section[aria-labelledby=profile-actors] li"),
        [("Iran".into(), "2".into()), ("Oman".into(), "2".into()), ("United States".into(), "2".into())]
    );
    assert!(texts(&gulf, "section[aria-labelledby=profile-regions]").is_empty());
    // Aliases reach every index: one United States page, none for USA.
    assert!(site.path("public/actors/united-states/index.html").exists());
    assert!(!site.path("public/actors/usa").exists());
}

#[test]
fn timeline_chart_has_one_mark_per_brief_and_event_in_date_order() {
    let site = gulf_site();
    site.build_ok(&[]);
    let text = std::fs::read_to_string(site.path("public/timeline/index.html")).unwrap();
    let start = text.find("<svg class=\"timeline-chart\"").expect("a chart");
    let end = text[start..].find("</svg>").unwrap() + start + "</svg>".len();
    let svg = roxmltree::Document::parse(&text[start..end]).expect("the chart is well-formed SVG");
    let marks: Vec<(String, String)> = svg
        .descendants()
        .filter(|n| n.has_class("tl-brief") || n.has_class("tl-event"))
        .map(|n| {
            let kind = if n.has_class("tl-brief") { "brief" } else { "event" };
            (kind.to_string(), n.attribute("data-date").unwrap().to_string())
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("brief", "2023-01-01"),
        ("event", "2024-02-20"),
        ("event", "2024-02-27"),
        ("brief", "2024-03-01"),
        ("brief", "2025-06-01"),
        ("event", "2026-02-06"),
        ("brief", "2026-02-07"),
    ]
    .iter()
    .map(|(k, d)| (k.to_string(), d.to_string()))
    .collect();
    assert_eq!(marks, expected);
    // Marks link to their briefs and carry a title; the events are also listed as text.
    let a = svg.descendants().find(|n| n.has_class("tl-event")).unwrap();
    assert_eq!(a.parent().unwrap().attribute("href"), Some("/briefs/c/"));
    let page = site.html("timeline/index.html");
    assert_eq!(texts(&page, ".events-all .event-title"), ["Delegations arrive", "Ceasefire call", "Strike"]);
}

#[test]
fn a_description_for_a_term_nobody_uses_is_a_warning() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Gulf", "A.\n")
        .write("content/regions/levnt.md", "---\ntitle: Levant\n---\nText.\n");
    let r = site.build_ok(&[]);
    assert!(
        r.stderr.contains("warning: this file describes the region page /regions/levnt/, but no brief is filed under it\n  --> content/regions/levnt.md:1:1"),
        "{r:?}"
    );
    assert!(r.stdout.contains(" 1 warning,"), "{r:?}");
}

trait HasClass {
    fn has_class(&self, c: &str) -> bool;
}

impl HasClass for roxmltree::Node<'_, '_> {
    fn has_class(&self, c: &str) -> bool {
        self.attribute("class").is_some_and(|v| v.split_whitespace().any(|x| x == c))
    }
}

#[test]
fn status_draft_and_review_are_published_only_with_drafts_and_superseded_shows_on_the_page() {
    let site = Site::new();
    site.brief("briefs/wip.md", "title: Work in progress\ndate: 2026-01-01\nregion: Gulf\nstatus: draft", "W.\n")
        .brief("briefs/rev.md", "title: Under review\ndate: 2026-01-01\nregion: Gulf\nstatus: review", "R.\n")
        .brief("briefs/old.md", "title: Old view\ndate: 2020-01-01\nregion: Gulf\nstatus: superseded", "O.\n")
        .brief("briefs/now.md", "title: Current view\ndate: 2026-01-02\nregion: Gulf\nstatus: final", "N.\n");
    site.build_ok(&[]);
    assert!(!site.path("public/briefs/wip").exists() && !site.path("public/briefs/rev").exists());
    site.build_ok(&["--drafts"]);
    let wip = site.html("briefs/wip/index.html");
    assert_eq!(texts(&wip, ".badge-draft"), ["Draft — not for circulation"]);
    let rev = site.html("briefs/rev/index.html");
    assert_eq!(texts(&rev, ".badge-draft"), ["In review — not for circulation"]);
    let old = site.html("briefs/old/index.html");
    assert_eq!(texts(&old, ".banner-superseded"), ["Superseded. This assessment is no longer current."]);
    let now = site.html("briefs/now/index.html");
    assert!(texts(&now, ".banner, .badge-draft").is_empty());
}
