//! Pages as data: every output page is a `Page` value with a URL, an output file and a
//! template. A full build renders all of them; an incremental one renders a subset.

use crate::model::TaxonomyKind;
use crate::site::Site;

/// One output page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/` and `/page/N/` (pages numbered from 1).
    Home(usize),
    /// A brief, by index into `Site::briefs`.
    Brief(usize),
    /// A standalone page, by index into `Site::pages`.
    Standalone(usize),
    /// `/regions/`, `/actors/`, `/tags/`
    TaxonomyIndex(TaxonomyKind),
    /// `/regions/gulf/` and `/regions/gulf/page/N/`: a taxonomy, an index into its terms, a page number.
    Term(TaxonomyKind, usize, usize),
    /// `/timeline/` and `/timeline/page/N/`.
    Timeline(usize),
    /// `/404.html`
    NotFound,
    /// `/search/`: the search page (its index files are written by `output::search`).
    Search,
    /// `/confidence/`: what each confidence level means.
    Confidence,
    /// `/atom.xml`
    SiteFeed,
    /// `/regions/gulf/atom.xml`: a taxonomy and an index into its terms.
    TermFeed(TaxonomyKind, usize),
    /// `/sitemap.xml` (0) or, on very large sites, `/sitemap-N.xml`.
    Sitemap(usize),
    /// `/robots.txt`
    Robots,
    /// `/briefs.json`
    Data,
}

impl Page {
    /// Every page of the site, in a stable order.
    pub fn all(site: &Site) -> Vec<Page> {
        let per = site.config.paginate_by;
        let all = page_count(site.briefs.len(), per);
        let mut pages: Vec<Page> = (1..=all).map(Page::Home).collect();
        pages.extend((1..=all).map(Page::Timeline));
        pages.push(Page::NotFound);
        pages.push(Page::Search);
        pages.push(Page::Confidence);
        pages.extend((0..site.briefs.len()).map(Page::Brief));
        pages.extend((0..site.pages.len()).map(Page::Standalone));
        for t in &site.taxonomies {
            pages.push(Page::TaxonomyIndex(t.kind));
            for (i, term) in t.terms.iter().enumerate() {
                pages.extend((1..=page_count(term.briefs.len(), per)).map(|n| Page::Term(t.kind, i, n)));
            }
        }
        // The sitemap lists the pages above, so it is counted from them.
        let listed = pages.iter().filter(|p| crate::output::sitemap::lists(site, p)).count();
        pages.push(Page::SiteFeed);
        if site.config.feeds.terms {
            for t in &site.taxonomies {
                pages.extend((0..t.terms.len()).map(|i| Page::TermFeed(t.kind, i)));
            }
        }
        pages.extend((0..=crate::output::sitemap::parts(listed)).map(Page::Sitemap));
        pages.push(Page::Robots);
        pages.push(Page::Data);
        pages
    }

    /// URL relative to the site root (`briefs/x/`, `404.html`, `` for home).
    pub fn url(&self, site: &Site) -> String {
        match *self {
            Page::Home(n) => paged(String::new(), n),
            Page::Brief(i) => site.briefs[i].url.clone(),
            Page::Standalone(i) => site.pages[i].url.clone(),
            Page::TaxonomyIndex(k) => site.taxonomy(k).url(),
            Page::Term(k, i, n) => {
                let t = site.taxonomy(k);
                paged(t.term_url(&t.terms[i]), n)
            }
            Page::Timeline(n) => paged("timeline/".into(), n),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/".into(),
            Page::Confidence => "confidence/".into(),
            Page::SiteFeed => "atom.xml".into(),
            Page::TermFeed(k, i) => {
                let t = site.taxonomy(k);
                format!("{}atom.xml", t.term_url(&t.terms[i]))
            }
            Page::Sitemap(0) => "sitemap.xml".into(),
            Page::Sitemap(n) => format!("sitemap-{n}.xml"),
            Page::Robots => "robots.txt".into(),
            Page::Data => "briefs.json".into(),
        }
    }

    /// File to write, relative to the output directory.
    pub fn output_path(&self, site: &Site) -> String {
        let url = self.url(site);
        if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url }
    }

    /// True for pages whose brief lists are made of cards (`context::CARD_TEMPLATE`).
    pub fn lists_cards(&self) -> bool {
        matches!(self, Page::Home(_) | Page::Term(..))
    }

    /// Template that renders it; `None` for files generated in code (feeds, sitemap, …).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Page::Home(_) => "home.html",
            Page::Brief(_) => "brief.html",
            Page::Standalone(_) => "page.html",
            Page::TaxonomyIndex(_) => "taxonomy.html",
            Page::Term(..) => "term.html",
            Page::Timeline(_) => "timeline.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Confidence => "confidence.html",
            Page::SiteFeed | Page::TermFeed(..) | Page::Sitemap(_) | Page::Robots | Page::Data => return None,
        })
    }
}

/// Number of pages needed for `items` at `per` a page (at least one; `per == 0` means one).
pub fn page_count(items: usize, per: usize) -> usize {
    if per == 0 { 1 } else { items.div_ceil(per).max(1) }
}

/// The items shown on page `n` (from 1).
pub fn page_range(items: usize, per: usize, n: usize) -> std::ops::Range<usize> {
    if per == 0 {
        return 0..items;
    }
    let start = ((n - 1) * per).min(items);
    start..(start + per).min(items)
}

/// URL of page `n` of a list whose first page is at `base`.
pub fn paged(base: String, n: usize) -> String {
    if n <= 1 { base } else { format!("{base}page/{n}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_arithmetic() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(11, 0), 1);
        assert_eq!(page_range(25, 10, 3), 20..25);
        assert_eq!(page_range(25, 0, 1), 0..25);
        assert_eq!(paged("tags/x/".into(), 1), "tags/x/");
        assert_eq!(paged("tags/x/".into(), 3), "tags/x/page/3/");
    }
}
