//! `site.yaml` → `SiteConfig`: defaults, validation and "did you mean" for unknown keys.
//! `parse` reads the text alone; `parse_in` also checks the files the config names (the
//! `style:` block's logo and stylesheets) against the site folder.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::{theme, yaml};

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
    /// The most names one brief may list under each of `region`, `actors` and `tags`.
    pub max_terms_per_brief: usize,
    /// Follow symbolic links in content/ and static/ that lead out of the site (off: such a
    /// link is not published, with a warning).
    pub follow_symlinks_outside: bool,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Atom feed options.
    pub feeds: FeedsConfig,
    /// Accent colours, logo and extra stylesheets.
    pub style: StyleConfig,
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
            max_terms_per_brief: 1000,
            follow_symlinks_outside: false,
            markdown: MarkdownConfig::default(),
            feeds: FeedsConfig::default(),
            style: StyleConfig::default(),
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
    "max_terms_per_brief",
    "follow_symlinks_outside",
    "markdown",
    "feeds",
    "style",
    "aliases",
    "extra",
];
const KNOWN_STYLE: &[&str] = &["accent", "accent_dark", "logo", "css"];
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
/// config (defaults where a key was bad) and every problem found. Files named by the config are
/// not looked for: `parse_in` does that.
pub fn parse(text: &str, path: &Path) -> (SiteConfig, Vec<Diagnostic>) {
    parse_with(text, path, None)
}

/// `parse`, also checking that every file the config names exists in the site at `root`
/// (a missing logo is an error here, not a broken image on every page).
pub fn parse_in(text: &str, path: &Path, root: &Path) -> (SiteConfig, Vec<Diagnostic>) {
    parse_with(text, path, Some(root))
}

fn parse_with(text: &str, path: &Path, root: Option<&Path>) -> (SiteConfig, Vec<Diagnostic>) {
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
        // One plain folder name: the theme is looked up (and `dossier theme eject` writes it)
        // at themes/<name>, which must stay inside themes/.
        if is_folder_name(&v) {
            cfg.theme = v;
        } else {
            diags.push(
                f.error_at("theme", format!("`theme` must be the name of a folder in themes/, found \"{v}\""))
                    .hint("write just the folder's name, such as `theme: house` for themes/house/"),
            );
        }
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
    if let Some(v) = f.take::<bool>("follow_symlinks_outside", "true or false") {
        cfg.follow_symlinks_outside = v;
    }
    if let Some(v) = f.take::<usize>("max_terms_per_brief", "a positive whole number") {
        cfg.max_terms_per_brief = v.max(1);
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
    if let Some(st) = f.take::<Map<String, Value>>("style", "a map of style options") {
        let mut m = f.nested("style", st);
        parse_style(&mut m, (text, path), root, &mut cfg.style, &mut diags);
        diags.extend(m.finish(KNOWN_STYLE));
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

/// A plain folder name: not empty, no separators, not `.` or `..`, and not hidden (hidden
/// names are skipped everywhere). What `theme:` and `dossier theme eject NAME` accept.
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && !is_ignored_name(name)
        && !name.chars().any(char::is_control)
}

/// The `style:` block: colours checked and rewritten as `#rrggbb`, with a warning when one is
/// hard to read on the theme's backgrounds; paths checked to name files in static/ (when
/// `root` is given, that they exist).
fn parse_style(
    m: &mut Fields,
    (text, path): (&str, &Path),
    root: Option<&Path>,
    style: &mut StyleConfig,
    diags: &mut Vec<Diagnostic>,
) {
    let accent = colour(m, "accent", &theme::LIGHT, diags);
    let accent_dark = colour(m, "accent_dark", &theme::DARK, diags);
    style.accent = accent.map(theme::Rgb::hex);
    // A light-scheme accent is usually too dark to read on the dark background: rather than
    // leave dark mode on the theme's colour, or on one that cannot be read, use the same hue
    // lifted just enough. Only a colour the user gave is ever used as it is.
    style.accent_dark = accent_dark.or(accent.map(|c| theme::DARK.readable(c))).map(theme::Rgb::hex);
    match m.raw("logo") {
        Some(Value::String(p)) => match static_file(&p, root, LOGO_EXAMPLE) {
            Ok(p) => style.logo = Some(p),
            Err((message, hint)) => diags.push(m.error_at("logo", format!("`style.logo` {message}")).hint(hint)),
        },
        Some(other) => diags.push(
            m.error_at("logo", format!("`style.logo` must be a file path, found {}", crate::fields::describe(&other)))
                .hint(format!("name a file in static/, relative to it: {LOGO_EXAMPLE}")),
        ),
        None => {}
    }
    let key_line = m.line_of("css");
    let mut seen: Vec<String> = Vec::new();
    for p in m.take_list("css").unwrap_or_default() {
        // Each problem points at the list item's own place when it can be found: the second
        // of two equal items at the second.
        let nth = seen.iter().filter(|s| **s == p).count();
        seen.push(p.clone());
        let locate = |d: Diagnostic| match key_line.and_then(|l| item_position(text, l, &p, nth)) {
            Some((line, col)) => d.at(path).span_in(text, line, col),
            None => d,
        };
        let checked = static_file(&p, root, CSS_EXAMPLE).and_then(|rel| {
            if rel.to_ascii_lowercase().ends_with(".css") {
                Ok(rel)
            } else {
                let hint = "list only stylesheets here; the images and fonts they use can be anywhere in static/";
                Err((format!("\"{p}\" is not a .css file"), hint.into()))
            }
        });
        match checked {
            Ok(rel) if rel == "custom.css" => diags.push(locate(
                m.warning_at("css", "`style.css` lists custom.css, which every page links already").hint(
                    "remove it from the list: static/custom.css is linked last on every page without configuration",
                ),
            )),
            Ok(rel) if style.css.contains(&rel) => diags.push(locate(
                m.warning_at("css", format!("`style.css` lists \"{rel}\" twice"))
                    .hint("each stylesheet is linked once, where it first appears"),
            )),
            Ok(rel) => style.css.push(rel),
            Err((message, hint)) => diags.push(locate(m.error_at("css", format!("`style.css`: {message}")).hint(hint))),
        }
    }
}

const LOGO_EXAMPLE: &str = "`logo: img/logo.svg` for static/img/logo.svg";
const CSS_EXAMPLE: &str = "`css: [extra.css]` for static/extra.css";

/// Where the `nth` (from 0) `item` of the list under the key on `key_line` is written, as a
/// whole item (not part of a longer one), within the key's block. Good enough for
/// `css: [a.css, b.css]` and for one item per line.
fn item_position(text: &str, key_line: usize, item: &str, nth: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let key = lines.get(key_line.checked_sub(1)?)?;
    let key_indent = key.len() - key.trim_start().len();
    let starts = |c: Option<char>| matches!(c, Some(' ' | '\t' | '[' | ',' | '"' | '\''));
    let ends = |c: Option<char>| matches!(c, None | Some(' ' | '\t' | '\r' | ',' | ']' | '"' | '\'' | '#'));
    let mut left = nth;
    for (i, line) in lines.iter().enumerate().skip(key_line - 1) {
        let indent = line.len() - line.trim_start().len();
        if i >= key_line && !line.trim().is_empty() && indent <= key_indent && !line.trim_start().starts_with('-') {
            return None;
        }
        let from = if i == key_line - 1 { line.find(':').map_or(0, |c| c + 1) } else { 0 };
        for (at, _) in line.match_indices(item).filter(|(at, _)| *at >= from) {
            if starts(line[..at].chars().next_back()) && ends(line[at + item.len()..].chars().next()) {
                if left == 0 {
                    return Some((i + 1, line[..at].chars().count() + 1));
                }
                left -= 1;
            }
        }
    }
    None
}

/// Read the colour at `key`, as the rules of `scheme` judge it. A value that is not a colour
/// is an error; a colour that does not reach WCAG AA's 4.5:1 on the scheme's backgrounds is a
/// warning, with the nearest shade that does. The theme cannot make a user's colour readable,
/// but it can say so, with the line to change.
fn colour(m: &mut Fields, key: &str, scheme: &theme::Scheme, diags: &mut Vec<Diagnostic>) -> Option<theme::Rgb> {
    let present = m.has(key);
    let example = scheme.accent.hex();
    let hint = format!(
        "write a colour in quotes, such as `{key}: \"{example}\"`; `rgb(11 92 173)` and `hsl(210 88% 36%)` work too \
         (nothing else is let into the theme's CSS)"
    );
    let text = match m.raw(key) {
        None if present => {
            // Unquoted, `#0b5cad` starts a YAML comment and leaves the key empty.
            let d = m.error_at(key, format!("`style.{key}` is empty"));
            diags.push(d.hint(format!(
                "in YAML a `#` after a space starts a comment: put the colour in quotes, `{key}: \"{example}\"`"
            )));
            return None;
        }
        None => return None,
        Some(Value::String(t)) => t,
        Some(other) => {
            let found = crate::fields::describe(&other);
            diags.push(m.error_at(key, format!("`style.{key}` must be a colour, found {found}")).hint(hint));
            return None;
        }
    };
    let c = match theme::Rgb::parse(&text) {
        Ok(c) => c,
        Err(why) => {
            let shown: String = text.chars().take(40).collect();
            diags.push(
                m.error_at(key, format!("`style.{key}` \"{shown}\" is not a colour the theme takes: {why}")).hint(hint),
            );
            return None;
        }
    };
    let (ratio, what, bg) = scheme.worst_contrast(c);
    if ratio < theme::AA_TEXT {
        let better = scheme.readable(c).hex();
        diags.push(
            m.warning_at(
                key,
                format!(
                    "`style.{key}` {} has a contrast of {:.1}:1 against the {what} of the theme's {} scheme ({}); \
                     links and buttons in it need {}:1 to be readable (WCAG AA)",
                    c.hex(),
                    floor_tenth(ratio),
                    scheme.name,
                    bg.hex(),
                    theme::AA_TEXT
                ),
            )
            .hint(format!("the nearest shade of it that reaches {}:1 is \"{better}\"", theme::AA_TEXT)),
        );
    }
    Some(c)
}

/// A path written in site.yaml for a file in static/, checked and normalised (`./` and empty
/// segments dropped, `/` separators). Refused: URLs (a site loads nothing from elsewhere),
/// absolute paths and `..` (the file must be in static/, which is what the build copies),
/// backslashes, and hidden or editor-leftover names (the build skips those, so the page would
/// link a file that is never copied). With `root`, the file must exist. The error is a message
/// and a hint, which shows `example`.
fn static_file(written: &str, root: Option<&Path>, example: &str) -> Result<String, (String, String)> {
    let relative = format!("name a file in static/, relative to it: {example}");
    let fail = |message: String, hint: &str| Err((message, hint.to_string()));
    let w = written.trim();
    if w.is_empty() {
        return fail("is empty".into(), &relative);
    }
    if w.contains("://") || w.starts_with("//") || w.starts_with("data:") {
        return fail(
            format!("\"{w}\" is a URL; the site loads nothing from elsewhere"),
            "save the file into static/ and name it relative to that folder",
        );
    }
    if w.starts_with('/') || w.starts_with('\\') || w.as_bytes().get(1) == Some(&b':') {
        let hint = match w.strip_prefix('/') {
            Some(inner) if !inner.starts_with('/') => format!("paths here are relative to static/: write `{inner}`"),
            _ => relative,
        };
        return fail(format!("\"{w}\" is an absolute path"), &hint);
    }
    if w.contains('\\') || w.chars().any(char::is_control) {
        return fail(format!("\"{w}\" has a backslash or a control character"), "separate folders with `/`");
    }
    let segments: Vec<&str> = w.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if segments.contains(&"..") {
        return fail(format!("\"{w}\" leads out of static/"), &relative);
    }
    if let Some(s) = segments.iter().find(|s| is_ignored_name(s)) {
        return fail(
            format!("\"{w}\" is never copied to the site: names like \"{s}\" (hidden or editor leftovers) are skipped"),
            "rename the file",
        );
    }
    let rel = segments.join("/");
    if let Some(root) = root {
        let file = root.join("static").join(&rel);
        if !file.is_file() {
            let hint = match rel.strip_prefix("static/") {
                Some(inner) if root.join("static").join(inner).is_file() => {
                    format!("paths here are relative to static/: write `{inner}`")
                }
                _ if file.is_dir() => format!("static/{rel} is a folder; name a file in it"),
                _ => format!("put the file at static/{rel}, or correct the path (it is relative to static/)"),
            };
            return Err((format!("names static/{rel}, which does not exist"), hint));
        }
    }
    Ok(rel)
}

/// A contrast ratio rounded down to a tenth for messages: 4.49 must not print as 4.5 beside
/// "needs 4.5".
fn floor_tenth(ratio: f64) -> f64 {
    (ratio * 10.0).floor() / 10.0
}

/// The URL of `rel`, a file in static/, on a site served at `base_path`: each byte outside
/// URL-safe characters percent-encoded, so a file name with spaces or accents still links.
pub fn static_url(base_path: &str, rel: &str) -> String {
    let mut url = String::from(base_path);
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Editor leftovers and hidden files that are never part of a site: never content, templates or
/// static files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"].iter().any(|ext| name.ends_with(ext))
}

/// Read and parse `site.yaml`, applying a `--base-url` override.
pub fn load(root: &Path, base_url: Option<&str>) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::error(format!("{} is not a dossier site: no site.yaml", root.display()))
                .hint("run dossier in a site folder, pass `--root DIR`, or create one with `dossier init DIR`");
            return (None, vec![d]);
        }
        Err(e) => return (None, vec![Diagnostic::error(format!("cannot read site.yaml: {e}")).at("site.yaml")]),
    };
    let (mut cfg, mut diags) = parse_in(&text, Path::new("site.yaml"), root);
    if let Some(url) = base_url {
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/') {
            cfg.set_base_url(url);
        } else {
            diags.push(
                Diagnostic::error(format!("--base-url must be an absolute URL, found \"{url}\""))
                    .hint("for example `--base-url https://example.org/analysis/`"),
            );
        }
    }
    (Some(cfg), diags)
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

    #[test]
    fn style_colours_are_rewritten_as_hex_and_dark_mode_gets_a_readable_accent() {
        let (c, d) = p("title: x\nstyle:\n  accent: \"#0B5CAD\"\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.style.accent.as_deref(), Some("#0b5cad"));
        let dark = theme::Rgb::parse(c.style.accent_dark.as_deref().unwrap()).unwrap();
        assert!(theme::DARK.worst_contrast(dark).0 >= theme::AA_TEXT);
        let (c, d) = p("title: x\nstyle:\n  accent: rgb(11 92 173)\n  accent_dark: hsl(210 80% 75%)\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.style.accent.as_deref(), Some("#0b5cad"));
        assert_eq!(c.style.accent_dark.as_deref(), Some("#8cbff2"));
        let (c, _) = p("title: x\n");
        assert_eq!(c.style, StyleConfig::default());
    }

    #[test]
    fn bad_colours_are_errors_at_their_line_and_all_are_reported() {
        let (c, d) = p("title: x\nstyle:\n  accent: \"#0b5cad; } body { display: none\"\n  accent_dark: 12\n");
        assert_eq!(d.iter().filter(|x| x.is_error()).count(), 2, "{d:?}");
        assert!(d.iter().any(|x| x.line == Some(3) && x.column == Some(11) && x.message.contains("style.accent")));
        assert!(d.iter().any(|x| x.line == Some(4) && x.message.contains("style.accent_dark")));
        assert_eq!(c.style.accent, None);
        // Unquoted, the colour is a YAML comment: the hint says to quote it.
        let (_, d) = p("title: x\nstyle:\n  accent: #0b5cad\n");
        assert!(d[0].is_error() && d[0].line == Some(3), "{d:?}");
        assert!(d[0].hint.as_deref().unwrap().contains("quotes"), "{d:?}");
    }

    #[test]
    fn a_hard_to_read_accent_is_a_warning_with_a_shade_that_passes() {
        let (c, d) = p("title: x\nstyle:\n  accent: \"#7fb2e5\"\n");
        assert_eq!(c.style.accent.as_deref(), Some("#7fb2e5"), "the user's colour is used as given");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error() && d[0].line == Some(3), "{d:?}");
        assert!(d[0].message.contains("4.5:1"), "{}", d[0].message);
        let hint = d[0].hint.as_deref().unwrap();
        let shade = theme::Rgb::parse(hint.split('"').nth(1).unwrap()).unwrap();
        assert!(theme::LIGHT.worst_contrast(shade).0 >= theme::AA_TEXT, "{hint}");
        let (_, d) = p("title: x\nstyle:\n  accent_dark: \"#0b5cad\"\n");
        assert!(d.len() == 1 && d[0].message.contains("dark"), "{d:?}");
    }

    #[test]
    fn style_paths_stay_in_static_and_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/img")).unwrap();
        std::fs::write(dir.path().join("static/img/logo.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("static/extra.css"), "a{}").unwrap();
        let at = |text: &str| parse_in(text, Path::new("site.yaml"), dir.path());
        let (c, d) = at("title: x\nstyle:\n  logo: ./img//logo.svg\n  css: [extra.css]\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!((c.style.logo.as_deref(), &c.style.css[..]), (Some("img/logo.svg"), &["extra.css".to_string()][..]));
        for (logo, says) in [
            ("../site.yaml", "leads out of static/"),
            ("/etc/passwd", "absolute"),
            ("https://cdn.example/logo.svg", "URL"),
            ("img/missing.svg", "does not exist"),
            ("img", "does not exist"),
            ("img/.logo.svg", "never copied"),
            ("img\\\\logo.svg", "backslash"),
        ] {
            let (c, d) = at(&format!("title: x\nstyle:\n  logo: \"{logo}\"\n"));
            assert!(c.style.logo.is_none(), "{logo}");
            assert!(d.len() == 1 && d[0].is_error() && d[0].line == Some(3), "{logo}: {d:?}");
            assert!(d[0].message.contains("style.logo") && d[0].message.contains(says), "{logo}: {d:?}");
        }
        // Each bad stylesheet is reported at its own line; the good one is kept.
        let (c, d) =
            at("title: x\nstyle:\n  css:\n    - gone.css\n    - extra.css\n    - img/logo.svg\n    - extra.css\n");
        assert_eq!(c.style.css, ["extra.css"]);
        let lines: Vec<_> = d.iter().map(|x| (x.line, x.is_error())).collect();
        assert_eq!(lines, [(Some(4), true), (Some(6), true), (Some(7), false)], "{d:?}");
        // Without a site folder, paths are checked but not looked for.
        let (c, d) = p("title: x\nstyle:\n  logo: img/missing.svg\n");
        assert!(d.is_empty() && c.style.logo.is_some(), "{d:?}");
    }

    #[test]
    fn theme_must_be_a_folder_name() {
        for bad in ["../elsewhere", "a/b", ".hidden", ""] {
            let (c, d) = p(&format!("title: x\ntheme: \"{bad}\"\n"));
            assert_eq!(c.theme, "default", "{bad}");
            assert!(d.iter().any(|x| x.is_error() && x.line == Some(2)), "{bad}: {d:?}");
        }
        let (c, d) = p("title: x\ntheme: house\n");
        assert!(d.is_empty() && c.theme == "house", "{d:?}");
    }

    #[test]
    fn static_urls_are_percent_encoded_under_the_base_path() {
        assert_eq!(static_url("/analysis/", "img/logo.svg"), "/analysis/img/logo.svg");
        assert_eq!(static_url("/", "img/our logo é.svg"), "/img/our%20logo%20%C3%A9.svg");
    }
}
