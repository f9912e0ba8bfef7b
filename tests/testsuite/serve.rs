//! `dossier serve` against fixture sites, over real HTTP: edits show up and are announced,
//! deletions disappear, broken edits keep the last good site and report the error, bursts of
//! changes converge to a clean build, paths cannot escape, only local hosts are answered, idle
//! connections cannot lock the author out, and the published folder is never touched.

use crate::http::{Server, expect_event, get, listen, request, wait_for};
use crate::prelude::*;

fn fixture() -> Site {
    let site = Site::new();
    site.brief("briefs/muscat.md", "title: Talks in Muscat\ndate: 2026-02-07\nregion: Gulf\nactors: [Oman]", "Body.\n");
    site.brief("briefs/hormuz.md", "title: Hormuz\ndate: 2025-05-01\nregion: Gulf\nactors: [Iran]", "Body.\n");
    site.brief("briefs/niger.md", "title: Niger\ndate: 2024-08-10\nregion: Sahel\nactors: [Niger]", "Body.\n");
    site
}

fn h1(port: u16, path: &str) -> Option<String> {
    let r = get(port, path);
    (r.status == 200).then(|| texts(&scraper::Html::parse_document(&r.body), "h1").join(""))
}

#[test]
fn edits_are_served_and_announced() {
    let site = fixture();
    let preview = site.path("preview");
    let server = Server::start(site.root(), &["--output-dir", preview.to_str().unwrap()]);
    let port = server.port;
    let events = listen(port);
    assert_eq!(h1(port, "/briefs/muscat/").as_deref(), Some("Talks in Muscat"));
    site.brief(
        "briefs/muscat.md",
        "title: Talks resume in Muscat\ndate: 2026-02-07\nregion: Gulf\nactors: [Oman]",
        "Body.\n",
    );
    expect_event(&events, "reload", 10);
    wait_for(10, "the new title", || {
        (h1(port, "/briefs/muscat/").as_deref() == Some("Talks resume in Muscat")).then_some(())
    });
    // The exports of every brief follow once the edits pause.
    wait_for(10, "the exports", || {
        let r = get(port, "/briefs.json");
        let v: serde_json::Value = serde_json::from_str(&r.body).ok()?;
        v["briefs"].as_array()?.iter().any(|b| b["title"] == "Talks resume in Muscat").then_some(())
    });
    // The served page carries the live-reload script; the file on disk does not.
    assert!(get(port, "/briefs/muscat/").body.contains("/__dossier/livereload.js"));
    for f in site.files("preview") {
        let text = std::fs::read(preview.join(&f)).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("__dossier"), "{f} contains the preview script");
    }
}

#[test]
fn added_deleted_and_renamed_briefs_update_every_index() {
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let listed = |path: &str, title: &str| get(port, path).body.contains(title);

    site.brief("briefs/new.md", "title: Brand new brief\ndate: 2026-03-01\nregion: Sahel", "Body.\n");
    wait_for(10, "the new brief on its region page", || listed("/regions/sahel/", "Brand new brief").then_some(()));
    assert!(listed("/timeline/", "Brand new brief"));
    assert_eq!(get(port, "/briefs/new/").status, 200);

    std::fs::remove_file(site.path("content/briefs/hormuz.md")).unwrap();
    wait_for(10, "the deleted brief to 404", || (get(port, "/briefs/hormuz/").status == 404).then_some(()));
    for page in ["/", "/timeline/", "/regions/gulf/", "/actors/"] {
        assert!(!listed(page, "Hormuz"), "{page} still lists the deleted brief");
    }
    assert_eq!(get(port, "/actors/iran/").status, 404);

    std::fs::rename(site.path("content/briefs/niger.md"), site.path("content/briefs/niger-2024.md")).unwrap();
    wait_for(10, "the renamed brief at its new URL only", || {
        (get(port, "/briefs/niger-2024/").status == 200 && get(port, "/briefs/niger/").status == 404).then_some(())
    });
    assert!(get(port, "/regions/sahel/").body.contains("/briefs/niger-2024/"));
    assert!(!get(port, "/regions/sahel/").body.contains("/briefs/niger/\""));
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_the_error() {
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let events = listen(port);
    let good = get(port, "/briefs/muscat/").body;
    site.write(
        "content/briefs/muscat.md",
        "---\ntitle: Talks in Muscat\ndate: 2026-02-07\nregion: [Gulf\n---\nBody.\n",
    );
    let data = expect_event(&events, "build-error", 10);
    assert!(data.contains("content/briefs/muscat.md"), "{data}");
    let status = server.status();
    assert_eq!(status["ok"], false);
    let err = &status["error"]["errors"][0];
    assert_eq!(err["file"], "content/briefs/muscat.md");
    // The list opened on line 4 is found unclosed on line 5.
    assert_eq!(err["line"], 5, "{err}");
    assert_eq!(err["message"], "invalid front matter: did not find expected ',' or ']'", "{err}");
    // Still the last good page, now with the overlay.
    let now = get(port, "/briefs/muscat/");
    assert_eq!(now.status, 200);
    assert!(now.body.contains("id=\"__dossier_overlay\"") && now.body.contains("content/briefs/muscat.md"));
    assert_eq!(h1(port, "/briefs/muscat/").as_deref(), Some("Talks in Muscat"));
    assert!(good.contains("Talks in Muscat"));
    // Fixing it recovers.
    site.brief("briefs/muscat.md", "title: Talks in Muscat, fixed\ndate: 2026-02-07\nregion: Gulf", "Body.\n");
    expect_event(&events, "reload", 10);
    wait_for(10, "recovery", || (server.status()["ok"] == true).then_some(()));
    let fixed = get(port, "/briefs/muscat/");
    assert!(!fixed.body.contains("id=\"__dossier_overlay\""));
    assert_eq!(h1(port, "/briefs/muscat/").as_deref(), Some("Talks in Muscat, fixed"));
}

#[test]
fn template_errors_while_serving_are_reported_with_the_template_line() {
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    let events = listen(server.port);
    site.write(
        "templates/brief.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ brief.title | nope }}\n{% endblock content %}\n",
    );
    let data = expect_event(&events, "build-error", 10);
    assert!(data.contains("templates/brief.html") && data.contains("\"line\":3"), "{data}");
    std::fs::remove_file(site.path("templates/brief.html")).unwrap();
    expect_event(&events, "reload", 10);
}

#[test]
fn paths_out_of_the_preview_are_refused_and_files_are_served_with_their_type() {
    let site = fixture();
    site.write("static/img/dot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("static/data.json", "{}");
    // A symlink pointing outside the served folder.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let server = Server::start(site.root(), &["--output-dir", site.path("preview").to_str().unwrap()]);
    let port = server.port;
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("preview/leak.txt")).unwrap();
    std::fs::write(site.root().join("outside.txt"), "secret").unwrap();

    for target in [
        "/../outside.txt",
        "/briefs/../../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E%2Foutside.txt",
        "/briefs/%2e%2e/%2e%2e/outside.txt",
        "/..%5coutside.txt",
        "/briefs\\..\\..\\outside.txt",
        "/leak.txt",
    ] {
        let r = get(port, target);
        assert!(r.status == 404 || r.status == 400, "{target} → {}", r.status);
        assert!(!r.body.contains("secret"), "{target} leaked");
    }
    let ct = |p: &str| get(port, p).header("content-type").unwrap_or("").to_string();
    assert_eq!(ct("/briefs/muscat/"), "text/html; charset=utf-8");
    assert_eq!(ct("/style.css"), "text/css; charset=utf-8");
    assert_eq!(ct("/img/dot.svg"), "image/svg+xml");
    assert_eq!(ct("/data.json"), "application/json");
    let r = get(port, "/briefs/muscat");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/briefs/muscat/"));
    let r = get(port, "/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("<html"), "the theme's 404 page is served");
    assert_eq!(request(port, "POST", "/").status, 405);
    assert_eq!(get(port, &format!("/{}", "a".repeat(5000))).status, 414);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = fixture();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already in use") && err.contains("--port"), "{err}");
}

#[test]
fn a_burst_of_changes_while_watching_converges_to_a_clean_build() {
    let site = fixture();
    let server = Server::start(site.root(), &["--output-dir", site.path("preview").to_str().unwrap()]);
    let port = server.port;
    let before = server.status()["generation"].as_u64().unwrap();
    // Like a `git checkout`: many files written, renamed and deleted at once.
    for i in 0..60 {
        site.brief(
            &format!("briefs/burst/b{i}.md"),
            &format!(
                "title: Burst {i}\ndate: 2025-0{}-1{}\nregion: [Gulf, Levant]\nactors: [A{}]",
                1 + i % 9,
                i % 10,
                i % 7
            ),
            "## One\n\nText.\n",
        );
    }
    std::fs::remove_file(site.path("content/briefs/hormuz.md")).unwrap();
    std::fs::rename(site.path("content/briefs/niger.md"), site.path("content/briefs/burst/niger.md")).unwrap();
    site.write(
        "templates/partials/brief_item.html",
        "<li><a href=\"{{ item.url }}\">{{ item.title }}</a> (burst)</li>\n",
    );
    // Wait until the server has been quiet and current for a while.
    let mut last = (0, std::time::Instant::now());
    wait_for(30, "the rebuilds to settle", || {
        let s = server.status();
        let g = s["generation"].as_u64().unwrap();
        if g != last.0 {
            last = (g, std::time::Instant::now());
        }
        (g > before && s["ok"] == true && last.1.elapsed() > std::time::Duration::from_millis(800)).then_some(())
    });
    let rebuilds = last.0 - before;
    assert!(rebuilds <= 5, "{rebuilds} rebuilds for one burst");
    assert_matches_clean_build(&site, port);
}

#[test]
fn a_save_by_rename_reloads_and_a_stylesheet_change_swaps_styles_without_reloading() {
    let site = fixture();
    site.write("static/extra.css", "body { color: black }");
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let events = listen(port);
    // Save by writing a temporary file and renaming it over the original, as many editors do.
    site.write(
        "content/briefs/.muscat.md.swp",
        "---\ntitle: Saved by rename\ndate: 2026-02-07\nregion: Gulf\n---\nBody.\n",
    );
    std::fs::rename(site.path("content/briefs/.muscat.md.swp"), site.path("content/briefs/muscat.md")).unwrap();
    expect_event(&events, "reload", 10);
    wait_for(10, "the renamed-over save", || {
        (h1(port, "/briefs/muscat/").as_deref() == Some("Saved by rename")).then_some(())
    });
    // A stylesheet-only change swaps styles without a reload.
    site.write("static/extra.css", "body { color: navy }");
    expect_event(&events, "css", 10);
    assert!(get(port, "/extra.css").body.contains("navy"));
}

#[test]
fn polling_mode_picks_up_changes() {
    let site = fixture();
    let server = Server::start(site.root(), &["--poll"]);
    let port = server.port;
    site.brief("briefs/niger.md", "title: Niger, polled\ndate: 2024-08-10\nregion: Sahel", "Body.\n");
    wait_for(15, "the polled change", || {
        (h1(port, "/briefs/niger/").as_deref() == Some("Niger, polled")).then_some(())
    });
}

#[test]
fn build_watch_rebuilds_without_serving() {
    use std::io::{BufRead, BufReader};
    let site = fixture();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--watch", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let ready = wait_for(20, "the watcher", || rx.try_recv().ok().filter(|l| l.starts_with("watching")));
    assert!(ready.contains("watching"));
    site.brief("briefs/niger.md", "title: Niger, watched\ndate: 2024-08-10\nregion: Sahel", "Body.\n");
    wait_for(10, "the rebuilt page", || {
        let p = site.path("public/briefs/niger/index.html");
        std::fs::read_to_string(p).ok().filter(|t| t.contains("Niger, watched")).map(|_| ())
    });
    let page = std::fs::read_to_string(site.path("public/briefs/niger/index.html")).unwrap();
    assert!(!page.contains("__dossier"), "build --watch output must stay clean");
    let _ = child.kill();
    let _ = child.wait();
}

/// Wait until the server reports a good build and has been quiet for a moment.
fn settle(server: &Server, after: u64) -> u64 {
    let mut last = (0, std::time::Instant::now());
    wait_for(60, "the rebuilds to settle", || {
        let s = server.status();
        let g = s["generation"].as_u64().unwrap();
        if g != last.0 {
            last = (g, std::time::Instant::now());
        }
        (g > after && s["ok"] == true && last.1.elapsed() > std::time::Duration::from_millis(1000)).then_some(g)
    })
}

fn assert_matches_clean_build(site: &Site, port: u16) {
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("public");
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--base-url", &format!("http://127.0.0.1:{port}/"), "--root"])
        .arg(site.root())
        .arg("--output-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let live = snapshot(&site.path("preview"));
    let clean = snapshot(&out);
    assert_eq!(live.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>());
    for (k, v) in &live {
        assert!(v == &clean[k], "{k} differs from a clean build");
    }
}

#[test]
fn a_thousand_changes_and_a_vanishing_content_folder_converge_to_a_clean_build() {
    let site = fixture();
    let server = Server::start(site.root(), &["--output-dir", site.path("preview").to_str().unwrap()]);
    let g = server.status()["generation"].as_u64().unwrap();
    // A thousand changes within about a second: new briefs, then most of them edited again.
    let start = std::time::Instant::now();
    for i in 0..600 {
        site.brief(
            &format!("briefs/many/m{i:03}.md"),
            &format!(
                "title: Many {i}\ndate: 2024-{:02}-{:02}\nregion: Gulf\nactors: [A{}]",
                1 + i % 12,
                1 + i % 28,
                i % 9
            ),
            "Text.\n",
        );
    }
    for i in 0..400 {
        site.brief(
            &format!("briefs/many/m{i:03}.md"),
            &format!(
                "title: Many {i}, again\ndate: 2024-{:02}-{:02}\nregion: Levant\nactors: [B{}]",
                1 + i % 12,
                1 + i % 28,
                i % 5
            ),
            "Text again.\n",
        );
    }
    eprintln!("1,000 changes written in {:?}", start.elapsed());
    let g = settle(&server, g);
    assert_matches_clean_build(&site, server.port);
    // The whole content folder disappears (a branch switch, a sync tool) and comes back.
    std::fs::rename(site.path("content"), site.path("content-away")).unwrap();
    let g = settle(&server, g);
    std::fs::rename(site.path("content-away"), site.path("content")).unwrap();
    settle(&server, g);
    let r = get(server.port, "/briefs/many/m007/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Many 7, again"));
    assert_matches_clean_build(&site, server.port);
}

/// The preview's private folders of the server with this pid, in the temporary directory.
fn preview_folders(pid: u32) -> Vec<std::path::PathBuf> {
    let prefix = format!("dossier-preview-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

#[test]
fn serve_never_touches_what_is_published() {
    let site = fixture();
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));
    assert!(!before.is_empty());
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let pid = server.pid();
    assert_eq!(preview_folders(pid).len(), 1, "the preview renders into a private folder of its own");
    // Edit, break and fix a brief, add one: every kind of rebuild the preview makes.
    site.brief("briefs/muscat.md", "title: Talks resume\ndate: 2026-02-07\nregion: Gulf\nactors: [Oman]", "Body.\n");
    wait_for(10, "the edit", || (h1(port, "/briefs/muscat/").as_deref() == Some("Talks resume")).then_some(()));
    site.brief("briefs/muscat.md", "title: Broken\ndate: 2026-02-31\nregion: Gulf", "Body.\n");
    wait_for(10, "the error", || (server.status()["ok"] == false).then_some(()));
    site.brief("briefs/added.md", "title: Added\ndate: 2026-03-01\nregion: Sahel", "Body.\n");
    site.brief("briefs/muscat.md", "title: Fixed\ndate: 2026-02-07\nregion: Gulf", "Body.\n");
    wait_for(10, "the fix", || (h1(port, "/briefs/added/").as_deref() == Some("Added")).then_some(()));
    // The preview's pages point at the preview; the published ones never do.
    assert!(get(port, "/sitemap.xml").body.contains(&format!("http://127.0.0.1:{port}/")));
    assert!(server.stop().success());

    let after = snapshot(&site.path("public"));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "files added or removed");
    for (path, bytes) in &after {
        assert!(bytes == &before[path], "{path} changed while serving");
        assert!(!String::from_utf8_lossy(bytes).contains("127.0.0.1"), "{path} holds a preview address");
    }
    assert!(preview_folders(pid).is_empty(), "the private folder is removed when serve stops");
    // A site never built: serving it creates no public/ at all.
    let fresh = fixture();
    let server = Server::start(fresh.root(), &[]);
    assert_eq!(get(server.port, "/").status, 200);
    let pid = server.pid();
    drop(server);
    assert!(!fresh.path("public").exists(), "serve made a public/ folder");
    assert!(preview_folders(pid).is_empty(), "a terminated preview removes its folder");
}

#[test]
fn serve_refuses_to_render_the_preview_into_the_published_folder() {
    let site = fixture();
    let r = site.run(&["serve", "--port", "0", "--output-dir", site.path("public").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("refusing to write the preview into") && r.stderr.contains("hint:"), "{}", r.stderr);
    assert!(!site.path("public").exists());
}

/// Lines the server printed until one contains `needle` (at most `secs` seconds).
fn lines_until(server: &Server, needle: &str, secs: u64) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let mut seen = Vec::new();
    while let Ok(line) = server.lines.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
        let found = line.contains(needle);
        seen.push(line);
        if found {
            return seen;
        }
    }
    panic!("serve never printed {needle:?}; it printed:\n{}", seen.join("\n"));
}

#[test]
fn serve_prints_each_warning_with_its_text_and_place() {
    let site = fixture();
    site.brief("briefs/odd.md", "title: Odd\ndate: 2026-01-01\nregion: Gulf\nflavour: mint", "Body.\n");
    let server = Server::start(site.root(), &[]);
    // Printed before the server says where it listens (stderr and stdout may interleave).
    let mut text = server.startup.join("\n");
    if !text.contains("--> content/briefs/odd.md:5:") {
        text += &lines_until(&server, "--> content/briefs/odd.md:5:", 10).join("\n");
    }
    assert!(text.contains("warning: unknown key `flavour`"), "{text}");
    // A warning that appears with an edit is printed when it appears (the summary line goes to
    // stdout and the warning to stderr, so they may arrive in either order).
    site.brief("briefs/niger.md", "title: Niger\ndate: 2024-08-10\nregion: Sahel\ncolour: red", "Body.\n");
    // Warnings go to stderr and the `rebuilt` line to stdout, read by two threads: either can
    // arrive first.
    let mut text = lines_until(&server, "--> content/briefs/niger.md:5:", 10).join("\n");
    if !text.contains("rebuilt") {
        text += &lines_until(&server, "rebuilt", 10).join("\n");
    }
    assert!(text.contains("warning: unknown key `colour`"), "{text}");
    let rebuilt = text.lines().find(|l| l.contains("rebuilt")).unwrap_or_default();
    assert!(rebuilt.contains("2 warnings"), "{text}");
}

#[test]
fn a_site_broken_at_start_serves_an_error_page_on_every_url() {
    let site = fixture();
    site.brief("briefs/muscat.md", "title: Talks\ndate: 2026-02-30\nregion: Gulf", "Body.\n");
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    for path in ["/", "/briefs/muscat/", "/briefs/niger/", "/regions/gulf/", "/no/such/page/"] {
        let r = get(port, path);
        assert_eq!(r.status, 500, "{path}");
        assert!(r.header("content-type").unwrap_or("").starts_with("text/html"), "{path}");
        let doc = scraper::Html::parse_document(&r.body);
        assert_eq!(
            texts(&doc, "#__dossier_overlay li"),
            [
                "content/briefs/muscat.md:3: invalid `date`: \"2026-02-30\" is not a real date: February 2026 has 28 days"
            ],
            "{path}"
        );
        assert!(r.body.contains("/__dossier/livereload.js"), "{path}: the page reloads itself once fixed");
    }
    site.brief("briefs/muscat.md", "title: Talks\ndate: 2026-02-07\nregion: Gulf", "Body.\n");
    wait_for(10, "the fixed site", || (h1(port, "/briefs/muscat/").as_deref() == Some("Talks")).then_some(()));
    assert_eq!(get(port, "/no/such/page/").status, 404);
}

#[test]
fn deleting_a_failing_template_override_clears_its_error() {
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    let events = listen(server.port);
    // It parses, but fails to render: the error belongs to the pages that use it.
    site.write(
        "templates/brief.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ nosuch.thing }}{% endblock content %}\n",
    );
    let data = expect_event(&events, "build-error", 10);
    assert!(data.contains("templates/brief.html") && data.contains("nosuch"), "{data}");
    std::fs::remove_file(site.path("templates/brief.html")).unwrap();
    expect_event(&events, "reload", 10);
    wait_for(10, "the error to clear", || (server.status()["ok"] == true).then_some(()));
    assert_eq!(h1(server.port, "/briefs/muscat/").as_deref(), Some("Talks in Muscat"));
}

#[test]
fn only_requests_for_localhost_or_an_address_are_answered() {
    let site = fixture();
    site.brief("briefs/secret.md", "title: Secret draft\ndate: 2026-01-01\nregion: Gulf\ndraft: true", "Body.\n");
    let server = Server::start(site.root(), &["--drafts", "--allow-host", "preview.example"]);
    let port = server.port;
    // What a DNS-rebinding page would send: its own domain, resolved to 127.0.0.1.
    for target in ["/", "/briefs/secret/", "/__dossier/status", "/__dossier/events", "/__dossier/livereload.js"] {
        let r = crate::http::request_as(port, "GET", target, &format!("rebind.attacker.example:{port}"));
        assert_eq!(r.status, 403, "{target}");
        assert!(!r.body.contains("Secret draft") && !r.body.contains("generation"), "{target} leaked");
    }
    for host in
        [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}"), "preview.example".into()]
    {
        assert_eq!(crate::http::request_as(port, "GET", "/briefs/secret/", &host).status, 200, "{host}");
    }
}

#[test]
fn redirects_never_point_at_another_host() {
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    for (target, to) in [("//briefs", "/briefs/"), ("///briefs/muscat", "/briefs/muscat/"), ("/briefs", "/briefs/")] {
        let r = get(server.port, target);
        assert_eq!(r.status, 301, "{target}");
        assert_eq!(r.header("location"), Some(to), "{target}");
    }
}

#[test]
fn silent_and_idle_connections_are_closed_and_cannot_lock_the_author_out() {
    use std::io::Read;
    use std::net::TcpStream;
    let site = fixture();
    // With 256 descriptors the preview takes at most 128 connections at once.
    let server = Server::start_with_file_limit(site.root(), &[], 256);
    let port = server.port;
    // A connection that never sends a request is closed (the header deadline is 10 s).
    let mut silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    silent.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    // Three hundred idle sockets, more than the preview will hold at once.
    let idle: Vec<TcpStream> = (0..300).filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok()).collect();
    assert!(idle.len() >= 200, "only {} connections could be opened", idle.len());
    // The author's browser still gets its page: idle sockets are let go while the cap is near.
    let started = std::time::Instant::now();
    let r = get(port, "/briefs/muscat/");
    assert_eq!(r.status, 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(9), "waited {:?}", started.elapsed());
    let mut buf = [0u8; 16];
    let n = silent.read(&mut buf).expect("the silent connection is closed before the test's own 20 s limit");
    assert_eq!(n, 0, "the server closed it without sending anything");
    drop(idle);
}

#[test]
fn a_content_folder_deleted_and_recreated_at_once_is_followed() {
    let site = fixture();
    let server = Server::start(site.root(), &["--output-dir", site.path("preview").to_str().unwrap()]);
    let port = server.port;
    let g = server.status()["generation"].as_u64().unwrap();
    // A copy of the content with one brief changed and one added, swapped in the way a sync
    // tool or `rm -rf content && cp -r backup content` does.
    let backup = tempfile::tempdir().unwrap();
    let copy = backup.path().join("content");
    std::fs::create_dir_all(copy.join("briefs")).unwrap();
    for f in ["hormuz.md", "niger.md"] {
        std::fs::copy(site.path(&format!("content/briefs/{f}")), copy.join("briefs").join(f)).unwrap();
    }
    std::fs::write(
        copy.join("briefs/muscat.md"),
        "---\ntitle: Muscat from the backup\ndate: 2026-02-07\nregion: Gulf\n---\nBody.\n",
    )
    .unwrap();
    std::fs::write(copy.join("briefs/extra.md"), "---\ntitle: Extra\ndate: 2026-02-08\nregion: Gulf\n---\nBody.\n")
        .unwrap();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let status = std::process::Command::new("cp").arg("-r").arg(&copy).arg(site.root()).status().unwrap();
    assert!(status.success());
    let g = settle(&server, g);
    assert_eq!(h1(port, "/briefs/muscat/").as_deref(), Some("Muscat from the backup"));
    assert_eq!(h1(port, "/briefs/extra/").as_deref(), Some("Extra"));
    // And the new folder is watched: a later edit shows.
    site.brief("briefs/niger.md", "title: Niger, later\ndate: 2024-08-10\nregion: Sahel", "Body.\n");
    wait_for(10, "a later edit", || (h1(port, "/briefs/niger/").as_deref() == Some("Niger, later")).then_some(()));
    settle(&server, g);
    assert_matches_clean_build(&site, port);
}
