//! Pages as data: every output page is a `Page` value with a URL, an output file and a
//! template. A full build renders all of them; an incremental one renders a subset. The
//! questions about pages that more than one layer asks are answered here once: which briefs a
//! feed lists, which pages the sitemap lists and in how many files.

use crate::model::TaxonomyKind;
use crate::model::site::Site;

/// One output page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/` and `/page/N/` (pages numbered from 1).
    Home(usize),
    /// A brief, by index into `Site::briefs`.
    Brief(usize),
    /// A standalone page, by index into `Site::pages`.
    Standalone(usize),
    /// A retracted brief's page, with its notice, by index into `Site::retracted`.
    Retracted(usize),
    /// A redirect from a path brief `i` was once published at, its alias `k` (`aliases:`).
    Alias(usize, usize),
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
    BriefsJson,
    /// `/actors/graph/`: the site-wide graph of actors that appear together (`graph.enabled`).
    ActorGraph,
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
        pages.extend((0..site.retracted.len()).map(Page::Retracted));
        for (i, b) in site.briefs.iter().enumerate() {
            pages.extend((0..b.aliases.len()).map(|k| Page::Alias(i, k)));
        }
        for t in &site.taxonomies {
            pages.push(Page::TaxonomyIndex(t.kind));
            for (i, term) in t.terms.iter().enumerate() {
                pages.extend((1..=page_count(term.briefs.len(), per)).map(|n| Page::Term(t.kind, i, n)));
            }
        }
        if site.config.graph.enabled {
            pages.push(Page::ActorGraph);
        }
        // The sitemap lists the pages above, so it is counted from them.
        let listed = pages.iter().filter(|p| p.in_sitemap(site)).count();
        pages.push(Page::SiteFeed);
        if site.config.feeds.terms {
            for t in &site.taxonomies {
                pages.extend((0..t.terms.len()).map(|i| Page::TermFeed(t.kind, i)));
            }
        }
        pages.extend((0..=sitemap_parts(listed)).map(Page::Sitemap));
        pages.push(Page::Robots);
        pages.push(Page::BriefsJson);
        pages
    }

    /// URL relative to the site root (`briefs/x/`, `404.html`, `` for home).
    pub fn url(&self, site: &Site) -> String {
        match *self {
            Page::Home(n) => paged(String::new(), n),
            Page::Brief(i) => site.briefs[i].url.clone(),
            Page::Standalone(i) => site.pages[i].url.clone(),
            Page::Retracted(i) => site.retracted[i].url.clone(),
            Page::Alias(i, k) => site.briefs[i].aliases[k].clone(),
            Page::TaxonomyIndex(k) => site.taxonomy(k).url(),
            Page::Term(k, i, n) => {
                let t = site.taxonomy(k);
                paged(t.term_url(&t.terms[i]), n)
            }
            Page::Timeline(n) => paged("timeline/".into(), n),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/".into(),
            Page::Confidence => "confidence/".into(),
            Page::SiteFeed => FEED_FILE.into(),
            Page::TermFeed(k, i) => {
                let t = site.taxonomy(k);
                format!("{}{FEED_FILE}", t.term_url(&t.terms[i]))
            }
            Page::Sitemap(0) => "sitemap.xml".into(),
            Page::Sitemap(n) => format!("sitemap-{n}.xml"),
            Page::Robots => "robots.txt".into(),
            Page::BriefsJson => "briefs.json".into(),
            Page::ActorGraph => format!("{}graph/", site.taxonomy(TaxonomyKind::Actors).url()),
        }
    }

    /// File to write, relative to the output directory.
    pub fn output_path(&self, site: &Site) -> String {
        let url = self.url(site);
        if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url }
    }

    /// Is this page in the sitemap? HTML pages meant for readers: not the 404 page, the search
    /// page or drafts.
    pub fn in_sitemap(&self, site: &Site) -> bool {
        match self {
            Page::Brief(i) => !site.briefs[*i].unfinished(),
            Page::Standalone(i) => !site.pages[*i].unfinished(),
            Page::Home(_)
            | Page::TaxonomyIndex(_)
            | Page::Term(..)
            | Page::Timeline(_)
            | Page::Confidence
            | Page::ActorGraph => true,
            _ => false,
        }
    }

    /// True for pages whose brief lists are made of cards (`context::CARD_TEMPLATE`).
    pub fn lists_cards(&self) -> bool {
        matches!(self, Page::Home(_) | Page::Term(..))
    }

    /// Template that renders it; `None` for files generated in code (feeds, sitemap, …).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Page::Home(_) => "home.html",
            Page::Brief(_) | Page::Retracted(_) => "brief.html",
            Page::Standalone(_) => "page.html",
            Page::TaxonomyIndex(_) => "taxonomy.html",
            Page::Term(..) => "term.html",
            Page::Timeline(_) => "timeline.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Confidence => "confidence.html",
            Page::ActorGraph => "graph.html",
            Page::SiteFeed
            | Page::TermFeed(..)
            | Page::Sitemap(_)
            | Page::Robots
            | Page::BriefsJson
            | Page::Alias(..) => {
                return None;
            }
        })
    }
}

/// The name of a feed file, under the site root or a term's folder.
pub const FEED_FILE: &str = "atom.xml";

/// URLs per sitemap file, from the sitemap protocol.
pub const SITEMAP_PER_FILE: usize = 50_000;

/// How many `sitemap-N.xml` parts a sitemap of `entries` URLs needs (0: `sitemap.xml` holds
/// everything).
pub fn sitemap_parts(entries: usize) -> usize {
    sitemap_parts_of(entries, SITEMAP_PER_FILE)
}

/// `sitemap_parts` with `per_file` URLs a file.
pub fn sitemap_parts_of(entries: usize, per_file: usize) -> usize {
    if entries <= per_file { 0 } else { entries.div_ceil(per_file) }
}

/// Which feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOf {
    /// Every brief.
    Site,
    /// One term's briefs: a taxonomy and an index into its terms.
    Term(TaxonomyKind, usize),
}

impl FeedOf {
    /// The feed's page.
    pub fn page(self) -> Page {
        match self {
            FeedOf::Site => Page::SiteFeed,
            FeedOf::Term(k, ti) => Page::TermFeed(k, ti),
        }
    }

    /// The briefs the feed lists, newest first, drafts and briefs in review left out, at most `feeds.limit` (0: all).
    pub fn entries(self, site: &Site) -> Vec<usize> {
        let ids: Box<dyn Iterator<Item = usize>> = match self {
            FeedOf::Site => Box::new(0..site.briefs.len()),
            FeedOf::Term(k, ti) => Box::new(site.taxonomy(k).terms[ti].briefs.iter().copied()),
        };
        let limit = match site.config.feeds.limit {
            0 => usize::MAX,
            n => n,
        };
        ids.filter(|&i| !site.briefs[i].unfinished()).take(limit).collect()
    }

    /// True when the feed's entries carry each brief's whole text, not only its summary.
    pub fn full_text(self, c: &crate::config::SiteConfig) -> bool {
        match self {
            FeedOf::Site => c.feeds.full_content,
            FeedOf::Term(..) => c.feeds.terms_full_content,
        }
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
    fn the_sitemap_splits_only_past_the_protocol_limit() {
        assert_eq!(sitemap_parts(10), 0);
        assert_eq!(sitemap_parts(SITEMAP_PER_FILE), 0);
        assert_eq!(sitemap_parts(SITEMAP_PER_FILE + 1), 2);
    }

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
