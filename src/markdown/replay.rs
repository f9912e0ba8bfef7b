//! Rendering that can be remembered between builds: a rendered body is stored with every link
//! and image destination the renderer asked about, and reused only when the same body, with
//! the same options and highlighter, would get the same answers to those questions again.
//!
//! The renderer's output depends on the body, the options, the highlighter and the answers of
//! its resolver (`LinkTarget`s), nothing else. A stored rendering keeps the questions in the
//! order they were asked and a hash of the answers; reusing it asks the current resolver the
//! same questions in the same order, so every side effect of the resolver (the links a
//! document depends on, the fragments left to check) happens exactly as in a fresh render, and
//! any different answer (a brief moved, an image changed size, a file appeared) means a fresh
//! render. Where the rendering is kept (disk, memory) is the `Memo`'s business.

use std::hash::Hasher;

use super::{Highlighter, Issue, IssueKind, LinkTarget, Options, Ref, RefKind, Rendered, TocEntry, render};

/// What identifies a rendering before its links are resolved: 128 bits from two unrelated
/// hashes of the body, the options, the highlighter and the program's own `salt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub [u8; 16]);

impl Key {
    /// The key of `body` rendered with `opts` and `hl` by a program identified by `salt`
    /// (its version and build: another program may render the same body differently).
    pub fn of(body: &str, opts: Options, hl: &Highlighter, salt: &str) -> Key {
        Key::of_digest(digest(body), opts, hl, salt)
    }

    /// `of`, from the body's `digest`: a build that let the body go after reading it keys
    /// its rendering without reading it again.
    pub fn of_digest(body: [u64; 2], opts: Options, hl: &Highlighter, salt: &str) -> Key {
        let mut sip = std::hash::DefaultHasher::new();
        let head = format!("{salt}\u{0}{}\u{0}{}\u{0}{}\u{0}", opts.smart_punctuation, opts.unsafe_html, hl.identity());
        sip.write(head.as_bytes());
        sip.write_u64(body[1]);
        let a = crate::hashing::combine([crate::hashing::bytes(head.as_bytes()), body[0]]);
        let mut k = [0u8; 16];
        k[..8].copy_from_slice(&a.to_le_bytes());
        k[8..].copy_from_slice(&sip.finish().to_le_bytes());
        Key(k)
    }

    /// The key as 32 lower-case hex digits.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Two unrelated 64-bit hashes of `body`: all a `Key` takes of it.
pub fn digest(body: &str) -> [u64; 2] {
    let mut sip = std::hash::DefaultHasher::new();
    sip.write(body.as_bytes());
    [crate::hashing::bytes(body.as_bytes()), sip.finish()]
}

/// One question the renderer asked its resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// The destination as written.
    pub dest: String,
    /// A link's or an image's.
    pub kind: RefKind,
    /// Byte offset in the body.
    pub offset: usize,
}

/// A rendering with what it asked: enough to reuse it when the answers have not changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The rendered body.
    pub rendered: Rendered,
    /// What the renderer found wrong.
    pub issues: Vec<Issue>,
    /// Every question asked of the resolver, in order.
    pub asked: Vec<Asked>,
    /// The hash of every answer, in order.
    pub answers: u64,
}

/// Where a memo left a rendering's HTML (`Memo::get_leaving_html`): which rendering, and a
/// place only that memo reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlAt {
    /// The rendering's key.
    pub key: Key,
    /// Where the memo keeps the HTML, in its own terms.
    pub place: [u64; 2],
}

/// Where renderings are kept between builds. Shared by the threads that render.
pub trait Memo: Sync {
    /// The rendering stored under `key`, if any (and readable).
    fn get(&self, key: &Key) -> Option<Recorded>;
    /// The rendering stored under `key` without its HTML, which stays where it is kept until
    /// `html` fetches it; with the place to fetch it from, or `None` when this memo has it
    /// whole (the HTML is then in the rendering). A build that keeps most pages from an
    /// earlier one never needs most HTML: reading only the rest is what makes it cheap.
    fn get_leaving_html(&self, key: &Key) -> Option<(Recorded, Option<HtmlAt>)> {
        self.get(key).map(|r| (r, None))
    }
    /// The HTML `get_leaving_html` left at `at`, if it is still there and intact. When it is
    /// not, the caller takes the rendering back (`stale`) and renders it afresh through the
    /// memo (`render_remembered`), which replaces it.
    fn html(&self, _at: &HtmlAt) -> Option<String> {
        None
    }
    /// Keep `rec` under `key`.
    fn put(&self, key: &Key, rec: &Recorded);
    /// `key`'s stored rendering was asked for and turned out not to hold (its links resolve
    /// differently now); a fresh one follows with `put`.
    fn stale(&self, _key: &Key) {}
}

/// Render `body` as `render` does, reusing `memo`'s rendering when its questions get the same
/// answers, and storing a fresh one otherwise. `reset` undoes whatever the resolver recorded
/// during a reuse that failed, before the fresh render asks again.
pub fn render_remembered(
    body: &str,
    opts: Options,
    hl: &Highlighter,
    memo: &dyn Memo,
    salt: &str,
    resolve: &dyn Fn(&Ref) -> LinkTarget,
    reset: &dyn Fn(),
) -> (Rendered, Vec<Issue>) {
    let key = Key::of(body, opts, hl, salt);
    reuse(&key, memo, resolve, reset, false).unwrap_or_else(|| render_and_keep(&key, body, opts, hl, memo, resolve))
}

/// The rendering `memo` keeps under `key`, when its links resolve as they did when it was
/// rendered (every question asked again, in order, so the resolver's side effects happen as in
/// a fresh render); with `leave_html`, without its HTML when the memo can leave it where it is
/// (`Memo::get_leaving_html`), naming the place to fetch it from (`Rendered::html_at`). `None` (after `reset`, when a stored one no longer held)
/// when the body must be rendered: `render_and_keep`.
pub fn reuse(
    key: &Key,
    memo: &dyn Memo,
    resolve: &dyn Fn(&Ref) -> LinkTarget,
    reset: &dyn Fn(),
    leave_html: bool,
) -> Option<(Rendered, Vec<Issue>)> {
    let (rec, at) = match leave_html {
        true => memo.get_leaving_html(key),
        false => memo.get(key).map(|r| (r, None)),
    }?;
    if answers_to(&rec.asked, resolve) == rec.answers {
        let mut rendered = rec.rendered;
        rendered.html_at = at;
        return Some((rendered, rec.issues));
    }
    memo.stale(key);
    reset();
    None
}

/// Render `body` as `render` does and keep the rendering in `memo` under `key` (the body's
/// `Key`), with the questions it asked `resolve`.
pub fn render_and_keep(
    key: &Key,
    body: &str,
    opts: Options,
    hl: &Highlighter,
    memo: &dyn Memo,
    resolve: &dyn Fn(&Ref) -> LinkTarget,
) -> (Rendered, Vec<Issue>) {
    let asked = std::cell::RefCell::new(Vec::new());
    let answers = std::cell::RefCell::new(AnswerHash::default());
    let (rendered, issues) = render(body, opts, hl, &|r| {
        let t = resolve(r);
        asked.borrow_mut().push(Asked { dest: r.dest.to_string(), kind: r.kind, offset: r.offset });
        answers.borrow_mut().add(&t);
        t
    });
    let rec = Recorded { rendered, issues, asked: asked.into_inner(), answers: answers.borrow().finish() };
    memo.put(key, &rec);
    (rec.rendered, rec.issues)
}

/// Ask `resolve` the recorded questions again, in order, and hash its answers.
fn answers_to(asked: &[Asked], resolve: &dyn Fn(&Ref) -> LinkTarget) -> u64 {
    let mut h = AnswerHash::default();
    for a in asked {
        h.add(&resolve(&Ref { dest: &a.dest, kind: a.kind, offset: a.offset }));
    }
    h.finish()
}

/// The hash of a sequence of answers; each answer is framed by its kind and lengths, so no
/// two sequences hash alike by shifting bytes from one answer to the next.
#[derive(Default, Clone)]
pub struct AnswerHash(std::hash::DefaultHasher);

impl AnswerHash {
    /// Add the next answer.
    pub fn add(&mut self, t: &LinkTarget) {
        let h = &mut self.0;
        let text = |h: &mut std::hash::DefaultHasher, s: &str| {
            h.write_usize(s.len());
            h.write(s.as_bytes());
        };
        match t {
            LinkTarget::Keep => h.write_u8(0),
            LinkTarget::Rewrite(u) => {
                h.write_u8(1);
                text(h, u);
            }
            LinkTarget::File { url, size } => {
                h.write_u8(2);
                text(h, url);
                match size {
                    Some((w, hh)) => {
                        h.write_u8(1);
                        h.write_u32(*w);
                        h.write_u32(*hh);
                    }
                    None => h.write_u8(0),
                }
            }
            LinkTarget::Broken(m) => {
                h.write_u8(3);
                text(h, m);
            }
        }
    }

    /// The hash of the answers added so far.
    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// `rec` as bytes, for `decode`: its HTML, then the rest (`encode_facts`). The build cache keeps
/// the two apart; this whole form is the tests' in-memory memo's.
#[cfg(test)]
pub fn encode(rec: &Recorded) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(rec.rendered.html.len() + rec.rendered.search_terms.len() + 256));
    w.text(&rec.rendered.html);
    write_facts(&mut w, rec);
    w.0
}

/// The rendering `encode` wrote, or `None` when `bytes` is not one (truncated, or not ours).
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Option<Recorded> {
    let mut r = Reader(bytes);
    let html = r.text()?;
    let mut rec = read_facts(r)?;
    rec.rendered.html = html;
    Some(rec)
}

/// Everything of `rec` but its HTML, as bytes, for `decode_facts`: what a build needs of a
/// brief whose page it keeps from an earlier build.
pub fn encode_facts(rec: &Recorded) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(rec.rendered.search_terms.len() + 256));
    write_facts(&mut w, rec);
    w.0
}

/// The rendering `encode_facts` wrote, with no HTML, or `None` when `bytes` is not one.
pub fn decode_facts(bytes: &[u8]) -> Option<Recorded> {
    read_facts(Reader(bytes))
}

fn write_facts(w: &mut Writer, rec: &Recorded) {
    let r = &rec.rendered;
    w.num(r.toc.len());
    for e in &r.toc {
        w.toc(e);
    }
    w.num(r.heading_count);
    w.text(&r.first_paragraph);
    w.num(r.word_count);
    w.text(&r.search_terms);
    w.num(r.anchors.len());
    for a in &r.anchors {
        w.text(a);
    }
    w.num(rec.issues.len());
    for i in &rec.issues {
        w.num(i.offset);
        w.num(issue_code(i.kind));
        w.text(&i.target);
        w.text(&i.message);
    }
    w.num(rec.asked.len());
    for a in &rec.asked {
        w.text(&a.dest);
        w.num(usize::from(a.kind == RefKind::Image));
        w.num(a.offset);
    }
    w.0.extend_from_slice(&rec.answers.to_le_bytes());
}

fn read_facts(mut r: Reader) -> Option<Recorded> {
    let html = String::new();
    let toc = (0..r.count()?).map(|_| r.toc(0)).collect::<Option<Vec<_>>>()?;
    let heading_count = r.num()?;
    let first_paragraph = r.text()?;
    let word_count = r.num()?;
    let search_terms = r.text()?;
    let anchors = (0..r.count()?).map(|_| r.text()).collect::<Option<Vec<_>>>()?;
    let rendered =
        Rendered { html, toc, heading_count, first_paragraph, word_count, search_terms, anchors, html_at: None };
    let issues = (0..r.count()?)
        .map(|_| Some(Issue { offset: r.num()?, kind: issue_kind(r.num()?)?, target: r.text()?, message: r.text()? }))
        .collect::<Option<Vec<_>>>()?;
    let asked = (0..r.count()?)
        .map(|_| {
            let dest = r.text()?;
            let kind = match r.num()? {
                0 => RefKind::Link,
                1 => RefKind::Image,
                _ => return None,
            };
            Some(Asked { dest, kind, offset: r.num()? })
        })
        .collect::<Option<Vec<_>>>()?;
    let answers = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
    r.0.is_empty().then_some(Recorded { rendered, issues, asked, answers })
}

/// Each issue kind's number in the stored form; never reuse a number for another kind.
const ISSUE_KINDS: [IssueKind; 9] = [
    IssueKind::BrokenLink,
    IssueKind::BrokenImage,
    IssueKind::MissingAlt,
    IssueKind::UndefinedFootnote,
    IssueKind::UnusedFootnote,
    IssueKind::DuplicateFootnote,
    IssueKind::DroppedAttribute,
    IssueKind::DisabledUrl,
    IssueKind::ForeignTemplate,
];

fn issue_code(k: IssueKind) -> usize {
    ISSUE_KINDS.iter().position(|&x| x == k).expect("every issue kind is listed")
}

fn issue_kind(n: usize) -> Option<IssueKind> {
    ISSUE_KINDS.get(n).copied()
}

/// Little-endian, length-prefixed writing of the stored form.
struct Writer(Vec<u8>);

impl Writer {
    fn num(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn text(&mut self, s: &str) {
        self.num(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn toc(&mut self, e: &TocEntry) {
        self.num(usize::from(e.level));
        self.text(&e.id);
        self.text(&e.title);
        self.num(e.children.len());
        for c in &e.children {
            self.toc(c);
        }
    }
}

/// The reading side of `Writer`: every read is checked, so a damaged file is `None`, never a
/// panic or a huge allocation.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn num(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    /// A length or a number of items: none can exceed what is left to read.
    fn count(&mut self) -> Option<usize> {
        self.num().filter(|&n| n <= self.0.len())
    }

    fn text(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    /// A table of contents entry; nesting deeper than headings go is damage.
    fn toc(&mut self, depth: usize) -> Option<TocEntry> {
        if depth > 6 {
            return None;
        }
        let level = u8::try_from(self.num()?).ok().filter(|l| (1..=6).contains(l))?;
        let (id, title) = (self.text()?, self.text()?);
        let children = (0..self.count()?).map(|_| self.toc(depth + 1)).collect::<Option<Vec<_>>>()?;
        Some(TocEntry { level, id, title, children })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Mem {
        kept: Mutex<HashMap<Key, Vec<u8>>>,
        stale: Mutex<usize>,
    }

    impl Memo for Mem {
        fn get(&self, key: &Key) -> Option<Recorded> {
            self.kept.lock().unwrap().get(key).and_then(|b| decode(b))
        }
        fn put(&self, key: &Key, rec: &Recorded) {
            self.kept.lock().unwrap().insert(*key, encode(rec));
        }
        fn stale(&self, _key: &Key) {
            *self.stale.lock().unwrap() += 1;
        }
    }

    const BODY: &str = "# Title {#t}\n\nSee [the other](other.md) and ![map](map.png) and [x][^1].\n\n\
        ## Two\n\n```python\nprint('hi')\n```\n\n[^1]: A note.\n\n[^2]: Unused.\n";

    fn resolver(url: &'static str) -> impl Fn(&Ref) -> LinkTarget {
        move |r: &Ref| match r.kind {
            RefKind::Image => LinkTarget::File { url: "/map.png".into(), size: Some((10, 20)) },
            RefKind::Link if r.dest == "other.md" => LinkTarget::Rewrite(url.into()),
            RefKind::Link => LinkTarget::Keep,
        }
    }

    #[test]
    fn a_stored_rendering_reads_back_whole() {
        let hl = Highlighter::new();
        let memo = Mem::default();
        let resolve = resolver("/briefs/other/");
        let fresh = render(BODY, Options::default(), &hl, &resolve);
        let first = render_remembered(BODY, Options::default(), &hl, &memo, "v1", &resolve, &|| {});
        assert_eq!(first, fresh);
        assert!(!fresh.1.is_empty(), "the body has a footnote issue to carry");
        let (key, bytes) = memo.kept.lock().unwrap().iter().map(|(k, v)| (*k, v.clone())).next().unwrap();
        let rec = decode(&bytes).expect("decodes");
        assert_eq!(encode(&rec), bytes);
        assert_eq!((rec.rendered, rec.issues), fresh);
        assert_eq!(key, Key::of(BODY, Options::default(), &hl, "v1"));
        // Every truncation is refused, never trusted.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "a file cut at {n} bytes must not decode");
        }
    }

    #[test]
    fn a_rendering_is_reused_only_while_its_links_resolve_alike() {
        let hl = Highlighter::new();
        let memo = Mem::default();
        let asked = std::cell::Cell::new(0);
        let counting = |url: &'static str| {
            let inner = resolver(url);
            let asked = &asked;
            move |r: &Ref| {
                asked.set(asked.get() + 1);
                inner(r)
            }
        };
        let first = render_remembered(BODY, Options::default(), &hl, &memo, "v1", &counting("/a/"), &|| {});
        let calls = asked.take();
        let again = render_remembered(BODY, Options::default(), &hl, &memo, "v1", &counting("/a/"), &|| {});
        assert_eq!(again, first);
        assert_eq!(asked.take(), calls, "a reuse asks the same questions");
        assert_eq!(*memo.stale.lock().unwrap(), 0);
        // The linked brief moved: the stored rendering no longer holds.
        let resets = std::cell::Cell::new(0);
        let moved = render_remembered(BODY, Options::default(), &hl, &memo, "v1", &counting("/b/"), &|| resets.set(1));
        assert_eq!(moved, render(BODY, Options::default(), &hl, &resolver("/b/")));
        assert!(moved.0.html.contains("/b/") && !moved.0.html.contains("\"/a/\""));
        assert_eq!((*memo.stale.lock().unwrap(), resets.get()), (1, 1));
    }

    #[test]
    fn the_key_covers_options_program_and_body() {
        let hl = Highlighter::new();
        let base = Key::of(BODY, Options::default(), &hl, "v1");
        let smart = Options { smart_punctuation: true, ..Options::default() };
        assert_ne!(base, Key::of(BODY, smart, &hl, "v1"));
        assert_ne!(base, Key::of(BODY, Options::default(), &hl, "v2"));
        assert_ne!(base, Key::of(&BODY.replace("hi", "ho"), Options::default(), &hl, "v1"));
        let other = Highlighter::with_themes("InspiredGitHub", "Solarized (dark)");
        assert_ne!(base, Key::of(BODY, Options::default(), &other, "v1"));
        assert_eq!(base.hex().len(), 32);
    }
}
