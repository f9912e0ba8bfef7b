//! One document converted: its front matter rewritten and completed with what dossier requires
//! (a title, and for a brief a date and a region), its body's shortcodes and tags converted,
//! and every default and every piece left as written listed with its line in the source.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::{Doc, Flavor, Item, ItemKind, Options, Plan, body, front, permalink};

/// The documents of one import, for resolving what bodies link to.
pub struct Index<'a> {
    docs: &'a [Doc],
    by_key: HashMap<&'a str, &'a Doc>,
}

impl<'a> Index<'a> {
    /// The index of `docs`.
    pub fn new(docs: &'a [Doc]) -> Index<'a> {
        Index { docs, by_key: docs.iter().map(|d| (d.key.as_str(), d)).collect() }
    }

    fn dest(&self, key: &str) -> Option<String> {
        self.by_key.get(key).map(|d| d.dest.clone())
    }
}

impl body::Resolve for Index<'_> {
    /// Hugo's rule: a path from `content/` when it starts with `/`, else from the document's
    /// folder and then from `content/`; `.md` and a bundle's `index.md` may be left out; and
    /// a bare name that one document alone has (its file or bundle name) names that one.
    fn hugo_ref(&self, from: &str, target: &str) -> Option<String> {
        let t = target.trim().trim_start_matches("./");
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let bases: Vec<String> = match t.strip_prefix('/') {
            Some(abs) => vec![abs.to_string()],
            None if dir.is_empty() => vec![t.to_string()],
            None => vec![format!("{dir}/{t}"), t.to_string()],
        };
        for base in &bases {
            let base = base.trim_end_matches('/');
            for candidate in [base.to_string(), format!("{base}.md"), format!("{base}/index.md")] {
                if let Some(dest) = self.dest(&candidate) {
                    return Some(dest);
                }
            }
        }
        let name = t.trim_end_matches('/').rsplit('/').next()?.trim_end_matches(".md");
        let mut found = self.docs.iter().filter(|d| {
            let stem = d.key.trim_end_matches(".md").trim_end_matches("/index");
            stem.rsplit('/').next() == Some(name)
        });
        match (found.next(), found.next()) {
            (Some(d), None) => Some(d.dest.clone()),
            _ => None,
        }
    }

    fn post_url(&self, name: &str) -> Option<String> {
        let stem = name.trim().rsplit('/').next()?;
        let stem = stem.strip_suffix(".md").or_else(|| stem.strip_suffix(".markdown")).unwrap_or(stem);
        self.dest(stem)
    }

    fn jekyll_link(&self, path: &str) -> Option<String> {
        self.docs.iter().find(|d| d.src == path).map(|d| d.dest.clone())
    }
}

/// Every document of `plan` converted, as (path in `content/`, text), and the items to report.
/// A document that cannot be read is left out and reported.
pub fn all(opts: &Options, plan: &Plan) -> (Vec<(String, String)>, Vec<Item>) {
    let index = Index::new(&plan.docs);
    let mut files = Vec::new();
    let mut items = Vec::new();
    let mut held = HashMap::new();
    let mut links = Vec::new();
    let mut claimed = HashMap::new();
    for doc in &plan.docs {
        match one(opts, plan, doc, &index, &mut claimed, &mut items) {
            Ok(one) => {
                if let Some(why) = one.held {
                    held.insert(doc.dest.clone(), why);
                } else {
                    links.extend(one.links.into_iter().map(|(line, to)| (doc, line, to)));
                }
                files.push((doc.dest.clone(), one.text));
            }
            Err(why) => items.push(Item::new(ItemKind::Skipped, &doc.src, 1, why)),
        }
    }
    // A published page may not link to a document the build holds back (the link would reveal
    // it): each such link is listed, as the site will not build until it goes.
    for (doc, line, to) in links {
        if let Some(why) = held.get(&to) {
            let what = format!(
                "links to {to}, {why}: dossier will not publish a link to a document it holds back (publish it, or remove the link)"
            );
            items.push(Item::new(ItemKind::Check, &doc.src, line, what));
        }
    }
    (files, items)
}

/// One document converted: its text, why a default build holds it back if it does, and the
/// documents it links to (line in the source, content path in the new site).
struct One {
    text: String,
    held: Option<String>,
    links: Vec<(usize, String)>,
}

/// Why a default build of the new site will hold the document back: a draft, or an `expires`
/// date already past (Hugo's `expiryDate`).
fn held(map: &serde_json::Map<String, Value>) -> Option<String> {
    if map.get("draft") == Some(&Value::Bool(true)) {
        return Some("a draft".into());
    }
    let expires = map.get("expires")?.as_str()?.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    (expires <= today).then(|| format!("expired on {expires}"))
}

/// One document's new text; the error says why it could not be converted.
fn one(
    opts: &Options,
    plan: &Plan,
    doc: &Doc,
    index: &Index,
    claimed: &mut HashMap<String, String>,
    items: &mut Vec<Item>,
) -> Result<One, String> {
    let path = opts.src.join(&doc.src);
    let raw = std::fs::read(&path).map_err(|e| format!("cannot be read: {e}"))?;
    let raw = String::from_utf8(raw).map_err(|_| "is not UTF-8 text; not imported".to_string())?;
    let parsed = front::split(&raw).map_err(|e| format!("its front matter cannot be read ({e}); not imported"))?;
    let jekyll = opts.flavor == Flavor::Jekyll;
    let old_address = old_address(opts.flavor, doc, &parsed.map, plan);
    let mut map = front::rewrite(parsed.map, jekyll);
    let mut note = |what: String| items.push(Item::new(ItemKind::Defaulted, &doc.src, 1, what));
    if doc.page {
        map.insert("kind".into(), "page".into());
    }
    if !map.contains_key("title") {
        note(format!("no `title`: \"{}\", from the file name", doc.file_title));
        map.insert("title".into(), doc.file_title.clone().into());
    }
    if !doc.page && !map.contains_key("date") {
        let date = match &doc.file_date {
            Some(d) => d.clone(),
            None => {
                let d = modified(&path);
                note(format!("no `date`: {d}, the day the file was last changed"));
                d
            }
        };
        map.insert("date".into(), date.into());
    }
    if !doc.page && !map.contains_key("region") {
        note(format!("no `region`: filed under \"{}\"", opts.region));
        map.insert("region".into(), Value::from(vec![opts.region.clone()]));
    }
    if let Some(Value::String(slug)) = map.get("slug").cloned() {
        let clean = crate::slug::slugify(&slug);
        if clean.is_empty() {
            map.remove("slug");
            note(format!("`slug: {slug}` makes no URL segment: the file name is used"));
        } else if clean != slug {
            note(format!("`slug: {slug}` written as `slug: {clean}`, a URL segment"));
            map.insert("slug".into(), clean.into());
        }
    }
    match old_address {
        // Two documents the old site published at one address (a post copied and re-dated):
        // the first keeps the redirect, and the second is listed.
        Ok(Some(old)) => match claimed.get(&old) {
            Some(first) if *first != doc.src => items.push(Item::new(
                ItemKind::Check,
                &doc.src,
                1,
                format!("no redirect from its old address {old}: it was also the address of {first}, which keeps it"),
            )),
            _ => {
                claimed.insert(old.clone(), doc.src.clone());
                redirect_from(&mut map, doc, &old);
            }
        },
        Ok(None) => {}
        Err(why) => {
            items.push(Item::new(ItemKind::Check, &doc.src, 1, format!("no redirect from its old address: {why}")))
        }
    }
    let converted = body::convert(&parsed.body, &doc.key, jekyll, index);
    for (line, what) in converted.left {
        items.push(Item::new(ItemKind::Unconverted, &doc.src, parsed.body_line + line, what));
    }
    let links = converted.links.into_iter().map(|(line, to)| (parsed.body_line + line, to)).collect();
    let held = held(&map);
    Ok(One { text: format!("{}{}", front::to_yaml(&map), converted.text), held, links })
}

/// Where the old site published the document (from the site's root), when that can be told:
/// Hugo's `url` or its section's `[permalinks]` pattern; Jekyll's `permalink` (the
/// document's, else its collection's or the site's), and for a page, `/about.html` or, when
/// the site's style ends in `/`, `/about/`.
fn old_address(
    flavor: Flavor,
    doc: &Doc,
    front: &serde_json::Map<String, Value>,
    plan: &Plan,
) -> Result<Option<String>, String> {
    let get = |k: &str| front.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map(|(_, v)| v);
    let text = |k: &str| get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    if flavor == Flavor::Hugo
        && let Some(url) = text("url")
    {
        return permalink::expand(flavor, url, &permalink::Facts::default()).map(Some);
    }
    let pattern = match (text("permalink").filter(|_| flavor == Flavor::Jekyll), &doc.permalink) {
        (Some(p), _) => p.to_string(),
        (None, Some(p)) => p.clone(),
        (None, None) if flavor == Flavor::Jekyll && doc.page => {
            let pretty = plan.page_style.as_deref().is_some_and(|s| s == "pretty" || s.ends_with('/'));
            return Ok(Some(if pretty { format!("/{}/", doc.path) } else { format!("/{}.html", doc.path) }));
        }
        (None, None) => return Ok(None),
    };
    let mut categories = doc.categories.clone();
    for key in ["categories", "category"] {
        match get(key) {
            Some(Value::String(s)) => categories.extend(s.split_whitespace().map(str::to_string)),
            Some(Value::Array(list)) => categories.extend(list.iter().filter_map(|v| v.as_str()).map(str::to_string)),
            _ => {}
        }
    }
    let date = text("date").or(doc.file_date.as_deref());
    let title = text("title").unwrap_or(&doc.file_title);
    let facts = permalink::Facts {
        date,
        slug: text("slug"),
        title,
        name: &doc.name,
        section: &doc.section,
        path: &doc.path,
        categories,
    };
    permalink::expand(flavor, &pattern, &facts).map(Some)
}

/// Add `old` to the document's `aliases` when it is not where dossier publishes it anyway.
fn redirect_from(map: &mut serde_json::Map<String, Value>, doc: &Doc, old: &str) {
    let slug = map.get("slug").and_then(Value::as_str);
    let new = format!("/{}", crate::content::front_matter::url_for(&doc.dest, slug));
    let same = |a: &str| a.trim_end_matches("index.html").trim_end_matches('/') == new.trim_end_matches('/');
    if same(old) {
        return;
    }
    let mut aliases: Vec<Value> = match map.remove("aliases") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    if !aliases.iter().any(|a| a.as_str().is_some_and(|a| a.trim_end_matches('/') == old.trim_end_matches('/'))) {
        aliases.push(Value::String(old.to_string()));
    }
    map.insert("aliases".into(), Value::Array(aliases));
}

/// The day (UTC) `path` was last changed, as `YYYY-MM-DD`; today when that cannot be told.
fn modified(path: &Path) -> String {
    let time = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let stamp = time.and_then(|t| jiff::Timestamp::try_from(t).ok()).unwrap_or_else(jiff::Timestamp::now);
    stamp.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::body::Resolve;

    fn doc(key: &str) -> Doc {
        Doc { src: format!("content/{key}"), dest: key.to_string(), key: key.to_string(), ..Doc::default() }
    }

    #[test]
    fn hugo_refs_are_found_as_hugo_finds_them() {
        let docs = [doc("posts/a.md"), doc("posts/bundle/index.md"), doc("about.md")];
        let index = Index::new(&docs);
        let find = |from, t| index.hugo_ref(from, t);
        assert_eq!(find("posts/x.md", "a.md").as_deref(), Some("posts/a.md"));
        assert_eq!(find("posts/x.md", "/posts/a").as_deref(), Some("posts/a.md"));
        assert_eq!(find("about.md", "posts/bundle").as_deref(), Some("posts/bundle/index.md"));
        assert_eq!(find("about.md", "bundle").as_deref(), Some("posts/bundle/index.md"));
        assert_eq!(find("posts/a.md", "/about.md").as_deref(), Some("about.md"));
        assert_eq!(find("posts/a.md", "missing.md"), None);
    }
}
