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

use dossier::build::build;
use dossier::options::BuildOptions;
use dossier::serve::rebuild::Live;
use dossier::serve::watch::Change;

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
    leak_site_of(|_| true, &up_to("RED"))
}

/// The leak fixture with only the rows `keep` keeps, and only the other documents a build as
/// `asked` shows.
fn leak_site_of(keep: impl Fn(&Row) -> bool, asked: &Asked) -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!(
            "title: Leak Test\nbase_url: {BASE}\npaginate_by: 4\ntlp: {SITE_DEFAULT}\naudiences: {{public: CLEAR, partners: AMBER}}\n\
             exports: {{brief_json: true, brief_stix: true, ndjson: true}}\nfeeds: {{terms_records: true, terms_json: true}}\n\
             term_timelines: true\n"
        ),
    );
    for (i, r) in ROWS.iter().enumerate().filter(|(_, r)| keep(r)) {
        let m = r.marker();
        site.write(&format!("content/{}/index.md", r.folder()), &r.text(i));
        site.write_bytes(&format!("content/{}/{m}-map.png", r.folder()), &png_with_text(4, 3, Some(&m)));
    }
    site.write("content/about.md", "---\ntitle: About\nkind: page\ntlp: CLEAR\n---\nWho we are.\n");
    for (_, path, text, _) in others(asked).into_iter().filter(|o| o.3) {
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

/// The briefs of a JSON Feed, by marker of each item's URL.
fn json_feed_briefs(out: &Path, rel: &str) -> BTreeSet<String> {
    let items = json(out, rel)["items"].as_array().cloned().unwrap_or_default();
    items.iter().flat_map(|i| markers_in(i["url"].as_str().unwrap())).collect()
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
    let said = format!("--max-tlp {}{}", asked.max_tlp, if asked.args().len() > 2 { " and options" } else { "" });
    let mut problems = marker_problems(&out, asked, &said);
    problems.extend(list_problems(&out, asked, &said));
    let n = ROWS.iter().filter(|r| r.fate(asked) == Fate::Listed).count();
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
    // The output is the very output of a site that never had what was held back: no count,
    // chart, number or order is moved by it.
    let twin = leak_site_of(|r| r.fate(asked) != Fate::Absent, asked);
    twin.build_ok(&asked.args());
    problems.extend(
        differences(&snapshot(&out), &snapshot(&twin.path("public")))
            .into_iter()
            .map(|d| format!("under {said}, unlike a site without what is held back: {d}")),
    );
    problems
}

/// Every marker word in `out` where the table says it may be, and nowhere else: a brief left
/// out has none, a retracted brief's are on its own page and in its bundle only, and every
/// brief published has its page and image.
fn marker_problems(out: &Path, asked: &Asked, said: &str) -> Vec<String> {
    let entries = every_entry(out);
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
    problems
}

/// Every list, feed, export and index of `out` shows exactly the listed briefs, and its
/// counts count them.
fn list_problems(out: &Path, asked: &Asked, said: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let fates: Vec<(&Row, Fate)> = ROWS.iter().map(|r| (r, r.fate(asked))).collect();
    let listed: BTreeSet<String> = fates.iter().filter(|(_, f)| *f == Fate::Listed).map(|(r, _)| r.marker()).collect();
    let n = listed.len();
    // Feeds and the sitemap leave out drafts (a `--drafts` build shows them on pages only).
    // Briefs in review are let be either way here: see the test on reviews below.
    let fed: BTreeSet<String> =
        fates.iter().filter(|(r, f)| *f == Fate::Listed && !r.life.unfinished()).map(|(r, _)| r.marker()).collect();
    let reviews: BTreeSet<String> = ROWS.iter().filter(|r| r.life == Review).map(Row::marker).collect();
    let lists: Vec<(&str, BTreeSet<String>)> = vec![
        ("home", linked_briefs(out, |f| f == "index.html" || f.starts_with("page/"))),
        ("regions/gulf/", linked_briefs(out, |f| f.starts_with("regions/gulf/"))),
        ("tags/common/", linked_briefs(out, |f| f.starts_with("tags/common/"))),
        ("timeline/", linked_briefs(out, |f| f.starts_with("timeline/"))),
        ("atom.xml", feed_briefs(out, "atom.xml")),
        ("regions/gulf/atom.xml", feed_briefs(out, "regions/gulf/atom.xml")),
        (
            "briefs.json",
            json(out, "briefs.json")["briefs"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|b| markers_in(b["url"].as_str().unwrap()))
                .collect(),
        ),
        ("feed.json", json_feed_briefs(out, "feed.json")),
        ("regions/gulf/feed.json", json_feed_briefs(out, "regions/gulf/feed.json")),
        (
            "briefs.ndjson",
            std::fs::read_to_string(out.join("briefs.ndjson"))
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .flat_map(|b| markers_in(b["url"].as_str().unwrap()))
                .collect(),
        ),
        (
            "briefs.csv",
            csv::Reader::from_path(out.join("briefs.csv"))
                .unwrap()
                .records()
                .flat_map(|r| markers_in(&r.unwrap()[1]))
                .collect(),
        ),
        (
            "briefs/*/index.json",
            list_files(&out.join("briefs"))
                .iter()
                .filter(|f| f.ends_with("/index.json"))
                .flat_map(|f| markers_in(json(out, &format!("briefs/{f}"))["brief"]["url"].as_str().unwrap()))
                .collect(),
        ),
        (
            "stix/bundle.json",
            json(out, "stix/bundle.json")["objects"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["type"] == "report")
                .flat_map(|r| markers_in(r["external_references"][0]["url"].as_str().unwrap()))
                .collect(),
        ),
        (
            "sitemap.xml",
            sitemap_locs(out, "sitemap.xml")
                .iter()
                .filter(|(l, _)| l.contains("/briefs/"))
                .flat_map(|(l, _)| markers_in(l))
                .collect(),
        ),
        (
            "search/docs",
            list_files(&out.join("search/docs"))
                .iter()
                .flat_map(|f| json(out, &format!("search/docs/{f}")).as_array().unwrap().clone())
                .flat_map(|d| markers_in(d["url"].as_str().unwrap()))
                .collect(),
        ),
    ];
    for (what, mut shown) in lists {
        let expected = match what.ends_with(".xml") || what.ends_with("feed.json") {
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
    let home_pages = list_files(out).iter().filter(|f| *f == "index.html" || f.starts_with("page/")).count();
    if home_pages != n.div_ceil(4).max(1) {
        problems.push(format!("{home_pages} home pages for {n} listed briefs, 4 a page, under {said}"));
    }
    let meta = json(out, "search/meta.json");
    if meta["docs"] != n {
        problems.push(format!("search/meta.json counts {} documents, not {n}, under {said}", meta["docs"]));
    }
    let gulf = meta["facets"]["region"].as_array().unwrap().iter().find(|t| t["name"] == "Gulf").cloned();
    if gulf.as_ref().map(|g| g["count"].clone()) != Some(n.into()) {
        problems.push(format!("the Gulf facet is {gulf:?}, not {n} briefs, under {said}"));
    }
    problems
}

/// How two output folders differ: files only in one, and each file whose bytes differ, with
/// the text around its first difference.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for name in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) => {
                let at = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
                let around =
                    |v: &[u8]| String::from_utf8_lossy(&v[at.saturating_sub(40)..(at + 40).min(v.len())]).into_owned();
                out.push(format!("{name} differs at byte {at}: …{}… / …{}…", around(x), around(y)));
            }
            (Some(_), None) => out.push(format!("{name} is only in the first")),
            _ => out.push(format!("{name} is only in the second")),
        }
    }
    out
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

// ---------------------------------------------------------------------------------------------
// 2. Each rule on its own.

/// A site's own `brief.html` showing what the core hands the theme for a brief's notices:
/// the retraction, the brief that replaced it, and the newest of its chain. (How the built-in
/// theme shows them is the theme's business.)
const PROBE: &str = r#"{% extends "base.html" %}
{% block content %}
<h1 class="probe-title">{{ brief.title }}</h1>
{%- if retraction %}<div class="probe-retraction"><time datetime="{{ retraction.date_iso }}">{{ retraction.date }}</time><p class="probe-reason">{{ retraction.reason }}</p></div>{% endif %}
{%- if superseded_by %}<a class="probe-superseded-by" href="{{ superseded_by.url }}">{{ superseded_by.title }}</a>{% endif %}
{%- if latest %}<a class="probe-latest" href="{{ latest.url }}">{{ latest.title }}</a>{% endif %}
<div class="prose">{{ content }}</div>
{% endblock content %}
"#;

/// The briefs' pages of the output, by file stem: `briefs/x/index.html` → `x`.
fn brief_pages(site: &Site) -> BTreeSet<String> {
    site.files("public")
        .iter()
        .filter_map(|f| f.strip_prefix("briefs/")?.strip_suffix("/index.html").map(str::to_string))
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The `/briefs/x/` pages an HTML file links to, by `x`.
fn links_to_briefs(doc: &scraper::Html) -> BTreeSet<String> {
    attrs(doc, "a[href]", "href")
        .iter()
        .filter_map(|h| h.strip_prefix("/briefs/")?.strip_suffix('/').map(str::to_string))
        .collect()
}

#[test]
fn drafts_and_briefs_in_review_are_published_only_with_drafts() {
    let site = Site::new();
    site.brief("briefs/out.md", "title: Out\ndate: 2025-03-01\nregion: Gulf", "Published.\n")
        .brief("briefs/said.md", "title: Said\ndate: 2025-03-02\nregion: Gulf\nstatus: published", "Said so.\n")
        .brief("briefs/old-name.md", "title: Old name\ndate: 2025-03-03\nregion: Gulf\nstatus: final", "Final.\n")
        .brief("briefs/wip.md", "title: Wip\ndate: 2025-03-04\nregion: Gulf\nstatus: draft", "Draft.\n")
        .brief("briefs/flag.md", "title: Flag\ndate: 2025-03-05\nregion: Gulf\ndraft: true", "Draft.\n")
        .brief("briefs/rev.md", "title: Rev\ndate: 2025-03-06\nregion: Gulf\nstatus: review", "Review.\n");
    let published = set(&["out", "said", "old-name"]);
    site.build_ok(&[]);
    assert_eq!(brief_pages(&site), published);
    assert_eq!(links_to_briefs(&site.html("index.html")), published);
    site.build_ok(&["--drafts"]);
    let all = set(&["out", "said", "old-name", "wip", "flag", "rev"]);
    assert_eq!(brief_pages(&site), all);
    assert_eq!(links_to_briefs(&site.html("index.html")), all);
    // `draft: true` and `status: draft` are one status: saying both is fine, contradicting is not.
    site.brief("briefs/flag.md", "title: Flag\ndate: 2025-03-05\nregion: Gulf\ndraft: true\nstatus: review", "D.\n");
    let errors = errors_of(&site.check_json(&[]).1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].2.as_str()),
        ("content/briefs/flag.md", "`draft: true` contradicts `status: review`")
    );
}

#[test]
fn with_drafts_a_brief_in_review_is_kept_out_of_feeds_and_the_sitemap_as_a_draft_is() {
    let site = Site::new();
    site.brief("briefs/out.md", "title: Out\ndate: 2025-03-01\nregion: Gulf", "Published.\n")
        .brief("briefs/wip.md", "title: Wip\ndate: 2025-03-04\nregion: Gulf\nstatus: draft", "Draft.\n")
        .brief("briefs/rev.md", "title: Rev\ndate: 2025-03-06\nregion: Gulf\nstatus: review", "Review.\n");
    site.build_ok(&["--drafts"]);
    let out = site.path("public");
    let in_feed = |rel: &str| -> Vec<String> {
        feed(&out, rel).entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect()
    };
    assert_eq!(in_feed("atom.xml"), ["Out"], "the site feed");
    assert_eq!(in_feed("regions/gulf/atom.xml"), ["Out"], "the region's feed");
    let locs: Vec<String> = sitemap_locs(&out, "sitemap.xml").into_iter().map(|(l, _)| l).collect();
    assert!(locs.contains(&format!("{BASE}briefs/out/")), "{locs:?}");
    assert!(!locs.iter().any(|l| l.contains("/wip/") || l.contains("/rev/")), "{locs:?}");
}

/// A site with a brief retracted beside a published one, both under the same terms; the
/// retracted one also under an actor of its own.
fn retraction_site() -> Site {
    let site = Site::new();
    site.brief(
        "briefs/kept.md",
        "title: Kept\ndate: 2025-04-01\nregion: Gulf\nactors: [Iran]\ntags: [talks]\nconfidence: high",
        "Still stands.\n",
    )
    .brief(
        "briefs/withdrawn.md",
        "title: Withdrawn\ndate: 2025-04-03\nregion: Gulf\nactors: [Iran, Lonely]\ntags: [talks]\nconfidence: high\nstatus: retracted\nretraction: {date: 2025-04-20, reason: \"The source recanted its account.\"}",
        "What we said then.\n",
    );
    site
}

#[test]
fn a_retracted_brief_keeps_its_page_with_its_notice_and_is_listed_nowhere() {
    let site = retraction_site();
    let run = site.build_ok(&[]);
    assert!(run.stdout.starts_with("built 1 briefs and 0 pages"), "{}", run.stdout);
    let out = site.path("public");
    // Its page stays, as it was, with nothing that places it among the other briefs.
    let page = site.html("briefs/withdrawn/index.html");
    assert_eq!(texts(&page, "h1"), ["Withdrawn"]);
    assert!(texts(&page, ".pager, .related").is_empty(), "no neighbours, no related briefs");
    // It is in no list of briefs, no feed, no export, no index, no count.
    for list in [
        "index.html",
        "regions/gulf/index.html",
        "actors/iran/index.html",
        "tags/talks/index.html",
        "timeline/index.html",
    ] {
        assert_eq!(links_to_briefs(&site.html(list)), set(&["kept"]), "{list}");
    }
    for f in ["atom.xml", "regions/gulf/atom.xml", "actors/iran/atom.xml", "tags/talks/atom.xml"] {
        let ids: Vec<String> = feed(&out, f).entries.into_iter().map(|e| e.id).collect();
        assert_eq!(ids, [format!("{BASE}briefs/kept/")], "{f}");
    }
    let exported: Vec<String> = json(&out, "briefs.json")["briefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(exported, [format!("{BASE}briefs/kept/")]);
    let locs: Vec<String> = sitemap_locs(&out, "sitemap.xml").into_iter().map(|(l, _)| l).collect();
    assert!(locs.contains(&format!("{BASE}briefs/kept/")) && !locs.iter().any(|l| l.contains("withdrawn")), "{locs:?}");
    assert_eq!(json(&out, "search/meta.json")["docs"], 1);
    for f in list_files(&out).iter().filter(|f| f.starts_with("search/")) {
        let text = std::fs::read_to_string(out.join(f)).unwrap().to_lowercase();
        assert!(!text.contains("withdrawn") && !text.contains("recanted") && !text.contains("lonely"), "{f}: {text}");
    }
    assert!(!out.join("actors/lonely").exists(), "a term only a retracted brief names has no page");
    assert_eq!(texts(&site.html("regions/gulf/index.html"), ".page-count"), ["1 brief"]);
    assert_eq!(texts(&site.html("confidence/index.html"), "dd .meta"), ["1 brief at this level."]);
    // The page links nowhere that is not built.
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    // Its notice: the theme is handed the retraction's date and reason.
    site.write("templates/brief.html", PROBE);
    site.build_ok(&[]);
    let page = site.html("briefs/withdrawn/index.html");
    assert_eq!(texts(&page, ".probe-reason"), ["The source recanted its account."]);
    let when = attrs(&page, ".probe-retraction time", "datetime");
    assert!(when.len() == 1 && when[0].starts_with("2025-04-20"), "{when:?}");
    assert!(texts(&site.html("briefs/kept/index.html"), ".probe-retraction").is_empty());
    // A retraction must say why.
    site.brief("briefs/withdrawn.md", "title: Withdrawn\ndate: 2025-04-03\nregion: Gulf\nstatus: retracted", "W.\n");
    let errors = errors_of(&site.check_json(&[]).1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].2.as_str()),
        ("content/briefs/withdrawn.md", "a retracted brief needs a `retraction` saying when and why")
    );
}

#[test]
fn a_retracted_brief_s_page_shows_its_text_as_it_was() {
    let site = retraction_site();
    site.build_ok(&[]);
    let page = site.html("briefs/withdrawn/index.html");
    assert_eq!(texts(&page, ".prose p"), ["What we said then."]);
}

#[test]
fn a_superseded_brief_links_the_newest_published_brief_of_its_chain() {
    let site = Site::new();
    site.write("templates/brief.html", PROBE);
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf", "First view.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-02-01\nregion: Gulf\nsupersedes: briefs/a.md", "Second.\n")
        .brief("briefs/c.md", "title: C\ndate: 2025-03-01\nregion: Gulf\nsupersedes: briefs/b.md", "Third.\n");
    site.build_ok(&[]);
    let notices = |name: &str| {
        let page = site.html(&format!("briefs/{name}/index.html"));
        (attrs(&page, ".probe-superseded-by", "href"), attrs(&page, ".probe-latest", "href"))
    };
    let (none, c) = (Vec::<String>::new(), vec!["/briefs/c/".to_string()]);
    assert_eq!(notices("a"), (vec!["/briefs/b/".to_string()], c.clone()), "A: replaced by B, the latest is C");
    assert_eq!(notices("b"), (c.clone(), none.clone()), "B: replaced by C, which is the latest");
    assert_eq!(notices("c"), (none.clone(), none.clone()));
    // When the newest is held back, the newest published one is the end of the chain, and
    // nothing of the held one shows.
    site.brief(
        "briefs/c.md",
        "title: C\ndate: 2025-03-01\nregion: Gulf\nsupersedes: briefs/b.md\ntlp: AMBER",
        "Third.\n",
    );
    site.build_ok(&[]);
    assert_eq!(notices("a"), (vec!["/briefs/b/".to_string()], none.clone()));
    assert_eq!(notices("b"), (none.clone(), none.clone()));
    assert!(!site.path("public/briefs/c").exists());
    site.build_ok(&["--max-tlp", "AMBER"]);
    assert_eq!(notices("a"), (vec!["/briefs/b/".to_string()], c.clone()));
}

#[test]
fn a_supersedes_circle_is_one_error_naming_every_file_and_nothing_is_written() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-02-01\nregion: Gulf\nsupersedes: briefs/a.md", "B.\n")
        .brief("briefs/c.md", "title: C\ndate: 2025-03-01\nregion: Gulf\nsupersedes: briefs/b.md", "C.\n");
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf\nsupersedes: briefs/c.md", "A.\n");
    let errors = errors_of(&site.check_json(&[]).1);
    assert_eq!(errors.len(), 1, "one circle, one error: {errors:#?}");
    let (file, line, message, _) = &errors[0];
    assert!(message.contains("circle"), "{message}");
    for f in ["content/briefs/a.md", "content/briefs/b.md", "content/briefs/c.md"] {
        assert!(message.contains(f), "{f} is not named: {message}");
    }
    assert!(["content/briefs/a.md", "content/briefs/b.md", "content/briefs/c.md"].contains(&file.as_str()), "{file}");
    assert_eq!(*line, 5, "the line of `supersedes` in {file}");
    let r = site.build_err();
    assert!(r.stderr.contains("circle"), "{r:?}");
    assert_eq!(snapshot(&site.path("public")), before, "a failed build leaves the output as it was");
    // In a fresh site, a failed build writes nothing at all; a circle of two is one error too.
    let fresh = Site::new();
    fresh.brief("briefs/x.md", "title: X\ndate: 2025-01-01\nregion: Gulf\nsupersedes: briefs/y.md", "X.\n").brief(
        "briefs/y.md",
        "title: Y\ndate: 2025-02-01\nregion: Gulf\nsupersedes: briefs/x.md",
        "Y.\n",
    );
    fresh.build_err();
    assert!(!fresh.path("public").exists(), "{:?}", fresh.files("public"));
    let errors = errors_of(&fresh.check_json(&[]).1);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].2.contains("content/briefs/x.md") && errors[0].2.contains("content/briefs/y.md"), "{errors:?}");
}

#[test]
fn future_and_expired_briefs_are_left_out_unless_asked_for() {
    let site = Site::new();
    site.brief("briefs/now.md", "title: Now\ndate: 2025-05-01\nregion: Gulf", "Now.\n")
        .brief("briefs/lasting.md", "title: Lasting\ndate: 2025-05-02\nregion: Gulf\nexpires: 2099-01-01", "L.\n")
        .brief("briefs/later.md", "title: Later\ndate: 2099-01-01\nregion: Gulf", "Later.\n")
        .brief("briefs/gone.md", "title: Gone\ndate: 2000-06-01\nregion: Gulf\nexpires: 2001-01-01", "Gone.\n");
    for (args, expected) in [
        (&[][..], &["now", "lasting"][..]),
        (&["--future"][..], &["now", "lasting", "later"][..]),
        (&["--expired"][..], &["now", "lasting", "gone"][..]),
        (&["--future", "--expired"][..], &["now", "lasting", "later", "gone"][..]),
    ] {
        site.build_ok(args);
        assert_eq!(brief_pages(&site), set(expected), "{args:?}");
        assert_eq!(links_to_briefs(&site.html("index.html")), set(expected), "{args:?}");
        assert_eq!(links_to_briefs(&site.html("timeline/index.html")), set(expected), "{args:?}");
    }
}

#[test]
fn a_published_brief_linking_to_a_restricted_one_is_an_error_naming_both() {
    let site = Site::new();
    site.brief(
        "briefs/public.md",
        "title: Public\ndate: 2025-05-01\nregion: Gulf",
        "Intro.\n\nSee [x](@/briefs/secret.md).\n",
    )
    .brief("briefs/secret.md", "title: Secret\ndate: 2025-05-02\nregion: Gulf\ntlp: AMBER", "Hush.\n");
    let errors = errors_of(&site.check_json(&[]).1);
    assert_eq!(
        errors,
        [(
            "content/briefs/public.md".to_string(),
            8,
            "broken link: `@/briefs/secret.md` links to content/briefs/secret.md, which this build holds back (marked TLP:AMBER): a published page must not reveal it (remove the link, or build with --max-tlp or --audience for readers who may see it)".to_string(),
            errors.first().map(|e| e.3.clone()).unwrap_or_default(),
        )]
    );
    let r = site.build_err();
    assert!(r.stderr.contains("content/briefs/public.md") && r.stderr.contains("content/briefs/secret.md"), "{r:?}");
    assert!(!site.path("public").exists(), "nothing is written");
    site.build_ok(&["--max-tlp", "AMBER"]);
    let prose = site.html("briefs/public/index.html");
    assert_eq!(attrs(&prose, ".prose a", "href"), ["/briefs/secret/"]);
    assert!(errors_of(&site.check_json(&["--max-tlp", "AMBER"]).1).is_empty());
    // So is superseding one: the error names both files.
    let site = Site::new();
    site.brief("briefs/new.md", "title: New\ndate: 2025-05-03\nregion: Gulf\nsupersedes: briefs/old.md", "N.\n").brief(
        "briefs/old.md",
        "title: Old\ndate: 2025-05-01\nregion: Gulf\ntlp: GREEN",
        "O.\n",
    );
    let errors = errors_of(&site.check_json(&[]).1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("content/briefs/new.md", 5));
    assert!(errors[0].2.contains("content/briefs/old.md") && errors[0].2.contains("held back"), "{errors:?}");
    assert!(errors_of(&site.check_json(&["--max-tlp", "GREEN"]).1).is_empty());
    // So is showing an image of a restricted bundle.
    let site = Site::new();
    site.brief("briefs/public.md", "title: Public\ndate: 2025-05-01\nregion: Gulf", "![Plan](@/briefs/plan/map.png)\n")
        .brief("briefs/plan/index.md", "title: Plan\ndate: 2025-05-02\nregion: Gulf\ntlp: RED", "Plan.\n")
        .write_bytes("content/briefs/plan/map.png", &png(4, 3));
    let errors = errors_of(&site.check_json(&["--max-tlp", "AMBER+STRICT"]).1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "content/briefs/public.md");
    assert!(errors[0].2.contains("content/briefs/plan/map.png") && errors[0].2.contains("holds back"), "{errors:?}");
    site.build_ok(&["--max-tlp", "RED"]);
    assert!(site.path("public/briefs/plan/map.png").is_file());
}

#[test]
fn an_image_only_a_held_back_brief_shows_is_not_published() {
    let site = Site::new();
    site.brief("briefs/public.md", "title: Public\ndate: 2025-05-01\nregion: Gulf", "Nothing secret.\n")
        .brief(
            "briefs/secret.md",
            "title: Secret\ndate: 2025-05-02\nregion: Gulf\ntlp: RED",
            "![Plan](secret-plan.png)\n\n![Chart](@/images/red-chart.png)\n",
        )
        .write_bytes("content/briefs/secret-plan.png", &png_with_text(4, 3, Some("zqxplanq")))
        .write_bytes("content/images/red-chart.png", &png_with_text(4, 3, Some("zqxchartq")));
    site.build_ok(&["--max-tlp", "RED"]);
    assert!(site.path("public/briefs/secret-plan.png").is_file() && site.path("public/images/red-chart.png").is_file());
    site.build_ok(&[]);
    for (f, bytes) in every_entry(&site.path("public")) {
        for word in ["secret-plan", "red-chart", "zqxplanq", "zqxchartq"] {
            assert!(!f.contains(word) && find(&bytes, word.as_bytes()).is_none(), "{f} holds {word}");
        }
    }
}

#[test]
fn a_term_whose_briefs_are_all_held_back_has_no_page_no_entry_and_no_feed() {
    let site = Site::new();
    site.brief("briefs/shown.md", "title: Shown\ndate: 2025-05-01\nregion: Gulf\nactors: [Known]", "S.\n")
        .brief("briefs/wip.md", "title: Wip\ndate: 2025-05-02\nregion: Gulf\nactors: [Zqxunseenq]\nstatus: draft", "W.\n")
        .brief("briefs/amber.md", "title: Amber\ndate: 2025-05-03\nregion: Gulf\nactors: [Zqxunseenq]\ntlp: AMBER", "A.\n")
        .brief(
            "briefs/gone.md",
            "title: Gone\ndate: 2025-05-04\nregion: Gulf\nactors: [Zqxunseenq]\nstatus: retracted\nretraction: {reason: Wrong.}",
            "G.\n",
        )
        .write("content/actors/zqxunseenq.md", "---\ntitle: Zqxunseenq\n---\nWho zqxhiddendescq are.\n");
    site.build_ok(&[]);
    let out = site.path("public");
    assert!(!out.join("actors/zqxunseenq").exists(), "{:?}", site.files("public"));
    let index = site.html("actors/index.html");
    assert_eq!(texts(&index, ".term-name"), ["Known"]);
    assert_eq!(texts(&index, ".page-count"), ["1 actor"]);
    let facets = json(&out, "search/facets/actors.json");
    assert!(facets.as_object().unwrap().keys().all(|k| k != "zqxunseenq"), "{facets}");
    for (f, bytes) in every_entry(&out) {
        assert!(!f.contains("zqxunseenq") && find(&bytes, b"zqxunseenq").is_none(), "{f} names the held-back term");
        assert!(find(&bytes, b"zqxhiddendescq").is_none(), "{f} shows the description of a term with no page");
    }
    // Published, the term has its page, its description and its feed.
    site.build_ok(&["--drafts", "--max-tlp", "AMBER"]);
    let page = site.html("actors/zqxunseenq/index.html");
    assert_eq!(links_to_briefs(&page), set(&["wip", "amber"]), "never the retracted one");
    assert!(texts(&page, ".term-description p").iter().any(|p| p.contains("zqxhiddendescq")));
    assert!(out.join("actors/zqxunseenq/atom.xml").is_file());
}

#[test]
fn an_audience_publishes_what_its_marking_does_and_the_stricter_of_the_two_wins() {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: Audiences\nbase_url: {BASE}\naudiences: {{public: CLEAR, partners: AMBER}}\n"),
    );
    for (name, tlp) in [("clear", "CLEAR"), ("green", "GREEN"), ("amber", "AMBER"), ("red", "RED")] {
        site.brief(
            &format!("briefs/{name}.md"),
            &format!("title: {name}\ndate: 2025-05-01\nregion: Gulf\ntlp: {tlp}"),
            "B.\n",
        );
    }
    let dirs = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut output = |args: &[&str]| {
        n += 1;
        let out = dirs.path().join(format!("out{n}"));
        let mut all = vec!["--output-dir", out.to_str().unwrap()];
        all.extend_from_slice(args);
        site.build_ok(&all);
        snapshot(&out)
    };
    let amber = output(&["--max-tlp", "AMBER"]);
    assert!(amber.contains_key("briefs/amber/index.html") && !amber.contains_key("briefs/red/index.html"));
    assert!(output(&["--audience", "partners"]) == amber, "--audience partners is --max-tlp AMBER");
    assert!(output(&["--audience", "partners", "--max-tlp", "RED"]) == amber, "the stricter wins");
    let green = output(&["--max-tlp", "GREEN"]);
    assert!(output(&["--audience", "partners", "--max-tlp", "GREEN"]) == green, "the stricter wins");
    let default = output(&[]);
    assert!(output(&["--audience", "public"]) == default, "--audience public is the default");
    assert!(default.contains_key("briefs/clear/index.html") && !default.contains_key("briefs/green/index.html"));
    // An audience site.yaml does not name is an error that lists the ones it does.
    let errors = errors_of(&site.check_json(&["--audience", "press"]).1);
    assert_eq!(
        errors,
        [(
            "site.yaml".to_string(),
            0,
            "there is no audience \"press\" in site.yaml".to_string(),
            "site.yaml's audiences are partners, public".to_string()
        )]
    );
    let r = site.run(&["build", "--audience", "press"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("site.yaml's audiences are partners, public"), "{r:?}");
    assert!(!site.path("public").exists());
}

#[test]
fn markings_are_written_as_first_writes_them_and_the_error_gives_the_spelling() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2025-05-01\nregion: Gulf\ntlp: amber", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-05-01\nregion: Gulf\ntlp: WHITE", "B.\n")
        .brief("briefs/c.md", "title: C\ndate: 2025-05-01\nregion: Gulf\ntlp: TLP:RED", "C.\n")
        .brief("briefs/d.md", "title: D\ndate: 2025-05-01\nregion: Gulf\ntlp: AMBER+STRICT", "D.\n");
    let report = site.check_json(&["--max-tlp", "RED"]).1;
    let mut errors = errors_of(&report);
    errors.sort();
    let error = |file: &str, message: &str, hint: &str| (file.to_string(), 5, message.to_string(), hint.to_string());
    assert_eq!(
        errors,
        [
            error(
                "content/briefs/a.md",
                "`tlp` is not a TLP 2.0 marking: \"amber\"",
                "write `AMBER`: FIRST writes it in capitals"
            ),
            error(
                "content/briefs/b.md",
                "`tlp` is not a TLP 2.0 marking: \"WHITE\"",
                "write `CLEAR`: TLP 2.0 renamed WHITE to CLEAR"
            ),
            error(
                "content/briefs/c.md",
                "`tlp` is not a TLP 2.0 marking: \"TLP:RED\"",
                "write `RED` without `TLP:` (FIRST writes it in capitals: `RED`)"
            ),
        ]
    );
    // On the command line and in site.yaml alike.
    let r = site.run(&["build", "--max-tlp", "amber"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("write `AMBER`: FIRST writes it in capitals"), "{r:?}");
    site.write("site.yaml", &format!("title: T\nbase_url: {BASE}\ntlp: white\naudiences: {{partners: Amber}}\n"));
    let mut errors: Vec<(String, u64, String, String)> =
        errors_of(&site.check_json(&[]).1).into_iter().filter(|e| e.0 == "site.yaml").collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            (
                "site.yaml".to_string(),
                3,
                "`tlp` is not a TLP 2.0 marking: \"white\"".to_string(),
                "write `CLEAR`: TLP 2.0 renamed WHITE to CLEAR".to_string()
            ),
            (
                "site.yaml".to_string(),
                4,
                "audience `partners`: \"Amber\" is not a TLP 2.0 marking".to_string(),
                "write `AMBER`: FIRST writes it in capitals".to_string()
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 3. The preview publishes what a clean build does.

/// The brief the preview test edits: a bundle with its image, superseding `old.md`, filed
/// under terms the other briefs share and one of its own; `front` holds its date and the
/// fields being changed.
fn target(front: &str) -> String {
    format!(
        "---\ntitle: Target\nregion: Gulf\nactors: [Iran, Loner]\ntags: [talks]\nconfidence: high\nsupersedes: briefs/old.md\n{front}---\nThe target's words.\n\n![Map](map.png)\n"
    )
}

const PLAIN: &str = "date: 2025-05-01\n";

/// Each step's front matter, in order: every publication field changed and changed back.
const STEPS: &[(&str, &str)] = &[
    ("marked AMBER", "date: 2025-05-01\ntlp: AMBER\n"),
    ("marked CLEAR", "date: 2025-05-01\ntlp: CLEAR\n"),
    ("marked GREEN", "date: 2025-05-01\ntlp: GREEN\n"),
    ("unmarked", PLAIN),
    ("a draft", "date: 2025-05-01\nstatus: draft\n"),
    ("published", "date: 2025-05-01\nstatus: published\n"),
    ("draft: true", "date: 2025-05-01\ndraft: true\n"),
    ("in review", "date: 2025-05-01\nstatus: review\n"),
    ("published again", PLAIN),
    ("retracted", "date: 2025-05-01\nstatus: retracted\nretraction: {date: 2025-06-01, reason: \"Wrong.\"}\n"),
    ("published after a retraction", PLAIN),
    ("dated in the future", "date: 2099-01-01\n"),
    ("dated in the past", PLAIN),
    ("expired", "date: 2025-05-01\nexpires: 2001-01-01\n"),
    ("no longer expiring", PLAIN),
    ("an AMBER draft", "date: 2025-05-01\ntlp: AMBER\nstatus: draft\n"),
    ("retracted, AMBER", "date: 2025-05-01\ntlp: AMBER\nstatus: retracted\nretraction: {reason: \"Wrong.\"}\n"),
    ("as it was", PLAIN),
];

fn preview_matches_clean_builds(asked: BuildOptions) {
    let site = Site::new();
    site.write("site.yaml", &format!("title: Preview\nbase_url: {BASE}\npaginate_by: 2\n"));
    site.brief("briefs/old.md", "title: Old\ndate: 2025-01-01\nregion: Gulf\nactors: [Iran]\ntags: [talks]", "Old.\n")
        .brief("briefs/a.md", "title: A\ndate: 2025-02-01\nregion: Gulf\nactors: [Iran]\nconfidence: high", "A.\n")
        .brief("briefs/b.md", "title: B\ndate: 2025-03-01\nregion: Levant\ntags: [talks]", "B.\n")
        .brief("briefs/c.md", "title: C\ndate: 2025-06-01\nregion: Gulf", "C.\n")
        .write("content/briefs/target/index.md", &target(PLAIN))
        .write_bytes("content/briefs/target/map.png", &png(5, 4));
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(site.path("public")),
        base_url: Some("http://127.0.0.1:4747/".into()),
        ..asked
    };
    let reference = tempfile::tempdir().unwrap();
    let clean = || {
        let out = reference.path().join("out");
        let _ = std::fs::remove_dir_all(&out);
        let r = build(&BuildOptions { output_dir: Some(out.clone()), ..opts.clone() });
        assert!(r.ok(), "clean build failed: {:?}", r.diagnostics.sorted());
        snapshot(&out)
    };
    let (mut live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok(), "{:?}", first.diagnostics);
    let d = differences(&snapshot(&site.path("public")), &clean());
    assert!(d.is_empty(), "at the start: live / clean:\n{}", d.join("\n"));
    for (step, front) in STEPS {
        site.write("content/briefs/target/index.md", &target(front));
        let outcome = live.apply(&[Change::Content("briefs/target/index.md".into())]);
        assert!(outcome.ok(), "{step}: {:?}", outcome.diagnostics);
        let d = differences(&snapshot(&site.path("public")), &clean());
        assert!(d.is_empty(), "after the target became {step}: live / clean:\n{}", d.join("\n"));
    }
}

#[test]
fn the_preview_publishes_what_a_clean_build_does_as_markings_statuses_and_dates_change() {
    preview_matches_clean_builds(BuildOptions::default());
}

#[test]
fn the_preview_publishes_what_a_clean_build_does_with_drafts_up_to_amber() {
    preview_matches_clean_builds(BuildOptions {
        drafts: true,
        max_tlp: Some(dossier::marking::Tlp::Amber),
        ..BuildOptions::default()
    });
}

#[test]
fn the_preview_publishes_what_a_clean_build_does_with_future_and_expired_briefs() {
    preview_matches_clean_builds(BuildOptions {
        future: true,
        expired: true,
        max_tlp: Some(dossier::marking::Tlp::Green),
        ..BuildOptions::default()
    });
}

#[test]
fn the_preview_refuses_a_link_to_a_brief_held_back_as_a_clean_build_does_and_keeps_its_output() {
    let site = Site::new();
    site.brief(
        "briefs/linker.md",
        "title: Linker\ndate: 2025-02-01\nregion: Gulf",
        "See [t](@/briefs/target/index.md).\n",
    )
    .write("content/briefs/target/index.md", &target(PLAIN))
    .write_bytes("content/briefs/target/map.png", &png(5, 4))
    .brief("briefs/old.md", "title: Old\ndate: 2025-01-01\nregion: Gulf", "Old.\n");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok(), "{:?}", first.diagnostics);
    let before = snapshot(&site.path("public"));
    for (step, front) in
        [("marked AMBER", "date: 2025-05-01\ntlp: AMBER\n"), ("a draft", "date: 2025-05-01\nstatus: draft\n")]
    {
        site.write("content/briefs/target/index.md", &target(front));
        let outcome = live.apply(&[Change::Content("briefs/target/index.md".into())]);
        let said: Vec<String> = outcome.diagnostics.sorted().iter().map(|d| d.message.clone()).collect();
        assert!(
            !outcome.ok()
                && said.iter().any(|m| m.contains("content/briefs/target/index.md") && m.contains("holds back")),
            "{step}: {said:?}"
        );
        let reference = tempfile::tempdir().unwrap();
        let clean = build(&BuildOptions { output_dir: Some(reference.path().join("out")), ..opts.clone() });
        assert!(!clean.ok(), "{step}: a clean build fails too");
        assert_eq!(snapshot(&site.path("public")), before, "{step}: the failed rebuild wrote nothing");
    }
    site.write("content/briefs/target/index.md", &target(PLAIN));
    assert!(live.apply(&[Change::Content("briefs/target/index.md".into())]).ok());
    assert_eq!(snapshot(&site.path("public")), before);
}

#[test]
fn the_preview_follows_a_new_default_marking_in_site_yaml_as_a_clean_build_does() {
    let site = Site::new();
    site.brief("briefs/marked.md", "title: Marked\ndate: 2025-02-01\nregion: Gulf\ntlp: CLEAR", "M.\n").brief(
        "briefs/unmarked.md",
        "title: Unmarked\ndate: 2025-03-01\nregion: Gulf\nactors: [Loner]",
        "U.\n",
    );
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:4747/".into()),
        ..BuildOptions::default()
    };
    let (mut live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok(), "{:?}", first.diagnostics);
    assert!(site.path("public/briefs/unmarked/index.html").is_file());
    for (step, default, published) in [
        ("GREEN", "tlp: GREEN\n", false),
        ("CLEAR", "tlp: CLEAR\n", true),
        ("RED", "tlp: RED\n", false),
        ("none", "", true),
    ] {
        site.write("site.yaml", &format!("title: Test Briefs\nbase_url: {BASE}\n{default}"));
        let outcome = live.apply(&[Change::Config]);
        assert!(outcome.ok(), "{step}: {:?}", outcome.diagnostics);
        let reference = tempfile::tempdir().unwrap();
        let out = reference.path().join("out");
        assert!(build(&BuildOptions { output_dir: Some(out.clone()), ..opts.clone() }).ok());
        let d = differences(&snapshot(&site.path("public")), &snapshot(&out));
        assert!(d.is_empty(), "site default {step}: live / clean:\n{}", d.join("\n"));
        assert_eq!(site.path("public/briefs/unmarked/index.html").is_file(), published, "site default {step}");
    }
}

#[test]
fn the_preview_follows_an_audience_narrowed_in_site_yaml_as_a_clean_build_does() {
    let site = Site::new();
    let config =
        |partners: &str| format!("title: Test Briefs\nbase_url: {BASE}\naudiences: {{partners: {partners}}}\n");
    site.write("site.yaml", &config("AMBER"));
    site.brief("briefs/green.md", "title: Green\ndate: 2025-02-01\nregion: Gulf\ntlp: GREEN", "G.\n").brief(
        "briefs/amber.md",
        "title: Amber\ndate: 2025-03-01\nregion: Gulf\nactors: [Loner]\ntlp: AMBER",
        "A.\n",
    );
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:4747/".into()),
        audience: Some("partners".into()),
        ..BuildOptions::default()
    };
    let (mut live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok(), "{:?}", first.diagnostics);
    assert!(site.path("public/briefs/amber/index.html").is_file());
    for (partners, amber) in [("GREEN", false), ("CLEAR", false), ("AMBER", true)] {
        site.write("site.yaml", &config(partners));
        let outcome = live.apply(&[Change::Config]);
        assert!(outcome.ok(), "{partners}: {:?}", outcome.diagnostics);
        let reference = tempfile::tempdir().unwrap();
        let out = reference.path().join("out");
        assert!(build(&BuildOptions { output_dir: Some(out.clone()), ..opts.clone() }).ok());
        let d = differences(&snapshot(&site.path("public")), &snapshot(&out));
        assert!(d.is_empty(), "partners: {partners}: live / clean:\n{}", d.join("\n"));
        assert_eq!(site.path("public/briefs/amber/index.html").is_file(), amber, "partners: {partners}");
    }
}
