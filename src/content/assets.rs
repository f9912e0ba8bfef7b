//! Assets: every file under `content/` that is not Markdown (images, PDFs, data files). Each
//! is published at the matching place in the output, so a brief's relative reference to it
//! works in the source folder and on the site. Also reads the pixel size of images, from
//! their headers only, for the `width` and `height` that keep a page from shifting as it loads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A file under `content/` published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `content/`, `/`-separated (`briefs/gaza-aid/map.png`).
    pub source: String,
    /// Path on disk.
    pub abs: PathBuf,
    /// Path in the output (`briefs/gaza-aid/map.png`): see `output_path`.
    pub output: String,
}

impl Asset {
    /// The asset at `source` (relative to `content/`), read from `abs`.
    pub fn new(source: String, abs: PathBuf) -> Asset {
        let output = output_path(&source);
        Asset { source, abs, output }
    }
}

/// Where an asset is published: its folders named as documents' folders are in URLs (the same
/// slugs, so a bundle's `Gaza Aid/map.png` sits beside the bundle's page at `gaza-aid/`), its
/// file name kept as written (an analyst's `Shipping lanes.png` is linked percent-encoded).
pub fn output_path(source: &str) -> String {
    let (dir, name) = source.rsplit_once('/').unwrap_or(("", source));
    let mut out = String::with_capacity(source.len());
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        out.push_str(&crate::slug::slugify_or_hash(seg));
        out.push('/');
    }
    out.push_str(name);
    out
}

/// Every asset of a site, for looking up what a brief refers to: by content path, and by
/// output path for root-relative references (`/briefs/map.png`). Pixel sizes are read the
/// first time an image is referenced, once, and only for images that are.
#[derive(Debug, Default)]
pub struct AssetMap {
    assets: Vec<Asset>,
    by_source: HashMap<String, usize>,
    by_output: HashMap<String, usize>,
    sizes: Vec<OnceLock<Option<(u32, u32)>>>,
}

impl AssetMap {
    /// Index `assets` (sorted by source path, as `load::walk` gives them).
    pub fn new(assets: Vec<Asset>) -> AssetMap {
        let by_source = assets.iter().enumerate().map(|(i, a)| (a.source.clone(), i)).collect();
        let by_output = assets.iter().enumerate().map(|(i, a)| (a.output.clone(), i)).collect();
        let sizes = assets.iter().map(|_| OnceLock::new()).collect();
        AssetMap { assets, by_source, by_output, sizes }
    }

    /// Every asset, by source path.
    pub fn all(&self) -> &[Asset] {
        &self.assets
    }

    /// True when the site has no assets.
    pub fn is_empty(&self) -> bool {
        self.assets.is_empty()
    }

    /// The asset at content path `source`.
    pub fn get(&self, source: &str) -> Option<&Asset> {
        self.by_source.get(source).map(|&i| &self.assets[i])
    }

    /// The asset published at `output`.
    pub fn at_output(&self, output: &str) -> Option<&Asset> {
        self.by_output.get(output).map(|&i| &self.assets[i])
    }

    /// The pixel size of the image at content path `source`, read once from its header;
    /// `None` when it is not an image whose size can be read.
    pub fn size(&self, source: &str) -> Option<(u32, u32)> {
        let &i = self.by_source.get(source)?;
        *self.sizes[i].get_or_init(|| image_size(&self.assets[i].abs))
    }
}

/// The width and height in pixels of the image file at `path`, from its header (PNG, JPEG,
/// GIF, WebP, AVIF, BMP, ICO, JPEG XL) or, for SVG, from the root element's `width` and
/// `height` or else its `viewBox`. `None` for other files and unreadable ones.
pub fn image_size(path: &Path) -> Option<(u32, u32)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext == "svg" {
        // The root element is near the start; the first 4 KB hold it in any sane file.
        let mut head = vec![0u8; 4096];
        let n = std::io::Read::read(&mut std::fs::File::open(path).ok()?, &mut head).ok()?;
        return svg_size(&String::from_utf8_lossy(&head[..n]));
    }
    if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "bmp" | "ico" | "jxl") {
        return None;
    }
    let s = imagesize::size(path).ok()?;
    Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))
}

/// The size an SVG declares: `width` and `height` in pixels (or without unit), else the last
/// two numbers of `viewBox`. Percentages and other units say nothing about pixels.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let i = rest.find(name)?;
            let before = rest[..i].chars().next_back();
            let after = rest[i + name.len()..].trim_start();
            rest = &rest[i + name.len()..];
            if before.is_some_and(char::is_whitespace)
                && let Some(v) = after.strip_prefix('=')
            {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    return v[1..].split(q).next();
                }
            }
        }
    };
    let px = |v: &str| -> Option<u32> {
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        let n: f64 = v.parse().ok()?;
        (n > 0.0 && n < 1e6).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Some((w, h));
    }
    let nums: Vec<f64> =
        attr("viewBox")?.split(|c: char| c.is_whitespace() || c == ',').filter_map(|n| n.parse().ok()).collect();
    match nums[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w < 1e6 && h < 1e6 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_published_beside_their_briefs_pages() {
        assert_eq!(output_path("briefs/map.png"), "briefs/map.png");
        assert_eq!(output_path("briefs/Gaza Aid/Shipping lanes.png"), "briefs/gaza-aid/Shipping lanes.png");
        assert_eq!(output_path("data.csv"), "data.csv");
        // The bundle's folder takes the same name as the bundle's page.
        let page = crate::content::front_matter::url_for("briefs/Gaza Aid/index.md", None);
        assert_eq!(format!("{page}map.png"), output_path("briefs/Gaza Aid/map.png"));
    }

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        assert_eq!(
            svg_size("<?xml version=\"1.0\"?>\n<svg xmlns=\"x\" width=\"640\" height=\"360px\">"),
            Some((640, 360))
        );
        assert_eq!(svg_size("<svg viewBox='0 0 800 450' xmlns='x'>"), Some((800, 450)));
        assert_eq!(svg_size("<svg width=\"100%\" height=\"100%\" viewBox=\"0,0,20.4,10\">"), Some((20, 10)));
        assert_eq!(svg_size("<svg stroke-width=\"2\" data-height=\"3\">"), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn image_sizes_are_read_from_headers_and_only_from_images() {
        let dir = tempfile::tempdir().unwrap();
        // A 3 × 2 PNG: the signature and the IHDR chunk are all a size reader needs.
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
        png.extend(b"IHDR");
        png.extend(3u32.to_be_bytes());
        png.extend(2u32.to_be_bytes());
        png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        std::fs::write(dir.path().join("a.png"), &png).unwrap();
        std::fs::write(dir.path().join("b.svg"), "<svg width=\"30\" height=\"20\"/>").unwrap();
        std::fs::write(dir.path().join("c.csv"), "a,b\n").unwrap();
        std::fs::write(dir.path().join("d.png"), "not a png").unwrap();
        assert_eq!(image_size(&dir.path().join("a.png")), Some((3, 2)));
        assert_eq!(image_size(&dir.path().join("b.svg")), Some((30, 20)));
        assert_eq!(image_size(&dir.path().join("c.csv")), None);
        assert_eq!(image_size(&dir.path().join("d.png")), None);
        assert_eq!(image_size(&dir.path().join("missing.png")), None);
    }
}
