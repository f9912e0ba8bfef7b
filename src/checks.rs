//! The checks only `dossier check` runs, over the assembled site: terms that look like one
//! name spelt several ways (`model::spelling`), dates far in the future (a typo in the
//! year: `2062` for `2026`), estimative wording against ICD 203 (`estimative`), and briefs whose `revisit_by` date has passed (by author). Every warning points at the file, line and column where a brief
//! writes what is suspect; the few files warned about are read again for their source lines.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::model::site::Site;
use crate::model::spelling;
use crate::yaml;

mod estimative;

/// What the checks take as today, for the far-future date rule: the clock, or a fixed date
/// (tests, and `DOSSIER_TODAY=YYYY-MM-DD` for reproducible runs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Today {
    /// The system clock, in the site's time zone.
    #[default]
    Now,
    /// This date.
    On(Date),
}

/// The environment variable that fixes today's date for `dossier check`.
pub const TODAY_VAR: &str = "DOSSIER_TODAY";

impl Today {
    /// `On` the date in `DOSSIER_TODAY` when it is set, else `Now`; an error when it is set but
    /// is not a `YYYY-MM-DD` date.
    pub fn from_env() -> Result<Today, Diagnostic> {
        match std::env::var(TODAY_VAR) {
            Ok(s) if !s.trim().is_empty() => s.trim().parse::<Date>().map(Today::On).map_err(|_| {
                Diagnostic::error(format!("{TODAY_VAR} must be a date, found \"{s}\""))
                    .hint(format!("write it as YYYY-MM-DD (`{TODAY_VAR}=2026-02-07`), or unset it to use the clock"))
            }),
            _ => Ok(Today::Now),
        }
    }

    /// The date today is in `tz`.
    pub fn date(self, tz: &TimeZone) -> Date {
        match self {
            Today::Now => jiff::Timestamp::now().to_zoned(tz.clone()).date(),
            Today::On(d) => d,
        }
    }
}

/// Every check of this module over `site`, whose files are under `root`.
pub fn run(site: &Site, root: &Path, today: Today) -> Vec<Diagnostic> {
    let mut files = Files { root, texts: HashMap::new() };
    let mut out = spellings(site, &mut files);
    out.extend(far_future_dates(site, today.date(&site.config.tz()), &mut files));
    out.extend(estimative::run(site, &mut files));
    out.extend(overdue_reviews(site, today.date(&site.config.tz()), &mut files));
    out.extend(untranslated(site));
    out
}

/// One warning per language of the site whose interface strings are not all translated: its
/// pages show those strings in English.
fn untranslated(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &site.config.languages {
        let missing = &lang.strings.missing;
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
        let more = if missing.len() > shown.len() {
            format!(" and {} more", missing.len() - shown.len())
        } else {
            String::new()
        };
        out.push(
            Diagnostic::warning(format!(
                "{} interface string{} of language `{}` {} no translation and {} shown in English: {}{more}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                lang.code,
                if missing.len() == 1 { "has" } else { "have" },
                if missing.len() == 1 { "is" } else { "are" },
                shown.join(", "),
            ))
            .at(format!("i18n/{}.yaml", lang.code))
            .hint(format!(
                "translate them in i18n/{}.yaml (the English table is written by `dossier theme eject`, as themes/<name>/i18n/en.yaml)",
                lang.code
            )),
        );
    }
    out
}

/// The content files warned about, read once each.
struct Files<'a> {
    root: &'a Path,
    texts: HashMap<PathBuf, Option<String>>,
}

impl Files<'_> {
    /// The text of `file` (relative to the root) with `\n` line endings, if it can be read.
    fn text(&mut self, file: &Path) -> Option<&str> {
        self.texts
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let raw = std::fs::read_to_string(self.root.join(file)).ok()?;
                let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
                Some(raw.replace("\r\n", "\n"))
            })
            .as_deref()
    }

    /// `d` at `file`: at `place` when known, else where `item` is written in the front matter's
    /// `key` (`yaml::item_positions`), else at the key, else at line 1; with the source line
    /// when the file can be read.
    fn locate(
        &mut self,
        d: Diagnostic,
        file: &Path,
        place: Option<(usize, usize)>,
        key: &str,
        item: &str,
    ) -> Diagnostic {
        let d = d.at(file);
        let Some(text) = self.text(file) else {
            let (line, col) = place.unwrap_or((1, 1));
            return d.line_col(line, col);
        };
        let found = place.or_else(|| {
            let fm = crate::content::fences::split(text).ok()?;
            // The front matter starts on the file's second line.
            yaml::item_positions(fm.yaml, key, &[item.to_string()])[0].map(|(l, c)| (l + 1, c))
        });
        let (line, col) = found.unwrap_or((1, 1));
        d.span_in(text, line, col)
    }
}

/// One warning per less used spelling of every group `spelling::groups` finds, at the newest
/// brief that writes it: the message names every spelling with its number of briefs, the
/// hint the spelling to use (the one most briefs use).
fn spellings(site: &Site, files: &mut Files) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &site.taxonomies {
        let singular = t.kind.singular().to_lowercase();
        for g in spelling::groups(t) {
            let terms = spelling::group_names(t, &g);
            let usual = terms[0];
            let briefs = |n: usize| if n == 1 { "1 brief".to_string() } else { format!("{n} briefs") };
            let listing =
                terms.iter().map(|x| format!("\"{}\" ({})", x.name, briefs(x.direct().len()))).collect::<Vec<_>>();
            let why = match terms[1].direct().len() == usual.direct().len() {
                true => "no spelling is more used; this one comes first alphabetically",
                false => "the spelling most briefs use",
            };
            for (pos, odd) in terms.iter().enumerate().skip(1) {
                // This spelling's page first, the suggested one's last.
                let mut pages: Vec<String> = vec![format!("/{}", t.term_url(odd))];
                pages.extend(
                    terms
                        .iter()
                        .enumerate()
                        .skip(1)
                        .filter(|&(i, _)| i != pos)
                        .map(|(_, x)| format!("/{}", t.term_url(x))),
                );
                pages.push(format!("/{}", t.term_url(usual)));
                let d = Diagnostic::warning(format!(
                    "{singular} \"{}\" looks like a misspelling of \"{}\"; spellings in use: {}",
                    odd.name,
                    usual.name,
                    listing.join(", ")
                ))
                .hint(format!(
                    "if they are one {singular}, write \"{}\" ({why}) in `{}`, or file \"{}\" under it with `aliases` in site.yaml; {} list where each is used",
                    usual.name,
                    t.kind.key(),
                    odd.name,
                    and_list(&pages)
                ));
                // The newest brief with this spelling, at the name in its front matter.
                let Some(&bi) = odd.direct().first() else { continue };
                let brief = &site.briefs[bi];
                let ti = g.terms[pos];
                let place = t.term_ids_of(bi).position(|k| k == ti).and_then(|ni| t.kind.place(brief, ni));
                out.push(files.locate(d, &brief.file, place, t.kind.key(), &odd.name));
            }
        }
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A date more than a year after today is most likely a typo in the year (`2062-11-28` for
/// `2026-11-28`): a brief is published when it is written, and even a scheduled event is
/// rarely known that far ahead. Warned about for `date`, `updated` and every event's date,
/// with the date meant when a small fix to the year gives a plausible one.
fn far_future_dates(site: &Site, today: Date, files: &mut Files) -> Vec<Diagnostic> {
    let limit = latest_plausible(today);
    let mut out = Vec::new();
    // Held-back documents too: a brief dated 2062 by mistake is held back as "in the future",
    // and this is the warning that says why it never appears.
    for b in site.all_docs().chain(&site.held) {
        let mut dated: Vec<(&str, String, Date)> = Vec::new();
        for (key, d) in [("date", &b.date), ("updated", &b.updated)] {
            if let Some(d) = d {
                dated.push((key, format!("`{key}` is"), d.civil));
            }
        }
        for e in &b.analysis.events {
            dated.push(("events", format!("the event \"{}\" is dated", e.title), e.time.first_day()));
        }
        for (key, what, date) in dated {
            if date > limit {
                out.push(far_future(b, key, &what, date, today, files));
            }
        }
    }
    out
}

/// The published briefs whose `revisit_by` date is before `today`, grouped by author: one
/// warning per author (briefs without one are grouped together), at the most overdue brief's
/// `revisit_by`, naming every overdue brief of theirs with its file and line, most overdue
/// first. A brief that a later one supersedes is no longer anyone's to review.
fn overdue_reviews(site: &Site, today: Date, files: &mut Files) -> Vec<Diagnostic> {
    use crate::content::analysis::Status;
    let mut by_author: std::collections::BTreeMap<&str, Vec<(Date, &Document)>> = Default::default();
    for (i, b) in site.briefs.iter().enumerate() {
        let Some(due) = &b.analysis.lifecycle.revisit_by else { continue };
        let superseded = site.superseded_by[i].is_some() || b.analysis.status == Some(Status::Superseded);
        if due.civil >= today || superseded {
            continue;
        }
        let authors: Vec<&str> = match b.authors.is_empty() {
            true => vec![""],
            false => b.authors.iter().map(String::as_str).collect(),
        };
        for a in authors {
            by_author.entry(a).or_default().push((due.civil, b));
        }
    }
    let mut out = Vec::new();
    for (author, mut briefs) in by_author {
        briefs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.file.cmp(&b.1.file)));
        let listing: Vec<String> = briefs
            .iter()
            .map(|(due, b)| {
                let line = b.analysis.lifecycle.revisit_line.map_or(String::new(), |l| format!(":{l}"));
                let days = today.since(*due).map(|s| s.get_days()).unwrap_or(0);
                let file = b.file.to_string_lossy().replace('\\', "/");
                format!("{file}{line} \"{}\" (due {due}, {days} days ago)", b.title)
            })
            .collect();
        let whose = if author.is_empty() { "with no author".to_string() } else { format!("by {author}") };
        let count = if briefs.len() == 1 { "1 brief".to_string() } else { format!("{} briefs", briefs.len()) };
        let d = Diagnostic::warning(format!("review overdue: {count} {whose}: {}", listing.join("; ")))
            .hint("review each assessment, then set a new `revisit_by` (and add a `revisions` entry if the assessment changed)");
        let (due, first) = briefs[0];
        out.push(files.locate(d, &first.file, None, "revisit_by", &due.to_string()));
    }
    out
}

/// The latest date not taken for a typo: a year after `today` (28 February for a 29 February).
fn latest_plausible(today: Date) -> Date {
    today.checked_add(jiff::Span::new().years(1)).unwrap_or(Date::MAX)
}

/// The warning for `date`, written under `key` in `b`, being far after `today`.
fn far_future(b: &Document, key: &str, what: &str, date: Date, today: Date, files: &mut Files) -> Diagnostic {
    let years = date.year() - today.year();
    let ahead = if years > 1 { format!("{years} years") } else { "more than a year".to_string() };
    let d = Diagnostic::warning(format!("{what} {date}, {ahead} after today ({today})"));
    let d = match fix_year(date, today) {
        Some(fixed) => {
            d.hint(format!("did you mean {fixed}? A date more than a year ahead is most likely a typo in the year"))
        }
        None => d.hint("check the year: a date more than a year ahead is most likely a typo"),
    };
    files.locate(d, &b.file, None, key, &date.to_string())
}

/// The date probably meant by a far-future `date`: its year with two neighbouring digits
/// swapped (`2062` → `2026`), or else today's year, whichever gives a real date between five
/// years before `today` and a year after it, the closest to `today` first.
pub fn fix_year(date: Date, today: Date) -> Option<Date> {
    let digits: Vec<u8> = format!("{:04}", date.year()).into_bytes();
    let mut years: Vec<i16> = Vec::new();
    for i in 0..digits.len().saturating_sub(1) {
        let mut d = digits.clone();
        d.swap(i, i + 1);
        if let Some(y) = std::str::from_utf8(&d).ok().and_then(|s| s.parse::<i16>().ok()) {
            years.push(y);
        }
    }
    let swapped = |years: &[i16]| {
        years
            .iter()
            .filter_map(|&y| Date::new(y, date.month(), date.day()).ok())
            .filter(|d| *d <= latest_plausible(today) && d.year() >= today.year() - 5)
            .min_by_key(|d| (d.since(today).map(|s| s.get_days().abs()).unwrap_or(i32::MAX), *d))
    };
    swapped(&years).or_else(|| swapped(&[today.year()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_swapped_or_wrong_year_is_fixed_to_a_plausible_one() {
        let today = date(2026, 11, 28);
        assert_eq!(fix_year(date(2062, 11, 28), today), Some(date(2026, 11, 28)));
        assert_eq!(fix_year(date(2206, 3, 1), today), Some(date(2026, 3, 1)));
        // No swap of 2126 gives a year near 2026: today's year is suggested.
        assert_eq!(fix_year(date(2126, 3, 1), today), Some(date(2026, 3, 1)));
        // 29 February 2028 has no day in 2026, and no swap of 2028 is near.
        assert_eq!(fix_year(date(2028, 2, 29), today), None);
        assert_eq!(latest_plausible(today), date(2027, 11, 28));
        assert_eq!(latest_plausible(date(2028, 2, 29)), date(2029, 2, 28));
    }

    #[test]
    fn lists_read_as_prose() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["/a/"])), "/a/");
        assert_eq!(and_list(&s(&["/a/", "/b/"])), "/a/ and /b/");
        assert_eq!(and_list(&s(&["/a/", "/b/", "/c/"])), "/a/, /b/ and /c/");
    }
}
