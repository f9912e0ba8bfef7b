//! Walking `content/` (its Markdown documents and the assets beside them) and reading the
//! Markdown files: the I/O edge of the content stage.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::config::is_ignored_name;
use crate::content::{Document, front_matter};
use crate::diagnostics::Diagnostic;

/// A file found under `content/`: a Markdown document or an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to `content/`, `/`-separated.
    pub source: String,
    /// Path on disk.
    pub abs: PathBuf,
}

/// What walking `content/` found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Markdown files, sorted by path.
    pub docs: Vec<SourceFile>,
    /// Every other file (images, PDFs, data): published as they are. Sorted by path.
    pub assets: Vec<SourceFile>,
    /// Unreadable entries, symlink loops, symlinks out of the site.
    pub diags: Vec<Diagnostic>,
}

/// True for a symbolic link (below the walk's root) whose target resolves outside `site` (the
/// canonical site root): what the site publishes must come from the site, never from `~/.ssh`
/// or `/etc` through a link. Only links pay for resolving their target; a dangling link is left
/// to the walk, which reports it as unreadable.
pub fn leaves_site(e: &walkdir::DirEntry, site: &Path) -> bool {
    e.depth() > 0 && e.path_is_symlink() && e.path().canonicalize().is_ok_and(|t| !t.starts_with(site))
}

/// The canonical site root that symbolic links must stay inside, or `None` when the site
/// opted in to following links anywhere (`follow_symlinks_outside: true` in site.yaml).
pub fn link_fence(root: &Path, follow_outside: bool) -> Option<PathBuf> {
    (!follow_outside).then(|| root.canonicalize().unwrap_or_else(|_| root.to_path_buf()))
}

/// List every file under `content_dir`, Markdown and assets apart, sorted by path; unreadable
/// entries and symlink loops become diagnostics. `root` makes paths in diagnostics relative.
///
/// Symbolic links are followed only while they stay inside the site (`root`): content/ is
/// published, and a link to `~/.ssh` or `/etc` must not put what it points at on the web.
/// Such a link is skipped with a warning.
pub fn walk(content_dir: &Path, root: &Path, follow_outside: bool) -> Walked {
    let mut found = Walked::default();
    if !content_dir.is_dir() {
        return found;
    }
    let fence = link_fence(root, follow_outside);
    let outside = std::cell::RefCell::new(Vec::new());
    // Not sorted while walking: walkdir's sort takes each name apart from its path for every
    // comparison, on the one thread working then. The lists are sorted once at the end.
    let walker = walkdir::WalkDir::new(content_dir).follow_links(true).into_iter().filter_entry(|e| {
        if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
            return false;
        }
        // Only links pay for resolving their target; the file type comes from the listing. A
        // dangling link is left to the walk, which reports it as unreadable.
        if fence.as_ref().is_some_and(|site| leaves_site(e, site)) {
            outside.borrow_mut().push(relative(e.path(), root));
            return false;
        }
        true
    });
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = e.path().strip_prefix(content_dir) else { continue };
                let source = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let file = SourceFile { source, abs: e.path().to_path_buf() };
                match e.path().extension().is_some_and(|x| x == "md") {
                    true => found.docs.push(file),
                    false => found.assets.push(file),
                }
            }
            Err(err) => {
                let path = err.path().map(|p| relative(p, root)).unwrap_or_else(|| relative(content_dir, root));
                let d = if err.loop_ancestor().is_some() {
                    Diagnostic::warning("symbolic link loop skipped")
                        .hint("this link points back to one of its own parent folders; remove it or point it elsewhere")
                } else {
                    Diagnostic::error(format!(
                        "cannot read: {}",
                        err.io_error().map_or(err.to_string(), |e| e.to_string())
                    ))
                    .hint("check the file's permissions")
                };
                found.diags.push(d.at(path));
            }
        }
    }
    for path in outside.into_inner() {
        found.diags.push(
            Diagnostic::warning("symbolic link out of the site skipped: what it points at is not published")
                .at(path)
                .hint(
                    "copy the file into content/ instead, point the link at a file inside the site, \
                     or set `follow_symlinks_outside: true` in site.yaml",
                ),
        );
    }
    // Callers keep and search the lists by path string, so they are sorted that way.
    found.docs.sort_unstable_by(|a, b| a.source.cmp(&b.source));
    found.assets.sort_unstable_by(|a, b| a.source.cmp(&b.source));
    found.diags.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// `path` relative to `root` when it is inside it, for shorter messages.
pub fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Parse one file's bytes, or report why they could not be read.
fn parse_read(
    file: &SourceFile,
    read: std::io::Result<Vec<u8>>,
    root: &Path,
    cfg: &SiteConfig,
) -> (Option<Document>, Vec<Diagnostic>) {
    let shown = relative(&file.abs, root);
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::error(format!("cannot read: {e}")).at(shown).hint("check the file's permissions")],
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => front_matter::parse_owned(&file.source, &shown, text, cfg),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = good - bytes[..good].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            let d = Diagnostic::error(format!("not valid UTF-8 (bad byte at offset {good})"))
                .at(shown)
                .line_col(line, col)
                .hint("save the file as UTF-8; text pasted from Word or PDFs is sometimes in another encoding");
            (None, vec![d])
        }
    }
}

/// One file's result: its content path, the document when usable, and its problems.
pub type Loaded = (String, Option<Document>, Vec<Diagnostic>);

/// Threads reading sources at once. Reading is waiting on the disk, not computing: on a cold
/// cache the disk answers many requests in flight far sooner than one per core.
const READERS: usize = 16;

/// Files read at once before they are parsed: enough to keep the disk busy, few enough that
/// the text of a large archive is never all in memory when bodies are let go.
const READ_CHUNK: usize = 4096;

/// Read and parse `files` in parallel, keeping their order. With `leave_bodies` (a one-shot
/// build), a brief's body is let go once its front matter is read (`Document::body_left`),
/// unless the model reads it too (it names documents by path: `markdown::names_documents`).
pub fn load_all<'a>(
    files: impl IntoParallelIterator<Item = &'a SourceFile>,
    root: &Path,
    cfg: &SiteConfig,
    leave_bodies: bool,
) -> Vec<Loaded> {
    let files: Vec<&SourceFile> = files.into_par_iter().collect();
    let mut out = Vec::with_capacity(files.len());
    for chunk in files.chunks(READ_CHUNK) {
        let parsed = read_all(chunk).into_par_iter().zip(chunk.par_iter()).map(|(read, f)| {
            let (mut b, d) = parse_read(f, read, root, cfg);
            if let Some(doc) = b.as_mut().filter(|doc| leave_bodies && doc.kind == crate::content::Kind::Brief)
                && !crate::markdown::names_documents(&doc.body)
            {
                doc.body = String::new();
                doc.body_left = true;
            }
            (f.source.clone(), b, d)
        });
        out.par_extend(parsed);
    }
    out
}

/// The body of `doc`, read again from its file under `root` for a build that let it go
/// (`Document::body_left`). An error when the file is no longer the text the build read: every
/// page of a build comes from one reading of each file, so the build stops and is run again.
pub fn read_body(root: &Path, doc: &Document) -> Result<String, Diagnostic> {
    let changed = || {
        Diagnostic::error("the file changed while the site was being built")
            .at(&doc.file)
            .hint("build again: a build's pages all come from one version of each file")
    };
    let raw = std::fs::read(root.join(&doc.file)).map_err(|e| {
        Diagnostic::error(format!("cannot read: {e}")).at(&doc.file).hint("check the file's permissions")
    })?;
    if crate::hashing::bytes(&raw) != doc.revision {
        return Err(changed());
    }
    let text = String::from_utf8(raw).map_err(|_| changed())?;
    let text = crate::content::fences::normalise(&text);
    let parts = crate::content::fences::split(&text).map_err(|_| changed())?;
    Ok(parts.body.to_string())
}

/// The bytes of every file, in order. Plain threads rather than the rayon pool, which has one
/// thread per core and would leave the disk idle while a thread waits. The threads only read,
/// and parsing waits for the pool: parsing as each file arrives raises peak memory for no
/// faster read stage (BENCHMARKS.md).
fn read_all(files: &[&SourceFile]) -> Vec<std::io::Result<Vec<u8>>> {
    if files.len() < 2 {
        return files.iter().map(|f| std::fs::read(&f.abs)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<std::io::Result<Vec<u8>>>> = Vec::new();
    slots.resize_with(files.len(), || None);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..READERS.min(files.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        done.push((i, std::fs::read(&f.abs)));
                    }
                    done
                })
            })
            .collect();
        for w in workers {
            for (i, r) in w.join().expect("a reader thread panicked") {
                slots[i] = Some(r);
            }
        }
    });
    slots.into_iter().map(|r| r.expect("every file is read once")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_read_again_is_the_one_parsed_unless_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/briefs")).unwrap();
        let cfg = SiteConfig::default();
        for (name, text) in [
            ("lf.md", "---\ntitle: A\ndate: 2026-01-01\nregion: Gulf\n---\nBody *one*.\n\nTwo.\n"),
            (
                "crlf.md",
                "\u{feff}---\r\ntitle: B\r\ndate: 2026-01-01\r\nregion: Gulf\r\n---\r\nLine one.\r\nLine two.\r\n",
            ),
        ] {
            std::fs::write(root.join("content/briefs").join(name), text).unwrap();
            let file = SourceFile { source: format!("briefs/{name}"), abs: root.join("content/briefs").join(name) };
            let mut loaded = load_all([&file], root, &cfg, true);
            let (_, doc, diags) = loaded.remove(0);
            let doc = doc.unwrap_or_else(|| panic!("{name}: {diags:?}"));
            assert!(doc.body_left && doc.body.is_empty(), "{name}: a build lets the body go");
            let kept = load_all([&file], root, &cfg, false).remove(0).1.unwrap();
            assert!(!kept.body_left);
            assert_eq!(read_body(root, &doc).unwrap(), kept.body, "{name}");
            assert_eq!(crate::markdown::replay::digest(&kept.body), doc.body_digest, "{name}");
            std::fs::write(root.join("content/briefs").join(name), text.replace("Line", "line").replace("one", "One"))
                .unwrap();
            let err = read_body(root, &doc).unwrap_err();
            assert!(err.message.contains("changed while the site was being built"), "{name}: {err:?}");
        }
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".hidden.md", "a.md~", "#a.md#", ".a.md.swp", "a.md.swp", ".#a.md"] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "muscat-talks.md", "notes#1.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }
}
