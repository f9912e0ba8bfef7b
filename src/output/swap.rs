//! Keeping the output whole whatever happens to the process writing it: one writer at a time
//! (an advisory lock beside the output), files on disk before the output is swapped in, a swap
//! that leaves either the old or the new output in place at every instant, and a recovery at
//! the next start for whatever a killed build left behind.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Name of the marker file that says "dossier made this directory": a folder holding it is a
/// whole output, safe to replace.
pub const MARKER: &str = ".dossier-output";

/// The files beside an output folder `<parent>/<name>` that dossier keeps.
#[derive(Debug, Clone)]
pub struct Beside {
    /// The folder holding the output.
    pub parent: PathBuf,
    /// The output folder's name.
    pub name: String,
}

impl Beside {
    /// The places beside `out`.
    pub fn of(out: &Path) -> Beside {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Beside { parent, name }
    }

    /// The output folder.
    pub fn out(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// The previous output, kept to be overwritten by the next build.
    pub fn prev(&self) -> PathBuf {
        self.parent.join(format!(".{}.dossier-prev", self.name))
    }

    /// The staging folder of the process `pid`.
    pub fn staging(&self, pid: u32) -> PathBuf {
        self.parent.join(format!("{}{pid}", self.staging_prefix()))
    }

    /// What the name of every staging folder of this output starts with.
    fn staging_prefix(&self) -> String {
        format!(".{}.dossier-tmp-", self.name)
    }

    /// The lock file. It is never removed: removing a lock file lets two processes each lock a
    /// different file under the same name.
    fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.dossier-lock", self.name))
    }

    /// Present only while the output is moved aside on a system without an atomic exchange.
    fn journal(&self) -> PathBuf {
        self.parent.join(format!(".{}.dossier-swap", self.name))
    }
}

/// The right to write one output folder, held from staging to swap. Dropping it lets the next
/// writer in.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Take the lock for the output at `places`, waiting (with a message) while another
    /// dossier process holds it, then put right what a killed writer left behind.
    pub fn acquire(places: &Beside) -> Result<OutputLock, Diagnostic> {
        let path = places.lock();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Diagnostic::error(format!("cannot open the output lock {}: {e}", path.display())))?;
        lock_exclusive(&file, &places.out())
            .map_err(|e| Diagnostic::error(format!("cannot lock {}: {e}", path.display())))?;
        recover(places);
        Ok(OutputLock { _file: file })
    }
}

/// Take the output's lock, saying so when another process holds it and this one waits.
fn lock_exclusive(file: &File, out: &Path) -> std::io::Result<()> {
    if crate::platform::lock_exclusive(file, false)? {
        return Ok(());
    }
    eprintln!("waiting for another dossier process writing {} to finish…", out.display());
    crate::platform::lock_exclusive(file, true).map(|_| ())
}

/// Put right what a killed writer left, under the lock (so no other writer is at work):
/// an output moved aside by an interrupted two-step swap goes back in place, and staging
/// folders of dead builds are removed, except that one holding a whole dossier output
/// becomes the kept previous output when there is none, to be overwritten by the next build.
fn recover(places: &Beside) {
    let (out, prev, journal) = (places.out(), places.prev(), places.journal());
    if journal.exists() {
        if !out.exists() && prev.is_dir() {
            let _ = std::fs::rename(&prev, &out);
        }
        let _ = std::fs::remove_file(&journal);
    }
    let prefix = places.staging_prefix();
    let Ok(entries) = std::fs::read_dir(&places.parent) else { return };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let path = entry.path();
        let whole = path.join(MARKER).is_file();
        if !(whole && !prev.exists() && std::fs::rename(&path, &prev).is_ok()) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Stop here, as if killed, when the environment names this point: a test hook for proving
/// that a build killed at any step leaves the old output or the new one, complete. Aborting
/// runs no destructors, exactly as a kill.
pub fn crash_point(name: &str) {
    if std::env::var_os("DOSSIER_CRASH_AT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

/// Make everything written under `dir` durable before it is swapped in, so a power loss
/// cannot publish empty or half-written files. On Linux one `syncfs` flushes the file system
/// holding `dir` (one call instead of one per file); elsewhere each file and folder is synced.
pub fn sync_tree(dir: &Path) -> std::io::Result<()> {
    if crate::platform::sync_file_system(dir)? {
        return Ok(());
    }
    {
        for entry in walkdir::WalkDir::new(dir).contents_first(true).into_iter().filter_map(Result::ok) {
            if let Ok(f) = File::open(entry.path()) {
                let _ = f.sync_all();
            }
        }
        Ok(())
    }
}

/// Make a rename inside `dir` durable.
pub fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Swap `staged` in for `places.out()`; the output it replaces becomes `places.prev()`. On
/// Linux the two folders exchange names in one step, so the output's name always holds a
/// whole output. Where that is not supported, the output is moved aside and the new one moved
/// in, with a journal file that tells the next writer's recovery to move the old one back if
/// the process dies between the two.
pub fn swap_in(staged: &Path, places: &Beside) -> Result<(), Diagnostic> {
    let (out, prev, journal) = (places.out(), places.prev(), places.journal());
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error(format!("cannot {what} {}: {e}", p.display()))
            .hint("the previous output is still in place; check the folder's permissions and free space")
    };
    if !out.exists() {
        std::fs::rename(staged, &out).map_err(|e| fail("create", &out, e))?;
        sync_dir(&places.parent);
        return Ok(());
    }
    if exchange(staged, &out) {
        crash_point("after-exchange");
        // `staged` now names the old output: keep it for the next build to overwrite.
        let _ = std::fs::remove_dir_all(&prev);
        if std::fs::rename(staged, &prev).is_err() {
            let _ = std::fs::remove_dir_all(staged);
        }
        sync_dir(&places.parent);
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(&prev);
    File::create(&journal).map_err(|e| fail("write", &journal, e))?;
    sync_dir(&places.parent);
    std::fs::rename(&out, &prev).map_err(|e| fail("move aside", &out, e))?;
    crash_point("between-renames");
    if let Err(e) = std::fs::rename(staged, &out) {
        let _ = std::fs::rename(&prev, &out);
        let _ = std::fs::remove_file(&journal);
        return Err(fail("replace", &out, e));
    }
    sync_dir(&places.parent);
    let _ = std::fs::remove_file(&journal);
    Ok(())
}

/// Exchange the names of two folders atomically; false where the system or file system
/// cannot, and always when the test hook asks for the two-step swap.
fn exchange(a: &Path, b: &Path) -> bool {
    if std::env::var_os("DOSSIER_TWO_STEP_SWAP").is_some() {
        return false;
    }
    crate::platform::exchange_names(a, b)
}
