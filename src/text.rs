//! Words for search: the one definition of how text becomes index tokens. The search script in
//! the default theme (`search.js`) tokenises queries the same way, so both sides must change
//! together.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Tokens shorter than this many characters are not indexed.
pub const MIN_TOKEN: usize = 2;

/// Words too common to help a search. Short on purpose: analysts search for names and topics.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is",
    "it", "its", "may", "more", "most", "no", "not", "of", "on", "or", "other", "our", "out", "over", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "up", "was", "we", "were", "what", "when", "which", "while", "who", "will", "with", "would",
];

/// Letters that compatibility decomposition leaves alone but readers expect to fold.
fn fold(c: char, out: &mut String) {
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'þ' => out.push_str("th"),
        'ı' => out.push('i'),
        c => out.push(c),
    }
}

/// Characters that shape how text is shown but not what it says: joiners (Persian writes
/// `خامنه‌ای` with a zero-width non-joiner), direction marks, the soft hyphen, the byte order
/// mark and the Arabic tatweel that stretches a word. Dropped, so a word typed without them
/// matches. (The zero-width space stays a separator.)
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{640}' | '\u{200c}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// One letter as search reads it, after decomposition: the Arabic and Persian spellings of a
/// letter as one (Persian yeh ی and alef maksura ى as Arabic yeh ي, Persian kaf ک as ك, alef
/// wasla ٱ as alef, teh marbuta ة as heh ه: keyboards and writers differ), and Arabic-Indic
/// and Persian digits as ASCII ones. Hamza and madda forms of alef (أ إ آ) decompose into alef
/// and a mark, which is dropped.
fn fold_script(c: char) -> char {
    match c {
        '\u{649}' | '\u{6cc}' => '\u{64a}',
        '\u{6a9}' | '\u{6aa}' => '\u{643}',
        '\u{671}' => '\u{627}',
        '\u{629}' => '\u{647}',
        '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
        '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
        c => c,
    }
}

/// Fold case, accents and script variants: NFKD, combining marks dropped, lower case, special
/// letters folded (`fold`), invisible characters dropped, Arabic and Persian letters and digits
/// made one (`fold_script`). search.js does the same, step for step.
pub fn normalize(s: &str) -> String {
    let mut stripped = String::with_capacity(s.len());
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        stripped.push(c);
    }
    let lower = stripped.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars().filter(|c| !is_invisible(*c)) {
        fold(fold_script(c), &mut out);
    }
    out
}

/// Chinese and Japanese are written without spaces between words: a run of ideographs or kana
/// is indexed as its overlapping pairs of characters (北京大学 → 北京 京大 大学), so a query,
/// split the same way, finds the words it is made of.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Call `f` with the tokens of one alphanumeric word of normalised text: the word itself, or,
/// when it holds Chinese or Japanese, its other parts whole and its ideograph and kana runs as
/// pairs (a run of one character stands alone).
fn split_cjk(word: &str, f: &mut dyn FnMut(&str)) {
    if !word.chars().any(is_cjk) {
        f(word);
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(word.len(), |(b, _)| *b);
    let mut i = 0;
    while i < chars.len() {
        let cjk = is_cjk(chars[i].1);
        let mut j = i;
        while j < chars.len() && is_cjk(chars[j].1) == cjk {
            j += 1;
        }
        if !cjk || j - i == 1 {
            f(&word[chars[i].0..end_of(j)]);
        } else {
            for k in i..j - 1 {
                f(&word[chars[k].0..end_of(k + 2)]);
            }
        }
        i = j;
    }
}

/// The longest stop word, in bytes: longer tokens skip the lookup.
const MAX_STOP: usize = 8;

/// A word of up to eight bytes packed into an integer, so a lookup compares integers instead
/// of strings.
const fn pack(w: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < MAX_STOP {
        v <<= 8;
        if i < w.len() {
            v |= w[i] as u64;
        }
        i += 1;
    }
    v
}

/// Slots in `STOP_TABLE`: a power of two, under a third full.
const STOP_SLOTS: usize = 256;

const fn stop_slot(packed: u64) -> usize {
    (packed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize
}

/// `STOP_WORDS` packed, in an open-addressing table (0: empty; no stop word packs to 0).
static STOP_TABLE: [u64; STOP_SLOTS] = {
    let mut table = [0u64; STOP_SLOTS];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let packed = pack(STOP_WORDS[i].as_bytes());
        let mut slot = stop_slot(packed);
        while table[slot] != 0 {
            slot = (slot + 1) % STOP_SLOTS;
        }
        table[slot] = packed;
        i += 1;
    }
    table
};

/// Tokens never hold NUL (a separator), so zero padding in `pack` cannot make a false match.
fn is_stop(t: &str) -> bool {
    // Called for every word of every brief: one multiply and usually one integer compare.
    if t.len() > MAX_STOP {
        return false;
    }
    is_stop_packed(pack(t.as_bytes()))
}

/// `is_stop` for a word of at most `MAX_STOP` bytes, packed.
fn is_stop_packed(packed: u64) -> bool {
    let mut slot = stop_slot(packed);
    loop {
        match STOP_TABLE[slot] {
            0 => return false,
            x if x == packed => return true,
            _ => slot = (slot + 1) % STOP_SLOTS,
        }
    }
}

/// Typographic punctuation that Markdown's smart punctuation puts in almost every paragraph:
/// curly quotes and apostrophes, dashes, the ellipsis and the no-break space. None of them
/// decomposes into a letter or digit, so in a run of otherwise ASCII text they only separate
/// words, and the run needs no Unicode normalisation.
fn is_plain_separator(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2013}' | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{2026}')
}

/// Call `f` with every index token of `s`, in order, repeats included.
///
/// Tokens are the alphanumeric runs of the normalised text (see `normalize`). Every word of
/// every brief passes through here, so the common cases skip normalisation: runs of ASCII are
/// lower-cased in place, and runs whose only other characters are typographic punctuation are
/// split at it first. Splitting at ASCII separators before normalising gives what normalising
/// the whole text would (decomposition is per character), which is what search.js does.
pub fn each_token(s: &str, mut f: impl FnMut(&str)) {
    let mut long = String::new();
    // An ASCII word is its own token, lower-cased: on the stack, as a copy into a heap buffer
    // is a call to memcpy per word.
    let mut ascii_word = |w: &[u8], f: &mut dyn FnMut(&str)| {
        if w.len() < MIN_TOKEN {
            return;
        }
        let mut buf = [0u8; 24];
        let lower: &[u8] = if w.len() <= buf.len() {
            for (d, &c) in buf.iter_mut().zip(w) {
                // An ASCII letter or digit: setting bit 5 lower-cases letters, keeps digits.
                *d = c | 0x20;
            }
            &buf[..w.len()]
        } else {
            long.clear();
            long.extend(w.iter().map(|&c| (c | 0x20) as char));
            long.as_bytes()
        };
        // The buffer is zero past the word, so its first eight bytes are a short word packed.
        let stop = w.len() <= MAX_STOP && is_stop_packed(u64::from_be_bytes(buf[..8].try_into().expect("eight bytes")));
        let t = crate::platform::ascii_str(lower);
        if !stop {
            f(t);
        }
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if BYTE_CLASS[bytes[i] as usize] == SEPARATOR {
            i += 1;
            continue;
        }
        // A run up to the next ASCII separator; it starts and ends at character boundaries.
        let start = i;
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[b as usize] {
                SEPARATOR => break,
                ALNUM => {}
                _ => ascii = false,
            }
            i += 1;
        }
        let run = &s[start..i];
        if ascii {
            ascii_word(run.as_bytes(), &mut f);
        } else if run.chars().all(|c| c.is_ascii() || is_plain_separator(c)) {
            for w in run.split(is_plain_separator).filter(|w| !w.is_empty()) {
                ascii_word(w.as_bytes(), &mut f);
            }
        } else {
            for w in normalize(run).split(|c: char| !c.is_alphanumeric()) {
                split_cjk(w, &mut |t| {
                    if t.chars().nth(MIN_TOKEN - 1).is_some() && !is_stop(t) {
                        f(t);
                    }
                });
            }
        }
    }
}

const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const NOT_ASCII: u8 = 2;

/// What each byte is to the tokeniser: an ASCII separator, an ASCII letter or digit, or part
/// of a character beyond ASCII.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALNUM,
            0x80..=0xff => NOT_ASCII,
            _ => SEPARATOR,
        };
        b += 1;
    }
    t
};

/// A token's first eight bytes as one big-endian integer (zero-padded): integers ordered
/// as the tokens are, as far as eight bytes tell (tokens hold no NUL).
pub fn prefix_key(t: &str) -> u64 {
    let key = t.bytes().take(8).fold(0u64, |k, c| (k << 8) | c as u64);
    key.checked_shl(8 * 8u32.saturating_sub(t.len() as u32)).unwrap_or(0)
}

/// The distinct tokens of `s`, sorted.
pub fn tokens(s: &str) -> Vec<String> {
    let set = TokenSet::of(s);
    set.sorted().into_iter().map(str::to_string).collect()
}

/// The distinct tokens of a text. Every word of every brief passes through here, so it is a
/// small open-addressing table over one buffer of distinct words:
/// no allocation per word, and a repeated word costs a hash and one comparison.
pub struct TokenSet {
    /// Distinct tokens, back to back.
    buf: String,
    /// Each distinct token's range in `buf`.
    spans: Vec<(u32, u32)>,
    /// Slots holding an index into `spans` plus one (0: empty), and the low 32 bits of its hash.
    slots: Vec<(u32, u32)>,
}

/// The largest table `TokenSet::clear` keeps: enough for a long brief's distinct words.
const MAX_KEPT_SLOTS: usize = 4096;

impl Default for TokenSet {
    fn default() -> Self {
        TokenSet { buf: String::new(), spans: Vec::new(), slots: vec![(0, 0); 256] }
    }
}

impl TokenSet {
    fn of(s: &str) -> Self {
        let mut set = TokenSet::default();
        set.add(s);
        set
    }

    /// Add the tokens of `s`. Adding texts one by one gives the tokens of the texts joined by
    /// spaces: no token spans two of them.
    pub fn add(&mut self, s: &str) {
        each_token(s, |t| self.insert(t));
    }

    /// The distinct tokens in the order first met, joined by single spaces: all the search
    /// index needs, without sorting every brief's words.
    pub fn in_order(&self) -> String {
        let mut out = String::with_capacity(self.buf.len() + self.spans.len());
        for (k, &(a, b)) in self.spans.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(&self.buf[a as usize..b as usize]);
        }
        out
    }

    /// Empty the set, keeping its memory for the next text (a table grown by an unusually
    /// long text is let go, so clearing stays cheap).
    pub fn clear(&mut self) {
        self.buf.clear();
        self.spans.clear();
        if self.slots.len() > MAX_KEPT_SLOTS {
            *self = TokenSet::default();
        } else {
            self.slots.fill((0, 0));
        }
    }

    fn insert(&mut self, t: &str) {
        let h = crate::hashing::bytes(t.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (idx, tag) = self.slots[i];
            if idx == 0 {
                break;
            }
            if tag == h as u32 {
                let (a, b) = self.spans[idx as usize - 1];
                if &self.buf[a as usize..b as usize] == t {
                    return;
                }
            }
            i = (i + 1) & mask;
        }
        let a = self.buf.len() as u32;
        self.buf.push_str(t);
        self.spans.push((a, self.buf.len() as u32));
        self.slots[i] = (self.spans.len() as u32, h as u32);
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let mut slots = vec![(0u32, 0u32); self.slots.len() * 2];
        let mask = slots.len() - 1;
        // The tag is the hash's low 32 bits, all a slot index of a table this size uses.
        for &(idx, tag) in self.slots.iter().filter(|s| s.0 != 0) {
            let mut i = tag as usize & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (idx, tag);
        }
        self.slots = slots;
    }

    fn sorted(&self) -> Vec<&str> {
        // Sorted by their prefix keys, which settle almost every comparison; only ties
        // compare the rest.
        let mut words: Vec<(u64, &str)> = self
            .spans
            .iter()
            .map(|&(a, b)| {
                let w = &self.buf[a as usize..b as usize];
                (prefix_key(w), w)
            })
            .collect();
        words.sort_unstable();
        words.into_iter().map(|(_, w)| w).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_short_enough_to_pack() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= MAX_STOP));
    }

    #[test]
    fn stop_word_lookup_matches_the_list() {
        for w in STOP_WORDS {
            assert!(is_stop(w), "{w}");
        }
        for w in ["", "ab", "thee", "thereby", "wouldbe", "abouts", "iran", "z"] {
            assert!(!is_stop(w), "{w}");
        }
        assert_eq!(tokens("the Iran iran  Oman a zz").join(" "), "iran oman zz");
        assert_eq!(tokens("of the").join(" "), "");
    }

    #[test]
    fn token_set_keeps_every_distinct_word_through_growth() {
        let text: String = (0..3000).map(|i| format!("w{} W{} ", i % 1234, i % 1234)).collect();
        let mut expected: Vec<String> = (0..1234).map(|i| format!("w{i}")).collect();
        expected.sort();
        assert_eq!(tokens(&text), expected);
    }

    /// The definition `each_token` must keep: split at ASCII separators, normalise each run,
    /// split at what is not alphanumeric, drop short words and stop words.
    fn reference_tokens(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in s.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()) {
            for w in normalize(w).split(|c: char| !c.is_alphanumeric()) {
                split_cjk(w, &mut |t| out.push(t.to_string()));
            }
        }
        out.retain(|t| t.chars().nth(MIN_TOKEN - 1).is_some() && !is_stop(t));
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn each_token_matches_its_definition(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Strategy::prop_map(proptest::sample::select(vec![
                    " ", "'", "-", ".", "\u{2019}", "\u{2014}", "\u{201c}", "\u{2026}", "\u{a0}", "The", "the",
                    "IAEA", "s", "C\u{f4}te", "e\u{301}", "\u{3a3}", "\u{39f}\u{3a3}", "\u{fb01}", "\u{2122}",
                    "\u{bd}", "\u{645}\u{633}\u{642}\u{637}", "\u{df}", "\u{130}", "2026", "x",
                    "\u{62e}\u{627}\u{645}\u{646}\u{647}\u{200c}\u{627}\u{6cc}", "\u{5317}\u{4eac}\u{5927}\u{5b66}", "\u{6f1}\u{6f4}",
                ]), str::to_string),
                "\\PC{0,6}",
            ], 0..24)
        ) {
            let text = parts.concat();
            let mut got = Vec::new();
            each_token(&text, |t| got.push(t.to_string()));
            proptest::prop_assert_eq!(got, reference_tokens(&text), "text {:?}", text);
        }
    }

    #[test]
    fn folds_case_accents_and_special_letters() {
        assert_eq!(normalize("Côte d'Ivoire"), "cote d'ivoire");
        assert_eq!(normalize("Straße Łódź Ærø"), "strasse lodz aero");
        assert_eq!(normalize("ﬁnance"), "finance");
    }

    #[test]
    fn tokens_drop_short_words_stop_words_and_punctuation() {
        assert_eq!(
            tokens("The U.S. and Iran met in Muscat, Oman — again: Iran!"),
            ["again", "iran", "met", "muscat", "oman"]
        );
        assert_eq!(tokens("IAEA's 2026 report"), ["2026", "iaea", "report"]);
        assert_eq!(tokens("مسقط"), ["مسقط"]);
        // Decomposed accents (e + U+0301) fold like composed ones, and stay one word.
        assert_eq!(tokens("Caf\u{65}\u{301} d\u{e9}j\u{e0}"), ["cafe", "deja"]);
        assert_eq!(tokens("“Smart” quotes—and dashes"), ["dashes", "quotes", "smart"]);
        // Symbols that decompose to letters join their word, as in the browser.
        assert_eq!(tokens("Brand™ ¼"), ["brandtm"]);
    }
}
