//! HTML templates without their indentation (`compact_html`, on by default): the spaces and
//! tabs that start each line of an HTML template are dropped before it is compiled, since a
//! browser renders a line break followed by spaces as the line break alone. Nothing changes
//! inside `<pre>`, `<textarea>`, `<script>` and `<style>`, where white space is the content.
//! Lines are kept, so a template's line numbers stay those of its file (`shift` gives the
//! columns back). Done once per template rather than once per page, it costs a build nothing.

/// Elements whose content is kept byte for byte, with the closing tag to look for.
const RAW: [(&[u8], &[u8]); 4] =
    [(b"pre", b"</pre"), (b"textarea", b"</textarea"), (b"script", b"</script"), (b"style", b"</style")];

/// `text` with each line's leading spaces and tabs removed, outside the elements in `RAW`.
pub fn template(text: &str) -> String {
    let input = text.as_bytes();
    let mut out = Vec::with_capacity(input.len());
    let mut run = 0;
    let mut from = skip_indent(input, 0, &mut out, &mut run);
    'scan: while from < input.len() {
        let base = from;
        for at in memchr::memchr2_iter(b'\n', b'<', &input[base..]).map(|k| base + k) {
            if at < from {
                continue;
            }
            if input[at] == b'\n' {
                from = skip_indent(input, at + 1, &mut out, &mut run);
            } else if let Some(close) = raw_close(&input[at..]) {
                from = find_ascii_ci(&input[at + 1..], close).map_or(input.len(), |e| at + 1 + e + close.len());
                continue 'scan;
            }
        }
        break;
    }
    out.extend_from_slice(&input[run..]);
    // Only ASCII spaces and tabs were taken out, between whole characters.
    String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
}

/// How many bytes `template` took from the start of line `line` (from 1) of `original`, whose
/// compacted form is `compacted`.
pub fn shift(original: &str, compacted: &str, line: usize) -> usize {
    let at = |t: &str| t.lines().nth(line.saturating_sub(1)).map_or(0, str::len);
    at(original).saturating_sub(at(compacted))
}

/// At the start of a line, at `pos`: past its spaces and tabs, copying what came before (from
/// `run`) into `out` when there were any. Returns where the line's text starts.
fn skip_indent(input: &[u8], pos: usize, out: &mut Vec<u8>, run: &mut usize) -> usize {
    let mut j = pos;
    while j < input.len() && matches!(input[j], b' ' | b'\t') {
        j += 1;
    }
    if j > pos {
        out.extend_from_slice(&input[*run..pos]);
        *run = j;
    }
    j
}

/// The closing tag to copy up to when `tag` (starting at `<`) opens a raw element.
fn raw_close(tag: &[u8]) -> Option<&'static [u8]> {
    // Most tags are ruled out by their first two letters.
    let pair = (tag.get(1).map(|b| b | 0x20), tag.get(2).map(|b| b | 0x20));
    if !matches!(pair, (Some(b'p'), Some(b'r')) | (Some(b's'), Some(b'c' | b't')) | (Some(b't'), Some(b'e'))) {
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
    use super::{shift, template};

    #[test]
    fn indentation_goes_and_lines_stay() {
        let t = "<ul>\n    {%- for x in xs %}\n  \n\t<li>{{ x }}  y</li>\n    {%- endfor %}\n</ul>\n";
        let c = template(t);
        assert_eq!(c, "<ul>\n{%- for x in xs %}\n\n<li>{{ x }}  y</li>\n{%- endfor %}\n</ul>\n");
        assert_eq!((shift(t, &c, 2), shift(t, &c, 4), shift(t, &c, 6)), (4, 1, 0));
        assert_eq!(template("a\n   b"), "a\nb");
    }

    #[test]
    fn preformatted_scripts_styles_and_textareas_are_kept_as_written() {
        let pre = "<div>\n  <PRE class=\"code\"><code>fn a() {\n    b();\n\n}\n</code></Pre>\n  <p>after</p>\n</div>";
        assert_eq!(
            template(pre),
            "<div>\n<PRE class=\"code\"><code>fn a() {\n    b();\n\n}\n</code></Pre>\n<p>after</p>\n</div>"
        );
        let s =
            "<script>\n  let a = `x\n    y`;\n</script>\n  <style>\n  p { }\n</style>\n  <textarea>\n  t</textarea>";
        assert_eq!(
            template(s),
            "<script>\n  let a = `x\n    y`;\n</script>\n<style>\n  p { }\n</style>\n<textarea>\n  t</textarea>"
        );
        // Names that only start like one are not raw; an element left open keeps the rest.
        assert_eq!(template("<preview>\n  a</preview>\n  <strong>\n  b"), "<preview>\na</preview>\n<strong>\nb");
        assert_eq!(template("<pre>\n  a"), "<pre>\n  a");
    }
}
