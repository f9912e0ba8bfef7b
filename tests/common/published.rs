//! Readers for the publishing outputs: Atom feeds (parsed with feed-rs, not our own code),
//! sitemaps (parsed as XML) and a link check that follows every absolute URL in them.

use std::collections::HashSet;
use std::path::Path;

use super::list_files;

/// Parse an Atom feed from the output folder.
pub fn feed(out: &Path, rel: &str) -> feed_rs::model::Feed {
    let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{rel} is not a valid feed: {e}"))
}

/// Every `<loc>` of a sitemap (or sitemap index), checking the document's shape on the way.
pub fn sitemap_locs(out: &Path, rel: &str) -> Vec<(String, Option<String>)> {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel} is not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let mut v = Vec::new();
    for entry in root.children().filter(|n| n.is_element()) {
        assert!(matches!(entry.tag_name().name(), "url" | "sitemap"), "unexpected <{}>", entry.tag_name().name());
        let child =
            |name: &str| entry.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).map(str::to_string);
        v.push((child("loc").expect("every entry has a <loc>"), child("lastmod")));
    }
    v
}

/// The produced file an absolute URL of the site points at, if it is inside the site.
pub fn target_of(url: &str, base_url: &str) -> Option<String> {
    let rest = url.strip_prefix(base_url)?;
    let path = rest.split(['#', '?']).next().unwrap_or("");
    Some(if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() })
}

/// Check the feeds and sitemaps under `out`: every link, id and `<loc>` that points into the
/// site (at `base_url`) must name a produced file. Returns the problems found.
pub fn broken_published_links(out: &Path, base_url: &str) -> Vec<String> {
    let files: HashSet<String> = list_files(out).into_iter().collect();
    let mut problems = Vec::new();
    let mut check = |from: &str, url: &str| match target_of(url, base_url) {
        Some(t) if !files.contains(&t) => problems.push(format!("{from}: {url} → {t} does not exist")),
        Some(_) => {}
        None if url.starts_with('/') => problems.push(format!("{from}: {url} is not absolute")),
        None => {}
    };
    let href = regex_lite_hrefs;
    for f in files.iter().filter(|f| f.ends_with("atom.xml")) {
        let feed = feed(out, f);
        for l in &feed.links {
            check(f, &l.href);
        }
        for e in &feed.entries {
            check(f, &e.id);
            for l in &e.links {
                check(f, &l.href);
            }
            if let Some(body) = e.content.as_ref().and_then(|c| c.body.as_ref()) {
                for u in href(body) {
                    check(f, &u);
                }
            }
        }
    }
    for f in files.iter().filter(|f| f.starts_with("sitemap") && f.ends_with(".xml")) {
        for (loc, _) in sitemap_locs(out, f) {
            check(f, &loc);
        }
    }
    problems
}

/// `href` and `src` values in an HTML fragment.
fn regex_lite_hrefs(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse("[href], [src]").unwrap();
    doc.select(&sel)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .filter(|u| !u.starts_with('#'))
        .map(str::to_string)
        .collect()
}
