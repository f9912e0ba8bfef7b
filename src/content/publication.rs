//! How a document is meant to be published, as its front matter says: its handling marking
//! (`tlp`), the date after which it is withdrawn (`expires`), and, for a retracted brief, the
//! retraction's date and reason (`retraction`). Whether a given build publishes it is decided
//! once, from these and the brief's status and date, in `model::publish`.

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::dates::BriefDate;
use crate::fields::Fields;
use crate::marking::Tlp;

/// The front matter keys read here.
pub const KEYS: &[&str] = &["tlp", "expires", "retraction", "publish_date"];

/// A retraction: when, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retraction {
    /// When the brief was retracted, if written.
    pub date: Option<BriefDate>,
    /// Why, in a sentence or two.
    pub reason: String,
}

/// The publication fields of a document; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    /// Its handling marking; the site's `tlp` when it names none.
    pub tlp: Option<Tlp>,
    /// After this date the document is left out of builds (unless `--expired`).
    pub expires: Option<BriefDate>,
    /// Why and when it was retracted (with `status: retracted`).
    pub retraction: Option<Retraction>,
    /// When it goes out, if later than its date (Hugo's `publishDate`): until then it is in
    /// the future.
    pub publish_at: Option<BriefDate>,
}

/// Read the publication fields out of the front matter, reporting every problem.
pub fn take(f: &mut Fields, tz: &TimeZone) -> Publication {
    Publication {
        tlp: tlp(f),
        expires: date(f, "expires", tz),
        retraction: retraction(f, tz),
        publish_at: date(f, "publish_date", tz),
    }
}

/// `tlp`: a TLP 2.0 marking, spelt as FIRST writes it.
fn tlp(f: &mut Fields) -> Option<Tlp> {
    match crate::marking::take(f, "tlp")? {
        Ok(t) => Some(t),
        Err(d) => {
            f.diagnostics.push(d);
            None
        }
    }
}

/// A date at `key`, in the site's time zone.
fn date(f: &mut Fields, key: &str, tz: &TimeZone) -> Option<BriefDate> {
    match f.take_date(key, tz)? {
        Ok(d) => Some(d),
        Err(d) => {
            f.diagnostics.push(d);
            None
        }
    }
}

/// `retraction: {date: 2026-03-01, reason: "…"}`; a reason is required.
fn retraction(f: &mut Fields, tz: &TimeZone) -> Option<Retraction> {
    let example = "write `retraction: {date: 2026-03-01, reason: \"The source withdrew its report.\"}`";
    let v = f.take::<serde_json::Map<String, Value>>("retraction", "a map with `date` and `reason`")?;
    let mut m = f.nested("retraction", v);
    let date = date(&mut m, "date", tz);
    let reason = m.take::<String>("reason", "a sentence saying why").map(|r| r.trim().to_string());
    let problems = m.finish(&["date", "reason"]);
    f.diagnostics.extend(problems);
    match reason {
        Some(reason) if !reason.is_empty() => Some(Retraction { date, reason }),
        _ => {
            f.diagnostics.push(f.error_at("retraction", "a retraction needs a `reason`").hint(example));
            None
        }
    }
}
