//! Resolving what Markdown refers to. A reference is read as the author's editor reads it:
//! `@/briefs/x.md` from `content/`, `map.png` or `../x.md` from the document's folder, and
//! `/img/map.png` from the site's root. Each becomes the URL the site publishes it at, under
//! the base path; one that does not exist is broken, with a suggestion the build does not
//! leave out. What needs the whole site rendered (a `#fragment` on another page, a
//! root-relative path to a generated page) is handed back to be checked afterwards.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::content::assets::{self, AssetMap};
use crate::diagnostics::did_you_mean;
use crate::markdown::{LinkTarget, Ref, RefKind};
use crate::urls::{self, Dest};

/// What a content path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Built: its URL relative to the site root.
    Url(String),
    /// Exists, but this build holds it back (`model::publish`), for this reason.
    Held(crate::model::publish::Held),
    /// Built by another language of the site, at this path from the server's root
    /// (`/ar/briefs/muscat-talks/`).
    Elsewhere(String),
}

/// The static files of the site (its own and its theme's) by output path, with the file
/// behind each when there is one (not for the built-in theme's), and its pixel size once read.
#[derive(Debug, Default)]
pub struct StaticMap(pub HashMap<String, (Option<PathBuf>, Size)>);

/// A pixel size, read when first asked for.
type Size = OnceLock<Option<(u32, u32)>>;

impl StaticMap {
    /// The map of `files`: output path and, for a copied file, where it is read from.
    pub fn new(files: impl IntoIterator<Item = (String, Option<PathBuf>)>) -> StaticMap {
        StaticMap(files.into_iter().map(|(p, abs)| (p, (abs, OnceLock::new()))).collect())
    }

    fn size(&self, path: &str) -> Option<(u32, u32)> {
        let (abs, size) = self.0.get(path)?;
        *size.get_or_init(|| abs.as_deref().and_then(assets::image_size))
    }
}

/// What can only be checked once every document is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Later {
    /// `#id` must name an element of the document at content path `source`.
    Fragment {
        /// The target document.
        source: String,
        /// The id, decoded.
        id: String,
    },
    /// A root-relative path must be a file the build produces, and its fragment, if any, an
    /// element of that page.
    SitePath {
        /// The path in the output, decoded, without the base path, query or fragment.
        path: String,
        /// The fragment's id, decoded.
        id: Option<String>,
    },
}

/// What one reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// What the renderer writes.
    pub target: LinkTarget,
    /// The content path (document or asset, present or not) or, with a leading `/`, the site
    /// path this reference depends on: when it changes, the referring document is rendered
    /// again.
    pub depends_on: Option<String>,
    /// What is left to check once the whole site is rendered.
    pub later: Option<Later>,
}

impl Resolution {
    fn keep() -> Resolution {
        Resolution { target: LinkTarget::Keep, depends_on: None, later: None }
    }

    fn broken(message: String, depends_on: Option<String>) -> Resolution {
        Resolution { target: LinkTarget::Broken(message), depends_on, later: None }
    }
}

/// Every document's content path → its URL, and the files the site publishes, for resolving
/// references.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    entries: HashMap<String, Entry, crate::hashing::FastBuild>,
    base_path: String,
    assets: Arc<AssetMap>,
    statics: Arc<StaticMap>,
    /// Folders of bundles (`briefs/x/index.md`) that this build holds back: their assets are
    /// left out with them.
    held_bundles: HashSet<String>,
    /// Assets that documents held back refer to: published only if a published document
    /// refers to them too.
    held_refs: HashSet<String>,
}

impl LinkMap {
    /// An empty map; links will be prefixed with `base_path` (`/` or `/analysis/`).
    pub fn new(base_path: &str) -> Self {
        LinkMap { base_path: base_path.to_string(), ..LinkMap::default() }
    }

    /// Make room for `n` more documents at once rather than by growing step by step.
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
    }

    /// Record a document.
    pub fn insert(&mut self, source: &str, entry: Entry) {
        self.entries.insert(source.to_string(), entry);
    }

    /// True when `source` is known.
    pub fn contains(&self, source: &str) -> bool {
        self.entries.contains_key(source)
    }

    /// Why this build holds back the document at `source`, when it does.
    pub fn held(&self, source: &str) -> Option<&crate::model::publish::Held> {
        match self.entries.get(source) {
            Some(Entry::Held(why)) => Some(why),
            _ => None,
        }
    }

    /// Give the map the site's assets and static files.
    pub fn set_files(&mut self, assets: Arc<AssetMap>, statics: Arc<StaticMap>) {
        self.assets = assets;
        self.statics = statics;
    }

    /// Leave out the assets of the bundles whose `index.md` is one of these documents held back.
    pub fn set_held_bundles<'a>(&mut self, held: impl IntoIterator<Item = &'a str>) {
        self.held_bundles = held
            .into_iter()
            .filter_map(|s| s.strip_suffix("/index.md").or_else(|| s.strip_suffix("/_index.md")))
            .map(str::to_string)
            .collect();
    }

    /// Note the assets that the documents held back refer to (see `held_refs`).
    pub fn set_held_refs<'a>(&mut self, held: impl IntoIterator<Item = &'a crate::content::Document>) {
        self.held_refs.clear();
        for doc in held {
            let image = doc.image.as_ref().map(|i| i.src.clone());
            for dest in crate::markdown::destinations(&doc.body).into_iter().chain(image) {
                let d = Dest::split(dest.trim());
                if urls::is_external(&dest) || d.path.is_empty() || d.path.starts_with('/') || d.path.ends_with(".md") {
                    continue;
                }
                if let Some(target) = content_path(&doc.source, d.path) {
                    self.held_refs.insert(target);
                }
            }
        }
    }

    /// True when some held-back document refers to an asset.
    pub fn holds_refs(&self) -> bool {
        !self.held_refs.is_empty()
    }

    /// True when the asset at `source` is one a held-back document refers to.
    pub fn held_refers_to(&self, source: &str) -> bool {
        self.held_refs.contains(source)
    }

    /// True when the asset at `source` is published: it is not in a draft bundle left out.
    pub fn publishes(&self, source: &str) -> bool {
        if self.held_bundles.is_empty() {
            return true;
        }
        let mut dir = urls::parent(source);
        while !dir.is_empty() {
            if self.held_bundles.contains(dir) {
                return false;
            }
            dir = urls::parent(dir);
        }
        true
    }

    /// The site's assets.
    pub fn assets(&self) -> &AssetMap {
        &self.assets
    }

    /// The content path `dest` points at, if it is a link to a document at all.
    pub fn target_of(&self, from: &str, dest: &str) -> Option<String> {
        let d = Dest::split(dest);
        if urls::is_external(dest) || !(d.path.starts_with("@/") || d.path.ends_with(".md")) {
            return None;
        }
        content_path(from, d.path).filter(|t| t.ends_with(".md"))
    }

    /// Resolve a reference written in the document at `from` (a content path).
    pub fn resolve(&self, from: &str, r: &Ref) -> Resolution {
        let dest = r.dest.trim();
        if dest.is_empty() || urls::is_external(dest) {
            return Resolution::keep();
        }
        let d = Dest::split(dest);
        if d.path.is_empty() {
            // `#id` on this page: checked once the page is rendered.
            let later = (!d.fragment.is_empty() && d.fragment != "#")
                .then(|| Later::Fragment { source: from.to_string(), id: d.fragment_id() });
            return Resolution { later, ..Resolution::keep() };
        }
        if d.path.starts_with('/') {
            return self.site_path(dest, &d, r.kind);
        }
        let Some(target) = content_path(from, d.path) else {
            return Resolution::broken(format!("`{dest}` points outside content/"), None);
        };
        if target.ends_with(".md") {
            return self.document(dest, &target, &d);
        }
        // A folder (`gaza-aid/`, or `@/briefs/gaza-aid`) stands for its bundle's page.
        let slash = if target.is_empty() { "" } else { "/" };
        for name in ["index.md", "_index.md"] {
            let index = format!("{target}{slash}{name}");
            if self.entries.contains_key(&index) {
                return self.document(dest, &index, &d);
            }
        }
        match self.assets.get(&target) {
            Some(a) if self.publishes(&a.source) => {
                let url = format!("{}{}{}{}", self.base_path, urls::encode_path(&a.output), d.query, d.fragment);
                let size = if r.kind == RefKind::Image { self.assets.size(&target) } else { None };
                Resolution { target: LinkTarget::File { url, size }, depends_on: Some(target), later: None }
            }
            Some(_) => Resolution::broken(
                format!(
                    "`{dest}` is content/{target}, which belongs to a brief this build holds back: a published page must not reveal it (remove the reference)"
                ),
                Some(target),
            ),
            None => {
                let hint = self.near_asset(from, &target).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                let what = if r.kind == RefKind::Image { "image" } else { "file" };
                Resolution::broken(
                    format!("`{dest}` refers to content/{target}, and there is no such {what}{hint}"),
                    Some(target),
                )
            }
        }
    }

    /// A reference to the document at content path `target`.
    fn document(&self, dest: &str, target: &str, d: &Dest) -> Resolution {
        let depends_on = Some(target.to_string());
        match self.entries.get(target) {
            Some(Entry::Url(url)) => {
                let later = (!d.fragment.is_empty() && d.fragment != "#")
                    .then(|| Later::Fragment { source: target.to_string(), id: d.fragment_id() });
                let url = format!("{}{}{}{}", self.base_path, urls::encode_path(url), d.query, d.fragment);
                Resolution { target: LinkTarget::Rewrite(url), depends_on, later }
            }
            Some(Entry::Elsewhere(path)) => {
                let url = format!("{}{}{}", urls::encode_path(path), d.query, d.fragment);
                Resolution { target: LinkTarget::Rewrite(url), depends_on, later: None }
            }
            Some(Entry::Held(why)) => Resolution::broken(
                format!(
                    "`{dest}` links to content/{target}, which this build holds back ({}): a published page must not reveal it (remove the link, or {})",
                    why.reason(),
                    why.remedy()
                ),
                depends_on,
            ),
            None => {
                // Suggest only what the build publishes: never a draft left out.
                let built = self.entries.iter().filter(|(_, e)| matches!(e, Entry::Url(_))).map(|(k, _)| k.as_str());
                let hint = did_you_mean(target, built).map(|n| format!("; did you mean `@/{n}`?")).unwrap_or_default();
                Resolution::broken(
                    format!("`{dest}` links to content/{target}, which does not exist{hint}"),
                    depends_on,
                )
            }
        }
    }

    /// A root-relative reference (`/img/map.png`, `/timeline/`): put under the base path.
    /// Whether the build produces it is known only once every page is, so that is checked
    /// later; the size of an image is read now, from the asset or static file it names.
    fn site_path(&self, dest: &str, d: &Dest, kind: RefKind) -> Resolution {
        let decoded = urls::decode(d.path);
        // A path already written under the base path (as this README once advised) is kept.
        let under_base = self.base_path != "/" && decoded.starts_with(&self.base_path);
        let rel = match under_base {
            true => &decoded[self.base_path.len()..],
            false => decoded.trim_start_matches('/'),
        };
        let url = match under_base {
            true => dest.to_string(),
            false => format!("{}{}{}{}", self.base_path, urls::encode_path(rel), d.query, d.fragment),
        };
        let asset = self.assets.at_output(rel).filter(|a| self.publishes(&a.source));
        let size = match kind {
            RefKind::Image => asset.map_or_else(|| self.statics.size(rel), |a| self.assets.size(&a.source)),
            RefKind::Link => None,
        };
        let depends_on = Some(asset.map_or_else(|| format!("/{rel}"), |a| a.source.clone()));
        let id = (!d.fragment.is_empty() && d.fragment != "#").then(|| d.fragment_id());
        let later = Some(Later::SitePath { path: rel.to_string(), id });
        let target = match asset.is_some() || self.statics.0.contains_key(rel) {
            true => LinkTarget::File { url, size },
            false => LinkTarget::Rewrite(url),
        };
        Resolution { target, depends_on, later }
    }

    /// A published asset near a missing one's path, written as the author would write it from
    /// the document at `from`: by edit distance, else one with the same file name.
    fn near_asset(&self, from: &str, target: &str) -> Option<String> {
        let published = || self.assets.all().iter().filter(|a| self.publishes(&a.source)).map(|a| a.source.as_str());
        let name = target.rsplit('/').next().unwrap_or(target);
        let near =
            did_you_mean(target, published()).or_else(|| published().find(|s| s.rsplit('/').next() == Some(name)))?;
        Some(urls::relative(urls::parent(from), near))
    }
}

/// The content path a relative or `@/` path names, decoded; `None` when it climbs out of
/// `content/`.
fn content_path(from: &str, path: &str) -> Option<String> {
    let decoded = urls::decode(path);
    match decoded.strip_prefix("@/") {
        Some(rest) => urls::join("", rest),
        None => urls::join(urls::parent(from), &decoded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::assets::Asset;

    fn map() -> LinkMap {
        let mut m = LinkMap::new("/analysis/");
        m.insert("briefs/muscat-talks.md", Entry::Url("briefs/muscat-talks/".into()));
        m.insert("briefs/sahel/niger.md", Entry::Url("briefs/sahel/niger/".into()));
        m.insert("briefs/café.md", Entry::Url("briefs/cafe/".into()));
        m.insert("briefs/hormuz.md", Entry::Held(crate::model::publish::Held::Draft));
        m.insert("briefs/muscat-talkz.md", Entry::Held(crate::model::publish::Held::Draft));
        m.insert("briefs/gaza-aid/index.md", Entry::Url("briefs/gaza-aid/".into()));
        m.insert("briefs/secret/index.md", Entry::Held(crate::model::publish::Held::Draft));
        let assets = ["briefs/map.png", "briefs/gaza-aid/Aid routes.svg", "data/prices.csv", "briefs/secret/plan.png"]
            .iter()
            .map(|s| Asset::new(s.to_string(), PathBuf::from("/nonexistent").join(s)))
            .collect();
        let statics = StaticMap::new([("img/logo.png".to_string(), None)]);
        m.set_files(Arc::new(AssetMap::new(assets)), Arc::new(statics));
        m.set_held_bundles(["briefs/secret/index.md", "briefs/hormuz.md"]);
        m
    }

    fn link(m: &LinkMap, from: &str, dest: &str) -> Resolution {
        m.resolve(from, &Ref { dest, kind: RefKind::Link, offset: 0 })
    }

    fn rewrite(m: &LinkMap, from: &str, dest: &str) -> String {
        match link(m, from, dest).target {
            LinkTarget::Rewrite(u) | LinkTarget::File { url: u, .. } => u,
            other => panic!("{dest}: {other:?}"),
        }
    }

    fn broken(m: &LinkMap, from: &str, dest: &str) -> String {
        match link(m, from, dest).target {
            LinkTarget::Broken(msg) => msg,
            other => panic!("{dest}: {other:?}"),
        }
    }

    #[test]
    fn documents_resolve_with_their_query_and_fragment() {
        let m = map();
        assert_eq!(
            rewrite(&m, "about.md", "@/briefs/muscat-talks.md#next-steps"),
            "/analysis/briefs/muscat-talks/#next-steps"
        );
        assert_eq!(rewrite(&m, "briefs/sahel/mali.md", "niger.md"), "/analysis/briefs/sahel/niger/");
        assert_eq!(
            rewrite(&m, "briefs/sahel/mali.md", "../muscat-talks.md?v=2#a"),
            "/analysis/briefs/muscat-talks/?v=2#a"
        );
        assert_eq!(rewrite(&m, "briefs/x.md", "caf%C3%A9.md"), "/analysis/briefs/cafe/");
        assert_eq!(rewrite(&m, "briefs/x.md", "gaza-aid/"), "/analysis/briefs/gaza-aid/");
        assert_eq!(rewrite(&m, "about.md", "@/briefs/gaza-aid"), "/analysis/briefs/gaza-aid/");
        let r = link(&m, "about.md", "@/briefs/muscat-talks.md#next-steps");
        assert_eq!(r.later, Some(Later::Fragment { source: "briefs/muscat-talks.md".into(), id: "next-steps".into() }));
        assert_eq!(r.depends_on.as_deref(), Some("briefs/muscat-talks.md"));
        let own = link(&m, "briefs/x.md", "#caf%C3%A9");
        assert_eq!(
            (own.target, own.later),
            (LinkTarget::Keep, Some(Later::Fragment { source: "briefs/x.md".into(), id: "café".into() }))
        );
    }

    #[test]
    fn assets_resolve_to_where_they_are_published() {
        let m = map();
        // From `briefs/x.md` (published at /briefs/x/), `map.png` is the file beside it.
        assert_eq!(rewrite(&m, "briefs/x.md", "map.png"), "/analysis/briefs/map.png");
        assert_eq!(
            rewrite(&m, "briefs/gaza-aid/index.md", "Aid%20routes.svg"),
            "/analysis/briefs/gaza-aid/Aid%20routes.svg"
        );
        // `![x](<Aid routes.svg>)` gives the path with its space.
        assert_eq!(
            rewrite(&m, "briefs/gaza-aid/index.md", "Aid routes.svg"),
            "/analysis/briefs/gaza-aid/Aid%20routes.svg"
        );
        assert_eq!(rewrite(&m, "briefs/sahel/a.md", "../../data/prices.csv#row=2"), "/analysis/data/prices.csv#row=2");
        assert_eq!(rewrite(&m, "a.md", "@/data/prices.csv"), "/analysis/data/prices.csv");
        assert_eq!(link(&m, "briefs/x.md", "map.png").depends_on.as_deref(), Some("briefs/map.png"));
    }

    #[test]
    fn root_relative_paths_go_under_the_base_path_and_are_checked_later() {
        let m = map();
        assert_eq!(rewrite(&m, "a.md", "/img/logo.png"), "/analysis/img/logo.png");
        assert_eq!(rewrite(&m, "a.md", "/timeline/#y2026"), "/analysis/timeline/#y2026");
        assert_eq!(
            rewrite(&m, "a.md", "/analysis/img/logo.png"),
            "/analysis/img/logo.png",
            "already under the base path"
        );
        assert_eq!(
            rewrite(&m, "a.md", "/briefs/gaza-aid/Aid routes.svg"),
            "/analysis/briefs/gaza-aid/Aid%20routes.svg"
        );
        let r = link(&m, "a.md", "/timeline/#y2026");
        assert_eq!(r.later, Some(Later::SitePath { path: "timeline/".into(), id: Some("y2026".into()) }));
        assert_eq!(r.depends_on.as_deref(), Some("/timeline/"));
        assert_eq!(link(&m, "a.md", "/briefs/map.png").depends_on.as_deref(), Some("briefs/map.png"));
    }

    #[test]
    fn external_links_are_kept() {
        let m = map();
        for d in ["https://example.org/x.md", "mailto:a@b.c", "//cdn.example.org/x.png", "", "#"] {
            assert_eq!(link(&m, "a.md", d), Resolution::keep(), "{d}");
        }
    }

    #[test]
    fn missing_draft_and_escaping_references_are_broken_and_say_what_to_write() {
        let m = map();
        let msg = broken(&m, "a.md", "@/briefs/muscat-talk.md");
        assert!(msg.contains("does not exist") && msg.contains("did you mean `@/briefs/muscat-talks.md`"), "{msg}");
        // A draft is never suggested, however close.
        let msg = broken(&m, "a.md", "@/briefs/muscat-talkz2.md");
        assert!(!msg.contains("talkz.md"), "{msg}");
        assert_eq!(
            broken(&m, "a.md", "@/briefs/hormuz.md"),
            "`@/briefs/hormuz.md` links to content/briefs/hormuz.md, which this build holds back (a draft): a published page must not reveal it (remove the link, or build with --drafts)"
        );
        assert!(broken(&m, "a.md", "../../etc.md").contains("outside"));
        assert!(broken(&m, "a.md", "../secret.png").contains("outside"));
        let msg = broken(&m, "briefs/sahel/a.md", "map.png");
        assert!(msg.contains("content/briefs/sahel/map.png") && msg.contains("did you mean `../map.png`?"), "{msg}");
        let msg = broken(&m, "briefs/x.md", "caf%C3%A8.md");
        assert!(msg.contains("content/briefs/cafè.md") && msg.contains("`@/briefs/café.md`"), "{msg}");
        // A draft bundle's files are left out with it.
        assert!(broken(&m, "briefs/x.md", "secret/plan.png").contains("holds back"));
        assert!(!m.publishes("briefs/secret/plan.png") && m.publishes("briefs/map.png"));
        let msg = broken(&m, "briefs/x.md", "secret/plan.pngx");
        assert!(!msg.contains("did you mean"), "{msg}");
    }

    #[test]
    fn only_document_links_have_a_document_target() {
        let m = map();
        assert_eq!(m.target_of("briefs/a.md", "b.md#x").as_deref(), Some("briefs/b.md"));
        assert_eq!(m.target_of("briefs/a.md", "@/x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(m.target_of("briefs/a.md", "map.png"), None);
        assert_eq!(m.target_of("briefs/a.md", "https://x.org/a.md"), None);
    }
}
