//! Build problems with a place: `Diagnostic` (path, line, column, message, hint) and the
//! rustc-style printer that shows the offending source line with a caret under the column.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings are reported and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build (exit code 1).
    Error,
    /// Reported; the build still succeeds.
    Warning,
}

/// One problem found in the user's site, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file at fault, relative to the site root when possible.
    pub path: Option<PathBuf>,
    /// 1-based line in `path`.
    pub line: Option<usize>,
    /// 1-based column in `path`.
    pub column: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A new error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A new warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Attach the file at fault.
    pub fn at(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Attach a 1-based line and column.
    pub fn line_col(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self
    }

    /// Attach a line and column and copy the source line out of `text` (the whole file).
    pub fn span_in(self, text: &str, line: usize, column: usize) -> Self {
        let source = text.lines().nth(line.saturating_sub(1)).map(|l| l.trim_end_matches('\r').to_string());
        let mut d = self.line_col(line, column);
        d.source_line = source;
        d
    }

    /// Attach advice on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Render rustc-style; `color` adds ANSI styling.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!("{}{} {}\n", paint(code, label), paint("1", ":"), paint("1", &visible(&self.message)));
        if let Some(path) = &self.path {
            let mut place = visible(&display_path(path)).into_owned();
            if let Some(line) = self.line {
                let _ = write!(place, ":{line}");
                if let Some(col) = self.column {
                    let _ = write!(place, ":{col}");
                }
            }
            let _ = writeln!(out, "  {} {place}", paint("1;34", "-->"));
        }
        if let (Some(line), Some(src)) = (self.line, &self.source_line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let bar = paint("1;34", "|");
            let _ = writeln!(out, " {pad} {bar}");
            let _ = writeln!(out, " {} {bar} {}", paint("1;34", &num), visible(src));
            if let Some(col) = self.column {
                // Measured on the line as printed, where an escaped character takes several.
                let before: String = src.chars().take(col.saturating_sub(1)).collect();
                let lead: String = visible(&before).chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                let rest: String = src.chars().skip(col.saturating_sub(1)).collect();
                let width = caret_width(&visible(&rest), 1);
                let _ = writeln!(out, " {pad} {bar} {lead}{}", paint(code, &"^".repeat(width)));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {} {}", paint("1;36", "= hint:"), visible(hint));
        }
        out
    }
}

/// Text from the user's files as it is safe to print on a terminal: control characters (an
/// escape sequence in a title or file name could rewrite the screen) and the characters that
/// reorder text on display (bidirectional overrides and isolates) are shown as `\u{…}`
/// escapes; everything else, tabs included, is printed as written.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Underline the token that starts at `col`: up to the next whitespace, at least one caret.
fn caret_width(src: &str, col: usize) -> usize {
    src.chars().skip(col.saturating_sub(1)).take_while(|c| !c.is_whitespace()).count().max(1)
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every problem found in one build, in a stable order for printing.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Add many problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Add the problems not already here: the languages of a site read the same files, and a
    /// problem of one file is said once however many of them report it.
    pub fn extend_new<'a>(&mut self, ds: impl IntoIterator<Item = &'a Diagnostic>) {
        for d in ds {
            if !self.items.contains(d) {
                self.items.push(d.clone());
            }
        }
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Numbers of errors and of warnings, counted as printed: a problem reported twice (a
    /// partial included by many pages fails the same way in each) counts once.
    pub fn counts(&self) -> (usize, usize) {
        let sorted = self.sorted();
        let errors = sorted.iter().filter(|d| d.is_error()).count();
        (errors, sorted.len() - errors)
    }

    /// Number of errors, counted as printed (see `counts`).
    pub fn error_count(&self) -> usize {
        self.counts().0
    }

    /// Number of warnings, counted as printed (see `counts`).
    pub fn warning_count(&self) -> usize {
        self.counts().1
    }

    /// All problems, sorted by file, line, then severity, without duplicates.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        v.dedup();
        v
    }

    /// All problems in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The closest candidate to `word` when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions, which are the
/// most common typo (`regoin`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {

    #[test]
    fn terminal_escapes_and_reordering_marks_are_printed_escaped() {
        let d = Diagnostic::error("bad title \u{1b}[2J\u{202e}cba")
            .at("content/\u{1b}]0;x\u{7}.md")
            .span_in("title: \u{1b}[31mred\n", 1, 8)
            .hint("see \u{9b}1m");
        let text = d.render(false);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'), "{text:?}");
        assert!(text.contains("bad title \\u{1b}[2J\\u{202e}cba"), "{text}");
        assert!(text.contains("content/\\u{1b}]0;x\\u{7}.md:1:8"), "{text}");
        // The caret sits under the escaped character, which now takes six columns.
        assert!(text.contains(" 1 | title: \\u{1b}[31mred\n   |        ^^^^^^^^^^^^^\n"), "{text}");
        assert_eq!(visible("plain\ttext"), "plain\ttext");
    }

    use super::*;

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(edit_distance("regoin", "region"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_only_close_words() {
        let keys = ["title", "date", "region", "actors", "tags"];
        assert_eq!(did_you_mean("regoin", keys), Some("region"));
        assert_eq!(did_you_mean("actor", keys), Some("actors"));
        assert_eq!(did_you_mean("banana", keys), None);
    }

    #[test]
    fn counts_match_what_is_printed() {
        let mut ds = Diagnostics::new();
        let broken = || Diagnostic::error("unknown filter").at("templates/partials/card.html").line_col(2, 5);
        for _ in 0..57 {
            ds.push(broken());
        }
        ds.push(Diagnostic::error("unknown filter").at("templates/partials/card.html").line_col(3, 5));
        ds.push(Diagnostic::warning("unknown key").at("content/a.md"));
        ds.push(Diagnostic::warning("unknown key").at("content/a.md"));
        assert_eq!(ds.sorted().len(), 3);
        assert_eq!(ds.counts(), (2, 1));
        assert_eq!((ds.error_count(), ds.warning_count()), (2, 1));
    }

    #[test]
    fn render_points_at_the_column() {
        let text = "---\ntitle: x\ndate: 2026-02-30\n---\n";
        let d = Diagnostic::error("invalid date").at("content/a.md").span_in(text, 3, 7).hint("use a real date");
        let out = d.render(false);
        assert!(out.contains("--> content/a.md:3:7"), "{out}");
        assert!(out.contains(" 3 | date: 2026-02-30"), "{out}");
        assert!(out.contains("   |       ^^^^^^^^^^"), "{out}");
        assert!(out.contains("= hint: use a real date"), "{out}");
    }
}
