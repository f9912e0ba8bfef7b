//! The data exports: `briefs.json`, each brief's `index.json` and `briefs.ndjson` validated by
//! a real JSON Schema validator against the schemas the site publishes; `briefs.csv` read by
//! the `csv` crate; JSON Feed 1.1 checked member by member against the specification, with its
//! autodiscovery links; and nothing held back by the publish filter in any of them.

use std::path::Path;
use std::str::FromStr;

use serde_json::Value;

use crate::prelude::*;

const BASE: &str = "https://example.org/";

/// A site whose briefs use every analytic field, one held back as a draft and one as AMBER
/// (above the default build's CLEAR).
fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}exports: {{brief_json: true, brief_stix: true, ndjson: true}}\nfeeds: {{terms_json: true}}\n"
        ),
    );
    site.brief(
        "briefs/old.md",
        "title: Old view\ndate: 2026-01-01\nregion: Gulf\nactors: [Iran]",
        "The earlier assessment.\n",
    );
    site.brief(
        "briefs/new.md",
        "title: \"Talks, \\\"round\\\" two\"\ndate: 2026-02-01T09:30:00+04:00\nupdated: 2026-02-03\nregion: Gulf\n\
         actors: [Iran, Oman]\ntags: [diplomacy]\nauthors: [Leila Haddad, Sam Cole]\nsupersedes: briefs/old.md\n\
         summary: \"Line one,\\nline two.\"\nbluf: Talks resumed.\nkey_judgments: [\"Iran wants time.\", {text: \"Oman stays neutral.\", likelihood: very likely, confidence: high}]\n\
         confidence: moderate\nstatus: published\ntlp: CLEAR\nexpires: 2099-01-01\naliases: [old/talks/]\n\
         sources: [{title: IAEA report, url: \"https://iaea.org/r\", publisher: IAEA, date: 2026-01-30, grade: A2, type: official, accessed: 2026-01-31, archived: \"https://web.archive.org/r\"}, {title: Notes}]\n\
         events: [{date: 2026-02-07, title: Second round}, {date: 2025-Q4, end: 2026-01, title: Preparation, place: Gulf, actors: [Oman]}]\n\
         revisions: [{date: 2026-02-02, note: Sharper on Oman.}]\nrevisit_by: 2026-06-01\nextra: {series: Gulf Watch}",
        "Body with **bold** text.\n",
    );
    site.brief(
        "briefs/formula.md",
        "title: \"=HYPERLINK(\\\"http://x\\\")\"\ndate: 2025-12-01\nregion: Levant",
        "Body citing [the talks](@/briefs/new.md).\n",
    );
    site.brief(
        "briefs/zqdraft.md",
        "title: Secret draft zqd\ndate: 2026-01-05\nregion: Gulf\ndraft: true",
        "Hidden zqd.\n",
    );
    site.brief("briefs/zqamber.md", "title: Amber zqa\ndate: 2026-01-06\nregion: Gulf\ntlp: AMBER", "Hidden zqa.\n");
    site
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// The errors of validating `instance` against `schema`, as text.
fn invalid(schema: &Value, instance: &Value) -> Vec<String> {
    let v = jsonschema::validator_for(schema).expect("a valid JSON Schema");
    v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn the_published_schemas_validate_briefs_json_every_index_json_and_every_ndjson_line() {
    let site = fixture();
    site.build_ok(&[]);
    let out = site.path("public");
    let briefs_schema = json(&out, "schema/briefs.v1.json");
    let brief_schema = json(&out, "schema/brief.v1.json");
    assert_eq!(briefs_schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(briefs_schema["$id"], format!("{BASE}schema/briefs.v1.json"));
    let all = json(&out, "briefs.json");
    assert_eq!(invalid(&briefs_schema, &all), Vec::<String>::new());
    let records = all["briefs"].as_array().unwrap();
    let urls: Vec<&str> = records.iter().map(|b| b["path"].as_str().unwrap()).collect();
    assert_eq!(urls, ["briefs/new/", "briefs/old/", "briefs/formula/"]);
    let indexes: Vec<String> = list_files(&out).into_iter().filter(|f| f.ends_with("index.json")).collect();
    assert_eq!(indexes.len(), records.len(), "{indexes:?}");
    for r in records {
        let rel = format!("{}index.json", r["path"].as_str().unwrap());
        let index = json(&out, &rel);
        assert_eq!(invalid(&brief_schema, &index), Vec::<String>::new(), "{rel}");
        assert_eq!(index["version"], 1);
        assert_eq!(&index["brief"], r, "{rel} carries the same record as briefs.json");
    }
    let lines: Vec<Value> = read(&out, "briefs.ndjson").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(&lines, records, "one record a line, in the same order");
    let record_schema = serde_json::json!({"$defs": brief_schema["$defs"], "$ref": "#/$defs/brief"});
    for line in &lines {
        assert_eq!(invalid(&record_schema, line), Vec::<String>::new());
    }
}

#[test]
fn a_record_carries_every_published_field_and_the_schema_names_each_member() {
    let site = fixture();
    site.build_ok(&[]);
    let out = site.path("public");
    let all = json(&out, "briefs.json");
    let new = &all["briefs"][0];
    assert_eq!(new["title"], "Talks, \"round\" two");
    assert_eq!(new["url"], format!("{BASE}briefs/new/"));
    assert_eq!(new["date"], "2026-02-01T09:30:00+04:00");
    assert_eq!(new["bluf"], "Talks resumed.");
    assert_eq!(new["key_judgments"], serde_json::json!(["Iran wants time.", "Oman stays neutral."]));
    assert_eq!(new["confidence"]["level"], "moderate");
    assert_eq!(new["confidence"]["url"], format!("{BASE}confidence/#moderate"));
    assert_eq!(new["status"], "published");
    assert_eq!(new["marking"], "TLP:CLEAR");
    assert_eq!(new["supersedes"], format!("{BASE}briefs/old/"));
    assert_eq!(all["briefs"][1]["superseded_by"], format!("{BASE}briefs/new/"));
    assert_eq!(new["sources"][0]["url"], "https://iaea.org/r");
    assert_eq!(new["sources"][1]["url"], Value::Null);
    assert_eq!(new["events"][0]["title"], "Preparation", "events oldest first");
    assert_eq!(
        new["events"][0],
        serde_json::json!({"date": "2025-10-01T00:00:00+00:00", "when": "2025-Q4", "end": "2026-01", "precision": "quarter",
            "display": "Q4 2025 – January 2026", "title": "Preparation", "place": "Gulf", "actors": ["Oman"]})
    );
    assert_eq!(new["events"][1]["when"], "2026-02-07");
    assert_eq!(
        new["judgments"][1],
        serde_json::json!({"text": "Oman stays neutral.", "likelihood": "very-likely", "band": "80–95%", "confidence": "high"})
    );
    assert_eq!(new["judgments"][0]["likelihood"], Value::Null);
    let iaea = &new["sources"][0];
    assert_eq!(
        (iaea["grade"].as_str(), iaea["reliability"].as_str(), iaea["credibility"].as_u64()),
        (Some("A2"), Some("A"), Some(2))
    );
    assert_eq!((iaea["type"].as_str(), iaea["accessed"].as_str()), (Some("official"), Some("2026-01-31")));
    assert_eq!(iaea["archived"], "https://web.archive.org/r");
    assert_eq!(
        new["revisions"],
        serde_json::json!([{"date": "2026-02-02T00:00:00+00:00", "note": "Sharper on Oman."}])
    );
    assert_eq!(new["revisit_by"], "2026-06-01T00:00:00+00:00");
    assert_eq!(new["cited_by"], serde_json::json!([format!("{BASE}briefs/formula/")]));
    assert_eq!(
        new["terms"]["actors"][1],
        serde_json::json!({"name": "Oman", "slug": "oman", "url": format!("{BASE}actors/oman/")})
    );
    assert_eq!(new["aliases"], serde_json::json!([format!("{BASE}old/talks/")]));
    assert_eq!(new["extra"]["series"], "Gulf Watch");
    assert_eq!(new["reading_time"], 1);
    // The schema forbids members it does not name, and requires every one it names: a member
    // added to the record without its schema entry, or dropped from it, fails validation.
    let mut schema = json(&out, "schema/briefs.v1.json");
    let props = schema["$defs"]["brief"]["properties"].as_object().unwrap().clone();
    let required: Vec<&str> =
        schema["$defs"]["brief"]["required"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(props.keys().map(String::as_str).collect::<Vec<_>>(), required);
    assert_eq!(new.as_object().unwrap().keys().collect::<Vec<_>>(), props.keys().collect::<Vec<_>>());
    schema["$defs"]["brief"]["properties"].as_object_mut().unwrap().remove("bluf");
    let req = schema["$defs"]["brief"]["required"].as_array_mut().unwrap();
    req.retain(|r| r != "bluf");
    assert!(!invalid(&schema, &all).is_empty(), "a member missing from the schema is caught");
}

#[test]
fn the_csv_has_a_header_and_one_row_per_brief_quoted_and_guarded() {
    let site = fixture();
    site.build_ok(&[]);
    let out = site.path("public");
    let text = read(&out, "briefs.csv");
    assert!(text.lines().next().is_some_and(|l| l.starts_with("title,url,path,source,date")));
    assert!(text.ends_with("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    assert!(!header.contains(&"extra".to_string()) && !header.contains(&"terms".to_string()));
    let new = &rows[0];
    assert_eq!(&new[col("title")], "Talks, \"round\" two", "commas and quotes survive quoting");
    assert_eq!(&new[col("summary")], "Line one,\nline two.", "a line break stays in its cell");
    assert_eq!(&new[col("actors")], "Iran; Oman");
    assert_eq!(&new[col("authors")], "Leila Haddad; Sam Cole");
    assert_eq!(&new[col("confidence")], "moderate");
    assert_eq!(&new[col("key_judgments")], "Iran wants time.; Oman stays neutral.");
    assert_eq!(&new[col("sources")], "2026-01-30 IAEA report; Notes");
    assert_eq!(&new[col("supersedes")], format!("{BASE}briefs/old/"));
    assert_eq!(&new[col("word_count")], "4");
    // A title a spreadsheet would run as a formula is kept as text.
    assert_eq!(&rows[2][col("title")], "'=HYPERLINK(\"http://x\")");
}

/// The checks of the JSON Feed 1.1 specification on one feed: the top-level members and
/// each item's, with their types.
fn json_feed_problems(feed: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let is_str = |v: &Value, k: &str| v.get(k).is_some_and(Value::is_string);
    if feed["version"] != "https://jsonfeed.org/version/1.1" {
        p.push(format!("version is {}", feed["version"]));
    }
    for k in ["title", "home_page_url", "feed_url"] {
        if !is_str(feed, k) {
            p.push(format!("top-level {k} is not a string"));
        }
    }
    let authors_ok = |v: &Value| v["authors"].as_array().is_some_and(|a| a.iter().all(|x| is_str(x, "name")));
    let Some(items) = feed["items"].as_array() else { return vec!["items is not an array".into()] };
    for (n, it) in items.iter().enumerate() {
        if !is_str(it, "id") || !is_str(it, "url") || !is_str(it, "title") {
            p.push(format!("item {n}: id, url and title must be strings"));
        }
        if !is_str(it, "content_html") && !is_str(it, "content_text") {
            p.push(format!("item {n}: neither content_html nor content_text"));
        }
        for k in ["date_published", "date_modified"] {
            if it.get(k).is_some_and(|d| d.as_str().is_none_or(|d| jiff::Timestamp::from_str(d).is_err())) {
                p.push(format!("item {n}: {k} is not RFC 3339"));
            }
        }
        if it.get("tags").is_some_and(|t| t.as_array().is_none_or(|t| !t.iter().all(Value::is_string))) {
            p.push(format!("item {n}: tags must be strings"));
        }
        if !authors_ok(it) && !authors_ok(feed) {
            p.push(format!("item {n}: no author on it or on the feed"));
        }
        for k in it.as_object().unwrap().keys() {
            let known = ["id", "url", "title", "content_html", "content_text", "summary", "date_published"]
                .into_iter()
                .chain(["date_modified", "authors", "tags", "language"]);
            if !k.starts_with('_') && !known.clone().any(|x| x == k) {
                p.push(format!("item {n}: unknown member {k} (extensions start with _)"));
            }
        }
    }
    p
}

#[test]
fn json_feeds_list_what_atom_lists_with_the_record_under_dossier_and_are_discoverable() {
    let site = fixture();
    site.build_ok(&[]);
    let out = site.path("public");
    for (rel, atom_rel) in [("feed.json", "atom.xml"), ("regions/gulf/feed.json", "regions/gulf/atom.xml")] {
        let feed = json(&out, rel);
        assert_eq!(json_feed_problems(&feed), Vec::<String>::new(), "{rel}");
        assert_eq!(feed["feed_url"], format!("{BASE}{rel}"));
        let ids: Vec<&str> = feed["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        let atom = feed_rs::parser::parse(read(&out, atom_rel).as_bytes()).unwrap();
        let atom_ids: Vec<String> = atom.entries.iter().map(|e| e.id.clone()).collect();
        assert_eq!(ids, atom_ids, "{rel} lists what {atom_rel} lists");
    }
    let feed = json(&out, "feed.json");
    let item = &feed["items"][0];
    assert!(item["content_html"].as_str().unwrap().contains("<strong>bold</strong>"), "the site feed is full text");
    assert_eq!(item["date_published"], "2026-02-01T09:30:00+04:00");
    assert_eq!(item["tags"], serde_json::json!(["Gulf", "Iran", "Oman", "diplomacy"]));
    assert_eq!(item["authors"][1]["name"], "Sam Cole");
    assert_eq!(item["_dossier"]["brief"], json(&out, "briefs.json")["briefs"][0]);
    assert_eq!(item["_dossier"]["about"], format!("{BASE}schema/brief.v1.json#/$defs/brief"));
    let gulf = json(&out, "regions/gulf/feed.json");
    assert!(gulf["items"][0]["content_text"].is_string(), "term feeds carry summaries by default");
    assert_eq!(gulf["title"], "Region: Gulf · Test Briefs");
    // Autodiscovery: every page names the site's JSON Feed, a term's page its own too.
    let sel = "link[rel=alternate][type='application/feed+json']";
    assert_eq!(attrs(&site.html("index.html"), sel, "href"), ["/feed.json"]);
    assert_eq!(attrs(&site.html("briefs/new/index.html"), sel, "href"), ["/feed.json"]);
    assert_eq!(attrs(&site.html("regions/gulf/index.html"), sel, "href"), ["/feed.json", "/regions/gulf/feed.json"]);
    // Without term feeds, neither format is written for terms nor linked; with `terms_json` off,
    // a term has its Atom feed only.
    for yaml in ["feeds: {terms: false, terms_json: true}\n", "feeds: {terms_json: false}\n"] {
        site.write("site.yaml", &format!("{SITE_YAML}{yaml}"));
        site.build_ok(&[]);
        assert!(!out.join("regions/gulf/feed.json").exists(), "{yaml}");
        assert_eq!(out.join("regions/gulf/atom.xml").exists(), yaml.contains("terms_json: false"), "{yaml}");
        assert_eq!(attrs(&site.html("regions/gulf/index.html"), sel, "href"), ["/feed.json"], "{yaml}");
        assert_eq!(broken_links(&out, "/"), Vec::<String>::new(), "{yaml}");
    }
}

#[test]
fn per_brief_exports_and_term_feed_records_are_off_by_default_and_each_turned_on_by_config() {
    let site = fixture();
    site.write("site.yaml", SITE_YAML);
    site.build_ok(&[]);
    let out = site.path("public");
    let per_brief = |out: &Path| -> Vec<String> {
        let mut f: Vec<String> = list_files(&out.join("briefs"))
            .into_iter()
            .filter(|f| f.ends_with("index.json") || f.ends_with("stix.json"))
            .collect();
        f.sort();
        f
    };
    assert_eq!(per_brief(&out), Vec::<String>::new(), "no per-brief exports by default");
    // The site-wide exports hold every brief, `briefs.ndjson` one record a line.
    assert_eq!(json(&out, "briefs.json")["briefs"].as_array().unwrap().len(), 3);
    let lines: Vec<Value> = read(&out, "briefs.ndjson").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(&lines, json(&out, "briefs.json")["briefs"].as_array().unwrap(), "one record a line");
    assert_eq!(
        json(&out, "stix/bundle.json")["objects"].as_array().unwrap().iter().filter(|o| o["type"] == "report").count(),
        3
    );
    // The site's JSON Feed carries records; a term's carries none unless asked.
    assert!(json(&out, "feed.json")["items"][0]["_dossier"]["brief"].is_object());
    let gulf = json(&out, "regions/gulf/feed.json");
    assert_eq!(json_feed_problems(&gulf), Vec::<String>::new());
    assert!(gulf["items"].as_array().unwrap().iter().all(|i| i.get("_dossier").is_none()), "{gulf}");
    // Each key turns its own output on.
    site.write("site.yaml", &format!("{SITE_YAML}exports:\n  brief_stix: true\nfeeds:\n  terms_records: true\n"));
    site.build_ok(&[]);
    assert_eq!(per_brief(&out), ["formula/stix.json", "new/stix.json", "old/stix.json"]);
    let gulf = json(&out, "regions/gulf/feed.json");
    let first = &gulf["items"][0];
    let record =
        json(&out, "briefs.json")["briefs"].as_array().unwrap().iter().find(|b| b["url"] == first["url"]).cloned();
    assert_eq!(Some(&first["_dossier"]["brief"]), record.as_ref());
    site.write("site.yaml", &format!("{SITE_YAML}exports: {{brief_json: true}}\n"));
    site.build_ok(&[]);
    assert_eq!(per_brief(&out), ["formula/index.json", "new/index.json", "old/index.json"]);
    // A lean site turns off `briefs.ndjson` and terms' JSON Feeds; nothing links them then.
    site.write("site.yaml", &format!("{SITE_YAML}exports: {{ndjson: false}}\nfeeds: {{terms_json: false}}\n"));
    site.build_ok(&[]);
    assert!(!out.join("briefs.ndjson").exists() && !out.join("regions/gulf/feed.json").exists());
    assert!(out.join("briefs.json").exists() && out.join("regions/gulf/atom.xml").exists());
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    // A misspelt key is named with a suggestion; a value of the wrong type is an error at its line.
    site.write("site.yaml", &format!("{SITE_YAML}exports:\n  brief_jsn: true\n"));
    let r = site.build_ok(&[]);
    assert!(r.stderr.contains("brief_jsn") && r.stderr.contains("brief_json"), "{r:?}");
    site.write("site.yaml", &format!("{SITE_YAML}exports:\n  brief_stix: often\n"));
    let r = site.build_err();
    assert!(r.stderr.contains("site.yaml:4") && r.stderr.contains("true or false"), "{r:?}");
}

#[test]
fn held_back_briefs_are_in_no_export() {
    let site = fixture();
    site.build_ok(&[]);
    let out = site.path("public");
    for rel in ["briefs.json", "briefs.csv", "briefs.ndjson", "feed.json", "regions/gulf/feed.json"] {
        let text = read(&out, rel);
        assert!(!text.contains("zqd") && !text.contains("zqa"), "{rel} names a held-back brief");
    }
    assert!(!out.join("briefs/zqdraft/index.json").exists() && !out.join("briefs/zqamber/index.json").exists());
    // A build that may publish AMBER lists it everywhere.
    site.build_ok(&["--max-tlp", "AMBER"]);
    assert!(read(&out, "briefs.csv").contains("Amber zqa"));
    assert!(out.join("briefs/zqamber/index.json").exists());
    assert!(!read(&out, "briefs.ndjson").contains("zqd"));
}

#[test]
fn an_asset_named_index_json_beside_a_brief_is_a_clash_naming_both() {
    let site = Site::new();
    site.write("site.yaml", &format!("{SITE_YAML}exports: {{brief_json: true}}\n"));
    site.brief("briefs/x.md", "title: X\ndate: 2026-01-01\nregion: Gulf", "![chart](x/index.json)\n")
        .write("content/briefs/x/index.json", "{}");
    let r = site.build_err();
    assert!(
        r.stderr.contains("content/briefs/x/index.json and content/briefs/x.md both want /briefs/x/index.json"),
        "{r:?}"
    );
}

/// The rules of STIX 2.1 this export relies on, checked over a bundle: each object's common
/// properties (`type`, `spec_version` 2.1, `id` as `type--UUID`, `created` and `modified` as
/// millisecond UTC timestamps, `modified` not before `created`), the properties each type
/// requires, no empty list, and every `*_ref` and `*_refs` naming an object of the bundle.
fn stix_problems(bundle: &Value) -> Vec<String> {
    let mut p = Vec::new();
    if bundle["type"] != "bundle" || !uuid_of(bundle["id"].as_str().unwrap_or(""), "bundle") {
        p.push("not a bundle with a bundle--UUID id".into());
    }
    let objects = bundle["objects"].as_array().cloned().unwrap_or_default();
    let ids: std::collections::HashSet<&str> = objects.iter().filter_map(|o| o["id"].as_str()).collect();
    if ids.len() != objects.len() {
        p.push("two objects share an id".into());
    }
    let stamp = |v: &Value| {
        v.as_str().is_some_and(|s| s.len() == 24 && s.ends_with('Z') && jiff::Timestamp::from_str(s).is_ok())
    };
    for o in &objects {
        let ty = o["type"].as_str().unwrap_or("");
        let id = o["id"].as_str().unwrap_or("");
        let mut fail = |what: String| p.push(format!("{id}: {what}"));
        if o["spec_version"] != "2.1" || !uuid_of(id, ty) {
            fail("spec_version or id".into());
        }
        if !stamp(&o["created"]) || (ty != "marking-definition" && !stamp(&o["modified"])) {
            fail("created or modified is not a STIX timestamp".into());
        }
        if o.get("modified").is_some_and(|m| m.as_str() < o["created"].as_str()) {
            fail("modified before created".into());
        }
        let required: &[&str] = match ty {
            "report" => &["name", "published", "object_refs"],
            "note" => &["content", "object_refs"],
            "identity" | "threat-actor" | "intrusion-set" => &["name"],
            "location" => &[],
            "marking-definition" => &["name", "extensions"],
            other => {
                fail(format!("unexpected type {other}"));
                &[]
            }
        };
        for r in required {
            if o.get(*r).is_none() {
                fail(format!("no {r}"));
            }
        }
        if ty == "location" && o.get("region").is_none() && o.get("country").is_none() {
            fail("a location needs a region or a country".into());
        }
        if o.get("confidence").is_some_and(|c| c.as_u64().is_none_or(|c| c > 100)) {
            fail("confidence out of 0–100".into());
        }
        for (k, v) in o.as_object().unwrap() {
            if v.as_array().is_some_and(Vec::is_empty) {
                fail(format!("{k} is an empty list"));
            }
            let refs: Vec<&Value> = match v {
                _ if k.ends_with("_refs") => v.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
                _ if k.ends_with("_ref") => vec![v],
                _ => Vec::new(),
            };
            for r in refs {
                if !r.as_str().is_some_and(|r| ids.contains(r)) {
                    fail(format!("{k} names {r}, which is not in the bundle"));
                }
            }
        }
    }
    p
}

/// True when `id` is `ty--` and a UUID.
fn uuid_of(id: &str, ty: &str) -> bool {
    id.strip_prefix(ty).and_then(|r| r.strip_prefix("--")).is_some_and(|u| {
        let parts: Vec<&str> = u.split('-').collect();
        parts.iter().map(|x| x.len()).eq([8, 4, 4, 4, 12])
            && parts.iter().all(|x| x.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    })
}

fn objects_of<'a>(bundle: &'a Value, ty: &str) -> Vec<&'a Value> {
    bundle["objects"].as_array().unwrap().iter().filter(|o| o["type"] == ty).collect()
}

#[test]
fn stix_bundles_follow_the_specification_and_keep_their_ids_across_builds() {
    let site = fixture();
    site.write("content/actors/iran.md", "---\ntitle: Iran\nextra: {actor_type: state}\n---\nA state.\n");
    site.write("content/actors/oman.md", "---\ntitle: Oman\nextra: {actor_type: intrusion-set}\n---\nSay.\n");
    site.write("content/regions/gulf.md", "---\ntitle: Gulf\nextra: {country: AE}\n---\nThe Gulf.\n");
    site.brief("briefs/amber.md", "title: Amber one\ndate: 2025-06-01\nregion: Levant\ntlp: AMBER", "Body.\n");
    site.build_ok(&["--max-tlp", "AMBER"]);
    let out = site.path("public");
    let all = json(&out, "stix/bundle.json");
    assert_eq!(stix_problems(&all), Vec::<String>::new());
    let reports = objects_of(&all, "report");
    assert_eq!(reports.len(), 5, "one report per published brief (both AMBER ones too)");
    let new = reports.iter().find(|r| r["name"] == "Talks, \"round\" two").unwrap();
    assert_eq!(new["description"], "Talks resumed.", "the BLUF describes the report");
    assert_eq!(new["published"], "2026-02-01T05:30:00.000Z");
    assert_eq!(new["modified"], "2026-02-03T00:00:00.000Z");
    assert_eq!(new["labels"], serde_json::json!(["diplomacy"]));
    assert_eq!(new["confidence"], 50);
    assert_eq!(
        new["object_marking_refs"],
        serde_json::json!(["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"])
    );
    let refs = new["external_references"].as_array().unwrap();
    assert_eq!(refs[0]["url"], format!("{BASE}briefs/new/"));
    assert_eq!(
        refs[1],
        serde_json::json!({"source_name": "IAEA", "description": "IAEA report", "url": "https://iaea.org/r"})
    );
    let notes = objects_of(&all, "note");
    assert_eq!(
        notes.iter().map(|n| n["content"].as_str().unwrap()).collect::<Vec<_>>(),
        ["Iran wants time.", "Oman stays neutral."]
    );
    assert!(notes.iter().all(|n| n["object_refs"][0] == new["id"]));
    // The brief's confidence, unless the judgment gives its own; its likelihood as a label.
    assert_eq!((notes[0]["confidence"].as_u64(), notes[1]["confidence"].as_u64()), (Some(50), Some(85)));
    assert_eq!(notes[1]["labels"], serde_json::json!(["likelihood-very-likely"]));
    let by_name = |ty: &str, name: &str| objects_of(&all, ty).into_iter().find(|o| o["name"] == name).cloned();
    assert_eq!(by_name("identity", "Iran").unwrap()["sectors"], serde_json::json!(["government-national"]));
    assert!(by_name("intrusion-set", "Oman").is_some());
    assert_eq!(by_name("location", "Gulf").unwrap()["country"], "AE");
    assert_eq!(by_name("location", "Levant").unwrap()["region"], "levant", "no country is guessed");
    let amber = reports.iter().find(|r| r["name"] == "Amber one").unwrap();
    let amber_def = objects_of(&all, "marking-definition").into_iter().find(|m| m["name"] == "TLP:AMBER").unwrap();
    assert_eq!(amber["object_marking_refs"][0], amber_def["id"]);
    assert_eq!(amber_def["id"], "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
    // A brief's own bundle is valid alone and names its objects as the site's does.
    let one = json(&out, "briefs/new/stix.json");
    assert_eq!(stix_problems(&one), Vec::<String>::new());
    for o in one["objects"].as_array().unwrap() {
        let same = all["objects"].as_array().unwrap().iter().find(|x| x["id"] == o["id"]);
        assert_eq!(same, Some(o), "{} differs between the bundles", o["id"]);
    }
    // Built again, the same ids; under another base URL, other ids.
    let ids =
        |v: &Value| -> Vec<String> { v["objects"].as_array().unwrap().iter().map(|o| o["id"].to_string()).collect() };
    site.build_ok(&["--max-tlp", "AMBER"]);
    assert_eq!(ids(&json(&out, "stix/bundle.json")), ids(&all));
    site.build_ok(&["--max-tlp", "AMBER", "--base-url", "https://other.example/"]);
    let moved = ids(&json(&out, "stix/bundle.json"));
    let (reports_before, reports_after): (Vec<_>, Vec<_>) = (
        ids(&all).into_iter().filter(|i| i.contains("report--")).collect(),
        moved.iter().filter(|i| i.contains("report--")).cloned().collect(),
    );
    assert!(reports_before.iter().all(|r| !reports_after.contains(r)), "another site, other ids");
    // Held-back briefs are in no bundle, and a CLEAR build leaves the AMBER brief out.
    site.build_ok(&[]);
    let clear = read(&out, "stix/bundle.json");
    assert!(!clear.contains("zqd") && !clear.contains("zqa") && !clear.contains("Amber one"));
    assert!(!out.join("briefs/amber/stix.json").exists());
}

#[test]
fn an_unknown_actor_type_or_country_is_an_error_at_its_file() {
    let site = Site::new();
    site.brief("briefs/a.md", "title: A\ndate: 2026-01-01\nregion: Gulf\nactors: [Iran]", "A.\n");
    site.write("content/actors/iran.md", "---\ntitle: Iran\nextra: {actor_type: country}\n---\nx\n");
    site.write("content/regions/gulf.md", "---\ntitle: Gulf\nextra: {country: Gulf}\n---\nx\n");
    let r = site.build_err();
    assert!(r.stderr.contains("`extra.actor_type` is \"country\", which is not a kind of actor"), "{r:?}");
    assert!(r.stderr.contains("content/actors/iran.md"), "{r:?}");
    assert!(r.stderr.contains("`extra.country` is \"Gulf\", not an ISO 3166-1 alpha-2 code"), "{r:?}");
    assert!(r.stderr.contains("content/regions/gulf.md"), "{r:?}");
}
