//! Who appears with whom: for one term's briefs, the actors and regions they name most often,
//! with counts. Reads only that term's briefs, so a term page costs what its briefs cost. The
//! actor graph (`model::graph`) picks an actor's neighbours here too, so the list on an actor
//! page and its network agree.

use crate::model::{Taxonomy, TaxonomyKind};

/// `(term index, count)` pairs, most frequent first.
pub type Counts = Vec<(usize, usize)>;

/// How many of each list a term page shows.
pub const TOP: usize = 10;

/// Terms of `of` named in the briefs `ids`, most frequent first (ties by name), leaving out
/// the term `except` (an actor does not co-occur with itself): `(term index, count)`, the
/// first `TOP`.
pub fn top(ids: &[usize], of: &Taxonomy, except: Option<usize>) -> Counts {
    top_counted(ids, of, except, TOP).0
}

/// `top`, keeping the first `limit` (at least one); and how many terms were counted in all.
pub fn top_counted(ids: &[usize], of: &Taxonomy, except: Option<usize>, limit: usize) -> (Counts, usize) {
    let limit = limit.max(1);
    // Per term: its count and the last brief that counted it, so a brief that names one
    // actor twice (two spellings of one term) counts once. Counted in a dense array per thread,
    // reset through the list of terms touched: no hashing on this hot path, and no array sized
    // per call, which would be quadratic on sites with thousands of terms.
    /// Per term: (count, last brief counted); and the terms counted so far.
    type Scratch = (Vec<(usize, usize)>, Vec<usize>);
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    SCRATCH.with(|scratch| {
        let (counts, touched) = &mut *scratch.borrow_mut();
        if counts.len() < of.terms.len() {
            counts.resize(of.terms.len(), (0, usize::MAX));
        }
        for &i in ids {
            for t in of.term_ids_of(i) {
                let e = &mut counts[t];
                if Some(t) != except && e.1 != i {
                    if e.0 == 0 {
                        touched.push(t);
                    }
                    *e = (e.0 + 1, i);
                }
            }
        }
        // Terms are sorted by name, so their index breaks ties alphabetically. Only the top few
        // are wanted: select them first, then sort just those.
        let mut v: Vec<(usize, usize)> =
            touched.drain(..).map(|t| (t, std::mem::replace(&mut counts[t], (0, usize::MAX)).0)).collect();
        let order = |a: &(usize, usize), b: &(usize, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        let total = v.len();
        if v.len() > limit {
            v.select_nth_unstable_by(limit - 1, order);
            v.truncate(limit);
        }
        v.sort_by(order);
        (v, total)
    })
}

/// For a term page: the actors most often named with it, and the regions it appears in.
pub fn profile(taxonomies: &[Taxonomy], kind: TaxonomyKind, term: usize) -> (Counts, Counts) {
    let find = |k: TaxonomyKind| taxonomies.iter().find(|t| t.kind == k).expect("every taxonomy is built");
    let ids = &find(kind).terms[term].briefs;
    let actors = find(TaxonomyKind::Actors);
    let regions = find(TaxonomyKind::Region);
    let except = |k: TaxonomyKind| (kind == k).then_some(term);
    let top_actors = top(ids, actors, except(TaxonomyKind::Actors));
    let top_regions = if kind == TaxonomyKind::Region { Vec::new() } else { top(ids, regions, None) };
    (top_actors, top_regions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::site::Site;
    use crate::model::taxonomy::tests::brief;

    #[test]
    fn counts_co_occurring_actors_and_regions() {
        let mk = |region: &str, actors: &[&str]| {
            let mut b = brief("x", &[region]);
            b.actors = actors.iter().map(|s| s.to_string()).collect();
            b
        };
        let site = Site::assemble(
            SiteConfig::default(),
            vec![
                mk("Gulf", &["Iran", "Oman"]),
                mk("Gulf", &["Iran", "Oman", "United States"]),
                mk("Levant", &["Iran", "Hezbollah"]),
                mk("Sahel", &["Mali"]),
            ],
            &crate::model::publish::Policy::default(),
        )
        .0;
        let actors = site.taxonomy(TaxonomyKind::Actors);
        let iran = actors.by_slug["iran"];
        let (with, regions) = profile(&site.taxonomies, TaxonomyKind::Actors, iran);
        let named = |v: &[(usize, usize)], t: &Taxonomy| {
            v.iter().map(|&(i, c)| (t.terms[i].name.clone(), c)).collect::<Vec<_>>()
        };
        assert_eq!(named(&with, actors), [("Oman".into(), 2), ("Hezbollah".into(), 1), ("United States".into(), 1)]);
        let region = site.taxonomy(TaxonomyKind::Region);
        assert_eq!(named(&regions, region), [("Gulf".into(), 2), ("Levant".into(), 1)]);
        // A region page: its most active actors, and no region list.
        let gulf = region.by_slug["gulf"];
        let (active, none) = profile(&site.taxonomies, TaxonomyKind::Region, gulf);
        assert_eq!(named(&active, actors), [("Iran".into(), 2), ("Oman".into(), 2), ("United States".into(), 1)]);
        assert!(none.is_empty());
    }
}
