//! The persistent build cache (`.dossier-cache/` in the site's root unless `--cache-dir` says
//! otherwise, none with `--no-cache`): the rendered Markdown of every document, kept between
//! builds so that a build after an edit renders again only what the edit touched.
//!
//! Nothing in it is trusted. A folder that is not a dossier cache (no `CACHEDIR.TAG` written
//! by dossier) is never read, written or deleted: the build goes on without a cache and says
//! why. Each entry is checked against its own key and checksum before use; a damaged one is
//! rendered afresh, overwritten and counted in a warning. An entry is kept under a key that
//! covers the program's version and build (`salt`), the options and the body, and reused only
//! when its links still resolve alike (`markdown::replay`), so the output equals a clean
//! build's byte for byte. Entries no build used lately are swept once they outnumber the used.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;
use crate::markdown::replay::{self, Key, Memo, Recorded};
use crate::output::write::FileStamp;

/// The tag that marks a folder as a cache (the Cache Directory Tagging convention, which backup
/// tools honour), with a line that says it is dossier's.
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is dossier's build cache: it can be deleted at any time (`dossier clean`).\n";

/// The layout of the folder; a cache of another layout is emptied, not read.
const FORMAT: &str = "dossier build cache, format 1\n";

/// What an entry file starts with.
const MAGIC: &[u8; 12] = b"dossier-md1\n";

/// What a ledger of written pages starts with.
const LEDGER_MAGIC: &[u8; 12] = b"dossier-pg1\n";

/// The two ledgers, one per output folder a build alternates between (the output and the
/// previous output kept beside it).
const LEDGERS: [&str; 2] = ["pages-a", "pages-b"];

/// One page file a build wrote: the signature of what it was made from, and the file's stamp
/// once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The page's signature (`model::signature`, with the globals and templates).
    pub signature: u64,
    /// The file's stamp after the build.
    pub stamp: FileStamp,
}

/// The page files of the last two successful builds, by output path: a file whose stamp is
/// still the one a build recorded holds what that build wrote from the recorded signature.
#[derive(Default)]
pub struct Ledger {
    files: std::collections::HashMap<String, Vec<Written>>,
}

impl Ledger {
    /// The signature the file at `path`, now stamped `stamp`, was written from, if a recorded
    /// build wrote it and nothing touched it since.
    pub fn signature_of(&self, path: &str, stamp: &FileStamp) -> Option<u64> {
        self.files.get(path)?.iter().find(|w| &w.stamp == stamp).map(|w| w.signature)
    }

    /// True when no build is recorded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// How the cache served one build.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Renderings reused.
    pub reused: usize,
    /// Documents rendered (no entry, or one that no longer held).
    pub rendered: usize,
    /// Entries found damaged (and rendered afresh).
    pub damaged: usize,
    /// Page files kept from an earlier build, neither rendered nor written.
    pub pages_kept: usize,
    /// Pages rendered.
    pub pages_rendered: usize,
}

/// An open cache folder, shared by the threads (and the languages) of one build.
pub struct Cache {
    dir: PathBuf,
    salt: String,
    used: Mutex<HashSet<Key>>,
    reused: AtomicUsize,
    rendered: AtomicUsize,
    damaged: AtomicUsize,
    pages_kept: AtomicUsize,
    pages_rendered: AtomicUsize,
    /// Folders of entries known to exist.
    folders: Mutex<HashSet<String>>,
}

impl Cache {
    /// Open (or make) the cache at `dir`. `None`, with the reason as a warning, when the folder
    /// is not a dossier cache or cannot be made: the build then goes on without one.
    pub fn open(dir: &Path) -> (Option<Cache>, Option<Diagnostic>) {
        let Some(salt) = program_salt() else {
            return (None, Some(warning(dir, "dossier cannot tell which build of itself is running")));
        };
        let tag = dir.join("CACHEDIR.TAG");
        if dir.exists() {
            let ours = std::fs::read_to_string(&tag).is_ok_and(|t| t == TAG);
            if !ours {
                let d =
                    warning(dir, "it is not a dossier build cache (no CACHEDIR.TAG of dossier's), so it is left alone")
                        .hint("remove the folder or point `--cache-dir` elsewhere; `--no-cache` builds without one");
                return (None, Some(d));
            }
            if std::fs::read_to_string(dir.join("format")).ok().as_deref() != Some(FORMAT) {
                let _ = std::fs::remove_dir_all(dir.join("markdown"));
            }
        } else if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&tag, TAG)) {
            return (None, Some(warning(dir, &format!("it could not be made: {e}"))));
        }
        if let Err(e) = std::fs::write(dir.join("format"), FORMAT) {
            return (None, Some(warning(dir, &format!("it could not be written: {e}"))));
        }
        let cache = Cache {
            dir: dir.to_path_buf(),
            salt,
            used: Mutex::default(),
            reused: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
            damaged: AtomicUsize::new(0),
            pages_kept: AtomicUsize::new(0),
            pages_rendered: AtomicUsize::new(0),
            folders: Mutex::default(),
        };
        (Some(cache), None)
    }

    /// The program identity entries are kept under.
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// How the cache served the build so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            reused: self.reused.load(Ordering::Relaxed),
            rendered: self.rendered.load(Ordering::Relaxed),
            damaged: self.damaged.load(Ordering::Relaxed),
            pages_kept: self.pages_kept.load(Ordering::Relaxed),
            pages_rendered: self.pages_rendered.load(Ordering::Relaxed),
        }
    }

    /// Count pages kept from an earlier build and pages rendered.
    pub fn count_pages(&self, kept: usize, rendered: usize) {
        self.pages_kept.fetch_add(kept, Ordering::Relaxed);
        self.pages_rendered.fetch_add(rendered, Ordering::Relaxed);
    }

    /// The warning for damaged entries, if any were found.
    pub fn damage_warning(&self) -> Option<Diagnostic> {
        let n = self.damaged.load(Ordering::Relaxed);
        (n > 0).then(|| {
            Diagnostic::warning(format!(
                "{n} entr{} of the build cache {} {} damaged; {} rendered afresh and replaced",
                if n == 1 { "y" } else { "ies" },
                self.dir.display(),
                if n == 1 { "was" } else { "were" },
                if n == 1 { "it was" } else { "they were" },
            ))
            .hint("nothing damaged is used; `dossier clean` empties the cache")
        })
    }

    /// Remove the entries this build did not use, once they outnumber those it used: a cache
    /// keeps what an occasional other build (with drafts, say) needs, but never grows without
    /// bound. Only files named as entries are removed.
    pub fn sweep(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let mut unused = Vec::new();
        let Ok(shards) = std::fs::read_dir(self.dir.join("markdown")) else { return };
        for shard in shards.flatten() {
            let Ok(files) = std::fs::read_dir(shard.path()) else { continue };
            for f in files.flatten() {
                let name = f.file_name();
                let name = name.to_string_lossy();
                let in_use = parse_hex(&name).is_some_and(|k| used.contains(&k));
                if !in_use {
                    unused.push(f.path());
                }
            }
        }
        if unused.len() > used.len() {
            for p in unused {
                let _ = std::fs::remove_file(p);
            }
        }
    }

    /// The page files of the last two builds, as recorded; a damaged ledger is left out (and
    /// counted as damage).
    pub fn ledger(&self) -> Ledger {
        let mut ledger = Ledger::default();
        for name in LEDGERS {
            let Ok(bytes) = std::fs::read(self.dir.join(name)) else { continue };
            match read_ledger(&bytes) {
                Some((_, entries)) => {
                    for (path, w) in entries {
                        ledger.files.entry(path).or_default().push(w);
                    }
                }
                None => {
                    self.damaged.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        ledger
    }

    /// Record the page files of a build that succeeded, in place of the older of the two
    /// ledgers (whose folder this build's output has just replaced, as the previous output).
    pub fn record_pages(&self, entries: &[(String, Written)]) {
        let seq = |name: &str| std::fs::read(self.dir.join(name)).ok().and_then(|b| read_ledger(&b)).map(|(s, _)| s);
        let (a, b) = (seq(LEDGERS[0]), seq(LEDGERS[1]));
        let (slot, next) = match (a, b) {
            (Some(a), Some(b)) if a <= b => (LEDGERS[0], b + 1),
            (Some(a), Some(_)) => (LEDGERS[1], a + 1),
            (Some(a), None) => (LEDGERS[1], a + 1),
            (None, Some(b)) => (LEDGERS[0], b + 1),
            (None, None) => (LEDGERS[0], 1),
        };
        let mut body = Vec::with_capacity(entries.len() * 96);
        body.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (path, w) in entries {
            body.extend_from_slice(&(path.len() as u64).to_le_bytes());
            body.extend_from_slice(path.as_bytes());
            for n in [w.signature, w.stamp.ino, w.stamp.len] {
                body.extend_from_slice(&n.to_le_bytes());
            }
            for t in [w.stamp.modified, w.stamp.changed] {
                body.extend_from_slice(&t.to_le_bytes());
            }
        }
        let mut out = Vec::with_capacity(body.len() + 28);
        out.extend_from_slice(LEDGER_MAGIC);
        out.extend_from_slice(&next.to_le_bytes());
        out.extend_from_slice(&crate::hashing::bytes(&body).to_le_bytes());
        out.extend_from_slice(&body);
        let path = self.dir.join(slot);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, out).is_err() || std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Forget every recorded page file: the output was made by a build without this cache (or
    /// failed to be swapped in), and what the ledgers say of its folders no longer holds.
    pub fn forget_pages(&self) {
        for name in LEDGERS {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
    }

    fn path_of(&self, key: &Key) -> (String, PathBuf) {
        let hex = key.hex();
        let shard = hex[..2].to_string();
        let path = self.dir.join("markdown").join(&shard).join(&hex);
        (shard, path)
    }
}

impl Memo for Cache {
    fn get(&self, key: &Key) -> Option<Recorded> {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(*key);
        let (_, path) = self.path_of(key);
        let bytes = std::fs::read(path).ok()?;
        match unpack(&bytes, key) {
            Some(rec) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                Some(rec)
            }
            None => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    fn stale(&self, _key: &Key) {
        self.reused.fetch_sub(1, Ordering::Relaxed);
    }

    /// Written to a file of its own and renamed into place, so a reader never sees half an
    /// entry; a failure to write only costs the next build a render.
    fn put(&self, key: &Key, rec: &Recorded) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(*key);
        let (shard, path) = self.path_of(key);
        let known = self.folders.lock().unwrap_or_else(|e| e.into_inner()).contains(&shard);
        if !known {
            if let Some(parent) = path.parent()
                && std::fs::create_dir_all(parent).is_err()
            {
                return;
            }
            self.folders.lock().unwrap_or_else(|e| e.into_inner()).insert(shard);
        }
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let tmp = path.with_extension(format!("tmp{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        if std::fs::write(&tmp, pack(key, rec)).is_err() || std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// An entry's bytes: the magic, the key, a checksum of the rendering, the rendering.
fn pack(key: &Key, rec: &Recorded) -> Vec<u8> {
    let body = replay::encode(rec);
    let mut out = Vec::with_capacity(body.len() + 36);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.0);
    out.extend_from_slice(&crate::hashing::bytes(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// The rendering in `bytes`, when they are an intact entry for `key`.
fn unpack(bytes: &[u8], key: &Key) -> Option<Recorded> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (k, rest) = rest.split_at_checked(16)?;
    let (sum, body) = rest.split_at_checked(8)?;
    if k != key.0 || u64::from_le_bytes(sum.try_into().ok()?) != crate::hashing::bytes(body) {
        return None;
    }
    replay::decode(body)
}

/// A ledger's sequence number and entries, when `bytes` is an intact ledger.
fn read_ledger(bytes: &[u8]) -> Option<(u64, Vec<(String, Written)>)> {
    let rest = bytes.strip_prefix(LEDGER_MAGIC.as_slice())?;
    let (seq, rest) = rest.split_at_checked(8)?;
    let (sum, mut body) = rest.split_at_checked(8)?;
    if u64::from_le_bytes(sum.try_into().ok()?) != crate::hashing::bytes(body) {
        return None;
    }
    let u64_at = |body: &mut &[u8]| -> Option<u64> {
        let (n, rest) = body.split_at_checked(8)?;
        *body = rest;
        Some(u64::from_le_bytes(n.try_into().ok()?))
    };
    let count = u64_at(&mut body)?;
    let mut entries = Vec::new();
    for _ in 0..count {
        let n = usize::try_from(u64_at(&mut body)?).ok()?;
        let (path, rest) = body.split_at_checked(n)?;
        let path = String::from_utf8(path.to_vec()).ok()?;
        body = rest;
        let (signature, ino, len) = (u64_at(&mut body)?, u64_at(&mut body)?, u64_at(&mut body)?);
        let (times, rest) = body.split_at_checked(32)?;
        body = rest;
        let modified = i128::from_le_bytes(times[..16].try_into().ok()?);
        let changed = i128::from_le_bytes(times[16..].try_into().ok()?);
        entries.push((path, Written { signature, stamp: FileStamp { ino, len, modified, changed } }));
    }
    body.is_empty().then_some((u64::from_le_bytes(seq.try_into().ok()?), entries))
}

fn parse_hex(name: &str) -> Option<Key> {
    if name.len() != 32 {
        return None;
    }
    let mut k = [0u8; 16];
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(name.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(Key(k))
}

/// What tells this build of dossier from any other: its version, and the size and time of its
/// executable, which a rebuild changes. A cache written by another build renders differently
/// perhaps, and is never reused.
fn program_salt() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {}", env!("CARGO_PKG_VERSION"), meta.len(), modified.as_nanos()))
}

fn warning(dir: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(format!("not using the build cache {}: {why}", dir.display()))
}

/// Remove the cache at `dir` if it is one of dossier's; `Ok(false)` when there is none.
pub fn remove(dir: &Path) -> Result<bool, Diagnostic> {
    if !dir.exists() {
        return Ok(false);
    }
    if !std::fs::read_to_string(dir.join("CACHEDIR.TAG")).is_ok_and(|t| t == TAG) {
        return Err(Diagnostic::error(format!("{} is not a dossier build cache; it is left alone", dir.display()))
            .hint("remove it yourself if it is not needed"));
    }
    std::fs::remove_dir_all(dir)
        .map(|_| true)
        .map_err(|e| Diagnostic::error(format!("could not remove {}: {e}", dir.display())))
}
