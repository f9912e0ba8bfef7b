//! Incremental rebuilds stay honest: after every step of a long, randomised sequence of edits,
//! the live output is byte-identical to a clean full build of the same files; an edit renders
//! only the pages that depend on it, and an edit to a supersedes link or a term's description
//! updates every page that shows it. The preview's deferred exports are written once it settles. Driven through the library (`Live`), not the binary.

use std::path::Path;

use dossier::build::build;
use dossier::options::BuildOptions;
use dossier::serve::rebuild::Live;
use dossier::serve::watch::Change;

use crate::prelude::*;

/// Small deterministic generator (xorshift), so a failure replays exactly.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const REGIONS: &[&str] = &["Gulf", "Levant", "Sahel", "East Asia", "Côte d'Ivoire"];
const ACTORS: &[&str] = &["Iran", "Oman", "United States", "ECOWAS", "China", "IAEA"];
const TAGS: &[&str] = &["diplomacy", "nuclear", "energy", "sanctions"];

fn brief_text(rng: &mut Rng, title: &str, others: &[String]) -> String {
    brief_with_images(rng, title, others, &[])
}

/// `brief_text`, now and then showing one of `images` (content paths) and linking to a
/// section of another brief.
pub(crate) fn brief_with_images(rng: &mut Rng, title: &str, others: &[String], images: &[String]) -> String {
    let day = 1 + rng.below(28);
    let month = 1 + rng.below(12);
    let year = 2023 + rng.below(4);
    let region = if rng.below(2) == 0 {
        rng.pick(REGIONS).to_string()
    } else {
        format!("[{}, {}]", rng.pick(REGIONS), rng.pick(REGIONS))
    };
    let actors = [rng.pick(ACTORS), rng.pick(ACTORS)].join(", ");
    let tag = rng.pick(TAGS);
    let draft = if rng.below(8) == 0 { "draft: true\n" } else { "" };
    let mut link = if !others.is_empty() && rng.below(2) == 0 {
        let section = ["", "#section-two", "#detail"][rng.below(3)];
        format!("See [another brief](@/{}{section}).\n", others[rng.below(others.len())])
    } else {
        String::new()
    };
    if !images.is_empty() && rng.below(2) == 0 {
        link.push_str(&format!("\n![A figure](@/{})\n", images[rng.below(images.len())]));
    }
    // Analytic fields: confidence, and now and then a brief this one supersedes (which can
    // clash, as edits do; the loop repairs failed steps).
    let confidence = ["", "confidence: low\n", "confidence: high\n"][rng.below(3)];
    let supersedes = if !others.is_empty() && rng.below(4) == 0 {
        format!("supersedes: {}\n", others[rng.below(others.len())])
    } else {
        String::new()
    };
    format!(
        "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{day:02}\nregion: {region}\nactors: [{actors}]\ntags: [{tag}]\n{draft}{confidence}{supersedes}---\n## Section one\n\nBody of {title}.\n\n{link}\n## Section two\n\nMore.\n\n### Detail\n\nEnd.\n"
    )
}

/// Override one of two partials the theme's pages depend on in different ways, or remove the
/// override: the card of a brief in lists (`partials/brief_item.html`, rendered by code for
/// every list that shows cards) or the pagination (`partials/pagination.html`, included by
/// every paginated list). Says what it did.
pub(crate) fn override_partial(site: &Site, rng: &mut Rng, step: usize) -> String {
    let (name, text) = match rng.below(2) {
        0 => (
            "partials/brief_item.html",
            format!("<li class=\"item-{step}\"><a href=\"{{{{ item.url }}}}\">{{{{ item.title }}}}</a></li>\n"),
        ),
        _ => (
            "partials/pagination.html",
            format!("{{%- if paginator %}}<nav class=\"s{step}\">{{{{ paginator.number }}}}</nav>{{%- endif %}}\n"),
        ),
    };
    let p = site.path(&format!("templates/{name}"));
    if p.exists() && rng.below(2) == 0 {
        std::fs::remove_file(&p).unwrap();
        format!("remove the override of {name}")
    } else {
        site.write(&format!("templates/{name}"), &text);
        format!("override {name}")
    }
}

/// The preview of `site`, started, writing into `site/public` with links to a fixed address
/// (as `clean_build`'s, so the two outputs compare byte for byte).
fn start_live(site: &Site) -> Live {
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(site.path("public")),
        base_url: Some("http://127.0.0.1:4747/".into()),
        ..BuildOptions::default()
    };
    let (live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok());
    live
}

/// Build `site` afresh into `reference` and check that the preview's output is the same,
/// file for file and byte for byte; `what` says after which step.
fn assert_same_as_clean(site: &Site, reference: &Path, what: &str) {
    clean_build(site.root(), reference);
    let (live_files, clean_files) = (snapshot(&site.path("public")), snapshot(reference));
    assert_eq!(
        live_files.keys().collect::<Vec<_>>(),
        clean_files.keys().collect::<Vec<_>>(),
        "{what}: different file lists"
    );
    for (name, bytes) in &live_files {
        assert!(bytes == &clean_files[name], "{what}: {name} differs from a clean build");
    }
}

fn clean_build(root: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let r = build(&BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1:4747/".into()),
        ..BuildOptions::default()
    });
    assert!(r.ok(), "clean build failed: {:?}", r.diagnostics.sorted());
}

#[test]
fn randomised_edits_match_a_clean_build_at_every_step() {
    let site = Site::new();
    // Small pages, so edits move briefs across pagination boundaries.
    site.write("site.yaml", "title: Test Briefs\nbase_url: https://example.org/\npaginate_by: 3\n");
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut briefs: Vec<String> = Vec::new();
    for i in 0..8 {
        let rel = format!("briefs/b{i}.md");
        let text = brief_text(&mut rng, &format!("Brief {i}"), &briefs);
        site.write(&format!("content/{rel}"), &text);
        briefs.push(rel);
    }
    site.write("content/about.md", "---\nkind: page\ntitle: About\n---\nWe write briefs.\n");
    let mut live = start_live(&site);
    let reference = tempfile::tempdir().unwrap();
    let mut next_id = 100;
    let mut broken: Option<String> = None;
    let mut images: Vec<String> = Vec::new();
    for step in 0..150 {
        let mut changes = Vec::new();
        let op = rng.below(17);
        let what;
        match op {
            // Add a brief.
            0 | 1 => {
                let rel = format!("briefs/new{next_id}.md");
                next_id += 1;
                let text = brief_text(&mut rng, &format!("New {next_id}"), &briefs);
                site.write(&format!("content/{rel}"), &text);
                changes.push(Change::Content(rel.clone()));
                what = format!("add {rel}");
                briefs.push(rel);
            }
            // Rewrite a brief's front matter and body.
            2..=4 if !briefs.is_empty() => {
                let rel = briefs[rng.below(briefs.len())].clone();
                let others: Vec<String> = briefs.iter().filter(|b| **b != rel).cloned().collect();
                let text = brief_with_images(&mut rng, &format!("Edited {step}"), &others, &images);
                site.write(&format!("content/{rel}"), &text);
                changes.push(Change::Content(rel.clone()));
                what = format!("edit {rel}");
            }
            // Delete a brief (links to it must then fail, so drop links first by rewriting).
            5 if briefs.len() > 3 => {
                let rel = briefs.remove(rng.below(briefs.len()));
                std::fs::remove_file(site.path(&format!("content/{rel}"))).unwrap();
                changes.push(Change::Content(rel.clone()));
                what = format!("delete {rel}");
            }
            // Rename a brief, possibly into a subfolder.
            6 if !briefs.is_empty() => {
                let i = rng.below(briefs.len());
                let old = briefs[i].clone();
                let new =
                    if rng.below(2) == 0 { format!("briefs/sub/r{step}.md") } else { format!("briefs/r{step}.md") };
                std::fs::create_dir_all(site.path("content/briefs/sub")).unwrap();
                std::fs::rename(site.path(&format!("content/{old}")), site.path(&format!("content/{new}"))).unwrap();
                briefs[i] = new.clone();
                changes.push(Change::Content(old.clone()));
                changes.push(Change::Content(new.clone()));
                what = format!("rename {old} -> {new}");
            }
            // Edit, add or remove an override of a partial.
            7 => {
                what = override_partial(&site, &mut rng, step);
                changes.push(Change::Template);
            }
            // Change a static file.
            8 => {
                site.write("static/extra.css", &format!("/* step {step} */ body {{ margin: {step}px }}"));
                changes.push(Change::Static("extra.css".into()));
                what = "static css".into();
            }
            // Break a brief, then fix it on a later step.
            9 if broken.is_none() && !briefs.is_empty() => {
                let rel = briefs[rng.below(briefs.len())].clone();
                let good = std::fs::read_to_string(site.path(&format!("content/{rel}"))).unwrap();
                site.write(&format!("content/{rel}"), "---\ntitle: [unclosed\n---\n");
                changes.push(Change::Content(rel.clone()));
                what = format!("break {rel}");
                broken = Some(good);
                let outcome = live.apply(&changes);
                assert!(!outcome.ok(), "step {step}: a broken brief must fail the rebuild");
                // Put it back right away but report it as a separate change.
                site.write(&format!("content/{rel}"), broken.take().as_deref().unwrap());
                changes = vec![Change::Content(rel)];
            }
            // Change the config.
            10 => {
                site.write(
                    "site.yaml",
                    &format!(
                        "title: Test Briefs {step}\nbase_url: https://example.org/\npaginate_by: {}\n",
                        2 + step % 3
                    ),
                );
                changes.push(Change::Config);
                what = "config".into();
            }
            // Add or replace an image (a new size for the briefs showing it).
            11 => {
                let rel = format!("briefs/img{}.png", rng.below(4));
                let (w, h) = (1 + rng.below(60) as u32, 1 + rng.below(40) as u32);
                site.write_bytes(&format!("content/{rel}"), &png(w, h));
                changes.push(Change::Content(rel.clone()));
                what = format!("image {rel} {w}x{h}");
                if !images.contains(&rel) {
                    images.push(rel);
                }
            }
            // Delete an image (the briefs showing it then fail, as in a clean build).
            12 if !images.is_empty() => {
                let rel = images.remove(rng.below(images.len()));
                std::fs::remove_file(site.path(&format!("content/{rel}"))).unwrap();
                changes.push(Change::Content(rel.clone()));
                what = format!("delete {rel}");
            }
            // Add a bundle: a new folder with its page and its image, announced as the folder.
            13 => {
                let dir = format!("briefs/bundle{step}");
                site.write_bytes(&format!("content/{dir}/chart.png"), &png(1 + rng.below(30) as u32, 7));
                let text = brief_text(&mut rng, &format!("Bundle {step}"), &[]);
                site.write(&format!("content/{dir}/index.md"), &format!("{text}\n![Chart](chart.png)\n"));
                changes.push(Change::Content(dir.clone()));
                what = format!("add bundle {dir}");
                briefs.push(format!("{dir}/index.md"));
            }
            // Edit a brief in place: what it says and how it is judged (title, summary,
            // confidence, update date, body), never its date, terms or links, so the model keeps
            // its shape and the preview signs again only what reads the brief or a moved fact.
            14 | 15 if !briefs.is_empty() => {
                let rel = briefs[rng.below(briefs.len())].clone();
                let text = std::fs::read_to_string(site.path(&format!("content/{rel}"))).unwrap();
                let Some((front, body)) = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")) else {
                    continue;
                };
                let replaced = ["title:", "summary:", "confidence:", "updated:"];
                let mut lines: Vec<String> =
                    front.lines().filter(|l| !replaced.iter().any(|k| l.starts_with(k))).map(str::to_string).collect();
                lines.push(format!("title: \"Retitled {step}\""));
                if rng.below(2) == 0 {
                    lines.push(format!("summary: \"Summary {step}\""));
                }
                lines.push(["", "confidence: low", "confidence: moderate", "confidence: high"][rng.below(4)].into());
                if rng.below(2) == 0 {
                    lines.push(format!("updated: 2027-01-{:02}", 1 + rng.below(28)));
                }
                let front = lines.into_iter().filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
                site.write(&format!("content/{rel}"), &format!("---\n{front}\n---\n{body}\nRevised at step {step}.\n"));
                changes.push(Change::Content(rel.clone()));
                what = format!("edit {rel} in place");
            }
            // Edit the standalone page in place: its title is in every page's navigation.
            16 => {
                let text = format!("---\nkind: page\ntitle: About {step}\n---\nWe write briefs, step {step}.\n");
                site.write("content/about.md", &text);
                changes.push(Change::Content("about.md".into()));
                what = "edit about.md".into();
            }
            _ => continue,
        }
        // As the preview loop does, most steps leave the whole-archive exports for later, and
        // some steps pile a second change on top of exports not yet written.
        let deferring = rng.below(3) > 0;
        let outcome = if deferring { live.apply_deferring(&changes) } else { live.apply(&changes) };
        if deferring && live.pending() && rng.below(3) == 0 {
            continue;
        }
        if live.pending() {
            assert!(live.settle().ok(), "step {step} ({what}): writing the exports left for later failed");
        }
        assert!(!live.pending(), "step {step} ({what}): exports still pending after settle");
        // A deleted or renamed brief can leave links dangling: that must fail like a clean build.
        let ok_clean = {
            let r = build(&BuildOptions {
                root: site.root().to_path_buf(),
                output_dir: Some(reference.path().join("out")),
                base_url: Some("http://127.0.0.1:4747/".into()),
                ..BuildOptions::default()
            });
            r.ok()
        };
        assert_eq!(outcome.ok(), ok_clean, "step {step} ({what}): live and clean builds disagree on success");
        if !ok_clean {
            // Repair dangling links by rewriting every brief without links, as a user would.
            let mut fix = Vec::new();
            for rel in &briefs {
                let text = brief_text(&mut rng, &format!("Repaired {step}"), &[]);
                site.write(&format!("content/{rel}"), &text);
                fix.push(Change::Content(rel.clone()));
            }
            assert!(live.apply(&fix).ok(), "step {step}: repair failed");
        }
        assert_same_as_clean(&site, &reference.path().join("out"), &format!("step {step} ({what})"));
    }
}

/// A site of 30 briefs over three regions and five actors, `briefs/b00.md` to `b29.md`.
fn thirty_briefs() -> Site {
    let site = Site::new();
    for i in 0..30 {
        site.brief(
            &format!("briefs/b{i:02}.md"),
            &format!("title: B{i}\ndate: 2025-01-{:02}\nregion: {}\nactors: [A{}]", 1 + i % 28, REGIONS[i % 3], i % 5),
            "Body.\n",
        );
    }
    site
}

#[test]
fn editing_one_brief_renders_only_what_depends_on_it() {
    let site = thirty_briefs();
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let (mut live, _) = Live::start(&opts).unwrap();
    site.brief("briefs/b10.md", "title: B10 renamed\ndate: 2025-01-11\nregion: Levant\nactors: [A0]", "Body.\n");
    let o = live.apply(&[Change::Content("briefs/b10.md".into())]);
    assert!(o.ok());
    // Its page, two neighbours, home, timeline, its old and new region and actor
    // term pages, their feeds (Atom and JSON), the site feeds, the sitemap (term counts moved)
    // and the data exports: far fewer than the 150-odd pages and files of the site.
    assert!(o.rendered >= 5 && o.rendered <= 32, "rendered {}", o.rendered);
    let doc = site.html("briefs/b10/index.html");
    assert_eq!(texts(&doc, "h1"), ["B10 renamed"]);
    // Nothing changed: nothing rendered, nothing written.
    let o = live.apply(&[Change::Content("briefs/b10.md".into())]);
    assert_eq!((o.rendered, o.written), (0, 0));
}

#[test]
fn a_save_through_a_temporary_file_renamed_over_the_brief_costs_what_the_edit_does() {
    // `sed -i` and editors' safe saves write the new text to a temporary file beside the brief
    // (`sedX1b2C3`, no extension) and rename it over the brief: the watcher reports both paths,
    // the temporary one already gone.
    let site = thirty_briefs();
    let mut live = start_live(&site);
    let reference = site.path("reference");
    let edit = |n: usize| format!("title: B10 saved {n}\ndate: 2025-01-11\nregion: Levant\nactors: [A0]");
    // The edit alone, for comparison.
    site.brief("briefs/b10.md", &edit(1), "Body.\n");
    let alone = live.apply(&[Change::Content("briefs/b10.md".into())]);
    assert!(alone.ok());
    // The same edit saved through a temporary file.
    site.brief("briefs/sedX1b2C3", &edit(2), "Body.\n");
    std::fs::rename(site.path("content/briefs/sedX1b2C3"), site.path("content/briefs/b10.md")).unwrap();
    let saved = live.apply(&[Change::Content("briefs/sedX1b2C3".into()), Change::Content("briefs/b10.md".into())]);
    assert!(saved.ok(), "{:?}", saved.diagnostics.sorted());
    assert_eq!(saved.what, alone.what, "the temporary file is not part of the change");
    assert_eq!(saved.pages, alone.pages, "the same pages are rendered");
    assert_same_as_clean(&site, &reference, "after the save through a temporary file");
    // A batch of nothing but such a file changes nothing.
    site.brief("briefs/sedQ9r8S7", &edit(3), "Body.\n");
    std::fs::remove_file(site.path("content/briefs/sedQ9r8S7")).unwrap();
    let none = live.apply(&[Change::Content("briefs/sedQ9r8S7".into())]);
    assert!(none.ok());
    assert_eq!((none.rendered, none.written, none.deleted), (0, 0, 0));
    // A folder that held documents and is gone is still a change: its briefs go.
    std::fs::create_dir_all(site.path("content/briefs/old")).unwrap();
    site.brief("briefs/old/o1.md", "title: Old one\ndate: 2025-02-01\nregion: Levant", "Body.\n");
    assert!(live.apply(&[Change::Content("briefs/old/o1.md".into())]).ok());
    std::fs::rename(site.path("content/briefs/old"), site.path("moved-away")).unwrap();
    assert!(live.apply(&[Change::Content("briefs/old".into())]).ok());
    assert!(!site.path("public/briefs/old-one/index.html").exists());
    assert_same_as_clean(&site, &reference, "after a folder of briefs was moved away");
}

#[test]
fn editing_only_supersedes_updates_both_briefs() {
    let site = Site::new();
    site.brief("briefs/old.md", "title: Old\ndate: 2025-01-01\nregion: Gulf", "Old.\n").brief(
        "briefs/new.md",
        "title: New\ndate: 2026-01-01\nregion: Gulf",
        "New.\n",
    );
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let (mut live, _) = Live::start(&opts).unwrap();
    assert!(texts(&site.html("briefs/old/index.html"), ".banner").is_empty());
    site.brief("briefs/new.md", "title: New\ndate: 2026-01-01\nregion: Gulf\nsupersedes: briefs/old.md", "New.\n");
    assert!(live.apply(&[Change::Content("briefs/new.md".into())]).ok());
    let old = site.html("briefs/old/index.html");
    assert_eq!(attrs(&old, ".banner-superseded a", "href"), ["/briefs/new/"]);
}

#[test]
fn editing_a_term_description_updates_its_page_like_a_clean_build() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2025-01-01\nregion: Gulf\nactors: [Iran]", "A.\n")
        .write("content/actors/iran.md", "---\ntitle: Iran\n---\nFirst text.\n");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let (mut live, _) = Live::start(&opts).unwrap();
    site.write("content/actors/iran.md", "---\ntitle: Iran\n---\nSecond text.\n");
    assert!(live.apply(&[Change::Content("actors/iran.md".into())]).ok());
    assert_eq!(texts(&site.html("actors/iran/index.html"), ".term-description p"), ["Second text."]);
    // Removing it removes the description, and the output matches a clean build.
    std::fs::remove_file(site.path("content/actors/iran.md")).unwrap();
    assert!(live.apply(&[Change::Content("actors/iran.md".into())]).ok());
    assert!(texts(&site.html("actors/iran/index.html"), ".term-description").is_empty());
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("out");
    let r = build(&BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(out.clone()),
        base_url: None,
        ..BuildOptions::default()
    });
    assert!(r.ok());
    assert_eq!(snapshot(&site.path("public")), snapshot(&out));
}

#[test]
fn a_deferring_rebuild_writes_pages_first_and_the_exports_when_it_settles() {
    let site = Site::new();
    for i in 0..6 {
        site.brief(
            &format!("briefs/b{i}.md"),
            &format!("title: B{i}\ndate: 2025-01-0{}\nregion: Gulf", i + 1),
            "Body.\n",
        );
    }
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let (mut live, first) = Live::start(&opts).unwrap();
    assert!(first.ok() && !live.pending(), "a first build writes everything");
    let titles = |site: &Site| -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(site.path("public/briefs.json")).unwrap()).unwrap();
        v["briefs"].as_array().unwrap().iter().map(|b| b["title"].as_str().unwrap().to_string()).collect()
    };
    let csv = |site: &Site| std::fs::read_to_string(site.path("public/briefs.csv")).unwrap();
    site.brief("briefs/b3.md", "title: B3 renamed\ndate: 2025-01-04\nregion: Gulf", "Body.\n");
    let o = live.apply_deferring(&[Change::Content("briefs/b3.md".into())]);
    assert!(o.ok());
    // The page a reader browses is current; the exports of every brief are not yet.
    assert_eq!(texts(&site.html("briefs/b3/index.html"), "h1"), ["B3 renamed"]);
    assert!(texts(&site.html("index.html"), "a").iter().any(|t| t == "B3 renamed"));
    assert!(live.pending());
    assert!(titles(&site).contains(&"B3".to_string()) && !csv(&site).contains("B3 renamed"));
    assert!(o.pages.iter().all(|p| p != "briefs.json" && p != "briefs.csv"), "{:?}", o.pages);
    // A second edit before the pause: both reach the exports when it settles.
    site.brief("briefs/b4.md", "title: B4 renamed\ndate: 2025-01-05\nregion: Gulf", "Body.\n");
    assert!(live.apply_deferring(&[Change::Content("briefs/b4.md".into())]).ok());
    let settled = live.settle();
    assert!(settled.ok() && !live.pending());
    assert!(settled.pages.iter().any(|p| p == "briefs.json"), "{:?}", settled.pages);
    let now = titles(&site);
    assert!(now.contains(&"B3 renamed".to_string()) && now.contains(&"B4 renamed".to_string()), "{now:?}");
    assert!(csv(&site).contains("B4 renamed"));
    // Settling again has nothing to do.
    assert_eq!(live.settle().rendered, 0);
    // A rebuild that fails leaves nothing pending and writes nothing; the next good one
    // brings the exports up to date.
    site.write("content/briefs/b5.md", "---\ntitle: [unclosed\n---\n");
    assert!(!live.apply_deferring(&[Change::Content("briefs/b5.md".into())]).ok());
    assert!(!live.pending());
    site.brief("briefs/b5.md", "title: B5 back\ndate: 2025-01-06\nregion: Gulf", "Body.\n");
    assert!(live.apply_deferring(&[Change::Content("briefs/b5.md".into())]).ok());
    assert!(live.settle().ok());
    assert!(titles(&site).contains(&"B5 back".to_string()));
}

/// Past `MAX_MARKS` briefs the timeline's chart draws monthly bars, and a term's first page
/// profiles its briefs by their dates and terms: an edit of what one brief says renders neither
/// page again unless it lists that brief, and the output stays that of a clean build; an edit
/// that moves a brief's date renders both.
#[test]
fn a_large_site_s_chart_and_term_profiles_follow_dates_and_terms_not_titles() {
    let n = dossier::model::timeline::MAX_MARKS + 20;
    let site = Site::new();
    site.write("site.yaml", "title: Large\nbase_url: https://example.org/\n");
    let day = |i: usize| format!("20{:02}-{:02}-{:02}", 10 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
    let front = |i: usize, title: &str, date: &str| {
        let event = if i.is_multiple_of(50) {
            format!("\nevents:\n  - date: {date}\n    title: Talks {i}")
        } else {
            String::new()
        };
        format!(
            "title: {title}\ndate: {date}\nregion: {}\nactors: [A{}, A{}]{event}",
            REGIONS[i % 2],
            i % 7,
            (i + 3) % 7
        )
    };
    for i in 0..n {
        site.brief(&format!("briefs/b{i:03}.md"), &front(i, &format!("B{i}"), &day(i)), "Body.\n");
    }
    let mut live = start_live(&site);
    let reference = tempfile::tempdir().unwrap();
    let same_as_clean = |what: &str| assert_same_as_clean(&site, &reference.path().join("out"), what);
    // Brief 201 (the Levant, A5 and A1) is in the middle of the archive: on no first page.
    let rel = "briefs/b201.md";
    site.brief(rel, &front(201, "A new title", &day(201)), "Body.\n");
    let o = live.apply(&[Change::Content(rel.into())]);
    assert!(o.ok());
    assert!(o.pages.iter().any(|p| p == "briefs/b201/index.html"), "{:?}", o.pages);
    for first_page in ["timeline/index.html", "regions/levant/index.html", "actors/a5/index.html"] {
        assert!(!o.pages.iter().any(|p| p == first_page), "{first_page} rendered for a title edit: {:?}", o.pages);
    }
    same_as_clean("after a title edit");
    // A brief with an event shows on the chart's list of events.
    let rel = "briefs/b200.md";
    site.brief(rel, &front(200, "Retitled with its event", &day(200)), "Body.\n");
    let o = live.apply(&[Change::Content(rel.into())]);
    assert!(o.pages.iter().any(|p| p == "timeline/index.html"), "{:?}", o.pages);
    same_as_clean("after an edit of a brief with an event");
    // A new date moves the bars and the profiles.
    let rel = "briefs/b201.md";
    site.brief(rel, &front(201, "A new title", "2009-06-15"), "Body.\n");
    let o = live.apply(&[Change::Content(rel.into())]);
    for first_page in ["timeline/index.html", "regions/levant/index.html", "actors/a5/index.html"] {
        assert!(o.pages.iter().any(|p| p == first_page), "{first_page} not rendered for a date edit: {:?}", o.pages);
    }
    same_as_clean("after a date edit");
}

/// A save while the exports are written stops them after the one at hand: one export per
/// settle at least, the rest still pending; an edit then, and a settle that runs through, give
/// the output of a clean build.
#[test]
fn an_interrupted_settle_leaves_the_rest_pending_and_ends_like_a_clean_build() {
    let site = Site::new();
    for i in 0..6 {
        let event = if i == 2 { "\nevents:\n  - date: 2025-02-01\n    title: Talks" } else { "" };
        site.brief(
            &format!("briefs/b{i}.md"),
            &format!("title: B{i}\ndate: 2025-01-0{}\nregion: Gulf{event}", i + 1),
            "Body.\n",
        );
    }
    let mut live = start_live(&site);
    site.brief(
        "briefs/b2.md",
        "title: B2 renamed\ndate: 2025-01-03\nregion: Gulf\nevents:\n  - date: 2025-02-01\n    title: Talks",
        "Body.\n",
    );
    assert!(live.apply_deferring(&[Change::Content("briefs/b2.md".into())]).ok());
    assert!(live.pending());
    let mut settles = 0;
    while live.pending() {
        let o = live.settle_until(&|| true);
        assert!(o.ok());
        assert_eq!(o.rendered, 1, "one export per interrupted settle: {:?}", o.pages);
        settles += 1;
        if settles == 2 {
            // A save in between: its pages now, the exports still to come.
            site.brief("briefs/b4.md", "title: B4 renamed\ndate: 2025-01-05\nregion: Gulf", "Body.\n");
            assert!(live.apply_deferring(&[Change::Content("briefs/b4.md".into())]).ok());
            assert_eq!(texts(&site.html("briefs/b4/index.html"), "h1"), ["B4 renamed"]);
        }
    }
    assert!(settles >= 3, "the exports of every brief are several files: {settles} settles");
    let reference = tempfile::tempdir().unwrap();
    assert_same_as_clean(&site, &reference.path().join("out"), "after interrupted settles");
}
