//! Syntax highlighting with syntect, wrapped once: syntaxes and themes are loaded lazily on the
//! first fenced block (so sites without code pay nothing) and shared by every thread.
//!
//! syntect parses code into scope stacks ("meta.mapping.key string.quoted.double"). Rather than
//! writing every stack out as nested spans of scope classes and leaving the theme's selectors to
//! the browser, each stack is resolved here, once per distinct stack, to what the two themes
//! (light and dark) actually do with it, and a token gets at most one flat span naming that:
//! `<span class="l3 d5">`, colour 3 of the light theme and colour 5 of the dark one. Code blocks
//! come out five times smaller and highlighting does less work; the stylesheet is fixed by the
//! two themes alone, so it never depends on the content.

mod memo;

use crate::escape;
use pulldown_cmark::CodeBlockKind;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock, RwLock};

use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The most scopes of a stack that decide a token's style (see `Highlighter::class_for`).
const STYLE_DEPTH: usize = 24;

/// Highlight theme names that can be used in `site.yaml`.
pub const THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (light)",
    "Solarized (dark)",
    "base16-ocean.light",
    "base16-ocean.dark",
    "base16-eighties.dark",
    "base16-mocha.dark",
];

/// The default light and dark themes, for a `Highlighter` and for `site.yaml`.
pub const DEFAULT_THEMES: (&str, &str) = ("InspiredGitHub", "base16-ocean.dark");

/// One theme, as the class names see it.
struct Palette {
    theme: Theme,
    /// Every colour the theme's rules can give a token, sorted: class `l3` is `colors[3]`.
    colors: Vec<Color>,
    /// Colours some rule uses as foreground, background.
    roles: Vec<(bool, bool)>,
    /// What a token gets when no rule matches; tokens styled so get no class and inherit the
    /// colours of the site's code blocks.
    default: Style,
}

impl Palette {
    fn new(theme: Theme) -> Self {
        let mut colors: Vec<Color> =
            theme.scopes.iter().flat_map(|item| [item.style.foreground, item.style.background]).flatten().collect();
        colors.sort_by_key(|c| pack(*c));
        colors.dedup();
        let roles = colors
            .iter()
            .map(|c| {
                let used = |f: fn(&syntect::highlighting::StyleModifier) -> Option<Color>| {
                    theme.scopes.iter().any(|item| f(&item.style) == Some(*c))
                };
                (used(|s| s.foreground), used(|s| s.background))
            })
            .collect();
        let default = syntect::highlighting::Highlighter::new(&theme).get_default();
        Palette { theme, colors, roles, default }
    }

    fn index(&self, c: Color) -> Option<usize> {
        self.colors.binary_search_by_key(&pack(c), |x| pack(*x)).ok()
    }

    /// The classes, with `prefix`, for a token styled `style`.
    fn classes(&self, style: Style, prefix: char, out: &mut String) {
        let mut add = |name: std::fmt::Arguments| {
            if !out.is_empty() {
                out.push(' ');
            }
            let _ = out.write_fmt(name);
        };
        if style.foreground != self.default.foreground
            && let Some(i) = self.index(style.foreground)
        {
            add(format_args!("{prefix}{i}"));
        }
        if style.background != self.default.background
            && let Some(i) = self.index(style.background)
        {
            add(format_args!("{prefix}k{i}"));
        }
        for (flag, name, _) in FONT_STYLES {
            if style.font_style.contains(flag) && !self.default.font_style.contains(flag) {
                add(format_args!("{prefix}{name}"));
            }
        }
    }

    /// The rules for this theme's classes.
    fn css(&self, prefix: char, out: &mut String) {
        for (i, (c, (fg, bg))) in self.colors.iter().zip(&self.roles).enumerate() {
            if *fg {
                let _ = writeln!(out, ".code .{prefix}{i} {{ color: {}; }}", hex(*c));
            }
            if *bg {
                let _ = writeln!(out, ".code .{prefix}k{i} {{ background-color: {}; }}", hex(*c));
            }
        }
        for (_, name, rule) in FONT_STYLES {
            let _ = writeln!(out, ".code .{prefix}{name} {{ {rule}; }}");
        }
    }
}

/// Each font style: its flag, its class letter and its CSS.
const FONT_STYLES: [(FontStyle, char, &str); 3] = [
    (FontStyle::BOLD, 'b', "font-weight: bold"),
    (FontStyle::ITALIC, 'i', "font-style: italic"),
    (FontStyle::UNDERLINE, 'u', "text-decoration: underline"),
];

fn pack(c: Color) -> u32 {
    u32::from_be_bytes([c.r, c.g, c.b, c.a])
}

fn hex(c: Color) -> String {
    if c.a == 0xff { format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b) } else { format!("#{:08x}", pack(c)) }
}

/// What is loaded on first use.
struct Loaded {
    /// A number no other loaded syntax set has, for the keys of `memo`.
    set: u64,
    syntaxes: SyntaxSet,
    light: Option<Palette>,
    dark: Option<Palette>,
}

/// Highlights code into flat spans; cheap to create, loads syntaxes and themes on first use.
pub struct Highlighter {
    themes: (String, String),
    loaded: OnceLock<Loaded>,
    /// The class attribute for each scope stack seen so far. A site's code has a few hundred
    /// distinct stacks, so resolving each once against the themes leaves only a lookup per
    /// token.
    classes: RwLock<HashMap<Vec<Scope>, Arc<str>, crate::hashing::FastBuild>>,
    /// The syntax for each language name seen so far (an index into the syntax set), so a
    /// block costs a lookup rather than syntect's scan of every syntax's names and extensions.
    langs: RwLock<HashMap<String, Option<usize>, crate::hashing::FastBuild>>,
    /// Blocks highlighted before, and the lines and blocks seen (see `memo`).
    memo: memo::Shared,
    /// Whether `memo` is used; off only in tests that compare against syntect unaided.
    remember: bool,
    /// Time spent highlighting, summed over threads, for `--timings`.
    nanos: std::sync::atomic::AtomicU64,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::with_themes(DEFAULT_THEMES.0, DEFAULT_THEMES.1)
    }
}

impl Highlighter {
    /// A highlighter with the default themes that has loaded nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A highlighter for the `light` and `dark` themes (names from `THEMES`; an unknown name
    /// leaves that side unstyled).
    pub fn with_themes(light: &str, dark: &str) -> Self {
        Highlighter {
            themes: (light.to_string(), dark.to_string()),
            loaded: OnceLock::new(),
            classes: RwLock::new(HashMap::default()),
            langs: RwLock::new(HashMap::default()),
            memo: memo::Shared::default(),
            remember: true,
            nanos: Default::default(),
        }
    }

    /// What decides the HTML this highlighter writes besides the code: its themes' names (the
    /// grammars and themes themselves are the program's own).
    pub fn identity(&self) -> String {
        format!("{}\u{0}{}", self.themes.0, self.themes.1)
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| {
            let mut themes = ThemeSet::load_defaults().themes;
            static SETS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            Loaded {
                set: SETS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                syntaxes: SyntaxSet::load_defaults_newlines(),
                light: themes.remove(&self.themes.0).map(Palette::new),
                dark: themes.remove(&self.themes.1).map(Palette::new),
            }
        })
    }

    /// Highlighted HTML (text and `<span class>`s) for `code` in `lang`, or `None` when the
    /// language is unknown, so the caller falls back to plain code.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        if lang.is_empty() {
            return None;
        }
        let start = std::time::Instant::now();
        let html = self.highlight_timed(code, lang);
        self.nanos.fetch_add(start.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
        html
    }

    /// Lines of code the calling thread has replayed from what it kept, and lines it had
    /// syntect parse, so far (for benchmarks and tests).
    pub fn lines_replayed_and_parsed() -> (usize, usize) {
        memo::line_counts()
    }

    /// Time spent highlighting so far, summed over all threads (so it can exceed wall time).
    pub fn busy(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.nanos.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// The syntax for the language name `lang`, as syntect's `find_syntax_by_token` finds it,
    /// looked up once per name.
    fn syntax<'a>(&self, lang: &str, loaded: &'a Loaded) -> Option<&'a SyntaxReference> {
        let known = self.langs.read().unwrap_or_else(|e| e.into_inner()).get(lang).copied();
        let index = match known {
            Some(index) => index,
            None => {
                let found = loaded.syntaxes.find_syntax_by_token(lang).map(|found| {
                    loaded.syntaxes.syntaxes().iter().position(|s| std::ptr::eq(s, found)).expect("a syntax of the set")
                });
                self.langs.write().unwrap_or_else(|e| e.into_inner()).insert(lang.to_string(), found);
                found
            }
        };
        index.map(|i| &loaded.syntaxes.syntaxes()[i])
    }

    fn highlight_timed(&self, code: &str, lang: &str) -> Option<String> {
        let loaded = self.loaded();
        let syntax = self.syntax(lang, loaded)?;
        if super::json_scopes::is_json(syntax.scope) && super::json_scopes::is_strict_json(code) {
            let mut out = Spans::for_code(code);
            super::json_scopes::scan(code, |text, stack| out.push(&self.class_for(stack, loaded), text));
            return Some(out.finish());
        }
        if !self.remember {
            return self.parse(code, syntax, loaded);
        }
        let key = memo::line_key(loaded.set, memo::line_key(0, 0, &syntax.name), code);
        if let Some(html) = self.memo.block(key, code) {
            return Some(html.to_string());
        }
        let html = self.parse(code, syntax, loaded)?;
        self.memo.offer_block(key, code, &html);
        Some(html)
    }

    /// `code` highlighted by syntect's grammar for `syntax`, line by line; a line already
    /// parsed from the same state is replayed from the memo.
    fn parse(&self, code: &str, syntax: &SyntaxReference, loaded: &Loaded) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut print = memo::fingerprint(&state);
        let mut stack = ScopeStack::new();
        let mut out = Spans::for_code(code);
        // The class of the stack as it was when last looked up; `None` once an operation changed
        // the stack, so a stack is looked up once however many pieces it covers.
        let mut class: Option<Arc<str>> = None;
        let mut emit = |line: &str, ops: &[(usize, syntect::parsing::ScopeStackOp)]| -> Option<()> {
            let mut at = 0;
            for (pos, op) in ops {
                if *pos > at {
                    let c = class.get_or_insert_with(|| self.class_for(stack.as_slice(), loaded));
                    out.push(c, &line[at..*pos]);
                    at = *pos;
                }
                stack.apply(op).ok()?;
                class = None;
            }
            let c = class.get_or_insert_with(|| self.class_for(stack.as_slice(), loaded));
            out.push(c, &line[at..]);
            Some(())
        };
        for line in LinesWithEndings::from(code) {
            if !self.remember {
                let ops = state.parse_line(line, &loaded.syntaxes).ok()?;
                emit(line, &ops)?;
                continue;
            }
            let key = memo::line_key(loaded.set, print, line);
            if let Some(kept) = memo::line(key, line, &state) {
                emit(line, &kept.ops)?;
                state.clone_from(&kept.end);
                print = kept.end_print;
                continue;
            }
            let start = memo::line_seen_before(&self.memo, key).then(|| state.clone());
            let ops = state.parse_line(line, &loaded.syntaxes).ok()?;
            emit(line, &ops)?;
            print = memo::fingerprint(&state);
            if let Some(start) = start {
                memo::keep_line(key, line, start, &ops, &state, print);
            }
        }
        Some(out.finish())
    }

    /// The class attribute for tokens under `stack` (empty: no span). A stack deeper than
    /// `STYLE_DEPTH` is styled by its root scope and its innermost scopes only: themes select on
    /// a token's nearest scopes, and looking at (and caching) the whole stack would make code
    /// nested thousands of levels deep cost time and memory quadratic in its length.
    fn class_for(&self, stack: &[Scope], loaded: &Loaded) -> Arc<str> {
        let trimmed: Vec<Scope>;
        let key = if stack.len() > STYLE_DEPTH {
            trimmed =
                std::iter::once(stack[0]).chain(stack[stack.len() - (STYLE_DEPTH - 1)..].iter().copied()).collect();
            trimmed.as_slice()
        } else {
            stack
        };
        if let Some(c) = self.classes.read().unwrap_or_else(|e| e.into_inner()).get(key) {
            return c.clone();
        }
        let mut class = String::new();
        for (palette, prefix) in [(&loaded.light, 'l'), (&loaded.dark, 'd')] {
            if let Some(p) = palette {
                let style = syntect::highlighting::Highlighter::new(&p.theme).style_for_stack(key);
                p.classes(style, prefix, &mut class);
            }
        }
        let mut map = self.classes.write().unwrap_or_else(|e| e.into_inner());
        map.entry(key.to_vec()).or_insert_with(|| class.into()).clone()
    }

    /// The stylesheet for highlighted code: the light theme's classes by default, the dark
    /// theme's under `prefers-color-scheme: dark`.
    pub fn stylesheet(&self) -> String {
        let loaded = self.loaded();
        let mut css = format!(
            "/* Generated by dossier from the highlight themes in site.yaml: \"{}\" (light) and \"{}\" (dark). */\n",
            self.themes.0, self.themes.1
        );
        if let Some(p) = &loaded.light {
            css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
            p.css('l', &mut css);
            css.push_str("}\n");
        }
        if let Some(p) = &loaded.dark {
            css.push_str("@media (prefers-color-scheme: dark) {\n");
            p.css('d', &mut css);
            css.push_str("}\n");
        }
        css
    }
}

/// HTML being written: runs of text with the same class share one span.
struct Spans {
    html: String,
    /// The class of the open span, if one is open.
    open: Option<Arc<str>>,
}

impl Spans {
    fn for_code(code: &str) -> Self {
        Spans { html: String::with_capacity(code.len() * 2), open: None }
    }

    fn push(&mut self, class: &Arc<str>, text: &str) {
        if text.is_empty() {
            return;
        }
        let same = match &self.open {
            Some(o) => o == class,
            None => class.is_empty(),
        };
        if !same {
            if self.open.take().is_some() {
                self.html.push_str("</span>");
            }
            if !class.is_empty() {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
                self.open = Some(class.clone());
            }
        }
        crate::escape::html_into(text, &mut self.html);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// A code block's language: a fenced block's info string up to the first whitespace, `,` or
/// `{` (` ```rust,ignore`, ` ```python {1,3}` name `rust` and `python`); none for an indented
/// block.
pub(super) fn code_lang(kind: CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => {
            info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or("").to_string()
        }
        CodeBlockKind::Indented => String::new(),
    }
}

/// A code block as HTML: highlighted when its language is known, escaped text otherwise.
pub(super) fn code_block(hl: &Highlighter, lang: &str, code: &str) -> String {
    let lang_attr = escape::html(lang);
    match hl.highlight(code, lang) {
        Some(h) => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{h}</code></pre>\n"
        ),
        None if lang.is_empty() => format!("<pre class=\"code\"><code>{}</code></pre>\n", escape::html(code)),
        None => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
            escape::html(code)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_flat_classes() {
        let h = Highlighter::new();
        let html = h.highlight("fn main() { let s = \"<b>\"; }\n", "rust").unwrap();
        assert!(html.contains("<span class=\"l"), "{html}");
        assert!(!html.contains("<span class=\"l0 d0\"><span"), "spans are flat: {html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        // Removing the tags gives back the code.
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        assert_eq!(
            text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""),
            "fn main() { let s = \"<b>\"; }\n"
        );
        assert!(h.highlight("x = 1\n", "py").is_some());
    }

    #[test]
    fn code_nested_thousands_deep_costs_what_its_length_does() {
        let h = Highlighter::new();
        let depth = 10_000;
        let mut blocks = vec![
            ("json", format!("{}{}\n", "[".repeat(depth), "]".repeat(depth))),
            ("json", format!("{}\n", "[".repeat(depth))),
            ("json", format!("{}1{}\n", "{\"a\":".repeat(depth), "}".repeat(depth))),
        ];
        // 20 KB of brackets in the other grammars, on one line and one bracket a line.
        for lang in ["python", "javascript", "rust", "go", "c", "bash", "yaml", "sql", "html"] {
            blocks.push((lang, format!("{}{}\n", "([{".repeat(3_400), "}])".repeat(3_400))));
            blocks.push((lang, "(\n".repeat(10_000)));
        }
        for (lang, code) in blocks {
            let html = h.highlight(&code, lang).expect("a known language");
            // Every character is still there, in order, once the markup is taken out.
            let text: String = scraper::Html::parse_fragment(&html).root_element().text().collect();
            assert_eq!(text, code, "{lang}");
            // At most one span per character: the markup grows with the code, not with its depth.
            assert!(html.matches("<span").count() <= code.len(), "{lang}");
        }
        // What is remembered per distinct stack stays small however deep the code went: the
        // cost per token is bounded, not proportional to the depth.
        let classes = h.classes.read().unwrap();
        assert!(classes.keys().all(|k| k.len() <= STYLE_DEPTH), "a cache key longer than {STYLE_DEPTH}");
        assert!(classes.len() < 2_000, "{} cached stacks", classes.len());
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(Highlighter::new().highlight("hello", "no-such-lang").is_none());
        assert!(Highlighter::new().highlight("hello", "").is_none());
    }

    #[test]
    fn every_class_used_has_a_rule_in_both_schemes() {
        let samples = [
            ("python", "@decorator\ndef f(x):\n    # note\n    return {'a': 1, \"b\": True, 'c': None}\n"),
            ("json", "{\"a\": [1, 2.5e3, true, null, {\"b\": \"c\\n\"}]}\n"),
            (
                "rust",
                "/// doc\n#[derive(Debug)]\npub struct S<'a> { x: &'a str }\nfn main() { println!(\"{}\", 1 << 2); }\n",
            ),
            ("sql", "SELECT a, COUNT(*) FROM t WHERE b = 'x' -- c\n"),
            ("yaml", "key: [1, 'two']\n# comment\nother: !tag value\n"),
            ("html", "<a href=\"#\" class=x>&amp; <!-- c --></a>\n"),
            ("sh", "for f in *.md; do echo \"$f\" | grep -c x; done # loop\n"),
        ];
        for theme in THEMES {
            let h = Highlighter::with_themes(theme, theme);
            let css = h.stylesheet();
            assert!(css.contains("prefers-color-scheme: dark"));
            let mut seen = 0;
            for (lang, code) in samples {
                let html = h.highlight(code, lang).unwrap();
                for attr in html.split("class=\"").skip(1) {
                    for class in attr[..attr.find('"').unwrap()].split(' ') {
                        assert!(css.contains(&format!(".code .{class} {{")), "{theme}: no rule for {class}");
                        seen += 1;
                    }
                }
            }
            assert!(seen > 20, "{theme}: only {seen} classes");
        }
    }

    #[test]
    fn themes_give_different_classes_and_stylesheets() {
        let a = Highlighter::with_themes("InspiredGitHub", "base16-ocean.dark");
        let b = Highlighter::with_themes("Solarized (light)", "base16-mocha.dark");
        assert_ne!(a.stylesheet(), b.stylesheet());
        assert!(a.stylesheet().contains("\"InspiredGitHub\" (light)"));
        // An unknown theme leaves its side unstyled rather than failing.
        let c = Highlighter::with_themes("nope", "base16-ocean.dark");
        let html = c.highlight("let x = 1;\n", "rust").unwrap();
        assert!(!html.contains(" l") && !html.contains("\"l"), "{html}");
    }

    #[test]
    fn every_listed_theme_exists() {
        let themes = ThemeSet::load_defaults();
        for t in THEMES {
            assert!(themes.themes.contains_key(*t), "{t}");
        }
    }
}
