//! The preview loop on top of the pipeline: `watch` turns file events into classified changes,
//! `rebuild` applies them to the in-memory session and writes only what changed, and `server`
//! serves the output over HTTP with live reload.

pub mod disk;
pub mod listen;
pub mod outcome;
pub mod rebuild;
pub mod scratch;
pub mod server;
pub mod view_cache;
pub mod watch;

use std::time::Duration;

use crate::serve::rebuild::{Live, Outcome};
use crate::serve::watch::{Waited, Watcher, classify_all, debounce, next_batch_within};

/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// How long the files must stay quiet after a rebuild before the preview writes the exports it
/// left out (`Live::settle`): long enough that typing and saving again does not wait behind
/// them, short enough that they are current by the time anyone looks.
pub const SETTLE_AFTER: Duration = Duration::from_millis(400);

/// Why the preview loop could not start.
pub enum StartError {
    /// The watcher could not watch the site.
    Watch(String),
    /// The site could not be opened (no usable config or output folder).
    Open(crate::diagnostics::Diagnostics),
}

/// Start watching the site's files, then open it and build it once: what `serve` and
/// `build --watch` both do before their loop. The watcher starts first, so no save made during
/// the first build is missed.
pub fn start(opts: &crate::options::BuildOptions, poll: bool) -> Result<(Live, Watcher, Outcome), StartError> {
    let watcher =
        watch::watch(&opts.root, poll.then_some(POLL_INTERVAL)).map_err(|e| StartError::Watch(e.to_string()))?;
    let (live, first) = Live::start(opts).map_err(StartError::Open)?;
    Ok((live, watcher, first))
}

/// Rebuild after every batch of changes until the watcher stops; `report` sees each outcome.
/// A rebuild writes the pages a reader browses first (`Live::apply_deferring`); the exports of
/// the whole archive follow once the files have been quiet for `SETTLE_AFTER`, and their
/// outcome is reported only when it has a problem (the browser has reloaded already). A save
/// while they are written stops them after the export at hand; they follow the next pause.
pub fn run_loop(live: &mut Live, watcher: &mut Watcher, mut report: impl FnMut(&Outcome)) {
    loop {
        let idle = live.pending().then_some(SETTLE_AFTER);
        let mut paths = match next_batch_within(&watcher.batches, idle) {
            Waited::Batch(paths) => paths,
            Waited::Stopped => return,
            Waited::Idle => {
                let arrived: std::cell::RefCell<Option<Vec<std::path::PathBuf>>> = Default::default();
                let interrupted = || {
                    let mut a = arrived.borrow_mut();
                    if a.is_none() {
                        *a = watcher.batches.try_recv().ok();
                    }
                    a.is_some()
                };
                let outcome = live.settle_until(&interrupted);
                if !outcome.ok() {
                    report(&outcome);
                }
                match arrived.into_inner() {
                    Some(first) => debounce(&watcher.batches, first),
                    None => continue,
                }
            }
        };
        let opts = live.session().opts();
        let root = opts.root.canonicalize().unwrap_or_else(|_| opts.root.clone());
        // A folder watched afresh may be a new folder that replaced the old one, filled (with
        // files of the same names as before, or not) before its watch began: the whole site is
        // read again, as for a change of site.yaml.
        if !watcher.ensure_watched().is_empty() {
            paths.push(root.join("site.yaml"));
        }
        let output = opts.output();
        let output = output.canonicalize().unwrap_or(output);
        let changes = classify_all(&root, &output, &live.session().site().config.theme, &paths);
        if changes.is_empty() {
            continue;
        }
        let outcome = live.apply_deferring(&changes);
        report(&outcome);
    }
}
