//! What a Hugo site holds: its configuration's title and address, and under `content/` its
//! documents (each kept at its path: a section's files become briefs, files at the top of
//! `content/` standalone pages) and the files beside them (a page bundle's images), which are
//! copied to the same place, as `static/` is to `static/`. Section pages (`_index.md`) are
//! lists in Hugo, which dossier makes itself, so they are not imported and are reported. The
//! `[permalinks]` patterns are kept, so that each document's old address can redirect.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::{Doc, Item, ItemKind, Plan};

/// Hugo's configuration files, in the order Hugo looks for them.
const CONFIGS: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"];

/// Content formats Hugo renders that are not Markdown: not converted.
const OTHER_FORMATS: &[&str] = &["html", "htm", "org", "adoc", "asciidoc", "rst", "pandoc", "pdc"];

/// The plan for the Hugo site at `src`.
pub fn plan(src: &Path) -> Result<Plan, String> {
    let content = src.join("content");
    if !content.is_dir() {
        return Err(format!(
            "{} has no content/ folder, so it is not a Hugo site\n  = hint: name the folder holding the Hugo site's config.toml or hugo.toml",
            src.display()
        ));
    }
    let mut plan = Plan::default();
    let permalinks = config(src, &mut plan)?;
    for rel in files(&content) {
        let from = format!("content/{rel}");
        let (stem, ext) = rel.rsplit_once('.').unwrap_or((&rel, ""));
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if matches!(ext, "md" | "markdown") {
            if name.starts_with("_index.") {
                plan.items.push(Item::new(
                    ItemKind::Skipped,
                    &from,
                    1,
                    "a section page (`_index`): dossier makes its own lists",
                ));
                continue;
            }
            // A bundle (`posts/talks/index.md`) is named by its folder, as Hugo names it.
            let bundle = stem.strip_suffix("/index").unwrap_or(stem);
            let (dir, name) = bundle.rsplit_once('/').unwrap_or(("", bundle));
            let section = dir.split('/').next().unwrap_or("").to_string();
            plan.docs.push(Doc {
                src: from,
                dest: format!("{stem}.md"),
                page: !rel.contains('/'),
                key: format!("{stem}.md"),
                file_title: title_from(bundle),
                name: name.to_string(),
                permalink: permalinks.get(&section).cloned(),
                section,
                path: dir.to_string(),
                ..Doc::default()
            });
        } else if OTHER_FORMATS.contains(&ext) {
            plan.items.push(Item::new(
                ItemKind::Skipped,
                &from,
                1,
                format!("a `.{ext}` document: only Markdown is converted"),
            ));
        } else {
            plan.copies.push((from, format!("content/{rel}")));
        }
    }
    for rel in files(&src.join("static")) {
        plan.copies.push((format!("static/{rel}"), format!("static/{rel}")));
    }
    Ok(plan)
}

/// The title, address and description in the first configuration file there is, and its
/// `[permalinks]`: the pattern of each section's addresses.
fn config(src: &Path, plan: &mut Plan) -> Result<HashMap<String, String>, String> {
    let Some(name) = CONFIGS.iter().find(|n| src.join(n).is_file()) else { return Ok(HashMap::new()) };
    let text = std::fs::read_to_string(src.join(name)).map_err(|e| format!("cannot read {name}: {e}"))?;
    let map = if name.ends_with(".toml") {
        super::front::split(&format!("+++\n{text}\n+++\n")).map(|p| p.map)
    } else {
        crate::yaml::parse_map(&text).map_err(|e| format!("line {}: {}", e.line, e.message))
    }
    .map_err(|e| format!("cannot read {name}: {e}\n  = hint: fix the file, or import from a copy without it"))?;
    let get = |m: &Map<String, Value>, key: &str| {
        m.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).and_then(|(_, v)| v.as_str().map(str::to_string))
    };
    plan.config = Some(name.to_string());
    plan.title = get(&map, "title");
    plan.base_url = get(&map, "baseURL");
    plan.description = map
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("params"))
        .and_then(|(_, p)| p.as_object())
        .and_then(|p| get(p, "description"));
    Ok(permalinks(&map))
}

/// `[permalinks]`: `section = "pattern"`, or since Hugo 0.120 the same under `[permalinks.page]`
/// (the patterns of sections' and terms' own list pages are not needed: dossier makes its own).
fn permalinks(config: &Map<String, Value>) -> HashMap<String, String> {
    let Some(Value::Object(p)) = config.iter().find(|(k, _)| k.eq_ignore_ascii_case("permalinks")).map(|(_, v)| v)
    else {
        return HashMap::new();
    };
    let mut out: HashMap<String, String> =
        p.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect();
    if let Some(Value::Object(page)) = p.get("page") {
        out.extend(page.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))));
    }
    out
}

/// Every file under `dir`, relative and `/`-separated, sorted, without hidden files and editor
/// leftovers; none when `dir` does not exist.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::config::is_ignored_name(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(|p| p.to_string_lossy().replace('\\', "/")))
        .collect();
    out.sort();
    out
}

/// A title from a file or folder name: `my-first_post` → `My first post`.
pub fn title_from(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path).replace(['-', '_'], " ");
    let name = name.trim();
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}
