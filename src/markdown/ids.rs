//! Element ids in rendered Markdown: the ids the default theme gives its own elements on the
//! pages that show Markdown (which a heading must never take), and the ids written in raw HTML
//! (which a heading must not take either, and which a `#fragment` may name).

/// Ids the theme's templates give elements of the brief, page and term pages, which show
/// Markdown: `## Main` must not become a second `id="main"`. A test reads the templates and
/// fails when one is added there but not here.
pub const THEME_IDS: &[&str] = &[
    "main",
    "brief-title",
    "page-title",
    "toc-heading",
    "site-search-q",
    "search-q",
    "search-strings",
    "graph-strings",
    "latest-heading",
    "dossier-bluf",
    "dossier-judgments",
    "dossier-events",
    "dossier-revisions",
    "dossier-sources",
    "dossier-related",
    "dossier-cited-by",
    "profile-actors",
    "profile-regions",
    "profile-subregions",
    "actor-network",
    "actor-graph",
    "actor-graph-title",
];

/// Numbered ids of the theme: `source-3` (a brief's sources), `year-2026` (a term page's years).
const THEME_NUMBERED: &[&str] = &["source-", "year-"];

/// True when `id` is, or may be, one the theme gives an element of a page showing Markdown.
pub fn is_theme_id(id: &str) -> bool {
    THEME_IDS.contains(&id)
        || THEME_NUMBERED
            .iter()
            .any(|p| id.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// Every fragment target in a piece of raw HTML: `id` attribute values (`<a id="x">`,
/// `<span id='y'>`) and the `name` of an `<a>` (`<a name="z">`).
pub fn in_html(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let b = html.as_bytes();
    let mut from = 0;
    // `id="…"` on any element, and `name="…"` on an `<a>`, the older way to mark a fragment.
    loop {
        let next_id = html[from..].find("id=").map(|i| (i, 3));
        let next_name = html[from..].find("name=").map(|i| (i, 5));
        let Some((i, len)) = [next_id, next_name].into_iter().flatten().min() else { break };
        let at = from + i;
        from = at + len;
        if at == 0 || !b[at - 1].is_ascii_whitespace() {
            continue;
        }
        let on_a = html[..at]
            .rfind('<')
            .is_some_and(|lt| html[lt + 1..at].trim_start().to_ascii_lowercase().starts_with("a "));
        if len == 5 && !on_a {
            continue;
        }
        let rest = &html[at + len..];
        let Some(q) = rest.chars().next().filter(|&c| c == '"' || c == '\'') else { continue };
        if let Some(end) = rest[1..].find(q) {
            let id = &rest[1..1 + end];
            if !id.is_empty() {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_themes_ids_are_all_known() {
        // Every id the default theme writes in a template: a literal one must be listed, a
        // templated one (`source-{{ src.n }}`) must be numbered like the ones listed.
        let mut checked = 0;
        for (name, text) in crate::theme::TEMPLATES {
            let mut rest = *text;
            while let Some(i) = rest.find(" id=\"") {
                rest = &rest[i + 5..];
                let value = &rest[..rest.find('"').expect("a closed attribute")];
                checked += 1;
                match value.find("{{") {
                    None => assert!(is_theme_id(value), "{name}: id=\"{value}\" is not in THEME_IDS"),
                    Some(0) => {
                        // A whole-value variable: only on pages without Markdown.
                        assert!(
                            ["timeline.html", "term_timeline.html", "confidence.html", "sources.html"].contains(name),
                            "{name}: id=\"{value}\" may clash with a heading"
                        );
                    }
                    Some(k) => {
                        let prefix = &value[..k];
                        let known = THEME_NUMBERED.contains(&prefix) || ["y"].contains(&prefix);
                        assert!(known, "{name}: id=\"{value}\" is not a known numbered id");
                    }
                }
            }
        }
        assert!(checked > 10, "only {checked} ids found in the theme");
    }

    #[test]
    fn numbered_theme_ids_are_reserved_and_words_are_not() {
        assert!(is_theme_id("main") && is_theme_id("source-12") && is_theme_id("year-2026"));
        assert!(!is_theme_id("source-") && !is_theme_id("sources") && !is_theme_id("year-in-review"));
    }

    #[test]
    fn ids_are_read_from_raw_html() {
        assert_eq!(in_html("<a id=\"x\"></a><span class=\"a\" id='y-2'>"), ["x", "y-2"]);
        assert!(in_html("<div data-id=\"no\" grid=\"no\">").is_empty());
    }
}
