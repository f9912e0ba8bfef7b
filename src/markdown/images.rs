//! How an image is written out: `<img>` with its alt text, the `width` and `height` of the
//! file (so the page does not shift as it loads) and `loading="lazy"` below the first image;
//! and a `<figure>` with a caption for an image with a title alone in its paragraph.

use crate::escape;

/// One image as the renderer collected it.
#[derive(Debug, Default)]
pub struct Image {
    /// The `src`, already resolved and percent-encoded.
    pub src: String,
    /// The alt text, whitespace as the reader sees it: a line break in the source is a space.
    pub alt: String,
    /// The title, shown as a tooltip or as the figure's caption.
    pub title: String,
    /// Width and height in pixels, when the file's header said.
    pub size: Option<(u32, u32)>,
    /// Load when scrolled near, not with the page: every image but a document's first.
    pub lazy: bool,
}

impl Image {
    /// The `<img>` element; `with_title` puts the title in a `title` attribute.
    pub fn img(&self, with_title: bool) -> String {
        let mut s = format!("<img src=\"{}\" alt=\"{}\"", escape::html(&self.src), escape::html(self.alt.trim()));
        if with_title && !self.title.is_empty() {
            s.push_str(&format!(" title=\"{}\"", escape::html(&self.title)));
        }
        if let Some((w, h)) = self.size {
            s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if self.lazy {
            s.push_str(" loading=\"lazy\"");
        }
        s.push('>');
        s
    }

    /// The `<figure>` an image with a title becomes when it is alone in its paragraph:
    /// `![Map of the strait](map.png "Shipping lanes, March 2026")`.
    pub fn figure(&self) -> String {
        format!("<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n", self.img(false), escape::html(&self.title))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_carry_their_size_and_load_lazily_when_asked() {
        let i = Image {
            src: "/a/Map%201.png".into(),
            alt: " A \"map\" ".into(),
            title: "T".into(),
            size: Some((640, 360)),
            lazy: true,
        };
        assert_eq!(
            i.img(true),
            "<img src=\"/a/Map%201.png\" alt=\"A &quot;map&quot;\" title=\"T\" width=\"640\" height=\"360\" loading=\"lazy\">"
        );
        let first = Image { src: "x.svg".into(), ..Image::default() };
        assert_eq!(first.img(true), "<img src=\"x.svg\" alt=\"\">");
        assert!(i.figure().starts_with("<figure>\n<img src=\"/a/Map%201.png\" alt=\"A &quot;map&quot;\" width"));
        assert!(i.figure().ends_with("<figcaption>T</figcaption>\n</figure>\n"));
    }
}
