//! Key judgments and the estimative vocabulary of ICD 203: how likely a judgment is
//! (`Likelihood`, seven terms with their percentage bands, in either of the directive's two word
//! sets) and how sure the analysts are of it (`Confidence`). The two are different questions,
//! and ICD 203 keeps them apart: likelihood is a probability of the event, confidence is the
//! quality of the information and reasoning behind the judgment.
//!
//! `key_judgments` is read here: a list whose items are plain strings or maps
//! `{text: "…", likelihood: likely, confidence: moderate}`.

use serde_json::{Map, Value};

use crate::fields::{Fields, describe};

/// How sure the analysts are of their judgments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Fragmentary or uncorroborated information.
    Low,
    /// Credible, plausible information that is not conclusive.
    Moderate,
    /// High-quality information from several sources; still not a certainty.
    High,
}

impl Confidence {
    /// Every level, lowest first.
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Moderate, Confidence::High];

    /// The front matter spelling, also the anchor on the confidence page.
    pub fn key(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Moderate => "moderate",
            Confidence::High => "high",
        }
    }

    /// "Moderate confidence".
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "Low confidence",
            Confidence::Moderate => "Moderate confidence",
            Confidence::High => "High confidence",
        }
    }

    /// What the level means, for the site's confidence page.
    pub fn meaning(self) -> &'static str {
        match self {
            Confidence::Low => {
                "The information is scant, questionable, fragmented or poorly corroborated, or we have significant concerns about the sources. The judgment is the best available, not a firm one."
            }
            Confidence::Moderate => {
                "The information is credibly sourced and plausible but not corroborated well enough to warrant a higher level. Other explanations remain open."
            }
            Confidence::High => {
                "The judgment rests on high-quality information from several independent sources, or the nature of the issue makes a solid judgment possible. It can still be wrong."
            }
        }
    }

    /// The level written as `s` (any case), if it is one.
    pub fn parse(s: &str) -> Option<Confidence> {
        let s = s.trim().to_lowercase();
        Confidence::ALL.into_iter().find(|l| l.key() == s)
    }
}

/// How likely a judgment is: one of the seven terms of ICD 203, each standing for a band of
/// probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Likelihood {
    /// 1–5%.
    AlmostNoChance,
    /// 5–20%.
    VeryUnlikely,
    /// 20–45%.
    Unlikely,
    /// 45–55%.
    RoughlyEven,
    /// 55–80%.
    Likely,
    /// 80–95%.
    VeryLikely,
    /// 95–99%.
    AlmostCertain,
}

/// Which of ICD 203's two word sets a term belongs to. A brief keeps to one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordSet {
    /// almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely,
    /// almost certain.
    First,
    /// remote, highly improbable, improbable, roughly even odds, probable, highly probable,
    /// nearly certain.
    Alternative,
}

/// Every way of writing a likelihood, lower case, with its term and word set. The adverbs ICD
/// 203 gives beside the adjectives (`almost certainly`, `improbably`, `probably`) are the same
/// terms.
pub const TERMS: &[(&str, Likelihood, WordSet)] = {
    use Likelihood::*;
    use WordSet::*;
    &[
        ("almost no chance", AlmostNoChance, First),
        ("very unlikely", VeryUnlikely, First),
        ("unlikely", Unlikely, First),
        ("roughly even chance", RoughlyEven, First),
        ("likely", Likely, First),
        ("very likely", VeryLikely, First),
        ("almost certain", AlmostCertain, First),
        ("almost certainly", AlmostCertain, First),
        ("remote", AlmostNoChance, Alternative),
        ("highly improbable", VeryUnlikely, Alternative),
        ("improbable", Unlikely, Alternative),
        ("improbably", Unlikely, Alternative),
        ("roughly even odds", RoughlyEven, Alternative),
        ("probable", Likely, Alternative),
        ("probably", Likely, Alternative),
        ("highly probable", VeryLikely, Alternative),
        ("nearly certain", AlmostCertain, Alternative),
    ]
};

impl Likelihood {
    /// Every term, least likely first.
    pub const ALL: [Likelihood; 7] = [
        Likelihood::AlmostNoChance,
        Likelihood::VeryUnlikely,
        Likelihood::Unlikely,
        Likelihood::RoughlyEven,
        Likelihood::Likely,
        Likelihood::VeryLikely,
        Likelihood::AlmostCertain,
    ];

    /// A stable key for CSS classes, anchors and exports (`very-likely`).
    pub fn key(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost-no-chance",
            Likelihood::VeryUnlikely => "very-unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEven => "roughly-even",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very-likely",
            Likelihood::AlmostCertain => "almost-certain",
        }
    }

    /// The term in `set`, as a reader sees it (`Very likely`, `Highly probable`).
    pub fn label(self, set: WordSet) -> &'static str {
        match (set, self) {
            (WordSet::First, Likelihood::AlmostNoChance) => "Almost no chance",
            (WordSet::First, Likelihood::VeryUnlikely) => "Very unlikely",
            (WordSet::First, Likelihood::Unlikely) => "Unlikely",
            (WordSet::First, Likelihood::RoughlyEven) => "Roughly even chance",
            (WordSet::First, Likelihood::Likely) => "Likely",
            (WordSet::First, Likelihood::VeryLikely) => "Very likely",
            (WordSet::First, Likelihood::AlmostCertain) => "Almost certain",
            (WordSet::Alternative, Likelihood::AlmostNoChance) => "Remote",
            (WordSet::Alternative, Likelihood::VeryUnlikely) => "Highly improbable",
            (WordSet::Alternative, Likelihood::Unlikely) => "Improbable",
            (WordSet::Alternative, Likelihood::RoughlyEven) => "Roughly even odds",
            (WordSet::Alternative, Likelihood::Likely) => "Probable",
            (WordSet::Alternative, Likelihood::VeryLikely) => "Highly probable",
            (WordSet::Alternative, Likelihood::AlmostCertain) => "Nearly certain",
        }
    }

    /// The band of probability the term stands for, in percent.
    pub fn band(self) -> (u8, u8) {
        match self {
            Likelihood::AlmostNoChance => (1, 5),
            Likelihood::VeryUnlikely => (5, 20),
            Likelihood::Unlikely => (20, 45),
            Likelihood::RoughlyEven => (45, 55),
            Likelihood::Likely => (55, 80),
            Likelihood::VeryLikely => (80, 95),
            Likelihood::AlmostCertain => (95, 99),
        }
    }

    /// The band as text: `55–80%`.
    pub fn band_text(self) -> String {
        let (lo, hi) = self.band();
        format!("{lo}–{hi}%")
    }

    /// The term written as `s`, in any case, with spaces, hyphens or underscores between its
    /// words, and the word set it comes from.
    pub fn parse(s: &str) -> Option<(Likelihood, WordSet)> {
        let words: Vec<String> = s
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let written = words.join(" ");
        TERMS.iter().find(|(t, _, _)| *t == written).map(|&(_, l, set)| (l, set))
    }
}

impl serde::Serialize for Likelihood {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// One key judgment: its text and, optionally, how likely it is and how sure the analysts are
/// of it (the brief's `confidence` covers the judgments that give none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Judgment {
    /// The judgment, with runs of white space made single spaces.
    pub text: String,
    /// How likely it is.
    pub likelihood: Option<Likelihood>,
    /// The word set `likelihood` was written in, to show it in the brief's own words.
    pub wording: Option<WordSet>,
    /// Confidence in this judgment, when it differs from the brief's or the brief has none.
    pub confidence: Option<Confidence>,
}

impl Judgment {
    /// A judgment with only a text.
    pub fn plain(text: impl Into<String>) -> Judgment {
        Judgment { text: text.into(), likelihood: None, wording: None, confidence: None }
    }
}

/// What an item of `key_judgments` may be, for hints.
const EXAMPLE: &str =
    "`- {text: \"Oman will host a second round.\", likelihood: likely, confidence: moderate}` or a plain string";

/// The terms of the first set, for hints.
fn terms_hint() -> String {
    let list = |set: WordSet| {
        Likelihood::ALL
            .iter()
            .map(|l| format!("{} ({})", l.label(set).to_lowercase(), l.band_text()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "use one of the ICD 203 terms: {}; or the alternative set: {}",
        list(WordSet::First),
        list(WordSet::Alternative)
    )
}

/// `key_judgments`, in order: a string is one judgment; a list holds strings or maps. Blank
/// judgments are left out; every problem is reported.
pub fn take(f: &mut Fields) -> Vec<Judgment> {
    let items = match f.raw("key_judgments") {
        None => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Object(_))) => vec![v],
        Some(other) => {
            let d = f.error_at("key_judgments", format!("`key_judgments` must be a list, found {}", describe(&other)));
            f.diagnostics.push(d.hint(format!("write each judgment as {EXAMPLE}")));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    // How many `likelihood:` and `confidence:` keys come before, to find the one at fault.
    let mut seen = Seen::default();
    for (i, item) in items.into_iter().enumerate() {
        let judgment = match item {
            Value::String(s) => Some(Judgment::plain(s)),
            Value::Number(n) => Some(Judgment::plain(n.to_string())),
            Value::Object(m) => judgment(f, i + 1, m, &mut seen),
            other => {
                let d = f.error_at(
                    "key_judgments",
                    format!("key judgment {} must be a string or a map, found {}", i + 1, describe(&other)),
                );
                f.diagnostics.push(d.hint(format!("write it as {EXAMPLE}")));
                None
            }
        };
        if let Some(mut j) = judgment {
            j.text = j.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !j.text.is_empty() {
                out.push(j);
            }
        }
    }
    out
}

/// The keys of judgment maps read so far, in the order written.
#[derive(Default)]
struct Seen {
    likelihood: usize,
    confidence: usize,
}

/// One judgment written as a map; `None`, with the problem reported, when it has no text.
fn judgment(f: &mut Fields, n: usize, mut m: Map<String, Value>, seen: &mut Seen) -> Option<Judgment> {
    let mut j = Judgment::plain("");
    match m.remove("text") {
        Some(Value::String(s)) => j.text = s,
        Some(Value::Number(x)) => j.text = x.to_string(),
        None | Some(Value::Null) => {
            let d = f.error_at("key_judgments", format!("key judgment {n} has no `text`"));
            f.diagnostics.push(d.hint(format!("write it as {EXAMPLE}")));
        }
        Some(other) => {
            let d = f.error_at(
                "key_judgments",
                format!("the `text` of key judgment {n} must be a string, found {}", describe(&other)),
            );
            f.diagnostics.push(d.hint(format!("write it as {EXAMPLE}")));
        }
    }
    if let Some(v) = m.remove("likelihood") {
        seen.likelihood += 1;
        let written = value_text(&v);
        match written.as_deref().and_then(Likelihood::parse) {
            Some((l, set)) => (j.likelihood, j.wording) = (Some(l), Some(set)),
            None if v.is_null() => {}
            None => {
                let shown = written.unwrap_or_else(|| describe(&v));
                let d = at_nth(
                    f,
                    "likelihood:",
                    seen.likelihood,
                    &shown,
                    format!("key judgment {n}: unknown likelihood \"{shown}\""),
                );
                f.diagnostics.push(d.hint(terms_hint()));
            }
        }
    }
    if let Some(v) = m.remove("confidence") {
        seen.confidence += 1;
        let written = value_text(&v);
        match written.as_deref().and_then(Confidence::parse) {
            Some(c) => j.confidence = Some(c),
            None if v.is_null() => {}
            None => {
                let shown = written.unwrap_or_else(|| describe(&v));
                let d = at_nth(
                    f,
                    "confidence:",
                    seen.confidence,
                    &shown,
                    format!("key judgment {n}: unknown confidence level \"{shown}\""),
                );
                f.diagnostics
                    .push(d.hint("use `low`, `moderate` or `high`; the site's /confidence/ page explains each"));
            }
        }
    }
    for k in m.keys() {
        let d = f.warning_at("key_judgments", format!("key judgment {n}: unknown key `{k}`"));
        f.diagnostics.push(d.hint("a key judgment has `text`, `likelihood` and `confidence`"));
    }
    (!j.text.trim().is_empty()).then_some(j)
}

/// A scalar as text.
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(x) => Some(x.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An error at `value` after the `nth` `key` (`likelihood:`) written under `key_judgments`.
fn at_nth(f: &Fields, key: &str, nth: usize, value: &str, message: String) -> crate::diagnostics::Diagnostic {
    let mut path = vec![key.to_string(); nth];
    path.push(value.to_string());
    f.error_at_words("key_judgments", &path, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_word_sets_name_the_same_seven_bands() {
        for set in [WordSet::First, WordSet::Alternative] {
            for l in Likelihood::ALL {
                assert_eq!(Likelihood::parse(l.label(set)), Some((l, set)), "{}", l.label(set));
            }
        }
        assert_eq!(Likelihood::parse("Almost-Certainly"), Some((Likelihood::AlmostCertain, WordSet::First)));
        assert_eq!(Likelihood::parse("probably"), Some((Likelihood::Likely, WordSet::Alternative)));
        assert_eq!(Likelihood::parse("possible"), None);
        assert_eq!(Likelihood::Likely.band_text(), "55–80%");
        // The bands tile 1–99% without a gap.
        for w in Likelihood::ALL.windows(2) {
            assert_eq!(w[0].band().1, w[1].band().0);
        }
    }
}
