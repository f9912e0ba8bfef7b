//! dossier's own references inside raw HTML: `<a href="@/briefs/x.md">` and
//! `<img src="@/briefs/x/map.png">`. A browser cannot follow `@/`, so an author (or `dossier
//! import`, converting Hugo's `ref` inside an HTML attribute) who writes one means the
//! document or file it names, resolved as a Markdown link is. Only `@/` values of `href` and
//! `src` are touched: any other raw HTML is the author's and is kept as written.

use crate::markdown::RefKind;

/// Each `@/` value of an `href` or `src` attribute in `html`: the byte range of the value
/// (between its quotes) and whether it is a link's or an image's.
pub fn find(html: &str) -> Vec<(std::ops::Range<usize>, RefKind)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("@/") {
        let at = from + i;
        from = at + 2;
        let before = html[..at].trim_end_matches(['"', '\'']);
        let quote = html[before.len()..at].chars().next();
        let Some(quote) = quote.filter(|_| at - before.len() == 1) else { continue };
        let name = before.trim_end().strip_suffix('=').map(str::trim_end);
        let kind = match name {
            Some(n) if ends_with_name(n, "href") => RefKind::Link,
            Some(n) if ends_with_name(n, "src") => RefKind::Image,
            _ => continue,
        };
        let Some(len) = html[at..].find(quote) else { continue };
        out.push((at..at + len, kind));
        from = at + len;
    }
    out
}

/// `html` with each `@/` reference replaced by what `resolve` (given the reference, its kind
/// and its byte offset in `html`) makes of it, escaped for the attribute; `None` when it has
/// none.
pub fn rewrite(html: &str, mut resolve: impl FnMut(&str, RefKind, usize) -> String) -> Option<String> {
    let found = find(html);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (r, kind) in found {
        out.push_str(&html[at..r.start]);
        out.push_str(&crate::escape::html(&resolve(&html[r.clone()], kind, r.start)));
        at = r.end;
    }
    out.push_str(&html[at..]);
    Some(out)
}

/// True when `s` ends with the attribute name `name` (in any case), standing alone.
fn ends_with_name(s: &str, name: &str) -> bool {
    s.len() >= name.len()
        && s[s.len() - name.len()..].eq_ignore_ascii_case(name)
        && s[..s.len() - name.len()].ends_with(|c: char| c.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_href_and_src_values_starting_with_at_slash_are_found() {
        let html =
            r#"<a class="x" href="@/briefs/a.md#s">A</a> <img SRC='@/b/map.png' alt="@/not"> <a data-href="@/no">"#;
        let found: Vec<(&str, RefKind)> = find(html).into_iter().map(|(r, k)| (&html[r], k)).collect();
        assert_eq!(found, [("@/briefs/a.md#s", RefKind::Link), ("@/b/map.png", RefKind::Image)]);
        assert!(find("<p>write @/briefs/x.md in a link</p>").is_empty());
        assert!(find("<a href=\"@/unclosed").is_empty());
    }
}
