//! The home page as a front page: the newest brief leads, with its bottom line; the others are
//! listed as cards; a rail offers the top-level regions with their counts and the latest events
//! that have happened. Later pages are plain lists, and nothing held back shows anywhere.

use crate::prelude::*;

fn front_site(site: &Site) {
    site.write(
        "site.yaml",
        "title: Front\nbase_url: https://example.org/\npaginate_by: 3\nregions:\n  Middle East: [Gulf]\n  Africa: [Sahel]\n",
    );
    site.brief(
        "briefs/muscat.md",
        "title: Talks open in Muscat\ndate: 2026-02-07\nregion: Gulf\nauthors: [Leila Haddad]\nconfidence: moderate\nsummary: Indirect talks began.\nbluf: The channel is back; the substance is not.\nevents:\n  - {date: 2026-02-07, title: Delegations meet in Muscat}\n  - {date: 2099-01-01, title: A vote still to come}",
        "Body.\n",
    )
    .brief(
        "briefs/hormuz.md",
        "title: Hormuz tensions\ndate: 2025-11-03\nregion: Gulf\nsummary: Tankers were shadowed.\nevents:\n  - {date: 2025-11-01, title: A tanker is shadowed}",
        "Body.\n",
    )
    .brief("briefs/niger.md", "title: Niger after the coup\ndate: 2023-08-10\nregion: Sahel", "Body.\n")
    .brief("briefs/old.md", "title: An older brief\ndate: 2020-01-01\nregion: Middle East", "Body.\n")
    .brief(
        "briefs/secret.md",
        "title: Held back\ndate: 2026-01-01\nregion: Gulf\ndraft: true\nevents:\n  - {date: 2026-01-30, title: A draft's event}",
        "Body.\n",
    );
}

#[test]
fn the_newest_brief_leads_with_its_bottom_line_and_the_others_are_listed() {
    let site = Site::new();
    front_site(&site);
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(texts(&home, "main h1"), ["Front"], "one h1: the site's title, for assistive technology");
    assert_eq!(texts(&home, ".home-lead h2 a"), ["Talks open in Muscat"]);
    assert_eq!(texts(&home, ".home-lead-bluf"), ["The channel is back; the substance is not."]);
    assert_eq!(texts(&home, ".home-lead .confidence"), ["Moderate confidence"]);
    assert_eq!(texts(&home, ".home-lead .card-authors"), ["By Leila Haddad"]);
    assert_eq!(texts(&home, ".brief-list .brief-card-title a"), ["Hormuz tensions", "Niger after the coup"]);
    assert_eq!(texts(&home, ".brief-list .kicker a"), ["Gulf", "Sahel"]);
    // Page 2 is a plain list: no lead, no rail.
    let p2 = site.html("page/2/index.html");
    assert!(p2.select(&sel(".home-lead, .home-rail")).next().is_none());
    assert_eq!(texts(&p2, ".brief-list .brief-card-title a"), ["An older brief"]);
}

#[test]
fn the_rail_offers_top_level_regions_and_the_events_that_have_happened() {
    let site = Site::new();
    front_site(&site);
    site.build_ok(&[]);
    let home = site.html("index.html");
    // Top-level regions only, most briefs first; a region counts its sub-regions' briefs.
    assert_eq!(texts(&home, ".home-region-list .home-region-name"), ["Middle East", "Africa"]);
    assert_eq!(texts(&home, ".home-region-list .count"), ["3 briefs", "1 brief"]);
    assert_eq!(attrs(&home, ".home-region-list a", "href"), ["/regions/middle-east/", "/regions/africa/"]);
    // Newest first, each linking to its brief; the event still to come and the draft's are left out.
    assert_eq!(texts(&home, ".home-event-list a"), ["Delegations meet in Muscat", "A tanker is shadowed"]);
    assert_eq!(attrs(&home, ".home-event-list a", "href"), ["/briefs/muscat/", "/briefs/hormuz/"]);
    assert_eq!(attrs(&home, ".home-event-list time", "datetime"), ["2026-02-07", "2025-11-01"]);
    let text = std::fs::read_to_string(site.path("public/index.html")).unwrap();
    assert!(!text.contains("Held back") && !text.contains("draft's event"), "a draft shows nowhere on the home page");
}

#[test]
fn a_page_of_one_or_two_briefs_is_a_plain_list() {
    let site = Site::new();
    site.write("site.yaml", "title: Small\nbase_url: https://example.org/\n");
    site.brief("briefs/a.md", "title: Alpha\ndate: 2026-01-02\nregion: Gulf", "Body.\n").brief(
        "briefs/b.md",
        "title: Beta\ndate: 2026-01-01\nregion: Gulf",
        "Body.\n",
    );
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert!(home.select(&sel(".home-lead")).next().is_none());
    assert_eq!(texts(&home, ".brief-list .brief-card-title a"), ["Alpha", "Beta"]);
}
