//! Citations: sources as entities (Admiralty grades, types, access dates, archived copies, the
//! `/sources/` index where one source cited by several briefs is one entry, cite counts on
//! each brief), backlinks ("Cited by", kept current by the preview exactly as a clean build
//! makes them), and supersedes chains (circles refused, the newest of a chain linked, superseded
//! briefs marked in lists).

use std::path::Path;

use dossier::build::build;
use dossier::options::BuildOptions;
use dossier::serve::rebuild::Live;
use dossier::serve::watch::Change;

use crate::prelude::*;

/// Warnings of a report, as messages.
fn warnings_of(report: &serde_json::Value) -> Vec<String> {
    check_diagnostics(report).into_iter().filter(|d| d.0 == "warning").map(|d| d.3).collect()
}

#[test]
fn graded_sources_show_their_grade_with_its_meaning_type_dates_and_archived_copy() {
    let site = Site::new();
    site.write("site.yaml", &format!("{SITE_YAML}date_format: \"%d %B %Y\"\n"));
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-02-01\nregion: Gulf\nsources:\n  - {title: Report, url: \"https://iaea.org/r\", publisher: IAEA, date: 2026-01-30, grade: B2, type: official, accessed: 2026-01-31, archived: \"https://web.archive.org/web/2026/https://iaea.org/r\"}\n  - {title: Interview, reliability: f, credibility: 6, type: Human}\n  - {title: Plain}",
        "Body.\n",
    );
    site.build_ok(&[]);
    let page = site.html("briefs/a/index.html");
    assert_eq!(texts(&page, ".source-list abbr.grade"), ["B2", "F6"]);
    assert_eq!(
        attrs(&page, ".source-list abbr.grade", "title"),
        ["B: usually reliable; 2: probably true", "F: reliability cannot be judged; 6: truth cannot be judged"]
    );
    // The meaning is also read out by screen readers, which do not show a title.
    assert_eq!(texts(&page, "#source-1 .visually-hidden"), ["(B: usually reliable; 2: probably true)"]);
    assert_eq!(texts(&page, ".source-list .source-type"), ["official", "human"]);
    assert!(page.select(&sel("#source-3 abbr, #source-3 .source-type")).next().is_none(), "no grade, no type");
    assert_eq!(
        attrs(&page, "#source-1 .source-archived", "href"),
        ["https://web.archive.org/web/2026/https://iaea.org/r"]
    );
    // Dates as the site writes them, the machine-readable date beside.
    assert_eq!(texts(&page, "#source-1 > time"), ["30 January 2026"]);
    assert_eq!(attrs(&page, "#source-1 > time", "datetime"), ["2026-01-30"]);
    assert_eq!(texts(&page, "#source-1 .source-accessed"), ["Accessed 31 January 2026"]);
}

#[test]
fn grades_outside_the_scale_and_unknown_types_are_errors_at_the_key_written() {
    let site = Site::new();
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-02-01\nregion: Gulf\nsources:\n  - {title: One, reliability: G}\n  - {title: Two, credibility: 7}\n  - {title: Three, grade: B9}\n  - {title: Four, type: blog}\n  - {title: Five, archived: \"ftp://x\", accessed: yesterday}",
        "Body.\n",
    );
    let (code, report) = site.check_json(&[]);
    assert_eq!(code, 1);
    let errors = errors_of(&report);
    let said: Vec<(&str, u64, &str)> = errors.iter().map(|(f, l, m, _)| (f.as_str(), *l, m.as_str())).collect();
    assert_eq!(said.len(), 6, "{errors:#?}");
    // Each at its source's line (the front matter starts on line 2, `sources:` is line 5).
    let lines: Vec<u64> = said.iter().map(|(_, l, _)| *l).collect();
    assert_eq!(lines, [6, 7, 8, 9, 10, 10]);
    assert!(said.iter().all(|(f, _, _)| *f == "content/briefs/a.md"));
    assert!(said[0].2.starts_with("source 1: its `reliability` \"G\" is not a grade from A to F"), "{said:?}");
    assert!(said[1].2.starts_with("source 2: its `credibility` \"7\" is not a grade from 1 to 6"), "{said:?}");
    assert!(said[2].2.starts_with("source 3: its `grade` \"B9\" is not an Admiralty grade"), "{said:?}");
    assert_eq!(
        said[3].2,
        "source 4: unknown `type` \"blog\": a source's type is one of official, media, social, imagery, human, academic"
    );
    // Two on one line, in the order they are written.
    assert!(said[4].2.starts_with("source 5: its `archived` \"ftp://x\" is not an http(s) address"), "{said:?}");
    assert!(said[5].2.starts_with("source 5: its `accessed`: \"yesterday\" is not a date"), "{said:?}");
    // The hint lists both scales.
    let hint = &errors[0].3;
    for grade in ["A completely reliable", "F reliability cannot be judged", "1 confirmed by other sources", "6 truth"]
    {
        assert!(hint.contains(grade), "{grade} is not in the hint: {hint}");
    }
    // A source written as a block points at the very key, line and column.
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-02-01\nregion: Gulf\nsources:\n  - title: Fine\n    grade: B2\n  - title: Wrong\n    url: \"https://x.org\"\n    credibility: 7",
        "Body.\n",
    );
    let report = site.check_json(&[]).1;
    let d = &report["diagnostics"][0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(10), Some(5)), "{d}");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(1), "{report}");
}

/// Three briefs citing one report under three spellings of its URL, and a book without URL
/// under two spellings of its title; a draft citing the report too.
fn shared_sources_site() -> Site {
    let site = Site::new();
    site.brief(
        "briefs/new.md",
        "title: Newest\ndate: 2026-03-01\nregion: Gulf\nsources:\n  - {title: IAEA report, url: \"HTTPS://IAEA.org/report/#p2\", grade: A1}\n  - {title: The  Book, publisher: Press}",
        "Body.\n",
    )
    .brief(
        "briefs/mid.md",
        "title: Middle\ndate: 2026-02-01\nregion: Gulf\nsources:\n  - {title: IAEA GOV/2026, url: \"https://iaea.org/report\"}\n  - {title: Only here, url: \"https://example.org/x\"}",
        "Body.\n",
    )
    .brief(
        "briefs/old.md",
        "title: Oldest\ndate: 2026-01-01\nregion: Gulf\nsources:\n  - {title: the book, publisher: press}\n  - {title: IAEA, url: \"https://iaea.org/report/\"}\n  - {title: The Book, publisher: Another press}",
        "Body.\n",
    )
    .brief(
        "briefs/secret.md",
        "title: Secret draft\ndate: 2026-01-15\nregion: Gulf\ndraft: true\nsources:\n  - {title: IAEA, url: \"https://iaea.org/report\"}",
        "Body.\n",
    );
    site
}

#[test]
fn the_sources_index_lists_each_source_once_with_the_briefs_citing_it() {
    let site = shared_sources_site();
    site.build_ok(&[]);
    let index = site.html("sources/index.html");
    let entries: Vec<(String, Vec<String>)> = index
        .select(&sel(".source-entry"))
        .map(|e| {
            let title = e.select(&sel(".source-entry-title a, .source-entry-title cite")).next().unwrap();
            let briefs =
                e.select(&sel(".source-briefs a")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
            (title.text().collect(), briefs)
        })
        .collect();
    let (new, mid, old) = ("/briefs/new/".to_string(), "/briefs/mid/".to_string(), "/briefs/old/".to_string());
    // By title, as the newest brief citing each writes it; the draft is nowhere. The book
    // without URL is one source under two spellings of its title and publisher, and another
    // with a different publisher.
    let expected: Vec<(String, Vec<String>)> = vec![
        ("IAEA report".into(), vec![new.clone(), mid.clone(), old.clone()]),
        ("Only here".into(), vec![mid.clone()]),
        ("The Book".into(), vec![new.clone(), old.clone()]),
        ("The Book".into(), vec![old.clone()]),
    ];
    let entries: Vec<(String, Vec<String>)> =
        entries.into_iter().map(|(t, b)| (t.split_whitespace().collect::<Vec<_>>().join(" "), b)).collect();
    assert_eq!(entries, expected);
    let publishers: Vec<String> =
        texts(&index, ".source-entry-title").into_iter().filter(|t| t.contains("Book")).collect();
    assert_eq!(publishers, ["Press, The Book", "Another press, The Book"]);
    assert!(!index.html().contains("Secret draft") && !index.html().contains("secret"), "a draft is not shown");
    assert_eq!(texts(&index, ".source-entry .meta").first().map(String::as_str), Some("Cited by 3 briefs:"));
    // The footer links the index.
    assert!(attrs(&index, ".site-footer a", "href").contains(&"/sources/".to_string()));
}

#[test]
fn each_source_on_a_brief_says_how_many_other_briefs_cite_it_and_links_its_entry() {
    let site = shared_sources_site();
    site.build_ok(&[]);
    let index = site.html("sources/index.html");
    let ids = attrs(&index, ".source-entry", "id");
    let cited = |brief: &str| -> Vec<(String, String)> {
        let page = site.html(&format!("briefs/{brief}/index.html"));
        page.select(&sel(".source-list > li"))
            .map(|li| {
                let a = li.select(&sel(".source-cited")).next();
                let text = a.map(|a| a.text().collect::<String>()).unwrap_or_default();
                (text, a.and_then(|a| a.value().attr("href")).unwrap_or("").to_string())
            })
            .collect()
    };
    let entry = |i: usize| format!("/sources/#{}", ids[i]);
    assert_eq!(
        cited("new"),
        [("Cited by 2 other briefs".to_string(), entry(0)), ("Cited by 1 other brief".to_string(), entry(2))]
    );
    assert_eq!(cited("mid"), [("Cited by 2 other briefs".to_string(), entry(0)), (String::new(), String::new())]);
    assert_eq!(
        cited("old"),
        [
            ("Cited by 1 other brief".to_string(), entry(2)),
            ("Cited by 2 other briefs".to_string(), entry(0)),
            (String::new(), String::new())
        ]
    );
    // Every link to the index names an entry there.
    assert!(broken_links(&site.path("public"), "/").is_empty());
}

#[test]
fn cited_by_lists_the_published_briefs_linking_to_a_brief_newest_first() {
    let site = Site::new();
    site.brief("briefs/base.md", "title: Base\ndate: 2025-01-01\nregion: Gulf", "The first look.\n")
        .brief(
            "briefs/second.md",
            "title: Second\ndate: 2025-02-01\nregion: Gulf",
            "Builds on [the base](@/briefs/base.md) and [again](base.md#top).\n",
        )
        .brief("briefs/third.md", "title: Third\ndate: 2025-03-01\nregion: Gulf", "See [base](../briefs/base.md).\n")
        .brief(
            "briefs/draft.md",
            "title: Draft\ndate: 2025-04-01\nregion: Gulf\ndraft: true",
            "Cites [base](@/briefs/base.md).\n",
        )
        .brief("briefs/self.md", "title: Self\ndate: 2025-05-01\nregion: Gulf", "See [myself](self.md).\n")
        .write("content/about.md", "---\ntitle: About\nkind: page\n---\nRead [base](@/briefs/base.md).\n");
    site.build_ok(&[]);
    let cited_by = |b: &str| attrs(&site.html(&format!("briefs/{b}/index.html")), ".cited-by a", "href");
    assert_eq!(cited_by("base"), ["/briefs/third/", "/briefs/second/"], "briefs only, each once, newest first");
    assert!(cited_by("second").is_empty() && cited_by("third").is_empty());
    assert!(cited_by("self").is_empty(), "a brief does not cite itself");
    assert_eq!(texts(&site.html("briefs/base/index.html"), ".cited-by h2"), ["Cited by"]);
    // With drafts built, the draft cites it too.
    site.build_ok(&["--drafts"]);
    assert_eq!(cited_by("base"), ["/briefs/draft/", "/briefs/third/", "/briefs/second/"]);
}

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1:4747/".into()),
        ..BuildOptions::default()
    }
}

/// The preview's output is the same, byte for byte, as a clean build's.
fn assert_same_as_clean_build(site: &Site, step: &str) {
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("out");
    let r = build(&options(site.root(), &out));
    assert!(r.ok(), "{step}: clean build failed: {:?}", r.diagnostics.sorted());
    let (live, clean) = (snapshot(&site.path("public")), snapshot(&out));
    assert_eq!(live.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>(), "{step}: file lists");
    for (name, bytes) in &live {
        assert!(bytes == &clean[name], "{step}: {name} differs from a clean build");
    }
}

#[test]
fn the_preview_updates_backlinks_and_cite_counts_as_links_and_sources_come_and_go() {
    let site = Site::new();
    let source = "sources:\n  - {title: Report, url: \"https://x.org/r\"}";
    site.brief("briefs/b.md", &format!("title: B\ndate: 2025-01-01\nregion: Gulf\n{source}"), "B.\n").brief(
        "briefs/a.md",
        "title: A\ndate: 2025-02-01\nregion: Gulf",
        "A, no link yet.\n",
    );
    let (mut live, first) = Live::start(&options(site.root(), &site.path("public"))).unwrap();
    assert!(first.ok());
    let cited_by = || attrs(&site.html("briefs/b/index.html"), ".cited-by a", "href");
    assert!(cited_by().is_empty());
    let edit = |live: &mut Live, front: &str, body: &str, step: &str| {
        site.brief("briefs/a.md", &format!("title: A\ndate: 2025-02-01\nregion: Gulf{front}"), body);
        assert!(live.apply(&[Change::Content("briefs/a.md".into())]).ok(), "{step}");
        assert_same_as_clean_build(&site, step);
    };
    edit(&mut live, "", "A now cites [B](@/briefs/b.md).\n", "add a link");
    assert_eq!(cited_by(), ["/briefs/a/"]);
    edit(&mut live, "", "A, the link gone.\n", "remove the link");
    assert!(cited_by().is_empty());
    // A's source is B's: B's page counts it, and the index lists both.
    edit(&mut live, &format!("\n{}", source.replace("/r", "/r/")), "A.\n", "cite B's source");
    assert_eq!(texts(&site.html("briefs/b/index.html"), ".source-cited"), ["Cited by 1 other brief"]);
    assert_eq!(attrs(&site.html("sources/index.html"), ".source-briefs a", "href"), ["/briefs/a/", "/briefs/b/"]);
    edit(&mut live, "", "A.\n", "drop the source");
    assert!(texts(&site.html("briefs/b/index.html"), ".source-cited").is_empty());
    // B's title changes: A's page names it, since A cites B.
    edit(&mut live, "", "A cites [B](@/briefs/b.md).\n", "link again");
    site.brief("briefs/b.md", &format!("title: B renamed\ndate: 2025-01-01\nregion: Gulf\n{source}"), "B.\n");
    assert!(live.apply(&[Change::Content("briefs/b.md".into())]).ok());
    assert_same_as_clean_build(&site, "rename the cited brief");
    site.brief("briefs/a.md", "title: A renamed\ndate: 2025-02-01\nregion: Gulf", "A cites [B](@/briefs/b.md).\n");
    assert!(live.apply(&[Change::Content("briefs/a.md".into())]).ok());
    assert_eq!(texts(&site.html("briefs/b/index.html"), ".cited-by li > a"), ["A renamed"]);
    assert_same_as_clean_build(&site, "rename the citing brief");
}

#[test]
fn a_supersedes_circle_of_three_is_one_error_naming_every_file() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf\nsupersedes: briefs/c.md", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-02-01\nregion: Gulf\nsupersedes: briefs/a.md", "B.\n")
        .brief("briefs/c.md", "title: C\ndate: 2025-03-01\nregion: Gulf\nsupersedes: briefs/b.md", "C.\n");
    let errors = errors_of(&site.check_json(&[]).1);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    for f in ["content/briefs/a.md", "content/briefs/b.md", "content/briefs/c.md"] {
        assert!(errors[0].2.contains(f), "{f} is not named: {:?}", errors[0]);
    }
    assert_eq!(errors[0].1, 5, "at the line of `supersedes`");
}

#[test]
fn an_old_brief_links_the_newest_of_its_chain_and_lists_mark_superseded_briefs() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf\ntags: [t]", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-02-01\nregion: Gulf\ntags: [t]\nsupersedes: briefs/a.md", "B.\n")
        .brief(
            "briefs/c.md",
            "title: C\ndate: 2025-03-01\nregion: Gulf\ntags: [t]\nsupersedes: briefs/b.md",
            "C cites [A](@/briefs/a.md).\n",
        )
        .brief("briefs/d.md", "title: D\ndate: 2025-01-15\nregion: Gulf\ntags: [t]\nstatus: superseded", "D.\n");
    site.build_ok(&[]);
    let a = site.html("briefs/a/index.html");
    let banner = texts(&a, ".banner-superseded");
    assert_eq!(attrs(&a, ".banner-superseded a", "href"), ["/briefs/b/", "/briefs/c/"], "B mentioned, C linked");
    assert!(banner[0].contains("the latest assessment is C"), "{banner:?}");
    // Lists mark what is superseded, and nothing else.
    let marked = |doc: &scraper::Html| -> Vec<String> {
        doc.select(&sel(".brief-card-title"))
            .filter(|t| t.select(&sel(".badge-superseded")).next().is_some())
            .map(|t| t.select(&sel("a")).next().unwrap().text().collect())
            .collect()
    };
    assert_eq!(marked(&site.html("index.html")), ["B", "D", "A"]);
    assert_eq!(marked(&site.html("tags/t/index.html")), ["B", "D", "A"]);
    assert_eq!(texts(&site.html("index.html"), ".badge-superseded"), ["Superseded"; 3]);
    // Related briefs and backlinks mark them too.
    let c = site.html("briefs/c/index.html");
    let related: Vec<(String, bool)> = c
        .select(&sel(".related-list li"))
        .map(|li| {
            let title: String = li.select(&sel("a")).next().unwrap().text().collect();
            (title, li.select(&sel(".badge-superseded")).next().is_some())
        })
        .collect();
    assert!(related.iter().all(|(t, m)| *m == (t != "C")), "{related:?}");
    assert!(related.iter().any(|(_, m)| *m), "{related:?}");
    assert_eq!(texts(&a, ".cited-by .badge-superseded"), Vec::<String>::new(), "C, citing A, is current");
    // The example site-style check: no warnings for any of it.
    assert!(warnings_of(&site.check_json(&[]).1).is_empty());
}

#[test]
fn a_retracted_brief_keeps_its_graded_sources_but_counts_for_nothing() {
    let site = Site::new();
    let source = "sources:\n  - {title: Report, url: \"https://x.org/r\", grade: E5}";
    site.brief("briefs/kept.md", &format!("title: Kept\ndate: 2025-01-01\nregion: Gulf\n{source}"), "K.\n").brief(
        "briefs/gone.md",
        &format!(
            "title: Gone\ndate: 2025-02-01\nregion: Gulf\nstatus: retracted\nretraction: {{date: 2025-03-01, reason: Wrong.}}\n{source}"
        ),
        "Links [kept](@/briefs/kept.md).\n",
    );
    site.build_ok(&[]);
    let gone = site.html("briefs/gone/index.html");
    assert_eq!(texts(&gone, ".source-list abbr.grade"), ["E5"]);
    assert!(texts(&gone, ".source-cited").is_empty() && texts(&gone, ".cited-by").is_empty());
    let kept = site.html("briefs/kept/index.html");
    assert!(texts(&kept, ".source-cited").is_empty(), "a retracted brief is listed nowhere");
    assert!(texts(&kept, ".cited-by").is_empty(), "nor cites anything");
    assert_eq!(attrs(&site.html("sources/index.html"), ".source-briefs a", "href"), ["/briefs/kept/"]);
}
