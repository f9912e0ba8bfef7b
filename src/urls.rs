//! URL paths as Markdown writes them and as the site publishes them: splitting a destination
//! into path, query and fragment, percent-decoding what an author wrote (`caf%C3%A9.md`),
//! percent-encoding what the site links to (`Shipping%20lanes.png`), and folding `.` and `..`.
//! Pure string functions, shared by link resolution, the Markdown renderer and the templates.

/// A link destination taken apart: `path?query#fragment`. `query` keeps its `?` and
/// `fragment` its `#`, so putting them back after a rewritten path is a concatenation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dest<'a> {
    /// Everything before the first `?` or `#`.
    pub path: &'a str,
    /// `?…` up to the fragment, or empty.
    pub query: &'a str,
    /// `#…`, or empty.
    pub fragment: &'a str,
}

impl<'a> Dest<'a> {
    /// Split `dest` at its first `#`, then the part before at its first `?`.
    pub fn split(dest: &'a str) -> Dest<'a> {
        let (before, fragment) = match dest.find('#') {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let (path, query) = match before.find('?') {
            Some(i) => (&before[..i], &before[i..]),
            None => (before, ""),
        };
        Dest { path, query, fragment }
    }

    /// The fragment without its `#`, percent-decoded (ids are matched as text).
    pub fn fragment_id(&self) -> String {
        decode(self.fragment.strip_prefix('#').unwrap_or(""))
    }
}

/// True when `dest` names its own scheme (`https:`, `mailto:`, `data:`) or a host (`//x`):
/// not a path of this site.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        // A colon after a `/`, `?` or `#` is part of the path, not a scheme.
        Some(i) => {
            i > 0
                && dest[..i].chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && dest.as_bytes()[0].is_ascii_alphabetic()
        }
        None => false,
    }
}

/// Percent-decode `s` as UTF-8 (`caf%C3%A9` → `café`, `a%20b` → `a b`). An escape that is not
/// two hex digits, or bytes that are not UTF-8 once decoded, leave `s` as written: a link is
/// then looked up by the text the author typed, and reported with it if that does not exist.
pub fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |x: u8| (x as char).to_digit(16);
            match (b.get(i + 1).and_then(|&x| hex(x)), b.get(i + 2).and_then(|&x| hex(x))) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => return s.to_string(),
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Percent-encode a `/`-separated path for an `href` or `src`: every byte outside the
/// unreserved set and the few separators a path keeps (`/`, `-`, `.`, `_`, `~`, `!`, `$`, `&`,
/// `'`, `(`, `)`, `*`, `+`, `,`, `;`, `=`, `:`, `@`). Spaces become `%20`, `é` becomes
/// `%C3%A9`, and `%`, `?` and `#` in a file name stay part of it.
pub fn encode_path(path: &str) -> String {
    const KEEP: &[u8] = b"/-._~!$&'()*+,;=:@";
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || KEEP.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Join the relative path `rel` onto the folder `dir` (both `/`-separated, no leading `/`)
/// and fold `.` and `..`; `None` when `..` climbs above the root.
pub fn join(dir: &str, rel: &str) -> Option<String> {
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
    Some(parts.join("/"))
}

/// The folder of a `/`-separated path (`briefs/x.md` → `briefs`; `x.md` → ``).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// How to write `target` relative to the folder `dir`, both paths from the same root:
/// `relative("briefs/sahel", "briefs/maps/a.png")` is `../maps/a.png`. For hints.
pub fn relative(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_split_into_path_query_and_fragment() {
        let d = Dest::split("a/b.md?x=1#top");
        assert_eq!((d.path, d.query, d.fragment), ("a/b.md", "?x=1", "#top"));
        let d = Dest::split("b.md#q?not-a-query");
        assert_eq!((d.path, d.query, d.fragment), ("b.md", "", "#q?not-a-query"));
        assert_eq!(Dest::split("#caf%C3%A9").fragment_id(), "café");
        assert_eq!(Dest::split("x.png").fragment, "");
    }

    #[test]
    fn schemes_and_hosts_are_external_paths_are_not() {
        for d in ["https://x.org", "mailto:a@b.c", "data:image/png;base64,x", "//cdn.org/x.js", "tel:+123"] {
            assert!(is_external(d), "{d}");
        }
        for d in ["map.png", "/img/x.png", "a/b:c.png", "../x.md#a:b", "@/briefs/x.md", "2026:notes.md"] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn percent_decoding_and_encoding_round_trip() {
        assert_eq!(decode("caf%C3%A9.md"), "café.md");
        assert_eq!(decode("a%20b%2Fc"), "a b/c");
        assert_eq!(decode("100%"), "100%", "a stray % is kept as written");
        assert_eq!(decode("%FF"), "%FF", "bytes that are not UTF-8 are kept as written");
        assert_eq!(encode_path("briefs/Shipping lanes é.png"), "briefs/Shipping%20lanes%20%C3%A9.png");
        assert_eq!(encode_path("a/50%#1?.pdf"), "a/50%25%231%3F.pdf");
        for s in ["a b/c é.png", "x%y.md", "plain/path-1_2.svg"] {
            assert_eq!(decode(&encode_path(s)), s);
        }
    }

    #[test]
    fn paths_join_fold_and_relate() {
        assert_eq!(join("briefs/sahel", "../map.png").as_deref(), Some("briefs/map.png"));
        assert_eq!(join("briefs", "./a/./b.pdf").as_deref(), Some("briefs/a/b.pdf"));
        assert_eq!(join("", "../x.png"), None);
        assert_eq!(parent("briefs/x.md"), "briefs");
        assert_eq!(parent("x.md"), "");
        assert_eq!(relative("briefs/sahel", "briefs/maps/a.png"), "../maps/a.png");
        assert_eq!(relative("briefs", "briefs/a.png"), "a.png");
        assert_eq!(relative("", "data/x.csv"), "data/x.csv");
    }
}
