//! One small module per subcommand: wiring between the CLI and the pipeline.

pub mod build;
pub mod check;
pub mod clean;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
pub mod theme;

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;

/// Run a one-shot build or check that the process exits after, and its time in milliseconds.
/// The session is left to the exit: freeing the model of a large site one allocation at a
/// time would only add to the command's time.
pub fn run_to_exit(run: impl FnOnce() -> crate::build::BuildReport) -> (crate::build::BuildReport, u128) {
    let start = std::time::Instant::now();
    let mut report = run();
    std::mem::forget(report.session.take());
    (report, start.elapsed().as_millis())
}

/// How to print: colour only on a terminal without `NO_COLOR`; quiet hides warnings.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// ANSI colours on stderr.
    pub color: bool,
    /// Errors only.
    pub quiet: bool,
    /// Stage timings.
    pub verbose: bool,
}

impl Output {
    /// Decide from the flags and the environment.
    pub fn detect(quiet: bool, verbose: bool) -> Output {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Output { color: std::io::stderr().is_terminal() && !no_color, quiet, verbose }
    }

    /// Print every diagnostic to stderr, errors always, warnings unless quiet.
    pub fn print_diagnostics(&self, diags: &Diagnostics) {
        let mut text = String::new();
        for d in diags.sorted() {
            if self.quiet && !d.is_error() {
                continue;
            }
            text.push_str(&d.render(self.color));
            text.push('\n');
        }
        eprint!("{text}");
    }

    /// Each stage's wall time, CPU time and memory, then the total (`ms`) and peak memory.
    pub fn print_timings(&self, report: &crate::build::BuildReport, ms: u128) {
        for stage in &report.timings {
            let memory =
                stage.memory.map(|m| format!("  {:>7.1} MiB after", m as f64 / 1_048_576.0)).unwrap_or_default();
            let cpu = stage.cpu.map(|c| format!("  {:>8.1} ms CPU", c.as_secs_f64() * 1000.0)).unwrap_or_default();
            eprintln!("  {:<24} {:>8.1} ms{cpu}{memory}", stage.name, stage.time.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "  {:<24} {:>8.1} ms  (CPU, summed over threads; part of markdown)",
            "highlighting",
            report.highlighting.as_secs_f64() * 1000.0
        );
        if let Some(c) = report.cache {
            eprintln!(
                "  {:<24} {} reused, {} rendered{}",
                "markdown cache",
                c.reused,
                c.rendered,
                if c.damaged > 0 { format!(", {} damaged", c.damaged) } else { String::new() }
            );
            eprintln!("  {:<24} {} kept from an earlier build, {} rendered", "pages", c.pages_kept, c.pages_rendered);
        }
        eprintln!("  {:<24} {:>8.1} ms", "total", ms as f64);
        if let Some(m) = report.peak_memory {
            eprintln!("  {:<24} {:>8.1} MiB", "peak memory", m as f64 / 1_048_576.0);
        }
    }
}

/// Prints each rebuild of a live site (`serve`, `build --watch`): every error of a failed one,
/// the warnings a rebuild brings that were not already shown, with their text and place (the
/// first build shows them all), then one line saying what was done. A warning that stays is
/// not repeated on every save; one that is fixed and comes back is shown again.
pub struct Reporter {
    out: Output,
    shown: HashSet<String>,
    /// What a failed rebuild leaves, for its line: once a good build was made, and before.
    on_failure: [&'static str; 2],
    /// True once a rebuild succeeded.
    had_good: bool,
}

impl Reporter {
    /// A reporter that has shown nothing yet; `on_failure` says what a failed rebuild leaves,
    /// once a good build was made and before one was.
    pub fn new(out: Output, on_failure: [&'static str; 2]) -> Reporter {
        Reporter { out, shown: HashSet::new(), on_failure, had_good: false }
    }

    /// Print one rebuild's outcome.
    pub fn report(&mut self, o: &crate::serve::rebuild::Outcome) {
        let mut print = Diagnostics::new();
        let mut now = HashSet::new();
        for d in o.diagnostics.sorted() {
            if d.is_error() {
                print.push(d.clone());
                continue;
            }
            let text = d.render(false);
            if !self.shown.contains(&text) {
                print.push(d.clone());
            }
            now.insert(text);
        }
        self.shown = now;
        self.out.print_diagnostics(&print);
        let warnings = o.diagnostics.warning_count();
        let warnings = format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" });
        if o.ok() {
            self.had_good = true;
            if !self.out.quiet {
                println!(
                    "rebuilt ({}): {} pages rendered, {} files written, {} removed, {warnings} in {:.1} ms",
                    o.what, o.rendered, o.written, o.deleted, o.millis
                );
            }
        } else {
            eprintln!(
                "rebuild failed ({}): {} error(s), {warnings}; {}",
                o.what,
                o.diagnostics.error_count(),
                self.on_failure[usize::from(!self.had_good)]
            );
        }
    }
}

/// Say why the preview loop could not start; returns the exit code.
fn start_failed(e: crate::serve::StartError, out: Output) -> i32 {
    match e {
        crate::serve::StartError::Watch(e) => eprintln!("error: {e}"),
        crate::serve::StartError::Open(d) => out.print_diagnostics(&d),
    }
    1
}
