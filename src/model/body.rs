//! Rendering one document's Markdown against the site: its links and images resolved through
//! the `LinkMap`, each problem the renderer found turned into a diagnostic with file, line,
//! column and a hint, and the references that can only be checked once the whole site is
//! rendered handed back, with their place, for `references::check`. The front matter's social
//! image is resolved here too, by the same rules as an image in the body.

use crate::content::Document;
use crate::content::image::ImageUrl;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Highlighter, IssueKind, LinkTarget, RefKind};
use crate::model::links::{Later, LinkMap};

/// A reference whose check waits for the whole site, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The line as written, for the diagnostic.
    pub source_line: String,
    /// The destination as written.
    pub dest: String,
    /// A link's or an image's.
    pub kind: RefKind,
    /// What to check.
    pub check: Later,
}

/// Line starts of a text, to turn byte offsets into lines and columns.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    /// 0-based line, 1-based column in characters, and the line's text.
    fn at(&self, offset: usize) -> (usize, usize, &'a str) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.text.len(), |&e| e - 1);
        let column = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column, self.text[start..end].trim_end_matches('\r'))
    }
}

/// Where renderings are remembered between builds (`markdown::replay`).
#[derive(Clone, Copy)]
pub struct Remembered<'a> {
    /// The store.
    pub memo: &'a dyn markdown::replay::Memo,
    /// The program's identity renderings are kept under.
    pub salt: &'a str,
    /// Leave a reused rendering's HTML in the store until a page needs it
    /// (`Rendered::html_at`): for a build that renders each page once and may keep most.
    pub leave_html: bool,
}

/// Render one document's Markdown (reusing `memo`'s rendering when it still holds), keeping in `link_targets` what it depends on: the content
/// paths of the documents and assets it refers to (present or not), and the site paths, with
/// their leading `/`, it names from the root. Returns its diagnostics and the references left
/// to check. A body the build let go (`Document::body_left`) is read again through `read` only
/// when it must be rendered or a problem in it located; a reading that fails is the document's
/// one diagnostic.
pub fn render_markdown(
    b: &mut Document,
    links: &LinkMap,
    hl: &Highlighter,
    opts: markdown::Options,
    memo: Option<Remembered>,
    read: &dyn Fn(&Document) -> Result<String, Diagnostic>,
) -> (Vec<Diagnostic>, Vec<Pending>) {
    // The body read again, when it was let go and is needed.
    let mut text: Option<String> = None;
    let need_text = |b: &Document, text: &mut Option<String>| -> Result<(), Diagnostic> {
        if b.body_left && text.is_none() {
            *text = Some(read(b)?);
        }
        Ok(())
    };
    let source = b.source.clone();
    let targets = std::cell::RefCell::new(Vec::new());
    let later = std::cell::RefCell::new(Vec::new());
    // What the links were answered, in order: with the text, what the rendering is made of.
    let answers = std::cell::RefCell::new(markdown::replay::AnswerHash::default());
    let resolve = |r: &markdown::Ref| {
        let res = links.resolve(&source, r);
        answers.borrow_mut().add(&res.target);
        if let Some(t) = res.depends_on {
            targets.borrow_mut().push(t);
        }
        if let Some(check) = res.later {
            later.borrow_mut().push((r.offset, r.dest.to_string(), r.kind, check));
        }
        res.target
    };
    // The key is made from the digest taken when the body was read: the two must never drift
    // apart, or one body's rendering would be found under another's key.
    debug_assert!(
        b.body_left || markdown::replay::digest(&b.body) == b.body_digest,
        "{}: the body's digest is not the body's",
        b.source
    );
    // Reused (`Ok`), or to be rendered and kept under its key (`Err`); `None` without a cache.
    let reused = memo.map(|Remembered { memo, salt, leave_html }| {
        let key = markdown::replay::Key::of_digest(b.body_digest, opts, hl, salt);
        let reset = || {
            targets.borrow_mut().clear();
            later.borrow_mut().clear();
            *answers.borrow_mut() = markdown::replay::AnswerHash::default();
        };
        markdown::replay::reuse(&key, memo, &resolve, &reset, leave_html).ok_or((memo, key))
    });
    let (rendered, issues) = match reused {
        Some(Ok(found)) => found,
        fresh => {
            if let Err(d) = need_text(b, &mut text) {
                return (vec![d], Vec::new());
            }
            let body = text.as_deref().unwrap_or(&b.body);
            match fresh {
                Some(Err((memo, key))) => markdown::replay::render_and_keep(&key, body, opts, hl, memo, &resolve),
                _ => markdown::render(body, opts, hl, &resolve),
            }
        }
    };
    b.rendered = rendered;
    // The first paragraph only stands in for a missing summary; with one in the front matter
    // it is never read, so it is not kept for the rest of the build.
    if b.summary.is_some() {
        b.rendered.first_paragraph = String::new();
    }
    let mut targets = targets.into_inner();
    let (image_diag, image_pending) = social_image(b, links, &mut targets);
    let image = b.image_url.as_ref().map_or(0, |i| {
        let (w, h) = i.size.unwrap_or((0, 0));
        crate::hashing::combine([crate::hashing::bytes(i.url.as_bytes()), u64::from(w), u64::from(h), 1])
    });
    b.rendition = crate::hashing::combine([answers.borrow().finish(), image]);
    targets.sort_unstable();
    targets.dedup();
    b.link_targets = targets;
    let later = later.into_inner();
    if issues.is_empty() && later.is_empty() && image_diag.is_none() && image_pending.is_none() {
        return (Vec::new(), Vec::new());
    }
    if let Err(d) = need_text(b, &mut text) {
        return (vec![d], Vec::new());
    }
    let lines = Lines::new(text.as_deref().unwrap_or(&b.body));
    let diags: Vec<Diagnostic> = issues
        .into_iter()
        .map(|i| {
            let (line, col, text) = lines.at(i.offset);
            let mut d = diagnostic(&i).at(&b.file).line_col(b.body_line + line, col);
            d.source_line = Some(text.to_string());
            d
        })
        .collect();
    let pending: Vec<Pending> = later
        .into_iter()
        .map(|(offset, dest, kind, check)| {
            let (line, column, text) = lines.at(offset);
            Pending { line: b.body_line + line, column, source_line: text.to_string(), dest, kind, check }
        })
        .chain(image_pending)
        .collect();
    let diags = image_diag.into_iter().chain(diags).collect();
    (diags, pending)
}

/// Resolve the document's social image (`image:`) as an image in its body is resolved, into
/// `b.image_url`, adding what it depends on to `targets`: a file that is missing, or that a
/// held-back brief owns, is the error the body would get, at the front matter's line; a path
/// from the root is checked with the body's once the site is rendered.
fn social_image(b: &mut Document, links: &LinkMap, targets: &mut Vec<String>) -> (Option<Diagnostic>, Option<Pending>) {
    b.image_url = None;
    let Some(img) = b.image.clone() else { return (None, None) };
    if crate::urls::is_external(&img.src) {
        b.image_url = Some(ImageUrl { url: img.src, size: None });
        return (None, None);
    }
    let res = links.resolve(&b.source, &markdown::Ref { dest: &img.src, kind: RefKind::Image, offset: 0 });
    targets.extend(res.depends_on);
    let source_line = format!("image: {}", img.src);
    let at = |d: Diagnostic| {
        let mut d = d.at(&b.file).line_col(img.line, 1);
        d.source_line = Some(source_line.clone());
        d
    };
    match res.target {
        LinkTarget::File { url, size } => b.image_url = Some(ImageUrl { url, size }),
        LinkTarget::Rewrite(_) => {
            let d = Diagnostic::error(format!("`image: {}` names a page, not a picture", img.src))
                .hint("name an image file: `image: map.png` beside the brief, or `/img/map.png` from static/");
            return (Some(at(d)), None);
        }
        LinkTarget::Broken(why) => {
            let d = Diagnostic::error(format!("missing image: {why}"))
                .hint("keep the picture beside the brief and name it by its path from it (`image: map.png`), or from static/ with a leading `/`");
            return (Some(at(d)), None);
        }
        LinkTarget::Keep => return (None, None),
    }
    let pending = res.later.map(|check| Pending {
        line: img.line,
        column: 1,
        source_line,
        dest: img.src.clone(),
        kind: RefKind::Image,
        check,
    });
    (None, pending)
}

/// What the reader of a diagnostic needs to hear about one problem.
fn diagnostic(i: &markdown::Issue) -> Diagnostic {
    let file_hint = "keep files in content/ beside the brief and refer to them by their path from it, such as `![Map](map.png)`; a path starting with `/` names a file of the site (from static/, or a page)";
    match i.kind {
        IssueKind::BrokenLink if i.target.contains(".md") => Diagnostic::error(format!("broken link: {}", i.message))
            .hint("link to another brief by its path in content/, such as `[talks](@/briefs/muscat-talks.md)`"),
        IssueKind::BrokenLink => Diagnostic::error(format!("broken link: {}", i.message)).hint(file_hint),
        IssueKind::BrokenImage => Diagnostic::error(format!("missing image: {}", i.message)).hint(file_hint),
        IssueKind::MissingAlt => Diagnostic::warning(format!("`{}`: {}", i.target, i.message))
            .hint("say what the image shows between the brackets: `![Shipping lanes through the strait](map.png)`"),
        IssueKind::UndefinedFootnote => Diagnostic::warning(i.message.clone()).hint(format!(
            "add the note on a line of its own, `[^{}]: The source.`, or write `\\[^{}]` to show the brackets",
            i.target, i.target
        )),
        IssueKind::UnusedFootnote => Diagnostic::warning(i.message.clone())
            .hint(format!("refer to it with `[^{}]` where it applies, or delete it", i.target)),
        IssueKind::DuplicateFootnote => {
            Diagnostic::warning(i.message.clone()).hint("give each note its own label, or merge the two")
        }
        IssueKind::DroppedAttribute => Diagnostic::warning(i.message.clone()).hint(
            "write a heading's id and classes as `{#an-id .a-class}`, in letters, digits, `-`, `_`, `.` and `:`; other attributes are kept only with `markdown.unsafe_html: true` in site.yaml (trusted authors), and event handlers and script URLs never (see SECURITY.md)",
        ),
        IssueKind::ForeignTemplate => Diagnostic::warning(i.message.clone()).hint(
            "write it in Markdown (an image, a link, a note as a callout `> [!NOTE]`), or convert the archive with `dossier import`",
        ),
        IssueKind::DisabledUrl => Diagnostic::warning(i.message.clone()).hint(
            "use an http(s) address or a path on the site; other schemes are kept only with `markdown.unsafe_html: true` in site.yaml, for trusted authors (see SECURITY.md)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns_in_characters() {
        let l = Lines::new("first\r\nsé[x](y)\nlast");
        assert_eq!(l.at(0), (0, 1, "first"));
        assert_eq!(l.at(10), (1, 3, "sé[x](y)"));
        assert_eq!(l.at(17), (2, 1, "last"));
    }
}
