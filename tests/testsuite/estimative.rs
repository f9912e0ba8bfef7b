//! Estimative language (ICD 203): key judgments with a likelihood from either word set,
//! shown with their probability band and explained on `/confidence/`; an unknown term is an
//! error at its line; and `dossier check` warns, at file:line:col, about hedges off the
//! scale, a brief mixing the two word sets, and a likelihood with a confidence level in one
//! sentence, but not about code, quotations or silenced lines.

use serde_json::Value;

use crate::prelude::*;

const HEAD: &str = "title: Talks\ndate: 2026-02-07\nregion: Gulf";

/// The warnings of a `check --format json` report as (file, line, column, message), after
/// checking that the check passed.
fn warnings(site: &Site) -> Vec<(String, u64, u64, String)> {
    let (code, report) = site.check_json(&[]);
    assert_eq!(code, 0, "warnings only: {report:#}");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d: &Value| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The warnings as `line:col message`, for one-file sites.
fn placed(site: &Site) -> Vec<String> {
    warnings(site).into_iter().map(|(_, l, c, m)| format!("{l}:{c} {m}")).collect()
}

#[test]
fn judgments_carry_a_likelihood_shown_with_its_band() {
    let site = Site::new();
    let front = format!(
        "{HEAD}\nconfidence: high\nkey_judgments:\n  - Neither side moved.\n  - text: Oman will host a second round.\n    likelihood: very likely\n  - {{text: Talks will collapse., likelihood: Unlikely, confidence: low}}"
    );
    site.brief("briefs/talks.md", &front, "Body.\n");
    site.build_ok(&[]);
    let page = site.html("briefs/talks/index.html");
    assert_eq!(
        texts(&page, ".judgments li .judgment-text"),
        ["Neither side moved.", "Oman will host a second round.", "Talks will collapse."]
    );
    assert_eq!(texts(&page, ".judgments li:nth-child(1) .likelihood"), Vec::<String>::new());
    assert_eq!(texts(&page, ".judgments .likelihood abbr"), ["Very likely", "Unlikely"]);
    assert_eq!(
        attrs(&page, ".judgments .likelihood abbr", "title"),
        ["Very likely: 80–95% probability", "Unlikely: 20–45% probability"]
    );
    // The band is read out too, not only shown on hover.
    assert_eq!(texts(&page, ".judgments .likelihood .visually-hidden"), ["(80–95%)", "(20–45%)"]);
    assert_eq!(attrs(&page, ".judgments .likelihood", "href"), ["/confidence/#very-likely", "/confidence/#unlikely"]);
    assert_eq!(attrs(&page, ".judgments .likelihood", "class")[0], "likelihood likelihood-very-likely");
    // A judgment's own confidence beside it; the brief's stays in the header.
    assert_eq!(texts(&page, ".judgments .confidence"), ["Low confidence"]);
    assert_eq!(texts(&page, "a.confidence:not(.judgments a)"), ["High confidence"]);
}

#[test]
fn the_alternative_word_set_is_read_and_shown_in_its_own_words() {
    let site = Site::new();
    let front = format!(
        "{HEAD}\nkey_judgments:\n  - {{text: A.,  likelihood: probable}}\n  - {{text: B., likelihood: remote}}\n  - {{text: C., likelihood: roughly-even-odds}}\n  - {{text: D., likelihood: Nearly Certain}}"
    );
    site.brief("briefs/talks.md", &front, "Body.\n");
    site.build_ok(&[]);
    let page = site.html("briefs/talks/index.html");
    assert_eq!(texts(&page, ".likelihood abbr"), ["Probable", "Remote", "Roughly even odds", "Nearly certain"]);
    assert_eq!(
        attrs(&page, ".likelihood", "href"),
        [
            "/confidence/#likely",
            "/confidence/#almost-no-chance",
            "/confidence/#roughly-even",
            "/confidence/#almost-certain"
        ]
    );
    assert_eq!(texts(&page, ".likelihood .visually-hidden"), ["(55–80%)", "(1–5%)", "(45–55%)", "(95–99%)"]);
    assert!(warnings(&site).is_empty(), "one set throughout: {:?}", warnings(&site));
}

#[test]
fn an_unknown_likelihood_is_an_error_at_its_line_listing_the_scale() {
    let site = Site::new();
    let front = format!(
        "{HEAD}\nkey_judgments:\n  - text: First.\n    likelihood: likely\n  - text: Second.\n    likelihood: quite likely\n  - {{text: Third., confidence: certain}}"
    );
    site.brief("briefs/talks.md", &front, "Body.\n");
    let r = site.build_err();
    let (code, report) = site.check_json(&[]);
    assert_eq!(code, 1, "{r:?}");
    let errors: Vec<&Value> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 2, "{report:#}");
    let e = errors.iter().find(|d| d["message"].as_str().unwrap().contains("unknown likelihood")).unwrap();
    assert_eq!(e["file"], "content/briefs/talks.md");
    // Line 1 is the fence: `likelihood: quite likely` is line 9, its value at column 17.
    assert_eq!((e["line"].as_u64(), e["column"].as_u64()), (Some(9), Some(17)), "{e:#}");
    let hint = e["hint"].as_str().unwrap();
    for term in [
        "almost no chance (1–5%)",
        "roughly even chance (45–55%)",
        "almost certain (95–99%)",
        "highly probable (80–95%)",
    ] {
        assert!(hint.contains(term), "{term} in {hint}");
    }
    let c = errors
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("unknown confidence level \"certain\""))
        .unwrap();
    assert_eq!(c["line"].as_u64(), Some(10), "{c:#}");
}

#[test]
fn plain_string_judgments_stay_valid() {
    let site = Site::new();
    site.brief("briefs/talks.md", &format!("{HEAD}\nkey_judgments: Only one."), "Body.\n");
    site.build_ok(&[]);
    let page = site.html("briefs/talks/index.html");
    assert_eq!(texts(&page, ".judgments li"), ["Only one."]);
    assert!(texts(&page, ".likelihood").is_empty());
}

#[test]
fn hedges_off_the_scale_are_warned_about_where_they_are_written() {
    let site = Site::new();
    let front = format!(
        "{HEAD}\nbluf: >\n  Talks resumed and will\n  perhaps continue.\nkey_judgments:\n  - \"Oman might host again.\""
    );
    site.brief("briefs/talks.md", &front, "# Outlook\n\nA deal is highly likely, and *maybe* soon.\n");
    let w = warnings(&site);
    assert!(w.iter().all(|(f, ..)| f == "content/briefs/talks.md"), "{w:?}");
    assert_eq!(
        placed(&site),
        [
            "7:3 \"perhaps\" is not a term of the ICD 203 likelihood scale",
            "9:11 \"might\" is not a term of the ICD 203 likelihood scale",
            "13:11 \"highly likely\" is not a term of the ICD 203 likelihood scale",
            "13:31 \"maybe\" is not a term of the ICD 203 likelihood scale",
        ]
    );
    let (_, report) = site.check_json(&[]);
    let hints: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["hint"].as_str()).collect();
    assert!(hints.iter().any(|h| h.starts_with("write \"very likely\" (80–95%)")), "{hints:?}");
}

#[test]
fn mixing_the_two_word_sets_is_warned_about_at_the_odd_term() {
    let site = Site::new();
    // Two terms of the first set (a field and the body), one of the alternative set.
    let front = format!("{HEAD}\nkey_judgments:\n  - {{text: Talks continue., likelihood: likely}}");
    site.brief("briefs/talks.md", &front, "Iran is unlikely to walk out.\nOman will probably host.\n");
    let w = placed(&site);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(
            "9:11 \"probably\" is from ICD 203's alternative word set, but this brief keeps to the first set"
        ),
        "{w:?}"
    );

    // The other way round: the field is the odd one.
    let site = Site::new();
    let front = format!("{HEAD}\nkey_judgments:\n  - text: Talks continue.\n    likelihood: likely");
    site.brief("briefs/talks.md", &front, "A deal is improbable. Oman will probably host.\n");
    let w = placed(&site);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(
            "7:5 \"likelihood: likely\" is from ICD 203's first word set, but this brief keeps to the alternative set"
        ),
        "{w:?}"
    );
}

#[test]
fn a_likelihood_and_a_confidence_level_in_one_sentence_are_warned_about() {
    let site = Site::new();
    let body = "We assess with high confidence that a deal is likely.\n\nA deal is likely. We have high confidence in this.\n\nWe have moderate\nconfidence that it is very unlikely.\n";
    site.brief("briefs/talks.md", HEAD, body);
    assert_eq!(
        placed(&site),
        [
            "6:16 a likelihood (\"likely\") and a confidence level (\"high confidence\") in one sentence",
            "10:9 a likelihood (\"very unlikely\") and a confidence level (\"moderate confidence\") in one sentence",
        ]
    );
    // In a judgment's text too.
    let site = Site::new();
    site.brief(
        "briefs/talks.md",
        &format!("{HEAD}\nkey_judgments:\n  - It is almost certain, with low confidence."),
        "Body.\n",
    );
    assert_eq!(
        placed(&site),
        ["6:11 a likelihood (\"almost certain\") and a confidence level (\"low confidence\") in one sentence"]
    );
}

#[test]
fn a_judgment_whose_text_names_another_likelihood_than_its_field_is_warned_about() {
    let site = Site::new();
    let front = format!(
        "{HEAD}\nkey_judgments:\n  - text: Iran is unlikely to walk out.\n    likelihood: very likely\n  - {{text: A deal is likely., likelihood: likely}}"
    );
    site.brief("briefs/talks.md", &front, "Body.\n");
    assert_eq!(
        placed(&site),
        ["6:19 the judgment says \"unlikely\" (20–45%), but its `likelihood` is \"very likely\" (80–95%)"]
    );
}

#[test]
fn code_and_quotations_are_not_linted() {
    let site = Site::new();
    let body = "The word `perhaps` is off the scale.\n\n```\nmight, maybe\n```\n\n> Perhaps we will, said the minister, with high confidence it is likely.\n\nHe called a deal \"highly likely\" and “possibly” close.\n\n<!-- might -->\n";
    site.brief("briefs/talks.md", &format!("{HEAD}\nbluf: 'They said \"maybe\".'"), body);
    assert_eq!(placed(&site), Vec::<String>::new());
}

#[test]
fn a_comment_silences_its_line_and_the_next() {
    let site = Site::new();
    let front = format!(
        "{HEAD}\nkey_judgments:\n  # dossier: allow estimative\n  - Oman might host.\n  - Iran might walk out."
    );
    let body =
        "Perhaps. <!-- dossier: allow estimative -->\n\n<!-- dossier: allow estimative -->\nMaybe.\n\nPossibly.\n";
    site.brief("briefs/talks.md", &front, body);
    assert_eq!(
        placed(&site),
        [
            "8:10 \"might\" is not a term of the ICD 203 likelihood scale",
            "15:1 \"possibly\" is not a term of the ICD 203 likelihood scale",
        ]
    );
}

#[test]
fn the_confidence_page_lists_the_scale() {
    let site = Site::new();
    site.brief("briefs/talks.md", HEAD, "Body.\n");
    site.build_ok(&[]);
    let page = site.html("confidence/index.html");
    let rows: Vec<Vec<String>> = page
        .select(&sel(".likelihood-scale tbody tr"))
        .map(|tr| tr.select(&sel("td")).map(|td| td.text().collect::<String>()).collect())
        .collect();
    let row = |a: &str, b: &str, c: &str| vec![a.to_string(), b.to_string(), c.to_string()];
    assert_eq!(
        rows,
        [
            row("Almost no chance", "Remote", "1–5%"),
            row("Very unlikely", "Highly improbable", "5–20%"),
            row("Unlikely", "Improbable", "20–45%"),
            row("Roughly even chance", "Roughly even odds", "45–55%"),
            row("Likely", "Probable", "55–80%"),
            row("Very likely", "Highly probable", "80–95%"),
            row("Almost certain", "Nearly certain", "95–99%"),
        ]
    );
    // Each row is the anchor a badge links to; the confidence levels keep theirs.
    assert_eq!(attrs(&page, ".likelihood-scale tbody tr", "id")[4], "likely");
    assert_eq!(attrs(&page, ".confidence-levels dt", "id"), ["high", "moderate", "low"]);
    assert!(texts(&page, ".likelihood-section p")[0].contains("Likelihood and confidence answer different questions"));
}

#[test]
fn the_example_site_uses_likelihoods_without_a_warning() {
    let (code, report) = run_check_example();
    assert_eq!(code, 0);
    let estimative: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains("ICD 203") || m.contains("in one sentence")))
        .collect();
    assert!(estimative.is_empty(), "{estimative:#?}");
}

/// `dossier check --format json` over the repository's example site.
fn run_check_example() -> (i32, Value) {
    let r = run_in(repo(), &["check", "--format", "json"]);
    (r.code, serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {r:?}")))
}
