//! The static search index under `search/`: a small `meta.json`, an inverted index sharded by
//! token prefix, per-term facet lists and chunked document records. A visitor's browser loads
//! `meta.json` and then only the shards, facets and record chunks its query needs, so the first
//! search stays small however large the archive grows. The format is documented in
//! docs/search-index.md and read by the default theme's `search.js`.
//!
//! This module holds the format's sizes and the `SearchIndex` a build makes; its parts are
//! the inverted index (`index`), its cut into shards and files (`layout`), the bytes and paths
//! of the files (`files`), and the update in place after an edit in the preview (`update`).

mod files;
mod index;
mod layout;
mod update;

use std::collections::BTreeMap;

pub use files::{chunk_json, shard_json};
pub use index::{Field, InvertedIndex, Postings};
pub use layout::layout;
use layout::{Group, layout_groups};
pub use update::Update;
use update::facets_key;

use crate::model::site::Site;

/// Format version written to `meta.json`. 2: a taxonomy's facet lists may share one file
/// (`facet_bundles`). 3: tokens fold Arabic and Persian letter variants, invisible characters
/// and digits, and split Chinese and Japanese into pairs (`text::normalize`).
pub const VERSION: u32 = 3;
/// A taxonomy whose terms list this many brief ids or fewer, all terms together (about 48 KB
/// of JSON), keeps its facet lists in one file, `facets/<taxonomy>.json`, instead of one per
/// term, so that a small site does not write a file for every term.
pub const FACET_BUNDLE_IDS: usize = 12_000;
/// Document records per `docs/N.json` file.
pub const CHUNK: usize = 64;
/// A prefix group whose estimated size passes this many bytes is split on a longer prefix.
pub const SHARD_BUDGET: usize = 48 * 1024;

/// The index, its shard layout, and what each document was indexed from: everything needed
/// to write the index files, and to update them after a change without starting over.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The inverted index.
    pub index: InvertedIndex,
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

impl SearchIndex {
    /// Index the whole site. `keys` (one per brief, or empty) identify each brief's indexed
    /// content, so a later `update` can tell which briefs changed.
    pub fn build(site: &Site, keys: Vec<u64>) -> SearchIndex {
        let index = InvertedIndex::build(site);
        let groups = layout_groups(&index, None);
        let sources = site.briefs.iter().map(|b| b.source.clone()).collect();
        let mut built =
            SearchIndex { index, groups, sources, keys, facets_key: facets_key(site), file_shards: Vec::new() };
        built.file_shards = built.pack();
        built
    }
}

/// What the tests of the index's parts share: a site of briefs, and the index's files.
#[cfg(test)]
mod test_support {
    use std::collections::BTreeMap;

    use super::SearchIndex;
    use crate::artifact::Contents;
    use crate::config::SiteConfig;
    use crate::content::Document;
    use crate::model::site::Site;

    pub(super) fn site(briefs: Vec<Document>) -> Site {
        Site::assemble(SiteConfig::default(), briefs, &crate::model::publish::Policy::default()).0
    }

    /// Every file of a fresh index, by path.
    pub(super) fn fresh(site: &Site) -> BTreeMap<String, Vec<u8>> {
        let idx = SearchIndex::build(site, Vec::new());
        idx.files(site).into_iter().map(|f| (f.path, bytes(f.contents))).collect()
    }

    pub(super) fn bytes(c: Contents) -> Vec<u8> {
        match c {
            Contents::Bytes(b) => b,
            other => panic!("{other:?}"),
        }
    }
}
