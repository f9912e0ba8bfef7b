//! Property tests (proptest stands in for a coverage-guided fuzzer, which needs a nightly
//! toolchain this project's machines do not have): arbitrary input never panics the front
//! matter parser or the Markdown renderer, and slugs, URLs and served paths never escape.

use std::path::Path;

use dossier::config::SiteConfig;
use dossier::content::front_matter;
use dossier::markdown::{self, Highlighter, LinkTarget, Options};
use dossier::output::write::is_safe_relative;
use dossier::serve::server::safe_segments;
use dossier::slug::{is_reserved, slugify};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// The attribute names in the tags of `html` written by the renderer: what lies outside the
/// (always double-quoted, escaped) values between each `<` and `>`, less the tag's name.
fn attribute_names(html: &str) -> impl Iterator<Item = &str> {
    html.split('<').skip(1).filter_map(|t| t.split_once('>').map(|(tag, _)| tag)).flat_map(|tag| {
        tag.split('"').step_by(2).enumerate().flat_map(|(i, outside)| {
            outside.split_whitespace().skip(usize::from(i == 0)).map(|a| a.split('=').next().unwrap_or(a))
        })
    })
}

fn config() -> ProptestConfig {
    // Bounded, so CI stays fast; set PROPTEST_CASES for a longer run. A failure found is saved
    // beside this file (properties.proptest-regressions) and replayed first on every later run:
    // commit it, and it stays a regression test. Said explicitly: proptest's default would put
    // it under tests/proptest-regressions/, as this folder has a main.rs.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let failure_persistence = Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions")) as _);
    ProptestConfig { cases, failure_persistence, ..ProptestConfig::default() }
}

/// Strings built from the pieces front matter and Markdown are made of, so generated inputs
/// reach deep into both parsers rather than failing at the first byte.
fn doc() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("title: ".to_string()),
        Just("date: 2026-02-07\n".to_string()),
        Just("region: [Gulf, ".to_string()),
        Just("actors:\n  - ".to_string()),
        Just("sources:\n  - {title: x, url: ".to_string()),
        Just("events: [{date: 2026-02-30}]\n".to_string()),
        Just("&a [*a]\n".to_string()),
        Just("```rust\nfn x() {}\n".to_string()),
        Just("> [!NOTE]\n".to_string()),
        Just("[l](@/x.md#y)".to_string()),
        Just("![i](p.png \"t\")\n".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[^1]\n\n[^1]: n\n".to_string()),
        Just("## H {#id}\n".to_string()),
        Just("## H {#a .b\" onclick=x a/onfocus=y}\n".to_string()),
        Just("[j](JavaScript:x) <javascript:y> ![s](data:image/svg+xml,z)".to_string()),
        Just("<div>".to_string()),
        "\\PC{0,12}",
        "[\\x00-\\x7f]{0,8}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_never_panics_and_explains_every_refusal(text in doc()) {
        let (brief, diags) = front_matter::parse("briefs/x.md", Path::new("content/briefs/x.md"), &text, &SiteConfig::default());
        if brief.is_none() {
            prop_assert!(diags.iter().any(|d| d.is_error()), "refused without an error: {text:?}");
        }
        for d in &diags {
            prop_assert!(!d.message.is_empty());
        }
    }

    #[test]
    fn markdown_never_panics_and_never_writes_a_handler_or_raw_html_in_safe_mode(text in doc(), unsafe_html in any::<bool>()) {
        let opts = Options { smart_punctuation: true, unsafe_html };
        let (r, _) = markdown::render(&text, opts, &Highlighter::new(), &|_| LinkTarget::Keep);
        if !unsafe_html {
            prop_assert!(!r.html.contains("<div>"), "raw HTML leaked: {}", r.html);
        }
        // Raw HTML aside (the trusted author's), no element gets an event handler.
        if !unsafe_html || !text.contains('<') {
            let handler = attribute_names(&r.html).find(|n| n.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")));
            prop_assert!(handler.is_none(), "{handler:?} in {}", r.html);
        }
    }

    #[test]
    fn slugs_are_single_safe_portable_segments(name in "\\PC{0,40}") {
        let s = slugify(&name);
        prop_assert!(s.len() <= dossier::slug::MAX_LEN + 2);
        // Letters and digits of any script (kept in their own script, never upper case), the
        // marks that belong to them, and `-`: nothing that separates or escapes a path.
        let allowed = |c: char| c == '-' || c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
        prop_assert!(s.chars().all(allowed) && !s.chars().any(char::is_uppercase), "{s:?}");
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s:?}");
        prop_assert!(!is_reserved(&s), "{s:?}");
    }

    #[test]
    fn content_paths_make_urls_inside_the_output(segments in prop::collection::vec("[^/]{0,12}", 1..5)) {
        let source = format!("{}.md", segments.join("/"));
        let url = front_matter::url_for(&source, None);
        prop_assert!(url.is_empty() || is_safe_relative(&format!("{url}index.html")), "{source:?} → {url:?}");
    }

    #[test]
    fn served_paths_never_climb_out(raw in "(/|%2[eEfF]|%5[cC]|%00|\\.|\\\\|[a-z]|%[0-9a-fA-F]{0,2}){0,30}") {
        if let Ok(segments) = safe_segments(&raw) {
            for s in &segments {
                prop_assert!(s != ".." && s != "." && !s.is_empty(), "{raw:?} → {segments:?}");
                prop_assert!(!s.contains('/') && !s.contains('\\') && !s.contains('\0'), "{raw:?} → {segments:?}");
            }
        }
    }
}

#[test]
fn attribute_names_are_read_outside_quoted_values() {
    let names: Vec<&str> =
        attribute_names("<p>x</p><h2 id=\"a b\" onclick=\"x=&quot;\" hidden><a href=\"#\">").collect();
    assert_eq!(names, ["id", "onclick", "hidden", "href"]);
}
