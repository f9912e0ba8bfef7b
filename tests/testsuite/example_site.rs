//! The bundled example site (the repository's own site.yaml and content/) builds without
//! warnings; every internal link in its pages, feeds, sitemap and JSON resolves at the root,
//! under a subpath and under a deep base path; and it has the briefs, terms and bundle it is
//! there to show.

use std::path::Path;
use std::process::Command;

use crate::prelude::*;

fn build_example(out: &Path, extra: &[&str]) -> (String, String) {
    let res = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--output-dir")
        .arg(out)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&res.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&res.stderr).into_owned();
    assert!(res.status.success(), "example build failed:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn example_site_builds_without_warnings_and_all_links_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (stdout, stderr) = build_example(&out, &[]);
    assert!(stderr.trim().is_empty(), "example site printed diagnostics:\n{stderr}");
    assert!(stdout.contains(" 0 warnings, "), "{stdout}");
    let problems = broken_links(&out, "/");
    assert!(problems.is_empty(), "{problems:#?}");
    let html: Vec<String> = list_files(&out).into_iter().filter(|f| f.ends_with(".html")).collect();
    let under = |p: &str| html.iter().filter(|f| f.starts_with(p)).count();
    let (ar, fa) = (under("ar/"), under("fa/"));
    assert_eq!(
        html.len() - ar - fa,
        134,
        "133 pages (with /sources/, the actor graph, the regions of the hierarchy and 39 regions' and actors' timelines) and the retracted brief's, which keeps its page"
    );
    // The Arabic and Persian sites: two briefs and the retracted one translated, with their
    // lists, terms and timelines.
    assert_eq!((ar, fa), (36, 36));
}

#[test]
fn example_site_works_under_a_subpath() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_example(&out, &["--base-url", "https://example.org/analysis/"]);
    let problems = broken_links(&out, "/analysis/");
    assert!(problems.is_empty(), "{problems:#?}");
    // Feeds and the sitemap use absolute URLs: every one that points into the site must resolve.
    let problems = crate::published::broken_published_links(&out, "https://example.org/analysis/");
    assert!(problems.is_empty(), "{problems:#?}");
    let feed = crate::published::feed(&out, "atom.xml");
    assert_eq!(feed.entries.len(), 17, "every published brief: all 18 but the draft");
    let locs = crate::published::sitemap_locs(&out, "sitemap.xml");
    assert!(locs.iter().all(|(l, _)| l.starts_with("https://example.org/analysis/")), "{locs:?}");
    let doc =
        scraper::Html::parse_document(&std::fs::read_to_string(out.join("briefs/muscat-talks/index.html")).unwrap());
    assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), ["https://example.org/analysis/briefs/muscat-talks/"]);
}

#[test]
fn example_site_has_the_promised_content() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_example(&out, &[]);
    let read = |p: &str| scraper::Html::parse_document(&std::fs::read_to_string(out.join(p)).unwrap());
    let muscat = read("briefs/muscat-talks/index.html");
    assert_eq!(texts(&muscat, ".brief-meta time"), ["7 February 2026", "9 February 2026"], "published, updated");
    assert_eq!(
        attrs(&muscat, "article a[href^='/actors/']", "href"),
        ["/actors/united-states/", "/actors/iran/", "/actors/oman/", "/actors/sultan-haitham-bin-tariq-al-said/"]
    );
    let regions = read("regions/index.html");
    assert_eq!(
        attrs(&regions, "main a[href^='/regions/']", "href"),
        [
            "/regions/africa/",
            "/regions/sahel/",
            "/regions/americas/",
            "/regions/latin-america/",
            "/regions/asia-pacific/",
            "/regions/east-asia/",
            "/regions/europe/",
            "/regions/eastern-europe/",
            "/regions/middle-east/",
            "/regions/gulf/"
        ],
        "the regions as a tree: each region, then its sub-regions"
    );
    let actor_pages = attrs(&read("actors/index.html"), "main .term-index a[href^='/actors/']", "href");
    assert_eq!(actor_pages.len(), 33, "{actor_pages:?}");
    // The actor graph, linked from the overview, draws the actors that share a brief.
    assert!(attrs(&read("actors/index.html"), "main a", "href").contains(&"/actors/graph/".to_string()));
    assert!(read("actors/graph/index.html").select(&sel("svg a.graph-node")).count() > 20);
    assert!(out.join("about/index.html").exists());
    // A bundle: its figure and its data file are published beside its page, and the figure
    // reserves its size.
    let red_sea = read("briefs/red-sea-shipping/index.html");
    assert_eq!(attrs(&red_sea, "figure img", "src"), ["/briefs/red-sea-shipping/shipping-routes.svg"]);
    assert_eq!(attrs(&red_sea, "figure img", "width"), ["640"]);
    assert_eq!(attrs(&red_sea, ".prose a[href$='.csv']", "href"), ["/briefs/red-sea-shipping/suez-transits.csv"]);
    for f in ["shipping-routes.svg", "suez-transits.csv"] {
        let published = std::fs::read(out.join("briefs/red-sea-shipping").join(f)).unwrap();
        let source = repo().join("content/briefs/red-sea-shipping").join(f);
        assert_eq!(published, std::fs::read(source).unwrap(), "{f}");
    }
    assert_eq!(texts(&red_sea, "section[role='doc-endnotes'] li").len(), 2);
}

#[test]
fn example_site_works_under_a_deep_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let base = "https://example.org/deep/path/";
    build_example(&out, &["--base-url", base]);
    // Every href, src and srcset of every page, feed and JSON file that points inside the
    // site names a produced file.
    let (problems, checked) = broken_links_counted(&out, "/deep/path/");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 1000, "only {checked} links checked");
    let (problems, checked) = crate::published::broken_published_links_counted(&out, base);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 100, "only {checked} links checked");
}
