//! `dossier check`: everything a build checks, nothing written; text for people, JSON for CI.
//! Also flags terms spelt several ways and dates far in the future (`checks`).

use serde::Serialize;

use crate::build;
use crate::checks::Today;
use crate::cli::{CheckArgs, Format, GlobalArgs};
use crate::cmd::Output;
use crate::diagnostics::Diagnostic;
use crate::options::BuildOptions;

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    briefs: usize,
    pages: usize,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    severity: &'static str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

fn item(d: &Diagnostic) -> Item<'_> {
    Item {
        severity: if d.is_error() { "error" } else { "warning" },
        file: d.path.as_ref().map(|p| p.to_string_lossy().replace('\\', "/")),
        line: d.line,
        column: d.column,
        message: &d.message,
        hint: d.hint.as_deref(),
    }
}

/// Run the checks; returns the exit code (1 when there are errors).
pub fn run(global: &GlobalArgs, args: &CheckArgs) -> i32 {
    let out = Output::detect(global.quiet, global.verbose);
    let mut opts = BuildOptions { root: global.root.clone(), ..BuildOptions::default() };
    args.publish.apply(&mut opts);
    // `DOSSIER_TODAY` fixes the date the far-future rule counts from; a bad value is an error.
    let (today, bad_today) = match Today::from_env() {
        Ok(t) => (t, None),
        Err(d) => (Today::Now, Some(d)),
    };
    let (mut report, ms) = crate::cmd::run_to_exit(|| build::check_on(&opts, today));
    report.diagnostics.extend(bad_today);
    if out.verbose {
        out.print_timings(&report, ms);
    }
    let (errors, warnings) = report.diagnostics.counts();
    match args.format {
        Format::Json => {
            let sorted = report.diagnostics.sorted();
            let r = Report {
                ok: errors == 0,
                errors,
                warnings,
                briefs: report.briefs,
                pages: report.pages,
                diagnostics: sorted.iter().map(|d| item(d)).collect(),
            };
            println!("{}", serde_json::to_string_pretty(&r).expect("JSON of strings and numbers"));
        }
        Format::Text => {
            out.print_diagnostics(&report.diagnostics);
            if errors > 0 {
                eprintln!("check failed: {errors} error(s), {warnings} warning(s)");
            } else if !out.quiet {
                println!(
                    "checked {} briefs and {} pages: no errors, {warnings} warning(s)",
                    report.briefs, report.pages
                );
            }
        }
    }
    i32::from(errors > 0)
}
