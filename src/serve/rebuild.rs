//! Incremental rebuilds. `Live` keeps a `Session` in memory and, for every output file, a
//! signature of everything its page is made from. After a change it updates only the affected
//! parts of the model, re-renders the pages whose signature moved, and writes only files whose
//! bytes changed. A failed rebuild writes nothing, so the last good site stays in place.

use std::collections::HashSet;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing;
use crate::model::Page;
use crate::model::signature::Signatures;
use crate::options::BuildOptions;
use crate::render::page_keys::PageKeys;
use crate::render::search;
use crate::serve::disk::{Disk, Others, PageSink};
pub use crate::serve::outcome::Outcome;
use crate::serve::view_cache::ViewCache;
use crate::session::{Change, Session};
use crate::view::Views;

/// A site kept live in memory.
pub struct Live {
    /// The pipeline state.
    session: Session,
    /// The output folder and what is on it.
    disk: Disk,
    /// The model's pages, while its shape is unchanged.
    pages: Option<PageSet>,
    /// Brief views by content path.
    views: ViewCache,
    /// Positions in `Site::briefs` of the only briefs that changed since the last sync, when
    /// the model was updated in place; `None` when anything may have changed.
    touched: Option<Vec<usize>>,
    /// The search index, updated in place.
    search: search::SearchIndex,
    /// The site's other languages (`languages:`), each kept live the same way, its output in
    /// its folder of this one's (`ar/`).
    others: Vec<Live>,
    /// Pages the last sync left out (`apply_deferring`): whole-archive exports still to render
    /// and write, with their output paths and signatures. Empty when the output is complete.
    deferred: Vec<Dirty>,
    /// Whether syncs may leave whole-archive exports for `settle`.
    defer: bool,
    /// Whether the pages or assets may have changed since the last sync that wrote, so files
    /// whose source is gone may be on disk.
    reshaped: bool,
}

/// A page to render: its place in the `PageSet`, the page, its output path and signature.
type Dirty = (usize, Page, String, u64);

/// Every page of the model, with its output path: kept while the model keeps its shape.
struct PageSet {
    pages: Vec<Page>,
    paths: Vec<String>,
    current: HashSet<String, hashing::FastBuild>,
    /// The signature each page's file on disk was written from (`Disk::signature`), kept
    /// beside the pages so a rebuild compares a large site's signatures in order rather than
    /// looking each path up.
    on_disk: Vec<Option<u64>>,
    /// Each page's signature of its inputs, kept so a save signs again only the pages that
    /// read what it moved.
    signed: Option<Signatures>,
    /// Each page's hash (`PageKeys::with` its signature), and the `PageKeys::shared` it was
    /// made with: while that holds, only the pages signed again get a new one.
    keys: Vec<u64>,
    shared: Option<u64>,
}

impl Live {
    /// Open the site and build it completely: every language of it, the default one first
    /// (its output is swapped in whole, the others' folders then written into it).
    pub fn start(opts: &BuildOptions) -> Result<(Live, Outcome), Diagnostics> {
        let (mut live, mut outcome) = Live::start_one(opts, opts.output())?;
        live.start_others(&mut outcome)?;
        Ok((live, outcome))
    }

    /// Open and build the site's other languages, each into its folder of the output.
    fn start_others(&mut self, outcome: &mut Outcome) -> Result<(), Diagnostics> {
        let cfg = self.session.site().config.clone();
        let opts = self.session.opts().clone();
        for lang in cfg.languages.iter().skip(1) {
            let prefix = cfg.prefix_of(&lang.code);
            let out = opts.output().join(prefix.trim_end_matches('/'));
            let (other, o) = Live::start_one(&opts.for_language(&lang.code), out)?;
            merge(outcome, o, &prefix);
            self.others.push(other);
        }
        Ok(())
    }

    /// The codes of the languages kept live, the default first.
    fn languages(&self) -> Vec<String> {
        std::iter::once(self).chain(&self.others).map(|l| l.session.site().config.language.clone()).collect()
    }

    fn start_one(opts: &BuildOptions, out: std::path::PathBuf) -> Result<(Live, Outcome), Diagnostics> {
        let t = Instant::now();
        let session = Session::open(opts)?;
        let mut live = Live {
            disk: Disk::new(out),
            session,
            pages: None,
            views: ViewCache::default(),
            search: search::SearchIndex::default(),
            touched: None,
            others: Vec::new(),
            deferred: Vec::new(),
            defer: false,
            reshaped: true,
        };
        let outcome = live.sync(t, "initial build".into(), false);
        Ok((live, outcome))
    }

    /// The session the preview keeps up to date, to read.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Apply a batch of changes and bring the output up to date, in every language.
    pub fn apply(&mut self, changes: &[Change]) -> Outcome {
        let mut outcome = self.apply_deferring(changes);
        if self.pending() {
            merge(&mut outcome, self.settle(), "");
        }
        outcome
    }

    /// `apply`, leaving out the whole-archive exports (`deferrable`) whose bytes changed: every
    /// page a reader browses is up to date when it returns, and `settle` writes the rest. The
    /// preview loop calls it so a save on a large archive reaches the browser without waiting
    /// for exports of every brief, and settles once the edits pause.
    pub fn apply_deferring(&mut self, changes: &[Change]) -> Outcome {
        self.set_defer(true);
        let outcome = self.apply_all(changes);
        self.set_defer(false);
        outcome
    }

    fn set_defer(&mut self, on: bool) {
        self.defer = on;
        for other in &mut self.others {
            other.defer = on;
        }
    }

    /// True when a sync left exports for `settle`, in any language.
    pub fn pending(&self) -> bool {
        !self.deferred.is_empty() || self.others.iter().any(Live::pending)
    }

    /// Render and write what `apply_deferring` left out, in every language. The model is the
    /// one the last sync saw, so the output then equals a clean build's.
    pub fn settle(&mut self) -> Outcome {
        self.settle_until(&|| false)
    }

    /// `settle`, one export at a time, stopping before the next one once `interrupted` says
    /// so (a new save came in): on a large archive the exports take seconds, and a save must
    /// not wait behind all of them. At least one export is written per call; those left stay
    /// pending, and the next sync finds them dirty again.
    pub fn settle_until(&mut self, interrupted: &dyn Fn() -> bool) -> Outcome {
        let mut outcome = self.settle_one(interrupted);
        for other in &mut self.others {
            if interrupted() {
                break;
            }
            let prefix = other.session.site().config.language_prefix.clone();
            let o = other.settle_one(interrupted);
            merge(&mut outcome, o, &prefix);
        }
        outcome
    }

    fn settle_one(&mut self, interrupted: &dyn Fn() -> bool) -> Outcome {
        let start = Instant::now();
        let mut later = std::mem::take(&mut self.deferred);
        let mut outcome = Outcome { what: "exports".into(), ..Outcome::default() };
        if later.is_empty() {
            return outcome;
        }
        let (views, _) = self.views.update(self.session.site(), Some(&[]));
        let mut done = 0;
        while done < later.len() && (done == 0 || !interrupted()) {
            let one = &later[done..=done];
            let mut problems: Vec<Diagnostic> = Vec::new();
            let mut sink = self.disk.page_sink(&mut problems);
            let mut o = Outcome::default();
            o.pages = self.render_pages(one, &views, &mut sink, &mut problems);
            o.rendered = o.pages.len();
            o.diagnostics = self.session.diags().all();
            if !o.diagnostics.has_errors() {
                let current = &self.pages.as_ref().expect("deferred pages come from dirty_pages").current;
                let others = Others {
                    statics: None,
                    search: None,
                    assets: Vec::new(),
                    current: &|p: &str| current.contains(p),
                    reshaped: false,
                };
                self.disk.finish(sink, others, problems, &mut o);
            }
            self.note_written(one);
            done += 1;
            let failed = !o.ok();
            merge(&mut outcome, o, "");
            if failed {
                break;
            }
        }
        // What a failed export left is found dirty again by the next sync, as after a failed
        // sync; what an interruption left waits for the next pause.
        if outcome.ok() {
            self.deferred = later.split_off(done);
        }
        outcome.millis = start.elapsed().as_secs_f64() * 1000.0;
        outcome
    }

    /// Bring the pages' record of what is on disk up to date for the `dirty` pages a sync
    /// handled (written, unchanged, or left as they were by a failed write).
    fn note_written(&mut self, dirty: &[Dirty]) {
        if let Some(pages) = &mut self.pages {
            for (i, _, path, _) in dirty {
                pages.on_disk[*i] = self.disk.signature(path);
            }
        }
    }

    fn apply_all(&mut self, changes: &[Change]) -> Outcome {
        let mut outcome = self.apply_one(changes);
        let declared: Vec<String> = self.session.site().config.languages.iter().map(|l| l.code.clone()).collect();
        if declared != self.languages() {
            // site.yaml changed the languages: the others are opened again, and the folders of
            // those no longer declared go.
            for old in std::mem::take(&mut self.others) {
                if !declared.contains(&old.session.site().config.language) {
                    let _ = std::fs::remove_dir_all(old.disk.out());
                }
            }
            if let Err(d) = self.start_others(&mut outcome) {
                outcome.diagnostics.extend_new(d.iter());
            }
            return outcome;
        }
        for other in &mut self.others {
            let prefix = other.session.site().config.language_prefix.clone();
            let o = other.apply_one(changes);
            outcome.css_only &= o.css_only;
            merge(&mut outcome, o, &prefix);
        }
        outcome
    }

    fn apply_one(&mut self, changes: &[Change]) -> Outcome {
        let t = Instant::now();
        let reloaded = self.session.reload(changes);
        if reloaded.everything {
            self.views.clear();
        }
        // Briefs changed in place since the last sync add up; a reassembled model resets them.
        self.touched = match (self.touched.take(), reloaded.touched) {
            (Some(mut before), Some(now)) => {
                before.extend(now);
                Some(before)
            }
            _ => None,
        };
        self.disk.assets_changed(reloaded.assets);
        let mut outcome = self.sync(t, reloaded.what, reloaded.statics);
        outcome.css_only = reloaded.css_only && outcome.rendered == 0;
        outcome
    }

    /// Bring the output in line with the model: render pages whose signature changed, write
    /// files whose bytes changed, delete files whose page is gone. A sync that finds an error
    /// writes nothing.
    fn sync(&mut self, start: Instant, what: String, statics_changed: bool) -> Outcome {
        self.session.refresh_globals();
        // An in-place update (`touched` kept) moves no page; static files and assets may.
        let reshaped = self.touched.is_none() || statics_changed || self.disk.assets_dirty();
        self.reshaped |= reshaped;
        self.session.check_site(reshaped);
        // Pages and their paths depend only on the model's shape, which an in-place update keeps.
        if self.touched.is_none() {
            self.pages = None;
        }
        let (views, hashes) = self.views.update(self.session.site(), self.touched.as_deref());
        // After an edit in place that touched no static file or asset, only the touched briefs
        // can differ from the last sync (another brief's rendering moves with those).
        let touched = self.touched.replace(Vec::new()).filter(|_| !reshaped);
        let mut dirty = self.dirty_pages(&hashes, touched.as_deref());
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut sink = self.disk.page_sink(&mut problems);
        // Only a sync that writes into the output in place may leave pages out: a first
        // sync swaps in a whole folder.
        let later: Vec<Dirty> = match (&sink, self.defer) {
            (PageSink::Memory(_), true) => {
                let (later, now) = dirty.into_iter().partition(|(_, p, _, _)| deferrable(p));
                dirty = now;
                later
            }
            _ => Vec::new(),
        };
        let pages = self.render_pages(&dirty, &views, &mut sink, &mut problems);
        let site = self.session.site();
        let search_key = |i: usize| hashing::combine([hashes[i], site.briefs[i].revision]);
        let search = self.search.update(site, &search_key, touched.as_deref());
        let diagnostics = self.session.diags().all();
        let mut outcome = Outcome { what, rendered: pages.len(), pages, diagnostics, ..Outcome::default() };
        if !outcome.diagnostics.has_errors() && self.session.has_templates() {
            let current = &self.pages.as_ref().expect("pages are listed by dirty_pages").current;
            let others = Others {
                statics: (statics_changed || matches!(sink, PageSink::Staging(..)))
                    .then(|| self.session.static_files()),
                search: Some(search),
                assets: self.session.published_assets(),
                current: &|p: &str| current.contains(p),
                reshaped: self.reshaped,
            };
            self.disk.finish(sink, others, problems, &mut outcome);
            self.reshaped &= !outcome.ok();
        }
        self.note_written(&dirty);
        // A failed sync wrote nothing; the next good one finds these pages dirty again.
        self.deferred = if outcome.ok() { later } else { Vec::new() };
        // Otherwise the staging folder of a first sync is dropped, which removes it.
        outcome.millis = start.elapsed().as_secs_f64() * 1000.0;
        outcome
    }

    /// The pages to render again, with their output paths and signatures: those whose
    /// signature moved from what is on disk, and those with a standing render error (their
    /// inputs can return to those of the last good render, a failing template override
    /// deleted, and only a render clears the error).
    fn dirty_pages(&mut self, hashes: &[u64], touched: Option<&[usize]>) -> Vec<Dirty> {
        let site = self.session.site();
        let keys = PageKeys::new(site, self.session.template_sources(), &[]);
        let disk = &self.disk;
        let pages = self.pages.get_or_insert_with(|| {
            let pages = Page::all(site);
            let paths: Vec<String> = pages.par_iter().map(|p| p.output_path(site)).collect();
            let current = paths.iter().cloned().collect();
            let on_disk = paths.iter().map(|p| disk.signature(p)).collect();
            PageSet { pages, paths, current, on_disk, signed: None, keys: Vec::new(), shared: None }
        });
        let moved = pages.signed.as_mut().and_then(|s| s.update(site, hashes, &pages.pages, keys.memo(), touched));
        let moved = match moved {
            Some(moved) => moved,
            None => {
                pages.signed = Some(Signatures::new(site, hashes, &pages.pages, keys.memo()));
                pages.shared = None;
                Vec::new()
            }
        };
        let signed = pages.signed.as_ref().expect("signed above");
        let shared = keys.shared();
        if pages.shared == Some(shared) {
            for p in moved {
                pages.keys[p] = keys.with(pages.pages[p], signed.sigs[p]);
            }
        } else {
            pages.keys = pages.pages.par_iter().zip(&signed.sigs).map(|(&p, &sig)| keys.with(p, sig)).collect();
            pages.shared = Some(shared);
        }
        let sigs = &pages.keys;
        // The kept signatures must be those a fresh signing gives: every test's preview checks it.
        #[cfg(debug_assertions)]
        {
            let fresh: Vec<u64> = pages.pages.par_iter().map(|&p| keys.of(site, hashes, p)).collect();
            if let Some(p) = (0..fresh.len()).find(|&p| fresh[p] != sigs[p]) {
                panic!("the kept signature of {:?} is not a fresh one's", pages.pages[p]);
            }
        }
        let failing = &self.session.diags().render;
        (0..sigs.len())
            .filter(|&i| {
                pages.on_disk[i] != Some(sigs[i]) || (!failing.is_empty() && failing.contains_key(&pages.paths[i]))
            })
            .map(|i| (i, pages.pages[i], pages.paths[i].clone(), sigs[i]))
            .collect()
    }

    /// Render the `dirty` pages into `sink`, a chunk at a time, and record each page's render
    /// problem (or its absence) in the session. Returns the output paths of the pages rendered.
    fn render_pages(
        &mut self,
        dirty: &[Dirty],
        views: &Views,
        sink: &mut PageSink,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        let mut outcomes: Vec<(String, Option<Diagnostic>)> = Vec::with_capacity(dirty.len());
        for chunk in dirty.chunks(sink.chunk(dirty.len())) {
            let pages: Vec<Page> = chunk.iter().map(|(_, p, _, _)| *p).collect();
            for ((_, _, path, sig), (_, r)) in chunk.iter().zip(self.session.render(&pages, views)) {
                match r {
                    Ok(f) => {
                        sink.accept(f, *sig, problems);
                        outcomes.push((path.clone(), None));
                    }
                    Err(d) => outcomes.push((path.clone(), Some(d))),
                }
            }
        }
        let mut rendered = Vec::with_capacity(outcomes.len());
        for (path, d) in outcomes {
            rendered.push(path.clone());
            self.session.set_render_problem(path, d);
        }
        let current = &self.pages.as_ref().expect("pages are listed by dirty_pages").current;
        self.session.retain_render_problems(|p| current.contains(p));
        rendered
    }
}

/// Whether the preview may write `page` after the pages a reader browses: the exports that
/// hold every brief, which each save on a large archive would otherwise write in full (tens of
/// megabytes), and which only machines read.
fn deferrable(page: &Page) -> bool {
    matches!(
        page,
        Page::BriefsJson | Page::BriefsCsv | Page::BriefsNdjson | Page::StixBundle | Page::Sitemap(_) | Page::Calendar
    )
}

/// Add one language's rebuild (or the exports a rebuild left for later) to the site's: the
/// languages share their files, so a problem of one file is said once; counts add up, as do
/// the times (the languages run one after another); `prefix` puts the language's pages under
/// its folder.
fn merge(into: &mut Outcome, one: Outcome, prefix: &str) {
    into.diagnostics.extend_new(one.diagnostics.iter());
    into.rendered += one.rendered;
    into.pages.extend(one.pages.into_iter().map(|p| format!("{prefix}{p}")));
    into.written += one.written;
    into.deleted += one.deleted;
    into.millis += one.millis;
}
