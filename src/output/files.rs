//! The files a build publishes besides its pages: the static files (the theme's, then the
//! site's `static/`, which wins, then the generated `highlight.css`) and the assets of
//! `content/`; and the list of everything the build writes, for the whole-site checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::artifact::{Contents, OutputFile};
use crate::config::SiteConfig;
use crate::content::load;
use crate::diagnostics::Diagnostic;
use crate::markdown::Highlighter;
use crate::model::Page;
use crate::model::links::{LinkMap, StaticMap};
use crate::model::references::Outputs;
use crate::model::site::Site;
use crate::theme;

/// Theme static files, then the site's `static/` (which wins), then the generated
/// highlight.css, by path; with the problems met on the way.
pub fn statics(root: &Path, cfg: &SiteConfig, highlighter: &Highlighter) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut by_path: BTreeMap<String, Contents> = BTreeMap::new();
    let theme_dir = root.join("themes").join(&cfg.theme);
    if theme_dir.is_dir() {
        collect_dir(&theme_dir.join("static"), &mut by_path, &mut diags, root, cfg.follow_symlinks_outside);
    } else if cfg.theme == "default" {
        for (p, b) in theme::STATIC {
            by_path.insert(p.to_string(), Contents::Embedded(b));
        }
    }
    collect_dir(&root.join("static"), &mut by_path, &mut diags, root, cfg.follow_symlinks_outside);
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

/// Every file under `dir` by its path relative to it. Symbolic links are followed while they
/// stay inside the site, as in content/: one that leads out is skipped with a warning.
fn collect_dir(
    dir: &Path,
    into: &mut BTreeMap<String, Contents>,
    diags: &mut Vec<Diagnostic>,
    root: &Path,
    follow_outside: bool,
) {
    if !dir.is_dir() {
        return;
    }
    let fence = load::link_fence(root, follow_outside);
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if fence.as_ref().is_some_and(|site| load::leaves_site(e, site)) {
            outside.borrow_mut().push(load::relative(e.path(), root));
            return false;
        }
        true
    });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if crate::config::is_ignored_name(&e.file_name().to_string_lossy()) {
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
    for link in outside.into_inner() {
        let target = root.join(&link).canonicalize().map(|t| t.display().to_string()).unwrap_or_default();
        diags.push(
            Diagnostic::warning(format!("not published: {} is a link to {target}, outside the site", link.display()))
                .at(link)
                .hint(
                    "copy what should be published into the site instead of linking to it \
                     (or set `follow_symlinks_outside: true` in site.yaml)",
                ),
        );
    }
}

/// The output files of the assets of `content/` the build publishes (`Session::published_assets`).
pub fn assets(published: &[&crate::content::assets::Asset]) -> Vec<OutputFile> {
    published.iter().map(|a| OutputFile { path: a.output.clone(), contents: Contents::Copy(a.abs.clone()) }).collect()
}

/// A generated page in a clash message: a term's page names its term, so two generated pages
/// at one URL (an actor called "Graph" and the actor graph) say which is which.
fn generated(site: &Site, page: Page) -> String {
    match page {
        Page::Term(k, ti, _) => {
            format!(
                "the page of {} \"{}\" (/{})",
                k.singular().to_lowercase(),
                site.taxonomy(k).terms[ti].name,
                page.url(site)
            )
        }
        _ => format!("the generated /{}", page.url(site)),
    }
}

/// Everything the build writes, each with what writes it: the pages, the static files, the
/// search index, then the assets (reporting each that lands on something else).
///
/// Nothing is overwritten silently: a page on a page (a document at `/page/2/`, where the home
/// page's second page goes) or a static file on a page (`static/index.html`, `static/atom.xml`)
/// is an error naming both. Two documents at one URL are reported when the model is made.
pub fn outputs(site: &Site, statics: &[OutputFile], links: &LinkMap, root: &Path) -> (Outputs, Vec<Diagnostic>) {
    let mut out = Outputs::default();
    let mut diags = Vec::new();
    let clash_named = |me: &str, at: &Path, other: &str, path: &str| {
        Diagnostic::error(format!("{me} and {other} both want /{path}"))
            .at(at)
            .hint("rename or move one of them: each output file can come from one source only")
    };
    let clash = |me: &Path, other: &str, path: &str| clash_named(&me.display().to_string(), me, other, path);
    for page in Page::all(site) {
        let doc = match page {
            // A brief's `index.json` and `stix.json` come from the brief as its page does: two briefs at one
            // URL are reported once, by the model.
            Page::Brief(i) | Page::BriefJson(i) | Page::BriefStix(i) => Some(&site.briefs[i].file),
            Page::Standalone(i) => Some(&site.pages[i].file),
            _ => None,
        };
        // A redirect is named by the document whose `aliases` asks for it, so that two
        // documents claiming one old address can be told apart.
        let alias_of = match page {
            Page::Alias(i, _) => Some(&site.briefs[i].file),
            Page::PageAlias(i, _) => Some(&site.pages[i].file),
            _ => None,
        };
        let path = page.output_path(site);
        let name = || match (doc, alias_of) {
            (Some(f), _) => f.display().to_string(),
            (None, Some(f)) => format!("the redirect from /{} in the aliases of {}", page.url(site), f.display()),
            (None, None) => generated(site, page),
        };
        if let Some(other) = out.add(path.clone(), name) {
            // Two documents at one URL are already an error of the model; report the rest.
            if doc.is_none() || !other.starts_with("content/") {
                let at = alias_of.or(doc).cloned().unwrap_or_else(|| name().into());
                diags.push(clash_named(&name(), &at, other, &path));
            }
        }
    }
    for f in statics {
        let what = || match &f.contents {
            Contents::Copy(p) => load::relative(p, root).display().to_string(),
            Contents::Embedded(_) => format!("the built-in theme's {}", f.path),
            Contents::Bytes(_) | Contents::Pieces(_) => format!("the generated /{}", f.path),
        };
        if let Some(other) = out.add(f.path.clone(), what) {
            let me = match &f.contents {
                Contents::Copy(p) => load::relative(p, root),
                _ => PathBuf::from(format!("the built-in {}", f.path)),
            };
            diags.push(clash(&me, other, &f.path));
        }
    }
    // The search index: its file names depend on the words indexed, its folders do not.
    out.add("search/meta.json".into(), || "the search index".into());
    for dir in ["search/index", "search/docs", "search/facets"] {
        out.add(dir.into(), || "the search index".into());
    }
    diags.extend(out.add_assets(links));
    (out, diags)
}
