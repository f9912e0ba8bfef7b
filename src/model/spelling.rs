//! Likely misspellings among a taxonomy's terms: one name written several ways. Analysts
//! mistype (`Hizbollah` for `Hezbollah`) and transliterate differently (`Hizballah`,
//! `Hizbullah`; `Qaddafi`, `Gaddafi`, `Kadhafi`; `Daesh`, `Da'esh`).
//!
//! Each term gets a phonetic skeleton (`key`) that such variants share. Every key is hashed,
//! with each of its one-deletion variants; sorting the hashes brings together the terms whose
//! keys are equal or one edit apart, so the work grows with the number of terms (times a log),
//! not with its square: a taxonomy of 100,000 terms is never compared pair by pair. Every pair
//! found that way is then judged by `similar`, which keeps apart distinct names that merely
//! look alike (`Firefox OS` and `Firefox ESR`, `Iran` and `Iraq`, `Resolution 2231` and
//! `Resolution 2334`).

use std::hash::Hasher;

use crate::hashing::Fnv;
use crate::model::{Taxonomy, Term};

/// One name written several ways: indices into `Taxonomy::terms`, the spelling most briefs
/// use first (ties alphabetically), then the others in the same order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The spellings; `terms[0]` is the one to suggest.
    pub terms: Vec<usize>,
}

/// A bucket of terms sharing a key (or a one-deletion variant) is compared only against its
/// first `PEERS` members, the most used: the suggestion is always the most used spelling, and
/// a degenerate bucket of thousands of terms stays linear.
const PEERS: usize = 8;

/// Names with fewer letters and digits than this are never taken for typos: short names
/// differ by one letter all the time (`Iran`, `Iraq`) and their skeletons collide (`Oman`,
/// `Amman`).
const MIN_LETTERS: usize = 5;

/// The groups of terms in `tax` that are probably one name spelt several ways, most used
/// spelling first in each; the groups are ordered by their first term.
pub fn groups(tax: &Taxonomy) -> Vec<Group> {
    let terms = &tax.terms;
    let names: Vec<Name> = terms.iter().map(|t| Name::new(&t.name)).collect();
    // Rank: most briefs first, then alphabetically (the terms are sorted by name, case
    // insensitively), so the suggestion never depends on the order the files were read in.
    let mut order: Vec<usize> = (0..terms.len()).filter(|&i| names[i].letters >= MIN_LETTERS).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(terms[i].direct().len()), i));
    // From here on a term is its rank: its position in `order`.

    // Candidate pairs: terms whose keys are equal, or one edit apart. Two keys one edit apart
    // (a letter changed, added, dropped, or two swapped) share the key with one letter
    // deleted, or one is the other with a letter deleted; so every key is filed under its own
    // hash and the hash of each of its one-deletion variants. Sorting the (hash, rank) entries
    // puts each bucket together, its most used terms first.
    let mut entries: Vec<(u64, u32)> = Vec::new();
    for (r, &i) in order.iter().enumerate() {
        let k = names[i].key.as_bytes();
        entries.push((hash(&[k]), r as u32));
        // Deletion variants of very short keys match nearly anything; equal keys still count.
        if k.len() >= 4 {
            entries.extend((0..k.len()).map(|j| (hash(&[&k[..j], &k[j + 1..]]), r as u32)));
        }
    }
    entries.sort_unstable();
    entries.dedup();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bucket in entries.chunk_by(|a, b| a.0 == b.0) {
        for (j, &(_, b)) in bucket.iter().enumerate().skip(1) {
            pairs.extend(bucket[..j.min(PEERS)].iter().map(|&(_, a)| (a, b)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut near: Vec<Vec<u32>> = vec![Vec::new(); order.len()];
    for (a, b) in pairs {
        if names[order[a as usize]].similar(&names[order[b as usize]]) {
            near[a as usize].push(b);
            near[b as usize].push(a);
        }
    }

    // Groups: the most used term not yet grouped, with every ungrouped term similar to it.
    // Each spelling in a group is then similar to the one suggested, not merely to another
    // variant (chains such as Sudan ~ Sidon ~ Simon do not make one group).
    let mut grouped = vec![false; order.len()];
    let mut out = Vec::new();
    for u in 0..order.len() {
        if grouped[u] {
            continue;
        }
        let mut members: Vec<u32> = near[u].iter().copied().filter(|&v| !grouped[v as usize]).collect();
        if members.is_empty() {
            continue;
        }
        members.sort_unstable();
        grouped[u] = true;
        for &v in &members {
            grouped[v as usize] = true;
        }
        let terms = std::iter::once(order[u]).chain(members.iter().map(|&v| order[v as usize])).collect();
        out.push(Group { terms });
    }
    out.sort_by_key(|g| g.terms[0]);
    out
}

/// FNV-1a of the concatenated parts, without building the string.
fn hash(parts: &[&[u8]]) -> u64 {
    let mut h = Fnv::default();
    for p in parts {
        h.write(p);
    }
    h.finish()
}

/// The phonetic skeleton of a name: what its transliterations and most typos have in common.
/// `Hizballah`, `Hezbollah` and `Hizbullah` give `hazbalah`; `Qaddafi`, `Gaddafi`, `Gadhafi`
/// and `Kadhafi` give `kadafa`; `Daesh` and `Da'esh` give `daS`. The rules, in order:
///
/// - diacritics and other scripts are transliterated to ASCII (`Ḥizb` → `hizb`), lower case;
/// - a leading Arabic article written apart is dropped (`al-`, `el-`, `al `): `al-Qaeda` is
///   `Qaeda`;
/// - everything but letters and digits goes: apostrophes, hyphens, spaces, dots;
/// - consonants written several ways become one: `q`, `k`, `c`, `ck`, `g`, `gh`, `kh` → `k`;
///   `dh` → `d`; `th` → `t`; `ph` → `f`; `dj` → `j`; `sh`, `ch`, `sch` → `S`;
/// - every run of vowels (`a e i o u`, and `y` unless a vowel follows it) becomes `a`, since
///   transliterations disagree most about vowels (`ou`/`u`, `ee`/`i`, `e`/`i`/`a`);
/// - doubled letters are written once (`Qaddafi`, `Hezbollah`).
///
/// Digits are kept: `G7` and `G8` are different groups.
pub fn key(name: &str) -> String {
    key_of_folded(&fold(name))
}

/// `key` of a name already `fold`ed.
fn key_of_folded(folded: &str) -> String {
    let s = strip_article(folded);
    let b: Vec<u8> = s.bytes().filter(u8::is_ascii_alphanumeric).collect();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (next, after) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        let (sym, len) = match (b[i], next, after) {
            (b's', Some(b'c'), Some(b'h')) => (b'S', 3),
            (b's' | b'c', Some(b'h'), _) => (b'S', 2),
            (b'k' | b'g', Some(b'h'), _) | (b'c', Some(b'k'), _) => (b'k', 2),
            (b'd', Some(b'h'), _) => (b'd', 2),
            (b't', Some(b'h'), _) => (b't', 2),
            (b'p', Some(b'h'), _) => (b'f', 2),
            (b'd', Some(b'j'), _) => (b'j', 2),
            (b'q' | b'k' | b'c' | b'g', _, _) => (b'k', 1),
            (b'y', n, _) if !n.is_some_and(vowel) => (b'a', 1),
            (c, _, _) if vowel(c) => (b'a', 1),
            (c, _, _) => (c, 1),
        };
        if out.last() != Some(&sym) {
            out.push(sym);
        }
        i += len;
    }
    String::from_utf8(out).expect("the key is ASCII")
}

/// `name` in lower-case ASCII, diacritics and other scripts transliterated.
fn fold(name: &str) -> String {
    match name.is_ascii() {
        true => name.to_ascii_lowercase(),
        false => deunicode::deunicode(name).to_ascii_lowercase(),
    }
}

/// `name` (folded) without a leading Arabic article written apart: `al-qaeda` → `qaeda`.
fn strip_article(name: &str) -> &str {
    for article in ["al", "el"] {
        if let Some(rest) = name.strip_prefix(article)
            && let Some(rest) = rest.strip_prefix(['-', ' ', '\''])
            && !rest.trim().is_empty()
        {
            return rest;
        }
    }
    name
}

/// Letters and digits in a folded name.
fn letters(folded: &str) -> usize {
    folded.bytes().filter(u8::is_ascii_alphanumeric).count()
}

/// True when two names are probably one name spelt two ways. The rules keep what analysts
/// write as distinct names apart:
///
/// - names with different numbers in them are different (`G7`, `G8`);
/// - when two names of several words differ in exactly one word, that word pair alone is
///   judged, so a whole different word keeps them apart (`Firefox OS` and `Firefox ESR`,
///   `North Korea` and `South Korea`) while a misspelt word does not (`European Unoin`);
/// - acronyms (no lower-case letter: `ESR`, `UNHCR`, `UNHRC`) are never typos of anything;
/// - names, or differing words, shorter than `MIN_LETTERS` are never typos (`Iran`, `Iraq`);
/// - otherwise the names are similar when their `key`s are equal, or when they are at most
///   one edit apart (two for names of ten letters or more) and differ in length by at most 2
///   (`Iceland` and `Ireland` are flagged, for the analyst to judge; `Niger` and `Nigeria`
///   are not).
pub fn similar(a: &str, b: &str) -> bool {
    Name::new(a).similar(&Name::new(b))
}

/// What `similar` compares, worked out once per term rather than once per pair.
struct Name {
    /// `fold`ed.
    folded: String,
    /// `key`.
    key: String,
    /// Letters and digits.
    letters: usize,
    /// Characters of `folded`.
    chars: usize,
    /// The digits, in order.
    digits: String,
    /// No lower-case letter: an acronym.
    acronym: bool,
    /// For names of several words: each word as written, and folded to letters and digits.
    words: Vec<(String, String)>,
}

impl Name {
    fn new(name: &str) -> Name {
        let folded = fold(name);
        let split: Vec<&str> = name.split_whitespace().collect();
        let words = match split.len() {
            0 | 1 => Vec::new(),
            _ => split.iter().map(|w| (w.to_string(), key_letters(&fold(w)))).collect(),
        };
        Name {
            key: key_of_folded(&folded),
            letters: letters(&folded),
            chars: folded.chars().count(),
            digits: name.chars().filter(char::is_ascii_digit).collect(),
            acronym: name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase),
            words,
            folded,
        }
    }

    /// `similar`.
    fn similar(&self, other: &Name) -> bool {
        if self.digits != other.digits {
            return false;
        }
        if self.words.len() == other.words.len() && self.words.len() >= 2 {
            let mut differing = (0..self.words.len()).filter(|&i| self.words[i].1 != other.words[i].1);
            if let (Some(i), None) = (differing.next(), differing.next()) {
                return Name::new(&self.words[i].0).similar_whole(&Name::new(&other.words[i].0));
            }
        }
        self.similar_whole(other)
    }

    /// `similar` for two names (or two words) judged as wholes.
    fn similar_whole(&self, other: &Name) -> bool {
        if self.acronym || other.acronym || self.letters.min(other.letters) < MIN_LETTERS {
            return false;
        }
        if self.key == other.key {
            return true;
        }
        if self.chars.abs_diff(other.chars) > 2 {
            return false;
        }
        let limit = if self.chars.min(other.chars) >= 10 { 2 } else { 1 };
        within(self.folded.as_bytes(), other.folded.as_bytes(), limit)
    }
}

/// True when `a` and `b` are at most `limit` edits apart: `diagnostics::edit_distance`
/// (insertions, deletions, substitutions and swaps of neighbours) on bytes, since folded names
/// are ASCII, giving up as soon as a whole row of the table is over `limit`.
fn within(a: &[u8], b: &[u8], limit: usize) -> bool {
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    // Three rows, on the stack for names up to 63 bytes (nearly all): this runs once per
    // candidate pair, so it must not allocate.
    let n = b.len() + 1;
    let mut stack = [0usize; 192];
    let mut heap = Vec::new();
    let rows: &mut [usize] = match 3 * n <= stack.len() {
        true => &mut stack[..3 * n],
        false => {
            heap.resize(3 * n, 0);
            &mut heap
        }
    };
    let (prev2, rest) = rows.split_at_mut(n);
    let (prev, cur) = rest.split_at_mut(n);
    let (mut prev2, mut prev, mut cur) = (prev2, prev, cur);
    for (j, d) in prev.iter_mut().enumerate() {
        *d = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        if cur.iter().all(|&d| d > limit) {
            return false;
        }
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    prev[b.len()] <= limit
}

/// `fold`ed and without anything but letters and digits.
fn key_letters(folded: &str) -> String {
    folded.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// `groups` as names, for tests and messages: each group's spellings, most used first.
pub fn group_names<'a>(tax: &'a Taxonomy, g: &Group) -> Vec<&'a Term> {
    g.terms.iter().map(|&i| &tax.terms[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaxonomyKind;
    use crate::model::taxonomy::tests::brief;

    /// The groups of a taxonomy of actors built from one list of actors per brief.
    fn grouped(briefs: &[&[&str]]) -> Vec<Vec<String>> {
        let briefs: Vec<_> = briefs
            .iter()
            .map(|actors| {
                let mut b = brief("x", &["Gulf"]);
                b.actors = actors.iter().map(|s| s.to_string()).collect();
                b
            })
            .collect();
        let (t, _) = Taxonomy::build(TaxonomyKind::Actors, &briefs);
        groups(&t).iter().map(|g| group_names(&t, g).iter().map(|t| t.name.clone()).collect()).collect()
    }

    #[test]
    fn transliterations_share_a_key() {
        for same in [
            &["Hizballah", "Hezbollah", "Hizbullah", "Hizbollah", "Hizb Allah", "Ḥizbullāh"][..],
            &["Qaddafi", "Gaddafi", "Gadhafi", "Kadhafi", "Qadhafi", "Khadafy"],
            &["Daesh", "Da'esh", "Da’esh", "DAESH"],
            &["al-Qaeda", "Al Qaeda", "el-Qaida", "Qaeda"],
            &["Muhammad", "Mohammed", "Mohamed"],
            &["Shiite", "Chiite"],
            &["Houthis", "Huthis"],
            &["Djibouti", "Jibuti"],
        ] {
            let k = key(same[0]);
            for name in same {
                assert_eq!(key(name), k, "{name} and {}", same[0]);
            }
        }
        assert_eq!(key("Hezbollah"), "hazbalah");
        assert_eq!(key("Qaddafi"), "kadafa");
        assert_eq!(key("Daesh"), "daS");
        for (a, b) in [("Iran", "Iraq"), ("Firefox OS", "Firefox ESR"), ("G7", "G8"), ("Niger", "Nigeria")] {
            assert_ne!(key(a), key(b), "{a} and {b}");
        }
        // The article goes only when written apart: `Aleppo` keeps its `Al`.
        assert_eq!(key("Aleppo"), "alapa");
        assert_eq!(key("Yemen"), "yaman");
    }

    #[test]
    fn similar_keeps_distinct_names_apart() {
        for (a, b) in [
            ("Hizballah", "Hezbollah"),
            ("Qaddafi", "Kadhafi"),
            ("Daesh", "Da'esh"),
            ("European Union", "European Unoin"),
            ("Iceland", "Ireland"),
            ("Tehran", "Teheran"),
            ("Muslim Brotherhood", "Muslim Brotherhod"),
        ] {
            assert!(similar(a, b), "{a} ~ {b}");
        }
        for (a, b) in [
            ("Firefox OS", "Firefox ESR"),
            ("Firefox Os", "Firefox Esr"),
            ("Iran", "Iraq"),
            ("Iran deal", "Iraq deal"),
            ("North Korea", "South Korea"),
            ("UNHCR", "UNHRC"),
            ("Resolution 2231", "Resolution 2232"),
            ("Niger", "Nigeria"),
            ("Austria", "Australia"),
            ("Oman", "Amman"),
            ("Islamic State", "Islamic State in Iraq"),
        ] {
            assert!(!similar(a, b), "{a} !~ {b}");
        }
    }

    #[test]
    fn within_agrees_with_edit_distance() {
        let words =
            ["regoin", "region", "kitten", "sitting", "", "abc", "hezbollah", "hizbollah", "ab", "ba", "iceland"];
        for a in words {
            for b in words {
                let d = crate::diagnostics::edit_distance(a, b);
                for limit in 0..4 {
                    assert_eq!(within(a.as_bytes(), b.as_bytes(), limit), d <= limit, "{a} {b} {limit}");
                }
            }
        }
    }

    #[test]
    fn near_names_are_suspects_and_short_or_distinct_ones_are_not() {
        let g = grouped(&[
            &["Hezbollah", "Iran", "European Union"],
            &["Hezbollah", "Iraq"],
            &["Hizbollah", "Niger", "Nigeria"],
            &["Austria", "Australia", "European Union", "European Unoin"],
        ]);
        assert_eq!(g, [vec!["European Union", "European Unoin"], vec!["Hezbollah", "Hizbollah"]]);
    }

    #[test]
    fn a_group_suggests_the_majority_spelling_and_lists_every_variant() {
        let g = grouped(&[
            &["Hizballah", "Firefox OS"],
            &["Hezbollah", "Firefox ESR", "Gaddafi"],
            &["Hezbollah", "Qaddafi"],
            &["Hezbollah", "Kadhafi", "Daesh"],
            &["Hizbullah", "Gadhafi", "Da'esh", "Gaddafi"],
            &["Hizballah", "Daesh", "Qaddafi"],
        ]);
        // Daesh and Da'esh share a slug (an apostrophe inside a word is dropped), so they are
        // one term already, flagged by the one-term-two-spellings check, not grouped here.
        assert_eq!(
            g,
            [
                // Gaddafi and Qaddafi have two briefs each: the alphabetically first wins.
                vec!["Gaddafi", "Qaddafi", "Gadhafi", "Kadhafi"],
                vec!["Hezbollah", "Hizballah", "Hizbullah"],
            ]
        );
    }

    #[test]
    fn a_spelling_joins_only_a_group_whose_suggestion_it_resembles() {
        // Sudan and Sidon share a skeleton; Simon is one letter from Sidon but not Sudan-like.
        let g = grouped(&[&["Sudan"], &["Sudan"], &["Sidon"], &["Simon"]]);
        assert_eq!(g, [vec!["Sudan", "Sidon"]]);
    }
}
