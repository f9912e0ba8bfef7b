//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>): `/feed.json` and one per term beside its
//! Atom feed. A JSON Feed lists exactly what its Atom feed lists (`FeedOf::entries`), with the
//! same title, dates, authors and terms (`feed`), so the two cannot disagree. Each item carries
//! its brief's record (`view::record`, as in `briefs.json`) under the `_dossier` extension.

use serde::Serialize;

use crate::model::pages::{FeedOf, Page, SchemaDoc};
use crate::model::site::Site;
use crate::render::feed;
use crate::view::Views;

/// The version URL every JSON Feed 1.1 document starts with.
pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Top<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    authors: Vec<Author<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    date_modified: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    language: &'a str,
}

/// The whole feed. Term feeds take their items from `views`, which makes each brief's item
/// once: a brief is listed in the feed of every term it is filed under.
pub fn render(site: &Site, views: &Views, of: FeedOf) -> Vec<u8> {
    let c = &site.config;
    let (title, page) = feed::title_and_page(site, of);
    // JSON Feed wants an author on the feed or on every item; the site's stands in.
    let authors = match c.authors.is_empty() {
        true => vec![Author { name: &c.title }],
        false => c.authors.iter().map(|a| Author { name: a }).collect(),
    };
    let top = Top {
        version: VERSION,
        title: &title,
        home_page_url: format!("{}{page}", c.base_url),
        feed_url: format!("{}{}", c.base_url, of.json_page().url(site)),
        description: &c.description,
        language: &c.language,
        authors,
    };
    let mut v = serde_json::to_vec(&top).expect("JSON of strings");
    v.pop(); // the closing brace: the items follow
    v.extend_from_slice(b",\"items\":[");
    let origin = feed::origin(&c.base_url);
    let (full, record) = (of.full_text(c), of.records(c));
    for (n, &i) in of.entries(site).iter().enumerate() {
        if n > 0 {
            v.push(b',');
        }
        let make = || item(site, views, i, origin, full, record);
        match of {
            FeedOf::Site => v.extend_from_slice(&make()),
            FeedOf::Term(..) => v.extend_from_slice(views.term_json_item(i, make)),
        }
    }
    v.extend_from_slice(b"]}\n");
    v
}

/// Brief `i`'s item: its full text as HTML when the feed carries it, else its summary as text
/// (its title when it has none: an item must have content), and, when the feed carries records,
/// its record under `_dossier`.
fn item(site: &Site, views: &Views, i: usize, origin: Option<&str>, full: bool, record: bool) -> Vec<u8> {
    let c = &site.config;
    let b = &site.briefs[i];
    let link = format!("{}{}", c.base_url, b.url);
    let summary = b.summary_text();
    let content_html = full.then(|| views.brief_html(site, i, |h| feed::absolutize(h, origin)));
    let item = Item {
        id: &link,
        url: &link,
        title: &b.title,
        content_text: content_html.is_none().then_some(if summary.is_empty() { &b.title } else { summary }),
        content_html,
        summary,
        date_published: b.date.as_ref().map(|d| d.iso.as_str()),
        date_modified: feed::updated(b),
        authors: b.authors.iter().map(|a| Author { name: a }).collect(),
        tags: feed::categories(site, i).map(|(_, t)| t.name.as_str()).collect(),
        language: &c.language,
    };
    let mut v = serde_json::to_vec(&item).expect("JSON of strings");
    if !record {
        return v;
    }
    v.pop(); // the closing brace: the extension follows
    let about = format!("{}{}#/$defs/brief", c.base_url, Page::Schema(SchemaDoc::Brief).url(site));
    v.extend_from_slice(b",\"_dossier\":{\"about\":");
    v.extend_from_slice(&serde_json::to_vec(&about).expect("JSON of a string"));
    v.extend_from_slice(b",\"brief\":");
    v.extend_from_slice(&views.records[i]);
    v.extend_from_slice(b"}}");
    v
}
