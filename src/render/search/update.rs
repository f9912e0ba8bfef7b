//! Keeping the index current while the preview runs: after an edit, only the briefs whose
//! content changed are indexed again, and only the files they touch are written again.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::files::{docs_path, file, index_path};
use super::index::{each_doc_token, posting};
use super::layout::{Group, layout_groups, prefix};
use super::{CHUNK, Field, SearchIndex, chunk_json};
use crate::artifact::OutputFile;
use crate::model::site::Site;
use crate::text::MIN_TOKEN;

/// Key of every term's slug, name and briefs: the facet files change only with it.
pub(super) fn facets_key(site: &Site) -> u64 {
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

/// More changed briefs than this and the index is built again from the site: one pass over
/// everything is then cheaper than a pass over every token per changed brief.
const MAX_CHANGED: usize = 32;

/// What re-indexing changed briefs touched.
struct Dirty {
    /// Tokens whose postings changed: a posting of a changed brief appeared, disappeared or
    /// changed field.
    tokens: HashSet<String>,
    /// The two-character groups of those tokens, whose shards are laid out again.
    groups: HashSet<String>,
    /// Those groups' shards as they were before.
    old_groups: BTreeMap<String, Group>,
}

impl SearchIndex {
    /// Bring the index up to date with `site`, whose brief `i` has key `key(i)`. When the
    /// briefs are the same, in the same order, only changed briefs are re-indexed and only
    /// the shards and record chunks they touch are written again; otherwise it starts over.
    /// `touched`, when the caller knows it, names the only briefs that can have changed since
    /// the last update, every brief keeping its place and its terms (an edit in place): then
    /// no other brief is looked at, which on a large site is most of the cost.
    pub fn update(&mut self, site: &Site, key: &(dyn Fn(usize) -> u64 + Sync), touched: Option<&[usize]>) -> Update {
        let n = site.briefs.len();
        let (changed, facets_changed) = match touched {
            Some(touched) if self.sources.len() == n && self.keys.len() == n => {
                let mut changed: Vec<usize> = touched.iter().copied().filter(|&i| key(i) != self.keys[i]).collect();
                changed.sort_unstable();
                changed.dedup();
                for &i in &changed {
                    self.keys[i] = key(i);
                }
                (changed, false)
            }
            _ => {
                let keys: Vec<u64> = (0..n).map(key).collect();
                let same_docs = self.sources.len() == n
                    && self.keys.len() == n
                    && site.briefs.iter().zip(&self.sources).all(|(b, s)| b.source == *s);
                if !same_docs {
                    return self.start_over(site, keys);
                }
                let changed: Vec<usize> = (0..n).filter(|&i| keys[i] != self.keys[i]).collect();
                self.keys = keys;
                // meta.json lists the shards, so the small files are made after the layout is current.
                let fk = facets_key(site);
                let facets_changed = fk != self.facets_key;
                self.facets_key = fk;
                (changed, facets_changed)
            }
        };
        if changed.len() > MAX_CHANGED {
            // `keys` holds every brief's current key by now.
            let keys = std::mem::take(&mut self.keys);
            return self.start_over(site, keys);
        }
        if changed.is_empty() {
            return Update { paths: self.paths(site), files: self.small_files(site, facets_changed) };
        }
        let before: Vec<Vec<String>> =
            self.packed().iter().map(|shards| shards.iter().map(|(k, _)| k.clone()).collect()).collect();
        let mut tokens = HashSet::new();
        for &id in &changed {
            self.reindex(site, id, &mut tokens);
        }
        let dirty = self.lay_out_again(tokens);
        let mut files = self.index_files_changed(&before, &dirty);
        let mut chunks: Vec<usize> = changed.iter().map(|id| id / CHUNK).collect();
        chunks.dedup();
        files.extend(chunks.into_iter().map(|c| file(docs_path(c), chunk_json(site, c))));
        files.extend(self.small_files(site, facets_changed));
        Update { paths: self.paths(site), files }
    }

    /// Build the index afresh; every file is written again.
    fn start_over(&mut self, site: &Site, keys: Vec<u64>) -> Update {
        *self = SearchIndex::build(site, keys);
        Update { files: self.files(site), paths: self.paths(site) }
    }

    /// Index brief `id` again: its postings leave every list and its tokens' come back in
    /// place, keeping each list ascending. Only tokens whose posting for this brief appears,
    /// disappears or changes field go into `dirty`; the rest come back exactly as they were.
    fn reindex(&mut self, site: &Site, id: usize, dirty: &mut HashSet<String>) {
        let lo = posting(id, Field::Body);
        let hi = posting(id, Field::Title);
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

    /// Lay out again the groups of the `dirty` tokens, and pack the shards into files anew.
    fn lay_out_again(&mut self, tokens: HashSet<String>) -> Dirty {
        let groups: HashSet<String> = tokens.iter().map(|t| prefix(t, MIN_TOKEN).to_string()).collect();
        let mut old_groups = BTreeMap::new();
        for g in &groups {
            if let Some(old) = self.groups.remove(g) {
                old_groups.insert(g.clone(), old);
            }
        }
        self.groups.extend(layout_groups(&self.index, Some(&groups)));
        self.file_shards = self.pack();
        Dirty { tokens, groups, old_groups }
    }

    /// The index files to write again, given each file's shard keys `before` the update: a
    /// file is written again when its shards moved, or when one of them is stale: its tokens
    /// changed, or one of its tokens' postings did.
    fn index_files_changed(&self, before: &[Vec<String>], dirty: &Dirty) -> Vec<OutputFile> {
        let stale = |(key, toks): &(String, Vec<String>)| {
            let g = prefix(key, MIN_TOKEN);
            dirty.groups.contains(g)
                && (!dirty.old_groups.get(g).is_some_and(|o: &Group| o.iter().any(|(k, t)| k == key && t == toks))
                    || toks.iter().any(|t| dirty.tokens.contains(t)))
        };
        let mut files = Vec::new();
        for (n, shards) in self.packed().into_iter().enumerate() {
            let moved = before.get(n).is_none_or(|keys| !keys.iter().eq(shards.iter().map(|(k, _)| k)));
            if moved || shards.iter().any(|s| stale(s)) {
                files.push(file(index_path(n), self.file_json(&shards)));
            }
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::taxonomy::tests::brief;
    use crate::render::search::test_support::{bytes, fresh, site};

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
            let ks = keys(&site);
            let touched = [i];
            let u = live.update(&site, &|j| ks[j], (step % 2 == 0).then_some(&touched[..]));
            for f in u.files {
                on_disk.insert(f.path, bytes(f.contents));
            }
            on_disk.retain(|p, _| u.paths.contains(p));
            assert_eq!(on_disk, fresh(&site), "step {step}");
        }
    }
}
