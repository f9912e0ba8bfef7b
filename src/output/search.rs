//! The static search index under `search/`: a small `meta.json`, an inverted index sharded by
//! token prefix, per-term facet lists and chunked document records. A visitor's browser loads
//! `meta.json` and then only the shards, facets and record chunks its query needs, so the first
//! search stays small however large the archive grows. The format is documented in README.md
//! ("Search") and read by the default theme's `search.js`.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use serde::Serialize;

use crate::content::Brief;
use crate::hashing::Fnv;
use crate::model::TaxonomyKind;
use crate::output::write::{Contents, OutputFile};
use crate::site::Site;
use crate::text::{self, MIN_TOKEN, STOP_WORDS};

/// Format version written to `meta.json`.
pub const VERSION: u32 = 1;
/// Document records per `docs/N.json` file.
pub const CHUNK: usize = 64;
/// A prefix group whose estimated size passes this many bytes is split on a longer prefix.
pub const SHARD_BUDGET: usize = 48 * 1024;
/// Keys never grow longer than this, so one very common word cannot split shards forever.
const MAX_KEY: usize = 6;

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
pub struct Index {
    /// Number of documents (briefs), ids `0..docs`, newest first.
    pub docs: usize,
    /// Postings per token.
    pub postings: Postings,
}

/// The tokens of a brief's title, summary and term names with the most important field each
/// occurs in, sorted. (Body tokens come ready-made from the markdown stage.)
fn field_tokens(b: &Brief) -> Vec<(String, Field)> {
    let mut v: Vec<(String, Field)> = Vec::new();
    let mut add = |s: &str, f: Field| text::each_token(s, |t| v.push((t.to_string(), f)));
    add(b.summary_text(), Field::Summary);
    for k in TaxonomyKind::ALL {
        for n in k.names(b) {
            add(n, Field::Term);
        }
    }
    add(&b.title, Field::Title);
    // Sort by token, most important field first, and keep that one.
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// Every token of one brief with the most important field it occurs in, sorted by token.
pub fn doc_tokens(b: &Brief) -> Vec<(String, Field)> {
    let mut out = Vec::new();
    each_doc_token(b, |t, f| out.push((t.to_string(), f)));
    out
}

/// Call `f` for every token of a brief, in token order, with its most important field.
fn each_doc_token(b: &Brief, mut f: impl FnMut(&str, Field)) {
    let fields = field_tokens(b);
    let mut extra = fields.iter().peekable();
    for t in b.rendered.search_terms.split(' ').filter(|t| !t.is_empty()) {
        while let Some((e, ef)) = extra.next_if(|(e, _)| e.as_str() < t) {
            f(e, *ef);
        }
        match extra.next_if(|(e, _)| e == t) {
            Some((_, ef)) => f(t, *ef),
            None => f(t, Field::Body),
        }
    }
    for (e, ef) in extra {
        f(e, *ef);
    }
}

impl Index {
    /// Index every brief of the site; ids are positions in `site.briefs`.
    pub fn build(site: &Site) -> Index {
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
                for (j, b) in briefs.iter().enumerate() {
                    let id = c * per + j;
                    each_doc_token(b, |t, f| match m.get_mut(t) {
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
        Index { docs: site.briefs.len(), postings }
    }
}

fn posting(id: usize, f: Field) -> u32 {
    (id as u32) << 2 | f as u32
}

/// Delta-encode ascending values: the first absolute, then differences.
fn deltas(v: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    v.iter()
        .map(|&x| {
            let d = x - prev;
            prev = x;
            d
        })
        .collect()
}

fn digits(mut n: u32) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Bytes a token's entry takes in a shard, near enough to decide splits.
fn entry_size(token: &str, postings: &[u32]) -> usize {
    let mut prev = 0;
    let mut n = token.len() + 6;
    for &x in postings {
        n += digits(x - prev) + 1;
        prev = x;
    }
    n
}

fn prefix(t: &str, n: usize) -> &str {
    match t.char_indices().nth(n) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// Group tokens into shards: by their first two characters, splitting any group over the
/// budget on one more character (tokens no longer than the group's key stay in it).
pub fn layout(index: &Index) -> BTreeMap<String, Vec<&str>> {
    let mut groups: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for (t, p) in &index.postings {
        groups.entry(prefix(t, MIN_TOKEN).to_string()).or_default().push((t, entry_size(t, p)));
    }
    let mut out: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut todo: Vec<(String, Vec<(&str, usize)>)> = groups.into_iter().collect();
    while let Some((key, toks)) = todo.pop() {
        let size: usize = toks.iter().map(|(_, s)| s).sum();
        let depth = key.chars().count();
        if size <= SHARD_BUDGET || depth >= MAX_KEY {
            out.entry(key).or_default().extend(toks.iter().map(|(t, _)| *t));
            continue;
        }
        let mut sub: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
        for (t, s) in toks {
            if t.chars().count() <= depth {
                out.entry(key.clone()).or_default().push(t);
            } else {
                sub.entry(prefix(t, depth + 1).to_string()).or_default().push((t, s));
            }
        }
        todo.extend(sub);
    }
    for toks in out.values_mut() {
        toks.sort_unstable();
    }
    out
}

#[derive(Serialize)]
struct FacetTerm<'a> {
    name: &'a str,
    slug: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    min_token: usize,
    stop: &'a [&'a str],
    shards: BTreeMap<&'a str, usize>,
    facets: BTreeMap<&'static str, Vec<FacetTerm<'a>>>,
}

#[derive(Serialize)]
struct DocRecord<'a> {
    title: &'a str,
    url: String,
    date: String,
    date_display: String,
    regions: Vec<&'a str>,
    summary: &'a str,
}

/// One shard's JSON: `{token: delta-encoded postings}`.
pub fn shard_json(index: &Index, tokens: &[&str]) -> Vec<u8> {
    let mut m = serde_json::Map::new();
    for t in tokens {
        let d = deltas(&index.postings[*t]);
        m.insert((*t).to_string(), serde_json::Value::from(d));
    }
    serde_json::to_vec(&m).expect("JSON of strings and numbers")
}

/// `docs/N.json`: the records of briefs `n*CHUNK ..`.
pub fn chunk_json(site: &Site, n: usize) -> Vec<u8> {
    let bp = site.config.base_path();
    let fmt = &site.config.date_format;
    let end = ((n + 1) * CHUNK).min(site.briefs.len());
    let region = site.taxonomy(TaxonomyKind::Region);
    let records: Vec<DocRecord> = site.briefs[n * CHUNK..end]
        .iter()
        .map(|b| DocRecord {
            title: &b.title,
            url: format!("{bp}{}", b.url),
            date: b.date.as_ref().map(|d| d.ymd()).unwrap_or_default(),
            date_display: b.date.as_ref().map(|d| d.display(fmt)).unwrap_or_default(),
            regions: b.regions.iter().filter_map(|r| region.term_for(r)).map(|t| t.name.as_str()).collect(),
            summary: b.summary_text(),
        })
        .collect();
    serde_json::to_vec(&records).expect("JSON of strings")
}

/// Every file of the index, in a stable order.
pub fn files(site: &Site, index: &Index) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let layout = layout(index);
    let mut out = Vec::new();
    let keys: Vec<(&String, &Vec<&str>)> = layout.iter().collect();
    let shards: Vec<OutputFile> = keys
        .par_iter()
        .enumerate()
        .map(|(n, (_, toks))| file(format!("search/index/{n}.json"), shard_json(index, toks)))
        .collect();
    let chunks: Vec<OutputFile> = (0..site.briefs.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|n| file(format!("search/docs/{n}.json"), chunk_json(site, n)))
        .collect();
    let mut facets = BTreeMap::new();
    for t in &site.taxonomies {
        let mut list = Vec::new();
        for term in &t.terms {
            let mut ids: Vec<u32> = term.briefs.iter().map(|&i| i as u32).collect();
            ids.sort_unstable();
            let body = serde_json::to_vec(&deltas(&ids)).expect("JSON of numbers");
            out.push(file(format!("search/facets/{}/{}.json", t.kind.key(), term.slug), body));
            list.push(FacetTerm { name: &term.name, slug: &term.slug, count: term.briefs.len() });
        }
        facets.insert(t.kind.key(), list);
    }
    let meta = Meta {
        version: VERSION,
        docs: site.briefs.len(),
        chunk: CHUNK,
        min_token: MIN_TOKEN,
        stop: STOP_WORDS,
        shards: keys.iter().enumerate().map(|(n, (k, _))| (k.as_str(), n)).collect(),
        facets,
    };
    out.push(file("search/meta.json".into(), serde_json::to_vec(&meta).expect("JSON")));
    out.extend(shards);
    out.extend(chunks);
    out
}

fn file(path: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile { path, contents: Contents::Bytes(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::taxonomy::tests::brief;

    fn site(briefs: Vec<Brief>) -> Site {
        Site::assemble(SiteConfig::default(), briefs, false).0
    }

    #[test]
    fn postings_carry_the_most_important_field() {
        let mut a = brief("Muscat talks", &["Gulf"]);
        a.rendered.search_terms = "muscat oman talks".into();
        a.actors = vec!["Oman".into()];
        let mut b = brief("Other", &["Europe"]);
        b.rendered.search_terms = "oman".into();
        let s = site(vec![a, b]);
        let idx = Index::build(&s);
        let id_of = |title: &str| s.briefs.iter().position(|b| b.title == title).unwrap() as u32;
        let mut oman = vec![id_of("Muscat talks") * 4 + 2, id_of("Other") * 4];
        oman.sort();
        assert_eq!(idx.postings["oman"], oman);
        assert_eq!(idx.postings["muscat"], vec![id_of("Muscat talks") * 4 + 3]);
        assert_eq!(idx.postings["gulf"], vec![id_of("Muscat talks") * 4 + 2]);
    }

    #[test]
    fn big_groups_split_on_longer_prefixes_and_keys_cover_their_tokens() {
        let mut idx = Index { docs: 20_000, postings: Postings::default() };
        let all: Vec<u32> = (0..20_000).map(|i| i * 4).collect();
        for w in ["co", "conflict", "council", "country", "cost", "ceasefire"] {
            idx.postings.insert(w.into(), all.clone());
        }
        idx.postings.insert("zz".into(), vec![1]);
        let l = layout(&idx);
        assert!(l.keys().any(|k| k.chars().count() > 2), "{:?}", l.keys());
        for (k, toks) in &l {
            for t in toks {
                assert!(t.starts_with(k.as_str()), "{t} under {k}");
                // No longer key also covers it: the client picks the longest.
                assert!(!l.keys().any(|k2| k2.len() > k.len() && t.starts_with(k2.as_str())), "{t}");
            }
        }
        let shard_of_co: Vec<&&str> = l.values().flatten().filter(|t| **t == "co").collect();
        assert_eq!(shard_of_co.len(), 1);
    }

    #[test]
    fn deltas_round_trip() {
        let v = vec![3, 8, 9, 40];
        let d = deltas(&v);
        assert_eq!(d, vec![3, 5, 1, 31]);
        let back: Vec<u32> = d
            .iter()
            .scan(0, |acc, x| {
                *acc += x;
                Some(*acc)
            })
            .collect();
        assert_eq!(back, v);
    }
}
