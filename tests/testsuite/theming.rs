//! Re-theming without forking the theme, against fixture sites built with the real binary:
//! site.yaml's `style:` (accent colours, logo, extra stylesheets), the `custom.css` hook, and
//! `dossier theme eject`, whose copy must build the very same site.

use scraper::Html;

use crate::http::{Server, expect_event, get, listen, wait_for};
use crate::prelude::*;

/// Every kind of page the default theme renders, as output paths.
const PAGE_KINDS: [&str; 9] = [
    "briefs/muscat/index.html",
    "index.html",
    "regions/gulf/index.html",
    "regions/index.html",
    "timeline/index.html",
    "search/index.html",
    "confidence/index.html",
    "about/index.html",
    "404.html",
];

/// Three briefs, a standalone page, and the given site.yaml and extra files.
fn fixture(site_yaml: &str, files: &[(&str, &str)]) -> Site {
    let site = Site::new();
    site.write("site.yaml", site_yaml);
    site.brief(
        "briefs/muscat.md",
        "title: Talks open in Muscat\ndate: 2026-02-07\nregion: [Gulf]\nactors: [Oman, Iran]\ntags: [diplomacy]\n\
         confidence: moderate\nbluf: Talks began.\nevents:\n  - {date: 2026-02-06, title: Envoys arrive}",
        "## One\n\nText with [a link](@/briefs/hormuz.md).\n\n## Two\n\nMore.\n\n## Three\n\nEnd.\n",
    )
    .brief("briefs/hormuz.md", "title: Hormuz tensions\ndate: 2025-11-03\nregion: Gulf\nactors: [Iran]", "Body.\n")
    .brief("briefs/niger.md", "title: Niger after the coup\ndate: 2023-08-10\nregion: Sahel", "Body.\n")
    .write("content/about.md", "---\nkind: page\ntitle: About\n---\nWho we are.\n");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

const LOGO: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>";

/// One CSS rule: the at-rule it sits in (or ""), its selector, its (property, value) pairs.
type Rule = (String, String, Vec<(String, String)>);

/// A CSS text as rules: enough of a parser for the theme's stylesheet and the accent
/// `<style>`, with one level of `@media`.
fn css_rules(css: &str) -> Vec<Rule> {
    let mut out = Vec::new();
    let mut text = css.to_string();
    // Comments out first: they may hold braces and colons.
    while let Some(start) = text.find("/*") {
        let end = text[start..].find("*/").map_or(text.len(), |e| start + e + 2);
        text.replace_range(start..end, "");
    }
    fn block(text: &str, at: &str, out: &mut Vec<Rule>) {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let head = rest[..open].trim().to_string();
            let body_start = open + 1;
            let (mut depth, mut end) = (1, body_start);
            for (i, c) in rest[body_start..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = body_start + i;
                    break;
                }
            }
            let body = &rest[body_start..end];
            if head.starts_with('@') {
                block(body, &head, out);
            } else {
                let decls = body
                    .split(';')
                    .filter_map(|d| d.split_once(':'))
                    .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
                    .collect();
                out.push((at.to_string(), head, decls));
            }
            rest = &rest[end + 1..];
        }
    }
    block(&text, "", &mut out);
    out
}

/// The value of custom property `prop` on `:root`, in the rules outside any at-rule (`""`) or
/// inside the given one; the last declaration wins, as in CSS.
fn root_value(rules: &[Rule], at: &str, prop: &str) -> Option<String> {
    rules
        .iter()
        .filter(|(a, sel, _)| a == at && sel == ":root")
        .flat_map(|(_, _, d)| d)
        .filter(|(p, _)| p == prop)
        .map(|(_, v)| v.clone())
        .next_back()
}

const DARK: &str = "@media (prefers-color-scheme:dark)";

/// Stylesheet hrefs and inline `<style>` blocks of a page's head, in document order.
fn head_styles(doc: &Html) -> Vec<String> {
    doc.select(&sel("head link[rel=stylesheet], head style"))
        .map(|e| match e.value().name() {
            "style" => format!("<style>{}", e.text().collect::<String>()),
            _ => e.value().attr("href").unwrap().to_string(),
        })
        .collect()
}

#[test]
fn the_theme_takes_its_colour_from_one_custom_property() {
    let site = fixture(SITE_YAML, &[]);
    site.build_ok(&[]);
    let css = std::fs::read_to_string(site.path("public/style.css")).unwrap();
    let rules = css_rules(&css);
    assert_eq!(root_value(&rules, "", "--accent").as_deref(), Some("#0b4b8c"));
    assert_eq!(root_value(&rules, "@media (prefers-color-scheme: dark)", "--accent").as_deref(), Some("#8dbbf2"));
    assert_eq!(root_value(&rules, "", "--link").as_deref(), Some("var(--accent)"));
    // Links, focus rings, submit buttons and the header rule all draw on it.
    let decl = |selector: &str, prop: &str| {
        rules
            .iter()
            .filter(|(at, s, _)| at.is_empty() && (s == selector || s.split(',').any(|p| p.trim() == selector)))
            .flat_map(|(_, _, d)| d)
            .find(|(p, _)| p == prop)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no `{prop}` for `{selector}` in style.css"))
    };
    assert_eq!(decl("a", "color"), "var(--accent)");
    assert_eq!(decl(":focus-visible", "outline"), "3px solid var(--accent)");
    assert_eq!(decl(":is(.search-form, .site-search) button", "background"), "var(--accent)");
    assert_eq!(decl(".site-header", "border-top"), "4px solid var(--accent)");
    // No colour of its own beside the custom properties: every other blue in the theme comes
    // from the accent, so no link or control keeps the old colour.
    for (at, selector, decls) in &rules {
        if selector != ":root" && !at.starts_with("@media print") {
            for (p, v) in decls {
                assert!(!v.contains("#0b4b8c") && !v.contains("#8dbbf2"), "{selector} {{ {p}: {v} }} in {at}");
            }
        }
    }
    // Without `style:`, pages carry no colour of their own.
    let home = site.html("index.html");
    assert!(home.select(&sel("style")).next().is_none());
}

#[test]
fn accent_colours_from_site_yaml_become_the_custom_property_on_every_page() {
    let yaml = "title: Test Briefs\nbase_url: https://example.org/\nstyle:\n  accent: \"#0B5CAD\"\n";
    let site = fixture(yaml, &[]);
    site.build_ok(&[]);
    for page in PAGE_KINDS {
        let doc = site.html(page);
        let styles = head_styles(&doc);
        let inline: Vec<&String> = styles.iter().filter(|s| s.starts_with("<style>")).collect();
        assert_eq!(inline.len(), 1, "{page}: {styles:?}");
        let rules = css_rules(&inline[0]["<style>".len()..]);
        assert_eq!(root_value(&rules, "", "--accent").as_deref(), Some("#0b5cad"), "{page}");
        // Dark mode gets the same hue, lifted until it reads on the dark background.
        let dark = root_value(&rules, DARK, "--accent").unwrap();
        let dark = dossier::theme::Rgb::parse(&dark).unwrap();
        assert!(dossier::theme::DARK.worst_contrast(dark).0 >= 4.5, "{page}: {}", dark.hex());
        // After the theme's stylesheet, so it wins over the theme's own accent.
        let at = |s: &str| styles.iter().position(|x| x == s).unwrap();
        assert!(at("/style.css") < at(inline[0]), "{page}: {styles:?}");
    }

    // An explicit dark accent is used as given, in whichever syntax it was written.
    let site = fixture("title: T\nstyle:\n  accent: rgb(11 92 173)\n  accent_dark: hsl(210 80% 75%)\n", &[]);
    site.build_ok(&[]);
    let style: String = site.html("index.html").select(&sel("head style")).next().unwrap().text().collect();
    let rules = css_rules(&style);
    assert_eq!(root_value(&rules, "", "--accent").as_deref(), Some("#0b5cad"));
    assert_eq!(root_value(&rules, DARK, "--accent").as_deref(), Some("#8cbff2"));
}

#[test]
fn the_logo_stands_in_the_header_with_the_site_title_as_its_text() {
    let yaml = "title: Gulf & Sahel Briefs\nbase_url: https://example.org/analysis/\nstyle:\n  logo: img/logo.svg\n";
    let site = fixture(yaml, &[("static/img/logo.svg", LOGO)]);
    site.build_ok(&[]);
    assert_eq!(std::fs::read_to_string(site.path("public/img/logo.svg")).unwrap(), LOGO);
    for page in PAGE_KINDS {
        let doc = site.html(page);
        let imgs: Vec<_> = doc.select(&sel("header a.site-title img")).collect();
        assert_eq!(imgs.len(), 1, "{page}");
        assert_eq!(imgs[0].value().attr("src"), Some("/analysis/img/logo.svg"), "{page}");
        assert_eq!(imgs[0].value().attr("alt"), Some("Gulf & Sahel Briefs"), "{page}");
        // The image is the link's whole content: its name is the title, said once.
        let link = doc.select(&sel("header a.site-title")).next().unwrap();
        assert_eq!(link.text().collect::<String>().trim(), "", "{page}");
        assert_eq!(link.value().attr("href"), Some("/analysis/"), "{page}");
    }
    assert!(broken_links(&site.path("public"), "/analysis/").is_empty());

    // Without a logo, the title is the header link's text.
    let site = fixture(SITE_YAML, &[]);
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(texts(&home, "header a.site-title"), ["Test Briefs"]);
    assert!(home.select(&sel("header img")).next().is_none());
}

#[test]
fn custom_css_is_linked_after_the_theme_on_every_page_and_extra_css_before_it() {
    let yaml =
        "title: T\nbase_url: https://example.org/\nstyle:\n  accent: \"#0b5cad\"\n  css: [css/print.css, brand.css]\n";
    let site = fixture(
        yaml,
        &[
            ("static/custom.css", ".site-title { letter-spacing: .02em }"),
            ("static/css/print.css", "@media print { body { font-size: 10pt } }"),
            ("static/brand.css", "h1 { font-weight: 800 }"),
        ],
    );
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read_to_string(site.path("public/custom.css")).unwrap(),
        ".site-title { letter-spacing: .02em }",
        "the site's custom.css replaces the theme's empty one"
    );
    for page in PAGE_KINDS {
        let styles = head_styles(&site.html(page));
        let links: Vec<&str> = styles.iter().filter(|s| !s.starts_with("<style>")).map(String::as_str).collect();
        assert_eq!(
            links,
            ["/style.css", "/highlight.css", "/css/print.css", "/brand.css", "/custom.css"],
            "{page}: theme, then style.css from site.yaml in order, then custom.css last"
        );
        // The accent sits between the theme and the site's own stylesheets, which may override it.
        let accent = styles.iter().position(|s| s.starts_with("<style>")).unwrap();
        assert_eq!(styles[accent - 1], "/highlight.css", "{page}: {styles:?}");
    }
    assert!(broken_links(&site.path("public"), "/").is_empty());

    // With no static/custom.css of its own, the site still links one that exists: the theme's.
    let site = fixture(SITE_YAML, &[]);
    site.build_ok(&[]);
    for page in PAGE_KINDS {
        assert_eq!(attrs(&site.html(page), "head link[rel=stylesheet]", "href").last().unwrap(), "/custom.css");
    }
    let theirs = std::fs::read_to_string(site.path("public/custom.css")).unwrap();
    let rules = css_rules(&theirs);
    assert!(rules.is_empty(), "the theme's custom.css styles nothing: {theirs}");
    assert!(broken_links(&site.path("public"), "/").is_empty());
}

/// `dossier check --format json`'s diagnostics: (severity, file, line, message).
fn check_json(site: &Site) -> (i32, Vec<(String, String, u64, String)>) {
    let (code, v) = site.check_json(&[]);
    (code, check_diagnostics(&v))
}

#[test]
fn bad_style_values_are_errors_with_their_line_and_every_one_is_reported() {
    let yaml = "title: T\n\
                style:\n\
                \x20 accent: \"#0b5cad; } body { display: none\"\n\
                \x20 accent_dark: \"#ffffff80\"\n\
                \x20 logo: img/missing.svg\n\
                \x20 css:\n\
                \x20   - ../outside.css\n\
                \x20   - /etc/passwd.css\n\
                \x20   - https://cdn.example.org/x.css\n";
    let site = fixture(yaml, &[("outside.css", "a {}")]);
    let r = site.build_err();
    assert!(!site.path("public").exists(), "nothing is written");
    for place in ["site.yaml:3:", "site.yaml:4:", "site.yaml:5:", "site.yaml:7:", "site.yaml:8:", "site.yaml:9:"] {
        assert!(r.stderr.contains(place), "no error at {place}: {r:?}");
    }
    let (code, diags) = check_json(&site);
    assert_eq!(code, 1);
    let errors: Vec<(u64, &str)> = diags.iter().filter(|d| d.0 == "error").map(|d| (d.2, d.3.as_str())).collect();
    assert!(diags.iter().all(|d| d.1 == "site.yaml"), "{diags:?}");
    assert_eq!(
        errors,
        [
            (
                3,
                "`style.accent` \"#0b5cad; } body { display: none\" is not a colour the theme takes: a `#` colour has \
                 only the hex digits 0-9 and a-f"
            ),
            (
                4,
                "`style.accent_dark` \"#ffffff80\" is not a colour the theme takes: it has an alpha channel, and the \
                 contrast of a see-through colour depends on what is behind it"
            ),
            (5, "`style.logo` names static/img/missing.svg, which does not exist"),
            (7, "`style.css`: \"../outside.css\" leads out of static/"),
            (8, "`style.css`: \"/etc/passwd.css\" is an absolute path"),
            (9, "`style.css`: \"https://cdn.example.org/x.css\" is a URL; the site loads nothing from elsewhere"),
        ]
    );
}

#[test]
fn a_hard_to_read_accent_is_a_warning_that_still_builds() {
    let yaml = "title: T\nstyle:\n  accent: \"#f0c000\"\n  accent_dark: \"#1a237e\"\n";
    let site = fixture(yaml, &[]);
    let (code, diags) = check_json(&site);
    assert_eq!(code, 0, "{diags:?}");
    let warnings: Vec<(u64, &str)> = diags.iter().filter(|d| d.0 == "warning").map(|d| (d.2, d.3.as_str())).collect();
    assert_eq!(
        warnings,
        [
            (
                3,
                "`style.accent` #f0c000 has a contrast of 1.5:1 against the box background of the theme's light \
                 scheme (#f3f1ec); links and buttons in it need 4.5:1 to be readable (WCAG AA)"
            ),
            (
                4,
                "`style.accent_dark` #1a237e has a contrast of 1.2:1 against the box background of the theme's dark \
                 scheme (#1f2124); links and buttons in it need 4.5:1 to be readable (WCAG AA)"
            ),
        ],
        "{diags:?}"
    );
    assert!(diags.iter().all(|d| d.1 == "site.yaml"), "{diags:?}");
    let r = site.build_ok(&[]);
    assert!(r.stderr.contains("site.yaml:3:11"), "{r:?}");
    // The user's colour is used as written: the warning is advice.
    let style: String = site.html("index.html").select(&sel("head style")).next().unwrap().text().collect();
    assert_eq!(root_value(&css_rules(&style), "", "--accent").as_deref(), Some("#f0c000"));
}

#[test]
fn eject_writes_the_built_in_theme_and_the_site_builds_byte_for_byte_the_same() {
    let yaml = "title: T\nbase_url: https://example.org/\nstyle:\n  accent: \"#0b5cad\"\n  logo: logo.svg\n";
    let site = fixture(yaml, &[("static/logo.svg", LOGO), ("static/custom.css", "h1 { color: teal }")]);
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));

    let r = site.run(&["theme", "eject"]);
    assert!(r.ok(), "{r:?}");
    let theme = site.path("themes/default");
    let mut expected: Vec<String> = Vec::new();
    for (file, bytes) in dossier::theme::files() {
        assert_eq!(std::fs::read(theme.join(&file)).unwrap(), bytes, "{file} is not the built-in file");
        assert!(r.stdout.contains(&format!("themes/default/{file}")), "{file} not reported: {r:?}");
        expected.push(file);
    }
    expected.sort();
    assert_eq!(list_files(&theme), expected, "exactly the built-in theme's files");
    assert!(r.stdout.contains("builds from these files now"), "{r:?}");

    site.build_ok(&[]);
    let after = snapshot(&site.path("public"));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (file, bytes) in &before {
        assert!(after[file] == *bytes, "{file} differs after ejecting");
    }

    // The copy is now the site's to change.
    let base = theme.join("templates/base.html");
    let edited = std::fs::read_to_string(&base).unwrap().replace("<main id=\"main\"", "<main data-house id=\"main\"");
    std::fs::write(&base, &edited).unwrap();
    site.build_ok(&[]);
    assert!(site.html("index.html").select(&sel("main[data-house]")).next().is_some());

    // A second eject refuses, and leaves the edited copy alone.
    let again = site.run(&["theme", "eject"]);
    assert_eq!(again.code, 1, "{again:?}");
    assert!(again.stderr.contains("themes/default/ already exists"), "{again:?}");
    assert!(again.stderr.contains("--force"), "the hint names the way out: {again:?}");
    assert_eq!(std::fs::read_to_string(&base).unwrap(), edited);
    // --force writes the built-in files back and keeps the site's own.
    std::fs::write(theme.join("static/house.css"), "a {}").unwrap();
    let forced = site.run(&["theme", "eject", "--force"]);
    assert!(forced.ok(), "{forced:?}");
    assert_ne!(std::fs::read_to_string(&base).unwrap(), edited);
    assert!(theme.join("static/house.css").exists());
}

#[test]
fn eject_under_another_name_says_how_to_use_it_and_builds_the_same_once_named() {
    let site = fixture(SITE_YAML, &[]);
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));
    let r = site.run(&["theme", "eject", "house"]);
    assert!(r.ok(), "{r:?}");
    assert!(r.stdout.contains("`theme: house` in site.yaml"), "{r:?}");
    assert!(site.path("themes/house/templates/base.html").is_file());
    assert_eq!(list_files(&site.path("themes")).len(), dossier::theme::files().count(), "no staging left");
    site.write("site.yaml", &format!("{}theme: house\n", SITE_YAML));
    site.build_ok(&[]);
    assert!(snapshot(&site.path("public")) == before, "the output changed after switching to the ejected copy");

    // Names that would leave themes/ are refused before anything is written.
    for bad in ["../elsewhere", ".hidden"] {
        let r = site.run(&["theme", "eject", bad]);
        assert_eq!(r.code, 1, "{bad}: {r:?}");
    }
    assert!(!site.path("elsewhere").exists());
    // A site.yaml with errors is not guessed at.
    site.write("site.yaml", "title: T\ntheme: ../x\n");
    let r = site.run(&["theme", "eject"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("site.yaml:2:"), "{r:?}");
}

#[test]
fn the_preview_swaps_in_a_new_custom_css_without_a_reload() {
    // A site with a static/ folder already: one created while serving is watched from then on,
    // and its first change is a full reload.
    let site = fixture(SITE_YAML, &[("static/logo.svg", LOGO)]);
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let events = listen(port);
    let placeholder = get(port, "/custom.css");
    assert_eq!(placeholder.status, 200);
    assert!(get(port, "/").body.contains("/custom.css"));
    // Adding static/custom.css is a stylesheet-only change: the page already links it.
    site.write("static/custom.css", "body { color: teal }");
    expect_event(&events, "css", 10);
    wait_for(10, "the site's custom.css served", || get(port, "/custom.css").body.contains("teal").then_some(()));
    // Removing it brings back the theme's empty one, not a missing file.
    std::fs::remove_file(site.path("static/custom.css")).unwrap();
    wait_for(10, "the theme's custom.css again", || (get(port, "/custom.css").body == placeholder.body).then_some(()));
}

/// Whether a declaration names a physical side where a logical one would mirror: `margin-left`,
/// `left`, `text-align: right`, `float: left`, or a shorthand whose left and right differ.
fn physical_side(prop: &str, value: &str) -> bool {
    let named = prop == "left"
        || prop == "right"
        || prop.ends_with("-left")
        || prop.ends_with("-right")
        || prop.contains("-left-")
        || prop.contains("-right-");
    let valued = matches!(prop, "text-align" | "float" | "clear") && matches!(value, "left" | "right");
    let parts: Vec<&str> = value.split_whitespace().collect();
    let sides = matches!(prop, "margin" | "padding" | "inset" | "border-width" | "border-style" | "border-color");
    let uneven = (sides && parts.len() == 4 && parts[1] != parts[3])
        || (prop == "border-radius"
            && !value.contains('/')
            && match parts.len() {
                1 => false,
                4 => parts[0] != parts[1] || parts[2] != parts[3],
                _ => parts.iter().any(|p| *p != parts[0]),
            });
    named || valued || uneven
}

#[test]
fn the_theme_names_no_physical_side_so_pages_mirror_right_to_left() {
    let site = fixture("title: موجزات\nbase_url: https://example.org/\nlanguage: ar\n", &[]);
    site.build_ok(&[]);
    assert_eq!(attrs(&site.html("briefs/muscat/index.html"), "html", "dir"), ["rtl"]);
    for sheet in ["style.css", "graph.css"] {
        let css = std::fs::read_to_string(site.path(&format!("public/{sheet}"))).unwrap();
        let rules = css_rules(&css);
        assert!(rules.len() > 20, "{sheet}: {} rules", rules.len());
        for (at, selector, decls) in &rules {
            for (p, v) in decls {
                assert!(!physical_side(p, v), "{sheet}: `{selector} {{ {p}: {v} }}` {at}: use a logical property");
            }
        }
    }
    // The check itself catches what it is for.
    for (p, v) in
        [("margin-left", "0"), ("text-align", "right"), ("padding", "0 0 0 1rem"), ("border-radius", "0 4px 4px 0")]
    {
        assert!(physical_side(p, v), "{p}: {v}");
    }
    for (p, v) in
        [("margin-inline-start", "0"), ("text-align", "start"), ("padding", ".5rem 1rem"), ("border-radius", "4px")]
    {
        assert!(!physical_side(p, v), "{p}: {v}");
    }
}
