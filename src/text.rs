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

/// Fold case and accents: NFKD, combining marks dropped, lower case, special letters folded.
pub fn normalize(s: &str) -> String {
    let mut stripped = String::with_capacity(s.len());
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        stripped.push(c);
    }
    let lower = stripped.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        fold(c, &mut out);
    }
    out
}

/// The longest stop word, in bytes: longer tokens skip the lookup.
const MAX_STOP: usize = 8;

/// A word of up to eight bytes packed big-endian into an integer, so that integer order is
/// string order and a lookup compares integers instead of strings.
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

/// `STOP_WORDS` packed, in the same (sorted) order.
static PACKED_STOPS: [u64; STOP_WORDS.len()] = {
    let mut out = [0u64; STOP_WORDS.len()];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        out[i] = pack(STOP_WORDS[i].as_bytes());
        i += 1;
    }
    out
};

/// Tokens never hold NUL (a separator), so zero padding in `pack` cannot make a false match.
fn is_stop(t: &str) -> bool {
    // Called for every word of every brief: an integer binary search, not string compares.
    t.len() <= MAX_STOP && PACKED_STOPS.binary_search(&pack(t.as_bytes())).is_ok()
}

/// Call `f` with every index token of `s`, in order, repeats included.
pub fn each_token(s: &str, mut f: impl FnMut(&str)) {
    let mut emit = |t: &str| {
        if t.chars().nth(MIN_TOKEN - 1).is_some() && !is_stop(t) {
            f(t);
        }
    };
    // Most words are ASCII: fold those cheaply, and normalise only runs with other characters.
    // Splitting at ASCII separators first and normalising each run gives what normalising the
    // whole text would (decomposition is per character), which is what search.js does.
    let mut lower = String::new();
    for w in s.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if w.is_ascii() {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            emit(&lower);
        } else {
            for t in normalize(w).split(|c: char| !c.is_alphanumeric()) {
                emit(t);
            }
        }
    }
}

/// The distinct tokens of `s`, sorted.
pub fn tokens(s: &str) -> Vec<String> {
    let (buf, spans) = distinct_tokens(s);
    spans.iter().map(|&(a, b)| buf[a as usize..b as usize].to_string()).collect()
}

/// The distinct tokens of `s`, sorted and joined by single spaces.
pub fn joined_tokens(s: &str) -> String {
    let (buf, spans) = distinct_tokens(s);
    let mut out = String::with_capacity(spans.iter().map(|(a, b)| (b - a) as usize + 1).sum());
    for (i, &(a, b)) in spans.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&buf[a as usize..b as usize]);
    }
    out
}

/// Every token copied once into one buffer, with the byte ranges of the distinct ones in
/// sorted order: a brief has about a thousand words, and one allocation per word showed up
/// as a tenth of a build's time.
fn distinct_tokens(s: &str) -> (String, Vec<(u32, u32)>) {
    let mut buf = String::with_capacity(s.len());
    let mut spans: Vec<(u32, u32)> = Vec::new();
    each_token(s, |t| {
        let a = buf.len() as u32;
        buf.push_str(t);
        spans.push((a, buf.len() as u32));
    });
    let word = |&(a, b): &(u32, u32)| &buf[a as usize..b as usize];
    spans.sort_unstable_by(|x, y| word(x).cmp(word(y)));
    spans.dedup_by(|x, y| word(x) == word(y));
    (buf, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= MAX_STOP));
        assert!(PACKED_STOPS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stop_word_lookup_matches_the_list() {
        for w in STOP_WORDS {
            assert!(is_stop(w), "{w}");
        }
        for w in ["", "ab", "thee", "thereby", "wouldbe", "abouts", "iran", "z"] {
            assert!(!is_stop(w), "{w}");
        }
        assert_eq!(joined_tokens("the Iran iran  Oman a zz"), "iran oman zz");
        assert_eq!(joined_tokens("of the"), "");
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
