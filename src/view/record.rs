//! A brief's view for machines: its record, every published field of the brief, analytic ones
//! included. It is serialised once per brief and shared, as bytes, by every export that carries
//! it (`briefs.json`, the brief's own `index.json`, `briefs.ndjson`, the CSV and the JSON Feed's
//! `_dossier` object), so the preview keeps the records and redoes only the changed ones.
//!
//! The record's shape is declared twice, here and in the JSON Schema
//! (`render/schema/brief.json`, which forbids any member it does not name): adding a field is
//! one member of `Record` and one property of the schema, and a test fails until both agree.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{Page, Site, TaxonomyKind};

#[derive(Serialize)]
struct Record<'a> {
    title: &'a str,
    url: String,
    path: &'a str,
    source: &'a str,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    regions: Vec<&'a str>,
    actors: Vec<&'a str>,
    tags: Vec<&'a str>,
    terms: Terms<'a>,
    summary: &'a str,
    authors: &'a [String],
    draft: bool,
    status: Option<&'static str>,
    word_count: usize,
    reading_time: usize,
    bluf: Option<&'a str>,
    key_judgments: &'a [String],
    confidence: Option<Confidence>,
    sources: Vec<Source<'a>>,
    events: Vec<Event<'a>>,
    supersedes: Option<String>,
    superseded_by: Option<String>,
    marking: Option<String>,
    expires: Option<&'a str>,
    aliases: Vec<String>,
    extra: &'a Map<String, Value>,
}

/// The terms a brief is filed under, with their pages.
#[derive(Serialize)]
struct Terms<'a> {
    regions: Vec<TermRecord<'a>>,
    actors: Vec<TermRecord<'a>>,
    tags: Vec<TermRecord<'a>>,
}

#[derive(Serialize)]
struct TermRecord<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Confidence {
    level: &'static str,
    label: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct Event<'a> {
    date: &'a str,
    title: &'a str,
}

/// The marking an export gives brief `i`: its own, else the site's when that is not CLEAR (as
/// its pages show it).
pub fn marking(site: &Site, i: usize) -> Option<crate::marking::Tlp> {
    let own = site.briefs[i].publication.tlp;
    own.or((site.config.tlp != crate::marking::Tlp::Clear).then_some(site.config.tlp))
}

/// Brief `i`'s record, as JSON. `i` is the brief's index in `Site::briefs`.
pub fn record(site: &Site, i: usize) -> Vec<u8> {
    let b = &site.briefs[i];
    let base = &site.config.base_url;
    let abs = |rel: &str| format!("{base}{rel}");
    let names = |k: TaxonomyKind| -> Vec<&str> { site.terms_of_brief(k, i).map(|t| t.name.as_str()).collect() };
    let terms = |k: TaxonomyKind| -> Vec<TermRecord> {
        let tax = site.taxonomy(k);
        site.terms_of_brief(k, i)
            .map(|t| TermRecord { name: &t.name, slug: &t.slug, url: abs(&tax.term_url(t)) })
            .collect()
    };
    let a = &b.analysis;
    let r = Record {
        title: &b.title,
        url: abs(&b.url),
        path: &b.url,
        source: &b.source,
        date: b.date.as_ref().map(|d| d.iso.as_str()),
        updated: b.updated.as_ref().map(|d| d.iso.as_str()),
        regions: names(TaxonomyKind::Region),
        actors: names(TaxonomyKind::Actors),
        tags: names(TaxonomyKind::Tags),
        terms: Terms {
            regions: terms(TaxonomyKind::Region),
            actors: terms(TaxonomyKind::Actors),
            tags: terms(TaxonomyKind::Tags),
        },
        summary: b.summary_text(),
        authors: &b.authors,
        draft: b.draft,
        status: a.status.map(|s| s.key()),
        word_count: b.rendered.word_count,
        reading_time: b.rendered.word_count.div_ceil(site.config.words_per_minute.max(1)).max(1),
        bluf: a.bluf.as_deref(),
        key_judgments: &a.key_judgments,
        confidence: a.confidence.map(|c| Confidence {
            level: c.key(),
            label: c.label(),
            url: format!("{}#{}", abs(&Page::Confidence.url(site)), c.key()),
        }),
        sources: a
            .sources
            .iter()
            .map(|s| Source {
                title: &s.title,
                url: s.url.as_deref(),
                publisher: s.publisher.as_deref(),
                date: s.date.as_deref(),
            })
            .collect(),
        events: a.events.iter().map(|e| Event { date: &e.date.iso, title: &e.title }).collect(),
        supersedes: site.supersedes[i].map(|j| abs(&site.briefs[j].url)),
        superseded_by: site.superseded_by[i].map(|j| abs(&site.briefs[j].url)),
        marking: marking(site, i).map(|t| t.label()),
        expires: b.publication.expires.as_ref().map(|d| d.iso.as_str()),
        aliases: b.aliases.iter().map(|p| abs(p)).collect(),
        extra: &b.extra,
    };
    serde_json::to_vec(&r).expect("JSON of strings and numbers")
}

/// A hash of what brief `i`'s record takes from other briefs (`model::inputs::record_reads`),
/// for caches of records keyed by the brief's own revision.
pub fn record_key(site: &Site, i: usize) -> u64 {
    let url = |j: Option<usize>| j.map_or(0, |j| crate::hashing::bytes(site.briefs[j].url.as_bytes()) | 1);
    crate::hashing::combine([url(site.supersedes[i]), url(site.superseded_by[i])])
}
