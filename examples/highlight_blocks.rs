//! Highlight every fenced code block of a site's Markdown, on one thread, and report the time
//! per language and a digest of the HTML, so that two builds of dossier can be compared for
//! speed and for identical output: `cargo run --release --example highlight_blocks -- SITE_DIR`.
//! `--fresh` gives each block a new `Highlighter` (nothing cached between blocks).

use dossier::markdown::Highlighter;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::time::{Duration, Instant};

fn blocks(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read dir").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            blocks(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&p).expect("read brief");
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if let Some(lang) = line.strip_prefix("```")
                    && !lang.is_empty()
                {
                    let mut code = String::new();
                    for l in lines.by_ref().take_while(|l| *l != "```") {
                        code.push_str(l);
                        code.push('\n');
                    }
                    out.push((lang.to_string(), code));
                }
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fresh = args.iter().any(|a| a == "--fresh");
    let dir = args.iter().find(|a| !a.starts_with("--")).expect("usage: highlight_blocks SITE_DIR [--fresh]");
    let mut all = Vec::new();
    blocks(std::path::Path::new(dir), &mut all);
    let shared = Highlighter::new();
    shared.highlight("x\n", "python");
    let mut per_lang: BTreeMap<&str, (usize, usize, Duration)> = BTreeMap::new();
    let mut digest = dossier::hashing::Fnv::default();
    let start = Instant::now();
    for (lang, code) in &all {
        let own;
        let hl = if fresh {
            own = Highlighter::new();
            &own
        } else {
            &shared
        };
        let t = Instant::now();
        let html = hl.highlight(code, lang);
        let e = per_lang.entry(lang).or_default();
        e.0 += 1;
        e.1 += code.lines().count();
        e.2 += t.elapsed();
        digest.write(lang.as_bytes());
        digest.write(html.as_deref().unwrap_or("<none>").as_bytes());
    }
    for (lang, (n, lines, t)) in &per_lang {
        println!(
            "{lang:12} {n:6} blocks {lines:7} lines {:9.1} ms {:6.2} µs/line",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / *lines as f64
        );
    }
    let (replayed, parsed) = Highlighter::lines_replayed_and_parsed();
    println!("lines replayed {replayed}, parsed {parsed}");
    println!(
        "total {:.1} ms for {} blocks; digest {:016x}",
        start.elapsed().as_secs_f64() * 1e3,
        all.len(),
        digest.finish()
    );
}
