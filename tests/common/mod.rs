//! Test helpers: a fixture site in a temp dir built from a few strings, the `dossier` binary run
//! against it, and readers that parse what it produced.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A minimal valid site.yaml.
pub const SITE_YAML: &str = "title: Test Briefs\nbase_url: https://example.org/\n";

/// A site in a temporary directory.
pub struct Site {
    pub dir: tempfile::TempDir,
}

/// The result of running dossier.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == 0
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

impl Site {
    /// An empty site with `SITE_YAML`.
    pub fn new() -> Site {
        let s = Site { dir: tempfile::tempdir().unwrap() };
        s.write("site.yaml", SITE_YAML);
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write a file, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Site {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Write a brief with the given front matter lines and body.
    pub fn brief(&self, rel: &str, front: &str, body: &str) -> &Site {
        self.write(&format!("content/{rel}"), &format!("---\n{front}\n---\n{body}"))
    }

    /// Run `dossier <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// `dossier build` that must succeed.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert!(r.ok(), "build failed: {r:?}\nfiles: {:?}", self.files("public"));
        r
    }

    /// `dossier build` that must fail with exit code 1.
    pub fn build_err(&self) -> Run {
        let r = self.run(&["build"]);
        assert_eq!(r.code, 1, "expected a failed build: {r:?}");
        r
    }

    /// Parse a produced HTML file (relative to public/).
    pub fn html(&self, rel: &str) -> Html {
        let p = self.path("public").join(rel);
        let text = std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("{}: {e}; produced: {:?}", p.display(), self.files("public")));
        Html::parse_document(&text)
    }

    /// Every file under `rel`, relative, sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        list_files(&self.path(rel))
    }
}

/// Run `dossier <args> --root <root>`, without colour.
pub fn run_in(root: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn list_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    v.sort();
    v
}

/// Every file's bytes under `dir`, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    list_files(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap())).collect()
}

pub mod http;
pub mod published;

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Text of every element matching `css`, whitespace-collapsed.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// `attr` of every element matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(css)).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Check that every `href`/`src` in every HTML file under `out` that points inside the site
/// (served at `base_path`) resolves to a produced file, and that `#fragment`s name an id in the
/// target page. Returns the problems found.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let files: HashSet<String> = list_files(out).into_iter().collect();
    let mut ids: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    let any = sel("[href], [src]");
    let with_id = sel("[id]");
    let html_files: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    let mut docs = Vec::new();
    for f in &html_files {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(f)).unwrap());
        ids.insert((*f).clone(), doc.select(&with_id).filter_map(|e| e.value().id().map(str::to_string)).collect());
        docs.push(((*f).clone(), doc));
    }
    for (file, doc) in &docs {
        let page_dir = file.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"));
        for el in doc.select(&any) {
            for attr in ["href", "src"] {
                let Some(url) = el.value().attr(attr) else { continue };
                if url.contains("://")
                    || url.starts_with("mailto:")
                    || url.starts_with("data:")
                    || url.starts_with("//")
                {
                    continue;
                }
                let (path, frag) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let path = path.split('?').next().unwrap();
                let target = if path.is_empty() {
                    file.clone()
                } else if let Some(rest) = path.strip_prefix(base_path) {
                    rest.to_string()
                } else if path.starts_with('/') {
                    problems.push(format!("{file}: {url} is outside base path {base_path}"));
                    continue;
                } else {
                    format!("{page_dir}{path}")
                };
                let target =
                    if target.is_empty() || target.ends_with('/') { format!("{target}index.html") } else { target };
                if !files.contains(&target) {
                    problems.push(format!("{file}: {attr}={url} → {target} does not exist"));
                    continue;
                }
                if let Some(frag) = frag.filter(|f| !f.is_empty())
                    && let Some(set) = ids.get(&target)
                    && !set.contains(frag)
                {
                    problems.push(format!("{file}: {url} → no id \"{frag}\" in {target}"));
                }
            }
        }
    }
    problems
}
