//! A brief's life after publication: the date by which its assessment must be looked at again
//! (`revisit_by`, which `dossier check` warns about once passed) and the record of how the
//! assessment changed (`revisions: [{date, note}]`, shown on the brief newest first). The
//! latest revision dates the brief's `updated`, and so its feed entry, its sitemap entry and
//! its JSON-LD.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;

use crate::content::Document;
use crate::dates::BriefDate;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::fields::{Fields, describe};

/// Front matter keys read by this module.
pub const KEYS: &[&str] = &["revisit_by", "revisions"];

const SHAPE: &str = "a revision is `{date: 2026-03-03, note: \"What changed in the assessment.\"}`";

/// One change of the assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// When the assessment changed.
    pub date: BriefDate,
    /// What changed, in a sentence or two.
    pub note: String,
    /// The file line of its `date` (of the item when not found), for problems found later.
    pub line: usize,
}

/// The lifecycle fields of a brief; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lifecycle {
    /// The date by which the assessment must be reviewed.
    pub revisit_by: Option<BriefDate>,
    /// The file line of `revisit_by`.
    pub revisit_line: Option<usize>,
    /// Changes of the assessment, newest first.
    pub revisions: Vec<Revision>,
}

impl Lifecycle {
    /// The latest revision's date.
    pub fn last_revised(&self) -> Option<&BriefDate> {
        self.revisions.first().map(|r| &r.date)
    }
}

/// Read `revisit_by` and `revisions`, reporting every problem; `date` is the brief's own, which
/// no revision may come before.
pub fn take(f: &mut Fields, tz: &TimeZone, date: Option<&BriefDate>) -> Lifecycle {
    let revisit_line = f.line_of("revisit_by");
    let revisit_by = match f.take_date("revisit_by", tz) {
        Some(Ok(d)) => Some(d),
        Some(Err(d)) => {
            f.diagnostics.push(d);
            None
        }
        None => None,
    };
    let mut revisions = Vec::new();
    for (i, item) in items(f).into_iter().enumerate() {
        if let Some(r) = revision(f, i, item, tz, date) {
            revisions.push(r);
        }
    }
    revisions.sort_by_key(|r: &Revision| std::cmp::Reverse(r.date.instant));
    Lifecycle { revisit_by, revisit_line, revisions }
}

/// The items of `revisions`.
fn items(f: &mut Fields) -> Vec<Value> {
    match f.raw("revisions") {
        None => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            let d = f.error_at("revisions", format!("`revisions` must be a list, found {}", describe(&other)));
            f.diagnostics
                .push(d.hint(format!("write it as\nrevisions:\n  - {{date: 2026-03-03, note: \"…\"}}\n({SHAPE})")));
            Vec::new()
        }
    }
}

/// Revision `i` (from 0), or `None` with its problems reported.
fn revision(f: &mut Fields, i: usize, item: Value, tz: &TimeZone, brief: Option<&BriefDate>) -> Option<Revision> {
    let n = i + 1;
    let push = |f: &mut Fields, inner: Option<&str>, d: Diagnostic| {
        let d = f.at_item(d.hint(SHAPE), "revisions", i, inner);
        f.diagnostics.push(d);
    };
    let Value::Object(mut m) = item else {
        push(f, None, Diagnostic::error(format!("revision {n} must be a map, found {}", describe(&item))));
        return None;
    };
    let date = match m.remove("date") {
        Some(Value::String(s)) => match crate::dates::parse(&s, tz) {
            Ok(d) => Some(d),
            Err(e) => {
                push(f, Some("date"), Diagnostic::error(format!("revision {n}: invalid `date`: {}", e.message)));
                None
            }
        },
        None | Some(Value::Null) => {
            push(f, None, Diagnostic::error(format!("revision {n} has no `date`")));
            None
        }
        Some(other) => {
            push(
                f,
                Some("date"),
                Diagnostic::error(format!("revision {n}: `date` must be a date, found {}", describe(&other))),
            );
            None
        }
    };
    let note = match m.remove("note") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        _ => {
            push(f, Some("note"), Diagnostic::error(format!("revision {n} has no `note` saying what changed")));
            None
        }
    };
    for key in m.keys() {
        let hint = did_you_mean(key, ["date", "note"]).map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let d = Diagnostic::warning(format!("revision {n}: unknown key `{key}`, ignored"));
        let d = f.at_item(d.hint(format!("{hint}{SHAPE}")), "revisions", i, Some(key));
        f.diagnostics.push(d);
    }
    let line = f.at_item(Diagnostic::warning(""), "revisions", i, Some("date")).line.unwrap_or(1);
    if let (Some(d), Some(b)) = (&date, brief)
        && d.civil < b.civil
    {
        let e = Diagnostic::error(format!("revision {n} is dated {}, before the brief itself ({})", d.ymd(), b.ymd()));
        push(
            f,
            Some("date"),
            e.hint("a revision changes a published assessment: date it on or after the brief's `date`"),
        );
        return None;
    }
    Some(Revision { date: date?, note: note?, line })
}

/// An error for every revision of `briefs` dated after `now` (in `tz`): the assessment cannot
/// have changed yet, and the date would put the brief's `updated` in the future.
pub fn future_revisions(briefs: &[Document], now: Timestamp, tz: &TimeZone) -> Vec<Diagnostic> {
    let today = now.to_zoned(tz.clone()).date();
    let mut out = Vec::new();
    for b in briefs {
        for r in b.analysis.lifecycle.revisions.iter().filter(|r| r.date.civil > today) {
            out.push(
                Diagnostic::error(format!("a revision is dated {}, after today ({today})", r.date.ymd()))
                    .at(&b.file)
                    .line_col(r.line, 1)
                    .hint("date a revision on the day the assessment changed; a change still to come is not a revision yet"),
            );
        }
    }
    out
}
