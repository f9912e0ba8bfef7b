//! Atom feeds (RFC 4287): the site's `/atom.xml` and one per region, actor and tag. Written by
//! hand: an Atom document is a handful of elements, and escaping is the only subtle part.

use std::fmt::Write;

use crate::content::Document;
use crate::escape;
use crate::model::TaxonomyKind;
use crate::model::pages::FeedOf;
use crate::model::site::Site;
use crate::view::{GENERATOR, Views};

/// Categories listed per entry at most.
pub const MAX_CATEGORIES: usize = 30;

/// `https://example.org` from `https://example.org/analysis/`: what root-relative links need
/// in front of them to be absolute. `None` when `base_url` has no scheme and host.
pub fn origin(base_url: &str) -> Option<&str> {
    let start = base_url.find("://")? + 3;
    let end = base_url[start..].find('/').map_or(base_url.len(), |i| start + i);
    Some(&base_url[..end])
}

/// Make root-relative `href` and `src` attributes absolute: feed readers show entries away
/// from the site, and not all of them honour `xml:base`.
pub fn absolutize(html: &str, origin: Option<&str>) -> String {
    let Some(origin) = origin else { return html.to_string() };
    html.replace("href=\"/", &format!("href=\"{origin}/")).replace("src=\"/", &format!("src=\"{origin}/"))
}

/// `open`, then `text` escaped, then `close`.
fn put(x: &mut String, open: &str, text: &str, close: &str) {
    x.push_str(open);
    escape::xml_into(x, text);
    x.push_str(close);
}

/// When an entry last changed, as feeds date it: `updated`, else `date`.
pub fn updated(b: &Document) -> &str {
    b.changed().map_or("1970-01-01T00:00:00Z", |d| d.iso.as_str())
}

/// A feed's title and the page it follows (relative to the site root), for Atom and JSON Feed
/// alike.
pub fn title_and_page(site: &Site, of: FeedOf) -> (String, String) {
    let c = &site.config;
    match of {
        FeedOf::Site => (c.title.clone(), String::new()),
        FeedOf::Term(k, ti) => {
            let t = site.taxonomy(k);
            let term = &t.terms[ti];
            let kind = c.strings.get(k.string_keys().1, None, &[]);
            let name = c.strings.get("term_title", None, &[("kind", &kind), ("name", &term.name)]);
            (format!("{name} · {}", c.title), t.term_url(term))
        }
    }
}

/// The terms an entry is filed under, as feeds list them: regions first, then actors, then
/// tags, at most `MAX_CATEGORIES` (a brief naming thousands of actors would otherwise put them
/// all in every one of their feeds).
pub fn categories(site: &Site, i: usize) -> impl Iterator<Item = (TaxonomyKind, &crate::model::Term)> {
    TaxonomyKind::ALL.into_iter().flat_map(move |k| site.terms_of_brief(k, i).map(move |t| (k, t))).take(MAX_CATEGORIES)
}

/// The whole feed document. Term feeds take their entries from `prep`, which makes each
/// brief's entry once: a brief is listed in the feed of every term it is filed under.
pub fn render(site: &Site, views: &Views, of: FeedOf) -> String {
    let c = &site.config;
    let ids = of.entries(site);
    let (title, page) = title_and_page(site, of);
    let self_url = format!("{}{}", c.base_url, of.page().url(site));
    let newest = ids.iter().map(|&i| &site.briefs[i]).max_by(|a, b| {
        let key = |x: &Document| x.changed().map(|d| d.instant);
        key(a).cmp(&key(b))
    });
    let origin = origin(&c.base_url);
    let mut x = String::with_capacity(4096 + ids.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape::xml(&c.language));
    let _ = writeln!(x, "  <title>{}</title>", escape::xml(&title));
    if !c.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape::xml(&c.description));
    }
    let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", escape::xml(&self_url));
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>",
        escape::xml(&c.base_url),
        escape::xml(&page)
    );
    let _ = writeln!(x, "  <id>{}</id>", escape::xml(&self_url));
    let _ = writeln!(x, "  <updated>{}</updated>", newest.map_or("1970-01-01T00:00:00Z", updated));
    // Atom wants an author on the feed or on every entry; the site's stands in for entries without one.
    let site_authors: Vec<&str> =
        if c.authors.is_empty() { vec![c.title.as_str()] } else { c.authors.iter().map(String::as_str).collect() };
    for a in &site_authors {
        let _ = writeln!(x, "  <author><name>{}</name></author>", escape::xml(a));
    }
    let _ = writeln!(
        x,
        "  <generator version=\"{}\">dossier</generator>",
        escape::xml(GENERATOR.trim_start_matches("dossier "))
    );
    let full = of.full_text(c);
    for &i in &ids {
        match of {
            FeedOf::Site => entry(&mut x, site, views, i, origin, full),
            FeedOf::Term(..) => x.push_str(views.term_feed_entry(i, || {
                let mut e = String::new();
                entry(&mut e, site, views, i, origin, full);
                e
            })),
        }
    }
    x.push_str("</feed>\n");
    x
}

fn entry(x: &mut String, site: &Site, views: &Views, i: usize, origin: Option<&str>, full: bool) {
    let c = &site.config;
    let b = &site.briefs[i];
    let link = format!("{}{}", c.base_url, b.url);
    put(x, "  <entry>\n    <title type=\"text\">", &b.title, "</title>\n");
    put(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"", &link, "\"/>\n");
    put(x, "    <id>", &link, "</id>\n");
    if let Some(d) = &b.date {
        put(x, "    <published>", &d.iso, "</published>\n");
    }
    put(x, "    <updated>", updated(b), "</updated>\n");
    for a in &b.authors {
        put(x, "    <author><name>", a, "</name></author>\n");
    }
    let scheme_base = escape::xml(&c.base_url);
    for (k, term) in categories(site, i) {
        put(x, "    <category term=\"", &term.slug, "\" label=\"");
        put(x, "", &term.name, "\" scheme=\"");
        x.push_str(&scheme_base);
        x.push_str(&site.taxonomy(k).url());
        x.push_str("\"/>\n");
    }
    let summary = b.summary_text();
    if !summary.is_empty() {
        put(x, "    <summary type=\"text\">", summary, "</summary>\n");
    }
    if full {
        let html = views.brief_html(site, i, |h| absolutize(h, origin));
        put(x, "    <content type=\"html\" xml:base=\"", &link, "\">");
        put(x, "", &html, "</content>\n");
    }
    x.push_str("  </entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(escape::xml("<a href=\"x\">&'\u{1}"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn origin_and_absolute_links() {
        assert_eq!(origin("https://example.org/analysis/"), Some("https://example.org"));
        assert_eq!(origin("http://localhost:4747/"), Some("http://localhost:4747"));
        assert_eq!(origin("/"), None);
        let html =
            "<a href=\"/analysis/x/\">x</a><img src=\"/a.png\"><a href=\"#f\">f</a><a href=\"https://o.org/\">o</a>";
        assert_eq!(
            absolutize(html, Some("https://example.org")),
            "<a href=\"https://example.org/analysis/x/\">x</a><img src=\"https://example.org/a.png\"><a href=\"#f\">f</a><a href=\"https://o.org/\">o</a>"
        );
    }
}
