//! What an output is made of: its files and bytes by kind (pages, feeds, search index, data
//! exports, calendars, images, theme files), for the verbose build summary, so the weight of
//! each feature a site turns on can be seen and a configuration chosen by it.

use std::path::Path;

/// Files and bytes of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// What they are ("pages", "search index", …).
    pub name: &'static str,
    /// How many files.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// The kind of an output file at `rel` (relative to the output, `/`-separated). A language's
/// files under its prefix (`ar/…`) are the same kinds as the default language's.
pub fn kind_of(rel: &str) -> &'static str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let in_search = rel.split('/').any(|s| s == "search") && ext == "json";
    match (name, ext) {
        _ if in_search => "search index",
        ("atom.xml" | "feed.json", _) => "feeds",
        ("sitemap.xml" | "robots.txt", _) => "sitemaps",
        (_, "html") => "pages",
        (_, "ics") => "calendars",
        ("briefs.json" | "briefs.csv" | "briefs.ndjson" | "index.json" | "stix.json" | "bundle.json", _) => {
            "data exports"
        }
        _ if rel.contains("schema/") => "data exports",
        (_, "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "svg") => "images",
        (_, "css" | "js" | "woff" | "woff2") => "theme files",
        _ => "other",
    }
}

/// Every file under `out` by kind, largest kind first. dossier's own markers (`.dossier-*`)
/// are left out.
pub fn of(out: &Path) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::new();
    for entry in walkdir::WalkDir::new(out).into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(out) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.contains(".dossier") {
            continue;
        }
        let bytes = entry.metadata().map_or(0, |m| m.len());
        let name = kind_of(&rel);
        match kinds.iter_mut().find(|k| k.name == name) {
            Some(k) => {
                k.files += 1;
                k.bytes += bytes;
            }
            None => kinds.push(Kind { name, files: 1, bytes }),
        }
    }
    kinds.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(b.name)));
    kinds
}

#[cfg(test)]
mod tests {
    use super::kind_of;

    #[test]
    fn files_are_sorted_into_kinds() {
        let cases = [
            ("index.html", "pages"),
            ("ar/briefs/x/index.html", "pages"),
            ("search/index/0.json", "search index"),
            ("ar/search/meta.json", "search index"),
            ("regions/gulf/atom.xml", "feeds"),
            ("feed.json", "feeds"),
            ("briefs/x/index.json", "data exports"),
            ("schema/briefs.v1.json", "data exports"),
            ("stix/bundle.json", "data exports"),
            ("calendar.ics", "calendars"),
            ("briefs/x/card.png", "images"),
            ("style.css", "theme files"),
            ("sitemap.xml", "sitemaps"),
            ("notes.txt", "other"),
        ];
        for (path, kind) in cases {
            assert_eq!(kind_of(path), kind, "{path}");
        }
    }
}
