//! The other languages a page exists in, for the language switcher and the `hreflang`
//! alternates of its head and of the sitemap. A brief or standalone page has the translations
//! published under its translation key; the pages every language has (home, timeline, search,
//! sources, the confidence page, the taxonomy overviews, the actor graph) have their
//! counterpart at the same path under each language's prefix. Other pages have none: a term or
//! a later page of a list may not exist in another language, and a switcher must never lead
//! to a missing page.

use serde::Serialize;

use crate::model::{Page, Site};

/// One language version of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternate {
    /// The language's code (`ar`), for `hreflang` and `lang`.
    pub lang: String,
    /// The language's name in itself (`العربية`).
    pub name: String,
    /// Its path from the server's root (`/ar/briefs/muscat-talks/`).
    pub url: String,
    /// Its absolute URL, for `hreflang` alternates.
    pub href: String,
    /// True for this page's own language.
    pub current: bool,
    /// True for the site's default language (`hreflang="x-default"`).
    pub default: bool,
}

/// Every language version of `page`, this one included, in the order of `languages`; empty
/// when the page has no other.
pub fn alternates(site: &Site, page: Page) -> Vec<Alternate> {
    let cfg = &site.config;
    if cfg.languages.len() < 2 {
        return Vec::new();
    }
    let key = match page {
        Page::Brief(i) => Some(&site.briefs[i].translation_key),
        Page::Standalone(i) => Some(&site.pages[i].translation_key),
        _ => None,
    };
    let versions: Vec<(String, String)> = match key {
        Some(k) => match site.translations.get(k) {
            Some(ts) => ts.iter().map(|t| (t.lang.clone(), t.url.clone())).collect(),
            None => return Vec::new(),
        },
        None if shared_by_every_language(page) => {
            let rel = page.url(site);
            let root = cfg.root_base_path();
            cfg.languages.iter().map(|l| (l.code.clone(), format!("{root}{}{rel}", cfg.prefix_of(&l.code)))).collect()
        }
        None => return Vec::new(),
    };
    let host = host(&cfg.base_url, &cfg.base_path());
    versions
        .into_iter()
        .map(|(lang, url)| {
            let l = cfg.languages.iter().find(|l| l.code == lang);
            Alternate {
                name: l.map_or_else(|| lang.clone(), |l| l.name.clone()),
                href: format!("{host}{}", crate::urls::encode_path(&url)),
                current: lang == cfg.language,
                default: cfg.languages.first().is_some_and(|d| d.code == lang),
                lang,
                url: crate::urls::encode_path(&url),
            }
        })
        .collect()
}

/// Pages every language of a site has, at the same path under its prefix.
fn shared_by_every_language(page: Page) -> bool {
    matches!(
        page,
        Page::Home(1)
            | Page::Timeline(1)
            | Page::TaxonomyIndex(_)
            | Page::Search
            | Page::Sources
            | Page::Confidence
            | Page::ActorGraph
    )
}

/// The scheme and host of `base_url` (`https://example.org`), or nothing for a base URL that
/// is only a path.
fn host<'a>(base_url: &'a str, base_path: &str) -> &'a str {
    base_url.strip_suffix(base_path).unwrap_or("")
}
