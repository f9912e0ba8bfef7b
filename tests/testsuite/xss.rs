//! A corpus of cross-site scripting vectors (markup in text, attributes that break out of their
//! quotes, event handlers, `javascript:` and `data:` URLs with entity, case and whitespace
//! tricks, SVG, `srcdoc`, `style`) put through every front-matter field a page shows and
//! through the Markdown body, built by the real binary with `markdown.unsafe_html` false and
//! true. Every HTML page and every feed entry produced is parsed and searched for what would
//! run script; the same site built from harmless text says which scripts, forms and the like
//! are the theme's own.
//!
//! With `unsafe_html: false` nothing written by an author may run script or restyle the page.
//! With `true` raw HTML and the links an author writes are the (trusted) author's choice, but
//! front-matter fields and Markdown attributes must still never become markup or handlers.

use std::collections::HashSet;
use std::path::Path;

use scraper::{ElementRef, Html};

use crate::prelude::*;

/// Text that tries to become markup wherever it is printed: in an element, in a quoted
/// attribute, in JSON-LD's `<script>`, in a feed.
const TEXT_VECTORS: &[&str] = &[
    "<script>alert('t1')</script>",
    "\"><svg onload=alert('t2')>",
    "' onmouseover='alert(3)' x='",
    "</title><script>alert('t4')</script>",
    "</script><script>alert('t5')</script>",
    "<iframe srcdoc=\"<script>alert('t6')</script>\"></iframe>",
    "<img src=x onerror=alert('t7')>",
    "<a href=\"javascript:alert('t8')\">t8</a>",
    "<style>body{display:none}</style> t9",
    "&lt;script&gt;alert('t10')&lt;/script&gt;",
    "javascript:alert('t11')",
    "<math><a xlink:href=\"javascript:alert('t12')\">t12</a></math>",
];

/// Headings with attributes (pulldown-cmark's `{#id .class key=value}`), one per line, and
/// what each heading's attributes must be with `unsafe_html` false and true, as sorted
/// `name=value` pairs. In safe mode only a plain id and plain classes survive; in trusted mode
/// any attribute with a plain name survives, except event handlers and script URLs, and no
/// value breaks out of its quotes.
const HEADINGS: &[(&str, &[&str], &[&str])] = &[
    (
        "## A {#a onmouseover=alert(1) style=position:fixed;inset:0}",
        &["id=a"],
        &["id=a", "style=position:fixed;inset:0"],
    ),
    ("## B {.x\" autofocus onfocus=alert(2)}", &["id=b"], &["autofocus=", "class=x\"", "id=b"]),
    ("## C {href=javascript:alert(4)}", &["id=c"], &["id=c"]),
    ("## D {#d' .e onclick=alert(5)}", &["class=e", "id=d"], &["class=e", "id=d'"]),
    (
        "## E {ONCLICK=alert(6) formaction=javascript:alert(7) xlink:href=JavaScript:alert(8) srcdoc=javascript:alert(9)}",
        &["id=e"],
        &["id=e"],
    ),
    (
        "## F {id=f onpointerenter=alert(10) class=g\" style=color:red}",
        &["id=f"],
        &["class=g\"", "id=f", "style=color:red"],
    ),
    ("## G {a/onclick=alert(11)}", &["id=g"], &["id=g"]),
    (
        "## H {tabindex=1 data-x=\"y\"onfocus=alert(12)}",
        &["id=h"],
        &["data-x=\"y\"onfocus=alert(12)", "id=h", "tabindex=1"],
    ),
    ("## I {#i src=vbscript:msgbox(1) action=data:text/html,x}", &["id=i"], &["id=i"]),
    ("## K {#k .plain-class_1 .x:y}", &["class=plain-class_1 x:y", "id=k"], &["class=plain-class_1 x:y", "id=k"]),
];

/// Links and images whose URL runs script in a browser, each a line of its own: disabled in
/// safe mode (with a warning at the line).
const BAD_URLS: &[&str] = &[
    "[j1](javascript:alert(1))",
    "[j2](JaVaScRiPt:alert(2))",
    "[j3](&#106;avascript:alert(3))",
    "[j4](&#x6A;avascript:alert(4))",
    "[j5](java&#x09;script:alert(5))",
    "[j6](java&#10;script:alert(6))",
    "[j7](&#x20;javascript:alert(7))",
    "[j8](&#1;javascript:alert(8))",
    "[j9](<javascript:alert(9)>)",
    "[j10](jav&Tab;ascript:alert(10))",
    "[v1](vbscript:msgbox(1))",
    "[d1](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[d2](DATA:text/html,%3Cscript%3Ealert(1)%3C/script%3E)",
    "[d3](data:image/png;base64,iVBORw0KGgo=)",
    "![i1](javascript:alert(1))",
    "![i2](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![i3](data:text/html,x)",
    "![i4](Data:Image/SVG+xml,%3Csvg%20onload=alert(1)%3E)",
    "<javascript:alert(20)>",
    "<JAVASCRIPT:alert(21)>",
    "<vbscript:msgbox(22)>",
    "[r1][ref1]",
    "[r2][ref2]",
];

/// Links that are fine in either mode, and must stay links with their URL.
const GOOD_URLS: &[(&str, &str)] = &[
    ("[ok](https://example.org/)", "https://example.org/"),
    ("[mail](mailto:desk@example.org)", "mailto:desk@example.org"),
    ("[tel](tel:+15550100)", "tel:+15550100"),
    ("[frag](#a)", "#a"),
    ("![png](data:image/png;base64,iVBORw0KGgo=)", "data:image/png;base64,iVBORw0KGgo="),
    ("[t1](https://example.org/t1 \"a\\\" onmouseover=\\\"alert(1)\")", "https://example.org/t1"),
    ("[t2](https://example.org/t2 'b\\' onclick=\\'alert(2)')", "https://example.org/t2"),
];

/// Raw HTML: shown as text in safe mode, kept in trusted mode.
const RAW_HTML: &[&str] = &[
    "<script>alert('r1')</script>",
    "<img src=x onerror=\"alert('r2')\">",
    "<svg onload=\"alert('r3')\"><circle r=\"1\"/></svg>",
    "<iframe srcdoc=\"<script>alert('r4')</script>\"></iframe>",
    "<style>body{display:none}</style>",
    "<!-- <script>alert('r6')</script> -->",
    "<object data=\"javascript:alert('r7')\"></object>",
    "<embed src=\"javascript:alert('r8')\">",
    "<form action=\"javascript:alert('r9')\"><button formaction=\"javascript:alert('r9')\">r9</button></form>",
    "<math><a xlink:href=\"javascript:alert('r10')\">r10</a></math>",
    "<div style=\"position:fixed;inset:0\" onclick=\"alert('r11')\">r11</div>",
    "Inline <b onclick=\"alert('r12')\">r12</b> and <a href=\"javascript:alert('r13')\">r13</a>.",
];

/// A YAML scalar for `s`: JSON's string syntax is YAML's double-quoted one.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The body of the brief that carries the heading attributes.
fn headings_body(clean: bool) -> String {
    let mut body = String::from("Headings with attributes.\n\n");
    for (line, ..) in HEADINGS {
        let line = if clean { line.split(" {").next().unwrap() } else { line };
        body.push_str(line);
        body.push_str("\n\nText.\n\n");
    }
    body
}

/// True for the URLs with whitespace or control characters inside their scheme: browsers read
/// past them, but to the link resolver they are paths, which do not exist (an error). In
/// trusted mode, where no scheme is checked, they are left out of the corpus.
fn path_to_the_resolver(line: &str) -> bool {
    ["&#x09;", "&#10;", "&#1;", "&Tab;"].iter().any(|t| line.contains(t))
}

/// The body of the brief that carries the links and images.
fn urls_body(clean: bool, unsafe_html: bool) -> String {
    let mut body = String::from("Links and images.\n\n");
    for line in BAD_URLS.iter().filter(|l| !(unsafe_html && path_to_the_resolver(l))) {
        body.push_str(if clean { "[fine](https://example.org/fine)" } else { line });
        body.push_str("\n\n");
    }
    for (line, _) in GOOD_URLS {
        body.push_str(line);
        body.push_str("\n\n");
    }
    body.push_str("## A\n\n");
    if !clean {
        body.push_str("[ref1]: javascript:alert(30)\n[ref2]: &#106;avascript:alert(31) \"t\\\" onclick=\\\"x\"\n");
    }
    body
}

/// The body of the brief that carries raw HTML.
fn raw_body(clean: bool) -> String {
    let mut body = String::from("Raw HTML.\n\n");
    for (i, line) in RAW_HTML.iter().enumerate() {
        if clean {
            body.push_str(&format!("Paragraph {i}."));
        } else {
            body.push_str(line);
        }
        body.push_str("\n\n");
    }
    body
}

/// A site with one brief and one standalone page per text vector (in every front-matter field
/// a page shows) and three briefs for the body's vectors; `clean` writes the same site with
/// harmless text.
fn corpus(unsafe_html: bool, clean: bool) -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: XSS corpus\nbase_url: https://example.org/\nmarkdown:\n  unsafe_html: {unsafe_html}\n"),
    );
    for (i, v) in TEXT_VECTORS.iter().enumerate() {
        let v = if clean { format!("Harmless text {i}") } else { v.to_string() };
        // Terms get a number so that no two vectors make the same slug.
        let term = |kind: &str| q(&format!("{v} {kind}{i}"));
        let front = format!(
            "title: {t}\nslug: fm-{i}\ndate: 2026-01-{d:02}\nregion: {region}\nactors: [{actor}]\ntags: [{tag}]\n\
             authors: [{t}]\nsummary: {t}\nbluf: {t}\nkey_judgments:\n  - {t}\nconfidence: moderate\n\
             sources:\n  - {{title: {t}, publisher: {t}, url: {url}, date: 2026-01-01}}\n\
             events:\n  - {{date: 2026-01-{d:02}, title: {t}}}",
            t = q(&v),
            d = i + 1,
            region = term("r"),
            actor = term("a"),
            tag = term("g"),
            url = q(&format!("https://example.org/?q={v}")),
        );
        site.brief(&format!("briefs/fm-{i}.md"), &front, "Body text.\n");
        // A standalone page: its title is also in every page's navigation.
        site.brief(&format!("page-{i}.md"), &format!("kind: page\ntitle: {t}\nsummary: {t}", t = q(&v)), "Text.\n");
    }
    let front = |title: &str, slug: &str| format!("title: {title}\nslug: {slug}\ndate: 2026-02-01\nregion: Gulf");
    site.brief("briefs/attrs.md", &front("Attributes", "attrs"), &headings_body(clean));
    site.brief("briefs/urls.md", &front("Links", "urls"), &urls_body(clean, unsafe_html));
    site.brief("briefs/raw.md", &front("Raw", "raw"), &raw_body(clean));
    site
}

/// Which checks apply to a document: trusted authors choose their own raw HTML (handlers,
/// elements, styles) and the URLs of their links; JSON-LD must be JSON everywhere.
#[derive(Clone, Copy)]
struct Scope {
    /// No attribute named `on…`.
    handlers: bool,
    /// No URL attribute with a script URL.
    script_urls: bool,
    /// No sensitive element that the theme does not write.
    elements: bool,
    /// No `style` attribute that the theme does not write.
    styles: bool,
}

impl Scope {
    /// Every check.
    const ALL: Scope = Scope { handlers: true, script_urls: true, elements: true, styles: true };

    /// The checks for the document `name` (a page or a feed entry, named by its URL) in a
    /// build with `unsafe_html`.
    fn of(name: &str, unsafe_html: bool) -> Scope {
        if !unsafe_html {
            return Scope::ALL;
        }
        if name.contains("briefs/raw/") {
            Scope { handlers: false, script_urls: false, elements: false, styles: false }
        } else if name.contains("briefs/urls/") {
            Scope { script_urls: false, ..Scope::ALL }
        } else if name.contains("briefs/attrs/") {
            // `{style=…}` on a heading is kept for trusted authors.
            Scope { styles: false, ..Scope::ALL }
        } else {
            Scope::ALL
        }
    }
}

/// What the checks found wrong, one line each.
type Found = Vec<String>;

/// A URL attribute's value as a browser reads its scheme: ASCII whitespace and control
/// characters removed, lowercased.
fn normalised(value: &str) -> String {
    value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect::<String>().to_lowercase()
}

/// True when a URL attribute of `tag` with this value would run script or show a document
/// from the URL itself.
fn runs_script(tag: &str, attr: &str, value: &str) -> bool {
    let v = normalised(value);
    if ["image/png", "image/gif", "image/jpeg", "image/webp"]
        .iter()
        .any(|m| v.strip_prefix("data:").and_then(|r| r.strip_prefix(m)).is_some_and(|r| r.starts_with([';', ','])))
        && tag == "img"
        && attr == "src"
    {
        return false;
    }
    v.starts_with("javascript:") || v.starts_with("vbscript:") || v.starts_with("data:")
}

/// Attributes holding a URL (or, for `srcdoc`, a document). `xlink:href` reaches scraper as
/// `href` in SVG and MathML.
const URL_ATTRS: &[&str] = &["href", "src", "action", "formaction", "srcdoc", "data", "poster", "background", "cite"];

/// Elements that run script, load documents or change the page beyond their box: each one
/// in the corpus's output must be one the theme writes in the clean build.
const SENSITIVE: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg", "math",
    "link", "meta", "input", "button", "textarea", "select", "template", "noscript",
];

/// What identifies a sensitive element as the theme's: its name, its attributes' names and,
/// where they decide what it does, some values.
fn signature(e: &ElementRef) -> String {
    let v = e.value();
    let mut names: Vec<&str> = v.attrs().map(|(n, _)| n).collect();
    names.sort_unstable();
    let mut s = format!("<{} {}>", v.name(), names.join(" "));
    for key in ["type", "src", "rel", "http-equiv", "action", "method"] {
        if let Some(x) = v.attr(key) {
            s.push_str(&format!(" {key}={x}"));
        }
    }
    s
}

/// Every element of a document or fragment.
fn elements(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.root_element().descendants().filter_map(ElementRef::wrap).chain(std::iter::once(doc.root_element()))
}

/// What the theme itself writes: signatures of its sensitive elements and its style attributes.
struct Theme {
    sensitive: HashSet<String>,
    styles: HashSet<String>,
}

impl Theme {
    fn of(out: &Path) -> Theme {
        let mut t = Theme { sensitive: HashSet::new(), styles: HashSet::new() };
        for (_, doc) in documents(out) {
            for e in elements(&doc) {
                if SENSITIVE.contains(&e.value().name()) {
                    t.sensitive.insert(signature(&e));
                }
                if let Some(s) = e.value().attr("style") {
                    t.styles.insert(s.to_string());
                }
            }
        }
        assert!(t.sensitive.iter().any(|s| s.starts_with("<script")), "the clean build has the theme's scripts");
        t
    }
}

/// Every HTML page under `out`, and the HTML of every feed entry (`<content type="html">`,
/// `<summary type="html">`), each named by its file (and entry link).
fn documents(out: &Path) -> Vec<(String, Html)> {
    let mut docs = Vec::new();
    for f in list_files(out) {
        let text = std::fs::read_to_string(out.join(&f)).unwrap_or_default();
        if f.ends_with(".html") {
            docs.push((f, Html::parse_document(&text)));
        } else if f.ends_with(".xml") && text.contains("type=\"html\"") {
            let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
            for entry in xml.descendants().filter(|n| n.tag_name().name() == "entry") {
                let link = entry
                    .children()
                    .find(|n| n.tag_name().name() == "link")
                    .and_then(|n| n.attribute("href"))
                    .unwrap_or("?")
                    .to_string();
                for n in entry.children().filter(|n| n.attribute("type") == Some("html")) {
                    let html = n.text().unwrap_or("");
                    docs.push((format!("{f} entry {link}"), Html::parse_fragment(html)));
                }
            }
        }
    }
    assert!(docs.len() > 20, "only {} documents", docs.len());
    docs
}

/// What would run script or restyle the page in one document.
fn violations(name: &str, doc: &Html, theme: &Theme, scope: Scope) -> Found {
    let mut found = Vec::new();
    for e in elements(doc) {
        let v = e.value();
        let tag = v.name();
        for (attr, value) in v.attrs() {
            if scope.handlers && attr.to_ascii_lowercase().starts_with("on") {
                found.push(format!("{name}: <{tag} {attr}=\"{value}\">: an event handler"));
            }
            if scope.script_urls && URL_ATTRS.contains(&attr) && runs_script(tag, attr, value) {
                found.push(format!("{name}: <{tag} {attr}=\"{value}\">: a script URL"));
            }
            if scope.script_urls && attr == "srcset" && value.split(',').any(|c| runs_script(tag, "srcset", c)) {
                found.push(format!("{name}: <{tag} srcset=\"{value}\">: a script URL"));
            }
            if scope.styles && attr == "style" && !theme.styles.contains(value) {
                found.push(format!("{name}: <{tag} style=\"{value}\">: a style from content"));
            }
        }
        if scope.elements && SENSITIVE.contains(&tag) && !theme.sensitive.contains(&signature(&e)) {
            found.push(format!("{name}: {}: not an element the theme writes", signature(&e)));
        }
        if tag == "script" && v.attr("type") == Some("application/ld+json") {
            let text: String = e.text().collect();
            if let Err(err) = serde_json::from_str::<serde_json::Value>(&text) {
                found.push(format!("{name}: JSON-LD is no longer JSON ({err}): {text}"));
            }
        }
    }
    found
}

/// Build the corpus and its clean twin in one mode; return the corpus site, its build's run,
/// what the theme writes, and the violations found (none expected).
fn build_and_check(unsafe_html: bool) -> (Site, Run, Theme, Found) {
    let clean = corpus(unsafe_html, true);
    clean.build_ok(&[]);
    let theme = Theme::of(&clean.path("public"));
    let site = corpus(unsafe_html, false);
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    let mut found = Vec::new();
    for (name, doc) in documents(&site.path("public")) {
        found.extend(violations(&name, &doc, &theme, Scope::of(&name, unsafe_html)));
    }
    (site, run, theme, found)
}

/// Attributes of the `n`th heading of the body on `doc`, as sorted `name=value` pairs.
fn heading_attrs(doc: &Html, n: usize) -> Vec<String> {
    let h = doc.select(&sel(".prose h2")).nth(n).unwrap_or_else(|| panic!("heading {n}"));
    let mut attrs: Vec<String> = h.value().attrs().map(|(k, v)| format!("{k}={v}")).collect();
    attrs.sort();
    attrs
}

/// The 1-based line of `needle` in the brief `rel` as written (front matter included).
fn line_of(site: &Site, rel: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(site.path(&format!("content/{rel}"))).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} in {rel}")) + 1
}

#[test]
fn safe_mode_lets_nothing_run_or_restyle() {
    let (site, run, _, found) = build_and_check(false);
    assert!(found.is_empty(), "{} problems:\n{}", found.len(), found.join("\n"));
    let headings = site.html("briefs/attrs/index.html");
    for (n, (line, safe, _)) in HEADINGS.iter().enumerate() {
        assert_eq!(heading_attrs(&headings, n), *safe, "{line}");
    }
    // Every attribute left out is a warning at its heading's line.
    for (line, ..) in HEADINGS.iter().filter(|(line, ..)| !line.starts_with("## K")) {
        let at = format!("content/briefs/attrs.md:{}:", line_of(&site, "briefs/attrs.md", line));
        assert!(run.stderr.contains(&at), "a warning at {at} for {line}: {run:?}");
    }
    assert!(run.stderr.contains("onmouseover=alert(1)"), "the warning names the attribute: {run:?}");
    // Every script URL is disabled, with a warning at its line; the good ones are kept.
    let urls = site.html("briefs/urls/index.html");
    let hrefs = attrs(&urls, "main a, main img", "href");
    let srcs = attrs(&urls, "main img", "src");
    for (line, url) in GOOD_URLS {
        assert!(hrefs.contains(&url.to_string()) || srcs.contains(&url.to_string()), "{line} kept: {hrefs:?} {srcs:?}");
    }
    let titles = attrs(&urls, "main a[title]", "title");
    assert!(titles.contains(&"a\" onmouseover=\"alert(1)".to_string()), "the title is one attribute: {titles:?}");
    for line in BAD_URLS {
        let at = format!("content/briefs/urls.md:{}:", line_of(&site, "briefs/urls.md", line));
        assert!(run.stderr.contains(&at), "a warning at {at} for {line}: {run:?}");
    }
    let disabled = urls.select(&sel("main a[href=\"#\"], main img[src=\"#\"]")).count();
    assert_eq!(disabled, BAD_URLS.len(), "every bad URL disabled");
    // Raw HTML is text that a reader sees as written.
    let raw = site.html("briefs/raw/index.html");
    let text: String = raw.select(&sel("main")).flat_map(|m| m.text()).collect();
    for v in RAW_HTML {
        assert!(text.contains(v), "{v} shown as text: {text}");
    }
    // Front-matter text is shown as written, never as markup.
    for (i, v) in TEXT_VECTORS.iter().enumerate() {
        // With the punctuation the body gets (smart punctuation is on by default).
        let shown =
            [dossier::markdown::smart::smarten(&v.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()];
        for page in [format!("briefs/fm-{i}/index.html"), format!("page-{i}/index.html")] {
            assert_eq!(texts(&site.html(&page), "h1"), shown, "{page}");
        }
    }
}

#[test]
fn trusted_mode_keeps_raw_html_but_never_lets_attributes_or_front_matter_inject() {
    let (site, _run, theme, found) = build_and_check(true);
    assert!(found.is_empty(), "{} problems:\n{}", found.len(), found.join("\n"));
    let headings = site.html("briefs/attrs/index.html");
    for (n, (line, _, trusted)) in HEADINGS.iter().enumerate() {
        assert_eq!(heading_attrs(&headings, n), *trusted, "{line}");
    }
    // Raw HTML is the trusted author's: kept as written. Held to the rules of safe mode, its
    // page shows every kind of problem the checks look for, so none of them is blind.
    let raw = site.html("briefs/raw/index.html");
    assert_eq!(raw.select(&sel("main svg[onload]")).count(), 1);
    assert_eq!(raw.select(&sel("main iframe[srcdoc]")).count(), 1);
    let found = violations("raw", &raw, &theme, Scope::ALL);
    for kind in [
        "an event handler",
        "a script URL",
        "a style from content",
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<svg",
        "<math",
        "<style",
    ] {
        assert!(found.iter().any(|f| f.contains(kind)), "the checks find {kind} in {found:#?}");
    }
}

#[test]
fn source_urls_from_front_matter_must_be_http_in_either_mode() {
    for unsafe_html in [false, true] {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "&#106;avascript:alert(1)",
            "//evil.example/x",
            "HTTPS\u{0}://example.org",
        ] {
            let site = Site::new();
            site.write(
                "site.yaml",
                &format!("title: T\nbase_url: https://example.org/\nmarkdown: {{unsafe_html: {unsafe_html}}}\n"),
            );
            site.brief(
                "briefs/src.md",
                &format!(
                    "title: Sources\ndate: 2026-01-01\nregion: Gulf\nsources:\n  - {{title: Report, url: {}}}",
                    q(url)
                ),
                "Body.\n",
            );
            let r = site.build_err();
            // At the source's `url` key, on the line after `sources:`.
            assert!(r.stderr.contains("content/briefs/src.md:6"), "{url:?}: file and line: {r:?}");
            assert!(r.stderr.contains("not an http(s) address"), "{url:?}: {r:?}");
        }
    }
}
