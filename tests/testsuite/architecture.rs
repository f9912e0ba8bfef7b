//! The layout keeps its promises (docs/ARCHITECTURE.md): every module of `src/` imports only
//! modules of its own layer or of a layer below, no file imports another that imports it back
//! (directly or through others), and `unsafe` appears only in the platform module. Read from
//! the source text, the way a reviewer would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::prelude::*;

/// The layers, from the bottom: a module may import its own layer and those listed before it.
/// The same table is drawn in docs/ARCHITECTURE.md.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundations",
        &[
            "platform",
            "timing",
            "hashing",
            "diagnostics",
            "yaml",
            "fields",
            "dates",
            "period",
            "text",
            "lang",
            "i18n",
            "escape",
            "marking",
            "slug",
            "urls",
            "theme",
            "artifact",
            "options",
            "cli",
        ],
    ),
    ("markdown", &["markdown"]),
    ("config", &["config"]),
    ("documents", &["content"]),
    ("model", &["model", "checks"]),
    ("views", &["view"]),
    ("pages and formats", &["render"]),
    ("output", &["output"]),
    ("pipeline", &["session", "build"]),
    ("preview", &["serve"]),
    ("commands", &["cmd", "import"]),
];

/// Every `.rs` file of `src/` as (module path, source without comments and test modules).
fn sources() -> BTreeMap<String, String> {
    let src = repo().join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.insert(module_of(&src, &path), code_of(&std::fs::read_to_string(&path).expect("a source file")));
            }
        }
    }
    out
}

/// `src/render/feed.rs` → `render::feed`; `src/model/mod.rs` → `model`; `src/lib.rs` → ``.
fn module_of(src: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(src).expect("under src/").with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file: line comments dropped, and everything from its test module on.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The modules of `all` that `code` names through `crate::` paths (braced groups too), each as
/// the longest module path it names.
fn imports(code: &str, all: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            paths.extend(inner[..end].split(',').map(|p| p.trim().to_string()));
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            paths.push(rest[..end].to_string());
        }
    }
    paths
        .iter()
        .filter_map(|p| {
            let segs: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
            (1..=segs.len()).rev().map(|n| segs[..n].join("::")).find(|m| all.contains(m.as_str()))
        })
        .collect()
}

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or("");
    LAYERS
        .iter()
        .position(|(_, mods)| mods.contains(&top))
        .unwrap_or_else(|| panic!("module `{top}` is in no layer: add it to LAYERS and to docs/ARCHITECTURE.md"))
}

#[test]
fn every_module_imports_only_its_own_layer_or_those_below() {
    let sources = sources();
    let all: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    let mut upward = Vec::new();
    for (module, code) in &sources {
        if module.is_empty() {
            continue;
        }
        for target in imports(code, &all) {
            if !target.is_empty() && layer_of(&target) > layer_of(module) {
                upward.push(format!(
                    "{module} ({}) imports {target} ({})",
                    LAYERS[layer_of(module)].0,
                    LAYERS[layer_of(&target)].0
                ));
            }
        }
    }
    assert!(upward.is_empty(), "imports that run up the layers:\n{}", upward.join("\n"));
}

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let sources = sources();
    let all: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    // A parent module declaring its children is not an import of them.
    let edges: BTreeMap<&str, BTreeSet<String>> = sources
        .iter()
        .map(|(m, code)| {
            let own = |t: &String| t == m || m.is_empty() || t.starts_with(&format!("{m}::"));
            (m.as_str(), imports(code, &all).into_iter().filter(|t| !own(t)).collect())
        })
        .collect();
    // A module is in a circle when it can reach itself.
    let mut circles = Vec::new();
    for &start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = edges[start].iter().map(String::as_str).collect();
        while let Some(m) = todo.pop() {
            if m == start {
                circles.push(start.to_string());
                break;
            }
            if seen.insert(m) {
                todo.extend(edges.get(m).into_iter().flatten().map(String::as_str));
            }
        }
    }
    assert!(circles.is_empty(), "modules that import themselves back through others: {circles:?}");
}

#[test]
fn unsafe_code_lives_only_in_the_platform_module() {
    let found: Vec<String> = sources()
        .into_iter()
        .filter(|(m, code)| m != "platform" && (code.contains("unsafe ") || code.contains("libc::")))
        .map(|(m, _)| m)
        .collect();
    assert!(found.is_empty(), "unsafe or libc outside src/platform.rs: {found:?}");
}

#[test]
fn the_architecture_document_names_every_top_level_module() {
    let doc = std::fs::read_to_string(repo().join("docs/ARCHITECTURE.md")).expect("docs/ARCHITECTURE.md");
    let sources = sources();
    let tops: BTreeSet<&str> = sources.keys().filter_map(|m| m.split("::").next()).filter(|t| !t.is_empty()).collect();
    let missing: Vec<&&str> = tops.iter().filter(|t| !doc.contains(&format!("`{t}`"))).collect();
    assert!(missing.is_empty(), "docs/ARCHITECTURE.md does not name {missing:?}");
    for (name, _) in LAYERS {
        assert!(doc.contains(name), "docs/ARCHITECTURE.md does not draw the layer `{name}`");
    }
}
