//! Analytic front matter: the parts of a brief a generic generator has no word for — bottom
//! line up front, key judgments, confidence, sources, status and the brief it supersedes, and
//! the dated events it covers. Read and validated here; shown by the theme.

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::dates;
use crate::fields::{Fields, describe};

/// Front matter keys read by this module.
pub const KEYS: &[&str] = &["bluf", "key_judgments", "confidence", "sources", "status", "supersedes"];

/// How sure the analysts are of their judgments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
}

/// Where a brief stands in its life: whether it is published, and whether it is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Work in progress: never published, unless a build asks for drafts.
    Draft,
    /// Written, awaiting review: never published, unless a build asks for drafts.
    Review,
    /// The current assessment (the default; `final` is read as this).
    Published,
    /// Replaced by a later brief.
    Superseded,
    /// Withdrawn: its page stays, with a notice, so links do not break; it is listed nowhere.
    Retracted,
}

impl Status {
    /// Every status, in the order of a brief's life.
    pub const ALL: [Status; 5] =
        [Status::Draft, Status::Review, Status::Published, Status::Superseded, Status::Retracted];

    /// The front matter spelling.
    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
            Status::Superseded => "superseded",
            Status::Retracted => "retracted",
        }
    }
}

/// One cited source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// What it is called.
    pub title: String,
    /// Where to read it, if online.
    pub url: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When, as written (`YYYY-MM-DD`).
    pub date: Option<String>,
}

/// The analytic fields of a brief; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Bottom line up front: one paragraph.
    pub bluf: Option<String>,
    /// The brief's key judgments, in order.
    pub key_judgments: Vec<String>,
    /// Confidence in the judgments.
    pub confidence: Option<Confidence>,
    /// Cited sources, numbered in this order.
    pub sources: Vec<Source>,
    /// As written (a brief is also superseded when a later one names it in `supersedes`).
    pub status: Option<Status>,
    /// The brief this one replaces, as written (a content path such as `briefs/old.md`).
    pub supersedes: Option<String>,
    /// Line of `supersedes` in the file, for errors found later.
    pub supersedes_line: Option<usize>,
    /// Dated events covered, oldest first (read by `events::take`).
    pub events: Vec<crate::content::events::Event>,
    /// When to review the assessment, and how it changed (read by `lifecycle::take`).
    pub lifecycle: crate::content::lifecycle::Lifecycle,
}

/// The string at `key` with its runs of white space made single spaces; blank is an error.
fn text(f: &mut Fields, key: &str) -> Option<String> {
    let s = f.take::<String>(key, "a string")?;
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        f.diagnostics.push(f.error_at(key, format!("`{key}` is empty")).hint(format!("remove `{key}` or fill it in")));
        return None;
    }
    Some(s)
}

/// The list of maps at `key`, each item that is not a map reported (showing `example`).
fn list_of_maps(f: &mut Fields, key: &str, example: &str) -> Vec<serde_json::Map<String, Value>> {
    match f.raw(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::Object(m) => out.push(m),
                    other => f.diagnostics.push(
                        f.error_at(key, format!("item {} of `{key}` must be a map, found {}", i + 1, describe(&other)))
                            .hint(format!("write each item as `- {example}`")),
                    ),
                }
            }
            out
        }
        Some(other) => {
            f.diagnostics.push(
                f.error_at(key, format!("`{key}` must be a list, found {}", describe(&other)))
                    .hint(format!("write it as\n{key}:\n  - {example}")),
            );
            Vec::new()
        }
    }
}

/// Take `name` out of one list item's map as trimmed text (a number as written); blank is
/// `None`, any other kind of value an error message.
fn string_field(m: &mut serde_json::Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match m.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{name}` must be a string, found {}", describe(&other))),
    }
}

/// Read the analytic fields out of the front matter, reporting every problem.
pub fn take(f: &mut Fields, tz: &TimeZone) -> Analysis {
    let mut a = Analysis { bluf: text(f, "bluf"), ..Analysis::default() };
    if let Some(list) = f.take_list("key_judgments") {
        a.key_judgments = list.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    }
    a.confidence = confidence(f);
    a.status = status(f);
    a.supersedes_line = f.line_of("supersedes");
    a.supersedes = text(f, "supersedes");
    a.sources = sources(f, tz);
    a
}

/// `confidence`: one of the levels, written in any case.
fn confidence(f: &mut Fields) -> Option<Confidence> {
    let c = f.take::<String>("confidence", "\"low\", \"moderate\" or \"high\"")?;
    let level = Confidence::ALL.into_iter().find(|l| l.key() == c.trim().to_lowercase());
    if level.is_none() {
        f.diagnostics.push(
            f.error_at("confidence", format!("unknown confidence level \"{c}\""))
                .hint("use `low`, `moderate` or `high`; the site's /confidence/ page explains each"),
        );
    }
    level
}

/// `status`: one of `Status::ALL`, in lower case; `final`, the older name of `published`, is
/// still read.
fn status(f: &mut Fields) -> Option<Status> {
    let s = f.take::<String>("status", "one of draft, review, published, superseded or retracted")?;
    let written = s.trim();
    let status = match written {
        "final" => Some(Status::Published),
        _ => Status::ALL.into_iter().find(|x| x.key() == written),
    };
    if status.is_none() {
        f.diagnostics.push(f.error_at("status", format!("unknown status \"{s}\"")).hint(
            "use `draft`, `review`, `published`, `superseded` or `retracted`; a brief that replaces another names it in `supersedes`",
        ));
    }
    status
}

/// `sources`, in order; a source with any problem is left out, and each problem reported.
fn sources(f: &mut Fields, tz: &TimeZone) -> Vec<Source> {
    let example = "{title: \"IAEA report\", url: \"https://…\", publisher: IAEA, date: 2026-02-01}";
    let mut out = Vec::new();
    for (i, m) in list_of_maps(f, "sources", example).into_iter().enumerate() {
        match source(m, tz) {
            Ok(s) => out.push(s),
            Err(problems) => {
                for p in problems {
                    f.diagnostics.push(
                        f.error_at("sources", format!("source {}: {p}", i + 1))
                            .hint("a source is `{title: \"…\", url: \"https://…\", publisher: \"…\", date: YYYY-MM-DD}`; only `title` is required"),
                    );
                }
            }
        }
    }
    out
}

/// One item of `sources`: a title, and optionally an http(s) URL, a publisher and a date. Else
/// every problem with it, in the order of its fields.
fn source(mut m: serde_json::Map<String, Value>, tz: &TimeZone) -> Result<Source, Vec<String>> {
    let mut problems = Vec::new();
    let mut field = |name: &str| {
        string_field(&mut m, name).unwrap_or_else(|e| {
            problems.push(e);
            None
        })
    };
    let title = field("title");
    let url = field("url");
    let publisher = field("publisher");
    let date = field("date");
    for k in m.keys() {
        problems.push(format!("unknown key `{k}` (a source has title, url, publisher and date)"));
    }
    if title.is_none() {
        problems.push("it has no `title`".into());
    }
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        problems.push(format!("its `url` \"{u}\" is not an http(s) address"));
    }
    if let Some(d) = &date
        && let Err(e) = dates::parse(d, tz)
    {
        problems.push(format!("its `date`: {}", e.message));
    }
    if problems.is_empty() {
        Ok(Source { title: title.unwrap_or_default(), url, publisher, date })
    } else {
        Err(problems)
    }
}
