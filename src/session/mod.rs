//! `Session`: the pipeline's in-memory state — config, the site model, compiled templates and
//! every diagnostic, filed by where it came from. `dossier build` fills one and renders it once;
//! the preview server keeps one alive and updates it piece by piece, through the same functions.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::config::load as load_config;
use crate::content::assets::{Asset, AssetMap};
use crate::content::load::{self, SourceFile};
use crate::content::{Document, front_matter};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub mod cache;
mod cards;
mod diags;
mod reload;

use crate::markdown::Highlighter;
use crate::model::Page;
use crate::model::body::{self, Pending};
use crate::model::links::{Entry, LinkMap, StaticMap};
use crate::model::publish::Policy;
use crate::model::references::{self, Outputs};
use crate::model::site::Site;
use crate::options::BuildOptions;
use crate::output::files;
use crate::output::write::{self, Contents, OutputFile};
use crate::render::context;
use crate::render::templates::{self, TemplateSource, Templates};
use crate::timing::{Clock, Stage};
use crate::view::Views;
pub use diags::DiagStore;
pub use reload::{Change, Reloaded};

/// A document's content path, what rendering its Markdown found, and the references it
/// left to check against the whole site.
type LinkReport = (String, Vec<Diagnostic>, Vec<Pending>);

/// The state of one site in memory.
pub struct Session {
    /// How the session was opened.
    opts: BuildOptions,
    /// What the session publishes, decided when it is opened.
    policy: Policy,
    /// The site model (briefs, pages, taxonomies, timeline).
    site: Site,
    /// Content path → URL, for link resolution.
    links: LinkMap,
    /// Every Markdown file found under content/, including those that failed to parse.
    sources: Vec<SourceFile>,
    /// Every other file under content/, published beside the briefs, by path.
    assets: Vec<SourceFile>,
    /// The assets, indexed for link resolution (shared with `links`).
    asset_map: Arc<AssetMap>,
    /// The static files, collected once per change to them.
    statics: Vec<OutputFile>,
    /// The static files, indexed for link resolution (shared with `links`).
    static_map: Arc<StaticMap>,
    /// Per content path: the references its Markdown left to check against the whole site.
    refs: HashMap<String, Vec<Pending>>,
    /// Compiled templates, `None` when they failed to compile.
    templates: Option<Templates>,
    /// The template sources in use (for dependency tracking).
    template_sources: Vec<TemplateSource>,
    /// All current problems.
    diags: DiagStore,
    /// Shared syntax highlighter.
    highlighter: Highlighter,
    /// A build that renders once and exits (`open_deferring_briefs`). It leaves the briefs'
    /// Markdown to the caller (`render_briefs`), which renders it a slice at a time, each
    /// slice's pages right after it, instead of holding every brief's HTML; and it drops each
    /// document's Markdown as soon as its HTML exists, so the memory is reused for the HTML.
    /// The preview server keeps the Markdown: it renders again when a link target changes.
    one_shot: bool,
    /// The fonts social cards are set in, found when the first card is drawn.
    fonts: std::sync::OnceLock<crate::render::card::Fonts>,
    /// Wall time, CPU time and memory of each stage of `open`, for `--timings`.
    timings: Vec<Stage>,
    /// Every file the site writes, and the clashes between their sources, as `check_site`
    /// last found them: listing a large site's outputs costs milliseconds that a saved edit
    /// which moves no page need not pay.
    outputs: Option<(Outputs, Vec<Diagnostic>)>,
    /// The persistent build cache the Markdown is rendered through, if the build has one.
    cache: Option<Arc<cache::Cache>>,
    /// Where each brief and standalone page sits in the model (`true` for a brief, and its
    /// index), by content path: made when a saved edit first needs it, and forgotten whenever
    /// the model is assembled again. An in-place edit keeps every document in its place.
    places: Option<HashMap<String, (bool, usize), crate::hashing::FastBuild>>,
}

impl Session {
    /// Read the config and everything it points at. `Err` only when there is no usable
    /// config or output folder; content problems are kept in `diags`.
    /// The Markdown is rendered through the cache `opts` names, if any (the preview's).
    pub fn open(opts: &BuildOptions) -> Result<Session, Diagnostics> {
        let (cache, problem) = match &opts.cache {
            Some(dir) => cache::Cache::open(dir),
            None => (None, None),
        };
        let mut s = Self::open_inner(opts, false, cache.map(Arc::new), &mut |_| {})?;
        s.diags.config.extend(problem);
        // The first rendering is kept for the next build or preview; later ones are not.
        if let Some(c) = &s.cache {
            c.finish(false);
        }
        Ok(s)
    }

    /// `open` for a build that renders once and exits, leaving the briefs' Markdown
    /// unrendered: the build renders it with `render_briefs`, a slice at a time, and lets each
    /// document's Markdown go once rendered. Standalone pages and term descriptions are
    /// rendered as usual. `on_model` is called once the model is assembled: when every page is
    /// known, so the build can start on its output early. Markdown is rendered through `cache`
    /// when there is one.
    pub fn open_deferring_briefs(
        opts: &BuildOptions,
        cache: Option<Arc<cache::Cache>>,
        on_model: &mut dyn FnMut(&Session),
    ) -> Result<Session, Diagnostics> {
        Self::open_inner(opts, true, cache, on_model)
    }

    fn open_inner(
        opts: &BuildOptions,
        one_shot: bool,
        cache: Option<Arc<cache::Cache>>,
        on_model: &mut dyn FnMut(&Session),
    ) -> Result<Session, Diagnostics> {
        let (cfg, config_diags) = load_config(&opts.root, opts.base_url.as_deref());
        let fatal = |mut extra: Vec<Diagnostic>| {
            let mut d = Diagnostics::new();
            d.extend(config_diags.iter().cloned());
            d.extend(extra.drain(..));
            d
        };
        let Some(cfg) = cfg else { return Err(fatal(Vec::new())) };
        let code = opts.language.clone().unwrap_or_else(|| cfg.language.clone());
        let Some(cfg) = cfg.for_language(&code) else {
            let d = Diagnostic::error(format!("the site has no language `{code}`"))
                .at("site.yaml")
                .hint("add it under `languages:` in site.yaml");
            return Err(fatal(vec![d]));
        };
        if let Err(d) = write::check_output_dir(&opts.root, &opts.output()) {
            return Err(fatal(vec![d]));
        }
        let policy = Policy::of(opts, &cfg).map_err(|d| fatal(vec![d]))?;
        let mut s = Session {
            opts: opts.clone(),
            policy,
            site: Site::empty(cfg.clone()),
            links: LinkMap::new(&cfg.base_path()),
            sources: Vec::new(),
            assets: Vec::new(),
            asset_map: Arc::default(),
            statics: Vec::new(),
            static_map: Arc::default(),
            refs: HashMap::new(),
            templates: None,
            template_sources: Vec::new(),
            diags: DiagStore { config: config_diags, ..DiagStore::default() },
            highlighter: Highlighter::with_themes(&cfg.markdown.highlight_theme, &cfg.markdown.highlight_theme_dark),
            one_shot,
            fonts: std::sync::OnceLock::new(),
            timings: Vec::new(),
            outputs: None,
            places: None,
            cache,
        };
        s.load_content_observed(on_model);
        let t = Clock::start();
        s.load_templates();
        s.timings.push(t.stage("templates"));
        Ok(s)
    }

    /// The site's root folder.
    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// How the session was opened.
    pub fn opts(&self) -> &BuildOptions {
        &self.opts
    }

    /// The site model (briefs, pages, taxonomies, timeline).
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Every current problem, by origin.
    pub fn diags(&self) -> &DiagStore {
        &self.diags
    }

    /// Wall time, CPU time and memory of each stage of opening the session.
    pub fn timings(&self) -> &[Stage] {
        &self.timings
    }

    /// The syntax highlighter the Markdown is rendered with.
    pub fn highlighter(&self) -> &Highlighter {
        &self.highlighter
    }

    /// Content path → URL, with the site's assets and static files: what links resolve to.
    pub fn links(&self) -> &LinkMap {
        &self.links
    }

    /// Every Markdown file found under content/, including those that failed to parse.
    pub fn sources(&self) -> &[SourceFile] {
        &self.sources
    }

    /// True when the templates compiled.
    pub fn has_templates(&self) -> bool {
        self.templates.is_some()
    }

    /// The template sources in use (for dependency tracking).
    pub fn template_sources(&self) -> &[TemplateSource] {
        &self.template_sources
    }

    /// Take over the HTML of the briefs at `range` into `views` and make their views (a
    /// one-shot build, after `render_briefs` of the same range).
    pub fn add_views(&mut self, views: &mut Views, range: std::ops::Range<usize>) {
        views.add_briefs(&mut self.site, range);
    }

    /// Let go of every document's search terms, once the search index is made from them.
    pub fn drop_search_terms(&mut self) {
        for b in self.site.all_docs_mut() {
            b.rendered.search_terms = String::new();
        }
    }

    /// Record the outcome of rendering the page written at `path`: its problem, or none.
    pub fn set_render_problem(&mut self, path: String, problem: Option<Diagnostic>) {
        match problem {
            Some(d) => self.diags.render.insert(path, vec![d]),
            None => self.diags.render.remove(&path),
        };
    }

    /// Forget the render problems of pages for which `keep` is false (pages that are gone).
    pub fn retain_render_problems(&mut self, keep: impl Fn(&str) -> bool) {
        self.diags.render.retain(|p, _| keep(p));
    }

    /// The config in effect.
    pub fn config(&self) -> &SiteConfig {
        &self.site.config
    }

    /// Walk content/, parse every file, assemble the model and render all Markdown.
    pub fn load_content(&mut self) {
        self.load_content_observed(&mut |_| {});
    }

    /// `load_content`, calling `on_model` between the model and the Markdown.
    fn load_content_observed(&mut self, on_model: &mut dyn FnMut(&Session)) {
        let t = Clock::start();
        let root = self.opts.root.clone();
        let walked = load::walk(&root.join("content"), &root, self.site.config.follow_symlinks_outside);
        let files = walked.docs;
        self.diags.walk = walked.diags;
        self.set_assets(walked.assets);
        self.load_statics();
        self.timings.push(t.stage("walk content"));
        let t = Clock::start();
        let cfg = self.site.config.clone();
        let loaded = load::load_all(&files, &root, &cfg, self.one_shot);
        self.timings.push(t.stage("read and front matter"));
        let t = Clock::start();
        self.sources = files;
        self.diags.docs.clear();
        self.diags.markdown.clear();
        self.refs.clear();
        // `collect` writes the documents over the loaded list's own memory (the standard
        // library does so when the items shrink) instead of copying them all into a new one,
        // fresh memory the size of the site. Only files with problems get an entry.
        let docs: Vec<Document> = loaded
            .into_iter()
            .filter_map(|(source, b, d)| {
                if !d.is_empty() {
                    self.diags.docs.insert(source, d);
                }
                b
            })
            .collect();
        self.reassemble(docs);
        self.timings.push(t.stage("model"));
        on_model(self);
        let t = Clock::start();
        let all: Vec<String> = match self.one_shot {
            false => self.site.all_docs().map(|b| b.source.clone()).collect(),
            // Retracted briefs are rendered here too: only `site.briefs` go a slice at a time.
            true => self
                .site
                .pages
                .iter()
                .chain(&self.site.descriptions)
                .chain(&self.site.retracted)
                .map(|b| b.source.clone())
                .collect(),
        };
        self.render_markdown(&all);
        self.timings.push(t.stage(if self.one_shot { "markdown of pages" } else { "markdown" }));
    }

    /// Rebuild the model from `docs` (moved, never copied) and refresh the link map.
    pub fn reassemble(&mut self, docs: Vec<Document>) {
        let cfg = self.site.config.clone();
        let (mut site, model_diags, mut links) = Site::assemble(cfg, docs, &self.policy);
        // What a held-back document refers to is read from its body, which a one-shot build
        // let go at load (`Document::body_left`): read again, for these few.
        for d in site.held.iter_mut().filter(|d| d.body_left) {
            match load::read_body(&self.opts.root, d) {
                Ok(text) => {
                    d.body = text;
                    d.body_left = false;
                }
                Err(e) => {
                    self.diags.docs.entry(d.source.clone()).or_default().push(e);
                }
            }
        }
        // Files that failed to parse still exist: links to them are not "missing".
        for f in &self.sources {
            if !links.contains(&f.source) {
                links.insert(&f.source, Entry::Url(front_matter::url_for(&f.source, None)));
            }
        }
        links.set_files(self.asset_map.clone(), self.static_map.clone());
        links.set_held_bundles(site.held.iter().map(|d| d.source.as_str()));
        links.set_held_refs(&site.held);
        // What rendering found belongs to documents still rendered: not to one deleted, or
        // now a draft left out.
        let rendered: std::collections::HashSet<&str> = site.all_docs().map(|b| b.source.as_str()).collect();
        self.diags.markdown.retain(|s, _| rendered.contains(s.as_str()));
        self.refs.retain(|s, _| rendered.contains(s.as_str()));
        self.site = site;
        self.places = None;
        self.links = links;
        self.diags.model = model_diags;
    }

    /// Take `files` (sorted by path) as the site's assets.
    pub fn set_assets(&mut self, files: Vec<SourceFile>) {
        let map = AssetMap::new(files.iter().map(|f| Asset::new(f.source.clone(), f.abs.clone())).collect());
        self.asset_map = Arc::new(map);
        self.assets = files;
        self.links.set_files(self.asset_map.clone(), self.static_map.clone());
    }

    /// Collect the static files again (the theme's, the site's, highlight.css); problems go
    /// to `diags.statics`.
    pub fn load_statics(&mut self) {
        let (statics, diags) = files::statics(&self.opts.root, &self.site.config, &self.highlighter);
        self.static_map = Arc::new(files::static_map(&statics));
        self.statics = statics;
        self.diags.statics = diags;
        self.links.set_files(self.asset_map.clone(), self.static_map.clone());
    }

    /// Render the Markdown of the named documents again (in parallel), replacing their
    /// link diagnostics.
    pub fn render_markdown(&mut self, sources: &[String]) {
        // Looked up once per document of the site: a fast hasher (the paths are the site's own).
        let wanted: std::collections::HashSet<&str, crate::hashing::FastBuild> =
            sources.iter().map(String::as_str).collect();
        self.render_picked(&|_, _, b| wanted.contains(b.source.as_str()));
    }

    /// Render the Markdown of the briefs and standalone pages at `places` (as `places` gives
    /// them: `true` and an index into `Site::briefs`, `false` and one into `Site::pages`), in
    /// parallel, replacing their link diagnostics. Looks up no path: a saved edit of a large
    /// site names a few documents of a hundred thousand.
    pub fn render_markdown_at(&mut self, places: &[(bool, usize)]) {
        let mut wanted = places.to_vec();
        wanted.sort_unstable();
        self.render_picked(&|list, i, _| list < 2 && wanted.binary_search(&(list == 0, i)).is_ok());
    }

    /// Render the Markdown of the documents `pick` picks, given the list each is in (0 the
    /// briefs, 1 the standalone pages, 2 the term descriptions, 3 the retracted briefs), its
    /// index there and itself; in parallel, replacing their link diagnostics.
    fn render_picked(&mut self, pick: &(dyn Fn(usize, usize, &Document) -> bool + Sync)) {
        let (lists, render) = self.markdown_parts(false);
        let results: Vec<LinkReport> = lists
            .into_par_iter()
            .enumerate()
            .flat_map(|(list, docs)| docs.par_iter_mut().enumerate().map(move |(i, b)| (list, i, b)))
            .filter(|(list, i, b)| pick(*list, *i, b))
            .map(move |(_, _, b)| render(b))
            .collect();
        self.file_link_diagnostics(results);
    }

    /// Fetch the HTML of `briefs` that their rendering left in the cache (`markdown_parts`), for
    /// the pages about to use it. HTML the cache cannot give back intact is rendered afresh from
    /// the Markdown kept for that (or read again, when the build let it go), against the same
    /// links, so the pages come out the same, and the damaged entry is replaced. Returns what
    /// could not be read.
    pub fn fetch_html(&self, views: &Views, briefs: impl Iterator<Item = usize>) -> Vec<Diagnostic> {
        use crate::markdown::replay::{self, Memo};
        let left = views.left_html(briefs);
        let Some(cache) = self.cache.as_deref() else {
            debug_assert!(left.is_empty(), "only a cache leaves HTML behind");
            return Vec::new();
        };
        let md = &self.site.config.markdown;
        let opts = crate::markdown::Options { smart_punctuation: md.smart_punctuation, unsafe_html: md.unsafe_html };
        left.into_par_iter()
            .filter_map(|(i, at, body)| {
                let html = match cache.html(&at) {
                    Some(html) => html,
                    None => {
                        cache.stale(&at.key);
                        let doc = &self.site.briefs[i];
                        let body = match doc.body_left {
                            true => match load::read_body(&self.opts.root, doc) {
                                Ok(text) => text,
                                Err(d) => return Some(d),
                            },
                            false => body,
                        };
                        let resolve = |r: &crate::markdown::Ref| self.links.resolve(&doc.source, r).target;
                        replay::render_remembered(&body, opts, &self.highlighter, cache, cache.salt(), &resolve, &|| {})
                            .0
                            .html
                    }
                };
                views.fetched(i, html);
                None
            })
            .collect()
    }

    /// Render the Markdown of the briefs at `range` (positions in `Site::briefs`), in
    /// parallel; returns true when it found an error.
    pub fn render_briefs(&mut self, range: std::ops::Range<usize>) -> bool {
        let leave_html = self.one_shot;
        let ([briefs, _, _, _], render) = self.markdown_parts(leave_html);
        let results: Vec<LinkReport> = briefs[range].par_iter_mut().map(render).collect();
        let failed = results.iter().flat_map(|(_, d, _)| d).any(Diagnostic::is_error);
        self.file_link_diagnostics(results);
        failed
    }

    /// The site's briefs, pages and descriptions, mutably, beside what renders one document's
    /// Markdown (for `render_markdown` and `render_briefs`). The renderer borrows only the
    /// fields it reads, which is what lets both be handed out at once. Each call is a new
    /// rendering. With `leave_html`, a rendering reused from the cache leaves its HTML there
    /// (`Rendered::html_at`): only for briefs whose HTML a build's views take over
    /// (`Views::add_briefs`), which fetch it for the pages that need it (`fetch_html`).
    fn markdown_parts(
        &mut self,
        leave_html: bool,
    ) -> ([&mut Vec<Document>; 4], impl Fn(&mut Document) -> LinkReport + Sync + Send + '_) {
        let keep = !self.one_shot;
        let Site { briefs, pages, descriptions, retracted, config, .. } = &mut self.site;
        let md = &config.markdown;
        let opts = crate::markdown::Options { smart_punctuation: md.smart_punctuation, unsafe_html: md.unsafe_html };
        let (links, hl, root) = (&self.links, &self.highlighter, &self.opts.root);
        let memo = self.cache.as_deref().map(|c| body::Remembered { memo: c, salt: c.salt(), leave_html });
        let render = move |b: &mut Document| {
            let (diags, pending) = body::render_markdown(b, links, hl, opts, memo, &|d| load::read_body(root, d));
            // A body whose HTML was left in the cache stays until the HTML is fetched, in case
            // it turns out damaged and must be rendered again (`fetch_html`).
            if !keep && b.rendered.html_at.is_none() {
                b.body = String::new();
            }
            (b.source.clone(), diags, pending)
        };
        ([briefs, pages, descriptions, retracted], render)
    }

    /// Replace what the last rendering of each document found.
    fn file_link_diagnostics(&mut self, results: Vec<LinkReport>) {
        for (source, diags, pending) in results {
            match diags.is_empty() {
                true => self.diags.markdown.remove(&source),
                false => self.diags.markdown.insert(source.clone(), diags),
            };
            match pending.is_empty() {
                true => self.refs.remove(&source),
                false => self.refs.insert(source, pending),
            };
        }
    }

    /// The checks that need the whole site: two sources of one output file (a page, a static
    /// file, an asset), and every `#fragment` and root-relative path of the Markdown. Their
    /// problems replace `diags.site`. The list of outputs is made again when `reshaped` (pages,
    /// static files or assets may have come, gone or moved) or when there is none yet.
    pub fn check_site(&mut self, reshaped: bool) {
        if reshaped || self.outputs.is_none() {
            self.outputs = Some(files::outputs(&self.site, &self.statics, &self.links, &self.opts.root));
        }
        let Some((outputs, clashes)) = &self.outputs else { return };
        let mut diags = clashes.clone();
        diags.extend(references::check(&self.site, &self.refs, Some(outputs)));
        self.diags.site = diags;
    }

    /// The assets of content/ the build publishes: those outside held-back bundles, except
    /// the ones only held-back documents refer to (a published page refers to none of them, and
    /// their names and bytes must not appear in the output).
    pub fn published_assets(&self) -> Vec<&Asset> {
        let links = &self.links;
        // Which assets published documents refer to matters only when held ones refer to some.
        let referred: std::collections::HashSet<&str> = match links.holds_refs() {
            true => self.site.all_docs().flat_map(|d| d.link_targets.iter().map(String::as_str)).collect(),
            false => Default::default(),
        };
        links
            .assets()
            .all()
            .iter()
            .filter(|a| links.publishes(&a.source))
            .filter(|a| !links.held_refers_to(&a.source) || referred.contains(a.source.as_str()))
            .collect()
    }

    /// The output files of `published_assets`.
    pub fn asset_files(&self) -> Vec<OutputFile> {
        files::assets(&self.published_assets())
    }

    /// Gather and compile the templates, and give them the site-wide variables.
    pub fn load_templates(&mut self) {
        let (sources, mut diags) = templates::gather(&self.opts.root, &self.site.config.theme);
        self.template_sources = sources.clone();
        self.templates = match Templates::new(sources, self.site.config.strings.clone()) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.extend(d);
                None
            }
        };
        self.diags.templates = diags;
        self.refresh_globals();
    }

    /// Site-wide template variables depend on the config and the standalone pages.
    pub fn refresh_globals(&mut self) {
        let globals = crate::view::globals(&self.site);
        if let Some(t) = &mut self.templates {
            for (k, v) in globals {
                t.set_global(k, v);
            }
        }
    }

    /// Render `pages`; each result carries the page and its file or its problem. Pages whose
    /// template is missing are reported once per template.
    pub fn render(&self, pages: &[Page], prep: &Views) -> Vec<(Page, Result<OutputFile, Diagnostic>)> {
        let Some(tpl) = &self.templates else { return Vec::new() };
        pages.par_iter().map(|&p| (p, self.render_page(tpl, prep, p))).collect()
    }

    /// Render `pages` and hand each file to `sink` as soon as it is made, so a full build
    /// never holds the whole site in memory; each page's problem is kept in `diags.render`.
    pub fn render_into(
        &mut self,
        pages: &[Page],
        prep: &Views,
        sink: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    ) {
        let Some(tpl) = &self.templates else { return };
        let found: Vec<(Page, Diagnostic)> = pages
            .par_iter()
            .filter_map(|&p| match self.render_page(tpl, prep, p).and_then(sink) {
                Ok(()) => None,
                Err(d) => Some((p, d)),
            })
            .collect();
        for (page, d) in found {
            self.diags.render.entry(page.output_path(&self.site)).or_default().push(d);
        }
    }

    fn render_page(&self, tpl: &Templates, prep: &Views, p: Page) -> Result<OutputFile, Diagnostic> {
        let path = p.output_path(&self.site);
        if let Page::SocialCard(i) = p {
            return self.social_card(i).map(|png| OutputFile { path, contents: Contents::Bytes(png) });
        }
        match p.template() {
            None => Ok(OutputFile { path, contents: crate::render::generate(&self.site, prep, p) }),
            Some(name) if tpl.has(name) => {
                let card = |ctx: &tera::Context| tpl.render(context::CARD_TEMPLATE, ctx);
                let cards: context::CardRenderer = tpl.has(context::CARD_TEMPLATE).then_some(&card);
                let ctx = context::context(&self.site, prep, p, cards)?;
                tpl.render_bytes(name, &ctx).map(|html| OutputFile { path, contents: Contents::Bytes(html) })
            }
            Some(name) => Err(Diagnostic::error(format!("template \"{name}\" not found"))
                .hint(format!("add templates/{name}, or use a theme that has it"))),
        }
    }

    /// Brief `i`'s social card: from the cache when a card of the same text was drawn before,
    /// else drawn with the machine's fonts and cached.
    fn social_card(&self, i: usize) -> Result<Vec<u8>, Diagnostic> {
        let fonts = self.fonts.get_or_init(cards::system_fonts);
        if fonts.faces.is_empty() {
            return Err(Diagnostic::error("no font to draw social cards with").hint(
                "install a font such as DejaVu Sans (Debian: fonts-dejavu-core), or turn cards off with `social_cards: false`",
            ));
        }
        let key = crate::render::card::key(&self.site, i, fonts);
        let dir = cards::cache_dir();
        if let Some(png) = dir.as_deref().and_then(|d| cards::cached(d, key)) {
            return Ok(png);
        }
        let png = crate::render::card::png(&self.site, i, fonts);
        if let Some(d) = &dir {
            cards::keep(d, key, &png);
        }
        Ok(png)
    }

    /// The static files: the theme's, then the site's `static/` (which wins), then the
    /// generated highlight.css (as last collected by `load_statics`).
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.statics.clone()
    }
}
