//! Template syntax of other generators in a body: Hugo's shortcodes (`{{< figure … >}}`,
//! `{{% note %}}`) and Liquid's tags (`{% post_url … %}`), as archives brought over from Hugo
//! and Jekyll are full of. dossier does not run them: each is shown as written, never with
//! smart quotes inside, and reported once with its place and its name, so an author knows
//! what to convert (`dossier import` converts the common ones).

use std::ops::Range;

use pulldown_cmark::CowStr;

use super::{Issue, IssueKind};

/// One tag of another generator's templates in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignTag {
    /// Where it is in the body, both delimiters included.
    pub range: Range<usize>,
    /// `Hugo shortcode` or `Liquid tag`.
    pub kind: &'static str,
    /// Its name: `figure`, `/note`, `post_url`.
    pub name: String,
}

/// The tags of one body, and whether each has been reported.
#[derive(Debug, Default)]
pub struct Tags(Vec<(ForeignTag, bool)>);

impl Tags {
    /// The tags of `body`.
    pub fn of(body: &str) -> Tags {
        match body.contains('{') {
            true => Tags(find(body).into_iter().map(|t| (t, false)).collect()),
            false => Tags::default(),
        }
    }

    /// Text `t`, at `range` of `body`: inside a tag it is shown as written, without the smart
    /// quotes the parser put in, and the tag is reported (in `issues`) the first time its text
    /// is met.
    pub fn text<'a>(
        &mut self,
        body: &'a str,
        t: CowStr<'a>,
        range: &Range<usize>,
        issues: &mut Vec<Issue>,
    ) -> CowStr<'a> {
        if self.0.is_empty() {
            return t;
        }
        let Some(k) = self.0.iter().position(|(tag, _)| tag.range.start < range.end && range.start < tag.range.end)
        else {
            return t;
        };
        if !self.0[k].1 {
            self.0[k].1 = true;
            issues.push(report(&self.0[k].0, body));
        }
        // The text's own source: the same characters but for the parser's smart quotes, dashes
        // and ellipses. Where the source has escapes or character references, the parser's
        // reading of them is kept.
        let source = &body[range.clone()];
        if source.contains(['&', '\\']) { t } else { CowStr::Borrowed(source) }
    }
}

/// The warning for `tag`, which is shown as written.
fn report(tag: &ForeignTag, body: &str) -> Issue {
    let written = &body[tag.range.clone()];
    let shown: String = written.chars().take(60).collect();
    Issue {
        offset: tag.range.start,
        kind: IssueKind::ForeignTemplate,
        target: written.to_string(),
        message: format!(
            "{} `{}` is shown as written: dossier does not run other generators' templates ({})",
            tag.kind,
            tag.name,
            if shown.len() < written.len() { format!("{shown}…") } else { shown }
        ),
    }
}

/// The delimiters of each kind of tag, longest first so that `{{%` is not read as `{%`.
const DELIMITERS: [(&str, &str, &str); 4] = [
    ("{{<", ">}}", "Hugo shortcode"),
    ("{{%", "%}}", "Hugo shortcode"),
    ("{%", "%}", "Liquid tag"),
    ("{{", "}}", OUTPUT),
];

/// The kind of a template's output tag (`{{ site.baseurl }}`, `{{ .Title }}`).
pub const OUTPUT: &str = "template output";

/// Every tag in `body`, in order. Code is not told apart here: the renderer reports only the
/// tags it meets in text.
pub fn find(body: &str) -> Vec<ForeignTag> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = body[at..].find('{') {
        let start = at + i;
        let rest = &body[start..];
        let Some(&(open, close, kind)) = DELIMITERS.iter().find(|(open, _, _)| rest.starts_with(open)) else {
            at = start + 1;
            continue;
        };
        // A tag ends on its own line or a few lines on; an unclosed one is not a tag.
        let mut window_end = rest.len().min(open.len() + 2000);
        while !rest.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &rest[open.len()..window_end];
        let Some(end) = window.find(close) else {
            at = start + 1;
            continue;
        };
        let inner = window[..end].trim();
        let name: String = inner
            .trim_start_matches(['-', '<', '%'])
            .trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.' | '"' | '\''))
            .collect();
        let name = name.trim_matches(['"', '\'']).to_string();
        // An output tag is named by what it writes, whatever that starts with (`{{ (x) }}`).
        let name = if name.is_empty() && kind == OUTPUT { inner.trim_matches('-').trim().to_string() } else { name };
        let stop = start + open.len() + end + close.len();
        if !name.is_empty() {
            found.push(ForeignTag { range: start..stop, kind, name });
        }
        at = stop;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_and_liquid_tags_are_found_with_their_names() {
        let body = "A {{< figure src=\"a.png\" title=\"Map\" >}} and {{% note %}}x{{% /note %}}.\n\
                    See {% post_url 2015-01-02-talks %} and {{ site.baseurl }} or { braces }.";
        let names: Vec<(&str, String)> = find(body).into_iter().map(|t| (t.kind, t.name)).collect();
        assert_eq!(
            names,
            [
                ("Hugo shortcode", "figure".to_string()),
                ("Hugo shortcode", "note".to_string()),
                ("Hugo shortcode", "/note".to_string()),
                ("Liquid tag", "post_url".to_string()),
                ("template output", "site.baseurl".to_string()),
            ]
        );
        let first = &find(body)[0];
        assert_eq!(&body[first.range.clone()], "{{< figure src=\"a.png\" title=\"Map\" >}}");
        assert_eq!(find("[x]({{ \"/2015/p/\" | url }})")[0].name, "/2015/p/");
        // A window that ends inside a character is cut before it.
        let long = format!("{{% x %}}{}’", "a".repeat(1994));
        assert_eq!(find(&long).len(), 1);
        let unclosed = format!("{{% x {}’ end", "a".repeat(1994));
        assert!(find(&unclosed).is_empty());
    }
}
