//! The variables every template sees, whatever the page: the site (`site`), the navigation
//! (`nav`, `pages_nav`) and the generator.

use serde::Serialize;
use serde_json::{Map, Value as Json};
use tera::Value;

use crate::model::{Page, Site, TaxonomyKind};

/// The generator string shown in pages.
pub const GENERATOR: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

/// The global that says whether HTML pages are written without their indentation
/// (site.yaml's `compact_html`): templates may read it, and `render::Templates` acts on it.
pub const COMPACT_HTML: &str = "compact_html";

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: String,
    language: &'a str,
    /// `ltr` or `rtl`, from the language: the `dir` of every page.
    dir: &'static str,
    authors: &'a [String],
    extra: &'a Map<String, Json>,
    style: StyleView<'a>,
}

/// site.yaml's `style:` as templates use it: colours as `#rrggbb` (or null), the logo and
/// stylesheets as URLs.
#[derive(Serialize)]
struct StyleView<'a> {
    accent: Option<&'a str>,
    accent_dark: Option<&'a str>,
    logo: Option<String>,
    css: Vec<String>,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    regions: String,
    actors: String,
    tags: String,
    timeline: String,
    search: String,
    feed: String,
    sources: String,
    calendar: String,
    json_feed: String,
    /// The site-wide actor graph, when graphs are on.
    actor_graph: Option<String>,
    /// The data exports: `briefs.json`, `briefs.csv`, `briefs.ndjson` (null unless
    /// `exports.ndjson` is on).
    data: DataLinks,
}

#[derive(Serialize)]
struct DataLinks {
    json: String,
    csv: String,
    ndjson: Option<String>,
    schema: String,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

/// Variables every template sees: `site`, `nav`, `pages_nav`, `generator`, `compact_html`.
pub fn globals(site: &Site) -> Vec<(&'static str, Value)> {
    let c = &site.config;
    let bp = c.base_path();
    let view = SiteView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: bp.clone(),
        language: &c.language,
        dir: crate::lang::direction(&c.language).attr(),
        authors: &c.authors,
        extra: &c.extra,
        style: StyleView {
            accent: c.style.accent.as_deref(),
            accent_dark: c.style.accent_dark.as_deref(),
            logo: c.style.logo.as_deref().map(|l| crate::config::static_url(&bp, l)),
            css: c.style.css.iter().map(|s| crate::config::static_url(&bp, s)).collect(),
        },
    };
    // Every built-in page is named by its `Page`, whose URL is written in one place.
    let url = |p: Page| format!("{bp}{}", p.url(site));
    let nav = Nav {
        home: bp.clone(),
        regions: url(Page::TaxonomyIndex(TaxonomyKind::Region)),
        actors: url(Page::TaxonomyIndex(TaxonomyKind::Actors)),
        tags: url(Page::TaxonomyIndex(TaxonomyKind::Tags)),
        timeline: url(Page::Timeline(1)),
        search: url(Page::Search),
        feed: url(Page::SiteFeed),
        sources: url(Page::Sources),
        calendar: url(Page::Calendar),
        json_feed: url(Page::SiteJsonFeed),
        data: DataLinks {
            json: url(Page::BriefsJson),
            csv: url(Page::BriefsCsv),
            ndjson: c.exports.ndjson.then(|| url(Page::BriefsNdjson)),
            schema: url(Page::Schema(crate::model::pages::SchemaDoc::Briefs)),
        },
        actor_graph: c.graph.enabled.then(|| url(Page::ActorGraph)),
    };
    let pages: Vec<Link> = site.pages.iter().map(|p| Link { title: &p.title, url: format!("{bp}{}", p.url) }).collect();
    vec![
        ("site", Value::from_serializable(&view)),
        ("nav", Value::from_serializable(&nav)),
        ("pages_nav", Value::from_serializable(&pages)),
        ("generator", Value::from(GENERATOR)),
        (COMPACT_HTML, Value::from(c.compact_html)),
    ]
}
