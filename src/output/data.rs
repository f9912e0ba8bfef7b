//! `briefs.json`: every brief's metadata and URL, a stable export for other teams' tools.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::TaxonomyKind;
use crate::render::context::GENERATOR;
use crate::site::Site;

/// Format version of `briefs.json`; bumped on incompatible changes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Header<'a> {
    version: u32,
    generator: &'static str,
    site: SiteInfo<'a>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct Record<'a> {
    title: &'a str,
    url: String,
    source: &'a str,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    regions: Vec<&'a str>,
    actors: Vec<&'a str>,
    tags: Vec<&'a str>,
    summary: &'a str,
    authors: &'a [String],
    draft: bool,
    word_count: usize,
    extra: &'a Map<String, Value>,
}

/// One brief's entry, as JSON. Entries are made separately so the preview server can keep
/// them and redo only the changed ones.
/// `i` is the brief's index in `Site::briefs`.
pub fn record(site: &Site, i: usize) -> Vec<u8> {
    let b = &site.briefs[i];
    let canon = |k: TaxonomyKind| -> Vec<&str> { site.terms_of_brief(k, i).map(|t| t.name.as_str()).collect() };
    let r = Record {
        title: &b.title,
        url: format!("{}{}", site.config.base_url, b.url),
        source: &b.source,
        date: b.date.as_ref().map(|d| d.iso.as_str()),
        updated: b.updated.as_ref().map(|d| d.iso.as_str()),
        regions: canon(TaxonomyKind::Region),
        actors: canon(TaxonomyKind::Actors),
        tags: canon(TaxonomyKind::Tags),
        summary: b.summary_text(),
        authors: &b.authors,
        draft: b.draft,
        word_count: b.rendered.word_count,
        extra: &b.extra,
    };
    serde_json::to_vec(&r).expect("JSON of strings and numbers")
}

/// The export: a header, then every brief's record, newest first.
pub fn assemble<'a>(site: &Site, records: impl ExactSizeIterator<Item = &'a [u8]>) -> Vec<u8> {
    let c = &site.config;
    let header = Header {
        version: VERSION,
        generator: GENERATOR,
        site: SiteInfo { title: &c.title, description: &c.description, base_url: &c.base_url, language: &c.language },
    };
    let mut v = serde_json::to_vec(&header).expect("JSON of strings");
    v.pop(); // the closing brace: the briefs follow
    v.extend_from_slice(b",\"briefs\":[");
    for (i, r) in records.enumerate() {
        if i > 0 {
            v.push(b',');
        }
        v.extend_from_slice(r);
    }
    v.extend_from_slice(b"]}\n");
    v
}
