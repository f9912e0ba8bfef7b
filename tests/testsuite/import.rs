//! `dossier import hugo|jekyll SRC --into DIR` converts a Hugo or Jekyll site (the fixtures
//! in tests/fixtures/import/) into a dossier site that builds without errors: front matter
//! rewritten to dossier's keys, the common shortcodes and Liquid tags to Markdown, files beside
//! posts and asset folders copied, and a report listing what was left as written or defaulted,
//! with its file and line. The source is only read, and a folder that holds files is refused.

use std::path::{Path, PathBuf};

use crate::prelude::*;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// Import the fixture `name` into a new folder `site` in a temporary folder; the import must
/// succeed and leave the fixture as it was, byte for byte.
fn import(name: &str) -> (tempfile::TempDir, PathBuf, Run) {
    let src = fixture(name);
    let before = snapshot(&src);
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("site");
    let r = run_in(tmp.path(), &["import", name, src.to_str().unwrap(), "--into", into.to_str().unwrap()]);
    assert!(r.ok(), "import failed: {r:?}");
    assert_eq!(snapshot(&src), before, "the import changed its source");
    (tmp, into, r)
}

/// `dossier build` of the imported site: exit 0 and no error printed.
fn build(into: &Path) -> Run {
    let r = run_in(into, &["build"]);
    assert!(r.ok() && !r.stderr.contains("error"), "the imported site does not build: {r:?}");
    r
}

fn read(into: &Path, rel: &str) -> String {
    std::fs::read_to_string(into.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}; files: {:?}", list_files(into)))
}

fn page(into: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(&read(into, &format!("public/{rel}")))
}

/// The lines of the report's section whose heading starts with `heading`.
fn section(report: &str, heading: &str) -> Vec<String> {
    let mut lines = report.lines().skip_while(|l| !l.starts_with(heading));
    lines.next();
    lines.take_while(|l| l.starts_with("  ")).map(|l| l.trim().to_string()).collect()
}

#[test]
fn a_hugo_site_is_converted_with_its_front_matter_and_shortcodes_rewritten() {
    let (_tmp, into, run) = import("hugo");
    assert_eq!(
        read(&into, "content/posts/first-post.md"),
        "---\ntitle: \"Talks resume in Muscat\"\ndate: 2015-01-02T11:00:28-04:00\nupdated: 2015-01-05\n\
         region: [\"Unassigned\"]\ntags: [\"diplomacy\", \"gulf\"]\ndraft: false\nextra:\n  weight: 2\n---\n\n\
         The second round follows [the map](@/posts/bundle/index.md).\n\n\
         ```go\nfunc main() {\n\tfmt.Println(\"talks\")\n}\n```\n\n\
         [Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n"
    );
    assert_eq!(
        read(&into, "content/posts/bundle/index.md"),
        "---\ntitle: \"Shipping lanes\"\ndate: 2015-03-01\nregion: [\"Unassigned\"]\n---\n\n\
         ![A map of the shipping lanes](map.png \"Shipping lanes: Drawn in March\")\n\nThe lanes, as drawn.\n"
    );
    assert_eq!(
        read(&into, "site.yaml").lines().skip(1).collect::<Vec<_>>(),
        [
            "title: \"Field Notes\"",
            "base_url: \"https://example.org/notes/\"",
            "description: \"Notes from the field.\""
        ]
    );
    // The section pages are lists in Hugo: not imported, and said so.
    assert!(!into.join("content/_index.md").exists() && !into.join("content/posts/_index.md").exists());
    let report = read(&into, "import-report.txt");
    assert!(run.stdout.starts_with(&report), "{run:?}");
    assert!(report.contains("posts converted: 3\n  pages converted: 1\n  files copied: 2\n"), "{report}");
    assert_eq!(section(&report, "left unconverted"), ["content/posts/second-round.md:11: Hugo shortcode `tweet`"]);
    assert_eq!(
        section(&report, "not imported"),
        [
            "content/_index.md:1: a section page (`_index`): dossier makes its own lists",
            "content/posts/_index.md:1: a section page (`_index`): dossier makes its own lists"
        ]
    );
    let defaulted = section(&report, "defaulted");
    assert_eq!(defaulted.len(), 3, "{report}");
    assert!(defaulted.iter().all(|l| l.ends_with(":1: no `region`: filed under \"Unassigned\"")), "{report}");
}

#[test]
fn the_imported_hugo_site_builds_with_its_figure_links_and_code() {
    let (_tmp, into, _) = import("hugo");
    let r = build(&into);
    // The one custom shortcode is the one warning.
    assert!(r.stderr.contains("Hugo shortcode `tweet`") && r.stdout.contains("1 warning"), "{r:?}");
    let bundle = page(&into, "posts/bundle/index.html");
    assert_eq!(attrs(&bundle, "article img", "alt"), ["A map of the shipping lanes"]);
    assert_eq!(attrs(&bundle, "article img", "src"), ["/notes/posts/bundle/map.png"]);
    assert!(into.join("public/posts/bundle/map.png").is_file());
    // `relref` became a link to the other post's page, which exists.
    let second = page(&into, "posts/second-round/index.html");
    let hrefs = attrs(&second, "article a", "href");
    assert!(hrefs.contains(&"/notes/posts/first-post/".to_string()), "{hrefs:?}");
    assert!(into.join("public/posts/first-post/index.html").is_file());
    let first = page(&into, "posts/first-post/index.html");
    assert_eq!(attrs(&first, "pre code", "class"), ["language-go"]);
    assert!(first.select(&sel("pre code span")).next().is_some(), "the code is not highlighted");
    assert!(attrs(&first, "article a", "href").contains(&"/notes/posts/bundle/".to_string()));
    let about = page(&into, "about/index.html");
    assert!(attrs(&about, "article a", "href").contains(&"/notes/posts/first-post/".to_string()));
    assert!(into.join("public/images/logo.png").is_file(), "static/ was not copied");
}

#[test]
fn a_jekyll_site_is_converted_dated_from_its_file_names_and_builds() {
    let (_tmp, into, _) = import("jekyll");
    assert_eq!(
        read(&into, "content/posts/talks-resume.md"),
        "---\ntitle: \"Talks resume in Muscat\"\ndate: 2015-01-02 11:00:28 -0400\nregion: [\"Unassigned\"]\n\
         tags: [\"diplomacy\", \"oman\"]\naliases: [\"/2015/01/02/talks-resume.html\"]\nextra:\n  layout: \"post\"\n---\n\n\
         ![A map of the talks' venues](/assets/img/map.png)\n\n```ruby\ndef talks\n  puts \"resumed\"\nend\n```\n"
    );
    assert_eq!(
        read(&into, "content/posts/second-round.md"),
        "---\ntitle: \"A second round\"\ndate: 2016-03-04\nregion: [\"Unassigned\"]\ntags: [\"gulf\"]\n\
         aliases: [\"/gulf/2016/03/04/second-round.html\"]\nextra:\n  layout: \"post\"\n---\n\nThis follows [the first round](@/posts/talks-resume.md).\n\n\
         Templates write {{ page.title }} for the title.\n"
    );
    assert!(read(&into, "content/about.md").starts_with("---\nkind: page\ntitle: \"About\"\n"));
    let report = read(&into, "import-report.txt");
    assert!(report.contains("posts converted: 2\n  pages converted: 1\n  files copied: 1\n"), "{report}");
    assert!(section(&report, "left unconverted").is_empty(), "{report}");
    let r = build(&into);
    // The text Liquid's `raw` kept literal is shown as written, and dossier says so.
    assert!(r.stdout.contains("1 warning"), "{r:?}");
    assert!(r.stderr.starts_with("warning: template output `page.title` is shown as written"), "{r:?}");
    let talks = page(&into, "posts/talks-resume/index.html");
    assert_eq!(attrs(&talks, "article img", "src"), ["/notes/assets/img/map.png"]);
    assert!(into.join("public/assets/img/map.png").is_file());
    assert_eq!(attrs(&talks, "pre code", "class"), ["language-ruby"]);
    let second = page(&into, "posts/second-round/index.html");
    assert!(attrs(&second, "article a", "href").contains(&"/notes/posts/talks-resume/".to_string()));
}

#[test]
fn a_folder_that_holds_files_or_lies_inside_the_source_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("taken");
    std::fs::create_dir_all(&into).unwrap();
    std::fs::write(into.join("notes.txt"), "mine").unwrap();
    let src = fixture("hugo");
    let r = run_in(tmp.path(), &["import", "hugo", src.to_str().unwrap(), "--into", into.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("exists and is not empty") && r.stderr.contains("--into NEW-DIR"), "{r:?}");
    assert_eq!(list_files(&into), ["notes.txt"]);
    // A copy of the source, so that a wrong write could not touch the repository's fixture.
    let copy = tmp.path().join("src");
    for f in list_files(&src) {
        std::fs::create_dir_all(copy.join(&f).parent().unwrap()).unwrap();
        std::fs::copy(src.join(&f), copy.join(&f)).unwrap();
    }
    let before = snapshot(&copy);
    let inside = copy.join("content/converted");
    let r = run_in(tmp.path(), &["import", "hugo", copy.to_str().unwrap(), "--into", inside.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("inside the site being imported"), "{r:?}");
    assert_eq!(snapshot(&copy), before);
}

/// Write `files` (path, text) under a new folder in `tmp`, as a source site.
fn source_site(tmp: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let src = tmp.join(name);
    for (rel, text) in files {
        let path = src.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    src
}

/// The target of the redirect page at `rel` in the built site.
fn redirect_target(into: &Path, rel: &str) -> String {
    let page = page(into, rel);
    let refresh = attrs(&page, "meta[http-equiv=refresh]", "content");
    assert_eq!(refresh.len(), 1, "{rel} is not a redirect");
    refresh[0].trim_start_matches("0; url=").to_string()
}

#[test]
fn old_addresses_from_hugo_permalinks_and_url_redirect_and_a_link_to_a_draft_is_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = source_site(
        tmp.path(),
        "hugo-site",
        &[
            (
                "config.toml",
                "baseURL = \"https://example.org/\"\ntitle = \"H\"\n[permalinks]\n  posts = \"/:year/:month/:slug/\"\n",
            ),
            ("content/posts/talks.md", "---\ntitle: Talks Resume\ndate: 2015-01-02\n---\nSee {{< ref \"later\" >}}.\n"),
            ("content/posts/moved.md", "---\ntitle: Moved\ndate: 2015-02-03\nurl: /legacy/Moved-Here/\n---\nText.\n"),
            ("content/posts/later.md", "---\ntitle: Later\ndate: 2015-03-04\ndraft: true\n---\nNot yet.\n"),
            ("content/news/plain.md", "---\ntitle: Plain\ndate: 2015-04-05\n---\nSame address as in Hugo.\n"),
            ("content/contact.md", "---\ntitle: Contact\nurl: /contact-us/\n---\nWrite to us.\n"),
        ],
    );
    let into = tmp.path().join("out");
    let r = run_in(tmp.path(), &["import", "hugo", src.to_str().unwrap(), "--into", into.to_str().unwrap()]);
    assert!(r.ok(), "{r:?}");
    let report = read(&into, "import-report.txt");
    assert_eq!(
        section(&report, "to check"),
        [
            "content/posts/talks.md:5: links to posts/later.md, a draft: dossier will not publish a link to a document it holds back (publish it, or remove the link)"
        ],
        "{report}"
    );
    assert!(read(&into, "content/news/plain.md").lines().all(|l| !l.starts_with("aliases")), "no redirect to itself");
    // With the link to the draft gone, the site builds, and the old addresses lead to the new.
    let talks = read(&into, "content/posts/talks.md").replace("See @/posts/later.md.", "See the next brief.");
    std::fs::write(into.join("content/posts/talks.md"), talks).unwrap();
    build(&into);
    assert_eq!(redirect_target(&into, "2015/01/talks-resume/index.html"), "/posts/talks/");
    assert_eq!(redirect_target(&into, "legacy/moved-here/index.html"), "/posts/moved/");
    assert_eq!(redirect_target(&into, "contact-us/index.html"), "/contact/", "a standalone page redirects too");
    assert!(into.join("public/news/plain/index.html").is_file());
}

#[test]
fn jekyll_posts_in_any_folder_and_published_collections_are_imported_with_redirects_from_their_addresses() {
    let tmp = tempfile::tempdir().unwrap();
    let src = source_site(
        tmp.path(),
        "jekyll-site",
        &[
            (
                "_config.yml",
                "title: J\nurl: https://example.org\npermalink: pretty\ncollections:\n  advisories:\n    output: true\n    permalink: /security/:name/\n  staff:\n    output: false\n",
            ),
            ("_posts/2015-01-02-talks.md", "---\ntitle: Talks\n---\nText.\n"),
            (
                "blog/_posts/2016-03-04-nested.md",
                "---\ntitle: Nested\ncategories: [Gulf]\n---\nSee [talks]({% post_url 2015-01-02-talks %}).\n",
            ),
            ("_advisories/adv-001.md", "---\ntitle: Advisory one\ndate: 2020-05-06\n---\nPatch now.\n"),
            ("_staff/ann.md", "---\nname: Ann\n---\nBio.\n"),
            ("about.md", "---\ntitle: About\n---\nWho we are.\n"),
        ],
    );
    let into = tmp.path().join("out");
    let r = run_in(tmp.path(), &["import", "jekyll", src.to_str().unwrap(), "--into", into.to_str().unwrap()]);
    assert!(r.ok(), "{r:?}");
    let report = read(&into, "import-report.txt");
    assert!(report.contains("posts converted: 3\n  pages converted: 1\n"), "{report}");
    assert_eq!(
        section(&report, "not imported"),
        ["_staff/ann.md:1: in the collection `staff`, which Jekyll does not publish (no `output: true`)"]
    );
    assert!(read(&into, "content/blog/nested.md").contains("See [talks](@/posts/talks.md)."));
    build(&into);
    assert_eq!(redirect_target(&into, "2015/01/02/talks/index.html"), "/posts/talks/");
    assert_eq!(redirect_target(&into, "blog/gulf/2016/03/04/nested/index.html"), "/blog/nested/");
    assert_eq!(redirect_target(&into, "security/adv-001/index.html"), "/advisories/adv-001/");
    assert!(into.join("public/about/index.html").is_file(), "a pretty page keeps its address");
}
