//! The default theme, embedded in the binary so a site without a `themes/` folder still builds.
//! A `themes/<name>/` folder in the site, when present, is used instead (`dossier theme eject`
//! writes one from these files).
//!
//! Also what the theme promises `site.yaml`'s `style:` block: the backgrounds its accent colour
//! is drawn on, how a colour written in site.yaml is read, and how its contrast is judged.

/// Templates of the default theme: (name, text).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../themes/default/templates/404.html")),
    ("base.html", include_str!("../themes/default/templates/base.html")),
    ("brief.html", include_str!("../themes/default/templates/brief.html")),
    ("confidence.html", include_str!("../themes/default/templates/confidence.html")),
    ("graph.html", include_str!("../themes/default/templates/graph.html")),
    ("home.html", include_str!("../themes/default/templates/home.html")),
    ("page.html", include_str!("../themes/default/templates/page.html")),
    ("partials/brief_item.html", include_str!("../themes/default/templates/partials/brief_item.html")),
    ("partials/facet.html", include_str!("../themes/default/templates/partials/facet.html")),
    ("partials/graph.html", include_str!("../themes/default/templates/partials/graph.html")),
    ("partials/pagination.html", include_str!("../themes/default/templates/partials/pagination.html")),
    ("partials/toc.html", include_str!("../themes/default/templates/partials/toc.html")),
    ("search.html", include_str!("../themes/default/templates/search.html")),
    ("sources.html", include_str!("../themes/default/templates/sources.html")),
    ("taxonomy.html", include_str!("../themes/default/templates/taxonomy.html")),
    ("term.html", include_str!("../themes/default/templates/term.html")),
    ("term_timeline.html", include_str!("../themes/default/templates/term_timeline.html")),
    ("timeline.html", include_str!("../themes/default/templates/timeline.html")),
];

/// Static files of the default theme: (path relative to the output root, bytes).
pub const STATIC: &[(&str, &[u8])] = &[
    // Empty on purpose: every page links it after style.css, and a site's own static/custom.css
    // replaces it (the site's static files win), so the hook needs no configuration and a page
    // never links a file that is not there, in a build or in the preview.
    ("custom.css", include_bytes!("../themes/default/static/custom.css")),
    ("favicon.svg", include_bytes!("../themes/default/static/favicon.svg")),
    ("graph.css", include_bytes!("../themes/default/static/graph.css")),
    ("graph.js", include_bytes!("../themes/default/static/graph.js")),
    ("i18n.js", include_bytes!("../themes/default/static/i18n.js")),
    ("search.js", include_bytes!("../themes/default/static/search.js")),
    ("style.css", include_bytes!("../themes/default/static/style.css")),
];

/// Translation tables of the default theme's interface strings: (language, YAML text). English
/// is complete; every other language falls back to it key by key.
pub const I18N: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/i18n/en.yaml")),
    ("ar", include_str!("../themes/default/i18n/ar.yaml")),
    ("es", include_str!("../themes/default/i18n/es.yaml")),
    ("fa", include_str!("../themes/default/i18n/fa.yaml")),
    ("fr", include_str!("../themes/default/i18n/fr.yaml")),
    ("ru", include_str!("../themes/default/i18n/ru.yaml")),
];

/// The name the built-in theme answers to in `theme:`.
pub const DEFAULT_NAME: &str = "default";

/// Every file of the built-in theme as (path inside a theme folder, bytes): `templates/…`, then
/// `static/…`, then `i18n/…`, the layout `themes/<name>/` has on disk.
pub fn files() -> impl Iterator<Item = (String, &'static [u8])> {
    let templates = TEMPLATES.iter().map(|(name, text)| (format!("templates/{name}"), text.as_bytes()));
    let tables = I18N.iter().map(|(lang, text)| (format!("i18n/{lang}.yaml"), text.as_bytes()));
    templates.chain(STATIC.iter().map(|(name, bytes)| (format!("static/{name}"), *bytes))).chain(tables)
}

/// WCAG AA's contrast ratio for body-size text, links included.
pub const AA_TEXT: f64 = 4.5;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, lower case: the only form a colour from site.yaml is written into a page in,
    /// so nothing the user typed reaches the CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Read a colour written as `#rgb`, `#rrggbb`, `rgb(11 92 173)` / `rgb(11, 92, 173)` (or
    /// percentages), or `hsl(210 88% 36%)` / `hsl(210deg, 88%, 36%)`. The error says why not.
    /// Only opaque colours: the contrast of a see-through one depends on what is behind it.
    /// Named colours and other CSS syntax are refused rather than passed through.
    pub fn parse(text: &str) -> Result<Rgb, String> {
        let t = text.trim().to_ascii_lowercase();
        if let Some(hex) = t.strip_prefix('#') {
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err("a `#` colour has only the hex digits 0-9 and a-f".into());
            }
            let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).unwrap_or(0);
            let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return match hex.len() {
                3 => Ok(Rgb(digit(0) * 17, digit(1) * 17, digit(2) * 17)),
                6 => Ok(Rgb(pair(0), pair(2), pair(4))),
                4 | 8 => Err(TRANSPARENT.into()),
                _ => Err("a `#` colour has 3 or 6 hex digits".into()),
            };
        }
        if let Some(args) = function_args(&t, &["rgb", "rgba"]) {
            let [r, g, b] = three(args)?;
            let channel = |(v, percent): (f64, bool)| {
                let v = if percent { v * 255.0 / 100.0 } else { v };
                if (0.0..=255.0).contains(&v) { Ok(v.round() as u8) } else { Err(OUT_OF_RANGE.to_string()) }
            };
            return Ok(Rgb(channel(r)?, channel(g)?, channel(b)?));
        }
        if let Some(args) = function_args(&t, &["hsl", "hsla"]) {
            // Saturation and lightness are percentages, with or without the `%` (CSS allows both).
            let [(h, h_percent), (s, _), (l, _)] = three(args)?;
            if h_percent || !(0.0..=100.0).contains(&s) || !(0.0..=100.0).contains(&l) {
                return Err("hsl() takes a hue in degrees, then saturation and lightness from 0% to 100%".into());
            }
            return Ok(from_hsl(h, s / 100.0, l / 100.0));
        }
        if matches!(t.len(), 3 | 6) && t.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("a hex colour starts with `#`: \"#{t}\""));
        }
        Err("it is not a hex, rgb() or hsl() colour".into())
    }

    /// Relative luminance (WCAG 2): each channel linearised, weighted by the eye's sensitivity.
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// The WCAG contrast ratio between two colours, from 1 (same) to 21 (black on white).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `self` moved the fraction `t` (0 to 1) of the way to `other`, channel by channel.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

const TRANSPARENT: &str =
    "it has an alpha channel, and the contrast of a see-through colour depends on what is behind it";
const OUT_OF_RANGE: &str = "rgb() channels go from 0 to 255 (or 0% to 100%)";

/// The inside of `name(…)` for any of `names`.
fn function_args<'a>(t: &'a str, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| t.strip_prefix(n)?.trim_start().strip_prefix('(')?.strip_suffix(')'))
}

/// Exactly three numbers, each with whether it had a `%` (a `deg` unit is dropped), separated
/// by commas or spaces; a fourth value or a `/` is an alpha channel and refused.
fn three(args: &str) -> Result<[(f64, bool); 3], String> {
    if args.contains('/') {
        return Err(TRANSPARENT.into());
    }
    let parts: Vec<&str> = args.split([',', ' ', '\t']).filter(|p| !p.is_empty()).collect();
    if parts.len() == 4 {
        return Err(TRANSPARENT.into());
    }
    let [a, b, c] = parts[..] else { return Err("it needs three values, such as rgb(11 92 173)".into()) };
    let number = |p: &str| {
        let (digits, percent) = match p.strip_suffix('%') {
            Some(d) => (d, true),
            None => (p.strip_suffix("deg").unwrap_or(p), false),
        };
        // Plain decimals only: no exponents, `inf` or `nan`, which f64's parser would take.
        let plain = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        match digits.parse::<f64>() {
            Ok(v) if plain && v.is_finite() => Ok((v, percent)),
            _ => Err(format!("\"{p}\" is not a number")),
        }
    };
    Ok([number(a)?, number(b)?, number(c)?])
}

/// HSL (hue in degrees, saturation and lightness 0 to 1) to sRGB.
fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let h = h.rem_euclid(360.0) / 60.0;
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u8 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let to = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb(to(r), to(g), to(b))
}

/// One colour scheme of the default theme, as far as its accent is concerned. The values must
/// match style.css (a test reads it).
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    /// `light` or `dark`, for messages.
    pub name: &'static str,
    /// The backgrounds accent-coloured text and controls are drawn on, as (custom property,
    /// what it is, colour): the page (`--bg`) and boxes such as the table of contents (`--surface`).
    pub backgrounds: [(&'static str, &'static str, Rgb); 2],
    /// The theme's own accent in this scheme.
    pub accent: Rgb,
    /// The way to move a colour for more contrast on these backgrounds: black on light ones,
    /// white on dark ones.
    pub toward: Rgb,
}

/// The default theme's light scheme.
pub const LIGHT: Scheme = Scheme {
    name: "light",
    backgrounds: [
        ("--bg", "page background", Rgb(0xfc, 0xfb, 0xf8)),
        ("--surface", "box background", Rgb(0xf3, 0xf1, 0xec)),
    ],
    accent: Rgb(0x0b, 0x4b, 0x8c),
    toward: Rgb(0, 0, 0),
};

/// The default theme's dark scheme (`prefers-color-scheme: dark`).
pub const DARK: Scheme = Scheme {
    name: "dark",
    backgrounds: [
        ("--bg", "page background", Rgb(0x15, 0x16, 0x18)),
        ("--surface", "box background", Rgb(0x1f, 0x21, 0x24)),
    ],
    accent: Rgb(0x8d, 0xbb, 0xf2),
    toward: Rgb(0xff, 0xff, 0xff),
};

impl Scheme {
    /// The lowest contrast of `c` against this scheme's backgrounds, and what that background
    /// is and its colour.
    pub fn worst_contrast(&self, c: Rgb) -> (f64, &'static str, Rgb) {
        self.backgrounds
            .iter()
            .map(|&(_, what, bg)| (c.contrast(bg), what, bg))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .expect("two backgrounds")
    }

    /// `c` itself when it reaches AA on every background of the scheme, else `c` moved toward
    /// black (light scheme) or white (dark scheme) by the smallest step that does: the same
    /// hue, as close to what was asked as readable text allows. Black and white reach over 15:1
    /// on every background, so there always is one.
    pub fn readable(&self, c: Rgb) -> Rgb {
        (0..=100)
            .map(|step| c.mix(self.toward, f64::from(step) / 100.0))
            .find(|&m| self.worst_contrast(m).0 >= AA_TEXT)
            .unwrap_or(self.toward)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded copy must list every file in themes/default, or sites without a theme
    /// folder would silently lose a template.
    #[test]
    fn embedded_theme_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir.join("templates"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir.join("templates")).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded);
        let mut statics: Vec<String> = walkdir::WalkDir::new(dir.join("static"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir.join("static")).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        statics.sort();
        assert_eq!(statics, STATIC.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn files_lay_the_theme_out_as_a_folder() {
        let all: Vec<String> = files().map(|(p, _)| p).collect();
        assert_eq!(all.len(), TEMPLATES.len() + STATIC.len() + I18N.len());
        assert!(all.contains(&"i18n/en.yaml".to_string()));
        assert!(all.contains(&"templates/base.html".to_string()));
        assert!(all.contains(&"static/custom.css".to_string()));
    }

    #[test]
    fn colours_are_read_in_every_accepted_form() {
        let blue = Rgb(0x0b, 0x5c, 0xad);
        for form in ["#0b5cad", "#0B5CAD", " #0b5cad ", "rgb(11 92 173)", "rgb(11, 92, 173)", "RGB( 11 , 92 , 173 )"] {
            assert_eq!(Rgb::parse(form), Ok(blue), "{form}");
        }
        assert_eq!(Rgb::parse("#fa0"), Ok(Rgb(0xff, 0xaa, 0x00)));
        assert_eq!(Rgb::parse("rgb(100% 0% 50%)"), Ok(Rgb(255, 0, 128)));
        assert_eq!(Rgb::parse("hsl(0 100% 50%)"), Ok(Rgb(255, 0, 0)));
        assert_eq!(Rgb::parse("hsl(120deg, 100%, 25%)"), Ok(Rgb(0, 128, 0)));
        assert_eq!(Rgb::parse("hsl(210 88% 36%)").map(Rgb::hex), Ok("#0b5cad".to_string()));
        assert_eq!(blue.hex(), "#0b5cad");
    }

    #[test]
    fn anything_that_could_carry_other_css_is_refused() {
        for bad in [
            "red",
            "#0b5cad; } body { display: none",
            "#0b5cad}",
            "#12345",
            "#0b5cadff",
            "#0b5c",
            "rgb(11 92 173 / 50%)",
            "rgba(11, 92, 173, .5)",
            "rgb(300 0 0)",
            "rgb(1e2 0 0)",
            "rgb(inf 0 0)",
            "rgb(11 92)",
            "hsl(210% 88% 36%)",
            "url(x.png)",
            "var(--x)",
            "</style><script>",
            "",
        ] {
            assert!(Rgb::parse(bad).is_err(), "{bad} was accepted");
        }
        assert!(Rgb::parse("#0b5cad80").unwrap_err().contains("alpha"));
        assert!(Rgb::parse("0b5cad").unwrap_err().contains("\"#0b5cad\""));
    }

    #[test]
    fn contrast_follows_wcag() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes AA on white (4.54:1).
        assert!((Rgb(0x76, 0x76, 0x76).contrast(white) - 4.54).abs() < 0.01);
    }

    /// The default accent, and the backgrounds the warnings judge user colours against, are the
    /// ones style.css declares; and the default accent reads at AA on both in both schemes.
    #[test]
    fn the_schemes_match_style_css_and_the_default_accent_passes_aa() {
        let css = std::str::from_utf8(STATIC.iter().find(|(n, _)| *n == "style.css").unwrap().1).unwrap();
        let dark_at = css.find("@media (prefers-color-scheme: dark)").expect("a dark scheme");
        let (light_block, dark_block) =
            (&css[..dark_at], &css[dark_at..dark_at + css[dark_at..].find("}\n}").unwrap()]);
        for (scheme, block) in [(LIGHT, light_block), (DARK, dark_block)] {
            let named = scheme.backgrounds.iter().map(|&(name, _, colour)| (name, colour));
            for (name, colour) in named.chain([("--accent", scheme.accent)]) {
                let decl = format!("{name}: {};", colour.hex());
                assert!(block.contains(&decl), "style.css's {} scheme lacks `{decl}`", scheme.name);
            }
            let (worst, ..) = scheme.worst_contrast(scheme.accent);
            assert!(worst >= AA_TEXT, "the default {} accent reaches only {worst:.2}:1", scheme.name);
            assert_eq!(scheme.readable(scheme.accent), scheme.accent);
        }
    }

    #[test]
    fn readable_moves_a_colour_only_as_far_as_aa_needs() {
        let pale = Rgb(0x7f, 0xb2, 0xe5);
        let fixed = LIGHT.readable(pale);
        assert!(LIGHT.worst_contrast(fixed).0 >= AA_TEXT);
        let step = (0..=100).find(|&s| pale.mix(LIGHT.toward, f64::from(s) / 100.0) == fixed).unwrap();
        assert!(step > 0);
        let one_less = pale.mix(LIGHT.toward, f64::from(step - 1) / 100.0);
        assert!(LIGHT.worst_contrast(one_less).0 < AA_TEXT, "{} already passed", one_less.hex());
        let dim = Rgb(0x0b, 0x5c, 0xad);
        let lifted = DARK.readable(dim);
        assert!(DARK.worst_contrast(lifted).0 >= AA_TEXT, "{}", lifted.hex());
        assert_ne!(lifted, dim);
    }
}
