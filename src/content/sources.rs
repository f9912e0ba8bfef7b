//! A brief's cited sources, read and validated out of its front matter: title, URL, publisher,
//! date, the Admiralty (NATO) grades of the source's reliability and of the information's
//! credibility, what kind of source it is, when it was read and where an archived copy is.
//! The site-wide index of sources (the same source cited by several briefs) is made by the
//! model (`model::citations`).

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::dates::{self, BriefDate};
use crate::fields::{Fields, list_of_maps, string_field};

/// The keys of one source, in the order they are documented.
const KEYS: [&str; 10] =
    ["title", "url", "publisher", "date", "reliability", "credibility", "grade", "type", "accessed", "archived"];

/// One cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What it is called.
    pub title: String,
    /// Where to read it, if online.
    pub url: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    pub date: Option<BriefDate>,
    /// The Admiralty grade of the source's reliability, `A` to `F`.
    pub reliability: Option<char>,
    /// The Admiralty grade of the information's credibility, 1 to 6.
    pub credibility: Option<u8>,
    /// What kind of source it is.
    pub kind: Option<SourceType>,
    /// When the analyst read it (for online sources, which change).
    pub accessed: Option<BriefDate>,
    /// An archived copy (a web archive's), an http(s) URL.
    pub archived: Option<String>,
}

/// What kind of source a source is: the collection disciplines an analyst weighs differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceType {
    /// A government, an international body, a company's own statement.
    Official,
    /// News reporting.
    Media,
    /// Social media posts.
    Social,
    /// Satellite or aerial imagery.
    Imagery,
    /// A person spoken to.
    Human,
    /// Research: papers, think tanks.
    Academic,
}

impl SourceType {
    /// Every type, in the order the docs list them.
    pub const ALL: [SourceType; 6] = [
        SourceType::Official,
        SourceType::Media,
        SourceType::Social,
        SourceType::Imagery,
        SourceType::Human,
        SourceType::Academic,
    ];

    /// The front matter spelling, also the CSS class suffix.
    pub fn key(self) -> &'static str {
        match self {
            SourceType::Official => "official",
            SourceType::Media => "media",
            SourceType::Social => "social",
            SourceType::Imagery => "imagery",
            SourceType::Human => "human",
            SourceType::Academic => "academic",
        }
    }
}

/// What each reliability grade means, `A` first (the Admiralty scale).
pub const RELIABILITY: [(char, &str); 6] = [
    ('A', "completely reliable"),
    ('B', "usually reliable"),
    ('C', "fairly reliable"),
    ('D', "not usually reliable"),
    ('E', "unreliable"),
    ('F', "reliability cannot be judged"),
];

/// What each credibility grade means, 1 first (the Admiralty scale).
pub const CREDIBILITY: [(u8, &str); 6] = [
    (1, "confirmed by other sources"),
    (2, "probably true"),
    (3, "possibly true"),
    (4, "doubtful"),
    (5, "improbable"),
    (6, "truth cannot be judged"),
];

impl Source {
    /// The Admiralty grade as written on a report: `B2`, or one half when only one is given.
    pub fn grade(&self) -> Option<String> {
        match (self.reliability, self.credibility) {
            (None, None) => None,
            (r, c) => Some(format!(
                "{}{}",
                r.map(String::from).unwrap_or_default(),
                c.map_or(String::new(), |c| c.to_string())
            )),
        }
    }

    /// What the grade means, for a tooltip: "B: usually reliable; 2: probably true".
    pub fn grade_meaning(&self) -> Option<String> {
        let r =
            self.reliability.and_then(|r| RELIABILITY.iter().find(|(g, _)| *g == r)).map(|(g, m)| format!("{g}: {m}"));
        let c =
            self.credibility.and_then(|c| CREDIBILITY.iter().find(|(g, _)| *g == c)).map(|(g, m)| format!("{g}: {m}"));
        match (r, c) {
            (None, None) => None,
            (r, c) => Some([r, c].into_iter().flatten().collect::<Vec<_>>().join("; ")),
        }
    }
}

/// The hint every problem with a source carries: its shape and the scales.
fn hint() -> String {
    format!(
        "a source is `{{title: \"…\", url: \"https://…\", publisher: \"…\", date: YYYY-MM-DD}}`, only `title` required; it may also have `reliability` ({}), `credibility` ({}) or both as `grade: B2`, `type` ({}), `accessed: YYYY-MM-DD` and `archived: \"https://…\"`",
        RELIABILITY.iter().map(|(g, m)| format!("{g} {m}")).collect::<Vec<_>>().join(", "),
        CREDIBILITY.iter().map(|(g, m)| format!("{g} {m}")).collect::<Vec<_>>().join(", "),
        SourceType::ALL.map(SourceType::key).join(", ")
    )
}

/// `sources`, in order; a source with any problem is left out, and each problem reported.
pub fn take(f: &mut Fields, tz: &TimeZone) -> Vec<Source> {
    let example = "{title: \"IAEA report\", url: \"https://…\", publisher: IAEA, date: 2026-02-01}";
    let mut out = Vec::new();
    for (i, m) in list_of_maps(f, "sources", example).into_iter().enumerate() {
        match source(m, tz) {
            Ok(s) => out.push(s),
            Err(problems) => {
                for (key, p) in problems {
                    let d = f.error_at_item("sources", i, key.as_deref(), format!("source {}: {p}", i + 1));
                    f.diagnostics.push(d.hint(hint()));
                }
            }
        }
    }
    out
}

/// A problem with a source: the key it is at (`None` for the source as a whole), and what.
type Problem = (Option<String>, String);

/// One item of `sources`, or every problem with it, in the order of its fields.
fn source(mut m: serde_json::Map<String, Value>, tz: &TimeZone) -> Result<Source, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let at = |key: &str, message: String| (Some(key.to_string()), message);
    let mut field = |name: &str| {
        string_field(&mut m, name).unwrap_or_else(|e| {
            problems.push(at(name, e));
            None
        })
    };
    let [title, url, publisher, date, reliability, credibility, grade, kind, accessed, archived] = KEYS.map(&mut field);
    for k in m.keys() {
        problems.push(at(k, format!("unknown key `{k}` (a source has {})", KEYS.join(", "))));
    }
    if title.is_none() {
        problems.push((None, "it has no `title`".into()));
    }
    let http = |key: &str, u: &Option<String>, problems: &mut Vec<Problem>| {
        if let Some(u) = u
            && !(u.to_ascii_lowercase().starts_with("https://") || u.to_ascii_lowercase().starts_with("http://"))
        {
            problems.push(at(key, format!("its `{key}` \"{u}\" is not an http(s) address")));
        }
    };
    http("url", &url, &mut problems);
    http("archived", &archived, &mut problems);
    let mut day = |key: &str, d: Option<String>| {
        d.and_then(|d| {
            dates::parse(&d, tz).map_err(|e| problems.push(at(key, format!("its `{key}`: {}", e.message)))).ok()
        })
    };
    let (date, accessed) = (day("date", date), day("accessed", accessed));
    let (reliability, credibility) = grades(reliability, credibility, grade, &mut problems);
    let kind = kind.and_then(|k| {
        let found = SourceType::ALL.into_iter().find(|t| t.key() == k.to_lowercase());
        if found.is_none() {
            let types = SourceType::ALL.map(SourceType::key).join(", ");
            problems.push(at("type", format!("unknown `type` \"{k}\": a source's type is one of {types}")));
        }
        found
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = title.unwrap_or_default();
    Ok(Source { title, url, publisher, date, reliability, credibility, kind, accessed, archived })
}

/// The Admiralty grades, from `reliability` and `credibility` or from both at once in
/// `grade` (`B2`); writing both ways is a problem, as is a grade outside the scales.
fn grades(
    reliability: Option<String>,
    credibility: Option<String>,
    grade: Option<String>,
    problems: &mut Vec<Problem>,
) -> (Option<char>, Option<u8>) {
    let mut problem = |key: &str, message: String| problems.push((Some(key.to_string()), message));
    let scales = "reliability runs from A (completely reliable) to F (cannot be judged), credibility from 1 (confirmed) to 6 (cannot be judged)";
    if let Some(g) = grade {
        if reliability.is_some() || credibility.is_some() {
            problem("grade", "it has `grade` and `reliability` or `credibility`: write the grade one way".into());
            return (None, None);
        }
        let mut chars = g.trim().chars();
        let (r, c) = (chars.next(), chars.as_str());
        return match (r.and_then(reliability_grade), credibility_grade(c)) {
            (Some(r), Some(c)) => (Some(r), Some(c)),
            _ => {
                problem("grade", format!("its `grade` \"{g}\" is not an Admiralty grade such as B2: {scales}"));
                (None, None)
            }
        };
    }
    let r = reliability.and_then(|r| {
        let mut chars = r.trim().chars();
        let found = match (chars.next(), chars.next()) {
            (Some(c), None) => reliability_grade(c),
            _ => None,
        };
        if found.is_none() {
            let also = match r.len() > 1 {
                true => " (a combined grade is written `grade: B2`)",
                false => "",
            };
            problem("reliability", format!("its `reliability` \"{r}\" is not a grade from A to F{also}: {scales}"));
        }
        found
    });
    let c = credibility.and_then(|c| {
        let found = credibility_grade(&c);
        if found.is_none() {
            problem("credibility", format!("its `credibility` \"{c}\" is not a grade from 1 to 6: {scales}"));
        }
        found
    });
    (r, c)
}

/// A reliability grade, `A` to `F`, written in either case.
fn reliability_grade(c: char) -> Option<char> {
    let c = c.to_ascii_uppercase();
    RELIABILITY.iter().any(|(g, _)| *g == c).then_some(c)
}

/// A credibility grade, `1` to `6`.
fn credibility_grade(s: &str) -> Option<u8> {
    let n: u8 = s.trim().parse().ok()?;
    CREDIBILITY.iter().any(|(g, _)| *g == n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: serde_json::Value) -> Result<Source, Vec<Problem>> {
        let serde_json::Value::Object(m) = yaml else { panic!("a map") };
        source(m, &TimeZone::UTC)
    }

    #[test]
    fn grades_are_read_either_way_and_mean_what_the_scale_says() {
        let s = read(serde_json::json!({"title": "T", "grade": "b2"})).expect("a source");
        assert_eq!((s.reliability, s.credibility), (Some('B'), Some(2)));
        assert_eq!(s.grade().as_deref(), Some("B2"));
        assert_eq!(s.grade_meaning().as_deref(), Some("B: usually reliable; 2: probably true"));
        let s = read(serde_json::json!({"title": "T", "reliability": "F", "credibility": 6})).expect("a source");
        assert_eq!(s.grade().as_deref(), Some("F6"));
        let s = read(serde_json::json!({"title": "T", "credibility": "3"})).expect("a source");
        assert_eq!((s.grade().as_deref(), s.grade_meaning().as_deref()), (Some("3"), Some("3: possibly true")));
    }

    #[test]
    fn grades_outside_the_scale_and_unknown_types_are_problems() {
        let problems = read(serde_json::json!({"title": "T", "reliability": "G", "credibility": 7, "type": "blog"}))
            .expect_err("problems");
        assert_eq!(problems.len(), 3, "{problems:?}");
        let said = |i: usize| (problems[i].0.as_deref(), problems[i].1.as_str());
        assert!(said(0).0 == Some("reliability") && said(0).1.contains("\"G\"") && said(0).1.contains("A to F"));
        assert!(said(1).0 == Some("credibility") && said(1).1.contains("\"7\"") && said(1).1.contains("1 to 6"));
        assert!(said(2).0 == Some("type") && said(2).1.contains("official, media, social, imagery, human, academic"));
        for bad in ["G2", "B7", "B", "2", "B22"] {
            assert!(read(serde_json::json!({"title": "T", "grade": bad})).is_err(), "{bad}");
        }
        assert!(read(serde_json::json!({"title": "T", "reliability": "B2"})).unwrap_err()[0].1.contains("grade: B2"));
    }
}
