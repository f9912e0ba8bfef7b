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
    key_judgments: Vec<&'a str>,
    judgments: Vec<JudgmentRecord<'a>>,
    confidence: Option<Confidence>,
    sources: Vec<Source<'a>>,
    events: Vec<Event<'a>>,
    revisions: Vec<RevisionRecord<'a>>,
    revisit_by: Option<&'a str>,
    supersedes: Option<String>,
    superseded_by: Option<String>,
    cited_by: Vec<String>,
    image: Option<String>,
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
    date: Option<String>,
    grade: Option<String>,
    reliability: Option<String>,
    credibility: Option<u8>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    accessed: Option<String>,
    archived: Option<&'a str>,
}

/// A key judgment with its likelihood (ICD 203) and its own confidence.
#[derive(Serialize)]
struct JudgmentRecord<'a> {
    text: &'a str,
    likelihood: Option<&'static str>,
    band: Option<String>,
    confidence: Option<&'static str>,
}

/// An event: when it started (RFC 3339, its first moment), as written (`2025-Q3`), how
/// precisely, until when, where and who.
#[derive(Serialize)]
struct Event<'a> {
    date: &'a str,
    when: String,
    end: Option<String>,
    precision: &'static str,
    display: String,
    title: &'a str,
    place: Option<&'a str>,
    actors: &'a [String],
}

#[derive(Serialize)]
struct RevisionRecord<'a> {
    date: &'a str,
    note: &'a str,
}

/// The marking an export gives brief `i`: the one its pages show (`brief::shown_marking`).
pub fn marking(site: &Site, i: usize) -> Option<crate::marking::Tlp> {
    crate::view::brief::shown_marking(site, &site.briefs[i])
}

/// Brief `i`'s record, as JSON. `i` is the brief's index in `Site::briefs`.
pub fn record(site: &Site, i: usize) -> Vec<u8> {
    let b = &site.briefs[i];
    let base = &site.config.base_url;
    let abs = |rel: &str| format!("{base}{}", crate::urls::encode_path(rel));
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
        key_judgments: a.key_judgments.iter().map(|j| j.text.as_str()).collect(),
        judgments: a
            .key_judgments
            .iter()
            .map(|j| JudgmentRecord {
                text: &j.text,
                likelihood: j.likelihood.map(|l| l.key()),
                band: j.likelihood.map(|l| l.band_text()),
                confidence: j.confidence.map(|c| c.key()),
            })
            .collect(),
        confidence: a.confidence.map(|c| Confidence {
            level: c.key(),
            label: c.label(),
            url: format!("{}#{}", abs(&Page::Confidence.url(site)), c.key()),
        }),
        sources: a.sources.iter().map(source).collect(),
        events: a.events.iter().map(|e| event(e, &site.config.strings.dates)).collect(),
        revisions: a.lifecycle.revisions.iter().map(|r| RevisionRecord { date: &r.date.iso, note: &r.note }).collect(),
        revisit_by: a.lifecycle.revisit_by.as_ref().map(|d| d.iso.as_str()),
        supersedes: site.supersedes[i].map(|j| abs(&site.briefs[j].url)),
        superseded_by: site.superseded_by[i].map(|j| abs(&site.briefs[j].url)),
        cited_by: site
            .citations
            .cited_by
            .get(i)
            .map_or_else(Vec::new, |c| c.iter().map(|&j| abs(&site.briefs[j].url)).collect()),
        image: crate::view::brief::social_image_url(site, b),
        marking: marking(site, i).map(|t| t.label()),
        expires: b.publication.expires.as_ref().map(|d| d.iso.as_str()),
        aliases: b.aliases.iter().map(|p| abs(p)).collect(),
        extra: &b.extra,
    };
    serde_json::to_vec(&r).expect("JSON of strings and numbers")
}

fn source(s: &crate::content::sources::Source) -> Source<'_> {
    Source {
        title: &s.title,
        url: s.url.as_deref(),
        publisher: s.publisher.as_deref(),
        date: s.date.as_ref().map(|d| d.ymd()),
        grade: s.grade(),
        reliability: s.reliability.map(String::from),
        credibility: s.credibility,
        kind: s.kind.map(|k| k.key()),
        accessed: s.accessed.as_ref().map(|d| d.ymd()),
        archived: s.archived.as_deref(),
    }
}

fn event<'a>(e: &'a crate::content::events::Event, date_format: &crate::dates::DateStyle) -> Event<'a> {
    Event {
        date: &e.time.start.start.iso,
        when: e.time.start.key(),
        end: e.time.end.as_ref().map(|p| p.key()),
        precision: e.time.precision().key(),
        display: e.time.display(date_format),
        title: &e.title,
        place: e.place.as_deref(),
        actors: &e.actors,
    }
}

/// A hash of what brief `i`'s record takes from other briefs (`model::inputs::record_reads`),
/// for caches of records keyed by the brief's own revision.
pub fn record_key(site: &Site, i: usize) -> u64 {
    let url = |j: Option<usize>| j.map_or(0, |j| crate::hashing::bytes(site.briefs[j].url.as_bytes()) | 1);
    let cited_by = site.citations.cited_by.get(i).into_iter().flatten().map(|&j| url(Some(j)));
    crate::hashing::combine([url(site.supersedes[i]), url(site.superseded_by[i])].into_iter().chain(cited_by))
}
