//! What each template receives: the context of one page, made from the page's declared
//! inputs (`Page::inputs`, read through `Reads`) and the build's shared `Views`. One function
//! per kind of page; the timeline's data is in `timeline`, the brief's JSON-LD in `json_ld`.

use serde::Serialize;
use serde_json::{Map, Value as Json};
use tera::{Context, Value};

use crate::content::Document;
use crate::content::analysis::Confidence;
use crate::diagnostics::Diagnostic;
use crate::markdown::TocEntry;
use crate::model::inputs::Reads;
use crate::model::pages::{FEED_FILE, JSON_FEED_FILE, page_count, page_range, paged};
use crate::model::{Page, Site, TaxonomyKind};
use crate::render::{json_ld, timeline};
use crate::view::{Views, labels, permalink};

/// The partial that renders one brief in the home and term lists. It is rendered once per
/// brief and build and the pages take it from there as `cards`: a brief is listed on the home
/// page and on every term page it is filed under, and rendering it once per list would repeat
/// the same work many times over.
pub const CARD_TEMPLATE: &str = "partials/brief_item.html";

/// Renders a card from its context; `None` when the templates have no card partial.
pub type CardRenderer<'a> = Option<&'a dyn Fn(&Context) -> Result<String, Diagnostic>>;

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    /// The term's Atom feed, when term feeds are on.
    feed: Option<String>,
    /// The term's month-by-month timeline, for regions and actors.
    timeline: Option<String>,
    /// The term's JSON Feed, beside its Atom feed.
    json_feed: Option<String>,
}

/// What a page's context is made from: the model, read through the page's declared inputs,
/// and the build's views.
struct Ctx<'a> {
    site: &'a Site,
    views: &'a Views,
    reads: Reads<'a>,
    page: Page,
    cards: CardRenderer<'a>,
}

impl Ctx<'_> {
    /// Brief `i`'s view.
    fn view(&self, i: usize) -> Value {
        self.reads.check(i);
        Value::clone(&self.views.briefs[i])
    }

    /// The views of the briefs `ids`, as a list.
    fn list(&self, ids: &[usize]) -> Value {
        Value::from(ids.iter().map(|&i| self.view(i)).collect::<Vec<_>>())
    }

    /// The cards of the briefs `ids`, on pages that list cards (empty elsewhere, or when the
    /// templates have no card partial). A failed card fails the page.
    fn card_list(&self, ids: &[usize]) -> Result<Value, Diagnostic> {
        match self.cards {
            Some(render) if self.page.lists_cards() => {
                let cards = ids.iter().map(|&i| {
                    self.reads.check(i);
                    self.views.card(i, render)
                });
                Ok(Value::from(cards.collect::<Result<Vec<_>, _>>()?))
            }
            _ => Ok(Value::from(Vec::<Value>::new())),
        }
    }

    fn term_view<'t>(&self, kind: TaxonomyKind, term: &'t crate::model::Term) -> TermView<'t> {
        let url = self.site.taxonomy(kind).term_url(term);
        TermView {
            name: &term.name,
            slug: &term.slug,
            url: self.views.url(&url),
            count: term.briefs.len(),
            feed: self.site.config.feeds.terms.then(|| self.views.url(&format!("{url}{FEED_FILE}"))),
            timeline: crate::model::pages::writes_term_timeline(self.site, kind)
                .then(|| self.views.url(&format!("{url}{}", crate::model::pages::TIMELINE_DIR))),
            json_feed: (self.site.config.feeds.terms && self.site.config.feeds.terms_json)
                .then(|| self.views.url(&format!("{url}{JSON_FEED_FILE}"))),
        }
    }
}

/// The full context for one page. `cards` renders the cards of listed briefs; a failed card
/// fails the page.
pub fn context(site: &Site, views: &Views, page: Page, cards: CardRenderer) -> Result<Context, Diagnostic> {
    let c = Ctx { site, views, reads: Reads::of(site, page), page, cards };
    let mut ctx = Context::new();
    let rel = page.url(site);
    ctx.insert("current_url", &views.url(&rel));
    ctx.insert("permalink", &permalink(site, &rel));
    ctx.insert("alternates", &crate::view::languages::alternates(site, page));
    ctx.insert_value("paginator", Value::none());
    match page {
        Page::Home(n) => home(&c, &mut ctx, n)?,
        Page::Brief(i) => brief(&c, &mut ctx, i),
        Page::Standalone(i) => standalone(&c, &mut ctx, i),
        Page::Retracted(i) => retracted(&c, &mut ctx, i),
        Page::TaxonomyIndex(kind) => taxonomy_index(&c, &mut ctx, kind),
        Page::Term(kind, ti, n) => term(&c, &mut ctx, kind, ti, n)?,
        Page::Timeline(n) => timeline_page(&c, &mut ctx, n),
        Page::TermTimeline(kind, ti, n) => term_timeline(&c, &mut ctx, kind, ti, n),
        // The search page reads its index from its own folder.
        Page::Search => ctx.insert("search_index", &views.url(&page.url(site))),
        Page::Confidence => confidence(&c, &mut ctx),
        Page::Sources => sources_page(&c, &mut ctx),
        Page::ActorGraph => ctx.insert_value("graph", crate::render::graph::site_wide(site, views)),
        Page::NotFound => {}
        Page::SiteFeed
        | Page::TermFeed(..)
        | Page::Sitemap(_)
        | Page::Robots
        | Page::BriefsJson
        | Page::Alias(..)
        | Page::PageAlias(..)
        | Page::SocialCard(_)
        | Page::Calendar
        | Page::SiteJsonFeed
        | Page::TermJsonFeed(..)
        | Page::BriefJson(_)
        | Page::BriefsCsv
        | Page::BriefsNdjson
        | Page::Schema(_)
        | Page::StixBundle
        | Page::BriefStix(_)
        | Page::TermCalendar(..) => {}
    }
    Ok(ctx)
}

fn toc_values(ctx: &mut Context, b: &Document, min_headings: usize, content: Value) {
    let toc: &[TocEntry] = &b.rendered.toc;
    ctx.insert("toc", toc);
    ctx.insert("show_toc", &(b.rendered.heading_count >= min_headings.max(1)));
    ctx.insert_value("content", content);
}

/// `/` and `/page/N/`: the newest briefs.
///
/// The first page is a front page: the newest brief as its `lead` (its view; the theme shows
/// it larger and lists the others' `cards`), the top-level `regions` with their counts, most
/// briefs first, and the `latest_events`. Later pages list their briefs alone (`lead` null,
/// the lists empty); `briefs` and `cards` are always the page's briefs, every one.
fn home(c: &Ctx, ctx: &mut Context, n: usize) -> Result<(), Diagnostic> {
    let (site, per) = (c.site, c.site.config.paginate_by);
    let ids: Vec<usize> = page_range(site.briefs.len(), per, n).collect();
    ctx.insert_value("briefs", c.list(&ids));
    // A lead needs a list beneath it to lead: a page of one or two briefs is a plain list.
    let front = n == 1 && ids.len() >= 3;
    ctx.insert_value("lead", if front { c.view(ids[0]) } else { Value::none() });
    ctx.insert_value("cards", c.card_list(&ids)?);
    let first = n == 1;
    ctx.insert_value("regions", if first { top_regions(c) } else { Value::from(Vec::<Value>::new()) });
    ctx.insert_value("latest_events", if first { latest_events(c) } else { Value::from(Vec::<Value>::new()) });
    ctx.insert("paginator", &paginator(c.views, String::new(), n, site.briefs.len(), per));
    Ok(())
}

/// The regions at the top of the region tree (every region when there is no tree), most
/// briefs first and then by name: the home page's ways in by place.
fn top_regions(c: &Ctx) -> Value {
    let t = c.site.taxonomy(TaxonomyKind::Region);
    let mut top: Vec<&crate::model::Term> =
        t.terms.iter().enumerate().filter(|&(ti, _)| t.parent_of(ti).is_none()).map(|(_, term)| term).collect();
    top.sort_by(|a, b| b.briefs.len().cmp(&a.briefs.len()).then_with(|| a.name.cmp(&b.name)));
    let views: Vec<TermView> = top.into_iter().map(|term| c.term_view(TaxonomyKind::Region, term)).collect();
    Value::from_serializable(&views)
}

/// The latest events that have happened (`model::timeline::latest_events`), each with its
/// brief's view as `brief`.
fn latest_events(c: &Ctx) -> Value {
    #[derive(Serialize)]
    struct EventItem<'a> {
        #[serde(flatten)]
        event: crate::view::brief::EventView<'a>,
        brief: Value,
    }
    let site = c.site;
    let latest =
        crate::model::timeline::latest_events(&site.briefs, site.policy.now, crate::model::timeline::LATEST_EVENTS);
    let items: Vec<EventItem> = latest
        .into_iter()
        .map(|(i, k)| EventItem {
            event: crate::view::brief::event_view(&site.briefs[i].analysis.events[k], &site.config.strings.dates),
            brief: c.view(i),
        })
        .collect();
    Value::from_serializable(&items)
}

/// A brief's page: its body, its neighbours in time, its lineage and related briefs.
fn brief(c: &Ctx, ctx: &mut Context, i: usize) {
    let site = c.site;
    let b = c.reads.brief(i);
    ctx.insert_value("brief", c.view(i));
    let content = c.views.brief_html(site, i, Value::safe_string);
    toc_values(ctx, b, site.config.markdown.toc_min_headings, content);
    ctx.insert_value("json_ld", Value::safe_string(&json_ld::json_ld(site, i)));
    let neighbour = |j: Option<usize>| j.map(|j| c.view(j)).unwrap_or(Value::none());
    ctx.insert_value("previous", neighbour(site.older(i).map(|_| i + 1)));
    ctx.insert_value("next", neighbour(site.newer(i).map(|_| i - 1)));
    ctx.insert_value("supersedes", neighbour(site.supersedes[i]));
    ctx.insert_value("superseded_by", neighbour(site.superseded_by[i]));
    // The newest brief of the chain, when a later brief superseded the one that replaced this.
    let latest = site.latest(i).filter(|&j| Some(j) != site.superseded_by[i]);
    ctx.insert_value("latest", neighbour(latest));
    ctx.insert_value("related", c.list(&site.related[i]));
    ctx.insert_value("cited_by", c.list(&site.citations.cited_by[i]));
    ctx.insert_value("source_citations", source_citations(c, i));
    ctx.insert_value("retraction", Value::none());
}

/// For each source of brief `i`, in its order: how many other briefs cite it and its entry on
/// the sources page.
fn source_citations(c: &Ctx, i: usize) -> Value {
    #[derive(Serialize)]
    struct Cited {
        others: usize,
        url: String,
    }
    let (cit, page) = (&c.site.citations, c.views.url(&Page::Sources.url(c.site)));
    let list: Vec<Cited> = cit.entry_of[i]
        .iter()
        .map(|&e| Cited { others: cit.sources[e].others(i), url: format!("{page}#{}", cit.sources[e].anchor) })
        .collect();
    Value::from_serializable(&list)
}

/// `/sources/`: every source, as its newest citing brief writes it, with the briefs citing it.
fn sources_page(c: &Ctx, ctx: &mut Context) {
    let sources: Vec<Value> = c
        .site
        .citations
        .sources
        .iter()
        .map(|e| {
            let mut m = tera::Map::new();
            m.insert("id".into(), Value::from(e.anchor.as_str()));
            let &(b, n) = &e.cited[0];
            let view = c.view(b);
            let source = view.get_from_path(&format!("sources.{n}")).cloned().unwrap_or(Value::none());
            m.insert("source".into(), source);
            let mut briefs: Vec<usize> = e.cited.iter().map(|&(b, _)| b).collect();
            briefs.dedup();
            m.insert("briefs".into(), c.list(&briefs));
            Value::from(m)
        })
        .collect();
    ctx.insert_value("sources", Value::from(sources));
}

/// A retracted brief's page: the brief as it was, under its notice (the theme shows
/// `retraction`), with none of the links that place a brief among the others.
fn retracted(c: &Ctx, ctx: &mut Context, i: usize) {
    #[derive(Serialize)]
    struct RetractionView<'a> {
        date: Option<String>,
        date_iso: Option<&'a str>,
        date_display: Option<String>,
        reason: &'a str,
    }
    let site = c.site;
    let b = &site.retracted[i];
    ctx.insert_value("brief", crate::view::brief_value(site, b, false).0);
    toc_values(ctx, b, site.config.markdown.toc_min_headings, Value::safe_string(&b.rendered.html));
    ctx.insert_value("json_ld", Value::safe_string(""));
    for key in ["previous", "next", "supersedes", "superseded_by", "latest"] {
        ctx.insert_value(key, Value::none());
    }
    for key in ["related", "cited_by", "source_citations"] {
        ctx.insert_value(key, Value::from(Vec::<Value>::new()));
    }
    let r = b.publication.retraction.as_ref();
    let view = RetractionView {
        date: r.and_then(|r| r.date.as_ref()).map(|d| d.ymd()),
        date_iso: r.and_then(|r| r.date.as_ref()).map(|d| d.iso.as_str()),
        date_display: r.and_then(|r| r.date.as_ref()).map(|d| d.display(&site.config.strings.dates)),
        reason: r.map_or("", |r| r.reason.as_str()),
    };
    ctx.insert("retraction", &view);
}

/// A standalone page (`kind: page`).
fn standalone(c: &Ctx, ctx: &mut Context, i: usize) {
    #[derive(Serialize)]
    struct PageView<'a> {
        title: std::borrow::Cow<'a, str>,
        url: String,
        permalink: String,
        summary: std::borrow::Cow<'a, str>,
        extra: &'a Map<String, Json>,
    }
    let p = &c.site.pages[i];
    let view = PageView {
        title: crate::view::brief::display_text(c.site, &p.title),
        url: c.views.url(&p.url),
        permalink: permalink(c.site, &p.url),
        summary: crate::view::brief::display_text(c.site, p.summary_text()),
        extra: &p.extra,
    };
    ctx.insert("page", &view);
    toc_values(ctx, p, c.site.config.markdown.toc_min_headings, Value::safe_string(&p.rendered.html));
}

/// `/regions/`, `/actors/`, `/tags/`: every term with its count.
fn taxonomy_index(c: &Ctx, ctx: &mut Context, kind: TaxonomyKind) {
    let t = c.site.taxonomy(kind);
    let terms: Vec<TermView> = t.terms.iter().map(|term| c.term_view(kind, term)).collect();
    let mut value = taxonomy_value(c, kind, c.views.url(&t.url()), Value::from_serializable(&terms));
    if let Some(m) = value.as_map() {
        let mut m = m.clone();
        m.insert("tree".into(), Value::from_serializable(&term_tree(c, kind)));
        value = Value::from(m);
    }
    ctx.insert_value("taxonomy", value);
}

/// One term of the region tree on the overview, in the order the tree is read (each region,
/// then its sub-regions), for templates to nest lists without recursion: after a term with
/// `has_children` its sub-regions' list opens; after the last term of a list, `closes` has one
/// entry for each list that ends there.
#[derive(Serialize)]
struct TreeEntry<'a> {
    #[serde(flatten)]
    term: TermView<'a>,
    depth: usize,
    has_children: bool,
    closes: Vec<u8>,
}

/// The region tree of the overview: every term, top-level ones first in name order, each
/// followed by its sub-regions. Empty when no term has a parent (the template then shows the
/// flat list).
fn term_tree<'a>(c: &Ctx<'a>, kind: TaxonomyKind) -> Vec<TreeEntry<'a>> {
    let t = c.site.taxonomy(kind);
    if !t.is_nested() {
        return Vec::new();
    }
    let order = t.tree_order();
    let next_depth = |p: usize| order.get(p + 1).map_or(0, |&(_, d)| d);
    (0..order.len())
        .map(|p| {
            let (i, depth) = order[p];
            let has_children = !t.children_of(i).is_empty();
            let closes = if has_children { 0 } else { depth - next_depth(p).min(depth) };
            TreeEntry { term: c.term_view(kind, &t.terms[i]), depth, has_children, closes: vec![0; closes] }
        })
        .collect()
}

/// A term's page `n`: its briefs, by year, and on the first page its profile.
fn term(c: &Ctx, ctx: &mut Context, kind: TaxonomyKind, ti: usize, n: usize) -> Result<(), Diagnostic> {
    let (site, per) = (c.site, c.site.config.paginate_by);
    let t = site.taxonomy(kind);
    let term = &t.terms[ti];
    let range = page_range(term.briefs.len(), per, n);
    ctx.insert("paginator", &paginator(c.views, t.term_url(term), n, term.briefs.len(), per));
    ctx.insert_value("taxonomy", taxonomy_value(c, kind, c.views.url(&t.url()), Value::from(Vec::<Value>::new())));
    ctx.insert("term", &c.term_view(kind, term));
    ctx.insert_value("briefs", c.list(&term.briefs[range.clone()]));
    // The same briefs grouped by year, for a timeline-like list.
    let mut years: Vec<(i16, Vec<usize>)> = Vec::new();
    for &i in &term.briefs[range] {
        let y = c.reads.brief(i).date.as_ref().map_or(0, |d| d.civil.year());
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
            m.insert("cards".into(), term_cards(c, kind, ti, &ids)?);
            m.insert("briefs".into(), c.list(&ids));
            Ok(Value::from(m))
        })
        .collect::<Result<_, Diagnostic>>()?;
    ctx.insert_value("by_year", Value::from(years));
    hierarchy(c, ctx, kind, ti, n);
    let profile = if n == 1 { term_profile(c, kind, ti) } else { Value::none() };
    ctx.insert_value("profile", profile);
    Ok(())
}

/// The timeline's page `n`: briefs by year and month; the first page adds the chart and the
/// events.
fn timeline_page(c: &Ctx, ctx: &mut Context, n: usize) {
    let (site, per) = (c.site, c.site.config.paginate_by);
    let range = page_range(site.briefs.len(), per, n);
    ctx.insert("paginator", &paginator(c.views, Page::Timeline(1).url(site), n, site.briefs.len(), per));
    let view = |i: usize| c.view(i);
    ctx.insert_value("timeline", timeline::months(site, &view, range));
    let (chart, events) = match n {
        1 => timeline::chart(site, &view, &|i| c.reads.check(i), c.views),
        _ => (Value::none(), Value::from(Vec::<Value>::new())),
    };
    ctx.insert_value("timeline_chart", chart);
    ctx.insert_value("events", events);
}

/// Page `n` of a region's or an actor's month-by-month timeline (`model::chronicle`).
fn term_timeline(c: &Ctx, ctx: &mut Context, kind: TaxonomyKind, ti: usize, n: usize) {
    let (site, per) = (c.site, c.site.config.paginate_by);
    let t = site.taxonomy(kind);
    let term = &t.terms[ti];
    let empty = crate::model::chronicle::Chronicle::default();
    let chronicle = site.chronicles.of(kind, ti).unwrap_or(&empty);
    let base = Page::TermTimeline(kind, ti, 1).url(site);
    ctx.insert("paginator", &paginator(c.views, base, n, chronicle.entries.len(), per));
    ctx.insert_value("taxonomy", taxonomy_value(c, kind, c.views.url(&t.url()), Value::from(Vec::<Value>::new())));
    ctx.insert("term", &c.term_view(kind, term));
    // The term's calendar exists when its timeline has an event (`Page::all`).
    let calendar =
        chronicle.months.iter().any(|m| m.events > 0).then(|| c.views.url(&Page::TermCalendar(kind, ti).url(site)));
    ctx.insert("calendar", &calendar);
    let range = page_range(chronicle.entries.len(), per, n);
    let view = |i: usize| c.view(i);
    let document = |i: usize| c.reads.brief(i);
    ctx.insert_value("months", timeline::term_months(site, chronicle, range, &view, &document));
}

/// `/confidence/`: what each level means, and how many briefs carry it.
fn confidence(c: &Ctx, ctx: &mut Context) {
    #[derive(Serialize)]
    struct Level {
        level: &'static str,
        label: String,
        meaning: String,
        count: usize,
    }
    let levels: Vec<Level> = Confidence::ALL
        .iter()
        .rev()
        .map(|&level| Level {
            level: level.key(),
            label: labels::confidence(&c.site.config.strings, level),
            meaning: labels::confidence_meaning(&c.site.config.strings, level),
            count: c.site.briefs.iter().filter(|b| b.analysis.confidence == Some(level)).count(),
        })
        .collect();
    ctx.insert("levels", &levels);
    ctx.insert("likelihoods", &likelihood_scale(&c.site.config.strings));
}

/// One term of the ICD 203 likelihood scale, for the confidence page.
#[derive(Serialize)]
struct ScaleTerm {
    key: &'static str,
    label: String,
    alternative: String,
    band: String,
}

/// The seven likelihood terms, least likely first, in both word sets with their bands.
fn likelihood_scale(s: &crate::i18n::Strings) -> Vec<ScaleTerm> {
    use crate::content::judgments::{Likelihood, WordSet};
    Likelihood::ALL
        .iter()
        .map(|&l| ScaleTerm {
            key: l.key(),
            label: labels::likelihood(s, l, WordSet::First),
            alternative: labels::likelihood(s, l, WordSet::Alternative),
            band: labels::band(s, l),
        })
        .collect()
}

/// The head of a term's first page: its description, the actors most often named with it,
/// the regions it appears in.
fn term_profile(c: &Ctx, kind: TaxonomyKind, ti: usize) -> Value {
    let site = c.site;
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
            .map(|(i, count)| Count { name: &tax.terms[i].name, url: c.views.url(&tax.term_url(&tax.terms[i])), count })
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
    // The profile reads its briefs' dates and terms, which the page declares as one fact
    // (`Fact::TermProfile`), not as every brief's view: an edit of what a brief says leaves it.
    let mut years: Vec<(i16, usize)> = Vec::new();
    for &i in t.terms[ti].briefs.iter().rev() {
        let Some(y) = site.briefs[i].date.as_ref().map(|d| d.civil.year()) else { continue };
        match years.last_mut() {
            Some((last, n)) if *last == y => *n += 1,
            _ => years.push((y, 1)),
        }
    }
    let label = site.config.strings.get("briefs_per_year_under", None, &[("name", &t.terms[ti].name)]);
    m.insert(
        "activity".into(),
        Value::safe_string(&crate::render::svg::activity(&site.config.strings, &years, &label)),
    );
    m.insert("actors".into(), counts(actors, TaxonomyKind::Actors));
    let graph = match kind {
        TaxonomyKind::Actors => {
            let date_of = |i: usize| site.briefs[i].date.as_ref().map(|d| d.civil);
            crate::render::graph::local(site, c.views, ti, &date_of)
        }
        _ => Value::none(),
    };
    m.insert("graph".into(), graph);
    m.insert("regions".into(), counts(regions, TaxonomyKind::Region));
    Value::from(m)
}

/// A term page's place in the region hierarchy: `parents`, the regions it is inside, outermost
/// first (for the breadcrumb); `children`, its sub-regions with briefs, each with its count of
/// distinct briefs; on the first page, whose `Fact::TermProfile` covers which regions each
/// brief of the term names, `direct_count`, how many of them are filed under it by name.
/// Outside the hierarchy the lists are empty and `direct_count` is `term.count`.
fn hierarchy(c: &Ctx, ctx: &mut Context, kind: TaxonomyKind, ti: usize, n: usize) {
    let t = c.site.taxonomy(kind);
    let parents: Vec<TermView> = t.ancestors(ti).into_iter().rev().map(|p| c.term_view(kind, &t.terms[p])).collect();
    let children: Vec<TermView> = t.children_of(ti).iter().map(|&k| c.term_view(kind, &t.terms[k])).collect();
    ctx.insert("parents", &parents);
    ctx.insert("children", &children);
    if n == 1 && !t.is_nested() {
        ctx.insert("direct_count", &t.terms[ti].briefs.len());
    } else if n == 1 {
        // Each brief is filed here unless it comes via a sub-region.
        ctx.insert("direct_count", &t.terms[ti].briefs.iter().filter(|&&i| t.via(ti, i).is_empty()).count());
    }
}

/// The cards of briefs `ids` on term `ti`'s page. A brief listed because it is filed under a
/// sub-region gets a card of its own with `via`, the sub-regions it came through (the shared
/// card, made once for every list, has no `via`).
fn term_cards(c: &Ctx, kind: TaxonomyKind, ti: usize, ids: &[usize]) -> Result<Value, Diagnostic> {
    let t = c.site.taxonomy(kind);
    let (Some(render), true, true) = (c.cards, c.page.lists_cards(), t.is_nested()) else { return c.card_list(ids) };
    let cards = ids.iter().map(|&i| {
        let via = t.via(ti, i);
        if via.is_empty() {
            c.reads.check(i);
            return c.views.card(i, render);
        }
        let via: Vec<TermView> = via.into_iter().map(|k| c.term_view(kind, &t.terms[k])).collect();
        let mut card = Context::new();
        card.insert_value("item", c.view(i));
        card.insert("level", &crate::view::views::CARD_LEVEL);
        card.insert("via", &via);
        render(&card).map(|html| Value::safe_string(&html))
    });
    Ok(Value::from(cards.collect::<Result<Vec<_>, _>>()?))
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

fn paginator(views: &Views, base: String, n: usize, items: usize, per: usize) -> Option<Paginator> {
    let total = page_count(items, per);
    if total <= 1 {
        return None;
    }
    let url = |k: usize| views.url(&paged(base.clone(), k));
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

fn taxonomy_value(c: &Ctx, kind: TaxonomyKind, url: String, terms: Value) -> Value {
    let (title, singular) = labels::taxonomy(&c.site.config.strings, kind);
    let mut m = tera::Map::new();
    m.insert("name".into(), Value::from(kind.key()));
    m.insert("title".into(), Value::from(title));
    m.insert("singular".into(), Value::from(singular));
    m.insert("url".into(), Value::from(url));
    m.insert("terms".into(), terms);
    Value::from(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight briefs on one actor, a day apart, their word counts all different; the newest
    /// supersedes the oldest.
    fn lineage_site() -> Site {
        let mut docs: Vec<Document> = (0..8)
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
        Site::assemble(crate::config::SiteConfig::default(), docs, &crate::model::publish::Policy::default()).0
    }

    #[test]
    fn a_brief_page_shows_no_brief_past_its_declared_inputs() {
        let whole = lineage_site();
        let full = Views::new(&whole);
        let last = |site: &Site, i: usize| Page::Brief(i).inputs(site).last_brief().unwrap_or(i);
        let mut site = lineage_site();
        assert_eq!(site.supersedes[0], Some(7), "the newest brief supersedes the oldest");
        assert!(site.related.iter().enumerate().any(|(i, r)| r.iter().any(|&j| j > i + 1)));
        assert_eq!(last(&site, 0), 7);
        // Views made as a build makes them: in order, only as far as the next page needs.
        let mut prep = Views::streaming(&site);
        let mut order: Vec<usize> = (0..site.briefs.len()).collect();
        order.sort_by_key(|&i| last(&site, i));
        for i in order {
            let need = last(&site, i);
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
