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
//! not cross threads. Their keys name the syntax set they were parsed with (`set`), since a
//! state's contexts are indices into it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::rc::Rc;
use std::sync::{Arc, RwLock};

use syntect::parsing::{ParseState, ScopeStackOp};

use crate::hashing::FastBuild;

/// The most (state, line) pairs kept per thread.
const MAX_LINES: usize = 1 << 15;
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
    /// Keys seen once: a pair is kept on its second sighting, so code seen once (most of it)
    /// fills nothing.
    seen: Seen,
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

/// Whole blocks, shared by every thread of a build.
#[derive(Default)]
pub(super) struct Blocks {
    kept: RwLock<(HashMap<u64, (Box<str>, Arc<str>), FastBuild>, usize)>,
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

/// True when this thread has met `key` before (so its parse is worth keeping).
pub(super) fn line_seen_before(key: u64) -> bool {
    LINES.with_borrow_mut(|lines| lines.kept.len() < MAX_LINES && lines.seen.again(key))
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
#[cfg(test)]
pub(super) fn line_counts() -> (usize, usize) {
    LINES.with_borrow(|lines| (lines.hits, lines.parsed))
}

impl Blocks {
    /// The kept HTML of the block `code` under `key`, if any.
    pub(super) fn get(&self, key: u64, code: &str) -> Option<Arc<str>> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        kept.0.get(&key).filter(|(c, _)| &**c == code).map(|(_, html)| html.clone())
    }

    /// Keep the HTML of the block `code` under `key` if the key was seen before.
    pub(super) fn offer(&self, key: u64, code: &str, html: &str) {
        if !self.seen.lock().unwrap_or_else(|e| e.into_inner()).again(key) {
            return;
        }
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        let size = code.len() + html.len();
        if kept.1 + size <= MAX_BLOCK_BYTES && !kept.0.contains_key(&key) {
            kept.0.insert(key, (code.into(), html.into()));
            kept.1 += size;
        }
    }
}
