//! The renderer proper: pulldown-cmark's events in, HTML events out. It names headings (ids
//! no other element of the page has), resolves links and images through the caller's
//! callback, writes images and figures, sets footnote definitions aside for
//! `footnotes::finish`, highlights code, and gathers the plain text of the first paragraph,
//! the headings and the search tokens on the way.

use std::collections::HashSet;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::schemes::{self, UrlUse};
use super::words::count_words;
use super::{Highlighter, Issue, IssueKind, LinkTarget, Ref, RefKind, footnotes, ids, images};

mod headings;

thread_local! {
    /// A token set per thread, cleared and reused from one text to the next, so the table and
    /// buffers grown for one document serve the next instead of being grown afresh each time.
    pub(super) static TOKENS: std::cell::RefCell<Option<crate::text::TokenSet>> = const { std::cell::RefCell::new(None) };
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    /// Where the heading is written in the body, to place warnings about its attributes.
    range: std::ops::Range<usize>,
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

pub(super) struct Renderer<'a, 'r> {
    body: &'a str,
    hl: &'r Highlighter,
    resolve: &'r dyn Fn(&Ref) -> LinkTarget,
    pub(super) out: Vec<Event<'a>>,
    heading: Option<PendingHeading<'a>>,
    code: Option<(String, String)>,
    image: Option<PendingImage>,
    /// Footnote definitions, set aside to be numbered and appended at the end.
    pub(super) defs: Vec<footnotes::Definition<'a>>,
    /// The definition being read, whose events go into it rather than `out`.
    pub(super) def: Option<footnotes::Definition<'a>>,
    pub(super) flat_toc: Vec<(u8, String, String)>,
    /// Ids taken: the theme's, the headings', raw HTML's (and, at the end, the footnotes').
    pub(super) used_ids: HashSet<String>,
    /// Ids written in raw HTML.
    pub(super) html_ids: Vec<String>,
    depth: usize,
    capturing: bool,
    pub(super) first_paragraph: Option<String>,
    pub(super) word_count: usize,
    /// Reads the text out of raw HTML, which arrives a piece at a time.
    html_text: super::html_text::HtmlText,
    /// Blocks of raw HTML open (counted in `depth` too).
    html_blocks: usize,
    /// Links open: text inside one is never made a link of its own.
    links: usize,
    /// Other generators' template tags in the body (`foreign`).
    foreign: super::foreign::Tags,
    /// The distinct words of all prose text, for the search index.
    pub(super) tokens: crate::text::TokenSet,
    /// Authors are not trusted (`unsafe_html: false`): show raw HTML from the Markdown as
    /// text, allow only listed URL schemes, keep only plain ids and classes of attributes.
    pub(super) escape_html: bool,
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
    pub(super) issues: Vec<Issue>,
}

impl<'a, 'r> Renderer<'a, 'r> {
    pub(super) fn default_with(body: &'a str, hl: &'r Highlighter, resolve: &'r dyn Fn(&Ref) -> LinkTarget) -> Self {
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
            html_text: Default::default(),
            html_blocks: 0,
            links: 0,
            foreign: super::foreign::Tags::of(body),
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

    /// Take one event from pulldown-cmark, with where it is in the body. A code block's
    /// events are gathered until its end and an image's become its alt text; every other
    /// event is written, as is or changed, where `sink` says.
    pub(super) fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if self.code.is_some() {
            self.code_event(event);
            return;
        }
        self.track_text_run(&event, &range);
        if self.image.is_some() {
            self.image_event(event);
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Html(t) | Event::InlineHtml(t) if self.escape_html => {
                self.html_prose(&t);
                self.emit(Event::Text(t))
            }
            Event::Html(t) => {
                let t = self.html_refs(t, range.start);
                self.emit(Event::Html(t))
            }
            Event::InlineHtml(t) => {
                let t = self.html_refs(t, range.start);
                self.emit(Event::InlineHtml(t))
            }
            Event::Text(t) => {
                let t = self.foreign.text(self.body, t, &range, &mut self.issues);
                let t = super::smart::close_after_words(t, self.body[..range.start].chars().next_back());
                if self.links == 0 && self.heading.is_none() && super::autolink::may_have(&t) {
                    self.text_with_autolinks(t, range);
                } else {
                    self.prose(&t);
                    self.emit(Event::Text(t));
                }
            }
            Event::Code(t) => {
                self.prose(&t);
                self.emit(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain(" ");
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    /// An event inside a code block: its text is gathered, and at its end the block is
    /// highlighted and written as one piece of HTML.
    fn code_event(&mut self, event: Event<'a>) {
        let Some((lang, buf)) = &mut self.code else { return };
        match event {
            Event::Text(t) => buf.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let html = super::highlight::code_block(self.hl, lang, buf);
                self.code = None;
                self.emit(Event::Html(html.into()));
            }
            _ => {}
        }
    }

    /// Consecutive text events make one run (pulldown-cmark splits text at every `[`); any
    /// other event ends the run, which `flush_text` then checks for undefined `[^notes]`,
    /// only when its source holds a `^`.
    #[inline]
    fn track_text_run(&mut self, event: &Event<'a>, range: &std::ops::Range<usize>) {
        match event {
            Event::Text(_) => {
                let caret = self.body.get(range.clone()).is_some_and(|s| s.contains('^'));
                self.text_run = match self.text_run {
                    Some((start, _, c)) => Some((start, range.end, c || caret)),
                    None => Some((range.start, range.end, caret)),
                };
            }
            _ => self.flush_text(),
        }
    }

    /// The start of an element, outside code blocks and images.
    fn start(&mut self, tag: Tag<'a>, range: std::ops::Range<usize>) {
        let offset = range.start;
        match tag {
            Tag::CodeBlock(kind) => self.code = Some((super::highlight::code_lang(kind), String::new())),
            Tag::Heading { level, id, classes, attrs } => {
                self.heading =
                    Some(PendingHeading { level, range, id, classes, attrs, inner: Vec::new(), text: String::new() });
            }
            Tag::Image { dest_url, title, .. } => self.start_image(&dest_url, &title, offset),
            Tag::Link { link_type, dest_url, title, id } => {
                self.links += 1;
                // `<team@example.org>` is an address to write to, not a file: resolved (and
                // written) as the `mailto:` link it stands for.
                let (link_type, dest_url) = match link_type {
                    pulldown_cmark::LinkType::Email if !dest_url.starts_with("mailto:") => {
                        (pulldown_cmark::LinkType::Autolink, format!("mailto:{dest_url}").into())
                    }
                    _ => (link_type, dest_url),
                };
                let dest_url = self.link_url(dest_url, offset);
                self.emit(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Tag::FootnoteDefinition(label) => {
                self.depth += 1;
                // Definitions do not nest; one that did would be kept, not lost.
                if let Some(open) = self.def.take() {
                    self.defs.push(open);
                }
                self.def = Some(footnotes::Definition { label: label.to_string(), events: Vec::new(), offset });
            }
            Tag::BlockQuote(Some(kind)) => {
                self.depth += 1;
                let (class, label) = callout(kind);
                self.emit(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Tag::Paragraph => self.start_paragraph(),
            t @ (Tag::BlockQuote(None) | Tag::List(_) | Tag::Table(_) | Tag::HtmlBlock) => {
                self.depth += 1;
                self.html_blocks += usize::from(matches!(t, Tag::HtmlBlock));
                self.emit(Event::Start(t));
            }
            t => self.emit(Event::Start(t)),
        }
    }

    /// The end of an element, outside code blocks and images.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some(h) = self.heading.take() {
                    self.finish_heading(h);
                }
            }
            TagEnd::FootnoteDefinition => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(d) = self.def.take() {
                    self.defs.push(d);
                }
            }
            TagEnd::BlockQuote(Some(_)) => {
                self.depth = self.depth.saturating_sub(1);
                self.emit(Event::Html("</div>\n".into()));
            }
            TagEnd::Paragraph => self.end_paragraph(),
            t @ (TagEnd::BlockQuote(None) | TagEnd::List(_) | TagEnd::Table | TagEnd::HtmlBlock) => {
                self.depth = self.depth.saturating_sub(1);
                if t == TagEnd::HtmlBlock {
                    self.html_blocks = self.html_blocks.saturating_sub(1);
                }
                self.emit(Event::End(t));
            }
            TagEnd::Link => {
                self.links = self.links.saturating_sub(1);
                self.emit(Event::End(TagEnd::Link));
            }
            t => self.emit(Event::End(t)),
        }
    }

    /// Raw HTML keeps its ids from the headings' (and the footnotes').
    /// Raw HTML as published: its `@/` references resolved as links and images are
    /// (`html_refs`), its ids noted and its text counted.
    fn html_refs(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let html = match html.contains("@/") {
            true => super::html_refs::rewrite(&html, |dest, kind, at| match kind {
                RefKind::Link => self.link_url(dest.to_string().into(), offset + at).to_string(),
                RefKind::Image => self.image_src(dest, offset + at).0,
            })
            .map_or(html, CowStr::from),
            false => html,
        };
        self.note_html_ids(&html);
        self.html_prose(&html);
        html
    }

    fn note_html_ids(&mut self, html: &str) {
        if html.contains("id=") || html.contains("name=") {
            for id in ids::in_html(html) {
                self.used_ids.insert(id.clone());
                self.html_ids.push(id);
            }
        }
    }

    /// Text with bare web addresses in it: each address becomes a link (`autolink`), the rest
    /// stays text.
    fn text_with_autolinks(&mut self, t: CowStr<'a>, range: std::ops::Range<usize>) {
        let found = super::autolink::find(&t);
        if found.is_empty() {
            self.prose(&t);
            self.emit(Event::Text(t));
            return;
        }
        let mut from = 0;
        for (at, url) in found {
            if at.start > from {
                let before = t[from..at.start].to_string();
                self.prose(&before);
                self.emit(Event::Text(before.into()));
            }
            let link = Tag::Link {
                link_type: pulldown_cmark::LinkType::Autolink,
                dest_url: url.into(),
                title: "".into(),
                id: "".into(),
            };
            self.start(link, range.clone());
            let shown = t[at.clone()].to_string();
            self.prose(&shown);
            self.emit(Event::Text(shown.into()));
            self.end(TagEnd::Link);
            from = at.end;
        }
        if from < t.len() {
            let after = t[from..].to_string();
            self.prose(&after);
            self.emit(Event::Text(after.into()));
        }
    }

    /// The text of raw HTML counts as prose, and its first `<p>` (outside any container) can
    /// be the summary, as a Markdown paragraph can.
    fn html_prose(&mut self, html: &str) {
        use super::html_text::Found;
        let mut found = Vec::new();
        let mut reader = std::mem::take(&mut self.html_text);
        reader.read(html, &mut |f| found.push(f));
        self.html_text = reader;
        for f in found {
            match f {
                Found::Text(t) => self.prose(&t),
                Found::ParagraphStart => {
                    // A block of HTML is a container to Markdown, not to its own paragraphs.
                    let outside = self.depth == self.html_blocks;
                    if outside && self.first_paragraph.is_none() && self.heading.is_none() {
                        self.capturing = true;
                        self.first_paragraph = Some(String::new());
                    }
                }
                Found::ParagraphEnd => self.capturing = false,
            }
        }
    }

    /// Prose text, which counts as words and goes into the plain text and the search tokens.
    #[inline]
    fn prose(&mut self, t: &str) {
        self.word_count += count_words(t);
        self.plain(t);
    }

    /// Where a link leads: `#` for a scheme untrusted authors may not use, else what the
    /// caller's `resolve` says (a broken link keeps its URL and is reported).
    fn link_url(&mut self, dest_url: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if self.escape_html && !schemes::is_allowed(&dest_url, UrlUse::Link) {
            self.disabled_url(&dest_url, RefKind::Link, offset);
            return CowStr::Borrowed("#");
        }
        match (self.resolve)(&Ref { dest: &dest_url, kind: RefKind::Link, offset }) {
            LinkTarget::Keep => dest_url,
            LinkTarget::Rewrite(url) | LinkTarget::File { url, .. } => url.into(),
            LinkTarget::Broken(message) => {
                let target = dest_url.to_string();
                self.issues.push(Issue { offset, kind: IssueKind::BrokenLink, target, message });
                dest_url
            }
        }
    }

    /// Open an image: its alt text follows as events until its end (`image_event`).
    fn start_image(&mut self, dest_url: &str, title: &str, offset: usize) {
        let (src, size) = self.image_src(dest_url, offset);
        let image = images::Image { src, title: title.to_string(), size, ..Default::default() };
        self.image = Some(PendingImage { image, offset, depth: 0 });
    }

    /// An image's `src` and, for a file of the site whose header could be read, its size:
    /// `#` for a scheme untrusted authors may not use, else what the caller's `resolve` says
    /// (a broken image keeps its URL and is reported).
    fn image_src(&mut self, dest_url: &str, offset: usize) -> (String, Option<(u32, u32)>) {
        if self.escape_html && !schemes::is_allowed(dest_url, UrlUse::Image) {
            self.disabled_url(dest_url, RefKind::Image, offset);
            return ("#".to_string(), None);
        }
        match (self.resolve)(&Ref { dest: dest_url, kind: RefKind::Image, offset }) {
            LinkTarget::Keep => (dest_url.to_string(), None),
            LinkTarget::Rewrite(url) => (url, None),
            LinkTarget::File { url, size } => (url, size),
            LinkTarget::Broken(message) => {
                let target = dest_url.to_string();
                self.issues.push(Issue { offset, kind: IssueKind::BrokenImage, target, message });
                (dest_url.to_string(), None)
            }
        }
    }

    /// A paragraph opens: the first one of the text, outside any container and heading, is
    /// captured as plain text; and where it starts is kept, for `end_paragraph`.
    fn start_paragraph(&mut self) {
        if self.depth == 0 && self.first_paragraph.is_none() && self.heading.is_none() {
            self.capturing = true;
            self.first_paragraph = Some(String::new());
        }
        self.paragraph = Some(self.sink().len());
        self.last_image = None;
        self.emit(Event::Start(Tag::Paragraph));
    }

    /// A paragraph closes: one of nothing but an image with a title is a figure.
    fn end_paragraph(&mut self) {
        self.capturing = false;
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
                self.finish_image();
                return;
            }
            _ => None,
        };
        if let Some(t) = text {
            self.prose(&t);
            if let Some(p) = &mut self.image {
                p.image.alt.push_str(&t);
            }
        }
    }

    /// The end of an image: write its `<img>`, and keep its figure for `end_paragraph`.
    fn finish_image(&mut self) {
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
    }

    /// Report a link or image whose URL was written as `#` because its scheme is not allowed
    /// when authors are not trusted.
    fn disabled_url(&mut self, url: &str, kind: RefKind, offset: usize) {
        let scheme = schemes::scheme_name(url);
        let what = if kind == RefKind::Image { "image from" } else { "link to" };
        let allowed = if kind == RefKind::Image {
            "an image may be an http(s) URL, a path, or a PNG, GIF, JPEG or WebP `data:` URL"
        } else {
            "a link may be an http(s), `mailto:` or `tel:` URL, a path or a `#fragment`"
        };
        self.issues.push(Issue {
            offset,
            kind: IssueKind::DisabledUrl,
            target: url.to_string(),
            message: format!("{what} a `{scheme}:` URL disabled: with `markdown.unsafe_html: false` {allowed}"),
        });
    }

    /// At the end of a run of text: report the `[^notes]` in it that pulldown-cmark left as
    /// text because they have no definition.
    pub(super) fn flush_text(&mut self) {
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
