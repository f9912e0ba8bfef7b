//! Markdown → HTML with pulldown-cmark: unique heading ids with anchor links, a table of
//! contents, highlighted code, resolved internal links, callouts, the first paragraph as plain
//! text and a word count. Knows nothing of sites: links are resolved through a callback.

pub mod highlight;
mod json_scopes;

use std::collections::HashSet;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};

pub use highlight::Highlighter;

/// Rendering switches from `site.yaml`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Curly quotes, en/em dashes, ellipses.
    pub smart_punctuation: bool,
    /// Keep raw HTML written in the Markdown (trusted authors). When false, it is shown as
    /// text, and links to `javascript:`, `vbscript:` and non-image `data:` URLs are disabled.
    pub unsafe_html: bool,
}

/// URL schemes that run code when followed.
fn is_script_url(url: &str) -> bool {
    let u: String = url.trim_start().chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let u = u.to_ascii_lowercase();
    u.starts_with("javascript:")
        || u.starts_with("vbscript:")
        || (u.starts_with("data:") && !u.starts_with("data:image/"))
}

/// One heading in the table of contents, with the headings nested under it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id`.
    pub id: String,
    /// The heading as plain text.
    pub title: String,
    /// Deeper headings until the next heading of this level or higher.
    pub children: Vec<TocEntry>,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Nested table of contents.
    pub toc: Vec<TocEntry>,
    /// Number of headings (all levels), to decide whether a TOC is worth showing.
    pub heading_count: usize,
    /// The first top-level paragraph as plain text (the default summary).
    pub first_paragraph: String,
    /// Words outside code blocks.
    pub word_count: usize,
    /// The body's distinct search tokens (see `crate::text`), joined by spaces in the order
    /// first met:
    /// one string rather than a vector keeps thousands of briefs light in memory.
    pub search_terms: String,
}

/// What a link destination turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Not ours to touch (external, anchor-only, a static file).
    Keep,
    /// A link to another document, rewritten to its URL.
    Rewrite(String),
    /// A link to a document that does not exist; the message says why.
    Broken(String),
}

/// A broken link found while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkIssue {
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// The destination as written.
    pub target: String,
    /// Why it could not be resolved.
    pub message: String,
}

/// A paragraph holding nothing but an image with a title becomes a `<figure>` whose caption
/// is the title: `![Map of the strait](map.png "Shipping lanes, March 2026")`.
fn figures(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // First find the paragraphs to replace (first and last event, and the figure's HTML)...
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i + 1 < events.len() {
        if let (Event::Start(Tag::Paragraph), Event::Start(Tag::Image { dest_url, title, .. })) =
            (&events[i], &events[i + 1])
            && !title.is_empty()
            && let Some(end) = (i + 2..events.len()).find(|&j| matches!(events[j], Event::End(TagEnd::Image)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)))
        {
            let mut alt = String::new();
            for e in &events[i + 2..end] {
                if let Event::Text(t) | Event::Code(t) = e {
                    alt.push_str(t);
                }
            }
            let html = format!(
                "<figure>\n<img src=\"{}\" alt=\"{}\">\n<figcaption>{}</figcaption>\n</figure>\n",
                escape_html(dest_url),
                escape_html(&alt),
                escape_html(title)
            );
            found.push((i, end + 1, html));
            i = end + 2;
        } else {
            i += 1;
        }
    }
    if found.is_empty() {
        return events;
    }
    // ...then move every other event across unchanged.
    let mut out = Vec::with_capacity(events.len());
    let mut next = found.into_iter().peekable();
    for (k, e) in events.into_iter().enumerate() {
        match next.peek_mut() {
            Some((first, last, html)) if k >= *first => {
                if k == *first {
                    out.push(Event::Html(std::mem::take(html).into()));
                }
                if k == *last {
                    next.next();
                }
            }
            _ => out.push(e),
        }
    }
    out
}

/// Render `body`. `resolve` decides what each link destination becomes.
pub fn render(
    body: &str,
    opts: Options,
    hl: &Highlighter,
    resolve: &dyn Fn(&str) -> LinkTarget,
) -> (Rendered, Vec<LinkIssue>) {
    let mut po = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
        | pulldown_cmark::Options::ENABLE_GFM;
    if opts.smart_punctuation {
        po |= pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut r = Renderer::default_with(hl, resolve);
    r.escape_html = !opts.unsafe_html;
    for (event, range) in Parser::new_ext(body, po).into_offset_iter() {
        r.event(event, range.start);
    }
    // Written into a per-thread scratch buffer and copied out at its exact size: every brief's
    // HTML stays in memory for the rest of the build, and growing (or shrinking) it in place
    // left holes in the heap that nothing else fitted (60 MB of the peak at 100,000 briefs).
    thread_local! {
        static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let events = figures(r.out);
    let html_out = SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        scratch.clear();
        html::push_html(&mut scratch, events.into_iter());
        scratch.as_str().to_owned()
    });
    let rendered = Rendered {
        html: html_out,
        toc: nest(&r.flat_toc),
        heading_count: r.flat_toc.len(),
        first_paragraph: r.first_paragraph.unwrap_or_default().trim().to_string(),
        word_count: r.word_count,
        search_terms: r.tokens.in_order(),
    };
    r.tokens.clear();
    TOKENS.with(|t| *t.borrow_mut() = Some(r.tokens));
    (rendered, r.issues)
}

thread_local! {
    /// A token set per thread, cleared and reused from one text to the next: a new one per
    /// brief grew its table and buffers afresh, in new memory, every time.
    static TOKENS: std::cell::RefCell<Option<crate::text::TokenSet>> = const { std::cell::RefCell::new(None) };
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    inner: Vec<Event<'a>>,
    text: String,
}

struct Renderer<'a, 'r> {
    hl: &'r Highlighter,
    resolve: &'r dyn Fn(&str) -> LinkTarget,
    out: Vec<Event<'a>>,
    heading: Option<PendingHeading<'a>>,
    code: Option<(String, String)>,
    flat_toc: Vec<(u8, String, String)>,
    used_ids: HashSet<String>,
    depth: usize,
    capturing: bool,
    first_paragraph: Option<String>,
    word_count: usize,
    /// The distinct words of all prose text, for the search index.
    tokens: crate::text::TokenSet,
    /// Show raw HTML from the Markdown as text and disable script URLs.
    escape_html: bool,
    issues: Vec<LinkIssue>,
}

impl<'a, 'r> Renderer<'a, 'r> {
    fn default_with(hl: &'r Highlighter, resolve: &'r dyn Fn(&str) -> LinkTarget) -> Self {
        Renderer {
            hl,
            resolve,
            out: Vec::new(),
            heading: None,
            code: None,
            flat_toc: Vec::new(),
            used_ids: HashSet::new(),
            depth: 0,
            capturing: false,
            first_paragraph: None,
            word_count: 0,
            tokens: TOKENS.with(|t| t.borrow_mut().take()).unwrap_or_default(),
            escape_html: false,
            issues: Vec::new(),
        }
    }

    fn emit(&mut self, e: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.inner.push(e),
            None => self.out.push(e),
        }
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Some((lang, buf)) = &mut self.code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(self.hl, lang, buf);
                    self.code = None;
                    self.out.push(Event::Html(html.into()));
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading =
                    Some(PendingHeading { level, id, classes, attrs, inner: Vec::new(), text: String::new() });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    let html = self.finish_heading(h);
                    self.out.push(Event::Html(html.into()));
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if self.escape_html => self.emit(Event::Text(t)),
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. })
                if self.escape_html && is_script_url(dest_url) =>
            {
                let mut event = event;
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
                    *dest_url = CowStr::Borrowed("#");
                }
                self.emit(event);
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match (self.resolve)(&dest_url) {
                    LinkTarget::Keep => dest_url,
                    LinkTarget::Rewrite(url) => url.into(),
                    LinkTarget::Broken(message) => {
                        self.issues.push(LinkIssue { offset, target: dest_url.to_string(), message });
                        dest_url
                    }
                };
                self.emit(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.depth += 1;
                let (class, label) = callout(kind);
                self.emit(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.depth = self.depth.saturating_sub(1);
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Paragraph) => {
                if self.depth == 0 && self.first_paragraph.is_none() && self.heading.is_none() {
                    self.capturing = true;
                    self.first_paragraph = Some(String::new());
                }
                self.emit(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                self.capturing = false;
                self.emit(Event::End(TagEnd::Paragraph));
            }
            Event::Start(
                t
                @ (Tag::BlockQuote(None) | Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::Table(_) | Tag::HtmlBlock),
            ) => {
                self.depth += 1;
                self.emit(Event::Start(t));
            }
            Event::End(
                t @ (TagEnd::BlockQuote(None)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::HtmlBlock),
            ) => {
                self.depth = self.depth.saturating_sub(1);
                self.emit(Event::End(t));
            }
            Event::Text(t) => {
                self.word_count += count_words(&t);
                self.plain(&t);
                self.emit(Event::Text(t));
            }
            Event::Code(t) => {
                self.word_count += count_words(&t);
                self.plain(&t);
                self.emit(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain(" ");
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    /// Collect plain text for the heading being built and the first paragraph.
    fn plain(&mut self, s: &str) {
        self.tokens.add(s);
        if let Some(h) = &mut self.heading {
            h.text.push_str(s);
        }
        if self.capturing
            && let Some(p) = &mut self.first_paragraph
        {
            p.push_str(s);
        }
    }

    fn finish_heading(&mut self, h: PendingHeading<'a>) -> String {
        let level = h.level as u8;
        let title = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let base = match &h.id {
            Some(id) => id.to_string(),
            None => {
                let s = crate::slug::slugify(&title);
                if s.is_empty() { "section".to_string() } else { s }
            }
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let mut inner = String::new();
        html::push_html(&mut inner, h.inner.into_iter());
        let mut attrs = String::new();
        if !h.classes.is_empty() {
            let classes: Vec<&str> = h.classes.iter().map(|c| c.as_ref()).collect();
            attrs.push_str(&format!(" class=\"{}\"", escape_html(&classes.join(" "))));
        }
        for (k, v) in &h.attrs {
            match v {
                Some(v) => attrs.push_str(&format!(" {}=\"{}\"", escape_html(k), escape_html(v))),
                None => attrs.push_str(&format!(" {}", escape_html(k))),
            }
        }
        let id_attr = escape_html(&id);
        self.flat_toc.push((level, id, title));
        format!(
            "<h{level} id=\"{id_attr}\"{attrs}>{inner} <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
        )
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn code_block(hl: &Highlighter, lang: &str, code: &str) -> String {
    let lang_attr = escape_html(lang);
    match hl.highlight(code, lang) {
        Some(h) => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{h}</code></pre>\n"
        ),
        None if lang.is_empty() => format!("<pre class=\"code\"><code>{}</code></pre>\n", escape_html(code)),
        None => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
            escape_html(code)
        ),
    }
}

/// Escape text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(s, &mut out);
    out
}

/// `escape_html` appending to `out`. This runs over every code block and most attributes of
/// a build.
pub fn escape_into(s: &str, out: &mut String) {
    escape_with(s, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Append `s` to `out` with each ASCII byte that `replace` maps replaced. The runs between
/// replaced bytes are copied whole.
pub fn escape_with(s: &str, out: &mut String, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(rep) = replace(b) {
            out.push_str(&s[from..i]);
            out.push_str(rep);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}

/// What `t.split_whitespace().count()` gives, without the iterator machinery: this runs over
/// every text event of every brief.
fn count_words(t: &str) -> usize {
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

/// Turn the flat heading list into a tree: each heading holds the deeper ones after it.
fn nest(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn build(items: &[(u8, String, String)], i: &mut usize, parent_level: u8) -> Vec<TocEntry> {
        let mut out = Vec::new();
        while *i < items.len() && items[*i].0 > parent_level {
            let (level, id, title) = &items[*i];
            *i += 1;
            let children = build(items, i, *level);
            out.push(TocEntry { level: *level, id: id.clone(), title: title.clone(), children });
        }
        out
    }
    let mut i = 0;
    let mut out = Vec::new();
    while i < flat.len() {
        out.extend(build(flat, &mut i, 0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> Rendered {
        render(s, Options { smart_punctuation: true, unsafe_html: true }, &Highlighter::new(), &|_| LinkTarget::Keep).0
    }

    #[test]
    fn raw_html_is_kept_for_trusted_authors_and_shown_as_text_otherwise() {
        let src = "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b> [go](javascript:alert(2)) [ok](https://example.org/) ![i](data:text/html,x)\n";
        let kept = md(src).html;
        assert!(kept.contains("<script>alert(1)</script>") && kept.contains("<b onclick"), "{kept}");
        let safe = render(src, Options { smart_punctuation: false, unsafe_html: false }, &Highlighter::new(), &|_| {
            LinkTarget::Keep
        })
        .0
        .html;
        assert!(!safe.contains("<script") && !safe.contains("<b "), "{safe}");
        assert!(safe.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{safe}");
        assert!(!safe.contains("javascript:") && !safe.contains("data:text"), "{safe}");
        assert!(safe.contains("href=\"https://example.org/\""), "{safe}");
        assert!(
            is_script_url(" JavaScript:x")
                && is_script_url("java\tscript:x")
                && !is_script_url("data:image/png;base64,x")
        );
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let r = md("## Next steps\n\n## Next steps\n\n### Détails {#custom}\n");
        assert!(
            r.html.contains("<h2 id=\"next-steps\">Next steps <a class=\"anchor\" href=\"#next-steps\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"next-steps-1\""));
        assert!(r.html.contains("<h3 id=\"custom\">"));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].id, "custom");
        assert_eq!(r.heading_count, 3);
    }

    #[test]
    fn toc_nests_by_level() {
        let r = md("# A\n## B\n### C\n## D\n# E\n");
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[0].children[0].title, "C");
    }

    #[test]
    fn gfm_extensions() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: A source.\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }

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

    #[test]
    fn smart_punctuation_is_optional() {
        assert!(md("\"quoted\" -- dash").html.contains('“'));
        let plain = render("\"quoted\"", Options::default(), &Highlighter::new(), &|_| LinkTarget::Keep).0;
        assert!(plain.html.contains("\"quoted\"") && !plain.html.contains('“'), "{}", plain.html);
    }

    #[test]
    fn code_is_highlighted_or_plain() {
        let r = md("```rust\nlet x = 1;\n```\n\n```nosuchlang\n<b>\n```\n");
        assert!(r.html.contains("class=\"language-rust\""));
        assert!(r.html.contains("<span class=\"l"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
    }

    #[test]
    fn an_image_with_a_title_alone_in_its_paragraph_is_a_figure() {
        let r = md(
            "Before.\n\n![Map of the *strait*](map.png \"Lanes, <March>\")\n\nInline ![x](y.png \"t\") stays.\n\n![No title](z.png)\n",
        );
        assert!(r.html.contains("<figure>\n<img src=\"map.png\" alt=\"Map of the strait\">\n<figcaption>Lanes, &lt;March&gt;</figcaption>\n</figure>"), "{}", r.html);
        assert!(r.html.contains("<p>Inline <img src=\"y.png\" alt=\"x\" title=\"t\" /> stays.</p>"), "{}", r.html);
        assert!(r.html.contains("<p><img src=\"z.png\" alt=\"No title\" /></p>"), "{}", r.html);
        assert_eq!(r.html.matches("<figure>").count(), 1);
    }

    #[test]
    fn first_paragraph_and_word_count() {
        let r =
            md("# Title\n\n> quoted first\n\nThe *real* first\nparagraph.\n\nSecond.\n\n```\nnot counted words\n```\n");
        assert_eq!(r.first_paragraph, "The real first paragraph.");
        assert_eq!(r.word_count, 1 + 2 + 4 + 1);
    }

    #[test]
    fn links_are_resolved_or_reported() {
        let resolve = |d: &str| match d {
            "@/a.md" => LinkTarget::Rewrite("/a/".into()),
            "missing.md" => LinkTarget::Broken("no such brief".into()),
            _ => LinkTarget::Keep,
        };
        let body = "[a](@/a.md) [b](https://x.org)\n\n[c](missing.md)\n";
        let (r, issues) = render(body, Options::default(), &Highlighter::new(), &resolve);
        assert!(r.html.contains("href=\"/a/\""));
        assert!(r.html.contains("href=\"https://x.org\""));
        assert_eq!(issues.len(), 1);
        assert_eq!(&body[issues[0].offset..issues[0].offset + 3], "[c]");
    }

    #[test]
    fn callouts() {
        let r = md("> [!WARNING]\n> Escalation risk.\n");
        assert!(r.html.contains("<div class=\"callout callout-warning\" role=\"note\">"), "{}", r.html);
        assert!(r.html.contains("Escalation risk."));
    }
}
