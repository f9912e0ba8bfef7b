//! A document's social image (`image:`, or Hugo's `images:` list): the picture link previews
//! show (`og:image`). Written as a Markdown image's destination is (`map.png` beside the brief,
//! `@/…`, `/img/…` from the site's root, or an `https://` address) and resolved like one, so a
//! missing file is the same error an image in the body gives.

use serde_json::Value;

use crate::fields::{Fields, describe};

/// Front matter keys read by this module.
pub const KEYS: &[&str] = &["image"];

/// The social image as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialImage {
    /// The destination, as a Markdown image's.
    pub src: String,
    /// What it shows, for readers who cannot see it (`og:image:alt`).
    pub alt: Option<String>,
    /// 1-based line of `image` in the file, for a problem found when it is resolved.
    pub line: usize,
}

/// Where the social image was found to be, once resolved against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUrl {
    /// Absolute when written as an address; else a root-relative URL under the base path.
    pub url: String,
    /// Its pixel size, when it is a file of the site dossier can read.
    pub size: Option<(u32, u32)>,
}

const HINT: &str = "write `image: map.png` (a file beside the brief, or `/img/map.png` from static/), or `image: {src: map.png, alt: \"What it shows\"}`";

/// Read `image`: a destination, a map `{src, alt}`, or a list (Hugo's `images`), of which the
/// first is used: link previews show one picture, so the others are said to be unused rather
/// than silently dropped.
pub fn take(f: &mut Fields) -> Option<SocialImage> {
    let line = f.line_of("image").unwrap_or(1);
    let raw = f.raw("image")?;
    let first = match raw {
        Value::Array(items) => {
            if items.len() > 1 {
                let msg = format!("only the first of {} images is used as the social image", items.len());
                f.diagnostics.push(
                    f.warning_at("image", msg)
                        .hint("link previews show one picture: keep the one that stands for the brief"),
                );
            }
            items.into_iter().next()?
        }
        v => v,
    };
    let (src, alt) = match first {
        Value::String(s) => (s, None),
        Value::Object(mut m) => {
            let text = |v: Option<Value>| match v {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => None,
            };
            let src = text(m.remove("src"));
            let alt = text(m.remove("alt"));
            if let Some(k) = m.keys().next() {
                f.diagnostics.push(f.error_at("image", format!("unknown key `{k}` in `image`")).hint(HINT));
                return None;
            }
            match src {
                Some(s) => (s, alt),
                None => {
                    f.diagnostics.push(f.error_at("image", "`image` has no `src`").hint(HINT));
                    return None;
                }
            }
        }
        other => {
            f.diagnostics.push(
                f.error_at("image", format!("`image` must be a path or an address, found {}", describe(&other)))
                    .hint(HINT),
            );
            return None;
        }
    };
    let src = src.trim().to_string();
    if src.is_empty() {
        f.diagnostics.push(f.error_at("image", "`image` is empty").hint(HINT));
        return None;
    }
    if src.contains("://") && !(src.starts_with("https://") || src.starts_with("http://")) {
        f.diagnostics.push(f.error_at("image", format!("`image` \"{src}\" is not an http(s) address")).hint(HINT));
        return None;
    }
    Some(SocialImage { src, alt, line })
}
