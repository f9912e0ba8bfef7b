//! What each page is made from is declared once (`Page::inputs`), and the preview obeys it:
//! changing one input renders again exactly the pages that declare it, and every output file
//! whose bytes change is one of them. Driven through the library (`Live`), on a site with
//! pagination, related briefs, a supersedes link, term feeds, a term description and a region
//! hierarchy (the Gulf and the Levant in the Middle East).

use std::collections::BTreeSet;
use std::path::Path;

use dossier::model::{Page, Site as Model};
use dossier::options::BuildOptions;
use dossier::serve::rebuild::Live;
use dossier::serve::watch::Change;

use crate::prelude::*;

const REGIONS: [&str; 3] = ["Gulf", "Levant", "Sahel"];
const ACTORS: [&str; 4] = ["Iran", "Oman", "ECOWAS", "China"];

/// Every brief's body at first: the summary, then a paragraph.
const BODY: &str = "Words of the brief.\n\nThe second paragraph, as written.";

/// A brief's file: its date, terms and title vary with `k`; `body` is its text.
fn brief(k: usize, title: &str, body: &str) -> String {
    let supersedes = if k == 0 { "supersedes: b07.md\n" } else { "" };
    format!(
        "---\ntitle: \"{title}\"\ndate: 2025-{:02}-{:02}\nregion: {}\nactors: [{}, {}]\ntags: [t{}]\nconfidence: {}\n{supersedes}---\n{body}\n",
        1 + k % 12,
        1 + (k * 7) % 27,
        REGIONS[k % 3],
        ACTORS[k % 4],
        ACTORS[(k + 1) % 4],
        k % 2,
        ["low", "moderate", "high"][k % 3],
    )
}

fn site(n: usize) -> Site {
    let s = Site::new();
    s.write(
        "site.yaml",
        "title: Inputs\nbase_url: https://example.org/\npaginate_by: 3\nterm_timelines: true\nexports:\n  ndjson: true\nfeeds:\n  terms: true\n  terms_json: true\n  terms_full_content: true\nregions:\n  Middle East: [Gulf, Levant]\n",
    );
    for k in 0..n {
        s.write(&format!("content/b{k:02}.md"), &brief(k, &format!("Brief {k}"), BODY));
    }
    s.write("content/regions/gulf.md", "---\ntitle: The Gulf\n---\nAbout the Gulf.\n");
    s
}

/// The output paths of the pages that declare brief `i` among their inputs.
fn declaring(model: &Model, i: usize) -> BTreeSet<String> {
    Page::all(model)
        .into_iter()
        .filter(|p| p.inputs(model).briefs().contains(&i))
        .map(|p| p.output_path(model))
        .collect()
}

/// The pages among `before` → `after` whose bytes changed (the search index aside: it is not
/// a page).
fn changed_pages(before: &std::collections::BTreeMap<String, Vec<u8>>, out: &Path) -> BTreeSet<String> {
    let after = snapshot(out);
    after
        .iter()
        .filter(|(path, bytes)| !path.starts_with("search/") && before.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn an_edit_renders_again_exactly_the_pages_that_declare_what_changed() {
    let n = 12;
    let s = site(n);
    let out = s.path("public");
    let opts = BuildOptions { root: s.root().to_path_buf(), output_dir: Some(out.clone()), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).expect("the site opens");
    assert!(first.ok(), "{:?}", first.diagnostics);
    for i in 0..n {
        let source = live.session().site().briefs[i].source.clone();
        let k: usize = source[1..3].parse().expect("bNN.md");
        for (what, title, body) in [
            // A new title changes the brief's view: every page showing the brief.
            ("title", format!("Brief {k}, retitled"), BODY),
            // A new word past the summary (the first paragraph), with the same count, changes
            // only the pages that read the whole brief.
            ("body", format!("Brief {k}, retitled"), "Words of the brief.\n\nThe second paragraph, now changed."),
        ] {
            let declared = declaring(live.session().site(), i);
            let before = snapshot(&out);
            s.write(&format!("content/{source}"), &brief(k, &title, body));
            let outcome = live.apply(&[Change::Content(source.clone())]);
            assert!(outcome.ok(), "{:?}", outcome.diagnostics);
            assert_eq!(live.session().site().briefs[i].source, source, "an edit in place keeps the order");
            let rendered: BTreeSet<String> = outcome.pages.iter().cloned().collect();
            let changed = changed_pages(&before, &out);
            assert!(
                changed.is_subset(&declared),
                "{what} of brief {i}: pages changed without declaring it: {:?}",
                changed.difference(&declared).collect::<Vec<_>>()
            );
            match what {
                "title" => assert_eq!(rendered, declared, "a new title renders every page that declares brief {i}"),
                _ => {
                    let whole: BTreeSet<String> = Page::all(live.session().site())
                        .into_iter()
                        .filter(|p| p.inputs(live.session().site()).documents.contains(&i))
                        .map(|p| p.output_path(live.session().site()))
                        .collect();
                    assert_eq!(rendered, whole, "a body edit renders the pages that read brief {i} whole");
                }
            }
        }
    }
}

#[test]
fn a_term_description_renders_again_only_the_term_s_first_page() {
    let s = site(12);
    let out = s.path("public");
    let opts = BuildOptions { root: s.root().to_path_buf(), output_dir: Some(out.clone()), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).expect("the site opens");
    assert!(first.ok(), "{:?}", first.diagnostics);
    let before = snapshot(&out);
    s.write("content/regions/gulf.md", "---\ntitle: The Gulf states\n---\nAbout the Gulf, again.\n");
    let outcome = live.apply(&[Change::Content("regions/gulf.md".into())]);
    assert!(outcome.ok(), "{:?}", outcome.diagnostics);
    assert_eq!(outcome.pages, ["regions/gulf/index.html"]);
    assert_eq!(changed_pages(&before, &out), BTreeSet::from(["regions/gulf/index.html".to_string()]));
}

#[test]
fn editing_a_brief_filed_under_a_sub_region_renders_again_the_regions_above_it() {
    let s = site(8);
    s.write(
        "site.yaml",
        "title: Inputs\nbase_url: https://example.org/\npaginate_by: 3\nregions:\n  Middle East: [Gulf]\n  Gulf: [Oman]\n",
    );
    s.write("content/oman.md", "---\ntitle: In Oman\ndate: 2025-06-01\nregion: Oman\n---\nWords.\n");
    let out = s.path("public");
    let opts = BuildOptions { root: s.root().to_path_buf(), output_dir: Some(out.clone()), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).expect("the site opens");
    assert!(first.ok(), "{:?}", first.diagnostics);
    s.write("content/oman.md", "---\ntitle: In Oman, retitled\ndate: 2025-06-01\nregion: Oman\n---\nWords.\n");
    let outcome = live.apply(&[Change::Content("oman.md".into())]);
    assert!(outcome.ok(), "{:?}", outcome.diagnostics);
    for page in ["regions/oman/index.html", "regions/gulf/index.html", "regions/middle-east/index.html"] {
        assert!(outcome.pages.iter().any(|p| p == page), "{page} not rendered again: {:?}", outcome.pages);
        let html = std::fs::read_to_string(out.join(page)).expect("the page");
        assert!(html.contains("In Oman, retitled"), "{page} shows the new title");
    }
    for feed in ["regions/gulf/atom.xml", "regions/middle-east/atom.xml"] {
        assert!(outcome.pages.iter().any(|p| p == feed), "{feed} not rendered again: {:?}", outcome.pages);
    }
}

#[test]
fn an_event_edit_changes_only_pages_that_declare_its_brief_and_renders_its_timelines() {
    let s = site(12);
    let out = s.path("public");
    let with_event = |title: &str| {
        brief(3, "Brief 3", BODY)
            .replace("---\nWords", &format!("events:\n  - {{date: 2025-Q2, title: \"{title}\"}}\n---\nWords"))
    };
    s.write("content/b03.md", &with_event("First title"));
    let opts = BuildOptions { root: s.root().to_path_buf(), output_dir: Some(out.clone()), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).expect("the site opens");
    assert!(first.ok(), "{:?}", first.diagnostics);
    let i = live.session().site().briefs.iter().position(|b| b.source == "b03.md").expect("brief 3");
    let declared = declaring(live.session().site(), i);
    let before = snapshot(&out);
    s.write("content/b03.md", &with_event("Second title"));
    let outcome = live.apply(&[Change::Content("b03.md".into())]);
    assert!(outcome.ok(), "{:?}", outcome.diagnostics);
    let changed = changed_pages(&before, &out);
    assert!(changed.is_subset(&declared), "undeclared: {:?}", changed.difference(&declared).collect::<Vec<_>>());
    // The event is on its region's and both its actors' timelines, each page showing it
    // rendered again, and no page still shows the old title.
    let files = snapshot(&out);
    let showing = |t: &str| -> BTreeSet<String> {
        files
            .iter()
            .filter(|(p, b)| p.contains("/timeline/") && String::from_utf8_lossy(b).contains(t))
            .map(|(p, _)| p.clone())
            .collect()
    };
    let shown = showing("Second title");
    let terms: BTreeSet<&str> = shown.iter().map(|p| &p[..p.find("/timeline/").unwrap()]).collect();
    // Gulf is inside the Middle East in this site's hierarchy: its timeline rolls the event up.
    assert_eq!(terms, BTreeSet::from(["actors/china", "actors/iran", "regions/gulf", "regions/middle-east"]));
    assert!(shown.is_subset(&changed));
    assert!(showing("First title").is_empty());
    let rendered: BTreeSet<String> = outcome.pages.iter().cloned().collect();
    assert!(changed.is_subset(&rendered));
}

#[test]
fn a_change_of_who_appears_with_whom_redraws_the_actor_graphs_as_a_fresh_build_draws_them() {
    let s = site(12);
    let out = s.path("public");
    let opts = BuildOptions { root: s.root().to_path_buf(), output_dir: Some(out.clone()), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).expect("the site opens");
    assert!(first.ok(), "{:?}", first.diagnostics);
    let before = snapshot(&out);
    // Brief 1 names Oman and ECOWAS, brief 3 China and Iran: each trades one actor for the
    // other's, so every actor keeps its count and only who appears with whom changes.
    let swap = |k: usize, from: &str, to: &str| {
        let text = brief(k, &format!("Brief {k}"), BODY);
        assert!(text.contains(from), "{text}");
        s.write(&format!("content/b{k:02}.md"), &text.replace(from, to));
    };
    swap(1, "actors: [Oman, ECOWAS]", "actors: [Oman, China]");
    swap(3, "actors: [China, Iran]", "actors: [ECOWAS, Iran]");
    let outcome = live.apply(&[Change::Content("b01.md".into()), Change::Content("b03.md".into())]);
    assert!(outcome.ok(), "{:?}", outcome.diagnostics);
    let rendered: BTreeSet<String> = outcome.pages.iter().cloned().collect();
    for page in ["actors/graph/index.html", "actors/china/index.html", "actors/oman/index.html"] {
        assert!(rendered.contains(page), "{page} not rendered again: {rendered:?}");
    }
    let changed = changed_pages(&before, &out);
    assert!(
        changed.is_subset(&rendered),
        "changed, not rendered: {:?}",
        changed.difference(&rendered).collect::<Vec<_>>()
    );
    // What the preview left on disk is what a fresh build writes.
    let fresh = s.path("fresh");
    let run = run_in(s.root(), &["build", "--output-dir", fresh.to_str().expect("a UTF-8 path")]);
    assert!(run.ok(), "{run:?}");
    let (live_files, fresh_files) = (snapshot(&out), snapshot(&fresh));
    for (path, bytes) in fresh_files.iter().filter(|(p, _)| p.starts_with("actors/")) {
        assert!(live_files.get(path) == Some(bytes), "{path} differs from a fresh build");
    }
}
