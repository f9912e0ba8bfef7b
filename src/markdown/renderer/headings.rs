//! A heading's end: its id made unique on the page (the theme's own ids included), the
//! attributes of its `{…}` block kept or reported, and the heading written out with its anchor
//! link and noted for the table of contents.

use pulldown_cmark::Event;

use super::{PendingHeading, Renderer};
use crate::escape;
use crate::markdown::{Issue, IssueKind, attributes, ids};

impl<'a> Renderer<'a, '_> {
    /// Give the heading an id no other element of the page has (the theme's own included),
    /// and write it out with its anchor link. Its content stays events, so footnote
    /// references in it are numbered with the rest.
    pub(super) fn finish_heading(&mut self, h: PendingHeading<'a>) {
        let level = h.level as u8;
        let title = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let kept = attributes::filter(h.id, &h.classes, &h.attrs, !self.escape_html);
        if !kept.dropped.is_empty() {
            // Point at each attribute in the heading's `{…}` block (the last one on its line).
            let source = self.body.get(h.range.clone()).unwrap_or("");
            let block = source.rfind('{').unwrap_or(0);
            for d in kept.dropped {
                let at = source[block..].find(&d.written).map_or(0, |i| block + i);
                self.issues.push(Issue {
                    offset: h.range.start + at,
                    kind: IssueKind::DroppedAttribute,
                    message: format!("heading attribute `{}` left out: {}", d.written, d.why.reason()),
                    target: d.written,
                });
            }
        }
        let base = match &kept.id {
            Some(id) => id.to_string(),
            None => {
                let s = crate::slug::slugify(&title);
                if s.is_empty() { "section".to_string() } else { s }
            }
        };
        let mut id = base.clone();
        let mut n = 1;
        while ids::is_theme_id(&id) || !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let attrs = kept.html;
        let id_attr = escape::html(&id);
        self.flat_toc.push((level, id, title));
        let sink = self.sink();
        sink.push(Event::Html(format!("<h{level} id=\"{id_attr}\"{attrs}>").into()));
        sink.extend(h.inner);
        sink.push(Event::Html(
            format!(" <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n")
                .into(),
        ));
    }
}
