//! Turning names into URL-safe slugs: transliterated to ASCII, lower-case, words joined by `-`.
//!
//! One function makes every slug — file names written by `dossier new`, brief and folder URLs,
//! term URLs and heading anchors — so a name is spelt the same way wherever it becomes a path.

/// Slugify `name`: `Côte d'Ivoire` → `cote-d-ivoire`, `United States` → `united-states`,
/// `Iran's` → `irans`.
/// Returns an empty string when nothing usable is left (only symbols); callers decide the fallback.
///
/// An apostrophe inside a word is dropped rather than turned into `-`: it joins a word to its
/// ending (`Iran's`, `don't`) or marks a sound in a transliterated name (`Sana'a`, `Qur'an`, the
/// Russian soft sign in `Ol'ga`), so `iran-s` would split one word in two. The exception is
/// elision, a one-letter word elided before a vowel or `h` (`d'Ivoire`, `l'Aquila`): there the
/// apostrophe stands between two words and keeps separating them. Straight `'`, typographic
/// `’` and `‘`, the modifier letters `ʼ`, `ʻ`, `ʿ` and `ʾ`, and a backtick all count: every one
/// of them transliterates to `'` or `` ` ``.
pub fn slugify(name: &str) -> String {
    let whole = slugify_whole(name);
    if whole.len() <= MAX_LEN {
        return whole;
    }
    let cut = cut_at_word(&whole);
    if is_reserved(&cut) { format!("{cut}-1") } else { cut }
}

/// The longest slug, in bytes: one path segment stays well under the 255 bytes every file
/// system allows, with room for what a host adds (`.html`, a temporary suffix), and long
/// headlines used as file names still fit whole.
pub const MAX_LEN: usize = 150;

/// `slug` cut to `MAX_LEN` at the end of a word (a `-`), never inside one unless the first word
/// alone is too long.
pub fn cut_at_word(slug: &str) -> String {
    if slug.len() <= MAX_LEN {
        return slug.to_string();
    }
    let head = &slug[..MAX_LEN];
    // The slug is ASCII: any byte index is a character boundary.
    let cut = match slug.as_bytes()[MAX_LEN] {
        b'-' => head,
        _ => head.rfind('-').map_or(head, |i| &head[..i]),
    };
    cut.trim_end_matches('-').to_string()
}

/// `slugify` without the length limit: what the name spells in full.
pub fn slugify_whole(name: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(name, "-");
    let bytes = ascii.as_bytes();
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for (i, &c) in bytes.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase() as char);
        } else if is_apostrophe(c) && joins_one_word(bytes, i) {
            // Dropped: the letters either side are one word.
        } else {
            pending_dash = true;
        }
    }
    if is_reserved(&out) {
        out.push_str("-1");
    }
    out
}

fn is_apostrophe(c: u8) -> bool {
    c == b'\'' || c == b'`'
}

/// Whether the apostrophe at `bytes[i]` sits inside one word (see `slugify`): alphanumerics on
/// both sides, and not the elision of a one-letter word before a vowel or `h`.
fn joins_one_word(bytes: &[u8], i: usize) -> bool {
    // Outside the text counts as a space.
    let at = |j: Option<usize>| j.and_then(|j| bytes.get(j)).copied().unwrap_or(b' ');
    let (before, after) = (at(i.checked_sub(1)), at(Some(i + 1)));
    if !before.is_ascii_alphanumeric() || !after.is_ascii_alphanumeric() {
        return false;
    }
    let one_letter_word = before.is_ascii_alphabetic() && !at(i.checked_sub(2)).is_ascii_alphanumeric();
    let elided = one_letter_word && b"aeiouh".contains(&after.to_ascii_lowercase());
    !elided
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
    fn a_long_slug_is_cut_at_the_end_of_a_word() {
        let words = "the committee agreed to develop a united strategy for the region ".repeat(4);
        let slug = slugify(&words);
        assert!(slug.len() <= MAX_LEN && !slug.ends_with('-'), "{slug}");
        assert!(slugify_whole(&words).starts_with(&format!("{slug}-")), "cut at a word boundary: {slug}");
        assert_eq!(cut_at_word(&"a".repeat(200)).len(), MAX_LEN, "one long word is cut where it must be");
        let short = "talks-resume-in-muscat";
        assert_eq!(slugify(short), short);
    }

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
    fn apostrophes_inside_a_word_are_dropped() {
        // Straight, typographic and modifier-letter apostrophes all give the same slug.
        for s in ["Iran's", "Iran\u{2019}s", "Iran\u{2018}s", "Iran\u{02BC}s", "Iran`s"] {
            assert_eq!(slugify(s), "irans", "{s:?}");
        }
        assert_eq!(slugify("Iran\u{2019}s talks in Muscat"), "irans-talks-in-muscat");
        assert_eq!(slugify("Mali's junta & Wagner: the exit"), "malis-junta-wagner-the-exit");
        assert_eq!(slugify("Don't blink"), "dont-blink");
        assert_eq!(slugify("the 1990's"), "the-1990s");
        // Transliterated sounds stay inside their word.
        assert_eq!(slugify("Sana'a"), "sanaa");
        assert_eq!(slugify("Hawai\u{02BB}i"), "hawaii");
        assert_eq!(slugify("Ba\u{02BF}ath"), "baath");
        assert_eq!(slugify("Ольга"), "olga");
        // An apostrophe that is not between two letters or digits still separates.
        assert_eq!(slugify("the allies' plan"), "the-allies-plan");
        assert_eq!(slugify("'Iran'"), "iran");
        assert_eq!(slugify("rock 'n' roll"), "rock-n-roll");
    }

    #[test]
    fn elision_keeps_its_two_words_apart() {
        assert_eq!(slugify("Côte d\u{2019}Ivoire"), "cote-d-ivoire");
        assert_eq!(slugify("L'Aquila"), "l-aquila");
        assert_eq!(slugify("l'homme"), "l-homme");
        // Before a consonant it is not elision: one word.
        assert_eq!(slugify("I'm here"), "im-here");
        assert_eq!(slugify("O'Brien"), "obrien");
        // The possessive of an elided name is still one word.
        assert_eq!(slugify("Côte d'Ivoire's ports"), "cote-d-ivoires-ports");
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
