//! Incremental rebuilds. `Live` keeps a `Session` in memory and, for every output file, a
//! signature of everything its page is made from. After a change it updates only the affected
//! parts of the model, re-renders the pages whose signature moved, and writes only files whose
//! bytes changed. A failed rebuild writes nothing, so the last good site stays in place.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use tera::Value;

use crate::config::is_ignored_name;
use crate::content::Brief;
use crate::content::load::{self, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing;
use crate::model::Page;
use crate::options::BuildOptions;
use crate::output::write::{self, Contents, OutputFile};
use crate::render::context;
use crate::render::search;
use crate::render::templates;
use crate::serve::signature;
use crate::serve::watch::Change;
use crate::session::Session;
use crate::view::Views;

/// What one rebuild did, for the log line and the browser.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What changed, in words.
    pub what: String,
    /// Pages rendered.
    pub rendered: usize,
    /// Files written because their bytes changed.
    pub written: usize,
    /// Files removed because their page is gone.
    pub deleted: usize,
    /// Wall time in milliseconds.
    pub millis: f64,
    /// Every current problem; the rebuild failed when one is an error.
    pub diagnostics: Diagnostics,
    /// Only stylesheets changed: pages can swap styles instead of reloading.
    pub css_only: bool,
}

impl Outcome {
    /// True when the site on disk is now current.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Cached view of one brief: the cache key, the template value and its hash.
struct CachedView {
    key: u64,
    value: Value,
    hash: u64,
    record: std::sync::Arc<[u8]>,
}

/// A site kept live in memory.
pub struct Live {
    /// The pipeline state.
    pub session: Session,
    /// Output path → (page signature, bytes hash) of what is on disk.
    written: Written,
    /// The model's pages, while its shape is unchanged.
    pages: Option<PageSet>,
    /// Brief views by content path.
    views: HashMap<String, CachedView, std::hash::BuildHasherDefault<hashing::Fnv>>,
    /// Content paths of the only briefs that changed since the last sync, when the model
    /// was updated in place; `None` when anything may have changed.
    touched: Option<Vec<String>>,
    /// The search index, updated in place.
    search: search::SearchIndex,
    /// False until the first successful write, which swaps in a complete output folder.
    has_written: bool,
    /// Content paths of assets changed since they were last written.
    assets_dirty: HashSet<String>,
}

impl Live {
    /// Open the site and build it completely.
    pub fn start(opts: &BuildOptions) -> Result<(Live, Outcome), Diagnostics> {
        let t = Instant::now();
        let session = Session::open(opts)?;
        let mut live = Live {
            session,
            written: HashMap::default(),
            pages: None,
            views: HashMap::default(),
            search: search::SearchIndex::default(),
            touched: None,
            has_written: false,
            assets_dirty: HashSet::new(),
        };
        let outcome = live.sync(t, "initial build".into(), false);
        Ok((live, outcome))
    }

    /// Apply a batch of changes and bring the output up to date.
    pub fn apply(&mut self, changes: &[Change]) -> Outcome {
        let t = Instant::now();
        let mut what = Vec::new();
        if changes.contains(&Change::Config) {
            match Session::open(&self.session.opts) {
                Ok(s) => {
                    self.session = s;
                    self.views.clear();
                    self.touched = None;
                }
                Err(d) => {
                    self.session.diags.config = d.iter().cloned().collect();
                }
            }
            // The theme, its highlight colours and its static files may all have changed.
            return self.sync(t, "site.yaml".into(), true);
        }
        let content: Vec<&str> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Content(p) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        if !content.is_empty() {
            what.push(describe(&content));
            self.update_content(&content);
        }
        if changes.contains(&Change::Template) {
            what.push("templates".into());
            self.session.load_templates();
        }
        let statics = changes.iter().any(|c| matches!(c, Change::Static(_)));
        let css_only =
            !changes.is_empty() && changes.iter().all(|c| matches!(c, Change::Static(p) if p.ends_with(".css")));
        if statics {
            what.push("static files".into());
            self.session.load_statics();
            // An image named from the site's root (`/img/map.png`) may have changed size; a
            // changed folder (`/img`) stands for everything in it.
            let changed: Vec<String> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Static(p) => Some(format!("/{p}")),
                    _ => None,
                })
                .collect();
            self.rerender_dependents(|t| changed.iter().any(|c| t.starts_with(c.as_str())));
        }
        let mut outcome = self.sync(t, what.join(", "), statics);
        outcome.css_only = css_only && outcome.rendered == 0;
        outcome
    }

    /// Re-read changed content files (documents and assets) and update the model around
    /// them; documents showing a changed asset are rendered again (its size, or whether it
    /// exists, may have changed).
    fn update_content(&mut self, paths: &[&str]) {
        let root = self.session.root().to_path_buf();
        let content_dir = root.join("content");
        let is_asset = |p: &str| self.session.assets.binary_search_by(|f| f.source.as_str().cmp(p)).is_ok();
        // A file (or a file that was), never a folder or a link: a link may point out of the
        // site, which only the walk judges.
        let simple = paths.iter().all(|p| {
            let abs = content_dir.join(p);
            let link = abs.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
            !link && (abs.is_file() || (!abs.exists() && (p.ends_with(".md") || is_asset(p))))
        });
        let mut changed: HashSet<String> = HashSet::new();
        let mut assets_changed: Vec<String> = Vec::new();
        if simple {
            let mut assets = std::mem::take(&mut self.session.assets);
            for p in paths {
                let abs = content_dir.join(p);
                let keep = abs.is_file() && !p.split('/').any(is_ignored_name);
                // Both lists stay sorted by path: find the file's place by binary search.
                let list = if p.ends_with(".md") { &mut self.session.sources } else { &mut assets };
                match (list.binary_search_by(|f| f.source.as_str().cmp(p)), keep) {
                    (Ok(_), true) => {}
                    (Ok(i), false) => {
                        list.remove(i);
                    }
                    (Err(i), true) => list.insert(i, SourceFile { source: p.to_string(), abs }),
                    (Err(_), false) => {}
                }
                if p.ends_with(".md") {
                    changed.insert(p.to_string());
                } else {
                    assets_changed.push(p.to_string());
                }
            }
            // The asset index (and the image sizes it has read) is made again only if needed.
            match assets_changed.is_empty() {
                true => self.session.assets = assets,
                false => self.session.set_assets(assets),
            }
        } else {
            // A folder was added, removed or renamed: walk again and compare.
            let walked = load::walk(&content_dir, &root, self.session.site.config.follow_symlinks_outside);
            self.session.diags.walk = walked.diags;
            let old: HashSet<&str> = self.session.sources.iter().map(|f| f.source.as_str()).collect();
            let new: HashSet<&str> = walked.docs.iter().map(|f| f.source.as_str()).collect();
            changed.extend(old.symmetric_difference(&new).map(|s| s.to_string()));
            let old: HashSet<&str> = self.session.assets.iter().map(|f| f.source.as_str()).collect();
            let new_assets: HashSet<&str> = walked.assets.iter().map(|f| f.source.as_str()).collect();
            assets_changed.extend(old.symmetric_difference(&new_assets).map(|s| s.to_string()));
            for p in paths {
                if new.contains(p) {
                    changed.insert(p.to_string());
                }
                if new_assets.contains(p) && !assets_changed.iter().any(|a| a == p) {
                    assets_changed.push(p.to_string());
                }
            }
            self.session.sources = walked.docs;
            self.session.set_assets(walked.assets);
        }
        self.assets_dirty.extend(assets_changed.iter().cloned());
        self.update_docs(changed);
        if !assets_changed.is_empty() {
            // A document depends on an asset by its content path, or by its output path when
            // it names it from the site's root.
            let keys: HashSet<String> = assets_changed
                .iter()
                .flat_map(|a| [a.clone(), format!("/{}", crate::content::assets::output_path(a))])
                .collect();
            self.rerender_dependents(|t| keys.contains(t));
        }
    }

    /// Render again the documents that depend on a path `changed` says changed (a content
    /// path, or a site path with a leading `/`: see `Brief::link_targets`).
    fn rerender_dependents(&mut self, changed: impl Fn(&str) -> bool) {
        let dependents: Vec<String> = self
            .session
            .site
            .all_docs()
            .filter(|b| b.link_targets.iter().any(|t| changed(t)))
            .map(|b| b.source.clone())
            .collect();
        if !dependents.is_empty() {
            self.session.render_markdown(&dependents);
        }
    }

    /// Load the changed documents that still exist and update the model around them.
    fn update_docs(&mut self, changed: HashSet<String>) {
        let root = self.session.root().to_path_buf();
        // Parse the changed files that still exist.
        let cfg = self.session.site.config.clone();
        let to_load: Vec<&SourceFile> = self.session.sources.iter().filter(|f| changed.contains(&f.source)).collect();
        let loaded = load::load_all(to_load, &root, &cfg);
        let loaded = match self.replace_in_place(loaded, changed.len()) {
            Ok(()) => return,
            Err(loaded) => loaded,
        };
        self.touched = None;
        let old_urls: HashMap<String, (String, bool)> = self
            .session
            .site
            .all_docs()
            .chain(&self.session.site.drafts)
            .filter(|b| changed.contains(&b.source))
            .map(|b| (b.source.clone(), (b.url.clone(), b.draft)))
            .collect();
        let mut docs: Vec<Brief> = std::mem::take(&mut self.session.site.briefs)
            .into_iter()
            .chain(std::mem::take(&mut self.session.site.pages))
            .chain(std::mem::take(&mut self.session.site.descriptions))
            .collect();
        docs.append(&mut self.session.site.drafts);
        let mut previous: HashMap<String, Brief> = HashMap::new();
        docs.retain_mut(|b| {
            if changed.contains(&b.source) {
                previous.insert(b.source.clone(), std::mem::replace(b, Brief::placeholder()));
                false
            } else {
                true
            }
        });
        let mut fresh: Vec<String> = Vec::new();
        for (source, b, d) in loaded {
            match b {
                // Saved without a change (or touched): keep the rendered document and its problems.
                Some(b) if previous.get(&source).is_some_and(|old| old.revision == b.revision) => {
                    docs.extend(previous.remove(&source));
                }
                Some(b) => {
                    self.session.diags.docs.insert(source.clone(), d);
                    fresh.push(source);
                    docs.push(b);
                }
                None => {
                    self.session.diags.docs.insert(source, d);
                }
            }
        }
        for c in &changed {
            if !self.session.sources.iter().any(|f| &f.source == c) {
                self.session.diags.docs.remove(c);
            }
        }
        self.session.reassemble(docs);
        // Documents whose links point at a changed path resolve their links again.
        let moved: HashSet<&String> = changed
            .iter()
            .filter(|s| {
                let now = self.session.site.all_docs().find(|b| &&b.source == s).map(|b| (b.url.clone(), b.draft));
                now.as_ref() != old_urls.get(*s)
            })
            .collect();
        let mut rerender: Vec<String> = fresh;
        if !moved.is_empty() {
            rerender.extend(
                self.session
                    .site
                    .all_docs()
                    .filter(|b| b.link_targets.iter().any(|t| moved.contains(t)))
                    .map(|b| b.source.clone()),
            );
        }
        rerender.sort();
        rerender.dedup();
        self.session.render_markdown(&rerender);
    }

    /// The common edit: documents changed, but each keeps its URL, kind, draft state, date and
    /// terms, so its place in the model (order, taxonomies, timeline, links) is unchanged and
    /// it can be swapped in without reassembling the model. Gives the results back otherwise.
    fn replace_in_place(&mut self, loaded: Vec<load::Loaded>, changed: usize) -> Result<(), Vec<load::Loaded>> {
        // A changed path that was not loaded is gone: the model changes shape.
        if loaded.len() != changed {
            return Err(loaded);
        }
        let site = &self.session.site;
        let slot = |source: &str| -> Option<(bool, usize)> {
            if let Some(i) = site.briefs.iter().position(|b| b.source == source) {
                return Some((true, i));
            }
            site.pages.iter().position(|b| b.source == source).map(|i| (false, i))
        };
        let mut slots = Vec::with_capacity(loaded.len());
        for (source, b, _) in &loaded {
            let Some(new) = b else { return Err(loaded) };
            let Some((is_brief, i)) = slot(source) else { return Err(loaded) };
            let old = if is_brief { &site.briefs[i] } else { &site.pages[i] };
            let same_place = old.url == new.url
                && old.kind == new.kind
                && old.draft == new.draft
                && old.date.as_ref().map(|d| d.instant) == new.date.as_ref().map(|d| d.instant)
                && old.regions == new.regions
                && old.actors == new.actors
                && old.tags == new.tags
                && old.analysis.supersedes == new.analysis.supersedes;
            if !same_place {
                return Err(loaded);
            }
            slots.push((is_brief, i));
        }
        let mut fresh = Vec::new();
        for ((source, b, d), (is_brief, i)) in loaded.into_iter().zip(slots) {
            let Some(b) = b else { continue };
            let site = &mut self.session.site;
            let old = if is_brief { &mut site.briefs[i] } else { &mut site.pages[i] };
            if old.revision == b.revision {
                continue;
            }
            *old = b;
            self.session.diags.docs.insert(source.clone(), d);
            self.touched.get_or_insert_with(Vec::new).push(source.clone());
            fresh.push(source);
        }
        if fresh.iter().any(|s| self.session.site.pages.iter().any(|p| &p.source == s)) {
            // Page titles are in every page's navigation.
            self.session.refresh_globals();
        }
        self.session.render_markdown(&fresh);
        Ok(())
    }

    /// Bring the output in line with the model: render pages whose signature changed, write
    /// files whose bytes changed, delete files whose page is gone.
    fn sync(&mut self, start: Instant, what: String, statics_changed: bool) -> Outcome {
        self.session.refresh_globals();
        // An in-place update (`touched` kept) moves no page; static files and assets may.
        let reshaped = self.touched.is_none() || statics_changed || !self.assets_dirty.is_empty();
        self.session.check_site(reshaped);
        // Pages and their paths depend only on the model's shape, which an in-place update keeps.
        if self.touched.is_none() {
            self.pages = None;
        }
        let site = &self.session.site;
        let config_key = hashing::value(&(&site.config, site.config.base_path()));
        // Views: reuse the cached one unless the brief or its terms' display names changed.
        // After an in-place update only the touched briefs can have changed.
        let only: Option<HashSet<&str>> = match &self.touched {
            Some(t) if self.views.len() == site.briefs.len() => Some(t.iter().map(String::as_str).collect()),
            _ => None,
        };
        let keyed: Vec<(usize, u64)> = site
            .briefs
            .par_iter()
            .enumerate()
            .filter(|(_, b)| only.as_ref().is_none_or(|o| o.contains(b.source.as_str())))
            .map(|(i, b)| {
                let mut parts = vec![config_key, b.revision];
                for t in &site.taxonomies {
                    parts.extend(site.terms_of_brief(t.kind, i).map(|term| hashing::bytes(term.name.as_bytes())));
                }
                (i, hashing::combine(parts))
            })
            .collect();
        let missing: Vec<(String, CachedView)> = keyed
            .par_iter()
            .filter(|(i, key)| self.views.get(&site.briefs[*i].source).is_none_or(|v| v.key != *key))
            .map(|&(i, key)| {
                let (value, hash) = crate::view::brief_value(site, &site.briefs[i]);
                let record = crate::view::record(site, i).into();
                (site.briefs[i].source.clone(), CachedView { key, value, hash, record })
            })
            .collect();
        for (source, v) in missing {
            self.views.insert(source, v);
        }
        if only.is_none() {
            let live_sources: HashSet<&str> = site.briefs.iter().map(|b| b.source.as_str()).collect();
            self.views.retain(|k, _| live_sources.contains(k.as_str()));
        }
        self.touched = Some(Vec::new());
        let mut values: Vec<Value> = Vec::with_capacity(site.briefs.len());
        let mut hashes: Vec<u64> = Vec::with_capacity(site.briefs.len());
        let mut records = Vec::with_capacity(site.briefs.len());
        for b in &site.briefs {
            let v = &self.views[&b.source];
            values.push(v.value.clone());
            hashes.push(v.hash);
            records.push(v.record.clone());
        }
        let prep = Views::from_values(site, values, records);

        let template_hashes = templates::dependency_hashes(&self.session.template_sources);
        // Cards are rendered from their own template, which list pages no longer name.
        let card_template = template_hashes.get(context::CARD_TEMPLATE).copied().unwrap_or(0);
        let global = hashing::value(&crate::view::globals(site).iter().map(|(k, v)| (k, v)).collect::<Vec<_>>());
        let pages = self.pages.get_or_insert_with(|| {
            let pages = Page::all(site);
            let paths: Vec<String> = pages.par_iter().map(|p| p.output_path(site)).collect();
            let current = paths.iter().cloned().collect();
            PageSet { pages, paths, current }
        });
        let sigs: Vec<u64> = pages
            .pages
            .par_iter()
            .map(|&p| {
                let tpl = p.template().and_then(|t| template_hashes.get(t)).copied().unwrap_or(0);
                let cards = if p.lists_cards() { card_template } else { 0 };
                hashing::combine([global, tpl, cards, signature::signature(site, &hashes, p)])
            })
            .collect();
        // A page is rendered again when its signature moved from what is on disk, and also
        // while it has a standing render error: its inputs can return to those of the last
        // good render (a failing template override deleted), and only a render clears the error.
        let failing = &self.session.diags.render;
        let dirty_at: Vec<usize> = (0..sigs.len())
            .filter(|&i| {
                let path = &pages.paths[i];
                self.written.get(path).is_none_or(|(s, _)| *s != sigs[i]) || failing.contains_key(path)
            })
            .collect();
        let dirty: Vec<Page> = dirty_at.iter().map(|&i| pages.pages[i]).collect();
        let sig_of: HashMap<&str, u64> = dirty_at.iter().map(|&i| (pages.paths[i].as_str(), sigs[i])).collect();
        let current = &pages.current;

        // The first sync writes a whole new output: its pages go into the staging folder a
        // chunk at a time as they are rendered, so the preview never holds every page's bytes
        // at once (on a large site, most of its memory). Later syncs keep the pages that
        // changed and write those whose bytes differ.
        let out = self.session.opts.output();
        let mut write_problems: Vec<Diagnostic> = Vec::new();
        let staging = match self.has_written {
            true => None,
            false => match write::Staging::new(&out) {
                Ok(st) => Some(st),
                Err(d) => {
                    write_problems.push(d);
                    None
                }
            },
        };
        let mut files: Vec<(OutputFile, u64)> = Vec::new();
        let mut page_keys: Vec<(String, u64, u64)> = Vec::new();
        let mut rendered = 0;
        let mut render_diags: Vec<(String, Option<Diagnostic>)> = Vec::new();
        let chunk = if self.has_written { dirty.len().max(1) } else { 512 };
        for pages_chunk in dirty.chunks(chunk) {
            let results = self.session.render(pages_chunk, &prep);
            rendered += results.len();
            for (page, r) in results {
                let path = page.output_path(site);
                match r {
                    Ok(f) => {
                        render_diags.push((path.clone(), None));
                        let sig = sig_of[path.as_str()];
                        match &staging {
                            Some(st) => {
                                page_keys.push((f.path.clone(), sig, contents_hash(&f.contents)));
                                if let Err(d) = st.write(&f) {
                                    write_problems.push(d);
                                }
                            }
                            None => files.push((f, sig)),
                        }
                    }
                    Err(d) => render_diags.push((path, Some(d))),
                }
            }
        }
        for (path, d) in render_diags {
            match d {
                Some(d) => {
                    self.session.diags.render.insert(path, vec![d]);
                }
                None => {
                    self.session.diags.render.remove(&path);
                }
            }
        }
        self.session.diags.render.retain(|p, _| current.contains(p));
        let search_keys: Vec<u64> =
            site.briefs.iter().zip(&hashes).map(|(b, h)| hashing::combine([*h, b.revision])).collect();
        let search = self.search.update(site, search_keys);
        let statics = if statics_changed || !self.has_written { Some(self.session.static_files()) } else { None };
        let links = &self.session.links;
        let published: Vec<&crate::content::assets::Asset> =
            links.assets().all().iter().filter(|a| links.publishes(&a.source)).collect();

        let mut outcome = Outcome { what, rendered, diagnostics: self.session.diags.all(), ..Outcome::default() };
        if outcome.diagnostics.has_errors() || self.session.templates.is_none() {
            // A staging folder of a first sync is dropped, which removes it.
            outcome.millis = start.elapsed().as_secs_f64() * 1000.0;
            return outcome;
        }
        if !self.has_written {
            let statics = statics.unwrap_or_default();
            let assets: Vec<OutputFile> = published.iter().map(|a| asset_file(a)).collect();
            let committed = match staging {
                Some(st) => {
                    for f in statics.iter().chain(&search.files).chain(&assets) {
                        if let Err(d) = st.write(f) {
                            write_problems.push(d);
                        }
                    }
                    match write_problems.is_empty() {
                        true => st.commit(),
                        false => Err(write_problems.remove(0)),
                    }
                }
                None => Err(write_problems.remove(0)),
            };
            outcome.diagnostics.extend(write::collapse_repeats(write_problems));
            match committed {
                Ok(n) => {
                    outcome.written = n;
                    self.has_written = true;
                    for (path, sig, hash) in page_keys {
                        self.written.insert(path, (sig, hash));
                    }
                    for f in &statics {
                        self.written.insert(format!("static:{}", f.path), (0, contents_hash(&f.contents)));
                    }
                    for f in &search.files {
                        self.written.insert(format!("{SEARCH}{}", f.path), (0, contents_hash(&f.contents)));
                    }
                    for f in &assets {
                        self.written.insert(format!("{ASSET}{}", f.path), (0, contents_hash(&f.contents)));
                    }
                    self.assets_dirty.clear();
                }
                Err(d) => outcome.diagnostics.push(d),
            }
            outcome.millis = start.elapsed().as_secs_f64() * 1000.0;
            return outcome;
        }
        // The same lock as a build's, so a `build` into the same folder waits for these writes.
        let _lock = match write::lock_output(&out) {
            Ok(l) => l,
            Err(d) => {
                outcome.diagnostics.push(d);
                outcome.millis = start.elapsed().as_secs_f64() * 1000.0;
                return outcome;
            }
        };
        // Pages: write only changed bytes.
        let pages: Vec<(&OutputFile, u64)> = files.iter().map(|(f, sig)| (f, *sig)).collect();
        write_changed(&mut self.written, &out, "", &pages, &mut outcome);
        // Static files.
        if let Some(statics) = statics {
            let names: HashSet<String> = statics.iter().map(|f| format!("static:{}", f.path)).collect();
            let files: Vec<(&OutputFile, u64)> = statics.iter().map(|f| (f, 0)).collect();
            write_changed(&mut self.written, &out, "static:", &files, &mut outcome);
            let gone: Vec<String> =
                self.written.keys().filter(|k| k.starts_with("static:") && !names.contains(*k)).cloned().collect();
            for k in gone {
                let rel = &k["static:".len()..];
                if !current.contains(rel) {
                    write::remove_file(&out, rel);
                    outcome.deleted += 1;
                }
                self.written.remove(&k);
            }
        }
        // Assets: write those changed or newly published, remove those gone. Only these are
        // read to compare: a site's images can be many and large.
        let dirty = std::mem::take(&mut self.assets_dirty);
        let names: HashSet<String> = published.iter().map(|a| format!("{ASSET}{}", a.output)).collect();
        let todo: Vec<OutputFile> = published
            .iter()
            .filter(|a| dirty.contains(&a.source) || !self.written.contains_key(&format!("{ASSET}{}", a.output)))
            .map(|a| asset_file(a))
            .collect();
        let files: Vec<(&OutputFile, u64)> = todo.iter().map(|f| (f, 0)).collect();
        write_changed(&mut self.written, &out, ASSET, &files, &mut outcome);
        let gone: Vec<String> =
            self.written.keys().filter(|k| k.starts_with(ASSET) && !names.contains(*k)).cloned().collect();
        for k in gone {
            let rel = &k[ASSET.len()..];
            if !current.contains(rel) {
                write::remove_file(&out, rel);
                outcome.deleted += 1;
            }
            self.written.remove(&k);
        }
        // The search index: write what changed, remove what is gone.
        let names: HashSet<String> = search.paths.iter().map(|p| format!("{SEARCH}{p}")).collect();
        let files: Vec<(&OutputFile, u64)> = search.files.iter().map(|f| (f, 0)).collect();
        write_changed(&mut self.written, &out, SEARCH, &files, &mut outcome);
        let gone: Vec<String> =
            self.written.keys().filter(|k| k.starts_with(SEARCH) && !names.contains(*k)).cloned().collect();
        for k in gone {
            write::remove_file(&out, &k[SEARCH.len()..]);
            self.written.remove(&k);
            outcome.deleted += 1;
        }
        // Pages that no longer exist.
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|k| {
                !k.starts_with("static:") && !k.starts_with(SEARCH) && !k.starts_with(ASSET) && !current.contains(*k)
            })
            .cloned()
            .collect();
        for path in stale {
            write::remove_file(&out, &path);
            self.written.remove(&path);
            outcome.deleted += 1;
        }
        outcome.millis = start.elapsed().as_secs_f64() * 1000.0;
        outcome
    }
}

/// What is on disk: output key → (page signature, bytes hash).
type Written = HashMap<String, (u64, u64), std::hash::BuildHasherDefault<hashing::Fnv>>;

/// Write, in parallel, each file whose bytes differ from what `written` records under its key
/// (its path after `prefix`), and record every file's signature and hash.
fn write_changed(written: &mut Written, out: &Path, prefix: &str, files: &[(&OutputFile, u64)], outcome: &mut Outcome) {
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
                written.insert(key, (*sig, h));
            }
            Err(d) => outcome.diagnostics.push(d),
        }
    }
}

/// Every page of the model, with its output path: kept while the model keeps its shape.
struct PageSet {
    pages: Vec<Page>,
    paths: Vec<String>,
    current: HashSet<String, std::hash::BuildHasherDefault<hashing::Fnv>>,
}

/// Key prefix in `Live::written` for search index files.
const SEARCH: &str = "search:";

/// Key prefix in `Live::written` for the assets of content/.
const ASSET: &str = "asset:";

/// The output file of a published asset.
fn asset_file(a: &crate::content::assets::Asset) -> OutputFile {
    OutputFile { path: a.output.clone(), contents: Contents::Copy(a.abs.clone()) }
}

fn contents_hash(c: &Contents) -> u64 {
    match c {
        Contents::Bytes(b) => hashing::bytes(b),
        Contents::Embedded(b) => hashing::bytes(b),
        Contents::Copy(p) => std::fs::read(p).map(|b| hashing::bytes(&b)).unwrap_or(0),
    }
}

fn describe(paths: &[&str]) -> String {
    match paths {
        [one] => format!("content/{one}"),
        many => format!("{} content files", many.len()),
    }
}
