//! Facts about the languages a site may be written in: for now, which way each is written.
//! A language is named by its BCP 47 tag (`ar`, `fa-IR`, `en-GB`); only its first subtag, or a
//! script subtag that says otherwise (`az-Arab`, `ku-Latn`), decides.

/// Which way a language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left: Arabic, Persian, Hebrew, Urdu, Pashto and the others of `RTL`.
    Rtl,
}

impl Direction {
    /// The value of HTML's `dir` attribute.
    pub fn attr(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Languages written right to left by default (ISO 639 codes): Arabic, Persian, Dari, Hebrew,
/// Urdu, Pashto, Sindhi, Uyghur, Sorani Kurdish, Dhivehi, Yiddish, Syriac, Aramaic, N'Ko,
/// Balochi and Kashmiri (Punjabi in Shahmukhi is tagged `pa-Arab`: see `direction`).
const RTL: &[&str] =
    &["ar", "fa", "prs", "he", "iw", "ur", "ps", "sd", "ug", "ckb", "dv", "yi", "syr", "arc", "nqo", "bal", "ks"];

/// Scripts written right to left, as BCP 47 script subtags.
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];

/// The direction of the language tagged `tag`; an empty or unknown tag is left to right.
pub fn direction(tag: &str) -> Direction {
    let mut parts = tag.split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = parts.next().unwrap_or_default();
    // A script subtag (four letters) overrides the language's usual script.
    if let Some(script) = parts.find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic())) {
        return if RTL_SCRIPTS.contains(&script.as_str()) { Direction::Rtl } else { Direction::Ltr };
    }
    if RTL.contains(&primary.as_str()) { Direction::Rtl } else { Direction::Ltr }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_comes_from_the_language_and_a_script_subtag_wins() {
        for t in ["ar", "fa-IR", "he", "ur", "ps", "ckb", "AR-eg", "pa-Arab", "az-Arab"] {
            assert_eq!(direction(t), Direction::Rtl, "{t}");
        }
        for t in ["en", "fr", "ru", "zh-Hans", "", "ku-Latn", "az", "tr", "sr-Cyrl"] {
            assert_eq!(direction(t), Direction::Ltr, "{t}");
        }
    }
}
