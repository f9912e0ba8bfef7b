//! The static search index under `search/`: a small `meta.json`, an inverted index sharded by
//! token prefix, per-term facet lists and chunked document records. A visitor's browser loads
//! `meta.json` and then only the shards, facets and record chunks its query needs, so the first
//! search stays small however large the archive grows. The format is documented in README.md
//! ("Search") and read by the default theme's `search.js`.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use serde::Serialize;

use crate::artifact::{Contents, OutputFile};
use crate::hashing::Fnv;
use crate::model::TaxonomyKind;
use crate::model::site::Site;
use crate::text::{self, MIN_TOKEN, STOP_WORDS};

/// Format version written to `meta.json`. 2: a taxonomy's facet lists may share one file
/// (`facet_bundles`).
pub const VERSION: u32 = 2;
/// A taxonomy whose terms list this many brief ids or fewer, all terms together (about 48 KB
/// of JSON), keeps its facet lists in one file, `facets/<taxonomy>.json`, instead of one per
/// term: on a small site those were 273 of 2,050 files.
pub const FACET_BUNDLE_IDS: usize = 12_000;
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
fn each_doc_token(site: &Site, i: usize, mut f: impl FnMut(&str, Field)) {
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

/// Shards of one two-character group: `(key, tokens)`, sorted by key.
type Group = Vec<(String, Vec<String>)>;

/// Split one group of tokens (all starting with `key`) into shards: if its estimated size
/// passes the budget, tokens longer than the key move to shards keyed one character longer,
/// recursively; tokens no longer than a key stay in its shard.
fn layout_group(index: &Index, key: &str, tokens: Vec<&str>) -> Group {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let sized: Vec<(&str, usize)> = tokens.into_iter().map(|t| (t, entry_size(t, &index.postings[t]))).collect();
    let mut todo: Vec<(String, Vec<(&str, usize)>)> = vec![(key.to_string(), sized)];
    while let Some((key, toks)) = todo.pop() {
        let size: usize = toks.iter().map(|(_, s)| s).sum();
        let depth = key.chars().count();
        if size <= SHARD_BUDGET || depth >= MAX_KEY {
            out.entry(key).or_default().extend(toks.iter().map(|(t, _)| t.to_string()));
            continue;
        }
        let mut sub: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
        for (t, s) in toks {
            if t.chars().count() <= depth {
                out.entry(key.clone()).or_default().push(t.to_string());
            } else {
                sub.entry(prefix(t, depth + 1).to_string()).or_default().push((t, s));
            }
        }
        todo.extend(sub);
    }
    out.into_iter()
        .map(|(k, mut v)| {
            v.sort_unstable();
            (k, v)
        })
        .collect()
}

/// Group every token of the index by its first two characters and lay each group out.
fn layout_groups(index: &Index, only: Option<&std::collections::HashSet<String>>) -> BTreeMap<String, Group> {
    use rayon::prelude::*;
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in index.postings.keys() {
        let g = prefix(t, MIN_TOKEN);
        if only.is_none_or(|o| o.contains(g)) {
            groups.entry(g.to_string()).or_default().push(t);
        }
    }
    let groups: Vec<(String, Vec<&str>)> = groups.into_iter().collect();
    groups.into_par_iter().map(|(g, toks)| (g.clone(), layout_group(index, &g, toks))).collect()
}

/// Every shard, in key order: `(key, tokens)`.
pub fn layout(index: &Index) -> BTreeMap<String, Vec<String>> {
    layout_groups(index, None).into_values().flatten().collect()
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
    /// Taxonomies whose facet lists are in `facets/<taxonomy>.json` as `{slug: list}`.
    facet_bundles: Vec<&'static str>,
}

/// The index's files by kind. A full build (`files`), the list of paths a site has (`paths`)
/// and an update in place all name files through these, so that they name the same files.
const META_PATH: &str = "search/meta.json";

/// Index file `n` (see `SearchIndex::pack`).
fn index_path(n: usize) -> String {
    format!("search/index/{n}.json")
}

/// Records chunk `n` (see `CHUNK`).
fn docs_path(n: usize) -> String {
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

#[derive(Serialize)]
struct DocRecord<'a> {
    title: &'a str,
    url: String,
    date: String,
    date_display: String,
    regions: Vec<&'a str>,
    summary: &'a str,
}

/// One shard's JSON: `{token: delta-encoded postings}`, written directly: shards hold
/// hundreds of thousands of numbers, and a `serde_json::Value` per number was the cost.
pub fn shard_json(index: &Index, tokens: &[&str]) -> Vec<u8> {
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

/// Append `n` in decimal: the index holds millions of numbers at 100,000 briefs, and the
/// formatting machinery cost more than the rest of writing them.
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
    let fmt = &site.config.date_format;
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

/// The index, its shard layout, and what each document was indexed from: everything needed
/// to write the index files, and to update them after a change without starting over.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The inverted index.
    pub index: Index,
    /// Shard layout per two-character group.
    groups: BTreeMap<String, Group>,
    /// Content path of each document, by id.
    sources: Vec<String>,
    /// Per document, a key of everything its tokens and record come from (see `update`).
    keys: Vec<u64>,
    /// Key of every term's slug, name and briefs: the facet files change only with it.
    facets_key: u64,
    /// How many shards, in order, each index file holds (see `pack`).
    file_shards: Vec<usize>,
}

fn facets_key(site: &Site) -> u64 {
    use crate::hashing::{bytes, combine};
    combine(site.taxonomies.iter().flat_map(|t| {
        t.terms.iter().map(|term| {
            combine(
                [bytes(term.slug.as_bytes()), bytes(term.name.as_bytes())]
                    .into_iter()
                    .chain(term.briefs.iter().map(|&i| i as u64)),
            )
        })
    }))
}

/// Files to write after an update, and the paths of every file the index now has.
#[derive(Debug, Default)]
pub struct Update {
    /// Files whose bytes may have changed.
    pub files: Vec<OutputFile>,
    /// Every file of the index.
    pub paths: Vec<String>,
}

impl SearchIndex {
    /// Index the whole site. `keys` (one per brief, or empty) identify each brief's indexed
    /// content, so a later `update` can tell which briefs changed.
    pub fn build(site: &Site, keys: Vec<u64>) -> SearchIndex {
        let index = Index::build(site);
        let groups = layout_groups(&index, None);
        let sources = site.briefs.iter().map(|b| b.source.clone()).collect();
        let mut built =
            SearchIndex { index, groups, sources, keys, facets_key: facets_key(site), file_shards: Vec::new() };
        built.file_shards = built.pack();
        built
    }

    fn shards(&self) -> impl Iterator<Item = &(String, Vec<String>)> {
        self.groups.values().flatten()
    }

    /// The index files: shards whose keys start with the same character share one while
    /// together they stay within `SHARD_BUDGET`, else each has its own. A small site then
    /// writes a few dozen index files rather than one per two-letter prefix (191 of its 2,201
    /// files at 1,000 briefs); `meta.json` maps every key to its file, and search.js loads each
    /// file once however many keys point to it.
    fn pack(&self) -> Vec<usize> {
        let shards: Vec<&(String, Vec<String>)> = self.shards().collect();
        let mut files = Vec::new();
        let mut start = 0;
        while start < shards.len() {
            let first = shards[start].0.chars().next();
            let end = start + shards[start..].iter().take_while(|(k, _)| k.chars().next() == first).count();
            let run = &shards[start..end];
            // Summed until past the budget: on a large site that is a few tokens of each run.
            let mut size = 0;
            let fits = run.iter().flat_map(|(_, toks)| toks).all(|t| {
                size += entry_size(t, &self.index.postings[t]);
                size <= SHARD_BUDGET
            });
            if fits {
                files.push(run.len());
            } else {
                files.extend(run.iter().map(|_| 1));
            }
            start = end;
        }
        files
    }

    /// The shards of each index file, as `pack` last laid them out.
    fn packed(&self) -> Vec<Vec<&(String, Vec<String>)>> {
        let mut shards = self.shards();
        self.file_shards.iter().map(|&n| shards.by_ref().take(n).collect()).collect()
    }

    /// Every file of the index, in a stable order.
    pub fn files(&self, site: &Site) -> Vec<OutputFile> {
        use rayon::prelude::*;
        let packed = self.packed();
        let mut out = self.small_files(site, true);
        out.par_extend(packed.par_iter().enumerate().map(|(n, shards)| file(index_path(n), self.file_json(shards))));
        out.par_extend(
            (0..site.briefs.len().div_ceil(CHUNK)).into_par_iter().map(|n| file(docs_path(n), chunk_json(site, n))),
        );
        out
    }

    /// One index file's JSON: the tokens of all its shards.
    fn file_json(&self, shards: &[&(String, Vec<String>)]) -> Vec<u8> {
        let tokens: Vec<&str> = shards.iter().flat_map(|(_, toks)| toks.iter().map(String::as_str)).collect();
        shard_json(&self.index, &tokens)
    }

    /// `meta.json` and, when `with_facets`, the facet lists.
    fn small_files(&self, site: &Site, with_facets: bool) -> Vec<OutputFile> {
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
            let list = t
                .terms
                .iter()
                .map(|term| FacetTerm { name: &term.name, slug: &term.slug, count: term.briefs.len() })
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
    fn paths(&self, site: &Site) -> Vec<String> {
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

    /// Bring the index up to date with `site`, whose brief `i` has key `keys[i]`. When the
    /// briefs are the same, in the same order, only changed briefs are re-indexed and only
    /// the shards and record chunks they touch are written again; otherwise it starts over.
    pub fn update(&mut self, site: &Site, keys: Vec<u64>) -> Update {
        let same_docs = self.sources.len() == site.briefs.len()
            && self.keys.len() == keys.len()
            && site.briefs.iter().zip(&self.sources).all(|(b, s)| b.source == *s);
        if !same_docs {
            *self = SearchIndex::build(site, keys);
            return Update { files: self.files(site), paths: self.paths(site) };
        }
        let changed: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] != self.keys[i]).collect();
        // Past a few dozen documents, one pass over everything beats a pass per document.
        if changed.len() > 32 {
            *self = SearchIndex::build(site, keys);
            return Update { files: self.files(site), paths: self.paths(site) };
        }
        self.keys = keys;
        // meta.json lists the shards, so the small files are made after the layout is current.
        let fk = facets_key(site);
        let facets_changed = fk != self.facets_key;
        self.facets_key = fk;
        if changed.is_empty() {
            return Update { paths: self.paths(site), files: self.small_files(site, facets_changed) };
        }
        let mut files = Vec::new();
        let before: Vec<Vec<String>> =
            self.packed().iter().map(|shards| shards.iter().map(|(k, _)| k.clone()).collect()).collect();
        let mut dirty: std::collections::HashSet<String> = std::collections::HashSet::new();
        for &id in &changed {
            let lo = posting(id, Field::Body);
            let hi = posting(id, Field::Title);
            // Only tokens whose posting for this document appears, disappears or changes field
            // make their shard dirty; the rest come back exactly as they were.
            let mut removed: HashMap<String, u32> = HashMap::new();
            self.index.postings.retain(|t, v| {
                let start = v.partition_point(|&x| x < lo);
                let end = v.partition_point(|&x| x <= hi);
                if start < end {
                    removed.insert(t.clone(), v[start]);
                    v.drain(start..end);
                }
                !v.is_empty()
            });
            each_doc_token(site, id, |t, f| {
                let p = posting(id, f);
                if removed.remove(t) != Some(p) {
                    dirty.insert(t.to_string());
                }
                match self.index.postings.get_mut(t) {
                    Some(v) => {
                        let at = v.partition_point(|&x| x < p);
                        v.insert(at, p);
                    }
                    None => {
                        self.index.postings.insert(t.to_string(), vec![p]);
                    }
                }
            });
            dirty.extend(removed.into_keys());
        }
        let dirty_groups: std::collections::HashSet<String> =
            dirty.iter().map(|t| prefix(t, MIN_TOKEN).to_string()).collect();
        let mut old_groups = BTreeMap::new();
        for g in &dirty_groups {
            if let Some(old) = self.groups.remove(g) {
                old_groups.insert(g.clone(), old);
            }
        }
        self.groups.extend(layout_groups(&self.index, Some(&dirty_groups)));
        self.file_shards = self.pack();
        // A file is written again when its shards moved, or when one of them is stale: its
        // tokens changed, or one of its tokens' postings did.
        let stale = |(key, toks): &(String, Vec<String>)| {
            let g = prefix(key, MIN_TOKEN);
            dirty_groups.contains(g)
                && (!old_groups.get(g).is_some_and(|o: &Group| o.iter().any(|(k, t)| k == key && t == toks))
                    || toks.iter().any(|t| dirty.contains(t)))
        };
        for (n, shards) in self.packed().into_iter().enumerate() {
            let moved = before.get(n).is_none_or(|keys| !keys.iter().eq(shards.iter().map(|(k, _)| k)));
            if moved || shards.iter().any(|s| stale(s)) {
                files.push(file(index_path(n), self.file_json(&shards)));
            }
        }
        let mut chunks: Vec<usize> = changed.iter().map(|id| id / CHUNK).collect();
        chunks.dedup();
        files.extend(chunks.into_iter().map(|c| file(docs_path(c), chunk_json(site, c))));
        files.extend(self.small_files(site, facets_changed));
        Update { paths: self.paths(site), files }
    }
}

fn file(path: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile { path, contents: Contents::Bytes(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::content::Brief;
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
        let shard_of_co: Vec<&String> = l.values().flatten().filter(|t| *t == "co").collect();
        assert_eq!(shard_of_co.len(), 1);
    }

    /// Every file of a fresh index, by path.
    fn fresh(site: &Site) -> BTreeMap<String, Vec<u8>> {
        let idx = SearchIndex::build(site, Vec::new());
        idx.files(site).into_iter().map(|f| (f.path, bytes(f.contents))).collect()
    }

    fn bytes(c: Contents) -> Vec<u8> {
        match c {
            Contents::Bytes(b) => b,
            other => panic!("{other:?}"),
        }
    }

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
    }

    #[test]
    fn updating_in_place_gives_the_files_of_a_fresh_build() {
        let mut briefs = Vec::new();
        for i in 0..300 {
            let mut b = brief(&format!("Brief {i}"), &[["Gulf", "Sahel", "Levant"][i % 3]]);
            b.rendered.search_terms = format!("common talks word{i} w{}", i % 7);
            briefs.push(b);
        }
        let mut site = site(briefs);
        let keys = |s: &Site| {
            s.briefs
                .iter()
                .map(|b| {
                    crate::hashing::bytes(b.title.as_bytes())
                        ^ crate::hashing::bytes(b.rendered.search_terms.as_bytes())
                })
                .collect::<Vec<_>>()
        };
        let mut live = SearchIndex::build(&site, keys(&site));
        let mut on_disk: BTreeMap<String, Vec<u8>> =
            live.files(&site).into_iter().map(|f| (f.path, bytes(f.contents))).collect();
        for step in 0..20 {
            let i = (step * 37) % site.briefs.len();
            site.briefs[i].title = format!("Edited {step} common");
            site.briefs[i].rendered.search_terms = format!("newword{step} talks");
            let u = live.update(&site, keys(&site));
            for f in u.files {
                on_disk.insert(f.path, bytes(f.contents));
            }
            on_disk.retain(|p, _| u.paths.contains(p));
            assert_eq!(on_disk, fresh(&site), "step {step}");
        }
    }

    #[test]
    fn shard_json_is_delta_encoded_json() {
        let mut idx = Index::default();
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
