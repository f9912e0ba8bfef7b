//! The JSON exports of the briefs' records (`view::record`): `briefs.json` (a header, then every
//! record), each brief's `index.json` beside its page, and `briefs.ndjson` (one record a line).
//! Each record is serialised once per build and copied as bytes into all three.

use serde::Serialize;

use crate::model::site::Site;
use crate::view::GENERATOR;

/// Format version of `briefs.json` and `index.json`; bumped on incompatible changes.
pub const VERSION: u32 = crate::model::pages::DATA_VERSION;

#[derive(Serialize)]
struct Header<'a> {
    version: u32,
    generator: &'static str,
    site: SiteInfo<'a>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
}

/// The export: a header, then every brief's record, newest first. Made in a buffer of its
/// final size: it runs to tens of megabytes, and a growing one would hold twice that at its
/// last doubling, at the build's busiest moment.
pub fn assemble<'a>(site: &Site, records: impl ExactSizeIterator<Item = &'a [u8]> + Clone) -> Vec<u8> {
    let c = &site.config;
    let header = Header {
        version: VERSION,
        generator: GENERATOR,
        site: SiteInfo { title: &c.title, description: &c.description, base_url: &c.base_url, language: &c.language },
    };
    let head = serde_json::to_vec(&header).expect("JSON of strings");
    let mut v = Vec::with_capacity(head.len() + 16 + records.clone().map(|r| r.len() + 1).sum::<usize>());
    v.extend_from_slice(&head[..head.len() - 1]); // the closing brace: the briefs follow
    v.extend_from_slice(b",\"briefs\":[");
    for (i, r) in records.enumerate() {
        if i > 0 {
            v.push(b',');
        }
        v.extend_from_slice(r);
    }
    v.extend_from_slice(b"]}\n");
    v
}

/// A brief's `index.json`: the format's version and the brief's record.
pub fn index(record: &[u8]) -> Vec<u8> {
    let head = format!("{{\"version\":{VERSION},\"brief\":");
    let mut v = Vec::with_capacity(head.len() + record.len() + 2);
    v.extend_from_slice(head.as_bytes());
    v.extend_from_slice(record);
    v.extend_from_slice(b"}\n");
    v
}

/// `briefs.ndjson`: every record on a line of its own, newest first. A record is compact JSON,
/// in which a line break can only be escaped, so each line is exactly one record. Made in a
/// buffer of its final size, as `assemble` is.
pub fn ndjson<'a>(records: impl ExactSizeIterator<Item = &'a [u8]> + Clone) -> Vec<u8> {
    let mut v = Vec::with_capacity(records.clone().map(|r| r.len() + 1).sum());
    for r in records {
        v.extend_from_slice(r);
        v.push(b'\n');
    }
    v
}
