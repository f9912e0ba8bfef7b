//! Who cites what, computed once per model: the published briefs that link to each brief
//! (backlinks, "cited by"), and the index of every source the briefs cite, where one source
//! cited by several briefs is one entry. Both are made from published briefs only (`Site`
//! holds no other), so neither can reveal a brief the build holds back.

use std::collections::{HashMap, HashSet};

use crate::content::Document;
use crate::content::sources::Source;
use crate::markdown::{LinkTarget, Ref, RefKind};
use crate::model::links::LinkMap;

/// Backlinks and the source index of a site.
#[derive(Debug, Clone, Default)]
pub struct Citations {
    /// Per brief, the briefs whose body links to it, newest first (by index into
    /// `Site::briefs`, which is newest first), each once.
    pub cited_by: Vec<Vec<usize>>,
    /// Every source cited, in the order the `/sources/` page lists them: by title, then key.
    pub sources: Vec<SourceEntry>,
    /// Per brief, per source of its `sources` list, the entry in `sources` it belongs to.
    pub entry_of: Vec<Vec<usize>>,
}

/// One source, however many briefs cite it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// What makes two citations one source: the normalised URL, or title and publisher.
    pub key: String,
    /// Its id on the `/sources/` page, stable from build to build.
    pub anchor: String,
    /// Each citation: a brief (newest first) and the position of the source in its list.
    pub cited: Vec<(usize, usize)>,
}

impl SourceEntry {
    /// How many briefs cite it besides brief `i`.
    pub fn others(&self, i: usize) -> usize {
        let mut briefs: Vec<usize> = self.cited.iter().map(|&(b, _)| b).filter(|&b| b != i).collect();
        briefs.dedup();
        briefs.len()
    }
}

impl Citations {
    /// Backlinks and sources of `briefs` (sorted as `Site::briefs`), links resolved by `links`.
    pub fn build(briefs: &[Document], links: &LinkMap) -> Citations {
        use rayon::prelude::*;
        let index: HashMap<&str, usize> = briefs.iter().enumerate().map(|(i, b)| (b.source.as_str(), i)).collect();
        let outgoing: Vec<Vec<usize>> = briefs
            .par_iter()
            .enumerate()
            .map(|(i, b)| {
                let mut to: Vec<usize> =
                    linked_documents(b, links).iter().filter_map(|t| index.get(t.as_str()).copied()).collect();
                to.retain(|&j| j != i);
                to
            })
            .collect();
        let mut cited_by = vec![Vec::new(); briefs.len()];
        for (i, to) in outgoing.iter().enumerate() {
            for &j in to {
                if cited_by[j].last() != Some(&i) {
                    cited_by[j].push(i);
                }
            }
        }
        let (sources, entry_of) = source_index(briefs);
        Citations { cited_by, sources, entry_of }
    }
}

/// The content paths of the documents `b`'s body links to, resolved as its Markdown is
/// (`LinkMap::resolve`), each once. The links are read from the body before it is rendered,
/// since a build renders briefs' pages (which show their backlinks) while it still renders
/// Markdown. Only bodies that name a document by its path (`@/…`, `….md`) are read.
pub fn linked_documents(b: &Document, links: &LinkMap) -> Vec<String> {
    if !crate::markdown::names_documents(&b.body) {
        return Vec::new();
    }
    let mut out: Vec<String> = crate::markdown::destinations(&b.body)
        .iter()
        .filter_map(|dest| {
            let r = links.resolve(&b.source, &Ref { dest, kind: RefKind::Link, offset: 0 });
            match r.target {
                LinkTarget::Rewrite(_) => r.depends_on.filter(|t| t.ends_with(".md")),
                _ => None,
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What a brief contributes to the site's citations: the documents it links to and the keys
/// of its sources. A brief whose edit keeps these can be swapped into the model in place.
pub fn footprint(b: &Document, links: &LinkMap) -> (Vec<String>, Vec<String>) {
    (linked_documents(b, links), b.analysis.sources.iter().map(source_key).collect())
}

/// The entries of every source of `briefs`, and for each brief the entry of each source.
fn source_index(briefs: &[Document]) -> (Vec<SourceEntry>, Vec<Vec<usize>>) {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<(String, SourceEntry)> = Vec::new();
    let mut entry_of: Vec<Vec<usize>> = Vec::with_capacity(briefs.len());
    for (i, b) in briefs.iter().enumerate() {
        let mut mine = Vec::with_capacity(b.analysis.sources.len());
        for (n, s) in b.analysis.sources.iter().enumerate() {
            let key = source_key(s);
            let e = *by_key.entry(key.clone()).or_insert_with(|| {
                let sort = s.title.to_lowercase();
                entries.push((sort, SourceEntry { key, anchor: String::new(), cited: Vec::new() }));
                entries.len() - 1
            });
            entries[e].1.cited.push((i, n));
            mine.push(e);
        }
        entry_of.push(mine);
    }
    // Listed by title; the positions recorded above are mapped to the sorted ones.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0).then_with(|| entries[a].1.key.cmp(&entries[b].1.key)));
    let mut place = vec![0; entries.len()];
    for (to, &from) in order.iter().enumerate() {
        place[from] = to;
    }
    for mine in &mut entry_of {
        for e in mine.iter_mut() {
            *e = place[*e];
        }
    }
    let mut slots: Vec<Option<SourceEntry>> = entries.into_iter().map(|(_, e)| Some(e)).collect();
    let mut sorted: Vec<SourceEntry> = order.iter().filter_map(|&k| slots[k].take()).collect();
    let mut taken = HashSet::new();
    for e in &mut sorted {
        e.anchor = anchor(&e.key, &mut taken);
    }
    (sorted, entry_of)
}

/// An id for the source with `key`: from a hash of the key, so it stays the same while the
/// source does; a clash of hashes takes the next free number.
fn anchor(key: &str, taken: &mut HashSet<String>) -> String {
    let h = crate::hashing::bytes(key.as_bytes());
    let mut id = format!("src-{:08x}", h as u32);
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("src-{:08x}-{n}", h as u32);
        n += 1;
    }
    id
}

/// What makes two citations one source: the URL, normalised (`normalise_url`), else the title
/// and publisher, in lower case with runs of white space made one.
pub fn source_key(s: &Source) -> String {
    match &s.url {
        Some(u) => normalise_url(u),
        None => {
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            format!("{}\u{1f}{}", words(&s.title), words(s.publisher.as_deref().unwrap_or("")))
        }
    }
}

/// A URL as two citations of one page may differ in writing it: the scheme and host in
/// lower case, with no `#fragment` and no trailing `/` on the path. The query is kept (it
/// often names the page).
pub fn normalise_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    let mut out = format!("{}://{}{}", scheme.to_lowercase(), host.to_lowercase(), path.trim_end_matches('/'));
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_differing_only_in_case_of_host_slash_or_fragment_are_one() {
        let one = normalise_url("https://www.iaea.org/reports/gov-2026-8");
        for u in [
            "HTTPS://WWW.IAEA.org/reports/gov-2026-8/",
            "https://www.iaea.org/reports/gov-2026-8#page=3",
            " https://www.iaea.org/reports/gov-2026-8/#top",
        ] {
            assert_eq!(normalise_url(u), one, "{u}");
        }
        assert_ne!(normalise_url("https://x.org/Report"), normalise_url("https://x.org/report"), "paths keep case");
        assert_ne!(normalise_url("https://x.org/a?id=1"), normalise_url("https://x.org/a?id=2"));
        assert_eq!(normalise_url("https://x.org/"), normalise_url("https://X.org"));
        assert_eq!(normalise_url("https://x.org/a/?q=1#f"), "https://x.org/a?q=1");
    }
}
