//! Pages and formats: every output page as bytes. Templates (`templates`, Tera with the theme's
//! fallback) render the HTML pages from each page's context (`context`, with the timeline's
//! data in `timeline`, its chart in `svg` and a brief's JSON-LD in `json_ld`); the formats are
//! written in code: Atom feeds (`feed`) and JSON Feeds (`jsonfeed`), the sitemap and robots.txt
//! (`sitemap`), the data exports (`briefs_json` for `briefs.json`, each brief's `index.json` and
//! `briefs.ndjson`; `csv`; their JSON Schemas in `schema`; STIX 2.1 bundles in `stix`) and the
//! search index (`search`); calendars (`ics`) and social cards (`card`) too. HTML templates are
//! compiled without their indentation (`compact`). The actor graph's
//! SVG and its template values are drawn in `graph`.

pub mod briefs_json;
pub mod card;
pub mod compact;
pub mod context;
pub mod csv;
pub mod feed;
pub mod graph;
pub mod ics;
pub mod json_ld;
pub mod jsonfeed;
pub mod page_keys;
pub mod schema;
pub mod search;
pub mod sitemap;
pub mod stix;
pub mod svg;
pub mod templates;
pub mod timeline;

pub use templates::Templates;

use crate::artifact::Contents;
use crate::model::pages::FeedOf;
use crate::model::{Page, Site};
use crate::view::Views;

/// A redirect to `to` from a path it was once published at: a page that sends browsers on at
/// once, names the brief's address as canonical for search engines, and links to it for anyone
/// whose browser does not follow.
fn redirect(site: &Site, to: &crate::content::Document) -> String {
    let url = crate::escape::html(&format!("{}{}", site.config.base_path(), crate::urls::encode_path(&to.url)));
    let canonical = crate::escape::html(&crate::view::permalink(site, &to.url));
    let title = crate::escape::html(&to.title);
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This brief has moved to <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n",
        crate::escape::html(&site.config.language)
    )
}

/// The contents of a page that is generated in code rather than from a template.
pub fn generate(site: &Site, views: &Views, page: Page) -> Contents {
    match page {
        Page::BriefsJson => Contents::Pieces(briefs_json::assemble_pieces(site, &views.records)),
        Page::BriefsNdjson => Contents::Pieces(briefs_json::ndjson_pieces(&views.records)),
        Page::BriefsCsv => {
            let mut out = crate::artifact::Chunks::new();
            csv::write(views.records.iter().map(|r| &r[..]), &mut out);
            out.finish()
        }
        Page::StixBundle => stix::site_bundle(site),
        other => Contents::Bytes(generate_bytes(site, views, other)),
    }
}

/// `generate`, for the pages made in one buffer.
fn generate_bytes(site: &Site, views: &Views, page: Page) -> Vec<u8> {
    match page {
        Page::SiteFeed => feed::render(site, views, FeedOf::Site).into_bytes(),
        Page::TermFeed(k, ti) => feed::render(site, views, FeedOf::Term(k, ti)).into_bytes(),
        Page::Sitemap(part) => sitemap::render(site, part).into_bytes(),
        Page::Robots => sitemap::robots(site).into_bytes(),
        Page::SiteJsonFeed => jsonfeed::render(site, views, FeedOf::Site),
        Page::TermJsonFeed(k, ti) => jsonfeed::render(site, views, FeedOf::Term(k, ti)),
        Page::BriefJson(i) => briefs_json::index(&views.records[i]),
        Page::Schema(which) => schema::render(site, which),
        Page::BriefStix(i) => stix::brief_bundle(site, i),
        Page::Alias(i, _) => redirect(site, &site.briefs[i]).into_bytes(),
        Page::PageAlias(i, _) => redirect(site, &site.pages[i]).into_bytes(),
        Page::Calendar => {
            let events = crate::model::inputs::calendar_events(site, None);
            ics::render(site, &site.config.title, &events).into_bytes()
        }
        Page::TermCalendar(k, ti) => {
            let events = crate::model::inputs::calendar_events(site, Some((k, ti)));
            let name = format!("{}: {}", site.config.title, site.taxonomy(k).terms[ti].name);
            ics::render(site, &name, &events).into_bytes()
        }
        other => unreachable!("{other:?} is rendered from a template"),
    }
}
