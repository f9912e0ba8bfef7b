//! Hostile input: each case has an expectation — a clear error naming the file (and the line
//! where there is one) or a correct page — and never a panic, a hang or partial output.

use std::time::{Duration, Instant};

use crate::prelude::*;

/// Build with a deadline: a hang is a failure, not a stuck test run.
fn build(site: &Site) -> Run {
    let start = Instant::now();
    let r = site.run(&["build"]);
    // A guard against hangs, not a speed test (speed is measured in benchmarks): generous
    // enough for a debug build on a loaded machine.
    assert!(start.elapsed() < Duration::from_secs(240), "build took {:?}", start.elapsed());
    assert!(!r.stderr.contains("panicked"), "dossier panicked: {r:?}");
    r
}

/// One bad file beside a good one: the build fails with one error, `message`, at `place` in
/// the bad file (`:line:column`, or "" where there is no line), and writes nothing.
fn fails_naming(name: &str, bytes: &[u8], message: &str, place: &str) {
    let site = Site::new();
    site.brief("briefs/good.md", "title: Good\ndate: 2026-01-01\nregion: Gulf", "Fine.\n");
    let p = site.path(&format!("content/briefs/{name}"));
    std::fs::write(&p, bytes).unwrap();
    let r = build(&site);
    assert_eq!(r.code, 1, "{name}: {r:?}");
    assert!(r.stderr.starts_with(&format!("error: {message}\n")), "{name}: expected {message:?} in {r:?}");
    assert!(r.stderr.contains(&format!("  --> content/briefs/{name}{place}\n")), "{name}: the file is named: {r:?}");
    assert!(r.stderr.contains("build failed: 1 error,"), "{name}: {r:?}");
    assert!(!site.path("public").exists(), "{name}: no partial output");
}

#[test]
fn broken_files_are_errors_that_name_them() {
    fails_naming(
        "utf8.md",
        b"---\ntitle: \xff\xfe bad\ndate: 2026-01-01\nregion: Gulf\n---\nx\n",
        "not valid UTF-8 (bad byte at offset 11)",
        ":2:8",
    );
    fails_naming(
        "nofm.md",
        b"Just text, no front matter.\n",
        "no front matter: a brief must start with a `---` line, but it starts with text",
        "",
    );
    fails_naming(
        "open.md",
        b"---\ntitle: Never closed\ndate: 2026-01-01\n",
        "the front matter starts on line 1 but is never closed",
        ":1:1",
    );
    fails_naming("empty.md", b"", "no front matter: a brief must start with a `---` line, but the file is empty", "");
    let not_a_map = "invalid front matter: expected a map of `key: value` lines, found";
    fails_naming("list.md", b"---\n- a\n- b\n---\nx\n", &format!("{not_a_map} a list"), ":2:1");
    fails_naming("scalar.md", b"---\njust a string\n---\nx\n", &format!("{not_a_map} a string"), ":2:1");
    fails_naming(
        "dup.md",
        b"---\ntitle: A\ntitle: B\ndate: 2026-01-01\nregion: Gulf\n---\nx\n",
        "invalid front matter: the key `title` appears twice",
        ":3:1",
    );
    fails_naming(
        "blank-title.md",
        b"---\ntitle: \"   \"\ndate: 2026-01-01\nregion: Gulf\n---\nx\n",
        "the title is empty",
        ":2:8",
    );
    fails_naming(
        "feb30.md",
        b"---\ntitle: X\ndate: 2026-02-30\nregion: Gulf\n---\nx\n",
        "invalid `date`: \"2026-02-30\" is not a real date: February 2026 has 28 days",
        ":3:7",
    );
    fails_naming(
        "year0.md",
        b"---\ntitle: X\ndate: 0000-01-01\nregion: Gulf\n---\nx\n",
        "invalid `date`: \"0000-01-01\": year 0 is out of range (1 to 9999)",
        ":3:7",
    );
    fails_naming(
        "year10000.md",
        b"---\ntitle: X\ndate: 10000-01-01\nregion: Gulf\n---\nx\n",
        "invalid `date`: \"10000-01-01\" is not a date",
        ":3:7",
    );
    // A slug that names a path is refused.
    for (slug, shown) in [("../escape", "../escape"), ("a/b", "a/b"), ("a\\\\b", "a\\b")] {
        let text = format!("---\ntitle: X\ndate: 2026-01-01\nregion: Gulf\nslug: \"{slug}\"\n---\nx\n");
        fails_naming("slug.md", text.as_bytes(), &format!("`slug` \"{shown}\" is not a valid URL segment"), ":5:7");
    }
    // Any other slug that is no URL segment (a device name, a control character) is made one,
    // with a warning, as other generators do.
    for (slug, url) in [("con", "con-1"), ("nul\\u0000x", "nul-x")] {
        let site = Site::new();
        site.write(
            "content/briefs/s.md",
            &format!("---\ntitle: X\ndate: 2026-01-01\nregion: Gulf\nslug: \"{slug}\"\n---\nx\n"),
        );
        let r = build(&site);
        assert!(r.ok() && r.stderr.starts_with("warning: `slug`"), "{slug}: {r:?}");
        assert!(site.path(&format!("public/briefs/{url}/index.html")).is_file(), "{slug}");
    }
}

#[test]
fn yaml_bombs_and_deep_nesting_fail_fast() {
    let mut bomb = String::from(
        "---\ntitle: X\ndate: 2026-01-01\nregion: Gulf\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        let name = ["b", "c", "d", "e", "f", "g", "h", "i"][i];
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("---\nx\n");
    fails_naming("bomb.md", bomb.as_bytes(), "invalid front matter: repetition limit exceeded", ":2:1");
    let deep = format!(
        "---\ntitle: X\ndate: 2026-01-01\nregion: Gulf\nextra: {}{}\n---\nx\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    fails_naming("deep.md", deep.as_bytes(), "invalid front matter: recursion limit exceeded", ":5:135");
}

#[test]
fn odd_but_valid_documents_build_correctly() {
    let site = Site::new();
    // BOM and CRLF.
    site.write(
        "content/briefs/bom.md",
        "\u{feff}---\r\ntitle: Bom\r\ndate: 2026-01-01\r\nregion: Gulf\r\n---\r\nBody.\r\n",
    );
    // Right-to-left and emoji titles, and template syntax in the body, rendered literally.
    site.brief(
        "briefs/rtl.md",
        "title: \"محادثات مسقط 🇴🇲\"\ndate: 2026-01-02\nregion: الخليج",
        "Text {{ site.title }} and {% if x %}y{% endif %}.\n",
    );
    // 5,000 actors, with the site's limit raised to allow them (a sanctions list can be long).
    site.write("site.yaml", &format!("{}max_terms_per_brief: 5000\n", SITE_YAML));
    let actors: Vec<String> = (0..5000).map(|i| format!("Actor {i}")).collect();
    site.brief(
        "briefs/many.md",
        &format!("title: Many\ndate: 2026-01-03\nregion: Gulf\nactors: [{}]", actors.join(", ")),
        "Many.\n",
    );
    // A 20 MB brief.
    let para = "Long text with many words to fill the brief. ".repeat(40) + "\n\n";
    site.brief(
        "briefs/huge.md",
        "title: Huge\ndate: 2026-01-04\nregion: Gulf",
        &para.repeat(20 * 1024 * 1024 / para.len()),
    );
    let r = build(&site);
    assert!(r.ok(), "{}", r.stderr.lines().take(20).collect::<Vec<_>>().join("\n"));
    let rtl = site.html("briefs/rtl/index.html");
    assert_eq!(texts(&rtl, "h1"), ["محادثات مسقط 🇴🇲"]);
    let body = texts(&rtl, ".prose p");
    assert_eq!(body, ["Text {{ site.title }} and {% if x %}y{% endif %}."]);
    assert_eq!(texts(&site.html("briefs/bom/index.html"), "h1"), ["Bom"]);
    assert!(site.path("public/actors/actor-4999/index.html").exists());
    assert!(std::fs::metadata(site.path("public/briefs/huge/index.html")).unwrap().len() > 19_000_000);
    // The region named in Arabic gets a usable page.
    let regions = attrs(&site.html("regions/index.html"), "main a[href^='/regions/']", "href");
    // Its slug keeps its letters, the page is where links lead, and links and the sitemap,
    // whose addresses must be URIs, have it percent-encoded.
    assert_eq!(regions, ["/regions/gulf/", "/regions/%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%AC/"]);
    assert_eq!(percent_decode(&regions[1]), "/regions/الخليج/", "الخليج keeps its letters");
    assert!(site.path("public/regions/الخليج/index.html").is_file());
    let sitemap = std::fs::read_to_string(site.path("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/regions/%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%AC/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.is_ascii());
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files_are_reported_not_fatal_hangs() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.brief("briefs/good.md", "title: Good\ndate: 2026-01-01\nregion: Gulf", "Fine.\n");
    std::os::unix::fs::symlink(site.path("content"), site.path("content/briefs/loop")).unwrap();
    let r = build(&site);
    assert!(r.ok(), "a symlink loop is skipped with a warning: {r:?}");
    assert!(r.stderr.contains("symbolic link loop"), "{r:?}");
    // An unreadable file is an error naming it (root reads everything, so only check as others).
    let locked = site.path("content/briefs/locked.md");
    std::fs::write(&locked, "---\ntitle: L\ndate: 2026-01-01\nregion: Gulf\n---\nx\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_err() {
        let r = build(&site);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stderr.contains("locked.md"), "{r:?}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn no_output_is_overwritten_silently() {
    let site = Site::new();
    for i in 0..35 {
        site.brief(
            &format!("briefs/b{i:02}.md"),
            &format!("title: B{i}\ndate: 2026-01-{:02}\nregion: Gulf", 1 + i % 28),
            "x\n",
        );
    }
    // Each of these lands where the build writes something else.
    site.write("content/page/2.md", "---\ntitle: Second\nkind: page\n---\nx\n")
        .write("static/index.html", "<h1>not the home page</h1>")
        .write("static/atom.xml", "<feed/>")
        .write("static/briefs/b01/index.html", "<h1>not the brief</h1>");
    let r = site.build_err();
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        errors,
        [
            "error: content/page/2.md and the generated /page/2/ both want /page/2/index.html",
            "error: static/atom.xml and the generated /atom.xml both want /atom.xml",
            "error: static/briefs/b01/index.html and content/briefs/b01.md both want /briefs/b01/index.html",
            "error: static/index.html and the generated / both want /index.html",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("build failed: 4 errors,"), "{}", r.stderr);
    assert!(!site.path("public").exists(), "nothing written");
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_not_published() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Gulf", "x\n");
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("keys")).unwrap();
    std::fs::write(outside.path().join("keys/id_ed25519"), "PRIVATE KEY").unwrap();
    std::fs::write(outside.path().join("hostname"), "secret-host").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("keys"), site.path("static/ssh")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("hostname"), site.path("static/hostname.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("keys"), site.path("content/briefs/keys")).unwrap();
    // A link that stays inside the site is followed as before.
    site.write("shared/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    std::os::unix::fs::symlink(site.path("shared/logo.svg"), site.path("static/logo.svg")).unwrap();
    let r = site.build_ok(&[]);
    // A link in static/ names where it points; one in content/ is skipped like any link out.
    let outside_at = outside.path().display();
    for (link, warning) in [
        ("static/ssh", format!("not published: static/ssh is a link to {outside_at}/keys, outside the site")),
        (
            "static/hostname.txt",
            format!("not published: static/hostname.txt is a link to {outside_at}/hostname, outside the site"),
        ),
        ("content/briefs/keys", "symbolic link out of the site skipped: what it points at is not published".into()),
    ] {
        assert!(r.stderr.contains(&format!("warning: {warning}\n  --> {link}\n")), "{link}: {}", r.stderr);
    }
    assert!(r.stdout.contains(" 3 warnings, "), "{r:?}");
    for f in list_files(&site.path("public")) {
        let bytes = std::fs::read(site.path("public").join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("PRIVATE KEY") && !text.contains("secret-host"),
            "{f} holds a file from outside the site"
        );
    }
    assert!(site.path("public/logo.svg").is_file());
    // A site that opts in follows them.
    site.write("site.yaml", &format!("{}follow_symlinks_outside: true\n", SITE_YAML));
    let r = site.build_ok(&[]);
    assert!(!r.stderr.contains("not published"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(site.path("public/hostname.txt")).unwrap(), "secret-host");
    assert!(site.path("public/ssh/id_ed25519").is_file());
}

/// A site written in a right-to-left language says so on every page, and what readers type is
/// read in its own direction.
#[test]
fn a_right_to_left_site_sets_dir_on_every_page() {
    let site = Site::new();
    site.write("site.yaml", "title: موجز\nbase_url: https://example.org/\nlanguage: fa-IR\n");
    site.brief("briefs/a.md", "title: دیدار\ndate: 2026-01-01\nregion: خلیج فارس", "متن.\n");
    site.build_ok(&[]);
    for page in ["index.html", "briefs/a/index.html", "search/index.html", "regions/index.html", "404.html"] {
        let html = site.html(page);
        assert_eq!(attrs(&html, "html", "dir"), ["rtl"], "{page}");
        assert_eq!(attrs(&html, "html", "lang"), ["fa-IR"], "{page}");
        assert!(attrs(&html, "input[type=search]", "dir").iter().all(|d| d == "auto"), "{page}");
    }
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: en\n");
    site.build_ok(&[]);
    assert_eq!(attrs(&site.html("index.html"), "html", "dir"), ["ltr"]);
}
