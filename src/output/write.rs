//! Writing the site: every file goes into a fresh directory beside the output, which is swapped
//! in only when everything was written, so a failed build leaves the previous output untouched.
//! Also the guards that stop dossier from replacing a directory it does not own.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::artifact::{Contents, OutputFile};
use crate::diagnostics::Diagnostic;
use crate::output::swap::{self, MARKER};

/// Refuse output directories that would destroy something: the site root or a folder above
/// it, the file system root, or an existing non-empty folder dossier did not create.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    let refuse = |why: String| {
        Err(Diagnostic::error(format!("refusing to use {} as the output directory: {why}", out.display()))
            .hint("choose a dedicated folder, such as `--output-dir public`"))
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root".into());
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site itself".into());
    }
    for protected in ["content", "templates", "themes", "static"] {
        let p = root_abs.join(protected);
        if out_abs.starts_with(&p) {
            return refuse(format!("it is inside the site's {protected}/ folder"));
        }
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return refuse("it is a file".into());
        }
        // The output is replaced as a whole folder, and a mount point cannot be renamed:
        // found now, before anything is rendered, rather than at the swap.
        if is_mount_point(&out_abs) {
            return Err(Diagnostic::error(format!(
                "refusing to use {} as the output directory: it is a mount point, which dossier cannot replace",
                out.display()
            ))
            .hint(format!(
                "write into a folder inside it, such as `--output-dir {}`",
                out_abs.join("site").display()
            )));
        }
        let empty = std::fs::read_dir(&out_abs).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !out_abs.join(MARKER).exists() {
            return refuse(format!("it is not empty and was not created by dossier (no {MARKER} file in it)"));
        }
    }
    Ok(())
}

/// True when `dir` is on another device than its parent: a mount point (a bind mount of a
/// folder of the same device is not seen, and fails at the swap with a clear error instead).
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(dir), dir.parent().map(std::fs::metadata)) {
            (Ok(d), Some(Ok(p))) => d.dev() != p.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// The path made absolute and cleaned of `.` and `..` without touching the disk (the output
/// directory may not exist yet).
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let canon_base = joined.canonicalize().ok();
    if let Some(c) = canon_base {
        return c;
    }
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// True when `rel` is a plain relative path: no root, no `..`, no empty segments.
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Write `files` into a fresh directory beside `out` and swap it in. Returns the number of files
/// written. On failure the previous `out` is left as it was. The tests' way to drive a whole
/// `Staging`; builds and the preview write through one as they render.
#[cfg(test)]
fn write_atomic(out: &Path, files: &[OutputFile]) -> Result<usize, Diagnostic> {
    let staging = Staging::new(out)?;
    use rayon::prelude::*;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// A folder beside the output that files go into as they are made, and that replaces the
/// output in one rename once everything succeeded. Dropped without `commit`, it is removed and
/// the output stays as it was.
///
/// The output it replaces is not deleted but kept, hidden, as `.<name>.dossier-prev`, and the
/// next build writes into that folder again: overwriting files is several times cheaper than
/// deleting thousands and creating them anew (ext4 avoids reusing inodes freed moments ago).
pub struct Staging {
    tmp: PathBuf,
    /// True when `tmp` is a previous output being overwritten, which may hold stale files.
    reused: bool,
    written: std::sync::Mutex<Vec<String>>,
    /// In a new folder, the top-level folders written so far: each is made under a name of
    /// its own for this build and renamed at `commit` (see `top_folder`).
    top_folders: std::sync::Mutex<HashSet<String>>,
    /// Folders known to exist: most files share their folder with others, and asking the
    /// file system to make an existing folder again costs a failed `mkdir` and a `stat`.
    folders: std::sync::Mutex<HashSet<PathBuf>>,
    /// This process's id, which names the staging folders.
    pid: u32,
    committed: bool,
    /// The places beside the output.
    places: swap::Beside,
    /// A sync started early (`start_sync`), joined before the swap.
    early_sync: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
    /// In a reused folder, the listing of the files it held when the build began, made on a
    /// thread of its own while the build renders (see `list_files`).
    listing: std::sync::Mutex<Option<std::thread::JoinHandle<Vec<String>>>>,
    /// Held until the staging folder is swapped in or dropped; declared last so that it is
    /// released only after `drop` has put the staging folder away.
    _lock: swap::OutputLock,
}

impl Staging {
    /// Prepare the staging folder: the previous output kept by the last build, or a new one.
    pub fn new(out: &Path) -> Result<Staging, Diagnostic> {
        let places = swap::Beside::of(out);
        let parent = places.parent.clone();
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
        // One writer at a time, from here to the swap: two builds sharing the kept previous
        // output as their staging folder would each take it from the other.
        let lock = swap::OutputLock::acquire(&places)?;
        let pid = std::process::id();
        let tmp = places.staging(pid);
        let prev = places.prev();
        let _ = std::fs::remove_dir_all(&tmp);
        // Only a folder dossier made is reused; anything else there is left alone.
        let reused = prev.join(MARKER).is_file() && std::fs::rename(&prev, &tmp).is_ok();
        if !reused {
            std::fs::create_dir_all(&tmp).map_err(|e| io_error(&tmp, "create", &e))?;
            spread_subfolders(&tmp);
        }
        std::fs::write(tmp.join(MARKER), b"This directory is written by dossier and replaced on every build.\n")
            .map_err(|e| io_error(&tmp, "write", &e))?;
        // Listing a reused output's files means reading each of its folders, one per page,
        // which on a cold disk is seconds for a large archive: it goes on beside the build's
        // other stages instead of after them. Files this build writes meanwhile may or may
        // not be listed (they are not stale either way); a file the folder held before is
        // listed, as reading a folder returns every entry left in place while it is read.
        let listing = reused.then(|| {
            let dir = tmp.clone();
            std::thread::spawn(move || list_files(&dir))
        });
        Ok(Staging {
            tmp,
            reused,
            written: Default::default(),
            top_folders: Default::default(),
            folders: Default::default(),
            pid,
            committed: false,
            places,
            early_sync: Default::default(),
            listing: std::sync::Mutex::new(listing),
            _lock: lock,
        })
    }

    /// Start putting what is written so far on disk, on a thread of its own, while the build
    /// goes on with the rest: the sync before the swap then waits only for what came after.
    /// A build calls it once the brief pages, most of the output, are written.
    pub fn start_sync(&self) {
        let tmp = self.tmp.clone();
        let handle = std::thread::spawn(move || {
            let _ = swap::sync_tree(&tmp);
        });
        *self.early_sync.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
    }

    /// Write one file (safe to call from many threads at once).
    pub fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        self.write_under("", f)
    }

    /// Write one file under the folder `prefix` of the output (`ar/`: a language's pages).
    pub fn write_under(&self, prefix: &str, f: &OutputFile) -> Result<(), Diagnostic> {
        let joined;
        let path = match prefix.is_empty() {
            true => f.path.as_str(),
            false => {
                joined = format!("{prefix}{}", f.path);
                joined.as_str()
            }
        };
        if !is_safe_relative(path) {
            return Err(Diagnostic::error(format!("refusing to write outside the output directory: \"{path}\"")));
        }
        let target = self.target(path);
        if let Some(parent) = target.parent() {
            self.make_folder(parent)?;
        }
        match &f.contents {
            Contents::Bytes(b) => self.write_if_changed(&target, b),
            Contents::Embedded(b) => self.write_if_changed(&target, b),
            Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
            Contents::Pieces(p) => self.write_pieces_if_changed(&target, p),
        }
        .map_err(|e| io_error(&target, "write", &e))?;
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_string());
        Ok(())
    }

    /// True when the staging folder is a previous output being overwritten: its files may be
    /// kept (`keep`) rather than written.
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// Keep the file at `rel` (relative to the output, prefix included) as the reused folder
    /// holds it: it counts as written, and is not removed as stale.
    pub fn keep(&self, rel: &str) {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push(rel.to_string());
    }

    /// The stamp of the file at `rel` (relative to the output, prefix included) in the staging
    /// folder, if it is a plain file.
    pub fn stamp(&self, rel: &str) -> Option<FileStamp> {
        if !is_safe_relative(rel) {
            return None;
        }
        FileStamp::of(&self.target(rel))
    }

    /// `stamp` of each of `rels`, in order, looked up on many threads at once: on a cold disk
    /// each lookup waits for reads of its folders and inode, which the disk serves many at a
    /// time, so a build's thousands of lookups wait together instead of one after another.
    pub fn stamps(&self, rels: &[&str]) -> Vec<Option<FileStamp>> {
        const LOOKUPS_AT_ONCE: usize = 32;
        let mut out = vec![None; rels.len()];
        let per = rels.len().div_ceil(LOOKUPS_AT_ONCE).max(16);
        std::thread::scope(|s| {
            for (rels, out) in rels.chunks(per).zip(out.chunks_mut(per)) {
                let look = move || {
                    for (rel, o) in rels.iter().zip(out) {
                        *o = self.stamp(rel);
                    }
                };
                // A lookup needs little stack; a default one (megabytes) costs more to set up. A
                // thread that cannot start leaves its lookups undone: those pages are rendered.
                let _ = std::thread::Builder::new().stack_size(64 * 1024).spawn_scoped(s, look);
            }
        });
        out
    }

    /// Make, ahead of the writers, the folders that the files at `paths` (relative to the
    /// output) will go into, until `stop` is set. Making a folder is the file system's
    /// costliest step of a write, and a build calls this on a spare thread while its other
    /// stages leave a core idle, so the writers later find most folders made. Only a new
    /// output gains: a reused one already has its folders. Failures are left for `write` to
    /// report.
    pub fn make_folders<'a>(&self, paths: impl IntoIterator<Item = &'a str>, stop: &AtomicBool) {
        if self.reused {
            return;
        }
        for rel in paths {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if is_safe_relative(rel)
                && let Some(parent) = self.target(rel).parent()
            {
                let _ = self.make_folder(parent);
            }
        }
    }

    /// Where the file at `rel` (relative to the output) is written while staged.
    fn target(&self, rel: &str) -> PathBuf {
        match rel.split_once('/') {
            Some((top, rest)) if !self.reused => self.tmp.join(self.top_folder(top)).join(rest),
            _ => self.tmp.join(rel),
        }
    }

    /// Make `dir` and its parents unless already known to exist.
    fn make_folder(&self, dir: &Path) -> Result<(), Diagnostic> {
        let known = |p: &Path| self.folders.lock().unwrap_or_else(|e| e.into_inner()).contains(p);
        if !known(dir) {
            // create_dir_all tolerates other threads creating the same folders.
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create", &e))?;
            self.folders.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// The name a top-level folder (`briefs`) is made under in a new output: its own name
    /// plus this process's id, renamed at `commit`.
    ///
    /// ext4 places a folder whose parent spreads its folders (see `spread_subfolders`) by a
    /// hash of its name. Under its final name `briefs/` would land, build after build, in the
    /// block group where the last output was, and right after that output was deleted, ext4
    /// scans past every inode freed there for each new file.
    fn top_folder(&self, top: &str) -> String {
        let mut made = self.top_folders.lock().unwrap_or_else(|e| e.into_inner());
        if !made.contains(top) {
            made.insert(top.to_string());
        }
        self.staged_name(top)
    }

    /// What `top_folder` calls a top-level folder until `commit`.
    fn staged_name(&self, top: &str) -> String {
        format!("{top}.dossier-{}", self.pid)
    }

    /// Write `bytes` unless a reused folder already holds exactly them. Rewriting a file in
    /// place costs more than reading it: ext4 flushes a truncated file's data when it is
    /// closed. Unchanged files also keep their modification times, which helps `rsync`.
    fn write_if_changed(&self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if self.reused
            && std::fs::metadata(target).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(target).is_ok_and(|old| old == bytes)
        {
            return Ok(());
        }
        std::fs::write(target, bytes)
    }

    /// `write_if_changed` for bytes in `pieces`, compared with the old file a block at a time.
    fn write_pieces_if_changed(&self, target: &Path, pieces: &[std::sync::Arc<[u8]>]) -> std::io::Result<()> {
        let len: usize = pieces.iter().map(|p| p.len()).sum();
        if self.reused
            && std::fs::metadata(target).is_ok_and(|m| m.is_file() && m.len() == len as u64)
            && same_bytes(target, pieces)
        {
            return Ok(());
        }
        write_pieces(target, pieces)
    }

    /// Remove what an earlier build left in a reused folder and this one did not write.
    fn remove_stale(&self) {
        let written: std::collections::HashSet<String> =
            self.written.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect();
        let listed = self.listing.lock().unwrap_or_else(|e| e.into_inner()).take().and_then(|h| h.join().ok());
        // Should the listing thread have failed, the folder is listed here: a stale file left
        // in the output would be published.
        let listed = listed.unwrap_or_else(|| list_files(&self.tmp));
        for rel in listed {
            if !written.contains(&rel) {
                remove_file(&self.tmp, &rel);
            }
        }
    }

    /// Swap the staging folder in for the output; returns the number of files written.
    pub fn commit(mut self) -> Result<usize, Diagnostic> {
        if self.reused {
            self.remove_stale();
        }
        for top in std::mem::take(&mut *self.top_folders.lock().unwrap_or_else(|e| e.into_inner())) {
            let from = self.tmp.join(self.staged_name(&top));
            std::fs::rename(&from, self.tmp.join(&top)).map_err(|e| io_error(&from, "rename", &e))?;
        }
        swap::crash_point("before-sync");
        // Every file on disk before the output's name points at them.
        if let Some(early) = self.early_sync.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = early.join();
        }
        swap::sync_tree(&self.tmp).map_err(|e| io_error(&self.tmp, "sync", &e))?;
        swap::crash_point("before-swap");
        swap::swap_in(&self.tmp, &self.places)?;
        self.committed = true;
        Ok(self.written.lock().unwrap_or_else(|e| e.into_inner()).len())
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves the output as it was. A previous output it was
    /// overwriting goes back to being kept for the next build, which compares its bytes file
    /// by file: some files may already hold this build's bytes, and that is all the same to
    /// it. A new folder is removed.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if !self.reused || std::fs::rename(&self.tmp, self.places.prev()).is_err() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Every file under `dir` but the output's marker, `/`-separated and relative to `dir`.
fn list_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).into_iter().filter_map(Result::ok) {
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !entry.file_type().is_dir() && rel != MARKER {
            files.push(rel);
        }
    }
    files
}

/// What tells one write of a file from another without reading it: its inode, size, and the
/// times of its last change of content and of metadata. A file written by a build and touched
/// by nothing since has the stamp that build saw after writing it; any write, truncation,
/// replacement or `touch` gives it another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// The inode (0 where the system has none).
    pub ino: u64,
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified: i128,
    /// Status change time, nanoseconds since the epoch (the modification time where the
    /// system has none).
    pub changed: i128,
}

impl FileStamp {
    /// The stamp of the plain file at `path` (a link or a folder has none).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
        let nanos = |t: std::time::SystemTime| match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        let modified = nanos(meta.modified().ok()?);
        #[cfg(unix)]
        let (ino, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (ino, changed) = (0, modified);
        Some(FileStamp { ino, len: meta.len(), modified, changed })
    }
}

/// Hold the right to write the output folder `out` (see `swap::OutputLock`), for writers that
/// change files in place rather than through a `Staging` folder.
pub fn lock_output(out: &Path) -> Result<swap::OutputLock, Diagnostic> {
    swap::OutputLock::acquire(&swap::Beside::of(out))
}

/// Write `pieces` one after another into a new file at `path`.
fn write_pieces(path: &Path, pieces: &[std::sync::Arc<[u8]>]) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    pieces.iter().try_for_each(|p| w.write_all(p))?;
    w.flush()
}

/// True when the file at `path` holds exactly the bytes of `pieces`, read a block at a time.
fn same_bytes(path: &Path, pieces: &[std::sync::Arc<[u8]>]) -> bool {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(path) else { return false };
    let mut r = std::io::BufReader::with_capacity(1 << 16, f);
    let mut buf = vec![0u8; 1 << 16];
    for p in pieces {
        let mut rest: &[u8] = p;
        while !rest.is_empty() {
            let n = rest.len().min(buf.len());
            if r.read_exact(&mut buf[..n]).is_err() || buf[..n] != rest[..n] {
                return false;
            }
            rest = &rest[n..];
        }
    }
    r.read(&mut buf[..1]).is_ok_and(|n| n == 0)
}

/// Write one file inside `out`, atomically: readers see the old bytes or the new, never half.
pub fn write_file(out: &Path, rel: &str, contents: &Contents) -> Result<(), Diagnostic> {
    if !is_safe_relative(rel) {
        return Err(Diagnostic::error(format!("refusing to write outside the output directory: \"{rel}\"")));
    }
    let target = out.join(rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = target.with_file_name(format!(".{name}.dossier-tmp-{}", std::process::id()));
    let written = match contents {
        Contents::Bytes(b) => std::fs::write(&tmp, b),
        Contents::Embedded(b) => std::fs::write(&tmp, b),
        Contents::Copy(src) => std::fs::copy(src, &tmp).map(|_| ()),
        Contents::Pieces(p) => write_pieces(&tmp, p),
    };
    written.and_then(|_| std::fs::rename(&tmp, &target)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(&target, "write", &e)
    })
}

/// Remove the output `out` and the previous output kept beside it, each only when dossier made
/// it (it holds the marker file), holding the output's lock so no build is writing it. Returns
/// what was removed.
pub fn remove_output(out: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let places = swap::Beside::of(out);
    if !places.parent.is_dir() {
        return Ok(Vec::new());
    }
    let _lock = swap::OutputLock::acquire(&places)?;
    let mut removed = Vec::new();
    for dir in [places.out(), places.prev()] {
        if !dir.exists() {
            continue;
        }
        if !dir.join(MARKER).is_file() {
            return Err(Diagnostic::error(format!(
                "{} was not made by dossier (no {MARKER} in it); it is left alone",
                dir.display()
            ))
            .hint("remove it yourself if it is not needed"));
        }
        std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, "remove", &e))?;
        removed.push(dir);
    }
    Ok(removed)
}

/// Remove one file inside `out` and any folders it leaves empty (never `out` itself).
pub fn remove_file(out: &Path, rel: &str) {
    if !is_safe_relative(rel) {
        return;
    }
    let target = out.join(rel);
    let _ = std::fs::remove_file(&target);
    let mut dir = target.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Ask the file system to place the new output's top-level folders (`briefs/`, `actors/`…) in
/// block groups of their own, as it does for folders at the root of a disk.
///
/// Without the hint ext4 puts them beside their parent, which is where the output of the last
/// build was if it was just deleted (`rm -rf public && dossier build`, or a benchmark). There,
/// every new inode is found only after scanning past each inode freed in the last minutes, which
/// ext4 without a journal declines to reuse, and writing a large site is much slower
/// (BENCHMARKS.md). Only the output root gets the hint; the folders inside those keep their parent's group,
/// so the pages of one section stay together on disk. Where the call is not supported (other
/// file systems, other systems) nothing happens.
fn spread_subfolders(dir: &Path) {
    crate::platform::mark_top_folder(dir);
}

/// The problems of writing an output, with the repeats of one cause folded: a full disk or a
/// read-only folder fails every file after the first, and a few examples and a count say as
/// much as hundreds of lines. Problems are grouped by their hint, which `io_error` chooses by
/// the kind of failure.
pub fn collapse_repeats(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const SHOWN: usize = 3;
    let mut seen: std::collections::HashMap<Option<String>, usize> = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut hidden: Vec<(Option<String>, usize)> = Vec::new();
    for d in problems {
        let n = seen.entry(d.hint.clone()).or_insert(0);
        *n += 1;
        if *n <= SHOWN {
            out.push(d);
        } else if let Some(h) = hidden.iter_mut().find(|(k, _)| *k == d.hint) {
            h.1 += 1;
        } else {
            hidden.push((d.hint.clone(), 1));
        }
    }
    for (hint, n) in hidden {
        let mut d = Diagnostic::error(format!("{n} more files could not be written for the same reason"));
        d.hint = hint;
        out.push(d);
    }
    out
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind;
    let hint = match e.kind() {
        // create_dir_all reports a file standing where a folder must go as "File exists".
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => {
            format!("{} or a folder above it is a file; move it, or choose another --output-dir", path.display())
        }
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "check the permissions of the output folder and the folder it is in".to_string()
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "free some disk space".to_string(),
        _ => "check free disk space and permissions".to_string(),
    };
    Diagnostic::error(format!("cannot {what} {}: {e}", path.display())).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mount_point_is_refused_before_anything_is_rendered() {
        // /proc is a mount point on every Linux system.
        let site = tempfile::tempdir().unwrap();
        let d = check_output_dir(site.path(), Path::new("/proc")).unwrap_err();
        assert!(d.message.contains("mount point"), "{}", d.message);
        assert!(d.hint.unwrap().contains("/proc/site"));
    }

    #[test]
    fn repeated_write_failures_are_folded_into_a_count() {
        let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied");
        let mut problems: Vec<Diagnostic> =
            (0..500).map(|i| io_error(Path::new(&format!("public/b{i}.html")), "write", &full)).collect();
        problems.push(io_error(Path::new("public/x"), "create", &denied));
        let out = collapse_repeats(problems);
        assert_eq!(out.len(), 5, "{out:#?}");
        assert!(out.iter().any(|d| d.message == "497 more files could not be written for the same reason"));
        assert!(out.iter().any(|d| d.message.contains("Permission denied")));
    }

    #[test]
    fn unsafe_relative_paths_are_rejected() {
        for p in ["../x", "a/../../x", "/etc/passwd", "a\\b", "", "a//b", "./a"] {
            assert!(!is_safe_relative(p), "{p}");
        }
        assert!(is_safe_relative("briefs/x/index.html"));
    }

    #[test]
    fn swap_replaces_and_failure_keeps_old() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str, b: &str| OutputFile { path: p.into(), contents: Contents::Bytes(b.as_bytes().to_vec()) };
        write_atomic(&out, &[file("a/index.html", "one")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        write_atomic(&out, &[file("b.html", "two")]).unwrap();
        assert!(!out.join("a").exists());
        let bad = || OutputFile { path: "c.html".into(), contents: Contents::Copy(dir.path().join("missing")) };
        assert!(write_atomic(&out, &[file("d.html", "x"), bad()]).is_err());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        // The output before it, kept to be overwritten, is kept again for the next build.
        assert_eq!(list(dir.path()), [".public.dossier-prev", "public"]);
        write_atomic(&out, &[file("e.html", "three")]).unwrap();
        assert_eq!(list(&out), [MARKER, "e.html"], "stale files of the kept output are removed");
        // A failed build into a new folder leaves nothing beside the output.
        std::fs::remove_dir_all(dir.path().join(".public.dossier-prev")).unwrap();
        assert!(write_atomic(&out, &[file("f/index.html", "x"), bad()]).is_err());
        assert_eq!(list(dir.path()), ["public"]);
        assert_eq!(list(&out), [MARKER, "e.html"]);
    }

    #[test]
    fn a_kept_output_loses_every_file_the_build_did_not_write_however_deep() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str| OutputFile { path: p.into(), contents: Contents::Bytes(p.as_bytes().to_vec()) };
        let old: Vec<String> = (0..200).map(|i| format!("briefs/b{i}/index.html")).collect();
        let mut first: Vec<OutputFile> = old.iter().map(|p| file(p)).collect();
        first.extend(["a.html", "x/y.html", "x/y/z/deep.html", "briefs/keep/index.html"].map(file));
        write_atomic(&out, &first).unwrap();
        write_atomic(&out, &[file("other.html")]).unwrap();
        // The third build overwrites the first's output, kept beside: only what it writes stays.
        write_atomic(&out, &[file("briefs/keep/index.html"), file("a.html")]).unwrap();
        let mut left: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [MARKER, "a.html", "briefs/keep/index.html"]);
        assert!(!out.join("x").exists() && !out.join("briefs/b0").exists(), "emptied folders go too");
    }

    #[test]
    fn files_written_while_the_kept_output_is_listed_stay_and_the_stale_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str| OutputFile { path: p.into(), contents: Contents::Bytes(p.as_bytes().to_vec()) };
        // One large folder, so that the build adds entries to it while it is being listed.
        let old: Vec<OutputFile> = (0..3000).map(|i| file(&format!("flat/old{i}.html"))).collect();
        write_atomic(&out, &old).unwrap();
        write_atomic(&out, &[file("other.html")]).unwrap();
        for round in 0..3 {
            // Overwrites the output of two builds before: the old files, listed on a thread of
            // their own while this build writes new ones beside them and keeps every third.
            let staging = Staging::new(&out).unwrap();
            let new: Vec<OutputFile> = (0..3000).map(|i| file(&format!("flat/new{round}-{i}.html"))).collect();
            use rayon::prelude::*;
            new.par_iter().try_for_each(|f| staging.write(f)).unwrap();
            let kept: Vec<String> = (0..3000).step_by(3).map(|i| format!("flat/old{i}.html")).collect();
            kept.iter().filter(|k| staging.stamp(k).is_some()).for_each(|k| staging.keep(k));
            staging.commit().unwrap();
            let mut left: Vec<String> = std::fs::read_dir(out.join("flat"))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            left.sort();
            let mut want: Vec<String> = new.iter().map(|f| f.path["flat/".len()..].to_string()).collect();
            // Builds alternate between two folders: the old files are in the one rounds 0 and
            // 2 overwrite, and there the kept ones stay.
            if round != 1 {
                want.extend(kept.iter().map(|k| k["flat/".len()..].to_string()));
            }
            want.sort();
            assert_eq!(left, want, "round {round}");
        }
    }

    #[test]
    fn pieces_are_written_whole_and_a_kept_file_with_their_bytes_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let pieces = |parts: &[&str]| OutputFile {
            path: "briefs.json".into(),
            contents: Contents::Pieces(parts.iter().map(|p| std::sync::Arc::from(p.as_bytes())).collect()),
        };
        let stamp = |p: &Path| FileStamp::of(&p.join("briefs.json")).unwrap();
        // Two builds, so that the third overwrites a kept output: the first's.
        write_atomic(&out, &[pieces(&["{\"a\":", "[1", ",2]}"])]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("briefs.json")).unwrap(), "{\"a\":[1,2]}");
        write_atomic(&out, &[pieces(&["{\"a\":", "[1", ",2]}"])]).unwrap();
        let before = stamp(&dir.path().join(".public.dossier-prev"));
        // The same bytes, cut elsewhere: the kept file is not written again.
        write_atomic(&out, &[pieces(&["{\"a\":[", "1,2", "]}"])]).unwrap();
        assert_eq!(stamp(&out), before);
        // Other bytes of the same length, then a longer file: written.
        write_atomic(&out, &[pieces(&["{\"a\":[1,3]}"])]).unwrap();
        write_atomic(&out, &[pieces(&["{\"a\":[1,3]}", "\n"])]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("briefs.json")).unwrap(), "{\"a\":[1,3]}\n");
        let prev = std::fs::read_to_string(dir.path().join(".public.dossier-prev/briefs.json")).unwrap();
        assert_eq!(prev, "{\"a\":[1,3]}");
    }

    /// The names in `dir`, without the output lock file, which stays by design.
    fn list(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".dossier-lock"))
            .collect();
        names.sort();
        names
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_new_output_spreads_its_folders_where_the_file_system_can() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = OutputFile { path: "briefs/a/index.html".into(), contents: Contents::Bytes(b"a".to_vec()) };
        write_atomic(&out, &[file]).unwrap();
        // Top-level folders are made under names of their own and renamed before the swap.
        let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.iter().all(|n| n == "briefs" || n == MARKER), "{names:?}");
        assert_eq!(std::fs::read(out.join("briefs/a/index.html")).unwrap(), b"a");
        // tmpfs and some others have no inode flags; ext4, xfs and btrfs do.
        if let Some(top) = crate::platform::is_top_folder(&out) {
            assert!(top, "the output root spreads its folders");
            assert_eq!(crate::platform::is_top_folder(&out.join("briefs")), Some(false), "only the root does");
        }
    }

    #[test]
    fn folders_made_ahead_are_the_ones_the_files_need() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let paths = ["briefs/a/index.html", "briefs/b/index.html", "tags/x/page/2/index.html", "atom.xml"];
        let staging = Staging::new(&out).unwrap();
        staging.make_folders(paths, &AtomicBool::new(false));
        // Made under the build's own top-level names, before any file is written.
        for folder in ["briefs/a", "briefs/b", "tags/x/page/2"] {
            let (top, rest) = folder.split_once('/').unwrap();
            assert!(staging.tmp.join(staging.staged_name(top)).join(rest).is_dir(), "{folder}");
        }
        for p in paths {
            staging.write(&OutputFile { path: p.into(), contents: Contents::Bytes(p.as_bytes().to_vec()) }).unwrap();
        }
        assert_eq!(staging.commit().unwrap(), paths.len());
        for p in paths {
            assert_eq!(std::fs::read_to_string(out.join(p)).unwrap(), p);
        }
        assert_eq!(list(&out), [MARKER, "atom.xml", "briefs", "tags"]);
    }

    #[test]
    fn making_folders_ahead_stops_when_asked_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.make_folders(["briefs/a/index.html"], &AtomicBool::new(true));
        assert_eq!(std::fs::read_dir(&staging.tmp).unwrap().count(), 1, "only the marker");
        staging.make_folders(["briefs/a/index.html", "../escape/index.html"], &AtomicBool::new(false));
        assert!(!dir.path().join("escape").exists());
        // A build that fails after making folders drops its staging folder and all in it.
        drop(staging);
        assert!(list(dir.path()).is_empty(), "{:?}", list(dir.path()));
    }

    #[test]
    fn a_reused_folder_keeps_files_whose_bytes_are_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str, b: &str| OutputFile { path: p.into(), contents: Contents::Bytes(b.as_bytes().to_vec()) };
        let build = |v: &str| write_atomic(&out, &[file("same.html", "same"), file("new.html", v)]).unwrap();
        build("v1");
        // Age the first build's files, which the third build writes into again.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        for name in ["same.html", "new.html"] {
            std::fs::File::options().write(true).open(out.join(name)).unwrap().set_modified(old).unwrap();
        }
        build("v2");
        build("v3");
        let mtime = |name: &str| std::fs::metadata(out.join(name)).unwrap().modified().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("new.html")).unwrap(), "v3");
        assert_ne!(mtime("new.html"), old, "changed bytes are written");
        assert_eq!(std::fs::read_to_string(out.join("same.html")).unwrap(), "same");
        assert_eq!(mtime("same.html"), old, "unchanged bytes are not rewritten");
    }

    #[test]
    fn guards_refuse_dangerous_output_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, Path::new("/")).is_err());
        assert!(check_output_dir(&root, &root.join("content/out")).is_err());
        let foreign = root.join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_output_dir(&root, &foreign).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
    }
}
