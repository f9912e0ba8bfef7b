//! Real archives from other generators build: dates in the forms Hugo and Jekyll write, blank
//! lines before the front matter, bodies of raw HTML whose words count, one slug rule for
//! file names and front matter, numbers where text is expected.

use crate::prelude::*;

/// `briefs.json`'s record of the brief at `url` (its path under the site root).
fn record(site: &Site, url: &str) -> serde_json::Value {
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.path("public/briefs.json")).expect("briefs.json"))
            .expect("JSON");
    let briefs = data["briefs"].as_array().expect("a list of briefs");
    briefs
        .iter()
        .find(|b| b["url"].as_str().is_some_and(|u| u.ends_with(url)))
        .unwrap_or_else(|| panic!("no record for {url} in {briefs:?}"))
        .clone()
}

/// True when some search shard lists `token`.
fn searchable(site: &Site, token: &str) -> bool {
    list_files(&site.path("public/search")).iter().any(|f| {
        std::fs::read_to_string(site.path(&format!("public/search/{f}")))
            .is_ok_and(|t| t.contains(&format!("\"{token}\"")))
    })
}

#[test]
fn dates_in_every_form_hugo_and_jekyll_write_are_read_with_their_offset() {
    let site = Site::new();
    let forms = [
        ("jekyll", "2015-01-02 11:00:28 -0400", "2015-01-02T11:00:28-04:00"),
        ("one-digit-hour", "2014-02-26 8:42:30 -0400", "2014-02-26T08:42:30-04:00"),
        ("hugo", "2014-02-26T08:42:30-04:00", "2014-02-26T08:42:30-04:00"),
        ("zulu", "2014-02-26T08:42:30Z", "2014-02-26T08:42:30+00:00"),
        ("no-seconds", "2014-02-26 08:42 +0530", "2014-02-26T08:42:00+05:30"),
        ("space-only", "2014-02-26 08:42", "2014-02-26T08:42:00+00:00"),
    ];
    for (name, date, _) in forms {
        site.brief(&format!("briefs/{name}.md"), &format!("title: {name}\ndate: {date}\nregion: Gulf"), "Text.\n");
    }
    site.build_ok(&[]);
    for (name, _, iso) in forms {
        assert_eq!(record(&site, &format!("briefs/{name}/"))["date"], iso, "{name}");
    }
}

#[test]
fn a_body_of_raw_html_gives_a_summary_a_word_count_and_search_words() {
    let site = Site::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nmarkdown:\n  unsafe_html: true\n");
    let body = "<h3>Background</h3>\n<p>Oman hosted the <em>indirect</em> talks in Muscat.</p>\n\
                <script>var hidden = 'zzscriptword';</script>\n<p>Both sides agreed to meet again.</p>\n";
    site.brief("briefs/html.md", "title: An HTML brief\ndate: 2025-01-02\nregion: Gulf", body);
    site.build_ok(&[]);
    let r = record(&site, "briefs/html/");
    assert_eq!(r["summary"], "Oman hosted the indirect talks in Muscat.");
    assert_eq!(r["word_count"], 14);
    let page = site.html("briefs/html/index.html");
    assert_eq!(attrs(&page, "meta[name=description]", "content"), ["Oman hosted the indirect talks in Muscat."]);
    assert!(searchable(&site, "muscat") && searchable(&site, "agreed"));
    assert!(!searchable(&site, "zzscriptword"), "a script's text is never a word");
}

#[test]
fn a_blank_line_before_the_front_matter_is_fine() {
    let site = Site::new();
    site.write("content/briefs/b.md", "\n\n---\ntitle: Blank first\ndate: 2025-01-02\nregion: Gulf\n---\nText.\n");
    site.build_ok(&[]);
    assert_eq!(texts(&site.html("briefs/b/index.html"), "h1"), ["Blank first"]);
}

#[test]
fn a_long_slug_is_cut_at_a_word_the_same_way_from_a_file_name_and_from_front_matter() {
    let site = Site::new();
    let long = "the-committee-agreed-to-develop-a-united-strategy-for-the-region-".repeat(3) + "and-more";
    site.brief(&format!("briefs/{long}.md"), "title: From a file name\ndate: 2025-01-02\nregion: Gulf", "A.\n");
    site.brief(
        "briefs/short.md",
        &format!("title: From a slug\ndate: 2025-01-03\nregion: Gulf\nslug: slug-{long}"),
        "B.\n",
    );
    site.brief("briefs/number.md", "title: 2024\ndate: 2025-01-04\nregion: Gulf\nslug: 124062", "C.\n");
    let run = site.run(&["build"]);
    assert!(run.ok(), "{run:?}");
    let cut = dossier::slug::cut_at_word(&long);
    assert!(cut.len() <= dossier::slug::MAX_LEN && long.starts_with(&format!("{cut}-")), "{cut}");
    assert!(site.path(&format!("public/briefs/{cut}/index.html")).is_file(), "the file name's slug, cut at a word");
    let from_slug = dossier::slug::cut_at_word(&format!("slug-{long}"));
    assert!(
        site.path(&format!("public/briefs/{from_slug}/index.html")).is_file(),
        "the front matter's slug, the same way"
    );
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warnings.len(), 2, "one warning each for the file name and the slug: {warnings:?}");
    assert!(warnings.iter().all(|w| w.contains("makes a slug of")), "{warnings:?}");
    assert_eq!(texts(&site.html("briefs/124062/index.html"), "h1"), ["2024"]);
}

#[test]
fn another_generator_s_template_tags_are_shown_as_written_and_each_is_a_warning_at_its_line() {
    let site = Site::new();
    let body = "Intro.\n\n{{< figure src=\"map.png\" title=\"The \"strait\"\" >}}\n\nSee {% post_url 2015-01-02-talks %}.\n\n\
                `{{< in code >}}` is left alone.\n";
    site.brief("briefs/hugo.md", "title: Hugo\ndate: 2025-01-02\nregion: Gulf", body);
    let run = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let found = check_diagnostics(&report);
    let said: Vec<(u64, &str)> = found.iter().map(|(_, _, line, msg)| (*line, msg.as_str())).collect();
    assert_eq!(
        said,
        [
            (
                8,
                "Hugo shortcode `figure` is shown as written: dossier does not run other generators' templates ({{< figure src=\"map.png\" title=\"The \"strait\"\" >}})"
            ),
            (
                10,
                "Liquid tag `post_url` is shown as written: dossier does not run other generators' templates ({% post_url 2015-01-02-talks %})"
            ),
        ]
    );
    site.build_ok(&[]);
    let page = site.html("briefs/hugo/index.html");
    let paragraphs = texts(&page, "article p");
    assert!(
        paragraphs.iter().any(|p| p == "{{< figure src=\"map.png\" title=\"The \"strait\"\" >}}"),
        "no smart quotes: {paragraphs:?}"
    );
}

#[test]
fn bare_addresses_become_links_and_quotes_after_a_word_close() {
    let site = Site::new();
    let body = "Read https://www.iaea.org/report. Or www.example.org, not `https://code.example`.\n\n\
                A 2-pizza team\" and a 24\" monitor.\n";
    site.brief("briefs/l.md", "title: 'Iran''s \"reply\"'\ndate: 2025-01-02\nregion: Gulf", body);
    site.build_ok(&[]);
    let page = site.html("briefs/l/index.html");
    let links: Vec<String> =
        attrs(&page, "article p a", "href").into_iter().filter(|h| !h.starts_with("https://example.org/")).collect();
    assert_eq!(links, ["https://www.iaea.org/report", "http://www.example.org"], "the body's links, not the theme's");
    let paragraphs = texts(&page, "article p");
    assert!(paragraphs.iter().any(|p| p == "A 2-pizza team” and a 24” monitor."), "{paragraphs:?}");
    assert_eq!(texts(&page, "h1"), ["Iran’s “reply”"], "the title gets the body's punctuation");
}

#[test]
fn hugo_and_jekyll_keys_are_read_as_dossier_s_and_site_yaml_can_add_more() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nkey_aliases: {subtitle: summary, description: ''}\n",
    );
    let front = "title: Mapped\npublishDate: 2025-01-02\nlastMod: 2025-02-03\nauthor: Jane Roe\nregion: Gulf\n\
                 tags: [talks]\ncategories: [ignored]\nsubtitle: The subtitle as summary.\nexpiryDate: 2099-01-01";
    site.brief("briefs/hugo.md", front, "Body.\n");
    site.brief(
        "briefs/jekyll.md",
        "title: Jekyll\ndate: 2015-01-02 11:00:28 -0400\ndescription: From description.\ncategories: [sanctions]\nregion: Gulf",
        "Body.\n",
    );
    let run = site.run(&["build"]);
    assert!(run.ok(), "{run:?}");
    let hugo = record(&site, "briefs/hugo/");
    assert_eq!(hugo["date"], "2025-01-02T00:00:00+00:00");
    assert_eq!(hugo["updated"], "2025-02-03T00:00:00+00:00");
    assert_eq!(hugo["authors"], serde_json::json!(["Jane Roe"]));
    assert_eq!(hugo["summary"], "The subtitle as summary.");
    assert_eq!(hugo["tags"], serde_json::json!(["talks", "ignored"]), "categories join the tags");
    let jekyll = record(&site, "briefs/jekyll/");
    assert_eq!(jekyll["summary"], "Body.", "description, turned off in site.yaml, is not the summary");
    assert_eq!(jekyll["tags"], serde_json::json!(["sanctions"]), "categories are tags by default");
    let unknown: Vec<&str> = run.stderr.lines().filter(|l| l.contains("unknown key")).collect();
    assert_eq!(unknown, ["warning: unknown key `description`"], "only the alias turned off is unknown");
}

#[test]
fn aliases_become_redirects_listed_nowhere_and_a_clash_or_a_path_out_is_an_error() {
    let site = Site::new();
    site.brief(
        "briefs/talks.md",
        "title: Talks\ndate: 2025-01-02\nregion: Gulf\naliases: [/2015/01/02/talks.html, /posts/old-talks/]",
        "Body.\n",
    );
    site.build_ok(&[]);
    for old in ["2015/01/02/talks.html", "posts/old-talks/index.html"] {
        let page = site.html(old);
        assert_eq!(attrs(&page, "meta[http-equiv=refresh]", "content"), ["0; url=/briefs/talks/"], "{old}");
        assert_eq!(attrs(&page, "link[rel=canonical]", "href"), ["https://example.org/briefs/talks/"]);
        assert_eq!(attrs(&page, "a", "href"), ["/briefs/talks/"]);
    }
    let sitemap = std::fs::read_to_string(site.path("public/sitemap.xml")).expect("a sitemap");
    assert!(!sitemap.contains("old-talks") && !sitemap.contains("2015/01/02"), "redirects are listed nowhere");
    site.brief("briefs/bad.md", "title: Bad\ndate: 2025-01-03\nregion: Gulf\naliases: [../../etc/passwd]", "B.\n");
    let run = site.run(&["build"]);
    assert!(!run.ok());
    assert!(run.stderr.contains("alias \"../../etc/passwd\" is not a path of this site"), "{}", run.stderr);
    site.brief("briefs/bad.md", "title: Bad\ndate: 2025-01-03\nregion: Gulf\naliases: [/briefs/talks/]", "B.\n");
    let run = site.run(&["build"]);
    assert!(!run.ok() && run.stderr.contains("both want"), "an alias onto a page is a clash: {}", run.stderr);
}

/// The problems building three real archives brought up (docs/archives.md), each reduced to a
/// few lines: none may stop a build, and each is read as its generator reads it.
#[test]
fn what_real_archives_hold_builds_as_their_generators_read_it() {
    let site = Site::new();
    // A tag followed by 2,000 bytes that end inside a character once panicked.
    site.write(
        "content/long.md",
        &format!("---\ntitle: Long\ndate: 2015-01-02\nregion: Gulf\n---\n{{% x %}}{}’\n", "a".repeat(1994)),
    );
    site.write("content/2014-09-25-design-studio.md", "---\ntitle: Design studio\nregion: Gulf\n---\nText.\n");
    site.brief("zone.md", "title: Zone\ndate: 2015-03-17 14:00:00 -4\nregion: Gulf", "Write to <team@example.gov>.\n");
    site.brief(
        "anchors.md",
        "title: Anchors\ndate: 2015-01-02\nregion: Gulf",
        "See [one](#part-1).\n\n## <a name=\"part-1\"></a>Overview\n\nText.\n",
    );
    site.brief("liquid.md", "title: Liquid\ndate: 2015-01-02\nregion: Gulf", "See {{ site.baseurl }}/x.\n");
    site.brief("slug.md", "title: Slug\ndate: 2015-01-02\nregion: Gulf\nslug: sin%e2%80%8a-ready", "Text.\n");
    site.brief("unpublished.md", "title: Unpublished\ndate: 2015-01-02\nregion: Gulf\npublished: false", "Text.\n");
    site.brief("later.md", "title: Later\ndate: 2015-01-02\npublishDate: 2099-01-01\nregion: Gulf", "Text.\n");
    site.brief("excerpt.md", "title: Excerpt\ndate: 2015-01-02\nregion: Gulf\nexcerpt: The excerpt.", "Text.\n");
    let run = site.run(&["build"]);
    assert!(run.ok(), "{run:?}");
    assert_eq!(record(&site, "2014-09-25-design-studio/")["date"], "2014-09-25T00:00:00+00:00");
    assert_eq!(record(&site, "zone/")["date"], "2015-03-17T14:00:00-04:00");
    assert_eq!(attrs(&site.html("zone/index.html"), "article p a", "href")[0], "mailto:team@example.gov");
    assert_eq!(record(&site, "excerpt/")["summary"], "The excerpt.");
    assert!(site.path("public/sin-e2-80-8a-ready/index.html").is_file());
    assert!(!site.path("public/unpublished").exists() && !site.path("public/later").exists());
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.iter().any(|w| w.contains("template output `site.baseurl`")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("`slug` \"sin%e2%80%8a-ready\" is not a URL segment")), "{warnings:?}");
}

#[test]
fn a_key_written_twice_is_an_error_whose_hint_fits_and_a_key_given_under_both_names_alike_is_quiet() {
    let site = Site::new();
    site.brief(
        "twice.md",
        "title: Twice\ndate: 2015-01-02\nregion: Gulf\nexpirydate: 2099-01-01\nexpirydate: 2098-01-01",
        "T.\n",
    );
    let run = site.run(&["check"]);
    assert!(!run.ok());
    assert!(run.stderr.contains("the key `expirydate` appears twice"), "{}", run.stderr);
    assert!(run.stderr.contains("= hint: a key may be written once"), "{}", run.stderr);
    site.brief("twice.md", "title: Twice\ndate: 2015-01-02\nregion: Gulf\nexcerpt: Same.\nsummary: Same.", "T.\n");
    let run = site.run(&["build"]);
    assert!(run.ok() && !run.stderr.contains("warning"), "{run:?}");
}

/// The picture link previews show: `image:` (or Hugo's `images:`), resolved as an image in the
/// body is, given with its absolute address, its size and its text; a missing file is an error
/// at its line, and a picture only a held-back brief names is not published.
#[test]
fn a_social_image_is_resolved_like_a_body_image_and_given_to_link_previews() {
    let site = Site::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/analysis/\n");
    site.write_bytes("content/briefs/talks/map.png", &png(1200, 630));
    site.brief(
        "briefs/talks/index.md",
        "title: Talks\ndate: 2025-01-02\nregion: Gulf\nimage: {src: map.png, alt: The strait and its lanes}",
        "Body.\n",
    );
    site.write_bytes("static/img/card.png", &png(800, 400));
    site.brief(
        "briefs/hugo.md",
        "title: Hugo\ndate: 2025-01-03\nregion: Gulf\nimages: [/img/card.png, /img/other.png]",
        "B.\n",
    );
    site.brief(
        "briefs/away.md",
        "title: Away\ndate: 2025-01-04\nregion: Gulf\nimage: https://cdn.example.net/a.jpg",
        "B.\n",
    );
    site.write_bytes("content/briefs/secret/held.png", &png(10, 10));
    site.brief(
        "briefs/secret/index.md",
        "title: Secret\ndate: 2025-01-05\nregion: Gulf\ntlp: AMBER\nimage: held.png",
        "B.\n",
    );
    let run = site.build_ok(&[]);
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warned, ["warning: only the first of 2 images is used as the social image"], "{run:?}");
    let meta = |page: &scraper::Html, p: &str| attrs(page, &format!("meta[property=\"{p}\"]"), "content");
    let talks = site.html("briefs/talks/index.html");
    assert_eq!(meta(&talks, "og:image"), ["https://example.org/analysis/briefs/talks/map.png"]);
    assert_eq!(
        (meta(&talks, "og:image:width"), meta(&talks, "og:image:height")),
        (vec!["1200".into()], vec!["630".into()])
    );
    assert_eq!(meta(&talks, "og:image:alt"), ["The strait and its lanes"]);
    assert_eq!(attrs(&talks, "meta[name=\"twitter:card\"]", "content"), ["summary_large_image"]);
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&talks, "script[type=\"application/ld+json\"]")[0]).expect("JSON-LD");
    assert_eq!(ld["image"], "https://example.org/analysis/briefs/talks/map.png");
    let hugo = site.html("briefs/hugo/index.html");
    assert_eq!(meta(&hugo, "og:image"), ["https://example.org/analysis/img/card.png"]);
    assert_eq!(meta(&hugo, "og:image:width"), ["800"]);
    assert_eq!(meta(&site.html("briefs/away/index.html"), "og:image"), ["https://cdn.example.net/a.jpg"]);
    assert!(site.path("public/briefs/talks/map.png").is_file());
    assert!(!site.path("public/briefs/secret").exists(), "a held brief's picture is held with it");
    site.brief("briefs/plain.md", "title: Plain\ndate: 2025-01-06\nregion: Gulf", "B.\n").build_ok(&[]);
    let page = site.html("briefs/plain/index.html");
    assert!(meta(&page, "og:image").is_empty());
    assert_eq!(attrs(&page, "meta[name=\"twitter:card\"]", "content"), ["summary"]);

    site.brief("briefs/broken.md", "title: Broken\ndate: 2025-01-07\nregion: Gulf\nimage: mpa.png", "B.\n");
    let (code, report) = site.check_json(&[]);
    assert_ne!(code, 0);
    let found: Vec<_> = check_diagnostics(&report).into_iter().filter(|d| d.3.contains("missing image")).collect();
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!((found[0].0.as_str(), found[0].2), ("error", 5), "{found:?}");
    assert!(found[0].1.ends_with("content/briefs/broken.md"), "{found:?}");
}

/// `@/` inside raw HTML (`<a href="@/…">`, `<img src="@/…">`, as `dossier import` writes Hugo's
/// `ref` inside an HTML attribute) is resolved as a Markdown link is: to the page or file's URL,
/// and a broken one, or one to a held-back brief, is an error at its line.
#[test]
fn references_inside_raw_html_are_resolved_and_checked_like_markdown_links() {
    let site = Site::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/analysis/\n");
    site.write_bytes("content/briefs/map/chart.png", &png(40, 20));
    site.brief("briefs/map/index.md", "title: Map\ndate: 2025-01-01\nregion: Gulf", "Map.\n");
    site.brief(
        "briefs/html.md",
        "title: Html\ndate: 2025-01-02\nregion: Gulf",
        "<p>See <a class=\"x\" href=\"@/briefs/map/index.md#top\">the map</a>.</p>\n\n<table><tr><td><img src='@/briefs/map/chart.png' alt=\"Chart\"></td></tr></table>\n\nInline <a href=\"@/briefs/map\">too</a>.\n",
    );
    site.build_ok(&[]);
    let page = site.html("briefs/html/index.html");
    assert_eq!(attrs(&page, "article a.x", "href"), ["/analysis/briefs/map/#top"]);
    assert_eq!(attrs(&page, "article img", "src"), ["/analysis/briefs/map/chart.png"]);
    assert!(attrs(&page, "article a", "href").contains(&"/analysis/briefs/map/".to_string()));
    site.brief("briefs/held.md", "title: Held\ndate: 2025-01-03\nregion: Gulf\ndraft: true", "Draft.\n");
    site.brief(
        "briefs/bad.md",
        "title: Bad\ndate: 2025-01-04\nregion: Gulf",
        "Intro.\n\n<p><a href=\"@/briefs/held.md\">held</a> and <a href=\"@/briefs/gone.md\">gone</a></p>\n",
    );
    let (code, report) = site.check_json(&[]);
    assert_ne!(code, 0);
    let errors: Vec<_> = check_diagnostics(&report).into_iter().filter(|d| d.0 == "error").collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e.1.ends_with("content/briefs/bad.md") && e.2 == 8), "{errors:?}");
    assert!(errors[0].3.contains("holds back") && errors[1].3.contains("does not exist"), "{errors:?}");
}
