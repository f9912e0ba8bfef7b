//! What each template receives. Brief views are serialised once per build into Tera values
//! (cheap to clone: Tera shares them), then reused by every list that shows the brief.

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value as Json};
use tera::{Context, Value};

use crate::content::Brief;
use crate::content::analysis::Confidence;
use crate::diagnostics::Diagnostic;
use crate::markdown::TocEntry;
use crate::model::{Taxonomy, TaxonomyKind, Term};
use crate::render::Page;
use crate::render::pages::{page_count, page_range, paged};
use crate::site::Site;

/// The partial that renders one brief in the home and term lists. It is rendered once per
/// brief and build and the pages take it from there as `cards`: a brief is listed on the home
/// page and on every term page it is filed under (a tenth of a 10,000-brief build's rendering
/// went to rendering the same cards again).
pub const CARD_TEMPLATE: &str = "partials/brief_item.html";

/// The heading level of a card's title: under the lists' year or section headings.
pub const CARD_LEVEL: u8 = 3;

/// Renders a card from its context; `None` when the templates have no card partial.
pub type CardRenderer<'a> = Option<&'a dyn Fn(&Context) -> Result<String, Diagnostic>>;

/// The generator string shown in pages.
pub const GENERATOR: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: String,
    language: &'a str,
    authors: &'a [String],
    extra: &'a Map<String, Json>,
    style: StyleView<'a>,
}

/// site.yaml's `style:` as templates use it: colours as `#rrggbb` (or null), the logo and
/// stylesheets as URLs.
#[derive(Serialize)]
struct StyleView<'a> {
    accent: Option<&'a str>,
    accent_dark: Option<&'a str>,
    logo: Option<String>,
    css: Vec<String>,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    regions: String,
    actors: String,
    tags: String,
    timeline: String,
    search: String,
    feed: String,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    /// The term's Atom feed, when term feeds are on.
    feed: Option<String>,
}

/// A term as shown on a brief: no count, so a brief's view changes only when the brief does.
#[derive(Serialize)]
struct TermRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

#[derive(Serialize)]
struct BriefView<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    date: String,
    date_iso: String,
    date_display: String,
    year: i16,
    updated: Option<String>,
    updated_display: Option<String>,
    regions: Vec<TermRef<'a>>,
    actors: Vec<TermRef<'a>>,
    tags: Vec<TermRef<'a>>,
    summary: &'a str,
    authors: &'a [String],
    draft: bool,
    word_count: usize,
    reading_time: usize,
    extra: &'a Map<String, Json>,
    bluf: Option<&'a str>,
    key_judgments: &'a [String],
    confidence: Option<ConfidenceView>,
    sources: Vec<SourceView<'a>>,
    /// As written: `draft`, `final`, `superseded`, or null.
    status: Option<&'static str>,
    events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
struct ConfidenceView {
    level: &'static str,
    label: &'static str,
    /// The level's explanation on the site's confidence page.
    url: String,
}

#[derive(Serialize)]
struct SourceView<'a> {
    n: usize,
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct EventView<'a> {
    date: String,
    date_iso: &'a str,
    date_display: String,
    title: &'a str,
}

#[derive(Serialize)]
struct MonthView {
    month: i8,
    name: &'static str,
    count: usize,
    briefs: Vec<Value>,
}

#[derive(Serialize)]
struct YearView {
    year: i16,
    count: usize,
    months: Vec<MonthView>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Values shared by every page of one build.
pub struct Prepared {
    /// One view per brief, same order as `Site::briefs`.
    pub briefs: Vec<Value>,
    /// One `briefs.json` record per brief, same order.
    pub records: Vec<Arc<[u8]>>,
    /// Each brief's entry in term feeds, made by the first feed that lists it.
    term_feed_entries: Vec<std::sync::OnceLock<String>>,
    /// Each brief's card (see `CARD_TEMPLATE`), made by the first list that shows it.
    cards: Vec<std::sync::OnceLock<Result<Value, Diagnostic>>>,
    /// The briefs' HTML, when taken over from the site (see `streaming`).
    taken: Option<TakenHtml>,
    /// Term values shared by the views, kept while views are still to be added.
    shared: Option<SharedTerms>,
    base_path: String,
}

/// How many times each brief's HTML is used in a build: its page, the site feed when it
/// carries full text, and term feeds when they are written with full text.
fn html_uses(site: &Site) -> Vec<std::sync::atomic::AtomicU32> {
    use crate::output::feed::{self, FeedOf};
    let n = site.briefs.len();
    let mut uses = vec![1u32; n];
    if feed::full_text(&site.config, FeedOf::Site) {
        for i in feed::entries(site, FeedOf::Site) {
            uses[i] += 1;
        }
    }
    // Term feeds are written only when `feeds.terms` is on (see `Page::all`).
    if site.config.feeds.terms {
        // A brief's term-feed entry is made once, whatever the number of term feeds.
        let mut listed = vec![false; n];
        for t in &site.taxonomies {
            for ti in 0..t.terms.len() {
                let of = FeedOf::Term(t.kind, ti);
                if feed::full_text(&site.config, of) {
                    for i in feed::entries(site, of) {
                        listed[i] = true;
                    }
                }
            }
        }
        for (u, l) in uses.iter_mut().zip(listed) {
            *u += u32::from(l);
        }
    }
    uses.into_iter().map(std::sync::atomic::AtomicU32::new).collect()
}

/// Briefs' HTML taken over from the site for one build.
struct TakenHtml {
    html: Vec<std::sync::Mutex<String>>,
    /// Uses left per brief: its page, and the feeds that carry its full text.
    uses: Vec<std::sync::atomic::AtomicU32>,
}

impl Prepared {
    /// Every brief's view and record at once: the reference a build's slice-by-slice
    /// `streaming` views are checked against.
    #[cfg(test)]
    pub fn new(site: &Site) -> Prepared {
        let mut p = Prepared::from_values(site, Vec::with_capacity(site.briefs.len()), Vec::new());
        p.add_views(site, 0..site.briefs.len());
        p.finish(site);
        p
    }

    /// Use views and records made elsewhere (the preview server caches them); same order as
    /// `Site::briefs`.
    pub fn from_values(site: &Site, briefs: Vec<Value>, records: Vec<Arc<[u8]>>) -> Prepared {
        let term_feed_entries = (0..site.briefs.len()).map(|_| std::sync::OnceLock::new()).collect();
        let cards = (0..site.briefs.len()).map(|_| std::sync::OnceLock::new()).collect();
        Prepared {
            briefs,
            records,
            term_feed_entries,
            cards,
            taken: None,
            shared: None,
            base_path: site.config.base_path(),
        }
    }

    /// No views yet, for a build that renders each page once and renders the briefs' Markdown
    /// a slice at a time: `add_briefs` takes each slice's HTML over from the site and makes
    /// its views, and `finish` makes the records once every brief is in. Each brief's HTML is
    /// let go after its last use (its page, and the feeds that carry full text), so a build
    /// holds only the HTML of the briefs whose pages are still to come, not all of it (the
    /// HTML of 100,000 briefs is 750 MB).
    pub fn streaming(site: &Site) -> Prepared {
        let mut p = Prepared::from_values(site, Vec::with_capacity(site.briefs.len()), Vec::new());
        p.taken = Some(TakenHtml { html: Vec::with_capacity(site.briefs.len()), uses: html_uses(site) });
        p
    }

    /// How many briefs have views so far: views are added in order, so brief `i` has one
    /// when `i` is below this.
    pub fn briefs_ready(&self) -> usize {
        self.briefs.len()
    }

    /// Take over the HTML of the briefs at `range`, whose Markdown was just rendered, and make
    /// their views. Slices come in order: `range` starts at `briefs_ready()`.
    pub fn add_briefs(&mut self, site: &mut Site, range: std::ops::Range<usize>) {
        debug_assert_eq!(range.start, self.briefs.len(), "slices of briefs are added in order");
        if let Some(t) = &mut self.taken {
            t.html.extend(
                site.briefs[range.clone()]
                    .iter_mut()
                    .map(|b| std::sync::Mutex::new(std::mem::take(&mut b.rendered.html))),
            );
        }
        self.add_views(site, range);
    }

    /// Make the views of the briefs at `range`, which follow those made so far.
    fn add_views(&mut self, site: &Site, range: std::ops::Range<usize>) {
        use rayon::prelude::*;
        let shared = self.shared.get_or_insert_with(|| SharedTerms::new(site, &self.base_path));
        let base_path = &self.base_path;
        let views: Vec<Value> = range.into_par_iter().map(|i| shared.brief_value(site, i, base_path)).collect();
        self.briefs.extend(views);
    }

    /// Make the records, once every brief has its view.
    pub fn finish(&mut self, site: &Site) {
        use rayon::prelude::*;
        self.shared = None;
        self.records = (0..site.briefs.len()).into_par_iter().map(|i| record(site, i)).collect();
    }

    /// `f` applied to brief `i`'s HTML; one of its uses when the HTML was taken over.
    pub fn brief_html<R>(&self, site: &Site, i: usize, f: impl FnOnce(&str) -> R) -> R {
        let Some(t) = &self.taken else { return f(&site.briefs[i].rendered.html) };
        let mut html = t.html[i].lock().unwrap_or_else(|e| e.into_inner());
        let r = f(&html);
        if t.uses[i].fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1 {
            *html = String::new();
        }
        r
    }

    /// Brief `i`'s card, rendered by `render` (given the card's context) the first time it is
    /// asked for.
    pub fn card(&self, i: usize, render: &dyn Fn(&Context) -> Result<String, Diagnostic>) -> Result<Value, Diagnostic> {
        self.cards[i]
            .get_or_init(|| {
                let mut ctx = Context::new();
                ctx.insert_value("item", self.briefs[i].clone());
                ctx.insert("level", &CARD_LEVEL);
                render(&ctx).map(|html| Value::safe_string(&html))
            })
            .clone()
    }

    /// Brief `i`'s entry in term feeds, made by `make` the first time it is asked for.
    pub fn term_feed_entry(&self, i: usize, make: impl FnOnce() -> String) -> &str {
        self.term_feed_entries[i].get_or_init(make)
    }

    fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }
}

/// Variables every template sees: `site`, `nav`, `pages_nav`, `generator`.
pub fn globals(site: &Site) -> Vec<(&'static str, Value)> {
    let c = &site.config;
    let bp = c.base_path();
    let view = SiteView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: bp.clone(),
        language: &c.language,
        authors: &c.authors,
        extra: &c.extra,
        style: StyleView {
            accent: c.style.accent.as_deref(),
            accent_dark: c.style.accent_dark.as_deref(),
            logo: c.style.logo.as_deref().map(|l| crate::config::static_url(&bp, l)),
            css: c.style.css.iter().map(|s| crate::config::static_url(&bp, s)).collect(),
        },
    };
    let nav = Nav {
        home: bp.clone(),
        regions: format!("{bp}regions/"),
        actors: format!("{bp}actors/"),
        tags: format!("{bp}tags/"),
        timeline: format!("{bp}timeline/"),
        search: format!("{bp}search/"),
        feed: format!("{bp}atom.xml"),
    };
    let pages: Vec<Link> = site.pages.iter().map(|p| Link { title: &p.title, url: format!("{bp}{}", p.url) }).collect();
    vec![
        ("site", Value::from_serializable(&view)),
        ("nav", Value::from_serializable(&nav)),
        ("pages_nav", Value::from_serializable(&pages)),
        ("generator", Value::from(GENERATOR)),
    ]
}

/// Each term's view (name, slug, URL), made once and shared by every brief filed under it:
/// template values are reference-counted, and 10,000 briefs name only a few hundred terms, so
/// this saves a map and a URL per term per brief (a third of the views' memory).
struct SharedTerms(Vec<Vec<Value>>);

impl SharedTerms {
    fn new(site: &Site, base_path: &str) -> Self {
        SharedTerms(
            site.taxonomies
                .iter()
                .map(|tax| tax.terms.iter().map(|t| Value::from_serializable(&term_ref(tax, t, base_path))).collect())
                .collect(),
        )
    }

    /// What `Value::from_serializable(&brief_view(.., true))` gives for brief `i`, with the
    /// shared term values.
    fn brief_value(&self, site: &Site, i: usize, base_path: &str) -> Value {
        let view = brief_view(site, &site.briefs[i], base_path, false);
        let Some(mut map) = Value::from_serializable(&view).into_map() else { return Value::none() };
        for (tax, shared) in site.taxonomies.iter().zip(&self.0) {
            let key = match tax.kind {
                TaxonomyKind::Region => "regions",
                TaxonomyKind::Actors => "actors",
                TaxonomyKind::Tags => "tags",
            };
            let terms: Vec<Value> = tax.term_ids_of(i).map(|k| shared[k].clone()).collect();
            map.insert(key.into(), Value::from(terms));
        }
        Value::from(map)
    }
}

/// One brief's view as a template value, with a hash of everything in it.
pub fn brief_value(site: &Site, b: &Brief) -> (Value, u64) {
    let view = brief_view(site, b, &site.config.base_path(), true);
    (Value::from_serializable(&view), crate::hashing::value(&view))
}

/// The `briefs.json` record of brief `i`.
pub fn record(site: &Site, i: usize) -> Arc<[u8]> {
    crate::output::data::record(site, i).into()
}

/// Absolute URL for a root-relative path, from `base_url`.
pub fn permalink(site: &Site, rel: &str) -> String {
    format!("{}{rel}", site.config.base_url)
}

fn reading_time(words: usize, wpm: usize) -> usize {
    words.div_ceil(wpm.max(1)).max(1)
}

fn term_ref<'a>(tax: &Taxonomy, t: &'a Term, base_path: &str) -> TermRef<'a> {
    TermRef { name: &t.name, slug: &t.slug, url: format!("{base_path}{}", tax.term_url(t)) }
}

/// A brief's view; its regions, actors and tags stay empty unless `with_terms` (the caller
/// fills them with shared values instead).
fn brief_view<'a>(site: &'a Site, b: &'a Brief, base_path: &str, with_terms: bool) -> BriefView<'a> {
    let terms = |kind: TaxonomyKind| -> Vec<TermRef<'a>> {
        if !with_terms {
            return Vec::new();
        }
        let tax = site.taxonomy(kind);
        tax.terms_of(b).map(|t| term_ref(tax, t, base_path)).collect()
    };
    let fmt = &site.config.date_format;
    let (date, date_iso, date_display, year) = match &b.date {
        Some(d) => (d.ymd(), d.iso.clone(), d.display(fmt), d.civil.year()),
        None => (String::new(), String::new(), String::new(), 0),
    };
    BriefView {
        title: &b.title,
        url: format!("{base_path}{}", b.url),
        permalink: permalink(site, &b.url),
        date,
        date_iso,
        date_display,
        year,
        updated: b.updated.as_ref().map(|d| d.ymd()),
        updated_display: b.updated.as_ref().map(|d| d.display(fmt)),
        regions: terms(TaxonomyKind::Region),
        actors: terms(TaxonomyKind::Actors),
        tags: terms(TaxonomyKind::Tags),
        summary: b.summary_text(),
        authors: &b.authors,
        draft: b.draft,
        word_count: b.rendered.word_count,
        reading_time: reading_time(b.rendered.word_count, site.config.words_per_minute),
        extra: &b.extra,
        bluf: b.analysis.bluf.as_deref(),
        key_judgments: &b.analysis.key_judgments,
        confidence: b.analysis.confidence.map(|c| ConfidenceView {
            level: c.key(),
            label: c.label(),
            url: format!("{base_path}confidence/#{}", c.key()),
        }),
        sources: b
            .analysis
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| SourceView {
                n: i + 1,
                title: &s.title,
                url: s.url.as_deref(),
                publisher: s.publisher.as_deref(),
                date: s.date.as_deref(),
            })
            .collect(),
        status: b.analysis.status.map(|s| s.key()),
        events: b
            .analysis
            .events
            .iter()
            .map(|e| EventView {
                date: e.date.ymd(),
                date_iso: &e.date.iso,
                date_display: e.date.display(fmt),
                title: &e.title,
            })
            .collect(),
    }
}

fn toc_values(ctx: &mut Context, b: &Brief, min_headings: usize, content: Value) {
    let toc: &[TocEntry] = &b.rendered.toc;
    ctx.insert("toc", toc);
    ctx.insert("show_toc", &(b.rendered.heading_count >= min_headings.max(1)));
    ctx.insert_value("content", content);
}

/// The last position in `Site::briefs` whose view brief `i`'s page reads: itself, its
/// neighbours in time, the briefs it supersedes or is superseded by, and its related briefs.
/// Related briefs are chosen among those near in time (see `model::related`), so for most
/// briefs this is a few thousand places on at most, and a build can render the page as soon
/// as the Markdown up to there is rendered.
pub fn last_brief_read(site: &Site, i: usize) -> usize {
    let neighbours = [site.older(i).map(|_| i + 1), site.supersedes[i], site.superseded_by[i]];
    let related = site.related[i].iter().copied().map(Some);
    neighbours.into_iter().chain(related).flatten().fold(i, usize::max)
}

/// The full context for one page. `cards` renders the cards of listed briefs; a failed card
/// fails the page.
pub fn context(site: &Site, prep: &Prepared, page: Page, cards: CardRenderer) -> Result<Context, Diagnostic> {
    let mut ctx = Context::new();
    let rel = page.url(site);
    ctx.insert("current_url", &prep.url(&rel));
    ctx.insert("permalink", &permalink(site, &rel));
    let list = |ids: &[usize]| Value::from(ids.iter().map(|&i| prep.briefs[i].clone()).collect::<Vec<_>>());
    let card_list = |ids: &mut dyn Iterator<Item = usize>| -> Result<Value, Diagnostic> {
        match cards {
            Some(render) if page.lists_cards() => {
                Ok(Value::from(ids.map(|i| prep.card(i, render)).collect::<Result<Vec<_>, _>>()?))
            }
            _ => Ok(Value::from(Vec::<Value>::new())),
        }
    };
    let per = site.config.paginate_by;
    ctx.insert_value("paginator", Value::none());
    match page {
        Page::Home(n) => {
            let range = page_range(site.briefs.len(), per, n);
            ctx.insert_value("briefs", Value::from(&prep.briefs[range.clone()]));
            ctx.insert_value("cards", card_list(&mut range.into_iter())?);
            ctx.insert("paginator", &paginator(prep, String::new(), n, site.briefs.len(), per));
        }
        Page::Brief(i) => {
            let b = &site.briefs[i];
            ctx.insert_value("brief", prep.briefs[i].clone());
            let content = prep.brief_html(site, i, Value::safe_string);
            toc_values(&mut ctx, b, site.config.markdown.toc_min_headings, content);
            ctx.insert_value("json_ld", Value::safe_string(&json_ld(site, i)));
            let neighbour = |j: Option<usize>| j.map(|j| prep.briefs[j].clone()).unwrap_or(Value::none());
            ctx.insert_value("previous", neighbour(site.older(i).map(|_| i + 1)));
            ctx.insert_value("next", neighbour(site.newer(i).map(|_| i - 1)));
            ctx.insert_value("supersedes", neighbour(site.supersedes[i]));
            ctx.insert_value("superseded_by", neighbour(site.superseded_by[i]));
            ctx.insert_value("related", list(&site.related[i]));
        }
        Page::Standalone(i) => {
            let p = &site.pages[i];
            #[derive(Serialize)]
            struct PageView<'a> {
                title: &'a str,
                url: String,
                permalink: String,
                summary: &'a str,
                extra: &'a Map<String, Json>,
            }
            let view = PageView {
                title: &p.title,
                url: prep.url(&p.url),
                permalink: permalink(site, &p.url),
                summary: p.summary_text(),
                extra: &p.extra,
            };
            ctx.insert("page", &view);
            toc_values(&mut ctx, p, site.config.markdown.toc_min_headings, Value::safe_string(&p.rendered.html));
        }
        Page::TaxonomyIndex(kind) => {
            let t = site.taxonomy(kind);
            let terms: Vec<TermView> = t
                .terms
                .iter()
                .map(|term| TermView {
                    name: &term.name,
                    slug: &term.slug,
                    url: prep.url(&t.term_url(term)),
                    count: term.briefs.len(),
                    feed: term_feed(site, prep, &t.term_url(term)),
                })
                .collect();
            ctx.insert_value("taxonomy", taxonomy_value(kind, prep.url(&t.url()), Value::from_serializable(&terms)));
        }
        Page::Term(kind, ti, n) => {
            let t = site.taxonomy(kind);
            let term = &t.terms[ti];
            let range = page_range(term.briefs.len(), per, n);
            ctx.insert("paginator", &paginator(prep, t.term_url(term), n, term.briefs.len(), per));
            ctx.insert_value("taxonomy", taxonomy_value(kind, prep.url(&t.url()), Value::from(Vec::<Value>::new())));
            ctx.insert(
                "term",
                &TermView {
                    name: &term.name,
                    slug: &term.slug,
                    url: prep.url(&t.term_url(term)),
                    count: term.briefs.len(),
                    feed: term_feed(site, prep, &t.term_url(term)),
                },
            );
            ctx.insert_value("briefs", list(&term.briefs[range.clone()]));
            // The same briefs grouped by year, for a timeline-like list.
            let mut years: Vec<(i16, Vec<usize>)> = Vec::new();
            for &i in &term.briefs[range] {
                let y = site.briefs[i].date.as_ref().map_or(0, |d| d.civil.year());
                match years.last_mut() {
                    Some((last, ids)) if *last == y => ids.push(i),
                    _ => years.push((y, vec![i])),
                }
            }
            let years: Vec<Value> = years
                .into_iter()
                .map(|(year, ids)| {
                    let mut m = tera::Map::new();
                    m.insert("year".into(), Value::from(year));
                    m.insert("cards".into(), card_list(&mut ids.iter().copied())?);
                    m.insert("briefs".into(), list(&ids));
                    Ok(Value::from(m))
                })
                .collect::<Result<_, Diagnostic>>()?;
            ctx.insert_value("by_year", Value::from(years));
            let profile = if n == 1 { term_profile(site, prep, kind, ti) } else { Value::none() };
            ctx.insert_value("profile", profile);
        }
        Page::Timeline(n) => {
            let range = page_range(site.briefs.len(), per, n);
            ctx.insert("paginator", &paginator(prep, "timeline/".into(), n, site.briefs.len(), per));
            ctx.insert_value("timeline", timeline_value(site, prep, range));
            let (chart, events) =
                if n == 1 { timeline_chart(site, prep) } else { (Value::none(), Value::from(Vec::<Value>::new())) };
            ctx.insert_value("timeline_chart", chart);
            ctx.insert_value("events", events);
        }
        Page::Search => ctx.insert("search_index", &prep.url("search/")),
        Page::Confidence => {
            #[derive(Serialize)]
            struct Level {
                level: &'static str,
                label: &'static str,
                meaning: &'static str,
                count: usize,
            }
            let levels: Vec<Level> = Confidence::ALL
                .iter()
                .rev()
                .map(|&c| Level {
                    level: c.key(),
                    label: c.label(),
                    meaning: c.meaning(),
                    count: site.briefs.iter().filter(|b| b.analysis.confidence == Some(c)).count(),
                })
                .collect();
            ctx.insert("levels", &levels);
        }
        Page::NotFound => {}
        Page::SiteFeed | Page::TermFeed(..) | Page::Sitemap(_) | Page::Robots | Page::Data => {}
    }
    Ok(ctx)
}

/// The head of a term's first page: its description, the actors most often named with it,
/// the regions it appears in.
fn term_profile(site: &Site, prep: &Prepared, kind: TaxonomyKind, ti: usize) -> Value {
    #[derive(Serialize)]
    struct Count<'a> {
        name: &'a str,
        url: String,
        count: usize,
    }
    let t = site.taxonomy(kind);
    let (actors, regions) = crate::model::cooccur::profile(&site.taxonomies, kind, ti);
    let counts = |v: Vec<(usize, usize)>, k: TaxonomyKind| -> Value {
        let tax = site.taxonomy(k);
        let list: Vec<Count> = v
            .into_iter()
            .map(|(i, count)| Count { name: &tax.terms[i].name, url: prep.url(&tax.term_url(&tax.terms[i])), count })
            .collect();
        Value::from_serializable(&list)
    };
    let mut m = tera::Map::new();
    let description = match site.description(&t.term_url(&t.terms[ti])) {
        Some(d) => {
            let mut dm = tera::Map::new();
            let title = if d.title.is_empty() { &t.terms[ti].name } else { &d.title };
            dm.insert("title".into(), Value::from(title.as_str()));
            // Markdown rendered by us: safe, so templates need no filter.
            dm.insert("content".into(), Value::safe_string(&d.rendered.html));
            Value::from(dm)
        }
        None => Value::none(),
    };
    m.insert("description".into(), description);
    let mut years: Vec<(i16, usize)> = Vec::new();
    for &i in t.terms[ti].briefs.iter().rev() {
        let Some(y) = site.briefs[i].date.as_ref().map(|d| d.civil.year()) else { continue };
        match years.last_mut() {
            Some((last, n)) if *last == y => *n += 1,
            _ => years.push((y, 1)),
        }
    }
    let label = format!("Briefs per year filed under {}", t.terms[ti].name);
    m.insert("activity".into(), Value::safe_string(&crate::render::svg::activity(&years, &label)));
    m.insert("actors".into(), counts(actors, TaxonomyKind::Actors));
    m.insert("regions".into(), counts(regions, TaxonomyKind::Region));
    Value::from(m)
}

fn days(d: &crate::dates::BriefDate) -> i64 {
    d.instant.as_second().div_euclid(86_400)
}

/// The timeline's chart (briefs and events on a time axis, as SVG) and its events, newest first.
fn timeline_chart(site: &Site, prep: &Prepared) -> (Value, Value) {
    use crate::render::svg::{self, Mark};
    #[derive(Serialize)]
    struct EventItem<'a> {
        date: String,
        date_iso: &'a str,
        date_display: String,
        title: &'a str,
        brief: Value,
    }
    let urls: Vec<String> = site.briefs.iter().map(|b| prep.url(&b.url)).collect();
    let mut marks = Vec::new();
    let mut events = Vec::new();
    for (i, b) in site.briefs.iter().enumerate() {
        let Some(d) = &b.date else { continue };
        marks.push(Mark { day: days(d), date: d.ymd(), title: &b.title, url: &urls[i], event: false });
        for e in &b.analysis.events {
            marks.push(Mark { day: days(&e.date), date: e.date.ymd(), title: &e.title, url: &urls[i], event: true });
            events.push((
                e.date.instant,
                EventItem {
                    date: e.date.ymd(),
                    date_iso: &e.date.iso,
                    date_display: e.date.display(&site.config.date_format),
                    title: &e.title,
                    brief: prep.briefs[i].clone(),
                },
            ));
        }
    }
    events.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(b.1.title)));
    let events: Vec<EventItem> = events.into_iter().map(|(_, e)| e).collect();
    let chart = svg::timeline(&marks, &format!("{} briefs and {} events over time", site.briefs.len(), events.len()));
    let chart = if chart.is_empty() { Value::none() } else { Value::safe_string(&chart) };
    (chart, Value::from_serializable(&events))
}

fn term_feed(site: &Site, prep: &Prepared, term_url: &str) -> Option<String> {
    site.config.feeds.terms.then(|| prep.url(&format!("{term_url}atom.xml")))
}

/// schema.org metadata for a brief page, as JSON ready to sit inside `<script
/// type="application/ld+json">` (`<`, `>` and `&` escaped so no text can close the element).
pub fn json_ld(site: &Site, i: usize) -> String {
    /// One named thing: an author, a place, a subject.
    #[derive(Serialize)]
    struct Named<'a> {
        #[serde(rename = "@type")]
        kind: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a str>,
    }
    /// Written straight from borrowed fields, in schema.org's usual order: a brief page is
    /// rendered thousands of times, and a `serde_json::Value` tree allocates for every key.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Article<'a> {
        #[serde(rename = "@context")]
        context: &'a str,
        #[serde(rename = "@type")]
        kind: &'a str,
        headline: &'a str,
        url: &'a str,
        main_entity_of_page: &'a str,
        author: Vec<Named<'a>>,
        publisher: Named<'a>,
        in_language: &'a str,
        word_count: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        date_published: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        date_modified: Option<&'a str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        description: &'a str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        content_location: Vec<Named<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        about: Vec<Named<'a>>,
        #[serde(skip_serializing_if = "String::is_empty")]
        keywords: String,
    }
    let c = &site.config;
    let b = &site.briefs[i];
    let named = |kind: TaxonomyKind, as_type: &'static str| -> Vec<Named<'_>> {
        site.terms_of_brief(kind, i).map(|t| Named { kind: as_type, name: &t.name, url: None }).collect()
    };
    let org = || Named { kind: "Organization", name: &c.title, url: Some(&c.base_url) };
    let permalink = permalink(site, &b.url);
    let article = Article {
        context: "https://schema.org",
        kind: "AnalysisNewsArticle",
        headline: &b.title,
        url: &permalink,
        main_entity_of_page: &permalink,
        author: if b.authors.is_empty() {
            vec![org()]
        } else {
            b.authors.iter().map(|n| Named { kind: "Person", name: n, url: None }).collect()
        },
        publisher: org(),
        in_language: &c.language,
        word_count: b.rendered.word_count,
        date_published: b.date.as_ref().map(|d| d.iso.as_str()),
        date_modified: b.updated.as_ref().or(b.date.as_ref()).map(|d| d.iso.as_str()),
        description: b.summary_text(),
        content_location: named(TaxonomyKind::Region, "Place"),
        about: named(TaxonomyKind::Actors, "Thing"),
        keywords: site.terms_of_brief(TaxonomyKind::Tags, i).map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
    };
    let text = serde_json::to_string(&article).expect("JSON of strings");
    // No text may close the script element: escape what HTML parsing looks at.
    let mut out = String::with_capacity(text.len() + 16);
    crate::markdown::escape_with(&text, &mut out, |b| match b {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    });
    out
}

/// Pagination of a list page, for templates.
#[derive(Serialize)]
struct Paginator {
    /// This page's number, from 1.
    number: usize,
    total_pages: usize,
    total_items: usize,
    first: String,
    last: String,
    /// The page before (newer items), or null.
    previous: Option<String>,
    /// The page after (older items), or null.
    next: Option<String>,
}

fn paginator(prep: &Prepared, base: String, n: usize, items: usize, per: usize) -> Option<Paginator> {
    let total = page_count(items, per);
    if total <= 1 {
        return None;
    }
    let url = |k: usize| prep.url(&paged(base.clone(), k));
    Some(Paginator {
        number: n,
        total_pages: total,
        total_items: items,
        first: url(1),
        last: url(total),
        previous: (n > 1).then(|| url(n - 1)),
        next: (n < total).then(|| url(n + 1)),
    })
}

/// The timeline's years and months for the briefs in `range` (indices into the sorted briefs).
/// Counts are for the whole year or month, not just this page.
fn timeline_value(site: &Site, prep: &Prepared, range: std::ops::Range<usize>) -> Value {
    let mut years: Vec<YearView> = Vec::new();
    for y in &site.timeline.years {
        let mut months = Vec::new();
        for m in &y.months {
            // A month's briefs are in index order: the page's share is one slice of them, found
            // without looking at the rest (a scan per page was quadratic in the site's size).
            let from = m.briefs.partition_point(|&i| i < range.start);
            let to = m.briefs.partition_point(|&i| i < range.end);
            let shown: Vec<Value> = m.briefs[from..to].iter().map(|&i| prep.briefs[i].clone()).collect();
            if !shown.is_empty() {
                months.push(MonthView {
                    month: m.month,
                    name: MONTHS[(m.month - 1) as usize],
                    count: m.briefs.len(),
                    briefs: shown,
                });
            }
        }
        if !months.is_empty() {
            years.push(YearView { year: y.year, count: y.count(), months });
        }
    }
    Value::from_serializable(&years)
}

fn taxonomy_value(kind: TaxonomyKind, url: String, terms: Value) -> Value {
    let mut m = tera::Map::new();
    m.insert("name".into(), Value::from(kind.key()));
    m.insert("title".into(), Value::from(kind.title()));
    m.insert("singular".into(), Value::from(kind.singular()));
    m.insert("url".into(), Value::from(url));
    m.insert("terms".into(), terms);
    Value::from(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_term_views_equal_serialised_ones() {
        let mut a = crate::model::taxonomy::tests::brief("a", &["Gulf", "Levant"]);
        a.actors = vec!["Iran".into(), "Oman".into()];
        a.tags = vec!["talks".into()];
        let site = Site::assemble(crate::config::SiteConfig::default(), vec![a], false).0;
        let shared = SharedTerms::new(&site, "/x/");
        let b = &site.briefs[0];
        let plain = Value::from_serializable(&brief_view(&site, b, "/x/", true));
        assert_eq!(shared.brief_value(&site, 0, "/x/"), plain);
        let map = plain.as_map().unwrap();
        let actors = map.iter().find(|(k, _)| k.as_str() == Some("actors")).and_then(|(_, v)| v.as_array());
        assert_eq!(actors.map(|v| v.len()), Some(2));
    }

    /// Eight briefs on one actor, a day apart, their word counts all different; the newest
    /// supersedes the oldest.
    fn lineage_site() -> Site {
        let mut docs: Vec<Brief> = (0..8)
            .map(|k| {
                let mut b = crate::model::taxonomy::tests::brief(&format!("b{k}"), &["Gulf"]);
                let day = format!("2026-03-{:02}", 20 - k);
                b.date = Some(crate::dates::parse(&day, &jiff::tz::TimeZone::UTC).expect("a valid date"));
                b.actors = vec!["Iran".into()];
                b.rendered.word_count = 100 * (k + 1);
                b.rendered.html = format!("<p>Brief {k}.</p>");
                b
            })
            .collect();
        docs[0].analysis.supersedes = Some("@/b7.md".into());
        Site::assemble(crate::config::SiteConfig::default(), docs, false).0
    }

    #[test]
    fn a_brief_page_shows_no_brief_past_last_brief_read() {
        let whole = lineage_site();
        let full = Prepared::new(&whole);
        let mut site = lineage_site();
        assert_eq!(site.supersedes[0], Some(7), "the newest brief supersedes the oldest");
        assert!(site.related.iter().enumerate().any(|(i, r)| r.iter().any(|&j| j > i + 1)));
        assert_eq!(last_brief_read(&site, 0), 7);
        // Views made as a build makes them: in order, only as far as the next page needs.
        let mut prep = Prepared::streaming(&site);
        let mut order: Vec<usize> = (0..site.briefs.len()).collect();
        order.sort_by_key(|&i| last_brief_read(&site, i));
        for i in order {
            let need = last_brief_read(&site, i);
            if prep.briefs_ready() <= need {
                let from = prep.briefs_ready();
                prep.add_briefs(&mut site, from..need + 1);
            }
            let streamed = context(&site, &prep, Page::Brief(i), None).expect("the page's context");
            let expected = context(&whole, &full, Page::Brief(i), None).expect("the page's context");
            for key in ["brief", "content", "previous", "next", "supersedes", "superseded_by", "related"] {
                assert_eq!(streamed.get(key), expected.get(key), "{key} of brief {i}");
            }
        }
        prep.finish(&site);
        assert_eq!(prep.records, full.records);
    }
}
