//! Smart punctuation for short texts outside the body (a title, a summary, a bottom line),
//! with the rules the body's parser follows, so a page does not show a curly apostrophe in its
//! text and a straight one in its heading: `"` opens after a space or an opening bracket and
//! closes after anything else, `'` is an apostrophe or a closing quote after a letter, `--` is
//! an en dash, `---` an em dash and `...` an ellipsis.

use std::borrow::Cow;

/// `s` with smart punctuation.
pub fn smarten(s: &str) -> Cow<'_, str> {
    if !s.contains(['"', '\'']) && !s.contains("--") && !s.contains("...") {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let opens_after =
        |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '/'));
    let mut i = 0;
    while i < chars.len() {
        let before = out.chars().next_back();
        let next = chars.get(i + 1).copied();
        match chars[i] {
            '"' => out.push(if opens_after(before) { '“' } else { '”' }),
            '\'' if before.is_some_and(char::is_alphanumeric) => out.push('’'),
            '\'' => {
                out.push(if opens_after(before) && next.is_some_and(|c| !c.is_whitespace()) { '‘' } else { '’' })
            }
            '-' if next == Some('-') => {
                let em = chars.get(i + 2) == Some(&'-');
                out.push(if em { '—' } else { '–' });
                i += if em { 2 } else { 1 };
            }
            '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// A quote the body's parser made an opening one right after a word (`24" monitor`, `"team"`
/// where the first quote was taken) is a closing one: smart punctuation must never invent an
/// opening quote after a letter, a digit or closing punctuation. `before` is the character
/// before the text in the source.
#[inline]
pub fn close_after_words(t: pulldown_cmark::CowStr<'_>, before: Option<char>) -> pulldown_cmark::CowStr<'_> {
    if !t.contains(['“', '‘']) {
        return t;
    }
    let ends_word = |c: char| c.is_alphanumeric() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '%');
    let mut before = before;
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        let c = match c {
            '“' if before.is_some_and(ends_word) => '”',
            '‘' if before.is_some_and(ends_word) => '’',
            c => c,
        };
        out.push(c);
        before = Some(c);
    }
    pulldown_cmark::CowStr::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_get_the_punctuation_the_body_gets() {
        assert_eq!(smarten("Iran's reply to the E3"), "Iran’s reply to the E3");
        assert_eq!(smarten("\"Maximum pressure\" -- again..."), "“Maximum pressure” – again…");
        assert_eq!(smarten("A 24\" monitor and a 'quoted' word --- end"), "A 24” monitor and a ‘quoted’ word — end");
        assert!(matches!(smarten("Plain title"), Cow::Borrowed(_)));
    }
}
