//! The persistent build cache (`.dossier-cache/` in the site's root unless `--cache-dir` says
//! otherwise, none with `--no-cache`): the rendered Markdown of every document, kept between
//! builds so that a build after an edit renders again only what the edit touched.
//!
//! Entries are appended to packs, one per build that renders anything, and found through one
//! index (`markdown/index`) written when the build ends: a build of a large archive then
//! writes and reads a few files rather than one per document. A pack is two files: the
//! renderings but their HTML (`markdown/pack-N`), and their HTML (`markdown/html-N`), which is
//! most of the bytes and which a build that keeps most pages from the last one never reads:
//! apart, the rest is read in one sweep of a small file.
//!
//! Nothing in it is trusted. A folder that is not a dossier cache (no `CACHEDIR.TAG` written
//! by dossier) is never read, written or deleted: the build goes on without a cache and says
//! why. Each entry is checked against its own key and checksum before use; a damaged one is
//! rendered afresh, overwritten and counted in a warning. An entry is kept under a key that
//! covers the program's version and build (`salt`), the options and the body, and reused only
//! when its links still resolve alike (`markdown::replay`), so the output equals a clean
//! build's byte for byte. Entries no build used lately are swept once they outnumber the used.

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::diagnostics::Diagnostic;
use crate::markdown::replay::{self, HtmlAt, Key, Memo, Recorded};
use crate::output::write::FileStamp;

/// The tag that marks a folder as a cache (the Cache Directory Tagging convention, which backup
/// tools honour), with a line that says it is dossier's.
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is dossier's build cache: it can be deleted at any time (`dossier clean`).\n";

/// The layout of the folder; a cache of another layout is emptied, not read.
const FORMAT: &str = "dossier build cache, format 3\n";

/// What an entry starts with, in its pack.
const MAGIC: &[u8; 12] = b"dossier-md2\n";

/// What the index of the packs starts with.
const INDEX_MAGIC: &[u8; 12] = b"dossier-ix2\n";

/// How long a pack no index names is left alone: another build may be writing it.
const ORPHAN_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

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

    /// True when a recorded build wrote the file at `path` from signature `sig`.
    pub fn recorded_with(&self, path: &str, sig: u64) -> bool {
        self.files.get(path).is_some_and(|ws| ws.iter().any(|w| w.signature == sig))
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

/// Where an entry is: its pack, and the places of its two parts there, each checked on its own:
/// the rendering but its HTML (`head` bytes at `offset` of the pack's first file) and the HTML
/// (`html_len` bytes at `html_offset` of its second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Loc {
    pack: u32,
    offset: u64,
    head: u32,
    html_offset: u64,
    html_len: u32,
}

/// The two files of a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    /// `pack-N`: the renderings but their HTML.
    Head,
    /// `html-N`: their HTML.
    Html,
}

/// The pack this process appends its entries to, made at its first entry: each file, and
/// where it ends.
struct Writer {
    id: u32,
    files: [(Arc<std::fs::File>, u64); 2],
}

/// The entries this process added, and the pack it appends them to (made at the first).
type Added = (HashMap<Key, Loc>, Option<Writer>);

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
    /// The entries the index named when the cache was opened.
    index: HashMap<Key, Loc>,
    /// The packs that index named; every pack there was when the index was damaged (nothing
    /// in them could be found any more).
    known: HashSet<u32>,
    /// The entries this process added, and the pack it adds them to; `None` once `finish` has
    /// written the index, after which nothing more is kept.
    added: Mutex<Option<Added>>,
    /// Pack files opened for reading, by number and part. A pack's HTML is opened with the
    /// rest and stays open: HTML left there (`get_leaving_html`) stays readable even if
    /// another build sweeps the pack.
    readers: Mutex<HashMap<(u32, Part), Arc<std::fs::File>>>,
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
        let (index, index_damaged) = match std::fs::read(dir.join("markdown").join("index")) {
            Ok(bytes) => read_index(&bytes).map_or((HashMap::new(), 1), |i| (i, 0)),
            Err(_) => (HashMap::new(), 0),
        };
        let known = match index_damaged {
            0 => index.values().map(|l| l.pack).collect(),
            _ => packs(dir).into_iter().map(|(id, _)| id).collect(),
        };
        let cache = Cache {
            dir: dir.to_path_buf(),
            salt,
            used: Mutex::default(),
            reused: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
            damaged: AtomicUsize::new(index_damaged),
            pages_kept: AtomicUsize::new(0),
            pages_rendered: AtomicUsize::new(0),
            index,
            known,
            added: Mutex::new(Some((HashMap::new(), None))),
            readers: Mutex::default(),
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

    /// Write the index of every entry kept, after which this process adds no more. With
    /// `sweep` (a build that succeeded), the entries this build did not use are dropped once
    /// they outnumber those it used: the used ones are copied to a pack of their own and the
    /// old packs removed. A cache thus keeps what an occasional other build (with drafts, say)
    /// needs, but never grows without bound.
    pub fn finish(&self, sweep: bool) {
        let Some((added, writer)) = self.added.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
        let ours = writer.as_ref().map(|w| w.id);
        drop(writer);
        let mut live: HashMap<Key, Loc> = self.index.clone();
        live.extend(added);
        // Another build may have swept packs this one's index named since it was read: what
        // they held is gone, and an index naming it would only be reported as damage later.
        let present: HashSet<u32> = packs(&self.dir).into_iter().map(|(id, _)| id).collect();
        live.retain(|_, loc| present.contains(&loc.pack));
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let unused = live.keys().filter(|k| !used.contains(k)).count();
        if sweep && unused > used.len() {
            live = self.compact(&live, &used).unwrap_or(live);
        }
        drop(used);
        if !replace_file(&self.dir.join("markdown").join("index"), &write_index(&live)) {
            return;
        }
        // Packs no entry is in any more: those known when the cache was opened or written by
        // this process, and any other left over long ago (a build that stopped before writing
        // its index); a pack another build is writing now is left to it.
        let named: HashSet<u32> = live.values().map(|l| l.pack).collect();
        let known: HashSet<u32> = self.known.iter().copied().chain(ours).collect();
        for (id, path) in packs(&self.dir) {
            let old = || {
                std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > ORPHAN_AGE)
            };
            if !named.contains(&id) && (known.contains(&id) || old()) {
                // The HTML first: a pack is found by its first file, which goes last.
                let _ = std::fs::remove_file(part_path(&self.dir, id, Part::Html));
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// The `used` entries of `live` copied, intact ones only, into a pack of their own; their
    /// places there, or `None` when the pack could not be written.
    fn compact(&self, live: &HashMap<Key, Loc>, used: &HashSet<Key>) -> Option<HashMap<Key, Loc>> {
        let mut w = self.new_pack()?;
        let mut kept = HashMap::with_capacity(used.len());
        for (key, loc) in live.iter().filter(|(k, _)| used.contains(k)) {
            let Some((head, html)) = self.read_whole(loc) else { continue };
            if unpack_facts(&head, key).is_none() || unpack_html(&html).is_none() {
                continue;
            }
            kept.insert(*key, append(&mut w, &head, &html)?);
        }
        Some(kept)
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
        replace_file(&self.dir.join(slot), &frame(LEDGER_MAGIC, &next.to_le_bytes(), &body));
    }

    /// Forget every recorded page file: the output was made by a build without this cache (or
    /// failed to be swapped in), and what the ledgers say of its folders no longer holds.
    pub fn forget_pages(&self) {
        for name in LEDGERS {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
    }

    /// A new pack to append to, under the first free number.
    fn new_pack(&self) -> Option<Writer> {
        let folder = self.dir.join("markdown");
        std::fs::create_dir_all(&folder).ok()?;
        let mut id = packs(&self.dir).iter().map(|(id, _)| *id).max().map_or(1, |m| m.saturating_add(1));
        // `create_new` claims the number: another build choosing the same one tries the next.
        let make = |path: PathBuf| std::fs::OpenOptions::new().read(true).append(true).create_new(true).open(path);
        for _ in 0..64 {
            match make(pack_path(&self.dir, id)) {
                // The HTML file of a number claimed is this process's: one left over by a
                // build that stopped is replaced.
                Ok(head) => {
                    let html = std::fs::OpenOptions::new()
                        .read(true)
                        .write(true)
                        .create(true)
                        .truncate(true)
                        .open(part_path(&self.dir, id, Part::Html))
                        .ok()?;
                    return Some(Writer { id, files: [(Arc::new(head), 0), (Arc::new(html), 0)] });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => id = id.checked_add(1)?,
                Err(_) => return None,
            }
        }
        None
    }

    /// The `len` bytes at `offset` of `part` of pack `pack`, if it still has them. Opening a
    /// pack's first file opens its HTML too, so that HTML left there stays readable.
    fn read(&self, pack: u32, part: Part, offset: u64, len: u32) -> Option<Vec<u8>> {
        let file = {
            let mut readers = self.readers.lock().unwrap_or_else(|e| e.into_inner());
            if !readers.contains_key(&(pack, Part::Head)) {
                for p in [Part::Head, Part::Html] {
                    if let Ok(f) = std::fs::File::open(part_path(&self.dir, pack, p)) {
                        readers.insert((pack, p), Arc::new(f));
                    }
                }
            }
            Arc::clone(readers.get(&(pack, part))?)
        };
        let mut bytes = vec![0; len as usize];
        file.read_exact_at(&mut bytes, offset).ok()?;
        Some(bytes)
    }

    /// Both parts of the entry at `loc`, unchecked.
    fn read_whole(&self, loc: &Loc) -> Option<(Vec<u8>, Vec<u8>)> {
        Some((
            self.read(loc.pack, Part::Head, loc.offset, loc.head)?,
            self.read(loc.pack, Part::Html, loc.html_offset, loc.html_len)?,
        ))
    }

    /// Where `key`'s entry is, counted as used by this build.
    fn find(&self, key: &Key) -> Option<Loc> {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(*key);
        let added =
            self.added.lock().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(|(a, _)| a.get(key).copied());
        added.or_else(|| self.index.get(key).copied())
    }

    /// Count a lookup of an entry that was found: reused when it read back intact.
    fn counted<T>(&self, found: Option<T>) -> Option<T> {
        match &found {
            Some(_) => self.reused.fetch_add(1, Ordering::Relaxed),
            None => self.damaged.fetch_add(1, Ordering::Relaxed),
        };
        found
    }
}

impl Memo for Cache {
    fn get(&self, key: &Key) -> Option<Recorded> {
        let loc = self.find(key)?;
        let whole = self.read_whole(&loc).and_then(|(head, html)| {
            let mut rec = unpack_facts(&head, key)?;
            rec.rendered.html = unpack_html(&html)?;
            Some(rec)
        });
        self.counted(whole)
    }

    fn get_leaving_html(&self, key: &Key) -> Option<(Recorded, Option<HtmlAt>)> {
        let loc = self.find(key)?;
        let rec = self.read(loc.pack, Part::Head, loc.offset, loc.head).and_then(|bytes| unpack_facts(&bytes, key));
        let at = HtmlAt { key: *key, place: [loc.html_offset, u64::from(loc.pack) << 32 | u64::from(loc.html_len)] };
        self.counted(rec).map(|r| (r, Some(at)))
    }

    /// Damage found here is counted by the caller's next step: taking the entry back
    /// (`stale`) and asking for it whole, which finds the damage and renders it afresh.
    fn html(&self, at: &HtmlAt) -> Option<String> {
        let [offset, packed] = at.place;
        self.read((packed >> 32) as u32, Part::Html, offset, packed as u32).and_then(|bytes| unpack_html(&bytes))
    }

    fn stale(&self, _key: &Key) {
        self.reused.fetch_sub(1, Ordering::Relaxed);
    }

    /// Appended to this process's pack; it counts only once the index names it (`finish`), so
    /// a reader never takes half an entry, and a failure to write only costs the next build a
    /// render.
    fn put(&self, key: &Key, rec: &Recorded) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(*key);
        let (head, html) = pack(key, rec);
        let mut guard = self.added.lock().unwrap_or_else(|e| e.into_inner());
        let Some((added, writer)) = guard.as_mut() else { return };
        if writer.is_none() {
            *writer = self.new_pack();
        }
        let Some(w) = writer.as_mut() else { return };
        if let Some(loc) = append(w, &head, &html) {
            added.insert(*key, loc);
        }
    }
}

/// Append an entry's two parts (`pack`) to `w`'s pack; where they are, or `None` when a write
/// failed.
fn append(w: &mut Writer, head: &[u8], html: &[u8]) -> Option<Loc> {
    let lens = [u32::try_from(head.len()).ok()?, u32::try_from(html.len()).ok()?];
    let mut at = [0u64; 2];
    for (k, bytes) in [head, html].into_iter().enumerate() {
        let (file, end) = &mut w.files[k];
        file.write_all_at(bytes, *end).ok()?;
        at[k] = *end;
        *end += bytes.len() as u64;
    }
    Some(Loc { pack: w.id, offset: at[0], head: lens[0], html_offset: at[1], html_len: lens[1] })
}

/// A pack's first file, by which it is found.
fn pack_path(dir: &Path, id: u32) -> PathBuf {
    part_path(dir, id, Part::Head)
}

fn part_path(dir: &Path, id: u32, part: Part) -> PathBuf {
    let name = match part {
        Part::Head => "pack",
        Part::Html => "html",
    };
    dir.join("markdown").join(format!("{name}-{id}"))
}

/// The pack files in the cache, by number.
fn packs(dir: &Path) -> Vec<(u32, PathBuf)> {
    let Ok(files) = std::fs::read_dir(dir.join("markdown")) else { return Vec::new() };
    files
        .flatten()
        .filter_map(|f| {
            let name = f.file_name();
            let id = name.to_str()?.strip_prefix("pack-")?.parse().ok()?;
            Some((id, f.path()))
        })
        .collect()
}

/// The index's bytes: the magic, a checksum, then each entry's key and place.
fn write_index(live: &HashMap<Key, Loc>) -> Vec<u8> {
    let mut body = Vec::with_capacity(8 + live.len() * INDEX_ENTRY);
    body.extend_from_slice(&(live.len() as u64).to_le_bytes());
    for (key, loc) in live {
        body.extend_from_slice(&key.0);
        body.extend_from_slice(&loc.pack.to_le_bytes());
        body.extend_from_slice(&loc.offset.to_le_bytes());
        body.extend_from_slice(&loc.head.to_le_bytes());
        body.extend_from_slice(&loc.html_offset.to_le_bytes());
        body.extend_from_slice(&loc.html_len.to_le_bytes());
    }
    frame(INDEX_MAGIC, &[], &body)
}

/// The entries an intact index names.
fn read_index(bytes: &[u8]) -> Option<HashMap<Key, Loc>> {
    let (_, body) = unframe(bytes, INDEX_MAGIC, 0)?;
    let (count, mut rest) = body.split_at_checked(8)?;
    let count = usize::try_from(u64::from_le_bytes(count.try_into().ok()?)).ok()?;
    if rest.len() != count.checked_mul(INDEX_ENTRY)? {
        return None;
    }
    let mut index = HashMap::with_capacity(count);
    while let Some((e, tail)) = rest.split_at_checked(INDEX_ENTRY) {
        let key = Key(e[..16].try_into().ok()?);
        let pack = u32::from_le_bytes(e[16..20].try_into().ok()?);
        let offset = u64::from_le_bytes(e[20..28].try_into().ok()?);
        let head = u32::from_le_bytes(e[28..32].try_into().ok()?);
        let html_offset = u64::from_le_bytes(e[32..40].try_into().ok()?);
        let html_len = u32::from_le_bytes(e[40..44].try_into().ok()?);
        index.insert(key, Loc { pack, offset, head, html_offset, html_len });
        rest = tail;
    }
    Some(index)
}

/// Bytes of one entry in the index: key, pack, then offset and length of each part.
const INDEX_ENTRY: usize = 44;

/// An entry's two parts: its head (the magic, the key, a checksum of the rendering but its
/// HTML, that rendering: `replay::encode_facts`), and a checksum of the HTML with the HTML.
/// Each part is checked on its own, so either can be read without the other.
fn pack(key: &Key, rec: &Recorded) -> (Vec<u8>, Vec<u8>) {
    let head = frame(MAGIC, &key.0, &replay::encode_facts(rec));
    let html = rec.rendered.html.as_bytes();
    let mut tail = Vec::with_capacity(8 + html.len());
    tail.extend_from_slice(&crate::hashing::bytes(html).to_le_bytes());
    tail.extend_from_slice(html);
    (head, tail)
}

/// The rendering but its HTML in an entry's head, when it is intact and for `key`.
fn unpack_facts(head: &[u8], key: &Key) -> Option<Recorded> {
    let (k, body) = unframe(head, MAGIC, 16)?;
    if k != key.0 {
        return None;
    }
    replay::decode_facts(body)
}

/// The HTML in an entry's second part, when it matches its checksum.
fn unpack_html(tail: &[u8]) -> Option<String> {
    let (sum, html) = tail.split_at_checked(8)?;
    if u64::from_le_bytes(sum.try_into().ok()?) != crate::hashing::bytes(html) {
        return None;
    }
    String::from_utf8(html.to_vec()).ok()
}

/// How every file of the cache is laid out: `magic`, then `header`, then a checksum of `body`,
/// then `body`; so a damaged or foreign file is told from an intact one before it is read.
fn frame(magic: &[u8; 12], header: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(magic.len() + header.len() + 8 + body.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(header);
    out.extend_from_slice(&crate::hashing::bytes(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// The header (`header_len` bytes) and body of `bytes`, when they are `frame`d with `magic`
/// and the body matches its checksum.
fn unframe<'a>(bytes: &'a [u8], magic: &[u8; 12], header_len: usize) -> Option<(&'a [u8], &'a [u8])> {
    let rest = bytes.strip_prefix(magic.as_slice())?;
    let (header, rest) = rest.split_at_checked(header_len)?;
    let (sum, body) = rest.split_at_checked(8)?;
    (u64::from_le_bytes(sum.try_into().ok()?) == crate::hashing::bytes(body)).then_some((header, body))
}

/// Put `bytes` at `path` through a temporary file renamed over it, so a reader sees the old
/// file or the new, never half of one; false when that failed (the old file, if any, stays).
fn replace_file(path: &Path, bytes: &[u8]) -> bool {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let done = std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_ok();
    if !done {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

/// A ledger's sequence number and entries, when `bytes` is an intact ledger.
fn read_ledger(bytes: &[u8]) -> Option<(u64, Vec<(String, Written)>)> {
    let (seq, mut body) = unframe(bytes, LEDGER_MAGIC, 8)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Highlighter, LinkTarget, Options};

    /// Render `body` through `cache` as a build does; true when the cache served it.
    fn through(cache: &Cache, body: &str) -> bool {
        let before = cache.stats().reused;
        let hl = Highlighter::new();
        let salt = cache.salt().to_string();
        replay::render_remembered(body, Options::default(), &hl, cache, &salt, &|_| LinkTarget::Keep, &|| {});
        cache.stats().reused > before
    }

    #[test]
    fn a_rendering_reads_back_without_its_html_and_the_html_apart() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("cache");
        let body = "# Head\n\nText with a [link](x.md).\n";
        let cache = Cache::open(&dir).0.unwrap();
        assert!(!through(&cache, body));
        cache.finish(true);
        let hl = Highlighter::new();
        let again = Cache::open(&dir).0.unwrap();
        let key = Key::of(body, Options::default(), &hl, again.salt());
        let whole = again.get(&key).expect("stored whole");
        let (facts, at) = again.get_leaving_html(&key).expect("stored");
        let at = at.expect("a pack leaves the HTML where it is");
        assert!(facts.rendered.html.is_empty() && !whole.rendered.html.is_empty());
        assert_eq!(
            Recorded {
                rendered: crate::markdown::Rendered { html: whole.rendered.html.clone(), ..facts.rendered.clone() },
                ..facts
            },
            whole
        );
        assert_eq!(again.html(&at).as_deref(), Some(whole.rendered.html.as_str()));
        // HTML that no longer matches its checksum is never handed out.
        let [offset, _] = at.place;
        let html = part_path(&dir, 1, Part::Html);
        let mut bytes = std::fs::read(&html).unwrap();
        bytes[offset as usize + 9] ^= 1;
        std::fs::write(&html, &bytes).unwrap();
        let fresh = Cache::open(&dir).0.unwrap();
        assert!(fresh.get_leaving_html(&key).is_some(), "the head is intact");
        assert_eq!(fresh.html(&at), None);
        assert_eq!(fresh.get(&key), None);
    }

    #[test]
    fn an_index_never_names_a_pack_another_build_swept_away() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("cache");
        let first = Cache::open(&dir).0.unwrap();
        for i in 0..3 {
            assert!(!through(&first, &format!("Old text {i}.\n")));
        }
        first.finish(true);
        // A preview opens the cache and renders something new; meanwhile a build renders other
        // text and sweeps the three old entries it did not use, and with them the first pack.
        let preview = Cache::open(&dir).0.unwrap();
        assert!(through(&preview, "Old text 0.\n"));
        assert!(!through(&preview, "Preview text.\n"));
        let build = Cache::open(&dir).0.unwrap();
        assert!(!through(&build, "Build text.\n"));
        build.finish(true);
        assert!(!pack_path(&dir, 1).exists(), "the build swept the first pack");
        // The preview's index keeps its own rendering and drops what was swept.
        preview.finish(false);
        let next = Cache::open(&dir).0.unwrap();
        assert!(through(&next, "Preview text.\n"));
        assert!(!through(&next, "Old text 0.\n"));
        assert_eq!(next.stats().damaged, 0, "nothing the index names is missing");
    }
}
