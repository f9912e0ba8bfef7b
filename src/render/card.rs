//! Social cards: the picture link previews show for a brief that names none (`og:image`), drawn
//! at build time without a browser. A card is 1200×630 (the size Open Graph and X/Twitter's
//! large card ask for): the marking in its colours, the regions and date, the title in large
//! type, and the site's name with the confidence level. Text is shaped (rustybuzz, so Arabic
//! joins and runs right to left), set with fonts the caller found on the machine (`Fonts`),
//! and filled with tiny-skia; the PNG is a pure function of the brief and the fonts, so its
//! hash (`key`) names it in the cache of cards already drawn.

use std::sync::Arc;

use rustybuzz::ttf_parser;
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

use crate::content::Document;
use crate::model::{Site, TaxonomyKind};

/// Width of a card, in pixels.
pub const WIDTH: u32 = crate::model::pages::CARD_SIZE.0;
/// Height of a card, in pixels.
pub const HEIGHT: u32 = crate::model::pages::CARD_SIZE.1;

/// Bumped when the drawing changes, so cached cards of the old design are not reused.
const DESIGN: u32 = 1;

/// One font file's face, as found on the machine.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// The font file's bytes.
    pub data: Arc<Vec<u8>>,
    /// The face's index in a collection (0 for a plain font file).
    pub index: u32,
    /// A bold face, for titles.
    pub bold: bool,
    /// Its family and file, which name it in the cache key.
    pub name: String,
}

/// The faces cards are set in, best first: a face is used for a line when it has a glyph for
/// every letter of it, so later faces cover the scripts earlier ones lack.
#[derive(Debug, Clone, Default)]
pub struct Fonts {
    /// Faces in order of preference.
    pub faces: Vec<FontFace>,
}

/// What a card shows of a brief.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CardText {
    title: String,
    kicker: String,
    site: String,
    confidence: Option<String>,
    marking: Option<(String, String, String)>,
    accent: String,
}

fn text_of(site: &Site, i: usize) -> CardText {
    let b: &Document = &site.briefs[i];
    let regions: Vec<&str> = site.terms_of_brief(TaxonomyKind::Region, i).map(|t| t.name.as_str()).collect();
    let date = b.date.as_ref().map(|d| d.display(&site.config.strings.dates)).unwrap_or_default();
    let kicker = [regions.join(" · "), date].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("  —  ");
    let tlp = crate::view::brief::shown_marking(site, b);
    CardText {
        title: crate::view::brief::display_text(site, &b.title).into_owned(),
        kicker,
        site: site.config.title.clone(),
        confidence: b.analysis.confidence.map(|c| crate::view::labels::confidence(&site.config.strings, c)),
        marking: tlp.map(|t| {
            let (fg, bg) = t.colours();
            (t.label(), fg.to_string(), bg.to_string())
        }),
        accent: site.config.style.accent.clone().unwrap_or_else(|| "#0b4b8c".to_string()),
    }
}

/// The hash of everything brief `i`'s card is drawn from: the cache's name for it.
pub fn key(site: &Site, i: usize, fonts: &Fonts) -> u64 {
    let names: Vec<&str> = fonts.faces.iter().map(|f| f.name.as_str()).collect();
    crate::hashing::value(&(DESIGN, format!("{:?}", text_of(site, i)), names))
}

/// Brief `i`'s card as a PNG.
pub fn png(site: &Site, i: usize, fonts: &Fonts) -> Vec<u8> {
    let t = text_of(site, i);
    let mut pix = Pixmap::new(WIDTH, HEIGHT).expect("a card's size is not zero");
    let ink = colour("#10151c");
    pix.fill(colour("#fbfaf7"));
    let accent = colour(&t.accent);
    fill_rect(&mut pix, 0.0, 0.0, 24.0, HEIGHT as f32, accent);
    fill_rect(&mut pix, 24.0, HEIGHT as f32 - 96.0, WIDTH as f32 - 24.0, 96.0, colour("#eeece6"));
    let faces = Faces::new(fonts);
    let (left, right) = (88.0, WIDTH as f32 - 80.0);
    let mut top = 72.0;
    if let Some((label, fg, bg)) = &t.marking {
        let w = faces.width(label, 30.0, true) + 36.0;
        fill_rect(&mut pix, left, top - 6.0, w, 50.0, colour(bg));
        faces.draw(&mut pix, label, left + 18.0, top + 30.0, 30.0, true, colour(fg));
        top += 72.0;
    }
    if !t.kicker.is_empty() {
        let kicker = faces.fit(&t.kicker, 30.0, false, right - left);
        faces.draw_line(&mut pix, &kicker, (left, right), top + 30.0, 30.0, false, accent);
        top += 64.0;
    }
    // The largest size at which the title fits in the space left, up to four lines.
    let room = HEIGHT as f32 - 96.0 - 40.0 - top;
    for size in [68.0, 60.0, 52.0, 46.0, 40.0] {
        let line_height = size * 1.2;
        let max_lines = ((room / line_height) as usize).min(4);
        if let Some(lines) = faces.wrap(&t.title, size, true, right - left, max_lines) {
            for (n, line) in lines.iter().enumerate() {
                faces.draw_line(&mut pix, line, (left, right), top + size + n as f32 * line_height, size, true, ink);
            }
            break;
        }
        if size == 40.0 {
            let lines = faces.wrap_cut(&t.title, size, true, right - left, max_lines);
            for (n, line) in lines.iter().enumerate() {
                faces.draw_line(&mut pix, line, (left, right), top + size + n as f32 * line_height, size, true, ink);
            }
        }
    }
    let base = HEIGHT as f32 - 36.0;
    let site_name = faces.fit(&t.site, 30.0, true, 620.0);
    faces.draw_line(&mut pix, &site_name, (left, left + 620.0), base, 30.0, true, ink);
    if let Some(c) = &t.confidence {
        let w = faces.width(c, 28.0, false);
        faces.draw(&mut pix, c, right - w, base, 28.0, false, colour("#3b4350"));
    }
    pix.encode_png().expect("a pixmap encodes as PNG")
}

fn colour(hex: &str) -> Color {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok()).unwrap_or(0);
    Color::from_rgba8(byte(0), byte(2), byte(4), 255)
}

fn fill_rect(pix: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, c: Color) {
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        let mut paint = Paint::default();
        paint.set_color(c);
        pix.fill_rect(r, &paint, Transform::identity(), None);
    }
}

/// The faces, parsed once per card.
struct Faces<'a> {
    faces: Vec<(rustybuzz::Face<'a>, bool)>,
}

/// A shaped run: each glyph with its advance and offsets, in font units, and its face.
struct Shaped {
    glyphs: Vec<(u16, f32, f32, f32)>,
    face: usize,
}

impl<'a> Faces<'a> {
    fn new(fonts: &'a Fonts) -> Faces<'a> {
        let faces = fonts
            .faces
            .iter()
            .filter_map(|f| rustybuzz::Face::from_slice(&f.data, f.index).map(|face| (face, f.bold)))
            .collect();
        Faces { faces }
    }

    /// The face to set `text` in: the first of the wanted weight with every glyph, else the
    /// first of any weight with every glyph, else the first of the wanted weight.
    fn pick(&self, text: &str, bold: bool) -> Option<usize> {
        let covers =
            |f: &rustybuzz::Face| text.chars().filter(|c| !c.is_whitespace()).all(|c| f.glyph_index(c).is_some());
        let by_weight = |want: bool| self.faces.iter().position(|(f, b)| *b == want && covers(f));
        by_weight(bold)
            .or_else(|| self.faces.iter().position(|(f, _)| covers(f)))
            .or_else(|| self.faces.iter().position(|(_, b)| *b == bold))
            .or(if self.faces.is_empty() { None } else { Some(0) })
    }

    /// `text` shaped as runs of one direction each, in the order they are drawn from the left
    /// (`runs`): an Arabic title with an English name in it, or a date after Arabic region
    /// names, reads right.
    fn shape(&self, text: &str, bold: bool) -> Vec<Shaped> {
        let (runs, rtl_line) = runs(text);
        let mut out: Vec<Shaped> = runs.into_iter().filter_map(|(run, rtl)| self.shape_run(run, rtl, bold)).collect();
        if rtl_line {
            out.reverse();
        }
        out
    }

    fn shape_run(&self, text: &str, rtl: bool, bold: bool) -> Option<Shaped> {
        let face = self.pick(text, bold)?;
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.guess_segment_properties();
        buf.set_direction(if rtl { rustybuzz::Direction::RightToLeft } else { rustybuzz::Direction::LeftToRight });
        let out = rustybuzz::shape(&self.faces[face].0, &[], buf);
        let glyphs = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(i, p)| (i.glyph_id as u16, p.x_advance as f32, p.x_offset as f32, p.y_offset as f32))
            .collect();
        Some(Shaped { glyphs, face })
    }

    fn scale(&self, face: usize, size: f32) -> f32 {
        size / self.faces[face].0.units_per_em() as f32
    }

    /// The width of `text` set at `size`, in pixels.
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let runs = self.shape(text, bold);
        runs.iter().map(|s| s.glyphs.iter().map(|g| g.1).sum::<f32>() * self.scale(s.face, size)).sum()
    }

    /// `text` in at most `max_lines` lines of `width` pixels, broken between words; `None`
    /// when it needs more.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32, max_lines: usize) -> Option<Vec<String>> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        let fits = lines.iter().all(|l| self.width(l, size, bold) <= width);
        (lines.len() <= max_lines.max(1) && fits).then_some(lines)
    }

    /// `text` wrapped into `max_lines` lines, the last cut with an ellipsis.
    fn wrap_cut(&self, text: &str, size: f32, bold: bool, width: f32, max_lines: usize) -> Vec<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        for n in (1..=words.len()).rev() {
            let head = format!("{}…", words[..n].join(" "));
            if let Some(lines) = self.wrap(&head, size, bold, width, max_lines) {
                return lines;
            }
        }
        vec![self.fit(text, size, bold, width)]
    }

    /// `text` cut with an ellipsis to fit in `width` pixels on one line.
    fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        if self.width(text, size, bold) <= width {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        for n in (1..chars.len()).rev() {
            let cut = format!("{}…", chars[..n].iter().collect::<String>().trim_end());
            if self.width(&cut, size, bold) <= width {
                return cut;
            }
        }
        String::new()
    }

    /// One line between `left` and `right`: from the left, or from the right when its text
    /// runs right to left.
    #[allow(clippy::too_many_arguments)]
    fn draw_line(
        &self,
        pix: &mut Pixmap,
        text: &str,
        (left, right): (f32, f32),
        y: f32,
        size: f32,
        bold: bool,
        c: Color,
    ) {
        let x = if runs(text).1 { right - self.width(text, size, bold) } else { left };
        self.draw(pix, text, x, y, size, bold, c);
    }

    /// `text` with its baseline at `y`, starting at `x`.
    #[allow(clippy::too_many_arguments)]
    fn draw(&self, pix: &mut Pixmap, text: &str, x: f32, y: f32, size: f32, bold: bool, c: Color) {
        let mut paint = Paint::default();
        paint.set_color(c);
        paint.anti_alias = true;
        let mut pen = x;
        for shaped in self.shape(text, bold) {
            let face = &self.faces[shaped.face].0;
            let scale = self.scale(shaped.face, size);
            for (id, advance, dx, dy) in shaped.glyphs {
                let mut outline = Outline(PathBuilder::new());
                if face.outline_glyph(ttf_parser::GlyphId(id), &mut outline).is_some()
                    && let Some(path) = outline.0.finish()
                {
                    let at = Transform::from_row(scale, 0.0, 0.0, -scale, pen + dx * scale, y - dy * scale);
                    pix.fill_path(&path, &paint, FillRule::Winding, at, None);
                }
                pen += advance * scale;
            }
        }
    }
}

/// Letters of the scripts written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{590}'..='\u{8ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
}

/// `text` cut into runs of one direction, in reading order, and whether the line runs right
/// to left (its first letter does). A simplified Unicode bidi: a letter or digit is strongly
/// of its script's direction; spaces and punctuation between two runs of one direction join
/// them, and between runs of two directions take the line's direction.
fn runs(text: &str) -> (Vec<(&str, bool)>, bool) {
    let strong = |c: char| {
        if is_rtl(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        }
    };
    let line_rtl = text.chars().find_map(strong).unwrap_or(false);
    // Stretches of strong letters of one direction, and of neutrals (`None`), in order.
    let mut stretches: Vec<(usize, usize, Option<bool>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let (dir, end) = (strong(c), i + c.len_utf8());
        match stretches.last_mut() {
            Some(last) if last.2 == dir => last.1 = end,
            _ => stretches.push((i, end, dir)),
        }
    }
    let dir_at = |k: Option<usize>| k.and_then(|k| stretches.get(k)).and_then(|s| s.2);
    let mut merged: Vec<(usize, usize, bool)> = Vec::new();
    for (k, &(a, b, dir)) in stretches.iter().enumerate() {
        let dir = dir.unwrap_or_else(|| match (dir_at(k.checked_sub(1)), dir_at(Some(k + 1))) {
            (Some(before), Some(after)) if before == after => before,
            _ => line_rtl,
        });
        match merged.last_mut() {
            Some(last) if last.2 == dir => last.1 = b,
            _ => merged.push((a, b, dir)),
        }
    }
    (merged.into_iter().map(|(a, b, d)| (&text[a..b], d)).collect(), line_rtl)
}

/// A glyph's outline as a tiny-skia path, in font units.
struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_cut_into_runs_of_one_direction() {
        let (r, rtl) = runs("Talks in Muscat");
        assert_eq!((r, rtl), (vec![("Talks in Muscat", false)], false));
        let (r, rtl) = runs("الخليج · عمان  —  7 February 2026");
        assert!(rtl);
        assert_eq!(r, [("الخليج · عمان  —  ", true), ("7 February 2026", false)]);
        let (r, rtl) = runs("Gulf — محادثات مسقط (2026)");
        assert!(!rtl);
        assert_eq!(r, [("Gulf — ", false), ("محادثات مسقط", true), (" (2026)", false)]);
        let text = "a ب c";
        let (r, _) = runs(text);
        assert_eq!(r.iter().map(|x| x.0).collect::<String>(), text, "runs cover the text");
    }
}
