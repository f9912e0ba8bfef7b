//! How the index is cut into shards and files: tokens are grouped by their first two
//! characters, a group past the size budget is split on longer prefixes, and shards whose keys
//! start with the same character share a file while together they stay within the budget.

use std::collections::{BTreeMap, HashSet};

use super::{InvertedIndex, SHARD_BUDGET, SearchIndex};
use crate::text::MIN_TOKEN;

/// Keys never grow longer than this, so one very common word cannot split shards forever.
const MAX_KEY: usize = 6;

/// The number of decimal digits of `n`.
fn digits(mut n: u32) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Bytes a token's entry takes in a shard, near enough to decide splits.
pub(super) fn entry_size(token: &str, postings: &[u32]) -> usize {
    let mut prev = 0;
    let mut n = token.len() + 6;
    for &x in postings {
        n += digits(x - prev) + 1;
        prev = x;
    }
    n
}

/// The first `n` characters of `t` (all of it when shorter): a token's group or shard key.
pub(super) fn prefix(t: &str, n: usize) -> &str {
    match t.char_indices().nth(n) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// Shards of one two-character group: `(key, tokens)`, sorted by key.
pub(super) type Group = Vec<(String, Vec<String>)>;

/// Split one group of tokens (all starting with `key`) into shards: if its estimated size
/// passes the budget, tokens longer than the key move to shards keyed one character longer,
/// recursively; tokens no longer than a key stay in its shard.
fn layout_group(index: &InvertedIndex, key: &str, tokens: Vec<&str>) -> Group {
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
pub(super) fn layout_groups(index: &InvertedIndex, only: Option<&HashSet<String>>) -> BTreeMap<String, Group> {
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
pub fn layout(index: &InvertedIndex) -> BTreeMap<String, Vec<String>> {
    layout_groups(index, None).into_values().flatten().collect()
}

impl SearchIndex {
    /// Every shard, in key order.
    fn shards(&self) -> impl Iterator<Item = &(String, Vec<String>)> {
        self.groups.values().flatten()
    }

    /// The index files: shards whose keys start with the same character share one while
    /// together they stay within `SHARD_BUDGET`, else each has its own. A small site then
    /// writes a few dozen index files rather than one per two-letter prefix; `meta.json` maps
    /// every key to its file, and search.js loads each file once however many keys point to
    /// it.
    pub(super) fn pack(&self) -> Vec<usize> {
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
    pub(super) fn packed(&self) -> Vec<Vec<&(String, Vec<String>)>> {
        let mut shards = self.shards();
        self.file_shards.iter().map(|&n| shards.by_ref().take(n).collect()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::Postings;

    #[test]
    fn big_groups_split_on_longer_prefixes_and_keys_cover_their_tokens() {
        let mut idx = InvertedIndex { docs: 20_000, postings: Postings::default() };
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
}
