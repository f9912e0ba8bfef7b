//! Sites in other languages and in several: an Arabic site speaks Arabic on every page (its
//! interface strings, month names and direction), and a multilingual site publishes each
//! language under its prefix with its own lists, feeds and search index, its translations linked
//! both ways in the head, the switcher and the sitemap, and its terms one entity per name.

use std::collections::{BTreeMap, BTreeSet};

use scraper::Html;

use crate::prelude::*;

/// Every page of the output, parsed, by path.
fn pages(site: &Site, under: &str) -> BTreeMap<String, Html> {
    site.files("public")
        .into_iter()
        .filter(|f| f.ends_with(".html") && f.starts_with(under))
        .map(|f| {
            let text = std::fs::read_to_string(site.path("public").join(&f)).unwrap();
            (f, Html::parse_document(&text))
        })
        .collect()
}

/// What a reader sees or hears of a page's interface: its text outside the brief's own words
/// (the Markdown body and what the author wrote in front matter are the author's language,
/// not the interface's), and the attributes read aloud or shown.
fn interface_text(doc: &Html) -> String {
    let mut out = String::new();
    let skip = sel(
        ".prose, script, style, .brief-title, .lead, .bluf p, .judgment-text, .event-title, .source-list cite, .source-list a, .tl-title, .brief-card-title a, .brief-card-summary, .chip, .term-name, .count-list a, .pager-title, .site-title, .site-footer-title, .site-footer-desc, .page-title, .cite, .marking, .tlp, .tlp-chip, .lang-switch, .event-place, .event-actor, .revision-note, .retraction-reason, .meta-terms a, .tl-terms a, .breadcrumb a, figure.graph, .graph-table, .timeline-chart, .activity-chart, time",
    );
    let skipped: BTreeSet<_> = doc.select(&skip).flat_map(|e| e.descendants().map(|n| n.id())).collect();
    for node in doc.tree.nodes() {
        if skipped.contains(&node.id()) {
            continue;
        }
        if let Some(t) = node.value().as_text() {
            out.push_str(t);
            out.push(' ');
        }
        if let Some(e) = node.value().as_element() {
            for a in ["aria-label", "placeholder", "title", "alt"] {
                if let Some(v) = e.attr(a) {
                    out.push_str(v);
                    out.push(' ');
                }
            }
        }
    }
    out
}

/// The English table's messages, each as the literal pieces between its placeholders: the
/// phrases an untranslated page would show.
fn english_fragments() -> Vec<String> {
    let en = dossier::config::languages::english();
    let mut out = Vec::new();
    let mut add = |s: &str| {
        for piece in s.split(['{', '}']).step_by(2) {
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            // A phrase of English: two or more words, or one word of five letters or more.
            let words = piece.split_whitespace().count();
            if (words >= 2 || piece.len() >= 5) && piece.is_ascii() {
                out.push(piece.to_string());
            }
        }
    };
    for key in en.keys() {
        // Dates and formats are checked by their own assertions.
        if ["language_name", "date_format", "month_format", "quarter", "digits"].contains(&key)
            || key.starts_with("month")
            || key.starts_with("weekday")
        {
            continue;
        }
        match en.json(key) {
            Some(serde_json::Value::String(s)) => add(&s),
            Some(serde_json::Value::Object(forms)) => forms.values().filter_map(|f| f.as_str()).for_each(&mut add),
            _ => {}
        }
    }
    out
}

/// English phrases of the interface found in `text`.
fn english_in(text: &str, fragments: &[String]) -> Vec<String> {
    fragments.iter().filter(|f| text.contains(f.as_str())).cloned().collect()
}

const ARABIC_SITE: &str = "title: موجزات الخليج\nbase_url: https://example.org/\nlanguage: ar\n";

fn arabic_briefs(site: &Site) {
    site.brief(
        "briefs/muscat.md",
        "title: محادثات مسقط\ndate: 2026-02-07\nregion: الخليج\nactors: [إيران, عُمان]\ntags: [دبلوماسية]\nsummary: جولة أولى من المحادثات غير المباشرة.\nconfidence: moderate\nkey_judgments:\n  - text: ستبقى عُمان مكان المحادثات.\n    likelihood: very likely\nevents:\n  - {date: 2026-02-07, title: الجولة الأولى}\n  - {date: 2025-Q3, title: اتصالات تمهيدية}\nsources:\n  - {title: بيان وزارة الخارجية, url: \"https://example.com/a\", date: 2026-02-07, grade: B2, type: official}",
        "## الخلفية\n\nنص الموجز.\n\n## التقييم\n\nنص آخر.[^1]\n\n## ما التالي\n\nنص.\n\n[^1]: حاشية.\n",
    );
    site.brief(
        "briefs/hormuz.md",
        "title: مضيق هرمز\ndate: 2026-03-02\nregion: الخليج\nactors: [إيران]\nsupersedes: briefs/muscat.md",
        "نص.\n",
    );
}

#[test]
fn an_arabic_site_speaks_arabic_on_every_page() {
    let site = Site::new();
    site.write("site.yaml", ARABIC_SITE);
    arabic_briefs(&site);
    site.build_ok(&[]);
    let fragments = english_fragments();
    assert!(fragments.len() > 150, "{}", fragments.len());
    let all = pages(&site, "");
    assert!(all.len() > 15, "{:?}", all.keys());
    let months = ["January", "February", "March", "September", "July"];
    for (path, doc) in &all {
        assert_eq!(attrs(doc, "html", "lang"), ["ar"], "{path}");
        assert_eq!(attrs(doc, "html", "dir"), ["rtl"], "{path}");
        let ui = interface_text(doc);
        let english = english_in(&ui, &fragments);
        assert!(english.is_empty(), "{path} shows English interface strings {english:?}");
        let shown: String = doc.root_element().text().collect();
        for m in months {
            assert!(!shown.contains(m), "{path} names the month {m}");
        }
    }
    let brief = site.html("briefs/muscat/index.html");
    // Dates in Arabic month names; the event known to its quarter says so in Arabic.
    assert!(
        texts(&brief, ".brief-meta time").iter().any(|t| t.contains("فبراير") && t.contains("2026")),
        "{:?}",
        texts(&brief, ".brief-meta time")
    );
    assert!(texts(&brief, ".event-list").join(" ").contains("الربع"), "{:?}", texts(&brief, ".event-list"));
    // Unicode slugs: the region's page is at its Arabic name, and every link resolves.
    assert!(site.path("public/regions/الخليج/index.html").is_file(), "{:?}", site.files("public/regions"));
    assert_eq!(broken_links(&site.path("public"), "/"), Vec::<String>::new());
    // The scripts' messages come in Arabic too.
    let search = site.html("search/index.html");
    let strings: serde_json::Value =
        serde_json::from_str(&texts(&search, "script#search-strings").join("")).expect("the search page's strings");
    assert_eq!(strings["lang"], "ar");
    assert!(!strings["messages"]["search_unavailable"].as_str().unwrap().contains("Search"), "{strings}");
    assert!(strings["messages"]["search_results"].get("few").is_some(), "Arabic plural forms: {strings}");
}

#[test]
fn arabic_indic_digits_are_an_option_and_a_site_table_overrides_the_built_in_one() {
    let site = Site::new();
    site.write("site.yaml", &format!("{ARABIC_SITE}digits: arabic\n"));
    site.write("i18n/ar.yaml", "latest_briefs: أحدث ما نشرنا\n");
    arabic_briefs(&site);
    site.build_ok(&[]);
    let brief = site.html("briefs/muscat/index.html");
    let meta = texts(&brief, ".brief-meta time").join(" ");
    assert!(meta.contains("٧ فبراير ٢٠٢٦"), "{meta}");
    assert_eq!(texts(&site.html("index.html"), "#latest-heading"), ["أحدث ما نشرنا"]);
}

#[test]
fn a_language_without_a_table_falls_back_to_english_and_check_says_so() {
    let site = Site::new();
    site.write("site.yaml", "title: Kurzberichte\nbase_url: https://example.org/\nlanguage: de\n");
    site.write("i18n/de.yaml", "search: Suche\nmonths: [Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember]\n");
    site.brief("briefs/a.md", "title: Gespräche\ndate: 2026-03-07\nregion: Golf", "Text.\n");
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".site-search button"), ["Suche"]);
    assert_eq!(texts(&home, "#latest-heading"), ["Latest briefs"]);
    assert!(texts(&home, ".brief-list time").join(" ").contains("März"), "{:?}", texts(&home, ".brief-list time"));
    let (_, report) = site.check_json(&[]);
    let warnings = check_diagnostics(&report);
    let untranslated: Vec<_> = warnings.iter().filter(|(_, _, _, m)| m.contains("language `de`")).collect();
    assert_eq!(untranslated.len(), 1, "{warnings:?}");
    assert!(untranslated[0].1.ends_with("i18n/de.yaml"), "{untranslated:?}");
    // Every key but the two the table translates, counted and named from the first.
    let total = dossier::config::languages::english().keys().len();
    assert!(untranslated[0].3.starts_with(&format!("{} interface strings", total - 2)), "{untranslated:?}");
    assert!(untranslated[0].3.contains(": accessed_on, actor,"), "{untranslated:?}");
    // A mistake in a table is an error at its line.
    site.write("i18n/de.yaml", "search: Suche\nbriefs_count: {one: \"{n} Bericht\"}\n");
    let (code, report) = site.check_json(&[]);
    assert_eq!(code, 1);
    let errors = errors_of(&report);
    assert!(
        errors.iter().any(|(f, line, m, _)| f.ends_with("i18n/de.yaml") && *line == 2 && m.contains("other")),
        "{errors:?}"
    );
}

const THREE: &str = "title: Meridian\nbase_url: https://example.org/\nlanguage: en\nlanguages:\n  en: {}\n  ar:\n    title: ميريديان\n    terms: {Iran: إيران, Gulf: الخليج}\n  fa:\n    name: فارسی\n";

fn three_languages(site: &Site) {
    site.write("site.yaml", THREE);
    let front = |title: &str, actor: &str| {
        format!(
            "title: {title}\ndate: 2026-02-07\nregion: Gulf\nactors: [{actor}]\nevents:\n  - {{date: 2026-02-07, title: x}}"
        )
    };
    site.brief("briefs/muscat.md", &front("Talks in Muscat", "Iran"), "English text.\n");
    site.brief("briefs/muscat.ar.md", &front("محادثات مسقط", "إيران"), "نص عربي.\n");
    // Persian from a language folder.
    site.brief("fa/briefs/muscat.md", &front("گفتگوهای مسقط", "Iran"), "متن فارسی.\n");
    site.brief("briefs/only-english.md", &front("Only in English", "Oman"), "Text.\n");
    site.brief("briefs/only-arabic.ar.md", &front("بالعربية فقط", "عُمان"), "نص.\n");
    site.brief("about.md", "title: About\nkind: page", "About us.\n");
    site.brief("about.ar.md", "title: من نحن\nkind: page", "عنا.\n");
}

/// The `hreflang` alternates of a page: language → absolute URL.
fn alternates(doc: &Html) -> BTreeMap<String, String> {
    doc.select(&sel("head link[rel=alternate][hreflang]"))
        .filter_map(|e| Some((e.value().attr("hreflang")?.to_string(), e.value().attr("href")?.to_string())))
        .collect()
}

/// The output file of an absolute URL of the fixture site.
fn file_of(url: &str) -> String {
    let path = percent_decode(url.strip_prefix("https://example.org/").expect("a URL of the site"));
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path }
}

#[test]
fn a_three_language_site_publishes_each_language_under_its_prefix() {
    let site = Site::new();
    three_languages(&site);
    site.build_ok(&[]);
    for (prefix, lang, dir) in [("", "en", "ltr"), ("ar/", "ar", "rtl"), ("fa/", "fa", "rtl")] {
        let all = pages(&site, prefix);
        for (path, doc) in &all {
            if prefix.is_empty() && (path.starts_with("ar/") || path.starts_with("fa/")) {
                continue;
            }
            assert_eq!(attrs(doc, "html", "lang"), [lang], "{path}");
            assert_eq!(attrs(doc, "html", "dir"), [dir], "{path}");
        }
        // Each language has its own home, lists, feeds and search index.
        for f in [
            "index.html",
            "timeline/index.html",
            "regions/gulf/index.html",
            "atom.xml",
            "feed.json",
            "search/index.html",
            "sitemap.xml",
        ] {
            assert!(site.path("public").join(prefix).join(f).is_file(), "{prefix}{f}");
        }
    }
    // Each language lists its own briefs only.
    let titles = |p: &str| texts(&site.html(p), ".brief-card-title a");
    assert_eq!(titles("index.html"), ["Talks in Muscat", "Only in English"]);
    assert_eq!(titles("ar/index.html"), ["محادثات مسقط", "بالعربية فقط"]);
    assert_eq!(titles("fa/index.html"), ["گفتگوهای مسقط"]);
    assert!(!site.path("public/ar/briefs/only-english").exists());
    // One search index per language, each with its own briefs' words.
    let index_text = |p: &str| -> String {
        list_files(&site.path("public").join(p))
            .iter()
            .map(|f| String::from_utf8_lossy(&std::fs::read(site.path("public").join(p).join(f)).unwrap()).into_owned())
            .collect()
    };
    let (en, ar) = (index_text("search"), index_text("ar/search"));
    assert!(ar.contains("بالعربية") && !en.contains("بالعربية"), "the Arabic brief is in the Arabic index only");
    assert!(en.contains("Only in English") && !ar.contains("Only in English"));
    // A term is one entity: the same slug under every prefix, named in each language, and an
    // Arabic brief that writes its Arabic name is filed under it.
    let iran = site.html("ar/actors/iran/index.html");
    assert!(texts(&iran, "h1").join(" ").contains("إيران"), "{:?}", texts(&iran, "h1"));
    assert_eq!(texts(&iran, ".brief-card-title a"), ["محادثات مسقط"]);
    assert!(!site.path("public/ar/actors/إيران").exists());
    assert!(texts(&site.html("ar/regions/index.html"), ".term-name").contains(&"الخليج".to_string()));
    for out in ["public", "public/ar", "public/fa"] {
        let base = if out == "public" { "/".to_string() } else { format!("/{}/", &out[7..]) };
        let problems: Vec<String> = broken_links(&site.path(out), &base)
            .into_iter()
            // Links to another language leave this language's folder, and are checked below.
            .filter(|p| !p.contains("is outside base path"))
            .collect();
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn translations_link_each_other_both_ways_in_heads_switchers_and_sitemaps() {
    let site = Site::new();
    three_languages(&site);
    site.build_ok(&[]);
    let en = site.html("briefs/muscat/index.html");
    let alts = alternates(&en);
    assert_eq!(
        alts,
        BTreeMap::from([
            ("en".to_string(), "https://example.org/briefs/muscat/".to_string()),
            ("ar".to_string(), "https://example.org/ar/briefs/muscat/".to_string()),
            ("fa".to_string(), "https://example.org/fa/briefs/muscat/".to_string()),
            ("x-default".to_string(), "https://example.org/briefs/muscat/".to_string()),
        ])
    );
    // Every alternate names every other, so each pair holds both ways.
    for start in ["index.html", "briefs/muscat/index.html", "about/index.html", "regions/index.html"] {
        let mine = alternates(&site.html(start));
        assert!(mine.len() >= 3, "{start}: {mine:?}");
        for (lang, url) in &mine {
            let theirs = alternates(&site.html(&file_of(url)));
            assert_eq!(theirs, mine, "{start} → {lang} {url}");
        }
        // The switcher links the same pages, each named in its own language.
        let doc = site.html(start);
        let switch: BTreeSet<String> = attrs(&doc, ".lang-switch a", "href").into_iter().collect();
        let expected: BTreeSet<String> = mine
            .iter()
            .filter(|(l, _)| *l != "x-default")
            .map(|(_, u)| u.strip_prefix("https://example.org").unwrap().to_string())
            .collect();
        assert_eq!(switch, expected, "{start}");
    }
    assert_eq!(texts(&en, ".lang-switch a[lang=fa]"), ["فارسی"]);
    // A brief in one language only has no alternates and no switcher.
    let alone = site.html("briefs/only-english/index.html");
    assert!(alternates(&alone).is_empty() && texts(&alone, ".lang-switch").is_empty());
    // The sitemap says the same, with Google's xhtml:link alternates.
    let xml = std::fs::read_to_string(site.path("public/sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|n| n.children().any(|c| c.has_tag_name("loc") && c.text() == Some("https://example.org/briefs/muscat/")))
        .expect("the brief is in the sitemap");
    let links: BTreeMap<String, String> = url
        .children()
        .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .map(|c| (c.attribute("hreflang").unwrap().to_string(), c.attribute("href").unwrap().to_string()))
        .collect();
    assert_eq!(links.get("ar").map(String::as_str), Some("https://example.org/ar/briefs/muscat/"));
    assert_eq!(links.get("fa").map(String::as_str), Some("https://example.org/fa/briefs/muscat/"));
    let robots = std::fs::read_to_string(site.path("public/robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/ar/sitemap.xml"), "{robots}");
    assert!(!site.path("public/ar/robots.txt").exists());
}

#[test]
fn a_draft_translation_is_not_linked_and_a_page_cannot_take_a_languages_prefix() {
    let site = Site::new();
    three_languages(&site);
    site.brief("briefs/only-english.ar.md", "title: مسودة\ndate: 2026-02-07\nregion: Gulf\ndraft: true", "نص.\n");
    site.build_ok(&[]);
    assert!(alternates(&site.html("briefs/only-english/index.html")).is_empty());
    assert!(!site.path("public/ar/briefs/only-english").exists());
    // A standalone page at /ar/ would be overwritten by the Arabic home page.
    site.brief("ar.md", "title: AR\nkind: page", "x\n");
    let r = site.build_err();
    assert!(r.stderr.contains("home page in language `ar`"), "{r:?}");
}

#[test]
fn the_preview_keeps_every_language_live_and_matches_a_clean_build() {
    use dossier::options::BuildOptions;
    use dossier::serve::rebuild::Live;
    use dossier::serve::watch::Change;
    let site = Site::new();
    three_languages(&site);
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(site.path("public")),
        base_url: Some("https://example.org/".into()),
        ..BuildOptions::default()
    };
    let (mut live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok(), "{:?}", first.diagnostics.sorted());
    assert!(alternates(&site.html("briefs/only-english/index.html")).is_empty());
    // A new translation: the Arabic page appears, and the English page links it.
    site.brief("briefs/only-english.ar.md", "title: بالإنجليزية أولا\ndate: 2026-02-07\nregion: Gulf", "نص.\n");
    let o = live.apply(&[Change::Content("briefs/only-english.ar.md".into())]);
    assert!(o.ok(), "{:?}", o.diagnostics.sorted());
    assert!(o.pages.iter().any(|p| p == "ar/briefs/only-english/index.html"), "{:?}", o.pages);
    let en = alternates(&site.html("briefs/only-english/index.html"));
    assert_eq!(en.get("ar").map(String::as_str), Some("https://example.org/ar/briefs/only-english/"));
    assert!(texts(&site.html("ar/index.html"), ".brief-card-title a").contains(&"بالإنجليزية أولا".to_string()));
    // Edited in the Arabic only: the English pages are not rendered again.
    site.brief("briefs/only-english.ar.md", "title: عنوان جديد\ndate: 2026-02-07\nregion: Gulf", "نص.\n");
    let o = live.apply(&[Change::Content("briefs/only-english.ar.md".into())]);
    assert!(o.pages.iter().all(|p| p.starts_with("ar/")), "{:?}", o.pages);
    // The preview's output is what a clean build writes.
    let reference = tempfile::tempdir().unwrap();
    let r = dossier::build::build(&BuildOptions { output_dir: Some(reference.path().join("out")), ..opts.clone() });
    assert!(r.ok(), "{:?}", r.diagnostics.sorted());
    let strip = |m: std::collections::BTreeMap<String, Vec<u8>>| -> std::collections::BTreeMap<String, Vec<u8>> {
        m.into_iter().filter(|(k, _)| !k.contains(".dossier")).collect()
    };
    let (got, want) = (strip(snapshot(&site.path("public"))), strip(snapshot(&reference.path().join("out"))));
    let differ: Vec<&String> = want
        .keys()
        .filter(|k| got.get(*k) != want.get(*k))
        .chain(got.keys().filter(|k| !want.contains_key(*k)))
        .collect();
    assert!(differ.is_empty(), "the preview differs from a clean build in {differ:?}");
}
