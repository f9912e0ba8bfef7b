//! The `style:` block of site.yaml: accent colours checked for readability and kept as
//! `#rrggbb`, the logo, and the list of extra stylesheets, each path checked as a static path.

use std::path::Path;

use serde_json::Value;

use super::StyleConfig;
use super::static_files::static_file;
use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::theme;

/// The `style:` block, read from `m`: colours checked and rewritten as `#rrggbb`, with a warning
/// when one is hard to read on the theme's backgrounds; paths checked to name files in static/
/// (when `root` is given, that they exist). `text` and `path` are site.yaml's, for placing
/// problems at a stylesheet's own list item.
pub(super) fn parse_style(
    m: &mut Fields,
    (text, path): (&str, &Path),
    root: Option<&Path>,
    style: &mut StyleConfig,
    diags: &mut Vec<Diagnostic>,
) {
    take_accents(m, style, diags);
    take_logo(m, root, style, diags);
    take_css(m, (text, path), root, style, diags);
}

/// `accent` and `accent_dark`.
fn take_accents(m: &mut Fields, style: &mut StyleConfig, diags: &mut Vec<Diagnostic>) {
    let accent = colour(m, "accent", &theme::LIGHT, diags);
    let accent_dark = colour(m, "accent_dark", &theme::DARK, diags);
    style.accent = accent.map(theme::Rgb::hex);
    // A light-scheme accent is usually too dark to read on the dark background: rather than
    // leave dark mode on the theme's colour, or on one that cannot be read, use the same hue
    // lifted just enough. Only a colour the user gave is ever used as it is.
    style.accent_dark = accent_dark.or(accent.map(|c| theme::DARK.readable(c))).map(theme::Rgb::hex);
}

/// `logo`: one static path.
fn take_logo(m: &mut Fields, root: Option<&Path>, style: &mut StyleConfig, diags: &mut Vec<Diagnostic>) {
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
}

/// `css`: static paths of stylesheets, each linked once, in the order first listed.
fn take_css(
    m: &mut Fields,
    (text, path): (&str, &Path),
    root: Option<&Path>,
    style: &mut StyleConfig,
    diags: &mut Vec<Diagnostic>,
) {
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
        match stylesheet(&p, root) {
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

/// The stylesheet written as `p`: a static path (see `static_file`) ending in `.css`.
fn stylesheet(p: &str, root: Option<&Path>) -> Result<String, (String, String)> {
    static_file(p, root, CSS_EXAMPLE).and_then(|rel| {
        if rel.to_ascii_lowercase().ends_with(".css") {
            Ok(rel)
        } else {
            let hint = "list only stylesheets here; the images and fonts they use can be anywhere in static/";
            Err((format!("\"{p}\" is not a .css file"), hint.into()))
        }
    })
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
    warn_if_hard_to_read(m, key, scheme, c, diags);
    Some(c)
}

/// A warning at `key` when the colour `c` does not reach WCAG AA's contrast for text on the
/// backgrounds of `scheme`, with the nearest shade of it that does.
fn warn_if_hard_to_read(m: &Fields, key: &str, scheme: &theme::Scheme, c: theme::Rgb, diags: &mut Vec<Diagnostic>) {
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
}

/// A contrast ratio rounded down to a tenth for messages: 4.49 must not print as 4.5 beside
/// "needs 4.5".
fn floor_tenth(ratio: f64) -> f64 {
    (ratio * 10.0).floor() / 10.0
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::{SiteConfig, StyleConfig, parse, parse_in};
    use crate::diagnostics::Diagnostic;
    use crate::theme;

    fn p(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        parse(text, Path::new("site.yaml"))
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
}
