//! A brief's view: the values templates see for one brief (title, dates, terms, analysis),
//! serialised once per build and shared by every page that shows the brief.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value as Json};
use tera::Value;

use crate::content::Document;
use crate::content::judgments::{Confidence, Judgment, WordSet};
use crate::marking::Tlp;
use crate::model::{Page, Site, Taxonomy, TaxonomyKind, Term};

/// A term as shown on a brief: no count, so a brief's view changes only when the brief does.
#[derive(Serialize)]
struct TermRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

#[derive(Serialize)]
struct BriefView<'a> {
    title: Cow<'a, str>,
    url: String,
    permalink: String,
    date: String,
    date_iso: String,
    date_display: String,
    year: i16,
    updated: Option<String>,
    updated_display: Option<String>,
    regions: Vec<TermRef<'a>>,
    actors: Vec<TermRef<'a>>,
    tags: Vec<TermRef<'a>>,
    summary: Cow<'a, str>,
    authors: &'a [String],
    draft: bool,
    word_count: usize,
    reading_time: usize,
    extra: &'a Map<String, Json>,
    bluf: Option<Cow<'a, str>>,
    key_judgments: Vec<Cow<'a, str>>,
    /// The key judgments with their likelihood and confidence (`key_judgments` holds their
    /// texts alone, for themes written before judgments had either).
    judgments: Vec<JudgmentView<'a>>,
    confidence: Option<ConfidenceView>,
    sources: Vec<SourceView<'a>>,
    /// As written: `draft`, `final`, `superseded`, or null.
    status: Option<&'static str>,
    /// Replaced by a later brief: written `status: superseded`, or named by a later brief's
    /// `supersedes`. Lists mark it.
    superseded: bool,
    /// The handling marking, when the brief or the site names one: `TLP:AMBER` and its
    /// colours as FIRST gives them.
    tlp: Option<MarkingView>,
    /// Dated after the build's now: shown only by a build that asks for future briefs.
    future: bool,
    events: Vec<EventView<'a>>,
    /// The picture link previews show (`og:image`), when the brief names one.
    image: Option<ImageView<'a>>,
    /// How the assessment changed, newest first.
    revisions: Vec<RevisionView<'a>>,
    /// The date by which the assessment is to be reviewed (`YYYY-MM-DD`); the default theme
    /// does not show it (a date of the team's workflow, not a fact for readers).
    revisit_by: Option<String>,
}

/// A social image as the page head gives it: an absolute address, its size when known.
#[derive(Serialize)]
struct ImageView<'a> {
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    alt: Option<&'a str>,
}

/// The absolute address of the brief's social image, which link previews and schema.org
/// require: a file of the site under the site's address, an address as written.
pub fn social_image_url(site: &Site, b: &Document) -> Option<String> {
    if crate::model::pages::draws_card(site, b) {
        return Some(permalink(site, &format!("{}{}", b.url, crate::model::pages::CARD_FILE)));
    }
    let found = b.image_url.as_ref()?;
    let base_path = site.config.base_path();
    Some(match found.url.strip_prefix(base_path.as_str()) {
        Some(rel) if !crate::urls::is_external(&found.url) => permalink(site, rel),
        _ => found.url.clone(),
    })
}

/// The brief's social image as the page head gives it.
fn image<'a>(site: &Site, b: &'a Document) -> Option<ImageView<'a>> {
    if crate::model::pages::draws_card(site, b) {
        let (w, h) = crate::model::pages::CARD_SIZE;
        return Some(ImageView { url: social_image_url(site, b)?, width: Some(w), height: Some(h), alt: None });
    }
    let found = b.image_url.as_ref()?;
    Some(ImageView {
        url: social_image_url(site, b)?,
        width: found.size.map(|s| s.0),
        height: found.size.map(|s| s.1),
        alt: b.image.as_ref().and_then(|i| i.alt.as_deref()),
    })
}

/// A handling marking as templates show it.
#[derive(Serialize)]
struct MarkingView {
    /// `AMBER+STRICT`
    name: &'static str,
    /// `TLP:AMBER+STRICT`
    label: String,
    /// `amber-strict`, for CSS classes.
    key: &'static str,
    /// Text and background colours, as FIRST gives them.
    colour: &'static str,
    background: &'static str,
}

/// A text of the front matter (a title, a summary) as pages show it: with the punctuation the
/// body gets, when the site has smart punctuation on.
pub fn display_text<'a>(site: &Site, s: &'a str) -> Cow<'a, str> {
    if site.config.markdown.smart_punctuation { crate::markdown::smart::smarten(s) } else { Cow::Borrowed(s) }
}

/// The marking a brief shows, on its pages and in every export and card: its own, or the
/// site's when that is not CLEAR. An unmarked brief on a site whose default is CLEAR shows none.
pub fn shown_marking(site: &Site, b: &Document) -> Option<Tlp> {
    b.publication.tlp.or((site.config.tlp != Tlp::Clear).then_some(site.config.tlp))
}

/// `shown_marking` as templates show it.
fn marking(site: &Site, b: &Document) -> Option<MarkingView> {
    let t = shown_marking(site, b)?;
    let (colour, background) = t.colours();
    Some(MarkingView { name: t.name(), label: t.label(), key: t.key(), colour, background })
}

#[derive(Serialize)]
struct ConfidenceView {
    level: &'static str,
    label: String,
    /// The level's explanation on the site's confidence page.
    url: String,
}

/// A key judgment as the brief shows it.
#[derive(Serialize)]
struct JudgmentView<'a> {
    text: Cow<'a, str>,
    likelihood: Option<LikelihoodView>,
    /// This judgment's own confidence, when it gives one.
    confidence: Option<ConfidenceView>,
}

/// An ICD 203 likelihood as a badge: the term in the brief's word set and its band.
#[derive(Serialize)]
struct LikelihoodView {
    /// `very-likely`, for CSS classes and the anchor on the confidence page.
    key: &'static str,
    /// `Very likely`, or `Highly probable` when written in the alternative set.
    label: String,
    /// `80–95%`.
    band: String,
    /// The scale on the site's confidence page.
    url: String,
}

#[derive(Serialize)]
struct SourceView<'a> {
    n: usize,
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    /// `YYYY-MM-DD`, with the date as the site writes dates beside it.
    date: Option<String>,
    date_display: Option<String>,
    /// The Admiralty grade (`B2`) and what it means ("B: usually reliable; 2: probably true").
    grade: Option<String>,
    grade_meaning: Option<String>,
    /// `official`, `media`, `social`, `imagery`, `human` or `academic`.
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    accessed: Option<String>,
    accessed_display: Option<String>,
    archived: Option<&'a str>,
}

/// A source as templates show it.
fn source_view<'a>(n: usize, s: &'a crate::content::sources::Source, strings: &crate::i18n::Strings) -> SourceView<'a> {
    let fmt = &strings.dates;
    SourceView {
        n,
        title: &s.title,
        url: s.url.as_deref(),
        publisher: s.publisher.as_deref(),
        date: s.date.as_ref().map(|d| d.ymd()),
        date_display: s.date.as_ref().map(|d| d.display(fmt)),
        grade: s.grade(),
        grade_meaning: crate::view::labels::grade_meaning(strings, s),
        kind: s.kind.map(|k| k.key()),
        accessed: s.accessed.as_ref().map(|d| d.ymd()),
        accessed_display: s.accessed.as_ref().map(|d| d.display(fmt)),
        archived: s.archived.as_deref(),
    }
}

/// True when brief `i` has been replaced: by its own `status`, or by a later brief naming it.
pub fn superseded(site: &Site, i: usize) -> bool {
    site.superseded_by[i].is_some()
        || site.briefs[i].analysis.status == Some(crate::content::analysis::Status::Superseded)
}

/// An event as templates show it, on a brief and on timelines.
#[derive(Serialize)]
pub struct EventView<'a> {
    /// Its first day, `YYYY-MM-DD`.
    date: String,
    /// For `<time datetime>`: `2026-02-07`, `2025-11`, `2025` (a quarter as its first month).
    date_iso: String,
    /// In words, with the range: "7–9 February 2026", "Q3 2025", "November 2025 – January 2026".
    date_display: String,
    /// How precisely its start is known: `day`, `month`, `quarter`, `year` or `time`.
    precision: &'static str,
    /// For a range, the end's `<time datetime>`; else null.
    end_iso: Option<String>,
    /// What happened.
    title: &'a str,
    /// Where, when written: one of the brief's regions.
    place: Option<&'a str>,
    /// Who took part, when written: some of the brief's actors.
    actors: &'a [String],
}

/// The view of event `e`, days written with `date_format`.
pub fn event_view<'a>(e: &'a crate::content::events::Event, date_format: &crate::dates::DateStyle) -> EventView<'a> {
    EventView {
        date: e.time.first_day().to_string(),
        date_iso: e.time.html_datetime(),
        date_display: e.time.display(date_format),
        precision: e.time.precision().key(),
        end_iso: e.time.end.as_ref().map(|p| p.html_datetime()),
        title: &e.title,
        place: e.place.as_deref(),
        actors: &e.actors,
    }
}

/// A revision as a brief shows it.
#[derive(Serialize)]
struct RevisionView<'a> {
    date: String,
    date_display: String,
    note: &'a str,
}

/// Each term's view (name, slug, URL), made once and shared by every brief filed under it:
/// template values are reference-counted, and 10,000 briefs name only a few hundred terms, so
/// this saves a map and a URL per term per brief.
pub(crate) struct SharedTerms(Vec<Vec<Value>>);

impl SharedTerms {
    pub(crate) fn new(site: &Site, base_path: &str) -> Self {
        SharedTerms(
            site.taxonomies
                .iter()
                .map(|tax| tax.terms.iter().map(|t| Value::from_serializable(&term_ref(tax, t, base_path))).collect())
                .collect(),
        )
    }

    /// What `Value::from_serializable(&brief_view(.., true))` gives for brief `i`, with the
    /// shared term values.
    pub(crate) fn brief_value(&self, site: &Site, i: usize, base_path: &str) -> Value {
        let view = brief_view(site, &site.briefs[i], superseded(site, i), base_path, false);
        let Some(mut map) = Value::from_serializable(&view).into_map() else { return Value::none() };
        for (tax, shared) in site.taxonomies.iter().zip(&self.0) {
            let key = match tax.kind {
                TaxonomyKind::Region => "regions",
                TaxonomyKind::Actors => "actors",
                TaxonomyKind::Tags => "tags",
            };
            let terms: Vec<Value> = tax.term_ids_of(i).map(|k| shared[k].clone()).collect();
            map.insert(key.into(), Value::from(terms));
        }
        Value::from(map)
    }
}

/// One brief's view as a template value, with a hash of everything in it; `superseded` says
/// whether a later brief replaced it (`superseded`).
pub fn brief_value(site: &Site, b: &Document, superseded: bool) -> (Value, u64) {
    let view = brief_view(site, b, superseded, &site.config.base_path(), true);
    (Value::from_serializable(&view), crate::hashing::value(&view))
}

/// Absolute URL for a root-relative path, from `base_url`.
pub fn permalink(site: &Site, rel: &str) -> String {
    format!("{}{}", site.config.base_url, crate::urls::encode_path(rel))
}

fn reading_time(words: usize, wpm: usize) -> usize {
    words.div_ceil(wpm.max(1)).max(1)
}

fn term_ref<'a>(tax: &Taxonomy, t: &'a Term, base_path: &str) -> TermRef<'a> {
    TermRef { name: &t.name, slug: &t.slug, url: format!("{base_path}{}", crate::urls::encode_path(&tax.term_url(t))) }
}

/// A brief's view; its regions, actors and tags stay empty unless `with_terms` (the caller
/// fills them with shared values instead).
fn brief_view<'a>(
    site: &'a Site,
    b: &'a Document,
    superseded: bool,
    base_path: &str,
    with_terms: bool,
) -> BriefView<'a> {
    let terms = |kind: TaxonomyKind| -> Vec<TermRef<'a>> {
        if !with_terms {
            return Vec::new();
        }
        let tax = site.taxonomy(kind);
        tax.terms_of(b).map(|t| term_ref(tax, t, base_path)).collect()
    };
    let fmt = &site.config.strings.dates;
    let smart = |s: &'a str| display_text(site, s);
    let (date, date_iso, date_display, year) = match &b.date {
        Some(d) => (d.ymd(), d.iso.clone(), d.display(fmt), d.civil.year()),
        None => (String::new(), String::new(), String::new(), 0),
    };
    BriefView {
        title: smart(&b.title),
        url: format!("{base_path}{}", crate::urls::encode_path(&b.url)),
        permalink: permalink(site, &b.url),
        date,
        date_iso,
        date_display,
        year,
        updated: b.updated.as_ref().map(|d| d.ymd()),
        updated_display: b.updated.as_ref().map(|d| d.display(fmt)),
        regions: terms(TaxonomyKind::Region),
        actors: terms(TaxonomyKind::Actors),
        tags: terms(TaxonomyKind::Tags),
        summary: smart(b.summary_text()),
        authors: &b.authors,
        draft: b.draft,
        word_count: b.rendered.word_count,
        reading_time: reading_time(b.rendered.word_count, site.config.words_per_minute),
        extra: &b.extra,
        bluf: b.analysis.bluf.as_deref().map(&smart),
        key_judgments: b.analysis.key_judgments.iter().map(|j| smart(&j.text)).collect(),
        judgments: b.analysis.key_judgments.iter().map(|j| judgment_view(site, j, base_path)).collect(),
        confidence: b.analysis.confidence.map(|c| confidence_view(site, c, base_path)),
        sources: b
            .analysis
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| source_view(i + 1, s, &site.config.strings))
            .collect(),
        status: b.analysis.status.map(|s| s.key()),
        superseded,
        tlp: marking(site, b),
        future: b.date.as_ref().is_some_and(|d| d.instant > site.policy.now),
        events: b.analysis.events.iter().map(|e| event_view(e, fmt)).collect(),
        revisions: b
            .analysis
            .lifecycle
            .revisions
            .iter()
            .map(|r| RevisionView { date: r.date.ymd(), date_display: r.date.display(fmt), note: &r.note })
            .collect(),
        revisit_by: b.analysis.lifecycle.revisit_by.as_ref().map(|d| d.ymd()),
        image: image(site, b),
    }
}

fn confidence_view(site: &Site, c: Confidence, base_path: &str) -> ConfidenceView {
    ConfidenceView {
        level: c.key(),
        label: crate::view::labels::confidence(&site.config.strings, c),
        url: format!("{base_path}{}#{}", Page::Confidence.url(site), c.key()),
    }
}

fn judgment_view<'a>(site: &Site, j: &'a Judgment, base_path: &str) -> JudgmentView<'a> {
    JudgmentView {
        text: display_text(site, &j.text),
        likelihood: j.likelihood.map(|l| LikelihoodView {
            key: l.key(),
            label: crate::view::labels::likelihood(&site.config.strings, l, j.wording.unwrap_or(WordSet::First)),
            band: crate::view::labels::band(&site.config.strings, l),
            url: format!("{base_path}{}#{}", Page::Confidence.url(site), l.key()),
        }),
        confidence: j.confidence.map(|c| confidence_view(site, c, base_path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_term_views_equal_serialised_ones() {
        let mut a = crate::model::taxonomy::tests::brief("a", &["Gulf", "Levant"]);
        a.actors = vec!["Iran".into(), "Oman".into()];
        a.tags = vec!["talks".into()];
        let site =
            Site::assemble(crate::config::SiteConfig::default(), vec![a], &crate::model::publish::Policy::default()).0;
        let shared = SharedTerms::new(&site, "/x/");
        let b = &site.briefs[0];
        let plain = Value::from_serializable(&brief_view(&site, b, false, "/x/", true));
        assert_eq!(shared.brief_value(&site, 0, "/x/"), plain);
        let map = plain.as_map().unwrap();
        let actors = map.iter().find(|(k, _)| k.as_str() == Some("actors")).and_then(|(_, v)| v.as_array());
        assert_eq!(actors.map(|v| v.len()), Some(2));
    }
}
