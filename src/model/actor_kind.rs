//! What kind of thing a term is, for exports that need to know (STIX 2.1): an actor's kind
//! (`extra: {actor_type: state}` in its description, `content/actors/iran.md`) and a region's
//! country (`extra: {country: IR}` in `content/regions/iran.md`). Both are optional: an actor
//! of no stated kind is an identity of unknown class, and a region with no country is named
//! by its slug, since guessing a country from a name would publish a claim nobody made.

use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::model::TaxonomyKind;

/// The key in an actor description's `extra` map.
pub const ACTOR_KEY: &str = "actor_type";

/// The key in a region description's `extra` map.
pub const COUNTRY_KEY: &str = "country";

/// An actor's kind, as its description states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A state or its government.
    State,
    /// An organisation: a company, an agency, an alliance, a party.
    Organisation,
    /// One person.
    Person,
    /// An informal group.
    Group,
    /// A threat actor, as threat intelligence tracks one.
    ThreatActor,
    /// An intrusion set: a tracked cluster of hostile activity.
    IntrusionSet,
}

impl ActorKind {
    /// Every kind, as written.
    pub const ALL: [ActorKind; 6] = [
        ActorKind::State,
        ActorKind::Organisation,
        ActorKind::Person,
        ActorKind::Group,
        ActorKind::ThreatActor,
        ActorKind::IntrusionSet,
    ];

    /// As written in front matter.
    pub fn key(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
            ActorKind::Group => "group",
            ActorKind::ThreatActor => "threat-actor",
            ActorKind::IntrusionSet => "intrusion-set",
        }
    }

    fn parse(s: &str) -> Option<ActorKind> {
        let s = s.trim().to_lowercase().replace('_', "-");
        let s = if s == "organization" { "organisation".to_string() } else { s };
        ActorKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The taxonomy a description describes, from its URL.
fn described(d: &Document) -> Option<TaxonomyKind> {
    TaxonomyKind::ALL.into_iter().find(|k| d.url.starts_with(&format!("{}/", k.path())))
}

/// The kind an actor's description states; `None` when it states none, or states one that is
/// not known (reported by `problems`).
pub fn actor_kind(d: &Document) -> Option<ActorKind> {
    d.extra.get(ACTOR_KEY).and_then(|v| v.as_str()).and_then(ActorKind::parse)
}

/// The ISO 3166-1 alpha-2 code a region's description states, when it is two capital letters.
pub fn country(d: &Document) -> Option<&str> {
    d.extra.get(COUNTRY_KEY).and_then(|v| v.as_str()).filter(|c| valid_country(c))
}

fn valid_country(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// Every `actor_type` and `country` of the descriptions that cannot be used, each at its file.
pub fn problems(descriptions: &[Document]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in descriptions {
        let kind = described(d);
        let at = |msg: String, hint: &str| Diagnostic::error(msg).at(&d.file).line_col(1, 1).hint(hint.to_string());
        if let Some(v) = d.extra.get(ACTOR_KEY) {
            let known = ActorKind::ALL.map(ActorKind::key).join(", ");
            match v.as_str() {
                _ if kind != Some(TaxonomyKind::Actors) => out.push(at(
                    format!("`extra.{ACTOR_KEY}` is for actors, and this file describes a {}", d.url),
                    "move it to the description of an actor, under content/actors/",
                )),
                Some(s) if ActorKind::parse(s).is_some() => {}
                _ => out.push(at(
                    format!("`extra.{ACTOR_KEY}` is {v}, which is not a kind of actor"),
                    &format!("use one of {known}"),
                )),
            }
        }
        if let Some(v) = d.extra.get(COUNTRY_KEY) {
            match v.as_str() {
                _ if kind != Some(TaxonomyKind::Region) => out.push(at(
                    format!("`extra.{COUNTRY_KEY}` is for regions, and this file describes /{}", d.url),
                    "move it to the description of a region, under content/regions/",
                )),
                Some(c) if valid_country(c) => {}
                _ => out.push(at(
                    format!("`extra.{COUNTRY_KEY}` is {v}, not an ISO 3166-1 alpha-2 code"),
                    "write the country's two capital letters, as in `country: IR`, or leave it out",
                )),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_written_or_in_american_spelling() {
        assert_eq!(ActorKind::parse("Organization"), Some(ActorKind::Organisation));
        assert_eq!(ActorKind::parse("threat_actor"), Some(ActorKind::ThreatActor));
        assert_eq!(ActorKind::parse("country"), None);
        assert!(valid_country("IR") && !valid_country("Iran") && !valid_country("ir"));
    }
}
