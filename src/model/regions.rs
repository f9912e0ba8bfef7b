//! Roll-ups of the region hierarchy (`regions:` in site.yaml, `config::RegionTree`): a brief
//! filed under `Oman` is also listed under `Gulf` and `Middle East` when the tree places Oman in
//! the Gulf and the Gulf in the Middle East. Each region's list stays newest first with every
//! brief once, so a brief filed under both Oman and Gulf counts once on Gulf and Middle East.
//! A region of the tree becomes a term only when some brief is filed under it or under one of
//! its sub-regions: a region with nothing to list has no page.

use std::collections::HashMap;

use crate::config::RegionTree;
use crate::model::Term;
use crate::slug::slugify_or_hash;

/// Apply `tree` to the region terms as filed (`terms`, in the order first met; `filed`: every
/// brief's terms back to back and where each brief's start, as `Taxonomy::brief_terms` and
/// `brief_starts`). Adds a term for each region of the tree above a filed one that has none,
/// fills every term's `briefs` with its sub-regions' (keeping its own in `own` when they
/// differ), and returns each term's parent, by index into `terms`.
pub fn roll_up(terms: &mut Vec<Term>, filed: (&[u32], &[u32]), tree: &RegionTree) -> Vec<Option<usize>> {
    let up: HashMap<String, &str> = tree.parent.iter().map(|(c, p)| (slugify_or_hash(c), p.as_str())).collect();
    let mut index: HashMap<String, usize> = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    let mut parent: Vec<Option<usize>> = vec![None; terms.len()];
    // Walk up from every term, making each missing ancestor once; the terms made are walked
    // up from in turn, as the loop reaches them.
    let mut ti = 0;
    while ti < terms.len() {
        if let Some(&name) = up.get(&terms[ti].slug) {
            let slug = slugify_or_hash(name);
            let p = *index.entry(slug.clone()).or_insert_with(|| {
                terms.push(Term { name: name.to_string(), slug, briefs: Vec::new(), own: None });
                parent.push(None);
                terms.len() - 1
            });
            parent[ti] = Some(p);
        }
        ti += 1;
    }
    let (brief_terms, starts) = filed;
    let mut all: Vec<Vec<usize>> = vec![Vec::new(); terms.len()];
    // Briefs in order, each pushed once per term it reaches: the lists stay newest first.
    let mut last: Vec<usize> = vec![usize::MAX; terms.len()];
    for bi in 0..starts.len().saturating_sub(1) {
        for &t in &brief_terms[starts[bi] as usize..starts[bi + 1] as usize] {
            let mut at = Some(t as usize);
            let mut steps = 0;
            // The config breaks cycles; the bound keeps the walk finite regardless.
            while let Some(k) = at.filter(|_| steps <= terms.len()) {
                if last[k] != bi {
                    last[k] = bi;
                    all[k].push(bi);
                }
                at = parent[k];
                steps += 1;
            }
        }
    }
    for (term, list) in terms.iter_mut().zip(all) {
        if list != term.briefs {
            term.own = Some(std::mem::replace(&mut term.briefs, list));
        }
    }
    parent
}

#[cfg(test)]
mod tests {
    use crate::config::RegionTree;
    use crate::model::taxonomy::tests::brief;
    use crate::model::taxonomy::{Taxonomy, TaxonomyKind, aliases};

    fn tree(pairs: &[(&str, &str)]) -> RegionTree {
        RegionTree { parent: pairs.iter().map(|(c, p)| (c.to_string(), p.to_string())).collect() }
    }

    #[test]
    fn briefs_roll_up_to_every_ancestor_once() {
        let briefs =
            [brief("a", &["Oman"]), brief("b", &["Gulf", "Oman"]), brief("c", &["Qatar"]), brief("d", &["Syria"])];
        let t = tree(&[("Oman", "Gulf"), ("Qatar", "Gulf"), ("Gulf", "Middle East"), ("Syria", "Levant")]);
        let (tax, _) = Taxonomy::build_in(TaxonomyKind::Region, &briefs, &Default::default(), &t);
        let term = |n: &str| tax.term_for(n).unwrap_or_else(|| panic!("a term {n}"));
        assert_eq!(term("Oman").briefs, [0, 1]);
        assert_eq!(term("Gulf").briefs, [0, 1, 2]);
        assert_eq!(term("Gulf").direct(), [1]);
        assert_eq!(term("Middle East").briefs, [0, 1, 2]);
        assert!(term("Middle East").direct().is_empty());
        assert_eq!(term("Levant").briefs, [3]);
        let gulf = tax.term_index("Gulf").expect("Gulf");
        let me = tax.term_index("Middle East").expect("Middle East");
        assert_eq!(tax.parent_of(gulf), Some(me));
        assert_eq!(tax.ancestors(tax.term_index("Oman").expect("Oman")), [gulf, me]);
        let names: Vec<&str> = tax.children_of(gulf).iter().map(|&c| tax.terms[c].name.as_str()).collect();
        assert_eq!(names, ["Oman", "Qatar"]);
        assert_eq!(tax.via(me, 0), [tax.term_index("Oman").expect("Oman")]);
        assert_eq!(tax.via(me, 1), [gulf], "filed under Gulf and Oman: the outermost, Gulf");
        assert!(tax.via(gulf, 1).is_empty(), "filed under Gulf itself");
    }

    #[test]
    fn a_region_without_briefs_anywhere_below_has_no_term_and_aliases_match() {
        let briefs = [brief("a", &["USA"])];
        let al = aliases(&[("United States".to_string(), vec!["USA".to_string()])].into_iter().collect());
        let t = tree(&[("United States", "Americas"), ("Brazil", "Americas"), ("Gulf", "Middle East")]);
        let (tax, _) = Taxonomy::build_in(TaxonomyKind::Region, &briefs, &al, &t);
        let names: Vec<&str> = tax.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Americas", "United States"]);
        assert_eq!(tax.terms[0].briefs, [0]);
    }
}
