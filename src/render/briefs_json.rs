//! The JSON exports of the briefs' records (`view::record`): `briefs.json` (a header, then every
//! record), each brief's `index.json` beside its page, and `briefs.ndjson` (one record a line).
//! Each record is serialised once per build and copied as bytes into all three.

use std::sync::Arc;

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

/// The export: a header, then every brief's record, newest first; in pieces that share the
/// records (`Contents::Pieces`): it runs to tens of megabytes, hundreds on a large archive.
pub fn assemble_pieces(site: &Site, records: &[Arc<[u8]>]) -> Vec<Arc<[u8]>> {
    let c = &site.config;
    let header = Header {
        version: VERSION,
        generator: GENERATOR,
        site: SiteInfo { title: &c.title, description: &c.description, base_url: &c.base_url, language: &c.language },
    };
    let mut head = serde_json::to_vec(&header).expect("JSON of strings");
    head.pop(); // the closing brace: the briefs follow
    head.extend_from_slice(b",\"briefs\":[");
    let comma: Arc<[u8]> = Arc::from(&b","[..]);
    let mut out = Vec::with_capacity(2 * records.len() + 2);
    out.push(Arc::from(head));
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            out.push(Arc::clone(&comma));
        }
        out.push(Arc::clone(r));
    }
    out.push(Arc::from(&b"]}\n"[..]));
    out
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
/// in which a line break can only be escaped, so each line is exactly one record. In pieces
/// that share the records, as `assemble_pieces` is.
pub fn ndjson_pieces(records: &[Arc<[u8]>]) -> Vec<Arc<[u8]>> {
    let newline: Arc<[u8]> = Arc::from(&b"\n"[..]);
    records.iter().flat_map(|r| [Arc::clone(r), Arc::clone(&newline)]).collect()
}
