//! Markdown → HTML with pulldown-cmark: unique heading ids with anchor links, a table of
//! contents, highlighted code, resolved links and images (with their pixel size), figures,
//! footnotes collected at the end, callouts, the first paragraph as plain text and a word
//! count. Knows nothing of sites: every link and image destination goes through a callback.

mod attributes;
mod autolink;
mod footnotes;
pub mod foreign;
pub mod highlight;
pub mod html_refs;
pub mod html_text;
pub mod ids;
mod images;
mod json_scopes;
mod renderer;
pub mod replay;
mod schemes;
pub mod smart;
mod words;

use pulldown_cmark::{Parser, html};

use renderer::{Renderer, TOKENS};

pub use highlight::Highlighter;

/// Rendering switches from `site.yaml`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Curly quotes, en/em dashes, ellipses.
    pub smart_punctuation: bool,
    /// Keep raw HTML written in the Markdown (trusted authors). When false, it is shown as
    /// text, links and images may only use `http`, `https`, `mailto`, `tel`, a path or a
    /// fragment (images also a raster `data:` URL), others are disabled, and a heading keeps
    /// only a plain id and classes of its attributes. In either mode an attribute never
    /// carries an event handler or a script URL (see `attributes`).
    pub unsafe_html: bool,
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
    /// Where the HTML was left, when a build reused a stored rendering without reading its
    /// HTML (`replay::reuse`): `html` is then empty until it is fetched.
    pub html_at: Option<replay::HtmlAt>,
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
    /// A heading attribute left out by the rules of `attributes` (a warning): `target` is the
    /// attribute as written.
    DroppedAttribute,
    /// A link or image whose URL's scheme is not allowed with `unsafe_html: false`, written as
    /// `#` (a warning): `target` is the URL.
    DisabledUrl,
    /// Another generator's template tag shown as written (a warning): `target` is the tag.
    ForeignTemplate,
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

/// True when `body` may link to a document by its path (`@/…`, `….md`): the only bodies whose
/// `destinations` the model reads to connect documents (`model::citations`), and so the only
/// ones a build keeps from load to the model.
pub fn names_documents(body: &str) -> bool {
    body.contains(".md") || body.contains("@/")
}

/// Every link and image destination written in `body`, in Markdown or in raw HTML (`src=`,
/// `href=`), without rendering it: what a document held back from a build refers to, so that
/// files only it uses are held back with it.
pub fn destinations(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(body, pulldown_cmark::Options::ENABLE_FOOTNOTES) {
        match event {
            pulldown_cmark::Event::Start(
                pulldown_cmark::Tag::Link { dest_url, .. } | pulldown_cmark::Tag::Image { dest_url, .. },
            ) => out.push(dest_url.to_string()),
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                for attr in ["src=\"", "href=\"", "src='", "href='"] {
                    let quote = &attr[attr.len() - 1..];
                    let mut rest = &*h;
                    while let Some(i) = rest.find(attr) {
                        rest = &rest[i + attr.len()..];
                        let end = rest.find(quote).unwrap_or(rest.len());
                        out.push(rest[..end].to_string());
                        rest = &rest[end..];
                    }
                }
            }
            _ => {}
        }
    }
    out
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
    if opts.unsafe_html && (body.contains("id=") || body.contains("name=")) {
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
    // leaves holes in the heap that nothing else fits.
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
        html_at: None,
    };
    let mut tokens = std::mem::take(&mut r.tokens);
    tokens.clear();
    TOKENS.with(|t| *t.borrow_mut() = Some(tokens));
    let mut issues = std::mem::take(&mut r.issues);
    issues.sort_by_key(|i| i.offset);
    (rendered, issues)
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
    }

    #[test]
    fn untrusted_links_and_images_keep_only_allowed_schemes_each_disabled_one_with_a_warning() {
        let body = "[x](JaVa&#x09;Script:alert(1)) <javascript:alert(2)> [r] ![i](data:image/svg+xml,x) ![p](data:image/png;base64,x) [t](https://e.org/ \"q\\\" onclick=\\\"x\") [m](mailto:a@e.org) [f](#f)\n\n[r]: vbscript:x\n";
        let opts = |unsafe_html| Options { smart_punctuation: false, unsafe_html };
        let (r, issues) = render(body, opts(false), &Highlighter::new(), &|_| LinkTarget::Keep);
        let h = &r.html;
        assert_eq!(h.matches("href=\"#\"").count(), 3, "the link, the autolink and the reference: {h}");
        assert!(h.contains("<img src=\"#\" alt=\"i\"") && h.contains("src=\"data:image/png;base64,x\""), "{h}");
        assert!(h.contains("title=\"q&quot; onclick=&quot;x\"") && h.contains("href=\"mailto:a@e.org\""), "{h}");
        assert!(h.contains("href=\"#f\""), "{h}");
        assert!(!h.contains("=\"javascript") && !h.contains("=\"vbscript") && !h.contains("svg"), "{h}");
        let found: Vec<(IssueKind, &str)> = issues.iter().map(|i| (i.kind, &body[i.offset..i.offset + 3])).collect();
        assert_eq!(
            found,
            [
                (IssueKind::DisabledUrl, "[x]"),
                (IssueKind::DisabledUrl, "<ja"),
                (IssueKind::DisabledUrl, "[r]"),
                (IssueKind::DisabledUrl, "![i"),
            ]
        );
        assert!(issues[0].message.starts_with("link to a `javascript:` URL disabled"), "{}", issues[0].message);
        // Trusted authors keep their links, and the title stays one attribute.
        let (r, issues) = render(body, opts(true), &Highlighter::new(), &|_| LinkTarget::Keep);
        assert!(r.html.contains("href=\"vbscript:x\"") && !r.html.contains("onclick=\""), "{}", r.html);
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn heading_attributes_follow_the_rules_of_their_mode_each_left_out_with_a_warning() {
        let body = "Text.\n\n## A {#a .b onclick=alert(1) style=color:red}\n";
        let opts = |unsafe_html| Options { smart_punctuation: false, unsafe_html };
        let (r, issues) = render(body, opts(false), &Highlighter::new(), &|_| LinkTarget::Keep);
        assert!(r.html.contains("<h2 id=\"a\" class=\"b\">A <a class=\"anchor\""), "{}", r.html);
        let found: Vec<(IssueKind, &str)> = issues.iter().map(|i| (i.kind, &body[i.offset..i.offset + 3])).collect();
        assert_eq!(found, [(IssueKind::DroppedAttribute, "onc"), (IssueKind::DroppedAttribute, "sty")]);
        assert!(issues[0].message.contains("`onclick=alert(1)`"), "{}", issues[0].message);
        // Trusted authors keep the style, never the handler.
        let (r, issues) = render(body, opts(true), &Highlighter::new(), &|_| LinkTarget::Keep);
        assert!(r.html.contains("<h2 id=\"a\" class=\"b\" style=\"color:red\">"), "{}", r.html);
        assert_eq!(issues.iter().map(|i| i.kind).collect::<Vec<_>>(), [IssueKind::DroppedAttribute]);
    }

    #[test]
    fn untrusted_raw_html_of_every_kind_is_text() {
        let body = "<!-- <script>x</script> -->\n\n<svg onload=\"x()\"><circle/></svg>\n\n<iframe srcdoc=\"<script>x</script>\"></iframe>\n\n<style>p{display:none}</style>\n\nInline <img src=x onerror=\"y()\"> and <a href=\"javascript:z()\">z</a>.\n\n<div onclick=\"w()\">\n\n*md*\n\n</div>\n";
        let opts = Options { smart_punctuation: false, unsafe_html: false };
        let (r, _) = render(body, opts, &Highlighter::new(), &|_| LinkTarget::Keep);
        let tags: Vec<&str> = r.html.split('<').skip(1).map(|t| t.split([' ', '>']).next().unwrap_or("")).collect();
        assert!(tags.iter().all(|t| ["p", "/p", "em", "/em"].contains(t)), "{tags:?} in {}", r.html);
        for shown in [
            "&lt;!-- &lt;script&gt;",
            "&lt;svg onload=\"x()\"&gt;",
            "&lt;iframe srcdoc=",
            "&lt;style&gt;",
            "&lt;img src=x onerror=",
        ] {
            assert!(r.html.contains(shown), "{shown} in {}", r.html);
        }
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
