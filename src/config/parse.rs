//! Reading site.yaml's text into a `SiteConfig`: each key taken with the type it must have and
//! validated, a refused value leaving its default, and every problem reported, with "did you
//! mean" for unknown keys. The keys are read in a fixed order, one function per group, so the
//! diagnostics always come out in the same order.

use std::path::Path;

use serde_json::{Map, Value};

use super::style::parse_style;
use super::{SiteConfig, is_folder_name, zone};
use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::marking::Tlp;
use crate::yaml;

/// The top-level keys of site.yaml; any other is warned about.
const KNOWN: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "digits",
    "theme",
    "author",
    "authors",
    "timezone",
    "date_format",
    "words_per_minute",
    "paginate_by",
    "max_terms_per_brief",
    "follow_symlinks_outside",
    "social_cards",
    "compact_html",
    "term_timelines",
    "markdown",
    "feeds",
    "exports",
    "graph",
    "style",
    "aliases",
    "regions",
    "tlp",
    "audiences",
    "key_aliases",
    "extra",
];
/// The keys of the `style:` block.
const KNOWN_STYLE: &[&str] = &["accent", "accent_dark", "logo", "css"];
/// The keys of the `feeds:` block.
const KNOWN_FEEDS: &[&str] = &["limit", "full_content", "terms_full_content", "terms_records", "terms", "terms_json"];
/// The keys of the `exports:` block.
const KNOWN_EXPORTS: &[&str] = &["brief_json", "brief_stix", "ndjson"];
/// The keys of the `graph:` block.
const KNOWN_GRAPH: &[&str] = &["enabled", "neighbours", "max_nodes"];
/// The keys of the `markdown:` block.
const KNOWN_MARKDOWN: &[&str] =
    &["smart_punctuation", "highlight_theme", "highlight_theme_dark", "toc_min_headings", "unsafe_html"];

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

/// `parse` and `parse_in`: `root`, when given, is the site folder static paths are looked for in.
///
/// Problems come out in this order: those of the top-level keys' values, in key order, with each
/// block's own (its wrong types and unknown keys included) where the block is read; then the
/// top-level keys of the wrong type; then the unknown top-level keys.
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
    take_title(&mut f, path, &mut cfg, &mut diags);
    take_identity(&mut f, &mut cfg, &mut diags);
    let explicit_format = f.has("date_format");
    take_dates(&mut f, &mut cfg, &mut diags);
    let digits = super::languages::take_digits(&mut f, &mut diags);
    cfg.languages = super::languages::take_languages(&mut f, &cfg.language, &mut diags);
    take_options(&mut f, &mut cfg);
    take_markdown(&mut f, &mut cfg, &mut diags);
    take_feeds(&mut f, &mut cfg, &mut diags);
    take_exports(&mut f, &mut cfg, &mut diags);
    take_graph(&mut f, &mut cfg, &mut diags);
    if let Some(st) = f.take::<Map<String, Value>>("style", "a map of style options") {
        let mut m = f.nested("style", st);
        parse_style(&mut m, (text, path), root, &mut cfg.style, &mut diags);
        diags.extend(m.finish(KNOWN_STYLE));
    }
    take_aliases(&mut f, path, &mut cfg, &mut diags);
    // After `aliases`, which the tree's names go through.
    if let Some(m) = f.take::<Map<String, Value>>("regions", "a map of regions to their sub-regions") {
        cfg.regions = super::regions::parse_regions(m, (text, path), &cfg.aliases, &mut diags);
    }
    take_markings(&mut f, &mut cfg, &mut diags);
    if let Some(aliases) = f.take::<std::collections::BTreeMap<String, String>>(
        "key_aliases",
        "a map of other generators' front matter keys to dossier's",
    ) {
        cfg.key_aliases = aliases;
    }
    diags.extend(f.finish(KNOWN));
    let format = explicit_format.then(|| cfg.date_format.clone());
    diags.extend(super::languages::resolve(&mut cfg, root, format.as_deref(), digits));
    (cfg, diags)
}

/// `title`: required, and not blank.
fn take_title(f: &mut Fields, path: &Path, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    // Asked before taking it: a title of the wrong type is reported as such, not as missing.
    let written = f.has("title");
    match f.take::<String>("title", "a string") {
        Some(t) if !t.trim().is_empty() => cfg.title = t,
        Some(_) => {
            diags.push(f.error_at("title", "`title` is empty").hint("give the site a name: `title: Gulf Briefs`"))
        }
        None if !written => diags.push(
            Diagnostic::error("site.yaml has no `title`").at(path).hint("add a line such as `title: Gulf Briefs`"),
        ),
        None => {}
    }
}

/// What the site is and where it is published: `description`, `base_url` (an absolute URL or
/// path), `language`, `theme` (a folder name), `author` and `authors`.
fn take_identity(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
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
}

/// `timezone` (an IANA name) and `date_format` (a strftime format), each tried before it is kept.
fn take_dates(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
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
}

/// The site-wide numbers and switches, and the free `extra` map: only their types are checked
/// (a reading speed and a term limit of 0 count as 1).
fn take_options(f: &mut Fields, cfg: &mut SiteConfig) {
    if let Some(v) = f.take::<usize>("words_per_minute", "a positive whole number") {
        cfg.words_per_minute = v.max(1);
    }
    if let Some(v) = f.take::<usize>("paginate_by", "a whole number (0 for no pagination)") {
        cfg.paginate_by = v;
    }
    if let Some(v) = f.take::<bool>("social_cards", "true or false") {
        cfg.social_cards = v;
    }
    if let Some(v) = f.take::<bool>("compact_html", "true or false") {
        cfg.compact_html = v;
    }
    if let Some(v) = f.take::<bool>("term_timelines", "true or false") {
        cfg.term_timelines = v;
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
}

/// `tlp`, the marking of documents that name none, and `audiences`, the markings a build for
/// each named audience may publish.
fn take_markings(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    match crate::marking::take(f, "tlp") {
        Some(Ok(t)) => cfg.tlp = t,
        Some(Err(d)) => diags.push(d),
        None => {}
    }
    let Some(audiences) = f.take::<Map<String, Value>>("audiences", "a map of audience names to markings") else {
        return;
    };
    for (name, v) in audiences {
        let problem = match v.as_str().map(Tlp::parse) {
            Some(Ok(t)) => {
                cfg.audiences.insert(name, t);
                continue;
            }
            Some(Err(hint)) => {
                (format!("audience `{name}`: \"{}\" is not a TLP 2.0 marking", v.as_str().unwrap_or("")), hint)
            }
            None => (
                format!("audience `{name}` must be a marking such as CLEAR or AMBER"),
                "write `audiences: {public: CLEAR, partners: AMBER}`".to_string(),
            ),
        };
        diags.push(f.error_at("audiences", problem.0).hint(problem.1));
    }
}

/// The `markdown:` block.
fn take_markdown(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    let Some(md) = f.take::<Map<String, Value>>("markdown", "a map of markdown options") else {
        return;
    };
    let mut m = f.nested("markdown", md);
    if let Some(v) = m.take("smart_punctuation", "true or false") {
        cfg.markdown.smart_punctuation = v;
    }
    for (key, slot) in [
        ("highlight_theme", &mut cfg.markdown.highlight_theme),
        ("highlight_theme_dark", &mut cfg.markdown.highlight_theme_dark),
    ] {
        take_highlight_theme(&mut m, key, slot, diags);
    }
    if let Some(v) = m.take("toc_min_headings", "a whole number") {
        cfg.markdown.toc_min_headings = v;
    }
    if let Some(v) = m.take("unsafe_html", "true or false") {
        cfg.markdown.unsafe_html = v;
    }
    diags.extend(m.finish(KNOWN_MARKDOWN));
}

/// A highlight theme at `key` of the `markdown:` block, kept in `slot` when it is one of the
/// themes the highlighter has; otherwise an error suggesting the nearest name, or listing them.
fn take_highlight_theme(m: &mut Fields, key: &str, slot: &mut String, diags: &mut Vec<Diagnostic>) {
    let themes = crate::markdown::highlight::THEMES;
    let Some(v) = m.take::<String>(key, "a highlight theme name") else {
        return;
    };
    if themes.contains(&v.as_str()) {
        *slot = v;
    } else {
        let hint = match crate::diagnostics::did_you_mean(&v, themes.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("available: {}", themes.join(", ")),
        };
        diags.push(m.error_at(key, format!("unknown highlight theme \"{v}\"")).hint(hint));
    }
}

/// The `feeds:` block.
fn take_feeds(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    let Some(fd) = f.take::<Map<String, Value>>("feeds", "a map of feed options") else {
        return;
    };
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
    if let Some(v) = m.take("terms_records", "true or false") {
        cfg.feeds.terms_records = v;
    }
    if let Some(v) = m.take("terms", "true or false") {
        cfg.feeds.terms = v;
    }
    if let Some(v) = m.take("terms_json", "true or false") {
        cfg.feeds.terms_json = v;
    }
    diags.extend(m.finish(KNOWN_FEEDS));
}

/// The `exports:` block.
fn take_exports(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    let Some(ex) = f.take::<Map<String, Value>>("exports", "a map of export options") else {
        return;
    };
    let mut m = f.nested("exports", ex);
    if let Some(v) = m.take("brief_json", "true or false") {
        cfg.exports.brief_json = v;
    }
    if let Some(v) = m.take("brief_stix", "true or false") {
        cfg.exports.brief_stix = v;
    }
    if let Some(v) = m.take("ndjson", "true or false") {
        cfg.exports.ndjson = v;
    }
    diags.extend(m.finish(KNOWN_EXPORTS));
}

/// The `graph:` block. A size out of bounds is refused with the bounds, keeping the default.
fn take_graph(f: &mut Fields, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    let Some(g) = f.take::<Map<String, Value>>("graph", "a map of graph options") else {
        return;
    };
    let mut m = f.nested("graph", g);
    if let Some(v) = m.take("enabled", "true or false") {
        cfg.graph.enabled = v;
    }
    let sizes = [
        ("neighbours", super::GraphConfig::NEIGHBOURS, &mut cfg.graph.neighbours),
        ("max_nodes", super::GraphConfig::MAX_NODES, &mut cfg.graph.max_nodes),
    ];
    for (key, bounds, slot) in sizes {
        match m.take::<usize>(key, "a whole number") {
            Some(v) if bounds.contains(&v) => *slot = v,
            Some(v) => diags.push(
                m.error_at(key, format!("`graph.{key}` is {v}, outside {}–{}", bounds.start(), bounds.end()))
                    .hint(format!("a graph stays legible with at most {} actors; the default is kept", bounds.end())),
            ),
            None => {}
        }
    }
    diags.extend(m.finish(KNOWN_GRAPH));
}

/// The `aliases:` block: each canonical name with one other spelling or a list of them.
fn take_aliases(f: &mut Fields, path: &Path, cfg: &mut SiteConfig, diags: &mut Vec<Diagnostic>) {
    let Some(m) = f.take::<Map<String, Value>>("aliases", "a map of names to lists of other spellings") else {
        return;
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn graph_sizes_out_of_bounds_keep_the_default_with_an_error() {
        let (c, d) = p("title: x\ngraph:\n  enabled: false\n  neighbours: 8\n  max_nodes: 1\n");
        assert_eq!((c.graph.enabled, c.graph.neighbours, c.graph.max_nodes), (false, 8, 40));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, Some(5));
        assert!(d[0].message.contains("outside 2–150"), "{}", d[0].message);
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
    fn theme_must_be_a_folder_name() {
        for bad in ["../elsewhere", "a/b", ".hidden", ""] {
            let (c, d) = p(&format!("title: x\ntheme: \"{bad}\"\n"));
            assert_eq!(c.theme, "default", "{bad}");
            assert!(d.iter().any(|x| x.is_error() && x.line == Some(2)), "{bad}: {d:?}");
        }
        let (c, d) = p("title: x\ntheme: house\n");
        assert!(d.is_empty() && c.theme == "house", "{d:?}");
    }
}
