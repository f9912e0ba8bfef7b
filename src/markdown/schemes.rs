//! Which URLs an author's link or image may have when authors are not trusted
//! (`markdown.unsafe_html: false`), and which values are script URLs in any mode.
//!
//! The scheme is read as a browser's URL parser reads it: leading spaces and control
//! characters are skipped, and tabs and line breaks anywhere are ignored, so `\tjava\nscript:`
//! is `javascript:`. This reading is stricter still: it ignores every ASCII space and control
//! character anywhere, so it never sees less of a scheme than a browser does. Character
//! references (`&#106;avascript:`, `java&#x09;script:`) are decoded by pulldown-cmark before
//! a destination reaches the renderer, and the HTML writer escapes `&` again, so the string
//! checked is the one a browser decodes from the attribute. A percent-encoded scheme
//! (`%6Aavascript:`) is no scheme to a browser but a relative path, and stays one.
//!
//! Then the scheme, compared without regard to case, must be on an allow-list: `http`,
//! `https`, `mailto` and `tel`, or none at all (a path, `?query` or `#fragment`); an image may
//! also be a `data:` URL of a PNG, GIF, JPEG or WebP picture, never SVG, which can carry
//! script. Nothing here allocates: this runs for every link of every brief.

/// Whether a URL is a link's or an image's: images may also be raster `data:` URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    /// `href` of `<a>`.
    Link,
    /// `src` of `<img>`.
    Image,
}

/// Schemes a link or image may name when authors are not trusted.
const ALLOWED: &[&[u8]] = &[b"http", b"https", b"mailto", b"tel"];

/// The picture types an image's `data:` URL may have: raster formats, which run nothing.
const RASTER: &[&[u8]] = &[b"image/png", b"image/gif", b"image/jpeg", b"image/webp"];

/// Schemes whose URLs run script or make a document out of the URL itself.
const SCRIPT: &[&[u8]] = &[b"javascript", b"vbscript", b"data"];

/// The longest scheme kept for comparison; a longer one matches no name above.
const MAX_SCHEME: usize = 16;

/// A URL's bytes as the check reads them: ASCII spaces and control characters dropped
/// (browsers drop tabs and line breaks anywhere, and spaces and controls at the start),
/// ASCII letters lowercased.
fn significant(url: &str) -> impl Iterator<Item = u8> + '_ {
    url.bytes().filter(|b| !(b.is_ascii_control() || *b == b' ')).map(|b| b.to_ascii_lowercase())
}

/// A URL's scheme, lowercased, with the bytes after its `:`; `None` for a URL without one (a
/// path, a query or a fragment, which stay on this site or its pages).
struct Scheme<I> {
    name: [u8; MAX_SCHEME],
    len: usize,
    /// Longer than `MAX_SCHEME`: names no scheme listed here.
    long: bool,
    rest: I,
}

impl<I> Scheme<I> {
    fn is(&self, name: &[u8]) -> bool {
        !self.long && &self.name[..self.len] == name
    }

    fn is_any(&self, names: &[&[u8]]) -> bool {
        names.iter().any(|n| self.is(n))
    }
}

/// Read the scheme as a URL parser does: a letter, then letters, digits, `+`, `-` and `.`, up
/// to a `:`. Any other byte before a `:` (a `/`, `?`, `#`, `%`, or a non-ASCII letter) means
/// the URL has no scheme and is relative.
fn scheme(url: &str) -> Option<Scheme<impl Iterator<Item = u8> + '_>> {
    let mut rest = significant(url);
    let (mut name, mut len, mut long) = ([0u8; MAX_SCHEME], 0, false);
    loop {
        let b = rest.next()?;
        let first = len == 0 && !long;
        if b == b':' && !first {
            return Some(Scheme { name, len, long, rest });
        }
        let valid =
            if first { b.is_ascii_alphabetic() } else { b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.') };
        if !valid {
            return None;
        }
        if len < MAX_SCHEME && !long {
            name[len] = b;
            len += 1;
        } else {
            long = true;
        }
    }
}

/// True when `url` may stand in an author's link or image when authors are not trusted: it
/// has no scheme, or `http`, `https`, `mailto` or `tel`; an image may also be a PNG, GIF,
/// JPEG or WebP `data:` URL.
pub fn is_allowed(url: &str, used: UrlUse) -> bool {
    let Some(mut s) = scheme(url) else { return true };
    if s.is_any(ALLOWED) {
        return true;
    }
    if used == UrlUse::Image && s.is(b"data") {
        // The media type, then `;base64` or other parameters, or the `,` that starts the data.
        let mut media = [0u8; 12];
        for (len, b) in s.rest.by_ref().enumerate() {
            if b == b';' || b == b',' {
                return RASTER.contains(&&media[..len]);
            }
            if len == media.len() {
                return false;
            }
            media[len] = b;
        }
        return false;
    }
    false
}

/// True when `url` runs script or makes a document out of itself: a `javascript:`,
/// `vbscript:` or `data:` URL. Used for attribute values, in either mode.
pub fn is_script(url: &str) -> bool {
    scheme(url).is_some_and(|s| s.is_any(SCRIPT))
}

/// The scheme of `url` as the check read it (`javascript`), for messages; empty for none.
pub fn scheme_name(url: &str) -> String {
    match scheme(url) {
        Some(s) if s.long => significant(url).take_while(|&b| b != b':').map(char::from).collect(),
        Some(s) => s.name[..s.len].iter().map(|&b| char::from(b)).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_queries_fragments_and_web_urls_are_allowed() {
        for url in [
            "",
            "#a",
            "?q=javascript:x",
            "/briefs/x/",
            "map.png",
            "../x.md#y",
            "@/briefs/x.md",
            "//example.org/x",
            "https://example.org/",
            "HTTP://example.org/",
            "mailto:desk@example.org",
            "Tel:+1555",
            // Not a scheme to a browser either: percent-encoding and non-ASCII letters make a
            // relative path.
            "%6Aavascript:alert(1)",
            "javascript%3Aalert(1)",
            "jаvascript:alert(1)", // a Cyrillic а
            "\u{a0}javascript:alert(1)",
            "a/javascript:alert(1)",
        ] {
            assert!(is_allowed(url, UrlUse::Link), "{url:?}");
        }
    }

    #[test]
    fn script_schemes_are_refused_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\r\nscript:alert(1)",
            "j\u{0}avascript:alert(1)",
            "javascript\t:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/png;base64,iVBORw0KGgo=",
            // Not script, but not on the list either.
            "file:///etc/passwd",
            "ftp://example.org/",
            "c:/x",
            "averyveryverylongschemename:x",
        ] {
            assert!(!is_allowed(url, UrlUse::Link), "{url:?}");
        }
    }

    #[test]
    fn images_may_be_raster_data_urls_but_never_svg() {
        for url in [
            "data:image/png;base64,iVBORw0KGgo=",
            "DATA:IMAGE/JPEG;base64,/9j/",
            "data:image/gif,GIF89a",
            "data:image/webp;base64,UklGR",
            "data: image/png;base64,x",
        ] {
            assert!(is_allowed(url, UrlUse::Image), "{url:?}");
        }
        for url in [
            "data:image/svg+xml;base64,PHN2Zz4=",
            "Data:Image/SVG+xml,<svg onload=alert(1)>",
            "data:image/png",
            "data:image/pngx;base64,x",
            "data:image/png-but-very-long-indeed;base64,x",
            "data:text/html,x",
            "data:,x",
            "javascript:alert(1)",
        ] {
            assert!(!is_allowed(url, UrlUse::Image), "{url:?}");
        }
    }

    #[test]
    fn script_urls_are_recognised_for_attribute_values() {
        assert!(is_script("javascript:alert(1)") && is_script(" Java\tScript:x") && is_script("vbscript:x"));
        assert!(is_script("data:text/html,x") && is_script("DATA:image/svg+xml,x"));
        assert!(!is_script("https://example.org/") && !is_script("position:fixed") && !is_script("x"));
        assert!(!is_script("%6Aavascript:x") && !is_script("#javascript:x"));
    }

    #[test]
    fn scheme_names_are_read_for_messages() {
        assert_eq!(scheme_name("Java\tScript:alert(1)"), "javascript");
        assert_eq!(scheme_name("averyveryverylongschemename:x"), "averyveryverylongschemename");
        assert_eq!(scheme_name("/path"), "");
    }
}
