//! Bad input: every problem is reported with its file and line, the exit code is 1, and the
//! previous output stays exactly as it was.

use crate::prelude::*;

fn good(site: &Site) {
    site.brief("briefs/ok.md", "title: Fine\ndate: 2026-01-01\nregion: Gulf", "Body.\n");
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let site = Site::new();
    good(&site);
    site.brief("briefs/bad.md", "title: Broken\ndate: 2026-01-02\nregion: [Gulf\nactors: []", "x\n");
    let r = site.build_err();
    assert!(r.stderr.contains("error: invalid front matter: did not find expected ',' or ']'"), "{r:?}");
    // The list opened on line 4 is found unclosed at the next line's `[`.
    assert!(r.stderr.contains("--> content/briefs/bad.md:5:7\n"), "{r:?}");
}

#[test]
fn missing_required_fields_are_each_named() {
    let site = Site::new();
    site.brief("briefs/empty.md", "actors: [Iran]", "x\n");
    let r = site.build_err();
    for key in ["`title`", "`date`", "`region`"] {
        assert!(r.stderr.contains(&format!("missing required field {key}")), "{key}: {r:?}");
    }
    assert!(r.stderr.contains("content/briefs/empty.md"), "{r:?}");
}

#[test]
fn wrong_type_says_expected_and_found_with_line() {
    let site = Site::new();
    site.brief("briefs/t.md", "title: T\ndate: 2026-01-01\nregion: Gulf\nactors: {a: 1}", "x\n");
    let r = site.build_err();
    assert!(r.stderr.contains("`actors` must be a list of names, found a map"), "{r:?}");
    assert!(r.stderr.contains("content/briefs/t.md:5:9"), "{r:?}");
    assert!(r.stderr.contains("= hint:"), "{r:?}");
}

#[test]
fn an_impossible_date_is_explained_and_underlined_at_its_place() {
    let site = Site::new();
    site.brief("briefs/d.md", "title: T\ndate: 2026-02-30\nregion: Gulf", "x\n");
    let r = site.build_err();
    assert!(r.stderr.contains("February 2026 has 28 days"), "{r:?}");
    assert!(r.stderr.contains("content/briefs/d.md:3:7"), "{r:?}");
    assert!(r.stderr.contains("^^^^^^^^^^"), "{r:?}");
}

#[test]
fn duplicate_urls_name_both_files() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Gulf\nslug: same", "x\n");
    site.brief("briefs/same.md", "title: B\ndate: 2026-01-02\nregion: Gulf", "x\n");
    let r = site.build_err();
    assert!(
        r.stderr.contains("error: content/briefs/same.md and content/briefs/a.md both want the URL /briefs/same/\n"),
        "{r:?}"
    );
    assert!(r.stderr.contains("build failed: 1 error,"), "{r:?}");
}

#[test]
fn a_brief_cannot_take_a_built_in_url() {
    let site = Site::new();
    site.brief("timeline.md", "title: A\ndate: 2026-01-01\nregion: Gulf", "x\n");
    let r = site.build_err();
    assert!(r.stderr.contains("content/timeline.md") && r.stderr.contains("built-in /timeline/"), "{r:?}");
}

#[test]
fn broken_internal_link_has_file_and_line() {
    let site = Site::new();
    good(&site);
    site.brief(
        "briefs/l.md",
        "title: L\ndate: 2026-01-01\nregion: Gulf",
        "Intro.\n\nSee [gone](@/briefs/gone.md) now.\n",
    );
    let r = site.build_err();
    assert!(r.stderr.contains("broken link"), "{r:?}");
    assert!(r.stderr.contains("content/briefs/l.md:8:5"), "{r:?}");
}

#[test]
fn unknown_key_is_a_warning_with_suggestion_and_build_succeeds() {
    let site = Site::new();
    site.brief("briefs/w.md", "title: W\ndate: 2026-01-01\nregion: Gulf\nregoin: Levant", "x\n");
    let r = site.build_ok(&[]);
    assert!(r.stderr.contains("warning: unknown key `regoin`"), "{r:?}");
    assert!(r.stderr.contains("did you mean `region`?"), "{r:?}");
    assert!(r.stderr.contains("content/briefs/w.md:5"), "{r:?}");
    assert!(r.stdout.contains("1 warning,"), "{r:?}");
}

#[test]
fn template_errors_name_template_and_line() {
    let site = Site::new();
    good(&site);
    site.write(
        "templates/term.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ term.name | nosuchfilter }}\n{% endblock content %}\n",
    );
    let r = site.build_err();
    assert!(r.stderr.contains("templates/term.html:3"), "{r:?}");
    site.write(
        "templates/term.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ no_such_variable }}\n{% endblock content %}\n",
    );
    let r = site.build_err();
    assert!(r.stderr.contains("templates/term.html:3"), "{r:?}");
    assert!(r.stderr.contains("template term.html"), "{r:?}");
}

#[test]
fn card_template_errors_name_the_partial_and_line() {
    let site = Site::new();
    good(&site);
    for n in ["two", "three"] {
        site.brief(&format!("briefs/{n}.md"), &format!("title: {n}\ndate: 2026-01-02\nregion: Gulf"), "x\n");
    }
    site.write("templates/partials/brief_item.html", "<li>\n{{ item.title | nosuchfilter }}</li>\n");
    let r = site.build_err();
    assert!(r.stderr.contains("templates/partials/brief_item.html:2"), "{r:?}");
    site.write("templates/partials/brief_item.html", "<li>\n\n{{ item.no_such_field.title }}</li>\n");
    let r = site.build_err();
    assert!(r.stderr.contains("templates/partials/brief_item.html:3"), "{r:?}");
    // Every brief's card fails the same way: one problem, printed and counted once.
    assert_eq!(r.stderr.matches("templates/partials/brief_item.html:3").count(), 1, "{r:?}");
    assert!(r.stderr.contains("build failed: 1 error,"), "{r:?}");
}

#[test]
fn several_errors_are_all_reported() {
    let site = Site::new();
    good(&site);
    site.brief("briefs/one.md", "title: One\ndate: 2026-13-01\nregion: Gulf", "x\n");
    site.brief("briefs/two.md", "date: 2026-01-01\nregion: Gulf", "x\n");
    site.brief("briefs/three.md", "title: Three\ndate: 2026-01-01\nregion: Gulf", "[x](missing.md)\n");
    site.write("templates/home.html", "{% if %}");
    let r = site.build_err();
    for needle in ["briefs/one.md:3", "briefs/two.md", "briefs/three.md:6", "templates/home.html:1"] {
        assert!(r.stderr.contains(needle), "{needle} not reported: {r:?}");
    }
    assert!(r.stderr.contains("build failed: 4 errors"), "{r:?}");
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let site = Site::new();
    good(&site);
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));
    // The whole site of one brief: its page, the lists, its region's
    // month-by-month timeline, the sources page, the actor graph, feeds (Atom and JSON), the
    // calendar, the data exports and their schemas, the STIX bundle, search index and theme files
    // (with the scripts' strings reader, i18n.js).
    assert_eq!(before.len(), 41, "{:?}", before.keys());
    site.brief("briefs/ok.md", "title: Fine, renamed\ndate: 2026-02-30\nregion: Gulf", "Body.\n");
    site.build_err();
    assert_eq!(snapshot(&site.path("public")), before);
    // A template error fails late, after rendering: the output is still untouched.
    site.brief("briefs/ok.md", "title: Fine, renamed\ndate: 2026-02-03\nregion: Gulf", "Body.\n");
    site.write("templates/brief.html", "{{ brief.nope.deeper }}");
    site.build_err();
    assert_eq!(snapshot(&site.path("public")), before);
    // A broken link is found only once the brief pages are being rendered and written: the
    // output is still untouched.
    std::fs::remove_file(site.path("templates/brief.html")).unwrap();
    good(&site);
    site.brief("briefs/older.md", "title: Older\ndate: 2025-12-01\nregion: Gulf", "See [this](@/briefs/gone.md).\n");
    let r = site.build_err();
    assert!(r.stderr.contains("broken link"), "{r:?}");
    assert_eq!(snapshot(&site.path("public")), before);
    // Nothing is left beside it but the lock file and the build cache, which stay by design.
    let siblings: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-") && n != ".public.dossier-lock" && n != ".dossier-cache")
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
    // Fixed, the build gives exactly the first output. The output it replaced is kept for
    // the next build to write into; a failed build takes that folder and gives it back, and
    // the build after it still gives exactly the first output.
    let broken = std::fs::read_to_string(site.path("content/briefs/older.md")).unwrap();
    std::fs::remove_file(site.path("content/briefs/older.md")).unwrap();
    site.build_ok(&[]);
    assert_eq!(snapshot(&site.path("public")), before);
    site.write("content/briefs/older.md", &broken);
    site.build_err();
    assert_eq!(snapshot(&site.path("public")), before);
    std::fs::remove_file(site.path("content/briefs/older.md")).unwrap();
    site.build_ok(&[]);
    assert_eq!(snapshot(&site.path("public")), before);
}

#[test]
fn missing_site_yaml_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a dossier site: no site.yaml"), "{err}");
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::new();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
}

#[test]
fn an_output_folder_that_cannot_be_made_fails_the_build() {
    let site = Site::new();
    good(&site);
    site.write("taken", "a file where the output's parent folder should be");
    let r = site.run(&["build", "--output-dir", site.path("taken/public").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("cannot create"), "{r:?}");
    assert!(r.stderr.contains("taken"), "{r:?}");
    assert!(r.stderr.contains("is a file; move it, or choose another --output-dir"), "{r:?}");
    assert!(r.stderr.contains("build failed: 1 error,"), "{r:?}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let site = Site::new();
    good(&site);
    site.write("docs/notes.txt", "precious");
    let r = site.run(&["build", "--output-dir", site.path("docs").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("was not created by dossier"), "{r:?}");
    assert_eq!(std::fs::read_to_string(site.path("docs/notes.txt")).unwrap(), "precious");
}

#[test]
fn site_yaml_problems_are_each_reported_at_their_line() {
    let site = Site::new();
    good(&site);
    site.write("site.yaml", "title: T\ndescripton: typo\ntimezone: Mars/Base\n");
    let r = site.build_err();
    assert!(r.stderr.contains("site.yaml:2") && r.stderr.contains("did you mean `description`?"), "{r:?}");
    assert!(r.stderr.contains("site.yaml:3") && r.stderr.contains("unknown time zone"), "{r:?}");
}
