//! What syntect made of lines and blocks seen before, so that code pasted again costs a lookup.
//!
//! syntect's `ParseState::parse_line` is a function of the parse state at the start of the
//! line and the line's text alone: the same line in the same state gives the same scope
//! operations and the same next state, whichever block it is in. Blank lines, closing
//! brackets, imports and the lines of snippets that analysts paste again and again recur
//! across a site, so each (state, line) seen twice is kept and replayed. A hit is checked
//! against the full state and text, never trusted to a hash, so the output is syntect's own.
//! Whole blocks seen twice are kept as their HTML. Both stores are bounded, so a site of
//! unique code costs a fixed amount of memory and a lookup per line, and nothing more.
//!
//! Lines are kept per thread: a parse state can hold an Oniguruma match region, which may
//! not cross threads (and compares equal only to itself, so a line parsed inside a heredoc or
//! a raw string is never replayed: a miss, never a wrong hit). Their keys name the syntax set they were parsed with (`set`), since a
//! state's contexts are indices into it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::rc::Rc;
use std::sync::{Arc, RwLock};

use syntect::parsing::{ParseState, ScopeStackOp};

use crate::hashing::FastBuild;

/// The most (state, line) pairs kept per thread.
const MAX_LINES: usize = 1 << 14;
/// The most bytes of block HTML kept.
const MAX_BLOCK_BYTES: usize = 16 << 20;
/// The most first sightings remembered (as hashes) while waiting for a second.
const MAX_SEEN: usize = 1 << 18;

/// One line as syntect parsed it from one state.
pub(super) struct Line {
    text: Box<str>,
    start: ParseState,
    /// The scope operations, as `parse_line` returned them.
    pub ops: Vec<(usize, ScopeStackOp)>,
    /// The state after the line, and its fingerprint.
    pub end: ParseState,
    pub end_print: u64,
}

/// The lines kept by one thread.
#[derive(Default)]
struct Lines {
    kept: HashMap<u64, Rc<Line>, FastBuild>,
    /// Lookups answered from `kept`, and lines parsed, for tests.
    hits: usize,
    parsed: usize,
}

thread_local! {
    static LINES: RefCell<Lines> = RefCell::new(Lines::default());
}

/// Hashes of keys seen once, up to `MAX_SEEN`.
#[derive(Default)]
struct Seen(HashSet<u64, FastBuild>);

impl Seen {
    /// True when `key` was seen before; records it otherwise.
    fn again(&mut self, key: u64) -> bool {
        if self.0.contains(&key) {
            return true;
        }
        if self.0.len() < MAX_SEEN {
            self.0.insert(key);
        }
        false
    }
}

/// Kept blocks by key, as (code, HTML), and the bytes they take.
type Blocks = (HashMap<u64, (Box<str>, Arc<str>), FastBuild>, usize);

/// What every thread of a build shares: whole blocks, and the keys of lines and blocks seen.
#[derive(Default)]
pub(super) struct Shared {
    blocks: RwLock<Blocks>,
    /// Keys seen once: a pair or a block is kept on its second sighting (by whichever thread
    /// meets it), so code seen once (most of it) fills nothing.
    seen: std::sync::Mutex<Seen>,
}

/// A fingerprint of a parse state: a hash of its full `Debug` form, which shows every field.
pub(super) fn fingerprint(state: &ParseState) -> u64 {
    struct HashWriter<H>(H);
    impl<H: Hasher> std::fmt::Write for HashWriter<H> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut w = HashWriter(FastBuild::default().build_hasher());
    let _ = std::fmt::Write::write_fmt(&mut w, format_args!("{state:?}"));
    w.0.finish()
}

/// The key of `text` parsed with syntax set `set` from a state of fingerprint `print`.
pub(super) fn line_key(set: u64, print: u64, text: &str) -> u64 {
    let mut h = FastBuild::default().build_hasher();
    h.write_u64(set);
    h.write_u64(print);
    h.write(text.as_bytes());
    h.finish()
}

/// This thread's kept parse of `text` from `state`, if any.
pub(super) fn line(key: u64, text: &str, state: &ParseState) -> Option<Rc<Line>> {
    LINES.with_borrow_mut(|lines| {
        let line = lines.kept.get(&key).filter(|l| &*l.text == text && l.start == *state).cloned();
        if line.is_some() {
            lines.hits += 1;
        } else {
            lines.parsed += 1;
        }
        line
    })
}

/// True when `key` was met before by any thread (so its parse is worth keeping here).
pub(super) fn line_seen_before(shared: &Shared, key: u64) -> bool {
    LINES.with_borrow(|lines| lines.kept.len() < MAX_LINES) && shared.seen_before(key)
}

/// Keep the parse of `text` from `start` on this thread.
pub(super) fn keep_line(
    key: u64,
    text: &str,
    start: ParseState,
    ops: &[(usize, ScopeStackOp)],
    end: &ParseState,
    end_print: u64,
) {
    LINES.with_borrow_mut(|lines| {
        if lines.kept.len() < MAX_LINES {
            let line = Line { text: text.into(), start, ops: ops.to_vec(), end: end.clone(), end_print };
            lines.kept.entry(key).or_insert_with(|| Rc::new(line));
        }
    })
}

/// Lines this thread answered from what it kept, and lines it parsed, so far.
pub(super) fn line_counts() -> (usize, usize) {
    LINES.with_borrow(|lines| (lines.hits, lines.parsed))
}

impl Shared {
    /// True when `key` was seen before; records it otherwise.
    fn seen_before(&self, key: u64) -> bool {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).again(key)
    }

    /// The kept HTML of the block `code` under `key`, if any.
    pub(super) fn block(&self, key: u64, code: &str) -> Option<Arc<str>> {
        let kept = self.blocks.read().unwrap_or_else(|e| e.into_inner());
        kept.0.get(&key).filter(|(c, _)| &**c == code).map(|(_, html)| html.clone())
    }

    /// Keep the HTML of the block `code` under `key` if the key was seen before.
    pub(super) fn offer_block(&self, key: u64, code: &str, html: &str) {
        if !self.seen_before(key) {
            return;
        }
        let mut kept = self.blocks.write().unwrap_or_else(|e| e.into_inner());
        let size = code.len() + html.len();
        if kept.1 + size <= MAX_BLOCK_BYTES && !kept.0.contains_key(&key) {
            kept.0.insert(key, (code.into(), html.into()));
            kept.1 += size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Highlighter;
    use proptest::prelude::*;

    /// Lines per language, chosen to open and close states across lines: block comments,
    /// strings over several lines, heredocs and raw strings (whose end is matched by a
    /// back-reference to how they began), nested brackets, and plain lines that recur.
    #[rustfmt::skip]
    const POOLS: &[(&str, &[&str])] = &[
        (
            "python",
            &[
                "import os\n",
                "def f(x, y=2):\n",
                "    \"\"\"Doc\n",
                "    still doc\"\"\"\n",
                "    return {'a': [x, y]}\n",
                "class A(B):\n",
                "    s = f'{x!r:>10}'  # c\n",
                "\n",
                "x = r'''raw\n",
                "'''\n",
                "@dec\n",
                "    pass\n",
                "}\n",
            ],
        ),
        (
            "bash",
            &[
                "cat <<EOF\n",
                "text $HOME\n",
                "EOF\n",
                "cat <<'END'\n",
                "END\n",
                "for f in *.md; do\n",
                "  echo \"$f\"\n",
                "done\n",
                "x=$(ls | wc -l) # n\n",
                "\n",
                "if [[ -z \"$x\" ]]; then\n",
                "fi\n",
                "'open\n",
                "close'\n",
            ],
        ),
        (
            "rust",
            &[
                "fn main() {\n",
                "}\n",
                "let s = r#\"raw\n",
                "still \"# raw\"#;\n",
                "/* block\n",
                "end */ let x = 1;\n",
                "/// doc\n",
                "impl<'a> T for S<'a> {\n",
                "    match x { Some(y) => y, None => 0 }\n",
                "\n",
                "let v: Vec<_> = (0..3).map(|i| i * 2).collect();\n",
                "\"open\n",
                "close\";\n",
            ],
        ),
        (
            "javascript",
            &[
                "const a = `tmpl ${x}\n",
                "more`;\n",
                "function f(a, b) {\n",
                "}\n",
                "/* c\n",
                "*/\n",
                "let r = /a[b]+/g;\n",
                "class C extends D { #p = 1; }\n",
                "\n",
                "obj?.k ?? [1, 2].map((x) => x * 2);\n",
            ],
        ),
        (
            "sql",
            &[
                "SELECT a, COUNT(*) FROM t\n",
                "WHERE b = 'x\n",
                "y' AND c > 1 -- c\n",
                "/* c\n",
                "*/ GROUP BY a;\n",
                "\n",
            ],
        ),
        (
            "yaml",
            &[
                "key: value\n",
                "list:\n",
                "  - a\n",
                "  - 'b'\n",
                "text: |\n",
                "  block\n",
                "other: &x {a: 1}\n",
                "\n",
                "# c\n",
            ],
        ),
        (
            "html",
            &[
                "<div class=\"a\">\n",
                "</div>\n",
                "<script>\n",
                "let x = 1 < 2;\n",
                "</script>\n",
                "<!-- c\n",
                "-->\n",
                "<style>\n",
                "a { color: red }\n",
                "</style>\n",
                "\n",
            ],
        ),
        ("c", &["#include <stdio.h>\n", "int main(void) {\n", "}\n", "/* c\n", "*/\n", "char *s = \"a\\n\";\n", "\n"]),
        ("go", &["package main\n", "func f() {\n", "}\n", "s := `raw\n", "more`\n", "\n", "for i := range xs {\n"]),
        ("json", &["{\n", "}\n", "\"a\": [1, 2],\n", "// c\n", "[\n", "]\n", "\"open\n"]),
    ];

    fn block(lang: usize, picks: &[usize]) -> (&'static str, String) {
        let (name, pool) = POOLS[lang % POOLS.len()];
        (name, picks.iter().map(|i| pool[i % pool.len()]).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Replayed lines and kept blocks give exactly what syntect gives unaided.
        #[test]
        fn remembering_changes_nothing(
            blocks in prop::collection::vec((0usize..64, prop::collection::vec(0usize..64, 1..24)), 1..12),
        ) {
            let remembering = Highlighter::new();
            let mut unaided = Highlighter::new();
            unaided.remember = false;
            // Twice over, so the second round meets lines (and blocks) kept in the first.
            for (lang, picks) in blocks.iter().chain(&blocks) {
                let (lang, code) = block(*lang, picks);
                prop_assert_eq!(remembering.highlight(&code, lang), unaided.highlight(&code, lang), "{}: {:?}", lang, code);
            }
        }
    }

    #[test]
    fn recurring_lines_are_replayed_not_parsed() {
        let h = Highlighter::new();
        let (hits, parsed) = super::line_counts();
        for round in 0..3 {
            for (lang, pool) in POOLS {
                let code: String = pool.iter().rev().copied().collect::<String>() + &round.to_string();
                h.highlight(&code, lang).unwrap();
            }
        }
        let (hits, parsed) = (super::line_counts().0 - hits, super::line_counts().1 - parsed);
        // The first round parses every line, the second keeps them, the third replays them.
        assert!(hits * 4 >= parsed, "{hits} lines replayed, {parsed} parsed");
    }
}
