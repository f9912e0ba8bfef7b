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
    /// A redirect from a path standalone page `i` was once published at, its alias `k`.
    PageAlias(usize, usize),
    /// Brief `i`'s social card, `card.png` beside its page (`social_cards: true`).
    SocialCard(usize),
    /// `/calendar.ics`: every event of the published briefs (RFC 5545).
    Calendar,
    /// `/regions/gulf/calendar.ics`: the events on a region's or an actor's month-by-month
    /// timeline, for a term that has any.
    TermCalendar(TaxonomyKind, usize),
    /// `/regions/`, `/actors/`, `/tags/`
    TaxonomyIndex(TaxonomyKind),
    /// `/regions/gulf/` and `/regions/gulf/page/N/`: a taxonomy, an index into its terms, a page number.
    Term(TaxonomyKind, usize, usize),
    /// `/timeline/` and `/timeline/page/N/`.
    Timeline(usize),
    /// `/regions/gulf/timeline/` and `/regions/gulf/timeline/page/N/`: a region's or an
    /// actor's events and briefs month by month (`model::chronicle`), a page number.
    TermTimeline(TaxonomyKind, usize, usize),
    /// `/404.html`
    NotFound,
    /// `/search/`: the search page (its index files are written by `output::search`).
    Search,
    /// `/confidence/`: what each confidence level means.
    Confidence,
    /// `/sources/`: every source the briefs cite, with the briefs citing it.
    Sources,
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
    /// `/briefs/x/index.json`: one brief's record, beside its page.
    BriefJson(usize),
    /// `/briefs.csv`: one row per brief.
    BriefsCsv,
    /// `/briefs.ndjson`: one record per line.
    BriefsNdjson,
    /// `/schema/briefs.v1.json` and `/schema/brief.v1.json`: the exports' JSON Schemas.
    Schema(SchemaDoc),
    /// `/feed.json`: the site's JSON Feed.
    SiteJsonFeed,
    /// `/regions/gulf/feed.json`: a term's JSON Feed, beside its Atom feed.
    TermJsonFeed(TaxonomyKind, usize),
    /// `/stix/bundle.json`: the site as a STIX 2.1 bundle.
    StixBundle,
    /// `/briefs/x/stix.json`: one brief's STIX 2.1 bundle, beside its page.
    BriefStix(usize),
    /// `/actors/graph/`: the site-wide graph of actors that appear together (`graph.enabled`).
    ActorGraph,
}

/// Version of the data exports' format (`briefs.json`, `index.json` and their schemas); bumped
/// on incompatible changes only: members are added without a new version.
pub const DATA_VERSION: u32 = 1;

/// Which JSON Schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaDoc {
    /// `schema/briefs.v1.json`: the whole export.
    Briefs,
    /// `schema/brief.v1.json`: one brief's `index.json`.
    Brief,
}

impl SchemaDoc {
    /// Both, in a stable order.
    pub const ALL: [SchemaDoc; 2] = [SchemaDoc::Briefs, SchemaDoc::Brief];
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
        pages.push(Page::Sources);
        pages.extend((0..site.briefs.len()).map(Page::Brief));
        pages.extend((0..site.pages.len()).map(Page::Standalone));
        pages.extend((0..site.retracted.len()).map(Page::Retracted));
        for (i, b) in site.briefs.iter().enumerate() {
            pages.extend((0..b.aliases.len()).map(|k| Page::Alias(i, k)));
        }
        for (i, p) in site.pages.iter().enumerate() {
            pages.extend((0..p.aliases.len()).map(|k| Page::PageAlias(i, k)));
        }
        pages.extend((0..site.briefs.len()).filter(|&i| draws_card(site, &site.briefs[i])).map(Page::SocialCard));
        for t in &site.taxonomies {
            pages.push(Page::TaxonomyIndex(t.kind));
            for (i, term) in t.terms.iter().enumerate() {
                pages.extend((1..=page_count(term.briefs.len(), per)).map(|n| Page::Term(t.kind, i, n)));
                if let Some(c) = site.chronicles.of(t.kind, i) {
                    if writes_term_timeline(site, t.kind) {
                        pages.extend((1..=page_count(c.entries.len(), per)).map(|n| Page::TermTimeline(t.kind, i, n)));
                    }
                    // A term's calendar is written whether or not its timeline page is: it is
                    // small, exists only for a term with events, and is subscribed to by URL.
                    if c.months.iter().any(|m| m.events > 0) {
                        pages.push(Page::TermCalendar(t.kind, i));
                    }
                }
            }
        }
        if site.config.graph.enabled {
            pages.push(Page::ActorGraph);
        }
        // The sitemap lists the pages above, so it is counted from them.
        let listed = pages.iter().filter(|p| p.in_sitemap(site)).count();
        pages.push(Page::SiteFeed);
        pages.push(Page::Calendar);
        pages.push(Page::SiteJsonFeed);
        if site.config.feeds.terms {
            for t in &site.taxonomies {
                for i in 0..t.terms.len() {
                    pages.push(Page::TermFeed(t.kind, i));
                    if site.config.feeds.terms_json {
                        pages.push(Page::TermJsonFeed(t.kind, i));
                    }
                }
            }
        }
        pages.extend((0..=sitemap_parts(listed)).map(Page::Sitemap));
        // Crawlers read robots.txt at the root only: the default language's names every
        // language's sitemap.
        if site.config.language_prefix.is_empty() {
            pages.push(Page::Robots);
        }
        pages.push(Page::BriefsJson);
        if site.config.exports.brief_json {
            pages.extend((0..site.briefs.len()).map(Page::BriefJson));
        }
        pages.push(Page::BriefsCsv);
        if site.config.exports.ndjson {
            pages.push(Page::BriefsNdjson);
        }
        pages.extend(SchemaDoc::ALL.map(Page::Schema));
        pages.push(Page::StixBundle);
        if site.config.exports.brief_stix {
            pages.extend((0..site.briefs.len()).map(Page::BriefStix));
        }
        pages
    }

    /// True for a file made of every brief (the data exports, the STIX bundle, the sitemap,
    /// the calendar): each is one long task and tens of megabytes on a large archive.
    pub fn of_whole_archive(&self) -> bool {
        matches!(
            self,
            Page::BriefsJson
                | Page::BriefsCsv
                | Page::BriefsNdjson
                | Page::StixBundle
                | Page::Sitemap(_)
                | Page::Calendar
        )
    }

    /// URL relative to the site root (`briefs/x/`, `404.html`, `` for home).
    pub fn url(&self, site: &Site) -> String {
        match *self {
            Page::Home(n) => paged(String::new(), n),
            Page::Brief(i) => site.briefs[i].url.clone(),
            Page::Standalone(i) => site.pages[i].url.clone(),
            Page::Retracted(i) => site.retracted[i].url.clone(),
            Page::Alias(i, k) => site.briefs[i].aliases[k].clone(),
            Page::PageAlias(i, k) => site.pages[i].aliases[k].clone(),
            Page::SocialCard(i) => format!("{}{CARD_FILE}", site.briefs[i].url),
            Page::Calendar => CALENDAR_FILE.into(),
            Page::TermCalendar(k, i) => {
                let t = site.taxonomy(k);
                format!("{}{CALENDAR_FILE}", t.term_url(&t.terms[i]))
            }
            Page::TaxonomyIndex(k) => site.taxonomy(k).url(),
            Page::Term(k, i, n) => {
                let t = site.taxonomy(k);
                paged(t.term_url(&t.terms[i]), n)
            }
            Page::Timeline(n) => paged("timeline/".into(), n),
            Page::TermTimeline(k, i, n) => {
                let t = site.taxonomy(k);
                paged(format!("{}{TIMELINE_DIR}", t.term_url(&t.terms[i])), n)
            }
            Page::NotFound => "404.html".into(),
            Page::Search => "search/".into(),
            Page::Confidence => "confidence/".into(),
            Page::Sources => "sources/".into(),
            Page::SiteFeed => FEED_FILE.into(),
            Page::TermFeed(k, i) => {
                let t = site.taxonomy(k);
                format!("{}{FEED_FILE}", t.term_url(&t.terms[i]))
            }
            Page::Sitemap(0) => "sitemap.xml".into(),
            Page::Sitemap(n) => format!("sitemap-{n}.xml"),
            Page::Robots => "robots.txt".into(),
            Page::BriefsJson => "briefs.json".into(),
            Page::BriefJson(i) => format!("{}index.json", site.briefs[i].url),
            Page::BriefsCsv => "briefs.csv".into(),
            Page::BriefsNdjson => "briefs.ndjson".into(),
            Page::Schema(SchemaDoc::Briefs) => format!("schema/briefs.v{DATA_VERSION}.json"),
            Page::Schema(SchemaDoc::Brief) => format!("schema/brief.v{DATA_VERSION}.json"),
            Page::SiteJsonFeed => JSON_FEED_FILE.into(),
            Page::StixBundle => "stix/bundle.json".into(),
            Page::BriefStix(i) => format!("{}stix.json", site.briefs[i].url),
            Page::TermJsonFeed(k, i) => {
                let t = site.taxonomy(k);
                format!("{}{JSON_FEED_FILE}", t.term_url(&t.terms[i]))
            }
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
            | Page::TermTimeline(..)
            | Page::Timeline(_)
            | Page::Confidence
            | Page::Sources
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
            Page::TermTimeline(..) => "term_timeline.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Confidence => "confidence.html",
            Page::Sources => "sources.html",
            Page::ActorGraph => "graph.html",
            Page::SiteFeed
            | Page::TermFeed(..)
            | Page::Sitemap(_)
            | Page::Robots
            | Page::BriefsJson
            | Page::Alias(..)
            | Page::PageAlias(..)
            | Page::SocialCard(_)
            | Page::Calendar
            | Page::BriefJson(_)
            | Page::BriefsCsv
            | Page::BriefsNdjson
            | Page::Schema(_)
            | Page::SiteJsonFeed
            | Page::TermJsonFeed(..)
            | Page::StixBundle
            | Page::BriefStix(_)
            | Page::TermCalendar(..) => {
                return None;
            }
        })
    }
}

/// The folder of a term's month-by-month timeline, under the term's folder.
pub const TIMELINE_DIR: &str = "timeline/";

/// Whether the terms of `kind` get month-by-month timeline pages (`Page::TermTimeline`): regions
/// and actors, on a site with `term_timelines: true`. Every link to such a page asks this, so
/// none points at a page the build does not write.
pub fn writes_term_timeline(site: &Site, kind: TaxonomyKind) -> bool {
    site.config.term_timelines && crate::model::chronicle::has_timeline(kind)
}

/// The name of a feed file, under the site root or a term's folder.
pub const FEED_FILE: &str = "atom.xml";

/// The name of a calendar file, under the site root or a term's folder.
pub const CALENDAR_FILE: &str = "calendar.ics";

/// The name of a brief's social card, beside its page.
pub const CARD_FILE: &str = "card.png";

/// Whether the build draws `b` a social card (`Page::SocialCard`): a published brief that
/// names no picture, on a site with `social_cards: true`. A retracted brief's page stays, but
/// it is listed nowhere and gets no card.
pub fn draws_card(site: &Site, b: &crate::content::Document) -> bool {
    use crate::content::analysis::Status;
    site.config.social_cards && b.is_brief() && b.image.is_none() && b.analysis.status != Some(Status::Retracted)
}

/// A social card's width and height in pixels: what Open Graph and X/Twitter's large card ask for.
pub const CARD_SIZE: (u32, u32) = (1200, 630);

/// The name of a JSON Feed file, beside each Atom feed.
pub const JSON_FEED_FILE: &str = "feed.json";

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

    /// The feed's JSON Feed page, which lists the same entries.
    pub fn json_page(self) -> Page {
        match self {
            FeedOf::Site => Page::SiteJsonFeed,
            FeedOf::Term(k, ti) => Page::TermJsonFeed(k, ti),
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

    /// Whether this feed's JSON Feed items carry each brief's record under `_dossier`.
    pub fn records(self, c: &crate::config::SiteConfig) -> bool {
        match self {
            FeedOf::Site => true,
            FeedOf::Term(..) => c.feeds.terms_records,
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
