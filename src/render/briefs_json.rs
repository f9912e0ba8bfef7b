//! `briefs.json`: every brief's metadata and URL, a stable export for other teams' tools.

use serde::Serialize;

use crate::model::site::Site;
use crate::view::GENERATOR;

/// Format version of `briefs.json`; bumped on incompatible changes.
pub const VERSION: u32 = 1;

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

/// The export: a header, then every brief's record, newest first.
pub fn assemble<'a>(site: &Site, records: impl ExactSizeIterator<Item = &'a [u8]>) -> Vec<u8> {
    let c = &site.config;
    let header = Header {
        version: VERSION,
        generator: GENERATOR,
        site: SiteInfo { title: &c.title, description: &c.description, base_url: &c.base_url, language: &c.language },
    };
    let mut v = serde_json::to_vec(&header).expect("JSON of strings");
    v.pop(); // the closing brace: the briefs follow
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
