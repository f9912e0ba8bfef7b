//! Resolving links between documents: `@/briefs/x.md` (from `content/`) and relative `x.md`
//! links become the target's URL; a link to a missing document is reported.

use std::collections::HashMap;

use crate::diagnostics::did_you_mean;
use crate::markdown::LinkTarget;

/// What a content path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Built: its URL relative to the site root.
    Url(String),
    /// Exists but is a draft left out of this build.
    Draft,
}

/// Every document's content path → its URL, for link resolution.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    entries: HashMap<String, Entry, crate::hashing::FastBuild>,
    base_path: String,
}

impl LinkMap {
    /// An empty map; links will be prefixed with `base_path` (`/` or `/analysis/`).
    pub fn new(base_path: &str) -> Self {
        LinkMap { entries: HashMap::default(), base_path: base_path.to_string() }
    }

    /// Make room for `n` more documents at once rather than by growing step by step.
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
    }

    /// Record a document.
    pub fn insert(&mut self, source: &str, entry: Entry) {
        self.entries.insert(source.to_string(), entry);
    }

    /// True when `source` is known.
    pub fn contains(&self, source: &str) -> bool {
        self.entries.contains_key(source)
    }

    /// The content path `dest` points at, if it is a link to a document at all.
    pub fn target_of(&self, from: &str, dest: &str) -> Option<String> {
        match classify(from, dest) {
            Classified::Document { target: Some(t), .. } => Some(t),
            _ => None,
        }
    }

    /// Resolve `dest` as written in the document at `from` (a content path).
    pub fn resolve(&self, from: &str, dest: &str) -> LinkTarget {
        let (target, fragment) = match classify(from, dest) {
            Classified::Other => return LinkTarget::Keep,
            Classified::Document { target, fragment } => (target, fragment),
        };
        let Some(target) = target else {
            return LinkTarget::Broken(format!("`{dest}` points outside content/"));
        };
        match self.entries.get(&target) {
            Some(Entry::Url(url)) => LinkTarget::Rewrite(format!("{}{url}{fragment}", self.base_path)),
            Some(Entry::Draft) => LinkTarget::Broken(format!(
                "`{dest}` links to content/{target}, which is a draft and not part of this build (build with --drafts, or remove the link)"
            )),
            None => {
                let near = did_you_mean(&target, self.entries.keys().map(String::as_str));
                let hint = near.map(|n| format!("; did you mean `@/{n}`?")).unwrap_or_default();
                LinkTarget::Broken(format!("`{dest}` links to content/{target}, which does not exist{hint}"))
            }
        }
    }
}

enum Classified<'a> {
    /// Not a link to a document.
    Other,
    /// A document link; `target` is `None` when it climbs out of `content/`.
    Document { target: Option<String>, fragment: &'a str },
}

fn classify<'a>(from: &str, dest: &'a str) -> Classified<'a> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || dest.contains("://") || has_scheme(dest) {
        return Classified::Other;
    }
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let target = if let Some(rest) = path.strip_prefix("@/") {
        normalise("", rest)
    } else if path.ends_with(".md") && !path.starts_with('/') {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        normalise(dir, path)
    } else {
        return Classified::Other;
    };
    Classified::Document { target, fragment }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => dest[..i].chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.') && i > 0,
        None => false,
    }
}

/// Join `rel` onto `dir` and fold `.` and `..`; `None` when it climbs out of the root.
fn normalise(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let decoded = parts.join("/");
    Some(decoded.replace("%20", " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> LinkMap {
        let mut m = LinkMap::new("/analysis/");
        m.insert("briefs/muscat-talks.md", Entry::Url("briefs/muscat-talks/".into()));
        m.insert("briefs/sahel/niger.md", Entry::Url("briefs/sahel/niger/".into()));
        m.insert("briefs/hormuz.md", Entry::Draft);
        m
    }

    #[test]
    fn at_links_and_relative_links_resolve() {
        let m = map();
        assert_eq!(
            m.resolve("about.md", "@/briefs/muscat-talks.md#next-steps"),
            LinkTarget::Rewrite("/analysis/briefs/muscat-talks/#next-steps".into())
        );
        assert_eq!(
            m.resolve("briefs/sahel/mali.md", "niger.md"),
            LinkTarget::Rewrite("/analysis/briefs/sahel/niger/".into())
        );
        assert_eq!(
            m.resolve("briefs/sahel/mali.md", "../muscat-talks.md"),
            LinkTarget::Rewrite("/analysis/briefs/muscat-talks/".into())
        );
    }

    #[test]
    fn external_and_anchor_links_are_kept() {
        let m = map();
        for d in ["https://example.org/x.md", "#top", "mailto:a@b.c", "/static/file.pdf", "image.png"] {
            assert_eq!(m.resolve("a.md", d), LinkTarget::Keep, "{d}");
        }
    }

    #[test]
    fn missing_draft_and_escaping_links_are_broken() {
        let m = map();
        let LinkTarget::Broken(msg) = m.resolve("a.md", "@/briefs/muscat-talk.md") else { panic!() };
        assert!(msg.contains("does not exist") && msg.contains("did you mean `@/briefs/muscat-talks.md`"), "{msg}");
        let LinkTarget::Broken(msg) = m.resolve("a.md", "@/briefs/hormuz.md") else { panic!() };
        assert!(msg.contains("draft"));
        let LinkTarget::Broken(msg) = m.resolve("a.md", "../../etc.md") else { panic!() };
        assert!(msg.contains("outside"));
    }
}
