//! A page's signature: the hash of everything its page declares it is made from
//! (`Page::inputs`). The preview renders a page again when its signature moves, and a build
//! with a cache keeps a page's file from the last build when its signature is the one it was
//! written with. It is made of content hashes only (no counters of this process), so it means
//! the same from one build to the next. Globals and templates are added by the callers for
//! every page.

use std::sync::OnceLock;

use crate::hashing;
use crate::model::inputs::Fact;
use crate::model::{Page, Site, TaxonomyKind, taxonomy};

/// The facts that read the whole site or that many pages declare, each hashed once for one
/// set of signatures: a rebuild signs every page of the site, and hashing the sitemap's
/// hundred thousand entries, or looking up a term's description, once per page that
/// declares it would cost more than the rest of the rebuild. Valid for one state of the model.
pub struct Memo {
    /// `TimelineCounts`, `ConfidenceCounts`, `SourceIndex`, `SitemapEntries`, `ActorGraph`,
    /// then `Terms` of each kind in `TaxonomyKind::ALL` order.
    whole: [OnceLock<u64>; 8],
    /// `Description` and `TermKind` of each term, by kind (in `TaxonomyKind::ALL` order).
    described: [taxonomy::Memo<(u64, u64)>; 3],
}

impl Memo {
    /// An empty memo for `site`'s current model.
    pub fn new(site: &Site) -> Memo {
        let described = TaxonomyKind::ALL.map(|k| taxonomy::Memo::new(site.taxonomy(k).terms.len()));
        Memo { whole: Default::default(), described }
    }

    fn whole(&self, slot: usize, make: impl FnOnce() -> u64) -> u64 {
        *self.whole[slot].get_or_init(make)
    }

    fn described(&self, site: &Site, k: TaxonomyKind, ti: usize) -> (u64, u64) {
        *self.described[kind_index(k)].get_or_init(ti, || description_facts(site, k, ti))
    }
}

fn kind_index(k: TaxonomyKind) -> usize {
    TaxonomyKind::ALL.iter().position(|&x| x == k).expect("every kind is in ALL")
}

/// Everything `page`'s output depends on besides globals and templates, as one hash. `views`
/// holds each brief's view hash, in `Site::briefs` order; `memo` is shared by the signatures of
/// one state of the model.
pub fn signature(site: &Site, views: &[u64], page: Page, memo: &Memo) -> u64 {
    let inputs = page.inputs(site);
    let document = |i: usize| {
        let b = &site.briefs[i];
        hashing::combine([views[i], b.rendition, b.revision])
    };
    let parts = [page_key(page)]
        .into_iter()
        .chain(inputs.facts.iter().map(|&f| fact(site, f, memo)))
        .chain(inputs.views.iter().map(|&i| views[i]))
        .chain(inputs.documents.iter().map(|&i| document(i)));
    hashing::combine(parts)
}

/// The page itself, so that two pages with the same inputs differ.
fn page_key(page: Page) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = hashing::Fnv::default();
    page.hash(&mut h);
    h.finish()
}

/// A term's `Description` and `TermKind` facts.
fn description_facts(site: &Site, k: TaxonomyKind, ti: usize) -> (u64, u64) {
    let text = |s: &str| hashing::bytes(s.as_bytes());
    let t = site.taxonomy(k);
    let d = site.description(&t.term_url(&t.terms[ti]));
    let description = d.map_or(0, |d| hashing::combine([d.revision, d.rendition, text(&d.title)]));
    let kind = d.and_then(crate::model::actor_kind::actor_kind).map_or("", |a| a.key());
    let kind = hashing::combine([text(kind), text(d.and_then(crate::model::actor_kind::country).unwrap_or(""))]);
    (description, kind)
}

/// The hash of one fact of the model, from `memo` when it has it.
fn fact(site: &Site, f: Fact, memo: &Memo) -> u64 {
    match f {
        Fact::Description(k, ti) => memo.described(site, k, ti).0,
        Fact::TermKind(k, ti) => memo.described(site, k, ti).1,
        Fact::TimelineCounts => memo.whole(0, || fact_of(site, f)),
        Fact::ConfidenceCounts => memo.whole(1, || fact_of(site, f)),
        Fact::SourceIndex => memo.whole(2, || fact_of(site, f)),
        Fact::SitemapEntries => memo.whole(3, || fact_of(site, f)),
        Fact::ActorGraph => memo.whole(4, || fact_of(site, f)),
        Fact::Terms(k) => memo.whole(5 + kind_index(k), || fact_of(site, f)),
        _ => fact_of(site, f),
    }
}

/// The hash of one fact of the model, made afresh.
fn fact_of(site: &Site, f: Fact) -> u64 {
    let text = |s: &str| hashing::bytes(s.as_bytes());
    let term = |k: TaxonomyKind, ti: usize| {
        let t = &site.taxonomy(k).terms[ti];
        hashing::combine([text(&t.name), text(&t.slug), t.briefs.len() as u64])
    };
    match f {
        Fact::Pagination { number, of } => hashing::combine([number as u64, of as u64]),
        Fact::Standalone(i) => {
            let p = &site.pages[i];
            hashing::combine([p.revision, p.rendition, text(&p.url)])
        }
        Fact::Retracted(i) => {
            let r = &site.retracted[i];
            hashing::combine([r.revision, r.rendition, text(&r.url)])
        }
        Fact::Term(k, ti) => term(k, ti),
        Fact::Description(k, ti) => description_facts(site, k, ti).0,
        Fact::TermKind(k, ti) => description_facts(site, k, ti).1,
        Fact::Terms(k) => hashing::combine((0..site.taxonomy(k).terms.len()).map(|ti| term(k, ti))),
        Fact::TimelineCounts => {
            hashing::combine(site.timeline.years.iter().flat_map(|y| {
                y.months.iter().flat_map(move |m| [y.year as u64, m.month as u64, m.briefs.len() as u64])
            }))
        }
        Fact::Chronicle(k, ti, n) => {
            let Some(c) = site.chronicles.of(k, ti) else { return 0 };
            let range = crate::model::pages::page_range(c.entries.len(), site.config.paginate_by, n);
            let entries = c.entries[range.clone()].iter().map(|e| match *e {
                crate::model::chronicle::Entry::Event(i, k) => hashing::combine([1, i as u64, k as u64]),
                crate::model::chronicle::Entry::Brief(i) => hashing::combine([2, i as u64]),
            });
            let months = c
                .months_in(range)
                .iter()
                .map(|m| hashing::combine([m.year as u64, m.month as u64, m.entries.len() as u64, m.events as u64]));
            hashing::combine(entries.chain(months))
        }
        Fact::ConfidenceCounts => {
            hashing::combine(site.briefs.iter().map(|b| b.analysis.confidence.map_or(0, |c| c as u64 + 1)))
        }
        Fact::SourceCounts(i) => {
            let c = &site.citations;
            hashing::combine(
                c.entry_of[i]
                    .iter()
                    .map(|&e| hashing::combine([text(&c.sources[e].anchor), c.sources[e].others(i) as u64])),
            )
        }
        Fact::SourceIndex => hashing::combine(site.citations.sources.iter().map(|e| {
            hashing::combine(
                [text(&e.key), text(&e.anchor)]
                    .into_iter()
                    .chain(e.cited.iter().flat_map(|&(b, n)| [b as u64, n as u64])),
            )
        })),
        // Every brief's date and actors, in order: what the site-wide graph counts.
        Fact::ActorGraph => {
            let actors = site.taxonomy(TaxonomyKind::Actors);
            hashing::combine((0..site.briefs.len()).map(|i| {
                let day = site.briefs[i].date.as_ref().map_or(0, |d| d.instant.as_second() as u64);
                hashing::combine(std::iter::once(day).chain(actors.term_ids_of(i).map(|t| t as u64)))
            }))
        }
        // Every listed URL and its date; cheap next to rendering, and exact.
        Fact::SitemapEntries => {
            hashing::combine(
                site.briefs
                    .iter()
                    .map(|b| {
                        let d = b.changed().map_or(0, |d| d.instant.as_second() as u64);
                        hashing::combine([text(&b.url), d, u64::from(b.unfinished())])
                    })
                    .chain(site.pages.iter().map(|p| text(&p.url)))
                    .chain(
                        site.taxonomies.iter().flat_map(|t| {
                            t.terms.iter().map(|t| hashing::combine([text(&t.slug), t.briefs.len() as u64]))
                        }),
                    )
                    // How many pages each month-by-month timeline has.
                    .chain(site.taxonomies.iter().flat_map(|t| {
                        (0..t.terms.len())
                            .filter_map(|ti| site.chronicles.of(t.kind, ti).map(|c| c.entries.len() as u64))
                    })),
            )
        }
    }
}
