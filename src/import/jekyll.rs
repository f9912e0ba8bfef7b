//! What a Jekyll site holds: `_config.yml`'s title, address, permalink style and collections;
//! its posts, files named `YYYY-MM-DD-title.md` in `_posts/` and in any built folder's
//! `_posts/` (`blog/_posts/`, whose folders are the posts' categories), each written to
//! `content/posts/title.md` or `content/blog/title.md` (dated from its name when its front
//! matter says nothing); the documents of each collection Jekyll publishes, as briefs under
//! the collection's name; the Markdown pages at its top that have front matter (Jekyll leaves
//! any other file as it is), as standalone pages; and its `assets/` and `images/` folders,
//! copied into `static/` so that `/assets/…` links keep working.

use std::collections::HashSet;
use std::path::Path;

use super::hugo::{files, title_from};
use super::{Doc, Item, ItemKind, Plan};

/// Folders copied to `static/` as they are.
const COPIED: &[&str] = &["assets", "images"];

fn is_markdown(name: &str) -> bool {
    [".md", ".markdown", ".mkd", ".mkdn"].iter().any(|e| name.ends_with(e))
}

/// `2015-01-02-title.md` → (`2015-01-02`, `title`).
fn dated(name: &str) -> Option<(&str, &str)> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let b = stem.as_bytes();
    let ok = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b[10] == b'-';
    ok.then(|| (&stem[..10], &stem[11..]))
}

/// The plan for the Jekyll site at `src`.
pub fn plan(src: &Path) -> Result<Plan, String> {
    let has_config = ["_config.yml", "_config.yaml"].iter().find(|n| src.join(n).is_file());
    if has_config.is_none() && !src.join("_posts").is_dir() {
        return Err(format!(
            "{} has neither _config.yml nor _posts/, so it is not a Jekyll site\n  = hint: name the folder holding the Jekyll site's _config.yml",
            src.display()
        ));
    }
    let mut plan = Plan::default();
    let config = match has_config {
        Some(name) => config(src, name, &mut plan)?,
        None => Config::default(),
    };
    let root = src.join(&config.collections_dir);
    let prefix = match config.collections_dir.trim_matches('/') {
        "" => String::new(),
        dir => format!("{dir}/"),
    };
    let mut taken = HashSet::new();
    for folder in posts_folders(&root) {
        posts(src, &format!("{prefix}{folder}"), &folder, &config, &mut taken, &mut plan);
    }
    for c in &config.collections {
        collection(src, &format!("{prefix}_{}", c.label), c, &mut taken, &mut plan);
    }
    pages(src, &mut plan);
    for folder in posts_folders(&root) {
        let drafts = format!("{prefix}{}", folder.replace("_posts", "_drafts"));
        for rel in files(&src.join(&drafts)) {
            plan.items.push(Item::new(ItemKind::Skipped, &format!("{drafts}/{rel}"), 1, "a draft: not imported"));
        }
    }
    for dir in COPIED {
        for rel in files(&src.join(dir)) {
            plan.copies.push((format!("{dir}/{rel}"), format!("static/{dir}/{rel}")));
        }
    }
    Ok(plan)
}

/// What `_config.yml` says about where documents are and where they were published.
#[derive(Debug, Default)]
struct Config {
    /// `collections_dir`: the folder holding `_posts/` and the collections' folders.
    collections_dir: String,
    /// `permalink`: the style or pattern of posts' addresses.
    permalink: Option<String>,
    /// The collections Jekyll publishes (`output: true`), other than posts.
    collections: Vec<Collection>,
}

/// One of `collections:`.
#[derive(Debug)]
struct Collection {
    label: String,
    /// Whether Jekyll writes a page per document (`output: true`).
    output: bool,
    permalink: Option<String>,
}

/// The title, address (`url` and `baseurl`) and description in `_config.yml`, and where the
/// documents are and were published.
fn config(src: &Path, name: &str, plan: &mut Plan) -> Result<Config, String> {
    let text = std::fs::read_to_string(src.join(name)).map_err(|e| format!("cannot read {name}: {e}"))?;
    let map = crate::yaml::parse_map(&text).map_err(|e| {
        format!(
            "cannot read {name}: line {}: {}\n  = hint: fix the file, or import from a copy without it",
            e.line, e.message
        )
    })?;
    let get = |key: &str| map.get(key).and_then(|v| v.as_str()).map(|s| s.trim().to_string());
    plan.config = Some(name.to_string());
    plan.title = get("title");
    plan.description = get("description");
    plan.base_url = match (get("url"), get("baseurl")) {
        (Some(url), base) => {
            Some(format!("{}/{}", url.trim_end_matches('/'), base.unwrap_or_default().trim_matches('/')))
        }
        (None, Some(base)) if base.starts_with('/') => Some(base),
        _ => None,
    };
    plan.page_style = get("permalink");
    let collections = match map.get("collections") {
        Some(serde_json::Value::Array(labels)) => labels
            .iter()
            .filter_map(|l| l.as_str())
            .map(|l| Collection { label: l.to_string(), output: false, permalink: None })
            .collect(),
        Some(serde_json::Value::Object(m)) => m
            .iter()
            .map(|(label, v)| Collection {
                label: label.clone(),
                output: v.get("output").and_then(serde_json::Value::as_bool).unwrap_or(false),
                permalink: v.get("permalink").and_then(|p| p.as_str()).map(str::to_string),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Config {
        collections_dir: get("collections_dir").unwrap_or_default(),
        permalink: get("permalink"),
        collections: collections.into_iter().filter(|c| c.label != "posts").collect(),
    })
}

/// Every `_posts/` folder under `root`, relative to it: Jekyll reads posts in any folder it
/// builds (`blog/_posts/`), and files them under the folders above as categories. Folders
/// Jekyll does not build (hidden, `_`-named, `node_modules`, `vendor`) are not searched.
fn posts_folders(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            e.depth() == 0
                || (e.file_type().is_dir()
                    && (n == "_posts" || !(n.starts_with(['_', '.']) || n == "node_modules" || n == "vendor")))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "_posts")
        .filter_map(|e| e.path().strip_prefix(root).ok().map(|p| p.to_string_lossy().replace('\\', "/")))
        .collect();
    out.sort();
    out
}

/// The posts of the `_posts/` folder at `from` (relative to the site), `folder` relative to
/// the collections' folder: `_posts/x.md` at `content/posts/x.md`, `blog/_posts/x.md` at
/// `content/blog/x.md`. A second post of the same name gets `-2`, and so on, and is reported.
fn posts(src: &Path, from_dir: &str, folder: &str, config: &Config, taken: &mut HashSet<String>, plan: &mut Plan) {
    let above = folder.strip_suffix("_posts").unwrap_or("").trim_matches('/');
    let categories: Vec<String> = above.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let section = if above.is_empty() { "posts" } else { above };
    for rel in files(&src.join(from_dir)) {
        let from = format!("{from_dir}/{rel}");
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if !is_markdown(name) {
            plan.items.push(Item::new(ItemKind::Skipped, &from, 1, "not a Markdown post"));
            continue;
        }
        let Some((date, title)) = dated(name) else {
            plan.items.push(Item::new(
                ItemKind::Skipped,
                &from,
                1,
                "a post whose name does not start with YYYY-MM-DD-",
            ));
            continue;
        };
        let dest = unique(taken, section, title, &from, plan);
        let key = name.rsplit_once('.').map_or(name, |(s, _)| s).to_string();
        plan.docs.push(Doc {
            src: from,
            dest,
            key,
            file_date: Some(date.to_string()),
            file_title: title_from(title),
            name: title.to_string(),
            section: "posts".into(),
            path: rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s).to_string(),
            categories: categories.clone(),
            permalink: Some(config.permalink.clone().unwrap_or_else(|| "date".into())),
            ..Doc::default()
        });
    }
}

/// `folder/name.md` in `content/`, or with `-2`, `-3`… when another document took it (reported).
fn unique(taken: &mut HashSet<String>, folder: &str, name: &str, from: &str, plan: &mut Plan) -> String {
    let mut dest = format!("{folder}/{name}.md");
    let mut n = 1;
    while !taken.insert(dest.clone()) {
        n += 1;
        dest = format!("{folder}/{name}-{n}.md");
    }
    if n > 1 {
        plan.items.push(Item::new(
            ItemKind::Defaulted,
            from,
            1,
            format!("another post has its name: written as {dest}"),
        ));
    }
    dest
}

/// The documents of a collection (`_advisories/`) as briefs at `content/advisories/…`, dated
/// by their front matter or file name; a collection Jekyll does not publish is reported.
fn collection(src: &Path, dir: &str, c: &Collection, taken: &mut HashSet<String>, plan: &mut Plan) {
    for rel in files(&src.join(dir)) {
        let from = format!("{dir}/{rel}");
        if !c.output {
            let why = format!("in the collection `{}`, which Jekyll does not publish (no `output: true`)", c.label);
            plan.items.push(Item::new(ItemKind::Skipped, &from, 1, why));
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if !is_markdown(name) {
            plan.copies.push((from, format!("static/{}/{rel}", c.label)));
            continue;
        }
        let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
        let (file_date, title) = match dated(name) {
            Some((d, t)) => (Some(d.to_string()), t),
            None => (None, name.rsplit_once('.').map_or(name, |(s, _)| s)),
        };
        let folder = match stem.rsplit_once('/') {
            Some((d, _)) => format!("{}/{d}", c.label),
            None => c.label.clone(),
        };
        let dest = unique(taken, &folder, title, &from, plan);
        plan.docs.push(Doc {
            src: from,
            dest,
            key: name.rsplit_once('.').map_or(name, |(s, _)| s).to_string(),
            file_date,
            file_title: title_from(title),
            name: title.to_string(),
            section: c.label.clone(),
            path: stem.to_string(),
            permalink: Some(c.permalink.clone().unwrap_or_else(|| "/:collection/:path:output_ext".into())),
            ..Doc::default()
        });
    }
}

/// The Markdown files at the top of the site that start with front matter, as pages; the
/// home page (`index.md`) is reported instead, since dossier makes its own.
fn pages(src: &Path, plan: &mut Plan) {
    let Ok(entries) = std::fs::read_dir(src) else { return };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_markdown(n) && !crate::config::is_ignored_name(n))
        .collect();
    names.sort();
    for name in names {
        let head = std::fs::read_to_string(src.join(&name)).unwrap_or_default();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        if !head.trim_start_matches('\u{feff}').starts_with("---") {
            plan.items.push(Item::new(ItemKind::Skipped, &name, 1, "no front matter: Jekyll copies it as it is"));
        } else if stem == "index" {
            plan.items.push(Item::new(ItemKind::Skipped, &name, 1, "the home page: dossier makes its own"));
        } else {
            plan.docs.push(Doc {
                src: name.clone(),
                dest: format!("{stem}.md"),
                page: true,
                key: name.clone(),
                file_title: title_from(stem),
                name: stem.to_string(),
                path: stem.to_string(),
                ..Doc::default()
            });
        }
    }
}
