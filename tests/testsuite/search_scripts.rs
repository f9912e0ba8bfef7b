//! Search that understands scripts: Arabic and Persian spellings of one letter, joiners and
//! tatweel, Arabic-Indic and Persian digits, Latin accents, Cyrillic ё, and Chinese and
//! Japanese split into pairs of characters. The indexer (Rust, `dossier::text`) and the theme's
//! search script (JavaScript, run under node) must cut every text into the same tokens, or a
//! query would miss what the index holds; both are run here on the same strings.

use std::process::Command;

use crate::prelude::*;

/// The strings both tokenisers are held to: every case of the normalisation, and mixtures.
const CASES: &[&str] = &[
    "عراقچی عراقچي",
    "خامنه‌ای خامنهای",
    "أمن إيران آمن ٱلله",
    "مدرسة مدرسه",
    "کتاب كتاب ڪتاب",
    "موسى موسي",
    "كـــتاب",
    "سال ۱۴۰۳ و ١٤٤٥",
    "\u{200f}سلام\u{200e} hello\u{feff}",
    "Économie de la Côte d’Ivoire, naïve façade",
    "Ёлка ёж Пётр",
    "北京大学的研究",
    "東京2020オリンピック",
    "中 国",
    "Straße Øresund Łódź",
    "ὈΔΥΣΣΕΎΣ Σ",
    "IAEA’s “report” — 2026",
    "\u{fb01}nance ½ ™",
];

/// The tokens search.js makes of each string, under node.
fn js_tokens(strings: &[&str]) -> Vec<Vec<String>> {
    let out = Command::new("node")
        .arg(repo().join("tests/js/tokenize.js"))
        .arg(serde_json::to_string(strings).unwrap())
        .arg(serde_json::to_string(dossier::text::STOP_WORDS).unwrap())
        .output()
        .expect("node is needed for the search tests (scripts/test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rust_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    dossier::text::each_token(s, |t| out.push(t.to_string()));
    out
}

#[test]
#[ignore = "runs the theme's search script under node: `scripts/test` installs node and runs it"]
fn the_indexer_and_the_search_script_cut_every_script_into_the_same_tokens() {
    let js = js_tokens(CASES);
    for (s, js) in CASES.iter().zip(&js) {
        assert_eq!(&rust_tokens(s), js, "{s}");
    }
    // What the folds are for: each pair is one word to search.
    let same = |a: &str, b: &str| assert_eq!(rust_tokens(a), rust_tokens(b), "{a} / {b}");
    same("عراقچي", "عراقچی");
    same("خامنهای", "خامنه‌ای");
    same("أمن", "امن");
    same("مدرسة", "مدرسه");
    same("کتاب", "كتاب");
    same("۱۴۰۳", "1403");
    same("Ёлка", "елка");
    same("économie", "economie");
    assert_eq!(rust_tokens("北京大学"), ["北京", "京大", "大学"]);
    assert_eq!(rust_tokens("東京2020オリンピック")[..2], ["東京".to_string(), "2020".to_string()]);
}

/// `node tests/js/search_engine_test.js` over a built site's index.
fn search(site: &Site, queries: serde_json::Value) -> Vec<Vec<String>> {
    let out = Command::new("node")
        .arg(repo().join("tests/js/search_engine_test.js"))
        .arg(format!("{}/", site.path("public/search").display()))
        .arg(queries.to_string())
        .output()
        .expect("node is needed for the search tests (scripts/test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    answers
        .iter()
        .map(|r| r["results"].as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap().to_string()).collect())
        .collect()
}

#[test]
#[ignore = "runs the theme's search script under node: `scripts/test` installs node and runs it"]
fn a_query_finds_a_brief_whatever_keyboard_or_script_it_was_typed_in() {
    let site = Site::new();
    let brief = |file: &str, title: &str, body: &str| {
        site.brief(&format!("briefs/{file}.md"), &format!("title: {title}\ndate: 2026-01-01\nregion: Gulf"), body);
    };
    brief("fa", "Persian", "دیدار عراقچی و خامنه‌ای در سال ۱۴۰۳.\n");
    brief("ar", "Arabic", "الأمن في المدرسة الإيرانية.\n");
    brief("fr", "French", "L’économie de la Côte d’Ivoire.\n");
    brief("zh", "Chinese", "北京大学的研究报告。\n");
    brief("ru", "Russian", "Пётр и ёлка.\n");
    site.build_ok(&[]);
    let queries = serde_json::json!([
        {"q": "عراقچي"}, {"q": "خامنهای"}, {"q": "1403"}, {"q": "الامن"}, {"q": "المدرسه"},
        {"q": "economie"}, {"q": "北京大学"}, {"q": "研究"}, {"q": "петр елка"}, {"q": "大学 economie"}
    ]);
    let found = search(&site, queries);
    let expected: [&[&str]; 10] = [
        &["Persian"],
        &["Persian"],
        &["Persian"],
        &["Arabic"],
        &["Arabic"],
        &["French"],
        &["Chinese"],
        &["Chinese"],
        &["Russian"],
        &[],
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(found[i], *want, "query {i}");
    }
}

/// The excerpts search.js shows under each result, from node: for each `[text, query]`, the
/// excerpt as written, matching words in `[…]`, or null.
fn js_excerpts(cases: &[(&str, &str)]) -> Vec<Option<String>> {
    let script = format!(
        "const s = require({:?}); const cases = {}; process.stdout.write(JSON.stringify(cases.map(([t, q]) => {{ \
         const runs = s.excerpt(t, s.tokenize(q)); \
         return runs && runs.map((r) => (r.mark ? `[${{r.text}}]` : r.text)).join(''); }})));",
        repo().join("themes/default/static/search.js").display().to_string(),
        serde_json::to_string(cases).unwrap(),
    );
    let out = Command::new("node").args(["-e", &script]).output().expect("node is needed for the search tests");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[ignore = "runs the theme's search script under node: `scripts/test` installs node and runs it"]
fn an_excerpt_is_the_sentence_that_matches_most_query_words_with_them_marked() {
    let text =
        "Grain ships left Odesa. Ukraine kept exporting from Chornomorsk and Odesa despite attacks. Prices fell.";
    let got = js_excerpts(&[
        (text, "chornomorsk odesa"),
        // A word matches a query word it starts with, whatever its case and accents, as the index does.
        ("The Omani mediators met. Nothing else.", "oman"),
        ("Les négociations à Genève.", "geneve"),
        (text, "kyiv"),
    ]);
    assert_eq!(got[0].as_deref(), Some("Ukraine kept exporting from [Chornomorsk] and [Odesa] despite attacks."));
    assert_eq!(got[1].as_deref(), Some("The [Omani] mediators met."));
    assert_eq!(got[2].as_deref(), Some("Les négociations à [Genève]."));
    assert_eq!(got[3], None, "no match, no excerpt");
    // A long sentence is cut around its first match, at spaces, with an ellipsis at each cut.
    let long = format!("{} Muscat {}.", "word ".repeat(80), "more ".repeat(80));
    let cut = js_excerpts(&[(&long, "muscat")]).remove(0).unwrap();
    assert!(cut.starts_with('…') && cut.ends_with('…') && cut.contains("[Muscat]"), "{cut}");
    assert!(cut.chars().count() < 240 && !cut.contains("wor ") && !cut.contains(" mor…"), "{cut}");
}
