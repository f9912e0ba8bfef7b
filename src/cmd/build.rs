//! `dossier build`: run the pipeline once and report.

use crate::build;
use crate::cli::{BuildArgs, GlobalArgs};
use crate::cmd::Output;
use crate::options::BuildOptions;

/// Run a build; returns the process exit code (0 ok, 1 content or template errors).
pub fn run(global: &GlobalArgs, args: &BuildArgs) -> i32 {
    let out = Output::detect(global.quiet, global.verbose);
    let mut opts = BuildOptions {
        root: global.root.clone(),
        output_dir: args.output_dir.clone(),
        base_url: args.base_url.clone(),
        ..BuildOptions::default()
    };
    args.publish.apply(&mut opts);
    args.cache.apply(&mut opts);
    if args.watch {
        return watch(&opts, args.poll, out);
    }
    let (report, ms) = crate::cmd::run_to_exit(|| build::build(&opts));
    out.print_diagnostics(&report.diagnostics);
    if out.verbose || args.timings {
        out.print_timings(&report, ms);
    }
    let (errors, warnings) = report.diagnostics.counts();
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        eprintln!("build failed: {errors} error{s}, {warnings} warning(s); {} left unchanged", opts.output().display());
        return 1;
    }
    if out.verbose {
        // What the output weighs, by kind, for choosing which features to publish.
        eprintln!("  output by kind:");
        for k in crate::output::sizes::of(&opts.output()) {
            eprintln!("  {:<24} {:>8} in {} files", k.name, human_bytes(k.bytes as usize), k.files);
        }
    }
    if !out.quiet {
        println!(
            "built {} briefs and {} pages: {} files written to {}, search index {} in {} files, {} warning{}, {} ms",
            report.briefs,
            report.pages,
            report.files_written,
            opts.output().display(),
            human_bytes(report.search_index.1),
            report.search_index.0,
            warnings,
            if warnings == 1 { "" } else { "s" },
            ms
        );
    }
    0
}

/// `1.2 MB`, `340 KB`, `512 B`.
pub fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{} KB", n / 1_000),
        n => format!("{n} B"),
    }
}

/// `dossier build --watch`: the preview loop without a server.
fn watch(opts: &BuildOptions, poll: bool, out: Output) -> i32 {
    let (mut live, mut watcher, first) = match crate::serve::start(opts, poll) {
        Ok(x) => x,
        Err(e) => return super::start_failed(e, out),
    };
    let mut reporter = super::Reporter::new(
        out,
        ["the last good output is kept", "the output folder is left as it was until this is fixed"],
    );
    reporter.report(&first);
    if !out.quiet {
        println!("watching {} for changes (Ctrl-C to stop)", opts.root.display());
    }
    crate::serve::run_loop(&mut live, &mut watcher, |o| reporter.report(o));
    0
}
