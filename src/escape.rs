//! Escaping, in one place: text for HTML content and attributes, for XML (feeds, sitemaps), and
//! JSON that sits inside an HTML `<script>` element. Each keeps one rule: nothing an author
//! writes can end the element or attribute it is written into.

/// Escape text for HTML content and attribute values.
#[inline]
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    html_into(s, &mut out);
    out
}

/// `html` appending to `out`. This runs over every code block and most attributes of a build.
#[inline]
pub fn html_into(s: &str, out: &mut String) {
    with(s, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Escape text for XML content and attribute values: HTML's escaping (`&#39;` is valid XML
/// too), less the characters XML 1.0 forbids even when escaped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    xml_into(&mut out, s);
    out
}

/// `xml` appending to `out`: a feed is written as one string, and escaping every field into an
/// allocation of its own costs more than writing it.
#[inline]
pub fn xml_into(out: &mut String, s: &str) {
    let forbidden =
        |c: char| ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if s.contains(forbidden) {
        html_into(&s.replace(forbidden, ""), out);
    } else {
        html_into(s, out);
    }
}

/// JSON text made safe inside `<script type="application/ld+json">`: `<`, `>` and `&` become
/// JSON escapes, so no string in it can close the element or start a comment, and the JSON
/// still means the same.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    with(json, &mut out, |b| match b {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    });
    out
}

/// Append `s` to `out` with each ASCII byte that `replace` maps replaced. The runs between
/// replaced bytes are copied whole.
#[inline]
pub fn with(s: &str, out: &mut String, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(rep) = replace(b) {
            out.push_str(&s[from..i]);
            out.push_str(rep);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_for_html_and_xml() {
        assert_eq!(html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(xml("<a href=\"x\">&'\u{1}"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let json = r#"{"t":"</script><!--&"}"#;
        let safe = json_in_script(json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], "</script><!--&");
    }
}
