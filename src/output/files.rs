//! The files a build publishes besides its pages: the static files (the theme's, then the
//! site's `static/`, which wins, then the generated `highlight.css`) and the assets of
//! `content/`; and the list of everything the build writes, for the whole-site checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::load;
use crate::diagnostics::Diagnostic;
use crate::markdown::Highlighter;
use crate::model::links::{LinkMap, StaticMap};
use crate::model::references::Outputs;
use crate::output::write::{Contents, OutputFile};
use crate::render::Page;
use crate::site::Site;
use crate::theme;

/// Theme static files, then the site's `static/` (which wins), then the generated
/// highlight.css, by path; with the problems met on the way.
pub fn statics(root: &Path, cfg: &SiteConfig, highlighter: &Highlighter) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut by_path: BTreeMap<String, Contents> = BTreeMap::new();
    let theme_dir = root.join("themes").join(&cfg.theme);
    if theme_dir.is_dir() {
        collect_dir(&theme_dir.join("static"), &mut by_path, &mut diags, root);
    } else if cfg.theme == "default" {
        for (p, b) in theme::STATIC {
            by_path.insert(p.to_string(), Contents::Embedded(b));
        }
    }
    collect_dir(&root.join("static"), &mut by_path, &mut diags, root);
    if !by_path.contains_key("highlight.css") {
        by_path.insert("highlight.css".into(), Contents::Bytes(highlighter.stylesheet().into_bytes()));
    }
    (by_path.into_iter().map(|(path, contents)| OutputFile { path, contents }).collect(), diags)
}

/// The static files by output path, with the file behind each, for link resolution.
pub fn static_map(files: &[OutputFile]) -> StaticMap {
    StaticMap::new(files.iter().map(|f| {
        let abs = match &f.contents {
            Contents::Copy(p) => Some(p.clone()),
            _ => None,
        };
        (f.path.clone(), abs)
    }))
}

fn collect_dir(dir: &Path, into: &mut BTreeMap<String, Contents>, diags: &mut Vec<Diagnostic>, root: &Path) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if load::is_ignored_name(&e.file_name().to_string_lossy()) {
                    continue;
                }
                let Ok(rel) = e.path().strip_prefix(dir) else { continue };
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                into.insert(rel, Contents::Copy(e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(err) => {
                let p: PathBuf = err.path().map(|p| load::relative(p, root)).unwrap_or_default();
                diags.push(Diagnostic::warning(format!("skipped in static/: {err}")).at(p));
            }
        }
    }
}

/// The assets of `content/` the build publishes (not those of a draft bundle left out).
pub fn assets(links: &LinkMap) -> Vec<OutputFile> {
    links
        .assets()
        .all()
        .iter()
        .filter(|a| links.publishes(&a.source))
        .map(|a| OutputFile { path: a.output.clone(), contents: Contents::Copy(a.abs.clone()) })
        .collect()
}

/// Everything the build writes, each with what writes it: the pages, the static files, the
/// search index, then the assets (reporting each that lands on something else).
pub fn outputs(site: &Site, statics: &[OutputFile], links: &LinkMap, root: &Path) -> (Outputs, Vec<Diagnostic>) {
    let mut out = Outputs::default();
    for page in Page::all(site) {
        out.add(page.output_path(site), || match page {
            Page::Brief(i) => site.briefs[i].file.display().to_string(),
            Page::Standalone(i) => site.pages[i].file.display().to_string(),
            other => format!("the generated /{}", other.url(site)),
        });
    }
    for f in statics {
        out.add(f.path.clone(), || match &f.contents {
            Contents::Copy(p) => load::relative(p, root).display().to_string(),
            Contents::Embedded(_) => format!("the built-in theme's {}", f.path),
            Contents::Bytes(_) => format!("the generated /{}", f.path),
        });
    }
    // The search index: its file names depend on the words indexed, its folders do not.
    out.add("search/meta.json".into(), || "the search index".into());
    for dir in ["search/index", "search/docs", "search/facets"] {
        out.add(dir.into(), || "the search index".into());
    }
    let diags = out.add_assets(links);
    (out, diags)
}
