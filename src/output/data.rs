//! `briefs.json`: every brief's metadata and URL, a stable export for other teams' tools.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::TaxonomyKind;
use crate::render::context::GENERATOR;
use crate::site::Site;

/// Format version of `briefs.json`; bumped on incompatible changes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    version: u32,
    generator: &'static str,
    site: SiteInfo<'a>,
    briefs: Vec<Record<'a>>,
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

/// The export, newest brief first.
pub fn render(site: &Site) -> Vec<u8> {
    let c = &site.config;
    let briefs = site
        .briefs
        .iter()
        .map(|b| {
            let canon = |k: TaxonomyKind| -> Vec<&str> {
                let t = site.taxonomy(k);
                k.names(b).iter().filter_map(|n| t.term_for(n)).map(|t| t.name.as_str()).collect()
            };
            Record {
                title: &b.title,
                url: format!("{}{}", c.base_url, b.url),
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
            }
        })
        .collect();
    let export = Export {
        version: VERSION,
        generator: GENERATOR,
        site: SiteInfo { title: &c.title, description: &c.description, base_url: &c.base_url, language: &c.language },
        briefs,
    };
    let mut v = serde_json::to_vec(&export).expect("JSON of strings and numbers");
    v.push(b'\n');
    v
}
