//! Readers for the publishing outputs: Atom feeds (parsed with feed-rs, not our own code),
//! sitemaps (parsed as XML), and a link check that follows every URL into the site in them
//! and in the JSON files (the data export, the search index).

use std::collections::HashSet;
use std::path::Path;

use crate::prelude::{list_files, percent_decode, urls_of};

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
    let path = percent_decode(rest.split(['#', '?']).next().unwrap_or(""));
    Some(if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path })
}

/// The path part of `base_url` (`/deep/path/` of `https://example.org/deep/path/`).
fn base_path(base_url: &str) -> &str {
    let after = base_url.find("://").map_or(0, |i| i + 3);
    base_url[after..].find('/').map_or("/", |i| &base_url[after + i..])
}

/// Check the feeds, sitemaps and JSON files under `out`: every link, id and `<loc>` that
/// points into the site (at `base_url`) must name a produced file; so must every string of a
/// JSON file that is a URL or a root-relative path of the site. Returns the problems found.
pub fn broken_published_links(out: &Path, base_url: &str) -> Vec<String> {
    broken_published_links_counted(out, base_url).0
}

/// `broken_published_links`, with the number of URLs into the site that were checked.
pub fn broken_published_links_counted(out: &Path, base_url: &str) -> (Vec<String>, usize) {
    let files: HashSet<String> = list_files(out).into_iter().collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut check = |from: &str, url: &str| match target_of(url, base_url) {
        Some(t) => {
            checked += 1;
            if !files.contains(&t) {
                problems.push(format!("{from}: {url} → {t} does not exist"));
            }
        }
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
    // JSON: the data export has absolute URLs, the search index root-relative ones.
    let origin = &base_url[..base_url.len() - base_path(base_url).len()];
    for f in files.iter().filter(|f| f.ends_with(".json")) {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{f} is not JSON: {e}"));
        let mut strings = Vec::new();
        json_strings(&value, &mut strings);
        for s in strings {
            if s.starts_with(base_url) {
                check(f, s);
            } else if s.starts_with(base_path(base_url)) && s.len() > 1 && !s.contains(' ') {
                check(f, &format!("{origin}{s}"));
            }
        }
    }
    (problems, checked)
}

/// Every string in a JSON value, keys aside.
fn json_strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// `href`, `src` and `srcset` URLs in an HTML fragment.
fn regex_lite_hrefs(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    urls_of(&doc).into_iter().map(|(_, u)| u).filter(|u| !u.starts_with('#')).collect()
}
