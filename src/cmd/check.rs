//! `dossier check`: everything a build checks, nothing written; text for people, JSON for CI.
//! Also flags terms spelt several ways and dates far in the future (`checks`).

use serde::Serialize;

use crate::build;
use crate::checks::Today;
use crate::cli::{CheckArgs, Format, GlobalArgs};
use crate::cmd::Output;
use crate::diagnostics::Diagnostic;
use crate::model::publish::Audit;
use crate::options::BuildOptions;

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    briefs: usize,
    pages: usize,
    diagnostics: Vec<Item<'a>>,
    /// What this check's options publish, and what each audience of site.yaml would.
    publication: Option<Publication>,
}

/// What a build with this check's options would publish, and each named audience.
#[derive(Serialize)]
struct Publication {
    /// The most restricted marking published, as FIRST writes it.
    max_tlp: &'static str,
    drafts: bool,
    future: bool,
    expired: bool,
    #[serde(flatten)]
    audit: Audit,
    audiences: Vec<AudienceCount>,
}

/// What one audience of site.yaml would be given.
#[derive(Serialize)]
struct AudienceCount {
    name: String,
    max_tlp: &'static str,
    published: usize,
    retracted: usize,
    held: usize,
}

/// The publication audit of the checked site, when the check got as far as a model.
fn publication(report: &build::BuildReport) -> Option<Publication> {
    let site = report.session.as_ref()?.site();
    let policy = &site.policy;
    let docs = || site.briefs.iter().chain(&site.retracted).chain(&site.held);
    let audiences = site
        .config
        .audiences
        .iter()
        .map(|(name, &tlp)| {
            let a = policy.for_marking(tlp).audit(docs());
            let (published, retracted, held) = (a.published, a.retracted, a.held.len());
            AudienceCount { name: name.clone(), max_tlp: tlp.name(), published, retracted, held }
        })
        .collect();
    Some(Publication {
        max_tlp: policy.max_tlp.name(),
        drafts: policy.drafts,
        future: policy.future,
        expired: policy.expired,
        audit: policy.audit(docs()),
        audiences,
    })
}

/// The publication audit for people: counts, then each brief held back and why.
fn print_publication(p: &Publication) {
    let a = &p.audit;
    let counts = |m: &std::collections::BTreeMap<&str, usize>| {
        m.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
    };
    println!(
        "publication at TLP:{}: {} briefs published, {} retracted, {} held back",
        p.max_tlp,
        a.published,
        a.retracted,
        a.held.len()
    );
    println!("  by status: {}", counts(&a.by_status));
    println!("  by marking: {}", counts(&a.by_marking));
    for h in &a.held {
        println!("  held back: {} ({}; {})", h.file, h.reason, h.remedy);
    }
    for au in &p.audiences {
        println!(
            "  audience {} (TLP:{}): {} published, {} retracted, {} held back",
            au.name, au.max_tlp, au.published, au.retracted, au.held
        );
    }
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
    args.cache.apply(&mut opts);
    // `DOSSIER_TODAY` fixes the date the far-future rule counts from; a bad value is an error.
    let (today, bad_today) = match Today::from_env() {
        Ok(t) => (t, None),
        Err(d) => (Today::Now, Some(d)),
    };
    // Audited before the session is let go with the process.
    let mut audit = None;
    let (mut report, ms) = crate::cmd::run_to_exit(|| {
        let report = build::check_on(&opts, today);
        audit = publication(&report);
        report
    });
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
                publication: audit,
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
            if !out.quiet
                && let Some(p) = &audit
            {
                print_publication(p);
            }
        }
    }
    i32::from(errors > 0)
}
