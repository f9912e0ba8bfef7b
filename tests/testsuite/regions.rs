//! The region hierarchy (`regions:` in site.yaml): a brief filed under a region is listed on
//! the pages, feeds and search facets of every region above it, once, marked with the
//! sub-region it came through; region pages show their parents and sub-regions, the overview
//! is a tree; a name in two places, a cycle and a wrong shape are located errors.

use std::collections::BTreeSet;

use crate::prelude::*;
use crate::published::feed;

/// Oman and Qatar in the Gulf, the Gulf and the Levant in the Middle East, the United States
/// (written by its alias) in the Americas; Yemen is in the tree but no published brief is
/// filed under it. Two briefs a page.
const TREE_YAML: &str = "title: Regions\nbase_url: https://example.org/\npaginate_by: 2\naliases:\n  United States: [USA]\nregions:\n  Middle East: [Gulf, Levant]\n  Gulf: [Oman, Qatar, Yemen]\n  Americas: [USA]\n";

/// Briefs by slug with their regions, newest first. `both` is filed under Gulf and Oman, and
/// must count once on Gulf and the Middle East; `held` is a draft, published nowhere.
const BRIEFS: [(&str, &str); 6] = [
    ("oman", "[Oman]"),
    ("both", "[Gulf, Oman]"),
    ("qatar", "[Qatar]"),
    ("syria", "[Syria]"),
    ("usa", "[United States]"),
    ("levant", "[Levant]"),
];

fn tree_site() -> Site {
    let s = Site::new();
    s.write("site.yaml", TREE_YAML);
    for (k, (slug, regions)) in BRIEFS.iter().enumerate() {
        let front = format!("title: \"Brief {slug}\"\ndate: 2026-01-{:02}\nregion: {regions}", 20 - k);
        s.brief(&format!("{slug}.md"), &front, "Summary.\n");
    }
    s.brief("held.md", "title: Held\ndate: 2026-01-25\nregion: [Qatar, Yemen]\ndraft: true", "Not yet.\n");
    s
}

/// The briefs listed on every page of a region's list, by slug, each page in order.
fn listed(s: &Site, slug: &str) -> Vec<String> {
    let mut out = Vec::new();
    for n in 1.. {
        let rel =
            if n == 1 { format!("regions/{slug}/index.html") } else { format!("regions/{slug}/page/{n}/index.html") };
        if !s.path("public").join(&rel).is_file() {
            break;
        }
        out.extend(attrs(&s.html(&rel), ".brief-card-title a", "href"));
    }
    out.into_iter().map(|h| h.trim_start_matches('/').trim_end_matches('/').to_string()).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The count a region page states in its header ("3 briefs…").
fn stated_count(s: &Site, slug: &str) -> usize {
    let head = texts(&s.html(&format!("regions/{slug}/index.html")), ".page-count").join(" ");
    head.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("a count in {head:?}"))
}

#[test]
fn a_brief_rolls_up_to_every_ancestor_once_and_counts_are_of_distinct_briefs() {
    let s = tree_site();
    let (code, report) = s.check_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert!(check_diagnostics(&report).is_empty(), "{report}");
    s.build_ok(&[]);
    let expected: [(&str, &[&str]); 8] = [
        ("oman", &["oman", "both"]),
        ("qatar", &["qatar"]),
        ("gulf", &["oman", "both", "qatar"]),
        ("levant", &["levant"]),
        ("middle-east", &["oman", "both", "qatar", "levant"]),
        ("syria", &["syria"]),
        ("united-states", &["usa"]),
        ("americas", &["usa"]),
    ];
    for (region, briefs) in expected {
        let shown = listed(&s, region);
        assert_eq!(shown.len(), briefs.len(), "{region} lists each brief once: {shown:?}");
        assert_eq!(shown.iter().cloned().collect::<BTreeSet<_>>(), set(briefs), "{region}");
        assert_eq!(stated_count(&s, region), briefs.len(), "{region}'s count");
    }
    assert_eq!(listed(&s, "middle-east"), ["oman", "both", "qatar", "levant"], "newest first across pages");
    assert!(!s.path("public/regions/yemen").exists(), "a region with no published brief below has no page");
    let overview = s.html("regions/index.html");
    let all: Vec<String> = texts(&overview, ".term-name");
    assert!(!all.iter().any(|n| n == "Yemen"), "{all:?}");
    assert_eq!(broken_links(&s.path("public"), "/"), Vec::<String>::new());
}

#[test]
fn rolled_up_briefs_are_marked_with_the_sub_region_they_came_through() {
    let s = tree_site();
    s.build_ok(&[]);
    let via = |region: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for n in 1..=2 {
            let rel = if n == 1 {
                format!("regions/{region}/index.html")
            } else {
                format!("regions/{region}/page/{n}/index.html")
            };
            if !s.path("public").join(&rel).is_file() {
                continue;
            }
            let doc = s.html(&rel);
            for card in doc.select(&sel(".brief-card")) {
                let title =
                    card.select(&sel(".brief-card-title a")).next().expect("a title").text().collect::<String>();
                let mark: Vec<String> = card.select(&sel(".via")).map(|v| v.text().collect::<String>()).collect();
                out.push((title, mark.join("|")));
            }
        }
        out
    };
    assert_eq!(
        via("gulf"),
        [
            ("Brief oman".to_string(), "via Oman".to_string()),
            ("Brief both".into(), String::new()),
            ("Brief qatar".into(), "via Qatar".into())
        ]
    );
    assert_eq!(
        via("middle-east"),
        [
            ("Brief oman".to_string(), "via Oman".to_string()),
            ("Brief both".into(), "via Gulf".into()),
            ("Brief qatar".into(), "via Qatar".into()),
            ("Brief levant".into(), "via Levant".into())
        ]
    );
    assert!(via("oman").iter().all(|(_, m)| m.is_empty()), "filed under Oman itself");
    let gulf = s.html("regions/gulf/index.html");
    assert_eq!(attrs(&gulf, ".via a", "href"), ["/regions/oman/"], "the first page's marks link to the sub-region");
    assert!(texts(&s.html("index.html"), ".via").is_empty(), "the home page's cards are not marked");
}

#[test]
fn a_region_page_shows_its_parents_and_its_sub_regions_with_counts() {
    let s = tree_site();
    s.build_ok(&[]);
    let oman = s.html("regions/oman/index.html");
    assert_eq!(attrs(&oman, "nav.breadcrumb", "aria-label"), ["Breadcrumb"]);
    assert_eq!(texts(&oman, "nav.breadcrumb ol > li"), ["Home", "Regions", "Middle East", "Gulf"]);
    assert_eq!(attrs(&oman, "nav.breadcrumb a", "href"), ["/", "/regions/", "/regions/middle-east/", "/regions/gulf/"]);
    assert!(texts(&oman, ".subregions li").is_empty());
    let gulf = s.html("regions/gulf/index.html");
    assert_eq!(texts(&gulf, "nav.breadcrumb ol > li"), ["Home", "Regions", "Middle East"]);
    assert_eq!(texts(&gulf, ".subregions li"), ["Oman 2 briefs", "Qatar 1 brief"]);
    assert_eq!(attrs(&gulf, ".subregions a", "href"), ["/regions/oman/", "/regions/qatar/"]);
    let me = s.html("regions/middle-east/index.html");
    assert_eq!(texts(&me, ".subregions li"), ["Gulf 3 briefs", "Levant 1 brief"]);
    assert_eq!(texts(&me, ".page-count"), ["4 briefs, all filed under its sub-regions"]);
    let us = s.html("regions/united-states/index.html");
    assert_eq!(texts(&us, "nav.breadcrumb ol > li"), ["Home", "Regions", "Americas"], "the alias is placed");
    let syria = s.html("regions/syria/index.html");
    assert_eq!(texts(&syria, "nav.breadcrumb ol > li"), ["Home", "Regions"], "outside the tree: top level");
}

#[test]
fn the_overview_is_a_tree_with_counts_including_sub_regions() {
    let s = tree_site();
    s.build_ok(&[]);
    let doc = s.html("regions/index.html");
    let level = |css: &str| texts(&doc, &format!("{css} > a"));
    assert_eq!(level("ul.term-tree > li"), ["Americas 1 brief", "Middle East 4 briefs", "Syria 1 brief"]);
    assert_eq!(level("ul.term-tree > li > ul > li"), ["United States 1 brief", "Gulf 3 briefs", "Levant 1 brief"]);
    assert_eq!(level("ul.term-tree > li > ul > li > ul > li"), ["Oman 2 briefs", "Qatar 1 brief"]);
    // Nested under the right parent, not only at the right depth: the Gulf's item holds its
    // own name, then its sub-regions'.
    let gulf = doc
        .select(&sel("ul.term-tree > li > ul > li"))
        .find(|li| li.text().collect::<String>().trim_start().starts_with("Gulf"))
        .expect("the Gulf's item");
    let names: Vec<String> = gulf.select(&sel(".term-name")).map(|n| n.text().collect()).collect();
    assert_eq!(names, ["Gulf", "Oman", "Qatar"]);
    // A branch two levels deep closed before a top-level region: the lists nest and balance.
    let deep = Site::new();
    deep.write("site.yaml", "title: x\nbase_url: https://example.org/\nregions:\n  Africa:\n    Sahel: [Mali]\n");
    deep.brief("mali.md", "title: Mali\ndate: 2026-01-02\nregion: [Mali]", "Text.\n");
    deep.brief("zambia.md", "title: Zambia\ndate: 2026-01-01\nregion: [Zambia]", "Text.\n");
    deep.build_ok(&[]);
    let doc = deep.html("regions/index.html");
    assert_eq!(texts(&doc, "ul.term-tree > li > a .term-name"), ["Africa", "Zambia"]);
    assert_eq!(texts(&doc, "ul.term-tree > li > ul > li > ul > li > a .term-name"), ["Mali"]);
    let raw = std::fs::read_to_string(deep.path("public/regions/index.html")).unwrap();
    let tree = &raw[raw.find("<ul class=\"term-index term-tree\"").unwrap()..raw.find("</main>").unwrap()];
    assert_eq!(tree.matches("<ul").count(), tree.matches("</ul>").count(), "{tree}");
    assert_eq!(tree.matches("<li").count(), tree.matches("</li>").count(), "{tree}");
}

#[test]
fn the_feeds_and_search_facets_of_ancestors_hold_the_sub_regions_briefs() {
    let s = tree_site();
    s.build_ok(&[]);
    let out = s.path("public");
    for (region, n) in [("middle-east", 4), ("gulf", 3), ("americas", 1)] {
        let f = feed(&out, &format!("regions/{region}/atom.xml"));
        let links: Vec<String> =
            f.entries.iter().map(|e| e.links.first().map(|l| l.href.clone()).unwrap_or_default()).collect();
        assert_eq!(links.len(), n, "{region}: {links:?}");
        assert_eq!(links.iter().collect::<BTreeSet<_>>().len(), n, "{region}: each brief once");
        if region != "americas" {
            // The entry names where it is filed: its categories are its own regions.
            let oman = f.entries.iter().find(|e| e.links.iter().any(|l| l.href.ends_with("/oman/")));
            let labels: Vec<String> =
                oman.expect("the Oman brief").categories.iter().filter_map(|c| c.label.clone()).collect();
            assert_eq!(labels, ["Oman"], "{region}");
        }
    }
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search/meta.json")).unwrap()).unwrap();
    let count = |name: &str| {
        meta["facets"]["region"].as_array().unwrap().iter().find(|t| t["name"] == name).map(|t| t["count"].clone())
    };
    assert_eq!(count("Middle East"), Some(4.into()));
    assert_eq!(count("Gulf"), Some(3.into()));
    assert_eq!(count("Yemen"), None);
    // Listed in the tree's order, with each region's depth, for the filter to indent.
    let order: Vec<(String, u64)> = meta["facets"]["region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_string(), t["depth"].as_u64().unwrap()))
        .collect();
    let expected = [
        ("Americas", 0),
        ("United States", 1),
        ("Middle East", 0),
        ("Gulf", 1),
        ("Oman", 2),
        ("Qatar", 2),
        ("Levant", 1),
        ("Syria", 0),
    ];
    assert_eq!(order, expected.map(|(n, d)| (n.to_string(), d)));
    // The facet lists: document ids, delta-encoded; each names the brief's search record.
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search/facets/region.json")).unwrap()).unwrap();
    let docs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search/docs/0.json")).unwrap()).unwrap();
    let mut id = 0;
    let mut urls = BTreeSet::new();
    for (k, d) in bundle["middle-east"].as_array().unwrap().iter().enumerate() {
        id = if k == 0 { d.as_u64().unwrap() } else { id + d.as_u64().unwrap() };
        urls.insert(docs[id as usize]["url"].as_str().unwrap().trim_matches('/').to_string());
    }
    assert_eq!(urls, set(&["oman", "both", "qatar", "levant"]));
}

/// The errors of `check` on a site whose site.yaml is `yaml`: (line, message) of each.
fn config_errors(yaml: &str) -> Vec<(u64, String)> {
    let s = Site::new();
    s.write("site.yaml", yaml);
    s.brief("a.md", "title: A\ndate: 2026-01-01\nregion: [Oman]", "Text.\n");
    let (code, report) = s.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    s.build_err();
    check_diagnostics(&report)
        .into_iter()
        .filter(|(sev, file, _, _)| sev == "error" && file.ends_with("site.yaml"))
        .map(|(_, _, line, m)| (line, m))
        .collect()
}

#[test]
fn a_region_in_two_places_is_an_error_naming_both_with_aliases_resolved() {
    let errors = config_errors(
        "title: x\naliases:\n  United States: [USA]\nregions:\n  Gulf: [Oman, Qatar]\n  Arabia:\n    - Yemen\n    - Oman\n  Americas: [USA]\n  North America: [United States]\n",
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, 8);
    assert!(errors[0].1.contains("\"Oman\"") && errors[0].1.contains("(line 5)") && errors[0].1.contains("(line 8)"));
    assert!(errors[0].1.contains("\"Gulf\"") && errors[0].1.contains("\"Arabia\""), "{}", errors[0].1);
    assert_eq!(errors[1].0, 10);
    assert!(errors[1].1.contains("United States") && errors[1].1.contains("(line 9)"), "{}", errors[1].1);
}

#[test]
fn a_cycle_and_wrong_shapes_are_located_errors() {
    let errors =
        config_errors("title: x\nregions:\n  Gulf: [Oman]\n  Oman: [Gulf]\n  Levant: 3\n  Sahel: [Mali, [Niger]]\n");
    assert_eq!(errors.len(), 3, "{errors:?}");
    let cycle = errors.iter().find(|(_, m)| m.contains("cycle")).expect("a cycle error");
    assert!(cycle.1.contains("\"Gulf\"") && cycle.1.contains("\"Oman\""), "{}", cycle.1);
    let shapes: Vec<u64> = errors.iter().filter(|(_, m)| m.contains("must be region names")).map(|e| e.0).collect();
    assert_eq!(shapes, [5, 6]);
    let s = Site::new();
    s.write("site.yaml", "title: x\nregions: [Gulf, Oman]\n");
    let (code, report) = s.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["line"], 2, "{report}");
    assert!(d["message"].as_str().unwrap().contains("a map of regions"), "{report}");
}
