//! Publishing outputs: Atom feeds (parsed with feed-rs), sitemap.xml and robots.txt, the
//! briefs.json export, JSON-LD, and the search index queried through the theme's own script.

use std::collections::BTreeSet;
use std::process::Command;

use crate::prelude::*;
use crate::published::{broken_published_links, feed, sitemap_locs};

const BASE: &str = "https://example.org/analysis/";

/// Three briefs (one updated later, one a draft) and a page, under a subpath.
fn fixture(extra_config: &str) -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: Gulf Watch\nbase_url: {BASE}\nauthor: Desk\npaginate_by: 2\n{extra_config}"),
    );
    site.brief(
        "briefs/muscat.md",
        "title: Talks open in Muscat\ndate: 2026-02-07\nupdated: 2026-02-09T12:00:00+04:00\nregion: [Middle East, Gulf]\nactors: [United States, Iran, Oman]\ntags: [diplomacy]\nauthors: [Leila Haddad]\nsummary: Indirect talks began.",
        "## Background\n\nOmani shuttle **diplomacy** resumed. See [Hormuz](@/briefs/hormuz.md).\n",
    )
    .brief(
        "briefs/hormuz.md",
        "title: Hormuz tensions\ndate: 2025-11-03\nregion: Gulf\nactors: [Iran]\ntags: [maritime security]",
        "Tankers were shadowed near Qeshm by fast attack craft.\n",
    )
    .brief(
        "briefs/niger.md",
        "title: Niger after the coup\ndate: 2023-08-10T09:30:00+01:00\nregion: Sahel\nactors: [Niger, ECOWAS]\ntags: [coups]",
        "The junta expelled the ambassador.\n",
    )
    .brief(
        "briefs/secret.md",
        "title: Unfinished draft\ndate: 2026-03-01\nregion: Gulf\ndraft: true",
        "Not yet.\n",
    )
    .write("content/about.md", "---\ntitle: About\nkind: page\n---\nWho we are.\n");
    site
}

#[test]
fn site_feed_lists_published_briefs_newest_first_with_absolute_links() {
    let site = fixture("");
    site.build_ok(&[]);
    let out = site.path("public");
    let f = feed(&out, "atom.xml");
    assert_eq!(f.title.as_ref().unwrap().content, "Gulf Watch");
    assert_eq!(f.id, format!("{BASE}atom.xml"));
    let self_link = f.links.iter().find(|l| l.rel.as_deref() == Some("self")).unwrap();
    assert_eq!(self_link.href, format!("{BASE}atom.xml"));
    let titles: Vec<&str> = f.entries.iter().map(|e| e.title.as_ref().unwrap().content.as_str()).collect();
    assert_eq!(titles, ["Talks open in Muscat", "Hormuz tensions", "Niger after the coup"], "drafts stay out");
    let muscat = &f.entries[0];
    assert_eq!(muscat.id, format!("{BASE}briefs/muscat/"));
    assert_eq!(muscat.links[0].href, format!("{BASE}briefs/muscat/"));
    // `updated` comes from the front matter's `updated`, `published` from `date`.
    assert_eq!(muscat.updated.unwrap().to_rfc3339(), "2026-02-09T08:00:00+00:00");
    assert_eq!(muscat.published.unwrap().to_rfc3339(), "2026-02-07T00:00:00+00:00");
    assert_eq!(f.updated.unwrap(), muscat.updated.unwrap());
    assert_eq!(muscat.authors[0].name.as_deref(), Some("Leila Haddad"));
    assert_eq!(f.authors[0].name.as_deref(), Some("Desk"));
    assert_eq!(muscat.summary.as_ref().unwrap().content, "Indirect talks began.");
    let content = muscat.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(content.contains("<strong>diplomacy</strong>"), "{content}");
    assert!(content.contains(&format!("href=\"{BASE}briefs/hormuz/\"")), "links are absolute: {content}");
    // One category per term the brief is filed under, by its slug.
    let cats: BTreeSet<&str> = muscat.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(cats, BTreeSet::from(["diplomacy", "gulf", "iran", "middle-east", "oman", "united-states"]));
    // Hormuz has no `updated`: its date stands in.
    assert_eq!(f.entries[1].updated.unwrap().to_rfc3339(), "2025-11-03T00:00:00+00:00");
    let problems = broken_published_links(&out, BASE);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_term_has_a_feed_of_its_own_briefs_and_pages_link_to_them() {
    let site = fixture("");
    site.build_ok(&[]);
    let out = site.path("public");
    let iran = feed(&out, "actors/iran/atom.xml");
    let titles: Vec<&str> = iran.entries.iter().map(|e| e.title.as_ref().unwrap().content.as_str()).collect();
    assert_eq!(titles, ["Talks open in Muscat", "Hormuz tensions"]);
    assert_eq!(iran.title.unwrap().content, "Actor: Iran · Gulf Watch");
    // Term feeds carry summaries by default; the site feed has the full text.
    assert!(iran.entries.iter().all(|e| e.content.is_none() && e.summary.is_some()));
    assert!(feed(&out, "atom.xml").entries.iter().all(|e| e.content.is_some()));
    assert_eq!(feed(&out, "regions/sahel/atom.xml").entries.len(), 1);
    assert_eq!(feed(&out, "tags/coups/atom.xml").entries[0].title.as_ref().unwrap().content, "Niger after the coup");
    // Autodiscovery: the site feed everywhere, the term's own on its page.
    let term = site.html("actors/iran/index.html");
    let alternates = attrs(&term, "link[rel=alternate][type='application/atom+xml']", "href");
    assert_eq!(alternates, ["/analysis/atom.xml", "/analysis/actors/iran/atom.xml"]);
    let home = site.html("index.html");
    assert_eq!(attrs(&home, "link[rel=alternate][type='application/atom+xml']", "href"), ["/analysis/atom.xml"]);
}

#[test]
fn feed_options_limit_entries_and_drop_content_and_term_feeds() {
    let site = fixture("feeds:\n  limit: 2\n  full_content: false\n  terms: false\n");
    site.build_ok(&[]);
    let out = site.path("public");
    let f = feed(&out, "atom.xml");
    assert_eq!(f.entries.len(), 2);
    assert!(f.entries.iter().all(|e| e.content.is_none()));
    assert!(f.entries.iter().all(|e| e.summary.is_some()));
    assert!(!out.join("actors/iran/atom.xml").exists());
    let term = site.html("actors/iran/index.html");
    assert_eq!(attrs(&term, "link[rel=alternate][type='application/atom+xml']", "href"), ["/analysis/atom.xml"]);
}

#[test]
fn term_feeds_can_carry_full_content() {
    let site = fixture("feeds:\n  terms_full_content: true\n");
    site.build_ok(&[]);
    let out = site.path("public");
    let iran = feed(&out, "actors/iran/atom.xml");
    let body = iran.entries[0].content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default();
    assert!(body.contains("<p>"), "{body}");
    // Muscat is in the site feed and in seven term feeds, and has its own page: its text is
    // in every one of them (a build lets a brief's HTML go after its last use).
    let content_of = |path: &str| {
        let f = feed(&out, path);
        let e = f.entries.iter().find(|e| e.title.as_ref().unwrap().content == "Talks open in Muscat").cloned();
        e.and_then(|e| e.content).and_then(|c| c.body).unwrap_or_default()
    };
    for path in [
        "atom.xml",
        "regions/middle-east/atom.xml",
        "regions/gulf/atom.xml",
        "actors/united-states/atom.xml",
        "actors/iran/atom.xml",
        "actors/oman/atom.xml",
        "tags/diplomacy/atom.xml",
    ] {
        assert!(content_of(path).contains("Omani shuttle <strong>diplomacy</strong>"), "{path}");
    }
    let page = site.html("briefs/muscat/index.html");
    assert!(texts(&page, "main").join(" ").contains("Omani shuttle diplomacy resumed"));
}

#[test]
fn sitemap_lists_exactly_the_public_pages_and_robots_points_to_it() {
    let site = fixture("");
    site.build_ok(&[]);
    let out = site.path("public");
    let locs = sitemap_locs(&out, "sitemap.xml");
    let listed: BTreeSet<String> = locs.iter().map(|(l, _)| l.clone()).collect();
    assert_eq!(listed.len(), locs.len(), "no URL twice");
    // The public pages are every produced HTML page but the 404 and search pages.
    let expected: BTreeSet<String> = list_files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html" && f != "search/index.html")
        .map(|f| format!("{BASE}{}", f.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, expected);
    assert!(listed.contains(&format!("{BASE}page/2/")), "pagination pages are listed");
    assert!(!listed.iter().any(|l| l.contains("secret")));
    let lastmod = |url: &str| locs.iter().find(|(l, _)| l == url).unwrap().1.clone();
    assert_eq!(lastmod(&format!("{BASE}briefs/hormuz/")).as_deref(), Some("2025-11-03T00:00:00+00:00"));
    assert_eq!(lastmod(&format!("{BASE}regions/sahel/")).as_deref(), Some("2023-08-10T09:30:00+01:00"));
    assert_eq!(lastmod(&format!("{BASE}about/")), None);
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert_eq!(robots, format!("User-agent: *\nDisallow:\n\nSitemap: {BASE}sitemap.xml\n"));
    assert!(out.join("404.html").exists());
    assert!(broken_published_links(&out, BASE).is_empty());
    // Pagination pages link among themselves and into the site like any other page.
    let problems = broken_links(&out, "/analysis/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn briefs_json_matches_the_content() {
    let site = fixture("");
    site.build_ok(&[]);
    let text = std::fs::read_to_string(site.path("public/briefs.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["site"]["base_url"], BASE);
    let briefs = v["briefs"].as_array().unwrap();
    let titles: Vec<&str> = briefs.iter().map(|b| b["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Talks open in Muscat", "Hormuz tensions", "Niger after the coup"]);
    let m = &briefs[0];
    assert_eq!(m["url"], format!("{BASE}briefs/muscat/"));
    assert_eq!(m["source"], "briefs/muscat.md");
    assert_eq!(m["date"], "2026-02-07T00:00:00+00:00");
    assert_eq!(m["updated"], "2026-02-09T12:00:00+04:00");
    assert_eq!(m["regions"], serde_json::json!(["Middle East", "Gulf"]));
    assert_eq!(m["actors"], serde_json::json!(["United States", "Iran", "Oman"]));
    assert_eq!(m["tags"], serde_json::json!(["diplomacy"]));
    assert_eq!(m["authors"], serde_json::json!(["Leila Haddad"]));
    assert_eq!(m["summary"], "Indirect talks began.");
    assert_eq!(briefs[2]["date"], "2023-08-10T09:30:00+01:00");
    assert!(briefs[1]["updated"].is_null());
}

#[test]
fn brief_pages_carry_json_ld_open_graph_and_canonical_links() {
    let site = fixture("");
    site.brief(
        "briefs/hostile.md",
        "title: \"</script><script>alert(1)</script>\"\ndate: 2024-01-01\nregion: Gulf",
        "Body.\n",
    );
    site.build_ok(&[]);
    let page = site.html("briefs/muscat/index.html");
    let ld = texts(&page, "script[type='application/ld+json']");
    let v: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["headline"], "Talks open in Muscat");
    assert_eq!(v["url"], format!("{BASE}briefs/muscat/"));
    assert_eq!(v["datePublished"], "2026-02-07T00:00:00+00:00");
    assert_eq!(v["dateModified"], "2026-02-09T12:00:00+04:00");
    assert_eq!(v["author"][0]["name"], "Leila Haddad");
    assert_eq!(v["about"].as_array().unwrap().len(), 3);
    assert_eq!(attrs(&page, "link[rel=canonical]", "href"), [format!("{BASE}briefs/muscat/")]);
    assert_eq!(attrs(&page, "meta[property='og:title']", "content"), ["Talks open in Muscat"]);
    assert_eq!(attrs(&page, "meta[property='og:url']", "content"), [format!("{BASE}briefs/muscat/")]);
    assert_eq!(attrs(&page, "meta[name='twitter:card']", "content"), ["summary"]);
    // A title that tries to close the script element stays inside the JSON.
    let hostile = site.html("briefs/hostile/index.html");
    let ld = texts(&hostile, "script[type='application/ld+json']");
    assert_eq!(ld.len(), 1);
    let v: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(v["headline"], "</script><script>alert(1)</script>");
    assert_eq!(texts(&hostile, "script:not([type])").len(), 0, "no script element was injected");
}

/// Run the theme's search engine (search.js, under node) over a built index.
fn search(site: &Site, queries: serde_json::Value) -> Vec<serde_json::Value> {
    let script = repo().join("tests/js/search_engine_test.js");
    let dir = format!("{}/", site.path("public/search").display());
    let out = Command::new("node")
        .arg(script)
        .arg(&dir)
        .arg(queries.to_string())
        .output()
        .expect("node is needed for the search tests (scripts/test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn titles(r: &serde_json::Value) -> Vec<String> {
    r["results"].as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap().to_string()).collect()
}

#[test]
#[ignore = "runs the theme's search script under node: `scripts/test` installs node and runs it"]
fn search_finds_a_brief_by_the_canonical_name_of_an_alias_it_used() {
    let site = Site::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\naliases:\n  United States: [USA]\n");
    site.brief("briefs/a.md", "title: Talks\ndate: 2026-01-01\nregion: Gulf\nactors: [USA]", "Body.\n");
    site.build_ok(&[]);
    let r = search(&site, serde_json::json!([{"q": "united states"}, {"q": "usa"}]));
    assert_eq!(titles(&r[0]), ["Talks"]);
    assert_eq!(titles(&r[1]), ["Talks"]);
}

#[test]
#[ignore = "runs the theme's search script under node: `scripts/test` installs node and runs it"]
fn search_index_finds_briefs_by_actor_body_word_prefix_and_filter() {
    let site = fixture("");
    site.build_ok(&[]);
    let r = search(
        &site,
        serde_json::json!([
            {"q": "Iran"},
            {"q": "Qeshm"},
            {"q": "ECOWAS junta"},
            {"q": "omani"},
            {"q": "sha"},
            {"q": "iran", "region": "sahel"},
            {"q": "", "tag": "coups"},
            {"q": "unfinished"},
            {"q": "", "region": "gulf", "actor": "iran"},
            {"q": "", "region": "gulf", "actor": "oman"},
            {"q": "", "actor": "iran", "tag": "maritime-security"},
        ]),
    );
    // An actor's name: both Iran briefs, the one naming Iran in its title or terms first.
    assert_eq!(titles(&r[0]), ["Talks open in Muscat", "Hormuz tensions"]);
    // A word found only in one brief's body.
    assert_eq!(titles(&r[1]), ["Hormuz tensions"]);
    assert_eq!(titles(&r[2]), ["Niger after the coup"]);
    assert_eq!(titles(&r[3]), ["Talks open in Muscat"]);
    // Prefix: "sha" matches "shadowed" and "shuttle" does not.
    assert_eq!(titles(&r[4]), ["Hormuz tensions"]);
    assert_eq!(r[5]["total"], 0);
    assert_eq!(titles(&r[6]), ["Niger after the coup"]);
    assert_eq!(r[7]["total"], 0, "drafts are not indexed");
    // Two filters at once: both lists must hold the brief. (A site this small keeps each
    // taxonomy's lists in one file, so both come from files shared with other terms.)
    assert_eq!(titles(&r[8]), ["Talks open in Muscat", "Hormuz tensions"]);
    assert_eq!(titles(&r[9]), ["Talks open in Muscat"]);
    assert_eq!(titles(&r[10]), ["Hormuz tensions"]);
    assert!(site.path("public/search/facets/actors.json").exists());
    let first = &r[1]["results"][0];
    assert_eq!(first["url"], "/analysis/briefs/hormuz/");
    assert_eq!(first["date"], "2025-11-03");
    assert_eq!(first["regions"], serde_json::json!(["Gulf"]));
    // The search page links the index under the base path.
    let page = site.html("search/index.html");
    assert_eq!(attrs(&page, "[data-index]", "data-index"), ["/analysis/search/"]);
    assert_eq!(attrs(&page, "script[src]", "src"), ["/analysis/i18n.js", "/analysis/search.js"]);
    assert!(site.path("public/search.js").exists() && site.path("public/i18n.js").exists());
}
