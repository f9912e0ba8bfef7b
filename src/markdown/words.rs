//! Counting words as `split_whitespace` would, fast: this runs over every text event of every
//! brief.

/// What `t.split_whitespace().count()` gives, without the iterator machinery: this runs over
/// every text event of every brief.
pub(super) fn count_words(t: &str) -> usize {
    // Bytes stand in for characters unless the text has whitespace beyond ASCII: a character
    // of several bytes is then a run of non-space bytes, which starts a word where the
    // character does. Smart punctuation puts curly quotes and dashes in most text, so this
    // is the common case, not only plain ASCII.
    if !t.is_ascii() && has_wide_space(t) {
        let mut words = 0;
        let mut in_word = false;
        for c in t.chars() {
            let space = c.is_whitespace();
            words += (!space && !in_word) as usize;
            in_word = !space;
        }
        return words;
    }
    // A word starts at each byte that is not a space but follows one (or starts the text).
    // Eight bytes at a time: text events are short (70 bytes on average), too short for the
    // compiler's vectorised loops to pay off.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    // The high bit of each byte of the result is set where the byte of `x` is ASCII whitespace.
    let spaces = |x: u64| {
        let low = x & LOW7;
        let not_zero = |v: u64| ((v & LOW7).wrapping_add(LOW7) | v) & HIGH;
        let blank = !not_zero(x ^ splat(b' ')) & HIGH;
        // Tab to carriage return: at least 9 and below 14; bytes beyond ASCII excluded.
        let from_tab = ((low | HIGH) - splat(b'\t')) & HIGH;
        let from_14 = ((low | HIGH) - splat(14)) & HIGH;
        blank | (from_tab & !from_14 & !x & HIGH)
    };
    let mut words = 0;
    // The byte before the first is taken as a space.
    let mut before = 0x80u64;
    let mut chunks = t.as_bytes().chunks_exact(8);
    let mut count = |x: u64| {
        let space = spaces(x);
        words += (!space & ((space << 8) | before) & HIGH).count_ones() as usize;
        before = space >> 56;
    };
    for c in &mut chunks {
        count(u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Padded with spaces, which start no word.
        let mut last = [b' '; 8];
        last[..rest.len()].copy_from_slice(rest);
        count(u64::from_le_bytes(last));
    }
    words
}

/// True when `t` holds whitespace beyond ASCII (a no-break space, an ideographic space, …).
fn has_wide_space(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    // Every such character's first byte is one of these (U+0085 and U+00A0; U+1680;
    // U+2000–U+205F; U+3000).
    while let Some(k) = b[i..].iter().position(|&x| x == 0xC2 || (0xE1..=0xE3).contains(&x)) {
        i += k;
        if t[i..].chars().next().is_some_and(char::is_whitespace) {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            " ",
            "one",
            " two  words ",
            "tab\tand\nlines\r\n",
            "\u{b}vt\u{c}ff",
            "nbsp\u{a0}café\u{3000}ideo",
            "’quoted’ — dash",
            "em\u{2003}space\u{2028}line\u{205f}math\u{1680}ogham\u{85}next",
            "café ’quoted’\u{2002}",
        ] {
            assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]
        #[test]
        fn any_text_counts_as_split_whitespace_counts_it(t in "[ \t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200c}\u{2019}\u{2028}\u{202f}\u{205f}\u{3000}a-zA-Z.\u{e9}\u{149}\u{260}]{0,70}") {
            proptest::prop_assert_eq!(count_words(&t), t.split_whitespace().count());
        }
    }
}
