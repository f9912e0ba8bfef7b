//! The site's configuration, `site.yaml`, read into a `SiteConfig`.
//!
//! Vocabulary used across this folder:
//! - a *key* is one `name: value` line of site.yaml; a *block* is a key whose value is a map of
//!   its own keys (`markdown:`, `feeds:`, `style:`, `aliases:`);
//! - every key has a *default*, which `SiteConfig::default` holds: a missing key, or one whose
//!   value is refused, leaves its default in place;
//! - every problem found is a *diagnostic*: an error for a value that cannot be used, a warning
//!   for one that can (an unknown key, with "did you mean"; a hard-to-read colour);
//! - a *static path* is a file named by the config (the `style:` block's logo and stylesheets),
//!   written relative to the site's `static/` folder.
//!
//! `parse` reads the text alone; `parse_in` also checks the static paths against the site
//! folder; `load` reads the file from disk. The parts:
//! - `parse`: reading and validating each key of site.yaml;
//! - `style`: the `style:` block's colours and stylesheet list;
//! - `static_files`: static paths, checked, and their URLs;
//! - `regions`: the `regions:` block, the region hierarchy;
//! - `names`: which file and folder names belong to a site at all;
//! - `load`: site.yaml read from a site folder, with `--base-url` applied.

pub mod languages;
mod load;
mod names;
mod parse;
mod regions;
mod static_files;
mod style;

pub use load::load;
pub use names::{is_folder_name, is_ignored_name};
pub use parse::{parse, parse_in};
pub use regions::RegionTree;
pub use static_files::static_url;

use serde_json::{Map, Value};

/// Markdown rendering options (`markdown:` in site.yaml).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// syntect theme for light mode.
    pub highlight_theme: String,
    /// syntect theme for `prefers-color-scheme: dark`.
    pub highlight_theme_dark: String,
    /// A brief with at least this many headings shows its table of contents.
    pub toc_min_headings: usize,
    /// Keep raw HTML in Markdown (authors are trusted); when false it is shown as text.
    pub unsafe_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_theme: crate::markdown::highlight::DEFAULT_THEMES.0.into(),
            highlight_theme_dark: crate::markdown::highlight::DEFAULT_THEMES.1.into(),
            toc_min_headings: 3,
            unsafe_html: true,
        }
    }
}

/// Atom feed options (`feeds:` in site.yaml).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeedsConfig {
    /// Entries per feed, newest first (0: every brief).
    pub limit: usize,
    /// Put each brief's full HTML in the site feed's entries, not only the summary.
    pub full_content: bool,
    /// The same for the feeds of regions, actors and tags. Off by default: a brief appears in
    /// up to a dozen term feeds, and a full copy in each makes the term feeds a large share of
    /// a big site's output.
    pub terms_full_content: bool,
    /// Carry each brief's record (`_dossier.brief`) in the items of the terms' JSON Feeds, as
    /// the site's JSON Feed always does. Off by default for the same reason as
    /// `terms_full_content`: the record is already in `briefs.json`.
    pub terms_records: bool,
    /// Write a feed for every region, actor and tag, not only the site's.
    pub terms: bool,
    /// Write a JSON Feed beside each term's Atom feed (with `terms`). It lists the Atom feed's
    /// entries again, so a site that wants lean output can turn it off; the site's own JSON
    /// Feed is always written.
    pub terms_json: bool,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            limit: 20,
            full_content: true,
            terms_full_content: false,
            terms_records: false,
            terms: true,
            terms_json: true,
        }
    }
}

/// Data exports (`exports:` in site.yaml). `briefs.json`, `briefs.csv` and `stix/bundle.json`
/// are always written and hold every brief; `briefs.ndjson`, the same records one a line for
/// pipelines, is written unless turned off. A copy of each brief's record or bundle beside its
/// page is opt-in, since on a large site those files are as many as the pages and a tenth of the
/// output.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExportsConfig {
    /// Write each brief's record as `index.json` beside its page.
    pub brief_json: bool,
    /// Write each brief's STIX 2.1 bundle as `stix.json` beside its page.
    pub brief_stix: bool,
    /// Write `briefs.ndjson`: every record of `briefs.json` again, one a line, for pipelines.
    pub ndjson: bool,
}

impl Default for ExportsConfig {
    fn default() -> Self {
        ExportsConfig { brief_json: false, brief_stix: false, ndjson: true }
    }
}

/// The actor graph (`graph:` in site.yaml): a network of co-occurring actors on each actor's
/// page and on a site-wide page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GraphConfig {
    /// Draw the graphs at all (the site-wide page and each actor page's network).
    pub enabled: bool,
    /// The most actors an actor page's network shows around it: its strongest ties.
    pub neighbours: usize,
    /// The most actors the site-wide graph shows: those in the most briefs.
    pub max_nodes: usize,
}

impl GraphConfig {
    /// The bounds `neighbours` is kept within: past them a network is no longer legible.
    pub const NEIGHBOURS: std::ops::RangeInclusive<usize> = 1..=30;
    /// The bounds `max_nodes` is kept within.
    pub const MAX_NODES: std::ops::RangeInclusive<usize> = 2..=150;
}

impl Default for GraphConfig {
    fn default() -> Self {
        GraphConfig { enabled: true, neighbours: 12, max_nodes: 40 }
    }
}

/// Re-theming without a theme of one's own (`style:` in site.yaml). Colours are kept as
/// `#rrggbb` whatever form they were written in; paths are relative to the site's `static/`,
/// `/`-separated, already checked to stay inside it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StyleConfig {
    /// The accent colour in the light scheme; `None` keeps the theme's.
    pub accent: Option<String>,
    /// The accent in the dark scheme. When only `accent` is given, it is `accent` made just
    /// light enough to read on the dark background (see `theme::Scheme::readable`).
    pub accent_dark: Option<String>,
    /// A logo shown in the header in place of the title (`img/logo.svg`).
    pub logo: Option<String>,
    /// Stylesheets linked after the theme's, in order (`extra.css`).
    pub css: Vec<String>,
}

/// The site's configuration, with every default filled in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteConfig {
    /// Site title, shown in every page header.
    pub title: String,
    /// One-sentence description for the home page and meta tags.
    pub description: String,
    /// Absolute URL the site is published at, ending in `/` (may include a subpath).
    pub base_url: String,
    /// The language of this configuration's pages (`<html lang>`): the default language, or the
    /// one `for_language` made it for.
    pub language: String,
    /// Every language the site publishes in, the default first (`languages:`); one when the
    /// site names none.
    pub languages: Vec<languages::Language>,
    /// Where this language's pages go under the site's root: empty for the default language,
    /// `ar/` for another.
    pub language_prefix: String,
    /// The interface strings of `language`, with how it writes dates and numbers.
    #[serde(skip)]
    pub strings: std::sync::Arc<crate::i18n::Strings>,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Site-wide authors (from `author` and/or `authors`).
    pub authors: Vec<String>,
    /// IANA time zone in which dates without a time are taken.
    pub timezone: String,
    /// strftime format for human-readable dates.
    pub date_format: String,
    /// Reading speed used for reading time.
    pub words_per_minute: usize,
    /// Briefs per page on the home, term and timeline pages (0: everything on one page).
    pub paginate_by: usize,
    /// The most names one brief may list under each of `region`, `actors` and `tags`.
    pub max_terms_per_brief: usize,
    /// Follow symbolic links in content/ and static/ that lead out of the site (off: such a
    /// link is not published, with a warning).
    pub follow_symlinks_outside: bool,
    /// Draw a social card (`og:image`) for each brief that names no `image`.
    pub social_cards: bool,
    /// Compile HTML templates without their indentation (`render::compact`).
    pub compact_html: bool,
    /// Write each region's and actor's month-by-month timeline (`Page::TermTimeline`). On by
    /// default; on a site whose briefs name few events these pages list the term's briefs a
    /// second time, so a site that wants lean output can turn them off.
    pub term_timelines: bool,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Atom feed options.
    pub feeds: FeedsConfig,
    /// Which per-brief data exports are written.
    pub exports: ExportsConfig,
    /// The actor graph's options.
    pub graph: GraphConfig,
    /// Accent colours, logo and extra stylesheets.
    pub style: StyleConfig,
    /// Term aliases: canonical name → other spellings filed under it (`United States: [USA, U.S.]`).
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// The region hierarchy (`regions:`): each region placed under another, with its parent,
    /// by canonical name (aliases resolved).
    pub regions: RegionTree,
    /// The marking of a document that names none (`tlp:`; CLEAR unless set).
    pub tlp: crate::marking::Tlp,
    /// Named audiences, each with the most restricted marking a build for it may publish
    /// (`audiences: {public: CLEAR, partners: AMBER}`), for `--audience NAME`.
    pub audiences: std::collections::BTreeMap<String, crate::marking::Tlp>,
    /// Front matter keys of other generators read as dossier's (`lastmod: updated`), over the
    /// built-in ones (`content::front_matter::KEY_ALIASES`); an empty name turns one off.
    pub key_aliases: std::collections::BTreeMap<String, String>,
    /// Free map passed to templates as `site.extra`.
    pub extra: Map<String, Value>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefs".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            languages: vec![languages::Language::named("en")],
            language_prefix: String::new(),
            strings: languages::english(),
            theme: "default".into(),
            authors: Vec::new(),
            timezone: "UTC".into(),
            date_format: "%-d %B %Y".into(),
            words_per_minute: 230,
            paginate_by: 30,
            max_terms_per_brief: 1000,
            follow_symlinks_outside: false,
            social_cards: false,
            compact_html: true,
            term_timelines: true,
            markdown: MarkdownConfig::default(),
            feeds: FeedsConfig::default(),
            exports: ExportsConfig::default(),
            graph: GraphConfig::default(),
            style: StyleConfig::default(),
            aliases: Default::default(),
            regions: RegionTree::default(),
            tlp: crate::marking::Tlp::Clear,
            audiences: std::collections::BTreeMap::new(),
            key_aliases: std::collections::BTreeMap::new(),
            extra: Map::new(),
        }
    }
}

impl SiteConfig {
    /// The path part of `base_url`, always starting and ending with `/` (`/analysis/`).
    pub fn base_path(&self) -> String {
        let after_scheme = match self.base_url.find("://") {
            Some(i) => &self.base_url[i + 3..],
            None => return ensure_slashes(&self.base_url),
        };
        match after_scheme.find('/') {
            Some(i) => ensure_slashes(&after_scheme[i..]),
            None => "/".into(),
        }
    }

    /// Replace `base_url` (from `--base-url`), normalising the trailing slash.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = normalise_base_url(url);
    }

    /// The folder a language's pages go under: empty for the default language (the first of
    /// `languages`), `ar/` for Arabic.
    pub fn prefix_of(&self, code: &str) -> String {
        match self.languages.first() {
            Some(d) if d.code != code => format!("{}/", code.to_ascii_lowercase()),
            _ => String::new(),
        }
    }

    /// The base path of the whole site, every language's pages under it (`/analysis/` when
    /// this configuration's own base path is `/analysis/ar/`).
    pub fn root_base_path(&self) -> String {
        let base = self.base_path();
        base.strip_suffix(&self.language_prefix).unwrap_or(&base).to_string()
    }

    /// This configuration for the site's language `code`: its strings, title, description and
    /// term names, its pages under its prefix (`/ar/`), and the other names of its terms read as
    /// aliases of the names they translate. `None` when the site has no such language.
    pub fn for_language(&self, code: &str) -> Option<SiteConfig> {
        let lang = self.languages.iter().find(|l| l.code == code)?;
        let mut cfg = self.clone();
        cfg.language = lang.code.clone();
        cfg.strings = lang.strings.clone();
        if let Some(t) = &lang.title {
            cfg.title = t.clone();
        }
        if let Some(d) = &lang.description {
            cfg.description = d.clone();
        }
        cfg.language_prefix = self.prefix_of(code);
        let base = format!("{}{}", self.base_url, cfg.language_prefix);
        cfg.set_base_url(&base);
        for (name, translated) in &lang.terms {
            let canonical = self.canonical_name(name);
            let spellings = cfg.aliases.entry(canonical).or_default();
            if !spellings.contains(translated) {
                spellings.push(translated.clone());
            }
        }
        Some(cfg)
    }

    /// The name `name` is filed under: its canonical name when it is one of `aliases`' other
    /// spellings.
    fn canonical_name(&self, name: &str) -> String {
        self.aliases
            .iter()
            .find(|(_, others)| others.iter().any(|o| o == name))
            .map_or_else(|| name.to_string(), |(c, _)| c.clone())
    }

    /// The name this configuration's language shows term `name` by.
    pub fn term_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.languages
            .iter()
            .find(|l| l.code == self.language)
            .and_then(|l| l.terms.get(name))
            .map_or(name, String::as_str)
    }

    /// The configured time zone (validated at parse time, so this falls back only on a bug).
    pub fn tz(&self) -> jiff::tz::TimeZone {
        zone(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

/// The IANA time zone `name`, if there is one. UTC, the default, needs no look-up: the first
/// look-up reads the system's zone database, and every other thread of a build waits for it.
fn zone(name: &str) -> Option<jiff::tz::TimeZone> {
    if name == "UTC" {
        return Some(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::TimeZone::get(name).ok()
}

/// `p` between single slashes (`analysis` → `/analysis/`; empty → `/`).
fn ensure_slashes(p: &str) -> String {
    let mut s = String::from("/");
    s.push_str(p.trim_matches('/'));
    if s.len() > 1 {
        s.push('/');
    }
    s
}

/// A base URL as kept: trimmed, ending in `/` (empty → `/`).
fn normalise_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        return "/".into();
    }
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Diagnostic;

    fn p(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn defaults_fill_missing_keys() {
        let (c, d) = p("title: Briefs\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.base_path(), "/");
        assert!(c.markdown.smart_punctuation);
        assert_eq!(c.timezone, "UTC");
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let (c, _) = p("title: x\nbase_url: https://example.org/analysis\n");
        assert_eq!(c.base_url, "https://example.org/analysis/");
        assert_eq!(c.base_path(), "/analysis/");
        let (c, _) = p("title: x\nbase_url: https://example.org\n");
        assert_eq!(c.base_path(), "/");
    }
}
