//! STIX 2.1 exports: `/stix/bundle.json` for the whole site and `stix.json` beside each brief.
//! A brief is a `report` (name, description from its BLUF or summary, `published`, labels from
//! its tags, `object_refs`, its confidence, its sources as `external_references`); its key
//! judgments are `note`s about the report, with the brief's confidence; its actors are
//! `identity`, `threat-actor` or `intrusion-set` objects by their stated kind
//! (`model::actor_kind`); its regions are `location`s; everything is created by an `identity`
//! for the site; a brief's marking is the official TLP 2.0 `marking-definition`, applied by
//! `object_marking_refs`.
//!
//! Ids are UUIDv5 of a fixed dossier namespace and the site's base URL with what the object is
//! (a brief's path, a term's page, a judgment's place), so an export made again, or made of one
//! brief, names each object with the same id and a consumer updates it rather than adding a
//! copy; a site moved to another base URL is another source, with other ids.

use serde_json::{Map, Value, json};

use crate::content::Document;
use crate::content::analysis::Confidence;
use crate::marking::Tlp;
use crate::model::actor_kind::{self, ActorKind};
use crate::model::{Site, TaxonomyKind};

/// The namespace of dossier's STIX ids: an arbitrary constant, fixed so that ids never move
/// between releases.
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x3f0d_6a4e_5c1b_5e8f_9a7d_2b64_c0e1_f3a9);

/// The id of an object of `kind` that is `what` on the site at `base`.
fn id(base: &str, kind: &str, what: &str) -> String {
    let name = format!("{base}\u{1f}{kind}\u{1f}{what}");
    format!("{kind}--{}", uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()))
}

/// A STIX timestamp: UTC, milliseconds, `Z`.
pub fn timestamp(t: jiff::Timestamp) -> String {
    format!("{}.{:03}Z", t.strftime("%Y-%m-%dT%H:%M:%S"), t.subsec_millisecond())
}

/// STIX confidence (0–100) of a brief's level, by the Low/Med/High scale of STIX 2.1's
/// appendix "Confidence Scales": low 15, moderate 50, high 85.
pub fn confidence(c: Confidence) -> u8 {
    match c {
        Confidence::Low => 15,
        Confidence::Moderate => 50,
        Confidence::High => 85,
    }
}

/// The official STIX 2.1 marking definition of a TLP 2.0 marking (OASIS CTI common objects).
pub fn tlp_marking(t: Tlp) -> Value {
    let uuid = match t {
        Tlp::Clear => "94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "e828b379-4e03-4974-9ac4-e53a884c97c1",
    };
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": format!("marking-definition--{uuid}"),
        "created": "2022-10-01T00:00:00.000Z",
        "name": t.label(),
        "extensions": {
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                "extension_type": "property-extension",
                "tlp_2_0": t.name().to_lowercase(),
            }
        }
    })
}

/// The objects of one bundle, each once, in the order first added, written out as they come
/// between the bundle's opening and its close: the site's bundle of a large archive is tens of
/// thousands of objects, and holding each as a JSON tree until the end would take many times
/// the bytes written.
struct Objects<W: std::io::Write> {
    out: W,
    /// Whether an object was written, so the next is preceded by a comma.
    any: bool,
    seen: std::collections::HashSet<String>,
    /// The id of each term's object (none for a tag), by term: briefs share a few hundred
    /// terms, each made into an object once rather than once per brief that names it.
    term_ids: std::collections::HashMap<(TaxonomyKind, usize), Option<Value>>,
}

impl<W: std::io::Write> Objects<W> {
    /// Open the bundle of `what` in `out`: `{"type":"bundle","id":…,"objects":[`, compact.
    fn open(site: &Site, what: &str, mut out: W) -> Self {
        out.write_all(b"{\"type\":\"bundle\",\"id\":").expect("written to memory");
        serde_json::to_writer(&mut out, &id(&site.config.base_url, "bundle", what)).expect("JSON");
        out.write_all(b",\"objects\":[").expect("written to memory");
        Objects { out, any: false, seen: Default::default(), term_ids: Default::default() }
    }

    /// Add `v` unless an object of its id is in already. Empty lists are left out: STIX
    /// forbids them where an optional property can be omitted.
    fn add(&mut self, mut v: Value) {
        if let Value::Object(m) = &mut v {
            m.retain(|_, x| x.as_array().is_none_or(|a| !a.is_empty()));
        }
        let id = v["id"].as_str().unwrap_or_default().to_string();
        if self.seen.insert(id) {
            if self.any {
                self.out.write_all(b",").expect("written to memory");
            }
            self.any = true;
            serde_json::to_writer(&mut self.out, &v).expect("JSON");
        }
    }

    /// Close the bundle and hand back what it was written to.
    fn close(mut self) -> W {
        self.out.write_all(b"]}\n").expect("written to memory");
        self.out
    }
}

/// The site's bundle: every brief, each term object once.
pub fn site_bundle(site: &Site) -> crate::artifact::Contents {
    let mut objects = Objects::open(site, "site", crate::artifact::Chunks::new());
    objects.add(site_identity(site));
    for i in 0..site.briefs.len() {
        add_brief(site, i, &mut objects);
    }
    objects.close().finish()
}

/// Brief `i`'s bundle: its report and what the report refers to.
pub fn brief_bundle(site: &Site, i: usize) -> Vec<u8> {
    let mut objects = Objects::open(site, &site.briefs[i].url, Vec::new());
    objects.add(site_identity(site));
    add_brief(site, i, &mut objects);
    objects.close()
}

/// The identity that creates every object: the site, under its title.
fn site_identity(site: &Site) -> Value {
    let c = &site.config;
    // Fixed, so that every bundle, the site's or a brief's, carries the same identity object.
    let at = timestamp(jiff::Timestamp::UNIX_EPOCH);
    json!({
        "type": "identity", "spec_version": "2.1", "id": id(&c.base_url, "identity", ""),
        "created": at, "modified": at, "name": c.title, "identity_class": "organization",
    })
}

/// The timestamps of a term's object: its oldest brief's date and its newest brief's last
/// change (`term_span` in `model::inputs` declares those two briefs).
fn term_times(site: &Site, k: TaxonomyKind, ti: usize) -> (String, String) {
    let briefs = &site.taxonomy(k).terms[ti].briefs;
    let at = |i: Option<&usize>, d: fn(&Document) -> Option<&crate::dates::BriefDate>| {
        i.and_then(|&i| d(&site.briefs[i])).map_or(jiff::Timestamp::UNIX_EPOCH, |d| d.instant)
    };
    let created = at(briefs.last(), |b| b.date.as_ref());
    let modified = at(briefs.first(), Document::changed).max(created);
    (timestamp(created), timestamp(modified))
}

/// Term `ti` of kind `k` as a STIX object: an actor by its stated kind, a region as a location.
/// `None` for tags, which are labels of reports rather than objects.
fn term_object(site: &Site, k: TaxonomyKind, ti: usize) -> Option<Value> {
    let tax = site.taxonomy(k);
    let term = &tax.terms[ti];
    let url = tax.term_url(term);
    let description = site.description(&url);
    let (created, modified) = term_times(site, k, ti);
    let base = &site.config.base_url;
    let mut o = Map::new();
    let (kind, extra) = match k {
        TaxonomyKind::Tags => return None,
        TaxonomyKind::Actors => match description.and_then(actor_kind::actor_kind) {
            Some(ActorKind::ThreatActor) => ("threat-actor", json!({"threat_actor_types": ["unknown"]})),
            Some(ActorKind::IntrusionSet) => ("intrusion-set", json!({})),
            Some(ActorKind::State) => {
                ("identity", json!({"identity_class": "organization", "sectors": ["government-national"]}))
            }
            Some(ActorKind::Organisation) => ("identity", json!({"identity_class": "organization"})),
            Some(ActorKind::Person) => ("identity", json!({"identity_class": "individual"})),
            Some(ActorKind::Group) => ("identity", json!({"identity_class": "group"})),
            None => ("identity", json!({"identity_class": "unknown"})),
        },
        // A location needs a region or a country: the country when the description states
        // it, else the region's slug (the region vocabulary is open).
        TaxonomyKind::Region => match description.and_then(actor_kind::country) {
            Some(c) => ("location", json!({"country": c})),
            None => ("location", json!({"region": term.slug})),
        },
    };
    o.insert("type".into(), kind.into());
    o.insert("spec_version".into(), "2.1".into());
    o.insert("id".into(), id(base, kind, &url).into());
    o.insert("created_by_ref".into(), id(base, "identity", "").into());
    o.insert("created".into(), created.into());
    o.insert("modified".into(), modified.into());
    o.insert("name".into(), term.name.clone().into());
    if let Value::Object(extra) = extra {
        o.extend(extra);
    }
    o.insert(
        "external_references".into(),
        json!([{"source_name": site.config.title, "url": format!("{base}{}", crate::urls::encode_path(&url))}]),
    );
    Some(Value::Object(o))
}

/// Brief `i`'s report, its notes, its terms' objects and its marking, added to `objects`.
fn add_brief<W: std::io::Write>(site: &Site, i: usize, objects: &mut Objects<W>) {
    let b = &site.briefs[i];
    let base = &site.config.base_url;
    let creator = id(base, "identity", "");
    let report_id = id(base, "report", &b.url);
    let created = timestamp(b.date.as_ref().map_or(jiff::Timestamp::UNIX_EPOCH, |d| d.instant));
    let modified = timestamp(b.changed().map_or(jiff::Timestamp::UNIX_EPOCH, |d| d.instant));
    let marking = crate::view::record::marking(site, i);
    let markings: Vec<String> =
        marking.map(|t| tlp_marking(t)["id"].as_str().unwrap_or_default().to_string()).into_iter().collect();
    if let Some(t) = marking {
        objects.add(tlp_marking(t));
    }
    let mut refs = Vec::new();
    for k in [TaxonomyKind::Actors, TaxonomyKind::Region] {
        for ti in site.taxonomy(k).term_ids_of(i) {
            let id = match objects.term_ids.get(&(k, ti)) {
                Some(id) => id.clone(),
                None => {
                    let o = term_object(site, k, ti);
                    let id = o.as_ref().map(|o| o["id"].clone());
                    o.into_iter().for_each(|o| objects.add(o));
                    objects.term_ids.insert((k, ti), id.clone());
                    id
                }
            };
            refs.extend(id);
        }
    }
    let confidence = b.analysis.confidence.map(confidence);
    for (n, judgment) in b.analysis.key_judgments.iter().enumerate() {
        let mut note = json!({
            "type": "note", "spec_version": "2.1", "id": id(base, "note", &format!("{}#kj-{}", b.url, n + 1)),
            "created_by_ref": creator, "created": created, "modified": modified,
            "abstract": format!("Key judgment {} of “{}”", n + 1, b.title),
            "content": judgment.text, "authors": b.authors, "object_refs": [report_id],
            "object_marking_refs": markings,
        });
        // A judgment's own confidence, where it gives one, is the note's; its ICD 203
        // likelihood is a label (`likelihood-very-likely`), as STIX has no property for it.
        if let Some(c) = judgment.confidence.map(self::confidence).or(confidence) {
            note["confidence"] = c.into();
        }
        if let Some(l) = judgment.likelihood {
            note["labels"] = json!([format!("likelihood-{}", l.key())]);
        }
        refs.push(note["id"].clone());
        objects.add(note);
    }
    if refs.is_empty() {
        refs.push(creator.clone().into()); // a report refers to one object at least
    }
    let mut sources =
        vec![json!({"source_name": site.config.title, "url": format!("{base}{}", crate::urls::encode_path(&b.url))})];
    sources.extend(b.analysis.sources.iter().map(|s| {
        let mut r = json!({"source_name": s.publisher.as_deref().unwrap_or("source"), "description": s.title});
        if let Some(u) = &s.url {
            r["url"] = u.clone().into();
        }
        r
    }));
    let description = b.analysis.bluf.as_deref().unwrap_or(b.summary_text());
    let labels: Vec<&str> = site.terms_of_brief(TaxonomyKind::Tags, i).map(|t| t.name.as_str()).collect();
    let mut report = json!({
        "type": "report", "spec_version": "2.1", "id": report_id, "created_by_ref": creator,
        "created": created, "modified": modified, "name": b.title, "description": description,
        "report_types": ["threat-report"], "published": created, "object_refs": refs,
        "external_references": sources, "object_marking_refs": markings,
    });
    if !labels.is_empty() {
        report["labels"] = json!(labels);
    }
    if let Some(c) = confidence {
        report["confidence"] = c.into();
    }
    objects.add(report);
}
