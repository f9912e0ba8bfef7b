//! `sitemap.xml` (every public HTML page with its `lastmod`) and `robots.txt`, which points to
//! it. Past 50,000 URLs, the protocol's limit per file, `sitemap.xml` becomes a sitemap index
//! over `sitemap-1.xml`, `sitemap-2.xml`, ….

use std::fmt::Write;

use crate::content::Document;
use crate::escape;
use crate::model::pages::{Page, SITEMAP_PER_FILE, sitemap_parts_of};
use crate::model::site::Site;

/// One sitemap entry: a root-relative URL and its last modification (RFC 3339), if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Root-relative URL (`briefs/x/`).
    pub url: String,
    /// RFC 3339 date of the last change.
    pub lastmod: Option<String>,
}

fn newest<'a>(briefs: impl Iterator<Item = &'a Document>) -> Option<String> {
    briefs.filter(|b| !b.unfinished()).filter_map(Document::changed).max_by_key(|d| d.instant).map(|d| d.iso.clone())
}

/// Every listed page, in `Page::all` order.
fn listed(site: &Site) -> Vec<Page> {
    Page::all(site).into_iter().filter(|p| p.in_sitemap(site)).collect()
}

/// The sitemap entries of `pages`.
fn entries(site: &Site, pages: &[Page]) -> Vec<Entry> {
    let all = newest(site.briefs.iter());
    // Once per term, not once per page of it: a term's pages share its newest brief, and a
    // large term has hundreds of pages.
    let by_term: Vec<Vec<Option<String>>> = site
        .taxonomies
        .iter()
        .map(|t| t.terms.iter().map(|term| newest(term.briefs.iter().map(|&i| &site.briefs[i]))).collect())
        .collect();
    let term_index = |k| site.taxonomies.iter().position(|t| t.kind == k).expect("every taxonomy is built");
    pages
        .iter()
        .map(|&p| {
            let lastmod = match p {
                Page::Brief(i) => site.briefs[i].changed().map(|d| d.iso.clone()),
                Page::Standalone(_) => None,
                Page::Term(k, ti, _) | Page::TermTimeline(k, ti, _) => by_term[term_index(k)][ti].clone(),
                _ => all.clone(),
            };
            Entry { url: p.url(site), lastmod }
        })
        .collect()
}

/// `sitemap.xml` (`part` 0) or `sitemap-N.xml`.
pub fn render(site: &Site, part: usize) -> String {
    render_split(site, part, SITEMAP_PER_FILE)
}

fn render_split(site: &Site, part: usize, per_file: usize) -> String {
    let base = &site.config.base_url;
    let pages = listed(site);
    let n = sitemap_parts_of(pages.len(), per_file);
    if part == 0 && n > 0 {
        return index(base, n);
    }
    // Each part dates only its own pages.
    let range = if n == 0 { 0..pages.len() } else { (part - 1) * per_file..(part * per_file).min(pages.len()) };
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    // A multilingual site names each page's versions in the other languages (Google's
    // `xhtml:link` alternates), as the pages' heads do.
    let multilingual = site.config.languages.len() > 1;
    x.push_str(match multilingual {
        true => "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        false => "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    });
    let range_pages = &pages[range];
    for (e, &p) in entries(site, range_pages).into_iter().zip(range_pages) {
        // A sitemap's addresses are URIs: a page named in another script is percent-encoded.
        let _ = write!(x, "  <url><loc>{}{}</loc>", escape::xml(base), escape::xml(&crate::urls::encode_path(&e.url)));
        if let Some(m) = &e.lastmod {
            let _ = write!(x, "<lastmod>{m}</lastmod>");
        }
        if multilingual {
            for a in crate::view::languages::alternates(site, p) {
                let _ = write!(
                    x,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape::xml(&a.lang),
                    escape::xml(&a.href)
                );
            }
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// The sitemap index over `parts` files.
fn index(base: &str, parts: usize) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for k in 1..=parts {
        let _ = writeln!(x, "  <sitemap><loc>{}sitemap-{k}.xml</loc></sitemap>", escape::xml(base));
    }
    x.push_str("</sitemapindex>\n");
    x
}

/// `robots.txt`: allow everything and point at the sitemap, each language's on a multilingual
/// site (only the default language writes one: crawlers read it at the root alone).
pub fn robots(site: &Site) -> String {
    let mut out = format!("User-agent: *\nDisallow:\n\nSitemap: {}sitemap.xml\n", site.config.base_url);
    for l in site.config.languages.iter().skip(1) {
        let _ = writeln!(out, "Sitemap: {}{}sitemap.xml", site.config.base_url, site.config.prefix_of(&l.code));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_sitemap_indexes_parts_that_list_every_page_once() {
        let tz = jiff::tz::TimeZone::UTC;
        let mut briefs = Vec::new();
        for (i, d) in ["2026-01-05", "2025-06-01", "2024-03-02", "2023-09-09"].iter().enumerate() {
            let mut b = crate::model::taxonomy::tests::brief(&format!("b{i}"), &["Gulf"]);
            b.date = Some(crate::dates::parse(d, &tz).unwrap());
            b.tags = vec![if i % 2 == 0 { "even".into() } else { "odd".into() }];
            briefs.push(b);
        }
        let mut config = crate::config::SiteConfig { paginate_by: 1, term_timelines: true, ..Default::default() };
        config.set_base_url("https://e.org/");
        let site = Site::assemble(config, briefs, &crate::model::publish::Policy::default()).0;
        let all = entries(&site, &listed(&site));
        let per_file = 5;
        let n = sitemap_parts_of(all.len(), per_file);
        assert!(n >= 3, "{} entries", all.len());
        let index = render_split(&site, 0, per_file);
        assert_eq!(index.matches("<sitemap>").count(), n);
        assert!(index.contains("<loc>https://e.org/sitemap-1.xml</loc>"));
        let mut listed = Vec::new();
        for part in 1..=n {
            let xml = render_split(&site, part, per_file);
            for loc in xml.split("<loc>").skip(1) {
                listed.push(loc[..loc.find("</loc>").unwrap()].to_string());
            }
        }
        let expected: Vec<String> = all.iter().map(|e| format!("https://e.org/{}", e.url)).collect();
        assert_eq!(listed, expected);
        // Every page of a term (four of briefs, four of its month-by-month timeline) carries the
        // date of the term's newest brief.
        let gulf: Vec<&Entry> = all.iter().filter(|e| e.url.starts_with("regions/gulf/")).collect();
        assert_eq!(gulf.len(), 8);
        assert!(gulf.iter().all(|e| e.lastmod.as_deref() == Some("2026-01-05T00:00:00+00:00")), "{gulf:?}");
        let odd: Vec<&Entry> = all.iter().filter(|e| e.url.starts_with("tags/odd/")).collect();
        assert!(odd.iter().all(|e| e.lastmod.as_deref() == Some("2025-06-01T00:00:00+00:00")), "{odd:?}");
    }
}
