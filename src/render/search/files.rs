//! The bytes of the index's files: `meta.json`, the index files of shards, the facet lists and
//! the chunks of document records; and the path of each (see docs/search-index.md).

use std::collections::BTreeMap;

use serde::Serialize;

use super::layout::entry_size;
use super::{CHUNK, FACET_BUNDLE_IDS, InvertedIndex, SearchIndex, VERSION};
use crate::artifact::{Contents, OutputFile};
use crate::model::TaxonomyKind;
use crate::model::site::Site;
use crate::text::{MIN_TOKEN, STOP_WORDS};

/// A term in `meta.json`'s facets: what the search page's filters list.
#[derive(Serialize)]
struct FacetTerm<'a> {
    name: &'a str,
    slug: &'a str,
    count: usize,
    /// How deep in the region hierarchy (0: top level); the terms are in tree order.
    depth: usize,
}

/// `meta.json`, the one file a search loads first.
#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    min_token: usize,
    stop: &'a [&'a str],
    shards: BTreeMap<&'a str, usize>,
    facets: BTreeMap<&'static str, Vec<FacetTerm<'a>>>,
    /// Taxonomies whose facet lists are in `facets/<taxonomy>.json` as `{slug: list}`.
    facet_bundles: Vec<&'static str>,
}

/// The index's files by kind. A full build (`files`), the list of paths a site has (`paths`)
/// and an update in place all name files through these, so that they name the same files.
const META_PATH: &str = "search/meta.json";

/// Index file `n` (see `SearchIndex::pack`).
pub(super) fn index_path(n: usize) -> String {
    format!("search/index/{n}.json")
}

/// Records chunk `n` (see `CHUNK`).
pub(super) fn docs_path(n: usize) -> String {
    format!("search/docs/{n}.json")
}

/// All of a taxonomy's facet lists, when bundled.
fn facet_bundle_path(key: &str) -> String {
    format!("search/facets/{key}.json")
}

/// One term's facet list, when its taxonomy's are not bundled.
fn facet_path(key: &str, slug: &str) -> String {
    format!("search/facets/{key}/{slug}.json")
}

/// True when `t` has terms and their facet lists go in one file (see `FACET_BUNDLE_IDS`).
fn bundled(t: &crate::model::Taxonomy) -> bool {
    !t.terms.is_empty() && t.terms.iter().map(|term| term.briefs.len()).sum::<usize>() <= FACET_BUNDLE_IDS
}

/// One term's facet list: its briefs' ids, ascending, delta-encoded.
fn facet_list(term: &crate::model::Term) -> Vec<u32> {
    let mut ids: Vec<u32> = term.briefs.iter().map(|&i| i as u32).collect();
    ids.sort_unstable();
    deltas(&ids)
}

/// A brief's record in `docs/N.json`: what a result shows.
#[derive(Serialize)]
struct DocRecord<'a> {
    title: &'a str,
    url: String,
    date: String,
    date_display: String,
    regions: Vec<&'a str>,
    summary: &'a str,
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

/// One shard's JSON: `{token: delta-encoded postings}`, written directly into one buffer
/// sized beforehand, with no `serde_json::Value` or allocation per number: shards hold
/// hundreds of thousands of numbers.
pub fn shard_json(index: &InvertedIndex, tokens: &[&str]) -> Vec<u8> {
    let lists: Vec<&Vec<u32>> = tokens.iter().map(|t| &index.postings[*t]).collect();
    let mut out: Vec<u8> = Vec::with_capacity(tokens.iter().zip(&lists).map(|(t, v)| entry_size(t, v)).sum());
    out.push(b'{');
    for (i, (t, list)) in tokens.iter().zip(lists).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, t).expect("a string");
        out.extend_from_slice(b":[");
        let mut prev = 0;
        for (j, &x) in list.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            push_decimal(&mut out, x - prev);
            prev = x;
        }
        out.push(b']');
    }
    out.push(b'}');
    out
}

/// Append `n` in decimal, digit by digit rather than through `format!` or `fmt::Write`: every
/// number of every shard goes through here (millions of them at 100,000 briefs).
fn push_decimal(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// `docs/N.json`: the records of briefs `n*CHUNK ..`.
pub fn chunk_json(site: &Site, n: usize) -> Vec<u8> {
    let bp = site.config.base_path();
    let fmt = &site.config.strings.dates;
    let end = ((n + 1) * CHUNK).min(site.briefs.len());
    let records: Vec<DocRecord> = (n * CHUNK..end)
        .map(|i| (i, &site.briefs[i]))
        .map(|(i, b)| DocRecord {
            title: &b.title,
            url: format!("{bp}{}", b.url),
            date: b.date.as_ref().map(|d| d.ymd()).unwrap_or_default(),
            date_display: b.date.as_ref().map(|d| d.display(fmt)).unwrap_or_default(),
            regions: site.terms_of_brief(TaxonomyKind::Region, i).map(|t| t.name.as_str()).collect(),
            summary: b.summary_text(),
        })
        .collect();
    serde_json::to_vec(&records).expect("JSON of strings")
}

impl SearchIndex {
    /// Every file of the index, in a stable order.
    pub fn files(&self, site: &Site) -> Vec<OutputFile> {
        use rayon::prelude::*;
        let mut out = self.small_files(site, true);
        out.par_extend(self.large_files(site));
        out
    }

    /// Hand every file of the index to `f` as soon as it is made, on several threads: a
    /// build writes each at once rather than holding the whole index's files (a hundred
    /// megabytes on a large archive) until the last is made.
    pub fn each_file(&self, site: &Site, f: &(dyn Fn(OutputFile) + Sync)) {
        use rayon::prelude::*;
        self.small_files(site, true).into_iter().for_each(f);
        self.large_files(site).for_each(f);
    }

    /// The index files and the documents' files, made in parallel, in the order of `paths`.
    fn large_files<'a>(&'a self, site: &'a Site) -> impl rayon::iter::IndexedParallelIterator<Item = OutputFile> + 'a {
        use rayon::prelude::*;
        let index =
            self.packed().into_par_iter().enumerate().map(|(n, shards)| file(index_path(n), self.file_json(&shards)));
        let docs =
            (0..site.briefs.len().div_ceil(CHUNK)).into_par_iter().map(|n| file(docs_path(n), chunk_json(site, n)));
        index.chain(docs)
    }

    /// One index file's JSON: the tokens of all its shards.
    pub(super) fn file_json(&self, shards: &[&(String, Vec<String>)]) -> Vec<u8> {
        let tokens: Vec<&str> = shards.iter().flat_map(|(_, toks)| toks.iter().map(String::as_str)).collect();
        shard_json(&self.index, &tokens)
    }

    /// `meta.json` and, when `with_facets`, the facet lists.
    pub(super) fn small_files(&self, site: &Site, with_facets: bool) -> Vec<OutputFile> {
        let mut out = Vec::new();
        let mut facets = BTreeMap::new();
        let mut facet_bundles = Vec::new();
        for t in &site.taxonomies {
            let key = t.kind.key();
            if bundled(t) {
                facet_bundles.push(key);
                if with_facets {
                    let all: BTreeMap<&str, Vec<u32>> =
                        t.terms.iter().map(|term| (term.slug.as_str(), facet_list(term))).collect();
                    out.push(file(facet_bundle_path(key), serde_json::to_vec(&all).expect("JSON")));
                }
            } else if with_facets {
                for term in &t.terms {
                    let body = serde_json::to_vec(&facet_list(term)).expect("JSON of numbers");
                    out.push(file(facet_path(key, &term.slug), body));
                }
            }
            // In the hierarchy's order, each region followed by its sub-regions: a filter on a
            // region matches its sub-regions' briefs too (`Term::briefs`).
            let list = t
                .tree_order()
                .into_iter()
                .map(|(i, depth)| {
                    let term = &t.terms[i];
                    FacetTerm { name: &term.name, slug: &term.slug, count: term.briefs.len(), depth }
                })
                .collect();
            facets.insert(key, list);
        }
        let meta = Meta {
            version: VERSION,
            docs: site.briefs.len(),
            chunk: CHUNK,
            min_token: MIN_TOKEN,
            stop: STOP_WORDS,
            shards: self
                .packed()
                .into_iter()
                .enumerate()
                .flat_map(|(n, shards)| shards.into_iter().map(move |(k, _)| (k.as_str(), n)))
                .collect(),
            facets,
            facet_bundles,
        };
        out.insert(0, file(META_PATH.into(), serde_json::to_vec(&meta).expect("JSON")));
        out
    }

    /// Every path `files` writes.
    pub(super) fn paths(&self, site: &Site) -> Vec<String> {
        let mut v = vec![META_PATH.to_string()];
        for t in &site.taxonomies {
            if bundled(t) {
                v.push(facet_bundle_path(t.kind.key()));
            } else {
                v.extend(t.terms.iter().map(|term| facet_path(t.kind.key(), &term.slug)));
            }
        }
        v.extend((0..self.packed().len()).map(index_path));
        v.extend((0..site.briefs.len().div_ceil(CHUNK)).map(docs_path));
        v
    }
}

/// An output file of these bytes.
pub(super) fn file(path: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile { path, contents: Contents::Bytes(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::taxonomy::tests::brief;
    use crate::render::search::test_support::{bytes, site};

    #[test]
    fn facet_lists_share_a_file_until_a_taxonomy_passes_the_budget() {
        let regions = ["Gulf", "Sahel", "Levant"];
        let make = |n: usize| site((0..n).map(|i| brief(&format!("Brief {i}"), &[regions[i % 3]])).collect());
        let small = make(300);
        let files: BTreeMap<String, Vec<u8>> = SearchIndex::build(&small, Vec::new())
            .files(&small)
            .into_iter()
            .map(|f| (f.path, bytes(f.contents)))
            .collect();
        assert!(!files.keys().any(|p| p.starts_with("search/facets/region/")), "{:?}", files.keys());
        let lists: BTreeMap<String, Vec<u32>> = serde_json::from_slice(&files["search/facets/region.json"]).unwrap();
        let gulf = &small.taxonomy(TaxonomyKind::Region).terms.iter().find(|t| t.slug == "gulf").unwrap().briefs;
        let mut expected: Vec<u32> = gulf.iter().map(|&i| i as u32).collect();
        expected.sort_unstable();
        assert_eq!(lists["gulf"], deltas(&expected));
        let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
        assert_eq!(meta["facet_bundles"], serde_json::json!(["region"]));

        let large = make(FACET_BUNDLE_IDS + 1);
        let index = SearchIndex::build(&large, Vec::new());
        let paths = index.paths(&large);
        assert!(paths.contains(&"search/facets/region/gulf.json".to_string()));
        assert!(!paths.contains(&"search/facets/region.json".to_string()));
        let files: Vec<String> = index.files(&large).into_iter().map(|f| f.path).collect();
        assert_eq!(files.iter().filter(|p| p.starts_with("search/facets/")).count(), 3);
        // Made on several threads, the files still come in the order their paths are listed.
        assert_eq!(files, paths);
    }

    #[test]
    fn shard_json_is_delta_encoded_json() {
        let mut idx = InvertedIndex::default();
        idx.postings.insert("iran".into(), vec![3, 8, 9]);
        idx.postings.insert("iraq".into(), vec![12]);
        let json: serde_json::Value = serde_json::from_slice(&shard_json(&idx, &["iran", "iraq"])).unwrap();
        assert_eq!(json, serde_json::json!({"iran": [3, 5, 1], "iraq": [12]}));
    }

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12345, 4_000_000_000, u32::MAX] {
            let mut out = b"x".to_vec();
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
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
