//! Turning names into URL-safe slugs: lower-case, words joined by `-`. Latin letters are
//! transliterated to ASCII (`Côte` → `cote`); a name in another script keeps its letters
//! (`ایران` → `ایران`, percent-encoded in URLs as Hugo does), unless the site asks for ASCII
//! slugs, where everything is transliterated (`Москва` → `moskva`).
//!
//! One function makes every slug — file names written by `dossier new`, brief and folder URLs,
//! term URLs and heading anchors — so a name is spelt the same way wherever it becomes a path.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How names in scripts other than Latin become slugs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Their letters are kept (`ایران`, `москва`, `北京`): readable, and never lossy.
    #[default]
    Unicode,
    /// Transliterated to ASCII (`yrn`, `moskva`, `bei-jing`): the slugs of sites made before
    /// Unicode slugs, kept so their URLs do not change.
    Ascii,
}

/// Slugify `name`: `Côte d'Ivoire` → `cote-d-ivoire`, `United States` → `united-states`,
/// `Iran's` → `irans`, `ایران` → `ایران`.
/// Returns an empty string when nothing usable is left (only symbols); callers decide the fallback.
///
/// An apostrophe inside a word is dropped rather than turned into `-`: it joins a word to its
/// ending (`Iran's`, `don't`) or marks a sound in a transliterated name (`Sana'a`, `Qur'an`, the
/// Russian soft sign in `Ol'ga`), so `iran-s` would split one word in two. The exception is
/// elision, a one-letter word elided before a vowel or `h` (`d'Ivoire`, `l'Aquila`): there the
/// apostrophe stands between two words and keeps separating them. Straight `'`, typographic
/// `’` and `‘`, the modifier letters `ʼ`, `ʻ`, `ʿ` and `ʾ`, and a backtick all count.
pub fn slugify(name: &str) -> String {
    slugify_with(name, Style::Unicode)
}

/// `slugify` in the given style.
pub fn slugify_with(name: &str, style: Style) -> String {
    let whole = slugify_whole_with(name, style);
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

/// `slug` cut to `MAX_LEN` bytes at the end of a word (a `-`), never inside one unless the
/// first word alone is too long, and then at a character's end.
pub fn cut_at_word(slug: &str) -> String {
    if slug.len() <= MAX_LEN {
        return slug.to_string();
    }
    let mut end = MAX_LEN;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let head = &slug[..end];
    let cut = match slug.as_bytes()[end] {
        b'-' => head,
        _ => head.rfind('-').map_or(head, |i| &head[..i]),
    };
    cut.trim_end_matches('-').to_string()
}

/// `slugify` without the length limit: what the name spells in full.
pub fn slugify_whole(name: &str) -> String {
    slugify_whole_with(name, Style::Unicode)
}

/// `slugify_whole` in the given style.
pub fn slugify_whole_with(name: &str, style: Style) -> String {
    let chars: Vec<char> = match style {
        Style::Ascii => deunicode::deunicode_with_tofu(name, "-").chars().collect(),
        Style::Unicode => spelled(name),
    };
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for (i, &c) in chars.iter().enumerate() {
        // A mark (a virama, a vowel sign) belongs to the letter before it. A symbol that is an
        // upper-case letter with no lower case (`🅐`) is not one: a path stays in one case.
        let mark = is_combining_mark(c) && !pending_dash && !out.is_empty();
        let cased = c.to_lowercase().all(|l| !l.is_uppercase());
        if (c.is_alphanumeric() || mark) && cased {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if is_apostrophe(c) && joins_one_word(&chars, i) {
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

/// The name's characters as a Unicode slug reads them: in compatibility composed form (NFKC:
/// `ﬁ` is `fi`, a full-width `Ａ` is `A`, a mathematical `𝒥` is `J`), with each Latin letter
/// beyond ASCII transliterated (`ô` → `o`, `ß` → `ss`) and every other character kept.
/// Typographic apostrophes become `'`.
fn spelled(name: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(name.len());
    for c in name.nfkc() {
        if c.is_ascii() || !is_latin(c) {
            out.push(c);
        } else {
            match deunicode::deunicode_char(c) {
                Some(t) => out.extend(t.chars()),
                None => out.push('-'),
            }
        }
    }
    out
}

/// Letters of the Latin script beyond ASCII, and the typographic apostrophes and quotes that
/// transliterate to ASCII ones: Latin-1 Supplement, Latin Extended A and B, IPA, spacing
/// modifier letters, Latin Extended Additional, the Latin ligatures, and general punctuation.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{2ff}' | '\u{1e00}'..='\u{1eff}' | '\u{2000}'..='\u{206f}' | '\u{fb00}'..='\u{fb06}')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '`'
}

/// Whether the apostrophe at `chars[i]` sits inside one word (see `slugify`): alphanumerics on
/// both sides, and not the elision of a one-letter word before a vowel or `h`.
fn joins_one_word(chars: &[char], i: usize) -> bool {
    // Outside the text counts as a space.
    let at = |j: Option<usize>| j.and_then(|j| chars.get(j)).copied().unwrap_or(' ');
    let (before, after) = (at(i.checked_sub(1)), at(Some(i + 1)));
    if !before.is_alphanumeric() || !after.is_alphanumeric() {
        return false;
    }
    let one_letter_word = before.is_alphabetic() && !at(i.checked_sub(2)).is_alphanumeric();
    let elided = one_letter_word && "aeiouhAEIOUH".contains(after);
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
    slugify_or_hash_with(name, Style::Unicode)
}

/// `slugify_or_hash` in the given style.
pub fn slugify_or_hash_with(name: &str, style: Style) -> String {
    let s = slugify_with(name, style);
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
        assert_eq!(slugify_with("Москва", Style::Ascii), "moskva");
    }

    #[test]
    fn other_scripts_keep_their_letters_unless_the_site_asks_for_ascii() {
        assert_eq!(slugify("ایران"), "ایران");
        assert_eq!(slugify("Москва и Санкт-Петербург"), "москва-и-санкт-петербург");
        assert_eq!(slugify("北京 大学"), "北京-大学");
        assert_eq!(slugify("Ελλάδα"), "ελλάδα");
        // Marks stay with their letters: a virama, an Arabic vowel sign.
        assert_eq!(slugify("हिन्दी"), "हिन्दी");
        assert_eq!(slugify("خامنه\u{200c}ای"), "خامنهای", "a joiner inside a word is dropped, not a break");
        // Composed first, so the two ways of writing é are one slug; compatibility forms fold.
        assert_eq!(slugify("𝒥ournal ＡＢＣ"), "journal-abc");
        assert_eq!(slugify("Cafe\u{301} Москва"), slugify("Café Москва"));
        assert_eq!(slugify("Côte d'Ivoire"), "cote-d-ivoire");
        assert_eq!(slugify_with("ایران", Style::Ascii), "yrn");
        // Cut at a word, never inside a character.
        let long = "ایران ".repeat(40);
        let cut = slugify(&long);
        assert!(cut.len() <= MAX_LEN && cut.ends_with("ایران"), "{cut}");
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
        assert_eq!(slugify_with("Ольга", Style::Ascii), "olga");
        assert_eq!(slugify("Ol\u{2019}ga"), "olga");
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
