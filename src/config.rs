//! `site.yaml` → `SiteConfig`: defaults, validation and "did you mean" for unknown keys.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::yaml;

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
    /// up to a dozen term feeds, and full copies made them a fifth of a large site's output.
    pub terms_full_content: bool,
    /// Write a feed for every region, actor and tag, not only the site's.
    pub terms: bool,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig { limit: 20, full_content: true, terms_full_content: false, terms: true }
    }
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
    /// Language code for `<html lang>`.
    pub language: String,
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
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Atom feed options.
    pub feeds: FeedsConfig,
    /// Term aliases: canonical name → other spellings filed under it (`United States: [USA, U.S.]`).
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
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
            theme: "default".into(),
            authors: Vec::new(),
            timezone: "UTC".into(),
            date_format: "%-d %B %Y".into(),
            words_per_minute: 230,
            paginate_by: 30,
            markdown: MarkdownConfig::default(),
            feeds: FeedsConfig::default(),
            aliases: Default::default(),
            extra: Map::new(),
        }
    }
}

const KNOWN: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "author",
    "authors",
    "timezone",
    "date_format",
    "words_per_minute",
    "paginate_by",
    "markdown",
    "feeds",
    "aliases",
    "extra",
];
const KNOWN_FEEDS: &[&str] = &["limit", "full_content", "terms_full_content", "terms"];
const KNOWN_MARKDOWN: &[&str] =
    &["smart_punctuation", "highlight_theme", "highlight_theme_dark", "toc_min_headings", "unsafe_html"];

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

    /// The configured time zone (validated at parse time, so this falls back only on a bug).
    pub fn tz(&self) -> jiff::tz::TimeZone {
        zone(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

/// The IANA time zone `name`, if there is one. UTC, the default, needs no look-up: the first
/// look-up reads the system's zone database, a few milliseconds that every other thread of a
/// build waits for.
fn zone(name: &str) -> Option<jiff::tz::TimeZone> {
    if name == "UTC" {
        return Some(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::TimeZone::get(name).ok()
}

fn ensure_slashes(p: &str) -> String {
    let mut s = String::from("/");
    s.push_str(p.trim_matches('/'));
    if s.len() > 1 {
        s.push('/');
    }
    s
}

fn normalise_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        return "/".into();
    }
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

/// Parse `site.yaml`'s text. `path` is used only to name the file in diagnostics. Returns the
/// config (defaults where a key was bad) and every problem found.
pub fn parse(text: &str, path: &Path) -> (SiteConfig, Vec<Diagnostic>) {
    let mut cfg = SiteConfig::default();
    let map = match yaml::parse_map(text) {
        Ok(m) => m,
        Err(e) => {
            let d = Diagnostic::error(format!("site.yaml is not valid YAML: {}", e.message))
                .at(path)
                .span_in(text, e.line, e.column)
                .hint("site.yaml holds `key: value` lines, such as `title: My briefs`");
            return (cfg, vec![d]);
        }
    };
    let mut f = Fields::new(map, text, text, 0, path);
    let mut diags = Vec::new();
    match f.take::<String>("title", "a string") {
        Some(t) if !t.trim().is_empty() => cfg.title = t,
        Some(_) => {
            diags.push(f.error_at("title", "`title` is empty").hint("give the site a name: `title: Gulf Briefs`"))
        }
        None if !f.has("title") => diags.push(
            Diagnostic::error("site.yaml has no `title`").at(path).hint("add a line such as `title: Gulf Briefs`"),
        ),
        None => {}
    }
    if let Some(v) = f.take("description", "a string") {
        cfg.description = v;
    }
    if let Some(v) = f.take::<String>("base_url", "a URL such as \"https://example.org/analysis/\"") {
        if v.starts_with("http://") || v.starts_with("https://") || v.starts_with('/') {
            cfg.set_base_url(&v);
        } else {
            diags.push(
                f.error_at("base_url", format!("`base_url` must be an absolute URL, found \"{v}\""))
                    .hint("write it with its scheme: `base_url: https://example.org/analysis/`"),
            );
        }
    }
    if let Some(v) = f.take("language", "a language code such as \"en\"") {
        cfg.language = v;
    }
    if let Some(v) = f.take::<String>("theme", "a theme folder name") {
        cfg.theme = v;
    }
    if let Some(a) = f.take::<String>("author", "a name") {
        cfg.authors.push(a);
    }
    if let Some(list) = f.take_list("authors") {
        cfg.authors.extend(list);
    }
    if let Some(tz) = f.take::<String>("timezone", "an IANA time zone name such as \"Asia/Muscat\"") {
        if zone(&tz).is_some() {
            cfg.timezone = tz;
        } else {
            diags.push(
                f.error_at("timezone", format!("unknown time zone \"{tz}\""))
                    .hint("use an IANA name such as `UTC`, `Europe/London` or `Asia/Muscat`"),
            );
        }
    }
    if let Some(v) = f.take::<String>("date_format", "a strftime format such as \"%-d %B %Y\"") {
        let probe = jiff::civil::date(2026, 2, 7);
        if jiff::fmt::strtime::format(&v, probe).is_ok() {
            cfg.date_format = v;
        } else {
            diags.push(
                f.error_at("date_format", format!("`date_format` \"{v}\" is not a valid strftime format"))
                    .hint("for example `%-d %B %Y` (7 February 2026) or `%Y-%m-%d`"),
            );
        }
    }
    if let Some(v) = f.take::<usize>("words_per_minute", "a positive whole number") {
        cfg.words_per_minute = v.max(1);
    }
    if let Some(v) = f.take::<usize>("paginate_by", "a whole number (0 for no pagination)") {
        cfg.paginate_by = v;
    }
    if let Some(v) = f.take::<Map<String, Value>>("extra", "a map") {
        cfg.extra = v;
    }
    if let Some(md) = f.take::<Map<String, Value>>("markdown", "a map of markdown options") {
        let mut m = f.nested("markdown", md);
        if let Some(v) = m.take("smart_punctuation", "true or false") {
            cfg.markdown.smart_punctuation = v;
        }
        for (key, slot) in [
            ("highlight_theme", &mut cfg.markdown.highlight_theme),
            ("highlight_theme_dark", &mut cfg.markdown.highlight_theme_dark),
        ] {
            if let Some(v) = m.take::<String>(key, "a highlight theme name") {
                if crate::markdown::highlight::THEMES.contains(&v.as_str()) {
                    *slot = v;
                } else {
                    let hint = match crate::diagnostics::did_you_mean(
                        &v,
                        crate::markdown::highlight::THEMES.iter().copied(),
                    ) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("available: {}", crate::markdown::highlight::THEMES.join(", ")),
                    };
                    diags.push(m.error_at(key, format!("unknown highlight theme \"{v}\"")).hint(hint));
                }
            }
        }
        if let Some(v) = m.take("toc_min_headings", "a whole number") {
            cfg.markdown.toc_min_headings = v;
        }
        if let Some(v) = m.take("unsafe_html", "true or false") {
            cfg.markdown.unsafe_html = v;
        }
        diags.extend(m.finish(KNOWN_MARKDOWN));
    }
    if let Some(fd) = f.take::<Map<String, Value>>("feeds", "a map of feed options") {
        let mut m = f.nested("feeds", fd);
        if let Some(v) = m.take("limit", "a whole number (0 for every brief)") {
            cfg.feeds.limit = v;
        }
        if let Some(v) = m.take("full_content", "true or false") {
            cfg.feeds.full_content = v;
        }
        if let Some(v) = m.take("terms_full_content", "true or false") {
            cfg.feeds.terms_full_content = v;
        }
        if let Some(v) = m.take("terms", "true or false") {
            cfg.feeds.terms = v;
        }
        diags.extend(m.finish(KNOWN_FEEDS));
    }
    if let Some(m) = f.take::<Map<String, Value>>("aliases", "a map of names to lists of other spellings") {
        for (canonical, v) in m {
            let others: Option<Vec<String>> = match v {
                Value::String(s) => Some(vec![s]),
                Value::Array(items) => items.into_iter().map(|i| i.as_str().map(str::to_string)).collect(),
                _ => None,
            };
            match others {
                Some(o) => {
                    cfg.aliases.insert(canonical, o);
                }
                None => diags.push(
                    Diagnostic::error(format!("`aliases.{canonical}` must be a list of other spellings"))
                        .at(path)
                        .hint(format!("write it as `{canonical}: [Other spelling, Another]`")),
                ),
            }
        }
    }
    diags.extend(f.finish(KNOWN));
    (cfg, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn unknown_keys_warn_with_suggestion_and_line() {
        let (_, d) = p("title: x\ndescripton: y\nmarkdown:\n  smart_punctuaton: false\n");
        assert_eq!(d.len(), 2, "{d:?}");
        let top = d.iter().find(|x| x.message.contains("descripton")).unwrap();
        assert_eq!(top.line, Some(2));
        assert_eq!(top.hint.as_deref(), Some("did you mean `description`?"));
        let nested = d.iter().find(|x| x.message.contains("markdown.smart_punctuaton")).unwrap();
        assert_eq!(nested.line, Some(4));
        assert!(d.iter().all(|x| !x.is_error()));
    }

    #[test]
    fn bad_values_are_errors() {
        let (_, d) = p("title: x\ntimezone: Mars/Olympus\nmarkdown:\n  smart_punctuation: maybe\n");
        assert_eq!(d.iter().filter(|x| x.is_error()).count(), 2, "{d:?}");
        assert!(d.iter().any(|x| x.line == Some(2) && x.message.contains("Mars/Olympus")));
        assert!(d.iter().any(|x| x.line == Some(4) && x.message.contains("true or false")));
    }

    #[test]
    fn aliases_map_names_to_other_spellings() {
        let (c, d) = p("title: x\naliases:\n  United States: [USA, U.S.]\n  Hezbollah: Hizbollah\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.aliases["United States"], ["USA", "U.S."]);
        assert_eq!(c.aliases["Hezbollah"], ["Hizbollah"]);
        let (_, d) = p("title: x\naliases:\n  X: {a: 1}\n");
        assert!(d[0].is_error(), "{d:?}");
    }

    #[test]
    fn feed_options() {
        let (c, d) = p("title: x\nfeeds:\n  limit: 5\n  full_content: false\n  term: false\n");
        assert_eq!((c.feeds.limit, c.feeds.full_content, c.feeds.terms), (5, false, true));
        assert!(!c.feeds.terms_full_content);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `terms`?"));
    }

    #[test]
    fn missing_title_is_an_error() {
        let (_, d) = p("description: x\n");
        assert!(d.iter().any(|x| x.is_error() && x.message.contains("no `title`")));
    }
}
