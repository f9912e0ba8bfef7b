//! Static paths: the files in the site's `static/` folder that site.yaml names (the `style:`
//! block's logo and stylesheets), checked to be files the build publishes, and their URLs.

use std::path::Path;

use super::is_ignored_name;

/// A path written in site.yaml for a file in static/, checked and normalised (`./` and empty
/// segments dropped, `/` separators). Refused: URLs (a site loads nothing from elsewhere),
/// absolute paths and `..` (the file must be in static/, which is what the build copies),
/// backslashes, and hidden or editor-leftover names (the build skips those, so the page would
/// link a file that is never copied). With `root`, the file must exist. The error is a message
/// and a hint, which shows `example`.
pub(super) fn static_file(written: &str, root: Option<&Path>, example: &str) -> Result<String, (String, String)> {
    let relative = format!("name a file in static/, relative to it: {example}");
    let fail = |message: String, hint: &str| Err((message, hint.to_string()));
    let w = written.trim();
    if w.is_empty() {
        return fail("is empty".into(), &relative);
    }
    if w.contains("://") || w.starts_with("//") || w.starts_with("data:") {
        return fail(
            format!("\"{w}\" is a URL; the site loads nothing from elsewhere"),
            "save the file into static/ and name it relative to that folder",
        );
    }
    if w.starts_with('/') || w.starts_with('\\') || w.as_bytes().get(1) == Some(&b':') {
        let hint = match w.strip_prefix('/') {
            Some(inner) if !inner.starts_with('/') => format!("paths here are relative to static/: write `{inner}`"),
            _ => relative,
        };
        return fail(format!("\"{w}\" is an absolute path"), &hint);
    }
    if w.contains('\\') || w.chars().any(char::is_control) {
        return fail(format!("\"{w}\" has a backslash or a control character"), "separate folders with `/`");
    }
    let segments: Vec<&str> = w.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if segments.contains(&"..") {
        return fail(format!("\"{w}\" leads out of static/"), &relative);
    }
    if let Some(s) = segments.iter().find(|s| is_ignored_name(s)) {
        return fail(
            format!("\"{w}\" is never copied to the site: names like \"{s}\" (hidden or editor leftovers) are skipped"),
            "rename the file",
        );
    }
    let rel = segments.join("/");
    if let Some(root) = root {
        let file = root.join("static").join(&rel);
        if !file.is_file() {
            let hint = match rel.strip_prefix("static/") {
                Some(inner) if root.join("static").join(inner).is_file() => {
                    format!("paths here are relative to static/: write `{inner}`")
                }
                _ if file.is_dir() => format!("static/{rel} is a folder; name a file in it"),
                _ => format!("put the file at static/{rel}, or correct the path (it is relative to static/)"),
            };
            return Err((format!("names static/{rel}, which does not exist"), hint));
        }
    }
    Ok(rel)
}

/// The URL of `rel`, a file in static/, on a site served at `base_path`: each byte outside
/// URL-safe characters percent-encoded, so a file name with spaces or accents still links.
pub fn static_url(base_path: &str, rel: &str) -> String {
    let mut url = String::from(base_path);
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_urls_are_percent_encoded_under_the_base_path() {
        assert_eq!(static_url("/analysis/", "img/logo.svg"), "/analysis/img/logo.svg");
        assert_eq!(static_url("/", "img/our logo é.svg"), "/img/our%20logo%20%C3%A9.svg");
    }
}
