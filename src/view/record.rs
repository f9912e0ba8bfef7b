//! A brief's view for machines: its record in `briefs.json`, made once per brief so the preview
//! can keep the records and redo only the changed ones.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{Site, TaxonomyKind};

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

/// Brief `i`'s record, as JSON. `i` is the brief's index in `Site::briefs`.
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
