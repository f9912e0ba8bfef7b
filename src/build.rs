//! The build pipeline, stage by stage: config → load → model → markdown → render → write.
//! `dossier build` runs it once; the preview server will run the same stages.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::content::load;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Highlighter, highlight};
use crate::model::links::Entry;
use crate::output::write::{self, Contents, OutputFile};
use crate::render::Page;
use crate::render::context::{self, Prepared};
use crate::render::templates::{self, Templates};
use crate::site::Site;
use crate::theme;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds site.yaml).
    pub root: PathBuf,
    /// Output directory; `<root>/public` when `None`.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

impl BuildOptions {
    /// The output directory in effect.
    pub fn output(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Briefs built.
    pub briefs: usize,
    /// Standalone pages built.
    pub pages: usize,
    /// Files written (0 when the build failed).
    pub files_written: usize,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Wall time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// The model, when the build got far enough to have one.
    pub site: Option<Site>,
}

impl BuildReport {
    /// True when the build succeeded.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Read and parse `site.yaml`, applying a `--base-url` override.
pub fn load_config(root: &Path, base_url: Option<&str>) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::error(format!("{} is not a dossier site: no site.yaml", root.display()))
                .hint("run dossier in a site folder, pass `--root DIR`, or create one with `dossier init DIR`");
            return (None, vec![d]);
        }
        Err(e) => return (None, vec![Diagnostic::error(format!("cannot read site.yaml: {e}")).at("site.yaml")]),
    };
    let (mut cfg, mut diags) = config::parse(&text, Path::new("site.yaml"));
    if let Some(url) = base_url {
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/') {
            cfg.set_base_url(url);
        } else {
            diags.push(
                Diagnostic::error(format!("--base-url must be an absolute URL, found \"{url}\""))
                    .hint("for example `--base-url https://example.org/analysis/`"),
            );
        }
    }
    (Some(cfg), diags)
}

/// Run the whole pipeline. Nothing is written unless every stage succeeded.
pub fn build(opts: &BuildOptions) -> BuildReport {
    let mut report = BuildReport::default();
    let mut clock = Instant::now();
    let mut lap = |report: &mut BuildReport, name: &'static str| {
        report.timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let root = &opts.root;
    let (cfg, diags) = load_config(root, opts.base_url.as_deref());
    report.diagnostics.extend(diags);
    let Some(cfg) = cfg else { return report };
    let out = opts.output();
    if let Err(d) = write::check_output_dir(root, &out) {
        report.diagnostics.push(d);
        return report;
    }
    lap(&mut report, "config");

    let (files, diags) = load::walk(&root.join("content"), root);
    report.diagnostics.extend(diags);
    let (docs, diags) = load::load_all(&files, root, &cfg);
    report.diagnostics.extend(diags);
    lap(&mut report, "load");

    let (mut site, diags, mut links) = Site::assemble(cfg, docs, opts.drafts);
    report.diagnostics.extend(diags);
    // Files that failed to parse still exist: links to them are not "missing".
    for f in &files {
        if !links.contains(&f.source) {
            links.insert(&f.source, Entry::Url(crate::content::front_matter::url_for(&f.source, None)));
        }
    }
    lap(&mut report, "model");

    let hl = Highlighter::new();
    report.diagnostics.extend(site.render_markdown(&links, &hl));
    lap(&mut report, "markdown");

    let rendered = render_pages(root, &site, &mut report.diagnostics);
    lap(&mut report, "render");
    report.briefs = site.briefs.len();
    report.pages = site.pages.len();

    if !report.diagnostics.has_errors()
        && let Some(mut files) = rendered
    {
        files.extend(static_files(root, &site.config, &mut report.diagnostics));
        if !report.diagnostics.has_errors() {
            match write::write_atomic(&out, &files) {
                Ok(n) => report.files_written = n,
                Err(d) => report.diagnostics.push(d),
            }
        }
    }
    lap(&mut report, "write");
    report.site = Some(site);
    report
}

/// Render every page; `None` when the templates could not be compiled.
fn render_pages(root: &Path, site: &Site, diags: &mut Diagnostics) -> Option<Vec<OutputFile>> {
    let (sources, d) = templates::gather(root, &site.config.theme);
    diags.extend(d);
    let mut tpl = match Templates::new(sources) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    for (k, v) in context::globals(site) {
        tpl.set_global(k, v);
    }
    let pages = Page::all(site);
    let mut missing: Vec<&str> = pages.iter().map(Page::template).filter(|t| !tpl.has(t)).collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        for m in missing {
            diags.push(
                Diagnostic::error(format!("template \"{m}\" not found"))
                    .hint(format!("add templates/{m}, or use a theme that has it")),
            );
        }
        return None;
    }
    let prep = Prepared::new(site);
    let results: Vec<Result<OutputFile, Diagnostic>> = pages
        .par_iter()
        .map(|&p| {
            let ctx = context::context(site, &prep, p);
            let html = tpl.render(p.template(), &ctx)?;
            Ok(OutputFile { path: p.output_path(site), contents: Contents::Bytes(html.into_bytes()) })
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    Some(files)
}

/// Theme static files, then the site's `static/` (which wins), then the generated highlight.css.
fn static_files(root: &Path, cfg: &SiteConfig, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let mut by_path: std::collections::BTreeMap<String, Contents> = Default::default();
    let theme_static = root.join("themes").join(&cfg.theme).join("static");
    if root.join("themes").join(&cfg.theme).is_dir() {
        collect_dir(&theme_static, &mut by_path, diags, root);
    } else if cfg.theme == "default" {
        for (p, b) in theme::STATIC {
            by_path.insert(p.to_string(), Contents::Embedded(b));
        }
    }
    collect_dir(&root.join("static"), &mut by_path, diags, root);
    if !by_path.contains_key("highlight.css") {
        let css = highlight::stylesheet(&cfg.markdown.highlight_theme, &cfg.markdown.highlight_theme_dark);
        by_path.insert("highlight.css".into(), Contents::Bytes(css.into_bytes()));
    }
    by_path.into_iter().map(|(path, contents)| OutputFile { path, contents }).collect()
}

fn collect_dir(
    dir: &Path,
    into: &mut std::collections::BTreeMap<String, Contents>,
    diags: &mut Diagnostics,
    root: &Path,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if load::is_ignored_name(&name) {
                    continue;
                }
                let Ok(rel) = e.path().strip_prefix(dir) else { continue };
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                into.insert(rel, Contents::Copy(e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(err) => {
                let p = err.path().map(|p| load::relative(p, root)).unwrap_or_default();
                diags.push(Diagnostic::warning(format!("skipped in static/: {err}")).at(p));
            }
        }
    }
}
