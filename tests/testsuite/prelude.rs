//! What every topic module shares (`use crate::prelude::*;`): a fixture site in a temporary
//! folder built from a few strings, the `dossier` binary run against it, and readers that parse
//! what it produced (HTML, `check --format json` reports, every local link of the output).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The repository's root, where the example site lives (its site.yaml and content/), beside the
/// built-in theme (themes/default/) and the tests' node scripts (tests/e2e/, tests/js/).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

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

    /// Write a file of bytes, creating folders.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
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

    /// `dossier check --format json` with `extra` arguments: the exit code and the parsed report.
    pub fn check_json(&self, extra: &[&str]) -> (i32, serde_json::Value) {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        let report = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not a JSON report ({e}): {r:?}"));
        (r.code, report)
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

/// The diagnostics of a `check --format json` report as (severity, file, line, message).
pub fn check_diagnostics(v: &serde_json::Value) -> Vec<(String, String, u64, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The errors of a `check --format json` report, as (file, line, message, hint).
pub fn errors_of(report: &serde_json::Value) -> Vec<(String, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (s("file"), d["line"].as_u64().unwrap_or(0), s("message"), s("hint"))
        })
        .collect()
}

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

/// Every URL an element of `doc` refers to: its `href`, its `src`, and each candidate of its
/// `srcset` (`a.png 1x, b.png 2x`), with the attribute named.
pub fn urls_of(doc: &Html) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for el in doc.select(&sel("[href], [src], [srcset]")) {
        for attr in ["href", "src"] {
            if let Some(u) = el.value().attr(attr) {
                out.push((attr, u.to_string()));
            }
        }
        if let Some(set) = el.value().attr("srcset") {
            for candidate in set.split(',') {
                if let Some(u) = candidate.split_whitespace().next() {
                    out.push(("srcset", u.to_string()));
                }
            }
        }
    }
    out
}

/// Percent-decode a URL path as a browser asks a server for it (`Map%201.png` → `Map 1.png`).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("a UTF-8 path")
}

/// Check that every `href`, `src` and `srcset` URL in every HTML file under `out` that points
/// inside the site (served at `base_path`) resolves to a produced file, and that `#fragment`s
/// name an id in the target page. Returns the problems found.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    broken_links_counted(out, base_path).0
}

/// `broken_links`, with the number of URLs that pointed inside the site and were checked.
pub fn broken_links_counted(out: &Path, base_path: &str) -> (Vec<String>, usize) {
    let files: HashSet<String> = list_files(out).into_iter().collect();
    let mut ids: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
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
        for (attr, url) in urls_of(doc) {
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") || url.starts_with("//") {
                continue;
            }
            checked += 1;
            let (path, frag) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = percent_decode(path.split('?').next().unwrap());
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
                && !set.contains(&percent_decode(frag))
            {
                problems.push(format!("{file}: {url} → no id \"{frag}\" in {target}"));
            }
        }
    }
    (problems, checked)
}

/// Ids that occur more than once on a page, for every HTML file under `out`.
pub fn duplicate_ids(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for f in list_files(out).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        let mut seen = HashSet::new();
        for id in doc.select(&sel("[id]")).filter_map(|e| e.value().id()) {
            if !seen.insert(id.to_string()) {
                problems.push(format!("{f}: id=\"{id}\" twice"));
            }
        }
    }
    problems
}

/// A valid PNG of `w` × `h` pixels (grey, uncompressed), for sites with real images.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    png_with_text(w, h, None)
}

/// `png`, with a `tEXt` chunk holding `comment` when given: an image whose bytes carry a word
/// a test can look for in the output.
pub fn png_with_text(w: u32, h: u32, comment: Option<&str>) -> Vec<u8> {
    // Each row: filter byte 0, then one grey byte per pixel; stored in uncompressed deflate
    // blocks of at most 65,535 bytes.
    let raw: Vec<u8> = (0..h).flat_map(|_| std::iter::once(0).chain(std::iter::repeat_n(0x88, w as usize))).collect();
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        z.extend((b.len() as u16).to_le_bytes());
        z.extend((!(b.len() as u16)).to_le_bytes());
        z.extend(*b);
    }
    if blocks.is_empty() {
        z.extend([1, 0, 0, 0xff, 0xff]);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    if let Some(c) = comment {
        png_chunk(&mut out, b"tEXt", format!("Comment\0{c}").as_bytes());
    }
    png_chunk(&mut out, b"IDAT", &z);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// Append one PNG chunk: length, kind, data and the CRC of kind and data.
fn png_chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let c = crc(&out[start..]);
    out.extend(c.to_be_bytes());
}
