//! `dossier check` finds what analysts mistype: one name transliterated several ways
//! (Hizballah, Hezbollah, Hizbullah), with the spelling most briefs use suggested; no false
//! alarm for distinct names that look alike (Firefox OS, Firefox ESR); dates far in the future.
//! Every warning names the file and line at fault. Each test builds a site in a temp dir and
//! runs the real binary with `--format json`.

use std::process::Command;

use serde_json::Value;

use crate::prelude::*;

/// The date the far-future rule counts from in these tests.
const TODAY: &str = "2026-11-28";

/// `dossier check --format json` on `site`, with `DOSSIER_TODAY` set to `today` (the clock
/// when `None`): the exit code and the parsed report.
fn check_json(site: &Site, today: Option<&str>) -> (i32, Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(["check", "--format", "json", "--root"]).arg(site.root()).env("NO_COLOR", "1");
    match today {
        Some(t) => cmd.env("DOSSIER_TODAY", t),
        None => cmd.env_remove("DOSSIER_TODAY"),
    };
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

fn warnings(report: &Value) -> Vec<&Value> {
    report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "warning").collect()
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

/// The one warning whose message contains `needle`.
fn the_warning<'a>(report: &'a Value, needle: &str) -> &'a Value {
    let found: Vec<_> = warnings(report).into_iter().filter(|d| message(d).contains(needle)).collect();
    assert_eq!(found.len(), 1, "one warning with {needle:?}: {report:#}");
    found[0]
}

/// Every warning has a file, a line and a column.
fn assert_located(report: &Value) {
    for d in warnings(report) {
        assert!(d["file"].is_string(), "no file: {d:#}");
        assert!(d["line"].as_u64().is_some_and(|l| l >= 1), "no line: {d:#}");
        assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "no column: {d:#}");
    }
}

/// Six briefs naming Hezbollah, Gaddafi and Daesh in the ways they are written.
fn transliterated_site() -> Site {
    let site = Site::new();
    site.brief(
        "briefs/a.md",
        "title: A\ndate: 2026-01-01\nregion: Levant\nactors: [Hezbollah, Gaddafi, Daesh]\ntags: [Firefox OS]",
        "A.\n",
    )
    .brief(
        "briefs/b.md",
        "title: B\ndate: 2026-01-02\nregion: Levant\nactors: [Hezbollah, Qaddafi, Daesh]\ntags: [Firefox ESR]",
        "B.\n",
    )
    .brief("briefs/c.md", "title: C\ndate: 2026-01-03\nregion: Iran\nactors: [Hezbollah, Gaddafi]", "C.\n")
    .brief("briefs/d.md", "title: D\ndate: 2026-01-04\nregion: Iraq\nactors: [Hizballah, Da'esh]", "D.\n")
    .brief("briefs/e.md", "title: E\ndate: 2026-01-05\nregion: Levant\nactors:\n  - Hizbullah\n  - Gadhafi", "E.\n")
    .brief("briefs/f.md", "title: F\ndate: 2026-01-06\nregion: Levant\nactors: [Iran, Hizballah, Kadhafi]", "F.\n");
    site
}

#[test]
fn transliterations_are_flagged_with_the_spelling_most_briefs_use() {
    let site = transliterated_site();
    let (code, report) = check_json(&site, Some(TODAY));
    assert_eq!(code, 0, "warnings only: {report:#}");
    assert_eq!(report["ok"], true);
    assert_located(&report);

    // Hezbollah is in three briefs, Hizballah in two, Hizbullah in one.
    let every = "spellings in use: \"Hezbollah\" (3 briefs), \"Hizballah\" (2 briefs), \"Hizbullah\" (1 brief)";
    let hizballah = the_warning(&report, "\"Hizballah\" looks like a misspelling of \"Hezbollah\"");
    assert_eq!(message(hizballah), format!("actor \"Hizballah\" looks like a misspelling of \"Hezbollah\"; {every}"));
    // At the newest brief with the spelling, at the name in its flow list.
    assert_eq!(hizballah["file"], "content/briefs/f.md");
    assert_eq!((hizballah["line"].as_u64(), hizballah["column"].as_u64()), (Some(5), Some(16)));
    assert_eq!(
        hizballah["hint"],
        "if they are one actor, write \"Hezbollah\" (the spelling most briefs use) in `actors`, or file \"Hizballah\" \
         under it with `aliases` in site.yaml; /actors/hizballah/, /actors/hizbullah/ and /actors/hezbollah/ list \
         where each is used"
    );

    // In a block list: the line of its entry.
    let hizbullah = the_warning(&report, "\"Hizbullah\" looks like a misspelling of \"Hezbollah\"");
    assert_eq!(message(hizbullah), format!("actor \"Hizbullah\" looks like a misspelling of \"Hezbollah\"; {every}"));
    assert_eq!(hizbullah["file"], "content/briefs/e.md");
    assert_eq!((hizbullah["line"].as_u64(), hizbullah["column"].as_u64()), (Some(6), Some(5)));

    // Gaddafi is in two briefs; Qaddafi, Gadhafi and Kadhafi in one each.
    for odd in ["Qaddafi", "Gadhafi", "Kadhafi"] {
        let w = the_warning(&report, &format!("\"{odd}\" looks like a misspelling of \"Gaddafi\""));
        assert_eq!(
            message(w),
            format!(
                "actor \"{odd}\" looks like a misspelling of \"Gaddafi\"; spellings in use: \"Gaddafi\" (2 briefs), \
                 \"Gadhafi\" (1 brief), \"Kadhafi\" (1 brief), \"Qaddafi\" (1 brief)"
            )
        );
    }
    let kadhafi = the_warning(&report, "\"Kadhafi\" looks like");
    assert_eq!((kadhafi["file"].as_str(), kadhafi["line"].as_u64()), (Some("content/briefs/f.md"), Some(5)));

    // Two spellings of Daesh: one term already (the apostrophe inside a word is no part of
    // its URL), shown under the spelling most briefs use, and the other flagged where written.
    let daesh = the_warning(&report, "\"Da'esh\" is spelled \"Daesh\" in 2 briefs");
    assert_eq!(
        (daesh["file"].as_str(), daesh["line"].as_u64(), daesh["column"].as_u64()),
        (Some("content/briefs/d.md"), Some(5), Some(21)),
        "{daesh:#}"
    );
    assert_eq!(message(daesh), "actor \"Da'esh\" is spelled \"Daesh\" in 2 briefs; both are filed as \"Daesh\"");
    assert_eq!(
        daesh["hint"], "write \"Daesh\" (the spelling most briefs use) in `actors`; \"Da'esh\" is used in 1 brief",
        "{daesh:#}"
    );

    // Nothing else: the majority spellings are not warned about, and neither are distinct
    // names that look alike.
    let spelling: Vec<&str> =
        warnings(&report).into_iter().map(message).filter(|m| m.contains("looks like a misspelling")).collect();
    assert_eq!(spelling.len(), 5, "{spelling:#?}");
    assert_eq!(report["warnings"], 6, "the five misspellings and Da'esh: {report:#}");
    for name in ["Firefox", "Iraq", "\"Hezbollah\" looks", "\"Gaddafi\" looks", "\"Daesh\" looks"] {
        assert!(!spelling.iter().any(|m| m.contains(name)), "{name} flagged: {spelling:#?}");
    }
}

#[test]
fn distinct_names_that_look_alike_are_not_flagged() {
    let site = Site::new();
    let pairs: [(&str, &str); 6] = [
        ("Firefox OS", "Firefox ESR"),
        ("Iran", "Iraq"),
        ("North Korea", "South Korea"),
        ("UNHCR", "UNHRC"),
        ("Resolution 2231", "Resolution 2334"),
        ("Niger", "Nigeria"),
    ];
    for (i, (a, b)) in pairs.iter().enumerate() {
        site.brief(
            &format!("briefs/a{i}.md"),
            &format!("title: A{i}\ndate: 2026-01-0{}\nregion: Gulf\ntags: [\"{a}\"]", i + 1),
            "x\n",
        )
        .brief(
            &format!("briefs/b{i}.md"),
            &format!("title: B{i}\ndate: 2026-02-0{}\nregion: Gulf\ntags: [\"{b}\"]", i + 1),
            "x\n",
        );
    }
    let (code, report) = check_json(&site, Some(TODAY));
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["warnings"], 0, "{report:#}");
}

#[test]
fn a_date_far_in_the_future_is_a_warning_at_its_value() {
    let site = Site::new();
    site.brief("briefs/typo.md", "title: Typo\ndate: 2062-11-28\nregion: Gulf", "x\n")
        .brief(
            "briefs/events.md",
            "title: Events\ndate: 2026-11-01\nregion: Gulf\nevents:\n  - {date: 2026-10-30, title: \"Talks\"}\n  - {date: 2206-03-01, title: \"Vote\"}",
            "x\n",
        )
        // Within a year of today: a scheduled brief, not a typo.
        .brief("briefs/soon.md", "title: Soon\ndate: 2027-06-01\nregion: Gulf", "x\n");
    let (code, report) = check_json(&site, Some(TODAY));
    assert_eq!(code, 0, "{report:#}");
    assert_located(&report);
    assert_eq!(report["warnings"], 2, "{report:#}");

    let typo = the_warning(&report, "2062-11-28");
    assert_eq!(message(typo), "`date` is 2062-11-28, 36 years after today (2026-11-28)");
    assert_eq!(
        (typo["file"].as_str(), typo["line"].as_u64(), typo["column"].as_u64()),
        (Some("content/briefs/typo.md"), Some(3), Some(7))
    );
    assert_eq!(
        typo["hint"], "did you mean 2026-11-28? A date more than a year ahead is most likely a typo in the year",
        "{typo:#}"
    );

    let event = the_warning(&report, "2206-03-01");
    assert_eq!(message(event), "the event \"Vote\" is dated 2206-03-01, 180 years after today (2026-11-28)");
    assert_eq!(
        (event["file"].as_str(), event["line"].as_u64(), event["column"].as_u64()),
        (Some("content/briefs/events.md"), Some(7), Some(12))
    );
    assert_eq!(
        event["hint"], "did you mean 2026-03-01? A date more than a year ahead is most likely a typo in the year",
        "{event:#}"
    );
}

#[test]
fn without_a_fixed_date_today_is_the_clock() {
    let site = Site::new();
    let year = jiff::Zoned::now().year() + 40;
    site.brief("briefs/a.md", &format!("title: A\ndate: {year}-01-15\nregion: Gulf"), "x\n");
    let (_, report) = check_json(&site, None);
    let w = the_warning(&report, &format!("`date` is {year}-01-15"));
    assert_eq!((w["file"].as_str(), w["line"].as_u64()), (Some("content/briefs/a.md"), Some(3)));
}

#[test]
fn a_dossier_today_that_is_not_a_date_is_an_error() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-15\nregion: Gulf", "x\n");
    let (code, report) = check_json(&site, Some("tomorrow"));
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error", "{report:#}");
    assert_eq!(d["message"], "DOSSIER_TODAY must be a date, found \"tomorrow\"", "{report:#}");
}

/// Every kind of warning a content site can have, each with a file and line.
#[test]
fn every_warning_names_a_file_and_line() {
    let site = transliterated_site();
    site.brief("briefs/g.md", "title: G\ndate: 2026-01-07\nregion: [Gulf, united states]", "G.\n")
        .brief("briefs/h.md", "title: H\ndate: 2026-01-08\nregion: United States\nregoin: Gulf", "H.\n")
        .brief("briefs/i.md", "title: I\ndate: 2062-01-09\nregion: Gulf", "I.\n")
        .write("content/actors/nobody.md", "---\ntitle: Nobody\n---\nNo brief names this actor.\n");
    let (code, report) = check_json(&site, Some(TODAY));
    assert_eq!(code, 0, "{report:#}");
    assert_located(&report);
    let seen: Vec<&str> = warnings(&report).into_iter().map(message).collect();
    // Six from the transliterated briefs; the lowercase region, the misspelt key, the unused
    // description and the far date.
    assert_eq!(seen.len(), 10, "{seen:#?}");
    for kind in [
        "unknown key `regoin`",
        "is spelled \"United States\" in",
        "no brief is filed under it",
        "looks like a misspelling",
        "`date` is 2062-01-09",
    ] {
        assert!(seen.iter().any(|m| m.contains(kind)), "no {kind:?} in {seen:#?}");
    }
    // The lowercase spelling, at its place in the region list.
    let alike = the_warning(&report, "\"united states\" is spelled");
    assert_eq!(
        (alike["file"].as_str(), alike["line"].as_u64(), alike["column"].as_u64()),
        (Some("content/briefs/g.md"), Some(4), Some(16))
    );
    // People read the same place, with the line under it.
    let text = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env("DOSSIER_TODAY", TODAY)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(stderr.contains("--> content/briefs/f.md:5:16\n   |\n 5 | actors: [Iran, Hizballah, Kadhafi]"), "{stderr}");
}
