//! Publication control (issue 24), from the outside: what a build may publish is decided by a
//! document's marking (TLP 2.0, with the site's default), its status, its date and `expires`,
//! and the build's `--max-tlp`, `--audience`, `--drafts`, `--future` and `--expired`. A document
//! held back leaves no byte in the output (not its words, its names, its assets, nor a count);
//! a retracted brief keeps its page and is listed nowhere; links to what is held back are
//! errors; and the preview publishes exactly what a clean build does.
//!
//! The leak test builds one site at every marking and reads every file of every output; its
//! expectations come from a small table (`ROWS`) and one rule (`Row::fate`), which read as the
//! specification.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::prelude::*;
use crate::published::{broken_published_links, feed, sitemap_locs};

const BASE: &str = "https://example.org/";

// ---------------------------------------------------------------------------------------------
// The specification: markings, statuses, dates, and what each build does with them.

/// TLP 2.0 markings, least restricted first: the order `--max-tlp` compares by.
const LEVELS: [&str; 5] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];

fn rank(level: &str) -> usize {
    LEVELS.iter().position(|l| *l == level).unwrap_or_else(|| panic!("{level} is not a TLP 2.0 marking"))
}

/// The marking site.yaml gives documents that name none.
const SITE_DEFAULT: &str = "GREEN";

/// What the front matter says of a brief's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Life {
    /// No `status` written: published.
    Unwritten,
    /// `status: published`.
    Published,
    /// `status: final`, the older name of `published`.
    Final,
    /// `status: draft`.
    Draft,
    /// `draft: true`.
    DraftTrue,
    /// `status: review`.
    Review,
    /// `status: superseded`.
    Superseded,
    /// `status: retracted`, with its `retraction`.
    Retracted,
}

/// When a brief is dated, and whether it has expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// Dated in 2025, no `expires`.
    Past,
    /// Dated 2099.
    Future,
    /// Dated in 2025, `expires: 2001-01-01`.
    Expired,
}

/// One brief of the leak fixture.
#[derive(Debug)]
struct Row {
    /// Its name, lower-case letters only: its marker word is `zqx{key}q`.
    key: &'static str,
    /// `tlp:` as written; none means the site's default.
    tlp: Option<&'static str>,
    life: Life,
    when: When,
    /// The key of the brief it supersedes.
    supersedes: Option<&'static str>,
}

const fn row(key: &'static str, tlp: Option<&'static str>, life: Life, when: When) -> Row {
    Row { key, tlp, life, when, supersedes: None }
}

use Life::*;
use When::*;

/// Every marking, every status, a future brief and an expired one, and a few of them together.
const ROWS: &[Row] = &[
    row("clear", Some("CLEAR"), Unwritten, Past),
    row("green", Some("GREEN"), Unwritten, Past),
    Row { supersedes: Some("superseded"), ..row("amber", Some("AMBER"), Unwritten, Past) },
    row("amberstrict", Some("AMBER+STRICT"), Unwritten, Past),
    row("red", Some("RED"), Unwritten, Past),
    row("unmarked", None, Unwritten, Past),
    row("published", Some("CLEAR"), Published, Past),
    row("final", Some("CLEAR"), Final, Past),
    row("draft", Some("CLEAR"), Draft, Past),
    row("drafttrue", Some("CLEAR"), DraftTrue, Past),
    row("review", Some("CLEAR"), Review, Past),
    row("superseded", Some("CLEAR"), Superseded, Past),
    row("retracted", Some("CLEAR"), Retracted, Past),
    row("future", Some("CLEAR"), Unwritten, Future),
    row("expired", Some("CLEAR"), Unwritten, Expired),
    row("amberdraft", Some("AMBER"), Draft, Past),
    row("amberretracted", Some("AMBER"), Retracted, Past),
    row("greenfuture", Some("GREEN"), Unwritten, Future),
];

/// What a build is asked to publish.
#[derive(Debug, Clone, Copy)]
struct Asked {
    max_tlp: &'static str,
    drafts: bool,
    future: bool,
    expired: bool,
}

const fn up_to(max_tlp: &'static str) -> Asked {
    Asked { max_tlp, drafts: false, future: false, expired: false }
}

impl Asked {
    fn args(&self) -> Vec<&'static str> {
        let mut v = vec!["--max-tlp", self.max_tlp];
        for (on, flag) in [(self.drafts, "--drafts"), (self.future, "--future"), (self.expired, "--expired")] {
            if on {
                v.push(flag);
            }
        }
        v
    }

    fn allows(&self, level: &str) -> bool {
        rank(level) <= rank(self.max_tlp)
    }
}

/// What a build does with a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Not one byte of it in the output.
    Absent,
    /// Its page (and its bundle's files), and nothing else.
    PageOnly,
    /// Its page, and every list, feed, index and count.
    Listed,
}

impl Life {
    /// Not ready to publish: a build shows it only with `--drafts`.
    fn unfinished(self) -> bool {
        matches!(self, Draft | DraftTrue | Review)
    }
}

impl Row {
    fn marker(&self) -> String {
        format!("zqx{}q", self.key)
    }

    fn marking(&self) -> &'static str {
        self.tlp.unwrap_or(SITE_DEFAULT)
    }

    /// The rule: the marking first (no option lets a marking through), then drafts and
    /// reviews, then dates; what passes is listed, unless retracted.
    fn fate(&self, asked: &Asked) -> Fate {
        let held = !asked.allows(self.marking())
            || (self.life.unfinished() && !asked.drafts)
            || (self.when == Future && !asked.future)
            || (self.when == Expired && !asked.expired);
        match (held, self.life) {
            (true, _) => Fate::Absent,
            (false, Retracted) => Fate::PageOnly,
            (false, _) => Fate::Listed,
        }
    }

    /// Its bundle folder in content/ and in the output.
    fn folder(&self) -> String {
        format!("briefs/{}", self.marker())
    }

    /// Its page in the output (a `slug:` names the last segment).
    fn page(&self) -> String {
        format!("{}/{}-slug/index.html", self.folder(), self.marker())
    }

    /// Its file: the marker word in every field a brief has, and an image beside it.
    fn text(&self, i: usize) -> String {
        let m = self.marker();
        let date = match self.when {
            Future => format!("2099-{:02}-01", 1 + i % 12),
            _ => format!("2025-{:02}-{:02}", 1 + i / 28, 1 + i % 28),
        };
        let mut front = format!(
            "title: \"Title {m}\"\nslug: {m}-slug\ndate: {date}\nregion: [Gulf, Region {m}]\nactors: [Actor {m}]\ntags: [common, tag-{m}]\nauthors: [Author {m}]\nsummary: \"Summary {m}.\"\nbluf: \"Bluf {m}.\"\nkey_judgments: [\"Judgment {m}.\"]\nconfidence: moderate\nsources:\n  - {{title: \"Source {m}\", url: \"https://example.net/{m}/report\", publisher: \"Publisher {m}\", date: 2025-01-01}}\nevents:\n  - {{date: 2025-02-01, title: \"Event {m}\"}}\n"
        );
        if let Some(t) = self.tlp {
            front.push_str(&format!("tlp: {t}\n"));
        }
        front.push_str(match self.life {
            Unwritten => "",
            Published => "status: published\n",
            Final => "status: final\n",
            Draft => "status: draft\n",
            DraftTrue => "draft: true\n",
            Review => "status: review\n",
            Superseded => "status: superseded\n",
            Retracted => "status: retracted\n",
        });
        if self.life == Retracted {
            front.push_str(&format!("retraction: {{date: 2025-06-01, reason: \"Reason {m}.\"}}\n"));
        }
        if self.when == Expired {
            front.push_str("expires: 2001-01-01\n");
        }
        if let Some(old) = self.supersedes {
            front.push_str(&format!("supersedes: {}/index.md\n", row_of(old).folder()));
        }
        format!(
            "---\n{front}---\nBody {m}, the first paragraph.\n\n![Map {m}]({m}-map.png)\n\n## Heading {m}\n\nMore about {m}.\n"
        )
    }
}

fn row_of(key: &str) -> &'static Row {
    ROWS.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("no row {key}"))
}

/// Documents other than briefs: a standalone page marked AMBER, and the descriptions of two
/// terms only a restricted brief is filed under (one unmarked, so GREEN; one marked CLEAR).
/// Each: its marker, its path in content/, its text, and whether a build shows it.
fn others(asked: &Asked) -> Vec<(&'static str, &'static str, &'static str, bool)> {
    vec![
        (
            "zqxpartnerspageq",
            "content/partners.md",
            "---\ntitle: Partners zqxpartnerspageq\nkind: page\ntlp: AMBER\n---\nFor partners: zqxpartnerspageq.\n",
            asked.allows("AMBER"),
        ),
        (
            "zqxamberdescq",
            "content/actors/actor-zqxamberq.md",
            "---\ntitle: Actor zqxamberq\n---\nWho they are: zqxamberdescq.\n",
            row_of("amber").fate(asked) == Fate::Listed,
        ),
        (
            "zqxreddescq",
            "content/actors/actor-zqxredq.md",
            "---\ntitle: Actor zqxredq\ntlp: CLEAR\n---\nWho they are: zqxreddescq.\n",
            row_of("red").fate(asked) == Fate::Listed,
        ),
    ]
}

/// The leak fixture: every row as a bundle with its image (whose bytes carry the marker), a
/// standalone page for all, the other documents, and small pages so counts show in pagination.
fn leak_site() -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!(
            "title: Leak Test\nbase_url: {BASE}\npaginate_by: 4\ntlp: {SITE_DEFAULT}\naudiences: {{public: CLEAR, partners: AMBER}}\n"
        ),
    );
    for (i, r) in ROWS.iter().enumerate() {
        let m = r.marker();
        site.write(&format!("content/{}/index.md", r.folder()), &r.text(i));
        site.write_bytes(&format!("content/{}/{m}-map.png", r.folder()), &png_with_text(4, 3, Some(&m)));
    }
    site.write("content/about.md", "---\ntitle: About\nkind: page\ntlp: CLEAR\n---\nWho we are.\n");
    for (_, path, text, _) in others(&up_to("RED")) {
        site.write(path, text);
    }
    site
}

// ---------------------------------------------------------------------------------------------
// Reading an output folder.

/// Every file and folder under `out`: its relative path, and its bytes in ASCII lower case
/// (none for a folder), so a marker is found in any case, in text and binary files alike.
fn every_entry(out: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("a readable output"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
            let bytes = if e.file_type().is_file() { std::fs::read(e.path()).unwrap() } else { Vec::new() };
            (rel.to_ascii_lowercase(), bytes.to_ascii_lowercase())
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `word` occurs: each entry whose name or bytes hold it, with a little text around the
/// first occurrence.
fn occurrences(entries: &[(String, Vec<u8>)], word: &str) -> Vec<(String, String)> {
    let w = word.as_bytes();
    entries
        .iter()
        .filter_map(|(name, bytes)| {
            if name.contains(word) {
                return Some((name.clone(), "(in the name)".to_string()));
            }
            let at = find(bytes, w)?;
            let (from, to) = (at.saturating_sub(60), (at + w.len() + 60).min(bytes.len()));
            Some((name.clone(), String::from_utf8_lossy(&bytes[from..to]).replace('\n', " ")))
        })
        .collect()
}

/// The marker words (`zqx…q`) in a text.
fn markers_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("zqx") {
        let word: String = rest[at..].chars().take_while(|c| c.is_ascii_lowercase()).collect();
        rest = &rest[at + 3..];
        if word.ends_with('q') {
            out.insert(word);
        }
    }
    out
}

/// The briefs an HTML list links to, by marker, over every file of the output for which
/// `which` is true (a list and its numbered pages).
fn linked_briefs(out: &Path, which: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for f in list_files(out).into_iter().filter(|f| f.ends_with(".html") && which(f)) {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        for href in attrs(&doc, "a[href]", "href").into_iter().filter(|h| h.contains("/briefs/")) {
            found.extend(markers_in(&href));
        }
    }
    found
}

fn json(out: &Path, rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// The briefs of an Atom feed, by marker of each entry's link.
fn feed_briefs(out: &Path, rel: &str) -> BTreeSet<String> {
    feed(out, rel).entries.iter().flat_map(|e| e.links.iter().flat_map(|l| markers_in(&l.href))).collect()
}

/// The counts of briefs the pages show: every brief of the fixture is filed under the region
/// Gulf, rated moderate, and dated in some year.
fn shown_counts(site: &Site) -> Vec<(&'static str, Option<usize>)> {
    let number = |s: &str| s.split_whitespace().next().and_then(|w| w.parse::<usize>().ok());
    let gulf = site.html("regions/gulf/index.html");
    let regions = site.html("regions/index.html");
    let in_regions = regions
        .select(&sel("li a"))
        .find(|a| a.select(&sel(".term-name")).any(|t| t.text().collect::<String>() == "Gulf"))
        .and_then(|a| a.select(&sel(".count")).next().map(|c| c.text().collect::<String>()));
    let confidence = site.html("confidence/index.html");
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    for f in site.files("public").iter().filter(|f| f.starts_with("timeline/") && f.ends_with(".html")) {
        let doc = site.html(f);
        for h in doc.select(&sel(".tl-year-heading")) {
            let count = h.select(&sel(".count")).next().map(|c| c.text().collect::<String>()).unwrap_or_default();
            years.insert(h.value().id().unwrap_or_default().to_string(), number(&count).unwrap_or(0));
        }
    }
    vec![
        ("the count on /regions/gulf/", texts(&gulf, ".page-count").first().and_then(|t| number(t))),
        ("Gulf's count on /regions/", in_regions.as_deref().and_then(number)),
        (
            "the count of moderate briefs on /confidence/",
            texts(&confidence, "dd .meta").first().and_then(|t| number(t)),
        ),
        ("the sum of the years on /timeline/", Some(years.values().sum())),
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. Nothing held back leaks.

/// Build the leak fixture as `asked` says, read every file, and return what is wrong.
fn leak_problems(site: &Site, asked: &Asked) -> Vec<String> {
    let run = site.build_ok(&asked.args());
    let out = site.path("public");
    let entries = every_entry(&out);
    let said = format!("--max-tlp {}{}", asked.max_tlp, if asked.args().len() > 2 { " and options" } else { "" });
    let mut problems = Vec::new();
    let fates: Vec<(&Row, Fate)> = ROWS.iter().map(|r| (r, r.fate(asked))).collect();
    for (r, fate) in &fates {
        let m = r.marker();
        let found = occurrences(&entries, &m);
        let described = format!("{m} ({}, {:?}, {:?})", r.marking(), r.life, r.when);
        match fate {
            Fate::Absent => {
                for (file, context) in &found {
                    problems.push(format!("LEAK of {described} held back by {said}: {file}: …{context}…"));
                }
            }
            Fate::PageOnly => {
                let own = format!("{}/", r.folder());
                for (file, context) in found.iter().filter(|(f, _)| !f.starts_with(&own) && *f != r.folder()) {
                    problems.push(format!("retracted {described} is listed in {file}: …{context}…"));
                }
            }
            Fate::Listed => {}
        }
        if *fate != Fate::Absent {
            match std::fs::read_to_string(out.join(r.page())) {
                Ok(page) if page.contains(&m) => {}
                Ok(_) => problems.push(format!("{described}: its page {} does not show it", r.page())),
                Err(_) => problems.push(format!("{described} must be published: no {}", r.page())),
            }
            if !out.join(r.folder()).join(format!("{m}-map.png")).is_file() {
                problems.push(format!("{described}: its image is missing"));
            }
        }
    }
    for (m, _, _, shown) in others(asked) {
        let found = occurrences(&entries, m);
        match (shown, found.is_empty()) {
            (false, false) => {
                problems.extend(found.iter().map(|(f, c)| format!("LEAK of {m} under {said}: {f}: …{c}…")))
            }
            (true, true) => problems.push(format!("{m} must be published under {said}, and is nowhere")),
            _ => {}
        }
    }
    // Every list shows exactly the listed briefs, and every count counts them.
    let listed: BTreeSet<String> = fates.iter().filter(|(_, f)| *f == Fate::Listed).map(|(r, _)| r.marker()).collect();
    let n = listed.len();
    // Feeds and the sitemap leave out drafts (a `--drafts` build shows them on pages only).
    // Briefs in review are let be either way here: see the test on reviews below.
    let fed: BTreeSet<String> =
        fates.iter().filter(|(r, f)| *f == Fate::Listed && !r.life.unfinished()).map(|(r, _)| r.marker()).collect();
    let reviews: BTreeSet<String> = ROWS.iter().filter(|r| r.life == Review).map(Row::marker).collect();
    let lists: Vec<(&str, BTreeSet<String>)> = vec![
        ("home", linked_briefs(&out, |f| f == "index.html" || f.starts_with("page/"))),
        ("regions/gulf/", linked_briefs(&out, |f| f.starts_with("regions/gulf/"))),
        ("tags/common/", linked_briefs(&out, |f| f.starts_with("tags/common/"))),
        ("timeline/", linked_briefs(&out, |f| f.starts_with("timeline/"))),
        ("atom.xml", feed_briefs(&out, "atom.xml")),
        ("regions/gulf/atom.xml", feed_briefs(&out, "regions/gulf/atom.xml")),
        (
            "briefs.json",
            json(&out, "briefs.json")["briefs"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|b| markers_in(b["url"].as_str().unwrap()))
                .collect(),
        ),
        (
            "sitemap.xml",
            sitemap_locs(&out, "sitemap.xml")
                .iter()
                .filter(|(l, _)| l.contains("/briefs/"))
                .flat_map(|(l, _)| markers_in(l))
                .collect(),
        ),
        (
            "search/docs",
            list_files(&out.join("search/docs"))
                .iter()
                .flat_map(|f| json(&out, &format!("search/docs/{f}")).as_array().unwrap().clone())
                .flat_map(|d| markers_in(d["url"].as_str().unwrap()))
                .collect(),
        ),
    ];
    for (what, mut shown) in lists {
        let expected = match what.ends_with(".xml") {
            true => {
                shown.retain(|m| !reviews.contains(m));
                &fed
            }
            false => &listed,
        };
        if shown != *expected {
            problems.push(format!(
                "{what} under {said}: shows {:?} it must not, lacks {:?}",
                shown.difference(expected).collect::<Vec<_>>(),
                expected.difference(&shown).collect::<Vec<_>>()
            ));
        }
    }
    let home_pages = list_files(&out).iter().filter(|f| *f == "index.html" || f.starts_with("page/")).count();
    if home_pages != n.div_ceil(4).max(1) {
        problems.push(format!("{home_pages} home pages for {n} listed briefs, 4 a page, under {said}"));
    }
    let meta = json(&out, "search/meta.json");
    if meta["docs"] != n {
        problems.push(format!("search/meta.json counts {} documents, not {n}, under {said}", meta["docs"]));
    }
    let gulf = meta["facets"]["region"].as_array().unwrap().iter().find(|t| t["name"] == "Gulf").cloned();
    if gulf.as_ref().map(|g| g["count"].clone()) != Some(n.into()) {
        problems.push(format!("the Gulf facet is {gulf:?}, not {n} briefs, under {said}"));
    }
    for (what, count) in shown_counts(site) {
        if count != Some(n) {
            problems.push(format!("{what} under {said} is {count:?}, not the {n} listed briefs"));
        }
    }
    let pages = if asked.allows("AMBER") { 2 } else { 1 };
    let summary = format!("built {n} briefs and {pages} pages: ");
    if !run.stdout.starts_with(&summary) {
        problems.push(format!("the summary under {said} is {:?}, not {summary:?}…", run.stdout));
    }
    problems.extend(broken_links(&out, "/").into_iter().map(|p| format!("under {said}: {p}")));
    problems.extend(broken_published_links(&out, BASE).into_iter().map(|p| format!("under {said}: {p}")));
    problems
}

#[test]
fn no_byte_of_a_held_back_brief_reaches_the_output_at_any_marking_and_every_published_one_does() {
    // The markers must not contain one another, or a hit would be ambiguous.
    let markers: Vec<String> = ROWS.iter().map(Row::marker).collect();
    for a in &markers {
        assert_eq!(markers.iter().filter(|b| b.contains(a.as_str())).count(), 1, "{a} is inside another marker");
    }
    let site = leak_site();
    let everything = Asked { max_tlp: "RED", drafts: true, future: true, expired: true };
    let all_but_markings = Asked { max_tlp: "CLEAR", ..everything };
    let builds: Vec<Asked> = LEVELS.iter().map(|&l| up_to(l)).chain([all_but_markings, everything]).collect();
    let mut problems = Vec::new();
    for asked in &builds {
        problems.extend(leak_problems(&site, asked));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    // The table covers what it claims: each fate happens, and the full build publishes every row.
    let fates: BTreeSet<String> = builds.iter().flat_map(|a| ROWS.iter().map(|r| format!("{:?}", r.fate(a)))).collect();
    assert_eq!(fates.len(), 3);
    assert!(ROWS.iter().all(|r| r.fate(&everything) != Fate::Absent));
}
