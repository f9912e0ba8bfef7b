//! The edges of social cards (`render::card` draws them): the fonts found on this machine, read
//! once per session and only when a site asks for cards, and the cache of cards already drawn,
//! kept across builds in the user's cache folder (`$XDG_CACHE_HOME/dossier/cards/`, else
//! `~/.cache/dossier/cards/`) under the hash of what each card shows, so a build redraws only
//! the cards of briefs that changed. The cache is an optimisation: a card that cannot be read
//! from it or written to it is drawn, and the build goes on.

use std::path::PathBuf;
use std::sync::Arc;

use crate::render::card::{FontFace, Fonts};

/// Families that set cards well, best first, in their bold and regular faces; then faces that
/// cover scripts the first lack (Arabic, Hebrew, Chinese, Japanese, Devanagari). Whatever of
/// these the machine has is used, in this order, so the same machine draws the same cards.
const FAMILIES: &[&str] = &[
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica Neue",
    "Helvetica",
    "Roboto",
    "Open Sans",
    "Noto Sans Arabic",
    "Noto Naskh Arabic",
    "Vazirmatn",
    "Noto Sans Hebrew",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Noto Sans Devanagari",
    "FreeSans",
];

/// The fonts cards are set in: of `FAMILIES`, those installed, bold and regular faces. Empty
/// when the machine has none of them (cards then cannot be drawn, which the caller reports).
pub fn system_fonts() -> Fonts {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut faces = Vec::new();
    for family in FAMILIES {
        for bold in [true, false] {
            let want = fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                weight: if bold { fontdb::Weight::BOLD } else { fontdb::Weight::NORMAL },
                ..fontdb::Query::default()
            };
            let Some(id) = db.query(&want) else { continue };
            let Some(info) = db.face(id) else { continue };
            // A family without a bold face answers with its regular one: not a second time.
            if !info.families.iter().any(|(n, _)| n == family) {
                continue;
            }
            let is_bold = info.weight.0 >= 600;
            if faces.iter().any(|f: &FontFace| f.name.ends_with(&format!("#{}", id_key(&info.source, info.index)))) {
                continue;
            }
            if let Some(data) = db.with_face_data(id, |data, _| data.to_vec()) {
                let name = format!(
                    "{family} {}#{}",
                    if is_bold { "bold" } else { "regular" },
                    id_key(&info.source, info.index)
                );
                faces.push(FontFace { data: Arc::new(data), index: info.index, bold: is_bold, name });
            }
        }
    }
    Fonts { faces }
}

/// A face's file and index, to tell faces apart.
fn id_key(source: &fontdb::Source, index: u32) -> String {
    match source {
        fontdb::Source::File(p) => format!("{}:{index}", p.display()),
        _ => format!("memory:{index}"),
    }
}

/// The cache folder, when the environment names a home for it.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("dossier").join("cards"))
}

/// The card cached under `key`, if it is there and is a PNG.
pub fn cached(dir: &std::path::Path, key: u64) -> Option<Vec<u8>> {
    let bytes = std::fs::read(dir.join(format!("{key:016x}.png"))).ok()?;
    bytes.starts_with(b"\x89PNG\r\n\x1a\n").then_some(bytes)
}

/// Keep `png` under `key`: written beside, then renamed, so a reader never sees half a card.
pub fn keep(dir: &std::path::Path, key: u64, png: &[u8]) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(".{key:016x}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, png).is_ok() && std::fs::rename(&tmp, dir.join(format!("{key:016x}.png"))).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
