//! Bare web addresses in text become links, as GitHub and Hugo make them (GFM's extended
//! autolinks): `https://…`, `http://…` and `www.…` at the start of a word, ending before white
//! space or `<`, without the punctuation that ends the sentence around them, and without a
//! closing `)` that the address does not open.

/// True when `text` may hold an address: the quick test before `find`, which runs on every
/// run of text of every document.
#[inline]
pub fn may_have(text: &str) -> bool {
    text.contains("://") || text.contains("www.") || text.contains("WWW.")
}

/// The byte ranges of the addresses in `text`, each with the URL it links to.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let Some(i) = rest.find(['h', 'w', 'H', 'W']) else { break };
        let start = at + i;
        let word_start = text[..start].chars().next_back().is_none_or(|c| c.is_whitespace() || "(*_~\"'".contains(c));
        let bytes = &text.as_bytes()[start..];
        let starts = |p: &[u8]| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p);
        let www = starts(b"www.");
        if !word_start || !(starts(b"https://") || starts(b"http://") || www) {
            at = start + 1;
            continue;
        }
        let end = start + text[start..].find(|c: char| c.is_whitespace() || c == '<').unwrap_or(text.len() - start);
        let end = trim_trailing(&text[start..end]) + start;
        let address = &text[start..end];
        // An address needs a host: `https://` alone, or `www.` alone, is text.
        let host = address.split_once("//").map_or(address, |(_, h)| h);
        if host.len() < 4 || !host.contains('.') {
            at = end.max(start + 1);
            continue;
        }
        let url = if www { format!("http://{address}") } else { address.to_string() };
        found.push((start..end, url));
        at = end;
    }
    found
}

/// The length of `address` without the punctuation that ends the sentence around it, and
/// without `)` it does not open.
fn trim_trailing(address: &str) -> usize {
    let mut end = address.len();
    loop {
        let s = &address[..end];
        match s.chars().next_back() {
            Some(c) if "?!.,:*_~'\";".contains(c) => end -= c.len_utf8(),
            Some(')') if s.matches(')').count() > s.matches('(').count() => end -= 1,
            _ => return end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(_, u)| u).collect()
    }

    #[test]
    fn bare_addresses_are_found_without_the_sentence_s_punctuation() {
        assert_eq!(urls("See https://example.org/a?b=1."), ["https://example.org/a?b=1"]);
        assert_eq!(urls("(see www.example.org/x)"), ["http://www.example.org/x"]);
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Oman_(country), then"),
            ["https://en.wikipedia.org/wiki/Oman_(country)"]
        );
        assert_eq!(urls("no link in whatever or http:// alone"), Vec::<String>::new());
        assert_eq!(urls("inside-https://example.org"), Vec::<String>::new());
        let text = "a www.b.org c";
        assert_eq!(&text[find(text)[0].0.clone()], "www.b.org");
    }
}
