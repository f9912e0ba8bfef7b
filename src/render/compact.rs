//! HTML pages without the templates' indentation (`compact_html`, on by default): the spaces
//! and tabs that start a line, and blank lines, are dropped, since a browser renders a run of
//! white space with a line break in it as the line break alone. Nothing changes inside
//! `<pre>`, `<textarea>`, `<script>` and `<style>`, where white space is the content. The
//! theme's indentation is a twentieth of a large site's pages.

/// Elements whose content is kept byte for byte, with the closing tag to look for.
const RAW: [(&[u8], &[u8]); 4] =
    [(b"pre", b"</pre"), (b"textarea", b"</textarea"), (b"script", b"</script"), (b"style", b"</style")];

/// `html` with each line's leading spaces and tabs removed and blank lines dropped, outside
/// the elements in `RAW`. Bytes are copied in runs between the white space it drops.
pub fn html(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let n = input.len();
    let (mut i, mut run) = (0, 0);
    let mut line_start = true;
    while i < n {
        if line_start {
            let mut j = i;
            while j < n && matches!(input[j], b' ' | b'\t') {
                j += 1;
            }
            if j < n && input[j] == b'\n' {
                j += 1;
            }
            if j > i {
                out.extend_from_slice(&input[run..i]);
                (i, run) = (j, j);
                continue;
            }
            line_start = false;
        }
        let Some(k) = memchr::memchr2(b'\n', b'<', &input[i..]) else { break };
        let at = i + k;
        i = at + 1;
        if input[at] == b'\n' {
            line_start = true;
        } else if let Some(close) = raw_close(&input[at..]) {
            i = find_ascii_ci(&input[i..], close).map_or(n, |e| i + e + close.len());
        }
    }
    out.extend_from_slice(&input[run..]);
    out
}

/// The closing tag to copy up to when `tag` (starting at `<`) opens a raw element.
fn raw_close(tag: &[u8]) -> Option<&'static [u8]> {
    // Most tags are ruled out by their first letter.
    if !matches!(tag.get(1).map(|b| b | 0x20), Some(b'p' | b's' | b't')) {
        return None;
    }
    let name = &tag[1..];
    RAW.iter().find_map(|(open, close)| {
        let fits = name.len() > open.len()
            && name[..open.len()].eq_ignore_ascii_case(open)
            && matches!(name[open.len()], b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/');
        fits.then_some(*close)
    })
}

/// Where `needle` (ASCII, lower case) first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'<', &hay[from..]) {
        let at = from + k;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::html;

    fn c(s: &str) -> String {
        String::from_utf8(html(s.as_bytes())).unwrap()
    }

    #[test]
    fn indentation_and_blank_lines_go_and_line_breaks_stay() {
        assert_eq!(c("<ul>\n    <li>a</li>\n\n  \n\t<li>b c</li>\n</ul>\n"), "<ul>\n<li>a</li>\n<li>b c</li>\n</ul>\n");
        assert_eq!(c("  <p>x  y</p>"), "<p>x  y</p>");
        assert_eq!(c("a\n   b"), "a\nb");
    }

    #[test]
    fn preformatted_scripts_styles_and_textareas_are_kept_as_written() {
        let pre = "<div>\n  <PRE class=\"code\"><code>fn a() {\n    b();\n\n}\n</code></Pre>\n  <p>after</p>\n</div>";
        assert_eq!(
            c(pre),
            "<div>\n<PRE class=\"code\"><code>fn a() {\n    b();\n\n}\n</code></Pre>\n<p>after</p>\n</div>"
        );
        let s =
            "<script>\n  let a = `x\n    y`;\n</script>\n  <style>\n  p { }\n</style>\n  <textarea>\n  t</textarea>";
        assert_eq!(
            c(s),
            "<script>\n  let a = `x\n    y`;\n</script>\n<style>\n  p { }\n</style>\n<textarea>\n  t</textarea>"
        );
        // Names that only start like one are not raw; an element left open keeps the rest.
        assert_eq!(c("<preview>\n  a</preview>"), "<preview>\na</preview>");
        assert_eq!(c("<pre>\n  a"), "<pre>\n  a");
    }
}
