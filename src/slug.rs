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
    if is_reserved(&out) {
        out.push_str("-1");
    }
    out
}

/// Names Windows reserves for devices: a folder called `con` cannot be created there, so a
/// site built on Linux and copied to a Windows host would lose the page.
pub fn is_reserved(segment: &str) -> bool {
    const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];
    let s = segment.to_ascii_lowercase();
    DEVICES.contains(&s.as_str())
        || ((s.starts_with("com") || s.starts_with("lpt"))
            && s.len() == 4
            && s.as_bytes()[3].is_ascii_digit()
            && s.as_bytes()[3] != b'0')
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
    fn reserved_device_names_get_a_suffix() {
        assert_eq!(slugify("CON"), "con-1");
        assert_eq!(slugify("Com1"), "com1-1");
        assert_eq!(slugify("Com0"), "com0");
        assert_eq!(slugify("Console"), "console");
    }

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
