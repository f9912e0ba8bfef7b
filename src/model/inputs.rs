//! What each page is made from, declared once: `Page::inputs`. Three parts of dossier need to
//! know it and all three read it from here, so they cannot disagree:
//! - the template context (`render::context`) reads briefs only through the declared inputs
//!   (`Reads`), and a debug build panics when it reads one the page did not declare;
//! - a one-shot build renders a brief page as soon as every brief it declares has its view
//!   (`Inputs::last_brief`), instead of holding every brief's HTML until the end;
//! - the preview renders a page again exactly when the hash of its inputs moves
//!   (`model::signature`), and a build with a cache keeps a page's earlier file by the same hash.
//!
//! Besides its inputs a page depends on the site-wide globals (config, standalone pages' titles)
//! and on its templates; those are tracked by the preview for every page alike.

use crate::content::Document;
use crate::model::pages::{FeedOf, Page, page_count, page_range};
use crate::model::{Site, TaxonomyKind};

/// One page's inputs, besides the globals and its templates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Briefs whose view the page shows (title, dates, terms, summary, analysis: everything of
    /// `view::brief`), by index into `Site::briefs`, in the order shown.
    pub views: Vec<usize>,
    /// Briefs of which the page reads more than the view: the rendered body, the table of
    /// contents, the raw fields (a brief's own page, full-text feeds, `briefs.json`).
    pub documents: Vec<usize>,
    /// Everything else the page shows, as facts of the model.
    pub facts: Vec<Fact>,
}

/// A fact of the model that a page shows, other than a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    /// The page's place in a paginated list: its number and how many pages the list has.
    Pagination {
        /// This page, from 1.
        number: usize,
        /// Pages in the list.
        of: usize,
    },
    /// A standalone page's document (by index into `Site::pages`): its text and URL.
    Standalone(usize),
    /// A retracted brief's document (by index into `Site::retracted`): its text, fields and URL.
    Retracted(usize),
    /// A term's name, slug and number of briefs.
    Term(TaxonomyKind, usize),
    /// A term's description document (`content/actors/iran.md`), or its absence.
    Description(TaxonomyKind, usize),
    /// What a term's description states of its kind for exports (`model::actor_kind`: an
    /// actor's kind, a region's country), not its text.
    TermKind(TaxonomyKind, usize),
    /// Every term of a taxonomy: names, slugs and numbers of briefs.
    Terms(TaxonomyKind),
    /// How many briefs each year and month of the timeline has.
    TimelineCounts,
    /// Every brief's date: what the site timeline's chart draws when it draws its briefs as
    /// monthly bars.
    BriefDays,
    /// The date and the actors and regions of each brief of a term: what the profile on the
    /// term's first page counts (who appears with whom, where, when, and which briefs are
    /// filed under the term by name).
    TermProfile(TaxonomyKind, usize),
    /// Which entries page `n` of a term's month-by-month timeline lists, and how many events
    /// and briefs each month on it has (`model::chronicle`).
    Chronicle(TaxonomyKind, usize, usize),
    /// How many briefs each confidence level has.
    ConfidenceCounts,
    /// For each source of a brief (by index into `Site::briefs`), its entry on the sources
    /// page and how many other briefs cite it.
    SourceCounts(usize),
    /// The sources page's entries: each source's key, id and citations.
    SourceIndex,
    /// Every URL the sitemap lists, and how many pages each term's timeline has.
    SitemapEntries,
    /// The date each brief the sitemap lists last changed, and whether it is unfinished: the
    /// part of the sitemap that an edit keeping the model's shape can move, kept apart so a
    /// save does not hash every URL of a large site again.
    SitemapDates,
    /// Which actors every brief names, and its date: the site-wide actor graph.
    ActorGraph,
}

impl Inputs {
    /// The last position in `Site::briefs` the page reads: a one-shot build renders the page
    /// once the briefs up to there have their views. `None` when it reads no brief.
    pub fn last_brief(&self) -> Option<usize> {
        self.views.iter().chain(&self.documents).copied().max()
    }

    /// Every brief the page reads, sorted, each once.
    pub fn briefs(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self.views.iter().chain(&self.documents).copied().collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

impl Page {
    /// Everything this page is made from, besides the globals and its templates.
    pub fn inputs(&self, site: &Site) -> Inputs {
        let per = site.config.paginate_by;
        let list = |items: usize, n: usize| Fact::Pagination { number: n, of: page_count(items, per) };
        match *self {
            Page::Home(n) => home(site, n, list(site.briefs.len(), n)),
            Page::Timeline(n) => {
                let mut facts = vec![list(site.briefs.len(), n), Fact::TimelineCounts];
                let views = match n {
                    // The first page charts every brief and lists every event; past
                    // `timeline::MAX_MARKS` the briefs are monthly bars, which show only their days.
                    1 if crate::model::timeline::draws_bars(
                        site.briefs.iter().filter(|b| b.date.is_some()).count(),
                    ) =>
                    {
                        facts.push(Fact::BriefDays);
                        let events = (0..site.briefs.len()).filter(|&i| !site.briefs[i].analysis.events.is_empty());
                        let mut views: Vec<usize> = page_range(site.briefs.len(), per, n).chain(events).collect();
                        views.sort_unstable();
                        views.dedup();
                        views
                    }
                    1 => (0..site.briefs.len()).collect(),
                    _ => page_range(site.briefs.len(), per, n).collect(),
                };
                Inputs { views, facts, ..Inputs::default() }
            }
            Page::Brief(i) => brief_page(site, i),
            Page::Standalone(i) => Inputs { facts: vec![Fact::Standalone(i)], ..Inputs::default() },
            Page::Retracted(i) => Inputs { facts: vec![Fact::Retracted(i)], ..Inputs::default() },
            // A redirect names its brief's URL and title.
            Page::Alias(i, _) => Inputs { views: vec![i], ..Inputs::default() },
            Page::PageAlias(i, _) => Inputs { facts: vec![Fact::Standalone(i)], ..Inputs::default() },
            Page::SocialCard(i) => Inputs { views: vec![i], ..Inputs::default() },
            // A calendar shows its events' briefs' views (events, title, address, regions).
            Page::Calendar => calendar(site, None),
            Page::TermCalendar(k, ti) => calendar(site, Some((k, ti))),
            Page::TaxonomyIndex(k) => Inputs { facts: vec![Fact::Terms(k)], ..Inputs::default() },
            Page::Term(k, ti, n) => {
                let term = &site.taxonomy(k).terms[ti];
                let mut facts = vec![list(term.briefs.len(), n), Fact::Term(k, ti)];
                // The breadcrumb names the regions it is inside; the sub-regions are listed with
                // their counts. Its briefs include its sub-regions' (`Term::briefs`).
                let tax = site.taxonomy(k);
                facts.extend(
                    tax.ancestors(ti).into_iter().chain(tax.children_of(ti).iter().copied()).map(|r| Fact::Term(k, r)),
                );
                // The first page heads the list with a profile drawn from all the term's briefs
                // (who appears with whom, where, when) and the term's description.
                if n == 1 {
                    facts.push(Fact::Description(k, ti));
                    facts.push(Fact::TermProfile(k, ti));
                    facts.extend(local_graph(site, k, ti));
                }
                let views = term.briefs[page_range(term.briefs.len(), per, n)].to_vec();
                Inputs { views, facts, ..Inputs::default() }
            }
            Page::TermTimeline(k, ti, n) => term_timeline(site, k, ti, n),
            Page::NotFound | Page::Search | Page::Robots => Inputs::default(),
            Page::Confidence => Inputs { facts: vec![Fact::ConfidenceCounts], ..Inputs::default() },
            Page::Sources => sources_page(site),
            Page::SiteFeed => feed(site, FeedOf::Site),
            Page::TermFeed(k, ti) => {
                let mut inputs = feed(site, FeedOf::Term(k, ti));
                inputs.facts.push(Fact::Term(k, ti));
                inputs
            }
            // A JSON Feed's items carry each entry's record under `_dossier`.
            Page::SiteJsonFeed => with_records(site, feed(site, FeedOf::Site)),
            Page::TermJsonFeed(k, ti) => {
                let mut inputs = with_records(site, feed(site, FeedOf::Term(k, ti)));
                inputs.facts.push(Fact::Term(k, ti));
                inputs
            }
            Page::Sitemap(_) => Inputs { facts: vec![Fact::SitemapEntries, Fact::SitemapDates], ..Inputs::default() },
            Page::BriefsJson | Page::BriefsCsv | Page::BriefsNdjson => {
                Inputs { documents: (0..site.briefs.len()).collect(), ..Inputs::default() }
            }
            Page::BriefJson(i) => with_records(site, Inputs { documents: vec![i], ..Inputs::default() }),
            Page::Schema(_) => Inputs::default(),
            Page::StixBundle => {
                let facts = [TaxonomyKind::Actors, TaxonomyKind::Region, TaxonomyKind::Tags].map(Fact::Terms).to_vec();
                let mut inputs = Inputs { documents: (0..site.briefs.len()).collect(), facts, ..Inputs::default() };
                for k in [TaxonomyKind::Actors, TaxonomyKind::Region] {
                    inputs.facts.extend((0..site.taxonomy(k).terms.len()).map(|ti| Fact::TermKind(k, ti)));
                }
                inputs
            }
            Page::BriefStix(i) => brief_stix(site, i),
            // Actors' names and counts, and who appears with whom when: no brief's view.
            Page::ActorGraph => {
                Inputs { facts: vec![Fact::Terms(TaxonomyKind::Actors), Fact::ActorGraph], ..Inputs::default() }
            }
        }
    }
}

/// The home page: its page of the newest briefs; the first page also shows the top-level
/// regions with their counts and the latest events, with their briefs' titles and addresses.
fn home(site: &Site, n: usize, place: Fact) -> Inputs {
    let mut views: Vec<usize> = page_range(site.briefs.len(), site.config.paginate_by, n).collect();
    let mut facts = vec![place];
    if n == 1 {
        let latest =
            crate::model::timeline::latest_events(&site.briefs, site.policy.now, crate::model::timeline::LATEST_EVENTS);
        views.extend(latest.into_iter().map(|(i, _)| i).filter(|i| !views.contains(i)).collect::<Vec<_>>());
        facts.push(Fact::Terms(TaxonomyKind::Region));
    }
    Inputs { views, facts, ..Inputs::default() }
}

/// A brief's page: the brief itself, whole, and the views of its neighbours in time, the briefs
/// it supersedes or is superseded by, its related briefs and the briefs citing it (so a link
/// added or removed in another brief renders this page again); and how often its sources are
/// cited elsewhere. Related briefs are chosen among those near in time (`model::related`), so
/// a page reads briefs a few thousand places on at most, and a build can render it soon after
/// its own brief; briefs citing it are mostly newer, so earlier in `Site::briefs`.
fn brief_page(site: &Site, i: usize) -> Inputs {
    let neighbours = [Some(i), site.newer(i).map(|_| i - 1), site.older(i).map(|_| i + 1)];
    let lineage = [site.supersedes[i], site.superseded_by[i], site.latest(i)];
    let mut views: Vec<usize> = neighbours.into_iter().chain(lineage).flatten().collect();
    views.extend(&site.related[i]);
    views.extend(&site.citations.cited_by[i]);
    let facts = match site.briefs[i].analysis.sources.is_empty() {
        true => Vec::new(),
        false => vec![Fact::SourceCounts(i)],
    };
    Inputs { views, documents: vec![i], facts }
}

/// The sources page: the index, and the views of the briefs citing any source (their titles,
/// and the source as each writes it).
fn sources_page(site: &Site) -> Inputs {
    let mut views: Vec<usize> = site.citations.sources.iter().flat_map(|e| e.cited.iter().map(|&(b, _)| b)).collect();
    views.sort_unstable();
    views.dedup();
    Inputs { views, facts: vec![Fact::SourceIndex], ..Inputs::default() }
}

/// Page `n` of a term's month-by-month timeline: the views of the briefs it lists or whose
/// events it lists (an event is shown from its brief's view), in the order shown.
fn term_timeline(site: &Site, k: TaxonomyKind, ti: usize, n: usize) -> Inputs {
    let per = site.config.paginate_by;
    let entries = site.chronicles.of(k, ti).map_or(&[][..], |c| &c.entries[..]);
    let mut views: Vec<usize> = Vec::new();
    for e in &entries[page_range(entries.len(), per, n)] {
        if !views.contains(&e.brief()) {
            views.push(e.brief());
        }
    }
    let facts = vec![
        Fact::Pagination { number: n, of: page_count(entries.len(), per) },
        Fact::Term(k, ti),
        Fact::Chronicle(k, ti, n),
    ];
    Inputs { views, facts, ..Inputs::default() }
}

/// A calendar: the briefs its events come from (whose views hold the events), and for a
/// term's, the term's name.
fn calendar(site: &Site, term: Option<(TaxonomyKind, usize)>) -> Inputs {
    let events = calendar_events(site, term);
    let mut views: Vec<usize> = events.iter().map(|&(i, _)| i).collect();
    views.sort_unstable();
    views.dedup();
    let facts = term.map(|(k, ti)| vec![Fact::Term(k, ti)]).unwrap_or_default();
    Inputs { views, facts, ..Inputs::default() }
}

/// The events of a calendar, as (brief, event) indices, oldest first: every event of the
/// published briefs for the site's (`None`); those a term's month-by-month timeline files
/// under it for a region's or an actor's.
pub fn calendar_events(site: &Site, term: Option<(TaxonomyKind, usize)>) -> Vec<(usize, usize)> {
    use crate::model::chronicle::Entry;
    let mut all: Vec<(usize, usize)> = match term {
        None => (0..site.briefs.len())
            .flat_map(|i| (0..site.briefs[i].analysis.events.len()).map(move |k| (i, k)))
            .collect(),
        Some((k, ti)) => site.chronicles.of(k, ti).map_or_else(Vec::new, |c| {
            c.entries.iter().filter_map(|e| if let Entry::Event(i, k) = *e { Some((i, k)) } else { None }).collect()
        }),
    };
    all.sort_by(|&(i, k), &(j, l)| {
        let (a, b) = (&site.briefs[i].analysis.events[k], &site.briefs[j].analysis.events[l]);
        a.time.cmp(&b.time).then(site.briefs[i].url.cmp(&site.briefs[j].url)).then(k.cmp(&l))
    });
    all
}

/// An actor's first page draws its local network: its edges come from the actor's own briefs
/// (declared as views), its nodes name other actors, whose names, slugs and counts it shows.
fn local_graph(site: &Site, k: TaxonomyKind, ti: usize) -> Vec<Fact> {
    if k != TaxonomyKind::Actors || !site.config.graph.enabled {
        return Vec::new();
    }
    let actors = site.taxonomy(k);
    let (near, _) = crate::model::graph::neighbours(actors, ti, site.config.graph.neighbours);
    near.into_iter().map(|(t, _)| Fact::Term(k, t)).collect()
}

/// A feed: each listed brief whole (its summary or its full text, its raw dates and authors).
fn feed(site: &Site, of: FeedOf) -> Inputs {
    Inputs { documents: of.entries(site), ..Inputs::default() }
}

/// A brief's STIX bundle: the brief whole, and for each of its actors and regions the term's
/// name, the kind its description states and the views of its oldest and newest briefs
/// (the term object's timestamps).
fn brief_stix(site: &Site, i: usize) -> Inputs {
    let mut inputs = Inputs { documents: vec![i], ..Inputs::default() };
    for k in [TaxonomyKind::Actors, TaxonomyKind::Region, TaxonomyKind::Tags] {
        for ti in site.taxonomy(k).term_ids_of(i) {
            inputs.facts.push(Fact::Term(k, ti));
            if k != TaxonomyKind::Tags {
                inputs.facts.push(Fact::TermKind(k, ti));
                let briefs = &site.taxonomy(k).terms[ti].briefs;
                inputs.views.extend(briefs.first().into_iter().chain(briefs.last()).copied());
            }
        }
    }
    inputs
}

/// `inputs`, which carries the records of its `documents`: each record names the URLs of the
/// briefs its brief supersedes or is superseded by, read as views.
fn with_records(site: &Site, mut inputs: Inputs) -> Inputs {
    for &i in &inputs.documents {
        inputs.views.extend(record_reads(site, i));
    }
    inputs
}

/// The briefs other than `i` whose URLs brief `i`'s record (`view::record`) names: the one it
/// supersedes, the one that supersedes it, and those citing it. Every page that carries the
/// record declares them.
pub fn record_reads(site: &Site, i: usize) -> impl Iterator<Item = usize> + use<> {
    let cited_by = site.citations.cited_by.get(i).cloned().unwrap_or_default();
    [site.supersedes[i], site.superseded_by[i]].into_iter().flatten().chain(cited_by)
}

/// The briefs a page may read, as the template context reads them: through this, a debug build
/// checks every read against the page's declared inputs (see the module documentation).
pub struct Reads<'a> {
    site: &'a Site,
    /// The declared briefs, sorted; only kept in debug builds, where reads are checked.
    #[cfg(debug_assertions)]
    declared: Vec<usize>,
    #[cfg(debug_assertions)]
    page: Page,
}

impl<'a> Reads<'a> {
    /// The reads of `page`.
    pub fn of(site: &'a Site, page: Page) -> Reads<'a> {
        #[cfg(debug_assertions)]
        {
            Reads { site, declared: page.inputs(site).briefs(), page }
        }
        #[cfg(not(debug_assertions))]
        {
            let _ = page;
            Reads { site }
        }
    }

    /// Brief `i`, which the page must have declared.
    #[inline]
    pub fn brief(&self, i: usize) -> &'a Document {
        self.check(i);
        &self.site.briefs[i]
    }

    /// Panics in a debug build when the page did not declare brief `i`: the preview would not
    /// render the page again when that brief changes.
    #[inline]
    pub fn check(&self, i: usize) {
        #[cfg(debug_assertions)]
        assert!(
            self.declared.binary_search(&i).is_ok(),
            "{:?} reads brief {i} but does not declare it in Page::inputs",
            self.page
        );
        #[cfg(not(debug_assertions))]
        let _ = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(n: usize, per: usize) -> Site {
        let docs: Vec<Document> = (0..n)
            .map(|k| {
                let mut b = crate::model::taxonomy::tests::brief(&format!("b{k:02}"), &["Gulf"]);
                let day = format!("2026-{:02}-{:02}", 1 + k / 28, 1 + k % 28);
                b.date = Some(crate::dates::parse(&day, &jiff::tz::TimeZone::UTC).expect("a valid date"));
                b
            })
            .collect();
        let config = crate::config::SiteConfig { paginate_by: per, ..Default::default() };
        Site::assemble(config, docs, &crate::model::publish::Policy::default()).0
    }

    #[test]
    fn a_list_page_declares_the_briefs_it_shows_and_its_place() {
        let site = site(7, 3);
        let home = Page::Home(2).inputs(&site);
        assert_eq!(home.views, vec![3, 4, 5]);
        assert_eq!(home.facts, vec![Fact::Pagination { number: 2, of: 3 }]);
        let (first, third) = (Page::Timeline(1).inputs(&site), Page::Timeline(3).inputs(&site));
        assert_eq!(first.views, (0..7).collect::<Vec<_>>(), "the chart shows every brief");
        assert_eq!(third.views, vec![6]);
        let term = Page::Term(TaxonomyKind::Region, 0, 3).inputs(&site);
        assert_eq!(term.views, vec![6]);
        assert_eq!(term.facts, vec![Fact::Pagination { number: 3, of: 3 }, Fact::Term(TaxonomyKind::Region, 0)]);
    }

    #[test]
    fn an_actor_s_first_page_declares_the_actors_its_network_names() {
        let mut docs: Vec<Document> =
            (0..4).map(|k| crate::model::taxonomy::tests::brief(&format!("b{k}"), &["Gulf"])).collect();
        let casts: [&[&str]; 4] = [&["Iran", "Oman"], &["Iran", "Qatar"], &["Iran", "Oman"], &["Oman", "Yemen"]];
        for (b, cast) in docs.iter_mut().zip(casts) {
            b.actors = cast.iter().map(|s| s.to_string()).collect();
        }
        let mut config = crate::config::SiteConfig::default();
        config.graph.neighbours = 1;
        let site = Site::assemble(config, docs, &crate::model::publish::Policy::default()).0;
        let actors = site.taxonomy(TaxonomyKind::Actors);
        let (iran, oman) = (actors.by_slug["iran"], actors.by_slug["oman"]);
        let first = Page::Term(TaxonomyKind::Actors, iran, 1).inputs(&site);
        // Its strongest tie only (the cap is 1): Oman, not Qatar; and never Yemen, met elsewhere.
        assert_eq!(first.facts.last(), Some(&Fact::Term(TaxonomyKind::Actors, oman)));
        assert_eq!(first.views, actors.terms[iran].briefs, "its edges come from its own briefs");
        assert!(Page::ActorGraph.inputs(&site).facts.contains(&Fact::ActorGraph));
    }

    #[test]
    fn a_brief_page_reads_itself_whole_and_its_neighbours_views() {
        let site = site(5, 10);
        let inputs = Page::Brief(2).inputs(&site);
        assert_eq!(inputs.documents, vec![2]);
        assert!(inputs.views.starts_with(&[2, 1, 3]), "{:?}", inputs.views);
        assert_eq!(inputs.last_brief(), inputs.views.iter().copied().max());
        assert_eq!(Page::Brief(0).inputs(&site).views[..2], [0, 1], "the newest has no newer neighbour");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "does not declare it")]
    fn reading_an_undeclared_brief_is_caught() {
        let site = site(40, 10);
        Reads::of(&site, Page::Home(1)).brief(30);
    }
}
