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

    /// Take `h` as the hash of `f`, a fact `whole_slot` places, worked out by the caller.
    fn know(&self, f: Fact, h: u64) {
        if let Some(slot) = whole_slot(f) {
            let _ = self.whole[slot].set(h);
        }
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
    let document = |i: usize| brief_key(&site.briefs[i], views[i]);
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
/// Signing every page of a large archive on every save would cost more than the rest of it,
/// and so would any pass over every brief: a save looks only at the briefs it touched.
pub struct Signatures {
    /// Each page's signature (`signature`), in the order of the pages it was made for.
    pub sigs: Vec<u64>,
    /// The pages that read each brief (as a view or whole), by place in the list of pages.
    readers: Lists,
    /// The pages that show each fact of `facts`.
    shown: Lists,
    /// Every fact some page shows, each once, with its hash when last signed, and each
    /// fact's place in that list.
    facts: Vec<Fact>,
    fact_hashes: Vec<u64>,
    place: std::collections::HashMap<Fact, u32, hashing::FastBuild>,
    /// The places in `facts` of those an edit in place can move (`moves_in_place`), besides
    /// those made of one part per brief.
    volatile: Vec<u32>,
    /// The facts an edit in place can move that are made of one part per brief
    /// (`brief_part`), by place in `facts`, with each brief's part.
    parts: Vec<(u32, Vec<u64>)>,
    /// Each brief's part of any signature that reads it: its view hash, rendition and revision.
    brief_keys: Vec<u64>,
}

/// Lists of places, flat: list `k` is `items[at[k]..at[k + 1]]`.
struct Lists {
    items: Vec<u32>,
    at: Vec<usize>,
}

impl Lists {
    fn of(&self, k: usize) -> &[u32] {
        &self.items[self.at[k]..self.at[k + 1]]
    }

    /// For each of `n` keys, the lists of `self` that name it, in order: the reverse index.
    fn reverse(&self, n: usize) -> Lists {
        let mut at = vec![0usize; n + 1];
        for &k in &self.items {
            at[k as usize + 1] += 1;
        }
        for k in 0..n {
            at[k + 1] += at[k];
        }
        let mut next = at.clone();
        let mut items = vec![0u32; self.items.len()];
        for list in 0..self.at.len() - 1 {
            for &k in self.of(list) {
                items[next[k as usize]] = list as u32;
                next[k as usize] += 1;
            }
        }
        Lists { items, at }
    }
}

/// One page's signature, the briefs it reads (sorted, each once) and the facts it shows.
type Signed = (u64, Vec<u32>, Vec<Fact>);

/// `page`'s signature and what it reads, for `Signatures`.
fn signed(site: &Site, views: &[u64], page: Page, memo: &Memo) -> Signed {
    let inputs = page.inputs(site);
    let sig = sign(site, views, page, &inputs, memo);
    (sig, inputs.briefs().into_iter().map(|i| i as u32).collect(), inputs.facts)
}

impl Signatures {
    /// Sign every page of `pages` for `site`, `views` holding each brief's view hash in
    /// `Site::briefs` order.
    pub fn new(site: &Site, views: &[u64], pages: &[Page], memo: &Memo) -> Signatures {
        use rayon::prelude::*;
        let all: Vec<Signed> = pages.par_iter().map(|&page| signed(site, views, page, memo)).collect();
        let mut sigs = Vec::with_capacity(pages.len());
        let mut reads = Lists { items: Vec::new(), at: vec![0] };
        let mut uses = Lists { items: Vec::new(), at: vec![0] };
        let mut facts: Vec<Fact> = Vec::new();
        let mut place: std::collections::HashMap<Fact, u32, hashing::FastBuild> = Default::default();
        for (sig, read, shown) in all {
            sigs.push(sig);
            reads.items.extend(read);
            reads.at.push(reads.items.len());
            for f in shown {
                let next = facts.len() as u32;
                let at = *place.entry(f).or_insert_with(|| {
                    facts.push(f);
                    next
                });
                uses.items.push(at);
            }
            uses.at.push(uses.items.len());
        }
        let fact_hashes: Vec<u64> = facts.par_iter().map(|&f| fact(site, f, memo)).collect();
        let moving = (0..facts.len() as u32).filter(|&f| moves_in_place(facts[f as usize]));
        let (by_part, volatile): (Vec<u32>, Vec<u32>) =
            moving.partition(|&f| site.briefs.first().is_some_and(|b| brief_part(facts[f as usize], b).is_some()));
        let parts = by_part
            .into_iter()
            .map(|f| (f, site.briefs.iter().map(|b| brief_part(facts[f as usize], b).expect("a part")).collect()))
            .collect();
        Signatures {
            sigs,
            readers: reads.reverse(site.briefs.len()),
            shown: uses.reverse(facts.len()),
            facts,
            fact_hashes,
            place,
            volatile,
            parts,
            brief_keys: site.briefs.iter().zip(views).map(|(b, &v)| brief_key(b, v)).collect(),
        }
    }

    /// Sign again, for the model's new state, the pages that read a brief or show a fact
    /// whose hash moved. `pages` and `site`'s briefs must be the lists these signatures were
    /// made for, in the same order; `touched`, when known, names the only briefs that can have
    /// changed since (by place in `Site::briefs`). Returns the places of the pages signed
    /// again, or `None` when the model moved more than its shape allows: then these
    /// signatures are spent, and `new` signs every page.
    pub fn update(
        &mut self,
        site: &Site,
        views: &[u64],
        pages: &[Page],
        memo: &Memo,
        touched: Option<&[usize]>,
    ) -> Option<Vec<usize>> {
        use rayon::prelude::*;
        if pages.len() != self.sigs.len() || views.len() != self.brief_keys.len() {
            return None;
        }
        let candidates: Vec<usize> = match touched {
            Some(t) => {
                let mut t = t.to_vec();
                t.sort_unstable();
                t.dedup();
                t
            }
            None => (0..site.briefs.len()).collect(),
        };
        let mut moved: Vec<u32> = Vec::new();
        for &i in &candidates {
            let key = brief_key(&site.briefs[i], views[i]);
            if key != self.brief_keys[i] {
                self.brief_keys[i] = key;
                moved.extend_from_slice(self.readers.of(i));
            }
        }
        let mut facts_moved: Vec<u32> = Vec::new();
        for (f, parts) in &mut self.parts {
            let fact = self.facts[*f as usize];
            for &i in &candidates {
                parts[i] = brief_part(fact, &site.briefs[i]).expect("a fact of one part per brief");
            }
            let h = hashing::combine(parts.iter().copied());
            // Pages signed again below read this fact from the memo, not from every brief.
            memo.know(fact, h);
            if h != self.fact_hashes[*f as usize] {
                self.fact_hashes[*f as usize] = h;
                facts_moved.push(*f);
            }
        }
        let hashes: Vec<u64> = self.volatile.par_iter().map(|&f| fact(site, self.facts[f as usize], memo)).collect();
        for (&f, h) in self.volatile.iter().zip(hashes) {
            if self.fact_hashes[f as usize] != h {
                self.fact_hashes[f as usize] = h;
                facts_moved.push(f);
            }
        }
        for f in facts_moved {
            moved.extend_from_slice(self.shown.of(f as usize));
        }
        moved.sort_unstable();
        moved.dedup();
        let moved: Vec<usize> = moved.into_iter().map(|p| p as usize).collect();
        // A page signed again that now reads a brief or shows a fact it is not kept under
        // means the model moved more than its shape allows: a later change of that input
        // would not reach the page.
        let fresh: Vec<Signed> = moved.par_iter().map(|&p| signed(site, views, pages[p], memo)).collect();
        for (&p, (sig, reads, facts)) in moved.iter().zip(fresh) {
            let kept = |list: &[u32]| list.binary_search(&(p as u32)).is_ok();
            let known = reads.iter().all(|&b| kept(self.readers.of(b as usize)))
                && facts.iter().all(|f| self.place.get(f).is_some_and(|&k| kept(self.shown.of(k as usize))));
            if !known {
                return None;
            }
            self.sigs[p] = sig;
        }
        Some(moved)
    }
}

/// A brief's part of the signatures that read it whole (`Inputs::documents`), and of those
/// kept by `Signatures` for any page that reads it.
fn brief_key(b: &crate::content::Document, view: u64) -> u64 {
    hashing::combine([view, b.rendition, b.revision])
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
    match (f, whole_slot(f)) {
        (Fact::Description(k, ti), _) => memo.described(site, k, ti).0,
        (Fact::TermKind(k, ti), _) => memo.described(site, k, ti).1,
        (_, Some(slot)) => memo.whole(slot, || fact_of(site, f)),
        (_, None) => fact_of(site, f),
    }
}

/// Where `Memo::whole` keeps `f`, a fact that reads the whole site, or of which many pages
/// read the same; `None` for the others.
fn whole_slot(f: Fact) -> Option<usize> {
    Some(match f {
        Fact::TimelineCounts => 0,
        Fact::ConfidenceCounts => 1,
        Fact::SourceIndex => 2,
        Fact::SitemapEntries => 3,
        Fact::ActorGraph => 4,
        Fact::SitemapDates => 5,
        Fact::BriefDays => 6,
        Fact::Terms(k) => 7 + kind_index(k),
        _ => return None,
    })
}

/// For the facts made of one part per brief and nothing else, brief `b`'s part: such a
/// fact's hash combines its briefs' parts in `Site::briefs` order, so a save that changes a
/// few briefs can hash it again from the parts kept, not every brief of the site.
fn brief_part(f: Fact, b: &crate::content::Document) -> Option<u64> {
    let seconds = |d: Option<&crate::dates::BriefDate>| d.map_or(0, |d| d.instant.as_second() as u64);
    match f {
        Fact::ConfidenceCounts => Some(b.analysis.confidence.map_or(0, |c| c as u64 + 1)),
        Fact::BriefDays => Some(seconds(b.date.as_ref())),
        Fact::SitemapDates => Some(hashing::combine([seconds(b.changed()), u64::from(b.unfinished())])),
        _ => None,
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
        Fact::ConfidenceCounts | Fact::BriefDays | Fact::SitemapDates => {
            hashing::combine(site.briefs.iter().map(|b| brief_part(f, b).expect("a fact of one part per brief")))
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
        // Every brief's date and actors, in order: what the site-wide graph counts.
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
