//! Nothing breaks on publish: images and attachments kept beside briefs are published and
//! their references resolve, every local reference is checked (file, line, a suggestion),
//! root-relative paths honour a base path, ids are unique on every page, and footnotes are
//! numbered and linked as readers expect.

use crate::http::{Server, get, wait_for};
use crate::prelude::*;
use crate::published::broken_published_links_counted;

const DEEP: &str = "https://example.org/deep/path/";

/// A brief with a sibling image and an attachment, and a bundle with its own image (with a
/// space in its name) and a data file.
fn assets_site() -> Site {
    let site = Site::new();
    site.write_bytes("content/briefs/map.png", &png(40, 20))
        .write_bytes("content/briefs/gaza-aid/Aid routes.png", &png(30, 10))
        .write("content/briefs/gaza-aid/deliveries.csv", "date,trucks\n2026-01-02,120\n")
        .write("content/files/report.pdf", "%PDF-1.4\n% a tiny attachment\n")
        .write_bytes("static/img/logo.png", &png(8, 8));
    site.brief(
        "briefs/strait.md",
        "title: The strait\ndate: 2026-02-07\nregion: Gulf",
        "## Summary\n\n![Map of\nthe strait](map.png \"Shipping lanes\")\n\nThe [full report](../files/report.pdf) and the\n[aid brief](gaza-aid/index.md#routes).\n",
    )
    .brief(
        "briefs/gaza-aid/index.md",
        "title: Aid into Gaza\ndate: 2026-01-02\nregion: Levant",
        "## Routes\n\n![Aid routes into Gaza](<Aid routes.png>)\n\n![The map again](../map.png)\n\nThe [deliveries](deliveries.csv).\n",
    );
    site
}

/// The output file a `src` or `href` of the page at `page` (its folder, `briefs/x/`) names,
/// as a browser resolves it, for a site served at `base_path`.
fn target(page: &str, url: &str, base_path: &str) -> String {
    let path = percent_decode(url.split(['#', '?']).next().unwrap());
    match path.strip_prefix(base_path) {
        Some(rest) => rest.to_string(),
        None => format!("{page}{path}"),
    }
}

#[test]
fn images_beside_a_brief_and_in_a_bundle_are_published_and_their_src_resolve() {
    let site = assets_site();
    site.build_ok(&[]);
    let files = site.files("public");
    for f in ["briefs/map.png", "briefs/gaza-aid/Aid routes.png", "briefs/gaza-aid/deliveries.csv", "files/report.pdf"]
    {
        assert!(files.contains(&f.to_string()), "{f} not published: {files:?}");
    }
    // The bundle's image sits beside its page; the sibling's beside the brief's file.
    assert!(files.contains(&"briefs/gaza-aid/index.html".to_string()));
    let strait = site.html("briefs/strait/index.html");
    let srcs = attrs(&strait, ".prose img", "src");
    assert_eq!(srcs, ["/briefs/map.png"]);
    let bundle = site.html("briefs/gaza-aid/index.html");
    let srcs = attrs(&bundle, ".prose img", "src");
    assert_eq!(srcs, ["/briefs/gaza-aid/Aid%20routes.png", "/briefs/map.png"]);
    for (page, doc) in [("briefs/strait/", &strait), ("briefs/gaza-aid/", &bundle)] {
        for src in attrs(doc, ".prose img", "src") {
            let file = target(page, &src, "/");
            assert_eq!(
                std::fs::read(site.path("public").join(&file)).unwrap(),
                std::fs::read(site.path("content").join(&file)).unwrap(),
                "{src}"
            );
        }
    }
    // Sizes from the files, lazy loading below the first image, alt text with its spaces.
    let img = |doc: &scraper::Html, n: usize| doc.select(&sel(".prose img")).nth(n).unwrap().value().clone();
    let map = img(&strait, 0);
    assert_eq!((map.attr("width"), map.attr("height"), map.attr("loading")), (Some("40"), Some("20"), None));
    assert_eq!(map.attr("alt"), Some("Map of the strait"));
    assert_eq!(texts(&strait, "figure figcaption"), ["Shipping lanes"]);
    let routes = img(&bundle, 0);
    assert_eq!((routes.attr("width"), routes.attr("height"), routes.attr("loading")), (Some("30"), Some("10"), None));
    assert_eq!(img(&bundle, 1).attr("loading"), Some("lazy"));
}

#[test]
fn attachments_and_data_files_resolve() {
    let site = assets_site();
    site.build_ok(&[]);
    let strait = site.html("briefs/strait/index.html");
    let pdf = attrs(&strait, ".prose a[href$='.pdf']", "href");
    assert_eq!(pdf, ["/files/report.pdf"]);
    assert_eq!(
        std::fs::read_to_string(site.path("public").join(target("briefs/strait/", &pdf[0], "/"))).unwrap(),
        "%PDF-1.4\n% a tiny attachment\n"
    );
    let bundle = site.html("briefs/gaza-aid/index.html");
    assert_eq!(attrs(&bundle, ".prose a[href$='.csv']", "href"), ["/briefs/gaza-aid/deliveries.csv"]);
    assert_eq!(attrs(&strait, ".prose a[href*='gaza-aid']", "href"), ["/briefs/gaza-aid/#routes"]);
    let (problems, checked) = broken_links_counted(&site.path("public"), "/");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn missing_images_attachments_fragments_and_encoded_links_are_each_an_error_with_file_and_line() {
    let site = assets_site();
    site.brief("briefs/café.md", "title: Café\ndate: 2025-01-01\nregion: Gulf", "Body.\n");
    site.brief("briefs/secret.md", "title: Secret\ndate: 2025-01-01\nregion: Gulf\ndraft: true", "Body.\n");
    site.brief(
        "briefs/broken.md",
        "title: Broken\ndate: 2026-03-01\nregion: Gulf",
        "## Background\n\n![A map](maps.png)\n\nSee [the report](../files/reports.pdf).\n\nAnd [the routes](gaza-aid/index.md#route).\n\nAnd [the café](caf%C3%A8.md) or [the secret](secrets.md).\n\nFine: [café](caf%C3%A9.md), [routes](gaza-aid/#routes), [here](#background), [talks](@/briefs/strait.md#summary).\n",
    );
    let v = site.check_json(&[]).1;
    assert_eq!(v["ok"], false);
    let errors: Vec<(String, String, u64, String)> =
        check_diagnostics(&v).into_iter().filter(|d| d.0 == "error").collect();
    let file = "content/briefs/broken.md";
    let expect = [
        (
            8,
            "missing image: `maps.png` refers to content/briefs/maps.png, and there is no such image; did you mean `map.png`?",
        ),
        (
            10,
            "broken link: `../files/reports.pdf` refers to content/files/reports.pdf, and there is no such file; did you mean `../files/report.pdf`?",
        ),
        (
            12,
            "broken link: `gaza-aid/index.md#route`: content/briefs/gaza-aid/index.md has no heading or footnote with the id `route`; did you mean `#routes`?",
        ),
        (
            14,
            "broken link: `caf%C3%A8.md` links to content/briefs/cafè.md, which does not exist; did you mean `@/briefs/café.md`?",
        ),
        // A misspelt link is never pointed at a draft (secret.md), however close.
        (
            14,
            "broken link: `secrets.md` links to content/briefs/secrets.md, which does not exist; did you mean `@/briefs/strait.md`?",
        ),
    ];
    let got: Vec<(&str, u64, &str)> = errors.iter().map(|(_, f, line, m)| (f.as_str(), *line, m.as_str())).collect();
    let want: Vec<(&str, u64, &str)> = expect.iter().map(|(line, m)| (file, *line, *m)).collect();
    assert_eq!(got, want);
    // Nothing was said about the good references on line 16.
    assert!(check_diagnostics(&v).iter().all(|d| d.2 != 16), "{v:#}");
    let built = site.run(&["build"]);
    assert_eq!(built.code, 1, "{built:?}");
    assert!(!site.path("public").exists(), "a failed build publishes nothing");
}

#[test]
fn valid_encoded_links_and_fragments_pass() {
    let site = assets_site();
    site.brief(
        "briefs/café.md",
        "title: Café\ndate: 2025-01-01\nregion: Gulf",
        "## Menu\n\nText[^note].\n\n[^note]: A note.\n",
    );
    site.brief(
        "briefs/links.md",
        "title: Links\ndate: 2026-03-01\nregion: Gulf",
        "## Background\n\n[café](caf%C3%A9.md#menu), [its note](caf%C3%A9.md?ref=1#fn-note), [routes](gaza-aid/#routes), [here](#background), [talks](@/briefs/strait.md#summary), [top](#top), [sources](#dossier-sources).\n",
    );
    let v = site.check_json(&[]).1;
    assert_eq!(
        (v["ok"].clone(), v["errors"].clone(), v["warnings"].clone()),
        (true.into(), 0.into(), 0.into()),
        "{v:#}"
    );
    site.build_ok(&[]);
    let doc = site.html("briefs/links/index.html");
    let hrefs = attrs(&doc, ".prose a:not(.anchor)", "href");
    assert_eq!(
        hrefs,
        [
            "/briefs/cafe/#menu",
            "/briefs/cafe/?ref=1#fn-note",
            "/briefs/gaza-aid/#routes",
            "#background",
            "/briefs/strait/#summary",
            "#top",
            "#dossier-sources"
        ]
    );
}

#[test]
fn root_relative_links_resolve_under_a_deep_base_path() {
    let site = assets_site();
    site.brief(
        "about.md",
        "title: About\nkind: page",
        "The ![logo](/img/logo.png), the [timeline](/timeline/), the [map](/briefs/map.png), the [aid brief](/briefs/gaza-aid/#routes) and [the data](/briefs/gaza-aid/deliveries.csv).\n",
    );
    // A template override that links static files through `url()`, srcset included.
    let page = std::fs::read_to_string(repo().join("themes/default/templates/page.html")).unwrap();
    let page = page.replace(
        "<div class=\"prose\">",
        "<img class=\"logo\" src=\"{{ url(path='img/logo.png') }}\" srcset=\"{{ url(path='img/logo.png') }} 1x, {{ url(path='/img/logo.png') }} 2x\" alt=\"\">\n  <div class=\"prose\">",
    );
    site.write("templates/page.html", &page);
    site.build_ok(&["--base-url", DEEP]);
    let out = site.path("public");
    let about = site.html("about/index.html");
    assert_eq!(attrs(&about, ".prose img", "src"), ["/deep/path/img/logo.png"]);
    assert_eq!(attrs(&about, ".prose img", "width"), ["8"], "the static image's size is read too");
    assert_eq!(
        attrs(&about, ".prose a", "href"),
        [
            "/deep/path/timeline/",
            "/deep/path/briefs/map.png",
            "/deep/path/briefs/gaza-aid/#routes",
            "/deep/path/briefs/gaza-aid/deliveries.csv"
        ]
    );
    assert_eq!(attrs(&about, "img.logo", "srcset"), ["/deep/path/img/logo.png 1x, /deep/path/img/logo.png 2x"]);
    assert_eq!(attrs(&site.html("briefs/strait/index.html"), ".prose img", "src"), ["/deep/path/briefs/map.png"]);
    // Every href, src and srcset of every page, feed and JSON file that points into the site
    // names a produced file.
    let (problems, checked) = broken_links_counted(&out, "/deep/path/");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 100, "only {checked} links checked");
    let (problems, checked) = broken_published_links_counted(&out, DEEP);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 20, "only {checked} feed, sitemap and JSON links checked");
    // The same output read as if served at the root has broken links: the check can fail.
    assert!(!broken_links_counted(&out, "/").0.is_empty());
    // The feed's full text carries the figure with an absolute URL.
    let feed = crate::published::feed(&out, "atom.xml");
    let body = feed.entries.iter().filter_map(|e| e.content.as_ref()?.body.clone()).collect::<String>();
    assert!(body.contains("src=\"https://example.org/deep/path/briefs/map.png\""), "{body}");
}

#[test]
fn a_root_relative_path_to_nothing_is_an_error_and_a_missing_slash_a_warning() {
    let site = Site::new();
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-01-01\nregion: Gulf",
        "![Logo](/img/nope.png)\n\n[Timeline](/timeline) and [gone](/no-such-page/).\n",
    );
    let got = check_diagnostics(&site.check_json(&[]).1);
    let line = |l: u64| got.iter().filter(|d| d.2 == l).map(|d| (d.0.as_str(), d.3.as_str())).collect::<Vec<_>>();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(line(6), [("error", "missing image: `/img/nope.png`: the site has no file /img/nope.png")]);
    assert_eq!(
        line(8),
        [
            (
                "warning",
                "broken link: `/timeline`: /timeline is a folder: write `/timeline/` (without the slash, it costs a redirect)"
            ),
            ("error", "broken link: `/no-such-page/`: the site has no page or file /no-such-page/"),
        ]
    );
}

/// Headings named like the theme's own elements, with footnotes of the same labels, on a brief,
/// a standalone page and a term description.
fn clashing_ids_site() -> Site {
    let site = Site::new();
    let body = "# Brief title[^brief-title]\n\n## Main[^main]\n\n## Summary[^summary]\n\n## Sources\n\n## Year 2026\n\nText[^summary] and more[^main].\n\n[^main]: The main note.\n[^summary]: The summary note.\n[^brief-title]: On the title.\n";
    site.brief(
        "briefs/clash.md",
        "title: Clash\ndate: 2026-01-01\nregion: Gulf\nsources:\n  - title: A source\nkey_judgments: [One]\nbluf: Bottom line.",
        body,
    )
    .brief("about.md", "title: About\nkind: page", body)
    .brief("regions/gulf.md", "title: The Gulf", body);
    site
}

#[test]
fn no_page_has_a_duplicate_id() {
    let site = clashing_ids_site();
    site.build_ok(&[]);
    let problems = duplicate_ids(&site.path("public"));
    assert!(problems.is_empty(), "{problems:#?}");
    // The heading and the note named alike both exist, apart, and the reference jumps to the note.
    let doc = site.html("briefs/clash/index.html");
    let ids = attrs(&doc, "[id]", "id");
    for id in ["main", "main-1", "brief-title", "brief-title-1", "summary", "fn-summary", "fn-main", "fnref-summary"] {
        assert!(ids.contains(&id.to_string()), "no id {id} in {ids:?}");
    }
    assert_eq!(attrs(&doc, "h2#summary sup a", "href"), ["#fn-summary"]);
    assert_eq!(attrs(&doc, "main", "id"), ["main"]);
    let (problems, _) = broken_links_counted(&site.path("public"), "/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_example_site_has_no_duplicate_id() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let r = run_in(repo(), &["build", "--output-dir", out.to_str().unwrap()]);
    assert!(r.ok(), "{r:?}");
    let problems = duplicate_ids(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn footnotes_are_numbered_in_reading_order_with_working_back_links() {
    let site = clashing_ids_site();
    site.build_ok(&[]);
    let doc = site.html("briefs/clash/index.html");
    // References in reading order, headings included: brief-title, main, summary, summary, main.
    let refs: Vec<(String, String)> = doc
        .select(&sel("sup.footnote-reference a"))
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap().to_string()))
        .collect();
    let numbers: Vec<&str> = refs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "3", "2"]);
    // One ordered list at the end of the text, in that order.
    let notes = sel("section[role='doc-endnotes'] > ol > li");
    assert_eq!(doc.select(&sel("section[role='doc-endnotes']")).count(), 1);
    let items: Vec<String> = doc.select(&notes).map(|li| li.value().id().unwrap().to_string()).collect();
    assert_eq!(items, ["fn-brief-title", "fn-main", "fn-summary"]);
    for (n, href) in &refs {
        let li = &items[n.parse::<usize>().unwrap() - 1];
        assert_eq!(href, &format!("#{li}"), "reference {n} jumps to its note");
    }
    // Each note links back to every reference to it, with a label a screen reader can say.
    let back = sel("a.footnote-backref");
    let ref_ids: Vec<String> = attrs(&doc, "sup.footnote-reference a", "id");
    let backs: Vec<(String, String)> = doc
        .select(&notes)
        .flat_map(|li| {
            li.select(&back)
                .map(|a| {
                    (a.value().attr("href").unwrap().to_string(), a.value().attr("aria-label").unwrap().to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(backs.len(), ref_ids.len(), "{backs:?}");
    for (href, label) in &backs {
        assert!(ref_ids.contains(&href[1..].to_string()), "{href} goes nowhere");
        assert!(label.starts_with("Back to reference"), "{label}");
    }
    assert_eq!(backs[1].1, "Back to reference 2");
    assert_eq!(backs[2].1, "Back to reference 2 (2)");
    // After the text, before the theme's Sources section.
    let html = std::fs::read_to_string(site.path("public/briefs/clash/index.html")).unwrap();
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at("id=\"year-2026-1\"") < at("doc-endnotes") && at("doc-endnotes") < at("id=\"dossier-sources\""));
}

#[test]
fn unused_and_undefined_footnotes_and_images_without_alt_text_are_warnings() {
    let site = assets_site();
    site.brief(
        "briefs/notes.md",
        "title: Notes\ndate: 2026-03-01\nregion: Gulf",
        "Cited[^a] and [^missing].\n\n![](map.png)\n\n[^a]: Used.\n[^b]: Never used.\n",
    );
    let v = site.check_json(&[]).1;
    assert_eq!(v["ok"], true, "{v:#}");
    let got: Vec<(u64, String)> =
        check_diagnostics(&v).into_iter().filter(|d| d.0 == "warning").map(|d| (d.2, d.3)).collect();
    let got: Vec<(u64, &str)> = got.iter().map(|(line, m)| (*line, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (6, "footnote [^missing] has no definition, so it is shown as text"),
            (8, "`/briefs/map.png`: image without alt text: screen readers and failed loads show nothing"),
            (11, "footnote [^b] is defined but never referred to, so it is not shown"),
        ]
    );
    site.build_ok(&[]);
    let doc = site.html("briefs/notes/index.html");
    assert_eq!(texts(&doc, ".prose p")[0], "Cited 1 and [^missing].", "the undefined reference is left as text");
    assert_eq!(doc.select(&sel("section[role='doc-endnotes'] li")).count(), 1);
}

#[test]
fn an_asset_where_a_page_or_static_file_is_published_is_an_error_naming_both() {
    let site = Site::new();
    site.brief("briefs/x.md", "title: X\ndate: 2026-01-01\nregion: Gulf", "Body.\n")
        .write("content/briefs/x/index.html", "<p>a stray export</p>")
        .write("content/style.css", "body{}")
        .write("static/data.csv", "a\n")
        .write("content/data.csv", "b\n");
    let v = site.check_json(&[]).1;
    let errors: Vec<String> = check_diagnostics(&v).into_iter().filter(|d| d.0 == "error").map(|d| d.3).collect();
    let mut sorted = errors.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "content/briefs/x/index.html and content/briefs/x.md both want /briefs/x/index.html",
            "content/data.csv and static/data.csv both want /data.csv",
            "content/style.css and the built-in theme's style.css both want /style.css",
        ]
    );
}

#[test]
fn hidden_files_draft_bundles_and_links_out_of_the_site_stay_unpublished() {
    let site = assets_site();
    site.write("content/briefs/.notes.txt", "private")
        .write("content/briefs/map.png~", "backup")
        .write_bytes("content/briefs/plan/secret-map.png", &png(5, 5))
        .brief(
            "briefs/plan/index.md",
            "title: Plan\ndate: 2026-01-01\nregion: Gulf\ndraft: true",
            "![Secret map](secret-map.png)\n",
        );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwords.txt"), "hunter2").unwrap();
    std::os::unix::fs::symlink(outside.path().join("passwords.txt"), site.path("content/briefs/leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/briefs/elsewhere")).unwrap();
    // A link inside the site is followed.
    std::os::unix::fs::symlink(site.path("content/files/report.pdf"), site.path("content/briefs/report.pdf")).unwrap();
    let r = site.build_ok(&[]);
    let files = site.files("public");
    for f in [
        "briefs/.notes.txt",
        "briefs/map.png~",
        "briefs/plan/secret-map.png",
        "briefs/leak.txt",
        "briefs/elsewhere/passwords.txt",
    ] {
        assert!(!files.contains(&f.to_string()), "{f} was published");
    }
    assert!(files.contains(&"briefs/report.pdf".to_string()), "{files:?}");
    assert!(
        r.stderr.contains("content/briefs/leak.txt") && r.stderr.contains("symbolic link out of the site"),
        "{r:?}"
    );
    assert!(r.stderr.contains("content/briefs/elsewhere"), "{r:?}");
    // With --drafts the bundle and its image are published.
    let drafts = tempfile::tempdir().unwrap();
    let r = site.run(&["build", "--drafts", "--output-dir", drafts.path().join("o").to_str().unwrap()]);
    assert!(r.ok(), "{r:?}");
    assert!(drafts.path().join("o/briefs/plan/secret-map.png").is_file());
}

#[test]
fn a_file_only_held_back_briefs_refer_to_stays_unpublished_with_or_without_the_cache() {
    let site = Site::new();
    site.write("site.yaml", "title: Held\nbase_url: https://example.org/\n")
        .write_bytes("content/briefs/draft-map.png", &png(4, 4))
        .write_bytes("content/briefs/shared.png", &png(6, 6))
        .brief(
            "briefs/plan.md",
            "title: Plan\ndate: 2026-01-01\nregion: Gulf\ndraft: true",
            "![Map](draft-map.png) and ![Shared](shared.png)\n",
        )
        .brief("briefs/out.md", "title: Out\ndate: 2026-01-02\nregion: Gulf", "![Shared](shared.png)\n");
    // A build lets briefs' bodies go once their front matter is read; a held-back brief's is
    // read again for what it refers to, whether the cache is cold, warm or not used.
    for args in [&[][..], &[][..], &["--no-cache"][..]] {
        site.build_ok(args);
        let files = site.files("public");
        assert!(files.contains(&"briefs/shared.png".to_string()), "{args:?}: {files:?}");
        assert!(!files.contains(&"briefs/draft-map.png".to_string()), "{args:?}: the draft's own image was published");
    }
}

#[test]
fn adding_changing_and_deleting_assets_in_serve_updates_the_output() {
    let site = Site::new();
    site.write_bytes("content/briefs/map.png", &png(40, 20));
    site.brief("briefs/x.md", "title: X\ndate: 2026-01-01\nregion: Gulf", "![Map](map.png)\n");
    let preview = site.path("preview");
    let server = Server::start(site.root(), &["--output-dir", preview.to_str().unwrap()]);
    let port = server.port;
    assert_eq!(std::fs::read(preview.join("briefs/map.png")).unwrap(), png(40, 20));
    let width = || attrs(&scraper::Html::parse_document(&get(port, "/briefs/x/").body), ".prose img", "width");
    assert_eq!(width(), ["40"]);

    // Added: an attachment, then a bundle (a new folder with its page and its image).
    site.write("content/briefs/notes.csv", "a,b\n");
    wait_for(10, "the new attachment", || preview.join("briefs/notes.csv").is_file().then_some(()));
    assert_eq!(get(port, "/briefs/notes.csv").body, "a,b\n");
    site.write_bytes("content/briefs/aid/chart.png", &png(12, 6));
    site.brief("briefs/aid/index.md", "title: Aid\ndate: 2026-01-02\nregion: Gulf", "![Chart](chart.png)\n");
    wait_for(10, "the bundle's page and image", || {
        (preview.join("briefs/aid/chart.png").is_file() && get(port, "/briefs/aid/").status == 200).then_some(())
    });
    let aid = scraper::Html::parse_document(&get(port, "/briefs/aid/").body);
    assert_eq!(attrs(&aid, ".prose img", "src"), ["/briefs/aid/chart.png"]);

    // Changed: the file is copied again and the page shows its new size.
    site.write_bytes("content/briefs/map.png", &png(80, 40));
    wait_for(10, "the new size", || (width() == ["80"]).then_some(()));
    assert_eq!(std::fs::read(preview.join("briefs/map.png")).unwrap(), png(80, 40));

    // Deleted: gone from the output.
    std::fs::remove_file(site.path("content/briefs/notes.csv")).unwrap();
    wait_for(10, "the attachment removed", || (!preview.join("briefs/notes.csv").exists()).then_some(()));
    assert_eq!(get(port, "/briefs/notes.csv").status, 404);

    // Deleting an image a brief shows is an error; the last good site stays...
    std::fs::remove_file(site.path("content/briefs/map.png")).unwrap();
    wait_for(10, "the missing image reported", || (server.status()["ok"] == false).then_some(()));
    assert!(server.status().to_string().contains("missing image"), "{}", server.status());
    assert!(preview.join("briefs/map.png").is_file(), "a failed rebuild writes nothing");
    // ...until the brief no longer shows it.
    site.brief("briefs/x.md", "title: X\ndate: 2026-01-01\nregion: Gulf", "No map.\n");
    wait_for(10, "the image removed", || {
        (server.status()["ok"] == true && !preview.join("briefs/map.png").exists()).then_some(())
    });
}
