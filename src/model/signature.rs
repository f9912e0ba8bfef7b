//! A page's signature: the hash of everything its page declares it is made from
//! (`Page::inputs`). The preview renders a page again when its signature moves, and a build
//! with a cache keeps a page's file from the last build when its signature is the one it was
//! written with. It is made of content hashes only (no counters of this process), so it means
//! the same from one build to the next. Globals and templates are added by the callers for
//! every page.

use std::sync::OnceLock;

use crate::hashing;
use crate::model::inputs::{Fact, Inputs};
use crate::model::{Page, Site, TaxonomyKind, taxonomy};

/// The facts that read the whole site or that many pages declare, each hashed once for one
/// set of signatures: a rebuild signs every page of the site, and hashing the sitemap's
/// hundred thousand entries, or looking up a term's description, once per page that
/// declares it would cost more than the rest of the rebuild. Valid for one state of the model.
pub struct Memo {
    /// `TimelineCounts`, `ConfidenceCounts`, `SourceIndex`, `SitemapEntries`, `ActorGraph`,
    /// `SitemapDates`, `BriefDays`, then `Terms` of each kind in `TaxonomyKind::ALL` order.
    whole: [OnceLock<u64>; 10],
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
    sign(site, views, page, &page.inputs(site), memo)
}

/// `signature`, for inputs already worked out.
fn sign(site: &Site, views: &[u64], page: Page, inputs: &Inputs, memo: &Memo) -> u64 {
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

/// The signatures of a list of pages for one state of the model, kept with what each page
/// reads, so that the next state signs again only the pages that read something that moved.
/// The preview keeps one while the model keeps its shape (an edit that changes no brief's
/// place): there a page's inputs stay the same list, and only the hashes behind them move.
/// Signing every page of a large archive on every save would cost more than the rest of it.
pub struct Signatures {
    /// Each page's signature (`signature`), in the order of the pages it was made for.
    pub sigs: Vec<u64>,
    /// The briefs each page reads (views and documents), sorted: page `p`'s are
    /// `reads[read_at[p]..read_at[p + 1]]`.
    reads: Vec<u32>,
    read_at: Vec<usize>,
    /// The facts each page shows, as places in `facts`: page `p`'s are
    /// `uses[use_at[p]..use_at[p + 1]]`.
    uses: Vec<u32>,
    use_at: Vec<usize>,
    /// Every fact some page shows, each once, with its hash when last signed.
    facts: Vec<Fact>,
    fact_hashes: Vec<u64>,
    /// The places in `facts` of those an edit in place can move (`moves_in_place`).
    volatile: Vec<u32>,
    /// Each brief's part of any signature that reads it: its view hash, rendition and revision.
    brief_keys: Vec<u64>,
}

/// One page's inputs, as `Signatures` keeps them.
type Signed = (u64, Vec<u32>, Vec<Fact>);

impl Signatures {
    /// Sign every page of `pages` for `site`, `views` holding each brief's view hash in
    /// `Site::briefs` order.
    pub fn new(site: &Site, views: &[u64], pages: &[Page], memo: &Memo) -> Signatures {
        use rayon::prelude::*;
        let signed: Vec<Signed> = pages
            .par_iter()
            .map(|&page| {
                let inputs = page.inputs(site);
                let sig = sign(site, views, page, &inputs, memo);
                let mut reads: Vec<u32> = inputs.views.iter().chain(&inputs.documents).map(|&i| i as u32).collect();
                reads.sort_unstable();
                reads.dedup();
                (sig, reads, inputs.facts)
            })
            .collect();
        let mut out = Signatures {
            sigs: Vec::with_capacity(pages.len()),
            reads: Vec::new(),
            read_at: Vec::with_capacity(pages.len() + 1),
            uses: Vec::new(),
            use_at: Vec::with_capacity(pages.len() + 1),
            facts: Vec::new(),
            fact_hashes: Vec::new(),
            volatile: Vec::new(),
            brief_keys: brief_keys(site, views),
        };
        let mut place: std::collections::HashMap<Fact, u32, hashing::FastBuild> = Default::default();
        out.read_at.push(0);
        out.use_at.push(0);
        for (sig, reads, facts) in signed {
            out.sigs.push(sig);
            out.reads.extend(reads);
            out.read_at.push(out.reads.len());
            for f in facts {
                let next = out.facts.len() as u32;
                let at = *place.entry(f).or_insert_with(|| {
                    out.facts.push(f);
                    next
                });
                out.uses.push(at);
            }
            out.use_at.push(out.uses.len());
        }
        out.fact_hashes = out.facts.par_iter().map(|&f| fact(site, f, memo)).collect();
        out.volatile = (0..out.facts.len() as u32).filter(|&f| moves_in_place(out.facts[f as usize])).collect();
        out
    }

    /// Sign again, for the model's new state, the pages that read a brief or show a fact
    /// whose hash moved; `pages` and `site`'s briefs must be the lists these signatures were
    /// made for, in the same order (`None` otherwise: sign them with `new`). Returns the
    /// places of the pages signed again.
    pub fn update(&mut self, site: &Site, views: &[u64], pages: &[Page], memo: &Memo) -> Option<Vec<usize>> {
        use rayon::prelude::*;
        if pages.len() != self.sigs.len() || views.len() != self.brief_keys.len() {
            return None;
        }
        let keys = brief_keys(site, views);
        let briefs_moved: Vec<bool> = keys.iter().zip(&self.brief_keys).map(|(a, b)| a != b).collect();
        let hashes: Vec<u64> = self.volatile.par_iter().map(|&f| fact(site, self.facts[f as usize], memo)).collect();
        let mut facts_moved = vec![false; self.facts.len()];
        for (&f, h) in self.volatile.iter().zip(hashes) {
            facts_moved[f as usize] = self.fact_hashes[f as usize] != h;
            self.fact_hashes[f as usize] = h;
        }
        self.brief_keys = keys;
        if !briefs_moved.contains(&true) && !facts_moved.contains(&true) {
            return Some(Vec::new());
        }
        let moved: Vec<usize> = (0..pages.len())
            .into_par_iter()
            .filter(|&p| {
                self.reads[self.read_at[p]..self.read_at[p + 1]].iter().any(|&b| briefs_moved[b as usize])
                    || self.uses[self.use_at[p]..self.use_at[p + 1]].iter().any(|&f| facts_moved[f as usize])
            })
            .collect();
        // A page signed again whose inputs are no longer the list kept means the model moved
        // more than its shape allows: the caller then signs every page afresh.
        let fresh: Option<Vec<u64>> = moved
            .par_iter()
            .map(|&p| {
                let inputs = pages[p].inputs(site);
                let mut reads: Vec<u32> = inputs.views.iter().chain(&inputs.documents).map(|&i| i as u32).collect();
                reads.sort_unstable();
                reads.dedup();
                let kept = &self.uses[self.use_at[p]..self.use_at[p + 1]];
                let same = reads == self.reads[self.read_at[p]..self.read_at[p + 1]]
                    && inputs.facts.len() == kept.len()
                    && inputs.facts.iter().zip(kept).all(|(f, &u)| *f == self.facts[u as usize]);
                same.then(|| sign(site, views, pages[p], &inputs, memo))
            })
            .collect();
        for (&p, sig) in moved.iter().zip(fresh?) {
            self.sigs[p] = sig;
        }
        Some(moved)
    }
}

/// Whether an edit that keeps the model's shape can move `f`'s hash: those facts that read
/// what such an edit changes (a brief's judgement and update date, a standalone page, and any
/// document's rendering, which a changed image or linked file renders again). The others read
/// only what assembling the model derives from the briefs' places (their dates, terms, events,
/// links and citations: what `Session`'s in-place test keeps equal), or the term descriptions,
/// whose edits assemble the model again.
fn moves_in_place(f: Fact) -> bool {
    match f {
        Fact::Standalone(_)
        | Fact::Retracted(_)
        | Fact::Description(..)
        | Fact::TermKind(..)
        | Fact::ConfidenceCounts
        | Fact::SitemapDates => true,
        Fact::Pagination { .. }
        | Fact::Term(..)
        | Fact::Terms(_)
        | Fact::TimelineCounts
        | Fact::BriefDays
        | Fact::TermProfile(..)
        | Fact::Chronicle(..)
        | Fact::SourceCounts(_)
        | Fact::SourceIndex
        | Fact::SitemapEntries
        | Fact::ActorGraph => false,
    }
}

/// Each brief's part of the signatures that read it, in `Site::briefs` order.
fn brief_keys(site: &Site, views: &[u64]) -> Vec<u64> {
    site.briefs.iter().zip(views).map(|(b, &v)| hashing::combine([v, b.rendition, b.revision])).collect()
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
        Fact::SitemapDates => memo.whole(5, || fact_of(site, f)),
        Fact::BriefDays => memo.whole(6, || fact_of(site, f)),
        Fact::Terms(k) => memo.whole(7 + kind_index(k), || fact_of(site, f)),
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
        Fact::BriefDays => {
            hashing::combine(site.briefs.iter().map(|b| b.date.as_ref().map_or(0, |d| d.instant.as_second() as u64)))
        }
        Fact::TermProfile(k, ti) => {
            let (actors, regions) = (site.taxonomy(TaxonomyKind::Actors), site.taxonomy(TaxonomyKind::Region));
            hashing::combine(site.taxonomy(k).terms[ti].briefs.iter().map(|&i| {
                let day = site.briefs[i].date.as_ref().map_or(0, |d| d.instant.as_second() as u64);
                let terms = actors.term_ids_of(i).map(|t| t as u64).chain([u64::MAX]);
                hashing::combine(
                    [i as u64, day].into_iter().chain(terms).chain(regions.term_ids_of(i).map(|t| t as u64)),
                )
            }))
        }
        Fact::SitemapDates => hashing::combine(site.briefs.iter().map(|b| {
            let d = b.changed().map_or(0, |d| d.instant.as_second() as u64);
            hashing::combine([d, u64::from(b.unfinished())])
        })),
        Fact::ActorGraph => {
            let actors = site.taxonomy(TaxonomyKind::Actors);
            hashing::combine((0..site.briefs.len()).map(|i| {
                let day = site.briefs[i].date.as_ref().map_or(0, |d| d.instant.as_second() as u64);
                hashing::combine(std::iter::once(day).chain(actors.term_ids_of(i).map(|t| t as u64)))
            }))
        }
        // Every listed URL; cheap next to rendering, and exact.
        Fact::SitemapEntries => {
            hashing::combine(
                site.briefs
                    .iter()
                    .map(|b| text(&b.url))
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
