//! What a build makes of a site's content: each brief filed under every region, actor and tag
//! it names; term overviews with their counts; a timeline newest first; brief pages with their
//! metadata, contents and neighbours; paginated lists; drafts and standalone pages kept out of
//! the lists; template overrides; static files; a base URL's subpath on every link; and an
//! output folder reused without stale files. Each test builds a fixture site with the real
//! binary and parses the HTML it wrote.

use crate::prelude::*;

fn basic(site: &Site) {
    site.brief(
        "briefs/muscat.md",
        "title: Talks open in Muscat\ndate: 2026-02-07\nregion: [Middle East, Gulf]\nactors: [United States, Iran, Oman]\ntags: [diplomacy]\nsummary: Indirect talks began.",
        "## Background\n\nFirst paragraph.\n\n## Next steps\n\nMore.\n\n## Risks\n\nSome.\n",
    )
    .brief(
        "briefs/hormuz.md",
        "title: Hormuz tensions\ndate: 2025-11-03\nregion: Gulf\nactors: [Iran]\ntags: [maritime security, diplomacy]",
        "Tankers were shadowed.\n\nSecond paragraph.\n",
    )
    .brief(
        "briefs/sahel/niger.md",
        "title: Niger after the coup\ndate: 2023-08-10T09:30:00+01:00\nregion: Sahel\nactors: [Niger, ECOWAS]\ntags: [coups]",
        "See [the talks](@/briefs/muscat.md#next-steps) and [Hormuz](../hormuz.md).\n",
    );
}

#[test]
fn region_as_string_and_list_both_file_the_brief() {
    let site = Site::new();
    basic(&site);
    site.build_ok(&[]);
    let gulf = site.html("regions/gulf/index.html");
    assert_eq!(texts(&gulf, "main li a[href*='/briefs/']"), ["Talks open in Muscat", "Hormuz tensions"]);
    let me = site.html("regions/middle-east/index.html");
    assert_eq!(texts(&me, "main a[href*='/briefs/']"), ["Talks open in Muscat"]);
}

#[test]
fn taxonomy_overview_lists_every_term_with_counts() {
    let site = Site::new();
    basic(&site);
    site.build_ok(&[]);
    let regions = site.html("regions/index.html");
    assert_eq!(
        attrs(&regions, "main a[href^='/regions/']", "href"),
        ["/regions/gulf/", "/regions/middle-east/", "/regions/sahel/"]
    );
    // Each term with the number of its briefs beside it.
    assert_eq!(texts(&regions, "main li"), ["Gulf 2 briefs", "Middle East 1 brief", "Sahel 1 brief"]);
    let tags = site.html("tags/diplomacy/index.html");
    assert_eq!(texts(&tags, "main a[href^='/briefs/']"), ["Talks open in Muscat", "Hormuz tensions"]);
}

#[test]
fn timeline_is_newest_first_grouped_by_year() {
    let site = Site::new();
    basic(&site);
    site.build_ok(&[]);
    let tl = site.html("timeline/index.html");
    // The chart's marks come first, oldest first, each labelled with its date; then the list.
    assert_eq!(
        texts(&tl, "main a[href^='/briefs/']"),
        [
            "2023-08-10 — Niger after the coup",
            "2025-11-03 — Hormuz tensions",
            "2026-02-07 — Talks open in Muscat",
            "Talks open in Muscat",
            "Hormuz tensions",
            "Niger after the coup"
        ]
    );
    assert_eq!(texts(&tl, "main h2"), ["2026 1 brief", "2025 1 brief", "2023 1 brief"]);
}

#[test]
fn brief_page_shows_metadata_links_toc_and_neighbours() {
    let site = Site::new();
    basic(&site);
    site.build_ok(&[]);
    let doc = site.html("briefs/muscat/index.html");
    assert_eq!(texts(&doc, "h1"), ["Talks open in Muscat"]);
    assert_eq!(attrs(&doc, "time", "datetime")[0], "2026-02-07T00:00:00+00:00");
    let hrefs = attrs(&doc, "article a", "href");
    for h in ["/regions/gulf/", "/regions/middle-east/", "/actors/united-states/", "/actors/oman/", "/tags/diplomacy/"]
    {
        assert!(hrefs.contains(&h.to_string()), "{h} missing from {hrefs:?}");
    }
    // The Niger brief links to this one: it is cited by it.
    assert_eq!(
        attrs(&doc, "h2", "id"),
        ["toc-heading", "background", "next-steps", "risks", "dossier-cited-by", "dossier-related"]
    );
    let toc = attrs(&doc, "nav.toc a", "href");
    assert_eq!(toc, ["#background", "#next-steps", "#risks"]);
    // Newest brief: an older neighbour, no newer one.
    assert_eq!(attrs(&doc, "a[rel=prev]", "href"), ["/briefs/hormuz/"]);
    assert!(attrs(&doc, "a[rel=next]", "href").is_empty());
    let mid = site.html("briefs/hormuz/index.html");
    assert_eq!(attrs(&mid, "a[rel=next]", "href"), ["/briefs/muscat/"]);
    assert_eq!(attrs(&mid, "a[rel=prev]", "href"), ["/briefs/sahel/niger/"]);
    // Default summary is the first paragraph.
    assert_eq!(texts(&mid, ".lead"), ["Tankers were shadowed."]);
}

#[test]
fn rfc3339_dates_keep_their_offset_and_links_resolve() {
    let site = Site::new();
    basic(&site);
    site.build_ok(&[]);
    let doc = site.html("briefs/sahel/niger/index.html");
    assert_eq!(attrs(&doc, "time", "datetime")[0], "2023-08-10T09:30:00+01:00");
    let hrefs = attrs(&doc, ".prose a", "href");
    assert_eq!(hrefs, ["/briefs/muscat/#next-steps", "/briefs/hormuz/"]);
}

#[test]
fn files_with_a_bom_and_crlf_line_ends_build_like_any_other() {
    let site = Site::new();
    let text = "\u{feff}---\r\ntitle: Windows brief\r\ndate: 2026-01-05\r\nregion: Gulf\r\n---\r\n## Heading\r\n\r\nBody text.\r\n";
    site.write("content/briefs/win.md", text);
    site.build_ok(&[]);
    let doc = site.html("briefs/win/index.html");
    assert_eq!(texts(&doc, "h1"), ["Windows brief"]);
    assert_eq!(attrs(&doc, ".prose h2", "id"), ["heading"]);
}

#[test]
fn base_url_with_a_subpath_prefixes_every_link() {
    let site = Site::new();
    basic(&site);
    site.build_ok(&["--base-url", "https://example.org/analysis/"]);
    let doc = site.html("briefs/muscat/index.html");
    assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), ["https://example.org/analysis/briefs/muscat/"]);
    let all: Vec<String> = attrs(&doc, "[href]", "href").into_iter().chain(attrs(&doc, "[src]", "src")).collect();
    for h in &all {
        assert!(!h.starts_with('/') || h.starts_with("/analysis/"), "{h} ignores the base path");
    }
    let problems = broken_links(&site.path("public"), "/analysis/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_site_template_overrides_the_theme_s_for_its_pages_only() {
    let site = Site::new();
    basic(&site);
    site.write(
        "templates/brief.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ brief.title }} by override</p>{% endblock content %}",
    );
    site.build_ok(&[]);
    let doc = site.html("briefs/muscat/index.html");
    assert_eq!(texts(&doc, "#custom"), ["Talks open in Muscat by override"]);
    // The theme's base layout is still used around it.
    assert_eq!(texts(&doc, "a.skip-link").len(), 1);
    // Other templates are untouched.
    assert!(!site.html("regions/index.html").select(&sel("#custom")).any(|_| true));
}

#[test]
fn overriding_the_card_partial_changes_every_list_that_shows_cards() {
    let site = Site::new();
    basic(&site);
    site.write(
        "templates/partials/brief_item.html",
        "<li class=\"custom-card\"><h{{ level }}><a href=\"{{ item.url }}\">{{ item.title }}</a></h{{ level }}> {{ site.title }}</li>\n",
    );
    site.build_ok(&[]);
    let home = site.html("index.html");
    // The home page leads with the newest brief, drawn by home.html, and lists the others
    // through the partial, newest first.
    assert_eq!(texts(&home, ".home-lead h2 a"), ["Talks open in Muscat"]);
    assert_eq!(
        texts(&home, "li.custom-card h3 a"),
        ["Hormuz tensions", "Niger after the coup"],
        "the home page lists the other briefs through the partial, newest first"
    );
    // The partial sees the site-wide variables as well as the brief.
    assert_eq!(texts(&home, "li.custom-card"), ["Hormuz tensions Test Briefs", "Niger after the coup Test Briefs"]);
    let gulf = site.html("regions/gulf/index.html");
    assert_eq!(texts(&gulf, "li.custom-card h3 a"), ["Talks open in Muscat", "Hormuz tensions"]);
    assert!(gulf.select(&sel("article.brief-card")).next().is_none(), "the theme's card is still used");
}

#[test]
fn a_theme_without_the_card_partial_still_builds() {
    let site = Site::new();
    basic(&site);
    site.write("site.yaml", "title: Bare\ntheme: bare\n");
    let page = |body: &str| {
        format!("<!doctype html><html lang=\"en\"><head><title>t</title></head><body>{body}</body></html>\n")
    };
    let list = page("<ul>{% for b in briefs %}<li>{{ b.title }}</li>{% endfor %}</ul>");
    for name in ["home.html", "term.html"] {
        site.write(&format!("themes/bare/templates/{name}"), &list);
    }
    for name in [
        "brief.html",
        "page.html",
        "taxonomy.html",
        "timeline.html",
        "term_timeline.html",
        "404.html",
        "search.html",
        "confidence.html",
        "sources.html",
        "graph.html",
    ] {
        site.write(&format!("themes/bare/templates/{name}"), &page("x"));
    }
    site.build_ok(&[]);
    assert_eq!(texts(&site.html("regions/gulf/index.html"), "li"), ["Talks open in Muscat", "Hormuz tensions"]);
}

#[test]
fn a_draft_is_left_out_of_every_page_unless_built_with_drafts() {
    let site = Site::new();
    basic(&site);
    site.brief("briefs/wip.md", "title: Work in progress\ndate: 2026-03-01\nregion: Gulf\ndraft: true", "Not yet.\n");
    site.build_ok(&[]);
    assert!(!site.path("public/briefs/wip/index.html").exists());
    assert!(!texts(&site.html("regions/gulf/index.html"), "main a").contains(&"Work in progress".to_string()));
    site.build_ok(&["--drafts"]);
    assert!(site.path("public/briefs/wip/index.html").exists());
    assert!(texts(&site.html("regions/gulf/index.html"), "main a").contains(&"Work in progress".to_string()));
}

#[test]
fn standalone_pages_are_rendered_but_not_listed() {
    let site = Site::new();
    basic(&site);
    site.write("content/about.md", "---\nkind: page\ntitle: About us\n---\nWe write briefs.\n");
    site.build_ok(&[]);
    let about = site.html("about/index.html");
    assert_eq!(texts(&about, "h1"), ["About us"]);
    assert!(texts(&about, "main").join(" ").contains("We write briefs."));
    // In the navigation, but in no listing.
    assert!(attrs(&site.html("index.html"), "header a", "href").contains(&"/about/".to_string()));
    for page in ["index.html", "timeline/index.html", "regions/index.html"] {
        assert!(!attrs(&site.html(page), "main a", "href").contains(&"/about/".to_string()), "{page}");
    }
}

#[test]
fn hostile_names_are_escaped_everywhere() {
    let site = Site::new();
    site.write("site.yaml", &format!("{SITE_YAML}term_timelines: true\n"));
    let x = "<script>alert(1)</script>";
    site.brief(
        "briefs/xss.md",
        &format!("title: \"{x}\"\ndate: 2026-01-01\nregion: Gulf\nactors: [\"{x}\"]\ntags: [\"{x}\"]"),
        "Body.\n",
    );
    site.build_ok(&[]);
    let mut shown = Vec::new();
    for f in site.files("public").into_iter().filter(|f| f.ends_with(".html")) {
        let raw = std::fs::read_to_string(site.path("public").join(&f)).unwrap();
        assert!(!raw.contains(x), "{f} contains the raw script tag");
        let doc = scraper::Html::parse_document(&raw);
        // The theme's own scripts are the search, graph and strings scripts, JSON-LD data and the
        // interface strings the scripts read, both of which must stay JSON.
        let scripts = sel("script");
        let foreign = doc.select(&scripts).filter(|s| {
            let v = s.value();
            !matches!(v.attr("src"), Some("/search.js" | "/graph.js" | "/i18n.js"))
                && v.attr("type") != Some("application/ld+json")
                && !(v.attr("type") == Some("application/json")
                    && serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).is_ok())
        });
        assert_eq!(foreign.count(), 0, "{f} has a script element");
        for ld in doc.select(&sel("script[type='application/ld+json']")) {
            let json: String = ld.text().collect();
            assert!(!json.contains('<'), "{f}: raw < in JSON-LD");
            serde_json::from_str::<serde_json::Value>(&json).unwrap();
        }
        if raw.contains("&lt;script&gt;") {
            shown.push(f);
        }
    }
    // The brief page, home, timeline, the region, actor and tag term pages, the region's and
    // actor's month-by-month timelines and overviews show the name, escaped.
    assert_eq!(
        shown,
        [
            "actors/index.html",
            "actors/script-alert-1-script/index.html",
            "actors/script-alert-1-script/timeline/index.html",
            "briefs/xss/index.html",
            "index.html",
            "regions/gulf/index.html",
            "regions/gulf/timeline/index.html",
            "tags/index.html",
            "tags/script-alert-1-script/index.html",
            "timeline/index.html"
        ]
    );
}

#[test]
fn the_site_s_static_files_win_over_the_theme_s_and_highlight_css_is_written() {
    let site = Site::new();
    basic(&site);
    site.write("static/files/report.pdf", "%PDF-1.4");
    site.write("static/style.css", "body { color: red }");
    site.build_ok(&[]);
    assert_eq!(std::fs::read_to_string(site.path("public/files/report.pdf")).unwrap(), "%PDF-1.4");
    // The site's static/ wins over the theme's.
    assert_eq!(std::fs::read_to_string(site.path("public/style.css")).unwrap(), "body { color: red }");
    assert!(std::fs::read_to_string(site.path("public/highlight.css")).unwrap().contains(".code .l0 {"));
}

#[test]
fn the_summary_line_counts_briefs_pages_and_warnings_and_quiet_prints_nothing() {
    let site = Site::new();
    basic(&site);
    let r = site.build_ok(&[]);
    // One line: `built 3 briefs and 0 pages: 94 files written to …/public, search index 2 KB in
    // 21 files, 0 warnings, 27 ms`, every count exact (the index's size and the time vary).
    let head =
        format!("built 3 briefs and 0 pages: 94 files written to {}, search index ", site.path("public").display());
    assert_eq!(r.stdout.lines().count(), 1, "{r:?}");
    assert!(r.stdout.starts_with(&head), "{r:?}");
    assert!(r.stdout.contains(" in 21 files, 0 warnings, ") && r.stdout.ends_with(" ms\n"), "{r:?}");
    let quiet = site.run(&["build", "--quiet"]);
    assert!(quiet.ok() && quiet.stdout.is_empty(), "{quiet:?}");
}

#[test]
fn long_lists_are_paginated_with_prev_next_links() {
    let site = Site::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/analysis/\npaginate_by: 2\n");
    for i in 1..=5 {
        site.brief(
            &format!("briefs/b{i}.md"),
            &format!("title: Brief {i}\ndate: 2026-01-0{i}\nregion: Gulf"),
            "Body.\n",
        );
    }
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(texts(&home, "main .brief-card-title a"), ["Brief 5", "Brief 4"]);
    assert_eq!(attrs(&home, "link[rel=next]", "href"), ["/analysis/page/2/"]);
    assert!(attrs(&home, "link[rel=prev]", "href").is_empty());
    let p2 = site.html("page/2/index.html");
    assert_eq!(texts(&p2, "main .brief-card-title a"), ["Brief 3", "Brief 2"]);
    assert_eq!(attrs(&p2, "a[rel=prev]", "href"), ["/analysis/"]);
    assert_eq!(attrs(&p2, "a[rel=next]", "href"), ["/analysis/page/3/"]);
    let p3 = site.html("page/3/index.html");
    assert_eq!(texts(&p3, "main .brief-card-title a"), ["Brief 1"]);
    assert!(attrs(&p3, "a[rel=next]", "href").is_empty());
    // Term pages and the timeline are paginated the same way, with whole counts.
    let gulf2 = site.html("regions/gulf/page/2/index.html");
    assert_eq!(texts(&gulf2, "main .brief-card-title a"), ["Brief 3", "Brief 2"]);
    assert_eq!(texts(&gulf2, ".page-count"), ["5 briefs"]);
    assert_eq!(texts(&site.html("timeline/page/3/index.html"), ".tl-title"), ["Brief 1"]);
    assert!(!site.path("public/page/4/index.html").exists());
    let problems = broken_links(&site.path("public"), "/analysis/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn rebuilds_reuse_the_previous_output_folder_without_stale_files() {
    let site = Site::new();
    basic(&site);
    site.brief("briefs/gone.md", "title: Soon gone\ndate: 2026-01-05\nregion: Atlantis\nactors: [Nobody]", "Body.\n");
    site.build_ok(&[]);
    site.build_ok(&[]);
    // The output before last is kept beside it, marked as dossier's, for the next build to reuse.
    assert!(site.path(".public.dossier-prev/.dossier-output").is_file());
    std::fs::remove_file(site.path("content/briefs/gone.md")).unwrap();
    site.write(
        "content/briefs/muscat.md",
        "---\ntitle: Talks renamed\ndate: 2026-02-07\nregion: Gulf\n---\nNew body.\n\n## Next steps\n",
    );
    site.build_ok(&[]);
    // Exactly what a build into an empty folder produces: nothing left from earlier builds.
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    let r = site.run(&["build", "--output-dir", out.to_str().unwrap()]);
    assert!(r.ok(), "{r:?}");
    assert_eq!(snapshot(&site.path("public")), snapshot(&out));
    assert!(!site.path("public/briefs/gone").exists() && !site.path("public/regions/atlantis").exists());
}

#[test]
fn the_verbose_summary_weighs_the_output_by_kind() {
    let site = Site::new();
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-01-02\nregion: Gulf\nevents:\n  - {date: 2026-01-01, title: E}",
        "Text.\n",
    );
    let r = site.build_ok(&["--verbose"]);
    let lines: Vec<&str> = r.stderr.lines().skip_while(|l| l.trim() != "output by kind:").skip(1).collect();
    // `  pages   12 KB in 30 files`: every kind once, its files counted.
    let mut kinds = std::collections::BTreeMap::new();
    for l in &lines {
        let (name, rest) = l.trim().split_once("  ").unwrap_or_else(|| panic!("{l:?}"));
        let files: usize = rest.rsplit(" in ").next().unwrap().trim_end_matches(" files").parse().unwrap();
        assert!(kinds.insert(name.to_string(), files).is_none(), "{name} twice");
    }
    let on_disk: Vec<String> = site.files("public").into_iter().filter(|f| !f.contains(".dossier")).collect();
    assert_eq!(kinds.values().sum::<usize>(), on_disk.len(), "{kinds:?}");
    for k in ["pages", "feeds", "search index", "data exports", "calendars", "theme files", "sitemaps"] {
        assert!(kinds.contains_key(k), "no {k} in {kinds:?}");
    }
    assert_eq!(kinds["calendars"], on_disk.iter().filter(|f| f.ends_with(".ics")).count());
}

/// The text of every element of `doc` matching `css`, as written (white space kept).
fn raw_texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    doc.select(&sel(css)).map(|e| e.text().collect::<String>()).collect()
}

#[test]
fn pages_lose_the_templates_indentation_but_not_their_code_or_text_unless_compact_html_is_off() {
    let site = Site::new();
    basic(&site);
    let code = "```python\ndef f():\n    if x:\n\n        return 1\n```\n";
    site.brief("briefs/code.md", "title: Code\ndate: 2026-01-01\nregion: Gulf", &format!("Some text.\n\n{code}"));
    site.build_ok(&[]);
    let compact = std::fs::read_to_string(site.path("public/briefs/code/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&compact);
    // The code block keeps its indentation and blank line; the page around it has none.
    assert_eq!(raw_texts(&doc, "pre code"), ["def f():\n    if x:\n\n        return 1\n"]);
    let before_pre = &compact[..compact.find("<pre").unwrap()];
    let indented: Vec<&str> = before_pre.lines().filter(|l| l.starts_with([' ', '\t'])).collect();
    assert_eq!(indented, Vec::<&str>::new());
    let (title, meta) = (texts(&doc, "h1"), texts(&doc, ".brief-meta"));
    let brief_page = texts(&site.html("briefs/muscat/index.html"), "main");
    site.write("site.yaml", &format!("{SITE_YAML}compact_html: false\n"));
    site.build_ok(&[]);
    let full = std::fs::read_to_string(site.path("public/briefs/code/index.html")).unwrap();
    assert!(full.len() > compact.len() && full.lines().any(|l| l.starts_with("    <")), "indented as written");
    let doc = scraper::Html::parse_document(&full);
    assert_eq!(raw_texts(&doc, "pre code"), ["def f():\n    if x:\n\n        return 1\n"]);
    assert_eq!((texts(&doc, "h1"), texts(&doc, ".brief-meta")), (title, meta), "the same text either way");
    assert_eq!(texts(&site.html("briefs/muscat/index.html"), "main"), brief_page);
}
