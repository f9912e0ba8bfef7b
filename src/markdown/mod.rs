//! Markdown → HTML with pulldown-cmark: unique heading ids with anchor links, a table of
//! contents, highlighted code, resolved links and images (with their pixel size), figures,
//! footnotes collected at the end, callouts, the first paragraph as plain text and a word
//! count. Knows nothing of sites: every link and image destination goes through a callback.

mod footnotes;
pub mod highlight;
pub mod ids;
mod images;
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
    /// Ids other than the headings' that a `#fragment` may name: footnotes, references to
    /// them, and ids written in raw HTML. Sorted; empty for most documents.
    pub anchors: Vec<String>,
}

impl Rendered {
    /// True when an element of this body has the id `id` (a heading, a footnote, raw HTML).
    pub fn has_id(&self, id: &str) -> bool {
        fn in_toc(entries: &[TocEntry], id: &str) -> bool {
            entries.iter().any(|e| e.id == id || in_toc(&e.children, id))
        }
        in_toc(&self.toc, id) || self.anchors.binary_search_by(|a| a.as_str().cmp(id)).is_ok()
    }
}

/// Whether a destination is a link's or an image's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `[text](dest)`
    Link,
    /// `![alt](dest)`
    Image,
}

/// A link or image destination met while rendering, for the resolver.
#[derive(Debug, Clone, Copy)]
pub struct Ref<'s> {
    /// The destination as written.
    pub dest: &'s str,
    /// A link's or an image's.
    pub kind: RefKind,
    /// Byte offset of the link or image in the body.
    pub offset: usize,
}

/// What a link destination turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Not ours to touch (external, anchor-only).
    Keep,
    /// A link to another document or a page of the site, rewritten to its URL.
    Rewrite(String),
    /// A file the site publishes, rewritten to its URL, with its width and height in pixels
    /// when it is an image whose header could be read.
    File {
        /// The URL to write.
        url: String,
        /// Width and height, for `<img>`.
        size: Option<(u32, u32)>,
    },
    /// A link to a document or file that does not exist; the message says why.
    Broken(String),
}

/// What kind of problem the renderer found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// A link whose target does not exist (an error).
    BrokenLink,
    /// An image whose file does not exist (an error).
    BrokenImage,
    /// An image without alt text (a warning: screen readers have nothing to say).
    MissingAlt,
    /// `[^x]` with no `[^x]:` definition, left as text (a warning).
    UndefinedFootnote,
    /// A footnote defined but never referred to, left out (a warning).
    UnusedFootnote,
    /// A footnote label defined twice (a warning).
    DuplicateFootnote,
}

/// A problem found while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Byte offset of the link, image or footnote in the body.
    pub offset: usize,
    /// What is wrong.
    pub kind: IssueKind,
    /// The destination or label as written.
    pub target: String,
    /// What is wrong, in words.
    pub message: String,
}

/// Render `body`. `resolve` decides what each link and image destination becomes.
pub fn render(
    body: &str,
    opts: Options,
    hl: &Highlighter,
    resolve: &dyn Fn(&Ref) -> LinkTarget,
) -> (Rendered, Vec<Issue>) {
    let mut po = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
        | pulldown_cmark::Options::ENABLE_GFM;
    if opts.smart_punctuation {
        po |= pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut r = Renderer::default_with(body, hl, resolve);
    r.escape_html = !opts.unsafe_html;
    // Ids written in raw HTML are taken before any heading is named, wherever they stand:
    // a heading above `<a id="x">` must not be `x` too. (Read from the source, code included:
    // a heading that gives way to an id only shown as code merely gets a suffix.)
    if opts.unsafe_html && body.contains("id=") {
        r.used_ids.extend(ids::in_html(body));
    }
    for (event, range) in Parser::new_ext(body, po).into_offset_iter() {
        r.event(event, range);
    }
    r.flush_text();
    if let Some(open) = r.def.take() {
        r.defs.push(open);
    }
    let defs = std::mem::take(&mut r.defs);
    let mut anchors = footnotes::finish(&mut r.out, defs, &mut r.used_ids, &mut r.issues);
    anchors.append(&mut r.html_ids);
    anchors.sort_unstable();
    anchors.dedup();
    // Written into a per-thread scratch buffer and copied out at its exact size: every brief's
    // HTML stays in memory for the rest of the build, and growing (or shrinking) it in place
    // left holes in the heap that nothing else fitted (60 MB of the peak at 100,000 briefs).
    thread_local! {
        static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let events = std::mem::take(&mut r.out);
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
        first_paragraph: r.first_paragraph.take().unwrap_or_default().trim().to_string(),
        word_count: r.word_count,
        search_terms: r.tokens.in_order(),
        anchors,
    };
    let mut tokens = std::mem::take(&mut r.tokens);
    tokens.clear();
    TOKENS.with(|t| *t.borrow_mut() = Some(tokens));
    let mut issues = std::mem::take(&mut r.issues);
    issues.sort_by_key(|i| i.offset);
    (rendered, issues)
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

/// An image being read: its alt text arrives as the events between its start and end.
struct PendingImage {
    image: images::Image,
    offset: usize,
    /// Images nested in the alt text (`![a ![b](c)](d)`) add their text, not an element.
    depth: usize,
}

struct Renderer<'a, 'r> {
    body: &'a str,
    hl: &'r Highlighter,
    resolve: &'r dyn Fn(&Ref) -> LinkTarget,
    out: Vec<Event<'a>>,
    heading: Option<PendingHeading<'a>>,
    code: Option<(String, String)>,
    image: Option<PendingImage>,
    /// Footnote definitions, set aside to be numbered and appended at the end.
    defs: Vec<footnotes::Definition<'a>>,
    /// The definition being read, whose events go into it rather than `out`.
    def: Option<footnotes::Definition<'a>>,
    flat_toc: Vec<(u8, String, String)>,
    /// Ids taken: the theme's, the headings', raw HTML's (and, at the end, the footnotes').
    used_ids: HashSet<String>,
    /// Ids written in raw HTML.
    html_ids: Vec<String>,
    depth: usize,
    capturing: bool,
    first_paragraph: Option<String>,
    word_count: usize,
    /// The distinct words of all prose text, for the search index.
    tokens: crate::text::TokenSet,
    /// Show raw HTML from the Markdown as text and disable script URLs.
    escape_html: bool,
    /// Images met outside footnotes: the first loads with the page, the rest lazily.
    images: usize,
    /// Where the open paragraph starts in the current output, to turn a lone titled image
    /// into a figure.
    paragraph: Option<usize>,
    /// The last image written: where it ends in the current output, and its figure if it has
    /// a title.
    last_image: Option<(usize, Option<String>)>,
    /// A run of text events, as a source range, while it may hold an undefined `[^note]`.
    text_run: Option<(usize, usize, bool)>,
    issues: Vec<Issue>,
}

impl<'a, 'r> Renderer<'a, 'r> {
    fn default_with(body: &'a str, hl: &'r Highlighter, resolve: &'r dyn Fn(&Ref) -> LinkTarget) -> Self {
        Renderer {
            body,
            hl,
            resolve,
            out: Vec::new(),
            heading: None,
            code: None,
            image: None,
            defs: Vec::new(),
            def: None,
            flat_toc: Vec::new(),
            used_ids: HashSet::new(),
            html_ids: Vec::new(),
            depth: 0,
            capturing: false,
            first_paragraph: None,
            word_count: 0,
            tokens: TOKENS.with(|t| t.borrow_mut().take()).unwrap_or_default(),
            escape_html: false,
            images: 0,
            paragraph: None,
            last_image: None,
            text_run: None,
            issues: Vec::new(),
        }
    }

    /// Where events go now: the heading being built, else the footnote being read, else
    /// the document.
    fn sink(&mut self) -> &mut Vec<Event<'a>> {
        match (&mut self.heading, &mut self.def) {
            (Some(h), _) => &mut h.inner,
            (None, Some(d)) => &mut d.events,
            (None, None) => &mut self.out,
        }
    }

    fn emit(&mut self, e: Event<'a>) {
        self.sink().push(e);
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if let Some((lang, buf)) = &mut self.code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(self.hl, lang, buf);
                    self.code = None;
                    self.emit(Event::Html(html.into()));
                }
                _ => {}
            }
            return;
        }
        match &event {
            Event::Text(_) => {
                let caret = self.body.get(range.clone()).is_some_and(|s| s.contains('^'));
                self.text_run = match self.text_run {
                    Some((start, _, c)) => Some((start, range.end, c || caret)),
                    None => Some((range.start, range.end, caret)),
                };
            }
            _ => self.flush_text(),
        }
        if self.image.is_some() {
            self.image_event(event);
            return;
        }
        let offset = range.start;
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
                    self.finish_heading(h);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if self.escape_html => self.emit(Event::Text(t)),
            Event::Html(ref t) | Event::InlineHtml(ref t) => {
                if t.contains("id=") {
                    for id in ids::in_html(t) {
                        self.used_ids.insert(id.clone());
                        self.html_ids.push(id);
                    }
                }
                self.emit(event);
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let src = if self.escape_html && is_script_url(&dest_url) {
                    "#".to_string()
                } else {
                    match (self.resolve)(&Ref { dest: &dest_url, kind: RefKind::Image, offset }) {
                        LinkTarget::Keep => dest_url.to_string(),
                        LinkTarget::Rewrite(url) => url,
                        LinkTarget::File { url, size } => {
                            let image =
                                images::Image { src: url, title: title.to_string(), size, ..Default::default() };
                            self.image = Some(PendingImage { image, offset, depth: 0 });
                            return;
                        }
                        LinkTarget::Broken(message) => {
                            let target = dest_url.to_string();
                            self.issues.push(Issue { offset, kind: IssueKind::BrokenImage, target, message });
                            dest_url.to_string()
                        }
                    }
                };
                let image = images::Image { src, title: title.to_string(), ..Default::default() };
                self.image = Some(PendingImage { image, offset, depth: 0 });
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if self.escape_html && is_script_url(dest_url) => {
                let mut event = event;
                if let Event::Start(Tag::Link { dest_url, .. }) = &mut event {
                    *dest_url = CowStr::Borrowed("#");
                }
                self.emit(event);
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match (self.resolve)(&Ref { dest: &dest_url, kind: RefKind::Link, offset }) {
                    LinkTarget::Keep => dest_url,
                    LinkTarget::Rewrite(url) | LinkTarget::File { url, .. } => url.into(),
                    LinkTarget::Broken(message) => {
                        let target = dest_url.to_string();
                        self.issues.push(Issue { offset, kind: IssueKind::BrokenLink, target, message });
                        dest_url
                    }
                };
                self.emit(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.depth += 1;
                // Definitions do not nest; one that did would be kept, not lost.
                if let Some(open) = self.def.take() {
                    self.defs.push(open);
                }
                self.def = Some(footnotes::Definition { label: label.to_string(), events: Vec::new(), offset });
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(d) = self.def.take() {
                    self.defs.push(d);
                }
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
                self.paragraph = Some(self.sink().len());
                self.last_image = None;
                self.emit(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                self.capturing = false;
                // A paragraph of nothing but an image with a title is a figure.
                let start = self.paragraph.take();
                let len = self.sink().len();
                if let (Some(start), Some((end, Some(_)))) = (start, &self.last_image)
                    && *end == len
                    && start + 2 == len
                {
                    let figure = self.last_image.take().and_then(|(_, f)| f).unwrap_or_default();
                    let sink = self.sink();
                    sink.truncate(start);
                    sink.push(Event::Html(figure.into()));
                } else {
                    self.emit(Event::End(TagEnd::Paragraph));
                }
            }
            Event::Start(t @ (Tag::BlockQuote(None) | Tag::List(_) | Tag::Table(_) | Tag::HtmlBlock)) => {
                self.depth += 1;
                self.emit(Event::Start(t));
            }
            Event::End(t @ (TagEnd::BlockQuote(None) | TagEnd::List(_) | TagEnd::Table | TagEnd::HtmlBlock)) => {
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

    /// An event inside an image: its alt text, or its end.
    fn image_event(&mut self, event: Event<'a>) {
        let Some(p) = &mut self.image else { return };
        let text = match &event {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            // A line break inside the alt text is a space to the reader, not nothing.
            Event::SoftBreak | Event::HardBreak => Some(" ".to_string()),
            Event::Start(Tag::Image { .. }) => {
                p.depth += 1;
                None
            }
            Event::End(TagEnd::Image) if p.depth > 0 => {
                p.depth -= 1;
                None
            }
            Event::End(TagEnd::Image) => {
                let Some(mut p) = self.image.take() else { return };
                if p.image.alt.trim().is_empty() {
                    self.issues.push(Issue {
                        offset: p.offset,
                        kind: IssueKind::MissingAlt,
                        target: p.image.src.clone(),
                        message: "image without alt text: screen readers and failed loads show nothing".into(),
                    });
                }
                // The first image of the text loads with the page (it is often the largest
                // thing on screen); the rest wait until they are scrolled near.
                if self.def.is_none() {
                    p.image.lazy = self.images > 0;
                    self.images += 1;
                } else {
                    p.image.lazy = true;
                }
                let figure = (!p.image.title.is_empty()).then(|| p.image.figure());
                self.emit(Event::InlineHtml(p.image.img(true).into()));
                self.last_image = Some((self.sink().len(), figure));
                return;
            }
            _ => None,
        };
        if let Some(t) = text {
            self.word_count += count_words(&t);
            self.plain(&t);
            if let Some(p) = &mut self.image {
                p.image.alt.push_str(&t);
            }
        }
    }

    /// At the end of a run of text: report the `[^notes]` in it that pulldown-cmark left as
    /// text because they have no definition.
    fn flush_text(&mut self) {
        if let Some((start, end, true)) = self.text_run.take()
            && let Some(source) = self.body.get(start..end)
        {
            for (at, label) in footnotes::undefined_refs(source) {
                self.issues.push(Issue {
                    offset: start + at,
                    kind: IssueKind::UndefinedFootnote,
                    target: label.to_string(),
                    message: format!("footnote [^{label}] has no definition, so it is shown as text"),
                });
            }
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

    /// Give the heading an id no other element of the page has (the theme's own included),
    /// and write it out with its anchor link. Its content stays events, so footnote
    /// references in it are numbered with the rest.
    fn finish_heading(&mut self, h: PendingHeading<'a>) {
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
        while ids::is_theme_id(&id) || !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
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
        let sink = self.sink();
        sink.push(Event::Html(format!("<h{level} id=\"{id_attr}\"{attrs}>").into()));
        sink.extend(h.inner);
        sink.push(Event::Html(
            format!(" <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n")
                .into(),
        ));
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
        assert!(r.html.contains("<section class=\"footnotes\" role=\"doc-endnotes\""), "{}", r.html);
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
        assert!(
            r.html.contains("<p>Inline <img src=\"y.png\" alt=\"x\" title=\"t\" loading=\"lazy\"> stays.</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p><img src=\"z.png\" alt=\"No title\" loading=\"lazy\"></p>"), "{}", r.html);
        assert_eq!(r.html.matches("<figure>").count(), 1);
    }

    #[test]
    fn images_get_their_size_lazy_loading_below_the_first_and_alt_text_with_its_spaces() {
        let resolve = |r: &Ref| match r.dest {
            "map.png" => LinkTarget::File { url: "/briefs/map.png".into(), size: Some((640, 360)) },
            "gone.png" => LinkTarget::Broken("no such file".into()),
            _ => LinkTarget::Keep,
        };
        let body = "![Map of\nthe strait](map.png)\n\nText ![](other.png) and ![x](gone.png).\n";
        let (r, issues) = render(body, Options::default(), &Highlighter::new(), &resolve);
        assert!(
            r.html.contains("<img src=\"/briefs/map.png\" alt=\"Map of the strait\" width=\"640\" height=\"360\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<img src=\"other.png\" alt=\"\" loading=\"lazy\">"), "{}", r.html);
        let kinds: Vec<IssueKind> = issues.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IssueKind::MissingAlt, IssueKind::BrokenImage]);
        assert_eq!(&body[issues[1].offset..issues[1].offset + 4], "![x]");
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
        let resolve = |r: &Ref| match r.dest {
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
    fn footnotes_are_numbered_in_reading_order_and_collected_at_the_end() {
        let body = "## Summary[^b]\n\n## Main[^a]\n\nText[^a] and[^summary].\n\n[^a]: Note A.\n[^b]: Note B, see[^c].\n[^summary]: The summary note.\n[^c]: Note C.\n[^unused]: Never cited.\n\nAfter [^nope].\n";
        let (r, issues) = render(body, Options::default(), &Highlighter::new(), &|_| LinkTarget::Keep);
        let h = &r.html;
        // Headings keep their numbers: b is met first, then a.
        assert!(h.contains("<h2 id=\"summary\">Summary<sup class=\"footnote-reference\"><a href=\"#fn-b\" id=\"fnref-b\" role=\"doc-noteref\" aria-label=\"Note 1\">1</a></sup>"), "{h}");
        assert!(h.contains("<h2 id=\"main-1\">Main<sup"), "the theme's `main` is not taken: {h}");
        assert!(h.contains("href=\"#fn-a\" id=\"fnref-a\" role=\"doc-noteref\" aria-label=\"Note 2\">2<"), "{h}");
        assert!(h.contains("href=\"#fn-a\" id=\"fnref-a-2\" role=\"doc-noteref\" aria-label=\"Note 2\">2<"), "{h}");
        assert!(h.contains("href=\"#fn-summary\" id=\"fnref-summary\""), "{h}");
        // One list at the end, in number order: b, a, summary, then c (cited from b).
        let list = &h[h.find("<section class=\"footnotes\"").expect("the notes")..];
        let order: Vec<usize> = ["id=\"fn-b\"", "id=\"fn-a\"", "id=\"fn-summary\"", "id=\"fn-c\""]
            .iter()
            .map(|id| list.find(id).unwrap_or_else(|| panic!("{id} in {list}")))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{list}");
        assert!(list.contains("<p>Note A. <a href=\"#fnref-a\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">↩</a> <a href=\"#fnref-a-2\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference 2 (2)\">↩<sup>2</sup></a></p>"), "{list}");
        assert!(!h.contains("Never cited"), "{h}");
        assert!(h.find("After").unwrap() < h.find("<section").unwrap(), "notes come last: {h}");
        assert!(h.contains("After [^nope]."), "{h}");
        let kinds: Vec<(IssueKind, &str)> = issues.iter().map(|i| (i.kind, i.target.as_str())).collect();
        assert_eq!(kinds, [(IssueKind::UnusedFootnote, "unused"), (IssueKind::UndefinedFootnote, "nope")]);
        assert_eq!(&body[issues[1].offset..issues[1].offset + 7], "[^nope]");
        for id in ["summary", "main-1", "fn-a", "fnref-a-2", "fn-summary", "fn-c"] {
            assert!(r.has_id(id), "{id}");
        }
        assert!(!r.has_id("fn-unused") && !r.has_id("main"));
    }

    #[test]
    fn headings_never_take_the_themes_ids_or_each_others() {
        let r = md("# Brief title\n\n## Sources {#source-1}\n\n## Main\n\n## Main\n\n<a id=\"main-2\"></a>\n");
        let ids: Vec<&str> =
            r.toc.iter().flat_map(|e| std::iter::once(e).chain(&e.children)).map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["brief-title-1", "source-1-1", "main-1", "main-3"], "main-2 is taken by the raw HTML below");
        assert!(r.has_id("main-2"), "ids in raw HTML count");
    }

    #[test]
    fn callouts() {
        let r = md("> [!WARNING]\n> Escalation risk.\n");
        assert!(r.html.contains("<div class=\"callout callout-warning\" role=\"note\">"), "{}", r.html);
        assert!(r.html.contains("Escalation risk."));
    }
}
