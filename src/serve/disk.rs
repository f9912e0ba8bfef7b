//! The preview's output on disk and its record of what is there. The first sync writes a whole
//! new output into a staging folder swapped in at the end, as a build does; every later sync
//! writes only the files whose bytes changed and removes those whose source is gone, under the
//! same lock as a build's.

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::artifact::{Contents, OutputFile};
use crate::content::assets::Asset;
use crate::diagnostics::Diagnostic;
use crate::hashing;
use crate::output::write;
use crate::render::search;
use crate::serve::outcome::Outcome;

/// What is on disk: output key → (page signature, bytes hash). Pages are keyed by their path;
/// static files, search files and assets by their path after a prefix of their own.
pub type Written = std::collections::HashMap<String, (u64, u64), hashing::FastBuild>;

/// Key prefix in `Written` for static files.
const STATIC: &str = "static:";

/// Key prefix in `Written` for search index files.
const SEARCH: &str = "search:";

/// Key prefix in `Written` for the assets of content/.
const ASSET: &str = "asset:";

/// The output folder and what the preview last wrote there.
pub struct Disk {
    out: PathBuf,
    written: Written,
    /// False until the first successful write, which swaps in a complete output folder.
    has_written: bool,
    /// Content paths of assets changed since they were last written.
    assets_dirty: HashSet<String>,
    /// The keys in `written` of the search index's files: a sync compares the index's new
    /// files with these, not with every file of a large site.
    search_keys: HashSet<String>,
}

/// Where rendered pages go during one sync: straight into the staging folder of a first
/// write, a chunk at a time, so the preview never holds every page's bytes at once; or kept
/// for comparing with what is on disk.
pub enum PageSink {
    /// A first write: the staging folder, and each page's key once written there.
    Staging(Box<write::Staging>, Vec<(String, u64, u64)>),
    /// A later sync: the rendered pages with their signatures.
    Memory(Vec<(OutputFile, u64)>),
    /// The staging folder could not be made.
    Failed,
}

/// The files besides pages that a sync publishes.
pub struct Others<'a> {
    /// The static files, when they may have changed (always on a first write).
    pub statics: Option<Vec<OutputFile>>,
    /// The search index files that changed, and the paths of all of them; `None` when the
    /// sync did not touch the index.
    pub search: Option<search::Update>,
    /// The assets of content/ the site publishes.
    pub assets: Vec<&'a Asset>,
    /// Every page's output path.
    pub current: &'a dyn Fn(&str) -> bool,
    /// Whether the set of pages or of published assets may have changed since the last sync
    /// that wrote: only then can a file on disk have lost its source, and only then are the
    /// files written looked through for those (a large site has a hundred thousand).
    pub reshaped: bool,
}

impl Disk {
    /// Nothing written yet to `out`.
    pub fn new(out: PathBuf) -> Disk {
        Disk {
            out,
            written: Written::default(),
            has_written: false,
            assets_dirty: HashSet::new(),
            search_keys: HashSet::new(),
        }
    }

    /// The folder written to.
    pub fn out(&self) -> &std::path::Path {
        &self.out
    }

    /// True when assets changed since they were last written.
    pub fn assets_dirty(&self) -> bool {
        !self.assets_dirty.is_empty()
    }

    /// Note assets (content paths) that came, went or changed.
    pub fn assets_changed(&mut self, assets: impl IntoIterator<Item = String>) {
        self.assets_dirty.extend(assets);
    }

    /// The signature the page file at `path` on disk was written from, if it is there.
    pub fn signature(&self, path: &str) -> Option<u64> {
        self.written.get(path).map(|(s, _)| *s)
    }

    /// Where this sync's pages go; a staging folder that cannot be made is a problem in `problems`.
    pub fn page_sink(&self, problems: &mut Vec<Diagnostic>) -> PageSink {
        if self.has_written {
            return PageSink::Memory(Vec::new());
        }
        match write::Staging::new(&self.out) {
            Ok(st) => PageSink::Staging(Box::new(st), Vec::new()),
            Err(d) => {
                problems.push(d);
                PageSink::Failed
            }
        }
    }

    /// Bring the disk in line: on a first sync commit the staging folder with everything else
    /// in it; later, write what changed and remove what is gone.
    pub fn finish(&mut self, sink: PageSink, others: Others, mut problems: Vec<Diagnostic>, outcome: &mut Outcome) {
        match sink {
            PageSink::Memory(pages) => self.write_changes(&pages, others, outcome),
            PageSink::Staging(st, page_keys) => self.commit_first(st, page_keys, others, problems, outcome),
            PageSink::Failed => {
                outcome.diagnostics.extend(write::collapse_repeats(std::mem::take(&mut problems)));
            }
        }
    }

    /// The first sync: every other file into the staging folder, then swap it in.
    fn commit_first(
        &mut self,
        st: Box<write::Staging>,
        page_keys: Vec<(String, u64, u64)>,
        others: Others,
        mut problems: Vec<Diagnostic>,
        outcome: &mut Outcome,
    ) {
        let statics = others.statics.unwrap_or_default();
        let search = others.search.unwrap_or_default();
        let assets: Vec<OutputFile> = others.assets.iter().map(|a| asset_file(a)).collect();
        for f in statics.iter().chain(&search.files).chain(&assets) {
            if let Err(d) = st.write(f) {
                problems.push(d);
            }
        }
        let committed = match problems.is_empty() {
            true => st.commit(),
            false => Err(problems.remove(0)),
        };
        outcome.diagnostics.extend(write::collapse_repeats(problems));
        let n = match committed {
            Ok(n) => n,
            Err(d) => return outcome.diagnostics.push(d),
        };
        outcome.written = n;
        self.has_written = true;
        for (path, sig, hash) in page_keys {
            self.written.insert(path, (sig, hash));
        }
        self.search_keys = search.paths.iter().map(|p| format!("{SEARCH}{p}")).collect();
        let keyed = [(STATIC, &statics), (SEARCH, &search.files), (ASSET, &assets)];
        for (prefix, files) in keyed {
            for f in files {
                self.written.insert(format!("{prefix}{}", f.path), (0, contents_hash(&f.contents)));
            }
        }
        self.assets_dirty.clear();
    }

    /// A later sync: write the files whose bytes changed, remove those whose source is gone.
    fn write_changes(&mut self, pages: &[(OutputFile, u64)], others: Others, outcome: &mut Outcome) {
        // The same lock as a build's, so a `build` into the same folder waits for these writes.
        let _lock = match write::lock_output(&self.out) {
            Ok(l) => l,
            Err(d) => return outcome.diagnostics.push(d),
        };
        let pages: Vec<(&OutputFile, u64)> = pages.iter().map(|(f, sig)| (f, *sig)).collect();
        self.write_changed("", &pages, outcome);
        if let Some(statics) = &others.statics {
            let names: HashSet<String> = statics.iter().map(|f| format!("{STATIC}{}", f.path)).collect();
            self.write_changed(STATIC, &statics.iter().map(|f| (f, 0)).collect::<Vec<_>>(), outcome);
            self.remove_gone(STATIC, self.keys_under(STATIC), &names, others.current, outcome);
        }
        // Assets: write those changed or newly published, remove those gone. Only these are
        // read to compare: a site's images can be many and large.
        let dirty = std::mem::take(&mut self.assets_dirty);
        let names: HashSet<String> = others.assets.iter().map(|a| format!("{ASSET}{}", a.output)).collect();
        let todo: Vec<OutputFile> = others
            .assets
            .iter()
            .filter(|a| dirty.contains(&a.source) || !self.written.contains_key(&format!("{ASSET}{}", a.output)))
            .map(|a| asset_file(a))
            .collect();
        self.write_changed(ASSET, &todo.iter().map(|f| (f, 0)).collect::<Vec<_>>(), outcome);
        if others.reshaped {
            self.remove_gone(ASSET, self.keys_under(ASSET), &names, others.current, outcome);
        }
        // The search index: write what changed, remove what is gone.
        if let Some(search) = &others.search {
            let names: HashSet<String> = search.paths.iter().map(|p| format!("{SEARCH}{p}")).collect();
            self.write_changed(SEARCH, &search.files.iter().map(|f| (f, 0)).collect::<Vec<_>>(), outcome);
            let before = std::mem::take(&mut self.search_keys);
            self.remove_gone(SEARCH, before, &names, &|_| false, outcome);
            self.search_keys = names;
        }
        // Pages that no longer exist.
        if !others.reshaped {
            return;
        }
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|k| ![STATIC, SEARCH, ASSET].iter().any(|p| k.starts_with(p)) && !(others.current)(k))
            .cloned()
            .collect();
        for path in stale {
            write::remove_file(&self.out, &path);
            self.written.remove(&path);
            outcome.deleted += 1;
        }
    }

    /// The keys in `written` of the files under `prefix`.
    fn keys_under(&self, prefix: &str) -> Vec<String> {
        self.written.keys().filter(|k| k.starts_with(prefix)).cloned().collect()
    }

    /// Of `keys`, files under `prefix` written earlier, forget those not in `names`, and remove
    /// each from disk unless a page now has its path (`taken`).
    fn remove_gone(
        &mut self,
        prefix: &str,
        keys: impl IntoIterator<Item = String>,
        names: &HashSet<String>,
        taken: &dyn Fn(&str) -> bool,
        outcome: &mut Outcome,
    ) {
        for k in keys.into_iter().filter(|k| !names.contains(k)) {
            let rel = &k[prefix.len()..];
            if !taken(rel) {
                write::remove_file(&self.out, rel);
                outcome.deleted += 1;
            }
            self.written.remove(&k);
        }
    }

    /// Write, in parallel, each file whose bytes differ from what is recorded under its key
    /// (its path after `prefix`), and record every file's signature and hash.
    fn write_changed(&mut self, prefix: &str, files: &[(&OutputFile, u64)], outcome: &mut Outcome) {
        let (out, written) = (&self.out, &self.written);
        let results: Vec<(String, u64, Result<bool, Diagnostic>)> = files
            .par_iter()
            .map(|(f, _)| {
                let key = format!("{prefix}{}", f.path);
                let h = contents_hash(&f.contents);
                if written.get(&key).is_some_and(|(_, old)| *old == h) {
                    return (key, h, Ok(false));
                }
                (key, h, write::write_file(out, &f.path, &f.contents).map(|_| true))
            })
            .collect();
        for ((key, h, r), (_, sig)) in results.into_iter().zip(files) {
            match r {
                Ok(w) => {
                    outcome.written += usize::from(w);
                    self.written.insert(key, (*sig, h));
                }
                Err(d) => outcome.diagnostics.push(d),
            }
        }
    }
}

impl PageSink {
    /// Take one rendered page with its signature; a page that cannot be written to the
    /// staging folder is a problem in `problems`.
    pub fn accept(&mut self, f: OutputFile, sig: u64, problems: &mut Vec<Diagnostic>) {
        match self {
            PageSink::Staging(st, keys) => {
                keys.push((f.path.clone(), sig, contents_hash(&f.contents)));
                if let Err(d) = st.write(&f) {
                    problems.push(d);
                }
            }
            PageSink::Memory(files) => files.push((f, sig)),
            PageSink::Failed => {}
        }
    }

    /// How many pages to render before handing them over: a first write streams them into the
    /// staging folder in chunks; a later sync renders the few changed pages at once.
    pub fn chunk(&self, dirty: usize) -> usize {
        match self {
            PageSink::Memory(_) => dirty.max(1),
            _ => 512,
        }
    }
}

/// The output file of a published asset.
fn asset_file(a: &Asset) -> OutputFile {
    OutputFile { path: a.output.clone(), contents: Contents::Copy(a.abs.clone()) }
}

fn contents_hash(c: &Contents) -> u64 {
    match c {
        Contents::Bytes(b) => hashing::bytes(b),
        Contents::Embedded(b) => hashing::bytes(b),
        Contents::Copy(p) => std::fs::read(p).map(|b| hashing::bytes(&b)).unwrap_or(0),
        // By piece: the same export is always cut into the same pieces, and a hash that
        // differs only costs a file written again.
        Contents::Pieces(p) => hashing::combine(p.iter().map(|x| hashing::bytes(x))),
    }
}
