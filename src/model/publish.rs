//! What a build publishes, decided once, before the model is assembled: every document passes
//! `Policy::verdict`, and what it holds back never reaches the model, so no page, list, feed,
//! index or export made from the model can show it. A document is held back when it is above
//! the build's marking, a draft or in review, dated in the future, or past its `expires`
//! date, unless the build asks for that kind (`--drafts`, `--future`, `--expired`; a marking
//! is never let through). A retracted brief keeps its page and is listed nowhere.

use jiff::Timestamp;

use crate::config::SiteConfig;
use crate::content::Document;
use crate::content::analysis::Status;
use crate::diagnostics::Diagnostic;
use crate::marking::Tlp;
use crate::options::BuildOptions;

/// Why a document is held back from a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Marked above the build's marking.
    Marking(Tlp),
    /// A draft.
    Draft,
    /// Awaiting review.
    Review,
    /// Dated after now.
    Future(String),
    /// Past its `expires` date.
    Expired(String),
}

impl Held {
    /// Why, in words: "a draft", "marked TLP:AMBER".
    pub fn reason(&self) -> String {
        match self {
            Held::Marking(t) => format!("marked {}", t.label()),
            Held::Draft => "a draft".into(),
            Held::Review => "in review".into(),
            Held::Future(d) => format!("dated {d}, in the future"),
            Held::Expired(d) => format!("expired on {d}"),
        }
    }

    /// What brings it into a build, when anything does.
    pub fn remedy(&self) -> &'static str {
        match self {
            Held::Marking(_) => "build with --max-tlp or --audience for readers who may see it",
            Held::Draft | Held::Review => "build with --drafts",
            Held::Future(_) => "build with --future",
            Held::Expired(_) => "build with --expired",
        }
    }

    /// A short key for reports: `marking`, `draft`, `review`, `future`, `expired`.
    pub fn key(&self) -> &'static str {
        match self {
            Held::Marking(_) => "marking",
            Held::Draft => "draft",
            Held::Review => "review",
            Held::Future(_) => "future",
            Held::Expired(_) => "expired",
        }
    }
}

/// What a build does with one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Published and listed.
    Publish,
    /// Retracted: its page is published with its notice, and it is listed nowhere.
    Retracted,
    /// Left out of every byte of the output.
    Held(Held),
}

/// The rules of one build: what it may publish, and when "now" is.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The most restricted marking the build publishes.
    pub max_tlp: Tlp,
    /// Publish drafts and briefs in review.
    pub drafts: bool,
    /// Publish briefs dated after now.
    pub future: bool,
    /// Publish briefs past their `expires` date.
    pub expired: bool,
    /// The marking of a document that names none.
    pub default_tlp: Tlp,
    /// Now, which dates are compared with.
    pub now: Timestamp,
}

impl Default for Policy {
    /// Safe by default: CLEAR only, no drafts, nothing in the future or expired.
    fn default() -> Policy {
        Policy {
            max_tlp: Tlp::Clear,
            drafts: false,
            future: false,
            expired: false,
            default_tlp: Tlp::Clear,
            now: Timestamp::now(),
        }
    }
}

impl Policy {
    /// The policy of a build with `opts` on a site with `config`, now. An audience that
    /// site.yaml does not name is an error.
    pub fn of(opts: &BuildOptions, config: &SiteConfig) -> Result<Policy, Diagnostic> {
        let audience = match &opts.audience {
            None => None,
            Some(name) => match config.audiences.get(name) {
                Some(&t) => Some(t),
                None => return Err(unknown_audience(name, config)),
            },
        };
        // The stricter of the two when both are given.
        let max_tlp = match (opts.max_tlp, audience) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(Tlp::Clear),
        };
        Ok(Policy {
            max_tlp,
            drafts: opts.drafts,
            future: opts.future,
            expired: opts.expired,
            default_tlp: config.tlp,
            now: Timestamp::now(),
        })
    }

    /// The marking of `doc` in this site.
    pub fn marking(&self, doc: &Document) -> Tlp {
        doc.publication.tlp.unwrap_or(self.default_tlp)
    }

    /// What this build does with `doc`. The marking is asked first: no option lets a document
    /// above the build's marking through.
    pub fn verdict(&self, doc: &Document) -> Verdict {
        let tlp = self.marking(doc);
        if tlp > self.max_tlp {
            return Verdict::Held(Held::Marking(tlp));
        }
        match doc.analysis.status {
            Some(Status::Draft) if !self.drafts => return Verdict::Held(Held::Draft),
            Some(Status::Review) if !self.drafts => return Verdict::Held(Held::Review),
            _ if doc.draft && !self.drafts => return Verdict::Held(Held::Draft),
            _ => {}
        }
        // A document goes out at its date, or at its `publish_date` when that is later.
        let out_at =
            [doc.date.as_ref(), doc.publication.publish_at.as_ref()].into_iter().flatten().max_by_key(|d| d.instant);
        if let Some(d) = out_at
            && d.instant > self.now
            && !self.future
        {
            return Verdict::Held(Held::Future(d.ymd()));
        }
        if let Some(d) = &doc.publication.expires
            && d.instant <= self.now
            && !self.expired
        {
            return Verdict::Held(Held::Expired(d.ymd()));
        }
        match doc.analysis.status {
            Some(Status::Retracted) => Verdict::Retracted,
            _ => Verdict::Publish,
        }
    }
}

/// What a policy publishes of a set of briefs: the counts `dossier check` reports, per status
/// and marking, and each brief held back with why.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Audit {
    /// Briefs published and listed.
    pub published: usize,
    /// Retracted briefs, whose pages are published with their notice.
    pub retracted: usize,
    /// Each brief held back: its file, why, and what would bring it in.
    pub held: Vec<HeldBrief>,
    /// Briefs per status (`published` for those that name none).
    pub by_status: std::collections::BTreeMap<&'static str, usize>,
    /// Briefs per marking, as FIRST writes it.
    pub by_marking: std::collections::BTreeMap<&'static str, usize>,
}

/// One brief a policy holds back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldBrief {
    /// Its file, from the site root.
    pub file: String,
    /// `marking`, `draft`, `review`, `future` or `expired`.
    pub rule: &'static str,
    /// Why, in words.
    pub reason: String,
    /// What would bring it into a build.
    pub remedy: &'static str,
}

impl Policy {
    /// What this policy publishes of `docs` (briefs only; other documents are not counted).
    pub fn audit<'a>(&self, docs: impl IntoIterator<Item = &'a Document>) -> Audit {
        let mut a = Audit::default();
        for d in docs.into_iter().filter(|d| d.kind == crate::content::Kind::Brief) {
            *a.by_status.entry(d.analysis.status.unwrap_or(Status::Published).key()).or_default() += 1;
            *a.by_marking.entry(self.marking(d).name()).or_default() += 1;
            match self.verdict(d) {
                Verdict::Publish => a.published += 1,
                Verdict::Retracted => a.retracted += 1,
                Verdict::Held(why) => a.held.push(HeldBrief {
                    file: d.file.display().to_string().replace('\\', "/"),
                    rule: why.key(),
                    reason: why.reason(),
                    remedy: why.remedy(),
                }),
            }
        }
        a.held.sort_by(|x, y| x.file.cmp(&y.file));
        a
    }

    /// This policy for the audience whose marking is `max_tlp`: the same in every other way.
    pub fn for_marking(&self, max_tlp: Tlp) -> Policy {
        Policy { max_tlp, ..self.clone() }
    }
}

fn unknown_audience(name: &str, config: &SiteConfig) -> Diagnostic {
    let known: Vec<&str> = config.audiences.keys().map(String::as_str).collect();
    let hint = match known.is_empty() {
        true => "site.yaml names no audiences: add `audiences: {public: CLEAR, partners: AMBER}`".to_string(),
        false => format!("site.yaml's audiences are {}", known.join(", ")),
    };
    Diagnostic::error(format!("there is no audience \"{name}\" in site.yaml")).at("site.yaml").hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(date: &str) -> Document {
        let mut d = crate::model::taxonomy::tests::brief("b", &["Gulf"]);
        d.date = Some(crate::dates::parse(date, &jiff::tz::TimeZone::UTC).expect("a date"));
        d
    }

    #[test]
    fn each_rule_holds_a_document_back_and_its_option_lets_it_through() {
        let p = Policy::default();
        assert_eq!(p.verdict(&doc("2020-01-01")), Verdict::Publish);
        let mut amber = doc("2020-01-01");
        amber.publication.tlp = Some(Tlp::Amber);
        assert_eq!(p.verdict(&amber), Verdict::Held(Held::Marking(Tlp::Amber)));
        let all = Policy { drafts: true, future: true, expired: true, ..Policy::default() };
        assert_eq!(all.verdict(&amber), Verdict::Held(Held::Marking(Tlp::Amber)), "no option lets a marking through");
        assert_eq!(Policy { max_tlp: Tlp::Amber, ..Policy::default() }.verdict(&amber), Verdict::Publish);
        let mut review = doc("2020-01-01");
        review.analysis.status = Some(Status::Review);
        assert_eq!(p.verdict(&review), Verdict::Held(Held::Review));
        assert_eq!(all.verdict(&review), Verdict::Publish);
        let future = doc("2999-01-01");
        assert_eq!(p.verdict(&future), Verdict::Held(Held::Future("2999-01-01".into())));
        assert_eq!(all.verdict(&future), Verdict::Publish);
        let mut expired = doc("2020-01-01");
        expired.publication.expires = Some(crate::dates::parse("2021-01-01", &jiff::tz::TimeZone::UTC).unwrap());
        assert_eq!(p.verdict(&expired), Verdict::Held(Held::Expired("2021-01-01".into())));
        assert_eq!(all.verdict(&expired), Verdict::Publish);
        let mut retracted = doc("2020-01-01");
        retracted.analysis.status = Some(Status::Retracted);
        assert_eq!(p.verdict(&retracted), Verdict::Retracted);
    }

    #[test]
    fn an_audience_sets_the_marking_and_an_unknown_one_is_an_error() {
        let mut config = SiteConfig::default();
        config.audiences.insert("partners".into(), Tlp::Amber);
        let opts = BuildOptions { audience: Some("partners".into()), ..BuildOptions::default() };
        assert_eq!(Policy::of(&opts, &config).unwrap().max_tlp, Tlp::Amber);
        let stricter = BuildOptions { max_tlp: Some(Tlp::Green), ..opts.clone() };
        assert_eq!(Policy::of(&stricter, &config).unwrap().max_tlp, Tlp::Green);
        let unknown = BuildOptions { audience: Some("press".into()), ..BuildOptions::default() };
        let e = Policy::of(&unknown, &config).unwrap_err();
        assert_eq!(e.message, "there is no audience \"press\" in site.yaml");
        assert_eq!(e.hint.as_deref(), Some("site.yaml's audiences are partners"));
    }
}
