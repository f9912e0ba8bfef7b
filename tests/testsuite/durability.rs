//! The output survives what can happen to the builds writing it: builds started together,
//! builds killed at any moment (by a signal, or at each step of the swap through the
//! `DOSSIER_CRASH_AT` test hook), on Linux's one-step exchange and on the two-step fallback.
//! After each, `public/` is one whole build's output, and the next build succeeds cleanly.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::prelude::*;

/// A site big enough that a build takes a moment.
fn fixture() -> Site {
    let site = Site::new();
    for i in 0..60 {
        site.brief(
            &format!("briefs/b{i:02}.md"),
            &format!(
                "title: Brief {i}\ndate: 2025-{:02}-{:02}\nregion: [R{}]\nactors: [A{}, B{}]",
                1 + i % 12,
                1 + i % 28,
                i % 5,
                i % 7,
                i % 3
            ),
            "Some words about it.\n\n## A section\n\nMore words, and `code`.\n",
        );
    }
    site
}

fn dossier(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.arg("build").arg("-q").arg("--root").arg(root).env("NO_COLOR", "1");
    c
}

/// The output of a clean build with `base`, made elsewhere, to compare against.
fn reference(site: &Site, base: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let st = dossier(site.root()).args(["--base-url", base, "--output-dir"]).arg(&out).status().unwrap();
    assert!(st.success());
    snapshot(&out)
}

/// The name of the reference `public/` equals, if any.
fn which<'a>(site: &Site, refs: &'a [(&'a str, BTreeMap<String, Vec<u8>>)]) -> Option<&'a str> {
    let now = snapshot(&site.path("public"));
    refs.iter().find(|(_, r)| *r == now).map(|(name, _)| *name)
}

/// Folders a build leaves beside the output only while it runs.
fn leftovers(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".dossier-tmp-") || n.contains(".dossier-swap"))
        .collect()
}

#[test]
fn builds_started_together_leave_one_whole_output() {
    let site = fixture();
    let bases = ["https://a.example/", "https://b.example/", "https://c.example/"];
    let refs: Vec<(&str, _)> = bases.iter().map(|b| (*b, reference(&site, b))).collect();
    for trial in 0..6 {
        let children: Vec<_> = bases
            .iter()
            .enumerate()
            .map(|(i, b)| {
                std::thread::sleep(Duration::from_millis((trial * 7 + i as u64 * 13) % 40));
                dossier(site.root()).args(["--base-url", b]).stderr(Stdio::piped()).spawn().unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "trial {trial}: {}", String::from_utf8_lossy(&out.stderr));
        }
        assert!(which(&site, &refs).is_some(), "trial {trial}: public/ is no single build's output");
        assert!(site.path("public/.dossier-output").is_file());
        assert!(leftovers(&site).is_empty(), "trial {trial}: {:?}", leftovers(&site));
    }
}

#[test]
fn a_build_killed_at_any_step_leaves_the_old_output_or_the_new() {
    let site = fixture();
    let refs = [("old", reference(&site, "https://old.example/")), ("new", reference(&site, "https://new.example/"))];
    let points = [
        (false, "before-sync", "old"),
        (false, "before-swap", "old"),
        (false, "after-exchange", "new"),
        (true, "before-sync", "old"),
        (true, "before-swap", "old"),
        (true, "between-renames", "old"),
    ];
    for (two_step, point, expect) in points {
        let what = format!("{point}{}", if two_step { " (two-step swap)" } else { "" });
        assert!(dossier(site.root()).args(["--base-url", "https://old.example/"]).status().unwrap().success());
        let mut cmd = dossier(site.root());
        cmd.args(["--base-url", "https://new.example/"]).env("DOSSIER_CRASH_AT", point).stderr(Stdio::null());
        if two_step {
            cmd.env("DOSSIER_TWO_STEP_SWAP", "1");
        }
        let st = cmd.status().unwrap();
        assert!(!st.success(), "{what}: the crash hook did not fire");
        if two_step && point == "between-renames" {
            // The one moment of the two-step swap without an output: the journal says so, and
            // the next writer puts the old output back before anything else.
            assert!(!site.path("public").exists() && site.path(".public.dossier-swap").exists(), "{what}");
        } else {
            assert_eq!(which(&site, &refs), Some(expect), "{what}");
        }
        // The next build recovers and succeeds, leaving nothing behind.
        assert!(dossier(site.root()).args(["--base-url", "https://new.example/"]).status().unwrap().success());
        assert_eq!(which(&site, &refs), Some("new"), "{what}: the build after the crash");
        assert!(leftovers(&site).is_empty(), "{what}: {:?}", leftovers(&site));
    }
}

#[test]
fn a_build_killed_by_a_signal_at_any_moment_leaves_the_old_output_or_the_new() {
    let site = fixture();
    let refs = [("old", reference(&site, "https://old.example/")), ("new", reference(&site, "https://new.example/"))];
    // How long a build takes here, to spread the kills over it.
    let t = std::time::Instant::now();
    assert!(dossier(site.root()).args(["--base-url", "https://old.example/"]).status().unwrap().success());
    let span = t.elapsed().as_micros().max(1000) as u64;
    for i in 0..16u64 {
        assert!(dossier(site.root()).args(["--base-url", "https://old.example/"]).status().unwrap().success());
        let mut child = dossier(site.root()).args(["--base-url", "https://new.example/"]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(span * i / 12));
        let _ = child.kill();
        let _ = child.wait();
        assert!(which(&site, &refs).is_some(), "killed after {} µs: public/ is neither output", span * i / 12);
    }
    // Whatever the kills left is cleaned up by the next build.
    assert!(dossier(site.root()).args(["--base-url", "https://new.example/"]).status().unwrap().success());
    assert_eq!(which(&site, &refs), Some("new"));
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
}
