//! Social cards: with `social_cards: true`, every published brief that names no picture gets
//! `card.png` (1200×630) beside its page, drawn without a browser, named by its `og:image`; a
//! card already drawn for the same text comes from the cache instead of being drawn again.

use std::path::Path;
use std::process::Command;

use crate::prelude::*;

/// `dossier build` of `site` with the card cache in `cache`.
fn build_with_cache(site: &Site, cache: &Path, extra: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .args(extra)
        .arg("--root")
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(run.ok(), "{run:?}");
    run
}

/// A PNG's width and height, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR", "not a PNG");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn every_published_brief_without_a_picture_gets_a_card_and_cards_come_from_the_cache() {
    let site = Site::new();
    site.write("site.yaml", "title: Desk\nbase_url: https://example.org/analysis/\nsocial_cards: true\n");
    site.brief(
        "briefs/talks.md",
        "title: Talks resume in Muscat\ndate: 2026-02-07\nregion: [Gulf, Oman]\nconfidence: moderate",
        "Text.\n",
    );
    site.brief("briefs/arabic.md", "title: محادثات مسقط\ndate: 2026-02-08\nregion: الخليج", "نص.\n");
    site.write_bytes("static/img/own.png", &png(800, 400));
    site.brief("briefs/own.md", "title: Own picture\ndate: 2026-02-09\nregion: Gulf\nimage: /img/own.png", "T.\n");
    site.brief("briefs/held.md", "title: Held\ndate: 2026-02-10\nregion: Gulf\ntlp: AMBER", "T.\n");
    let cache = tempfile::tempdir().unwrap();
    build_with_cache(&site, cache.path(), &[]);
    for brief in ["talks", "arabic"] {
        let page = site.html(&format!("briefs/{brief}/index.html"));
        let url = format!("https://example.org/analysis/briefs/{brief}/card.png");
        assert_eq!(attrs(&page, "meta[property=\"og:image\"]", "content"), [url]);
        assert_eq!(attrs(&page, "meta[property=\"og:image:width\"]", "content"), ["1200"]);
        assert_eq!(attrs(&page, "meta[name=\"twitter:card\"]", "content"), ["summary_large_image"]);
        let card = std::fs::read(site.path(&format!("public/briefs/{brief}/card.png"))).expect("a card");
        assert_eq!(png_size(&card), (1200, 630));
    }
    let own = site.html("briefs/own/index.html");
    assert_eq!(attrs(&own, "meta[property=\"og:image\"]", "content"), ["https://example.org/analysis/img/own.png"]);
    assert!(!site.path("public/briefs/own/card.png").exists(), "a brief with its own picture gets no card");
    assert!(!site.path("public/briefs/held/card.png").exists() && !site.path("public/briefs/held").exists());
    let two_cards = std::fs::read(site.path("public/briefs/talks/card.png")).unwrap();
    assert_ne!(two_cards, std::fs::read(site.path("public/briefs/arabic/card.png")).unwrap());

    // A second build takes each card from the cache: a cached card replaced by a marker comes
    // out as the marker.
    let cached = list_files(&cache.path().join("dossier/cards"));
    assert_eq!(cached.len(), 2, "{cached:?}");
    let marker = png(1200, 630);
    for f in &cached {
        std::fs::write(cache.path().join("dossier/cards").join(f), &marker).unwrap();
    }
    build_with_cache(&site, cache.path(), &[]);
    assert_eq!(std::fs::read(site.path("public/briefs/talks/card.png")).unwrap(), marker);
    // A changed title is a new card, drawn again.
    site.brief(
        "briefs/talks.md",
        "title: Talks resume in Oman\ndate: 2026-02-07\nregion: [Gulf, Oman]\nconfidence: moderate",
        "Text.\n",
    );
    build_with_cache(&site, cache.path(), &[]);
    let redrawn = std::fs::read(site.path("public/briefs/talks/card.png")).unwrap();
    assert!(redrawn != marker && redrawn != two_cards && png_size(&redrawn) == (1200, 630));
    // Drawing is deterministic: the same text gives the same bytes, cache or not.
    let fresh = tempfile::tempdir().unwrap();
    build_with_cache(&site, fresh.path(), &[]);
    assert_eq!(std::fs::read(site.path("public/briefs/talks/card.png")).unwrap(), redrawn);
}

#[test]
fn cards_are_off_unless_asked_for() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Gulf", "T.\n");
    let cache = tempfile::tempdir().unwrap();
    build_with_cache(&site, cache.path(), &[]);
    assert!(!site.path("public/briefs/a/card.png").exists());
    assert!(attrs(&site.html("briefs/a/index.html"), "meta[property=\"og:image\"]", "content").is_empty());
    assert!(!cache.path().join("dossier").exists());
}
