//! Bodies of Hugo and Jekyll documents: the common shortcodes and Liquid tags rewritten as
//! Markdown (figures as images, `ref` and `post_url` as dossier's `@/` links, `highlight` as
//! fenced code, videos as links), everything else left as written and listed with its line.

use crate::markdown::foreign::{self, ForeignTag};

/// What the body's links point at: answers for the documents being imported.
pub trait Resolve {
    /// The content path (in the new site) of the document Hugo's `ref` or `relref` names, as
    /// written in the document at `from` (its path relative to Hugo's `content/`).
    fn hugo_ref(&self, from: &str, target: &str) -> Option<String>;
    /// The content path of the post Jekyll's `post_url` names (`2015-01-02-title`).
    fn post_url(&self, name: &str) -> Option<String>;
    /// The content path of the document at `path` relative to the Jekyll site, if one is imported.
    fn jekyll_link(&self, path: &str) -> Option<String>;
}

/// A body converted: its new text, and what was left as written, each as (body-relative
/// 0-based line, what it is).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// The new body.
    pub text: String,
    /// What was left as written: line within the body (0-based) and a description.
    pub left: Vec<(usize, String)>,
    /// The documents it now links to: line within the body (0-based) and content path.
    pub links: Vec<(usize, String)>,
}

/// One piece of template syntax in a body: a shortcode or Liquid tag, or Liquid's `{{ … }}`.
struct Tag {
    range: std::ops::Range<usize>,
    name: String,
    /// Between the delimiters, trimmed of spaces and Hugo's and Liquid's `-`, `<` and `%`.
    inner: String,
    liquid_output: bool,
    /// Hugo's `{{% … %}}` rather than `{{< … >}}`.
    percent: bool,
}

impl Tag {
    fn from_foreign(body: &str, t: ForeignTag) -> Tag {
        let open = if body[t.range.clone()].starts_with("{%") { 2 } else { 3 };
        let inner = body[t.range.start + open..t.range.end - open].trim().trim_matches(['-', '<', '>', '%']).trim();
        let percent = body[t.range.clone()].starts_with("{{%");
        Tag { range: t.range, name: t.name, inner: inner.to_string(), liquid_output: false, percent }
    }

    /// The words after the name: positional arguments and `key=value` pairs, quotes removed.
    fn args(&self) -> (Vec<String>, Vec<(String, String)>) {
        let rest = self.inner.trim_start_matches(|c: char| !c.is_whitespace());
        let (mut positional, mut named) = (Vec::new(), Vec::new());
        let mut chars = rest.chars().peekable();
        loop {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let Some(&c) = chars.peek() else { break };
            let mut word = String::new();
            let mut key = None;
            let mut quote = None;
            if c == '"' || c == '`' || c == '\'' {
                quote = chars.next();
            }
            while let Some(c) = chars.next() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => word.push(c),
                    None if c.is_whitespace() => break,
                    None if c == '=' && key.is_none() => {
                        key = Some(std::mem::take(&mut word));
                        quote = chars.next_if(|c| matches!(c, '"' | '`' | '\''));
                    }
                    None => word.push(c),
                }
            }
            match key {
                Some(k) => named.push((k, word)),
                None => positional.push(word),
            }
        }
        (positional, named)
    }

    /// The argument named `key`, or else the positional one at `index`.
    fn arg(&self, key: &str, index: usize) -> Option<String> {
        let (positional, named) = self.args();
        named.into_iter().find(|(k, _)| k == key).map(|(_, v)| v).or_else(|| positional.into_iter().nth(index))
    }
}

/// Every tag of `body`, in order: shortcodes and Liquid tags, and, for Jekyll, Liquid's output
/// tags `{{ … }}`.
fn tags(body: &str, jekyll: bool) -> Vec<Tag> {
    // Output tags (`{{ … }}`) are Liquid's only in a Jekyll site; elsewhere they are left be.
    foreign::find(body)
        .into_iter()
        .filter(|t| jekyll || t.kind != foreign::OUTPUT)
        .map(|t| match t.kind {
            foreign::OUTPUT => {
                let inner = body[t.range.start + 2..t.range.end - 2].trim().trim_matches('-').trim().to_string();
                Tag { range: t.range, name: inner.clone(), inner, liquid_output: true, percent: false }
            }
            _ => Tag::from_foreign(body, t),
        })
        .collect()
}

/// What to do with one tag.
enum Action {
    /// Write this instead.
    Replace(String),
    /// A block up to the tag named so: its text becomes fenced code in this language.
    Code(String, &'static str),
    /// A block up to the tag named so, whose text is kept as written (Liquid's `raw`).
    Raw(&'static str),
    /// Leave as written, and say so with this description (unless it is empty).
    Keep(String),
}

/// `body` with its tags converted. `from` is the document's path relative to Hugo's `content/`
/// (for relative `ref`s); `jekyll` says whose syntax the body is in.
pub fn convert(body: &str, from: &str, jekyll: bool, links: &dyn Resolve) -> Converted {
    let tags = tags(body, jekyll);
    let mut out = Converted::default();
    let mut at = 0;
    let mut i = 0;
    let line = |offset: usize| body[..offset].matches('\n').count();
    while i < tags.len() {
        let t = &tags[i];
        i += 1;
        if t.range.start < at {
            continue;
        }
        out.text.push_str(&body[at..t.range.start]);
        at = t.range.end;
        let action = if jekyll { liquid(t, links) } else { hugo(t, from, links) };
        match action {
            Action::Replace(s) => {
                if let Some(dest) = s.strip_prefix("@/") {
                    let path = dest.split_once('#').map_or(dest, |(p, _)| p);
                    out.links.push((line(t.range.start), path.to_string()));
                }
                out.text.push_str(&s);
            }
            Action::Keep(what) => {
                out.text.push_str(&body[t.range.clone()]);
                if !what.is_empty() {
                    out.left.push((line(t.range.start), what));
                }
            }
            Action::Code(lang, close) => match tags[i..].iter().position(|c| c.name == close) {
                Some(j) => {
                    let code = body[t.range.end..tags[i + j].range.start].trim_matches('\n');
                    out.text.push_str(&format!("```{lang}\n{code}\n```"));
                    at = tags[i + j].range.end;
                    i += j + 1;
                }
                None => {
                    out.text.push_str(&body[t.range.clone()]);
                    out.left.push((line(t.range.start), format!("`{}` without its closing tag", t.name)));
                }
            },
            Action::Raw(close) => {
                let end = tags[i..].iter().position(|c| c.name == close).map(|j| i + j);
                let stop = end.map_or(body.len(), |j| tags[j].range.start);
                out.text.push_str(&body[t.range.end..stop]);
                at = end.map_or(body.len(), |j| tags[j].range.end);
                i = end.map_or(tags.len(), |j| j + 1);
            }
        }
    }
    out.text.push_str(&body[at..]);
    out
}

/// A Hugo shortcode's conversion.
fn hugo(t: &Tag, from: &str, links: &dyn Resolve) -> Action {
    if t.inner.starts_with("/*") && t.inner.ends_with("*/") && t.inner.len() >= 4 {
        // `{{</* x */>}}` is Hugo's way of writing a shortcode as text.
        let (open, close) = if t.percent { ("{{%", "%}}") } else { ("{{<", ">}}") };
        return Action::Replace(format!("{open} {} {close}", t.inner[2..t.inner.len() - 2].trim()));
    }
    if t.liquid_output || t.name.starts_with('/') {
        // A closing tag belongs to the opening one, which is listed if left.
        return Action::Keep(String::new());
    }
    match t.name.as_str() {
        "figure" => match t.arg("src", usize::MAX) {
            Some(src) => Action::Replace(figure(t, &src)),
            None => Action::Keep("Hugo shortcode `figure` without `src`".into()),
        },
        "ref" | "relref" => {
            let target = t.arg("path", 0).unwrap_or_default();
            let (path, fragment) = target.split_once('#').map_or((target.as_str(), ""), |(p, f)| (p, f));
            match links.hugo_ref(from, path) {
                Some(dest) if fragment.is_empty() => Action::Replace(format!("@/{dest}")),
                Some(dest) => Action::Replace(format!("@/{dest}#{fragment}")),
                None => Action::Keep(format!("Hugo `{}` to \"{target}\", which names no imported document", t.name)),
            }
        }
        "highlight" => Action::Code(t.arg("lang", 0).unwrap_or_default(), "/highlight"),
        "youtube" => video(t, "YouTube", "https://www.youtube.com/watch?v="),
        "vimeo" => video(t, "Vimeo", "https://vimeo.com/"),
        name => Action::Keep(format!("Hugo shortcode `{name}`")),
    }
}

/// A figure as a Markdown image: its alt text (or else its title or caption) and, as the image's
/// title, its title and caption.
fn figure(t: &Tag, src: &str) -> String {
    let get = |k: &str| t.arg(k, usize::MAX).filter(|v| !v.trim().is_empty());
    let (title, caption) = (get("title"), get("caption"));
    let alt = get("alt").or_else(|| title.clone()).or_else(|| caption.clone()).unwrap_or_default();
    let label = match (title, caption) {
        (Some(t), Some(c)) => format!("{t}: {c}"),
        (t, c) => t.or(c).unwrap_or_default(),
    };
    let src = if src.contains(' ') { format!("<{src}>") } else { src.to_string() };
    let alt = alt.replace('[', "\\[").replace(']', "\\]");
    if label.is_empty() {
        format!("![{alt}]({src})")
    } else {
        format!("![{alt}]({src} \"{}\")", label.replace('"', "\\\""))
    }
}

/// A video shortcode as a link to the video's page.
fn video(t: &Tag, site: &str, base: &str) -> Action {
    match t.arg("id", 0) {
        Some(id) if !id.is_empty() => {
            let text = t.arg("title", usize::MAX).unwrap_or_else(|| format!("Video on {site}"));
            Action::Replace(format!("[{text}]({base}{id})"))
        }
        _ => Action::Keep(format!("Hugo shortcode `{}` without a video id", t.name)),
    }
}

/// A Liquid tag's conversion.
fn liquid(t: &Tag, links: &dyn Resolve) -> Action {
    if t.liquid_output {
        return liquid_output(t);
    }
    let first = t.arg("", 0).unwrap_or_default();
    match t.name.as_str() {
        "post_url" => match links.post_url(&first) {
            Some(dest) => Action::Replace(format!("@/{dest}")),
            None => Action::Keep(format!("Liquid `post_url` to \"{first}\", which names no imported post")),
        },
        "link" => {
            let path = first.trim_start_matches('/');
            Action::Replace(match links.jekyll_link(path) {
                Some(dest) => format!("@/{dest}"),
                None => format!("/{path}"),
            })
        }
        "highlight" => Action::Code(first, "endhighlight"),
        "raw" => Action::Raw("endraw"),
        "endraw" => Action::Replace(String::new()),
        name if name.starts_with("end") => Action::Keep(String::new()),
        name => Action::Keep(format!("Liquid tag `{name}`")),
    }
}

/// Liquid's `{{ … }}`: the site's URL prefixes (`site.baseurl`, `site.url`) are dropped, since
/// dossier puts its own before every root-relative link, and a quoted path through
/// `relative_url` or `absolute_url` is that path; anything else is left as written.
fn liquid_output(t: &Tag) -> Action {
    let inner = t.inner.as_str();
    if matches!(inner, "site.baseurl" | "site.url" | "site.url }}{{ site.baseurl") {
        return Action::Replace(String::new());
    }
    if let Some((value, filter)) = inner.split_once('|')
        && matches!(filter.trim(), "relative_url" | "absolute_url")
    {
        let v = value.trim();
        if v.len() >= 2 && (v.starts_with('"') && v.ends_with('"') || v.starts_with('\'') && v.ends_with('\'')) {
            return Action::Replace(v[1..v.len() - 1].to_string());
        }
    }
    Action::Keep(format!("Liquid output `{{{{ {inner} }}}}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Docs;

    impl Resolve for Docs {
        fn hugo_ref(&self, _from: &str, target: &str) -> Option<String> {
            (target == "other.md").then(|| "posts/other.md".to_string())
        }
        fn post_url(&self, name: &str) -> Option<String> {
            (name == "2015-01-02-talks").then(|| "posts/talks.md".to_string())
        }
        fn jekyll_link(&self, path: &str) -> Option<String> {
            (path == "about.md").then(|| "about.md".to_string())
        }
    }

    #[test]
    fn hugo_shortcodes_become_markdown() {
        let body = "{{< figure src=\"map.png\" title=\"Map\" alt=\"A map\" >}}\n\
                    See [it]({{< ref \"other.md\" >}}) and {{< youtube w7Ft2ymGmfc >}}.\n\
                    {{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n\
                    {{% note %}}Careful{{% /note %}} {{< ref \"gone.md\" >}}\n\
                    Written as text: {{</* figure src=\"x.png\" */>}}\n";
        let c = convert(body, "posts/a.md", false, &Docs);
        assert_eq!(
            c.text,
            "![A map](map.png \"Map\")\nSee [it](@/posts/other.md) and \
             [Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc).\n\
             ```go\nfunc main() {}\n```\n{{% note %}}Careful{{% /note %}} {{< ref \"gone.md\" >}}\n\
             Written as text: {{< figure src=\"x.png\" >}}\n"
        );
        assert_eq!(
            c.left,
            [
                (5, "Hugo shortcode `note`".to_string()),
                (5, "Hugo `ref` to \"gone.md\", which names no imported document".to_string())
            ]
        );
    }

    #[test]
    fn liquid_tags_become_markdown() {
        let body = "[Talks]({% post_url 2015-01-02-talks %}), [about]({% link about.md %}).\n\
                    ![x]({{ site.baseurl }}/assets/x.png)\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\
                    {% raw %}{{ kept }} {% if %}{% endraw %}\n{% include note.html %} {{ site.title }}\n";
        let c = convert(body, "", true, &Docs);
        assert_eq!(
            c.text,
            "[Talks](@/posts/talks.md), [about](@/about.md).\n![x](/assets/x.png)\n```ruby\nputs 1\n```\n\
             {{ kept }} {% if %}\n{% include note.html %} {{ site.title }}\n"
        );
        assert_eq!(
            c.left,
            [(6, "Liquid tag `include`".to_string()), (6, "Liquid output `{{ site.title }}`".to_string())]
        );
    }
}
