//! schema.org metadata (JSON-LD) of a brief page.

use serde::Serialize;

use crate::model::{Site, TaxonomyKind};
use crate::view::permalink;

/// schema.org metadata for a brief page, as JSON ready to sit inside `<script
/// type="application/ld+json">` (`<`, `>` and `&` escaped so no text can close the element).
pub fn json_ld(site: &Site, i: usize) -> String {
    /// One named thing: an author, a place, a subject.
    #[derive(Serialize)]
    struct Named<'a> {
        #[serde(rename = "@type")]
        kind: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a str>,
    }
    /// Written straight from borrowed fields, in schema.org's usual order: a brief page is
    /// rendered thousands of times, and a `serde_json::Value` tree allocates for every key.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Article<'a> {
        #[serde(rename = "@context")]
        context: &'a str,
        #[serde(rename = "@type")]
        kind: &'a str,
        headline: &'a str,
        url: &'a str,
        main_entity_of_page: &'a str,
        author: Vec<Named<'a>>,
        publisher: Named<'a>,
        in_language: &'a str,
        word_count: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        date_published: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        date_modified: Option<&'a str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        description: &'a str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        content_location: Vec<Named<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        about: Vec<Named<'a>>,
        #[serde(skip_serializing_if = "String::is_empty")]
        keywords: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        image: Option<String>,
    }
    let c = &site.config;
    let b = &site.briefs[i];
    let named = |kind: TaxonomyKind, as_type: &'static str| -> Vec<Named<'_>> {
        site.terms_of_brief(kind, i).map(|t| Named { kind: as_type, name: &t.name, url: None }).collect()
    };
    let org = || Named { kind: "Organization", name: &c.title, url: Some(&c.base_url) };
    let permalink = permalink(site, &b.url);
    let article = Article {
        context: "https://schema.org",
        kind: "AnalysisNewsArticle",
        headline: &b.title,
        url: &permalink,
        main_entity_of_page: &permalink,
        author: if b.authors.is_empty() {
            vec![org()]
        } else {
            b.authors.iter().map(|n| Named { kind: "Person", name: n, url: None }).collect()
        },
        publisher: org(),
        in_language: &c.language,
        word_count: b.rendered.word_count,
        date_published: b.date.as_ref().map(|d| d.iso.as_str()),
        date_modified: b.changed().map(|d| d.iso.as_str()),
        description: b.summary_text(),
        content_location: named(TaxonomyKind::Region, "Place"),
        about: named(TaxonomyKind::Actors, "Thing"),
        keywords: site.terms_of_brief(TaxonomyKind::Tags, i).map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
        image: crate::view::brief::social_image_url(site, b),
    };
    let text = serde_json::to_string(&article).expect("JSON of strings");
    crate::escape::json_in_script(&text)
}
