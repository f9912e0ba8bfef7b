//! The words the analytic model is shown in, in the site's language: confidence levels and
//! what they mean, ICD 203 likelihood terms, Admiralty grades, taxonomy names. The model keeps
//! stable keys (`moderate`, `very-likely`, `B2`); the pages show these labels, read from the
//! interface strings (`i18n`), so a translated site never shows an English analytic term. The
//! data exports keep the English labels of `content::judgments`: they are read by machines.

use crate::content::judgments::{Confidence, Likelihood, WordSet};
use crate::content::sources::Source;
use crate::i18n::Strings;
use crate::model::TaxonomyKind;

/// "Moderate confidence".
pub fn confidence(s: &Strings, c: Confidence) -> String {
    s.get(&format!("confidence_{}", c.key()), None, &[])
}

/// What a confidence level means, for the confidence page.
pub fn confidence_meaning(s: &Strings, c: Confidence) -> String {
    s.get(&format!("confidence_{}_meaning", c.key()), None, &[])
}

/// A likelihood term in the brief's word set ("Very likely", "Highly probable").
pub fn likelihood(s: &Strings, l: Likelihood, set: WordSet) -> String {
    match set {
        WordSet::First => s.get(&format!("likelihood_{}", l.key()), None, &[]),
        WordSet::Alternative => s.get(&format!("likelihood_alt_{}", l.key()), None, &[]),
    }
}

/// A likelihood's band in the language's digits ("55–80%").
pub fn band(s: &Strings, l: Likelihood) -> String {
    s.dates.digits.apply(&l.band_text())
}

/// What a source's grade means, for a tooltip: "B: usually reliable; 2: probably true".
pub fn grade_meaning(s: &Strings, src: &Source) -> Option<String> {
    let r = src.reliability.map(|r| s.get(&format!("reliability_{r}"), None, &[]));
    let c = src.credibility.map(|c| s.get(&format!("credibility_{c}"), None, &[]));
    match (r, c) {
        (Some(r), Some(c)) => Some(s.get("grade_meaning", None, &[("reliability", &r), ("credibility", &c)])),
        (r, c) => r.or(c),
    }
}

/// A taxonomy's heading ("Regions") and the label of one of its terms ("Region").
pub fn taxonomy(s: &Strings, kind: TaxonomyKind) -> (String, String) {
    let (title, singular) = kind.string_keys();
    (s.get(title, None, &[]), s.get(singular, None, &[]))
}
