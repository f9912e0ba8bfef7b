//! A page's signature: the hash of everything its page declares it is made from
//! (`Page::inputs`). The preview renders a page again when its signature moves, and a build
//! with a cache keeps a page's file from the last build when its signature is the one it was
//! written with. It is made of content hashes only (no counters of this process), so it means
//! the same from one build to the next. Globals and templates are added by the callers for
//! every page.

use crate::hashing;
use crate::model::inputs::Fact;
use crate::model::{Page, Site, TaxonomyKind};

/// Everything `page`'s output depends on besides globals and templates, as one hash. `views`
/// holds each brief's view hash, in `Site::briefs` order.
pub fn signature(site: &Site, views: &[u64], page: Page) -> u64 {
    let inputs = page.inputs(site);
    let document = |i: usize| {
        let b = &site.briefs[i];
        hashing::combine([views[i], b.rendition, b.revision])
    };
    let parts = [page_key(page)]
        .into_iter()
        .chain(inputs.facts.iter().map(|&f| fact(site, f)))
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

/// The hash of one fact of the model.
fn fact(site: &Site, f: Fact) -> u64 {
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
        Fact::Description(k, ti) => {
            let t = site.taxonomy(k);
            site.description(&t.term_url(&t.terms[ti]))
                .map_or(0, |d| hashing::combine([d.revision, d.rendition, text(&d.title)]))
        }
        Fact::TermKind(k, ti) => {
            let t = site.taxonomy(k);
            let d = site.description(&t.term_url(&t.terms[ti]));
            let kind = d.and_then(crate::model::actor_kind::actor_kind).map_or("", |a| a.key());
            hashing::combine([text(kind), text(d.and_then(crate::model::actor_kind::country).unwrap_or(""))])
        }
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
