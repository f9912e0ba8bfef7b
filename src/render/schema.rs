//! The JSON Schemas (draft 2020-12) published with the site: `/schema/briefs.v1.json` for
//! `briefs.json` and `/schema/brief.v1.json` for each brief's `index.json`. Both are made from
//! one definition of a brief's record (`schema/brief.json`, beside this file), which names
//! every member a record has and forbids any other: a member added to `view::record` without
//! its property here makes the export fail validation, and the tests say so.

use serde_json::{Map, Value, json};

use crate::model::Site;
use crate::model::pages::{Page, SchemaDoc};

/// The record's definitions: `brief` and the pieces it refers to, as `#/$defs/…`.
const DEFS: &str = include_str!("schema/brief.json");

/// The record's definitions, parsed.
pub fn defs() -> Map<String, Value> {
    serde_json::from_str(DEFS).expect("the built-in schema is JSON")
}

/// The record's members, in order: the columns of the CSV.
pub fn record_members() -> Vec<String> {
    let defs = defs();
    defs["brief"]["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

/// The schema document, with its `$id` at the site's address.
pub fn document(site: &Site, which: SchemaDoc) -> Value {
    let version = crate::model::pages::DATA_VERSION;
    let (title, required, properties) = match which {
        SchemaDoc::Briefs => (
            "dossier briefs.json",
            json!(["version", "generator", "site", "briefs"]),
            json!({
                "version": { "const": version },
                "generator": { "type": "string" },
                "site": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["title", "description", "base_url", "language"],
                    "properties": {
                        "title": { "type": "string" },
                        "description": { "type": "string" },
                        "base_url": { "type": "string" },
                        "language": { "type": "string" }
                    }
                },
                "briefs": { "type": "array", "items": { "$ref": "#/$defs/brief" } }
            }),
        ),
        SchemaDoc::Brief => (
            "dossier brief index.json",
            json!(["version", "brief"]),
            json!({ "version": { "const": version }, "brief": { "$ref": "#/$defs/brief" } }),
        ),
    };
    let mut doc = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
        "$defs": defs(),
    });
    // `$id` must be an absolute URI: a site without a scheme and host in its base URL has none.
    if crate::render::feed::origin(&site.config.base_url).is_some() {
        let id = format!("{}{}", site.config.base_url, Page::Schema(which).url(site));
        doc["$id"] = Value::String(id);
    }
    doc
}

/// The schema file's bytes.
pub fn render(site: &Site, which: SchemaDoc) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(&document(site, which)).expect("JSON");
    v.push(b'\n');
    v
}
