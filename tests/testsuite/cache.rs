//! The persistent build cache (`.dossier-cache/`): a build that reuses it writes exactly what a
//! clean build without it writes, after every step of a randomised sequence of edits (bodies,
//! links, images, briefs added, deleted and renamed, options, highlight themes, partials); a
//! damaged or foreign cache is never trusted; an edit re-renders only what it touches; the
//! cache does not grow without bound; `--no-cache` and `dossier clean` do what they say.

use std::path::{Path, PathBuf};

use dossier::build::{BuildReport, build};
use dossier::options::BuildOptions;

use crate::incremental::{Rng, brief_with_images, override_partial};
use crate::prelude::*;

/// A build of `site` into `out`, through the cache at `cache` when given.
fn build_into(site: &Site, out: &Path, cache: Option<&Path>) -> BuildReport {
    build(&BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        cache: cache.map(Path::to_path_buf),
        ..BuildOptions::default()
    })
}

/// The site's cache folder, as the command line places it.
fn cache_of(site: &Site) -> PathBuf {
    site.path(".dossier-cache")
}

/// Every entry in the cache's packs: its pack file, and where its head starts and ends there
/// (a head starts with its magic, and runs to the next one or to the end of the file; the HTML
/// is in the pack's second file).
fn entries(cache: &Path) -> Vec<(PathBuf, usize, usize)> {
    const MAGIC: &[u8] = b"dossier-md2\n";
    let mut out = Vec::new();
    for f in std::fs::read_dir(cache.join("markdown")).into_iter().flatten().flatten() {
        if !f.file_name().to_string_lossy().starts_with("pack-") {
            continue;
        }
        let bytes = std::fs::read(f.path()).unwrap();
        let starts: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i..].starts_with(MAGIC)).collect();
        for (k, &s) in starts.iter().enumerate() {
            out.push((f.path(), s, starts.get(k + 1).copied().unwrap_or(bytes.len())));
        }
    }
    out.sort();
    out
}

/// Assert two output folders hold the same files, byte for byte.
fn assert_same_output(a: &Path, b: &Path, step: &str) {
    let (a, b) = (snapshot(a), snapshot(b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{step}: different file lists");
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{step}: {name} differs from a clean build");
    }
}

/// A brief body with code in several languages, quotes (smart punctuation) and its links.
fn with_code(rng: &mut Rng, text: String) -> String {
    let blocks = [
        "```python\ndef f(x):\n    return {\"a\": x}  # note\n```\n",
        "```rust\nfn main() { println!(\"{}\", 1 << 2); }\n```\n",
        "```sql\nSELECT a, COUNT(*) FROM t WHERE b = 'x';\n```\n",
        "```json\n{\"k\": [1, 2, {\"n\": null}]}\n```\n",
        "```bash\nset -euo pipefail\ncurl -sS \"$URL\" | jq '.items[]'\n```\n",
    ];
    let block = blocks[rng.below(blocks.len())];
    format!("{text}\n\"Quoted\" -- and 'single' ... words.\n\n{block}")
}

#[test]
fn random_edits_through_the_cache_build_what_a_clean_build_does() {
    let site = Site::new();
    let config = |smart: bool, theme: &str| {
        format!(
            "title: Cache\nbase_url: https://example.org/\npaginate_by: 3\nmarkdown:\n  smart_punctuation: {smart}\n  highlight_theme: \"{theme}\"\n"
        )
    };
    site.write("site.yaml", &config(true, "InspiredGitHub"));
    let mut rng = Rng(0xcac4_e5ee_d000_0001);
    let mut briefs: Vec<String> = Vec::new();
    let mut images: Vec<String> = Vec::new();
    for i in 0..10 {
        let rel = format!("briefs/b{i}.md");
        // No links yet: edits add them (and the dangling ones a rename or deletion leaves).
        let text = brief_with_images(&mut rng, &format!("Brief {i}"), &[], &images);
        let text = with_code(&mut rng, text);
        site.write(&format!("content/{rel}"), &text);
        briefs.push(rel);
    }
    let (out, cache) = (site.path("public"), cache_of(&site));
    let reference = tempfile::tempdir().unwrap();
    let clean_out = reference.path().join("out");
    let first = build_into(&site, &out, Some(&cache));
    assert!(first.ok(), "{:?}", first.diagnostics.sorted());
    // Every published brief rendered (a draft is not).
    assert!(first.cache.is_some_and(|c| c.reused == 0 && c.rendered >= 8), "{:?}", first.cache);
    let (mut reused_any, mut kept_any) = (false, false);
    for step in 0..60 {
        let what: String = match rng.below(10) {
            // Edit one brief: only it renders again (unless its links moved).
            0..=2 => {
                let rel = briefs[rng.below(briefs.len())].clone();
                let others: Vec<String> = briefs.iter().filter(|b| **b != rel).cloned().collect();
                let text = brief_with_images(&mut rng, &format!("Edited {step}"), &others, &images);
                site.write(&format!("content/{rel}"), &with_code(&mut rng, text));
                format!("edit {rel}")
            }
            3 => {
                let rel = format!("briefs/new{step}.md");
                let text = brief_with_images(&mut rng, &format!("New {step}"), &briefs, &images);
                site.write(&format!("content/{rel}"), &with_code(&mut rng, text));
                briefs.push(rel.clone());
                format!("add {rel}")
            }
            // Renaming a brief moves every link to it: the briefs linking to it render again.
            4 => {
                let i = rng.below(briefs.len());
                let new = format!("briefs/moved{step}.md");
                std::fs::rename(site.path(&format!("content/{}", briefs[i])), site.path(&format!("content/{new}")))
                    .unwrap();
                let old = std::mem::replace(&mut briefs[i], new.clone());
                format!("rename {old} -> {new}")
            }
            5 if briefs.len() > 4 => {
                let rel = briefs.remove(rng.below(briefs.len()));
                std::fs::remove_file(site.path(&format!("content/{rel}"))).unwrap();
                format!("delete {rel}")
            }
            // An image's new size must reach every brief that shows it.
            6 => {
                let rel = format!("briefs/img{}.png", rng.below(3));
                let (w, h) = (1 + rng.below(50) as u32, 1 + rng.below(50) as u32);
                site.write_bytes(&format!("content/{rel}"), &png(w, h));
                if !images.contains(&rel) {
                    images.push(rel.clone());
                }
                format!("image {rel} {w}x{h}")
            }
            7 => {
                let smart = rng.below(2) == 0;
                let theme = ["InspiredGitHub", "base16-ocean.light", "Solarized (light)"][rng.below(3)];
                site.write("site.yaml", &config(smart, theme));
                format!("config smart={smart} theme={theme}")
            }
            8 => override_partial(&site, &mut rng, step),
            _ => continue,
        };
        let cached = build_into(&site, &out, Some(&cache));
        let clean = build_into(&site, &clean_out, None);
        assert_eq!(cached.ok(), clean.ok(), "step {step} ({what}): the two builds disagree on success");
        if !clean.ok() {
            // A rename or deletion left a link dangling: both fail alike; repair as a user would.
            assert_eq!(cached.diagnostics.sorted(), clean.diagnostics.sorted(), "step {step} ({what})");
            for rel in &briefs {
                let text = brief_with_images(&mut rng, &format!("Repaired {step}"), &[], &images);
                site.write(&format!("content/{rel}"), &with_code(&mut rng, text));
            }
            assert!(build_into(&site, &out, Some(&cache)).ok(), "step {step}: repair failed");
            assert!(build_into(&site, &clean_out, None).ok(), "step {step}: repair failed");
        }
        let said = |r: &BuildReport| r.diagnostics.sorted().iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
        assert_eq!(said(&cached), said(&clean), "step {step} ({what}): the two builds say different things");
        let stats = cached.cache.expect("the build had a cache");
        reused_any |= stats.reused > 0;
        kept_any |= stats.pages_kept > 0;
        assert_eq!(stats.damaged, 0, "step {step} ({what})");
        assert_same_output(&out, &clean_out, &format!("step {step} ({what})"));
    }
    assert!(reused_any && kept_any, "the cache was never reused ({reused_any}) or no page kept ({kept_any})");
}

#[test]
fn an_edit_renders_only_the_briefs_it_touches() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    for i in 0..6 {
        let link = if i == 5 { "See [the first](b0.md).\n" } else { "" };
        site.brief(
            &format!("briefs/b{i}.md"),
            &format!("title: Brief {i}\ndate: 2026-01-0{}\nregion: Gulf", i + 1),
            &format!("Body {i}.\n\n{link}\n```python\nprint({i})\n```\n"),
        );
    }
    let (out, cache) = (site.path("public"), cache_of(&site));
    let first = build_into(&site, &out, Some(&cache)).cache.unwrap();
    assert_eq!((first.reused, first.rendered, first.pages_kept), (0, 6, 0));
    // The second build writes into a new folder; the third into the first build's output,
    // whose pages it keeps, every one (the output the last build swapped out is reused).
    assert_eq!(build_into(&site, &out, Some(&cache)).cache.map(|c| (c.reused, c.rendered)), Some((6, 0)));
    let third = build_into(&site, &out, Some(&cache)).cache.unwrap();
    assert_eq!((third.reused, third.pages_rendered), (6, 0), "{third:?}");
    assert!(third.pages_kept > 20, "{third:?}");
    // One body changed: one brief renders, and only the pages that show it.
    site.brief("briefs/b3.md", "title: Brief 3\ndate: 2026-01-04\nregion: Gulf", "A new body.\n");
    let edited = build_into(&site, &out, Some(&cache)).cache.unwrap();
    assert_eq!((edited.reused, edited.rendered), (5, 1));
    // On a site this small one brief is on most lists, but the other briefs' pages are kept.
    assert!(edited.pages_rendered > 0 && edited.pages_kept >= 5, "{edited:?}");
    assert!(site.html("briefs/b3/index.html").html().contains("A new body."));
    // Touching a kept file (a hand edit of the output) is noticed: it is written again.
    let page = site.path("public/briefs/b1/index.html");
    let before = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"tampered").unwrap();
    build_into(&site, &out, Some(&cache));
    build_into(&site, &out, Some(&cache));
    assert_eq!(std::fs::read(&page).unwrap(), before, "a tampered page was kept");
    // b0 moves (a new URL from its slug): b0 renders, and b5, whose link now points elsewhere.
    site.brief(
        "briefs/b0.md",
        "title: Brief 0\nslug: first\ndate: 2026-01-01\nregion: Gulf",
        "Body 0.\n\n```python\nprint(0)\n```\n",
    );
    let r = build_into(&site, &out, Some(&cache));
    assert!(r.ok(), "{:?}", r.diagnostics.sorted());
    assert_eq!(r.cache.map(|c| (c.reused, c.rendered)), Some((4, 2)));
    assert!(site.html("briefs/b5/index.html").html().contains("/briefs/first/"));
}

#[test]
fn a_damaged_cache_is_never_trusted_and_is_repaired() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    for i in 0..4 {
        site.brief(
            &format!("briefs/b{i}.md"),
            &format!("title: Brief {i}\ndate: 2026-02-0{}\nregion: Levant", i + 1),
            &format!("Body {i} with `code`.\n\n```rust\nfn f() -> u8 {{ {i} }}\n```\n"),
        );
    }
    let (out, cache) = (site.path("public"), cache_of(&site));
    assert!(build_into(&site, &out, Some(&cache)).ok());
    let found = entries(&cache);
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|(pack, _, _)| pack == &found[0].0), "one build, one pack");
    // Damage each entry differently: garbage, one byte flipped in the HTML (which a build
    // reads apart from the rest, only for a page it renders), an entry swapped for another's
    // (the right format, the wrong key), and the last one cut short.
    let pack = found[0].0.clone();
    let mut bytes = std::fs::read(&pack).unwrap();
    let original = bytes.clone();
    let at_of = |k: usize| (found[k].1, found[k].2);
    let (a, b, c, d) = (at_of(0), at_of(1), at_of(2), at_of(3));
    bytes[a.0..a.0 + 19].copy_from_slice(b"not an entry at all");
    // The HTML is in the pack's second file: that of the brief whose head is `b`.
    let which = bytes[b.0..b.1].windows(5).position(|w| w.starts_with(b"Body ")).expect("the summary is in the head");
    let mut heading = b"<p>Body ".to_vec();
    heading.push(bytes[b.0 + which + 5]);
    let html_file = pack.with_file_name(pack.file_name().unwrap().to_string_lossy().replace("pack-", "html-"));
    let mut html = std::fs::read(&html_file).unwrap();
    let at = html.windows(heading.len()).position(|w| w == heading).expect("the HTML is in the pack's HTML file");
    html[at + 3] = b'X';
    std::fs::write(&html_file, &html).unwrap();
    bytes[c.0..c.0 + 40].copy_from_slice(&original[a.0..a.0 + 40]);
    bytes.truncate(d.0 + (d.1 - d.0) / 2);
    std::fs::write(&pack, &bytes).unwrap();
    let r = build_into(&site, &out, Some(&cache));
    assert!(r.ok(), "{:?}", r.diagnostics.sorted());
    assert_eq!(r.cache.map(|c| (c.reused, c.rendered, c.damaged)), Some((0, 4, 4)));
    let warnings: Vec<String> = r.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        warnings.iter().any(|m| m.contains("4 entries of the build cache") && m.contains("damaged")),
        "{warnings:?}"
    );
    let reference = tempfile::tempdir().unwrap();
    assert!(build_into(&site, &reference.path().join("out"), None).ok());
    assert_same_output(&out, &reference.path().join("out"), "after damage");
    // Repaired: the next build reuses all four and says nothing.
    let r = build_into(&site, &out, Some(&cache));
    assert_eq!(r.cache.map(|c| (c.reused, c.damaged)), Some((4, 0)));
    assert!(r.diagnostics.iter().all(|d| !d.message.contains("cache")));
    // A damaged index: nothing it names is used, everything is rendered afresh with a warning,
    // and the next build finds the new renderings.
    std::fs::write(cache.join("markdown/index"), b"dossier-ix2\nnot an index at all").unwrap();
    let r = build_into(&site, &out, Some(&cache));
    assert!(r.ok(), "{:?}", r.diagnostics.sorted());
    assert_eq!(r.cache.map(|c| (c.reused, c.rendered)), Some((0, 4)));
    assert!(r.diagnostics.iter().any(|d| d.message.contains("damaged")), "{:?}", r.diagnostics.sorted());
    assert_same_output(&out, &reference.path().join("out"), "after a damaged index");
    assert_eq!(build_into(&site, &out, Some(&cache)).cache.map(|c| (c.reused, c.damaged)), Some((4, 0)));
    assert_eq!(entries(&cache).len(), 4, "packs no index names are removed");
}

#[test]
fn a_folder_that_is_not_a_dossier_cache_is_left_alone() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    site.brief("briefs/a.md", "title: A\ndate: 2026-03-01\nregion: Sahel", "Body.\n");
    site.write(".dossier-cache/notes.txt", "mine");
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("not using the build cache") && run.stderr.contains("left alone"), "{}", run.stderr);
    assert_eq!(list_files(&cache_of(&site)), vec!["notes.txt".to_string()]);
    // `dossier clean` refuses it too, and says so.
    let clean = site.run(&["clean"]);
    assert_eq!(clean.code, 1, "{}", clean.stderr);
    assert!(clean.stderr.contains("not a dossier build cache"), "{}", clean.stderr);
    assert!(site.path(".dossier-cache/notes.txt").is_file());
}

#[test]
fn unused_entries_are_swept_once_they_outnumber_the_used() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    let write_all = |round: usize| {
        for i in 0..5 {
            site.brief(
                &format!("briefs/b{i}.md"),
                &format!("title: Brief {i}\ndate: 2026-04-0{}\nregion: Gulf", i + 1),
                &format!("Round {round}, brief {i}.\n"),
            );
        }
    };
    let (out, cache) = (site.path("public"), cache_of(&site));
    write_all(0);
    assert!(build_into(&site, &out, Some(&cache)).ok());
    write_all(1);
    assert!(build_into(&site, &out, Some(&cache)).ok());
    // Five used, five unused: both kept, so a build of the other kind still finds its own.
    assert_eq!(entries(&cache).len(), 10);
    write_all(2);
    assert!(build_into(&site, &out, Some(&cache)).ok());
    assert_eq!(entries(&cache).len(), 5, "ten unused entries outnumber five used");
    assert_eq!(build_into(&site, &out, Some(&cache)).cache.map(|c| c.reused), Some(5));
}

#[test]
fn the_command_line_keeps_a_cache_unless_told_not_to_and_clean_removes_it() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    site.brief("briefs/a.md", "title: A\ndate: 2026-03-01\nregion: Sahel", "Body.\n\n```go\nfunc main() {}\n```\n");
    site.build_ok(&[]);
    assert_eq!(entries(&cache_of(&site)).len(), 1);
    assert!(std::fs::read_to_string(cache_of(&site).join("CACHEDIR.TAG")).unwrap().starts_with("Signature: 8a477f59"));
    let verbose = site.build_ok(&["--timings"]);
    assert!(verbose.stderr.contains("1 reused, 0 rendered"), "{}", verbose.stderr);
    // Elsewhere, or nowhere.
    let other = tempfile::tempdir().unwrap();
    let dir = other.path().join("c");
    site.build_ok(&["--cache-dir", dir.to_str().unwrap()]);
    assert_eq!(entries(&dir).len(), 1);
    std::fs::remove_dir_all(cache_of(&site)).unwrap();
    site.build_ok(&["--no-cache"]);
    assert!(!cache_of(&site).exists(), "--no-cache made a cache");
    // `clean` removes the output, the previous output kept beside it, and the cache.
    site.build_ok(&[]);
    site.build_ok(&[]);
    assert!(site.path(".public.dossier-prev").is_dir() && cache_of(&site).is_dir());
    let run = site.run(&["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for gone in ["public", ".public.dossier-prev", ".dossier-cache"] {
        assert!(!site.path(gone).exists(), "{gone} is still there");
    }
    assert!(site.path("content/briefs/a.md").is_file());
    assert!(site.run(&["clean"]).stdout.contains("nothing to remove"));
}

#[test]
fn every_language_keeps_its_pages_and_matches_a_clean_build() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: Meridian\nbase_url: https://example.org/\nlanguage: en\nlanguages:\n  en: {}\n  ar:\n    title: ميريديان\n",
    );
    let front = |title: &str| format!("title: {title}\ndate: 2026-02-07\nregion: Gulf\nactors: [Iran]");
    site.brief("briefs/muscat.md", &front("Talks in Muscat"), "English text.\n\n```python\nprint(1)\n```\n");
    site.brief("briefs/muscat.ar.md", &front("محادثات مسقط"), "نص عربي.\n");
    site.brief("briefs/other.md", &front("Other"), "See [the talks](muscat.md).\n");
    let (out, cache) = (site.path("public"), cache_of(&site));
    let reference = tempfile::tempdir().unwrap();
    let clean_out = reference.path().join("out");
    let steps: [(&str, &dyn Fn()); 5] = [
        ("first", &|| {}),
        ("second", &|| {}),
        ("edit the Arabic body", &|| {
            site.brief("briefs/muscat.ar.md", &front("محادثات مسقط"), "نص جديد.\n");
        }),
        ("edit an English body", &|| {
            site.brief("briefs/other.md", &front("Other"), "See [the talks](muscat.md) again.\n");
        }),
        // Every page names its translations: all render again, as in the preview.
        ("a new translation", &|| {
            site.brief("briefs/other.ar.md", &front("أخرى"), "انظر.\n");
        }),
    ];
    let mut kept = Vec::new();
    for (what, edit) in steps {
        edit();
        let cached = build_into(&site, &out, Some(&cache));
        assert!(cached.ok(), "{what}: {:?}", cached.diagnostics.sorted());
        assert!(build_into(&site, &clean_out, None).ok());
        assert_same_output(&out, &clean_out, what);
        kept.push(cached.cache.unwrap().pages_kept);
    }
    assert!(kept[2] > 0 && kept[3] > 0, "no page kept: {kept:?}");
    assert!(site.html("ar/briefs/muscat/index.html").html().contains("نص جديد"));
}

#[test]
fn the_preview_renders_through_the_cache_unless_told_not_to() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    site.brief("briefs/a.md", "title: A\ndate: 2026-03-01\nregion: Sahel", "Body.\n\n```go\nfunc main() {}\n```\n");
    site.build_ok(&["--no-cache"]);
    assert!(!cache_of(&site).exists());
    let server = crate::http::Server::start(site.root(), &["--no-cache"]);
    assert_eq!(crate::http::get(server.port, "/briefs/a/").status, 200);
    server.stop();
    assert!(!cache_of(&site).exists(), "serve --no-cache made a cache");
    let server = crate::http::Server::start(site.root(), &[]);
    let page = crate::http::get(server.port, "/briefs/a/");
    assert_eq!(page.status, 200);
    server.stop();
    assert_eq!(entries(&cache_of(&site)).len(), 1, "the preview's rendering was not kept");
}

#[test]
fn pages_are_kept_wherever_the_site_is_named_from() {
    let site = Site::new();
    site.write("site.yaml", "title: Cache\nbase_url: https://example.org/\n");
    site.brief("briefs/a.md", "title: A\ndate: 2026-03-01\nregion: Sahel", "Body.\n");
    let (out, cache) = (site.path("public"), cache_of(&site));
    build_into(&site, &out, Some(&cache));
    build_into(&site, &out, Some(&cache));
    // The same site through another path (a CI runner's checkout, a link): its pages are the
    // same pages, and a `--drafts` build's are not.
    let other = tempfile::tempdir().unwrap();
    let link = other.path().join("site");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();
    let opts = |drafts: bool| BuildOptions {
        root: link.clone(),
        output_dir: Some(out.clone()),
        cache: Some(cache.clone()),
        drafts,
        ..BuildOptions::default()
    };
    let r = build(&opts(false));
    assert!(r.ok() && r.cache.is_some_and(|c| c.pages_kept > 0 && c.pages_rendered == 0), "{:?}", r.cache);
    let r = build(&opts(true));
    assert!(r.ok() && r.cache.is_some_and(|c| c.pages_kept == 0), "{:?}", r.cache);
}
