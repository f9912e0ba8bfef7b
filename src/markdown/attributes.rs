//! Which Markdown attributes (a heading's `{#id .class key=value}`, the only element
//! pulldown-cmark gives attributes) reach the page, and how they are written.
//!
//! The rules, so that an attribute block never becomes script or a way out of its quotes:
//!
//! - In either mode, an event handler (a name starting with `on`) and a value that is a
//!   `javascript:`, `vbscript:` or `data:` URL are left out, a name that is not a plain
//!   attribute name (`a/onclick`, which a browser reads as `a` and `onclick`) is left out, and
//!   every value is escaped, so `{.x" onfocus=…}` stays one class value.
//! - When authors are not trusted (`markdown.unsafe_html: false`), only the id and the classes
//!   are kept, and only when plain: letters, digits, `-`, `_`, `.` and `:`, nothing that could
//!   end a value or start markup (quotes, `<`, `>`, `=`, `&`, backticks, whitespace).
//! - `id=x` and `class=y` written as key and value count as `#x` and `.y`, so a heading never
//!   has two `id` or `class` attributes.
//!
//! Each attribute left out is returned with the reason, for a warning at its line.

use crate::escape;
use pulldown_cmark::CowStr;

use super::schemes;

/// Why an attribute was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not an id or a class, with untrusted authors.
    NotIdOrClass,
    /// An id or class with a character outside the plain set, with untrusted authors.
    NotPlain,
    /// A name starting with `on`: an event handler.
    EventHandler,
    /// A value that is a `javascript:`, `vbscript:` or `data:` URL.
    ScriptUrl,
    /// A name that is not a plain attribute name.
    BadName,
    /// A second id (`{#a id=b}`).
    SecondId,
}

impl Refusal {
    /// Why, in words, for the warning.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::NotIdOrClass => "with `markdown.unsafe_html: false` a heading keeps only its id and classes",
            Refusal::NotPlain => {
                "with `markdown.unsafe_html: false` an id or class may hold only letters, digits, `-`, `_`, `.` and `:`"
            }
            Refusal::EventHandler => "event handlers (`on…`) are never taken from Markdown",
            Refusal::ScriptUrl => "its value is a script URL (`javascript:`, `vbscript:` or `data:`)",
            Refusal::BadName => "its name is not a plain attribute name (letters, digits, `-`, `_`, `.` and `:`)",
            Refusal::SecondId => "the heading already has an id",
        }
    }
}

/// One attribute left out: as written (`onclick=alert(1)`, `.x"`), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The attribute as written in the block.
    pub written: String,
    /// Why it was left out.
    pub why: Refusal,
}

/// A heading's attributes once filtered.
#[derive(Debug, Default)]
pub struct Kept<'a> {
    /// The id asked for, if it is kept.
    pub id: Option<CowStr<'a>>,
    /// The other attributes, escaped and ready to follow the id: ` class="…" key="…"`.
    pub html: String,
    /// What was left out, in the order written.
    pub dropped: Vec<Dropped>,
}

/// True for an id or class value that needs no escaping and cannot end its attribute or
/// start markup: letters and digits (any script), `-`, `_`, `.` and `:`.
pub fn is_plain(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// True for a name an HTML parser reads as one attribute: an ASCII letter or `_`, then ASCII
/// letters, digits, `-`, `_`, `.` and `:`.
fn is_plain_name(name: &str) -> bool {
    let mut b = name.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
}

/// True for a name browsers run as an event handler.
fn is_handler(name: &str) -> bool {
    name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on"))
}

/// Filter a heading's attributes as pulldown-cmark parsed them (`#id`, `.class`es,
/// `key=value`s) by the rules above; `trusted` is `markdown.unsafe_html`.
pub fn filter<'a>(
    id: Option<CowStr<'a>>,
    classes: &[CowStr<'a>],
    attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
    trusted: bool,
) -> Kept<'a> {
    let mut f = Filter { trusted, id: None, classes: Vec::new(), rest: Vec::new(), dropped: Vec::new() };
    if let Some(id) = id {
        if f.may_name(&id) {
            f.id = Some(id);
        } else {
            f.dropped.push(Dropped { written: format!("#{id}"), why: Refusal::NotPlain });
        }
    }
    for c in classes {
        if f.may_name(c) {
            f.classes.push(c);
        } else {
            f.dropped.push(Dropped { written: format!(".{c}"), why: Refusal::NotPlain });
        }
    }
    for (k, v) in attrs {
        if let Some(why) = f.pair(k, v) {
            let written = match v {
                Some(v) => format!("{k}={v}"),
                None => k.to_string(),
            };
            f.dropped.push(Dropped { written, why });
        }
    }
    Kept { html: f.html(), id: f.id.filter(|i| !i.is_empty()), dropped: f.dropped }
}

/// What `filter` has kept and left out so far, in the order written.
struct Filter<'a, 'b> {
    trusted: bool,
    id: Option<CowStr<'a>>,
    classes: Vec<&'b str>,
    /// Attributes other than the id and classes, kept as written.
    rest: Vec<(&'b str, Option<&'b str>)>,
    dropped: Vec<Dropped>,
}

impl<'a, 'b> Filter<'a, 'b> {
    /// True for a value an id or a class may have: any, when authors are trusted.
    fn may_name(&self, value: &str) -> bool {
        self.trusted || is_plain(value)
    }

    /// Keep a `key=value` (or a bare `key`), or say why not.
    fn pair(&mut self, k: &'b str, v: &'b Option<CowStr<'a>>) -> Option<Refusal> {
        if !is_plain_name(k) {
            Some(Refusal::BadName)
        } else if is_handler(k) {
            Some(Refusal::EventHandler)
        } else if v.as_deref().is_some_and(schemes::is_script) {
            Some(Refusal::ScriptUrl)
        } else if k.eq_ignore_ascii_case("id") || k.eq_ignore_ascii_case("class") {
            self.id_or_class(k, v)
        } else if !self.trusted {
            Some(Refusal::NotIdOrClass)
        } else {
            self.rest.push((k, v.as_deref()));
            None
        }
    }

    /// `id=v` or `class=v`: taken as `#v` or `.v`, by the same rules, so a heading never has
    /// two of either.
    fn id_or_class(&mut self, k: &str, v: &'b Option<CowStr<'a>>) -> Option<Refusal> {
        let value = v.as_deref().unwrap_or("");
        if !self.may_name(value) {
            Some(Refusal::NotPlain)
        } else if k.eq_ignore_ascii_case("class") {
            self.classes.push(value);
            None
        } else if self.id.is_some() {
            Some(Refusal::SecondId)
        } else {
            self.id = v.clone();
            None
        }
    }

    /// The kept attributes but the id, escaped: ` class="…"` (empty classes left out), then
    /// the rest as written.
    fn html(&mut self) -> String {
        let mut html = String::new();
        self.classes.retain(|c| !c.is_empty());
        if !self.classes.is_empty() {
            html.push_str(" class=\"");
            for (i, c) in self.classes.iter().enumerate() {
                if i > 0 {
                    html.push(' ');
                }
                escape::html_into(c, &mut html);
            }
            html.push('"');
        }
        for &(k, v) in &self.rest {
            html.push(' ');
            html.push_str(k);
            if let Some(v) = v {
                html.push_str("=\"");
                escape::html_into(v, &mut html);
                html.push('"');
            }
        }
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Filter the attributes of `block` (`{…}`) as pulldown-cmark parses them.
    fn run(block: &str, trusted: bool) -> (Option<String>, String, Vec<(String, Refusal)>) {
        let md = format!("# H {block}\n");
        let opts = pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
        let Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { id, classes, attrs, .. })) =
            pulldown_cmark::Parser::new_ext(&md, opts).next()
        else {
            panic!("a heading")
        };
        let k = filter(id, &classes, &attrs, trusted);
        (k.id.map(|i| i.to_string()), k.html, k.dropped.into_iter().map(|d| (d.written, d.why)).collect())
    }

    fn drops(v: &[(&str, Refusal)]) -> Vec<(String, Refusal)> {
        v.iter().map(|(w, r)| (w.to_string(), *r)).collect()
    }

    #[test]
    fn untrusted_authors_keep_only_plain_ids_and_classes() {
        let (id, html, dropped) = run("{#a onmouseover=alert(1) style=position:fixed;inset:0}", false);
        assert_eq!((id.as_deref(), html.as_str()), (Some("a"), ""));
        assert_eq!(
            dropped,
            drops(&[
                ("onmouseover=alert(1)", Refusal::EventHandler),
                ("style=position:fixed;inset:0", Refusal::NotIdOrClass)
            ])
        );
        let (id, html, dropped) = run("{.x\" autofocus onfocus=alert(2)}", false);
        assert_eq!((id, html.as_str()), (None, ""));
        assert_eq!(
            dropped,
            drops(&[
                (".x\"", Refusal::NotPlain),
                ("autofocus", Refusal::NotIdOrClass),
                ("onfocus=alert(2)", Refusal::EventHandler)
            ])
        );
        let (_, html, dropped) = run("{href=javascript:alert(4) data-x=1 title=t}", false);
        assert_eq!(html, "");
        assert_eq!(
            dropped,
            drops(&[
                ("href=javascript:alert(4)", Refusal::ScriptUrl),
                ("data-x=1", Refusal::NotIdOrClass),
                ("title=t", Refusal::NotIdOrClass)
            ])
        );
        let (id, html, dropped) = run("{#Détails-2.1 .lead .a_b:c class=more}", false);
        assert_eq!((id.as_deref(), html.as_str()), (Some("Détails-2.1"), " class=\"lead a_b:c more\""));
        assert!(dropped.is_empty());
        for bad in ["a'b", "a&b", "a`b", "a=b", "a\u{200f}b", "a\u{0}b", "a;b", "a/b", "a(b)"] {
            let (id, html, dropped) = run(&format!("{{#{bad} .{bad}}}"), false);
            assert_eq!((id, html.as_str(), dropped.len()), (None, "", 2), "{bad:?}");
        }
    }

    #[test]
    fn id_and_class_written_as_keys_count_once() {
        let (id, html, dropped) = run("{#d id=e class=f .g}", false);
        assert_eq!((id.as_deref(), html.as_str()), (Some("d"), " class=\"g f\""));
        assert_eq!(dropped, drops(&[("id=e", Refusal::SecondId)]));
        let (id, _, dropped) = run("{ID=e}", true);
        assert_eq!((id.as_deref(), dropped.len()), (Some("e"), 0));
        let (id, _, dropped) = run("{id=e\"x}", false);
        assert_eq!((id, dropped), (None, drops(&[("id=e\"x", Refusal::NotPlain)])));
    }

    #[test]
    fn trusted_authors_keep_plain_names_but_never_handlers_script_urls_or_broken_quotes() {
        let (id, html, dropped) = run("{#a onmouseover=alert(1) style=position:fixed;inset:0}", true);
        assert_eq!((id.as_deref(), html.as_str()), (Some("a"), " style=\"position:fixed;inset:0\""));
        assert_eq!(dropped, drops(&[("onmouseover=alert(1)", Refusal::EventHandler)]));
        let (_, html, dropped) = run("{.x\" autofocus OnFocus=alert(2)}", true);
        assert_eq!(html, " class=\"x&quot;\" autofocus");
        assert_eq!(dropped, drops(&[("OnFocus=alert(2)", Refusal::EventHandler)]));
        let (_, html, dropped) =
            run("{a/onclick=alert(1) \"x=1 data-v=\"y\"onfocus=alert(2) src=JaVa&#9;script:x}", true);
        assert_eq!(html, " data-v=\"&quot;y&quot;onfocus=alert(2)\" src=\"JaVa&amp;#9;script:x\"");
        assert_eq!(
            dropped,
            drops(&[("a/onclick=alert(1)", Refusal::BadName), ("\"x=1", Refusal::BadName)]),
            "attribute values are not entity-decoded, so `JaVa&#9;script:` is text: {html}"
        );
        let (_, html, dropped) = run("{href=JavaScript:alert(4) action=data:text/html,x xlink:href=vbscript:x}", true);
        assert_eq!(html, "");
        assert_eq!(dropped.iter().filter(|d| d.1 == Refusal::ScriptUrl).count(), 3);
        let (id, _, _) = run("{#a\"b}", true);
        assert_eq!(id.as_deref(), Some("a\"b"), "kept, and escaped where it is written");
    }
}
