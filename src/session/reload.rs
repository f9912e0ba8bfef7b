//! Reloading a session after its files changed: the one path by which both the preview and
//! a fresh open bring the model up to date. A change of site.yaml reloads everything, as a
//! fresh open does; a changed document is read again and swapped into the model in place when
//! it keeps its place there (URL, kind, date, terms, links to briefs and sources), or the model is reassembled around it;
//! documents whose links or images point at what changed render their Markdown again.

use std::collections::{HashMap, HashSet};

use crate::config::is_ignored_name;
use crate::content::Document;
use crate::content::load::{self, SourceFile};
use crate::model::citations;
use crate::session::Session;

/// What kind of input a changed path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `site.yaml`: everything is reloaded.
    Config,
    /// A file or folder under `content/` (relative path, `/`-separated).
    Content(String),
    /// A template, in `templates/` or the theme's `templates/`.
    Template,
    /// A static file (the site's or the theme's), relative to its static folder.
    Static(String),
}

/// What a reload changed, for whoever keeps an output in step with the session.
#[derive(Debug, Default)]
pub struct Reloaded {
    /// What changed, in words.
    pub what: String,
    /// Everything was reloaded (site.yaml changed): nothing made from the old model holds.
    pub everything: bool,
    /// Positions in `Site::briefs` of the only briefs that changed, when every document kept
    /// its place in the model; `None` when the model was reassembled, and anything may have
    /// changed.
    pub touched: Option<Vec<usize>>,
    /// Content paths of assets that came, went or changed.
    pub assets: Vec<String>,
    /// Static files were collected again.
    pub statics: bool,
    /// Only stylesheets changed: pages can swap styles instead of reloading.
    pub css_only: bool,
}

impl Session {
    /// Bring the session up to date with `changes`, a batch of changed paths, and say what
    /// moved. A change of site.yaml opens the site afresh, as `Session::open` does; when that
    /// fails (no usable config) the session keeps its model and reports the config's problems.
    pub fn reload(&mut self, changes: &[Change]) -> Reloaded {
        if changes.contains(&Change::Config) {
            match Session::open(&self.opts) {
                Ok(fresh) => *self = fresh,
                Err(d) => self.diags.config = d.iter().cloned().collect(),
            }
            // The theme, its highlight colours and its static files may all have changed.
            return Reloaded { what: "site.yaml".into(), everything: true, statics: true, ..Reloaded::default() };
        }
        let mut done = Reloaded { touched: Some(Vec::new()), ..Reloaded::default() };
        let mut what = Vec::new();
        let content_dir = self.root().join("content");
        let content: Vec<&str> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Content(p) => Some(p.as_str()),
                _ => None,
            })
            .filter(|p| !self.gone_and_never_read(&content_dir, p))
            .collect();
        if !content.is_empty() {
            what.push(describe(&content));
            self.update_content(&content, &mut done);
        }
        if changes.contains(&Change::Template) {
            what.push("templates".into());
            self.load_templates();
        }
        let statics: Vec<String> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Static(p) => Some(format!("/{p}")),
                _ => None,
            })
            .collect();
        if !statics.is_empty() {
            what.push("static files".into());
            self.load_statics();
            // An image named from the site's root (`/img/map.png`) may have changed size; a
            // changed folder (`/img`) stands for everything in it.
            self.rerender_dependents(|t| statics.iter().any(|c| t.starts_with(c.as_str())));
        }
        done.statics = !statics.is_empty();
        done.css_only =
            !changes.is_empty() && changes.iter().all(|c| matches!(c, Change::Static(p) if p.ends_with(".css")));
        done.what = what.join(", ");
        done
    }

    /// True when nothing is at the content path `p` and nothing there was part of the site:
    /// not a document or an asset, nor a folder holding one. Such a path is the temporary file
    /// of `sed -i` or of an editor's safe save, renamed over the real file before the batch
    /// arrived; it changes nothing, and taken as a change it would send the save down the walk
    /// of the whole content folder.
    fn gone_and_never_read(&self, content_dir: &std::path::Path, p: &str) -> bool {
        // Sorted by path, so the files under `p/` follow one another from their first.
        let holds = |list: &[SourceFile]| {
            let under = format!("{p}/");
            list.binary_search_by(|f| f.source.as_str().cmp(p)).is_ok()
                || list
                    .get(list.partition_point(|f| f.source.as_str() < under.as_str()))
                    .is_some_and(|f| f.source.starts_with(&under))
        };
        content_dir.join(p).symlink_metadata().is_err() && !holds(&self.sources) && !holds(&self.assets)
    }

    /// Re-read changed content files (documents and assets) and update the model around
    /// them; documents showing a changed asset are rendered again (its size, or whether it
    /// exists, may have changed).
    fn update_content(&mut self, paths: &[&str], done: &mut Reloaded) {
        let root = self.root().to_path_buf();
        let content_dir = root.join("content");
        let is_asset = |p: &str| self.assets.binary_search_by(|f| f.source.as_str().cmp(p)).is_ok();
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
            let mut assets = std::mem::take(&mut self.assets);
            for p in paths {
                let abs = content_dir.join(p);
                let keep = abs.is_file() && !p.split('/').any(is_ignored_name);
                // Both lists stay sorted by path: find the file's place by binary search.
                let list = if p.ends_with(".md") { &mut self.sources } else { &mut assets };
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
                true => self.assets = assets,
                false => self.set_assets(assets),
            }
        } else {
            // A folder was added, removed or renamed: walk again and compare.
            let walked = load::walk(&content_dir, &root, self.site.config.follow_symlinks_outside);
            self.diags.walk = walked.diags;
            let old: HashSet<&str> = self.sources.iter().map(|f| f.source.as_str()).collect();
            let new: HashSet<&str> = walked.docs.iter().map(|f| f.source.as_str()).collect();
            changed.extend(old.symmetric_difference(&new).map(|s| s.to_string()));
            let old: HashSet<&str> = self.assets.iter().map(|f| f.source.as_str()).collect();
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
            self.sources = walked.docs;
            self.set_assets(walked.assets);
        }
        done.assets.extend(assets_changed.iter().cloned());
        self.update_docs(changed, done);
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
    /// path, or a site path with a leading `/`: see `Document::link_targets`).
    fn rerender_dependents(&mut self, changed: impl Fn(&str) -> bool) {
        let dependents: Vec<String> = self
            .site
            .all_docs()
            .filter(|b| b.link_targets.iter().any(|t| changed(t)))
            .map(|b| b.source.clone())
            .collect();
        if !dependents.is_empty() {
            self.render_markdown(&dependents);
        }
    }

    /// Load the changed documents that still exist and update the model around them.
    fn update_docs(&mut self, changed: HashSet<String>, done: &mut Reloaded) {
        let root = self.root().to_path_buf();
        // Parse the changed files that still exist.
        let cfg = self.site.config.clone();
        // `sources` stays sorted by path: each changed file is found by binary search rather
        // than by hashing every path of a large site on every save.
        let mut to_load: Vec<&SourceFile> = changed
            .iter()
            .filter_map(|c| self.sources.binary_search_by(|f| f.source.as_str().cmp(c)).ok())
            .map(|i| &self.sources[i])
            .collect();
        to_load.sort_unstable_by(|a, b| a.source.cmp(&b.source));
        let loaded = load::load_all(to_load, &root, &cfg, self.one_shot);
        let loaded = match self.replace_in_place(loaded, changed.len(), done) {
            Ok(()) => return,
            Err(loaded) => loaded,
        };
        done.touched = None;
        // Where each changed document was published (none when held back or new).
        let old_urls: HashMap<String, String> = self
            .site
            .all_docs()
            .filter(|b| changed.contains(&b.source))
            .map(|b| (b.source.clone(), b.url.clone()))
            .collect();
        let mut docs: Vec<Document> = std::mem::take(&mut self.site.briefs)
            .into_iter()
            .chain(std::mem::take(&mut self.site.pages))
            .chain(std::mem::take(&mut self.site.descriptions))
            .chain(std::mem::take(&mut self.site.retracted))
            .collect();
        docs.append(&mut self.site.held);
        docs.append(&mut self.site.foreign);
        let mut previous: HashMap<String, Document> = HashMap::new();
        docs.retain_mut(|b| {
            if changed.contains(&b.source) {
                previous.insert(b.source.clone(), std::mem::replace(b, Document::placeholder()));
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
                    self.diags.docs.insert(source.clone(), d);
                    fresh.push(source);
                    docs.push(b);
                }
                None => {
                    self.diags.docs.insert(source, d);
                }
            }
        }
        for c in &changed {
            if !self.sources.iter().any(|f| &f.source == c) {
                self.diags.docs.remove(c);
            }
        }
        self.reassemble(docs);
        // Documents whose links point at a changed path resolve their links again.
        let moved: HashSet<&String> = changed
            .iter()
            .filter(|s| {
                let now = self.site.all_docs().find(|b| &&b.source == s).map(|b| &b.url);
                now != old_urls.get(*s)
            })
            .collect();
        let mut rerender: Vec<String> = fresh;
        if !moved.is_empty() {
            rerender.extend(
                self.site
                    .all_docs()
                    .filter(|b| b.link_targets.iter().any(|t| moved.contains(t)))
                    .map(|b| b.source.clone()),
            );
        }
        rerender.sort();
        rerender.dedup();
        self.render_markdown(&rerender);
    }

    /// The common edit: documents changed, but each keeps its URL, kind, draft state, date and
    /// terms, so its place in the model (order, taxonomies, timeline, links) is unchanged and
    /// it can be swapped in without reassembling the model. Gives the results back otherwise.
    fn replace_in_place(
        &mut self,
        loaded: Vec<load::Loaded>,
        changed: usize,
        done: &mut Reloaded,
    ) -> Result<(), Vec<load::Loaded>> {
        // A changed path that was not loaded is gone: the model changes shape.
        if loaded.len() != changed {
            return Err(loaded);
        }
        let site = &self.site;
        let places = self.places.get_or_insert_with(|| {
            let briefs = site.briefs.iter().enumerate().map(|(i, b)| (b.source.clone(), (true, i)));
            briefs.chain(site.pages.iter().enumerate().map(|(i, p)| (p.source.clone(), (false, i)))).collect()
        });
        let mut slots = Vec::with_capacity(loaded.len());
        for (source, b, _) in &loaded {
            let Some(new) = b else { return Err(loaded) };
            let Some(&(is_brief, i)) = places.get(source.as_str()) else { return Err(loaded) };
            let old = if is_brief { &site.briefs[i] } else { &site.pages[i] };
            let same_place = old.url == new.url
                && old.kind == new.kind
                && old.draft == new.draft
                && old.date.as_ref().map(|d| d.instant) == new.date.as_ref().map(|d| d.instant)
                && old.regions == new.regions
                && old.actors == new.actors
                && old.tags == new.tags
                && old.analysis.supersedes == new.analysis.supersedes
                // Where its events are filed (`model::chronicle`).
                && old.analysis.events == new.analysis.events
                // What decides whether the brief is published, and where.
                && old.analysis.status == new.analysis.status
                && old.publication == new.publication
                // What it links to and the sources it cites: the site's backlinks and source
                // index are made with the model.
                && (!is_brief || citations::footprint(old, &self.links) == citations::footprint(new, &self.links));
            if !same_place {
                return Err(loaded);
            }
            slots.push((is_brief, i));
        }
        let mut fresh = Vec::new();
        for ((source, b, d), (is_brief, i)) in loaded.into_iter().zip(slots) {
            let Some(b) = b else { continue };
            let site = &mut self.site;
            let old = if is_brief { &mut site.briefs[i] } else { &mut site.pages[i] };
            if old.revision == b.revision {
                continue;
            }
            *old = b;
            self.diags.docs.insert(source, d);
            if is_brief {
                done.touched.get_or_insert_with(Vec::new).push(i);
            }
            fresh.push((is_brief, i));
        }
        if fresh.iter().any(|&(is_brief, _)| !is_brief) {
            // Page titles are in every page's navigation.
            self.refresh_globals();
        }
        self.render_markdown_at(&fresh);
        Ok(())
    }
}

fn describe(paths: &[&str]) -> String {
    match paths {
        [one] => format!("content/{one}"),
        many => format!("{} content files", many.len()),
    }
}
