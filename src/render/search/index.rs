//! The inverted index of a site: for every token, the briefs it occurs in, each with the most
//! important field it occurs in there (title, term names, summary or body).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::hashing::Fnv;
use crate::model::TaxonomyKind;
use crate::model::site::Site;
use crate::text;

/// Where a token occurs in a brief, most important last; stored in the two low bits of a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The Markdown body.
    Body = 0,
    /// The summary.
    Summary = 1,
    /// A region, actor or tag name.
    Term = 2,
    /// The title.
    Title = 3,
}

/// Token → postings, with a fast stable hasher: building the index is millions of lookups.
pub type Postings = HashMap<String, Vec<u32>, BuildHasherDefault<Fnv>>;

/// The inverted index of one site: token → postings (`doc_id * 4 + field`, ascending).
#[derive(Debug, Default, Clone)]
pub struct InvertedIndex {
    /// Number of documents (briefs), ids `0..docs`, newest first.
    pub docs: usize,
    /// Postings per token.
    pub postings: Postings,
}

/// The tokens of brief `i`'s title, summary and term names with the most important field each
/// occurs in, sorted. (Body tokens come ready-made from the markdown stage.)
fn field_tokens(site: &Site, i: usize) -> Vec<(String, Field)> {
    let b = &site.briefs[i];
    let mut v: Vec<(String, Field)> = Vec::new();
    let mut add = |s: &str, f: Field| text::each_token(s, |t| v.push((t.to_string(), f)));
    add(b.summary_text(), Field::Summary);
    for k in TaxonomyKind::ALL {
        let tax = site.taxonomy(k);
        // One term id per name, in the same order.
        for (n, term) in k.names(b).iter().zip(tax.term_ids_of(i)) {
            add(n, Field::Term);
            // An alias (`USA`) is found by its canonical name (`United States`) too.
            if tax.terms[term].name != *n {
                add(&tax.terms[term].name, Field::Term);
            }
        }
    }
    add(&b.title, Field::Title);
    // Sort by token, most important field first, and keep that one.
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// Call `f` once for every token of brief `i`, with its most important field.
pub(super) fn each_doc_token(site: &Site, i: usize, mut f: impl FnMut(&str, Field)) {
    let b = &site.briefs[i];
    let fields = field_tokens(site, i);
    let mut met = vec![false; fields.len()];
    // Looked up by their first eight bytes as one integer, which orders as the strings do
    // and settles almost every comparison without comparing strings.
    let keyed: Vec<(u64, &str)> = fields.iter().map(|(e, _)| (text::prefix_key(e), e.as_str())).collect();
    for t in b.rendered.search_terms.split(' ').filter(|t| !t.is_empty()) {
        let key = text::prefix_key(t);
        match keyed.binary_search_by(|&(k, e)| k.cmp(&key).then_with(|| e.cmp(t))) {
            Ok(k) => {
                met[k] = true;
                f(t, fields[k].1);
            }
            Err(_) => f(t, Field::Body),
        }
    }
    for ((e, ef), met) in fields.iter().zip(met) {
        if !met {
            f(e, *ef);
        }
    }
}

impl InvertedIndex {
    /// Index every brief of the site; ids are positions in `site.briefs`.
    pub fn build(site: &Site) -> InvertedIndex {
        use rayon::prelude::*;
        // Each worker indexes a run of consecutive ids; appending the runs in order keeps
        // every postings list ascending.
        let per = site.briefs.len().div_ceil(rayon::current_num_threads().max(1) * 4).max(256);
        let parts: Vec<Postings> = site
            .briefs
            .par_chunks(per)
            .enumerate()
            .map(|(c, briefs)| {
                let mut m = Postings::default();
                for j in 0..briefs.len() {
                    let id = c * per + j;
                    each_doc_token(site, id, |t, f| match m.get_mut(t) {
                        Some(v) => v.push(posting(id, f)),
                        None => {
                            m.insert(t.to_string(), vec![posting(id, f)]);
                        }
                    });
                }
                m
            })
            .collect();
        let mut parts = parts.into_iter();
        let mut postings = parts.next().unwrap_or_default();
        for part in parts {
            for (t, mut v) in part {
                match postings.get_mut(&t) {
                    Some(all) => all.append(&mut v),
                    None => {
                        postings.insert(t, v);
                    }
                }
            }
        }
        InvertedIndex { docs: site.briefs.len(), postings }
    }
}

pub(super) fn posting(id: usize, f: Field) -> u32 {
    (id as u32) << 2 | f as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::taxonomy::tests::brief;
    use crate::render::search::test_support::site;

    #[test]
    fn postings_carry_the_most_important_field() {
        let mut a = brief("Muscat talks", &["Gulf"]);
        a.rendered.search_terms = "muscat oman talks".into();
        a.actors = vec!["Oman".into()];
        let mut b = brief("Other", &["Europe"]);
        b.rendered.search_terms = "oman".into();
        let s = site(vec![a, b]);
        let idx = InvertedIndex::build(&s);
        let id_of = |title: &str| s.briefs.iter().position(|b| b.title == title).unwrap() as u32;
        let mut oman = vec![id_of("Muscat talks") * 4 + 2, id_of("Other") * 4];
        oman.sort();
        assert_eq!(idx.postings["oman"], oman);
        assert_eq!(idx.postings["muscat"], vec![id_of("Muscat talks") * 4 + 3]);
        assert_eq!(idx.postings["gulf"], vec![id_of("Muscat talks") * 4 + 2]);
    }
}
