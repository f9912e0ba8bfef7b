//! The text of raw HTML in a document: archives from other generators often have bodies of
//! HTML (`<h3>`, `<p>`), and their words must count like Markdown's, for the summary, the word
//! count, the meta description, feeds and search. Tags are never text; neither is what
//! `<script>`, `<style>`, `<template>` or a comment holds. HTML arrives in pieces (a block a
//! line at a time, inline tags one by one), so the reader keeps its state between them.

/// What the reader finds in a piece of HTML, in order.
#[derive(Debug, PartialEq, Eq)]
pub enum Found<'a> {
    /// Text a reader sees (entities decoded, each run of white space one space).
    Text(std::borrow::Cow<'a, str>),
    /// A `<p>` opens.
    ParagraphStart,
    /// A `</p>` closes.
    ParagraphEnd,
}

/// Reads the text out of raw HTML, piece after piece.
#[derive(Debug, Default)]
pub struct HtmlText {
    /// Inside a tag (`<…>`), since a tag may be split between pieces.
    in_tag: bool,
    /// The tag read so far.
    tag: String,
    /// Inside an element whose content is not text: the name of the tag that ends it.
    skipping: Option<&'static str>,
    /// Inside a comment.
    in_comment: bool,
}

/// Elements that sit inside a line of text, and so do not separate words.
const INLINE: [&str; 22] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "time",
];

/// Elements whose content is never text.
const OPAQUE: [(&str, &str); 4] =
    [("script", "/script"), ("style", "/style"), ("template", "/template"), ("noscript", "/noscript")];

impl HtmlText {
    /// Read `html`, handing what it holds to `found`.
    pub fn read<'a>(&mut self, html: &'a str, found: &mut dyn FnMut(Found<'a>)) {
        let mut text_from = 0;
        let mut i = 0;
        let bytes = html.as_bytes();
        while i < bytes.len() {
            if self.in_comment {
                match html[i..].find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        i += end + 3;
                        text_from = i;
                    }
                    None => return,
                }
                continue;
            }
            if self.in_tag {
                match html[i..].find('>') {
                    Some(end) => {
                        self.tag.push_str(&html[i..i + end]);
                        self.in_tag = false;
                        self.close_tag(found);
                        i += end + 1;
                        text_from = i;
                    }
                    None => {
                        self.tag.push_str(&html[i..]);
                        return;
                    }
                }
                continue;
            }
            if bytes[i] == b'<' && html[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            {
                self.text(&html[text_from..i], found);
                if html[i..].starts_with("<!--") {
                    self.in_comment = true;
                    i += 4;
                } else {
                    self.in_tag = true;
                    self.tag.clear();
                    i += 1;
                }
                text_from = i;
                continue;
            }
            i += 1;
        }
        self.text(&html[text_from..], found);
    }

    /// A tag has been read whole: it may open or close a paragraph, or an opaque element.
    fn close_tag<'a>(&mut self, found: &mut dyn FnMut(Found<'a>)) {
        let name: String =
            self.tag.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect::<String>();
        let name = name.to_ascii_lowercase();
        if let Some(end) = self.skipping {
            if name == end {
                self.skipping = None;
            }
            return;
        }
        if let Some((_, end)) = OPAQUE.iter().find(|(open, _)| *open == name) {
            // `<script src=… />` holds nothing.
            if !self.tag.trim_end().ends_with('/') {
                self.skipping = Some(end);
            }
            return;
        }
        match name.as_str() {
            "p" => found(Found::ParagraphStart),
            "/p" => found(Found::ParagraphEnd),
            // A tag that breaks the text (a block, a line break) separates the words around it;
            // an inline one (`<em>`, `<a>`) sits inside a run of words.
            n if INLINE.contains(&n.trim_start_matches('/')) => {}
            _ => found(Found::Text(" ".into())),
        }
    }

    /// Text between tags, unless inside an opaque element.
    fn text<'a>(&self, t: &'a str, found: &mut dyn FnMut(Found<'a>)) {
        if self.skipping.is_some() || t.is_empty() {
            return;
        }
        found(Found::Text(decode(t)));
    }
}

/// `t` with its character references decoded (the common named ones and every numeric one)
/// and each run of white space made one space.
fn decode(t: &str) -> std::borrow::Cow<'_, str> {
    let plain = !t.contains('&') && !t.contains(|c: char| c.is_whitespace() && c != ' ') && !t.contains("  ");
    if plain {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').filter(|&end| end <= 10).and_then(|end| entity(&after[..end]).map(|c| (c, end))) {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let mut spaced = String::with_capacity(out.len());
    let mut space = false;
    for c in out.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                spaced.push(' ');
            }
            space = false;
            spaced.push(c);
        }
    }
    if space {
        spaced.push(' ');
    }
    std::borrow::Cow::Owned(spaced)
}

/// The character a reference names: `amp`, `#8217`, `#x2019`.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(pieces: &[&str]) -> (String, Vec<String>) {
        let mut r = HtmlText::default();
        let mut text = String::new();
        let mut paragraphs = Vec::new();
        let mut current: Option<String> = None;
        for p in pieces {
            r.read(p, &mut |f| match f {
                Found::Text(t) => {
                    text.push_str(&t);
                    if let Some(c) = &mut current {
                        c.push_str(&t);
                    }
                }
                Found::ParagraphStart => current = Some(String::new()),
                Found::ParagraphEnd => paragraphs.extend(current.take()),
            });
        }
        (text, paragraphs)
    }

    #[test]
    fn the_text_of_html_is_read_without_tags_scripts_styles_or_comments() {
        let (text, paragraphs) = read_all(&[
            "<h3>Talks &amp; tensions</h3>\n",
            "<p class=\"lead\">Oman <em>hosted</em> the\n   talks.</p>\n",
            "<script>var secret = 1;</script><style>p { color: red }</style><!-- a note -->",
            "<p>Second&nbsp;para&#8217;s end</p>",
        ]);
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, ["Talks", "&", "tensions", "Oman", "hosted", "the", "talks.", "Second", "para’s", "end"]);
        assert_eq!(paragraphs, ["Oman hosted the talks.", "Second para’s end"]);
    }

    #[test]
    fn a_tag_or_a_script_split_between_pieces_is_still_skipped() {
        let (text, _) = read_all(&["<div", " class=x>Seen</div><script>", "hidden", "</script>after"]);
        assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["Seen", "after"]);
        let (text, _) = read_all(&["a < b and 3<4"]);
        assert_eq!(text, "a < b and 3<4", "a `<` that opens no tag is text");
    }
}
