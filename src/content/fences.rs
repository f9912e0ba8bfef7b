//! Splitting a document at its front matter fences: the YAML between the `---` lines, the body
//! after them, and where each starts, counted from the top of the file. Blank lines before the
//! opening fence are tolerated; a byte-order mark and Windows line endings are normalised first.

use std::borrow::Cow;

use crate::diagnostics::Diagnostic;

/// `raw` without its byte-order mark and with `\n` line endings: still `raw`'s own text unless
/// it held a `\r`.
pub fn normalise(raw: &str) -> Cow<'_, str> {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n")) } else { Cow::Borrowed(text) }
}

/// A document split at its front matter fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// Lines before the YAML: the opening fence and any blank lines before it.
    pub yaml_after: usize,
}

/// Split `text` (BOM already removed, `\n` line endings) at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    // Blank lines before the opening fence are tolerated: archives from other generators have
    // them, and they cannot be mistaken for anything else.
    let mut fence = 0;
    let mut blank_lines = 0;
    while let Some(end) = text[fence..].find('\n')
        && text[fence..fence + end].trim().is_empty()
        && fence + end + 1 < text.len()
    {
        fence += end + 1;
        blank_lines += 1;
    }
    let first_end = text[fence..].find('\n').map_or(text.len(), |e| fence + e);
    if text[fence..first_end].trim_end() != "---" {
        let found =
            if text.trim().is_empty() { "the file is empty".to_string() } else { "it starts with text".to_string() };
        return Err(Diagnostic::error(format!("no front matter: a brief must start with a `---` line, but {found}"))
            .hint("start the file with\n---\ntitle: \"…\"\ndate: 2026-02-07\nregion: Gulf\n---"));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line_no, line) in (2 + blank_lines..).zip(text[yaml_start..].split_inclusive('\n')) {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body_start = offset + line.len();
            let (yaml, body) = (&text[yaml_start..offset], &text[body_start..]);
            return Ok(Split { yaml, body, body_line: line_no + 1, yaml_after: blank_lines + 1 });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(format!("the front matter starts on line {} but is never closed", blank_lines + 1))
        .line_col(blank_lines + 1, 1)
        .hint("end the front matter with a line holding only `---`"))
}
