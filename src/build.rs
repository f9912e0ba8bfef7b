//! One-shot builds: run every stage of the pipeline (config → load → model → markdown →
//! render → write) through a `Session`, then write the output atomically. The briefs' Markdown
//! and their pages go together, a slice of briefs at a time, so no build holds every brief's
//! HTML at once.

mod keep;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Page;
use crate::options::BuildOptions;
use crate::output::write;
use crate::platform::peak_memory;
use crate::render::search;
use crate::session::Session;
use crate::session::cache::{Cache, CacheStats, Ledger, Written};
use crate::timing::{Clock, Stage};
use crate::view::Views;

/// What a build did.
#[derive(Default)]
pub struct BuildReport {
    /// Briefs built.
    pub briefs: usize,
    /// Standalone pages built.
    pub pages: usize,
    /// Files written (0 when the build failed).
    pub files_written: usize,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Wall time, CPU time and memory per stage.
    pub timings: Vec<Stage>,
    /// Peak resident memory of the process in bytes, where the system reports it.
    pub peak_memory: Option<u64>,
    /// Time spent highlighting code, summed over threads (part of `markdown`).
    pub highlighting: Duration,
    /// Files and bytes of the search index.
    pub search_index: (usize, usize),
    /// The session, when the build got far enough to have one. A build lets each brief's
    /// Markdown, HTML and search terms go once used, so those are empty here. On a
    /// multilingual site, the default language's.
    pub session: Option<Session>,
    /// The sessions of the site's other languages, in the order of `languages`.
    pub other_sessions: Vec<Session>,
    /// How the persistent cache served the build; `None` without one.
    pub cache: Option<CacheStats>,
}

impl BuildReport {
    /// True when the build succeeded.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Run the whole pipeline. Nothing is written unless every stage succeeded.
pub fn build(opts: &BuildOptions) -> BuildReport {
    run(opts, true)
}

/// Everything a build does but writing: every file is read, parsed, linked and rendered, and
/// every problem reported. Also runs the checks of `checks` (terms that look like one name
/// spelt several ways, dates far in the future), taking today from the clock.
pub fn check(opts: &BuildOptions) -> BuildReport {
    check_on(opts, crate::checks::Today::Now)
}

/// `check`, with `today` for the far-future date rule.
pub fn check_on(opts: &BuildOptions, today: crate::checks::Today) -> BuildReport {
    let mut report = run(opts, false);
    let mut found = Vec::new();
    for session in report.session.iter().chain(&report.other_sessions) {
        found.extend(crate::checks::run(session.site(), &opts.root, today));
    }
    // The languages share their files: a problem of one file is said once.
    report.diagnostics.extend_new(&found);
    report
}

/// The site's languages, the default first; empty when site.yaml cannot be read (the session
/// that opens it then says why).
fn languages(opts: &BuildOptions) -> Vec<String> {
    match crate::config::load(&opts.root, opts.base_url.as_deref()) {
        (Some(cfg), _) => cfg.languages.iter().map(|l| l.code.clone()).collect(),
        (None, _) => Vec::new(),
    }
}

/// Build every language of the site into one staging folder, each under its prefix, and swap
/// it in only when every language built without an error: a multilingual site is published
/// whole or not at all.
fn run(opts: &BuildOptions, write_output: bool) -> BuildReport {
    let codes = languages(opts);
    let staging: OnceLock<Result<write::Staging, Diagnostic>> = OnceLock::new();
    let mut report = BuildReport::default();
    // One cache for every language: translations share no body, but a second build of any
    // language finds its renderings there.
    let mut cache_problem = None;
    let cache = opts.cache.as_ref().and_then(|dir| {
        let (cache, problem) = Cache::open(dir);
        cache_problem = problem;
        cache.map(std::sync::Arc::new)
    });
    // What the last two builds wrote, and what this one writes or keeps, by output path.
    let ledger = cache.as_deref().map(Cache::ledger).unwrap_or_default();
    let recorded = Mutex::new(Vec::new());
    let pages = Pages { cache: cache.as_deref(), ledger: &ledger, recorded: &recorded };
    // The last stage, "write the rest", ends once the output is swapped in.
    let mut rest = None;
    if codes.len() <= 1 {
        rest = run_language(opts, cache.clone(), &pages, &staging, write_output, &mut report);
    } else {
        for code in &codes {
            if let Some(t) = rest.take() {
                report.timings.push(t.stage("write the rest"));
            }
            let mut one = BuildReport::default();
            rest = run_language(&opts.for_language(code), cache.clone(), &pages, &staging, write_output, &mut one);
            merge(&mut report, one);
            if report.session.is_none() {
                break;
            }
        }
    }
    report.diagnostics.extend(cache_problem);
    let mut published = false;
    if let Some(c) = &cache {
        report.diagnostics.extend(c.damage_warning());
        report.cache = Some(c.stats());
    }
    if let Some(Ok(s)) = staging.into_inner()
        && write_output
        && !report.diagnostics.has_errors()
    {
        match s.commit() {
            Ok(n) => report.files_written = n,
            Err(d) => report.diagnostics.push(d),
        }
        if let Some(c) = &cache
            && report.files_written > 0
        {
            c.record_pages(&recorded.into_inner().unwrap_or_else(|e| e.into_inner()));
            published = true;
        }
    }
    // What was rendered is kept whatever became of the build; only a published build, which
    // shows what is in use, sweeps what is not.
    if let Some(c) = &cache {
        c.finish(published);
    }
    if let Some(t) = rest {
        report.timings.push(t.stage("write the rest"));
    }
    report.peak_memory = peak_memory();
    report
}

/// Which of a batch of pages to render: those an earlier build's files cannot stand for
/// (`keep::Keeper::triage`).
type Triage<'a> = dyn Fn(&crate::model::Site, &Views, Vec<Page>) -> Vec<Page> + 'a;

/// What a build knows of the page files of earlier builds, and records of its own.
struct Pages<'a> {
    cache: Option<&'a Cache>,
    ledger: &'a Ledger,
    recorded: &'a Mutex<Vec<(String, Written)>>,
}

/// Add one language's report to the site's: counts add up, and a problem the languages share
/// (a file every language reads) is said once.
fn merge(into: &mut BuildReport, one: BuildReport) {
    into.diagnostics.extend_new(one.diagnostics.iter());
    into.briefs += one.briefs;
    into.pages += one.pages;
    into.timings.extend(one.timings);
    into.highlighting += one.highlighting;
    into.search_index.0 += one.search_index.0;
    into.search_index.1 += one.search_index.1;
    match (&into.session, one.session) {
        (None, Some(s)) => into.session = Some(s),
        (Some(_), Some(s)) => into.other_sessions.push(s),
        (_, None) => {}
    }
}

/// Build one language (or the whole of a site with one) into `staging`, under the language's
/// prefix; the caller swaps it in. Returns the start of the last stage, when it began.
fn run_language(
    opts: &BuildOptions,
    cache: Option<std::sync::Arc<Cache>>,
    pages: &Pages,
    staging: &OnceLock<Result<write::Staging, Diagnostic>>,
    write_output: bool,
    report: &mut BuildReport,
) -> Option<Clock> {
    // Files go to disk as they are rendered (into a staging folder swapped in at the end), so
    // a build's memory does not grow with the size of its output. The staging folder is made
    // as soon as the model is known, and one spare thread makes the pages' folders while the
    // Markdown renders (`Staging::make_folders`): it fills the pool's idle moments, and the
    // writers need not queue on a parent folder's lock to make its subfolders.
    let stop_folders = AtomicBool::new(false);
    let mut rest = None;
    std::thread::scope(|scope| {
        let mut folders = None;
        let mut on_model = |s: &Session| {
            if !write_output || s.diags().has_errors() {
                return;
            }
            if let Ok(st) = staging.get_or_init(|| write::Staging::new(&opts.output())) {
                let prefix = &s.site().config.language_prefix;
                let paths: Vec<String> =
                    Page::all(s.site()).iter().map(|p| format!("{prefix}{}", p.output_path(s.site()))).collect();
                let stop = &stop_folders;
                folders = Some(scope.spawn(move || st.make_folders(paths.iter().map(String::as_str), stop)));
            }
        };
        let opened = Session::open_deferring_briefs(opts, cache, &mut on_model);
        let session = match opened {
            Ok(s) => s,
            Err(d) => {
                report.diagnostics = d;
                return;
            }
        };
        // The folder thread keeps working beside the brief pages, whose folders it makes in
        // the order they are written, and stops once they are all written.
        let stop = || {
            stop_folders.store(true, Ordering::Relaxed);
            if let Some(f) = folders.take() {
                let _ = f.join();
            }
            // Most of the output is written: its sync to disk goes on beside the rest.
            if let Some(Ok(s)) = staging.get() {
                s.start_sync();
            }
        };
        rest = Some(render_and_write(session, pages, staging, write_output, report, stop));
    });
    // With errors already known, pages are still rendered, for their own problems, but not
    // written; the staging folder, if any, is then dropped by the caller, which removes it.
    rest
}

/// Render every page and the search index of an opened session whose briefs' Markdown is
/// still to be rendered (`Session::open_deferring_briefs`), writing them into the staging
/// folder unless the session has errors. `briefs_written` is called once the brief pages are.
/// Returns the start of the last stage, which the caller ends once the output is swapped in.
fn render_and_write(
    mut session: Session,
    kept: &Pages,
    staging: &OnceLock<Result<write::Staging, Diagnostic>>,
    write_output: bool,
    report: &mut BuildReport,
    briefs_written: impl FnOnce(),
) -> Clock {
    report.timings.extend(session.timings().iter().copied());
    let t = Clock::start();
    let io_errors = std::sync::Mutex::new(Vec::new());
    let failed = |d: Diagnostic| io_errors.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    let staging = match write_output && !session.diags().has_errors() {
        true => match staging.get_or_init(|| write::Staging::new(&session.opts().output())) {
            Ok(s) => Some(s),
            Err(d) => {
                failed(d.clone());
                None
            }
        },
        false => None,
    };
    // Once an error is known nothing more is written: the staging folder will not be swapped
    // in, and pages are still rendered only for their own problems.
    let give_up = AtomicBool::new(false);
    let keeper = kept.cache.map(|c| keep::Keeper::new(&session, c, kept.ledger, kept.recorded));
    // Every file is tried, and what could not be written is reported with the rest.
    let prefix = session.site().config.language_prefix.clone();
    let write_one = |f: &write::OutputFile| {
        if let Some(s) = staging
            && !give_up.load(Ordering::Relaxed)
        {
            match s.write_under(&prefix, f) {
                Err(d) => failed(d),
                Ok(()) => {
                    if let Some(k) = &keeper {
                        k.written(s, &format!("{prefix}{}", f.path));
                    }
                }
            }
        }
    };
    let write_all = |files: &[write::OutputFile]| {
        use rayon::prelude::*;
        files.par_iter().for_each(write_one);
    };
    let sink = |f: write::OutputFile| -> Result<(), Diagnostic> {
        write_one(&f);
        Ok(())
    };
    let pages = Page::all(session.site());
    let mut other_pages: Vec<Page> = pages.iter().filter(|p| !matches!(p, Page::Brief(_))).copied().collect();
    // The files made of the whole archive go first. Each is one long task, which last in the
    // list would leave the other core idle while it ran; and each is made before the cards and
    // feed entries memoised for the term pages add up, so its buffers are not on top of them.
    other_pages.sort_by_key(|p| !p.of_whole_archive());
    let triage = |site: &crate::model::Site, views: &Views, batch: Vec<Page>| match &keeper {
        Some(k) => k.triage(site, views, staging, &batch),
        None => batch,
    };
    // A brief whose text could not be read again stops the build's writing, as an error does.
    let unreadable = |d: Diagnostic| {
        give_up.store(true, Ordering::Relaxed);
        failed(d);
    };
    let mut prep = brief_pages(&mut session, &pages, &sink, &triage, &unreadable, &give_up);
    briefs_written();
    report.highlighting = session.highlighter().busy();
    report.timings.push(t.stage("markdown and brief pages"));
    let t = Clock::start();
    // The briefs' search terms, a large part of the model's memory, go once the index is
    // made, before its files are; each file is written as soon as it is made.
    let index = search::SearchIndex::build(session.site(), Vec::new());
    session.drop_search_terms();
    let (files, bytes) = (AtomicUsize::new(0), AtomicUsize::new(0));
    index.each_file(session.site(), &|f| {
        files.fetch_add(1, Ordering::Relaxed);
        bytes.fetch_add(f.contents.len(), Ordering::Relaxed);
        write_one(&f);
    });
    drop(index);
    report.search_index = (files.into_inner(), bytes.into_inner());
    report.timings.push(t.stage("search"));
    let t = Clock::start();
    prep.finish(session.site());
    let other_pages = triage(session.site(), &prep, other_pages);
    session.fetch_html(&prep, prep.html_still_left().into_iter()).into_iter().for_each(unreadable);
    session.render_into(&other_pages, &prep, &sink);
    report.timings.push(t.stage("render and write other pages"));
    let t = Clock::start();
    drop(prep);
    drop(pages);
    session.check_site(true);
    write_all(&session.static_files());
    write_all(&session.asset_files());
    report.diagnostics = session.diags().all();
    report.diagnostics.extend(write::collapse_repeats(io_errors.into_inner().unwrap_or_else(|e| e.into_inner())));
    report.briefs = session.site().briefs.len();
    report.pages = session.site().pages.len();
    report.session = Some(session);
    t
}

/// Render the briefs' Markdown a slice at a time, in order, and each brief page as soon as the
/// briefs it declares (`Page::inputs`) have their views, which for most is within the next
/// slice or two. A brief's HTML then lives from its Markdown to its page, not until every page
/// is rendered: a large site's HTML is far more memory than the rest of a build. `give_up` is
/// set when the Markdown has an error; `triage` picks the pages of each batch to render (the
/// others are kept from an earlier build); `unreadable` hears of a brief whose text could not be
/// read again. Returns the views, every brief's made.
fn brief_pages(
    session: &mut Session,
    pages: &[Page],
    sink: &(dyn Fn(write::OutputFile) -> Result<(), Diagnostic> + Sync),
    triage: &Triage,
    unreadable: &dyn Fn(Diagnostic),
    give_up: &AtomicBool,
) -> Views {
    let mut by_need: Vec<(usize, Page)> = pages
        .iter()
        .filter_map(|&p| match p {
            Page::Brief(i) => Some((p.inputs(session.site()).last_brief().unwrap_or(i), p)),
            _ => None,
        })
        .collect();
    by_need.sort_by_key(|&(need, _)| need);
    let mut views = Views::streaming(session.site());
    let n = session.site().briefs.len();
    let mut rendered = 0;
    while views.briefs_ready() < n {
        let start = views.briefs_ready();
        let end = (start + BRIEF_SLICE).min(n);
        if session.render_briefs(start..end) {
            give_up.store(true, Ordering::Relaxed);
        }
        session.add_views(&mut views, start..end);
        let ready = by_need.partition_point(|&(need, _)| need < end);
        let batch: Vec<Page> = by_need[rendered..ready].iter().map(|&(_, p)| p).collect();
        let batch = triage(session.site(), &views, batch);
        let briefs = batch.iter().filter_map(|p| match p {
            Page::Brief(i) => Some(*i),
            _ => None,
        });
        session.fetch_html(&views, briefs).into_iter().for_each(unreadable);
        session.render_into(&batch, &views, sink);
        rendered = ready;
    }
    views
}

/// Briefs whose Markdown is rendered at once, before the pages that are then ready: large
/// enough that both cores stay busy between the steps, small enough that the HTML waiting
/// for its page stays a small part of the build's memory.
const BRIEF_SLICE: usize = 2048;
