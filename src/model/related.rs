//! Related briefs: for each brief, the few others that share the most actors, regions and
//! tags, favouring those close in time. Scales by looking only at briefs that share a term,
//! and within a crowded term only at its briefs nearest in time: never all pairs. Scores fall
//! with distance in time, more slowly towards newer briefs, which say what happened next.

use crate::model::{Taxonomy, TaxonomyKind};

/// How many related briefs each brief gets.
pub const COUNT: usize = 5;
/// Within one term, the briefs this many places either side in time are considered.
const WINDOW: usize = 60;

/// How much sharing a term of each taxonomy counts.
fn weight(kind: TaxonomyKind) -> f64 {
    match kind {
        TaxonomyKind::Actors => 3.0,
        TaxonomyKind::Tags => 2.0,
        TaxonomyKind::Region => 1.0,
    }
}

/// For every brief (by index, newest first), its related briefs, best first. `days[i]` is
/// brief `i`'s date in days, for the recency factor.
pub fn related(taxonomies: &[Taxonomy], days: &[i64]) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    // Which terms each brief is filed under, from the taxonomies themselves: one flat list,
    // brief by brief, with `start[i]..start[i + 1]` marking brief i's part, so the number of
    // allocations does not grow with the site.
    let all = || {
        taxonomies.iter().enumerate().flat_map(|(ti, t)| {
            t.terms.iter().enumerate().flat_map(move |(k, term)| term.direct().iter().map(move |&b| (b, (ti, k))))
        })
    };
    let mut start = vec![0usize; days.len() + 1];
    for (b, _) in all() {
        start[b + 1] += 1;
    }
    for i in 0..days.len() {
        start[i + 1] += start[i];
    }
    let mut filed = vec![(0usize, 0usize); start[days.len()]];
    let mut next = start.clone();
    for (b, term) in all() {
        filed[next[b]] = term;
        next[b] += 1;
    }
    let terms_of = |i: usize| &filed[start[i]..start[i + 1]];
    // Each worker keeps a dense score array and the list of slots it touched: a hash map per
    // brief made this the slowest part of assembling a 10,000-brief model.
    // rayon calls `init` once per piece of work it splits off, not once per thread, so the
    // pieces are few: a fixed floor would make one array per thousand briefs, memory that grows
    // with the square of the site.
    let piece = days.len().div_ceil(rayon::current_num_threads() * 4).max(1024);
    (0..days.len())
        .into_par_iter()
        .with_min_len(piece)
        .map_init(
            || (vec![0.0f64; days.len()], Vec::<usize>::new(), Vec::<(f64, usize)>::new()),
            |(score, touched, ranked), i| {
                for &(ti, k) in terms_of(i) {
                    let t = &taxonomies[ti];
                    // Briefs filed under the term by name: a shared parent region says little.
                    let list = t.terms[k].direct();
                    let w = weight(t.kind);
                    // `list` is ascending by index, that is newest first.
                    let at = list.partition_point(|&x| x < i);
                    let from = at.saturating_sub(WINDOW);
                    let to = (at + WINDOW + 1).min(list.len());
                    for &j in &list[from..to] {
                        if j != i {
                            if score[j] == 0.0 {
                                touched.push(j);
                            }
                            score[j] += w;
                        }
                    }
                }
                ranked.clear();
                ranked.extend(touched.drain(..).map(|j| {
                    let s = std::mem::take(&mut score[j]);
                    // Closeness in time counts, and later developments (newer briefs, lower
                    // indices) lose weight half as fast as the background behind a brief.
                    let years = (days[i] - days[j]).unsigned_abs() as f64 / 365.0;
                    let years = if j < i { years / 2.0 } else { years };
                    (s / (1.0 + years), j)
                }));
                // Best score first, then newest: a total order (indices are distinct), so picking
                // the top few before sorting gives what sorting everything would.
                let order = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
                if ranked.len() > COUNT {
                    ranked.select_nth_unstable_by(COUNT, order);
                    ranked.truncate(COUNT);
                }
                ranked.sort_unstable_by(order);
                // From a slice, not `into_iter()`: collecting in place would keep the whole
                // candidate buffer's capacity behind each five-element list.
                ranked.iter().map(|&(_, j)| j).collect()
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::site::Site;
    use crate::model::taxonomy::tests::brief;

    #[test]
    fn shared_actors_count_most_and_time_breaks_ties() {
        let mut a = brief("a", &["Gulf"]);
        a.actors = vec!["Iran".into(), "Oman".into()];
        let mut b = brief("b", &["Gulf"]);
        b.actors = vec!["Iran".into(), "Oman".into()];
        let mut c = brief("c", &["Gulf"]);
        c.actors = vec!["Iran".into()];
        let mut d = brief("d", &["Sahel"]);
        d.tags = vec!["coups".into()];
        let site = Site::assemble(SiteConfig::default(), vec![a, b, c, d], &crate::model::publish::Policy::default()).0;
        let idx = |t: &str| site.briefs.iter().position(|x| x.title == t).unwrap();
        let days = vec![0; site.briefs.len()];
        let r = related(&site.taxonomies, &days);
        // a shares two actors and a region with b, one actor and a region with c, nothing with d.
        assert_eq!(r[idx("a")], [idx("b"), idx("c")]);
        assert_eq!(r[idx("c")].len(), 2);
        assert!(r[idx("d")].is_empty());
        // Recency: the same overlap further away in time ranks lower.
        let mut days = vec![0; site.briefs.len()];
        days[idx("b")] = -3650;
        let r = related(&site.taxonomies, &days);
        assert_eq!(r[idx("a")], [idx("c"), idx("b")]);
    }
}
