//! Analytic front matter: the parts of a brief a generic generator has no word for — bottom
//! line up front, key judgments, confidence, sources, status and the brief it supersedes, and
//! the dated events it covers. Read and validated here; shown by the theme.

use jiff::tz::TimeZone;

use crate::content::sources::Source;
use crate::fields::Fields;

/// Front matter keys read by this module.
pub const KEYS: &[&str] = &["bluf", "key_judgments", "confidence", "sources", "status", "supersedes"];

pub use crate::content::judgments::{Confidence, Judgment};

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

/// The analytic fields of a brief; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Bottom line up front: one paragraph.
    pub bluf: Option<String>,
    /// The brief's key judgments, in order.
    pub key_judgments: Vec<Judgment>,
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

/// Read the analytic fields out of the front matter, reporting every problem.
pub fn take(f: &mut Fields, tz: &TimeZone) -> Analysis {
    let mut a = Analysis { bluf: text(f, "bluf"), ..Analysis::default() };
    a.key_judgments = crate::content::judgments::take(f);
    a.confidence = confidence(f);
    a.status = status(f);
    a.supersedes_line = f.line_of("supersedes");
    a.supersedes = text(f, "supersedes");
    a.sources = crate::content::sources::take(f, tz);
    a
}

/// `confidence`: one of the levels, written in any case.
fn confidence(f: &mut Fields) -> Option<Confidence> {
    let c = f.take::<String>("confidence", "\"low\", \"moderate\" or \"high\"")?;
    let level = Confidence::parse(&c);
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
