//! What a Jekyll site holds: `_config.yml`'s title and address; its posts, `_posts/` files
//! named `YYYY-MM-DD-title.md`, each written to `content/posts/title.md` (dated from its name
//! when its front matter says nothing); the Markdown pages at its top that have front matter
//! (Jekyll leaves any other file as it is), as standalone pages; and its `assets/` and
//! `images/` folders, copied into `static/` so that `/assets/…` links keep working.

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
    if let Some(name) = has_config {
        config(src, name, &mut plan)?;
    }
    posts(src, &mut plan);
    pages(src, &mut plan);
    for rel in files(&src.join("_drafts")) {
        plan.items.push(Item::new(ItemKind::Skipped, &format!("_drafts/{rel}"), 1, "a draft: not imported"));
    }
    for dir in COPIED {
        for rel in files(&src.join(dir)) {
            plan.copies.push((format!("{dir}/{rel}"), format!("static/{dir}/{rel}")));
        }
    }
    Ok(plan)
}

/// The title, address (`url` and `baseurl`) and description in `_config.yml`.
fn config(src: &Path, name: &str, plan: &mut Plan) -> Result<(), String> {
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
    Ok(())
}

/// Every post under `_posts/`, at `content/posts/<title>.md`; a second post of the same title
/// gets `-2`, and so on, and is reported.
fn posts(src: &Path, plan: &mut Plan) {
    let mut taken = HashSet::new();
    for rel in files(&src.join("_posts")) {
        let from = format!("_posts/{rel}");
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
        let mut dest = format!("posts/{title}.md");
        let mut n = 1;
        while !taken.insert(dest.clone()) {
            n += 1;
            dest = format!("posts/{title}-{n}.md");
        }
        if n > 1 {
            plan.items.push(Item::new(
                ItemKind::Defaulted,
                &from,
                1,
                format!("another post has its name: written as {dest}"),
            ));
        }
        let key = name.rsplit_once('.').map_or(name, |(s, _)| s).to_string();
        plan.docs.push(Doc {
            src: from,
            dest,
            page: false,
            key,
            file_date: Some(date.to_string()),
            file_title: title_from(title),
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
                file_date: None,
                file_title: title_from(stem),
            });
        }
    }
}
