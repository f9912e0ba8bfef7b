//! Turning names into URL-safe slugs: transliterated to ASCII, lower-case, words joined by `-`.

/// Slugify `name`: `Côte d'Ivoire` → `cote-d-ivoire`, `United States` → `united-states`.
/// Returns an empty string when nothing usable is left (only symbols); callers decide the fallback.
pub fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(name, "-");
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    // Keep slugs usable as one path segment on every file system.
    if out.len() > 100 {
        out.truncate(100);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// A slug that is never empty: names with nothing transliterable get a stable hash-based slug.
pub fn slugify_or_hash(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { format!("t-{:08x}", crate::hashing::bytes(name.as_bytes()) as u32) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_names() {
        assert_eq!(slugify("United States"), "united-states");
        assert_eq!(slugify("Côte d'Ivoire"), "cote-d-ivoire");
        assert_eq!(slugify("  U.S.  "), "u-s");
        assert_eq!(slugify("Ballistic missiles!"), "ballistic-missiles");
        assert_eq!(slugify("Türkiye"), "turkiye");
        assert_eq!(slugify("Москва"), "moskva");
    }

    #[test]
    fn nothing_usable_falls_back_to_a_stable_hash() {
        assert_eq!(slugify("!!!"), "");
        let a = slugify_or_hash("!!!");
        assert!(a.starts_with("t-"));
        assert_eq!(a, slugify_or_hash("!!!"));
        assert_ne!(a, slugify_or_hash("???"));
    }

    #[test]
    fn path_separators_never_survive() {
        for s in ["../etc/passwd", "a\\b", "a/b", "con\0x"] {
            let slug = slugify(s);
            assert!(
                !slug.contains('/') && !slug.contains('\\') && !slug.contains('.') && !slug.contains('\0'),
                "{slug}"
            );
        }
    }
}
