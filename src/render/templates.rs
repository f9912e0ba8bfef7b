//! `Templates`: the one owner of Tera. Knows the theme fallback (site `templates/` override the
//! theme's by file name) and turns Tera's errors into located diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use crate::i18n::Strings;

use crate::diagnostics::Diagnostic;
use crate::theme;

/// One template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Name used in `extends`/`include` (`brief.html`, `partials/toc.html`).
    pub name: String,
    /// File shown in diagnostics.
    pub path: PathBuf,
    /// Template text.
    pub text: String,
}

/// Collect the theme's templates (its folder, or the built-in default theme) and the site's
/// overrides from `templates/`. I/O edge of the render stage.
pub fn gather(root: &Path, theme_name: &str) -> (Vec<TemplateSource>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let theme_dir = root.join("themes").join(theme_name).join("templates");
    let mut by_name: HashMap<String, TemplateSource> = HashMap::new();
    if theme_dir.is_dir() {
        for t in read_dir(&theme_dir, root, &mut diags) {
            by_name.insert(t.name.clone(), t);
        }
    } else if theme_name == "default" {
        for (name, text) in theme::TEMPLATES {
            let path = PathBuf::from(format!("<built-in theme>/templates/{name}"));
            by_name.insert(name.to_string(), TemplateSource { name: name.to_string(), path, text: text.to_string() });
        }
    } else {
        diags.push(
            Diagnostic::error(format!(
                "theme \"{theme_name}\" not found: there is no themes/{theme_name}/templates folder"
            ))
            .at("site.yaml")
            .hint("remove `theme:` to use the built-in default theme, or create the folder"),
        );
    }
    let site_dir = root.join("templates");
    if site_dir.is_dir() {
        for t in read_dir(&site_dir, root, &mut diags) {
            by_name.insert(t.name.clone(), t);
        }
    }
    let mut all: Vec<TemplateSource> = by_name.into_values().collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    (all, diags)
}

fn read_dir(dir: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<TemplateSource> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::config::is_ignored_name(&name) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let tname = rel.to_string_lossy().replace('\\', "/");
        let shown = crate::content::load::relative(entry.path(), root);
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => out.push(TemplateSource { name: tname, path: shown, text }),
            Err(e) => diags.push(Diagnostic::error(format!("cannot read template: {e}")).at(shown)),
        }
    }
    out
}

/// For every template, a hash of its own text and of every template it extends, includes or
/// imports (transitively): a page needs re-rendering when the hash of its template changes.
/// A reference that cannot be read statically makes the template depend on all of them.
pub fn dependency_hashes(sources: &[TemplateSource]) -> HashMap<String, u64> {
    let by_name: HashMap<&str, &TemplateSource> = sources.iter().map(|s| (s.name.as_str(), s)).collect();
    let all = crate::hashing::combine(sources.iter().map(|s| crate::hashing::bytes(s.text.as_bytes())));
    let mut out = HashMap::new();
    for s in sources {
        let mut seen: Vec<&str> = vec![s.name.as_str()];
        let mut stack = vec![s];
        let mut dynamic = false;
        while let Some(t) = stack.pop() {
            let (refs, dyn_ref) = references(&t.text);
            dynamic |= dyn_ref;
            for r in refs {
                if !seen.contains(&r) {
                    seen.push(r);
                    if let Some(next) = by_name.get(r) {
                        stack.push(next);
                    }
                }
            }
        }
        let h = if dynamic {
            all
        } else {
            seen.sort_unstable();
            crate::hashing::combine(seen.iter().map(|n| {
                by_name.get(n).map_or(0, |t| {
                    crate::hashing::combine([
                        crate::hashing::bytes(n.as_bytes()),
                        crate::hashing::bytes(t.text.as_bytes()),
                    ])
                })
            }))
        };
        out.insert(s.name.clone(), h);
    }
    out
}

/// Names referenced by `extends`, `include` and `import` tags, and whether any reference is not
/// a plain string literal.
fn references(text: &str) -> (Vec<&str>, bool) {
    let mut refs = Vec::new();
    let mut dynamic = false;
    let mut rest = text;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let tag = rest.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let Some(after) = ["extends", "include", "import"].iter().find_map(|k| tag.strip_prefix(k)) else { continue };
        let after = after.trim_start();
        let quote = after.chars().next();
        match quote {
            Some(q @ ('"' | '\'' | '`')) => match after[1..].find(q) {
                Some(end) => refs.push(&after[1..1 + end]),
                None => dynamic = true,
            },
            _ => dynamic = true,
        }
    }
    (refs, dynamic)
}

/// Room reserved for a rendered page: most pages of a site of briefs are 10–40 KB.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Compiled templates, ready to render from many threads.
pub struct Templates {
    tera: Tera,
    sources: Sources,
    /// HTML templates are compiled without their indentation (`compact_html`, set with the
    /// globals; on until told otherwise).
    compact: bool,
}

/// Each template's file and text as written, and the text Tera compiled where that differs
/// (an HTML template without its indentation, `compact::template`), so a diagnostic points
/// into the file as written.
struct Sources {
    files: HashMap<String, (PathBuf, String)>,
    compacted: HashMap<String, String>,
}

impl Sources {
    fn get(&self, name: &str) -> Option<&(PathBuf, String)> {
        self.files.get(name)
    }

    /// Column `col` of line `line` of what Tera compiled, as a column of the file.
    fn column(&self, name: &str, line: usize, col: usize) -> usize {
        match (self.files.get(name), self.compacted.get(name)) {
            (Some((_, text)), Some(compact)) => col + super::compact::shift(text, compact, line),
            _ => col,
        }
    }

    /// The texts to compile: compacted or as written.
    fn texts(&self, compact: bool) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .map(|(name, (_, text))| match self.compacted.get(name).filter(|_| compact) {
                Some(c) => (name.as_str(), c.as_str()),
                None => (name.as_str(), text.as_str()),
            })
            .collect()
    }
}

impl Templates {
    /// Compile all templates; every syntax error is reported, not only the first. `strings`
    /// are the interface strings `t()` and `num` write in.
    pub fn new(sources: Vec<TemplateSource>, strings: Arc<Strings>) -> Result<Templates, Vec<Diagnostic>> {
        let files: HashMap<String, (PathBuf, String)> =
            sources.iter().map(|s| (s.name.clone(), (s.path.clone(), s.text.clone()))).collect();
        let compacted = sources
            .iter()
            .filter(|s| s.name.ends_with(".html") || s.name.ends_with(".htm"))
            .map(|s| (s.name.clone(), super::compact::template(&s.text)))
            .collect();
        let map = Sources { files, compacted };
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
        tera.register_function("url", url_function);
        let for_t = Translator::new(strings.clone());
        tera.register_function("t", move |kwargs: tera::Kwargs, state: &tera::State| for_t.call(&kwargs, state));
        let for_json = strings.clone();
        tera.register_function("strings_json", move |kwargs: tera::Kwargs, _: &tera::State| {
            strings_json(&for_json, &kwargs)
        });
        tera.global_context().insert_value("strings", page_strings(&strings));
        tera.register_filter("num", move |v: tera::Value, _: tera::Kwargs, _: &tera::State| number_text(&strings, &v));
        if let Err(first) = tera.add_raw_templates(map.texts(true)) {
            // Tera stops at the first problem; compile each template alone to find all syntax
            // errors, then report the combined error if none of them was at fault.
            let mut diags = Vec::new();
            for s in &sources {
                let mut probe = Tera::new();
                let text = map.compacted.get(&s.name).unwrap_or(&s.text);
                if let Err(e) = probe.add_raw_template(&s.name, text)
                    && matches!(e.kind(), ErrorKind::SyntaxError(_))
                {
                    diags.push(to_diagnostic(&e, &map, Some(&s.name)));
                }
            }
            if diags.is_empty() {
                diags.extend(to_diagnostics(&first, &map));
            }
            return Err(diags);
        }
        Ok(Templates { tera, sources: map, compact: true })
    }

    /// Set a variable every template sees (`site`, `nav`, …). `compact_html` also says
    /// whether HTML templates are compiled without their indentation: when it changes, they
    /// are compiled again (both forms compiled when the templates were made).
    pub fn set_global(&mut self, key: &'static str, value: tera::Value) {
        if key == crate::view::globals::COMPACT_HTML {
            let compact = value.as_bool().unwrap_or(true);
            if compact != self.compact && self.tera.add_raw_templates(self.sources.texts(compact)).is_ok() {
                self.compact = compact;
            }
        }
        self.tera.global_context().insert_value(key, value);
    }

    /// True when a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Render `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| to_diagnostic(&e, &self.sources, Some(name)))
    }

    /// `render`, as the bytes of the file to write: spares checking every page's UTF-8
    /// again (Tera writes only strings).
    pub fn render_bytes(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(PAGE_CAPACITY);
        match self.tera.render_to(name, ctx, &mut out) {
            Ok(()) => Ok(out),
            Err(e) => Err(to_diagnostic(&e, &self.sources, Some(name))),
        }
    }
}

/// `{{ url(path="img/map.png") }}`: the URL of a file or page of the site, under the base
/// path (`/analysis/img/map.png` on a site published at `https://example.org/analysis/`), its
/// path percent-encoded. A leading `/` is optional; an external URL is returned as it is.
fn url_function(kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    use crate::urls;
    let path: String = kwargs.must_get("path")?;
    if urls::is_external(&path) {
        return Ok(path);
    }
    let site: Option<tera::Value> = state.get("site")?;
    let base = site
        .as_ref()
        .and_then(|s| s.as_map())
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("base_path")).and_then(|(_, v)| v.as_str()))
        .unwrap_or("/")
        .to_string();
    let d = urls::Dest::split(&path);
    let rel = urls::decode(d.path.trim_start_matches('/'));
    Ok(format!("{base}{}{}{}", urls::encode_path(&rel), d.query, d.fragment))
}

/// The global `strings`: every message as `{{ t(k=key) }}` writes it in an HTML template with
/// no arguments (escaped, its `{name}` placeholders kept, a plural message's `other` form), so
/// a template reads `{{ strings.search }}` with one lookup instead of calling `t()`. Tera
/// looks a function's keyword arguments up one by one on every call, and the theme's pages
/// name some forty messages each; `t()` stays for plurals and messages with arguments.
fn page_strings(strings: &Strings) -> tera::Value {
    let map: std::collections::BTreeMap<String, tera::Value> = strings
        .keys()
        .into_iter()
        .filter_map(|k| {
            let raw = strings.raw(k, None)?;
            Some((k.to_string(), tera::Value::safe_string(&crate::escape::html(raw))))
        })
        .collect();
    tera::Value::from(map)
}

/// `{{ t(k="briefs_count", n=3) }}`: the interface string `k` in the site's language, its
/// plural form chosen by `n`, and its `{name}` placeholders filled from the other arguments.
/// Numbers are written in the language's digits. In an HTML template the message is escaped,
/// and so is each argument unless it is already safe HTML (a link built with `{% set %}`), so a
/// translation can place a link anywhere in its sentence without being able to inject markup.
struct Translator {
    strings: Arc<Strings>,
    /// Each message without placeholders or plural forms, as HTML and as it is: most calls of
    /// `t()` name one, on every page, and need no more than a lookup.
    fixed: HashMap<String, (tera::Value, tera::Value)>,
}

impl Translator {
    fn new(strings: Arc<Strings>) -> Translator {
        let fixed = strings
            .keys()
            .into_iter()
            .filter_map(|k| {
                let raw = strings.raw(k, None)?;
                let plain = !raw.contains('{') && strings.json(k).is_some_and(|j| j.is_string());
                plain.then(|| {
                    let html = tera::Value::safe_string(&crate::escape::html(raw));
                    (k.to_string(), (html, tera::Value::safe_string(raw)))
                })
            })
            .collect();
        Translator { strings, fixed }
    }

    fn call(&self, kwargs: &tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
        let key: &str = kwargs.must_get("k")?;
        if kwargs.iter().nth(1).is_none()
            && let Some((html, plain)) = self.fixed.get(key)
        {
            return Ok(if state.autoescaping_enabled() { html.clone() } else { plain.clone() });
        }
        translate(&self.strings, key, kwargs, state)
    }
}

fn translate(
    strings: &Strings,
    key: &str,
    kwargs: &tera::Kwargs,
    state: &tera::State,
) -> tera::TeraResult<tera::Value> {
    let n: Option<tera::Value> = kwargs.get("n")?;
    let count = n.as_ref().and_then(|v| v.as_i64()).map(|v| v.unsigned_abs());
    let Some(raw) = strings.raw(key, count) else {
        return Err(tera::Error::message(format!(
            "no interface string `{key}` (t(k=\"{key}\")): add it to i18n/{}.yaml",
            strings.lang
        )));
    };
    let html = state.autoescaping_enabled();
    let esc = |s: &str| if html { crate::escape::html(s) } else { s.to_string() };
    let arg = |v: &tera::Value| -> String {
        if v.is_number() {
            return number_text(strings, v);
        }
        let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
        if v.is_safe() { text } else { esc(&text) }
    };
    let out = crate::i18n::fill(&esc(raw), |name| match name {
        "n" => n.as_ref().map(arg),
        _ => kwargs.iter().find(|(k, _)| k.as_str() == Some(name)).map(|(_, v)| arg(v)),
    });
    Ok(tera::Value::safe_string(&out))
}

/// `{{ strings_json(keys=["search_results", …]) }}`: those interface strings as a JSON object
/// for a script (`{"lang": "ar", "digits": "arabic", "messages": {…}}`), plural messages as
/// their forms by CLDR category (the browser's `Intl.PluralRules` picks one), made safe to sit
/// inside a `<script>` element.
fn strings_json(strings: &Strings, kwargs: &tera::Kwargs) -> tera::TeraResult<tera::Value> {
    let keys: Vec<String> = kwargs
        .must_get::<tera::Value>("keys")?
        .as_array()
        .map_or_else(Vec::new, |v| v.iter().filter_map(|k| k.as_str().map(str::to_string)).collect());
    let mut messages = serde_json::Map::new();
    for k in keys {
        match strings.json(&k) {
            Some(v) => messages.insert(k, v),
            None => return Err(tera::Error::message(format!("no interface string `{k}` in strings_json"))),
        };
    }
    let json = serde_json::json!({ "lang": strings.lang, "digits": strings.dates.digits.name(), "messages": messages });
    Ok(tera::Value::safe_string(&crate::escape::json_in_script(&json.to_string())))
}

/// `{{ count | num }}`, and a number given to `t()`: written in the language's digits.
fn number_text(strings: &Strings, v: &tera::Value) -> String {
    match v.as_i64() {
        Some(i) => strings.number(i),
        None => strings.dates.digits.apply(&v.to_string()),
    }
}

/// A Tera error as diagnostics. Tera reports unknown filters, tests and functions as one message
/// holding a rendered report per place; each becomes its own located diagnostic.
fn to_diagnostics(e: &tera::Error, sources: &Sources) -> Vec<Diagnostic> {
    if let ErrorKind::Msg(text) = e.kind() {
        let blocks = report_blocks(text);
        if !blocks.is_empty() {
            return blocks
                .into_iter()
                .map(|(msg, name, line, col)| {
                    let mut d = Diagnostic::error(format!("template {name}: {msg}"))
                        .hint("filters, tests and functions available in Tera 2 are listed in its documentation");
                    if let Some((path, text)) = sources.get(&name) {
                        d = d.at(path).span_in(text, line, sources.column(&name, line, col));
                    }
                    d
                })
                .collect();
        }
    }
    vec![to_diagnostic(e, sources, None)]
}

/// Pull `(message, template, line, column)` out of Tera's rendered reports
/// (`error: MSG` followed by ` --> NAME:LINE:COL`).
fn report_blocks(text: &str) -> Vec<(String, String, usize, usize)> {
    let mut out = Vec::new();
    let mut msg: Option<&str> = None;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(m) = t.strip_prefix("error: ") {
            msg = Some(m);
        } else if let Some(place) = t.strip_prefix("--> ")
            && let Some(m) = msg.take()
        {
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                out.push((m.to_string(), name.to_string(), line_no, col));
            }
        }
    }
    out
}

/// A Tera error as a diagnostic pointing into the template file.
fn to_diagnostic(e: &tera::Error, sources: &Sources, template: Option<&str>) -> Diagnostic {
    let place = |name: &str| sources.get(name).map(|(p, t)| (p.clone(), t.as_str()));
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() { template.unwrap_or("") } else { r.filename() };
            let kind =
                if matches!(e.kind(), ErrorKind::SyntaxError(_)) { "syntax error" } else { "error while rendering" };
            let mut d =
                Diagnostic::error(format!("template {name}: {kind}: {}", r.message())).hint(template_hint(r.message()));
            if let Some((path, text)) = place(name) {
                let line = r.span().start_line;
                d = d.at(path).span_in(text, line, sources.column(name, line, r.span().start_col + 1));
            }
            d
        }
        ErrorKind::MissingParent { current, parent } => {
            let mut d = Diagnostic::error(format!("template {current} extends \"{parent}\", which does not exist"))
                .hint("check the name in `{% extends %}`; site templates in templates/ may extend the theme's");
            if let Some((path, _)) = place(current) {
                d = d.at(path);
            }
            d
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(format!("template \"{name}\" not found"))
            .hint("templates come from templates/ in the site, then from the theme"),
        _ => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            let mut d = Diagnostic::error(format!("template error: {msg}"));
            if let Some((path, _)) = template.and_then(place) {
                d = d.at(path);
            }
            d
        }
    }
}

fn template_hint(message: &str) -> String {
    if message.contains("not found in context") || message.contains("undefined") || message.contains("not found") {
        "the variables each template receives are listed in README.md under \"Template variables\"; test optional ones with `{% if x %}`".into()
    } else {
        "see the Tera 2 template syntax: {{ value }}, {% if %}…{% endif %}, {% for x in xs %}…{% endfor %}".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Arc<Strings> {
        crate::config::languages::english()
    }

    fn src(name: &str, text: &str) -> TemplateSource {
        TemplateSource { name: name.into(), path: PathBuf::from(format!("templates/{name}")), text: text.into() }
    }

    #[test]
    fn all_syntax_errors_are_reported_with_lines() {
        let err = Templates::new(
            vec![src("a.html", "ok\n{% if %}\n"), src("b.html", "{{ x }}\n\n{% for %}"), src("c.html", "fine {{ y }}")],
            en(),
        )
        .err()
        .unwrap();
        assert_eq!(err.len(), 2, "{err:?}");
        assert_eq!(err[0].path.as_deref(), Some(Path::new("templates/a.html")));
        assert_eq!(err[0].line, Some(2));
        assert_eq!(err[1].line, Some(3));
    }

    #[test]
    fn render_errors_name_template_and_line() {
        let t = Templates::new(vec![src("p.html", "line one\n{{ nope.field }}\n")], en()).ok().unwrap();
        let d = t.render("p.html", &Context::new()).unwrap_err();
        assert_eq!(d.path.as_deref(), Some(Path::new("templates/p.html")));
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("p.html"), "{}", d.message);
        // Compiled without its indentation, an HTML template's errors still point into the file.
        let t = Templates::new(vec![src("q.html", "line one\n    {{ nope.field }}\n")], en()).ok().unwrap();
        let indented = t.render("q.html", &Context::new()).unwrap_err();
        assert_eq!((indented.line, indented.column.map(|c| c - 4)), (Some(2), d.column));
    }

    #[test]
    fn the_url_function_puts_site_paths_under_the_base_path() {
        let text = "{{ url(path=\"img/Map 1.png\") }} {{ url(path=\"/timeline/#y2026\") }} {{ url(path=\"https://x.org/a\") }}";
        let mut t = Templates::new(vec![src("u.html", text)], en()).ok().unwrap();
        t.set_global("site", tera::Value::from_serializable(&serde_json::json!({ "base_path": "/deep/path/" })));
        let out = t.render("u.html", &Context::new()).unwrap();
        assert_eq!(out, "/deep/path/img/Map%201.png /deep/path/timeline/#y2026 https://x.org/a");
    }

    #[test]
    fn dependency_hashes_follow_extends_and_include() {
        let base = src("base.html", "<main>{% block content %}{% endblock content %}</main>");
        let brief = src(
            "brief.html",
            "{% extends \"base.html\" %}{% block content %}{% include \"part.html\" %}{% endblock content %}",
        );
        let part = src("part.html", "part");
        let lone = src("404.html", "gone");
        let before = dependency_hashes(&[base.clone(), brief.clone(), part.clone(), lone.clone()]);
        let part2 = src("part.html", "changed");
        let after = dependency_hashes(&[base, brief, part2, lone]);
        assert_ne!(before["brief.html"], after["brief.html"]);
        assert_ne!(before["part.html"], after["part.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
        assert_eq!(before["404.html"], after["404.html"]);
    }

    #[test]
    fn values_are_escaped() {
        let t = Templates::new(vec![src("p.html", "{{ v }}")], en()).ok().unwrap();
        let mut c = Context::new();
        c.insert("v", "<script>alert(1)</script>");
        assert_eq!(
            t.render("p.html", &c).unwrap(),
            "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;".replace("&#x2F;", "/")
        );
    }

    #[test]
    fn strings_hold_what_t_writes_without_arguments() {
        use crate::i18n::{Layer, parse};
        let (en_table, _) =
            parse("a: \"<b>{x}</b> & y\"\nn: {one: \"{n} brief\", other: \"{n} briefs\"}\n", Path::new("en"));
        let (site, _) = parse("a: \"Site's <a>\"\n", Path::new("i18n/en.yaml"));
        let layered =
            Strings::resolve("en", &[Layer { path: "i18n/en.yaml".into(), table: site }], &en_table, None, None);
        for strings in [en(), Arc::new(layered)] {
            let keys = strings.keys().into_iter().filter(|k| strings.raw(k, None).is_some()).collect::<Vec<_>>();
            assert!(keys.len() >= 2, "{keys:?}");
            let by_t: String = keys.iter().map(|k| format!("{{{{ t(k=\"{k}\") }}}}|")).collect();
            let by_map: String = keys.iter().map(|k| format!("{{{{ strings[\"{k}\"] }}}}|")).collect();
            let t = Templates::new(vec![src("t.html", &by_t), src("m.html", &by_map)], strings.clone()).ok().unwrap();
            let (a, b) = (t.render("t.html", &Context::new()).unwrap(), t.render("m.html", &Context::new()).unwrap());
            assert_eq!(a, b);
        }
    }

    #[test]
    fn t_translates_escapes_and_fills_placeholders() {
        use crate::i18n::{Layer, parse};
        let (en_table, _) =
            parse("a: \"<b>{x}</b> & {y}\"\nn: {one: \"{n} brief\", other: \"{n} briefs\"}\n", Path::new("en"));
        let (ar_table, _) = parse(
            "n: {zero: لا شيء, one: واحد, two: اثنان, few: \"{n} موجزات\", other: \"{n} موجز\"}\ndigits: arabic\n",
            Path::new("ar"),
        );
        let ar = Strings::resolve("ar", &[Layer { path: "ar".into(), table: ar_table }], &en_table, None, None);
        let text = "{% set link %}<a href=\"/x\">X</a>{% endset %}{{ t(k=\"a\", x=\"<i>\", y=link) }}|{{ t(k=\"n\", n=4) }}|{{ t(k=\"n\", n=2) }}|{{ 1234 | num }}";
        let t = Templates::new(vec![src("p.html", text)], Arc::new(ar)).ok().unwrap();
        let out = t.render("p.html", &Context::new()).unwrap();
        assert_eq!(out, "&lt;b&gt;&lt;i&gt;&lt;/b&gt; &amp; <a href=\"/x\">X</a>|٤ موجزات|اثنان|١٢٣٤");
        let missing = Templates::new(vec![src("q.html", "{{ t(k=\"nope\") }}")], en()).ok().unwrap();
        let err = missing.render("q.html", &Context::new()).unwrap_err();
        assert!(err.message.contains("no interface string `nope`"), "{}", err.message);
    }
}
