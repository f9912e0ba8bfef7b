//! Authoring commands: `init` makes a site that builds at once, `new` writes a brief and never
//! overwrites, `check` reports what a build would (as JSON for CI) and flags likely misspellings,
//! and `build --timings` and `check --verbose` say how long each stage took.

use std::path::Path;

use crate::prelude::*;

fn dossier(root: &Path, args: &[&str]) -> Run {
    run_in(root, args)
}

#[test]
fn init_new_build_and_check_work_without_a_theme_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let r = dossier(&root, &["init", "--title", "Sahel Desk"]);
    assert!(r.ok(), "{r:?}");
    assert!(root.join("site.yaml").is_file() && root.join("templates").is_dir());
    assert!(!root.join("themes").exists());
    // A second init refuses and changes nothing.
    let before = std::fs::read(root.join("site.yaml")).unwrap();
    let r = dossier(&root, &["init"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(std::fs::read(root.join("site.yaml")).unwrap(), before);

    let r = dossier(
        &root,
        &[
            "new",
            "Mali's junta & Wagner: the exit",
            "--region",
            "Sahel",
            "--actors",
            "Mali,Wagner Group",
            "--tags",
            "security",
        ],
    );
    assert!(r.ok(), "{r:?}");
    let path = root.join("content/briefs/malis-junta-wagner-the-exit.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let today = jiff::Zoned::now().date().to_string();
    assert!(text.contains(&format!("date: {today}")), "{text}");
    assert!(text.contains("title: \"Mali's junta & Wagner: the exit\""), "{text}");
    assert!(text.contains("actors: [\"Mali\", \"Wagner Group\"]"), "{text}");
    // `new` never overwrites.
    std::fs::write(&path, "edited by hand").unwrap();
    let r = dossier(&root, &["new", "Mali's junta & Wagner: the exit", "--region", "Sahel"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("already exists"), "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
    std::fs::remove_file(&path).unwrap();
    assert!(dossier(&root, &["new", "Mali's junta & Wagner: the exit", "--region", "Sahel"]).ok());

    let r = dossier(&root, &["build"]);
    assert!(r.ok(), "{r:?}");
    assert!(r.stderr.trim().is_empty(), "a new site builds without warnings: {r:?}");
    let page = std::fs::read_to_string(root.join("public/briefs/malis-junta-wagner-the-exit/index.html")).unwrap();
    let page = scraper::Html::parse_document(&page);
    assert_eq!(texts(&page, "h1"), ["Mali’s junta & Wagner: the exit"], "with the body's punctuation");
    assert!(root.join("public/briefs/welcome/index.html").is_file());
    let r = dossier(&root, &["check"]);
    assert!(r.ok(), "{r:?}");
    assert!(r.stdout.contains("checked 2 briefs"), "{r:?}");
}

#[test]
fn check_reports_errors_and_misspellings_as_json_and_writes_nothing() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Levant\nactors: [Hezbollah, Israel]", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2026-01-02\nregion: Levant\nactors: [Hezbollah]", "B.\n")
        .brief(
            "briefs/c.md",
            "title: C\ndate: 2026-01-03\nregion: Levant\nactors: [Hizbollah]",
            "See [gone](@/briefs/gone.md).\n",
        )
        .brief("briefs/d.md", "title: D\ndate: 2026-02-30\nregion: Levant", "D.\n");
    let r = site.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!((v["errors"].clone(), v["warnings"].clone()), (2.into(), 1.into()), "{v:#}");
    let items = v["diagnostics"].as_array().unwrap();
    let find = |needle: &str| items.iter().find(|d| d["message"].as_str().unwrap().contains(needle)).cloned();
    let date = find("2026-02-30").expect("the impossible date is reported");
    assert_eq!(date["severity"], "error");
    assert_eq!(date["file"], "content/briefs/d.md");
    assert_eq!(date["line"], 3);
    let link = find("broken link").expect("the broken link is reported");
    assert_eq!((link["file"].clone(), link["line"].clone()), ("content/briefs/c.md".into(), 7.into()));
    let spelling = find("Hizbollah").expect("the misspelling is flagged");
    assert_eq!(spelling["severity"], "warning");
    assert!(spelling["message"].as_str().unwrap().contains("\"Hezbollah\""), "{spelling}");
    // The hint points at both term pages, where each spelling's briefs are listed.
    assert_eq!(
        spelling["hint"],
        "if they are one actor, write \"Hezbollah\" (the spelling most briefs use) in `actors`, or file \"Hizbollah\" \
         under it with `aliases` in site.yaml; /actors/hizbollah/ and /actors/hezbollah/ list where each is used"
    );
    assert!(!site.path("public").exists(), "check writes nothing");
    // Fixed: exit 0, still warning about the spelling.
    site.brief("briefs/d.md", "title: D\ndate: 2026-02-28\nregion: Levant", "D.\n").brief(
        "briefs/c.md",
        "title: C\ndate: 2026-01-03\nregion: Levant\nactors: [Hizbollah]",
        "C.\n",
    );
    let r = site.run(&["check"]);
    assert!(r.ok(), "{r:?}");
    assert!(r.stderr.contains("looks like a misspelling"), "{r:?}");
}

/// `build --timings` and `check --verbose` list every stage with its time, then the total;
/// a plain build lists none.
#[test]
fn build_and_check_print_stage_timings_on_request() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Levant", "A.\n");
    // `  model        12.3 ms ...`: a name, then a number of milliseconds.
    let stages = |stderr: &str| -> Vec<String> {
        stderr
            .lines()
            .filter_map(|l| {
                let (name, rest) = l.trim().split_once("  ")?;
                let mut words = rest.split_whitespace();
                let ms = words.next()?.parse::<f64>().ok()?;
                (words.next() == Some("ms") && ms >= 0.0).then(|| name.trim().to_string())
            })
            .collect()
    };
    assert_eq!(stages(&site.build_ok(&[]).stderr), Vec::<String>::new());
    let built = stages(&site.build_ok(&["--timings"]).stderr);
    for stage in ["read and front matter", "model", "markdown and brief pages", "search", "total"] {
        assert!(built.iter().any(|s| s == stage), "no {stage:?} in {built:?}");
    }
    assert_eq!(built.last().map(String::as_str), Some("total"));
    let checked = site.run(&["check", "--verbose"]);
    assert!(checked.ok(), "{checked:?}");
    assert_eq!(stages(&checked.stderr), built, "{checked:?}");
}
