//! Watching the site: notify events, debounced into batches, each path classified into a
//! `Change`. Editor leftovers and the output directory are dropped here.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use crate::config::is_ignored_name;
pub use crate::session::Change;

/// Classify one changed path; `None` for paths that do not affect the site.
pub fn classify(root: &Path, output: &Path, theme: &str, path: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let name = parts.last()?;
    if parts.iter().any(|p| is_ignored_name(p)) || name.ends_with(".tmp") || name.contains(".dossier-") {
        return None;
    }
    let joined = |from: usize| parts[from..].join("/");
    match parts[0].as_str() {
        "site.yaml" if parts.len() == 1 => Some(Change::Config),
        // The folders themselves count too: files written right after a folder is created can
        // arrive before the watch on the new folder does.
        "content" => Some(Change::Content(joined(1))),
        "templates" => Some(Change::Template),
        "static" => Some(Change::Static(joined(1))),
        "themes" if parts.len() > 2 && parts[1] == theme => match parts[2].as_str() {
            "templates" => Some(Change::Template),
            "static" => Some(Change::Static(joined(3))),
            _ => None,
        },
        _ => None,
    }
}

/// Classify a batch, dropping repeats (the last event per path is all that matters: the
/// rebuild looks at the file as it is now).
pub fn classify_all(root: &Path, output: &Path, theme: &str, paths: &[PathBuf]) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for p in paths {
        if let Some(c) = classify(root, output, theme, p)
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Box<dyn notify::Watcher + Send>,
    root: PathBuf,
    /// The folders watched and which folder each was when its watch began.
    watched: Vec<(PathBuf, Identity)>,
    /// Changed paths as events arrive; `next_batch` debounces them.
    pub batches: mpsc::Receiver<Vec<PathBuf>>,
}

/// Folders watched recursively; everything else at the root (site.yaml, the output folder,
/// `target/`, `.git/`) is watched only for its top-level entries.
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];

impl Watcher {
    /// Watch the folders that are not watched yet: new ones (a `templates/` made while
    /// serving), and ones replaced by another folder of the same name (`rm -rf content && cp -r
    /// backup content`, a `git checkout`, a sync tool), whose old watch follows the deleted
    /// folder and would never report another change. Returns the folders whose watch is new:
    /// files may have been written into them before it began, so the caller reads them again.
    pub fn ensure_watched(&mut self) -> Vec<PathBuf> {
        let mut fresh = Vec::new();
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let Some(now) = identity(&dir) else { continue };
            match self.watched.iter().position(|(d, _)| *d == dir) {
                Some(i) if self.watched[i].1 == now => continue,
                Some(i) => {
                    let _ = self.inner.unwatch(&dir);
                    self.watched.remove(i);
                }
                None => {}
            }
            if self.inner.watch(&dir, notify::RecursiveMode::Recursive).is_ok() {
                self.watched.push((dir.clone(), now));
                fresh.push(dir);
            }
        }
        self.watched.retain(|(d, _)| d.is_dir());
        fresh
    }
}

/// Which folder a path is: two folders made one after the other under one name differ. The
/// inode number alone is not enough: a file system may give the new folder the number the
/// deleted one just freed; its creation time (where the system records it) tells them apart.
type Identity = (u64, u64, u128);

fn identity(dir: &Path) -> Option<Identity> {
    let m = std::fs::metadata(dir).ok().filter(|m| m.is_dir())?;
    let born = m.created().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino(), born))
    }
    #[cfg(not(unix))]
    {
        Some((0, 0, born))
    }
}

/// Quiet time that closes a batch: long enough to fold a `git checkout` into one rebuild,
/// short enough to feel instant.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// Watch the site under `root` (polling every `poll` when given, for file systems without events).
pub fn watch(root: &Path, poll: Option<Duration>) -> Result<Watcher, String> {
    let (tx, rx) = mpsc::channel();
    let root = root.canonicalize().map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    // Changes the system could not report one by one (its event queue overflowed) arrive as a
    // request to look again; `site.yaml` stands for "everything", which reloads the site.
    let everything = vec![root.join("site.yaml")];
    let handler = move |res: notify::Result<notify::Event>| match res {
        Ok(ev) if ev.need_rescan() => {
            let _ = tx.send(everything.clone());
        }
        // Reads (our own included) are not changes; reacting to them would loop forever.
        Ok(ev) if !matches!(ev.kind, notify::EventKind::Access(_)) && !ev.paths.is_empty() => {
            let _ = tx.send(ev.paths);
        }
        Ok(_) => {}
        // An error from the system's watch (its queue overflowed, a watch was lost): look again.
        Err(_) => {
            let _ = tx.send(everything.clone());
        }
    };
    let mut inner: Box<dyn notify::Watcher + Send> = match poll {
        Some(interval) => {
            let cfg = notify::Config::default().with_poll_interval(interval).with_compare_contents(true);
            Box::new(notify::PollWatcher::new(handler, cfg).map_err(|e| e.to_string())?)
        }
        None => Box::new(notify::recommended_watcher(handler).map_err(|e| e.to_string())?),
    };
    inner
        .watch(&root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let mut w = Watcher { inner, root, watched: Vec::new(), batches: rx };
    w.ensure_watched();
    Ok(w)
}

/// The debouncer: wait for the next change, then keep absorbing changes until the files have
/// been quiet for `DEBOUNCE`, so a burst (a `git checkout` of 500 files) becomes one rebuild.
pub fn next_batch(rx: &mpsc::Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    match next_batch_within(rx, None) {
        Waited::Batch(paths) => Some(paths),
        Waited::Idle | Waited::Stopped => None,
    }
}

/// What waiting for changes ended with.
pub enum Waited {
    /// A debounced batch of changed paths, sorted and without repeats.
    Batch(Vec<PathBuf>),
    /// Nothing changed for the whole wait.
    Idle,
    /// The watcher stopped.
    Stopped,
}

/// `next_batch`, giving up after `idle` without a change when it is given.
pub fn next_batch_within(rx: &mpsc::Receiver<Vec<PathBuf>>, idle: Option<Duration>) -> Waited {
    let first = match idle {
        None => rx.recv().map_err(|_| Waited::Stopped),
        Some(d) => rx.recv_timeout(d).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => Waited::Idle,
            mpsc::RecvTimeoutError::Disconnected => Waited::Stopped,
        }),
    };
    match first {
        Ok(p) => Waited::Batch(debounce(rx, p)),
        Err(w) => w,
    }
}

/// The batch that starts with `paths`: they and every change that follows within `DEBOUNCE`
/// of the last, sorted and without repeats.
pub fn debounce(rx: &mpsc::Receiver<Vec<PathBuf>>, mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
        paths.extend(more);
    }
    paths.sort();
    paths.dedup();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_kind_of_path() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let c = |p: &str| classify(root, out, "default", Path::new(p));
        let cases: &[(&str, Option<Change>)] = &[
            ("/site/site.yaml", Some(Change::Config)),
            ("/site/content/briefs/a.md", Some(Change::Content("briefs/a.md".into()))),
            ("/site/content/briefs", Some(Change::Content("briefs".into()))),
            // Assets are content too: the rebuild publishes them and renders their briefs again.
            (
                "/site/content/briefs/gaza-aid/Aid routes.png",
                Some(Change::Content("briefs/gaza-aid/Aid routes.png".into())),
            ),
            ("/site/content/briefs/.map.png.swp", None),
            ("/site/templates/brief.html", Some(Change::Template)),
            ("/site/themes/default/templates/base.html", Some(Change::Template)),
            ("/site/themes/other/templates/base.html", None),
            ("/site/themes/default/static/style.css", Some(Change::Static("style.css".into()))),
            ("/site/static/img/logo.svg", Some(Change::Static("img/logo.svg".into()))),
            ("/site/public/index.html", None),
            ("/site/content/briefs/.a.md.swp", None),
            ("/site/content/briefs/a.md~", None),
            ("/site/content/briefs/#a.md#", None),
            ("/site/content/.git/x", None),
            ("/site/.git/index", None),
            ("/site/target/debug/x", None),
            ("/site/README.md", None),
            ("/site/templates", Some(Change::Template)),
            ("/site/content", Some(Change::Content(String::new()))),
            ("/site/themes/default/templates", Some(Change::Template)),
            ("/elsewhere/x.md", None),
        ];
        for (path, want) in cases {
            assert_eq!(&c(path), want, "{path}");
        }
    }

    #[test]
    fn batches_drop_repeats() {
        let root = Path::new("/s");
        let paths: Vec<PathBuf> = ["/s/content/a.md", "/s/content/a.md", "/s/templates/x.html", "/s/templates/y.html"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let got = classify_all(root, Path::new("/s/public"), "default", &paths);
        assert_eq!(got, [Change::Content("a.md".into()), Change::Template]);
    }
}
