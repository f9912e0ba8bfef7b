//! `dossier new` on a site made by `dossier init`, through the real binary: what it writes for a
//! brief (with and without flags), a page and a term's description passes `dossier check` as
//! written, builds to a page with its analytic fields and no table of contents, and follows the
//! site's slug rules (`Iran's` → `irans`).

use std::path::{Path, PathBuf};

use scraper::Html;
use serde_json::Value;

use crate::prelude::*;

fn dossier(root: &Path, args: &[&str]) -> Run {
    run_in(root, args)
}

/// A fresh site from `dossier init`, in a temporary folder kept alive by the returned guard.
fn init() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let r = dossier(&root, &["init", "--title", "Gulf Desk"]);
    assert!(r.ok(), "{r:?}");
    (tmp, root)
}

/// `dossier new <args>` that must succeed; returns the file it wrote, from its "wrote" line.
fn new(root: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let r = dossier(root, &all);
    assert!(r.ok(), "{r:?}");
    let wrote = r.stdout.trim().strip_prefix("wrote ").unwrap_or_else(|| panic!("no `wrote` line: {r:?}"));
    PathBuf::from(wrote)
}

/// `dossier check --format json`, parsed.
fn check(root: &Path) -> Value {
    let r = dossier(root, &["check", "--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("check printed no JSON ({e}): {r:?}"))
}

/// Check must find no errors and no warnings.
fn assert_clean(root: &Path) -> Value {
    let report = check(root);
    assert_eq!(report["errors"], 0, "{report:#}");
    assert_eq!(report["warnings"], 0, "{report:#}");
    assert_eq!(report["ok"], true, "{report:#}");
    report
}

/// Build the site and parse one page of it.
fn build_and_read(root: &Path, url: &str) -> Html {
    let r = dossier(root, &["build"]);
    assert!(r.ok(), "{r:?}");
    let file = root.join("public").join(url).join("index.html");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Html::parse_document(&text)
}

/// The front matter of a written file, parsed.
fn front_matter(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map(|(y, _)| y).unwrap();
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}: {yaml}"))
}

/// `text` with its one line starting with `from` replaced by `to`.
fn edit_line(text: &str, from: &str, to: &str) -> String {
    let hits = text.lines().filter(|l| l.starts_with(from)).count();
    assert_eq!(hits, 1, "{from:?} in {text}");
    text.lines().map(|l| if l.starts_with(from) { to.to_string() } else { l.to_string() } + "\n").collect()
}

#[test]
fn a_brief_with_flags_carries_the_analytic_fields_and_builds_without_a_toc() {
    let (_tmp, root) = init();
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{site_yaml}author: Gulf Analysis Unit\n")).unwrap();
    let path = new(
        &root,
        &["Iran's talks resume in Muscat", "--region", "Gulf", "--actors", "Iran,Oman", "--tags", "diplomacy"],
    );
    assert_eq!(path, root.join("content/briefs/irans-talks-resume-in-muscat.md"));

    let fm = front_matter(&path);
    assert_eq!(fm["title"], "Iran's talks resume in Muscat");
    assert_eq!(fm["region"], serde_json::json!(["Gulf"]));
    assert_eq!(fm["actors"], serde_json::json!(["Iran", "Oman"]));
    assert_eq!(fm["tags"], serde_json::json!(["diplomacy"]));
    // The site's author is the brief's until the analyst says otherwise.
    assert_eq!(fm["authors"], serde_json::json!(["Gulf Analysis Unit"]));
    // The analytic fields are there to fill in, empty until then.
    for key in ["summary", "bluf", "key_judgments", "confidence", "sources"] {
        assert_eq!(fm.get(key), Some(&Value::Null), "{key}: {fm:?}");
    }
    // The optional ones are commented out, each with a hint.
    let text = std::fs::read_to_string(&path).unwrap();
    for key in ["updated", "status", "supersedes", "events", "draft"] {
        assert!(!fm.contains_key(key), "{key}");
        let line = text.lines().find(|l| l.starts_with(&format!("# {key}: "))).unwrap_or_else(|| panic!("{key}"));
        assert!(line.contains(" # "), "{key} has no hint: {line}");
    }

    let report = assert_clean(&root);
    assert_eq!(report["briefs"], 2, "{report:#}");

    let doc = build_and_read(&root, "briefs/irans-talks-resume-in-muscat");
    assert_eq!(texts(&doc, "h1"), ["Iran’s talks resume in Muscat"], "with the body's punctuation");
    assert!(doc.select(&sel("nav.toc")).next().is_none(), "a fresh brief has no table of contents");
    assert_eq!(texts(&doc, ".byline .author"), ["Gulf Analysis Unit"]);
    assert_eq!(
        attrs(&doc, ".facets a", "href"),
        ["/regions/gulf/", "/actors/iran/", "/actors/oman/", "/tags/diplomacy/"]
    );
    // The body is the analytic skeleton: an opening paragraph, then why it matters and what to watch.
    assert_eq!(attrs(&doc, ".prose h2", "id"), ["why-it-matters", "what-to-watch"]);
    assert_eq!(
        texts(&doc, ".prose p"),
        [
            "What happened, as precisely as the evidence allows: who did what, where and when.",
            "What it changes for the actors involved and for the region."
        ]
    );
    // Empty fields show nothing rather than empty sections.
    assert!(texts(&doc, ".bluf, .judgments, .sources, .confidence").is_empty());

    // Filled in the way the hints show, every analytic field reaches the page.
    let mut text = text;
    for (from, to) in [
        ("summary:", "summary: \"Talks resumed; neither side moved.\""),
        ("bluf:", "bluf: \"The channel is back; agreement is not near.\""),
        ("#  - \"Oman", "  - \"Oman remains the likeliest venue for a second round.\""),
        ("confidence:", "confidence: moderate"),
        ("#  - {title:", "  - {title: \"Statement on the talks\", url: \"https://example.org/s\", publisher: \"MFA\"}"),
        ("# updated:", "updated: 2026-02-09"),
        ("# events:", "events: [{date: 2026-02-07, title: \"First round in Muscat\"}]"),
    ] {
        text = edit_line(&text, from, to);
    }
    std::fs::write(&path, &text).unwrap();
    assert_clean(&root);
    let doc = build_and_read(&root, "briefs/irans-talks-resume-in-muscat");
    assert_eq!(texts(&doc, ".lead"), ["Talks resumed; neither side moved."]);
    assert_eq!(texts(&doc, ".bluf p"), ["The channel is back; agreement is not near."]);
    assert_eq!(texts(&doc, ".judgments li"), ["Oman remains the likeliest venue for a second round."]);
    assert_eq!(texts(&doc, ".brief-meta .confidence"), ["Moderate confidence"]);
    assert_eq!(attrs(&doc, ".sources li a", "href"), ["https://example.org/s"]);
    assert_eq!(texts(&doc, ".event-title"), ["First round in Muscat"]);
    assert!(doc.select(&sel("nav.toc")).next().is_none());

    // The table of contents comes once the brief grows to the site's three sections.
    std::fs::write(&path, format!("{text}\n## Risks\n\nA third section.\n")).unwrap();
    let doc = build_and_read(&root, "briefs/irans-talks-resume-in-muscat");
    assert_eq!(attrs(&doc, "nav.toc a", "href"), ["#why-it-matters", "#what-to-watch", "#risks"]);
}

#[test]
fn a_brief_without_flags_passes_check_with_a_placeholder_region() {
    let (_tmp, root) = init();
    let r = dossier(&root, &["new", "Gulf shipping outlook"]);
    assert!(r.ok(), "{r:?}");
    assert!(r.stderr.contains("no --region given"), "the analyst is told: {r:?}");
    let path = root.join("content/briefs/gulf-shipping-outlook.md");
    let fm = front_matter(&path);
    assert_eq!(fm["region"], serde_json::json!(["Unassigned"]));
    // Nothing to fill them from: empty, with a hint, and no author without a site author.
    for key in ["actors", "tags", "authors"] {
        assert_eq!(fm.get(key), Some(&Value::Null), "{key}: {fm:?}");
    }
    assert_clean(&root);
    let doc = build_and_read(&root, "briefs/gulf-shipping-outlook");
    assert_eq!(attrs(&doc, ".facets a", "href"), ["/regions/unassigned/"]);
    assert!(doc.select(&sel("nav.toc")).next().is_none());
    assert!(texts(&doc, ".byline").is_empty());
    // The sample brief `init` writes shows the analytic fields, and is short enough for no TOC.
    let welcome = build_and_read(&root, "briefs/welcome");
    assert_eq!(texts(&welcome, ".judgments li").len(), 2);
    assert_eq!(texts(&welcome, ".brief-meta .confidence"), ["High confidence"]);
    assert!(welcome.select(&sel("nav.toc")).next().is_none());
}

#[test]
fn pages_and_term_descriptions_get_what_they_accept() {
    let (_tmp, root) = init();
    let page = new(&root, &["About the desk", "--section", "pages"]);
    assert_eq!(page, root.join("content/pages/about-the-desk.md"));
    let fm = front_matter(&page);
    assert_eq!(fm["kind"], "page");
    assert!(!fm.contains_key("region") && !fm.contains_key("date"), "{fm:?}");
    // A term's description: the welcome brief files the actor "Your Team".
    let actor = new(&root, &["Your Team", "--section", "actors"]);
    assert_eq!(actor, root.join("content/actors/your-team.md"));
    assert_eq!(front_matter(&actor).keys().collect::<Vec<_>>(), ["title"]);

    let report = assert_clean(&root);
    assert_eq!((report["briefs"].clone(), report["pages"].clone()), (1.into(), 1.into()), "{report:#}");
    let doc = build_and_read(&root, "pages/about-the-desk");
    assert_eq!(texts(&doc, "h1"), ["About the desk"]);

    // Term flags have nowhere to go on a page: a clear error, and nothing written.
    let r = dossier(&root, &["new", "Contact", "--section", "pages", "--region", "Gulf"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("--region is for briefs"), "{r:?}");
    assert!(!root.join("content/pages/contact.md").exists());
}

#[test]
fn slugs_drop_apostrophes_in_file_names_and_term_urls_alike() {
    let (_tmp, root) = init();
    // Straight and typographic apostrophes give one file name.
    let path = new(&root, &["Iran\u{2019}s red lines", "--region", "Gulf", "--actors", "Iran's Foreign Ministry"]);
    assert_eq!(path, root.join("content/briefs/irans-red-lines.md"));
    let r = dossier(&root, &["new", "Iran's red lines", "--region", "Gulf"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("already exists"), "{r:?}");
    // Elision still separates its two words, as in the existing URLs.
    assert_eq!(
        new(&root, &["Côte d'Ivoire votes", "--region", "West Africa"]).file_name().unwrap(),
        "cote-d-ivoire-votes.md"
    );

    assert_clean(&root);
    let doc = build_and_read(&root, "briefs/irans-red-lines");
    assert_eq!(attrs(&doc, ".facets a", "href"), ["/regions/gulf/", "/actors/irans-foreign-ministry/"]);
    assert!(root.join("public/actors/irans-foreign-ministry/index.html").is_file());
}

#[test]
fn new_never_overwrites() {
    let (_tmp, root) = init();
    let path = new(&root, &["Hormuz watch", "--region", "Gulf"]);
    std::fs::write(&path, "edited by hand").unwrap();
    for section in ["briefs", "briefs/"] {
        let r = dossier(&root, &["new", "Hormuz watch", "--section", section]);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stderr.contains("already exists; nothing was written"), "{r:?}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
}
