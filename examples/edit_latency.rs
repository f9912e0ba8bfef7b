//! Measure the preview loop: the time from saving an edit of one brief to the last output file
//! a reader browses written, through the real file watcher, debouncer and incremental rebuild;
//! then the exports the preview writes once the edits pause.
//! `cargo run --release --example edit_latency -- --root DIR [--runs 20] [--no-settle]` (DIR from
//! gen_site).

use std::path::PathBuf;
use std::time::Instant;

use dossier::options::BuildOptions;
use dossier::serve::rebuild::Live;
use dossier::serve::watch::{classify_all, next_batch, watch};

fn main() {
    let mut root = PathBuf::from("bench-site");
    let mut runs = 20usize;
    let mut settle = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = PathBuf::from(args.next().expect("--root DIR")),
            "--runs" => runs = args.next().expect("--runs N").parse().expect("a number"),
            // For profiling the rebuild alone: the exports then stay as the first build wrote them.
            "--no-settle" => settle = false,
            other => panic!("unknown argument {other}"),
        }
    }
    let opts = BuildOptions { root: root.clone(), ..BuildOptions::default() };
    let t = Instant::now();
    let (mut live, first) = Live::start(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert!(first.ok(), "initial build failed");
    println!(
        "initial build: {} briefs, {:.0} ms",
        live.session().site().briefs.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let watcher = watch(&root, None).expect("watch");
    let canon = root.canonicalize().unwrap();
    let output = opts.output().canonicalize().unwrap();
    let briefs: Vec<PathBuf> = live.session().sources().iter().map(|s| s.abs.clone()).collect();
    let mut total = Vec::new();
    let mut rebuild = Vec::new();
    // Each edited brief's text before the run, put back at the end: a benchmark site must come
    // out as it went in, or the next benchmark measures other content.
    let mut originals = Vec::new();
    for run in 0..runs {
        let path = &briefs[(run * 7919) % briefs.len()];
        let text = std::fs::read_to_string(path).unwrap();
        let edited = text.replacen("title: \"", &format!("title: \"Edit {run} "), 1);
        originals.push((path.clone(), text));
        let t0 = Instant::now();
        std::fs::write(path, edited).unwrap();
        let paths = next_batch(&watcher.batches).expect("watcher stopped");
        let changes = classify_all(&canon, &output, "default", &paths);
        let outcome = live.apply_deferring(&changes);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        assert!(outcome.ok());
        println!(
            "run {run:>2}: {ms:6.1} ms save→written (rebuild {:5.1} ms, {} rendered, {} written)",
            outcome.millis, outcome.rendered, outcome.written
        );
        total.push(ms);
        rebuild.push(outcome.millis);
        // The preview writes the whole-archive exports once the edits pause; so does this.
        let settled = if settle { live.settle() } else { Default::default() };
        assert!(settled.ok());
        if settled.rendered > 0 {
            println!("        then {:6.1} ms for {} exports left for the pause", settled.millis, settled.rendered);
        }
    }
    // In reverse, so a brief edited twice gets its first text back.
    for (path, text) in originals.into_iter().rev() {
        std::fs::write(&path, text).unwrap();
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    println!(
        "median save→last file written: {:.1} ms; median rebuild alone: {:.1} ms",
        median(&mut total),
        median(&mut rebuild)
    );
}
