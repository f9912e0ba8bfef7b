//! The checks that need the whole site: a `#fragment` must name a heading or footnote of the
//! page it points at, a root-relative path must be a file the build produces, and an asset
//! must not be published where a page, a static file or another asset is. Pure: the caller
//! says what the build produces (`Outputs`).

use std::collections::HashMap;

use crate::content::Document;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::{RefKind, ids};
use crate::model::body::Pending;
use crate::model::links::{Later, LinkMap};
use crate::model::site::Site;

/// Every file the build writes (pages, static files, the search index, assets), by output
/// path, with what produces it in words, for messages naming both sides of a clash.
#[derive(Debug, Default)]
pub struct Outputs {
    by_path: HashMap<String, String>,
}

impl Outputs {
    /// Record that `what` produces `path`; the first to claim a path keeps it, and a later
    /// claim gets back what holds it.
    pub fn add(&mut self, path: String, what: impl FnOnce() -> String) -> Option<&str> {
        match self.by_path.entry(path) {
            std::collections::hash_map::Entry::Occupied(e) => Some(e.into_mut().as_str()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(what());
                None
            }
        }
    }

    /// True when the build writes `path`; a folder's page (`timeline/`) is its `index.html`.
    pub fn produces(&self, path: &str) -> bool {
        self.by_path.contains_key(&file_of(path))
    }

    /// Publish the site's assets, reporting each that would land where something else is
    /// written, or in place of a folder the site needs.
    pub fn add_assets(&mut self, links: &LinkMap) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut mine: HashMap<&str, &str> = HashMap::new();
        for a in links.assets().all().iter().filter(|a| links.publishes(&a.source)) {
            let me = format!("content/{}", a.source);
            let clash = |other: &str, why: &str| {
                Diagnostic::error(format!("{me} and {other} both want {why}")).at(&me).hint(
                    "rename or move the file; the site publishes each file of content/ at the same place in the output",
                )
            };
            if let Some(other) = self.by_path.get(&a.output) {
                diags.push(clash(other, &format!("/{}", a.output)));
            } else if let Some(other) = mine.get(a.output.as_str()) {
                diags.push(clash(&format!("content/{other}"), &format!("/{}", a.output)));
            } else if let Some(other) = self.by_path.get(&format!("{}/index.html", a.output)) {
                diags.push(clash(other, &format!("/{}: one as a file, the other as a folder", a.output)));
            } else if let Some((dir, other)) = ancestors(&a.output).find_map(|d| self.by_path.get(d).map(|o| (d, o))) {
                diags.push(clash(other, &format!("/{dir}: one as a file, the other as a folder")));
            } else {
                mine.insert(&a.output, &a.source);
            }
        }
        for (output, source) in mine {
            self.by_path.insert(output.to_string(), format!("content/{source}"));
        }
        diags
    }
}

/// `timeline/` → `timeline/index.html`; a file's path is its own.
fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// The folders `path` is in, innermost first (`a/b/c.png` → `a/b`, `a`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(path.rsplit_once('/').map(|(d, _)| d), |d| d.rsplit_once('/').map(|(d, _)| d))
}

/// Check every pending reference of the documents in the model against what the build
/// writes (`outputs`, for root-relative paths).
pub fn check(site: &Site, pending: &HashMap<String, Vec<Pending>>, outputs: Option<&Outputs>) -> Vec<Diagnostic> {
    if pending.is_empty() {
        return Vec::new();
    }
    let by_source: HashMap<&str, &Document> = site.all_docs().map(|b| (b.source.as_str(), b)).collect();
    let mut by_url: Option<HashMap<&str, &Document>> = None;
    let mut diags = Vec::new();
    // In the model's order, so the report is the same from one run to the next.
    for doc in site.all_docs() {
        let Some(list) = pending.get(&doc.source) else { continue };
        for p in list {
            let problem = match &p.check {
                Later::Fragment { source, id } => {
                    let page =
                        if *source == doc.source { "this page".to_string() } else { format!("content/{source}") };
                    by_source.get(source.as_str()).and_then(|t| missing_id(t, id, &page))
                }
                Later::SitePath { path, id } => match outputs {
                    Some(out) if !out.produces(path) => Some(missing_path(out, path, p.kind)),
                    Some(_) => id.as_ref().and_then(|id| {
                        let urls = by_url.get_or_insert_with(|| site.all_docs().map(|b| (b.url.as_str(), b)).collect());
                        urls.get(path.as_str()).and_then(|t| missing_id(t, id, &format!("/{path}")))
                    }),
                    None => None,
                },
            };
            if let Some((message, warning)) = problem {
                let what = if p.kind == RefKind::Image { "missing image" } else { "broken link" };
                let message = format!("{what}: `{}`: {message}", p.dest);
                let d = if warning { Diagnostic::warning(message) } else { Diagnostic::error(message) };
                let mut d = d.at(&doc.file).line_col(p.line, p.column).hint(match &p.check {
                    Later::Fragment { .. } => {
                        "a `#fragment` names a heading (its id is in the link beside it when the page is shown) or a footnote (`#fn-label`)"
                    }
                    Later::SitePath { .. } => {
                        "a path starting with `/` names a page or file of the site, such as `/timeline/` or `/img/map.png` (from static/); files beside a brief are referred to by their relative path"
                    }
                });
                d.source_line = Some(p.source_line.clone());
                diags.push(d);
            }
        }
    }
    diags
}

/// Why `id` names nothing on `doc` (shown as `page`), with the nearest id it has; `None`
/// when it does. The theme's own ids (`#main`, `#dossier-sources`) and `#top` are fine.
fn missing_id(doc: &Document, id: &str, page: &str) -> Option<(String, bool)> {
    if doc.rendered.has_id(id) || ids::is_theme_id(id) || id == "top" {
        return None;
    }
    fn all(entries: &[crate::markdown::TocEntry], out: &mut Vec<String>) {
        for e in entries {
            out.push(e.id.clone());
            all(&e.children, out);
        }
    }
    let mut known = doc.rendered.anchors.clone();
    all(&doc.rendered.toc, &mut known);
    let hint = did_you_mean(id, known.iter().map(String::as_str)).map(|n| format!("; did you mean `#{n}`?"));
    Some((format!("{page} has no heading or footnote with the id `{id}`{}", hint.unwrap_or_default()), false))
}

/// Why the build has no `path`; a folder written without its slash is only a warning.
fn missing_path(out: &Outputs, path: &str, kind: RefKind) -> (String, bool) {
    if !path.ends_with('/') && out.by_path.contains_key(&format!("{path}/index.html")) {
        return (format!("/{path} is a folder: write `/{path}/` (without the slash, it costs a redirect)"), true);
    }
    let shown = |p: &str| p.strip_suffix("index.html").unwrap_or(p).to_string();
    let near = did_you_mean(&file_of(path), out.by_path.keys().map(String::as_str))
        .map(|n| format!("; did you mean `/{}`?", shown(n)))
        .unwrap_or_default();
    let what = if kind == RefKind::Image { "file" } else { "page or file" };
    (format!("the site has no {what} /{path}{near}"), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::assets::{Asset, AssetMap};
    use crate::model::links::StaticMap;
    use std::sync::Arc;

    #[test]
    fn assets_that_land_on_another_output_are_reported_naming_both() {
        let mut out = Outputs::default();
        out.add("briefs/x/index.html".into(), || "content/briefs/x.md".into());
        out.add("style.css".into(), || "the built-in theme's style.css".into());
        out.add("notes".into(), || "static/notes".into());
        let assets =
            ["briefs/x/index.html", "style.css", "briefs/x", "Notes/a.png", "Briefs/m.png", "briefs/m.png", "ok.pdf"]
                .iter()
                .map(|s| Asset::new(s.to_string(), format!("/x/{s}").into()))
                .collect();
        let mut links = LinkMap::new("/");
        links.set_files(Arc::new(AssetMap::new(assets)), Arc::new(StaticMap::default()));
        let mut diags: Vec<String> = out.add_assets(&links).into_iter().map(|d| d.message).collect();
        diags.sort();
        assert_eq!(
            diags,
            [
                "content/Notes/a.png and static/notes both want /notes: one as a file, the other as a folder",
                "content/briefs/m.png and content/Briefs/m.png both want /briefs/m.png",
                "content/briefs/x and content/briefs/x.md both want /briefs/x: one as a file, the other as a folder",
                "content/briefs/x/index.html and content/briefs/x.md both want /briefs/x/index.html",
                "content/style.css and the built-in theme's style.css both want /style.css",
            ]
        );
        assert!(out.produces("ok.pdf") && out.produces("briefs/m.png"));
    }

    #[test]
    fn folders_are_their_index_pages() {
        let mut out = Outputs::default();
        out.add("timeline/index.html".into(), String::new);
        assert!(out.produces("timeline/") && !out.produces("timeline"));
        assert!(missing_path(&out, "timeline", RefKind::Link).1, "a missing slash is a warning");
        let (msg, warning) = missing_path(&out, "timelin/", RefKind::Link);
        assert!(!warning && msg.contains("did you mean `/timeline/`?"), "{msg}");
    }
}
