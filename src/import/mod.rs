//! `dossier import hugo|jekyll`: a Hugo or Jekyll site's content converted into a new dossier
//! site. The source is only read. What to convert is planned first (`hugo`, `jekyll`: which
//! files are posts, pages and files to copy, and the site's title and address), then each
//! document is converted (`convert`: front matter by `front`, body by `body`), and only then
//! is anything written, into a folder that must be new or empty. Whatever could not be
//! converted, or was given a default, is listed in the report with its file and line.

pub mod body;
pub mod convert;
pub mod front;
pub mod hugo;
pub mod jekyll;
pub mod permalink;

use std::path::{Path, PathBuf};

/// The generator a site was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Hugo: `content/`, `static/`, shortcodes.
    Hugo,
    /// Jekyll: `_posts/`, pages at the top, Liquid.
    Jekyll,
}

impl Flavor {
    /// Its name, as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Hugo => "Hugo",
            Flavor::Jekyll => "Jekyll",
        }
    }
}

/// What an import was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whose site it is.
    pub flavor: Flavor,
    /// The site to read.
    pub src: PathBuf,
    /// The folder to write the dossier site into.
    pub into: PathBuf,
    /// The region of briefs whose front matter names none.
    pub region: String,
}

/// One document to convert.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Its path relative to the source site, `/`-separated.
    pub src: String,
    /// Its path in the new site's `content/`.
    pub dest: String,
    /// A standalone page (`kind: page`) rather than a brief.
    pub page: bool,
    /// What other documents name it by: Hugo's path under `content/`, a Jekyll post's file
    /// stem, a Jekyll page's path.
    pub key: String,
    /// The date in its file name (Jekyll's posts).
    pub file_date: Option<String>,
    /// A title made from its file name, for a document that has none.
    pub file_title: String,
    /// What its old address is made from (see `permalink::Facts`): its file name without
    /// date or extension, its section or collection, its folders, its folder categories.
    pub name: String,
    /// Hugo: its section; Jekyll: its collection (`posts` for posts).
    pub section: String,
    /// Hugo: its folders under `content/`; Jekyll: its path in its collection, no extension.
    pub path: String,
    /// Jekyll: the folders above its `_posts/`, which Jekyll files it under as categories.
    pub categories: Vec<String>,
    /// The pattern of its old address from the site's configuration, if the configuration
    /// gives one; its front matter's `url` or `permalink` wins over it.
    pub permalink: Option<String>,
}

/// What the source site is, and what to do with each of its files.
#[derive(Debug, Default)]
pub struct Plan {
    /// The site's title, from its configuration.
    pub title: Option<String>,
    /// The site's address, from its configuration.
    pub base_url: Option<String>,
    /// The site's description, from its configuration.
    pub description: Option<String>,
    /// The configuration file read, relative to the source.
    pub config: Option<String>,
    /// The documents to convert.
    pub docs: Vec<Doc>,
    /// Files copied as they are: path in the source, path in the new site.
    pub copies: Vec<(String, String)>,
    /// What was skipped or defaulted while planning.
    pub items: Vec<Item>,
    /// Jekyll's `permalink` in `_config.yml`, which also sets how pages were published.
    pub page_style: Option<String>,
}

/// What an item of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    /// Left as written in a converted document.
    Unconverted,
    /// Given a default value.
    Defaulted,
    /// A file not imported.
    Skipped,
    /// Converted, but needing a look: an old address left without a redirect, a link that
    /// will keep the site from building.
    Check,
}

/// One thing the report lists: where in the source it is, and what it was.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// What kind of item.
    pub kind: ItemKind,
    /// Path relative to the source site.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// What it was, and what was done.
    pub what: String,
}

impl Item {
    /// An item of `kind` at `file:line`.
    pub fn new(kind: ItemKind, file: &str, line: usize, what: impl Into<String>) -> Item {
        Item { kind, file: file.to_string(), line, what: what.into() }
    }
}

/// What an import did.
#[derive(Debug)]
pub struct Report {
    /// Whose site it was.
    pub flavor: Flavor,
    /// Briefs written.
    pub posts: usize,
    /// Standalone pages written.
    pub pages: usize,
    /// Files copied as they are.
    pub copied: usize,
    /// Everything left unconverted, defaulted or skipped, sorted.
    pub items: Vec<Item>,
}

impl Report {
    /// The report as text: the counts, then each item under its heading.
    pub fn text(&self, src: &Path, into: &Path) -> String {
        let mut out = format!(
            "imported a {} site from {} into {}\n  posts converted: {}\n  pages converted: {}\n  files copied: {}\n",
            self.flavor.name(),
            src.display(),
            into.display(),
            self.posts,
            self.pages,
            self.copied
        );
        for (kind, heading, note) in [
            (ItemKind::Unconverted, "left unconverted", ", as written (dossier warns about each when it builds)"),
            (ItemKind::Defaulted, "defaulted", ""),
            (ItemKind::Skipped, "not imported", ""),
            (ItemKind::Check, "to check", ""),
        ] {
            let items: Vec<&Item> = self.items.iter().filter(|i| i.kind == kind).collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{heading}: {}{note}\n", items.len()));
            for i in items {
                out.push_str(&format!("  {}:{}: {}\n", i.file, i.line, i.what));
            }
        }
        out
    }
}

/// The default folder for the new site: `<SRC's name>-dossier` in the current folder.
pub fn default_into(src: &Path) -> PathBuf {
    let name = std::fs::canonicalize(src)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "site".to_string());
    PathBuf::from(format!("{name}-dossier"))
}

/// Import the site: plan, convert, then write into `opts.into`. The error is a message and,
/// after a newline, a hint.
pub fn run(opts: &Options) -> Result<Report, String> {
    check_folders(&opts.src, &opts.into)?;
    let plan = match opts.flavor {
        Flavor::Hugo => hugo::plan(&opts.src)?,
        Flavor::Jekyll => jekyll::plan(&opts.src)?,
    };
    let (files, mut items) = convert::all(opts, &plan);
    items.extend(plan.items.iter().cloned());
    let (site_yaml, site_items) = site_yaml(&plan, &opts.src);
    items.extend(site_items);
    items.sort();
    let pages = plan.docs.iter().filter(|d| d.page && files.iter().any(|(dest, _)| *dest == d.dest)).count();
    let report = Report { flavor: opts.flavor, posts: files.len() - pages, pages, copied: plan.copies.len(), items };
    write(opts, &plan, &files, &site_yaml, &report)?;
    Ok(report)
}

/// The source must be a folder, and the new site's folder new or empty and outside it.
fn check_folders(src: &Path, into: &Path) -> Result<(), String> {
    let src_abs = std::fs::canonicalize(src)
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| format!("{} is not a folder\n  = hint: name the site's folder", src.display()))?;
    if std::fs::read_dir(into).is_ok_and(|mut d| d.next().is_some()) || into.is_file() {
        return Err(format!(
            "{} exists and is not empty; nothing was written\n  = hint: name a new folder with `--into NEW-DIR`, or empty this one",
            into.display()
        ));
    }
    // The new folder's nearest existing ancestor tells where it will be.
    let mut probe = into.to_path_buf();
    if probe.is_relative() {
        probe = std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?.join(probe);
    }
    let mut tail = Vec::new();
    let resolved = loop {
        if let Ok(p) = std::fs::canonicalize(&probe) {
            break tail.iter().rev().fold(p, |acc: PathBuf, n| acc.join(n));
        }
        match (probe.file_name().map(ToOwned::to_owned), probe.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                probe = parent.to_path_buf();
            }
            _ => break probe,
        }
    };
    if resolved.starts_with(&src_abs) {
        return Err(format!(
            "{} is inside the site being imported, which is only read\n  = hint: write the new site elsewhere with `--into DIR`",
            into.display()
        ));
    }
    Ok(())
}

/// The new site's `site.yaml`, from what the source's configuration says, and the defaults
/// given where it says nothing usable.
fn site_yaml(plan: &Plan, src: &Path) -> (String, Vec<Item>) {
    let config = plan.config.clone().unwrap_or_else(|| "(no configuration file)".to_string());
    let mut items = Vec::new();
    let title = plan.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        let name = default_into(src).to_string_lossy().trim_end_matches("-dossier").to_string();
        items.push(Item::new(ItemKind::Defaulted, &config, 1, format!("no site title: \"{name}\"")));
        name
    });
    let base_url =
        match plan.base_url.as_deref().map(str::trim) {
            Some(u) if u.starts_with("http://") || u.starts_with("https://") || u.starts_with('/') => {
                if u.ends_with('/') { u.to_string() } else { format!("{u}/") }
            }
            _ => {
                items.push(Item::new(ItemKind::Defaulted, &config, 1, "no absolute base URL: https://example.org/"));
                "https://example.org/".to_string()
            }
        };
    let quote = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut text = format!(
        "# Made by `dossier import` from {config}. Every key is described in dossier's README.\ntitle: {}\nbase_url: {}\n",
        quote(&title),
        quote(&base_url)
    );
    if let Some(d) = plan.description.as_deref().filter(|d| !d.trim().is_empty()) {
        text.push_str(&format!("description: {}\n", quote(d.trim())));
    }
    (text, items)
}

/// Write the converted documents, the copied files, `site.yaml` and `import-report.txt`.
fn write(opts: &Options, plan: &Plan, files: &[(String, String)], site: &str, report: &Report) -> Result<(), String> {
    let io = |what: &Path, e: std::io::Error| format!("cannot write {}: {e}", what.display());
    let put = |rel: &str, bytes: &[u8]| -> Result<(), String> {
        let path = opts.into.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))
    };
    std::fs::create_dir_all(opts.into.join("content")).map_err(|e| io(&opts.into, e))?;
    put("site.yaml", site.as_bytes())?;
    for (dest, text) in files {
        put(&format!("content/{dest}"), text.as_bytes())?;
    }
    for (from, to) in &plan.copies {
        let bytes = std::fs::read(opts.src.join(from)).map_err(|e| format!("cannot read {from}: {e}"))?;
        put(to, &bytes)?;
    }
    put("import-report.txt", report.text(&opts.src, &opts.into).as_bytes())
}
